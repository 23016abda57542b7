/* gw-action-runner.c: runs a duty officer's workflow commands.
 *
 * A county file: one store job loads the ticket, checks and applies the command in one
 * savepoint (gw_db_apply) and returns the ticket; the answer is APPLIED or REFUSED.
 * A seat: the ticket is read on a reader connection and checked; a command the rules allow
 * is turned into the API's JSON and queued with the sync client (PENDING). The client's
 * command-done and command-refused then settle it, and "outcome" says so. A new report
 * goes the same way on a seat, as a "report" command: the server creates the ticket once.
 */
#define G_LOG_DOMAIN "gw-action-runner"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-action-runner.h"

struct _GwActionRunner
{
  GObject        parent_instance;

  GwStore       *store;
  GwClock       *clock;
  GwSyncClient  *client;        /* NULL on a county file */
  GwActor        actor;         /* its strings below */
  char          *actor_name;
  char          *actor_division;
  char          *actor_department;

  GHashTable    *pending;       /* command id -> Pending */
  GHashTable    *answered;      /* command id -> Answer, answered before we knew the id */
  gulong         done_handler;
  gulong         refused_handler;
};

G_DEFINE_FINAL_TYPE (GwActionRunner, gw_action_runner, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GwActionOutcome, gw_action_outcome,
  G_DEFINE_ENUM_VALUE (GW_ACTION_OUTCOME_APPLIED, "applied"),
  G_DEFINE_ENUM_VALUE (GW_ACTION_OUTCOME_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (GW_ACTION_OUTCOME_REFUSED, "refused"))

enum {
  OUTCOME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A command in the outbox, as this runner queued it. */
typedef struct {
  gint64    ticket_id;  /* 0 for a report: its ticket does not exist yet */
  GwAction  action;
  gboolean  report;
  char     *number;
} Pending;

typedef struct {
  gint64  ticket_id;
  char   *refusal;   /* NULL when applied */
} Answer;

static void
pending_free (Pending *p)
{
  g_free (p->number);
  g_free (p);
}

static void
answer_free (Answer *a)
{
  g_free (a->refusal);
  g_free (a);
}

/* Owned copies ------------------------------------------------------------------------- */

typedef struct {
  GwCommand  c;
  char      *reason;
  char      *department_code;
  GStrv      departments;
  char      *lead_department;
  char      *text;
  GPtrArray *attachments;
} CommandCopy;

static CommandCopy *
command_copy (const GwCommand *command)
{
  CommandCopy *copy = g_new0 (CommandCopy, 1);

  copy->c = *command;
  copy->c.reason = copy->reason = g_strdup (command->reason);
  copy->c.department_code = copy->department_code = g_strdup (command->department_code);
  copy->departments = g_strdupv ((char **) command->departments);
  copy->c.departments = (const char *const *) copy->departments;
  copy->c.lead_department = copy->lead_department = g_strdup (command->lead_department);
  copy->c.text = copy->text = g_strdup (command->text);
  copy->attachments = command->attachments ? g_ptr_array_ref (command->attachments) : NULL;
  copy->c.attachments = copy->attachments;
  return copy;
}

static void
command_copy_free (CommandCopy *copy)
{
  g_free (copy->reason);
  g_free (copy->department_code);
  g_strfreev (copy->departments);
  g_free (copy->lead_department);
  g_free (copy->text);
  g_clear_pointer (&copy->attachments, g_ptr_array_unref);
  g_free (copy);
}

/* What a store job needs: the actor's copy outlives the runner if it must. */
typedef struct {
  GwActor      actor;
  char        *name;
  char        *division;
  char        *department;
  CommandCopy *command;
  GwTicket    *ticket;      /* a report */
  gint64       now;
} Job;

static Job *
job_new (GwActionRunner *self)
{
  Job *job = g_new0 (Job, 1);

  job->actor = self->actor;
  job->actor.name = job->name = g_strdup (self->actor.name);
  job->actor.division_code = job->division = g_strdup (self->actor.division_code);
  job->actor.department_code = job->department = g_strdup (self->actor.department_code);
  job->now = gw_clock_get_now (self->clock);
  return job;
}

static void
job_free (Job *job)
{
  g_free (job->name);
  g_free (job->division);
  g_free (job->department);
  g_clear_pointer (&job->command, command_copy_free);
  g_clear_pointer (&job->ticket, gw_ticket_unref);
  g_free (job);
}

/* The command as POST /api/v1/commands takes it (docs/API.md), without command_id. */
static JsonNode *
command_to_json (const GwCommand *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, gw_action_to_string (c->action));
  json_builder_set_member_name (b, "ticket_id");
  json_builder_add_int_value (b, c->ticket_id);
  if (c->reason && *c->reason)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, c->reason);
    }
  if (c->department_code)
    {
      json_builder_set_member_name (b, "department");
      json_builder_add_string_value (b, c->department_code);
    }
  if (c->departments)
    {
      json_builder_set_member_name (b, "departments");
      json_builder_begin_array (b);
      for (guint i = 0; c->departments[i]; i++)
        json_builder_add_string_value (b, c->departments[i]);
      json_builder_end_array (b);
    }
  if (c->lead_department)
    {
      json_builder_set_member_name (b, "lead_department");
      json_builder_add_string_value (b, c->lead_department);
    }
  if (c->action == GW_ACTION_REPORT_BACK)
    {
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, c->text ? c->text : "");
      json_builder_set_member_name (b, "resolved");
      json_builder_add_boolean_value (b, c->resolved);
    }
  if (c->satisfaction != GW_SATISFACTION_NONE)
    {
      json_builder_set_member_name (b, "satisfaction");
      json_builder_add_string_value (b, gw_satisfaction_to_string (c->satisfaction));
    }
  if (c->extension_seconds > 0)
    {
      json_builder_set_member_name (b, "extension_seconds");
      json_builder_add_int_value (b, c->extension_seconds);
    }
  if (c->merge_into > 0)
    {
      json_builder_set_member_name (b, "merge_into");
      json_builder_add_int_value (b, c->merge_into);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A new report as a "report" command (docs/API.md: the fields of POST /api/v1/tickets). */
static JsonNode *
report_to_json (const GwTicket *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  const struct { const char *name; const char *value; } texts[] = {
    { "category", t->category_code },
    { "urgency", gw_urgency_to_string (t->urgency) },
    { "source", gw_source_to_string (t->source) },
    { "level", gw_level_to_string (t->level) },
    { "description", t->description },
    { "address", t->address },
    { "reporter", t->reporter },
    { "reporter_phone", t->reporter_phone },
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, "report");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i].value != NULL)
      {
        json_builder_set_member_name (b, texts[i].name);
        json_builder_add_string_value (b, texts[i].value);
      }
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, t->lon);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, t->lat);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Store jobs --------------------------------------------------------------------------- */

