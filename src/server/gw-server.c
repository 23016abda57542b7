#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-audit.h"
#include "gw-dictionary.h"
#include "gw-demo.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-server-private.h"
#include "gw-server-class-cases.h"
#include "gw-server-snapshot.h"
#include "gw-workflow.h"

#define PAGE_DEFAULT 200
#define PAGE_MAX     1000
#define LOGIN_FAILURES_PER_MINUTE 5

G_DEFINE_FINAL_TYPE (GwServer, gw_server, G_TYPE_OBJECT)

/* Replies ------------------------------------------------------------------------------- */

static void
reply_free (Reply *r)
{
  if (r == NULL)
    return;
  g_free (r->content_type);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}

static Reply *
reply_json (guint     status,
            JsonNode *node)
{
  Reply *r = g_new0 (Reply, 1);
  char *text = gw_json_to_string (node, FALSE);

  r->status = status;
  r->content_type = g_strdup ("application/json; charset=utf-8");
  r->body = g_bytes_new_take (text, strlen (text));
  return r;
}

static Reply *
reply_text (guint    status,
            GString *text)
{
  Reply *r = g_new0 (Reply, 1);
  gsize len = text->len;

  r->status = status;
  r->content_type = g_strdup ("application/json; charset=utf-8");
  r->body = g_bytes_new_take (g_string_free (text, FALSE), len);
  return r;
}

static const char *
status_code_name (guint status)
{
  switch (status)
    {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 411: return "length_required";
    case 413: return "too_large";
    case 415: return "unsupported_media_type";
    case 429: return "too_many_requests";
    default:  return status >= 500 ? "server_error" : "error";
    }
}

static Reply *
reply_error (guint       status,
             const char *rule,
             const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, status_code_name (status));
  if (rule)
    {
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, rule);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return reply_json (status, root);
}

static Reply *
reply_gerror (const GError *error)
{
  if (error->domain == GW_WORKFLOW_ERROR)
    {
      static const char *const rules[] = {
        "wrong_state", "wrong_role", "jurisdiction", "missing", "invalid", "not_found"
      };
      guint status = error->code == GW_WORKFLOW_ERROR_NOT_FOUND ? 404
                   : error->code == GW_WORKFLOW_ERROR_JURISDICTION ? 403
                   : error->code == GW_WORKFLOW_ERROR_MISSING || error->code == GW_WORKFLOW_ERROR_INVALID ? 400 : 409;
      return reply_error (status, (guint) error->code < G_N_ELEMENTS (rules) ? rules[error->code] : NULL,
                          error->message);
    }
  if (error->domain == GW_JSON_ERROR)
    return reply_error (400, "json", error->message);
  if (error->domain == GW_STORE_ERROR && error->code == GW_STORE_ERROR_NOT_FOUND)
    return reply_error (404, NULL, error->message);
  if (error->domain == GW_STORE_ERROR && error->code == GW_STORE_ERROR_INVALID)
    return reply_error (400, NULL, error->message);
  if (error->domain == GW_ACCOUNTS_ERROR)
    {
      guint status = error->code == GW_ACCOUNTS_ERROR_DENIED || error->code == GW_ACCOUNTS_ERROR_EXPIRED ? 401 : 400;
      return reply_error (status, NULL, error->message);
    }
  g_warning ("Request failed: %s", error->message);
  return reply_error (500, NULL, error->message);
}

/* Requests ------------------------------------------------------------------------------ */

typedef enum {
  ROUTE_SESSION_POST,
  ROUTE_SESSION_DELETE,
  ROUTE_DIVISIONS,
  ROUTE_DEPARTMENTS,
  ROUTE_TICKETS,
  ROUTE_TICKET,
  ROUTE_TICKET_AUDIT,
  ROUTE_REPORT,
  ROUTE_COMMAND,
  ROUTE_CHANGES,
  ROUTE_SUMMARY,
  ROUTE_DICTIONARY,
  ROUTE_CAMERAS,
  ROUTE_WORKERS,
  ROUTE_TICKET_ATTACHMENTS,
  ROUTE_ATTACHMENT_POST,
  ROUTE_ATTACHMENT,
} Route;

typedef struct {
  GwServer          *server;
  SoupServerMessage *msg;
  Route              route;
  char              *token;
  JsonNode          *body;       /* parsed JSON body, or NULL */
  GBytes            *upload;     /* an attachment's bytes, or NULL */
  char              *upload_type; /* and their Content-Type */
  GHashTable        *query;      /* copied */
  gint64             id;         /* from the path */
  gint64             now;
  char              *remote;
  guint              live_seats;  /* live-feed seats signed in when the request arrived */
  GStrv              dropped;     /* a drill's accounts cut off then (NULL: none) */
} Request;

static void
request_free (Request *r)
{
  g_clear_object (&r->server);
  g_clear_object (&r->msg);
  g_free (r->token);
  g_clear_pointer (&r->body, json_node_unref);
  g_clear_pointer (&r->upload, g_bytes_unref);
  g_free (r->upload_type);
  g_clear_pointer (&r->query, g_hash_table_unref);
  g_free (r->remote);
  g_strfreev (r->dropped);
  g_free (r);
}

static const char *
query_get (Request    *r,
           const char *key)
{
  return r->query ? g_hash_table_lookup (r->query, key) : NULL;
}

