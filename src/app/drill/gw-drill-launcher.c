/* gw-drill-launcher.c: starts an offline drill in this process.
 *
 * The steps, each finishing on the main context:
 *   1. a worker reads the scenario (and finds the county file's size, for the progress);
 *   2. a worker copies the county into the drill's file (or generates the demo county
 *      into it) — meanwhile the main loop polls the copy's size with GIO to show progress;
 *   3. the store opens the copy (on its own thread);
 *   4. on the main context: the drill clock (scaled, paused at the scenario's start), the
 *      GwDrill, its link (also set on the store, so every window shows the watermark), the
 *      console on the copy and the controller.
 */
#define G_LOG_DOMAIN "gw-drill-launcher"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gw-drill-launcher.h"
#include "gw-drill-link.h"
#include "gw-drill-watermark.h"

/* How often the copy's size is looked at (real milliseconds). */
#define PROGRESS_MS 200

typedef struct {
  GtkApplication *application;
  char           *scenario_arg;
  char           *county_path;
  char           *drill_path;
  GwScenario     *scenario;
  guint64         county_size;
  GwStore        *store;

  GtkWindow      *window;        /* the progress window (a strong reference) */
  GtkLabel       *heading;
  GtkLabel       *step;
  GtkProgressBar *bar;
  GtkWidget      *spinner;
  GtkWidget      *close_button;
  guint           progress_id;
  gboolean        polling;       /* a look at the copy's size is under way */
  gboolean        done;
} Launch;

static void
launch_free (Launch *launch)
{
  g_clear_handle_id (&launch->progress_id, g_source_remove);
  g_clear_object (&launch->application);
  g_free (launch->scenario_arg);
  g_free (launch->county_path);
  g_free (launch->drill_path);
  g_clear_pointer (&launch->scenario, gw_scenario_unref);
  g_clear_object (&launch->store);
  g_clear_object (&launch->window);
  g_free (launch);
}

const GwScenarioSeat *
gw_drill_launch_pick_seat (GwScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);

      if (seat->role == GW_ROLE_DISTRICT_CENTER || seat->role == GW_ROLE_COMMANDER)
        return seat;
    }
  return scenario->seats->len > 0 ? g_ptr_array_index (scenario->seats, 0) : NULL;
}

char *
gw_drill_resolve_scenario (const char *scenario)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *shipped = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);

  if (g_file_test (scenario, G_FILE_TEST_IS_REGULAR))
    return g_strdup (scenario);
  base = g_path_get_basename (scenario);
  name = g_str_has_suffix (base, ".json") ? g_strdup (base) : g_strconcat (base, ".json", NULL);
  shipped = g_build_filename (gw_scenario_get_shipped_folder (), name, NULL);
  if (g_file_test (shipped, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&shipped);
  return g_strdup (scenario);
}

/* The progress window ---------------------------------------------------------------------- */

static void
show_step (Launch     *launch,
           const char *text)
{
  gtk_label_set_label (launch->step, text);
}

static void
fail (GTask  *task,
      GError *error)
{
  Launch *launch = g_task_get_task_data (task);

  g_clear_handle_id (&launch->progress_id, g_source_remove);
  launch->done = TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (launch->heading, _("The Drill Cannot Start"));
      show_step (launch, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (launch->step), "error");
      gtk_widget_set_visible (launch->spinner, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (launch->bar), FALSE);
      gtk_button_set_label (GTK_BUTTON (launch->close_button), _("_Close"));
    }
  else
    gtk_window_destroy (launch->window);
  g_task_return_error (task, error);
}

static void
on_close_clicked (GtkButton *button,
                  GTask     *task)
{
  Launch *launch = g_task_get_task_data (task);

  /* Cancel before it is done; close once it has failed. */
  if (!launch->done)
    g_cancellable_cancel (g_task_get_cancellable (task));
  else
    gtk_window_destroy (launch->window);
}

static void
build_window (GTask *task)
{
  Launch *launch = g_task_get_task_data (task);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  launch->window = g_object_ref_sink (GTK_WINDOW (adw_window_new ()));
  gtk_window_set_title (launch->window, _("Preparing the Drill"));
  gtk_window_set_default_size (launch->window, 480, -1);
  if (launch->application != NULL)
    gtk_window_set_application (launch->window, launch->application);

  launch->heading = GTK_LABEL (gtk_label_new (_("Preparing the Drill")));
  gtk_widget_add_css_class (GTK_WIDGET (launch->heading), "title-2");
  launch->step = GTK_LABEL (gtk_label_new (_("Reading the scenario…")));
  gtk_label_set_wrap (launch->step, TRUE);
  gtk_label_set_justify (launch->step, GTK_JUSTIFY_CENTER);
  launch->spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (launch->spinner));
  gtk_widget_set_size_request (launch->spinner, 32, 32);
  launch->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  launch->close_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_halign (launch->close_button, GTK_ALIGN_CENTER);
  g_signal_connect_object (launch->close_button, "clicked", G_CALLBACK (on_close_clicked), task, 0);

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_box_append (GTK_BOX (box), launch->spinner);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (launch->heading));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (launch->step));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (launch->bar));
  gtk_box_append (GTK_BOX (box), launch->close_button);
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), box);
  adw_window_set_content (ADW_WINDOW (launch->window), outer);
  gw_drill_watermark_attach_title (launch->window, NULL);
  gtk_window_present (launch->window);
}

static void
on_copy_size (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Launch *launch = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  launch->polling = FALSE;
  if (launch->done || launch->county_size == 0 || info == NULL)
    return;
  gtk_progress_bar_set_fraction (launch->bar,
                                 CLAMP ((double) g_file_info_get_size (info) / (double) launch->county_size, 0, 1));
}

