/* gw-drill-controller.c: the trainer's drill controller, a window of its own.
 *
 * A thin frame over a GwDrillLink: the actions of the "drill" group give the link its
 * commands; what the link shows (notify, "changed") is put on screen; the drill clock is
 * read four times a second while the window is on screen. The timeline shows the last
 * injections applied and the next ones due (a scenario may hold thousands), the
 * expectations all of them.
 */
#define G_LOG_DOMAIN "gw-drill-controller"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-drill-controller.h"
#include "gw-drill-inject-form.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-time.h"

/* The clock is read this often while the window is on screen (real milliseconds). */
#define TICK_MS 250
/* Timeline rows: this many applied before the next, and this many still to come. */
#define TIMELINE_DONE_ROWS    20
#define TIMELINE_PENDING_ROWS 20
#define EXPECTATION_ROWS      200

const double gw_drill_controller_speeds[GW_DRILL_CONTROLLER_N_SPEEDS] = { 1, 2, 5, 10, 30, 60 };

struct _GwDrillController
{
  AdwWindow           parent_instance;

  /* template */
  AdwToastOverlay    *toasts;
  AdwWindowTitle     *window_title;
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkLabel           *clock_label;
  GtkLabel           *date_label;
  GtkLabel           *state_label;
  GtkButton          *start_button;
  GtkBox             *speed_box;
  AdwActionRow       *next_row;
  AdwActionRow       *score_row;
  GtkLabel           *score_label;
  GtkWidget          *expectations_group;
  GtkListBox         *expectations_list;
  GtkWidget          *timeline_group;
  GtkListBox         *timeline_list;

  GwDrillLink        *link;
  GwStore            *store;
  GCancellable       *cancellable;
  GSimpleActionGroup *actions;
  guint               tick_id;
  char               *error;
  guint               n_done;
  GtkWindow          *inject_form;   /* a weak pointer */
  GtkWindow          *end_dialog;    /* a weak pointer */
};

G_DEFINE_FINAL_TYPE (GwDrillController, gw_drill_controller, ADW_TYPE_WINDOW)

static GQuark
controller_quark (void)
{
  return g_quark_from_static_string ("gw-drill-controller");
}

/* What is on screen ------------------------------------------------------------------------ */

static char *
format_speed (double speed)
{
  /* TRANSLATORS: a speed of the drill clock, e.g. "10×" */
  return g_strdup_printf (_("%g×"), speed);
}

static void
update_clock (GwDrillController *self)
{
  GwClock *clock = gw_drill_link_get_clock (self->link);
  gint64 now;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  gint64 next_at = 0;
  const char *next_id = NULL;

  if (clock == NULL)
    return;
  now = gw_clock_get_now (clock);
  dt = gw_time_to_date_time (now);
  time = g_date_time_format (dt, "%H:%M:%S");
  /* TRANSLATORS: the drill clock's date, in g_date_time_format()'s terms */
  date = g_date_time_format (dt, _("%A, %d %B %Y"));
  gtk_label_set_label (self->clock_label, time);
  gtk_label_set_label (self->date_label, date);

  /* A seat knows which injection is next, not when. */
  if (gw_drill_link_get_next (self->link, &next_id, NULL, &next_at) && next_id != NULL && next_at <= 0)
    adw_action_row_set_subtitle (self->next_row, "");
  else if (next_id != NULL)
    {
      g_autofree char *at = gw_format_time (next_at);
      g_autofree char *subtitle = NULL;

      if (next_at > now)
        {
          g_autofree char *left = gw_format_time_left (next_at - now);

          /* TRANSLATORS: when the next injection is due: its time, then how long until then
           * on the drill clock ("09:35:00 · in 4 min") */
          subtitle = g_strdup_printf (_("%s · in %s"), at, left);
        }
      else
        /* TRANSLATORS: the next injection is due now; %s is its time */
        subtitle = g_strdup_printf (_("%s · due now"), at);
      adw_action_row_set_subtitle (self->next_row, subtitle);
    }
}

