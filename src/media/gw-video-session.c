/* gw-video-session.c: one attempt at playing a URI — its pipeline (uridecodebin ->
 * videoscale -> capsfilter -> videoconvert -> appsink, BGRA), the worker threads that
 * change its state, and what its streaming threads hand to the main context. See
 * gw-video-source-private.h.
 */
#define G_LOG_DOMAIN "gw-video-source"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "gw-video-source-private.h"

/* Live RTSP: a short jitter buffer, never grown past it; a refused or silent TCP connect
 * fails within 5 s instead of rtspsrc's 20 s. */
#define RTSP_LATENCY_MS          200
#define RTSP_TCP_TIMEOUT_US      (G_GUINT64_CONSTANT (5) * G_USEC_PER_SEC)
#define HTTP_TIMEOUT_S           10
/* What uridecodebin's queue holds of a network stream that is not live (HLS, HTTP-FLV). */
#define STREAM_BUFFER_NS         (G_GINT64_CONSTANT (500) * GST_MSECOND)
/* How long a worker lets an asynchronous state change finish before the next one. */
#define STATE_SETTLE_NS          (1 * GST_SECOND)
/* Worker threads for set_state: a TEARDOWN to a slow camera holds one for a while. */
#define WORKER_THREADS           16

typedef struct {
  GwVideoJob      kind;
  GwVideoSession *session;
} Job;

static GThreadPool *workers;
static int pending_teardowns;

/* GStreamer, once per process ------------------------------------------------------------ */

gboolean
_gw_video_gst_ready (const char **why)
{
  static gsize done;
  static gboolean ok;
  static char *message;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GError) error = NULL;

      ok = gst_init_check (NULL, NULL, &error);
      if (!ok)
        message = g_strdup (error ? error->message : "gst_init failed");
      g_once_init_leave (&done, 1);
    }
  if (why)
    *why = message;
  return ok;
}

/* Sessions ------------------------------------------------------------------------------- */

GwVideoSession *
_gw_video_session_ref (GwVideoSession *session)
{
  return g_atomic_rc_box_acquire (session);
}

static void
session_clear (gpointer data)
{
  GwVideoSession *session = data;

  /* The teardown took the pipeline; a session is never dropped with one running. */
  g_warn_if_fail (session->pipeline == NULL);
  g_clear_pointer (&session->size_filter, gst_object_unref);
  g_clear_pointer (&session->latest, gst_sample_unref);
  g_clear_pointer (&session->context, g_main_context_unref);
  g_mutex_clear (&session->state_lock);
  g_mutex_clear (&session->lock);
}

void
_gw_video_session_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, session_clear);
}

static void
session_unref_closure (gpointer  data,
                       GClosure *closure)
{
  _gw_video_session_unref (data);
}

/* Worker threads ------------------------------------------------------------------------- */

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  GwVideoSession *session = job->session;

  g_mutex_lock (&session->state_lock);
  if (job->kind == GW_VIDEO_JOB_TEARDOWN)
    {
      GstElement *pipeline = g_steal_pointer (&session->pipeline);

      /* Still under the lock: a start queued earlier cannot run between these. */
      if (pipeline)
        {
          gst_element_set_state (pipeline, GST_STATE_NULL);
          gst_object_unref (pipeline);
        }
      g_mutex_unlock (&session->state_lock);
      g_atomic_int_dec_and_test (&pending_teardowns);
    }
  else
    {
      if (!g_atomic_int_get (&session->retired) && session->pipeline)
        {
          GstStateChangeReturn ret = GST_STATE_CHANGE_SUCCESS;

          /* Changing the state while the pipeline is still on its way to the last one
           * (prerolled, about to go PLAYING) can leave it stuck half-way: let that
           * finish first. A wait here, on a worker, is no wait for the main loop. */
          if (job->kind != GW_VIDEO_JOB_START)
            gst_element_get_state (session->pipeline, NULL, NULL, STATE_SETTLE_NS);
          switch (job->kind)
            {
            case GW_VIDEO_JOB_START:
            case GW_VIDEO_JOB_RESUME:
              ret = gst_element_set_state (session->pipeline, GST_STATE_PLAYING);
              break;
            case GW_VIDEO_JOB_PAUSE:
              ret = gst_element_set_state (session->pipeline, GST_STATE_PAUSED);
              break;
            case GW_VIDEO_JOB_CLOCK_LOST:
              gst_element_set_state (session->pipeline, GST_STATE_PAUSED);
              ret = gst_element_set_state (session->pipeline, GST_STATE_PLAYING);
              break;
            case GW_VIDEO_JOB_TEARDOWN:
            default:
              g_assert_not_reached ();
            }
          /* The element that failed has usually posted an error already; this message
           * comes after it on the bus and says "failed" only if nothing else did. */
          if (ret == GST_STATE_CHANGE_FAILURE)
            gst_element_post_message (session->pipeline,
                                      gst_message_new_application (GST_OBJECT (session->pipeline),
                                                                   gst_structure_new_empty (GW_VIDEO_MESSAGE_START_FAILED)));
        }
      g_mutex_unlock (&session->state_lock);
    }
  _gw_video_session_unref (session);
  g_free (job);
}

