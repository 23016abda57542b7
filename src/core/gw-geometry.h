/* gw-geometry.h: WGS84 polygons of the division hierarchy.
 *
 * A GwPolygon is a multipolygon: one or more parts, each an outer ring followed by holes.
 * Coordinates are (lon, lat) pairs in degrees. Containment uses the even-odd rule over
 * every ring, so holes and several parts need no special casing.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_GEOMETRY_ERROR (gw_geometry_error_quark ())
GQuark gw_geometry_error_quark (void);

typedef enum {
  GW_GEOMETRY_ERROR_INVALID,     /* malformed GeoJSON or blob; the message names what */
  GW_GEOMETRY_ERROR_UNSUPPORTED, /* a geometry type we do not take (e.g. Point) */
} GwGeometryError;

typedef struct _GwPolygon GwPolygon;

GType       gw_polygon_get_type       (void) G_GNUC_CONST;
#define GW_TYPE_POLYGON (gw_polygon_get_type ())

GwPolygon  *gw_polygon_new            (void);
GwPolygon  *gw_polygon_ref            (GwPolygon *self);
void        gw_polygon_unref          (GwPolygon *self);

/* Appends a ring of n_points (lon, lat) pairs (coords holds 2 * n_points doubles). With
 * new_part the ring starts a new part (it is an outer ring); otherwise it is a hole of the
 * current part. A closing point equal to the first is accepted and dropped. */
void        gw_polygon_add_ring       (GwPolygon    *self,
                                       gboolean      new_part,
                                       const double *coords,
                                       guint         n_points);

gboolean    gw_polygon_is_empty       (const GwPolygon *self);
guint       gw_polygon_get_n_parts    (const GwPolygon *self);
guint       gw_polygon_get_n_rings    (const GwPolygon *self,
                                       guint            part);
/* The ring's points (2 * n_points doubles, not closed). */
const double *gw_polygon_get_ring     (const GwPolygon *self,
                                       guint            part,
                                       guint            ring,
                                       guint           *n_points);
guint       gw_polygon_get_n_points   (const GwPolygon *self); /* over all rings */

/* All four are 0 for an empty polygon. */
void        gw_polygon_get_bbox       (const GwPolygon *self,
                                       double          *min_lon,
                                       double          *min_lat,
                                       double          *max_lon,
                                       double          *max_lat);

/* Point in polygon (even-odd rule, bounding box checked first). */
gboolean    gw_polygon_contains       (const GwPolygon *self,
                                       double           lon,
                                       double           lat);

/* Area in square metres (equirectangular projection at the polygon's mean latitude, i.e.
 * the latitude of its centroid, so the pieces of a clipped polygon add up to the whole;
 * good to well under 1 % at county scale). Holes subtract. */
double      gw_polygon_area_m2        (const GwPolygon *self);

/* The polygon cut to a lon/lat rectangle (Sutherland–Hodgman per ring; points on the
 * rectangle's edges count as inside, and new points lie exactly on the edges). A ring left
 * with no area is dropped; a part that loses its outer ring, or whose holes cover all of
 * what is left, is dropped. Returns an empty polygon (never NULL) when nothing is left. */
GwPolygon  *gw_polygon_clip_rect      (const GwPolygon *self,
                                       double           min_lon,
                                       double           min_lat,
                                       double           max_lon,
                                       double           max_lat);

/* A point inside the polygon, suitable for a label: the area centroid of the largest
 * part when it lies inside, otherwise the middle of the widest inside run of the
 * horizontal line through that centroid. FALSE only for an empty polygon. */
gboolean    gw_polygon_label_point    (const GwPolygon *self,
                                       double          *lon,
                                       double          *lat);

/* A uniformly distributed random point inside (rejection sampling in the bounding box,
 * at most 1000 tries; falls back to the label point). (0, 0) for an empty polygon. */
void        gw_polygon_random_point   (const GwPolygon *self,
                                       GRand           *rand,
                                       double          *lon,
                                       double          *lat);

/* Compact binary form for the database (little-endian; versioned): the magic "GWP1",
 * uint32 n_parts, n_parts × uint32 n_rings, then for every ring in order uint32 n_points,
 * then every point as two float64 (lon, lat). from_blob refuses anything else with
 * GW_GEOMETRY_ERROR_INVALID: truncated or trailing bytes, a part without rings, a ring of
 * fewer than 3 points, a coordinate that is not finite or out of range. */
GBytes     *gw_polygon_to_blob        (const GwPolygon *self);
GwPolygon  *gw_polygon_from_blob      (const guint8    *data,
                                       gsize            size,
                                       GError         **error);

/* GeoJSON geometry object: "Polygon" for one part, "MultiPolygon" otherwise; rings closed,
 * coordinates rounded to 7 decimals (about 1 cm). */
JsonNode   *gw_polygon_to_geojson     (const GwPolygon *self);
/* Accepts a GeoJSON "Polygon" or "MultiPolygon" geometry object. Errors name the problem
 * and where it is, e.g. "coordinates[0][3]: a position needs two numbers". Longitudes must
 * lie in [-180, 180], latitudes in [-90, 90], every ring must have at least 3 distinct
 * points. */
GwPolygon  *gw_polygon_from_geojson   (JsonNode        *geometry,
                                       GError         **error);

/* Great-circle distance in metres (haversine, mean Earth radius 6 371 008.8 m). */
double      gw_distance_m             (double lon1,
                                       double lat1,
                                       double lon2,
                                       double lat2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPolygon, gw_polygon_unref)

G_END_DECLS
