/* gridwatchd as seats meet it: a real server process on 127.0.0.1, port 0, on a real
 * demo database; libsoup clients for REST and the live feed. */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-db-attachments.h"
#include "gw-demo.h"
#include "gw-test-server.h"

#define NOW 1795276800  /* 2026-11-22T00:00:00+08:00 */

static char *tmpdir;
static char *db_path;
static GPid server_pid;
static guint port;
static SoupSession *session;

typedef struct {
  guint     status;
  JsonNode *json;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->json, json_node_unref);
}

static Answer
call (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Answer a = { 0, NULL };

  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  a.status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) && json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                              g_bytes_get_size (bytes), NULL))
    a.json = json_node_ref (json_parser_get_root (parser));
  return a;
}

static JsonObject *
obj (Answer *a)
{
  g_assert_nonnull (a->json);
  return json_node_get_object (a->json);
}

static const char *
error_rule (Answer *a)
{
  JsonObject *e = json_object_get_object_member (obj (a), "error");
  return json_object_get_string_member_with_default (e, "rule", "");
}

static char *
login (const char *user,
       const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
  Answer a = call ("POST", "/api/v1/session", NULL, body);
  char *token;

  g_assert_cmpuint (a.status, ==, 200);
  token = g_strdup (json_object_get_string_member (obj (&a), "token"));
  answer_clear (&a);
  return token;
}

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

  db_path = g_build_filename (tmpdir, "server.db", NULL);
  db = gw_db_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, NOW, NULL, NULL, &error));
  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER, "500223001", NULL, "password-1", &error));
  g_assert_true (gw_accounts_add_user (db, "officer2", "桂林值班员", GW_ROLE_STREET_OFFICER, "500223002", NULL, "password-2", &error));
  g_assert_true (gw_accounts_add_user (db, "center", "区中心", GW_ROLE_DISTRICT_CENTER, "500223", NULL, "password-3", &error));
  g_assert_true (gw_accounts_add_user (db, "handler1", "城管局办理员", GW_ROLE_DEPARTMENT_HANDLER, NULL, "500223-D01", "password-4", &error));
  g_assert_no_error (error);
}

