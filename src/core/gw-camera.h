/* gw-camera.h: a camera of the "Sharp Eyes" network, named by its GB/T 28181 id. */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-enums.h"

G_BEGIN_DECLS

typedef struct {
  char *id; /* 20-digit GB/T 28181 device id */
  char *name;
  char *division_code; /* finest division it stands in */
  gboolean has_position;
  double   lon;
  double   lat;
  char *main_uri; /* main stream (full screen, focus) */
  char *sub_uri; /* sub-stream (tiles) */
  gboolean ptz; /* pan-tilt-zoom capable */
  double heading; /* view direction in degrees from north, -1 when unknown */
} GwCamera;

GType gw_camera_get_type (void) G_GNUC_CONST;
#define GW_TYPE_CAMERA (gw_camera_get_type ())

GwCamera *gw_camera_new (void);
GwCamera *gw_camera_ref (GwCamera *self);
void gw_camera_unref (GwCamera *self);
JsonNode *gw_camera_to_json (const GwCamera *self);
GwCamera *gw_camera_from_json (JsonNode *node, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCamera, gw_camera_unref)

G_END_DECLS
