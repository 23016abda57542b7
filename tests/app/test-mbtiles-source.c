/* test-mbtiles-source.c: MBTiles packages as map layers (map/gw-mbtiles-source), on
 * packages made by an independent tool (GDAL's MBTiles driver) over Tongnan: a base of
 * one opaque red and an overlay, transparent but for a blue square. A tile inside the
 * package, outside it, deeper than it (overzoom), a broken file, a broken tile, a request
 * cancelled, and a 1024×768 map with both packages stacked (screenshot:
 * map-mbtiles-LANGUAGE.png in the build directory).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gw-application.h"
#include "gw-mbtiles-source.h"
#include "gw-surface-paintable.h"

#include "test-util.h"
#include "test-window-util.h"

/* The rasters GDAL is given, in WGS84. */
#define RASTER_WEST  105.7
#define RASTER_SOUTH 30.1
#define RASTER_EAST  105.9
#define RASTER_NORTH 30.3
/* The overlay's opaque square, north-east of the middle. */
#define SQUARE_WEST  105.84
#define SQUARE_SOUTH 30.24
#define SQUARE_EAST  105.88
#define SQUARE_NORTH 30.28

/* As GDK_MEMORY_DEFAULT pixels read as native 32-bit words: 0xAARRGGBB. */
#define BASE_COLOUR    0xffc81e1eu   /* 200, 30, 30 */
#define OVERLAY_COLOUR 0xff1e1ec8u   /* 30, 30, 200 */

static char *tmpdir;
static char *base_path;      /* NULL without GDAL */
static char *overlay_path;


/* Making the packages ------------------------------------------------------------------ */

static gboolean
run (const char *const *argv,
     GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (tmpdir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
have_gdal (void)
{
  static const char *const tools[] = { "gdal_create", "gdal_translate", "gdaladdo", "gdal_rasterize" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
need_gdal (void)
{
  if (base_path != NULL)
    return TRUE;
  g_test_skip ("gdal_create, gdal_translate, gdaladdo or gdal_rasterize is not installed (gdal-bin)");
  return FALSE;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A 512 × 512 raster of one red over Tongnan; GDAL tiles it at zoom 12 and adds 11 and
 * 10; then an HTML attribution, which GDAL has no option for. */
static char *
make_base_package (void)
{
  g_autofree char *tif = g_build_filename (tmpdir, "base.tif", NULL);
  char *mbtiles = g_build_filename (tmpdir, "base.mbtiles", NULL);
  g_autofree char *west = g_strdup_printf ("%.2f", RASTER_WEST);
  g_autofree char *north = g_strdup_printf ("%.2f", RASTER_NORTH);
  g_autofree char *east = g_strdup_printf ("%.2f", RASTER_EAST);
  g_autofree char *south = g_strdup_printf ("%.2f", RASTER_SOUTH);
  const char *const create[] = {
    "gdal_create", "-q", "-of", "GTiff", "-outsize", "512", "512", "-bands", "3",
    "-burn", "200", "-burn", "30", "-burn", "30", "-a_srs", "EPSG:4326",
    "-a_ullr", west, north, east, south, tif, NULL
  };
  const char *const translate[] = {
    "gdal_translate", "-q", "-of", "MBTILES", "-co", "NAME=Tongnan imagery", "-co", "TYPE=baselayer",
    tif, mbtiles, NULL
  };
  const char *const overviews[] = { "gdaladdo", "-q", mbtiles, "2", "4", NULL };
  g_autoptr(GError) error = NULL;

  if (!run (create, &error) || !run (translate, &error) || !run (overviews, &error))
    g_error ("making the base package with GDAL: %s", error->message);
  exec_sql (mbtiles, "INSERT INTO metadata (name, value) VALUES ('attribution', "
                     "'&copy; <a href=\"https://example.org/\">Grid<b>watch</b></a> test&nbsp;raster<br/>tiles')");
  return mbtiles;
}

/* The same area in four bands (RGBA), transparent but for a blue square burnt in. */
static char *
make_overlay_package (void)
{
  g_autofree char *tif = g_build_filename (tmpdir, "overlay.tif", NULL);
  g_autofree char *square = g_build_filename (tmpdir, "square.geojson", NULL);
  g_autofree char *geojson = NULL;
  char *mbtiles = g_build_filename (tmpdir, "overlay.mbtiles", NULL);
  g_autofree char *west = g_strdup_printf ("%.2f", RASTER_WEST);
  g_autofree char *north = g_strdup_printf ("%.2f", RASTER_NORTH);
  g_autofree char *east = g_strdup_printf ("%.2f", RASTER_EAST);
  g_autofree char *south = g_strdup_printf ("%.2f", RASTER_SOUTH);
  const char *const create[] = {
    "gdal_create", "-q", "-of", "GTiff", "-outsize", "512", "512", "-bands", "4",
    "-burn", "0", "-co", "PHOTOMETRIC=RGB", "-co", "ALPHA=YES", "-a_srs", "EPSG:4326",
    "-a_ullr", west, north, east, south, tif, NULL
  };
  const char *const rasterize[] = {
    "gdal_rasterize", "-q", "-b", "1", "-b", "2", "-b", "3", "-b", "4",
    "-burn", "30", "-burn", "30", "-burn", "200", "-burn", "255", square, tif, NULL
  };
  const char *const translate[] = {
    "gdal_translate", "-q", "-of", "MBTILES", "-co", "NAME=Tongnan labels", "-co", "TYPE=overlay",
    tif, mbtiles, NULL
  };
  g_autoptr(GError) error = NULL;

  geojson = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                             "\"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                             "[[[%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f]]]}}]}",
                             SQUARE_WEST, SQUARE_SOUTH, SQUARE_EAST, SQUARE_SOUTH, SQUARE_EAST, SQUARE_NORTH,
                             SQUARE_WEST, SQUARE_NORTH, SQUARE_WEST, SQUARE_SOUTH);
  g_assert_true (g_file_set_contents (square, geojson, -1, NULL));
  if (!run (create, &error) || !run (rasterize, &error) || !run (translate, &error))
    g_error ("making the overlay package with GDAL: %s", error->message);
  return mbtiles;
}

