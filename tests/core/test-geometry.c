/* test-geometry.c: polygons, checked against the real district outlines of Chongqing. */
#define G_LOG_DOMAIN "test-geometry"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-geometry.h"

#define N_CHONGQING_DISTRICTS 40
#define CODE_YUZHONG "500103"
#define CODE_TONGNAN "500223"
#define JIEFANGBEI_LON 106.5775
#define JIEFANGBEI_LAT 29.5571
#define TONGNAN_CP_LON 105.7764
#define TONGNAN_CP_LAT 30.1135
#define TONGNAN_AREA_KM2 1583.0

typedef struct
{
  char      *code;
  char      *name;
  double     cp_lon;
  double     cp_lat;
  GwPolygon *polygon;
} District;

static void
district_free (gpointer data)
{
  District *d = data;

  g_free (d->code);
  g_free (d->name);
  g_clear_pointer (&d->polygon, gw_polygon_unref);
  g_free (d);
}

/* Loads every feature of the fixture, asserting that each one parses. */
static GPtrArray *
load_districts (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) districts = g_ptr_array_new_with_free_func (district_free);
  const char *path;
  JsonObject *root;
  JsonArray *features;

  path = g_test_get_filename (G_TEST_DIST, "data", "chongqing-districts.geojson", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  features = json_object_get_array_member (root, "features");
  g_assert_nonnull (features);

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *props = json_object_get_object_member (feature, "properties");
      JsonArray *cp = json_object_get_array_member (props, "cp");
      District *d = g_new0 (District, 1);

      d->code = g_strdup (json_object_get_string_member (feature, "id"));
      d->name = g_strdup (json_object_get_string_member (props, "name"));
      d->cp_lon = json_array_get_double_element (cp, 0);
      d->cp_lat = json_array_get_double_element (cp, 1);
      d->polygon = gw_polygon_from_geojson (json_object_get_member (feature, "geometry"),
                                            &error);
      g_assert_no_error (error);
      g_assert_nonnull (d->polygon);
      g_ptr_array_add (districts, d);
    }

  return g_steal_pointer (&districts);
}

