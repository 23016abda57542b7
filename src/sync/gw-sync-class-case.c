/* gw-sync-class-case.c: a class case made on the server at once (POST /api/v1/class-cases),
 * not through the outbox: the officer waits for the answer, which names the new ticket. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  GwTicket *t;

  if (a == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER,
                               /* TRANSLATORS: %s is why the server could not be reached */
                               _("Cannot reach the server: %s"), error->message);
      return;
    }
  if (a->status != 201)
    {
      g_autofree char *message = _gw_sync_answer_message (a);

      g_task_return_new_error (task, GW_SYNC_ERROR,
                               a->status >= 400 && a->status < 500 ? GW_SYNC_ERROR_INVALID : GW_SYNC_ERROR_SERVER,
                               "%s", message);
      return;
    }
  t = a->json ? gw_ticket_from_json (a->json, "answer", &error) : NULL;
  if (t == NULL || t->id <= 0)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, "%s",
                               error ? error->message : _("The server answered without the new ticket"));
      g_clear_pointer (&t, gw_ticket_unref);
      return;
    }
  g_task_return_pointer (task, t, (GDestroyNotify) gw_ticket_unref);
}

void
gw_sync_client_open_class_case_async (GwSyncClient        *self,
                                      const gint64        *members,
                                      guint                n_members,
                                      GwClassCaseKind      kind,
                                      const char          *category_code,
                                      const char          *department_code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (members != NULL || n_members == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_open_class_case_async);
  if ((guint) kind >= GW_N_CLASS_CASE_KINDS || n_members == 0)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                               _("A class case needs at least one member ticket"));
      return;
    }
  if (self->state != GW_SYNC_STATE_ONLINE)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER,
                               _("The seat is not connected to the server"));
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "members");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_members; i++)
    json_builder_add_int_value (b, members[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, gw_class_case_kind_to_string (kind));
  if (category_code != NULL)
    {
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, category_code);
    }
  if (department_code != NULL)
    {
      json_builder_set_member_name (b, "department");
      json_builder_add_string_value (b, department_code);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = gw_json_to_string (root, FALSE);
  _gw_sync_rest_async (self, "POST", "/api/v1/class-cases", body, TRUE, cancellable, on_opened,
                       g_steal_pointer (&task));
}

GwTicket *
gw_sync_client_open_class_case_finish (GwSyncClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
