/* test-scenario.c: drill scenarios (docs/SCENARIOS.md): the shipped ones, every kind of
 * error with its line and field, report bursts, ad-hoc injections, the county check.
 *
 * The shipped scenarios are written for the tongnan demo county (seed 1), which takes about
 * a minute to generate: /scenario/shipped/tongnan checks them against it in the slow mode
 * only (`meson test scenario-tongnan`, suite "slow", runs it with -m slow). Every other case
 * runs on text written here or on the small county.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-dictionary.h"
#include "gw-scenario-private.h"
#include "test-county.h"

/* A valid scenario for the small county, with %s for the camera and the worker code. */
static const char small_scenario[] =
  "{\n"                                                                       /*  1 */
  "  \"id\": \"small\",\n"                                                    /*  2 */
  "  \"title\": {\"en\": \"Small\", \"zh_CN\": \"小\"},\n"                    /*  3 */
  "  \"profile\": \"small\",\n"                                               /*  4 */
  "  \"seed\": 7,\n"                                                          /*  5 */
  "  \"start\": \"2024-07-12T23:40:00+08:00\",\n"                             /*  6 */
  "  \"duration\": \"2h\",\n"                                                 /*  7 */
  "  \"seats\": [\n"                                                          /*  8 */
  "    {\"id\": \"duty\", \"role\": \"street_officer\", \"division\": \"500223001\"},\n" /*  9 */
  "    {\"id\": \"police\", \"role\": \"department_handler\", \"department\": \"500223-D12\"},\n" /* 10 */
  "    {\"id\": \"gw\", \"role\": \"grid_worker\", \"division\": \"500223001001001\"}\n" /* 11 */
  "  ],\n"                                                                    /* 12 */
  "  \"world\": {\"staffed_departments\": [\"500223-D04\"]},\n"               /* 13 */
  "  \"injections\": [\n"                                                     /* 14 */
  "    {\"id\": \"r1\", \"at\": \"+00:05\", \"kind\": \"report\", \"category\": \"2204\",\n" /* 15 */
  "     \"grid\": \"500223001001001\", \"description\": \"冒水\"},\n"          /* 16 */
  "    {\"id\": \"feed\", \"at\": \"+00:06\", \"kind\": \"camera_feed\", \"camera\": \"%s\",\n" /* 17 */
  "     \"video\": \"rtsp://127.0.0.1:8554/x\"},\n"                          /* 18 */
  "    {\"id\": \"off\", \"at\": \"+00:07\", \"kind\": \"worker_off_duty\", \"worker\": \"%s\"},\n" /* 19 */
  "    {\"id\": \"b\", \"at\": \"+00:10\", \"kind\": \"report_burst\", \"count\": 5, \"over\": \"10m\",\n" /* 20 */
  "     \"grids\": [\"500223001001002\", \"500223002001001\"], \"categories\": [\"2205\"],\n" /* 21 */
  "     \"descriptions\": [\"停水\"]}\n"                                       /* 22 */
  "  ],\n"                                                                    /* 23 */
  "  \"expectations\": [\n"                                                   /* 24 */
  "    {\"id\": \"e1\", \"kind\": \"dispatched_within\", \"ticket\": \"r1\", \"within\": \"10m\",\n" /* 25 */
  "     \"department\": \"500223-D12\"}\n"                                    /* 26 */
  "  ]\n"                                                                     /* 27 */
  "}\n";

/* Helpers ---------------------------------------------------------------------------------- */

static GwScenario *
parse (const char  *text,
       GPtrArray  **problems,
       GError     **error)
{
  return gw_scenario_new_from_data (text, strlen (text), NULL, problems, error);
}

/* Parses text that must be refused, and returns its problems. */
static GPtrArray *
refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = NULL;
  g_autoptr(GwScenario) s = parse (text, &problems, &error);

  g_assert_null (s);
  g_assert_error (error, GW_SCENARIO_ERROR, error->code);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, 0);
  return problems;
}

static gboolean
has_problem (GPtrArray  *problems,
             guint       line,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const GwScenarioProblem *p = g_ptr_array_index (problems, i);

      if (p->line == line && g_str_equal (p->field, field))
        {
          g_assert_cmpstr (p->message, !=, "");
          return TRUE;
        }
    }
  return FALSE;
}

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const GwScenarioProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("line %u: %s: %s", p->line, p->field, p->message);
    }
}

#define assert_problem(problems, line, field) \
  G_STMT_START { \
    if (!has_problem ((problems), (line), (field))) \
      { \
        dump_problems (problems); \
        g_error ("no problem at line %u, field “%s”", (guint) (line), (field)); \
      } \
  } G_STMT_END

/* A minimal valid scenario around `injections` (JSON array text) and `extra` members. */
static char *
scenario_text (const char *injections,
               const char *extra)
{
  return g_strdup_printf ("{\n"
                          "\"id\": \"t\",\n"
                          "\"title\": \"T\",\n"
                          "\"start\": \"2024-07-12T23:40:00+08:00\",\n"
                          "\"duration\": \"1d\",\n"
                          "\"seats\": [{\"id\": \"duty\", \"role\": \"commander\"}],\n"
                          "%s"
                          "\"injections\": %s\n"
                          "}\n", extra ? extra : "", injections);
}

/* Shipped ------------------------------------------------------------------------------------ */

