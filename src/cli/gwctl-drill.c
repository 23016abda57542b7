/* gwctl-drill.c: `gridwatchctl drill prepare|run|score`.
 *
 *   prepare  copies a county (or generates the scenario's demo county) into a drill's own
 *            file, checks the scenario's codes against it and makes the seats' accounts
 *   run      plays the scenario headless: on a manual clock stepped from one due instant
 *            to the next as fast as the store writes (--speed max, the default), or on a
 *            scaled clock at 1× to 60× real time
 *   score    the score of a drill's file: text, JSON, or the after-action report as PDF,
 *            CSV or XLSX
 * The CLI has no main loop to protect, but GwDrill is asynchronous (its steps are store
 * jobs): `run` iterates the default main context until each step is written. */
#define G_LOG_DOMAIN "gridwatchctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-db.h"
#include "gw-drill-score.h"
#include "gw-drill.h"
#include "gw-json.h"
#include "gw-report-export.h"
#include "gw-scenario-private.h"
#include "gw-time.h"
#include "gwctl-drill.h"

/* Helpers ----------------------------------------------------------------------------------- */

static gboolean
parse (const char   *command,
       const char   *summary,
       GOptionEntry *entries,
       int          *argc,
       char       ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("gridwatchctl drill %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("gridwatchctl drill %s: %s\n", command, error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr ("gridwatchctl drill %s: ", command);
      g_printerr (_("unexpected argument “%s”\n"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
require (const char *command,
         const char *value,
         const char *option)
{
  if (value != NULL)
    return TRUE;
  g_printerr ("gridwatchctl drill %s: ", command);
  g_printerr (_("%s is required\n"), option);
  return FALSE;
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("gridwatchctl: %s: %s\n", what, error->message);
}

/* "FILE:LINE: field: message", one per line. */
static void
print_problems (const char *file,
                GPtrArray  *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const GwScenarioProblem *p = g_ptr_array_index (problems, i);
      g_autoptr(GString) line = g_string_new (file);

      if (p->line > 0)
        g_string_append_printf (line, ":%u", p->line);
      g_string_append (line, ": ");
      if (p->field != NULL && *p->field != '\0')
        g_string_append_printf (line, "%s: ", p->field);
      g_string_append (line, p->message);
      g_printerr ("%s\n", line->str);
    }
}

static GwScenario *
load_scenario (const char *path)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GwScenario *scenario = gw_scenario_new_from_file (path, &problems, &error);

  if (scenario != NULL)
    return scenario;
  if (problems != NULL && problems->len > 0)
    print_problems (path, problems);
  else
    fail (path, error);
  return NULL;
}

/* Opens a drill's copy made for `scenario`; NULL (said why) for anything else. */
static GwDb *
open_drill (const char *path,
            GwScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autofree char *id = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("gridwatchctl: ");
      g_printerr (_("%s: no such file\n"), path);
      return NULL;
    }
  db = gw_db_open (path, &error);
  if (db == NULL)
    {
      fail (path, error);
      return NULL;
    }
  if (!gw_db_is_drill (db))
    {
      g_printerr ("gridwatchctl: ");
      g_printerr (_("%s is not a drill’s copy: prepare one with “gridwatchctl drill prepare”\n"), path);
      return NULL;
    }
  id = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);
  if (g_strcmp0 (id, scenario->id) != 0)
    {
      g_printerr ("gridwatchctl: ");
      g_printerr (_("%s was prepared for the scenario “%s”, not “%s”\n"), path, id, scenario->id);
      return NULL;
    }
  return g_steal_pointer (&db);
}

static char *
clock_text (gint64 t)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (t);

  return g_date_time_format (local, "%H:%M:%S");
}

static char *
span_text (double seconds)
{
  gint64 s;

  if (!isfinite (seconds))
    return g_strdup ("—");
  s = (gint64) llround (seconds);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s",
                            s / 3600, s % 3600 / 60, s % 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s", s / 60, s % 60);
}

/* prepare --------------------------------------------------------------------------------- */

static char *
county_code (GwDb    *db,
             GError **error)
{
  g_autoptr(GPtrArray) tops = NULL;
  char *code = gw_db_get_meta (db, "county_code");

  if (code != NULL)
    return code;
  tops = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, error);
  if (tops == NULL)
    return NULL;
  if (tops->len == 0)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL, _("The drill’s copy holds no county"));
      return NULL;
    }
  return g_strdup (((GwDivision *) g_ptr_array_index (tops, 0))->code);
}

/* The seats' accounts (the server's accounts, with the scenario's passwords): made where
 * missing, as gridwatchd --drill does. */
