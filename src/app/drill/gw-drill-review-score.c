/* gw-drill-review-score.c: the review window's score panel and its PDF.
 *
 * The score (gw-drill-score.h) needs the scenario the drill played: the drill's own link
 * has it when the drill ran in this process or on this seat's server; otherwise the
 * shipped scenario with the drill's id is looked for (read on a worker thread), and failing
 * that the panel asks for the scenario's file. The score is computed on a store reader;
 * the PDF is built and written on a worker thread (gw_report_export writes a temporary
 * file and renames it, so a failure leaves no file).
 */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-drill-review-window-private.h"
#include "gw-drill-score.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-report-export.h"
#include "gw-scenario.h"

/* A score and what its report needs, shared by the panel and the export's worker. */
typedef struct {
  GwDrillScore *score;
  char         *county;
} Scored;

static void
scored_clear (gpointer data)
{
  Scored *s = data;

  g_clear_pointer (&s->score, gw_drill_score_free);
  g_clear_pointer (&s->county, g_free);
}

static void
scored_unref (Scored *s)
{
  g_rc_box_release_full (s, scored_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scored, scored_unref)

struct _GwDrillReviewScore
{
  GObject         *owner;       /* the window (not a reference) */
  GtkBox          *box;
  AdwToastOverlay *toasts;
  GCancellable    *cancellable; /* the window's */
  GtkWidget       *spinner;
  GtkWidget       *button;
  AdwWindowTitle  *title;
  GwStore         *store;
  GwDrillReview   *review;
  GwScenario      *scenario;
  Scored          *scored;
  guint            generation;  /* of the review shown: late answers for another are dropped */

  gboolean         busy;
  GFile           *file;
  GError          *error;
};

static void
clear_box (GwDrillReviewScore *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
}

static GtkWidget *
label_new (const char *text,
           const char *css_class,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_message (GwDrillReviewScore *self,
              const char         *message,
              const char         *button_label,
              GCallback           clicked)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = label_new (message, "dim-label", 0.5);

  clear_box (self);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (button_label != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "pill");
      g_signal_connect_swapped (button, "clicked", clicked, self);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_box_append (self->box, box);
}

/* Words ----------------------------------------------------------------------------------- */

static char *
format_seconds (double seconds)
{
  gint64 s;

  if (isnan (seconds))
    return g_strdup ("—");
  s = (gint64) llround (seconds);
  if (s < 60)
    /* TRANSLATORS: a duration in seconds */
    return g_strdup_printf (_("%d s"), (int) s);
  if (s < 3600)
    /* TRANSLATORS: a duration in minutes and seconds */
    return g_strdup_printf (_("%d min %02d s"), (int) (s / 60), (int) (s % 60));
  /* TRANSLATORS: a duration in hours and minutes */
  return g_strdup_printf (_("%d h %02d min"), (int) (s / 3600), (int) (s / 60 % 60));
}

static char *
format_rate (GwRate rate)
{
  double v = gw_rate_value (rate);

  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f %%", v * 100);
}

static const char *
outcome_label (GwDrillOutcome outcome)
{
  static const char *const labels[GW_N_DRILL_OUTCOMES] = {
    NC_("expectation", "Met"), NC_("expectation", "Late"), NC_("expectation", "Missed"),
    NC_("expectation", "Pending"),
  };

  return outcome < GW_N_DRILL_OUTCOMES ? g_dpgettext2 (NULL, "expectation", labels[outcome]) : "";
}

static const char *
seat_name (const GwScenarioSeat *seat)
{
  const char *title;

  if (seat == NULL)
    return C_("drill score", "Team");
  title = gw_scenario_text_get (&seat->title);
  return title != NULL ? title : seat->id;
}

/* The panel ------------------------------------------------------------------------------- */

static GtkWidget *
figure_card (const char *title,
             const char *value,
             const char *caption)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "drill-score-card");
  gtk_box_append (GTK_BOX (card), label_new (title, "heading", 0));
  gtk_box_append (GTK_BOX (card), label_new (value, "drill-score-value", 0));
  if (caption != NULL)
    {
      GtkWidget *c = label_new (caption, "dim-label", 0);

      gtk_label_set_wrap (GTK_LABEL (c), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (c), 34);
      gtk_widget_add_css_class (c, "caption");
      gtk_box_append (GTK_BOX (card), c);
    }
  return card;
}

