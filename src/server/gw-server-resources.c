/* gw-server-resources.c: what a seat reads besides tickets — the category dictionary with
 * the stage limits, the cameras and grid workers of its jurisdiction — and the photos and
 * documents attached to tickets. */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-attachments.h"
#include "gw-dictionary.h"
#include "gw-json.h"
#include "gw-policy.h"
#include "gw-server-private.h"
#include "gw-workflow.h"

#define PAGE_DEFAULT 200
#define PAGE_MAX     1000

static const char *const no_parameters[] = { NULL };
static const char *const page_parameters[] = { "after", "limit", NULL };
static const char *const upload_parameters[] = { "name", NULL };

/* Refuses a query parameter the resource does not take, by name. */
static gboolean
check_query (GHashTable         *query,
             const char *const  *allowed,
             Reply             **reply)
{
  GHashTableIter iter;
  gpointer key;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *name = NULL, *message = NULL, *takes = NULL;

      if (g_strv_contains (allowed, key))
        continue;
      name = g_utf8_make_valid (key, -1);
      if (allowed[0] == NULL)
        message = g_strdup_printf (_("query parameter “%s”: unknown (this resource takes none)"), name);
      else
        {
          takes = g_strjoinv (", ", (char **) allowed);
          message = g_strdup_printf (_("query parameter “%s”: unknown (this resource takes %s)"), name, takes);
        }
      *reply = _gw_server_reply_error (400, "query", message);
      return FALSE;
    }
  return TRUE;
}

static const char *
query_get (GHashTable *query,
           const char *key)
{
  return query ? g_hash_table_lookup (query, key) : NULL;
}

/* The dictionary ------------------------------------------------------------------------ */

static const char *const kind_names[] = { "event", "component", "service" };
static const char *const unit_names[] = { "calendar_hours", "working_hours", "working_days" };

static void
add_strv (JsonBuilder        *b,
          const char         *member,
          const char *const  *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_limit (JsonBuilder   *b,
           const GwLimit *limit)
{
  json_builder_begin_array (b);
  json_builder_add_double_value (b, limit->value);
  json_builder_add_string_value (b, (guint) limit->unit < G_N_ELEMENTS (unit_names) ? unit_names[limit->unit] : NULL);
  json_builder_end_array (b);
}

static gboolean
same_limit (const GwLimit *a,
            const GwLimit *b)
{
  return a == b || (a && b && a->value == b->value && a->unit == b->unit);
}

/* {"normal": {"sign": [4, "working_hours"], …}, …}: every limit of `code`, or with
 * only_changes those that differ from the default (members left out when none do). */
static void
add_limits (JsonBuilder *b,
            GwPolicy    *policy,
            const char  *code,
            gboolean     only_changes)
{
  gboolean opened = FALSE;

  for (guint u = 0; u < GW_N_URGENCIES; u++)
    {
      gboolean urgency_opened = FALSE;

      for (guint s = GW_STAGE_SIGN; s < GW_N_STAGES; s++)
        {
          const GwLimit *limit = gw_policy_get_limit (policy, code, u, s);

          if (limit == NULL || (only_changes && same_limit (limit, gw_policy_get_limit (policy, "", u, s))))
            continue;
          if (!opened)
            {
              json_builder_set_member_name (b, "limits");
              json_builder_begin_object (b);
              opened = TRUE;
            }
          if (!urgency_opened)
            {
              json_builder_set_member_name (b, gw_urgency_to_string (u));
              json_builder_begin_object (b);
              urgency_opened = TRUE;
            }
          json_builder_set_member_name (b, gw_stage_to_string (s));
          add_limit (b, limit);
        }
      if (urgency_opened)
        json_builder_end_object (b);
    }
  if (opened)
    json_builder_end_object (b);
}

static void
add_category (JsonBuilder      *b,
              GwPolicy         *policy,
              const GwCategory *c)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, c->code);
  json_builder_set_member_name (b, "name_zh");
  json_builder_add_string_value (b, c->name_zh);
  json_builder_set_member_name (b, "name_en");
  json_builder_add_string_value (b, c->name_en);
  json_builder_set_member_name (b, "board");
  json_builder_add_string_value (b, c->board);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, (guint) c->kind < G_N_ELEMENTS (kind_names) ? kind_names[c->kind] : NULL);
  add_strv (b, "tags", c->tags);
  add_strv (b, "keywords", c->keywords);
  if (c->parent != NULL)
    /* The stage limits this subcategory has other than the default's. */
    add_limits (b, policy, c->code, TRUE);
  json_builder_end_object (b);
}

