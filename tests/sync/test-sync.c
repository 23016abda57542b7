/* The seat's sync client against a real gridwatchd on 127.0.0.1: the snapshot, the live
 * feed between two seats and the catch-up of a seat that was closed, commands refused
 * before they enter the outbox, the outbox across a dead server, refusals, a crash in the
 * middle of a replay, and a snapshot resumed after an interruption. Each seat is its own
 * SQLite file behind a GwStore, driven by the main loop; no wait lasts more than 20 s. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
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
  gint64        done_ticket; /* the ticket id of the last "command-done" */
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
  seat->done_ticket = ticket_id;
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
  /* A page size asks for the snapshot page by page (the file has no pages). */
  if (page_size)
    gw_sync_client_set_snapshot_file (seat->client, FALSE);
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

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Attached;

static void
on_attached (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Attached *a = data;

  a->ok = gw_sync_client_attach_finish (GW_SYNC_CLIENT (object), result, &a->error);
  a->done = TRUE;
}

/* A camera's frame attached from the seat reaches the server's ticket (with its audit
 * entry); an unknown ticket and bytes that are not the picture they claim are refused in
 * the server's words, and change nothing. */
static void
test_attach (void)
{
  /* The smallest PNG: one grey pixel. */
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
    0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
  };
  g_autoptr(GArray) ids = supervisable (1);
  g_autoptr(GBytes) picture = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a picture", 13);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM attachments WHERE ticket_id = %" G_GINT64_FORMAT, id);
  gint64 before = server_int (count_sql), audit_before = audit_count (id);
  Attached a = { 0 };

  g_assert_true (seat_online (seat_a));
  gw_sync_client_attach_async (seat_a->client, id, "50022300001310000001-20261122-120000.png", "image/png", picture,
                               NULL, on_attached, &a);
  WAIT_UNTIL (a.done);
  g_assert_no_error (a.error);
  g_assert_true (a.ok);
  g_assert_cmpint (server_int (count_sql), ==, before + 1);
  g_assert_cmpint (audit_count (id), ==, audit_before + 1);

  memset (&a, 0, sizeof a);
  gw_sync_client_attach_async (seat_a->client, 999999999, "x.png", "image/png", picture, NULL, on_attached, &a);
  WAIT_UNTIL (a.done);
  g_assert_false (a.ok);
  g_assert_error (a.error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
  g_test_message ("unknown ticket: %s", a.error->message);
  g_clear_error (&a.error);

  memset (&a, 0, sizeof a);
  gw_sync_client_attach_async (seat_a->client, id, "fake.png", "image/png", text, NULL, on_attached, &a);
  WAIT_UNTIL (a.done);
  g_assert_false (a.ok);
  g_assert_error (a.error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
  g_test_message ("not a picture: %s", a.error->message);
  g_clear_error (&a.error);
  g_assert_cmpint (server_int (count_sql), ==, before + 1);
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

/* A point of the street in the demo county (seed 3). */
#define REPORT_LON 105.742569
#define REPORT_LAT 29.978541

/* A phone call taken while the server is away: the report waits in the outbox, is sent
 * once the server is back, and makes one ticket, which reaches the seat; sent again after
 * a lost answer, it makes no second one. */
static void
test_offline_report (void)
{
  static const char *const bad[] = {
    "{\"action\":\"report\",\"ticket_id\":1,\"category\":\"0101\",\"lon\":105.7,\"lat\":29.9,\"description\":\"x\"}",
    "{\"action\":\"report\",\"category\":\"0101\",\"lon\":105.7,\"lat\":29.9,\"description\":\"x\",\"reason\":\"x\"}",
  };
  const char *description = "来电：滨江路12号路边垃圾堆放三天无人清运（离线受理）";
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) command = NULL;
  g_autofree char *command_id = NULL, *sql = NULL, *by_description = NULL, *number = NULL, *seat_number = NULL;
  g_autofree char *state = NULL;
  guint server_port = port;
  gint64 commands_before = server_int ("SELECT count(*) FROM commands");
  gint64 id;

  g_assert_true (seat_online (seat_a));
  /* A report names no ticket and takes only a report's fields. */
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

  kill_server (SIGKILL);
  WAIT_UNTIL (gw_sync_client_get_state (seat_a->client) == GW_SYNC_STATE_OFFLINE);

  /* Offline, the seat takes the report: committed to the outbox, pending. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, "report");
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, "0101");
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, REPORT_LON);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, REPORT_LAT);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, "hotline");
  json_builder_set_member_name (b, "reporter");
  json_builder_add_string_value (b, "王秀英");
  json_builder_end_object (b);
  command = json_builder_get_root (b);
  gw_sync_client_submit_async (seat_a->client, command, NULL, on_submitted, &command_id);
  WAIT_UNTIL (command_id != NULL);
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 1);
  sql = g_strdup_printf ("SELECT state || ':' || coalesce(ticket_id, 'none') FROM outbox WHERE command_id = '%s'",
                         command_id);
  g_free (state);
  state = seat_text (seat_a, sql);
  g_assert_cmpstr (state, ==, "pending:none");
  by_description = g_strdup_printf ("SELECT count(*) FROM tickets WHERE description = '%s'", description);
  g_assert_cmpint (seat_int (seat_a, by_description), ==, 0);
  g_assert_cmpint (server_int (by_description), ==, 0);
  run_for (300);
  g_assert_cmpint (gw_sync_client_get_state (seat_a->client), ==, GW_SYNC_STATE_OFFLINE);

  /* The server is back: sent once, one ticket, and the seat holds it. */
  start_server (server_port);
  WAIT_UNTIL (gw_sync_client_get_pending (seat_a->client) == 0);
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, command_id));
  g_assert_cmpint (server_int (by_description), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT id FROM tickets WHERE description = '%s'", description);
  id = server_int (sql);
  g_assert_cmpint (seat_a->done_ticket, ==, id);
  g_assert_true (g_hash_table_contains (seat_a->changed, &id));
  g_assert_cmpint (seat_int (seat_a, by_description), ==, 1);
  g_assert_cmpint (seat_int (seat_a, sql), ==, id);
  g_free (sql);
  sql = g_strdup_printf ("SELECT number FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  number = server_text (sql);
  seat_number = seat_text (seat_a, sql);
  g_assert_cmpstr (seat_number, ==, number);
  g_assert_cmpint (audit_count (id), ==, 1);
  g_assert_cmpint (server_int ("SELECT count(*) FROM commands"), ==, commands_before + 1);
  WAIT_UNTIL (seat_online (seat_a));

  /* The answer is lost (the seat died before recording it): the entry is pending again,
   * goes again under the same command id, and gets the same ticket back. */
  gw_sync_client_stop (seat_a->client);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE outbox SET state = 'pending', message = NULL WHERE command_id = '%s'", command_id);
  g_free (seat_query (seat_a, sql, FALSE));
  g_hash_table_remove (seat_a->done, command_id);
  seat_a->done_ticket = 0;
  gw_sync_client_start (seat_a->client);
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, command_id));
  WAIT_UNTIL (gw_sync_client_get_pending (seat_a->client) == 0);
  g_assert_cmpint (seat_a->done_ticket, ==, id);
  g_assert_cmpint (server_int (by_description), ==, 1);
  g_assert_cmpint (audit_count (id), ==, 1);
  g_assert_cmpint (server_int ("SELECT count(*) FROM commands"), ==, commands_before + 1);
  g_assert_cmpint (seat_int (seat_a, by_description), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT state FROM outbox WHERE command_id = '%s'", command_id);
  g_free (state);
  state = seat_text (seat_a, sql);
  g_assert_cmpstr (state, ==, "done");
  WAIT_UNTIL (seat_online (seat_a));
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


/* The snapshot file ----------------------------------------------------------------------- */

/* A request to the server outside any seat: the status, the body and the answer's headers. */
static guint
http_request (const char          *method,
              const char          *path,
              const char          *token,
              const char          *json,
              const char *const   *headers,   /* name, value, …, NULL */
              GBytes             **body,
              SoupMessageHeaders **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (h, "Authorization", bearer);
    }
  for (guint i = 0; headers && headers[i]; i += 2)
    soup_message_headers_replace (h, headers[i], headers[i + 1]);
  if (json)
    {
      g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (body)
    *body = g_steal_pointer (&bytes);
  if (answer)
    *answer = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return soup_message_get_status (msg);
}

static char *
server_token (const char *username,
              const char *password)
{
  g_autofree char *json = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (http_request ("POST", "/api/v1/session", NULL, json, NULL, &body, NULL), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

/* The whole snapshot file for a user, and its ETag. */
static GBytes *
fetch_snapshot (const char  *username,
                const char  *password,
                char       **etag)
{
  g_autofree char *token = server_token (username, password);
  g_autoptr(SoupMessageHeaders) answer = NULL;
  GBytes *body = NULL;

  g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", token, NULL, NULL, &body, &answer), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer, NULL), ==, "application/vnd.sqlite3");
  g_assert_cmpint (soup_message_headers_get_content_length (answer), ==, g_bytes_get_size (body));
  if (etag)
    *etag = g_strdup (soup_message_headers_get_one (answer, "ETag"));
  return body;
}

static char *
write_temp (const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static gint64
db_int (GwDb       *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
db_text (GwDb       *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

/* What a street officer's snapshot holds: the street's tickets and nothing secret; what a
 * district center's holds: the whole county. And the HTTP around it: ranges, If-Range,
 * sign-in. */
static void
test_snapshot_contents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL, county = NULL, part = NULL, whole = NULL, refused = NULL;
  g_autoptr(SoupMessageHeaders) answer = NULL;
  g_autofree char *etag = NULL, *path = NULL, *county_path = NULL, *token = NULL, *check = NULL;
  g_autofree char *content_range = NULL;
  g_autoptr(GwDb) db = NULL;
  gint64 seq_before = server_int ("SELECT coalesce(max(seq), 0) FROM changes");
  gsize size;

  file = fetch_snapshot ("officer1", "password-1", &etag);
  size = g_bytes_get_size (file);
  g_assert_nonnull (etag);
  g_test_message ("street snapshot: %" G_GSIZE_FORMAT " bytes, ETag %s", size, etag);
  path = write_temp ("street.snapshot", file);
  db = gw_db_open (path, &error);
  g_assert_no_error (error);

  /* The street, all of it and nothing else. */
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), ==, server_street_tickets ());
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets t LEFT JOIN divisions d ON d.id = t.division_id"
                               " WHERE d.code IS NULL OR d.code NOT LIKE '" STREET "%'"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM cameras c JOIN divisions d ON d.id = c.division_id"
                               " WHERE d.code NOT LIKE '" STREET "%'"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM workers w JOIN divisions d ON d.id = w.grid_id"
                               " WHERE d.code NOT LIKE '" STREET "%'"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM ticket_departments"
                               " WHERE ticket_id NOT IN (SELECT id FROM tickets)"), ==, 0);
  /* Nothing secret, nothing of the server's own. */
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tokens"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM commands"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM audit"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM meta WHERE key = 'audit_head'"), ==, 0);
  /* Whole: the county's divisions and departments, its sequence, every index. */
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM divisions"), ==, server_int ("SELECT count(*) FROM divisions"));
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM departments"), ==, server_int ("SELECT count(*) FROM departments"));
  g_assert_cmpint (db_int (db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'snapshot_seq'"), >=, seq_before);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM ticket_rtree"), ==, db_int (db, "SELECT count(*) FROM tickets"));
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM camera_rtree"), ==, db_int (db, "SELECT count(*) FROM cameras"));
  check = db_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_true (gw_db_exec (db, "INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GArray) fts = gw_db_search_ticket_ids (db, "垃圾", 100000, &error);
    g_autoptr(GArray) like = gw_db_search_ticket_ids_like (db, "垃圾", 100000, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fts->len, >, 0);
    g_assert_cmpuint (fts->len, ==, like->len);
  }
  /* The triggers came back: a ticket written later is indexed and logged. */
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), ==,
                   server_int ("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"));
  g_clear_pointer (&db, gw_db_free);

  /* A district center sees the whole county. */
  db = gw_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_accounts_add_user (db, "center1", "区指挥中心", GW_ROLE_DISTRICT_CENTER, "500223", NULL,
                                       "password-c", &error));
  g_assert_no_error (error);
  g_clear_pointer (&db, gw_db_free);
  county = fetch_snapshot ("center1", "password-c", NULL);
  county_path = write_temp ("county.snapshot", county);
  db = gw_db_open (county_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), ==, server_int ("SELECT count(*) FROM tickets"));
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM cameras"), ==, server_int ("SELECT count(*) FROM cameras"));
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tokens"), ==, 0);
  g_clear_pointer (&db, gw_db_free);

  /* A department handler gets the tickets dispatched or whistled to the department, and no
   * cameras or workers. */
  {
    g_autofree char *department = server_text ("SELECT d.code FROM departments d JOIN tickets t ON t.department_id = d.id"
                                               " GROUP BY d.id ORDER BY count(*) DESC LIMIT 1");
    g_autofree char *count_sql = g_strdup_printf (
        "SELECT count(*) FROM tickets WHERE department_id = (SELECT id FROM departments WHERE code = '%s')"
        " OR id IN (SELECT ticket_id FROM ticket_departments"
        "           WHERE department_id = (SELECT id FROM departments WHERE code = '%s'))", department, department);
    g_autoptr(GBytes) handled = NULL;
    g_autofree char *handled_path = NULL;

    db = gw_db_open (db_path, &error);
    g_assert_no_error (error);
    g_assert_true (gw_accounts_add_user (db, "handler1", "城管处置员", GW_ROLE_DEPARTMENT_HANDLER, NULL, department,
                                         "password-h", &error));
    g_assert_no_error (error);
    g_clear_pointer (&db, gw_db_free);
    handled = fetch_snapshot ("handler1", "password-h", NULL);
    handled_path = write_temp ("department.snapshot", handled);
    db = gw_db_open (handled_path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), >, 0);
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), ==, server_int (count_sql));
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), ==, db_int (db, count_sql));
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM cameras"), ==, 0);
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM workers"), ==, 0);
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM users"), ==, 0);
    g_clear_pointer (&db, gw_db_free);
  }

  /* The rest of the same build from byte 1000 on: 206. */
  token = server_token ("officer1", "password-1");
  {
    const char *const range[] = { "Range", "bytes=1000-", "If-Range", etag, NULL };
    goffset start, end, total;

    g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", token, NULL, range, &part, &answer), ==, 206);
    g_assert_true (soup_message_headers_get_content_range (answer, &start, &end, &total));
    g_assert_cmpint (start, ==, 1000);
    g_assert_cmpint (end, ==, (goffset) size - 1);
    g_assert_cmpint (total, ==, (goffset) size);
    g_assert_cmpuint (g_bytes_get_size (part), ==, size - 1000);
    g_assert_true (memcmp (g_bytes_get_data (part, NULL), (const char *) g_bytes_get_data (file, NULL) + 1000,
                           size - 1000) == 0);
    g_clear_pointer (&answer, soup_message_headers_unref);
  }
  /* A range of another build: the whole file. */
  {
    const char *const range[] = { "Range", "bytes=1000-", "If-Range", "\"another-build\"", NULL };

    g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", token, NULL, range, &whole, NULL), ==, 200);
    g_assert_cmpuint (g_bytes_get_size (whole), ==, size);
  }
  /* Past the end: 416 with the size. */
  {
    g_autofree char *beyond = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", size);
    const char *const range[] = { "Range", beyond, "If-Range", etag, NULL };

    g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", token, NULL, range, NULL, &answer), ==, 416);
    g_autofree char *expected = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, size);

    content_range = g_strdup (soup_message_headers_get_one (answer, "Content-Range"));
    g_assert_cmpstr (content_range, ==, expected);
    g_clear_pointer (&answer, soup_message_headers_unref);
  }
  /* Not signed in, or a bad token: 401, and no bytes of the county. */
  g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", NULL, NULL, NULL, &refused, NULL), ==, 401);
  g_clear_pointer (&refused, g_bytes_unref);
  g_assert_cmpuint (http_request ("GET", "/api/v1/snapshot", "not-a-token", NULL, NULL, &refused, NULL), ==, 401);
  g_assert_false (g_bytes_get_size (refused) >= 13 && memcmp (g_bytes_get_data (refused, NULL), "SQLite format", 13) == 0);
}

