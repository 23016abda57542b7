/* test-map-window.c: the grid map window on the real demo county, under Xvfb.
 *
 * It opens on the whole county with every open ticket as a pin (the clusters add up to
 * the tickets); its layers switch off and on; a ticket reported in the store appears as
 * a pin where it was reported, turns from no light to green when dispatched and to yellow
 * when its clock says so (the pixel under it changes colour); a pin's popover names its
 * ticket. Screenshots of the county and of a street (map-county, map-street).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>

#include <math.h>

#include "gw-alarms.h"
#include "gw-application.h"
#include "gw-camera-player.h"
#include "gw-db-pins.h"
#include "gw-geo.h"
#include "gw-map-window.h"
#include "gw-xyz-source.h"
#include "gw-workflow.h"
#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwClock *clock_;


static GwMapWindow *
open_map (void)
{
  GwMapWindow *window = gw_map_window_new (NULL, store, clock_);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_map_window_is_ready (window));
  test_window_spin (200);
  return window;
}

static void
close_map (GwMapWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (100);
}

typedef struct {
  guint count;
  guint lights;
} Sum;

static void
add_cluster (const GwPinCluster *c,
             gpointer            data)
{
  Sum *sum = data;

  sum->count += c->count;
  for (guint i = 0; i < GW_N_LIGHTS; i++)
    sum->lights += c->by_light[i];
}

static guint
count_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  g_autoptr(GArray) pins = NULL;
  gint64 seq;

  g_assert_no_error (error);
  pins = gw_db_list_pins (db, -1, &seq, NULL, &error);
  g_assert_no_error (error);
  return pins->len;
}

/* The county in view, every open ticket a pin, the clusters adding up to them. */
static void
test_county (void)
{
  GwMapWindow *window = open_map ();
  GwPinIndex *index = gw_map_pins_get_index (gw_map_window_get_pins (window));
  guint open = count_open ();
  guint n_marks, n_single;

  g_assert_cmpuint (open, >, 10);
  g_assert_cmpuint (gw_pin_index_get_n_pins (index), ==, open);
  for (int zoom = GW_PIN_MIN_ZOOM; zoom <= GW_PIN_MAX_ZOOM; zoom++)
    {
      Sum sum = { 0 };
      double x0, y0, x1, y1;

      gw_geo_lonlat_to_world (100, 35, zoom, &x0, &y0);
      gw_geo_lonlat_to_world (110, 25, zoom, &x1, &y1);
      gw_pin_index_foreach_cluster (index, zoom, x0, y0, x1, y1, add_cluster, &sum);
      g_assert_cmpuint (sum.count, ==, open);
      g_assert_cmpuint (sum.lights, ==, open);
    }
  n_marks = gw_pin_layer_get_n_drawn (gw_map_window_get_pin_layer (window), &n_single);
  g_assert_cmpuint (n_marks, >, 0);
  g_assert_cmpuint (n_marks, <=, open);
  test_window_screenshot (GTK_WIDGET (window), "map-county", 300);
  close_map (window);
}

/* Each layer switches off and on from the panel. */
static void
test_layers (void)
{
  GwMapWindow *window = open_map ();
  GtkWidget *pins = GTK_WIDGET (gw_map_window_get_pin_layer (window));

  g_assert_true (gtk_widget_get_visible (pins));
  g_assert_true (gw_map_window_set_layer_visible (window, "pins", FALSE));
  g_assert_false (gtk_widget_get_visible (pins));
  g_assert_true (gw_map_window_set_layer_visible (window, "pins", TRUE));
  g_assert_true (gtk_widget_get_visible (pins));
  g_assert_true (gw_map_window_set_layer_visible (window, "boundaries", FALSE));
  g_assert_true (gw_map_window_set_layer_visible (window, "boundaries", TRUE));
  g_assert_false (gw_map_window_set_layer_visible (window, "weather", FALSE));
  close_map (window);
}

/* A click on a known grid selects it: outlined, named under the map, announced. */
static void
on_division_selected (GwMapWindow *window,
                      const char  *code,
                      char       **out)
{
  g_free (*out);
  *out = g_strdup (code);
}

