#define G_LOG_DOMAIN "test-calendar"

#include "config.h"

#include <string.h>

#include "gw-calendar.h"
#include "gw-time.h"

#define HOUR 3600

/* The county's local time as Unix seconds. */
static gint64
at (int year,
    int month,
    int day,
    int hour,
    int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (gw_time_zone (), year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
assert_time (gint64      got,
             gint64      expected)
{
  if (got != expected)
    {
      g_autoptr(GDateTime) g = gw_time_to_date_time (got);
      g_autoptr(GDateTime) e = gw_time_to_date_time (expected);
      g_autofree char *gs = g_date_time_format_iso8601 (g);
      g_autofree char *es = g_date_time_format_iso8601 (e);

      g_error ("got %s, expected %s", gs, es);
    }
}

static void
test_default (void)
{
  GwCalendar *cal = gw_calendar_get_default ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCalendar) fresh = NULL;

  g_assert_nonnull (cal);
  g_assert_true (gw_calendar_get_default () == cal);

  bytes = g_resources_lookup_data (GW_CALENDAR_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fresh = gw_calendar_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_assert_true (gw_calendar_ref (fresh) == fresh);
  gw_calendar_unref (fresh);
}

typedef struct {
  int         month, day;
  gboolean    working;
  const char *holiday;
} DayCase;

static void
check_days (int            year,
            const DayCase *cases,
            guint          n)
{
  GwCalendar *cal = gw_calendar_get_default ();

  for (guint i = 0; i < n; i++)
    {
      const DayCase *c = &cases[i];
      gboolean working = gw_calendar_is_working_day (cal, year, c->month, c->day);

      if (working != c->working)
        g_error ("%d-%02d-%02d should be a %s", year, c->month, c->day,
                 c->working ? "working day" : "rest day");
      g_assert_cmpstr (gw_calendar_get_holiday (cal, year, c->month, c->day), ==, c->holiday);
    }
}

static void
test_spring_festival_2026 (void)
{
  static const DayCase cases[] = {
    { 2, 13, TRUE, NULL },      /* Friday */
    { 2, 14, TRUE, NULL },      /* Saturday, make-up working day */
    { 2, 15, FALSE, "春节" },
    { 2, 16, FALSE, "春节" },
    { 2, 17, FALSE, "春节" },   /* 正月初一 */
    { 2, 18, FALSE, "春节" },
    { 2, 19, FALSE, "春节" },
    { 2, 20, FALSE, "春节" },
    { 2, 21, FALSE, "春节" },
    { 2, 22, FALSE, "春节" },
    { 2, 23, FALSE, "春节" },
    { 2, 24, TRUE, NULL },
    { 2, 27, TRUE, NULL },
    { 2, 28, TRUE, NULL },      /* Saturday, make-up working day */
    { 3, 1, FALSE, NULL },      /* Sunday */
    { 3, 2, TRUE, NULL },
    { 1, 1, FALSE, "元旦" },
    { 1, 3, FALSE, "元旦" },
    { 1, 4, TRUE, NULL },       /* Sunday, make-up working day */
    { 4, 4, FALSE, "清明节" },
    { 4, 6, FALSE, "清明节" },
    { 4, 7, TRUE, NULL },
    { 5, 5, FALSE, "劳动节" },
    { 5, 9, TRUE, NULL },
    { 6, 19, FALSE, "端午节" },
    { 9, 20, TRUE, NULL },
    { 9, 25, FALSE, "中秋节" },
    { 9, 27, FALSE, "中秋节" },
    { 10, 1, FALSE, "国庆节" },
    { 10, 7, FALSE, "国庆节" },
    { 10, 8, TRUE, NULL },
    { 10, 10, TRUE, NULL },
    { 10, 11, FALSE, NULL },
  };

  check_days (2026, cases, G_N_ELEMENTS (cases));
}

static void
test_year_2025 (void)
{
  static const DayCase cases[] = {
    { 1, 1, FALSE, "元旦" },
    { 1, 2, TRUE, NULL },
    { 1, 25, FALSE, NULL },     /* Saturday */
    { 1, 26, TRUE, NULL },      /* Sunday, make-up working day */
    { 1, 27, TRUE, NULL },
    { 1, 28, FALSE, "春节" },
    { 2, 4, FALSE, "春节" },
    { 2, 5, TRUE, NULL },
    { 2, 8, TRUE, NULL },       /* Saturday, make-up working day */
    { 2, 9, FALSE, NULL },
    { 4, 4, FALSE, "清明节" },
    { 4, 7, TRUE, NULL },
    { 4, 27, TRUE, NULL },
    { 5, 1, FALSE, "劳动节" },
    { 5, 5, FALSE, "劳动节" },
    { 5, 6, TRUE, NULL },
    { 5, 31, FALSE, "端午节" },
    { 6, 2, FALSE, "端午节" },
    { 6, 3, TRUE, NULL },
    { 9, 28, TRUE, NULL },
    { 10, 1, FALSE, "国庆节、中秋节" },
    { 10, 8, FALSE, "国庆节、中秋节" },
    { 10, 9, TRUE, NULL },
    { 10, 11, TRUE, NULL },
    { 10, 12, FALSE, NULL },
  };

  check_days (2025, cases, G_N_ELEMENTS (cases));
}

static void
test_working_time (void)
{
  GwCalendar *cal = gw_calendar_get_default ();

  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 2, 24, 8, 59)));
  g_assert_true (gw_calendar_is_working_time (cal, at (2026, 2, 24, 9, 0)));
  g_assert_true (gw_calendar_is_working_time (cal, at (2026, 2, 24, 11, 59) + 59));
  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 2, 24, 12, 0)));
  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 2, 24, 13, 29)));
  g_assert_true (gw_calendar_is_working_time (cal, at (2026, 2, 24, 13, 30)));
  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 2, 24, 17, 30)));
  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 2, 17, 10, 0)));  /* 春节 */
  g_assert_true (gw_calendar_is_working_time (cal, at (2026, 2, 14, 10, 0)));   /* 调休 */
  g_assert_false (gw_calendar_is_working_time (cal, at (2026, 3, 1, 10, 0)));   /* Sunday */
}

