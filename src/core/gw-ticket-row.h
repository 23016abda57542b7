/* gw-ticket-row.h: one row of a ticket list — an id whose ticket is fetched when the row
 * is first shown, with its light and time left as of the list's last tick.
 *
 * Views bind to the properties: "ticket" is NULL until the row is loaded and is replaced
 * (notify) when the ticket changes; "light" and "time-left" are notified when they change,
 * which the owning GwTicketList schedules from the stage thresholds, not by polling.
 */
#pragma once

#include <glib-object.h>

#include "gw-policy.h"
#include "gw-ticket.h"

G_BEGIN_DECLS

#define GW_TICKET_ROW_NO_CLOCK G_MININT64

#define GW_TYPE_TICKET_ROW (gw_ticket_row_get_type ())
G_DECLARE_FINAL_TYPE (GwTicketRow, gw_ticket_row, GW, TICKET_ROW, GObject)

GwTicketRow *gw_ticket_row_new           (gint64       id);
gint64       gw_ticket_row_get_id        (GwTicketRow *self);
/* NULL until loaded. */
GwTicket    *gw_ticket_row_get_ticket    (GwTicketRow *self);
GwLight      gw_ticket_row_get_light     (GwTicketRow *self);
/* Seconds left on the running stage (negative when overdue), or GW_TICKET_ROW_NO_CLOCK. */
gint64       gw_ticket_row_get_time_left (GwTicketRow *self);

/* For the list: sets the ticket and evaluates the clock at `now`. */
void         gw_ticket_row_set_ticket    (GwTicketRow *self,
                                          GwTicket    *ticket,
                                          gint64       now);
/* Re-evaluates light and time left at `now` (time left to the minute); notifies what
 * changed. Returns the next instant either changes, or 0 when neither will. */
gint64       gw_ticket_row_tick          (GwTicketRow *self,
                                          gint64       now);

G_END_DECLS
