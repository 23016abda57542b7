#define G_LOG_DOMAIN "gw-clock"

#include "config.h"

#include <math.h>

#include "gw-clock.h"

#define USEC_PER_SEC  G_GINT64_CONSTANT (1000000)

/* A simulated clock (manual or scaled) reads
 *   anchor_time + (monotonic now - anchor_monotonic) × speed
 * and is re-anchored at every jump and speed change, so its time runs on without a gap.
 * A manual clock is a simulated clock at speed 0. */
struct _GwClock
{
  GObject   parent_instance;

  GMutex    lock;
  gboolean  real;
  gboolean  manual;            /* made by gw_clock_new_manual (): only told, never run */
  gint64    anchor_time;       /* simulated Unix time at the anchor, microseconds */
  gint64    anchor_monotonic;  /* g_get_monotonic_time () at the anchor */
  double    speed;
};

G_DEFINE_FINAL_TYPE (GwClock, gw_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The simulated time now, microseconds; with the lock held. */
static gint64
simulated_now_locked (GwClock *self,
                      gint64   monotonic)
{
  double elapsed = (double) (monotonic - self->anchor_monotonic) * self->speed;

  return self->anchor_time + (gint64) elapsed;
}

/* With the lock held. */
static void
reanchor_locked (GwClock *self,
                 gint64   time_usec,
                 gint64   monotonic)
{
  self->anchor_time = time_usec;
  self->anchor_monotonic = monotonic;
}

static void
gw_clock_finalize (GObject *object)
{
  GwClock *self = GW_CLOCK (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gw_clock_parent_class)->finalize (object);
}

static void
gw_clock_class_init (GwClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_clock_finalize;

  /**
   * GwClock::changed:
   *
   * The time jumped or the speed changed; wake-ups computed with gw_clock_ms_until()
   * should be computed again. Emitted on the thread that made the change.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gw_clock_init (GwClock *self)
{
  g_mutex_init (&self->lock);
}

/**
 * gw_clock_new_real:
 *
 * Returns: (transfer full): a clock that follows the system's.
 */
GwClock *
gw_clock_new_real (void)
{
  GwClock *self = g_object_new (GW_TYPE_CLOCK, NULL);

  self->real = TRUE;
  self->speed = 1.0;
  return self;
}

/**
 * gw_clock_new_manual:
 * @now: Unix seconds
 *
 * Returns: (transfer full): a clock that reads @now until it is set or advanced.
 */
GwClock *
gw_clock_new_manual (gint64 now)
{
  GwClock *self = gw_clock_new_scaled (now, 0.0);

  self->manual = TRUE;
  return self;
}

/**
 * gw_clock_new_scaled:
 * @start: Unix seconds
 * @speed: simulated seconds per real second (0 stands still)
 *
 * Returns: (transfer full): a clock that runs from @start at @speed.
 */
GwClock *
gw_clock_new_scaled (gint64 start,
                     double speed)
{
  GwClock *self;

  g_return_val_if_fail (isfinite (speed) && speed >= 0.0, NULL);

  self = g_object_new (GW_TYPE_CLOCK, NULL);
  self->speed = speed;
  reanchor_locked (self, start * USEC_PER_SEC, g_get_monotonic_time ());
  return self;
}

gint64
gw_clock_get_now (GwClock *self)
{
  gint64 now;

  g_return_val_if_fail (GW_IS_CLOCK (self), 0);

  if (self->real)
    return g_get_real_time () / USEC_PER_SEC;

  g_mutex_lock (&self->lock);
  now = simulated_now_locked (self, g_get_monotonic_time ());
  g_mutex_unlock (&self->lock);
  /* Whole seconds, rounded down also before 1970. */
  return now >= 0 ? now / USEC_PER_SEC : -((-now + USEC_PER_SEC - 1) / USEC_PER_SEC);
}

void
gw_clock_set_now (GwClock *self,
                  gint64   now)
{
  g_return_if_fail (GW_IS_CLOCK (self));
  g_return_if_fail (!self->real);

  g_mutex_lock (&self->lock);
  reanchor_locked (self, now * USEC_PER_SEC, g_get_monotonic_time ());
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);
}

void
gw_clock_advance (GwClock *self,
                  gint64   seconds)
{
  gint64 monotonic;

  g_return_if_fail (GW_IS_CLOCK (self));
  g_return_if_fail (!self->real);

  if (seconds == 0)
    return;

  g_mutex_lock (&self->lock);
  monotonic = g_get_monotonic_time ();
  reanchor_locked (self, simulated_now_locked (self, monotonic) + seconds * USEC_PER_SEC,
                   monotonic);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);
}

void
gw_clock_set_speed (GwClock *self,
                    double   speed)
{
  gint64 monotonic;
  gboolean changed;

  g_return_if_fail (GW_IS_CLOCK (self));
  g_return_if_fail (!self->real);
  g_return_if_fail (isfinite (speed) && speed >= 0.0);

  g_mutex_lock (&self->lock);
  changed = self->speed != speed;
  if (changed)
    {
      monotonic = g_get_monotonic_time ();
      reanchor_locked (self, simulated_now_locked (self, monotonic), monotonic);
      self->speed = speed;
    }
  g_mutex_unlock (&self->lock);

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
gw_clock_is_manual (GwClock *self)
{
  g_return_val_if_fail (GW_IS_CLOCK (self), FALSE);

  return self->manual;
}

double
gw_clock_get_speed (GwClock *self)
{
  double speed;

  g_return_val_if_fail (GW_IS_CLOCK (self), 0.0);

  g_mutex_lock (&self->lock);
  speed = self->speed;
  g_mutex_unlock (&self->lock);
  return speed;
}

gint64
gw_clock_ms_until (GwClock *self,
                   gint64   when)
{
  gint64 now, target = when * USEC_PER_SEC;
  double speed;

  g_return_val_if_fail (GW_IS_CLOCK (self), -1);

  if (self->real)
    {
      now = g_get_real_time ();
      speed = 1.0;
    }
  else
    {
      g_mutex_lock (&self->lock);
      now = simulated_now_locked (self, g_get_monotonic_time ());
      speed = self->speed;
      g_mutex_unlock (&self->lock);
    }

  if (now >= target)
    return 0;
  if (speed <= 0.0)
    return -1;
  /* Rounded up, so that a wake-up at the returned time finds the clock there. */
  return (gint64) ceil ((double) (target - now) / speed / 1000.0);
}