static gboolean
make_accounts (GwDb       *db,
               GwScenario *scenario,
               guint      *made,
               GError    **error)
{
  g_autofree char *county = NULL;

  *made = 0;
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GwUser) user = NULL;
      g_autofree char *username = g_strdup (seat->username);
      const char *division = seat->division_code;
      const char *title = gw_scenario_text_get (&seat->title);
      g_autofree char *display = NULL;

      if (username == NULL)
        username = g_strconcat ("drill-", seat->id, NULL);
      user = gw_accounts_get_user (db, username, &local_error);
      if (user != NULL)
        continue;
      if (!g_error_matches (local_error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (seat->role == GW_ROLE_DEPARTMENT_HANDLER)
        division = NULL;
      else if (division == NULL)
        {
          if (county == NULL && (county = county_code (db, error)) == NULL)
            return FALSE;
          division = county;
        }
      /* Audit entries name the display name: one seats share would not tell them apart. */
      for (guint j = 0; title != NULL && j < scenario->seats->len; j++)
        {
          const GwScenarioSeat *other = g_ptr_array_index (scenario->seats, j);

          if (other != seat && g_strcmp0 (gw_scenario_text_get (&other->title), title) == 0)
            {
              display = g_strdup_printf ("%s（%s）", title, seat->id);
              title = display;
              break;
            }
        }
      if (!gw_accounts_add_drill_user (db, username, title ? title : seat->id, seat->role, division,
                                       seat->role == GW_ROLE_DEPARTMENT_HANDLER ? seat->department_code : NULL,
                                       seat->password ? seat->password : "drill", error))
        return FALSE;
      (*made)++;
    }
  return TRUE;
}

static void
remove_copy (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (path, suffixes[i], NULL);
      g_unlink (f);
    }
}

static int
drill_prepare (int    argc,
               char **argv)
{
  g_autofree char *scenario_path = NULL, *county = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, N_("The scenario to play"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &county, N_("The county to copy (only read; default: generate the scenario’s demo county)"), N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The drill’s copy to write (default: in the cache folder)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  guint made = 0;

  if (!parse ("prepare", _("Copies a county into a drill’s own file (the county is only read), marks it "
                           "and makes the seats’ accounts."), entries, &argc, &argv) ||
      !require ("prepare", scenario_path, "--scenario FILE"))
    return 2;
  if ((scenario = load_scenario (scenario_path)) == NULL)
    return 1;
  if (output == NULL)
    output = gw_drill_default_path (scenario->id);

  if (!gw_drill_prepare_database (county, output, scenario, &error))
    {
      fail (output, error);
      return 1;
    }
  db = gw_db_open (output, &error);
  if (db == NULL)
    {
      fail (output, error);
      return 1;
    }
  if (!gw_scenario_check_county (scenario, db, &problems, &error))
    {
      if (problems != NULL && problems->len > 0)
        print_problems (scenario_path, problems);
      else
        fail (scenario_path, error);
      g_clear_pointer (&db, gw_db_free);
      remove_copy (output);
      return 1;
    }
  if (!gw_db_begin (db, &error) || !make_accounts (db, scenario, &made, &error) || !gw_db_commit (db, &error))
    {
      gw_db_rollback (db);
      fail (output, error);
      g_clear_pointer (&db, gw_db_free);
      remove_copy (output);
      return 1;
    }
  g_print (_("Drill copy ready: %s\n"), output);
  g_print (_("Scenario %s: %u injections, %u expectations; %u seat accounts made\n"), scenario->id,
           scenario->injections->len, scenario->expectations->len, made);
  return 0;
}

/* run ------------------------------------------------------------------------------------- */

typedef struct {
  gboolean quiet;
  guint    applied;
  guint    failed;
  GAsyncResult *result;
} Run;

static void
on_applied (GwDrill            *drill,
            const GwDrillEvent *e,
            Run                *run)
{
  g_autofree char *at = clock_text (e->at);

  if (e->kind == GW_DRILL_EVENT_INJECTION)
    run->applied++;
  if (run->quiet)
    return;
  if (e->kind == GW_DRILL_EVENT_INJECTION)
    g_print (_("%s  injection %s: ticket %lld, %lld ms late\n"), at, e->ref, (long long) e->ticket_id,
             (long long) e->lag_ms);
  else
    g_print (_("%s  world: %s, ticket %lld\n"), at, e->ref, (long long) e->ticket_id);
}

static void
on_failed (GwDrill            *drill,
           const GwDrillEvent *e,
           Run                *run)
{
  g_autofree char *at = clock_text (e->at);

  run->failed++;
  g_printerr (_("%s  FAILED %s: %s\n"), at, e->ref, e->payload ? e->payload : "");
}

static void
on_note (GwDrill           *drill,
         const GwInjection *note,
         Run               *run)
{
  const char *text = gw_scenario_text_get (&note->text);

  if (!run->quiet)
    g_print (_("note: %s\n"), text ? text : "");
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Run *run)
{
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return run->result;
}

static gboolean
poll_once (GwDrill *drill,
           Run     *run)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  gw_drill_poll_async (drill, NULL, on_done, run);
  ok = gw_drill_poll_finish (drill, wait_for (run), &error);
  g_clear_object (&run->result);
  if (!ok)
    fail (_("the drill"), error);
  return ok;
}