static gboolean
query_int (Request    *r,
           const char *key,
           gint64      fallback,
           gint64      min,
           gint64      max,
           gint64     *out,
           Reply     **reply)
{
  const char *text = query_get (r, key);
  char *end = NULL;
  gint64 v;

  if (text == NULL || *text == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  v = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || v < min || v > max)
    {
      g_autofree char *message = g_strdup_printf (_("query parameter “%s”: expected a whole number from %lld to %lld"),
                                                  key, (long long) min, (long long) max);
      *reply = reply_error (400, "query", message);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* For the resources in gw-server-resources.c. */
Reply *
_gw_server_reply_json (guint     status,
                       JsonNode *node)
{
  return reply_json (status, node);
}

Reply *
_gw_server_reply_error (guint       status,
                        const char *rule,
                        const char *message)
{
  return reply_error (status, rule, message);
}

Reply *
_gw_server_reply_gerror (const GError *error)
{
  return reply_gerror (error);
}

gboolean
_gw_server_query_int (GHashTable  *query,
                      const char  *key,
                      gint64       fallback,
                      gint64       min,
                      gint64       max,
                      gint64      *out,
                      Reply      **reply)
{
  Request r = { .query = query };

  return query_int (&r, key, fallback, min, max, out, reply);
}

/* Authenticates on the store thread; on failure *reply is set. */
static GwUser *
authenticate (GwDb     *db,
              Request  *r,
              Reply   **reply)
{
  g_autoptr(GError) error = NULL;
  GwUser *user;

  if (r->token == NULL)
    {
      *reply = reply_error (401, NULL, _("Sign in first: send “Authorization: Bearer TOKEN”"));
      return NULL;
    }
  user = gw_accounts_check_token (db, r->token, r->now, &error);
  if (user == NULL)
    *reply = reply_gerror (error);
  return user;
}

static void
write_tickets (GwJsonWriter *w,
               GPtrArray    *tickets,
               GArray       *seqs)
{
  gw_json_writer_begin_array (w);
  for (guint i = 0; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);
      if (seqs)
        {
          gw_json_writer_begin_object (w);
          gw_json_writer_member (w, "seq");
          gw_json_writer_int (w, g_array_index (seqs, gint64, i));
          gw_json_writer_member (w, "ticket");
          gw_ticket_write_json (t, w);
          gw_json_writer_end_object (w);
        }
      else
        gw_ticket_write_json (t, w);
    }
  gw_json_writer_end_array (w);
}

static const char *const session_members[] = { "username", "password", NULL };

static Reply *
do_session (GwDb    *db,
            Request *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL, *password = NULL, *token = NULL, *expires = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;

  if (!(obj = gw_json_require_object (r->body, "body", &error)) ||
      !gw_json_check_members (obj, "body", session_members, &error) ||
      !gw_json_get_string (obj, "body", "username", TRUE, &username, &error) ||
      !gw_json_get_string (obj, "body", "password", TRUE, &password, &error))
    return reply_gerror (error);
  if (r->dropped && g_strv_contains ((const char *const *) r->dropped, username))
    return _gw_server_drill_dropped_reply ();
  token = gw_accounts_login (db, username, password, r->now, &user, &error);
  if (token == NULL)
    return reply_gerror (error);
  expires = gw_json_format_time (r->now + GW_ACCOUNTS_TOKEN_SECONDS);
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires);
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, user->username);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, user->display_name);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, gw_role_to_string (user->role));
  json_builder_set_member_name (b, "division");
  if (user->division_code)
    json_builder_add_string_value (b, user->division_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "department");
  if (user->department_code)
    json_builder_add_string_value (b, user->department_code);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return reply_json (200, root);
}

#define REPORT_MEMBERS \
  "category", "urgency", "source", "lon", "lat", "description", "address", "reporter", \
  "reporter_phone", "level"

static const char *const report_members[] = { REPORT_MEMBERS, NULL };
/* A report sent as a command (POST /api/v1/commands, action "report"). */
static const char *const report_command_members[] = { "command_id", "action", REPORT_MEMBERS, NULL };

/* Reads and checks a report's fields (members: those the body may hold) into a new ticket;
 * NULL and *reply set when refused. */
static GwTicket *
read_report (JsonObject         *obj,
             const char *const  *members,
             Reply             **reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  guint urgency = GW_URGENCY_NORMAL, source = GW_SOURCE_GRID_WORKER, level = GW_LEVEL_GRID;

  if (!gw_json_check_members (obj, "body", members, &error) ||
      !gw_json_get_string (obj, "body", "category", TRUE, &t->category_code, &error) ||
      !gw_json_get_enum (obj, "body", "urgency", FALSE, gw_urgency_names (), &urgency, &error) ||
      !gw_json_get_enum (obj, "body", "source", FALSE, gw_source_names (), &source, &error) ||
      !gw_json_get_enum (obj, "body", "level", FALSE, gw_level_names (), &level, &error) ||
      !gw_json_get_lonlat (obj, "body", TRUE, &t->lon, &t->lat, &error) ||
      !gw_json_get_string (obj, "body", "description", TRUE, &t->description, &error) ||
      !gw_json_get_string (obj, "body", "address", FALSE, &t->address, &error) ||
      !gw_json_get_string (obj, "body", "reporter", FALSE, &t->reporter, &error) ||
      !gw_json_get_string (obj, "body", "reporter_phone", FALSE, &t->reporter_phone, &error))
    {
      *reply = reply_gerror (error);
      return NULL;
    }
  if (gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code) == NULL ||
      gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code)->parent == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("body.category: “%s” is not a subcategory of the dictionary"),
                                                  t->category_code);
      *reply = reply_error (400, "json", message);
      return NULL;
    }
  if (*t->description == '\0' || strlen (t->description) > 16 * 1024)
    {
      *reply = reply_error (400, "json", _("body.description: must be 1 to 16384 bytes of text"));
      return NULL;
    }
  if (level != GW_LEVEL_GRID && level != GW_LEVEL_COMMUNITY && level != GW_LEVEL_STREET && level != GW_LEVEL_DISTRICT)
    {
      *reply = reply_error (400, "json", _("body.level: a ticket is handled at grid, community, street or district level"));
      return NULL;
    }
  t->urgency = urgency;
  t->source = source;
  t->level = level;
  t->board = g_strdup (gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code)->board);
  return g_steal_pointer (&t);
}

