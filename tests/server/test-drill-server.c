/* gridwatchd --drill as a drill's controller and seats meet it: a real server process on
 * 127.0.0.1 serving a copy of a real small demo county, a scenario written here, libsoup
 * clients. The county's file must come out of it byte for byte as it went in. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-demo.h"
#include "gw-drill.h"
#include "gw-test-server.h"

#define NOW      1795276800     /* 2026-11-22T00:00:00+08:00: the county's history ends here */
#define START    (NOW + 3600)   /* the drill's first instant */
#define STREET   "500223001"
#define PATIENCE 20

static char *tmpdir;
static char *county_path;
static char *county_sha256;
static char *scenario_path;
static char *drill_path;
static char *grid_code;
static GwTestServer server;
static SoupSession *session;

/* HTTP ---------------------------------------------------------------------------------- */

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
call_bytes (const char *method,
            const char *path,
            const char *token,
            const char *content_type,
            GBytes     *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", server.port, path);
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
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  a.status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) && json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                              g_bytes_get_size (bytes), NULL))
    a.json = json_node_ref (json_parser_get_root (parser));
  return a;
}

static Answer
call (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return call_bytes (method, path, token, "application/json", bytes);
}

static JsonObject *
obj (Answer *a)
{
  g_assert_nonnull (a->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (a->json));
  return json_node_get_object (a->json);
}

static const char *
error_rule (Answer *a)
{
  JsonObject *e = json_object_get_object_member (obj (a), "error");
  return json_object_get_string_member_with_default (e, "rule", "");
}

