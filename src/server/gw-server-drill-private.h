/* gw-server-drill-private.h: what gw-server-drill.c (setup, live feed, network drops) and
 * gw-server-drill-api.c (/api/v1/drill) share. */
#pragma once

#include "gw-server-drill.h"
#include "gw-server-private.h"

G_BEGIN_DECLS

struct _GwServerDrill
{
  GwServer   *server;          /* not a reference: the server owns this */
  GwDrill    *drill;
  GwScenario *scenario;
  GwClock    *clock;
  char       *run;
  GStrv       dropped;         /* usernames cut off now (sorted), NULL for none */
  guint       watch_id;
  guint       ticks;
  guint       coalesce_id;
  gulong      state_id, speed_id, clock_id, applied_id, failed_id, note_id;
};

/* The drill's state: GET /api/v1/drill's answer, or with `type` the live feed's message. */
JsonNode *_gw_server_drill_state_json     (GwServerDrill *d,
                                           const char    *type);
/* Looks at who is cut off now (closing their live feeds); FALSE when that did not change. */
gboolean  _gw_server_drill_update_dropped (GwServerDrill *d);
void      _gw_server_drill_add_time       (JsonBuilder   *b,
                                           const char    *member,
                                           gint64         when);

G_END_DECLS
