/* test-pin-index.c: map pins clustered per zoom level, kept right through changes, and
 * read from a real county file as the change log moves. */
#include "config.h"

#include <math.h>

#include "gw-db-pins.h"
#include "gw-geo.h"
#include "gw-pin-index.h"
#include "gw-workflow.h"
#include "test-county.h"

#define NOW ((gint64) 1795000000)

typedef struct {
  guint count;
  guint by_light[GW_N_LIGHTS];
  guint emergencies;
  guint clusters;
} Sum;

static void
add_cluster (const GwPinCluster *c,
             gpointer            data)
{
  Sum *sum = data;
  guint lights = 0;

  g_assert_cmpuint (c->count, >, 0);
  for (guint i = 0; i < GW_N_LIGHTS; i++)
    {
      sum->by_light[i] += c->by_light[i];
      lights += c->by_light[i];
    }
  g_assert_cmpuint (lights, ==, c->count);
  sum->count += c->count;
  sum->emergencies += c->emergencies;
  sum->clusters++;
}

static Sum
sum_view (GwPinIndex *index,
          int         zoom,
          double      lon0,
          double      lat0,
          double      lon1,
          double      lat1)
{
  Sum sum = { 0 };
  double x0, y0, x1, y1;

  gw_geo_lonlat_to_world (lon0, lat1, zoom, &x0, &y0);
  gw_geo_lonlat_to_world (lon1, lat0, zoom, &x1, &y1);
  gw_pin_index_foreach_cluster (index, zoom, x0, y0, x1, y1, add_cluster, &sum);
  return sum;
}

static GwPin
make_pin (gint64  id,
          double  lon,
          double  lat,
          gint64  yellow_in)
{
  GwPin pin = { .id = id, .lon = lon, .lat = lat, .urgency = id % 10 == 0 ? GW_URGENCY_EMERGENCY : GW_URGENCY_NORMAL };

  pin.timer.stage = GW_STAGE_HANDLE;
  pin.timer.started_at = NOW - 3600;
  pin.timer.yellow_at = NOW + yellow_in;
  pin.timer.red_at = NOW + yellow_in + 3600;
  pin.timer.deadline_at = NOW + yellow_in + 7200;
  return pin;
}

/* Every zoom level's clusters add up to the pins, by light and by urgency, whether the
 * view walks its cells or the table. */
static void
test_counts_add_up (void)
{
  g_autoptr(GwPinIndex) index = gw_pin_index_new ();
  GRand *rand = g_rand_new_with_seed (42);
  guint n = 20000, emergencies = 0;

  for (guint i = 1; i <= n; i++)
    {
      GwPin pin = make_pin (i, g_rand_double_range (rand, 105.5, 106.1), g_rand_double_range (rand, 29.8, 30.4),
                            g_rand_int_range (rand, -7200, 7200));
      gw_pin_index_set (index, &pin, NOW);
      emergencies += pin.urgency == GW_URGENCY_EMERGENCY;
    }
  g_assert_cmpuint (gw_pin_index_get_n_pins (index), ==, n);
  for (int zoom = GW_PIN_MIN_ZOOM; zoom <= GW_PIN_MAX_ZOOM; zoom++)
    {
      Sum all = sum_view (index, zoom, 105.0, 29.0, 107.0, 31.0);
      Sum west = sum_view (index, zoom, 105.0, 29.0, 105.8, 31.0);
      Sum east = sum_view (index, zoom, 105.8, 29.0, 107.0, 31.0);

      g_assert_cmpuint (all.count, ==, n);
      g_assert_cmpuint (all.emergencies, ==, emergencies);
      g_assert_cmpuint (all.by_light[GW_LIGHT_GREEN] + all.by_light[GW_LIGHT_YELLOW] +
                        all.by_light[GW_LIGHT_RED] + all.by_light[GW_LIGHT_OVERDUE], ==, n);
      /* Two halves see every pin once, give or take the cells on the seam. */
      g_assert_cmpuint (west.count + east.count, >=, n);
      /* Coarser levels have fewer clusters. */
      if (zoom == GW_PIN_MIN_ZOOM)
        g_assert_cmpuint (all.clusters, <, 50);
      if (zoom == GW_PIN_MAX_ZOOM)
        g_assert_cmpuint (all.clusters, >, n / 2);
    }
  g_rand_free (rand);
}

