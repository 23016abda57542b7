/* gw-queue-cell.c: one line of text in a queue cell, cheap to change.
 *
 * A GtkColumnView in GTK 4.8 keeps 200 rows alive whatever the window shows: eleven
 * columns make 2,200 cells, each rebound on every new result. A label lays its text out
 * to measure it and asks for a new size on every change. A queue cell instead has the
 * height of one line of its font (measured once per font, not per text) and no width of
 * its own (the columns have fixed widths), so a new text only redraws it, and its text is
 * laid out when it is drawn. The text is ellipsized at the end, in the CSS colour of the
 * cell's node, with tabular figures for numeric columns.
 */
#define G_LOG_DOMAIN "gw-queue-cell"

#include "config.h"

#include "gw-queue-cell.h"

struct _GwQueueCell
{
  GtkWidget  parent_instance;

  char      *text;
  float      xalign;
  gboolean   numeric;
};

G_DEFINE_FINAL_TYPE (GwQueueCell, gw_queue_cell, GTK_TYPE_WIDGET)

static PangoLayout *
create_layout (GwQueueCell *self,
               const char  *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (self->numeric)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/* The height of a line in this font, Chinese included; remembered per font. */
static int
line_height (GwQueueCell *self)
{
  static GHashTable *heights;
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  gpointer found;
  int height;

  if (heights == NULL)
    heights = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                     (GEqualFunc) pango_font_description_equal,
                                     (GDestroyNotify) pango_font_description_free, NULL);
  if (g_hash_table_lookup_extended (heights, font, NULL, &found))
    return GPOINTER_TO_INT (found);
  {
    g_autoptr(PangoLayout) layout = create_layout (self, "Ag国●");
    pango_layout_get_pixel_size (layout, NULL, &height);
  }
  g_hash_table_insert (heights, pango_font_description_copy (font), GINT_TO_POINTER (height));
  return height;
}

static void
gw_queue_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = line_height (GW_QUEUE_CELL (widget));
}

static void
gw_queue_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwQueueCell *self = GW_QUEUE_CELL (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color;
  int w, h;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;
  layout = create_layout (self, self->text);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, &w, &h);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MAX (0, (width - w) * self->xalign), (height - h) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
gw_queue_cell_finalize (GObject *object)
{
  GwQueueCell *self = GW_QUEUE_CELL (object);

  g_free (self->text);
  G_OBJECT_CLASS (gw_queue_cell_parent_class)->finalize (object);
}

static void
gw_queue_cell_class_init (GwQueueCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gw_queue_cell_finalize;
  widget_class->measure = gw_queue_cell_measure;
  widget_class->snapshot = gw_queue_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "queuecell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
gw_queue_cell_init (GwQueueCell *self)
{
}

GtkWidget *
gw_queue_cell_new (float    xalign,
                   gboolean numeric)
{
  GwQueueCell *self = g_object_new (GW_TYPE_QUEUE_CELL, NULL);

  self->xalign = xalign;
  self->numeric = numeric;
  return GTK_WIDGET (self);
}

/* A new text only redraws the cell: its size never depends on the text. */
void
gw_queue_cell_set_text (GwQueueCell *self,
                        const char  *text)
{
  g_return_if_fail (GW_IS_QUEUE_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
gw_queue_cell_get_text (GwQueueCell *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_CELL (self), NULL);
  return self->text;
}
