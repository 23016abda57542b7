#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "gw-camsim-file.h"
#include "gw-camsim.h"

struct _GwCamsimFile
{
  GObject     parent_instance;

  char       *path;
  GstElement *pipeline;
  GstElement *convert;   /* where the decoder's video pad is linked */
  guint       bus_watch;
  GTask      *start;     /* pending start, until the first preroll */
  gboolean    playing;
};

G_DEFINE_FINAL_TYPE (GwCamsimFile, gw_camsim_file, G_TYPE_OBJECT)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fail (GwCamsimFile *self,
      GError       *error)
{
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->start)
    {
      GTask *task = g_steal_pointer (&self->start);

      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else
    {
      g_signal_emit (self, signals[FAILED], 0, error);
      g_error_free (error);
    }
}

/* Back to the start. A segment seek loops without a flush (the running time goes on); a
 * flushing seek after EOS serves files whose demuxer cannot do segment seeks. */
static void
rewind_file (GwCamsimFile *self,
             gboolean      flush)
{
  GstSeekFlags flags = GST_SEEK_FLAG_SEGMENT | (flush ? GST_SEEK_FLAG_FLUSH : 0);

  if (!gst_element_seek (self->pipeline, 1.0, GST_FORMAT_TIME, flags,
                         GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    g_debug ("%s: seek to the start refused", self->path);
}

static void
on_decoder_pad_added (GstElement *decoder,
                      GstPad     *pad,
                      gpointer    user_data)
{
  GwCamsimFile *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink = gst_element_get_static_pad (self->convert, "sink");
  const GstStructure *s;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  /* The first video stream; sound and other streams stay unlinked. */
  if (!g_str_has_prefix (gst_structure_get_name (s), "video/") || gst_pad_is_linked (sink))
    return;
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_debug ("%s: cannot link the decoded video", self->path);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  GwCamsimFile *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("%s: %s", self->path, debug ? debug : "");
        fail (self, g_error_new (GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_FILE,
                                 _("Cannot play “%s”: %s"), self->path, gst_error->message));
        return G_SOURCE_CONTINUE;
      }

    case GST_MESSAGE_ASYNC_DONE:
      if (!self->playing)
        {
          GTask *task = g_steal_pointer (&self->start);

          self->playing = TRUE;
          rewind_file (self, TRUE);
          gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
          if (task)
            {
              if (!g_task_return_error_if_cancelled (task))
                g_task_return_boolean (task, TRUE);
              g_object_unref (task);
            }
        }
      return G_SOURCE_CONTINUE;

    case GST_MESSAGE_SEGMENT_DONE:
      rewind_file (self, FALSE);
      return G_SOURCE_CONTINUE;

    case GST_MESSAGE_EOS:
      rewind_file (self, TRUE);
      return G_SOURCE_CONTINUE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

static void
gw_camsim_file_dispose (GObject *object)
{
  GwCamsimFile *self = GW_CAMSIM_FILE (object);

  if (self->pipeline)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->pipeline);
  self->convert = NULL;
  G_OBJECT_CLASS (gw_camsim_file_parent_class)->dispose (object);
}

static void
gw_camsim_file_finalize (GObject *object)
{
  GwCamsimFile *self = GW_CAMSIM_FILE (object);

  g_assert (self->start == NULL);
  g_clear_pointer (&self->path, g_free);
  G_OBJECT_CLASS (gw_camsim_file_parent_class)->finalize (object);
}

static void
gw_camsim_file_class_init (GwCamsimFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_camsim_file_dispose;
  object_class->finalize = gw_camsim_file_finalize;

  /* GwCamsimFile::failed (GError *error): the file stopped playing after it had started. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gw_camsim_file_init (GwCamsimFile *self)
{
}

GwCamsimFile *
gw_camsim_file_new (const char  *path,
                    const char  *channel,
                    int          width,
                    int          height,
                    GError     **error)
{
  g_autoptr(GwCamsimFile) self = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *decoder, *scale, *filter, *sink;

  g_return_val_if_fail (path != NULL && channel != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_FILE,
                   _("The video file “%s” does not exist"), path);
      return NULL;
    }

  self = g_object_new (GW_TYPE_CAMSIM_FILE, NULL);
  self->path = g_strdup (path);
  file = g_file_new_for_commandline_arg (path);
  uri = g_file_get_uri (file);

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("camsim-file"));
  decoder = gst_element_factory_make ("uridecodebin", NULL);
  self->convert = gst_element_factory_make ("videoconvert", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("intervideosink", NULL);
  if (!decoder || !self->convert || !scale || !filter || !sink)
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_MISSING,
                   _("Playing a file needs uridecodebin, videoconvert, videoscale (gstreamer1.0-plugins-base) and intervideosink (gstreamer1.0-plugins-bad)"));
      g_clear_object (&decoder);
      g_clear_object (&self->convert);
      g_clear_object (&scale);
      g_clear_object (&filter);
      g_clear_object (&sink);
      return NULL;
    }

  /* Scaled once here to the main stream's size (letterboxed to keep its shape); each
   * stream scales on from there. */
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, width,
                              "height", G_TYPE_INT, height,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (decoder, "uri", uri, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "channel", channel, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), decoder, self->convert, scale, filter, sink, NULL);
  if (!gst_element_link_many (self->convert, scale, filter, sink, NULL))
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_FILE,
                   _("Cannot build the pipeline that plays “%s”"), path);
      return NULL;
    }
  g_signal_connect_object (decoder, "pad-added", G_CALLBACK (on_decoder_pad_added), self, 0);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return g_steal_pointer (&self);
}

void
gw_camsim_file_start_async (GwCamsimFile        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_CAMSIM_FILE (self));
  g_return_if_fail (self->start == NULL && !self->playing);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_camsim_file_start_async);
  self->start = g_object_ref (task);
  /* Errors come back on the bus, to on_bus_message(). */
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

gboolean
gw_camsim_file_start_finish (GwCamsimFile  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
