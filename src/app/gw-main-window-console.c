/* gw-main-window-console.c: the main window's console — the queue over the store, the
 * officer on duty and their ticket.* actions, the outcome of each action, alarms and the
 * shift handover. */
#define G_LOG_DOMAIN "gw-main-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-camera-player.h"
#include "gw-handover-dialog.h"
#include "gw-class-case-window.h"
#include "gw-dashboard-window.h"
#include "gw-report-dialog.h"
#include "gw-main-window-private.h"
#include "gw-map-window.h"
#include "gw-officer.h"


static void on_runner_outcome     (GwMainWindow    *self,
                                   gint64           ticket_id,
                                   GwActionOutcome  outcome,
                                   const char      *message);
static void on_ticket_action_done (GwMainWindow    *self,
                                   GwActionOutcome  outcome,
                                   const char      *message);
static void on_console_selection  (GwMainWindow    *self);

static void
on_officer_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoadStep) step = user_data;
  GwMainWindow *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwOfficer) officer = gw_officer_read_finish (GW_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (step->cancellable))
    return;
  if (officer == NULL)
    {
      _gw_main_window_show_failure (self, _("Cannot Open the Database"), error->message);
      return;
    }
  self->console_started = TRUE;
  g_free (self->officer_name);
  self->officer_name = g_strdup (officer->name);
  gw_console_pane_set_store (self->console_pane, self->store, self->clock, &officer->actor);
  if (self->alarm_center == NULL)
    {
      self->alarm_center = gw_alarm_center_new (self->store, self->clock);
      gw_alarm_center_set_application (self->alarm_center,
                                       G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gw_alarm_banner_set_center (self->alarm_banner, self->alarm_center);
    }
  gw_alarm_banner_set_officer (self->alarm_banner, officer->name);

  /* The officer's actions: through the seat's outbox, or straight on the county file. */
  if (self->runner)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  g_clear_object (&self->ticket_actions);
  self->runner = self->sync_client
    ? gw_action_runner_new_seat (self->sync_client, self->store, self->clock, &officer->actor)
    : gw_action_runner_new_local (self->store, self->clock, &officer->actor);
  g_signal_connect_swapped (self->runner, "outcome", G_CALLBACK (on_runner_outcome), self);
  self->ticket_actions = gw_ticket_actions_new (self->runner, self->store, GTK_WINDOW (self));
  g_signal_connect_swapped (self->ticket_actions, "done", G_CALLBACK (on_ticket_action_done), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket", G_ACTION_GROUP (self->ticket_actions));
  on_console_selection (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.handover", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-map", TRUE);
  gw_console_pane_set_settings (self->console_pane, self->settings);
  if (self->open_map)
    {
      self->open_map = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-map", NULL);
    }
  /* Kept: the wall's evidence is attached in the officer's name. */
  g_clear_pointer (&self->officer, gw_officer_free);
  self->officer = g_steal_pointer (&officer);
  if (self->open_dashboard)
    {
      self->open_dashboard = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-dashboard", NULL);
    }
  if (self->open_class_cases)
    {
      self->open_class_cases = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-class-cases", NULL);
    }
  if (self->open_wall)
    {
      self->open_wall = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-wall", NULL);
    }
}

/* The detail says how an action on its ticket went: done, waiting for the server, or
 * refused and why. An answer about another ticket (a command sent earlier, a new report)
 * is a toast, so that it is seen without taking the detail away from the officer. */
static void
show_outcome (GwMainWindow    *self,
              gint64           ticket_id,
              GwActionOutcome  outcome,
              const char      *message)
{
  GwTicketDetail *detail = gw_console_pane_get_detail (self->console_pane);
  gint64 shown = gw_ticket_detail_get_ticket_id (detail);

  gw_console_pane_invalidate (self->console_pane);
  if (ticket_id != 0 && shown != ticket_id)
    {
      if (message && *message)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      /* The pending note goes once nothing of the shown ticket waits any more. */
      if (self->notice_pending && self->runner && gw_action_runner_get_pending_for_ticket (self->runner, shown) == 0)
        {
          gw_ticket_detail_set_notice (detail, NULL, FALSE);
          self->notice_pending = FALSE;
        }
      return;
    }
  self->notice_pending = outcome == GW_ACTION_OUTCOME_PENDING;
  switch (outcome)
    {
    case GW_ACTION_OUTCOME_APPLIED:
      gw_ticket_detail_set_notice (detail, message && *message ? message : _("Done"), FALSE);
      break;
    case GW_ACTION_OUTCOME_PENDING:
      gw_ticket_detail_set_notice (detail, message && *message ? message
                                                       : _("Pending: saved on this seat, waiting for the server"), FALSE);
      break;
    case GW_ACTION_OUTCOME_REFUSED:
    default:
      gw_ticket_detail_set_notice (detail, message, TRUE);
      break;
    }
}

static void
on_ticket_action_done (GwMainWindow    *self,
                       GwActionOutcome  outcome,
                       const char      *message)
{
  show_outcome (self, 0, outcome, message);
}

static void
on_runner_outcome (GwMainWindow    *self,
                   gint64           ticket_id,
                   GwActionOutcome  outcome,
                   const char      *message)
{
  show_outcome (self, ticket_id, outcome, message);
}

static void
on_console_selection (GwMainWindow *self)
{
  g_autoptr(GArray) ids = NULL;

  if (self->ticket_actions == NULL)
    return;
  ids = gw_console_pane_get_selection (self->console_pane);
  gw_ticket_actions_set_selection (self->ticket_actions, (const gint64 *) ids->data, ids->len);
  if (ids->len > 0 && self->runner &&
      gw_action_runner_get_pending_for_ticket (self->runner, g_array_index (ids, gint64, 0)) > 0)
    gw_ticket_detail_set_notice (gw_console_pane_get_detail (self->console_pane),
                                 _("Pending: saved on this seat, waiting for the server"), FALSE);
}

/* The queue starts once the store is open and, for a seat, once someone has signed in:
 * who is on duty shapes "my queue" and what the actions may do. */
void
_gw_main_window_start_console (GwMainWindow *self)
{
  if (self->store == NULL || _gw_main_window_seat_signed_out (self))
    return;
  _gw_main_window_read_officer (self, on_officer_read, _gw_load_step_new (self));
}


static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  gw_queue_view_focus_search (gw_console_pane_get_queue (self->console_pane));
}

