/* gw-server-class-cases.c: POST /api/v1/class-cases.
 *
 * A seat names a class case by its member tickets (ids, or ticket numbers), its kind, and
 * optionally the subcategory it expects and the department to dispatch to:
 *
 *   {"members": [1201, "TN261030-00005", …], "kind": "hotspot",
 *    "category": "0101", "department": "500223-D08"}
 *
 * The server does not take the seat's word for the case: it reads the members from its own
 * store (each must exist and be within the user's jurisdiction, else it reads as absent),
 * makes the case of them as its own search would (gw_db_make_class_case) and opens it as
 * the signed-in user (gw_db_open_class_case: reported, accepted, dispatched, supervised, and
 * linked to the members, in one write unit). The answer is the new ticket (201); a refusal
 * is the usual error body, and nothing is written. Like every handler, the request is
 * paused while the work runs on the store's writer thread.
 */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-class-case.h"
#include "gw-json.h"
#include "gw-server-class-cases.h"
#include "gw-server-private.h"
#include "gw-workflow.h"

#define CLASS_CASES_PATH  "/api/v1/class-cases"
/* A ticket number or a department code is at most this long. */
#define MAX_CODE          64

typedef struct {
  GwStore   *store;
  GwClock   *clock;
  GCallback  published;
  gpointer   published_data;
} ClassCases;

typedef struct {
  ClassCases        *cc;
  SoupServer        *soup;
  SoupServerMessage *msg;
  char              *token;
  JsonNode          *body;
  gint64             now;
} Call;

static void
class_cases_clear (gpointer data)
{
  ClassCases *c = data;

  g_clear_object (&c->store);
  g_clear_object (&c->clock);
}

static void
class_cases_release (gpointer data)
{
  g_rc_box_release_full (data, class_cases_clear);
}

static void
call_free (Call *c)
{
  if (c == NULL)
    return;
  g_rc_box_release_full (c->cc, class_cases_clear);
  g_clear_object (&c->soup);
  g_clear_object (&c->msg);
  g_free (c->token);
  g_clear_pointer (&c->body, json_node_unref);
  g_free (c);
}

static void
reply_free (Reply *r)
{
  if (r == NULL)
    return;
  g_free (r->content_type);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}

static void
send_reply (SoupServerMessage *msg,
            Reply             *reply)
{
  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->body)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                    reply->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
    }
}

static Reply *
reply_printf (guint       status,
              const char *rule,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static Reply *
reply_printf (guint       status,
              const char *rule,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return _gw_server_reply_error (status, rule, message);
}

/* The request ------------------------------------------------------------------------- */

typedef struct {
  GArray          *ids;          /* gint64, as named (numbers looked up) */
  GwClassCaseKind  kind;
  char            *category;     /* or NULL */
  char            *department;   /* or NULL */
} Request;

static void
request_clear (Request *r)
{
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_pointer (&r->category, g_free);
  g_clear_pointer (&r->department, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static const char *const body_members[] = { "members", "kind", "category", "department", NULL };

/* The id of the ticket numbered `number`, 0 when none is, -1 on an error. */
static gint64
id_of_number (GwDb        *db,
              const char  *number,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  if (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT id FROM tickets WHERE number = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
      return -1;
    }
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
      id = -1;
    }
  sqlite3_finalize (stmt);
  return id;
}

/* Reads and checks the body; the members are looked up, each visible to the actor. NULL
 * on success, else the refusal. */
static Reply *
read_request (GwDb          *db,
              JsonNode      *body,
              const GwActor *actor,
              Request       *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  JsonArray *members = NULL;
  JsonObject *obj;
  guint n;

  if (!(obj = gw_json_require_object (body, "body", &error)) ||
      !gw_json_check_members (obj, "body", body_members, &error) ||
      !gw_json_get_array (obj, "body", "members", TRUE, &members, &error) ||
      !gw_json_get_string (obj, "body", "kind", TRUE, &kind, &error) ||
      !gw_json_get_text (obj, "body", "category", FALSE, MAX_CODE, 0, &r->category, &error) ||
      !gw_json_get_text (obj, "body", "department", FALSE, MAX_CODE, 0, &r->department, &error))
    return _gw_server_reply_gerror (error);
  if (!gw_class_case_kind_from_string (kind, &r->kind))
    return reply_printf (400, "json", _("body.kind: “%s” is not a kind of class case (grid, nearby, returning "
                                        "or hotspot)"), kind);
  n = json_array_get_length (members);
  if (n == 0 || n > GW_CLASS_CASE_MAX_MEMBERS)
    return reply_printf (400, "json", _("body.members: expected 1 to %u ticket ids or numbers"),
                         (guint) GW_CLASS_CASE_MAX_MEMBERS);

  r->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      g_autoptr(GwTicket) t = NULL;
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      g_autofree char *number = NULL;
      gint64 id;

      if (type == G_TYPE_INT64 && json_node_get_int (node) > 0)
        id = json_node_get_int (node);
      else if (type == G_TYPE_STRING && *json_node_get_string (node) != '\0' &&
               strlen (json_node_get_string (node)) <= MAX_CODE && g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          number = g_strdup (json_node_get_string (node));
          if ((id = id_of_number (db, number, &error)) < 0)
            return _gw_server_reply_gerror (error);
        }
      else
        return reply_printf (400, "json", _("body.members[%u]: expected a ticket id (a whole number above 0) or a "
                                            "ticket number"), i);

      /* Absent, or outside the user's jurisdiction: the same answer. */
      if (id > 0)
        t = gw_db_get_ticket (db, id, NULL);
      if (t == NULL || !gw_workflow_can_see (t, actor))
        return number ? reply_printf (404, "not_found", _("No ticket has the number %s"), number)
                      : reply_printf (404, "not_found", _("No ticket has the id %lld"), (long long) id);
      g_array_append_val (r->ids, id);
    }
  return NULL;
}

static gpointer
call_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  Call *c = data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(GwClassCase) cc = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Request) r = { 0, };
  GwActor actor;
  Reply *reply;

  if (c->token == NULL)
    return _gw_server_reply_error (401, NULL, _("Sign in first: send “Authorization: Bearer TOKEN”"));
  if ((user = gw_accounts_check_token (db, c->token, c->now, &local_error)) == NULL)
    return _gw_server_reply_gerror (local_error);
  actor = gw_user_as_actor (user);
  if ((reply = read_request (db, c->body, &actor, &r)) != NULL)
    return reply;

  cc = gw_db_make_class_case (db, r.kind, (const gint64 *) r.ids->data, r.ids->len, &local_error);
  if (cc == NULL)
    return _gw_server_reply_gerror (local_error);
  if (r.category != NULL && g_strcmp0 (r.category, cc->category_code) != 0)
    return reply_printf (409, "category", _("body.category: the tickets are of subcategory %s, not %s"),
                         cc->category_code, r.category);
  t = gw_db_open_class_case (db, &actor, cc, r.department, c->now, NULL, NULL, &local_error);
  if (t == NULL)
    return _gw_server_reply_gerror (local_error);
  node = gw_ticket_to_json (t);
  return _gw_server_reply_json (201, node);
}

