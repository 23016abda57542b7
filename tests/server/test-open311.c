/* Open311 GeoReport v2 as a citizen app or a hotline system meets it: a real gridwatchd on
 * 127.0.0.1, port 0, on a small demo county; both formats, the spec's errors and limits. */
#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-test-server.h"
#include "gw-dictionary.h"
#include "gw-time.h"

#define DAY (24 * 3600)

static char *tmpdir;
static char *db_path;
static GPid server_pid;
static guint port;
static SoupSession *session;
static char *token;           /* the hotline integration: a district-center account */
static char *officer_token;   /* a street officer of 500223002 */
static double street_lon, street_lat;   /* the label point of street 500223001 */
static gint64 demo_now;

/* HTTP ----------------------------------------------------------------------------------- */

typedef struct {
  guint     status;
  char     *content_type;
  char     *body;
  JsonNode *json;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->content_type, g_free);
  g_clear_pointer (&a->body, g_free);
  g_clear_pointer (&a->json, json_node_unref);
}

static Answer
send_message (SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *type;
  Answer a = { 0, NULL, NULL, NULL };

  g_assert_no_error (error);
  a.status = soup_message_get_status (msg);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  a.content_type = g_strdup (type);
  a.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (g_strcmp0 (type, "application/json") == 0 && json_parser_load_from_data (parser, a.body, -1, NULL))
    a.json = json_node_ref (json_parser_get_root (parser));
  return a;
}

static Answer
get (const char *path)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  return send_message (msg);
}

/* POSTs a form: key, value, …, NULL (a NULL value leaves the key out). */
static Answer
post_form (const char *path,
           ...)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupMessage) msg = NULL;
  const char *key;
  va_list args;

  va_start (args, path);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      if (value)
        g_hash_table_insert (form, (gpointer) key, (gpointer) value);
    }
  va_end (args);
  msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));
  return send_message (msg);
}

static JsonArray *
array (Answer *a)
{
  g_assert_nonnull (a->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (a->json));
  return json_node_get_array (a->json);
}

/* The spec's JSON error: [{"code":N,"description":"…"}]. */
static const char *
json_error (Answer *a,
            guint   status)
{
  JsonObject *e;

  g_assert_cmpuint (a->status, ==, status);
  g_assert_cmpuint (json_array_get_length (array (a)), ==, 1);
  e = json_array_get_object_element (array (a), 0);
  g_assert_cmpint (json_object_get_int_member (e, "code"), ==, status);
  return json_object_get_string_member (e, "description");
}

/* XML: every element of one name as a record of its children's texts. --------------------- */

typedef struct {
  const char *record;     /* element name of a record */
  GPtrArray  *records;    /* of GHashTable child name -> text */
  GHashTable *current;
  GString    *text;
  guint       depth, record_depth;
  guint       elements;   /* count of record elements */
  char       *root;
} Xml;

static void
xml_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  Xml *x = user_data;

  if (x->depth == 0)
    x->root = g_strdup (name);
  x->depth++;
  if (g_str_equal (name, x->record) && x->current == NULL)
    {
      x->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      x->record_depth = x->depth;
      x->elements++;
    }
  g_string_truncate (x->text, 0);
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  Xml *x = user_data;

  if (x->current && x->depth == x->record_depth + 1)
    g_hash_table_insert (x->current, g_strdup (name), g_strdup (x->text->str));
  if (x->current && x->depth == x->record_depth)
    {
      g_ptr_array_add (x->records, x->current);
      x->current = NULL;
    }
  g_string_truncate (x->text, 0);
  x->depth--;
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  Xml *x = user_data;

  g_string_append_len (x->text, text, len);
}

static void
xml_free (Xml *x)
{
  g_ptr_array_unref (x->records);
  g_string_free (x->text, TRUE);
  g_free (x->root);
  g_free (x);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Xml, xml_free)