typedef struct {
  Seat    *seat;
  guint64  first_received;   /* the first progress after the start, G_MAXUINT64 before */
  guint64  max_received;
  guint64  size;
  gboolean went_back_to_zero;
  gboolean stop_midway;      /* stop the client at the first progress short of the end */
  gboolean kill_midway;      /* kill the server there */
  guint64  stopped_at;
  Seat    *other;            /* submits a command when the download begins */
  gint64   other_ticket;
  char    *other_command;
} Progress;

static void
on_snapshot_progress (GwSyncClient *client,
                      GParamSpec   *pspec,
                      Progress     *p)
{
  guint64 received, size;

  gw_sync_client_get_snapshot_progress (client, &received, &size);
  if (size == 0)
    return;
  if (p->first_received == G_MAXUINT64)
    p->first_received = received;
  if (received == 0)
    p->went_back_to_zero = TRUE;
  p->max_received = MAX (p->max_received, received);
  p->size = size;
  if (received > 0 && received < size && p->stopped_at == 0)
    {
      if (p->stop_midway)
        {
          p->stopped_at = received;
          gw_sync_client_stop (client);
        }
      else if (p->kill_midway)
        {
          p->stopped_at = received;
          kill_server (SIGKILL);
        }
    }
  if (p->other && p->other_command == NULL)
    p->other_command = g_strdup ("");  /* submitted below, outside the handler's stack */
}

