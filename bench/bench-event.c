/* Event to screen with real seats: a report made on one seat, until each of the other 99
 * seats has it in its own database and has said so on its main loop ("ticket-changed", what
 * a seat's views redraw on). A real gridwatchd on loopback (small demo county) and 100 real
 * GwSyncClients in this process, each with its own seat database, all in the jurisdiction
 * of the report's grid (district center, street, community and grid seats); their initial
 * sync is setup, not measured. The baseline is the report's live-feed frame arriving on bare
 * WebSocket listeners, on a thread and main context of their own, in the same runs: the
 * floor that the seats' parsing, writing and signalling add to. Target: p99 under 250 ms.
 * GW_BENCH_EVENT_SEATS=N runs it with N seats instead, to see how the figure grows with the
 * seats sharing this machine. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"

#define N_SEATS_MAX  1000
#define N_RAW        4      /* bare listeners for the baseline */
#define WARMUP       2      /* rounds not counted */
#define ROUNDS       20
#define BENCH_NOW    1795330800  /* 2026-11-23T08:00:00+08:00 */
#define PASSWORD     "bench-password"
#define MARKER       "event-bench round "

typedef struct {
  guint         index;
  GwStore      *store;
  GwSyncClient *client;
  const char   *username;
  gboolean      online;     /* came online once */
  gint64        last_id;    /* the last ticket this seat announced in this round */
} Seat;

typedef struct {
  guint  seat;
  gint64 at;                /* monotonic µs */
} Arrival;

static GMainLoop *loop;
static Seat seats[N_SEATS_MAX];
static guint n_seats = 100;   /* GW_BENCH_EVENT_SEATS, to see how the figure scales */
static guint n_grid;          /* the first n_grid seats are grid workers' */
static guint port;
static guint waiting;        /* seats still to sign in, or to come online */
static GHashTable *seen;     /* ticket id -> GArray of Arrival, this round */
static gint64 round_id;      /* the round's ticket, once the server has answered */
static guint round_reporter; /* the seat that reported it */

/* Bare listeners ----------------------------------------------------------------------- */

typedef struct {
  GMutex        lock;
  guint         round;       /* the round being measured */
  gint64        sent_at;
  GArray       *arrivals;    /* ms, of the counted rounds */
  char         *token;
  gint          welcomed;
  GMainContext *context;
  GMainLoop    *loop;
  GPtrArray    *conns;
} Raw;

static Raw raw;

static void
on_raw_message (SoupWebsocketConnection *conn,
                gint                     type,
                GBytes                  *message,
                gpointer                 user_data)
{
  gint64 now = g_get_monotonic_time ();
  gsize size;
  const char *text = g_bytes_get_data (message, &size);
  g_autofree char *copy = g_strndup (text, size);
  const char *mark = strstr (copy, MARKER);
  const char *last = strstr (copy, "\"last_seq\":");

  if (g_str_has_prefix (copy, "{\"type\":\"welcome\""))
    {
      g_atomic_int_inc (&raw.welcomed);
      return;
    }
  /* Acknowledged, as a seat does, or the server lets the listener go. */
  if (last)
    {
      g_autofree char *ack = g_strdup_printf ("{\"type\":\"ack\",\"ack\":%" G_GINT64_FORMAT "}",
                                              g_ascii_strtoll (last + strlen ("\"last_seq\":"), NULL, 10));
      soup_websocket_connection_send_text (conn, ack);
    }
  if (mark)
    {
      guint round = (guint) g_ascii_strtoull (mark + strlen (MARKER), NULL, 10);

      g_mutex_lock (&raw.lock);
      if (round == raw.round && round >= WARMUP)
        {
          double ms = (now - raw.sent_at) / 1000.0;
          g_array_append_val (raw.arrivals, ms);
        }
      g_mutex_unlock (&raw.lock);
    }
}

static void
on_raw_connected (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_autofree char *hello = NULL;

  if (conn == NULL)
    g_error ("bare listener: %s", error->message);
  soup_websocket_connection_set_max_incoming_payload_size (conn, 0);
  g_signal_connect (conn, "message", G_CALLBACK (on_raw_message), NULL);
  hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", raw.token);
  soup_websocket_connection_send_text (conn, hello);
  g_ptr_array_add (raw.conns, conn);
}

static gpointer
raw_thread (gpointer data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live", port);

  g_main_context_push_thread_default (raw.context);
  session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  for (guint i = 0; i < N_RAW; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            on_raw_connected, NULL);
    }
  g_main_loop_run (raw.loop);
  for (guint i = 0; i < raw.conns->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (raw.conns, i), SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_set_size (raw.conns, 0);
  g_main_context_pop_thread_default (raw.context);
  return NULL;
}

static gboolean
quit_raw (gpointer data)
{
  g_main_loop_quit (raw.loop);
  return G_SOURCE_REMOVE;
}

