/* A drill at 60× on the Tongnan-scale county: the Qiong River flood (thousands of reports in
 * bursts, data/scenarios/qiong-river-flood.json) served by a real gridwatchd --drill, with
 * two street seats connected through the sync client.
 *
 * Figures:
 *   drill-injection-lag-p95/p50   real ms from an injection falling due to its being written
 *                                 (the drill log's lag_ms), against the target of 1 s, and
 *                                 against the same server's plain report POST (p95) measured
 *                                 in the same run before the drill starts;
 *   drill-seat-catchup-*          real ms from an injection written on the server to its
 *                                 ticket in each seat's file (ticket-changed), for the
 *                                 tickets of the seat's street; "-live" counts only those
 *                                 applied while the seat was online (the scenario cuts one
 *                                 seat off for 45 scenario minutes);
 *   drill-reports                 reports injected.
 * The drill runs for GW_BENCH_DRILL_SECONDS real seconds (default 180: three scenario hours,
 * the bursts' rise and the network drop), then is ended. Never fails on timing. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "gw-scenario.h"
#include "gw-sync-drill.h"
#include "gw-test-server.h"

#define SPEED          60.0
#define POST_SAMPLES   200
#define CATCH_UP_WAIT  120   /* seconds the seats get to catch up after the end */

static SoupSession *session;
static guint port;

/* The main loop, for a while ------------------------------------------------------------ */

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

#define WAIT_UNTIL(expr, seconds, what)                                                  \
  G_STMT_START {                                                                         \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;             \
    while (!(expr))                                                                      \
      {                                                                                  \
        if (g_get_monotonic_time () > _deadline)                                         \
          g_error ("waited %d s in vain for %s", (int) (seconds), what);                 \
        run_for (10);                                                                    \
      }                                                                                  \
  } G_STMT_END

/* HTTP on the main loop (the seats keep running meanwhile) ----------------------------- */

typedef struct {
  gboolean  done;
  guint     status;
  JsonNode *json;
  gint64    sent;
  gint64    answered;
} Http;

static void
on_http (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Http *h = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (bytes == NULL)
    g_error ("HTTP: %s", error->message);
  h->answered = g_get_monotonic_time ();
  h->status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) > 0)
    h->json = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  h->done = TRUE;
}

static Http
http (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Http h = { FALSE, 0, NULL, 0, 0 };

  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  h.sent = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_http, &h);
  WAIT_UNTIL (h.done, 120, path);
  return h;
}

static void
http_clear (Http *h)
{
  g_clear_pointer (&h->json, json_node_unref);
}

static char *
login (const char *username,
       const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
  Http h = http ("POST", "/api/v1/session", NULL, body);
  char *token;

  if (h.status != 200)
    g_error ("cannot sign in as %s: %u", username, h.status);
  token = g_strdup (json_object_get_string_member (json_node_get_object (h.json), "token"));
  http_clear (&h);
  return token;
}

/* Figures -------------------------------------------------------------------------------- */

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, bench_compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) ceil (p * values->len) - (p > 0 ? 1 : 0)));
}

/* Seats -------------------------------------------------------------------------------------- */

typedef struct {
  const char   *name;
  const char   *street;
  char         *path;
  GwStore      *store;
  GwSyncClient *client;
  GHashTable   *seen;       /* ticket id -> monotonic µs it was first in the seat's file */
  GArray       *offline;    /* pairs of monotonic µs: [went offline, came back) */
  gboolean      opened;
  gboolean      signed_in;
} Seat;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Seat *seat = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    g_error ("%s", error->message);
  seat->opened = TRUE;
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Seat *seat = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error))
    g_error ("%s", error->message);
  seat->signed_in = TRUE;
}

static void
on_ticket_changed (GwSyncClient *client,
                   gint64        id,
                   Seat         *seat)
{
  if (!g_hash_table_contains (seat->seen, &id))
    g_hash_table_insert (seat->seen, g_memdup2 (&id, sizeof id),
                         g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
}

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          Seat       *seat)
{
  gboolean online = gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_ONLINE;
  gint64 now = g_get_monotonic_time ();

  /* Odd length: offline now. */
  if (!online && seat->offline->len % 2 == 0)
    g_array_append_val (seat->offline, now);
  else if (online && seat->offline->len % 2 == 1)
    g_array_append_val (seat->offline, now);
}