static void
attach_cell (GtkGrid    *grid,
             int         column,
             int         row,
             const char *text,
             const char *css_class,
             const char *tooltip)
{
  GtkWidget *label = label_new (text, css_class, column == 0 ? 0 : 1);

  gtk_widget_set_tooltip_text (label, tooltip);
  if (column == 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
add_seat_row (GtkGrid                *grid,
              int                     row,
              const GwDrillSeatScore *s)
{
  const char *css = s->seat == NULL ? "heading" : NULL;
  g_autofree char *actions = g_strdup_printf ("%u", s->n_actions);
  g_autofree char *met = g_strdup_printf ("%u / %u", s->met, s->expectations);
  g_autofree char *points = g_strdup_printf ("%u / %u", s->points_met, s->points);

  attach_cell (grid, 0, row, seat_name (s->seat), css, s->seat ? s->seat->username : NULL);
  attach_cell (grid, 1, row, actions, css, NULL);
  for (int m = 0; m < GW_N_DRILL_MEASURES; m++)
    {
      g_autofree char *median = format_seconds (s->timings[m].median_seconds);
      g_autofree char *mean = format_seconds (s->timings[m].mean_seconds);
      g_autofree char *tooltip = NULL;

      /* TRANSLATORS: a tooltip: the mean of a time and how many tickets it is over */
      tooltip = g_strdup_printf (ngettext ("Mean %s, over %u ticket", "Mean %s, over %u tickets",
                                           s->timings[m].count),
                                 mean, s->timings[m].count);
      attach_cell (grid, 2 + m, row, median, css, tooltip);
    }
  attach_cell (grid, 2 + GW_N_DRILL_MEASURES, row, met, css, NULL);
  attach_cell (grid, 3 + GW_N_DRILL_MEASURES, row, points, css, NULL);
}

static GtkWidget *
seats_table (const GwDrillScore *score)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  const char *headings[] = {
    C_("drill score", "Seat"), C_("drill score", "Actions"), C_("drill score", "Acknowledge"),
    C_("drill score", "Screen"), C_("drill score", "Dispatch"), C_("drill score", "Sign for"),
    C_("drill score", "Close"), C_("drill score", "Expectations met"), C_("drill score", "Points"),
  };
  int row = 1;

  G_STATIC_ASSERT (G_N_ELEMENTS (headings) == 4 + GW_N_DRILL_MEASURES);
  gtk_grid_set_column_spacing (grid, 24);
  gtk_grid_set_row_spacing (grid, 6);
  gtk_widget_add_css_class (GTK_WIDGET (grid), "drill-score-table");
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    attach_cell (grid, i, 0, headings[i], "dim-label", i >= 2 && i < 2 + GW_N_DRILL_MEASURES
                 ? _("The median time from the report, over the drill’s tickets") : NULL);
  for (guint i = 0; i < score->seats->len; i++)
    add_seat_row (grid, row++, g_ptr_array_index (score->seats, i));
  add_seat_row (grid, row, &score->team);
  return GTK_WIDGET (grid);
}

static GtkWidget *
expectations_table (const GwDrillScore *score)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  const char *headings[] = {
    C_("drill score", "Expectation"), C_("drill score", "Outcome"), C_("drill score", "Done"),
    C_("drill score", "By"), C_("drill score", "Late by"), C_("drill score", "Points"),
  };

  gtk_grid_set_column_spacing (grid, 24);
  gtk_grid_set_row_spacing (grid, 6);
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    attach_cell (grid, i, 0, headings[i], "dim-label", NULL);
  for (guint i = 0; i < score->expectations->len; i++)
    {
      const GwDrillExpectationResult *r = g_ptr_array_index (score->expectations, i);
      const char *title = gw_scenario_text_get (&r->expectation->title);
      g_autofree char *done = r->done_at ? _gw_drill_review_format_elapsed (r->done_at - score->start) : g_strdup ("—");
      g_autofree char *late = r->late_by > 0 ? format_seconds (r->late_by) : g_strdup ("—");
      g_autofree char *points = g_strdup_printf ("%u", r->outcome == GW_DRILL_OUTCOME_MET ? r->expectation->points : 0);
      const char *css = r->outcome == GW_DRILL_OUTCOME_MET ? "success"
                      : r->outcome == GW_DRILL_OUTCOME_PENDING ? "dim-label"
                      : r->outcome == GW_DRILL_OUTCOME_LATE ? "warning" : "error";
      const GwScenarioSeat *by = r->done_by ? gw_scenario_find_seat (score->scenario, r->done_by) : NULL;

      attach_cell (grid, 0, i + 1, title ? title : r->expectation->id, NULL, r->expectation->id);
      attach_cell (grid, 1, i + 1, outcome_label (r->outcome), css, NULL);
      attach_cell (grid, 2, i + 1, done, NULL, NULL);
      attach_cell (grid, 3, i + 1, by ? seat_name (by) : r->done_by ? r->done_by : "—", NULL, NULL);
      attach_cell (grid, 4, i + 1, late, NULL, NULL);
      attach_cell (grid, 5, i + 1, points, NULL, NULL);
    }
  return GTK_WIDGET (grid);
}

