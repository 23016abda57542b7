/* gw-geo.h: datums and Web Mercator tile arithmetic for the map.
 *
 * Datums. Our own data (divisions, tickets, cameras) is WGS84 (CGCS2000 differs from it by
 * centimetres); the tile services of mainland China serve GCJ-02, WGS84 shifted by the
 * published "Krasovsky" offset, a few hundred metres. gw_geo_wgs84_to_gcj02() applies the
 * offset; gw_geo_gcj02_to_wgs84() inverts it by iteration (to well under 1e-7 degrees, a
 * centimetre). Points outside the usual rough box around China (longitude 72.004–137.8347,
 * latitude 0.8293–55.8271) are not shifted either way.
 *
 * Tiles. Spherical Web Mercator (EPSG:3857) with 256 px tiles, as OSM, libshumate and
 * MBTiles use it. "World pixels" at zoom z run from 0 to 256 · 2^z, x eastward from
 * longitude −180, y southward from latitude +85.0511…. Tile numbers are XYZ ("Google",
 * OSM: row 0 at the top) unless a name says TMS (row 0 at the bottom, as MBTiles stores
 * them); gw_geo_tile_flip_y() turns one into the other.
 *
 * Every function here is pure and may be called from any thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The datum a set of coordinates, or a tile source, is expressed in. */
typedef enum {
  GW_DATUM_WGS84 = 0,
  GW_DATUM_GCJ02,
  GW_N_DATUMS
} GwDatum;

/* Wire names: "wgs84", "gcj02". */
const char *gw_datum_to_string   (GwDatum     datum);
gboolean    gw_datum_from_string (const char *str,
                                  GwDatum    *out);

/* TRUE when (lon, lat) lies outside the rough box where GCJ-02 applies. */
gboolean    gw_geo_out_of_china  (double lon,
                                  double lat);

/* WGS84 -> GCJ-02. Outside China the point is copied unchanged. */
void        gw_geo_wgs84_to_gcj02 (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);

/* GCJ-02 -> WGS84, iterated until the point maps back to within 1e-9 degrees (a few
 * iterations). Outside China the point is copied unchanged. */
void        gw_geo_gcj02_to_wgs84 (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);

/* Converts (lon, lat) from one datum to another (a copy when they are the same). */
void        gw_geo_convert        (GwDatum from,
                                   GwDatum to,
                                   double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);

/* Web Mercator ------------------------------------------------------------------------ */

#define GW_GEO_TILE_SIZE    256
#define GW_GEO_MAX_ZOOM     30
/* The latitude where Web Mercator's square world ends: atan (sinh (π)) in degrees. */
#define GW_GEO_MAX_LATITUDE 85.05112877980659

/* The world's width (and height) in pixels at a zoom level: 256 · 2^zoom. zoom may be
 * fractional (a map between levels); it is clamped to [0, GW_GEO_MAX_ZOOM]. */
double      gw_geo_world_size      (double zoom);

/* Longitude/latitude (degrees) -> world pixel at zoom. Latitudes beyond
 * ±GW_GEO_MAX_LATITUDE are clamped to the edge; longitudes are not wrapped. */
void        gw_geo_lonlat_to_world (double  lon,
                                    double  lat,
                                    double  zoom,
                                    double *x,
                                    double *y);

/* World pixel at zoom -> longitude/latitude (degrees); the inverse of the above. */
void        gw_geo_world_to_lonlat (double  x,
                                    double  y,
                                    double  zoom,
                                    double *lon,
                                    double *lat);

/* Number of tiles along each side at zoom (2^zoom). zoom in [0, GW_GEO_MAX_ZOOM]. */
guint       gw_geo_n_tiles         (guint zoom);

/* The XYZ tile holding (lon, lat) at zoom, clamped into the world (a point on the east or
 * south edge belongs to the last tile). */
void        gw_geo_lonlat_to_tile  (double  lon,
                                    double  lat,
                                    guint   zoom,
                                    guint  *tile_x,
                                    guint  *tile_y);

/* The inclusive XYZ tile range covering a box (any corner order) at zoom. */
void        gw_geo_tile_range      (double  lon1,
                                    double  lat1,
                                    double  lon2,
                                    double  lat2,
                                    guint   zoom,
                                    guint  *min_x,
                                    guint  *min_y,
                                    guint  *max_x,
                                    guint  *max_y);

/* The box an XYZ tile covers, in degrees. */
void        gw_geo_tile_bounds     (guint   zoom,
                                    guint   tile_x,
                                    guint   tile_y,
                                    double *west,
                                    double *south,
                                    double *east,
                                    double *north);

/* XYZ row <-> TMS row at zoom: 2^zoom − 1 − y. Its own inverse. y must be < 2^zoom. */
guint       gw_geo_tile_flip_y     (guint zoom,
                                    guint y);

/* A point as an officer types it: "105.7764, 30.1135" (a comma, a full-width comma or
 * spaces between; longitude first). FALSE for anything else or out of range. */
gboolean    gw_geo_parse_point     (const char *text,
                                    double     *lon,
                                    double     *lat);

G_END_DECLS