static gboolean
text_is_bilingual (const GwScenarioText *text)
{
  return text->en != NULL && *text->en != '\0' && text->zh_CN != NULL && *text->zh_CN != '\0';
}

static void
test_shipped_parse (void)
{
  g_auto(GStrv) files = gw_scenario_list_shipped ();
  guint max_reports = 0;

  g_assert_cmpuint (g_strv_length (files), ==, 6);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GwScenario) s = gw_scenario_new_from_file (files[i], &problems, &error);
      guint reports = 0;

      g_test_message ("%s", files[i]);
      g_assert_no_error (error);
      g_assert_nonnull (s);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpstr (s->profile, ==, "tongnan");
      g_assert_cmpuint (s->seed, ==, 1);
      g_assert_true (g_str_has_suffix (files[i], ".json"));
      g_assert_true (g_str_has_prefix (s->path, s->folder));
      g_assert_true (text_is_bilingual (&s->title));
      g_assert_true (text_is_bilingual (&s->summary));
      g_assert_cmpuint (s->seats->len, >=, 3);
      g_assert_cmpuint (s->expectations->len, >=, 5);
      g_assert_cmpint (s->duration, >, 0);
      for (guint j = 0; j < s->seats->len; j++)
        g_assert_true (text_is_bilingual (&((GwScenarioSeat *) g_ptr_array_index (s->seats, j))->title));
      for (guint j = 0; j < s->injections->len; j++)
        {
          const GwInjection *inj = g_ptr_array_index (s->injections, j);

          if (j > 0)
            g_assert_cmpint (inj->at, >=, ((GwInjection *) g_ptr_array_index (s->injections, j - 1))->at);
          g_assert_cmpint (inj->at, <=, s->duration);
          g_assert_cmpuint (inj->line, >, 0);
          if (inj->kind == GW_INJECTION_REPORT)
            {
              reports++;
              g_assert_true (text_is_bilingual (&inj->description));
              g_assert_nonnull (inj->grid_code);
            }
          if (inj->kind == GW_INJECTION_NOTE || inj->kind == GW_INJECTION_DIRECTIVE)
            g_assert_true (text_is_bilingual (&inj->text));
        }
      for (guint j = 0; j < s->expectations->len; j++)
        {
          const GwExpectation *e = g_ptr_array_index (s->expectations, j);
          const GwInjection *ticket = gw_scenario_find_injection (s, e->ticket);

          g_assert_nonnull (ticket);
          g_assert_cmpint (ticket->kind, ==, GW_INJECTION_REPORT);
          g_assert_true (text_is_bilingual (&e->title));
          g_assert_cmpuint (e->points, >, 0);
        }
      max_reports = MAX (max_reports, reports);
    }
  /* The flood overloads the queue. */
  g_assert_cmpuint (max_reports, >=, 3000);
  g_assert_cmpuint (max_reports, <=, 5000);
}

static void
test_shipped_tongnan (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GwDb) db = NULL;

  if (!g_test_slow ())
    {
      g_test_skip ("generates the tongnan county (about a minute): run with -m slow");
      return;
    }
  dir = g_dir_make_tmp ("gw-test-scenario-tongnan-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "tongnan.db", NULL);
  db = gw_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_TONGNAN, 1,
                                   gw_demo_default_now (1700000000), NULL, NULL, &error));
  g_assert_no_error (error);

  files = gw_scenario_list_shipped ();
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GwScenario) s = gw_scenario_new_from_file (files[i], NULL, &error);

      g_assert_no_error (error);
      if (!gw_scenario_check_county (s, db, &problems, &error))
        dump_problems (problems);
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&dir));
}

