/* gw-workflow.h: the closed loop (闭环): who may do what to a ticket, and when.
 *
 * Every action is checked against the ticket's state, the actor's role and the actor's
 * jurisdiction before anything changes; a refusal is a GW_WORKFLOW_ERROR whose message
 * names the rule. Applying an action to the store (gw_db_apply) changes the ticket, starts
 * or stops its stage timers and appends a hash-chained audit entry in one transaction.
 * The rules are in docs/WORKFLOW.md.
 */
#pragma once

#include "gw-db.h"
#include "gw-policy.h"

G_BEGIN_DECLS

#define GW_WORKFLOW_ERROR (gw_workflow_error_quark ())
GQuark gw_workflow_error_quark (void);

typedef enum {
  GW_WORKFLOW_ERROR_WRONG_STATE,   /* not allowed in the ticket's state */
  GW_WORKFLOW_ERROR_WRONG_ROLE,    /* not allowed for the actor's role */
  GW_WORKFLOW_ERROR_JURISDICTION,  /* the ticket is outside the actor's division or department */
  GW_WORKFLOW_ERROR_MISSING,       /* a reason, department, text … is required */
  GW_WORKFLOW_ERROR_INVALID,       /* a value that breaks a rule (unknown department, self-merge …) */
  GW_WORKFLOW_ERROR_NOT_FOUND,     /* no such ticket */
} GwWorkflowError;

typedef enum {
  GW_ROLE_GRID_WORKER = 0,
  GW_ROLE_COMMUNITY_STAFF,
  GW_ROLE_STREET_OFFICER,
  GW_ROLE_COMMANDER,
  GW_ROLE_DEPARTMENT_HANDLER,
  GW_ROLE_DISTRICT_CENTER,
  GW_N_ROLES
} GwRole;

typedef enum {
  GW_ACTION_VERIFY = 0,
  GW_ACTION_SCREEN,
  GW_ACTION_REJECT,
  GW_ACTION_MERGE,
  GW_ACTION_ESCALATE,
  GW_ACTION_DISPATCH,
  GW_ACTION_WHISTLE,
  GW_ACTION_SIGN,
  GW_ACTION_REPORT_IN,
  GW_ACTION_RETURN,
  GW_ACTION_HANDLE,
  GW_ACTION_REPORT_BACK,
  GW_ACTION_CLOSE,
  GW_ACTION_EVALUATE,
  GW_ACTION_REOPEN,
  GW_ACTION_REQUEST_EXTENSION,
  GW_ACTION_APPROVE_EXTENSION,
  GW_ACTION_SUSPEND,
  GW_ACTION_RESUME,
  GW_ACTION_SUPERVISE,
  GW_ACTION_REASSIGN,
  GW_N_ACTIONS
} GwAction;

/* Who acts: a person with a role in a division (their jurisdiction: every ticket whose
 * division code extends it) or, for department handlers, in a department. */
typedef struct {
  const char *name;
  GwRole      role;
  const char *division_code;    /* the actor's division; for a commander it sets the level */
  GwLevel     level;            /* that division's level */
  const char *department_code;  /* department handlers */
} GwActor;

typedef struct {
  GwAction           action;
  gint64             ticket_id;
  const char        *reason;             /* return, reject, escalate, suspend, supervise, … */
  const char        *department_code;    /* dispatch, reassign */
  const char *const *departments;        /* whistle: every department, NULL-terminated */
  const char        *lead_department;    /* whistle */
  const char        *text;               /* report back */
  gboolean           resolved;           /* report back */
  GPtrArray         *attachments;        /* report back: GwAttachment, may be NULL */
  GwSatisfaction     satisfaction;       /* evaluate */
  gint64             extension_seconds;  /* request extension (in the limit's unit) */
  gint64             merge_into;         /* merge: the original ticket's id */
} GwCommand;

const char *gw_role_to_string      (GwRole       role);
gboolean    gw_role_from_string    (const char  *str,
                                    GwRole      *out);
const char *gw_action_to_string    (GwAction     action);
gboolean    gw_action_from_string  (const char  *str,
                                    GwAction    *out);

/* Checks the rules without touching anything: TRUE when `actor` may apply `command` to
 * `ticket` as it is now. */
gboolean    gw_workflow_check      (const GwTicket  *ticket,
                                    const GwActor   *actor,
                                    const GwCommand *command,
                                    GError         **error);

/* Checks and applies `command` at `now` in one transaction (a savepoint, so it may run
 * inside a caller's batch). On refusal nothing changes. policy and calendar may be NULL for
 * the shipped ones. Returns the ticket as it is afterwards. */
GwTicket   *gw_db_apply            (GwDb            *db,
                                    const GwActor   *actor,
                                    const GwCommand *command,
                                    gint64           now,
                                    GwPolicy        *policy,
                                    GwCalendar      *calendar,
                                    GError         **error);

/* TRUE when the actor may read the ticket: it lies in their area, or it was dispatched or
 * whistled to their department. */
gboolean    gw_workflow_can_see    (const GwTicket  *ticket,
                                    const GwActor   *actor);

/* Stores a new report (state "reported", its division chain found from the point) with an
 * audit entry, in one savepoint. The ticket's id and number are set. */
gboolean    gw_db_report           (GwDb            *db,
                                    const GwActor   *actor,
                                    GwTicket        *ticket,
                                    gint64           now,
                                    GError         **error);

G_END_DECLS
