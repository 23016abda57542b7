/* gw-sync-drill.h: a seat in a drill served by gridwatchd --drill.
 *
 * At the start of every connection the sync client asks the server whether it runs a
 * drill (GET /api/v1/drill) and compares the answer with the seat's own file:
 *   - a new seat (nothing synced yet) joining a drill is marked as that drill's (meta
 *     "drill.scenario", "drill.title" and "drill.run", written through the store), so the
 *     app shows the 演练 / DRILL watermark on it (gw_db_is_drill);
 *   - a seat that synced a real server is never used for a drill, a drill's seat never for
 *     a real server nor for another drill or another run of it: the client stops before
 *     anything is fetched, and says why (gw_sync_client_get_refusal). Mixing a drill's
 *     tickets into a real seat's mirror, or the other way round, would be a leak.
 * The drill's state and clock then arrive on the live feed whenever they change, and the
 * client's clock (gw_sync_client_get_clock) follows the drill's, so deadlines and lights
 * on the seat run on drill time. Notes of the scenario arrive as "drill-note".
 */
#pragma once

#include "gw-clock.h"
#include "gw-drill.h"
#include "gw-sync-client.h"

G_BEGIN_DECLS

/* The drill as the server last described it. */
typedef struct {
  char         *scenario_id;
  char         *title;        /* in the UI's language */
  char         *run;          /* this run of the drill (a new one each time the server starts) */
  GwDrillState  state;
  gint64        now;          /* the drill's clock when the server said so (Unix seconds) */
  double        speed;        /* the speed chosen, 1–60 */
  double        rate;         /* the clock's rate then: 0 unless running */
  guint         applied;      /* injections applied … */
  guint         total;        /* … of the scenario's */
  gint64        received_at;  /* g_get_monotonic_time () when it arrived */
} GwSyncDrill;

GType        gw_sync_drill_get_type (void) G_GNUC_CONST;
#define GW_TYPE_SYNC_DRILL (gw_sync_drill_get_type ())
GwSyncDrill *gw_sync_drill_copy     (const GwSyncDrill *drill);
void         gw_sync_drill_free     (GwSyncDrill       *drill);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncDrill, gw_sync_drill_free)

/* The drill the server runs, NULL for a real server (or before the first connection).
 * Property "drill" (boxed), notified on every update. */
const GwSyncDrill *gw_sync_client_get_drill   (GwSyncClient *self);

/* The clock the seat runs on: real, or on a drill's server one that follows the drill's
 * clock (replaced once when the drill is first heard of: property "clock"). */
GwClock           *gw_sync_client_get_clock   (GwSyncClient *self);

/* Why the client stopped by itself (the seat's file and the server do not belong
 * together), translated; NULL otherwise. Property "refusal". */
const char        *gw_sync_client_get_refusal (GwSyncClient *self);

/* A controller's command (a commander's or the district center's seat):
 *   "start", "pause", "next", "end"   no argument
 *   "speed"                           speed, 1 to 60
 *   "inject"                          injection, one injection as in a scenario file
 * sent at once (not through the outbox). _finish returns the server's answer: the drill's
 * state, or for "inject" {"injection": …, "ticket_id": N or null}. A refusal comes back in
 * the server's words (GW_SYNC_ERROR_INVALID for what it refused, GW_SYNC_ERROR_SERVER
 * otherwise). */
void      gw_sync_client_drill_command_async  (GwSyncClient        *self,
                                               const char          *command,
                                               double               speed,
                                               JsonNode            *injection,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode *gw_sync_client_drill_command_finish (GwSyncClient        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Tells the drill which cameras the seat's video wall shows for a ticket (the drill log
 * records it; the score counts it for "cameras_on_wall_within"). camera_ids: NULL-
 * terminated, 1 to 64 of them. Sent at once. */
void      gw_sync_client_report_wall_async    (GwSyncClient        *self,
                                               gint64               ticket_id,
                                               const char *const   *camera_ids,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  gw_sync_client_report_wall_finish   (GwSyncClient        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Signal "drill-note" (const char *id, const char *text): a note of the scenario for every
 * seat (a phone call, a rumour), its text in the UI's language. */

G_END_DECLS
