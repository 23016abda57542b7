/* gridwatchd on loopback, measured from a client of ours:
 *   ingest: reports accepted per second over HTTP with 8 connections (wrk), against the same
 *           reports written straight into SQLite (gw_db_report, one transaction each);
 *   pages:  50-ticket pages per second at 100 connections (wrk), against /ping likewise;
 *   storm:  2,000 seats opening the live feed at once, until every one is welcomed;
 *   fanout: a report reaching 100 connected seats' live feeds (p50, p99). */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"
#include "bench-rawws.h"
#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-test-server.h"

static guint port;
static char *token;
static GMainLoop *loop;
static SoupSession *session;
static double lon, lat;

static GwTestServer server;

static void
start_server (const char *db)
{
  gw_test_server_start (&server, db, 0, NULL);
  port = server.port;
}

static SoupMessage *
request (const char *method,
         const char *path,
         const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  SoupMessage *msg = soup_message_new (method, uri);

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
  return msg;
}

static char *
report_body (guint i)
{
  return g_strdup_printf ("{\"category\":\"0101\",\"lon\":%.7f,\"lat\":%.7f,\"description\":\"压力测试上报 %u：路边暴露垃圾\"}",
                          lon, lat, i);
}

/* wrk (a load generator in C) for the request rates: our own libsoup client tops out
 * well below what the server answers. Returns requests/s of 2xx answers. */
static double
wrk (guint        connections,
     const char  *path,
     const char  *lua_body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *conns = g_strdup_printf ("%u", connections);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[16];
  const char *rps, *non2xx;
  int status, n = 0;
  double total, bad = 0;
  double seconds = 3.0;

  argv[n++] = "wrk";
  argv[n++] = "-t2";
  argv[n++] = "-c";
  argv[n++] = conns;
  argv[n++] = "-d3s";
  argv[n++] = "-H";
  argv[n++] = auth;
  if (lua_body)
    {
      g_autoptr(GError) werr = NULL;
      script = g_build_filename (g_get_tmp_dir (), "gw-bench-post.lua", NULL);
      g_autofree char *lua = g_strdup_printf ("wrk.method = \"POST\"\n"
                                              "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                                              "wrk.body = '%s'\n", lua_body);
      if (!g_file_set_contents (script, lua, -1, &werr))
        g_error ("%s", werr->message);
      argv[n++] = "-s";
      argv[n++] = script;
    }
  argv[n++] = uri;
  argv[n] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error))
    g_error ("wrk: %s", error->message);
  rps = strstr (out, "Requests/sec:");
  if (rps == NULL)
    g_error ("wrk printed no rate: %s", out);
  total = g_ascii_strtod (rps + strlen ("Requests/sec:"), NULL);
  /* Count only what succeeded. */
  non2xx = strstr (out, "Non-2xx or 3xx responses:");
  if (non2xx)
    bad = g_ascii_strtod (non2xx + strlen ("Non-2xx or 3xx responses:"), NULL) / seconds;
  return total - bad;
}

/* The same reports straight into SQLite, one transaction each. */
static double
raw_inserts (const char *db_path,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  GwActor actor = { "bench", GW_ROLE_DISTRICT_CENTER, "500223", GW_LEVEL_DISTRICT, NULL };
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      t->category_code = g_strdup ("0101");
      t->lon = lon;
      t->lat = lat;
      t->description = g_strdup_printf ("压力测试上报 %u：路边暴露垃圾", i);
      t->level = GW_LEVEL_GRID;
      if (!gw_db_report (db, &actor, t, 1795330800 + i, &error))
        g_error ("%s", error->message);
    }
  return n / ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
}

/* Live feeds ----------------------------------------------------------------------------- */

typedef struct {
  guint   welcomed;
  guint   wanted;
  gint64  sent_at;
  gint64  wanted_id;
  GArray *latencies;
  GPtrArray *conns;
} Seats;

static void
on_seat_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  Seats *seats = user_data;
  const char *text = g_bytes_get_data (message, NULL);
  gsize size = g_bytes_get_size (message);

  if (size > 16 && memcmp (text, "{\"type\":\"welcome\"", 17) == 0)
    {
      if (++seats->welcomed == seats->wanted)
        g_main_loop_quit (loop);
      return;
    }
  if (seats->wanted_id && g_strstr_len (text, size, "压力测试广播"))
    {
      double ms = (g_get_monotonic_time () - seats->sent_at) / 1000.0;
      g_array_append_val (seats->latencies, ms);
      if (seats->latencies->len == seats->conns->len)
        g_main_loop_quit (loop);
    }
}

static void
on_seat_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Seats *seats = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_autofree char *hello = NULL;

  if (conn == NULL)
    g_error ("live feed: %s", error->message);
  soup_websocket_connection_set_max_incoming_payload_size (conn, 0);
  g_signal_connect (conn, "message", G_CALLBACK (on_seat_message), seats);
  hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", token);
  soup_websocket_connection_send_text (conn, hello);
  g_ptr_array_add (seats->conns, conn);
}

static double
open_seats (Seats *seats,
            guint  n)
{
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live", port);
  gint64 t0 = g_get_monotonic_time ();

  seats->wanted = n;
  seats->welcomed = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            on_seat_connected, seats);
    }
  g_main_loop_run (loop);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
