/* gw-db-private.h: internals shared by the store's files (schema, statements). */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

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

/* A cached prepared statement, reset and with bindings cleared, ready to bind. */
sqlite3_stmt *_gw_db_prepare (GwDb        *self,
                              const char  *sql,
                              GError     **error);

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

const GwDbDivision *_gw_db_division_by_id   (GwDb        *self,
                                             gint64       id);
const GwDbDivision *_gw_db_division_by_code (GwDb        *self,
                                             const char  *code);
void                _gw_db_divisions_changed (GwDb       *self);

G_END_DECLS
