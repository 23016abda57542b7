/* gw-ticket-actions.h: the console's ticket.* actions.
 *
 * One action per workflow action (ticket.verify … ticket.reassign, the names of the
 * workflow with "-" for "_") plus ticket.new, a new ticket from a phone call. The window
 * inserts the group as "ticket" and tells it the queue's selection; each action is enabled
 * only when the workflow's rules allow it for the selected tickets (their state, the
 * officer's role and jurisdiction; fields such as a reason are asked for by the form).
 * dispatch, merge and supervise take several tickets; the others exactly one. Activating
 * one opens its short form over the window.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-action-form.h"
#include "gw-action-runner.h"

G_BEGIN_DECLS

/* An action and its shortcuts, for gtk_application_set_accels_for_action (). */
typedef struct {
  const char *action;      /* "ticket.dispatch" */
  const char *accels[2];   /* NULL-terminated */
} GwTicketAccel;

#define GW_TYPE_TICKET_ACTIONS (gw_ticket_actions_get_type ())
G_DECLARE_FINAL_TYPE (GwTicketActions, gw_ticket_actions, GW, TICKET_ACTIONS, GSimpleActionGroup)

/* store: where the selected tickets are read (the runner's store, normally); parent: the
 * window the forms are shown over (not referenced). */
GwTicketActions     *gw_ticket_actions_new             (GwActionRunner  *runner,
                                                        GwStore         *store,
                                                        GtkWindow       *parent);

/* The queue's selection changed: ids of the selected tickets, in the queue's order. The
 * actions are disabled until the tickets are read (a reader connection, in the
 * background), then enabled as they allow. */
void                 gw_ticket_actions_set_selection   (GwTicketActions *self,
                                                        const gint64    *ids,
                                                        guint            n);
/* Reads the selection again (the tickets changed). Done by itself after a form closes and
 * when a pending command is answered. */
void                 gw_ticket_actions_refresh         (GwTicketActions *self);
/* Property "updating": TRUE while the selection is being read. */
gboolean             gw_ticket_actions_get_updating    (GwTicketActions *self);
/* The selected tickets as last read (element type GwTicket). */
GPtrArray           *gw_ticket_actions_get_tickets     (GwTicketActions *self);

/* The form open over the window, or NULL. */
GwActionForm        *gw_ticket_actions_get_form        (GwTicketActions *self);

/* Every action's shortcut (docs/CONSOLE.md); the last entry has action NULL. */
const GwTicketAccel *gw_ticket_actions_get_accels      (void);

G_END_DECLS
