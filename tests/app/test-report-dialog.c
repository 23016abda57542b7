/* test-report-dialog.c: the reports from the app's menu (dashboard/gw-report-dialog) on the
 * real demo county, under Xvfb.
 *
 * The day each kind proposes (yesterday, last week, last month, by the county's calendar);
 * a daily CSV of the whole district and a weekly one of a street, parsed back to the totals
 * and rates gw-stats gives for the same window; a monthly PDF with a page per street; an
 * unwritable path, a folder, an unknown division — each an error and no file (an existing
 * file left as it was); closed while saving, no temporary file left behind; the Reports…
 * menu item and its Ctrl+Shift+R on the main window, a key no ticket action uses. Saving
 * goes through gw_report_dialog_save_to (the chooser skipped) and returns at once: the main
 * loop keeps running meanwhile. Screenshots for a person to look at.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "gw-application.h"
#include "gw-db.h"
#include "gw-division.h"
#include "gw-main-window.h"
#include "gw-report-dialog.h"
#include "gw-stats.h"
#include "gw-ticket-actions.h"
#include "gw-time.h"
#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwClock *clock_;
static GwDb *db;

/* Helpers --------------------------------------------------------------------------------- */

static GwReportDialog *
new_dialog (void)
{
  GwReportDialog *dialog = gw_report_dialog_new (NULL, store, clock_);

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Saves to `path` and runs the main loop until the dialog is done; counts the main loop's
 * turns meanwhile (it must keep turning: nothing blocks it). */
static guint
save_and_wait (GwReportDialog *dialog,
               const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint turns = 0;

  gw_report_dialog_save_to (dialog, file);
  g_assert_true (gw_report_dialog_get_busy (dialog));
  while (gw_report_dialog_get_busy (dialog))
    {
      gboolean timed_out = FALSE;
      guint timeout = g_timeout_add_seconds (60, test_window_flag_cb, &timed_out);

      g_main_context_iteration (NULL, TRUE);
      if (timed_out)
        g_error ("the report was not saved within 60 s");
      g_source_remove (timeout);
      turns++;
    }
  return turns;
}

/* The county's calendar day of `t` plus `days`. */
static void
county_day (gint64  t,
            int     days,
            int    *y,
            int    *m,
            int    *d)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);
  g_autoptr(GDateTime) then = g_date_time_add_days (local, days);

  g_date_time_get_ymd (then, y, m, d);
}

static GwFigures *
figures_for (gint64      from,
             gint64      to,
             const char *division)
{
  g_autoptr(GError) error = NULL;
  GwStatsQuery q = { from, to, division, NULL };
  GwFigures *f = gw_db_get_figures (db, &q, &error);

  g_assert_no_error (error);
  return f;
}

/* No file, and no temporary file beside it, in `dir` but those named in `keep`. */
static void
assert_dir_holds_only (const char        *dir,
                       const char *const *keep)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (!g_strv_contains (keep, name))
      g_error ("%s holds %s, which should not be there", dir, name);
}

/* CSV ------------------------------------------------------------------------------------- */

/* RFC 4180 records of fields (GPtrArray of GStrv); CRLF ends each record. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          p += 2;
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (field, *p++);
        }
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return records;
}

/* The record after the one-field record `title` (a table's headings). */
static guint
find_table (GPtrArray  *records,
            const char *title)
{
  for (guint i = 0; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);

      if (g_strv_length (r) == 1 && g_str_equal (r[0], title))
        return i + 1;
    }
  g_error ("no table titled %s", title);
  return 0;
}

/* The titles of the report's tables in this locale (the CSV says them, not their ids). */
static char *
table_title (GwReportPeriod  period,
             int             y,
             int             m,
             int             d,
             const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwReport) report = NULL;
  GwReportOptions options;

  gw_report_options_init (&options);
  options.period = period;
  options.year = y;
  options.month = m;
  options.day = d;
  report = gw_report_build (db, &options, &error);
  g_assert_no_error (error);
  return g_strdup (gw_report_section_get_table (g_ptr_array_index (report->sections, 0), id)->title);
}