static void
progress_follow (Progress *p,
                 Seat     *seat)
{
  p->seat = seat;
  p->first_received = G_MAXUINT64;
  g_signal_connect (seat->client, "notify::snapshot-received", G_CALLBACK (on_snapshot_progress), p);
}

static gboolean
file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
assert_seat_holds_street (Seat *seat)
{
  g_autofree char *expected = server_text (STREET_DIGEST_SQL);
  g_autofree char *held = NULL;
  g_autofree char *check = NULL;

  WAIT_UNTIL (seat_online (seat) &&
              gw_sync_client_get_last_seq (seat->client) == server_int ("SELECT coalesce(max(seq), 0) FROM changes"));
  held = seat_text (seat, STREET_DIGEST_SQL);
  g_assert_cmpstr (held, ==, expected);
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM tickets"), ==, server_street_tickets ());
  check = seat_text (seat, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* A new seat starts from the file, in one step, and then follows the county: a change made
 * while the file downloads comes with the catch-up, a later one on the live feed, one made
 * while the seat is closed with the next catch-up. */
static void
test_snapshot_file (void)
{
  Seat *seat = seat_new ("seat-file", 0);
  g_autoptr(GArray) ids = supervisable (1);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autofree char *sql = g_strdup_printf ("SELECT supervise_count FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
  g_autofree char *queued = NULL;
  g_autofree char *server_uri = NULL, *etag = NULL, *command = NULL, *uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  Progress p = { 0, };
  gint64 t0, before;
  guint64 received, size;

  g_assert_true (seat_online (seat_a));
  progress_follow (&p, seat);
  p.other = seat_a;
  seat_sign_in (seat, "officer1", "password-1");
  /* An action taken before the seat holds anything is kept through the load, and sent. */
  queued = seat_submit (seat, "supervise", id, "首次同步前督办");
  t0 = g_get_monotonic_time ();
  gw_sync_client_start (seat->client);
  /* While the file downloads, another seat acts on a ticket of the street. */
  WAIT_UNTIL (p.other_command != NULL || seat_online (seat));
  command = seat_submit (seat_a, "supervise", id, "下载期间督办");
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, command));
  WAIT_UNTIL (seat_online (seat));
  g_test_message ("seat from the snapshot file (%" G_GUINT64_FORMAT " bytes): online after %.0f ms",
                  p.size, (g_get_monotonic_time () - t0) / 1000.0);

  /* One step: one "snapshot-page", the last, with the whole street; the download was seen
   * to its end; the file is gone. */
  g_assert_cmpuint (seat->pages, ==, 1);
  g_assert_cmpuint (p.size, >, 0);
  g_assert_cmpuint (p.max_received, ==, p.size);
  gw_sync_client_get_snapshot_progress (seat->client, &received, &size);
  g_assert_cmpuint (size, ==, 0);
  g_assert_false (file_exists (snapshot));
  WAIT_UNTIL (g_hash_table_contains (seat->done, queued));
  g_assert_cmpuint (gw_sync_client_get_pending (seat->client), ==, 0);
  assert_seat_holds_street (seat);
  before = server_int (sql);
  g_assert_cmpint (seat_int (seat, sql), ==, before);

  /* The seat's own rows came through; nothing of the server's. */
  server_uri = seat_text (seat, "SELECT value FROM meta WHERE key = 'sync_server'");
  g_assert_cmpstr (server_uri, ==, uri);
  etag = seat_text (seat, "SELECT value FROM meta WHERE key = 'sync_snapshot'");
  g_assert_cmpstr (etag, ==, "");
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM meta WHERE key = 'sync_token'"), ==, 1);
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM tokens"), ==, 0);

  /* Live. */
  g_hash_table_remove (seat->changed, &id);
  g_free (command);
  command = seat_submit (seat_a, "supervise", id, "再次督办");
  WAIT_UNTIL (g_hash_table_contains (seat->changed, &id));
  g_assert_cmpint (seat_int (seat, sql), ==, before + 1);

  /* Closed, then back: the catch-up. */
  gw_sync_client_stop (seat->client);
  g_free (command);
  command = seat_submit (seat_a, "supervise", id, "第三次督办");
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, command));
  seat->pages = 0;
  gw_sync_client_start (seat->client);
  WAIT_UNTIL (seat_online (seat));
  g_assert_cmpuint (seat->pages, ==, 0);   /* no snapshot again */
  g_assert_cmpint (seat_int (seat, sql), ==, before + 2);
  assert_seat_holds_street (seat);
  g_free (p.other_command);
  seat_free (seat);
}