static void
test_deadlines (void)
{
  GwCalendar *cal = gw_calendar_get_default ();

  /* Friday 2026-03-06 16:00, 8 working hours: 1.5 h on Friday, 3 h Monday morning,
   * 3.5 h Monday afternoon: Monday 17:00. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 3, 6, 16, 0), 8 * HOUR),
               at (2026, 3, 9, 17, 0));
  /* Friday 2026-02-13 16:00, 8 working hours: Saturday the 14th is a make-up working
   * day, so it ends there at 17:00. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 13, 16, 0), 8 * HOUR),
               at (2026, 2, 14, 17, 0));
  /* Saturday 2026-02-14 16:00, 8 working hours: across the Spring Festival to Tuesday
   * the 24th at 17:00. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 14, 16, 0), 8 * HOUR),
               at (2026, 2, 24, 17, 0));
  /* Started during the holiday: counts from the 24th, 9:00. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 17, 10, 0), 2 * HOUR),
               at (2026, 2, 24, 11, 0));
  /* 24 working hours (3 days) from Tuesday 24th 9:00: Thursday 17:30. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 24, 9, 0), 21 * HOUR),
               at (2026, 2, 26, 17, 30));
  /* A limit that runs out exactly at noon ends at noon. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 24, 10, 0), 2 * HOUR),
               at (2026, 2, 24, 12, 0));
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 24, 12, 0), 1),
               at (2026, 2, 24, 13, 30) + 1);
  /* 0 seconds: the start itself in working time, else the next working period. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 24, 10, 0), 0),
               at (2026, 2, 24, 10, 0));
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 24, 12, 15), 0),
               at (2026, 2, 24, 13, 30));
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 13, 18, 0), 0),
               at (2026, 2, 14, 9, 0));
  assert_time (gw_calendar_add_working_seconds (cal, at (2026, 2, 14, 17, 30), 0),
               at (2026, 2, 24, 9, 0));
  /* The 2025 National Day and Mid-Autumn holiday: from Tuesday 9-30 17:00, 1 hour →
   * Thursday 10-9 9:30. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2025, 9, 30, 17, 0), HOUR),
               at (2025, 10, 9, 9, 30));
  /* Across the turn of the year: 2025-12-31 17:00 + 1 h skips 元旦 (1-1 … 1-3) and lands
   * on Sunday 2026-01-04, a make-up working day. */
  assert_time (gw_calendar_add_working_seconds (cal, at (2025, 12, 31, 17, 0), HOUR),
               at (2026, 1, 4, 9, 30));
}

