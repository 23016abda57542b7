/* Several seats on one drill server: a real gridwatchd --drill on 127.0.0.1 serving a copy
 * of a small demo county, two seats (two sync clients, two seat files, two of the
 * scenario's accounts). Seat A (a commander) runs the drill and acts on an injected ticket
 * through the normal client; seat B (the street's officer) sees it. Both follow the
 * drill's state and clock; a network drop cuts seat A off for its duration and it catches
 * up afterwards; the seat files are marked as the drill's; a seat file of a real server and
 * a drill's seat file refuse each other's servers. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-drill.h"
#include "gw-sync-drill.h"
#include "gw-test-server.h"

#define NOW      1795276800     /* 2026-11-22T00:00:00+08:00: the county's history ends here */
#define START    (NOW + 3600)   /* the drill's first instant, 01:00 */
#define STREET   "500223001"
#define PATIENCE 30             /* seconds any one wait may take */

static char *tmpdir;
static char *county_path;
static char *real_path;
static char *drill_path;
static char *scenario_path;
static char *grid_code;
static char *department_code;
static GwTestServer drill_server;
static GwTestServer real_server;

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

#define WAIT_UNTIL(expr)                                                                     \
  G_STMT_START {                                                                             \
    gint64 _deadline = g_get_monotonic_time () + PATIENCE * G_USEC_PER_SEC;                  \
    while (!(expr))                                                                          \
      {                                                                                      \
        if (g_get_monotonic_time () > _deadline)                                             \
          g_error ("%s:%d: waited %d s in vain for %s", __FILE__, __LINE__, PATIENCE, #expr); \
        run_for (10);                                                                        \
      }                                                                                      \
  } G_STMT_END

/* Files ------------------------------------------------------------------------------------- */

/* One value of a database, read beside whoever has it open (WAL). */
static char *
file_text (const char *path,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
file_int (const char *path,
          const char *sql)
{
  g_autofree char *text = file_text (path, sql);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* The ticket an injection made on the server, 0 until then. */
static gint64
injected_ticket (const char *injection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill_path, &error);
  gint64 id;

  g_assert_no_error (error);
  id = gw_db_drill_ticket_for (db, injection, &error);
  g_assert_no_error (error);
  return id;
}

static void
setup_county (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  county_path = g_build_filename (tmpdir, "county.db", NULL);
  db = gw_db_open (county_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 7, NOW, NULL, NULL, &error));
  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER, STREET, NULL,
                                       "password-1", &error));
  g_assert_true (gw_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_clear_pointer (&db, gw_db_free);
  grid_code = file_text (county_path, "SELECT code FROM divisions WHERE level = 'grid' AND code LIKE '" STREET "%'"
                                      " ORDER BY code LIMIT 1");
  department_code = file_text (county_path, "SELECT code FROM departments ORDER BY code LIMIT 1");
  g_assert_nonnull (grid_code);
  g_assert_nonnull (department_code);

  /* A real server of its own runs on a copy: the county stays the drill's source. */
  real_path = g_build_filename (tmpdir, "real.db", NULL);
  from = g_file_new_for_path (county_path);
  to = g_file_new_for_path (real_path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
}

static void
write_scenario (void)
{
  g_autofree char *text = g_strdup_printf (
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"seats-drill\",\n"
    "  \"title\": {\"en\": \"Seats drill\", \"zh_CN\": \"多席位演练\"},\n"
    "  \"profile\": \"small\",\n"
    "  \"seed\": 7,\n"
    "  \"start\": \"2026-11-22T01:00:00+08:00\",\n"
    "  \"speed\": 60,\n"
    "  \"duration\": \"4h\",\n"
    "  \"seats\": [\n"
    "    {\"id\": \"cmd\", \"role\": \"commander\", \"password\": \"command-pass\"},\n"
    "    {\"id\": \"street\", \"role\": \"street_officer\", \"division\": \"" STREET "\"}\n"
    "  ],\n"
    "  \"world\": {\"verify_after\": \"never\", \"sign_after\": \"never\", \"report_in_after\": \"never\",\n"
    "             \"report_back_after\": \"never\", \"evaluate_after\": \"never\"},\n"
    "  \"injections\": [\n"
    "    {\"id\": \"r1\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"河堤边暴露垃圾\", \"en\": \"Rubbish on the levee\"}},\n"
    "    {\"id\": \"n1\", \"at\": \"2m\", \"kind\": \"note\",\n"
    "     \"text\": {\"zh_CN\": \"县防指来电\", \"en\": \"The county flood HQ calls\"}},\n"
    "    {\"id\": \"d1\", \"at\": \"10m\", \"kind\": \"network_drop\", \"seat\": \"cmd\", \"duration\": \"3m\"},\n"
    "    {\"id\": \"r2\", \"at\": \"11m\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"断网时的上报\", \"en\": \"Reported while cut off\"}},\n"
    "    {\"id\": \"r3\", \"at\": \"3h\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"后来的上报\", \"en\": \"A later report\"}}\n"
    "  ]\n"
    "}\n", grid_code, grid_code, grid_code);

  scenario_path = g_build_filename (tmpdir, "scenario.json", NULL);
  g_assert_true (g_file_set_contents (scenario_path, text, -1, NULL));
}

/* Seats ------------------------------------------------------------------------------------ */

typedef struct {
  char         *path;
  GwStore      *store;
  GwSyncClient *client;
  GHashTable   *changed;     /* ticket ids */
  GHashTable   *done;        /* command ids */
  GPtrArray    *notes;       /* "id:text" */
  guint         drill_updates;
} Seat;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  *done = TRUE;
}

