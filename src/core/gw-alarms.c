/* gw-alarms.c: raising alarms from the change log and the stage thresholds; acknowledging. */
#define G_LOG_DOMAIN "gw-alarms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-alarms.h"
#include "gw-audit.h"
#include "gw-db-private.h"
#include "gw-enums-private.h"
#include "gw-json.h"

G_DEFINE_QUARK (gw-alarm-error-quark, gw_alarm_error)

struct _GwAlarm
{
  GObject      parent_instance;

  gint64       id;
  gint64       ticket_id;
  GwAlarmKind  kind;
  gint64       raised_at;
  char        *ticket_number;
  char        *ticket_description;
  gint64       acknowledged_at;
  char        *acknowledged_by;
};

G_DEFINE_FINAL_TYPE (GwAlarm, gw_alarm, G_TYPE_OBJECT)

static const char *const kind_names[GW_N_ALARM_KINDS + 1] = {
  "emergency", "red", "overdue", "supervise", NULL,
};

static const char *const kind_labels[GW_N_ALARM_KINDS] = {
  N_("Emergency"), N_("Turned red"), N_("Overdue"), N_("Supervision notice"),
};

static void
gw_alarm_finalize (GObject *object)
{
  GwAlarm *self = GW_ALARM (object);

  g_free (self->ticket_number);
  g_free (self->ticket_description);
  g_free (self->acknowledged_by);
  G_OBJECT_CLASS (gw_alarm_parent_class)->finalize (object);
}

static void
gw_alarm_class_init (GwAlarmClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_alarm_finalize;
}

static void
gw_alarm_init (GwAlarm *self)
{
}

GwAlarm *
gw_alarm_new (gint64       id,
              gint64       ticket_id,
              GwAlarmKind  kind,
              gint64       raised_at,
              const char  *ticket_number,
              const char  *ticket_description)
{
  GwAlarm *self;

  g_return_val_if_fail (kind < GW_N_ALARM_KINDS, NULL);

  self = g_object_new (GW_TYPE_ALARM, NULL);
  self->id = id;
  self->ticket_id = ticket_id;
  self->kind = kind;
  self->raised_at = raised_at;
  self->ticket_number = g_strdup (ticket_number);
  self->ticket_description = g_strdup (ticket_description);
  return self;
}

gint64
gw_alarm_get_id (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), 0);
  return self->id;
}

gint64
gw_alarm_get_ticket_id (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), 0);
  return self->ticket_id;
}

GwAlarmKind
gw_alarm_get_kind (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), GW_ALARM_EMERGENCY);
  return self->kind;
}

gint64
gw_alarm_get_raised_at (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), 0);
  return self->raised_at;
}

const char *
gw_alarm_get_ticket_number (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), NULL);
  return self->ticket_number;
}

const char *
gw_alarm_get_ticket_description (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), NULL);
  return self->ticket_description;
}

gint64
gw_alarm_get_acknowledged_at (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), 0);
  return self->acknowledged_at;
}

const char *
gw_alarm_get_acknowledged_by (GwAlarm *self)
{
  g_return_val_if_fail (GW_IS_ALARM (self), NULL);
  return self->acknowledged_by;
}

GW_ENUM_STRING_FUNCS (gw_alarm_kind, GwAlarmKind, kind_names, GW_N_ALARM_KINDS)

const char *
gw_alarm_kind_label (GwAlarmKind kind)
{
  g_return_val_if_fail (kind < GW_N_ALARM_KINDS, NULL);
  return _(kind_labels[kind]);
}

/* Reading ----------------------------------------------------------------------------- */

#define ALARM_COLUMNS \
  "a.id, a.ticket_id, a.kind, a.raised_at, a.acknowledged_at, a.acknowledged_by," \
  " t.number, t.description"

static GwAlarm *
alarm_from_row (sqlite3_stmt *stmt)
{
  GwAlarmKind kind = GW_ALARM_EMERGENCY;
  GwAlarm *alarm;

  if (!gw_alarm_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
    g_warning ("Alarm %lld has an unknown kind", (long long) sqlite3_column_int64 (stmt, 0));
  alarm = gw_alarm_new (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), kind,
                        sqlite3_column_int64 (stmt, 3),
                        (const char *) sqlite3_column_text (stmt, 6),
                        (const char *) sqlite3_column_text (stmt, 7));
  alarm->acknowledged_at = sqlite3_column_int64 (stmt, 4);
  alarm->acknowledged_by = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return alarm;
}

/* Steps a prepared statement of ALARM_COLUMNS to its end. */
static GPtrArray *
read_alarms (GwDb          *db,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GPtrArray) alarms = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (alarms, alarm_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading alarms")), NULL;
  return g_steal_pointer (&alarms);
}

