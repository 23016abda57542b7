/* test-drill-app.c: an offline drill in the app, in real windows on real SQLite files.
 *
 * On the small demo county and a scenario written here, gw_drill_launch_async() makes the
 * drill's copy and opens the console on it with the controller. Every window the console
 * opens — the console itself, the map, the video wall, the dashboard, the class cases, the
 * reports, the handover, the inject form and the controller — is shot with the app's own
 * screenshot code and the watermark is looked for in the pixels: the band's exact red along
 * the top, and the diagonal text's translucent red over the content; a console on the real
 * county shows neither. Then the controller is driven through its actions: start, 60×,
 * next injection (its ticket reaches the console's queue), an ad-hoc report through the
 * inject form (and one the parser refuses), pause (the clock stops), end. The real county's
 * bytes (SHA-256) are the same at the end as at the start.
 */
#include "config.h"

#include <math.h>
#include <signal.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gw-action-form.h"
#include "gw-application.h"
#include "gw-class-case-window.h"
#include "gw-console-pane.h"
#include "gw-dashboard-window.h"
#include "gw-db.h"
#include "gw-drill-controller.h"
#include "gw-drill-inject-form.h"
#include "gw-drill-launcher.h"
#include "gw-drill-picker.h"
#include "gw-drill-watermark.h"
#include "gw-handover-dialog.h"
#include "gw-main-window.h"
#include "gw-map-window.h"
#include "gw-report-dialog.h"
#include "gw-screenshot.h"
#include "gw-ticket-actions.h"
#include "gw-time.h"
#include "gw-wall-window.h"
#include "gw-sync-drill.h"
#include "gw-test-server.h"
#include "test-util.h"
#include "test-window-util.h"

typedef struct {
  guint band;        /* pixels of the band's red in its reddest row … */
  guint band_area;   /* … of this many */
  guint reddish;     /* pixels below the band tinted red … */
  guint area;        /* … of this many */
} Redness;

static char *tmpdir;
static char *county_path;
static char *county_sha256;
static char *scenario_path;
static char *drill_path;
static char *grid_code;

static char *plain_path;           /* a copy of the county for a console in no drill */
static Redness drill_redness;      /* the drill console's */
static GwMainWindow *console;       /* the drill's */
static GwDrillController *controller;

/* Helpers ------------------------------------------------------------------------------- */

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* The scenario: the small county's first grid, reports five and twenty minutes in, a note
 * between them, one expectation. It starts an hour after the county's newest ticket. */
static void
write_scenario (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (county_path, &error);
  g_autoptr(GPtrArray) grids = NULL;
  g_autofree char *county = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *json = NULL;
  gint64 newest;

  g_assert_no_error (error);
  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grids->len, >, 0);
  grid_code = g_strdup (((GwDivision *) g_ptr_array_index (grids, 0))->code);
  county = gw_db_get_meta (db, "county_code");
  g_assert_nonnull (county);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT max (reported_at) FROM tickets", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    newest = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  start = gw_time_to_date_time ((newest / 60) * 60 + 3600);
  start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S%:z");

  json = g_strdup_printf (
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"test-shelter\",\n"
    "  \"title\": {\"en\": \"A live bus shelter\", \"zh_CN\": \"公交站台带电\"},\n"
    "  \"summary\": {\"en\": \"A grid worker feels a shock at a bus shelter.\",\n"
    "                \"zh_CN\": \"网格员触摸公交站台时有麻电感。\"},\n"
    "  \"profile\": \"small\",\n"
    "  \"seed\": 1,\n"
    "  \"start\": \"%s\",\n"
    "  \"speed\": 1,\n"
    "  \"duration\": \"2h\",\n"
    "  \"seats\": [\n"
    "    {\"id\": \"center\", \"role\": \"district_center\", \"division\": \"%s\",\n"
    "     \"title\": {\"en\": \"District center, duty officer\", \"zh_CN\": \"区指挥中心值班员\"}}\n"
    "  ],\n"
    "  \"injections\": [\n"
    "    {\"id\": \"shelter\", \"at\": \"+00:05\", \"kind\": \"report\", \"category\": \"2203\",\n"
    "     \"grid\": \"%s\", \"source\": \"grid_worker\", \"urgency\": \"emergency\",\n"
    "     \"description\": {\"en\": \"The bus shelter is live: touching it gives a shock.\",\n"
    "                       \"zh_CN\": \"公交站台带电，触摸有麻电感。\"}},\n"
    "    {\"id\": \"rush\", \"at\": \"+00:10\", \"kind\": \"note\",\n"
    "     \"text\": {\"en\": \"Morning rush: forty people wait at the stop.\", \"zh_CN\": \"早高峰：四十多人在站台候车。\"}},\n"
    "    {\"id\": \"call\", \"at\": \"+00:20\", \"kind\": \"report\", \"category\": \"2203\",\n"
    "     \"grid\": \"%s\", \"source\": \"hotline\", \"urgency\": \"urgent\",\n"
    "     \"description\": {\"en\": \"12345 caller: a child got a shock at the bus stop.\",\n"
    "                       \"zh_CN\": \"12345来电：孩子在公交站牌处被电了一下。\"}}\n"
    "  ],\n"
    "  \"expectations\": [\n"
    "    {\"id\": \"screen-shelter\", \"kind\": \"screened_within\", \"ticket\": \"shelter\", \"within\": \"10m\"},\n"
    "    {\"id\": \"wall-shelter\", \"kind\": \"cameras_on_wall_within\", \"ticket\": \"shelter\", \"within\": \"30m\"}\n"
    "  ]\n"
    "}\n", start_text, county, grid_code, grid_code);
  scenario_path = g_build_filename (tmpdir, "test-shelter.json", NULL);
  g_file_set_contents (scenario_path, json, -1, &error);
  g_assert_no_error (error);
}