/* A pin moved, recoloured and removed leaves no trace in its old cells. */
static void
test_changes (void)
{
  g_autoptr(GwPinIndex) index = gw_pin_index_new ();
  GwPin a = make_pin (1, 105.70, 30.10, 600);
  GwPin b = make_pin (2, 105.70, 30.10, -600);
  Sum s;

  gw_pin_index_set (index, &a, NOW);
  gw_pin_index_set (index, &b, NOW);
  g_assert_cmpint (gw_pin_index_get_light (index, 1), ==, GW_LIGHT_GREEN);
  g_assert_cmpint (gw_pin_index_get_light (index, 2), ==, GW_LIGHT_YELLOW);
  s = sum_view (index, 18, 105.69, 30.09, 105.71, 30.11);
  g_assert_cmpuint (s.count, ==, 2);
  g_assert_cmpuint (s.clusters, ==, 1);

  /* Moved a kilometre east: two clusters at street zoom, still one at county zoom. */
  b.lon = 105.71;
  gw_pin_index_set (index, &b, NOW);
  g_assert_cmpuint (sum_view (index, 16, 105.69, 30.09, 105.72, 30.11).clusters, ==, 2);
  g_assert_cmpuint (sum_view (index, 8, 105.0, 29.0, 107.0, 31.0).clusters, ==, 1);
  s = sum_view (index, 18, 105.69, 30.09, 105.705, 30.11);
  g_assert_cmpuint (s.count, ==, 1);

  /* Time passes: the clock turns the first pin yellow, at its instant and not before. */
  g_assert_cmpint (gw_pin_index_get_next_change (index), ==, NOW + 600);
  g_assert_cmpuint (gw_pin_index_tick (index, NOW + 599), ==, 0);
  g_assert_cmpuint (gw_pin_index_tick (index, NOW + 600), ==, 1);
  g_assert_cmpint (gw_pin_index_get_light (index, 1), ==, GW_LIGHT_YELLOW);
  s = sum_view (index, 10, 105.0, 29.0, 107.0, 31.0);
  g_assert_cmpuint (s.by_light[GW_LIGHT_YELLOW], ==, 2);   /* b was yellow already; red at NOW + 3000 */
  g_assert_cmpuint (s.by_light[GW_LIGHT_GREEN], ==, 0);
  g_assert_cmpint (gw_pin_index_get_next_change (index), ==, NOW + 3000);

  /* Found by a click near it, not far from it. */
  {
    double x, y;
    gw_geo_lonlat_to_world (105.70, 30.10, 17, &x, &y);
    g_assert_cmpint (gw_pin_index_find (index, 17, x + 3, y - 2, 12), ==, 1);
    g_assert_cmpint (gw_pin_index_find (index, 17, x + 300, y, 12), ==, 0);
  }

  g_assert_true (gw_pin_index_remove (index, 1));
  g_assert_false (gw_pin_index_remove (index, 1));
  g_assert_false (gw_pin_index_contains (index, 1));
  s = sum_view (index, 12, 105.0, 29.0, 107.0, 31.0);
  g_assert_cmpuint (s.count, ==, 1);
  g_assert_true (gw_pin_index_remove (index, 2));
  for (int zoom = GW_PIN_MIN_ZOOM; zoom <= GW_PIN_MAX_ZOOM; zoom++)
    g_assert_cmpuint (sum_view (index, zoom, 105.0, 29.0, 107.0, 31.0).clusters, ==, 0);
}

/* Mercator both ways; a known tile corner. */
static void
test_projection (void)
{
  double x, y, lon, lat;

  gw_geo_lonlat_to_world (0, 0, 1, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 256, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 256, 1e-9);
  gw_geo_lonlat_to_world (105.84, 30.19, 13, &x, &y);
  gw_geo_world_to_lonlat (x, y, 13, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 105.84, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 30.19, 1e-9);
  /* Tongnan at zoom 10 is in OSM tile 813/421. */
  gw_geo_lonlat_to_world (105.84, 30.19, 10, &x, &y);
  g_assert_cmpint ((int) (x / 256), ==, 813);
  g_assert_cmpint ((int) (y / 256), ==, 421);
}

