/* gw-map-window.c: the grid holographic map, a window of its own for the big screen.
 *
 * A ShumateMap over one viewport with layers in a fixed order: the county's own
 * boundaries as the base (GwDivisionSource: no tiles, no network), then the event pins
 * (GwPinLayer over GwMapPins, live from the store). A side panel lists the layers, each
 * with a switch; the scale and the compass sit on the map, and the line under it gives
 * the coordinates under the pointer and what the pins layer shows. A click on a cluster
 * zooms in on it; a click on a ticket opens a popover with its summary and "Open in
 * Console".
 */
#define G_LOG_DOMAIN "gw-map-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-camera-player.h"
#include "gw-db.h"
#include "gw-db-cameras.h"
#include "gw-db-pins.h"
#include "gw-dictionary.h"
#include "gw-division-source.h"
#include "gw-division-tiles.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"
#include <math.h>
#include <string.h>

#include "gw-geo.h"
#include "gw-map-window-private.h"
#include "gw-mbtiles-source.h"
#include "gw-north-arrow.h"
#include "gw-outline-layer.h"
#include "gw-pulse-layer.h"
#include "gw-alarms.h"
#include "gw-surface-paintable.h"

/* The periods the heat map and the reported shadings can look back over, in days. */
static const guint periods[] = { 1, 7, 30, 90, 365 };
#define DEFAULT_PERIOD 2

/* The county fills the window at about this zoom. */
#define COUNTY_ZOOM 10.2


G_DEFINE_FINAL_TYPE (GwMapWindow, gw_map_window, ADW_TYPE_WINDOW)

enum {
  OPEN_TICKET,
  DIVISION_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Our data is WGS84; the map is drawn in its top base's datum (gw-map-window-bases.c). */
static void
to_map (GwMapWindow *self,
        double      *lon,
        double      *lat)
{
  gw_geo_convert (GW_DATUM_WGS84, self->datum, *lon, *lat, lon, lat);
}

static void
to_wgs84 (GwMapWindow *self,
          double      *lon,
          double      *lat)
{
  gw_geo_convert (self->datum, GW_DATUM_WGS84, *lon, *lat, lon, lat);
}

/* The county fills the map once its boundaries are known and the map has its size. */
static gboolean
centre_on_county (GwMapWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->map)), height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double x0, y0, x1, y1, wx0, wy0, wx1, wy1, zoom = COUNTY_ZOOM;

  if (self->centred || !gw_division_source_get_extent (self->base, &x0, &y0, &x1, &y1))
    return self->centred;
  if (width > 0 && height > 0)
    {
      gw_geo_lonlat_to_world (x0, y1, 0, &wx0, &wy0);
      gw_geo_lonlat_to_world (x1, y0, 0, &wx1, &wy1);
      if (wx1 > wx0 && wy1 > wy0)
        zoom = CLAMP (log2 (MIN (width * 0.9 / (wx1 - wx0), height * 0.9 / (wy1 - wy0))), 8, 16);
    }
  self->centred = TRUE;
  {
    double lon = (x0 + x1) / 2, lat = (y0 + y1) / 2;

    to_map (self, &lon, &lat);
    shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
  }
  shumate_viewport_set_zoom_level (self->viewport, zoom);
  return TRUE;
}

static gboolean
centre_when_sized (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  GwMapWindow *self = data;

  if (gtk_widget_get_width (widget) <= 0)
    return G_SOURCE_CONTINUE;
  centre_on_county (self);
  return G_SOURCE_REMOVE;
}

static void
update_status (GwMapWindow *self)
{
  guint n_pins = 0, n_marks = gw_pin_layer_get_n_drawn (self->pin_layer, &n_pins);
  guint total = gw_pin_index_get_n_pins (gw_map_pins_get_index (self->pins));
  g_autofree char *text = NULL;

  if (!gw_map_pins_is_loaded (self->pins))
    text = g_strdup (_("Reading the open tickets…"));
  else
    /* TRANSLATORS: the map's status line: open tickets in all, marks drawn (clusters and single tickets) */
    text = g_strdup_printf (ngettext ("%u open ticket · %u marks around the view", "%u open tickets · %u marks around the view", total),
                            total, n_marks);
  gtk_label_set_label (self->status_label, text);
}

static void sync_emergencies (GwMapWindow *self);

static void
on_pins_changed (GwMapWindow *self)
{
  gw_pin_layer_changed (self->pin_layer);
  update_status (self);
  if (self->alarms != NULL)
    sync_emergencies (self);
}

static void
on_base_loaded (GwMapWindow *self)
{
  const GError *error = gw_division_source_get_error (self->base);

  if (error != NULL)
    gtk_label_set_label (self->status_label, error->message);
  else if (gtk_widget_get_width (GTK_WIDGET (self->map)) > 0)
    centre_on_county (self);
  else
    gtk_widget_add_tick_callback (GTK_WIDGET (self->map), centre_when_sized, self, NULL);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           GwMapWindow              *self)
{
  double lat, lon;
  g_autofree char *text = NULL;

  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map), x, y, &lat, &lon);
  to_wgs84 (self, &lon, &lat);
  /* TRANSLATORS: the point under the pointer: latitude, longitude (north, east) */
  text = g_strdup_printf (_("%.5f° N  %.5f° E"), lat, lon);
  gtk_label_set_label (self->pointer_label, text);
}

