/* The seat's sync client against a real gridwatchd on 127.0.0.1: the snapshot, the live
 * feed between two seats and the catch-up of a seat that was closed, commands refused
 * before they enter the outbox, the outbox across a dead server, refusals, a crash in the
 * middle of a replay, and a snapshot resumed after an interruption. Each seat is its own
 * SQLite file behind a GwStore, driven by the main loop; no wait lasts more than 20 s. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"

#define NOW     1795276800  /* 2026-11-22T00:00:00+08:00 */
#define STREET  "500223001"
#define PATIENCE 20         /* seconds any one wait may take (twenty times that under valgrind) */

static char *tmpdir;
static int patience = PATIENCE;
static char *db_path;
static GPid server_pid;
static guint port;

/* The main loop, for a while ------------------------------------------------------------- */

static gboolean
on_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, on_quit, loop);
  g_main_loop_run (loop);
}

/* Runs the main loop until expr holds; a test never hangs. */
#define WAIT_UNTIL(expr)                                                                     \
  G_STMT_START {                                                                             \
    gint64 _deadline = g_get_monotonic_time () + patience * G_USEC_PER_SEC;                  \
    while (!(expr))                                                                          \
      {                                                                                      \
        if (g_get_monotonic_time () > _deadline)                                             \
          g_error ("%s:%d: waited %d s in vain for %s", __FILE__, __LINE__, patience, #expr); \
        run_for (10);                                                                        \
      }                                                                                      \
  } G_STMT_END

/* The server ---------------------------------------------------------------------------- */

static GwTestServer server;

static void
start_server_simulating (guint       want,
                         const char *simulate)
{
  const char *extra[] = { simulate ? "--simulate" : NULL, simulate, NULL };

  gw_test_server_start (&server, db_path, want, extra);
  server_pid = server.pid;
  port = server.port;
}

static void
start_server (guint want)
{
  start_server_simulating (want, NULL);
}

static void
kill_server (int sig)
{
  gw_test_server_stop (&server, sig);
  server_pid = 0;
}

/* One number from the server's database (read beside the running server: WAL). */
static gint64
server_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Ticket ids from the server's database. */
static GArray *
server_ids (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static gint64
audit_count (gint64 ticket_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE ticket_id = %" G_GINT64_FORMAT, ticket_id);
  return server_int (sql);
}

/* Open tickets of the street a street officer may supervise, newest first. */
static GArray *
supervisable (guint n)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.street_id"
      " WHERE d.code = '" STREET "' AND t.level <> 'district'"
      " AND t.state NOT IN ('closed', 'rejected', 'suspended') ORDER BY t.id DESC LIMIT %u", n);
  GArray *ids = server_ids (sql);

  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static void
setup_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;

  db_path = g_build_filename (tmpdir, "server.db", NULL);
  db = gw_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, NOW, NULL, NULL, &error));
  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER, STREET, NULL, "password-1", &error));
  g_assert_true (gw_accounts_add_user (db, "officer1b", "梓潼副班员", GW_ROLE_STREET_OFFICER, STREET, NULL, "password-1b", &error));
  g_assert_no_error (error);
}

/* Seats ------------------------------------------------------------------------------- */

typedef struct {
  char         *path;
  GwStore      *store;
  GwSyncClient *client;
  GHashTable   *changed;     /* ticket id -> monotonic time of the last "ticket-changed" */
  GHashTable   *done;        /* command id -> TRUE */
  GHashTable   *refused;     /* command id -> message */
  guint         pages;
  gboolean      stop_after_first_page;
} Seat;

typedef struct {
  gboolean  done;
  GError   *error;
} Opening;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opening *o = user_data;

  gw_store_open_finish (GW_STORE (object), result, &o->error);
  o->done = TRUE;
}