/* The first toplevel of a type, or NULL. */
static gpointer
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}


/* Shoots `window` into the build directory (<name>-<language>.png) and counts red in it. */
static Redness
shoot (GtkWindow  *window,
       const char *name,
       guint       settle_ms)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file_name = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "C");
  g_autofree char *path = g_build_filename (dir ? dir : tmpdir, file_name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  Redness r = { 0 };
  int width, height;
  gsize stride;

  test_window_screenshot (GTK_WIDGET (window), name, settle_ms);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  /* Cairo's ARGB32: B, G, R, A in memory on this machine. The band: the top rows' best
   * row of its exact red (one above or below its text is red from end to end). */
  r.band_area = MAX (width - 48, 1);
  for (int y = 0; y < height; y++)
    {
      guint band = 0;

      for (int x = 0; x < width; x++)
        {
          const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
          int b = p[0], g = p[1], red = p[2];

          if (y < 60 && x >= 24 && x < width - 24 && ABS (red - GW_DRILL_WATERMARK_BAND_RED) <= 3 &&
              ABS (g - GW_DRILL_WATERMARK_BAND_GREEN) <= 3 && ABS (b - GW_DRILL_WATERMARK_BAND_BLUE) <= 3)
            band++;
          else if (y >= 60)
            {
              r.area++;
              if (red - MAX (g, b) >= 25)
                r.reddish++;
            }
        }
      r.band = MAX (r.band, band);
    }
  g_test_message ("%s: band %u of %u, reddish %u of %u (%.1f%%)", name, r.band, r.band_area, r.reddish, r.area,
                  100.0 * r.reddish / MAX (r.area, 1));
  return r;
}

static Redness
assert_watermarked (GtkWindow  *window,
                    const char *name)
{
  GwDrillWatermark *watermark = gw_drill_watermark_get_for (window);
  Redness r;

  g_assert_nonnull (watermark);
  TEST_WAIT_FOR (gw_drill_watermark_get_shown (watermark));
  g_assert_true (g_str_has_prefix (gw_drill_watermark_get_text (watermark), "演练 / DRILL"));
  r = shoot (window, name, 800);
  /* The band all along the top, and the diagonal text over at least 2 % of the rest. */
  g_assert_cmpuint (r.band, >=, r.band_area * 95 / 100);
  g_assert_cmpuint ((guint64) r.reddish * 50, >=, r.area);
  return r;
}

/* The drill starts ------------------------------------------------------------------------ */

static void
on_launched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  console = gw_drill_launch_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (console);
  *(gboolean *) user_data = TRUE;
}

