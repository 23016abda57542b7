/* gw-video-source.c: the stream's state on the main thread — attempts, retries with a
 * backoff, the stall watchdog, what errors mean to an officer — and the frame on show as a
 * GdkPaintable. One attempt's pipeline and threads are gw-video-session.c's.
 */
#define G_LOG_DOMAIN "gw-video-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/video/video.h>

#include "gw-video-source-private.h"

/* Retry backoff: 1 s, doubled after each failure, at most 30 s. */
#define BACKOFF_FIRST_S           1
#define BACKOFF_MAX_S             30
#define WATCHDOG_INTERVAL_MS      250
#define DEFAULT_STALL_TIMEOUT_S   5
#define DEFAULT_CONNECT_TIMEOUT_S 10
#define DEFAULT_GIVE_UP_AFTER     3

/* A frame mapped for as long as a texture holds its bytes. */
typedef struct {
  GstVideoFrame frame;
} MappedFrame;

struct _GwVideoSource
{
  GObject         parent_instance;

  char           *uri;
  gboolean        is_file;       /* file:// — errors are final, the end is the end */
  gboolean        is_live;       /* rtsp and friends: render frames as they come */
  GMainContext   *context;

  GwVideoState    state;
  char           *reason;

  GwVideoSession *session;       /* the attempt under way, or NULL */
  GSource        *retry_source;  /* the next attempt, while RECONNECTING */
  GSource        *watchdog;      /* while an attempt is under way and not paused */
  guint           backoff_s;
  guint           failures;      /* consecutive, since the last frame */
  gboolean        ever_live;     /* a frame arrived since play() */

  guint           stall_timeout_s;
  guint           connect_timeout_s;
  guint           give_up_after;

  int             output_width;  /* at most this many pixels across; 0: the stream's */
  int             output_height;
  gboolean        active;        /* FALSE: decode nothing, whatever the caller wants */
  gboolean        wants_play;    /* play() more recent than pause() and stop() */

  GdkTexture     *texture;
  GstCaps        *caps;
  GstVideoInfo    info;
  int             display_width;
  int             display_height;
};

static void gw_video_source_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwVideoSource, gw_video_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, gw_video_source_paintable_init))

G_DEFINE_ENUM_TYPE (GwVideoState, gw_video_state,
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_NO_SIGNAL, "no-signal"),
  G_DEFINE_ENUM_VALUE (GW_VIDEO_STATE_PAUSED, "paused"))

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_REASON,
  PROP_STALL_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  PROP_GIVE_UP_AFTER,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_attempt (GwVideoSource *self,
                           GwVideoState   state);
static void fail          (GwVideoSource *self,
                           const char    *reason,
                           gboolean       final);

/* The main thread ------------------------------------------------------------------------ */

static void
clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (GwVideoSource *self,
             guint          ms,
             GSourceFunc    func,
             const char    *name)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
