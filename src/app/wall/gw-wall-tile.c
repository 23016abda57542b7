/* gw-wall-tile.c: one cell of the video wall — the picture, drawn here, and the words over
 * it (child widgets, each shown only where it fits). */
#define G_LOG_DOMAIN "gw-wall-tile"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gw-camera-status.h"
#include "gw-wall-tile.h"
#ifdef GW_HAVE_VIDEO
#include "gw-frame-snapshot.h"
#include "gw-video-source.h"
#endif

/* Small enough for an 8 × 8 layout in a modest window; what is over the picture shows
 * only where it fits. */
#define MIN_WIDTH            48
#define MIN_HEIGHT           27
#define NATURAL_WIDTH        320
#define NATURAL_HEIGHT       180
#define MARGIN               6
/* The stream follows the tile's size this long after it last changed. */
#define RESIZE_DEBOUNCE_MS   250

struct _GwWallTile
{
  GtkWidget      parent_instance;

  /* The bar at the top: state, name and place | pin, clock. */
  GtkWidget     *bar;
  GtkWidget     *bar_spinner;
  GtkWidget     *live_dot;
  GtkWidget     *state_icon;
  GtkLabel      *name_label;
  GtkLabel      *place_label;
  GtkWidget     *pin;
  GtkLabel      *clock_label;
  /* In the middle: why there is no picture. */
  GtkWidget     *status;
  GtkWidget     *status_spinner;
  GtkImage      *status_icon;
  GtkLabel      *status_title;
  GtkLabel      *status_text;
  GtkWidget     *retry_button;
  GtkLabel      *status_small;   /* the title alone, where the whole status does not fit */
  /* At the bottom: the state over a picture that stays (reconnecting, paused). */
  GtkWidget     *chip;
  GtkLabel      *chip_label;

  GwCamera      *camera;
  char          *place;
  gboolean       focused;
  gboolean       pinned;
  gboolean       dim;
  guint          clock_watch;
  int            want_width;     /* device pixels the stream should fit */
  int            want_height;
  gboolean       sized;          /* want_* applied at least once */
  guint          resize_id;
  GdkTexture    *previous;       /* the last stream's last frame, until this one has one */
#ifdef GW_HAVE_VIDEO
  GwVideoSource *source;
#endif
};