/* Expects `status` (and, when not NULL, the error's rule). */
static void
expect (const char *method,
        const char *path,
        const char *token,
        const char *body,
        guint       status,
        const char *rule)
{
  Answer a = call (method, path, token, body);

  if (a.status != status)
    g_error ("%s %s %s: %u, expected %u", method, path, body ? body : "", a.status, status);
  if (rule)
    g_assert_cmpstr (error_rule (&a), ==, rule);
  answer_clear (&a);
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

static JsonObject *
state_of (Answer *a)
{
  g_assert_cmpuint (a->status, ==, 200);
  return obj (a);
}

static const char *
state_name (JsonObject *state)
{
  return json_object_get_string_member (state, "state");
}

static gint64
clock_now (JsonObject *state)
{
  return json_object_get_int_member (json_object_get_object_member (state, "clock"), "now_unix");
}

static void
run_for (guint ms)
{
  g_usleep (ms * 1000);
}

/* The county and the scenario ------------------------------------------------------------ */

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static char *
first_text (const char *path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
first_int (const char *path,
           const char *sql)
{
  g_autofree char *text = first_text (path, sql);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static void
setup_county (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;

  county_path = g_build_filename (tmpdir, "county.db", NULL);
  db = gw_db_open (county_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 7, NOW, NULL, NULL, &error));
  /* A user of the county: it exists in the copy too. */
  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER, STREET, NULL,
                                       "password-1", &error));
  g_assert_no_error (error);
  /* Everything in the main file: its bytes are what the drill must leave alone. */
  g_assert_true (gw_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_clear_pointer (&db, gw_db_free);
  county_sha256 = file_sha256 (county_path);
  grid_code = first_text (county_path, "SELECT code FROM divisions WHERE level = 'grid' AND code LIKE '" STREET "%'"
                                       " ORDER BY code LIMIT 1");
  g_assert_nonnull (grid_code);
}

static void
write_scenario (void)
{
  g_autofree char *text = g_strdup_printf (
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"test-drill\",\n"
    "  \"title\": {\"en\": \"Test drill\", \"zh_CN\": \"测试演练\"},\n"
    "  \"profile\": \"small\",\n"
    "  \"seed\": 7,\n"
    "  \"start\": \"2026-11-22T01:00:00+08:00\",\n"
    "  \"speed\": 60,\n"
    "  \"duration\": \"4h\",\n"
    "  \"seats\": [\n"
    "    {\"id\": \"commander\", \"role\": \"commander\", \"password\": \"command-pass\"},\n"
    "    {\"id\": \"street\", \"role\": \"street_officer\", \"division\": \"" STREET "\"}\n"
    "  ],\n"
    "  \"world\": {\"verify_after\": \"never\", \"sign_after\": \"never\", \"report_in_after\": \"never\",\n"
    "             \"report_back_after\": \"never\", \"evaluate_after\": \"never\"},\n"
    "  \"injections\": [\n"
    "    {\"id\": \"r1\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"河堤边暴露垃圾\", \"en\": \"Rubbish on the levee\"},\n"
    "     \"source\": \"hotline\", \"urgency\": \"normal\"},\n"
    "    {\"id\": \"n1\", \"at\": \"2m\", \"kind\": \"note\",\n"
    "     \"text\": {\"zh_CN\": \"县防指来电\", \"en\": \"The county flood HQ calls\"}},\n"
    "    {\"id\": \"r2\", \"at\": \"20m\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"路边垃圾\", \"en\": \"Rubbish by the road\"}},\n"
    "    {\"id\": \"r3\", \"at\": \"3h\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\",\n"
    "     \"description\": {\"zh_CN\": \"又一处垃圾\", \"en\": \"More rubbish\"}}\n"
    "  ],\n"
    "  \"expectations\": [\n"
    "    {\"id\": \"e1\", \"kind\": \"screened_within\", \"ticket\": \"r1\", \"within\": \"30m\"}\n"
    "  ]\n"
    "}\n", grid_code, grid_code, grid_code);

  scenario_path = g_build_filename (tmpdir, "scenario.json", NULL);
  g_assert_true (g_file_set_contents (scenario_path, text, -1, NULL));
}

static void
start_drill_server (void)
{
  const char *extra[] = { "--drill", scenario_path, "--drill-db", drill_path, NULL };

  gw_test_server_start (&server, county_path, 0, extra);
}

/* Tests ---------------------------------------------------------------------------------- */

static char *commander;   /* tokens */
static char *street;

/* The server serves the copy: marked as the drill's, the county's users and tickets in it,
 * the seats' accounts made. */
static void
test_copy (void)
{
  g_autofree char *scenario = NULL, *run = NULL;
  Answer a;

  g_assert_true (g_file_test (drill_path, G_FILE_TEST_EXISTS));
  scenario = first_text (drill_path, "SELECT value FROM meta WHERE key = '" GW_DRILL_META_SCENARIO "'");
  g_assert_cmpstr (scenario, ==, "test-drill");
  run = first_text (drill_path, "SELECT value FROM meta WHERE key = 'drill.run'");
  g_assert_nonnull (run);
  g_assert_cmpint (first_int (drill_path, "SELECT count(*) FROM tickets"), ==,
                   first_int (county_path, "SELECT count(*) FROM tickets"));
  g_assert_cmpint (first_int (county_path, "SELECT count(*) FROM meta WHERE key LIKE 'drill.%'"), ==, 0);

  commander = login ("drill-commander", "command-pass");
  /* The scenario's default password, shorter than a real account's may be. */
  street = login ("drill-street", "drill");
  g_free (login ("officer1", "password-1"));

  a = call ("GET", "/api/v1/summary", street, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
}

static void
test_state (void)
{
  Answer a = call ("GET", "/api/v1/drill", street, NULL);
  JsonObject *s = state_of (&a);
  JsonObject *scenario = json_object_get_object_member (s, "scenario");
  JsonObject *title = json_object_get_object_member (scenario, "title");
  JsonObject *clock = json_object_get_object_member (s, "clock");
  JsonObject *injections = json_object_get_object_member (s, "injections");
  JsonObject *next = json_object_get_object_member (injections, "next");
  JsonArray *seats = json_object_get_array_member (s, "seats");

  g_assert_cmpstr (json_object_get_string_member (scenario, "id"), ==, "test-drill");
  g_assert_cmpstr (json_object_get_string_member (title, "en"), ==, "Test drill");
  g_assert_cmpstr (json_object_get_string_member (title, "zh_CN"), ==, "测试演练");
  g_assert_cmpstr (state_name (s), ==, "ready");
  g_assert_cmpint (json_object_get_int_member (clock, "now_unix"), ==, START);
  g_assert_cmpstr (json_object_get_string_member (clock, "now"), ==, "2026-11-22T01:00:00+08:00");
  g_assert_cmpfloat (json_object_get_double_member (clock, "rate"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (injections, "applied"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (injections, "total"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (next, "id"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (next, "kind"), ==, "report");
  g_assert_cmpstr (json_object_get_string_member (next, "at"), ==, "2026-11-22T01:01:00+08:00");
  g_assert_cmpuint (json_array_get_length (seats), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (seats, 1), "username"), ==,
                   "drill-street");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "dropped")), ==, 0);
  answer_clear (&a);

  /* Signed in or nothing; a query it does not take is refused. */
  expect ("GET", "/api/v1/drill", NULL, NULL, 401, NULL);
  expect ("GET", "/api/v1/drill?x=1", street, NULL, 400, "query");
  expect ("GET", "/api/v1/drill/nothing", street, NULL, 404, NULL);
  expect ("GET", "/api/v1/drill/start", commander, NULL, 405, NULL);
  expect ("POST", "/api/v1/drill/log", commander, "{}", 405, NULL);
}

static void
test_commands (void)
{
  g_autofree char *big = NULL;
  g_autoptr(GBytes) big_bytes = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  Answer a;
  JsonObject *s;
  gint64 before;

  /* Only a commander or the district center runs the drill. */
  expect ("POST", "/api/v1/drill/start", street, "{}", 403, "wrong_role");
  expect ("POST", "/api/v1/drill/speed", street, "{\"speed\": 10}", 403, "wrong_role");
  /* Not possible now. */
  expect ("POST", "/api/v1/drill/pause", commander, "{}", 409, "wrong_state");
  expect ("POST", "/api/v1/drill/next", commander, "{}", 409, "wrong_state");
  /* Bad bodies. */
  expect ("POST", "/api/v1/drill/start", commander, "{\"now\": true}", 400, "json");
  expect ("POST", "/api/v1/drill/start", commander, "[1,", 400, "json");
  expect ("POST", "/api/v1/drill/speed", commander, "{}", 400, "json");
  expect ("POST", "/api/v1/drill/speed", commander, "{\"speed\": \"fast\"}", 400, "json");
  expect ("POST", "/api/v1/drill/speed", commander, "{\"speed\": 0}", 400, "json");
  expect ("POST", "/api/v1/drill/speed", commander, "{\"speed\": 61}", 400, "json");
  expect ("POST", "/api/v1/drill/speed", commander, "{\"speed\": 10, \"also\": 1}", 400, "json");
  big = g_strnfill (300 * 1024, ' ');
  memcpy (big, "{\"speed\": 10}", 13);
  big_bytes = g_bytes_new (big, strlen (big));
  a = call_bytes ("POST", "/api/v1/drill/speed", commander, "application/json", big_bytes);
  g_assert_cmpuint (a.status, ==, 413);
  answer_clear (&a);
  text_bytes = g_bytes_new_static ("{\"speed\": 10}", 13);
  a = call_bytes ("POST", "/api/v1/drill/speed", commander, "text/plain", text_bytes);
  g_assert_cmpuint (a.status, ==, 415);
  answer_clear (&a);
  /* Nothing of that changed the drill. */
  a = call ("GET", "/api/v1/drill", commander, NULL);
  s = state_of (&a);
  g_assert_cmpstr (state_name (s), ==, "ready");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (s, "clock"), "speed"), ==, 60);
  answer_clear (&a);

  /* Started at 10× (the speed set while ready). */
  a = call ("POST", "/api/v1/drill/speed", commander, "{\"speed\": 10}");
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
  a = call ("POST", "/api/v1/drill/start", commander, NULL);
  s = state_of (&a);
  g_assert_cmpstr (state_name (s), ==, "running");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (s, "clock"), "rate"), ==, 10);
  answer_clear (&a);
  expect ("POST", "/api/v1/drill/start", commander, "{}", 409, "wrong_state");

  /* r1 falls due a scenario minute after the start: 6 s at 10×. */
  a = call ("POST", "/api/v1/drill/speed", commander, "{\"speed\": 60}");
  g_assert_cmpuint (a.status, ==, 200);
  answer_clear (&a);
  {
    gint64 deadline = g_get_monotonic_time () + PATIENCE * G_USEC_PER_SEC;
    gint64 applied = 0;

    while (applied < 2)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        run_for (50);
        a = call ("GET", "/api/v1/drill", commander, NULL);
        applied = json_object_get_int_member (json_object_get_object_member (state_of (&a), "injections"), "applied");
        answer_clear (&a);
      }
  }

  a = call ("POST", "/api/v1/drill/pause", commander, "{}");
  s = state_of (&a);
  g_assert_cmpstr (state_name (s), ==, "paused");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (s, "clock"), "rate"), ==, 0);
  before = clock_now (s);
  answer_clear (&a);
  run_for (300);
  a = call ("GET", "/api/v1/drill", commander, NULL);
  g_assert_cmpint (clock_now (state_of (&a)), ==, before);
  answer_clear (&a);

  /* Next: the clock jumps to r2's instant. */
  a = call ("POST", "/api/v1/drill/next", commander, "{}");
  s = state_of (&a);
  g_assert_cmpint (clock_now (s), >=, START + 20 * 60);
  answer_clear (&a);
}

