/* test-wall-view.c: the video wall's tiles, grid and layout editor, in real windows, on the
 * demo county's cameras served by a real gridwatch-camsim over RTSP.
 *
 * Every preset lays out one tile per cell at the cell's place (a few checked to the
 * pixel); a new layout keeps the tiles it has room for, their cameras and their streams;
 * nine live cameras show frames decoded at their tile's size, the focused one on its main
 * stream; tiles off screen (full screen on another tile, a hidden window) decode nothing
 * and come back when shown; a dead address says it is reconnecting, and why, while the
 * main loop runs on time; a camera dropped on a tile reaches the view's camera-dropped;
 * a tile's frame saves as a PNG of the frame's size; the layout editor draws, refuses
 * and removes cells and saves a valid layout. Screenshots (wall-view-*-<language>.png in
 * the build directory) are for a person to look at. Without video (or without
 * gst-rtsp-server) the streaming cases are skipped and the tiles say video is not
 * available.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#ifdef GW_HAVE_VIDEO
#include <gst/gst.h>
#include "gw-video-source.h"
#endif

#include "gw-application.h"
#include "gw-camera-status.h"
#include "gw-db-cameras.h"
#include "gw-db.h"
#include "gw-layout-editor.h"
#include "gw-wall-view.h"

#include "test-util.h"
#include "test-window-util.h"

#define N_CAMERAS       9
/* The view's size in the window: (size + gap) divisible by 2, 3, 4, 5 and 6 units. */
#define VIEW_WIDTH      1198
#define VIEW_HEIGHT     718
#define SUB_WIDTH       320
#define SUB_HEIGHT      180
#define MAIN_WIDTH      640
#define MAIN_HEIGHT     360
/* The main loop must never go longer than this without running a 20 ms timeout: a wait
 * on the network would be seconds; software GL drawing a first frame of nine tiles on a
 * busy machine (fonts loaded, glyphs rasterized) has taken up to 350 ms. */
#define MAX_TICK_GAP_US (500 * 1000)

static char *tmpdir;
static GPtrArray *cameras;      /* GwCamera, on the simulator's port */
static GPtrArray *places;       /* char *, "street › community › grid" */
#ifdef GW_HAVE_VIDEO
static GSubprocess *camsim;
#endif

/* Waiting and watching ------------------------------------------------------------------ */

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* TEST_WAIT_FOR, looking at least every 20 ms (conditions that no event announces). */
#define WAIT_FOR(cond) G_STMT_START {                 \
    guint poll_ = g_timeout_add (20, on_poll, NULL);  \
    TEST_WAIT_FOR (cond);                             \
    g_source_remove (poll_);                          \
  } G_STMT_END

#ifdef GW_HAVE_VIDEO
typedef struct {
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
  guint  id;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  ticker->max_gap_us = MAX (ticker->max_gap_us, now - ticker->last_us);
  ticker->last_us = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
ticker_start (Ticker *ticker)
{
  memset (ticker, 0, sizeof *ticker);
  ticker->last_us = g_get_monotonic_time ();
  ticker->id = g_timeout_add (20, on_tick, ticker);
}

static void
ticker_check (Ticker *ticker)
{
  g_source_remove (ticker->id);
  g_test_message ("main loop: %u ticks, longest gap %" G_GINT64_FORMAT " ms",
                  ticker->ticks, ticker->max_gap_us / 1000);
  g_assert_cmpint (ticker->max_gap_us, <, MAX_TICK_GAP_US);
}

/* A screenshot of a window full of live video. test_window_screenshot() renders the
 * window from an idle after a paint, and by then a new frame has often asked for the
 * window to be drawn again, which drops the window's last drawing ("nothing drawn"):
 * here the drawing is kept as the paint ends, and rendered and saved after. */
typedef struct {
  GtkWidget     *widget;
  GdkPaintable  *image;     /* the window as drawn, immutable */
  guint          paints;
} Shot;

static void
on_shot_after_paint (GdkFrameClock *clock,
                     Shot          *shot)
{
  g_autoptr(GdkPaintable) paintable = NULL;

  /* The second paint from now: laid out and drawn with everything asked for before. */
  if (shot->image || ++shot->paints < 2)
    {
      gtk_widget_queue_draw (shot->widget);
      return;
    }
  paintable = gtk_widget_paintable_new (shot->widget);
  shot->image = gdk_paintable_get_current_image (paintable);
}

static void
live_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file_name = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "C");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_tmp_dir (), file_name, NULL);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Shot shot = { widget, NULL, 0 };
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  gulong handler;
  int width, height;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_shot_after_paint), &shot);
  gtk_widget_queue_draw (widget);
  TEST_WAIT_FOR (shot.image != NULL);
  g_signal_handler_disconnect (clock, handler);

  width = gdk_paintable_get_intrinsic_width (shot.image);
  height = gdk_paintable_get_intrinsic_height (shot.image);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (shot.image, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (shot.image);
  g_test_message ("screenshot: %s", path);
}

/* A screenshot, rendered and encoded as PNG on the main thread: not counted. */
static void
ticker_screenshot (Ticker     *ticker,
                   GtkWidget  *widget,
                   const char *name,
                   guint       settle_ms)
{
  test_window_spin (settle_ms);
  g_source_remove (ticker->id);
  live_screenshot (widget, name);
  ticker->last_us = g_get_monotonic_time ();
  ticker->id = g_timeout_add (20, on_tick, ticker);
}

#endif

/* Widgets ------------------------------------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget      *root,
             GType           type,
             gboolean      (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer   data)
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
mapped_label_is (GtkWidget     *widget,
                 gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && label_is (widget, text);
}

/* A label showing text under root, mapped (on screen), or NULL. */
static GtkWidget *
shown_label (GtkWidget  *root,
             const char *text)
{
  return find_widget (root, GTK_TYPE_LABEL, mapped_label_is, text);
}

static gboolean
has_class (GtkWidget     *widget,
           gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

#ifdef GW_HAVE_VIDEO
static gboolean
spinner_on_screen (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget));
}
#endif