/* The CSV's totals and rates are gw-stats' for the window and division. */
static void
assert_csv_matches (const char     *path,
                    GwReportPeriod  period,
                    int             y,
                    int             m,
                    int             d,
                    const char     *division)
{
  g_autofree char *text = NULL;
  g_autofree char *totals_title = table_title (period, y, m, d, "totals");
  g_autofree char *rates_title = table_title (period, y, m, d, "rates");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GwFigures) f = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from, to;
  guint at;

  g_assert_true (gw_report_window (period, y, m, d, &from, &to, &error));
  g_assert_no_error (error);
  f = figures_for (from, to, division);
  /* Something to count, or the comparison proves little. */
  g_assert_cmpint (f->reported, >, 0);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  records = parse_csv (text + 3);

  at = find_table (records, totals_title);
  {
    const gint64 totals[] = { f->reported, f->reported - f->rejected, f->rejected, f->dispatched,
                              f->closed, f->open, f->evaluated };

    for (guint k = 0; k < G_N_ELEMENTS (totals); k++)
      {
        char **row = g_ptr_array_index (records, at + 1 + k);

        g_assert_cmpuint (g_strv_length (row), ==, 2);
        g_assert_cmpint (g_ascii_strtoll (row[1], NULL, 10), ==, totals[k]);
      }
  }
  at = find_table (records, rates_title);
  {
    const GwRate rates[] = { f->closure, f->on_time_closure, f->response, f->resolution,
                             f->satisfaction, f->grassroots_closure, f->reopen };

    for (guint k = 0; k < G_N_ELEMENTS (rates); k++)
      {
        char **row = g_ptr_array_index (records, at + 1 + k);

        g_assert_cmpuint (g_strv_length (row), ==, 5);
        g_assert_cmpint (g_ascii_strtoll (row[2], NULL, 10), ==, rates[k].numerator);
        g_assert_cmpint (g_ascii_strtoll (row[3], NULL, 10), ==, rates[k].denominator);
      }
  }
}

/* Tests ----------------------------------------------------------------------------------- */

static void
test_defaults (void)
{
  GwReportDialog *dialog = new_dialog ();
  gint64 now = gw_clock_get_now (clock_);
  gint64 today = gw_time_start_of_day (now);
  g_autofree char *name = NULL;
  int y, m, d, ey, em, ed;
  gint64 from, to;

  /* Daily: yesterday. */
  g_assert_cmpint (gw_report_dialog_get_period (dialog), ==, GW_REPORT_DAILY);
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  county_day (now, -1, &ey, &em, &ed);
  g_assert_cmpint (y, ==, ey);
  g_assert_cmpint (m, ==, em);
  g_assert_cmpint (d, ==, ed);
#ifdef GW_HAVE_REPORT_PDF
  g_assert_cmpint (gw_report_dialog_get_format (dialog), ==, GW_REPORT_FORMAT_PDF);
#else
  g_assert_cmpint (gw_report_dialog_get_format (dialog), ==, GW_REPORT_FORMAT_CSV);
  g_assert_false (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_PDF));
#endif
#ifndef GW_HAVE_REPORT_XLSX
  g_assert_false (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_XLSX));
