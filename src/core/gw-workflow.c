#define G_LOG_DOMAIN "gw-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-private.h"
#include "gw-enums-private.h"
#include "gw-json.h"
#include "gw-time.h"
#include "gw-workflow.h"

G_DEFINE_QUARK (gw-workflow-error-quark, gw_workflow_error)

static const char *const role_names[] = {
  "grid_worker", "community_staff", "street_officer", "commander", "department_handler",
  "district_center", NULL
};
static const char *const action_names[] = {
  "verify", "screen", "reject", "merge", "escalate", "dispatch", "whistle", "sign",
  "report_in", "return", "handle", "report_back", "close", "evaluate", "reopen",
  "request_extension", "approve_extension", "suspend", "resume", "supervise", "reassign", NULL
};
G_STATIC_ASSERT (G_N_ELEMENTS (role_names) == GW_N_ROLES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (action_names) == GW_N_ACTIONS + 1);

GW_ENUM_STRING_FUNCS (gw_role, GwRole, role_names, GW_N_ROLES)
GW_ENUM_STRING_FUNCS (gw_action, GwAction, action_names, GW_N_ACTIONS)

/* The rules ----------------------------------------------------------------------------- */

#define S(x) (1u << GW_STATE_##x)
#define OPEN_STATES (S (REPORTED) | S (VERIFYING) | S (SCREENED) | S (DISPATCHED) | S (SIGNED) | \
                     S (HANDLING) | S (CHECKING) | S (SUSPENDED))
#define R(x) (1u << GW_ROLE_##x)

/* Who handles tickets: departments, and the grid or community that handles its own. */
#define HANDLER_ROLES (R (DEPARTMENT_HANDLER) | R (GRID_WORKER) | R (COMMUNITY_STAFF))

/* Who acts for a level's command center. */
#define LEVEL_ROLES (R (GRID_WORKER) | R (COMMUNITY_STAFF) | R (STREET_OFFICER) | R (DISTRICT_CENTER) | R (COMMANDER))

typedef enum {
  ACT_AT_LEVEL,        /* the center of the ticket's level, or a commander at or above it */
  ACT_ABOVE,           /* a center at or above the ticket's level, or a commander */
  ACT_DISPATCHER,      /* the center of the level that dispatched it, or a commander */
  ACT_RESPONSIBLE,     /* the department it was dispatched to (the lead for a whistle), or
                        * the grid worker or community staff when their level handles it */
  ACT_WHISTLED,        /* a whistled department that has not reported in */
  ACT_ANY_IN_AREA,     /* anyone of the allowed roles whose division holds the ticket */
} Actor;

typedef struct {
  guint32  states;
  guint32  roles;
  Actor    who;
  gboolean reason;     /* a reason is required */
} Rule;

