/* test-class-case-window.c: the class-case window (dashboard/gw-class-case-window) on the
 * real demo county, with a recurrence planted in it, under Xvfb.
 *
 * Six reports of one subcategory that the street never had, in one grid within 30 m over
 * ten days: the window lists exactly them as a grid case, as core finds it; selecting the
 * case lists its tickets; "Show on Map" asks for them and the map rings them. "Make Class
 * Case…" as a grid worker shows the workflow's refusal and writes nothing; as the street's
 * officer it makes exactly one supervised ticket linked to the six (read back in SQL), says
 * its number in a toast and searches again. The timeline names class-case links by ticket
 * number. Screenshots for the docs.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-application.h"
#include "gw-class-case-window.h"
#include "gw-db.h"
#include "gw-dictionary.h"
#include "gw-map-window.h"
#include "gw-ticket-detail-private.h"
#include "gw-time.h"
#include "test-util.h"
#include "test-window-util.h"

#define DAY G_GINT64_CONSTANT (86400)
#define METRES_PER_DEGREE (6371008.8 * G_PI / 180.0)

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwClock *clock_;
static char *category;        /* the planted subcategory */
static char *street;          /* the planted grid's street */
static char *department;      /* the department chosen for the class case */
static gint64 planted[6];

/* The county ----------------------------------------------------------------------------- */

static gint64
count (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Plants the recurrence: a grid of the first street, a subcategory none of the street's
 * tickets has, six open reports within 30 m of the grid's label point. */
static void
plant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  g_autoptr(GPtrArray) grids = NULL, departments = NULL;
  g_autoptr(GPtrArray) subcategories = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
  gint64 now = gw_clock_get_now (clock_);
  GwDivision *g;

  g_assert_no_error (error);
  grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_assert_no_error (error);
  g = g_ptr_array_index (grids, 3);
  street = g_strndup (g->code, 9);
  departments = gw_db_list_departments (db, &error);
  g_assert_no_error (error);
  department = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 1))->code);

  for (guint i = 0; i < subcategories->len && category == NULL; i++)
    {
      const GwCategory *c = g_ptr_array_index (subcategories, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets t JOIN divisions d ON d.id = t.street_id"
                                              " WHERE d.code = '%s' AND t.category = '%s'", street, c->code);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int64 (stmt, 0) == 0)
        category = g_strdup (c->code);
      sqlite3_finalize (stmt);
    }
  g_assert_nonnull (category);

  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();

      t->number = g_strdup_printf ("CC261101-%05u", i + 1);
      t->source = GW_SOURCE_GRID_WORKER;
      t->category_code = g_strdup (category);
      t->board = g_strdup (gw_dictionary_lookup (gw_dictionary_get_default (), category)->board);
      t->urgency = GW_URGENCY_NORMAL;
      t->level = GW_LEVEL_GRID;
      t->lat = g->label_lat - 3.0 * i / METRES_PER_DEGREE;
      t->lon = g->label_lon + 5.0 * i / (METRES_PER_DEGREE * cos (g->label_lat * G_PI / 180.0));
      t->description = g_strdup ("楼道内杂物堆放，反复出现");
      t->reported_at = now - 14 * DAY + i * 2 * DAY;
      t->updated_at = t->reported_at;
      t->state = GW_STATE_REPORTED;
      planted[i] = gw_db_insert_ticket (db, t, &error);
      g_assert_no_error (error);
    }
}

/* The planted case among those listed, as a grid case, or -1. */
static int
planted_position (GwClassCaseWindow *window)
{
  g_autoptr(GPtrArray) cases = gw_class_case_window_get_cases (window);

  for (guint i = 0; i < cases->len; i++)
    {
      GwClassCase *cc = g_ptr_array_index (cases, i);

      if (cc->kind == GW_CLASS_CASE_GRID && g_str_equal (cc->category_code, category) &&
          g_array_index (cc->ticket_ids, gint64, 0) == planted[0])
        return (int) i;
    }
  return -1;
}

static GwClassCaseWindow *
open_window (const GwActor *actor)
{
  GwClassCaseWindow *window = gw_class_case_window_new (NULL, store, clock_, actor, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 900);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_class_case_window_get_n_reads (window) > 0);
  return window;
}