set_reason (GwVideoSource *self,
            const char    *reason)
{
  if (g_strcmp0 (self->reason, reason) == 0)
    return;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

/* The reason first, then the state: whoever watches the state reads the right reason. */
static void
set_state (GwVideoSource *self,
           GwVideoState   state,
           const char    *reason)
{
  g_object_ref (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_reason (self, reason);
  if (self->state != state)
    {
      g_debug ("%s: %s%s%s", self->uri,
               g_enum_get_value (g_type_class_peek (GW_TYPE_VIDEO_STATE), state)->value_nick,
               reason ? ": " : "", reason ? reason : "");
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_object_unref (self);
}

/* Cuts the attempt under way from this source; its pipeline is torn down on a worker. */
static void
retire_session (GwVideoSource *self)
{
  GwVideoSession *session = g_steal_pointer (&self->session);

  if (session)
    _gw_video_session_retire (session);
}

static void
frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

/* Makes the sample the frame on show: a texture over the mapped buffer, no copy. */
void
_gw_video_source_show_sample (GwVideoSource *self,
                              GstSample     *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  MappedFrame *mapped;
  int width, height, stride, display_width, par_n, par_d;
  gsize size;
  gboolean size_changed;

  if (caps == NULL || buffer == NULL)
    return;
  if (self->caps == NULL || !gst_caps_is_equal (caps, self->caps))
    {
      GstVideoInfo info;

      if (!gst_video_info_from_caps (&info, caps) ||
          GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGRA ||
          GST_VIDEO_INFO_WIDTH (&info) <= 0 || GST_VIDEO_INFO_HEIGHT (&info) <= 0)
        {
          g_warning ("Unexpected video caps from the appsink");
          return;
        }
      gst_caps_replace (&self->caps, caps);
      self->info = info;
    }

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &self->info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return;
    }
  width = GST_VIDEO_FRAME_WIDTH (&mapped->frame);
  height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  size = (gsize) stride * (height - 1) + (gsize) width * 4;
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0), size,
                                      frame_free, mapped);
  /* Opaque pixels: straight and premultiplied alpha are the same, and premultiplied BGRA
   * is what both renderers take without converting. */
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);

  par_n = GST_VIDEO_INFO_PAR_N (&self->info);
  par_d = GST_VIDEO_INFO_PAR_D (&self->info);
  display_width = par_n > 0 && par_d > 0 ? (int) gst_util_uint64_scale_int_round (width, par_n, par_d) : width;
  size_changed = display_width != self->display_width || height != self->display_height;
  self->display_width = display_width;
  self->display_height = height;
  g_set_object (&self->texture, texture);

  g_object_ref (self);
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  if (self->state == GW_VIDEO_STATE_CONNECTING || self->state == GW_VIDEO_STATE_RECONNECTING)
    {
      self->failures = 0;
      self->backoff_s = BACKOFF_FIRST_S;
      self->ever_live = TRUE;
      set_state (self, GW_VIDEO_STATE_LIVE, NULL);
    }
  g_object_unref (self);
}

static char *
no_picture_reason (guint seconds)
{
  return g_strdup_printf (ngettext ("The camera sent no picture for %u second",
                                    "The camera sent no picture for %u seconds", seconds),
                          seconds);
}

