/* gw-video-source.h: one camera stream (or video file) as a GdkPaintable.
 *
 * A GStreamer pipeline of our own (uridecodebin -> videoscale -> capsfilter -> videoconvert
 * -> appsink, BGRA) plays one URI: rtsp:// (rtspt:// forces TCP, rtspu:// UDP), http(s)://
 * (HLS, HTTP-FLV, files), file://. Pictures are scaled down to the output size, if one is
 * set, before they are converted to BGRA (the conversion is the dearest step per pixel).
 * The streaming thread keeps only the newest frame and asks the main context for at
 * most one idle at a time; there the frame becomes a GdkMemoryTexture (no copy: the texture
 * holds the mapped buffer) and the paintable's contents are invalidated. The intrinsic size
 * follows the stream's caps (pixel aspect ratio included).
 *
 * Nothing blocks the main context that created the source: pipelines are started and torn
 * down (set to NULL, which for RTSP sends TEARDOWN and may wait on the network) on a small
 * pool of worker threads, bus messages come back through a bus watch, and no state change is
 * waited for. A dead address — refused, unknown host, not found, a missing or unreadable
 * file — ends in "reconnecting" or "no-signal" with a reason a duty officer can read.
 *
 * States: STOPPED (before play, after stop) -> CONNECTING -> LIVE (a frame arrived).
 * A live stream that fails or sends no frame for "stall-timeout" seconds goes RECONNECTING
 * and tries again after 1 s, 2 s, 4 s … up to 30 s, for as long as it takes. A stream that
 * has not shown a frame since play() gives up after "give-up-after" failed attempts and
 * goes NO_SIGNAL, as do errors no retry can mend (a missing or unreadable file, not a
 * video, no decoder); play() tries again. PAUSED keeps the last frame: a file's pipeline
 * pauses, a network stream's is torn down (cameras often ignore RTSP PAUSE) and reconnects
 * on play().
 *
 * Active (default TRUE) is a second switch, apart from play/pause/stop: what the caller
 * wants is remembered, and runs only while the source is active. A wall tile that is not
 * on screen makes its source inactive and leaves play/pause/stop to the officer.
 *
 *   play()          active: as above.  inactive: STOPPED/NO_SIGNAL -> PAUSED, waiting.
 *   pause(), stop() the same whether active or not (and forget play()).
 *   set_active (F)  CONNECTING/LIVE/RECONNECTING -> PAUSED, as pause() would do it (a
 *                   network stream's pipeline is torn down on a worker thread, a file's
 *                   pauses), the last frame stays; STOPPED, PAUSED, NO_SIGNAL stay.
 *   set_active (T)  PAUSED after play() -> as play() from PAUSED: a camera reconnects
 *                   (CONNECTING, a fresh retry count), a file carries on; otherwise the
 *                   state stays.
 *
 * An inactive source decodes nothing and holds no connection: tearing the pipeline down
 * costs nothing while hidden, where a valve before the decoder would keep the RTSP session,
 * the network and the depayloader running (measured: 0.5 % of a core per hidden 360p
 * stream, and a camera's few client slots taken).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  GW_VIDEO_STATE_STOPPED,       /* not playing (before play(), after stop()) */
  GW_VIDEO_STATE_CONNECTING,    /* first attempt under way, no frame yet */
  GW_VIDEO_STATE_LIVE,          /* frames are arriving */
  GW_VIDEO_STATE_RECONNECTING,  /* lost or failed; trying again by itself (see "reason") */
  GW_VIDEO_STATE_NO_SIGNAL,     /* given up: see "reason"; play() tries again */
  GW_VIDEO_STATE_PAUSED,        /* paused by the caller; the last frame stays */
} GwVideoState;

GType gw_video_state_get_type (void) G_GNUC_CONST;
#define GW_TYPE_VIDEO_STATE (gw_video_state_get_type ())

#define GW_TYPE_VIDEO_SOURCE (gw_video_source_get_type ())
G_DECLARE_FINAL_TYPE (GwVideoSource, gw_video_source, GW, VIDEO_SOURCE, GObject)

/* A stopped source for uri (the caller picks a camera's main or sub-stream). Events come
 * back on the thread-default main context of the caller. */
GwVideoSource *gw_video_source_new                 (const char    *uri);

const char    *gw_video_source_get_uri             (GwVideoSource *self);

/* Starts (or restarts after NO_SIGNAL, or resumes after PAUSED). Resets the retry backoff. */
void           gw_video_source_play                (GwVideoSource *self);
void           gw_video_source_pause               (GwVideoSource *self);
/* Tears the pipeline down and drops the last frame. */
void           gw_video_source_stop                (GwVideoSource *self);

GwVideoState   gw_video_source_get_state           (GwVideoSource *self);
/* Why there is no picture, translated ("Cannot connect to the camera", "The camera sent no
 * picture for 5 seconds", …): set in RECONNECTING and NO_SIGNAL, NULL otherwise. */
const char    *gw_video_source_get_reason          (GwVideoSource *self);

/* The frame on show (a new reference, e.g. to save as evidence), or NULL before the first. */
GdkTexture    *gw_video_source_get_texture         (GwVideoSource *self);

/* Decodes nothing while inactive (see above); the last frame stays. Default TRUE. */
void           gw_video_source_set_active          (GwVideoSource *self,
                                                    gboolean       active);
gboolean       gw_video_source_get_active          (GwVideoSource *self);

/* Frames at most width × height pixels, scaled down inside GStreamer before the conversion
 * to BGRA, keeping the picture's shape (with square pixels) and never scaled up; 0 × 0
 * (the default) is the stream's own size, 0 on one side bounds only the other. On a
 * playing source it applies from the next frame, without reconnecting (the pipeline
 * renegotiates its caps), and the paintable's intrinsic size follows; a paused file
 * shows the new size when it plays on. Set it to the tile's size in device pixels. */
void           gw_video_source_set_output_size     (GwVideoSource *self,
                                                    int            width,
                                                    int            height);
void           gw_video_source_get_output_size     (GwVideoSource *self,
                                                    int           *width,
                                                    int           *height);

/* Seconds without a frame before a live stream counts as lost (default 5). */
void           gw_video_source_set_stall_timeout   (GwVideoSource *self,
                                                    guint          seconds);
/* Seconds an attempt may take to show its first frame (default 10). */
void           gw_video_source_set_connect_timeout (GwVideoSource *self,
                                                    guint          seconds);
/* Failed attempts, without a frame since play(), before NO_SIGNAL (default 3; 0: never
 * give up, e.g. for a video wall). */
void           gw_video_source_set_give_up_after   (GwVideoSource *self,
                                                    guint          attempts);

/* Pipelines (of every source) still being torn down on the worker threads. Tests and the
 * app's shutdown can let the main loop run until it is 0. */
guint          gw_video_source_get_pending_teardowns (void);

G_END_DECLS
