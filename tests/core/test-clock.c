#define G_LOG_DOMAIN "test-clock"

#include "config.h"

#include "gw-clock.h"

#define T0 1771894800  /* 2026-02-24T09:00:00+08:00 */

static void
on_clock_changed (GwClock *clock,
                  guint   *count)
{
  (*count)++;
}

static void
test_manual (void)
{
  g_autoptr(GwClock) clock = gw_clock_new_manual (T0);
  guint changed = 0;

  g_signal_connect (clock, "changed", G_CALLBACK (on_clock_changed), &changed);

  g_assert_cmpint (gw_clock_get_now (clock), ==, T0);
  g_assert_cmpfloat (gw_clock_get_speed (clock), ==, 0.0);
  g_usleep (20 * 1000);
  g_assert_cmpint (gw_clock_get_now (clock), ==, T0);

  gw_clock_advance (clock, 90);
  g_assert_cmpint (gw_clock_get_now (clock), ==, T0 + 90);
  g_assert_cmpuint (changed, ==, 1);

  gw_clock_set_now (clock, T0 - 3600);
  g_assert_cmpint (gw_clock_get_now (clock), ==, T0 - 3600);
  g_assert_cmpuint (changed, ==, 2);

  gw_clock_advance (clock, -60);
  g_assert_cmpint (gw_clock_get_now (clock), ==, T0 - 3660);
  g_assert_cmpuint (changed, ==, 3);

  /* Nothing changes, nothing is said. */
  gw_clock_advance (clock, 0);
  gw_clock_set_speed (clock, 0.0);
  g_assert_cmpuint (changed, ==, 3);

  /* A manual clock never reaches a later time by itself; an earlier one it has. */
  g_assert_cmpint (gw_clock_ms_until (clock, T0), ==, -1);
  g_assert_cmpint (gw_clock_ms_until (clock, T0 - 3660), ==, 0);
  g_assert_cmpint (gw_clock_ms_until (clock, T0 - 7200), ==, 0);
}

static void
test_scaled (void)
{
  g_autoptr(GwClock) clock = NULL;
  guint changed = 0;
  gint64 before, after, now, ms;

  before = g_get_monotonic_time ();
  clock = gw_clock_new_scaled (T0, 60.0);
  g_signal_connect (clock, "changed", G_CALLBACK (on_clock_changed), &changed);
  g_assert_cmpfloat (gw_clock_get_speed (clock), ==, 60.0);

  g_usleep (50 * 1000);
  now = gw_clock_get_now (clock);
  after = g_get_monotonic_time ();
  /* 50 ms at 60× is 3 s; no more than the real time that passed allows. */
  g_assert_cmpint (now - T0, >=, 3);
  g_assert_cmpint (now - T0, <=, (after - before) * 60 / 1000000 + 1);
  g_test_message ("60× for %.1f ms: +%" G_GINT64_FORMAT " s",
                  (after - before) / 1000.0, now - T0);

  /* One simulated minute at 60× is at most a real second away. */
  ms = gw_clock_ms_until (clock, gw_clock_get_now (clock) + 60);
  g_assert_cmpint (ms, >, 0);
  g_assert_cmpint (ms, <=, 1000);
  g_assert_cmpint (gw_clock_ms_until (clock, T0), ==, 0);

  /* Speed 0 pauses, continuously: no jump when it stops or starts again. */
  gw_clock_set_speed (clock, 0.0);
  g_assert_cmpuint (changed, ==, 1);
  now = gw_clock_get_now (clock);
  g_usleep (30 * 1000);
  g_assert_cmpint (gw_clock_get_now (clock), ==, now);
  g_assert_cmpint (gw_clock_ms_until (clock, now + 1), ==, -1);

  gw_clock_set_speed (clock, 1.0);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (gw_clock_get_now (clock), >=, now);
  g_assert_cmpint (gw_clock_get_now (clock), <=, now + 1);
  ms = gw_clock_ms_until (clock, now + 10);
  g_assert_cmpint (ms, >, 8000);
  g_assert_cmpint (ms, <=, 10000);

  /* A jump keeps the speed. */
  gw_clock_set_now (clock, T0 + 86400);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpfloat (gw_clock_get_speed (clock), ==, 1.0);
  now = gw_clock_get_now (clock);
  g_assert_cmpint (now, >=, T0 + 86400);
  g_assert_cmpint (now, <=, T0 + 86401);

  gw_clock_advance (clock, 3600);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpint (gw_clock_get_now (clock), >=, T0 + 86400 + 3600);
  g_assert_cmpint (gw_clock_get_now (clock), <=, T0 + 86400 + 3602);

  /* Faster: 1,000× runs 3,600 simulated seconds in 3.6 real seconds. */
  gw_clock_set_speed (clock, 1000.0);
  ms = gw_clock_ms_until (clock, gw_clock_get_now (clock) + 3600);
  g_assert_cmpint (ms, >, 2500);
  g_assert_cmpint (ms, <=, 3600);
}

static void
test_real (void)
{
  g_autoptr(GwClock) clock = gw_clock_new_real ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 ms;

  g_assert_cmpint (gw_clock_get_now (clock), >=, now);
  g_assert_cmpint (gw_clock_get_now (clock), <=, now + 1);
  g_assert_cmpfloat (gw_clock_get_speed (clock), ==, 1.0);

  ms = gw_clock_ms_until (clock, now + 3);
  g_assert_cmpint (ms, >, 500);
  g_assert_cmpint (ms, <=, 3000);
  g_assert_cmpint (gw_clock_ms_until (clock, now - 1), ==, 0);
}

/* A real clock cannot be set: a critical, and the time is untouched. */
static void
test_real_refuses (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GwClock) clock = gw_clock_new_real ();

      gw_clock_set_now (clock, T0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*gw_clock_set_now*");
}

/* Readers on other threads see a time that never goes backwards while it runs. */
typedef struct {
  GwClock *clock;
  gboolean monotonic;
} Reader;

static gpointer
read_clock (gpointer data)
{
  Reader *r = data;
  gint64 last = gw_clock_get_now (r->clock);

  r->monotonic = TRUE;
  for (guint i = 0; i < 20000; i++)
    {
      gint64 now = gw_clock_get_now (r->clock);

      if (now < last)
        r->monotonic = FALSE;
      last = now;
      gw_clock_ms_until (r->clock, now + 60);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GwClock) clock = gw_clock_new_scaled (T0, 60.0);
  Reader readers[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      readers[i].clock = clock;
      threads[i] = g_thread_new ("reader", read_clock, &readers[i]);
    }
  for (guint i = 0; i < 200; i++)
    gw_clock_set_speed (clock, i % 2 ? 60.0 : 30.0);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (readers[i].monotonic);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/manual", test_manual);
  g_test_add_func ("/clock/scaled", test_scaled);
  g_test_add_func ("/clock/real", test_real);
  g_test_add_func ("/clock/real-refuses", test_real_refuses);
  g_test_add_func ("/clock/threads", test_threads);

  return g_test_run ();
}
