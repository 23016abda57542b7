/* gw-server-private.h: what gw-server.c, gw-server-live.c and gw-server-resources.c share. */
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
  struct _GwServerDrill *drill;    /* gridwatchd --drill (gw-server-drill.c); NULL otherwise */
};

/* A finished answer to an /api/v1/ request: status, content type and body. */
typedef struct {
  guint   status;
  char   *content_type;
  GBytes *body;
} Reply;

/* gw-server.c: the answers every resource gives. Errors are JSON bodies naming the rule. */
Reply   *_gw_server_reply_json   (guint         status,
                                  JsonNode     *node);
Reply   *_gw_server_reply_error  (guint         status,
                                  const char   *rule,
                                  const char   *message);
Reply   *_gw_server_reply_gerror (const GError *error);
/* A whole-number query parameter from min to max (fallback when absent), else a 400 that
 * names it. */
gboolean _gw_server_query_int    (GHashTable   *query,
                                  const char   *key,
                                  gint64        fallback,
                                  gint64        min,
                                  gint64        max,
                                  gint64       *out,
                                  Reply       **reply);

/* gw-server-resources.c: the dictionary, cameras, grid workers and attachments. Each runs on
 * the store's thread and returns the finished answer. */
Reply   *_gw_server_get_dictionary   (GHashTable   *query);
Reply   *_gw_server_get_cameras      (GwDb         *db,
                                      const GwUser *user,
                                      GHashTable   *query);
Reply   *_gw_server_get_workers      (GwDb         *db,
                                      const GwUser *user,
                                      GHashTable   *query);
Reply   *_gw_server_list_attachments (GwDb         *db,
                                      const GwUser *user,
                                      gint64        ticket_id,
                                      GHashTable   *query);
/* content_type and content as received (either may be NULL). */
Reply   *_gw_server_add_attachment   (GwDb         *db,
                                      const GwUser *user,
                                      gint64        ticket_id,
                                      GHashTable   *query,
                                      const char   *content_type,
                                      GBytes       *content,
                                      gint64        now);
Reply   *_gw_server_get_attachment   (GwDb         *db,
                                      const GwUser *user,
                                      gint64        attachment_id,
                                      GHashTable   *query);

void     _gw_server_live_client_free (LiveClient *client);
/* Once a second: drops seats that stopped reading, publishes what others wrote. */
gboolean _gw_server_on_poll         (gpointer    user_data);
void     _gw_server_on_websocket    (SoupServer              *soup,
                                     SoupServerMessage       *msg,
                                     const char              *path,
                                     SoupWebsocketConnection *conn,
                                     gpointer                 user_data);

/* gw-server-drill.c: /api/v1/drill and the drill's part of the live feed. */
typedef struct _GwServerDrill GwServerDrill;

void     _gw_server_drill_register   (GwServer     *self);
void     _gw_server_drill_free       (GwServerDrill *drill);
/* A seat said hello on the live feed: the drill's state to it (or, cut off, closed). */
void     _gw_server_drill_hello      (GwServer     *self,
                                      LiveClient   *client);
/* The accounts cut off by a NETWORK_DROP now (NULL: none), and the answer they get. */
GStrv    _gw_server_drill_dup_dropped (GwServer    *self);
Reply   *_gw_server_drill_dropped_reply (void);

G_END_DECLS