static Xml *
parse_xml (Answer     *a,
           const char *record)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Xml *x = g_new0 (Xml, 1);

  g_assert_cmpstr (a->content_type, ==, "text/xml");
  g_assert_true (g_str_has_prefix (a->body, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  x->record = record;
  x->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  x->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, x, NULL);
  g_markup_parse_context_parse (context, a->body, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  return x;
}

static const char *
xml_field (Xml        *x,
           guint       index,
           const char *name)
{
  g_assert_cmpuint (index, <, x->records->len);
  return g_hash_table_lookup (g_ptr_array_index (x->records, index), name);
}

/* The spec's XML error: <errors><error><code>N</code><description>…</description></error></errors>. */
static void
assert_xml_error (Answer *a,
                  guint   status)
{
  g_autoptr(Xml) x = parse_xml (a, "error");
  g_autofree char *code = g_strdup_printf ("%u", status);

  g_assert_cmpuint (a->status, ==, status);
  g_assert_cmpstr (x->root, ==, "errors");
  g_assert_cmpuint (x->elements, ==, 1);
  g_assert_cmpstr (xml_field (x, 0, "code"), ==, code);
  g_assert_cmpuint (strlen (xml_field (x, 0, "description")), >, 0);
}

/* The server ------------------------------------------------------------------------------ */

static GwTestServer server;

static void
start_server (void)
{
  gw_test_server_start (&server, db_path, 0, NULL);
  server_pid = server.pid;
  port = server.port;
}

static void
stop_server (void)
{
  gw_test_server_stop (&server, SIGTERM);
}

static void
setup_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GwDivision) street = NULL;
  gint64 real_now = g_get_real_time () / G_USEC_PER_SEC;

  /* The demo's history ends a day ago: whatever is newer was filed by these tests. */
  demo_now = gw_demo_default_now (real_now) - DAY;
  db_path = g_build_filename (tmpdir, "open311.db", NULL);
  db = gw_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, demo_now, NULL, NULL, &error));
  g_assert_true (gw_accounts_add_user (db, "hotline", "12345热线", GW_ROLE_DISTRICT_CENTER, "500223", NULL, "password-1", &error));
  g_assert_true (gw_accounts_add_user (db, "officer2", "桂林值班员", GW_ROLE_STREET_OFFICER, "500223002", NULL, "password-2", &error));
  g_assert_no_error (error);
  token = gw_accounts_login (db, "hotline", "password-1", real_now, NULL, &error);
  g_assert_no_error (error);
  officer_token = gw_accounts_login (db, "officer2", "password-2", real_now, NULL, &error);
  g_assert_no_error (error);
  street = gw_db_get_division (db, "500223001", &error);
  g_assert_no_error (error);
  street_lon = street->label_lon;
  street_lat = street->label_lat;
}

static char *
coordinate (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.7f", v));
}

/* Files a request at the street's label point; returns its service_request_id. */
static char *
file_request (const char *code,
              const char *description)
{
  g_autofree char *lat = coordinate (street_lat), *lon = coordinate (street_lon);
  Answer a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", code,
                        "lat", lat, "long", lon, "description", description, NULL);
  char *id;

  g_assert_cmpuint (a.status, ==, 201);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (array (&a), 0), "service_request_id"));
  answer_clear (&a);
  return id;
}

/* Tests ----------------------------------------------------------------------------------- */

static void
test_services (void)
{
  g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
  const GwCategory *first = g_ptr_array_index (subs, 0);
  Answer a = get ("/open311/v2/services.json");
  JsonObject *s;

  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array (&a)), ==, subs->len);
  s = json_array_get_object_element (array (&a), 0);
  g_assert_cmpstr (json_object_get_string_member (s, "service_code"), ==, first->code);
  g_assert_cmpstr (json_object_get_string_member (s, "service_name"), ==, first->name_zh);
  g_assert_cmpstr (json_object_get_string_member (s, "description"), ==, first->name_en);
  g_assert_cmpstr (json_object_get_string_member (s, "group"), ==, first->parent->name_zh);
  g_assert_cmpstr (json_object_get_string_member (s, "type"), ==, "realtime");
  g_assert_false (json_object_get_boolean_member (s, "metadata"));
  g_assert_nonnull (strstr (json_object_get_string_member (s, "keywords"), first->keywords[0]));
  answer_clear (&a);

  a = get ("/open311/v2/services.xml");
  g_assert_cmpuint (a.status, ==, 200);
  {
    g_autoptr(Xml) x = parse_xml (&a, "service");
    g_assert_cmpstr (x->root, ==, "services");
    g_assert_cmpuint (x->elements, ==, subs->len);
    g_assert_cmpstr (xml_field (x, 0, "service_code"), ==, first->code);
    g_assert_cmpstr (xml_field (x, 0, "service_name"), ==, first->name_zh);
    g_assert_cmpstr (xml_field (x, 0, "group"), ==, first->parent->name_zh);
    g_assert_cmpstr (xml_field (x, 0, "metadata"), ==, "false");
    g_assert_cmpstr (xml_field (x, 0, "type"), ==, "realtime");
  }
  answer_clear (&a);

  /* No format, no resource. */
  a = get ("/open311/v2/services");
  g_assert_cmpuint (a.status, ==, 404);
  answer_clear (&a);
}

