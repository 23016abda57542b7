/* gw-drill-launcher.h: starts an offline drill in this process (gridwatch --drill, and the
 * menu's "Start a Drill…").
 *
 * A small window shows how far it got: the scenario is read, the county is copied into the
 * drill's own file (or, without a county, the scenario's demo county is generated into it)
 * on a worker thread — gw_drill_prepare_database(), the real file only ever read — and
 * opened. Then the console opens on the copy, on the drill's clock, as the scenario's first
 * commanding seat; a GwDrill runs on the main context; the drill controller opens beside
 * it. A failure stays in the window, in words, with nothing else opened.
 */
#pragma once

#include <adwaita.h>

#include "gw-main-window.h"
#include "gw-scenario.h"

G_BEGIN_DECLS

/* `scenario`: a scenario file's path, or the id of a shipped one. `county_path`: the county
 * to copy (NULL: the scenario's demo county). `drill_path`: where the copy goes (NULL:
 * gw_drill_default_path()). Finishes with the console, once it and the controller are
 * open. */
void                  gw_drill_launch_async     (GtkApplication      *application,
                                                 const char          *scenario,
                                                 const char          *county_path,
                                                 const char          *drill_path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GwMainWindow         *gw_drill_launch_finish    (GAsyncResult        *result,
                                                 GError             **error);

/* The seat an offline drill's console plays: the scenario's first district center or
 * commander, else its first seat; NULL when it has none. */
const GwScenarioSeat *gw_drill_launch_pick_seat (GwScenario          *scenario);

/* The path of a scenario named on the command line: the file when there is one, else the
 * shipped scenario of that id (or of that file name). Blocking (it looks at files): call
 * it on a worker. */
char                 *gw_drill_resolve_scenario (const char          *scenario);

G_END_DECLS