static void
test_working_days (void)
{
  GwCalendar *cal = gw_calendar_get_default ();

  /* One working day from a Friday afternoon is Monday's close. */
  assert_time (gw_calendar_add_working_days (cal, at (2026, 3, 6, 15, 0), 1),
               at (2026, 3, 9, 17, 30));
  assert_time (gw_calendar_add_working_days (cal, at (2026, 3, 6, 15, 0), 5),
               at (2026, 3, 13, 17, 30));
  /* Friday 2026-02-13: the make-up Saturday counts, then the Festival. */
  assert_time (gw_calendar_add_working_days (cal, at (2026, 2, 13, 15, 0), 1),
               at (2026, 2, 14, 17, 30));
  assert_time (gw_calendar_add_working_days (cal, at (2026, 2, 13, 15, 0), 2),
               at (2026, 2, 24, 17, 30));
  /* From a holiday: the first day after it counts as one. */
  assert_time (gw_calendar_add_working_days (cal, at (2026, 2, 18, 10, 0), 1),
               at (2026, 2, 24, 17, 30));
  assert_time (gw_calendar_add_working_days (cal, at (2026, 2, 18, 10, 0), 3),
               at (2026, 2, 26, 17, 30));
  /* 国庆节 2026: 10-1 … 10-7, Saturday 10-10 working. */
  assert_time (gw_calendar_add_working_days (cal, at (2026, 10, 3, 23, 0), 3),
               at (2026, 10, 10, 17, 30));
  /* 0 days: this day's close when it works, else the next working day's. */
  assert_time (gw_calendar_add_working_days (cal, at (2026, 3, 6, 8, 0), 0),
               at (2026, 3, 6, 17, 30));
  assert_time (gw_calendar_add_working_days (cal, at (2026, 3, 7, 8, 0), 0),
               at (2026, 3, 9, 17, 30));
}

static void
test_between (void)
{
  GwCalendar *cal = gw_calendar_get_default ();

  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 3, 6, 16, 0),
                                                        at (2026, 3, 9, 17, 0)), ==, 8 * HOUR);
  /* A full working day is 7 hours. */
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 2, 24, 0, 0),
                                                        at (2026, 2, 25, 0, 0)), ==, 7 * HOUR);
  /* The whole Spring Festival: nothing. */
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 2, 14, 17, 30),
                                                        at (2026, 2, 24, 9, 0)), ==, 0);
  /* February 2026, and all of 2026: the working days counted one by one, 7 hours each. */
  {
    gint64 days = 0;

    for (int d = 1; d <= 28; d++)
      days += gw_calendar_is_working_day (cal, 2026, 2, d);
    g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 2, 1, 0, 0),
                                                          at (2026, 3, 1, 0, 0)),
                     ==, days * 7 * HOUR);
  }
  /* Backwards or empty: 0. */
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 3, 9, 17, 0),
                                                        at (2026, 3, 6, 16, 0)), ==, 0);
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 3, 9, 10, 0),
                                                        at (2026, 3, 9, 10, 0)), ==, 0);
  /* Partial periods at both ends. */
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 3, 9, 11, 30),
                                                        at (2026, 3, 9, 14, 0)), ==, HOUR);
  {
    gint64 days = 0;
    g_autoptr(GDateTime) dt = g_date_time_new (gw_time_zone (), 2026, 1, 1, 0, 0, 0);

    for (int i = 0; i < 365; i++)
      {
        g_autoptr(GDateTime) d = g_date_time_add_days (dt, i);

        days += gw_calendar_is_working_day (cal, g_date_time_get_year (d),
                                            g_date_time_get_month (d),
                                            g_date_time_get_day_of_month (d));
      }
    g_test_message ("2026 has %" G_GINT64_FORMAT " working days", days);
    g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2026, 1, 1, 0, 0),
                                                          at (2027, 1, 1, 0, 0)),
                     ==, days * 7 * HOUR);
  }
}