static const Rule rules[GW_N_ACTIONS] = {
  [GW_ACTION_VERIFY]            = { S (REPORTED), LEVEL_ROLES, ACT_ANY_IN_AREA, FALSE },
  [GW_ACTION_SCREEN]            = { S (REPORTED) | S (VERIFYING), LEVEL_ROLES, ACT_AT_LEVEL, FALSE },
  [GW_ACTION_REJECT]            = { S (REPORTED) | S (VERIFYING) | S (SCREENED), LEVEL_ROLES, ACT_AT_LEVEL, TRUE },
  [GW_ACTION_MERGE]             = { S (REPORTED) | S (VERIFYING) | S (SCREENED), LEVEL_ROLES, ACT_AT_LEVEL, FALSE },
  [GW_ACTION_ESCALATE]          = { S (REPORTED) | S (VERIFYING) | S (SCREENED),
                                    R (GRID_WORKER) | R (COMMUNITY_STAFF) | R (STREET_OFFICER) | R (COMMANDER),
                                    ACT_AT_LEVEL, TRUE },
  [GW_ACTION_DISPATCH]          = { S (SCREENED), LEVEL_ROLES, ACT_AT_LEVEL, FALSE },
  [GW_ACTION_WHISTLE]           = { S (SCREENED), R (STREET_OFFICER) | R (DISTRICT_CENTER) | R (COMMANDER), ACT_AT_LEVEL, FALSE },
  [GW_ACTION_SIGN]              = { S (DISPATCHED), HANDLER_ROLES, ACT_RESPONSIBLE, FALSE },
  [GW_ACTION_REPORT_IN]         = { S (DISPATCHED) | S (SIGNED) | S (HANDLING), R (DEPARTMENT_HANDLER), ACT_WHISTLED, FALSE },
  [GW_ACTION_RETURN]            = { S (DISPATCHED), HANDLER_ROLES, ACT_RESPONSIBLE, TRUE },
  [GW_ACTION_HANDLE]            = { S (SIGNED), HANDLER_ROLES, ACT_RESPONSIBLE, FALSE },
  [GW_ACTION_REPORT_BACK]       = { S (SIGNED) | S (HANDLING), HANDLER_ROLES, ACT_RESPONSIBLE, FALSE },
  [GW_ACTION_CLOSE]             = { S (CHECKING), LEVEL_ROLES, ACT_DISPATCHER, FALSE },
  [GW_ACTION_EVALUATE]          = { S (CLOSED), LEVEL_ROLES, ACT_DISPATCHER, FALSE },
  [GW_ACTION_REOPEN]            = { S (CHECKING) | S (CLOSED), LEVEL_ROLES, ACT_DISPATCHER, TRUE },
  [GW_ACTION_REQUEST_EXTENSION] = { S (SIGNED) | S (HANDLING), HANDLER_ROLES, ACT_RESPONSIBLE, TRUE },
  [GW_ACTION_APPROVE_EXTENSION] = { S (SIGNED) | S (HANDLING), LEVEL_ROLES, ACT_DISPATCHER, FALSE },
  [GW_ACTION_SUSPEND]           = { S (DISPATCHED) | S (SIGNED) | S (HANDLING), LEVEL_ROLES, ACT_DISPATCHER, TRUE },
  [GW_ACTION_RESUME]            = { S (SUSPENDED), LEVEL_ROLES, ACT_DISPATCHER, FALSE },
  [GW_ACTION_SUPERVISE]         = { OPEN_STATES, R (STREET_OFFICER) | R (DISTRICT_CENTER) | R (COMMANDER), ACT_ABOVE, TRUE },
  [GW_ACTION_REASSIGN]          = { S (DISPATCHED) | S (SIGNED), LEVEL_ROLES, ACT_DISPATCHER, TRUE },
};

/* The level a role's center works at. */
static GwLevel
role_level (const GwActor *actor)
{
  switch (actor->role)
    {
    case GW_ROLE_GRID_WORKER:
      return GW_LEVEL_GRID;
    case GW_ROLE_COMMUNITY_STAFF:
      return GW_LEVEL_COMMUNITY;
    case GW_ROLE_STREET_OFFICER:
      return GW_LEVEL_STREET;
    case GW_ROLE_DISTRICT_CENTER:
      return GW_LEVEL_DISTRICT;
    case GW_ROLE_COMMANDER:
    case GW_ROLE_DEPARTMENT_HANDLER:
    case GW_N_ROLES:
    default:
      return actor->level;
    }
}

