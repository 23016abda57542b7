#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <gst/video/video.h>

#include "gw-camsim-factory.h"
#include "gw-camsim-timecode.h"
#include "gw-time.h"

struct _GwCamsimFactory
{
  GstRTSPMediaFactory parent_instance;

  char     *label;     /* Pango markup: the id, the stream and the name */
  gboolean  timecode;  /* the clock also as a strip of cells */
};

G_DEFINE_FINAL_TYPE (GwCamsimFactory, gw_camsim_factory, GST_TYPE_RTSP_MEDIA_FACTORY)

/* Moving pictures that look different from one tile to the next: videotestsrc properties
 * after is-live=true, chosen by the camera's place in the list. */
static const char *const patterns[] = {
  "pattern=ball background-color=0xff102a44 foreground-color=0xffffc83c",
  "pattern=smpte horizontal-speed=4",
  "pattern=ball motion=sweep background-color=0xff183c20 foreground-color=0xffe8e8e8",
  "pattern=zone-plate kx2=20 ky2=20 kt=1",
  "pattern=colors horizontal-speed=3",
  "pattern=ball motion=hsweep background-color=0xff401818 foreground-color=0xff40d0ff",
  "pattern=smpte75 horizontal-speed=-3",
  "pattern=ball background-color=0xff303030 foreground-color=0xffff6060 animation-mode=wall-time",
};

/* Overlays: the label at the top left, the clock large at the bottom right. With
 * auto-resize (the default) the fonts scale with the picture's width, so main and
 * sub-stream look alike. */
#define OVERLAYS \
  "textoverlay name=label valignment=top halignment=left line-alignment=left" \
  " shaded-background=true font-desc=\"Sans 13\" ! " \
  "textoverlay name=clock valignment=bottom halignment=right" \
  " shaded-background=true font-desc=\"Monospace Bold 20\" ! "

static char *
encoder_description (const GwCamsimStreamSpec *spec)
{
  /* About 2 Mbit/s for 1280×720 at 25 frames a second, 0.5 for 640×360. */
  guint kbps = MAX (100, (guint) ((gint64) spec->width * spec->height * spec->fps / 11250));

  switch (spec->encoder)
    {
    case GW_CAMSIM_ENCODER_X264:
      /* No B-frames, no look-ahead, a keyframe every second (a client joining a shared
       * stream waits for one), SPS/PPS with every keyframe. One thread per stream: the
       * simulator serves many streams at once, and x264's own threads only added
       * overhead (a fifth more CPU for 640×360 streams). */
      return g_strdup_printf ("x264enc tune=zerolatency speed-preset=ultrafast threads=1 key-int-max=%d bitrate=%u ! "
                              "rtph264pay name=pay0 pt=96 config-interval=-1",
                              spec->fps, kbps);
    case GW_CAMSIM_ENCODER_OPENH264:
      return g_strdup_printf ("openh264enc usage-type=camera complexity=low rate-control=bitrate"
                              " gop-size=%d bitrate=%u ! h264parse ! "
                              "rtph264pay name=pay0 pt=96 config-interval=-1",
                              spec->fps, kbps * 1000);
    case GW_CAMSIM_ENCODER_JPEG:
      return g_strdup ("jpegenc quality=80 ! rtpjpegpay name=pay0 pt=26");
    default:
      g_assert_not_reached ();
    }
}

static char *
launch_description (const GwCamsimStreamSpec *spec)
{
  g_autofree char *source = NULL;
  g_autofree char *encoder = encoder_description (spec);

  if (spec->file_channel)
    source = g_strdup_printf ("intervideosrc channel=%s ! videoconvert ! videoscale", spec->file_channel);
  else
    source = g_strdup_printf ("videotestsrc is-live=true %s",
                              patterns[spec->index % G_N_ELEMENTS (patterns)]);

  /* I420 throughout: what every H.264 decoder takes (not High 4:4:4), and the 4:2:0 that
   * RTP/JPEG carries. */
  return g_strdup_printf ("( %s ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1,pixel-aspect-ratio=1/1 ! "
                          OVERLAYS "%s )",
                          source, spec->width, spec->height, spec->fps, encoder);
}

/* Each frame carries the wall-clock time at which it passed here, just before encoding:
 * compared with the clock of the machine that shows it, the glass-to-glass latency. */
static GstPadProbeReturn
on_clock_buffer (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  GstElement *overlay = user_data;
  g_autofree char *text = gw_camsim_format_clock (g_get_real_time ());

  g_object_set (overlay, "text", text, NULL);
  return GST_PAD_PROBE_OK;
}

/* Draws the strip into one frame: luma black and white, chroma neutral. Only 8-bit YUV
 * (the pipeline makes I420). */
static void
draw_timecode (GstVideoFrame *frame,
               guint64        stamp)
{
  for (guint c = 0; c < MIN (GST_VIDEO_FRAME_N_COMPONENTS (frame), 3); c++)
    gw_camsim_timecode_draw (GST_VIDEO_FRAME_COMP_DATA (frame, c),
                             GST_VIDEO_FRAME_COMP_STRIDE (frame, c),
                             GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c),
                             GST_VIDEO_FRAME_COMP_WIDTH (frame, c),
                             GST_VIDEO_FRAME_COMP_HEIGHT (frame, c),
                             GST_VIDEO_FRAME_WIDTH (frame),
                             GST_VIDEO_FRAME_HEIGHT (frame),
                             c == 0 ? 16 : 128,
                             c == 0 ? 235 : 128,
                             stamp);
}

