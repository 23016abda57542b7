#define G_LOG_DOMAIN "gw-worker"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-worker.h"
#include "gw-json.h"

static void
worker_clear (gpointer data)
{
  GwWorker *self = data;

  g_free (self->code);
  g_free (self->name);
  g_free (self->grid_code);
  g_free (self->phone);
}

G_DEFINE_BOXED_TYPE (GwWorker, gw_worker, gw_worker_ref, gw_worker_unref)

GwWorker *
gw_worker_new (void)
{
  GwWorker *self = g_atomic_rc_box_new0 (GwWorker);
  return self;
}

GwWorker *
gw_worker_ref (GwWorker *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_worker_unref (GwWorker *self)
{
  g_atomic_rc_box_release_full (self, worker_clear);
}

JsonNode *
gw_worker_to_json (const GwWorker *self)
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
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, gw_worker_role_to_string (self->role));
  json_builder_set_member_name (b, "grid");
  if (self->grid_code)
    json_builder_add_string_value (b, self->grid_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "phone");
  if (self->phone)
    json_builder_add_string_value (b, self->phone);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "on_duty");
  json_builder_add_boolean_value (b, self->on_duty);
  if (self->has_position)
    {
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, self->lon);
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, self->lat);
    }
  json_builder_set_member_name (b, "seen_at");
  if (self->seen_at != 0)
    {
      g_autofree char *t = gw_json_format_time (self->seen_at);
      json_builder_add_string_value (b, t);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const worker_members[] = {
  "code", "name", "role", "grid", "phone", "on_duty", "lon", "lat", "seen_at", NULL
};

GwWorker *
gw_worker_from_json (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GwWorker) self = gw_worker_new ();
  JsonObject *obj;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, worker_members, error))
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
  {
    guint v = 0;
    if (!gw_json_get_enum (obj, path, "role", TRUE, gw_worker_role_names (), &v, error))
      return NULL;
    self->role = v;
  }
  if (!gw_json_get_string (obj, path, "grid", TRUE, &self->grid_code, error))
    return NULL;
  if (*self->grid_code == '\0')
    {
      g_autofree char *where = gw_json_path_member (path, "grid");
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: must not be empty"), where);
      return NULL;
    }
  if (!gw_json_get_string (obj, path, "phone", FALSE, &self->phone, error))
    return NULL;
  if (!gw_json_get_bool (obj, path, "on_duty", FALSE, &self->on_duty, error))
    return NULL;
  if (!gw_json_get_lonlat (obj, path, FALSE, &self->lon, &self->lat, error))
    return NULL;
  self->has_position = json_object_has_member (obj, "lon");
  if (!gw_json_get_time (obj, path, "seen_at", FALSE, &self->seen_at, error))
    return NULL;
  return g_steal_pointer (&self);
}
