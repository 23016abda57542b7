/* gw-action-runner.h: runs a duty officer's workflow commands.
 *
 * On a county file the command goes straight through gw_db_apply() on the store's thread
 * and is applied (or refused) at once. On a seat it goes to the sync client's outbox and
 * is pending until the server answers; the answer arrives later as "outcome" (a new report
 * too, as a "report" command). Either way a workflow command is first checked with
 * gw_workflow_check() against the seat's copy of the ticket (read on a reader connection),
 * so that what the rules refuse is refused at once, with the workflow's own words.
 */
#pragma once

#include <gio/gio.h>

#include "gw-clock.h"
#include "gw-store.h"
#include "gw-sync-client.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

typedef enum {
  GW_ACTION_OUTCOME_APPLIED,   /* the ticket changed */
  GW_ACTION_OUTCOME_PENDING,   /* queued in the seat's outbox: "outcome" tells the rest */
  GW_ACTION_OUTCOME_REFUSED,   /* nothing changed; the error says why */
} GwActionOutcome;

GType gw_action_outcome_get_type (void) G_GNUC_CONST;
#define GW_TYPE_ACTION_OUTCOME (gw_action_outcome_get_type ())

#define GW_TYPE_ACTION_RUNNER (gw_action_runner_get_type ())
G_DECLARE_FINAL_TYPE (GwActionRunner, gw_action_runner, GW, ACTION_RUNNER, GObject)

/* A county file: commands are applied to store at the clock's time. The actor is copied. */
GwActionRunner  *gw_action_runner_new_local      (GwStore             *store,
                                                  GwClock             *clock,
                                                  const GwActor       *actor);
/* A seat: commands go to client's outbox; store is the seat's database (for the checks). */
GwActionRunner  *gw_action_runner_new_seat       (GwSyncClient        *client,
                                                  GwStore             *store,
                                                  GwClock             *clock,
                                                  const GwActor       *actor);

const GwActor   *gw_action_runner_get_actor      (GwActionRunner      *self);
GwStore         *gw_action_runner_get_store      (GwActionRunner      *self);
GwClock         *gw_action_runner_get_clock      (GwActionRunner      *self);
/* TRUE for a seat (commands are pending until the server answers). */
gboolean         gw_action_runner_is_seat        (GwActionRunner      *self);

/* Checks and submits one command (copied; the caller's strings may go at once). _finish
 * returns APPLIED or PENDING, or REFUSED with error set: a GW_WORKFLOW_ERROR whose message
 * is the rule in words, or whatever kept the command from being applied or queued. On a
 * seat, a ticket that already has commands pending is not checked locally: its copy is
 * behind them, and the server checks in order. */
void             gw_action_runner_submit_async   (GwActionRunner      *self,
                                                  const GwCommand     *command,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwActionOutcome  gw_action_runner_submit_finish  (GwActionRunner      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Reports a new ticket (state "reported", with an audit entry) at the clock's time. The
 * runner takes a reference and fills in the id and the number: leave the ticket alone
 * until the call finishes. _finish returns it, or NULL with error set (outcome REFUSED).
 * On a county file the outcome is APPLIED. On a seat the report goes to the outbox as a
 * "report" command and is PENDING (no id or number yet; the server creates the ticket
 * once, however often it is sent); "outcome" then says APPLIED, with the new ticket's id
 * and its number in the message, or REFUSED with the server's reason. */
void             gw_action_runner_report_async   (GwActionRunner      *self,
                                                  GwTicket            *ticket,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwTicket        *gw_action_runner_report_finish  (GwActionRunner      *self,
                                                  GAsyncResult        *result,
                                                  GwActionOutcome     *outcome,
                                                  GError             **error);

/* Commands submitted through this runner for the ticket and not answered yet (a seat). */
guint            gw_action_runner_get_pending_for_ticket (GwActionRunner *self,
                                                          gint64          ticket_id);

/* The action's name as a title or a button says it ("Dispatch"), translated. */
const char      *gw_action_runner_get_action_title (GwAction           action);

G_END_DECLS