static void
test_select_grid (void)
{
  GwMapWindow *window = open_map ();
  ShumateMap *map = gw_map_window_get_map (window);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_autoptr(GwDivision) grid = NULL;
  g_autofree char *selected = NULL;
  g_autoptr(GError) error = NULL;
  double x, y;

  {
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (grids->len, >, 3);
    grid = gw_division_ref (g_ptr_array_index (grids, grids->len / 2));
  }
  g_signal_connect (window, "division-selected", G_CALLBACK (on_division_selected), &selected);
  shumate_viewport_set_zoom_level (viewport, 15);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), grid->label_lat, grid->label_lon);
  test_window_spin (300);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), grid->label_lat, grid->label_lon, &x, &y);
  gw_map_window_select_at (window, x, y);
  TEST_WAIT_FOR (selected != NULL);
  g_assert_cmpstr (selected, ==, grid->code);
  g_assert_nonnull (gw_map_window_get_selected (window));
  g_assert_cmpstr (gw_map_window_get_selected (window)->code, ==, grid->code);
  test_window_screenshot (GTK_WIDGET (window), "map-grid", 400);

  /* Far outside the county: nothing selected any more. */
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), grid->label_lat, grid->label_lon, &x, &y);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 35.0, 110.0);
  test_window_spin (100);
  gw_map_window_select_at (window, 10, 10);
  TEST_WAIT_FOR (gw_map_window_get_selected (window) == NULL);
  close_map (window);
}

/* The search box: a grid by its name is centred and selected; a point is gone to. */
static void
test_search (void)
{
  GwMapWindow *window = open_map ();
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_window_get_map (window));
  g_autoptr(GwDivision) grid = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);

    g_assert_no_error (error);
    grid = gw_division_ref (g_ptr_array_index (grids, 2));
  }
  gw_map_window_search (window, grid->name);
  TEST_WAIT_FOR (gw_map_window_get_selected (window) != NULL &&
            g_strcmp0 (gw_map_window_get_selected (window)->code, grid->code) == 0);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), grid->label_lat, 1e-6);

  gw_map_window_search (window, "105.80000, 30.15000");
  test_window_spin (100);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), 105.8, 1e-4);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), 30.15, 1e-4);
  close_map (window);
}

/* Follow: an open emergency pulses where it is and the map flies there; acknowledged, it
 * stops. */
static void
test_follow (void)
{
  GwMapWindow *window = open_map ();
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_window_get_map (window));
  GwPinIndex *index = gw_map_pins_get_index (gw_map_window_get_pins (window));
  GwPulseLayer *pulse = gw_map_window_get_pulse_layer (window);
  g_autoptr(GListStore) alarms = g_list_store_new (GW_TYPE_ALARM);
  g_autoptr(GwAlarm) alarm = NULL;
  gint64 ticket_id = 0;
  double x, y, lon, lat;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GArray) pins = NULL;
    gint64 seq;

    pins = gw_db_list_pins (db, -1, &seq, NULL, &error);
    g_assert_no_error (error);
    ticket_id = g_array_index (pins, GwPin, pins->len / 3).id;
  }
  g_assert_true (gw_pin_index_get_point (index, ticket_id, &x, &y));
  gw_geo_world_to_lonlat (x, y, 0, &lon, &lat);

  gw_map_window_set_alarms (window, G_LIST_MODEL (alarms));
  g_assert_cmpuint (gw_pulse_layer_get_n (pulse), ==, 0);
  alarm = gw_alarm_new (1, ticket_id, GW_ALARM_EMERGENCY, gw_clock_get_now (clock_), "TN-1", "火情");
  g_list_store_append (alarms, alarm);
  g_assert_true (gw_pulse_layer_has (pulse, ticket_id));
  /* The flight ends over it. */
  TEST_WAIT_FOR (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - lon) < 1e-4 &&
            fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - lat) < 1e-4);
  TEST_WAIT_FOR (shumate_viewport_get_zoom_level (viewport) >= 14.99);
  test_window_spin (300);

  g_list_store_remove_all (alarms);
  g_assert_cmpuint (gw_pulse_layer_get_n (pulse), ==, 0);
  close_map (window);
}

static guint32 centre_pixel (GwMapWindow *window,
                             const char  *name);

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Added;

static void
on_base_added (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Added *added = data;

  added->ok = gw_map_window_add_base_file_finish (GW_MAP_WINDOW (object), result, &added->error);
  added->done = TRUE;
}