static void
handover_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);
  GwHandoverDialog *dialog;

  if (self->store == NULL || self->officer_name == NULL)
    return;
  dialog = gw_handover_dialog_new (GTK_WINDOW (self), self->store, self->clock, self->officer_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_alarm_open_ticket (GwMainWindow *self,
                      gint64        ticket_id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  gw_console_pane_show_ticket (self->console_pane, ticket_id);
}

/* A nearby camera picked in the detail: its player, one window per camera. */
static void
on_detail_open_camera (GwMainWindow *self,
                       gint64        camera_id)
{
  GwCameraPlayer *player;

  if (self->store == NULL)
    return;
  player = gw_camera_player_find (GTK_WINDOW (self), camera_id);
  if (player == NULL)
    player = gw_camera_player_new (GTK_WINDOW (self), self->store, camera_id);
  gtk_window_present (GTK_WINDOW (player));
}

/* The map asked for a ticket: the console shows it, in front. */
static void
on_map_open_ticket (GwMainWindow *self,
                    gint64        ticket_id)
{
  on_alarm_open_ticket (self, ticket_id);
  gtk_window_present (GTK_WINDOW (self));
}

/* A grid picked on the map: the queue shows its tickets. */
static void
on_map_division_selected (GwMainWindow *self,
                          const char   *code)
{
  gw_filter_pane_set_division (gw_console_pane_get_filters (self->console_pane), code);
}

/* The grid map in a window of its own (one), over the console's store. */
static void
show_map_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  if (self->store == NULL)
    return;
  if (self->map_window == NULL)
    {
      self->map_window = GTK_WINDOW (gw_map_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                        self->store, self->clock));
      g_object_add_weak_pointer (G_OBJECT (self->map_window), (gpointer *) &self->map_window);
      g_signal_connect_object (self->map_window, "open-ticket", G_CALLBACK (on_map_open_ticket), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->map_window, "division-selected", G_CALLBACK (on_map_division_selected), self,
                               G_CONNECT_SWAPPED);
      if (self->alarm_center != NULL)
        gw_map_window_set_alarms (GW_MAP_WINDOW (self->map_window), gw_alarm_center_get_alarms (self->alarm_center));
    }
  gtk_window_present (self->map_window);
}

/* A class case's tickets asked for on the grid map: the map opens (or comes to the front)
 * and rings them. */