/* Random starts across 2025–2026, with a share placed at night, on holidays and exactly
 * on the boundaries of working periods. */
static gint64
random_start (GRand *rand)
{
  static const int boundaries[][2] = {
    { 9, 0 }, { 12, 0 }, { 13, 30 }, { 17, 30 }, { 0, 0 }, { 23, 59 },
  };
  static const int holidays[][3] = {
    { 2025, 1, 1 }, { 2025, 1, 30 }, { 2025, 10, 5 }, { 2026, 2, 17 }, { 2026, 2, 23 },
    { 2026, 10, 7 }, { 2026, 1, 3 }, { 2025, 5, 31 },
  };
  gint64 first = at (2025, 1, 1, 0, 0), last = at (2026, 12, 31, 0, 0);
  gint64 midnight = gw_time_start_of_day (first + g_rand_int_range (rand, 0, (gint32) (last - first)));

  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0: /* exactly on a boundary */
      {
        int i = g_rand_int_range (rand, 0, G_N_ELEMENTS (boundaries));
        return midnight + boundaries[i][0] * HOUR + boundaries[i][1] * 60;
      }
    case 1: /* at night */
      return midnight + g_rand_int_range (rand, 18 * HOUR, 24 * HOUR);
    case 2: /* on a holiday */
      {
        int i = g_rand_int_range (rand, 0, G_N_ELEMENTS (holidays));
        return at (holidays[i][0], holidays[i][1], holidays[i][2], 0, 0) +
               g_rand_int_range (rand, 0, 24 * HOUR);
      }
    default: /* any second */
      return midnight + g_rand_int_range (rand, 0, 24 * HOUR);
    }
}

static gint64
random_seconds (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: /* whole hours */
      return g_rand_int_range (rand, 0, 73) * HOUR;
    case 1: /* short */
      return g_rand_int_range (rand, 0, 120);
    default:
      return g_rand_int_range (rand, 1, 72 * HOUR + 1);
    }
}

static void
test_oracle (void)
{
  GwCalendar *cal = gw_calendar_get_default ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260224);
  guint inverse_checked = 0;

  for (guint i = 0; i < 2000; i++)
    {
      gint64 start = random_start (rand);
      gint64 seconds = random_seconds (rand);
      gint64 fast = gw_calendar_add_working_seconds (cal, start, seconds);
      gint64 naive = gw_calendar_add_working_seconds_naive (cal, start, seconds);

      if (fast != naive)
        {
          g_autoptr(GDateTime) s = gw_time_to_date_time (start);
          g_autofree char *ss = g_date_time_format_iso8601 (s);

          g_test_message ("start %s + %" G_GINT64_FORMAT " s", ss, seconds);
          assert_time (fast, naive);
        }
      g_assert_cmpint (fast, >=, start);
      if (seconds > 0)
        g_assert_true (gw_calendar_is_working_time (cal, fast - 1));

      /* Inverse: the working time between a start in working time and its deadline is
       * the limit; outside working time, it still is, counted from the next period. */
      g_assert_cmpint (gw_calendar_working_seconds_between (cal, start, fast), ==, seconds);
      if (gw_calendar_is_working_time (cal, start))
        inverse_checked++;
    }
  g_test_message ("%u starts inside working time", inverse_checked);
  g_assert_cmpuint (inverse_checked, >=, 200);
}

