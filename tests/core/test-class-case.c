/* Class-case analysis (gw-class-case): planted recurrences, returns and a rising hot spot
 * found among random noise with exactly their tickets, and nothing found when the same
 * tickets are spread out; league tables against gw-stats street by street; a case made
 * into one supervised ticket linked to its members, or refused with nothing written.
 *
 * The small demo county (seed 7, its history before NOW) gives the divisions, the
 * departments and the league's tickets. Each other test has a year of its own after NOW:
 * 500 noise tickets of random subcategories (not those planted) at the grids' label points,
 * plus what the test plants, so that no test sees another's tickets. */
#include "config.h"

#include "test-county.h"

#include <math.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-class-case.h"
#include "gw-db-private.h"
#include "gw-dictionary.h"
#include "gw-stats.h"

#define NOW  G_GINT64_CONSTANT (1795276800)  /* 2026-11-22T00:00:00+08:00 */
#define HOUR G_GINT64_CONSTANT (3600)
#define DAY  (24 * HOUR)
#define WEEK (7 * DAY)
/* Test k's year: [YEAR (k), YEAR (k) + 365 days). */
#define YEAR(k) (NOW + DAY + (gint64) (k) * 400 * DAY)
#define Y_GRID      0
#define Y_SHUFFLED  1
#define Y_RETURNING 2
#define Y_DISTANCE  3
#define Y_HOTSPOT   4

#define PLANTED_CATEGORY "0101"
#define METRES_PER_DEGREE (6371008.8 * G_PI / 180.0)

static char *tmpdir;
static char *path;
static GwDb *db;
static GPtrArray *grids;        /* GwDivision, level grid */
static GPtrArray *departments;  /* GwDepartment */
static guint serial;

/* Fixture ------------------------------------------------------------------------------- */

static GwDivision *
grid (guint i)
{
  return g_ptr_array_index (grids, i % grids->len);
}

/* A ticket of `category` reported at `at`, `east_m` and `north_m` metres from a grid's label
 * point; closed a day later when closed_after > 0. Returns its id. */
static gint64
plant (const char *category,
       gint64      at,
       GwDivision *g,
       double      east_m,
       double      north_m,
       gint64      closed_after,
       const char *department)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  gint64 id;

  t->number = g_strdup_printf ("P%05u", ++serial);
  t->source = GW_SOURCE_GRID_WORKER;
  t->category_code = g_strdup (category);
  t->urgency = GW_URGENCY_NORMAL;
  t->level = department ? GW_LEVEL_STREET : GW_LEVEL_GRID;
  t->lat = g->label_lat + north_m / METRES_PER_DEGREE;
  t->lon = g->label_lon + east_m / (METRES_PER_DEGREE * cos (g->label_lat * G_PI / 180.0));
  t->description = g_strdup ("测试工单");
  t->reported_at = at;
  t->updated_at = at;
  t->department_code = g_strdup (department);
  if (closed_after > 0)
    {
      t->state = GW_STATE_CLOSED;
      t->closed_at = at + closed_after;
    }
  else
    t->state = GW_STATE_REPORTED;
  id = gw_db_insert_ticket (db, t, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static const char *const planted_categories[] = { PLANTED_CATEGORY, "0203", "0305", "0402", NULL };

/* 500 tickets of random subcategories over a year, each at a random grid's label point
 * (within 20 m of it), most of them closed a day later, some dispatched to a department. */
static void
noise (guint k)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1000 + k);
  g_autoptr(GPtrArray) subcategories = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_db_begin (db, &error));
  for (guint i = 0; i < 500; i++)
    {
      const GwCategory *c = g_ptr_array_index (subcategories, g_rand_int_range (rand, 0, subcategories->len));
      GwDepartment *d = g_ptr_array_index (departments, g_rand_int_range (rand, 0, departments->len));

      /* The planted subcategories are the tests' own: their answers are exact. */
      if (g_strv_contains (planted_categories, c->code))
        {
          i--;
          continue;
        }

      plant (c->code, YEAR (k) + g_rand_int_range (rand, 0, 365 * 24) * HOUR,
             grid (g_rand_int_range (rand, 0, grids->len)),
             g_rand_double_range (rand, -14, 14), g_rand_double_range (rand, -14, 14),
             g_rand_int_range (rand, 0, 10) < 8 ? DAY : 0, g_rand_int_range (rand, 0, 4) == 0 ? d->code : NULL);
    }
  g_assert_true (gw_db_commit (db, &error));
}

