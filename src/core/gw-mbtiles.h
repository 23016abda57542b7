/* gw-mbtiles.h: a reader of MBTiles tile packages.
 *
 * MBTiles (specification 1.3) is an SQLite file with a `metadata (name, value)` table and
 * a `tiles (zoom_level, tile_column, tile_row, tile_data)` table or view, rows numbered
 * TMS-style (row 0 at the bottom). GwMbtiles opens one read-only, checks it, reads its
 * metadata once and hands out raster tiles (PNG, JPEG or WebP) by XYZ coordinates, the
 * numbering libshumate and gw-geo use. Vector tiles (format "pbf") are refused.
 *
 * Every call reads the file and so may block: call them off the main thread. One
 * GwMbtiles may be shared by any number of threads: the metadata is fixed once opened,
 * and tile reads go through one SQLite connection guarded by a mutex (a tile read is an
 * index lookup and a copy, so they queue only briefly).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_MBTILES_ERROR (gw_mbtiles_error_quark ())
GQuark gw_mbtiles_error_quark (void);

typedef enum {
  GW_MBTILES_ERROR_NOT_FOUND,   /* no such file, or not a regular file */
  GW_MBTILES_ERROR_INVALID,     /* not an SQLite file, or one without the MBTiles tables */
  GW_MBTILES_ERROR_UNSUPPORTED, /* a tile format we cannot draw (vector tiles, …) */
  GW_MBTILES_ERROR_CORRUPT,     /* a tile that is not an image, or an unreadable file */
} GwMbtilesError;

typedef enum {
  GW_MBTILES_FORMAT_PNG = 0,
  GW_MBTILES_FORMAT_JPEG,
  GW_MBTILES_FORMAT_WEBP,
} GwMbtilesFormat;

typedef enum {
  GW_MBTILES_LAYER_BASE = 0,    /* "baselayer" (also when the metadata says nothing) */
  GW_MBTILES_LAYER_OVERLAY,     /* "overlay" */
} GwMbtilesLayerType;

#define GW_TYPE_MBTILES (gw_mbtiles_get_type ())
G_DECLARE_FINAL_TYPE (GwMbtiles, gw_mbtiles, GW, MBTILES, GObject)

/* Opens path read-only and reads its metadata. Refuses, with a message naming the file:
 * a path that does not exist or is not a regular file (GW_MBTILES_ERROR_NOT_FOUND); a file
 * that is not SQLite or lacks the `metadata` or `tiles` table (GW_MBTILES_ERROR_INVALID);
 * a format other than png, jpg/jpeg or webp, vector tiles included
 * (GW_MBTILES_ERROR_UNSUPPORTED). Zoom levels missing from the metadata are taken from the
 * tiles table, bounds missing from it from the tiles at the deepest level, and a missing
 * format from the first tile's bytes. */
GwMbtiles          *gw_mbtiles_open               (const char  *path,
                                                   GError     **error);

const char         *gw_mbtiles_get_path           (GwMbtiles *self);
/* The metadata's name, or the file's base name when it has none. */
const char         *gw_mbtiles_get_name           (GwMbtiles *self);
/* The declared format (PNG, JPEG or WebP); see gw_mbtiles_get_tile() for mixed files. */
GwMbtilesFormat     gw_mbtiles_get_format         (GwMbtiles *self);
/* "png", "jpeg" or "webp". */
const char         *gw_mbtiles_format_to_string   (GwMbtilesFormat format);
GwMbtilesLayerType  gw_mbtiles_get_layer_type     (GwMbtiles *self);
/* The attribution (may hold HTML, as the specification allows), or NULL. */
const char         *gw_mbtiles_get_attribution    (GwMbtiles *self);
guint               gw_mbtiles_get_min_zoom       (GwMbtiles *self);
guint               gw_mbtiles_get_max_zoom       (GwMbtiles *self);
/* The covered box in WGS84 degrees. FALSE (and all four 0) when the file neither states
 * it nor holds any tile to derive it from. */
gboolean            gw_mbtiles_get_bounds         (GwMbtiles *self,
                                                   double    *west,
                                                   double    *south,
                                                   double    *east,
                                                   double    *north);
/* Any metadata value by name (e.g. "description", "version", "center"), or NULL. */
const char         *gw_mbtiles_get_metadata       (GwMbtiles  *self,
                                                   const char *name);

/* The stored bytes of tile (z, x, y) with y counted XYZ-style (row 0 at the top); the
 * TMS flip is done here. A tile that is simply not there (outside the package's levels or
 * area, or outside the world) is not an error: the answer is NULL with error left unset.
 * NULL with error set means the tile exists but could not be read, or its bytes are
 * not a PNG, JPEG or WebP image (GW_MBTILES_ERROR_CORRUPT). The image format is checked
 * from the bytes, not from the metadata, so a package mixing PNG and JPEG tiles works.
 * Thread-safe. */
GBytes             *gw_mbtiles_get_tile           (GwMbtiles  *self,
                                                   guint       z,
                                                   guint       x,
                                                   guint       y,
                                                   GError    **error);

G_END_DECLS
