/* gw-ticket-actions.c: the console's ticket.* actions.
 *
 * The selection is read on a reader connection whenever it changes (or the tickets do);
 * until then every ticket action is disabled, so a keystroke never acts on what was
 * selected before. Whether an action is enabled is gw_workflow_check () with a command
 * whose fields are all filled in: it refuses what the state, the role and the jurisdiction
 * forbid, and a missing field is the form's business. On a seat, a ticket with commands
 * still pending is not judged by its state: its copy is behind them.
 */
#define G_LOG_DOMAIN "gw-ticket-actions"

#include "config.h"

#include "gw-ticket-actions.h"

#define ACTION_NEW "new"

struct _GwTicketActions
{
  GSimpleActionGroup  parent_instance;

  GwActionRunner     *runner;
  GwStore            *store;
  GWeakRef            parent;
  GArray             *ids;            /* gint64: the selection */
  GPtrArray          *tickets;        /* GwTicket: the selection as last read */
  GCancellable       *read_cancellable;
  gboolean            updating;
  GwActionForm       *form;           /* weak */
  gulong              outcome_handler;
};

G_DEFINE_FINAL_TYPE (GwTicketActions, gw_ticket_actions, G_TYPE_SIMPLE_ACTION_GROUP)

enum {
  PROP_0,
  PROP_UPDATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GwTicketAccel accels[] = {
  { "ticket.new",               { "<Control>n", NULL } },
  { "ticket.verify",            { "<Control>i", NULL } },
  { "ticket.screen",            { "<Control>l", NULL } },
  { "ticket.reject",            { "<Control>j", NULL } },
  { "ticket.merge",             { "<Control>m", NULL } },
  { "ticket.escalate",          { "<Control>e", NULL } },
  { "ticket.dispatch",          { "<Control>d", NULL } },
  { "ticket.whistle",           { "<Control>b", NULL } },
  { "ticket.sign",              { "<Control><Shift>s", NULL } },
  { "ticket.report-in",         { "<Control><Shift>k", NULL } },
  { "ticket.return",            { "<Control><Shift>j", NULL } },
  { "ticket.handle",            { "<Control><Shift>t", NULL } },
  { "ticket.report-back",       { "<Control><Shift>b", NULL } },
  { "ticket.close",             { "<Control>k", NULL } },
  { "ticket.evaluate",          { "<Control>t", NULL } },
  { "ticket.reopen",            { "<Control><Shift>o", NULL } },
  { "ticket.request-extension", { "<Control><Shift>x", NULL } },
  { "ticket.approve-extension", { "<Control><Shift>y", NULL } },
  { "ticket.suspend",           { "<Control><Shift>p", NULL } },
  { "ticket.resume",            { "<Control>p", NULL } },
  { "ticket.supervise",         { "<Control>u", NULL } },
  { "ticket.reassign",          { "<Control><Shift>d", NULL } },
  { NULL, { NULL } },
};

/* The GAction's name of a workflow action: its wire name with "-" for "_". */
static char *
action_name (GwAction action)
{
  char *name = g_strdup (gw_action_to_string (action));

  g_strdelimit (name, "_", '-');
  return name;
}

static gboolean
action_from_name (const char *name,
                  GwAction   *out)
{
  g_autofree char *wire = g_strdup (name);

  g_strdelimit (wire, "-", '_');
  return gw_action_from_string (wire, out);
}

static gboolean
takes_several (GwAction action)
{
  return action == GW_ACTION_DISPATCH || action == GW_ACTION_MERGE || action == GW_ACTION_SUPERVISE;
}

/* The oldest ticket: the original that merged duplicates go into. */
static guint
oldest_index (GPtrArray *tickets)
{
  guint best = 0;

  for (guint i = 1; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);
      GwTicket *b = g_ptr_array_index (tickets, best);

      if (t->reported_at < b->reported_at || (t->reported_at == b->reported_at && t->id < b->id))
        best = i;
    }
  return best;
}

/* Enabling ------------------------------------------------------------------------------ */

static gboolean
allowed_for (GwTicketActions *self,
             GwAction         action,
             GwTicket        *t,
             GwTicket        *original)
{
  static const char *const departments[] = { "", " ", NULL };
  g_autoptr(GError) error = NULL;
  GwCommand c = { 0, };

  /* Every field filled in, so that only state, role and jurisdiction can refuse. */
  c.action = action;
  c.ticket_id = t->id;
  c.reason = "-";
  c.department_code = "";
  c.departments = departments;
  c.lead_department = "";
  c.text = "-";
  c.satisfaction = GW_SATISFACTION_SATISFIED;
  c.extension_seconds = 3600;
  c.merge_into = original ? original->id : t->id + 1;

  if (gw_workflow_check (t, gw_action_runner_get_actor (self->runner), &c, &error))
    return TRUE;
  if (g_error_matches (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_MISSING))
    return TRUE;
  if (g_error_matches (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_STATE) &&
      gw_action_runner_get_pending_for_ticket (self->runner, t->id) > 0)
    return TRUE;
  return FALSE;
}