static void
on_cluster_activated (GwMapWindow *self,
                      double       lon,
                      double       lat)
{
  double zoom = shumate_viewport_get_zoom_level (self->viewport);

  shumate_map_go_to_full (self->map, lat, lon, MIN (zoom + 2, 19));
}

/* Selecting a grid ---------------------------------------------------------------------- */

typedef struct {
  guint       generation;
  double      lon, lat;
  GwDivision *chain[GW_N_LEVELS];   /* answers: the point's divisions */
} Select;

static void
select_free (Select *s)
{
  for (int i = 0; i < GW_N_LEVELS; i++)
    g_clear_pointer (&s->chain[i], gw_division_unref);
  g_free (s);
}

static gpointer
select_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Select *s = data;
  char *codes[GW_N_LEVELS] = { NULL };

  if (gw_db_locate (db, s->lon, s->lat, codes, error))
    for (int level = 0; level < GW_N_LEVELS; level++)
      {
        if (codes[level] != NULL)
          s->chain[level] = gw_db_get_division (db, codes[level], NULL);
        g_free (codes[level]);
      }
  else if (error && *error)
    return NULL;
  return s;
}

static void
on_selected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwMapWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Select *s = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autoptr(GString) place = g_string_new (NULL);
  g_autoptr(GString) codes = g_string_new (NULL);
  GwDivision *grid = NULL;

  if (s == NULL || s->generation != self->select_generation)
    return;
  for (int level = GW_LEVEL_STREET; level < GW_N_LEVELS; level++)
    {
      GwDivision *d = s->chain[level];

      if (d == NULL || level == GW_LEVEL_MICROGRID)
        continue;
      if (place->len > 0)
        g_string_append (place, " › ");
      g_string_append (place, d->name);
      g_string_append_printf (codes, "%s%s %s", codes->len ? "\n" : "", d->code, d->name);
      if (d->polygon != NULL)
        grid = d;
    }
  gw_outline_layer_set_division (self->outline_layer, grid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.grid-to-wall", grid != NULL);
  gtk_label_set_label (self->place_label, place->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->place_label), codes->len ? codes->str : NULL);
  if (grid != NULL)
    g_signal_emit (self, signals[DIVISION_SELECTED], 0, grid->code);
}

/* The selected grid's cameras, read on a store reader, go to the video wall (the
 * application's action: the console opens its wall). */
static void
on_grid_cameras (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwMapWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gw_store_list_camera_entries_in_division_finish (GW_STORE (object), result, &error);
  g_autoptr(GArray) ids = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, error->message);
      return;
    }
  if (entries->len == 0)
    {
      gtk_label_set_label (self->status_label, _("No camera stands in this grid"));
      return;
    }
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
  for (guint i = 0; i < entries->len; i++)
    g_array_append_val (ids, ((GwCameraEntry *) g_ptr_array_index (entries, i))->id);
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "send-to-wall",
                                    g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data, ids->len,
                                                               sizeof (gint64)));
}

static void
grid_to_wall_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GwMapWindow *self = GW_MAP_WINDOW (widget);
  GwDivision *grid = gw_outline_layer_get_division (self->outline_layer);

  if (grid != NULL)
    gw_store_list_camera_entries_in_division_async (self->store, grid->code, self->cancellable, on_grid_cameras,
                                                    g_object_ref (self));
}

/* What a click on the map does where no pin is: the grid there is selected. */
void
gw_map_window_select_at (GwMapWindow *self,
                         double       x,
                         double       y)
{
  Select *s;

  g_return_if_fail (GW_IS_MAP_WINDOW (self));

  s = g_new0 (Select, 1);
  s->generation = ++self->select_generation;
  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map), x, y, &s->lat, &s->lon);
  to_wgs84 (self, &s->lon, &s->lat);
  /* The answer is the read's data, freed with it. */
  gw_store_read_async (self->store, select_func, s, (GDestroyNotify) select_free, NULL, self->cancellable,
                       on_selected, g_object_ref (self));
}

GwDivision *
gw_map_window_get_selected (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return gw_outline_layer_get_division (self->outline_layer);
}

static void
on_map_released (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GwMapWindow     *self)
{
  if (n_press == 1)
    gw_map_window_select_at (self, x, y);
}

/* Following emergencies -------------------------------------------------------------- */

/* Every open emergency pulses where it is; one not seen before is flown to when the
 * map follows. Called when the alarms or the pins change (a new ticket's pin may come a
 * moment after its alarm). */
