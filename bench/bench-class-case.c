/* Class-case analysis over the Tongnan-scale county (420,000 tickets over two years):
 *
 *   class-case-detect-2y   gw_db_find_class_cases() over the two years, every kind, the
 *                          default N, M, D and K, against reading the same rows into memory
 *                          and nothing else (the same columns and filter). Here the ratio
 *                          is detection / reading: what the analysis costs as a multiple of
 *                          the read it cannot do without.
 *   class-case-detect-90d  the same for the last 90 days (the CLI's default window).
 *   league-2y-by-street    gw_db_get_league() by street (gw_db_get_figures() per street,
 *                          each a range of the street index) against one grouped pass of
 *                          gw-stats by street (gw_db_get_figures_grouped(), which must sort
 *                          the window by street);
 *   league-2y-by-department
 *                          gw_db_get_league() by department (one grouped pass) against
 *                          gw_db_get_figures() once per department. The ratio is the
 *                          speed-up, as elsewhere; the two ways must agree on every rate.
 *
 * Each time is the median of a few runs on a warm database. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "gw-class-case.h"
#include "gw-db-private.h"
#include "gw-stats.h"

#define BENCH_NOW G_GINT64_CONSTANT (1795276800)  /* 2026-11-22T00:00:00+08:00, as bench-common */
#define DAY       G_GINT64_CONSTANT (86400)
#define RUNS      5

typedef struct {
  gint64      id;
  gint64      reported_at;
  gint64      closed_at;
  gint64      grid_id;
  gint64      street_id;
  gint64      department_id;
  double      lon;
  double      lat;
  const char *number;
  const char *category;
  gint64      reopen_count;
  gboolean    open;
} Row;

/* The rows gw_db_find_class_cases() reads, read into memory and nothing more. */
static guint
read_rows (GwDb   *db,
           gint64  from,
           gint64  to,
           gboolean scan)
{
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), 4096);
  GStringChunk *strings = g_string_chunk_new (1 << 16);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint n;

  stmt = _gw_db_prepare (db, scan
      ? "SELECT t.id, t.number, t.category, t.grid_id, t.street_id, t.department_id, t.lon, t.lat,"
        " t.state = 'closed', t.state IN " GW_DB_OPEN_STATES ", t.reported_at, t.closed_at, t.reopen_count"
        " FROM tickets t NOT INDEXED WHERE t.reported_at >= ?1 AND t.reported_at < ?2 AND t.state <> 'rejected'"
        " AND (?3 IS NULL OR t.division_id IN (SELECT id FROM divisions WHERE code >= ?3 AND code < ?4))"
      : "SELECT t.id, t.number, t.category, t.grid_id, t.street_id, t.department_id, t.lon, t.lat,"
        " t.state = 'closed', t.state IN " GW_DB_OPEN_STATES ", t.reported_at, t.closed_at, t.reopen_count"
        " FROM tickets t WHERE t.reported_at >= ?1 AND t.reported_at < ?2 AND t.state <> 'rejected'"
        " AND (?3 IS NULL OR t.division_id IN (SELECT id FROM divisions WHERE code >= ?3 AND code < ?4))",
      &error);
  if (stmt == NULL)
    g_error ("%s", error->message);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row r;

      r.id = sqlite3_column_int64 (stmt, 0);
      r.number = g_string_chunk_insert (strings, (const char *) sqlite3_column_text (stmt, 1));
      r.category = g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 2));
      r.grid_id = sqlite3_column_int64 (stmt, 3);
      r.street_id = sqlite3_column_int64 (stmt, 4);
      r.department_id = sqlite3_column_int64 (stmt, 5);
      r.lon = sqlite3_column_double (stmt, 6);
      r.lat = sqlite3_column_double (stmt, 7);
      r.closed_at = sqlite3_column_int (stmt, 8) ? sqlite3_column_int64 (stmt, 11) : 0;
      r.open = sqlite3_column_int (stmt, 9);
      r.reported_at = sqlite3_column_int64 (stmt, 10);
      r.reopen_count = sqlite3_column_int64 (stmt, 12);
      g_array_append_val (rows, r);
    }
  sqlite3_reset (stmt);
  n = rows->len;
  g_string_chunk_free (strings);
  return n;
}

static double
median (GArray *times)
{
  g_array_sort (times, bench_compare_double);
  return g_array_index (times, double, times->len / 2);
}

/* gw_db_find_class_cases() decides between the index and the table by how much of the
 * history the window holds; the baseline reads the same way. */
