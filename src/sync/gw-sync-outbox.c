/* gw-sync-outbox.c: the officer's commands. Each is committed to the seat's outbox before
 * submit finishes; while online, pending entries go to the server in id order, one at a
 * time, each under its own command id, so a command sent again after a lost answer is
 * applied once. An answer (applied or refused) settles the entry; no answer (network,
 * 5xx) leaves it pending for the next attempt. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

/* A status that answers the command for good: applied, or refused for a reason the
 * officer must see. Sign-in trouble, throttling and server faults are not answers. */
static gboolean
is_answer (guint status)
{
  return status == SOUP_STATUS_OK ||
         (status >= 400 && status < 500 && status != SOUP_STATUS_UNAUTHORIZED &&
          status != SOUP_STATUS_REQUEST_TIMEOUT && status != 429);
}

static void next (GwSyncClient *self);

/* The sending chain stops (nothing left, a failure, or the connection went). */
static void
stop (GwSyncClient *self)
{
  self->sending = FALSE;
  if (self->flush_wanted && self->state == GW_SYNC_STATE_ONLINE && self->outbox_retry_id == 0)
    _gw_sync_outbox_flush (self);
}

static gboolean
on_retry (gpointer user_data)
{
  GwSyncClient *self = user_data;

  self->outbox_retry_id = 0;
  _gw_sync_outbox_flush (self);
  return G_SOURCE_REMOVE;
}

typedef struct {
  GwSyncClient      *self;
  GwSyncOutboxEntry *entry;
  gint64             ticket_id; /* the entry's, or the one a report created */
  char              *refusal;   /* NULL when applied */
} Answered;

static void
answered_free (Answered *a)
{
  g_clear_object (&a->self);
  _gw_sync_outbox_entry_free (a->entry);
  g_free (a->refusal);
  g_free (a);
}

static void
on_settled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Answered *a = user_data;
  GwSyncClient *self = a->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = gw_store_run_finish (GW_STORE (object), result, &error);

  if (ids == NULL)
    {
      /* Still pending in the seat's database: sent again later, answered the same. */
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot record the answer to command %s: %s", a->entry->command_id, error->message);
      stop (self);
      answered_free (a);
      return;
    }
  _gw_sync_client_set_pending (self, self->pending > 0 ? self->pending - 1 : 0);
  _gw_sync_client_answered (self, a->entry->command_id, a->ticket_id, a->refusal);
  _gw_sync_client_committed (self, ids, -1);
  if (self->state == GW_SYNC_STATE_ONLINE && self->outbox_retry_id == 0)
    next (self);
  else
    stop (self);
  answered_free (a);
}

typedef struct {
  GwSyncClient      *self;
  GwSyncOutboxEntry *entry;
} Sending;

static void
on_command_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Sending *s = user_data;
  g_autoptr(GwSyncClient) self = s->self;
  g_autoptr(GwSyncOutboxEntry) entry = s->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) answer = _gw_sync_rest_finish (result, &error);
  gboolean current = _gw_sync_client_is_current (self, result);
  GwSyncWrite *job;
  Answered *a;
  gint64 ticket_id = entry->ticket_id;

  g_free (s);
  if (answer == NULL || !is_answer (answer->status))
    {
      /* Not answered: it stays pending and goes again under the same command id. */
      self->sending = FALSE;
      if (answer == NULL)
        {
          if (current)
            _gw_sync_client_fail (self, error);
        }
      else if (answer->status == SOUP_STATUS_UNAUTHORIZED)
        {
          if (current)
            _gw_sync_client_signed_out (self);
        }
      else if (current)
        {
          g_debug ("Command %s not taken (%u): again in %u s", entry->command_id, answer->status,
                   self->outbox_backoff);
          self->outbox_retry_id = g_timeout_add_seconds (self->outbox_backoff, on_retry, self);
          self->outbox_backoff = MIN (self->outbox_backoff * 2, GW_SYNC_BACKOFF_MAX);
        }
      stop (self);
      return;
    }

  /* Answered, applied or refused: recorded whatever became of the connection meanwhile. */
  self->outbox_backoff = GW_SYNC_BACKOFF_MIN;
  job = _gw_sync_write_new ();
  job->outbox_id = entry->id;
  if (answer->status == SOUP_STATUS_OK)
    {
      GwTicket *t = answer->json ? gw_ticket_from_json (answer->json, "answer", &error) : NULL;

      if (t && t->id > 0)
        {
          if (ticket_id == 0)
            ticket_id = t->id;  /* a report: the ticket it created */
          g_ptr_array_add (job->tickets, t);
        }
      else
        {
          g_clear_pointer (&t, gw_ticket_unref);
          g_warning ("Command %s was applied but its answer is not a ticket: %s", entry->command_id,
                     error ? error->message : "");
        }
    }
  else
    {
      job->refused = TRUE;
      job->message = _gw_sync_answer_message (answer);
    }
  a = g_new0 (Answered, 1);
  a->self = g_object_ref (self);
  a->entry = g_steal_pointer (&entry);
  a->ticket_id = ticket_id;
  a->refusal = g_strdup (job->message);
  gw_store_run_async (self->store, _gw_sync_write, job, (GDestroyNotify) _gw_sync_write_free,
                      (GDestroyNotify) g_array_unref, NULL, on_settled, a);
}

