#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-dictionary.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-server.h"
#include "gw-workflow.h"

#define SPECIFICATION   "http://wiki.open311.org/GeoReport_v2"
/* When this interface last changed (the discovery document's changeset). */
#define CHANGESET       "2026-11-22T00:00:00+08:00"
#define DAY             (24 * 3600)
#define MAX_LIST_VALUES 200     /* comma-separated values in one filter */
#define MAX_NAME        32      /* characters of first_name, last_name */
#define MAX_PHONE       32
#define MAX_ADDRESS     500
#define MAX_URL         2048

/* Open311 is read by citizens: these words are Chinese whatever the server's locale, like the
 * dictionary's names. */
static const char *const status_notes[GW_N_STATES] = {
  [GW_STATE_REPORTED]   = "已上报，待核实",
  [GW_STATE_VERIFYING]  = "核实中",
  [GW_STATE_SCREENED]   = "已立案，待派单",
  [GW_STATE_DISPATCHED] = "已派单，待签收",
  [GW_STATE_SIGNED]     = "已签收，办理中",
  [GW_STATE_HANDLING]   = "现场办理中",
  [GW_STATE_CHECKING]   = "已反馈，待核查",
  [GW_STATE_SUSPENDED]  = "已挂起",
  [GW_STATE_CLOSED]     = "已办结",
  [GW_STATE_REJECTED]   = "已作废",
};
#define STATUS_NOTE_MERGED "重复件，已合并"
#define SERVICE_NOTICE     "已受理，工单号 %s。网格员将到现场核实，办理进度可凭工单号查询。"

typedef struct {
  GwStore   *store;
  GwClock   *clock;
  GCallback  published;
  gpointer   published_data;
} Open311;

static void
open311_clear (gpointer data)
{
  Open311 *o = data;

  g_clear_object (&o->store);
  g_clear_object (&o->clock);
}

static void
open311_release (gpointer data)
{
  g_rc_box_release_full (data, open311_clear);
}

/* Writing JSON and XML with the same calls ------------------------------------------------ */

typedef enum {
  FORMAT_XML,
  FORMAT_JSON,
} Format;

typedef struct {
  Format       format;
  GString     *xml;
  JsonBuilder *json;
} Writer;

static void
writer_init (Writer *w,
             Format  format)
{
  w->format = format;
  w->xml = NULL;
  w->json = NULL;
  if (format == FORMAT_XML)
    w->xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  else
    w->json = json_builder_new_immutable ();
}

static void
writer_clear (Writer *w)
{
  if (w->xml)
    g_string_free (g_steal_pointer (&w->xml), TRUE);
  g_clear_object (&w->json);
}

/* Text as XML character data: &<>"' escaped, and the characters XML 1.0 forbids (controls
 * other than tab and line ends) replaced, so that a stray byte never breaks the document. */
static void
append_escaped (GString    *s,
                const char *text)
{
  g_autofree char *valid = g_utf8_validate (text, -1, NULL) ? NULL : g_utf8_make_valid (text, -1);

  for (const char *p = valid ? valid : text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':  g_string_append (s, "&amp;"); break;
        case '<':  g_string_append (s, "&lt;"); break;
        case '>':  g_string_append (s, "&gt;"); break;
        case '"':  g_string_append (s, "&quot;"); break;
        case '\'': g_string_append (s, "&apos;"); break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (s, 0xFFFD);
          else
            g_string_append_len (s, p, g_utf8_next_char (p) - p);
        }
    }
}

static void
w_begin (Writer     *w,
         const char *xml_name,
         gboolean    list)
{
  if (w->xml)
    g_string_append_printf (w->xml, "<%s>", xml_name);
  else if (list)
    json_builder_begin_array (w->json);
  else
    json_builder_begin_object (w->json);
}

static void
w_end (Writer     *w,
       const char *xml_name,
       gboolean    list)
{
  if (w->xml)
    g_string_append_printf (w->xml, "</%s>\n", xml_name);
  else if (list)
    json_builder_end_array (w->json);
  else
    json_builder_end_object (w->json);
}

#define w_begin_list(w, name)    w_begin (w, name, TRUE)
#define w_end_list(w, name)      w_end (w, name, TRUE)
#define w_begin_object(w, name)  w_begin (w, name, FALSE)
#define w_end_object(w, name)    w_end (w, name, FALSE)

