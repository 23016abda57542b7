/* gw-server-private.h: what gw-server.c and gw-server-live.c share. */
#pragma once

#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-server.h"

G_BEGIN_DECLS

typedef struct {
  SoupWebsocketConnection *conn;
  GwUser                  *user;      /* NULL until the hello message is checked */
  GwActor                  actor;
  gint64                   sent_seq;  /* last change sent */
  GQueue                   unacked;   /* of Frame */
  gsize                    unacked_bytes;
  gboolean                 checking;
} LiveClient;

typedef struct {
  gint64 seq;
  gsize  bytes;
  gint64 sent_at;   /* monotonic µs */
} Frame;

struct _GwServer
{
  GObject       parent_instance;
  SoupServer   *soup;
  GwStore      *store;
  GwClock      *clock;
  GPtrArray    *live;              /* of LiveClient */
  gint64        published_seq;     /* last change the live feed has sent */
  gboolean      publishing;
  gboolean      publish_again;
  guint         poll_id;
  guint         simulate_id;
  GwSimulator  *simulator;         /* used on the store thread only */
  GHashTable   *login_failures;    /* "ip" and "user:name" -> GArray of gint64 times */
  guint         port;
};

void     _gw_server_live_client_free (LiveClient *client);
/* Once a second: drops seats that stopped reading, publishes what others wrote. */
gboolean _gw_server_on_poll         (gpointer    user_data);
void     _gw_server_on_websocket    (SoupServer              *soup,
                                     SoupServerMessage       *msg,
                                     const char              *path,
                                     SoupWebsocketConnection *conn,
                                     gpointer                 user_data);

G_END_DECLS
