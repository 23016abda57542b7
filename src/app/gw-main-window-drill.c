/* gw-main-window-drill.c: the drill the console is in.
 *
 * An offline drill's console is made on the drill's copy with the drill's link
 * (gw_main_window_new_for_drill): it plays one of the scenario's seats, runs on the drill's
 * clock, and every window it opens shows the watermark (the link is set on the store).
 * win.drill-controller brings up the controller. A seat runs on its sync client's clock, which
 * follows the server's drill clock when the server runs a drill; the seat then shows the
 * drill too, through a seat link.
 */
#define G_LOG_DOMAIN "gw-main-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-drill-controller.h"
#include "gw-drill-watermark.h"
#include "gw-main-window-private.h"
#include "gw-sync-drill.h"
#include "gw-wall-window.h"

/* How long a wall is given to show the cameras near a ticket before the drill is told. */
#define WALL_POLL_MS    200
#define WALL_POLL_TRIES 50

void
_gw_main_window_read_officer (GwMainWindow        *self,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GwScenario *scenario = self->drill_link != NULL ? gw_drill_link_get_scenario (self->drill_link) : NULL;
  const GwScenarioSeat *seat = NULL;

  if (scenario != NULL && self->drill_seat != NULL)
    seat = gw_scenario_find_seat (scenario, self->drill_seat);
  if (seat != NULL)
    gw_officer_read_seat_async (self->store, seat, self->cancellable, callback, user_data);
  else
    gw_officer_read_async (self->store, self->cancellable, callback, user_data);
}

static void
drill_controller_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gw_main_window_show_drill_controller (GW_MAIN_WINDOW (widget));
}

void
_gw_main_window_drill_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.drill-controller", NULL, drill_controller_action);
  /* F8: a key no text field takes, beside F7 (cameras) and F9 (acknowledge). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.drill-controller", NULL);
}

/* A note of the scenario (a phone call, a rumour) for whoever is on duty. */
static void
on_link_note (GwMainWindow *self,
              const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_link (GwMainWindow *self,
          GwDrillLink  *link)
{
  if (link != self->drill_link)
    {
      if (self->drill_link != NULL)
        g_signal_handlers_disconnect_by_data (self->drill_link, self);
      g_set_object (&self->drill_link, link);
    }
  if (link != NULL)
    {
      g_signal_handlers_disconnect_by_func (link, on_link_note, self);
      g_signal_connect_swapped (link, "note", G_CALLBACK (on_link_note), self);
      if (self->store != NULL)
        gw_drill_watermark_set_link (self->store, link);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.drill-controller", link != NULL);
}

/* After construction: the store (if given) and the link are known. */
void
_gw_main_window_drill_init (GwMainWindow *self)
{
  set_link (self, self->drill_link);
}

/* The seat's clock was replaced (the server runs a drill): everything that took the old
 * one takes the new one — the console starts again. */
static void
on_seat_clock (GwMainWindow *self)
{
  GwClock *clock = gw_sync_client_get_clock (self->sync_client);

  if (clock == NULL || clock == self->clock)
    return;
  g_set_object (&self->clock, clock);
  if (self->console_started)
    {
      gw_alarm_banner_set_center (self->alarm_banner, NULL);
      g_clear_object (&self->alarm_center);
      _gw_main_window_start_console (self);
    }
}

/* The server runs a drill: the seat's windows show it, and a commander may drive it. */
static void
on_seat_drill (GwMainWindow *self)
{
  g_autoptr(GwDrillLink) link = NULL;

  if (self->drill_link != NULL || gw_sync_client_get_drill (self->sync_client) == NULL)
    return;
  link = gw_drill_link_new_seat (self->sync_client);
  set_link (self, link);
}

void
_gw_main_window_drill_seat_started (GwMainWindow *self)
{
  g_signal_connect_object (self->sync_client, "notify::clock", G_CALLBACK (on_seat_clock), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_client, "notify::drill", G_CALLBACK (on_seat_drill), self,
                           G_CONNECT_SWAPPED);
  on_seat_clock (self);
  on_seat_drill (self);
}

void
_gw_main_window_drill_dispose (GwMainWindow *self)
{
  g_clear_weak_pointer (&self->drill_controller);
  if (self->drill_link != NULL)
    g_signal_handlers_disconnect_by_data (self->drill_link, self);
  g_clear_object (&self->drill_link);
}

GwMainWindow *
gw_main_window_new_for_drill (GtkApplication *application,
                              GwStore        *store,
                              GwDrillLink    *link,
                              const char     *seat_id)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_DRILL_LINK (link), NULL);

  return g_object_new (GW_TYPE_MAIN_WINDOW,
                       "application", application,
                       "store", store,
                       "clock", gw_drill_link_get_clock (link),
                       "drill-link", link,
                       "drill-seat", seat_id,
                       NULL);
}

/* Cameras near a ticket on a wall ------------------------------------------------------- */

/* "cameras_on_wall_within" is met when a seat shows the cameras near the ticket on a video
 * wall: once the wall has them, the drill hears of it — the server's through the sync client,
 * an offline drill's in its log (a SEAT "wall" entry, as the server writes one). */
typedef struct {
  GwMainWindow *self;
  GwWallWindow *wall;       /* a weak pointer */
  gint64        ticket_id;
  guint         tries;
  gint64       *ids;        /* the wall's cameras (row ids) */
  guint         n_ids;
  gint64        at;         /* the drill clock when the wall had them */
  char         *actor;
} WallReport;