static const District *
find_district (GPtrArray  *districts,
               const char *code)
{
  for (guint i = 0; i < districts->len; i++)
    {
      const District *d = g_ptr_array_index (districts, i);

      if (g_str_equal (d->code, code))
        return d;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
districts_bbox (GPtrArray *districts,
                double     bbox[4])
{
  bbox[0] = bbox[1] = G_MAXDOUBLE;
  bbox[2] = bbox[3] = -G_MAXDOUBLE;
  for (guint i = 0; i < districts->len; i++)
    {
      const District *d = g_ptr_array_index (districts, i);
      double b[4];

      gw_polygon_get_bbox (d->polygon, &b[0], &b[1], &b[2], &b[3]);
      bbox[0] = MIN (bbox[0], b[0]);
      bbox[1] = MIN (bbox[1], b[1]);
      bbox[2] = MAX (bbox[2], b[2]);
      bbox[3] = MAX (bbox[3], b[3]);
    }
}

/* Area of a lon/lat rectangle, with the same projection the polygons use. */
static double
rect_area_m2 (const double bbox[4])
{
  g_autoptr(GwPolygon) rect = gw_polygon_new ();
  double ring[] = {
    bbox[0], bbox[1], bbox[2], bbox[1], bbox[2], bbox[3], bbox[0], bbox[3],
  };

  gw_polygon_add_ring (rect, TRUE, ring, 4);

  return gw_polygon_area_m2 (rect);
}

static void
assert_same_polygon (const GwPolygon *a,
                     const GwPolygon *b)
{
  g_assert_cmpuint (gw_polygon_get_n_parts (a), ==, gw_polygon_get_n_parts (b));
  g_assert_cmpuint (gw_polygon_get_n_points (a), ==, gw_polygon_get_n_points (b));

  for (guint p = 0; p < gw_polygon_get_n_parts (a); p++)
    {
      g_assert_cmpuint (gw_polygon_get_n_rings (a, p), ==, gw_polygon_get_n_rings (b, p));
      for (guint r = 0; r < gw_polygon_get_n_rings (a, p); r++)
        {
          guint na, nb;
          const double *ra = gw_polygon_get_ring (a, p, r, &na);
          const double *rb = gw_polygon_get_ring (b, p, r, &nb);

          g_assert_cmpuint (na, ==, nb);
          for (guint i = 0; i < 2 * na; i++)
            g_assert_cmpfloat (ra[i], ==, rb[i]);
        }
    }
}

/* A 10 × 10 square at (100, 20) with a 4 × 4 hole in its middle, wound the other way. */
static GwPolygon *
new_holed_square (void)
{
  GwPolygon *polygon = gw_polygon_new ();
  const double outer[] = { 100, 20, 110, 20, 110, 30, 100, 30, 100, 20 };
  const double hole[] = { 103, 23, 103, 27, 107, 27, 107, 23 };

  gw_polygon_add_ring (polygon, TRUE, outer, 5);
  gw_polygon_add_ring (polygon, FALSE, hole, 4);

  return polygon;
}

static void
test_chongqing_parse (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  const District *tongnan;
  double total = 0.0, tongnan_km2;

  g_assert_cmpuint (districts->len, ==, N_CHONGQING_DISTRICTS);

  for (guint i = 0; i < districts->len; i++)
    {
      const District *d = g_ptr_array_index (districts, i);
      double b[4];

      g_assert_true (g_str_has_prefix (d->code, "500"));
      g_assert_cmpuint (strlen (d->code), ==, 6);
      g_assert_true (g_hash_table_add (codes, d->code));
      g_assert_false (gw_polygon_is_empty (d->polygon));
      g_assert_cmpuint (gw_polygon_get_n_parts (d->polygon), >=, 1);
      g_assert_cmpuint (gw_polygon_get_n_points (d->polygon), >=, 3);

      /* Every district lies within Chongqing's extent. */
      gw_polygon_get_bbox (d->polygon, &b[0], &b[1], &b[2], &b[3]);
      g_assert_cmpfloat (b[0], >, 105.0);
      g_assert_cmpfloat (b[2], <, 110.5);
      g_assert_cmpfloat (b[1], >, 28.0);
      g_assert_cmpfloat (b[3], <, 32.5);
      g_assert_cmpfloat (b[0], <, b[2]);
      g_assert_cmpfloat (b[1], <, b[3]);

      g_assert_cmpfloat (gw_polygon_area_m2 (d->polygon), >, 0.0);
      total += gw_polygon_area_m2 (d->polygon);
    }

  tongnan = find_district (districts, CODE_TONGNAN);
  tongnan_km2 = gw_polygon_area_m2 (tongnan->polygon) / 1e6;
  g_test_message ("Tongnan: %.1f km², official %.0f km²", tongnan_km2, TONGNAN_AREA_KM2);
  g_assert_cmpfloat (tongnan_km2, >, TONGNAN_AREA_KM2 * 0.8);
  g_assert_cmpfloat (tongnan_km2, <, TONGNAN_AREA_KM2 * 1.2);

  /* Chongqing as a whole covers about 82,400 km². */
  g_test_message ("Chongqing: %.0f km²", total / 1e6);
  g_assert_cmpfloat (total / 1e6, >, 82400 * 0.9);
  g_assert_cmpfloat (total / 1e6, <, 82400 * 1.1);
}

static void
test_chongqing_contains (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  const guint n_samples = 5000;
  guint n_inside = 0, n_doubles = 0;
  double bbox[4], total_area = 0.0, inside_share, area_share;

  for (guint i = 0; i < districts->len; i++)
    {
      const District *d = g_ptr_array_index (districts, i);

      /* Jiefangbei is in Yuzhong and nowhere else. */
      g_assert_cmpint (gw_polygon_contains (d->polygon, JIEFANGBEI_LON, JIEFANGBEI_LAT), ==,
                       g_str_equal (d->code, CODE_YUZHONG));
      /* Far away, in Yunnan's south, is in none. */
      g_assert_false (gw_polygon_contains (d->polygon, 100.0, 20.0));
      g_assert_false (gw_polygon_contains (d->polygon, NAN, 30.0));
      total_area += gw_polygon_area_m2 (d->polygon);
    }

  g_assert_true (gw_polygon_contains (find_district (districts, CODE_TONGNAN)->polygon,
                                      TONGNAN_CP_LON, TONGNAN_CP_LAT));

  /* Districts tile the city: a point is in at most one, and the share of points that
   * land in one matches the share of the box the districts cover. */
  districts_bbox (districts, bbox);
  for (guint s = 0; s < n_samples; s++)
    {
      double lon = g_rand_double_range (rand, bbox[0], bbox[2]);
      double lat = g_rand_double_range (rand, bbox[1], bbox[3]);
      guint hits = 0;

      for (guint i = 0; i < districts->len; i++)
        {
          const District *d = g_ptr_array_index (districts, i);

          if (gw_polygon_contains (d->polygon, lon, lat))
            hits++;
        }

      g_assert_cmpuint (hits, <=, 2);
      if (hits > 0)
        n_inside++;
      if (hits > 1)
        n_doubles++;
    }

  g_test_message ("%u of %u points in a district, %u in two", n_inside, n_samples, n_doubles);
  g_assert_cmpfloat ((double) n_doubles / n_samples, <, 0.005);

  inside_share = (double) n_inside / n_samples;
  area_share = total_area / rect_area_m2 (bbox);
  g_assert_cmpfloat (fabs (inside_share - area_share), <, 0.03);
}

static void
test_holes_and_parts (void)
{
  g_autoptr(GwPolygon) square = new_holed_square ();
  g_autoptr(GwPolygon) plain = gw_polygon_new ();
  g_autoptr(GwPolygon) multi = gw_polygon_new ();
  const double outer[] = { 100, 20, 110, 20, 110, 30, 100, 30 };
  const double far_part[] = { 120, 20, 121, 20, 121, 21 };
  double b[4], area_holed, area_plain;
  guint n;

  g_assert_cmpuint (gw_polygon_get_n_parts (square), ==, 1);
  g_assert_cmpuint (gw_polygon_get_n_rings (square, 0), ==, 2);
  /* The closing point of the outer ring was dropped. */
  gw_polygon_get_ring (square, 0, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (gw_polygon_get_n_points (square), ==, 8);

  g_assert_true (gw_polygon_contains (square, 101, 21));
  g_assert_true (gw_polygon_contains (square, 108, 25));
  g_assert_true (gw_polygon_contains (square, 105, 28.5));
  g_assert_false (gw_polygon_contains (square, 105, 25));
  g_assert_false (gw_polygon_contains (square, 104, 26));
  g_assert_false (gw_polygon_contains (square, 111, 25));
  g_assert_false (gw_polygon_contains (square, 105, 31));

  /* The hole takes 16 % of the square's area. */
  gw_polygon_add_ring (plain, TRUE, outer, 4);
  area_holed = gw_polygon_area_m2 (square);
  area_plain = gw_polygon_area_m2 (plain);
  g_assert_cmpfloat_with_epsilon (area_holed / area_plain, 0.84, 1e-9);

  /* 10° × 10° around latitude 25°: R·π/180 squared times cos 25°. */
  g_assert_cmpfloat_with_epsilon (area_plain,
                                  pow (6371008.8 * G_PI / 180.0, 2) * 100 * cos (25 * G_PI / 180),
                                  1.0);

  /* Two parts: both count, neither sees the other's hole. */
  gw_polygon_add_ring (multi, TRUE, outer, 4);
  gw_polygon_add_ring (multi, FALSE, (const double[]) { 103, 23, 107, 23, 107, 27, 103, 27 }, 4);
  gw_polygon_add_ring (multi, TRUE, far_part, 3);
  g_assert_cmpuint (gw_polygon_get_n_parts (multi), ==, 2);
  g_assert_cmpuint (gw_polygon_get_n_rings (multi, 0), ==, 2);
  g_assert_cmpuint (gw_polygon_get_n_rings (multi, 1), ==, 1);
  g_assert_true (gw_polygon_contains (multi, 120.9, 20.5));
  g_assert_false (gw_polygon_contains (multi, 120.1, 20.5));
  g_assert_false (gw_polygon_contains (multi, 105, 25));
  g_assert_true (gw_polygon_contains (multi, 101, 25));
  g_assert_false (gw_polygon_contains (multi, 115, 25));
  gw_polygon_get_bbox (multi, &b[0], &b[1], &b[2], &b[3]);
  g_assert_cmpfloat (b[0], ==, 100);
  g_assert_cmpfloat (b[1], ==, 20);
  g_assert_cmpfloat (b[2], ==, 121);
  g_assert_cmpfloat (b[3], ==, 30);

  /* An empty polygon holds nothing and has no area. */
  {
    g_autoptr(GwPolygon) empty = gw_polygon_new ();
    double lon = -1, lat = -1;

    g_assert_true (gw_polygon_is_empty (empty));
    g_assert_false (gw_polygon_contains (empty, 0, 0));
    g_assert_cmpfloat (gw_polygon_area_m2 (empty), ==, 0.0);
    g_assert_false (gw_polygon_label_point (empty, &lon, &lat));
  }
}

static void
test_clip_lattice (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const GwPolygon *tongnan = find_district (districts, CODE_TONGNAN)->polygon;
  GwPolygon *pieces[4][4];
  double xs[5], ys[5], b[4];
  double whole, sum = 0.0;
  guint n_nonempty = 0, n_checked = 0;

  gw_polygon_get_bbox (tongnan, &b[0], &b[1], &b[2], &b[3]);
  for (guint i = 0; i <= 4; i++)
    {
      xs[i] = i == 4 ? b[2] : b[0] + (b[2] - b[0]) * i / 4;
      ys[i] = i == 4 ? b[3] : b[1] + (b[3] - b[1]) * i / 4;
    }

  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 4; j++)
      {
        double pb[4];

        pieces[i][j] = gw_polygon_clip_rect (tongnan, xs[i], ys[j], xs[i + 1], ys[j + 1]);
        g_assert_nonnull (pieces[i][j]);
        sum += gw_polygon_area_m2 (pieces[i][j]);
        if (gw_polygon_is_empty (pieces[i][j]))
          continue;

        /* Each piece stays within its cell, exactly. */
        n_nonempty++;
        gw_polygon_get_bbox (pieces[i][j], &pb[0], &pb[1], &pb[2], &pb[3]);
        g_assert_cmpfloat (pb[0], >=, xs[i]);
        g_assert_cmpfloat (pb[1], >=, ys[j]);
        g_assert_cmpfloat (pb[2], <=, xs[i + 1]);
        g_assert_cmpfloat (pb[3], <=, ys[j + 1]);
      }

  /* A county is not a rectangle, but it reaches into most of its box's cells. */
  g_assert_cmpuint (n_nonempty, >=, 10);

  whole = gw_polygon_area_m2 (tongnan);
  g_test_message ("pieces %.3f km², whole %.3f km²", sum / 1e6, whole / 1e6);
  g_assert_cmpfloat (fabs (sum - whole) / whole, <, 0.001);

  /* Every point of the county is in exactly one piece, every other point in none. */
  for (guint s = 0; s < 5000; s++)
    {
      double lon = g_rand_double_range (rand, b[0], b[2]);
      double lat = g_rand_double_range (rand, b[1], b[3]);
      gboolean on_line = FALSE;
      guint hits = 0;

      for (guint i = 0; i <= 4; i++)
        on_line = on_line || lon == xs[i] || lat == ys[i];
      if (on_line)
        continue;

      for (guint i = 0; i < 4; i++)
        for (guint j = 0; j < 4; j++)
          hits += gw_polygon_contains (pieces[i][j], lon, lat) ? 1 : 0;

      g_assert_cmpuint (hits, ==, gw_polygon_contains (tongnan, lon, lat) ? 1 : 0);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 4900);

  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 4; j++)
      gw_polygon_unref (pieces[i][j]);

  /* A rectangle away from the county leaves nothing; one around it leaves it whole. */
  {
    g_autoptr(GwPolygon) none = gw_polygon_clip_rect (tongnan, 110, 20, 111, 21);
    g_autoptr(GwPolygon) touching = gw_polygon_clip_rect (tongnan, b[2], b[1], b[2] + 1, b[3]);
    g_autoptr(GwPolygon) all = gw_polygon_clip_rect (tongnan, b[0] - 1, b[1] - 1,
                                                     b[2] + 1, b[3] + 1);

    g_assert_nonnull (none);
    g_assert_true (gw_polygon_is_empty (none));
    g_assert_cmpuint (gw_polygon_get_n_parts (none), ==, 0);
    g_assert_cmpfloat (gw_polygon_area_m2 (none), ==, 0.0);
    g_assert_true (gw_polygon_is_empty (touching));
    assert_same_polygon (all, tongnan);
  }
}

static void
test_clip_holes (void)
{
  g_autoptr(GwPolygon) square = new_holed_square ();
  g_autoptr(GwPolygon) multi = gw_polygon_new ();
  g_autoptr(GwPolygon) left = NULL;
  g_autoptr(GwPolygon) solid = NULL;
  g_autoptr(GwPolygon) in_hole = NULL;
  g_autoptr(GwPolygon) second = NULL;
  g_autoptr(GwPolygon) reference = gw_polygon_new ();
  const double ring_ref[] = { 100, 20, 105, 20, 105, 30, 100, 30 };
  const double hole_ref[] = { 103, 23, 105, 23, 105, 27, 103, 27 };
  guint n;
  const double *pts;

  /* The left half keeps the left half of the hole. */
  left = gw_polygon_clip_rect (square, 100, 20, 105, 30);
  g_assert_cmpuint (gw_polygon_get_n_parts (left), ==, 1);
  g_assert_cmpuint (gw_polygon_get_n_rings (left, 0), ==, 2);
  g_assert_false (gw_polygon_contains (left, 104, 25));
  g_assert_true (gw_polygon_contains (left, 102, 25));
  g_assert_false (gw_polygon_contains (left, 106, 25));
  gw_polygon_add_ring (reference, TRUE, ring_ref, 4);
  gw_polygon_add_ring (reference, FALSE, hole_ref, 4);
  g_assert_cmpfloat_with_epsilon (gw_polygon_area_m2 (left) / gw_polygon_area_m2 (reference),
                                  1.0, 1e-9);

  /* New points sit exactly on the cut. */
  pts = gw_polygon_get_ring (left, 0, 1, &n);
  for (guint i = 0; i < n; i++)
    g_assert_true (pts[2 * i] == 103 || pts[2 * i] == 105);

  /* A rectangle between the outer ring and the hole keeps no hole. */
  solid = gw_polygon_clip_rect (square, 100, 20, 102, 22);
  g_assert_cmpuint (gw_polygon_get_n_parts (solid), ==, 1);
  g_assert_cmpuint (gw_polygon_get_n_rings (solid, 0), ==, 1);

  /* A rectangle inside the hole keeps nothing. */
  in_hole = gw_polygon_clip_rect (square, 104, 24, 106, 26);
  g_assert_true (gw_polygon_is_empty (in_hole));

  /* A part whose outer ring is cut away goes with its holes. */
  gw_polygon_add_ring (multi, TRUE, (const double[]) { 100, 20, 110, 20, 110, 30, 100, 30 }, 4);
  gw_polygon_add_ring (multi, FALSE, (const double[]) { 103, 23, 107, 23, 107, 27, 103, 27 }, 4);
  gw_polygon_add_ring (multi, TRUE, (const double[]) { 120, 20, 122, 20, 122, 22, 120, 22 }, 4);
  second = gw_polygon_clip_rect (multi, 119, 19, 121, 21);
  g_assert_cmpuint (gw_polygon_get_n_parts (second), ==, 1);
  g_assert_cmpuint (gw_polygon_get_n_rings (second, 0), ==, 1);
  g_assert_true (gw_polygon_contains (second, 120.5, 20.5));
  g_assert_false (gw_polygon_contains (second, 121.5, 21.5));
}

/* Divisions nest: a street's rectangle is cut into communities, those into grids. The
 * pieces of each level add up to their parent and hand every point to one child. */
static void
test_clip_nested (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  const GwPolygon *district = find_district (districts, "500116")->polygon;
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_polygon_unref);
  double b[4], grids_area = 0.0;
  guint n_checked = 0;

  gw_polygon_get_bbox (district, &b[0], &b[1], &b[2], &b[3]);

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      {
        double x0 = b[0] + (b[2] - b[0]) * i / 3, x1 = b[0] + (b[2] - b[0]) * (i + 1) / 3;
        double y0 = b[1] + (b[3] - b[1]) * j / 3, y1 = b[1] + (b[3] - b[1]) * (j + 1) / 3;
        g_autoptr(GwPolygon) street = gw_polygon_clip_rect (district, x0, y0, x1, y1);
        double sb[4], sub_area = 0.0;

        if (gw_polygon_is_empty (street))
          continue;

        gw_polygon_get_bbox (street, &sb[0], &sb[1], &sb[2], &sb[3]);
        for (guint k = 0; k < 5; k++)
          for (guint l = 0; l < 5; l++)
            {
              GwPolygon *grid = gw_polygon_clip_rect (street,
                                                      sb[0] + (sb[2] - sb[0]) * k / 5,
                                                      sb[1] + (sb[3] - sb[1]) * l / 5,
                                                      sb[0] + (sb[2] - sb[0]) * (k + 1) / 5,
                                                      sb[1] + (sb[3] - sb[1]) * (l + 1) / 5);

              if (gw_polygon_is_empty (grid))
                {
                  gw_polygon_unref (grid);
                  continue;
                }
              g_assert_cmpfloat (gw_polygon_area_m2 (grid), >, 0.0);
              sub_area += gw_polygon_area_m2 (grid);
              g_ptr_array_add (grids, grid);
            }

        g_assert_cmpfloat (fabs (sub_area - gw_polygon_area_m2 (street)),
                           <, gw_polygon_area_m2 (street) * 1e-4);
        grids_area += sub_area;
      }

  g_test_message ("%u grids, %.3f km² of %.3f km²", grids->len, grids_area / 1e6,
                  gw_polygon_area_m2 (district) / 1e6);
  g_assert_cmpuint (grids->len, >, 100);
  g_assert_cmpfloat (fabs (grids_area - gw_polygon_area_m2 (district)),
                     <, gw_polygon_area_m2 (district) * 1e-3);

  for (guint s = 0; s < 3000; s++)
    {
      double lon, lat;
      guint hits = 0;

      gw_polygon_random_point (district, rand, &lon, &lat);
      for (guint g = 0; g < grids->len; g++)
        hits += gw_polygon_contains (g_ptr_array_index (grids, g), lon, lat) ? 1 : 0;

      /* A point exactly on a cut may count twice; random doubles essentially never are. */
      g_assert_cmpuint (hits, ==, 1);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, 3000);
}

