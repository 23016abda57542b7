/* gw-wall-layout.c: a video wall's layout and the presets. */
#define G_LOG_DOMAIN "gw-wall-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-wall-layout.h"

G_DEFINE_QUARK (gw-wall-error-quark, gw_wall_error)

struct _GwWallLayout
{
  char       *id;
  char       *name;
  int         columns;
  int         rows;
  gboolean    preset;
  guint       n_cells;
  GwWallCell  cells[GW_WALL_LAYOUT_MAX_CELLS];  /* in reading order */
};

static void
layout_clear (gpointer data)
{
  GwWallLayout *self = data;

  g_free (self->id);
  g_free (self->name);
}

G_DEFINE_BOXED_TYPE (GwWallLayout, gw_wall_layout, gw_wall_layout_ref, gw_wall_layout_unref)

/* The presets: n × n equal cells, or one or two large cells and small ones filling the
 * rest of the grid. Names are "N (c × r)" or "1 large + N". */
typedef struct {
  const char *id;
  const char *name;       /* N_() */
  int         size;       /* the grid is size × size */
  int         n_large;    /* large cells, side by side from the top left */
  int         large;      /* their size in units (0: every cell is 1 × 1) */
} Preset;

static const Preset presets[] = {
  { "1",   N_("1 (1 × 1)"),     1, 0, 0 },
  { "4",   N_("4 (2 × 2)"),     2, 0, 0 },
  { "9",   N_("9 (3 × 3)"),     3, 0, 0 },
  { "16",  N_("16 (4 × 4)"),    4, 0, 0 },
  { "25",  N_("25 (5 × 5)"),    5, 0, 0 },
  { "36",  N_("36 (6 × 6)"),    6, 0, 0 },
  { "1+5", N_("1 large + 5"),   3, 1, 2 },
  { "1+7", N_("1 large + 7"),   4, 1, 3 },
  { "2+8", N_("2 large + 8"),   4, 2, 2 },
};

/* Do two cells share a unit? */
static gboolean
cells_overlap (const GwWallCell *a,
               const GwWallCell *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w &&
         a->y < b->y + b->h && b->y < a->y + a->h;
}

static gboolean
cell_fits (int x, int y, int w, int h,
           int columns,
           int rows)
{
  /* Written so that no sum can overflow: every value is checked before it is added. */
  return w >= 1 && h >= 1 && x >= 0 && y >= 0 && x < columns && y < rows &&
         w <= columns - x && h <= rows - y;
}

/* Reading order: by the row of the top-left corner, then its column. */
static gboolean
reads_before (const GwWallCell *a,
              const GwWallCell *b)
{
  return a->y < b->y || (a->y == b->y && a->x < b->x);
}

static void
insert_cell (GwWallLayout     *self,
             const GwWallCell *cell)
{
  guint at = self->n_cells;

  while (at > 0 && reads_before (cell, &self->cells[at - 1]))
    at--;
  memmove (&self->cells[at + 1], &self->cells[at], (self->n_cells - at) * sizeof (GwWallCell));
  self->cells[at] = *cell;
  self->n_cells++;
}

/**
 * gw_wall_layout_new:
 * @id: a non-empty id
 * @name: the name shown to the duty officer
 * @columns: 1 to %GW_WALL_LAYOUT_MAX_UNITS
 * @rows: 1 to %GW_WALL_LAYOUT_MAX_UNITS
 *
 * Returns: (transfer full): a layout without cells
 */
GwWallLayout *
gw_wall_layout_new (const char *id,
                    const char *name,
                    int         columns,
                    int         rows)
{
  GwWallLayout *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (columns >= 1 && columns <= GW_WALL_LAYOUT_MAX_UNITS, NULL);
  g_return_val_if_fail (rows >= 1 && rows <= GW_WALL_LAYOUT_MAX_UNITS, NULL);

  self = g_atomic_rc_box_new0 (GwWallLayout);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->columns = columns;
  self->rows = rows;
  return self;
}

GwWallLayout *
gw_wall_layout_ref (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
gw_wall_layout_unref (GwWallLayout *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, layout_clear);
}