static gboolean
on_tick (gpointer user_data)
{
  update_clock (GW_DRILL_CONTROLLER (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update_actions (GwDrillController *self)
{
  GwDrillState state = gw_drill_link_get_state (self->link);
  gboolean live = state != GW_DRILL_ENDED;
  gboolean has_next = gw_drill_link_get_next (self->link, NULL, NULL, NULL);
  const struct { const char *name; gboolean enabled; } enabled[] = {
    { "start-pause", live },
    { "start", state == GW_DRILL_READY || state == GW_DRILL_PAUSED },
    { "pause", state == GW_DRILL_RUNNING },
    { "next", live && has_next },
    { "faster", live },
    { "slower", live },
    { "speed", live },
    { "inject", live },
    { "end", live },
    { "end-now", live },
  };

  for (guint i = 0; i < G_N_ELEMENTS (enabled); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), enabled[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled[i].enabled);
    }
}

static void
update_state (GwDrillController *self)
{
  GwDrillState state = gw_drill_link_get_state (self->link);
  g_autofree char *text = gw_drill_link_describe_state (self->link);
  GAction *speed = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "speed");

  gtk_label_set_label (self->state_label, text);
  gtk_button_set_label (self->start_button, state == GW_DRILL_RUNNING ? _("_Pause")
                                            : state == GW_DRILL_PAUSED ? _("_Resume") : _("_Start"));
  if (state == GW_DRILL_RUNNING)
    gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  g_simple_action_set_state (G_SIMPLE_ACTION (speed),
                             g_variant_new_double (gw_drill_link_get_speed (self->link)));
  update_actions (self);
  update_clock (self);
}

static void
update_title (GwDrillController *self)
{
  const char *title = gw_drill_link_get_title (self->link);
  GwScenario *scenario = gw_drill_link_get_scenario (self->link);
  const char *summary = scenario != NULL ? gw_scenario_text_get (&scenario->summary) : NULL;

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->window_title, title != NULL ? title : "");
  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');
}

static void
update_next (GwDrillController *self)
{
  const char *id = NULL;
  const char *title = NULL;

  if (gw_drill_link_get_next (self->link, &id, &title, NULL))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row), title != NULL ? title : id);
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row), _("No injection left"));
      adw_action_row_set_subtitle (self->next_row, "");
    }
  update_actions (self);
  update_clock (self);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
status_icon (GwDrillItemStatus status,
             gboolean          due)
{
  GtkWidget *icon;

  switch (status)
    {
    case GW_DRILL_ITEM_DONE:
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_add_css_class (icon, "success");
      break;
    case GW_DRILL_ITEM_FAILED:
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      break;
    case GW_DRILL_ITEM_LATE:
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      break;
    case GW_DRILL_ITEM_PENDING:
    default:
      icon = gtk_image_new_from_icon_name ("alarm-symbolic");
      gtk_widget_add_css_class (icon, due ? "warning" : "dim-label");
      break;
    }
  return icon;
}

static GtkWidget *
note_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
timeline_row (const GwDrillTimelineItem *item,
              gint64                     now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *at = gw_format_time (item->at);
  g_autofree char *title = g_strdup_printf ("%s · %s", gw_drill_injection_kind_label (item->kind),
                                            item->title != NULL ? item->title : item->id);
  GString *subtitle = g_string_new (at);

  switch (item->status)
    {
    case GW_DRILL_ITEM_DONE:
      g_string_append (subtitle, " · ");
      /* TRANSLATORS: an injection applied, and how late in real seconds ("Done, 0.3 s late") */
      g_string_append_printf (subtitle, _("Done, %.1f s late"), item->lag_ms / 1000.0);
      break;
    case GW_DRILL_ITEM_FAILED:
      g_string_append (subtitle, " · ");
      /* TRANSLATORS: an injection that could not be applied, and why */
      g_string_append_printf (subtitle, _("Failed: %s"), item->problem != NULL ? item->problem : "");
      break;
    case GW_DRILL_ITEM_PENDING:
    default:
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, item->at <= now ? _("Due") : _("Pending"));
      break;
    }
  if (item->ticket_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->ticket_id);

      g_string_append (subtitle, " · ");
      /* TRANSLATORS: the ticket an injection made, by its row id */
      g_string_append_printf (subtitle, _("Ticket %s"), id);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon (item->status, item->at <= now));
  g_string_free (subtitle, TRUE);
  return row;
}

