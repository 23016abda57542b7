/* gw-mbtiles.c: a reader of MBTiles tile packages.
 *
 * The file is opened through an SQLite URI with mode=ro: nothing is ever written, and a
 * tool still writing the package is seen consistently. A package in WAL mode in a
 * directory we may not write (read-only media, another user's files) cannot be opened
 * that way, as SQLite would need to create its -shm file; it is then reopened with
 * immutable=1, which reads the main file only (anything still in a -wal file is unseen).
 *
 * Everything but the connection is fixed once gw_mbtiles_open() returns, so the getters
 * take no lock; the connection and its one cached statement are used under `lock` only.
 */
#define G_LOG_DOMAIN "gw-mbtiles"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gw-geo.h"
#include "gw-mbtiles.h"

/* Bounds on what a package may make us hold. */
#define MAX_TILE_BYTES      (16 * 1024 * 1024)
#define MAX_METADATA_ROWS   1000
#define MAX_METADATA_VALUE  (1024 * 1024)

#define TILE_SQL "SELECT tile_data FROM tiles " \
                 "WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3"

G_DEFINE_QUARK (gw-mbtiles-error-quark, gw_mbtiles_error)

struct _GwMbtiles
{
  GObject             parent_instance;

  char               *path;
  GHashTable         *metadata;  /* name -> value */
  char               *name;
  GwMbtilesFormat     format;
  GwMbtilesLayerType  layer_type;
  guint               min_zoom;
  guint               max_zoom;
  gboolean            has_bounds;
  double              west, south, east, north;

  GMutex              lock;      /* guards handle and tile_stmt */
  sqlite3            *handle;
  sqlite3_stmt       *tile_stmt;
};

G_DEFINE_FINAL_TYPE (GwMbtiles, gw_mbtiles, G_TYPE_OBJECT)

static const char *const format_names[] = { "png", "jpeg", "webp" };

/* Helpers ----------------------------------------------------------------------------- */

typedef enum {
  SNIFF_UNKNOWN,
  SNIFF_PNG,
  SNIFF_JPEG,
  SNIFF_WEBP,
  SNIFF_GZIP,  /* how vector tiles (protobuf) are usually stored */
} Sniffed;

static Sniffed
sniff (const guint8 *data,
       gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return SNIFF_PNG;
  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return SNIFF_JPEG;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return SNIFF_WEBP;
  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return SNIFF_GZIP;
  return SNIFF_UNKNOWN;
}

static gboolean
is_vector_format (const char *format)
{
  static const char *const vector[] = {
    "pbf", "mvt", "application/x-protobuf", "application/vnd.mapbox-vector-tile", NULL
  };

  return g_strv_contains (vector, format);
}

static gboolean
parse_format (const char      *text,
              GwMbtilesFormat *out)
{
  if (g_str_equal (text, "png") || g_str_equal (text, "image/png"))
    *out = GW_MBTILES_FORMAT_PNG;
  else if (g_str_equal (text, "jpg") || g_str_equal (text, "jpeg") ||
           g_str_equal (text, "image/jpeg"))
    *out = GW_MBTILES_FORMAT_JPEG;
  else if (g_str_equal (text, "webp") || g_str_equal (text, "image/webp"))
    *out = GW_MBTILES_FORMAT_WEBP;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_zoom (const char *text,
            guint      *out)
{
  g_autofree char *trimmed = NULL;
  guint64 v;

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_unsigned (trimmed, 10, 0, GW_GEO_MAX_ZOOM, &v, NULL))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* "left,bottom,right,top" in WGS84 degrees. */
static gboolean
parse_bounds (const char *text,
              double      b[4])
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      g_strstrip (parts[i]);
      b[i] = g_ascii_strtod (parts[i], &end);
      if (parts[i][0] == '\0' || end == NULL || *end != '\0' || !isfinite (b[i]))
        return FALSE;
    }
  return b[0] >= -180.0 && b[2] <= 180.0 && b[1] >= -90.0 && b[3] <= 90.0 &&
         b[0] < b[2] && b[1] < b[3];
}

static void
set_sql_error (GError     **error,
               sqlite3     *handle,
               const char  *path)
{
  int rc = sqlite3_errcode (handle) & 0xff;

  if (rc == SQLITE_NOTADB)
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                 _("“%s” is not an MBTiles file: it is not an SQLite database."), path);
  else
    g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                 _("Cannot read the tile package “%s”: %s"), path, sqlite3_errmsg (handle));
}