#endif
  g_assert_true (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_CSV));
  name = gw_report_dialog_suggest_name (dialog);
  {
    g_autofree char *day = g_strdup_printf ("%04d-%02d-%02d", ey, em, ed);

    g_assert_nonnull (strstr (name, day));
    g_assert_true (g_str_has_suffix (name, ".csv"));
  }

  /* Weekly: the last whole ISO week, which ends on this week's Monday. */
  gw_report_dialog_set_period (dialog, GW_REPORT_WEEKLY);
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  g_assert_true (gw_report_window (GW_REPORT_WEEKLY, y, m, d, &from, &to, NULL));
  g_assert_cmpint (to, <=, today);
  g_assert_cmpint (to, >, today - 7 * 86400);

  /* Monthly: last month, which ends where this month starts. */
  gw_report_dialog_set_period (dialog, GW_REPORT_MONTHLY);
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  g_assert_true (gw_report_window (GW_REPORT_MONTHLY, y, m, d, &from, &to, NULL));
  {
    gint64 this_from, this_to;

    county_day (now, 0, &ey, &em, &ed);
    g_assert_true (gw_report_window (GW_REPORT_MONTHLY, ey, em, ed, &this_from, &this_to, NULL));
    g_assert_cmpint (to, ==, this_from);
  }
  g_free (name);
  name = gw_report_dialog_suggest_name (dialog);
  {
    g_autofree char *month = g_strdup_printf ("%04d-%02d", y, m);

    g_assert_nonnull (strstr (name, month));
  }

  /* A day picked by hand stays when the kind changes. */
  gw_report_dialog_set_date (dialog, 2026, 10, 15);
  gw_report_dialog_set_period (dialog, GW_REPORT_DAILY);
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  g_assert_cmpint (y * 10000 + m * 100 + d, ==, 20261015);

  test_window_screenshot (GTK_WIDGET (dialog), "report-dialog", 400);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A daily CSV of the whole district (yesterday: what is sent up each morning), then a weekly
 * one of a street, read back against gw-stats. */
static void
test_csv (void)
{
  GwReportDialog *dialog = new_dialog ();
  g_autofree char *path = g_build_filename (tmpdir, "daily.csv", NULL);
  g_autofree char *street_path = g_build_filename (tmpdir, "street.csv", NULL);
  g_autoptr(GPtrArray) streets = NULL;
  g_autoptr(GError) error = NULL;
  const char *code;
  int y, m, d;
  guint turns;

  g_assert_true (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_CSV));
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  turns = save_and_wait (dialog, path);
  g_assert_null (gw_report_dialog_get_error (dialog));
  g_assert_nonnull (gw_report_dialog_get_saved_file (dialog));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* The main loop turned while the report was read and written. */
  g_assert_cmpuint (turns, >, 1);
  {
    g_autofree char *saved = g_file_get_path (gw_report_dialog_get_saved_file (dialog));

    g_assert_cmpstr (saved, ==, path);
    g_assert_nonnull (strstr (gw_report_dialog_get_message (dialog), "daily.csv"));
  }
  assert_csv_matches (path, GW_REPORT_DAILY, y, m, d, NULL);

  /* A week of one street, chosen when the streets have been read. */
  streets = gw_db_list_divisions (db, GW_LEVEL_STREET, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (streets->len, >, 0);
  code = ((GwDivision *) g_ptr_array_index (streets, 0))->code;
  test_window_spin (300);
  gw_report_dialog_set_division (dialog, code);
  g_assert_cmpstr (gw_report_dialog_get_division (dialog), ==, code);
  gw_report_dialog_set_period (dialog, GW_REPORT_WEEKLY);
  gw_report_dialog_set_date (dialog, y, m, d);
  {
    g_autofree char *name = gw_report_dialog_suggest_name (dialog);

    /* The street's name comes first. */
    g_assert_true (g_str_has_prefix (name, ((GwDivision *) g_ptr_array_index (streets, 0))->name));
  }
  save_and_wait (dialog, street_path);
  g_assert_null (gw_report_dialog_get_error (dialog));
  assert_csv_matches (street_path, GW_REPORT_WEEKLY, y, m, d, code);
  test_window_screenshot (GTK_WIDGET (dialog), "report-dialog-saved", 300);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A PDF's page count: pdfinfo's when poppler-utils is installed, else the page objects
 * counted (cairo writes them uncompressed). */
static guint
count_pdf_pages (const char *path,
                 const char *text,
                 gsize       length)
{
  const char needle[] = "/Type /Page";
  const gsize n_needle = sizeof needle - 1;
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  guint n = 0;

  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *line;
      int wait_status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                   &wait_status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      line = strstr (out, "\nPages:");
      g_assert_nonnull (line);
      return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
    }
  for (gsize i = 0; i + n_needle < length; i++)
    if (memcmp (text + i, needle, n_needle) == 0 && text[i + n_needle] != 's')
      n++;
  return n;
}