static gboolean
on_progress (gpointer user_data)
{
  GTask *task = user_data;
  Launch *launch = g_task_get_task_data (task);

  /* A demo county is generated, not copied: no size to compare with. */
  if (launch->county_size == 0)
    {
      gtk_progress_bar_pulse (launch->bar);
      return G_SOURCE_CONTINUE;
    }
  if (!launch->polling)
    {
      g_autoptr(GFile) file = g_file_new_for_path (launch->drill_path);

      launch->polling = TRUE;
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_LOW,
                               g_task_get_cancellable (task), on_copy_size, g_object_ref (task));
    }
  return G_SOURCE_CONTINUE;
}

/* The steps ----------------------------------------------------------------------------------- */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Launch *launch = task_data;
  g_autofree char *path = gw_drill_resolve_scenario (launch->scenario_arg);
  GError *error = NULL;
  GwScenario *scenario = gw_scenario_new_from_file (path, NULL, &error);

  if (scenario == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (launch->county_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (launch->county_path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     cancellable, &error);

      if (info == NULL)
        {
          gw_scenario_unref (scenario);
          g_task_return_error (task, error);
          return;
        }
      launch->county_size = (guint64) g_file_info_get_size (info);
    }
  g_task_return_pointer (task, scenario, (GDestroyNotify) gw_scenario_unref);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Launch *launch = task_data;
  g_autofree char *dir = g_path_get_dirname (launch->drill_path);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               /* TRANSLATORS: %s is a folder, then why it cannot be made */
                               _("Cannot make the folder %s: %s"), dir, g_strerror (saved));
      return;
    }
  if (!gw_drill_prepare_database (launch->county_path, launch->drill_path, launch->scenario, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A worker's step, whose result goes to `done` with the launch's task. */
static void
run_step (GTask               *launch_task,
          GTaskThreadFunc      func,
          GAsyncReadyCallback  done)
{
  g_autoptr(GTask) step = g_task_new (NULL, g_task_get_cancellable (launch_task), done, g_object_ref (launch_task));

  g_task_set_task_data (step, g_task_get_task_data (launch_task), NULL);
  g_task_run_in_thread (step, func);
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Launch *launch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GwClock) clock = NULL;
  g_autoptr(GwDrill) drill = NULL;
  g_autoptr(GwDrillLink) link = NULL;
  const GwScenarioSeat *seat;
  GwMainWindow *window;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    {
      fail (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      gtk_window_destroy (launch->window);
      return;
    }

  clock = gw_clock_new_scaled (launch->scenario->start, 0);
  drill = gw_drill_new (launch->store, launch->scenario, clock);
  link = gw_drill_link_new_local (drill, launch->store);
  gw_drill_watermark_set_link (launch->store, link);
  seat = gw_drill_launch_pick_seat (launch->scenario);
  window = gw_main_window_new_for_drill (launch->application, launch->store, link,
                                         seat != NULL ? seat->id : NULL);
  gtk_window_present (GTK_WINDOW (window));
  gw_main_window_show_drill_controller (window);

  launch->done = TRUE;
  g_clear_handle_id (&launch->progress_id, g_source_remove);
  gtk_window_destroy (launch->window);
  g_task_return_pointer (task, window, NULL);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Launch *launch = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      gtk_window_destroy (launch->window);
      return;
    }
  g_clear_handle_id (&launch->progress_id, g_source_remove);
  gtk_progress_bar_set_fraction (launch->bar, 1);
  show_step (launch, _("Opening the drill…"));
  launch->store = gw_store_new ();
  cancellable = g_task_get_cancellable (task);
  gw_store_open_async (launch->store, launch->drill_path, cancellable, on_store_opened, g_steal_pointer (&task));
}

static void
on_scenario_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Launch *launch = g_task_get_task_data (task);
  GError *error = NULL;
  const char *title;

  launch->scenario = g_task_propagate_pointer (G_TASK (result), &error);
  if (launch->scenario == NULL)
    {
      fail (task, error);
      return;
    }
  title = gw_scenario_text_get (&launch->scenario->title);
  gtk_label_set_label (launch->heading, title);
  gw_drill_watermark_attach_title (launch->window, title);
  if (launch->drill_path == NULL)
    launch->drill_path = gw_drill_default_path (launch->scenario->id);

  if (launch->county_path != NULL)
    show_step (launch, _("Copying the county into the drill’s own file…"));
  else
    {
      /* TRANSLATORS: %s is the name of a demo county's profile: "small", "tongnan" */
      g_autofree char *text = g_strdup_printf (_("Making the scenario’s demo county (“%s”)…"),
                                               launch->scenario->profile != NULL ? launch->scenario->profile : "small");

      show_step (launch, text);
    }
  launch->progress_id = g_timeout_add (PROGRESS_MS, on_progress, task);
  run_step (task, prepare_thread, on_prepared);
}

void
gw_drill_launch_async (GtkApplication      *application,
                       const char          *scenario,
                       const char          *county_path,
                       const char          *drill_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) own = NULL;
  Launch *launch;

  g_return_if_fail (application == NULL || GTK_IS_APPLICATION (application));
  g_return_if_fail (scenario != NULL);

  /* The window's Cancel needs a cancellable even when the caller gave none. */
  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_drill_launch_async);
  launch = g_new0 (Launch, 1);
  launch->application = application != NULL ? g_object_ref (application) : NULL;
  launch->scenario_arg = g_strdup (scenario);
  launch->county_path = g_strdup (county_path);
  launch->drill_path = g_strdup (drill_path);
  g_task_set_task_data (task, launch, (GDestroyNotify) launch_free);

  build_window (task);
  run_step (task, read_thread, on_scenario_read);
}

GwMainWindow *
gw_drill_launch_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
