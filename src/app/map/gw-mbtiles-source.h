/* gw-mbtiles-source.h: an MBTiles package (core gw-mbtiles) as a base or overlay layer of
 * the map: its raster tiles read and decoded on worker threads, drawn beyond the package's
 * deepest level by enlarging the deepest tile above (overzoom), transparent where the
 * package has no tile. Several packages stack as one ShumateMapLayer each. */
#pragma once

#include <shumate/shumate.h>

#include "gw-mbtiles.h"

G_BEGIN_DECLS

#define GW_TYPE_MBTILES_SOURCE (gw_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, GW, MBTILES_SOURCE, ShumateMapSource)

/* Opens the package at path (gw_mbtiles_open(): its errors, which name the file, in words
 * for the officer) and makes a source of it: id "mbtiles:PATH", name and attribution (as
 * plain text: ShumateLicense shows no markup) from its metadata, its zoom range, 256 px
 * tiles. NULL with error set, and nothing made, when the file is not a usable package.
 *
 * Opening reads the SQLite header and the metadata rows: a few milliseconds for a local
 * file, so it may run on the main thread right after the officer picks a file. On a slow
 * or network file system call it from a worker thread (it touches no widget) and hand the
 * source to the main thread; its tiles must be asked for from one thread with a main loop
 * (normally the main thread), where every request finishes.
 *
 * The source's max-zoom-level is the package's deepest level, and libshumate's
 * shumate_viewport_set_reference_map_source() clamps the viewport to the reference
 * source's range: keep another source (the boundaries) as the reference, or set the
 * viewport's range after it, to let the officer zoom in past the imagery. Tiles deeper
 * than the package are filled by overzoom; tiles above its shallowest level are empty. */
GwMbtilesSource *gw_mbtiles_source_new           (const char       *path,
                                                  GError          **error);

/* The package (for its bounds, layer type, path…). */
GwMbtiles       *gw_mbtiles_source_get_mbtiles   (GwMbtilesSource  *self);

/* For tests and the map's readiness: requests not finished yet; requests finished with
 * success (a picture or, outside the package, none); of those, the ones with no picture;
 * requests that failed on an unreadable tile (libshumate drops the error and leaves the
 * tile blank, so this is where a broken package shows). */
guint            gw_mbtiles_source_get_n_pending (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_n_filled  (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_n_empty   (GwMbtilesSource  *self);
guint            gw_mbtiles_source_get_n_failed  (GwMbtilesSource  *self);

G_END_DECLS
