/* The initial sync of the whole 420,000-ticket county into an empty seat (a district center
 * seat sees everything), until online: the server builds the snapshot file, the seat
 * downloads, checks and loads it, then catches up; against copying the database file, the
 * floor of any way to move the county. With GW_BENCH_SYNC_PAGES=1 the same sync page by
 * page over JSON (minutes) is measured too, as sync_initial_420k_tickets_pages. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"
#include "gw-accounts.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"

static GMainLoop *loop;

static void
on_opened (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    g_error ("%s", error->message);
  g_main_loop_quit (loop);
}

static void
on_signed_in (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  if (!gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error))
    g_error ("%s", error->message);
  g_main_loop_quit (loop);
}

static void
on_state (GObject *object, GParamSpec *pspec, gpointer data)
{
  if (gw_sync_client_get_state (GW_SYNC_CLIENT (object)) == GW_SYNC_STATE_ONLINE)
    g_main_loop_quit (loop);
}

/* A new seat signed in as the district center, started until online: seconds. */
static double
sync_seat (const char *uri,
           const char *seat_db,
           gboolean    snapshot_file)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwSyncClient) client = NULL;
  gint64 t0;
  double t;

  gw_store_open_async (store, seat_db, NULL, on_opened, NULL);
  g_main_loop_run (loop);
  client = gw_sync_client_new (store, uri);
  gw_sync_client_set_snapshot_file (client, snapshot_file);
  gw_sync_client_set_page_size (client, 1000);
  gw_sync_client_sign_in_async (client, "center", "bench-password", NULL, on_signed_in, NULL);
  g_main_loop_run (loop);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_state), NULL);
  t0 = g_get_monotonic_time ();
  gw_sync_client_start (client);
  g_main_loop_run (loop);
  t = (g_get_monotonic_time () - t0) / 1e6;
  gw_sync_client_stop (client);
  gw_store_close (store);
  return t;
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

int
main (void)
{
  const char *dir = g_getenv ("GW_BENCH_DIR");
  g_autofree char *county = bench_tongnan_db ();
  g_autofree char *server_db = g_build_filename (dir ? dir : ".", "bench-sync-server.db", NULL);
  g_autofree char *seat_db = g_build_filename (dir ? dir : ".", "bench-sync-seat.db", NULL);
  g_autofree char *pages_db = g_build_filename (dir ? dir : ".", "bench-sync-seat-pages.db", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (county);
  g_autoptr(GFile) to = g_file_new_for_path (server_db);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  double t_copy, t_sync;
  GwTestServer server = { 0, 0 };
  guint port;
  gint64 t0;

  remove_db (server_db);
  remove_db (seat_db);
  remove_db (pages_db);
  /* The floor: copying the file. */
  t0 = g_get_monotonic_time ();
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  t_copy = (g_get_monotonic_time () - t0) / 1e6;
  {
    g_autoptr(GwDb) db = gw_db_open (server_db, &error);
    if (db == NULL || !gw_accounts_add_user (db, "center", "区指挥中心", GW_ROLE_DISTRICT_CENTER, "500223",
                                             NULL, "bench-password", &error))
      g_error ("%s", error->message);
  }
  gw_test_server_start (&server, server_db, 0, NULL);
  port = server.port;

  loop = g_main_loop_new (NULL, FALSE);
  uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  t_sync = sync_seat (uri, seat_db, TRUE);
  bench_figure ("sync_initial_420k_tickets", t_sync, "s", t_copy, "s(file copy)");
  if (g_strcmp0 (g_getenv ("GW_BENCH_SYNC_PAGES"), "1") == 0)
    {
      double t_pages = sync_seat (uri, pages_db, FALSE);
      bench_figure ("sync_initial_420k_tickets_pages", t_pages, "s", t_copy, "s(file copy)");
    }
  gw_test_server_stop (&server, SIGTERM);
  return 0;
}