/* A copy of the base package under another name. */
static char *
copy_base (const char *name)
{
  g_autofree char *contents = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (base_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

/* Filling tiles ---------------------------------------------------------------------- */

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
fill_async (GwMbtilesSource *source,
            ShumateTile     *tile,
            GCancellable    *cancellable,
            Fill            *fill)
{
  fill_clear (fill);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, cancellable, on_filled, fill);
}

/* Fills the tile and waits; asserts it worked. */
static void
fill_sync (GwMbtilesSource *source,
           ShumateTile     *tile)
{
  Fill fill = { FALSE, };

  fill_async (source, tile, NULL, &fill);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_LOADING);
  TEST_WAIT_FOR (fill.done);
  g_assert_no_error (fill.error);
  g_assert_true (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
}

/* The tile holding (lon, lat) at zoom, and where in it the point falls. */
static ShumateTile *
tile_at (GwMbtilesSource *source,
         double           lon,
         double           lat,
         guint            zoom,
         int             *px,
         int             *py)
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

/* The tile's picture, 256 × 256, downloaded as GDK_MEMORY_DEFAULT pixels. */
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

static int
channel_distance (guint32 a,
                  guint32 b)
{
  int d = 0;

  for (int shift = 0; shift < 32; shift += 8)
    d = MAX (d, abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
  return d;
}

#define assert_colour(pixel, colour) G_STMT_START {                                        \
    guint32 pixel_ = (pixel), colour_ = (colour);                                           \
    if (channel_distance (pixel_, colour_) > 2)                                             \
      g_error ("%s is %08x, not %08x", #pixel, pixel_, colour_);                            \
  } G_STMT_END

static GwMbtilesSource *
open_source (const char *path)
{
  g_autoptr(GError) error = NULL;
  GwMbtilesSource *source = gw_mbtiles_source_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (GW_IS_MBTILES_SOURCE (source));
  return source;
}

/* Tests ----------------------------------------------------------------------------- */

static void
test_metadata (void)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autofree char *id = NULL;
  ShumateMapSource *map_source;

  if (!need_gdal ())
    return;
  source = open_source (base_path);
  map_source = SHUMATE_MAP_SOURCE (source);
  id = g_strconcat ("mbtiles:", base_path, NULL);

  g_assert_cmpstr (shumate_map_source_get_id (map_source), ==, id);
  g_assert_cmpstr (shumate_map_source_get_name (map_source), ==, "Tongnan imagery");
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (map_source), ==, 10);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map_source), ==, 12);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map_source), ==, 256);
  g_assert_cmpint (shumate_map_source_get_projection (map_source), ==, SHUMATE_MAP_PROJECTION_MERCATOR);
  /* The HTML attribution as the plain text ShumateLicense shows. */
  g_assert_cmpstr (shumate_map_source_get_license (map_source), ==, "© Gridwatch test raster tiles");
  g_assert_cmpstr (gw_mbtiles_get_path (gw_mbtiles_source_get_mbtiles (source)), ==, base_path);
}

