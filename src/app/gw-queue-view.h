/* gw-queue-view.h: the console's ticket queue — a search box over a GtkColumnView of a
 * GwTicketList. Sorting by a column header sets the query's sort (SQLite sorts); no GTK
 * sort or filter model ever wraps the list. */
#pragma once

#include <gtk/gtk.h>

#include "gw-ticket-list.h"

G_BEGIN_DECLS

#define GW_TYPE_QUEUE_VIEW (gw_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (GwQueueView, gw_queue_view, GW, QUEUE_VIEW, GtkWidget)

GtkWidget    *gw_queue_view_new            (void);
void          gw_queue_view_set_list       (GwQueueView        *self,
                                            GwTicketList       *list);
/* Names for the location and department columns (kept). */
void          gw_queue_view_set_names      (GwQueueView        *self,
                                            const GwQueueNames *names);
const char   *gw_queue_view_get_text       (GwQueueView        *self);
void          gw_queue_view_set_text       (GwQueueView        *self,
                                            const char         *text);
GwTicketSort  gw_queue_view_get_sort       (GwQueueView        *self,
                                            gboolean           *descending);
void          gw_queue_view_set_sort       (GwQueueView        *self,
                                            GwTicketSort        sort,
                                            gboolean            descending);
/* The selected ticket ids (in queue order), and the one under focus (0 for none). */
GArray       *gw_queue_view_get_selection  (GwQueueView        *self);
void          gw_queue_view_select_ticket  (GwQueueView        *self,
                                            gint64              ticket_id);
void          gw_queue_view_focus_search   (GwQueueView        *self);
void          gw_queue_view_focus_list     (GwQueueView        *self);
GtkColumnView *gw_queue_view_get_column_view (GwQueueView      *self);
/* Column ids and widths as "id:width,…" for GSettings, and back. */
char         *gw_queue_view_save_columns   (GwQueueView        *self);
void          gw_queue_view_restore_columns (GwQueueView       *self,
                                             const char        *layout);

G_END_DECLS