static GBytes *
build_dictionary (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  GwPolicy *policy = gw_policy_get_default ();
  g_autoptr(GPtrArray) boards = gw_dictionary_get_boards (dict);
  g_autoptr(GPtrArray) categories = gw_dictionary_get_categories (dict);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "boards");
  json_builder_begin_array (b);
  for (guint i = 0; i < boards->len; i++)
    {
      const GwBoard *board = g_ptr_array_index (boards, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, board->code);
      json_builder_set_member_name (b, "name_zh");
      json_builder_add_string_value (b, board->name_zh);
      json_builder_set_member_name (b, "name_en");
      json_builder_add_string_value (b, board->name_en);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < categories->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (categories, i);
      g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (dict, c->code);

      for (const char *const *t = c->tags; *t; t++)
        if (!g_ptr_array_find_with_equal_func (tags, *t, g_str_equal, NULL))
          g_ptr_array_add (tags, (gpointer) *t);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, c->code);
      json_builder_set_member_name (b, "name_zh");
      json_builder_add_string_value (b, c->name_zh);
      json_builder_set_member_name (b, "name_en");
      json_builder_add_string_value (b, c->name_en);
      json_builder_set_member_name (b, "board");
      json_builder_add_string_value (b, c->board);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, (guint) c->kind < G_N_ELEMENTS (kind_names) ? kind_names[c->kind] : NULL);
      add_strv (b, "tags", c->tags);
      add_strv (b, "keywords", c->keywords);
      json_builder_set_member_name (b, "subcategories");
      json_builder_begin_array (b);
      for (guint j = 0; j < subs->len; j++)
        {
          const GwCategory *sub = g_ptr_array_index (subs, j);
          for (const char *const *t = sub->tags; *t; t++)
            if (!g_ptr_array_find_with_equal_func (tags, *t, g_str_equal, NULL))
              g_ptr_array_add (tags, (gpointer) *t);
          add_category (b, policy, sub);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* The tags the categories use, with their names. */
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; i < tags->len; i++)
    {
      const GwTag *tag = gw_dictionary_lookup_tag (dict, g_ptr_array_index (tags, i));
      if (tag == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, tag->code);
      json_builder_set_member_name (b, "group");
      json_builder_add_string_value (b, tag->group);
      json_builder_set_member_name (b, "name_zh");
      json_builder_add_string_value (b, tag->name_zh);
      json_builder_set_member_name (b, "name_en");
      json_builder_add_string_value (b, tag->name_en);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* The stage limits every subcategory has unless it says otherwise, and the lights. */
  json_builder_set_member_name (b, "policy");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "yellow_used");
  json_builder_add_double_value (b, gw_policy_get_yellow_used (policy));
  json_builder_set_member_name (b, "red_remaining");
  json_builder_add_double_value (b, gw_policy_get_red_remaining (policy));
  add_limits (b, policy, "", FALSE);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = gw_json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

Reply *
_gw_server_get_dictionary (GHashTable *query)
{
  /* Shipped data: built once, the same for every seat. */
  static GBytes *answer;
  Reply *reply = NULL;

  if (!check_query (query, no_parameters, &reply))
    return reply;
  if (g_once_init_enter (&answer))
    g_once_init_leave (&answer, build_dictionary ());
  reply = g_new0 (Reply, 1);
  reply->status = 200;
  reply->content_type = g_strdup ("application/json; charset=utf-8");
  reply->body = g_bytes_ref (answer);
  return reply;
}

/* Cameras and grid workers ------------------------------------------------------------ */

/* The division whose cameras and workers the user sees: their own, or for a department
 * handler the division their department serves. FALSE when there is none (they see
 * nothing). */