static GPtrArray *
find (guint  k,
      guint  kinds,
      double metres,
      guint  return_days)
{
  g_autoptr(GError) error = NULL;
  GwClassCaseQuery q;
  GPtrArray *cases;

  gw_class_case_query_init (&q, YEAR (k), YEAR (k) + 365 * DAY);
  q.kinds = kinds;
  if (metres > 0)
    q.metres = metres;
  if (return_days > 0)
    q.return_days = return_days;
  cases = gw_db_find_class_cases (db, &q, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cases);
  return cases;
}

static void
assert_ids (const GwClassCase *cc,
            const gint64      *ids,
            guint              n)
{
  g_assert_cmpuint (cc->ticket_ids->len, ==, n);
  g_assert_cmpuint (cc->numbers->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (cc->ticket_ids, gint64, i), ==, ids[i]);
}

static void
describe (GPtrArray *cases)
{
  for (guint i = 0; i < cases->len; i++)
    {
      GwClassCase *cc = g_ptr_array_index (cases, i);
      g_test_message ("case %u: %s %s, %u tickets: %s", i + 1, gw_class_case_kind_to_string (cc->kind),
                      cc->category_code, cc->ticket_ids->len, cc->title);
    }
}

/* The planted recurrence ----------------------------------------------------------------- */

static gint64 planted[6];

/* Six reports of one subcategory in one grid within ten days, within 30 m of each other,
 * still open; two of them dispatched to the same department. */
static void
plant_recurrence (void)
{
  GwDivision *g = grid (5);
  const char *department = ((GwDepartment *) g_ptr_array_index (departments, 2))->code;

  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    planted[i] = plant (PLANTED_CATEGORY, YEAR (Y_GRID) + 100 * DAY + i * 40 * HOUR, g, 5.0 * i, -3.0 * i, 0,
                        i == 1 || i == 4 ? department : NULL);
}

static void
test_recurrence (void)
{
  g_autoptr(GPtrArray) cases = find (Y_GRID, 0, 0, 0);
  g_autoptr(GPtrArray) again = find (Y_GRID, 0, 0, 0);
  g_autoptr(GPtrArray) nearby = find (Y_GRID, 1u << GW_CLASS_CASE_NEARBY, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) everything = NULL;
  GwClassCaseQuery q;
  GwClassCase *cc;
  gboolean seen = FALSE;

  describe (cases);
  /* Exactly the planted run, as a grid case; the nearby case it also is repeats it and is
   * left out, unless nearby cases alone are asked for. */
  g_assert_cmpuint (cases->len, ==, 1);
  cc = g_ptr_array_index (cases, 0);
  g_assert_cmpint (cc->kind, ==, GW_CLASS_CASE_GRID);
  g_assert_cmpstr (cc->category_code, ==, PLANTED_CATEGORY);
  g_assert_cmpstr (cc->division_code, ==, grid (5)->code);
  g_assert_nonnull (cc->division_name);
  assert_ids (cc, planted, G_N_ELEMENTS (planted));
  g_assert_cmpint (cc->first_at, ==, YEAR (Y_GRID) + 100 * DAY);
  g_assert_cmpint (cc->last_at, ==, YEAR (Y_GRID) + 100 * DAY + 5 * 40 * HOUR);
  g_assert_cmpuint (cc->n_open, ==, 6);
  g_assert_cmpuint (cc->n_reopened, ==, 0);
  g_assert_cmpfloat (cc->radius_m, <, 40);
  g_assert_cmpstr (cc->department_code, ==, ((GwDepartment *) g_ptr_array_index (departments, 2))->code);
  g_assert_nonnull (strstr (cc->title, grid (5)->name));
  g_assert_null (cc->weekly);

  g_assert_cmpuint (nearby->len, ==, 1);
  g_assert_cmpint (((GwClassCase *) g_ptr_array_index (nearby, 0))->kind, ==, GW_CLASS_CASE_NEARBY);
  assert_ids (g_ptr_array_index (nearby, 0), planted, G_N_ELEMENTS (planted));

  /* The same answer every time. */
  g_assert_cmpuint (again->len, ==, cases->len);
  assert_ids (g_ptr_array_index (again, 0), planted, G_N_ELEMENTS (planted));

  /* Among everything in the database (the demo's history and every test's year), the
   * planted case is still exactly itself. */
  gw_class_case_query_init (&q, 0, G_MAXINT64);
  everything = gw_db_find_class_cases (db, &q, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < everything->len; i++)
    {
      GwClassCase *other = g_ptr_array_index (everything, i);

      if (i > 0)
        {
          GwClassCase *before = g_ptr_array_index (everything, i - 1);
          g_assert_cmpuint (before->ticket_ids->len, >=, other->ticket_ids->len);
        }
      if (other->kind == GW_CLASS_CASE_GRID && g_array_index (other->ticket_ids, gint64, 0) == planted[0])
        {
          assert_ids (other, planted, G_N_ELEMENTS (planted));
          seen = TRUE;
        }
    }
  g_assert_true (seen);

  /* Six is not seven. */
  gw_class_case_query_init (&q, YEAR (Y_GRID), YEAR (Y_GRID) + 365 * DAY);
  q.min_count = 7;
  g_clear_pointer (&everything, g_ptr_array_unref);
  everything = gw_db_find_class_cases (db, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everything->len, ==, 0);
}

