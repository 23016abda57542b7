/* gw-camera-player.h: a small window showing one camera, opened from a ticket's nearby
 * cameras.
 *
 * The picture (a GwVideoSource: the sub-stream, the main stream once full screen) with a
 * bar over it: the camera's name and GB/T 28181 id, a clock, and the stream's state — a
 * spinner while connecting, or why there is no signal and a Retry button. Escape leaves
 * full screen, or closes; F11 or a double click toggles full screen. Non-modal, transient
 * for the console and destroyed with it; one window per camera (gw_camera_player_find).
 * A build without video shows that video is not available.
 */
#pragma once

#include <adwaita.h>

#include "gw-camera.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_CAMERA_PLAYER (gw_camera_player_get_type ())
G_DECLARE_FINAL_TYPE (GwCameraPlayer, gw_camera_player, GW, CAMERA_PLAYER, AdwWindow)

/* A player for the camera with this row id, read from the store on a reader connection
 * (the window shows it is opening meanwhile, or why the camera cannot be read). */
GwCameraPlayer *gw_camera_player_new             (GtkWindow      *parent,
                                                  GwStore        *store,
                                                  gint64          camera_id);
/* A player for a camera at hand; camera_id is its row id, or 0. */
GwCameraPlayer *gw_camera_player_new_for_camera  (GtkWindow      *parent,
                                                  GwCamera       *camera,
                                                  gint64          camera_id);

/* The player already open for this camera (row id) over parent, or NULL. */
GwCameraPlayer *gw_camera_player_find            (GtkWindow      *parent,
                                                  gint64          camera_id);

gint64          gw_camera_player_get_camera_id   (GwCameraPlayer *self);
/* The camera, or NULL while it is being read or when it could not be. */
GwCamera       *gw_camera_player_get_camera      (GwCameraPlayer *self);

/* Which stream plays: "sub" (the start) or "main" (also the action player.stream). */
const char     *gw_camera_player_get_stream      (GwCameraPlayer *self);
void            gw_camera_player_set_stream      (GwCameraPlayer *self,
                                                  const char     *stream);

/* What the picture shows (a GwVideoSource), or NULL (no camera yet, no video in this
 * build). */
GdkPaintable   *gw_camera_player_get_paintable   (GwCameraPlayer *self);

G_END_DECLS