static void
test_blob (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GwPolygon) square = new_holed_square ();
  g_autoptr(GwPolygon) multi = gw_polygon_new ();
  g_autoptr(GwPolygon) empty = gw_polygon_new ();
  GwPolygon *cases[] = { NULL, square, multi, empty };
  g_autoptr(GError) error = NULL;

  cases[0] = find_district (districts, CODE_TONGNAN)->polygon;
  gw_polygon_add_ring (multi, TRUE, (const double[]) { 106.5, 29.5, 106.6, 29.5, 106.6, 29.6 }, 3);
  gw_polygon_add_ring (multi, TRUE, (const double[]) { -10, -5, -9, -5, -9, -4, -10, -4 }, 4);
  gw_polygon_add_ring (multi, FALSE, (const double[]) { -9.8, -4.8, -9.2, -4.8, -9.5, -4.2 }, 3);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GBytes) blob = gw_polygon_to_blob (cases[c]);
      g_autoptr(GwPolygon) back = NULL;
      gsize size;
      const guint8 *data = g_bytes_get_data (blob, &size);
      double b1[4], b2[4];

      g_assert_cmpuint (size, >=, 8);
      g_assert_cmpmem (data, 4, "GWP1", 4);
      back = gw_polygon_from_blob (data, size, &error);
      g_assert_no_error (error);
      assert_same_polygon (back, cases[c]);
      gw_polygon_get_bbox (back, &b1[0], &b1[1], &b1[2], &b1[3]);
      gw_polygon_get_bbox (cases[c], &b2[0], &b2[1], &b2[2], &b2[3]);
      g_assert_cmpmem (b1, sizeof b1, b2, sizeof b2);
      g_assert_cmpfloat (gw_polygon_area_m2 (back), ==, gw_polygon_area_m2 (cases[c]));

      /* Every truncation is refused. */
      for (gsize len = 0; len < size; len++)
        {
          g_autoptr(GwPolygon) cut = gw_polygon_from_blob (data, len, &error);

          g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
          g_assert_null (cut);
          g_clear_error (&error);
        }

      /* So is a byte too many. */
      {
        g_autofree guint8 *longer = g_malloc0 (size + 1);
        g_autoptr(GwPolygon) extra = NULL;

        memcpy (longer, data, size);
        extra = gw_polygon_from_blob (longer, size + 1, &error);
        g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
        g_assert_null (extra);
        g_clear_error (&error);
      }
    }

  /* The size of a known blob: header, counts, then 16 bytes per point. */
  {
    g_autoptr(GBytes) blob = gw_polygon_to_blob (multi);

    g_assert_cmpuint (g_bytes_get_size (blob), ==, 8 + 4 * 2 + 4 * 3 + 16 * 10);
  }

  /* Wrong magic, garbage, broken counts and impossible coordinates are refused. */
  {
    g_autoptr(GBytes) blob = gw_polygon_to_blob (square);
    gsize size = g_bytes_get_size (blob);
    g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (blob, NULL), size);
    g_autoptr(GwPolygon) bad = NULL;
    const guint8 garbage[] = "This is not a shape at all, just text.";
    double nan_value = NAN, lat = 95.0;

    data[3] = '2';
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "GWP1"));
    g_assert_null (bad);
    g_clear_error (&error);
    data[3] = '1';

    bad = gw_polygon_from_blob (garbage, sizeof garbage, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_null (bad);
    g_clear_error (&error);

    /* A huge part count must not be believed. */
    data[4] = data[5] = data[6] = data[7] = 0xff;
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_null (bad);
    g_clear_error (&error);
    data[4] = 1;
    data[5] = data[6] = data[7] = 0;

    /* A ring of two points. */
    data[12] = 2;
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_null (bad);
    g_clear_error (&error);
    data[12] = 4;

    /* Header: magic, 1 part, 2 rings, 4 + 4 points; then point 1's longitude. */
    memcpy (data + 20, &nan_value, 8);
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "point 1"));
    g_assert_null (bad);
    g_clear_error (&error);

    memcpy (data, g_bytes_get_data (blob, NULL), size);
    memcpy (data + 20 + 16 * 2 + 8, &lat, 8);
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "point 3"));
    g_assert_nonnull (strstr (error->message, "latitude"));
    g_assert_null (bad);
    g_clear_error (&error);

    /* The untouched copy still reads. */
    memcpy (data, g_bytes_get_data (blob, NULL), size);
    bad = gw_polygon_from_blob (data, size, &error);
    g_assert_no_error (error);
    assert_same_polygon (bad, square);
  }
}

