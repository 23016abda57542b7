/* gw-sync-seat-private.h: the sync client's database side. Every function here is a
 * GwStoreFunc: it runs on the store's thread (gw_store_run_async), never on the main loop,
 * and each write is one transaction. */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* Meta keys of the seat's database. */
#define GW_SYNC_META_TOKEN  "sync_token"   /* the bearer token */
#define GW_SYNC_META_USER   "sync_user"    /* the signed-in user, as the server described it (JSON) */
#define GW_SYNC_META_SEQ    "sync_seq"     /* the last change-log sequence applied */
#define GW_SYNC_META_AFTER  "sync_after"   /* while a snapshot runs: the last ticket id written */
#define GW_SYNC_META_SERVER "sync_server"  /* the server the seat was loaded from (its base URI) */
#define GW_SYNC_META_SNAPSHOT "sync_snapshot" /* while the snapshot file downloads: its build (ETag) */
/* A drill's seat: the run of the drill it belongs to, besides gw-drill.h's drill.* keys
 * (gridwatchd names its run so in the drill's copy: GW_SERVER_DRILL_META_RUN). */
#define GW_SYNC_META_DRILL_RUN "drill.run"

/* What the seat holds, read when a connection begins. */
typedef struct {
  char     *token;            /* NULL when signed out */
  gint64    seq;
  gboolean  snapshot_running; /* a snapshot stopped part-way (GW_SYNC_META_AFTER is set) */
  gint64    after;
  char     *snapshot_etag;    /* a snapshot file's download stopped part-way: its build */
  gboolean  has_tickets;
  gboolean  has_divisions;
  gboolean  has_departments;
  guint     pending;          /* outbox entries still pending */
  gboolean  used;             /* anything was ever synced into it */
  char     *drill_scenario;   /* meta "drill.scenario": the drill it belongs to, or NULL */
  char     *drill_run;        /* meta "drill.run" */
  char     *drill_title;      /* meta "drill.title" */
} GwSyncSeat;

void     _gw_sync_seat_free      (GwSyncSeat *seat);
/* data: unused. Result: GwSyncSeat. */
gpointer _gw_sync_load_seat      (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

/* data: GwSyncSession. Result: a non-NULL token (free it). */
typedef struct {
  char *token;       /* NULL forgets the stored token */
  char *user_json;
} GwSyncSession;

void     _gw_sync_session_free   (GwSyncSession *session);
gpointer _gw_sync_save_session   (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

/* data: GwSyncReference (divisions and departments, either may be NULL). Divisions are
 * written parents first. Result: a gint64 count of records written. */
typedef struct {
  GPtrArray *divisions;     /* of GwDivision */
  GPtrArray *departments;   /* of GwDepartment */
} GwSyncReference;

void     _gw_sync_reference_free (GwSyncReference *ref);
gpointer _gw_sync_write_reference (GwDb      *db,
                                  gpointer    data,
                                  GError    **error);

/* data: GwSyncWrite. Writes the tickets (skipping any older than the stored copy), the
 * sequence, the snapshot's position and an outbox entry's outcome in one transaction.
 * Result: a GArray of the gint64 ids written. */
typedef struct {
  GPtrArray *tickets;          /* of GwTicket */
  gint64     seq;              /* GW_SYNC_META_SEQ to write, or -1 */
  gint64     after;            /* GW_SYNC_META_AFTER to write, or -1 */
  gboolean   snapshot_done;    /* removes GW_SYNC_META_AFTER */
  gint64     outbox_id;        /* an outbox entry answered, or 0 */
  gboolean   refused;          /* … refused (else done) */
  char      *message;          /* the refusal's message */
} GwSyncWrite;

GwSyncWrite *_gw_sync_write_new  (void);
void     _gw_sync_write_free     (GwSyncWrite *write);
gpointer _gw_sync_write          (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

/* data: GwSyncMeta. Writes one meta key (a NULL value removes it). Result: a copy of the key. */
typedef struct {
  char *key;
  char *value;
} GwSyncMeta;

void     _gw_sync_meta_free      (GwSyncMeta *meta);
gpointer _gw_sync_set_meta       (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

/* data: GwSyncSnapshotLoad. Checks the snapshot file (a Gridwatch database of this schema
 * and the seat's page size, intact by PRAGMA quick_check, with its change-log sequence),
 * writes the seat's own rows into it (its sign-in, the server's address, sync_seq = the
 * snapshot's sequence, its outbox), then loads it into the seat's database with SQLite's
 * online backup (one transaction) and removes the file. A file that fails the checks is
 * removed and refused with GW_SYNC_ERROR_SNAPSHOT; the seat is unchanged by any failure.
 * Result: GwSyncSnapshotLoaded. */
typedef struct {
  char *path;
  char *server_uri;
} GwSyncSnapshotLoad;

typedef struct {
  gint64 seq;
  gint64 tickets;
} GwSyncSnapshotLoaded;

void     _gw_sync_snapshot_load_free (GwSyncSnapshotLoad *load);
gpointer _gw_sync_load_snapshot  (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

/* One outbox entry. */
typedef struct {
  gint64  id;           /* 0: none */
  char   *command_id;
  gint64  ticket_id;
  char   *body;         /* the command as sent, JSON with its command_id */
  gint64  created_at;
} GwSyncOutboxEntry;

void     _gw_sync_outbox_entry_free (GwSyncOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncOutboxEntry, _gw_sync_outbox_entry_free)
/* data: GwSyncOutboxEntry (id ignored). Commits it durably (synchronous=FULL for that
 * transaction: not even a power cut loses it). Result: a gint64, its outbox id. */
gpointer _gw_sync_outbox_add     (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);
/* data: unused. Result: the oldest pending entry (id 0 when there is none). */
gpointer _gw_sync_outbox_next    (GwDb       *db,
                                  gpointer    data,
                                  GError    **error);

G_END_DECLS
