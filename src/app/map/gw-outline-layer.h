/* gw-outline-layer.h: one division outlined on the map (the selected grid). */
#pragma once

#include <shumate/shumate.h>

#include "gw-division.h"
#include "gw-geo.h"

G_BEGIN_DECLS

#define GW_TYPE_OUTLINE_LAYER (gw_outline_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwOutlineLayer, gw_outline_layer, GW, OUTLINE_LAYER, ShumateLayer)

GwOutlineLayer *gw_outline_layer_new          (ShumateViewport *viewport);
/* The division to outline (with its polygon), or NULL for none. */
void            gw_outline_layer_set_division (GwOutlineLayer  *self,
                                               GwDivision      *division);
GwDivision     *gw_outline_layer_get_division (GwOutlineLayer  *self);
/* The base map's datum (default WGS84): on GCJ-02 the outline is shifted to match. */
void            gw_outline_layer_set_datum    (GwOutlineLayer  *self,
                                               GwDatum          datum);

G_END_DECLS