GPtrArray *
gw_db_list_open_alarms (GwDb    *db,
                        GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "SELECT " ALARM_COLUMNS " FROM alarms a LEFT JOIN tickets t ON t.id = a.ticket_id"
      " WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at, a.id", error);

  return stmt ? read_alarms (db, stmt, error) : NULL;
}

GwAlarm *
gw_db_get_alarm (GwDb    *db,
                 gint64   alarm_id,
                 GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "SELECT " ALARM_COLUMNS " FROM alarms a LEFT JOIN tickets t ON t.id = a.ticket_id"
      " WHERE a.id = ?", error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, alarm_id);
  if (!(found = read_alarms (db, stmt, error)))
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, GW_ALARM_ERROR, GW_ALARM_ERROR_NOT_FOUND,
                   _("No alarm has the id %lld"), (long long) alarm_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* Scanning ---------------------------------------------------------------------------- */

/* Runs one of the raising statements: ?1 the lower bound (a sequence or an instant), ?2
 * now, ?3 the change log's last sequence. */
static gboolean
raise_alarms (GwDb        *db,
              const char  *sql,
              gint64       from,
              gint64       now,
              gint64       last_seq,
              GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, last_seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("raising alarms"));
  return TRUE;
}

/* A ticket the change log names is an emergency: raised once per ticket. */
static const char raise_emergencies[] =
  "INSERT OR IGNORE INTO alarms (ticket_id, kind, key, raised_at)"
  " SELECT t.id, 'emergency', 0, ?2 FROM tickets t"
  " WHERE t.id IN (SELECT ticket_id FROM changes WHERE seq > ?1 AND seq <= ?3)"
  " AND t.state NOT IN ('closed', 'rejected') AND t.urgency = 'emergency'"
  " ORDER BY t.id";

/* Supervised more times than the last notice said. */
static const char raise_notices[] =
  "INSERT OR IGNORE INTO alarms (ticket_id, kind, key, raised_at)"
  " SELECT t.id, 'supervise', t.supervise_count, ?2 FROM tickets t"
  " WHERE t.id IN (SELECT ticket_id FROM changes WHERE seq > ?1 AND seq <= ?3)"
  " AND t.state NOT IN ('closed', 'rejected') AND t.supervise_count > 0"
  " AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.ticket_id = t.id AND a.kind = 'supervise'"
  "                 AND a.key >= t.supervise_count)"
  " ORDER BY t.id";

/* A deadline fell in (?1, ?2] (a stopped clock reads at the moment it stopped). The
 * condition on state is the partial index's own, so the index serves the range. */
static const char raise_overdue[] =
  "INSERT OR IGNORE INTO alarms (ticket_id, kind, key, raised_at)"
  " SELECT t.id, 'overdue', COALESCE(t.stage_started_at, 0), ?2 FROM tickets t"
  " WHERE t.state NOT IN ('closed', 'rejected') AND t.deadline_at > ?1"
  " AND t.deadline_at <= COALESCE(t.paused_at, ?2) AND t.stage IS NOT NULL"
  " ORDER BY t.deadline_at, t.id";

/* A red threshold fell in (?1, ?2] and the deadline has not (that is the overdue one). */
static const char raise_red[] =
  "INSERT OR IGNORE INTO alarms (ticket_id, kind, key, raised_at)"
  " SELECT t.id, 'red', COALESCE(t.stage_started_at, 0), ?2 FROM tickets t"
  " WHERE t.state NOT IN ('closed', 'rejected') AND t.red_at > ?1"
  " AND t.red_at <= COALESCE(t.paused_at, ?2) AND t.deadline_at > COALESCE(t.paused_at, ?2)"
  " AND t.stage IS NOT NULL"
  " ORDER BY t.red_at, t.id";

static gboolean
query_int64 (GwDb        *db,
             const char  *sql,
             gint64      *out,
             GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (db, error, _("reading alarms"));
  return TRUE;
}

/* Where the previous scan stopped; *found is FALSE when none ever ran. */
static gboolean
read_watch (GwDb      *db,
            gint64    *seq,
            gint64    *scanned_at,
            gboolean  *found,
            GError   **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT seq, scanned_at FROM alarm_watch WHERE id = 1",
                                       error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *scanned_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading alarms"));
  return TRUE;
}

static gboolean
write_watch (GwDb    *db,
             gint64   seq,
             gint64   scanned_at,
             GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "INSERT INTO alarm_watch (id, seq, scanned_at) VALUES (1, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, scanned_at = excluded.scanned_at",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, scanned_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("raising alarms"));
  return TRUE;
}