static void
test_service_definition (void)
{
  Answer a = get ("/open311/v2/services/0101.json");
  JsonObject *d;

  g_assert_cmpuint (a.status, ==, 200);
  d = json_node_get_object (a.json);
  g_assert_cmpstr (json_object_get_string_member (d, "service_code"), ==, "0101");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "attributes")), ==, 0);
  answer_clear (&a);

  a = get ("/open311/v2/services/0101.xml");
  g_assert_cmpuint (a.status, ==, 200);
  {
    g_autoptr(Xml) x = parse_xml (&a, "service_definition");
    g_assert_cmpstr (x->root, ==, "service_definition");
    g_assert_cmpstr (xml_field (x, 0, "service_code"), ==, "0101");
  }
  answer_clear (&a);

  /* Unknown codes, and a category (not a subcategory), are no service. */
  a = get ("/open311/v2/services/9999.json");
  g_assert_nonnull (strstr (json_error (&a, 404), "9999"));
  answer_clear (&a);
  a = get ("/open311/v2/services/01.json");
  json_error (&a, 404);
  answer_clear (&a);
  a = get ("/open311/v2/services/9999.xml");
  assert_xml_error (&a, 404);
  answer_clear (&a);
}

static void
test_create_and_read (void)
{
  g_autofree char *lat = coordinate (street_lat), *lon = coordinate (street_lon);
  g_autofree char *path = NULL, *id = NULL;
  const char *description = "滨江路12号路边暴露垃圾 & <袋装> \"3袋\"";
  Answer a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                        "lat", lat, "long", lon, "address_string", "滨江路12号",
                        "description", description, "first_name", "三", "last_name", "张",
                        "phone", "138 0000 0000", "email", "zhang@example.com", NULL);
  JsonObject *r;

  g_assert_cmpuint (a.status, ==, 201);
  g_assert_cmpuint (json_array_get_length (array (&a)), ==, 1);
  r = json_array_get_object_element (array (&a), 0);
  id = g_strdup (json_object_get_string_member (r, "service_request_id"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "service_notice"), id));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "account_id")));
  answer_clear (&a);

  /* Back by id, as a list of one, with public fields only. */
  path = g_strdup_printf ("/open311/v2/requests/%s.json", id);
  a = get (path);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array (&a)), ==, 1);
  r = json_array_get_object_element (array (&a), 0);
  g_assert_cmpstr (json_object_get_string_member (r, "service_request_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (r, "status_notes"), ==, "已上报，待核实");
  g_assert_cmpstr (json_object_get_string_member (r, "service_code"), ==, "0101");
  g_assert_cmpstr (json_object_get_string_member (r, "service_name"), ==, "暴露垃圾");
  g_assert_cmpstr (json_object_get_string_member (r, "description"), ==, description);
  g_assert_cmpstr (json_object_get_string_member (r, "address"), ==, "滨江路12号");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "lat"), street_lat, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "long"), street_lon, 1e-6);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (r, "requested_datetime"), "+08:00"));
  g_assert_nonnull (json_object_get_string_member (r, "agency_responsible"));
  g_assert_null (strstr (a.body, "张三"));
  g_assert_null (strstr (a.body, "138 0000 0000"));  /* the phone (its prefix alone may be in a number) */
  answer_clear (&a);

  /* The same in XML. */
  g_free (path);
  path = g_strdup_printf ("/open311/v2/requests/%s.xml", id);
  a = get (path);
  g_assert_cmpuint (a.status, ==, 200);
  {
    g_autoptr(Xml) x = parse_xml (&a, "request");
    g_assert_cmpstr (x->root, ==, "service_requests");
    g_assert_cmpuint (x->elements, ==, 1);
    g_assert_cmpstr (xml_field (x, 0, "service_request_id"), ==, id);
    g_assert_cmpstr (xml_field (x, 0, "status"), ==, "open");
    g_assert_cmpstr (xml_field (x, 0, "status_notes"), ==, "已上报，待核实");
    g_assert_cmpstr (xml_field (x, 0, "service_code"), ==, "0101");
    g_assert_cmpstr (xml_field (x, 0, "description"), ==, description);
    g_assert_cmpstr (xml_field (x, 0, "address"), ==, "滨江路12号");
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (xml_field (x, 0, "lat"), NULL), street_lat, 1e-6);
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (xml_field (x, 0, "long"), NULL), street_lon, 1e-6);
  }
  answer_clear (&a);

  /* The ticket behind it: a hotline report with its reporter. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (db_path, &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    sqlite3_prepare_v2 (gw_db_get_handle (db),
                        "SELECT source, reporter, reporter_phone, state FROM tickets WHERE number = ?", -1, &stmt, NULL);
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "hotline");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "张三");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "138 0000 0000");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "reported");
    sqlite3_finalize (stmt);
  }

  /* Filed in XML, answered in XML. */
  a = post_form ("/open311/v2/requests.xml", "api_key", token, "service_code", "0102",
                 "lat", lat, "long", lon, "description", "渣土堆放", NULL);
  g_assert_cmpuint (a.status, ==, 201);
  {
    g_autoptr(Xml) x = parse_xml (&a, "request");
    g_assert_cmpstr (x->root, ==, "service_requests");
    g_assert_cmpuint (strlen (xml_field (x, 0, "service_request_id")), >, 0);
    g_assert_cmpstr (xml_field (x, 0, "account_id"), ==, "");
  }
  answer_clear (&a);

  a = get ("/open311/v2/requests/R000000000000-0000.json");
  json_error (&a, 404);
  answer_clear (&a);
  a = get ("/open311/v2/requests/R000000000000-0000.xml");
  assert_xml_error (&a, 404);
  answer_clear (&a);
}

