/* gw-camera-status.h: what a camera's picture says about its stream, and the clock over it —
 * shared by the widgets that show cameras (the video wall's tiles, the camera player).
 *
 * gw_camera_status_for_source() turns a GwVideoSource's state and reason into the words,
 * icon and controls a picture shows over it, the same in every widget; each widget lays
 * them out its own way. The clock is one timer for every picture on screen, ticking on
 * the second in the county's time (gw-time.h), however many tiles watch it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GwVideoSource, as gw-video-source.h has it (a build without video has only the name). */
typedef struct _GwVideoSource GwVideoSource;

typedef struct {
  const char *state;        /* short words for a bar ("Live", "Connecting…"), or NULL */
  const char *tooltip;      /* why, for the bar's words (the reason), or NULL */
  gboolean    spinning;     /* a spinner by the bar's words */
  gboolean    live;         /* the live dot */
  const char *wait;         /* no picture yet: a spinner and these words over it */
  const char *title;        /* or a status over the picture: title, description, icon */
  const char *description;
  const char *icon;
  gboolean    retry;        /* offer Retry (play() again) */
  gboolean    dim;          /* dim the last picture: it is old */
} GwCameraStatus;

/* The stream's status: a NULL source is a camera without a stream address. In a build
 * without video every camera says that video is not available in this build. */
void   gw_camera_status_for_source (GwCameraStatus *status,
                                    GwVideoSource  *source);

/* The clock: func runs at once and then on every second while watched, with the county's
 * time of day ("14:05:09") and date ("2025-03-01"). One timer for all watchers. */
typedef void (*GwCameraClockFunc) (const char *time,
                                   const char *date,
                                   gpointer    user_data);

guint  gw_camera_clock_watch       (GwCameraClockFunc func,
                                    gpointer          user_data);
void   gw_camera_clock_unwatch     (guint             id);
/* Watchers (tests: one timer, and none left behind). */
guint  gw_camera_clock_get_n_watchers (void);

G_END_DECLS
