/* test-video-source.c: GwVideoSource on real GStreamer pipelines, no display.
 *
 * A short VP8 file made by GStreamer in a scratch directory plays to "live" with 320×240
 * textures; a missing file, a file of random bytes, a closed RTSP port, an RTSP server that
 * never answers, and an HTTP camera that answers 404 end in "reconnecting" or "no-signal"
 * with a reason while the main loop keeps ticking on time; an HTTP MJPEG camera that stops
 * sending is caught by the stall watchdog and comes back; disposing a source at any point
 * leaves nothing behind that could touch it; the file scaled to an output size, and made
 * inactive and active again, stays in one attempt. (Cameras: test-video-wall.c.)
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gw-video-source.h"

#define WIDTH  320
#define HEIGHT 240
/* The main loop must never go longer than this without running a 20 ms timeout. */
#define MAX_TICK_GAP_US (400 * 1000)

static char *tmpdir;
static char *video_uri;      /* 50 frames of VP8, 320×240, 25 fps */
static char *garbage_uri;    /* random bytes named .mp4 */
static char *missing_uri;    /* a file that is not there */
static GBytes *jpeg_frame;   /* one 320×240 JPEG, for the HTTP camera */
/* Every wait and every bound on time, twenty times longer under valgrind. */
static guint slow = 1;

/* Waiting and watching ------------------------------------------------------------------- */

typedef struct {
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last_us > 0)
    ticker->max_gap_us = MAX (ticker->max_gap_us, now - ticker->last_us);
  ticker->last_us = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

static guint
ticker_start (Ticker *ticker)
{
  memset (ticker, 0, sizeof *ticker);
  ticker->last_us = g_get_monotonic_time ();
  return g_timeout_add (20, on_tick, ticker);
}

