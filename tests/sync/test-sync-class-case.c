/* A class case (类案) made from a seat, through a real gridwatchd on 127.0.0.1: the seat finds
 * a planted recurrence in its own mirror, POST /api/v1/class-cases makes it on the server as
 * the signed-in street officer (one supervised ticket linked to the members, which reaches
 * the seat through the live feed); an unknown member, a grid worker, an unknown department,
 * tickets of two subcategories and malformed bodies are refused in the server's words with
 * nothing written. */
#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-audit.h"
#include "gw-class-case.h"
#include "gw-demo.h"
#include "gw-dictionary.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"

#define NOW      1795276800  /* 2026-11-22T00:00:00+08:00 */
#define DAY      86400
#define STREET   "500223001"
#define PATIENCE 20
#define METRES_PER_DEGREE (6371008.8 * G_PI / 180.0)

static char *tmpdir;
static char *db_path;
static int patience = PATIENCE;
static GwTestServer server;
static char *category;         /* the planted subcategory: none of the street's tickets has it */
static char *grid_code;        /* the planted grid, in STREET */
static char *department;       /* a department of the county */
static gint64 planted[6];
static gint64 stray;           /* a ticket of another subcategory in the same street */

static gboolean
on_quit (gpointer loop)
{
  g_main_loop_quit (loop);
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
    gint64 _deadline = g_get_monotonic_time () + patience * G_USEC_PER_SEC;                  \
    while (!(expr))                                                                          \
      {                                                                                      \
        if (g_get_monotonic_time () > _deadline)                                             \
          g_error ("%s:%d: waited %d s in vain for %s", __FILE__, __LINE__, patience, #expr); \
        run_for (10);                                                                        \
      }                                                                                      \
  } G_STMT_END

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

typedef struct {
  gint64 tickets;
  gint64 audit;
  gint64 changes;
} Counts;

static Counts
counts (void)
{
  return (Counts) { server_int ("SELECT count(*) FROM tickets"), server_int ("SELECT count(*) FROM audit"),
                    server_int ("SELECT count(*) FROM changes") };
}

static void
assert_unchanged (Counts before)
{
  Counts now = counts ();

  g_assert_cmpint (now.tickets, ==, before.tickets);
  g_assert_cmpint (now.audit, ==, before.audit);
  g_assert_cmpint (now.changes, ==, before.changes);
}

/* The county: the demo, two users, and six reports of a subcategory the street never had,
 * within 40 m of each other in one grid of STREET, over ten days. */
static gint64
plant (GwDb       *db,
       const char *code,
       GwDivision *g,
       guint       i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  gint64 id;

  t->number = g_strdup_printf ("CC%05u", i + 1);
  t->source = GW_SOURCE_GRID_WORKER;
  t->category_code = g_strdup (code);
  t->board = g_strdup (gw_dictionary_lookup (gw_dictionary_get_default (), code)->board);
  t->urgency = GW_URGENCY_NORMAL;
  t->level = GW_LEVEL_GRID;
  t->lat = g->label_lat - 3.0 * i / METRES_PER_DEGREE;
  t->lon = g->label_lon + 5.0 * i / (METRES_PER_DEGREE * cos (g->label_lat * G_PI / 180.0));
  t->description = g_strdup ("楼道堆物反复出现");
  t->reported_at = NOW - 12 * DAY + i * 2 * DAY;
  t->updated_at = t->reported_at;
  t->state = GW_STATE_REPORTED;
  id = gw_db_insert_ticket (db, t, &error);
  g_assert_no_error (error);
  return id;
}

static void
setup_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GPtrArray) subcategories = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
  g_autoptr(GPtrArray) departments = NULL;
  GwDivision *g = NULL;

  db_path = g_build_filename (tmpdir, "server.db", NULL);
  db = gw_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, NOW, NULL, NULL, &error));
  g_assert_no_error (error);

  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < grids->len && g == NULL; i++)
    if (g_str_has_prefix (((GwDivision *) g_ptr_array_index (grids, i))->code, STREET))
      g = g_ptr_array_index (grids, i);
  g_assert_nonnull (g);
  grid_code = g_strdup (g->code);
  departments = gw_db_list_departments (db, &error);
  g_assert_no_error (error);
  department = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 0))->code);

  for (guint i = 0; i < subcategories->len && category == NULL; i++)
    {
      const GwCategory *c = g_ptr_array_index (subcategories, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets t JOIN divisions d ON d.id = t.street_id"
                                              " WHERE d.code = '" STREET "' AND t.category = '%s'", c->code);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int64 (stmt, 0) == 0 && c->board != NULL)
        category = g_strdup (c->code);
      sqlite3_finalize (stmt);
    }
  g_assert_nonnull (category);
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    planted[i] = plant (db, category, g, i);
  {
    /* Another subcategory's report beside them. */
    const GwCategory *other = g_ptr_array_index (subcategories, 0);

    stray = plant (db, g_str_equal (other->code, category) ? ((GwCategory *) g_ptr_array_index (subcategories, 1))->code
                                                            : other->code, g, 7);
  }

  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER, STREET, NULL,
                                       "password-1", &error));
  g_assert_true (gw_accounts_add_user (db, "worker1", "网格员甲", GW_ROLE_GRID_WORKER, grid_code, NULL,
                                       "password-2", &error));
  g_assert_no_error (error);
}

