/* gw-division.h: one division of the hierarchy (district … micro-grid). */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-enums.h"
#include "gw-geometry.h"

G_BEGIN_DECLS

typedef struct {
  char      *code;         /* GB/T 2260 county code, +3 street, +3 community, + grid sequence;
                              lengths are data: a child's code extends its parent's */
  char      *name;         /* Chinese name */
  GwLevel    level;
  char      *parent_code;  /* NULL for the top of the hierarchy */
  GwPolygon *polygon;      /* WGS84; may be NULL (no boundary known) */
  double     label_lon;
  double     label_lat;
  gint64     population;   /* residents, 0 if unknown */
} GwDivision;

GType       gw_division_get_type   (void) G_GNUC_CONST;
#define GW_TYPE_DIVISION (gw_division_get_type ())

GwDivision *gw_division_new        (void);
GwDivision *gw_division_ref        (GwDivision  *self);
void        gw_division_unref      (GwDivision  *self);

JsonNode   *gw_division_to_json    (const GwDivision *self);
GwDivision *gw_division_from_json  (JsonNode         *node,
                                    const char       *path,
                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDivision, gw_division_unref)

G_END_DECLS
