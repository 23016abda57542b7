#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "gw-demo.h"

#define BENCH_NOW 1795276800  /* 2026-11-22T00:00:00+08:00: every run measures the same county */

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

void
bench_figure (const char *name,
              double      value,
              const char *unit,
              double      baseline,
              const char *baseline_unit)
{
  if (baseline >= 0)
    printf ("figure %s = %.4g %s baseline %.4g %s ratio %.3g\n", name, value, unit, baseline,
            baseline_unit, value != 0 ? baseline / value : 0.0);
  else
    printf ("figure %s = %.4g %s\n", name, value, unit);
  fflush (stdout);
}

void
bench_figure_rate (const char *name,
                   double      value,
                   const char *unit,
                   double      baseline,
                   const char *baseline_unit)
{
  printf ("figure %s = %.4g %s baseline %.4g %s ratio %.3g\n", name, value, unit, baseline,
          baseline_unit, baseline != 0 ? value / baseline : 0.0);
  fflush (stdout);
}

int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

char *
bench_tongnan_db (void)
{
  const char *dir = g_getenv ("GW_BENCH_DIR");
  char *path = g_build_filename (dir ? dir : ".", "bench-tongnan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  db = gw_db_open (path, &error);
  if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_TONGNAN, 1, BENCH_NOW, NULL, NULL, &error))
    g_error ("making the benchmark county: %s", error->message);
  return path;
}