static void
ticker_check (Ticker *ticker,
              guint   id)
{
  g_source_remove (id);
  g_test_message ("main loop: %u ticks, longest gap %" G_GINT64_FORMAT " ms",
                  ticker->ticks, ticker->max_gap_us / 1000);
  g_assert_cmpint (ticker->max_gap_us, <, MAX_TICK_GAP_US * slow);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until condition (data) holds, looking at least every 10 ms (a worker
 * thread's progress wakes nobody); FALSE after timeout_ms. */
static gboolean
wait_for (gboolean (*condition) (gpointer data),
          gpointer   data,
          guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms * slow, on_wait_timeout, &timed_out);
  guint poll = g_timeout_add (10, on_poll, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wait_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  GwVideoSource *source;
  GArray        *states;        /* GwVideoState, in the order notified */
  guint          invalidated;   /* contents */
  guint          resized;
} Watch;

static void
on_state (GwVideoSource *source,
          GParamSpec    *pspec,
          Watch         *watch)
{
  GwVideoState state = gw_video_source_get_state (source);

  g_array_append_val (watch->states, state);
  g_test_message ("%s -> %d %s", gw_video_source_get_uri (source), state,
                  gw_video_source_get_reason (source) ? gw_video_source_get_reason (source) : "");
  /* The reason is there by the time the state says there is none. */
  if (state == GW_VIDEO_STATE_NO_SIGNAL || state == GW_VIDEO_STATE_RECONNECTING)
    {
      g_assert_nonnull (gw_video_source_get_reason (source));
      g_assert_cmpstr (gw_video_source_get_reason (source), !=, "");
    }
}

static void
on_contents (GdkPaintable *paintable,
             Watch        *watch)
{
  watch->invalidated++;
}

static void
on_size (GdkPaintable *paintable,
         Watch        *watch)
{
  watch->resized++;
}

static void
watch_init (Watch      *watch,
            const char *uri)
{
  watch->source = gw_video_source_new (uri);
  watch->states = g_array_new (FALSE, FALSE, sizeof (GwVideoState));
  watch->invalidated = watch->resized = 0;
  g_signal_connect (watch->source, "notify::state", G_CALLBACK (on_state), watch);
  g_signal_connect (watch->source, "invalidate-contents", G_CALLBACK (on_contents), watch);
  g_signal_connect (watch->source, "invalidate-size", G_CALLBACK (on_size), watch);
}

static gboolean
no_teardowns_pending (gpointer data)
{
  return gw_video_source_get_pending_teardowns () == 0;
}

static void
watch_clear (Watch *watch)
{
  g_clear_object (&watch->source);
  g_clear_pointer (&watch->states, g_array_unref);
  /* Every pipeline reaches NULL on its worker thread, soon. */
  g_assert_true (wait_for (no_teardowns_pending, NULL, 20000));
}

static gboolean
has_seen (Watch        *watch,
          GwVideoState  state)
{
  for (guint i = 0; i < watch->states->len; i++)
    if (g_array_index (watch->states, GwVideoState, i) == state)
      return TRUE;
  return FALSE;
}

static gboolean
is_live (gpointer data)
{
  return gw_video_source_get_state (((Watch *) data)->source) == GW_VIDEO_STATE_LIVE;
}

static gboolean
is_no_signal (gpointer data)
{
  return gw_video_source_get_state (((Watch *) data)->source) == GW_VIDEO_STATE_NO_SIGNAL;
}

static gboolean
is_reconnecting (gpointer data)
{
  return gw_video_source_get_state (((Watch *) data)->source) == GW_VIDEO_STATE_RECONNECTING;
}

static gboolean
has_failed (gpointer data)
{
  return is_no_signal (data) || is_reconnecting (data);
}

/* Fixtures: files and servers ------------------------------------------------------------ */

/* Runs a gst-launch style description to its end, blocking: setup only. */
static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("%s: %s", description, gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
make_files (void)
{
  g_autofree char *video = g_build_filename (tmpdir, "clip.webm", NULL);
  g_autofree char *garbage = g_build_filename (tmpdir, "garbage.mp4", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.mp4", NULL);
  g_autofree char *jpeg = g_build_filename (tmpdir, "frame.jpg", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (28181);
  g_autofree guint32 *noise = g_new (guint32, 64 * 1024);
  char *data = NULL;
  gsize length = 0;

  description = g_strdup_printf ("videotestsrc num-buffers=50 pattern=ball"
                                 " ! video/x-raw,width=%d,height=%d,framerate=25/1"
                                 " ! vp8enc deadline=1 ! webmmux ! filesink location=\"%s\"",
                                 WIDTH, HEIGHT, video);
  run_pipeline (description);
  g_clear_pointer (&description, g_free);
  description = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=%d,height=%d"
                                 " ! jpegenc ! filesink location=\"%s\"", WIDTH, HEIGHT, jpeg);
  run_pipeline (description);

  for (guint i = 0; i < 64 * 1024; i++)
    noise[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (garbage, (const char *) noise, 64 * 1024 * sizeof (guint32), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (jpeg, &data, &length, &error));
  g_assert_no_error (error);
  jpeg_frame = g_bytes_new_take (data, length);

  video_uri = g_filename_to_uri (video, NULL, &error);
  garbage_uri = g_filename_to_uri (garbage, NULL, &error);
  missing_uri = g_filename_to_uri (missing, NULL, &error);
  g_assert_no_error (error);
}

/* A TCP port on 127.0.0.1 that nothing listens on (bound, read, released). */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A socket that listens and never answers: connections complete in the kernel's backlog,
 * and an RTSP client waits for a reply that does not come. */
static GSocket *
silent_listener (guint16 *port)
{
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_socket_set_listen_backlog (socket, 16);
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* An HTTP "camera" serving MJPEG (multipart/x-mixed-replace) on its own threads:
 *   /stall   a dozen frames, then silence with the connection held open;
 *   /missing 404. */
typedef struct {
  GSocketService *service;
  guint16         port;
  int             connections;  /* atomic */
} Camera;

static gboolean
write_text (GOutputStream *out,
            const char    *text)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static gboolean
on_camera_run (GThreadedSocketService *service,
               GSocketConnection      *connection,
               GObject                *source_object,
               gpointer                user_data)
{
  Camera *camera = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autofree char *request = NULL;
  char buffer[256];

  g_atomic_int_inc (&camera->connections);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  request = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;
  /* The rest of the request's header. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);

      if (line == NULL || *g_strchomp (line) == '\0')
        break;
    }

  if (g_str_has_prefix (request, "GET /stall "))
    {
      gsize size;
      const guint8 *jpeg = g_bytes_get_data (jpeg_frame, &size);

      if (!write_text (out, "HTTP/1.0 200 OK\r\n"
                            "Content-Type: multipart/x-mixed-replace; boundary=frame\r\n"
                            "Cache-Control: no-cache\r\n\r\n"))
        return TRUE;
      for (guint i = 0; i < 12; i++)
        {
          g_autofree char *part = g_strdup_printf ("--frame\r\nContent-Type: image/jpeg\r\n"
                                                   "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", size);

          if (!write_text (out, part) ||
              !g_output_stream_write_all (out, jpeg, size, NULL, NULL, NULL) ||
              !write_text (out, "\r\n"))
            return TRUE;
          g_usleep (40 * 1000);
        }
      g_output_stream_flush (out, NULL, NULL);
      /* Silence, the connection open, until the client hangs up. */
      while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
        ;
    }
  else
    write_text (out, "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nNot found\n");
  return TRUE;
}

static void
camera_start (Camera *camera)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  camera->connections = 0;
  camera->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (camera->service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  camera->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (camera->service, "run", G_CALLBACK (on_camera_run), camera);
  g_socket_service_start (camera->service);
}

static void
camera_stop (Camera *camera)
{
  g_socket_service_stop (camera->service);
  g_socket_listener_close (G_SOCKET_LISTENER (camera->service));
  g_clear_object (&camera->service);
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_file_live (void)
{
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) image = NULL;

  watch_init (&watch, video_uri);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_STOPPED);
  g_assert_null (gw_video_source_get_texture (watch.source));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)), ==, 0);

  gw_video_source_play (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_CONNECTING);
  g_assert_true (wait_for (is_live, &watch, 10000));

  /* connecting -> live, nothing in between. */
  g_assert_cmpuint (watch.states->len, ==, 2);
  g_assert_cmpint (g_array_index (watch.states, GwVideoState, 0), ==, GW_VIDEO_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (watch.states, GwVideoState, 1), ==, GW_VIDEO_STATE_LIVE);
  g_assert_null (gw_video_source_get_reason (watch.source));

  texture = gw_video_source_get_texture (watch.source);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)), ==, WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (watch.source)), ==, HEIGHT);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (watch.source)),
                                  (double) WIDTH / HEIGHT, 1e-6);
  g_assert_cmpuint (watch.resized, ==, 1);
  image = gdk_paintable_get_current_image (GDK_PAINTABLE (watch.source));
  g_assert_true (GDK_IS_TEXTURE (image));

  /* The picture moves: frames keep coming while it plays. */
  {
    guint before = watch.invalidated;

    spin (500);
    g_assert_cmpuint (watch.invalidated, >, before + 3);
  }

  /* Fifty frames at 25 fps: it ends after 2 s, and says so. */
  g_assert_true (wait_for (is_no_signal, &watch, 10000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "The video has ended");
  /* The last frame stays for evidence. */
  g_clear_object (&texture);
  texture = gw_video_source_get_texture (watch.source);
  g_assert_nonnull (texture);

  /* play() starts again from the beginning. */
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_live, &watch, 10000));

  gw_video_source_stop (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_STOPPED);
  g_assert_null (gw_video_source_get_texture (watch.source));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)), ==, 0);

  ticker_check (&ticker, tick);
  watch_clear (&watch);
}

