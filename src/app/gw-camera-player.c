/* gw-camera-player.c: one camera in a small window — the picture, and a bar over it with
 * the camera's name, id, a clock and the stream's state. */
#define G_LOG_DOMAIN "gw-camera-player"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-camera-player.h"
#include "gw-camera-status.h"
#include "gw-drill-watermark.h"
#include "gw-time.h"
#ifdef GW_HAVE_VIDEO
#include "gw-video-source.h"
#endif

#define DEFAULT_WIDTH  640
#define DEFAULT_HEIGHT 400

struct _GwCameraPlayer
{
  AdwWindow      parent_instance;

  GtkWidget     *overlay;
  GtkWidget     *picture;
  GtkLabel      *name_label;
  GtkLabel      *id_label;
  GtkLabel      *clock_label;
  GtkWidget     *state_box;
  GtkWidget     *state_spinner;
  GtkWidget     *live_dot;
  GtkLabel      *state_label;
  GtkWidget     *stream_box;
  GtkWidget     *fullscreen_button;
  GtkStack      *status_stack;   /* over the picture: "wait" or "status", hidden when clear */
  GtkSpinner    *wait_spinner;
  GtkLabel      *wait_label;
  AdwStatusPage *status_page;
  GtkWidget     *retry_button;

  GwStore       *store;
  GCancellable  *cancellable;    /* the camera's read; cancelled on close */
  gint64         camera_id;
  GwCamera      *camera;
  char          *load_error;     /* why the camera could not be read */
  char          *stream;         /* "sub" or "main" */
  gboolean       auto_main;      /* on the main stream because it went full screen */
  guint          clock_id;
  GdkSurface    *surface;        /* watched for being minimized */
  gboolean       minimized;
#ifdef GW_HAVE_VIDEO
  GwVideoSource *source;
#endif
};

G_DEFINE_FINAL_TYPE (GwCameraPlayer, gw_camera_player, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#ifdef GW_HAVE_VIDEO
/* The stream's URI for the choice made, the other one when the camera has only that. */
static const char *
stream_uri (GwCameraPlayer *self)
{
  const char *main_uri, *sub_uri;

  if (self->camera == NULL)
    return NULL;
  main_uri = self->camera->main_uri && *self->camera->main_uri ? self->camera->main_uri : NULL;
  sub_uri = self->camera->sub_uri && *self->camera->sub_uri ? self->camera->sub_uri : NULL;
  if (g_str_equal (self->stream, "main"))
    return main_uri ? main_uri : sub_uri;
  return sub_uri ? sub_uri : main_uri;
}
#endif

static gboolean
has_both_streams (GwCameraPlayer *self)
{
  return self->camera != NULL &&
         self->camera->main_uri && *self->camera->main_uri &&
         self->camera->sub_uri && *self->camera->sub_uri &&
         !g_str_equal (self->camera->main_uri, self->camera->sub_uri);
}

/* What the bar and the middle of the picture say --------------------------------------- */

static void
update_status (GwCameraPlayer *self)
{
  GwCameraStatus s = { 0, };

  if (self->load_error)
    {
      s.state = _("No signal");
      s.title = _("Cannot Open the Camera");
      s.description = self->load_error;
      s.icon = "dialog-error-symbolic";
    }
  else if (self->camera == NULL)
    {
      s.spinning = TRUE;
      s.state = _("Opening…");
      s.wait = _("Opening the camera…");
    }
  else
    {
#ifdef GW_HAVE_VIDEO
      gw_camera_status_for_source (&s, self->source);
#else
      gw_camera_status_for_source (&s, NULL);
#endif
    }

  gtk_label_set_label (self->state_label, s.state ? s.state : "");
  gtk_widget_set_visible (self->state_box, s.state != NULL);
  gtk_widget_set_tooltip_text (self->state_box, s.tooltip);
  gtk_widget_set_visible (self->state_spinner, s.spinning);
  gtk_spinner_set_spinning (GTK_SPINNER (self->state_spinner), s.spinning);
  gtk_widget_set_visible (self->live_dot, s.live);

  if (s.title)
    {
      adw_status_page_set_icon_name (self->status_page, s.icon);
      adw_status_page_set_title (self->status_page, s.title);
      adw_status_page_set_description (self->status_page, s.description);
      gtk_widget_set_visible (self->retry_button, s.retry);
      gtk_stack_set_visible_child_name (self->status_stack, "status");
    }
  else if (s.wait)
    {
      gtk_label_set_label (self->wait_label, s.wait);
      gtk_stack_set_visible_child_name (self->status_stack, "wait");
    }
  gtk_spinner_set_spinning (self->wait_spinner, s.wait != NULL && s.title == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_stack), s.title != NULL || s.wait != NULL);
  if (s.dim)
    gtk_widget_add_css_class (self->picture, "dimmed");
  else
    gtk_widget_remove_css_class (self->picture, "dimmed");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.retry", s.retry);
}

