/* gw-seat-status.h: the header bar's connection indicator of a seat. */
#pragma once

#include <gtk/gtk.h>

#include "gw-sync-client.h"

G_BEGIN_DECLS

#define GW_TYPE_SEAT_STATUS (gw_seat_status_get_type ())
G_DECLARE_FINAL_TYPE (GwSeatStatus, gw_seat_status, GW, SEAT_STATUS, GtkWidget)

/* Follows the client's state and pending actions (NULL: shows nothing). */
void        gw_seat_status_set_client  (GwSeatStatus *self,
                                        GwSyncClient *client);
/* What the indicator says about the connection. */
const char *gw_seat_status_get_label   (GwSeatStatus *self);
/* "3 waiting", or "" when nothing waits. */
const char *gw_seat_status_get_pending (GwSeatStatus *self);

G_END_DECLS
