/* test-mbtiles.c: the MBTiles reader, on a package made by an independent tool (GDAL's
 * MBTiles driver, from a raster burnt over Tongnan district) and on hand-made SQLite files
 * for what GDAL would never write: other layouts, missing metadata, broken input. */
#define G_LOG_DOMAIN "test-mbtiles"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-geo.h"
#include "gw-mbtiles.h"

/* The raster GDAL is given: 0.2° square over Tongnan, in WGS84. */
#define RASTER_WEST  105.7
#define RASTER_SOUTH 30.1
#define RASTER_EAST  105.9
#define RASTER_NORTH 30.3

#define N_THREADS 4
#define THREAD_ROUNDS 25

static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static char *tmpdir;
static char *gdal_package;  /* NULL when GDAL is not installed */

/* Helpers ----------------------------------------------------------------------------- */

static gboolean
run (const char *const *argv,
     GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (tmpdir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
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
  static const char *const tools[] = { "gdal_create", "gdal_translate", "gdaladdo" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
insert_tile (sqlite3      *db,
             const char   *table,
             int           z,
             int           x,
             int           y_tms,
             const guint8 *data,
             gsize         len)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (zoom_level, tile_column, tile_row, "
                                          "tile_data) VALUES (?1, ?2, ?3, ?4)", table);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, z);
  sqlite3_bind_int (stmt, 2, x);
  sqlite3_bind_int (stmt, 3, y_tms);
  sqlite3_bind_blob (stmt, 4, data, (int) len, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A new SQLite file in tmpdir, with sql run in it. */
static char *
make_db (const char *name,
         const char *sql)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  sqlite3 *db = NULL;

  g_remove (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, sql);
  sqlite3_close (db);
  return path;
}

#define MBTILES_SCHEMA \
  "CREATE TABLE metadata (name TEXT, value TEXT);" \
  "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, " \
  "                    tile_data BLOB);" \
  "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A PNG of width × height, as far as its signature and IHDR chunk say. */
static void
assert_png (GBytes *bytes,
            guint   width,
            guint   height)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpuint (len, >=, 24);
  g_assert_cmpmem (data, sizeof png_signature, png_signature, sizeof png_signature);
  g_assert_cmpuint (read_be32 (data + 8), ==, 13);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 (data + 16), ==, width);
  g_assert_cmpuint (read_be32 (data + 20), ==, height);
}

static void
assert_error_mentions (const GError *error,
                       const char   *words)
{
  g_assert_nonnull (error);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, words);
}

/* The package GDAL makes ----------------------------------------------------------------- */

static gboolean
need_gdal (void)
{
  if (gdal_package != NULL)
    return TRUE;
  g_test_skip ("gdal_create, gdal_translate or gdaladdo is not installed (gdal-bin)");
  return FALSE;
}

/* A 512 × 512 raster filled with one red, in WGS84 over Tongnan; GDAL reprojects it to
 * Web Mercator tiles (its default zoom fits the resolution: 12), then adds two overview
 * levels; finally an attribution row, which GDAL has no option for. */
static char *
make_gdal_package (void)
{
  g_autofree char *tif = g_build_filename (tmpdir, "tongnan.tif", NULL);
  char *mbtiles = g_build_filename (tmpdir, "tongnan.mbtiles", NULL);
  g_autofree char *west = g_strdup_printf ("%.1f", RASTER_WEST);
  g_autofree char *north = g_strdup_printf ("%.1f", RASTER_NORTH);
  g_autofree char *east = g_strdup_printf ("%.1f", RASTER_EAST);
  g_autofree char *south = g_strdup_printf ("%.1f", RASTER_SOUTH);
  const char *const create[] = {
    "gdal_create", "-q", "-of", "GTiff", "-outsize", "512", "512", "-bands", "3",
    "-burn", "200", "-burn", "30", "-burn", "30", "-a_srs", "EPSG:4326",
    "-a_ullr", west, north, east, south, tif, NULL
  };
  const char *const translate[] = {
    "gdal_translate", "-q", "-of", "MBTILES", "-co", "NAME=Tongnan", "-co", "TYPE=baselayer",
    tif, mbtiles, NULL
  };
  const char *const overviews[] = { "gdaladdo", "-q", mbtiles, "2", "4", NULL };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  if (!run (create, &error) || !run (translate, &error) || !run (overviews, &error))
    g_error ("making the MBTiles fixture with GDAL: %s", error->message);

  g_assert_cmpint (sqlite3_open (mbtiles, &db), ==, SQLITE_OK);
  exec_sql (db, "INSERT INTO metadata (name, value) VALUES "
                "('attribution', 'Gridwatch test raster')");
  sqlite3_close (db);
  return mbtiles;
}