static void
sync_emergencies (GwMapWindow *self)
{
  g_autoptr(GHashTable) open = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  GwPinIndex *index = gw_map_pins_get_index (self->pins);
  guint n = self->alarms ? g_list_model_get_n_items (self->alarms) : 0;
  g_autofree gint64 *ids = g_new0 (gint64, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwAlarm) alarm = g_list_model_get_item (self->alarms, i);
      double x, y, lon, lat;

      if (gw_alarm_get_kind (alarm) != GW_ALARM_EMERGENCY || gw_alarm_get_acknowledged_at (alarm) != 0)
        continue;
      ids[i] = gw_alarm_get_ticket_id (alarm);
      g_hash_table_add (open, &ids[i]);
      if (gw_pulse_layer_has (self->pulse_layer, ids[i]) || !gw_pin_index_get_point (index, ids[i], &x, &y))
        continue;
      gw_geo_world_to_lonlat (x, y, 0, &lon, &lat);
      if (gtk_toggle_button_get_active (self->follow_button))
        shumate_map_go_to_full (self->map, lat, lon, MAX (shumate_viewport_get_zoom_level (self->viewport), 15));
      /* The index is in the map's datum; the pulse layer takes our data's. */
      to_wgs84 (self, &lon, &lat);
      gw_pulse_layer_add (self->pulse_layer, ids[i], lon, lat);
    }
  {
    /* Those acknowledged since: no more pulse. */
    GwPulseLayer *layer = self->pulse_layer;
    g_autoptr(GList) keys = NULL;

    keys = gw_pulse_layer_get_keys (layer);
    for (GList *l = keys; l; l = l->next)
      if (!g_hash_table_contains (open, l->data))
        g_array_append_val (gone, *(gint64 *) l->data);
    for (guint i = 0; i < gone->len; i++)
      gw_pulse_layer_remove (layer, g_array_index (gone, gint64, i));
  }
}

void
gw_map_window_set_alarms (GwMapWindow *self,
                          GListModel  *alarms)
{
  g_return_if_fail (GW_IS_MAP_WINDOW (self));

  if (self->alarms)
    g_signal_handlers_disconnect_by_data (self->alarms, self);
  g_set_object (&self->alarms, alarms);
  if (alarms)
    g_signal_connect_object (alarms, "items-changed", G_CALLBACK (sync_emergencies), self, G_CONNECT_SWAPPED);
  sync_emergencies (self);
}

GwPulseLayer *
gw_map_window_get_pulse_layer (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return self->pulse_layer;
}

/* Searching ------------------------------------------------------------------------------ */

static void on_pin_activated (GwMapWindow *self,
                              gint64       id,
                              double       x,
                              double       y);

typedef struct {
  guint    generation;
  char    *text;
  /* answers */
  gboolean found;
  double   lon, lat, zoom;
  gint64   ticket_id;      /* a ticket found by its number */
  gboolean select;         /* a division: select what is there */
} Search;

static void
search_free (Search *s)
{
  g_free (s->text);
  g_free (s);
}


static gpointer
search_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Search *s = data;
  GwPlace place;

  if (!gw_db_find_place (db, s->text, &place, error))
    return error && *error ? NULL : s;
  s->found = TRUE;
  s->lon = place.lon;
  s->lat = place.lat;
  s->ticket_id = place.ticket_id;
  s->zoom = place.ticket_id != 0 ? 18
          : place.level <= GW_LEVEL_DISTRICT ? 10.5
          : place.level == GW_LEVEL_STREET ? 13
          : place.level == GW_LEVEL_COMMUNITY ? 14.5 : 16;
  s->select = place.ticket_id == 0 && place.level >= GW_LEVEL_GRID;
  return s;
}

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwMapWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Search *s = gw_store_read_finish (GW_STORE (object), result, &error);

  if (s == NULL || s->generation != self->search_generation)
    return;
  if (!s->found)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing on the map is called “%s”"), s->text);
      gtk_label_set_label (self->status_label, text);
      gtk_widget_error_bell (GTK_WIDGET (self->search));
      return;
    }
  /* Straight there (a search is not a tour): the map's centre is what was found. */
  shumate_map_stop_go_to (self->map);
  shumate_viewport_set_zoom_level (self->viewport, s->zoom);
  to_map (self, &s->lon, &s->lat);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), s->lat, s->lon);
  {
    double x = gtk_widget_get_width (GTK_WIDGET (self->map)) / 2.0, y = gtk_widget_get_height (GTK_WIDGET (self->map)) / 2.0;

    if (s->select)
      gw_map_window_select_at (self, x, y);
    else if (s->ticket_id != 0)
      on_pin_activated (self, s->ticket_id, x, y);
  }
}

/* Enter in the search box: a place, a ticket number or "lon, lat". */
void
gw_map_window_search (GwMapWindow *self,
                      const char  *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  Search *s;
  double lon, lat;

  g_return_if_fail (GW_IS_MAP_WINDOW (self));

  if (*stripped == '\0')
    return;
  self->search_generation++;
  if (gw_geo_parse_point (stripped, &lon, &lat))
    {
      to_map (self, &lon, &lat);
      shumate_map_stop_go_to (self->map);
      shumate_viewport_set_zoom_level (self->viewport, 17);
      shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
      return;
    }
  s = g_new0 (Search, 1);
  s->generation = self->search_generation;
  s->text = g_steal_pointer (&stripped);
  gw_store_read_async (self->store, search_func, s, (GDestroyNotify) search_free, NULL, self->cancellable,
                       on_searched, g_object_ref (self));
}

static void
on_search_activate (GwMapWindow *self)
{
  gw_map_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

/* The popover: a ticket's summary ----------------------------------------------------- */

static gpointer
read_ticket_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  return gw_db_get_ticket (db, *(gint64 *) data, error);
}