G_DEFINE_FINAL_TYPE (GwWallTile, gw_wall_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAMERA,
  PROP_PLACE,
  PROP_FOCUSED,
  PROP_PINNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CAMERA_DROPPED,
  ACTIVATED,
  FOCUS_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_text (const char *s)
{
  return s != NULL && *s != '\0';
}

/* The stream a tile plays: the main stream while focused, else the sub-stream; the other
 * when the camera has only that. */
static const char *
stream_uri (GwWallTile *self)
{
  const char *main_uri, *sub_uri;

  if (self->camera == NULL)
    return NULL;
  main_uri = has_text (self->camera->main_uri) ? self->camera->main_uri : NULL;
  sub_uri = has_text (self->camera->sub_uri) ? self->camera->sub_uri : NULL;
  if (self->focused)
    return main_uri ? main_uri : sub_uri;
  return sub_uri ? sub_uri : main_uri;
}

/* What is over the picture ------------------------------------------------------------- */

static void
update_status (GwWallTile *self)
{
  GwCameraStatus s = { 0, };
  const char *chip = NULL;       /* the state over a picture that stays */
  const char *bar_icon = NULL;   /* the bar's state when it neither spins nor is live */

  if (self->camera == NULL)
    {
      s.title = _("Drop a camera here");
      s.icon = "camera-video-symbolic";
    }
  else
    {
#ifdef GW_HAVE_VIDEO
      gw_camera_status_for_source (&s, self->source);
      if (self->source)
        {
          GwVideoState state = gw_video_source_get_state (self->source);
          gboolean has_picture = gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (self->source)) > 0 ||
                                 self->previous != NULL;

          /* Stopped (the tile's size not known yet) or paused off screen: about to
           * connect, as far as anyone looking can tell. */
          if (state == GW_VIDEO_STATE_STOPPED ||
              (state == GW_VIDEO_STATE_PAUSED && !gtk_widget_get_mapped (GTK_WIDGET (self))))
            {
              memset (&s, 0, sizeof s);
              s.state = _("Connecting…");
              s.spinning = TRUE;
              state = GW_VIDEO_STATE_CONNECTING;
            }
          switch (state)
            {
            case GW_VIDEO_STATE_CONNECTING:
              /* A new stream of the same camera (focus): the old picture until the new. */
              s.wait = has_picture ? NULL : _("Connecting to the camera…");
              break;
            case GW_VIDEO_STATE_RECONNECTING:
              /* No spinner: a camera may be away for hours, and a spinner redraws the
               * window sixty times a second for as long as it shows. */
              s.spinning = FALSE;
              bar_icon = "network-error-symbolic";
              if (has_picture)
                {
                  chip = s.state;
                  s.wait = NULL;
                }
              else
                {
                  s.title = s.state;
                  s.description = s.tooltip;
                  s.icon = "network-error-symbolic";
                  s.wait = NULL;
                  s.retry = TRUE;  /* "try now", rather than wait out the backoff */
                }
              break;
            case GW_VIDEO_STATE_PAUSED:
              chip = s.state;
              bar_icon = "media-playback-pause-symbolic";
              break;
            case GW_VIDEO_STATE_NO_SIGNAL:
              bar_icon = "camera-disabled-symbolic";
              break;
            case GW_VIDEO_STATE_LIVE:
            case GW_VIDEO_STATE_STOPPED:
            default:
              break;
            }
        }
      else
        bar_icon = "camera-disabled-symbolic";
#else
      gw_camera_status_for_source (&s, NULL);
      bar_icon = "camera-disabled-symbolic";
#endif
    }

  /* The bar: a spinner, the live dot, or an icon; the words and why in its tooltip. */
  gtk_widget_set_visible (self->bar_spinner, s.spinning);
  gtk_spinner_set_spinning (GTK_SPINNER (self->bar_spinner), s.spinning);
  gtk_widget_set_visible (self->live_dot, s.live);
  if (bar_icon && !s.spinning && !s.live)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->state_icon), bar_icon);
  gtk_widget_set_visible (self->state_icon, bar_icon != NULL && !s.spinning && !s.live);
  gtk_widget_set_tooltip_text (self->bar, s.tooltip ? s.tooltip : s.state);

  /* The middle: a status (icon, title, why, Retry), or a spinner and what it waits for. */
  if (s.title || s.wait)
    {
      gboolean waiting = s.title == NULL;
      const char *title = s.title ? s.title : s.wait;
      const char *text = s.title ? s.description : NULL;

      gtk_widget_set_visible (self->status_spinner, waiting);
      gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), waiting);
      if (s.icon)
        gtk_image_set_from_icon_name (self->status_icon, s.icon);
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !waiting && s.icon != NULL);
      gtk_label_set_label (self->status_title, title);
      gtk_label_set_label (self->status_text, text ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (self->status_text), has_text (text));
      gtk_widget_set_visible (self->retry_button, s.retry);
      gtk_widget_set_visible (self->status, TRUE);
      gtk_label_set_label (self->status_small, title);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_small), text);
      gtk_widget_set_visible (GTK_WIDGET (self->status_small), TRUE);
    }
  else
    {
      gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), FALSE);
      gtk_widget_set_visible (self->status, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->status_small), FALSE);
    }

  if (chip)
    {
      g_autofree char *words = s.tooltip ? g_strdup_printf ("%s %s", chip, s.tooltip) : g_strdup (chip);

      gtk_label_set_label (self->chip_label, words);
      gtk_widget_set_tooltip_text (self->chip, words);
    }
  gtk_widget_set_visible (self->chip, chip != NULL);

  if (s.dim != self->dim)
    {
      self->dim = s.dim;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
update_labels (GwWallTile *self)
{
  const char *name = self->camera ? self->camera->name : NULL;

  gtk_label_set_label (self->name_label, has_text (name) ? name : (self->camera ? self->camera->id : ""));
  gtk_label_set_label (self->place_label, self->place ? self->place : "");
  gtk_widget_set_visible (GTK_WIDGET (self->place_label), self->camera != NULL && has_text (self->place));
  /* An empty tile shows only what it is for: no bar. */
  gtk_widget_set_visible (self->bar, self->camera != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), self->camera ? self->camera->id : NULL);
  if (self->camera)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  has_text (name) ? name : _("Empty tile"), -1);
}

