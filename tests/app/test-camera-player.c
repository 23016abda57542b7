/* test-camera-player.c: the camera player window on real streams.
 *
 * A player on a local video file reaches "live" and its picture shows a paintable of the
 * file's size, and switches to the main stream; a player on a dead RTSP address says why
 * there is no signal and offers Retry; Escape (the key binding) closes the window; the
 * console opens one player per camera from the ticket detail's "open-camera", reading the
 * camera from the store. Screenshots (camera-player-*-<language>.png in the build
 * directory) are for a person to look at. A build without video checks the "not
 * available" page and skips the rest.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#ifdef GW_HAVE_VIDEO
#include <gst/gst.h>
#include "gw-video-source.h"
#endif

#include "gw-application.h"
#include "gw-camera-player.h"
#include "gw-console-pane.h"
#include "gw-db.h"
#include "gw-main-window.h"

#include "test-util.h"
#include "test-window-util.h"

#define SUB_WIDTH   320
#define SUB_HEIGHT  240
#define MAIN_WIDTH  640
#define MAIN_HEIGHT 360

static char *tmpdir;
static char *sub_uri;     /* 10 s of VP8 at 320×240 */
static char *main_uri;    /* 10 s of VP8 at 640×360 */

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop (looking at least every 20 ms) until cond holds; fails after 30 s. */
#define WAIT_FOR(cond) G_STMT_START {                                             \
    gboolean timed_out_ = FALSE;                                                  \
    guint timeout_ = g_timeout_add_seconds (30, on_wait_timeout, &timed_out_);    \
    guint poll_ = g_timeout_add (20, on_poll, NULL);                              \
    while (!(cond) && !timed_out_)                                                \
      g_main_context_iteration (NULL, TRUE);                                      \
    g_source_remove (poll_);                                                      \
    if (timed_out_)                                                               \
      g_error ("timed out waiting for %s", #cond);                                \
    g_source_remove (timeout_);                                                   \
  } G_STMT_END

/* Widgets ------------------------------------------------------------------------------- */

/* The first widget under root (depth first) of the type for which match (may be NULL) holds. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
label_is (GtkWidget     *widget,
          gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
button_is (GtkWidget     *widget,
           gconstpointer  text)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0;
}

/* Visible, and the visible page of every stack it is in. */
static gboolean
on_screen (GtkWidget *widget)
{
  if (widget == NULL || !gtk_widget_is_visible (widget))
    return FALSE;
  for (GtkWidget *w = widget; gtk_widget_get_parent (w) != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (GTK_IS_STACK (parent) && gtk_stack_get_visible_child (GTK_STACK (parent)) != w)
        return FALSE;
    }
  return TRUE;
}

/* The label showing text, on screen, or NULL. */
static GtkWidget *
shown_label (GwCameraPlayer *player,
             const char     *text)
{
  GtkWidget *label = find_widget (GTK_WIDGET (player), GTK_TYPE_LABEL, label_is, text);

  return on_screen (label) ? label : NULL;
}

static AdwStatusPage *
status_page (GwCameraPlayer *player)
{
  return ADW_STATUS_PAGE (find_widget (GTK_WIDGET (player), ADW_TYPE_STATUS_PAGE, NULL, NULL));
}

static gboolean
status_shown (GwCameraPlayer *player,
              const char     *title)
{
  AdwStatusPage *page = status_page (player);

  return page && on_screen (GTK_WIDGET (page)) &&
         g_strcmp0 (adw_status_page_get_title (page), title) == 0;
}

/* Presses a key through the window's own key bindings (its class's shortcut controller),
 * as the keyboard would. */
