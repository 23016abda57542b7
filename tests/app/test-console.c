/* test-console.c: the duty console driven as an officer would, in a real window on the
 * real demo county: a saved view, a filter, a Chinese search, a selection that fills the
 * detail, a workflow action and a refused one, an alarm raised and acknowledged, and a
 * handover signed. Screenshots land in the build directory (console-LOCALE.png). */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-action-form.h"
#include "gw-alarm-banner.h"
#include "gw-application.h"
#include "gw-handover-dialog.h"
#include "gw-audit.h"
#include "gw-console-pane.h"
#include "gw-handover.h"
#include "gw-main-window.h"
#include "gw-ticket-actions.h"
#include "gw-ticket-query.h"

#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwMainWindow *window;
static GwDb *db;   /* a second connection, as another process would have */


static gpointer
child (const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), GW_TYPE_MAIN_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static GwConsolePane *
pane (void)
{
  return child ("console_pane");
}

static GListModel *
list (void)
{
  return G_LIST_MODEL (gw_console_pane_get_list (pane ()));
}

static guint refreshes;

static void
on_refreshed (void)
{
  refreshes++;
}

/* Waits for the list's next refresh after `before`. */
static void
wait_refresh (guint before)
{
  TEST_WAIT_FOR (refreshes > before && !gw_ticket_list_get_loading (GW_TICKET_LIST (list ())));
}

static GArray *
expected_ids (const GwTicketQuery *q)
{
  g_autoptr(GError) error = NULL;
  GwActor center = { .name = "x", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                     .level = GW_LEVEL_DISTRICT };
  GArray *ids = gw_db_query_ticket_ids (db, q, &center, g_get_real_time () / G_USEC_PER_SEC, &error);

  g_assert_no_error (error);
  return ids;
}

static void
assert_list_is (GArray *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (list ()), ==, ids->len);
  for (guint i = 0; i < MIN (ids->len, 200); i++)
    {
      g_autoptr(GwTicketRow) row = g_list_model_get_item (list (), i);
      g_assert_cmpint (gw_ticket_row_get_id (row), ==, g_array_index (ids, gint64, i));
    }
}

/* The app's own snapshot-to-PNG, into the build directory: <name>-<language>.png, once
 * animations (the alarm banner's reveal) are over. */
static void
save_screenshot (const char *name)
{
  test_window_screenshot (GTK_WIDGET (window), name, 600);
}

static void
test_queue (void)
{
  GwFilterPane *filters = gw_console_pane_get_filters (pane ());
  GwQueueView *queue = gw_console_pane_get_queue (pane ());
  GwTicketQuery q = { .descending = TRUE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  GwTicket *t;
  guint before;
  char word[16];

  /* The console opens on "my queue" with its first ticket shown. */
  TEST_WAIT_FOR (!gw_ticket_list_get_loading (GW_TICKET_LIST (list ())) &&
            (refreshes > 0 || g_list_model_get_n_items (list ()) > 0));
  q.view = GW_TICKET_VIEW_MY_QUEUE;
  ids = expected_ids (&q);
  assert_list_is (ids);
  g_clear_pointer (&ids, g_array_unref);

  /* Every ticket, then a saved view. */
  before = refreshes;
  gw_filter_pane_set_view (filters, GW_TICKET_VIEW_ALL);
  wait_refresh (before);
  q.view = GW_TICKET_VIEW_ALL;
  ids = expected_ids (&q);
  g_assert_cmpuint (ids->len, ==, 4000);
  assert_list_is (ids);
  g_clear_pointer (&ids, g_array_unref);

  before = refreshes;
  gw_filter_pane_set_view (filters, GW_TICKET_VIEW_AWAITING_EVALUATION);
  wait_refresh (before);
  q.view = GW_TICKET_VIEW_AWAITING_EVALUATION;
  ids = expected_ids (&q);
  g_assert_cmpuint (ids->len, >, 0);
  assert_list_is (ids);
  g_clear_pointer (&ids, g_array_unref);

  /* A Chinese substring of a real description: two characters from the newest ticket. */
  before = refreshes;
  gw_filter_pane_set_view (filters, GW_TICKET_VIEW_ALL);
  wait_refresh (before);
  {
    g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GwTicketRow) row = g_list_model_get_item (list (), 0);
    gint64 id = gw_ticket_row_get_id (row);
    g_autoptr(GError) error = NULL;

    g_array_append_val (first, id);
    tickets = gw_db_get_tickets (db, first, &error);
    g_assert_no_error (error);
    t = g_ptr_array_index (tickets, 0);
    memset (word, 0, sizeof word);
    memcpy (word, t->description, g_utf8_offset_to_pointer (t->description, 2) - t->description);
  }
  before = refreshes;
  gw_queue_view_set_text (queue, word);
  wait_refresh (before);
  q.view = GW_TICKET_VIEW_ALL;
  q.text = word;
  ids = expected_ids (&q);
  g_assert_cmpuint (ids->len, >=, 1);
  assert_list_is (ids);
  for (guint i = 0; i < MIN (ids->len, 20); i++)
    {
      g_autoptr(GwTicketRow) row = g_list_model_get_item (list (), i);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) found = NULL;
      gint64 id = gw_ticket_row_get_id (row);
      GwTicket *hit;

      g_array_append_val (one, id);
      found = gw_db_get_tickets (db, one, NULL);
      hit = g_ptr_array_index (found, 0);
      g_assert_true (strstr (hit->description, word) || (hit->address && strstr (hit->address, word)));
    }
  g_clear_pointer (&ids, g_array_unref);

  /* A filter on top of the search: emergencies only. */
  before = refreshes;
  gw_queue_view_set_text (queue, NULL);
  wait_refresh (before);

  /* Selecting a ticket shows it in the detail. */
  {
    g_autoptr(GwTicketRow) row = g_list_model_get_item (list (), 3);
    GwTicketDetail *detail = gw_console_pane_get_detail (pane ());

    gw_queue_view_select_ticket (queue, gw_ticket_row_get_id (row));
    g_assert_cmpint (gw_ticket_detail_get_ticket_id (detail), ==, gw_ticket_row_get_id (row));
    TEST_WAIT_FOR (gw_ticket_detail_get_ticket (detail) != NULL &&
              gw_ticket_detail_get_ticket (detail)->id == gw_ticket_row_get_id (row));
  }
  save_screenshot ("console");
}