static void
test_inject (void)
{
  g_autofree char *report = g_strdup_printf (
    "{\"id\": \"adhoc-1\", \"kind\": \"report\", \"category\": \"0101\", \"grid\": \"%s\","
    " \"description\": {\"zh_CN\": \"临时加一件\", \"en\": \"One more\"}}", grid_code);
  g_autofree char *path = NULL;
  gint64 ticket_id;
  Answer a;

  expect ("POST", "/api/v1/drill/inject", street, report, 403, "wrong_role");
  expect ("POST", "/api/v1/drill/inject", commander, "{\"id\": \"x\", \"kind\": \"flood\"}", 400, "invalid");
  expect ("POST", "/api/v1/drill/inject", commander, "{\"id\": \"x\", \"kind\": \"report\"}", 400, "invalid");
  expect ("POST", "/api/v1/drill/inject", commander, NULL, 400, "json");

  a = call ("POST", "/api/v1/drill/inject", commander, report);
  g_assert_cmpuint (a.status, ==, 201);
  ticket_id = json_object_get_int_member (obj (&a), "ticket_id");
  g_assert_cmpint (ticket_id, >, 0);
  answer_clear (&a);
  /* The ticket is the drill's: in the copy, read by the street's seat. */
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, ticket_id);
  a = call ("GET", path, street, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "description"), ==, "临时加一件");
  answer_clear (&a);

  a = call ("POST", "/api/v1/drill/inject", commander,
            "{\"id\": \"note-2\", \"kind\": \"note\", \"text\": {\"en\": \"A rumour\"}}");
  g_assert_cmpuint (a.status, ==, 201);
  g_assert_true (json_object_get_null_member (obj (&a), "ticket_id"));
  answer_clear (&a);
}