/* The same six reports spread over the year, each in another grid. */
static void
test_shuffled (void)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_db_begin (db, &error));
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    plant (PLANTED_CATEGORY, YEAR (Y_SHUFFLED) + 10 * DAY + i * 60 * DAY, grid (5 + 7 * i), 5.0 * i, -3.0 * i, 0,
           NULL);
  g_assert_true (gw_db_commit (db, &error));
  cases = find (Y_SHUFFLED, 0, 0, 0);
  describe (cases);
  g_assert_cmpuint (cases->len, ==, 0);
}

/* A problem closed and reported again at the same place, over and over. */
static void
test_returning (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) quick = NULL;
  GwDivision *g = grid (9);
  gint64 base = YEAR (Y_RETURNING) + 50 * DAY;
  gint64 ids[5];
  GwClassCase *cc;

  g_assert_true (gw_db_begin (db, &error));
  /* Days 0 (closed on day 5), 8 (closed 10), 20 (closed 21), 33 (closed 34), 45 (open):
   * each within 30 days of a closure there, never five within 30 days. */
  ids[0] = plant ("0203", base, g, 0, 0, 5 * DAY, NULL);
  ids[1] = plant ("0203", base + 8 * DAY, g, 30, 0, 2 * DAY, NULL);
  ids[2] = plant ("0203", base + 20 * DAY, g, 0, 25, DAY, NULL);
  ids[3] = plant ("0203", base + 33 * DAY, g, -20, -20, DAY, NULL);
  ids[4] = plant ("0203", base + 45 * DAY, g, 10, 40, 0, NULL);
  g_assert_true (gw_db_commit (db, &error));

  cases = find (Y_RETURNING, 0, 0, 0);
  describe (cases);
  g_assert_cmpuint (cases->len, ==, 1);
  cc = g_ptr_array_index (cases, 0);
  g_assert_cmpint (cc->kind, ==, GW_CLASS_CASE_RETURNING);
  g_assert_cmpstr (cc->category_code, ==, "0203");
  g_assert_cmpstr (cc->division_code, ==, g->code);
  assert_ids (cc, ids, G_N_ELEMENTS (ids));
  g_assert_cmpuint (cc->n_open, ==, 1);

  /* Within 3 days of a closure, none of them came back. */
  quick = find (Y_RETURNING, 0, 0, 3);
  g_assert_cmpuint (quick->len, ==, 0);
}