static void
on_clock (const char *time,
          const char *date,
          gpointer    user_data)
{
  GwWallTile *self = user_data;

  gtk_label_set_label (self->clock_label, time);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clock_label), date);
}

/* The stream ---------------------------------------------------------------------------- */

#ifdef GW_HAVE_VIDEO
static void
on_source_contents (GwWallTile *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_source_size (GwWallTile *self)
{
  /* The new stream has a picture of its own: the old one can go. */
  if (self->previous && gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (self->source)) > 0)
    g_clear_object (&self->previous);
  update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_source (GwWallTile *self,
              gboolean    keep_frame)
{
  if (self->source == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->source, self);
  if (keep_frame)
    {
      GdkTexture *frame = gw_video_source_get_texture (self->source);

      if (frame)
        g_set_object (&self->previous, frame);
      g_clear_object (&frame);
    }
  else
    g_clear_object (&self->previous);
  /* Disposed, its pipeline is torn down on a worker thread; nothing of it calls back. */
  g_clear_object (&self->source);
}

/* Plays once the tile knows its size, so the first frames come at it. */
static void
start_if_ready (GwWallTile *self)
{
  if (self->source == NULL || !self->sized)
    return;
  gw_video_source_set_output_size (self->source, self->want_width, self->want_height);
  if (gw_video_source_get_state (self->source) == GW_VIDEO_STATE_STOPPED)
    gw_video_source_play (self->source);
}
#endif

/* A new source for the stream the tile should play, or none. keep_frame: the same camera
 * on another stream, whose picture stays until the new stream shows one. */
static void
open_stream (GwWallTile *self,
             gboolean    keep_frame)
{
#ifdef GW_HAVE_VIDEO
  const char *uri = stream_uri (self);

  clear_source (self, keep_frame);
  if (uri)
    {
      g_debug ("Tile plays %s", uri);
      self->source = gw_video_source_new (uri);
      /* A wall keeps trying for as long as it takes, backing off to 30 s. */
      gw_video_source_set_give_up_after (self->source, 0);
      gw_video_source_set_active (self->source, gtk_widget_get_mapped (GTK_WIDGET (self)));
      g_signal_connect_swapped (self->source, "notify::state", G_CALLBACK (update_status), self);
      g_signal_connect_swapped (self->source, "notify::reason", G_CALLBACK (update_status), self);
      g_signal_connect_swapped (self->source, "invalidate-size", G_CALLBACK (on_source_size), self);
      g_signal_connect_swapped (self->source, "invalidate-contents", G_CALLBACK (on_source_contents), self);
      start_if_ready (self);
    }
#endif
  update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_resize_timeout (gpointer user_data)
{
  GwWallTile *self = user_data;

  self->resize_id = 0;
  self->sized = TRUE;
#ifdef GW_HAVE_VIDEO
  start_if_ready (self);
#endif
  return G_SOURCE_REMOVE;
}

/* The stream follows the tile's size in device pixels: at once the first time, then
 * once the size has settled (a window being dragged larger renegotiates once). */
static void
follow_size (GwWallTile *self,
             int         width,
             int         height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  width *= scale;
  height *= scale;
  if (width <= 0 || height <= 0 || (width == self->want_width && height == self->want_height))
    return;
  self->want_width = width;
  self->want_height = height;
  g_clear_handle_id (&self->resize_id, g_source_remove);
  self->resize_id = g_timeout_add (self->sized ? RESIZE_DEBOUNCE_MS : 0, on_resize_timeout, self);
}

/* Moved to a screen of another scale: the same size is more (or fewer) pixels. */
static void
on_scale_factor (GwWallTile *self)
{
  follow_size (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
}

/* Input --------------------------------------------------------------------------------- */

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GwWallTile      *self)
{
  if (n_press == 1)
    g_signal_emit (self, signals[FOCUS_REQUESTED], 0);
  else if (n_press == 2)
    g_signal_emit (self, signals[ACTIVATED], 0);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GwWallTile    *self)
{
  gint64 camera_id;

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  camera_id = g_value_get_int64 (value);
  if (camera_id <= 0)
    return FALSE;
  g_signal_emit (self, signals[CAMERA_DROPPED], 0, camera_id);
  return TRUE;
}

static void
on_retry_clicked (GwWallTile *self)
{
#ifdef GW_HAVE_VIDEO
  if (self->source)
    gw_video_source_play (self->source);
#endif
}

/* Building ------------------------------------------------------------------------------ */

static GtkWidget *
label_new (const char *css_class,
           gboolean    ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (ellipsize)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    }
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build_bar (GwWallTile *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (bar, "wall-tile-bar");

  self->bar_spinner = gtk_spinner_new ();
  gtk_widget_set_valign (self->bar_spinner, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (bar), self->bar_spinner);
  self->live_dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (self->live_dot), 10);
  gtk_widget_set_valign (self->live_dot, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->live_dot, "wall-tile-live");
  gtk_box_append (GTK_BOX (bar), self->live_dot);
  self->state_icon = gtk_image_new ();
  gtk_widget_set_valign (self->state_icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->state_icon, "wall-tile-state");
  gtk_box_append (GTK_BOX (bar), self->state_icon);

  self->name_label = GTK_LABEL (label_new ("wall-tile-name", TRUE));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->name_label));
  self->place_label = GTK_LABEL (label_new ("wall-tile-place", TRUE));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->place_label));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (bar), titles);

  self->pin = gtk_image_new_from_icon_name ("view-pin-symbolic");
  gtk_widget_set_valign (self->pin, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->pin, "wall-tile-pin");
  gtk_widget_set_tooltip_text (self->pin, _("Pinned: a tour leaves this tile alone"));
  gtk_widget_set_visible (self->pin, FALSE);
  gtk_box_append (GTK_BOX (bar), self->pin);

  self->clock_label = GTK_LABEL (label_new ("wall-tile-clock", FALSE));
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "numeric");
  gtk_widget_set_valign (GTK_WIDGET (self->clock_label), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->clock_label));

  self->bar = bar;
  gtk_widget_set_parent (bar, GTK_WIDGET (self));
}