static void
on_next (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  GwSyncOutboxEntry *entry = gw_store_run_finish (GW_STORE (object), result, &error);
  Sending *s;

  if (!_gw_sync_client_is_current (self, result) || entry == NULL || entry->id == 0)
    {
      if (entry == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot read the outbox: %s", error->message);
      _gw_sync_outbox_entry_free (entry);
      stop (self);
      return;
    }
  g_debug ("Sending command %s (ticket %" G_GINT64_FORMAT ")", entry->command_id, entry->ticket_id);
  s = g_new0 (Sending, 1);
  s->self = g_object_ref (self);
  s->entry = entry;
  _gw_sync_rest_async (self, "POST", "/api/v1/commands", entry->body, TRUE, self->cycle, on_command_answer, s);
}

static void
next (GwSyncClient *self)
{
  gw_store_run_async (self->store, _gw_sync_outbox_next, NULL, NULL, (GDestroyNotify) _gw_sync_outbox_entry_free,
                      self->cycle, on_next, g_object_ref (self));
}

void
_gw_sync_outbox_flush (GwSyncClient *self)
{
  if (self->state != GW_SYNC_STATE_ONLINE || self->outbox_retry_id != 0)
    return;
  if (self->sending)
    {
      self->flush_wanted = TRUE;  /* looked at when the chain stops */
      return;
    }
  self->sending = TRUE;
  self->flush_wanted = FALSE;
  next (self);
}

/* Submitting --------------------------------------------------------------------------- */

static const char *const command_members[] = {
  "action", "ticket_id", "reason", "department", "departments", "lead_department", "text",
  "resolved", "satisfaction", "extension_seconds", "merge_into", NULL
};

/* A new report (action "report"): the fields of POST /api/v1/tickets, no ticket yet. */
static const char *const report_members[] = {
  "action", "category", "urgency", "source", "lon", "lat", "description", "address", "reporter",
  "reporter_phone", "level", NULL
};

static gboolean
is_report (JsonObject *obj)
{
  JsonNode *action = json_object_get_member (obj, "action");

  return action != NULL && JSON_NODE_HOLDS_VALUE (action) &&
         json_node_get_value_type (action) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (action), "report") == 0;
}

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = gw_store_run_finish (GW_STORE (object), result, &error);

  if (id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _gw_sync_client_set_pending (self, self->pending + 1);
  g_task_return_pointer (task, g_strdup (g_task_get_task_data (task)), g_free);
  _gw_sync_outbox_flush (self);
}

void
gw_sync_client_submit_async (GwSyncClient        *self,
                             JsonNode            *command,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autofree char *action = NULL;
  GwSyncOutboxEntry *entry;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonObject *obj;
  gint64 ticket_id = 0;
  gboolean report = FALSE;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_submit_async);
  /* Checked here: a mistake is the caller's error now, not a refusal later. */
  if (!(obj = gw_json_require_object (command, "command", &error)) ||
      !gw_json_check_members (obj, "command", (report = is_report (obj)) ? report_members : command_members,
                              &error) ||
      !gw_json_get_string (obj, "command", "action", TRUE, &action, &error) ||
      (!report && !gw_json_get_int (obj, "command", "ticket_id", TRUE, &ticket_id, &error)))
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, "%s", error->message);
      return;
    }
  if (!report && ticket_id <= 0)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                               _("command.ticket_id: expected a ticket id"));
      return;
    }

  entry = g_new0 (GwSyncOutboxEntry, 1);
  entry->command_id = g_uuid_string_random ();
  entry->ticket_id = ticket_id;
  entry->created_at = g_get_real_time () / G_USEC_PER_SEC;
  copy = json_object_new ();
  json_object_set_string_member (copy, "command_id", entry->command_id);
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (copy, member, json_node_copy (value));
  body = json_node_init_object (json_node_alloc (), copy);
  entry->body = gw_json_to_string (body, FALSE);

  g_task_set_task_data (task, g_strdup (entry->command_id), g_free);
  gw_store_run_async (self->store, _gw_sync_outbox_add, entry, (GDestroyNotify) _gw_sync_outbox_entry_free,
                      g_free, cancellable, on_added, g_steal_pointer (&task));
}

char *
gw_sync_client_submit_finish (GwSyncClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