/* Adds a package and waits for the answer (it is opened on a worker). */
static gboolean
add_base_file (GwMapWindow  *window,
               const char   *path,
               GError      **error)
{
  Added added = { FALSE, FALSE, NULL };

  gw_map_window_add_base_file_async (window, path, on_base_added, &added);
  TEST_WAIT_FOR (added.done);
  if (added.error != NULL)
    g_propagate_error (error, added.error);
  return added.ok;
}

/* An MBTiles package made by GDAL becomes the base: its colour under the boundaries' lines;
 * a file that is not a package is refused with the reason. */
static void
test_base_file (void)
{
  g_autofree char *gdal = g_find_program_in_path ("gdal_translate");
  g_autofree char *tif = g_build_filename (tmpdir, "base.tif", NULL);
  g_autofree char *mbtiles = g_build_filename (tmpdir, "base.mbtiles", NULL);
  g_autofree char *garbage = g_build_filename (tmpdir, "garbage.mbtiles", NULL);
  g_autofree char *cmd = NULL;
  g_autoptr(GError) error = NULL;
  GwMapWindow *window;
  ShumateViewport *viewport;
  double lon, lat;
  int status = 0;

  if (gdal == NULL)
    {
      g_test_skip ("gdal_translate is not installed (gdal-bin)");
      return;
    }
  window = open_map ();
  viewport = shumate_map_get_viewport (gw_map_window_get_map (window));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  cmd = g_strdup_printf ("gdal_create -q -of GTiff -outsize 512 512 -bands 3 -burn 200 -burn 30 -burn 30"
                         " -a_srs EPSG:4326 -a_ullr %.4f %.4f %.4f %.4f %s", lon - 0.06, lat + 0.06, lon + 0.06,
                         lat - 0.06, tif);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_free (cmd);
  cmd = g_strdup_printf ("gdal_translate -q -of MBTILES -co TYPE=baselayer %s %s", tif, mbtiles);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);

  /* Not a package: refused, nothing added. */
  g_assert_true (g_file_set_contents (garbage, "not a tile package at all", -1, NULL));
  g_assert_false (add_base_file (window, garbage, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "garbage.mbtiles"));
  g_clear_error (&error);

  g_assert_true (add_base_file (window, mbtiles, &error));
  g_assert_no_error (error);
  shumate_viewport_set_zoom_level (viewport, 12);
  test_window_spin (1500);
  {
    guint32 p = centre_pixel (window, "map-base-file");
    int b = p & 0xff, g = (p >> 8) & 0xff, r = (p >> 16) & 0xff;

    g_test_message ("centre over the package: %d,%d,%d", r, g, b);
    g_assert_cmpint (r, >, 150);
    g_assert_cmpint (g, <, 90);
    g_assert_cmpint (b, <, 90);
  }
  close_map (window);

  /* Remembered: the next window opens on it (read on a worker); removed, it is gone for
   * good. */
  window = open_map ();
  TEST_WAIT_FOR (gw_map_window_remove_base_file (window, mbtiles));
  g_assert_false (gw_map_window_remove_base_file (window, mbtiles));
  close_map (window);
}


static cairo_status_t
write_png (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A tile server on 127.0.0.1 drawing in GCJ-02, as the mainland's services do: a dark
 * blue ground and a green disc where GCJ-02 puts the point `mark` (WGS84). "/broken/"
 * answers 500 with a page of HTML. */
typedef struct {
  SoupServer *server;
  guint       port;
  double      mark_lon, mark_lat;   /* WGS84 */
  guint       n_requests;
  char       *user_agent;
} TileServer;

static void
on_tile_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  TileServer *ts = data;
  guint z, x, y;
  double lon, lat, wx, wy;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GByteArray) png = g_byte_array_new ();

  ts->n_requests++;
  g_free (ts->user_agent);
  ts->user_agent = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "User-Agent"));
  if (g_str_has_prefix (path, "/broken/"))
    {
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>down</html>", 17);
      return;
    }
  if (sscanf (path, "/tiles/%u/%u/%u.png", &z, &x, &y) != 3)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  gw_geo_wgs84_to_gcj02 (ts->mark_lon, ts->mark_lat, &lon, &lat);
  gw_geo_lonlat_to_world (lon, lat, z, &wx, &wy);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.15, 0.2, 0.45);
  cairo_paint (cr);
  cairo_arc (cr, wx - x * 256.0, wy - y * 256.0, 14, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.1, 0.9, 0.2);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, (const char *) png->data, png->len);
}

