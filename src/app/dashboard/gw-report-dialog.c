/* gw-report-dialog.c: the reports from the app's menu.
 *
 * A small window of preference rows over the console's store. Saving is three steps, none
 * on the main loop: a worker thread checks that the folder can take the file (as
 * `gridwatchctl report` does before any work), a store reader builds the GwReport
 * (gw_store_build_report_async), and a worker thread writes it (gw_report_export, which
 * writes a temporary file and renames it). One save at a time; the options are taken when
 * it starts.
 */
#define G_LOG_DOMAIN "gw-report-dialog"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gw-division.h"
#include "gw-drill-watermark.h"
#include "gw-report-dialog.h"
#include "gw-report-export.h"
#include "gw-time.h"

struct _GwReportDialog
{
  AdwWindow             parent_instance;

  GwStore              *store;
  GwClock              *clock;
  GCancellable         *cancellable;   /* cancelled when the dialog closes */

  GtkToggleButton      *period_buttons[GW_N_REPORT_PERIODS];
  AdwActionRow         *date_row;
  GtkMenuButton        *date_button;
  GtkCalendar          *calendar;
  AdwComboRow          *division_row;
  GtkStringList        *division_names;
  AdwActionRow         *format_row;
  GtkToggleButton      *format_buttons[GW_N_REPORT_FORMATS];
  AdwActionRow         *per_street_row;
  GtkSwitch            *per_street_switch;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  GtkWidget            *open_button;

  GPtrArray            *street_codes;  /* char *: item i + 1 of the division row */
  GPtrArray            *street_names;  /* char *, the same order */
  GwReportPeriod        period;
  int                   year, month, day;
  gboolean              date_chosen;   /* by hand: a new kind keeps it */
  char                 *division;
  GwReportFormat        format;
  gboolean              per_street;
  gboolean              syncing;       /* widgets being set from the state */

  GtkFileChooserNative *chooser;
  GFile                *folder;        /* where the last report went */
  struct SaveJob       *job;           /* the save under way, or NULL */
  gboolean              busy;
  GFile                *saved_file;
  guint                 n_pages;
  GError               *error;
  char                 *message;
};

