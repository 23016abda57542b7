#define G_LOG_DOMAIN "gw-ticket"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-ticket.h"

#define MAX_ATTACHMENTS 64
#define MAX_TEXT_BYTES  (16 * 1024)

GwAttachment *
gw_attachment_new (const char *name,
                   const char *mime_type,
                   gint64      size,
                   const char *sha256)
{
  GwAttachment *self = g_new0 (GwAttachment, 1);

  self->name = g_strdup (name);
  self->mime_type = g_strdup (mime_type);
  self->size = size;
  self->sha256 = g_strdup (sha256);
  return self;
}

void
gw_attachment_free (GwAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->mime_type);
  g_free (self->sha256);
  g_free (self);
}

static void
ticket_clear (gpointer data)
{
  GwTicket *self = data;

  g_free (self->number);
  g_free (self->category_code);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_free (self->divisions[i]);
  g_free (self->description);
  g_free (self->address);
  g_free (self->reporter);
  g_free (self->reporter_phone);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->board);
  g_free (self->department_code);
}

G_DEFINE_BOXED_TYPE (GwTicket, gw_ticket, gw_ticket_ref, gw_ticket_unref)

GwTicket *
gw_ticket_new (void)
{
  GwTicket *self = g_atomic_rc_box_new0 (GwTicket);

  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_attachment_free);
  return self;
}

GwTicket *
gw_ticket_ref (GwTicket *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_ticket_unref (GwTicket *self)
{
  g_atomic_rc_box_release_full (self, ticket_clear);
}

const char *
gw_ticket_get_division_code (const GwTicket *self)
{
  for (int i = GW_N_LEVELS - 1; i >= 0; i--)
    if (self->divisions[i] != NULL)
      return self->divisions[i];
  return NULL;
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  g_autofree char *t = value ? gw_json_format_time (value) : NULL;
  add_string (b, name, t);
}

JsonNode *
gw_ticket_to_json (const GwTicket *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  if (self->id)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, self->id);
    }
  add_string (b, "number", self->number);
  add_string (b, "source", gw_source_to_string (self->source));
  add_string (b, "category", self->category_code);
  add_string (b, "urgency", gw_urgency_to_string (self->urgency));
  add_string (b, "level", gw_level_to_string (self->level));
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, self->lon);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, self->lat);
  json_builder_set_member_name (b, "divisions");
  json_builder_begin_object (b);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    if (self->divisions[i])
      add_string (b, gw_level_to_string (i), self->divisions[i]);
  json_builder_end_object (b);
  add_string (b, "description", self->description);
  add_string (b, "address", self->address);
  add_string (b, "reporter", self->reporter);
  add_string (b, "reporter_phone", self->reporter_phone);
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      GwAttachment *a = g_ptr_array_index (self->attachments, i);
      json_builder_begin_object (b);
      add_string (b, "name", a->name);
      add_string (b, "mime_type", a->mime_type);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, a->size);
      add_string (b, "sha256", a->sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_string (b, "state", gw_ticket_state_to_string (self->state));
  add_time (b, "reported_at", self->reported_at);
  add_time (b, "updated_at", self->updated_at);
  add_time (b, "closed_at", self->closed_at);
  add_string (b, "board", self->board);
  add_string (b, "department", self->department_code);
  add_time (b, "deadline_at", self->deadline_at);
  add_string (b, "satisfaction", gw_satisfaction_to_string (self->satisfaction));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *const ticket_members[] = {
  "id", "number", "source", "category", "urgency", "level", "lon", "lat", "divisions",
  "description", "address", "reporter", "reporter_phone", "attachments", "state",
  "reported_at", "updated_at", "closed_at", "board", "department", "deadline_at",
  "satisfaction", NULL
};
static const char *const attachment_members[] = {
  "name", "mime_type", "size", "sha256", NULL
};

static gboolean
value_error (const char  *path,
             const char  *member,
             const char  *message,
             GError     **error)
{
  g_autofree char *where = gw_json_path_member (path, member);
  /* TRANSLATORS: a field's path, then what is wrong with it */
  g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: %s"), where, message);
  return FALSE;
}

static gboolean
check_text (const char  *path,
            const char  *member,
            const char  *value,
            GError     **error)
{
  if (value && strlen (value) > MAX_TEXT_BYTES)
    return value_error (path, member, _("text is too long (more than 16 KiB)"), error);
  return TRUE;
}

static gboolean
parse_attachment (JsonNode    *node,
                  const char  *path,
                  GwTicket    *ticket,
                  GError     **error)
{
  g_autofree char *name = NULL, *mime = NULL, *sha = NULL;
  gint64 size = 0;
  JsonObject *obj;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, attachment_members, error) ||
      !gw_json_get_string (obj, path, "name", TRUE, &name, error) ||
      !gw_json_get_string (obj, path, "mime_type", TRUE, &mime, error) ||
      !gw_json_get_int (obj, path, "size", TRUE, &size, error) ||
      !gw_json_get_string (obj, path, "sha256", TRUE, &sha, error))
    return FALSE;
  if (size < 0)
    return value_error (path, "size", _("must not be negative"), error);
  if (strlen (sha) != 64 || strspn (sha, "0123456789abcdef") != 64)
    return value_error (path, "sha256", _("must be 64 lower-case hexadecimal digits"), error);
  if (*name == '\0' || strchr (name, '/') != NULL)
    return value_error (path, "name", _("must be a plain file name"), error);
  g_ptr_array_add (ticket->attachments, gw_attachment_new (name, mime, size, sha));
  return TRUE;
}