static gpointer
apply_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Job *job = data;

  return gw_db_apply (db, &job->actor, &job->command->c, job->now, NULL, NULL, error);
}

static gpointer
report_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Job *job = data;

  if (!gw_db_report (db, &job->actor, job->ticket, job->now, error))
    return NULL;
  return gw_ticket_ref (job->ticket);
}

static gpointer
read_ticket_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id = *(gint64 *) data;
  GwTicket *t = gw_db_get_ticket (db, id, &local_error);

  if (t == NULL)
    {
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_NOT_FOUND,
                     _("No ticket has the id %lld"), (long long) id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return t;
}

/* Submitting --------------------------------------------------------------------------- */

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) ticket = gw_store_run_finish (GW_STORE (object), result, &error);

  if (ticket == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, GW_ACTION_OUTCOME_APPLIED);
}

typedef struct {
  CommandCopy     *command;     /* a workflow command, or */
  GwTicket        *report;      /* a new report (the caller's ticket) */
  GwActionOutcome  outcome;     /* a report's, once known */
  char            *number;
} SeatSubmit;

static void
seat_submit_free (SeatSubmit *s)
{
  g_clear_pointer (&s->command, command_copy_free);
  g_clear_pointer (&s->report, gw_ticket_unref);
  g_free (s->number);
  g_free (s);
}

/* Queued (PENDING) or already answered (APPLIED): a command's outcome, or a report's ticket. */
static void
return_queued (GTask           *task,
               GwActionOutcome  outcome)
{
  SeatSubmit *s = g_task_get_task_data (task);

  if (s->report == NULL)
    {
      g_task_return_int (task, outcome);
      return;
    }
  s->outcome = outcome;
  g_task_return_pointer (task, gw_ticket_ref (s->report), (GDestroyNotify) gw_ticket_unref);
}

