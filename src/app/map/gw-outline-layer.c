/* gw-outline-layer.c: one division outlined on the map (the selected grid).
 *
 * A translucent fill in the accent colour and a strong outline, projected each frame
 * from the polygon's Web Mercator points (a grid has a few dozen vertices).
 */
#define G_LOG_DOMAIN "gw-outline-layer"

#include "config.h"

#include <math.h>

#include "gw-draw.h"
#include "gw-geo.h"
#include "gw-outline-layer.h"

struct _GwOutlineLayer
{
  ShumateLayer  parent_instance;

  GwDivision   *division;
  GArray       *points;     /* double x, y at zoom 0, per ring, NaN pair between rings */
  GwDatum       datum;      /* the base map's */
};

G_DEFINE_FINAL_TYPE (GwOutlineLayer, gw_outline_layer, SHUMATE_TYPE_LAYER)

static void
project_polygon (GwOutlineLayer *self)
{
  const GwPolygon *polygon = self->division ? self->division->polygon : NULL;
  const double gap[2] = { NAN, NAN };

  g_array_set_size (self->points, 0);
  if (polygon == NULL)
    return;
  for (guint part = 0; part < gw_polygon_get_n_parts (polygon); part++)
    for (guint ring = 0; ring < gw_polygon_get_n_rings (polygon, part); ring++)
      {
        guint n = 0;
        const double *xy = gw_polygon_get_ring (polygon, part, ring, &n);

        for (guint i = 0; i < n; i++)
          {
            double p[2], lon, lat;

            gw_geo_convert (GW_DATUM_WGS84, self->datum, xy[2 * i], xy[2 * i + 1], &lon, &lat);
            gw_geo_lonlat_to_world (lon, lat, 0, &p[0], &p[1]);
            g_array_append_vals (self->points, p, 2);
          }
        g_array_append_vals (self->points, gap, 2);
      }
}

static void
gw_outline_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  GwOutlineLayer *self = GW_OUTLINE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double zoom, size, cx, cy;
  gboolean first = TRUE;
  GdkRGBA accent;
  cairo_t *cr;

  if (self->points->len == 0 || width <= 0 || height <= 0)
    return;
  zoom = shumate_viewport_get_zoom_level (viewport);
  size = exp2 (zoom);
  gw_geo_lonlat_to_world (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), zoom, &cx, &cy);
  gw_draw_lookup_color (widget, "accent_color", &accent, "#78aeed");
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i + 1 < self->points->len; i += 2)
    {
      double x = g_array_index (self->points, double, i), y = g_array_index (self->points, double, i + 1);

      if (isnan (x))
        {
          cairo_close_path (cr);
          first = TRUE;
          continue;
        }
      x = width / 2.0 + x * size - cx;
      y = height / 2.0 + y * size - cy;
      if (first)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      first = FALSE;
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gw_draw_set_color (cr, &accent, 0.22);
  cairo_fill_preserve (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 3.0);
  gw_draw_set_color (cr, &accent, 1.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
on_viewport_changed (GwOutlineLayer *self)
{
  if (self->points->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_outline_layer_constructed (GObject *object)
{
  GwOutlineLayer *self = GW_OUTLINE_LAYER (object);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  G_OBJECT_CLASS (gw_outline_layer_parent_class)->constructed (object);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_outline_layer_finalize (GObject *object)
{
  GwOutlineLayer *self = GW_OUTLINE_LAYER (object);

  g_clear_pointer (&self->division, gw_division_unref);
  g_array_unref (self->points);
  G_OBJECT_CLASS (gw_outline_layer_parent_class)->finalize (object);
}

static void
gw_outline_layer_class_init (GwOutlineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_outline_layer_constructed;
  object_class->finalize = gw_outline_layer_finalize;
  widget_class->snapshot = gw_outline_layer_snapshot;
  gtk_widget_class_set_css_name (widget_class, "outlinelayer");
}

static void
gw_outline_layer_init (GwOutlineLayer *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  /* A click goes through to the map (and to the layers under it). */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwOutlineLayer *
gw_outline_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_OUTLINE_LAYER, "viewport", viewport, NULL);
}

void
gw_outline_layer_set_division (GwOutlineLayer *self,
                               GwDivision     *division)
{
  g_return_if_fail (GW_IS_OUTLINE_LAYER (self));

  g_clear_pointer (&self->division, gw_division_unref);
  self->division = division ? gw_division_ref (division) : NULL;
  project_polygon (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwDivision *
gw_outline_layer_get_division (GwOutlineLayer *self)
{
  g_return_val_if_fail (GW_IS_OUTLINE_LAYER (self), NULL);
  return self->division;
}

void
gw_outline_layer_set_datum (GwOutlineLayer *self,
                            GwDatum         datum)
{
  g_return_if_fail (GW_IS_OUTLINE_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  project_polygon (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
