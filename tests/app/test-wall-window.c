/* test-wall-window.c: the video wall window on the real demo county, under Xvfb.
 *
 * A wall remembers its layout, cameras and pinned cells across windows (its book written
 * to a real file and read again); "cameras near this ticket" fills a 3 × 3 wall with the
 * ticket's grid's cameras first; a tour pages cameras through the unpinned cells; and sixteen tiles live from the real camera simulator
 * (a screenshot of the wall for the docs).
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-application.h"
#include "gw-db.h"
#include "gw-main-window.h"
#ifdef GW_HAVE_VIDEO
#include "gw-video-source.h"
#endif
#include "gw-wall-book.h"
#include "gw-wall-tile.h"
#include "gw-wall-window.h"
#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwWallBook *book;

static GPtrArray *
query_ids (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  sqlite3_finalize (stmt);
  return ids;
}

static gint64
query_int (const char *sql)
{
  g_autoptr(GPtrArray) rows = query_ids (sql);

  g_assert_cmpuint (rows->len, >, 0);
  return *(gint64 *) g_ptr_array_index (rows, 0);
}

static GArray *
camera_ids (guint n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM cameras ORDER BY id LIMIT %u", n);
  g_autoptr(GPtrArray) rows = query_ids (sql);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, *(gint64 *) g_ptr_array_index (rows, i));
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}


static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_wall_book_load_finish (GW_WALL_BOOK (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static GwWallBook *
load_book (void)
{
  g_autoptr(GFile) file = gw_wall_book_default_file ();
  GwWallBook *b = gw_wall_book_new (file);
  gboolean done = FALSE;

  gw_wall_book_load_async (b, NULL, on_loaded, &done);
  TEST_WAIT_FOR (done);
  return b;
}

static GwWallWindow *
open_wall (const char *id)
{
  GwWallWindow *window = gw_wall_window_new (NULL, store, book, id);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_wall_window_is_settled (window));
  return window;
}

static void
close_wall (GwWallWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (300);
}

static const char *
tile_camera_id (GwWallWindow *window,
                guint         i)
{
  GwCamera *camera = gw_wall_tile_get_camera (gw_wall_view_get_tile (gw_wall_window_get_view (window), i));

  return camera ? camera->id : NULL;
}

static char *
gb_id_of (gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  g_autoptr(GwCamera) camera = gw_db_get_camera (db, id, &error);

  g_assert_no_error (error);
  return g_strdup (camera->id);
}

/* Nine cameras fill the 3 × 3 preset; a pinned cell; all of it there again in a new
 * window over a book read back from its file. */
static void
test_remembered (void)
{
  g_autoptr(GArray) ids = camera_ids (9);
  GwWallWindow *window = open_wall ("wall-1");
  GwWallView *view = gw_wall_window_get_view (window);
  g_autoptr(GwWallWindowState) state = NULL;

  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 4);
  gw_wall_window_show_cameras (window, (const gint64 *) ids->data, ids->len, 0, TRUE);
  TEST_WAIT_FOR (gw_wall_window_is_settled (window));
  g_assert_cmpstr (gw_wall_layout_get_id (gw_wall_view_get_layout (view)), ==, "9");
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *gb = gb_id_of (g_array_index (ids, gint64, i));

      g_assert_cmpstr (tile_camera_id (window, i), ==, gb);
    }
  gw_wall_view_set_focused_index (view, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "wall.pin", NULL);
  g_assert_true (gw_wall_tile_get_pinned (gw_wall_view_get_tile (view, 2)));
  /* Switching to 2 × 2 keeps the first four where they were; back to 3 × 3 the rest are
   * gone (a smaller layout forgets what it cannot show). */
  g_assert_true (gw_wall_window_set_layout (window, "4"));
  g_assert_cmpuint (gw_wall_window_get_cameras (window)->len, ==, 4);
  g_assert_true (gw_wall_window_set_layout (window, "9"));
  gw_wall_window_show_cameras (window, (const gint64 *) ids->data, ids->len, 0, FALSE);
  TEST_WAIT_FOR (gw_wall_window_is_settled (window));
  close_wall (window);
  test_window_spin (500);

  g_clear_object (&book);
  book = load_book ();
  state = gw_wall_book_dup_window (book, "wall-1");
  g_assert_nonnull (state);
  g_assert_cmpstr (state->layout_id, ==, "9");
  g_assert_cmpuint (state->cameras->len, ==, 9);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpint (g_array_index (state->cameras, gint64, i), ==, g_array_index (ids, gint64, i));
  g_assert_true (state->pinned & (1 << 2));

  window = open_wall ("wall-1");
  view = gw_wall_window_get_view (window);
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 9);
  {
    g_autofree char *gb = gb_id_of (g_array_index (ids, gint64, 8));

    TEST_WAIT_FOR (g_strcmp0 (tile_camera_id (window, 8), gb) == 0);
  }
  g_assert_true (gw_wall_tile_get_pinned (gw_wall_view_get_tile (view, 2)));
  g_assert_false (gw_wall_window_set_layout (window, "no-such-layout"));
  close_wall (window);
}