static gint64 wall_ticket;

static void
test_events (void)
{
  g_autofree char *body = NULL, *outside = NULL;
  gint64 other;
  Answer a;

  wall_ticket = first_int (drill_path, "SELECT ticket_id FROM drill_log WHERE ref = 'r1' AND kind = 'injection'");
  if (wall_ticket <= 0)
    wall_ticket = first_int (drill_path, "SELECT ticket_id FROM drill_log WHERE ticket_id > 0 ORDER BY id LIMIT 1");
  g_assert_cmpint (wall_ticket, >, 0);
  other = first_int (drill_path, "SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.street_id"
                                 " WHERE d.code <> '" STREET "' ORDER BY t.id LIMIT 1");
  g_assert_cmpint (other, >, 0);

  body = g_strdup_printf ("{\"kind\": \"wall\", \"ticket_id\": %" G_GINT64_FORMAT ", \"cameras\": [\"50022300001320000005\"]}",
                          wall_ticket);
  a = call ("POST", "/api/v1/drill/events", street, body);
  g_assert_cmpuint (a.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "kind"), ==, "seat");
  g_assert_cmpstr (json_object_get_string_member (obj (&a), "actor"), ==, "drill-street");
  answer_clear (&a);

  expect ("POST", "/api/v1/drill/events", street, "{\"kind\": \"map\", \"ticket_id\": 1, \"cameras\": [\"a\"]}", 400, "json");
  expect ("POST", "/api/v1/drill/events", street, "{\"kind\": \"wall\", \"ticket_id\": 1, \"cameras\": []}", 400, "json");
  expect ("POST", "/api/v1/drill/events", street, "{\"kind\": \"wall\", \"ticket_id\": 1, \"cameras\": [\"a b\"]}", 400, "json");
  expect ("POST", "/api/v1/drill/events", street, "{\"kind\": \"wall\", \"ticket_id\": 1}", 400, "json");
  /* A ticket outside the seat's street is as absent as none. */
  outside = g_strdup_printf ("{\"kind\": \"wall\", \"ticket_id\": %" G_GINT64_FORMAT ", \"cameras\": [\"c1\"]}", other);
  expect ("POST", "/api/v1/drill/events", street, outside, 404, NULL);
}

