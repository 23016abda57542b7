/* gw-alarms.h: what makes the duty console sound an alarm, and its acknowledgement.
 *
 * Four things raise an alarm: a new emergency ticket, a ticket whose light turns red, one
 * that runs overdue, and a supervision notice (a ticket supervised again). Each is raised
 * once — (ticket, kind, key) is unique, the key being what makes it news: the stage's
 * start for red and overdue (one of each per stage), the supervise count for a notice, 0
 * for an emergency — and stays open until an officer acknowledges it, which the audit log
 * records.
 *
 * Detection reads the database at a given `now` and nothing else, so tests and drills move
 * time by hand: the tickets the change log names after a sequence number (emergencies,
 * supervision notices), and the open tickets whose red or overdue threshold fell between
 * the instant the previous scan read the lights at and `now`.
 */
#pragma once

#include <glib-object.h>

#include "gw-db.h"

G_BEGIN_DECLS

#define GW_ALARM_ERROR (gw_alarm_error_quark ())
GQuark gw_alarm_error_quark (void);

typedef enum {
  GW_ALARM_ERROR_NOT_FOUND,     /* no alarm with that id */
  GW_ALARM_ERROR_ACKNOWLEDGED,  /* already acknowledged */
  GW_ALARM_ERROR_MISSING,       /* no officer named */
} GwAlarmError;

typedef enum {
  GW_ALARM_EMERGENCY = 0,
  GW_ALARM_RED,
  GW_ALARM_OVERDUE,
  GW_ALARM_SUPERVISE,
  GW_N_ALARM_KINDS
} GwAlarmKind;

/* The audit log's action for an acknowledgement. */
#define GW_ALARM_AUDIT_ACTION "acknowledge-alarm"

#define GW_TYPE_ALARM (gw_alarm_get_type ())
G_DECLARE_FINAL_TYPE (GwAlarm, gw_alarm, GW, ALARM, GObject)

/* An alarm as read from the database, with its ticket's number and description (NULL
 * when the ticket is no longer in the database). */
GwAlarm     *gw_alarm_new                  (gint64       id,
                                            gint64       ticket_id,
                                            GwAlarmKind  kind,
                                            gint64       raised_at,
                                            const char  *ticket_number,
                                            const char  *ticket_description);
gint64       gw_alarm_get_id               (GwAlarm     *self);
gint64       gw_alarm_get_ticket_id        (GwAlarm     *self);
GwAlarmKind  gw_alarm_get_kind             (GwAlarm     *self);
gint64       gw_alarm_get_raised_at        (GwAlarm     *self);
const char  *gw_alarm_get_ticket_number    (GwAlarm     *self);
const char  *gw_alarm_get_ticket_description (GwAlarm   *self);
/* 0 and NULL while open. */
gint64       gw_alarm_get_acknowledged_at  (GwAlarm     *self);
const char  *gw_alarm_get_acknowledged_by  (GwAlarm     *self);

const char  *gw_alarm_kind_to_string       (GwAlarmKind  kind);
gboolean     gw_alarm_kind_from_string     (const char  *str,
                                            GwAlarmKind *out);
/* What a person reads: "Emergency", "Turned red", "Overdue", "Supervision notice"
 * (translated). */
const char  *gw_alarm_kind_label           (GwAlarmKind  kind);

/* Raises the alarms due at `now` and returns the new ones, oldest first (element type
 * GwAlarm). Emergencies and supervision notices come from the tickets the change log
 * names after since_seq; since_seq < 0 means from where the previous scan of this
 * database stopped (a first scan ever starts at the end of the log: history raises
 * nothing). Red and overdue come from the thresholds that fell after the instant the
 * previous scan read the lights at, up to `now` (a first scan ever only records `now`).
 * *new_seq (may be NULL) receives the change log's sequence the scan read up to: pass it
 * as since_seq next time. One transaction; only open tickets raise alarms. */
GPtrArray   *gw_db_scan_alarms             (GwDb        *db,
                                            gint64       since_seq,
                                            gint64       now,
                                            gint64      *new_seq,
                                            GError     **error);

/* Marks an alarm acknowledged by `officer` at `now` and appends an audit entry
 * (GW_ALARM_AUDIT_ACTION, the alarm's ticket, role "officer"), in one savepoint. Refuses
 * an unknown alarm, one already acknowledged, and an empty officer name. */
gboolean     gw_db_acknowledge_alarm       (GwDb        *db,
                                            gint64       alarm_id,
                                            const char  *officer,
                                            gint64       now,
                                            GError     **error);

/* The alarms not yet acknowledged, oldest first (element type GwAlarm). */
GPtrArray   *gw_db_list_open_alarms        (GwDb        *db,
                                            GError     **error);

/* One alarm, acknowledged or not. */
GwAlarm     *gw_db_get_alarm               (GwDb        *db,
                                            gint64       alarm_id,
                                            GError     **error);

G_END_DECLS