/* "Cameras near this ticket": the ticket's grid's own cameras first, nine in all. */
static void
test_near (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  sqlite3_stmt *stmt;
  gint64 ticket_id, n_in_grid;
  double lon, lat;
  g_autofree char *code = NULL;
  GwWallWindow *window;
  GArray *cameras;

  g_assert_no_error (error);
  /* A ticket in a grid with a few cameras. */
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT t.id, t.lon, t.lat, d.code, (SELECT count (*) FROM cameras c"
                                       " JOIN divisions cd ON cd.id = c.division_id WHERE cd.code LIKE d.code || '%') n"
                                       " FROM tickets t JOIN divisions d ON d.id = t.grid_id WHERE n BETWEEN 2 AND 8"
                                       " LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ticket_id = sqlite3_column_int64 (stmt, 0);
  lon = sqlite3_column_double (stmt, 1);
  lat = sqlite3_column_double (stmt, 2);
  code = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  n_in_grid = sqlite3_column_int64 (stmt, 4);
  sqlite3_finalize (stmt);

  window = open_wall ("wall-near");
  gw_wall_window_show_near (window, ticket_id, lon, lat, code);
  TEST_WAIT_FOR (gw_wall_window_is_settled (window) &&
                 g_strcmp0 (gw_wall_layout_get_id (gw_wall_view_get_layout (gw_wall_window_get_view (window))), "9") == 0);
  g_assert_cmpint (gw_wall_window_get_incident (window), ==, ticket_id);
  cameras = gw_wall_window_get_cameras (window);
  g_assert_cmpuint (cameras->len, ==, 9);
  for (guint i = 0; i < cameras->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT d.code LIKE '%s%%' FROM cameras c JOIN divisions d"
                                              " ON d.id = c.division_id WHERE c.id = %" G_GINT64_FORMAT,
                                              code, g_array_index (cameras, gint64, i));

      g_assert_cmpint (g_array_index (cameras, gint64, i), >, 0);
      g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      /* The grid's own cameras come first, then the others. */
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, i < n_in_grid);
      sqlite3_finalize (stmt);
    }
  close_wall (window);
}

/* A frame saved for a ticket becomes its evidence: the console's window (here on the county
 * file) attaches it in the officer's name; a file that is gone attaches nothing. */
static void
test_evidence (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "frame.png", NULL);
  g_autofree char *gone = g_build_filename (tmpdir, "gone.png", NULL);
  g_autoptr(GPtrArray) tickets = query_ids ("SELECT id FROM tickets WHERE state NOT IN ('closed', 'rejected')"
                                            " ORDER BY id DESC LIMIT 1");
  gint64 ticket = *(gint64 *) g_ptr_array_index (tickets, 0);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM attachments WHERE ticket_id = %" G_GINT64_FORMAT,
                                                ticket);
  GwMainWindow *console = gw_main_window_new (NULL, demo_path);
  gint64 before;

  {
    /* A frame: 64 × 36 grey pixels as PNG. */
    g_autofree guchar *pixels = g_malloc0 (64 * 36 * 4);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    memset (pixels, 0x80, 64 * 36 * 4);
    bytes = g_bytes_new_take (g_steal_pointer (&pixels), 64 * 36 * 4);
    texture = gdk_memory_texture_new (64, 36, GDK_MEMORY_R8G8B8A8, bytes, 64 * 4);
    g_assert_true (gdk_texture_save_to_png (texture, png));
  }
  gtk_window_present (GTK_WINDOW (console));
  TEST_WAIT_FOR (gw_main_window_get_ticket_actions (console) != NULL);
  before = query_int (count_sql);

  gw_main_window_attach_evidence (console, ticket, png);
  TEST_WAIT_FOR (query_int (count_sql) == before + 1);
  gw_main_window_attach_evidence (console, ticket, gone);
  test_window_spin (500);
  g_assert_cmpint (query_int (count_sql), ==, before + 1);
  gtk_window_destroy (GTK_WINDOW (console));
  test_window_spin (300);
}

/* A tour of nine cameras on a 2 × 2 wall with its first cell pinned: three cameras a page,
 * the pinned one staying. */
static void
test_tour (void)
{
  g_autoptr(GArray) ids = camera_ids (10);
  g_autoptr(GwTour) tour = gw_tour_new ("tour-test", "Test tour", GW_TOUR_MIN_DWELL);
  GwWallWindow *window = open_wall ("wall-tour");
  GwWallView *view = gw_wall_window_get_view (window);
  GArray *cameras;

  for (guint i = 1; i < 10; i++)
    gw_tour_add_camera_step (tour, g_array_index (ids, gint64, i));
  gw_wall_book_set_tour (book, tour);
  g_assert_true (gw_wall_window_set_layout (window, "4"));
  gw_wall_window_show_cameras (window, (const gint64 *) ids->data, 1, 0, FALSE);
  gw_wall_view_set_focused_index (view, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "wall.pin", NULL);
  g_assert_true (gw_wall_window_start_tour (window, "tour-test"));
  g_assert_cmpstr (gw_wall_window_get_tour (window), ==, "tour-test");
  test_window_spin (300);
  cameras = gw_wall_window_get_cameras (window);
  g_assert_cmpint (g_array_index (cameras, gint64, 0), ==, g_array_index (ids, gint64, 0));
  for (guint i = 1; i < 4; i++)
    g_assert_cmpint (g_array_index (cameras, gint64, i), ==, g_array_index (ids, gint64, i));
  TEST_WAIT_FOR (g_array_index (gw_wall_window_get_cameras (window), gint64, 1) == g_array_index (ids, gint64, 4));
  cameras = gw_wall_window_get_cameras (window);
  g_assert_cmpint (g_array_index (cameras, gint64, 0), ==, g_array_index (ids, gint64, 0));
  for (guint i = 1; i < 4; i++)
    g_assert_cmpint (g_array_index (cameras, gint64, i), ==, g_array_index (ids, gint64, i + 3));
  gw_wall_window_stop_tour (window);
  g_assert_null (gw_wall_window_get_tour (window));
  g_assert_false (gw_wall_window_start_tour (window, "no-such-tour"));
  close_wall (window);
}