static void
select_planted (GwClassCaseWindow *window)
{
  int position = planted_position (window);
  GwClassCase *cc;

  g_assert_cmpint (position, >=, 0);
  g_assert_true (gw_class_case_window_select (window, (guint) position));
  cc = gw_class_case_window_get_selected (window);
  g_assert_nonnull (cc);
  g_assert_cmpint (g_array_index (cc->ticket_ids, gint64, 0), ==, planted[0]);
  TEST_WAIT_FOR (gw_class_case_window_get_members (window) != NULL);
}

/* The list and the selected case ---------------------------------------------------------- */

static void
on_show_on_map (GwClassCaseWindow *window,
                GArray            *ids,
                GArray           **out)
{
  *out = g_array_ref (ids);
}

static void
test_list (void)
{
  GwActor officer = { .name = "梓潼街道值班员", .role = GW_ROLE_STREET_OFFICER, .division_code = street,
                      .level = GW_LEVEL_STREET };
  GwClassCaseWindow *window = open_window (&officer);
  g_autoptr(GPtrArray) listed = gw_class_case_window_get_cases (window);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) core = NULL;
  g_autoptr(GArray) asked = NULL;
  g_autoptr(GError) error = NULL;
  GwClassCase *cc;
  GwClassCaseQuery q;
  gint64 to = gw_time_start_of_day (gw_clock_get_now (clock_)) + DAY;
  guint reads;

  /* What core finds for the last 90 days of the district, in the same order. */
  {
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);

    g_assert_no_error (error);
    gw_class_case_query_init (&q, to - 90 * DAY, to);
    q.limit = 500;
    core = gw_db_find_class_cases (db, &q, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (listed->len, ==, core->len);
  for (guint i = 0; i < core->len; i++)
    g_assert_cmpstr (((GwClassCase *) g_ptr_array_index (listed, i))->title, ==,
                     ((GwClassCase *) g_ptr_array_index (core, i))->title);

  /* The planted recurrence is there, exactly. */
  g_assert_cmpint (planted_position (window), >=, 0);
  cc = g_ptr_array_index (listed, planted_position (window));
  g_assert_cmpuint (cc->ticket_ids->len, ==, G_N_ELEMENTS (planted));
  g_assert_cmpuint (cc->n_open, ==, G_N_ELEMENTS (planted));
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    g_assert_cmpint (g_array_index (cc->ticket_ids, gint64, i), ==, planted[i]);

  /* Selected: its tickets, with their numbers, in the order reported. */
  select_planted (window);
  members = gw_class_case_window_get_members (window);
  g_assert_cmpuint (members->len, ==, G_N_ELEMENTS (planted));
  for (guint i = 0; i < members->len; i++)
    {
      GwTicket *t = g_ptr_array_index (members, i);
      g_autofree char *number = g_strdup_printf ("CC261101-%05u", i + 1);

      g_assert_cmpint (t->id, ==, planted[i]);
      g_assert_cmpstr (t->number, ==, number);
    }

  /* Only hot spots: the grid case goes; every kind: back. */
  gw_class_case_window_set_kinds (window, 1u << GW_CLASS_CASE_HOTSPOT);
  g_assert_cmpint (planted_position (window), ==, -1);
  {
    g_autoptr(GPtrArray) hot = gw_class_case_window_get_cases (window);

    for (guint i = 0; i < hot->len; i++)
      g_assert_cmpint (((GwClassCase *) g_ptr_array_index (hot, i))->kind, ==, GW_CLASS_CASE_HOTSPOT);
  }
  gw_class_case_window_set_kinds (window, 0);
  g_assert_cmpint (planted_position (window), >=, 0);

  /* The street alone: searched anew, the planted case still there. */
  reads = gw_class_case_window_get_n_reads (window);
  gw_class_case_window_set_division (window, street);
  TEST_WAIT_FOR (gw_class_case_window_get_n_reads (window) > reads);
  g_assert_cmpint (planted_position (window), >=, 0);
  gw_class_case_window_set_division (window, NULL);
  TEST_WAIT_FOR (gw_class_case_window_get_n_reads (window) > reads + 1);
  select_planted (window);

  /* "Show on Map" asks for the six; the map rings them. */
  g_signal_connect (window, "show-on-map", G_CALLBACK (on_show_on_map), &asked);
  gtk_widget_activate_action (GTK_WIDGET (window), "cases.show-on-map", NULL);
  g_assert_nonnull (asked);
  g_assert_cmpuint (asked->len, ==, G_N_ELEMENTS (planted));
  g_assert_cmpint (g_array_index (asked, gint64, 5), ==, planted[5]);
  {
    GwMapWindow *map = gw_map_window_new (NULL, store, clock_);

    gtk_window_present (GTK_WINDOW (map));
    gw_map_window_show_tickets (map, (const gint64 *) asked->data, asked->len);
    TEST_WAIT_FOR (gw_map_window_get_n_shown_tickets (map) == G_N_ELEMENTS (planted));
    test_window_screenshot (GTK_WIDGET (map), "class-case-map", 1500);
    gw_map_window_show_tickets (map, NULL, 0);
    g_assert_cmpuint (gw_map_window_get_n_shown_tickets (map), ==, 0);
    gtk_window_destroy (GTK_WINDOW (map));
  }

  test_window_screenshot (GTK_WIDGET (window), "class-cases", 800);
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
}

