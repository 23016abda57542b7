/* gw-server-snapshot.h: GET /api/v1/snapshot, the user's jurisdiction as one SQLite file,
 * the fast way for a new seat to start (docs/SYNC.md, docs/API.md). */
#pragma once

#include <libsoup/soup.h>

#include "gw-clock.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* A built file is served again to the same jurisdiction for this long. */
#define GW_SERVER_SNAPSHOT_REUSE_SECONDS 300

/* Adds the handler of /api/v1/snapshot to soup. */
void gw_server_snapshot_register (SoupServer *soup,
                                  GwStore    *store,
                                  GwClock    *clock);

G_END_DECLS