/* A member whose value is a list: "key": [ … ] or <key> … </key>. */
static void
w_begin_member_list (Writer     *w,
                     const char *key)
{
  if (w->xml)
    g_string_append_printf (w->xml, "<%s>", key);
  else
    {
      json_builder_set_member_name (w->json, key);
      json_builder_begin_array (w->json);
    }
}

static void
w_end_member_list (Writer     *w,
                   const char *key)
{
  if (w->xml)
    g_string_append_printf (w->xml, "</%s>", key);
  else
    json_builder_end_array (w->json);
}

/* A string element of a list: "value" or <xml_name>value</xml_name>. */
static void
w_list_string (Writer     *w,
               const char *xml_name,
               const char *value)
{
  if (w->xml)
    {
      g_string_append_printf (w->xml, "<%s>", xml_name);
      append_escaped (w->xml, value);
      g_string_append_printf (w->xml, "</%s>", xml_name);
    }
  else
    {
      g_autofree char *valid = g_utf8_validate (value, -1, NULL) ? NULL : g_utf8_make_valid (value, -1);
      json_builder_add_string_value (w->json, valid ? valid : value);
    }
}

/* A string member; NULL is null in JSON and an empty element in XML. */
static void
w_string (Writer     *w,
          const char *key,
          const char *value)
{
  if (w->xml)
    {
      if (value == NULL)
        g_string_append_printf (w->xml, "<%s/>", key);
      else
        {
          g_string_append_printf (w->xml, "<%s>", key);
          append_escaped (w->xml, value);
          g_string_append_printf (w->xml, "</%s>", key);
        }
      return;
    }
  json_builder_set_member_name (w->json, key);
  if (value == NULL)
    json_builder_add_null_value (w->json);
  else
    {
      g_autofree char *valid = g_utf8_validate (value, -1, NULL) ? NULL : g_utf8_make_valid (value, -1);
      json_builder_add_string_value (w->json, valid ? valid : value);
    }
}

static void
w_int (Writer     *w,
       const char *key,
       gint64      value)
{
  if (w->xml)
    g_string_append_printf (w->xml, "<%s>%" G_GINT64_FORMAT "</%s>", key, value, key);
  else
    {
      json_builder_set_member_name (w->json, key);
      json_builder_add_int_value (w->json, value);
    }
}

static void
w_double (Writer     *w,
          const char *key,
          double      value)
{
  if (w->xml)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (w->xml, "<%s>%s</%s>", key, g_ascii_dtostr (buf, sizeof buf, value), key);
    }
  else
    {
      json_builder_set_member_name (w->json, key);
      json_builder_add_double_value (w->json, value);
    }
}

static void
w_bool (Writer     *w,
        const char *key,
        gboolean    value)
{
  if (w->xml)
    g_string_append_printf (w->xml, "<%s>%s</%s>", key, value ? "true" : "false", key);
  else
    {
      json_builder_set_member_name (w->json, key);
      json_builder_add_boolean_value (w->json, value);
    }
}

static void
w_time (Writer     *w,
        const char *key,
        gint64      unix_seconds)
{
  g_autofree char *text = unix_seconds > 0 ? gw_json_format_time (unix_seconds) : NULL;

  w_string (w, key, text);
}

/* Replies -------------------------------------------------------------------------------- */

typedef struct {
  guint    status;
  Format   format;
  GBytes  *body;
  gboolean created;   /* a request was filed: the live feed publishes it */
} Reply;

static void
reply_free (Reply *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}

/* Takes the writer's document. */
static Reply *
writer_finish (Writer *w,
               guint   status)
{
  Reply *r = g_new0 (Reply, 1);

  r->status = status;
  r->format = w->format;
  if (w->xml)
    r->body = g_string_free_to_bytes (g_steal_pointer (&w->xml));
  else
    {
      g_autoptr(JsonNode) root = json_builder_get_root (w->json);
      char *text = gw_json_to_string (root, FALSE);

      r->body = g_bytes_new_take (text, strlen (text));
      g_clear_object (&w->json);
    }
  return r;
}