static void
on_call_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *c = user_data;
  g_autoptr(GError) error = NULL;
  Reply *reply = gw_store_run_finish (GW_STORE (object), result, &error);

  if (reply == NULL)
    reply = _gw_server_reply_gerror (error);
  send_reply (c->msg, reply);
  soup_server_message_unpause (c->msg);
  if (reply->status == 201 && c->cc->published)
    {
      /* Only while the server that owns published_data still listens. */
      GSList *listeners = soup_server_get_listeners (c->soup);

      if (listeners)
        ((void (*) (gpointer)) c->cc->published) (c->cc->published_data);
      g_slist_free (listeners);
    }
  reply_free (reply);
  call_free (c);
}

/* The body as JSON, or NULL with *reply set. */
static JsonNode *
read_body (SoupServerMessage  *msg,
           Reply             **reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      *reply = _gw_server_reply_error (415, NULL, _("Send the body as application/json"));
      return NULL;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (bytes) > GW_SERVER_MAX_BODY)
    {
      *reply = _gw_server_reply_error (413, NULL, _("The body is larger than 1 MiB"));
      return NULL;
    }
  node = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), GW_SERVER_MAX_JSON_DEPTH, &error);
  if (node == NULL)
    *reply = _gw_server_reply_gerror (error);
  return node;
}

static void
on_class_cases (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ClassCases *cases = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  Reply *reply = NULL;
  Call *c;

  if (!g_str_equal (path, CLASS_CASES_PATH))
    reply = _gw_server_reply_error (404, NULL, _("No such resource"));
  else if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      reply = reply_printf (405, NULL, _("%s is not allowed here"), soup_server_message_get_method (msg));
    }
  if (reply != NULL)
    {
      send_reply (msg, reply);
      reply_free (reply);
      return;
    }

  c = g_new0 (Call, 1);
  c->cc = g_rc_box_acquire (cases);
  c->soup = g_object_ref (soup);
  c->msg = g_object_ref (msg);
  c->now = gw_clock_get_now (cases->clock);
  if (auth && g_str_has_prefix (auth, "Bearer "))
    c->token = g_strdup (auth + 7);
  if ((c->body = read_body (msg, &reply)) == NULL)
    {
      send_reply (msg, reply);
      reply_free (reply);
      call_free (c);
      return;
    }
  soup_server_message_pause (msg);
  gw_store_run_async (cases->store, call_func, c, NULL, (GDestroyNotify) reply_free, NULL, on_call_done, c);
}

void
gw_server_class_cases_register (SoupServer *soup,
                                GwStore    *store,
                                GwClock    *clock,
                                GCallback   published,
                                gpointer    published_data)
{
  ClassCases *c;

  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (GW_IS_CLOCK (clock));

  c = g_rc_box_new0 (ClassCases);
  c->store = g_object_ref (store);
  c->clock = g_object_ref (clock);
  c->published = published;
  c->published_data = published_data;
  soup_server_add_handler (soup, CLASS_CASES_PATH, on_class_cases, c, class_cases_release);
}