static gboolean
on_until (gpointer user_data)
{
  GwDrill *drill = user_data;

  if (gw_drill_get_state (drill) != GW_DRILL_ENDED)
    gw_drill_end (drill, "gridwatchctl", NULL);
  return G_SOURCE_REMOVE;
}

static int
drill_run (int    argc,
           char **argv)
{
  g_autofree char *scenario_path = NULL, *db_path = NULL, *until_text = NULL, *speed_text = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, N_("The scenario to play"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The drill’s copy (gridwatchctl drill prepare)"), N_("PATH") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("End the drill this long after its start (e.g. 30m, 2h; default: its duration)"), N_("DURATION") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &speed_text, N_("max (as fast as it can be written; the default) or 1 to 60 times real time"), N_("SPEED") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only failures and the result"), NULL },
    { NULL }
  };
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwClock) clock = NULL;
  g_autoptr(GwDrill) drill = NULL;
  g_autoptr(GwDrillScore) score = NULL;
  Run run = { 0, };
  gint64 limit = 0, until = 0;
  double speed = 0;

  if (!parse ("run", _("Plays a scenario on a drill’s copy without seats’ windows: what the seats do "
                       "comes from elsewhere (a server, scripts); the world and the injections from the "
                       "scenario."), entries, &argc, &argv) ||
      !require ("run", scenario_path, "--scenario FILE") || !require ("run", db_path, "--db PATH"))
    return 2;
  if (until_text != NULL && (!_gw_scenario_parse_duration (until_text, &until) || until <= 0))
    {
      g_printerr ("gridwatchctl drill run: ");
      g_printerr (_("--until: “%s” is not a duration (90s, 10m, 2h, 1h30m)\n"), until_text);
      return 2;
    }
  if (speed_text != NULL && !g_str_equal (speed_text, "max"))
    {
      char *end = NULL;

      speed = g_ascii_strtod (speed_text, &end);
      if (end == speed_text || *end != '\0' || !(speed >= 1 && speed <= 60))
        {
          g_printerr ("gridwatchctl drill run: ");
          g_printerr (_("--speed: “%s” is neither max nor a number from 1 to 60\n"), speed_text);
          return 2;
        }
    }
  if ((scenario = load_scenario (scenario_path)) == NULL)
    return 1;
  {
    g_autoptr(GwDb) db = open_drill (db_path, scenario);
    g_autoptr(GPtrArray) events = NULL;

    if (db == NULL)
      return 1;
    events = gw_db_list_drill_events (db, 0, &error);
    if (events == NULL)
      {
        fail (db_path, error);
        return 1;
      }
    if (events->len > 0)
      {
        g_printerr ("gridwatchctl: ");
        g_printerr (_("%s has been played already: prepare a new copy to play the scenario again\n"), db_path);
        return 1;
      }
  }

  store = gw_store_new ();
  gw_store_open_async (store, db_path, NULL, on_done, &run);
  if (!gw_store_open_finish (store, wait_for (&run), &error))
    {
      fail (db_path, error);
      return 1;
    }
  g_clear_object (&run.result);

  run.quiet = quiet;
  clock = speed > 0 ? gw_clock_new_scaled (scenario->start, 0.0) : gw_clock_new_manual (scenario->start);
  drill = gw_drill_new (store, scenario, clock);
  g_signal_connect (drill, "applied", G_CALLBACK (on_applied), &run);
  g_signal_connect (drill, "failed", G_CALLBACK (on_failed), &run);
  g_signal_connect (drill, "note", G_CALLBACK (on_note), &run);
  limit = until > 0 ? MIN (scenario->start + until, gw_drill_get_end_at (drill)) : gw_drill_get_end_at (drill);

  if (speed > 0 && !gw_drill_set_speed (drill, speed, "gridwatchctl", &error))
    {
      fail (_("the drill"), error);
      return 1;
    }
  if (!gw_drill_start (drill, "gridwatchctl", &error))
    {
      fail (_("the drill"), error);
      return 1;
    }

  if (speed > 0)
    {
      /* Real time: the drill's own timer; ended at the limit if that comes first. */
      gint64 ms = gw_clock_ms_until (clock, limit);
      guint id = limit < gw_drill_get_end_at (drill) && ms >= 0
                   ? g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ms, on_until, g_object_ref (drill), g_object_unref)
                   : 0;

      while (gw_drill_get_state (drill) != GW_DRILL_ENDED)
        g_main_context_iteration (NULL, TRUE);
      if (id != 0 && gw_clock_get_now (clock) < limit)
        g_source_remove (id);
    }
  else
    {
      if (!poll_once (drill, &run))
        return 1;
      while (gw_drill_get_state (drill) != GW_DRILL_ENDED)
        {
          gint64 next = gw_drill_get_next_due (drill);

          if (next == 0)
            break;
          if (next > limit)
            {
              gw_clock_set_now (clock, limit);
              if (!poll_once (drill, &run))
                return 1;
              gw_drill_end (drill, "gridwatchctl", NULL);
              break;
            }
          gw_clock_set_now (clock, next);
          if (!poll_once (drill, &run))
            return 1;
        }
    }
  if (!poll_once (drill, &run))
    return 1;
  g_clear_object (&drill);
  gw_store_close (store);

  {
    g_autoptr(GwDb) db = gw_db_open (db_path, &error);

    if (db == NULL || (score = gw_drill_score_compute (db, scenario, 0, &error)) == NULL)
      {
        fail (db_path, error);
        return 1;
      }
  }
  g_print (_("Drill ended: %u injections applied, %u actions failed. Score %.1f of 100 (%u of %u points).\n"),
           run.applied, run.failed, score->total, score->points_met, score->points);
  return 0;
}