static gboolean
button_is (GtkWidget     *widget,
           gconstpointer  text)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0;
}

/* Presses a key through the widget's own key bindings, as the keyboard would. */
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

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut));
              return;
            }
        }
    }
  g_error ("No key binding for %s", accelerator);
}

/* A window holding a fresh view, shown, with the view at VIEW_WIDTH × VIEW_HEIGHT. */
static GtkWindow *
wall_window (GwWallView **view_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = gw_wall_view_new ();

  gtk_window_set_default_size (window, VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  TEST_WAIT_FOR (gtk_widget_get_mapped (view) && gtk_widget_get_width (view) > 0);
  g_assert_cmpint (gtk_widget_get_width (view), ==, VIEW_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (view), ==, VIEW_HEIGHT);
  *view_out = GW_WALL_VIEW (view);
  return window;
}

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
#ifdef GW_HAVE_VIDEO
  WAIT_FOR (gw_video_source_get_pending_teardowns () == 0);
#endif
  g_assert_cmpuint (gw_camera_clock_get_n_watchers (), ==, 0);
}

static gboolean
has_allocation (GtkWidget          *widget,
                const GdkRectangle *want)
{
  graphene_rect_t bounds;
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (!gtk_widget_compute_bounds (widget, parent, &bounds))
    return FALSE;
  return (int) bounds.origin.x == want->x && (int) bounds.origin.y == want->y &&
         (int) bounds.size.width == want->width && (int) bounds.size.height == want->height;
}

static GwWallLayout *
preset (const char *id)
{
  GwWallLayout *layout = gw_wall_layout_get_preset (id);

  g_assert_nonnull (layout);
  return layout;
}

static GwCamera *
camera (guint i)
{
  g_assert_cmpuint (i, <, cameras->len);
  return g_ptr_array_index (cameras, i);
}

static const char *
place (guint i)
{
  return g_ptr_array_index (places, i);
}

/* Every preset ------------------------------------------------------------------------- */

/* Where cell c goes, worked out here on its own: units share width + gap evenly. */
static void
expected_area (GwWallLayout     *layout,
               const GwWallCell *c,
               GdkRectangle     *r)
{
  int pitch_w = VIEW_WIDTH + GW_WALL_VIEW_GAP, pitch_h = VIEW_HEIGHT + GW_WALL_VIEW_GAP;
  int columns = gw_wall_layout_get_columns (layout), rows = gw_wall_layout_get_rows (layout);

  r->x = c->x * pitch_w / columns;
  r->y = c->y * pitch_h / rows;
  r->width = (c->x + c->w) * pitch_w / columns - GW_WALL_VIEW_GAP - r->x;
  r->height = (c->y + c->h) * pitch_h / rows - GW_WALL_VIEW_GAP - r->y;
}

static void
assert_tile_at (GwWallView *view,
                guint       i,
                int         x,
                int         y,
                int         width,
                int         height)
{
  GdkRectangle want = { x, y, width, height };

  g_assert_true (has_allocation (GTK_WIDGET (gw_wall_view_get_tile (view, i)), &want));
}

static gboolean
laid_out (GwWallView *view)
{
  GwWallLayout *layout = gw_wall_view_get_layout (view);

  for (guint i = 0; i < gw_wall_view_get_n_tiles (view); i++)
    {
      GdkRectangle want;

      expected_area (layout, gw_wall_layout_get_cell (layout, i), &want);
      if (!has_allocation (GTK_WIDGET (gw_wall_view_get_tile (view, i)), &want))
        return FALSE;
    }
  return TRUE;
}

static void
test_presets (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  g_autoptr(GPtrArray) presets = gw_wall_layout_list_presets ();

  /* A new view: the "1" preset, one empty tile over it all. */
  g_assert_cmpstr (gw_wall_layout_get_id (gw_wall_view_get_layout (view)), ==, "1");
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 1);
  assert_tile_at (view, 0, 0, 0, VIEW_WIDTH, VIEW_HEIGHT);
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, -1);

  for (guint p = 0; p < presets->len; p++)
    {
      GwWallLayout *layout = g_ptr_array_index (presets, p);
      guint n = gw_wall_layout_get_n_cells (layout);
      int area = 0;

      gw_wall_view_set_layout (view, layout);
      g_assert_true (gw_wall_view_get_layout (view) == layout);
      g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, n);
      g_assert_null (gw_wall_view_get_tile (view, n));
      WAIT_FOR (laid_out (view));
      for (guint i = 0; i < n; i++)
        {
          GtkWidget *tile = GTK_WIDGET (gw_wall_view_get_tile (view, i));
          const GwWallCell *c = gw_wall_layout_get_cell (layout, i);
          GdkRectangle r;

          g_assert_true (gtk_widget_get_mapped (tile));
          g_assert_true (gw_wall_view_get_cell_area (view, i, VIEW_WIDTH, VIEW_HEIGHT, &r));
          g_assert_true (has_allocation (tile, &r));
          /* Proportional to the cell: as many unit pitches as it has units, less a gap. */
          g_assert_cmpint (r.width + GW_WALL_VIEW_GAP, ==,
                           c->w * (VIEW_WIDTH + GW_WALL_VIEW_GAP) / gw_wall_layout_get_columns (layout));
          g_assert_cmpint (r.height + GW_WALL_VIEW_GAP, ==,
                           c->h * (VIEW_HEIGHT + GW_WALL_VIEW_GAP) / gw_wall_layout_get_rows (layout));
          area += r.width * r.height;
          /* An empty tile says what it is for. */
          g_assert_null (gw_wall_tile_get_camera (GW_WALL_TILE (tile)));
          g_assert_null (gw_wall_tile_get_source (GW_WALL_TILE (tile)));
        }
      g_assert_cmpint (area, <=, VIEW_WIDTH * VIEW_HEIGHT);
      g_test_message ("%s: %u tiles", gw_wall_layout_get_id (layout), n);
    }

  /* A few to the pixel. 3 × 3 in 1198 × 718: pitches of 400 and 240. */
  gw_wall_view_set_layout (view, preset ("9"));
  WAIT_FOR (laid_out (view));
  assert_tile_at (view, 0, 0, 0, 398, 238);
  assert_tile_at (view, 4, 400, 240, 398, 238);
  assert_tile_at (view, 8, 800, 480, 398, 238);
  /* 2 large + 8 on 4 × 4: pitches of 300 and 180. */
  gw_wall_view_set_layout (view, preset ("2+8"));
  WAIT_FOR (laid_out (view));
  assert_tile_at (view, 0, 0, 0, 598, 358);
  assert_tile_at (view, 1, 600, 0, 598, 358);
  assert_tile_at (view, 2, 0, 360, 298, 178);
  assert_tile_at (view, 9, 900, 540, 298, 178);
  /* 1 large + 5 on 3 × 3. */
  gw_wall_view_set_layout (view, preset ("1+5"));
  WAIT_FOR (laid_out (view));
  assert_tile_at (view, 0, 0, 0, 798, 478);
  assert_tile_at (view, 1, 800, 0, 398, 238);
  assert_tile_at (view, 3, 0, 480, 398, 238);
  /* 6 × 6 in 1198 × 718: pitches of 200 and 120. */
  gw_wall_view_set_layout (view, preset ("36"));
  WAIT_FOR (laid_out (view));
  assert_tile_at (view, 7, 200, 120, 198, 118);
  assert_tile_at (view, 35, 1000, 600, 198, 118);
  g_assert_true (shown_label (GTK_WIDGET (gw_wall_view_get_tile (view, 0)), _("Drop a camera here")));
  test_window_screenshot (GTK_WIDGET (window), "wall-view-36-empty", 200);

  /* A custom layout with a dark unit: 2 × 2 units, two cells. */
  {
    g_autoptr(GwWallLayout) custom = gw_wall_layout_new ("custom-1", "Three", 2, 2);

    g_assert_true (gw_wall_layout_add_cell (custom, 0, 0, 1, 2, NULL));
    g_assert_true (gw_wall_layout_add_cell (custom, 1, 0, 1, 1, NULL));
    gw_wall_view_set_layout (view, custom);
    g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 2);
    WAIT_FOR (laid_out (view));
    assert_tile_at (view, 0, 0, 0, 598, 718);
    assert_tile_at (view, 1, 600, 0, 598, 358);
  }

  close_window (window);
}