static void
test_file_pause (void)
{
  Watch watch;
  g_autoptr(GdkTexture) paused = NULL;
  g_autoptr(GdkTexture) later = NULL;

  watch_init (&watch, video_uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_live, &watch, 10000));
  /* Well under way (paused at once, it would be torn down and start again). */
  spin (400);

  gw_video_source_pause (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_PAUSED);
  /* The pipeline pauses on a worker thread and shows the frame it stopped on (its
   * preroll): then nothing more. */
  for (guint i = 0, before = G_MAXUINT; i < 20 && before != watch.invalidated; i++)
    {
      before = watch.invalidated;
      spin (300);
    }
  paused = gw_video_source_get_texture (watch.source);
  g_assert_nonnull (paused);
  /* Paused longer than the stall timeout is not a stall. */
  gw_video_source_set_stall_timeout (watch.source, 1);
  spin (1500);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_PAUSED);
  later = gw_video_source_get_texture (watch.source);
  g_assert_true (later == paused);

  gw_video_source_play (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_LIVE);
  spin (300);
  g_clear_object (&later);
  later = gw_video_source_get_texture (watch.source);
  g_assert_true (later != paused);
  watch_clear (&watch);
}

/* Scaled to a box inside the pipeline, keeping the shape; back to the file's own size
 * while it plays, in the same attempt. */
