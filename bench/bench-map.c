/* The map's frames in a real 1920×1080 window, under the renderer GSK_RENDERER names:
 *  - frame busy time (frame clock before-paint → after-paint) while panning and zooming
 *    over 100,000 event pins (the pin layer) with the county's boundaries as the base,
 *    against 10,000 stock ShumateMarker widgets doing the same (the ratio says how many
 *    times less busy ours is with ten times the pins);
 *  - 1,000 ticket changes a second applied to the pins: the process's CPU, and from a
 *    change to the frame that shows it.
 * Run under a display (the meson benchmark wraps it in xvfb-run, once per renderer). */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>
#include <stdio.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "gw-map-window.h"

#define N_PINS     100000
#define N_MARKERS  10000
#define LON0 105.50
#define LON1 106.10
#define LAT0 29.80
#define LAT1 30.40

typedef struct {
  GtkWidget       *window;
  ShumateMap      *map;
  ShumateViewport *viewport;
  GArray          *busy;          /* ms per painted frame while measuring */
  double           frame_start;
  gboolean         measuring;
  guint            step;
  guint            n_steps;
  GMainLoop       *loop;
  /* changes */
  GwPinIndex      *index;
  GwPinLayer      *layer;
  double           change_at;     /* when the last batch was applied, 0 when shown */
  GArray          *shown;         /* ms from a batch to its frame */
} Run;

static void
on_before_paint (GdkFrameClock *clock,
                 Run           *run)
{
  run->frame_start = bench_now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  double now = bench_now_ms ();

  if (run->measuring && run->frame_start > 0)
    {
      double dt = now - run->frame_start;
      g_array_append_val (run->busy, dt);
    }
  if (run->change_at > 0)
    {
      double dt = now - run->change_at;
      g_array_append_val (run->shown, dt);
      run->change_at = 0;
    }
}

/* The path: pan east and back at county zoom, zoom in to street level, pan, zoom out. */
static void
place (Run   *run,
       guint  step)
{
  double t = (double) step / run->n_steps, zoom, lon, lat;
  double clon = (LON0 + LON1) / 2, clat = (LAT0 + LAT1) / 2;

  if (t < 0.3)
    {
      zoom = 10.2;
      lon = clon + 0.15 * sin (t / 0.3 * 2 * G_PI);
      lat = clat + 0.08 * sin (t / 0.3 * G_PI);
    }
  else if (t < 0.5)
    {
      zoom = 10.2 + (t - 0.3) / 0.2 * 3.5;
      lon = clon;
      lat = clat;
    }
  else if (t < 0.8)
    {
      zoom = 13.7;
      lon = clon + 0.03 * sin ((t - 0.5) / 0.3 * 2 * G_PI);
      lat = clat + 0.02 * cos ((t - 0.5) / 0.3 * 2 * G_PI);
    }
  else
    {
      zoom = 13.7 - (t - 0.8) / 0.2 * 3.5;
      lon = clon;
      lat = clat;
    }
  shumate_viewport_set_zoom_level (run->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (run->viewport), lat, lon);
}


static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Run *run = data;

  if (run->step >= run->n_steps)
    {
      run->measuring = FALSE;
      g_main_loop_quit (run->loop);
      return G_SOURCE_REMOVE;
    }
  place (run, run->step++);
  return G_SOURCE_CONTINUE;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (values->len * p)));
}

static gboolean
quit_later (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
spin (GMainLoop *loop,
      guint      ms)
{
  g_timeout_add (ms, quit_later, loop);
  g_main_loop_run (loop);
}

/* The map window as an officer opens it, its pins layer replaced by `pins` when given. */
static Run *
open_map (GMainLoop *loop,
          GwStore   *store,
          GwClock   *clock)
{
  Run *run = g_new0 (Run, 1);
  GwMapWindow *window = gw_map_window_new (NULL, store, clock);

  run->loop = loop;
  run->busy = g_array_new (FALSE, FALSE, sizeof (double));
  run->shown = g_array_new (FALSE, FALSE, sizeof (double));
  run->window = GTK_WIDGET (window);
  gtk_window_set_default_size (GTK_WINDOW (run->window), 1920, 1080);
  run->map = gw_map_window_get_map (window);
  run->viewport = shumate_map_get_viewport (run->map);
  run->layer = gw_map_window_get_pin_layer (window);
  run->index = gw_map_pins_get_index (gw_map_window_get_pins (window));
  return run;
}

static void
measure (Run   *run,
         guint  n_steps)
{
  GdkFrameClock *clock;

  /* The path's start, and its first tiles, before anything is timed. */
  run->n_steps = n_steps;
  place (run, 0);
  spin (run->loop, 3000);
  clock = gtk_widget_get_frame_clock (run->window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), run);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), run);
  run->step = 0;
  run->n_steps = n_steps;
  run->measuring = TRUE;
  gtk_widget_add_tick_callback (run->window, on_tick, run, NULL);
  g_main_loop_run (run->loop);
}