static Reply *
do_report (GwDb    *db,
           Request *r,
           GwUser  *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  GwActor actor = gw_user_as_actor (user);
  JsonObject *obj;
  g_autoptr(JsonNode) node = NULL;
  Reply *reply = NULL;

  if (!(obj = gw_json_require_object (r->body, "body", &error)))
    return reply_gerror (error);
  if (!(t = read_report (obj, report_members, &reply)))
    return reply;
  if (!gw_db_report (db, &actor, t, r->now, &error))
    return reply_gerror (error);
  node = gw_ticket_to_json (t);
  return reply_json (201, node);
}

static const char *const command_members[] = {
  "command_id", "action", "ticket_id", "reason", "department", "departments", "lead_department",
  "text", "resolved", "satisfaction", "extension_seconds", "merge_into", NULL
};

static Reply *
outcome_reply (const char *stored)
{
  g_autoptr(JsonNode) node = gw_json_parse (stored, -1, 8, NULL);
  JsonObject *o = node ? json_node_get_object (node) : NULL;
  guint status = o ? (guint) json_object_get_int_member_with_default (o, "status", 200) : 200;
  JsonNode *answer = o ? json_object_get_member (o, "answer") : NULL;

  return answer ? reply_json (status, answer) : reply_error (500, NULL, "stored outcome unreadable");
}

