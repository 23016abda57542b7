/* gw-clock.h: the time the workflow, the timers and the lights run on.
 *
 * A real clock follows the system; a manual clock stands still until told (tests); a
 * scaled clock runs from a chosen instant at a chosen speed (drills, 1× to 60×, 0 pauses).
 * Safe to read from any thread. "changed" is emitted (on the thread that made the change)
 * when time jumps or the speed changes, so that a UI can re-arm its wake-ups.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_TYPE_CLOCK (gw_clock_get_type ())
G_DECLARE_FINAL_TYPE (GwClock, gw_clock, GW, CLOCK, GObject)

GwClock *gw_clock_new_real            (void);
GwClock *gw_clock_new_manual          (gint64   now);
GwClock *gw_clock_new_scaled          (gint64   start,
                                       double   speed);

/* Unix seconds. */
gint64   gw_clock_get_now             (GwClock *self);

/* Manual and scaled clocks only (a real clock ignores these with a critical). */
void     gw_clock_set_now             (GwClock *self,
                                       gint64   now);
void     gw_clock_advance             (GwClock *self,
                                       gint64   seconds);
void     gw_clock_set_speed           (GwClock *self,
                                       double   speed);
double   gw_clock_get_speed           (GwClock *self);   /* 1 for real, 0 for manual */
/* TRUE for a clock made by gw_clock_new_manual(): whoever drives it tells it the time (a
 * drill on such a clock never sets its speed; tests step it). A scaled clock at speed 0
 * is paused, not manual. */
gboolean gw_clock_is_manual           (GwClock *self);

/* Real milliseconds to wait until the clock reads `when`: 0 if it already has, -1 if it
 * never will at the current speed (manual or paused). */
gint64   gw_clock_ms_until            (GwClock *self,
                                       gint64   when);

G_END_DECLS