static void
test_inside (void)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(ShumateTile) tile = NULL;
  g_autofree guint32 *pixels = NULL;
  double lon = (RASTER_WEST + RASTER_EAST) / 2, lat = (RASTER_SOUTH + RASTER_NORTH) / 2;

  if (!need_gdal ())
    return;
  source = open_source (base_path);

  /* At the package's deepest level a tile is ~0.09° wide: the one holding the raster's
   * middle lies inside the raster, its own middle included. */
  tile = tile_at (source, lon, lat, 12, NULL, NULL);
  fill_sync (source, tile);
  pixels = download_tile (tile);
  assert_colour (pixels[128 * 256 + 128], BASE_COLOUR);
  assert_colour (pixels[0], BASE_COLOUR);
  g_assert_cmpuint (gw_mbtiles_source_get_n_filled (source), ==, 1);
  g_assert_cmpuint (gw_mbtiles_source_get_n_empty (source), ==, 0);
  g_assert_cmpuint (gw_mbtiles_source_get_n_pending (source), ==, 0);

  /* Its shallowest level too (the overview GDAL added). */
  {
    g_autoptr(ShumateTile) shallow = NULL;
    g_autofree guint32 *shallow_px = NULL;
    int px, py;

    shallow = tile_at (source, lon, lat, 10, &px, &py);
    fill_sync (source, shallow);
    shallow_px = download_tile (shallow);
    assert_colour (shallow_px[py * 256 + px], BASE_COLOUR);
  }
}

static void
test_outside (void)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(ShumateTile) far = NULL;
  g_autoptr(ShumateTile) above = NULL;

  if (!need_gdal ())
    return;
  source = open_source (base_path);

  /* Outside the area, and above the package's levels: done, with nothing to draw, so
   * that the layers under it show. */
  far = tile_at (source, 100.0, 25.0, 12, NULL, NULL);
  fill_sync (source, far);
  g_assert_null (shumate_tile_get_paintable (far));
  above = tile_at (source, 105.8, 30.2, 6, NULL, NULL);
  fill_sync (source, above);
  g_assert_null (shumate_tile_get_paintable (above));
  g_assert_cmpuint (gw_mbtiles_source_get_n_filled (source), ==, 2);
  g_assert_cmpuint (gw_mbtiles_source_get_n_empty (source), ==, 2);
  g_assert_cmpuint (gw_mbtiles_source_get_n_failed (source), ==, 0);
}

static void
test_overzoom (void)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GwMbtilesSource) overlay = NULL;
  double lon = (RASTER_WEST + RASTER_EAST) / 2, lat = (RASTER_SOUTH + RASTER_NORTH) / 2;
  const guint zooms[] = { 14, 19, 22 };   /* scaled up 4×, 128×; within one pixel */

  if (!need_gdal ())
    return;
  source = open_source (base_path);
  overlay = open_source (overlay_path);

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      g_autoptr(ShumateTile) tile = tile_at (source, lon, lat, zooms[i], NULL, NULL);
      g_autoptr(ShumateTile) square = tile_at (overlay, (SQUARE_WEST + SQUARE_EAST) / 2,
                                               (SQUARE_SOUTH + SQUARE_NORTH) / 2, zooms[i], NULL, NULL);
      g_autoptr(ShumateTile) clear = tile_at (overlay, lon, lat, zooms[i], NULL, NULL);
      g_autofree guint32 *pixels = NULL;
      g_autofree guint32 *square_px = NULL;
      g_autofree guint32 *clear_px = NULL;

      fill_sync (source, tile);
      pixels = download_tile (tile);
      assert_colour (pixels[128 * 256 + 128], BASE_COLOUR);
      assert_colour (pixels[0], BASE_COLOUR);
      assert_colour (pixels[255 * 256 + 255], BASE_COLOUR);

      /* The overlay keeps its alpha when enlarged: blue in the square, clear beside it. */
      fill_sync (overlay, square);
      square_px = download_tile (square);
      assert_colour (square_px[128 * 256 + 128], OVERLAY_COLOUR);
      fill_sync (overlay, clear);
      /* (GDAL writes no tile where everything is transparent: then there is no picture.) */
      if (shumate_tile_get_paintable (clear) != NULL)
        {
          clear_px = download_tile (clear);
          g_assert_cmphex (clear_px[128 * 256 + 128], ==, 0);
        }
    }
}