/* Nearby cases: within D, and only within D. */
static void
test_distance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) wide = NULL;
  gint64 close_ids[6], spread_ids[6];
  gint64 base = YEAR (Y_DISTANCE) + 200 * DAY;
  GwClassCase *cc;

  g_assert_true (gw_db_begin (db, &error));
  for (guint i = 0; i < 6; i++)
    {
      /* Within 40 m of one point in grid 12 … */
      close_ids[i] = plant ("0305", base + i * DAY, grid (12), 20 * cos (i), 20 * sin (i), 0, NULL);
      /* … and 150 m apart along a line in grid 20. */
      spread_ids[i] = plant ("0305", base + i * DAY + HOUR, grid (20), -375 + 150.0 * i, 0, 0, NULL);
    }
  g_assert_true (gw_db_commit (db, &error));

  cases = find (Y_DISTANCE, 1u << GW_CLASS_CASE_NEARBY, 100, 0);
  describe (cases);
  g_assert_cmpuint (cases->len, ==, 1);
  cc = g_ptr_array_index (cases, 0);
  g_assert_cmpint (cc->kind, ==, GW_CLASS_CASE_NEARBY);
  assert_ids (cc, close_ids, 6);
  g_assert_cmpfloat (cc->radius_m, <=, 40.5);

  /* At 800 m the line is one place too (each of its reports has the other five within
   * 800 m); the two groups lie kilometres apart. */
  wide = find (Y_DISTANCE, 1u << GW_CLASS_CASE_NEARBY, 800, 0);
  describe (wide);
  g_assert_cmpuint (wide->len, ==, 2);
  for (guint i = 0; i < wide->len; i++)
    {
      cc = g_ptr_array_index (wide, i);
      assert_ids (cc, g_array_index (cc->ticket_ids, gint64, 0) == close_ids[0] ? close_ids : spread_ids, 6);
    }
}

static double
ratio (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  double x;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  x = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return x;
}