/* On a GCJ-02 base map every pin moves by the published offset (here the Shanghai reference
 * of test-geo), the clusters still add up, a pin added later lands shifted too, and back
 * on WGS84 every pin is where it was. */
static void
test_datum (void)
{
  g_autoptr(GwPinIndex) index = gw_pin_index_new ();
  GwPin shanghai = make_pin (7, 121.5272106, 31.1774276, 600);
  double x, y, ex, ey, wx, wy;
  Sum sum;

  for (int i = 1; i <= 500; i++)
    {
      GwPin pin = make_pin (100 + i, 105.6 + (i % 25) * 0.01, 30.0 + (i / 25) * 0.01, i);

      gw_pin_index_set (index, &pin, NOW);
    }
  gw_pin_index_set (index, &shanghai, NOW);
  g_assert_true (gw_pin_index_get_point (index, 7, &wx, &wy));
  g_assert_cmpint (gw_pin_index_get_datum (index), ==, GW_DATUM_WGS84);

  gw_pin_index_set_datum (index, GW_DATUM_GCJ02);
  g_assert_cmpint (gw_pin_index_get_datum (index), ==, GW_DATUM_GCJ02);
  g_assert_true (gw_pin_index_get_point (index, 7, &x, &y));
  gw_geo_lonlat_to_world (121.531541859215, 31.17530398364597, 0, &ex, &ey);
  /* 1e-7 degrees is a centimetre; a world pixel at zoom 0 is 156 km. */
  g_assert_cmpfloat_with_epsilon (x, ex, 1e-8);
  g_assert_cmpfloat_with_epsilon (y, ey, 1e-8);
  g_assert_cmpfloat (fabs (x - wx) * gw_geo_world_size (18) / 256, >, 10);
  sum = sum_view (index, 12, 105.0, 29.5, 106.5, 31.0);
  g_assert_cmpuint (sum.count, ==, 500);
  g_assert_cmpint (gw_pin_index_find (index, 19, ex * (1 << 19), ey * (1 << 19), 4), ==, 7);

  {
    GwPin later = make_pin (8, 121.5272106, 31.1774276, 600);

    gw_pin_index_set (index, &later, NOW);
    g_assert_true (gw_pin_index_get_point (index, 8, &x, &y));
    g_assert_cmpfloat_with_epsilon (x, ex, 1e-8);
  }

  gw_pin_index_set_datum (index, GW_DATUM_WGS84);
  g_assert_true (gw_pin_index_get_point (index, 7, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, wx, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, wy, 1e-12);
  g_assert_cmpuint (sum_view (index, 12, 105.0, 29.5, 106.5, 31.0).count, ==, 500);
}

static void
find_heading (const GwPinCluster *c,
              gpointer            data)
{
  double *heading = data;

  g_assert_cmpuint (c->count, ==, 1);
  *heading = c->heading;
}

static void
count_headed (const GwPinCluster *c,
              gpointer            data)
{
  guint *n = data;

  if (c->heading >= 0)
    {
      g_assert_cmpuint (c->count, ==, 1);
      (*n)++;
    }
}

/* A lone camera's cluster carries where it looks; a crowd does not; cameras read from a
 * county carry theirs. */
static void
test_heading (void)
{
  g_autoptr(GwPinIndex) index = gw_pin_index_new ();
  GwPin a = make_pin (1, 105.70, 30.10, 600), b = make_pin (2, 105.70001, 30.10001, 600);
  double heading = -2, x, y;
  guint n = 0, with = 0;

  a.has_heading = TRUE;
  a.heading = -45;   /* north-west, as 315 */
  gw_pin_index_set (index, &a, NOW);
  gw_pin_index_get_point (index, 1, &x, &y);
  x *= 1 << 19;
  y *= 1 << 19;
  gw_pin_index_foreach_cluster (index, 19, x - 1, y - 1, x + 1, y + 1, find_heading, &heading);
  g_assert_cmpfloat_with_epsilon (heading, 315, 1e-9);
  /* A second pin in the same cell at zoom 12: a crowd, no heading. */
  gw_pin_index_set (index, &b, NOW);
  gw_pin_index_foreach_cluster (index, 12, 0, 0, 1 << 20, 1 << 20, count_headed, &n);
  g_assert_cmpuint (n, ==, 0);
  /* Moved away and back, the heading survives the cells' sums. */
  gw_pin_index_remove (index, 2);
  gw_pin_index_foreach_cluster (index, 12, 0, 0, 1 << 20, 1 << 20, count_headed, &n);
  g_assert_cmpuint (n, ==, 1);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = NULL;
    g_autoptr(GArray) cameras = NULL;
    char *dir = test_county_new ("pin-heading", NOW, NULL, &db);

    cameras = gw_db_list_points (db, GW_DB_POINTS_CAMERAS, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cameras->len, >, 0);
    for (guint i = 0; i < cameras->len; i++)
      {
        const GwPin *pin = &g_array_index (cameras, GwPin, i);

        if (pin->has_heading)
          {
            with++;
            g_assert_cmpfloat (pin->heading, >=, 0);
            g_assert_cmpfloat (pin->heading, <, 360);
          }
      }
    g_test_message ("%u of %u cameras know where they look", with, cameras->len);
    g_assert_cmpuint (with, >, cameras->len / 2);
    g_assert_cmpuint (with, <, cameras->len);
    test_county_remove (dir);
  }
}