static GwTicketActions *
actions (void)
{
  return GW_TICKET_ACTIONS (gw_main_window_get_ticket_actions (window));
}

static gboolean
enabled (const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (actions ()), name);
}

static gpointer
form_child (GwActionForm *form,
            const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (form), GW_TYPE_ACTION_FORM, name);

  g_assert_nonnull (object);
  return object;
}

/* The action as its shortcut would run it, on the window; its form once ready. */
static GwActionForm *
open_form (const char *name)
{
  g_autofree char *detailed = g_strconcat ("ticket.", name, NULL);
  GwActionForm *form;

  TEST_WAIT_FOR (!gw_ticket_actions_get_updating (actions ()) && enabled (name));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), detailed, NULL));
  form = gw_ticket_actions_get_form (actions ());
  g_assert_nonnull (form);
  TEST_WAIT_FOR (gw_action_form_get_ready (form));
  return form;
}

/* Presses the form's button; TRUE when the form closed (the step was taken). */
static gboolean
press_submit (GwActionForm *form)
{
  GwActionForm *watch = form;

  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
  g_signal_emit_by_name (form_child (form, "submit_button"), "clicked");
  /* Closed (and gone), or back with an error. */
  TEST_WAIT_FOR (watch == NULL || gw_ticket_actions_get_form (actions ()) != form || !gw_action_form_get_busy (form));
  if (watch)
    g_object_remove_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
  return watch == NULL || gw_ticket_actions_get_form (actions ()) != form;
}

static GwTicket *
read_ticket (gint64 id)
{
  g_autoptr(GError) error = NULL;
  GwTicket *t = gw_db_get_ticket (db, id, &error);

  g_assert_no_error (error);
  return t;
}

/* A new report, screened and dispatched, and another rejected, from the console's own
 * actions; a rejection without a reason is refused in the workflow's words first. */