static void
on_ticket_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwMapWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autofree char *when = NULL, *body = NULL;
  const GwCategory *c;

  if (t == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->popover != NULL)
        gtk_label_set_label (self->popover_body, error->message);
      return;
    }
  if (self->popover == NULL || t->id != self->popover_ticket)
    return;
  c = gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code);
  when = gw_format_date_time (t->reported_at);
  body = g_strdup_printf ("%s · %s · %s\n%s\n%s", c ? gw_category_get_display_name (c) : t->category_code,
                          gw_format_state_label (t->state), gw_format_urgency_label (t->urgency), when,
                          t->description);
  gtk_label_set_label (self->popover_title, t->number);
  gtk_label_set_label (self->popover_body, body);
}

static void
on_pin_activated (GwMapWindow *self,
                  gint64       id,
                  double       x,
                  double       y)
{
  gint64 *data = g_new (gint64, 1);

  *data = id;
  self->popover_ticket = id;
  gtk_label_set_label (self->popover_title, "…");
  gtk_label_set_label (self->popover_body, "");
  gtk_popover_set_pointing_to (self->popover, &(GdkRectangle) { (int) x - 4, (int) y - 4, 8, 8 });
  gtk_popover_popup (self->popover);
  gw_store_read_async (self->store, read_ticket_func, data, g_free, (GDestroyNotify) gw_ticket_unref,
                       self->cancellable, on_ticket_read, g_object_ref (self));
}

static void
on_open_in_console (GwMapWindow *self)
{
  gtk_popover_popdown (self->popover);
  if (self->popover_ticket != 0)
    g_signal_emit (self, signals[OPEN_TICKET], 0, self->popover_ticket);
}

static GtkPopover *
make_popover (GwMapWindow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open in Console"));

  self->popover_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->popover_title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover_title), "heading");
  self->popover_body = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->popover_body, 0);
  gtk_label_set_wrap (self->popover_body, TRUE);
  gtk_label_set_wrap_mode (self->popover_body, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (self->popover_body, 36);
  gtk_label_set_lines (self->popover_body, 6);
  gtk_label_set_ellipsize (self->popover_body, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_open_in_console), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_body));
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (self->pin_layer));
  return GTK_POPOVER (popover);
}

/* Cameras ---------------------------------------------------------------------------- */

/* A point layer's read: cameras, grid workers or the heat's reports. */
typedef struct {
  GwMapWindow   *self;
  GwDbPointKind  kind;
  gint64         since;
  guint          generation;   /* the heat's, when read */
} PointsRead;

static void
points_read_free (PointsRead *r)
{
  g_object_unref (r->self);
  g_free (r);
}

static gpointer
points_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  PointsRead *r = data;

  return gw_db_list_points (db, r->kind, r->since, error);
}

static void
on_points_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PointsRead *r = user_data;
  GwMapWindow *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pins = gw_store_read_finish (GW_STORE (object), result, &error);
  GwPinIndex *index = r->kind == GW_DB_POINTS_CAMERAS ? self->cameras
                    : r->kind == GW_DB_POINTS_WORKERS ? self->workers : self->heat;
  GwPinLayer *layer = r->kind == GW_DB_POINTS_CAMERAS ? self->camera_layer
                    : r->kind == GW_DB_POINTS_WORKERS ? self->worker_layer : self->heat_layer;
  gint64 now = gw_clock_get_now (self->clock);

  if (pins == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, error->message);
    }
  else if (r->kind == GW_DB_POINTS_REPORTS && r->generation != self->heat_generation)
    ;   /* a period changed since: its own read is on the way */
  else if (index != NULL)
    {
      for (guint i = 0; i < pins->len; i++)
        gw_pin_index_set (index, &g_array_index (pins, GwPin, i), now);
      gw_pin_layer_changed (layer);
    }
  points_read_free (r);
}

/* Reads a point layer's points on a store reader. */
static void
read_points (GwMapWindow   *self,
             GwDbPointKind  kind,
             gint64         since)
{
  /* The read's data (for the worker) and the answer's (for the main loop). */
  PointsRead *data = g_new0 (PointsRead, 1);
  PointsRead *answer;

  data->kind = kind;
  data->since = since;
  data->generation = self->heat_generation;
  answer = g_memdup2 (data, sizeof *data);
  answer->self = g_object_ref (self);
  gw_store_read_async (self->store, points_func, data, g_free, (GDestroyNotify) g_array_unref,
                       self->cancellable, on_points_read, answer);
}

/* Cameras and workers are read the first time their layer is shown, not with the map. */
static void
load_field_layers (GwMapWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->camera_layer)) && !self->cameras_asked)
    {
      self->cameras_asked = TRUE;
      read_points (self, GW_DB_POINTS_CAMERAS, 0);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->heat_layer)) && !self->heat_asked)
    {
      self->heat_asked = TRUE;
      read_points (self, GW_DB_POINTS_REPORTS, gw_clock_get_now (self->clock) - (gint64) self->period_days * 86400);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->worker_layer)) && !self->workers_asked)
    {
      self->workers_asked = TRUE;
      /* On duty as a green light: a cluster is blue when anyone in it is on duty. */
      read_points (self, GW_DB_POINTS_WORKERS, 0);
    }
}