/* A monthly PDF with a page of its own for each street. */
static void
test_pdf (void)
{
#ifndef GW_HAVE_REPORT_PDF
  g_test_skip ("built without cairo and Pango");
#else
  GwReportDialog *dialog = new_dialog ();
  g_autofree char *path = g_build_filename (tmpdir, "monthly.pdf", NULL);
  g_autoptr(GPtrArray) streets = gw_db_list_divisions (db, GW_LEVEL_STREET, NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  int y, m, d;

  g_assert_true (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_PDF));
  gw_report_dialog_set_period (dialog, GW_REPORT_MONTHLY);
  gw_report_dialog_set_per_street (dialog, TRUE);
  gw_report_dialog_get_date (dialog, &y, &m, &d);
  save_and_wait (dialog, path);
  g_assert_null (gw_report_dialog_get_error (dialog));
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  /* Complete: the trailer's end-of-file marker is near the end. */
  g_assert_cmpuint (length, >, 64);
  g_assert_nonnull (g_strstr_len (text + length - 64, 64, "%EOF"));
  /* The district's pages, then at least one for each street. */
  g_assert_cmpuint (gw_report_dialog_get_n_pages (dialog), >, streets->len);
  g_assert_cmpuint (count_pdf_pages (path, text, length), ==, gw_report_dialog_get_n_pages (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
#endif
}

/* What cannot be written says why and leaves no file; a file already there stays as it was. */
static void
test_errors (void)
{
  GwReportDialog *dialog = new_dialog ();
  g_autofree char *dir = g_build_filename (tmpdir, "errors", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.csv", NULL);
  g_autofree char *keep = g_build_filename (dir, "keep.csv", NULL);
  g_autofree char *text = NULL;
  const char *const only_keep[] = { "keep.csv", NULL };
  const GError *error;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keep, "old", -1, NULL));
  g_assert_true (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_CSV));

  /* A folder that does not exist. */
  save_and_wait (dialog, missing);
  error = gw_report_dialog_get_error (dialog);
  g_assert_error ((GError *) error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (gw_report_dialog_get_message (dialog), missing));
  g_assert_null (gw_report_dialog_get_saved_file (dialog));
  assert_dir_holds_only (dir, only_keep);

  /* A folder where the file should be. */
  save_and_wait (dialog, dir);
  g_assert_error ((GError *) gw_report_dialog_get_error (dialog), GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE);
  assert_dir_holds_only (dir, only_keep);

  /* A folder this user cannot write in (root can write anywhere). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "locked", NULL);
      g_autofree char *inside = g_build_filename (locked, "report.csv", NULL);
      const char *const only_locked[] = { "keep.csv", "locked", NULL };

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      save_and_wait (dialog, inside);
      g_assert_error ((GError *) gw_report_dialog_get_error (dialog), GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE);
      g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
      assert_dir_holds_only (dir, only_locked);
      g_rmdir (locked);
    }

  /* An unknown division, onto a file that is there: refused, the file untouched. */
  gw_report_dialog_set_division (dialog, "999999999");
  save_and_wait (dialog, keep);
  g_assert_error ((GError *) gw_report_dialog_get_error (dialog), GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (gw_report_dialog_get_message (dialog), "999999999"));
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  assert_dir_holds_only (dir, only_keep);
  test_window_screenshot (GTK_WIDGET (dialog), "report-dialog-error", 300);

  /* And it works again once the division is one. */
  gw_report_dialog_set_division (dialog, NULL);
  save_and_wait (dialog, keep);
  g_assert_null (gw_report_dialog_get_error (dialog));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  assert_dir_holds_only (dir, only_keep);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closed while saving: nothing goes wrong, and what is left is no file or a whole one,
 * never a temporary file. */
static void
test_close_while_saving (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "closed", NULL);
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  const char *const only_report[] = { "report.csv", NULL };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint wait_ms = 0; wait_ms <= 40; wait_ms += 20)
    {
      GwReportDialog *dialog = new_dialog ();
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_assert_true (gw_report_dialog_set_format (dialog, GW_REPORT_FORMAT_CSV));
      gw_report_dialog_set_period (dialog, GW_REPORT_MONTHLY);
      gw_report_dialog_save_to (dialog, file);
      g_assert_true (gw_report_dialog_get_busy (dialog));
      if (wait_ms > 0)
        test_window_spin (wait_ms);
      gtk_window_close (GTK_WINDOW (dialog));
      test_window_spin (1500);
      assert_dir_holds_only (dir, only_report);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *text = NULL;
          g_autoptr(GPtrArray) records = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
          records = parse_csv (text + 3);
          g_assert_cmpuint (records->len, >, 10);
          g_unlink (path);
        }
    }
}

