/* test-drill-review.c: the after-action review window on a real drill, under Xvfb.
 *
 * A scenario of two reports, a directive and two expectations is played by the real
 * GwDrill on its own copy of the small demo county (a manual clock stepped a minute at a
 * time); the seat screens, dispatches and closes at known minutes and the world signs for
 * and reports back. The window must list those actions in order, show in its queue and on
 * its map exactly the tickets open at a scrubbed instant with the states the script gave
 * them, play to the end at 600× (in real time, not by a jump), compute the score the
 * script implies (one expectation of 10 points met, one of 30 late: 25.0), and export a
 * PDF whose text has the scenario's title and that score. A screenshot for the docs.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-application.h"
#include "gw-dictionary.h"
#include "gw-drill-review-window.h"
#include "gw-drill-review-window-private.h"
#include "gw-drill.h"
#include "gw-workflow.h"
#include "test-util.h"
#include "test-window-util.h"

#define SEAT "drill-duty"

static const char scenario_json[] =
  "{\n"
  "  \"format\": 1,\n"
  "  \"id\": \"review-window-test\",\n"
  "  \"title\": {\"en\": \"Rubbish and spoil on the roads\", \"zh_CN\": \"道路垃圾渣土处置演练\"},\n"
  "  \"profile\": \"small\",\n"
  "  \"seed\": 7,\n"
  "  \"start\": \"2025-03-10T09:00:00+08:00\",\n"
  "  \"duration\": \"2h\",\n"
  "  \"seats\": [{\"id\": \"duty\", \"role\": \"district_center\"}],\n"
  "  \"world\": {\"verify_after\": \"never\", \"sign_after\": \"5m\", \"report_in_after\": \"never\",\n"
  "            \"report_back_after\": \"20m\", \"evaluate_after\": \"never\"},\n"
  "  \"injections\": [\n"
  "    {\"id\": \"r1\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"0101\", \"lon\": 105.78,\n"
  "     \"lat\": 30.19, \"description\": \"路边垃圾堆放\", \"source\": \"hotline\", \"urgency\": \"normal\"},\n"
  "    {\"id\": \"r2\", \"at\": \"10m\", \"kind\": \"report\", \"category\": \"0102\", \"lon\": 105.74,\n"
  "     \"lat\": 30.14, \"description\": \"渣土堵路\", \"urgency\": \"emergency\"},\n"
  "    {\"id\": \"d1\", \"at\": \"30m\", \"kind\": \"directive\", \"ticket\": \"r1\", \"action\": \"supervise\"}\n"
  "  ],\n"
  "  \"expectations\": [\n"
  "    {\"id\": \"e1\", \"kind\": \"screened_within\", \"ticket\": \"r1\", \"within\": \"5m\", \"seat\": \"duty\",\n"
  "     \"points\": 10},\n"
  "    {\"id\": \"e2\", \"kind\": \"dispatched_within\", \"ticket\": \"r2\", \"within\": \"2m\", \"points\": 30}\n"
  "  ]\n"
  "}\n";

/* The seat's actions, in minutes after the start. */
#define SCREEN_A    3
#define DISPATCH_A  4
#define SCREEN_B    12
#define DISPATCH_B  15
#define CLOSE_A     35
#define END         40

static char *tmpdir;
static char *drill_path;
static gint64 start;
static gint64 ticket_a, ticket_b;
static char *department;
static char *county;
static GwStore *store;

/* Playing the drill ------------------------------------------------------------------------- */

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  TEST_WAIT_FOR (*slot != NULL);
  return *slot;
}

typedef struct {
  GwAction action;
  gint64   ticket_id;
  gint64   at;
} Command;

static gpointer
apply_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Command *c = data;
  GwActor seat = { SEAT, GW_ROLE_DISTRICT_CENTER, county, GW_LEVEL_DISTRICT, NULL };
  GwCommand command = { 0, };

  command.action = c->action;
  command.ticket_id = c->ticket_id;
  command.department_code = c->action == GW_ACTION_DISPATCH ? department : NULL;
  return gw_db_apply (db, &seat, &command, c->at, NULL, NULL, error);
}

