/* gw-sync-client-private.h: what the sync client's files share.
 *
 * gw-sync-client.c   the object, its states and the connection sequence (seat state,
 *                    divisions and departments, snapshot, catch-up), reconnection
 * gw-sync-snapshot.c the snapshot file: downloaded (resumable), checked and loaded
 * gw-sync-rest.c     one REST call and the reading of its answer
 * gw-sync-live.c     the live feed: frames applied in order, gaps filled, acknowledgements
 * gw-sync-outbox.c   submitting to the outbox and sending it
 * gw-sync-seat.c     the work on the seat's database (store thread)
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-sync-client.h"
#include "gw-sync-drill.h"
#include "gw-sync-seat-private.h"

G_BEGIN_DECLS

#define GW_SYNC_PAGE_DEFAULT  500
#define GW_SYNC_PAGE_MAX      1000
#define GW_SYNC_CHANGES_PAGE  1000
#define GW_SYNC_BACKOFF_MIN   1        /* seconds */
#define GW_SYNC_BACKOFF_MAX   60
#define GW_SYNC_JSON_DEPTH    32
#define GW_SYNC_MAX_FRAME     (64 * 1024 * 1024)
#define GW_SYNC_MAX_BACKLOG   256      /* frames read, not yet written */
#define GW_SYNC_SNAPSHOT_CHUNK (1024 * 1024)  /* bytes read from the snapshot download at a time */

typedef struct _GwSyncFrame GwSyncFrame;

typedef enum {
  GW_SYNC_THEN_CONNECT,   /* catching up before the live feed opens */
  GW_SYNC_THEN_FRAME,     /* filling a gap before a frame */
} GwSyncThen;

struct _GwSyncClient
{
  GObject        parent_instance;

  GwStore       *store;
  SoupSession   *session;
  char          *base_uri;
  char          *live_uri;
  char          *token;

  GwSyncState    state;
  guint          pending;
  gint64         seq;
  guint          page_size;

  gboolean       started;
  GCancellable  *cycle;            /* the current connection's work; NULL between them */
  guint          reconnect_id;
  guint          backoff;          /* seconds before the next attempt */

  /* Snapshot and catch-up: one step at a time within the cycle. */
  gboolean       need_departments;
  gboolean       snapshot_running;
  gboolean       snapshot_fresh;   /* its first page sets the sequence */
  gint64         snapshot_after;
  GwSyncThen     catch_up_then;
  gboolean       has_divisions;    /* what the seat held when the connection began */
  gboolean       has_departments;

  /* The snapshot file. */
  gboolean       snapshot_file;          /* wanted for a seat without tickets */
  gboolean       snapshot_file_refused;  /* the server has none, or sent one unusable: pages */
  guint64        snapshot_received;
  guint64        snapshot_size;

  /* The live feed. */
  SoupWebsocketConnection *live;
  GQueue         frames;           /* of GwSyncFrame, received, not applied yet */
  GwSyncFrame   *frame;            /* being applied */

  /* The outbox: one command in flight at a time. */
  gboolean       sending;
  gboolean       flush_wanted;
  guint          outbox_retry_id;
  guint          outbox_backoff;

  /* Drills (gw-sync-drill.c). */
  GwSyncDrill   *drill;            /* NULL: the server runs none (or not known yet) */
  GwClock       *clock;            /* real, or following the drill's */
  char          *refusal;          /* why the client stopped by itself, or NULL */
};

/* gw-sync-client.c */
void      _gw_sync_client_set_state       (GwSyncClient *self,
                                           GwSyncState   state);
void      _gw_sync_client_set_pending     (GwSyncClient *self,
                                           guint         pending);
/* Is this a callback of the current connection's work, still running? */
gboolean  _gw_sync_client_is_current      (GwSyncClient *self,
                                           GAsyncResult *result);
/* The connection failed: OFFLINE, and another attempt after a pause. */
void      _gw_sync_client_fail            (GwSyncClient *self,
                                           const GError *error);
void      _gw_sync_client_protocol_error  (GwSyncClient *self,
                                           const GError *error);
/* The token was refused: SIGNED_OUT until the next sign-in. */
void      _gw_sync_client_signed_out      (GwSyncClient *self);
/* Tickets and a sequence are in the seat's database: notify. */
void      _gw_sync_client_committed       (GwSyncClient *self,
                                           GArray       *ids,
                                           gint64        seq);
void      _gw_sync_client_answered        (GwSyncClient *self,
                                           const char   *command_id,
                                           gint64        ticket_id,
                                           const char   *refusal);