/* A ticket of street 500223001 in the given state. */
static gint64
ticket_in (const char *state,
           const char *street_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_assert_no_error (error);
  sqlite3_prepare_v2 (gw_db_get_handle (db),
                      "SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.street_id"
                      " WHERE t.state = ? AND d.code = ? AND t.level = 'street' AND t.whistle = 0"
                      " ORDER BY t.id DESC LIMIT 1", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, street_code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static void
test_auth (void)
{
  Answer a = call ("GET", "/api/v1/tickets", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);

  a = call ("GET", "/api/v1/tickets", "not-a-token", NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);

  /* Wrong password and unknown user: the same 401. */
  a = call ("POST", "/api/v1/session", NULL, "{\"username\":\"officer1\",\"password\":\"wrong-one\"}");
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  a = call ("POST", "/api/v1/session", NULL, "{\"username\":\"nobody\",\"password\":\"wrong-one\"}");
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);

  a = call ("GET", "/ping", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
}

static void
test_pages_in_jurisdiction (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  g_autofree char *path = NULL;
  gint64 after = 0;
  guint total = 0, pages = 0;

  do
    {
      Answer a;
      JsonArray *tickets;

      g_free (path);
      path = g_strdup_printf ("/api/v1/tickets?after=%" G_GINT64_FORMAT "&limit=500", after);
      a = call ("GET", path, token, NULL);
      g_assert_cmpuint (a.status, ==, 200);
      tickets = json_object_get_array_member (obj (&a), "tickets");
      for (guint i = 0; i < json_array_get_length (tickets); i++)
        {
          JsonObject *t = json_array_get_object_element (tickets, i);
          JsonObject *d = json_object_get_object_member (t, "divisions");
          /* Nothing outside the officer's street. */
          g_assert_cmpstr (json_object_get_string_member (d, "street"), ==, "500223001");
          g_assert_cmpint (json_object_get_int_member (t, "id"), >, after);
        }
      total += json_array_get_length (tickets);
      pages++;
      after = JSON_NODE_HOLDS_NULL (json_object_get_member (obj (&a), "next_after"))
              ? 0 : json_object_get_int_member (obj (&a), "next_after");
      answer_clear (&a);
    }
  while (after != 0);
  g_assert_cmpuint (total, >, 500);
  g_assert_cmpuint (pages, >=, 2);
}

static void
test_bad_input (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  g_autoptr(GString) big = g_string_new ("{\"description\":\"");
  g_autoptr(GString) deep = g_string_new (NULL);
  Answer a;

  a = call ("POST", "/api/v1/tickets", token, "{\"category\": 0101");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (obj (&a), "error"), "message"), "not valid JSON"));
  answer_clear (&a);

  a = call ("POST", "/api/v1/tickets", token, "{\"category\":\"0101\",\"lon\":105.8,\"lat\":30.1,\"description\":\"x\",\"colour\":\"red\"}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (obj (&a), "error"), "message"), "body.colour: unknown field"));
  answer_clear (&a);

  a = call ("POST", "/api/v1/tickets", token, "{\"category\":101,\"lon\":105.8,\"lat\":30.1,\"description\":\"x\"}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (obj (&a), "error"), "message"), "body.category: expected a string"));
  answer_clear (&a);

  a = call ("POST", "/api/v1/tickets", token, "{\"category\":\"9999\",\"lon\":105.8,\"lat\":30.1,\"description\":\"x\"}");
  g_assert_cmpuint (a.status, ==, 400);
  answer_clear (&a);

  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, "漏水漏水漏水漏水");
  g_string_append (big, "\"}");
  a = call ("POST", "/api/v1/tickets", token, big->str);
  g_assert_cmpuint (a.status, ==, 413);
  answer_clear (&a);

  for (int i = 0; i < 200; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "1");
  for (int i = 0; i < 200; i++)
    g_string_append_c (deep, '}');
  a = call ("POST", "/api/v1/commands", token, deep->str);
  g_assert_cmpuint (a.status, ==, 400);
  answer_clear (&a);

  a = call ("GET", "/api/v1/tickets?limit=abc", token, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  answer_clear (&a);
  a = call ("GET", "/api/v1/nothing", token, NULL);
  g_assert_cmpuint (a.status, ==, 404);
  answer_clear (&a);

  /* The server is still there. */
  a = call ("GET", "/ping", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
}

static void
test_jurisdiction (void)
{
  g_autofree char *token2 = login ("officer2", "password-2");
  gint64 id = ticket_in ("closed", "500223001");
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, id);
  g_autofree char *body = NULL;
  Answer a;

  g_assert_cmpint (id, >, 0);
  /* Street B's officer cannot read street A's ticket… */
  a = call ("GET", path, token2, NULL);
  g_assert_cmpuint (a.status, ==, 404);
  answer_clear (&a);
  /* …nor act on it. */
  body = g_strdup_printf ("{\"command_id\":\"jur-0001\",\"action\":\"supervise\",\"ticket_id\":%" G_GINT64_FORMAT ",\"reason\":\"催办\"}", id);
  a = call ("POST", "/api/v1/commands", token2, body);
  g_assert_cmpuint (a.status, ==, 409);
  answer_clear (&a);
  /* Reporting a place in street A. */
  a = call ("POST", "/api/v1/tickets", token2,
            "{\"category\":\"0101\",\"lon\":105.75,\"lat\":30.19,\"description\":\"路边垃圾\"}");
  g_assert_cmpuint (a.status, ==, 403);
  g_assert_cmpstr (error_rule (&a), ==, "jurisdiction");
  answer_clear (&a);
}

static void
test_idempotent_commands (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  g_autofree char *token2 = login ("center", "password-3");
  gint64 id = ticket_in ("dispatched", "500223001");
  g_autofree char *body = NULL, *audit = NULL;
  g_autofree char *first = NULL;
  guint entries_before, entries_after;
  Answer a, b;

  g_assert_cmpint (id, >, 0);
  audit = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/audit", id);
  a = call ("GET", audit, token, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  entries_before = json_array_get_length (json_node_get_array (a.json));
  answer_clear (&a);

  body = g_strdup_printf ("{\"command_id\":\"cmd-supervise-1\",\"action\":\"supervise\",\"ticket_id\":%" G_GINT64_FORMAT ",\"reason\":\"群众多次来电\"}", id);
  a = call ("POST", "/api/v1/commands", token, body);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (&a), "supervise_count"), ==, 1);
  /* The answer was lost: the seat sends it again. Same answer, applied once. */
  b = call ("POST", "/api/v1/commands", token, body);
  g_assert_cmpuint (b.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (&b), "supervise_count"), ==, 1);
  answer_clear (&a);
  answer_clear (&b);
  a = call ("GET", audit, token, NULL);
  entries_after = json_array_get_length (json_node_get_array (a.json));
  g_assert_cmpuint (entries_after, ==, entries_before + 1);
  answer_clear (&a);

  /* Someone else moved it on: refused with the workflow's reason, and so on replay. */
  g_free (body);
  body = g_strdup_printf ("{\"command_id\":\"cmd-screen-1\",\"action\":\"screen\",\"ticket_id\":%" G_GINT64_FORMAT "}", id);
  a = call ("POST", "/api/v1/commands", token2, body);
  g_assert_cmpuint (a.status, ==, 409);
  g_assert_cmpstr (error_rule (&a), ==, "wrong_state");
  first = g_strdup (json_object_get_string_member (json_object_get_object_member (obj (&a), "error"), "message"));
  g_assert_nonnull (strstr (first, "it is dispatched"));
  answer_clear (&a);
  a = call ("POST", "/api/v1/commands", token2, body);
  g_assert_cmpuint (a.status, ==, 409);
  answer_clear (&a);
}