static GwPolygon *
polygon_from_text (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  json_parser_load_from_data (parser, text, -1, &parse_error);
  g_assert_no_error (parse_error);

  return gw_polygon_from_geojson (json_parser_get_root (parser), error);
}

static void
test_geojson_round_trip (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GwPolygon) square = new_holed_square ();
  g_autoptr(GwPolygon) multi = gw_polygon_new ();
  g_autoptr(GError) error = NULL;

  gw_polygon_add_ring (multi, TRUE, (const double[]) { 106.12345678, 29.5, 106.6, 29.5, 106.6, 29.6 }, 3);
  gw_polygon_add_ring (multi, TRUE, (const double[]) { 107, 30, 108, 30, 108, 31 }, 3);

  for (guint c = 0; c < districts->len + 2; c++)
    {
      const GwPolygon *polygon = c < districts->len
        ? ((const District *) g_ptr_array_index (districts, c))->polygon
        : c == districts->len ? square : multi;
      g_autoptr(JsonNode) node = gw_polygon_to_geojson (polygon);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;
      g_autoptr(GwPolygon) back = NULL;
      JsonObject *obj;
      JsonArray *coords, *first_ring, *first, *last;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      obj = json_node_get_object (node);
      coords = json_object_get_array_member (obj, "coordinates");
      if (gw_polygon_get_n_parts (polygon) == 1)
        {
          g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "Polygon");
          first_ring = json_array_get_array_element (coords, 0);
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "MultiPolygon");
          g_assert_cmpuint (json_array_get_length (coords), ==, gw_polygon_get_n_parts (polygon));
          first_ring = json_array_get_array_element (json_array_get_array_element (coords, 0), 0);
        }

      /* Rings are written closed. */
      first = json_array_get_array_element (first_ring, 0);
      last = json_array_get_array_element (first_ring, json_array_get_length (first_ring) - 1);
      g_assert_cmpfloat (json_array_get_double_element (first, 0), ==,
                         json_array_get_double_element (last, 0));
      g_assert_cmpfloat (json_array_get_double_element (first, 1), ==,
                         json_array_get_double_element (last, 1));

      /* Through text and back. */
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      back = polygon_from_text (text, &error);
      g_assert_no_error (error);

      if (polygon != multi)
        {
          /* Coordinates with at most 7 decimals come back bit for bit. */
          assert_same_polygon (back, polygon);
        }
      else
        {
          const double *pts;
          guint n;

          g_assert_cmpuint (gw_polygon_get_n_parts (back), ==, 2);
          pts = gw_polygon_get_ring (back, 0, 0, &n);
          g_assert_cmpuint (n, ==, 3);
          /* Rounded to 7 decimals. */
          g_assert_cmpfloat (pts[0], ==, 106.1234568);
          g_assert_cmpfloat (pts[1], ==, 29.5);
        }
    }

  /* Integers, altitudes and open rings are all taken. */
  {
    g_autoptr(GwPolygon) p = polygon_from_text (
      "{\"type\":\"Polygon\",\"coordinates\":[[[106,29,300],[107,29,310.5],[107,30],[106,29]]]}",
      &error);
    const double *pts;
    guint n;

    g_assert_no_error (error);
    pts = gw_polygon_get_ring (p, 0, 0, &n);
    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpfloat (pts[0], ==, 106.0);
    g_assert_cmpfloat (pts[3], ==, 29.0);
    g_assert_cmpfloat (pts[5], ==, 30.0);
  }
  {
    g_autoptr(GwPolygon) p = polygon_from_text (
      "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1]]],[[[5,5],[6,5],[6,6],[5,6]],[[5.2,5.2],[5.8,5.2],[5.5,5.8]]]]}",
      &error);

    g_assert_no_error (error);
    g_assert_cmpuint (gw_polygon_get_n_parts (p), ==, 2);
    g_assert_cmpuint (gw_polygon_get_n_rings (p, 1), ==, 2);
    g_assert_true (gw_polygon_contains (p, 5.1, 5.5));
    g_assert_false (gw_polygon_contains (p, 5.5, 5.4));
  }
}