/* The example of docs/SCENARIOS.md is a valid scenario. */
static void
test_docs_example (void)
{
  g_autofree char *doc = g_test_build_filename (G_TEST_DIST, "..", "docs", "SCENARIOS.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  const char *start, *end;

  g_assert_true (g_file_get_contents (doc, &text, NULL, &error));
  start = strstr (text, "## A complete small example");
  g_assert_nonnull (start);
  start = strstr (start, "```json\n");
  g_assert_nonnull (start);
  start += strlen ("```json\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  s = gw_scenario_new_from_data (start, end - start, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->id, ==, "example-bus-stop");
  g_assert_cmpuint (s->expectations->len, ==, 3);
}

/* Errors --------------------------------------------------------------------------------- */

static void
test_broken_fixture (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "scenario-broken.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GwScenario) s = gw_scenario_new_from_file (file, &problems, &error);
  /* Every problem of the file, and nothing else (line, field). */
  static const struct { guint line; const char *field; } expected[] = {
    { 6, "speed" },                          /* out of range */
    { 8, "colour" },                         /* unknown field */
    { 11, "seats[1].id" },                   /* duplicate id */
    { 11, "seats[1].username" },             /* and so its default user name */
    { 12, "seats[2].role" },                 /* unknown enum */
    { 17, "injections[1].category" },        /* wrong type */
    { 19, "injections[2].id" },              /* duplicate id */
    { 20, "injections[3].at" },              /* after the end */
    { 21, "injections[4].ticket" },          /* dangling reference */
    { 22, "injections[5].level" },           /* missing field */
    { 23, "injections[6].seat" },            /* dangling seat */
    { 24, "injections[7].urgency" },         /* unknown enum */
    { 26, "injections[8].over" },            /* burst past the end */
    { 30, "expectations[0].within" },        /* not a duration */
    { 31, "expectations[1].ticket" },        /* names a burst */
    { 32, "expectations[2].departments" },   /* missing field */
    { 33, "expectations[3].ticket" },        /* not a report */
  };

  g_assert_null (s);
  g_assert_error (error, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 6: speed: "));
  g_assert_nonnull (strstr (error->message, "(and 16 more problems)"));
  if (problems->len != G_N_ELEMENTS (expected))
    dump_problems (problems);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  /* By line; the order within a line is the order the fields are checked in. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_problem (problems, expected[i].line, expected[i].field);
  for (guint i = 1; i < problems->len; i++)
    g_assert_cmpuint (((GwScenarioProblem *) g_ptr_array_index (problems, i - 1))->line, <=,
                      ((GwScenarioProblem *) g_ptr_array_index (problems, i))->line);
}

static void
test_error_syntax (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GwScenario *s;

  /* Malformed JSON: the line json-glib stopped at. */
  problems = refused ("{\n  \"id\": \"x\",\n  \"title\": tru\n}\n");
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, 3, "");
  g_clear_pointer (&problems, g_ptr_array_unref);

  s = parse ("{\n\"id\": \"x\",\n\"title\": \"y\"\n", NULL, &error);
  g_assert_null (s);
  g_assert_error (error, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_SYNTAX);
  g_clear_error (&error);

  /* Not an object. */
  problems = refused ("[1, 2]");
  assert_problem (problems, 1, "");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Not UTF-8, on its line. */
  problems = refused ("{\n\"id\": \"\xff\"\n}");
  assert_problem (problems, 2, "");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Too deep: refused before json-glib sees it (its parser recurses without a limit), at
   * the line the limit is passed; brackets in strings do not count. */
  {
    g_autoptr(GString) deep = g_string_new ("{\"id\": \"[[[[[[[[[[[[[[[[[[[[\",\n\"x\":\n");

    for (guint i = 0; i < GW_SCENARIO_MAX_DEPTH; i++)
      g_string_append (deep, "[");
    g_string_append (deep, "\n");
    for (guint i = 0; i < GW_SCENARIO_MAX_DEPTH; i++)
      g_string_append (deep, "]");
    g_string_append (deep, "}");
    problems = refused (deep->str);
    g_assert_cmpuint (problems->len, ==, 1);
    assert_problem (problems, 3, "");
    g_assert_nonnull (strstr (((GwScenarioProblem *) g_ptr_array_index (problems, 0))->message, "16"));
    g_clear_pointer (&problems, g_ptr_array_unref);

    /* A million brackets: no crash. */
    g_string_truncate (deep, 0);
    for (guint i = 0; i < 1000000; i++)
      g_string_append_c (deep, '[');
    problems = refused (deep->str);
    assert_problem (problems, 1, "");
    g_clear_pointer (&problems, g_ptr_array_unref);
  }

  /* Oversized, from data and from a file. */
  {
    gsize size = GW_SCENARIO_MAX_SIZE + 1;
    g_autofree char *big = g_malloc (size + 1);
    g_autofree char *dir = g_dir_make_tmp ("gw-test-scenario-XXXXXX", NULL);
    g_autofree char *file = g_build_filename (dir, "big.json", NULL);

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    big[size] = '\0';
    s = gw_scenario_new_from_data (big, size, NULL, &problems, &error);
    g_assert_null (s);
    g_assert_error (error, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_SYNTAX);
    g_assert_cmpuint (problems->len, ==, 1);
    assert_problem (problems, 0, "");
    g_assert_nonnull (strstr (error->message, "4 MiB"));
    g_clear_error (&error);
    g_clear_pointer (&problems, g_ptr_array_unref);

    g_assert_true (g_file_set_contents (file, big, size, NULL));
    s = gw_scenario_new_from_file (file, &problems, &error);
    g_assert_null (s);
    g_assert_error (error, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_SYNTAX);
    g_assert_cmpuint (problems->len, ==, 1);
    g_clear_error (&error);
    g_clear_pointer (&problems, g_ptr_array_unref);
    g_unlink (file);
    g_rmdir (dir);
  }

  /* A missing file is an I/O error, not a scenario problem. */
  s = gw_scenario_new_from_file ("/nonexistent/x.json", &problems, &error);
  g_assert_null (s);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (problems);
}

static void
test_error_fields (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  /* Missing required members: reported on the line of the object that lacks them. */
  problems = refused ("{\n\"id\": \"x\",\n\"seats\": [\n {\"role\": \"commander\"}\n]\n}");
  assert_problem (problems, 1, "title");
  assert_problem (problems, 1, "start");
  assert_problem (problems, 1, "duration");
  assert_problem (problems, 1, "injections");
  assert_problem (problems, 4, "seats[0].id");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Wrong types, a member given twice, a text without a language, an id with a space. */
  text = scenario_text ("[\n"
                        "{\"id\": \"a b\", \"at\": 5, \"kind\": \"note\", \"text\": {}},\n"
                        "{\"id\": \"c\", \"at\": \"1m\", \"kind\": \"note\", \"kind\": \"note\", \"text\": \"x\"}\n"
                        "]", "\"speed\": \"fast\",\n");
  problems = refused (text);
  assert_problem (problems, 7, "speed");
  assert_problem (problems, 9, "injections[0].id");
  assert_problem (problems, 9, "injections[0].at");
  assert_problem (problems, 9, "injections[0].text");
  assert_problem (problems, 10, "injections[1].kind");
  g_assert_cmpuint (problems->len, ==, 5);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Fields of another kind, an unknown kind, both places, no place, a comment ignored. */
  text = scenario_text ("[\n"
                        "{\"id\": \"a\", \"at\": \"1m\", \"kind\": \"note\", \"text\": \"x\", \"seat\": \"duty\"},\n"
                        "{\"id\": \"b\", \"at\": \"1m\", \"kind\": \"explosion\"},\n"
                        "{\"id\": \"c\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"01\",\n"
                        " \"grid\": \"1\", \"lon\": 105, \"lat\": 30, \"description\": \"x\", \"_why\": 1},\n"
                        "{\"id\": \"d\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"01\", \"description\": \"x\"}\n"
                        "]", NULL);
  problems = refused (text);
  assert_problem (problems, 8, "injections[0].seat");
  assert_problem (problems, 9, "injections[1].kind");
  assert_problem (problems, 11, "injections[2].grid");
  assert_problem (problems, 12, "injections[3].grid");
  g_assert_cmpuint (problems->len, ==, 4);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Speeds at the limits pass, beyond them fail; a zero duration fails. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *const speeds[] = { "1", "60", "0.5", "61" };
      g_autofree char *extra = g_strdup_printf ("\"speed\": %s,\n", speeds[i]);
      g_autofree char *t = scenario_text ("[{\"id\": \"n\", \"at\": \"0s\", \"kind\": \"note\", \"text\": \"x\"}]", extra);
      g_autoptr(GPtrArray) p = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwScenario) s = parse (t, &p, &error);

      if (i < 2)
        {
          g_assert_no_error (error);
          g_assert_cmpfloat (s->speed, ==, g_ascii_strtod (speeds[i], NULL));
        }
      else
        {
          g_assert_null (s);
          assert_problem (p, 7, "speed");
        }
    }

  /* A reference to a report injected later. */
  text = scenario_text ("[\n"
                        "{\"id\": \"d\", \"at\": \"1m\", \"kind\": \"directive\", \"ticket\": \"r\", \"action\": \"supervise\"},\n"
                        "{\"id\": \"r\", \"at\": \"2m\", \"kind\": \"report\", \"category\": \"01\", \"grid\": \"1\", \"description\": \"x\"}\n"
                        "]", NULL);
  problems = refused (text);
  assert_problem (problems, 8, "injections[0].ticket");
  g_assert_cmpuint (problems->len, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Attachments and videos stay in the scenario's folder. */
  text = scenario_text ("[\n"
                        "{\"id\": \"r\", \"at\": \"2m\", \"kind\": \"report\", \"category\": \"01\", \"grid\": \"1\", \"description\": \"x\",\n"
                        " \"attachments\": [\"../../etc/passwd\", \"/etc/passwd\"]},\n"
                        "{\"id\": \"f\", \"at\": \"2m\", \"kind\": \"camera_feed\", \"ticket\": \"r\", \"video\": \"a/../../v.mp4\"}\n"
                        "]", NULL);
  problems = refused (text);
  assert_problem (problems, 9, "injections[0].attachments[0]");
  assert_problem (problems, 9, "injections[0].attachments[1]");
  assert_problem (problems, 10, "injections[1].video");
  g_assert_cmpuint (problems->len, ==, 3);
  g_clear_pointer (&problems, g_ptr_array_unref);
}

/* The parts ------------------------------------------------------------------------------------ */

static void
test_durations (void)
{
  static const struct { const char *text; gint64 seconds; } good[] = {
    { "90s", 90 }, { "10m", 600 }, { "2h", 7200 }, { "3d", 259200 }, { "1h30m", 5400 },
    { "1d2h3m4s", 93784 }, { "0s", 0 }, { "+01:30", 5400 }, { "+00:00:45", 45 },
    { "+50:00:00", 180000 },
  };
  static const char *const bad[] = {
    "", "10", "h", "30m1h", "1h1h", "-5m", "1.5h", "+1:3", "+01:60", "+01:30:", "10 m", "366d1s",
    "+01", "1w",
  };
  gint64 out;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *back = NULL;

      out = -1;
      g_assert_true (_gw_scenario_parse_duration (good[i].text, &out));
      g_assert_cmpint (out, ==, good[i].seconds);
      back = _gw_scenario_format_duration (out);
      g_assert_true (_gw_scenario_parse_duration (back, &out));
      g_assert_cmpint (out, ==, good[i].seconds);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (_gw_scenario_parse_duration (bad[i], &out));
    }
}