/* A camera on the map: its player (one window per camera). */
static void
on_camera_activated (GwMapWindow *self,
                     gint64       id,
                     double       x,
                     double       y)
{
  GwCameraPlayer *player = gw_camera_player_find (GTK_WINDOW (self), id);

  if (player == NULL)
    player = gw_camera_player_new (GTK_WINDOW (self), self->store, id);
  gtk_window_present (GTK_WINDOW (player));
}

/* Shading grids (choropleth) --------------------------------------------------------- */

typedef enum {
  SHADE_NONE,
  SHADE_OPEN,
  SHADE_RED,
  SHADE_PER_1000,
  SHADE_REPORTED,
  SHADE_REPORTED_PER_1000,
  N_SHADES
} Shade;

typedef struct {
  guint       generation;
  Shade       shade;
  gint64      now;
  gint64      since;
  GHashTable *fills;   /* answer: grid code -> GwRgba */
  double      most;
} ShadeRead;

static void
shade_read_free (ShadeRead *r)
{
  g_clear_pointer (&r->fills, g_hash_table_unref);
  g_free (r);
}

static gpointer
shade_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  static const GwGridFigure figures[] = {
    [SHADE_OPEN] = GW_GRID_FIGURE_OPEN,
    [SHADE_RED] = GW_GRID_FIGURE_RED,
    [SHADE_PER_1000] = GW_GRID_FIGURE_OPEN_PER_1000,
    [SHADE_REPORTED] = GW_GRID_FIGURE_REPORTED,
    [SHADE_REPORTED_PER_1000] = GW_GRID_FIGURE_REPORTED_PER_1000,
  };
  ShadeRead *r = data;
  g_autoptr(GHashTable) values = gw_db_grid_figures (db, figures[r->shade], r->now, r->since, &r->most, error);
  GHashTableIter iter;
  gpointer code, value;

  if (values == NULL)
    return NULL;
  r->fills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &code, &value))
    {
      /* From pale amber to deep red, on the square root (a few grids take most). */
      double t = r->most > 0 ? sqrt (*(double *) value / r->most) : 0;
      GwRgba *c = g_new (GwRgba, 1);

      c->r = 0.99 - 0.25 * t;
      c->g = 0.85 - 0.75 * t;
      c->b = 0.45 - 0.35 * t;
      c->a = 0.35 + 0.35 * t;
      g_hash_table_insert (r->fills, g_strdup (code), c);
    }
  return r;
}

static void
on_shaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwMapWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  ShadeRead *r = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autofree char *subtitle = NULL;

  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, error->message);
      return;
    }
  if (r->generation != self->shading_generation || self->map == NULL)
    return;
  self->shaded = gw_division_source_new_shaded (self->store, r->fills, self->datum);
  self->shaded_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->shaded), self->viewport);
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->shaded_layer),
                                   SHUMATE_LAYER (self->outline_layer));
  /* TRANSLATORS: the grid shading's scale: its deepest red stands for this value */
  subtitle = g_strdup_printf (_("Deepest red: %.0f"), r->most);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->shading_row), subtitle);
}

static void
clear_shading (GwMapWindow *self)
{
  if (self->shaded_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->shaded_layer));
  self->shaded_layer = NULL;
  g_clear_object (&self->shaded);
}

/* Shades the grids by `shade` (0 none, 1 open tickets, 2 red and overdue, 3 open tickets
 * per 1,000 residents), read anew from the store. */
void
gw_map_window_set_shading (GwMapWindow *self,
                           guint        shade)
{
  ShadeRead *r;

  g_return_if_fail (GW_IS_MAP_WINDOW (self));

  self->shading_generation++;
  clear_shading (self);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->shading_row), _("By grid, in shades of red"));
  if (adw_combo_row_get_selected (self->shading_row) != shade)
    adw_combo_row_set_selected (self->shading_row, shade);
  if (shade == SHADE_NONE || shade >= N_SHADES)
    return;
  r = g_new0 (ShadeRead, 1);
  r->generation = self->shading_generation;
  r->shade = shade;
  r->now = gw_clock_get_now (self->clock);
  r->since = r->now - (gint64) self->period_days * 86400;
  gw_store_read_async (self->store, shade_func, r, (GDestroyNotify) shade_read_free, NULL, self->cancellable,
                       on_shaded, g_object_ref (self));
}

gboolean
gw_map_window_get_shaded (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), FALSE);
  return self->shaded_layer != NULL;
}

/* The grids shaded again as they are (the datum changed: new tiles). */
void
_gw_map_window_reshade (GwMapWindow *self)
{
  guint shade;

  if (self->shading_row == NULL)
    return;
  shade = adw_combo_row_get_selected (self->shading_row);
  if (shade != SHADE_NONE && shade < N_SHADES)
    gw_map_window_set_shading (self, shade);
}

/* The heat and the reported shadings look back over `days` (one of 1, 7, 30, 90, 365;
 * another is taken as the nearest above). */