static void
test_gdal_metadata (void)
{
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  double w, s, e, n;

  if (!need_gdal ())
    return;

  mb = gw_mbtiles_open (gdal_package, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mb);

  g_assert_cmpstr (gw_mbtiles_get_path (mb), ==, gdal_package);
  g_assert_cmpstr (gw_mbtiles_get_name (mb), ==, "Tongnan");
  g_assert_cmpint (gw_mbtiles_get_format (mb), ==, GW_MBTILES_FORMAT_PNG);
  g_assert_cmpstr (gw_mbtiles_format_to_string (gw_mbtiles_get_format (mb)), ==, "png");
  g_assert_cmpint (gw_mbtiles_get_layer_type (mb), ==, GW_MBTILES_LAYER_BASE);
  g_assert_cmpstr (gw_mbtiles_get_attribution (mb), ==, "Gridwatch test raster");
  g_assert_cmpstr (gw_mbtiles_get_metadata (mb, "format"), ==, "png");
  g_assert_null (gw_mbtiles_get_metadata (mb, "no-such-key"));

  /* GDAL picks z=12 for a 512 px raster 0.2° wide (about 40 m a pixel), and the two
   * overviews add 11 and 10. */
  g_test_message ("zoom %u–%u", gw_mbtiles_get_min_zoom (mb), gw_mbtiles_get_max_zoom (mb));
  g_assert_cmpuint (gw_mbtiles_get_max_zoom (mb), ==, 12);
  g_assert_cmpuint (gw_mbtiles_get_min_zoom (mb), ==, 10);

  /* The raster's box, to GDAL's rounding of its edges onto the Mercator grid. */
  g_assert_true (gw_mbtiles_get_bounds (mb, &w, &s, &e, &n));
  g_test_message ("bounds %.6f %.6f %.6f %.6f", w, s, e, n);
  g_assert_cmpfloat_with_epsilon (w, RASTER_WEST, 1e-3);
  g_assert_cmpfloat_with_epsilon (s, RASTER_SOUTH, 1e-3);
  g_assert_cmpfloat_with_epsilon (e, RASTER_EAST, 1e-3);
  g_assert_cmpfloat_with_epsilon (n, RASTER_NORTH, 1e-3);
}