static void
test_file_output_size (void)
{
  Watch watch;
  g_autoptr(GdkTexture) texture = NULL;

  watch_init (&watch, video_uri);
  gw_video_source_set_output_size (watch.source, 160, 160);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_live, &watch, 10000));
  texture = gw_video_source_get_texture (watch.source);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 160);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 120);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)), ==, 160);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (watch.source)), ==, 120);

  gw_video_source_set_output_size (watch.source, 0, 0);
  for (guint i = 0; i < 50 && gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)) != WIDTH; i++)
    spin (20);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (watch.source)), ==, WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (watch.source)), ==, HEIGHT);
  g_assert_cmpuint (watch.resized, ==, 2);
  g_assert_false (has_seen (&watch, GW_VIDEO_STATE_RECONNECTING));
  watch_clear (&watch);
}

/* An inactive file pauses where it is (its pipeline kept), sends nothing, and carries on
 * when made active. */
static void
test_file_inactive (void)
{
  Watch watch;
  g_autoptr(GdkTexture) paused = NULL;
  g_autoptr(GdkTexture) later = NULL;
  guint before;

  watch_init (&watch, video_uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_live, &watch, 10000));
  spin (400);

  gw_video_source_set_active (watch.source, FALSE);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_PAUSED);
  /* The pause lands on a worker and may show the frame it stopped on: then nothing. */
  for (guint i = 0, n = G_MAXUINT; i < 20 && n != watch.invalidated; i++)
    {
      n = watch.invalidated;
      spin (300);
    }
  before = watch.invalidated;
  spin (800);
  g_assert_cmpuint (watch.invalidated, ==, before);
  paused = gw_video_source_get_texture (watch.source);
  g_assert_nonnull (paused);

  gw_video_source_set_active (watch.source, TRUE);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_LIVE);
  spin (300);
  g_assert_cmpuint (watch.invalidated, >, before + 3);
  later = gw_video_source_get_texture (watch.source);
  g_assert_true (later != paused);
  /* One attempt throughout: connecting, live, paused, live. */
  g_assert_cmpuint (watch.states->len, ==, 4);
  watch_clear (&watch);
}

static void
test_file_missing (void)
{
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);

  watch_init (&watch, missing_uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_no_signal, &watch, 5000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "The video file does not exist");
  g_assert_null (gw_video_source_get_texture (watch.source));
  /* Final: no retry follows. */
  spin (1500);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_NO_SIGNAL);
  g_assert_false (has_seen (&watch, GW_VIDEO_STATE_LIVE));
  ticker_check (&ticker, tick);
  watch_clear (&watch);
}

