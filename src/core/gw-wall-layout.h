/* gw-wall-layout.h: a video wall's layout, a named grid of columns × rows units cut into
 * cells.
 *
 * A cell is a rectangle of whole units (x, y are its top-left column and row, w, h its
 * width and height in units). Cells lie inside the grid, never overlap, and are kept in
 * reading order: by the row of their top-left corner, then by its column. A layout has
 * 1 to 64 cells on a grid of at most 8 × 8 units; units no cell covers stay dark.
 *
 * The presets, by id:
 *   "1", "4", "9", "16", "25", "36"  1 × 1 to 6 × 6 equal cells;
 *   "1+5"  3 × 3 units: one 2 × 2 cell at the top left, five 1 × 1 cells around it;
 *   "1+7"  4 × 4 units: one 3 × 3 cell at the top left, seven 1 × 1 cells around it;
 *   "2+8"  4 × 4 units: two 2 × 2 cells side by side on top, eight 1 × 1 cells in the
 *          two rows below.
 *
 * A layout is built once (gw_wall_layout_new() and gw_wall_layout_add_cell()) and then
 * shared read-only, across threads if need be; presets are built frozen.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The video wall's errors, for the layouts, tours and the wall book. Errors in a JSON
 * document use GW_JSON_ERROR (gw-json.h) and name the field. */
#define GW_WALL_ERROR (gw_wall_error_quark ())
GQuark gw_wall_error_quark (void);

typedef enum {
  GW_WALL_ERROR_OUTSIDE,    /* a cell reaches outside the grid, or is smaller than 1 × 1 */
  GW_WALL_ERROR_OVERLAP,    /* a cell overlaps another */
  GW_WALL_ERROR_TOO_MANY,   /* a 65th cell */
  GW_WALL_ERROR_TOO_LARGE,  /* a wall file larger than GW_WALL_BOOK_MAX_FILE_SIZE */
} GwWallError;

#define GW_WALL_LAYOUT_MAX_UNITS 8    /* columns and rows */
#define GW_WALL_LAYOUT_MAX_CELLS 64
/* Ids are at most this many bytes, names this many characters. */
#define GW_WALL_MAX_ID_LENGTH    64
#define GW_WALL_MAX_NAME_LENGTH  100

typedef struct {
  int x, y;  /* the top-left unit: column, row (from 0) */
  int w, h;  /* size in units (at least 1) */
} GwWallCell;

typedef struct _GwWallLayout GwWallLayout;

GType               gw_wall_layout_get_type     (void) G_GNUC_CONST;
#define GW_TYPE_WALL_LAYOUT (gw_wall_layout_get_type ())

/* An empty layout (no cells yet). id must not be empty; columns and rows are 1 to 8. */
GwWallLayout       *gw_wall_layout_new          (const char   *id,
                                                 const char   *name,
                                                 int           columns,
                                                 int           rows);
GwWallLayout       *gw_wall_layout_ref          (GwWallLayout *self);
void                gw_wall_layout_unref        (GwWallLayout *self);

/* Adds a cell in its place in reading order (so the indices of the cells after it move
 * on by one). Refuses, changing nothing, a cell smaller than 1 × 1 or reaching outside the
 * grid (GW_WALL_ERROR_OUTSIDE), one overlapping another (GW_WALL_ERROR_OVERLAP) and a
 * 65th cell (GW_WALL_ERROR_TOO_MANY). A preset cannot take cells (a critical). */
gboolean            gw_wall_layout_add_cell     (GwWallLayout *self,
                                                 int           x,
                                                 int           y,
                                                 int           w,
                                                 int           h,
                                                 GError      **error);

const char         *gw_wall_layout_get_id       (GwWallLayout *self);
/* For a preset, translated. */
const char         *gw_wall_layout_get_name     (GwWallLayout *self);
int                 gw_wall_layout_get_columns  (GwWallLayout *self);
int                 gw_wall_layout_get_rows     (GwWallLayout *self);
guint               gw_wall_layout_get_n_cells  (GwWallLayout *self);
/* The i-th cell in reading order, or NULL past the last (no critical). */
const GwWallCell   *gw_wall_layout_get_cell     (GwWallLayout *self,
                                                 guint         i);
/* The index of the cell covering unit (x, y), or -1 for an uncovered or outside unit. */
int                 gw_wall_layout_cell_at      (GwWallLayout *self,
                                                 int           x,
                                                 int           y);
gboolean            gw_wall_layout_is_preset    (GwWallLayout *self);

/* TRUE if id names a preset. */
gboolean            gw_wall_layout_is_preset_id (const char   *id);
/* (transfer full) (nullable): the preset with this id, or NULL when none has it. */
GwWallLayout       *gw_wall_layout_get_preset   (const char   *id);
/* (transfer full): every preset, in menu order (1, 4, 9, 16, 25, 36, 1+5, 1+7, 2+8);
 * element type GwWallLayout. */
GPtrArray          *gw_wall_layout_list_presets (void);

/* {"id", "name", "columns", "rows", "cells": [{"x", "y", "w", "h"}, …]}. */
JsonNode           *gw_wall_layout_to_json      (GwWallLayout *self);
/* A custom layout from untrusted JSON. path names node in messages ("layouts[2]"; NULL
 * for a document of its own). Refuses wrong types, missing and unknown fields, ids and
 * names that are empty or too long, an id that is a preset's, a grid larger than 8 × 8,
 * no cells or more than 64, cells smaller than 1 × 1, outside the grid or overlapping:
 * GW_JSON_ERROR, with the field in the message. */
GwWallLayout       *gw_wall_layout_from_json    (JsonNode     *node,
                                                 const char   *path,
                                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWallLayout, gw_wall_layout_unref)

G_END_DECLS