static char *
license_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  if (GTK_IS_LABEL (widget))
    g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *inner = license_text (child);

      g_string_append (text, inner);
    }
  return g_string_free (text, FALSE);
}

static gboolean
find_license (GtkWidget  *widget,
              const char *needle)
{
  if (SHUMATE_IS_LICENSE (widget))
    {
      g_autofree char *text = license_text (widget);

      return strstr (text, needle) != NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (find_license (child, needle))
      return TRUE;
  return FALSE;
}

/* An online base in GCJ-02: our overlays are shifted onto it (the server's disc lies under
 * the map's centre when the map is centred on the point, through our own conversion), the
 * requests carry our user agent, the attribution shows, tiles come from the disk cache
 * when the server is gone; a broken server and bad addresses say what is wrong. */
static void
test_online_base (void)
{
  TileServer ts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *template = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *point = NULL;
  g_autofree char *cache = g_build_filename (tmpdir, "tile-cache", NULL);
  g_autoptr(GFile) cache_dir = g_file_new_for_path (cache);
  GwMapWindow *window;
  ShumateViewport *viewport;
  GwPinIndex *index;
  double glon, glat, x0, y0, x1, y1;
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];

  ts.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (ts.server, "/", on_tile_request, &ts, NULL);
  g_assert_true (soup_server_listen_local (ts.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (ts.server);
  ts.port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  template = g_strdup_printf ("http://127.0.0.1:%u/tiles/{z}/{x}/{y}.png", ts.port);
  broken = g_strdup_printf ("http://127.0.0.1:%u/broken/{z}/{x}/{y}.png", ts.port);

  window = open_map ();
  viewport = shumate_map_get_viewport (gw_map_window_get_map (window));
  index = gw_map_pins_get_index (gw_map_window_get_pins (window));
  ts.mark_lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  ts.mark_lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  g_assert_cmpint (gw_map_window_get_datum (window), ==, GW_DATUM_WGS84);
  /* Unshifted, the disc would lie far off the centre at street level: the test can tell. */
  gw_geo_wgs84_to_gcj02 (ts.mark_lon, ts.mark_lat, &glon, &glat);
  gw_geo_lonlat_to_world (ts.mark_lon, ts.mark_lat, 17, &x0, &y0);
  gw_geo_lonlat_to_world (glon, glat, 17, &x1, &y1);
  g_test_message ("GCJ-02 shift at the centre: %.0f px at zoom 17", hypot (x1 - x0, y1 - y0));
  g_assert_cmpfloat (hypot (x1 - x0, y1 - y0), >, 200);

  /* Bad addresses: refused with the reason, nothing added. */
  g_assert_false (gw_map_window_add_online_base (window, "x", "ftp://127.0.0.1/{z}/{x}/{y}.png", GW_DATUM_WGS84,
                                                 NULL, 18, cache_dir, &error));
  g_assert_error (error, GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE);
  g_clear_error (&error);
  g_assert_false (gw_map_window_add_online_base (window, "x", "https://tiles.example.cn/base.png", GW_DATUM_WGS84,
                                                 NULL, 18, cache_dir, &error));
  g_assert_error (error, GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "{z}"));
  g_clear_error (&error);
  g_assert_cmpint (gw_map_window_get_datum (window), ==, GW_DATUM_WGS84);

  /* The GCJ-02 server: the map and every overlay move to GCJ-02. */
  g_assert_true (gw_map_window_add_online_base (window, "Test streets", template, GW_DATUM_GCJ02,
                                                "© Test Tiles <b>GS(2026)0001</b>", 18, cache_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_map_window_get_datum (window), ==, GW_DATUM_GCJ02);
  g_assert_cmpint (gw_pin_index_get_datum (index), ==, GW_DATUM_GCJ02);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - glon), <, 1e-7);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - glat), <, 1e-7);
  point = g_strdup_printf ("%s, %s", g_ascii_dtostr (lon_text, sizeof lon_text, ts.mark_lon),
                           g_ascii_dtostr (lat_text, sizeof lat_text, ts.mark_lat));
  gw_map_window_search (window, point);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, 17);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - glon), <, 1e-7);
  TEST_WAIT_FOR (ts.n_requests > 0);
  test_window_spin (1500);
  g_assert_nonnull (ts.user_agent);
  g_assert_true (g_str_has_prefix (ts.user_agent, "Gridwatch/"));
  g_assert_true (find_license (GTK_WIDGET (window), "© Test Tiles GS(2026)0001"));
  {
    guint32 p = centre_pixel (window, "map-online-gcj02");
    int b = p & 0xff, g = (p >> 8) & 0xff, r = (p >> 16) & 0xff;

    g_test_message ("centre over the server's disc: %d,%d,%d", r, g, b);
    g_assert_cmpint (g, >, 180);
    g_assert_cmpint (r, <, 80);
    g_assert_cmpint (b, <, 100);
  }

  /* The server gone: the same tiles from the disk. */
  g_assert_true (gw_map_window_remove_base (window, template));
  g_assert_cmpint (gw_map_window_get_datum (window), ==, GW_DATUM_WGS84);
  soup_server_disconnect (ts.server);
  ts.n_requests = 0;
  g_assert_true (gw_map_window_add_online_base (window, "Test streets", template, GW_DATUM_GCJ02, NULL, 18,
                                                cache_dir, &error));
  gw_map_window_search (window, point);
  test_window_spin (1500);
  g_assert_cmpuint (ts.n_requests, ==, 0);
  {
    guint32 p = centre_pixel (window, "map-online-cached");
    int g = (p >> 8) & 0xff, r = (p >> 16) & 0xff;

    g_assert_cmpint (g, >, 180);
    g_assert_cmpint (r, <, 80);
  }
  g_assert_true (gw_map_window_remove_base (window, template));

  /* A server that answers with an error page: said on its row, the map still usable. */
  g_assert_true (soup_server_listen_local (ts.server, ts.port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  g_assert_true (gw_map_window_add_online_base (window, "Broken", broken, GW_DATUM_WGS84, NULL, 18, cache_dir,
                                                &error));
  TEST_WAIT_FOR (gw_map_window_get_base_problem (window, broken) != NULL);
  g_test_message ("%s", gw_map_window_get_base_problem (window, broken));
  g_assert_nonnull (strstr (gw_map_window_get_base_problem (window, broken), "500"));
  g_assert_true (gw_map_window_remove_base (window, broken));
  g_assert_cmpint (gw_pin_index_get_datum (index), ==, GW_DATUM_WGS84);

  close_map (window);
  soup_server_disconnect (ts.server);
  g_object_unref (ts.server);
  g_free (ts.user_agent);
}

/* Cameras: a layer of their own, off until asked for; a click on one opens its player. */
static void
test_cameras (void)
{
  GwMapWindow *window = open_map ();
  GwPinLayer *layer = NULL;
  guint n_cameras;
  gint64 first_id;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT count (*), min (id) FROM cameras", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    n_cameras = sqlite3_column_int (stmt, 0);
    first_id = sqlite3_column_int64 (stmt, 1);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpuint (n_cameras, >, 0);
  /* The camera layer is the pin layer that is not the tickets'. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (gw_map_window_get_map (window))); c;
       c = gtk_widget_get_next_sibling (c))
    if (GW_IS_PIN_LAYER (c) && GW_PIN_LAYER (c) != gw_map_window_get_pin_layer (window))
      layer = GW_PIN_LAYER (c);
  g_assert_nonnull (layer);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (layer)));
  g_assert_true (gw_map_window_set_layer_visible (window, "cameras", TRUE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (layer)));
  test_window_spin (400);
  g_assert_cmpuint (gw_pin_layer_get_n_drawn (layer, NULL), >, 0);
  test_window_screenshot (GTK_WIDGET (window), "map-cameras", 200);

  /* A click on a camera: its player, once. */
  g_signal_emit_by_name (layer, "pin-activated", first_id, 10.0, 10.0);
  test_window_spin (200);
  g_assert_nonnull (gw_camera_player_find (GTK_WINDOW (window), first_id));
  g_signal_emit_by_name (layer, "pin-activated", first_id, 10.0, 10.0);
  gtk_window_destroy (GTK_WINDOW (gw_camera_player_find (GTK_WINDOW (window), first_id)));
  test_window_spin (200);
  close_map (window);
}

/* Grid workers: a layer of their own, off until asked for, drawn where they were seen. */
static void
test_workers (void)
{
  GwMapWindow *window = open_map ();
  GPtrArray *layers = g_ptr_array_new ();
  GwPinLayer *workers = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (gw_map_window_get_map (window))); c;
       c = gtk_widget_get_next_sibling (c))
    if (GW_IS_PIN_LAYER (c) && GW_PIN_LAYER (c) != gw_map_window_get_pin_layer (window))
      g_ptr_array_add (layers, c);
  g_assert_cmpuint (layers->len, ==, 3);   /* heat, workers and cameras */
  g_assert_true (gw_map_window_set_layer_visible (window, "workers", TRUE));
  for (guint i = 0; i < layers->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (layers, i)))
      workers = g_ptr_array_index (layers, i);
  g_assert_nonnull (workers);
  test_window_spin (400);
  g_assert_cmpuint (gw_pin_layer_get_n_drawn (workers, NULL), >, 0);
  test_window_screenshot (GTK_WIDGET (window), "map-workers", 200);
  g_ptr_array_unref (layers);
  close_map (window);
}

