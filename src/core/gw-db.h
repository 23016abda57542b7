/* gw-db.h: one synchronous connection to a seat's SQLite database.
 *
 * GwDb is the layer that speaks SQL. It is not thread-safe: use it from one thread. The
 * app and the server never call it on their main loop: they go through GwStore, which
 * runs a GwDb on its worker thread. The CLI, tests and benchmarks use it directly.
 *
 * Opening creates the schema, or migrates an older one (PRAGMA user_version), or refuses
 * a newer one. The connection runs WAL, foreign keys on, synchronous=NORMAL (a crash of
 * the machine may lose the last transactions, never corrupt the file; the server's
 * change log makes a seat's recent work recoverable).
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "gw-camera.h"
#include "gw-department.h"
#include "gw-division.h"
#include "gw-summary.h"
#include "gw-ticket.h"
#include "gw-worker.h"

G_BEGIN_DECLS

#define GW_STORE_ERROR (gw_store_error_quark ())
GQuark gw_store_error_quark (void);

typedef enum {
  GW_STORE_ERROR_OPEN,        /* cannot open or not a database */
  GW_STORE_ERROR_TOO_NEW,     /* written by a newer Gridwatch */
  GW_STORE_ERROR_CORRUPT,     /* the file is damaged */
  GW_STORE_ERROR_SQL,         /* an SQL failure (message carries SQLite's) */
  GW_STORE_ERROR_NOT_FOUND,   /* an unknown code or id */
  GW_STORE_ERROR_INVALID,     /* a record that breaks a rule (duplicate code, bad parent…) */
  GW_STORE_ERROR_CLOSED,      /* the store was closed */
} GwStoreError;

/* The schema this build writes. */
#define GW_DB_SCHEMA_VERSION 7

typedef struct _GwDb GwDb;

GwDb       *gw_db_open                (const char   *path,
                                       GError      **error);
void        gw_db_free                (GwDb         *self);
sqlite3    *gw_db_get_handle          (GwDb         *self);
const char *gw_db_get_path            (GwDb         *self);
int         gw_db_get_schema_version  (GwDb         *self);

/* Transactions; gw_db_rollback never fails visibly (it logs). */
gboolean    gw_db_begin               (GwDb         *self,
                                       GError      **error);
gboolean    gw_db_commit              (GwDb         *self,
                                       GError      **error);
void        gw_db_rollback            (GwDb         *self);

/* Runs SQL with no results (several statements allowed). */
gboolean    gw_db_exec                (GwDb         *self,
                                       const char   *sql,
                                       GError      **error);

char       *gw_db_get_meta            (GwDb         *self,
                                       const char   *key);
gboolean    gw_db_set_meta            (GwDb         *self,
                                       const char   *key,
                                       const char   *value,
                                       GError      **error);

/* Inserting. Each checks its references (parent, grid, division, department) and refuses a
 * duplicate code with GW_STORE_ERROR_INVALID naming it. Not transactional by themselves:
 * wrap batches in gw_db_begin/commit. Returns the new row id, or 0 on error. */
gint64      gw_db_insert_division     (GwDb             *self,
                                       const GwDivision *division,
                                       GError          **error);
gint64      gw_db_insert_department   (GwDb               *self,
                                       const GwDepartment *department,
                                       GError            **error);
gint64      gw_db_insert_worker       (GwDb           *self,
                                       const GwWorker *worker,
                                       GError        **error);
gint64      gw_db_insert_camera       (GwDb           *self,
                                       const GwCamera *camera,
                                       GError        **error);
/* Fills the division chain from the point when ticket->divisions is empty. A ticket->id
 * above 0 is kept as the row id. */
gint64      gw_db_insert_ticket       (GwDb           *self,
                                       GwTicket       *ticket,
                                       GError        **error);

/* Writes a ticket under the id it carries, replacing a stored one with that id (a seat
 * mirroring the server's tickets). Its division chain must be in the database. */
gboolean    gw_db_upsert_ticket       (GwDb           *self,
                                       GwTicket       *ticket,
                                       GError        **error);

/* Reading. */
GwDivision *gw_db_get_division        (GwDb         *self,
                                       const char   *code,
                                       GError      **error);
/* All divisions of a level (or every level when level is -1), ordered by code. */
GPtrArray  *gw_db_list_divisions      (GwDb         *self,
                                       int           level,
                                       GError      **error);
GPtrArray  *gw_db_list_departments    (GwDb         *self,
                                       GError      **error);
GPtrArray  *gw_db_list_workers        (GwDb         *self,
                                       GError      **error);
GPtrArray  *gw_db_list_cameras        (GwDb         *self,
                                       GError      **error);
/* One camera by its row id; GW_STORE_ERROR_NOT_FOUND when there is none (gw-db-field.c). */
GwCamera   *gw_db_get_camera          (GwDb         *self,
                                       gint64        id,
                                       GError      **error);