static void
test_launch (void)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) copy = NULL;
  GwDrillLink *link;

  gw_drill_launch_async (NULL, scenario_path, county_path, drill_path, NULL, on_launched, &done);
  TEST_WAIT_FOR (done);
  g_assert_true (g_file_test (drill_path, G_FILE_TEST_IS_REGULAR));
  copy = gw_db_open (drill_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_db_is_drill (copy));

  link = gw_main_window_get_drill_link (console);
  g_assert_nonnull (link);
  g_assert_true (gw_drill_link_is_local (link));
  g_assert_cmpstr (gw_drill_link_get_title (link), ==,
                   g_str_has_prefix (g_getenv ("LANGUAGE"), "zh") ? "公交站台带电" : "A live bus shelter");
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_READY);
  /* The console runs on the drill's clock, paused at the scenario's start. */
  g_assert_true (gw_main_window_get_clock (console) == gw_drill_link_get_clock (link));
  g_assert_cmpint (gw_clock_get_now (gw_main_window_get_clock (console)), ==, gw_drill_link_get_start (link));
  controller = gw_drill_controller_find (link);
  g_assert_nonnull (controller);
  gtk_window_set_default_size (GTK_WINDOW (controller), 600, 800);
  TEST_WAIT_FOR (gw_main_window_get_state (console) == GW_MAIN_WINDOW_READY &&
                 gw_main_window_get_ticket_actions (console) != NULL);
}

/* Every window, and a window that is not a drill's ---------------------------------------- */

static gpointer
open_window (const char *action,
             GType       type)
{
  gpointer window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), action, NULL));
  TEST_WAIT_FOR ((window = find_window (type)) != NULL);
  return window;
}

static void
test_watermarks (void)
{
  gpointer window;

  drill_redness = assert_watermarked (GTK_WINDOW (console), "drill-console");
  assert_watermarked (GTK_WINDOW (controller), "drill-controller");

  window = open_window ("win.show-map", GW_TYPE_MAP_WINDOW);
  assert_watermarked (window, "drill-map");
  gtk_window_destroy (window);

  window = open_window ("win.show-dashboard", GW_TYPE_DASHBOARD_WINDOW);
  TEST_WAIT_FOR (gw_dashboard_window_get_n_reads (window) > 0);
  assert_watermarked (window, "drill-dashboard");
  gtk_window_destroy (window);

  window = open_window ("win.show-wall", GW_TYPE_WALL_WINDOW);
  assert_watermarked (window, "drill-wall");
  gtk_window_destroy (window);

  window = open_window ("win.show-class-cases", GW_TYPE_CLASS_CASE_WINDOW);
  assert_watermarked (window, "drill-class-cases");
  gtk_window_destroy (window);

  window = open_window ("win.report", GW_TYPE_REPORT_DIALOG);
  assert_watermarked (window, "drill-report");
  gtk_window_destroy (window);

  window = open_window ("win.handover", GW_TYPE_HANDOVER_DIALOG);
  assert_watermarked (window, "drill-handover");
  gtk_window_destroy (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controller), "drill.inject", NULL));
  TEST_WAIT_FOR ((window = gw_drill_controller_get_inject_form (controller)) != NULL);
  assert_watermarked (window, "drill-inject");
  gtk_window_close (window);
  test_window_spin (100);
}

static void
test_real_county (void)
{
  GwMainWindow *real = gw_main_window_new (NULL, plain_path);
  GwDrillWatermark *watermark = gw_drill_watermark_get_for (GTK_WINDOW (real));
  Redness plain;

  gtk_window_present (GTK_WINDOW (real));
  TEST_WAIT_FOR (gw_main_window_get_state (real) == GW_MAIN_WINDOW_READY &&
                 gw_main_window_get_ticket_actions (real) != NULL);
  g_assert_nonnull (watermark);
  g_assert_null (gw_main_window_get_drill_link (real));
  plain = shoot (GTK_WINDOW (real), "real-console", 1500);
  g_assert_false (gw_drill_watermark_get_shown (watermark));
  g_assert_cmpuint (plain.band, ==, 0);

  /* The same window on the drill's copy was far redder. */
  g_assert_cmpuint ((guint64) drill_redness.reddish * plain.area, >,
                    (guint64) 2 * plain.reddish * drill_redness.area);
  gtk_window_destroy (GTK_WINDOW (real));
  test_window_spin (200);
}

/* The controller ------------------------------------------------------------------------- */

static GwTicketList *
queue (void)
{
  GwConsolePane *pane = GW_CONSOLE_PANE (gtk_widget_get_template_child (GTK_WIDGET (console), GW_TYPE_MAIN_WINDOW,
                                                                      "console_pane"));

  return gw_console_pane_get_list (pane);
}