/* The heat of the last days' reports: off until asked for, then glowing where they were. */
static void
test_heat (void)
{
  GwMapWindow *window = open_map ();
  GwPinLayer *heat = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (gw_map_window_get_map (window))); c;
       c = gtk_widget_get_next_sibling (c))
    if (GW_IS_PIN_LAYER (c) && heat == NULL)
      heat = GW_PIN_LAYER (c);   /* the first: under the others */
  g_assert_nonnull (heat);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (heat)));
  g_assert_true (gw_map_window_set_layer_visible (window, "heat", TRUE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (heat)));
  TEST_WAIT_FOR (gw_pin_layer_get_n_drawn (heat, NULL) > 0);
  /* The period: a day holds fewer reports than the default month, a year more. */
  {
    guint month = gw_map_window_get_heat_count (window), day, year;

    g_assert_cmpuint (month, >, 0);
    gw_map_window_set_period (window, 1);
    TEST_WAIT_FOR (gw_map_window_get_heat_count (window) > 0);
    day = gw_map_window_get_heat_count (window);
    gw_map_window_set_period (window, 365);
    TEST_WAIT_FOR (gw_map_window_get_heat_count (window) > day);
    test_window_spin (300);
    year = gw_map_window_get_heat_count (window);
    g_test_message ("reports in the heat: %u a day, %u a month, %u a year", day, month, year);
    g_assert_cmpuint (day, <, month);
    g_assert_cmpuint (month, <, year);
    gw_map_window_set_period (window, 30);
    TEST_WAIT_FOR (gw_map_window_get_heat_count (window) == month);
  }
  g_assert_true (gw_map_window_set_layer_visible (window, "pins", FALSE));
  test_window_screenshot (GTK_WIDGET (window), "map-heat", 300);
  close_map (window);
}