static void
test_log (void)
{
  Answer a = call ("GET", "/api/v1/drill/log?after=0", street, NULL);
  JsonArray *events = json_object_get_array_member (obj (&a), "events");
  gboolean start = FALSE, injection = FALSE, seat = FALSE, adhoc = FALSE;
  gint64 first_id = 0, n = json_array_get_length (events);

  g_assert_cmpuint (a.status, ==, 200);
  g_assert_true (json_object_get_null_member (obj (&a), "next_after"));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *kind = json_object_get_string_member (e, "kind");
      const char *ref = json_object_get_string_member_with_default (e, "ref", "");

      if (i == 0)
        first_id = json_object_get_int_member (e, "id");
      if (g_str_equal (kind, "control") && g_str_equal (ref, "start"))
        {
          start = TRUE;
          g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, "drill-commander");
        }
      if (g_str_equal (kind, "injection") && g_str_equal (ref, "r1"))
        {
          injection = TRUE;
          g_assert_cmpint (json_object_get_int_member (e, "ticket_id"), >, 0);
          g_assert_cmpint (json_object_get_int_member (e, "lag_ms"), >=, 0);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (e, "payload")));
        }
      if (g_str_equal (kind, "injection") && g_str_equal (ref, "adhoc-1"))
        adhoc = TRUE;
      if (g_str_equal (kind, "seat") && g_str_equal (ref, "wall"))
        {
          seat = TRUE;
          g_assert_cmpint (json_object_get_int_member (e, "ticket_id"), ==, wall_ticket);
        }
    }
  g_assert_true (start && injection && seat && adhoc);
  answer_clear (&a);

  /* Pages. */
  a = call ("GET", "/api/v1/drill/log?after=0&limit=1", street, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&a), "events")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (obj (&a), "next_after"), ==, first_id);
  answer_clear (&a);
  expect ("GET", "/api/v1/drill/log?limit=0", street, NULL, 400, "query");
  expect ("GET", "/api/v1/drill/log?since=3", street, NULL, 400, "query");
}

/* A network drop cuts the street's seat off for its duration: every request, its sign-in
 * too, is refused; afterwards it is served again. */
static void
test_network_drop (void)
{
  gint64 deadline;
  Answer a;

  a = call ("POST", "/api/v1/drill/start", commander, "{}");
  g_assert_cmpstr (state_name (state_of (&a)), ==, "running");
  answer_clear (&a);
  a = call ("POST", "/api/v1/drill/inject", commander,
            "{\"id\": \"drop-1\", \"kind\": \"network_drop\", \"seat\": \"street\", \"duration\": \"2m\"}");
  g_assert_cmpuint (a.status, ==, 201);
  answer_clear (&a);

  expect ("GET", "/api/v1/summary", street, NULL, 503, "network_drop");
  expect ("GET", "/api/v1/drill", street, NULL, 503, "network_drop");
  expect ("POST", "/api/v1/session", NULL, "{\"username\":\"drill-street\",\"password\":\"drill\"}", 503,
          "network_drop");
  /* Others are served. */
  a = call ("GET", "/api/v1/drill", commander, NULL);
  g_assert_cmpstr (json_node_get_string (json_array_get_element (json_object_get_array_member (state_of (&a), "dropped"), 0)),
                   ==, "drill-street");
  answer_clear (&a);

  /* Two scenario minutes at 60×: two seconds. */
  deadline = g_get_monotonic_time () + PATIENCE * G_USEC_PER_SEC;
  for (;;)
    {
      a = call ("GET", "/api/v1/summary", street, NULL);
      if (a.status == 200)
        break;
      g_assert_cmpuint (a.status, ==, 503);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      answer_clear (&a);
      run_for (100);
    }
  answer_clear (&a);
  a = call ("GET", "/api/v1/drill", commander, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state_of (&a), "dropped")), ==, 0);
  answer_clear (&a);
}