static void
seat_does (GwStore  *on,
           GwAction  action,
           gint64    ticket_id,
           gint64    at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  Command *c = g_new (Command, 1);

  c->action = action;
  c->ticket_id = ticket_id;
  c->at = at;
  gw_store_run_async (on, apply_func, c, g_free, (GDestroyNotify) gw_ticket_unref, NULL, on_done, &result);
  t = gw_store_run_finish (on, wait_for (&result), &error);
  g_assert_no_error (error);
}

static void
play_drill (GwScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) on = gw_store_new ();
  g_autoptr(GwClock) clock = gw_clock_new_manual (scenario->start);
  g_autoptr(GwDrill) drill = NULL;
  g_autoptr(GAsyncResult) opened = NULL;

  g_assert_true (gw_drill_prepare_database (NULL, drill_path, scenario, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GwDb) db = gw_db_open (drill_path, &error);
    g_autoptr(GPtrArray) departments = gw_db_list_departments (db, &error);
    g_autoptr(GPtrArray) districts = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, &error);

    g_assert_no_error (error);
    department = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 0))->code);
    county = g_strdup (((GwDivision *) g_ptr_array_index (districts, 0))->code);
  }
  gw_store_open_async (on, drill_path, NULL, on_done, &opened);
  g_assert_true (gw_store_open_finish (on, wait_for (&opened), &error));
  drill = gw_drill_new (on, scenario, clock);
  g_assert_true (gw_drill_start (drill, NULL, &error));

  for (int minute = 0; minute <= END; minute++)
    {
      gint64 now = start + minute * 60;
      g_autoptr(GAsyncResult) polled = NULL;

      gw_clock_set_now (clock, now);
      gw_drill_poll_async (drill, NULL, on_done, &polled);
      g_assert_true (gw_drill_poll_finish (drill, wait_for (&polled), &error));
      g_assert_no_error (error);
      if (minute == 1 || minute == 10)
        {
          g_autoptr(GwDb) db = gw_db_open (drill_path, &error);

          *(minute == 1 ? &ticket_a : &ticket_b) = gw_db_drill_ticket_for (db, minute == 1 ? "r1" : "r2", &error);
          g_assert_no_error (error);
        }
      if (minute == SCREEN_A)
        seat_does (on, GW_ACTION_SCREEN, ticket_a, now);
      if (minute == DISPATCH_A)
        seat_does (on, GW_ACTION_DISPATCH, ticket_a, now);
      if (minute == SCREEN_B)
        seat_does (on, GW_ACTION_SCREEN, ticket_b, now);
      if (minute == DISPATCH_B)
        seat_does (on, GW_ACTION_DISPATCH, ticket_b, now);
      if (minute == CLOSE_A)
        seat_does (on, GW_ACTION_CLOSE, ticket_a, now);
    }
  g_assert_cmpint (ticket_a, >, 0);
  g_assert_cmpint (ticket_b, >, 0);
  g_assert_true (gw_drill_end (drill, NULL, &error));
  /* The end is logged by a store job: wait for whatever is queued. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GwSummary) summary = NULL;

    gw_store_get_summary_async (on, 0, NULL, on_done, &result);
    summary = gw_store_get_summary_finish (on, wait_for (&result), &error);
  }
  g_clear_object (&drill);
  gw_store_close (on);
}

/* Checks ------------------------------------------------------------------------------------- */