typedef struct
{
  const char *json;
  int         code;
  const char *message_start;
} BadGeoJson;

static void
test_geojson_errors (void)
{
  static const BadGeoJson cases[] = {
    { "[1, 2]", GW_GEOMETRY_ERROR_INVALID, "geometry: expected a GeoJSON object" },
    { "\"Polygon\"", GW_GEOMETRY_ERROR_INVALID, "geometry: expected a GeoJSON object" },
    { "{\"coordinates\":[]}", GW_GEOMETRY_ERROR_INVALID, "type: missing" },
    { "{\"type\":7,\"coordinates\":[]}", GW_GEOMETRY_ERROR_INVALID, "type: expected a string" },
    { "{\"type\":\"Point\",\"coordinates\":[106.5,29.5]}",
      GW_GEOMETRY_ERROR_UNSUPPORTED, "type “Point” is not a polygon" },
    { "{\"type\":\"Polygon\"}", GW_GEOMETRY_ERROR_INVALID, "coordinates: missing" },
    { "{\"type\":\"Polygon\",\"coordinates\":{\"a\":1}}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates: expected an array" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0.5]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][3]: a position needs two numbers" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],7,[0,1]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][2]: a position needs two numbers" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"0\"],[1,1]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][1][1]: the latitude must be a number, not a string" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[true,0],[1,1]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][1][0]: the longitude must be a number" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,95]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][2][1]: latitude 95 is outside [-90, 90]" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[-180.5,1]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0][2][0]: longitude -180.5 is outside [-180, 180]" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[1]: a ring needs at least 3 distinct points" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0],[1,0],[0,0]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0]: a ring needs at least 3 distinct points" },
    { "{\"type\":\"Polygon\",\"coordinates\":[\"ring\"]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[0]: a ring must be an array of positions" },
    { "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1]]],[]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[1]: a polygon needs at least one ring" },
    { "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,0],[1,1]],[[0,0],[1,null],[1,1]]]]}",
      GW_GEOMETRY_ERROR_INVALID, "coordinates[1][1][1][1]: the latitude must be a number, not null" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwPolygon) from_null = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwPolygon) polygon = polygon_from_text (cases[i].json, &error);

      g_test_message ("%s -> %s", cases[i].json, error != NULL ? error->message : "(accepted)");
      g_assert_null (polygon);
      g_assert_error (error, GW_GEOMETRY_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message_start));
      g_clear_error (&error);
    }

  from_null = gw_polygon_from_geojson (NULL, &error);
  g_assert_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID);
  g_assert_null (from_null);
}