static sqlite3 *
open_connection (const char  *path,
                 gboolean     immutable,
                 GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *file_uri = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *handle = NULL;

  file_uri = g_filename_to_uri (absolute, NULL, error);
  if (file_uri == NULL)
    return NULL;
  uri = g_strconcat (file_uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro", NULL);

  /* NOMUTEX: the connection is only ever used under GwMbtiles.lock. */
  if (sqlite3_open_v2 (uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   _("Cannot open the tile package “%s”: %s"), path,
                   handle ? sqlite3_errmsg (handle) : _("out of memory"));
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_extended_result_codes (handle, 1);
  sqlite3_busy_timeout (handle, 2000);
  return handle;
}

/* Whether `name` is a table or a view. Sets error (and returns FALSE) only when the
 * question itself fails; *found says the answer. */
static gboolean
has_relation (sqlite3     *handle,
              const char  *name,
              gboolean    *found)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle,
                          "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  *found = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
read_metadata (GwMbtiles  *self,
               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;
  int rc;

  if (sqlite3_prepare_v2 (self->handle, "SELECT name, value FROM metadata", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: its metadata table is not readable (%s)."),
                   self->path, sqlite3_errmsg (self->handle));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (++rows > MAX_METADATA_ROWS)
        {
          g_debug ("%s: more than %d metadata rows, the rest ignored", self->path,
                   MAX_METADATA_ROWS);
          rc = SQLITE_DONE;
          break;
        }
      if (name == NULL || value == NULL || sqlite3_column_bytes (stmt, 1) > MAX_METADATA_VALUE)
        continue;
      if (!g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        continue;
      /* A repeated name: the first one wins, as the specification has one row each. */
      if (!g_hash_table_contains (self->metadata, name))
        g_hash_table_insert (self->metadata, g_strdup (name), g_strdup (value));
    }
  if (rc != SQLITE_DONE)
    set_sql_error (error, self->handle, self->path);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* The format from the metadata or, failing that, from the first tile. */
static gboolean
read_format (GwMbtiles  *self,
             GError    **error)
{
  const char *declared = g_hash_table_lookup (self->metadata, "format");
  sqlite3_stmt *stmt = NULL;
  Sniffed sniffed = SNIFF_UNKNOWN;
  int rc;

  if (declared != NULL)
    {
      g_autofree char *format = g_ascii_strdown (declared, -1);

      g_strstrip (format);
      if (parse_format (format, &self->format))
        return TRUE;
      if (is_vector_format (format))
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED,
                     _("“%s” holds vector tiles (format “%s”), which are not supported: "
                       "use an MBTiles file of PNG or JPEG images."), self->path, declared);
      else
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED,
                     _("“%s” holds tiles in the format “%s”, which is not supported: "
                       "tiles must be PNG, JPEG or WebP images."), self->path, declared);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (self->handle, "SELECT tile_data FROM tiles LIMIT 1", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_sql_error (error, self->handle, self->path);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    sniffed = sniff (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_sql_error (error, self->handle, self->path);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;

  switch (sniffed)
    {
    case SNIFF_PNG:
      self->format = GW_MBTILES_FORMAT_PNG;
      return TRUE;
    case SNIFF_JPEG:
      self->format = GW_MBTILES_FORMAT_JPEG;
      return TRUE;
    case SNIFF_WEBP:
      self->format = GW_MBTILES_FORMAT_WEBP;
      return TRUE;
    case SNIFF_GZIP:
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED,
                   _("“%s” holds vector tiles, which are not supported: "
                     "use an MBTiles file of PNG or JPEG images."), self->path);
      return FALSE;
    case SNIFF_UNKNOWN:
    default:
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                     _("“%s” is not a usable MBTiles file: it states no tile format and "
                       "holds no tiles."), self->path);
      else
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_UNSUPPORTED,
                     _("“%s” states no tile format, and its tiles are not PNG, JPEG or "
                       "WebP images."), self->path);
      return FALSE;
    }
}

/* Zoom levels from the metadata or, failing that, from the tiles table. */
static gboolean
read_zoom_range (GwMbtiles  *self,
                 GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (parse_zoom (g_hash_table_lookup (self->metadata, "minzoom"), &self->min_zoom) &&
      parse_zoom (g_hash_table_lookup (self->metadata, "maxzoom"), &self->max_zoom) &&
      self->min_zoom <= self->max_zoom)
    return TRUE;

  self->min_zoom = self->max_zoom = 0;
  if (sqlite3_prepare_v2 (self->handle,
                          "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_sql_error (error, self->handle, self->path);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    {
      self->min_zoom = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, GW_GEO_MAX_ZOOM);
      self->max_zoom = (guint) CLAMP (sqlite3_column_int64 (stmt, 1), self->min_zoom,
                                      GW_GEO_MAX_ZOOM);
    }
  else if (rc != SQLITE_ROW)
    set_sql_error (error, self->handle, self->path);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* Bounds from the metadata or, failing that, from the tiles at the deepest level. */
static gboolean
read_bounds (GwMbtiles  *self,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  double b[4];
  int rc;

  if (parse_bounds (g_hash_table_lookup (self->metadata, "bounds"), b))
    {
      self->has_bounds = TRUE;
      self->west = b[0];
      self->south = b[1];
      self->east = b[2];
      self->north = b[3];
      return TRUE;
    }

  if (sqlite3_prepare_v2 (self->handle,
                          "SELECT MIN(tile_column), MAX(tile_column), MIN(tile_row), MAX(tile_row) "
                          "FROM tiles WHERE zoom_level = ?1", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, self->handle, self->path);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, (int) self->max_zoom);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    {
      gint64 n = gw_geo_n_tiles (self->max_zoom);
      gint64 min_col = sqlite3_column_int64 (stmt, 0), max_col = sqlite3_column_int64 (stmt, 1);
      gint64 min_row = sqlite3_column_int64 (stmt, 2), max_row = sqlite3_column_int64 (stmt, 3);

      if (min_col >= 0 && max_col < n && min_row >= 0 && max_row < n)
        {
          double unused;
          /* TMS rows: the largest is the northernmost. */
          guint top = gw_geo_tile_flip_y (self->max_zoom, (guint) max_row);
          guint bottom = gw_geo_tile_flip_y (self->max_zoom, (guint) min_row);

          gw_geo_tile_bounds (self->max_zoom, (guint) min_col, top,
                              &self->west, &unused, &unused, &self->north);
          gw_geo_tile_bounds (self->max_zoom, (guint) max_col, bottom,
                              &unused, &self->south, &self->east, &unused);
          self->has_bounds = TRUE;
        }
    }
  else if (rc != SQLITE_ROW)
    set_sql_error (error, self->handle, self->path);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* Opens the connection and checks it is an MBTiles package. */
static gboolean
open_package (GwMbtiles  *self,
              GError    **error)
{
  const char *const required[] = { "metadata", "tiles" };
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *names = NULL;
  gboolean found;

  self->handle = open_connection (self->path, FALSE, error);
  if (self->handle == NULL)
    return FALSE;
  /* A WAL package where we may not create its -shm file fails with CANTOPEN, or with
   * READONLY_CANTINIT when the write-ahead log was already checkpointed away. */
  if (!has_relation (self->handle, required[0], &found) &&
      ((sqlite3_errcode (self->handle) & 0xff) == SQLITE_CANTOPEN ||
       (sqlite3_errcode (self->handle) & 0xff) == SQLITE_READONLY))
    {
      g_debug ("%s: cannot be read with mode=ro (%s); reading it as immutable", self->path,
               sqlite3_errmsg (self->handle));
      sqlite3_close (self->handle);
      self->handle = open_connection (self->path, TRUE, error);
      if (self->handle == NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (!has_relation (self->handle, required[i], &found))
        {
          set_sql_error (error, self->handle, self->path);
          return FALSE;
        }
      if (!found)
        g_ptr_array_add (missing, (gpointer) required[i]);
    }
  if (missing->len > 0)
    {
      g_ptr_array_add (missing, NULL);
      names = g_strjoinv (", ", (char **) missing->pdata);

      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: it is an SQLite database without the "
                     "MBTiles tables (missing: %s)."), self->path, names);
      return FALSE;
    }

  /* Preparing the tile query checks the tiles table has the columns we read. */
  if (sqlite3_prepare_v3 (self->handle, TILE_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                          &self->tile_stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: its tiles table is not readable (%s)."),
                   self->path, sqlite3_errmsg (self->handle));
      return FALSE;
    }
  return TRUE;
}

/* Checks the file exists and starts like an SQLite database, for clear messages. */
static gboolean
check_file (const char  *path,
            GError     **error)
{
  static const char sqlite_magic[16] = "SQLite format 3";
  char header[16];
  GStatBuf st;
  FILE *f;
  size_t n;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND,
                     _("The tile package “%s” does not exist."), path);
      else
        g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND,
                     _("Cannot open the tile package “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND,
                   _("“%s” is not a file."), path);
      return FALSE;
    }

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_NOT_FOUND,
                   _("Cannot open the tile package “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, f);
  fclose (f);
  /* sizeof includes the terminating NUL, which is part of SQLite's magic. */
  if (n != sizeof header || memcmp (header, sqlite_magic, sizeof header) != 0)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_INVALID,
                   _("“%s” is not an MBTiles file: it is not an SQLite database."), path);
      return FALSE;
    }
  return TRUE;
}