static void
update_timeline (GwDrillController *self)
{
  GPtrArray *items = gw_drill_link_get_timeline (self->link);
  GwClock *clock = gw_drill_link_get_clock (self->link);
  gint64 now = clock != NULL ? gw_clock_get_now (clock) : 0;
  guint first_pending = items->len;
  guint from, to;

  for (guint i = 0; i < items->len; i++)
    if (((GwDrillTimelineItem *) g_ptr_array_index (items, i))->status == GW_DRILL_ITEM_PENDING)
      {
        first_pending = i;
        break;
      }
  from = first_pending > TIMELINE_DONE_ROWS ? first_pending - TIMELINE_DONE_ROWS : 0;
  to = MIN (items->len, first_pending + TIMELINE_PENDING_ROWS);

  clear_list (self->timeline_list);
  if (items->len == 0)
    gtk_list_box_append (self->timeline_list, note_row (_("No injections")));
  if (from > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u earlier injection", "%u earlier injections", from), from);

      gtk_list_box_append (self->timeline_list, note_row (text));
    }
  for (guint i = from; i < to; i++)
    gtk_list_box_append (self->timeline_list, timeline_row (g_ptr_array_index (items, i), now));
  if (to < items->len)
    {
      guint more = items->len - to;
      g_autofree char *text = g_strdup_printf (ngettext ("%u more to come", "%u more to come", more), more);

      gtk_list_box_append (self->timeline_list, note_row (text));
    }
}

static GtkWidget *
expectation_row (const GwDrillExpectationItem *item,
                 gint64                        now)
{
  GtkWidget *row = adw_action_row_new ();
  GString *subtitle = g_string_new (NULL);

  switch (item->status)
    {
    case GW_DRILL_ITEM_DONE:
      g_string_append (subtitle, _("Met"));
      break;
    case GW_DRILL_ITEM_FAILED:
      g_string_append (subtitle, _("Missed"));
      break;
    case GW_DRILL_ITEM_LATE:
      g_string_append (subtitle, _("Met late"));
      break;
    case GW_DRILL_ITEM_PENDING:
    default:
      g_string_append (subtitle, _("Pending"));
      if (item->due > 0)
        {
          g_autofree char *due = gw_format_time (item->due);

          g_string_append (subtitle, " · ");
          /* TRANSLATORS: an expectation's deadline on the drill clock */
          g_string_append_printf (subtitle, _("due by %s"), due);
        }
      break;
    }
  if (item->detail != NULL && *item->detail != '\0')
    g_string_append_printf (subtitle, " · %s", item->detail);
  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle, ngettext ("%u point", "%u points", item->points), item->points);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title != NULL ? item->title : item->id);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             status_icon (item->status, item->due > 0 && item->due <= now));
  g_string_free (subtitle, TRUE);
  return row;
}

static void
update_expectations (GwDrillController *self)
{
  GPtrArray *items = gw_drill_link_get_expectations (self->link);
  GwClock *clock = gw_drill_link_get_clock (self->link);
  gint64 now = clock != NULL ? gw_clock_get_now (clock) : 0;

  clear_list (self->expectations_list);
  if (items->len == 0)
    gtk_list_box_append (self->expectations_list, note_row (_("No expectations")));
  for (guint i = 0; i < MIN (items->len, EXPECTATION_ROWS); i++)
    gtk_list_box_append (self->expectations_list, expectation_row (g_ptr_array_index (items, i), now));
}

static void
update_score (GwDrillController *self)
{
  double earned = 0, possible = 0;
  const char *summary = NULL;
  g_autofree char *score = NULL;

  gw_drill_link_get_score (self->link, &earned, &possible, &summary);
  /* TRANSLATORS: points earned of the points decided so far, e.g. "35 / 50" */
  score = g_strdup_printf (_("%g / %g"), round (earned * 10) / 10, round (possible * 10) / 10);
  gtk_label_set_label (self->score_label, score);
  /* A seat has no score from the server's feed, only how far the drill got. */
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), gw_drill_link_is_local (self->link));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->score_row),
                                 gw_drill_link_is_local (self->link) ? _("Points so far") : _("Progress"));
  adw_action_row_set_subtitle (self->score_row, summary != NULL ? summary : "");
}