void
gw_map_window_set_period (GwMapWindow *self,
                          guint        days)
{
  guint i = 0;

  g_return_if_fail (GW_IS_MAP_WINDOW (self));

  while (i + 1 < G_N_ELEMENTS (periods) && periods[i] < days)
    i++;
  if (adw_combo_row_get_selected (self->period_row) != i)
    {
      adw_combo_row_set_selected (self->period_row, i);
      return;   /* on_period_selected() does the rest */
    }
  if (self->period_days == periods[i])
    return;
  self->period_days = periods[i];
  /* The heat read again for the new period (when shown; else when it is). */
  self->heat_generation++;
  gw_pin_index_clear (self->heat);
  gw_pin_layer_changed (self->heat_layer);
  self->heat_asked = FALSE;
  load_field_layers (self);
  {
    guint shade = adw_combo_row_get_selected (self->shading_row);

    if (shade == SHADE_REPORTED || shade == SHADE_REPORTED_PER_1000)
      gw_map_window_set_shading (self, shade);
  }
}

guint
gw_map_window_get_heat_count (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), 0);
  return gw_pin_index_get_n_pins (self->heat);
}

static void
on_period_selected (GwMapWindow *self)
{
  guint i = adw_combo_row_get_selected (self->period_row);

  if (i < G_N_ELEMENTS (periods))
    gw_map_window_set_period (self, periods[i]);
}

static void
on_shading_selected (GwMapWindow *self)
{
  guint shade = adw_combo_row_get_selected (self->shading_row);

  gw_map_window_set_shading (self, shade == GTK_INVALID_LIST_POSITION ? SHADE_NONE : shade);
}

/* The layer panel --------------------------------------------------------------------- */

static GtkWidget *
layer_row (GwMapWindow *self,
           const char  *name,
           const char  *title,
           const char  *subtitle,
           GtkWidget   *layer)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  if (layer != NULL)
    g_object_bind_property (toggle, "active", layer, "visible", G_BINDING_SYNC_CREATE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_widget_set_name (row, name);
  g_object_set_data (G_OBJECT (row), "gw-switch", toggle);
  return row;
}

static GtkWidget *
make_panel (GwMapWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Layers"));
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       layer_row (self, "pins", _("Event pins"),
                                  _("Open tickets by light; clusters count them"), GTK_WIDGET (self->pin_layer)));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       layer_row (self, "cameras", _("Cameras"),
                                  _("Every camera with a place; click one to watch it"),
                                  GTK_WIDGET (self->camera_layer)));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       layer_row (self, "heat", _("Heat of reports"),
                                  _("Reports in the period: the deeper the red, the more"),
                                  GTK_WIDGET (self->heat_layer)));
  {
    const char *const choices[] = { N_("None"), N_("Open tickets"), N_("Red and overdue"),
                                    N_("Open tickets per 1,000 residents"), N_("Reported in the period"),
                                    N_("Reported per 1,000 residents in the period"), NULL };
    g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

    for (guint i = 0; choices[i]; i++)
      gtk_string_list_append (model, _(choices[i]));
    self->shading_row = ADW_COMBO_ROW (adw_combo_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shading_row), _("Grid shading"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->shading_row), _("By grid, in shades of red"));
    adw_combo_row_set_model (self->shading_row, G_LIST_MODEL (model));
    adw_combo_row_set_selected (self->shading_row, SHADE_NONE);
    g_signal_connect_swapped (self->shading_row, "notify::selected", G_CALLBACK (on_shading_selected), self);
    gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->shading_row));
  }
  {
    /* TRANSLATORS: periods the heat and shading look back over, short (a narrow list) */
    const char *const choices[] = { N_("24 hours"), N_("7 days"), N_("30 days"), N_("90 days"), N_("1 year"), NULL };
    g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

    G_STATIC_ASSERT (G_N_ELEMENTS (choices) == G_N_ELEMENTS (periods) + 1);
    for (guint i = 0; choices[i]; i++)
      gtk_string_list_append (model, _(choices[i]));
    self->period_row = ADW_COMBO_ROW (adw_combo_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->period_row), _("Period"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->period_row), _("Of the heat and the reported shadings"));
    adw_combo_row_set_model (self->period_row, G_LIST_MODEL (model));
    adw_combo_row_set_selected (self->period_row, DEFAULT_PERIOD);
    g_signal_connect_swapped (self->period_row, "notify::selected", G_CALLBACK (on_period_selected), self);
    gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->period_row));
  }
  gtk_list_box_append (GTK_LIST_BOX (list),
                       layer_row (self, "workers", _("Grid workers"),
                                  _("Where each was last seen: blue on duty, grey off"),
                                  GTK_WIDGET (self->worker_layer)));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       layer_row (self, "boundaries", _("Division boundaries"),
                                  _("Streets, communities and grids, drawn from our own data"), NULL));
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), list);
  _gw_map_window_bases_init (self, GTK_BOX (box));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 300, -1);
  g_object_set_data (G_OBJECT (scroller), "gw-list", list);
  return scroller;
}

/* The window ---------------------------------------------------------------------------- */