/* Grid shading: each measure draws a choropleth over the base; none takes it away. */
static void
test_shading (void)
{
  GwMapWindow *window = open_map ();

  g_assert_false (gw_map_window_get_shaded (window));
  for (guint shade = 1; shade <= 5; shade++)
    {
      gw_map_window_set_shading (window, shade);
      TEST_WAIT_FOR (gw_map_window_get_shaded (window));
    }
  gw_map_window_set_shading (window, 1);
  TEST_WAIT_FOR (gw_map_window_get_shaded (window));
  gw_map_window_set_layer_visible (window, "pins", FALSE);
  test_window_screenshot (GTK_WIDGET (window), "map-shading", 800);
  gw_map_window_set_shading (window, 0);
  g_assert_false (gw_map_window_get_shaded (window));
  close_map (window);
}

/* Writing ----------------------------------------------------------------------------- */

typedef struct {
  GwCommand  command;
  GwTicket  *ticket;      /* a report */
  gint64     now;
} Write;

static gpointer
write_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Write *w = data;
  GwActor center = { .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                     .level = GW_LEVEL_DISTRICT };

  if (w->ticket)
    return gw_db_report (db, &center, w->ticket, w->now, error) ? gw_ticket_ref (w->ticket) : NULL;
  return gw_db_apply (db, &center, &w->command, w->now, NULL, NULL, error);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;
  GwTicket **out = data;

  *out = gw_store_run_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
}

static GwTicket *
write_store (Write *w)
{
  GwTicket *done = NULL;

  gw_store_run_async (store, write_func, w, NULL, (GDestroyNotify) gw_ticket_unref, NULL, on_written, &done);
  TEST_WAIT_FOR (done != NULL);
  return done;
}

