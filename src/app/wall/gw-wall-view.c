/* gw-wall-view.c: the video wall's grid — tiles laid out over the layout's units, the
 * focus and its keys, one tile full screen. */
#define G_LOG_DOMAIN "gw-wall-view"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-wall-view.h"

struct _GwWallView
{
  GtkWidget     parent_instance;

  GwWallLayout *layout;
  GPtrArray    *tiles;        /* GwWallTile, one per cell (children: the view holds them) */
  int           focused;      /* -1: none */
  int           fullscreen;   /* -1: none */
};

G_DEFINE_FINAL_TYPE (GwWallView, gw_wall_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAYOUT,
  PROP_FOCUSED_INDEX,
  PROP_FULLSCREEN_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TILE_ACTIVATED,
  CAMERA_DROPPED,
  FOCUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Geometry ------------------------------------------------------------------------------ */

/* Where unit boundary i of n falls across size pixels: units share size + gap evenly, so
 * every gap is exactly GW_WALL_VIEW_GAP and the last unit ends at size. */
static int
edge (int i,
      int n,
      int size)
{
  return (int) (((gint64) i * (size + GW_WALL_VIEW_GAP)) / n);
}

static void
cell_area (GwWallLayout     *layout,
           const GwWallCell *cell,
           int               width,
           int               height,
           GdkRectangle     *area)
{
  int columns = gw_wall_layout_get_columns (layout);
  int rows = gw_wall_layout_get_rows (layout);

  area->x = edge (cell->x, columns, width);
  area->y = edge (cell->y, rows, height);
  area->width = MAX (0, edge (cell->x + cell->w, columns, width) - GW_WALL_VIEW_GAP - area->x);
  area->height = MAX (0, edge (cell->y + cell->h, rows, height) - GW_WALL_VIEW_GAP - area->y);
}

/* Lexicographic order of two keys of n numbers. */
static gboolean
key_less (const int *a,
          const int *b,
          guint      n)
{
  for (guint k = 0; k < n; k++)
    if (a[k] != b[k])
      return a[k] < b[k];
  return FALSE;
}

/* The tile nearest from tile `from` in the direction (dx, dy), or -1: one lying wholly that
 * way, preferring those level with it, then the nearest, then the best aligned, then the
 * first in reading order. */
static int
neighbour (GwWallView *self,
           int         from,
           int         dx,
           int         dy)
{
  const GwWallCell *a = gw_wall_layout_get_cell (self->layout, from);
  int best = -1;
  int best_key[4] = { 0, };

  if (a == NULL)
    return -1;
  for (guint i = 0; i < gw_wall_layout_get_n_cells (self->layout); i++)
    {
      const GwWallCell *b = gw_wall_layout_get_cell (self->layout, i);
      int distance, a0, a1, b0, b1, overlap, key[4];

      if ((int) i == from)
        continue;
      if (dx > 0)
        distance = b->x - (a->x + a->w);
      else if (dx < 0)
        distance = a->x - (b->x + b->w);
      else if (dy > 0)
        distance = b->y - (a->y + a->h);
      else
        distance = a->y - (b->y + b->h);
      if (distance < 0)
        continue;
      /* Across the move. */
      a0 = dx != 0 ? a->y : a->x;
      a1 = dx != 0 ? a->y + a->h : a->x + a->w;
      b0 = dx != 0 ? b->y : b->x;
      b1 = dx != 0 ? b->y + b->h : b->x + b->w;
      overlap = MIN (a1, b1) - MAX (a0, b0);
      key[0] = overlap > 0 ? 0 : 1;
      key[1] = distance;
      key[2] = overlap > 0 ? 0 : -overlap;
      key[3] = abs ((a0 + a1) - (b0 + b1));
      if (best < 0 || key_less (key, best_key, G_N_ELEMENTS (key)))
        {
          best = i;
          memcpy (best_key, key, sizeof key);
        }
    }
  return best;
}

/* Tiles --------------------------------------------------------------------------------- */

static int
tile_index (GwWallView *self,
            GwWallTile *tile)
{
  guint i;

  return g_ptr_array_find (self->tiles, tile, &i) ? (int) i : -1;
}

static void
on_tile_focus_requested (GwWallTile *tile,
                         GwWallView *self)
{
  int i = tile_index (self, tile);

  if (i < 0)
    return;
  gw_wall_view_set_focused_index (self, i);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_tile_activated (GwWallTile *tile,
                   GwWallView *self)
{
  int i = tile_index (self, tile);

  if (i >= 0)
    g_signal_emit (self, signals[TILE_ACTIVATED], 0, (guint) i);
}

static void
on_tile_camera_dropped (GwWallTile *tile,
                        gint64      camera_id,
                        GwWallView *self)
{
  int i = tile_index (self, tile);

  if (i >= 0)
    g_signal_emit (self, signals[CAMERA_DROPPED], 0, (guint) i, camera_id);
}

static void
add_tile (GwWallView *self)
{
  GtkWidget *tile = gw_wall_tile_new ();

  g_signal_connect (tile, "focus-requested", G_CALLBACK (on_tile_focus_requested), self);
  g_signal_connect (tile, "activated", G_CALLBACK (on_tile_activated), self);
  g_signal_connect (tile, "camera-dropped", G_CALLBACK (on_tile_camera_dropped), self);
  gtk_widget_set_parent (tile, GTK_WIDGET (self));
  gtk_widget_set_child_visible (tile, self->fullscreen < 0);
  g_ptr_array_add (self->tiles, tile);
}

static void
remove_last_tile (GwWallView *self)
{
  GtkWidget *tile = g_ptr_array_steal_index (self->tiles, self->tiles->len - 1);

  g_signal_handlers_disconnect_by_data (tile, self);
  /* The view held the only reference: the tile goes, and its stream with it. */
  gtk_widget_unparent (tile);
}

/* Keys ---------------------------------------------------------------------------------- */

static gboolean
move_focus (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  GwWallView *self = GW_WALL_VIEW (widget);
  int dx, dy, next;

  if (self->tiles->len == 0 || self->fullscreen >= 0)
    return FALSE;
  g_variant_get (args, "(ii)", &dx, &dy);
  if (self->focused < 0)
    next = 0;
  else
    next = neighbour (self, self->focused, dx, dy);
  if (next >= 0)
    gw_wall_view_set_focused_index (self, next);
  /* At the edge the key is still ours: focus stays on the wall. */
  return TRUE;
}

static gboolean
activate_focused (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  GwWallView *self = GW_WALL_VIEW (widget);

  if (self->focused < 0)
    return FALSE;
  g_signal_emit (self, signals[TILE_ACTIVATED], 0, (guint) self->focused);
  return TRUE;
}

/* GtkWidget ----------------------------------------------------------------------------- */

static void
gw_wall_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GwWallView *self = GW_WALL_VIEW (widget);
  int units = orientation == GTK_ORIENTATION_HORIZONTAL ? gw_wall_layout_get_columns (self->layout)
                                                        : gw_wall_layout_get_rows (self->layout);
  int tile_min = 0, tile_nat = 0;

  /* Every unit as large as a tile asks to be, and the gaps. */
  if (self->tiles->len > 0)
    gtk_widget_measure (g_ptr_array_index (self->tiles, 0), orientation, -1, &tile_min, &tile_nat, NULL, NULL);
  *minimum = units * tile_min + (units - 1) * GW_WALL_VIEW_GAP;
  *natural = units * tile_nat + (units - 1) * GW_WALL_VIEW_GAP;
}

static void
gw_wall_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GwWallView *self = GW_WALL_VIEW (widget);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      GtkWidget *tile = g_ptr_array_index (self->tiles, i);
      GdkRectangle area;

      if (self->fullscreen >= 0)
        {
          if ((int) i != self->fullscreen)
            continue;
          area = (GdkRectangle) { 0, 0, width, height };
        }
      else
        cell_area (self->layout, gw_wall_layout_get_cell (self->layout, i), width, height, &area);
      gtk_widget_size_allocate (tile, &area, -1);
    }
}