/* score ----------------------------------------------------------------------------------- */

static void
print_timing (const char          *who,
              GwDrillMeasure       m,
              const GwDrillTiming *t)
{
  g_autofree char *median = span_text (t->median_seconds);
  g_autofree char *mean = span_text (t->mean_seconds);

  g_print ("  %-16s %-12s %5u  %10s  %10s\n", who, gw_drill_measure_to_string (m), t->count, median, mean);
}

static void
print_rate (const char *label,
            GwRate      rate)
{
  double v = gw_rate_value (rate);

  if (isnan (v))
    g_print ("  %-14s %8s  (%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ")\n", label, "—", rate.numerator, rate.denominator);
  else
    g_print ("  %-14s %7.2f%%  (%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ")\n", label, v * 100, rate.numerator,
             rate.denominator);
}

static void
print_score (const GwDrillScore *score)
{
  g_autofree char *from = clock_text (score->start);
  g_autofree char *to = clock_text (score->end);

  g_print (_("Drill %s, %s to %s\n"), score->scenario->id, from, to);
  g_print (_("Score %.1f of 100: %u of %u points, %u of %u expectations met\n"), score->total, score->points_met,
           score->points, score->team.met, score->team.expectations);

  g_print ("\n%s\n", _("Expectations:"));
  for (guint i = 0; i < score->expectations->len; i++)
    {
      const GwDrillExpectationResult *r = g_ptr_array_index (score->expectations, i);
      g_autofree char *due = r->due_at ? clock_text (r->due_at) : g_strdup ("—");
      g_autofree char *done = r->done_at ? clock_text (r->done_at) : g_strdup ("—");
      g_autofree char *late = r->late_by > 0 ? span_text (r->late_by) : g_strdup ("");

      g_print ("  %-14s %-22s %-8s %3u  %s %s  %s %s  %s %s  %s\n", r->expectation->id,
               gw_expect_kind_to_string (r->expectation->kind), gw_drill_outcome_to_string (r->outcome),
               r->expectation->points, _("due"), due, _("done"), done, _("by"), r->done_by ? r->done_by : "—",
               late);
    }

  g_print ("\n%s\n", _("Seats (actions, expectations met, points met):"));
  for (guint i = 0; i <= score->seats->len; i++)
    {
      const GwDrillSeatScore *s = i < score->seats->len ? g_ptr_array_index (score->seats, i) : &score->team;

      g_print ("  %-16s %5u  %3u/%-3u  %4u/%-4u\n", s->seat ? s->seat->id : _("team"), s->n_actions, s->met,
               s->expectations, s->points_met, s->points);
    }

  g_print ("\n%s\n", _("Times from the report (tickets, median, mean):"));
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    print_timing (_("team"), m, &score->team.timings[m]);
  for (guint i = 0; i < score->seats->len; i++)
    {
      const GwDrillSeatScore *s = g_ptr_array_index (score->seats, i);
      for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
        if (s->timings[m].count > 0)
          print_timing (s->seat->id, m, &s->timings[m]);
    }

  g_print ("\n");
  g_print (_("Deadlines kept: sign for %u of %u, handle %u of %u\n"), score->sign_deadlines_kept,
           score->sign_deadlines_due, score->handle_deadlines_kept, score->handle_deadlines_due);
  g_print ("%s\n", _("The three rates:"));
  print_rate (_("response"), score->figures.response);
  print_rate (_("resolution"), score->figures.resolution);
  print_rate (_("satisfaction"), score->figures.satisfaction);
  g_print (_("Injections: %u applied, %u actions failed; lag median %.0f ms, largest %lld ms\n"),
           score->n_injections, score->n_failed, isnan (score->median_lag_ms) ? 0.0 : score->median_lag_ms,
           (long long) score->max_lag_ms);
}