static const char *
state_label (GwTicketState state)
{
  static const char *const labels[] = {
    N_("reported"), N_("verifying"), N_("screened"), N_("dispatched"), N_("signed for"),
    N_("being handled"), N_("being checked"), N_("suspended"), N_("closed"), N_("rejected"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_STATES);
  return _(labels[state]);
}

static const char *
level_label (GwLevel level)
{
  static const char *const labels[] = {
    N_("district"), N_("street"), N_("community"), N_("area"), N_("grid"), N_("micro-grid"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_LEVELS);
  return _(labels[level]);
}

static const char *
role_label (GwRole role)
{
  static const char *const labels[] = {
    N_("a grid worker"), N_("community staff"), N_("a street duty officer"), N_("a commander"),
    N_("a department handler"), N_("the district center"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_ROLES);
  return _(labels[role]);
}

static const char *
action_label (GwAction action)
{
  static const char *const labels[] = {
    N_("verify"), N_("screen"), N_("reject"), N_("merge"), N_("escalate"), N_("dispatch"),
    N_("whistle"), N_("sign for"), N_("report in"), N_("return"), N_("handle"),
    N_("report back"), N_("close"), N_("evaluate"), N_("reopen"), N_("request an extension"),
    N_("approve an extension"), N_("suspend"), N_("resume"), N_("supervise"), N_("reassign"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_ACTIONS);
  return _(labels[action]);
}

static gboolean
refuse (GError         **error,
        GwWorkflowError  code,
        const char      *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError         **error,
        GwWorkflowError  code,
        const char      *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_WORKFLOW_ERROR, code, message);
  return FALSE;
}

static gboolean
in_area (const GwActor  *actor,
         const GwTicket *ticket)
{
  const char *code = gw_ticket_get_division_code (ticket);
  return actor->division_code != NULL && code != NULL && g_str_has_prefix (code, actor->division_code);
}

static gboolean
is_responsible (const GwActor  *actor,
                const GwTicket *ticket)
{
  if (actor->role == GW_ROLE_GRID_WORKER || actor->role == GW_ROLE_COMMUNITY_STAFF)
    return ticket->department_code == NULL && ticket->level == role_level (actor) &&
           in_area (actor, ticket);
  return actor->role == GW_ROLE_DEPARTMENT_HANDLER && actor->department_code != NULL &&
         g_strcmp0 (actor->department_code, ticket->department_code) == 0;
}

static gboolean
check_actor (const Rule      *rule,
             const GwTicket  *ticket,
             const GwActor   *actor,
             const GwCommand *command,
             GError         **error)
{
  GwLevel level = role_level (actor);
  const char *act = action_label (command->action);

  switch (rule->who)
    {
    case ACT_ANY_IN_AREA:
      if (!in_area (actor, ticket))
        return refuse (error, GW_WORKFLOW_ERROR_JURISDICTION,
                       _("Cannot %s ticket %s: it lies outside your area (%s)"),
                       act, ticket->number, actor->division_code ? actor->division_code : "—");
      return TRUE;

    case ACT_AT_LEVEL:
    case ACT_ABOVE:
    case ACT_DISPATCHER:
      {
        GwLevel needed = rule->who == ACT_DISPATCHER && ticket->dispatched_at ? ticket->dispatcher_level
                                                                             : ticket->level;
        if (!in_area (actor, ticket))
          return refuse (error, GW_WORKFLOW_ERROR_JURISDICTION,
                         _("Cannot %s ticket %s: it lies outside your area (%s)"),
                         act, ticket->number, actor->division_code ? actor->division_code : "—");
        if (actor->role == GW_ROLE_COMMANDER)
          {
            if (level > needed)
              return refuse (error, GW_WORKFLOW_ERROR_WRONG_ROLE,
                             _("Cannot %s ticket %s: it is handled at %s level, above your command center"),
                             act, ticket->number, level_label (needed));
            return TRUE;
          }
        if (rule->who == ACT_ABOVE ? level > needed : level != needed)
          return refuse (error, GW_WORKFLOW_ERROR_WRONG_ROLE,
                         rule->who == ACT_ABOVE
                           ? _("Cannot %s ticket %s: only %s level or above, or a commander, may do that")
                           : _("Cannot %s ticket %s: it is handled at %s level, not by %s"),
                         act, ticket->number, level_label (needed), role_label (actor->role));
        return TRUE;
      }

    case ACT_RESPONSIBLE:
      if (!is_responsible (actor, ticket))
        return refuse (error, GW_WORKFLOW_ERROR_JURISDICTION,
                       _("Cannot %s ticket %s: it was not dispatched to you"), act, ticket->number);
      return TRUE;

    case ACT_WHISTLED:
      {
        GwWhistleDepartment *w = gw_ticket_find_whistle_department (ticket, actor->department_code);
        if (!ticket->whistle || w == NULL)
          return refuse (error, GW_WORKFLOW_ERROR_JURISDICTION,
                         _("Cannot %s ticket %s: your department was not whistled"), act, ticket->number);
        if (w->lead)
          return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                         _("Cannot %s ticket %s: the lead department reports in by signing for it"),
                         act, ticket->number);
        if (w->reported_in_at)
          return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                         _("Cannot %s ticket %s: your department has reported in already"), act, ticket->number);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
missing (GError     **error,
         const char  *what,
         GwAction     action)
{
  return refuse (error, GW_WORKFLOW_ERROR_MISSING, _("To %s a ticket, give %s"), action_label (action), what);
}

static gboolean
has_text (const char *s)
{
  if (s == NULL)
    return FALSE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return TRUE;
  return FALSE;
}

gboolean
gw_workflow_check (const GwTicket  *ticket,
                   const GwActor   *actor,
                   const GwCommand *command,
                   GError         **error)
{
  const Rule *rule;
  const char *act;

  g_return_val_if_fail (command->action < GW_N_ACTIONS, FALSE);
  g_return_val_if_fail (actor->role < GW_N_ROLES, FALSE);

  rule = &rules[command->action];
  act = action_label (command->action);

  if (!(rule->states & (1u << ticket->state)))
    return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                   _("Cannot %s ticket %s: it is %s"), act, ticket->number, state_label (ticket->state));
  if (!(rule->roles & (1u << actor->role)))
    return refuse (error, GW_WORKFLOW_ERROR_WRONG_ROLE,
                   _("Cannot %s ticket %s: %s may not do that"), act, ticket->number,
                   role_label (actor->role));
  if (!check_actor (rule, ticket, actor, command, error))
    return FALSE;
  if (rule->reason && !has_text (command->reason))
    return missing (error, _("a reason"), command->action);

  switch (command->action)
    {
    case GW_ACTION_MERGE:
      if (command->merge_into <= 0)
        return missing (error, _("the ticket it duplicates"), command->action);
      if (command->merge_into == ticket->id)
        return refuse (error, GW_WORKFLOW_ERROR_INVALID, _("A ticket cannot be merged into itself"));
      break;
    case GW_ACTION_ESCALATE:
      if (ticket->level == GW_LEVEL_DISTRICT)
        return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                       _("Cannot escalate ticket %s: it is handled at district level already"), ticket->number);
      break;
    case GW_ACTION_DISPATCH:
      /* A grid or a community may handle a ticket itself; above them, a department does. */
      if (command->department_code == NULL && ticket->level != GW_LEVEL_GRID &&
          ticket->level != GW_LEVEL_COMMUNITY)
        return missing (error, _("the department"), command->action);
      break;
    case GW_ACTION_REASSIGN:
      if (command->department_code == NULL)
        return missing (error, _("the department"), command->action);
      if (ticket->whistle)
        return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                       _("Cannot reassign ticket %s: a whistled ticket keeps its departments"), ticket->number);
      if (g_strcmp0 (command->department_code, ticket->department_code) == 0)
        return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                       _("Cannot reassign ticket %s to the department that has it"), ticket->number);
      break;
    case GW_ACTION_WHISTLE:
      {
        guint n = command->departments ? g_strv_length ((char **) command->departments) : 0;
        if (ticket->level < GW_LEVEL_DISTRICT || ticket->level > GW_LEVEL_STREET)
          return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                         _("Cannot whistle ticket %s: whistles are blown at street or district level"),
                         ticket->number);
        if (n < 2)
          return missing (error, _("at least two departments"), command->action);
        if (command->lead_department == NULL ||
            !g_strv_contains (command->departments, command->lead_department))
          return missing (error, _("a lead department among the departments"), command->action);
        for (guint i = 0; i < n; i++)
          for (guint j = i + 1; j < n; j++)
            if (g_str_equal (command->departments[i], command->departments[j]))
              return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                             _("Department %s is named twice"), command->departments[i]);
      }
      break;
    case GW_ACTION_SIGN:
    case GW_ACTION_RETURN:
    case GW_ACTION_HANDLE:
    case GW_ACTION_REPORT_BACK:
    case GW_ACTION_REQUEST_EXTENSION:
      if (command->action == GW_ACTION_REPORT_BACK && !has_text (command->text))
        return missing (error, _("what was done (the feedback text)"), command->action);
      if (command->action == GW_ACTION_REQUEST_EXTENSION)
        {
          if (command->extension_seconds <= 0)
            return missing (error, _("how much more time"), command->action);
          if (ticket->extension_seconds > 0)
            return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                           _("Cannot request an extension for ticket %s: one is awaiting approval"),
                           ticket->number);
        }
      break;
    case GW_ACTION_APPROVE_EXTENSION:
      if (ticket->extension_seconds <= 0)
        return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                       _("Cannot approve an extension for ticket %s: none was requested"), ticket->number);
      break;
    case GW_ACTION_EVALUATE:
      if (command->satisfaction == GW_SATISFACTION_NONE)
        return missing (error, _("the citizen's evaluation"), command->action);
      if (ticket->satisfaction != GW_SATISFACTION_NONE)
        return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                       _("Cannot evaluate ticket %s: it has been evaluated already"), ticket->number);
      break;
    case GW_ACTION_CLOSE:
      if (ticket->whistle && ticket->reported_back_at == 0)
        return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                       _("Cannot close ticket %s: the lead department has not reported back"), ticket->number);
      break;
    case GW_ACTION_SUPERVISE:
      if (ticket->state == GW_STATE_SUSPENDED)
        return refuse (error, GW_WORKFLOW_ERROR_WRONG_STATE,
                       _("Cannot supervise ticket %s: it is suspended"), ticket->number);
      break;
    case GW_ACTION_VERIFY:
    case GW_ACTION_SCREEN:
    case GW_ACTION_REJECT:
    case GW_ACTION_REPORT_IN:
    case GW_ACTION_REOPEN:
    case GW_ACTION_SUSPEND:
    case GW_ACTION_RESUME:
    case GW_N_ACTIONS:
    default:
      break;
    }
  return TRUE;
}