static void
emit_outcome (GwActionRunner *self,
              gint64          ticket_id,
              GwAction        action,
              gboolean        report,
              const char     *number,
              const char     *refusal)
{
  g_autofree char *message = NULL;

  if (refusal == NULL && report)
    message = g_strdup_printf (_("Ticket %s reported"), number ? number : "");
  else if (refusal == NULL)
    /* TRANSLATORS: "Ticket R261122083015-0042: Dispatch done" */
    message = g_strdup_printf (_("Ticket %s: %s done"), number ? number : "", gw_action_runner_get_action_title (action));
  g_signal_emit (self, signals[OUTCOME], 0, ticket_id,
                 refusal ? GW_ACTION_OUTCOME_REFUSED : GW_ACTION_OUTCOME_APPLIED,
                 refusal ? refusal : message);
}

/* A report answered before submit finished: its ticket, from the seat's database. */
static void
on_early_report_read (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeatSubmit *s = g_task_get_task_data (task);
  g_autoptr(GwTicket) ticket = gw_store_read_finish (GW_STORE (object), result, NULL);

  if (ticket != NULL)
    {
      s->report->id = ticket->id;
      g_free (s->report->number);
      s->report->number = g_strdup (ticket->number);
    }
  return_queued (task, GW_ACTION_OUTCOME_APPLIED);
}

