/* gw-camsim-server.h: the simulated cameras' RTSP server.
 *
 * Each camera is mounted twice, /<id>/main and /<id>/sub (the URI form the county database
 * stores), each a shared GwCamsimFactory. With one_picture, every camera's mounts are the
 * first camera's two factories: one encoder per stream size for any number of cameras
 * (a light load for testing a client with many tiles; each client still has its own
 * RTSP session). The server runs on the thread-default main
 * context it was started on.
 */
#pragma once

#include <glib-object.h>

#include "gw-camera.h"
#include "gw-camsim.h"

G_BEGIN_DECLS

typedef struct {
  int              width;        /* main stream */
  int              height;
  int              fps;          /* both streams */
  int              sub_width;
  int              sub_height;
  GwCamsimEncoder  encoder;
  const char      *file_channel; /* intervideo channel of a GwCamsimFile, or NULL */
  gboolean         one_picture;  /* every camera serves the first camera's two streams */
  gboolean         timecode;     /* the clock also as a strip of cells (--timecode) */
} GwCamsimSettings;

#define GW_TYPE_CAMSIM_SERVER (gw_camsim_server_get_type ())
G_DECLARE_FINAL_TYPE (GwCamsimServer, gw_camsim_server, GW, CAMSIM_SERVER, GObject)

GwCamsimServer *gw_camsim_server_new           (const GwCamsimSettings *settings);
/* Mounts the camera's two streams (its id must be 20 digits). */
void            gw_camsim_server_add_camera    (GwCamsimServer         *self,
                                                const GwCamera         *camera);
guint           gw_camsim_server_get_n_cameras (GwCamsimServer         *self);
/* Listens on address:port (port 0: a free one). GW_CAMSIM_ERROR_LISTEN when the port is
 * taken. */
gboolean        gw_camsim_server_listen        (GwCamsimServer         *self,
                                                const char             *address,
                                                guint                   port,
                                                GError                **error);
/* The port listened on, 0 before. */
guint           gw_camsim_server_get_port      (GwCamsimServer         *self);

G_END_DECLS
