#define G_LOG_DOMAIN "gw-camera"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-camera.h"
#include "gw-json.h"

static void
camera_clear (gpointer data)
{
  GwCamera *self = data;

  g_free (self->id);
  g_free (self->name);
  g_free (self->division_code);
  g_free (self->main_uri);
  g_free (self->sub_uri);
}

G_DEFINE_BOXED_TYPE (GwCamera, gw_camera, gw_camera_ref, gw_camera_unref)

GwCamera *
gw_camera_new (void)
{
  GwCamera *self = g_atomic_rc_box_new0 (GwCamera);
  self->heading = -1.0;
  return self;
}

GwCamera *
gw_camera_ref (GwCamera *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_camera_unref (GwCamera *self)
{
  g_atomic_rc_box_release_full (self, camera_clear);
}

JsonNode *
gw_camera_to_json (const GwCamera *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  if (self->id)
    json_builder_add_string_value (b, self->id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name");
  if (self->name)
    json_builder_add_string_value (b, self->name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "division");
  if (self->division_code)
    json_builder_add_string_value (b, self->division_code);
  else
    json_builder_add_null_value (b);
  if (self->has_position)
    {
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, self->lon);
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, self->lat);
    }
  json_builder_set_member_name (b, "main_uri");
  if (self->main_uri)
    json_builder_add_string_value (b, self->main_uri);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "sub_uri");
  if (self->sub_uri)
    json_builder_add_string_value (b, self->sub_uri);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "ptz");
  json_builder_add_boolean_value (b, self->ptz);
  json_builder_set_member_name (b, "heading");
  json_builder_add_double_value (b, self->heading);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const camera_members[] = {
  "id", "name", "division", "lon", "lat", "main_uri", "sub_uri", "ptz", "heading", NULL
};

GwCamera *
gw_camera_from_json (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GwCamera) self = gw_camera_new ();
  JsonObject *obj;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, camera_members, error))
    return NULL;
  if (!gw_json_get_string (obj, path, "id", TRUE, &self->id, error))
    return NULL;
  if (*self->id == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "id");
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
  if (!gw_json_get_string (obj, path, "division", TRUE, &self->division_code, error))
    return NULL;
  if (*self->division_code == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "division");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  if (!gw_json_get_lonlat (obj, path, TRUE, &self->lon, &self->lat, error))
    return NULL;
  self->has_position = json_object_has_member (obj, "lon");
  if (!gw_json_get_string (obj, path, "main_uri", FALSE, &self->main_uri, error))
    return NULL;
  if (!gw_json_get_string (obj, path, "sub_uri", FALSE, &self->sub_uri, error))
    return NULL;
  if (!gw_json_get_bool (obj, path, "ptz", FALSE, &self->ptz, error))
    return NULL;
  if (!gw_json_get_double (obj, path, "heading", FALSE, &self->heading, error))
    return NULL;
  if (strlen (self->id) != 20 || strspn (self->id, "0123456789") != 20)
    {
      g_autofree char *where = gw_json_path_member (path, "id");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: “%s” is not a 20-digit GB/T 28181 device id"), where, self->id);
      return NULL;
    }
  if (self->heading != -1.0 && (self->heading < 0.0 || self->heading >= 360.0))
    {
      g_autofree char *where = gw_json_path_member (path, "heading");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: %g is not a direction in degrees (0 to 360, or -1 when unknown)"), where, self->heading);
      return NULL;
    }
  return g_steal_pointer (&self);
}
