/* gw-camsim-factory.h: one stream of one simulated camera — the media factory mounted at
 * /<id>/main or /<id>/sub.
 *
 * The picture is a moving test pattern (or the shared --file decoder), overlaid with the
 * camera's id and name and the wall-clock time of the frame to the millisecond, encoded
 * with low-latency settings. With `timecode`, the same instant is also drawn
 * machine-readably across the top of the picture (gw-camsim-timecode.h). The factory is
 * shared: however many clients watch the stream, it runs one pipeline and one encoder,
 * and none while nobody watches — also when it is mounted at several paths
 * (--one-picture).
 */
#pragma once

#include <gst/rtsp-server/rtsp-server.h>

#include "gw-camsim.h"

G_BEGIN_DECLS

typedef struct {
  const char      *camera_id;    /* 20 digits */
  const char      *camera_name;  /* NULL when unknown */
  const char      *stream;       /* "main" or "sub": shown on the picture */
  guint            index;        /* the camera's place in the list: picks its pattern */
  int              width;
  int              height;
  int              fps;
  GwCamsimEncoder  encoder;
  const char      *file_channel; /* intervideo channel of the --file decoder, NULL for the
                                  * test pattern */
  gboolean         timecode;     /* also the clock as a strip of cells (gw-camsim-timecode.h) */
} GwCamsimStreamSpec;

#define GW_TYPE_CAMSIM_FACTORY (gw_camsim_factory_get_type ())
G_DECLARE_FINAL_TYPE (GwCamsimFactory, gw_camsim_factory, GW, CAMSIM_FACTORY, GstRTSPMediaFactory)

GstRTSPMediaFactory *gw_camsim_factory_new (const GwCamsimStreamSpec *spec);

/* The text the clock overlay shows for a wall-clock time in microseconds since the epoch
 * (local time, "HH:MM:SS.mmm"). */
char                *gw_camsim_format_clock (gint64 real_time_us);

G_END_DECLS