static void
on_ticket_changed (GwSyncClient *client,
                   gint64        id,
                   Seat         *seat)
{
  g_hash_table_insert (seat->changed, g_memdup2 (&id, sizeof id),
                       g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
}

static void
on_command_done (GwSyncClient *client,
                 const char   *command_id,
                 gint64        ticket_id,
                 Seat         *seat)
{
  g_assert_false (g_hash_table_contains (seat->done, command_id));  /* answered once */
  g_hash_table_add (seat->done, g_strdup (command_id));
}

static void
on_command_refused (GwSyncClient *client,
                    const char   *command_id,
                    gint64        ticket_id,
                    const char   *message,
                    Seat         *seat)
{
  g_hash_table_insert (seat->refused, g_strdup (command_id), g_strdup (message));
}

static void
on_snapshot_page (GwSyncClient *client,
                  guint         n_tickets,
                  gboolean      last,
                  Seat         *seat)
{
  seat->pages++;
  if (seat->stop_after_first_page)
    gw_sync_client_stop (client);
}

static void
seat_attach_client (Seat  *seat,
                    guint  page_size)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);

  seat->client = gw_sync_client_new (seat->store, uri);
  if (page_size)
    gw_sync_client_set_page_size (seat->client, page_size);
  g_signal_connect (seat->client, "ticket-changed", G_CALLBACK (on_ticket_changed), seat);
  g_signal_connect (seat->client, "command-done", G_CALLBACK (on_command_done), seat);
  g_signal_connect (seat->client, "command-refused", G_CALLBACK (on_command_refused), seat);
  g_signal_connect (seat->client, "snapshot-page", G_CALLBACK (on_snapshot_page), seat);
}

static void
seat_detach_client (Seat *seat)
{
  g_signal_handlers_disconnect_by_data (seat->client, seat);
  gw_sync_client_stop (seat->client);
  g_clear_object (&seat->client);
}

static Seat *
seat_new (const char *name,
          guint       page_size)
{
  Seat *seat = g_new0 (Seat, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  Opening opening = { FALSE, NULL };

  seat->path = g_build_filename (tmpdir, file, NULL);
  seat->store = gw_store_new ();
  seat->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  seat->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seat->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gw_store_open_async (seat->store, seat->path, NULL, on_opened, &opening);
  WAIT_UNTIL (opening.done);
  g_assert_no_error (opening.error);
  seat_attach_client (seat, page_size);
  return seat;
}

static void
seat_free (Seat *seat)
{
  if (seat == NULL)
    return;
  if (seat->client)
    seat_detach_client (seat);
  gw_store_close (seat->store);
  g_object_unref (seat->store);
  g_hash_table_unref (seat->changed);
  g_hash_table_unref (seat->done);
  g_hash_table_unref (seat->refused);
  g_free (seat->path);
  g_free (seat);
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  int *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
  *state = 1;
}

static void
seat_sign_in (Seat       *seat,
              const char *username,
              const char *password)
{
  int state = 0;

  gw_sync_client_sign_in_async (seat->client, username, password, NULL, on_signed_in, &state);
  WAIT_UNTIL (state == 1);
}

typedef struct {
  char    *sql;
  gboolean text;
} Query;

static gpointer
query_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Query *q = data;
  sqlite3_stmt *stmt = NULL;
  gpointer result;

  if (sqlite3_prepare_v2 (gw_db_get_handle (db), q->sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
      return NULL;
    }
  if (q->text)
    result = g_strdup (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0)
                       ? (const char *) sqlite3_column_text (stmt, 0) : "");
  else
    result = g_memdup2 (&(gint64) { sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1 },
                        sizeof (gint64));
  sqlite3_finalize (stmt);
  return result;
}

static void
query_free (Query *q)
{
  g_free (q->sql);
  g_free (q);
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gpointer *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gw_store_run_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* One value from a seat's database, through its store (in order with the client's work). */
static gpointer
seat_query (Seat       *seat,
            const char *sql,
            gboolean    text)
{
  Query *q = g_new0 (Query, 1);
  gpointer out = NULL;

  q->sql = g_strdup (sql);
  q->text = text;
  gw_store_run_async (seat->store, query_func, q, (GDestroyNotify) query_free, g_free, NULL, on_query_done, &out);
  WAIT_UNTIL (out != NULL);
  return out;
}

static gint64
seat_int (Seat       *seat,
          const char *sql)
{
  g_autofree gint64 *v = seat_query (seat, sql, FALSE);
  return *v;
}

static char *
seat_text (Seat       *seat,
           const char *sql)
{
  return seat_query (seat, sql, TRUE);
}

