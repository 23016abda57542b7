/* gw-drill-review-layer.c: the after-action review's map layer.
 *
 * A drill has tens to a few hundred tickets: each frame draws them all as cairo dots in
 * one node, with a legend of the states on show in the top right corner. The dots only
 * change when the replay crosses an event (set_tickets); panning and zooming re-place
 * them from their world coordinates, kept at zoom 0.
 */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-draw.h"
#include "gw-drill-review-layer.h"
#include "gw-format.h"
#include "gw-geo.h"

typedef struct {
  gint64         id;
  double         x, y;       /* world pixels at zoom 0 */
  GwTicketState  state;
  GwUrgency      urgency;
} Dot;

struct _GwDrillReviewLayer
{
  ShumateLayer  parent_instance;

  GArray       *dots;        /* Dot */
  gint64        selected;
  guint         counts[GW_N_STATES];
  GPtrArray    *legend;      /* PangoLayout, one per state on show; NULL when stale */
};

G_DEFINE_FINAL_TYPE (GwDrillReviewLayer, gw_drill_review_layer, SHUMATE_TYPE_LAYER)

static const char *const state_colors[GW_N_STATES] = {
  [GW_STATE_REPORTED]   = "#62a0ea",
  [GW_STATE_VERIFYING]  = "#99c1f1",
  [GW_STATE_SCREENED]   = "#c061cb",
  [GW_STATE_DISPATCHED] = "#ff7800",
  [GW_STATE_SIGNED]     = "#f6d32d",
  [GW_STATE_HANDLING]   = "#dc8add",
  [GW_STATE_CHECKING]   = "#5bc8af",
  [GW_STATE_SUSPENDED]  = "#9a9996",
  [GW_STATE_CLOSED]     = "#57e389",
  [GW_STATE_REJECTED]   = "#77767b",
};

void
gw_drill_review_state_color (GwTicketState  state,
                             GdkRGBA       *color)
{
  gdk_rgba_parse (color, state < GW_N_STATES ? state_colors[state] : "#ffffff");
}

#define DOT_RADIUS   7.0
#define LEGEND_PAD   10.0
#define LEGEND_LINE  22.0

static void
draw_legend (GwDrillReviewLayer *self,
             GtkSnapshot        *snapshot,
             int                 width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double w = 0, h;
  guint row = 0;
  cairo_t *cr;
  GdkRGBA fg;

  if (self->legend == NULL)
    {
      self->legend = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint s = 0; s < GW_N_STATES; s++)
        if (self->counts[s] > 0)
          {
            g_autofree char *text = g_strdup_printf ("%s  %u", gw_format_state_label (s), self->counts[s]);
            PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

            g_object_set_data (G_OBJECT (layout), "state", GUINT_TO_POINTER (s));
            g_ptr_array_add (self->legend, layout);
          }
    }
  if (self->legend->len == 0)
    return;
  for (guint i = 0; i < self->legend->len; i++)
    {
      int lw;

      pango_layout_get_pixel_size (g_ptr_array_index (self->legend, i), &lw, NULL);
      w = MAX (w, lw);
    }
  w += 2 * LEGEND_PAD + 22;
  h = self->legend->len * LEGEND_LINE + 2 * LEGEND_PAD - 4;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (width - w - 12, 12, w, h));
  cairo_translate (cr, width - w - 12, 12);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.12, 0.82);
  cairo_fill (cr);
  gw_draw_get_foreground (widget, &fg);
  for (guint i = 0; i < self->legend->len; i++, row++)
    {
      PangoLayout *layout = g_ptr_array_index (self->legend, i);
      GwTicketState s = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (layout), "state"));
      double y = LEGEND_PAD + row * LEGEND_LINE;
      GdkRGBA color;
      int lh;

      gw_drill_review_state_color (s, &color);
      cairo_new_path (cr);
      cairo_arc (cr, LEGEND_PAD + 6, y + 8, 6, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_fill (cr);
      pango_layout_get_pixel_size (layout, NULL, &lh);
      cairo_move_to (cr, LEGEND_PAD + 20, y + 8 - lh / 2.0);
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_destroy (cr);
}