/* A county file: every open ticket is a pin; then a report and a rejection arrive through
 * the change log as one pin added and one gone. */
static void
test_from_database (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pins = NULL, changed = NULL, gone = NULL;
  g_autoptr(GwPinIndex) index = gw_pin_index_new ();
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GwTicket) rejected = NULL;
  char *dir = test_county_new ("pin-index", NOW, &path, &db);
  GwActor center = { .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                     .level = GW_LEVEL_DISTRICT };
  GwCommand reject = { .action = GW_ACTION_REJECT, .reason = "重复反映" };
  gint64 seq = -1, seq2 = -1, open_count;
  sqlite3_stmt *stmt;

  pins = gw_db_list_pins (db, -1, &seq, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pins);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'rejected', 'merged')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  open_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (pins->len, ==, open_count);
  g_assert_cmpint (pins->len, >, 10);
  for (guint i = 0; i < pins->len; i++)
    gw_pin_index_set (index, &g_array_index (pins, GwPin, i), NOW);
  g_assert_cmpuint (sum_view (index, 10, 100, 20, 110, 40).count, ==, pins->len);

  /* A phone call, then an old report rejected. */
  t->source = GW_SOURCE_HOTLINE;
  t->urgency = GW_URGENCY_EMERGENCY;
  t->category_code = g_strdup ("0101");
  t->board = g_strdup ("城市管理");
  t->level = GW_LEVEL_DISTRICT;
  t->lon = g_array_index (pins, GwPin, 0).lon;
  t->lat = g_array_index (pins, GwPin, 0).lat;
  t->description = g_strdup ("来电反映路边垃圾堆放");
  g_assert_true (gw_db_report (db, &center, t, NOW + 10, &error));
  g_assert_no_error (error);
  reject.ticket_id = t->id;
  rejected = gw_db_apply (db, &center, &reject, NOW + 20, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rejected);

  changed = gw_db_list_pins (db, seq, &seq2, &gone, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq2, >, seq);
  g_assert_cmpuint (changed->len, ==, 0);   /* reported, then rejected: gone */
  g_assert_cmpuint (gone->len, ==, 1);
  g_assert_cmpint (g_array_index (gone, gint64, 0), ==, t->id);

  test_county_remove (dir);
}