static gboolean
was_online (Seat   *seat,
            gint64  when)
{
  for (guint i = 0; i < seat->offline->len; i += 2)
    {
      gint64 from = g_array_index (seat->offline, gint64, i);
      gint64 until = i + 1 < seat->offline->len ? g_array_index (seat->offline, gint64, i + 1) : G_MAXINT64;

      if (when >= from && when < until)
        return FALSE;
    }
  return TRUE;
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".snapshot" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

static Seat *
seat_new (const char *dir,
          const char *name,
          const char *street,
          const char *username)
{
  Seat *seat = g_new0 (Seat, 1);
  g_autofree char *file = g_strdup_printf ("bench-drill-%s.db", name);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);

  seat->name = name;
  seat->street = street;
  seat->path = g_build_filename (dir, file, NULL);
  remove_db (seat->path);
  seat->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  seat->offline = g_array_new (FALSE, FALSE, sizeof (gint64));
  seat->store = gw_store_new ();
  gw_store_open_async (seat->store, seat->path, NULL, on_opened, seat);
  WAIT_UNTIL (seat->opened, 60, "the seat's store");
  seat->client = gw_sync_client_new (seat->store, uri);
  g_signal_connect (seat->client, "ticket-changed", G_CALLBACK (on_ticket_changed), seat);
  gw_sync_client_sign_in_async (seat->client, username, "drill", NULL, on_signed_in, seat);
  WAIT_UNTIL (seat->signed_in, 60, "the seat's sign-in");
  gw_sync_client_start (seat->client);
  return seat;
}

static void
seat_free (Seat *seat)
{
  g_signal_handlers_disconnect_by_data (seat->client, seat);
  gw_sync_client_stop (seat->client);
  g_clear_object (&seat->client);
  gw_store_close (seat->store);
  g_object_unref (seat->store);
  remove_db (seat->path);
  g_free (seat->path);
  g_hash_table_unref (seat->seen);
  g_array_unref (seat->offline);
  g_free (seat);
}

static gboolean
seat_online (Seat *seat)
{
  return gw_sync_client_get_state (seat->client) == GW_SYNC_STATE_ONLINE;
}

/* The scenario -------------------------------------------------------------------------------- */

/* When data/scenarios has no Qiong River flood: one of its shape, generated here — a
 * morning of the county with thousands of reports in bursts over two streets. */
static char *
write_generated_scenario (const char *dir)
{
  g_autoptr(GString) grids_a = g_string_new (NULL);
  g_autoptr(GString) grids_b = g_string_new (NULL);
  g_autofree char *text = NULL;
  char *path = g_build_filename (dir, "bench-drill-scenario.json", NULL);

  for (guint c = 1; c <= 5; c++)
    for (guint g = 1; g <= 4; g++)
      {
        g_string_append_printf (grids_a, "%s\"500223001%03u%03u\"", grids_a->len ? ", " : "", c, g);
        g_string_append_printf (grids_b, "%s\"500223002%03u%03u\"", grids_b->len ? ", " : "", c, g);
      }
  text = g_strdup_printf (
    "{\"format\": 1, \"id\": \"bench-flood\", \"title\": {\"en\": \"A flood\", \"zh_CN\": \"洪水\"},\n"
    " \"profile\": \"tongnan\", \"seed\": 1, \"start\": \"2023-07-28T02:00:00+08:00\", \"speed\": 60,\n"
    " \"duration\": \"12h\",\n"
    " \"seats\": [{\"id\": \"commander\", \"role\": \"commander\", \"division\": \"500223\"},\n"
    "           {\"id\": \"zitong-duty\", \"role\": \"street_officer\", \"division\": \"500223001\"},\n"
    "           {\"id\": \"guilin-duty\", \"role\": \"street_officer\", \"division\": \"500223002\"}],\n"
    " \"world\": {\"verify_after\": \"8m\", \"sign_after\": \"15m\", \"report_in_after\": \"20m\",\n"
    "           \"report_back_after\": \"3h\", \"evaluate_after\": \"2h\"},\n"
    " \"injections\": [\n"
    "  {\"id\": \"calls-zitong\", \"at\": \"30m\", \"kind\": \"report_burst\", \"count\": 1600, \"over\": \"5h\",\n"
    "   \"grids\": [%s], \"categories\": [{\"code\": \"0409\", \"weight\": 3}, {\"code\": \"0101\", \"weight\": 1}],\n"
    "   \"shape\": \"peak\", \"seed\": 7281},\n"
    "  {\"id\": \"calls-guilin\", \"at\": \"45m\", \"kind\": \"report_burst\", \"count\": 1400, \"over\": \"5h\",\n"
    "   \"grids\": [%s], \"categories\": [{\"code\": \"0409\", \"weight\": 3}, {\"code\": \"0101\", \"weight\": 1}],\n"
    "   \"shape\": \"peak\", \"seed\": 7282},\n"
    "  {\"id\": \"zitong-offline\", \"at\": \"1h30m\", \"kind\": \"network_drop\", \"seat\": \"zitong-duty\",\n"
    "   \"duration\": \"45m\"}\n"
    " ]}\n", grids_a->str, grids_b->str);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
  return path;
}