static void
build (GwMapWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Grid Map"), NULL);
  GtkWidget *panel_button = gtk_toggle_button_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *statusbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  ShumateScale *scale;
  ShumateCompass *compass;
  GtkEventController *motion = gtk_event_controller_motion_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_button_set_icon_name (GTK_BUTTON (panel_button), "sidebar-show-symbolic");
  gtk_widget_set_tooltip_text (panel_button, _("Layers (F4)"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (panel_button), TRUE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), panel_button);
  self->follow_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->follow_button), "mark-location-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->follow_button), _("Follow emergencies: fly to each new one"));
  gtk_toggle_button_set_active (self->follow_button, TRUE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->follow_button));
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self));
  g_object_set (self->search, "placeholder-text", _("Grid, street, ticket number or lon, lat"), NULL);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->search), 32);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (on_search_activate), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (toolbar), header);

  self->map = shumate_map_new ();
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (self->viewport, 8);
  shumate_viewport_set_max_zoom_level (self->viewport, 19);
  self->base = gw_division_source_new (self->store);
  shumate_viewport_set_reference_map_source (self->viewport, SHUMATE_MAP_SOURCE (self->base));
  self->base_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->base), self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->base_layer));
  self->outline_layer = gw_outline_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->outline_layer));
  self->heat = gw_pin_index_new ();
  self->heat_layer = gw_pin_layer_new (self->viewport);
  gw_pin_layer_set_style (self->heat_layer, GW_PIN_STYLE_HEAT);
  gw_pin_layer_set_index (self->heat_layer, self->heat);
  gtk_widget_set_can_target (GTK_WIDGET (self->heat_layer), FALSE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->heat_layer));
  self->workers = gw_pin_index_new ();
  self->worker_layer = gw_pin_layer_new (self->viewport);
  gw_pin_layer_set_style (self->worker_layer, GW_PIN_STYLE_WORKERS);
  gw_pin_layer_set_index (self->worker_layer, self->workers);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->worker_layer));
  self->cameras = gw_pin_index_new ();
  self->camera_layer = gw_pin_layer_new (self->viewport);
  gw_pin_layer_set_style (self->camera_layer, GW_PIN_STYLE_CAMERAS);
  gw_pin_layer_set_index (self->camera_layer, self->cameras);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->camera_layer));
  self->pins = gw_map_pins_new (self->store, self->clock, 200);
  self->pin_layer = gw_pin_layer_new (self->viewport);
  gw_pin_layer_set_index (self->pin_layer, gw_map_pins_get_index (self->pins));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->pin_layer));
  self->pulse_layer = gw_pulse_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->pulse_layer));
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));

  scale = shumate_scale_new (self->viewport);
  shumate_scale_set_unit (scale, SHUMATE_UNIT_METRIC);
  gtk_widget_set_halign (GTK_WIDGET (scale), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (scale), GTK_ALIGN_END);
  gtk_widget_set_margin_start (GTK_WIDGET (scale), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (scale), 12);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (scale));
  compass = shumate_compass_new (self->viewport);
  gtk_widget_set_halign (GTK_WIDGET (compass), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (compass), GTK_ALIGN_START);
  gtk_widget_set_margin_end (GTK_WIDGET (compass), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (compass), 12);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (compass));
  {
    GtkWidget *arrow = gw_north_arrow_new (self->viewport);

    gtk_widget_set_halign (arrow, GTK_ALIGN_START);
    gtk_widget_set_valign (arrow, GTK_ALIGN_START);
    gtk_widget_set_margin_start (arrow, 12);
    gtk_widget_set_margin_top (arrow, 12);
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), arrow);
  }
  self->license = shumate_license_new ();
  gtk_widget_set_halign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->license), "map-attribution");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->license));

  self->place_label = GTK_LABEL (gtk_label_new (_("Click a grid to select it")));
  gtk_label_set_xalign (self->place_label, 0);
  gtk_label_set_ellipsize (self->place_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->place_label), "heading");
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  self->pointer_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->pointer_label), "numeric");
  gtk_box_append (GTK_BOX (statusbar), GTK_WIDGET (self->place_label));
  {
    GtkWidget *to_wall = gtk_button_new_from_icon_name ("view-grid-symbolic");

    gtk_actionable_set_action_name (GTK_ACTIONABLE (to_wall), "map.grid-to-wall");
    gtk_widget_set_tooltip_text (to_wall, _("The grid's cameras to the video wall (Ctrl+Enter)"));
    gtk_widget_add_css_class (to_wall, "flat");
    gtk_box_append (GTK_BOX (statusbar), to_wall);
  }
  gtk_box_append (GTK_BOX (statusbar), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (statusbar), GTK_WIDGET (self->pointer_label));
  gtk_widget_add_css_class (statusbar, "map-status");
  gtk_widget_set_margin_start (statusbar, 12);
  gtk_widget_set_margin_end (statusbar, 12);
  gtk_widget_set_margin_top (statusbar, 4);
  gtk_widget_set_margin_bottom (statusbar, 4);

  gtk_box_append (GTK_BOX (column), overlay);
  gtk_box_append (GTK_BOX (column), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (column), statusbar);

  self->panel = make_panel (self);
  {
    GtkWidget *list = g_object_get_data (G_OBJECT (self->panel), "gw-list");

    for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (gtk_widget_get_name (row), "boundaries") == 0)
        self->boundaries_switch = g_object_get_data (G_OBJECT (row), "gw-switch");
    g_signal_connect_swapped (self->boundaries_switch, "notify::active", G_CALLBACK (_gw_map_window_update_bases), self);
  }
  g_object_bind_property (panel_button, "active", self->panel, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (body), self->panel);
  gtk_box_append (GTK_BOX (body), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (body), column);
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (toolbar), body);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  g_object_set_data (G_OBJECT (self), "gw-panel-button", panel_button);

  self->popover = make_popover (self);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect (click, "released", G_CALLBACK (on_map_released), self);
    gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));
  }
  g_signal_connect_object (self->pins, "changed", G_CALLBACK (on_pins_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_layer, "cluster-activated", G_CALLBACK (on_cluster_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_layer, "pin-activated", G_CALLBACK (on_pin_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera_layer, "pin-activated", G_CALLBACK (on_camera_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera_layer, "cluster-activated", G_CALLBACK (on_cluster_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera_layer, "notify::visible", G_CALLBACK (load_field_layers), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->worker_layer, "notify::visible", G_CALLBACK (load_field_layers), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heat_layer, "notify::visible", G_CALLBACK (load_field_layers), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->worker_layer, "cluster-activated", G_CALLBACK (on_cluster_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->base, "notify::loaded", G_CALLBACK (on_base_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_layer, "drawn", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.grid-to-wall", FALSE);
  _gw_map_window_load_saved_bases (self);
  _gw_map_window_update_bases (self);
  /* Cameras and workers are there when asked for: 23,000 cameras and 2,500 workers
   * would crowd the tickets. */
  gw_map_window_set_layer_visible (self, "cameras", FALSE);
  gw_map_window_set_layer_visible (self, "workers", FALSE);
  gw_map_window_set_layer_visible (self, "heat", FALSE);
}

/* Tiles and marks are drawn as the window's renderer likes them best. */
static void
on_realized (GtkWidget *widget)
{
  gw_surface_paintable_set_cairo (gw_widget_renders_with_cairo (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (GW_MAP_WINDOW (widget)->search));
}

static void
toggle_panel (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkToggleButton *button = g_object_get_data (G_OBJECT (widget), "gw-panel-button");

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
gw_map_window_dispose (GObject *object)
{
  GwMapWindow *self = GW_MAP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  if (self->alarms)
    g_signal_handlers_disconnect_by_data (self->alarms, self);
  g_clear_object (&self->alarms);
  g_clear_object (&self->pins);
  _gw_map_window_tickets_dispose (self);
  if (self->camera_layer != NULL)
    gw_pin_layer_set_index (self->camera_layer, NULL);
  g_clear_pointer (&self->cameras, gw_pin_index_free);
  if (self->worker_layer != NULL)
    gw_pin_layer_set_index (self->worker_layer, NULL);
  if (self->heat_layer != NULL)
    gw_pin_layer_set_index (self->heat_layer, NULL);
  g_clear_pointer (&self->heat, gw_pin_index_free);
  g_clear_pointer (&self->workers, gw_pin_index_free);
  g_clear_object (&self->base);
  g_clear_object (&self->lines);
  g_clear_object (&self->shaded);
  g_clear_pointer (&self->bases, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (gw_map_window_parent_class)->dispose (object);
}

static void
gw_map_window_finalize (GObject *object)
{
  GwMapWindow *self = GW_MAP_WINDOW (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (gw_map_window_parent_class)->finalize (object);
}

static void
gw_map_window_class_init (GwMapWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_map_window_dispose;
  object_class->finalize = gw_map_window_finalize;

  /* The officer asked to see this ticket in the console. */
  signals[OPEN_TICKET] =
    g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A grid was selected on the map (its code): the console filters to it. */
  signals[DIVISION_SELECTED] =
    g_signal_new ("division-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "map.toggle-panel", NULL, toggle_panel);
  gtk_widget_class_install_action (widget_class, "map.grid-to-wall", NULL, grid_to_wall_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "map.grid-to-wall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "map.toggle-panel", NULL);
  gtk_widget_class_install_action (widget_class, "map.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "map.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_map_window_init (GwMapWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->period_days = periods[DEFAULT_PERIOD];
  g_signal_connect (self, "realize", G_CALLBACK (on_realized), NULL);
}

GwMapWindow *
gw_map_window_new (GtkApplication *application,
                   GwStore        *store,
                   GwClock        *clock)
{
  GwMapWindow *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_MAP_WINDOW, "application", application, "title", _("Grid Map"),
                       "default-width", 1600, "default-height", 1000, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema != NULL && g_settings_schema_has_key (schema, "map-base-files"))
      self->settings = g_settings_new_full (schema, NULL, NULL);
  }
  build (self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  if (gw_division_source_get_loaded (self->base))
    on_base_loaded (self);
  return self;
}

ShumateMap *
gw_map_window_get_map (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return self->map;
}

GwPinLayer *
gw_map_window_get_pin_layer (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return self->pin_layer;
}

GwMapPins *
gw_map_window_get_pins (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return self->pins;
}

gboolean
gw_map_window_set_layer_visible (GwMapWindow *self,
                                 const char  *name,
                                 gboolean     visible)
{
  GtkWidget *list;

  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), FALSE);

  list = g_object_get_data (G_OBJECT (self->panel), "gw-list");
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      {
        gtk_switch_set_active (g_object_get_data (G_OBJECT (row), "gw-switch"), visible);
        return TRUE;
      }
  return FALSE;
}

const char *
gw_map_window_get_status (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

gboolean
gw_map_window_is_ready (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), FALSE);
  return self->centred && gw_map_pins_is_loaded (self->pins) &&
         gw_division_source_get_n_pending (self->base) == 0 && gw_division_source_get_n_filled (self->base) > 0;
}
