/* gridwatchctl as a user runs it: real processes, real files. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static char *tmpdir;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

static Run
run (const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run r = { 0, };
  va_list ap;
  int wait_status;

  g_ptr_array_add (args, (gpointer) g_getenv ("GW_CTL_BIN"));
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

static JsonObject *
stats_json (const char *db,
            JsonParser *parser)
{
  Run r = run ("stats", "--db", db, "--json", "--now", "2026-11-22T00:00:00+08:00", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
  run_clear (&r);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_demo_and_stats (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "demo.db", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *div, *tickets;
  Run r;

  r = run ("demo", "--db", db, "--profile", "small", "--seed", "9", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  o = stats_json (db, parser);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "county"), "code"), ==, "500223");
  div = json_object_get_object_member (o, "divisions");
  g_assert_cmpint (json_object_get_int_member (div, "street"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (div, "grid"), ==, 64);
  tickets = json_object_get_object_member (o, "tickets");
  g_assert_cmpint (json_object_get_int_member (tickets, "total"), ==, 4000);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (tickets, "by_state"), "closed"), >, 3000);
  g_assert_cmpint (json_object_get_int_member (o, "cameras"), ==, 400);

  /* Text form names levels and states. */
  r = run ("stats", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "潼南区 500223"));
  g_assert_nonnull (strstr (r.out, "microgrid"));
  run_clear (&r);

  /* A second demo into the same file is refused. */
  r = run ("demo", "--db", db, "--profile", "small", "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "already holds data"));
  run_clear (&r);

  /* A bad division file names the problem and changes nothing. */
  {
    g_autofree char *bad = g_build_filename (tmpdir, "bad.geojson", NULL);
    g_autoptr(JsonParser) p2 = json_parser_new ();
    JsonObject *o2;

    g_assert_true (g_file_set_contents (bad,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"500223001999\","
        "\"properties\":{\"name\":\"新社区\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.7,30.1],[105.8,30.1],[105.8,30.2]]]}},"
        "{\"type\":\"Feature\",\"id\":\"500223001998\",\"properties\":{\"name\":\"又一个\"},\"geometry\":null}]}", -1, NULL));
    r = run ("import-divisions", "--db", db, bad, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "Feature 1 (code 500223001998): the feature has no geometry"));
    g_assert_nonnull (strstr (r.err, "the database is unchanged"));
    run_clear (&r);
    o2 = stats_json (db, p2);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o2, "divisions"), "community"), ==,
                     json_object_get_int_member (div, "community"));
  }
}

static void
test_import_export (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "cq.db", NULL);
  g_autofree char *cq = g_test_build_filename (G_TEST_DIST, "data", "chongqing-districts.geojson", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "cams.csv", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "out.geojson", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Run r;

  r = run ("import-divisions", "--db", db, cq, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Imported 40 records"));
  run_clear (&r);

  g_assert_true (g_file_set_contents (csv,
      "id,name,lon,lat\n50022300001320000001,大佛寺,105.80,30.19\n", -1, NULL));
  r = run ("import-cameras", "--db", db, csv, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  r = run ("export", "--db", db, "divisions", "--output", out, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      json_node_get_object (json_parser_get_root (parser)), "features")), ==, 40);

  r = run ("export", "--db", db, "cameras", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "50022300001320000001,大佛寺"));
  run_clear (&r);
}

static void
test_audit_verify (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "audit.db", NULL);
  g_autofree char *cmd = NULL;
  sqlite3 *h;
  Run r;

  r = run ("demo", "--db", db, "--profile", "small", "--seed", "2", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run ("audit", "verify", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "The audit log is intact"));
  run_clear (&r);

  /* Someone edits history behind the triggers' back. */
  g_assert_cmpint (sqlite3_open (db, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "DROP TRIGGER audit_no_update;"
                                    "UPDATE audit SET reason = 'nothing happened' WHERE id = 3",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  r = run ("audit", "verify", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "entry 3 does not match"));
  run_clear (&r);
}