G_DEFINE_FINAL_TYPE (GwReportDialog, gw_report_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct SaveJob {
  char           *path;
  GwReportFormat  format;
  GwReportOptions options;
  char           *division;
  GwReport       *report;
  guint           n_pages;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_free (job->division);
  g_clear_pointer (&job->report, gw_report_free);
  g_free (job);
}

static const char *const format_labels[GW_N_REPORT_FORMATS] = { "PDF", "CSV", "XLSX" };

/* The period ------------------------------------------------------------------------------- */

/* The last whole period of a kind before today, in the county's calendar: yesterday, last
 * week, last month — the report a center sends up in the morning. */
static void
default_day (GwReportDialog *self,
             GwReportPeriod  period,
             int            *year,
             int            *month,
             int            *day)
{
  gint64 today = gw_time_start_of_day (gw_clock_get_now (self->clock));
  g_autoptr(GDateTime) dt = gw_time_to_date_time (today);
  g_autoptr(GDateTime) before = NULL;

  switch (period)
    {
    case GW_REPORT_WEEKLY:
      before = g_date_time_add_days (dt, -7);
      break;
    case GW_REPORT_MONTHLY:
      before = g_date_time_add_days (dt, -g_date_time_get_day_of_month (dt));
      break;
    case GW_REPORT_DAILY:
    case GW_N_REPORT_PERIODS:
    default:
      before = g_date_time_add_days (dt, -1);
      break;
    }
  g_date_time_get_ymd (before, year, month, day);
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) dt = gw_time_to_date_time (t);

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* What the chosen day means for the kind chosen: the window the report covers. */
static char *
describe_window (GwReportDialog *self)
{
  gint64 from, to;
  g_autofree char *first = NULL, *last = NULL;

  if (!gw_report_window (self->period, self->year, self->month, self->day, &from, &to, NULL))
    return g_strdup ("");
  first = format_day (from);
  last = format_day (to - 1);
  switch (self->period)
    {
    case GW_REPORT_WEEKLY:
      {
        g_autoptr(GDateTime) monday = gw_time_to_date_time (from);

        /* The report's own subtitle (gw-report.c). */
        return g_strdup_printf (_("Week %1$d of %2$d, %3$s to %4$s"),
                                g_date_time_get_week_of_year (monday),
                                g_date_time_get_week_numbering_year (monday), first, last);
      }
    case GW_REPORT_MONTHLY:
      {
        g_autoptr(GDateTime) start = gw_time_to_date_time (from);
        /* TRANSLATORS: a month in a report's title block (g_date_time_format) */
        g_autofree char *month = g_date_time_format (start, _("%B %Y"));

        return g_strdup_printf (_("%1$s, %2$s to %3$s"), month, first, last);
      }
    case GW_REPORT_DAILY:
    case GW_N_REPORT_PERIODS:
    default:
      /* TRANSLATORS: the window of a daily report; %s is the day, e.g. 2026-11-21 */
      return g_strdup_printf (_("%s, midnight to midnight, China Standard Time"), first);
    }
}

/* The widgets follow the state ------------------------------------------------------------- */

static void
sync_date (GwReportDialog *self)
{
  g_autofree char *label = g_strdup_printf ("%04d-%02d-%02d", self->year, self->month, self->day);
  g_autofree char *window = describe_window (self);
  g_autoptr(GDateTime) noon = g_date_time_new_local (self->year, self->month, self->day, 12, 0, 0);

  self->syncing = TRUE;
  gtk_menu_button_set_label (self->date_button, label);
  adw_action_row_set_subtitle (self->date_row, window);
  if (noon != NULL)
    gtk_calendar_select_day (self->calendar, noon);
  self->syncing = FALSE;
}

static void
sync_division (GwReportDialog *self)
{
  guint selected = 0;

  self->syncing = TRUE;
  /* The whole district, the streets, and a code set from outside that is not one of them. */
  gtk_string_list_splice (self->division_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->division_names)), NULL);
  gtk_string_list_append (self->division_names, _("Whole district"));
  for (guint i = 0; i < self->street_names->len; i++)
    {
      gtk_string_list_append (self->division_names, g_ptr_array_index (self->street_names, i));
      if (g_strcmp0 (self->division, g_ptr_array_index (self->street_codes, i)) == 0)
        selected = i + 1;
    }
  if (self->division != NULL && selected == 0)
    {
      gtk_string_list_append (self->division_names, self->division);
      selected = self->street_names->len + 1;
    }
  adw_combo_row_set_selected (self->division_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->per_street_row), self->division == NULL);
  gtk_switch_set_active (self->per_street_switch, self->per_street && self->division == NULL);
  self->syncing = FALSE;
}

static void
sync_all (GwReportDialog *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < GW_N_REPORT_PERIODS; i++)
    gtk_toggle_button_set_active (self->period_buttons[i], i == self->period);
  for (guint i = 0; i < GW_N_REPORT_FORMATS; i++)
    gtk_toggle_button_set_active (self->format_buttons[i], i == self->format);
  self->syncing = FALSE;
  sync_date (self);
  sync_division (self);
}

/* Saying how it went --------------------------------------------------------------------------- */

static void
set_busy (GwReportDialog *self,
          gboolean        busy,
          const char     *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->status_label, message ? message : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", !busy);
  if (busy)
    {
      g_clear_object (&self->saved_file);
      g_clear_error (&self->error);
      self->n_pages = 0;
    }
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
finish (GwReportDialog *self,
        GError         *error)
{
  SaveJob *job = g_steal_pointer (&self->job);
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      self->error = error;
      set_busy (self, FALSE, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      g_autofree char *shown = g_filename_display_name (job->path);

      self->saved_file = g_file_new_for_path (job->path);
      g_clear_object (&self->folder);
      self->folder = g_file_get_parent (self->saved_file);
      self->n_pages = job->n_pages;
      if (job->format == GW_REPORT_FORMAT_PDF)
        message = g_strdup_printf (ngettext ("Saved to %s, %u page", "Saved to %s, %u pages", job->n_pages),
                                   shown, job->n_pages);
      else
        message = g_strdup_printf (_("Saved to %s"), shown);
      set_busy (self, FALSE, message);
      gtk_widget_set_visible (self->open_button, TRUE);
    }
  if (job)
    save_job_free (job);
}

/* Saving: check, build, write ------------------------------------------------------------------- */

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GwReportDialog *self = GW_REPORT_DIALOG (object);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      g_clear_pointer (&self->job, save_job_free);
      return;
    }
  finish (self, error);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  /* Closed before writing began: nothing is made. Once begun, the file is finished. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (gw_report_export (job->report, job->format, job->path, &job->n_pages, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwReportDialog) self = user_data;
  GError *error = NULL;
  GwReport *report = gw_store_build_report_finish (GW_STORE (object), result, &error);
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (self->cancellable))
        {
          g_clear_error (&error);
          g_clear_pointer (&self->job, save_job_free);
          return;
        }
      finish (self, error);
      return;
    }
  self->job->report = report;
  /* TRANSLATORS: while a report is written; %s is its format, PDF, CSV or XLSX */
  message = g_strdup_printf (_("Writing the %s…"), format_labels[self->job->format]);
  set_busy (self, TRUE, message);
  task = g_task_new (self, self->cancellable, on_written, NULL);
  g_task_set_source_tag (task, on_built);
  g_task_set_task_data (task, self->job, NULL);
  g_task_run_in_thread (task, write_thread);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GwReportDialog *self = GW_REPORT_DIALOG (object);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          g_clear_pointer (&self->job, save_job_free);
          return;
        }
      finish (self, error);
      return;
    }
  set_busy (self, TRUE, _("Reading the figures…"));
  gw_store_build_report_async (self->store, &self->job->options, self->cancellable, on_built, g_object_ref (self));
}