/* The live feed: seat A listens, seat B reports; A sees it. */

typedef struct {
  GMainLoop *loop;
  SoupWebsocketConnection *conn;
  gint64 wanted_id;
  gboolean seen;
  gboolean welcomed;
} Live;

static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  Live *live = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *kind;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  kind = json_object_get_string_member (o, "type");
  if (g_str_equal (kind, "welcome"))
    {
      live->welcomed = TRUE;
      g_main_loop_quit (live->loop);
      return;
    }
  if (g_str_equal (kind, "changes"))
    {
      JsonArray *changes = json_object_get_array_member (o, "changes");
      g_autofree char *ack = g_strdup_printf ("{\"type\":\"ack\",\"ack\":%" G_GINT64_FORMAT "}",
                                              json_object_get_int_member (o, "last_seq"));
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *t = json_object_get_object_member (json_array_get_object_element (changes, i), "ticket");
          /* Only the listener's street comes through. */
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (t, "divisions"), "street"), ==, "500223001");
          if (json_object_get_int_member (t, "id") == live->wanted_id)
            {
              live->seen = TRUE;
              g_main_loop_quit (live->loop);
            }
        }
      soup_websocket_connection_send_text (conn, ack);
    }
}

static void
on_live_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Live *live = user_data;
  g_autoptr(GError) error = NULL;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (live->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("timed out waiting for the live feed");
  return G_SOURCE_REMOVE;
}

static void
test_live_feed (void)
{
  g_autofree char *token_a = login ("officer1", "password-1");
  g_autofree char *token_b = login ("center", "password-3");
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/live", port);
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", token_a);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(SoupSession) ws_session = soup_session_new ();
  Live live = { g_main_loop_new (NULL, FALSE), NULL, 0, FALSE, FALSE };
  guint timeout = g_timeout_add_seconds (20, on_timeout, NULL);
  gint64 t0;
  Answer a;

  soup_session_websocket_connect_async (ws_session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_live_connected, &live);
  g_main_loop_run (live.loop);
  g_signal_connect (live.conn, "message", G_CALLBACK (on_live_message), &live);
  soup_websocket_connection_send_text (live.conn, hello);
  g_main_loop_run (live.loop);
  g_assert_true (live.welcomed);

  /* Seat B (the district center) reports at the label point of seat A's street. */
  {
    g_autofree char *body = NULL;
    Answer d = call ("GET", "/api/v1/divisions?level=street", token_b, NULL);
    JsonArray *streets = json_node_get_array (d.json);
    JsonObject *label = NULL;

    for (guint i = 0; i < json_array_get_length (streets); i++)
      {
        JsonObject *s = json_array_get_object_element (streets, i);
        if (g_str_equal (json_object_get_string_member (s, "code"), "500223001"))
          label = json_object_get_object_member (s, "label");
      }
    g_assert_nonnull (label);
    body = g_strdup_printf ("{\"category\":\"0101\",\"lon\":%.7f,\"lat\":%.7f,"
                            "\"description\":\"滨江路暴露垃圾\",\"level\":\"street\"}",
                            json_object_get_double_member (label, "lon"),
                            json_object_get_double_member (label, "lat"));
    answer_clear (&d);
    t0 = g_get_monotonic_time ();
    a = call ("POST", "/api/v1/tickets", token_b, body);
  }
  g_assert_cmpuint (a.status, ==, 201);
  live.wanted_id = json_object_get_int_member (obj (&a), "id");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (&a), "divisions"), "street"), ==, "500223001");
  answer_clear (&a);
  g_main_loop_run (live.loop);
  g_assert_true (live.seen);
  g_test_message ("report to live feed: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_source_remove (timeout);
  soup_websocket_connection_close (live.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (live.conn);
  g_main_loop_unref (live.loop);
}

static void
test_login_throttle (void)
{
  Answer a;
  guint last = 0;

  for (int i = 0; i < 8; i++)
    {
      a = call ("POST", "/api/v1/session", NULL, "{\"username\":\"officer1\",\"password\":\"guess-guess\"}");
      last = a.status;
      answer_clear (&a);
    }
  g_assert_cmpuint (last, ==, 429);
}

/* The dictionary, cameras, grid workers and attachments. */

typedef struct {
  guint   status;
  GBytes *body;
  char   *content_type;
} Raw;

static void
raw_clear (Raw *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->content_type, g_free);
}