/* The queue as (ticket id, state) pairs, sorted by ticket id. */
static void
assert_queue (GwDrillReviewWindow *window,
              int                  minute,
              gint64               id1,
              GwTicketState        state1,
              gint64               id2,
              GwTicketState        state2)
{
  GListModel *queue = gw_drill_review_window_get_queue (window);
  guint expected = (id1 != 0) + (id2 != 0);
  guint n;

  gw_drill_review_window_set_instant (window, start + minute * 60);
  g_assert_cmpint (gw_drill_review_window_get_instant (window), ==, start + minute * 60);
  n = g_list_model_get_n_items (queue);
  if (n != expected)
    g_error ("at minute %d the queue has %u tickets, expected %u", minute, n, expected);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwDrillQueueItem) item = g_list_model_get_item (queue, i);
      const GwDrillTicketAt *at = gw_drill_queue_item_get_at (item);

      if (at->ticket->id == id1)
        g_assert_cmpstr (gw_ticket_state_to_string (at->state), ==, gw_ticket_state_to_string (state1));
      else if (at->ticket->id == id2)
        g_assert_cmpstr (gw_ticket_state_to_string (at->state), ==, gw_ticket_state_to_string (state2));
      else
        g_error ("at minute %d the queue lists ticket %" G_GINT64_FORMAT, minute, at->ticket->id);
    }
}