/* Making a class case --------------------------------------------------------------------- */

static GwClassCaseDialog *
open_dialog (GwClassCaseWindow *window)
{
  GwClassCaseDialog *dialog = gw_class_case_window_make_class_case (window);

  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  TEST_WAIT_FOR (gw_class_case_dialog_get_ready (dialog));
  g_assert_true (gw_class_case_dialog_select_department (dialog, department));
  g_assert_cmpstr (gw_class_case_dialog_get_department (dialog), ==, department);
  g_assert_false (gw_class_case_dialog_select_department (dialog, "500223-D99"));
  return dialog;
}

/* A grid worker may not: the workflow's words in the dialog, nothing written. */
static void
test_refused (void)
{
  g_autofree char *grid = NULL;
  GwActor worker;
  GwClassCaseWindow *window;
  GwClassCaseDialog *dialog;
  gint64 tickets = count ("SELECT count(*) FROM tickets");
  gint64 audit = count ("SELECT count(*) FROM audit");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GwTicket) t = gw_db_get_ticket (db, planted[0], &error);

    g_assert_no_error (error);
    grid = g_strdup (t->divisions[GW_LEVEL_GRID]);
  }
  worker = (GwActor) { .name = "网格员", .role = GW_ROLE_GRID_WORKER, .division_code = grid, .level = GW_LEVEL_GRID };
  window = open_window (&worker);
  select_planted (window);
  dialog = open_dialog (window);
  gw_class_case_dialog_submit (dialog);
  g_assert_true (gw_class_case_dialog_get_busy (dialog));
  TEST_WAIT_FOR (!gw_class_case_dialog_get_busy (dialog));
  g_test_message ("refused: %s", gw_class_case_dialog_get_error (dialog));
  g_assert_cmpstr (gw_class_case_dialog_get_error (dialog), ==,
                   _("Only a street or district command center, or a commander, may open a class case"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_null (gw_class_case_window_get_last_toast (window));
  test_window_screenshot (GTK_WIDGET (dialog), "class-case-refused", 300);
  g_assert_cmpint (count ("SELECT count(*) FROM tickets"), ==, tickets);
  g_assert_cmpint (count ("SELECT count(*) FROM audit"), ==, audit);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
}

/* The street's officer: one supervised ticket, linked to the six, said in a toast. */
static void
test_make (void)
{
  GwActor officer = { .name = "梓潼街道值班员", .role = GW_ROLE_STREET_OFFICER, .division_code = street,
                      .level = GW_LEVEL_STREET };
  GwClassCaseWindow *window = open_window (&officer);
  GwClassCaseDialog *dialog;
  gint64 tickets = count ("SELECT count(*) FROM tickets");
  gint64 last = count ("SELECT max (id) FROM tickets");
  g_autofree char *sql = NULL, *number = NULL;
  g_autoptr(GwTicket) made = NULL;
  guint reads;

  select_planted (window);
  dialog = open_dialog (window);
  test_window_screenshot (GTK_WIDGET (dialog), "class-case-dialog", 300);
  reads = gw_class_case_window_get_n_reads (window);
  gw_class_case_dialog_submit (dialog);
  TEST_WAIT_FOR (gw_class_case_window_get_last_toast (window) != NULL);
  g_assert_cmpstr (gw_class_case_dialog_get_error (dialog), ==, "");

  /* Exactly one new ticket: the case's subcategory, dispatched and supervised at the
   * street, as the officer. */
  g_assert_cmpint (count ("SELECT count(*) FROM tickets"), ==, tickets + 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GArray) members = NULL;

    g_assert_no_error (error);
    made = gw_db_get_ticket (db, count ("SELECT max (id) FROM tickets"), &error);
    g_assert_no_error (error);
    g_assert_cmpint (made->id, >, last);
    g_assert_cmpstr (made->category_code, ==, category);
    g_assert_cmpstr (made->department_code, ==, department);
    g_assert_cmpint (made->state, ==, GW_STATE_DISPATCHED);
    g_assert_cmpint (made->supervise_count, ==, 1);
    g_assert_cmpint (made->source, ==, GW_SOURCE_HIGHER_LEVEL);
    g_assert_cmpint (made->level, ==, GW_LEVEL_STREET);
    members = gw_db_list_class_case_members (db, made->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (members->len, ==, G_N_ELEMENTS (planted));
    for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
      g_assert_cmpint (g_array_index (members, gint64, i), ==, planted[i]);
  }
  sql = g_strdup_printf ("SELECT count(DISTINCT ticket_id) FROM audit WHERE action = 'class_case'"
                         " AND role = 'street_officer' AND json_extract (payload, '$.class_case') = %" G_GINT64_FORMAT,
                         made->id);
  g_assert_cmpint (count (sql), ==, G_N_ELEMENTS (planted));

  /* Said with its number; the cases searched again, the case still selected. */
  g_test_message ("toast: %s", gw_class_case_window_get_last_toast (window));
  g_assert_nonnull (strstr (gw_class_case_window_get_last_toast (window), made->number));
  TEST_WAIT_FOR (gw_class_case_window_get_n_reads (window) > reads);
  g_assert_nonnull (gw_class_case_window_get_selected (window));
  g_assert_cmpint (g_array_index (gw_class_case_window_get_selected (window)->ticket_ids, gint64, 0), ==, planted[0]);
  /* The class-case ticket is no report of the problem: the case is still the six. */
  g_assert_cmpuint (gw_class_case_window_get_selected (window)->ticket_ids->len, ==, G_N_ELEMENTS (planted));
  TEST_WAIT_FOR (gw_class_case_window_get_members (window) != NULL);
  test_window_screenshot (GTK_WIDGET (window), "class-cases-made", 800);

  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
}

/* The timeline ------------------------------------------------------------------------------ */

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* A class case's audit entries read with ticket numbers, not ids or action names. */
static void
test_timeline (void)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *joined = g_strdup_printf (_("Joined class case %s"), "TN261123-00042");
  g_autofree char *gathers = g_strdup_printf (ngettext ("Class case of %u ticket", "Class case of %u tickets", 3), 3);
  GwAuditEntry member = { .ticket_id = 11, .actor = "值班员", .role = "street_officer", .action = "class_case",
                          .payload = "{\"class_case\":42}" };
  GwAuditEntry self = { .ticket_id = 42, .actor = "值班员", .role = "street_officer", .action = "class_case",
                        .payload = "{\"kind\":\"grid\",\"members\":[11,12,13]}" };
  GtkWidget *row;

  g_hash_table_insert (numbers, g_memdup2 (&(gint64) { 42 }, sizeof (gint64)), g_strdup ("TN261123-00042"));
  g_hash_table_insert (numbers, g_memdup2 (&(gint64) { 11 }, sizeof (gint64)), g_strdup ("TN261101-00011"));
  g_hash_table_insert (numbers, g_memdup2 (&(gint64) { 12 }, sizeof (gint64)), g_strdup ("TN261101-00012"));

  row = g_object_ref_sink (_gw_ticket_detail_timeline_row (&member, NULL, numbers));
  g_assert_true (has_label (row, joined));
  g_assert_false (has_label (row, "class_case"));
  g_object_unref (row);

  row = g_object_ref_sink (_gw_ticket_detail_timeline_row (&self, NULL, numbers));
  g_assert_true (has_label (row, gathers));
  g_assert_true (has_label (row, "TN261101-00011"));
  g_assert_true (has_label (row, "TN261101-00012"));
  g_assert_true (has_label (row, "#13"));   /* not in this database: its id */
  g_assert_true (has_label (row, _("recurring in one grid")));
  g_object_unref (row);
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
  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "county.db");
  clock_ = gw_clock_new_manual (count ("SELECT max (updated_at) FROM tickets") + 60);
  plant ();
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, NULL, NULL);
  test_window_spin (300);

  g_test_add_func ("/class-case-window/list", test_list);
  g_test_add_func ("/class-case-window/refused", test_refused);
  g_test_add_func ("/class-case-window/make", test_make);
  g_test_add_func ("/class-case-window/timeline", test_timeline);
  status = g_test_run ();

  gw_store_close (store);
  g_clear_object (&store);
  g_clear_object (&clock_);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  g_free (category);
  g_free (street);
  g_free (department);
  return status;
}