close_seats (Seats *seats)
{
  for (guint i = 0; i < seats->conns->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (seats->conns, i), SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_set_size (seats->conns, 0);
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
  const char *dir = g_getenv ("GW_BENCH_DIR");
  g_autofree char *db_path = g_build_filename (dir ? dir : ".", "bench-server.db", NULL);
  g_autofree char *raw_path = g_build_filename (dir ? dir : ".", "bench-server-raw.db", NULL);
  g_autoptr(GError) error = NULL;
  struct rlimit limit;
  double ingest, raw, pages, ping, storm;
  Seats seats = { 0, };

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *p = i ? raw_path : db_path;
      g_autofree char *wal = g_strconcat (p, "-wal", NULL);
      g_autoptr(GwDb) db = NULL;
      g_autoptr(GwDivision) street = NULL;

      g_unlink (p);
      g_unlink (wal);
      db = gw_db_open (p, &error);
      if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, 1795330800, NULL, NULL, &error) ||
          !gw_accounts_add_user (db, "bench", "压力测试", GW_ROLE_DISTRICT_CENTER, "500223", NULL, "bench-password", &error))
        g_error ("%s", error->message);
      street = gw_db_get_division (db, "500223001", &error);
      lon = street->label_lon;
      lat = street->label_lat;
    }

  loop = g_main_loop_new (NULL, FALSE);
  /* No proxy lookups on loopback (the default resolver asks libproxy for every connection). */
  session = soup_session_new_with_options ("max-conns", 4000, "max-conns-per-host", 4000, "timeout", 60,
                                           "proxy-resolver", NULL, NULL);
  start_server (db_path);
  {
    g_autoptr(SoupMessage) msg = request ("POST", "/api/v1/session", "{\"username\":\"bench\",\"password\":\"bench-password\"}");
    g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, &error);
    g_autoptr(JsonParser) parser = json_parser_new ();
    if (bytes == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
      g_error ("sign-in failed");
    token = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
  }

  {
    g_autofree char *body = report_body (0);
    ingest = wrk (8, "/api/v1/tickets", body);
  }
  raw = raw_inserts (raw_path, 2000);
  bench_figure_rate ("server_ingest_reports_per_second", ingest, "reports/s", raw, "reports/s(direct SQLite)");

  ping = wrk (100, "/ping", NULL);
  pages = wrk (100, "/api/v1/tickets?limit=50", NULL);
  bench_figure_rate ("server_ticket_pages_per_second", pages, "req/s", ping, "req/s(/ping)");

  /* 100 seats listening; one report; how long until each has it. */
  seats.conns = g_ptr_array_new_with_free_func (g_object_unref);
  seats.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  open_seats (&seats, 100);
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *body = g_strdup_printf ("{\"category\":\"0101\",\"lon\":%.7f,\"lat\":%.7f,\"description\":\"压力测试广播 %u\"}",
                                               lon, lat, round);
      g_autoptr(SoupMessage) msg = request ("POST", "/api/v1/tickets", body);
      g_array_set_size (seats.latencies, 0);
      seats.wanted_id = 1;
      seats.sent_at = g_get_monotonic_time ();
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_main_loop_run (loop);
    }
  bench_figure ("server_report_to_100_seats_p50", percentile (seats.latencies, 0.5), "ms", -1, NULL);
  bench_figure ("server_report_to_100_seats_p99", percentile (seats.latencies, 0.99), "ms", -1, NULL);
  close_seats (&seats);
  seats.wanted_id = 0;

  /* Bare sockets for the storm: a client library's own bookkeeping, not the server, is what
   * slows 2,000 simultaneous connects from one process. */
  storm = raw_ws_storm (port, token, 2000);
  if (storm < 0)
    g_error ("not every seat of the storm was welcomed");
  bench_figure ("server_reconnect_storm_2000_seats", storm, "ms", 2000, "ms(target)");
  raw_ws_close_all ();

  /* A seat that stops reading: how much the server holds for it, and when it lets go. */
  {
    int fd = raw_ws_silent_seat (port, token);
    gint64 t0 = g_get_monotonic_time ();
    double closed_after = -1;

    /* Ten reports a second, a calm day: the seat never reaches the byte cap, so it is its
     * silence that gets it closed. */
    for (guint i = 0; i < 300 && closed_after < 0; i++)
      {
        g_usleep (100000);
        g_autofree char *body = g_strdup_printf ("{\"category\":\"0101\",\"lon\":%.7f,\"lat\":%.7f,"
                                                 "\"description\":\"%s %u\"}", lon, lat,
                                                 "不读取的席位压力测试：路边暴露垃圾，附近居民多次反映，需尽快清理", i);
        g_autoptr(SoupMessage) msg = request ("POST", "/api/v1/tickets", body);
        g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, NULL);
        /* The server says how many seats it still feeds. */
        if (i % 5 == 4)
          {
            g_autoptr(SoupMessage) q = request ("GET", "/api/v1/summary", NULL);
            g_autoptr(GBytes) answer = soup_session_send_and_read (session, q, NULL, NULL);
            if (answer && g_strstr_len (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "\"live_seats\":0"))
              closed_after = (g_get_monotonic_time () - t0) / 1000.0;
          }
      }
    bench_figure ("server_silent_seat_closed_after", closed_after, "ms", 5000, "ms(target)");
    close (fd);
  }

  gw_test_server_stop (&server, SIGTERM);
  return 0;
}