void
_gw_video_session_push (GwVideoSession *session,
                        GwVideoJob      kind)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GError) error = NULL;

  job->kind = kind;
  job->session = _gw_video_session_ref (session);
  if (kind == GW_VIDEO_JOB_TEARDOWN)
    g_atomic_int_inc (&pending_teardowns);
  if (g_once_init_enter (&workers))
    g_once_init_leave (&workers, g_thread_pool_new (run_job, NULL, WORKER_THREADS, FALSE, NULL));
  if (!g_thread_pool_push (workers, job, &error))
    {
      /* No thread to be had: do it here rather than leak a running pipeline. */
      g_warning ("No worker thread for the video pipeline: %s", error->message);
      run_job (job, NULL);
    }
}

/* Streaming threads ---------------------------------------------------------------------- */

static gboolean on_frame_idle (gpointer user_data);

/* Keeps only the newest frame and asks the main context for one idle at a time. */
static void
hand_over (GwVideoSession *session,
           GstSample      *sample)
{
  GstSample *old = NULL;
  gboolean schedule = FALSE;

  g_mutex_lock (&session->lock);
  if (session->detached)
    {
      g_mutex_unlock (&session->lock);
      gst_sample_unref (sample);
      return;
    }
  old = session->latest;
  session->latest = sample;
  session->last_frame_us = g_get_monotonic_time ();
  session->frames++;
  if (!session->idle_pending)
    schedule = session->idle_pending = TRUE;
  g_mutex_unlock (&session->lock);

  g_clear_pointer (&old, gst_sample_unref);
  if (schedule)
    {
      GSource *idle = g_idle_source_new ();

      /* Before the redraw (GDK_PRIORITY_REDRAW = G_PRIORITY_HIGH_IDLE + 20), so that a frame
       * shows in the next paint, but after input and other default-priority work: a wall of
       * 36 tiles must not keep the officer's keys and clicks waiting. */
      g_source_set_priority (idle, G_PRIORITY_HIGH_IDLE + 10);
      g_source_set_callback (idle, on_frame_idle, _gw_video_session_ref (session), _gw_video_session_unref);
      g_source_set_static_name (idle, "[gw-video-source] frame");
      g_source_attach (idle, session->context);
      g_source_unref (idle);
    }
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample)
    hand_over (user_data, sample);
  return GST_FLOW_OK;
}

/* A paused file shows the frame it stopped on. */
static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  if (sample)
    hand_over (user_data, sample);
  return GST_FLOW_OK;
}

static void
on_pad_added (GstElement *decode,
              GstPad     *pad,
              gpointer    user_data)
{
  GwVideoSession *session = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstObject) parent = NULL;
  g_autoptr(GstElement) scale = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  const char *name;

  g_atomic_int_set (&session->has_pads, 1);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = caps && gst_caps_get_size (caps) > 0
    ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  /* Only the first video stream is shown; audio and the rest stay unlinked, which their
   * demuxer or RTSP source takes in its stride while another stream is linked. */
  if (!g_str_has_prefix (name, "video/"))
    return;
  parent = gst_element_get_parent (decode);
  if (parent == NULL)
    return;
  scale = gst_bin_get_by_name (GST_BIN (parent), "scale");
  sink_pad = scale ? gst_element_get_static_pad (scale, "sink") : NULL;
  if (sink_pad && !gst_pad_is_linked (sink_pad))
    {
      GstPadLinkReturn ret = gst_pad_link (pad, sink_pad);

      if (ret != GST_PAD_LINK_OK)
        g_debug ("Cannot link the %s stream: %s", name, gst_pad_link_get_name (ret));
    }
}

