/* gw-pulse-layer.c: rings pulsing around the places that need the officer (emergencies
 * not yet acknowledged).
 *
 * Each place is a red ring growing and fading once a second, redrawn twenty times a
 * second while there is one (in a small square around each place, so a frame repaints
 * only those); with none the layer asks for no frames at all.
 */
#define G_LOG_DOMAIN "gw-pulse-layer"

#include "config.h"

#include <math.h>

#include "gw-draw.h"
#include "gw-geo.h"
#include "gw-pulse-layer.h"

#define PERIOD_US (G_USEC_PER_SEC)

typedef struct {
  double lon, lat;  /* WGS84 */
  double x, y;      /* world pixels at zoom 0, in the layer's datum */
} Place;

struct _GwPulseLayer
{
  ShumateLayer  parent_instance;

  GHashTable   *places;   /* gint64 key -> Place */
  guint         tick_id;
  GwDatum       datum;    /* the base map's */
};

static void
place (GwPulseLayer *self,
       Place        *p)
{
  double lon, lat;

  gw_geo_convert (GW_DATUM_WGS84, self->datum, p->lon, p->lat, &lon, &lat);
  gw_geo_lonlat_to_world (lon, lat, 0, &p->x, &p->y);
}

G_DEFINE_FINAL_TYPE (GwPulseLayer, gw_pulse_layer, SHUMATE_TYPE_LAYER)

#define REACH 62   /* the ring's largest radius and its line, in pixels */

static gboolean
on_tick (gpointer data)
{
  gtk_widget_queue_draw (GTK_WIDGET (data));
  return G_SOURCE_CONTINUE;
}

static void
update_ticking (GwPulseLayer *self)
{
  gboolean want = g_hash_table_size (self->places) > 0;

  if (want && self->tick_id == 0)
    self->tick_id = g_timeout_add (50, on_tick, self);
  else if (!want && self->tick_id != 0)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
gw_pulse_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GwPulseLayer *self = GW_PULSE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double zoom, size, cx, cy, phase;
  GHashTableIter iter;
  gpointer value;
  GdkRGBA red;
  cairo_t *cr;

  if (g_hash_table_size (self->places) == 0 || width <= 0 || height <= 0)
    return;
  zoom = shumate_viewport_get_zoom_level (viewport);
  size = exp2 (zoom);
  gw_geo_lonlat_to_world (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), zoom, &cx, &cy);
  phase = (double) (g_get_monotonic_time () % PERIOD_US) / PERIOD_US;
  gw_draw_lookup_color (widget, "error_color", &red, "#e01b24");
  g_hash_table_iter_init (&iter, self->places);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Place *p = value;
      double x = width / 2.0 + p->x * size - cx, y = height / 2.0 + p->y * size - cy;

      if (x < -REACH || y < -REACH || x > width + REACH || y > height + REACH)
        continue;
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - REACH, y - REACH, 2 * REACH, 2 * REACH));
      for (int ring = 0; ring < 2; ring++)
        {
          double t = fmod (phase + ring * 0.5, 1.0);

          cairo_new_path (cr);
          cairo_arc (cr, x, y, 12 + 46 * t, 0, 2 * G_PI);
          cairo_set_line_width (cr, 4 - 2.5 * t);
          gw_draw_set_color (cr, &red, 0.9 * (1 - t));
          cairo_stroke (cr);
        }
      cairo_destroy (cr);
    }
}

static void
gw_pulse_layer_finalize (GObject *object)
{
  GwPulseLayer *self = GW_PULSE_LAYER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_hash_table_unref (self->places);
  G_OBJECT_CLASS (gw_pulse_layer_parent_class)->finalize (object);
}

static void
gw_pulse_layer_class_init (GwPulseLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_pulse_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_pulse_layer_snapshot;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "pulselayer");
}

static void
gw_pulse_layer_init (GwPulseLayer *self)
{
  self->places = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwPulseLayer *
gw_pulse_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_PULSE_LAYER, "viewport", viewport, NULL);
}

void
gw_pulse_layer_add (GwPulseLayer *self,
                    gint64        key,
                    double        lon,
                    double        lat)
{
  gint64 *k = g_new (gint64, 1);
  Place *p = g_new (Place, 1);

  g_return_if_fail (GW_IS_PULSE_LAYER (self));

  *k = key;
  p->lon = lon;
  p->lat = lat;
  place (self, p);
  g_hash_table_replace (self->places, k, p);
  update_ticking (self);
}

void
gw_pulse_layer_remove (GwPulseLayer *self,
                       gint64        key)
{
  g_return_if_fail (GW_IS_PULSE_LAYER (self));

  g_hash_table_remove (self->places, &key);
  update_ticking (self);
}

guint
gw_pulse_layer_get_n (GwPulseLayer *self)
{
  g_return_val_if_fail (GW_IS_PULSE_LAYER (self), 0);
  return g_hash_table_size (self->places);
}

gboolean
gw_pulse_layer_has (GwPulseLayer *self,
                    gint64        key)
{
  g_return_val_if_fail (GW_IS_PULSE_LAYER (self), FALSE);
  return g_hash_table_contains (self->places, &key);
}

GList *
gw_pulse_layer_get_keys (GwPulseLayer *self)
{
  g_return_val_if_fail (GW_IS_PULSE_LAYER (self), NULL);
  return g_hash_table_get_keys (self->places);
}

void
gw_pulse_layer_set_datum (GwPulseLayer *self,
                          GwDatum       datum)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GW_IS_PULSE_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  g_hash_table_iter_init (&iter, self->places);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    place (self, value);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
