/* gw-db-pins.h: the open tickets' pins, all at once or as they change. */
#pragma once

#include "gw-db.h"
#include "gw-pin-index.h"

G_BEGIN_DECLS

/* Pins (element type GwPin) of the open tickets: every one when since_seq < 0; otherwise
 * those of the tickets the change log names after since_seq that are still open, their
 * ids that are no longer open (closed, rejected, merged) going to *gone (gint64). *seq
 * receives the change log's last sequence, read in the same snapshot. */
GArray *gw_db_list_pins (GwDb     *self,
                         gint64    since_seq,
                         gint64   *seq,
                         GArray  **gone,
                         GError  **error);

G_END_DECLS
