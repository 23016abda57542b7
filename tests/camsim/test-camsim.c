/* gridwatch-camsim as the wall and the console meet it: the real binary on 127.0.0.1,
 * port 0, each camera read back over RTSP by a real GStreamer pipeline (rtspsrc ->
 * decodebin -> appsink) until decoded frames arrive. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "gw-camsim-timecode.h"
#include "gw-db-related.h"
#include "gw-db.h"
#include "gw-demo.h"

#define ID_A  "50022300001320000001"
#define ID_B  "50022300001310000002"
#define NOW   1795276800  /* 2026-11-22T00:00:00+08:00 */
/* Long enough for a loaded machine, short enough that a hang fails well inside the
 * suite's timeout. */
#define START_TIMEOUT_S  15
#define READ_TIMEOUT_S   15
#define EXIT_TIMEOUT_S   10
/* Frames decoded before a stream counts as working. */
#define FRAMES           3

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  GDataInputStream *err;   /* NULL unless asked for */
  guint             port;
  char             *line;  /* the listening line */
} Camsim;

static char *tmpdir;
static Camsim main_camsim;

/* Waiting with a deadline -------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  gboolean   timed_out;
  guint      timeout_id;
} Wait;

static gboolean
on_wait_timeout (gpointer user_data)
{
  Wait *w = user_data;

  w->timed_out = TRUE;
  w->timeout_id = 0;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static void
wait_init (Wait *w,
           guint seconds)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  w->timed_out = FALSE;
  w->timeout_id = g_timeout_add_seconds (seconds, on_wait_timeout, w);
}

static void
wait_run (Wait *w)
{
  g_main_loop_run (w->loop);
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  g_clear_pointer (&w->loop, g_main_loop_unref);
}

typedef struct {
  Wait   wait;
  char  *line;
  GError *error;
} LineRead;

static void
on_line_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *r = user_data;

  r->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &r->error);
  if (r->wait.loop)
    g_main_loop_quit (r->wait.loop);
}

/* A line of a child's output, or NULL at its end; fails the test after `seconds`. */
static char *
read_line (GDataInputStream *stream,
           guint             seconds)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LineRead r = { { NULL, FALSE, 0 }, NULL, NULL };

  wait_init (&r.wait, seconds);
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable, on_line_read, &r);
  wait_run (&r.wait);
  if (r.wait.timed_out)
    {
      g_cancellable_cancel (cancellable);
      g_error ("no line from gridwatch-camsim within %u s", seconds);
    }
  g_assert_no_error (r.error);
  return r.line;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  if (w->loop)
    g_main_loop_quit (w->loop);
}

/* Waits for the process to end (failing the test after EXIT_TIMEOUT_S) and returns its exit
 * status; a death by signal fails the test. */
static int
wait_exit (GSubprocess *process)
{
  Wait w;

  wait_init (&w, EXIT_TIMEOUT_S);
  g_subprocess_wait_async (process, NULL, on_exited, &w);
  wait_run (&w);
  if (w.timed_out)
    {
      g_subprocess_force_exit (process);
      g_error ("gridwatch-camsim did not exit within %d s", EXIT_TIMEOUT_S);
    }
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The camera simulator ------------------------------------------------------------------ */

static void
child_setup (gpointer data)
{
  /* The simulator goes when the test goes, however the test ends. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char *const *args,
       gboolean           pipe_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (pipe_stderr ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_ptr_array_add (argv, (gpointer) g_getenv ("GW_CAMSIM_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Starts a simulator and waits for its listening line. */
static void
camsim_start (Camsim            *c,
              const char *const *args,
              gboolean           pipe_stderr)
{
  char tail[64];

  memset (c, 0, sizeof *c);
  c->process = spawn (args, pipe_stderr);
  c->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (c->process));
  if (pipe_stderr)
    c->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (c->process));
  c->line = read_line (c->out, START_TIMEOUT_S);
  g_assert_nonnull (c->line);
  g_test_message ("%s", c->line);
  g_assert_cmpint (sscanf (c->line, "camsim listening on rtsp://127.0.0.1:%u/ %63[^\n]", &c->port, tail), ==, 2);
  g_assert_cmpuint (c->port, >, 0);
}