static const GwDrillTimelineItem *
timeline_item (GwDrillLink *link,
               const char  *id)
{
  GPtrArray *items = gw_drill_link_get_timeline (link);

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((GwDrillTimelineItem *) g_ptr_array_index (items, i))->id, id))
      return g_ptr_array_index (items, i);
  return NULL;
}

/* The officer screens the ticket as the console's Screen would (its short form). */
static void
screen_ticket (gint64 ticket)
{
  GwTicketActions *actions = GW_TICKET_ACTIONS (gw_main_window_get_ticket_actions (console));
  GwConsolePane *pane = GW_CONSOLE_PANE (gtk_widget_get_template_child (GTK_WIDGET (console), GW_TYPE_MAIN_WINDOW,
                                                                      "console_pane"));
  GwActionForm *form, *watch;

  gw_queue_view_select_ticket (gw_console_pane_get_queue (pane), ticket);
  TEST_WAIT_FOR (!gw_ticket_actions_get_updating (actions) &&
                 g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "screen"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "ticket.screen", NULL));
  form = gw_ticket_actions_get_form (actions);
  g_assert_nonnull (form);
  TEST_WAIT_FOR (gw_action_form_get_ready (form));
  watch = form;
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (form), GW_TYPE_ACTION_FORM, "submit_button"),
                         "clicked");
  TEST_WAIT_FOR (watch == NULL || gw_ticket_actions_get_form (actions) != form);
  if (watch != NULL)
    g_object_remove_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
}

static void
activate (const char *action,
          GVariant   *parameter)
{
  guint before = gw_drill_controller_get_n_done (controller);

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (controller), action, parameter));
  TEST_WAIT_FOR (gw_drill_controller_get_n_done (controller) > before);
  g_assert_null (gw_drill_controller_get_error (controller));
}

/* The controller's keys, as its capture-phase shortcut controller holds them. */
static void
assert_keys (void)
{
  const struct { const char *trigger; const char *action; } keys[] = {
    { "space", "drill.start-pause" },
    { "<Control>Right", "drill.next" },
    { "plus", "drill.faster" },
    { "minus", "drill.slower" },
    { "<Control>i", "drill.inject" },
    { "<Shift><Control>e", "drill.end" },
  };
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (controller));
  GtkShortcutController *shortcuts = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && shortcuts == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (c) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) == GTK_PHASE_CAPTURE)
        shortcuts = GTK_SHORTCUT_CONTROLLER (c);
    }
  g_assert_nonnull (shortcuts);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shortcuts)) && !found; i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (shortcuts), i);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          found = g_str_equal (trigger, keys[k].trigger) && GTK_IS_NAMED_ACTION (action) &&
                  g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), keys[k].action);
        }
      if (!found)
        g_error ("no key %s for %s", keys[k].trigger, keys[k].action);
    }
}