/* Outside the years in the data only the weekly rule holds. */
static void
test_outside_data (void)
{
  GwCalendar *cal = gw_calendar_get_default ();
  static const int years[] = { 2019, 2040, 2101 };

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      for (int month = 1; month <= 12; month++)
        for (int day = 1; day <= 28; day += 3)
          {
            g_autoptr(GDateTime) dt = g_date_time_new (gw_time_zone (), years[y], month, day, 0, 0, 0);
            int weekday = g_date_time_get_day_of_week (dt);

            g_assert_true (gw_calendar_is_working_day (cal, years[y], month, day) == (weekday < 6));
            g_assert_null (gw_calendar_get_holiday (cal, years[y], month, day));
          }
    }
  /* 2019-10-01 was a public holiday in fact, but not in the data: a Tuesday at work. */
  g_assert_true (gw_calendar_is_working_day (cal, 2019, 10, 1));

  /* Friday 2019-03-01 16:00 + 8 h → Monday 17:00; the same in 2040 (Friday 2040-03-02). */
  assert_time (gw_calendar_add_working_seconds (cal, at (2019, 3, 1, 16, 0), 8 * HOUR),
               at (2019, 3, 4, 17, 0));
  assert_time (gw_calendar_add_working_seconds (cal, at (2040, 3, 2, 16, 0), 8 * HOUR),
               at (2040, 3, 5, 17, 0));
  assert_time (gw_calendar_add_working_days (cal, at (2040, 3, 2, 16, 0), 6),
               at (2040, 3, 12, 17, 30));

  /* Across the edges of the precomputed days, and long limits over many weeks. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (2040);
    static const int starts[][3] = {
      { 2019, 12, 20 }, { 2035, 12, 20 }, { 2040, 6, 1 }, { 2018, 11, 1 },
    };

    for (guint i = 0; i < 200; i++)
      {
        const int *s = starts[i % G_N_ELEMENTS (starts)];
        gint64 start = at (s[0], s[1], s[2], 0, 0) + g_rand_int_range (rand, 0, 20 * 24 * HOUR);
        gint64 seconds = g_rand_int_range (rand, 0, 600 * HOUR);
        gint64 fast = gw_calendar_add_working_seconds (cal, start, seconds);

        assert_time (fast, gw_calendar_add_working_seconds_naive (cal, start, seconds));
        g_assert_cmpint (gw_calendar_working_seconds_between (cal, start, fast), ==, seconds);
      }
  }

  /* A whole week outside the data is 5 × 7 hours; a span straddling the table's edges
   * adds up piece by piece. */
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2040, 3, 5, 0, 0),
                                                        at (2040, 3, 12, 0, 0)), ==, 35 * HOUR);
  g_assert_cmpint (gw_calendar_working_seconds_between (cal, at (2018, 1, 1, 0, 0),
                                                        at (2040, 1, 1, 0, 0)),
                   ==,
                   gw_calendar_working_seconds_between (cal, at (2018, 1, 1, 0, 0),
                                                        at (2026, 6, 1, 0, 0)) +
                   gw_calendar_working_seconds_between (cal, at (2026, 6, 1, 0, 0),
                                                        at (2040, 1, 1, 0, 0)));
}

/* A small calendar of one's own: other hours and weekend, and a year of its own. */
static void
test_custom (void)
{
  static const char json[] =
    "{\"format\": \"gridwatch-calendar\", \"version\": 1,"
    " \"working_hours\": [[\"08:00\", \"12:00\"], [\"14:00\", \"18:00\"]],"
    " \"weekend\": [7],"
    " \"years\": {\"2030\": {\"holidays\": [{\"name\": \"测试假\", \"from\": \"2030-03-04\","
    "                                       \"to\": \"2030-03-05\"}],"
    "                        \"workdays\": [{\"name\": \"测试调休\", \"date\": \"2030-03-10\"}]}}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCalendar) cal = gw_calendar_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  /* Saturday 2030-03-02 works (only Sunday is weekend); Sunday 03-03 rests. */
  g_assert_true (gw_calendar_is_working_day (cal, 2030, 3, 2));
  g_assert_false (gw_calendar_is_working_day (cal, 2030, 3, 3));
  g_assert_false (gw_calendar_is_working_day (cal, 2030, 3, 4));
  g_assert_cmpstr (gw_calendar_get_holiday (cal, 2030, 3, 5), ==, "测试假");
  g_assert_true (gw_calendar_is_working_day (cal, 2030, 3, 10));
  /* Saturday 17:00 + 2 h → Wednesday 03-06 09:00 (Sunday off, Mon–Tue holiday). */
  assert_time (gw_calendar_add_working_seconds (cal, at (2030, 3, 2, 17, 0), 2 * HOUR),
               at (2030, 3, 6, 9, 0));
  assert_time (gw_calendar_add_working_days (cal, at (2030, 3, 2, 17, 0), 1),
               at (2030, 3, 6, 18, 0));
  for (guint i = 0; i < 100; i++)
    {
      gint64 start = at (2030, 2, 20, 0, 0) + (gint64) i * 7919;
      gint64 seconds = (gint64) i * 1373;

      assert_time (gw_calendar_add_working_seconds (cal, start, seconds),
                   gw_calendar_add_working_seconds_naive (cal, start, seconds));
    }
}