static void
test_texts (void)
{
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));
  GwScenarioText both = { (char *) "Flood", (char *) "洪水" };
  GwScenarioText en_only = { (char *) "Flood", NULL };
  GwScenarioText zh_only = { NULL, (char *) "洪水" };
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = scenario_text ("[{\"id\": \"n\", \"at\": \"0s\", \"kind\": \"note\", \"text\": \"只有中文\"}]", NULL);

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (gw_scenario_text_get (&both), ==, "Flood");
  g_assert_cmpstr (gw_scenario_text_get (&zh_only), ==, "洪水");
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (gw_scenario_text_get (&both), ==, "洪水");
  g_assert_cmpstr (gw_scenario_text_get (&en_only), ==, "Flood");

  /* A bare string is every language's text; a missing summary is empty, never NULL. */
  s = parse (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((GwInjection *) g_ptr_array_index (s->injections, 0))->text.en, ==, "只有中文");
  g_assert_cmpstr (((GwInjection *) g_ptr_array_index (s->injections, 0))->text.zh_CN, ==, "只有中文");
  g_assert_cmpstr (gw_scenario_text_get (&s->summary), ==, "");
  /* Defaults: a seat's title from its role, the world's answer times. */
  g_assert_cmpstr (((GwScenarioSeat *) g_ptr_array_index (s->seats, 0))->title.zh_CN, ==, "指挥长");
  g_assert_cmpstr (((GwScenarioSeat *) g_ptr_array_index (s->seats, 0))->username, ==, "drill-duty");
  g_assert_cmpstr (((GwScenarioSeat *) g_ptr_array_index (s->seats, 0))->password, ==, "drill");
  g_assert_cmpint (s->world.verify_after, ==, 300);
  g_assert_cmpint (s->world.report_back_after, ==, 7200);
  g_assert_cmpfloat (s->speed, ==, 1.0);

  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static const char burst_injections[] =
  "[\n"
  "{\"id\": \"first\", \"at\": \"+01:00\", \"kind\": \"note\", \"text\": \"x\"},\n"
  "{\"id\": \"b\", \"at\": \"1h\", \"kind\": \"report_burst\", \"count\": 1000, \"over\": \"2h\",\n"
  " \"grids\": [\"g1\", \"g2\", \"g3\"],\n"
  " \"categories\": [{\"code\": \"0409\", \"weight\": 9, \"descriptions\": [\"水\", \"淹\"]}, \"2205\"],\n"
  " \"descriptions\": [{\"en\": \"No water\", \"zh_CN\": \"停水\"}],\n"
  " \"urgencies\": {\"urgent\": 1, \"emergency\": 1},\n"
  " \"sources\": {\"hotline\": 3, \"grid_worker\": 1}, \"seed\": %u, \"shape\": \"%s\"},\n"
  "{\"id\": \"last\", \"at\": \"+01:00\", \"kind\": \"note\", \"text\": \"y\"}\n"
  "]";