static void
test_gdal_tiles (void)
{
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = NULL;
  double w, s, e, n;
  guint x, y, max_zoom;

  if (!need_gdal ())
    return;

  mb = gw_mbtiles_open (gdal_package, &error);
  g_assert_no_error (error);
  g_assert_true (gw_mbtiles_get_bounds (mb, &w, &s, &e, &n));
  max_zoom = gw_mbtiles_get_max_zoom (mb);

  /* The tile under the centre of the bounds at the deepest level must be there. */
  gw_geo_lonlat_to_tile ((w + e) / 2, (s + n) / 2, max_zoom, &x, &y);
  g_test_message ("centre tile %u/%u/%u", max_zoom, x, y);
  tile = gw_mbtiles_get_tile (mb, max_zoom, x, y, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tile);
  assert_png (tile, 256, 256);
  g_clear_pointer (&tile, g_bytes_unref);

  /* At every level, exactly the tiles gw-geo says the bounds cover are there, in XYZ
   * numbering: GDAL's tiling and ours agree, and the TMS flip is right. */
  for (guint z = gw_mbtiles_get_min_zoom (mb); z <= max_zoom; z++)
    {
      guint x0, y0, x1, y1, found = 0;

      gw_geo_tile_range (w, s, e, n, z, &x0, &y0, &x1, &y1);
      for (guint tx = x0 - 1; tx <= x1 + 1; tx++)
        for (guint ty = y0 - 1; ty <= y1 + 1; ty++)
          {
            gboolean inside = tx >= x0 && tx <= x1 && ty >= y0 && ty <= y1;

            tile = gw_mbtiles_get_tile (mb, z, tx, ty, &error);
            g_assert_no_error (error);
            if (inside)
              {
                g_assert_nonnull (tile);
                assert_png (tile, 256, 256);
                found++;
              }
            else
              g_assert_null (tile);
            g_clear_pointer (&tile, g_bytes_unref);
          }
      g_test_message ("z=%u: %u tiles, x %u–%u, y %u–%u", z, found, x0, x1, y0, y1);
      g_assert_cmpuint (found, >, 0);
    }

  /* Missing tiles are no error: far away, a level the package does not have, outside the
   * world, and the TMS row of a tile that exists (the flip is not skipped). */
  gw_geo_lonlat_to_tile (-0.1276, 51.5072, max_zoom, &x, &y);
  tile = gw_mbtiles_get_tile (mb, max_zoom, x, y, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
  gw_geo_lonlat_to_tile ((w + e) / 2, (s + n) / 2, max_zoom + 1, &x, &y);
  tile = gw_mbtiles_get_tile (mb, max_zoom + 1, x, y, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
  tile = gw_mbtiles_get_tile (mb, 3, 8, 0, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
  tile = gw_mbtiles_get_tile (mb, 40, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
  gw_geo_lonlat_to_tile ((w + e) / 2, (s + n) / 2, max_zoom, &x, &y);
  tile = gw_mbtiles_get_tile (mb, max_zoom, x, gw_geo_tile_flip_y (max_zoom, y), &error);
  g_assert_no_error (error);
  g_assert_null (tile);
}

typedef struct
{
  GwMbtiles *mb;
  guint      zoom;
  guint      x0, y0, x1, y1;
} ThreadJob;

static gpointer
fetch_tiles (gpointer data)
{
  ThreadJob *job = data;
  guint fetched = 0;

  for (guint round = 0; round < THREAD_ROUNDS; round++)
    for (guint x = job->x0; x <= job->x1; x++)
      for (guint y = job->y0; y <= job->y1; y++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) tile = gw_mbtiles_get_tile (job->mb, job->zoom, x, y, &error);

          if (tile == NULL || error != NULL)
            return GUINT_TO_POINTER (0);
          if (memcmp (g_bytes_get_data (tile, NULL), png_signature, sizeof png_signature) != 0)
            return GUINT_TO_POINTER (0);
          fetched++;
        }
  return GUINT_TO_POINTER (fetched);
}

static void
test_gdal_threads (void)
{
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  GThread *threads[N_THREADS];
  ThreadJob job;
  double w, s, e, n;
  guint expected;

  if (!need_gdal ())
    return;

  mb = gw_mbtiles_open (gdal_package, &error);
  g_assert_no_error (error);
  g_assert_true (gw_mbtiles_get_bounds (mb, &w, &s, &e, &n));
  job.mb = mb;
  job.zoom = gw_mbtiles_get_max_zoom (mb);
  gw_geo_tile_range (w, s, e, n, job.zoom, &job.x0, &job.y0, &job.x1, &job.y1);
  expected = THREAD_ROUNDS * (job.x1 - job.x0 + 1) * (job.y1 - job.y0 + 1);

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("tiles", fetch_tiles, &job);
  for (guint i = 0; i < N_THREADS; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, expected);
}

/* Hand-made packages -------------------------------------------------------------------- */

/* Only what the reader looks at: the signature and the IHDR chunk. */
static const guint8 tiny_png[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
  0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};
static const guint8 tiny_jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0 };
static const guint8 garbage[] = { 'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e' };

/* No format, zoom or bounds in the metadata: all three are derived from the tiles. A JPEG
 * among PNGs is accepted; a tile that is no image is an error, not a missing tile. */
static void
test_derived_metadata (void)
{
  g_autofree char *path = make_db ("derived.mbtiles", MBTILES_SCHEMA
                                   "INSERT INTO metadata VALUES ('description', 'hand-made');");
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = NULL;
  g_autofree char *base = NULL;
  double w, s, e, n, tw, ts, te, tn;
  sqlite3 *db = NULL;
  guint x, y;

  /* Two tiles side by side over Tongnan at z=9 and one at z=7. */
  gw_geo_lonlat_to_tile (105.84, 30.19, 9, &x, &y);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  insert_tile (db, "tiles", 9, (int) x, (int) gw_geo_tile_flip_y (9, y), tiny_png, sizeof tiny_png);
  insert_tile (db, "tiles", 9, (int) x + 1, (int) gw_geo_tile_flip_y (9, y), tiny_jpeg,
               sizeof tiny_jpeg);
  insert_tile (db, "tiles", 7, (int) x / 4, (int) gw_geo_tile_flip_y (7, y / 4), garbage,
               sizeof garbage);
  sqlite3_close (db);

  mb = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  base = g_path_get_basename (path);
  g_assert_cmpstr (gw_mbtiles_get_name (mb), ==, base);
  g_assert_cmpint (gw_mbtiles_get_format (mb), ==, GW_MBTILES_FORMAT_PNG);
  g_assert_cmpint (gw_mbtiles_get_layer_type (mb), ==, GW_MBTILES_LAYER_BASE);
  g_assert_null (gw_mbtiles_get_attribution (mb));
  g_assert_cmpstr (gw_mbtiles_get_metadata (mb, "description"), ==, "hand-made");
  g_assert_cmpuint (gw_mbtiles_get_min_zoom (mb), ==, 7);
  g_assert_cmpuint (gw_mbtiles_get_max_zoom (mb), ==, 9);

  /* Bounds: the two z=9 tiles' box. */
  g_assert_true (gw_mbtiles_get_bounds (mb, &w, &s, &e, &n));
  gw_geo_tile_bounds (9, x, y, &tw, &ts, &te, &tn);
  g_assert_cmpfloat_with_epsilon (w, tw, 1e-9);
  g_assert_cmpfloat_with_epsilon (s, ts, 1e-9);
  g_assert_cmpfloat_with_epsilon (n, tn, 1e-9);
  gw_geo_tile_bounds (9, x + 1, y, &tw, &ts, &te, &tn);
  g_assert_cmpfloat_with_epsilon (e, te, 1e-9);

  tile = gw_mbtiles_get_tile (mb, 9, x, y, &error);
  g_assert_no_error (error);
  assert_png (tile, 256, 256);
  g_clear_pointer (&tile, g_bytes_unref);
  tile = gw_mbtiles_get_tile (mb, 9, x + 1, y, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (tile, NULL), g_bytes_get_size (tile), tiny_jpeg,
                   sizeof tiny_jpeg);
  g_clear_pointer (&tile, g_bytes_unref);

  tile = gw_mbtiles_get_tile (mb, 7, x / 4, y / 4, &error);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT);
  g_assert_null (tile);
  assert_error_mentions (error, "not a PNG, JPEG or WebP image");
  g_test_message ("%s", error->message);
}

/* The deduplicating layout of mbutil and others: tiles is a view over map and images. */
static void
test_view_layout (void)
{
  g_autofree char *path = make_db ("view.mbtiles",
    "CREATE TABLE metadata (name TEXT, value TEXT);"
    "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);"
    "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
    "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,"
    "  map.tile_row AS tile_row, images.tile_data AS tile_data"
    "  FROM map JOIN images ON images.tile_id = map.tile_id;"
    "INSERT INTO metadata VALUES ('name', 'view'), ('format', 'jpg'), ('minzoom', '0'),"
    "  ('maxzoom', '1'), ('bounds', '-180,-85,180,85'), ('type', 'overlay');"
    "INSERT INTO map VALUES (1, 0, 0, 'a'), (1, 1, 0, 'a'), (0, 0, 0, 'a');");
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO images VALUES (?1, 'a')", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, tiny_jpeg, sizeof tiny_jpeg, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  mb = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_mbtiles_get_format (mb), ==, GW_MBTILES_FORMAT_JPEG);
  g_assert_cmpint (gw_mbtiles_get_layer_type (mb), ==, GW_MBTILES_LAYER_OVERLAY);
  g_assert_cmpuint (gw_mbtiles_get_min_zoom (mb), ==, 0);
  g_assert_cmpuint (gw_mbtiles_get_max_zoom (mb), ==, 1);

  /* TMS row 0 at z=1 is the southern row: XYZ row 1. */
  tile = gw_mbtiles_get_tile (mb, 1, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tile);
  g_clear_pointer (&tile, g_bytes_unref);
  tile = gw_mbtiles_get_tile (mb, 1, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  GwMbtiles *mb;

  mb = gw_mbtiles_open (path, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND);
  assert_error_mentions (error, "does not exist");
  assert_error_mentions (error, path);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  mb = gw_mbtiles_open (tmpdir, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND);
  assert_error_mentions (error, "is not a file");
  g_test_message ("%s", error->message);
}

static void
test_not_sqlite (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "random.mbtiles", NULL);
  g_autofree char *empty = g_build_filename (tmpdir, "empty.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 bytes[4096];
  GwMbtiles *mb;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));

  mb = gw_mbtiles_open (path, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  assert_error_mentions (error, "not an SQLite database");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  mb = gw_mbtiles_open (empty, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
}

static void
test_no_tiles_table (void)
{
  g_autofree char *path = make_db ("no-tiles.mbtiles",
                                   "CREATE TABLE metadata (name TEXT, value TEXT);"
                                   "INSERT INTO metadata VALUES ('format', 'png');"
                                   "CREATE TABLE tickets (id INTEGER PRIMARY KEY);");
  g_autofree char *neither = make_db ("neither.mbtiles", "CREATE TABLE t (x);");
  g_autofree char *columns = make_db ("columns.mbtiles",
                                      "CREATE TABLE metadata (name TEXT, value TEXT);"
                                      "CREATE TABLE tiles (z, x, y, data);");
  g_autoptr(GError) error = NULL;
  GwMbtiles *mb;

  mb = gw_mbtiles_open (path, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  assert_error_mentions (error, "without the MBTiles tables (missing: tiles)");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  mb = gw_mbtiles_open (neither, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  assert_error_mentions (error, "missing: metadata, tiles");
  g_clear_error (&error);

  mb = gw_mbtiles_open (columns, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  assert_error_mentions (error, "tiles table is not readable");
  g_test_message ("%s", error->message);
}

static void
test_vector_tiles (void)
{
  static const guint8 gzip_pbf[] = { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3 };
  g_autofree char *pbf = make_db ("vector.mbtiles", MBTILES_SCHEMA
                                  "INSERT INTO metadata VALUES ('name', 'v'), ('format', 'pbf'),"
                                  "  ('json', '{\"vector_layers\": []}');");
  g_autofree char *tiff = make_db ("tiff.mbtiles", MBTILES_SCHEMA
                                   "INSERT INTO metadata VALUES ('format', 'tiff');");
  g_autofree char *unlabelled = make_db ("unlabelled.mbtiles", MBTILES_SCHEMA);
  g_autofree char *nothing = make_db ("nothing.mbtiles", MBTILES_SCHEMA);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  GwMbtiles *mb;

  mb = gw_mbtiles_open (pbf, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED);
  assert_error_mentions (error, "vector tiles");
  assert_error_mentions (error, "not supported");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  mb = gw_mbtiles_open (tiff, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED);
  assert_error_mentions (error, "“tiff”");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* No format stated, and the tiles are gzipped protobuf: vector tiles again. */
  g_assert_cmpint (sqlite3_open (unlabelled, &db), ==, SQLITE_OK);
  insert_tile (db, "tiles", 0, 0, 0, gzip_pbf, sizeof gzip_pbf);
  sqlite3_close (db);
  mb = gw_mbtiles_open (unlabelled, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED);
  assert_error_mentions (error, "vector tiles");
  g_clear_error (&error);

  /* No format and no tile to tell it from. */
  mb = gw_mbtiles_open (nothing, &error);
  g_assert_null (mb);
  g_assert_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID);
  g_test_message ("%s", error->message);
}

/* Read-only: opening never writes, not even a journal, and leaves the file as it was. */
static void
test_read_only (void)
{
  g_autofree char *path = make_db ("ro.mbtiles", MBTILES_SCHEMA
                                   "INSERT INTO metadata VALUES ('format', 'png');");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = NULL;
  gsize len_before, len_after;

  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  mb = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  tile = gw_mbtiles_get_tile (mb, 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_null (tile);
  g_clear_object (&mb);
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A package in WAL mode in a directory we may not write (SQLite cannot make its -shm
 * file there) still opens. As root the directory's mode does not stop SQLite, and the
 * ordinary path is taken; as anyone else the immutable fallback is. */
static void
test_wal_read_only_dir (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "read-only", NULL);
  g_autofree char *path = g_build_filename (dir, "wal.mbtiles", NULL);
  g_autoptr(GwMbtiles) mb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA journal_mode = WAL;" MBTILES_SCHEMA
                "INSERT INTO metadata VALUES ('format', 'png'), ('name', 'wal');");
  insert_tile (db, "tiles", 0, 0, 0, tiny_png, sizeof tiny_png);
  sqlite3_close (db);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  mb = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_mbtiles_get_name (mb), ==, "wal");
  tile = gw_mbtiles_get_tile (mb, 0, 0, 0, &error);
  g_assert_no_error (error);
  assert_png (tile, 256, 256);

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("gw-test-mbtiles-XXXXXX", &error);
  g_assert_no_error (error);
  if (have_gdal ())
    gdal_package = make_gdal_package ();

  g_test_add_func ("/mbtiles/gdal/metadata", test_gdal_metadata);
  g_test_add_func ("/mbtiles/gdal/tiles", test_gdal_tiles);
  g_test_add_func ("/mbtiles/gdal/threads", test_gdal_threads);
  g_test_add_func ("/mbtiles/derived-metadata", test_derived_metadata);
  g_test_add_func ("/mbtiles/view-layout", test_view_layout);
  g_test_add_func ("/mbtiles/errors/missing-file", test_missing_file);
  g_test_add_func ("/mbtiles/errors/not-sqlite", test_not_sqlite);
  g_test_add_func ("/mbtiles/errors/no-tiles-table", test_no_tiles_table);
  g_test_add_func ("/mbtiles/errors/vector-tiles", test_vector_tiles);
  g_test_add_func ("/mbtiles/read-only", test_read_only);
  g_test_add_func ("/mbtiles/wal-read-only-dir", test_wal_read_only_dir);

  result = g_test_run ();

  {
    const char *const rm[] = { "rm", "-rf", tmpdir, NULL };

    run (rm, NULL);
  }
  g_clear_pointer (&gdal_package, g_free);
  g_clear_pointer (&tmpdir, g_free);
  return result;
}