/* Keys and focus ----------------------------------------------------------------------- */

typedef struct {
  guint   activated;
  int     activated_index;
  guint   focus_changes;
  guint   dropped;
  guint   dropped_index;
  gint64  dropped_id;
} Events;

static void
on_tile_activated (GwWallView *view,
                   guint       index,
                   Events     *events)
{
  events->activated++;
  events->activated_index = index;
}

static void
on_focus_changed (GwWallView *view,
                  Events     *events)
{
  events->focus_changes++;
}

static void
on_camera_dropped (GwWallView *view,
                   guint       index,
                   gint64      camera_id,
                   Events     *events)
{
  events->dropped++;
  events->dropped_index = index;
  events->dropped_id = camera_id;
}

static void
connect_events (GwWallView *view,
                Events     *events)
{
  memset (events, 0, sizeof *events);
  events->activated_index = -1;
  g_signal_connect (view, "tile-activated", G_CALLBACK (on_tile_activated), events);
  g_signal_connect (view, "focus-changed", G_CALLBACK (on_focus_changed), events);
  g_signal_connect (view, "camera-dropped", G_CALLBACK (on_camera_dropped), events);
}

static int
focused_tiles (GwWallView *view)
{
  int n = 0;

  for (guint i = 0; i < gw_wall_view_get_n_tiles (view); i++)
    n += gw_wall_tile_get_focused (gw_wall_view_get_tile (view, i));
  return n;
}

/* The arrow keys go to the nearest tile that way; Enter activates; a click focuses. */
static void
test_keys (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  Events events;

  connect_events (view, &events);
  gw_wall_view_set_layout (view, preset ("1+5"));
  /* Nothing focused: the first arrow focuses the first tile. */
  press_key (GTK_WIDGET (view), "Right");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 0);
  g_assert_cmpuint (events.focus_changes, ==, 1);
  /* 1+5: the large cell (0) with 1, 2 on its right and 3, 4, 5 below. */
  press_key (GTK_WIDGET (view), "Right");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 1);
  press_key (GTK_WIDGET (view), "Down");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 2);
  press_key (GTK_WIDGET (view), "Left");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 0);
  press_key (GTK_WIDGET (view), "Down");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 3);
  press_key (GTK_WIDGET (view), "Right");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 4);
  press_key (GTK_WIDGET (view), "Up");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 0);
  press_key (GTK_WIDGET (view), "Up");   /* the edge: stays */
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 0);
  g_assert_cmpint (focused_tiles (view), ==, 1);
  g_assert_true (gw_wall_tile_get_focused (gw_wall_view_get_tile (view, 0)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gw_wall_view_get_tile (view, 0)), "focused"));

  press_key (GTK_WIDGET (view), "Return");
  g_assert_cmpuint (events.activated, ==, 1);
  g_assert_cmpint (events.activated_index, ==, 0);

  /* A click on a tile focuses it, a double click activates it. */
  g_signal_emit_by_name (gw_wall_view_get_tile (view, 5), "focus-requested");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 5);
  g_assert_cmpint (focused_tiles (view), ==, 1);
  g_signal_emit_by_name (gw_wall_view_get_tile (view, 2), "activated");
  g_assert_cmpint (events.activated_index, ==, 2);

  /* A layout without the focused cell: nothing focused. */
  gw_wall_view_set_layout (view, preset ("4"));
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, -1);
  g_assert_cmpint (focused_tiles (view), ==, 0);
  gw_wall_view_set_focused_index (view, 3);
  press_key (GTK_WIDGET (view), "Left");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 2);
  press_key (GTK_WIDGET (view), "Up");
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 0);

  close_window (window);
}

/* A camera dropped on a tile: the drop target's own "drop", with the gint64 the camera
 * directory's rows drag. */