static void
test_review (void)
{
  GwDrillReviewWindow *window = gw_drill_review_window_new (NULL, store);
  GListModel *timeline;
  gint64 previous = G_MININT64, began;
  guint next = 0;
  struct { gint64 *ticket; const char *action; int minute; } script[] = {
    { &ticket_a, "report", 1 }, { &ticket_a, "screen", SCREEN_A }, { &ticket_a, "dispatch", DISPATCH_A },
    { &ticket_a, "sign", DISPATCH_A + 5 }, { &ticket_b, "report", 10 }, { &ticket_b, "screen", SCREEN_B },
    { &ticket_b, "dispatch", DISPATCH_B }, { &ticket_b, "sign", DISPATCH_B + 5 },
    { &ticket_a, "supervise", 30 }, { &ticket_a, "close", CLOSE_A },
  };

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_drill_review_window_get_n_reads (window) > 0);
  g_assert_null (gw_drill_review_window_get_error (window));
  g_assert_nonnull (gw_drill_review_window_get_review (window));

  /* The timeline: by instant, with the script's actions in the script's order, at its
   * minutes; injections and the world's actions among them. */
  timeline = gw_drill_review_window_get_timeline (window);
  {
    /* Everything but the world's drill log entries the audit repeats. */
    GwDrillReview *review = gw_drill_review_window_get_review (window);
    guint n_audit = 0, n_other = 0, listed_audit = 0, listed_other = 0;

    for (guint i = 0; i < gw_drill_review_get_n_entries (review); i++)
      {
        const GwDrillReviewEntry *e = gw_drill_review_get_entry (review, i);

        if (e->origin == GW_DRILL_REVIEW_FROM_AUDIT)
          n_audit++;
        else if (e->kind != GW_DRILL_EVENT_WORLD)
          n_other++;
      }
    for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
      {
        g_autoptr(GwDrillReviewItem) item = g_list_model_get_item (timeline, i);
        const GwDrillReviewEntry *e = gw_drill_review_item_get_entry (item);

        if (e->origin == GW_DRILL_REVIEW_FROM_AUDIT)
          listed_audit++;
        else if (e->kind != GW_DRILL_EVENT_WORLD)
          listed_other++;
      }
    g_assert_cmpuint (n_audit, >=, G_N_ELEMENTS (script));
    g_assert_cmpuint (listed_audit, ==, n_audit);
    g_assert_cmpuint (listed_other, ==, n_other);
  }
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(GwDrillReviewItem) item = g_list_model_get_item (timeline, i);
      const GwDrillReviewEntry *e = gw_drill_review_item_get_entry (item);
      GwDrillReview *review = gw_drill_review_window_get_review (window);

      g_assert_cmpint (e->at, >=, previous);
      previous = e->at;
      if (next < G_N_ELEMENTS (script) && e->origin == GW_DRILL_REVIEW_FROM_AUDIT &&
          gw_drill_review_get_ticket (review, e->ticket)->id == *script[next].ticket &&
          g_strcmp0 (e->action, script[next].action) == 0)
        {
          g_assert_cmpint (e->at, ==, start + script[next].minute * 60);
          next++;
        }
    }
  if (next < G_N_ELEMENTS (script))
    g_error ("the timeline lacks %s at minute %d (or has it out of order)", script[next].action, script[next].minute);

  /* One seat's: what it did, and every injection, nothing else. */
  gw_drill_review_window_set_seat (window, SEAT);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), >=, 5 + 3);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(GwDrillReviewItem) item = g_list_model_get_item (timeline, i);
      const GwDrillReviewEntry *e = gw_drill_review_item_get_entry (item);

      g_assert_true (g_strcmp0 (e->actor, SEAT) == 0 ||
                     (e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG && e->kind == GW_DRILL_EVENT_INJECTION));
    }
  gw_drill_review_window_set_seat (window, NULL);

  /* Scrubbing: exactly the tickets open then, in the states the script gave them. */
  assert_queue (window, 0, 0, 0, 0, 0);
  assert_queue (window, 2, ticket_a, GW_STATE_REPORTED, 0, 0);
  assert_queue (window, 5, ticket_a, GW_STATE_DISPATCHED, 0, 0);
  assert_queue (window, 11, ticket_a, GW_STATE_SIGNED, ticket_b, GW_STATE_REPORTED);
  assert_queue (window, 17, ticket_a, GW_STATE_SIGNED, ticket_b, GW_STATE_DISPATCHED);
  g_assert_cmpuint (gw_drill_review_window_get_n_on_map (window), ==, 2);
  g_assert_cmpuint (gw_drill_review_window_count_on_map (window, GW_STATE_SIGNED), ==, 1);
  g_assert_cmpuint (gw_drill_review_window_count_on_map (window, GW_STATE_DISPATCHED), ==, 1);
  assert_queue (window, END - 1, ticket_b, GW_STATE_SIGNED, 0, 0);
  g_assert_cmpuint (gw_drill_review_window_count_on_map (window, GW_STATE_CLOSED), ==, 1);
  /* Clamped to the drill's span. */
  gw_drill_review_window_set_instant (window, start - 3600);
  g_assert_cmpint (gw_drill_review_window_get_instant (window), ==, start);

  /* 600×: forty minutes in about four seconds, played, not jumped. */
  gw_drill_review_window_set_speed (window, 600);
  g_assert_cmpfloat (gw_drill_review_window_get_speed (window), ==, 600);
  gw_drill_review_window_set_playing (window, TRUE);
  g_assert_true (gw_drill_review_window_get_playing (window));
  began = g_get_monotonic_time ();
  test_window_spin (1000);
  g_assert_cmpint (gw_drill_review_window_get_instant (window), >, start);
  g_assert_cmpint (gw_drill_review_window_get_instant (window), <, start + END * 60);
  TEST_WAIT_FOR (!gw_drill_review_window_get_playing (window));
  g_assert_cmpint (g_get_monotonic_time () - began, >=, (END * 60 / 600 - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (gw_drill_review_window_get_instant (window), ==, start + END * 60);
  g_assert_cmpuint (g_list_model_get_n_items (gw_drill_review_window_get_queue (window)), ==, 1);

  /* The score: e1 met (screened two minutes after the report), e2 late (dispatched five
   * minutes after, within two expected): 10 of 40 points. */
  TEST_WAIT_FOR (gw_drill_review_window_get_score (window) != NULL);
  g_assert_cmpfloat_with_epsilon (gw_drill_review_window_get_score (window)->total, 25.0, 1e-9);

  /* For the docs: the replay in the middle of the drill, with its score. */
  gw_drill_review_window_set_instant (window, start + 17 * 60);
  test_window_screenshot (GTK_WIDGET (window), "drill-review", 1500);

  /* The PDF. */
  {
    g_autofree char *pdf = g_build_filename (tmpdir, "review.pdf", NULL);
    g_autofree char *txt = g_build_filename (tmpdir, "review.txt", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (pdf);
    g_autofree char *contents = NULL;
    g_autofree char *text = NULL;
    g_autofree char *flat = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, txt, NULL };
    const char *title = gw_locale_is_chinese () ? "道路垃圾渣土处置演练" : "Rubbish and spoil on the roads";
    int status = -1;
    gsize length = 0;

    gw_drill_review_window_export_to (window, file);
    g_assert_true (gw_drill_review_window_get_exporting (window));
    TEST_WAIT_FOR (!gw_drill_review_window_get_exporting (window));
    g_assert_null (gw_drill_review_window_get_export_error (window));
    g_assert_nonnull (gw_drill_review_window_get_exported_file (window));
    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 4);
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_get_contents (txt, &text, NULL, &error));
    /* Lines may break anywhere in a long title: compare without line breaks. */
    flat = g_strdup (text);
    g_strdelimit (flat, "\n", ' ');
    if (strstr (text, title) == NULL && strstr (flat, title) == NULL)
      g_error ("the PDF's text lacks the title “%s”:\n%s", title, text);
    if (strstr (text, "25.0") == NULL)
      g_error ("the PDF's text lacks the total score 25.0:\n%s", text);

    /* Kept beside the screenshots, for a person to look at. */
    {
      const char *language = g_getenv ("LANGUAGE");
      g_autofree char *name = g_strdup_printf ("drill-review-%s.pdf", language && *language ? language : "C");
      g_autofree char *kept = g_test_build_filename (G_TEST_BUILT, name, NULL);
      g_autoptr(GFile) to = g_file_new_for_path (kept);

      g_assert_true (g_file_copy (file, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
}

/* A database that is no drill's: the window says so. */
static void
test_not_a_drill (void)
{
  g_autofree char *path = test_util_create_demo (tmpdir, "county.db");
  GwDrillReviewWindow *window = gw_drill_review_window_new (NULL, NULL);

  gtk_window_present (GTK_WINDOW (window));
  gw_drill_review_window_open_path (window, path);
  TEST_WAIT_FOR (gw_drill_review_window_get_n_reads (window) > 0);
  g_assert_null (gw_drill_review_window_get_review (window));
  g_assert_nonnull (gw_drill_review_window_get_error (window));
  gtk_window_destroy (GTK_WINDOW (window));

  window = gw_drill_review_window_new (NULL, NULL);
  gw_drill_review_window_open_path (window, "/nonexistent/drill.db");
  g_assert_cmpuint (gw_drill_review_window_get_n_reads (window), ==, 1);
  g_assert_nonnull (gw_drill_review_window_get_error (window));
  g_assert_false (g_file_test ("/nonexistent/drill.db", G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenarios = NULL;
  g_autofree char *scenario_file = NULL;
  g_autofree char *cache = NULL;
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      return 0;
    }
  tmpdir = test_util_make_tmpdir ();
  /* The score finds the drill's scenario among the "shipped" ones: this folder. */
  scenarios = g_build_filename (tmpdir, "scenarios", NULL);
  g_mkdir (scenarios, 0700);
  scenario_file = g_build_filename (scenarios, "review-window-test.json", NULL);
  g_assert_true (g_file_set_contents (scenario_file, scenario_json, -1, NULL));
  g_setenv ("GW_SCENARIO_DIR", scenarios, TRUE);
  cache = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

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

  scenario = gw_scenario_new_from_data (scenario_json, sizeof scenario_json - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  start = scenario->start;
  drill_path = g_build_filename (tmpdir, "drill.db", NULL);
  play_drill (scenario);

  store = gw_store_new ();
  {
    g_autoptr(GAsyncResult) opened = NULL;

    gw_store_open_async (store, drill_path, NULL, on_done, &opened);
    g_assert_true (gw_store_open_finish (store, wait_for (&opened), &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/drill-review/window", test_review);
  g_test_add_func ("/drill-review/not-a-drill", test_not_a_drill);
  status = g_test_run ();

  g_clear_object (&store);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (drill_path);
  g_free (department);
  g_free (county);
  return status;
}