static GwScenario *
burst_scenario (guint       seed,
                const char *shape)
{
  g_autofree char *injections = g_strdup_printf (burst_injections, seed, shape);
  g_autofree char *text = scenario_text (injections, NULL);
  g_autoptr(GError) error = NULL;
  GwScenario *s = parse (text, NULL, &error);

  g_assert_no_error (error);
  return s;
}

static void
test_burst (void)
{
  g_autoptr(GwScenario) a = burst_scenario (42, "uniform");
  g_autoptr(GwScenario) b = burst_scenario (42, "uniform");
  g_autoptr(GwScenario) c = burst_scenario (43, "uniform");
  g_autoptr(GwScenario) even = burst_scenario (42, "even");
  guint flood = 0, differ = 0, per_grid[3] = { 0 };
  guint n = 0;

  g_assert_cmpuint (a->injections->len, ==, 1002);
  /* Ties keep the file's order: the note before the burst first, the one after it after
   * the burst's first report (all three at +01:00 only if the burst starts with one). */
  g_assert_cmpstr (((GwInjection *) g_ptr_array_index (a->injections, 0))->id, ==, "first");
  for (guint i = 0; i < a->injections->len; i++)
    {
      const GwInjection *x = g_ptr_array_index (a->injections, i);
      const GwInjection *y = g_ptr_array_index (b->injections, i);
      const GwInjection *z = g_ptr_array_index (c->injections, i);

      /* Deterministic: the same seed, the same reports. */
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpint (x->at, ==, y->at);
      g_assert_cmpstr (x->grid_code, ==, y->grid_code);
      g_assert_cmpstr (x->category_code, ==, y->category_code);
      g_assert_cmpint (x->urgency, ==, y->urgency);
      g_assert_cmpint (x->source, ==, y->source);
      g_assert_cmpstr (x->description.zh_CN, ==, y->description.zh_CN);
      if (x->at != z->at || g_strcmp0 (x->grid_code, z->grid_code) != 0)
        differ++;
      if (i > 0)
        g_assert_cmpint (x->at, >=, ((GwInjection *) g_ptr_array_index (a->injections, i - 1))->at);
      if (x->kind != GW_INJECTION_REPORT)
        continue;
      /* Ordered: "#n" in time order, from 1. */
      {
        g_autofree char *id = g_strdup_printf ("b#%u", ++n);
        g_assert_cmpstr (x->id, ==, id);
      }
      g_assert_cmpint (x->at, >=, 3600);
      g_assert_cmpint (x->at, <, 3 * 3600);
      g_assert_true (x->urgency == GW_URGENCY_URGENT || x->urgency == GW_URGENCY_EMERGENCY);
      g_assert_true (x->source == GW_SOURCE_HOTLINE || x->source == GW_SOURCE_GRID_WORKER);
      g_assert_true (isnan (x->lon));
      per_grid[x->grid_code[1] - '1']++;
      if (g_str_equal (x->category_code, "0409"))
        {
          flood++;
          g_assert_true (g_str_equal (x->description.zh_CN, "水") || g_str_equal (x->description.zh_CN, "淹"));
        }
      else
        g_assert_cmpstr (x->description.en, ==, "No water");
      g_assert_cmpuint (x->line, ==, 9);
      g_assert_nonnull (gw_scenario_find_injection (a, x->id));
    }
  g_assert_cmpuint (n, ==, 1000);
  /* The weights hold (9:1), every grid is used, another seed gives other reports. */
  g_assert_cmpuint (flood, >, 850);
  g_assert_cmpuint (flood, <, 950);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (per_grid[i], >, 250);
  g_assert_cmpuint (differ, >, 900);

  /* "even": equal steps from `at`. */
  for (guint i = 0, k = 0; i < even->injections->len; i++)
    {
      const GwInjection *x = g_ptr_array_index (even->injections, i);

      if (x->kind == GW_INJECTION_REPORT)
        {
          g_assert_cmpint (x->at, ==, 3600 + (gint64) 7200 * k / 1000);
          k++;
        }
    }

  /* "around": points within the circle; a reference to a burst's report resolves. */
  {
    g_autofree char *text = scenario_text (
      "[{\"id\": \"b\", \"at\": \"0s\", \"kind\": \"report_burst\", \"count\": 200, \"over\": \"1h\",\n"
      "  \"around\": {\"lon\": 105.75, \"lat\": 29.86, \"radius\": 1000}, \"categories\": [\"0409\"],\n"
      "  \"descriptions\": [\"水\"], \"shape\": \"peak\"},\n"
      " {\"id\": \"d\", \"at\": \"1h\", \"kind\": \"directive\", \"ticket\": \"b#200\", \"action\": \"escalate\", \"level\": \"street\"}]",
      "\"expectations\": [{\"id\": \"e\", \"kind\": \"closed_within\", \"ticket\": \"b#7\", \"within\": \"1h\"}],\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(GwScenario) s = parse (text, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (s->injections->len, ==, 201);
    for (guint i = 0; i < 200; i++)
      {
        const GwInjection *x = g_ptr_array_index (s->injections, i);
        double dy = (x->lat - 29.86) * 111320.0;
        double dx = (x->lon - 105.75) * 111320.0 * cos (29.86 * G_PI / 180);

        g_assert_null (x->grid_code);
        g_assert_cmpfloat (sqrt (dx * dx + dy * dy), <=, 1001);
      }
    g_assert_cmpstr (((GwExpectation *) g_ptr_array_index (s->expectations, 0))->title.en, ==,
                     "b#7: closed within 1 h");
  }

  /* Too many: the limit counts every expanded report. */
  {
    g_autofree char *text = scenario_text (
      "[{\"id\": \"b\", \"at\": \"0s\", \"kind\": \"report_burst\", \"count\": 40000, \"over\": \"1h\",\n"
      "  \"grids\": [\"g\"], \"categories\": [\"0409\"], \"descriptions\": [\"水\"]},\n"
      " {\"id\": \"c\", \"at\": \"0s\", \"kind\": \"report_burst\", \"count\": 20000, \"over\": \"1h\",\n"
      "  \"grids\": [\"g\"], \"categories\": [\"0409\"], \"descriptions\": [\"水\"]}]", NULL);
    g_autoptr(GPtrArray) problems = refused (text);

    assert_problem (problems, 9, "injections[1].count");
    g_assert_cmpuint (problems->len, ==, 1);
  }
}

static void
test_adhoc (void)
{
  g_autofree char *text = scenario_text (
    "[{\"id\": \"r\", \"at\": \"5m\", \"kind\": \"report\", \"category\": \"01\", \"grid\": \"g\", \"description\": \"x\"},\n"
    " {\"id\": \"n\", \"at\": \"6m\", \"kind\": \"note\", \"text\": \"x\"}]", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = parse (text, NULL, &error);
  g_autoptr(GwInjection) inj = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);

  /* A report without id or at: a fresh id, applied at once. */
  node = json_from_string ("{\"kind\": \"report\", \"category\": \"2205\", \"lon\": 105.7, \"lat\": 29.8,"
                           " \"description\": {\"zh_CN\": \"停水\"}, \"urgency\": \"urgent\","
                           " \"source\": \"hotline\"}", &error);
  g_assert_no_error (error);
  inj = gw_injection_new_from_json (node, s, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (inj->id, "adhoc-"));
  g_assert_cmpint (inj->at, ==, GW_INJECTION_AT_NOW);
  g_assert_cmpint (inj->kind, ==, GW_INJECTION_REPORT);
  g_assert_cmpfloat (inj->lon, ==, 105.7);
  g_assert_cmpint (inj->urgency, ==, GW_URGENCY_URGENT);
  g_assert_cmpint (inj->source, ==, GW_SOURCE_HOTLINE);
  g_assert_null (inj->description.en);

  /* It goes back to JSON and comes back the same. */
  {
    g_autoptr(JsonNode) back = gw_injection_to_json (inj);
    g_autoptr(GwInjection) again = gw_injection_new_from_json (back, s, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->id, ==, inj->id);
    g_assert_cmpint (again->at, ==, GW_INJECTION_AT_NOW);
    g_assert_cmpstr (again->category_code, ==, "2205");
    g_assert_cmpfloat (again->lat, ==, 29.8);
    g_assert_cmpstr (again->description.zh_CN, ==, "停水");
    g_assert_cmpint (again->urgency, ==, GW_URGENCY_URGENT);
  }
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&inj, gw_injection_free);

  /* A directive on the scenario's report, at a given time; copy and JSON keep it. */
  node = json_from_string ("{\"id\": \"urge\", \"at\": \"+00:30\", \"kind\": \"directive\","
                           " \"ticket\": \"r\", \"action\": \"escalate\", \"level\": \"district\"}", &error);
  inj = gw_injection_new_from_json (node, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (inj->at, ==, 1800);
  g_assert_cmpint (inj->level, ==, GW_LEVEL_DISTRICT);
  g_assert_nonnull (inj->text.zh_CN);
  {
    g_autoptr(GwInjection) copy = gw_injection_copy (inj);
    g_autoptr(JsonNode) back = gw_injection_to_json (copy);
    g_autoptr(GwInjection) again = gw_injection_new_from_json (back, s, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->ticket, ==, "r");
    g_assert_cmpstr (again->action, ==, "escalate");
    g_assert_cmpint (again->at, ==, 1800);
    g_assert_cmpstr (again->text.en, ==, inj->text.en);
  }
  g_clear_pointer (&node, json_node_unref);

  /* Refused: a burst; a dangling or a non-report ticket; a reference without a scenario;
   * an id taken; an `at` past the end; not an object. Errors name the field. */
  {
    static const struct { const char *json; const char *field; gboolean with_scenario; } bad[] = {
      { "{\"kind\": \"report_burst\", \"count\": 2, \"over\": \"1m\"}", "kind: ", TRUE },
      { "{\"kind\": \"directive\", \"ticket\": \"zz\", \"action\": \"supervise\"}", "ticket: ", TRUE },
      { "{\"kind\": \"directive\", \"ticket\": \"n\", \"action\": \"supervise\"}", "ticket: ", TRUE },
      { "{\"kind\": \"directive\", \"ticket\": \"r\", \"action\": \"supervise\"}", "ticket: ", FALSE },
      { "{\"kind\": \"network_drop\", \"seat\": \"duty\"}", "seat: ", FALSE },
      { "{\"id\": \"r\", \"kind\": \"note\", \"text\": \"x\"}", "id: ", TRUE },
      { "{\"at\": \"2d\", \"kind\": \"note\", \"text\": \"x\"}", "at: ", TRUE },
      { "{\"kind\": \"note\"}", "text: ", TRUE },
      { "[1]", "an injection is", TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) b = json_from_string (bad[i].json, NULL);
        g_autoptr(GwInjection) x = NULL;
        g_autoptr(GError) e = NULL;

        g_assert_nonnull (b);
        x = gw_injection_new_from_json (b, bad[i].with_scenario ? s : NULL, &e);
        g_assert_null (x);
        g_assert_error (e, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_INVALID);
        g_test_message ("%s → %s", bad[i].json, e->message);
        g_assert_true (g_str_has_prefix (e->message, bad[i].field));
      }
  }

  /* A network drop for a seat of the scenario is fine. */
  node = json_from_string ("{\"kind\": \"network_drop\", \"seat\": \"duty\", \"duration\": \"10m\"}", &error);
  g_clear_pointer (&inj, gw_injection_free);
  inj = gw_injection_new_from_json (node, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (inj->duration, ==, 600);
}

static void
test_boxed (void)
{
  g_autofree char *text = scenario_text ("[{\"id\": \"n\", \"at\": \"0s\", \"kind\": \"note\", \"text\": \"x\"}]", NULL);
  GwScenario *s = parse (text, NULL, NULL);
  GwScenario *copy = g_boxed_copy (GW_TYPE_SCENARIO, s);

  g_assert_true (copy == s);
  g_boxed_free (GW_TYPE_SCENARIO, copy);
  g_assert_cmpstr (s->id, ==, "t");
  g_assert_nonnull (gw_scenario_find_seat (s, "duty"));
  g_assert_nonnull (gw_scenario_find_seat_by_username (s, "drill-duty"));
  g_assert_null (gw_scenario_find_seat (s, "nobody"));
  g_assert_null (gw_scenario_find_injection (s, "nothing"));
  gw_scenario_unref (s);

  for (guint k = 0; k < GW_N_INJECTION_KINDS; k++)
    {
      GwInjectionKind back;
      g_assert_true (gw_injection_kind_from_string (gw_injection_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  for (guint k = 0; k < GW_N_EXPECT_KINDS; k++)
    {
      GwExpectKind back;
      g_assert_true (gw_expect_kind_from_string (gw_expect_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  {
    GwInjectionKind ik;
    GwExpectKind ek;
    g_assert_cmpstr (gw_injection_kind_to_string (GW_INJECTION_WORKER_OFF), ==, "worker_off_duty");
    g_assert_cmpstr (gw_expect_kind_to_string (GW_EXPECT_CAMERAS_ON_WALL), ==, "cameras_on_wall_within");
    g_assert_false (gw_injection_kind_from_string ("report_burst", &ik));
    g_assert_false (gw_expect_kind_from_string ("screened", &ek));
    g_assert_null (gw_injection_kind_to_string (GW_N_INJECTION_KINDS));
  }
}

/* The county -------------------------------------------------------------------------------- */

static char *
first_code (GwDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *code = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_nonnull (code);
  return code;
}

static void
test_county (void)
{
  g_autoptr(GwDb) db = NULL;
  g_autofree char *dir = test_county_new ("scenario", 1700000000, NULL, &db);
  g_autofree char *camera = first_code (db, "SELECT gb_id FROM cameras ORDER BY id LIMIT 1");
  g_autofree char *worker = first_code (db, "SELECT code FROM workers ORDER BY id LIMIT 1");
  g_autofree char *good = g_strdup_printf (small_scenario, camera, worker);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GwScenario) s = parse (good, NULL, &error);
  g_autofree char *changes_before = NULL;

  g_assert_no_error (error);
  /* The seat's department is staffed, with the world's list. */
  g_assert_cmpuint (s->world.staffed_departments->len, ==, 2);
  changes_before = gw_db_content_hash (db, NULL);
  g_assert_true (gw_scenario_check_county (s, db, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&s, gw_scenario_unref);

  /* Every kind of code the county lacks, on its line and field. */
  {
    g_autofree char *bad = g_strdup (good);
    g_autoptr(GString) t = g_string_new (bad);
    g_autofree char *after = NULL;

    g_string_replace (t, "\"division\": \"500223001\"", "\"division\": \"500223001001\"", 1);  /* community for a street officer */
    g_string_replace (t, "\"500223-D12\"},", "\"500223-D99\"},", 1);                           /* seat's department */
    g_string_replace (t, "\"division\": \"500223001001001\"", "\"division\": \"500223999\"", 1); /* no such division */
    g_string_replace (t, "[\"500223-D04\"]", "[\"X\"]", 1);                                    /* staffed department */
    g_string_replace (t, "\"category\": \"2204\"", "\"category\": \"9999\"", 1);                 /* category */
    g_string_replace (t, "\"grid\": \"500223001001001\"", "\"grid\": \"500223001001\"", 1);    /* a community, not a grid */
    g_string_replace (t, camera, "00000000000000000000", 1);                                   /* camera */
    g_string_replace (t, worker, "W0", 1);                                                     /* worker */
    g_string_replace (t, "\"500223002001001\"]", "\"500223002099001\"]", 1);                   /* burst grid */
    g_string_replace (t, "\"department\": \"500223-D12\"}\n  ]", "\"department\": \"500223-D98\"}\n  ]", 1); /* expectation */
    s = parse (t->str, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (gw_scenario_check_county (s, db, &problems, &error));
    g_assert_error (error, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_COUNTY);
    g_assert_true (g_str_has_prefix (error->message, "line 9: seats[0].division: "));
    assert_problem (problems, 9, "seats[0].division");
    assert_problem (problems, 10, "seats[1].department");
    assert_problem (problems, 11, "seats[2].division");
    assert_problem (problems, 13, "world.staffed_departments[0]");
    assert_problem (problems, 15, "injections[0].category");
    assert_problem (problems, 16, "injections[0].grid");
    assert_problem (problems, 17, "injections[1].camera");
    assert_problem (problems, 19, "injections[2].worker");
    assert_problem (problems, 21, "injections[3].grids[1]");
    assert_problem (problems, 26, "expectations[0].department");
    if (problems->len != 10)
      dump_problems (problems);
    g_assert_cmpuint (problems->len, ==, 10);
    g_clear_error (&error);
    g_clear_pointer (&problems, g_ptr_array_unref);
    g_clear_pointer (&s, gw_scenario_unref);

    /* Read-only: the county is as it was. */
    after = gw_db_content_hash (db, NULL);
    g_assert_cmpstr (after, ==, changes_before);
  }

  /* Coordinates inside the county pass; far away they fail. */
  {
    g_autofree char *text = scenario_text (
      "[{\"id\": \"in\", \"at\": \"0s\", \"kind\": \"report\", \"category\": \"01\", \"lon\": LON, \"lat\": LAT, \"description\": \"x\"},\n"
      " {\"id\": \"out\", \"at\": \"0s\", \"kind\": \"report\", \"category\": \"01\", \"lon\": 100.0, \"lat\": 20.0, \"description\": \"x\"}]", NULL);
    g_autoptr(GwDivision) grid = gw_db_get_division (db, "500223001001001", &error);
    g_autofree char *lon = g_strdup_printf ("%.6f", grid->label_lon);
    g_autofree char *lat = g_strdup_printf ("%.6f", grid->label_lat);
    g_autoptr(GString) t = g_string_new (text);

    g_assert_no_error (error);
    g_string_replace (t, "LON", lon, 1);
    g_string_replace (t, "LAT", lat, 1);
    s = parse (t->str, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (gw_scenario_check_county (s, db, &problems, &error));
    g_assert_cmpuint (problems->len, ==, 1);
    assert_problem (problems, 8, "injections[1].lon");
  }

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *shipped = NULL;

  g_test_init (&argc, &argv, NULL);
  shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_setenv ("GW_SCENARIO_DIR", shipped, TRUE);

  g_test_add_func ("/scenario/shipped/parse", test_shipped_parse);
  g_test_add_func ("/scenario/shipped/tongnan", test_shipped_tongnan);
  g_test_add_func ("/scenario/shipped/docs-example", test_docs_example);
  g_test_add_func ("/scenario/errors/fixture", test_broken_fixture);
  g_test_add_func ("/scenario/errors/syntax", test_error_syntax);
  g_test_add_func ("/scenario/errors/fields", test_error_fields);
  g_test_add_func ("/scenario/durations", test_durations);
  g_test_add_func ("/scenario/texts", test_texts);
  g_test_add_func ("/scenario/burst", test_burst);
  g_test_add_func ("/scenario/adhoc", test_adhoc);
  g_test_add_func ("/scenario/boxed", test_boxed);
  g_test_add_func ("/scenario/county", test_county);
  return g_test_run ();
}
