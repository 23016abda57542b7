/* gw-alarm-sound.c: a two-tone ring from audiotestsrc, alternating every quarter second. */
#define G_LOG_DOMAIN "gw-alarm-sound"

#include "config.h"

#ifdef GW_HAVE_ALARM_SOUND
#include <gst/gst.h>
#endif

#include "gw-alarm-sound.h"

/* Hi–lo, a quarter second each, three times: distinct from any desktop sound. */
#define TONE_HIGH_HZ   960.0
#define TONE_LOW_HZ    770.0
#define TONE_NS        (250 * GST_MSECOND)
#define RING_BUFFERS   150          /* of 10 ms: 1.5 s */

struct _GwAlarmSound
{
  GObject     parent_instance;

  double      volume;
#ifdef GW_HAVE_ALARM_SOUND
  GstElement *pipeline;
  GstElement *tone;
  guint       bus_watch;
#endif
};

G_DEFINE_FINAL_TYPE (GwAlarmSound, gw_alarm_sound, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_RINGING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#ifdef GW_HAVE_ALARM_SOUND

/* Said once per process: there is no audio output, or GStreamer cannot start. */
static void
say_no_audio (const char *why)
{
  static gboolean said;

  if (said)
    return;
  said = TRUE;
  g_debug ("Alarms ring without sound: %s", why);
}

static gboolean
gst_ready (void)
{
  static gsize done;
  static gboolean ok;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GError) error = NULL;

      ok = gst_init_check (NULL, NULL, &error);
      if (!ok)
        say_no_audio (error ? error->message : "GStreamer did not start");
      g_once_init_leave (&done, 1);
    }
  return ok;
}

static void
teardown (GwAlarmSound *self)
{
  gboolean was = self->pipeline != NULL;

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->tone);
  g_clear_object (&self->pipeline);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RINGING]);
}

/* Streaming thread: switches the tone at every quarter second of the ring. */
static GstPadProbeReturn
on_tone_buffer (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  GstElement *tone = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buffer && GST_BUFFER_PTS_IS_VALID (buffer))
    {
      guint64 step = GST_BUFFER_PTS (buffer) / TONE_NS;
      g_object_set (tone, "freq", step % 2 ? TONE_HIGH_HZ : TONE_LOW_HZ, NULL);
    }
  return GST_PAD_PROBE_OK;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  GwAlarmSound *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_WARNING:
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
          gst_message_parse_error (message, &error, &debug);
        else
          gst_message_parse_warning (message, &error, &debug);
        say_no_audio (error ? error->message : "unknown");
        if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
          {
            self->bus_watch = 0;
            teardown (self);
            return G_SOURCE_REMOVE;
          }
      }
      break;
    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      teardown (self);
      return G_SOURCE_REMOVE;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

#endif /* GW_HAVE_ALARM_SOUND */

static void
gw_alarm_sound_dispose (GObject *object)
{
#ifdef GW_HAVE_ALARM_SOUND
  teardown (GW_ALARM_SOUND (object));
#endif
  G_OBJECT_CLASS (gw_alarm_sound_parent_class)->dispose (object);
}

static void
gw_alarm_sound_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwAlarmSound *self = GW_ALARM_SOUND (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_RINGING:
      g_value_set_boolean (value, gw_alarm_sound_get_ringing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_sound_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwAlarmSound *self = GW_ALARM_SOUND (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      gw_alarm_sound_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_sound_class_init (GwAlarmSoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_alarm_sound_dispose;
  object_class->get_property = gw_alarm_sound_get_property;
  object_class->set_property = gw_alarm_sound_set_property;

  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 0.8,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RINGING] =
    g_param_spec_boolean ("ringing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_alarm_sound_init (GwAlarmSound *self)
{
  self->volume = 0.8;
}

GwAlarmSound *
gw_alarm_sound_new (void)
{
  return g_object_new (GW_TYPE_ALARM_SOUND, NULL);
}

void
gw_alarm_sound_ring (GwAlarmSound *self)
{
  g_return_if_fail (GW_IS_ALARM_SOUND (self));

#ifdef GW_HAVE_ALARM_SOUND
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GstBus) bus = NULL;
    g_autoptr(GstPad) pad = NULL;
    g_autofree char *description = NULL;

    if (self->pipeline != NULL || self->volume <= 0.0 || !gst_ready ())
      return;

    description = g_strdup_printf ("audiotestsrc name=tone wave=sine samplesperbuffer=441"
                                   " num-buffers=%d ! audio/x-raw,rate=44100,channels=1"
                                   " ! audioconvert ! audioresample ! autoaudiosink",
                                   RING_BUFFERS);
    self->pipeline = gst_parse_launch (description, &error);
    if (self->pipeline)
      gst_object_ref_sink (self->pipeline);
    if (self->pipeline == NULL || error != NULL)
      {
        say_no_audio (error ? error->message : "no pipeline");
        g_clear_object (&self->pipeline);
        return;
      }
    self->tone = gst_bin_get_by_name (GST_BIN (self->pipeline), "tone");
    g_object_set (self->tone, "volume", self->volume, "freq", TONE_HIGH_HZ, NULL);
    pad = gst_element_get_static_pad (self->tone, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_tone_buffer, self->tone, NULL);

    bus = gst_element_get_bus (self->pipeline);
    self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RINGING]);
    /* Asynchronous: the state change completes (or fails) on the bus. */
    if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
      {
        say_no_audio ("the audio output did not start");
        teardown (self);
      }
  }
#endif
}

void
gw_alarm_sound_stop (GwAlarmSound *self)
{
  g_return_if_fail (GW_IS_ALARM_SOUND (self));

#ifdef GW_HAVE_ALARM_SOUND
  teardown (self);
#endif
}

gboolean
gw_alarm_sound_get_ringing (GwAlarmSound *self)
{
  g_return_val_if_fail (GW_IS_ALARM_SOUND (self), FALSE);

#ifdef GW_HAVE_ALARM_SOUND
  return self->pipeline != NULL;
#else
  return FALSE;
#endif
}

void
gw_alarm_sound_set_volume (GwAlarmSound *self,
                           double        volume)
{
  g_return_if_fail (GW_IS_ALARM_SOUND (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (volume == self->volume)
    return;
  self->volume = volume;
#ifdef GW_HAVE_ALARM_SOUND
  if (self->tone)
    g_object_set (self->tone, "volume", volume, NULL);
#endif
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

double
gw_alarm_sound_get_volume (GwAlarmSound *self)
{
  g_return_val_if_fail (GW_IS_ALARM_SOUND (self), 0.0);
  return self->volume;
}