static int
drill_score (int    argc,
             char **argv)
{
  g_autofree char *scenario_path = NULL, *db_path = NULL, *format_text = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, N_("The scenario the drill played"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The drill’s copy"), N_("PATH") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("text, json, pdf, csv or xlsx (default: text, or the output file’s extension)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (needed for pdf, csv and xlsx)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GwDrillScore) score = NULL;
  GwReportFormat format = GW_REPORT_FORMAT_PDF;
  gboolean report = FALSE;

  if (!parse ("score", _("The score of a drill: expectations met, times per seat and for the team, deadlines "
                         "kept, the three rates; as text, JSON, or the after-action report."),
              entries, &argc, &argv) ||
      !require ("score", scenario_path, "--scenario FILE") || !require ("score", db_path, "--db PATH"))
    return 2;
  if (format_text == NULL && output != NULL)
    {
      const char *dot = strrchr (output, '.');
      if (dot != NULL && (gw_report_format_from_string (dot + 1, &format) || g_str_equal (dot + 1, "json")))
        format_text = g_strdup (dot + 1);
    }
  if (format_text == NULL)
    format_text = g_strdup ("text");
  if (!g_str_equal (format_text, "text") && !g_str_equal (format_text, "json"))
    {
      if (!gw_report_format_from_string (format_text, &format))
        {
          g_printerr ("gridwatchctl drill score: ");
          g_printerr (_("--format: “%s” is not one of text, json, pdf, csv, xlsx\n"), format_text);
          return 2;
        }
      if (!require ("score", output, "--output FILE"))
        return 2;
      if (!gw_report_format_is_available (format, &error))
        {
          fail (format_text, error);
          return 1;
        }
      report = TRUE;
    }
  if ((scenario = load_scenario (scenario_path)) == NULL || (db = open_drill (db_path, scenario)) == NULL)
    return 1;
  score = gw_drill_score_compute (db, scenario, 0, &error);
  if (score == NULL)
    {
      fail (db_path, error);
      return 1;
    }

  if (report)
    {
      g_autofree char *county = gw_db_get_meta (db, "county_name");
      g_autoptr(GwReport) r = gw_drill_score_to_report (score, county);
      guint pages = 0;

      if (!gw_report_export (r, format, output, &pages, &error))
        {
          fail (output, error);
          return 1;
        }
      if (pages > 0)
        g_print (_("Wrote %s (%u pages)\n"), output, pages);
      else
        g_print (_("Wrote %s\n"), output);
      return 0;
    }
  if (g_str_equal (format_text, "json"))
    {
      g_autoptr(JsonNode) node = gw_drill_score_to_json (score);
      g_autofree char *text = json_to_string (node, TRUE);

      if (output != NULL)
        {
          if (!g_file_set_contents (output, text, -1, &error))
            {
              fail (output, error);
              return 1;
            }
          g_print (_("Wrote %s\n"), output);
        }
      else
        g_print ("%s\n", text);
      return 0;
    }
  print_score (score);
  return 0;
}

/* The command ------------------------------------------------------------------------------ */

int
gwctl_drill (int    argc,
             char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "prepare"))
    return drill_prepare (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "run"))
    return drill_run (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "score"))
    return drill_score (argc - 1, argv + 1);
  g_printerr ("%s\n", _("Usage: gridwatchctl drill prepare|run|score [OPTIONS…]"));
  g_printerr ("  prepare --scenario FILE [--db COUNTY] [--output DRILL.db]\n");
  g_printerr ("  run     --scenario FILE --db DRILL.db [--until DURATION] [--speed max|1…60]\n");
  g_printerr ("  score   --scenario FILE --db DRILL.db [--format text|json|pdf|csv|xlsx] [--output FILE]\n");
  return 2;
}
