/* test-geo.c: datums (WGS84 <-> GCJ-02) and Web Mercator tile arithmetic, against values
 * published by other projects and against the round trips that must hold. */
#define G_LOG_DOMAIN "test-geo"

#include "config.h"

#include <math.h>

#include "gw-geo.h"
#include "gw-geometry.h"

/* Formula-exact references: computed by other implementations of the same published
 * algorithm, so they must agree to rounding. */
#define EXACT_TOLERANCE 1e-6
/* gcoord's city fixture: 7 decimals, from a converter that differs from the published
 * formula by about half a metre; an independent check that the offset is the real one. */
#define FIXTURE_TOLERANCE 1e-5
#define ROUND_TRIP_TOLERANCE 1e-7

typedef struct
{
  const char *where;
  double      wgs_lon, wgs_lat;
  double      gcj_lon, gcj_lat;
  double      tolerance;
} Reference;

static const Reference references[] = {
  /* googollee/eviltransform, c/test.c and go/transform_test.go (wgsLat, wgsLng, gcjLat,
   * gcjLng there; swapped into lon, lat here). */
  { "Shanghai", 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597, EXACT_TOLERANCE },
  { "Shenzhen", 113.912316, 22.543847, 113.9171764808363, 22.540796131694766, EXACT_TOLERANCE },
  { "Beijing", 116.377817, 39.911954, 116.38404722455657, 39.91334545536069, EXACT_TOLERANCE },
  /* wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915) (Tiananmen). */
  { "Tiananmen", 116.404, 39.915, 116.41024449916938, 39.91640428150164, EXACT_TOLERANCE },
  /* hujiulong/gcoord, test/fixtures/china-cities.json: 资阳市 雁江区 and 泸州市 江阳区,
   * the fixture's cities nearest Chongqing. */
  { "Ziyang", 104.6252411, 30.1317508, 104.6276449, 30.1289052, FIXTURE_TOLERANCE },
  { "Luzhou", 105.4386655, 28.8748404, 105.4422659, 28.871815, FIXTURE_TOLERANCE },
};

static void
test_gcj02_references (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      const Reference *r = &references[i];
      double lon, lat;

      gw_geo_wgs84_to_gcj02 (r->wgs_lon, r->wgs_lat, &lon, &lat);
      g_test_message ("%s: (%.9f, %.9f), expected (%.9f, %.9f)", r->where, lon, lat,
                      r->gcj_lon, r->gcj_lat);
      g_assert_cmpfloat_with_epsilon (lon, r->gcj_lon, r->tolerance);
      g_assert_cmpfloat_with_epsilon (lat, r->gcj_lat, r->tolerance);

      /* And back, to the WGS84 point. */
      gw_geo_gcj02_to_wgs84 (r->gcj_lon, r->gcj_lat, &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, r->wgs_lon, r->tolerance);
      g_assert_cmpfloat_with_epsilon (lat, r->wgs_lat, r->tolerance);
    }
}

/* In Chongqing the offset is a few hundred metres. */
static void
test_gcj02_chongqing_shift (void)
{
  const double tongnan_lon = 105.84, tongnan_lat = 30.19;
  double lon, lat, shift;

  gw_geo_wgs84_to_gcj02 (tongnan_lon, tongnan_lat, &lon, &lat);
  shift = gw_distance_m (tongnan_lon, tongnan_lat, lon, lat);
  g_test_message ("Tongnan: shifted %.1f m to (%.7f, %.7f)", shift, lon, lat);
  g_assert_cmpfloat (shift, >, 100.0);
  g_assert_cmpfloat (shift, <, 700.0);
  /* Eastward and southward there, as every map of the area shows. */
  g_assert_cmpfloat (lon, >, tongnan_lon);
  g_assert_cmpfloat (lat, <, tongnan_lat);
}

/* Both directions over a grid of points across China. */
static void
test_gcj02_round_trip (void)
{
  double worst_wgs = 0.0, worst_gcj = 0.0;
  guint n = 0;

  for (double lon = 73.5; lon <= 135.0; lon += 0.37)
    for (double lat = 3.9; lat <= 53.5; lat += 0.29)
      {
        double g_lon, g_lat, w_lon, w_lat, err;

        gw_geo_wgs84_to_gcj02 (lon, lat, &g_lon, &g_lat);
        gw_geo_gcj02_to_wgs84 (g_lon, g_lat, &w_lon, &w_lat);
        err = MAX (fabs (w_lon - lon), fabs (w_lat - lat));
        worst_wgs = MAX (worst_wgs, err);
        if (err >= ROUND_TRIP_TOLERANCE)
          g_error ("WGS84 (%.7f, %.7f) came back as (%.10f, %.10f)", lon, lat, w_lon, w_lat);

        /* The grid point taken as a GCJ-02 one. */
        gw_geo_gcj02_to_wgs84 (lon, lat, &w_lon, &w_lat);
        gw_geo_wgs84_to_gcj02 (w_lon, w_lat, &g_lon, &g_lat);
        err = MAX (fabs (g_lon - lon), fabs (g_lat - lat));
        worst_gcj = MAX (worst_gcj, err);
        if (err >= ROUND_TRIP_TOLERANCE)
          g_error ("GCJ-02 (%.7f, %.7f) came back as (%.10f, %.10f)", lon, lat, g_lon, g_lat);
        n++;
      }
  g_test_message ("%u points; worst round trip %.2e° (from WGS84), %.2e° (from GCJ-02)",
                  n, worst_wgs, worst_gcj);
  g_assert_cmpuint (n, >, 20000);
}