static void
on_link_changed (GwDrillController *self)
{
  /* A seat hears of the server's drill only its state and counts: no lists to show. */
  gboolean lists = gw_drill_link_is_local (self->link);

  gtk_widget_set_visible (self->timeline_group, lists);
  gtk_widget_set_visible (self->expectations_group, lists);
  if (lists)
    {
      update_timeline (self);
      update_expectations (self);
    }
  update_score (self);
}

static void
on_link_note (GwDrillController *self,
              const char        *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* Commands ---------------------------------------------------------------------------------- */

static void
show_error (GwDrillController *self,
            const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
on_command_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwDrillController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_drill_link_command_finish (GW_DRILL_LINK (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }
  else
    show_error (self, NULL);
  self->n_done++;
  gw_drill_link_refresh (self->link);
}

static void
run_command (GwDrillController *self,
             GwDrillCommand     command,
             double             speed)
{
  gw_drill_link_command_async (self->link, command, speed, self->cancellable,
                               on_command_done, g_object_ref (self));
}

static void
start_pause_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GwDrillController *self = user_data;

  switch (gw_drill_link_get_state (self->link))
    {
    case GW_DRILL_READY:
    case GW_DRILL_PAUSED:
      run_command (self, GW_DRILL_COMMAND_START, 0);
      break;
    case GW_DRILL_RUNNING:
      run_command (self, GW_DRILL_COMMAND_PAUSE, 0);
      break;
    case GW_DRILL_ENDED:
    default:
      break;
    }
}

static void
start_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  run_command (user_data, GW_DRILL_COMMAND_START, 0);
}

static void
pause_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  run_command (user_data, GW_DRILL_COMMAND_PAUSE, 0);
}

static void
next_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  run_command (user_data, GW_DRILL_COMMAND_NEXT, 0);
}

static void
speed_change_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  GwDrillController *self = user_data;
  double speed = CLAMP (g_variant_get_double (value), GW_SCENARIO_MIN_SPEED, GW_SCENARIO_MAX_SPEED);

  /* The state follows the link once the drill has taken the speed. */
  run_command (self, GW_DRILL_COMMAND_SPEED, speed);
}

static void
step_speed (GwDrillController *self,
            int                direction)
{
  double speed = gw_drill_link_get_speed (self->link);
  double target = speed;

  if (direction > 0)
    {
      target = gw_drill_controller_speeds[GW_DRILL_CONTROLLER_N_SPEEDS - 1];
      for (guint i = 0; i < GW_DRILL_CONTROLLER_N_SPEEDS; i++)
        if (gw_drill_controller_speeds[i] > speed + 1e-9)
          {
            target = gw_drill_controller_speeds[i];
            break;
          }
    }
  else
    {
      target = gw_drill_controller_speeds[0];
      for (int i = GW_DRILL_CONTROLLER_N_SPEEDS - 1; i >= 0; i--)
        if (gw_drill_controller_speeds[i] < speed - 1e-9)
          {
            target = gw_drill_controller_speeds[i];
            break;
          }
    }
  if (fabs (target - speed) > 1e-9)
    run_command (self, GW_DRILL_COMMAND_SPEED, target);
}

static void
faster_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  step_speed (user_data, +1);
}

static void
slower_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  step_speed (user_data, -1);
}

static void
on_injected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwDrillController) self = user_data;
  g_autoptr(GError) error = NULL;

  /* What it made shows in the timeline; only a refusal is said here. */
  gw_drill_link_inject_finish (GW_DRILL_LINK (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }
  else
    show_error (self, NULL);
  self->n_done++;
  gw_drill_link_refresh (self->link);
}

