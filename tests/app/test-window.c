/* test-window.c: the main window built in this process on the real demo database.
 *
 * The figures on screen must be the store's, formatted for people; the window must never
 * create a database it was not given; a missing or empty database is a status page. The
 * locale comes from the environment (tests/app/meson.build runs this in English and in
 * zh_CN) together with the title the window must then have: $GW_EXPECT_TITLE.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-db.h"
#include "gw-figure-card.h"
#include "gw-format.h"
#include "gw-main-window.h"

#include "test-util.h"

static char *tmpdir;
static char *demo_path;

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until condition (window) holds, failing after 30 s. */
static void
wait_for (GwMainWindow *window,
          gboolean    (*condition) (GwMainWindow *, gconstpointer),
          gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, on_wait_timeout, &timed_out);

  while (!condition (window, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static gboolean
is_loaded (GwMainWindow  *window,
           gconstpointer  data)
{
  return gw_main_window_get_state (window) != GW_MAIN_WINDOW_LOADING;
}

static gboolean
has_new_summary (GwMainWindow  *window,
                 gconstpointer  old)
{
  return gw_main_window_get_summary (window) != NULL && gw_main_window_get_summary (window) != old;
}

static GwMainWindow *
open_window (const char *path)
{
  GwMainWindow *window = gw_main_window_new (NULL, path);

  gtk_window_present (GTK_WINDOW (window));
  wait_for (window, is_loaded, NULL);
  return window;
}

static gpointer
child (GwMainWindow *window,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), GW_TYPE_MAIN_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
assert_count (const char *shown,
              gint64      expected)
{
  g_autofree char *text = gw_format_count (expected);

  g_assert_cmpstr (shown, ==, text);
}

static void
assert_card (GwMainWindow *window,
             const char   *name,
             gint64        expected)
{
  assert_count (gw_figure_card_get_value (child (window, name)), expected);
}

static void
assert_row (GwMainWindow *window,
            const char   *name,
            gint64        expected)
{
  assert_count (gtk_label_get_label (child (window, name)), expected);
}

static void
test_format_count (void)
{
  const struct { gint64 value; const char *text; } cases[] = {
    { 0, "0" },
    { 7, "7" },
    { 999, "999" },
    { 1000, "1,000" },
    { 23529, "23,529" },
    { 1234567, "1,234,567" },
    { -1935, "-1,935" },
    { G_MAXINT64, "9,223,372,036,854,775,807" },
    { G_MININT64, "-9,223,372,036,854,775,808" },
  };

  /* Both locales the tests run in group digits with ",". */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gw_format_count (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_shell_argument (void)
{
  g_autofree char *plain = gw_format_shell_argument ("/var/lib/gridwatch/seat-1.db");
  g_autofree char *spaced = gw_format_shell_argument ("/tmp/my seat/it's.db");

  g_assert_cmpstr (plain, ==, "/var/lib/gridwatch/seat-1.db");
  g_assert_cmpstr (spaced, ==, "'/tmp/my seat/it'\\''s.db'");
}

static void
test_format_path (void)
{
  g_autofree char *in_home = g_build_filename (g_get_home_dir (), ".local", "share", "x.db", NULL);
  g_autofree char *shown = gw_format_path (in_home);
  g_autofree char *elsewhere = gw_format_path ("/srv/gridwatch/seat.db");

  g_assert_cmpstr (shown, ==, "~/.local/share/x.db");
  g_assert_cmpstr (elsewhere, ==, "/srv/gridwatch/seat.db");
}

static void
test_window_figures (void)
{
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GwSummary) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const GwSummary *shown;
  GwMainWindow *window;

  window = open_window (demo_path);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);
  g_assert_null (gw_main_window_get_error_message (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "figures");

  /* The same figures, at the same instant, straight from the database. */
  shown = gw_main_window_get_summary (window);
  g_assert_nonnull (shown);
  db = gw_db_open (demo_path, &error);
  g_assert_no_error (error);
  expected = gw_db_get_summary (db, shown->now, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (shown->county_code, ==, "500223");
  g_assert_cmpstr (shown->county_code, ==, expected->county_code);
  g_assert_cmpstr (shown->county_name, ==, expected->county_name);
  g_assert_cmpint (shown->tickets_total, ==, expected->tickets_total);
  g_assert_cmpint (shown->tickets_open, ==, expected->tickets_open);
  g_assert_cmpint (shown->tickets_emergency_open, ==, expected->tickets_emergency_open);
  g_assert_cmpint (shown->tickets_overdue_open, ==, expected->tickets_overdue_open);
  g_assert_cmpint (shown->tickets_today, ==, expected->tickets_today);
  g_assert_cmpint (shown->newest_ticket_at, ==, expected->newest_ticket_at);
  for (guint level = 0; level < GW_N_LEVELS; level++)
    g_assert_cmpint (shown->divisions[level], ==, expected->divisions[level]);
  g_assert_cmpint (expected->tickets_total, >, 0);

  /* What the duty officer reads. */
  g_assert_cmpstr (gtk_label_get_label (child (window, "county_label")), ==, expected->county_name);
  code = g_strdup_printf (_("Division code %s"), expected->county_code);
  g_assert_cmpstr (gtk_label_get_label (child (window, "code_label")), ==, code);

  assert_card (window, "open_card", expected->tickets_open);
  assert_card (window, "emergency_card", expected->tickets_emergency_open);
  assert_card (window, "overdue_card", expected->tickets_overdue_open);
  assert_card (window, "today_card", expected->tickets_today);
  assert_card (window, "total_card", expected->tickets_total);
  g_assert_cmpstr (gw_figure_card_get_value (child (window, "total_card")), !=, "—");

  assert_row (window, "streets_value", expected->divisions[GW_LEVEL_STREET]);
  assert_row (window, "communities_value", expected->divisions[GW_LEVEL_COMMUNITY]);
  assert_row (window, "grids_value", expected->divisions[GW_LEVEL_GRID]);
  assert_row (window, "microgrids_value", expected->divisions[GW_LEVEL_MICROGRID]);
  g_assert_cmpint (gtk_widget_get_visible (child (window, "areas_row")), ==,
                   expected->divisions[GW_LEVEL_AREA] > 0);
  if (expected->divisions[GW_LEVEL_AREA] > 0)
    assert_row (window, "areas_value", expected->divisions[GW_LEVEL_AREA]);

  assert_row (window, "cameras_value", expected->cameras);
  assert_row (window, "workers_value", expected->workers);
  assert_row (window, "departments_value", expected->departments);
  {
    g_autofree char *on_duty = gw_format_count (expected->workers_on_duty);

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (window, "workers_row")), on_duty));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_language (void)
{
  const char *expect_title = g_getenv ("GW_EXPECT_TITLE");
  const char *expect_card = g_getenv ("GW_EXPECT_OPEN_CARD");
  GwMainWindow *window;

  g_assert_nonnull (expect_title);
  g_assert_nonnull (expect_card);

  window = open_window (demo_path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expect_title);
  g_assert_cmpstr (adw_view_switcher_title_get_title (child (window, "window_title")), ==, expect_title);
  g_assert_cmpstr (gw_figure_card_get_title (child (window, "open_card")), ==, expect_card);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_refresh (void)
{
  GwMainWindow *window = open_window (demo_path);
  const GwSummary *before = gw_main_window_get_summary (window);

  g_assert_nonnull (before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));

  /* The figures stay on screen while they are read again. */
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "figures");

  wait_for (window, has_new_summary, before);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);
  assert_card (window, "total_card", gw_main_window_get_summary (window)->tickets_total);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_missing_database (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "missing.db", NULL);
  GwMainWindow *window = open_window (path);
  const char *command;

  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_FAILED);
  g_assert_null (gw_main_window_get_summary (window));
  g_assert_nonnull (strstr (gw_main_window_get_error_message (window), path));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "status");

  command = gtk_label_get_label (child (window, "demo_command_label"));
  g_assert_true (g_str_has_prefix (command, "gridwatchctl demo --db "));
  g_assert_nonnull (strstr (command, path));

  /* Trying again still finds nothing, and nothing was created on the way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  wait_for (window, is_loaded, NULL);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_FAILED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_empty_database (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  GwMainWindow *window;

  /* A database with the schema and no county in it. */
  gw_db_free (gw_db_open (path, &error));
  g_assert_no_error (error);

  window = open_window (path);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_FAILED);
  g_assert_nonnull (strstr (gw_main_window_get_error_message (window), path));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "status");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_broken_database (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "broken.db", NULL);
  g_autoptr(GError) error = NULL;
  GwMainWindow *window;

  g_file_set_contents (path, "this is not a database, it is a shopping list\n", -1, &error);
  g_assert_no_error (error);

  window = open_window (path);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_FAILED);
  g_assert_nonnull (gw_main_window_get_error_message (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "stack")), ==, "status");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_keeps_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GwMainWindow *window = open_window (demo_path);
  g_autofree char *last_database = g_settings_get_string (settings, "last-database");
  int width, height;

  g_assert_cmpstr (last_database, ==, demo_path);

  /* Closing keeps the size; the next window opens with it. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = open_window (demo_path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_window_closed_while_loading (void)
{
  GwMainWindow *window = gw_main_window_new (NULL, demo_path);
  gboolean timed_out = FALSE;

  /* Closing cancels the load; its callbacks must then leave the window alone. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_LOADING);
  gtk_window_destroy (GTK_WINDOW (window));

  g_timeout_add (500, on_wait_timeout, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
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

  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "demo.db");

  g_test_add_func ("/format/count", test_format_count);
  g_test_add_func ("/format/shell-argument", test_format_shell_argument);
  g_test_add_func ("/format/path", test_format_path);
  g_test_add_func ("/window/figures", test_window_figures);
  g_test_add_func ("/window/language", test_window_language);
  g_test_add_func ("/window/refresh", test_window_refresh);
  g_test_add_func ("/window/missing-database", test_window_missing_database);
  g_test_add_func ("/window/empty-database", test_window_empty_database);
  g_test_add_func ("/window/broken-database", test_window_broken_database);
  g_test_add_func ("/window/keeps-size", test_window_keeps_size);
  g_test_add_func ("/window/closed-while-loading", test_window_closed_while_loading);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
