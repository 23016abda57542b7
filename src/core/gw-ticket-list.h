/* gw-ticket-list.h: a GListModel of GwTicketRow over a store, for queues of any size.
 *
 * The list holds only the ordered id array of its query's result (gw-ticket-query.h),
 * evaluated on the store's reader connections; rows are created when a view asks for
 * them and their tickets fetched in blocks, so a 420,000-ticket county costs a few MB.
 * Rows belong to positions: a refresh re-runs the query, each row a view holds shows the
 * ticket now at its place (notify), and only a change of length is an items-changed, at
 * the end; tickets that changed (the store's change log) are fetched again. Signals:
 * "refreshed", "result-changed" (a new query's result is shown) and "database-changed"
 * (the change log moved). Lights and time left tick at the instants they change, for the rows
 * a view holds.
 */
#pragma once

#include <gio/gio.h>

#include "gw-clock.h"
#include "gw-store.h"
#include "gw-ticket-query.h"
#include "gw-ticket-row.h"

G_BEGIN_DECLS

#define GW_TYPE_TICKET_LIST (gw_ticket_list_get_type ())
G_DECLARE_FINAL_TYPE (GwTicketList, gw_ticket_list, GW, TICKET_LIST, GObject)

GwTicketList        *gw_ticket_list_new          (GwStore             *store,
                                                  GwClock             *clock);
/* The actor "my queue" is for (copied); NULL for none. */
void                 gw_ticket_list_set_actor    (GwTicketList        *self,
                                                  const GwActor       *actor);
/* Replaces the query (copied) and refreshes. */
void                 gw_ticket_list_set_query    (GwTicketList        *self,
                                                  const GwTicketQuery *query);
const GwTicketQuery *gw_ticket_list_get_query    (GwTicketList        *self);
/* Re-runs the query and reloads the changed rows the views hold, now or, when a refresh
 * is running, right after it. */
void                 gw_ticket_list_refresh      (GwTicketList        *self);
/* Watches the store's change log every `interval_ms` (0 stops) and refreshes when it
 * moves: whatever writes the database (a sync client, a local action, another process). */
void                 gw_ticket_list_set_watch    (GwTicketList        *self,
                                                  guint                interval_ms);
/* The position of a ticket in the list, or -1. */
gint64               gw_ticket_list_find         (GwTicketList        *self,
                                                  gint64               ticket_id);
gboolean             gw_ticket_list_get_loading  (GwTicketList        *self);
/* The positions a view shows: a refresh updates those rows before the frame, the other
 * rows the view keeps just after it. */
void                 gw_ticket_list_set_visible_range (GwTicketList *self,
                                                       guint         first,
                                                       guint         last);

G_END_DECLS
