/* gw-geo.c: datums and Web Mercator tile arithmetic for the map.
 *
 * GCJ-02. The offset is the one published (and reimplemented in many languages) since the
 * obfuscation was first reverse-engineered: with x = lon − 105 and y = lat − 35 (degrees),
 * two trigonometric series give a northward and an eastward shift in metres on the
 * Krasovsky 1940 ellipsoid (a = 6 378 245 m, e² = 0.00669342162296594323), which are then
 * turned into degrees with that ellipsoid's radii of curvature at the point's latitude:
 * the meridional radius M = a (1 − e²) / (1 − e² sin² φ)^(3/2) for latitude and the
 * prime-vertical radius N cos φ, N = a / √(1 − e² sin² φ), for longitude.
 *
 * The offset has no closed-form inverse, but it changes slowly (its derivative is of the
 * order of 1e-5), so the fixed-point iteration w ← w − (f (w) − g) contracts by that factor
 * at each step: two or three steps reach 1e-9 degrees.
 */
#define G_LOG_DOMAIN "gw-geo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-enums-private.h"
#include "gw-geo.h"

#define KRASOVSKY_A  6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

/* The rough box in which the offset is applied (the common convention). */
#define CHINA_MIN_LON 72.004
#define CHINA_MAX_LON 137.8347
#define CHINA_MIN_LAT 0.8293
#define CHINA_MAX_LAT 55.8271

#define INVERSE_EPSILON    1e-9
#define INVERSE_MAX_ROUNDS 30

static const char *const datum_names[] = { "wgs84", "gcj02", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (datum_names) == GW_N_DATUMS + 1);

GW_ENUM_STRING_FUNCS (gw_datum, GwDatum, datum_names, GW_N_DATUMS)

/* GCJ-02 ------------------------------------------------------------------------------ */

/* The northward shift in metres, x and y relative to (105 E, 35 N). */
static double
shift_north_m (double x,
               double y)
{
  double m = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  m += (20.0 * sin (6.0 * G_PI * x) + 20.0 * sin (2.0 * G_PI * x)) * 2.0 / 3.0;
  m += (20.0 * sin (G_PI * y) + 40.0 * sin (G_PI * y / 3.0)) * 2.0 / 3.0;
  m += (160.0 * sin (G_PI * y / 12.0) + 320.0 * sin (G_PI * y / 30.0)) * 2.0 / 3.0;
  return m;
}

/* The eastward shift in metres. */
static double
shift_east_m (double x,
              double y)
{
  double m = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  m += (20.0 * sin (6.0 * G_PI * x) + 20.0 * sin (2.0 * G_PI * x)) * 2.0 / 3.0;
  m += (20.0 * sin (G_PI * x) + 40.0 * sin (G_PI * x / 3.0)) * 2.0 / 3.0;
  m += (150.0 * sin (G_PI * x / 12.0) + 300.0 * sin (G_PI * x / 30.0)) * 2.0 / 3.0;
  return m;
}

/* The offset at a WGS84 point, in degrees. */
static void
gcj02_offset (double  lon,
              double  lat,
              double *d_lon,
              double *d_lat)
{
  double phi = lat * G_PI / 180.0;
  double s = sin (phi);
  double w = 1.0 - KRASOVSKY_EE * s * s;
  double sqrt_w = sqrt (w);
  double meridional = KRASOVSKY_A * (1.0 - KRASOVSKY_EE) / (w * sqrt_w);
  double prime_vertical = KRASOVSKY_A / sqrt_w;

  *d_lat = shift_north_m (lon - 105.0, lat - 35.0) * 180.0 / (meridional * G_PI);
  *d_lon = shift_east_m (lon - 105.0, lat - 35.0) * 180.0 / (prime_vertical * cos (phi) * G_PI);
}

gboolean
gw_geo_out_of_china (double lon,
                     double lat)
{
  return !(lon >= CHINA_MIN_LON && lon <= CHINA_MAX_LON &&
           lat >= CHINA_MIN_LAT && lat <= CHINA_MAX_LAT);
}

void
gw_geo_wgs84_to_gcj02 (double  lon,
                       double  lat,
                       double *out_lon,
                       double *out_lat)
{
  double d_lon = 0.0, d_lat = 0.0;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (!gw_geo_out_of_china (lon, lat))
    gcj02_offset (lon, lat, &d_lon, &d_lat);
  *out_lon = lon + d_lon;
  *out_lat = lat + d_lat;
}

void
gw_geo_gcj02_to_wgs84 (double  lon,
                       double  lat,
                       double *out_lon,
                       double *out_lat)
{
  double w_lon = lon, w_lat = lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (!gw_geo_out_of_china (lon, lat))
    for (guint i = 0; i < INVERSE_MAX_ROUNDS; i++)
      {
        double g_lon, g_lat, e_lon, e_lat;

        gw_geo_wgs84_to_gcj02 (w_lon, w_lat, &g_lon, &g_lat);
        e_lon = g_lon - lon;
        e_lat = g_lat - lat;
        if (fabs (e_lon) < INVERSE_EPSILON && fabs (e_lat) < INVERSE_EPSILON)
          break;
        w_lon -= e_lon;
        w_lat -= e_lat;
      }
  *out_lon = w_lon;
  *out_lat = w_lat;
}