/* The pixel at the map's centre, from a screenshot. */
static guint32
centre_pixel (GwMapWindow *window,
              const char  *name)
{
  ShumateMap *map = gw_map_window_get_map (window);
  g_autofree char *path = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *pixels = NULL;
  graphene_point_t p;
  int width;

  test_window_screenshot (GTK_WIDGET (window), name, 300);
  {
    const char *language = g_getenv ("LANGUAGE"), *dir = g_getenv ("G_TEST_BUILDDIR");
    g_autofree char *file_name = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "C");

    path = g_build_filename (dir ? dir : g_get_tmp_dir (), file_name, NULL);
  }
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (map), GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (map)) / 2.0,
                                                                 gtk_widget_get_height (GTK_WIDGET (map)) / 2.0),
                                           &p));
  width = gdk_texture_get_width (texture);
  g_test_message ("%s: map centre at %.0f, %.0f of %d × %d", name, p.x, p.y, width, gdk_texture_get_height (texture));
  pixels = g_new (guint32, (gsize) width * gdk_texture_get_height (texture));
  gdk_texture_download (texture, (guchar *) pixels, width * 4);
  {
    /* The most coloured pixel near the centre: the pin's fill, not its white ring (the
     * window's frame may shift the picture by a few pixels). */
    guint32 best = 0;
    int best_chroma = -1;

    for (int y = (int) p.y - 10; y <= (int) p.y + 10; y++)
      for (int x = (int) p.x - 10; x <= (int) p.x + 10; x++)
        {
          guint32 v = pixels[y * width + x];
          int b = v & 0xff, g = (v >> 8) & 0xff, r = (v >> 16) & 0xff;
          int chroma = MAX (r, MAX (g, b)) - MIN (r, MIN (g, b));

          if (chroma > best_chroma)
            best_chroma = chroma, best = v;
        }
    return best;
  }
}

