/* gw-server-drill.h: gridwatchd --drill, a drill served to several seats.
 *
 * gw_server_drill_setup_async() does what `gridwatchd --drill SCENARIO --db COUNTY` needs
 * before it serves: reads the scenario, copies the county into the drill's own file
 * (gw_drill_prepare_database, on a worker thread: the county's file is only read), makes
 * the seats' accounts in the copy where they are missing, names this run of the drill,
 * opens the store ON THE COPY, and makes the drill's scaled clock (paused at the
 * scenario's start) and the GwDrill. The server then runs on that clock.
 *
 * gw_server_set_drill() serves it: /api/v1/drill (state, commands, ad-hoc injections,
 * seats' reports, the drill log, the score), the drill's state and clock and its notes
 * on the live feed, and NETWORK_DROP injections: while a seat's account is cut off, the
 * server refuses its requests (503) and closes its live feed. docs/API.md, "Drills".
 */
#pragma once

#include "gw-drill.h"
#include "gw-server.h"

G_BEGIN_DECLS

/* Meta key of a drill's copy: this run's id (a new one each time gridwatchd prepares a
 * copy), so that a seat of an earlier run of the same scenario is told apart. Seats keep
 * it in their own file with the other drill.* keys. */
#define GW_SERVER_DRILL_META_RUN   "drill.run"

/* Bodies of POST /api/v1/drill/… are at most this large (refused with 413 before they
 * are read). */
#define GW_SERVER_DRILL_MAX_BODY   (256 * 1024)

/* The close code of a seat's live feed cut off by a NETWORK_DROP. */
#define GW_SERVER_DRILL_CLOSE_DROPPED 4503

typedef struct {
  GwScenario *scenario;
  char       *path;       /* the drill's copy */
  char       *run;        /* GW_SERVER_DRILL_META_RUN */
  GwStore    *store;      /* open on the copy */
  GwClock    *clock;      /* scaled, paused at the scenario's start */
  GwDrill    *drill;
} GwServerDrillSetup;

void                gw_server_drill_setup_free   (GwServerDrillSetup *setup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwServerDrillSetup, gw_server_drill_setup_free)

/* county_path NULL: a demo county of the scenario's profile is generated into the copy.
 * drill_path NULL: gw_drill_default_path(). Must be called on the thread whose main
 * context will run the drill. */
void                gw_server_drill_setup_async  (const char          *scenario_path,
                                                  const char          *county_path,
                                                  const char          *drill_path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwServerDrillSetup *gw_server_drill_setup_finish (GAsyncResult        *result,
                                                  GError             **error);

/* Serves `drill` (made on the server's store and clock). Once, before listening. */
void                gw_server_set_drill          (GwServer            *self,
                                                  GwDrill             *drill,
                                                  const char          *run);

G_END_DECLS
