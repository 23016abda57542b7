/* gw-alarm-center.h: the duty console's alarms, as the app lives them.
 *
 * The center scans the store (gw_db_scan_alarms, on the store's thread) every two seconds,
 * when the clock jumps, and when told; keeps the open alarms as a list model, oldest first;
 * and for each new alarm sends a desktop notification and rings the alarm sound. Until
 * every alarm is acknowledged the sound rings again every `repeat-seconds`. Quiet hours do
 * not exist in a command center: only the volume can be turned down.
 */
#pragma once

#include <gio/gio.h>

#include "gw-alarms.h"
#include "gw-clock.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_ALARM_CENTER (gw_alarm_center_get_type ())
G_DECLARE_FINAL_TYPE (GwAlarmCenter, gw_alarm_center, GW, ALARM_CENTER, GObject)

/* The store must be open. Scanning starts at once. */
GwAlarmCenter *gw_alarm_center_new             (GwStore        *store,
                                                GwClock        *clock);

/* Where notifications go; NULL (the default) sends none. Not a reference. */
void           gw_alarm_center_set_application (GwAlarmCenter  *self,
                                                GApplication   *application);

/* The open alarms, oldest first (element type GwAlarm). */
GListModel    *gw_alarm_center_get_alarms      (GwAlarmCenter  *self);

/* Scans now, or right after the scan under way. */
void           gw_alarm_center_scan_now        (GwAlarmCenter  *self);

/* Acknowledges an alarm as `officer` (audited). A refusal (already acknowledged, no name)
 * comes back as the store's error. */
void           gw_alarm_center_acknowledge_async  (GwAlarmCenter       *self,
                                                   gint64               alarm_id,
                                                   const char          *officer,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       gw_alarm_center_acknowledge_finish (GwAlarmCenter       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* 0 to 1. */
void           gw_alarm_center_set_volume      (GwAlarmCenter  *self,
                                                double          volume);
double         gw_alarm_center_get_volume      (GwAlarmCenter  *self);

/* How often the sound rings again while alarms are open (default 30 s). */
void           gw_alarm_center_set_repeat_seconds (GwAlarmCenter *self,
                                                   guint          seconds);

/* How many times the sound has been started: each new alarm and each repeat. */
guint          gw_alarm_center_get_rings       (GwAlarmCenter  *self);

G_END_DECLS