/* What cannot be written is said before any work is done. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autofree char *dir = g_path_get_dirname (job->path);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_file_test (job->path, G_FILE_TEST_IS_DIR))
    g_task_return_new_error (task, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, _("Cannot write the report to %s: %s"),
                             job->path, _("it is a directory"));
  else if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_task_return_new_error (task, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, _("Cannot write the report to %s: %s"),
                             job->path, _("the folder does not exist"));
  else if (g_access (dir, W_OK) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, _("Cannot write the report to %s: %s"),
                               job->path, g_strerror (saved));
    }
  else
    g_task_return_boolean (task, TRUE);
}

/* Actions ------------------------------------------------------------------------------------- */

static void
on_chooser_response (GwReportDialog *self,
                     int             response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file != NULL)
    gw_report_dialog_save_to (self, file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwReportDialog *self = GW_REPORT_DIALOG (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strdup_printf ("*.%s", gw_report_format_to_string (self->format));

  if (self->job != NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = gw_report_dialog_suggest_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  /* Where the last report went, or the officer's documents. */
  if (self->folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), self->folder, NULL);
  else
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      g_autoptr(GFile) folder = g_file_new_for_path (documents ? documents : g_get_home_dir ());

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  gtk_file_filter_set_name (filter, format_labels[self->format]);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_launched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The dialog may have closed meanwhile: then there is nobody to tell. */
  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_cancellable_is_cancelled (self->cancellable))
    {
      /* TRANSLATORS: the report could not be opened; %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot open the report: %s"), error->message);

      gtk_label_set_label (self->status_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwReportDialog *self = GW_REPORT_DIALOG (widget);
  g_autofree char *uri = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;

  if (self->saved_file == NULL)
    return;
  uri = g_file_get_uri (self->saved_file);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable, on_launched,
                                           g_object_ref (self));
}

/* Signals --------------------------------------------------------------------------------------- */

static void
on_period_toggled (GtkToggleButton *button,
                   GwReportDialog  *self)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < GW_N_REPORT_PERIODS; i++)
    if (self->period_buttons[i] == button)
      gw_report_dialog_set_period (self, i);
}

static void
on_format_toggled (GtkToggleButton *button,
                   GwReportDialog  *self)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < GW_N_REPORT_FORMATS; i++)
    if (self->format_buttons[i] == button)
      gw_report_dialog_set_format (self, i);
}

static void
on_day_selected (GwReportDialog *self)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (self->syncing)
    return;
  date = gtk_calendar_get_date (self->calendar);
  g_date_time_get_ymd (date, &y, &m, &d);
  self->date_chosen = TRUE;
  gw_report_dialog_set_date (self, y, m, d);
  gtk_menu_button_popdown (self->date_button);
}

static void
on_division_selected (GwReportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->division_row);

  if (self->syncing)
    return;
  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    gw_report_dialog_set_division (self, NULL);
  else if (i <= self->street_codes->len)
    gw_report_dialog_set_division (self, g_ptr_array_index (self->street_codes, i - 1));
}

static void
on_per_street (GwReportDialog *self)
{
  if (!self->syncing)
    self->per_street = gtk_switch_get_active (self->per_street_switch);
}

/* The streets for the division row. */
static gpointer
streets_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  return gw_db_list_divisions (db, GW_LEVEL_STREET, error);
}