static void
build_status (GwWallTile *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;

  gtk_widget_add_css_class (box, "wall-tile-status");

  self->status_spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->status_spinner, 24, 24);
  gtk_widget_set_halign (self->status_spinner, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), self->status_spinner);
  self->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->status_icon, 32);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_icon));

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "wall-tile-title");
  self->status_title = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "wall-tile-reason");
  self->status_text = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (box), label);

  self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_halign (self->retry_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->retry_button, "pill");
  gtk_widget_add_css_class (self->retry_button, "small");
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry_clicked), self);
  gtk_box_append (GTK_BOX (box), self->retry_button);

  self->status = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  label = label_new ("wall-tile-status-small", TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_widget_add_css_class (label, "caption-heading");
  self->status_small = GTK_LABEL (label);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
}

static void
build_chip (GwWallTile *self)
{
  GtkWidget *label = label_new ("caption", TRUE);

  self->chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->chip, "wall-tile-chip");
  gtk_box_append (GTK_BOX (self->chip), label);
  self->chip_label = GTK_LABEL (label);
  gtk_widget_set_visible (self->chip, FALSE);
  gtk_widget_set_parent (self->chip, GTK_WIDGET (self));
}

/* GtkWidget ----------------------------------------------------------------------------- */

static void
gw_wall_tile_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  /* What is over the picture shows where it fits: it asks for no room of its own. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
}

/* Allocates child in the box if its minimum size fits, else keeps it off screen. */
static gboolean
place_child (GtkWidget *child,
             int        x,
             int        y,
             int        max_width,
             int        max_height,
             gboolean   fill_width,
             int       *out_width,
             int       *out_height)
{
  int min_w, nat_w, min_h, nat_h, w, h;

  if (!gtk_widget_get_visible (child) || max_width <= 0 || max_height <= 0)
    {
      gtk_widget_set_child_visible (child, FALSE);
      return FALSE;
    }
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  if (min_w > max_width)
    {
      gtk_widget_set_child_visible (child, FALSE);
      return FALSE;
    }
  w = fill_width ? max_width : MIN (nat_w, max_width);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &min_h, &nat_h, NULL, NULL);
  if (min_h > max_height)
    {
      gtk_widget_set_child_visible (child, FALSE);
      return FALSE;
    }
  h = MIN (nat_h, max_height);
  gtk_widget_set_child_visible (child, TRUE);
  if (x < 0)   /* centred */
    x = (-x - w) / 2;
  if (y < 0)
    y = (-y - h) / 2;
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, w, h }, -1);
  if (out_width)
    *out_width = w;
  if (out_height)
    *out_height = h;
  return TRUE;
}

