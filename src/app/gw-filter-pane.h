/* gw-filter-pane.h: the console's side pane — the saved views with their live counts, and
 * the filters that narrow the queue (state, light, urgency, board, department, source,
 * category, division tree, time window). It builds a GwTicketQuery; it reads nothing. */
#pragma once

#include <gtk/gtk.h>

#include "gw-ticket-query.h"

G_BEGIN_DECLS

#define GW_TYPE_FILTER_PANE (gw_filter_pane_get_type ())
G_DECLARE_FINAL_TYPE (GwFilterPane, gw_filter_pane, GW, FILTER_PANE, GtkWidget)

GtkWidget     *gw_filter_pane_new           (void);
/* The names the department list and the division tree show (the pane keeps references). */
void           gw_filter_pane_set_names     (GwFilterPane       *self,
                                             const GwQueueNames *names);
/* counts[GW_N_TICKET_VIEWS], from gw_db_count_ticket_views(). */
void           gw_filter_pane_set_counts    (GwFilterPane       *self,
                                             const gint64       *counts);
GwTicketView   gw_filter_pane_get_view      (GwFilterPane       *self);
void           gw_filter_pane_set_view      (GwFilterPane       *self,
                                             GwTicketView        view);
/* A street, community or grid to filter on (NULL for the whole county). */
void           gw_filter_pane_set_division  (GwFilterPane       *self,
                                             const char         *code);
/* Every filter back to "any"; the view stays. */
void           gw_filter_pane_clear         (GwFilterPane       *self);
/* The view and filters as a query at `now` (for the time window); the caller adds the
 * search text and the sort. */
GwTicketQuery *gw_filter_pane_build_query   (GwFilterPane       *self,
                                             gint64              now);

G_END_DECLS
