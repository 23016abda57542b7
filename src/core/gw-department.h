/* gw-department.h: a functional department (职能部门) that tickets are dispatched to. */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-enums.h"

G_BEGIN_DECLS

typedef struct {
  char *code; /* e.g. "500223-D07" */
  char *name; /* Chinese name */
  char *name_en; /* English name, may be NULL */
  char *board; /* board code (party, economy, livelihood, safety) */
  char *division_code; /* the division it serves (usually the county) */
} GwDepartment;

GType gw_department_get_type (void) G_GNUC_CONST;
#define GW_TYPE_DEPARTMENT (gw_department_get_type ())

GwDepartment *gw_department_new (void);
GwDepartment *gw_department_ref (GwDepartment *self);
void gw_department_unref (GwDepartment *self);
JsonNode *gw_department_to_json (const GwDepartment *self);
GwDepartment *gw_department_from_json (JsonNode *node, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDepartment, gw_department_unref)

G_END_DECLS