static void
fill_panel (GwDrillReviewScore *self)
{
  const GwDrillScore *s = self->scored->score;
  GtkWidget *cards = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *tables = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 36);
  guint outcomes[GW_N_DRILL_OUTCOMES] = { 0, };
  g_autofree char *total = g_strdup_printf ("%.1f", s->total);
  g_autofree char *total_caption = NULL;
  g_autofree char *met = NULL, *met_caption = NULL;
  g_autofree char *deadlines = NULL, *deadlines_caption = NULL;
  g_autofree char *response = format_rate (s->figures.response);
  g_autofree char *resolution = format_rate (s->figures.resolution);
  g_autofree char *satisfaction = format_rate (s->figures.satisfaction);
  g_autofree char *rates_caption = NULL;
  g_autofree char *lag = NULL, *injections = NULL, *injections_caption = NULL;
  GtkWidget *card;

  for (guint i = 0; i < s->expectations->len; i++)
    outcomes[((GwDrillExpectationResult *) g_ptr_array_index (s->expectations, i))->outcome]++;
  total_caption = g_strdup_printf (_("%u of %u points"), s->points_met, s->points);
  met = g_strdup_printf ("%u / %u", outcomes[GW_DRILL_OUTCOME_MET], s->expectations->len);
  met_caption = g_strdup_printf (_("%u late, %u missed, %u pending"), outcomes[GW_DRILL_OUTCOME_LATE],
                                 outcomes[GW_DRILL_OUTCOME_MISSED], outcomes[GW_DRILL_OUTCOME_PENDING]);
  deadlines = g_strdup_printf ("%u / %u", s->sign_deadlines_kept + s->handle_deadlines_kept,
                               s->sign_deadlines_due + s->handle_deadlines_due);
  deadlines_caption = g_strdup_printf (_("Sign-for %u / %u, handling %u / %u"), s->sign_deadlines_kept,
                                       s->sign_deadlines_due, s->handle_deadlines_kept, s->handle_deadlines_due);
  rates_caption = g_strdup_printf (_("Resolution %s, satisfaction %s"), resolution, satisfaction);
  injections = g_strdup_printf ("%u", s->n_injections);
  lag = format_seconds (isnan (s->median_lag_ms) ? NAN : s->median_lag_ms / 1000.0);
  injections_caption = g_strdup_printf (ngettext ("%u failed; median lag %s", "%u failed; median lag %s",
                                                  s->n_failed),
                                        s->n_failed, lag);

  clear_box (self);
  card = figure_card (_("Total score"), total, total_caption);
  gtk_widget_add_css_class (card, "drill-score-total");
  gtk_box_append (GTK_BOX (cards), card);
  gtk_box_append (GTK_BOX (cards), figure_card (_("Expectations met"), met, met_caption));
  gtk_box_append (GTK_BOX (cards), figure_card (_("Deadlines kept"), deadlines, deadlines_caption));
  gtk_box_append (GTK_BOX (cards), figure_card (_("Response rate"), response, rates_caption));
  gtk_box_append (GTK_BOX (cards), figure_card (_("Injections"), injections, injections_caption));
  gtk_box_append (self->box, cards);

  gtk_box_append (GTK_BOX (tables), seats_table (s));
  if (s->expectations->len > 0)
    gtk_box_append (GTK_BOX (tables), expectations_table (s));
  gtk_box_append (self->box, tables);
}