/* The stream ---------------------------------------------------------------------------- */

static void
open_stream (GwCameraPlayer *self)
{
#ifdef GW_HAVE_VIDEO
  const char *uri = stream_uri (self);

  if (self->source)
    g_signal_handlers_disconnect_by_data (self->source, self);
  /* The old pipeline is torn down on a worker thread; nothing of it calls back here. */
  g_clear_object (&self->source);
  if (uri)
    {
      g_debug ("Playing %s", uri);
      self->source = gw_video_source_new (uri);
      g_signal_connect_swapped (self->source, "notify::state", G_CALLBACK (update_status), self);
      g_signal_connect_swapped (self->source, "notify::reason", G_CALLBACK (update_status), self);
      g_signal_connect_swapped (self->source, "invalidate-size", G_CALLBACK (update_status), self);
      if (!self->minimized)
        gw_video_source_play (self->source);
    }
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), self->source ? GDK_PAINTABLE (self->source) : NULL);
#endif
  update_status (self);
}

static void
show_camera (GwCameraPlayer *self)
{
  gtk_label_set_label (self->name_label, self->camera->name ? self->camera->name : "");
  gtk_label_set_label (self->id_label, self->camera->id ? self->camera->id : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), self->camera->name);
  gtk_window_set_title (GTK_WINDOW (self), self->camera->name && *self->camera->name
                                           ? self->camera->name : _("Camera"));
#ifdef GW_HAVE_VIDEO
  gtk_widget_set_visible (self->stream_box, has_both_streams (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.stream", has_both_streams (self));
#else
  gtk_widget_set_visible (self->stream_box, FALSE);
  gtk_widget_set_visible (self->fullscreen_button, FALSE);
#endif
  open_stream (self);
}

static gpointer
read_camera_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  return gw_db_get_camera (db, *(gint64 *) data, error);
}

static void
on_camera_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwCameraPlayer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCamera) camera = gw_store_read_finish (GW_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  if (camera == NULL)
    {
      self->load_error = g_strdup (error->message);
      gtk_window_set_title (GTK_WINDOW (self), _("Camera"));
      update_status (self);
      return;
    }
  self->camera = g_steal_pointer (&camera);
  show_camera (self);
}

/* The clock: the county's time of day, to the second, ticking on the second; the date in
 * its tooltip. */
static gboolean on_clock (gpointer user_data);

static void
update_clock (GwCameraPlayer *self)
{
  gint64 now_us = g_get_real_time ();
  g_autoptr(GDateTime) now = gw_time_to_date_time (now_us / G_USEC_PER_SEC);
  g_autofree char *time = now ? g_date_time_format (now, "%H:%M:%S") : NULL;
  g_autofree char *date = now ? g_date_time_format (now, "%Y-%m-%d") : NULL;

  gtk_label_set_label (self->clock_label, time ? time : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clock_label), date);
  self->clock_id = g_timeout_add (1000 - (guint) ((now_us / 1000) % 1000), on_clock, self);
}

static gboolean
on_clock (gpointer user_data)
{
  GwCameraPlayer *self = user_data;

  self->clock_id = 0;
  update_clock (self);
  return G_SOURCE_REMOVE;
}