static void
on_no_more_pads (GstElement *decode,
                 gpointer    user_data)
{
  g_autoptr(GstObject) parent = gst_element_get_parent (decode);
  g_autoptr(GstElement) scale = NULL;
  g_autoptr(GstPad) sink_pad = NULL;

  if (parent == NULL)
    return;
  scale = gst_bin_get_by_name (GST_BIN (parent), "scale");
  sink_pad = scale ? gst_element_get_static_pad (scale, "sink") : NULL;
  if (sink_pad && !gst_pad_is_linked (sink_pad))
    gst_element_post_message (decode,
                              gst_message_new_application (GST_OBJECT (decode),
                                                           gst_structure_new_empty (GW_VIDEO_MESSAGE_NO_VIDEO)));
}

static gboolean
has_property (gpointer    object,
              const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) != NULL;
}

/* Tunes uridecodebin's source element for live viewing (on the thread changing state). */
static void
on_source_setup (GstElement *decode,
                 GstElement *source,
                 gpointer    user_data)
{
  const char *type = G_OBJECT_TYPE_NAME (source);

  if (g_str_equal (type, "GstRTSPSrc"))
    {
      g_object_set (source,
                    "latency", (guint) RTSP_LATENCY_MS,
                    "drop-on-latency", TRUE,
                    "tcp-timeout", (guint64) RTSP_TCP_TIMEOUT_US,
                    NULL);
    }
  else if (g_str_equal (type, "GstSoupHTTPSrc"))
    {
      if (has_property (source, "timeout"))
        g_object_set (source, "timeout", (guint) HTTP_TIMEOUT_S, NULL);
      /* Retrying is ours to do, with a backoff and a state the officer can see. */
      if (has_property (source, "retries"))
        g_object_set (source, "retries", 0, NULL);
    }
}

/* An HTTP MJPEG camera (multipart/x-mixed-replace) sends one stream, but multipartdemux
 * cannot know it and never says "no more pads": decodebin would hold the picture back
 * until its queues overrun. */
static void
on_deep_element_added (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    user_data)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (element), "GstMultipartDemux") &&
      has_property (element, "single-stream"))
    g_object_set (element, "single-stream", TRUE, NULL);
}

/* The main context ------------------------------------------------------------------------ */

static gboolean
on_frame_idle (gpointer user_data)
{
  GwVideoSession *session = user_data;
  GstSample *sample;

  g_mutex_lock (&session->lock);
  sample = g_steal_pointer (&session->latest);
  session->idle_pending = FALSE;
  g_mutex_unlock (&session->lock);

  if (sample && session->source)
    _gw_video_source_show_sample (session->source, sample);
  g_clear_pointer (&sample, gst_sample_unref);
  return G_SOURCE_REMOVE;
}

/* The pipeline -------------------------------------------------------------------------- */

/* What the capsfilter between videoscale and videoconvert lets through: anything (the
 * stream's own size) for 0 × 0, otherwise at most width × height with square pixels.
 * videoscale fixates a range to the largest size that keeps the picture's shape and never
 * to more than the stream has, so a box larger than the stream leaves it as it is. */