/* Any body of any type, answered as bytes. */
static Raw
raw_call (const char   *method,
          const char   *path,
          const char   *token,
          const char   *content_type,
          gconstpointer data,
          gsize         size)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  Raw r = { 0, NULL, NULL };

  g_assert_nonnull (msg);
  if (token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (data)
    {
      g_autoptr(GBytes) b = g_bytes_new (data, size);
      soup_message_set_request_body_from_bytes (msg, content_type, b);
    }
  r.body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  r.status = soup_message_get_status (msg);
  r.content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return r;
}

static JsonNode *
raw_json (Raw *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body), NULL));
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
error_message (Answer *a)
{
  return json_object_get_string_member (json_object_get_object_member (obj (a), "error"), "message");
}

/* A PNG-shaped body: the signature, then `size - 8` bytes from a fixed seed. */
static GBytes *
png_bytes (gsize   size,
           guint32 seed)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_assert_cmpuint (size, >=, sizeof signature);
  memcpy (data, signature, sizeof signature);
  for (gsize i = sizeof signature; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

static Raw
upload (gint64      ticket_id,
        const char *name,
        const char *token,
        const char *content_type,
        GBytes     *content)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments?name=%s",
                                           ticket_id, escaped);

  return raw_call ("POST", path, token, content_type, g_bytes_get_data (content, NULL), g_bytes_get_size (content));
}

static guint
count_attachments (gint64      ticket_id,
                   const char *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments", ticket_id);
  Answer a = call ("GET", path, token, NULL);
  guint n;

  g_assert_cmpuint (a.status, ==, 200);
  n = json_array_get_length (json_node_get_array (a.json));
  answer_clear (&a);
  return n;
}

static gint64
count_rows (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (db_path, &error);
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A new report sent as a command (a seat's outbox): applied once per command id. */
static void
test_report_command (void)
{
  /* A point of street 500223001 (officer1's, not officer2's) in the demo county. */
  g_autofree char *token = login ("officer1", "password-1");
  g_autofree char *token2 = login ("officer2", "password-2");
  const char *body =
    "{\"command_id\":\"cmd-report-0001\",\"action\":\"report\",\"category\":\"0101\","
    "\"lon\":105.742569,\"lat\":29.978541,\"description\":\"来电反映路边垃圾堆放（报告命令）\","
    "\"source\":\"hotline\",\"urgency\":\"urgent\",\"reporter\":\"王秀英\",\"reporter_phone\":\"13800001234\"}";
  g_autofree char *number = NULL, *sql = NULL, *message = NULL;
  gint64 id;
  Answer a;

  a = call ("POST", "/api/v1/commands", token, body);
  g_assert_cmpuint (a.status, ==, 200);
  id = json_object_get_int_member (obj (&a), "id");
  g_assert_cmpint (id, >, 0);
  number = g_strdup (json_object_get_string_member (obj (&a), "number"));
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "state"), ==, "reported");
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "source"), ==, "hotline");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (&a), "divisions"), "street"),
                   ==, "500223001");
  answer_clear (&a);

  /* The answer was lost: sent again, the same ticket, not a second one. */
  a = call ("POST", "/api/v1/commands", token, body);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (&a), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "number"), ==, number);
  answer_clear (&a);
  g_assert_cmpint (count_rows ("SELECT COUNT(*) FROM tickets WHERE description = '来电反映路边垃圾堆放（报告命令）'"), ==, 1);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE ticket_id = %" G_GINT64_FORMAT " AND action = 'report'", id);
  g_assert_cmpint (count_rows (sql), ==, 1);
  g_assert_cmpint (count_rows ("SELECT COUNT(*) FROM commands WHERE command_id = 'cmd-report-0001'"), ==, 1);

  /* Its fields are a report's: anything else is refused by name, and nothing is made. */
  a = call ("POST", "/api/v1/commands", token,
            "{\"command_id\":\"cmd-report-0002\",\"action\":\"report\",\"ticket_id\":7,\"category\":\"0101\","
            "\"lon\":105.742569,\"lat\":29.978541,\"description\":\"路边垃圾\"}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "body.ticket_id: unknown field"));
  answer_clear (&a);
  a = call ("POST", "/api/v1/commands", token,
            "{\"command_id\":\"cmd-report-0003\",\"action\":\"report\",\"category\":\"0101\","
            "\"lon\":105.742569,\"lat\":29.978541,\"description\":\"路边垃圾\",\"colour\":\"red\"}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "body.colour: unknown field"));
  answer_clear (&a);
  a = call ("POST", "/api/v1/commands", token,
            "{\"command_id\":\"cmd-report-0004\",\"action\":\"report\",\"category\":\"9999\","
            "\"lon\":105.742569,\"lat\":29.978541,\"description\":\"路边垃圾\"}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "body.category"));
  answer_clear (&a);
  a = call ("POST", "/api/v1/commands", token,
            "{\"command_id\":\"cmd-report-0005\",\"action\":\"report\",\"category\":\"0101\","
            "\"lon\":105.742569,\"lat\":29.978541}");
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "body.description"));
  answer_clear (&a);
  g_assert_cmpint (count_rows ("SELECT COUNT(*) FROM tickets WHERE description = '路边垃圾'"), ==, 0);

  /* A place outside the officer's street: refused, and the same refusal on a replay. */
  body = "{\"command_id\":\"cmd-report-0006\",\"action\":\"report\",\"category\":\"0101\","
         "\"lon\":105.742569,\"lat\":29.978541,\"description\":\"别的街道的垃圾\"}";
  a = call ("POST", "/api/v1/commands", token2, body);
  g_assert_cmpuint (a.status, ==, 403);
  g_assert_cmpstr (error_rule (&a), ==, "jurisdiction");
  message = g_strdup (error_message (&a));
  answer_clear (&a);
  a = call ("POST", "/api/v1/commands", token2, body);
  g_assert_cmpuint (a.status, ==, 403);
  g_assert_cmpstr (error_message (&a), ==, message);
  answer_clear (&a);
  g_assert_cmpint (count_rows ("SELECT COUNT(*) FROM tickets WHERE description = '别的街道的垃圾'"), ==, 0);
}