/* --timecode: the same instant as the clock's text, also as a strip of cells across the
 * top of the picture (over the label's corner; the clock is drawn at the bottom). */
static GstPadProbeReturn
on_clock_buffer_timecode (GstPad          *pad,
                          GstPadProbeInfo *info,
                          gpointer         user_data)
{
  GstElement *overlay = user_data;
  gint64 now = g_get_real_time ();
  g_autofree char *text = gw_camsim_format_clock (now);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstBuffer *buffer;
  GstVideoInfo video_info;
  GstVideoFrame frame;

  g_object_set (overlay, "text", text, NULL);
  if (caps == NULL || !gst_video_info_from_caps (&video_info, caps) ||
      !GST_VIDEO_INFO_IS_YUV (&video_info) || GST_VIDEO_INFO_COMP_DEPTH (&video_info, 0) != 8)
    return GST_PAD_PROBE_OK;
  /* Written in place: the probe hands the (possibly copied) buffer on. */
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, &video_info, buffer, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;
  draw_timecode (&frame, gw_camsim_timecode_from_real_time (now));
  gst_video_frame_unmap (&frame);
  return GST_PAD_PROBE_OK;
}

/* One pipeline per factory, whatever the URL it is asked for under: a factory mounted at
 * several paths (--one-picture) serves them all from one encoder. */
static gchar *
gw_camsim_factory_gen_key (GstRTSPMediaFactory *factory,
                           const GstRTSPUrl    *url)
{
  return g_strdup ("stream");
}

static GstElement *
gw_camsim_factory_create_element (GstRTSPMediaFactory *factory,
                                  const GstRTSPUrl    *url)
{
  GwCamsimFactory *self = GW_CAMSIM_FACTORY (factory);
  GstElement *element;
  g_autoptr(GstElement) label = NULL;
  g_autoptr(GstElement) clock = NULL;
  g_autoptr(GstPad) pad = NULL;

  element = GST_RTSP_MEDIA_FACTORY_CLASS (gw_camsim_factory_parent_class)->create_element (factory, url);
  if (element == NULL)
    return NULL;

  label = gst_bin_get_by_name (GST_BIN (element), "label");
  clock = gst_bin_get_by_name (GST_BIN (element), "clock");
  g_assert (label != NULL && clock != NULL);
  g_object_set (label, "text", self->label, NULL);
  /* The probe lives on the overlay's own pad: it goes with the element. */
  pad = gst_element_get_static_pad (clock, "video_sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER,
                     self->timecode ? on_clock_buffer_timecode : on_clock_buffer, clock, NULL);
  return element;
}

static void
gw_camsim_factory_finalize (GObject *object)
{
  GwCamsimFactory *self = GW_CAMSIM_FACTORY (object);

  g_clear_pointer (&self->label, g_free);
  G_OBJECT_CLASS (gw_camsim_factory_parent_class)->finalize (object);
}

static void
gw_camsim_factory_class_init (GwCamsimFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstRTSPMediaFactoryClass *factory_class = GST_RTSP_MEDIA_FACTORY_CLASS (klass);

  object_class->finalize = gw_camsim_factory_finalize;
  factory_class->create_element = gw_camsim_factory_create_element;
  factory_class->gen_key = gw_camsim_factory_gen_key;
}

static void
gw_camsim_factory_init (GwCamsimFactory *self)
{
}

char *
gw_camsim_format_clock (gint64 real_time_us)
{
  /* In the county's zone, as the wall's tile clocks are: the two read side by side. */
  g_autoptr(GDateTime) t = gw_time_to_date_time (real_time_us / G_USEC_PER_SEC);
  g_autofree char *hms = t ? g_date_time_format (t, "%H:%M:%S") : g_strdup ("--:--:--");

  return g_strdup_printf ("%s.%03d", hms, (int) (real_time_us % G_USEC_PER_SEC / 1000));
}

GstRTSPMediaFactory *
gw_camsim_factory_new (const GwCamsimStreamSpec *spec)
{
  GwCamsimFactory *self;
  g_autofree char *launch = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (gw_camsim_is_camera_id (spec->camera_id), NULL);
  g_return_val_if_fail (spec->width > 0 && spec->height > 0 && spec->fps > 0, NULL);

  self = g_object_new (GW_TYPE_CAMSIM_FACTORY, NULL);
  self->timecode = spec->timecode;
  /* The overlays read Pango markup: a name is text, never markup. */
  id = g_markup_escape_text (spec->camera_id, -1);
  name = spec->camera_name ? g_markup_escape_text (spec->camera_name, -1) : NULL;
  self->label = g_strdup_printf ("<b>%s</b>  %s%s%s", id, spec->stream,
                                 name ? "\n" : "", name ? name : "");

  launch = launch_description (spec);
  g_debug ("%s/%s: %s", spec->camera_id, spec->stream, launch);
  gst_rtsp_media_factory_set_launch (GST_RTSP_MEDIA_FACTORY (self), launch);
  gst_rtsp_media_factory_set_shared (GST_RTSP_MEDIA_FACTORY (self), TRUE);
  return GST_RTSP_MEDIA_FACTORY (self);
}