static void
test_figures (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "figures.db", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *closure, *satisfaction;
  Run r;

  r = run ("demo", "--db", db, "--profile", "small", "--seed", "4", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run ("figures", "--db", db, "--from", "2026-09-01", "--to", "2026-11-01", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
  run_clear (&r);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-09-01T00:00:00+08:00");
  closure = json_object_get_object_member (o, "closure_rate");
  /* The closure rate's denominator is what was reported and not rejected. */
  g_assert_cmpint (json_object_get_int_member (closure, "denominator"), ==,
                   json_object_get_int_member (o, "reported") - json_object_get_int_member (o, "rejected"));
  g_assert_cmpint (json_object_get_int_member (closure, "numerator"), ==, json_object_get_int_member (o, "closed"));
  satisfaction = json_object_get_object_member (o, "satisfaction_rate");
  g_assert_cmpint (json_object_get_int_member (satisfaction, "denominator"), ==, json_object_get_int_member (o, "evaluated"));
  g_assert_cmpint (json_object_get_int_member (o, "reported"), >, 500);

  r = run ("figures", "--db", db, "--division", "999", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "999"));
  run_clear (&r);
  r = run ("figures", "--db", db, "--from", "yesterday", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

/* gridwatchctl with text on its standard input (a password, never on the command line). */
static Run
run_with_input (const char *input,
                const char *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  Run r = { 0, };
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("GW_CTL_BIN"));
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  /* The input from a file, not a pipe: a command that refuses before reading it must not
   * turn into a broken pipe on our side. */
  input_path = g_build_filename (tmpdir, "stdin.txt", NULL);
  g_assert_true (g_file_set_contents (input_path, input, -1, &error));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error));
  g_assert_no_error (error);
  g_unlink (input_path);
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return r;
}