static void
press_key (GtkWidget  *widget,
           const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (gtk_shortcut_trigger_equal (trigger, wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget, gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("No key binding for %s", accelerator);
}

static GtkWindow *
parent_window (void)
{
  GtkWindow *parent = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (parent, 400, 300);
  gtk_window_present (parent);
  return parent;
}

static GwCamera *
camera_new (const char *sub,
            const char *main_stream)
{
  GwCamera *camera = gw_camera_new ();

  camera->id = g_strdup ("50015200001310000017");
  camera->name = g_strdup ("梓潼街道 · 人民广场东口");
  camera->division_code = g_strdup ("500152001");
  camera->sub_uri = g_strdup (sub);
  camera->main_uri = g_strdup (main_stream);
  return camera;
}

#ifdef GW_HAVE_VIDEO

static GwVideoState
player_state (GwCameraPlayer *player)
{
  GdkPaintable *paintable = gw_camera_player_get_paintable (player);

  return paintable ? gw_video_source_get_state (GW_VIDEO_SOURCE (paintable)) : GW_VIDEO_STATE_STOPPED;
}

static GtkPicture *
picture (GwCameraPlayer *player)
{
  return GTK_PICTURE (find_widget (GTK_WIDGET (player), GTK_TYPE_PICTURE, NULL, NULL));
}

static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static char *
make_video (const char *name,
            int         width,
            int         height)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *description =
    g_strdup_printf ("videotestsrc num-buffers=250 pattern=smpte"
                     " ! video/x-raw,width=%d,height=%d,framerate=25/1"
                     " ! timeoverlay font-desc=\"Sans 24\""
                     " ! vp8enc deadline=1 ! webmmux ! filesink location=\"%s\"",
                     width, height, path);

  run_pipeline (description);
  return g_filename_to_uri (path, NULL, NULL);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_live (void)
{
  GtkWindow *parent = parent_window ();
  g_autoptr(GwCamera) camera = camera_new (sub_uri, main_uri);
  GwCameraPlayer *player = gw_camera_player_new_for_camera (parent, camera, 17);
  GdkPaintable *paintable;

  g_object_add_weak_pointer (G_OBJECT (player), (gpointer *) &player);
  gtk_window_present (GTK_WINDOW (player));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (player)) == parent);
  g_assert_true (gw_camera_player_find (parent, 17) == player);
  g_assert_null (gw_camera_player_find (parent, 18));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (player)), ==, camera->name);
  g_assert_nonnull (shown_label (player, camera->name));
  g_assert_nonnull (shown_label (player, camera->id));

  /* The sub-stream first. */
  g_assert_cmpstr (gw_camera_player_get_stream (player), ==, "sub");
  WAIT_FOR (player_state (player) == GW_VIDEO_STATE_LIVE);
  paintable = gtk_picture_get_paintable (picture (player));
  g_assert_true (paintable == gw_camera_player_get_paintable (player));
  g_assert_cmpstr (gw_video_source_get_uri (GW_VIDEO_SOURCE (paintable)), ==, sub_uri);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, SUB_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, SUB_HEIGHT);
  g_assert_nonnull (shown_label (player, _("Live")));
  g_assert_false (on_screen (GTK_WIDGET (status_page (player))));
  test_window_screenshot (GTK_WIDGET (player), "camera-player-live", 300);

  /* The main stream, as the stream buttons ask for it. */
  gtk_widget_activate_action (GTK_WIDGET (player), "player.stream", "s", "main");
  g_assert_cmpstr (gw_camera_player_get_stream (player), ==, "main");
  paintable = gtk_picture_get_paintable (picture (player));
  g_assert_cmpstr (gw_video_source_get_uri (GW_VIDEO_SOURCE (paintable)), ==, main_uri);
  WAIT_FOR (player_state (player) == GW_VIDEO_STATE_LIVE);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, MAIN_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, MAIN_HEIGHT);

  /* Back to the sub-stream, then full screen (F11) takes the main stream — where there is
   * a window manager to make the window full screen (a bare Xvfb has none). */
  gtk_widget_activate_action (GTK_WIDGET (player), "player.stream", "s", "sub");
  g_assert_cmpstr (gw_camera_player_get_stream (player), ==, "sub");
  press_key (GTK_WIDGET (player), "F11");
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add (2000, on_wait_timeout, &timed_out);

    while (!gtk_window_is_fullscreen (GTK_WINDOW (player)) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
  }
  if (gtk_window_is_fullscreen (GTK_WINDOW (player)))
    {
      g_assert_cmpstr (gw_camera_player_get_stream (player), ==, "main");
      /* Escape leaves full screen first, and the sub-stream comes back. */
      press_key (GTK_WIDGET (player), "Escape");
      WAIT_FOR (!gtk_window_is_fullscreen (GTK_WINDOW (player)));
      g_assert_cmpstr (gw_camera_player_get_stream (player), ==, "sub");
      g_assert_nonnull (player);
    }
  else
    g_test_message ("no window manager: full screen not tried");

  gtk_window_destroy (GTK_WINDOW (player));
  g_assert_null (player);
  gtk_window_destroy (parent);
  WAIT_FOR (gw_video_source_get_pending_teardowns () == 0);
}