static void
test_label_point (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GwPolygon) u_shape = gw_polygon_new ();
  g_autoptr(GwPolygon) square = new_holed_square ();
  const double u[] = { 0, 0, 10, 0, 10, 10, 8, 10, 8, 2, 2, 2, 2, 10, 0, 10 };
  double lon, lat;

  for (guint i = 0; i < districts->len; i++)
    {
      const District *d = g_ptr_array_index (districts, i);

      g_assert_true (gw_polygon_label_point (d->polygon, &lon, &lat));
      if (!gw_polygon_contains (d->polygon, lon, lat))
        g_error ("label point (%f, %f) of %s %s is outside", lon, lat, d->code, d->name);
      /* Not far from the fixture's own label point. */
      g_assert_cmpfloat (gw_distance_m (lon, lat, d->cp_lon, d->cp_lat), <, 60000);
    }

  /* A U whose centroid falls in the gap; the point goes to the widest arm run. */
  gw_polygon_add_ring (u_shape, TRUE, u, 8);
  g_assert_false (gw_polygon_contains (u_shape, 5, 10.0 / 3));
  g_assert_true (gw_polygon_label_point (u_shape, &lon, &lat));
  g_assert_true (gw_polygon_contains (u_shape, lon, lat));

  /* A square whose centroid is in its hole. */
  g_assert_true (gw_polygon_label_point (square, &lon, &lat));
  g_assert_true (gw_polygon_contains (square, lon, lat));
}

