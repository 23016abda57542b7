/* gw-xyz-source.h: an online tile server (XYZ, TMS or WMTS in Web Mercator) as a base layer
 * of the map, with a cache on disk that keeps the map drawn when the network goes.
 *
 * The URL template names the tile with {z}, {x} and {y} (or {-y}, the TMS row from the
 * bottom), or in WMTS's words {TileMatrix}, {TileCol} and {TileRow} (a "GoogleMapsCompatible"
 * tile matrix set). Only http and https.
 *
 * A source declares its datum: the tile services of mainland China draw in GCJ-02, and the
 * map then shifts our own WGS84 overlays onto them (gw-geo.h).
 *
 * Requests carry the user agent "Gridwatch/VERSION"; the answer must be 200 with a picture
 * of at most 4 MiB (404 and 204 are "no tile here": transparent). Every tile fetched is kept
 * under the cache directory (z/x/y, written whole to a temporary file and renamed); a kept
 * tile younger than a week is drawn without asking, an older one is asked for again and
 * drawn anyway when the server does not answer. Reading, writing and decoding run on worker
 * threads; the network through libsoup on the requester's main context. */
#pragma once

#include <shumate/shumate.h>

#include "gw-geo.h"

G_BEGIN_DECLS

#define GW_XYZ_SOURCE_ERROR (gw_xyz_source_error_quark ())
typedef enum {
  GW_XYZ_SOURCE_ERROR_TEMPLATE,   /* the URL template is not usable */
  GW_XYZ_SOURCE_ERROR_SERVER,     /* the server answered, but not with a tile */
  GW_XYZ_SOURCE_ERROR_PICTURE,    /* the tile is not a picture we can draw */
} GwXyzSourceError;
GQuark gw_xyz_source_error_quark (void);

#define GW_TYPE_XYZ_SOURCE (gw_xyz_source_get_type ())
G_DECLARE_FINAL_TYPE (GwXyzSource, gw_xyz_source, GW, XYZ_SOURCE, ShumateMapSource)

/* A source for `url_template` (checked: NULL and error set when it is not http(s) or lacks
 * a column, row or level). `name` shows in the layer list, `attribution` (plain text or
 * simple HTML) under the map. Levels min_zoom..max_zoom are asked of the server; deeper
 * tiles are its deepest enlarged. Tiles are cached under `cache_dir` (created on demand). */
GwXyzSource *gw_xyz_source_new               (const char   *name,
                                              const char   *url_template,
                                              GwDatum       datum,
                                              const char   *attribution,
                                              guint         min_zoom,
                                              guint         max_zoom,
                                              GFile        *cache_dir,
                                              GError      **error);

const char  *gw_xyz_source_get_url_template  (GwXyzSource  *self);
GwDatum      gw_xyz_source_get_datum         (GwXyzSource  *self);
/* The URL asked for tile (x, y) at zoom (for tests and the officer's help). */
char        *gw_xyz_source_expand            (GwXyzSource  *self,
                                              guint         zoom,
                                              guint         x,
                                              guint         y);

/* The directory of this server's cached tiles under the user's cache: one per template. */
GFile       *gw_xyz_source_default_cache_dir (const char   *url_template);

/* Requests still under way; tiles drawn from the network, from the cache, from a stale
 * cache because the server failed; requests that failed with nothing to draw, and why the
 * last one did (translated; "last-error" is notified), or NULL. */
guint        gw_xyz_source_get_n_pending     (GwXyzSource  *self);
guint        gw_xyz_source_get_n_network     (GwXyzSource  *self);
guint        gw_xyz_source_get_n_cached      (GwXyzSource  *self);
guint        gw_xyz_source_get_n_stale       (GwXyzSource  *self);
guint        gw_xyz_source_get_n_failed      (GwXyzSource  *self);
const char  *gw_xyz_source_get_last_error    (GwXyzSource  *self);

G_END_DECLS
