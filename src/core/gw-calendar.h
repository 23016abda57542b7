/* gw-calendar.h: the working calendar: weekends, public holidays, make-up working days
 * (调休) and working hours, from data (data/calendar-cn.json: the official 2025 and 2026
 * arrangements). Days outside the years in the data follow the weekly rule alone.
 *
 * All times are Unix seconds; days are counted in the county's zone (gw-time.h).
 * Working-time arithmetic runs on per-day prefix sums, so adding or measuring working time
 * costs a binary search, not a walk through the hours.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_CALENDAR_ERROR (gw_calendar_error_quark ())
GQuark gw_calendar_error_quark (void);

typedef enum {
  GW_CALENDAR_ERROR_INVALID,
} GwCalendarError;

#define GW_CALENDAR_RESOURCE "/org/gridwatch/Gridwatch/core/calendar-cn.json"

typedef struct _GwCalendar GwCalendar;

GType        gw_calendar_get_type           (void) G_GNUC_CONST;
#define GW_TYPE_CALENDAR (gw_calendar_get_type ())

GwCalendar  *gw_calendar_new_from_bytes     (GBytes      *json,
                                             GError     **error);
/* The shipped calendar, loaded once (a broken shipped file is a build defect). */
GwCalendar  *gw_calendar_get_default        (void);
GwCalendar  *gw_calendar_ref                (GwCalendar  *self);
void         gw_calendar_unref              (GwCalendar  *self);

/* A day, given as year/month/day in the county's zone. */
gboolean     gw_calendar_is_working_day     (GwCalendar  *self,
                                             int          year,
                                             int          month,
                                             int          day);
/* The holiday's name when the day is a public holiday ("春节"), else NULL. */
const char  *gw_calendar_get_holiday        (GwCalendar  *self,
                                             int          year,
                                             int          month,
                                             int          day);
gboolean     gw_calendar_is_working_time    (GwCalendar  *self,
                                             gint64       when);

/* The instant at which `seconds` of working time have passed since `start`. A start
 * outside working time counts from the next working period; 0 seconds from outside
 * working time gives the start of the next working period. */
gint64       gw_calendar_add_working_seconds (GwCalendar *self,
                                              gint64      start,
                                              gint64      seconds);
/* The end of the `days`-th working day after the day of `start` (the day of start itself
 * is not counted), e.g. 1 working day from a Friday afternoon is Monday's close. */
gint64       gw_calendar_add_working_days   (GwCalendar  *self,
                                             gint64       start,
                                             guint        days);
/* Working time between two instants (0 when b <= a). */
gint64       gw_calendar_working_seconds_between (GwCalendar *self,
                                                  gint64      a,
                                                  gint64      b);

/* The same as gw_calendar_add_working_seconds, computed by walking the calendar minute by
 * minute within each hour: the baseline for benchmarks and the oracle for tests. */
gint64       gw_calendar_add_working_seconds_naive (GwCalendar *self,
                                                    gint64      start,
                                                    gint64      seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCalendar, gw_calendar_unref)

G_END_DECLS
