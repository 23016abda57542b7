/* test-division-source.c: the offline base map, drawn from the real demo county's
 * boundaries: tiles asked for before the boundaries are loaded, what a tile shows inside
 * and outside the county in both styles, a 1024×768 map window (screenshot:
 * division-source-LANGUAGE.png in the build directory), requests cancelled or left behind
 * by a destroyed map, a store that cannot be read, and how long tiles take to draw.
 *
 * GW_MAP_TEST_DB=path uses that county file instead of a new small demo (to time tiles on
 * the real-scale county: gridwatchctl demo --profile tongnan).
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "gw-application.h"
#include "gw-division-source.h"
#include "gw-surface-paintable.h"
#include "gw-store.h"

#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static double grid_lon, grid_lat;     /* inside a grid (its label point) */
static char *grid_name;


typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Fill;

static void
fill_clear (Fill *fill)
{
  g_clear_error (&fill->error);
  *fill = (Fill) { FALSE, };
}

static void
on_filled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fill *fill = user_data;

  fill->ok = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &fill->error);
  fill->done = TRUE;
}

static void
fill_async (GwDivisionSource *source,
            ShumateTile      *tile,
            GCancellable     *cancellable,
            Fill             *fill)
{
  fill_clear (fill);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, cancellable, on_filled, fill);
}