static void
on_queued (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwActionRunner *self = g_task_get_source_object (task);
  SeatSubmit *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *command_id = gw_sync_client_submit_finish (GW_SYNC_CLIENT (object), result, &error);
  Answer *early;
  Pending *p;

  if (command_id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Answered already (the answer overtook this callback): said here, not as "outcome". */
  early = g_hash_table_lookup (self->answered, command_id);
  if (early != NULL)
    {
      gint64 ticket_id = early->ticket_id;

      if (early->refusal != NULL)
        g_task_return_new_error (task, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID, "%s", early->refusal);
      else if (s->report != NULL && ticket_id > 0)
        gw_store_read_async (self->store, read_ticket_func, g_memdup2 (&ticket_id, sizeof ticket_id), g_free,
                             (GDestroyNotify) gw_ticket_unref, NULL, on_early_report_read, g_object_ref (task));
      else
        return_queued (task, GW_ACTION_OUTCOME_APPLIED);
      g_hash_table_remove (self->answered, command_id);
      return;
    }
  p = g_new0 (Pending, 1);
  if (s->report != NULL)
    {
      p->report = TRUE;
      p->action = GW_N_ACTIONS;
    }
  else
    {
      p->ticket_id = s->command->c.ticket_id;
      p->action = s->command->c.action;
    }
  p->number = g_strdup (s->number);
  g_hash_table_insert (self->pending, g_steal_pointer (&command_id), p);
  return_queued (task, GW_ACTION_OUTCOME_PENDING);
}

static void
queue (GTask *task)
{
  GwActionRunner *self = g_task_get_source_object (task);
  SeatSubmit *s = g_task_get_task_data (task);
  g_autoptr(JsonNode) json = s->report ? report_to_json (s->report) : command_to_json (&s->command->c);

  /* Not cancellable from here on: a command half-queued is worse than one queued. */
  gw_sync_client_submit_async (self->client, json, NULL, on_queued, g_object_ref (task));
}

static void
on_seat_ticket_read (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwActionRunner *self = g_task_get_source_object (task);
  SeatSubmit *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) ticket = gw_store_read_finish (GW_STORE (object), result, &error);

  if (ticket == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  s->number = g_strdup (ticket->number);
  if (gw_action_runner_get_pending_for_ticket (self, ticket->id) == 0 &&
      !gw_workflow_check (ticket, &self->actor, &s->command->c, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  queue (g_steal_pointer (&task));
}

/* Signals of the sync client ----------------------------------------------------------- */

typedef struct {
  GwActionRunner *self;
  Pending        *pending;
} ReportDone;

/* A report applied: its ticket is in the seat's database, and its number in the message. */
static void
on_report_done_read (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ReportDone *d = user_data;
  g_autoptr(GwTicket) ticket = gw_store_read_finish (GW_STORE (object), result, NULL);

  emit_outcome (d->self, d->pending->ticket_id, d->pending->action, TRUE, ticket ? ticket->number : NULL, NULL);
  pending_free (d->pending);
  g_object_unref (d->self);
  g_free (d);
}

static void
settle (GwActionRunner *self,
        const char     *command_id,
        gint64          ticket_id,
        const char     *refusal)
{
  Pending *p = g_hash_table_lookup (self->pending, command_id);
  g_autofree char *key = NULL;

  if (p == NULL)
    {
      /* Ours, answered before submit finished? Kept a while for on_queued. */
      Answer *a = g_new0 (Answer, 1);

      if (g_hash_table_size (self->answered) > 256)
        g_hash_table_remove_all (self->answered);
      a->ticket_id = ticket_id;
      a->refusal = g_strdup (refusal);
      g_hash_table_insert (self->answered, g_strdup (command_id), a);
      return;
    }
  g_hash_table_steal_extended (self->pending, command_id, (gpointer *) &key, NULL);
  if (p->report && refusal == NULL && ticket_id > 0)
    {
      ReportDone *d = g_new0 (ReportDone, 1);

      p->ticket_id = ticket_id;
      d->self = g_object_ref (self);
      d->pending = p;
      gw_store_read_async (self->store, read_ticket_func, g_memdup2 (&ticket_id, sizeof ticket_id), g_free,
                           (GDestroyNotify) gw_ticket_unref, NULL, on_report_done_read, d);
      return;
    }
  emit_outcome (self, p->ticket_id, p->action, p->report, p->number, refusal);
  pending_free (p);
}

static void
on_client_command_done (GwSyncClient *client,
                        const char   *command_id,
                        gint64        ticket_id,
                        gpointer      user_data)
{
  settle (user_data, command_id, ticket_id, NULL);
}

static void
on_client_command_refused (GwSyncClient *client,
                           const char   *command_id,
                           gint64        ticket_id,
                           const char   *message,
                           gpointer      user_data)
{
  settle (user_data, command_id, ticket_id, message && *message ? message : _("The server refused the command"));
}

/* Object ------------------------------------------------------------------------------- */

static void
gw_action_runner_dispose (GObject *object)
{
  GwActionRunner *self = GW_ACTION_RUNNER (object);

  if (self->client)
    {
      g_clear_signal_handler (&self->done_handler, self->client);
      g_clear_signal_handler (&self->refused_handler, self->client);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (gw_action_runner_parent_class)->dispose (object);
}

static void
gw_action_runner_finalize (GObject *object)
{
  GwActionRunner *self = GW_ACTION_RUNNER (object);

  g_free (self->actor_name);
  g_free (self->actor_division);
  g_free (self->actor_department);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->answered);

  G_OBJECT_CLASS (gw_action_runner_parent_class)->finalize (object);
}

static void
gw_action_runner_class_init (GwActionRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_action_runner_dispose;
  object_class->finalize = gw_action_runner_finalize;

  /* A pending command was answered: the ticket's id (a report's new ticket, 0 when it was
   * refused), APPLIED or REFUSED, and what to tell the officer (the server's reason for a
   * refusal). */
  signals[OUTCOME] =
    g_signal_new ("outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, GW_TYPE_ACTION_OUTCOME, G_TYPE_STRING);
}

static void
gw_action_runner_init (GwActionRunner *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_free);
  self->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) answer_free);
}

static GwActionRunner *
runner_new (GwStore       *store,
            GwClock       *clock,
            const GwActor *actor)
{
  GwActionRunner *self = g_object_new (GW_TYPE_ACTION_RUNNER, NULL);

  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->actor = *actor;
  self->actor.name = self->actor_name = g_strdup (actor->name);
  self->actor.division_code = self->actor_division = g_strdup (actor->division_code);
  self->actor.department_code = self->actor_department = g_strdup (actor->department_code);
  return self;
}

/* Public API --------------------------------------------------------------------------- */

GwActionRunner *
gw_action_runner_new_local (GwStore       *store,
                            GwClock       *clock,
                            const GwActor *actor)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (actor != NULL && actor->role < GW_N_ROLES, NULL);

  return runner_new (store, clock, actor);
}

GwActionRunner *
gw_action_runner_new_seat (GwSyncClient  *client,
                           GwStore       *store,
                           GwClock       *clock,
                           const GwActor *actor)
{
  GwActionRunner *self;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (actor != NULL && actor->role < GW_N_ROLES, NULL);

  self = runner_new (store, clock, actor);
  self->client = g_object_ref (client);
  self->done_handler = g_signal_connect (client, "command-done", G_CALLBACK (on_client_command_done), self);
  self->refused_handler = g_signal_connect (client, "command-refused",
                                            G_CALLBACK (on_client_command_refused), self);
  return self;
}

const GwActor *
gw_action_runner_get_actor (GwActionRunner *self)
{
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (self), NULL);

  return &self->actor;
}