static void
on_class_cases_show_on_map (GwMainWindow *self,
                            GArray       *ids)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-map", NULL);
  if (self->map_window != NULL)
    gw_map_window_show_tickets (GW_MAP_WINDOW (self->map_window), (const gint64 *) ids->data, ids->len);
}

/* The class cases (类案) in a window of their own (one), over the console's store; made
 * into tickets as the officer on duty, through the server on a seat. */
static void
show_class_cases_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  if (self->store == NULL || self->officer == NULL)
    return;
  if (self->class_case_window == NULL)
    {
      self->class_case_window = GTK_WINDOW (gw_class_case_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                                      self->store, self->clock, &self->officer->actor,
                                                                      self->sync_client));
      g_object_add_weak_pointer (G_OBJECT (self->class_case_window), (gpointer *) &self->class_case_window);
      g_signal_connect_object (self->class_case_window, "open-ticket", G_CALLBACK (on_map_open_ticket), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->class_case_window, "show-on-map", G_CALLBACK (on_class_cases_show_on_map), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->class_case_window);
}

/* The commander's dashboard in a window of its own (one), over the console's store. */
static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  if (self->store == NULL)
    return;
  if (self->dashboard_window == NULL)
    {
      self->dashboard_window = GTK_WINDOW (gw_dashboard_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                                    self->store, self->clock));
      g_object_add_weak_pointer (G_OBJECT (self->dashboard_window), (gpointer *) &self->dashboard_window);
    }
  gtk_window_present (self->dashboard_window);
}

/* The daily, weekly and monthly reports over the console's store: one dialog, brought to
 * the front when asked again. */
static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);
  GwReportDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = gw_report_dialog_find (GTK_WINDOW (self));
  if (dialog == NULL)
    dialog = gw_report_dialog_new (GTK_WINDOW (self), self->store, self->clock);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack,
                                         g_str_equal (action_name, "win.show-queue") ? "queue" : "county");
}


void
_gw_main_window_console_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.handover", NULL, handover_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-county", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-map", NULL, show_map_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F12, 0, "win.show-dashboard", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-class-cases", NULL, show_class_cases_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-class-cases", NULL);
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-map", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-queue", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-county", NULL);
}

void
_gw_main_window_console_init (GwMainWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.handover", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-map", FALSE);
  /* Tied to the window's life: a pane's refresh that finishes while the window is being
   * destroyed (closed while loading) must not call back into it. */
  g_signal_connect_object (self->alarm_banner, "open-ticket", G_CALLBACK (on_alarm_open_ticket), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->console_pane, "selection-changed", G_CALLBACK (on_console_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gw_console_pane_get_detail (self->console_pane), "open-camera",
                           G_CALLBACK (on_detail_open_camera), self, G_CONNECT_SWAPPED);
}

void
_gw_main_window_console_dispose (GwMainWindow *self)
{
  /* The pane may outlive the window a moment (a refresh in flight holds it). */
  if (self->console_pane != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->console_pane, self);
      g_signal_handlers_disconnect_by_data (gw_console_pane_get_detail (self->console_pane), self);
    }
  if (self->alarm_banner != NULL)
    g_signal_handlers_disconnect_by_data (self->alarm_banner, self);
  g_clear_object (&self->alarm_center);
  if (self->runner)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->ticket_actions);
  g_clear_object (&self->runner);
  if (self->map_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->map_window), (gpointer *) &self->map_window);
      self->map_window = NULL;
    }
  if (self->dashboard_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dashboard_window), (gpointer *) &self->dashboard_window);
      self->dashboard_window = NULL;
    }
  if (self->class_case_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->class_case_window), (gpointer *) &self->class_case_window);
      self->class_case_window = NULL;
    }
}

GObject *
gw_main_window_get_ticket_actions (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);
  return self->ticket_actions ? G_OBJECT (self->ticket_actions) : NULL;
}

void
gw_main_window_open_dashboard_when_ready (GwMainWindow *self)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) && self->store != NULL && self->officer_name != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-dashboard", NULL);
  else
    self->open_dashboard = TRUE;
}

void
gw_main_window_open_class_cases_when_ready (GwMainWindow *self)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) && self->store != NULL && self->officer != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-class-cases", NULL);
  else
    self->open_class_cases = TRUE;
}

void
gw_main_window_open_map_when_ready (GwMainWindow *self)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) && self->store != NULL && self->officer_name != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-map", NULL);
  else
    self->open_map = TRUE;
}