typedef struct {
  const char *name;
  const char *json;
  const char *fragment;   /* expected in the message */
} BrokenCase;

#define HEAD "{\"format\": \"gridwatch-calendar\", \"version\": 1, " \
             "\"working_hours\": [[\"09:00\", \"12:00\"], [\"13:30\", \"17:30\"]], " \
             "\"weekend\": [6, 7], "

static const BrokenCase broken_cases[] = {
  { "not json", "{\"format\": ", "not valid JSON" },
  { "not an object", "[1, 2]", "expected an object" },
  { "wrong format", "{\"format\": \"gridwatch-categories\", \"version\": 1}", "format:" },
  { "wrong version", "{\"format\": \"gridwatch-calendar\", \"version\": 2}", "version:" },
  { "unknown member", HEAD "\"years\": {}, \"comment\": \"x\"}", "comment" },
  { "missing years",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"]], \"weekend\": [6, 7]}", "years:" },
  { "years not an object", HEAD "\"years\": [2025]}", "years:" },
  { "bad time",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"], [\"13:30\", \"25:00\"]], \"weekend\": [6, 7], "
    "\"years\": {}}", "working_hours[1][1]: “25:00” is not a time" },
  { "period backwards",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"12:00\", \"09:00\"]], \"weekend\": [6, 7], \"years\": {}}",
    "working_hours[0][1]" },
  { "periods overlap",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"], [\"11:30\", \"17:30\"]], \"weekend\": [6, 7], "
    "\"years\": {}}", "working_hours[1][0]" },
  { "period not a pair",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\"]], \"weekend\": [6, 7], \"years\": {}}", "working_hours[0]:" },
  { "no periods",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [], \"weekend\": [6, 7], \"years\": {}}", "working_hours:" },
  { "weekend out of range",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"]], \"weekend\": [6, 8], \"years\": {}}",
    "weekend[1]" },
  { "weekend twice",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"]], \"weekend\": [6, 6], \"years\": {}}",
    "weekend[1]" },
  { "all week off",
    "{\"format\": \"gridwatch-calendar\", \"version\": 1, "
    "\"working_hours\": [[\"09:00\", \"12:00\"]], \"weekend\": [1, 2, 3, 4, 5, 6, 7], "
    "\"years\": {}}", "weekend:" },
  { "bad year", HEAD "\"years\": {\"20x5\": {}}}", "years.20x5" },
  { "unknown year member", HEAD "\"years\": {\"2025\": {\"holiday\": []}}}",
    "years.2025.holiday" },
  { "not a date", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"name\": \"元旦\", \"from\": \"2025-01-01\", \"to\": \"2025-01-01\"},"
    "{\"name\": \"a\", \"from\": \"2025-03-01\", \"to\": \"2025-03-01\"},"
    "{\"name\": \"b\", \"from\": \"2025-03-03\", \"to\": \"2025-03-03\"},"
    "{\"name\": \"春节\", \"from\": \"2025-01-28\", \"to\": \"2025-02-30\"}]}}}",
    "years.2025.holidays[3].to: “2025-02-30” is not a date" },
  { "date in another year", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"name\": \"元旦\", \"from\": \"2026-01-01\", \"to\": \"2026-01-01\"}]}}}",
    "years.2025.holidays[0].from" },
  { "holiday backwards", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"name\": \"春节\", \"from\": \"2025-02-04\", \"to\": \"2025-01-28\"}]}}}",
    "years.2025.holidays[0].to" },
  { "holiday without name", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"from\": \"2025-02-04\", \"to\": \"2025-02-04\"}]}}}",
    "years.2025.holidays[0].name" },
  { "holiday unknown member", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"name\": \"x\", \"from\": \"2025-02-04\", \"to\": \"2025-02-04\", \"days\": 1}]}}}",
    "years.2025.holidays[0].days" },
  { "holidays overlap", HEAD "\"years\": {\"2025\": {\"holidays\": ["
    "{\"name\": \"a\", \"from\": \"2025-02-04\", \"to\": \"2025-02-06\"},"
    "{\"name\": \"b\", \"from\": \"2025-02-06\", \"to\": \"2025-02-07\"}]}}}",
    "years.2025.holidays[1]" },
  { "holiday and workday", HEAD "\"years\": {\"2026\": {"
    "\"holidays\": [{\"name\": \"春节\", \"from\": \"2026-02-15\", \"to\": \"2026-02-23\"}],"
    "\"workdays\": [{\"name\": \"春节调休\", \"date\": \"2026-02-14\"},"
    "               {\"name\": \"春节调休\", \"date\": \"2026-02-22\"}]}}}",
    "years.2026.workdays[1].date" },
  { "workday on a weekday", HEAD "\"years\": {\"2026\": {"
    "\"workdays\": [{\"name\": \"调休\", \"date\": \"2026-02-16\"}]}}}",
    "years.2026.workdays[0].date" },
  { "workday twice", HEAD "\"years\": {\"2026\": {"
    "\"workdays\": [{\"name\": \"调休\", \"date\": \"2026-02-14\"},"
    "               {\"name\": \"调休\", \"date\": \"2026-02-14\"}]}}}",
    "years.2026.workdays[1].date" },
  { "workday not an object", HEAD "\"years\": {\"2026\": {\"workdays\": [\"2026-02-14\"]}}}",
    "years.2026.workdays[0]" },
  { "empty name", HEAD "\"years\": {\"2026\": {"
    "\"workdays\": [{\"name\": \"  \", \"date\": \"2026-02-14\"}]}}}",
    "years.2026.workdays[0].name" },
};