static void
on_submitted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gw_sync_client_submit_finish (GW_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* Submits a command and waits until it is in the outbox; returns its command id. */
static char *
seat_submit (Seat       *seat,
             const char *action,
             gint64      ticket_id,
             const char *reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) command = NULL;
  char *command_id = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  json_builder_set_member_name (b, "ticket_id");
  json_builder_add_int_value (b, ticket_id);
  if (reason)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  json_builder_end_object (b);
  command = json_builder_get_root (b);
  gw_sync_client_submit_async (seat->client, command, NULL, on_submitted, &command_id);
  WAIT_UNTIL (command_id != NULL);
  return command_id;
}

static gboolean
seat_online (Seat *seat)
{
  return gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_ONLINE;
}

/* Tickets of the street on the server: what a street officer's seat must hold. */
static gint64
server_street_tickets (void)
{
  return server_int ("SELECT count(*) FROM tickets t JOIN divisions d ON d.id = t.division_id"
                     " WHERE d.code LIKE '" STREET "%'");
}

/* The tests ---------------------------------------------------------------------------- */

static Seat *seat_a;   /* officer1's seat, shared by the tests that follow the first */

static void
test_snapshot (void)
{
  gint64 t0 = g_get_monotonic_time ();
  gint64 expected = server_street_tickets ();
  g_autofree char *after = NULL;

  seat_a = seat_new ("seat-a", 0);
  /* Not signed in: a started client says so. */
  gw_sync_client_start (seat_a->client);
  WAIT_UNTIL (gw_sync_client_get_state (seat_a->client) == GW_SYNC_STATE_SIGNED_OUT);
  seat_sign_in (seat_a, "officer1", "password-1");
  WAIT_UNTIL (seat_online (seat_a));
  g_test_message ("snapshot of %" G_GINT64_FORMAT " tickets in %u pages, online after %.0f ms",
                  expected, seat_a->pages, (g_get_monotonic_time () - t0) / 1000.0);

  g_assert_cmpint (expected, >, 500);
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM tickets"), ==, expected);
  /* Exactly the street: every ticket's finest division lies in it. */
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM tickets t JOIN divisions d ON d.id = t.division_id"
                                     " WHERE d.code LIKE '" STREET "%'"), ==, expected);
  /* The county's divisions, boundaries included, and its departments. */
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM divisions"), ==,
                   server_int ("SELECT count(*) FROM divisions"));
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM divisions WHERE geometry IS NOT NULL"), ==,
                   server_int ("SELECT count(*) FROM divisions WHERE geometry IS NOT NULL"));
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM departments"), ==,
                   server_int ("SELECT count(*) FROM departments"));
  /* The snapshot is complete and the seat knows where the change log stands. */
  after = seat_text (seat_a, "SELECT value FROM meta WHERE key = 'sync_after'");
  g_assert_cmpstr (after, ==, "");
  g_assert_cmpint (gw_sync_client_get_last_seq (seat_a->client), ==,
                   seat_int (seat_a, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync_seq'"));
  g_assert_cmpint (gw_sync_client_get_last_seq (seat_a->client), ==,
                   server_int ("SELECT coalesce(max(seq), 0) FROM changes"));
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 0);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

#define ROUNDS 5

static void
test_live (void)
{
  Seat *seat_b = seat_new ("seat-b", 0);
  g_autoptr(GArray) ids = supervisable (1);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autofree char *command_id = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT supervise_count FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  gint64 before = seat_int (seat_a, sql);
  double done_ms[ROUNDS], feed_ms[ROUNDS];
  gint64 t0, *seen;

  g_assert_true (seat_online (seat_a));
  seat_sign_in (seat_b, "officer1b", "password-1b");
  gw_sync_client_start (seat_b->client);
  WAIT_UNTIL (seat_online (seat_b));

  /* Seat B supervises a ticket of the street; seat A hears of it on the live feed. Five
   * rounds, one at a time, for the latency. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_hash_table_remove (seat_a->changed, &id);
      g_free (command_id);
      t0 = g_get_monotonic_time ();
      command_id = seat_submit (seat_b, "supervise", id, "群众多次来电，请加快处置");
      WAIT_UNTIL (g_hash_table_contains (seat_b->done, command_id));
      done_ms[round] = (g_get_monotonic_time () - t0) / 1000.0;
      WAIT_UNTIL (g_hash_table_contains (seat_a->changed, &id));
      seen = g_hash_table_lookup (seat_a->changed, &id);
      feed_ms[round] = (*seen - t0) / 1000.0;
      g_assert_cmpfloat (feed_ms[round], <, 5000.0);
    }
  qsort (done_ms, ROUNDS, sizeof (double), compare_doubles);
  qsort (feed_ms, ROUNDS, sizeof (double), compare_doubles);
  g_test_message ("seat B submit to its command-done: median %.1f ms, max %.1f ms", done_ms[ROUNDS / 2], done_ms[ROUNDS - 1]);
  g_test_message ("seat B submit to seat A's database (live feed): median %.1f ms, max %.1f ms",
                  feed_ms[ROUNDS / 2], feed_ms[ROUNDS - 1]);
  g_assert_cmpint (seat_int (seat_a, sql), ==, before + ROUNDS);
  g_assert_cmpint (seat_int (seat_b, sql), ==, before + ROUNDS);
  g_assert_cmpint (gw_sync_client_get_last_seq (seat_a->client), ==, gw_sync_client_get_last_seq (seat_b->client));
  g_assert_cmpuint (gw_sync_client_get_pending (seat_b->client), ==, 0);

  /* Seat A is closed while seat B works on: when it starts again it catches up over REST. */
  gw_sync_client_stop (seat_a->client);
  g_hash_table_remove (seat_a->changed, &id);
  g_free (command_id);
  command_id = seat_submit (seat_b, "supervise", id, "再次督办");
  WAIT_UNTIL (g_hash_table_contains (seat_b->done, command_id));
  run_for (200);
  g_assert_false (g_hash_table_contains (seat_a->changed, &id));
  g_assert_cmpint (seat_int (seat_a, sql), ==, before + ROUNDS);
  gw_sync_client_start (seat_a->client);
  WAIT_UNTIL (seat_online (seat_a));
  g_assert_true (g_hash_table_contains (seat_a->changed, &id));
  g_assert_cmpint (seat_int (seat_a, sql), ==, before + ROUNDS + 1);
  g_assert_cmpint (gw_sync_client_get_last_seq (seat_a->client), ==, gw_sync_client_get_last_seq (seat_b->client));
  seat_free (seat_b);
}

static void
on_submit_refused (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **out = user_data;
  g_autofree char *command_id = gw_sync_client_submit_finish (GW_SYNC_CLIENT (object), result, out);

  g_assert_null (command_id);
}

/* A command the seat cannot send is the caller's error at once, and stays out of the outbox. */
static void
test_invalid_command (void)
{
  static const char *const bad[] = {
    "{\"action\":\"supervise\"}",
    "{\"action\":\"supervise\",\"ticket_id\":1,\"command_id\":\"mine-0001\"}",
    "{\"action\":\"supervise\",\"ticket_id\":\"12\"}",
    "[1, 2]",
  };
  gint64 before = seat_int (seat_a, "SELECT count(*) FROM outbox");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      GError *error = NULL;

      gw_sync_client_submit_async (seat_a->client, node, NULL, on_submit_refused, &error);
      WAIT_UNTIL (error != NULL);
      g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
      g_test_message ("%s: %s", bad[i], error->message);
      g_error_free (error);
    }
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM outbox"), ==, before);
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 0);
}