static void
on_inject_form_submit (GwDrillController *self,
                       gpointer           injection)
{
  gw_drill_link_inject_async (self->link, injection, self->cancellable, on_injected, g_object_ref (self));
}

static void
inject_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GwDrillController *self = user_data;

  if (self->inject_form == NULL)
    {
      GwDrillInjectForm *form = gw_drill_inject_form_new (GTK_WINDOW (self), self->store,
                                                          gw_drill_link_get_scenario (self->link));

      g_signal_connect_object (form, "submit", G_CALLBACK (on_inject_form_submit), self, G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->inject_form, GTK_WINDOW (form));
    }
  gtk_window_present (self->inject_form);
}

static void
end_now_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  run_command (user_data, GW_DRILL_COMMAND_END, 0);
}

static void
on_end_response (GwDrillController *self,
                 const char        *response)
{
  if (g_strcmp0 (response, "end") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), "end-now", NULL);
}

/* Ending cannot be undone: asked first (Enter ends, Escape keeps the drill going). */
static void
end_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GwDrillController *self = user_data;
  GtkWidget *dialog;

  if (self->end_dialog != NULL)
    {
      gtk_window_present (self->end_dialog);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("End the Drill?"),
                                   _("The drill clock stops for good and the drill is scored. "
                                     "The drill’s copy of the county stays for the review."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Going"),
                                    "end", _("_End Drill"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "end");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_end_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->end_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry drill_actions[] = {
  { "start-pause", start_pause_activated, NULL, NULL, NULL, { 0 } },
  { "start", start_activated, NULL, NULL, NULL, { 0 } },
  { "pause", pause_activated, NULL, NULL, NULL, { 0 } },
  { "next", next_activated, NULL, NULL, NULL, { 0 } },
  { "faster", faster_activated, NULL, NULL, NULL, { 0 } },
  { "slower", slower_activated, NULL, NULL, NULL, { 0 } },
  { "speed", NULL, "d", "1.0", speed_change_state, { 0 } },
  { "inject", inject_activated, NULL, NULL, NULL, { 0 } },
  { "end", end_activated, NULL, NULL, NULL, { 0 } },
  { "end-now", end_now_activated, NULL, NULL, NULL, { 0 } },
};

/* The keys work wherever the focus is in the window (a focused button would otherwise take
 * Space for itself): a controller of the capture phase. */
static void
add_shortcuts (GwDrillController *self)
{
  const struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_space, 0, "drill.start-pause" },
    { GDK_KEY_Right, GDK_CONTROL_MASK, "drill.next" },
    { GDK_KEY_plus, 0, "drill.faster" },
    { GDK_KEY_plus, GDK_SHIFT_MASK, "drill.faster" },
    { GDK_KEY_equal, 0, "drill.faster" },
    { GDK_KEY_KP_Add, 0, "drill.faster" },
    { GDK_KEY_minus, 0, "drill.slower" },
    { GDK_KEY_underscore, GDK_SHIFT_MASK, "drill.slower" },
    { GDK_KEY_KP_Subtract, 0, "drill.slower" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "drill.inject" },
    { GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "drill.end" },
    { GDK_KEY_w, GDK_CONTROL_MASK, "window.close" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
build_speeds (GwDrillController *self)
{
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < GW_DRILL_CONTROLLER_N_SPEEDS; i++)
    {
      g_autofree char *label = format_speed (gw_drill_controller_speeds[i]);
      GtkWidget *button = gtk_toggle_button_new_with_label (label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "drill.speed");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_double (gw_drill_controller_speeds[i]));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (self->speed_box, button);
    }
}

/* GObject ------------------------------------------------------------------------------------ */

static void
gw_drill_controller_map (GtkWidget *widget)
{
  GwDrillController *self = GW_DRILL_CONTROLLER (widget);

  GTK_WIDGET_CLASS (gw_drill_controller_parent_class)->map (widget);
  update_clock (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
}

static void
gw_drill_controller_unmap (GtkWidget *widget)
{
  GwDrillController *self = GW_DRILL_CONTROLLER (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (gw_drill_controller_parent_class)->unmap (widget);
}

static gboolean
gw_drill_controller_close_request (GtkWindow *window)
{
  GwDrillController *self = GW_DRILL_CONTROLLER (window);

  /* Closing the controller leaves the drill as it is; the console's menu brings it back. */
  if (self->inject_form != NULL)
    gtk_window_destroy (self->inject_form);
  return GTK_WINDOW_CLASS (gw_drill_controller_parent_class)->close_request (window);
}

static void
gw_drill_controller_dispose (GObject *object)
{
  GwDrillController *self = GW_DRILL_CONTROLLER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->link != NULL)
    {
      if (g_object_get_qdata (G_OBJECT (self->link), controller_quark ()) == self)
        g_object_set_qdata (G_OBJECT (self->link), controller_quark (), NULL);
      g_signal_handlers_disconnect_by_data (self->link, self);
    }
  g_clear_object (&self->link);
  g_clear_object (&self->store);
  g_clear_object (&self->actions);
  g_clear_weak_pointer (&self->inject_form);
  g_clear_weak_pointer (&self->end_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_DRILL_CONTROLLER);

  G_OBJECT_CLASS (gw_drill_controller_parent_class)->dispose (object);
}

static void
gw_drill_controller_finalize (GObject *object)
{
  GwDrillController *self = GW_DRILL_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (gw_drill_controller_parent_class)->finalize (object);
}

static void
gw_drill_controller_class_init (GwDrillControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gw_drill_controller_dispose;
  object_class->finalize = gw_drill_controller_finalize;
  widget_class->map = gw_drill_controller_map;
  widget_class->unmap = gw_drill_controller_unmap;
  window_class->close_request = gw_drill_controller_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwatch/Gridwatch/gw-drill-controller.ui");
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, toasts);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, clock_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, date_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, state_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, start_button);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, speed_box);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, next_row);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, score_row);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, score_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, expectations_group);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, expectations_list);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, GwDrillController, timeline_list);
}