static void
test_drop (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  GtkWidget *tile;
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  Events events;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  connect_events (view, &events);
  gw_wall_view_set_layout (view, preset ("9"));
  tile = GTK_WIDGET (gw_wall_view_get_tile (view, 3));
  controllers = gtk_widget_observe_controllers (tile);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  {
    gsize n_types = 0;
    const GType *types = gtk_drop_target_get_gtypes (target, &n_types);

    g_assert_cmpuint (n_types, ==, 1);
    g_assert_true (types[0] == G_TYPE_INT64);
    g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);
  }

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, 4242);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_cmpuint (events.dropped, ==, 1);
  g_assert_cmpuint (events.dropped_index, ==, 3);
  g_assert_cmpint (events.dropped_id, ==, 4242);
  /* Not a camera: refused. */
  g_value_set_int64 (&value, 0);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_false (accepted);
  g_assert_cmpuint (events.dropped, ==, 1);
  g_value_unset (&value);

  close_window (window);
}

/* Pins and the empty tile. */
static void
test_badges (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  GwWallTile *tile;
  GtkWidget *pin;

  gw_wall_view_set_layout (view, preset ("4"));
  WAIT_FOR (laid_out (view));
  tile = gw_wall_view_get_tile (view, 1);
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), _("Drop a camera here")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "empty"));
  g_assert_false (gw_wall_tile_get_pinned (tile));
  gw_wall_tile_set_pinned (tile, TRUE);
  g_assert_true (gw_wall_tile_get_pinned (tile));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tile), "pinned"));
  pin = find_widget (GTK_WIDGET (tile), GTK_TYPE_IMAGE, has_class, "wall-tile-pin");
  g_assert_nonnull (pin);
  test_window_spin (50);
  /* The bar shows only over a camera: an empty tile has neither name nor pin on view. */
  gw_wall_tile_set_camera (tile, camera (0), place (0));
  WAIT_FOR (gtk_widget_get_mapped (pin));
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), camera (0)->name));
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), place (0)));
  g_assert_null (shown_label (GTK_WIDGET (tile), _("Drop a camera here")));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tile), "empty"));
#ifndef GW_HAVE_VIDEO
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), _("Video is not available in this build")));
  g_assert_null (gw_wall_tile_get_source (tile));
  test_window_screenshot (GTK_WIDGET (window), "wall-view-unavailable", 200);
#endif
  gw_wall_tile_set_pinned (tile, FALSE);
  g_assert_false (gtk_widget_get_mapped (pin));
  gw_wall_tile_set_camera (tile, NULL, NULL);
  g_assert_null (gw_wall_tile_get_camera (tile));
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), _("Drop a camera here")));

  close_window (window);
}

/* A new layout keeps the tiles it has room for: the same widgets, cameras, streams. */
static void
test_relayout (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  GwWallTile *kept[4];
  GwVideoSource *sources[4];
  GwWallTile *gone[2];

  gw_wall_view_set_layout (view, preset ("16"));
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 16);
  for (guint i = 0; i < 4; i++)
    {
      kept[i] = gw_wall_view_get_tile (view, i);
      gw_wall_tile_set_camera (kept[i], camera (i), place (i));
      sources[i] = gw_wall_tile_get_source (kept[i]);
      g_object_add_weak_pointer (G_OBJECT (kept[i]), (gpointer *) &kept[i]);
#ifdef GW_HAVE_VIDEO
      g_assert_nonnull (sources[i]);
      g_assert_cmpstr (gw_video_source_get_uri (sources[i]), ==, camera (i)->sub_uri);
#endif
    }
  gone[0] = gw_wall_view_get_tile (view, 4);
  gone[1] = gw_wall_view_get_tile (view, 15);
  gw_wall_tile_set_camera (gone[1], camera (5), place (5));
  g_object_add_weak_pointer (G_OBJECT (gone[0]), (gpointer *) &gone[0]);
  g_object_add_weak_pointer (G_OBJECT (gone[1]), (gpointer *) &gone[1]);
  gw_wall_view_set_focused_index (view, 15);

  gw_wall_view_set_layout (view, preset ("4"));
  g_assert_cmpuint (gw_wall_view_get_n_tiles (view), ==, 4);
  /* Past the last cell: destroyed, their streams with them. */
  g_assert_null (gone[0]);
  g_assert_null (gone[1]);
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, -1);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_nonnull (kept[i]);
      g_assert_true (gw_wall_view_get_tile (view, i) == kept[i]);
      g_assert_true (gw_wall_tile_get_camera (kept[i]) == camera (i));
      g_assert_cmpstr (gw_wall_tile_get_place (kept[i]), ==, place (i));
      g_assert_true (gw_wall_tile_get_source (kept[i]) == sources[i]);
    }
  /* The same camera again keeps its stream too. */
  gw_wall_tile_set_camera (kept[0], camera (0), "somewhere else");
  g_assert_true (gw_wall_tile_get_source (kept[0]) == sources[0]);
  g_assert_cmpstr (gw_wall_tile_get_place (kept[0]), ==, "somewhere else");
  /* Back to 16: four kept, twelve new and empty. */
  gw_wall_view_set_layout (view, preset ("16"));
  for (guint i = 0; i < 16; i++)
    {
      if (i < 4)
        g_assert_true (gw_wall_view_get_tile (view, i) == kept[i]);
      else
        g_assert_null (gw_wall_tile_get_camera (gw_wall_view_get_tile (view, i)));
    }
  WAIT_FOR (laid_out (view));

  close_window (window);
  for (guint i = 0; i < 4; i++)
    g_assert_null (kept[i]);
}

#ifdef GW_HAVE_VIDEO

static GwVideoState
tile_state (GwWallTile *tile)
{
  GwVideoSource *source = gw_wall_tile_get_source (tile);

  return source ? gw_video_source_get_state (source) : GW_VIDEO_STATE_STOPPED;
}

static gboolean
all_live (GwWallView *view,
          guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      GwWallTile *tile = gw_wall_view_get_tile (view, i);

      if (tile_state (tile) != GW_VIDEO_STATE_LIVE ||
          gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (gw_wall_tile_get_source (tile))) <= 0)
        return FALSE;
    }
  return TRUE;
}