/* The spec's error list: [{"code":400,"description":"…"}] or <errors><error>…</error></errors>. */
static Reply *
reply_error (Format      format,
             guint       status,
             const char *description)
{
  Writer w;

  writer_init (&w, format);
  w_begin_list (&w, "errors");
  w_begin_object (&w, "error");
  w_int (&w, "code", status);
  w_string (&w, "description", description);
  w_end_object (&w, "error");
  w_end_list (&w, "errors");
  return writer_finish (&w, status);
}

static Reply *reply_error_printf (Format      format,
                                  guint       status,
                                  const char *message_format,
                                  ...) G_GNUC_PRINTF (3, 4);

static Reply *
reply_error_printf (Format      format,
                    guint       status,
                    const char *message_format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, message_format);
  message = g_strdup_vprintf (message_format, args);
  va_end (args);
  return reply_error (format, status, message);
}

static Reply *
reply_gerror (Format        format,
              const GError *error)
{
  if (error->domain == GW_WORKFLOW_ERROR && error->code == GW_WORKFLOW_ERROR_JURISDICTION)
    return reply_error (format, 403, error->message);
  if (error->domain == GW_WORKFLOW_ERROR || error->domain == GW_JSON_ERROR ||
      (error->domain == GW_STORE_ERROR && error->code == GW_STORE_ERROR_INVALID))
    return reply_error (format, 400, error->message);
  if (error->domain == GW_STORE_ERROR && error->code == GW_STORE_ERROR_CLOSED)
    return reply_error (format, 503, _("The server is shutting down"));
  g_warning ("Open311 request failed: %s", error->message);
  return reply_error (format, 500, error->message);
}

static void
send_reply (SoupServerMessage *msg,
            Reply             *reply)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (reply->body, &size);

  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg,
                                    reply->format == FORMAT_XML ? "text/xml; charset=utf-8"
                                                                : "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, data, size);
}

/* Services: the dictionary's subcategories ------------------------------------------------- */

static const GwCategory *
lookup_service (const char *code)
{
  const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), code);

  return c && c->parent ? c : NULL;
}

static Reply *
do_services (Format format)
{
  g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
  Writer w;

  writer_init (&w, format);
  w_begin_list (&w, "services");
  for (guint i = 0; i < subs->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (subs, i);
      g_autofree char *keywords = g_strjoinv (",", (char **) c->keywords);

      w_begin_object (&w, "service");
      w_string (&w, "service_code", c->code);
      w_string (&w, "service_name", c->name_zh);
      w_string (&w, "description", c->name_en);
      w_bool (&w, "metadata", FALSE);
      w_string (&w, "type", "realtime");
      w_string (&w, "keywords", keywords);
      w_string (&w, "group", c->parent->name_zh);
      w_end_object (&w, "service");
    }
  w_end_list (&w, "services");
  return writer_finish (&w, 200);
}

static Reply *
do_service_definition (Format      format,
                       const char *code)
{
  const GwCategory *c = lookup_service (code);
  Writer w;

  if (c == NULL)
    return reply_error_printf (format, 404, _("No service has the code “%s”"), code);
  writer_init (&w, format);
  w_begin_object (&w, "service_definition");
  w_string (&w, "service_code", c->code);
  w_begin_member_list (&w, "attributes");
  w_end_member_list (&w, "attributes");
  w_end_object (&w, "service_definition");
  return writer_finish (&w, 200);
}

static Reply *
do_discovery (Format             format,
              SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                     g_uri_get_host (uri), g_uri_get_port (uri), "/open311/v2",
                                     NULL, NULL);
  Writer w;

  writer_init (&w, format);
  w_begin_object (&w, "discovery");
  w_string (&w, "changeset", CHANGESET);
  w_string (&w, "contact", _("The county's command center runs this server; ask its duty officers for access and help."));
  w_string (&w, "key_service", _("An api_key is a gridwatchd token: the command center makes an account for the integration, "
                                 "which signs in with POST /api/v1/session and sends the token as api_key."));
  w_begin_member_list (&w, "endpoints");
  w_begin_object (&w, "endpoint");
  w_string (&w, "specification", SPECIFICATION);
  w_string (&w, "url", url);
  w_string (&w, "changeset", CHANGESET);
  w_string (&w, "type", "production");
  w_begin_member_list (&w, "formats");
  w_list_string (&w, "format", "application/json");
  w_list_string (&w, "format", "text/xml");
  w_end_member_list (&w, "formats");
  w_end_object (&w, "endpoint");
  w_end_member_list (&w, "endpoints");
  w_end_object (&w, "discovery");
  return writer_finish (&w, 200);
}