static void
on_ticket_changed (GwSyncClient *client,
                   gint64        id,
                   Seat         *seat)
{
  g_hash_table_add (seat->changed, g_memdup2 (&id, sizeof id));
}

static void
on_command_done (GwSyncClient *client,
                 const char   *command_id,
                 gint64        ticket_id,
                 Seat         *seat)
{
  g_hash_table_add (seat->done, g_strdup (command_id));
}

static void
on_command_refused (GwSyncClient *client,
                    const char   *command_id,
                    gint64        ticket_id,
                    const char   *message,
                    Seat         *seat)
{
  g_error ("command %s refused: %s", command_id, message);
}

static void
on_note (GwSyncClient *client,
         const char   *id,
         const char   *text,
         Seat         *seat)
{
  g_ptr_array_add (seat->notes, g_strconcat (id, ":", text, NULL));
}

static void
on_drill (GObject    *object,
          GParamSpec *pspec,
          Seat       *seat)
{
  seat->drill_updates++;
}

static Seat *
seat_new (const char *name,
          guint       port)
{
  Seat *seat = g_new0 (Seat, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  gboolean opened = FALSE;

  seat->path = g_build_filename (tmpdir, file, NULL);
  seat->store = gw_store_new ();
  seat->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  seat->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seat->notes = g_ptr_array_new_with_free_func (g_free);
  gw_store_open_async (seat->store, seat->path, NULL, on_opened, &opened);
  WAIT_UNTIL (opened);
  seat->client = gw_sync_client_new (seat->store, uri);
  g_signal_connect (seat->client, "ticket-changed", G_CALLBACK (on_ticket_changed), seat);
  g_signal_connect (seat->client, "command-done", G_CALLBACK (on_command_done), seat);
  g_signal_connect (seat->client, "command-refused", G_CALLBACK (on_command_refused), seat);
  g_signal_connect (seat->client, "drill-note", G_CALLBACK (on_note), seat);
  g_signal_connect (seat->client, "notify::drill", G_CALLBACK (on_drill), seat);
  return seat;
}

/* The same seat file with a client for another server. */
static void
seat_reconnect (Seat  *seat,
                guint  port)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_signal_handlers_disconnect_by_data (seat->client, seat);
  gw_sync_client_stop (seat->client);
  g_clear_object (&seat->client);
  seat->client = gw_sync_client_new (seat->store, uri);
  g_signal_connect (seat->client, "ticket-changed", G_CALLBACK (on_ticket_changed), seat);
}

static void
seat_free (Seat *seat)
{
  if (seat == NULL)
    return;
  g_signal_handlers_disconnect_by_data (seat->client, seat);
  gw_sync_client_stop (seat->client);
  g_clear_object (&seat->client);
  gw_store_close (seat->store);
  g_object_unref (seat->store);
  g_hash_table_unref (seat->changed);
  g_hash_table_unref (seat->done);
  g_ptr_array_unref (seat->notes);
  g_free (seat->path);
  g_free (seat);
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error));
  *done = TRUE;
}