/* Fills the tile and waits; asserts it worked. */
static void
fill_sync (GwDivisionSource *source,
           ShumateTile      *tile)
{
  Fill fill = { FALSE, };

  fill_async (source, tile, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_no_error (fill.error);
  g_assert_true (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
}

/* The tile holding (lon, lat) at zoom, and where in it the point falls. */
static ShumateTile *
tile_at (GwDivisionSource *source,
         double            lon,
         double            lat,
         guint             zoom,
         int              *px,
         int              *py)
{
  double x = shumate_map_source_get_x (SHUMATE_MAP_SOURCE (source), zoom, lon);
  double y = shumate_map_source_get_y (SHUMATE_MAP_SOURCE (source), zoom, lat);
  guint tx = (guint) floor (x / 256), ty = (guint) floor (y / 256);

  if (px != NULL)
    *px = (int) floor (x - tx * 256.0);
  if (py != NULL)
    *py = (int) floor (y - ty * 256.0);
  return shumate_tile_new_full (tx, ty, 256, zoom);
}

static GwDivisionSource *
new_loaded_source (void)
{
  GwDivisionSource *source = gw_division_source_new (store);

  TEST_WAIT_FOR (gw_division_source_get_loaded (source));
  return source;
}

/* The tile's texture, 256 × 256, downloaded as GDK_MEMORY_DEFAULT pixels. */
static guint32 *
download_tile (ShumateTile *tile)
{
  GdkPaintable *paintable = shumate_tile_get_paintable (tile);
  guint32 *pixels;

  g_assert_true (GW_IS_SURFACE_PAINTABLE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 256);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 256);
  pixels = g_new (guint32, 256 * 256);
  gdk_texture_download (gw_surface_paintable_get_texture (GW_SURFACE_PAINTABLE (paintable)), (guchar *) pixels,
                        256 * 4);
  return pixels;
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
test_before_loaded (void)
{
  g_autoptr(GwDivisionSource) source = gw_division_source_new (store);
  g_autoptr(ShumateTile) inside = tile_at (source, grid_lon, grid_lat, 15, NULL, NULL);
  g_autoptr(ShumateTile) outside = tile_at (source, 100.0, 25.0, 15, NULL, NULL);
  Fill a = { FALSE, }, b = { FALSE, };
  double x0, y0, x1, y1;

  g_assert_cmpstr (shumate_map_source_get_id (SHUMATE_MAP_SOURCE (source)), ==, "gridwatch-divisions");
  g_assert_cmpuint (shumate_map_source_get_tile_size (SHUMATE_MAP_SOURCE (source)), ==, 256);
  g_assert_false (gw_division_source_get_loaded (source));
  g_assert_false (gw_division_source_get_extent (source, &x0, &y0, &x1, &y1));

  /* Asked for at once: both wait for the boundaries, neither blocks. */
  fill_async (source, inside, NULL, &a);
  fill_async (source, outside, NULL, &b);
  g_assert_cmpuint (gw_division_source_get_n_pending (source), ==, 2);
  g_assert_cmpint (shumate_tile_get_state (inside), ==, SHUMATE_STATE_LOADING);
  g_assert_false (a.done);

  TEST_WAIT_FOR (a.done && b.done);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_true (a.ok && b.ok);
  g_assert_true (gw_division_source_get_loaded (source));
  g_assert_null (gw_division_source_get_error (source));
  g_assert_cmpuint (gw_division_source_get_n_pending (source), ==, 0);
  g_assert_cmpuint (gw_division_source_get_n_filled (source), ==, 2);
  /* Only the county's tile is drawn; the other one is the plain background. */
  g_assert_cmpuint (gw_division_source_get_n_drawn (source), ==, 1);
  g_assert_cmpint (shumate_tile_get_state (inside), ==, SHUMATE_STATE_DONE);
  g_assert_cmpint (shumate_tile_get_state (outside), ==, SHUMATE_STATE_DONE);
  g_free (download_tile (inside));
  g_free (download_tile (outside));

  g_assert_true (gw_division_source_get_extent (source, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat (x0, <, grid_lon);
  g_assert_cmpfloat (grid_lon, <, x1);
  g_assert_cmpfloat (y0, <, grid_lat);
  g_assert_cmpfloat (grid_lat, <, y1);
  fill_clear (&a);
  fill_clear (&b);
}

static void
test_pixels (void)
{
  g_autoptr(GwDivisionSource) source = new_loaded_source ();
  g_autoptr(ShumateTile) inside = NULL;
  g_autoptr(ShumateTile) far = NULL;
  g_autoptr(ShumateTile) west = NULL;
  g_autoptr(ShumateTile) light = NULL;
  g_autofree guint32 *inside_px = NULL, *far_px = NULL, *west_px = NULL, *light_px = NULL;
  double x0, y0, x1, y1;
  int px, py, wx, wy;

  g_assert_true (gw_division_source_get_extent (source, &x0, &y0, &x1, &y1));
  set_dark (TRUE);
  inside = tile_at (source, grid_lon, grid_lat, 13, &px, &py);
  far = tile_at (source, 100.0, 25.0, 13, NULL, NULL);
  /* About 2 km west of the county's westmost point: no boundary there. */
  west = tile_at (source, x0 - 0.02, (y0 + y1) / 2, 13, &wx, &wy);
  fill_sync (source, inside);
  fill_sync (source, far);
  fill_sync (source, west);
  inside_px = download_tile (inside);
  far_px = download_tile (far);
  west_px = download_tile (west);

  /* Far away everything is the plain background; inside the grid it is not. */
  g_assert_cmphex (far_px[0], ==, far_px[255 * 256 + 255]);
  g_assert_cmphex (far_px[128 * 256 + 128], ==, far_px[0]);
  g_assert_cmphex (inside_px[py * 256 + px], !=, far_px[0]);
  g_assert_cmphex (west_px[wy * 256 + wx], ==, far_px[0]);
  g_test_message ("grid %s at tile %u/%u/%u (%d, %d): %08x; background %08x", grid_name,
                  shumate_tile_get_zoom_level (inside), shumate_tile_get_x (inside),
                  shumate_tile_get_y (inside), px, py, inside_px[py * 256 + px], far_px[0]);

  /* The light style is another picture of the same place. */
  set_dark (FALSE);
  light = tile_at (source, grid_lon, grid_lat, 13, NULL, NULL);
  fill_sync (source, light);
  light_px = download_tile (light);
  g_assert_cmphex (light_px[py * 256 + px], !=, inside_px[py * 256 + px]);
  set_dark (TRUE);
}

static GtkWidget *
new_map_window (GwDivisionSource *source,
                double            lon,
                double            lat,
                guint             zoom)
{
  GtkWidget *window = gtk_window_new ();
  ShumateSimpleMap *map = shumate_simple_map_new ();
  ShumateViewport *viewport = shumate_simple_map_get_viewport (map);

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  shumate_simple_map_set_map_source (map, SHUMATE_MAP_SOURCE (source));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
  shumate_viewport_set_zoom_level (viewport, zoom);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static guint32
png_pixel (const char *path,
           int         x,
           int         y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guint32 *pixels = NULL;
  int width;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, gdk_texture_get_height (texture));
  pixels = g_new (guint32, (gsize) width * gdk_texture_get_height (texture));
  gdk_texture_download (texture, (guchar *) pixels, width * 4);
  return pixels[y * width + x];
}

static int
channel_distance (guint32 a,
                  guint32 b)
{
  int d = 0;

  for (int shift = 0; shift < 24; shift += 8)
    d = MAX (d, abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
  return d;
}

static void
test_map (void)
{
  g_autoptr(GwDivisionSource) source = new_loaded_source ();
  g_autoptr(ShumateTile) far = tile_at (source, 100.0, 25.0, 13, NULL, NULL);
  g_autofree guint32 *far_px = NULL;
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *png = NULL;
  ShumateViewport *viewport;
  GtkWidget *window;
  guint32 centre;
  guint filled;
  int width, height;

  set_dark (TRUE);
  fill_sync (source, far);
  far_px = download_tile (far);

  window = new_map_window (source, grid_lon, grid_lat, 13);
  TEST_WAIT_FOR (gw_division_source_get_n_filled (source) > 10 && gw_division_source_get_n_pending (source) == 0);
  test_window_spin (300);
  TEST_WAIT_FOR (gw_division_source_get_n_pending (source) == 0);
  g_assert_cmpuint (gw_division_source_get_n_drawn (source), >, 0);
  g_test_message ("map at zoom 13: %u tiles filled, %u drawn", gw_division_source_get_n_filled (source),
                  gw_division_source_get_n_drawn (source));

  test_window_screenshot (window, "division-source", 200);
  png = g_strdup_printf ("%s/division-source-%s.png", g_getenv ("G_TEST_BUILDDIR"),
                         language != NULL && *language != '\0' ? language : "C");
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  /* The window's middle is the grid: drawn, not the plain background. */
  centre = png_pixel (png, width / 2, height / 2 + (height - 768) / 2);
  g_test_message ("window %d × %d, centre %08x, background %08x", width, height, centre, far_px[0]);
  g_assert_cmpint (channel_distance (centre, far_px[0]), >, 4);

  /* Closer, in the light style: tiles asked for from now on are drawn light. */
  set_dark (FALSE);
  viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (gtk_window_get_child (GTK_WINDOW (window))));
  filled = gw_division_source_get_n_filled (source);
  shumate_viewport_set_zoom_level (viewport, 16);
  TEST_WAIT_FOR (gw_division_source_get_n_filled (source) > filled + 10 && gw_division_source_get_n_pending (source) == 0);
  test_window_spin (300);
  TEST_WAIT_FOR (gw_division_source_get_n_pending (source) == 0);
  test_window_screenshot (window, "division-source-16-light", 200);
  set_dark (TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (100);
}

static void
test_cancel (void)
{
  g_autoptr(GwDivisionSource) source = gw_division_source_new (store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ShumateTile) tile = NULL;
  Fill fill = { FALSE, };
  GtkWidget *window;

  /* A map destroyed while its tiles still wait for the boundaries. */
  window = new_map_window (source, grid_lon, grid_lat, 16);
  TEST_WAIT_FOR (gw_division_source_get_n_pending (source) > 0);
  gtk_window_destroy (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_division_source_get_loaded (source) && gw_division_source_get_n_pending (source) == 0);

  /* A map destroyed while its tiles are drawn, after panning away from others. */
  window = new_map_window (source, grid_lon, grid_lat, 17);
  TEST_WAIT_FOR (gw_division_source_get_n_pending (source) > 0);
  for (int i = 1; i <= 5; i++)
    {
      ShumateViewport *viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (gtk_window_get_child (GTK_WINDOW (window))));

      shumate_location_set_location (SHUMATE_LOCATION (viewport), grid_lat + 0.002 * i, grid_lon + 0.003 * i);
      g_main_context_iteration (NULL, FALSE);
      g_main_context_iteration (NULL, FALSE);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_division_source_get_n_pending (source) == 0);
  test_window_spin (100);

  /* A request cancelled at once finishes as cancelled, and leaves the tile alone. */
  tile = tile_at (source, grid_lon, grid_lat, 18, NULL, NULL);
  fill_async (source, tile, cancellable, &fill);
  g_cancellable_cancel (cancellable);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), !=, SHUMATE_STATE_DONE);
  g_assert_null (shumate_tile_get_paintable (tile));
  g_assert_cmpuint (gw_division_source_get_n_pending (source), ==, 0);
  fill_clear (&fill);
}

static void
test_unreadable (void)
{
  g_autoptr(GwStore) closed = gw_store_new ();   /* never opened */
  g_autoptr(GwDivisionSource) source = gw_division_source_new (closed);
  g_autoptr(ShumateTile) tile = tile_at (source, grid_lon, grid_lat, 14, NULL, NULL);
  g_autoptr(ShumateTile) later = tile_at (source, grid_lon, grid_lat, 15, NULL, NULL);
  Fill fill = { FALSE, };

  fill_async (source, tile, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_nonnull (fill.error);
  g_assert_false (fill.ok);
  g_assert_nonnull (gw_division_source_get_error (source));
  g_assert_false (gw_division_source_get_loaded (source));
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_NONE);
  g_assert_null (shumate_tile_get_paintable (tile));

  /* Later requests fail the same way, without waiting. */
  fill_async (source, later, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_nonnull (fill.error);
  g_assert_cmpuint (gw_division_source_get_n_pending (source), ==, 0);
  fill_clear (&fill);
}

/* Draws the 4 × 4 tiles around a point at a zoom, one at a time. */
static void
time_tiles (GwDivisionSource *source,
            double            lon,
            double            lat,
            guint             zoom,
            const char       *where)
{
  g_autoptr(ShumateTile) centre = tile_at (source, lon, lat, zoom, NULL, NULL);
  guint drawn = gw_division_source_get_n_drawn (source);
  gint64 us = gw_division_source_get_render_us (source);
  gint64 most = 0;

  for (int dy = -2; dy < 2; dy++)
    for (int dx = -2; dx < 2; dx++)
      {
        g_autoptr(ShumateTile) tile = shumate_tile_new_full (shumate_tile_get_x (centre) + dx,
                                                             shumate_tile_get_y (centre) + dy, 256, zoom);
        gint64 before = gw_division_source_get_render_us (source);

        fill_sync (source, tile);
        most = MAX (most, gw_division_source_get_render_us (source) - before);
      }
  drawn = gw_division_source_get_n_drawn (source) - drawn;
  us = gw_division_source_get_render_us (source) - us;
  g_test_message ("zoom %u around %s: %u tiles drawn, %.2f ms a tile, at most %.2f ms", zoom, where, drawn,
                  drawn > 0 ? us / 1000.0 / drawn : 0.0, most / 1000.0);
}

static void
test_speed (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GwDivisionSource) source = new_loaded_source ();
  double x0, y0, x1, y1;

  g_test_message ("boundaries loaded and prepared in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (gw_division_source_get_extent (source, &x0, &y0, &x1, &y1));
  set_dark (TRUE);
  for (guint zoom = 12; zoom <= 16; zoom += 2)
    {
      time_tiles (source, (x0 + x1) / 2, (y0 + y1) / 2, zoom, "the county's middle");
      time_tiles (source, grid_lon, grid_lat, zoom, grid_name);
    }
}

static void
find_grid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  g_autoptr(GPtrArray) grids = NULL;

  g_assert_no_error (error);
  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < grids->len; i++)
    {
      GwDivision *d = g_ptr_array_index (grids, i);

      if (d->polygon != NULL && gw_polygon_contains (d->polygon, d->label_lon, d->label_lat))
        {
          grid_lon = d->label_lon;
          grid_lat = d->label_lat;
          grid_name = g_strdup (d->name);
          return;
        }
    }
  g_error ("the demo county has no grid with a boundary");
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  gw_store_open_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *db = g_getenv ("GW_MAP_TEST_DB");
  gboolean opened = FALSE;
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);

  tmpdir = test_util_make_tmpdir ();
  demo_path = db != NULL && *db != '\0' ? g_strdup (db) : test_util_create_demo (tmpdir, "demo.db");
  find_grid ();
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, on_store_opened, &opened);
  TEST_WAIT_FOR (opened);

  g_test_add_func ("/division-source/before-loaded", test_before_loaded);
  g_test_add_func ("/division-source/pixels", test_pixels);
  g_test_add_func ("/division-source/map", test_map);
  g_test_add_func ("/division-source/cancel", test_cancel);
  g_test_add_func ("/division-source/unreadable", test_unreadable);
  g_test_add_func ("/division-source/speed", test_speed);

  status = g_test_run ();

  gw_store_close (store);
  g_clear_object (&store);
  test_util_remove_tree (tmpdir);
  g_free (grid_name);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