/* Applying ------------------------------------------------------------------------------ */

typedef struct {
  GwDb       *db;
  GwPolicy   *policy;
  GwCalendar *calendar;
  gint64      now;
  GwTicket   *t;
} Apply;

static GwLimitUnit
stage_unit (Apply   *a,
            GwStage  stage)
{
  return gw_policy_get_limit (a->policy, a->t->category_code, a->t->urgency, stage)->unit;
}

static void
start_stage (Apply   *a,
             GwStage  stage)
{
  gw_policy_start_stage (a->policy, a->calendar, a->t->category_code, a->t->urgency, stage,
                         a->now, &a->t->timer);
}

static void
stop_stage (Apply *a)
{
  GwTicket *t = a->t;
  gint64 deadline = t->timer.deadline_at;

  memset (&t->timer, 0, sizeof t->timer);
  t->timer.deadline_at = deadline;  /* kept: it says whether the last stage ended in time */
}

static void
dispatch_to (Apply      *a,
             const char *department,
             GwLevel     dispatcher_level)
{
  GwTicket *t = a->t;
  char *code = g_strdup (department);  /* department may be t->department_code itself */

  g_free (t->department_code);
  t->department_code = code;
  t->state = GW_STATE_DISPATCHED;
  t->dispatched_at = a->now;
  t->dispatcher_level = dispatcher_level;
  t->signed_at = 0;
  start_stage (a, GW_STAGE_SIGN);
  t->sign_deadline_at = t->timer.deadline_at;
}