/* A minimized window decodes nothing: the stream is paused, and resumes on restore. */
static void
on_surface_state (GwCameraPlayer *self)
{
  gboolean minimized = (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  if (minimized == self->minimized)
    return;
  self->minimized = minimized;
#ifdef GW_HAVE_VIDEO
  if (self->source)
    {
      if (minimized)
        gw_video_source_pause (self->source);
      else
        gw_video_source_play (self->source);
    }
#endif
}

static void
on_fullscreened (GwCameraPlayer *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_button_set_icon_name (GTK_BUTTON (self->fullscreen_button),
                            fullscreen ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (self->fullscreen_button,
                               fullscreen ? _("Leave Full Screen (F11)") : _("Full Screen (F11)"));
  /* Full screen deserves the main stream; back in the window, the sub-stream again —
   * unless the officer chose a stream meanwhile. */
  if (fullscreen && g_str_equal (self->stream, "sub") && has_both_streams (self))
    {
      gw_camera_player_set_stream (self, "main");
      self->auto_main = TRUE;
    }
  else if (!fullscreen && self->auto_main)
    {
      gw_camera_player_set_stream (self, "sub");
    }
}

static void
on_double_click (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GwCameraPlayer  *self)
{
  if (n_press == 2)
    gtk_widget_activate_action (GTK_WIDGET (self), "player.fullscreen", NULL);
}

/* Actions ------------------------------------------------------------------------------- */

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* Escape: out of full screen first, as every player does; then the window closes. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_close (window);
}

/* The camera to the video wall (the application's action: the console opens its wall). */
static void
send_to_wall_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (app == NULL && parent != NULL)
    app = gtk_window_get_application (parent);
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "send-to-wall",
                                    g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &self->camera_id, 1,
                                                               sizeof (gint64)));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
#ifdef GW_HAVE_VIDEO
  GwCameraPlayer *self = GW_CAMERA_PLAYER (widget);

  if (self->source)
    gw_video_source_play (self->source);
#endif
}

/* Building ------------------------------------------------------------------------------ */

static GtkWidget *
stream_button (const char *label,
               const char *target)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (button, "camera-stream");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "player.stream");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static GtkWidget *
build_bar (GwCameraPlayer *self)
{
  GtkWidget *handle = gtk_window_handle_new ();
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label;

  gtk_widget_add_css_class (bar, "osd");
  gtk_widget_add_css_class (bar, "camera-bar");

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  self->name_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (titles), label);
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, _("GB/T 28181 device id"));
  self->id_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (titles), label);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), titles);

  self->state_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->state_box, GTK_ALIGN_CENTER);
  self->state_spinner = gtk_spinner_new ();
  gtk_box_append (GTK_BOX (self->state_box), self->state_spinner);
  self->live_dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  gtk_widget_add_css_class (self->live_dot, "camera-live-dot");
  gtk_box_append (GTK_BOX (self->state_box), self->live_dot);
  self->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "caption-heading");
  gtk_box_append (GTK_BOX (self->state_box), GTK_WIDGET (self->state_label));
  gtk_box_append (GTK_BOX (bar), self->state_box);

  self->clock_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->clock_label), "caption");
  gtk_widget_set_valign (GTK_WIDGET (self->clock_label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->clock_label));

  self->stream_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->stream_box, "linked");
  gtk_widget_set_valign (self->stream_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->stream_box), stream_button (_("Sub-stream"), "sub"));
  gtk_box_append (GTK_BOX (self->stream_box), stream_button (_("Main stream"), "main"));
  gtk_widget_set_visible (self->stream_box, FALSE);
  gtk_box_append (GTK_BOX (bar), self->stream_box);

  {
    GtkWidget *wall = gtk_button_new_from_icon_name ("view-grid-symbolic");

    gtk_actionable_set_action_name (GTK_ACTIONABLE (wall), "player.send-to-wall");
    gtk_widget_set_tooltip_text (wall, _("Send to the Video Wall (Ctrl+W)"));
    gtk_widget_add_css_class (wall, "flat");
    gtk_widget_set_valign (wall, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (bar), wall);
  }
  self->fullscreen_button = gtk_button_new_from_icon_name ("view-fullscreen-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->fullscreen_button), "player.fullscreen");
  gtk_widget_set_tooltip_text (self->fullscreen_button, _("Full Screen (F11)"));
  gtk_widget_add_css_class (self->fullscreen_button, "flat");
  gtk_widget_set_valign (self->fullscreen_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), self->fullscreen_button);

  gtk_box_append (GTK_BOX (bar), gtk_window_controls_new (GTK_PACK_END));

  gtk_window_handle_set_child (GTK_WINDOW_HANDLE (handle), bar);
  gtk_widget_set_valign (handle, GTK_ALIGN_START);
  return handle;
}