static gboolean
field_division (GwDb          *db,
                const GwUser  *user,
                char         **division_code,
                GError       **error)
{
  g_autoptr(GPtrArray) departments = NULL;

  *division_code = NULL;
  if (user->role != GW_ROLE_DEPARTMENT_HANDLER)
    {
      *division_code = g_strdup (user->division_code);
      return *division_code != NULL && **division_code != '\0';
    }
  if (user->department_code == NULL || (departments = gw_db_list_departments (db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < departments->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (departments, i);
      if (g_strcmp0 (d->code, user->department_code) == 0 && d->division_code && *d->division_code)
        {
          *division_code = g_strdup (d->division_code);
          return TRUE;
        }
    }
  return FALSE;
}

typedef GPtrArray *(*PageFunc) (GwDb        *db,
                                gint64       after_id,
                                guint        limit,
                                const char  *division_code,
                                gint64      *last_id,
                                GError     **error);
typedef JsonNode *(*ToJsonFunc) (gconstpointer item);

static JsonNode *
camera_to_json (gconstpointer camera)
{
  return gw_camera_to_json (camera);
}

static JsonNode *
worker_to_json (gconstpointer worker)
{
  return gw_worker_to_json (worker);
}

static Reply *
field_page (GwDb         *db,
            const GwUser *user,
            GHashTable   *query,
            const char   *member,
            PageFunc      page_func,
            ToJsonFunc    to_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *division = NULL;
  gint64 after = 0, limit = 0, last_id = 0;
  Reply *reply = NULL;

  if (!check_query (query, page_parameters, &reply) ||
      !_gw_server_query_int (query, "after", 0, 0, G_MAXINT64, &after, &reply) ||
      !_gw_server_query_int (query, "limit", PAGE_DEFAULT, 1, PAGE_MAX, &limit, &reply))
    return reply;
  if (field_division (db, user, &division, &error))
    page = page_func (db, after, limit, division, &last_id, &error);
  else if (error == NULL)
    page = g_ptr_array_new ();
  if (page == NULL)
    return _gw_server_reply_gerror (error);

  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < page->len; i++)
    json_builder_add_value (b, to_json (g_ptr_array_index (page, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_after");
  if ((gint64) page->len == limit)
    json_builder_add_int_value (b, last_id);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return _gw_server_reply_json (200, root);
}

Reply *
_gw_server_get_cameras (GwDb         *db,
                        const GwUser *user,
                        GHashTable   *query)
{
  return field_page (db, user, query, "cameras", gw_db_list_cameras_page, camera_to_json);
}

Reply *
_gw_server_get_workers (GwDb         *db,
                        const GwUser *user,
                        GHashTable   *query)
{
  return field_page (db, user, query, "workers", gw_db_list_workers_page, worker_to_json);
}

/* Attachments --------------------------------------------------------------------------- */

static Reply *
no_such_ticket (gint64 id)
{
  g_autofree char *message = g_strdup_printf (_("No ticket has the id %lld"), (long long) id);

  return _gw_server_reply_error (404, NULL, message);
}

static Reply *
no_such_attachment (gint64 id)
{
  g_autofree char *message = g_strdup_printf (_("No attachment has the id %lld"), (long long) id);

  return _gw_server_reply_error (404, NULL, message);
}

/* The ticket if the user may read it; outside the jurisdiction reads as absent. */
static GwTicket *
visible_ticket (GwDb         *db,
                const GwUser *user,
                gint64        id)
{
  g_autoptr(GwTicket) t = gw_db_get_ticket (db, id, NULL);
  GwActor actor = gw_user_as_actor (user);

  if (t == NULL || !gw_workflow_can_see (t, &actor))
    return NULL;
  return g_steal_pointer (&t);
}

static void
add_attachment (JsonBuilder          *b,
                const GwDbAttachment *a)
{
  g_autofree char *url = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT, a->id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, a->id);
  json_builder_set_member_name (b, "ticket_id");
  json_builder_add_int_value (b, a->ticket_id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, a->name);
  json_builder_set_member_name (b, "mime_type");
  json_builder_add_string_value (b, a->mime_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, a->sha256);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);
}

Reply *
_gw_server_list_attachments (GwDb         *db,
                             const GwUser *user,
                             gint64        ticket_id,
                             GHashTable   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  Reply *reply = NULL;

  if (!check_query (query, no_parameters, &reply))
    return reply;
  if ((t = visible_ticket (db, user, ticket_id)) == NULL)
    return no_such_ticket (ticket_id);
  if ((list = gw_db_list_attachments (db, ticket_id, &error)) == NULL)
    return _gw_server_reply_gerror (error);
  b = json_builder_new_immutable ();
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    add_attachment (b, g_ptr_array_index (list, i));
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return _gw_server_reply_json (200, root);
}

Reply *
_gw_server_add_attachment (GwDb         *db,
                           const GwUser *user,
                           gint64        ticket_id,
                           GHashTable   *query,
                           const char   *content_type,
                           GBytes       *content,
                           gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GwDbAttachment) a = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *name = query_get (query, "name");
  gsize size = content ? g_bytes_get_size (content) : 0;
  GwActor actor = gw_user_as_actor (user);
  const char *sniffed;
  gboolean existed = FALSE;
  Reply *reply = NULL;

  if (!check_query (query, upload_parameters, &reply))
    return reply;
  if (name == NULL || *name == '\0')
    return _gw_server_reply_error (400, "query", _("query parameter “name”: give the file’s name, e.g. ?name=现场.jpg"));
  if (!gw_attachment_name_is_valid (name))
    {
      g_autofree char *message = g_strdup_printf (_("query parameter “name”: must be a plain file name of 1 to %d bytes, without “/”, “\\” or control characters"),
                                                  GW_ATTACHMENT_MAX_NAME);
      return _gw_server_reply_error (400, "query", message);
    }
  if ((t = visible_ticket (db, user, ticket_id)) == NULL)
    return no_such_ticket (ticket_id);
  if (!gw_attachment_type_is_accepted (content_type))
    {
      g_autofree char *message = NULL;
      if (content_type == NULL)
        message = g_strdup (_("Send the attachment with a Content-Type: image/jpeg, image/png, image/webp or application/pdf"));
      else
        {
          g_autofree char *shown = g_utf8_make_valid (content_type, -1);
          message = g_strdup_printf (_("Content-Type %s is not accepted for an attachment: send image/jpeg, image/png, image/webp or application/pdf"),
                                     shown);
        }
      return _gw_server_reply_error (415, NULL, message);
    }
  if (size == 0)
    return _gw_server_reply_error (400, NULL, _("The attachment is empty"));
  if (size > GW_ATTACHMENT_MAX_SIZE)
    return _gw_server_reply_error (413, NULL, _("The attachment is larger than 8 MiB"));
  sniffed = gw_attachment_sniff_type (g_bytes_get_data (content, NULL), size);
  if (sniffed == NULL || g_ascii_strcasecmp (sniffed, content_type) != 0)
    {
      g_autofree char *message = NULL;
      if (sniffed == NULL)
        message = g_strdup_printf (_("The content is not %s: its first bytes are not those of a JPEG, PNG, WebP or PDF file"),
                                   content_type);
      else
        message = g_strdup_printf (_("The content is not %s: its first bytes are those of %s"), content_type, sniffed);
      return _gw_server_reply_error (415, NULL, message);
    }

  a = gw_db_add_attachment (db, ticket_id, name, content_type, content, &actor, now, &existed, &error);
  if (a == NULL)
    return _gw_server_reply_gerror (error);
  b = json_builder_new_immutable ();
  add_attachment (b, a);
  root = json_builder_get_root (b);
  /* The same content sent again (a retry) is not attached twice. */
  return _gw_server_reply_json (existed ? 200 : 201, root);
}

Reply *
_gw_server_get_attachment (GwDb         *db,
                           const GwUser *user,
                           gint64        attachment_id,
                           GHashTable   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDbAttachment) a = NULL;
  g_autoptr(GwTicket) t = NULL;
  GBytes *content;
  Reply *reply = NULL;

  if (!check_query (query, no_parameters, &reply))
    return reply;
  a = gw_db_get_attachment (db, attachment_id, &error);
  if (a == NULL && g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
    return no_such_attachment (attachment_id);
  if (a == NULL)
    return _gw_server_reply_gerror (error);
  /* Readable by whoever may read its ticket; to anyone else it is absent. */
  if ((t = visible_ticket (db, user, a->ticket_id)) == NULL)
    return no_such_attachment (attachment_id);
  if ((content = gw_db_get_blob (db, a->sha256, &error)) == NULL)
    {
      /* An attachment recorded without its content (a copy of another server's ticket). */
      if (g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        return no_such_attachment (attachment_id);
      return _gw_server_reply_gerror (error);
    }
  reply = g_new0 (Reply, 1);
  reply->status = 200;
  reply->content_type = g_strdup (a->mime_type);
  reply->body = content;
  return reply;
}