/* Fetches the change log after self->seq until it is exhausted, then goes on with `then`. */
void      _gw_sync_client_catch_up        (GwSyncClient *self,
                                           GwSyncThen    then);
/* A success of the connection's work: CONNECTING or OFFLINE become SYNCING. */
void      _gw_sync_client_answered_ok     (GwSyncClient *self);
/* The page snapshot (divisions and departments first when the seat has none), or the
 * catch-up when no snapshot is wanted. */
void      _gw_sync_client_snapshot_pages  (GwSyncClient *self);
/* The snapshot file is in the seat's database: its tickets and sequence. */
void      _gw_sync_client_snapshot_loaded (GwSyncClient *self,
                                           guint         tickets,
                                           gint64        seq);
void      _gw_sync_client_set_snapshot_progress (GwSyncClient *self,
                                           guint64       received,
                                           guint64       size);

/* gw-sync-rest.c */
typedef struct {
  guint     status;
  JsonNode *json;    /* NULL when the body was empty or not JSON (an error page) */
} GwSyncAnswer;

void          _gw_sync_answer_free        (GwSyncAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncAnswer, _gw_sync_answer_free)

/* Calls the API: a path below the server's base, an optional JSON body, the token when
 * auth. Finishes with the answer whatever its status; an error only when none came. */
void          _gw_sync_rest_async         (GwSyncClient        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *body,
                                           gboolean             auth,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The same with a body of any type (an attachment's bytes). Both finish with
 * _gw_sync_rest_finish(). */
void          _gw_sync_rest_bytes_async   (GwSyncClient        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *content_type,
                                           GBytes              *body,
                                           gboolean             auth,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* A call without a body made with `token` rather than the seat's (a sign-in's new one). */
void          _gw_sync_rest_token_async   (GwSyncClient        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GwSyncAnswer *_gw_sync_rest_finish        (GAsyncResult        *result,
                                           GError             **error);
/* The server's own words for a refusal, else the status. */
char         *_gw_sync_answer_message     (GwSyncAnswer        *answer);
/* Tickets from an array of tickets, or (with member) of objects holding one there. */
gboolean      _gw_sync_parse_tickets      (JsonArray           *array,
                                           const char          *path,
                                           const char          *member,
                                           GPtrArray           *out,
                                           GError             **error);

/* gw-sync-live.c */
void      _gw_sync_live_connect           (GwSyncClient *self);
/* Closes the feed and drops frames not applied yet. */
void      _gw_sync_live_close             (GwSyncClient *self);
/* A gap before self->frame was filled: apply it and go on. */
void      _gw_sync_live_gap_filled        (GwSyncClient *self);

/* gw-sync-snapshot.c */
/* Downloads the snapshot file to <seat>.snapshot (going on with a part left there from a
 * build named etag, when not NULL), loads it, then catches up; falls back to the pages
 * when the server has no file or its file cannot be used. */
void      _gw_sync_snapshot_fetch         (GwSyncClient *self,
                                           const char   *etag);
/* Where the seat's snapshot file is downloaded: beside its database. */
char     *_gw_sync_snapshot_path          (GwSyncClient *self);

/* gw-sync-outbox.c */
void      _gw_sync_outbox_flush           (GwSyncClient *self);

/* gw-sync-drill.c */
void      _gw_sync_drill_class_init       (GObjectClass *klass);
void      _gw_sync_drill_init             (GwSyncClient *self);
void      _gw_sync_drill_finalize         (GwSyncClient *self);
/* The seat was read at the start of a connection: checks it belongs with the server (a
 * drill's seat with that drill, a real seat with a real server), marks a new seat as the
 * drill's, then goes on with _gw_sync_client_seat_checked() (or stops, saying why).
 * Takes the seat. */
void      _gw_sync_drill_check            (GwSyncClient *self,
                                           GwSyncSeat   *seat);
/* A sign-in on `token`, before the session is kept: the same check, without marking. An
 * answer that settles nothing (no connection, a server error) lets the sign-in go on: the
 * connection's check comes before anything is fetched anyway. */
void      _gw_sync_drill_check_sign_in_async  (GwSyncClient        *self,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  _gw_sync_drill_check_sign_in_finish (GwSyncClient        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* A live-feed message about the drill ("drill", "drill_note"). */
void      _gw_sync_drill_live_message     (GwSyncClient *self,
                                           const char   *kind,
                                           JsonObject   *message);

/* gw-sync-client.c: after the check, the snapshot or the catch-up. Takes the seat. */
void      _gw_sync_client_seat_checked    (GwSyncClient *self,
                                           GwSyncSeat   *seat);

G_END_DECLS
