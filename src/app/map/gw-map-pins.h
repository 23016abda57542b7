/* gw-map-pins.h: the store's open tickets as a live pin index for the map's layers. */
#pragma once

#include <gio/gio.h>

#include "gw-clock.h"
#include "gw-pin-index.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_MAP_PINS (gw_map_pins_get_type ())
G_DECLARE_FINAL_TYPE (GwMapPins, gw_map_pins, GW, MAP_PINS, GObject)

/* Loads the open tickets from the store, then follows the change log every interval_ms
 * and the stage clocks at the instants they change. "changed" says the index moved. */
GwMapPins  *gw_map_pins_new            (GwStore   *store,
                                        GwClock   *clock,
                                        guint      interval_ms);
GwPinIndex *gw_map_pins_get_index      (GwMapPins *self);
gboolean    gw_map_pins_is_loaded      (GwMapPins *self);
/* Reads the change log now instead of at the next interval. */
void        gw_map_pins_refresh        (GwMapPins *self);

G_END_DECLS
