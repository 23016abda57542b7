/* gw-sync-rest.c: one call of gridwatchd's REST API and the reading of its answer. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

void
_gw_sync_answer_free (GwSyncAnswer *answer)
{
  if (answer == NULL)
    return;
  g_clear_pointer (&answer->json, json_node_unref);
  g_free (answer);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(GwSyncAnswer) a = NULL;
  const char *data;
  gsize size;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  a = g_new0 (GwSyncAnswer, 1);
  a->status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &size);
  if (size > 0)
    {
      a->json = gw_json_parse (data, size, GW_SYNC_JSON_DEPTH, &error);
      /* An error page that is not JSON is still an answer (its status says enough). */
      if (a->json == NULL && SOUP_STATUS_IS_SUCCESSFUL (a->status))
        {
          g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, "%s", error->message);
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&a), (GDestroyNotify) _gw_sync_answer_free);
}

void
_gw_sync_rest_async (GwSyncClient        *self,
                     const char          *method,
                     const char          *path,
                     const char          *body,
                     gboolean             auth,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  _gw_sync_rest_bytes_async (self, method, path, "application/json", bytes, auth, cancellable, callback, user_data);
}

static void rest_async (GwSyncClient        *self,
                        const char          *method,
                        const char          *path,
                        const char          *content_type,
                        GBytes              *body,
                        const char          *token,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data);

void
_gw_sync_rest_bytes_async (GwSyncClient        *self,
                           const char          *method,
                           const char          *path,
                           const char          *content_type,
                           GBytes              *body,
                           gboolean             auth,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  rest_async (self, method, path, content_type, body, auth ? self->token : NULL, cancellable, callback, user_data);
}

void
_gw_sync_rest_token_async (GwSyncClient        *self,
                           const char          *method,
                           const char          *path,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  rest_async (self, method, path, NULL, NULL, token, cancellable, callback, user_data);
}

static void
rest_async (GwSyncClient        *self,
            const char          *method,
            const char          *path,
            const char          *content_type,
            GBytes              *body,
            const char          *token,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *uri = g_strconcat (self->base_uri, path, NULL);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, rest_async);
  if (msg == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                               _("“%s” is not a server address (http://HOST:PORT)"), self->base_uri);
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, on_read,
                                    g_steal_pointer (&task));
}

GwSyncAnswer *
_gw_sync_rest_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
_gw_sync_answer_message (GwSyncAnswer *a)
{
  JsonObject *err = NULL;
  char *message = NULL;

  if (a->json && JSON_NODE_HOLDS_OBJECT (a->json) &&
      gw_json_get_object (json_node_get_object (a->json), "answer", "error", FALSE, &err, NULL) && err)
    gw_json_get_string (err, "answer.error", "message", FALSE, &message, NULL);
  if (message == NULL)
    message = g_strdup_printf (_("The server answered %u %s"), a->status, soup_status_get_phrase (a->status));
  return message;
}

gboolean
_gw_sync_parse_tickets (JsonArray   *array,
                        const char  *path,
                        const char  *member,
                        GPtrArray   *out,
                        GError     **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = gw_json_path_index (path, i);
      g_autofree char *inner = member ? gw_json_path_member (where, member) : g_strdup (where);
      JsonNode *node = json_array_get_element (array, i);
      GwTicket *t;

      if (member)
        {
          JsonObject *obj = gw_json_require_object (node, where, error);
          if (obj == NULL)
            return FALSE;
          node = json_object_get_member (obj, member);
          if (node == NULL)
            {
              g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING, _("%s: missing"), inner);
              return FALSE;
            }
        }
      t = gw_ticket_from_json (node, inner, error);
      if (t == NULL)
        return FALSE;
      if (t->id <= 0)
        {
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING, _("%s: a ticket without its id"), inner);
          gw_ticket_unref (t);
          return FALSE;
        }
      g_ptr_array_add (out, t);
    }
  return TRUE;
}