/* The iteration beats the one-step approximation many libraries use: coordtransform's
 * gcj02towgs84 (116.404, 39.915) = (116.39775550083061, 39.91359571849836) (test/app.js)
 * lands about 1e-6° (a decimetre) off; ours maps back exactly. */
static void
test_gcj02_iterative (void)
{
  double lon, lat, back_lon, back_lat;

  gw_geo_gcj02_to_wgs84 (116.404, 39.915, &lon, &lat);
  gw_geo_wgs84_to_gcj02 (lon, lat, &back_lon, &back_lat);
  g_assert_cmpfloat_with_epsilon (back_lon, 116.404, 1e-9);
  g_assert_cmpfloat_with_epsilon (back_lat, 39.915, 1e-9);

  /* Close to the one-step answer, but measurably better than it. */
  g_assert_cmpfloat_with_epsilon (lon, 116.39775550083061, 1e-5);
  g_assert_cmpfloat_with_epsilon (lat, 39.91359571849836, 1e-5);
  gw_geo_wgs84_to_gcj02 (116.39775550083061, 39.91359571849836, &back_lon, &back_lat);
  g_assert_cmpfloat (MAX (fabs (back_lon - 116.404), fabs (back_lat - 39.915)), >, 1e-7);
}

static void
test_gcj02_outside_china (void)
{
  static const double outside[][2] = {
    { 0.0, 0.0 },              /* Null Island */
    { -0.1276, 51.5072 },      /* London */
    { -74.006, 40.7128 },      /* New York */
    { 139.6917, 35.6895 },     /* Tokyo: east of the box */
    { 151.2093, -33.8688 },    /* Sydney */
    { 100.0, 60.0 },           /* Siberia: north of the box */
    { 72.0, 30.0 },            /* just west of the box */
  };

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      double lon, lat;

      g_assert_true (gw_geo_out_of_china (outside[i][0], outside[i][1]));
      gw_geo_wgs84_to_gcj02 (outside[i][0], outside[i][1], &lon, &lat);
      g_assert_cmpfloat (lon, ==, outside[i][0]);
      g_assert_cmpfloat (lat, ==, outside[i][1]);
      gw_geo_gcj02_to_wgs84 (outside[i][0], outside[i][1], &lon, &lat);
      g_assert_cmpfloat (lon, ==, outside[i][0]);
      g_assert_cmpfloat (lat, ==, outside[i][1]);
    }
  g_assert_false (gw_geo_out_of_china (106.5775, 29.5571));
}