static void
test_random_point (void)
{
  g_autoptr(GPtrArray) districts = load_districts ();
  g_autoptr(GwPolygon) square = new_holed_square ();
  const char *codes[] = { CODE_YUZHONG, CODE_TONGNAN, "500242", "500229" };

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      const GwPolygon *polygon = find_district (districts, codes[c])->polygon;
      g_autoptr(GRand) a = g_rand_new_with_seed (42 + c);
      g_autoptr(GRand) b = g_rand_new_with_seed (42 + c);
      g_autoptr(GRand) other = g_rand_new_with_seed (4242 + c);
      guint differ = 0;

      for (guint i = 0; i < 200; i++)
        {
          double x1, y1, x2, y2, x3, y3;

          gw_polygon_random_point (polygon, a, &x1, &y1);
          gw_polygon_random_point (polygon, b, &x2, &y2);
          gw_polygon_random_point (polygon, other, &x3, &y3);
          g_assert_true (gw_polygon_contains (polygon, x1, y1));
          g_assert_true (gw_polygon_contains (polygon, x3, y3));
          g_assert_cmpfloat (x1, ==, x2);
          g_assert_cmpfloat (y1, ==, y2);
          if (x1 != x3 || y1 != y3)
            differ++;
        }
      g_assert_cmpuint (differ, ==, 200);
    }

  /* Points spread over the whole shape: in each half of the holed square, none in the hole. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (1);
    guint left = 0;

    for (guint i = 0; i < 2000; i++)
      {
        double x, y;

        gw_polygon_random_point (square, rand, &x, &y);
        g_assert_true (gw_polygon_contains (square, x, y));
        g_assert_false (x > 103 && x < 107 && y > 23 && y < 27);
        if (x < 105)
          left++;
      }
    g_assert_cmpuint (left, >, 850);
    g_assert_cmpuint (left, <, 1150);
  }
}

static void
test_distance (void)
{
  /* Computed independently with the haversine formula, R = 6 371 008.8 m. */
  g_assert_cmpfloat_with_epsilon (gw_distance_m (JIEFANGBEI_LON, JIEFANGBEI_LAT,
                                                 TONGNAN_CP_LON, TONGNAN_CP_LAT),
                                  98987.8, 1.0);
  g_assert_cmpfloat_with_epsilon (gw_distance_m (TONGNAN_CP_LON, TONGNAN_CP_LAT,
                                                 JIEFANGBEI_LON, JIEFANGBEI_LAT),
                                  98987.8, 1.0);
  g_assert_cmpfloat (gw_distance_m (106.5, 29.5, 106.5, 29.5), ==, 0.0);
  /* One degree along a meridian, and half the globe along the equator. */
  g_assert_cmpfloat_with_epsilon (gw_distance_m (0, 0, 0, 1), 111195.08, 0.01);
  g_assert_cmpfloat_with_epsilon (gw_distance_m (0, 0, 180, 0), G_PI * 6371008.8, 0.01);
  /* Across the antimeridian the short way round. */
  g_assert_cmpfloat_with_epsilon (gw_distance_m (179.5, 0, -179.5, 0), 111195.08, 0.01);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/chongqing/parse", test_chongqing_parse);
  g_test_add_func ("/geometry/chongqing/contains", test_chongqing_contains);
  g_test_add_func ("/geometry/holes-and-parts", test_holes_and_parts);
  g_test_add_func ("/geometry/clip/lattice", test_clip_lattice);
  g_test_add_func ("/geometry/clip/holes", test_clip_holes);
  g_test_add_func ("/geometry/clip/nested", test_clip_nested);
  g_test_add_func ("/geometry/blob", test_blob);
  g_test_add_func ("/geometry/geojson/round-trip", test_geojson_round_trip);
  g_test_add_func ("/geometry/geojson/errors", test_geojson_errors);
  g_test_add_func ("/geometry/label-point", test_label_point);
  g_test_add_func ("/geometry/random-point", test_random_point);
  g_test_add_func ("/geometry/distance", test_distance);

  return g_test_run ();
}