static void
test_list_filters (void)
{
  g_autofree char *id = file_request ("0103", "过滤测试");
  g_autofree char *path = NULL;
  gboolean found = FALSE;
  Answer a;

  path = g_strdup_printf ("/open311/v2/requests.json?service_code=0103&status=open");
  a = get (path);
  g_assert_cmpuint (a.status, ==, 200);
  for (guint i = 0; i < json_array_get_length (array (&a)); i++)
    {
      JsonObject *r = json_array_get_object_element (array (&a), i);
      g_assert_cmpstr (json_object_get_string_member (r, "service_code"), ==, "0103");
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "open");
      found |= g_str_equal (json_object_get_string_member (r, "service_request_id"), id);
    }
  g_assert_true (found);
  answer_clear (&a);

  /* Closed ones of two services, in a window that holds the demo's history. */
  {
    g_autoptr(GDateTime) end = gw_time_to_date_time (demo_now);
    g_autofree char *end_text = g_date_time_format_iso8601 (end);
    g_autofree char *escaped = g_uri_escape_string (end_text, NULL, FALSE);
    guint n;

    g_free (path);
    path = g_strdup_printf ("/open311/v2/requests.json?service_code=0101,0103&status=closed&end_date=%s", escaped);
    a = get (path);
    g_assert_cmpuint (a.status, ==, 200);
    n = json_array_get_length (array (&a));
    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++)
      {
        JsonObject *r = json_array_get_object_element (array (&a), i);
        const char *code = json_object_get_string_member (r, "service_code");
        g_assert_true (g_str_equal (code, "0101") || g_str_equal (code, "0103"));
        g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "closed");
        g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "expected_datetime")));
        g_assert_cmpstr (json_object_get_string_member (r, "service_request_id"), !=, id);
      }
    answer_clear (&a);
  }

  /* Named ids override every other filter. */
  {
    g_autofree char *other = file_request ("0101", "按编号查询");
    g_free (path);
    path = g_strdup_printf ("/open311/v2/requests.xml?service_request_id=%s,%s&service_code=9999&status=closed", id, other);
    a = get (path);
    g_assert_cmpuint (a.status, ==, 200);
    {
      g_autoptr(Xml) x = parse_xml (&a, "request");
      g_assert_cmpuint (x->elements, ==, 2);
    }
    answer_clear (&a);
  }

  a = get ("/open311/v2/requests.json?status=pending");
  json_error (&a, 400);
  answer_clear (&a);
}