static void
test_offline (void)
{
  g_autoptr(GArray) ids = supervisable (20);
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
  gint64 before[20];
  guint done_before = g_hash_table_size (seat_a->done);
  guint server_port = port;
  gint64 t0;

  for (guint i = 0; i < ids->len; i++)
    before[i] = audit_count (g_array_index (ids, gint64, i));
  g_assert_true (seat_online (seat_a));

  /* The server dies: the seat is offline, not in error. */
  kill_server (SIGKILL);
  WAIT_UNTIL (gw_sync_client_get_state (seat_a->client) == GW_SYNC_STATE_OFFLINE);

  /* The officer keeps working: twenty actions, each committed to the outbox. */
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (commands, seat_submit (seat_a, "supervise", g_array_index (ids, gint64, i), "离线督办"));
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 20);
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 20);
  g_assert_cmpint (gw_sync_client_get_state (seat_a->client), ==, GW_SYNC_STATE_OFFLINE);
  run_for (300);
  g_assert_cmpint (gw_sync_client_get_state (seat_a->client), ==, GW_SYNC_STATE_OFFLINE);

  /* Back on the same port: the seat reconnects by itself and replays. */
  start_server (server_port);
  g_assert_cmpuint (port, ==, server_port);
  t0 = g_get_monotonic_time ();
  WAIT_UNTIL (gw_sync_client_get_pending (seat_a->client) == 0);
  g_test_message ("server back to outbox empty (20 commands): %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (g_hash_table_size (seat_a->done), ==, done_before + 20);
  for (guint i = 0; i < commands->len; i++)
    g_assert_true (g_hash_table_contains (seat_a->done, g_ptr_array_index (commands, i)));
  /* Applied once each. */
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (audit_count (g_array_index (ids, gint64, i)), ==, before[i] + 1);
  g_assert_cmpint (seat_int (seat_a, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 0);
  WAIT_UNTIL (seat_online (seat_a));
}

static void
test_refused (void)
{
  g_autoptr(GArray) open_ids = supervisable (2);
  g_autoptr(GArray) closed = server_ids ("SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.street_id"
                                         " WHERE d.code = '" STREET "' AND t.state = 'closed' LIMIT 1");
  g_autofree char *first = NULL, *refused = NULL, *last = NULL, *stored = NULL, *sql = NULL;
  const char *message;

  g_assert_cmpuint (closed->len, ==, 1);
  g_assert_true (seat_online (seat_a));
  first = seat_submit (seat_a, "supervise", g_array_index (open_ids, gint64, 0), "催办");
  refused = seat_submit (seat_a, "sign", g_array_index (closed, gint64, 0), NULL);
  last = seat_submit (seat_a, "supervise", g_array_index (open_ids, gint64, 1), "催办");
  WAIT_UNTIL (gw_sync_client_get_pending (seat_a->client) == 0);

  g_assert_true (g_hash_table_contains (seat_a->done, first));
  g_assert_true (g_hash_table_contains (seat_a->done, last));
  message = g_hash_table_lookup (seat_a->refused, refused);
  g_assert_nonnull (message);
  g_test_message ("refused: %s", message);
  g_assert_nonnull (strstr (message, "closed"));
  sql = g_strdup_printf ("SELECT state || ': ' || message FROM outbox WHERE command_id = '%s'", refused);
  stored = seat_text (seat_a, sql);
  g_assert_true (g_str_has_prefix (stored, "refused: "));
  g_assert_cmpstr (stored + strlen ("refused: "), ==, message);
}

static void
test_crash_during_replay (void)
{
  g_autoptr(GArray) ids = supervisable (10);
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
  gint64 before[10];
  gint64 commands_before = server_int ("SELECT count(*) FROM commands");
  guint done_before = g_hash_table_size (seat_a->done);
  guint server_port = port;

  for (guint i = 0; i < ids->len; i++)
    before[i] = audit_count (g_array_index (ids, gint64, i));
  kill_server (SIGKILL);
  WAIT_UNTIL (gw_sync_client_get_state (seat_a->client) == GW_SYNC_STATE_OFFLINE);
  for (guint i = 0; i < 50; i++)
    g_ptr_array_add (commands, seat_submit (seat_a, "supervise", g_array_index (ids, gint64, i % 10), "反复督办"));
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 50);

  /* The replay starts; the server is killed in the middle of it. */
  start_server (server_port);
  WAIT_UNTIL (g_hash_table_size (seat_a->done) >= done_before + 5);
  kill_server (SIGKILL);
  g_test_message ("server killed after %u of 50 answers", g_hash_table_size (seat_a->done) - done_before);
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), >, 0);
  WAIT_UNTIL (gw_sync_client_get_state (seat_a->client) == GW_SYNC_STATE_OFFLINE);

  start_server (server_port);
  WAIT_UNTIL (gw_sync_client_get_pending (seat_a->client) == 0);
  /* Nothing lost, nothing applied twice. */
  g_assert_cmpuint (g_hash_table_size (seat_a->done), ==, done_before + 50);
  for (guint i = 0; i < commands->len; i++)
    g_assert_true (g_hash_table_contains (seat_a->done, g_ptr_array_index (commands, i)));
  g_assert_cmpint (server_int ("SELECT count(*) FROM commands"), ==, commands_before + 50);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (audit_count (g_array_index (ids, gint64, i)), ==, before[i] + 5);
  WAIT_UNTIL (seat_online (seat_a));
}