static GtkWidget *
build_status (GwCameraPlayer *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *wait = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (wait), spinner);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_box_append (GTK_BOX (wait), label);
  gtk_widget_set_valign (wait, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (stack), wait, "wait");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "player.retry");
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "pill");
  gtk_widget_add_css_class (retry, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (page), retry);
  gtk_widget_add_css_class (page, "compact");
  gtk_stack_add_named (GTK_STACK (stack), page, "status");

  gtk_widget_add_css_class (stack, "camera-status");
  gtk_widget_set_halign (stack, GTK_ALIGN_FILL);
  gtk_widget_set_valign (stack, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (stack, 48);
  gtk_widget_set_visible (stack, FALSE);

  self->status_stack = GTK_STACK (stack);
  self->wait_spinner = GTK_SPINNER (spinner);
  self->wait_label = GTK_LABEL (label);
  self->status_page = ADW_STATUS_PAGE (page);
  self->retry_button = retry;
  return stack;
}

/* GObject ------------------------------------------------------------------------------- */

static void
gw_camera_player_realize (GtkWidget *widget)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (widget);

  GTK_WIDGET_CLASS (gw_camera_player_parent_class)->realize (widget);
  self->surface = g_object_ref (gtk_native_get_surface (GTK_NATIVE (widget)));
  g_signal_connect_swapped (self->surface, "notify::state", G_CALLBACK (on_surface_state), self);
}

static void
gw_camera_player_unrealize (GtkWidget *widget)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (widget);

  /* Only ours: GTK's own handlers on the surface have the window as their data too. */
  if (self->surface)
    g_signal_handlers_disconnect_by_func (self->surface, on_surface_state, self);
  g_clear_object (&self->surface);
  GTK_WIDGET_CLASS (gw_camera_player_parent_class)->unrealize (widget);
}

static gboolean
gw_camera_player_close_request (GtkWindow *window)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (gw_camera_player_parent_class)->close_request (window);
}

static void
gw_camera_player_dispose (GObject *object)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clock_id, g_source_remove);
#ifdef GW_HAVE_VIDEO
  if (self->source)
    g_signal_handlers_disconnect_by_data (self->source, self);
  if (self->picture)
    gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
  g_clear_object (&self->source);
#endif
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gw_camera_player_parent_class)->dispose (object);
}

static void
gw_camera_player_finalize (GObject *object)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->camera, gw_camera_unref);
  g_free (self->load_error);
  g_free (self->stream);
  G_OBJECT_CLASS (gw_camera_player_parent_class)->finalize (object);
}