/* Reading the score ----------------------------------------------------------------------- */

static gpointer
score_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  GwScenario *scenario = data;
  g_autoptr(GwDrillScore) score = gw_drill_score_compute (db, scenario, 0, error);
  g_autoptr(GPtrArray) districts = NULL;
  Scored *s;

  if (score == NULL)
    return NULL;
  s = g_rc_box_new0 (Scored);
  s->score = g_steal_pointer (&score);
  districts = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, NULL);
  if (districts != NULL && districts->len > 0)
    s->county = g_strdup (((GwDivision *) g_ptr_array_index (districts, 0))->name);
  return s;
}

typedef struct {
  GObject *owner;
  guint    generation;
} Call;

static Call *
call_new (GwDrillReviewScore *self)
{
  Call *call = g_new (Call, 1);

  call->owner = g_object_ref (self->owner);
  call->generation = self->generation;
  return call;
}

static void
call_free (Call *call)
{
  g_object_unref (call->owner);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* The panel of a call still current, or NULL (closed, or another review since). */
static GwDrillReviewScore *
call_panel (Call     *call,
            GError   *error)
{
  GwDrillReviewScore *self = g_object_get_data (call->owner, "gw-score");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self == NULL ||
      g_cancellable_is_cancelled (self->cancellable) || self->generation != call->generation)
    return NULL;
  return self;
}

static void
on_score_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  Scored *scored = gw_store_read_finish (GW_STORE (object), result, &error);
  GwDrillReviewScore *self = call_panel (call, error);

  if (self == NULL)
    {
      g_clear_pointer (&scored, scored_unref);
      return;
    }
  if (scored == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The score could not be computed: %s"), error->message);

      show_message (self, message, NULL, NULL);
      return;
    }
  g_clear_pointer (&self->scored, scored_unref);
  self->scored = scored;
  fill_panel (self);
  gtk_widget_set_sensitive (self->button, TRUE);
}

static void
compute (GwDrillReviewScore *self)
{
  show_message (self, _("Computing the score…"), NULL, NULL);
  gw_store_read_async (self->store, score_func, gw_scenario_ref (self->scenario), (GDestroyNotify) gw_scenario_unref,
                       (GDestroyNotify) scored_unref, self->cancellable, on_score_read, call_new (self));
}

/* Finding the scenario -------------------------------------------------------------------- */

static void choose_scenario (GwDrillReviewScore *self);

static void
use_scenario (GwDrillReviewScore *self,
              GwScenario         *scenario)
{
  g_clear_pointer (&self->scenario, gw_scenario_unref);
  self->scenario = gw_scenario_ref (scenario);
  /* The scenario's title in the UI's language (the copy's meta has the county's). */
  if (self->title != NULL && gw_scenario_text_get (&scenario->title) != NULL)
    adw_window_title_set_title (self->title, gw_scenario_text_get (&scenario->title));
  _gw_drill_review_window_set_scenario (GTK_WIDGET (self->owner), scenario);
  compute (self);
}