static gboolean
allowed (GwTicketActions *self,
         GwAction         action)
{
  GPtrArray *tickets = self->tickets;
  GwTicket *original = NULL;

  if (self->updating || tickets->len == 0)
    return FALSE;
  if (tickets->len > 1 && !takes_several (action))
    return FALSE;
  if (action == GW_ACTION_MERGE)
    {
      if (tickets->len < 2)
        return FALSE;
      original = g_ptr_array_index (tickets, oldest_index (tickets));
    }
  for (guint i = 0; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);

      if (t != original && !allowed_for (self, action, t, original))
        return FALSE;
    }
  return TRUE;
}

static void
update_enabled (GwTicketActions *self)
{
  for (GwAction a = 0; a < GW_N_ACTIONS; a++)
    {
      g_autofree char *name = action_name (a);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), allowed (self, a));
    }
}

static void
set_updating (GwTicketActions *self,
              gboolean         updating)
{
  if (self->updating == updating)
    return;
  self->updating = updating;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
}

static gpointer
read_selection_func (GwDb     *db,
                     gpointer  data,
                     GError  **error)
{
  GArray *ids = data;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      GwTicket *t = gw_db_get_ticket (db, g_array_index (ids, gint64, i), &local_error);

      if (t != NULL)
        g_ptr_array_add (tickets, t);
      else if (!g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&tickets);
}

static void
on_selection_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwTicketActions) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets = gw_store_read_finish (GW_STORE (object), result, &error);

  if (tickets == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot read the selected tickets: %s", error->message);
      tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
    }
  g_ptr_array_unref (self->tickets);
  self->tickets = tickets;
  set_updating (self, FALSE);
  update_enabled (self);
}

static void
read_selection (GwTicketActions *self)
{
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);

  g_ptr_array_set_size (self->tickets, 0);
  if (self->ids->len == 0)
    {
      set_updating (self, FALSE);
      update_enabled (self);
      return;
    }
  set_updating (self, TRUE);
  update_enabled (self);
  self->read_cancellable = g_cancellable_new ();
  gw_store_read_async (self->store, read_selection_func, g_array_ref (self->ids), (GDestroyNotify) g_array_unref,
                       (GDestroyNotify) g_ptr_array_unref, self->read_cancellable, on_selection_read,
                       g_object_ref (self));
}

/* Forms --------------------------------------------------------------------------------- */

static void
on_form_done (GwActionForm    *form,
              GwActionOutcome  outcome,
              const char      *message,
              GwTicketActions *self)
{
  g_signal_emit (self, signals[DONE], 0, outcome, message);
  gw_ticket_actions_refresh (self);
}

static void
forget_form (GwTicketActions *self)
{
  if (self->form == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->form), (gpointer *) &self->form);
  self->form = NULL;
}

static gboolean
on_form_close_request (GwTicketActions *self)
{
  forget_form (self);
  return FALSE;
}

static void
show_form (GwTicketActions *self,
           GwActionForm    *form)
{
  self->form = form;
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &self->form);
  g_signal_connect_object (form, "done", G_CALLBACK (on_form_done), self, 0);
  g_signal_connect_object (form, "close-request", G_CALLBACK (on_form_close_request), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

static void
on_activate (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GwTicketActions *self = user_data;
  g_autoptr(GtkWindow) parent = g_weak_ref_get (&self->parent);
  g_autoptr(GPtrArray) tickets = NULL;
  const char *name = g_action_get_name (G_ACTION (action));
  GwAction workflow_action;

  if (self->form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->form));
      return;
    }
  if (g_str_equal (name, ACTION_NEW))
    {
      show_form (self, gw_action_form_new_report (parent, self->runner));
      return;
    }
  if (!action_from_name (name, &workflow_action) || !allowed (self, workflow_action))
    return;

  tickets = g_ptr_array_copy (self->tickets, (GCopyFunc) gw_ticket_ref, NULL);
  g_ptr_array_set_free_func (tickets, (GDestroyNotify) gw_ticket_unref);
  if (workflow_action == GW_ACTION_MERGE)
    {
      /* The oldest first: the others are merged into it. */
      guint oldest = oldest_index (tickets);
      GwTicket *original = g_ptr_array_steal_index (tickets, oldest);

      g_ptr_array_insert (tickets, 0, original);
    }
  show_form (self, gw_action_form_new (parent, self->runner, workflow_action, tickets));
}

