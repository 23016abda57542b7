/* gw-seat-bar.h: the band under the header bar that says a seat is offline. */
#pragma once

#include <gtk/gtk.h>

#include "gw-sync-client.h"

G_BEGIN_DECLS

#define GW_TYPE_SEAT_BAR (gw_seat_bar_get_type ())
G_DECLARE_FINAL_TYPE (GwSeatBar, gw_seat_bar, GW, SEAT_BAR, GtkWidget)

/* Follows the client's state and pending actions (NULL: hidden). */
void        gw_seat_bar_set_client   (GwSeatBar    *self,
                                      GwSyncClient *client);
/* TRUE while the band is shown (the seat is offline). */
gboolean    gw_seat_bar_get_revealed (GwSeatBar    *self);
/* What the band says. */
const char *gw_seat_bar_get_message  (GwSeatBar    *self);

G_END_DECLS
