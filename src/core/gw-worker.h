/* gw-worker.h: a grid worker (网格员) and where they were last seen. */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-enums.h"

G_BEGIN_DECLS

typedef struct {
  char *code; /* worker number */
  char *name; /* Chinese name */
  GwWorkerRole role;
  char *grid_code; /* the grid (or micro-grid) they serve */
  char *phone;
  gboolean on_duty;
  gboolean has_position; /* TRUE when lon/lat are known */
  double   lon;
  double   lat;
  gint64 seen_at; /* when the position was reported, 0 if never */
} GwWorker;

GType gw_worker_get_type (void) G_GNUC_CONST;
#define GW_TYPE_WORKER (gw_worker_get_type ())

GwWorker *gw_worker_new (void);
GwWorker *gw_worker_ref (GwWorker *self);
void gw_worker_unref (GwWorker *self);
JsonNode *gw_worker_to_json (const GwWorker *self);
GwWorker *gw_worker_from_json (JsonNode *node, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWorker, gw_worker_unref)

G_END_DECLS
