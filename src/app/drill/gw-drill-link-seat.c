/* gw-drill-link-seat.c: a seat in the drill the server runs, through its sync client.
 *
 * What the server says of its drill (the live feed's drill state) becomes the link's title,
 * state and speed; the seat's clock follows the drill's. Commands go to the server at once
 * (gw_sync_client_drill_command_async); the server refuses a seat that may not give them,
 * in its own words. The seat learns no timeline from the feed: the link shows how many
 * injections were applied of how many.
 */
#define G_LOG_DOMAIN "gw-drill-link"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-drill-link-private.h"
#include "gw-sync-drill.h"

#define GW_TYPE_DRILL_LINK_SEAT (gw_drill_link_seat_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillLinkSeat, gw_drill_link_seat, GW, DRILL_LINK_SEAT, GwDrillLink)

struct _GwDrillLinkSeat
{
  GwDrillLink   parent_instance;

  GwSyncClient *client;
};

G_DEFINE_FINAL_TYPE (GwDrillLinkSeat, gw_drill_link_seat, GW_TYPE_DRILL_LINK)

static void
on_client_drill (GwDrillLinkSeat *self)
{
  const GwSyncDrill *drill = gw_sync_client_get_drill (self->client);
  g_autofree char *summary = NULL;

  _gw_drill_link_set_clock (GW_DRILL_LINK (self), gw_sync_client_get_clock (self->client));
  if (drill == NULL)
    return;
  _gw_drill_link_set_title (GW_DRILL_LINK (self), drill->title);
  _gw_drill_link_set_state (GW_DRILL_LINK (self), drill->state);
  _gw_drill_link_set_speed (GW_DRILL_LINK (self), drill->speed);
  if (drill->applied < drill->total)
    {
      g_autofree char *next = g_strdup_printf ("%u", drill->applied + 1);
      /* TRANSLATORS: the next injection on a seat, which knows only how many there are */
      g_autofree char *title = g_strdup_printf (_("Injection %u of %u"), drill->applied + 1, drill->total);

      _gw_drill_link_set_next (GW_DRILL_LINK (self), next, title, 0);
    }
  else
    _gw_drill_link_set_next (GW_DRILL_LINK (self), NULL, NULL, 0);
  /* TRANSLATORS: on a seat: injections the server applied so far, of the scenario's */
  summary = g_strdup_printf (_("%u of %u injections applied"), drill->applied, drill->total);
  _gw_drill_link_set_picture (GW_DRILL_LINK (self), NULL, NULL, 0, 0, summary);
}

static void
on_client_note (GwDrillLinkSeat *self,
                const char      *id,
                const char      *text)
{
  if (text != NULL && *text != '\0')
    _gw_drill_link_emit_note (GW_DRILL_LINK (self), text);
}

static const char *
command_name (GwDrillCommand command)
{
  switch (command)
    {
    case GW_DRILL_COMMAND_START:
      return "start";
    case GW_DRILL_COMMAND_PAUSE:
      return "pause";
    case GW_DRILL_COMMAND_SPEED:
      return "speed";
    case GW_DRILL_COMMAND_NEXT:
      return "next";
    case GW_DRILL_COMMAND_END:
    default:
      return "end";
    }
}

static void
on_command_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) answer = gw_sync_client_drill_command_finish (GW_SYNC_CLIENT (object), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
}

static void
command_async (GwDrillLink         *link,
               GwDrillCommand       command,
               double               speed,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GwDrillLinkSeat *self = GW_DRILL_LINK_SEAT (link);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, command_async);
  gw_sync_client_drill_command_async (self->client, command_name (command), speed, NULL, cancellable,
                                      on_command_done, task);
}

static gboolean
command_finish (GwDrillLink   *link,
                GAsyncResult  *result,
                GError       **error)
{
  g_autoptr(JsonNode) answer = g_task_propagate_pointer (G_TASK (result), error);

  return answer != NULL;
}

static void
inject_async (GwDrillLink         *link,
              const GwInjection   *injection,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GwDrillLinkSeat *self = GW_DRILL_LINK_SEAT (link);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) node = gw_injection_to_json (injection);

  g_task_set_source_tag (task, inject_async);
  gw_sync_client_drill_command_async (self->client, "inject", 0, node, cancellable, on_command_done, task);
}

/* The server answers {"injection": …, "ticket_id": N or null}. */
static gint64
inject_finish (GwDrillLink   *link,
               GAsyncResult  *result,
               GError       **error)
{
  g_autoptr(JsonNode) answer = g_task_propagate_pointer (G_TASK (result), error);
  JsonObject *o;
  JsonNode *ticket;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return 0;
  o = json_node_get_object (answer);
  ticket = json_object_get_member (o, "ticket_id");
  if (ticket == NULL || !JSON_NODE_HOLDS_VALUE (ticket) || json_node_get_value_type (ticket) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (ticket);
}

static void
gw_drill_link_seat_dispose (GObject *object)
{
  GwDrillLinkSeat *self = GW_DRILL_LINK_SEAT (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (gw_drill_link_seat_parent_class)->dispose (object);
}

static void
gw_drill_link_seat_class_init (GwDrillLinkSeatClass *klass)
{
  GwDrillLinkClass *link_class = GW_DRILL_LINK_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gw_drill_link_seat_dispose;
  link_class->command_async = command_async;
  link_class->command_finish = command_finish;
  link_class->inject_async = inject_async;
  link_class->inject_finish = inject_finish;
}

static void
gw_drill_link_seat_init (GwDrillLinkSeat *self)
{
}

GwDrillLink *
gw_drill_link_new_seat (GwSyncClient *client)
{
  GwDrillLinkSeat *self;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (GW_TYPE_DRILL_LINK_SEAT, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_swapped (client, "notify::drill", G_CALLBACK (on_client_drill), self);
  g_signal_connect_swapped (client, "notify::clock", G_CALLBACK (on_client_drill), self);
  g_signal_connect_swapped (client, "drill-note", G_CALLBACK (on_client_note), self);
  on_client_drill (self);
  return GW_DRILL_LINK (self);
}