GwStore *
gw_action_runner_get_store (GwActionRunner *self)
{
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (self), NULL);

  return self->store;
}

GwClock *
gw_action_runner_get_clock (GwActionRunner *self)
{
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (self), NULL);

  return self->clock;
}

gboolean
gw_action_runner_is_seat (GwActionRunner *self)
{
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (self), FALSE);

  return self->client != NULL;
}

void
gw_action_runner_submit_async (GwActionRunner      *self,
                               const GwCommand     *command,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_ACTION_RUNNER (self));
  g_return_if_fail (command != NULL && command->action < GW_N_ACTIONS);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_action_runner_submit_async);
  /* What was applied or queued is said so, even if the caller gave up meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->client == NULL)
    {
      /* gw_db_apply loads, checks and applies in one savepoint on the store's thread. */
      Job *job = job_new (self);

      job->command = command_copy (command);
      gw_store_run_async (self->store, apply_func, job, (GDestroyNotify) job_free,
                          (GDestroyNotify) gw_ticket_unref, cancellable, on_applied,
                          g_steal_pointer (&task));
    }
  else
    {
      SeatSubmit *s = g_new0 (SeatSubmit, 1);

      s->command = command_copy (command);
      g_task_set_task_data (task, s, (GDestroyNotify) seat_submit_free);
      gw_store_read_async (self->store, read_ticket_func, g_memdup2 (&command->ticket_id, sizeof (gint64)),
                           g_free, (GDestroyNotify) gw_ticket_unref, cancellable, on_seat_ticket_read,
                           g_steal_pointer (&task));
    }
}

GwActionOutcome
gw_action_runner_submit_finish (GwActionRunner  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), GW_ACTION_OUTCOME_REFUSED);

  outcome = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return GW_ACTION_OUTCOME_REFUSED;
    }
  return (GwActionOutcome) outcome;
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GwTicket *ticket = gw_store_run_finish (GW_STORE (object), result, &error);

  if (ticket == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ticket, (GDestroyNotify) gw_ticket_unref);
}

void
gw_action_runner_report_async (GwActionRunner      *self,
                               GwTicket            *ticket,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (GW_IS_ACTION_RUNNER (self));
  g_return_if_fail (ticket != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_action_runner_report_async);
  g_task_set_check_cancellable (task, FALSE);
  if (self->client != NULL)
    {
      /* Queued in the outbox: the server creates the ticket once, whenever it is sent. */
      SeatSubmit *s = g_new0 (SeatSubmit, 1);

      s->report = gw_ticket_ref (ticket);
      g_task_set_task_data (task, s, (GDestroyNotify) seat_submit_free);
      queue (g_steal_pointer (&task));
      return;
    }
  job = job_new (self);
  job->ticket = gw_ticket_ref (ticket);
  gw_store_run_async (self->store, report_func, job, (GDestroyNotify) job_free,
                      (GDestroyNotify) gw_ticket_unref, cancellable, on_reported, g_steal_pointer (&task));
}

GwTicket *
gw_action_runner_report_finish (GwActionRunner   *self,
                                GAsyncResult     *result,
                                GwActionOutcome  *outcome,
                                GError          **error)
{
  SeatSubmit *s;
  GwTicket *ticket;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  s = g_task_get_task_data (G_TASK (result));
  ticket = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome)
    *outcome = ticket == NULL ? GW_ACTION_OUTCOME_REFUSED : s ? s->outcome : GW_ACTION_OUTCOME_APPLIED;
  return ticket;
}

guint
gw_action_runner_get_pending_for_ticket (GwActionRunner *self,
                                         gint64          ticket_id)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (GW_IS_ACTION_RUNNER (self), 0);

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Pending *) value)->ticket_id == ticket_id)
      n++;
  return n;
}

const char *
gw_action_runner_get_action_title (GwAction action)
{
  static const char *const titles[] = {
    N_("Verify"), N_("Screen"), N_("Reject"), N_("Merge"), N_("Escalate"), N_("Dispatch"),
    N_("Whistle"), N_("Sign For"), N_("Report In"), N_("Return"), N_("Handle"),
    N_("Report Back"), N_("Close"), N_("Evaluate"), N_("Reopen"), N_("Request Extension"),
    N_("Approve Extension"), N_("Suspend"), N_("Resume"), N_("Supervise"), N_("Reassign"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == GW_N_ACTIONS);

  g_return_val_if_fail (action < GW_N_ACTIONS, "");
  return _(titles[action]);
}