/* A subcategory rising in a street: one report a week for 48 weeks, then five a week. */
static void
test_hotspot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) street_grids = g_ptr_array_new ();
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GArray) recent = g_array_new (FALSE, FALSE, sizeof (gint64));
  GwDivision *first = grid (3);
  g_autofree char *street = g_strndup (first->code, 9);
  gint64 to = YEAR (Y_HOTSPOT) + 365 * DAY;
  g_autofree char *sql = NULL;
  GwClassCaseQuery q;
  GwClassCase *cc;
  guint n = 0;

  for (guint i = 0; i < grids->len; i++)
    if (g_str_has_prefix (grid (i)->code, street))
      g_ptr_array_add (street_grids, grid (i));
  g_assert_cmpuint (street_grids->len, >=, 8);

  g_assert_true (gw_db_begin (db, &error));
  /* Round the street's grids, so that no grid and no place repeats itself. */
  for (guint w = 51; w >= 4; w--)
    plant ("0402", to - w * WEEK - 2 * DAY, g_ptr_array_index (street_grids, n++ % street_grids->len), 0, 0, 0, NULL);
  for (guint w = 4; w-- > 0;)
    for (guint i = 5; i-- > 0;)
      {
        gint64 id = plant ("0402", to - w * WEEK - DAY - i * 5 * HOUR,
                           g_ptr_array_index (street_grids, n++ % street_grids->len), 0, 0, 0, NULL);
        g_array_append_val (recent, id);
      }
  g_assert_true (gw_db_commit (db, &error));

  gw_class_case_query_init (&q, to - 52 * WEEK, to);
  cases = gw_db_find_class_cases (db, &q, &error);
  g_assert_no_error (error);
  describe (cases);
  g_assert_cmpuint (cases->len, ==, 1);
  cc = g_ptr_array_index (cases, 0);
  g_assert_cmpint (cc->kind, ==, GW_CLASS_CASE_HOTSPOT);
  g_assert_cmpstr (cc->category_code, ==, "0402");
  g_assert_cmpstr (cc->division_code, ==, street);
  g_assert_cmpuint (cc->recent, ==, 20);
  /* 48 before, scaled as every report of the 52 weeks changed from 48 weeks to 4. */
  sql = g_strdup_printf ("SELECT sum (reported_at >= %" G_GINT64_FORMAT ") * 1.0 / sum (reported_at < %" G_GINT64_FORMAT ")"
                         " FROM tickets WHERE reported_at >= %" G_GINT64_FORMAT " AND reported_at < %" G_GINT64_FORMAT,
                         to - 4 * WEEK, to - 4 * WEEK, to - 52 * WEEK, to);
  g_assert_cmpfloat_with_epsilon (cc->expected, 48 * ratio (sql), 1e-9);
  assert_ids (cc, (gint64 *) recent->data, recent->len);
  g_assert_nonnull (cc->weekly);
  g_assert_cmpuint (cc->weekly->len, ==, 52);
  for (guint w = 0; w < 52; w++)
    g_assert_cmpuint (g_array_index (cc->weekly, guint, w), ==, w < 48 ? 1 : 5);
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  GwClassCaseQuery q;

  gw_class_case_query_init (&q, YEAR (0), YEAR (0) + DAY);
  q.division_code = "999";
  none = gw_db_find_class_cases (db, &q, &error);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  gw_class_case_query_init (&q, YEAR (0), YEAR (0) + DAY);
  q.metres = 1;
  none = gw_db_find_class_cases (db, &q, &error);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  gw_class_case_query_init (&q, YEAR (0), YEAR (0));
  none = gw_db_find_class_cases (db, &q, &error);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A division narrows the search: the planted grid holds its case, another grid none. */
  {
    g_autoptr(GPtrArray) in = NULL, out = NULL;

    gw_class_case_query_init (&q, YEAR (Y_GRID), YEAR (Y_GRID) + 365 * DAY);
    q.division_code = grid (5)->code;
    in = gw_db_find_class_cases (db, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (in->len, ==, 1);
    q.division_code = grid (6)->code;
    out = gw_db_find_class_cases (db, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (out->len, ==, 0);
  }
}

/* League tables ------------------------------------------------------------------------ */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
check_league (GwLeagueGrouping by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwLeague) all = NULL, league = NULL;
  g_autoptr(GHashTable) grouped = NULL;
  GwLeagueQuery q = { NOW - 120 * DAY, NOW, NULL, by, 1 };
  GwStatsQuery sq = { q.from, q.to, NULL, NULL };
  g_autoptr(GArray) denominators = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint groups = by == GW_LEAGUE_BY_STREET ? 4 : departments->len;
  gint64 middle;

  /* Every group's figures in one pass equal gw-stats' for that group alone. */
  grouped = gw_db_get_figures_grouped (db, &sq, by == GW_LEAGUE_BY_STREET ? GW_STATS_BY_STREET : GW_STATS_BY_DEPARTMENT,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (grouped), >, 0);
  {
    GHashTableIter iter;
    gpointer code, value;

    g_hash_table_iter_init (&iter, grouped);
    while (g_hash_table_iter_next (&iter, &code, &value))
      {
        GwStatsQuery one = sq;
        g_autoptr(GwFigures) f = NULL;

        if (by == GW_LEAGUE_BY_STREET)
          one.division_code = code;
        else
          one.department_code = code;
        f = gw_db_get_figures (db, &one, &error);
        g_assert_no_error (error);
        g_assert_cmpint (f->reported, >, 0);
        g_assert_true (memcmp (f, value, sizeof *f) == 0);
      }
  }

  /* With a minimum of 1, every group with a sample is ranked; the middle denominator as
   * the minimum leaves the smaller half out. */
  all = gw_db_get_league (db, &q, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      g_assert_cmpuint (all->ranked[m]->len + all->excluded[m]->len, ==, groups);
      for (guint i = 0; i < all->ranked[m]->len; i++)
        {
          gint64 d = g_array_index (all->ranked[m], GwLeagueRow, i).rate.denominator;
          g_array_append_val (denominators, d);
        }
    }
  g_array_sort (denominators, compare_int64);
  middle = g_array_index (denominators, gint64, denominators->len / 2);
  q.min_sample = (guint) middle;
  league = gw_db_get_league (db, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (league->min_sample, ==, middle);
  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      GArray *ranked = league->ranked[m], *excluded = league->excluded[m];

      g_assert_cmpuint (ranked->len + excluded->len, ==, groups);
      for (guint part = 0; part < 2; part++)
        for (guint i = 0; i < (part ? excluded : ranked)->len; i++)
          {
            const GwLeagueRow *row = &g_array_index (part ? excluded : ranked, GwLeagueRow, i);
            GwStatsQuery one = sq;
            g_autoptr(GwFigures) f = NULL;
            GwRate expected;

            if (by == GW_LEAGUE_BY_STREET)
              one.division_code = row->code;
            else
              one.department_code = row->code;
            f = gw_db_get_figures (db, &one, &error);
            g_assert_no_error (error);
            expected = m == GW_LEAGUE_ON_TIME_CLOSURE ? f->on_time_closure : f->satisfaction;
            g_assert_cmpint (row->rate.numerator, ==, expected.numerator);
            g_assert_cmpint (row->rate.denominator, ==, expected.denominator);
            g_assert_nonnull (row->name);
            if (part == 0)
              {
                g_assert_cmpint (row->rate.denominator, >=, middle);
                g_assert_cmpuint (row->rank, >=, 1);
                if (i > 0)
                  {
                    const GwLeagueRow *above = &g_array_index (ranked, GwLeagueRow, i - 1);
                    double a = gw_rate_value (above->rate), b = gw_rate_value (row->rate);

                    g_assert_cmpfloat (a, >=, b);
                    g_assert_cmpuint (row->rank, ==, a == b ? above->rank : i + 1);
                  }
                else
                  g_assert_cmpuint (row->rank, ==, 1);
              }
            else
              {
                g_assert_cmpint (row->rate.denominator, <, middle);
                g_assert_cmpuint (row->rank, ==, 0);
              }
          }
    }
  g_assert_cmpuint (league->excluded[GW_LEAGUE_ON_TIME_CLOSURE]->len + league->excluded[GW_LEAGUE_SATISFACTION]->len,
                    >, 0);
}

