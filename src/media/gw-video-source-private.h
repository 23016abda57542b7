/* gw-video-source-private.h: what gw-video-source.c (the state machine, on the main thread)
 * and gw-video-session.c (one attempt's pipeline, its worker and streaming threads) share.
 *
 * Each attempt at playing is a GwVideoSession: its pipeline, its bus watch and the frame
 * handed over by its streaming thread. A session is what the streaming thread, the bus
 * watch, the frame idle and the worker threads hold a reference to, never the
 * GwVideoSource itself: retiring a session (a failure, stop, dispose) cuts it from its
 * source on the main thread, so a late frame or message of an old pipeline finds nobody to
 * tell and is dropped. Starting and tearing down (gst_element_set_state) happen on worker
 * threads, serialised per session by its state lock.
 */
#pragma once

#include <gst/gst.h>

#include "gw-video-source.h"

G_BEGIN_DECLS

/* Application messages a session posts on its bus (from other threads). */
#define GW_VIDEO_MESSAGE_NO_VIDEO     "gw-no-video"       /* the stream has no video */
#define GW_VIDEO_MESSAGE_START_FAILED "gw-start-failed"   /* a state change failed */

typedef struct {
  /* Main thread only. */
  GwVideoSource *source;        /* NULL once retired */
  GSource       *bus_watch;
  gint64         started_us;    /* monotonic, when the attempt began */
  gboolean       playing;       /* the pipeline said it is PLAYING, nothing pending */

  GMainContext  *context;       /* where frames are handed over */
  GstElement    *size_filter;   /* the capsfilter that bounds the output size (a ref) */

  /* Serialises the workers' set_state calls; `pipeline` is stolen by the teardown. The
   * main thread never takes this lock (a worker may hold it through a slow change). */
  GMutex         state_lock;
  GstElement    *pipeline;
  int            retired;       /* atomic: set before the teardown is queued */

  /* The frame hand-off between the streaming thread and the main thread. */
  GMutex         lock;
  GstSample     *latest;
  gboolean       idle_pending;
  gboolean       detached;
  gint64         last_frame_us; /* monotonic, when the newest frame arrived */
  guint64        frames;

  int            has_pads;      /* atomic: the source answered and exposed streams */
} GwVideoSession;

typedef enum {
  GW_VIDEO_JOB_START,       /* NULL -> PLAYING */
  GW_VIDEO_JOB_PAUSE,       /* -> PAUSED */
  GW_VIDEO_JOB_RESUME,      /* PAUSED -> PLAYING */
  GW_VIDEO_JOB_CLOCK_LOST,  /* -> PAUSED -> PLAYING: a new clock */
  GW_VIDEO_JOB_TEARDOWN,    /* -> NULL, then the pipeline is dropped */
} GwVideoJob;

/* gw-video-session.c */

/* GStreamer started (once per process); FALSE with *why (static) when it cannot. */
gboolean        _gw_video_gst_ready         (const char     **why);

/* A session for source with its pipeline built (not started: push GW_VIDEO_JOB_START), or
 * NULL when an element is missing. Frames come back on source's main context, at most
 * width × height (0 × 0: the stream's size). */
GwVideoSession *_gw_video_session_new       (GwVideoSource   *source,
                                             GMainContext    *context,
                                             const char      *uri,
                                             gboolean         is_live,
                                             int              width,
                                             int              height);
GwVideoSession *_gw_video_session_ref       (GwVideoSession  *session);
void            _gw_video_session_unref     (gpointer         session);
/* Runs a state change on a worker thread. */
void            _gw_video_session_push      (GwVideoSession  *session,
                                             GwVideoJob       job);
/* Cuts the session from its source (main thread): no more frames or bus messages reach
 * it, and the pipeline is torn down on a worker. Drops the caller's reference. */
void            _gw_video_session_retire    (GwVideoSession  *session);
/* Bounds the frames to come (main thread; takes effect from the next frame, no restart). */
void            _gw_video_session_set_output_size (GwVideoSession *session,
                                                   int             width,
                                                   int             height);
/* The caps the size filter is given for an output size (0 × 0: any). */
GstCaps        *_gw_video_output_caps       (int              width,
                                             int              height);
/* The newest frame's time and the frames so far (any thread). */
void            _gw_video_session_get_frames (GwVideoSession *session,
                                              gint64         *last_frame_us,
                                              guint64        *frames);
/* Counts as if a frame had just come (a paused file resuming). */
void            _gw_video_session_touch     (GwVideoSession  *session);

/* gw-video-source.c: a frame for the source, on its main context. */
void            _gw_video_source_show_sample (GwVideoSource  *self,
                                              GstSample      *sample);

G_END_DECLS