static void
detect (GwDb       *db,
        const char *name,
        gint64      from,
        gint64      to,
        gboolean    scan)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint counts[GW_N_CLASS_CASE_KINDS] = { 0, }, n_rows = 0, n_cases = 0;
  GwClassCaseQuery q;
  double x, y;

  gw_class_case_query_init (&q, from, to);
  for (int run = 0; run < RUNS; run++)
    {
      double t0 = bench_now_ms (), t;
      g_autoptr(GPtrArray) cases = gw_db_find_class_cases (db, &q, &error);

      if (cases == NULL)
        g_error ("%s", error->message);
      t = bench_now_ms () - t0;
      g_array_append_val (found, t);
      n_cases = cases->len;
      memset (counts, 0, sizeof counts);
      for (guint i = 0; i < cases->len; i++)
        counts[((GwClassCase *) g_ptr_array_index (cases, i))->kind]++;

      t0 = bench_now_ms ();
      n_rows = read_rows (db, from, to, scan);
      t = bench_now_ms () - t0;
      g_array_append_val (read, t);
    }
  x = median (found);
  y = median (read);
  printf ("# %s: %u rows, %u cases (grid %u, nearby %u, returning %u, hot spots %u)\n", name, n_rows, n_cases,
          counts[GW_CLASS_CASE_GRID], counts[GW_CLASS_CASE_NEARBY], counts[GW_CLASS_CASE_RETURNING],
          counts[GW_CLASS_CASE_HOTSPOT]);
  /* The ratio is detection / reading (see above), not bench_figure()'s speed-up. */
  printf ("figure %s = %.4g ms baseline %.4g ms(read rows) ratio %.3g\n", name, x, y, y > 0 ? x / y : 0.0);
  fflush (stdout);
}

/* The league (gw-stats per street; one grouped pass by department) against the other way:
 * one grouped pass by street; gw-stats per department. Both must give the same rates. */
static void
league (GwDb             *db,
        const char       *name,
        GwLeagueGrouping  by,
        gint64            from,
        gint64            to)
{
  g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) other = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GwLeagueQuery q = { from, to, NULL, by, 0 };

  for (int run = 0; run < 3; run++)
    {
      double t0 = bench_now_ms (), t;
      g_autoptr(GwLeague) l = gw_db_get_league (db, &q, &error);
      g_autoptr(GHashTable) grouped = NULL;

      if (l == NULL)
        g_error ("%s", error->message);
      t = bench_now_ms () - t0;
      g_array_append_val (used, t);

      t0 = bench_now_ms ();
      if (by == GW_LEAGUE_BY_STREET)
        {
          GwStatsQuery sq = { from, to, NULL, NULL };

          if (!(grouped = gw_db_get_figures_grouped (db, &sq, GW_STATS_BY_STREET, &error)))
            g_error ("%s", error->message);
        }
      else
        {
          grouped = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) gw_figures_free);
          for (guint part = 0; part < 2; part++)
            {
              GArray *rows = part == 0 ? l->ranked[GW_LEAGUE_ON_TIME_CLOSURE] : l->excluded[GW_LEAGUE_ON_TIME_CLOSURE];

              for (guint i = 0; i < rows->len; i++)
                {
                  const GwLeagueRow *row = &g_array_index (rows, GwLeagueRow, i);
                  GwStatsQuery sq = { from, to, NULL, row->code };
                  GwFigures *f = gw_db_get_figures (db, &sq, &error);

                  if (f == NULL)
                    g_error ("%s", error->message);
                  g_hash_table_insert (grouped, (gpointer) row->code, f);
                }
            }
        }
      t = bench_now_ms () - t0;
      g_array_append_val (other, t);

      for (guint part = 0; part < 2; part++)
        {
          GArray *rows = part == 0 ? l->ranked[GW_LEAGUE_ON_TIME_CLOSURE] : l->excluded[GW_LEAGUE_ON_TIME_CLOSURE];

          for (guint i = 0; i < rows->len; i++)
            {
              const GwLeagueRow *row = &g_array_index (rows, GwLeagueRow, i);
              const GwFigures *f = g_hash_table_lookup (grouped, row->code);
              GwRate rate = f ? f->on_time_closure : (GwRate) { 0, 0 };

              if (rate.numerator != row->rate.numerator || rate.denominator != row->rate.denominator)
                g_error ("%s: %s has %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " in the league, %" G_GINT64_FORMAT
                         "/%" G_GINT64_FORMAT " the other way", name, row->code, row->rate.numerator,
                         row->rate.denominator, rate.numerator, rate.denominator);
            }
        }
      if (run == 0)
        printf ("# %s: %u ranked, %u left out (on-time closure)\n", name, l->ranked[0]->len, l->excluded[0]->len);
    }
  bench_figure (name, median (used), "ms", median (other),
                by == GW_LEAGUE_BY_STREET ? "ms(one grouped pass)" : "ms(gw_db_get_figures per department)");
}

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  gint64 to = BENCH_NOW, from = BENCH_NOW - 730 * DAY;

  if (db == NULL)
    g_error ("%s", error->message);
  /* Warm the page cache: every figure is of a database already read once. */
  read_rows (db, from, to, TRUE);

  detect (db, "class-case-detect-2y", from, to, TRUE);
  detect (db, "class-case-detect-90d", to - 90 * DAY, to, FALSE);
  league (db, "league-2y-by-street", GW_LEAGUE_BY_STREET, from, to);
  league (db, "league-30d-by-street", GW_LEAGUE_BY_STREET, to - 30 * DAY, to);
  league (db, "league-2y-by-department", GW_LEAGUE_BY_DEPARTMENT, from, to);
  league (db, "league-30d-by-department", GW_LEAGUE_BY_DEPARTMENT, to - 30 * DAY, to);
  return 0;
}
