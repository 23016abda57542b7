/* gw-console-pane.h: the duty console's working area — filters and saved views on the
 * left, the queue in the middle, the selected ticket on the right — over one store. */
#pragma once

#include <gtk/gtk.h>

#include "gw-clock.h"
#include "gw-filter-pane.h"
#include "gw-queue-view.h"
#include "gw-store.h"
#include "gw-ticket-detail.h"
#include "gw-ticket-list.h"

G_BEGIN_DECLS

#define GW_TYPE_CONSOLE_PANE (gw_console_pane_get_type ())
G_DECLARE_FINAL_TYPE (GwConsolePane, gw_console_pane, GW, CONSOLE_PANE, GtkWidget)

GtkWidget    *gw_console_pane_new            (void);
/* Starts on an open store: names, the saved view, the queue. The actor shapes "my queue". */
void          gw_console_pane_set_store      (GwConsolePane *self,
                                              GwStore       *store,
                                              GwClock       *clock,
                                              const GwActor *actor);
/* Where the view, sort and column layout are remembered (may be NULL). */
void          gw_console_pane_set_settings   (GwConsolePane *self,
                                              GSettings     *settings);
/* Something wrote tickets (a sync client's live feed): refresh soon. */
void          gw_console_pane_invalidate     (GwConsolePane *self);
/* The right-hand pane: the selected ticket. */
GwTicketDetail *gw_console_pane_get_detail   (GwConsolePane *self);
GwTicketList *gw_console_pane_get_list       (GwConsolePane *self);
GwQueueView  *gw_console_pane_get_queue      (GwConsolePane *self);
GwFilterPane *gw_console_pane_get_filters    (GwConsolePane *self);
/* The selected ticket ids, in queue order (the first is the one the detail shows). */
GArray       *gw_console_pane_get_selection  (GwConsolePane *self);
/* Brings a ticket into view: selected in the queue, showing the whole county's tickets
 * if the current view does not hold it. */
void          gw_console_pane_show_ticket    (GwConsolePane *self,
                                              gint64         ticket_id);
/* Saves the view, sort and columns to the settings now (also done on each change). */
void          gw_console_pane_save_state     (GwConsolePane *self);

G_END_DECLS