static void
test_dead (void)
{
  GtkWindow *parent = parent_window ();
  g_autofree char *dead = g_strdup_printf ("rtsp://127.0.0.1:%u/x", closed_port ());
  g_autoptr(GwCamera) camera = camera_new (dead, NULL);
  GwCameraPlayer *player = gw_camera_player_new_for_camera (parent, camera, 18);
  GtkWidget *retry;

  g_object_add_weak_pointer (G_OBJECT (player), (gpointer *) &player);
  gtk_window_present (GTK_WINDOW (player));

  /* A few quick refusals, then no signal, and why. */
  WAIT_FOR (status_shown (player, _("No Signal")));
  g_assert_cmpint (player_state (player), ==, GW_VIDEO_STATE_NO_SIGNAL);
  g_assert_cmpstr (adw_status_page_get_description (status_page (player)), ==,
                   _("Cannot connect to the camera"));
  retry = find_widget (GTK_WIDGET (player), GTK_TYPE_BUTTON, button_is, _("_Retry"));
  g_assert_nonnull (retry);
  g_assert_true (on_screen (retry));
  g_assert_true (gtk_widget_is_sensitive (retry));
  g_assert_nonnull (shown_label (player, _("No signal")));
  /* Only one stream: no stream buttons. */
  g_assert_null (shown_label (player, _("Main stream")));
  test_window_screenshot (GTK_WIDGET (player), "camera-player-no-signal", 300);

  /* Retry (a button clicks a moment after it is activated) tries again. */
  g_assert_true (gtk_widget_activate (retry));
  WAIT_FOR (player_state (player) != GW_VIDEO_STATE_NO_SIGNAL);
  g_assert_false (status_shown (player, _("No Signal")));
  g_assert_true (shown_label (player, _("Connecting…")) || shown_label (player, _("Reconnecting…")));

  /* Escape closes the window. */
  press_key (GTK_WIDGET (player), "Escape");
  WAIT_FOR (player == NULL);
  g_assert_null (gw_camera_player_find (parent, 18));
  gtk_window_destroy (parent);
  WAIT_FOR (gw_video_source_get_pending_teardowns () == 0);
}

static void
test_no_address (void)
{
  GtkWindow *parent = parent_window ();
  g_autoptr(GwCamera) camera = camera_new (NULL, NULL);
  GwCameraPlayer *player = gw_camera_player_new_for_camera (parent, camera, 0);

  gtk_window_present (GTK_WINDOW (player));
  g_assert_true (status_shown (player, _("No Signal")));
  g_assert_cmpstr (adw_status_page_get_description (status_page (player)), ==,
                   _("This camera has no stream address"));
  g_assert_null (gw_camera_player_get_paintable (player));
  /* No row id: never found as "the same camera". */
  g_assert_null (gw_camera_player_find (parent, 0));
  gtk_window_destroy (parent);
}

/* The console: "open-camera" from the ticket detail opens one player per camera, with the
 * camera read from the store; a camera that is not there says so. */