/* Seats --------------------------------------------------------------------------------- */

typedef struct {
  GwStore      *store;
  GwSyncClient *client;
} Seat;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs until an _async call that was given on_done and &result has finished. */
#define WAIT_RESULT(result) WAIT_UNTIL ((result) != NULL)

static Seat *
seat_new (const char *name,
          const char *username,
          const char *password)
{
  Seat *seat = g_new0 (Seat, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, file, NULL);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  g_autoptr(GAsyncResult) opened = NULL, signed_in = NULL;
  g_autoptr(GError) error = NULL;

  seat->store = gw_store_new ();
  gw_store_open_async (seat->store, path, NULL, on_done, &opened);
  WAIT_RESULT (opened);
  g_assert_true (gw_store_open_finish (seat->store, opened, &error));
  g_assert_no_error (error);
  seat->client = gw_sync_client_new (seat->store, uri);
  gw_sync_client_sign_in_async (seat->client, username, password, NULL, on_done, &signed_in);
  WAIT_RESULT (signed_in);
  g_assert_true (gw_sync_client_sign_in_finish (seat->client, signed_in, &error));
  g_assert_no_error (error);
  gw_sync_client_start (seat->client);
  WAIT_UNTIL (gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_ONLINE);
  return seat;
}

static void
seat_free (Seat *seat)
{
  gw_sync_client_stop (seat->client);
  g_clear_object (&seat->client);
  gw_store_close (seat->store);
  g_clear_object (&seat->store);
  g_free (seat);
}

static GwTicket *
open_case (Seat          *seat,
           const gint64  *ids,
           guint          n,
           const char    *cat,
           const char    *dep,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gw_sync_client_open_class_case_async (seat->client, ids, n, GW_CLASS_CASE_GRID, cat, dep, NULL, on_done, &result);
  WAIT_RESULT (result);
  return gw_sync_client_open_class_case_finish (seat->client, result, error);
}

/* A refused call: the server's words, nothing written. */
static void
assert_refused (Seat         *seat,
                const gint64 *ids,
                guint         n,
                const char   *cat,
                const char   *dep,
                const char   *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  Counts before = counts ();

  t = open_case (seat, ids, n, cat, dep, &error);
  g_assert_null (t);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s: %s", what, error->message);
  assert_unchanged (before);
}

/* Raw HTTP -------------------------------------------------------------------------------- */

static guint
post (const char  *path,
      const char  *token,
      const char  *content_type,
      const char  *body,
      char       **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", server.port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  soup_message_set_request_body_from_bytes (msg, content_type, bytes);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (answer)
    *answer = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  return soup_message_get_status (msg);
}