GstCaps *
_gw_video_output_caps (int width,
                       int height)
{
  if (width <= 0 && height <= 0)
    return gst_caps_new_empty_simple ("video/x-raw");
  return gst_caps_new_simple ("video/x-raw",
                              "width", GST_TYPE_INT_RANGE, 1, width > 0 ? width : G_MAXINT,
                              "height", GST_TYPE_INT_RANGE, 1, height > 0 ? height : G_MAXINT,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
}

static void
unref_floating (GstElement *element)
{
  if (element)
    gst_object_unref (gst_object_ref_sink (element));
}

/* Scaling happens on the decoder's own format (I420 for H.264) before the conversion to
 * BGRA, which then runs on the smaller picture and on videoconvert's direct I420 -> BGRA
 * path. Measured on a 720p stream scaled to 320×180, this costs a third of what
 * videoconvertscale doing both at once does (it takes its generic path when it scales). */
static GstElement *
build_pipeline (GwVideoSession *session,
                const char     *uri,
                gboolean        is_live,
                int             width,
                int             height)
{
  GstAppSinkCallbacks callbacks = { 0, };
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstCaps) size_caps = NULL;
  GstElement *pipeline;
  GstElement *decode = gst_element_factory_make ("uridecodebin", "decode");
  GstElement *scale = gst_element_factory_make ("videoscale", "scale");
  GstElement *size = gst_element_factory_make ("capsfilter", "size");
  GstElement *convert = gst_element_factory_make ("videoconvert", "convert");
  GstElement *sink = gst_element_factory_make ("appsink", "sink");

  if (decode == NULL || scale == NULL || size == NULL || convert == NULL || sink == NULL)
    {
      g_debug ("A GStreamer element is missing (uridecodebin, videoscale, capsfilter, videoconvert or appsink)");
      unref_floating (decode);
      unref_floating (scale);
      unref_floating (size);
      unref_floating (convert);
      unref_floating (sink);
      return NULL;
    }

  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  g_object_set (decode,
                "uri", uri,
                "buffer-duration", (gint64) STREAM_BUFFER_NS,
                NULL);
  size_caps = _gw_video_output_caps (width, height);
  g_object_set (size, "caps", size_caps, NULL);
  session->size_filter = gst_object_ref (size);
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA", NULL);
  g_object_set (sink,
                "caps", caps,
                "max-buffers", 1u,
                "drop", TRUE,
                /* A file plays at its pace; a live stream shows each frame as it comes
                 * (rtspsrc's jitter buffer has smoothed it already). */
                "sync", !is_live,
                "qos", !is_live,
                "enable-last-sample", FALSE,
                NULL);
  callbacks.new_sample = on_new_sample;
  callbacks.new_preroll = on_new_preroll;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, _gw_video_session_ref (session), _gw_video_session_unref);

  gst_bin_add_many (GST_BIN (pipeline), decode, scale, size, convert, sink, NULL);
  if (!gst_element_link_many (scale, size, convert, sink, NULL))
    {
      g_warning ("Cannot link videoscale, capsfilter, videoconvert and appsink");
      gst_object_unref (pipeline);
      return NULL;
    }
  g_signal_connect_data (decode, "pad-added", G_CALLBACK (on_pad_added),
                         _gw_video_session_ref (session), session_unref_closure, 0);
  g_signal_connect (decode, "no-more-pads", G_CALLBACK (on_no_more_pads), NULL);
  g_signal_connect (decode, "source-setup", G_CALLBACK (on_source_setup), NULL);
  g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_deep_element_added), NULL);
  return pipeline;
}

/* Sessions, their making and their end ---------------------------------------------------- */

GwVideoSession *
_gw_video_session_new (GwVideoSource *source,
                       GMainContext  *context,
                       const char    *uri,
                       gboolean       is_live,
                       int            width,
                       int            height)
{
  GwVideoSession *session = g_atomic_rc_box_new0 (GwVideoSession);

  session->source = source;
  session->context = g_main_context_ref (context);
  session->started_us = g_get_monotonic_time ();
  g_mutex_init (&session->state_lock);
  g_mutex_init (&session->lock);
  session->pipeline = build_pipeline (session, uri, is_live, width, height);
  if (session->pipeline == NULL)
    {
      /* Nothing was started: nothing to tear down. */
      session->source = NULL;
      _gw_video_session_unref (session);
      return NULL;
    }
  return session;
}

void
_gw_video_session_retire (GwVideoSession *session)
{
  session->source = NULL;
  if (session->bus_watch)
    {
      g_source_destroy (session->bus_watch);
      g_clear_pointer (&session->bus_watch, g_source_unref);
    }
  g_mutex_lock (&session->lock);
  session->detached = TRUE;
  g_clear_pointer (&session->latest, gst_sample_unref);
  g_mutex_unlock (&session->lock);
  g_atomic_int_set (&session->retired, 1);
  _gw_video_session_push (session, GW_VIDEO_JOB_TEARDOWN);
  _gw_video_session_unref (session);
}

void
_gw_video_session_set_output_size (GwVideoSession *session,
                                   int             width,
                                   int             height)
{
  g_autoptr(GstCaps) caps = _gw_video_output_caps (width, height);

  /* The capsfilter asks videoscale to negotiate again; the next frame has the new size. */
  if (session->size_filter)
    g_object_set (session->size_filter, "caps", caps, NULL);
}

void
_gw_video_session_get_frames (GwVideoSession *session,
                              gint64         *last_frame_us,
                              guint64        *frames)
{
  g_mutex_lock (&session->lock);
  *last_frame_us = session->last_frame_us;
  *frames = session->frames;
  g_mutex_unlock (&session->lock);
}

void
_gw_video_session_touch (GwVideoSession *session)
{
  g_mutex_lock (&session->lock);
  session->last_frame_us = g_get_monotonic_time ();
  g_mutex_unlock (&session->lock);
}

guint
gw_video_source_get_pending_teardowns (void)
{
  return (guint) g_atomic_int_get (&pending_teardowns);
}