static void
test_controller (void)
{
  GwDrillLink *link = gw_drill_controller_get_link (controller);
  GwClock *clock = gw_drill_link_get_clock (link);
  const GwDrillTimelineItem *item;
  const char *next_id = NULL;
  gint64 next_at = 0, ticket, paused_at;
  GtkWindow *form;

  assert_keys ();

  /* Ready: the timeline has all three, pending; the next is the first report. */
  TEST_WAIT_FOR (gw_drill_link_get_timeline (link)->len == 3);
  g_assert_true (gw_drill_link_get_next (link, &next_id, NULL, &next_at));
  g_assert_cmpstr (next_id, ==, "shelter");
  g_assert_cmpint (next_at, ==, gw_drill_link_get_start (link) + 300);
  g_assert_cmpuint (gw_drill_link_get_expectations (link)->len, ==, 2);

  activate ("drill.start-pause", NULL);
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_RUNNING);
  activate ("drill.speed", g_variant_new_double (60));
  g_assert_cmpfloat (gw_drill_link_get_speed (link), ==, 60);
  g_assert_cmpfloat (gw_clock_get_speed (clock), ==, 60);
  /* One step slower and back (the - and + keys). */
  activate ("drill.slower", NULL);
  g_assert_cmpfloat (gw_drill_link_get_speed (link), ==, 30);
  activate ("drill.faster", NULL);
  g_assert_cmpfloat (gw_drill_link_get_speed (link), ==, 60);

  /* Next: the clock jumps to the report, which is applied and reaches the queue. */
  activate ("drill.next", NULL);
  g_assert_cmpint (gw_clock_get_now (clock), >=, gw_drill_link_get_start (link) + 300);
  TEST_WAIT_FOR ((item = timeline_item (link, "shelter")) != NULL && item->status == GW_DRILL_ITEM_DONE &&
                 item->ticket_id > 0);
  ticket = item->ticket_id;
  g_assert_cmpint (item->lag_ms, >=, 0);
  TEST_WAIT_FOR (gw_ticket_list_find (queue (), ticket) >= 0);

  /* Paused, the officer screens it: the expectation is met, live, and scores. */
  activate ("drill.start-pause", NULL);
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_PAUSED);
  screen_ticket (ticket);
  TEST_WAIT_FOR (((GwDrillExpectationItem *) g_ptr_array_index (gw_drill_link_get_expectations (link), 0))->status ==
                 GW_DRILL_ITEM_DONE);
  {
    double earned = 0, possible = 0;

    gw_drill_link_get_score (link, &earned, &possible, NULL);
    g_assert_cmpfloat (earned, ==, 10);
    g_assert_cmpfloat (possible, ==, 20);
  }
  /* The cameras near it on a wall (F7): the drill's log hears of it, the second is met. */
  g_assert_cmpint (((GwDrillExpectationItem *) g_ptr_array_index (gw_drill_link_get_expectations (link), 1))->status,
                   ==, GW_DRILL_ITEM_PENDING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "win.wall-near", NULL));
  TEST_WAIT_FOR (((GwDrillExpectationItem *) g_ptr_array_index (gw_drill_link_get_expectations (link), 1))->status ==
                 GW_DRILL_ITEM_DONE);
  {
    GtkWindow *wall = find_window (GW_TYPE_WALL_WINDOW);

    g_assert_nonnull (wall);
    gtk_window_destroy (wall);
  }
  activate ("drill.start-pause", NULL);
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_RUNNING);

  /* An ad-hoc report the parser refuses (no such grid), then one it takes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controller), "drill.inject", NULL));
  TEST_WAIT_FOR ((form = gw_drill_controller_get_inject_form (controller)) != NULL);
  gw_drill_inject_form_fill_report (GW_DRILL_INJECT_FORM (form), "2203", "999999999999999", "测试：路灯不亮",
                                    GW_URGENCY_URGENT);
  {
    g_autoptr(JsonNode) node = gw_drill_inject_form_to_json (GW_DRILL_INJECT_FORM (form));
    JsonObject *o = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "report");
    g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "2203");
    g_assert_cmpstr (json_object_get_string_member (o, "urgency"), ==, "urgent");
  }
  gw_drill_inject_form_fill_report (GW_DRILL_INJECT_FORM (form), "2203", "", "测试：路灯不亮", GW_URGENCY_URGENT);
  g_assert_false (gw_drill_inject_form_submit (GW_DRILL_INJECT_FORM (form)));
  g_assert_nonnull (gw_drill_inject_form_get_error (GW_DRILL_INJECT_FORM (form)));
  gw_drill_inject_form_fill_report (GW_DRILL_INJECT_FORM (form), "2203", grid_code, "测试：站台旁路灯杆也带电",
                                    GW_URGENCY_URGENT);
  {
    guint before = gw_drill_controller_get_n_done (controller);
    guint before_len = gw_drill_link_get_timeline (link)->len;

    g_assert_true (gw_drill_inject_form_submit (GW_DRILL_INJECT_FORM (form)));
    TEST_WAIT_FOR (gw_drill_controller_get_n_done (controller) > before);
    g_assert_null (gw_drill_controller_get_error (controller));
    TEST_WAIT_FOR (gw_drill_link_get_timeline (link)->len == before_len + 1);
  }

  /* The console shows the scenario's report, for the README's picture. */
  gw_console_pane_show_ticket (GW_CONSOLE_PANE (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                             GW_TYPE_MAIN_WINDOW,
                                                                             "console_pane")),
                               ticket);

  /* Pause: the clock stands. */
  activate ("drill.start-pause", NULL);
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_PAUSED);
  paused_at = gw_clock_get_now (clock);
  test_window_spin (1500);
  g_assert_cmpint (gw_clock_get_now (clock), ==, paused_at);
  shoot (GTK_WINDOW (console), "drill-console-paused", 1000);
  shoot (GTK_WINDOW (controller), "drill-controller-paused", 300);

  /* End: asked first; the answer ends it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controller), "drill.end", NULL));
  {
    AdwMessageDialog *dialog;
    guint before = gw_drill_controller_get_n_done (controller);

    TEST_WAIT_FOR ((dialog = find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
    adw_message_dialog_response (dialog, "end");
    TEST_WAIT_FOR (gw_drill_controller_get_n_done (controller) > before);
  }
  TEST_WAIT_FOR (gw_drill_link_get_state (link) == GW_DRILL_ENDED);
  /* An ended drill starts no more. */
  gtk_widget_activate_action (GTK_WIDGET (controller), "drill.start-pause", NULL);
  test_window_spin (300);
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_ENDED);
}