/* Keyset pages of cameras and of grid workers in row-id order after `after_id` (0 for the
 * first page), at most `limit`, within a division (its code a prefix of the camera's
 * division or the worker's grid; NULL for all). *last_id (may be NULL) receives the row id
 * of the last one, 0 for an empty page: the next page starts after it. Implemented in
 * gw-db-field.c. */
GPtrArray  *gw_db_list_cameras_page   (GwDb         *self,
                                       gint64        after_id,
                                       guint         limit,
                                       const char   *division_code,
                                       gint64       *last_id,
                                       GError      **error);
GPtrArray  *gw_db_list_workers_page   (GwDb         *self,
                                       gint64        after_id,
                                       guint         limit,
                                       const char   *division_code,
                                       gint64       *last_id,
                                       GError      **error);
GwTicket   *gw_db_get_ticket          (GwDb         *self,
                                       gint64        id,
                                       GError      **error);

/* Point -> finest division containing it (candidates from an in-memory lattice of cells
 * over the boundaries' boxes, then a real point-in-polygon test), with
 * its whole chain written into chain[GW_N_LEVELS] (newly allocated codes, NULL where the
 * level is absent). Returns FALSE without error when the point is in no division. */
gboolean    gw_db_locate              (GwDb         *self,
                                       double        lon,
                                       double        lat,
                                       char        **chain,
                                       GError      **error);
/* The same answer by testing every finest-level polygon: the baseline for benchmarks and
 * the oracle for tests. */
gboolean    gw_db_locate_brute_force  (GwDb         *self,
                                       double        lon,
                                       double        lat,
                                       char        **chain,
                                       GError      **error);

/* Open tickets per grid: grid code -> count (GINT_TO_POINTER). */
GHashTable *gw_db_count_open_per_grid (GwDb         *self,
                                       GError      **error);

/* Full-text search (Chinese substrings of any length) over descriptions and addresses:
 * the ids of at most limit tickets, newest first. */
GArray     *gw_db_search_ticket_ids   (GwDb         *self,
                                       const char   *text,
                                       guint         limit,
                                       GError      **error);
/* The same with LIKE '%text%' over the same columns: the baseline for benchmarks and the
 * oracle for tests. */
GArray     *gw_db_search_ticket_ids_like (GwDb      *self,
                                       const char   *text,
                                       guint         limit,
                                       GError      **error);
/* The tickets for ids, in that order. */
GPtrArray  *gw_db_get_tickets         (GwDb         *self,
                                       const GArray *ids,
                                       GError      **error);
/* Search and fetch in one call. */
GPtrArray  *gw_db_search_tickets      (GwDb         *self,
                                       const char   *text,
                                       guint         limit,
                                       GError      **error);

/* Ticket ids in a lon/lat box (R*Tree). */
GArray     *gw_db_tickets_in_bbox     (GwDb         *self,
                                       double        min_lon,
                                       double        min_lat,
                                       double        max_lon,
                                       double        max_lat,
                                       GError      **error);

/* A page of tickets in id order after `after_id` (0 for the first page), at most `limit`,
 * within a division (its code as a prefix of the ticket's finest division; NULL for all)
 * or dispatched or whistled to a department (NULL for any). */
GPtrArray  *gw_db_list_tickets_page   (GwDb         *self,
                                       gint64        after_id,
                                       guint         limit,
                                       const char   *division_code,
                                       const char   *department_code,
                                       GError      **error);

/* The same page written as a JSON array of tickets, each byte for byte what
 * gw_ticket_write_json() writes, straight from the rows; the change log's latest sequence
 * is read in the same read transaction. Returns the number of tickets written (*last_id:
 * the last one's id), or -1 with error set (the writer then holds a partial text). */
gint        gw_db_write_tickets_page  (GwDb         *self,
                                       gint64        after_id,
                                       guint         limit,
                                       const char   *division_code,
                                       const char   *department_code,
                                       GwJsonWriter *writer,
                                       gint64       *last_id,
                                       gint64       *last_seq,
                                       GError      **error);

/* The change log: the latest sequence number (0 when empty), and the tickets changed after
 * `since`, each once at its latest change, in sequence order (element type GwTicket; the
 * sequence of each in *seqs). */
gint64      gw_db_get_last_change     (GwDb         *self,
                                       GError      **error);
GPtrArray  *gw_db_get_changes         (GwDb         *self,
                                       gint64        since,
                                       guint         limit,
                                       GArray      **seqs,
                                       GError      **error);

GwSummary  *gw_db_get_summary         (GwDb         *self,
                                       gint64        now,
                                       GError      **error);

/* SHA-256 over every table's content in a fixed order: equal content, equal hash. */
char       *gw_db_content_hash        (GwDb         *self,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDb, gw_db_free)

G_END_DECLS