static void
on_streets (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streets = gw_store_read_finish (GW_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (streets == NULL)
    {
      g_warning ("Reading the streets: %s", error->message);
      return;
    }
  for (guint i = 0; i < streets->len; i++)
    {
      GwDivision *d = g_ptr_array_index (streets, i);

      g_ptr_array_add (self->street_codes, g_strdup (d->code));
      g_ptr_array_add (self->street_names, g_strdup (d->name));
    }
  sync_division (self);
}

/* Building ------------------------------------------------------------------------------------ */

static GtkWidget *
linked_toggles (GtkToggleButton **buttons,
                const char *const *labels,
                guint              n,
                GCallback          toggled,
                gpointer           data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < n; i++)
    {
      buttons[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (labels[i]));
      if (i > 0)
        gtk_toggle_button_set_group (buttons[i], buttons[0]);
      g_signal_connect (buttons[i], "toggled", toggled, data);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (buttons[i]));
    }
  return box;
}

static void
build (GwReportDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save…"));
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row, *popover, *status;
  const char *const period_labels[] = { _("Daily"), _("Weekly"), _("Monthly") };
  g_autoptr(GString) unavailable = g_string_new (NULL);

  /* The header: the title and Save…. */
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Reports"), NULL));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "report.save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_tooltip_text (save, _("Choose a file and write the report to it"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (content), header);

  /* Kind. */
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Kind"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             linked_toggles (self->period_buttons, period_labels, GW_N_REPORT_PERIODS,
                                             G_CALLBACK (on_period_toggled), self));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  /* Day: a calendar in a popover; the row says which window that is. */
  self->date_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Day"));
  self->date_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->date_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_button), _("Any day of the period"));
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  gtk_menu_button_set_popover (self->date_button, popover);
  adw_action_row_add_suffix (self->date_row, GTK_WIDGET (self->date_button));
  adw_action_row_set_activatable_widget (self->date_row, GTK_WIDGET (self->date_button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->date_row));
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);

  /* Division: the whole district or one street. */
  self->division_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->division_row), _("Division"));
  self->division_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->division_row, G_LIST_MODEL (self->division_names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->division_row));
  g_signal_connect_swapped (self->division_row, "notify::selected", G_CALLBACK (on_division_selected), self);

  /* A page per street. */
  self->per_street_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->per_street_row), _("A page for each street"));
  adw_action_row_set_subtitle (self->per_street_row,
                               _("Each street’s own tables after the district’s; for the whole district only"));
  self->per_street_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->per_street_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->per_street_row, GTK_WIDGET (self->per_street_switch));
  adw_action_row_set_activatable_widget (self->per_street_row, GTK_WIDGET (self->per_street_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->per_street_row));
  g_signal_connect_swapped (self->per_street_switch, "notify::active", G_CALLBACK (on_per_street), self);

  /* Format: what this build cannot write is insensitive, and the row says why. */
  self->format_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("Format"));
  adw_action_row_add_suffix (self->format_row,
                             linked_toggles (self->format_buttons, format_labels, GW_N_REPORT_FORMATS,
                                             G_CALLBACK (on_format_toggled), self));
  for (guint i = 0; i < GW_N_REPORT_FORMATS; i++)
    {
      g_autoptr(GError) error = NULL;

      if (gw_report_format_is_available (i, &error))
        continue;
      gtk_widget_set_sensitive (GTK_WIDGET (self->format_buttons[i]), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->format_buttons[i]), error->message);
      if (unavailable->len > 0)
        g_string_append_c (unavailable, '\n');
      g_string_append (unavailable, error->message);
    }
  adw_action_row_set_subtitle (self->format_row, unavailable->len > 0
                               ? unavailable->str
                               : _("PDF to print and send up; CSV and XLSX for spreadsheets"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));
  gtk_box_append (GTK_BOX (page), group);

  /* How the save goes: a spinner, what happened, Open. */
  status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_wrap_mode (self->status_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_selectable (self->status_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  self->open_button = gtk_button_new_with_mnemonic (_("_Open"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "report.open");
  gtk_widget_set_tooltip_text (self->open_button, _("Open the report in the application for its format"));
  gtk_widget_set_valign (self->open_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (status), self->open_button);
  gtk_widget_set_size_request (status, -1, 40);
  gtk_box_append (GTK_BOX (page), status);

  gtk_widget_set_margin_start (page, 18);
  gtk_widget_set_margin_end (page, 18);
  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_box_append (GTK_BOX (content), page);
  adw_window_set_content (ADW_WINDOW (self), content);
}

/* GObject ------------------------------------------------------------------------------------- */

static gboolean
gw_report_dialog_close_request (GtkWindow *window)
{
  GwReportDialog *self = GW_REPORT_DIALOG (window);

  /* What has not begun writing stops; a file being written is finished. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (gw_report_dialog_parent_class)->close_request (window);
}

static void
gw_report_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwReportDialog *self = GW_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, gw_report_dialog_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_report_dialog_dispose (GObject *object)
{
  GwReportDialog *self = GW_REPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  G_OBJECT_CLASS (gw_report_dialog_parent_class)->dispose (object);
}

static void
gw_report_dialog_finalize (GObject *object)
{
  GwReportDialog *self = GW_REPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->division_names);
  g_clear_object (&self->folder);
  g_clear_object (&self->saved_file);
  g_clear_pointer (&self->job, save_job_free);
  g_clear_pointer (&self->street_codes, g_ptr_array_unref);
  g_clear_pointer (&self->street_names, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_free (self->division);
  g_free (self->message);
  G_OBJECT_CLASS (gw_report_dialog_parent_class)->finalize (object);
}

static void
gw_report_dialog_class_init (GwReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = gw_report_dialog_get_property;
  object_class->dispose = gw_report_dialog_dispose;
  object_class->finalize = gw_report_dialog_finalize;
  window_class->close_request = gw_report_dialog_close_request;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "report.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_report_dialog_init (GwReportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->street_codes = g_ptr_array_new_with_free_func (g_free);
  self->street_names = g_ptr_array_new_with_free_func (g_free);
  self->period = GW_REPORT_DAILY;
  self->format = gw_report_format_is_available (GW_REPORT_FORMAT_PDF, NULL) ? GW_REPORT_FORMAT_PDF
                                                                            : GW_REPORT_FORMAT_CSV;
  build (self);
}

/* Public -------------------------------------------------------------------------------------- */

GwReportDialog *
gw_report_dialog_new (GtkWindow *parent,
                      GwStore   *store,
                      GwClock   *clock)
{
  GwReportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_REPORT_DIALOG, "transient-for", parent, "title", _("Reports"),
                       "default-width", 560, "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  default_day (self, self->period, &self->year, &self->month, &self->day);
  sync_all (self);
  gw_store_read_async (store, streets_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       on_streets, g_object_ref (self));
  return self;
}

GwReportDialog *
gw_report_dialog_find (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_REPORT_DIALOG (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return GW_REPORT_DIALOG (window);
    }
  return NULL;
}

void
gw_report_dialog_set_period (GwReportDialog *self,
                             GwReportPeriod  period)
{
  g_return_if_fail (GW_IS_REPORT_DIALOG (self));
  g_return_if_fail (period < GW_N_REPORT_PERIODS);

  if (self->period == period)
    return;
  self->period = period;
  if (!self->date_chosen)
    default_day (self, period, &self->year, &self->month, &self->day);
  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->period_buttons[period], TRUE);
  self->syncing = FALSE;
  sync_date (self);
}

GwReportPeriod
gw_report_dialog_get_period (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), GW_REPORT_DAILY);
  return self->period;
}