static void
test_league_streets (void)
{
  check_league (GW_LEAGUE_BY_STREET);
}

static void
test_league_departments (void)
{
  check_league (GW_LEAGUE_BY_DEPARTMENT);
}

static void
test_league_default (void)
{
  g_autoptr(GError) error = NULL;
  GwLeagueQuery q = { NOW - 120 * DAY, NOW, NULL, GW_LEAGUE_BY_STREET, 0 };
  g_autoptr(GwLeague) league = gw_db_get_league (db, &q, &error);
  GwLeagueQuery bad = { NOW - 120 * DAY, NOW, "999", GW_LEAGUE_BY_STREET, 0 };
  g_autoptr(GwLeague) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (league->min_sample, ==, GW_LEAGUE_DEFAULT_MIN_SAMPLE);
  none = gw_db_get_league (db, &bad, &error);
  g_assert_null (none);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
}

/* Making a class case ------------------------------------------------------------------- */

static gint64
count (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static GwClassCase *
planted_case (void)
{
  g_autoptr(GPtrArray) cases = find (Y_GRID, 1u << GW_CLASS_CASE_GRID, 0, 0);

  g_assert_cmpuint (cases->len, ==, 1);
  return gw_class_case_ref (g_ptr_array_index (cases, 0));
}

/* A refusal writes nothing: no ticket, no audit entry, no change. */
static void
assert_refused (GwActor        *actor,
                GwClassCase    *cc,
                const char     *department,
                GwWorkflowError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  gint64 tickets = count ("SELECT count(*) FROM tickets");
  gint64 audit = count ("SELECT count(*) FROM audit");
  gint64 changes = count ("SELECT count(*) FROM changes");

  t = gw_db_open_class_case (db, actor, cc, department, YEAR (Y_GRID) + 380 * DAY, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_WORKFLOW_ERROR, (int) code);
  g_test_message ("refused: %s", error->message);
  g_assert_cmpint (count ("SELECT count(*) FROM tickets"), ==, tickets);
  g_assert_cmpint (count ("SELECT count(*) FROM audit"), ==, audit);
  g_assert_cmpint (count ("SELECT count(*) FROM changes"), ==, changes);
  g_assert_true (sqlite3_get_autocommit (gw_db_get_handle (db)));
}

static void
test_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwClassCase) cc = planted_case ();
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GwTicket) stored = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *sql = NULL;
  GwActor center = { "区指挥中心值班员", GW_ROLE_DISTRICT_CENTER, "500223", GW_LEVEL_DISTRICT, NULL };
  const char *department = ((GwDepartment *) g_ptr_array_index (departments, 7))->code;
  gint64 tickets = count ("SELECT count(*) FROM tickets");
  gint64 now = YEAR (Y_GRID) + 380 * DAY, broken = 0, n = 0;
  static const char *const actions[] = { "report", "class_case", "screen", "dispatch", "supervise" };

  t = gw_db_open_class_case (db, &center, cc, department, now, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);

  /* One new ticket: the case's subcategory at its place, dispatched and supervised. */
  g_assert_cmpint (count ("SELECT count(*) FROM tickets"), ==, tickets + 1);
  stored = gw_db_get_ticket (db, t->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (stored->department_code, ==, department);
  g_assert_cmpint (stored->supervise_count, ==, 1);
  g_assert_cmpint (stored->urgency, ==, GW_URGENCY_URGENT);
  g_assert_cmpint (stored->source, ==, GW_SOURCE_HIGHER_LEVEL);
  g_assert_cmpint (stored->level, ==, GW_LEVEL_DISTRICT);
  g_assert_cmpstr (stored->category_code, ==, PLANTED_CATEGORY);
  g_assert_cmpstr (stored->divisions[GW_LEVEL_GRID], ==, grid (5)->code);
  g_assert_cmpint (stored->reported_at, ==, now);
  g_assert_cmpint (stored->timer.stage, ==, GW_STAGE_SIGN);
  for (guint i = 0; i < cc->numbers->len; i++)
    g_assert_nonnull (strstr (stored->description, g_ptr_array_index (cc->numbers, i)));

  /* Its history: reported, linked, accepted, dispatched, supervised. */
  log = gw_audit_list_for_ticket (db, t->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < log->len; i++)
    g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (log, i))->action, ==, actions[i]);

  /* Linked to every member, both ways, in SQL. */
  sql = g_strdup_printf ("SELECT count(*) FROM audit a, json_each (a.payload, '$.members') j"
                         " WHERE a.ticket_id = %" G_GINT64_FORMAT " AND a.action = 'class_case'"
                         " AND j.value IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         t->id, planted[0], planted[1], planted[2], planted[3], planted[4], planted[5]);
  g_assert_cmpint (count (sql), ==, 6);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(DISTINCT ticket_id) FROM audit WHERE action = 'class_case'"
                         " AND json_extract (payload, '$.class_case') = %" G_GINT64_FORMAT
                         " AND ticket_id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         t->id, planted[0], planted[1], planted[2], planted[3], planted[4], planted[5]);
  g_assert_cmpint (count (sql), ==, 6);
  members = gw_db_list_class_case_members (db, t->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (g_array_index (members, gint64, i), ==, planted[i]);
  none = gw_db_list_class_case_members (db, planted[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* The members themselves are as they were. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GwTicket) member = gw_db_get_ticket (db, planted[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (member->state, ==, GW_STATE_REPORTED);
    }
  g_assert_true (gw_audit_verify (db, &broken, &n, &error));
  g_assert_no_error (error);

  /* The suggested department is taken when none is named. */
  {
    g_autoptr(GwTicket) again = gw_db_open_class_case (db, &center, cc, NULL, now + HOUR, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->department_code, ==, cc->department_code);
  }
}

static void
test_open_refused (void)
{
  g_autoptr(GwClassCase) cc = planted_case ();
  GwActor center = { "区指挥中心值班员", GW_ROLE_DISTRICT_CENTER, "500223", GW_LEVEL_DISTRICT, NULL };
  GwActor worker = { "网格员", GW_ROLE_GRID_WORKER, grid (5)->code, GW_LEVEL_GRID, NULL };
  g_autofree char *other_street = g_strndup (grid (5)->code, 9);
  GwActor elsewhere = { "邻街值班员", GW_ROLE_STREET_OFFICER, NULL, GW_LEVEL_STREET, NULL };
  const char *department = ((GwDepartment *) g_ptr_array_index (departments, 7))->code;
  g_autofree char *suggested = g_strdup (cc->department_code);
  gint64 *ids = (gint64 *) cc->ticket_ids->data;
  gint64 kept = ids[3];

  /* Another street than the case's. */
  other_street[8] = other_street[8] == '1' ? '2' : '1';
  elsewhere.division_code = other_street;

  assert_refused (&center, cc, "500223-D99", GW_WORKFLOW_ERROR_INVALID);
  assert_refused (&worker, cc, department, GW_WORKFLOW_ERROR_WRONG_ROLE);
  assert_refused (&elsewhere, cc, department, GW_WORKFLOW_ERROR_JURISDICTION);
  ids[3] = 999999999;
  assert_refused (&center, cc, department, GW_WORKFLOW_ERROR_NOT_FOUND);
  ids[3] = kept;
  g_clear_pointer (&cc->department_code, g_free);
  assert_refused (&center, cc, NULL, GW_WORKFLOW_ERROR_MISSING);
  cc->department_code = g_steal_pointer (&suggested);
  g_array_set_size (cc->ticket_ids, 0);
  assert_refused (&center, cc, department, GW_WORKFLOW_ERROR_MISSING);
}

/* The store ------------------------------------------------------------------------------ */

typedef struct {
  gpointer result;
  GError  *error;
  gboolean done;
} Async;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Async *a = user_data;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &a->error));
  a->done = TRUE;
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Async *a = user_data;

  a->result = gw_store_find_class_cases_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
on_league (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Async *a = user_data;

  a->result = gw_store_get_league_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
wait_for (Async *a)
{
  while (!a->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a->error);
  a->done = FALSE;
}

static void
test_store (void)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GPtrArray) sync = find (Y_RETURNING, 0, 0, 0);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GwLeague) league = NULL;
  GwClassCaseQuery q;
  GwLeagueQuery lq = { NOW - 120 * DAY, NOW, NULL, GW_LEAGUE_BY_DEPARTMENT, 5 };
  Async a = { 0, };

  gw_store_open_async (store, path, NULL, on_opened, &a);
  wait_for (&a);
  gw_class_case_query_init (&q, YEAR (Y_RETURNING), YEAR (Y_RETURNING) + 365 * DAY);
  gw_store_find_class_cases_async (store, &q, NULL, on_found, &a);
  wait_for (&a);
  cases = a.result;
  g_assert_cmpuint (cases->len, ==, sync->len);
  for (guint i = 0; i < cases->len; i++)
    {
      GwClassCase *x = g_ptr_array_index (cases, i), *y = g_ptr_array_index (sync, i);
      assert_ids (x, (gint64 *) y->ticket_ids->data, y->ticket_ids->len);
    }
  gw_store_get_league_async (store, &lq, NULL, on_league, &a);
  wait_for (&a);
  league = a.result;
  g_assert_cmpuint (league->min_sample, ==, 5);
  gw_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("class-case", NOW, &path, &db);
  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  departments = gw_db_list_departments (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grids->len, >=, 32);
  g_assert_cmpuint (departments->len, >=, 8);
  for (guint k = Y_GRID; k <= Y_HOTSPOT; k++)
    noise (k);
  plant_recurrence ();

  g_test_add_func ("/class-case/recurrence", test_recurrence);
  g_test_add_func ("/class-case/shuffled", test_shuffled);
  g_test_add_func ("/class-case/returning", test_returning);
  g_test_add_func ("/class-case/distance", test_distance);
  g_test_add_func ("/class-case/hotspot", test_hotspot);
  g_test_add_func ("/class-case/invalid", test_invalid);
  g_test_add_func ("/class-case/league-streets", test_league_streets);
  g_test_add_func ("/class-case/league-departments", test_league_departments);
  g_test_add_func ("/class-case/league-default", test_league_default);
  g_test_add_func ("/class-case/open", test_open);
  g_test_add_func ("/class-case/open-refused", test_open_refused);
  g_test_add_func ("/class-case/store", test_store);
  ret = g_test_run ();

  g_clear_pointer (&grids, g_ptr_array_unref);
  g_clear_pointer (&departments, g_ptr_array_unref);
  g_clear_pointer (&db, gw_db_free);
  g_free (path);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
