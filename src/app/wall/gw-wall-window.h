/* gw-wall-window.h: the video wall, a window of its own for the big screens.
 *
 * The camera directory on the side, the tiles in a layout (presets and the officer's own),
 * tours, full screen on a chosen monitor, several windows each remembered (GwWallBook). A
 * window can be filled with the cameras near a ticket in one step. */
#pragma once

#include <adwaita.h>

#include "gw-store.h"
#include "gw-wall-book.h"
#include "gw-wall-view.h"

G_BEGIN_DECLS

#define GW_TYPE_WALL_WINDOW (gw_wall_window_get_type ())
G_DECLARE_FINAL_TYPE (GwWallWindow, gw_wall_window, GW, WALL_WINDOW, AdwWindow)

/* A wall window over `store`, remembered in `book` under `id` ("wall-1"…): it opens as the
 * book remembers it (load the book first; a window it does not know starts on 2 × 2). */
GwWallWindow *gw_wall_window_new            (GtkApplication *application,
                                             GwStore        *store,
                                             GwWallBook     *book,
                                             const char     *id);
const char   *gw_wall_window_get_id         (GwWallWindow   *self);
GwWallView   *gw_wall_window_get_view       (GwWallWindow   *self);

/* Shows a layout (a preset's id or a saved one's); the cameras stay in their cells. */
gboolean      gw_wall_window_set_layout     (GwWallWindow   *self,
                                             const char     *layout_id);
/* Puts cameras (store row ids) in the cells from `first_cell` on, after choosing the
 * smallest preset that holds them all when `fit` is TRUE. A running tour stops. */
void          gw_wall_window_show_cameras   (GwWallWindow   *self,
                                             const gint64   *ids,
                                             guint           n,
                                             guint           first_cell,
                                             gboolean        fit);
/* Puts one camera in the focused cell, else the first empty one, else the first. */
void          gw_wall_window_add_camera     (GwWallWindow   *self,
                                             gint64          id);
/* "Cameras near this ticket": the cameras of its grid nearest first, then the nearest
 * others, in a 3 × 3 wall (read on the store's reader; the ticket becomes the wall's
 * incident, to which snapshots are attached). */
void          gw_wall_window_show_near      (GwWallWindow   *self,
                                             gint64          ticket_id,
                                             double          lon,
                                             double          lat,
                                             const char     *grid_code);
gint64        gw_wall_window_get_incident   (GwWallWindow   *self);
/* A short message over the wall (how attaching a frame went). */
void          gw_wall_window_show_message   (GwWallWindow   *self,
                                             const char     *message);
/* Ctrl+S saves the focused tile's frame under Pictures/Gridwatch (and, when the wall shows a
 * ticket's cameras, the application's "attach-evidence" attaches it to the ticket): the
 * last file saved. */
const char   *gw_wall_window_get_last_snapshot (GwWallWindow *self);

/* Tours of the book: started by id (FALSE when unknown), stopped. */
gboolean      gw_wall_window_start_tour     (GwWallWindow   *self,
                                             const char     *tour_id);
void          gw_wall_window_stop_tour      (GwWallWindow   *self);
const char   *gw_wall_window_get_tour       (GwWallWindow   *self);
/* Saves the window's cameras as a tour of single cameras, `dwell` seconds a page. */
GwTour       *gw_wall_window_save_tour      (GwWallWindow   *self,
                                             const char     *name,
                                             guint           dwell);

/* The camera ids per cell (0: empty), as the window remembers them. */
GArray       *gw_wall_window_get_cameras    (GwWallWindow   *self);
/* TRUE once every camera read for the cells has reached its tile. */
gboolean      gw_wall_window_is_settled     (GwWallWindow   *self);

G_END_DECLS
