/* gw-ticket-detail.h: the right-hand pane of the duty console — everything about the
 * selected ticket: its facts, deadlines and light, whistle departments, a small map, the
 * audit timeline, attachments, related tickets and the cameras nearby.
 *
 * Everything is read in one job on one of the store's reader connections; a new ticket id
 * cancels the read under way. The pane scrolls by itself (put it in a box, not in another
 * scrolled window), and keeps an outcome notice pinned above what scrolls.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-clock.h"
#include "gw-store.h"
#include "gw-ticket.h"

G_BEGIN_DECLS

#define GW_TYPE_TICKET_DETAIL (gw_ticket_detail_get_type ())
G_DECLARE_FINAL_TYPE (GwTicketDetail, gw_ticket_detail, GW, TICKET_DETAIL, GtkWidget)

GwTicketDetail *gw_ticket_detail_new           (void);

/* The store to read from and the clock the lights run on (NULL: the real clock). Loads the
 * current ticket, if any. */
void            gw_ticket_detail_set_store     (GwTicketDetail *self,
                                                GwStore        *store,
                                                GwClock        *clock);

/* Shows a ticket; 0 shows the calm empty state ("Select a ticket"). An id that is not in
 * the store shows that there is no such ticket. "loaded" follows when the read is done. */
void            gw_ticket_detail_set_ticket_id (GwTicketDetail *self,
                                                gint64          id);
gint64          gw_ticket_detail_get_ticket_id (GwTicketDetail *self);

/* The ticket changed: reads it again, keeping what is on screen and where it is scrolled
 * to until the new content is there. */
void            gw_ticket_detail_reload        (GwTicketDetail *self);

/* The ticket as last loaded, or NULL (nothing shown, not loaded yet, not found). */
GwTicket       *gw_ticket_detail_get_ticket    (GwTicketDetail *self);

/* An outcome shown at the top of the pane (a refused command's reason, "Pending: waiting
 * for the server"…); NULL clears it. A new ticket id clears it too. */
void            gw_ticket_detail_set_notice    (GwTicketDetail *self,
                                                const char     *text,
                                                gboolean        is_error);

G_END_DECLS
