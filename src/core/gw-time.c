#define G_LOG_DOMAIN "gw-time"

#include "config.h"

#include "gw-time.h"

GTimeZone *
gw_time_zone (void)
{
  static gsize zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, (gsize) g_time_zone_new_offset (8 * 3600));
  return (GTimeZone *) zone;
}

GDateTime *
gw_time_to_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return utc ? g_date_time_to_timezone (utc, gw_time_zone ()) : NULL;
}

gint64
gw_time_start_of_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (unix_seconds);
  g_autoptr(GDateTime) midnight = NULL;

  midnight = g_date_time_new (gw_time_zone (), g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  return g_date_time_to_unix (midnight);
}