static char *
find_scenario (const char *dir)
{
  const char *folder = gw_scenario_get_shipped_folder ();
  g_autofree char *shipped = folder ? g_build_filename (folder, "qiong-river-flood.json", NULL) : NULL;

  if (shipped && g_file_test (shipped, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&shipped);
  printf ("# data/scenarios/qiong-river-flood.json not found: a generated flood of its shape\n");
  return write_generated_scenario (dir);
}

/* The drill's street tickets, read from the copy beside the server. */
static GHashTable *
street_of_tickets (const char *drill_db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill_db, &error);
  GHashTable *streets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    g_error ("%s", error->message);
  if (sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "SELECT l.ticket_id, d.code FROM drill_log l JOIN tickets t ON t.id = l.ticket_id"
                          " JOIN divisions d ON d.id = t.street_id WHERE l.kind = 'injection' AND l.ticket_id > 0",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (gw_db_get_handle (db)));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (streets, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return streets;
}

/* A point inside a grid of a street no seat watches, for the baseline's reports. */
static void
baseline_point (const char *drill_db,
                double     *lon,
                double     *lat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill_db, &error);
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    g_error ("%s", error->message);
  if (sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "SELECT label_lon, label_lat FROM divisions WHERE level = 'grid'"
                          " AND code LIKE '500223003%' ORDER BY code LIMIT 1", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no grid for the baseline: %s", sqlite3_errmsg (gw_db_get_handle (db)));
  *lon = sqlite3_column_double (stmt, 0);
  *lat = sqlite3_column_double (stmt, 1);
  sqlite3_finalize (stmt);
}

/* The run ------------------------------------------------------------------------------------- */

typedef struct {
  gint64 ticket_id;
  gint64 at;        /* scenario instant */
  gint64 lag_ms;
  gboolean report;
} Applied;

int
main (void)
{
  const char *dir = g_getenv ("GW_BENCH_DIR") ? g_getenv ("GW_BENCH_DIR") : ".";
  const char *budget_env = g_getenv ("GW_BENCH_DRILL_SECONDS");
  guint budget = budget_env ? (guint) g_ascii_strtoull (budget_env, NULL, 10) : 180;
  g_autofree char *county = bench_tongnan_db ();
  g_autofree char *scenario = NULL;
  g_autofree char *drill_db = g_build_filename (dir, "bench-drill.db", NULL);
  g_autofree char *center = NULL, *report = NULL;
  g_autoptr(GArray) post_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lag_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lag_reports = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (Applied));
  g_autoptr(GHashTable) streets = NULL;
  GwTestServer server = { 0, 0 };
  Seat *seats[2];
  gint64 start_unix, t0, t_ready;
  double lon, lat, post_p95, lag_p95, lag_p50;
  gint64 after = 0;
  guint n_reports = 0;
  Http h;

  if (budget == 0)
    budget = 180;
  session = soup_session_new_with_options ("timeout", 120, NULL);
  scenario = find_scenario (dir);
  remove_db (drill_db);

  /* The server: the county copied into the drill's file, served at 60×. */
  t0 = g_get_monotonic_time ();
  {
    const char *extra[] = { "--drill", scenario, "--drill-db", drill_db, NULL };
    gw_test_server_start (&server, county, 0, extra);
  }
  port = server.port;
  printf ("# the drill's copy of the county made and served in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);

  center = login ("drill-district-center", "drill");
  h = http ("GET", "/api/v1/drill", center, NULL);
  if (h.status != 200)
    {
      /* The generated scenario names no district center: its commander runs the drill. */
      http_clear (&h);
      g_free (center);
      center = login ("drill-commander", "drill");
      h = http ("GET", "/api/v1/drill", center, NULL);
    }
  start_unix = json_object_get_int_member (json_object_get_object_member (json_node_get_object (h.json), "clock"),
                                           "now_unix");
  http_clear (&h);

  /* Two street seats, synced before the drill starts. */
  t0 = g_get_monotonic_time ();
  seats[0] = seat_new (dir, "zitong", "500223001", "drill-zitong-duty");
  seats[1] = seat_new (dir, "guilin", "500223002", "drill-guilin-duty");
  WAIT_UNTIL (seat_online (seats[0]) && seat_online (seats[1]), 600, "the seats to come online");
  printf ("# two street seats synced in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);
  for (guint s = 0; s < 2; s++)
    g_signal_connect (seats[s]->client, "notify::state", G_CALLBACK (on_state), seats[s]);

  /* The drill, at 60×, for the budget. */
  baseline_point (drill_db, &lon, &lat);
  h = http ("POST", "/api/v1/drill/start", center, "{}");
  if (h.status != 200)
    g_error ("cannot start the drill: %u", h.status);
  /* The clock started while the request was in flight: its middle. */
  t_ready = (h.sent + h.answered) / 2;
  http_clear (&h);

  /* The in-run baseline, in the drill's first scenario minutes (before its first burst):
   * the same server's plain report POST, one after another. Reports need the clock to
   * run — a ticket's number is its second and a random suffix, which collide when many
   * are made in one second of a stopped clock. */
  report = g_strdup_printf ("{\"category\": \"0101\", \"lon\": %.7f, \"lat\": %.7f, \"description\": \"基准上报\","
                            " \"source\": \"hotline\", \"level\": \"street\"}", lon, lat);
  for (guint i = 0, tries = 0; i < POST_SAMPLES && tries < 2 * POST_SAMPLES; tries++)
    {
      h = http ("POST", "/api/v1/tickets", center, report);
      if (h.status == 201)
        {
          g_array_append_val (post_ms, ((double) { (h.answered - h.sent) / 1000.0 }));
          i++;
        }
      else if (h.status != 400)
        g_error ("baseline report: %u", h.status);
      http_clear (&h);
    }
  post_p95 = percentile (post_ms, 0.95);
  run_for (MAX (1, budget * 1000 - (g_get_monotonic_time () - t_ready) / 1000));
  h = http ("POST", "/api/v1/drill/end", center, "{}");
  http_clear (&h);

  /* The drill log: every injection and its lag. */
  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/drill/log?after=%" G_GINT64_FORMAT "&limit=5000", after);
      JsonArray *events;
      JsonNode *next;

      h = http ("GET", path, center, NULL);
      if (h.status != 200)
        g_error ("drill log: %u", h.status);
      events = json_object_get_array_member (json_node_get_object (h.json), "events");
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *e = json_array_get_object_element (events, i);
          JsonNode *payload = json_object_get_member (e, "payload");
          JsonNode *ticket = json_object_get_member (e, "ticket_id");
          Applied a = { 0, };

          if (g_strcmp0 (json_object_get_string_member (e, "kind"), "injection") != 0)
            continue;
          a.ticket_id = ticket && !JSON_NODE_HOLDS_NULL (ticket) ? json_node_get_int (ticket) : 0;
          {
            g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_object_get_string_member (e, "at"), NULL);
            a.at = dt ? g_date_time_to_unix (dt) : start_unix;
          }
          a.lag_ms = json_object_get_int_member (e, "lag_ms");
          a.report = payload && JSON_NODE_HOLDS_OBJECT (payload) &&
                     g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (payload), "kind", ""),
                                "report") == 0;
          g_array_append_val (applied, a);
          g_array_append_val (lag_all, ((double) { a.lag_ms }));
          if (a.report)
            {
              g_array_append_val (lag_reports, ((double) { a.lag_ms }));
              n_reports++;
            }
        }
      next = json_object_get_member (json_node_get_object (h.json), "next_after");
      if (next == NULL || JSON_NODE_HOLDS_NULL (next))
        {
          http_clear (&h);
          break;
        }
      after = json_node_get_int (next);
      http_clear (&h);
    }

  /* The seats catch up with every ticket of their street. */
  streets = street_of_tickets (drill_db);
  {
    gint64 deadline = g_get_monotonic_time () + CATCH_UP_WAIT * G_USEC_PER_SEC;
    gboolean complete = FALSE;

    while (!complete && g_get_monotonic_time () < deadline)
      {
        complete = TRUE;
        for (guint i = 0; i < applied->len && complete; i++)
          {
            Applied *a = &g_array_index (applied, Applied, i);
            const char *street = g_hash_table_lookup (streets, &a->ticket_id);

            for (guint s = 0; s < 2 && complete; s++)
              if (g_strcmp0 (street, seats[s]->street) == 0 && !g_hash_table_contains (seats[s]->seen, &a->ticket_id))
                complete = FALSE;
          }
        if (!complete)
          run_for (100);
      }
    if (!complete)
      printf ("# some tickets had not reached their seat %d s after the end\n", CATCH_UP_WAIT);
  }

  lag_p95 = percentile (lag_reports->len ? lag_reports : lag_all, 0.95);
  lag_p50 = percentile (lag_reports->len ? lag_reports : lag_all, 0.50);
  printf ("# %u injections applied in %u s at %.0fx (%u reports); plain report POST p50 %.1f ms p95 %.1f ms\n",
          applied->len, budget, SPEED, n_reports, percentile (post_ms, 0.5), post_p95);
  bench_figure ("drill-injection-lag-p95", lag_p95, "ms", 1000, "ms");
  bench_figure ("drill-injection-lag-p50", lag_p50, "ms", 1000, "ms");
  bench_figure ("drill-injection-lag-p95-vs-post", lag_p95, "ms", post_p95, "ms(plain report POST p95)");
  bench_figure ("drill-injection-lag-max", percentile (lag_all, 1.0), "ms", -1, NULL);
  bench_figure ("drill-reports", n_reports, "reports", -1, NULL);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (double));
      guint missing = 0;
      g_autofree char *name_p50 = g_strdup_printf ("drill-seat-catchup-%s-p50", seats[s]->name);
      g_autofree char *name_p95 = g_strdup_printf ("drill-seat-catchup-%s-p95", seats[s]->name);
      g_autofree char *name_live = g_strdup_printf ("drill-seat-catchup-%s-live-p95", seats[s]->name);

      for (guint i = 0; i < applied->len; i++)
        {
          Applied *a = &g_array_index (applied, Applied, i);
          const char *street = g_hash_table_lookup (streets, &a->ticket_id);
          gint64 *seen;
          gint64 written;
          double ms;

          if (g_strcmp0 (street, seats[s]->street) != 0)
            continue;
          seen = g_hash_table_lookup (seats[s]->seen, &a->ticket_id);
          if (seen == NULL)
            {
              missing++;
              continue;
            }
          /* When the server wrote it: due at its instant on a clock running at 60× from
           * the start, then lag_ms later. */
          written = t_ready + (gint64) ((a->at - start_unix) / SPEED * G_USEC_PER_SEC) + a->lag_ms * 1000;
          ms = MAX (0.0, (*seen - written) / 1000.0);
          g_array_append_val (all, ms);
          if (was_online (seats[s], written))
            g_array_append_val (live, ms);
        }
      printf ("# seat %s: %u tickets of its street (%u arrived while online, %u never arrived), cut off %u times\n",
              seats[s]->name, all->len + missing, live->len, missing, (seats[s]->offline->len + 1) / 2);
      bench_figure (name_p50, percentile (all, 0.5), "ms", -1, NULL);
      bench_figure (name_p95, percentile (all, 0.95), "ms", 1000, "ms");
      bench_figure (name_live, percentile (live, 0.95), "ms", 1000, "ms");
    }

  for (guint s = 0; s < 2; s++)
    seat_free (seats[s]);
  gw_test_server_stop (&server, SIGTERM);
  remove_db (drill_db);
  g_object_unref (session);
  return 0;
}