static void
gw_wall_tile_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GwWallTile *self = GW_WALL_TILE (widget);
  int bar_h = 0, chip_h = 0, status_w, status_h;
  int room_top, room_bottom;

  place_child (self->bar, 0, 0, width, height, TRUE, NULL, &bar_h);

  /* The chip at the bottom left, below the bar. */
  if (gtk_widget_get_visible (self->chip))
    {
      int min_h, nat_h;

      gtk_widget_measure (self->chip, GTK_ORIENTATION_VERTICAL, -1, &min_h, &nat_h, NULL, NULL);
      if (height - MARGIN - nat_h >= bar_h)
        place_child (self->chip, MARGIN, height - MARGIN - nat_h, width - 2 * MARGIN, nat_h, FALSE,
                     NULL, &chip_h);
      else
        gtk_widget_set_child_visible (self->chip, FALSE);
    }

  /* The status in the middle of the picture, clear of the bar and the chip: measured for
   * the room there, then centred in the tile where it fits, else just below the bar. */
  room_top = bar_h;
  room_bottom = height - (chip_h ? chip_h + MARGIN : 0);
  if (place_child (self->status, 0, room_top, width - 2 * MARGIN, room_bottom - room_top, FALSE,
                   &status_w, &status_h))
    {
      gtk_widget_size_allocate (self->status,
                                &(GtkAllocation) { (width - status_w) / 2,
                                                   CLAMP ((height - status_h) / 2, room_top, room_bottom - status_h),
                                                   status_w, status_h }, -1);
      gtk_widget_set_child_visible (GTK_WIDGET (self->status_small), FALSE);
    }
  /* A small tile: the words alone, on one line. */
  else if (place_child (GTK_WIDGET (self->status_small), 0, room_top, width - 2 * MARGIN,
                        room_bottom - room_top, FALSE, &status_w, &status_h))
    gtk_widget_size_allocate (GTK_WIDGET (self->status_small),
                              &(GtkAllocation) { (width - status_w) / 2,
                                                 CLAMP ((height - status_h) / 2, room_top, room_bottom - status_h),
                                                 status_w, status_h }, -1);

  follow_size (self, width, height);
}

static void
gw_wall_tile_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GwWallTile *self = GW_WALL_TILE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkPaintable *picture = NULL;
  double ratio = 0.0;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
#ifdef GW_HAVE_VIDEO
  if (self->source && gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (self->source)) > 0)
    picture = GDK_PAINTABLE (self->source);