static void
test_users (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "users.db", NULL);
  Run r;

  r = run ("demo", "--db", db, "--profile", "small", "--seed", "3", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  r = run_with_input ("correct horse battery\n", "user", "add", "--db", db, "--username", "zhangsan",
                      "--name", "张三", "--role", "street_officer", "--division", "500223001", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "zhangsan"));
  run_clear (&r);

  r = run ("user", "list", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "zhangsan"));
  g_assert_nonnull (strstr (r.out, "张三"));
  g_assert_nonnull (strstr (r.out, "street_officer"));
  g_assert_nonnull (strstr (r.out, "500223001"));
  g_assert_null (strstr (r.out, "argon2"));
  g_assert_null (strstr (r.out, "correct horse"));
  run_clear (&r);

  /* The same name again is refused and says why. */
  r = run_with_input ("another password\n", "user", "add", "--db", db, "--username", "zhangsan",
                      "--name", "另一个张三", "--role", "commander", "--division", "500223", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "The username “zhangsan” is already taken"));
  run_clear (&r);

  /* A short password, an unknown role, no password at all. */
  r = run_with_input ("short\n", "user", "add", "--db", db, "--username", "lisi",
                      "--name", "李四", "--role", "grid_worker", "--division", "500223001", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "at least 8 characters"));
  run_clear (&r);
  r = run_with_input ("correct horse battery\n", "user", "add", "--db", db, "--username", "lisi",
                      "--name", "李四", "--role", "mayor", "--division", "500223001", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown role “mayor”"));
  run_clear (&r);
  r = run_with_input ("", "user", "passwd", "--db", db, "--username", "zhangsan", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no password on standard input"));
  run_clear (&r);

  r = run_with_input ("a new password\n", "user", "passwd", "--db", db, "--username", "zhangsan", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  r = run ("user", "disable", "--db", db, "--username", "zhangsan", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run ("user", "list", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "disabled"));
  run_clear (&r);
  r = run ("user", "enable", "--db", db, "--username", "nobody", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "There is no user called “nobody”"));
  run_clear (&r);
}

static gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

/* class-cases and league: JSON that says what the core found, a case made into a
 * supervised ticket as a user, and refusals with nothing written. */
static void
test_class_cases (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "class-cases.db", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) figures = json_parser_new ();
  g_autoptr(JsonParser) league = json_parser_new ();
  JsonObject *o, *first, *table, *row;
  JsonArray *cases, *ranked, *excluded;
  gint64 tickets;
  Run r;

  r = run ("demo", "--db", db, "--profile", "small", "--seed", "4", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--min", "3",
           "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
  run_clear (&r);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "min"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "days"), ==, 30);
  cases = json_object_get_array_member (o, "cases");
  g_assert_cmpuint (json_array_get_length (cases), >, 0);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);

      g_assert_cmpint (json_object_get_int_member (c, "index"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (c, "size"), >=, 3);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "ticket_ids")), ==,
                        json_object_get_int_member (c, "size"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "numbers")), ==,
                        json_object_get_int_member (c, "size"));
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (cases, i - 1), "size"), >=,
                         json_object_get_int_member (c, "size"));
    }
  first = json_array_get_object_element (cases, 0);

  /* The text form lists the same first case. */
  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--min", "3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, json_object_get_string_member (first, "title")));
  run_clear (&r);

  /* League by street: the rates are the figures' own. */
  r = run ("league", "--db", db, "--by", "street", "--from", "2026-07-25", "--to", "2026-11-22",
           "--min-sample", "900", "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (league, r.out, -1, NULL));
  run_clear (&r);
  o = json_node_get_object (json_parser_get_root (league));
  g_assert_cmpint (json_object_get_int_member (o, "min_sample"), ==, 900);
  table = json_object_get_object_member (o, "on_time_closure_rate");
  ranked = json_object_get_array_member (table, "ranked");
  excluded = json_object_get_array_member (table, "excluded");
  g_assert_cmpuint (json_array_get_length (ranked) + json_array_get_length (excluded), ==, 4);
  g_assert_cmpuint (json_array_get_length (excluded), >, 0);
  row = json_array_get_object_element (ranked, 0);
  g_assert_cmpint (json_object_get_int_member (row, "rank"), ==, 1);
  r = run ("figures", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--division",
           json_object_get_string_member (row, "code"), "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (figures, r.out, -1, NULL));
  run_clear (&r);
  {
    JsonObject *mine = json_object_get_object_member (row, "rate");
    JsonObject *theirs = json_object_get_object_member (json_node_get_object (json_parser_get_root (figures)),
                                                        "on_time_closure_rate");

    g_assert_cmpint (json_object_get_int_member (mine, "numerator"), ==, json_object_get_int_member (theirs, "numerator"));
    g_assert_cmpint (json_object_get_int_member (mine, "denominator"), ==,
                     json_object_get_int_member (theirs, "denominator"));
    g_assert_cmpint (json_object_get_int_member (mine, "denominator"), >=, 900);
  }
  r = run ("league", "--db", db, "--by", "department", "--from", "2026-07-25", "--to", "2026-11-22", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Left out, a denominator under 20"));
  run_clear (&r);

  /* Making case 1 a ticket, as the district's command center. */
  r = run_with_input ("correct horse battery\n", "user", "add", "--db", db, "--username", "center",
                      "--name", "区指挥中心", "--role", "district_center", "--division", "500223", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  r = run_with_input ("correct horse battery\n", "user", "add", "--db", db, "--username", "worker",
                      "--name", "网格员", "--role", "grid_worker", "--division",
                      json_object_get_string_member (first, "division"), NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  tickets = count_rows (db, "SELECT count(*) FROM tickets");

  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--min", "3",
           "--open", "1", "--as", "worker", "--now", "2026-11-22T09:00:00+08:00", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "may open a class case"));
  g_assert_nonnull (strstr (r.err, "unchanged"));
  run_clear (&r);
  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--min", "3",
           "--open", "1", "--as", "center", "--department", "500223-D99", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "500223-D99"));
  run_clear (&r);
  r = run ("class-cases", "--db", db, "--open", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--open", "999", "--as", "center",
           NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM tickets"), ==, tickets);

  r = run ("class-cases", "--db", db, "--from", "2026-07-25", "--to", "2026-11-22", "--min", "3",
           "--open", "1", "--as", "center", "--now", "2026-11-22T09:00:00+08:00", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "supervised"));
  run_clear (&r);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM tickets"), ==, tickets + 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM tickets WHERE source = 'higher_level' AND state = 'dispatched'"
                                   " AND supervise_count = 1 AND reported_at = 1795309200"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM audit a, json_each (a.payload, '$.members')"
                                   " WHERE a.action = 'class_case'"), ==, json_object_get_int_member (first, "size"));

  r = run ("audit", "verify", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  /* Usage errors. */
  r = run ("class-cases", "--db", db, "--format", "xml", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run ("class-cases", "--db", db, "--kind", "sideways", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "sideways"));
  run_clear (&r);
  r = run ("class-cases", "--db", db, "--metres", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run_clear (&r);
  r = run ("league", "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--by"));
  run_clear (&r);
}

static void
test_usage_errors (void)
{
  Run r = run ("frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown command"));
  run_clear (&r);

  r = run ("stats", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "--db PATH is required"));
  run_clear (&r);

  r = run ("demo", "--db", "/nonexistent-dir/x.db", "--profile", "huge", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--profile must be tongnan or small"));
  run_clear (&r);

  r = run ("import-divisions", "--db", "/tmp/never.db", "/nonexistent.geojson", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "/nonexistent.geojson"));
  run_clear (&r);
  g_assert_false (g_file_test ("/tmp/never.db", G_FILE_TEST_EXISTS));
}