/* GObject ----------------------------------------------------------------------------- */

static void
gw_mbtiles_finalize (GObject *object)
{
  GwMbtiles *self = GW_MBTILES (object);

  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->handle, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (gw_mbtiles_parent_class)->finalize (object);
}

static void
gw_mbtiles_class_init (GwMbtilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_mbtiles_finalize;
}

static void
gw_mbtiles_init (GwMbtiles *self)
{
  g_mutex_init (&self->lock);
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API -------------------------------------------------------------------------- */

GwMbtiles *
gw_mbtiles_open (const char  *path,
                 GError     **error)
{
  g_autoptr(GwMbtiles) self = NULL;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_file (path, error))
    return NULL;

  self = g_object_new (GW_TYPE_MBTILES, NULL);
  self->path = g_strdup (path);

  if (!open_package (self, error) ||
      !read_metadata (self, error) ||
      !read_format (self, error) ||
      !read_zoom_range (self, error) ||
      !read_bounds (self, error))
    return NULL;

  name = g_hash_table_lookup (self->metadata, "name");
  self->name = name != NULL && *name != '\0' ? g_strdup (name) : g_path_get_basename (path);
  self->layer_type = g_strcmp0 (g_hash_table_lookup (self->metadata, "type"), "overlay") == 0
                       ? GW_MBTILES_LAYER_OVERLAY : GW_MBTILES_LAYER_BASE;

  g_debug ("%s: “%s”, %s, zoom %u–%u", path, self->name, format_names[self->format],
           self->min_zoom, self->max_zoom);
  return g_steal_pointer (&self);
}