/* The street's tickets as "id:state:updated_at:supervise_count", in id order. */
#define STREET_DIGEST_SQL \
  "SELECT count(*) || '|' || coalesce(group_concat(x, ','), '') FROM (" \
  " SELECT t.id || ':' || t.state || ':' || t.updated_at || ':' || t.supervise_count AS x" \
  " FROM tickets t JOIN divisions d ON d.id = t.division_id" \
  " WHERE d.code LIKE '" STREET "%' ORDER BY t.id)"

static char *
server_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* A county busy with events (the simulator, a hundred a second): frames, gaps and
 * catch-ups interleave; once the server is quiet again the seat holds exactly the server's
 * tickets of its street. */
static void
test_stream (void)
{
  guint server_port = port;
  gint64 seq_before = gw_sync_client_get_last_seq (seat_a->client);
  g_autofree char *expected = NULL, *held = NULL;

  g_assert_true (seat_online (seat_a));
  kill_server (SIGTERM);
  start_server_simulating (server_port, "6000");
  WAIT_UNTIL (seat_online (seat_a));
  run_for (3000);
  g_assert_true (seat_online (seat_a));
  g_test_message ("seat followed %" G_GINT64_FORMAT " changes of the busy county",
                  gw_sync_client_get_last_seq (seat_a->client) - seq_before);
  g_assert_cmpint (gw_sync_client_get_last_seq (seat_a->client), >, seq_before + 50);

  /* Quiet again: the seat converges on the server's content. */
  kill_server (SIGTERM);
  start_server (server_port);
  WAIT_UNTIL (seat_online (seat_a) &&
              gw_sync_client_get_last_seq (seat_a->client) == server_int ("SELECT max(seq) FROM changes"));
  expected = server_text (STREET_DIGEST_SQL);
  held = seat_text (seat_a, STREET_DIGEST_SQL);
  g_test_message ("street after the stream: %.*s tickets", (int) strcspn (expected, "|"), expected);
  g_assert_cmpstr (held, ==, expected);
}

