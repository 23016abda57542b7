/* gw-pin-layer.h: open tickets on the map, clustered with counts, coloured by light. */
#pragma once

#include <shumate/shumate.h>

#include "gw-pin-index.h"

G_BEGIN_DECLS

#define GW_TYPE_PIN_LAYER (gw_pin_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwPinLayer, gw_pin_layer, GW, PIN_LAYER, ShumateLayer)

/* What the marks stand for: tickets (coloured by light), cameras, grid workers, or the
 * heat of many (reports over a time window). */
typedef enum {
  GW_PIN_STYLE_TICKETS,
  GW_PIN_STYLE_CAMERAS,
  GW_PIN_STYLE_WORKERS,   /* a green light is a worker on duty, none one off duty */
  GW_PIN_STYLE_HEAT,      /* no marks: a glow whose strength follows the count */
  GW_PIN_STYLE_RINGS,     /* tickets picked out (a class case's): rings around them, a
                           * cluster's count in a badge beside its ring */
} GwPinStyle;

GwPinLayer *gw_pin_layer_new          (ShumateViewport *viewport);
void        gw_pin_layer_set_style    (GwPinLayer      *self,
                                       GwPinStyle       style);
/* The index it draws (borrowed: it must outlive the layer or be replaced first). Call
 * gw_pin_layer_changed() when it changes. */
void        gw_pin_layer_set_index    (GwPinLayer      *self,
                                       GwPinIndex      *index);
void        gw_pin_layer_changed      (GwPinLayer      *self);
/* Marks (clusters and single tickets) in the last drawing of the view and its margin, and
 * how many of them are single tickets ("drawn" is emitted after each). */
guint       gw_pin_layer_get_n_drawn  (GwPinLayer      *self,
                                       guint           *n_pins);
/* The pin under widget coordinates (x, y), 0 for none. */
gint64      gw_pin_layer_pin_at       (GwPinLayer      *self,
                                       double           x,
                                       double           y);

G_END_DECLS