static gboolean
on_watchdog (gpointer user_data)
{
  GwVideoSource *self = user_data;
  GwVideoSession *session = self->session;
  gint64 now = g_get_monotonic_time ();
  gint64 last_frame_us;
  guint64 frames;

  if (session == NULL)
    return G_SOURCE_CONTINUE;
  _gw_video_session_get_frames (session, &last_frame_us, &frames);

  if (self->state == GW_VIDEO_STATE_LIVE)
    {
      if (now - last_frame_us > (gint64) self->stall_timeout_s * G_USEC_PER_SEC)
        {
          g_autofree char *reason = no_picture_reason (self->stall_timeout_s);
          fail (self, reason, FALSE);
        }
    }
  else if (frames == 0 && now - session->started_us > (gint64) self->connect_timeout_s * G_USEC_PER_SEC)
    {
      if (g_atomic_int_get (&session->has_pads))
        {
          g_autofree char *reason = no_picture_reason (self->connect_timeout_s);
          fail (self, reason, FALSE);
        }
      else
        fail (self, _("Cannot connect to the camera"), FALSE);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_watchdog (GwVideoSource *self)
{
  if (self->watchdog == NULL)
    self->watchdog = add_timeout (self, WATCHDOG_INTERVAL_MS, on_watchdog, "[gw-video-source] watchdog");
}

static gboolean
on_retry (gpointer user_data)
{
  GwVideoSource *self = user_data;

  clear_source (&self->retry_source);
  start_attempt (self, GW_VIDEO_STATE_RECONNECTING);
  return G_SOURCE_REMOVE;
}

/* An attempt failed or a stream was lost: try again later, or give up when the failure
 * is final or the stream never showed a frame in give_up_after attempts. */
static void
fail (GwVideoSource *self,
      const char    *reason,
      gboolean       final)
{
  guint delay;

  retire_session (self);
  clear_source (&self->watchdog);
  clear_source (&self->retry_source);
  if (!self->active && !final)
    {
      /* Nothing is retried while inactive (a paused file's pipeline failed): made active,
       * it starts afresh. */
      set_state (self, GW_VIDEO_STATE_PAUSED, NULL);
      return;
    }
  self->failures++;
  if (final || (self->give_up_after > 0 && !self->ever_live && self->failures >= self->give_up_after))
    {
      set_state (self, GW_VIDEO_STATE_NO_SIGNAL, reason);
      return;
    }
  delay = self->backoff_s;
  self->backoff_s = MIN (self->backoff_s * 2, BACKOFF_MAX_S);
  g_debug ("%s: trying again in %u s", self->uri, delay);
  self->retry_source = add_timeout (self, delay * 1000, on_retry, "[gw-video-source] retry");
  set_state (self, GW_VIDEO_STATE_RECONNECTING, reason);
}

/* What a GStreamer error means to the officer, and whether trying again can mend it. */
static char *
describe_error (GwVideoSource *self,
                const GError  *error,
                gboolean      *final)
{
  gboolean connected = self->session && g_atomic_int_get (&self->session->has_pads);

  *final = FALSE;
  if (error->domain == GST_CORE_ERROR && error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    {
      *final = TRUE;
      return g_strdup (_("No decoder is installed for this video format"));
    }
  if (error->domain == GST_STREAM_ERROR && error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND)
    {
      *final = TRUE;
      return g_strdup (_("No decoder is installed for this video format"));
    }

  if (self->is_file)
    {
      *final = TRUE;
      if (error->domain == GST_RESOURCE_ERROR)
        {
          switch (error->code)
            {
            case GST_RESOURCE_ERROR_NOT_FOUND:
              return g_strdup (_("The video file does not exist"));
            case GST_RESOURCE_ERROR_OPEN_READ:
            case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
            case GST_RESOURCE_ERROR_READ:
            case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
              return g_strdup (_("The video file cannot be read"));
            default:
              break;
            }
        }
      if (error->domain == GST_STREAM_ERROR)
        {
          switch (error->code)
            {
            case GST_STREAM_ERROR_TYPE_NOT_FOUND:
            case GST_STREAM_ERROR_WRONG_TYPE:
            case GST_STREAM_ERROR_DEMUX:
            case GST_STREAM_ERROR_DECODE:
            case GST_STREAM_ERROR_FORMAT:
            case GST_STREAM_ERROR_FAILED:
              return g_strdup (_("The file is not a video the player can read"));
            default:
              break;
            }
        }
      return g_strdup (error->message);
    }

  if (error->domain == GST_RESOURCE_ERROR)
    {
      switch (error->code)
        {
        case GST_RESOURCE_ERROR_NOT_FOUND:
          return g_strdup (_("The camera has no such stream"));
        case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
          return g_strdup (_("The camera refused the user name or password"));
        case GST_RESOURCE_ERROR_OPEN_READ:
        case GST_RESOURCE_ERROR_OPEN_WRITE:
        case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
        case GST_RESOURCE_ERROR_BUSY:
          /* A live stream's source that cannot reconnect by itself (rtspsrc after the
           * server went away): the officer saw it live, it was lost. */
          return g_strdup (self->state == GW_VIDEO_STATE_LIVE ? _("The connection to the camera was lost")
                                                              : _("Cannot connect to the camera"));
        case GST_RESOURCE_ERROR_READ:
        case GST_RESOURCE_ERROR_WRITE:
        case GST_RESOURCE_ERROR_SYNC:
        case GST_RESOURCE_ERROR_SEEK:
          return g_strdup (_("The connection to the camera was lost"));
        default:
          break;
        }
    }
  if (error->domain == GST_STREAM_ERROR)
    {
      switch (error->code)
        {
        case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        case GST_STREAM_ERROR_WRONG_TYPE:
        case GST_STREAM_ERROR_DEMUX:
        case GST_STREAM_ERROR_DECODE:
        case GST_STREAM_ERROR_FORMAT:
          return g_strdup (_("The camera sent a stream the player cannot read"));
        case GST_STREAM_ERROR_FAILED:
          /* A source that stopped streaming: before it answered, it never connected. */
          return g_strdup (connected || self->ever_live ? _("The connection to the camera was lost")
                                                        : _("Cannot connect to the camera"));
        default:
          break;
        }
    }
  return g_strdup (error->message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  GwVideoSession *session = user_data;
  GwVideoSource *self = session->source;

  if (self == NULL || self->session != session)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *reason = NULL;
        gboolean final;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("%s: error from %s: %s (%s)", self->uri, GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 error->message, debug ? debug : "");
        reason = describe_error (self, error, &final);
        fail (self, reason, final);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &error, &debug);
        g_debug ("%s: warning: %s (%s)", self->uri, error->message, debug ? debug : "");
      }
      break;

    case GST_MESSAGE_EOS:
      if (self->is_file)
        fail (self, _("The video has ended"), TRUE);
      else
        fail (self, _("The camera ended the stream"), FALSE);
      break;

    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *s = gst_message_get_structure (message);

        if (gst_structure_has_name (s, GW_VIDEO_MESSAGE_NO_VIDEO))
          fail (self, self->is_file ? _("The file has no video") : _("The camera's stream has no video"),
                self->is_file);
        else if (gst_structure_has_name (s, GW_VIDEO_MESSAGE_START_FAILED))
          fail (self, self->is_file ? _("The video file cannot be played")
                                    : _("Cannot connect to the camera"), self->is_file);
      }
      break;

    case GST_MESSAGE_LATENCY:
      /* A live source's latency changed: sinks must know (a quick query, not a wait). */
      if (session->pipeline)
        gst_bin_recalculate_latency (GST_BIN (session->pipeline));
      break;

    case GST_MESSAGE_CLOCK_LOST:
      _gw_video_session_push (session, GW_VIDEO_JOB_CLOCK_LOST);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (session->pipeline))
        {
          GstState new_state, pending;

          gst_message_parse_state_changed (message, NULL, &new_state, &pending);
          session->playing = new_state == GST_STATE_PLAYING && pending == GST_STATE_VOID_PENDING;
        }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
uri_is_playable (const char *uri)
{
  g_autofree char *protocol = NULL;

  if (uri == NULL || !gst_uri_is_valid (uri))
    return FALSE;
  protocol = gst_uri_get_protocol (uri);
  return protocol != NULL && gst_uri_protocol_is_supported (GST_URI_SRC, protocol);
}

/* A new pipeline for the URI; the state says whether this is the first try since play(). */
static void
start_attempt (GwVideoSource *self,
               GwVideoState   state)
{
  const char *why = NULL;
  g_autoptr(GstBus) bus = NULL;
  GwVideoSession *session;

  retire_session (self);
  clear_source (&self->retry_source);

  if (!_gw_video_gst_ready (&why))
    {
      g_debug ("GStreamer did not start: %s", why);
      clear_source (&self->watchdog);
      set_state (self, GW_VIDEO_STATE_NO_SIGNAL, _("The video system could not start"));
      return;
    }
  if (!uri_is_playable (self->uri))
    {
      clear_source (&self->watchdog);
      set_state (self, GW_VIDEO_STATE_NO_SIGNAL, _("This is not an address the player can open"));
      return;
    }

  session = _gw_video_session_new (self, self->context, self->uri, self->is_live,
                                   self->output_width, self->output_height);
  if (session == NULL)
    {
      clear_source (&self->watchdog);
      set_state (self, GW_VIDEO_STATE_NO_SIGNAL, _("A part of the video system is not installed"));
      return;
    }
  self->session = session;

  bus = gst_element_get_bus (session->pipeline);
  session->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (session->bus_watch, (GSourceFunc) (void (*) (void)) on_bus_message,
                         _gw_video_session_ref (session), _gw_video_session_unref);
  g_source_set_static_name (session->bus_watch, "[gw-video-source] bus");
  g_source_attach (session->bus_watch, self->context);

  set_state (self, state, state == GW_VIDEO_STATE_RECONNECTING ? self->reason : NULL);
  start_watchdog (self);
  _gw_video_session_push (session, GW_VIDEO_JOB_START);
}

/* GdkPaintable --------------------------------------------------------------------------- */

static void
gw_video_source_snapshot (GdkPaintable *paintable,
                          GdkSnapshot  *snapshot,
                          double        width,
                          double        height)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (paintable);

  if (self->texture)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
gw_video_source_get_current_image (GdkPaintable *paintable)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (paintable);

  if (self->texture)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (self->display_width, self->display_height);
}