/* The source's output size is the tile's size in device pixels. */
static gboolean
output_follows (GwWallTile *tile)
{
  GwVideoSource *source = gw_wall_tile_get_source (tile);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (tile));
  int w, h;

  gw_video_source_get_output_size (source, &w, &h);
  return w == gtk_widget_get_width (GTK_WIDGET (tile)) * scale &&
         h == gtk_widget_get_height (GTK_WIDGET (tile)) * scale;
}

static gboolean
picture_is (GwWallTile *tile,
            int         width,
            int         height)
{
  GdkPaintable *picture = GDK_PAINTABLE (gw_wall_tile_get_source (tile));

  return gdk_paintable_get_intrinsic_width (picture) == width &&
         gdk_paintable_get_intrinsic_height (picture) == height;
}

static void
fill (GwWallView *view,
      guint       n)
{
  for (guint i = 0; i < n; i++)
    gw_wall_tile_set_camera (gw_wall_view_get_tile (view, i), camera (i), place (i));
}

/* Nine live cameras at their tiles' size; the focused one on its main stream. */
static void
test_live (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  GwWallTile *tile;
  GwVideoSource *source;
  Ticker ticker;
  int w, h;

  gw_wall_view_set_layout (view, preset ("9"));
  fill (view, N_CAMERAS);
  /* Watched from the first frame on (building nine tiles is not the point here). */
  WAIT_FOR (laid_out (view));
  ticker_start (&ticker);
  WAIT_FOR (all_live (view, N_CAMERAS));
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      tile = gw_wall_view_get_tile (view, i);
      source = gw_wall_tile_get_source (tile);
      g_assert_true (gw_video_source_get_active (source));
      g_assert_cmpstr (gw_video_source_get_uri (source), ==, camera (i)->sub_uri);
      WAIT_FOR (output_follows (tile));
      /* 320 × 180 fits a 398 × 238 tile: never scaled up. */
      WAIT_FOR (picture_is (tile, SUB_WIDTH, SUB_HEIGHT));
      g_assert_nonnull (shown_label (GTK_WIDGET (tile), camera (i)->name));
      g_assert_null (shown_label (GTK_WIDGET (tile), _("Connecting to the camera…")));
    }
  tile = gw_wall_view_get_tile (view, 4);
  gw_video_source_get_output_size (gw_wall_tile_get_source (tile), &w, &h);
  g_assert_cmpint (w, ==, 398 * gtk_widget_get_scale_factor (GTK_WIDGET (tile)));
  g_assert_cmpint (h, ==, 238 * gtk_widget_get_scale_factor (GTK_WIDGET (tile)));
  /* The clock ticks for every tile from one timer. */
  g_assert_cmpuint (gw_camera_clock_get_n_watchers (), ==, N_CAMERAS);
  ticker_screenshot (&ticker, GTK_WIDGET (window), "wall-view-9-live", 1200);

  /* Focus: the main stream, scaled down to the tile (640 × 360 into 398 × 238), while
   * the old picture stays until the new stream has one. */
  gw_wall_view_set_focused_index (view, 4);
  source = gw_wall_tile_get_source (tile);
  g_assert_cmpstr (gw_video_source_get_uri (source), ==, camera (4)->main_uri);
  WAIT_FOR (tile_state (tile) == GW_VIDEO_STATE_LIVE);
  WAIT_FOR (output_follows (tile));
  WAIT_FOR (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (source)) > SUB_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (source)), <=, 398);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (source)), <=, 238);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (source)),
                                  16.0 / 9.0, 0.02);
  for (guint i = 0; i < N_CAMERAS; i++)
    if (i != 4)
      g_assert_cmpstr (gw_video_source_get_uri (gw_wall_tile_get_source (gw_wall_view_get_tile (view, i))), ==,
                       camera (i)->sub_uri);
  ticker_screenshot (&ticker, GTK_WIDGET (window), "wall-view-9-focused", 1000);

  /* Another layout: tile 0 grows to 2 × 2 units, on the same stream, which follows. */
  gw_wall_view_set_focused_index (view, 0);
  WAIT_FOR (tile_state (gw_wall_view_get_tile (view, 0)) == GW_VIDEO_STATE_LIVE);
  source = gw_wall_tile_get_source (gw_wall_view_get_tile (view, 0));
  gw_wall_view_set_layout (view, preset ("1+5"));
  g_assert_true (gw_wall_tile_get_source (gw_wall_view_get_tile (view, 0)) == source);
  WAIT_FOR (laid_out (view));
  WAIT_FOR (output_follows (gw_wall_view_get_tile (view, 0)));
  gw_video_source_get_output_size (source, &w, &h);
  g_assert_cmpint (w, ==, 798 * gtk_widget_get_scale_factor (GTK_WIDGET (view)));
  WAIT_FOR (picture_is (gw_wall_view_get_tile (view, 0), MAIN_WIDTH, MAIN_HEIGHT));
  g_assert_cmpint (tile_state (gw_wall_view_get_tile (view, 0)), ==, GW_VIDEO_STATE_LIVE);

  ticker_check (&ticker);
  close_window (window);
}

static gboolean
all_active (GwWallView *view,
            gboolean    active)
{
  for (guint i = 0; i < gw_wall_view_get_n_tiles (view); i++)
    {
      GwVideoSource *source = gw_wall_tile_get_source (gw_wall_view_get_tile (view, i));

      if (source && gw_video_source_get_active (source) != active)
        return FALSE;
    }
  return TRUE;
}