static gboolean
department_exists (GwDb        *db,
                   const char  *code,
                   GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT 1 FROM departments WHERE code = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    return refuse (error, GW_WORKFLOW_ERROR_INVALID, _("No department has the code %s"), code);
  return TRUE;
}

static char *
make_payload (const GwCommand *c,
              const GwTicket  *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  gboolean any = FALSE;

  json_builder_begin_object (b);
  if (c->department_code)
    {
      json_builder_set_member_name (b, "department");
      json_builder_add_string_value (b, c->department_code);
      any = TRUE;
    }
  if (c->action == GW_ACTION_WHISTLE)
    {
      json_builder_set_member_name (b, "departments");
      json_builder_begin_array (b);
      for (guint i = 0; c->departments[i]; i++)
        json_builder_add_string_value (b, c->departments[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "lead");
      json_builder_add_string_value (b, c->lead_department);
      any = TRUE;
    }
  if (c->action == GW_ACTION_REPORT_BACK)
    {
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, c->text);
      json_builder_set_member_name (b, "resolved");
      json_builder_add_boolean_value (b, c->resolved);
      if (c->attachments && c->attachments->len)
        {
          json_builder_set_member_name (b, "attachments");
          json_builder_begin_array (b);
          for (guint i = 0; i < c->attachments->len; i++)
            json_builder_add_string_value (b, ((GwAttachment *) g_ptr_array_index (c->attachments, i))->sha256);
          json_builder_end_array (b);
        }
      any = TRUE;
    }
  if (c->action == GW_ACTION_EVALUATE)
    {
      json_builder_set_member_name (b, "satisfaction");
      json_builder_add_string_value (b, gw_satisfaction_to_string (c->satisfaction));
      any = TRUE;
    }
  if (c->action == GW_ACTION_REQUEST_EXTENSION || c->action == GW_ACTION_APPROVE_EXTENSION)
    {
      json_builder_set_member_name (b, "extension_seconds");
      json_builder_add_int_value (b, c->action == GW_ACTION_REQUEST_EXTENSION ? c->extension_seconds
                                                                             : t->extension_seconds);
      any = TRUE;
    }
  if (c->action == GW_ACTION_MERGE)
    {
      json_builder_set_member_name (b, "merge_into");
      json_builder_add_int_value (b, c->merge_into);
      any = TRUE;
    }
  if (c->action == GW_ACTION_ESCALATE || c->action == GW_ACTION_SUPERVISE)
    {
      json_builder_set_member_name (b, c->action == GW_ACTION_ESCALATE ? "level" : "urgency");
      json_builder_add_string_value (b, c->action == GW_ACTION_ESCALATE ? gw_level_to_string (t->level)
                                                                       : gw_urgency_to_string (t->urgency));
      any = TRUE;
    }
  json_builder_end_object (b);
  if (!any)
    return NULL;
  root = json_builder_get_root (b);
  return gw_json_to_string (root, FALSE);
}