static void
test_file_garbage (void)
{
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);

  watch_init (&watch, garbage_uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_no_signal, &watch, 10000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "The file is not a video the player can read");
  g_assert_false (has_seen (&watch, GW_VIDEO_STATE_LIVE));
  ticker_check (&ticker, tick);
  watch_clear (&watch);
}

static void
test_bad_uri (void)
{
  Watch watch;

  watch_init (&watch, "nonsense:/ what");
  gw_video_source_play (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_NO_SIGNAL);
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "This is not an address the player can open");
  watch_clear (&watch);
}

static void
test_rtsp_refused (void)
{
  g_autofree char *uri = g_strdup_printf ("rtsp://127.0.0.1:%u/x", closed_port ());
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);
  gint64 start = g_get_monotonic_time ();

  watch_init (&watch, uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (has_failed, &watch, 5000));
  g_test_message ("first failure after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_RECONNECTING);
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "Cannot connect to the camera");

  /* Three attempts (now, after 1 s, after 2 s more), then it gives up. */
  g_assert_true (wait_for (is_no_signal, &watch, 10000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "Cannot connect to the camera");
  g_assert_false (has_seen (&watch, GW_VIDEO_STATE_LIVE));

  /* play() tries again from the start. */
  gw_video_source_play (watch.source);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_CONNECTING);
  g_assert_null (gw_video_source_get_reason (watch.source));
  g_assert_true (wait_for (is_reconnecting, &watch, 5000));

  ticker_check (&ticker, tick);
  watch_clear (&watch);
}

/* The server takes the connection and never says a word: the connect timeout says so, and
 * neither the failure nor the teardown (rtspsrc waiting on a dead server) stalls the loop. */
static void
test_rtsp_silent (void)
{
  guint16 port;
  g_autoptr(GSocket) listener = silent_listener (&port);
  g_autofree char *uri = g_strdup_printf ("rtsp://127.0.0.1:%u/x", port);
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);
  gint64 start;

  watch_init (&watch, uri);
  gw_video_source_set_connect_timeout (watch.source, 1);
  gw_video_source_set_give_up_after (watch.source, 1);
  start = g_get_monotonic_time ();
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_no_signal, &watch, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC * slow);
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "Cannot connect to the camera");

  /* And once more, disposed while it is still connecting. */
  gw_video_source_play (watch.source);
  spin (300);
  g_assert_cmpint (gw_video_source_get_state (watch.source), ==, GW_VIDEO_STATE_CONNECTING);
  g_clear_object (&watch.source);
  spin (200);

  ticker_check (&ticker, tick);
  watch_clear (&watch);
  g_socket_close (listener, NULL);
}

static void
test_http_not_found (void)
{
  Camera camera;
  g_autofree char *uri = NULL;
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);

  camera_start (&camera);
  uri = g_strdup_printf ("http://127.0.0.1:%u/missing", camera.port);
  watch_init (&watch, uri);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (has_failed, &watch, 5000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "The camera has no such stream");
  g_assert_true (wait_for (is_no_signal, &watch, 10000));
  g_assert_cmpint (g_atomic_int_get (&camera.connections), ==, 3);
  ticker_check (&ticker, tick);
  watch_clear (&watch);
  camera_stop (&camera);
}

/* An MJPEG camera that stops sending: the watchdog calls it lost, the source reconnects
 * and the picture comes back. */