static int
gw_video_source_get_intrinsic_width (GdkPaintable *paintable)
{
  return GW_VIDEO_SOURCE (paintable)->display_width;
}

static int
gw_video_source_get_intrinsic_height (GdkPaintable *paintable)
{
  return GW_VIDEO_SOURCE (paintable)->display_height;
}

static double
gw_video_source_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (paintable);

  if (self->display_width <= 0 || self->display_height <= 0)
    return 0.0;
  return (double) self->display_width / (double) self->display_height;
}

static void
gw_video_source_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = gw_video_source_snapshot;
  iface->get_current_image = gw_video_source_get_current_image;
  iface->get_intrinsic_width = gw_video_source_get_intrinsic_width;
  iface->get_intrinsic_height = gw_video_source_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = gw_video_source_get_intrinsic_aspect_ratio;
}

/* GObject -------------------------------------------------------------------------------- */

static void
gw_video_source_dispose (GObject *object)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (object);

  retire_session (self);
  clear_source (&self->retry_source);
  clear_source (&self->watchdog);
  g_clear_object (&self->texture);
  gst_clear_caps (&self->caps);
  G_OBJECT_CLASS (gw_video_source_parent_class)->dispose (object);
}

static void
gw_video_source_finalize (GObject *object)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (object);

  g_free (self->uri);
  g_free (self->reason);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (gw_video_source_parent_class)->finalize (object);
}

