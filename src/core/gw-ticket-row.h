/* gw-ticket-row.h: one row of a ticket list — a place in the list showing one ticket,
 * fetched when the row is first shown, with its light and time left as of the list's last
 * tick.
 *
 * A row belongs to its position: when the list's result changes, the row at a position
 * shows another ticket ("id" and "ticket" notify) rather than the view replacing it, so a
 * new filter repaints cells instead of rebuilding every row widget. Views bind to the
 * properties: "ticket" is NULL until loaded; "light" and "time-left" are notified when they
 * change, which the owning GwTicketList schedules from the stage thresholds, not by polling.
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

/* For the list: shows ticket `id` (ticket may be NULL until fetched). */
void         gw_ticket_row_show          (GwTicketRow *self,
                                          gint64       id,
                                          GwTicket    *ticket,
                                          gint64       now);
/* For the list: sets the ticket and evaluates the clock at `now`. */
void         gw_ticket_row_set_ticket    (GwTicketRow *self,
                                          GwTicket    *ticket,
                                          gint64       now);
/* Re-evaluates light and time left at `now` (time left to the minute); notifies what
 * changed. Returns the next instant either changes, or 0 when neither will. */
gint64       gw_ticket_row_tick          (GwTicketRow *self,
                                          gint64       now);

G_END_DECLS
