/* Recompute every light of the 420,000-ticket county: each ticket's handling stage is
 * started anew from its sign-for time on the working calendar (policy + prefix sums) and
 * its light taken at `now`; the baseline computes the same deadlines by walking the
 * calendar minute by minute (on a sample, extrapolated). */
#include "config.h"

#include "bench-common.h"
#include "gw-policy.h"

#define NOW 1795330800  /* 2026-11-22T15:00:00+08:00 */
#define SAMPLE 2000

typedef struct {
  char     category[8];
  int      urgency;
  gint64   start;
} Row;

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  GwPolicy *policy = gw_policy_get_default ();
  GwCalendar *calendar = gw_calendar_get_default ();
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  guint counts[GW_N_LIGHTS] = { 0, };
  sqlite3_stmt *stmt;
  double t0, t_read, t_fast, t_naive;
  guint checked = 0;

  if (db == NULL)
    g_error ("%s", error->message);

  t0 = bench_now_ms ();
  sqlite3_prepare_v2 (gw_db_get_handle (db),
                      "SELECT category, urgency, coalesce (signed_at, dispatched_at, reported_at) FROM tickets",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row r = { { 0, }, 0, 0 };
      GwUrgency u = GW_URGENCY_NORMAL;

      g_strlcpy (r.category, (const char *) sqlite3_column_text (stmt, 0), sizeof r.category);
      gw_urgency_from_string ((const char *) sqlite3_column_text (stmt, 1), &u);
      r.urgency = u;
      r.start = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (rows, r);
    }
  sqlite3_finalize (stmt);
  t_read = bench_now_ms () - t0;

  t0 = bench_now_ms ();
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      GwStageTimer timer;

      gw_policy_start_stage (policy, calendar, r->category, r->urgency, GW_STAGE_HANDLE, r->start, &timer);
      counts[gw_stage_timer_light (&timer, NOW, NULL)]++;
    }
  t_fast = bench_now_ms () - t0;

  /* The baseline on a sample: the same deadline by walking the calendar. */
  t0 = bench_now_ms ();
  for (guint i = 0; i < SAMPLE && i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, (i * 7919) % rows->len);
      const GwLimit *limit = gw_policy_get_limit (policy, r->category, r->urgency, GW_STAGE_HANDLE);
      GwStageTimer timer;
      gint64 naive;

      gw_policy_start_stage (policy, calendar, r->category, r->urgency, GW_STAGE_HANDLE, r->start, &timer);
      if (limit->unit == GW_LIMIT_CALENDAR_HOURS)
        continue;
      naive = gw_calendar_add_working_seconds_naive (calendar, r->start,
                                                     gw_calendar_working_seconds_between (calendar, r->start, timer.deadline_at));
      if (naive != timer.deadline_at)
        g_error ("deadline mismatch: %lld vs %lld", (long long) naive, (long long) timer.deadline_at);
      checked++;
    }
  t_naive = (bench_now_ms () - t0) * ((double) rows->len / MAX (checked, 1));

  g_printerr ("%u tickets: %u green, %u yellow, %u red, %u overdue (read in %.0f ms)\n",
              rows->len, counts[GW_LIGHT_GREEN], counts[GW_LIGHT_YELLOW], counts[GW_LIGHT_RED],
              counts[GW_LIGHT_OVERDUE], t_read);
  bench_figure ("lights_recompute_420k", t_fast, "ms", t_naive, "ms(minute-walk, extrapolated)");
  bench_figure ("lights_read_and_recompute_420k", t_read + t_fast, "ms", -1, NULL);
  return 0;
}