gboolean
gw_wall_layout_add_cell (GwWallLayout  *self,
                         int            x,
                         int            y,
                         int            w,
                         int            h,
                         GError       **error)
{
  GwWallCell cell = { x, y, w, h };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->preset, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (w < 1 || h < 1)
    {
      g_set_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OUTSIDE,
                   _("A cell must be at least one unit wide and one unit high, not %d × %d"),
                   w, h);
      return FALSE;
    }
  if (!cell_fits (x, y, w, h, self->columns, self->rows))
    {
      g_set_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OUTSIDE,
                   _("A cell of %d × %d units at column %d, row %d does not fit in a grid of %d × %d"),
                   w, h, x + 1, y + 1, self->columns, self->rows);
      return FALSE;
    }
  for (guint i = 0; i < self->n_cells; i++)
    {
      const GwWallCell *other = &self->cells[i];

      if (cells_overlap (&cell, other))
        {
          g_set_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OVERLAP,
                       _("A cell at column %d, row %d would overlap the cell at column %d, row %d"),
                       x + 1, y + 1, other->x + 1, other->y + 1);
          return FALSE;
        }
    }
  if (self->n_cells == GW_WALL_LAYOUT_MAX_CELLS)
    {
      g_set_error (error, GW_WALL_ERROR, GW_WALL_ERROR_TOO_MANY,
                   _("A layout has at most %d cells"), GW_WALL_LAYOUT_MAX_CELLS);
      return FALSE;
    }
  insert_cell (self, &cell);
  return TRUE;
}

const char *
gw_wall_layout_get_id (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
gw_wall_layout_get_name (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

int
gw_wall_layout_get_columns (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->columns;
}

int
gw_wall_layout_get_rows (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows;
}

guint
gw_wall_layout_get_n_cells (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_cells;
}

const GwWallCell *
gw_wall_layout_get_cell (GwWallLayout *self,
                         guint         i)
{
  g_return_val_if_fail (self != NULL, NULL);
  return i < self->n_cells ? &self->cells[i] : NULL;
}

int
gw_wall_layout_cell_at (GwWallLayout *self,
                        int           x,
                        int           y)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->n_cells; i++)
    {
      const GwWallCell *c = &self->cells[i];

      if (x >= c->x && x < c->x + c->w && y >= c->y && y < c->y + c->h)
        return (int) i;
    }
  return -1;
}

gboolean
gw_wall_layout_is_preset (GwWallLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->preset;
}

/* Presets ------------------------------------------------------------------------------- */

static GwWallLayout *
build_preset (const Preset *p)
{
  GwWallLayout *self = gw_wall_layout_new (p->id, _(p->name), p->size, p->size);

  /* The large cells side by side along the top, then 1 × 1 cells in every unit left. */
  for (int i = 0; i < p->n_large; i++)
    {
      GwWallCell cell = { i * p->large, 0, p->large, p->large };
      insert_cell (self, &cell);
    }
  for (int y = 0; y < p->size; y++)
    for (int x = 0; x < p->size; x++)
      {
        GwWallCell cell = { x, y, 1, 1 };
        if (gw_wall_layout_cell_at (self, x, y) < 0)
          insert_cell (self, &cell);
      }
  self->preset = TRUE;
  return self;
}

gboolean
gw_wall_layout_is_preset_id (const char *id)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return TRUE;
  return FALSE;
}

/**
 * gw_wall_layout_get_preset:
 * @id: a preset's id ("4", "1+5" …)
 *
 * Returns: (transfer full) (nullable): the preset, or %NULL if no preset has @id
 */
GwWallLayout *
gw_wall_layout_get_preset (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return build_preset (&presets[i]);
  return NULL;
}

/**
 * gw_wall_layout_list_presets:
 *
 * Returns: (transfer full) (element-type GwWallLayout): every preset, in menu order
 */
GPtrArray *
gw_wall_layout_list_presets (void)
{
  GPtrArray *list = g_ptr_array_new_full (G_N_ELEMENTS (presets),
                                          (GDestroyNotify) gw_wall_layout_unref);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    g_ptr_array_add (list, build_preset (&presets[i]));
  return list;
}