static void
test_dictionary (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  Answer a = call ("GET", "/api/v1/dictionary", token, NULL);
  JsonArray *categories, *subs;
  JsonObject *policy, *first_sub = NULL;
  gboolean found_0101 = FALSE;

  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&a), "boards")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&a), "tags")), >, 0);
  categories = json_object_get_array_member (obj (&a), "categories");
  g_assert_cmpuint (json_array_get_length (categories), >, 10);
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      subs = json_object_get_array_member (json_array_get_object_element (categories, i), "subcategories");
      for (guint j = 0; j < json_array_get_length (subs); j++)
        {
          JsonObject *s = json_array_get_object_element (subs, j);
          if (g_str_equal (json_object_get_string_member (s, "code"), "0101"))
            {
              found_0101 = TRUE;
              first_sub = s;
              g_assert_cmpstr (json_object_get_string_member (s, "name_zh"), ==, "暴露垃圾");
              g_assert_nonnull (json_object_get_string_member (s, "board"));
            }
        }
    }
  g_assert_true (found_0101);
  g_assert_nonnull (first_sub);
  /* Every stage of every urgency has a default limit: [value, unit]. */
  policy = json_object_get_object_member (obj (&a), "policy");
  g_assert_cmpfloat (json_object_get_double_member (policy, "yellow_used"), >, 0);
  {
    JsonObject *limits = json_object_get_object_member (policy, "limits");
    JsonArray *sign = json_object_get_array_member (json_object_get_object_member (limits, "normal"), "sign");
    g_assert_cmpuint (json_array_get_length (sign), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (sign, 1), ==, "working_hours");
    g_assert_true (json_object_has_member (limits, "emergency"));
  }
  answer_clear (&a);

  a = call ("GET", "/api/v1/dictionary", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  a = call ("GET", "/api/v1/dictionary?lang=zh", token, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_cmpstr (error_rule (&a), ==, "query");
  g_assert_nonnull (strstr (error_message (&a), "“lang”"));
  answer_clear (&a);
}

/* Pages through `resource` (cameras or workers) with small pages; returns how many there
 * were and checks that each one's `code_member` starts with `prefix`. */
static guint
page_through (const char *resource,
              const char *token,
              const char *code_member,
              const char *prefix)
{
  g_autofree char *path = NULL;
  gint64 after = 0;
  guint total = 0;

  do
    {
      Answer a;
      JsonArray *items;

      g_free (path);
      path = g_strdup_printf ("/api/v1/%s?after=%" G_GINT64_FORMAT "&limit=25", resource, after);
      a = call ("GET", path, token, NULL);
      g_assert_cmpuint (a.status, ==, 200);
      items = json_object_get_array_member (obj (&a), resource);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (item, code_member), prefix));
          g_assert_true (json_object_has_member (item, "lon"));
          g_assert_true (json_object_has_member (item, "lat"));
        }
      total += json_array_get_length (items);
      after = JSON_NODE_HOLDS_NULL (json_object_get_member (obj (&a), "next_after"))
              ? 0 : json_object_get_int_member (obj (&a), "next_after");
      if (after != 0)
        g_assert_cmpuint (json_array_get_length (items), ==, 25);
      answer_clear (&a);
    }
  while (after != 0);
  return total;
}