static void
close_map (Run *run)
{
  gtk_window_destroy (GTK_WINDOW (run->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (run->busy);
  g_array_unref (run->shown);
  g_free (run);
}

static GwPin
random_pin (GRand *rand,
            gint64 id,
            gint64 now)
{
  GwPin pin = { .id = id, .lon = g_rand_double_range (rand, LON0, LON1), .lat = g_rand_double_range (rand, LAT0, LAT1) };
  gint64 yellow = now + g_rand_int_range (rand, -8 * 3600, 8 * 3600);

  pin.urgency = g_rand_int_range (rand, 0, 100) == 0 ? GW_URGENCY_EMERGENCY : GW_URGENCY_NORMAL;
  pin.timer.stage = GW_STAGE_HANDLE;
  pin.timer.started_at = yellow - 3600;
  pin.timer.yellow_at = yellow;
  pin.timer.red_at = yellow + 2 * 3600;
  pin.timer.deadline_at = yellow + 4 * 3600;
  return pin;
}

static double
cpu_ms (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec * 1000.0 + u.ru_utime.tv_usec / 1000.0 + u.ru_stime.tv_sec * 1000.0 +
         u.ru_stime.tv_usec / 1000.0;
}

typedef struct {
  Run   *run;
  GRand *rand;
  gint64 now;
  guint  batches;
} Changes;

/* 50 changes every 50 ms: a thousand a second, a third of them new tickets, a third
 * moved, a third closed. */
static gboolean
on_changes (gpointer data)
{
  Changes *c = data;

  for (guint i = 0; i < 50; i++)
    {
      guint kind = g_rand_int_range (c->rand, 0, 3);
      gint64 id = g_rand_int_range (c->rand, 1, N_PINS + 1);

      if (kind == 2)
        gw_pin_index_remove (c->run->index, id);
      else
        {
          GwPin pin = random_pin (c->rand, kind == 0 ? N_PINS + c->batches * 50 + i + 1 : id, c->now);
          gw_pin_index_set (c->run->index, &pin, c->now);
        }
    }
  gw_pin_layer_changed (c->run->layer);
  if (c->run->change_at == 0)
    c->run->change_at = bench_now_ms ();
  c->batches++;
  return G_SOURCE_CONTINUE;
}

static const char *
renderer (void)
{
  const char *r = g_getenv ("GSK_RENDERER");
  return r && *r ? r : "gl";
}

static gboolean
window_ready (gpointer data)
{
  return gw_map_window_is_ready (GW_MAP_WINDOW (data));
}

static void
wait_until (gboolean (*condition) (gpointer),
            gpointer   data)
{
  gint64 limit = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > limit)
        g_error ("the map did not get ready in time");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    g_error ("%s", error->message);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static double first_paint_at;

static void
on_first_paint (GdkFrameClock *clock,
                GwMapWindow   *window)
{
  if (first_paint_at == 0 && gw_map_window_is_ready (window))
    first_paint_at = bench_now_ms ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = bench_tongnan_db ();
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwClock) clock = gw_clock_new_real ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (2026);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double ours_p50, ours_p95, stock_p50, stock_p95, cpu0, t0, cpu, wall, open_t0, first;
  g_autofree char *name = NULL;
  gboolean opened = FALSE;
  guint n_real;
  Run *run;

  gtk_init ();
  adw_init ();
  loop = g_main_loop_new (NULL, FALSE);
  {
    g_autoptr(GwDb) db = gw_db_open (db_path, &error);
    if (db == NULL)
      g_error ("%s", error->message);
  }
  gw_store_open_async (store, db_path, NULL, on_opened, &opened);
  wait_until (is_true, &opened);

  /* Opening the window on the full county: to the first frame with its boundaries and its
   * open tickets drawn. */
  open_t0 = bench_now_ms ();
  run = open_map (loop, store, clock);
  gtk_window_present (GTK_WINDOW (run->window));
  g_signal_connect (gtk_widget_get_frame_clock (run->window), "after-paint", G_CALLBACK (on_first_paint), run->window);
  wait_until (window_ready, run->window);
  while (first_paint_at == 0)
    g_main_context_iteration (NULL, TRUE);
  first = first_paint_at - open_t0;
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (run->window), on_first_paint, run->window);
  n_real = gw_pin_index_get_n_pins (run->index);

  /* Then 100,000 pins in the county, in place of its own open tickets. */
  gw_pin_index_clear (run->index);
  for (gint64 id = 1; id <= N_PINS; id++)
    {
      GwPin pin = random_pin (rand, id, now);
      gw_pin_index_set (run->index, &pin, now);
    }
  gw_pin_layer_changed (run->layer);
  if (g_getenv ("GW_BENCH_NO_PINS"))
    gw_map_window_set_layer_visible (GW_MAP_WINDOW (run->window), "pins", FALSE);
  if (g_getenv ("GW_BENCH_NO_BASE"))
    gw_map_window_set_layer_visible (GW_MAP_WINDOW (run->window), "boundaries", FALSE);
  measure (run, 600);
  ours_p50 = percentile (run->busy, 0.5);
  ours_p95 = percentile (run->busy, 0.95);

  /* A thousand changes a second for five seconds, the view still. */
  {
    Changes c = { run, rand, now, 0 };
    guint id;

    g_array_set_size (run->shown, 0);
    cpu0 = cpu_ms ();
    t0 = bench_now_ms ();
    id = g_timeout_add (50, on_changes, &c);
    spin (loop, 5000);
    g_source_remove (id);
    cpu = cpu_ms () - cpu0;
    wall = bench_now_ms () - t0;
  }
  {
    /* The same five seconds without changes: what the window costs idle. */
    double idle0 = cpu_ms (), idle_t0 = bench_now_ms (), idle;

    spin (loop, 5000);
    idle = (cpu_ms () - idle0) / (bench_now_ms () - idle_t0);
    name = g_strdup_printf ("map_1000_changes_per_s_cpu_%s", renderer ());
    bench_figure (name, 100.0 * cpu / wall, "%core", 100.0 * idle, "%core(idle)");
  }
  g_free (name);
  name = g_strdup_printf ("map_change_to_frame_p95_%s", renderer ());
  bench_figure (name, percentile (run->shown, 0.95), "ms", 250, "ms(target)");
  close_map (run);

  /* Stock: the same window with 10,000 ShumateMarker widgets in place of the pin layer. */
  run = open_map (loop, store, clock);
  gtk_window_present (GTK_WINDOW (run->window));
  wait_until (window_ready, run->window);
  gw_map_window_set_layer_visible (GW_MAP_WINDOW (run->window), "pins", FALSE);
  {
    ShumateMarkerLayer *markers = shumate_marker_layer_new (run->viewport);
    GRand *r2 = g_rand_new_with_seed (7);
    double build0 = bench_now_ms ();

    for (guint i = 0; i < N_MARKERS; i++)
      {
        ShumateMarker *marker = shumate_marker_new ();
        GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");

        shumate_marker_set_child (marker, dot);
        shumate_location_set_location (SHUMATE_LOCATION (marker), g_rand_double_range (r2, LAT0, LAT1),
                                       g_rand_double_range (r2, LON0, LON1));
        shumate_marker_layer_add_marker (markers, marker);
      }
    g_printerr ("stock: %u markers added in %.0f ms\n", N_MARKERS, bench_now_ms () - build0);
    g_rand_free (r2);
    shumate_map_add_layer (run->map, SHUMATE_LAYER (markers));
  }
  measure (run, 300);
  stock_p50 = percentile (run->busy, 0.5);
  stock_p95 = percentile (run->busy, 0.95);
  close_map (run);

  g_free (name);
  name = g_strdup_printf ("map_first_paint_full_county_%s", renderer ());
  bench_figure (name, first, "ms", -1, NULL);
  g_printerr ("the county's own open tickets: %u\n", n_real);
  g_free (name);
  name = g_strdup_printf ("map_frame_busy_p50_%s", renderer ());
  bench_figure (name, ours_p50, "ms", stock_p50, "ms(10000 ShumateMarkers)");
  g_free (name);
  name = g_strdup_printf ("map_frame_busy_p95_%s", renderer ());
  bench_figure (name, ours_p95, "ms", stock_p95, "ms(10000 ShumateMarkers)");
  g_rand_free (rand);
  return 0;
}