static void
seat_sign_in (Seat       *seat,
              const char *username,
              const char *password)
{
  gboolean done = FALSE;

  gw_sync_client_sign_in_async (seat->client, username, password, NULL, on_signed_in, &done);
  WAIT_UNTIL (done);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Refused;

static void
on_sign_in_refused (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refused *r = user_data;

  g_assert_false (gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &r->error));
  r->done = TRUE;
}

/* A sign-in the seat refuses (its file and the server do not belong together): why. */
static char *
seat_sign_in_refused (Seat       *seat,
                      const char *username,
                      const char *password)
{
  Refused r = { FALSE, NULL };
  char *message;

  gw_sync_client_sign_in_async (seat->client, username, password, NULL, on_sign_in_refused, &r);
  WAIT_UNTIL (r.done);
  g_assert_error (r.error, GW_SYNC_ERROR, GW_SYNC_ERROR_DENIED);
  message = g_strdup (r.error->message);
  g_error_free (r.error);
  g_test_message ("sign-in refused: %s", message);
  return message;
}

static gboolean
seat_online (Seat *seat)
{
  return gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_ONLINE;
}

static gboolean
seat_has (Seat   *seat,
          gint64  id)
{
  return id > 0 && g_hash_table_contains (seat->changed, &id);
}

static char *
seat_ticket_state (Seat   *seat,
                   gint64  id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT state FROM tickets WHERE id = %" G_GINT64_FORMAT, id);

  return file_text (seat->path, sql);
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

static char *
seat_submit (Seat       *seat,
             const char *json)
{
  g_autoptr(JsonNode) command = json_from_string (json, NULL);
  char *command_id = NULL;

  g_assert_nonnull (command);
  gw_sync_client_submit_async (seat->client, command, NULL, on_submitted, &command_id);
  WAIT_UNTIL (command_id != NULL);
  return command_id;
}

typedef struct {
  gboolean  done;
  JsonNode *answer;
  GError   *error;
} Commanded;

static void
on_commanded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Commanded *c = user_data;

  c->answer = gw_sync_client_drill_command_finish (GW_SYNC_CLIENT (object), result, &c->error);
  c->done = TRUE;
}

/* A controller's command; the answer, or NULL and *error. */
static JsonNode *
seat_command (Seat        *seat,
              const char  *command,
              double       speed,
              GError     **error)
{
  Commanded c = { FALSE, NULL, NULL };

  gw_sync_client_drill_command_async (seat->client, command, speed, NULL, NULL, on_commanded, &c);
  WAIT_UNTIL (c.done);
  if (c.error)
    g_propagate_error (error, c.error);
  return c.answer;
}

static GwDrillState
seat_drill_state (Seat *seat)
{
  const GwSyncDrill *drill = gw_sync_client_get_drill (seat->client);

  return drill ? drill->state : (GwDrillState) -1;
}

/* The tests ---------------------------------------------------------------------------------- */

static Seat *seat_a;   /* drill-cmd: a commander of the county */
static Seat *seat_b;   /* drill-street: the street's officer */
static Seat *seat_real;

/* A seat of a real server first: it will have to refuse the drill. */
static void
test_real_seat (void)
{
  gw_test_server_start (&real_server, real_path, 0, NULL);
  seat_real = seat_new ("real", real_server.port);
  seat_sign_in (seat_real, "officer1", "password-1");
  gw_sync_client_start (seat_real->client);
  WAIT_UNTIL (seat_online (seat_real));
  g_assert_null (gw_sync_client_get_drill (seat_real->client));
  g_assert_null (gw_sync_client_get_refusal (seat_real->client));
  /* A real clock. */
  g_assert_cmpfloat (gw_clock_get_speed (gw_sync_client_get_clock (seat_real->client)), ==, 1.0);
  gw_sync_client_stop (seat_real->client);
  gw_test_server_stop (&real_server, SIGTERM);
}