/* Downloads cut short: by the seat (closed), by the server (killed), or a part on disk
 * of a build the server no longer has. Each ends with the street, exactly. */
static void
test_snapshot_resume (void)
{
  guint server_port = port;

  /* The client stops part-way; started again, it asks for the rest only. */
  {
    Seat *seat = seat_new ("seat-resume", 0);
    g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
    g_autofree char *etag = NULL;
    Progress p = { 0, };
    GStatBuf st;

    progress_follow (&p, seat);
    p.stop_midway = TRUE;
    seat_sign_in (seat, "officer1", "password-1");
    gw_sync_client_start (seat->client);
    WAIT_UNTIL (p.stopped_at > 0);
    run_for (200);
    g_assert_cmpint (gw_sync_client_get_state (seat->client), ==, GW_SYNC_STATE_OFFLINE);
    g_assert_cmpint (seat_int (seat, "SELECT count(*) FROM tickets"), ==, 0);
    g_assert_cmpint (g_stat (snapshot, &st), ==, 0);
    g_assert_cmpint (st.st_size, >=, (goffset) p.stopped_at);
    g_assert_cmpint (st.st_size, <, (goffset) p.size);
    etag = seat_text (seat, "SELECT value FROM meta WHERE key = 'sync_snapshot'");
    g_assert_cmpstr (etag, !=, "");
    g_test_message ("stopped after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes (%" G_GINT64_FORMAT " on disk)",
                    p.stopped_at, p.size, (gint64) st.st_size);

    p.stop_midway = FALSE;
    p.first_received = G_MAXUINT64;
    p.went_back_to_zero = FALSE;
    gw_sync_client_start (seat->client);
    WAIT_UNTIL (seat_online (seat));
    /* It went on from the bytes on disk: never back to nothing. */
    g_assert_false (p.went_back_to_zero);
    g_assert_cmpuint (p.first_received, >, (guint64) st.st_size);
    g_assert_cmpuint (p.max_received, ==, p.size);
    g_assert_false (file_exists (snapshot));
    assert_seat_holds_street (seat);
    seat_free (seat);
  }

  /* The server dies part-way; a new one has another build: the whole file again. */
  {
    Seat *seat = seat_new ("seat-killed", 0);
    g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
    Progress p = { 0, };

    progress_follow (&p, seat);
    p.kill_midway = TRUE;
    seat_sign_in (seat, "officer1", "password-1");
    gw_sync_client_start (seat->client);
    WAIT_UNTIL (p.stopped_at > 0);
    g_test_message ("server killed after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes", p.stopped_at, p.size);
    start_server (server_port);
    WAIT_UNTIL (seat_online (seat));
    g_assert_false (file_exists (snapshot));
    assert_seat_holds_street (seat);
    seat_free (seat);
  }

  /* Half a file of some other build on disk: replaced by the whole current one. */
  {
    Seat *seat = seat_new ("seat-stale", 0);
    g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
    g_autoptr(GBytes) file = fetch_snapshot ("officer1", "password-1", NULL);
    g_autoptr(GBytes) half = g_bytes_new_from_bytes (file, 0, g_bytes_get_size (file) / 2);
    g_autoptr(GError) error = NULL;
    g_autofree gint64 *done = NULL;
    Progress p = { 0, };

    g_file_set_contents (snapshot, g_bytes_get_data (half, NULL), (gssize) g_bytes_get_size (half), &error);
    g_assert_no_error (error);
    done = seat_query (seat, "INSERT INTO meta (key, value) VALUES ('sync_snapshot', '\"7-0000000000000000\"')", FALSE);
    progress_follow (&p, seat);
    seat_sign_in (seat, "officer1", "password-1");
    gw_sync_client_start (seat->client);
    WAIT_UNTIL (seat_online (seat));
    g_assert_true (p.went_back_to_zero);
    g_assert_false (file_exists (snapshot));
    assert_seat_holds_street (seat);
    seat_free (seat);
  }

  /* The whole file on disk already (closed before it was loaded): loaded, not fetched again. */
  {
    Seat *seat = seat_new ("seat-complete", 0);
    g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
    g_autofree char *etag = NULL, *sql = NULL;
    g_autoptr(GBytes) file = fetch_snapshot ("officer1", "password-1", &etag);
    g_autoptr(GError) error = NULL;
    g_autofree gint64 *done = NULL;
    Progress p = { 0, };

    g_file_set_contents (snapshot, g_bytes_get_data (file, NULL), (gssize) g_bytes_get_size (file), &error);
    g_assert_no_error (error);
    sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('sync_snapshot', '%s')", etag);
    done = seat_query (seat, sql, FALSE);
    progress_follow (&p, seat);
    seat_sign_in (seat, "officer1", "password-1");
    gw_sync_client_start (seat->client);
    WAIT_UNTIL (seat_online (seat));
    g_assert_cmpuint (p.first_received, ==, G_MAXUINT64);   /* no byte downloaded */
    g_assert_cmpuint (seat->pages, ==, 1);
    g_assert_false (file_exists (snapshot));
    assert_seat_holds_street (seat);
    seat_free (seat);
  }
}

