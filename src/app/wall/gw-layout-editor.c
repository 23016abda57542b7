/* gw-layout-editor.c: the dialog that draws a custom wall layout — fields, a canvas of
 * units with a drag gesture, Save and Cancel. The cells live in a GwWallLayout rebuilt on
 * every change, so the core's checks (and its words) are the only ones. */
#define G_LOG_DOMAIN "gw-layout-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-draw.h"
#include "gw-layout-editor.h"

#define EDITING_ID        "editing"
#define DEFAULT_UNITS     4
/* A unit on the canvas is drawn 16:9, like the tiles it stands for. */
#define UNIT_ASPECT       (16.0 / 9.0)
#define CANVAS_MARGIN     8

struct _GwLayoutEditor
{
  AdwWindow      parent_instance;

  GtkWidget     *save_button;
  GtkEntry      *name_entry;
  GtkSpinButton *columns_spin;
  GtkSpinButton *rows_spin;
  GtkWidget     *canvas;
  GtkLabel      *hint_label;

  GwWallLayout  *layout;        /* the cells so far, id EDITING_ID */
  gboolean       can_save;
  char          *hint;
  gboolean       hint_is_error;

  /* A drag under way, in units. */
  gboolean       dragging;
  double         drag_x, drag_y;  /* where it began, in canvas pixels */
  int            from_x, from_y;
  int            to_x, to_y;
};

