/* gw-sync-client.h: a seat's link to gridwatchd.
 *
 * GwSyncClient keeps a seat's SQLite database (through its GwStore, never on the main
 * loop) in step with the server: an initial snapshot of the seat's jurisdiction (one SQLite
 * file, downloaded resumably and loaded in one step; page by page from a server without
 * it), a catch-up over the change log, then the live feed over a WebSocket. The
 * officer's actions go through an outbox: each is committed to the seat's database before
 * submit returns, then sent in order, once the seat is online, under a command id the
 * server remembers, so a command is applied once however often it is sent. A lost network
 * is the OFFLINE state, with reconnection by itself; never an error. The protocol and the
 * guarantees are in docs/SYNC.md.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gw-class-case.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_SYNC_ERROR (gw_sync_error_quark ())
GQuark gw_sync_error_quark (void);

typedef enum {
  GW_SYNC_ERROR_INVALID,    /* a command the seat cannot send (missing action, unknown field…) */
  GW_SYNC_ERROR_DENIED,     /* the server refused the sign-in */
  GW_SYNC_ERROR_PROTOCOL,   /* the server's answer is not what the API promises */
  GW_SYNC_ERROR_SERVER,     /* the server answered with an error status */
  GW_SYNC_ERROR_SNAPSHOT,   /* the snapshot file is damaged, foreign or of another schema */
} GwSyncError;

typedef enum {
  GW_SYNC_STATE_SIGNED_OUT = 0,  /* no valid token: sign in */
  GW_SYNC_STATE_CONNECTING,      /* reaching the server */
  GW_SYNC_STATE_SYNCING,         /* snapshot or catching up with the change log */
  GW_SYNC_STATE_ONLINE,          /* live feed open, the outbox being sent */
  GW_SYNC_STATE_OFFLINE,         /* no connection; retrying by itself */
} GwSyncState;

GType       gw_sync_state_get_type  (void) G_GNUC_CONST;
#define GW_TYPE_SYNC_STATE (gw_sync_state_get_type ())

/* What a status bar or banner says for the state (translated). */
const char *gw_sync_state_to_label  (GwSyncState state);

#define GW_TYPE_SYNC_CLIENT (gw_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (GwSyncClient, gw_sync_client, GW, SYNC_CLIENT, GObject)

/* server_uri: the server's base, e.g. "http://127.0.0.1:8470" (https for TLS). The store
 * must be open. */
GwSyncClient *gw_sync_client_new            (GwStore             *store,
                                             const char          *server_uri);

/* Signs in (POST /api/v1/session) and keeps the token and the user in the seat's meta
 * table. A started client that was signed out connects. */
void          gw_sync_client_sign_in_async  (GwSyncClient        *self,
                                             const char          *username,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      gw_sync_client_sign_in_finish (GwSyncClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Begins syncing and keeps at it (reconnecting with backoff) until stopped. */
void          gw_sync_client_start          (GwSyncClient        *self);
/* Drops the connection and stops; what was written stays written. */
void          gw_sync_client_stop           (GwSyncClient        *self);

/* Queues a command: a JSON object with "action", "ticket_id" and the action's fields
 * (docs/API.md), without "command_id"; or a new report, "action": "report" with the fields
 * of POST /api/v1/tickets and no "ticket_id". It is committed to the seat's outbox under a
 * fresh command id before the call finishes; _finish returns that id. It is sent when the
 * seat is online; the outcome arrives as "command-done" or "command-refused". */
void          gw_sync_client_submit_async   (GwSyncClient        *self,
                                             JsonNode            *command,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char         *gw_sync_client_submit_finish  (GwSyncClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Attaches `content` (a photo, a camera's frame) to a ticket on the server at once:
 * POST /api/v1/tickets/ID/attachments. Not queued in the outbox: when the seat is not online
 * it fails at once and the caller keeps its file. A refusal comes back in the server's words
 * (GW_SYNC_ERROR_INVALID for what it refused, GW_SYNC_ERROR_SERVER otherwise). The ticket
 * reaches the seat again through the live feed with its new attachment. */
void          gw_sync_client_attach_async   (GwSyncClient        *self,
                                             gint64               ticket_id,
                                             const char          *name,
                                             const char          *mime_type,
                                             GBytes              *content,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      gw_sync_client_attach_finish  (GwSyncClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Makes a class case (类案) on the server at once: POST /api/v1/class-cases with the member
 * tickets' ids (n_members of them), the case's kind, the subcategory the
 * seat expects (NULL: the members') and the department to dispatch to (NULL: the one the
 * server suggests). The server makes the case of its own copies of the members and opens it
 * as the signed-in user (gw-class-case.h). Not queued in the outbox: when the seat is not
 * online it fails at once. A refusal comes back in the server's words (GW_SYNC_ERROR_INVALID
 * for what it refused, GW_SYNC_ERROR_SERVER otherwise). _finish returns the new ticket as
 * the server answered; it reaches the seat's database through the live feed. */
void          gw_sync_client_open_class_case_async  (GwSyncClient        *self,
                                                     const gint64        *members,
                                                     guint                n_members,
                                                     GwClassCaseKind      kind,
                                                     const char          *category_code,
                                                     const char          *department_code,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GwTicket     *gw_sync_client_open_class_case_finish (GwSyncClient        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

GwSyncState   gw_sync_client_get_state      (GwSyncClient        *self);
/* Outbox commands without an answer yet. */
guint         gw_sync_client_get_pending    (GwSyncClient        *self);
/* The last change-log sequence the seat's database holds. */
gint64        gw_sync_client_get_last_seq   (GwSyncClient        *self);

/* The snapshot file's download: bytes received and the file's size (0 when unknown), for
 * "Synchronizing… 45%"; both 0 before a download begins and once the file is loaded (a
 * download cut short keeps its figures until it goes on). Properties "snapshot-received"
 * and "snapshot-size" (notified as the share received changes by a tenth of a percent). */
void          gw_sync_client_get_snapshot_progress (GwSyncClient *self,
                                             guint64             *received,
                                             guint64             *size);

/* Whether a seat that holds no ticket starts from the server's snapshot file (TRUE by
 * default); FALSE fetches the tickets page by page, as from a server without the file. */
void          gw_sync_client_set_snapshot_file (GwSyncClient     *self,
                                             gboolean             snapshot_file);
gboolean      gw_sync_client_get_snapshot_file (GwSyncClient     *self);

/* Tickets per snapshot page (1–1000; 500 by default). */
void          gw_sync_client_set_page_size  (GwSyncClient        *self,
                                             guint                page_size);
guint         gw_sync_client_get_page_size  (GwSyncClient        *self);

G_END_DECLS