static gboolean
store_outcome (GwDb        *db,
               const char  *command_id,
               GwUser      *user,
               gint64       now,
               Reply       *reply,
               GError     **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  text = g_strdup_printf ("{\"status\":%u,\"answer\":%.*s}", reply->status, (int) size, data);
  if (sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "INSERT INTO commands (command_id, user_id, at, outcome) VALUES (?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, command_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, user->id);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static char *
stored_outcome (GwDb       *db,
                const char *command_id)
{
  sqlite3_stmt *stmt;
  char *outcome = NULL;

  if (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT outcome FROM commands WHERE command_id = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, command_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    outcome = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return outcome;
}

/* A new report sent as a command: {"command_id", "action": "report", and a report's fields}. */
static gboolean
is_report_command (JsonObject *obj)
{
  JsonNode *action = json_object_get_member (obj, "action");

  return action != NULL && JSON_NODE_HOLDS_VALUE (action) &&
         json_node_get_value_type (action) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (action), "report") == 0;
}

static Reply *
do_command (GwDb    *db,
            Request *r,
            GwUser  *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command_id = NULL, *action = NULL, *reason = NULL, *department = NULL;
  g_autofree char *lead = NULL, *text = NULL, *satisfaction = NULL, *previous = NULL;
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GwTicket) report = NULL;
  JsonArray *deps = NULL;
  JsonObject *obj;
  GwCommand c = { 0, };
  GwActor actor = gw_user_as_actor (user);
  gboolean is_report;
  Reply *reply = NULL;

  if (!(obj = gw_json_require_object (r->body, "body", &error)))
    return reply_gerror (error);
  is_report = is_report_command (obj);
  if (!gw_json_check_members (obj, "body", is_report ? report_command_members : command_members, &error) ||
      !gw_json_get_string (obj, "body", "command_id", TRUE, &command_id, &error) ||
      !gw_json_get_string (obj, "body", "action", TRUE, &action, &error) ||
      (!is_report &&
       (!gw_json_get_int (obj, "body", "ticket_id", TRUE, &c.ticket_id, &error) ||
        !gw_json_get_string (obj, "body", "reason", FALSE, &reason, &error) ||
        !gw_json_get_string (obj, "body", "department", FALSE, &department, &error) ||
        !gw_json_get_array (obj, "body", "departments", FALSE, &deps, &error) ||
        !gw_json_get_string (obj, "body", "lead_department", FALSE, &lead, &error) ||
        !gw_json_get_string (obj, "body", "text", FALSE, &text, &error) ||
        !gw_json_get_bool (obj, "body", "resolved", FALSE, &c.resolved, &error) ||
        !gw_json_get_string (obj, "body", "satisfaction", FALSE, &satisfaction, &error) ||
        !gw_json_get_int (obj, "body", "extension_seconds", FALSE, &c.extension_seconds, &error) ||
        !gw_json_get_int (obj, "body", "merge_into", FALSE, &c.merge_into, &error))))
    return reply_gerror (error);
  if (strlen (command_id) < 8 || strlen (command_id) > 64)
    return reply_error (400, "json", _("body.command_id: must be 8 to 64 characters, unique per command"));

  /* Replayed after a lost answer: the same answer again, applied once. */
  previous = stored_outcome (db, command_id);
  if (previous)
    return outcome_reply (previous);

  if (is_report)
    {
      /* The same fields and checks as POST /api/v1/tickets. */
      if (!(report = read_report (obj, report_command_members, &reply)))
        return reply;
    }
  else if (!gw_action_from_string (action, &c.action))
    {
      g_autofree char *message = g_strdup_printf (_("body.action: “%s” is not an action"), action);
      return reply_error (400, "json", message);
    }
  if (satisfaction && !gw_satisfaction_from_string (satisfaction, &c.satisfaction))
    return reply_error (400, "json", _("body.satisfaction: expected satisfied, basic or unsatisfied"));
  for (guint i = 0; deps && i < json_array_get_length (deps) && i < 32; i++)
    {
      JsonNode *n = json_array_get_element (deps, i);
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return reply_error (400, "json", _("body.departments: expected an array of department codes"));
      g_ptr_array_add (departments, g_strdup (json_node_get_string (n)));
    }
  g_ptr_array_add (departments, NULL);
  c.reason = reason;
  c.department_code = department;
  c.departments = (const char *const *) departments->pdata;
  c.lead_department = lead;
  c.text = text;

  if (!gw_db_begin (db, &error))
    return reply_gerror (error);
  if (is_report)
    t = gw_db_report (db, &actor, report, r->now, &error) ? gw_ticket_ref (report) : NULL;
  else
    t = gw_db_apply (db, &actor, &c, r->now, NULL, NULL, &error);
  if (t != NULL)
    {
      g_autoptr(JsonNode) node = gw_ticket_to_json (t);
      reply = reply_json (200, node);
    }
  else
    reply = reply_gerror (error);
  /* Refusals are remembered too: a replay gets the same refusal, not a second try. */
  g_clear_error (&error);
  if (reply->status < 500 && !store_outcome (db, command_id, user, r->now, reply, &error))
    {
      gw_db_rollback (db);
      reply_free (reply);
      return reply_gerror (error);
    }
  if (!gw_db_commit (db, &error))
    {
      gw_db_rollback (db);
      reply_free (reply);
      return reply_gerror (error);
    }
  return reply;
}

static gpointer
request_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  Request *r = data;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  Reply *reply = NULL;
  gint64 after = 0, limit = 0, since = 0;

  if (r->route == ROUTE_SESSION_POST)
    return do_session (db, r);
  if ((user = authenticate (db, r, &reply)) == NULL)
    return reply;
  /* A drill's network drop: the seat reaches nothing. */
  if (r->dropped && g_strv_contains ((const char *const *) r->dropped, user->username))
    return _gw_server_drill_dropped_reply ();

  switch (r->route)
    {
    case ROUTE_SESSION_DELETE:
      if (!gw_accounts_logout (db, r->token, &local_error))
        return reply_gerror (local_error);
      return reply_error (200, NULL, _("Signed out"));

    case ROUTE_DIVISIONS:
      {
        const char *level_text = query_get (r, "level");
        GwLevel level = 0;
        gboolean with_geometry = g_strcmp0 (query_get (r, "geometry"), "1") == 0;
        g_autoptr(GPtrArray) list = NULL;

        if (level_text && !gw_level_from_string (level_text, &level))
          return reply_error (400, "query", _("query parameter “level”: not a level"));
        list = gw_db_list_divisions (db, level_text ? (int) level : -1, &local_error);
        if (list == NULL)
          return reply_gerror (local_error);
        b = json_builder_new_immutable ();
        json_builder_begin_array (b);
        for (guint i = 0; i < list->len; i++)
          {
            GwDivision *d = g_ptr_array_index (list, i);
            if (!with_geometry)
              g_clear_pointer (&d->polygon, gw_polygon_unref);
            json_builder_add_value (b, gw_division_to_json (d));
          }
        json_builder_end_array (b);
        root = json_builder_get_root (b);
        return reply_json (200, root);
      }

    case ROUTE_DEPARTMENTS:
      {
        g_autoptr(GPtrArray) list = gw_db_list_departments (db, &local_error);
        if (list == NULL)
          return reply_gerror (local_error);
        b = json_builder_new_immutable ();
        json_builder_begin_array (b);
        for (guint i = 0; i < list->len; i++)
          json_builder_add_value (b, gw_department_to_json (g_ptr_array_index (list, i)));
        json_builder_end_array (b);
        root = json_builder_get_root (b);
        return reply_json (200, root);
      }

    case ROUTE_TICKETS:
      {
        GwActor actor = gw_user_as_actor (user);
        GString *out;
        GwJsonWriter w;
        gint64 last_id = 0, last_seq = 0;
        gint n;

        if (!query_int (r, "after", 0, 0, G_MAXINT64, &after, &reply) ||
            !query_int (r, "limit", PAGE_DEFAULT, 1, PAGE_MAX, &limit, &reply))
          return reply;
        /* Every page is cut to the user's jurisdiction, and written straight from the rows. */
        out = g_string_sized_new (limit * 1536 + 64);
        gw_json_writer_init (&w, out);
        gw_json_writer_begin_object (&w);
        gw_json_writer_member (&w, "tickets");
        n = gw_db_write_tickets_page (db, after, limit,
                                      actor.role == GW_ROLE_DEPARTMENT_HANDLER ? NULL : actor.division_code,
                                      actor.role == GW_ROLE_DEPARTMENT_HANDLER ? actor.department_code : NULL,
                                      &w, &last_id, &last_seq, &local_error);
        if (n < 0)
          {
            g_string_free (out, TRUE);
            return reply_gerror (local_error);
          }
        gw_json_writer_member (&w, "next_after");
        if (n == limit)
          gw_json_writer_int (&w, last_id);
        else
          gw_json_writer_null (&w);
        gw_json_writer_member (&w, "last_seq");
        gw_json_writer_int (&w, last_seq);
        gw_json_writer_end_object (&w);
        return reply_text (200, out);
      }

    case ROUTE_TICKET:
    case ROUTE_TICKET_AUDIT:
      {
        g_autoptr(GwTicket) t = gw_db_get_ticket (db, r->id, &local_error);
        GwActor actor = gw_user_as_actor (user);

        if (t == NULL || !gw_workflow_can_see (t, &actor))
          {
            /* Outside the jurisdiction reads as absent. */
            g_autofree char *message = g_strdup_printf (_("No ticket has the id %lld"), (long long) r->id);
            return reply_error (404, NULL, message);
          }
        if (r->route == ROUTE_TICKET)
          {
            root = gw_ticket_to_json (t);
            return reply_json (200, root);
          }
        {
          g_autoptr(GPtrArray) log = gw_audit_list_for_ticket (db, r->id, &local_error);
          if (log == NULL)
            return reply_gerror (local_error);
          b = json_builder_new_immutable ();
          json_builder_begin_array (b);
          for (guint i = 0; i < log->len; i++)
            {
              GwAuditEntry *e = g_ptr_array_index (log, i);
              g_autofree char *at = gw_json_format_time (e->at);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, e->id);
              json_builder_set_member_name (b, "at");
              json_builder_add_string_value (b, at);
              json_builder_set_member_name (b, "actor");
              json_builder_add_string_value (b, e->actor);
              json_builder_set_member_name (b, "role");
              json_builder_add_string_value (b, e->role);
              json_builder_set_member_name (b, "action");
              json_builder_add_string_value (b, e->action);
              json_builder_set_member_name (b, "from_state");
              json_builder_add_string_value (b, e->from_state);
              json_builder_set_member_name (b, "to_state");
              json_builder_add_string_value (b, e->to_state);
              json_builder_set_member_name (b, "reason");
              json_builder_add_string_value (b, e->reason);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          root = json_builder_get_root (b);
          return reply_json (200, root);
        }
      }

    case ROUTE_REPORT:
      return do_report (db, r, user);

    case ROUTE_COMMAND:
      return do_command (db, r, user);

    case ROUTE_CHANGES:
      {
        g_autoptr(GPtrArray) changed = NULL;
        g_autoptr(GPtrArray) visible = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
        g_autoptr(GArray) seqs = NULL;
        g_autoptr(GArray) visible_seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
        GwActor actor = gw_user_as_actor (user);
        gint64 last;

        if (!query_int (r, "since", 0, 0, G_MAXINT64, &since, &reply) ||
            !query_int (r, "limit", PAGE_DEFAULT, 1, PAGE_MAX, &limit, &reply))
          return reply;
        changed = gw_db_get_changes (db, since, limit, &seqs, &local_error);
        if (changed == NULL)
          return reply_gerror (local_error);
        last = changed->len ? g_array_index (seqs, gint64, seqs->len - 1) : gw_db_get_last_change (db, NULL);
        if (changed->len == 0 && last > since)
          last = since;  /* nothing after since yet visible in this page */
        for (guint i = 0; i < changed->len; i++)
          {
            GwTicket *t = g_ptr_array_index (changed, i);
            if (gw_workflow_can_see (t, &actor))
              {
                g_ptr_array_add (visible, gw_ticket_ref (t));
                g_array_append_val (visible_seqs, g_array_index (seqs, gint64, i));
              }
          }
        {
          GString *out = g_string_sized_new (visible->len * 2048 + 64);
          GwJsonWriter w;

          gw_json_writer_init (&w, out);
          gw_json_writer_begin_object (&w);
          gw_json_writer_member (&w, "changes");
          write_tickets (&w, visible, visible_seqs);
          gw_json_writer_member (&w, "last_seq");
          gw_json_writer_int (&w, MAX (last, since));
          gw_json_writer_member (&w, "more");
          gw_json_writer_bool (&w, (gint64) changed->len == limit);
          gw_json_writer_end_object (&w);
          return reply_text (200, out);
        }
      }

    case ROUTE_SUMMARY:
      {
        g_autoptr(GwSummary) s = gw_db_get_summary (db, r->now, &local_error);
        if (s == NULL)
          return reply_gerror (local_error);
        b = json_builder_new_immutable ();
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "tickets_open");
        json_builder_add_int_value (b, s->tickets_open);
        json_builder_set_member_name (b, "tickets_total");
        json_builder_add_int_value (b, s->tickets_total);
        json_builder_set_member_name (b, "last_seq");
        json_builder_add_int_value (b, gw_db_get_last_change (db, NULL));
        json_builder_set_member_name (b, "live_seats");
        json_builder_add_int_value (b, r->live_seats);
        json_builder_end_object (b);
        root = json_builder_get_root (b);
        return reply_json (200, root);
      }

    case ROUTE_DICTIONARY:
      return _gw_server_get_dictionary (r->query);

    case ROUTE_CAMERAS:
      return _gw_server_get_cameras (db, user, r->query);

    case ROUTE_WORKERS:
      return _gw_server_get_workers (db, user, r->query);

    case ROUTE_TICKET_ATTACHMENTS:
      return _gw_server_list_attachments (db, user, r->id, r->query);

    case ROUTE_ATTACHMENT_POST:
      return _gw_server_add_attachment (db, user, r->id, r->query, r->upload_type, r->upload, r->now);

    case ROUTE_ATTACHMENT:
      return _gw_server_get_attachment (db, user, r->id, r->query);

    case ROUTE_SESSION_POST:
    default:
      return reply_error (404, NULL, _("No such resource"));
    }
}