static void
test_close (void)
{
  g_autofree char *after = NULL;

  gtk_window_destroy (GTK_WINDOW (controller));
  gtk_window_destroy (GTK_WINDOW (console));
  controller = NULL;
  console = NULL;
  test_window_spin (500);
  /* The real county was only ever read. */
  after = file_sha256 (county_path);
  g_assert_cmpstr (after, ==, county_sha256);
}

/* "Start a Drill…": the shipped scenarios (here the test's, through GW_SCENARIO_DIR); the
 * one picked runs on its own demo county, generated into the drill's copy. */
static void
test_picker (void)
{
  GwDrillPicker *picker = gw_drill_picker_new (NULL, NULL, NULL);
  GwMainWindow *drill = NULL;
  GwDrillController *picked_controller;
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_window_present (GTK_WINDOW (picker));
  TEST_WAIT_FOR (gw_drill_picker_get_n_items (picker) == 1);
  shoot (GTK_WINDOW (picker), "drill-picker", 300);
  g_assert_true (gw_drill_picker_start (picker, 0));
  while (drill == NULL)
    {
      TEST_WAIT_FOR (find_window (GW_TYPE_MAIN_WINDOW) != NULL);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (GW_IS_MAIN_WINDOW (window) && gw_main_window_get_drill_link (GW_MAIN_WINDOW (window)) != NULL)
            drill = GW_MAIN_WINDOW (window);
        }
      if (drill == NULL)
        test_window_spin (100);
    }
  g_assert_true (g_str_has_prefix (gw_main_window_get_database_path (drill), g_getenv ("XDG_CACHE_HOME")));
  TEST_WAIT_FOR (gw_main_window_get_state (drill) == GW_MAIN_WINDOW_READY);
  TEST_WAIT_FOR (gw_drill_watermark_get_shown (gw_drill_watermark_get_for (GTK_WINDOW (drill))));
  picked_controller = gw_drill_controller_find (gw_main_window_get_drill_link (drill));
  g_assert_nonnull (picked_controller);
  gtk_window_destroy (GTK_WINDOW (picked_controller));
  gtk_window_destroy (GTK_WINDOW (drill));
  test_window_spin (300);
}

/* A seat of gridwatchd --drill: the server's drill on the seat's windows and clock, and
 * the same controller driving it through the server. */