/* Service requests: tickets ---------------------------------------------------------------- */

typedef enum {
  OP_REQUESTS,   /* GET requests */
  OP_REQUEST,    /* GET requests/{id} */
  OP_CREATE,     /* POST requests */
} Op;

typedef struct {
  Open311           *o;        /* a reference */
  SoupServer        *soup;
  SoupServerMessage *msg;
  Op                 op;
  Format             format;
  char              *id;       /* service_request_id from the path */
  GHashTable        *params;   /* the query, or the form of a POST */
  gint64             now;
} Call;

static void
call_free (Call *c)
{
  g_clear_pointer (&c->o, open311_release);
  g_clear_object (&c->soup);
  g_clear_object (&c->msg);
  g_free (c->id);
  g_clear_pointer (&c->params, g_hash_table_unref);
  g_free (c);
}

/* A parameter, or NULL when absent or empty. */
static const char *
param (Call       *c,
       const char *key)
{
  const char *value = c->params ? g_hash_table_lookup (c->params, key) : NULL;

  return value && *value ? value : NULL;
}

static void
write_request (Writer         *w,
               const GwTicket *t)
{
  const GwCategory *c = lookup_service (t->category_code);
  gboolean open = gw_ticket_state_is_open (t->state);
  const char *note = t->merged_into ? STATUS_NOTE_MERGED
                   : (guint) t->state < GW_N_STATES ? status_notes[t->state] : NULL;
  gboolean running = open && t->timer.stage != GW_STAGE_NONE && t->timer.paused_at == 0;

  /* Public fields only: never the reporter's name or phone. */
  w_begin_object (w, "request");
  w_string (w, "service_request_id", t->number);
  w_string (w, "status", open ? "open" : "closed");
  w_string (w, "status_notes", note);
  w_string (w, "service_name", c ? c->name_zh : NULL);
  w_string (w, "service_code", t->category_code);
  w_string (w, "description", t->description);
  w_string (w, "agency_responsible", t->department_code ? t->department_code : t->board);
  w_string (w, "service_notice", NULL);
  w_time (w, "requested_datetime", t->reported_at);
  w_time (w, "updated_datetime", t->updated_at);
  w_time (w, "expected_datetime", running ? t->timer.deadline_at : 0);
  w_string (w, "address", t->address);
  w_double (w, "lat", t->lat);
  w_double (w, "long", t->lon);
  w_string (w, "media_url", NULL);
  w_end_object (w, "request");
}

/* The values of a comma-separated filter, or NULL (with *reply set) when there are too many. */
static GPtrArray *
split_list (Call        *c,
            const char  *key,
            Reply      **reply)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (param (c, key), ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      char *v = g_strstrip (parts[i]);
      if (*v)
        g_ptr_array_add (values, g_strdup (v));
    }
  if (values->len > MAX_LIST_VALUES)
    {
      *reply = reply_error_printf (c->format, 400, _("%s: at most %d values"), key, MAX_LIST_VALUES);
      return NULL;
    }
  return g_steal_pointer (&values);
}