static void
gw_video_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout_s);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout_s);
      break;
    case PROP_GIVE_UP_AFTER:
      g_value_set_uint (value, self->give_up_after);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_video_source_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case PROP_STALL_TIMEOUT:
      gw_video_source_set_stall_timeout (self, g_value_get_uint (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      gw_video_source_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_GIVE_UP_AFTER:
      gw_video_source_set_give_up_after (self, g_value_get_uint (value));
      break;
    case PROP_ACTIVE:
      gw_video_source_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_video_source_constructed (GObject *object)
{
  GwVideoSource *self = GW_VIDEO_SOURCE (object);
  g_autofree char *protocol = NULL;

  G_OBJECT_CLASS (gw_video_source_parent_class)->constructed (object);

  protocol = self->uri ? g_uri_parse_scheme (self->uri) : NULL;
  if (protocol)
    {
      self->is_file = g_ascii_strcasecmp (protocol, "file") == 0;
      self->is_live = g_ascii_strncasecmp (protocol, "rtsp", 4) == 0 ||
                      g_ascii_strcasecmp (protocol, "rtp") == 0 ||
                      g_ascii_strcasecmp (protocol, "udp") == 0 ||
                      g_ascii_strcasecmp (protocol, "srt") == 0;
    }
}

static void
gw_video_source_class_init (GwVideoSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_video_source_constructed;
  object_class->dispose = gw_video_source_dispose;
  object_class->finalize = gw_video_source_finalize;
  object_class->get_property = gw_video_source_get_property;
  object_class->set_property = gw_video_source_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GW_TYPE_VIDEO_STATE, GW_VIDEO_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALL_TIMEOUT] =
    g_param_spec_uint ("stall-timeout", NULL, NULL, 1, 3600, DEFAULT_STALL_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 3600, DEFAULT_CONNECT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GIVE_UP_AFTER] =
    g_param_spec_uint ("give-up-after", NULL, NULL, 0, G_MAXUINT, DEFAULT_GIVE_UP_AFTER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_video_source_init (GwVideoSource *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->state = GW_VIDEO_STATE_STOPPED;
  self->backoff_s = BACKOFF_FIRST_S;
  self->stall_timeout_s = DEFAULT_STALL_TIMEOUT_S;
  self->connect_timeout_s = DEFAULT_CONNECT_TIMEOUT_S;
  self->give_up_after = DEFAULT_GIVE_UP_AFTER;
  self->active = TRUE;
  gst_video_info_init (&self->info);
}

/* Public API ----------------------------------------------------------------------------- */

GwVideoSource *
gw_video_source_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return g_object_new (GW_TYPE_VIDEO_SOURCE, "uri", uri, NULL);
}

const char *
gw_video_source_get_uri (GwVideoSource *self)
{
  g_return_val_if_fail (GW_IS_VIDEO_SOURCE (self), NULL);
  return self->uri;
}

/* Runs what the caller wants, the source being active. */
static void
resume (GwVideoSource *self)
{
  switch (self->state)
    {
    case GW_VIDEO_STATE_CONNECTING:
    case GW_VIDEO_STATE_LIVE:
      return;

    case GW_VIDEO_STATE_RECONNECTING:
      /* "Try now" rather than waiting out the backoff. */
      if (self->retry_source != NULL)
        {
          self->backoff_s = BACKOFF_FIRST_S;
          start_attempt (self, GW_VIDEO_STATE_RECONNECTING);
        }
      return;

    case GW_VIDEO_STATE_PAUSED:
      if (self->session != NULL)
        {
          /* A paused file: carry on from where it stopped. */
          _gw_video_session_touch (self->session);
          set_state (self, GW_VIDEO_STATE_LIVE, NULL);
          start_watchdog (self);
          _gw_video_session_push (self->session, GW_VIDEO_JOB_RESUME);
          return;
        }
      G_GNUC_FALLTHROUGH;

    case GW_VIDEO_STATE_STOPPED:
    case GW_VIDEO_STATE_NO_SIGNAL:
    default:
      self->failures = 0;
      self->ever_live = FALSE;
      self->backoff_s = BACKOFF_FIRST_S;
      start_attempt (self, GW_VIDEO_STATE_CONNECTING);
      return;
    }
}

/* Stops decoding and keeps the last frame: PAUSED. */
static void
suspend (GwVideoSource *self)
{
  clear_source (&self->retry_source);
  clear_source (&self->watchdog);
  /* A file that is playing pauses where it is; anything else (a camera, which may well
   * ignore RTSP PAUSE, or an attempt not yet fully playing: a state change on top of one
   * still under way can leave a pipeline stuck) is torn down and starts again. */
  if (self->is_file && self->state == GW_VIDEO_STATE_LIVE && self->session != NULL &&
      self->session->playing)
    _gw_video_session_push (self->session, GW_VIDEO_JOB_PAUSE);
  else
    retire_session (self);
  set_state (self, GW_VIDEO_STATE_PAUSED, NULL);
}

void
gw_video_source_play (GwVideoSource *self)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  self->wants_play = TRUE;
  if (self->active)
    resume (self);
  else if (self->state == GW_VIDEO_STATE_STOPPED || self->state == GW_VIDEO_STATE_NO_SIGNAL)
    /* Waits to be made active; a NO_SIGNAL reason is old news now. */
    set_state (self, GW_VIDEO_STATE_PAUSED, NULL);
}

void
gw_video_source_pause (GwVideoSource *self)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  self->wants_play = FALSE;
  if (self->state == GW_VIDEO_STATE_STOPPED || self->state == GW_VIDEO_STATE_PAUSED)
    return;
  suspend (self);
}