GwTicket *
gw_ticket_from_json (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GwTicket) self = gw_ticket_new ();
  JsonObject *obj, *divisions = NULL;
  JsonArray *attachments = NULL;
  guint source = 0, urgency = 0, level = 0, state = 0, satisfaction = 0;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, ticket_members, error) ||
      !gw_json_get_int (obj, path, "id", FALSE, &self->id, error) ||
      !gw_json_get_string (obj, path, "number", FALSE, &self->number, error) ||
      !gw_json_get_enum (obj, path, "source", TRUE, gw_source_names (), &source, error) ||
      !gw_json_get_string (obj, path, "category", TRUE, &self->category_code, error) ||
      !gw_json_get_enum (obj, path, "urgency", FALSE, gw_urgency_names (), &urgency, error) ||
      !gw_json_get_enum (obj, path, "level", FALSE, gw_level_names (), &level, error) ||
      !gw_json_get_lonlat (obj, path, TRUE, &self->lon, &self->lat, error) ||
      !gw_json_get_object (obj, path, "divisions", FALSE, &divisions, error) ||
      !gw_json_get_string (obj, path, "description", TRUE, &self->description, error) ||
      !gw_json_get_string (obj, path, "address", FALSE, &self->address, error) ||
      !gw_json_get_string (obj, path, "reporter", FALSE, &self->reporter, error) ||
      !gw_json_get_string (obj, path, "reporter_phone", FALSE, &self->reporter_phone, error) ||
      !gw_json_get_array (obj, path, "attachments", FALSE, &attachments, error) ||
      !gw_json_get_enum (obj, path, "state", FALSE, gw_ticket_state_names (), &state, error) ||
      !gw_json_get_time (obj, path, "reported_at", TRUE, &self->reported_at, error) ||
      !gw_json_get_time (obj, path, "updated_at", FALSE, &self->updated_at, error) ||
      !gw_json_get_time (obj, path, "closed_at", FALSE, &self->closed_at, error) ||
      !gw_json_get_string (obj, path, "board", FALSE, &self->board, error) ||
      !gw_json_get_string (obj, path, "department", FALSE, &self->department_code, error) ||
      !gw_json_get_time (obj, path, "deadline_at", FALSE, &self->deadline_at, error) ||
      !gw_json_get_enum (obj, path, "satisfaction", FALSE, gw_satisfaction_names (), &satisfaction, error))
    return NULL;

  self->source = source;
  self->urgency = urgency;
  self->level = level;
  self->state = state;
  self->satisfaction = satisfaction;

  if (self->id < 0)
    return value_error (path, "id", _("must not be negative"), error), NULL;
  if (*self->category_code == '\0')
    return value_error (path, "category", _("must not be empty"), error), NULL;
  if (*self->description == '\0')
    return value_error (path, "description", _("must not be empty"), error), NULL;
  if (!check_text (path, "description", self->description, error) ||
      !check_text (path, "address", self->address, error) ||
      !check_text (path, "reporter", self->reporter, error))
    return NULL;
  if (self->level != GW_LEVEL_GRID && self->level != GW_LEVEL_COMMUNITY &&
      self->level != GW_LEVEL_STREET && self->level != GW_LEVEL_DISTRICT)
    return value_error (path, "level",
                        _("a ticket is handled at grid, community, street or district level"),
                        error), NULL;

  if (divisions != NULL)
    {
      g_autofree char *dpath = gw_json_path_member (path, "divisions");
      if (!gw_json_check_members (divisions, dpath, gw_level_names (), error))
        return NULL;
      for (guint i = 0; i < GW_N_LEVELS; i++)
        if (!gw_json_get_string (divisions, dpath, gw_level_to_string (i), FALSE,
                                 &self->divisions[i], error))
          return NULL;
    }

  if (attachments != NULL)
    {
      g_autofree char *apath = gw_json_path_member (path, "attachments");
      guint n = json_array_get_length (attachments);

      if (n > MAX_ATTACHMENTS)
        return value_error (path, "attachments", _("more than 64 attachments"), error), NULL;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *ipath = gw_json_path_index (apath, i);
          if (!parse_attachment (json_array_get_element (attachments, i), ipath, self, error))
            return NULL;
        }
    }

  if (self->closed_at != 0 && self->closed_at < self->reported_at)
    {
      /* TRANSLATORS: %s is the name of a field, “reported_at” */
      g_autofree char *message = g_strdup_printf (_("is earlier than %s"), "reported_at");
      return value_error (path, "closed_at", message, error), NULL;
    }
  if (self->updated_at == 0)
    self->updated_at = self->reported_at;

  return g_steal_pointer (&self);
}
