/* The video wall's glass-to-glass latency in real windows: gridwatch-camsim --timecode
 * cameras shown by real GwWallTiles. Each frame carries the wall-clock time at which it
 * entered the simulator's encoder (the strip of gw-camsim-timecode.h, the same instant as
 * the clock written on it); the benchmark reads it back from the texture a tile shows
 * and subtracts it from the wall clock of the same machine.
 *
 *  - wall-glass-to-glass-p50, -p95: one tile (the sub-stream, 640×360) filling a 1280×720
 *    window, read at the window's frame clock "after-paint" of every frame that showed
 *    a new texture: encoding, RTSP over loopback, decoding, the texture, and the paint.
 *  - wall-camera-to-texture-p50, -p95: the same frames when they became textures (the
 *    source's "invalidate-contents", before any paint): what is left of the first pair
 *    is the display's part.
 *  - wall-16-glass-to-glass-p50, -p95 (and -camera-to-texture-): a 4 × 4 GwWallView
 *    filling a 1920×1080 window, 16 tiles of about 480×270.
 * Each against the target, 300 ms on loopback. Samples are taken for MEASURE_MS once every
 * tile is live and has warmed up. A texture is read once, when it arrives (the paint
 * reuses that reading): the benchmark's own cost stays a copy of the texture per frame.
 *
 * The 16 cameras are one picture encoded once (--one-picture): 16 encoders would take
 * 1.4 of the 2 cores (see bench-wall-media) and measure the simulator, not the wall.
 * The cameras' addresses are rtsp:// as the demo county stores them (rtspsrc tries UDP
 * first). Run under a display (the meson benchmark wraps it in xvfb-run). */
#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "bench-common.h"
#include "gw-camsim-timecode.h"
#include "gw-video-source.h"
#include "gw-wall-layout.h"
#include "gw-wall-tile.h"
#include "gw-wall-view.h"

#define N_CAMERAS        16
#define TARGET_MS        300
#define MEASURE_MS       10000
#define WARM_MS          1000
#define LIVE_TIMEOUT_MS  30000

typedef struct _Run Run;

typedef struct {
  Run           *run;
  GwWallTile    *tile;
  GwVideoSource *source;        /* the tile's, watched for arrivals */
  GdkTexture    *arrived;       /* the newest texture seen arriving */
  gboolean       arrived_read;  /* its strip read right */
  guint64        arrived_stamp;
  GdkTexture    *painted;       /* the texture on show at the last after-paint */
  guint8        *pixels;        /* download buffer */
  gsize          pixels_size;
} Watch;

struct _Run {
  Watch    *watches;
  guint     n;
  gboolean  measuring;
  GArray   *glass;      /* ms, at after-paint */
  GArray   *texture;    /* ms, on arrival */
  guint     misread;    /* textures whose strip did not read */
  guint     frames;     /* after-paints while measuring */
};

static GSubprocess *camsim;
static guint camsim_port;

/* The simulator ------------------------------------------------------------------------- */

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
camera_id (guint i)
{
  return g_strdup_printf ("5002230000132%07u", i + 1);
}