void
gw_video_source_stop (GwVideoSource *self)
{
  gboolean had_size;

  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  self->wants_play = FALSE;
  retire_session (self);
  clear_source (&self->retry_source);
  clear_source (&self->watchdog);
  had_size = self->display_width > 0 || self->display_height > 0;
  g_clear_object (&self->texture);
  gst_clear_caps (&self->caps);
  self->display_width = self->display_height = 0;
  g_object_ref (self);
  if (had_size)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  set_state (self, GW_VIDEO_STATE_STOPPED, NULL);
  g_object_unref (self);
}

void
gw_video_source_set_active (GwVideoSource *self,
                            gboolean       active)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  active = !!active;
  if (active == self->active)
    return;
  self->active = active;
  g_object_ref (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  if (!active)
    {
      /* Whatever is under way stops; STOPPED, PAUSED and NO_SIGNAL run nothing already. */
      if (self->state == GW_VIDEO_STATE_CONNECTING || self->state == GW_VIDEO_STATE_LIVE ||
          self->state == GW_VIDEO_STATE_RECONNECTING)
        suspend (self);
    }
  else if (self->wants_play && self->state == GW_VIDEO_STATE_PAUSED)
    resume (self);
  g_object_unref (self);
}

gboolean
gw_video_source_get_active (GwVideoSource *self)
{
  g_return_val_if_fail (GW_IS_VIDEO_SOURCE (self), FALSE);
  return self->active;
}

