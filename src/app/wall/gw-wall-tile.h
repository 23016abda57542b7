/* gw-wall-tile.h: one cell of the video wall — a camera's picture and what is over it.
 *
 * The picture (a GwVideoSource: the sub-stream, the main stream while focused) scaled to
 * fit on black, and over it the camera's name and place (top left), the county's clock
 * (top right, one timer for every tile), a pin badge, and the stream's state: a spinner
 * while connecting, a green dot when live, "Reconnecting…" with the reason, "No signal"
 * with the reason and Retry, "Paused"; an empty tile invites a camera to be dropped on it.
 *
 * Only a mapped tile decodes: unmapped, its source is made inactive (torn down, the last
 * frame kept), mapped again, active. The source decodes at the tile's own size in device
 * pixels (set a moment after the size settles). A wall tile never gives up on a camera:
 * it keeps reconnecting, backing off to 30 s, and Retry tries at once. Nothing here waits
 * for the network. A build without video says so in every tile that has a camera.
 *
 * A drop target for cameras: a gint64 (the camera's row id, as the camera directory drags
 * it) dropped on the tile emits camera-dropped; the owner reads the camera and calls
 * gw_wall_tile_set_camera(). A click emits focus-requested, a double click activated.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-camera.h"

G_BEGIN_DECLS

/* GwVideoSource (gw-video-source.h; only the name in a build without video). */
typedef struct _GwVideoSource GwVideoSource;

#define GW_TYPE_WALL_TILE (gw_wall_tile_get_type ())
G_DECLARE_FINAL_TYPE (GwWallTile, gw_wall_tile, GW, WALL_TILE, GtkWidget)

GtkWidget     *gw_wall_tile_new              (void);

/* Shows camera (NULL: an empty tile) with its place ("Street › Community › Grid", may be
 * NULL). The same camera again (same id and stream addresses) keeps its stream and only
 * updates the words. */
void           gw_wall_tile_set_camera       (GwWallTile          *self,
                                              GwCamera            *camera,
                                              const char          *place);
GwCamera      *gw_wall_tile_get_camera       (GwWallTile          *self);
const char    *gw_wall_tile_get_place        (GwWallTile          *self);

/* Focused: the main stream (where the camera has one) and a focus ring. */
void           gw_wall_tile_set_focused      (GwWallTile          *self,
                                              gboolean             focused);
gboolean       gw_wall_tile_get_focused      (GwWallTile          *self);

/* Pinned: a pin badge (a tour passes the tile by). */
void           gw_wall_tile_set_pinned       (GwWallTile          *self,
                                              gboolean             pinned);
gboolean       gw_wall_tile_get_pinned       (GwWallTile          *self);

/* The stream on show, or NULL (an empty tile, a camera without an address, no video in
 * this build). */
GwVideoSource *gw_wall_tile_get_source       (GwWallTile          *self);

/* Saves the frame on show as a PNG file (on a worker thread, replacing the file whole).
 * Fails with G_IO_ERROR_NOT_FOUND, "There is no picture to save yet", when the tile has
 * no frame. */
void           gw_wall_tile_snapshot_async   (GwWallTile          *self,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       gw_wall_tile_snapshot_finish  (GwWallTile          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