static void
test_transparent (void)
{
  g_autoptr(GwMbtilesSource) overlay = NULL;
  g_autoptr(ShumateTile) tile = NULL;
  g_autofree guint32 *pixels = NULL;
  int px, py, qx, qy;
  ShumateMapSource *map_source;

  if (!need_gdal ())
    return;
  overlay = open_source (overlay_path);
  map_source = SHUMATE_MAP_SOURCE (overlay);
  g_assert_cmpstr (shumate_map_source_get_name (map_source), ==, "Tongnan labels");
  g_assert_cmpint (gw_mbtiles_get_layer_type (gw_mbtiles_source_get_mbtiles (overlay)), ==,
                   GW_MBTILES_LAYER_OVERLAY);

  /* One tile at the deepest level holding the square's middle and, 0.02° south-west of
   * its corner, a point with nothing burnt in (the same tile at this zoom: ~0.09°). */
  tile = tile_at (overlay, (SQUARE_WEST + SQUARE_EAST) / 2, (SQUARE_SOUTH + SQUARE_NORTH) / 2,
                  shumate_map_source_get_max_zoom_level (map_source), &px, &py);
  fill_sync (overlay, tile);
  pixels = download_tile (tile);
  assert_colour (pixels[py * 256 + px], OVERLAY_COLOUR);
  qx = (int) floor (shumate_map_source_get_x (map_source, shumate_tile_get_zoom_level (tile), SQUARE_WEST - 0.005)
                    - shumate_tile_get_x (tile) * 256.0);
  qy = (int) floor (shumate_map_source_get_y (map_source, shumate_tile_get_zoom_level (tile), SQUARE_SOUTH - 0.005)
                    - shumate_tile_get_y (tile) * 256.0);
  g_test_message ("overlay tile %u/%u/%u: square at (%d, %d) %08x; clear at (%d, %d) %08x",
                  shumate_tile_get_zoom_level (tile), shumate_tile_get_x (tile), shumate_tile_get_y (tile),
                  px, py, pixels[py * 256 + px], qx, qy,
                  qx >= 0 && qx < 256 && qy >= 0 && qy < 256 ? pixels[qy * 256 + qx] : 0);
  g_assert_cmpint (qx, >=, 0);
  g_assert_cmpint (qx, <, 256);
  g_assert_cmpint (qy, >=, 0);
  g_assert_cmpint (qy, <, 256);
  g_assert_cmphex (pixels[qy * 256 + qx], ==, 0);
}