static void
camsim_start (void)
{
  const char *bin = g_getenv ("GW_CAMSIM_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (bin == NULL)
    g_error ("GW_CAMSIM_BIN is not set");
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autofree char *id = camera_id (i);
      g_string_append_printf (ids, "%s%s", i ? "," : "", id);
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  camsim = g_subprocess_launcher_spawn (launcher, &error, bin, "--port", "0", "--ids", ids->str,
                                        "--fps", "25", "--one-picture", "--timecode", NULL);
  if (camsim == NULL)
    g_error ("%s: %s", bin, error->message);
  /* Setup, before anything is measured: a blocking read is fine here. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camsim));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || sscanf (line, "camsim listening on rtsp://127.0.0.1:%u/", &camsim_port) != 1)
    g_error ("gridwatch-camsim did not start: %s", error ? error->message : line ? line : "no output");
}

static void
camsim_stop (void)
{
  g_subprocess_send_signal (camsim, SIGTERM);
  g_subprocess_wait (camsim, NULL, NULL);
  g_clear_object (&camsim);
}

static GwCamera *
camera (guint i)
{
  GwCamera *c = gw_camera_new ();

  c->id = camera_id (i);
  c->name = g_strdup_printf ("Timecode %u", i + 1);
  c->main_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/%s/main", camsim_port, c->id);
  c->sub_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/%s/sub", camsim_port, c->id);
  return c;
}

/* Reading the strip --------------------------------------------------------------------- */

static gboolean
read_texture (Watch      *w,
              GdkTexture *texture,
              guint64    *stamp)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;

  if (w->pixels_size < stride * height)
    {
      g_free (w->pixels);
      w->pixels_size = stride * height;
      w->pixels = g_malloc (w->pixels_size);
    }
  /* Premultiplied BGRA of opaque pixels: the first three bytes are the colour. */
  gdk_texture_download (texture, w->pixels, stride);
  return gw_camsim_timecode_read (w->pixels, stride, 4, width, height, stamp);
}

static void
append (GArray *values,
        gint64  ms)
{
  double v = (double) ms;

  g_array_append_val (values, v);
}

/* A new frame became the source's texture (on the main context, before any paint). */
static void
on_contents (GdkPaintable *paintable,
             gpointer      user_data)
{
  Watch *w = user_data;
  GdkTexture *texture = gw_video_source_get_texture (w->source);
  Run *run = w->run;
  gint64 now = g_get_real_time ();

  if (texture == NULL || texture == w->arrived)
    {
      g_clear_object (&texture);
      return;
    }
  g_clear_object (&w->arrived);
  w->arrived = texture;
  w->arrived_read = read_texture (w, texture, &w->arrived_stamp);
  if (!run->measuring)
    return;
  if (w->arrived_read)
    append (run->texture, gw_camsim_timecode_age_ms (w->arrived_stamp, now));
  else
    run->misread++;
}

/* A frame of the window is painted: each tile whose texture changed shows a new frame. */
static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  gint64 now = g_get_real_time ();

  if (!run->measuring)
    return;
  run->frames++;
  for (guint i = 0; i < run->n; i++)
    {
      Watch *w = &run->watches[i];
      GwVideoSource *source = gw_wall_tile_get_source (w->tile);
      g_autoptr(GdkTexture) texture = source ? gw_video_source_get_texture (source) : NULL;
      guint64 stamp;
      gboolean ok;

      if (texture == NULL || texture == w->painted)
        continue;
      g_set_object (&w->painted, texture);
      if (texture == w->arrived)
        {
          ok = w->arrived_read;
          stamp = w->arrived_stamp;
        }
      else
        ok = read_texture (w, texture, &stamp);
      if (ok)
        append (run->glass, gw_camsim_timecode_age_ms (stamp, now));
    }
}

/* The main loop ------------------------------------------------------------------------- */

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until condition (data) holds, looking every 10 ms; FALSE after
 * timeout_ms. Without a condition, runs it for timeout_ms. */
static gboolean
run_until (gboolean (*condition) (gpointer data),
           gpointer   data,
           guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);
  guint poll = condition ? g_timeout_add (10, on_poll, NULL) : 0;

  while ((condition == NULL || !condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (poll)
    g_source_remove (poll);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static gboolean
all_live (gpointer data)
{
  Run *run = data;

  for (guint i = 0; i < run->n; i++)
    {
      GwVideoSource *source = gw_wall_tile_get_source (run->watches[i].tile);

      if (source == NULL || gw_video_source_get_state (source) != GW_VIDEO_STATE_LIVE)
        return FALSE;
    }
  return TRUE;
}

static gboolean
no_teardowns_pending (gpointer data)
{
  return gw_video_source_get_pending_teardowns () == 0;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, bench_compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (values->len * p)));
}

/* A run ----------------------------------------------------------------------------------- */

typedef struct {
  double glass_p50, glass_p95, texture_p50, texture_p95;
} Result;

/* Shows n cameras (1: a lone tile; 16: a 4 × 4 wall) in a window of width × height,
 * waits for them to be live, and measures. */