static void
gw_camera_player_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_string (value, self->stream);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_camera_player_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GwCameraPlayer *self = GW_CAMERA_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      gw_camera_player_set_stream (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_camera_player_class_init (GwCameraPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gw_camera_player_dispose;
  object_class->finalize = gw_camera_player_finalize;
  object_class->get_property = gw_camera_player_get_property;
  object_class->set_property = gw_camera_player_set_property;
  widget_class->realize = gw_camera_player_realize;
  widget_class->unrealize = gw_camera_player_unrealize;
  window_class->close_request = gw_camera_player_close_request;

  properties[PROP_STREAM] =
    g_param_spec_string ("stream", NULL, NULL, "sub",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "player.stream", "stream");
  gtk_widget_class_install_action (widget_class, "player.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "player.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "player.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "player.send-to-wall", NULL, send_to_wall_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "player.send-to-wall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "player.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "player.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_camera_player_init (GwCameraPlayer *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->stream = g_strdup ("sub");
  self->cancellable = g_cancellable_new ();

  gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, DEFAULT_HEIGHT);
  gtk_window_set_title (GTK_WINDOW (self), _("Camera"));
  gtk_widget_add_css_class (GTK_WIDGET (self), "camera-player");

  self->picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_widget_set_hexpand (self->picture, TRUE);
  gtk_widget_set_vexpand (self->picture, TRUE);
  gtk_widget_add_css_class (self->picture, "camera-video");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->picture);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), build_status (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), build_bar (self));
  self->overlay = overlay;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_double_click), self);
  gtk_widget_add_controller (overlay, GTK_EVENT_CONTROLLER (click));

  adw_window_set_content (ADW_WINDOW (self), overlay);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened), NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.stream", FALSE);
  update_clock (self);
  update_status (self);
}

static GwCameraPlayer *
player_new (GtkWindow *parent,
            gint64     camera_id)
{
  GwCameraPlayer *self = g_object_new (GW_TYPE_CAMERA_PLAYER,
                                       "transient-for", parent,
                                       "destroy-with-parent", TRUE,
                                       NULL);

  if (parent && gtk_window_get_application (parent))
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->camera_id = camera_id;
  return self;
}

/* Public API ---------------------------------------------------------------------------- */

GwCameraPlayer *
gw_camera_player_new (GtkWindow *parent,
                      GwStore   *store,
                      gint64     camera_id)
{
  GwCameraPlayer *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = player_new (parent, camera_id);
  self->store = g_object_ref (store);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  gw_store_read_async (store, read_camera_func, g_memdup2 (&camera_id, sizeof camera_id), g_free,
                       (GDestroyNotify) gw_camera_unref, self->cancellable, on_camera_read,
                       g_object_ref (self));
  return self;
}

GwCameraPlayer *
gw_camera_player_new_for_camera (GtkWindow *parent,
                                 GwCamera  *camera,
                                 gint64     camera_id)
{
  GwCameraPlayer *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  self = player_new (parent, camera_id);
  self->camera = gw_camera_ref (camera);
  show_camera (self);
  return self;
}

GwCameraPlayer *
gw_camera_player_find (GtkWindow *parent,
                       gint64     camera_id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  if (camera_id <= 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_CAMERA_PLAYER (window) &&
          GW_CAMERA_PLAYER (window)->camera_id == camera_id &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return GW_CAMERA_PLAYER (window);
    }
  return NULL;
}

gint64
gw_camera_player_get_camera_id (GwCameraPlayer *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_PLAYER (self), 0);
  return self->camera_id;
}

GwCamera *
gw_camera_player_get_camera (GwCameraPlayer *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_PLAYER (self), NULL);
  return self->camera;
}

const char *
gw_camera_player_get_stream (GwCameraPlayer *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_PLAYER (self), NULL);
  return self->stream;
}

void
gw_camera_player_set_stream (GwCameraPlayer *self,
                             const char     *stream)
{
  g_return_if_fail (GW_IS_CAMERA_PLAYER (self));

  if (stream == NULL || (!g_str_equal (stream, "main") && !g_str_equal (stream, "sub")))
    {
      g_warning ("Unknown stream “%s”: “main” or “sub”", stream ? stream : "(null)");
      return;
    }
  if (g_str_equal (stream, self->stream))
    return;
  g_free (self->stream);
  self->stream = g_strdup (stream);
  /* A choice made now (the stream buttons, or going full screen, which says so after)
   * is not undone by leaving full screen. */
  self->auto_main = FALSE;
  if (self->camera)
    open_stream (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

GdkPaintable *
gw_camera_player_get_paintable (GwCameraPlayer *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_PLAYER (self), NULL);
#ifdef GW_HAVE_VIDEO
  return self->source ? GDK_PAINTABLE (self->source) : NULL;
#else
  return NULL;
#endif
}