static void
send_reply (SoupServerMessage *msg,
            Reply             *reply)
{
  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->body)
    {
      /* The body is shared with the message, not copied: a page of tickets is 60 KB or more. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                    reply->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
    }
}

static void
on_request_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  /* From the writer or a reader: both are plain GTasks. */
  Reply *reply = g_task_propagate_pointer (G_TASK (result), &error);

  if (reply == NULL)
    reply = reply_gerror (error);
  send_reply (r->msg, reply);
  soup_server_message_unpause (r->msg);
  if (reply->status < 300 &&
      (r->route == ROUTE_COMMAND || r->route == ROUTE_REPORT || r->route == ROUTE_ATTACHMENT_POST))
    gw_server_publish (r->server);
  reply_free (reply);
  request_free (r);
}

static gboolean
login_throttled (GwServer   *self,
                 const char *key,
                 gint64      now,
                 gboolean    record)
{
  GArray *times = g_hash_table_lookup (self->login_failures, key);
  guint recent = 0;

  if (times == NULL && record)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->login_failures, g_strdup (key), times);
    }
  if (times == NULL)
    return FALSE;
  for (guint i = 0; i < times->len; )
    {
      if (g_array_index (times, gint64, i) < now - 60)
        g_array_remove_index_fast (times, i);
      else
        i++, recent++;
    }
  if (record)
    g_array_append_val (times, now);
  return recent >= LOGIN_FAILURES_PER_MINUTE;
}