#endif
  if (picture == NULL && self->previous)
    picture = GDK_PAINTABLE (self->previous);
  if (picture)
    ratio = gdk_paintable_get_intrinsic_aspect_ratio (picture);
  if (picture && ratio > 0.0 && width > 0 && height > 0)
    {
      /* Letterboxed: as large as fits, keeping its shape, on whole pixels. */
      double w = width, h = width / ratio;

      if (h > height)
        {
          h = height;
          w = height * ratio;
        }
      w = round (w);
      h = round (h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (floor ((width - w) / 2), floor ((height - h) / 2)));
      if (self->dim)
        gtk_snapshot_push_opacity (snapshot, 0.35);
      gdk_paintable_snapshot (picture, snapshot, w, h);
      if (self->dim)
        gtk_snapshot_pop (snapshot);
      gtk_snapshot_restore (snapshot);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
gw_wall_tile_map (GtkWidget *widget)
{
  GwWallTile *self = GW_WALL_TILE (widget);

  GTK_WIDGET_CLASS (gw_wall_tile_parent_class)->map (widget);
  if (self->clock_watch == 0)
    self->clock_watch = gw_camera_clock_watch (on_clock, self);
#ifdef GW_HAVE_VIDEO
  if (self->source)
    gw_video_source_set_active (self->source, TRUE);
#endif
  update_status (self);
}

static void
gw_wall_tile_unmap (GtkWidget *widget)
{
  GwWallTile *self = GW_WALL_TILE (widget);

  /* Off screen: nothing decodes, nothing ticks. */
  if (self->clock_watch)
    {
      gw_camera_clock_unwatch (self->clock_watch);
      self->clock_watch = 0;
    }
#ifdef GW_HAVE_VIDEO
  if (self->source)
    gw_video_source_set_active (self->source, FALSE);
#endif
  GTK_WIDGET_CLASS (gw_wall_tile_parent_class)->unmap (widget);
}

/* GObject ------------------------------------------------------------------------------- */

static void
gw_wall_tile_dispose (GObject *object)
{
  GwWallTile *self = GW_WALL_TILE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->resize_id, g_source_remove);
  if (self->clock_watch)
    {
      gw_camera_clock_unwatch (self->clock_watch);
      self->clock_watch = 0;
    }
#ifdef GW_HAVE_VIDEO
  clear_source (self, FALSE);
#endif
  g_clear_object (&self->previous);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  self->bar = self->status = self->chip = NULL;
  self->status_small = NULL;
  G_OBJECT_CLASS (gw_wall_tile_parent_class)->dispose (object);
}

static void
gw_wall_tile_finalize (GObject *object)
{
  GwWallTile *self = GW_WALL_TILE (object);

  g_clear_pointer (&self->camera, gw_camera_unref);
  g_free (self->place);
  G_OBJECT_CLASS (gw_wall_tile_parent_class)->finalize (object);
}

