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

GwWhistleDepartment *
gw_whistle_department_new (const char *department_code,
                           gboolean    lead)
{
  GwWhistleDepartment *self = g_new0 (GwWhistleDepartment, 1);

  self->department_code = g_strdup (department_code);
  self->lead = lead;
  return self;
}

void
gw_whistle_department_free (GwWhistleDepartment *self)
{
  if (self == NULL)
    return;
  g_free (self->department_code);
  g_free (self);
}

GwWhistleDepartment *
gw_ticket_find_whistle_department (const GwTicket *self,
                                   const char     *department_code)
{
  for (guint i = 0; department_code && i < self->whistle_departments->len; i++)
    {
      GwWhistleDepartment *w = g_ptr_array_index (self->whistle_departments, i);
      if (g_str_equal (w->department_code, department_code))
        return w;
    }
  return NULL;
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
  g_clear_pointer (&self->whistle_departments, g_ptr_array_unref);
  g_free (self->extension_reason);
}

G_DEFINE_BOXED_TYPE (GwTicket, gw_ticket, gw_ticket_ref, gw_ticket_unref)

GwTicket *
gw_ticket_new (void)
{
  GwTicket *self = g_atomic_rc_box_new0 (GwTicket);

  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_attachment_free);
  self->whistle_departments = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_whistle_department_free);
  self->resolved = -1;
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
w_string (GwJsonWriter *w,
          const char   *name,
          const char   *value)
{
  gw_json_writer_member (w, name);
  gw_json_writer_string (w, value);
}

static void
w_time (GwJsonWriter *w,
        const char   *name,
        gint64        value)
{
  gw_json_writer_member (w, name);
  gw_json_writer_time (w, value);
}

void
gw_ticket_write_json (const GwTicket *self,
                      GwJsonWriter   *b)
{

  gw_json_writer_begin_object (b);
  if (self->id)
    {
      gw_json_writer_member (b, "id");
      gw_json_writer_int (b, self->id);
    }
  w_string (b, "number", self->number);
  w_string (b, "source", gw_source_to_string (self->source));
  w_string (b, "category", self->category_code);
  w_string (b, "urgency", gw_urgency_to_string (self->urgency));
  w_string (b, "level", gw_level_to_string (self->level));
  gw_json_writer_member (b, "lon");
  gw_json_writer_double (b, self->lon);
  gw_json_writer_member (b, "lat");
  gw_json_writer_double (b, self->lat);
  gw_json_writer_member (b, "divisions");
  gw_json_writer_begin_object (b);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    if (self->divisions[i])
      w_string (b, gw_level_to_string (i), self->divisions[i]);
  gw_json_writer_end_object (b);
  w_string (b, "description", self->description);
  w_string (b, "address", self->address);
  w_string (b, "reporter", self->reporter);
  w_string (b, "reporter_phone", self->reporter_phone);
  gw_json_writer_member (b, "attachments");
  gw_json_writer_begin_array (b);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      GwAttachment *a = g_ptr_array_index (self->attachments, i);
      gw_json_writer_begin_object (b);
      w_string (b, "name", a->name);
      w_string (b, "mime_type", a->mime_type);
      gw_json_writer_member (b, "size");
      gw_json_writer_int (b, a->size);
      w_string (b, "sha256", a->sha256);
      gw_json_writer_end_object (b);
    }
  gw_json_writer_end_array (b);
  w_string (b, "state", gw_ticket_state_to_string (self->state));
  w_time (b, "reported_at", self->reported_at);
  w_time (b, "updated_at", self->updated_at);
  w_time (b, "closed_at", self->closed_at);
  w_string (b, "board", self->board);
  w_string (b, "department", self->department_code);
  w_string (b, "stage", self->timer.stage ? gw_stage_to_string (self->timer.stage) : NULL);
  w_time (b, "stage_started_at", self->timer.started_at);
  w_time (b, "yellow_at", self->timer.yellow_at);
  w_time (b, "red_at", self->timer.red_at);
  w_time (b, "deadline_at", self->timer.deadline_at);
  w_time (b, "paused_at", self->timer.paused_at);
  w_string (b, "satisfaction", gw_satisfaction_to_string (self->satisfaction));
  w_string (b, "paused_state", self->timer.paused_at ? gw_ticket_state_to_string (self->paused_state) : NULL);
  w_string (b, "dispatcher_level", self->dispatched_at ? gw_level_to_string (self->dispatcher_level) : NULL);
  w_time (b, "dispatched_at", self->dispatched_at);
  w_time (b, "sign_deadline_at", self->sign_deadline_at);
  w_time (b, "signed_at", self->signed_at);
  w_time (b, "handle_deadline_at", self->handle_deadline_at);
  w_time (b, "reported_back_at", self->reported_back_at);
  w_time (b, "evaluated_at", self->evaluated_at);
  gw_json_writer_member (b, "resolved");
  if (self->resolved < 0)
    gw_json_writer_null (b);
  else
    gw_json_writer_bool (b, self->resolved != 0);
  gw_json_writer_member (b, "reopen_count");
  gw_json_writer_int (b, self->reopen_count);
  gw_json_writer_member (b, "supervise_count");
  gw_json_writer_int (b, self->supervise_count);
  gw_json_writer_member (b, "merged_into");
  if (self->merged_into)
    gw_json_writer_int (b, self->merged_into);
  else
    gw_json_writer_null (b);
  gw_json_writer_member (b, "whistle");
  gw_json_writer_bool (b, self->whistle);
  gw_json_writer_member (b, "whistle_departments");
  gw_json_writer_begin_array (b);
  for (guint i = 0; i < self->whistle_departments->len; i++)
    {
      GwWhistleDepartment *w = g_ptr_array_index (self->whistle_departments, i);
      gw_json_writer_begin_object (b);
      w_string (b, "department", w->department_code);
      gw_json_writer_member (b, "lead");
      gw_json_writer_bool (b, w->lead);
      w_time (b, "deadline_at", w->deadline_at);
      w_time (b, "reported_in_at", w->reported_in_at);
      gw_json_writer_end_object (b);
    }
  gw_json_writer_end_array (b);
  gw_json_writer_member (b, "extension_seconds");
  gw_json_writer_int (b, self->extension_seconds);
  w_string (b, "extension_reason", self->extension_reason);
  gw_json_writer_end_object (b);
}

