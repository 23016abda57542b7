/* gw-server.h: gridwatchd's HTTP API, WebSocket live feed and simulator on one SoupServer.
 *
 * Every request is paused, its work run on the store's thread (gw_store_run_async), and
 * resumed with the answer: no handler ever blocks the main loop that serves all
 * connections. The API is documented in docs/API.md.
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-clock.h"
#include "gw-db-attachments.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_SERVER (gw_server_get_type ())
G_DECLARE_FINAL_TYPE (GwServer, gw_server, GW, SERVER, GObject)

/* Bodies larger than this are refused (413) before they are read; an attachment's
 * (POST /api/v1/tickets/ID/attachments) may be larger, up to GW_SERVER_MAX_ATTACHMENT. */
#define GW_SERVER_MAX_BODY        (1024 * 1024)
#define GW_SERVER_MAX_ATTACHMENT  GW_ATTACHMENT_MAX_SIZE
#define GW_SERVER_MAX_JSON_DEPTH  16
/* A live-feed client may fall this far behind (unacknowledged) before it is closed. */
#define GW_SERVER_LIVE_MAX_UNACKED (1024 * 1024)
/* … or leave a frame unacknowledged this many seconds. */
#define GW_SERVER_LIVE_MAX_SILENCE 4

GwServer *gw_server_new          (GwStore     *store,
                                  GwClock     *clock);

/* Listens on "HOST:PORT" (port 0 picks a free one). With a certificate, HTTPS. */
gboolean  gw_server_listen       (GwServer         *self,
                                  const char       *address,
                                  GTlsCertificate  *certificate,
                                  GError          **error);
guint     gw_server_get_port     (GwServer    *self);

/* Generates `per_minute` simulated events a minute (0 stops). */
gboolean  gw_server_simulate     (GwServer    *self,
                                  double       per_minute,
                                  guint32      seed,
                                  GError     **error);

/* Publishes changes made outside the server's own requests (checked once a second anyway). */
void      gw_server_publish      (GwServer    *self);

G_END_DECLS
