/* The video wall's media cost, without a display: GwVideoSources on a GMainLoop reading a
 * real gridwatch-camsim over RTSP, each frame made a texture on the main context (the work
 * a wall tile does, short of painting it).
 *
 *  - wall-16-cpu: this process's CPU (all its threads; getrusage) with 16 tiles of
 *    640×360 at 25 fps, against gst-launch-1.0 only decoding the same 16 streams to
 *    fakesink, measured from /proc/<pid>/stat in the same run; ratio = ours / decoding.
 *  - wall-16-fps-min, wall-16-fps-mean: frames delivered per tile per second meanwhile,
 *    against the cameras' 25.
 *  - wall-hidden-tile-cost: the same 16 tiles all inactive, against all active.
 *  - wall-max-tiles-25fps: the most tiles (16, 20, 25, 36, 49, 64, 81, 100 in turn) that
 *    all keep 24 frames a second or more, each at its share of a 1920×1080 wall (480×270
 *    for 16, 320×180 for 36, …); tiles beyond the 16 cameras share their streams, so the
 *    simulator's encoding stays that of 16 cameras.
 *  - wall-switch-16: 16 live tiles switched to 16 other cameras, until all are live again
 *    (median of 3), against one tile switched alone.
 *
 * The simulator runs beside us on the same cores and its encoding (16 H.264 streams) is
 * not ours: its CPU is printed on stderr, not counted. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-common.h"
#include "gw-video-source.h"

#define N_CAMERAS      32     /* 16 on the wall, 16 to switch to */
#define N_WALL         16
#define FPS            25
#define SUB_WIDTH      640
#define SUB_HEIGHT     360
#define MEASURE_MS     10000
#define STEP_MS        5000
#define WARM_MS        2000
#define LIVE_TIMEOUT_MS 30000
#define MAX_TILES      100

typedef struct {
  GwVideoSource *source;
  guint          frames;
} Tile;

static GSubprocess *camsim;
static guint camsim_port;

/* Time and CPU ------------------------------------------------------------------------- */