static void
gw_wall_tile_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwWallTile *self = GW_WALL_TILE (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_boxed (value, self->camera);
      break;
    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;
    case PROP_FOCUSED:
      g_value_set_boolean (value, self->focused);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_wall_tile_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwWallTile *self = GW_WALL_TILE (object);

  switch (prop_id)
    {
    case PROP_FOCUSED:
      gw_wall_tile_set_focused (self, g_value_get_boolean (value));
      break;
    case PROP_PINNED:
      gw_wall_tile_set_pinned (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_wall_tile_class_init (GwWallTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_wall_tile_dispose;
  object_class->finalize = gw_wall_tile_finalize;
  object_class->get_property = gw_wall_tile_get_property;
  object_class->set_property = gw_wall_tile_set_property;
  widget_class->measure = gw_wall_tile_measure;
  widget_class->size_allocate = gw_wall_tile_size_allocate;
  widget_class->snapshot = gw_wall_tile_snapshot;
  widget_class->map = gw_wall_tile_map;
  widget_class->unmap = gw_wall_tile_unmap;

  properties[PROP_CAMERA] =
    g_param_spec_boxed ("camera", NULL, NULL, GW_TYPE_CAMERA,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED] =
    g_param_spec_boolean ("focused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A camera (its row id) was dropped on the tile. */
  signals[CAMERA_DROPPED] =
    g_signal_new ("camera-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A double click: the owner shows the tile full screen. */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A click: the owner focuses the tile. */
  signals[FOCUS_REQUESTED] =
    g_signal_new ("focus-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "walltile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_wall_tile_init (GwWallTile *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_COPY);

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  build_bar (self);
  build_status (self);
  build_chip (self);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor), NULL);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_labels (self);
  update_status (self);
}

/* Public API ---------------------------------------------------------------------------- */

GtkWidget *
gw_wall_tile_new (void)
{
  return g_object_new (GW_TYPE_WALL_TILE, NULL);
}

static gboolean
same_stream (GwCamera *a,
             GwCamera *b)
{
  return a != NULL && b != NULL &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->main_uri, b->main_uri) == 0 &&
         g_strcmp0 (a->sub_uri, b->sub_uri) == 0;
}

void
gw_wall_tile_set_camera (GwWallTile *self,
                         GwCamera   *camera,
                         const char *place)
{
  gboolean restart;
  gboolean camera_changed = camera != self->camera;
  gboolean place_changed;

  g_return_if_fail (GW_IS_WALL_TILE (self));

  restart = !same_stream (self->camera, camera) && (self->camera != NULL || camera != NULL);
  place_changed = g_strcmp0 (self->place, place) != 0;
  if (camera_changed)
    {
      if (camera)
        gw_camera_ref (camera);
      g_clear_pointer (&self->camera, gw_camera_unref);
      self->camera = camera;
    }
  if (place_changed)
    {
      g_free (self->place);
      self->place = g_strdup (place);
    }
  update_labels (self);
  if (restart)
    open_stream (self, FALSE);
  if (camera_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
  if (place_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
}

GwCamera *
gw_wall_tile_get_camera (GwWallTile *self)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), NULL);
  return self->camera;
}

const char *
gw_wall_tile_get_place (GwWallTile *self)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), NULL);
  return self->place;
}

void
gw_wall_tile_set_focused (GwWallTile *self,
                          gboolean    focused)
{
  const char *before;

  g_return_if_fail (GW_IS_WALL_TILE (self));

  focused = !!focused;
  if (focused == self->focused)
    return;
  before = stream_uri (self);
  self->focused = focused;
  if (focused)
    gtk_widget_add_css_class (GTK_WIDGET (self), "focused");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "focused");
  /* Another stream of the same camera: its picture stays until the new one has one. */
  if (g_strcmp0 (before, stream_uri (self)) != 0)
    open_stream (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED]);
}

gboolean
gw_wall_tile_get_focused (GwWallTile *self)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), FALSE);
  return self->focused;
}

void
gw_wall_tile_set_pinned (GwWallTile *self,
                         gboolean    pinned)
{
  g_return_if_fail (GW_IS_WALL_TILE (self));

  pinned = !!pinned;
  if (pinned == self->pinned)
    return;
  self->pinned = pinned;
  gtk_widget_set_visible (self->pin, pinned);
  if (pinned)
    gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

gboolean
gw_wall_tile_get_pinned (GwWallTile *self)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), FALSE);
  return self->pinned;
}

GwVideoSource *
gw_wall_tile_get_source (GwWallTile *self)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), NULL);
#ifdef GW_HAVE_VIDEO
  return self->source;
#else
  return NULL;
#endif
}

#ifdef GW_HAVE_VIDEO
static void
on_png_saved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gw_texture_save_png_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}
#endif

void
gw_wall_tile_snapshot_async (GwWallTile          *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
#ifdef GW_HAVE_VIDEO
  g_autoptr(GdkTexture) frame = NULL;
#endif

  g_return_if_fail (GW_IS_WALL_TILE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_wall_tile_snapshot_async);
#ifdef GW_HAVE_VIDEO
  frame = self->source ? gw_video_source_get_texture (self->source) : NULL;
  if (frame == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("There is no picture to save yet"));
      return;
    }
  gw_texture_save_png_async (frame, file, cancellable, on_png_saved, g_steal_pointer (&task));
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _("Video is not available in this build"));
#endif
}

gboolean
gw_wall_tile_snapshot_finish (GwWallTile    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_WALL_TILE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