void
gw_report_dialog_set_date (GwReportDialog *self,
                           int             year,
                           int             month,
                           int             day)
{
  g_return_if_fail (GW_IS_REPORT_DIALOG (self));
  g_return_if_fail (year >= 1970 && year <= 9999 &&
                    g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year));

  self->year = year;
  self->month = month;
  self->day = day;
  self->date_chosen = TRUE;
  sync_date (self);
}

void
gw_report_dialog_get_date (GwReportDialog *self,
                           int            *year,
                           int            *month,
                           int            *day)
{
  g_return_if_fail (GW_IS_REPORT_DIALOG (self));

  if (year)
    *year = self->year;
  if (month)
    *month = self->month;
  if (day)
    *day = self->day;
}

void
gw_report_dialog_set_division (GwReportDialog *self,
                               const char     *code)
{
  g_return_if_fail (GW_IS_REPORT_DIALOG (self));

  if (code != NULL && *code == '\0')
    code = NULL;
  if (g_strcmp0 (self->division, code) == 0)
    return;
  g_free (self->division);
  self->division = g_strdup (code);
  sync_division (self);
}

const char *
gw_report_dialog_get_division (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), NULL);
  return self->division;
}

gboolean
gw_report_dialog_set_format (GwReportDialog *self,
                             GwReportFormat  format)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (format < GW_N_REPORT_FORMATS, FALSE);

  if (!gw_report_format_is_available (format, NULL))
    return FALSE;
  self->format = format;
  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->format_buttons[format], TRUE);
  self->syncing = FALSE;
  return TRUE;
}