static void
test_resume_snapshot (void)
{
  Seat *seat = seat_new ("seat-f", 200);
  gint64 expected = server_street_tickets ();
  g_autofree char *after = NULL, *done = NULL;
  guint expected_pages;

  /* The first page is written, then the client stops (the app was closed). */
  seat->stop_after_first_page = TRUE;
  seat_sign_in (seat, "officer1", "password-1");
  gw_sync_client_start (seat->client);
  WAIT_UNTIL (seat->pages == 1 && gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_OFFLINE);
  run_for (300);
  g_assert_cmpuint (seat->pages, ==, 1);
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM tickets"), ==, 200);
  after = seat_text (seat, "SELECT value FROM meta WHERE key = 'sync_after'");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, seat_int (seat, "SELECT max(id) FROM tickets"));
  seat_detach_client (seat);

  /* A new client on the same seat goes on from there, not from the start. */
  seat->stop_after_first_page = FALSE;
  seat->pages = 0;
  seat_attach_client (seat, 200);
  gw_sync_client_start (seat->client);
  WAIT_UNTIL (seat_online (seat));
  expected_pages = (guint) ((expected - 200) / 200 + 1);
  g_test_message ("resumed: %u more pages", seat->pages);
  g_assert_cmpuint (seat->pages, ==, expected_pages);
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM tickets"), ==, expected);
  done = seat_text (seat, "SELECT value FROM meta WHERE key = 'sync_after'");
  g_assert_cmpstr (done, ==, "");
  g_assert_cmpint (gw_sync_client_get_last_seq (seat->client), ==, server_int ("SELECT coalesce(max(seq), 0) FROM changes"));
  seat_free (seat);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload"))
    patience *= 20;
  tmpdir = g_dir_make_tmp ("gw-test-sync-XXXXXX", NULL);
  setup_database ();
  start_server (0);
  g_test_add_func ("/sync/snapshot", test_snapshot);
  g_test_add_func ("/sync/live", test_live);
  g_test_add_func ("/sync/invalid-command", test_invalid_command);
  g_test_add_func ("/sync/offline", test_offline);
  g_test_add_func ("/sync/refused", test_refused);
  g_test_add_func ("/sync/crash-during-replay", test_crash_during_replay);
  g_test_add_func ("/sync/stream", test_stream);
  g_test_add_func ("/sync/resume-snapshot", test_resume_snapshot);
  ret = g_test_run ();
  seat_free (seat_a);
  if (server_pid)
    kill_server (SIGTERM);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  return ret;
}