static void
on_session_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  Reply *reply = gw_store_run_finish (GW_STORE (object), result, &error);
  g_autofree char *ip_key = g_strconcat ("ip:", r->remote ? r->remote : "", NULL);

  if (reply == NULL)
    reply = reply_gerror (error);
  if (reply->status == 401)
    login_throttled (r->server, ip_key, g_get_monotonic_time () / G_USEC_PER_SEC, TRUE);
  send_reply (r->msg, reply);
  soup_server_message_unpause (r->msg);
  reply_free (reply);
  request_free (r);
}

static gboolean
parse_body (SoupServerMessage  *msg,
            JsonNode          **out,
            Reply             **reply)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      *reply = reply_error (415, NULL, _("Send the body as application/json"));
      return FALSE;
    }
  bytes = soup_message_body_flatten (body);
  if (g_bytes_get_size (bytes) > GW_SERVER_MAX_BODY)
    {
      *reply = reply_error (413, NULL, _("The body is larger than 1 MiB"));
      return FALSE;
    }
  *out = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), GW_SERVER_MAX_JSON_DEPTH, &error);
  if (*out == NULL)
    {
      *reply = reply_gerror (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_id (const char *text,
          gint64     *out)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || v <= 0)
    return FALSE;
  *out = v;
  return TRUE;
}