void
gw_geo_convert (GwDatum  from,
                GwDatum  to,
                double   lon,
                double   lat,
                double  *out_lon,
                double  *out_lat)
{
  g_return_if_fail (from < GW_N_DATUMS && to < GW_N_DATUMS);
  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (from == to)
    {
      *out_lon = lon;
      *out_lat = lat;
    }
  else if (from == GW_DATUM_WGS84)
    gw_geo_wgs84_to_gcj02 (lon, lat, out_lon, out_lat);
  else
    gw_geo_gcj02_to_wgs84 (lon, lat, out_lon, out_lat);
}

/* Web Mercator ------------------------------------------------------------------------ */

double
gw_geo_world_size (double zoom)
{
  return GW_GEO_TILE_SIZE * exp2 (CLAMP (zoom, 0.0, (double) GW_GEO_MAX_ZOOM));
}

void
gw_geo_lonlat_to_world (double  lon,
                        double  lat,
                        double  zoom,
                        double *x,
                        double *y)
{
  double size = gw_geo_world_size (zoom);
  double s = sin (CLAMP (lat, -GW_GEO_MAX_LATITUDE, GW_GEO_MAX_LATITUDE) * G_PI / 180.0);

  *x = (lon + 180.0) / 360.0 * size;
  *y = (0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI)) * size;
}

void
gw_geo_world_to_lonlat (double  x,
                        double  y,
                        double  zoom,
                        double *lon,
                        double *lat)
{
  double size = gw_geo_world_size (zoom);

  *lon = x / size * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y / size))) * 180.0 / G_PI;
}

guint
gw_geo_n_tiles (guint zoom)
{
  g_return_val_if_fail (zoom <= GW_GEO_MAX_ZOOM, 1);

  return 1u << zoom;
}

static guint
tile_index (double world,
            guint  n)
{
  double t = floor (world / GW_GEO_TILE_SIZE);

  /* !(t >= 0) also catches NaN. */
  if (!(t >= 0.0))
    return 0;
  if (t >= n)
    return n - 1;
  return (guint) t;
}

void
gw_geo_lonlat_to_tile (double  lon,
                       double  lat,
                       guint   zoom,
                       guint  *tile_x,
                       guint  *tile_y)
{
  double x, y;
  guint n;

  g_return_if_fail (zoom <= GW_GEO_MAX_ZOOM);

  n = gw_geo_n_tiles (zoom);
  gw_geo_lonlat_to_world (lon, lat, zoom, &x, &y);
  *tile_x = tile_index (x, n);
  *tile_y = tile_index (y, n);
}

void
gw_geo_tile_range (double  lon1,
                   double  lat1,
                   double  lon2,
                   double  lat2,
                   guint   zoom,
                   guint  *min_x,
                   guint  *min_y,
                   guint  *max_x,
                   guint  *max_y)
{
  g_return_if_fail (zoom <= GW_GEO_MAX_ZOOM);

  /* North-west corner: the smallest x and y; south-east: the largest. */
  gw_geo_lonlat_to_tile (MIN (lon1, lon2), MAX (lat1, lat2), zoom, min_x, min_y);
  gw_geo_lonlat_to_tile (MAX (lon1, lon2), MIN (lat1, lat2), zoom, max_x, max_y);
}

void
gw_geo_tile_bounds (guint   zoom,
                    guint   tile_x,
                    guint   tile_y,
                    double *west,
                    double *south,
                    double *east,
                    double *north)
{
  g_return_if_fail (zoom <= GW_GEO_MAX_ZOOM);

  gw_geo_world_to_lonlat ((double) tile_x * GW_GEO_TILE_SIZE, (double) tile_y * GW_GEO_TILE_SIZE,
                          zoom, west, north);
  gw_geo_world_to_lonlat ((double) (tile_x + 1) * GW_GEO_TILE_SIZE,
                          (double) (tile_y + 1) * GW_GEO_TILE_SIZE, zoom, east, south);
}

guint
gw_geo_tile_flip_y (guint zoom,
                    guint y)
{
  guint n;

  g_return_val_if_fail (zoom <= GW_GEO_MAX_ZOOM, y);
  n = gw_geo_n_tiles (zoom);
  g_return_val_if_fail (y < n, y);

  return n - 1 - y;
}

gboolean
gw_geo_parse_point (const char *text,
                    double     *lon,
                    double     *lat)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  double v[2];
  guint n = 0;
  char *p;

  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strdup (text);
  /* A full-width comma (three bytes) becomes a comma and two spaces. */
  while ((p = strstr (copy, "\xef\xbc\x8c")) != NULL)
    memcpy (p, ",  ", 3);
  parts = g_strsplit_set (copy, ", \t", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *end = NULL;

      if (*parts[i] == '\0')
        continue;
      if (n == 2)
        return FALSE;
      v[n] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (v[n]))
        return FALSE;
      n++;
    }
  if (n != 2 || v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90)
    return FALSE;
  *lon = v[0];
  *lat = v[1];
  return TRUE;
}
