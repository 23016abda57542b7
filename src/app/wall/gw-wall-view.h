/* gw-wall-view.h: the video wall's grid of tiles, laid out by a GwWallLayout.
 *
 * One GwWallTile per cell of the layout, in the layout's reading order, sized by the cell's
 * units with a gap of GW_WALL_VIEW_GAP pixels between neighbours (units no cell covers stay
 * dark). A new layout keeps the tiles it still has room for, by index — their cameras stay
 * where they were and their streams play on, only resized — destroys those past its last
 * cell and adds empty ones.
 *
 * At most one tile is focused (it plays the main stream): a click focuses a tile, the
 * arrow keys move the focus to the nearest tile that way, Enter (or a double click)
 * emits tile-activated. One tile can fill the whole view (full screen); the others are
 * unmapped meanwhile, so they decode nothing.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-wall-layout.h"
#include "gw-wall-tile.h"

G_BEGIN_DECLS

/* Pixels between neighbouring tiles. */
#define GW_WALL_VIEW_GAP 2

#define GW_TYPE_WALL_VIEW (gw_wall_view_get_type ())
G_DECLARE_FINAL_TYPE (GwWallView, gw_wall_view, GW, WALL_VIEW, GtkWidget)

/* A view of the "1" preset (one empty tile). */
GtkWidget    *gw_wall_view_new                  (void);

/* Lays the view out by layout (kept, not copied): see above. */
void          gw_wall_view_set_layout           (GwWallView   *self,
                                                 GwWallLayout *layout);
GwWallLayout *gw_wall_view_get_layout           (GwWallView   *self);

guint         gw_wall_view_get_n_tiles          (GwWallView   *self);
/* The tile of cell i, or NULL past the last. */
GwWallTile   *gw_wall_view_get_tile             (GwWallView   *self,
                                                 guint         i);

/* Focuses tile i (-1: none); emits focus-changed when that changes. */
void          gw_wall_view_set_focused_index    (GwWallView   *self,
                                                 int           i);
int           gw_wall_view_get_focused_index    (GwWallView   *self);

/* Shows tile i over the whole view, focused, the others unmapped; -1 shows them all
 * again. */
void          gw_wall_view_set_fullscreen_index (GwWallView   *self,
                                                 int           i);
int           gw_wall_view_get_fullscreen_index (GwWallView   *self);

/* Where cell i's tile goes in a view of width × height pixels (what size_allocate does;
 * FALSE past the last cell). */
gboolean      gw_wall_view_get_cell_area        (GwWallView   *self,
                                                 guint         i,
                                                 int           width,
                                                 int           height,
                                                 GdkRectangle *area);

G_END_DECLS
