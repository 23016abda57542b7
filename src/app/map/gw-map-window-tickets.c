/* gw-map-window-tickets.c: tickets picked out on the grid map — a class case's members,
 * open or closed, ringed on a layer of their own over the pins (GW_PIN_STYLE_RINGS: it
 * takes no clicks, so a ringed open ticket's pin still opens its summary), and the view on
 * the place they cover. */
#define G_LOG_DOMAIN "gw-map-window"

#include "config.h"

#include <math.h>

#include "gw-db.h"
#include "gw-map-window-private.h"

/* The view never comes closer than this to a few tickets on one spot, nor goes further out
 * than a street. */
#define MAX_ZOOM 18.0
#define MIN_ZOOM 12.0

typedef struct {
  GwMapWindow *self;
  guint        generation;
  GArray      *ids;
} Read;

static void
read_free (Read *r)
{
  g_clear_object (&r->self);
  g_clear_pointer (&r->ids, g_array_unref);
  g_free (r);
}

static gpointer
read_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  return gw_db_get_tickets (db, ((Read *) data)->ids, error);
}

/* The view on the box [x0, x1] × [y0, y1] (degrees in the map's datum). */
static void
fit (GwMapWindow *self,
     double       x0,
     double       y0,
     double       x1,
     double       y1)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->map)), height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double wx0, wy0, wx1, wy1, zoom = MAX_ZOOM;

  if (width <= 0 || height <= 0)
    {
      width = 1200;
      height = 800;
    }
  gw_geo_lonlat_to_world (x0, y1, 0, &wx0, &wy0);
  gw_geo_lonlat_to_world (x1, y0, 0, &wx1, &wy1);
  if (wx1 > wx0 && wy1 > wy0)
    zoom = log2 (MIN (width * 0.6 / (wx1 - wx0), height * 0.6 / (wy1 - wy0)));
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  /* Taken as the first view: the county's own centring is not to undo it. */
  self->centred = TRUE;
  shumate_map_stop_go_to (self->map);
  shumate_viewport_set_zoom_level (self->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), (y0 + y1) / 2, (x0 + x1) / 2);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *r = user_data;
  GwMapWindow *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = gw_store_read_finish (GW_STORE (object), result, &error);
  gint64 now = gw_clock_get_now (self->clock);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  if (r->generation != self->shown_generation || self->shown == NULL)
    {
      read_free (r);
      return;
    }
  if (tickets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, error->message);
      read_free (r);
      return;
    }
  for (guint i = 0; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);
      GwPin pin = { .id = t->id, .lon = t->lon, .lat = t->lat, .urgency = t->urgency, .heading = -1 };
      double lon, lat;

      gw_pin_index_set (self->shown, &pin, now);
      gw_geo_convert (GW_DATUM_WGS84, self->datum, t->lon, t->lat, &lon, &lat);
      x0 = MIN (x0, lon);
      x1 = MAX (x1, lon);
      y0 = MIN (y0, lat);
      y1 = MAX (y1, lat);
    }
  gw_pin_layer_changed (self->shown_layer);
  if (tickets->len > 0)
    fit (self, x0, y0, x1, y1);
  read_free (r);
}

void
gw_map_window_show_tickets (GwMapWindow  *self,
                            const gint64 *ids,
                            guint         n)
{
  Read *r;

  g_return_if_fail (GW_IS_MAP_WINDOW (self));
  g_return_if_fail (ids != NULL || n == 0);

  self->shown_generation++;
  if (self->shown == NULL)
    {
      self->shown = gw_pin_index_new ();
      gw_pin_index_set_datum (self->shown, self->datum);
      self->shown_layer = gw_pin_layer_new (self->viewport);
      gw_pin_layer_set_style (self->shown_layer, GW_PIN_STYLE_RINGS);
      gw_pin_layer_set_index (self->shown_layer, self->shown);
      gtk_widget_set_can_target (GTK_WIDGET (self->shown_layer), FALSE);
      shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->shown_layer), SHUMATE_LAYER (self->pin_layer));
    }
  gw_pin_index_clear (self->shown);
  gw_pin_layer_changed (self->shown_layer);
  if (n == 0)
    return;

  r = g_new0 (Read, 1);
  r->self = g_object_ref (self);
  r->generation = self->shown_generation;
  r->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (r->ids, ids, n);
  /* The read's data is r itself, freed by on_read. */
  gw_store_read_async (self->store, read_func, r, NULL, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       on_read, r);
}

guint
gw_map_window_get_n_shown_tickets (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), 0);
  return self->shown ? gw_pin_index_get_n_pins (self->shown) : 0;
}

void
_gw_map_window_tickets_set_datum (GwMapWindow *self)
{
  if (self->shown == NULL)
    return;
  gw_pin_index_set_datum (self->shown, self->datum);
  gw_pin_layer_changed (self->shown_layer);
}

void
_gw_map_window_tickets_dispose (GwMapWindow *self)
{
  if (self->shown_layer != NULL)
    gw_pin_layer_set_index (self->shown_layer, NULL);
  self->shown_layer = NULL;
  g_clear_pointer (&self->shown, gw_pin_index_free);
}