static void
test_join (void)
{
  const char *extra[] = { "--drill", scenario_path, "--drill-db", drill_path, NULL };
  const GwSyncDrill *drill;
  g_autofree char *mark_a = NULL, *mark_b = NULL, *run = NULL, *run_a = NULL;

  gw_test_server_start (&drill_server, county_path, 0, extra);

  seat_a = seat_new ("seat-a", drill_server.port);
  seat_b = seat_new ("seat-b", drill_server.port);
  seat_sign_in (seat_a, "drill-cmd", "command-pass");
  seat_sign_in (seat_b, "drill-street", "drill");
  gw_sync_client_start (seat_a->client);
  gw_sync_client_start (seat_b->client);
  WAIT_UNTIL (seat_online (seat_a) && seat_online (seat_b));

  drill = gw_sync_client_get_drill (seat_a->client);
  g_assert_nonnull (drill);
  g_assert_cmpstr (drill->scenario_id, ==, "seats-drill");
  g_assert_cmpint (drill->state, ==, GW_DRILL_READY);
  g_assert_cmpint (drill->now, ==, START);
  g_assert_cmpuint (drill->total, ==, 5);
  g_assert_nonnull (gw_sync_client_get_drill (seat_b->client));
  /* Both seats' clocks stand at the drill's start. */
  g_assert_cmpint (gw_clock_get_now (gw_sync_client_get_clock (seat_a->client)), ==, START);
  g_assert_cmpint (gw_clock_get_now (gw_sync_client_get_clock (seat_b->client)), ==, START);
  g_assert_cmpfloat (gw_clock_get_speed (gw_sync_client_get_clock (seat_b->client)), ==, 0);

  /* Both seat files are the drill's, of this run. */
  mark_a = file_text (seat_a->path, "SELECT value FROM meta WHERE key = '" GW_DRILL_META_SCENARIO "'");
  mark_b = file_text (seat_b->path, "SELECT value FROM meta WHERE key = '" GW_DRILL_META_SCENARIO "'");
  g_assert_cmpstr (mark_a, ==, "seats-drill");
  g_assert_cmpstr (mark_b, ==, "seats-drill");
  run = file_text (drill_path, "SELECT value FROM meta WHERE key = 'drill.run'");
  run_a = file_text (seat_a->path, "SELECT value FROM meta WHERE key = 'drill.run'");
  g_assert_nonnull (run);
  g_assert_cmpstr (run_a, ==, run);
  g_assert_cmpstr (drill->run, ==, run);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (seat_b->path, &error);
    g_assert_no_error (error);
    g_assert_true (gw_db_is_drill (db));
  }
}

static gint64 r1;

/* Seat A starts the drill; both see it run; seat A screens and dispatches the injected
 * report and seat B sees each step. */
static void
test_act (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *screen = NULL, *dispatch = NULL, *screen_id = NULL, *dispatch_id = NULL;
  gint64 a_now, b_now;

  /* The street's officer may not run the drill. */
  answer = seat_command (seat_b, "start", 0, &error);
  g_assert_null (answer);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
  g_clear_error (&error);

  answer = seat_command (seat_a, "start", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "state"), ==, "running");
  WAIT_UNTIL (seat_drill_state (seat_a) == GW_DRILL_RUNNING && seat_drill_state (seat_b) == GW_DRILL_RUNNING);
  g_assert_cmpfloat (gw_clock_get_speed (gw_sync_client_get_clock (seat_b->client)), ==, 60);

  /* The report falls due a scenario minute in: a second. */
  WAIT_UNTIL ((r1 = injected_ticket ("r1")) > 0);
  WAIT_UNTIL (seat_has (seat_a, r1) && seat_has (seat_b, r1));

  /* The seats' clocks run on drill time, together. */
  a_now = gw_clock_get_now (gw_sync_client_get_clock (seat_a->client));
  b_now = gw_clock_get_now (gw_sync_client_get_clock (seat_b->client));
  g_assert_cmpint (a_now, >, START);
  g_assert_cmpint (ABS (a_now - b_now), <=, 60);   /* a real second apart at most */

  screen = g_strdup_printf ("{\"action\": \"screen\", \"ticket_id\": %" G_GINT64_FORMAT "}", r1);
  screen_id = seat_submit (seat_a, screen);
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, screen_id));
  WAIT_UNTIL (g_strcmp0 (seat_ticket_state (seat_b, r1), "screened") == 0);

  dispatch = g_strdup_printf ("{\"action\": \"dispatch\", \"ticket_id\": %" G_GINT64_FORMAT ", \"department\": \"%s\"}",
                              r1, department_code);
  dispatch_id = seat_submit (seat_a, dispatch);
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, dispatch_id));
  WAIT_UNTIL (g_strcmp0 (seat_ticket_state (seat_b, r1), "dispatched") == 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT state FROM tickets WHERE id = %" G_GINT64_FORMAT, r1);
    g_autofree char *on_server = file_text (drill_path, sql);
    g_assert_cmpstr (on_server, ==, "dispatched");
  }
}

