/* gw-pulse-layer.h: rings pulsing around the places that need the officer (emergencies
 * not yet acknowledged). */
#pragma once

#include <shumate/shumate.h>

#include "gw-geo.h"

G_BEGIN_DECLS

#define GW_TYPE_PULSE_LAYER (gw_pulse_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwPulseLayer, gw_pulse_layer, GW, PULSE_LAYER, ShumateLayer)

GwPulseLayer *gw_pulse_layer_new      (ShumateViewport *viewport);
/* Pulses at (lon, lat) under `key` (a ticket id) until removed. */
void          gw_pulse_layer_add      (GwPulseLayer    *self,
                                       gint64           key,
                                       double           lon,
                                       double           lat);
void          gw_pulse_layer_remove   (GwPulseLayer    *self,
                                       gint64           key);
guint         gw_pulse_layer_get_n    (GwPulseLayer    *self);
/* The keys pulsing now (element type gint64 *, owned by the layer). */
GList        *gw_pulse_layer_get_keys (GwPulseLayer    *self);
/* The base map's datum (default WGS84): on GCJ-02 the places are shifted to match. */
void          gw_pulse_layer_set_datum (GwPulseLayer   *self,
                                        GwDatum         datum);
gboolean      gw_pulse_layer_has      (GwPulseLayer    *self,
                                       gint64           key);

G_END_DECLS