static void
wall_report_free (WallReport *report)
{
  g_clear_object (&report->self);
  g_clear_weak_pointer (&report->wall);
  g_free (report->ids);
  g_free (report->actor);
  g_free (report);
}

/* On a store thread: the cameras' GB/T 28181 ids; for an offline drill, the log entry. */
static gpointer
wall_codes_func (GwDb     *db,
                 gpointer  data,
                 GError  **error)
{
  WallReport *report = data;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;

  for (guint i = 0; i < report->n_ids; i++)
    {
      g_autoptr(GwCamera) camera = gw_db_get_camera (db, report->ids[i], NULL);

      if (camera != NULL && camera->id != NULL)
        g_strv_builder_add (builder, camera->id);
    }
  codes = g_strv_builder_end (builder);
  if (report->actor != NULL && codes[0] != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *payload = NULL;
      GwDrillEvent event = { 0 };

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "cameras");
      json_builder_begin_array (b);
      for (guint i = 0; codes[i] != NULL; i++)
        json_builder_add_string_value (b, codes[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_generator_set_root (generator, json_builder_get_root (b));
      payload = json_generator_to_data (generator, NULL);
      event.at = report->at;
      event.kind = GW_DRILL_EVENT_SEAT;
      event.ref = (char *) "wall";
      event.ticket_id = report->ticket_id;
      event.actor = report->actor;
      event.payload = payload;
      if (!gw_db_add_drill_event (db, &event, error))
        return NULL;
    }
  return g_steal_pointer (&codes);
}

static void
on_wall_reported (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_sync_client_report_wall_finish (GW_SYNC_CLIENT (object), result, &error))
    g_debug ("The drill did not hear of the wall: %s", error->message);
}

static void
on_wall_codes (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WallReport *report = user_data;
  GwMainWindow *self = report->self;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = gw_store_run_finish (GW_STORE (object), result, &error);

  if (codes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot tell the drill of the wall: %s", error->message);
    }
  else if (codes[0] != NULL && self->drill_link != NULL)
    {
      if (gw_drill_link_is_local (self->drill_link))
        gw_drill_link_refresh (self->drill_link);
      else if (self->sync_client != NULL)
        gw_sync_client_report_wall_async (self->sync_client, report->ticket_id, (const char *const *) codes,
                                          NULL, on_wall_reported, NULL);
    }
  wall_report_free (report);
}

static gboolean
on_wall_poll (gpointer user_data)
{
  WallReport *report = user_data;
  GwMainWindow *self = report->self;
  GArray *cameras;

  if (report->wall == NULL || gw_wall_window_get_incident (report->wall) != report->ticket_id ||
      self->store == NULL || ++report->tries > WALL_POLL_TRIES)
    {
      wall_report_free (report);
      return G_SOURCE_REMOVE;
    }
  if (!gw_wall_window_is_settled (report->wall))
    return G_SOURCE_CONTINUE;

  cameras = gw_wall_window_get_cameras (report->wall);
  report->ids = g_new0 (gint64, MAX (cameras->len, 1));
  for (guint i = 0; i < cameras->len; i++)
    if (g_array_index (cameras, gint64, i) > 0)
      report->ids[report->n_ids++] = g_array_index (cameras, gint64, i);
  report->at = gw_clock_get_now (self->clock);
  /* An offline drill's log names the seat the console plays. */
  if (gw_drill_link_is_local (self->drill_link))
    report->actor = g_strdup (self->officer != NULL && self->officer->username != NULL ? self->officer->username
                                                                                       : self->officer_name);
  g_clear_weak_pointer (&report->wall);
  gw_store_run_async (self->store, wall_codes_func, report, NULL, (GDestroyNotify) g_strfreev, NULL,
                      on_wall_codes, report);
  return G_SOURCE_REMOVE;
}

void
_gw_main_window_drill_wall_shown (GwMainWindow *self,
                                  GwWallWindow *wall,
                                  gint64        ticket_id)
{
  WallReport *report;

  if (self->drill_link == NULL || ticket_id <= 0 || wall == NULL)
    return;
  report = g_new0 (WallReport, 1);
  report->self = g_object_ref (self);
  g_set_weak_pointer (&report->wall, wall);
  report->ticket_id = ticket_id;
  g_timeout_add (WALL_POLL_MS, on_wall_poll, report);
}

gboolean
gw_main_window_show_drill_controller (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), FALSE);

  if (self->drill_link == NULL || self->store == NULL)
    return FALSE;
  if (self->drill_controller == NULL)
    {
      GwDrillController *controller = gw_drill_controller_find (self->drill_link);

      if (controller == NULL)
        controller = gw_drill_controller_new (gtk_window_get_application (GTK_WINDOW (self)),
                                              self->drill_link, self->store);
      g_set_weak_pointer (&self->drill_controller, GTK_WINDOW (controller));
    }
  gtk_window_present (self->drill_controller);
  return TRUE;
}

GwClock *
gw_main_window_get_clock (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);
  return self->clock;
}

GwStore *
gw_main_window_get_store (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);
  return self->store;
}

GwDrillLink *
gw_main_window_get_drill_link (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);
  return self->drill_link;
}
