/* gw-db-private.h: internals shared by the store's files (schema, statements). */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

/* The open states as an SQL list (the state index serves "state IN" it). */
#define GW_DB_OPEN_STATES \
  "('reported', 'verifying', 'screened', 'dispatched', 'signed', 'handling', 'checking', 'suspended')"

/* The schema scripts: index i takes a database from version i to i + 1. Version 1 is kept
 * so that tests can build a schema-1 database and watch it migrate. */
extern const char *const _gw_db_migrations[GW_DB_SCHEMA_VERSION];

/* The triggers that feed the change log. A bulk load of history (the demo) drops them for
 * its own transaction and creates them again: the log starts after the history. */
extern const char _gw_db_change_triggers_create[];
extern const char _gw_db_change_triggers_drop[];

/* The queue's indexes, which a bulk load drops and builds again at its end. */
extern const char _gw_db_queue_indexes_create[];
extern const char _gw_db_queue_indexes_drop[];

/* What every ticket query selects, in the order ticket_from_row() reads it. */
#define _GW_DB_TICKET_COLUMNS \
  "t.id, t.number, t.source, t.category, t.urgency, t.level, t.lon, t.lat, t.division_id," \
  " t.description, t.address, t.reporter, t.reporter_phone, t.state, t.reported_at," \
  " t.updated_at, t.closed_at, t.board, (SELECT code FROM departments WHERE id = t.department_id)," \
  " t.deadline_at, t.satisfaction, t.stage, t.stage_started_at, t.yellow_at, t.red_at," \
  " t.paused_at, t.paused_state, t.dispatched_at, t.sign_deadline_at, t.signed_at," \
  " t.handle_deadline_at, t.reported_back_at, t.resolved, t.evaluated_at, t.reopen_count," \
  " t.supervise_count, t.merged_into, t.whistle, t.extension_seconds, t.extension_reason," \
  " t.dispatcher_level"

/* The tickets of a page (of tickets t): ?1 the id to start after, ?2 the division code
 * (NULL: any) and ?5 its _gw_db_code_prefix_end(), ?3 the department id (NULL: any), ?4
 * the limit. A range of codes rather than LIKE: a bound LIKE pattern makes SQLite prepare
 * the statement again on every execution. */
#define _GW_DB_PAGE_WHERE \
  "t.id > ?1" \
  " AND (?2 IS NULL OR t.division_id IN (SELECT id FROM divisions WHERE code >= ?2 AND code < ?5))" \
  " AND (?3 IS NULL OR t.department_id = ?3" \
  "      OR t.id IN (SELECT ticket_id FROM ticket_departments WHERE department_id = ?3))" \
  " ORDER BY t.id LIMIT ?4"

/* The least string above every string that extends `code`: a range (code >= X AND code
 * < end) instead of LIKE, which SQLite prepares again for every bound pattern. */
char         *_gw_db_code_prefix_end (const char *code);

/* A cached prepared statement, reset and with bindings cleared, ready to bind. */
sqlite3_stmt *_gw_db_prepare (GwDb        *self,
                              const char  *sql,
                              GError     **error);

/* A unit of writing that may nest. At the top (no transaction open) it begins with BEGIN
 * IMMEDIATE, taking the write lock before anything is read: a deferred transaction that
 * reads and then writes fails as busy, at once and for good, when another connection has
 * committed in between (another process on the same county file, a seat's sync and a
 * local action). Inside a transaction it is a savepoint. *outer tells release and
 * rollback which it was. */
gboolean      _gw_db_write_begin    (GwDb        *self,
                                     const char  *name,
                                     gboolean    *outer,
                                     GError     **error);
gboolean      _gw_db_write_release  (GwDb        *self,
                                     const char  *name,
                                     gboolean     outer,
                                     GError     **error);
void          _gw_db_write_rollback (GwDb        *self,
                                     const char  *name,
                                     gboolean     outer);

/* Sets error from the connection's last error, prefixed with what was being done. */
gboolean      _gw_db_set_error (GwDb        *self,
                                GError     **error,
                                const char  *doing);

/* Writes a stored ticket's workflow columns and whistle departments. */
gboolean      _gw_db_save_workflow (GwDb      *self,
                                    GwTicket  *ticket,
                                    GError   **error);

/* Division cache: id <-> code, level, parent, polygon (loaded on first use, dropped when
 * divisions change). */
typedef struct {
  gint64     id;
  char      *code;
  char      *name;
  GwLevel    level;
  gint64     parent_id;
  GwPolygon *polygon;
} GwDbDivision;

gboolean            _gw_db_load_divisions   (GwDb        *self,
                                             GError     **error);
const GwDbDivision *_gw_db_division_by_id   (GwDb        *self,
                                             gint64       id);
const GwDbDivision *_gw_db_division_by_code (GwDb        *self,
                                             const char  *code);
void                _gw_db_divisions_changed (GwDb       *self);

G_END_DECLS