static void
test_seat (void)
{
  GwTestServer server;
  g_autofree char *uri = NULL;
  g_autofree char *seat_path = g_build_filename (tmpdir, "seat.db", NULL);
  g_autofree char *server_copy = g_build_filename (tmpdir, "drills", "server-copy.db", NULL);
  g_autofree char *after = NULL;
  const char *extra[] = { "--drill", scenario_path, "--drill-db", server_copy, NULL };
  GwMainWindow *seat;
  GwDrillLink *link;
  GwDrillController *seat_controller;
  guint before;

  if (g_getenv ("GW_SERVER_BIN") == NULL)
    {
      g_test_skip ("no gridwatchd to run a drill (GW_SERVER_BIN)");
      return;
    }
  gw_test_server_start (&server, county_path, 0, extra);
  uri = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  seat = gw_main_window_new_for_seat (NULL, seat_path, uri);
  gw_main_window_set_sign_in (seat, "drill-center", "drill");
  gtk_window_present (GTK_WINDOW (seat));

  /* The seat learns of the drill: the watermark, the drill's clock, a link to the server's. */
  TEST_WAIT_FOR ((link = gw_main_window_get_drill_link (seat)) != NULL &&
                 gw_main_window_get_state (seat) == GW_MAIN_WINDOW_READY);
  g_assert_false (gw_drill_link_is_local (link));
  TEST_WAIT_FOR (gw_drill_watermark_get_shown (gw_drill_watermark_get_for (GTK_WINDOW (seat))));
  TEST_WAIT_FOR (gw_clock_get_speed (gw_main_window_get_clock (seat)) == 0 &&
                 gw_drill_link_get_title (link) != NULL);
  g_assert_true (gw_main_window_get_clock (seat) == gw_drill_link_get_clock (link));
  g_assert_cmpint (gw_drill_link_get_state (link), ==, GW_DRILL_READY);
  {
    Redness r = shoot (GTK_WINDOW (seat), "drill-seat", 1000);

    g_assert_cmpuint (r.band, >=, r.band_area * 95 / 100);
  }

  /* The district center's seat starts the server's drill from the controller. */
  g_assert_true (gw_main_window_show_drill_controller (seat));
  seat_controller = gw_drill_controller_find (link);
  g_assert_nonnull (seat_controller);
  before = gw_drill_controller_get_n_done (seat_controller);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seat_controller), "drill.start-pause", NULL));
  TEST_WAIT_FOR (gw_drill_controller_get_n_done (seat_controller) > before);
  g_assert_null (gw_drill_controller_get_error (seat_controller));
  TEST_WAIT_FOR (gw_drill_link_get_state (link) == GW_DRILL_RUNNING);
  TEST_WAIT_FOR (gw_clock_get_speed (gw_main_window_get_clock (seat)) > 0);
  before = gw_drill_controller_get_n_done (seat_controller);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seat_controller), "drill.start-pause", NULL));
  TEST_WAIT_FOR (gw_drill_controller_get_n_done (seat_controller) > before);
  TEST_WAIT_FOR (gw_drill_link_get_state (link) == GW_DRILL_PAUSED);

  gtk_window_destroy (GTK_WINDOW (seat_controller));
  gtk_window_destroy (GTK_WINDOW (seat));
  test_window_spin (300);
  gw_test_server_stop (&server, SIGTERM);
  after = file_sha256 (county_path);
  g_assert_cmpstr (after, ==, county_sha256);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      return 0;
    }
  tmpdir = test_util_make_tmpdir ();
  {
    g_autofree char *config = g_build_filename (tmpdir, "config", NULL);
    g_autofree char *cache = g_build_filename (tmpdir, "cache", NULL);

    /* What the wall remembers and the map's tile cache stay in the test. */
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_init ();
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/gridwatch/Gridwatch/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  }
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  county_path = test_util_create_demo (tmpdir, "county.db");
  drill_path = g_build_filename (tmpdir, "drills", "test-shelter.db", NULL);
  write_scenario ();
  {
    /* The scenario is the only "shipped" one. */
    g_autofree char *shipped = g_build_filename (tmpdir, "scenarios", NULL);
    g_autofree char *copy = g_build_filename (shipped, "test-shelter.json", NULL);
    g_autofree char *json = NULL;
    g_autoptr(GError) error = NULL;

    g_mkdir_with_parents (shipped, 0700);
    g_file_get_contents (scenario_path, &json, NULL, &error);
    g_assert_no_error (error);
    g_file_set_contents (copy, json, -1, &error);
    g_assert_no_error (error);
    g_setenv ("GW_SCENARIO_DIR", shipped, TRUE);
  }
  plain_path = g_build_filename (tmpdir, "plain.db", NULL);
  {
    g_autoptr(GFile) from = g_file_new_for_path (county_path);
    g_autoptr(GFile) to = g_file_new_for_path (plain_path);
    g_autoptr(GError) error = NULL;

    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  /* From here on the county is only the drill's to copy. */
  county_sha256 = file_sha256 (county_path);

  g_test_add_func ("/drill-app/launch", test_launch);
  g_test_add_func ("/drill-app/watermarks", test_watermarks);
  g_test_add_func ("/drill-app/controller", test_controller);
  g_test_add_func ("/drill-app/close", test_close);
  g_test_add_func ("/drill-app/no-drill", test_real_county);
  g_test_add_func ("/drill-app/picker", test_picker);
  g_test_add_func ("/drill-app/seat", test_seat);
  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (county_path);
  g_free (plain_path);
  g_free (county_sha256);
  g_free (scenario_path);
  g_free (drill_path);
  g_free (grid_code);
  return status;
}
