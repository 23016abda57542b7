/* gw-north-arrow.c: a north arrow for the map.
 *
 * libshumate's compass shows only while the map is turned; a command center's map shows
 * north always. A disc with an arrow and "N" (translated: 北), turned by the viewport's
 * rotation; a click turns the map back to north up.
 */
#define G_LOG_DOMAIN "gw-north-arrow"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-draw.h"
#include "gw-north-arrow.h"

#define SIZE 48

struct _GwNorthArrow
{
  GtkWidget        parent_instance;

  ShumateViewport *viewport;
};

G_DEFINE_FINAL_TYPE (GwNorthArrow, gw_north_arrow, GTK_TYPE_WIDGET)

static void
gw_north_arrow_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GwNorthArrow *self = GW_NORTH_ARROW (widget);
  double rotation = self->viewport ? shumate_viewport_get_rotation (self->viewport) : 0;
  GdkRGBA fg, bg, accent;
  PangoLayout *layout;
  int tw, th;
  cairo_t *cr;

  gw_draw_lookup_color (widget, "window_fg_color", &fg, "#000000");
  gw_draw_lookup_color (widget, "view_bg_color", &bg, "#ffffff");
  gw_draw_lookup_color (widget, "destructive_color", &accent, "#e01b24");
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, SIZE, SIZE));
  cairo_translate (cr, SIZE / 2.0, SIZE / 2.0);
  cairo_arc (cr, 0, 0, SIZE / 2.0 - 1, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, bg.red, bg.green, bg.blue, 0.85);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_rotate (cr, rotation);
  /* The arrow: its north half red, its south half in the text colour; "N" above it. */
  cairo_move_to (cr, 0, -5);
  cairo_line_to (cr, 5.5, 6);
  cairo_line_to (cr, -5.5, 6);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_fill (cr);
  cairo_move_to (cr, 0, 17);
  cairo_line_to (cr, 5.5, 6);
  cairo_line_to (cr, -5.5, 6);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  cairo_fill (cr);
  /* TRANSLATORS: "north", one letter or character on the map's north arrow */
  layout = gtk_widget_create_pango_layout (widget, C_("compass", "N"));
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, -tw / 2.0, -6 - th);
  gdk_cairo_set_source_rgba (cr, &fg);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
gw_north_arrow_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = SIZE;
}

static void
on_released (GtkGestureClick *click,
             int              n_press,
             double           x,
             double           y,
             GwNorthArrow    *self)
{
  if (self->viewport != NULL)
    shumate_viewport_set_rotation (self->viewport, 0);
}

static void
gw_north_arrow_dispose (GObject *object)
{
  GwNorthArrow *self = GW_NORTH_ARROW (object);

  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_object (&self->viewport);
  G_OBJECT_CLASS (gw_north_arrow_parent_class)->dispose (object);
}

static void
gw_north_arrow_class_init (GwNorthArrowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_north_arrow_dispose;
  widget_class->snapshot = gw_north_arrow_snapshot;
  widget_class->measure = gw_north_arrow_measure;
  gtk_widget_class_set_css_name (widget_class, "northarrow");
}

static void
gw_north_arrow_init (GwNorthArrow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("North (click to turn the map north up)"));
}

GtkWidget *
gw_north_arrow_new (ShumateViewport *viewport)
{
  GwNorthArrow *self;

  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  self = g_object_new (GW_TYPE_NORTH_ARROW, NULL);
  self->viewport = g_object_ref (viewport);
  g_signal_connect_swapped (viewport, "notify::rotation", G_CALLBACK (gtk_widget_queue_draw), self);
  return GTK_WIDGET (self);
}
