/* gw-drill-controller.h: the trainer's drill controller, a window of its own.
 *
 * The scenario's title and the drill's state, the drill clock in large type, Start / Pause,
 * the speed (1× to 60×), the next injection (what and when) with "Next Injection", an
 * ad-hoc injection ("Inject…"), End; the timeline of injections (done, pending, with how
 * late each was applied), the expectations as they are met or missed, and the live score.
 * Every control is an action of the "drill" group with a key (docs/CONSOLE.md):
 *
 *   drill.start-pause  Space          drill.next    Ctrl+Right
 *   drill.faster       + (=)          drill.slower  - (_)
 *   drill.inject       Ctrl+I         drill.end     Ctrl+Shift+E
 *   drill.start, drill.pause, drill.speed (double)
 *
 * It drives a GwDrillLink, so the same window runs an offline drill and, from a
 * commander's seat, the server's.
 */
#pragma once

#include <adwaita.h>

#include "gw-drill-link.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* The speeds the controller steps through. */
#define GW_DRILL_CONTROLLER_N_SPEEDS 6
extern const double gw_drill_controller_speeds[GW_DRILL_CONTROLLER_N_SPEEDS];

#define GW_TYPE_DRILL_CONTROLLER (gw_drill_controller_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillController, gw_drill_controller, GW, DRILL_CONTROLLER, AdwWindow)

/* `store` is the drill's (the watermark's and the timeline's tickets). */
GwDrillController *gw_drill_controller_new        (GtkApplication    *application,
                                                   GwDrillLink       *link,
                                                   GwStore           *store);
/* The controller open for `link`, or NULL. */
GwDrillController *gw_drill_controller_find       (GwDrillLink       *link);
GwDrillLink       *gw_drill_controller_get_link   (GwDrillController *self);
/* What the last command or injection said went wrong, or NULL. */
const char        *gw_drill_controller_get_error  (GwDrillController *self);
/* Commands given and answered so far (tests wait on it). */
guint              gw_drill_controller_get_n_done (GwDrillController *self);
/* The "Inject…" form, open or NULL. */
GtkWindow         *gw_drill_controller_get_inject_form (GwDrillController *self);

G_END_DECLS