static void
gw_drill_review_layer_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  GwDrillReviewLayer *self = GW_DRILL_REVIEW_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double zoom, size, cx, cy, rotation;
  GdkRGBA red, white;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (self->dots->len > 0)
    {
      zoom = shumate_viewport_get_zoom_level (viewport);
      rotation = shumate_viewport_get_rotation (viewport);
      size = exp2 (zoom);
      gw_geo_lonlat_to_world (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                              shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), zoom, &cx, &cy);
      gdk_rgba_parse (&red, "#e01b24");
      gdk_rgba_parse (&white, "#ffffff");
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_translate (cr, width / 2.0, height / 2.0);
      cairo_rotate (cr, rotation);
      /* Closed ones first, so that open ones are drawn over them. */
      for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < self->dots->len; i++)
          {
            const Dot *d = &g_array_index (self->dots, Dot, i);
            gboolean open = gw_ticket_state_is_open (d->state);
            double x = d->x * size - cx, y = d->y * size - cy;
            GdkRGBA color;

            if (open != (pass == 1))
              continue;
            if (fabs (x) > width + height || fabs (y) > width + height)
              continue;
            gw_drill_review_state_color (d->state, &color);
            if (open && d->urgency == GW_URGENCY_EMERGENCY)
              {
                cairo_new_path (cr);
                cairo_arc (cr, x, y, DOT_RADIUS + 5, 0, 2 * G_PI);
                gw_draw_set_color (cr, &red, 0.55);
                cairo_fill (cr);
              }
            cairo_new_path (cr);
            cairo_arc (cr, x, y, open ? DOT_RADIUS : DOT_RADIUS - 2, 0, 2 * G_PI);
            if (open)
              {
                gdk_cairo_set_source_rgba (cr, &color);
                cairo_fill_preserve (cr);
                cairo_set_line_width (cr, 1.5);
                cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
                cairo_stroke (cr);
              }
            else
              {
                cairo_set_line_width (cr, 2.5);
                gw_draw_set_color (cr, &color, 0.9);
                cairo_stroke (cr);
              }
            if (d->id == self->selected)
              {
                cairo_new_path (cr);
                cairo_arc (cr, x, y, DOT_RADIUS + 9, 0, 2 * G_PI);
                cairo_set_line_width (cr, 3);
                gdk_cairo_set_source_rgba (cr, &white);
                cairo_stroke (cr);
              }
          }
      cairo_destroy (cr);
    }
  draw_legend (self, snapshot, width);
}

static void
on_viewport_changed (GwDrillReviewLayer *self)
{
  if (self->dots->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_drill_review_layer_constructed (GObject *object)
{
  GwDrillReviewLayer *self = GW_DRILL_REVIEW_LAYER (object);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  G_OBJECT_CLASS (gw_drill_review_layer_parent_class)->constructed (object);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_drill_review_layer_finalize (GObject *object)
{
  GwDrillReviewLayer *self = GW_DRILL_REVIEW_LAYER (object);

  g_array_unref (self->dots);
  g_clear_pointer (&self->legend, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_drill_review_layer_parent_class)->finalize (object);
}

static void
gw_drill_review_layer_class_init (GwDrillReviewLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_drill_review_layer_constructed;
  object_class->finalize = gw_drill_review_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_drill_review_layer_snapshot;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "drillreviewlayer");
}

static void
gw_drill_review_layer_init (GwDrillReviewLayer *self)
{
  self->dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwDrillReviewLayer *
gw_drill_review_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_DRILL_REVIEW_LAYER, "viewport", viewport, NULL);
}

void
gw_drill_review_layer_set_tickets (GwDrillReviewLayer    *self,
                                   const GwDrillTicketAt *tickets,
                                   guint                  n)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_LAYER (self));

  g_array_set_size (self->dots, 0);
  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      Dot d;

      d.id = tickets[i].ticket->id;
      gw_geo_lonlat_to_world (tickets[i].ticket->lon, tickets[i].ticket->lat, 0, &d.x, &d.y);
      d.state = tickets[i].state;
      d.urgency = tickets[i].urgency;
      g_array_append_val (self->dots, d);
      if (d.state < GW_N_STATES)
        self->counts[d.state]++;
    }
  g_clear_pointer (&self->legend, g_ptr_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_drill_review_layer_set_selected (GwDrillReviewLayer *self,
                                    gint64              ticket_id)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_LAYER (self));

  if (self->selected == ticket_id)
    return;
  self->selected = ticket_id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_drill_review_layer_get_n (GwDrillReviewLayer *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_LAYER (self), 0);
  return self->dots->len;
}

guint
gw_drill_review_layer_count_state (GwDrillReviewLayer *self,
                                   GwTicketState       state)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_LAYER (self), 0);
  return state < GW_N_STATES ? self->counts[state] : 0;
}