static Result
measure (guint n,
         int   width,
         int   height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  Run run = { g_new0 (Watch, n), n, FALSE, g_array_new (FALSE, FALSE, sizeof (double)),
              g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  GdkFrameClock *clock;
  Result r;
  double t0, seconds;

  gtk_window_set_default_size (window, width, height);
  if (n == 1)
    {
      GtkWidget *tile = gw_wall_tile_new ();

      gtk_window_set_child (window, tile);
      run.watches[0].tile = GW_WALL_TILE (tile);
    }
  else
    {
      g_autoptr(GwWallLayout) layout = gw_wall_layout_get_preset ("16");
      GtkWidget *view = gw_wall_view_new ();

      g_assert (n == gw_wall_layout_get_n_cells (layout));
      gw_wall_view_set_layout (GW_WALL_VIEW (view), layout);
      gtk_window_set_child (window, view);
      for (guint i = 0; i < n; i++)
        run.watches[i].tile = gw_wall_view_get_tile (GW_WALL_VIEW (view), i);
    }
  gtk_window_present (window);
  if (!run_until (is_mapped, window, LIVE_TIMEOUT_MS))
    g_error ("the window was not shown");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCamera) c = camera (i);
      Watch *w = &run.watches[i];

      gw_wall_tile_set_camera (w->tile, c, "Benchmark");
      w->source = gw_wall_tile_get_source (w->tile);
      g_assert (w->source != NULL);
      w->run = &run;
      g_signal_connect (w->source, "invalidate-contents", G_CALLBACK (on_contents), w);
    }
  t0 = bench_now_ms ();
  if (!run_until (all_live, &run, LIVE_TIMEOUT_MS))
    g_error ("not every tile was live after %d s", LIVE_TIMEOUT_MS / 1000);
  g_printerr ("# %u tile(s): all live after %.0f ms\n", n, bench_now_ms () - t0);
  run_until (NULL, NULL, WARM_MS);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &run);
  t0 = bench_now_ms ();
  run.measuring = TRUE;
  run_until (NULL, NULL, MEASURE_MS);
  run.measuring = FALSE;
  seconds = (bench_now_ms () - t0) / 1000.0;
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, &run);

  {
    GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
    int tw = run.watches[0].arrived ? gdk_texture_get_width (run.watches[0].arrived) : 0;
    int th = run.watches[0].arrived ? gdk_texture_get_height (run.watches[0].arrived) : 0;

    g_printerr ("# %u tile(s) of %dx%d, %s: %.1f painted frames a second, %.1f textures a second per tile "
                "(%u read at paint, %u on arrival, %u unreadable)\n",
                n, tw, th, renderer ? G_OBJECT_TYPE_NAME (renderer) : "no renderer",
                run.frames / seconds, run.texture->len / seconds / n, run.glass->len, run.texture->len,
                run.misread);
  }
  r.glass_p50 = percentile (run.glass, 0.5);
  r.glass_p95 = percentile (run.glass, 0.95);
  r.texture_p50 = percentile (run.texture, 0.5);
  r.texture_p95 = percentile (run.texture, 0.95);
  g_printerr ("# %u tile(s): glass-to-glass min %.0f p50 %.0f p95 %.0f max %.0f ms; camera-to-texture p50 %.0f p95 %.0f ms\n",
              n, run.glass->len ? g_array_index (run.glass, double, 0) : -1, r.glass_p50, r.glass_p95,
              run.glass->len ? g_array_index (run.glass, double, run.glass->len - 1) : -1,
              r.texture_p50, r.texture_p95);

  for (guint i = 0; i < n; i++)
    {
      Watch *w = &run.watches[i];

      g_signal_handlers_disconnect_by_data (w->source, w);
      g_clear_object (&w->arrived);
      g_clear_object (&w->painted);
      g_free (w->pixels);
    }
  gtk_window_destroy (window);
  if (!run_until (no_teardowns_pending, NULL, 30000))
    g_error ("pipelines still being torn down after 30 s");
  g_array_unref (run.glass);
  g_array_unref (run.texture);
  g_free (run.watches);
  return r;
}

int
main (int    argc,
      char **argv)
{
  Result one, wall;

  gtk_init ();
  adw_init ();
  gst_init (&argc, &argv);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gridwatch/Gridwatch/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  }
  camsim_start ();

  one = measure (1, 1280, 720);
  /* The shared stream stops when the last client goes, and gst-rtsp-server turns away a
   * client that comes meanwhile (the tiles would retry after a second): let it stop. */
  run_until (NULL, NULL, 1000);
  wall = measure (N_CAMERAS, 1920, 1080);

  bench_figure ("wall-glass-to-glass-p50", one.glass_p50, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-glass-to-glass-p95", one.glass_p95, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-camera-to-texture-p50", one.texture_p50, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-camera-to-texture-p95", one.texture_p95, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-16-glass-to-glass-p50", wall.glass_p50, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-16-glass-to-glass-p95", wall.glass_p95, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-16-camera-to-texture-p50", wall.texture_p50, "ms", TARGET_MS, "ms(target)");
  bench_figure ("wall-16-camera-to-texture-p95", wall.texture_p95, "ms", TARGET_MS, "ms(target)");

  camsim_stop ();
  return 0;
}