static void
on_api (SoupServer        *soup,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  GwServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_auto(GStrv) parts = NULL;
  Reply *reply = NULL;
  Request *r;
  guint n;
  gboolean post = g_str_equal (method, "POST");
  gboolean get = g_str_equal (method, "GET");

  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      reply = reply_error (404, NULL, _("No such resource"));
      goto out;
    }
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 4);
  n = g_strv_length (parts);

  r = g_new0 (Request, 1);
  r->server = g_object_ref (self);
  r->msg = g_object_ref (msg);
  r->now = gw_clock_get_now (self->clock);
  r->query = query ? g_hash_table_ref (query) : NULL;
  r->remote = g_strdup (soup_server_message_get_remote_host (msg));
  for (guint i = 0; i < self->live->len; i++)
    r->live_seats += ((LiveClient *) g_ptr_array_index (self->live, i))->user != NULL;
  if (auth && g_str_has_prefix (auth, "Bearer "))
    r->token = g_strdup (auth + 7);
  r->dropped = _gw_server_drill_dup_dropped (self);

  if (n == 1 && g_str_equal (parts[0], "session") && post)
    r->route = ROUTE_SESSION_POST;
  else if (n == 1 && g_str_equal (parts[0], "session") && g_str_equal (method, "DELETE"))
    r->route = ROUTE_SESSION_DELETE;
  else if (n == 1 && g_str_equal (parts[0], "divisions") && get)
    r->route = ROUTE_DIVISIONS;
  else if (n == 1 && g_str_equal (parts[0], "departments") && get)
    r->route = ROUTE_DEPARTMENTS;
  else if (n == 1 && g_str_equal (parts[0], "tickets") && get)
    r->route = ROUTE_TICKETS;
  else if (n == 1 && g_str_equal (parts[0], "tickets") && post)
    r->route = ROUTE_REPORT;
  else if (n == 2 && g_str_equal (parts[0], "tickets") && get && parse_id (parts[1], &r->id))
    r->route = ROUTE_TICKET;
  else if (n == 3 && g_str_equal (parts[0], "tickets") && g_str_equal (parts[2], "audit") && get &&
           parse_id (parts[1], &r->id))
    r->route = ROUTE_TICKET_AUDIT;
  else if (n == 1 && g_str_equal (parts[0], "commands") && post)
    r->route = ROUTE_COMMAND;
  else if (n == 1 && g_str_equal (parts[0], "changes") && get)
    r->route = ROUTE_CHANGES;
  else if (n == 1 && g_str_equal (parts[0], "summary") && get)
    r->route = ROUTE_SUMMARY;
  else if (n == 1 && g_str_equal (parts[0], "dictionary") && get)
    r->route = ROUTE_DICTIONARY;
  else if (n == 1 && g_str_equal (parts[0], "cameras") && get)
    r->route = ROUTE_CAMERAS;
  else if (n == 1 && g_str_equal (parts[0], "workers") && get)
    r->route = ROUTE_WORKERS;
  else if (n == 3 && g_str_equal (parts[0], "tickets") && g_str_equal (parts[2], "attachments") && (get || post) &&
           parse_id (parts[1], &r->id))
    r->route = get ? ROUTE_TICKET_ATTACHMENTS : ROUTE_ATTACHMENT_POST;
  else if (n == 2 && g_str_equal (parts[0], "attachments") && get && parse_id (parts[1], &r->id))
    r->route = ROUTE_ATTACHMENT;
  else
    {
      request_free (r);
      reply = reply_error (404, NULL, _("No such resource"));
      goto out;
    }

  if (r->route == ROUTE_SESSION_POST)
    {
      g_autofree char *ip_key = g_strconcat ("ip:", r->remote ? r->remote : "", NULL);
      if (login_throttled (self, ip_key, g_get_monotonic_time () / G_USEC_PER_SEC, FALSE))
        {
          request_free (r);
          reply = reply_error (429, NULL, _("Too many failed sign-ins; wait a minute"));
          goto out;
        }
    }
  if (r->route == ROUTE_ATTACHMENT_POST)
    {
      /* Raw bytes, checked on the store thread once the user and the ticket are known. */
      r->upload = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      r->upload_type = g_strdup (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL));
    }
  else if ((post) && !parse_body (msg, &r->body, &reply))
    {
      request_free (r);
      goto out;
    }

  soup_server_message_pause (msg);
  if (get)
    /* Reads run side by side on the store's reader connections. */
    gw_store_read_async (self->store, request_func, r, NULL, (GDestroyNotify) reply_free, NULL,
                         on_request_done, r);
  else
    gw_store_run_async (self->store, request_func, r, NULL, (GDestroyNotify) reply_free, NULL,
                        r->route == ROUTE_SESSION_POST ? on_session_done : on_request_done, r);
  return;

out:
  send_reply (msg, reply);
  reply_free (reply);
}

static void
on_ping (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char body[] = "{\"ok\":true}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
}

/* POST /api/v1/tickets/ID/attachments: the one body that may be larger than
 * GW_SERVER_MAX_BODY (up to GW_SERVER_MAX_ATTACHMENT). Matched as on_api matches it. */
static gboolean
is_attachment_upload (const char *path)
{
  g_auto(GStrv) parts = NULL;
  gint64 id;

  if (!g_str_has_prefix (path, "/api/v1/"))
    return FALSE;
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 4);
  return g_strv_length (parts) == 3 && g_str_equal (parts[0], "tickets") &&
         g_str_equal (parts[2], "attachments") && parse_id (parts[1], &id);
}

/* Before the body is read: refuse what is too large or of unknown length. */
static void
on_early (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  goffset length;
  Reply *reply = NULL;

  if (!g_str_equal (method, "POST") && !g_str_equal (method, "PUT"))
    return;
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    reply = reply_error (411, NULL, _("Send a Content-Length"));
  else if (g_str_equal (method, "POST") && is_attachment_upload (path))
    {
      if (soup_message_headers_get_content_length (headers) > GW_SERVER_MAX_ATTACHMENT)
        reply = reply_error (413, NULL, _("The attachment is larger than 8 MiB"));
    }
  else if ((length = soup_message_headers_get_content_length (headers)) > GW_SERVER_MAX_BODY)
    reply = reply_error (413, NULL, _("The body is larger than 1 MiB"));
  if (reply)
    {
      send_reply (msg, reply);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      reply_free (reply);
    }
}

/* The simulator ------------------------------------------------------------------------- */

typedef struct {
  GwServer *server;
  gint64    now;
} SimJob;

static gpointer
simulate_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  SimJob *job = data;
  gint64 id = gw_simulator_step (job->server->simulator, job->now, error);

  return id ? g_memdup2 (&id, sizeof id) : NULL;
}

static void
on_simulate_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GwServer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = gw_store_run_finish (GW_STORE (object), result, &error);

  if (id == NULL)
    g_debug ("Simulated step refused: %s", error->message);
  else
    gw_server_publish (self);
}