static void
test_http_stall (void)
{
  Camera camera;
  g_autofree char *uri = NULL;
  Watch watch;
  Ticker ticker;
  guint tick = ticker_start (&ticker);
  g_autoptr(GdkTexture) texture = NULL;

  camera_start (&camera);
  uri = g_strdup_printf ("http://127.0.0.1:%u/stall", camera.port);
  watch_init (&watch, uri);
  gw_video_source_set_stall_timeout (watch.source, 1);
  gw_video_source_play (watch.source);
  g_assert_true (wait_for (is_live, &watch, 10000));
  texture = gw_video_source_get_texture (watch.source);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);

  g_assert_true (wait_for (is_reconnecting, &watch, 5000));
  g_assert_cmpstr (gw_video_source_get_reason (watch.source), ==, "The camera sent no picture for 1 second");
  /* The last frame stays on show while it reconnects. */
  g_clear_object (&texture);
  texture = gw_video_source_get_texture (watch.source);
  g_assert_nonnull (texture);

  /* After the 1 s backoff it is live again on a new connection. */
  g_assert_true (wait_for (is_live, &watch, 10000));
  g_assert_cmpint (g_atomic_int_get (&camera.connections), >=, 2);

  ticker_check (&ticker, tick);
  watch_clear (&watch);
  camera_stop (&camera);
}

static void
test_dispose (void)
{
  Ticker ticker;
  guint tick = ticker_start (&ticker);
  g_autofree char *refused = g_strdup_printf ("rtsp://127.0.0.1:%u/x", closed_port ());
  const char *uris[] = { video_uri, missing_uri, garbage_uri, refused };

  /* Disposed at once, while connecting, while live, while reconnecting. */
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      GwVideoSource *source = gw_video_source_new (uris[i]);

      gw_video_source_play (source);
      g_object_unref (source);
    }
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      GwVideoSource *source = gw_video_source_new (uris[i]);

      gw_video_source_play (source);
      spin (i == 3 ? 1200 : 150);
      g_object_unref (source);
    }
  {
    Watch live = { .source = gw_video_source_new (video_uri) };

    gw_video_source_play (live.source);
    g_assert_true (wait_for (is_live, &live, 10000));
    g_clear_object (&live.source);
  }
  /* Stopped, paused and played over and over. */
  {
    g_autoptr(GwVideoSource) source = gw_video_source_new (video_uri);

    for (guint i = 0; i < 10; i++)
      {
        gw_video_source_play (source);
        spin (20);
        if (i % 2)
          gw_video_source_pause (source);
        else
          gw_video_source_stop (source);
      }
  }
  /* Late frames and messages of the dead pipelines find nobody and hurt nobody. */
  spin (500);
  g_assert_true (wait_for (no_teardowns_pending, NULL, 20000));
  ticker_check (&ticker, tick);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload"))
    slow = 20;

  tmpdir = g_dir_make_tmp ("gridwatch-media-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  make_files ();

  g_test_add_func ("/media/video-source/file-live", test_file_live);
  g_test_add_func ("/media/video-source/file-pause", test_file_pause);
  g_test_add_func ("/media/video-source/file-output-size", test_file_output_size);
  g_test_add_func ("/media/video-source/file-inactive", test_file_inactive);
  g_test_add_func ("/media/video-source/file-missing", test_file_missing);
  g_test_add_func ("/media/video-source/file-garbage", test_file_garbage);
  g_test_add_func ("/media/video-source/bad-uri", test_bad_uri);
  g_test_add_func ("/media/video-source/rtsp-refused", test_rtsp_refused);
  g_test_add_func ("/media/video-source/rtsp-silent", test_rtsp_silent);
  g_test_add_func ("/media/video-source/http-not-found", test_http_not_found);
  g_test_add_func ("/media/video-source/http-stall", test_http_stall);
  g_test_add_func ("/media/video-source/dispose", test_dispose);

  status = g_test_run ();

  {
    const char *names[] = { "clip.webm", "garbage.mp4", "frame.jpg" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }
  g_clear_pointer (&jpeg_frame, g_bytes_unref);
  g_free (video_uri);
  g_free (garbage_uri);
  g_free (missing_uri);
  g_free (tmpdir);
  return status;
}