/* The scenario's note reaches both seats. */
static void
test_note (void)
{
  WAIT_UNTIL (seat_a->notes->len > 0 && seat_b->notes->len > 0);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (seat_a->notes, 0), "n1:"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (seat_b->notes, 0), "n1:"));
}

/* Seat A is cut off from the 10th to the 13th scenario minute: its feed closes, what it
 * does meanwhile waits in its outbox, and afterwards it catches up by itself. */
static void
test_network_drop (void)
{
  g_autofree char *supervise = NULL, *supervise_id = NULL, *sql = NULL;
  gint64 r2, audit_before;

  WAIT_UNTIL (!seat_online (seat_a));
  g_assert_true (seat_online (seat_b));
  g_assert_null (gw_sync_client_get_refusal (seat_a->client));

  /* Done while cut off: kept in the outbox, not on the server. */
  sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE ticket_id = %" G_GINT64_FORMAT, r1);
  audit_before = file_int (drill_path, sql);
  supervise = g_strdup_printf ("{\"action\": \"supervise\", \"ticket_id\": %" G_GINT64_FORMAT ", \"reason\": \"汛期加急\"}", r1);
  supervise_id = seat_submit (seat_a, supervise);
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 1);

  /* r2 is reported while seat A is cut off: seat B has it, seat A not yet. */
  WAIT_UNTIL ((r2 = injected_ticket ("r2")) > 0);
  WAIT_UNTIL (seat_has (seat_b, r2));
  if (!seat_online (seat_a))
    {
      g_assert_false (seat_has (seat_a, r2));
      g_assert_cmpint (file_int (drill_path, sql), ==, audit_before);
    }

  /* Back after three scenario minutes (three seconds) and a reconnection. */
  WAIT_UNTIL (seat_online (seat_a));
  WAIT_UNTIL (seat_has (seat_a, r2));
  WAIT_UNTIL (g_hash_table_contains (seat_a->done, supervise_id));
  g_assert_cmpuint (gw_sync_client_get_pending (seat_a->client), ==, 0);
  g_assert_cmpint (file_int (drill_path, sql), ==, audit_before + 1);
  g_assert_cmpint (seat_drill_state (seat_a), ==, GW_DRILL_RUNNING);
}

/* A pause stops every seat's clock. */
static void
test_pause (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = seat_command (seat_a, "pause", 0, &error);
  gint64 b_now;

  g_assert_no_error (error);
  WAIT_UNTIL (seat_drill_state (seat_b) == GW_DRILL_PAUSED);
  g_assert_cmpfloat (gw_clock_get_speed (gw_sync_client_get_clock (seat_b->client)), ==, 0);
  b_now = gw_clock_get_now (gw_sync_client_get_clock (seat_b->client));
  run_for (300);
  g_assert_cmpint (gw_clock_get_now (gw_sync_client_get_clock (seat_b->client)), ==, b_now);
  g_assert_cmpint (b_now, ==, gw_sync_client_get_drill (seat_a->client)->now);
}