/* The item of `model` (or its sections) whose action is `action`, or FALSE. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static GMenuModel *
find_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GMenuModel *found = find_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The action a shortcut of the window's class runs for `accel`, or NULL. */
static char *
class_shortcut_action (GtkWidget  *widget,
                       const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* Reports… in the console's menu, next to Command Dashboard; Ctrl+Shift+R runs it, a key no
 * ticket action takes; asked again, the same dialog comes to the front. */
static void
test_main_window (void)
{
  GwMainWindow *window = gw_main_window_new (NULL, demo_path);
  g_autoptr(GtkShortcutTrigger) report_key = gtk_shortcut_trigger_parse_string ("<Control><Shift>r");
  g_autofree char *action = NULL;
  GMenuModel *menu;
  GwReportDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  TEST_WAIT_FOR (gw_main_window_get_state (window) != GW_MAIN_WINDOW_LOADING);
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);

  menu = find_menu (GTK_WIDGET (window));
  g_assert_nonnull (menu);
  g_assert_true (menu_has_action (menu, "win.show-dashboard"));
  g_assert_true (menu_has_action (menu, "win.report"));

  action = class_shortcut_action (GTK_WIDGET (window), "<Control><Shift>r");
  g_assert_cmpstr (action, ==, "win.report");
  for (const GwTicketAccel *a = gw_ticket_actions_get_accels (); a->action; a++)
    for (guint i = 0; a->accels[i]; i++)
      {
        g_autoptr(GtkShortcutTrigger) t = gtk_shortcut_trigger_parse_string (a->accels[i]);

        if (gtk_shortcut_trigger_equal (t, report_key))
          g_error ("%s is %s's key too", a->accels[i], a->action);
      }

  g_assert_null (gw_report_dialog_find (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.report", NULL));
  dialog = gw_report_dialog_find (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.report", NULL));
  g_assert_true (gw_report_dialog_find (GTK_WINDOW (window)) == dialog);
  /* Closing the dialog leaves the console as it was. */
  gtk_window_close (GTK_WINDOW (dialog));
  test_window_spin (100);
  g_assert_null (gw_report_dialog_find (GTK_WINDOW (window)));
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
    sqlite3_stmt *stmt;

    db = gw_db_open (demo_path, &error);
    g_assert_no_error (error);
    /* The demo's "now": just after its last change, so yesterday has tickets. */
    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT max (updated_at) FROM tickets", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    clock_ = gw_clock_new_manual (sqlite3_column_int64 (stmt, 0) + 60);
    sqlite3_finalize (stmt);
  }
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, NULL, NULL);
  test_window_spin (300);

  g_test_add_func ("/report-dialog/defaults", test_defaults);
  g_test_add_func ("/report-dialog/csv", test_csv);
  g_test_add_func ("/report-dialog/pdf", test_pdf);
  g_test_add_func ("/report-dialog/errors", test_errors);
  g_test_add_func ("/report-dialog/close-while-saving", test_close_while_saving);
  g_test_add_func ("/report-dialog/main-window", test_main_window);
  status = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&clock_);
  g_clear_pointer (&db, gw_db_free);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  return status;
}
