#define G_LOG_DOMAIN "gw-division"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-division.h"
#include "gw-json.h"

static void
division_clear (gpointer data)
{
  GwDivision *self = data;

  g_free (self->code);
  g_free (self->name);
  g_free (self->parent_code);
  g_clear_pointer (&self->polygon, gw_polygon_unref);
}

G_DEFINE_BOXED_TYPE (GwDivision, gw_division, gw_division_ref, gw_division_unref)

GwDivision *
gw_division_new (void)
{
  return g_atomic_rc_box_new0 (GwDivision);
}

GwDivision *
gw_division_ref (GwDivision *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_division_unref (GwDivision *self)
{
  g_atomic_rc_box_release_full (self, division_clear);
}

JsonNode *
gw_division_to_json (const GwDivision *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, self->code);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, gw_level_to_string (self->level));
  json_builder_set_member_name (b, "parent");
  if (self->parent_code)
    json_builder_add_string_value (b, self->parent_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "label");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, self->label_lon);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, self->label_lat);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "population");
  json_builder_add_int_value (b, self->population);
  json_builder_set_member_name (b, "geometry");
  if (self->polygon)
    json_builder_add_value (b, gw_polygon_to_geojson (self->polygon));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const division_members[] = {
  "code", "name", "level", "parent", "label", "population", "geometry", NULL
};

GwDivision *
gw_division_from_json (JsonNode    *node,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GwDivision) self = gw_division_new ();
  JsonObject *obj, *label = NULL;
  JsonNode *geometry;
  guint level = 0;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, division_members, error) ||
      !gw_json_get_string (obj, path, "code", TRUE, &self->code, error) ||
      !gw_json_get_string (obj, path, "name", TRUE, &self->name, error) ||
      !gw_json_get_enum (obj, path, "level", TRUE, gw_level_names (), &level, error) ||
      !gw_json_get_string (obj, path, "parent", FALSE, &self->parent_code, error) ||
      !gw_json_get_object (obj, path, "label", FALSE, &label, error) ||
      !gw_json_get_int (obj, path, "population", FALSE, &self->population, error))
    return NULL;
  self->level = level;
  if (label != NULL)
    {
      g_autofree char *lpath = gw_json_path_member (path, "label");
      if (!gw_json_get_lonlat (label, lpath, TRUE, &self->label_lon, &self->label_lat, error))
        return NULL;
    }
  if (self->population < 0)
    {
      g_autofree char *where = gw_json_path_member (path, "population");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be negative"), where);
      return NULL;
    }
  geometry = json_object_get_member (obj, "geometry");
  if (geometry != NULL && !JSON_NODE_HOLDS_NULL (geometry))
    {
      g_autoptr(GError) local_error = NULL;
      self->polygon = gw_polygon_from_geojson (geometry, &local_error);
      if (self->polygon == NULL)
        {
          g_autofree char *where = gw_json_path_member (path, "geometry");
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                       /* TRANSLATORS: a field's path, then what is wrong with it */
                       _("%s: %s"), where, local_error->message);
          return NULL;
        }
    }
  if (*self->code == '\0' || *self->name == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, *self->code ? "name" : "code");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  return g_steal_pointer (&self);
}
