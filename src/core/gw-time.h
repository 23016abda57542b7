/* gw-time.h: the county's clock.
 *
 * Grid governance in China counts its days, deadlines and reports in China Standard Time
 * (UTC+8, no daylight saving), whatever time zone a seat's machine is set to. Every date
 * the product computes or shows goes through these functions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The county's time zone (UTC+08:00); owned by Gridwatch, do not unref. */
GTimeZone *gw_time_zone            (void);

/* A Unix time as a date-time in the county's zone (free with g_date_time_unref). */
GDateTime *gw_time_to_date_time    (gint64 unix_seconds);

/* The Unix time of the local midnight that starts the day of unix_seconds. */
gint64     gw_time_start_of_day    (gint64 unix_seconds);

G_END_DECLS