/* A file that is not what the server built reaches the checks (its first part was on disk,
 * the server sent the rest): it is refused with a clear warning, the seat is left as it
 * was, and it is synchronized page by page instead. */
static void
test_snapshot_refused (void)
{
  static const struct {
    const char *name;
    const char *message;
  } cases[] = {
    { "foreign", "*cannot be used: it is no Gridwatch database*" },
    { "damaged", "*cannot be used: it is damaged*" },
  };
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) real = fetch_snapshot ("officer1", "password-1", &etag);
  gsize size = g_bytes_get_size (real);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *name = g_strconcat ("seat-", cases[c].name, NULL);
      Seat *seat = seat_new (name, 0);
      g_autofree char *snapshot = g_strconcat (seat->path, ".snapshot", NULL);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('sync_snapshot', '%s')", etag);
      g_autofree gint64 *done = NULL;
      g_autofree guint8 *part = NULL;
      g_autoptr(GError) error = NULL;
      gsize n = size - 4096;

      part = g_memdup2 (g_bytes_get_data (real, NULL), n);
      if (c == 0)
        {
          /* The beginning of some other SQLite database. */
          g_autofree char *other = g_build_filename (tmpdir, "other.db", NULL);
          g_autofree char *contents = NULL;
          gsize other_size = 0;
          sqlite3 *handle = NULL;

          g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE notes (text TEXT);"
                                                 "INSERT INTO notes VALUES ('not a county');", NULL, NULL, NULL), ==, SQLITE_OK);
          sqlite3_close (handle);
          g_file_get_contents (other, &contents, &other_size, &error);
          g_assert_no_error (error);
          memcpy (part, contents, MIN (other_size, n));
        }
      else
        /* The real file with pages 2 to 4 overwritten. */
        memset (part + 4096, 0xff, 3 * 4096);
      g_file_set_contents (snapshot, (const char *) part, (gssize) n, &error);
      g_assert_no_error (error);
      done = seat_query (seat, sql, FALSE);

      seat_sign_in (seat, "officer1", "password-1");
      g_test_expect_message ("gw-sync", G_LOG_LEVEL_WARNING, cases[c].message);
      gw_sync_client_start (seat->client);
      WAIT_UNTIL (seat_online (seat));
      g_test_assert_expected_messages ();
      g_assert_false (file_exists (snapshot));
      /* Page by page: more than one page. */
      g_assert_cmpuint (seat->pages, >, 1);
      assert_seat_holds_street (seat);
      seat_free (seat);
    }
}