static gboolean
param_time (Call        *c,
            const char  *key,
            gint64      *out,
            gboolean    *given,
            Reply      **reply)
{
  const char *value = param (c, key);
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) dt = NULL;

  *given = value != NULL;
  if (value == NULL)
    return TRUE;
  /* An unencoded "+08:00" in a query arrives as " 08:00". */
  text = g_strdelimit (g_strdup (value), " ", '+');
  if (strchr (text, 'T') == NULL || (dt = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      *reply = reply_error_printf (c->format, 400,
                                   _("%s: “%s” is not a date and time with a time zone (e.g. 2026-11-22T08:30:00+08:00)"),
                                   key, value);
      return FALSE;
    }
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static Reply *
db_error (Call    *c,
          sqlite3 *handle)
{
  g_autoptr(GError) error = g_error_new (GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (handle));

  return reply_gerror (c->format, error);
}

static Reply *
do_requests (GwDb *db,
             Call *c)
{
  sqlite3 *handle = gw_db_get_handle (db);
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM tickets WHERE ");
  g_autoptr(GPtrArray) numbers = NULL, codes = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = 0, end = 0;
  gboolean has_start = FALSE, has_end = FALSE, want_open = FALSE, want_closed = FALSE;
  Reply *reply = NULL;
  sqlite3_stmt *stmt;
  int n = 1, rc;
  Writer w;

  if (param (c, "service_request_id"))
    {
      /* The ids name the requests: every other filter is ignored (spec). */
      if ((numbers = split_list (c, "service_request_id", &reply)) == NULL)
        return reply;
      g_string_append (sql, "number IN (");
      for (guint i = 0; i < numbers->len; i++)
        g_string_append (sql, i ? ", ?" : "?");
      g_string_append (sql, ")");
    }
  else
    {
      if (param (c, "service_code") && (codes = split_list (c, "service_code", &reply)) == NULL)
        return reply;
      if (param (c, "status"))
        {
          g_auto(GStrv) parts = g_strsplit (param (c, "status"), ",", -1);
          for (guint i = 0; parts[i]; i++)
            {
              char *v = g_strstrip (parts[i]);
              if (g_str_equal (v, "open"))
                want_open = TRUE;
              else if (g_str_equal (v, "closed"))
                want_closed = TRUE;
              else
                return reply_error (c->format, 400, _("status: expected open or closed"));
            }
        }
      if (!param_time (c, "start_date", &start, &has_start, &reply) ||
          !param_time (c, "end_date", &end, &has_end, &reply))
        return reply;
      if (has_start && has_end && end < start)
        return reply_error (c->format, 400, _("end_date is before start_date"));
      if (has_start && has_end && end - start > (gint64) GW_OPEN311_WINDOW_DAYS * DAY)
        return reply_error_printf (c->format, 400, _("start_date and end_date may not span more than %d days"),
                                   GW_OPEN311_WINDOW_DAYS);
      /* One date opens a window of 90 days from it; none, the last 90 days (spec). */
      if (!has_start && !has_end)
        end = c->now;
      if (has_start && !has_end)
        end = start + (gint64) GW_OPEN311_WINDOW_DAYS * DAY;
      if (!has_start)
        start = end - (gint64) GW_OPEN311_WINDOW_DAYS * DAY;
      g_string_append (sql, "reported_at BETWEEN ? AND ?");
      if (codes && codes->len)
        {
          g_string_append (sql, " AND category IN (");
          for (guint i = 0; i < codes->len; i++)
            g_string_append (sql, i ? ", ?" : "?");
          g_string_append (sql, ")");
        }
      if (want_open != want_closed)
        g_string_append (sql, want_open ? " AND state NOT IN (?, ?)" : " AND state IN (?, ?)");
    }
  g_string_append_printf (sql, " ORDER BY reported_at DESC, id DESC LIMIT %d", GW_OPEN311_MAX_RESULTS);

  if (sqlite3_prepare_v2 (handle, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return db_error (c, handle);
  if (numbers)
    for (guint i = 0; i < numbers->len; i++)
      sqlite3_bind_text (stmt, n++, g_ptr_array_index (numbers, i), -1, SQLITE_TRANSIENT);
  else
    {
      sqlite3_bind_int64 (stmt, n++, start);
      sqlite3_bind_int64 (stmt, n++, end);
      for (guint i = 0; codes && i < codes->len; i++)
        sqlite3_bind_text (stmt, n++, g_ptr_array_index (codes, i), -1, SQLITE_TRANSIENT);
      if (want_open != want_closed)
        {
          sqlite3_bind_text (stmt, n++, gw_ticket_state_to_string (GW_STATE_CLOSED), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, n++, gw_ticket_state_to_string (GW_STATE_REJECTED), -1, SQLITE_STATIC);
        }
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_error (c, handle);

  writer_init (&w, c->format);
  w_begin_list (&w, "service_requests");
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTicket) t = gw_db_get_ticket (db, g_array_index (ids, gint64, i), &error);

      if (t == NULL)
        {
          writer_clear (&w);
          return reply_gerror (c->format, error);
        }
      write_request (&w, t);
    }
  w_end_list (&w, "service_requests");
  return writer_finish (&w, 200);
}

static Reply *
do_request (GwDb *db,
            Call *c)
{
  sqlite3 *handle = gw_db_get_handle (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;
  Writer w;

  if (sqlite3_prepare_v2 (handle, "SELECT id FROM tickets WHERE number = ?", -1, &stmt, NULL) != SQLITE_OK)
    return db_error (c, handle);
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error (c, handle);
  if (id == 0)
    return reply_error_printf (c->format, 404, _("No request has the id “%s”"), c->id);
  if ((t = gw_db_get_ticket (db, id, &error)) == NULL)
    return reply_gerror (c->format, error);

  /* One request, as a list of one (spec). */
  writer_init (&w, c->format);
  w_begin_list (&w, "service_requests");
  write_request (&w, t);
  w_end_list (&w, "service_requests");
  return writer_finish (&w, 200);
}

static gboolean
param_coordinate (Call        *c,
                  const char  *key,
                  double       limit,
                  double      *out,
                  Reply      **reply)
{
  const char *text = param (c, key);
  char *end = NULL;
  double v;

  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || v < -limit || v > limit)
    {
      *reply = reply_error_printf (c->format, 400, _("%s: “%s” is not a number from %d to %d"),
                                   key, text, (int) -limit, (int) limit);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* A text parameter of at most max characters; NULL when absent. */
static gboolean
param_text (Call        *c,
            const char  *key,
            glong        max,
            const char **out,
            Reply      **reply)
{
  const char *value = param (c, key);

  if (value && g_utf8_strlen (value, -1) > max)
    {
      *reply = reply_error_printf (c->format, 400, _("%s: at most %ld characters"), key, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* first_name 三, last_name 张: 张三; first_name Lei, last_name Li: "Lei Li". */
static char *
reporter_name (const char *first,
               const char *last)
{
  gboolean latin;

  if (first == NULL || last == NULL)
    return g_strdup (first ? first : last);
  latin = g_str_is_ascii (first) && g_str_is_ascii (last);
  return g_strconcat (latin ? first : last, latin ? " " : "", latin ? last : first, NULL);
}

static Reply *
do_create (GwDb *db,
           Call *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(GwTicket) t = NULL;
  const char *key = param (c, "api_key");
  const char *code = param (c, "service_code");
  const char *description = NULL, *address = NULL, *first = NULL, *last = NULL, *phone = NULL;
  const char *media_url = NULL;
  const GwCategory *service;
  char *chain[GW_N_LEVELS] = { NULL, };
  double lat = 0, lon = 0;
  gboolean located;
  GwActor actor;
  Reply *reply = NULL;
  Writer w;

  if (key == NULL)
    return reply_error (c->format, 400, _("api_key is required: a gridwatchd token (see POST /api/v1/session)"));
  if ((user = gw_accounts_check_token (db, key, c->now, &error)) == NULL)
    {
      if (error->domain != GW_ACCOUNTS_ERROR)
        return reply_gerror (c->format, error);
      return reply_error (c->format, 403, _("api_key is not valid (unknown or expired): sign in again for a new token"));
    }
  if (code == NULL)
    return reply_error (c->format, 400, _("service_code is required"));
  if ((service = lookup_service (code)) == NULL)
    return reply_error_printf (c->format, 400, _("service_code: “%s” is not a service of this server"), code);
  if (param (c, "lat") == NULL && param (c, "long") == NULL)
    {
      if (param (c, "address_string") || param (c, "address_id"))
        return reply_error (c->format, 400, _("This server needs lat and long: an address alone cannot be placed in a grid"));
      return reply_error (c->format, 400, _("lat and long are required"));
    }
  if (param (c, "lat") == NULL || param (c, "long") == NULL)
    return reply_error (c->format, 400, _("lat and long go together"));
  if (!param_coordinate (c, "lat", 90, &lat, &reply) ||
      !param_coordinate (c, "long", 180, &lon, &reply) ||
      !param_text (c, "description", GW_OPEN311_MAX_DESCRIPTION, &description, &reply) ||
      !param_text (c, "address_string", MAX_ADDRESS, &address, &reply) ||
      !param_text (c, "first_name", MAX_NAME, &first, &reply) ||
      !param_text (c, "last_name", MAX_NAME, &last, &reply) ||
      !param_text (c, "phone", MAX_PHONE, &phone, &reply) ||
      !param_text (c, "media_url", MAX_URL, &media_url, &reply))
    return reply;
  if (phone && phone[strspn (phone, "0123456789+-() ")] != '\0')
    return reply_error (c->format, 400, _("phone: only digits, spaces and + - ( ) are allowed"));
  if (media_url && !g_str_has_prefix (media_url, "http://") && !g_str_has_prefix (media_url, "https://"))
    return reply_error (c->format, 400, _("media_url: expected an http or https address"));

  located = gw_db_locate (db, lon, lat, chain, &error);
  if (!located && error)
    return reply_gerror (c->format, error);
  if (!located)
    return reply_error_printf (c->format, 400, _("The point lat %s, long %s lies outside the county this server serves"),
                               param (c, "lat"), param (c, "long"));

  t = gw_ticket_new ();
  for (guint i = 0; i < GW_N_LEVELS; i++)
    t->divisions[i] = chain[i];
  t->source = GW_SOURCE_HOTLINE;
  t->category_code = g_strdup (service->code);
  t->board = g_strdup (service->board);
  t->urgency = GW_URGENCY_NORMAL;
  t->level = GW_LEVEL_GRID;
  t->lon = lon;
  t->lat = lat;
  /* The spec lets a description be left out: the service's name says what it is about. */
  t->description = g_strdup (description ? description : service->name_zh);
  if (media_url)
    {
      char *with_url = g_strconcat (t->description, "\n", media_url, NULL);
      g_free (t->description);
      t->description = with_url;
    }
  t->address = g_strdup (address);
  t->reporter = reporter_name (first, last);
  t->reporter_phone = g_strdup (phone);
  actor = gw_user_as_actor (user);
  if (!gw_db_report (db, &actor, t, c->now, &error))
    return reply_gerror (c->format, error);

  writer_init (&w, c->format);
  w_begin_list (&w, "service_requests");
  w_begin_object (&w, "request");
  w_string (&w, "service_request_id", t->number);
  {
    g_autofree char *notice = g_strdup_printf (SERVICE_NOTICE, t->number);
    w_string (&w, "service_notice", notice);
  }
  w_string (&w, "account_id", NULL);
  w_end_object (&w, "request");
  w_end_list (&w, "service_requests");
  reply = writer_finish (&w, 201);
  reply->created = TRUE;
  return reply;
}

/* On the store's thread. */
static gpointer
call_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  Call *c = data;

  switch (c->op)
    {
    case OP_REQUESTS:
      return do_requests (db, c);
    case OP_REQUEST:
      return do_request (db, c);
    case OP_CREATE:
      return do_create (db, c);
    default:
      g_assert_not_reached ();
    }
  return NULL;
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
    reply = reply_gerror (c->format, error);
  send_reply (c->msg, reply);
  soup_server_message_unpause (c->msg);
  if (reply->created && c->o->published)
    {
      /* Only while the server that owns published_data still listens. */
      GSList *listeners = soup_server_get_listeners (c->soup);

      if (listeners)
        ((void (*) (gpointer)) c->o->published) (c->o->published_data);
      g_slist_free (listeners);
    }
  reply_free (reply);
  call_free (c);
}

/* Routing -------------------------------------------------------------------------------- */

static gboolean
params_are_utf8 (GHashTable *params)
{
  GHashTableIter iter;
  gpointer key, value;

  if (params == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || (value && !g_utf8_validate (value, -1, NULL)))
      return FALSE;
  return TRUE;
}

/* An id from the path: a ticket number or a service code. */
static gboolean
is_id (const char *text)
{
  gsize len = strlen (text);

  return len > 0 && len <= 64 &&
         text[strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")] == '\0';
}

/* The form of a POST, or NULL with *reply set. */
static GHashTable *
read_form (SoupServerMessage  *msg,
           Format              format,
           Reply             **reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize size;
  gconstpointer data;

  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    {
      *reply = reply_error (format, 415, _("Send the body as application/x-www-form-urlencoded"));
      return NULL;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &size);
  if (size > GW_SERVER_MAX_BODY)
    {
      *reply = reply_error (format, 413, _("The body is larger than 1 MiB"));
      return NULL;
    }
  text = g_strndup (data, size);
  return soup_form_decode (text);
}

static void
on_open311 (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Open311 *o = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");
  g_autofree char *resource = NULL;
  g_auto(GStrv) parts = NULL;
  Format format = FORMAT_XML;
  const char *allow = "GET, HEAD";
  Reply *reply = NULL;
  Call *c = NULL;
  char *dot;
  guint n;

  if (g_str_has_prefix (path, "/open311/v2/"))
    resource = g_strdup (path + strlen ("/open311/v2/"));
  else if (g_str_equal (path, "/open311/discovery.json") || g_str_equal (path, "/open311/discovery.xml"))
    resource = g_strdup (path + strlen ("/open311/"));
  else
    {
      reply = reply_error (format, 404, _("No such resource"));
      goto out;
    }

  /* The format is the resource's extension. */
  if ((dot = strrchr (resource, '.')) != NULL && strchr (dot, '/') == NULL &&
      (g_str_equal (dot, ".json") || g_str_equal (dot, ".xml")))
    {
      format = g_str_equal (dot, ".json") ? FORMAT_JSON : FORMAT_XML;
      *dot = '\0';
    }
  else
    {
      reply = reply_error (format, 404, _("No such resource"));
      goto out;
    }
  parts = g_strsplit (resource, "/", 3);
  n = g_strv_length (parts);

  if (!params_are_utf8 (query))
    {
      reply = reply_error (format, 400, _("The request is not UTF-8 text"));
      goto out;
    }

  if (n == 1 && g_str_equal (parts[0], "discovery") && g_str_has_prefix (path, "/open311/discovery."))
    reply = get ? do_discovery (format, msg) : NULL;
  else if (n == 1 && g_str_equal (parts[0], "services"))
    reply = get ? do_services (format) : NULL;
  else if (n == 2 && g_str_equal (parts[0], "services") && is_id (parts[1]))
    reply = get ? do_service_definition (format, parts[1]) : NULL;
  else if (n == 1 && g_str_equal (parts[0], "requests") && (get || post))
    {
      c = g_new0 (Call, 1);
      c->op = get ? OP_REQUESTS : OP_CREATE;
    }
  else if (n == 1 && g_str_equal (parts[0], "requests"))
    allow = "GET, HEAD, POST";
  else if (n == 2 && g_str_equal (parts[0], "requests") && is_id (parts[1]))
    {
      if (get)
        {
          c = g_new0 (Call, 1);
          c->op = OP_REQUEST;
          c->id = g_strdup (parts[1]);
        }
    }
  else
    {
      reply = reply_error (format, 404, _("No such resource"));
      goto out;
    }

  if (reply == NULL && c == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
      reply = reply_error_printf (format, 405, _("%s is not allowed here"), method);
      goto out;
    }
  if (c == NULL)
    goto out;

  c->o = g_rc_box_acquire (o);
  c->soup = g_object_ref (soup);
  c->msg = g_object_ref (msg);
  c->format = format;
  c->now = gw_clock_get_now (o->clock);
  if (c->op == OP_CREATE)
    {
      c->params = read_form (msg, format, &reply);
      if (c->params && !params_are_utf8 (c->params))
        reply = reply_error (format, 400, _("The request is not UTF-8 text"));
      if (reply)
        {
          call_free (c);
          goto out;
        }
    }
  else
    c->params = query ? g_hash_table_ref (query) : NULL;

  soup_server_message_pause (msg);
  gw_store_run_async (o->store, call_func, c, NULL, (GDestroyNotify) reply_free, NULL, on_call_done, c);
  return;

out:
  send_reply (msg, reply);
  reply_free (reply);
}

void
gw_open311_register (SoupServer *soup,
                     GwStore    *store,
                     GwClock    *clock,
                     GCallback   published,
                     gpointer    published_data)
{
  static const char *const paths[] = {
    "/open311/v2", "/open311/discovery.json", "/open311/discovery.xml",
  };
  Open311 *o;

  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (GW_IS_CLOCK (clock));

  o = g_rc_box_new0 (Open311);
  o->store = g_object_ref (store);
  o->clock = g_object_ref (clock);
  o->published = published;
  o->published_data = published_data;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    soup_server_add_handler (soup, paths[i], on_open311, g_rc_box_acquire (o), open311_release);
  open311_release (o);
}