static void
test_cameras_in_jurisdiction (void)
{
  g_autofree char *token1 = login ("officer1", "password-1");
  g_autofree char *token_center = login ("center", "password-3");
  guint street, county;
  Answer a;

  street = page_through ("cameras", token1, "division", "500223001");
  county = page_through ("cameras", token_center, "division", "500223");
  g_assert_cmpuint (street, >, 0);
  g_assert_cmpuint (street, <, county);
  g_assert_cmpuint (county, ==, count_rows ("SELECT count(*) FROM cameras"));
  g_assert_cmpuint (street, ==, count_rows ("SELECT count(*) FROM cameras c JOIN divisions d ON d.id = c.division_id"
                                            " WHERE d.code LIKE '500223001%'"));

  a = call ("GET", "/api/v1/cameras?limit=1", token1, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  {
    JsonObject *c = json_array_get_object_element (json_object_get_array_member (obj (&a), "cameras"), 0);
    g_assert_cmpuint (strlen (json_object_get_string_member (c, "id")), ==, 20);  /* GB/T 28181 */
    g_assert_nonnull (json_object_get_string_member (c, "name"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (c, "sub_uri"), "rtsp://"));
    g_assert_true (json_object_has_member (c, "main_uri"));
    g_assert_true (json_object_has_member (c, "ptz"));
    g_assert_true (json_object_has_member (c, "heading"));
  }
  answer_clear (&a);

  a = call ("GET", "/api/v1/cameras", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  a = call ("GET", "/api/v1/cameras?limit=abc", token1, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "“limit”"));
  answer_clear (&a);
  a = call ("GET", "/api/v1/cameras?after=-3", token1, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_nonnull (strstr (error_message (&a), "“after”"));
  answer_clear (&a);
  a = call ("GET", "/api/v1/cameras?division=500223002", token1, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  g_assert_cmpstr (error_rule (&a), ==, "query");
  g_assert_nonnull (strstr (error_message (&a), "“division”"));
  answer_clear (&a);
}

static void
test_workers_in_jurisdiction (void)
{
  g_autofree char *token2 = login ("officer2", "password-2");
  g_autofree char *token_center = login ("center", "password-3");
  guint street, county;
  Answer a;

  street = page_through ("workers", token2, "grid", "500223002");
  county = page_through ("workers", token_center, "grid", "500223");
  g_assert_cmpuint (street, >, 0);
  g_assert_cmpuint (street, <, county);
  g_assert_cmpuint (county, ==, count_rows ("SELECT count(*) FROM workers"));

  a = call ("GET", "/api/v1/workers?limit=1000", token2, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&a), "workers")), ==, street);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj (&a), "next_after")));
  {
    JsonObject *w = json_array_get_object_element (json_object_get_array_member (obj (&a), "workers"), 0);
    g_assert_true (json_object_has_member (w, "on_duty"));
    g_assert_nonnull (json_object_get_string_member (w, "seen_at"));
    g_assert_nonnull (json_object_get_string_member (w, "code"));
  }
  answer_clear (&a);

  a = call ("GET", "/api/v1/workers", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  a = call ("GET", "/api/v1/workers?limit=5000", token2, NULL);
  g_assert_cmpuint (a.status, ==, 400);
  answer_clear (&a);
}

/* A department handler sees the cameras and workers of the division its department serves:
 * the county, for the county's departments. */
static void
test_department_field (void)
{
  g_autofree char *token = login ("handler1", "password-4");

  g_assert_cmpuint (page_through ("cameras", token, "division", "500223"), ==, count_rows ("SELECT count(*) FROM cameras"));
  g_assert_cmpuint (page_through ("workers", token, "grid", "500223"), ==, count_rows ("SELECT count(*) FROM workers"));
}