/* The seat killed while it writes its outbox ---------------------------------------------- */

#define OUTBOX_WRITER "--outbox-writer"

static char *program;          /* this test program, run again as the writer */
static gboolean writer_failed;

static void
on_writer_submitted (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command_id = gw_sync_client_submit_finish (GW_SYNC_CLIENT (object), result, &error);
  g_autofree char *line = NULL;
  guint *in_flight = user_data;

  if (command_id == NULL)
    {
      g_printerr ("submit: %s\n", error->message);
      writer_failed = TRUE;
      return;
    }
  /* Told "queued": from here on it must survive anything. */
  line = g_strconcat (command_id, "\n", NULL);
  if (write (STDOUT_FILENO, line, strlen (line)) < 0)
    writer_failed = TRUE;
  (*in_flight)--;
}

/* The child: submits commands to a seat's outbox as fast as it can, four at a time, until
 * it is killed. Each command id is printed once the outbox holds it. */
static int
outbox_writer (const char *path)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwSyncClient) client = NULL;
  Opening opening = { FALSE, NULL };
  guint in_flight = 0;
  guint n = 0;

  gw_store_open_async (store, path, NULL, on_opened, &opening);
  while (!opening.done)
    g_main_context_iteration (NULL, TRUE);
  if (opening.error)
    {
      g_printerr ("%s\n", opening.error->message);
      return 1;
    }
  client = gw_sync_client_new (store, "http://127.0.0.1:9");
  while (!writer_failed)
    {
      while (in_flight < 4)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) command = NULL;
          GString *reason = g_string_new ("督办 ");

          /* Reasons from a few bytes to several pages, so that a write spans pages. */
          for (guint i = 0; i < (n * 7919) % 3000; i++)
            g_string_append (reason, "请尽快处置");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "action");
          json_builder_add_string_value (b, "supervise");
          json_builder_set_member_name (b, "ticket_id");
          json_builder_add_int_value (b, 1 + n % 5000);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, reason->str);
          json_builder_end_object (b);
          command = json_builder_get_root (b);
          g_string_free (reason, TRUE);
          gw_sync_client_submit_async (client, command, NULL, on_writer_submitted, &in_flight);
          in_flight++;
          n++;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return 1;
}