static void
test_end (void)
{
  Answer a = call ("POST", "/api/v1/drill/end", commander, "{}");

  g_assert_cmpstr (state_name (state_of (&a)), ==, "ended");
  answer_clear (&a);
  expect ("POST", "/api/v1/drill/start", commander, "{}", 409, "wrong_state");
  expect ("POST", "/api/v1/drill/end", commander, "{}", 409, "wrong_state");
  expect ("POST", "/api/v1/drill/inject", commander, "{\"id\": \"late\", \"kind\": \"note\", \"text\": {\"en\": \"x\"}}",
          409, "wrong_state");

  /* The score of the ended drill: nobody screened r1. */
  a = call ("GET", "/api/v1/drill/score", street, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&a), "expectations")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (obj (&a), "expectations"), 0),
                                                  "outcome"), ==, "missed");
  g_assert_cmpfloat (json_object_get_double_member (obj (&a), "total"), ==, 0);
  answer_clear (&a);
  expect ("GET", "/api/v1/drill/score?x=1", street, NULL, 400, "query");
}

/* The county is exactly as it was, after a drill with injections on its copy. */
static void
test_county_untouched (void)
{
  g_autofree char *after = NULL;

  gw_test_server_stop (&server, SIGTERM);
  after = file_sha256 (county_path);
  g_assert_cmpstr (after, ==, county_sha256);
  /* … and the copy holds what the drill did. */
  g_assert_cmpint (first_int (drill_path, "SELECT count(*) FROM tickets"), >,
                   first_int (county_path, "SELECT count(*) FROM tickets"));
}

/* A real server has no drill. */
static void
test_not_drill (void)
{
  g_autofree char *copy = g_build_filename (tmpdir, "real.db", NULL);
  g_autofree char *token = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (county_path);
  g_autoptr(GFile) to = g_file_new_for_path (copy);
  Answer a;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  gw_test_server_start (&server, copy, 0, NULL);
  token = login ("officer1", "password-1");
  a = call ("GET", "/api/v1/drill", token, NULL);
  g_assert_cmpuint (a.status, ==, 404);
  g_assert_cmpstr (error_rule (&a), ==, "not_drill");
  answer_clear (&a);
  expect ("POST", "/api/v1/drill/start", token, "{}", 404, "not_drill");
  gw_test_server_stop (&server, SIGTERM);
}

/* A scenario the server refuses: it says why and does not start. */
static void
test_bad_scenario (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "bad.json", NULL);
  g_autofree char *bad_db = g_build_filename (tmpdir, "bad-drill.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("GW_SERVER_BIN"), "--db", county_path, "--drill", bad, "--drill-db", bad_db,
                         "--listen", "127.0.0.1:0", NULL };

  g_assert_true (g_file_set_contents (bad, "{\"id\": \"x\"}", -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "gridwatchd: "));
  g_assert_false (g_file_test (bad_db, G_FILE_TEST_EXISTS));

  /* Nor may the copy be the county itself. */
  argv[4] = scenario_path;
  argv[6] = county_path;
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (file_sha256 (county_path), ==, county_sha256);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *f = g_build_filename (dir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-drill-server-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  drill_path = g_build_filename (tmpdir, "drill.db", NULL);
  session = soup_session_new ();
  setup_county ();
  write_scenario ();
  start_drill_server ();

  g_test_add_func ("/drill-server/copy", test_copy);
  g_test_add_func ("/drill-server/state", test_state);
  g_test_add_func ("/drill-server/commands", test_commands);
  g_test_add_func ("/drill-server/inject", test_inject);
  g_test_add_func ("/drill-server/events", test_events);
  g_test_add_func ("/drill-server/log", test_log);
  g_test_add_func ("/drill-server/network-drop", test_network_drop);
  g_test_add_func ("/drill-server/end", test_end);
  g_test_add_func ("/drill-server/county-untouched", test_county_untouched);
  g_test_add_func ("/drill-server/not-drill", test_not_drill);
  g_test_add_func ("/drill-server/bad-scenario", test_bad_scenario);
  result = g_test_run ();

  gw_test_server_stop (&server, SIGTERM);
  g_object_unref (session);
  remove_dir (tmpdir);
  return result;
}