static gboolean
on_simulate (gpointer user_data)
{
  GwServer *self = user_data;
  SimJob *job = g_new0 (SimJob, 1);

  job->server = self;
  job->now = gw_clock_get_now (self->clock);
  gw_store_run_async (self->store, simulate_func, job, g_free, g_free, NULL, on_simulate_done,
                      g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static gpointer
simulator_new_func (GwDb     *db,
                    gpointer  data,
                    GError  **error)
{
  return gw_simulator_new (db, GPOINTER_TO_UINT (data), error);
}

typedef struct {
  GwServer *server;
  double    per_minute;
} SimStart;

static void
on_simulator_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SimStart *start = user_data;
  g_autoptr(GError) error = NULL;
  GwSimulator *simulator = gw_store_run_finish (GW_STORE (object), result, &error);
  GwServer *self = start->server;

  if (simulator == NULL)
    g_warning ("Cannot simulate events: %s", error->message);
  else
    {
      self->simulator = simulator;
      self->simulate_id = g_timeout_add (MAX (10, (guint) (60000.0 / start->per_minute)), on_simulate, self);
    }
  g_object_unref (self);
  g_free (start);
}

gboolean
gw_server_simulate (GwServer  *self,
                    double     per_minute,
                    guint32    seed,
                    GError   **error)
{
  SimStart *start;

  g_return_val_if_fail (GW_IS_SERVER (self), FALSE);

  g_clear_handle_id (&self->simulate_id, g_source_remove);
  if (per_minute <= 0)
    return TRUE;
  if (per_minute > 6000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--simulate takes at most 6000 events a minute"));
      return FALSE;
    }
  if (self->simulator != NULL)
    {
      self->simulate_id = g_timeout_add (MAX (10, (guint) (60000.0 / per_minute)), on_simulate, self);
      return TRUE;
    }
  start = g_new0 (SimStart, 1);
  start->server = g_object_ref (self);
  start->per_minute = per_minute;
  gw_store_run_async (self->store, simulator_new_func, GUINT_TO_POINTER (seed), NULL,
                      (GDestroyNotify) gw_simulator_free, NULL, on_simulator_ready, start);
  return TRUE;
}

/* Listening ------------------------------------------------------------------------------- */

gboolean
gw_server_listen (GwServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GW_IS_SERVER (self), FALSE);

  connectable = g_network_address_parse (address, 8470, &local_error);
  if (connectable == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address to listen on (HOST:PORT): %s"), address, local_error->message);
      return FALSE;
    }
  enumerator = g_socket_connectable_enumerate (connectable);
  sockaddr = g_socket_address_enumerator_next (enumerator, NULL, &local_error);
  if (sockaddr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Cannot resolve “%s”: %s"), address,
                   local_error ? local_error->message : _("no address"));
      return FALSE;
    }
  socket = g_socket_new (g_socket_address_get_family (sockaddr), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* A reconnect storm after a network blip: thousands of seats at once. SoupServer's
   * own listening socket has a backlog of 10. */
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, sockaddr, TRUE, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code == G_IO_ERROR_ADDRESS_IN_USE ? G_IO_ERROR_ADDRESS_IN_USE : G_IO_ERROR_FAILED,
                   _("Cannot listen on %s: %s"), address, local_error->message);
      return FALSE;
    }
  if (!g_socket_listen (socket, error))
    return FALSE;
  if (certificate)
    g_object_set (self->soup, "tls-certificate", certificate, NULL);
  if (!soup_server_listen_socket (self->soup, socket, certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

guint
gw_server_get_port (GwServer *self)
{
  g_return_val_if_fail (GW_IS_SERVER (self), 0);
  return self->port;
}

/* Object -------------------------------------------------------------------------------- */

static void
gw_server_dispose (GObject *object)
{
  GwServer *self = GW_SERVER (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->simulate_id, g_source_remove);
  g_clear_pointer (&self->drill, _gw_server_drill_free);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->live, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_server_parent_class)->dispose (object);
}

static void
gw_server_finalize (GObject *object)
{
  GwServer *self = GW_SERVER (object);

  /* The simulator lives on the store's thread: the store is closed before it goes. */
  if (self->store)
    gw_store_close (self->store);
  g_clear_pointer (&self->simulator, gw_simulator_free);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  G_OBJECT_CLASS (gw_server_parent_class)->finalize (object);
}

static void
gw_server_class_init (GwServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_server_dispose;
  object_class->finalize = gw_server_finalize;
}

static void
gw_server_init (GwServer *self)
{
  self->live = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_server_live_client_free);
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_array_unref);
}

GwServer *
gw_server_new (GwStore *store,
               GwClock *clock)
{
  GwServer *self = g_object_new (GW_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->soup = soup_server_new ("server-header", "gridwatchd/" PACKAGE_VERSION " ", NULL);
  /* An early handler serves only the paths its own path covers best: /api/v1 needs its own. */
  soup_server_add_early_handler (self->soup, NULL, on_early, self, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1", on_early, self, NULL);
  soup_server_add_handler (self->soup, "/ping", on_ping, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/live", NULL, NULL, _gw_server_on_websocket, self, NULL);
  gw_server_snapshot_register (self->soup, self->store, self->clock);
  gw_server_class_cases_register (self->soup, self->store, self->clock, G_CALLBACK (gw_server_publish), self);
  _gw_server_drill_register (self);
  soup_server_add_handler (self->soup, "/api/v1", on_api, self, NULL);
  gw_open311_register (self->soup, self->store, self->clock, G_CALLBACK (gw_server_publish), self);
  self->poll_id = g_timeout_add_seconds (1, _gw_server_on_poll, self);
  return self;
}