/* Only what is on screen decodes: full screen on one tile, a hidden window. */
static void
test_visibility (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  GwWallTile *big;
  Ticker ticker;

  ticker_start (&ticker);
  gw_wall_view_set_layout (view, preset ("4"));
  fill (view, 4);
  WAIT_FOR (all_live (view, 4));

  /* Full screen on tile 2: the others unmapped and inactive, tile 2 on its main stream
   * over the whole view. */
  gw_wall_view_set_fullscreen_index (view, 2);
  g_assert_cmpint (gw_wall_view_get_fullscreen_index (view), ==, 2);
  g_assert_cmpint (gw_wall_view_get_focused_index (view), ==, 2);
  big = gw_wall_view_get_tile (view, 2);
  for (guint i = 0; i < 4; i++)
    {
      GwWallTile *tile = gw_wall_view_get_tile (view, i);
      GwVideoSource *source = gw_wall_tile_get_source (tile);

      g_assert_cmpint (gtk_widget_get_mapped (GTK_WIDGET (tile)), ==, i == 2);
      g_assert_cmpint (gw_video_source_get_active (source), ==, i == 2);
      if (i != 2)
        g_assert_cmpint (gw_video_source_get_state (source), ==, GW_VIDEO_STATE_PAUSED);
    }
  g_assert_cmpstr (gw_video_source_get_uri (gw_wall_tile_get_source (big)), ==, camera (2)->main_uri);
  WAIT_FOR (has_allocation (GTK_WIDGET (big), &(GdkRectangle) { 0, 0, VIEW_WIDTH, VIEW_HEIGHT }));
  WAIT_FOR (tile_state (big) == GW_VIDEO_STATE_LIVE && output_follows (big));
  WAIT_FOR (picture_is (big, MAIN_WIDTH, MAIN_HEIGHT));
  g_assert_cmpuint (gw_camera_clock_get_n_watchers (), ==, 1);
  ticker_screenshot (&ticker, GTK_WIDGET (window), "wall-view-fullscreen", 1000);

  /* Back: all four on screen, active, live again. */
  gw_wall_view_set_fullscreen_index (view, -1);
  g_assert_true (all_active (view, TRUE));
  WAIT_FOR (all_live (view, 4));
  WAIT_FOR (laid_out (view));

  /* A hidden window: nothing decodes; shown again, everything does. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_true (all_active (view, FALSE));
  g_assert_cmpuint (gw_camera_clock_get_n_watchers (), ==, 0);
  WAIT_FOR (gw_video_source_get_pending_teardowns () == 0);
  gtk_window_present (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (all_active (view, TRUE));
  WAIT_FOR (all_live (view, 4));

  ticker_check (&ticker);
  close_window (window);
}

static gboolean
on_flag_later (gpointer user_data)
{
  *(gint64 *) user_data = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

/* A dead camera reconnects, says why, and never holds the main loop up. */
static void
test_dead (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  g_autoptr(GwCamera) dead = gw_camera_new ();
  GwWallTile *tile;
  GtkWidget *retry;
  Ticker ticker;
  gint64 asked, fired = 0;

  dead->id = g_strdup ("50022300001310099999");
  dead->name = g_strdup ("Dead camera");
  dead->sub_uri = g_strdup ("rtsp://127.0.0.1:1/x");
  dead->main_uri = g_strdup ("rtsp://127.0.0.1:1/x");

  ticker_start (&ticker);
  /* Small tiles (298 × 178), most of them empty. */
  gw_wall_view_set_layout (view, preset ("16"));
  fill (view, 3);
  tile = gw_wall_view_get_tile (view, 3);
  asked = g_get_monotonic_time ();
  gw_wall_tile_set_camera (tile, dead, NULL);
  g_timeout_add (500, on_flag_later, &fired);

  WAIT_FOR (tile_state (tile) == GW_VIDEO_STATE_RECONNECTING);
  g_assert_cmpstr (gw_video_source_get_reason (gw_wall_tile_get_source (tile)), ==,
                   _("Cannot connect to the camera"));
  WAIT_FOR (shown_label (GTK_WIDGET (tile), _("Reconnecting…")) != NULL);
  g_assert_nonnull (shown_label (GTK_WIDGET (tile), _("Cannot connect to the camera")));
  retry = find_widget (GTK_WIDGET (tile), GTK_TYPE_BUTTON, button_is, _("_Retry"));
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  /* Nothing spins over a dead camera (a spinner repaints the window every frame). */
  g_assert_null (find_widget (GTK_WIDGET (tile), GTK_TYPE_SPINNER, spinner_on_screen, NULL));
  /* The others play on. */
  WAIT_FOR (all_live (view, 3));

  /* The timeout fired on time, while the tile kept failing. */
  WAIT_FOR (fired != 0);
  g_test_message ("a 500 ms timeout fired after %" G_GINT64_FORMAT " ms", (fired - asked) / 1000);
  g_assert_cmpint (fired - asked, <, 500 * 1000 + MAX_TICK_GAP_US);
  /* Never given up on: still reconnecting after a few attempts. */
  test_window_spin (2500);
  g_assert_cmpint (tile_state (tile), ==, GW_VIDEO_STATE_RECONNECTING);
  ticker_screenshot (&ticker, GTK_WIDGET (window), "wall-view-dead", 100);

  /* A small tile (36 on the wall): the words alone. */
  gw_wall_view_set_layout (view, preset ("36"));
  g_assert_true (gw_wall_view_get_tile (view, 3) == tile);
  WAIT_FOR (laid_out (view));
  WAIT_FOR (shown_label (GTK_WIDGET (tile), _("Reconnecting…")) != NULL);
  gw_wall_view_set_layout (view, preset ("16"));
  WAIT_FOR (laid_out (view));

  /* Retry tries at once. */
  g_assert_true (gtk_widget_activate (retry));
  WAIT_FOR (tile_state (tile) == GW_VIDEO_STATE_RECONNECTING);
  ticker_check (&ticker);

  close_window (window);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Saved;

static void
on_tile_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Saved *saved = user_data;

  saved->ok = gw_wall_tile_snapshot_finish (GW_WALL_TILE (object), result, &saved->error);
  saved->done = TRUE;
}

static gboolean
save_tile (GwWallTile  *tile,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Saved saved = { FALSE, FALSE, NULL };

  gw_wall_tile_snapshot_async (tile, file, NULL, on_tile_saved, &saved);
  g_assert_false (saved.done);
  TEST_WAIT_FOR (saved.done);
  if (saved.error)
    g_propagate_error (error, saved.error);
  return saved.ok;
}

static void
test_snapshot (void)
{
  GwWallView *view;
  GtkWindow *window = wall_window (&view);
  g_autofree char *path = g_build_filename (tmpdir, "tile.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) frame = NULL;
  g_autoptr(GdkTexture) read = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GwWallTile *tile;

  gw_wall_view_set_layout (view, preset ("4"));
  /* An empty tile has nothing to save, and says so. */
  tile = gw_wall_view_get_tile (view, 1);
  g_assert_false (save_tile (tile, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, _("There is no picture to save yet"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  tile = gw_wall_view_get_tile (view, 0);
  gw_wall_tile_set_camera (tile, camera (0), place (0));
  WAIT_FOR (all_live (view, 1));
  g_assert_true (save_tile (tile, path, &error));
  g_assert_no_error (error);
  frame = gw_video_source_get_texture (gw_wall_tile_get_source (tile));
  read = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (read), ==, gdk_texture_get_width (frame));
  g_assert_cmpint (gdk_texture_get_height (read), ==, gdk_texture_get_height (frame));
  g_assert_cmpint (gdk_texture_get_width (read), >, 0);
  g_unlink (path);

  close_window (window);
}

#endif /* GW_HAVE_VIDEO */

/* The layout editor ------------------------------------------------------------------- */

static void
on_layout_saved (GwLayoutEditor  *editor,
                 GwWallLayout    *layout,
                 GwWallLayout   **out)
{
  g_assert_null (*out);
  *out = gw_wall_layout_ref (layout);
}

static GtkGesture *
canvas_drag (GtkWidget *canvas)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (canvas);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

/* A drag on the canvas as the gesture reports it: from (x, y), by (dx, dy). */
static void
drag (GtkGesture *gesture,
      double      x,
      double      y,
      double      dx,
      double      dy)
{
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

static void
test_layout_editor (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  GwLayoutEditor *editor;
  GwWallLayout *saved = NULL;
  g_autoptr(GwWallLayout) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  GtkWidget *canvas;
  GtkGesture *gesture;
  int w, h;

  gtk_window_set_default_size (parent, 800, 600);
  gtk_window_present (parent);
  editor = GW_LAYOUT_EDITOR (gw_layout_editor_new (parent, NULL));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_layout_saved), &saved);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  gtk_window_present (GTK_WINDOW (editor));
  canvas = find_widget (GTK_WIDGET (editor), GTK_TYPE_DRAWING_AREA, NULL, NULL);
  g_assert_nonnull (canvas);
  TEST_WAIT_FOR (gtk_widget_get_width (canvas) > 0);
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  gesture = canvas_drag (canvas);
  g_assert_false (gw_layout_editor_get_can_save (editor));
  g_assert_false (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, button_is, _("_Save"))));

  gw_layout_editor_set_grid (editor, 4, 3);
  g_assert_cmpint (gw_wall_layout_get_columns (gw_layout_editor_get_layout (editor)), ==, 4);
  g_assert_cmpint (gw_wall_layout_get_rows (gw_layout_editor_get_layout (editor)), ==, 3);

  /* A drag from the top left corner across the whole canvas: one cell over all the units
   * (points outside the grid count as its nearest unit). */
  drag (gesture, 0, 0, w, h);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 1);
  g_assert_cmpint (gw_wall_layout_get_cell (gw_layout_editor_get_layout (editor), 0)->w, ==, 4);
  /* A click on it removes it. */
  drag (gesture, w / 2.0, h / 2.0, 0, 0);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 0);

  /* A click in a corner: a 1 × 1 cell there; the other corner by the API, 2 × 2. */
  drag (gesture, 0, 0, 1, 1);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 1);
  g_assert_cmpint (gw_wall_layout_get_cell (gw_layout_editor_get_layout (editor), 0)->x, ==, 0);
  g_assert_true (gw_layout_editor_add_cell (editor, 2, 1, 2, 2, &error));
  g_assert_no_error (error);

  /* Overlapping: refused, with the layout's own words under the canvas. */
  g_assert_false (gw_layout_editor_add_cell (editor, 1, 1, 2, 1, &error));
  g_assert_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OVERLAP);
  g_assert_cmpstr (gw_layout_editor_get_hint (editor), ==, error->message);
  g_assert_nonnull (shown_label (GTK_WIDGET (editor), error->message));
  g_clear_error (&error);
  /* And by dragging across everything. */
  drag (gesture, 0, 0, w, h);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 2);
  g_assert_nonnull (shown_label (GTK_WIDGET (editor), gw_layout_editor_get_hint (editor)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (shown_label (GTK_WIDGET (editor),
                                                                    gw_layout_editor_get_hint (editor))),
                                           "error"));
  /* Outside the grid. */
  g_assert_false (gw_layout_editor_add_cell (editor, 3, 0, 2, 1, &error));
  g_assert_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OUTSIDE);
  g_clear_error (&error);

  /* Cells but no name yet: Save waits for one. */
  g_assert_false (gw_layout_editor_get_can_save (editor));
  gw_layout_editor_set_name (editor, "  Market day  ");
  g_assert_true (gw_layout_editor_get_can_save (editor));
  g_assert_true (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, button_is, _("_Save"))));
  test_window_screenshot (GTK_WIDGET (editor), "wall-layout-editor", 200);

  g_assert_true (gtk_widget_activate (find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, button_is, _("_Save"))));
  TEST_WAIT_FOR (saved != NULL);
  TEST_WAIT_FOR (editor == NULL);
  g_assert_true (g_str_has_prefix (gw_wall_layout_get_id (saved), "custom-"));
  g_assert_cmpstr (gw_wall_layout_get_name (saved), ==, "Market day");
  g_assert_false (gw_wall_layout_is_preset (saved));
  g_assert_cmpint (gw_wall_layout_get_columns (saved), ==, 4);
  g_assert_cmpint (gw_wall_layout_get_rows (saved), ==, 3);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (saved), ==, 2);
  g_assert_cmpint (gw_wall_layout_cell_at (saved, 0, 0), ==, 0);
  g_assert_cmpint (gw_wall_layout_cell_at (saved, 3, 2), ==, 1);
  g_assert_cmpint (gw_wall_layout_cell_at (saved, 1, 1), ==, -1);
  /* Valid as the wall book reads it. */
  json = gw_wall_layout_to_json (saved);
  copy = gw_wall_layout_from_json (json, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (copy), ==, 2);

  /* Starting from it: its grid, cells and name; Cancel says nothing. */
  editor = GW_LAYOUT_EDITOR (gw_layout_editor_new (parent, saved));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 2);
  g_assert_true (gw_layout_editor_get_can_save (editor));
  gtk_window_present (GTK_WINDOW (editor));
  /* A smaller grid leaves out the cell that no longer fits, and says so. */
  gw_layout_editor_set_grid (editor, 2, 2);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (gw_layout_editor_get_layout (editor)), ==, 1);
  g_assert_true (gtk_widget_activate (find_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, button_is, _("_Cancel"))));
  TEST_WAIT_FOR (editor == NULL);

  gw_wall_layout_unref (saved);
  gtk_window_destroy (parent);
}