static char *
sign_in (const char *username,
         const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (post ("/api/v1/session", NULL, "application/json", body, &answer), ==, 200);
  node = json_from_string (answer, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

/* The tests ------------------------------------------------------------------------------ */

static Seat *officer;

static gpointer
read_ticket_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  return gw_db_get_ticket (db, *(gint64 *) data, error);
}

/* The seat finds the planted case in its mirror, by the server's ids; the server makes it
 * into one supervised ticket, linked to every member, and the seat receives that ticket. */
static void
test_open (void)
{
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autofree char *sql = NULL, *seat_sql = NULL;
  GwClassCase *cc = NULL;
  GwClassCaseQuery q;
  Counts before;

  officer = seat_new ("officer", "officer1", "password-1");
  gw_class_case_query_init (&q, NOW - 30 * DAY, NOW + DAY);
  q.division_code = grid_code;
  q.kinds = 1u << GW_CLASS_CASE_GRID;
  gw_store_find_class_cases_async (officer->store, &q, NULL, on_done, &found);
  WAIT_RESULT (found);
  cases = gw_store_find_class_cases_finish (officer->store, found, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (((GwClassCase *) g_ptr_array_index (cases, i))->category_code, category))
      cc = g_ptr_array_index (cases, i);
  g_assert_nonnull (cc);
  g_assert_cmpuint (cc->ticket_ids->len, ==, G_N_ELEMENTS (planted));
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    g_assert_cmpint (g_array_index (cc->ticket_ids, gint64, i), ==, planted[i]);

  before = counts ();
  t = open_case (officer, (const gint64 *) cc->ticket_ids->data, cc->ticket_ids->len, cc->category_code, department,
                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpint (t->id, >, 0);
  g_assert_cmpstr (t->category_code, ==, category);
  g_assert_cmpstr (t->department_code, ==, department);
  g_assert_cmpint (t->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpint (t->supervise_count, ==, 1);
  g_assert_cmpint (t->level, ==, GW_LEVEL_STREET);
  g_assert_cmpint (counts ().tickets, ==, before.tickets + 1);

  /* Linked both ways on the server, as the signed-in officer. */
  sql = g_strdup_printf ("SELECT count(*) FROM audit a, json_each (a.payload, '$.members') j WHERE a.ticket_id = %"
                         G_GINT64_FORMAT " AND a.action = 'class_case' AND a.role = 'street_officer'"
                         " AND j.value IN (%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%"
                         G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ")",
                         t->id, planted[0], planted[1], planted[2], planted[3], planted[4], planted[5]);
  g_assert_cmpint (server_int (sql), ==, 6);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(DISTINCT ticket_id) FROM audit WHERE action = 'class_case'"
                         " AND json_extract (payload, '$.class_case') = %" G_GINT64_FORMAT, t->id);
  g_assert_cmpint (server_int (sql), ==, 6);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT " AND source = 'higher_level'",
                         t->id);
  g_assert_cmpint (server_int (sql), ==, 1);

  /* The live feed brings the new ticket to the seat. */
  {
    gboolean seen = FALSE;
    gint64 deadline = g_get_monotonic_time () + patience * G_USEC_PER_SEC;

    while (!seen && g_get_monotonic_time () < deadline)
      {
        g_autoptr(GAsyncResult) read = NULL;
        g_autoptr(GwTicket) mirrored = NULL;

        gw_store_read_async (officer->store, read_ticket_func, g_memdup2 (&t->id, sizeof t->id), g_free,
                             (GDestroyNotify) gw_ticket_unref, NULL, on_done, &read);
        WAIT_RESULT (read);
        mirrored = gw_store_read_finish (officer->store, read, NULL);
        seen = mirrored != NULL && mirrored->state == GW_STATE_DISPATCHED;
        if (!seen)
          run_for (100);
      }
    g_assert_true (seen);
  }
}

/* Refusals in the server's words, with nothing written. */
static void
test_refused (void)
{
  gint64 unknown[] = { planted[0], planted[1], 999999999 };
  gint64 mixed[] = { planted[0], planted[1], stray };
  Seat *worker;

  assert_refused (officer, unknown, G_N_ELEMENTS (unknown), NULL, department, "an unknown member");
  assert_refused (officer, planted, G_N_ELEMENTS (planted), NULL, "500223-D99", "an unknown department");
  assert_refused (officer, mixed, G_N_ELEMENTS (mixed), NULL, department, "two subcategories");
  assert_refused (officer, planted, G_N_ELEMENTS (planted), "0000", department, "another subcategory expected");
  assert_refused (officer, planted, 0, NULL, department, "no member");

  /* A grid worker sees the tickets of the grid, but may not make a class case. */
  worker = seat_new ("worker", "worker1", "password-2");
  assert_refused (worker, planted, G_N_ELEMENTS (planted), NULL, department, "a grid worker");
  seat_free (worker);
}

/* The body is checked before anything is read: each refusal names what is wrong. */
static void
test_bodies (void)
{
  g_autofree char *token = sign_in ("officer1", "password-1");
  g_autofree char *by_number = NULL;
  static const struct {
    const char *body;
    guint       status;
    const char *says;
  } cases[] = {
    { "{\"members\":[1],\"kind\":\"grid\",\"colour\":\"red\"}", 400, "colour" },
    { "{\"members\":[],\"kind\":\"grid\"}", 400, "members" },
    { "{\"members\":\"1,2\",\"kind\":\"grid\"}", 400, "members" },
    { "{\"members\":[1],\"kind\":\"sideways\"}", 400, "sideways" },
    { "{\"members\":[1, {\"id\":2}],\"kind\":\"grid\"}", 400, "members[1]" },
    { "{\"members\":[-4],\"kind\":\"grid\"}", 400, "members[0]" },
    { "{\"members\":[\"NO-SUCH-NUMBER\"],\"kind\":\"grid\"}", 404, "NO-SUCH-NUMBER" },
    { "[1, 2, 3]", 400, NULL },
    { "{\"members\":[1],", 400, NULL },
  };
  Counts before = counts ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *answer = NULL;
      guint status = post ("/api/v1/class-cases", token, "application/json", cases[i].body, &answer);

      g_test_message ("%s -> %u %s", cases[i].body, status, answer);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_nonnull (strstr (answer, "\"error\""));
      if (cases[i].says)
        g_assert_nonnull (strstr (answer, cases[i].says));
    }
  g_assert_cmpuint (post ("/api/v1/class-cases", NULL, "application/json", "{\"members\":[1],\"kind\":\"grid\"}", NULL),
                    ==, 401);
  g_assert_cmpuint (post ("/api/v1/class-cases", token, "text/plain", "{}", NULL), ==, 415);
  assert_unchanged (before);

  /* Members by number: the same case again, for the suggested department. */
  by_number = g_strdup_printf ("{\"members\":[\"CC00001\",\"CC00002\",\"CC00003\",\"CC00004\",\"CC00005\",\"CC00006\"],"
                               "\"kind\":\"nearby\",\"category\":\"%s\",\"department\":\"%s\"}", category, department);
  g_assert_cmpuint (post ("/api/v1/class-cases", token, "application/json", by_number, NULL), ==, 201);
  g_assert_cmpint (counts ().tickets, ==, before.tickets + 1);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload"))
    patience *= 20;
  tmpdir = g_dir_make_tmp ("gw-test-sync-class-case-XXXXXX", NULL);
  setup_database ();
  gw_test_server_start (&server, db_path, 0, NULL);
  g_test_add_func ("/sync/class-case/open", test_open);
  g_test_add_func ("/sync/class-case/refused", test_refused);
  g_test_add_func ("/sync/class-case/bodies", test_bodies);
  ret = g_test_run ();
  if (officer)
    seat_free (officer);
  gw_test_server_stop (&server, SIGTERM);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (category);
  g_free (grid_code);
  g_free (department);
  return ret;
}