/* Seats -------------------------------------------------------------------------------- */

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    g_error ("seat database: %s", error->message);
  if (--waiting == 0)
    g_main_loop_quit (loop);
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error))
    g_error ("seat sign-in: %s", error->message);
  if (--waiting == 0)
    g_main_loop_quit (loop);
}

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  Seat *seat = user_data;
  GwSyncState state = gw_sync_client_get_state (GW_SYNC_CLIENT (object));

  if (state == GW_SYNC_STATE_ONLINE && !seat->online)
    {
      seat->online = TRUE;
      if (--waiting == 0)
        g_main_loop_quit (loop);
    }
}

static guint
round_count (void)
{
  GArray *a = round_id ? g_hash_table_lookup (seen, &round_id) : NULL;
  guint n = 0;

  for (guint i = 0; a && i < a->len; i++)
    n += g_array_index (a, Arrival, i).seat != round_reporter;
  return n;
}

static void
on_ticket_changed (GwSyncClient *client,
                   gint64        id,
                   gpointer      user_data)
{
  Seat *seat = user_data;
  Arrival arrival = { seat->index, g_get_monotonic_time () };
  GArray *a;

  if (seen == NULL || seat->last_id == id)
    return;
  seat->last_id = id;
  a = g_hash_table_lookup (seen, &id);
  if (a == NULL)
    {
      a = g_array_new (FALSE, FALSE, sizeof (Arrival));
      g_hash_table_insert (seen, g_memdup2 (&id, sizeof id), a);
    }
  g_array_append_val (a, arrival);
  if (id == round_id && round_count () == n_seats - 1)
    g_main_loop_quit (loop);
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(JsonNode) root = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  if (bytes == NULL || soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    g_error ("report refused: %s", bytes ? (const char *) g_bytes_get_data (bytes, NULL) : error->message);
  root = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 16, &error);
  if (root == NULL)
    g_error ("report answer: %s", error->message);
  round_id = json_object_get_int_member (json_node_get_object (root), "id");
  if (round_count () == n_seats - 1)
    g_main_loop_quit (loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *fired = user_data;

  *fired = TRUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until something quits it, or fails after `seconds`. */
static void
run_or_fail (guint       seconds,
             const char *what)
{
  gboolean fired = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &fired);

  g_main_loop_run (loop);
  if (fired)
    g_error ("%s: nothing after %u s", what, seconds);
  g_source_remove (id);
}

static void
pause_ms (guint ms)
{
  gboolean fired = FALSE;

  g_timeout_add (ms, on_timeout, &fired);
  while (!fired)
    g_main_loop_run (loop);
}

/* Setup -------------------------------------------------------------------------------- */

static char *
sign_in (SoupSession *session,
         const char  *username)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/api/v1/session", port);
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}", username);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer)
    root = gw_json_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), 16, &error);
  if (root == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("sign-in of %s failed", username);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static double
percentile (GArray *a,
            double  p)
{
  g_array_sort (a, bench_compare_double);
  return g_array_index (a, double, (guint) ((a->len - 1) * p + 0.5));
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-bench-event-XXXXXX", NULL);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *uri = NULL, *report_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  char *chain[GW_N_LEVELS] = { NULL, };
  GwTestServer server = { 0, 0 };
  GThread *thread;
  struct rlimit limit;
  double lon, lat;
  gint64 t0;

  if (g_getenv ("GW_BENCH_EVENT_SEATS"))
    n_seats = CLAMP (atoi (g_getenv ("GW_BENCH_EVENT_SEATS")), 2, N_SEATS_MAX);
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  /* The county, and one user per level whose jurisdiction holds the report's grid. */
  {
    g_autoptr(GwDb) db = gw_db_open (server_db, &error);
    g_autoptr(GwDivision) grid = NULL;

    if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, BENCH_NOW, NULL, NULL, &error) ||
        (grid = gw_db_get_division (db, "500223001001002", &error)) == NULL ||
        !gw_db_locate (db, grid->label_lon, grid->label_lat, chain, &error))
      g_error ("%s", error->message);
    lon = grid->label_lon;
    lat = grid->label_lat;
    if (chain[GW_LEVEL_GRID] == NULL || chain[GW_LEVEL_COMMUNITY] == NULL || chain[GW_LEVEL_STREET] == NULL)
      g_error ("the report's point is not in a grid");
    if (!gw_accounts_add_user (db, "center", "区指挥中心", GW_ROLE_DISTRICT_CENTER, chain[GW_LEVEL_DISTRICT], NULL, PASSWORD, &error) ||
        !gw_accounts_add_user (db, "street", "街道值班", GW_ROLE_STREET_OFFICER, chain[GW_LEVEL_STREET], NULL, PASSWORD, &error) ||
        !gw_accounts_add_user (db, "community", "社区值班", GW_ROLE_COMMUNITY_STAFF, chain[GW_LEVEL_COMMUNITY], NULL, PASSWORD, &error) ||
        !gw_accounts_add_user (db, "grid", "网格员", GW_ROLE_GRID_WORKER, chain[GW_LEVEL_GRID], NULL, PASSWORD, &error))
      g_error ("%s", error->message);
  }
  gw_test_server_start (&server, server_db, 0, NULL);
  port = server.port;
  uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 60, NULL);
  report_token = sign_in (session, "grid");

  /* Of 100 seats: 40 grid workers' (the reporters), 40 community staff's, 16 street
   * officers' and 4 district-center seats, each signed in on its own and synced before
   * anything is measured. */
  t0 = g_get_monotonic_time ();
  waiting = n_seats;
  for (guint i = 0; i < n_seats; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/seat-%03u.db", dir, i);
      guint share = i * 100 / n_seats;

      seats[i].index = i;
      seats[i].username = share < 40 ? "grid" : share < 80 ? "community" : share < 96 ? "street" : "center";
      n_grid += share < 40;
      seats[i].store = gw_store_new ();
      gw_store_open_async (seats[i].store, path, NULL, on_store_opened, NULL);
    }
  while (waiting > 0)
    run_or_fail (120, "opening the seats' databases");
  waiting = n_seats;
  for (guint i = 0; i < n_seats; i++)
    {
      seats[i].client = gw_sync_client_new (seats[i].store, uri);
      gw_sync_client_sign_in_async (seats[i].client, seats[i].username, PASSWORD, NULL, on_signed_in, NULL);
    }
  while (waiting > 0)
    run_or_fail (300, "signing the seats in");
  waiting = n_seats;
  for (guint i = 0; i < n_seats; i++)
    {
      g_signal_connect (seats[i].client, "notify::state", G_CALLBACK (on_state), &seats[i]);
      g_signal_connect (seats[i].client, "ticket-changed", G_CALLBACK (on_ticket_changed), &seats[i]);
      gw_sync_client_start (seats[i].client);
    }
  while (waiting > 0)
    run_or_fail (600, "bringing the seats online");
  printf ("# %u seats signed in, synced and online in %.1f s\n", n_seats, (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);

  /* The bare listeners, on their own thread. */
  g_mutex_init (&raw.lock);
  raw.arrivals = g_array_new (FALSE, FALSE, sizeof (double));
  raw.token = sign_in (session, "center");
  raw.context = g_main_context_new ();
  raw.loop = g_main_loop_new (raw.context, FALSE);
  raw.conns = g_ptr_array_new_with_free_func (g_object_unref);
  raw.round = G_MAXUINT;
  thread = g_thread_new ("bench-raw", raw_thread, NULL);
  while (g_atomic_int_get (&raw.welcomed) < N_RAW)
    g_usleep (10 * 1000);
  pause_ms (500);

  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint round = 0; round < WARMUP + ROUNDS; round++)
    {
      g_autofree char *body = g_strdup_printf ("{\"category\":\"0101\",\"lon\":%.7f,\"lat\":%.7f,"
                                               "\"description\":\"路边暴露垃圾（" MARKER "%u）\"}", lon, lat, round);
      g_autofree char *report_uri = g_strdup_printf ("%s/api/v1/tickets", uri);
      g_autofree char *auth = g_strconcat ("Bearer ", report_token, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", report_uri);
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      GArray *arrivals;
      gint64 sent_at;

      g_hash_table_remove_all (seen);
      for (guint i = 0; i < n_seats; i++)
        seats[i].last_id = 0;
      round_id = 0;
      round_reporter = round % n_grid;   /* a grid worker's seat */
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      sent_at = g_get_monotonic_time ();
      g_mutex_lock (&raw.lock);
      raw.round = round;
      raw.sent_at = sent_at;
      g_mutex_unlock (&raw.lock);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_reported, NULL);
      while (round_count () < n_seats - 1)
        run_or_fail (30, "a report reaching every seat");
      arrivals = g_hash_table_lookup (seen, &round_id);
      for (guint i = 0; round >= WARMUP && i < arrivals->len; i++)
        {
          Arrival *a = &g_array_index (arrivals, Arrival, i);
          double ms = (a->at - sent_at) / 1000.0;

          if (a->seat != round_reporter)
            g_array_append_val (latencies, ms);
        }
      /* A calm moment between reports, for the listeners' acknowledgements. */
      pause_ms (300);
    }

  g_main_context_invoke (raw.context, quit_raw, NULL);
  g_thread_join (thread);
  {
    double raw_p50 = raw.arrivals->len ? percentile (raw.arrivals, 0.5) : -1;
    double raw_p99 = raw.arrivals->len ? percentile (raw.arrivals, 0.99) : -1;

    g_autofree char *p50 = g_strdup_printf ("event_to_screen_%u_seats_p50", n_seats);
    g_autofree char *p99 = g_strdup_printf ("event_to_screen_%u_seats_p99", n_seats);

    bench_figure (p50, percentile (latencies, 0.5), "ms", raw_p50, "ms(live frame p50)");
    bench_figure (p99, percentile (latencies, 0.99), "ms", 250, "ms(target)");
    bench_figure ("event_live_frame_p99", raw_p99, "ms", -1, NULL);
  }

  for (guint i = 0; i < n_seats; i++)
    {
      gw_sync_client_stop (seats[i].client);
      g_clear_object (&seats[i].client);
      gw_store_close (seats[i].store);
      g_clear_object (&seats[i].store);
    }
  gw_test_server_stop (&server, SIGTERM);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_free (chain[i]);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    (void) !system (cmd);
  }
  return 0;
}