/* The simulator and the county ------------------------------------------------------- */

#ifdef GW_HAVE_VIDEO
static void
child_setup (gpointer data)
{
  /* The simulator goes when the test goes, however the test ends. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

typedef struct {
  char     *line;
  gboolean  done;
} LineRead;

static void
on_line_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *r = user_data;

  r->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  r->done = TRUE;
}

/* Starts gridwatch-camsim for the ids on a free port, one small picture for all; the port,
 * or 0 when there is no simulator in this build. */
static guint
camsim_start (const char *db_path,
              const char *ids)
{
  const char *bin = g_getenv ("GW_CAMSIM_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  LineRead r = { NULL, FALSE };
  guint port = 0;
  char tail[64];

  if (bin == NULL || *bin == '\0')
    return 0;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  camsim = g_subprocess_launcher_spawn (launcher, &error, bin, "--port", "0", "--ids", ids, "--db", db_path,
                                        "--one-picture", "--fps", "15",
                                        "--width", G_STRINGIFY (MAIN_WIDTH), "--height", G_STRINGIFY (MAIN_HEIGHT),
                                        "--sub-width", G_STRINGIFY (SUB_WIDTH),
                                        "--sub-height", G_STRINGIFY (SUB_HEIGHT), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camsim));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line_read, &r);
  TEST_WAIT_FOR (r.done);
  g_assert_nonnull (r.line);
  g_test_message ("%s", r.line);
  g_assert_cmpint (sscanf (r.line, "camsim listening on rtsp://127.0.0.1:%u/ %63[^\n]", &port, tail), ==, 2);
  g_free (r.line);
  return port;
}
#endif

