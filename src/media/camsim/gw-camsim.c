#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "gw-camsim.h"

G_DEFINE_QUARK (gw-camsim-error-quark, gw_camsim_error)

/* In order of preference. */
static const char *const encoder_elements[] = {
  [GW_CAMSIM_ENCODER_X264] = "x264enc",
  [GW_CAMSIM_ENCODER_OPENH264] = "openh264enc",
  [GW_CAMSIM_ENCODER_JPEG] = "jpegenc",
};

static gboolean
is_installed (const char *element)
{
  g_autoptr(GstElementFactory) factory = gst_element_factory_find (element);

  return factory != NULL;
}

gboolean
gw_camsim_encoder_find_best (GwCamsimEncoder  *encoder,
                             GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (encoder_elements); i++)
    if (is_installed (encoder_elements[i]))
      {
        *encoder = (GwCamsimEncoder) i;
        return TRUE;
      }
  g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_MISSING,
               _("No video encoder is installed (x264enc, openh264enc or jpegenc): install gstreamer1.0-plugins-ugly or gstreamer1.0-plugins-good"));
  return FALSE;
}

gboolean
gw_camsim_encoder_from_string (const char       *name,
                               GwCamsimEncoder  *encoder,
                               GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (encoder_elements); i++)
    if (g_strcmp0 (name, encoder_elements[i]) == 0)
      {
        if (!is_installed (name))
          {
            g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_MISSING,
                         _("The GStreamer element %s is not installed"), name);
            return FALSE;
          }
        *encoder = (GwCamsimEncoder) i;
        return TRUE;
      }
  g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_INVALID,
               _("Unknown encoder “%s”: use x264enc, openh264enc or jpegenc"), name);
  return FALSE;
}

const char *
gw_camsim_encoder_to_string (GwCamsimEncoder encoder)
{
  g_return_val_if_fail ((guint) encoder < G_N_ELEMENTS (encoder_elements), NULL);
  return encoder_elements[encoder];
}

typedef struct {
  const char *element;
  const char *package;  /* Debian 12 */
} Needed;

static gboolean
check_needed (const Needed  *needed,
              guint          n,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    if (!is_installed (needed[i].element))
      {
        g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_MISSING,
                     _("The GStreamer element %s is not installed (it is in the package %s)"),
                     needed[i].element, needed[i].package);
        return FALSE;
      }
  return TRUE;
}

gboolean
gw_camsim_check_elements (GwCamsimEncoder   encoder,
                          gboolean          file,
                          GError          **error)
{
  static const Needed always[] = {
    { "videotestsrc", "gstreamer1.0-plugins-base" },
    { "videoconvert", "gstreamer1.0-plugins-base" },
    { "videoscale", "gstreamer1.0-plugins-base" },
    { "textoverlay", "gstreamer1.0-x" },
  };
  static const Needed h264[] = {
    { "rtph264pay", "gstreamer1.0-plugins-good" },
  };
  static const Needed openh264[] = {
    { "h264parse", "gstreamer1.0-plugins-bad" },
  };
  static const Needed jpeg[] = {
    { "rtpjpegpay", "gstreamer1.0-plugins-good" },
  };
  static const Needed from_file[] = {
    { "uridecodebin", "gstreamer1.0-plugins-base" },
    { "intervideosink", "gstreamer1.0-plugins-bad" },
    { "intervideosrc", "gstreamer1.0-plugins-bad" },
  };

  if (!check_needed (always, G_N_ELEMENTS (always), error))
    return FALSE;
  if (encoder == GW_CAMSIM_ENCODER_JPEG ? !check_needed (jpeg, G_N_ELEMENTS (jpeg), error)
                                        : !check_needed (h264, G_N_ELEMENTS (h264), error))
    return FALSE;
  if (encoder == GW_CAMSIM_ENCODER_OPENH264 && !check_needed (openh264, G_N_ELEMENTS (openh264), error))
    return FALSE;
  if (file && !check_needed (from_file, G_N_ELEMENTS (from_file), error))
    return FALSE;
  return TRUE;
}

gboolean
gw_camsim_is_camera_id (const char *id)
{
  guint n = 0;

  if (id == NULL)
    return FALSE;
  for (; id[n] != '\0'; n++)
    if (!g_ascii_isdigit (id[n]))
      return FALSE;
  return n == 20;
}