static double
self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of another process, in seconds; -1 when it is gone. */
static double
process_cpu_s (GSubprocess *process)
{
  const char *id = g_subprocess_get_identifier (process);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (id == NULL)
    return -1;
  path = g_strdup_printf ("/proc/%s/stat", id);
  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return -1;
  /* After "pid (comm) ": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (after + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until condition (data) holds, looking every 10 ms (a worker's
 * progress wakes nobody); FALSE after timeout_ms. Without a condition, runs it for
 * timeout_ms with no wake-ups of its own (what is measured is the tiles' alone). */
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

static void
run_for (guint ms)
{
  run_until (NULL, NULL, ms);
}

/* Children ------------------------------------------------------------------------------ */

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GPtrArray *argv,
       gboolean   pipe_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new ((pipe_stdout ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE) |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  if (process == NULL)
    g_error ("%s: %s", (const char *) argv->pdata[0], error->message);
  return process;
}

static char *
camera_id (guint i)
{
  return g_strdup_printf ("5002230000132%07u", i + 1);
}

static char *
camera_uri (guint i)
{
  g_autofree char *id = camera_id (i);

  /* Over TCP: on loopback UDP the simulator drops frames as soon as it is busy (its
   * sinks throw late packets away), which would be counted against the tiles. */
  return g_strdup_printf ("rtspt://127.0.0.1:%u/%s/sub", camsim_port, id);
}

static void
camsim_start (void)
{
  const char *bin = g_getenv ("GW_CAMSIM_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_add (argv, g_strdup (bin));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--ids"));
  g_ptr_array_add (argv, g_strdup (ids->str));
  g_ptr_array_add (argv, g_strdup ("--fps"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", FPS));
  g_ptr_array_add (argv, g_strdup ("--sub-width"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", SUB_WIDTH));
  g_ptr_array_add (argv, g_strdup ("--sub-height"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", SUB_HEIGHT));
  /* One encoder for all the cameras: 16 of them cost the simulator 1.4 cores, which left
   * the 2 cores too few for it to keep 25 frames a second once we decoded them. */
  g_ptr_array_add (argv, g_strdup ("--one-picture"));
  camsim = spawn (argv, TRUE);
  /* Setup, before anything is measured: a blocking read is fine here. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camsim));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || sscanf (line, "camsim listening on rtsp://127.0.0.1:%u/", &camsim_port) != 1)
    g_error ("gridwatch-camsim did not start: %s", error ? error->message : line ? line : "no output");
}

/* gst-launch-1.0 decoding the wall's 16 streams to fakesink: the floor. */
static GSubprocess *
decoder_start (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *program = g_find_program_in_path ("gst-launch-1.0");

  if (program == NULL)
    return NULL;
  g_ptr_array_add (argv, g_steal_pointer (&program));
  g_ptr_array_add (argv, g_strdup ("-q"));
  for (guint i = 0; i < N_WALL; i++)
    {
      g_autofree char *uri = camera_uri (i);

      g_ptr_array_add (argv, g_strdup ("uridecodebin"));
      g_ptr_array_add (argv, g_strdup_printf ("uri=%s", uri));
      g_ptr_array_add (argv, g_strdup ("!"));
      g_ptr_array_add (argv, g_strdup ("fakesink"));
      g_ptr_array_add (argv, g_strdup ("sync=false"));
    }
  return spawn (argv, FALSE);
}

/* Tiles ---------------------------------------------------------------------------------- */

static void
on_contents (GdkPaintable *paintable,
             Tile         *tile)
{
  tile->frames++;
}

static void
tile_start (Tile  *tile,
            guint  camera,
            int    width,
            int    height)
{
  g_autofree char *uri = camera_uri (camera);

  tile->source = gw_video_source_new (uri);
  tile->frames = 0;
  gw_video_source_set_give_up_after (tile->source, 0);
  gw_video_source_set_output_size (tile->source, width, height);
  g_signal_connect (tile->source, "invalidate-contents", G_CALLBACK (on_contents), tile);
  gw_video_source_play (tile->source);
}

static void
tile_clear (Tile *tile)
{
  if (tile->source)
    g_signal_handlers_disconnect_by_data (tile->source, tile);
  g_clear_object (&tile->source);
}

typedef struct {
  Tile  *tiles;
  guint  n;
} Wall;

static gboolean
all_live (gpointer data)
{
  Wall *wall = data;

  for (guint i = 0; i < wall->n; i++)
    if (gw_video_source_get_state (wall->tiles[i].source) != GW_VIDEO_STATE_LIVE)
      return FALSE;
  return TRUE;
}

static gboolean
no_teardowns_pending (gpointer data)
{
  return gw_video_source_get_pending_teardowns () == 0;
}

static void
wall_clear (Wall *wall)
{
  for (guint i = 0; i < wall->n; i++)
    tile_clear (&wall->tiles[i]);
  if (!run_until (no_teardowns_pending, NULL, 30000))
    g_error ("pipelines still being torn down after 30 s");
}

static void
reset_frames (Wall *wall)
{
  for (guint i = 0; i < wall->n; i++)
    wall->tiles[i].frames = 0;
}

typedef struct {
  double cpu_percent;     /* ours */
  double camsim_percent;
  double fps_min;
  double fps_mean;
} Measure;

static Measure
measure (Wall  *wall,
         guint  ms)
{
  Measure m = { 0, };
  double t0, cpu0, sim0, seconds;

  reset_frames (wall);
  t0 = bench_now_ms ();
  cpu0 = self_cpu_s ();
  sim0 = process_cpu_s (camsim);
  run_for (ms);
  seconds = (bench_now_ms () - t0) / 1000.0;
  m.cpu_percent = 100.0 * (self_cpu_s () - cpu0) / seconds;
  m.camsim_percent = 100.0 * (process_cpu_s (camsim) - sim0) / seconds;
  m.fps_min = wall->n ? G_MAXDOUBLE : 0;
  for (guint i = 0; i < wall->n; i++)
    {
      double fps = wall->tiles[i].frames / seconds;

      m.fps_min = MIN (m.fps_min, fps);
      m.fps_mean += fps / wall->n;
    }
  return m;
}

/* ms until all n tiles, started anew on cameras first…first+n-1, are live. */
static double
switch_to (Wall  *wall,
           guint  first)
{
  double t0 = bench_now_ms ();

  for (guint i = 0; i < wall->n; i++)
    {
      tile_clear (&wall->tiles[i]);
      tile_start (&wall->tiles[i], first + i, SUB_WIDTH, SUB_HEIGHT);
    }
  if (!run_until (all_live, wall, LIVE_TIMEOUT_MS))
    g_error ("not every tile was live %d s after the switch", LIVE_TIMEOUT_MS / 1000);
  return bench_now_ms () - t0;
}

static double
median3 (double a,
         double b,
         double c)
{
  return MAX (MIN (a, b), MIN (MAX (a, b), c));
}

/* The wall's grid for n tiles, and each tile's share of 1920×1080. */
static void
tile_size (guint  n,
           int   *width,
           int   *height)
{
  guint cols = (guint) ceil (sqrt (n));
  guint rows = (n + cols - 1) / cols;

  *width = 1920 / cols;
  *height = 1080 / rows;
}

int
main (int    argc,
      char **argv)
{
  static const guint steps[] = { 16, 20, 25, 36, 49, 64, 81, MAX_TILES };
  Tile tiles[MAX_TILES] = { { 0, } };
  Wall wall = { tiles, N_WALL };
  Measure active, hidden;
  g_autoptr(GSubprocess) decoder = NULL;
  double decoder_percent = -1, t0, cpu0, one_tile[3], sixteen[3];
  guint max_tiles = 0;

  gst_init (&argc, &argv);
  camsim_start ();

  /* 16 tiles at the sub-stream's own 640×360. */
  for (guint i = 0; i < N_WALL; i++)
    tile_start (&tiles[i], i, SUB_WIDTH, SUB_HEIGHT);
  if (!run_until (all_live, &wall, LIVE_TIMEOUT_MS))
    g_error ("not every tile was live after %d s", LIVE_TIMEOUT_MS / 1000);
  run_for (WARM_MS);
  active = measure (&wall, MEASURE_MS);
  g_printerr ("# 16 tiles 640x360: ours %.1f %% of a core, fps min %.1f mean %.1f; "
              "camsim (encoding, not ours) %.1f %%\n",
              active.cpu_percent, active.fps_min, active.fps_mean, active.camsim_percent);

  /* All hidden. */
  for (guint i = 0; i < N_WALL; i++)
    gw_video_source_set_active (tiles[i].source, FALSE);
  if (!run_until (no_teardowns_pending, NULL, 30000))
    g_error ("pipelines still being torn down after 30 s");
  run_for (1000);
  hidden = measure (&wall, STEP_MS);
  g_printerr ("# 16 tiles inactive: ours %.2f %% of a core, %.0f frames a second in all\n",
              hidden.cpu_percent, hidden.fps_mean * N_WALL);
  t0 = bench_now_ms ();
  for (guint i = 0; i < N_WALL; i++)
    gw_video_source_set_active (tiles[i].source, TRUE);
  if (!run_until (all_live, &wall, LIVE_TIMEOUT_MS))
    g_error ("not every tile was live again after %d s", LIVE_TIMEOUT_MS / 1000);
  g_printerr ("# 16 tiles active again: all live after %.0f ms\n", bench_now_ms () - t0);

  /* Switching cameras: the wall of 16, and one tile alone. */
  sixteen[0] = switch_to (&wall, N_WALL);
  sixteen[1] = switch_to (&wall, 0);
  sixteen[2] = switch_to (&wall, N_WALL);
  wall_clear (&wall);
  {
    /* Another tile stays on: with --one-picture every camera is one shared stream, and
     * gst-rtsp-server turns away a client that comes while the last one's leaving is
     * still stopping it (the 16 tiles never all leave at once). */
    Wall one = { tiles, 1 };
    Wall other = { tiles + 1, 1 };

    tile_start (&tiles[1], N_CAMERAS - 1, SUB_WIDTH, SUB_HEIGHT);
    tile_start (&tiles[0], 0, SUB_WIDTH, SUB_HEIGHT);
    run_until (all_live, &other, LIVE_TIMEOUT_MS);
    run_until (all_live, &one, LIVE_TIMEOUT_MS);
    one_tile[0] = switch_to (&one, N_WALL);
    one_tile[1] = switch_to (&one, 0);
    one_tile[2] = switch_to (&one, N_WALL);
    wall_clear (&one);
    wall_clear (&other);
  }
  g_printerr ("# switch 16: %.0f %.0f %.0f ms; one tile: %.0f %.0f %.0f ms\n", sixteen[0], sixteen[1],
              sixteen[2], one_tile[0], one_tile[1], one_tile[2]);

  /* The floor: the same 16 streams decoded by gst-launch-1.0, nothing of ours running. */
  decoder = decoder_start ();
  if (decoder)
    {
      double sim0;

      run_for (4000);
      t0 = bench_now_ms ();
      cpu0 = process_cpu_s (decoder);
      sim0 = process_cpu_s (camsim);
      run_for (MEASURE_MS);
      decoder_percent = 100.0 * (process_cpu_s (decoder) - cpu0) / ((bench_now_ms () - t0) / 1000.0);
      g_printerr ("# gst-launch-1.0 decoding 16 streams: %.1f %% of a core; camsim %.1f %%\n", decoder_percent,
                  100.0 * (process_cpu_s (camsim) - sim0) / ((bench_now_ms () - t0) / 1000.0));
      g_subprocess_force_exit (decoder);
      g_subprocess_wait (decoder, NULL, NULL);
    }
  else
    g_printerr ("# gst-launch-1.0 is not installed: no floor\n");

  /* More and smaller tiles until one falls under 24 frames a second. */
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      Wall step = { tiles, steps[s] };
      Measure m;
      int width, height;
      gboolean live;

      tile_size (step.n, &width, &height);
      for (guint i = 0; i < step.n; i++)
        tile_start (&tiles[i], i % N_WALL, width, height);
      live = run_until (all_live, &step, LIVE_TIMEOUT_MS);
      run_for (WARM_MS);
      m = measure (&step, STEP_MS);
      g_printerr ("# %u tiles of %dx%d: %s, fps min %.1f mean %.1f, ours %.0f %%, camsim %.0f %%\n", step.n,
                  width, height, live ? "all live" : "NOT all live", m.fps_min, m.fps_mean, m.cpu_percent,
                  m.camsim_percent);
      wall_clear (&step);
      if (!live || m.fps_min < FPS - 1)
        break;
      max_tiles = step.n;
    }

  bench_figure_rate ("wall-16-cpu", active.cpu_percent, "%", decoder_percent, "%(gst-launch-1.0_decoding_to_fakesink)");
  bench_figure_rate ("wall-16-fps-min", active.fps_min, "fps", FPS, "fps(camera)");
  bench_figure_rate ("wall-16-fps-mean", active.fps_mean, "fps", FPS, "fps(camera)");
  bench_figure_rate ("wall-hidden-tile-cost", hidden.cpu_percent, "%", active.cpu_percent, "%(16_active)");
  bench_figure_rate ("wall-max-tiles-25fps", max_tiles, "tiles", 36, "tiles(6x6_preset)");
  bench_figure ("wall-switch-16", median3 (sixteen[0], sixteen[1], sixteen[2]), "ms",
                median3 (one_tile[0], one_tile[1], one_tile[2]), "ms(one_tile)");

  g_subprocess_send_signal (camsim, SIGTERM);
  g_subprocess_wait (camsim, NULL, NULL);
  g_clear_object (&camsim);
  return 0;
}
