/* gw-queue-cell.h: one line of text in a queue cell, cheap to change. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_QUEUE_CELL (gw_queue_cell_get_type ())
G_DECLARE_FINAL_TYPE (GwQueueCell, gw_queue_cell, GW, QUEUE_CELL, GtkWidget)

GtkWidget  *gw_queue_cell_new        (float        xalign,
                                      gboolean     numeric);
void        gw_queue_cell_set_text   (GwQueueCell *self,
                                      const char  *text);
const char *gw_queue_cell_get_text   (GwQueueCell *self);

G_END_DECLS