const char *
gw_mbtiles_get_path (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return self->path;
}

const char *
gw_mbtiles_get_name (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return self->name;
}

GwMbtilesFormat
gw_mbtiles_get_format (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), GW_MBTILES_FORMAT_PNG);
  return self->format;
}

const char *
gw_mbtiles_format_to_string (GwMbtilesFormat format)
{
  g_return_val_if_fail (format <= GW_MBTILES_FORMAT_WEBP, NULL);
  return format_names[format];
}

GwMbtilesLayerType
gw_mbtiles_get_layer_type (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), GW_MBTILES_LAYER_BASE);
  return self->layer_type;
}

const char *
gw_mbtiles_get_attribution (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return g_hash_table_lookup (self->metadata, "attribution");
}

guint
gw_mbtiles_get_min_zoom (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), 0);
  return self->min_zoom;
}

guint
gw_mbtiles_get_max_zoom (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), 0);
  return self->max_zoom;
}

gboolean
gw_mbtiles_get_bounds (GwMbtiles *self,
                       double    *west,
                       double    *south,
                       double    *east,
                       double    *north)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), FALSE);

  if (west)
    *west = self->west;
  if (south)
    *south = self->south;
  if (east)
    *east = self->east;
  if (north)
    *north = self->north;
  return self->has_bounds;
}

const char *
gw_mbtiles_get_metadata (GwMbtiles  *self,
                         const char *name)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->metadata, name);
}

GBytes *
gw_mbtiles_get_tile (GwMbtiles  *self,
                     guint       z,
                     guint       x,
                     guint       y,
                     GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  Sniffed sniffed;
  int rc;

  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Outside the world: not there. */
  if (z > GW_GEO_MAX_ZOOM || x >= gw_geo_n_tiles (z) || y >= gw_geo_n_tiles (z))
    return NULL;

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_reset (self->tile_stmt);
  sqlite3_bind_int (self->tile_stmt, 1, (int) z);
  sqlite3_bind_int64 (self->tile_stmt, 2, x);
  sqlite3_bind_int64 (self->tile_stmt, 3, gw_geo_tile_flip_y (z, y));
  rc = sqlite3_step (self->tile_stmt);
  if (rc == SQLITE_ROW)
    {
      const void *blob = sqlite3_column_blob (self->tile_stmt, 0);
      gsize len = (gsize) sqlite3_column_bytes (self->tile_stmt, 0);

      if (len > MAX_TILE_BYTES)
        {
          g_autofree char *size = g_format_size (len);

          sqlite3_reset (self->tile_stmt);
          g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                       _("Tile %u/%u/%u of “%s” is too large (%s)."), z, x, y, self->path, size);
          return NULL;
        }
      bytes = g_bytes_new (blob, len);
    }
  else if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   _("Cannot read tile %u/%u/%u of “%s”: %s"), z, x, y, self->path,
                   sqlite3_errmsg (self->handle));
    }
  sqlite3_reset (self->tile_stmt);
  g_clear_pointer (&locker, g_mutex_locker_free);

  if (bytes == NULL)
    return NULL;

  sniffed = sniff (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (sniffed != SNIFF_PNG && sniffed != SNIFF_JPEG && sniffed != SNIFF_WEBP)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   _("Tile %u/%u/%u of “%s” is not a PNG, JPEG or WebP image."),
                   z, x, y, self->path);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}