static void
camsim_clear (Camsim *c)
{
  /* Still running only when a test failed half-way. */
  if (c->process && g_subprocess_get_identifier (c->process) != NULL)
    {
      g_subprocess_force_exit (c->process);
      g_subprocess_wait (c->process, NULL, NULL);
    }
  g_clear_object (&c->out);
  g_clear_object (&c->err);
  g_clear_object (&c->process);
  g_clear_pointer (&c->line, g_free);
}

/* Runs the simulator to its end with stderr captured: its exit status and what it said. */
static int
run_to_exit (const char *const  *args,
             char              **stderr_text)
{
  g_autoptr(GSubprocess) process = spawn (args, TRUE);
  g_autoptr(GInputStream) err = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  int status = wait_exit (process);
  guint8 buf[4096];
  gssize n;

  /* It has exited: what it wrote is in the pipe, and the pipe ends there. */
  err = g_object_ref (g_subprocess_get_stderr_pipe (process));
  while ((n = g_input_stream_read (err, buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append (bytes, buf, (guint) n);
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *stderr_text = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  g_test_message ("exit %d: %s", status, *stderr_text);
  return status;
}

/* Reading a stream back ------------------------------------------------------------------ */

typedef struct {
  Wait    wait;
  guint   wanted;
  guint   frames;      /* streaming thread only */
  int     width;
  int     height;
  double  brightness;  /* of the middle of the last frame, 0 to 255 */
  char   *error;
} Reading;

/* Mean of R, G and B over the middle half of an RGB frame (the overlays sit in the
 * corners). */
static double
middle_brightness (GstSample    *sample,
                   GstVideoInfo *info)
{
  GstVideoFrame frame;
  guint64 sum = 0, n = 0;
  int w = GST_VIDEO_INFO_WIDTH (info);
  int h = GST_VIDEO_INFO_HEIGHT (info);

  if (!gst_video_frame_map (&frame, info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return -1;
  for (int y = h / 4; y < h * 3 / 4; y++)
    {
      const guint8 *row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                          y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

      for (int x = w / 4 * 3; x < w * 3 / 4 * 3; x++, n++)
        sum += row[x];
    }
  gst_video_frame_unmap (&frame);
  return n ? (double) sum / n : 0;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  Reading *r = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;

  if (sample == NULL || ++r->frames != r->wanted)
    return GST_FLOW_OK;
  /* Reported on the bus, to the main context. */
  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    gst_element_post_message (GST_ELEMENT (sink),
        gst_message_new_application (GST_OBJECT (sink),
            gst_structure_new ("frames", "width", G_TYPE_INT, GST_VIDEO_INFO_WIDTH (&info),
                               "height", G_TYPE_INT, GST_VIDEO_INFO_HEIGHT (&info),
                               "brightness", G_TYPE_DOUBLE, middle_brightness (sample, &info),
                               NULL)));
  return GST_FLOW_OK;
}

static gboolean
on_reading_bus_message (GstBus     *bus,
                        GstMessage *message,
                        gpointer    user_data)
{
  Reading *r = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *s = gst_message_get_structure (message);

        if (gst_structure_has_name (s, "frames"))
          {
            gst_structure_get_int (s, "width", &r->width);
            gst_structure_get_int (s, "height", &r->height);
            gst_structure_get_double (s, "brightness", &r->brightness);
            g_main_loop_quit (r->wait.loop);
          }
        break;
      }
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        r->error = g_strdup (error->message);
        g_main_loop_quit (r->wait.loop);
        break;
      }
    case GST_MESSAGE_EOS:
      r->error = g_strdup ("end of stream");
      g_main_loop_quit (r->wait.loop);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Reads `frames` decoded frames of rtsp://127.0.0.1:port/path. TRUE with their size and
 * the brightness of the last, or FALSE with the error the pipeline reported; a stream that
 * neither plays nor fails within READ_TIMEOUT_S fails the test. */
static gboolean
read_stream (guint        port,
             const char  *path,
             guint        frames,
             int         *width,
             int         *height,
             double      *brightness,
             char       **error_message)
{
  g_autofree char *description = g_strdup_printf (
      "rtspsrc location=rtsp://127.0.0.1:%u%s protocols=tcp latency=100 ! decodebin ! videoconvert ! "
      "video/x-raw,format=RGB ! appsink name=sink emit-signals=true sync=false max-buffers=2 drop=true", port, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  Reading r = { { NULL, FALSE, 0 }, frames, 0, 0, 0, 0.0, NULL };
  gint64 t0 = g_get_monotonic_time ();
  guint watch;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "new-sample", G_CALLBACK (on_new_sample), &r);
  bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  watch = gst_bus_add_watch (bus, on_reading_bus_message, &r);

  wait_init (&r.wait, READ_TIMEOUT_S);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  wait_run (&r.wait);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_source_remove (watch);
  if (r.wait.timed_out)
    g_error ("%s: neither frames nor an error within %d s", path, READ_TIMEOUT_S);

  g_test_message ("%s: %s in %.2f s", path, r.error ? r.error : "frames",
                  (g_get_monotonic_time () - t0) / 1e6);
  *width = r.width;
  *height = r.height;
  if (brightness)
    *brightness = r.brightness;
  if (error_message)
    *error_message = g_steal_pointer (&r.error);
  g_free (r.error);
  return *width > 0;
}

/* Reads `frames` frames of a stream, checks their size and that the last is not black;
 * returns its brightness. */
static double
assert_stream (guint       port,
               const char *path,
               guint       frames,
               int         width,
               int         height)
{
  g_autofree char *error = NULL;
  double brightness = 0;
  int w = 0, h = 0;

  if (!read_stream (port, path, frames, &w, &h, &brightness, &error))
    g_error ("%s: %s", path, error);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
  g_test_message ("%s: %d×%d, brightness %.0f", path, w, h, brightness);
  g_assert_cmpfloat (brightness, >, 10.0);
  return brightness;
}

static void
assert_stream_size (guint       port,
                    const char *path,
                    int         width,
                    int         height)
{
  assert_stream (port, path, FRAMES, width, height);
}

/* Tests --------------------------------------------------------------------------------- */

static void
test_sub_streams (void)
{
  g_assert_nonnull (strstr (main_camsim.line, "(2 cameras)"));
  assert_stream_size (main_camsim.port, "/" ID_A "/sub", 640, 360);
  assert_stream_size (main_camsim.port, "/" ID_B "/sub", 640, 360);
}

static void
test_main_streams (void)
{
  assert_stream_size (main_camsim.port, "/" ID_A "/main", 1280, 720);
  assert_stream_size (main_camsim.port, "/" ID_B "/main", 1280, 720);
}

static void
test_unknown_mount (void)
{
  g_autofree char *error = NULL;
  int w = 0, h = 0;

  g_assert_false (read_stream (main_camsim.port, "/nope/main", FRAMES, &w, &h, NULL, &error));
  g_assert_nonnull (error);
  /* The right id, a stream that does not exist. */
  g_clear_pointer (&error, g_free);
  g_assert_false (read_stream (main_camsim.port, "/" ID_A "/third", FRAMES, &w, &h, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_port_in_use (void)
{
  g_autofree char *port = g_strdup_printf ("%u", main_camsim.port);
  const char *args[] = { "--port", port, "--ids", ID_A, NULL };
  g_autofree char *text = NULL;

  g_assert_cmpint (run_to_exit (args, &text), ==, 1);
  g_assert_nonnull (strstr (text, "already in use"));
  g_assert_nonnull (strstr (text, port));
}

static void
test_bad_command_lines (void)
{
  struct {
    const char *args[8];
    int         status;
    const char *message;
  } cases[] = {
    { { NULL }, 1, "No cameras to serve" },
    { { "--ids", ",", NULL }, 1, "No cameras to serve" },
    { { "--ids", "12345", NULL }, 2, "“12345” is not a camera id" },
    { { "--near", "105.7,30.1", NULL }, 2, "--near needs --db" },
    { { "--db", "/nonexistent/county.db", "--near", "105.7,30.1", NULL }, 1, "does not exist" },
    { { "--ids", ID_A, "--width", "641", NULL }, 2, "--width must be an even number" },
    { { "--ids", ID_A, "--encoder", "nosuchenc", NULL }, 2, "Unknown encoder" },
    { { "--ids", ID_A, "--file", "/nonexistent/clip.mp4", NULL }, 1, "does not exist" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      g_assert_cmpint (run_to_exit (cases[i].args, &text), ==, cases[i].status);
      g_assert_nonnull (strstr (text, cases[i].message));
    }
}

/* --db --near serves the cameras the console lists as nearest, under their names. */
static void
test_nearest_from_db (void)
{
  g_autofree char *db_path = g_build_filename (tmpdir, "county.db", NULL);
  g_autofree char *not_db = g_build_filename (tmpdir, "not-a-county.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nearest = NULL;
  g_autofree char *text = NULL;
  const char *args[] = { "--db", db_path, "--near", "105.74,30.07", "--count", "3", "--port", "0",
                         "--sub-width", "320", "--sub-height", "180", "--fps", "10", NULL };
  const char *bad_args[] = { "--db", not_db, "--near", "105.74,30.07", NULL };
  Camsim c;

  {
    g_autoptr(GwDb) db = gw_db_open (db_path, &error);

    g_assert_no_error (error);
    g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, NOW, NULL, NULL, &error));
    g_assert_no_error (error);
    nearest = gw_db_list_nearest_cameras (db, 105.74, 30.07, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (nearest->len, ==, 3);
  }

  camsim_start (&c, args, TRUE);
  g_assert_nonnull (strstr (c.line, "(3 cameras)"));
  for (guint i = 0; i < nearest->len; i++)
    {
      const GwNearbyCamera *n = g_ptr_array_index (nearest, i);
      g_autofree char *line = read_line (c.err, START_TIMEOUT_S);

      g_assert_nonnull (line);
      g_assert_nonnull (strstr (line, n->camera->id));
      g_assert_nonnull (strstr (line, n->camera->name));
    }
  {
    const GwNearbyCamera *first = g_ptr_array_index (nearest, 0);
    g_autofree char *path = g_strdup_printf ("/%s/sub", first->camera->id);

    assert_stream_size (c.port, path, 320, 180);
  }
  /* SIGINT ends it as cleanly as SIGTERM. */
  g_subprocess_send_signal (c.process, SIGINT);
  g_assert_cmpint (wait_exit (c.process), ==, 0);
  camsim_clear (&c);

  /* A file that is not a county database. */
  g_assert_true (g_file_set_contents (not_db, "not a database\n", -1, NULL));
  g_assert_cmpint (run_to_exit (bad_args, &text), ==, 1);
  g_assert_nonnull (strstr (text, not_db));
}

/* --file: a short clip, decoded once, looped, under each camera's overlay. */
static void
test_file (void)
{
  g_autofree char *clip = g_build_filename (tmpdir, "clip.avi", NULL);
  /* One second of colour bars: were it not looped, the picture would be black a second
   * after it ended. */
  g_autofree char *description = g_strdup_printf (
      "videotestsrc num-buffers=10 pattern=smpte ! video/x-raw,width=320,height=240,framerate=10/1 ! "
      "jpegenc ! avimux ! filesink location=%s", clip);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) writer = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) done = NULL;
  const char *args[] = { "--ids", ID_A, "--file", clip, "--port", "0", "--width", "480", "--height", "270",
                         "--sub-width", "240", "--sub-height", "136", NULL };
  Camsim c;

  g_assert_no_error (error);
  bus = gst_element_get_bus (writer);
  gst_element_set_state (writer, GST_STATE_PLAYING);
  done = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (writer, GST_STATE_NULL);
  g_assert_nonnull (done);
  g_assert_cmpint (GST_MESSAGE_TYPE (done), ==, GST_MESSAGE_EOS);

  camsim_start (&c, args, FALSE);
  assert_stream_size (c.port, "/" ID_A "/sub", 240, 136);
  /* 2.5 s at 25 frames a second: the clip has run out more than once. */
  assert_stream (c.port, "/" ID_A "/main", 62, 480, 270);
  g_subprocess_send_signal (c.process, SIGTERM);
  g_assert_cmpint (wait_exit (c.process), ==, 0);
  camsim_clear (&c);
}

/* Every installed encoder, the fallbacks included, makes streams a player decodes. */
static void
test_encoders (void)
{
  const char *encoders[] = { "x264enc", "openh264enc", "jpegenc" };

  for (guint i = 0; i < G_N_ELEMENTS (encoders); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (encoders[i]);
      const char *args[] = { "--ids", ID_B, "--encoder", encoders[i], "--port", "0",
                             "--sub-width", "320", "--sub-height", "176", NULL };
      Camsim c;

      if (factory == NULL)
        {
          g_test_message ("%s is not installed", encoders[i]);
          continue;
        }
      camsim_start (&c, args, FALSE);
      assert_stream_size (c.port, "/" ID_B "/sub", 320, 176);
      g_subprocess_send_signal (c.process, SIGTERM);
      g_assert_cmpint (wait_exit (c.process), ==, 0);
      camsim_clear (&c);
    }
}

static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  g_atomic_int_set ((int *) user_data, 1);
}

static gboolean
on_poll_flag (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* --one-picture: every camera's streams are the first camera's, from one encoder, each
 * played by its own client at the size asked for. A first client holds the shared stream
 * throughout: gst-rtsp-server refuses a client that comes while the last one's departure
 * is still stopping the stream, and here every camera is that one stream. */
static void
test_one_picture (void)
{
  const char *args[] = { "--ids", ID_A "," ID_B, "--one-picture", "--port", "0",
                         "--sub-width", "320", "--sub-height", "180", "--fps", "10", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) holder = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *description = NULL;
  int got_buffer = 0;
  gint64 deadline;
  guint poll;
  Camsim c;

  camsim_start (&c, args, FALSE);
  g_assert_nonnull (strstr (c.line, "(2 cameras)"));
  description = g_strdup_printf ("rtspsrc location=rtsp://127.0.0.1:%u/" ID_A "/sub protocols=tcp ! "
                                 "fakesink name=sink signal-handoffs=true sync=false", c.port);
  holder = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (holder), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &got_buffer);
  gst_element_set_state (holder, GST_STATE_PLAYING);
  deadline = g_get_monotonic_time () + READ_TIMEOUT_S * G_USEC_PER_SEC;
  poll = g_timeout_add (10, on_poll_flag, NULL);
  while (!g_atomic_int_get (&got_buffer) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll);
  g_assert_true (g_atomic_int_get (&got_buffer));

  assert_stream_size (c.port, "/" ID_B "/sub", 320, 180);
  assert_stream_size (c.port, "/" ID_A "/sub", 320, 180);
  gst_element_set_state (holder, GST_STATE_NULL);
  g_subprocess_send_signal (c.process, SIGTERM);
  g_assert_cmpint (wait_exit (c.process), ==, 0);
  camsim_clear (&c);
}

/* Reading the --timecode strip back ------------------------------------------------------ */

#define TIMECODE_FRAMES  10

typedef struct {
  Wait     wait;
  guint    frames;                   /* streaming thread until the wait ends */
  guint    read;                     /* frames whose strip read right */
  guint64  stamps[TIMECODE_FRAMES];  /* of those, in order */
  gint64   ages_ms[TIMECODE_FRAMES]; /* from the stamp to when the frame was decoded */
  char    *error;
} TimecodeReading;

static GstFlowReturn
on_timecode_sample (GstAppSink *sink,
                    gpointer    user_data)
{
  TimecodeReading *r = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstVideoFrame frame;
  guint64 stamp;

  if (sample == NULL || r->frames >= TIMECODE_FRAMES)
    return GST_FLOW_OK;
  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) &&
      gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      if (gw_camsim_timecode_read (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                                   GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), 3,
                                   GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame), &stamp))
        {
          r->stamps[r->read] = stamp;
          r->ages_ms[r->read] = gw_camsim_timecode_age_ms (stamp, g_get_real_time ());
          r->read++;
        }
      gst_video_frame_unmap (&frame);
    }
  if (++r->frames == TIMECODE_FRAMES)
    gst_element_post_message (GST_ELEMENT (sink),
        gst_message_new_application (GST_OBJECT (sink), gst_structure_new_empty ("frames")));
  return GST_FLOW_OK;
}

static gboolean
on_timecode_bus_message (GstBus     *bus,
                         GstMessage *message,
                         gpointer    user_data)
{
  TimecodeReading *r = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_APPLICATION:
      g_main_loop_quit (r->wait.loop);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        r->error = g_strdup (error->message);
        g_main_loop_quit (r->wait.loop);
        break;
      }
    case GST_MESSAGE_EOS:
      r->error = g_strdup ("end of stream");
      g_main_loop_quit (r->wait.loop);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Decodes TIMECODE_FRAMES frames of a stream, scaled to width × height (RGB) as a wall
 * tile scales them, and reads the strip of each. */
static void
read_timecodes (guint            port,
                const char      *path,
                int              width,
                int              height,
                TimecodeReading *r)
{
  g_autofree char *description = g_strdup_printf (
      "rtspsrc location=rtsp://127.0.0.1:%u%s protocols=tcp latency=100 ! decodebin ! videoscale ! "
      "videoconvert ! video/x-raw,format=RGB,width=%d,height=%d ! "
      "appsink name=sink sync=false max-buffers=2 drop=true", port, path, width, height);
  GstAppSinkCallbacks callbacks = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  guint watch;

  memset (r, 0, sizeof *r);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  callbacks.new_sample = on_timecode_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, r, NULL);
  bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  watch = gst_bus_add_watch (bus, on_timecode_bus_message, r);

  wait_init (&r->wait, READ_TIMEOUT_S);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  wait_run (&r->wait);
  /* The streaming thread is gone after this: what it wrote can be read. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_source_remove (watch);
  if (r->wait.timed_out)
    g_error ("%s: neither %d frames nor an error within %d s", path, TIMECODE_FRAMES, READ_TIMEOUT_S);
  if (r->error)
    g_error ("%s: %s", path, r->error);
  g_test_message ("%s at %d×%d: %u of %u frames read", path, width, height, r->read, r->frames);
  for (guint i = 0; i < r->read; i++)
    g_test_message ("  stamp %" G_GUINT64_FORMAT ", %" G_GINT64_FORMAT " ms old when decoded",
                    r->stamps[i], r->ages_ms[i]);
}

/* Every frame read, each stamped within a few seconds of now (the simulator and the test
 * share the machine's clock), later than the one before. */
static void
assert_timecodes (const TimecodeReading *r)
{
  g_assert_cmpuint (r->frames, ==, TIMECODE_FRAMES);
  g_assert_cmpuint (r->read, ==, TIMECODE_FRAMES);
  for (guint i = 0; i < r->read; i++)
    {
      g_assert_cmpint (r->ages_ms[i], >, -1000);
      g_assert_cmpint (r->ages_ms[i], <, 5000);
      if (i > 0)
        g_assert_cmpuint (r->stamps[i], >, r->stamps[i - 1]);
    }
}

/* The strip's own arithmetic: drawn into a grey picture and read back, at the picture's
 * size and with the 40-bit wrap; a picture without a strip reads as nothing. */
static void
test_timecode_strip (void)
{
  const int width = 640, height = 360;
  g_autofree guint8 *luma = g_malloc (width * height);
  g_autofree guint8 *rgb = g_malloc (width * height * 3);
  const guint64 stamps[] = { 0, 1, GW_CAMSIM_TIMECODE_MASK, gw_camsim_timecode_from_real_time (g_get_real_time ()) };
  guint64 stamp;

  for (guint k = 0; k < G_N_ELEMENTS (stamps); k++)
    {
      memset (luma, 128, width * height);
      gw_camsim_timecode_draw (luma, width, 1, width, height, width, height, 0, 255, stamps[k]);
      for (int i = 0; i < width * height; i++)
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = luma[i];
      g_assert_true (gw_camsim_timecode_read (rgb, width * 3, 3, width, height, &stamp));
      g_assert_cmpuint (stamp, ==, stamps[k]);
    }
  /* The strip is gone: nothing reads. */
  memset (rgb, 128, width * height * 3);
  g_assert_false (gw_camsim_timecode_read (rgb, width * 3, 3, width, height, &stamp));
  /* A guard cell wrong: nothing reads either. */
  memset (luma, 128, width * height);
  gw_camsim_timecode_draw (luma, width, 1, width, height, width, height, 0, 255, 12345);
  for (int y = 0; y < gw_camsim_timecode_strip_height (width); y++)
    memset (luma + y * width, 0, width / GW_CAMSIM_TIMECODE_CELLS);
  for (int i = 0; i < width * height; i++)
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = luma[i];
  g_assert_false (gw_camsim_timecode_read (rgb, width * 3, 3, width, height, &stamp));

  /* Ages across the wrap: a stamp just before it, read just after. */
  g_assert_cmpint (gw_camsim_timecode_age_ms (GW_CAMSIM_TIMECODE_MASK, (gint64) (GW_CAMSIM_TIMECODE_MASK + 1 + 41) * 1000), ==, 42);
  g_assert_cmpint (gw_camsim_timecode_age_ms (100, 60 * 1000), ==, -40);
}

/* --timecode over RTSP: the time each frame entered the encoder, read back from decoded
 * pictures of the sub-stream at its own size and of the main stream scaled down to a
 * 4 × 4 wall's tile; the cameras the other tests use (no --timecode) read as nothing. */
static void
test_timecode (void)
{
  const char *args[] = { "--ids", ID_A, "--timecode", "--port", "0", NULL };
  TimecodeReading r;
  Camsim c;

  camsim_start (&c, args, FALSE);
  read_timecodes (c.port, "/" ID_A "/sub", 640, 360, &r);
  assert_timecodes (&r);
  read_timecodes (c.port, "/" ID_A "/main", 480, 270, &r);
  assert_timecodes (&r);
  g_subprocess_send_signal (c.process, SIGTERM);
  g_assert_cmpint (wait_exit (c.process), ==, 0);
  camsim_clear (&c);

  /* Off by default. */
  read_timecodes (main_camsim.port, "/" ID_A "/sub", 640, 360, &r);
  g_assert_cmpuint (r.frames, ==, TIMECODE_FRAMES);
  g_assert_cmpuint (r.read, ==, 0);
}

/* Last: SIGTERM stops the simulator the other tests used, with status 0. */
static void
test_sigterm (void)
{
  g_subprocess_send_signal (main_camsim.process, SIGTERM);
  g_assert_cmpint (wait_exit (main_camsim.process), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *args[] = { "--port", "0", "--ids", ID_A "," ID_B, NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("gw-test-camsim-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  camsim_start (&main_camsim, args, FALSE);

  g_test_add_func ("/camsim/sub-streams", test_sub_streams);
  g_test_add_func ("/camsim/main-streams", test_main_streams);
  g_test_add_func ("/camsim/unknown-mount", test_unknown_mount);
  g_test_add_func ("/camsim/port-in-use", test_port_in_use);
  g_test_add_func ("/camsim/bad-command-lines", test_bad_command_lines);
  g_test_add_func ("/camsim/nearest-from-db", test_nearest_from_db);
  g_test_add_func ("/camsim/file", test_file);
  g_test_add_func ("/camsim/encoders", test_encoders);
  g_test_add_func ("/camsim/one-picture", test_one_picture);
  g_test_add_func ("/camsim/timecode-strip", test_timecode_strip);
  g_test_add_func ("/camsim/timecode", test_timecode);
  g_test_add_func ("/camsim/sigterm", test_sigterm);
  status = g_test_run ();

  camsim_clear (&main_camsim);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmpdir);
  }
  g_free (tmpdir);
  return status;
}
