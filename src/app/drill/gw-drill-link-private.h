/* gw-drill-link-private.h: how the two kinds of drill link fill in what the link shows. */
#pragma once

#include "gw-drill-link.h"

G_BEGIN_DECLS

/* Each notifies (or emits "changed") only when something changed. */
void _gw_drill_link_set_title        (GwDrillLink  *self,
                                      const char   *title);
void _gw_drill_link_set_state        (GwDrillLink  *self,
                                      GwDrillState  state);
void _gw_drill_link_set_speed        (GwDrillLink  *self,
                                      double        speed);
void _gw_drill_link_set_clock        (GwDrillLink  *self,
                                      GwClock      *clock);
void _gw_drill_link_set_start        (GwDrillLink  *self,
                                      gint64        start);
void _gw_drill_link_set_local        (GwDrillLink  *self,
                                      gboolean      local);
/* id NULL: none left. */
void _gw_drill_link_set_next         (GwDrillLink  *self,
                                      const char   *id,
                                      const char   *title,
                                      gint64        at);
/* Take the arrays (NULL: leave as is), then emit "changed" once. */
void _gw_drill_link_set_picture      (GwDrillLink  *self,
                                      GPtrArray    *timeline,
                                      GPtrArray    *expectations,
                                      double        earned,
                                      double        possible,
                                      const char   *summary);
void _gw_drill_link_emit_note        (GwDrillLink  *self,
                                      const char   *text);

G_END_DECLS