static void
test_dates (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) start = gw_time_to_date_time (now - 3600);
  g_autofree char *start_text = g_date_time_format_iso8601 (start);
  g_autofree char *escaped = g_uri_escape_string (start_text, NULL, FALSE);
  g_autofree char *id = file_request ("0101", "新近上报");
  g_autofree char *path = NULL;
  gboolean found = FALSE;
  guint n;
  Answer a;

  /* Since an hour ago: what these tests filed, none of the demo's history. */
  path = g_strdup_printf ("/open311/v2/requests.json?start_date=%s", escaped);
  a = get (path);
  g_assert_cmpuint (a.status, ==, 200);
  n = json_array_get_length (array (&a));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, 20);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (array (&a), i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (json_object_get_string_member (r, "requested_datetime"), NULL);
      g_assert_cmpint (g_date_time_to_unix (at), >=, now - 3600);
      found |= g_str_equal (json_object_get_string_member (r, "service_request_id"), id);
    }
  g_assert_true (found);
  answer_clear (&a);

  /* "+08:00" sent unencoded arrives as " 08:00": still understood. */
  g_free (path);
  path = g_strdup_printf ("/open311/v2/requests.json?start_date=%s", start_text);
  a = get (path);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (array (&a)), ==, n);
  answer_clear (&a);

  a = get ("/open311/v2/requests.json?start_date=yesterday");
  g_assert_nonnull (strstr (json_error (&a, 400), "start_date"));
  answer_clear (&a);
  a = get ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z");
  json_error (&a, 400);
  answer_clear (&a);
  a = get ("/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z");
  assert_xml_error (&a, 400);
  answer_clear (&a);
}

static void
test_cap (void)
{
  /* The last 90 days of the demo hold some 3,000 tickets: the spec's 1000, newest first. */
  Answer a = get ("/open311/v2/requests.json");
  JsonArray *list;
  const char *previous = NULL;

  g_assert_cmpuint (a.status, ==, 200);
  list = array (&a);
  g_assert_cmpuint (json_array_get_length (list), ==, 1000);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *r = json_array_get_object_element (list, i);
      const char *at = json_object_get_string_member (r, "requested_datetime");
      /* Same offset everywhere, so the text sorts as the time does. */
      if (previous)
        g_assert_cmpstr (at, <=, previous);
      previous = at;
      g_assert_false (json_object_has_member (r, "reporter"));
      g_assert_false (json_object_has_member (r, "reporter_phone"));
    }
  answer_clear (&a);
}