static void
on_runner_outcome (GwActionRunner  *runner,
                   gint64           ticket_id,
                   GwActionOutcome  outcome,
                   const char      *message,
                   GwTicketActions *self)
{
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == ticket_id)
      {
        gw_ticket_actions_refresh (self);
        return;
      }
}

/* Object ------------------------------------------------------------------------------- */

static void
gw_ticket_actions_dispose (GObject *object)
{
  GwTicketActions *self = GW_TICKET_ACTIONS (object);

  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  forget_form (self);
  if (self->runner)
    g_clear_signal_handler (&self->outcome_handler, self->runner);
  g_clear_object (&self->runner);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_ticket_actions_parent_class)->dispose (object);
}

static void
gw_ticket_actions_finalize (GObject *object)
{
  GwTicketActions *self = GW_TICKET_ACTIONS (object);

  g_weak_ref_clear (&self->parent);
  g_array_unref (self->ids);
  g_ptr_array_unref (self->tickets);

  G_OBJECT_CLASS (gw_ticket_actions_parent_class)->finalize (object);
}

static void
gw_ticket_actions_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwTicketActions *self = GW_TICKET_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_UPDATING:
      g_value_set_boolean (value, self->updating);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_ticket_actions_class_init (GwTicketActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_ticket_actions_dispose;
  object_class->finalize = gw_ticket_actions_finalize;
  object_class->get_property = gw_ticket_actions_get_property;

  properties[PROP_UPDATING] =
    g_param_spec_boolean ("updating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A form closed after an applied or pending command, or a reported ticket: the outcome
   * and what to tell the officer (a toast). A pending command's answer comes later as the
   * runner's "outcome". */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, GW_TYPE_ACTION_OUTCOME, G_TYPE_STRING);
}

static void
gw_ticket_actions_init (GwTicketActions *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  g_weak_ref_init (&self->parent, NULL);

  for (GwAction a = 0; a < GW_N_ACTIONS; a++)
    {
      g_autofree char *name = action_name (a);
      g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

      g_simple_action_set_enabled (action, FALSE);
      g_signal_connect (action, "activate", G_CALLBACK (on_activate), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

/* Public API --------------------------------------------------------------------------- */

GwTicketActions *
gw_ticket_actions_new (GwActionRunner *runner,
                       GwStore        *store,
                       GtkWindow      *parent)
{
  GwTicketActions *self;
  g_autoptr(GSimpleAction) report = NULL;

  g_return_val_if_fail (GW_IS_ACTION_RUNNER (runner), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (GW_TYPE_TICKET_ACTIONS, NULL);
  self->runner = g_object_ref (runner);
  self->store = g_object_ref (store);
  g_weak_ref_set (&self->parent, parent);
  self->outcome_handler = g_signal_connect (runner, "outcome", G_CALLBACK (on_runner_outcome), self);

  /* A new report: on a county file at once, on a seat through the outbox. */
  report = g_simple_action_new (ACTION_NEW, NULL);
  g_signal_connect (report, "activate", G_CALLBACK (on_activate), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (report));
  return self;
}

void
gw_ticket_actions_set_selection (GwTicketActions *self,
                                 const gint64    *ids,
                                 guint            n)
{
  g_return_if_fail (GW_IS_TICKET_ACTIONS (self));
  g_return_if_fail (ids != NULL || n == 0);

  g_array_set_size (self->ids, 0);
  if (n > 0)
    g_array_append_vals (self->ids, ids, n);
  read_selection (self);
}

void
gw_ticket_actions_refresh (GwTicketActions *self)
{
  g_return_if_fail (GW_IS_TICKET_ACTIONS (self));

  read_selection (self);
}

gboolean
gw_ticket_actions_get_updating (GwTicketActions *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ACTIONS (self), FALSE);

  return self->updating;
}

GPtrArray *
gw_ticket_actions_get_tickets (GwTicketActions *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ACTIONS (self), NULL);

  return self->tickets;
}

GwActionForm *
gw_ticket_actions_get_form (GwTicketActions *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ACTIONS (self), NULL);

  return self->form;
}

const GwTicketAccel *
gw_ticket_actions_get_accels (void)
{
  return accels;
}