/* JSON ---------------------------------------------------------------------------------- */

JsonNode *
gw_wall_layout_to_json (GwWallLayout *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "columns");
  json_builder_add_int_value (b, self->columns);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, self->rows);
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->n_cells; i++)
    {
      const GwWallCell *c = &self->cells[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "x");
      json_builder_add_int_value (b, c->x);
      json_builder_set_member_name (b, "y");
      json_builder_add_int_value (b, c->y);
      json_builder_set_member_name (b, "w");
      json_builder_add_int_value (b, c->w);
      json_builder_set_member_name (b, "h");
      json_builder_add_int_value (b, c->h);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const layout_members[] = { "id", "name", "columns", "rows", "cells", NULL };
static const char *const cell_members[] = { "x", "y", "w", "h", NULL };

/**
 * gw_wall_layout_from_json:
 * @node: untrusted JSON
 * @path: (nullable): where @node is in its document, for messages
 * @error: a %GW_JSON_ERROR naming the field
 *
 * Returns: (transfer full) (nullable): a custom layout, or %NULL with @error set
 */
GwWallLayout *
gw_wall_layout_from_json (JsonNode    *node,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GwWallLayout) self = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *cells_path = NULL;
  JsonObject *obj;
  JsonArray *cells = NULL;
  gint64 columns = 0, rows = 0;
  guint n;
  /* The cells in the document's order, to name the one an overlap is with. */
  GwWallCell read[GW_WALL_LAYOUT_MAX_CELLS];

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, layout_members, error) ||
      !gw_json_get_text (obj, path, "id", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &id, error) ||
      !gw_json_get_text (obj, path, "name", TRUE, 0, GW_WALL_MAX_NAME_LENGTH, &name, error) ||
      !gw_json_get_int_in_range (obj, path, "columns", 1, GW_WALL_LAYOUT_MAX_UNITS, &columns, error) ||
      !gw_json_get_int_in_range (obj, path, "rows", 1, GW_WALL_LAYOUT_MAX_UNITS, &rows, error) ||
      !gw_json_get_array (obj, path, "cells", TRUE, &cells, error))
    return NULL;

  if (gw_wall_layout_is_preset_id (id))
    {
      g_autofree char *where = gw_json_path_member (path, "id");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: “%s” is the id of a preset layout"), where, id);
      return NULL;
    }
  cells_path = gw_json_path_member (path, "cells");
  n = json_array_get_length (cells);
  if (n == 0 || n > GW_WALL_LAYOUT_MAX_CELLS)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: a layout has 1 to %d cells, not %u"), cells_path,
                   GW_WALL_LAYOUT_MAX_CELLS, n);
      return NULL;
    }

  self = gw_wall_layout_new (id, name, (int) columns, (int) rows);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell_path = gw_json_path_index (cells_path, i);
      JsonObject *c;
      GwWallCell cell;
      gint64 x = 0, y = 0, w = 0, h = 0;

      if (!(c = gw_json_require_object (json_array_get_element (cells, i), cell_path, error)) ||
          !gw_json_check_members (c, cell_path, cell_members, error) ||
          !gw_json_get_int_in_range (c, cell_path, "x", 0, columns - 1, &x, error) ||
          !gw_json_get_int_in_range (c, cell_path, "y", 0, rows - 1, &y, error) ||
          !gw_json_get_int_in_range (c, cell_path, "w", 1, columns - x, &w, error) ||
          !gw_json_get_int_in_range (c, cell_path, "h", 1, rows - y, &h, error))
        return NULL;
      cell.x = (int) x;
      cell.y = (int) y;
      cell.w = (int) w;
      cell.h = (int) h;
      for (guint j = 0; j < i; j++)
        {
          if (cells_overlap (&cell, &read[j]))
            {
              g_autofree char *other = gw_json_path_index (cells_path, j);
              g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                           _("%s: overlaps %s"), cell_path, other);
              return NULL;
            }
        }
      read[i] = cell;
      insert_cell (self, &cell);
    }
  return g_steal_pointer (&self);
}
