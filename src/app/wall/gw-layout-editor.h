/* gw-layout-editor.h: a dialog to draw a custom layout for the video wall.
 *
 * The grid's columns and rows (1 to 8 each), and a canvas of its units: dragging across
 * units draws a cell over them (a click on a free unit, a 1 × 1 cell), a click on a cell
 * removes it. A cell that would overlap another or leave the grid is refused, with the
 * reason under the canvas (gw_wall_layout_add_cell()'s words) and the outline it would
 * have shown in red while dragging. Save, enabled once there is a name and a cell, emits
 * saved with a new layout ("custom-<milliseconds since 1970>") and closes; Cancel or
 * Escape closes without a word. Modal, transient for its parent, destroyed with it.
 */
#pragma once

#include <adwaita.h>

#include "gw-wall-layout.h"

G_BEGIN_DECLS

#define GW_TYPE_LAYOUT_EDITOR (gw_layout_editor_get_type ())
G_DECLARE_FINAL_TYPE (GwLayoutEditor, gw_layout_editor, GW, LAYOUT_EDITOR, AdwWindow)

/* An editor starting from start's grid and cells (NULL: an empty 4 × 4 grid). A custom
 * start lends its name too; the layout saved is a new one all the same. */
GtkWidget    *gw_layout_editor_new             (GtkWindow      *parent,
                                                GwWallLayout   *start);

/* What the canvas and the fields do, for keyboards and tests. */
void          gw_layout_editor_set_grid        (GwLayoutEditor *self,
                                                int             columns,
                                                int             rows);
/* Adds a cell as a drag across its units would: FALSE, with the reason shown and in
 * error (GW_WALL_ERROR), when the layout refuses it. */
gboolean      gw_layout_editor_add_cell        (GwLayoutEditor *self,
                                                int             x,
                                                int             y,
                                                int             w,
                                                int             h,
                                                GError        **error);
/* Removes the cell covering unit (x, y), as a click on it would: FALSE if none does. */
gboolean      gw_layout_editor_remove_cell_at  (GwLayoutEditor *self,
                                                int             x,
                                                int             y);
void          gw_layout_editor_set_name        (GwLayoutEditor *self,
                                                const char     *name);
/* The cells so far, as a layout (id "editing", no name). */
GwWallLayout *gw_layout_editor_get_layout      (GwLayoutEditor *self);
/* Save is enabled: a name, and at least one cell. */
gboolean      gw_layout_editor_get_can_save    (GwLayoutEditor *self);
/* The words under the canvas (a hint, or why the last cell was refused). */
const char   *gw_layout_editor_get_hint        (GwLayoutEditor *self);

G_END_DECLS
