/* test-dashboard-window.c: the commander's dashboard on the real demo county, under Xvfb.
 *
 * The window's figures are the core's for the same window (today, the whole district);
 * a report made in the store shows in "reported today" and "open" within a few seconds
 * (the change log is watched); a street and a longer period are read anew; a screenshot of
 * the big screen for the docs.
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>

#include "gw-application.h"
#include "gw-dashboard-window.h"
#include "gw-db.h"
#include "gw-time.h"
#include "gw-workflow.h"
#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwClock *clock_;

static GwDashboardFigures *
core_figures (const char *division,
              guint       days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  gint64 now = gw_clock_get_now (clock_);
  GwDashboardQuery q = { 0 };
  GwDashboardFigures *f;

  g_assert_no_error (error);
  q.to = gw_time_start_of_day (now) + 86400;
  q.from = gw_time_start_of_day (now) - (gint64) (days - 1) * 86400;
  q.now = now;
  q.division_code = division;
  q.top_n = 8;
  f = gw_db_dashboard_figures (db, &q, &error);
  g_assert_no_error (error);
  return f;
}

static void
assert_same (const GwDashboardFigures *a,
             const GwDashboardFigures *b)
{
  g_assert_cmpint (a->today_reported, ==, b->today_reported);
  g_assert_cmpint (a->open, ==, b->open);
  g_assert_cmpint (a->red, ==, b->red);
  g_assert_cmpint (a->overdue, ==, b->overdue);
  g_assert_cmpint (a->stats.response.numerator, ==, b->stats.response.numerator);
  g_assert_cmpint (a->stats.response.denominator, ==, b->stats.response.denominator);
  g_assert_cmpint (a->stats.satisfaction.numerator, ==, b->stats.satisfaction.numerator);
  g_assert_cmpint (a->stats.on_time_closure.denominator, ==, b->stats.on_time_closure.denominator);
  for (guint i = 0; i < GW_DASHBOARD_TREND_DAYS; i++)
    g_assert_cmpint (a->trend[i].reported, ==, b->trend[i].reported);
}

static gpointer
report_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  GwTicket *t = data;
  GwActor center = { .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                     .level = GW_LEVEL_DISTRICT };

  return gw_db_report (db, &center, t, gw_clock_get_now (clock_), error) ? gw_ticket_ref (t) : NULL;
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(GwTicket **) data = gw_store_run_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_dashboard (void)
{
  GwDashboardWindow *window = gw_dashboard_window_new (NULL, store, clock_);
  g_autoptr(GwDashboardFigures) expected = core_figures (NULL, 1);
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GwTicket) done = NULL;
  gint64 today, open;
  guint reads;

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_dashboard_window_get_n_reads (window) > 0);
  assert_same (gw_dashboard_window_get_figures (window), expected);
  today = gw_dashboard_window_get_figures (window)->today_reported;
  open = gw_dashboard_window_get_figures (window)->open;

  /* A new report: the dashboard follows the change log by itself. */
  t->source = GW_SOURCE_HOTLINE;
  t->urgency = GW_URGENCY_NORMAL;
  t->category_code = g_strdup ("0101");
  t->board = g_strdup ("城市管理");
  t->level = GW_LEVEL_DISTRICT;
  t->lon = 105.78;
  t->lat = 30.19;
  t->description = g_strdup ("来电反映路边垃圾堆放");
  gw_store_run_async (store, report_func, t, NULL, (GDestroyNotify) gw_ticket_unref, NULL, on_reported, &done);
  TEST_WAIT_FOR (done != NULL);
  TEST_WAIT_FOR (gw_dashboard_window_get_figures (window)->today_reported == today + 1);
  g_assert_cmpint (gw_dashboard_window_get_figures (window)->open, ==, open + 1);

  /* Thirty days of one street: read anew, and the core's again. */
  {
    g_autoptr(GPtrArray) streets = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    g_autoptr(GwDashboardFigures) street = NULL;
    const char *code;

    streets = gw_db_list_divisions (db, GW_LEVEL_STREET, &error);
    g_assert_no_error (error);
    code = ((GwDivision *) g_ptr_array_index (streets, 0))->code;
    reads = gw_dashboard_window_get_n_reads (window);
    gw_dashboard_window_set_period (window, 30);
    gw_dashboard_window_set_division (window, code);
    TEST_WAIT_FOR (gw_dashboard_window_get_n_reads (window) > reads &&
                   g_strcmp0 (gw_dashboard_window_get_figures (window)->division_code, code) == 0);
    street = core_figures (code, 30);
    assert_same (gw_dashboard_window_get_figures (window), street);
    gw_dashboard_window_set_division (window, NULL);
    TEST_WAIT_FOR (gw_dashboard_window_get_figures (window)->division_code == NULL);
  }
  test_window_screenshot (GTK_WIDGET (window), "dashboard", 800);
  gtk_window_destroy (GTK_WINDOW (window));
  test_window_spin (200);
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
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT max (updated_at) FROM tickets", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    clock_ = gw_clock_new_manual (sqlite3_column_int64 (stmt, 0) + 60);
    sqlite3_finalize (stmt);
  }
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, NULL, NULL);
  test_window_spin (300);

  g_test_add_func ("/dashboard/window", test_dashboard);
  status = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&clock_);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  return status;
}