static void
test_attachment_round_trip (void)
{
  g_autofree char *token1 = login ("officer1", "password-1");
  g_autofree char *token2 = login ("officer2", "password-2");
  gint64 id = ticket_in ("closed", "500223001");
  g_autoptr(GBytes) photo = png_bytes (300 * 1024, 7);
  g_autofree char *list_path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments", id);
  g_autofree char *ticket_path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, id);
  g_autofree char *audit_path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/audit", id);
  g_autofree char *download = NULL, *changes = NULL, *sha = NULL;
  g_autoptr(JsonNode) created = NULL;
  gint64 attachment_id, seq_before;
  guint before = count_attachments (id, token1);
  Answer a;
  Raw r;

  g_assert_cmpint (id, >, 0);
  a = call ("GET", "/api/v1/summary", token1, NULL);
  seq_before = json_object_get_int_member (obj (&a), "last_seq");
  answer_clear (&a);

  r = upload (id, "现场 照片.png", token1, "image/png", photo);
  g_assert_cmpuint (r.status, ==, 201);
  created = raw_json (&r);
  raw_clear (&r);
  attachment_id = json_object_get_int_member (json_node_get_object (created), "id");
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "name"), ==, "现场 照片.png");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (created), "size"), ==, 300 * 1024);
  download = g_strdup (json_object_get_string_member (json_node_get_object (created), "url"));
  g_assert_cmpuint (count_attachments (id, token1), ==, before + 1);

  /* Byte for byte, with the type it was stored with. */
  r = raw_call ("GET", download, token1, NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.content_type, ==, "image/png");
  g_assert_true (g_bytes_equal (r.body, photo));
  raw_clear (&r);

  /* The ticket names it, and other seats learn of it through the change log. */
  a = call ("GET", ticket_path, token1, NULL);
  {
    JsonArray *list = json_object_get_array_member (obj (&a), "attachments");
    JsonObject *last = json_array_get_object_element (list, json_array_get_length (list) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "sha256"), ==, sha);
  }
  answer_clear (&a);
  changes = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, seq_before);
  a = call ("GET", changes, token1, NULL);
  {
    JsonArray *list = json_object_get_array_member (obj (&a), "changes");
    gboolean seen = FALSE;
    for (guint i = 0; i < json_array_get_length (list); i++)
      seen |= json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (list, i), "ticket"), "id") == id;
    g_assert_true (seen);
  }
  answer_clear (&a);
  /* …and the audit log records who attached what. */
  a = call ("GET", audit_path, token1, NULL);
  {
    JsonArray *log = json_node_get_array (a.json);
    JsonObject *last = json_array_get_object_element (log, json_array_get_length (log) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "attach");
    g_assert_cmpstr (json_object_get_string_member (last, "actor"), ==, "梓潼值班员");
  }
  answer_clear (&a);

  /* Sent again after a lost answer: the same attachment, not a second one. */
  r = upload (id, "现场 照片.png", token1, "image/png", photo);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) again = raw_json (&r);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "id"), ==, attachment_id);
  }
  raw_clear (&r);
  g_assert_cmpuint (count_attachments (id, token1), ==, before + 1);

  /* Another street's officer: the ticket and its attachments read as absent. */
  a = call ("GET", list_path, token2, NULL);
  g_assert_cmpuint (a.status, ==, 404);
  answer_clear (&a);
  r = raw_call ("GET", download, token2, NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 404);
  g_assert_false (g_bytes_equal (r.body, photo));
  raw_clear (&r);
  {
    g_autoptr(GBytes) other = png_bytes (1000, 8);
    r = upload (id, "b.png", token2, "image/png", other);
    g_assert_cmpuint (r.status, ==, 404);
    raw_clear (&r);
  }
  g_assert_cmpuint (count_attachments (id, token1), ==, before + 1);

  /* Unknown ids, and no token. */
  a = call ("GET", "/api/v1/attachments/987654321", token1, NULL);
  g_assert_cmpuint (a.status, ==, 404);
  answer_clear (&a);
  r = upload (987654321, "a.png", token1, "image/png", photo);
  g_assert_cmpuint (r.status, ==, 404);
  raw_clear (&r);
  a = call ("GET", download, NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  a = call ("GET", list_path, NULL, NULL);
  g_assert_cmpuint (a.status, ==, 401);
  answer_clear (&a);
  r = upload (id, "a.png", NULL, "image/png", photo);
  g_assert_cmpuint (r.status, ==, 401);
  raw_clear (&r);
}

static void
test_attachment_refused (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  gint64 id = ticket_in ("closed", "500223001");
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00 };
  g_autoptr(GBytes) jpeg_bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a picture at all", 20);
  g_autoptr(GBytes) png = png_bytes (2048, 9);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  gint64 blobs = count_rows ("SELECT count(*) FROM blobs");
  guint before = count_attachments (id, token);
  g_autofree char *path = NULL;
  Answer a;
  Raw r;

  /* Bytes that are not what the Content-Type says. */
  r = upload (id, "a.png", token, "image/png", jpeg_bytes);
  g_assert_cmpuint (r.status, ==, 415);
  {
    g_autoptr(JsonNode) e = raw_json (&r);
    const char *message = json_object_get_string_member (json_object_get_object_member (json_node_get_object (e), "error"), "message");
    g_assert_nonnull (strstr (message, "not image/png"));
    g_assert_nonnull (strstr (message, "image/jpeg"));
  }
  raw_clear (&r);
  r = upload (id, "a.pdf", token, "application/pdf", text);
  g_assert_cmpuint (r.status, ==, 415);
  raw_clear (&r);
  /* A type that is not accepted at all, whatever the bytes. */
  r = upload (id, "a.txt", token, "text/plain", text);
  g_assert_cmpuint (r.status, ==, 415);
  raw_clear (&r);
  r = upload (id, "a.gif", token, "image/gif", png);
  g_assert_cmpuint (r.status, ==, 415);
  raw_clear (&r);
  /* Names and parameters. */
  r = upload (id, "../etc/passwd", token, "image/png", png);
  g_assert_cmpuint (r.status, ==, 400);
  raw_clear (&r);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments", id);
  r = raw_call ("POST", path, token, "image/png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_assert_cmpuint (r.status, ==, 400);
  raw_clear (&r);
  g_free (path);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments?name=a.png&kind=photo", id);
  r = raw_call ("POST", path, token, "image/png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_assert_cmpuint (r.status, ==, 400);
  {
    g_autoptr(JsonNode) e = raw_json (&r);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (e), "error"), "message"), "“kind”"));
  }
  raw_clear (&r);
  r = upload (id, "empty.png", token, "image/png", empty);
  g_assert_cmpuint (r.status, ==, 400);
  raw_clear (&r);

  /* Nothing of it was kept. */
  g_assert_cmpuint (count_attachments (id, token), ==, before);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM blobs"), ==, blobs);
  a = call ("GET", "/ping", NULL, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
}