/* On a worker: the shipped scenario with the drill's id, or the file given (task data). */
static void
find_scenario_thread (GTask        *task,
                      gpointer      source,
                      gpointer      data,
                      GCancellable *cancellable)
{
  const char *id = g_object_get_data (G_OBJECT (task), "gw-id");
  const char *path = g_object_get_data (G_OBJECT (task), "gw-path");
  g_auto(GStrv) files = NULL;
  GError *error = NULL;

  if (path != NULL)
    {
      GwScenario *scenario = gw_scenario_new_from_file (path, NULL, &error);

      if (scenario == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, scenario, (GDestroyNotify) gw_scenario_unref);
      return;
    }
  files = gw_scenario_list_shipped ();
  for (guint i = 0; files[i] != NULL && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GwScenario) scenario = gw_scenario_new_from_file (files[i], NULL, NULL);

      if (scenario != NULL && g_strcmp0 (scenario->id, id) == 0)
        {
          g_task_return_pointer (task, g_steal_pointer (&scenario), (GDestroyNotify) gw_scenario_unref);
          return;
        }
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
on_scenario_found (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) scenario = g_task_propagate_pointer (G_TASK (result), &error);
  GwDrillReviewScore *self = call_panel (call, error);
  const char *id;
  g_autofree char *message = NULL;

  if (self == NULL)
    return;
  id = gw_drill_review_get_scenario (self->review);
  if (scenario != NULL && g_strcmp0 (scenario->id, id) == 0)
    {
      use_scenario (self, scenario);
      return;
    }
  if (error != NULL)
    message = g_strdup_printf (_("The scenario could not be read: %s"), error->message);
  else if (scenario != NULL)
    message = g_strdup_printf (_("That file is the scenario “%s”; this drill played “%s”."), scenario->id, id);
  else
    message = g_strdup_printf (_("The score needs the scenario the drill played, “%s”, which is not among the "
                                 "shipped scenarios."), id);
  show_message (self, message, _("Choose the _Scenario File…"), G_CALLBACK (choose_scenario));
}

static void
find_scenario (GwDrillReviewScore *self,
               const char         *path)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_scenario_found, call_new (self));

  show_message (self, _("Looking for the drill’s scenario…"), NULL, NULL);
  g_object_set_data_full (G_OBJECT (task), "gw-id", g_strdup (gw_drill_review_get_scenario (self->review)), g_free);
  g_object_set_data_full (G_OBJECT (task), "gw-path", g_strdup (path), g_free);
  g_task_run_in_thread (task, find_scenario_thread);
}