static void
test_actions (void)
{
  GwQueueView *queue = gw_console_pane_get_queue (pane ());
  GwActor hotline = { .name = "12345", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                      .level = GW_LEVEL_DISTRICT };
  g_autoptr(GwTicket) report = gw_ticket_new ();
  g_autoptr(GwTicket) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  GwActionForm *form;
  guint before;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      t->source = GW_SOURCE_HOTLINE;
      t->category_code = g_strdup ("0102");
      t->urgency = GW_URGENCY_NORMAL;
      t->lon = 105.79;
      t->lat = 30.19;
      t->description = g_strdup (i ? "小区门口井盖缺失，夜间有人绊倒" : "梓潼街道人行道井盖松动");
      t->reported_at = g_get_real_time () / G_USEC_PER_SEC;
      gw_db_report (db, &hotline, t, t->reported_at, &error);
      g_assert_no_error (error);
      if (i == 0)
        report = gw_ticket_ref (t);
      else
        {
          /* Reject the second one (a duplicate call), first without a reason. The district
           * center is the top level: escalating is a grid's, community's or street's step
           * (test-actions covers it with a street officer). */
          before = refreshes;
          TEST_WAIT_FOR (gw_ticket_list_find (GW_TICKET_LIST (list ()), t->id) >= 0);
          gw_queue_view_select_ticket (queue, t->id);
          g_assert_false (enabled ("escalate"));
          form = open_form ("reject");
          g_assert_false (press_submit (form));
          g_assert_cmpstr (gw_action_form_get_error (form), !=, "");
          after = read_ticket (t->id);
          g_assert_cmpint (after->state, ==, GW_STATE_REPORTED);
          g_clear_pointer (&after, gw_ticket_unref);
          save_screenshot ("console-refused");
          gtk_editable_set_text (form_child (form, "reason_row"), "与上一来电重复");
          g_assert_true (press_submit (form));
          after = read_ticket (t->id);
          g_assert_cmpint (after->state, ==, GW_STATE_REJECTED);
          g_clear_pointer (&after, gw_ticket_unref);
          (void) before;
        }
    }

  /* Screen the first, then dispatch it to a department. */
  TEST_WAIT_FOR (gw_ticket_list_find (GW_TICKET_LIST (list ()), report->id) >= 0);
  gw_queue_view_select_ticket (queue, report->id);
  form = open_form ("screen");
  g_assert_true (press_submit (form));
  after = read_ticket (report->id);
  g_assert_cmpint (after->state, ==, GW_STATE_SCREENED);
  g_clear_pointer (&after, gw_ticket_unref);

  departments = gw_db_list_departments (db, &error);
  g_assert_no_error (error);
  form = open_form ("dispatch");
  g_assert_true (gw_action_form_select_department (form, ((GwDepartment *) g_ptr_array_index (departments, 0))->code));
  g_assert_true (press_submit (form));
  after = read_ticket (report->id);
  g_assert_cmpint (after->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (after->department_code, ==, ((GwDepartment *) g_ptr_array_index (departments, 0))->code);
  /* The detail follows: it shows the new state after the list's refresh. */
  TEST_WAIT_FOR (gw_ticket_detail_get_ticket (gw_console_pane_get_detail (pane ())) != NULL &&
            gw_ticket_detail_get_ticket (gw_console_pane_get_detail (pane ()))->id == report->id &&
            gw_ticket_detail_get_ticket (gw_console_pane_get_detail (pane ()))->state == GW_STATE_DISPATCHED);
}

static void
test_alarm (void)
{
  GwAlarmBanner *banner = child ("alarm_banner");
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GError) error = NULL;
  GwActor hotline = { .name = "12345", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                      .level = GW_LEVEL_DISTRICT };
  g_autoptr(GPtrArray) audit = NULL;
  gboolean acknowledged = FALSE;

  /* An emergency reported by another process (the server, a second seat). */
  t->source = GW_SOURCE_HOTLINE;
  t->category_code = g_strdup ("0101");
  t->urgency = GW_URGENCY_EMERGENCY;
  t->lon = 105.79;
  t->lat = 30.19;
  t->description = g_strdup ("梓潼街道燃气管道泄漏，现场有刺鼻气味");
  t->reported_at = g_get_real_time () / G_USEC_PER_SEC;
  gw_db_report (db, &hotline, t, t->reported_at, &error);
  g_assert_no_error (error);

  TEST_WAIT_FOR (gw_alarm_banner_get_revealed (banner) && gw_alarm_banner_get_alarm (banner) != NULL);
  g_assert_nonnull (strstr (gw_alarm_banner_get_message (banner), t->number));
  save_screenshot ("console-alarm");

  /* Acknowledged through its action: the banner goes, the audit log keeps it. */
  while (gw_alarm_banner_get_revealed (banner))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (banner), "alarm.acknowledge", NULL));
      TEST_WAIT_FOR (!gw_alarm_banner_get_revealed (banner) || gw_alarm_banner_get_alarm (banner) == NULL ||
                strstr (gw_alarm_banner_get_message (banner), t->number) == NULL);
      if (gw_alarm_banner_get_alarm (banner) == NULL)
        break;
    }
  audit = gw_audit_list_for_ticket (db, t->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (strstr (((GwAuditEntry *) g_ptr_array_index (audit, i))->action, "acknowledge"))
      acknowledged = TRUE;
  g_assert_true (acknowledged);
}

static void
test_handover (void)
{
  GtkWidget *dialog = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.handover", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (GW_IS_HANDOVER_DIALOG (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      return 0;
    }
  gw_application_init_i18n ();
  adw_init ();
  {
    /* The application's style sheet, as AdwApplication would load it. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/org/gridwatch/Gridwatch/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);
  }
  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "county.db");
  {
    g_autoptr(GError) error = NULL;
    db = gw_db_open (demo_path, &error);
    g_assert_no_error (error);
  }
  window = gw_main_window_new (NULL, demo_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_main_window_get_state (window) != GW_MAIN_WINDOW_LOADING);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);
  TEST_WAIT_FOR (gw_console_pane_get_list (pane ()) != NULL);
  g_signal_connect (gw_console_pane_get_list (pane ()), "refreshed", G_CALLBACK (on_refreshed), NULL);

  g_test_add_func ("/console/queue", test_queue);
  g_test_add_func ("/console/actions", test_actions);
  g_test_add_func ("/console/alarm", test_alarm);
  g_test_add_func ("/console/handover", test_handover);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&db, gw_db_free);
  test_util_remove_tree (tmpdir);
  return ret;
}