static void
test_attachment_size_limits (void)
{
  g_autofree char *token = login ("officer1", "password-1");
  gint64 id = ticket_in ("closed", "500223001");
  g_autoptr(GBytes) too_large = png_bytes (GW_ATTACHMENT_MAX_SIZE + 1, 10);
  g_autoptr(GBytes) largest = png_bytes (GW_ATTACHMENT_MAX_SIZE, 11);
  g_autoptr(GBytes) two_mib = png_bytes (2 * 1024 * 1024, 12);
  gint64 blobs = count_rows ("SELECT count(*) FROM blobs");
  guint before = count_attachments (id, token);
  g_autofree char *path = NULL;
  Raw r;

  /* One byte over 8 MiB: refused before it is read, nothing stored. */
  r = upload (id, "big.png", token, "image/png", too_large);
  g_assert_cmpuint (r.status, ==, 413);
  raw_clear (&r);
  g_assert_cmpuint (count_attachments (id, token), ==, before);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM blobs"), ==, blobs);

  /* 8 MiB exactly is an attachment. */
  r = upload (id, "largest.png", token, "image/png", largest);
  g_assert_cmpuint (r.status, ==, 201);
  raw_clear (&r);
  g_assert_cmpuint (count_attachments (id, token), ==, before + 1);

  /* Every other route keeps its 1 MiB: a JSON route, a ticket's own path, Open311. */
  r = raw_call ("POST", "/api/v1/commands", token, "application/json",
                g_bytes_get_data (two_mib, NULL), g_bytes_get_size (two_mib));
  g_assert_cmpuint (r.status, ==, 413);
  raw_clear (&r);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, id);
  r = raw_call ("POST", path, token, "image/png", g_bytes_get_data (two_mib, NULL), g_bytes_get_size (two_mib));
  g_assert_cmpuint (r.status, ==, 413);
  raw_clear (&r);
  g_free (path);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments/extra?name=a.png", id);
  r = raw_call ("POST", path, token, "image/png", g_bytes_get_data (two_mib, NULL), g_bytes_get_size (two_mib));
  g_assert_cmpuint (r.status, ==, 413);
  raw_clear (&r);
  r = raw_call ("POST", "/open311/v2/requests.json", NULL, "application/x-www-form-urlencoded",
                g_bytes_get_data (two_mib, NULL), g_bytes_get_size (two_mib));
  g_assert_cmpuint (r.status, ==, 413);
  raw_clear (&r);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-server-XXXXXX", NULL);
  setup_database ();
  start_server ();
  session = soup_session_new ();
  g_test_add_func ("/server/auth", test_auth);
  g_test_add_func ("/server/pages-in-jurisdiction", test_pages_in_jurisdiction);
  g_test_add_func ("/server/bad-input", test_bad_input);
  g_test_add_func ("/server/jurisdiction", test_jurisdiction);
  g_test_add_func ("/server/idempotent-commands", test_idempotent_commands);
  g_test_add_func ("/server/report-command", test_report_command);
  g_test_add_func ("/server/live-feed", test_live_feed);
  g_test_add_func ("/server/dictionary", test_dictionary);
  g_test_add_func ("/server/cameras-in-jurisdiction", test_cameras_in_jurisdiction);
  g_test_add_func ("/server/workers-in-jurisdiction", test_workers_in_jurisdiction);
  g_test_add_func ("/server/department-field", test_department_field);
  g_test_add_func ("/server/attachment-round-trip", test_attachment_round_trip);
  g_test_add_func ("/server/attachment-refused", test_attachment_refused);
  g_test_add_func ("/server/attachment-size-limits", test_attachment_size_limits);
  /* Last: it locks this client's address out of sign-ins for a minute. */
  g_test_add_func ("/server/login-throttle", test_login_throttle);
  ret = g_test_run ();
  g_object_unref (session);
  stop_server ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  return ret;
}