GwReportFormat
gw_report_dialog_get_format (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), GW_REPORT_FORMAT_CSV);
  return self->format;
}

void
gw_report_dialog_set_per_street (GwReportDialog *self,
                                 gboolean        per_street)
{
  g_return_if_fail (GW_IS_REPORT_DIALOG (self));

  self->per_street = per_street;
  sync_division (self);
}

char *
gw_report_dialog_suggest_name (GwReportDialog *self)
{
  g_autofree char *period = NULL, *name = NULL;
  const char *street = NULL;
  gint64 from, to;

  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), NULL);

  if (!gw_report_window (self->period, self->year, self->month, self->day, &from, &to, NULL))
    from = 0;
  {
    g_autoptr(GDateTime) start = gw_time_to_date_time (from);

    switch (self->period)
      {
      case GW_REPORT_WEEKLY:
        period = g_strdup_printf ("%d-W%02d", g_date_time_get_week_numbering_year (start),
                                  g_date_time_get_week_of_year (start));
        /* TRANSLATORS: the file name proposed for a weekly report; %s is the ISO week, e.g. 2026-W47 */
        name = g_strdup_printf (_("weekly-report-%s"), period);
        break;
      case GW_REPORT_MONTHLY:
        period = g_date_time_format (start, "%Y-%m");
        /* TRANSLATORS: the file name proposed for a monthly report; %s is the month, e.g. 2026-10 */
        name = g_strdup_printf (_("monthly-report-%s"), period);
        break;
      case GW_REPORT_DAILY:
      case GW_N_REPORT_PERIODS:
      default:
        period = g_date_time_format (start, "%Y-%m-%d");
        /* TRANSLATORS: the file name proposed for a daily report; %s is the day, e.g. 2026-11-21 */
        name = g_strdup_printf (_("daily-report-%s"), period);
        break;
      }
  }
  for (guint i = 0; self->division && i < self->street_codes->len; i++)
    if (g_str_equal (self->division, g_ptr_array_index (self->street_codes, i)))
      street = g_ptr_array_index (self->street_names, i);
  if (street == NULL)
    street = self->division;
  if (street != NULL)
    {
      g_autofree char *prefixed = g_strdup_printf ("%s-%s", street, name);

      g_free (name);
      name = g_strdelimit (g_steal_pointer (&prefixed), G_DIR_SEPARATOR_S, '-');
    }
  return g_strdup_printf ("%s.%s", name, gw_report_format_to_string (self->format));
}

void
gw_report_dialog_save_to (GwReportDialog *self,
                          GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (GW_IS_REPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->job != NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, TRUE, _("Checking the folder…"));
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (&error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE,
                   _("Reports are saved to a folder on this computer; choose one there"));
      finish (self, error);
      return;
    }
  if (!gw_report_format_is_available (self->format, &error))
    {
      finish (self, error);
      return;
    }
  job = g_new0 (SaveJob, 1);
  job->path = g_steal_pointer (&path);
  job->format = self->format;
  job->division = g_strdup (self->division);
  gw_report_options_init (&job->options);
  job->options.period = self->period;
  job->options.year = self->year;
  job->options.month = self->month;
  job->options.day = self->day;
  job->options.division_code = job->division;
  job->options.per_street = self->per_street && self->division == NULL;
  job->options.generated_at = gw_clock_get_now (self->clock);
  self->job = job;

  task = g_task_new (self, self->cancellable, on_checked, NULL);
  g_task_set_source_tag (task, gw_report_dialog_save_to);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, check_thread);
}

gboolean
gw_report_dialog_get_busy (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), FALSE);
  return self->busy;
}

GFile *
gw_report_dialog_get_saved_file (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), NULL);
  return self->saved_file;
}

guint
gw_report_dialog_get_n_pages (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), 0);
  return self->n_pages;
}

const GError *
gw_report_dialog_get_error (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), NULL);
  return self->error;
}

const char *
gw_report_dialog_get_message (GwReportDialog *self)
{
  g_return_val_if_fail (GW_IS_REPORT_DIALOG (self), NULL);
  return self->message;
}
