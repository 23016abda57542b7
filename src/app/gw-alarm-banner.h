/* gw-alarm-banner.h: the band across the console that shows the oldest alarm not yet
 * acknowledged ("Emergency: TN… 供水管道爆裂", "+2 more") until an officer acknowledges it.
 *
 * Its actions: alarm.acknowledge (Ctrl+Shift+A anywhere in the window) acknowledges the
 * alarm shown, as the banner's officer; alarm.open-ticket emits "open-ticket" with the
 * alarm's ticket id. A refusal is said in the banner.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-alarm-center.h"

G_BEGIN_DECLS

#define GW_TYPE_ALARM_BANNER (gw_alarm_banner_get_type ())
G_DECLARE_FINAL_TYPE (GwAlarmBanner, gw_alarm_banner, GW, ALARM_BANNER, GtkWidget)

GtkWidget     *gw_alarm_banner_new         (void);

void           gw_alarm_banner_set_center  (GwAlarmBanner *self,
                                            GwAlarmCenter *center);
GwAlarmCenter *gw_alarm_banner_get_center  (GwAlarmBanner *self);

/* Who acknowledges: the officer on duty at this seat. */
void           gw_alarm_banner_set_officer (GwAlarmBanner *self,
                                            const char    *officer);
const char    *gw_alarm_banner_get_officer (GwAlarmBanner *self);

/* The alarm shown, or NULL when the banner is hidden. */
GwAlarm       *gw_alarm_banner_get_alarm   (GwAlarmBanner *self);
gboolean       gw_alarm_banner_get_revealed (GwAlarmBanner *self);
/* The line that says the alarm, "+N more", and the last refusal ("" when none). */
const char    *gw_alarm_banner_get_message (GwAlarmBanner *self);
const char    *gw_alarm_banner_get_more    (GwAlarmBanner *self);
const char    *gw_alarm_banner_get_refusal (GwAlarmBanner *self);

G_END_DECLS
