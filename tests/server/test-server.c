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
  g_test_add_func ("/server/live-feed", test_live_feed);
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