static void
gw_drill_controller_init (GwDrillController *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), drill_actions,
                                   G_N_ELEMENTS (drill_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "drill", G_ACTION_GROUP (self->actions));
  build_speeds (self);
  add_shortcuts (self);
}

GwDrillController *
gw_drill_controller_new (GtkApplication *application,
                         GwDrillLink    *link,
                         GwStore        *store)
{
  GwDrillController *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GW_IS_DRILL_LINK (link), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_DRILL_CONTROLLER, "application", application, NULL);
  self->link = g_object_ref (link);
  self->store = g_object_ref (store);
  g_object_set_qdata (G_OBJECT (link), controller_quark (), self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);

  g_signal_connect_swapped (link, "notify::title", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (link, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (link, "notify::speed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (link, "notify::next", G_CALLBACK (update_next), self);
  g_signal_connect_swapped (link, "changed", G_CALLBACK (on_link_changed), self);
  g_signal_connect_swapped (link, "note", G_CALLBACK (on_link_note), self);

  update_title (self);
  update_state (self);
  update_next (self);
  on_link_changed (self);
  gw_drill_link_refresh (link);
  return self;
}

GwDrillController *
gw_drill_controller_find (GwDrillLink *link)
{
  g_return_val_if_fail (GW_IS_DRILL_LINK (link), NULL);
  return g_object_get_qdata (G_OBJECT (link), controller_quark ());
}

GwDrillLink *
gw_drill_controller_get_link (GwDrillController *self)
{
  g_return_val_if_fail (GW_IS_DRILL_CONTROLLER (self), NULL);
  return self->link;
}

const char *
gw_drill_controller_get_error (GwDrillController *self)
{
  g_return_val_if_fail (GW_IS_DRILL_CONTROLLER (self), NULL);
  return self->error;
}

guint
gw_drill_controller_get_n_done (GwDrillController *self)
{
  g_return_val_if_fail (GW_IS_DRILL_CONTROLLER (self), 0);
  return self->n_done;
}

GtkWindow *
gw_drill_controller_get_inject_form (GwDrillController *self)
{
  g_return_val_if_fail (GW_IS_DRILL_CONTROLLER (self), NULL);
  return self->inject_form;
}