/* A report appears where it was made; dispatched it is green; its clock turns it yellow. */
static void
test_live_pin (void)
{
  GwMapWindow *window = open_map ();
  GwPinIndex *index = gw_map_pins_get_index (gw_map_window_get_pins (window));
  GwPinLayer *layer = gw_map_window_get_pin_layer (window);
  ShumateMap *map = gw_map_window_get_map (window);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_autoptr(GwTicket) reported = NULL, dispatched = NULL;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autofree char *department = NULL;
  Write w = { 0 };
  guint open = gw_pin_index_get_n_pins (index);
  double cx, cy;
  guint32 green, yellow;
  int gr, gg, gb, yr, yg, yb;

  {
    /* A department to dispatch to; the report goes near the county's middle. */
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GPtrArray) departments = gw_db_list_departments (db, &error);

    g_assert_no_error (error);
    department = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 0))->code);
    g_assert_true (gw_pin_index_get_n_pins (index) > 0);
  }
  cx = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  cy = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));

  t->source = GW_SOURCE_HOTLINE;
  t->urgency = GW_URGENCY_URGENT;
  t->category_code = g_strdup ("0101");
  t->board = g_strdup ("城市管理");
  t->level = GW_LEVEL_DISTRICT;
  t->lon = cx + 0.0007;
  t->lat = cy - 0.0004;
  t->description = g_strdup ("来电反映路边垃圾堆放");
  w.ticket = t;
  w.now = gw_clock_get_now (clock_);
  reported = write_store (&w);
  gw_map_pins_refresh (gw_map_window_get_pins (window));
  TEST_WAIT_FOR (gw_pin_index_contains (index, reported->id));
  g_assert_cmpuint (gw_pin_index_get_n_pins (index), ==, open + 1);
  g_assert_cmpint (gw_pin_index_get_light (index, reported->id), ==, GW_LIGHT_NONE);

  /* Close up on it: the only pin there, at the map's centre. */
  shumate_viewport_set_zoom_level (viewport, 18);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), reported->lat, reported->lon);
  test_window_spin (400);
  TEST_WAIT_FOR (gw_pin_layer_pin_at (layer, gtk_widget_get_width (GTK_WIDGET (map)) / 2.0,
                                 gtk_widget_get_height (GTK_WIDGET (map)) / 2.0) == reported->id);

  /* Dispatched: the sign-for stage runs, green. */
  w.ticket = NULL;
  w.command = (GwCommand) { .action = GW_ACTION_SCREEN, .ticket_id = reported->id };
  g_clear_pointer (&dispatched, gw_ticket_unref);
  dispatched = write_store (&w);
  w.command = (GwCommand) { .action = GW_ACTION_DISPATCH, .ticket_id = reported->id, .department_code = department };
  g_clear_pointer (&dispatched, gw_ticket_unref);
  dispatched = write_store (&w);
  g_assert_cmpint (dispatched->timer.stage, !=, GW_STAGE_NONE);
  gw_map_pins_refresh (gw_map_window_get_pins (window));
  TEST_WAIT_FOR (gw_pin_index_get_light (index, reported->id) == GW_LIGHT_GREEN);
  test_window_spin (400);
  green = centre_pixel (window, "map-pin-green");

  /* Its clock reaches yellow: the same pin, yellow, with nothing read from the store. */
  gw_clock_set_now (clock_, dispatched->timer.yellow_at + 1);
  TEST_WAIT_FOR (gw_pin_index_get_light (index, reported->id) == GW_LIGHT_YELLOW);
  test_window_spin (400);
  yellow = centre_pixel (window, "map-pin-yellow");

  /* GDK_MEMORY_DEFAULT on little-endian: B, G, R, A bytes. */
  gb = green & 0xff, gg = (green >> 8) & 0xff, gr = (green >> 16) & 0xff;
  yb = yellow & 0xff, yg = (yellow >> 8) & 0xff, yr = (yellow >> 16) & 0xff;
  g_test_message ("green pin %d,%d,%d; yellow pin %d,%d,%d", gr, gg, gb, yr, yg, yb);
  g_assert_cmpint (gg, >, gr + 30);     /* green: more green than red */
  /* Yellow (the theme's amber): red over green over blue, little blue. */
  g_assert_cmpint (yr, >, 120);
  g_assert_cmpint (yr, >, yg);
  g_assert_cmpint (yg, >, yb + 50);
  g_assert_cmpint (yr, >, gr + 60);     /* and not the green it was */

  /* The popover names the ticket. */
  g_signal_emit_by_name (layer, "pin-activated", reported->id, 100.0, 100.0);
  test_window_spin (300);
  {
    GtkWidget *popover = NULL;

    for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (layer)); c; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_POPOVER (c))
        popover = c;
    /* Without a window manager an autohiding popover may be dismissed at once, so what is
     * checked is what it says. */
    g_assert_nonnull (popover);
    {
      GtkWidget *box = gtk_popover_get_child (GTK_POPOVER (popover));
      GtkWidget *title = gtk_widget_get_first_child (box);

      TEST_WAIT_FOR (g_strcmp0 (gtk_label_get_label (GTK_LABEL (title)), reported->number) == 0);
    }
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  /* A street's view, for the screenshot. */
  shumate_viewport_set_zoom_level (viewport, 13);
  test_window_spin (600);
  test_window_screenshot (GTK_WIDGET (window), "map-street", 600);
  close_map (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      return 0;
    }
  gtk_init ();
  adw_init ();
  /* GTK 4.8 warns once, as the map window first maps, that it snapshots an unallocated
   * GtkBox inside its tooltip window (GtkTooltipWindow, GTK's own). Criticals stay fatal;
   * warnings are printed. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "county.db");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    sqlite3_stmt *stmt;
    gint64 now;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT max (updated_at) FROM tickets", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    now = sqlite3_column_int64 (stmt, 0) + 60;
    sqlite3_finalize (stmt);
    clock_ = gw_clock_new_manual (now);
  }
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, NULL, NULL);
  test_window_spin (300);

  g_test_add_func ("/map/county", test_county);
  g_test_add_func ("/map/layers", test_layers);
  g_test_add_func ("/map/select-grid", test_select_grid);
  g_test_add_func ("/map/cameras", test_cameras);
  g_test_add_func ("/map/workers", test_workers);
  g_test_add_func ("/map/heat", test_heat);
  g_test_add_func ("/map/shading", test_shading);
  g_test_add_func ("/map/search", test_search);
  g_test_add_func ("/map/follow", test_follow);
  g_test_add_func ("/map/base-file", test_base_file);
  g_test_add_func ("/map/online-base", test_online_base);
  g_test_add_func ("/map/live-pin", test_live_pin);
  status = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&clock_);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  return status;
}