G_DEFINE_FINAL_TYPE (GwLayoutEditor, gw_layout_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CAN_SAVE,
  PROP_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The state ----------------------------------------------------------------------------- */

static const char *
default_hint (void)
{
  return _("Drag across the grid to draw a cell; click a cell to remove it.");
}

static void
set_hint (GwLayoutEditor *self,
          const char     *hint,
          gboolean        is_error)
{
  if (hint == NULL)
    hint = default_hint ();
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  self->hint_is_error = is_error;
  if (g_strcmp0 (hint, self->hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  gtk_label_set_label (self->hint_label, hint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

static char *
typed_name (GwLayoutEditor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
}

gboolean
gw_layout_editor_get_can_save (GwLayoutEditor *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GW_IS_LAYOUT_EDITOR (self), FALSE);

  name = typed_name (self);
  return *name != '\0' && gw_wall_layout_get_n_cells (self->layout) > 0;
}

static void
update_can_save (GwLayoutEditor *self)
{
  gboolean can_save = gw_layout_editor_get_can_save (self);

  if (can_save == self->can_save)
    return;
  self->can_save = can_save;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_save);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
}

/* A layout of columns × rows with the cells of `from` that fit in it, and `extra` if not
 * NULL. NULL with error when extra is refused; *dropped counts the cells left out. */
static GwWallLayout *
rebuild (GwWallLayout      *from,
         int                columns,
         int                rows,
         const GwWallCell  *extra,
         int                skip,
         guint             *dropped,
         GError           **error)
{
  g_autoptr(GwWallLayout) layout = gw_wall_layout_new (EDITING_ID, "", columns, rows);
  guint n_dropped = 0;

  for (guint i = 0; from && i < gw_wall_layout_get_n_cells (from); i++)
    {
      const GwWallCell *c = gw_wall_layout_get_cell (from, i);

      if ((int) i == skip)
        continue;
      if (!gw_wall_layout_add_cell (layout, c->x, c->y, c->w, c->h, NULL))
        n_dropped++;
    }
  if (extra && !gw_wall_layout_add_cell (layout, extra->x, extra->y, extra->w, extra->h, error))
    return NULL;
  if (dropped)
    *dropped = n_dropped;
  return g_steal_pointer (&layout);
}

static void
replace_layout (GwLayoutEditor *self,
                GwWallLayout   *layout)
{
  g_clear_pointer (&self->layout, gw_wall_layout_unref);
  self->layout = layout;
  gtk_widget_queue_draw (self->canvas);
  update_can_save (self);
}

/* The canvas ---------------------------------------------------------------------------- */

typedef struct {
  double x, y;     /* the grid's top left */
  double uw, uh;   /* a unit */
} Grid;

static void
grid_geometry (GwLayoutEditor *self,
               int             width,
               int             height,
               Grid           *g)
{
  int columns = gw_wall_layout_get_columns (self->layout);
  int rows = gw_wall_layout_get_rows (self->layout);
  double w = MAX (1, width - 2 * CANVAS_MARGIN), h = MAX (1, height - 2 * CANVAS_MARGIN);
  double aspect = columns * UNIT_ASPECT / rows;

  if (w / h > aspect)
    w = h * aspect;
  else
    h = w / aspect;
  g->uw = w / columns;
  g->uh = h / rows;
  g->x = floor ((width - w) / 2);
  g->y = floor ((height - h) / 2);
}

/* The unit under a canvas point, clamped into the grid. */
static void
unit_at (GwLayoutEditor *self,
         double          px,
         double          py,
         int            *ux,
         int            *uy)
{
  Grid g;

  grid_geometry (self, gtk_widget_get_width (self->canvas), gtk_widget_get_height (self->canvas), &g);
  *ux = CLAMP ((int) floor ((px - g.x) / g.uw), 0, gw_wall_layout_get_columns (self->layout) - 1);
  *uy = CLAMP ((int) floor ((py - g.y) / g.uh), 0, gw_wall_layout_get_rows (self->layout) - 1);
}

static void
drag_cell (GwLayoutEditor *self,
           GwWallCell     *cell)
{
  cell->x = MIN (self->from_x, self->to_x);
  cell->y = MIN (self->from_y, self->to_y);
  cell->w = ABS (self->to_x - self->from_x) + 1;
  cell->h = ABS (self->to_y - self->from_y) + 1;
}

static gboolean
overlaps_any (GwWallLayout     *layout,
              const GwWallCell *cell)
{
  for (int y = cell->y; y < cell->y + cell->h; y++)
    for (int x = cell->x; x < cell->x + cell->w; x++)
      if (gw_wall_layout_cell_at (layout, x, y) >= 0)
        return TRUE;
  return FALSE;
}

static void
rect_path (cairo_t    *cr,
           const Grid *g,
           int         x,
           int         y,
           int         w,
           int         h,
           double      inset)
{
  cairo_rectangle (cr, g->x + x * g->uw + inset, g->y + y * g->uh + inset,
                   w * g->uw - 2 * inset, h * g->uh - 2 * inset);
}

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GwLayoutEditor *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  int columns = gw_wall_layout_get_columns (self->layout);
  int rows = gw_wall_layout_get_rows (self->layout);
  GdkRGBA fg, accent, error;
  Grid g;

  gw_draw_get_foreground (widget, &fg);
  gw_draw_lookup_color (widget, "accent_color", &accent, "#3584e4");
  gw_draw_lookup_color (widget, "error_color", &error, "#e01b24");
  grid_geometry (self, width, height, &g);

  /* The free units. */
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < columns; x++)
      {
        if (gw_wall_layout_cell_at (self->layout, x, y) >= 0)
          continue;
        rect_path (cr, &g, x, y, 1, 1, 2);
        gw_draw_set_color (cr, &fg, 0.07);
        cairo_fill_preserve (cr);
        gw_draw_set_color (cr, &fg, 0.18);
        cairo_set_line_width (cr, 1);
        cairo_stroke (cr);
      }

  /* The cells, numbered in reading order (the order cameras fill them). */
  for (guint i = 0; i < gw_wall_layout_get_n_cells (self->layout); i++)
    {
      const GwWallCell *c = gw_wall_layout_get_cell (self->layout, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      PangoLayout *text = gtk_widget_create_pango_layout (widget, number);
      int tw, th;

      rect_path (cr, &g, c->x, c->y, c->w, c->h, 2);
      gw_draw_set_color (cr, &accent, 0.35);
      cairo_fill_preserve (cr);
      gw_draw_set_color (cr, &accent, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (text, &tw, &th);
      cairo_move_to (cr, g.x + (c->x + c->w / 2.0) * g.uw - tw / 2.0, g.y + (c->y + c->h / 2.0) * g.uh - th / 2.0);
      gw_draw_set_color (cr, &fg, 0.9);
      pango_cairo_show_layout (cr, text);
      g_object_unref (text);
    }

  /* The cell being drawn: red where it cannot go. */
  if (self->dragging)
    {
      GwWallCell cell;
      const GdkRGBA *color;
      double dash = 6;

      drag_cell (self, &cell);
      color = overlaps_any (self->layout, &cell) ? &error : &accent;
      rect_path (cr, &g, cell.x, cell.y, cell.w, cell.h, 2);
      gw_draw_set_color (cr, color, 0.25);
      cairo_fill_preserve (cr);
      gw_draw_set_color (cr, color, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_stroke (cr);
    }
}

static void
update_drag_hint (GwLayoutEditor *self)
{
  GwWallCell cell;

  drag_cell (self, &cell);
  if (cell.w == 1 && cell.h == 1 && overlaps_any (self->layout, &cell))
    set_hint (self, _("Release to remove this cell."), FALSE);
  else if (overlaps_any (self->layout, &cell))
    set_hint (self, _("Cells cannot overlap: draw over free units only."), TRUE);
  else
    {
      /* TRANSLATORS: the size of the cell being drawn, in units: columns × rows */
      g_autofree char *size = g_strdup_printf (_("A cell of %d × %d units"), cell.w, cell.h);
      set_hint (self, size, FALSE);
    }
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               GwLayoutEditor *self)
{
  self->dragging = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  unit_at (self, x, y, &self->from_x, &self->from_y);
  self->to_x = self->from_x;
  self->to_y = self->from_y;
  update_drag_hint (self);
  gtk_widget_queue_draw (self->canvas);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                GwLayoutEditor *self)
{
  int x, y;

  if (!self->dragging)
    return;
  unit_at (self, self->drag_x + dx, self->drag_y + dy, &x, &y);
  if (x == self->to_x && y == self->to_y)
    return;
  self->to_x = x;
  self->to_y = y;
  update_drag_hint (self);
  gtk_widget_queue_draw (self->canvas);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             GwLayoutEditor *self)
{
  GwWallCell cell;

  if (!self->dragging)
    return;
  on_drag_update (gesture, dx, dy, self);
  self->dragging = FALSE;
  drag_cell (self, &cell);
  /* A click on a cell removes it; anything else is a cell to add. */
  if (cell.w == 1 && cell.h == 1 && gw_wall_layout_cell_at (self->layout, cell.x, cell.y) >= 0)
    gw_layout_editor_remove_cell_at (self, cell.x, cell.y);
  else
    gw_layout_editor_add_cell (self, cell.x, cell.y, cell.w, cell.h, NULL);
  gtk_widget_queue_draw (self->canvas);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                GwLayoutEditor   *self)
{
  self->dragging = FALSE;
  set_hint (self, NULL, FALSE);
  gtk_widget_queue_draw (self->canvas);
}

/* Fields and buttons -------------------------------------------------------------------- */

static void
on_grid_changed (GwLayoutEditor *self)
{
  gw_layout_editor_set_grid (self,
                             gtk_spin_button_get_value_as_int (self->columns_spin),
                             gtk_spin_button_get_value_as_int (self->rows_spin));
}

static void
save (GwLayoutEditor *self)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GwWallLayout) layout = NULL;

  if (!gw_layout_editor_get_can_save (self))
    return;
  name = typed_name (self);
  id = g_strdup_printf ("custom-%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  layout = gw_wall_layout_new (id, name, gw_wall_layout_get_columns (self->layout),
                               gw_wall_layout_get_rows (self->layout));
  for (guint i = 0; i < gw_wall_layout_get_n_cells (self->layout); i++)
    {
      const GwWallCell *c = gw_wall_layout_get_cell (self->layout, i);

      /* The same cells that were accepted: cannot be refused now. */
      if (!gw_wall_layout_add_cell (layout, c->x, c->y, c->w, c->h, NULL))
        g_return_if_reached ();
    }
  g_signal_emit (self, signals[SAVED], 0, layout);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (GW_LAYOUT_EDITOR (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GwLayoutEditor *self = GW_LAYOUT_EDITOR (widget);

  replace_layout (self, rebuild (NULL, gw_wall_layout_get_columns (self->layout),
                                 gw_wall_layout_get_rows (self->layout), NULL, -1, NULL, NULL));
  set_hint (self, NULL, FALSE);
}

static GtkWidget *
spin_new (const char     *label_text,
          GtkSpinButton **spin_out,
          GtkBox         *box)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *spin = gtk_spin_button_new_with_range (1, GW_WALL_LAYOUT_MAX_UNITS, 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_box_append (box, label);
  gtk_box_append (box, spin);
  *spin_out = GTK_SPIN_BUTTON (spin);
  return spin;
}

static GtkWidget *
build_content (GwLayoutEditor *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *row, *label, *entry, *clear, *frame;
  GtkGesture *drag;

  /* The header: Cancel | title | Save. */
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "editor.save");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);

  /* The name. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("_Name"));
  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), GW_WALL_MAX_NAME_LENGTH);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: Market street"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_can_save), self);
  self->name_entry = GTK_ENTRY (entry);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (body), row);

  /* The grid. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  spin_new (_("_Columns"), &self->columns_spin, GTK_BOX (row));
  gtk_widget_set_margin_end (GTK_WIDGET (self->columns_spin), 12);
  spin_new (_("_Rows"), &self->rows_spin, GTK_BOX (row));
  clear = gtk_button_new_with_mnemonic (_("C_lear"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "editor.clear");
  gtk_widget_set_tooltip_text (clear, _("Remove every cell"));
  gtk_widget_set_hexpand (clear, TRUE);
  gtk_widget_set_halign (clear, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (row), clear);
  gtk_box_append (GTK_BOX (body), row);

  /* The canvas and the hint under it. */
  self->canvas = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->canvas), 480);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->canvas), 300);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_widget_set_vexpand (self->canvas, TRUE);
  gtk_widget_set_hexpand (self->canvas, TRUE);
  gtk_widget_add_css_class (self->canvas, "layout-canvas");
  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (drag));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->canvas);
  gtk_box_append (GTK_BOX (body), frame);

  self->hint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->hint_label, TRUE);
  gtk_label_set_xalign (self->hint_label, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "layout-hint");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->hint_label));

  gtk_box_append (GTK_BOX (toolbar), body);
  return toolbar;
}

