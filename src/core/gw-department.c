#define G_LOG_DOMAIN "gw-department"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-department.h"
#include "gw-json.h"

static void
department_clear (gpointer data)
{
  GwDepartment *self = data;

  g_free (self->code);
  g_free (self->name);
  g_free (self->name_en);
  g_free (self->board);
  g_free (self->division_code);
}

G_DEFINE_BOXED_TYPE (GwDepartment, gw_department, gw_department_ref, gw_department_unref)

GwDepartment *
gw_department_new (void)
{
  GwDepartment *self = g_atomic_rc_box_new0 (GwDepartment);
  return self;
}

GwDepartment *
gw_department_ref (GwDepartment *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_department_unref (GwDepartment *self)
{
  g_atomic_rc_box_release_full (self, department_clear);
}

JsonNode *
gw_department_to_json (const GwDepartment *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  if (self->code)
    json_builder_add_string_value (b, self->code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name");
  if (self->name)
    json_builder_add_string_value (b, self->name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name_en");
  if (self->name_en)
    json_builder_add_string_value (b, self->name_en);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "board");
  if (self->board)
    json_builder_add_string_value (b, self->board);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "division");
  if (self->division_code)
    json_builder_add_string_value (b, self->division_code);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const department_members[] = {
  "code", "name", "name_en", "board", "division", NULL
};

GwDepartment *
gw_department_from_json (JsonNode    *node,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GwDepartment) self = gw_department_new ();
  JsonObject *obj;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, department_members, error))
    return NULL;
  if (!gw_json_get_string (obj, path, "code", TRUE, &self->code, error))
    return NULL;
  if (*self->code == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "code");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  if (!gw_json_get_string (obj, path, "name", TRUE, &self->name, error))
    return NULL;
  if (*self->name == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "name");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  if (!gw_json_get_string (obj, path, "name_en", FALSE, &self->name_en, error))
    return NULL;
  if (!gw_json_get_string (obj, path, "board", FALSE, &self->board, error))
    return NULL;
  if (!gw_json_get_string (obj, path, "division", TRUE, &self->division_code, error))
    return NULL;
  if (*self->division_code == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "division");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  return g_steal_pointer (&self);
}