GPtrArray *
gw_db_scan_alarms (GwDb    *db,
                   gint64   since_seq,
                   gint64   now,
                   gint64  *new_seq,
                   GError **error)
{
  gboolean outer;
  g_autoptr(GPtrArray) raised = NULL;
  gint64 watch_seq = 0, scanned_at = 0, last_seq, max_id = 0, lights_from;
  gboolean watched = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);

  if (!_gw_db_write_begin (db, "gw_alarms", &outer, error))
    return NULL;
  if (!read_watch (db, &watch_seq, &scanned_at, &watched, error) ||
      (last_seq = gw_db_get_last_change (db, error)) < 0 ||
      !query_int64 (db, "SELECT COALESCE(max(id), 0) FROM alarms", &max_id, error))
    goto fail;

  if (since_seq < 0)
    since_seq = watched ? watch_seq : last_seq;
  lights_from = watched ? scanned_at : now;

  if (since_seq < last_seq &&
      (!raise_alarms (db, raise_emergencies, since_seq, now, last_seq, error) ||
       !raise_alarms (db, raise_notices, since_seq, now, last_seq, error)))
    goto fail;
  if (lights_from < now &&
      (!raise_alarms (db, raise_overdue, lights_from, now, last_seq, error) ||
       !raise_alarms (db, raise_red, lights_from, now, last_seq, error)))
    goto fail;
  if (!write_watch (db, last_seq, now, error))
    goto fail;

  stmt = _gw_db_prepare (db,
      "SELECT " ALARM_COLUMNS " FROM alarms a LEFT JOIN tickets t ON t.id = a.ticket_id"
      " WHERE a.id > ? ORDER BY a.id", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, max_id);
  if (!(raised = read_alarms (db, stmt, error)))
    goto fail;
  if (!_gw_db_write_release (db, "gw_alarms", outer, error))
    goto fail;
  if (new_seq)
    *new_seq = last_seq;
  if (raised->len > 0)
    g_debug ("%u new alarms at %" G_GINT64_FORMAT, raised->len, now);
  return g_steal_pointer (&raised);

fail:
  _gw_db_write_rollback (db, "gw_alarms", outer);
  return NULL;
}

/* Acknowledging ----------------------------------------------------------------------- */

gboolean
gw_db_acknowledge_alarm (GwDb        *db,
                         gint64       alarm_id,
                         const char  *officer,
                         gint64       now,
                         GError     **error)
{
  gboolean outer;
  g_autoptr(GwAlarm) alarm = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GString) payload = g_string_new (NULL);
  GwJsonWriter w;
  GwAuditEntry entry = { 0, };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  name = g_strstrip (g_strdup (officer ? officer : ""));
  if (*name == '\0')
    {
      g_set_error_literal (error, GW_ALARM_ERROR, GW_ALARM_ERROR_MISSING,
                           _("An alarm is acknowledged by a named officer: give your name"));
      return FALSE;
    }
  if (!_gw_db_write_begin (db, "gw_acknowledge", &outer, error))
    return FALSE;
  if (!(alarm = gw_db_get_alarm (db, alarm_id, error)))
    goto fail;
  if (alarm->acknowledged_at != 0)
    {
      g_set_error (error, GW_ALARM_ERROR, GW_ALARM_ERROR_ACKNOWLEDGED,
                   _("This alarm was already acknowledged by %s"), alarm->acknowledged_by);
      goto fail;
    }
  stmt = _gw_db_prepare (db,
      "UPDATE alarms SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, alarm_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("acknowledging an alarm"));
      goto fail;
    }

  gw_json_writer_init (&w, payload);
  gw_json_writer_begin_object (&w);
  gw_json_writer_member (&w, "alarm");
  gw_json_writer_int (&w, alarm->id);
  gw_json_writer_member (&w, "kind");
  gw_json_writer_string (&w, gw_alarm_kind_to_string (alarm->kind));
  gw_json_writer_member (&w, "raised_at");
  gw_json_writer_time (&w, alarm->raised_at);
  gw_json_writer_end_object (&w);

  entry.ticket_id = alarm->ticket_id;
  entry.at = now;
  entry.actor = name;
  entry.role = "officer";
  entry.action = GW_ALARM_AUDIT_ACTION;
  entry.reason = gw_alarm_kind_to_string (alarm->kind);
  entry.payload = payload->str;
  if (!gw_audit_append (db, &entry, error))
    goto fail;
  if (!_gw_db_write_release (db, "gw_acknowledge", outer, error))
    goto fail;
  return TRUE;

fail:
  _gw_db_write_rollback (db, "gw_acknowledge", outer);
  return FALSE;
}