/* Seats that do not belong together with a server refuse it before anything is fetched. */
static void
test_refusals (void)
{
  gint64 tickets = file_int (seat_real->path, "SELECT count(*) FROM tickets");
  gint64 seq = file_int (seat_real->path, "SELECT value FROM meta WHERE key = 'sync_seq'");
  gint64 a_tickets;

  g_autofree char *token = file_text (seat_real->path, "SELECT value FROM meta WHERE key = 'sync_token'");
  g_autofree char *why = NULL, *why_b = NULL, *token_b = NULL, *token_b_after = NULL, *token_after = NULL;

  /* The real seat and the drill server: refused at the sign-in, its own sign-in kept. */
  seat_reconnect (seat_real, drill_server.port);
  why = seat_sign_in_refused (seat_real, "drill-street", "drill");
  g_assert_nonnull (strstr (why, "Seats drill"));
  token_after = file_text (seat_real->path, "SELECT value FROM meta WHERE key = 'sync_token'");
  g_assert_cmpstr (token_after, ==, token);
  g_assert_cmpint (file_int (seat_real->path, "SELECT count(*) FROM tickets"), ==, tickets);
  g_assert_cmpint (file_int (seat_real->path, "SELECT value FROM meta WHERE key = 'sync_seq'"), ==, seq);
  g_assert_cmpint (file_int (seat_real->path, "SELECT count(*) FROM meta WHERE key LIKE 'drill.%'"), ==, 0);

  /* A drill's seat, still signed in to its drill, pointed at a real server: it stops at the
   * connection's check, before anything is fetched. */
  gw_test_server_start (&real_server, real_path, 0, NULL);
  a_tickets = file_int (seat_b->path, "SELECT count(*) FROM tickets");
  token_b = file_text (seat_b->path, "SELECT value FROM meta WHERE key = 'sync_token'");
  seat_reconnect (seat_b, real_server.port);
  gw_sync_client_start (seat_b->client);
  WAIT_UNTIL (gw_sync_client_get_refusal (seat_b->client) != NULL);
  g_test_message ("refused: %s", gw_sync_client_get_refusal (seat_b->client));
  g_assert_nonnull (strstr (gw_sync_client_get_refusal (seat_b->client), "多席位演练"));
  g_assert_false (seat_online (seat_b));
  run_for (300);
  g_assert_false (seat_online (seat_b));
  g_assert_cmpint (file_int (seat_b->path, "SELECT count(*) FROM tickets"), ==, a_tickets);
  /* … and a sign-in to the real server is refused too. */
  why_b = seat_sign_in_refused (seat_b, "officer1", "password-1");
  g_assert_nonnull (strstr (why_b, "多席位演练"));
  token_b_after = file_text (seat_b->path, "SELECT value FROM meta WHERE key = 'sync_token'");
  g_assert_cmpstr (token_b_after, ==, token_b);
  gw_test_server_stop (&real_server, SIGTERM);
}

/* A drill's seat of an earlier run: the server started again makes a new copy. */
static void
test_earlier_run (void)
{
  const char *extra[] = { "--drill", scenario_path, "--drill-db", drill_path, NULL };
  g_autofree char *why = NULL;

  seat_free (g_steal_pointer (&seat_a));
  gw_test_server_stop (&drill_server, SIGTERM);
  gw_test_server_start (&drill_server, county_path, 0, extra);

  seat_a = seat_new ("seat-a", drill_server.port);
  why = seat_sign_in_refused (seat_a, "drill-cmd", "command-pass");
  g_assert_nonnull (strstr (why, "earlier run"));
  g_assert_nonnull (gw_sync_client_get_refusal (seat_a->client));
  g_assert_false (seat_online (seat_a));
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *f = g_build_filename (dir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-drill-seats-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  drill_path = g_build_filename (tmpdir, "drill.db", NULL);
  setup_county ();
  write_scenario ();

  g_test_add_func ("/drill-seats/real-seat", test_real_seat);
  g_test_add_func ("/drill-seats/join", test_join);
  g_test_add_func ("/drill-seats/act", test_act);
  g_test_add_func ("/drill-seats/note", test_note);
  g_test_add_func ("/drill-seats/network-drop", test_network_drop);
  g_test_add_func ("/drill-seats/pause", test_pause);
  g_test_add_func ("/drill-seats/refusals", test_refusals);
  g_test_add_func ("/drill-seats/earlier-run", test_earlier_run);
  result = g_test_run ();

  g_clear_pointer (&seat_a, seat_free);
  g_clear_pointer (&seat_b, seat_free);
  g_clear_pointer (&seat_real, seat_free);
  gw_test_server_stop (&drill_server, SIGTERM);
  gw_test_server_stop (&real_server, SIGTERM);
  remove_dir (tmpdir);
  return result;
}