#ifdef GW_HAVE_VIDEO
/* Sixteen cameras live from the real simulator. */
static void
test_live (void)
{
  g_autofree char *camsim = g_strdup (g_getenv ("GW_CAMSIM_BIN"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = camera_ids (16);
  GPid pid = 0;
  int out = -1;
  char line[256] = { 0 };
  guint port = 0;
  GwWallWindow *window;
  GwWallView *view;

  if (camsim == NULL || !g_file_test (camsim, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the camera simulator is not built (no video)");
      return;
    }
  {
    /* The cameras' addresses point at a simulator on a free port. */
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autofree char *ids_arg = NULL;
    g_autoptr(GString) list = g_string_new (NULL);

    g_assert_no_error (error);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autofree char *gb = gb_id_of (g_array_index (ids, gint64, i));

        g_string_append_printf (list, "%s%s", i ? "," : "", gb);
      }
    ids_arg = g_strdup_printf ("--ids=%s", list->str);
    {
      const char *args[] = { camsim, ids_arg, "--port=0", "--one-picture", "--sub-width=320", "--sub-height=180",
                             "--width=640", "--height=360", NULL };

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &pid,
                                               NULL, &out, NULL, &error));
    }
    g_assert_no_error (error);
    {
      /* It says its port on its first line. */
      FILE *f = fdopen (out, "r");

      for (int tries = 0; tries < 20 && port == 0 && fgets (line, sizeof line, f) != NULL; tries++)
        {
          const char *p = strstr (line, "127.0.0.1:");

          if (p != NULL)
            port = (guint) g_ascii_strtoull (p + 10, NULL, 10);
        }
      g_test_message ("camera simulator on port %u", port);
      g_assert_cmpuint (port, >, 0);
    }
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE cameras SET sub_uri = replace (sub_uri, ':8554/', ':%u/'),"
                                              " main_uri = replace (main_uri, ':8554/', ':%u/')", port, port);

      g_assert_cmpint (sqlite3_exec (gw_db_get_handle (db), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  }
  window = open_wall ("wall-live");
  view = gw_wall_window_get_view (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 960);
  gw_wall_window_show_cameras (window, (const gint64 *) ids->data, ids->len, 0, TRUE);
  TEST_WAIT_FOR (gw_wall_window_is_settled (window));
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 16);
  {
    guint live = 0;
    gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (live < 16 && g_get_monotonic_time () < until)
      {
        live = 0;
        for (guint i = 0; i < 16; i++)
          {
            GwVideoSource *source = gw_wall_tile_get_source (gw_wall_view_get_tile (view, i));

            live += source != NULL && gw_video_source_get_state (source) == GW_VIDEO_STATE_LIVE;
          }
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10000);
      }
    g_test_message ("%u of 16 tiles live", live);
    g_assert_cmpuint (live, ==, 16);
  }
  test_window_screenshot (GTK_WIDGET (window), "wall-16", 1500);
  close_wall (window);
  kill (pid, SIGTERM);
  g_spawn_close_pid (pid);
}

#endif

int
main (int   argc,
      char *argv[])
{
  int status;

  tmpdir = test_util_make_tmpdir ();
  {
    g_autofree char *config = g_build_filename (tmpdir, "config", NULL);

    /* The wall book lives under the user's config: this test's own. */
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }
  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      test_util_remove_tree (tmpdir);
      return 0;
    }
  gtk_init ();
  adw_init ();
  {
    /* The application's style sheet (an AdwApplication loads it by itself). */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gridwatch/Gridwatch/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  }
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  demo_path = test_util_create_demo (tmpdir, "county.db");
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, NULL, NULL);
  test_window_spin (300);
  book = load_book ();

  g_test_add_func ("/wall/remembered", test_remembered);
  g_test_add_func ("/wall/near", test_near);
  g_test_add_func ("/wall/tour", test_tour);
  g_test_add_func ("/wall/evidence", test_evidence);
#ifdef GW_HAVE_VIDEO
  g_test_add_func ("/wall/live", test_live);
#endif
  status = g_test_run ();

  g_clear_object (&book);
  g_clear_object (&store);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  return status;
}