/* GObject ------------------------------------------------------------------------------- */

static void
gw_layout_editor_finalize (GObject *object)
{
  GwLayoutEditor *self = GW_LAYOUT_EDITOR (object);

  g_clear_pointer (&self->layout, gw_wall_layout_unref);
  g_free (self->hint);
  G_OBJECT_CLASS (gw_layout_editor_parent_class)->finalize (object);
}

static void
gw_layout_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwLayoutEditor *self = GW_LAYOUT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, gw_layout_editor_get_can_save (self));
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_layout_editor_class_init (GwLayoutEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gw_layout_editor_finalize;
  object_class->get_property = gw_layout_editor_get_property;

  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The layout drawn, new (transfer none): the dialog closes after. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_WALL_LAYOUT);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
gw_layout_editor_init (GwLayoutEditor *self)
{
  self->layout = gw_wall_layout_new (EDITING_ID, "", DEFAULT_UNITS, DEFAULT_UNITS);
  gtk_window_set_title (GTK_WINDOW (self), _("New Layout"));
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "layout-editor");
  adw_window_set_content (ADW_WINDOW (self), build_content (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  gtk_spin_button_set_value (self->columns_spin, DEFAULT_UNITS);
  gtk_spin_button_set_value (self->rows_spin, DEFAULT_UNITS);
  g_signal_connect_swapped (self->columns_spin, "value-changed", G_CALLBACK (on_grid_changed), self);
  g_signal_connect_swapped (self->rows_spin, "value-changed", G_CALLBACK (on_grid_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
  set_hint (self, NULL, FALSE);
}

/* Public API ---------------------------------------------------------------------------- */

GtkWidget *
gw_layout_editor_new (GtkWindow    *parent,
                      GwWallLayout *start)
{
  GwLayoutEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (GW_TYPE_LAYOUT_EDITOR,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  if (parent && gtk_window_get_application (parent))
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  if (start)
    {
      replace_layout (self, rebuild (start, gw_wall_layout_get_columns (start),
                                     gw_wall_layout_get_rows (start), NULL, -1, NULL, NULL));
      g_signal_handlers_block_by_func (self->columns_spin, on_grid_changed, self);
      g_signal_handlers_block_by_func (self->rows_spin, on_grid_changed, self);
      gtk_spin_button_set_value (self->columns_spin, gw_wall_layout_get_columns (start));
      gtk_spin_button_set_value (self->rows_spin, gw_wall_layout_get_rows (start));
      g_signal_handlers_unblock_by_func (self->columns_spin, on_grid_changed, self);
      g_signal_handlers_unblock_by_func (self->rows_spin, on_grid_changed, self);
      if (!gw_wall_layout_is_preset (start))
        {
          gw_layout_editor_set_name (self, gw_wall_layout_get_name (start));
          gtk_window_set_title (GTK_WINDOW (self), _("Edit Layout"));
        }
    }
  return GTK_WIDGET (self);
}

void
gw_layout_editor_set_grid (GwLayoutEditor *self,
                           int             columns,
                           int             rows)
{
  guint dropped = 0;

  g_return_if_fail (GW_IS_LAYOUT_EDITOR (self));
  g_return_if_fail (columns >= 1 && columns <= GW_WALL_LAYOUT_MAX_UNITS);
  g_return_if_fail (rows >= 1 && rows <= GW_WALL_LAYOUT_MAX_UNITS);

  if (columns != gtk_spin_button_get_value_as_int (self->columns_spin) ||
      rows != gtk_spin_button_get_value_as_int (self->rows_spin))
    {
      /* The spin buttons call back here with both values set. */
      g_signal_handlers_block_by_func (self->columns_spin, on_grid_changed, self);
      gtk_spin_button_set_value (self->columns_spin, columns);
      g_signal_handlers_unblock_by_func (self->columns_spin, on_grid_changed, self);
      g_signal_handlers_block_by_func (self->rows_spin, on_grid_changed, self);
      gtk_spin_button_set_value (self->rows_spin, rows);
      g_signal_handlers_unblock_by_func (self->rows_spin, on_grid_changed, self);
    }
  if (columns == gw_wall_layout_get_columns (self->layout) && rows == gw_wall_layout_get_rows (self->layout))
    return;
  replace_layout (self, rebuild (self->layout, columns, rows, NULL, -1, &dropped, NULL));
  if (dropped > 0)
    {
      g_autofree char *hint = g_strdup_printf (ngettext ("%u cell no longer fitted in the grid and was removed.",
                                                         "%u cells no longer fitted in the grid and were removed.",
                                                         dropped), dropped);
      set_hint (self, hint, TRUE);
    }
  else
    set_hint (self, NULL, FALSE);
}

gboolean
gw_layout_editor_add_cell (GwLayoutEditor *self,
                           int             x,
                           int             y,
                           int             w,
                           int             h,
                           GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  GwWallCell cell = { x, y, w, h };
  GwWallLayout *layout;

  g_return_val_if_fail (GW_IS_LAYOUT_EDITOR (self), FALSE);

  layout = rebuild (self->layout, gw_wall_layout_get_columns (self->layout),
                    gw_wall_layout_get_rows (self->layout), &cell, -1, NULL, &local_error);
  if (layout == NULL)
    {
      set_hint (self, local_error->message, TRUE);
      gtk_widget_error_bell (self->canvas);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  replace_layout (self, layout);
  set_hint (self, NULL, FALSE);
  return TRUE;
}

gboolean
gw_layout_editor_remove_cell_at (GwLayoutEditor *self,
                                 int             x,
                                 int             y)
{
  int i;

  g_return_val_if_fail (GW_IS_LAYOUT_EDITOR (self), FALSE);

  i = gw_wall_layout_cell_at (self->layout, x, y);
  if (i < 0)
    return FALSE;
  replace_layout (self, rebuild (self->layout, gw_wall_layout_get_columns (self->layout),
                                 gw_wall_layout_get_rows (self->layout), NULL, i, NULL, NULL));
  set_hint (self, NULL, FALSE);
  return TRUE;
}

void
gw_layout_editor_set_name (GwLayoutEditor *self,
                           const char     *name)
{
  g_return_if_fail (GW_IS_LAYOUT_EDITOR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
}

GwWallLayout *
gw_layout_editor_get_layout (GwLayoutEditor *self)
{
  g_return_val_if_fail (GW_IS_LAYOUT_EDITOR (self), NULL);
  return self->layout;
}

const char *
gw_layout_editor_get_hint (GwLayoutEditor *self)
{
  g_return_val_if_fail (GW_IS_LAYOUT_EDITOR (self), NULL);
  return self->hint;
}