/* GObject ------------------------------------------------------------------------------- */

static void
gw_wall_view_dispose (GObject *object)
{
  GwWallView *self = GW_WALL_VIEW (object);

  while (self->tiles->len > 0)
    remove_last_tile (self);
  G_OBJECT_CLASS (gw_wall_view_parent_class)->dispose (object);
}

static void
gw_wall_view_finalize (GObject *object)
{
  GwWallView *self = GW_WALL_VIEW (object);

  g_ptr_array_unref (self->tiles);
  g_clear_pointer (&self->layout, gw_wall_layout_unref);
  G_OBJECT_CLASS (gw_wall_view_parent_class)->finalize (object);
}

static void
gw_wall_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwWallView *self = GW_WALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_boxed (value, self->layout);
      break;
    case PROP_FOCUSED_INDEX:
      g_value_set_int (value, self->focused);
      break;
    case PROP_FULLSCREEN_INDEX:
      g_value_set_int (value, self->fullscreen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_wall_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwWallView *self = GW_WALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      if (g_value_get_boxed (value))
        gw_wall_view_set_layout (self, g_value_get_boxed (value));
      break;
    case PROP_FOCUSED_INDEX:
      gw_wall_view_set_focused_index (self, g_value_get_int (value));
      break;
    case PROP_FULLSCREEN_INDEX:
      gw_wall_view_set_fullscreen_index (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           key,
                  guint           keypad_key,
                  int             dx,
                  int             dy)
{
  gtk_widget_class_add_binding (widget_class, key, 0, move_focus, "(ii)", dx, dy);
  gtk_widget_class_add_binding (widget_class, keypad_key, 0, move_focus, "(ii)", dx, dy);
}

static void
gw_wall_view_class_init (GwWallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_wall_view_dispose;
  object_class->finalize = gw_wall_view_finalize;
  object_class->get_property = gw_wall_view_get_property;
  object_class->set_property = gw_wall_view_set_property;
  widget_class->measure = gw_wall_view_measure;
  widget_class->size_allocate = gw_wall_view_size_allocate;

  properties[PROP_LAYOUT] =
    g_param_spec_boxed ("layout", NULL, NULL, GW_TYPE_WALL_LAYOUT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED_INDEX] =
    g_param_spec_int ("focused-index", NULL, NULL, -1, GW_WALL_LAYOUT_MAX_CELLS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULLSCREEN_INDEX] =
    g_param_spec_int ("fullscreen-index", NULL, NULL, -1, GW_WALL_LAYOUT_MAX_CELLS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Enter or a double click on tile `index`: the window shows it full screen. */
  signals[TILE_ACTIVATED] =
    g_signal_new ("tile-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A camera (its row id) was dropped on tile `index`. */
  signals[CAMERA_DROPPED] =
    g_signal_new ("camera-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);
  /* The focused tile changed (gw_wall_view_get_focused_index()). */
  signals[FOCUS_CHANGED] =
    g_signal_new ("focus-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_focused, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, 0, activate_focused, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_focused, NULL);

  gtk_widget_class_set_css_name (widget_class, "wallview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_wall_view_init (GwWallView *self)
{
  self->tiles = g_ptr_array_new ();
  self->focused = -1;
  self->fullscreen = -1;
  self->layout = gw_wall_layout_get_preset ("1");
  add_tile (self);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/* Public API ---------------------------------------------------------------------------- */

GtkWidget *
gw_wall_view_new (void)
{
  return g_object_new (GW_TYPE_WALL_VIEW, NULL);
}

void
gw_wall_view_set_layout (GwWallView   *self,
                         GwWallLayout *layout)
{
  guint n;

  g_return_if_fail (GW_IS_WALL_VIEW (self));
  g_return_if_fail (layout != NULL);

  if (layout == self->layout)
    return;
  gw_wall_layout_ref (layout);
  g_clear_pointer (&self->layout, gw_wall_layout_unref);
  self->layout = layout;

  n = gw_wall_layout_get_n_cells (layout);
  if (self->fullscreen >= (int) n)
    gw_wall_view_set_fullscreen_index (self, -1);
  if (self->focused >= (int) n)
    gw_wall_view_set_focused_index (self, -1);
  while (self->tiles->len > n)
    remove_last_tile (self);
  while (self->tiles->len < n)
    add_tile (self);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

GwWallLayout *
gw_wall_view_get_layout (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);
  return self->layout;
}

guint
gw_wall_view_get_n_tiles (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), 0);
  return self->tiles->len;
}

GwWallTile *
gw_wall_view_get_tile (GwWallView *self,
                       guint       i)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);
  return i < self->tiles->len ? g_ptr_array_index (self->tiles, i) : NULL;
}

void
gw_wall_view_set_focused_index (GwWallView *self,
                                int         i)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));
  g_return_if_fail (i >= -1 && i < (int) self->tiles->len);

  if (i == self->focused)
    return;
  if (self->focused >= 0)
    gw_wall_tile_set_focused (g_ptr_array_index (self->tiles, self->focused), FALSE);
  self->focused = i;
  if (i >= 0)
    gw_wall_tile_set_focused (g_ptr_array_index (self->tiles, i), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED_INDEX]);
  g_signal_emit (self, signals[FOCUS_CHANGED], 0);
}

int
gw_wall_view_get_focused_index (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), -1);
  return self->focused;
}

void
gw_wall_view_set_fullscreen_index (GwWallView *self,
                                   int         i)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));
  g_return_if_fail (i >= -1 && i < (int) self->tiles->len);

  if (i == self->fullscreen)
    return;
  self->fullscreen = i;
  /* Hidden tiles are unmapped, and so decode nothing. */
  for (guint j = 0; j < self->tiles->len; j++)
    gtk_widget_set_child_visible (g_ptr_array_index (self->tiles, j), i < 0 || (int) j == i);
  /* Full screen deserves the main stream. */
  if (i >= 0)
    gw_wall_view_set_focused_index (self, i);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN_INDEX]);
}

int
gw_wall_view_get_fullscreen_index (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), -1);
  return self->fullscreen;
}

gboolean
gw_wall_view_get_cell_area (GwWallView   *self,
                            guint         i,
                            int           width,
                            int           height,
                            GdkRectangle *area)
{
  const GwWallCell *cell;

  g_return_val_if_fail (GW_IS_WALL_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  cell = gw_wall_layout_get_cell (self->layout, i);
  if (cell == NULL)
    return FALSE;
  cell_area (self->layout, cell, width, height, area);
  return TRUE;
}
