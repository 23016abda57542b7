/* gw-drill-review-layer.h: the after-action review's map layer — the drill's tickets as
 * they were at the replay's instant, a dot each coloured by its state, with a legend. */
#pragma once

#include <shumate/shumate.h>

#include "gw-drill-review.h"

G_BEGIN_DECLS

#define GW_TYPE_DRILL_REVIEW_LAYER (gw_drill_review_layer_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillReviewLayer, gw_drill_review_layer, GW, DRILL_REVIEW_LAYER, ShumateLayer)

GwDrillReviewLayer *gw_drill_review_layer_new          (ShumateViewport          *viewport);
/* The tickets to draw (copied): open ones as filled dots, closed and rejected ones as
 * rings, emergencies with a red halo. */
void                gw_drill_review_layer_set_tickets  (GwDrillReviewLayer       *self,
                                                        const GwDrillTicketAt    *tickets,
                                                        guint                     n);
/* The ticket drawn larger with a ring (0 for none). */
void                gw_drill_review_layer_set_selected (GwDrillReviewLayer       *self,
                                                        gint64                    ticket_id);
guint               gw_drill_review_layer_get_n        (GwDrillReviewLayer       *self);
/* How many of the tickets drawn are in `state` (tests read the map through it). */
guint               gw_drill_review_layer_count_state  (GwDrillReviewLayer       *self,
                                                        GwTicketState             state);

/* The colour a state is drawn in (the queue's state column uses it too). */
void                gw_drill_review_state_color        (GwTicketState             state,
                                                        GdkRGBA                  *color);

G_END_DECLS