static gint64
count_rows (GwDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The map's other reads: points of each kind, figures by grid that add up, places found
 * by a ticket's number and by a grid's name. */
static void
test_map_reads (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cameras = NULL, workers = NULL, reports = NULL;
  g_autoptr(GHashTable) open = NULL;
  g_autoptr(GwDivision) grid = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  char *dir = test_county_new ("map-reads", NOW, &path, &db);
  GHashTableIter iter;
  gpointer value;
  double most = 0, sum = 0;
  guint on_duty = 0;
  GwPlace place;

  cameras = gw_db_list_points (db, GW_DB_POINTS_CAMERAS, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cameras->len, ==, count_rows (db, "SELECT count (*) FROM cameras"));
  workers = gw_db_list_points (db, GW_DB_POINTS_WORKERS, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (workers->len, ==, count_rows (db, "SELECT count (*) FROM workers WHERE lon IS NOT NULL"));
  for (guint i = 0; i < workers->len; i++)
    on_duty += g_array_index (workers, GwPin, i).timer.stage != GW_STAGE_NONE;
  g_assert_cmpint (on_duty, ==, count_rows (db, "SELECT count (*) FROM workers WHERE lon IS NOT NULL AND on_duty"));
  reports = gw_db_list_points (db, GW_DB_POINTS_REPORTS, NOW - 30 * 86400, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reports->len, ==,
                   count_rows (db, "SELECT count (*) FROM tickets WHERE reported_at >= 1795000000 - 30 * 86400"));

  open = gw_db_grid_figures (db, GW_GRID_FIGURE_OPEN, NOW, 0, &most, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      sum += *(double *) value;
      g_assert_cmpfloat (*(double *) value, <=, most);
    }
  g_assert_cmpfloat (sum, ==, count_rows (db, "SELECT count (*) FROM tickets WHERE grid_id IS NOT NULL AND state IN"
                                               " ('reported', 'verifying', 'screened', 'dispatched', 'signed',"
                                               " 'handling', 'checking', 'suspended')"));

  {
    /* Reported in the last week, by grid: every one counted once, and fewer than in a
     * month. */
    g_autoptr(GHashTable) week = gw_db_grid_figures (db, GW_GRID_FIGURE_REPORTED, NOW, NOW - 7 * 86400, &most, &error);
    g_autoptr(GHashTable) month = NULL;
    double week_sum = 0, month_sum = 0;

    g_assert_no_error (error);
    month = gw_db_grid_figures (db, GW_GRID_FIGURE_REPORTED, NOW, NOW - 30 * 86400, &most, &error);
    g_assert_no_error (error);
    g_hash_table_iter_init (&iter, week);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      week_sum += *(double *) value;
    g_hash_table_iter_init (&iter, month);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      month_sum += *(double *) value;
    g_assert_cmpfloat (week_sum, ==, count_rows (db, "SELECT count (*) FROM tickets WHERE grid_id IS NOT NULL"
                                                    " AND reported_at >= 1795000000 - 7 * 86400"));
    g_assert_cmpfloat (week_sum, >, 0);
    g_assert_cmpfloat (week_sum, <, month_sum);
    g_clear_pointer (&week, g_hash_table_unref);
    week = gw_db_grid_figures (db, GW_GRID_FIGURE_REPORTED_PER_1000, NOW, NOW - 7 * 86400, &most, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (week), >, 0);
    g_assert_cmpfloat (most, >, 0);
  }

  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  grid = gw_division_ref (g_ptr_array_index (grids, 1));
  g_assert_true (gw_db_find_place (db, grid->name, &place, &error));
  g_assert_no_error (error);
  g_assert_cmpint (place.ticket_id, ==, 0);
  g_assert_cmpint (place.level, ==, GW_LEVEL_GRID);
  g_assert_cmpfloat (place.lon, ==, grid->label_lon);
  g_assert_false (gw_db_find_place (db, "无此地名", &place, &error));
  {
    /* Where the open tickets are: inside the county's box. */
    double lon = 0, lat = 0;

    g_assert_true (gw_db_open_tickets_centre (db, &lon, &lat, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (lon, >, 105.0);
    g_assert_cmpfloat (lon, <, 106.5);
    g_assert_cmpfloat (lat, >, 29.5);
    g_assert_cmpfloat (lat, <, 30.8);
  }
  g_assert_no_error (error);

  test_county_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pin-index/counts-add-up", test_counts_add_up);
  g_test_add_func ("/pin-index/changes", test_changes);
  g_test_add_func ("/pin-index/projection", test_projection);
  g_test_add_func ("/pin-index/datum", test_datum);
  g_test_add_func ("/pin-index/heading", test_heading);
  g_test_add_func ("/pin-index/from-database", test_from_database);
  g_test_add_func ("/pin-index/map-reads", test_map_reads);
  return g_test_run ();
}