static void
test_broken (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      const BrokenCase *c = &broken_cases[i];
      g_autoptr(GBytes) bytes = g_bytes_new_static (c->json, strlen (c->json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GwCalendar) cal = NULL;

      cal = gw_calendar_new_from_bytes (bytes, &error);
      g_test_message ("%s: %s", c->name, error ? error->message : "(loaded)");
      g_assert_null (cal);
      g_assert_error (error, GW_CALENDAR_ERROR, GW_CALENDAR_ERROR_INVALID);
      if (strstr (error->message, c->fragment) == NULL)
        g_error ("%s: the message “%s” does not contain “%s”", c->name, error->message, c->fragment);
    }
  g_assert_cmpuint (G_N_ELEMENTS (broken_cases), >=, 10);
}

/* The skeleton the broken cases are made from does load. */
static void
test_minimal (void)
{
  static const char json[] = HEAD "\"years\": {}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCalendar) cal = gw_calendar_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cal);
  /* No holidays: 2026-02-17 is an ordinary Tuesday. */
  g_assert_true (gw_calendar_is_working_day (cal, 2026, 2, 17));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/default", test_default);
  g_test_add_func ("/calendar/spring-festival-2026", test_spring_festival_2026);
  g_test_add_func ("/calendar/year-2025", test_year_2025);
  g_test_add_func ("/calendar/working-time", test_working_time);
  g_test_add_func ("/calendar/deadlines", test_deadlines);
  g_test_add_func ("/calendar/working-days", test_working_days);
  g_test_add_func ("/calendar/between", test_between);
  g_test_add_func ("/calendar/oracle", test_oracle);
  g_test_add_func ("/calendar/outside-data", test_outside_data);
  g_test_add_func ("/calendar/custom", test_custom);
  g_test_add_func ("/calendar/broken", test_broken);
  g_test_add_func ("/calendar/minimal", test_minimal);

  return g_test_run ();
}
