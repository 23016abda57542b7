/* Deadlines in working hours for 420,000 tickets (random starts over 2025–2026, limits of 1
 * to 72 working hours): the prefix-sum calendar against walking the calendar minute by
 * minute. The walker runs on the first 2,000 of the same deadlines and is scaled up to
 * 420,000; the two must agree on every one of those. */
#include "config.h"

#include "bench-common.h"
#include "gw-calendar.h"

#define N_DEADLINES 420000
#define N_NAIVE     2000

int
main (void)
{
  GwCalendar *cal = gw_calendar_get_default ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree gint64 *starts = g_new (gint64, N_DEADLINES);
  g_autofree gint64 *limits = g_new (gint64, N_DEADLINES);
  g_autofree gint64 *deadlines = g_new (gint64, N_DEADLINES);
  const gint64 first = 1735660800;  /* 2025-01-01T00:00:00+08:00 */
  const gint64 last = 1798732800;   /* 2027-01-01T00:00:00+08:00 */
  double t0, t_fast, t_naive;

  for (guint i = 0; i < N_DEADLINES; i++)
    {
      starts[i] = first + (gint64) (g_rand_double (rand) * (double) (last - first));
      limits[i] = g_rand_int_range (rand, 3600, 72 * 3600 + 1);
    }

  t0 = bench_now_ms ();
  for (guint i = 0; i < N_DEADLINES; i++)
    deadlines[i] = gw_calendar_add_working_seconds (cal, starts[i], limits[i]);
  t_fast = bench_now_ms () - t0;

  t0 = bench_now_ms ();
  for (guint i = 0; i < N_NAIVE; i++)
    {
      gint64 naive = gw_calendar_add_working_seconds_naive (cal, starts[i], limits[i]);

      if (naive != deadlines[i])
        g_error ("deadline %u: %" G_GINT64_FORMAT " against the walker's %" G_GINT64_FORMAT,
                 i, deadlines[i], naive);
    }
  t_naive = (bench_now_ms () - t0) * ((double) N_DEADLINES / N_NAIVE);

  bench_figure ("calendar_deadlines_420k", t_fast, "ms", t_naive,
                "ms(naive on 2,000, extrapolated)");
  return 0;
}