static void
on_scenario_chosen (GtkNativeDialog    *dialog,
                    int                 response,
                    GwDrillReviewScore *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        find_scenario (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_scenario (GwDrillReviewScore *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Choose the Drill’s Scenario"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self->box))),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Scenarios"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_scenario_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Exporting ------------------------------------------------------------------------------- */

static void
set_busy (GwDrillReviewScore *self,
          gboolean            busy)
{
  self->busy = busy;
  if (self->spinner != NULL)
    {
      gtk_widget_set_visible (self->spinner, busy);
      gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
    }
  if (self->button != NULL)
    gtk_widget_set_sensitive (self->button, !busy && self->scored != NULL);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Scored *scored = data;
  const char *path = g_object_get_data (G_OBJECT (task), "gw-path");
  g_autoptr(GwReport) report = gw_drill_score_to_report (scored->score, scored->county);
  GError *error = NULL;

  if (!gw_report_export (report, GW_REPORT_FORMAT_PDF, path, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  GwDrillReviewScore *self = g_object_get_data (call->owner, "gw-score");
  g_autofree char *message = NULL;

  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  if (!ok)
    {
      g_clear_object (&self->file);
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      message = g_strdup_printf (_("The report could not be written: %s"), error->message);
    }
  else
    {
      g_autofree char *path = g_file_get_path (self->file);
      g_autofree char *shown = gw_format_path (path);

      message = g_strdup_printf (_("The report was written to %s"), shown);
    }
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

void
_gw_drill_review_score_export_to (GwDrillReviewScore *self,
                                  GFile              *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) missing = NULL;

  if (self->busy || self->scored == NULL)
    return;
  g_set_object (&self->file, file);
  g_clear_error (&self->error);
  if (path == NULL || !gw_report_format_is_available (GW_REPORT_FORMAT_PDF, &missing))
    {
      self->error = missing ? g_steal_pointer (&missing)
                            : g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      g_clear_object (&self->file);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (self->error->message));
      return;
    }
  set_busy (self, TRUE);
  /* Not the window's cancellable: a report being written is finished, then reported to
   * nobody if the window has closed. */
  task = g_task_new (NULL, NULL, on_exported, call_new (self));
  g_task_set_task_data (task, g_rc_box_acquire (self->scored), (GDestroyNotify) scored_unref);
  g_object_set_data_full (G_OBJECT (task), "gw-path", g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_chosen (GtkNativeDialog    *dialog,
                  int                 response,
                  GwDrillReviewScore *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      _gw_drill_review_score_export_to (self, file);
    }
  g_object_unref (dialog);
}

void
_gw_drill_review_score_choose_file (GwDrillReviewScore *self,
                                    GtkWindow          *parent)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->busy || self->scored == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export the After-Action Report"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* TRANSLATORS: the file name "Export PDF…" proposes; %s is the scenario's id */
  name = g_strdup_printf (_("after-action-review-%s.pdf"), self->scenario && self->scenario->id ? self->scenario->id : "drill");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The panel's life ------------------------------------------------------------------------ */

GwDrillReviewScore *
_gw_drill_review_score_new (GObject         *owner,
                            GtkBox          *box,
                            AdwToastOverlay *toasts,
                            GCancellable    *cancellable)
{
  GwDrillReviewScore *self = g_new0 (GwDrillReviewScore, 1);

  self->owner = owner;
  self->box = box;
  self->toasts = toasts;
  self->cancellable = g_object_ref (cancellable);
  /* What late answers find the panel by: gone with the window (or cleared on free). */
  g_object_set_data (owner, "gw-score", self);
  return self;
}

void
_gw_drill_review_score_free (GwDrillReviewScore *self)
{
  g_object_set_data (self->owner, "gw-score", NULL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->review, gw_drill_review_unref);
  g_clear_pointer (&self->scenario, gw_scenario_unref);
  g_clear_pointer (&self->scored, scored_unref);
  g_clear_object (&self->file);
  g_clear_error (&self->error);
  g_free (self);
}

void
_gw_drill_review_score_set_widgets (GwDrillReviewScore *self,
                                    GtkWidget          *spinner,
                                    GtkWidget          *button,
                                    AdwWindowTitle     *title)
{
  self->spinner = spinner;
  self->button = button;
  self->title = title;
  set_busy (self, FALSE);
}

void
_gw_drill_review_score_set_store (GwDrillReviewScore *self,
                                  GwStore            *store)
{
  g_set_object (&self->store, store);
  self->generation++;
  g_clear_pointer (&self->scored, scored_unref);
  g_clear_pointer (&self->scenario, gw_scenario_unref);
  set_busy (self, self->busy);
}

void
_gw_drill_review_score_show (GwDrillReviewScore *self,
                             GwDrillReview      *review)
{
  GwDrillLink *link = self->store ? gw_drill_watermark_get_link (self->store) : NULL;
  GwScenario *scenario = link ? gw_drill_link_get_scenario (link) : NULL;

  g_clear_pointer (&self->review, gw_drill_review_unref);
  self->review = gw_drill_review_ref (review);
  self->generation++;
  g_clear_pointer (&self->scored, scored_unref);
  set_busy (self, self->busy);
  if (gw_drill_review_get_scenario (review) == NULL)
    show_message (self, _("This database is not a drill’s copy: there is no score."), NULL, NULL);
  else if (scenario != NULL && g_strcmp0 (scenario->id, gw_drill_review_get_scenario (review)) == 0)
    use_scenario (self, scenario);
  else
    find_scenario (self, NULL);
}

gboolean
_gw_drill_review_score_get_busy (GwDrillReviewScore *self)
{
  return self->busy;
}

GFile *
_gw_drill_review_score_get_file (GwDrillReviewScore *self)
{
  return self->busy ? NULL : self->file;
}

const GError *
_gw_drill_review_score_get_error (GwDrillReviewScore *self)
{
  return self->error;
}

const GwDrillScore *
_gw_drill_review_score_get_score (GwDrillReviewScore *self)
{
  return self->scored ? self->scored->score : NULL;
}