static void
test_broken_file (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "random.mbtiles", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autofree guint8 *noise = g_new (guint8, 8192);
  g_autofree char *after = NULL;
  gsize len;
  GwMbtilesSource *source;

  for (guint i = 0; i < 8192; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) noise, 8192, NULL));

  source = gw_mbtiles_source_new (path, &error);
  g_assert_null (source);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  /* Read-only: the file is as it was, with nothing beside it. */
  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpmem (after, len, noise, 8192);
  {
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  g_clear_error (&error);

  source = gw_mbtiles_source_new (missing, &error);
  g_assert_null (source);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
set_tile_data (const char   *path,
               guint         z,
               guint         x,
               guint         y_xyz,
               const guint8 *data,
               gsize         len)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE tiles SET tile_data = ?1 WHERE zoom_level = ?2 AND "
                                           "tile_column = ?3 AND tile_row = ?4", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, data, (int) len, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) z);
  sqlite3_bind_int (stmt, 3, (int) x);
  sqlite3_bind_int (stmt, 4, (int) ((1u << z) - 1 - y_xyz));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_broken_tile (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(ShumateTile) tile = NULL;
  g_autoptr(ShumateTile) deeper = NULL;
  g_autoptr(ShumateTile) huge = NULL;
  double lon = (RASTER_WEST + RASTER_EAST) / 2, lat = (RASTER_SOUTH + RASTER_NORTH) / 2;
  guint8 garbage[64];
  guint8 header[47];
  Fill fill = { FALSE, };

  if (!need_gdal ())
    return;
  path = copy_base ("broken-tile.mbtiles");
  {
    g_autoptr(GwMbtilesSource) probe = open_source (path);

    tile = tile_at (probe, lon, lat, 12, NULL, NULL);
    huge = tile_at (probe, lon, lat, 11, NULL, NULL);
  }

  /* A PNG signature, then noise: it passes the reader's check, not the decoder. */
  memcpy (garbage, "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 8; i < sizeof garbage; i++)
    garbage[i] = (guint8) (i * 37);
  set_tile_data (path, 12, shumate_tile_get_x (tile), shumate_tile_get_y (tile), garbage, sizeof garbage);

  /* A well-formed PNG start announcing 100,000 × 100,000 pixels (40 GB decoded). */
  memcpy (header, "\x89PNG\r\n\x1a\n", 8);
  put_be32 (header + 8, 13);
  memcpy (header + 12, "IHDR", 4);
  put_be32 (header + 16, 100000);
  put_be32 (header + 20, 100000);
  header[24] = 8;   /* bit depth */
  header[25] = 6;   /* RGBA */
  header[26] = header[27] = header[28] = 0;
  put_be32 (header + 29, crc32_of (header + 12, 17));
  /* The start of an IDAT chunk: libpng announces the size when it meets the first one. */
  put_be32 (header + 33, 2);
  memcpy (header + 37, "IDAT\x78\x9c", 6);
  put_be32 (header + 43, crc32_of (header + 37, 6));
  set_tile_data (path, 11, shumate_tile_get_x (huge), shumate_tile_get_y (huge), header, sizeof header);

  source = open_source (path);
  fill_async (source, tile, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT);
  g_test_message ("%s", fill.error->message);
  g_assert_nonnull (strstr (fill.error->message, path));
  g_assert_false (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_NONE);
  g_assert_null (shumate_tile_get_paintable (tile));

  /* Overzoom from the broken tile fails the same way. */
  deeper = tile_at (source, lon, lat, 13, NULL, NULL);
  fill_async (source, deeper, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT);

  fill_async (source, huge, NULL, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT);
  g_test_message ("%s", fill.error->message);
  g_assert_nonnull (strstr (fill.error->message, "100000"));
  g_assert_cmpuint (gw_mbtiles_source_get_n_failed (source), ==, 3);
  g_assert_cmpuint (gw_mbtiles_source_get_n_pending (source), ==, 0);
  fill_clear (&fill);
}

static void
test_cancel (void)
{
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(ShumateTile) tile = NULL;
  g_autoptr(ShumateTile) other = NULL;
  Fill fill = { FALSE, };

  if (!need_gdal ())
    return;
  source = open_source (base_path);
  tile = tile_at (source, 105.8, 30.2, 13, NULL, NULL);
  other = tile_at (source, 105.8, 30.2, 14, NULL, NULL);

  /* Cancelled while on its way: finishes as cancelled, and leaves the tile alone. */
  fill_async (source, tile, cancellable, &fill);
  g_cancellable_cancel (cancellable);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), !=, SHUMATE_STATE_DONE);
  g_assert_null (shumate_tile_get_paintable (tile));

  /* Cancelled before it was asked for. */
  g_cancellable_cancel (cancelled);
  fill_async (source, other, cancelled, &fill);
  TEST_WAIT_FOR (fill.done);
  g_assert_error (fill.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (shumate_tile_get_paintable (other));
  g_assert_cmpuint (gw_mbtiles_source_get_n_pending (source), ==, 0);
  g_assert_cmpuint (gw_mbtiles_source_get_n_failed (source), ==, 0);
  fill_clear (&fill);
}