char *
gw_ticket_to_json_text (const GwTicket *self)
{
  GString *out = g_string_sized_new (2048);
  GwJsonWriter w;

  gw_json_writer_init (&w, out);
  gw_ticket_write_json (self, &w);
  return g_string_free (out, FALSE);
}

JsonNode *
gw_ticket_to_json (const GwTicket *self)
{
  g_autofree char *text = gw_ticket_to_json_text (self);
  return gw_json_parse (text, -1, 0, NULL);
}

static const char *const ticket_members[] = {
  "id", "number", "source", "category", "urgency", "level", "lon", "lat", "divisions",
  "description", "address", "reporter", "reporter_phone", "attachments", "state",
  "reported_at", "updated_at", "closed_at", "board", "department", "deadline_at",
  "satisfaction", "stage", "stage_started_at", "yellow_at", "red_at", "paused_at",
  "paused_state", "dispatcher_level", "dispatched_at", "sign_deadline_at", "signed_at",
  "handle_deadline_at", "reported_back_at", "evaluated_at", "resolved", "reopen_count",
  "supervise_count", "merged_into", "whistle", "whistle_departments", "extension_seconds",
  "extension_reason", NULL
};
static const char *const whistle_members[] = {
  "department", "lead", "deadline_at", "reported_in_at", NULL
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

static gboolean
parse_workflow (JsonObject  *obj,
                const char  *path,
                GwTicket    *self,
                GError     **error)
{
  static const char *const stage_names[] = { "none", "sign", "handle", "check", "followup", NULL };
  g_autofree char *dispatcher_level = NULL;
  JsonArray *whistles = NULL;
  guint stage = 0, paused_state = 0;
  JsonNode *resolved;

  if (!gw_json_get_enum (obj, path, "stage", FALSE, stage_names, &stage, error) ||
      !gw_json_get_time (obj, path, "stage_started_at", FALSE, &self->timer.started_at, error) ||
      !gw_json_get_time (obj, path, "yellow_at", FALSE, &self->timer.yellow_at, error) ||
      !gw_json_get_time (obj, path, "red_at", FALSE, &self->timer.red_at, error) ||
      !gw_json_get_time (obj, path, "paused_at", FALSE, &self->timer.paused_at, error) ||
      !gw_json_get_enum (obj, path, "paused_state", FALSE, gw_ticket_state_names (), &paused_state, error) ||
      !gw_json_get_string (obj, path, "dispatcher_level", FALSE, &dispatcher_level, error) ||
      !gw_json_get_time (obj, path, "dispatched_at", FALSE, &self->dispatched_at, error) ||
      !gw_json_get_time (obj, path, "sign_deadline_at", FALSE, &self->sign_deadline_at, error) ||
      !gw_json_get_time (obj, path, "signed_at", FALSE, &self->signed_at, error) ||
      !gw_json_get_time (obj, path, "handle_deadline_at", FALSE, &self->handle_deadline_at, error) ||
      !gw_json_get_time (obj, path, "reported_back_at", FALSE, &self->reported_back_at, error) ||
      !gw_json_get_time (obj, path, "evaluated_at", FALSE, &self->evaluated_at, error) ||
      !gw_json_get_int (obj, path, "reopen_count", FALSE, &self->reopen_count, error) ||
      !gw_json_get_int (obj, path, "supervise_count", FALSE, &self->supervise_count, error) ||
      !gw_json_get_int (obj, path, "merged_into", FALSE, &self->merged_into, error) ||
      !gw_json_get_bool (obj, path, "whistle", FALSE, &self->whistle, error) ||
      !gw_json_get_array (obj, path, "whistle_departments", FALSE, &whistles, error) ||
      !gw_json_get_int (obj, path, "extension_seconds", FALSE, &self->extension_seconds, error) ||
      !gw_json_get_string (obj, path, "extension_reason", FALSE, &self->extension_reason, error))
    return FALSE;
  self->timer.stage = stage;
  self->paused_state = paused_state;
  if (dispatcher_level && !gw_level_from_string (dispatcher_level, &self->dispatcher_level))
    return value_error (path, "dispatcher_level", _("not a level"), error);
  resolved = json_object_get_member (obj, "resolved");
  if (resolved && !JSON_NODE_HOLDS_NULL (resolved))
    {
      gboolean r = FALSE;
      if (!gw_json_get_bool (obj, path, "resolved", FALSE, &r, error))
        return FALSE;
      self->resolved = r ? 1 : 0;
    }
  if (self->reopen_count < 0 || self->supervise_count < 0 || self->merged_into < 0 ||
      self->extension_seconds < 0)
    return value_error (path, "reopen_count", _("counts and ids must not be negative"), error);
  for (guint i = 0; whistles && i < json_array_get_length (whistles); i++)
    {
      g_autofree char *wpath = g_strdup_printf ("%s.whistle_departments[%u]", path ? path : "", i);
      g_autofree char *code = NULL;
      JsonObject *w;
      GwWhistleDepartment *dept;
      gboolean lead = FALSE;

      if (!(w = gw_json_require_object (json_array_get_element (whistles, i), wpath, error)) ||
          !gw_json_check_members (w, wpath, whistle_members, error) ||
          !gw_json_get_string (w, wpath, "department", TRUE, &code, error) ||
          !gw_json_get_bool (w, wpath, "lead", FALSE, &lead, error))
        return FALSE;
      dept = gw_whistle_department_new (code, lead);
      g_ptr_array_add (self->whistle_departments, dept);
      if (!gw_json_get_time (w, wpath, "deadline_at", FALSE, &dept->deadline_at, error) ||
          !gw_json_get_time (w, wpath, "reported_in_at", FALSE, &dept->reported_in_at, error))
        return FALSE;
    }
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
      !gw_json_get_time (obj, path, "deadline_at", FALSE, &self->timer.deadline_at, error) ||
      !gw_json_get_enum (obj, path, "satisfaction", FALSE, gw_satisfaction_names (), &satisfaction, error) ||
      !parse_workflow (obj, path, self, error))
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
