/* gw-camera-status.c: a stream's state in words, and one clock for every picture. */
#define G_LOG_DOMAIN "gw-camera-status"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-camera-status.h"
#include "gw-time.h"
#ifdef GW_HAVE_VIDEO
#include "gw-video-source.h"
#endif

/* The status ----------------------------------------------------------------------------- */

void
gw_camera_status_for_source (GwCameraStatus *s,
                             GwVideoSource  *source)
{
  g_return_if_fail (s != NULL);

  memset (s, 0, sizeof *s);
#ifdef GW_HAVE_VIDEO
  if (source == NULL)
    {
      s->state = _("No signal");
      s->title = _("No Signal");
      s->description = _("This camera has no stream address");
      s->icon = "camera-disabled-symbolic";
      return;
    }
  else
    {
      const char *reason = gw_video_source_get_reason (source);
      gboolean has_picture = gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (source)) > 0;

      switch (gw_video_source_get_state (source))
        {
        case GW_VIDEO_STATE_CONNECTING:
          s->state = _("Connecting…");
          s->spinning = TRUE;
          if (!has_picture)
            s->wait = _("Connecting to the camera…");
          break;
        case GW_VIDEO_STATE_LIVE:
          s->state = _("Live");
          s->live = TRUE;
          break;
        case GW_VIDEO_STATE_RECONNECTING:
          s->state = _("Reconnecting…");
          s->tooltip = reason;
          s->spinning = TRUE;
          if (!has_picture)
            s->wait = reason ? reason : _("Reconnecting…");
          break;
        case GW_VIDEO_STATE_NO_SIGNAL:
          s->state = _("No signal");
          s->title = _("No Signal");
          s->description = reason;
          s->icon = "camera-disabled-symbolic";
          s->retry = TRUE;
          s->dim = TRUE;
          break;
        case GW_VIDEO_STATE_PAUSED:
          s->state = _("Paused");
          break;
        case GW_VIDEO_STATE_STOPPED:
        default:
          break;
        }
    }
#else
  s->title = _("Video is not available in this build");
  s->description = _("This copy of Gridwatch was built without GStreamer, so cameras cannot be shown.");
  s->icon = "camera-disabled-symbolic";
#endif
}

/* The clock ------------------------------------------------------------------------------ */

typedef struct {
  guint             id;
  GwCameraClockFunc func;      /* NULL once unwatched during a tick */
  gpointer          user_data;
} Watcher;

static GPtrArray *watchers;    /* Watcher, in the order watched */
static guint      last_id;
static guint      timer_id;
static gboolean   ticking;
static char      *now_time;
static char      *now_date;

static void
format_now (gint64 now_us)
{
  g_autoptr(GDateTime) now = gw_time_to_date_time (now_us / G_USEC_PER_SEC);

  g_free (now_time);
  g_free (now_date);
  now_time = now ? g_date_time_format (now, "%H:%M:%S") : g_strdup ("");
  now_date = now ? g_date_time_format (now, "%Y-%m-%d") : g_strdup ("");
}

static gboolean on_tick (gpointer user_data);

/* The next tick just after the next second begins. */
static void
schedule (gint64 now_us)
{
  timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 1000 - (guint) ((now_us / 1000) % 1000) + 1,
                                 on_tick, NULL, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, timer_id), "[gw-camera-status] clock");
}

static gboolean
on_tick (gpointer user_data)
{
  gint64 now_us = g_get_real_time ();

  timer_id = 0;
  format_now (now_us);
  ticking = TRUE;
  for (guint i = 0; i < watchers->len; i++)
    {
      Watcher *w = g_ptr_array_index (watchers, i);

      if (w->func)
        w->func (now_time, now_date, w->user_data);
    }
  ticking = FALSE;
  /* Those unwatched meanwhile. */
  for (guint i = watchers->len; i > 0; i--)
    if (((Watcher *) g_ptr_array_index (watchers, i - 1))->func == NULL)
      g_ptr_array_remove_index (watchers, i - 1);
  if (watchers->len > 0)
    schedule (now_us);
  return G_SOURCE_REMOVE;
}

guint
gw_camera_clock_watch (GwCameraClockFunc func,
                       gpointer          user_data)
{
  Watcher *w;
  gint64 now_us = g_get_real_time ();

  g_return_val_if_fail (func != NULL, 0);

  if (watchers == NULL)
    watchers = g_ptr_array_new_with_free_func (g_free);
  w = g_new0 (Watcher, 1);
  w->id = ++last_id;
  w->func = func;
  w->user_data = user_data;
  g_ptr_array_add (watchers, w);
  if (timer_id == 0 && !ticking)
    schedule (now_us);
  format_now (now_us);
  func (now_time, now_date, user_data);
  return w->id;
}

void
gw_camera_clock_unwatch (guint id)
{
  g_return_if_fail (id != 0);

  for (guint i = 0; watchers && i < watchers->len; i++)
    {
      Watcher *w = g_ptr_array_index (watchers, i);

      if (w->id != id)
        continue;
      if (ticking)
        w->func = NULL;
      else
        g_ptr_array_remove_index (watchers, i);
      break;
    }
  if (!ticking && watchers && watchers->len == 0)
    g_clear_handle_id (&timer_id, g_source_remove);
}

guint
gw_camera_clock_get_n_watchers (void)
{
  guint n = 0;

  for (guint i = 0; watchers && i < watchers->len; i++)
    n += ((Watcher *) g_ptr_array_index (watchers, i))->func != NULL;
  return n;
}
