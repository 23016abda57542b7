/* gw-db-snapshot.h: a county's database as one file for a seat, and a seat's database
 * replaced by such a file.
 *
 * gridwatchd builds the file (GET /api/v1/snapshot, docs/SYNC.md); the seat's sync client
 * checks it and loads it. What both sides must agree on lives here.
 */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

/* Meta keys of a snapshot file. */
#define GW_DB_META_SNAPSHOT_SEQ "snapshot_seq"   /* the change log's last sequence it holds */
#define GW_DB_META_SNAPSHOT_OF  "snapshot_of"    /* whose: "division:CODE" or "department:CODE" */

/* Replaces the whole content of this database with that of the SQLite file at path, in one
 * write transaction (SQLite's online backup): other connections see the old content or the
 * new one, and a crash leaves the old. The file is only read. The page sizes must be equal
 * (a WAL database cannot change its own): GW_STORE_ERROR_INVALID otherwise. Call it with
 * no transaction open on this connection. */
gboolean gw_db_replace_from_file (GwDb        *self,
                                  const char  *path,
                                  GError     **error);

G_END_DECLS