void
gw_video_source_set_output_size (GwVideoSource *self,
                                 int            width,
                                 int            height)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  width = MAX (width, 0);
  height = MAX (height, 0);
  if (width == self->output_width && height == self->output_height)
    return;
  self->output_width = width;
  self->output_height = height;
  /* The attempt under way renegotiates in place; the next attempts are built with it. */
  if (self->session)
    _gw_video_session_set_output_size (self->session, width, height);
}

void
gw_video_source_get_output_size (GwVideoSource *self,
                                 int           *width,
                                 int           *height)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  if (width)
    *width = self->output_width;
  if (height)
    *height = self->output_height;
}

GwVideoState
gw_video_source_get_state (GwVideoSource *self)
{
  g_return_val_if_fail (GW_IS_VIDEO_SOURCE (self), GW_VIDEO_STATE_STOPPED);
  return self->state;
}

const char *
gw_video_source_get_reason (GwVideoSource *self)
{
  g_return_val_if_fail (GW_IS_VIDEO_SOURCE (self), NULL);
  return self->reason;
}

GdkTexture *
gw_video_source_get_texture (GwVideoSource *self)
{
  g_return_val_if_fail (GW_IS_VIDEO_SOURCE (self), NULL);
  return self->texture ? g_object_ref (self->texture) : NULL;
}

void
gw_video_source_set_stall_timeout (GwVideoSource *self,
                                   guint          seconds)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == self->stall_timeout_s)
    return;
  self->stall_timeout_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}

void
gw_video_source_set_connect_timeout (GwVideoSource *self,
                                     guint          seconds)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == self->connect_timeout_s)
    return;
  self->connect_timeout_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

void
gw_video_source_set_give_up_after (GwVideoSource *self,
                                   guint          attempts)
{
  g_return_if_fail (GW_IS_VIDEO_SOURCE (self));

  if (attempts == self->give_up_after)
    return;
  self->give_up_after = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIVE_UP_AFTER]);
}
