/* gw-camsim.h: what the parts of the camera simulator (gridwatch-camsim) share — its error
 * domain, the encoders it can use and what a 20-digit camera id looks like. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_CAMSIM_ERROR (gw_camsim_error_quark ())
GQuark gw_camsim_error_quark (void);

typedef enum {
  GW_CAMSIM_ERROR_INVALID,     /* a bad option value or camera id */
  GW_CAMSIM_ERROR_DATABASE,    /* the county database cannot be read */
  GW_CAMSIM_ERROR_NO_CAMERAS,  /* nothing to serve */
  GW_CAMSIM_ERROR_LISTEN,      /* the port cannot be bound */
  GW_CAMSIM_ERROR_MISSING,     /* a GStreamer element is not installed */
  GW_CAMSIM_ERROR_FILE,        /* the --file video cannot be played */
} GwCamsimError;

/* How the pictures are compressed: H.264 when an encoder for it is installed, JPEG otherwise. */
typedef enum {
  GW_CAMSIM_ENCODER_X264,      /* x264enc (gstreamer1.0-plugins-ugly) */
  GW_CAMSIM_ENCODER_OPENH264,  /* openh264enc (gstreamer1.0-plugins-bad) */
  GW_CAMSIM_ENCODER_JPEG,      /* jpegenc (gstreamer1.0-plugins-good), RTP/JPEG */
} GwCamsimEncoder;

/* The first installed of x264enc, openh264enc, jpegenc. GStreamer must be initialised. */
gboolean    gw_camsim_encoder_find_best   (GwCamsimEncoder  *encoder,
                                           GError          **error);
/* An encoder by its element name; fails when it is unknown or not installed. */
gboolean    gw_camsim_encoder_from_string (const char       *name,
                                           GwCamsimEncoder  *encoder,
                                           GError          **error);
const char *gw_camsim_encoder_to_string   (GwCamsimEncoder   encoder);

/* Whether every GStreamer element the streams need is installed (the encoder's payloader,
 * the overlays, and with `file` the decoder and the intervideo pair); otherwise
 * GW_CAMSIM_ERROR_MISSING naming the element and the Debian package that has it. */
gboolean    gw_camsim_check_elements      (GwCamsimEncoder   encoder,
                                           gboolean          file,
                                           GError          **error);

/* Whether id is a GB/T 28181 device id: exactly 20 ASCII digits. */
gboolean    gw_camsim_is_camera_id        (const char       *id);

G_END_DECLS