static void
test_refusals (void)
{
  g_autofree char *lat = coordinate (street_lat), *lon = coordinate (street_lon);
  g_autoptr(GString) long_text = g_string_new (NULL);
  Answer a;

  /* No key, a wrong key. */
  a = post_form ("/open311/v2/requests.json", "service_code", "0101", "lat", lat, "long", lon,
                 "description", "x", NULL);
  g_assert_nonnull (strstr (json_error (&a, 400), "api_key"));
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", "not-a-token", "service_code", "0101",
                 "lat", lat, "long", lon, "description", "x", NULL);
  json_error (&a, 403);
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.xml", "api_key", "not-a-token", "service_code", "0101",
                 "lat", lat, "long", lon, "description", "x", NULL);
  assert_xml_error (&a, 403);
  answer_clear (&a);

  /* Where: outside the county, not a number, an address alone, outside the user's area. */
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "lat", "39.9042", "long", "116.4074", "description", "x", NULL);
  g_assert_nonnull (strstr (json_error (&a, 400), "outside the county"));
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "lat", "30.1abc", "long", lon, "description", "x", NULL);
  g_assert_nonnull (strstr (json_error (&a, 400), "lat"));
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "lat", "91", "long", lon, "description", "x", NULL);
  json_error (&a, 400);
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "address_string", "滨江路12号", "description", "x", NULL);
  g_assert_nonnull (strstr (json_error (&a, 400), "needs lat and long"));
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", officer_token, "service_code", "0101",
                 "lat", lat, "long", lon, "description", "x", NULL);
  json_error (&a, 403);
  answer_clear (&a);

  /* What: an unknown service, a description over 4000 characters, a bad phone. */
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "9999",
                 "lat", lat, "long", lon, "description", "x", NULL);
  json_error (&a, 400);
  answer_clear (&a);
  while (g_utf8_strlen (long_text->str, -1) <= 4000)
    g_string_append (long_text, "垃圾");
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "lat", lat, "long", lon, "description", long_text->str, NULL);
  g_assert_nonnull (strstr (json_error (&a, 400), "description"));
  answer_clear (&a);
  a = post_form ("/open311/v2/requests.json", "api_key", token, "service_code", "0101",
                 "lat", lat, "long", lon, "description", "x", "phone", "<script>", NULL);
  json_error (&a, 400);
  answer_clear (&a);

  /* How: JSON is not the spec's body; requests/{id} takes no POST. */
  {
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/open311/v2/requests.json", port);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    a = send_message (msg);
    json_error (&a, 415);
    answer_clear (&a);
  }
  a = post_form ("/open311/v2/services.json", "api_key", token, NULL);
  json_error (&a, 405);
  answer_clear (&a);
}

static void
test_discovery (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/open311/v2", port);
  Answer a = get ("/open311/discovery.json");
  JsonObject *d, *e;
  JsonArray *formats;

  g_assert_cmpuint (a.status, ==, 200);
  d = json_node_get_object (a.json);
  g_assert_nonnull (json_object_get_string_member (d, "changeset"));
  g_assert_nonnull (json_object_get_string_member (d, "contact"));
  g_assert_nonnull (json_object_get_string_member (d, "key_service"));
  e = json_array_get_object_element (json_object_get_array_member (d, "endpoints"), 0);
  g_assert_cmpstr (json_object_get_string_member (e, "specification"), ==, "http://wiki.open311.org/GeoReport_v2");
  g_assert_cmpstr (json_object_get_string_member (e, "url"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "production");
  formats = json_object_get_array_member (e, "formats");
  g_assert_cmpuint (json_array_get_length (formats), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (formats, 0), ==, "application/json");
  g_assert_cmpstr (json_array_get_string_element (formats, 1), ==, "text/xml");
  answer_clear (&a);

  a = get ("/open311/discovery.xml");
  g_assert_cmpuint (a.status, ==, 200);
  {
    g_autoptr(Xml) x = parse_xml (&a, "endpoint");
    g_assert_cmpstr (x->root, ==, "discovery");
    g_assert_cmpuint (x->elements, ==, 1);
    g_assert_cmpstr (xml_field (x, 0, "url"), ==, url);
  }
  answer_clear (&a);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-open311-XXXXXX", NULL);
  setup_database ();
  start_server ();
  session = soup_session_new ();
  g_test_add_func ("/open311/services", test_services);
  g_test_add_func ("/open311/service-definition", test_service_definition);
  g_test_add_func ("/open311/create-and-read", test_create_and_read);
  g_test_add_func ("/open311/list-filters", test_list_filters);
  g_test_add_func ("/open311/dates", test_dates);
  g_test_add_func ("/open311/cap", test_cap);
  g_test_add_func ("/open311/refusals", test_refusals);
  g_test_add_func ("/open311/discovery", test_discovery);
  ret = g_test_run ();
  g_object_unref (session);
  stop_server ();
  g_free (token);
  g_free (officer_token);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  return ret;
}