static gboolean
insert_attachments (GwDb       *db,
                    gint64      ticket_id,
                    GPtrArray  *attachments,
                    GError    **error)
{
  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      GwAttachment *att = g_ptr_array_index (attachments, i);
      sqlite3_stmt *stmt = _gw_db_prepare (db,
          "INSERT INTO attachments (ticket_id, name, mime_type, size, sha256) VALUES (?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      sqlite3_bind_text (stmt, 2, att->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, att->mime_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, att->size);
      sqlite3_bind_text (stmt, 5, att->sha256, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return _gw_db_set_error (db, error, _("saving an attachment"));
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Changes the ticket in memory; the caller writes it. */
static gboolean
mutate (Apply           *a,
        const GwActor   *actor,
        const GwCommand *c,
        GError         **error)
{
  GwTicket *t = a->t;

  switch (c->action)
    {
    case GW_ACTION_VERIFY:
      t->state = GW_STATE_VERIFYING;
      break;
    case GW_ACTION_SCREEN:
      t->state = GW_STATE_SCREENED;
      break;
    case GW_ACTION_REJECT:
      t->state = GW_STATE_REJECTED;
      t->closed_at = a->now;
      stop_stage (a);
      break;
    case GW_ACTION_MERGE:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GwTicket) original = gw_db_get_ticket (a->db, c->merge_into, &local_error);

        if (original == NULL)
          return refuse (error, GW_WORKFLOW_ERROR_NOT_FOUND,
                         _("Cannot merge ticket %s: no ticket has the id %lld"),
                         t->number, (long long) c->merge_into);
        if (!gw_ticket_state_is_open (original->state))
          return refuse (error, GW_WORKFLOW_ERROR_INVALID,
                         _("Cannot merge ticket %s into %s: that ticket is closed"), t->number, original->number);
        t->merged_into = c->merge_into;
        t->state = GW_STATE_REJECTED;
        t->closed_at = a->now;
        stop_stage (a);
      }
      break;
    case GW_ACTION_ESCALATE:
      t->level = t->level == GW_LEVEL_GRID ? GW_LEVEL_COMMUNITY
               : t->level == GW_LEVEL_COMMUNITY ? GW_LEVEL_STREET : GW_LEVEL_DISTRICT;
      t->state = GW_STATE_SCREENED;
      break;
    case GW_ACTION_DISPATCH:
      if (c->department_code && !department_exists (a->db, c->department_code, error))
        return FALSE;
      dispatch_to (a, c->department_code, t->level);
      break;
    case GW_ACTION_REASSIGN:
      if (!department_exists (a->db, c->department_code, error))
        return FALSE;
      dispatch_to (a, c->department_code, t->dispatcher_level);
      break;
    case GW_ACTION_WHISTLE:
      for (guint i = 0; c->departments[i]; i++)
        if (!department_exists (a->db, c->departments[i], error))
          return FALSE;
      dispatch_to (a, c->lead_department, t->level);
      t->whistle = TRUE;
      g_ptr_array_set_size (t->whistle_departments, 0);
      for (guint i = 0; c->departments[i]; i++)
        {
          GwWhistleDepartment *w = gw_whistle_department_new (c->departments[i],
                                                              g_str_equal (c->departments[i], c->lead_department));
          /* Each department reports in within the sign-for limit. */
          w->deadline_at = t->sign_deadline_at;
          g_ptr_array_add (t->whistle_departments, w);
        }
      break;
    case GW_ACTION_SIGN:
      t->state = GW_STATE_SIGNED;
      t->signed_at = a->now;
      if (t->whistle)
        {
          GwWhistleDepartment *lead = gw_ticket_find_whistle_department (t, t->department_code);
          if (lead && lead->reported_in_at == 0)
            lead->reported_in_at = a->now;
        }
      start_stage (a, GW_STAGE_HANDLE);
      t->handle_deadline_at = t->timer.deadline_at;
      break;
    case GW_ACTION_REPORT_IN:
      gw_ticket_find_whistle_department (t, actor->department_code)->reported_in_at = a->now;
      break;
    case GW_ACTION_RETURN:
      t->state = GW_STATE_SCREENED;
      g_clear_pointer (&t->department_code, g_free);
      t->whistle = FALSE;
      g_ptr_array_set_size (t->whistle_departments, 0);
      stop_stage (a);
      break;
    case GW_ACTION_HANDLE:
      t->state = GW_STATE_HANDLING;
      break;
    case GW_ACTION_REPORT_BACK:
      t->state = GW_STATE_CHECKING;
      t->reported_back_at = a->now;
      t->resolved = c->resolved ? 1 : 0;
      if (!insert_attachments (a->db, t->id, c->attachments, error))
        return FALSE;
      start_stage (a, GW_STAGE_CHECK);
      break;
    case GW_ACTION_CLOSE:
      t->state = GW_STATE_CLOSED;
      t->closed_at = a->now;
      start_stage (a, GW_STAGE_FOLLOWUP);
      break;
    case GW_ACTION_EVALUATE:
      t->satisfaction = c->satisfaction;
      t->evaluated_at = a->now;
      if (c->satisfaction == GW_SATISFACTION_UNSATISFIED)
        {
          /* 返工: back to whoever handled it, to be done again. */
          t->reopen_count++;
          t->closed_at = 0;
          t->reported_back_at = 0;
          t->resolved = -1;
          dispatch_to (a, t->department_code, t->dispatcher_level);
        }
      else
        stop_stage (a);
      break;
    case GW_ACTION_REOPEN:
      t->reopen_count++;
      t->resolved = -1;
      t->reported_back_at = 0;
      if (t->state == GW_STATE_CHECKING)
        {
          /* The check failed: back to handling, on a fresh handling limit. */
          t->state = GW_STATE_HANDLING;
          start_stage (a, GW_STAGE_HANDLE);
          t->handle_deadline_at = t->timer.deadline_at;
        }
      else
        {
          t->closed_at = 0;
          t->satisfaction = GW_SATISFACTION_NONE;
          t->evaluated_at = 0;
          dispatch_to (a, t->department_code, t->dispatcher_level);
        }
      break;
    case GW_ACTION_REQUEST_EXTENSION:
      t->extension_seconds = c->extension_seconds;
      g_free (t->extension_reason);
      t->extension_reason = g_strdup (c->reason);
      break;
    case GW_ACTION_APPROVE_EXTENSION:
      gw_stage_timer_extend (&t->timer, a->policy, a->calendar, stage_unit (a, t->timer.stage),
                             t->extension_seconds);
      if (t->timer.stage == GW_STAGE_HANDLE)
        t->handle_deadline_at = t->timer.deadline_at;
      t->extension_seconds = 0;
      g_clear_pointer (&t->extension_reason, g_free);
      break;
    case GW_ACTION_SUSPEND:
      t->paused_state = t->state;
      t->state = GW_STATE_SUSPENDED;
      gw_stage_timer_pause (&t->timer, a->now);
      if (t->timer.paused_at == 0)
        t->timer.paused_at = a->now;  /* remembered even without a running stage */
      break;
    case GW_ACTION_RESUME:
      t->state = t->paused_state;
      if (t->timer.stage != GW_STAGE_NONE)
        gw_stage_timer_resume (&t->timer, a->calendar, stage_unit (a, t->timer.stage), a->now);
      t->timer.paused_at = 0;
      if (t->timer.stage == GW_STAGE_SIGN)
        t->sign_deadline_at = t->timer.deadline_at;
      else if (t->timer.stage == GW_STAGE_HANDLE)
        t->handle_deadline_at = t->timer.deadline_at;
      break;
    case GW_ACTION_SUPERVISE:
      t->supervise_count++;
      if (t->urgency < GW_URGENCY_EMERGENCY)
        t->urgency++;
      break;
    case GW_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

GwTicket *
gw_db_apply (GwDb            *db,
             const GwActor   *actor,
             const GwCommand *command,
             gint64           now,
             GwPolicy        *policy,
             GwCalendar      *calendar,
             GError         **error)
{
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *payload = NULL;
  GwTicketState from;
  GwAuditEntry entry = { 0, };
  gboolean outer;
  Apply a;

  /* The write lock first, then the ticket: what is checked is what is written over. */
  if (!_gw_db_write_begin (db, "gw_apply", &outer, error))
    return NULL;
  t = gw_db_get_ticket (db, command->ticket_id, &local_error);
  if (t == NULL)
    {
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        refuse (error, GW_WORKFLOW_ERROR_NOT_FOUND, _("No ticket has the id %lld"),
                (long long) command->ticket_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (!gw_workflow_check (t, actor, command, error))
    goto fail;

  a.db = db;
  a.policy = policy ? policy : gw_policy_get_default ();
  a.calendar = calendar ? calendar : gw_calendar_get_default ();
  a.now = now;
  a.t = t;
  from = t->state;
  if (!mutate (&a, actor, command, error))
    goto fail;
  t->updated_at = now;
  payload = make_payload (command, t);
  entry.ticket_id = t->id;
  entry.at = now;
  entry.actor = actor->name ? actor->name : "";
  entry.role = gw_role_to_string (actor->role);
  entry.action = gw_action_to_string (command->action);
  entry.from_state = gw_ticket_state_to_string (from);
  entry.to_state = gw_ticket_state_to_string (t->state);
  entry.reason = command->reason;
  entry.payload = payload;
  if (!_gw_db_save_workflow (db, t, error) || !gw_audit_append (db, &entry, error))
    goto fail;
  if (!_gw_db_write_release (db, "gw_apply", outer, error))
    goto fail;
  return g_steal_pointer (&t);

fail:
  _gw_db_write_rollback (db, "gw_apply", outer);
  return NULL;
}

gboolean
gw_workflow_can_see (const GwTicket *ticket,
                     const GwActor  *actor)
{
  if (actor->role == GW_ROLE_DEPARTMENT_HANDLER)
    return actor->department_code != NULL &&
           (g_strcmp0 (actor->department_code, ticket->department_code) == 0 ||
            gw_ticket_find_whistle_department (ticket, actor->department_code) != NULL);
  return in_area (actor, ticket);
}

gboolean
gw_db_report (GwDb          *db,
              const GwActor *actor,
              GwTicket      *ticket,
              gint64         now,
              GError       **error)
{
  GwAuditEntry entry = { 0, };
  g_autofree char *stamp = NULL;
  gboolean numbered;
  gboolean outer;

  ticket->state = GW_STATE_REPORTED;
  if (ticket->reported_at == 0)
    ticket->reported_at = now;
  ticket->updated_at = now;
  numbered = ticket->number == NULL;
  if (numbered)
    {
      g_autoptr(GDateTime) local = gw_time_to_date_time (ticket->reported_at);

      stamp = g_date_time_format (local, "%y%m%d%H%M%S");
      ticket->number = g_strdup_printf ("R%s-%04u", stamp, g_random_int_range (0, 10000));
    }
  if (!_gw_db_write_begin (db, "gw_report", &outer, error))
    return FALSE;
  /* A number made here names the second and a random suffix: many reports in one second
   * (a burst, a drill's paused clock) may draw the same one. Draw again (a UNIQUE clash of a
   * new ticket is its number's); a number given by the caller is theirs, and so is its clash. */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (gw_db_insert_ticket (db, ticket, &local_error) != 0)
        break;
      if (!numbered || attempt >= 32 ||
          !g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      g_free (ticket->number);
      ticket->number = g_strdup_printf ("R%s-%04u", stamp, g_random_int_range (0, 10000));
    }
  if (actor->role != GW_ROLE_DEPARTMENT_HANDLER && !gw_workflow_can_see (ticket, actor))
    {
      refuse (error, GW_WORKFLOW_ERROR_JURISDICTION,
              _("Cannot report ticket %s: the place lies outside your area (%s)"),
              ticket->number, actor->division_code ? actor->division_code : "—");
      goto fail;
    }
  entry.ticket_id = ticket->id;
  entry.at = now;
  entry.actor = actor->name ? actor->name : "";
  entry.role = gw_role_to_string (actor->role);
  entry.action = "report";
  entry.to_state = gw_ticket_state_to_string (GW_STATE_REPORTED);
  if (!gw_audit_append (db, &entry, error) || !_gw_db_write_release (db, "gw_report", outer, error))
    goto fail;
  return TRUE;

fail:
  _gw_db_write_rollback (db, "gw_report", outer);
  ticket->id = 0;
  return FALSE;
}