static void
test_console (void)
{
  g_autofree char *demo_path = test_util_create_demo (tmpdir, "county.db");
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (demo_path, &error);
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GwCamera) expected = NULL;
  gint64 camera_id = 0;
  GwMainWindow *window;
  GwConsolePane *pane;
  GwCameraPlayer *player, *missing;

  g_assert_no_error (error);
  cameras = gw_db_list_cameras_page (db, 0, 1, NULL, &camera_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);
  expected = gw_db_get_camera (db, camera_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (expected->id, ==, ((GwCamera *) g_ptr_array_index (cameras, 0))->id);
  g_assert_null (gw_db_get_camera (db, 999999999, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  gw_db_free (db);

  window = gw_main_window_new (NULL, demo_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gw_main_window_get_state (window) != GW_MAIN_WINDOW_LOADING);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);
  pane = GW_CONSOLE_PANE (gtk_widget_get_template_child (GTK_WIDGET (window), GW_TYPE_MAIN_WINDOW, "console_pane"));

  g_signal_emit_by_name (gw_console_pane_get_detail (pane), "open-camera", camera_id);
  player = gw_camera_player_find (GTK_WINDOW (window), camera_id);
  g_assert_nonnull (player);
  WAIT_FOR (gw_camera_player_get_camera (player) != NULL);
  g_assert_cmpstr (gw_camera_player_get_camera (player)->id, ==, expected->id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (player)), ==, expected->name);
  g_assert_nonnull (shown_label (player, expected->name));
  g_assert_nonnull (shown_label (player, expected->id));
  g_assert_cmpstr (gw_video_source_get_uri (GW_VIDEO_SOURCE (gw_camera_player_get_paintable (player))), ==,
                   expected->sub_uri);

  /* The same camera again: the same window. */
  g_signal_emit_by_name (gw_console_pane_get_detail (pane), "open-camera", camera_id);
  g_assert_true (gw_camera_player_find (GTK_WINDOW (window), camera_id) == player);
  {
    g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
    guint players = 0;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        players += GW_IS_CAMERA_PLAYER (w);
      }
    g_assert_cmpuint (players, ==, 1);
  }

  /* A camera that is not in the store. */
  g_signal_emit_by_name (gw_console_pane_get_detail (pane), "open-camera", (gint64) 999999999);
  missing = gw_camera_player_find (GTK_WINDOW (window), 999999999);
  g_assert_nonnull (missing);
  WAIT_FOR (status_shown (missing, _("Cannot Open the Camera")));
  g_assert_false (on_screen (find_widget (GTK_WIDGET (missing), GTK_TYPE_BUTTON, button_is, _("_Retry"))));

  /* The players go with the console. */
  g_object_add_weak_pointer (G_OBJECT (player), (gpointer *) &player);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_FOR (player == NULL);
  WAIT_FOR (gw_video_source_get_pending_teardowns () == 0);
}

#else /* !GW_HAVE_VIDEO */

static void
test_unavailable (void)
{
  GtkWindow *parent = parent_window ();
  g_autoptr(GwCamera) camera = camera_new ("rtsp://127.0.0.1:8554/x/sub", NULL);
  GwCameraPlayer *player = gw_camera_player_new_for_camera (parent, camera, 17);

  g_object_add_weak_pointer (G_OBJECT (player), (gpointer *) &player);
  gtk_window_present (GTK_WINDOW (player));
  g_assert_true (status_shown (player, _("Video is not available in this build")));
  g_assert_nonnull (shown_label (player, camera->name));
  g_assert_false (on_screen (find_widget (GTK_WIDGET (player), GTK_TYPE_BUTTON, button_is, _("_Retry"))));
  g_assert_null (gw_camera_player_get_paintable (player));
  test_window_screenshot (GTK_WIDGET (player), "camera-player-unavailable", 300);
  press_key (GTK_WIDGET (player), "Escape");
  WAIT_FOR (player == NULL);
  gtk_window_destroy (parent);
}

static void
test_skip (void)
{
  g_test_skip ("built without video (-Dvideo=disabled)");
}

#endif

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gridwatch/Gridwatch/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);
  }
  tmpdir = test_util_make_tmpdir ();

#ifdef GW_HAVE_VIDEO
  gst_init (&argc, &argv);
  sub_uri = make_video ("sub.webm", SUB_WIDTH, SUB_HEIGHT);
  main_uri = make_video ("main.webm", MAIN_WIDTH, MAIN_HEIGHT);
  g_test_add_func ("/camera-player/live", test_live);
  g_test_add_func ("/camera-player/dead", test_dead);
  g_test_add_func ("/camera-player/no-address", test_no_address);
  g_test_add_func ("/camera-player/console", test_console);
#else
  g_test_add_func ("/camera-player/unavailable", test_unavailable);
  g_test_add_func ("/camera-player/live", test_skip);
  g_test_add_func ("/camera-player/dead", test_skip);
#endif

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (sub_uri);
  g_free (main_uri);
  return status;
}