static void
test_scenario_validate (void)
{
  g_autofree char *broken = g_test_build_filename (G_TEST_DIST, "data", "scenario-broken.json", NULL);
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autofree char *fireworks = g_build_filename (shipped, "fireworks-shop.json", NULL);
  g_autofree char *db = g_build_filename (tmpdir, "scenario-county.db", NULL);
  g_autofree char *good = g_build_filename (tmpdir, "small-drill.json", NULL);
  g_autofree char *bad_codes = g_build_filename (tmpdir, "small-drill-bad.json", NULL);
  g_autofree char *prefix = NULL;
  g_auto(GStrv) lines = NULL;
  const char *text =
    "{\n"
    "  \"id\": \"small-drill\",\n"
    "  \"title\": {\"en\": \"Small drill\", \"zh_CN\": \"小演练\"},\n"
    "  \"start\": \"2026-11-22T09:00:00+08:00\",\n"
    "  \"duration\": \"1h\",\n"
    "  \"speed\": 10,\n"
    "  \"seats\": [{\"id\": \"duty\", \"role\": \"street_officer\", \"division\": \"500223001\"}],\n"
    "  \"injections\": [\n"
    "    {\"id\": \"r1\", \"at\": \"+00:05\", \"kind\": \"report\", \"category\": \"2204\",\n"
    "     \"grid\": \"500223001001001\", \"description\": {\"en\": \"Wall leaking\", \"zh_CN\": \"堡坎冒水\"}}\n"
    "  ],\n"
    "  \"expectations\": [\n"
    "    {\"id\": \"e1\", \"kind\": \"dispatched_within\", \"ticket\": \"r1\", \"within\": \"10m\",\n"
    "     \"department\": \"500223-D12\"}\n"
    "  ]\n"
    "}\n";
  g_autoptr(GString) bad = g_string_new (text);
  Run r;

  /* A broken file: every problem as FILE:LINE: field: message, exit 1. */
  r = run ("scenario", "validate", broken, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  prefix = g_strconcat (broken, ":6: speed: ", NULL);
  g_assert_true (g_str_has_prefix (r.err, prefix));
  g_assert_nonnull (strstr (r.err, "scenario-broken.json:21: injections[4].ticket: "));
  g_assert_nonnull (strstr (r.err, "scenario-broken.json:33: expectations[3].ticket: "));
  lines = g_strsplit (g_strchomp (r.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 17);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (lines[i], broken));
  run_clear (&r);

  /* A shipped scenario without a county: valid, its summary, exit 0. */
  r = run ("scenario", "validate", fireworks, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "valid"));
  g_assert_nonnull (strstr (r.out, "fireworks-shop"));
  g_assert_nonnull (strstr (r.out, "--db"));
  run_clear (&r);

  /* Against a county: the good file passes, a wrong code is named with its line. */
  r = run ("demo", "--db", db, "--profile", "small", "--seed", "7", "--now", "2026-11-22T00:00:00+08:00", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_assert_true (g_file_set_contents (good, text, -1, NULL));
  r = run ("scenario", "validate", good, "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "every code is in"));
  g_assert_nonnull (strstr (r.out, "small-drill"));
  run_clear (&r);

  g_string_replace (bad, "500223-D12", "500223-D99", 1);
  g_assert_true (g_file_set_contents (bad_codes, bad->str, -1, NULL));
  r = run ("scenario", "validate", bad_codes, "--db", db, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_clear_pointer (&prefix, g_free);
  prefix = g_strconcat (bad_codes, ":14: expectations[0].department: ", NULL);
  g_assert_true (g_str_has_prefix (r.err, prefix));
  g_assert_nonnull (strstr (r.err, "500223-D99"));
  run_clear (&r);

  /* A missing county is an error, not a new file. */
  {
    g_autofree char *none = g_build_filename (tmpdir, "no-county.db", NULL);

    r = run ("scenario", "validate", good, "--db", none, NULL);
    g_assert_cmpint (r.status, ==, 1);
    run_clear (&r);
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }

  /* The shipped list. */
  g_setenv ("GW_SCENARIO_DIR", shipped, TRUE);
  r = run ("scenario", "list", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "qiong-river-flood"));
  g_assert_nonnull (strstr (r.out, "marriage-certificate"));
  run_clear (&r);

  r = run ("scenario", "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-cli-XXXXXX", NULL);
  g_test_add_func ("/cli/demo-and-stats", test_demo_and_stats);
  g_test_add_func ("/cli/import-export", test_import_export);
  g_test_add_func ("/cli/audit-verify", test_audit_verify);
  g_test_add_func ("/cli/figures", test_figures);
  g_test_add_func ("/cli/users", test_users);
  g_test_add_func ("/cli/class-cases", test_class_cases);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/scenario-validate", test_scenario_validate);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