static void
test_datum (void)
{
  GwDatum datum;
  double lon, lat;

  g_assert_cmpstr (gw_datum_to_string (GW_DATUM_WGS84), ==, "wgs84");
  g_assert_cmpstr (gw_datum_to_string (GW_DATUM_GCJ02), ==, "gcj02");
  g_assert_null (gw_datum_to_string (GW_N_DATUMS));
  g_assert_true (gw_datum_from_string ("gcj02", &datum));
  g_assert_cmpint (datum, ==, GW_DATUM_GCJ02);
  g_assert_true (gw_datum_from_string ("wgs84", &datum));
  g_assert_cmpint (datum, ==, GW_DATUM_WGS84);
  g_assert_false (gw_datum_from_string ("GCJ02", &datum));
  g_assert_false (gw_datum_from_string ("bd09", &datum));
  g_assert_false (gw_datum_from_string (NULL, &datum));

  gw_geo_convert (GW_DATUM_GCJ02, GW_DATUM_GCJ02, 105.84, 30.19, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 105.84);
  g_assert_cmpfloat (lat, ==, 30.19);
  gw_geo_convert (GW_DATUM_WGS84, GW_DATUM_GCJ02, references[0].wgs_lon, references[0].wgs_lat,
                  &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, references[0].gcj_lon, EXACT_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (lat, references[0].gcj_lat, EXACT_TOLERANCE);
  gw_geo_convert (GW_DATUM_GCJ02, GW_DATUM_WGS84, lon, lat, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, references[0].wgs_lon, ROUND_TRIP_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (lat, references[0].wgs_lat, ROUND_TRIP_TOLERANCE);
}

/* Tiles ------------------------------------------------------------------------------- */

static void
test_world_pixels (void)
{
  double x, y;

  g_assert_cmpfloat (gw_geo_world_size (0), ==, 256.0);
  g_assert_cmpfloat (gw_geo_world_size (1), ==, 512.0);
  g_assert_cmpfloat (gw_geo_world_size (10), ==, 262144.0);
  g_assert_cmpfloat_with_epsilon (gw_geo_world_size (1.5), 256.0 * pow (2.0, 1.5), 1e-9);

  gw_geo_lonlat_to_world (0.0, 0.0, 1, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 256.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 256.0, 1e-9);
  gw_geo_lonlat_to_world (0.0, 0.0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 128.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 128.0, 1e-9);

  /* The corners of the square world, and latitudes beyond it clamped to its edge. */
  gw_geo_lonlat_to_world (-180.0, GW_GEO_MAX_LATITUDE, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-6);
  gw_geo_lonlat_to_world (180.0, -GW_GEO_MAX_LATITUDE, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 2048.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 2048.0, 1e-6);
  gw_geo_lonlat_to_world (10.0, 89.9, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-6);
  gw_geo_lonlat_to_world (10.0, -90.0, 3, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 2048.0, 1e-6);
}

static void
test_world_round_trip (void)
{
  static const double zooms[] = { 0, 1, 5.5, 10, 14, 18, 22 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (double lon = -179.5; lon <= 180.0; lon += 7.3)
      for (double lat = -85.0; lat <= 85.0; lat += 3.7)
        {
          double x, y, back_lon, back_lat;

          gw_geo_lonlat_to_world (lon, lat, zooms[z], &x, &y);
          gw_geo_world_to_lonlat (x, y, zooms[z], &back_lon, &back_lat);
          g_assert_cmpfloat_with_epsilon (back_lon, lon, 1e-9);
          g_assert_cmpfloat_with_epsilon (back_lat, lat, 1e-9);
        }
}

static void
test_known_tiles (void)
{
  double w, s, e, n;
  guint x, y, x1, y1, ex, ey, ex1, ey1;

  /* mapbox/mercantile README: bounds (486, 332, 10) =
   * (-9.140625, 53.12040528310657, -8.7890625, 53.33087298301705), west of Ireland. */
  gw_geo_tile_bounds (10, 486, 332, &w, &s, &e, &n);
  g_assert_cmpfloat_with_epsilon (w, -9.140625, 1e-9);
  g_assert_cmpfloat_with_epsilon (s, 53.12040528310657, 1e-9);
  g_assert_cmpfloat_with_epsilon (e, -8.7890625, 1e-9);
  g_assert_cmpfloat_with_epsilon (n, 53.33087298301705, 1e-9);
  gw_geo_lonlat_to_tile ((w + e) / 2, (s + n) / 2, 10, &x, &y);
  g_assert_cmpuint (x, ==, 486);
  g_assert_cmpuint (y, ==, 332);

  /* Beijing (39.9093 N, 116.3974 E) is OSM tile 10/843/388 (the slippy-map formula of
   * the OSM wiki; the same answer appears in public tile-downloader test suites). */
  gw_geo_lonlat_to_tile (116.3974, 39.9093, 10, &x, &y);
  g_assert_cmpuint (x, ==, 843);
  g_assert_cmpuint (y, ==, 388);
  /* Chongqing, Jiefangbei: 10/815/423; Tongnan: 10/813/421. */
  gw_geo_lonlat_to_tile (106.5775, 29.5571, 10, &x, &y);
  g_assert_cmpuint (x, ==, 815);
  g_assert_cmpuint (y, ==, 423);
  gw_geo_lonlat_to_tile (105.84, 30.19, 10, &x, &y);
  g_assert_cmpuint (x, ==, 813);
  g_assert_cmpuint (y, ==, 421);

  /* Zoom 0 is one tile; the world's edges stay inside it. */
  gw_geo_lonlat_to_tile (180.0, -90.0, 0, &x, &y);
  g_assert_cmpuint (x, ==, 0);
  g_assert_cmpuint (y, ==, 0);
  gw_geo_lonlat_to_tile (180.0, -90.0, 4, &x, &y);
  g_assert_cmpuint (x, ==, 15);
  g_assert_cmpuint (y, ==, 15);
  gw_geo_lonlat_to_tile (-200.0, 90.0, 4, &x, &y);
  g_assert_cmpuint (x, ==, 0);
  g_assert_cmpuint (y, ==, 0);
  g_assert_cmpuint (gw_geo_n_tiles (0), ==, 1);
  g_assert_cmpuint (gw_geo_n_tiles (10), ==, 1024);
  g_assert_cmpuint (gw_geo_n_tiles (GW_GEO_MAX_ZOOM), ==, 1u << 30);

  /* A box in any corner order; Tongnan district's rough box at z=12. */
  gw_geo_tile_range (106.05, 29.85, 105.48, 30.40, 12, &x, &y, &x1, &y1);
  gw_geo_lonlat_to_tile (105.48, 30.40, 12, &ex, &ey);
  gw_geo_lonlat_to_tile (106.05, 29.85, 12, &ex1, &ey1);
  g_assert_cmpuint (x, ==, ex);
  g_assert_cmpuint (y, ==, ey);
  g_assert_cmpuint (x1, ==, ex1);
  g_assert_cmpuint (y1, ==, ey1);
  g_assert_cmpuint (x1 - x + 1, ==, 7);  /* 0.57° of 360° over 4096 columns */
  g_assert_cmpuint (y1 - y + 1, ==, 8);
}

static void
test_tile_bounds_and_flip (void)
{
  /* Every tile's bounds contain its centre, and neighbours share edges. */
  for (guint z = 0; z <= 6; z++)
    for (guint x = 0; x < gw_geo_n_tiles (z); x++)
      for (guint y = 0; y < gw_geo_n_tiles (z); y++)
        {
          double w, s, e, n, w2, s2, e2, n2;
          guint tx, ty;

          gw_geo_tile_bounds (z, x, y, &w, &s, &e, &n);
          g_assert_cmpfloat (w, <, e);
          g_assert_cmpfloat (s, <, n);
          gw_geo_lonlat_to_tile ((w + e) / 2, (s + n) / 2, z, &tx, &ty);
          g_assert_cmpuint (tx, ==, x);
          g_assert_cmpuint (ty, ==, y);
          if (y + 1 < gw_geo_n_tiles (z))
            {
              gw_geo_tile_bounds (z, x, y + 1, &w2, &s2, &e2, &n2);
              g_assert_cmpfloat_with_epsilon (n2, s, 1e-9);
            }

          /* TMS <-> XYZ. */
          g_assert_cmpuint (gw_geo_tile_flip_y (z, y), ==, gw_geo_n_tiles (z) - 1 - y);
          g_assert_cmpuint (gw_geo_tile_flip_y (z, gw_geo_tile_flip_y (z, y)), ==, y);
        }

  /* The top row of the world at z=1 is TMS row 1, and the whole world at z=0 is row 0. */
  g_assert_cmpuint (gw_geo_tile_flip_y (1, 0), ==, 1);
  g_assert_cmpuint (gw_geo_tile_flip_y (0, 0), ==, 0);
  g_assert_cmpuint (gw_geo_tile_flip_y (10, 388), ==, 635);
}

/* A point as typed: half-width or full-width comma, spaces; nothing else. */
static void
test_parse_point (void)
{
  double lon = 0, lat = 0;

  g_assert_true (gw_geo_parse_point ("105.7764, 30.1135", &lon, &lat));
  g_assert_cmpfloat (lon, ==, 105.7764);
  g_assert_cmpfloat (lat, ==, 30.1135);
  g_assert_true (gw_geo_parse_point ("105.7764，30.1135", &lon, &lat));
  g_assert_cmpfloat (lat, ==, 30.1135);
  g_assert_true (gw_geo_parse_point ("  105.7 30.1 ", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("105.7", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("105.7, 30.1, 9", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("东经105.7, 30.1", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("200, 30", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("105, 95", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("nan, 30", &lon, &lat));
  g_assert_false (gw_geo_parse_point ("", &lon, &lat));
  g_assert_false (gw_geo_parse_point (NULL, &lon, &lat));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/gcj02/references", test_gcj02_references);
  g_test_add_func ("/geo/gcj02/chongqing-shift", test_gcj02_chongqing_shift);
  g_test_add_func ("/geo/gcj02/round-trip", test_gcj02_round_trip);
  g_test_add_func ("/geo/gcj02/iterative", test_gcj02_iterative);
  g_test_add_func ("/geo/gcj02/outside-china", test_gcj02_outside_china);
  g_test_add_func ("/geo/datum", test_datum);
  g_test_add_func ("/geo/tiles/world-pixels", test_world_pixels);
  g_test_add_func ("/geo/tiles/world-round-trip", test_world_round_trip);
  g_test_add_func ("/geo/tiles/known", test_known_tiles);
  g_test_add_func ("/geo/tiles/bounds-and-flip", test_tile_bounds_and_flip);

  g_test_add_func ("/geo/parse-point", test_parse_point);
  return g_test_run ();
}