static guint32 *
read_png (const char *path,
          int        *width,
          int        *height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  guint32 *pixels;

  g_assert_no_error (error);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  pixels = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) pixels, *width * 4);
  return pixels;
}

/* Where (lon, lat) is in the window. */
static void
window_point (GtkWidget       *window,
              ShumateSimpleMap *map,
              double           lon,
              double           lat,
              int             *x,
              int             *y)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (map);
  graphene_point_t in, out;
  double mx, my;

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), lat, lon, &mx, &my);
  in = GRAPHENE_POINT_INIT (mx, my);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (map), window, &in, &out));
  *x = (int) round (out.x);
  *y = (int) round (out.y);
}

static void
test_map (void)
{
  g_autoptr(GwMbtilesSource) base = NULL;
  g_autoptr(GwMbtilesSource) overlay = NULL;
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *png = NULL;
  g_autofree guint32 *pixels = NULL;
  ShumateSimpleMap *map;
  ShumateViewport *viewport;
  ShumateMapLayer *layer;
  GtkWidget *window;
  guint max_zoom;
  int width, height, cx, cy, sx, sy, fx, fy;

  if (!need_gdal ())
    return;
  base = open_source (base_path);
  overlay = open_source (overlay_path);
  max_zoom = shumate_map_source_get_max_zoom_level (SHUMATE_MAP_SOURCE (base));

  window = gtk_window_new ();
  map = shumate_simple_map_new ();
  viewport = shumate_simple_map_get_viewport (map);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  shumate_simple_map_set_map_source (map, SHUMATE_MAP_SOURCE (base));
  layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (overlay), viewport);
  shumate_simple_map_add_overlay_layer (map, SHUMATE_LAYER (layer));
  shumate_license_append_map_source (shumate_simple_map_get_license (map), SHUMATE_MAP_SOURCE (overlay));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), (RASTER_SOUTH + RASTER_NORTH) / 2,
                                 (RASTER_WEST + RASTER_EAST) / 2);
  shumate_viewport_set_zoom_level (viewport, max_zoom);
  gtk_window_present (GTK_WINDOW (window));

  TEST_WAIT_FOR (gw_mbtiles_source_get_n_filled (base) > 4 && gw_mbtiles_source_get_n_pending (base) == 0 &&
            gw_mbtiles_source_get_n_filled (overlay) > 4 && gw_mbtiles_source_get_n_pending (overlay) == 0);
  test_window_spin (300);
  TEST_WAIT_FOR (gw_mbtiles_source_get_n_pending (base) == 0 && gw_mbtiles_source_get_n_pending (overlay) == 0);
  g_assert_cmpuint (gw_mbtiles_source_get_n_failed (base), ==, 0);
  g_assert_cmpuint (gw_mbtiles_source_get_n_failed (overlay), ==, 0);
  g_test_message ("map at zoom %u: base %u tiles filled (%u empty), overlay %u (%u empty)", max_zoom,
                  gw_mbtiles_source_get_n_filled (base), gw_mbtiles_source_get_n_empty (base),
                  gw_mbtiles_source_get_n_filled (overlay), gw_mbtiles_source_get_n_empty (overlay));
  /* The window is wider than the packages: some tiles of both are empty. */
  g_assert_cmpuint (gw_mbtiles_source_get_n_empty (base), >, 0);
  g_assert_cmpuint (gw_mbtiles_source_get_n_empty (overlay), >, 0);

  test_window_screenshot (window, "map-mbtiles", 200);
  png = g_strdup_printf ("%s/map-mbtiles-%s.png", g_getenv ("G_TEST_BUILDDIR"),
                         language != NULL && *language != '\0' ? language : "C");
  pixels = read_png (png, &width, &height);
  g_assert_cmpint (width, ==, gtk_widget_get_width (window));
  g_assert_cmpint (height, ==, gtk_widget_get_height (window));

  /* The middle is the base's red; the square is the overlay's blue; far outside both
   * packages there is neither. */
  window_point (window, map, (RASTER_WEST + RASTER_EAST) / 2, (RASTER_SOUTH + RASTER_NORTH) / 2, &cx, &cy);
  window_point (window, map, (SQUARE_WEST + SQUARE_EAST) / 2, (SQUARE_SOUTH + SQUARE_NORTH) / 2, &sx, &sy);
  window_point (window, map, RASTER_WEST - 0.03, (RASTER_SOUTH + RASTER_NORTH) / 2, &fx, &fy);
  g_test_message ("window %d × %d: middle (%d, %d) %08x, square (%d, %d) %08x, outside (%d, %d) %08x",
                  width, height, cx, cy, pixels[cy * width + cx], sx, sy, pixels[sy * width + sx],
                  fx, fy, pixels[fy * width + fx]);
  g_assert_cmpint (abs (cx - width / 2), <=, 2);
  assert_colour (pixels[cy * width + cx], BASE_COLOUR);
  assert_colour (pixels[sy * width + sx], OVERLAY_COLOUR);
  g_assert_cmpint (fx, >=, 0);
  g_assert_cmpint (channel_distance (pixels[fy * width + fx], BASE_COLOUR), >, 16);
  g_assert_cmpint (channel_distance (pixels[fy * width + fx], OVERLAY_COLOUR), >, 16);

  /* Two levels past the imagery (the viewport's range is the reference source's: widen
   * it as the map window does), the middle is still red. */
  shumate_viewport_set_max_zoom_level (viewport, max_zoom + 2);
  shumate_viewport_set_zoom_level (viewport, max_zoom + 2);
  {
    guint filled = gw_mbtiles_source_get_n_filled (base);

    TEST_WAIT_FOR (gw_mbtiles_source_get_n_filled (base) > filled + 4 && gw_mbtiles_source_get_n_pending (base) == 0 &&
              gw_mbtiles_source_get_n_pending (overlay) == 0);
  }
  test_window_spin (300);
  TEST_WAIT_FOR (gw_mbtiles_source_get_n_pending (base) == 0 && gw_mbtiles_source_get_n_pending (overlay) == 0);
  test_window_screenshot (window, "map-mbtiles-overzoom", 200);
  g_clear_pointer (&png, g_free);
  g_clear_pointer (&pixels, g_free);
  png = g_strdup_printf ("%s/map-mbtiles-overzoom-%s.png", g_getenv ("G_TEST_BUILDDIR"),
                         language != NULL && *language != '\0' ? language : "C");
  pixels = read_png (png, &width, &height);
  window_point (window, map, (RASTER_WEST + RASTER_EAST) / 2, (RASTER_SOUTH + RASTER_NORTH) / 2, &cx, &cy);
  assert_colour (pixels[cy * width + cx], BASE_COLOUR);

  gtk_window_destroy (GTK_WINDOW (window));
  /* Requests a destroyed map left behind still finish. */
  TEST_WAIT_FOR (gw_mbtiles_source_get_n_pending (base) == 0 && gw_mbtiles_source_get_n_pending (overlay) == 0);
  test_window_spin (100);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  /* GTK 4.8 warns once, as a map window first maps, that it snapshots an unallocated
   * GtkBox inside its tooltip window (GtkTooltipWindow, GTK's own). Criticals stay fatal;
   * warnings are printed. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  tmpdir = test_util_make_tmpdir ();
  if (have_gdal ())
    {
      base_path = make_base_package ();
      overlay_path = make_overlay_package ();
    }

  g_test_add_func ("/mbtiles-source/metadata", test_metadata);
  g_test_add_func ("/mbtiles-source/inside", test_inside);
  g_test_add_func ("/mbtiles-source/outside", test_outside);
  g_test_add_func ("/mbtiles-source/overzoom", test_overzoom);
  g_test_add_func ("/mbtiles-source/transparent", test_transparent);
  g_test_add_func ("/mbtiles-source/broken-file", test_broken_file);
  g_test_add_func ("/mbtiles-source/broken-tile", test_broken_tile);
  g_test_add_func ("/mbtiles-source/cancel", test_cancel);
  g_test_add_func ("/mbtiles-source/map", test_map);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (overlay_path);
  g_free (base_path);
  g_free (tmpdir);
  return status;
}