static void
test_outbox_kill (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "outbox-kill.db", NULL);
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint round = 0; round < 4; round++)
    {
      const char *argv[] = { program, OUTBOX_WRITER, path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) out = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      GPid pid;
      int fd, status;
      guint complete = 0, wait_ms = (guint) g_test_rand_int_range (50, 400);
      gint64 deadline;
      char buf[4096];
      gssize r;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &fd, NULL, &error));
      g_assert_no_error (error);
      /* Until it has queued a few, then a random moment later: SIGKILL. */
      while (complete < 3 && (r = read (fd, buf, sizeof buf)) > 0)
        {
          g_string_append_len (out, buf, r);
          complete = 0;
          for (const char *c = out->str; (c = strchr (c, '\n')) != NULL; c++)
            complete++;
        }
      deadline = g_get_monotonic_time () + wait_ms * 1000;
      g_unix_set_fd_nonblocking (fd, TRUE, NULL);
      while (g_get_monotonic_time () < deadline)
        {
          if ((r = read (fd, buf, sizeof buf)) > 0)
            g_string_append_len (out, buf, r);
          else
            g_usleep (1000);
        }
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      while ((r = read (fd, buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, r);
      close (fd);

      /* Only whole lines: the last one may have been cut by the kill. */
      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] && lines[i + 1]; i++)
        g_hash_table_add (told, g_strdup (lines[i]));
      g_test_message ("round %u: killed after %u ms, %u commands queued so far", round, wait_ms,
                      g_hash_table_size (told));

      /* The file opens, is intact, and every outbox row is whole. */
      {
        g_autoptr(GwDb) db = gw_db_open (path, &error);
        g_autofree char *check = NULL;
        g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        GHashTableIter iter;
        gpointer key;
        sqlite3_stmt *stmt = NULL;

        g_assert_no_error (error);
        check = db_text (db, "PRAGMA integrity_check");
        g_assert_cmpstr (check, ==, "ok");
        g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                             "SELECT command_id, ticket_id, body, state FROM outbox", -1, &stmt, NULL), ==, SQLITE_OK);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            const char *command_id = (const char *) sqlite3_column_text (stmt, 0);
            const char *body = (const char *) sqlite3_column_text (stmt, 2);
            g_autoptr(JsonNode) node = json_from_string (body, &error);
            JsonObject *o;

            g_assert_no_error (error);
            g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
            o = json_node_get_object (node);
            g_assert_cmpstr (json_object_get_string_member (o, "command_id"), ==, command_id);
            g_assert_cmpstr (json_object_get_string_member (o, "action"), ==, "supervise");
            g_assert_cmpint (json_object_get_int_member (o, "ticket_id"), ==, sqlite3_column_int64 (stmt, 1));
            g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "reason"), "督办 "));
            g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "pending");
            g_assert_true (g_hash_table_add (ids, g_strdup (command_id)));   /* unique */
          }
        sqlite3_finalize (stmt);
        /* Nothing the writer was told was queued is lost. */
        g_hash_table_iter_init (&iter, told);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_assert_true (g_hash_table_contains (ids, key));
        g_assert_cmpuint (g_hash_table_size (ids), >=, g_hash_table_size (told));
      }
    }
}