static void
append_part (GString    *s,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (s->len > 0)
    g_string_append (s, " › ");
  g_string_append (s, part);
}

/* N_CAMERAS cameras of the demo county with their places; their streams at the simulator
 * on port (0: the addresses stored). */
static void
load_cameras (void)
{
  g_autofree char *demo_path = test_util_create_demo (tmpdir, "county.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  GwDb *db = gw_db_open (demo_path, &error);
  guint port = 0;

  g_assert_no_error (error);
  entries = gw_db_list_camera_entries (db, &error);
  g_assert_no_error (error);
  cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_unref);
  places = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < entries->len && cameras->len < N_CAMERAS; i++)
    {
      GwCameraEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GString) where = g_string_new (NULL);
      GwCamera *c;

      if (!entry->has_main || !entry->has_sub)
        continue;
      c = gw_db_get_camera (db, entry->id, &error);
      g_assert_no_error (error);
      append_part (where, entry->street_name);
      append_part (where, entry->community_name);
      append_part (where, entry->grid_name);
      g_ptr_array_add (cameras, c);
      g_ptr_array_add (places, g_string_free (g_steal_pointer (&where), FALSE));
      g_string_append_printf (ids, "%s%s", ids->len ? "," : "", c->id);
    }
  gw_db_free (db);
  g_assert_cmpuint (cameras->len, ==, N_CAMERAS);

#ifdef GW_HAVE_VIDEO
  port = camsim_start (demo_path, ids->str);
#endif
  for (guint i = 0; i < cameras->len && port > 0; i++)
    {
      GwCamera *c = g_ptr_array_index (cameras, i);

      g_free (c->main_uri);
      g_free (c->sub_uri);
      c->main_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/%s/main", port, c->id);
      c->sub_uri = g_strdup_printf ("rtsp://127.0.0.1:%u/%s/sub", port, c->id);
    }
}

static void
test_skip (void)
{
  g_test_skip ("no camera simulator in this build (gst-rtsp-server, -Dvideo)");
}

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
#ifdef GW_HAVE_VIDEO
  gst_init (&argc, &argv);
#endif
  tmpdir = test_util_make_tmpdir ();
  load_cameras ();

  g_test_add_func ("/wall-view/presets", test_presets);
  g_test_add_func ("/wall-view/keys", test_keys);
  g_test_add_func ("/wall-view/drop", test_drop);
  g_test_add_func ("/wall-view/badges", test_badges);
  g_test_add_func ("/wall-view/relayout", test_relayout);
  g_test_add_func ("/wall-view/layout-editor", test_layout_editor);
#ifdef GW_HAVE_VIDEO
  if (camsim)
    {
      g_test_add_func ("/wall-view/live", test_live);
      g_test_add_func ("/wall-view/visibility", test_visibility);
      g_test_add_func ("/wall-view/dead", test_dead);
      g_test_add_func ("/wall-view/snapshot", test_snapshot);
    }
  else
#endif
    {
      g_test_add_func ("/wall-view/live", test_skip);
    }

  status = g_test_run ();

#ifdef GW_HAVE_VIDEO
  if (camsim)
    {
      g_subprocess_send_signal (camsim, SIGTERM);
      g_subprocess_wait (camsim, NULL, NULL);
      g_clear_object (&camsim);
    }
#endif
  g_clear_pointer (&cameras, g_ptr_array_unref);
  g_clear_pointer (&places, g_ptr_array_unref);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
