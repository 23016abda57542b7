/* gw-drill-watermark.h: the 演练 / DRILL watermark every window carries in a drill.
 *
 * One mechanism for every window: gw_drill_watermark_attach() wraps the window's content in
 * a GwDrillWatermark, which lays a layer over it that the pointer passes through (can-target
 * FALSE), with "演练 DRILL" repeated diagonally in translucent red, and puts a solid red band
 * along the top edge with the scenario's title, the drill clock and the drill's state. Both
 * words are shown always, whatever the UI's language.
 *
 * Whether a store is a drill's is known once per store and shared by every window on it: a
 * read of the store's meta ("drill.scenario", "drill.title") on a reader connection, never
 * on the main loop; or at once when whoever runs the drill says so with
 * gw_drill_watermark_set_link() (an offline drill, a seat whose server runs a drill), which
 * also gives the band its clock and state.
 */
#pragma once

#include <adwaita.h>

#include "gw-drill-link.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* The band's colour (#c01c28, opaque), drawn exactly: tests count it in screenshots. */
#define GW_DRILL_WATERMARK_BAND_RED   0xc0
#define GW_DRILL_WATERMARK_BAND_GREEN 0x1c
#define GW_DRILL_WATERMARK_BAND_BLUE  0x28

#define GW_TYPE_DRILL_WATERMARK (gw_drill_watermark_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillWatermark, gw_drill_watermark, GW, DRILL_WATERMARK, GtkWidget)

/* Wraps the window's content (a GtkWindow's child, or an AdwWindow's or
 * AdwApplicationWindow's content; set it first) and returns the watermark, owned by the
 * window. `store` may be NULL until the window has one (gw_drill_watermark_set_store). */
GwDrillWatermark *gw_drill_watermark_attach      (GtkWindow        *window,
                                                  GwStore          *store);
/* A window that belongs to a drill whatever its store (the drill's preparation): shown at
 * once, with `title`. */
GwDrillWatermark *gw_drill_watermark_attach_title (GtkWindow       *window,
                                                  const char       *title);
/* The watermark of a window, or NULL when none was attached. */
GwDrillWatermark *gw_drill_watermark_get_for     (GtkWindow        *window);

/* The store the window works on (read once per store whether it is a drill's). */
void              gw_drill_watermark_set_store   (GwDrillWatermark *self,
                                                  GwStore          *store);
/* TRUE while the watermark is shown (the store is known to be a drill's). */
gboolean          gw_drill_watermark_get_shown   (GwDrillWatermark *self);
/* What the band says. */
const char       *gw_drill_watermark_get_text    (GwDrillWatermark *self);

/* `store` is a drill's, run by `link` (NULL: no longer said by anyone; what the store's
 * meta says stands): every window on it shows the watermark with the link's title, clock
 * and state. */
void              gw_drill_watermark_set_link    (GwStore          *store,
                                                  GwDrillLink      *link);
/* The link set for `store`, or NULL. */
GwDrillLink      *gw_drill_watermark_get_link    (GwStore          *store);

G_END_DECLS