int
main (int argc, char **argv)
{
  int ret;

  if (argc == 3 && g_str_equal (argv[1], OUTBOX_WRITER))
    return outbox_writer (argv[2]);
  program = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, NULL);
  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload"))
    patience *= 20;
  tmpdir = g_dir_make_tmp ("gw-test-sync-XXXXXX", NULL);
  setup_database ();
  start_server (0);
  g_test_add_func ("/sync/snapshot", test_snapshot);
  g_test_add_func ("/sync/live", test_live);
  g_test_add_func ("/sync/invalid-command", test_invalid_command);
  g_test_add_func ("/sync/attach", test_attach);
  g_test_add_func ("/sync/offline", test_offline);
  g_test_add_func ("/sync/refused", test_refused);
  g_test_add_func ("/sync/crash-during-replay", test_crash_during_replay);
  g_test_add_func ("/sync/offline-report", test_offline_report);
  g_test_add_func ("/sync/stream", test_stream);
  g_test_add_func ("/sync/resume-snapshot", test_resume_snapshot);
  g_test_add_func ("/sync/snapshot-contents", test_snapshot_contents);
  g_test_add_func ("/sync/snapshot-file", test_snapshot_file);
  g_test_add_func ("/sync/snapshot-resume", test_snapshot_resume);
  g_test_add_func ("/sync/snapshot-refused", test_snapshot_refused);
  g_test_add_func ("/sync/outbox-kill", test_outbox_kill);
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
