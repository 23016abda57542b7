/* gridwatchctl: the administrator's command line. Demo data, imports, exports, figures,
 * user accounts. */
#define G_LOG_DOMAIN "gridwatchctl"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <gio/gunixoutputstream.h>

#include "gw-accounts.h"
#include "gw-audit.h"
#include "gw-class-case.h"
#include "gw-dashboard.h"
#include "gw-db.h"
#include "gw-demo.h"
#include "gw-import.h"
#include "gw-json.h"
#include "gw-report-export.h"
#include "gw-stats.h"
#include "gw-time.h"
#include "gwctl-drill.h"
#include "gwctl-scenario.h"

typedef int (*CommandFunc) (int argc, char **argv);

static char *opt_db = NULL;

static void
print_error (const char *what,
             GError     *error)
{
  g_printerr ("gridwatchctl: %s: %s\n", what, error->message);
}

static GwDb *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  GwDb *db;

  if (opt_db == NULL)
    {
      g_printerr ("gridwatchctl: %s\n", _("--db PATH is required"));
      return NULL;
    }
  db = gw_db_open (opt_db, &error);
  if (db == NULL)
    print_error (opt_db, error);
  return db;
}

static gboolean
parse_options (const char    *command,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("gridwatchctl %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("gridwatchctl %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

/* demo ---------------------------------------------------------------------------------- */

static void
on_demo_progress (const char *stage,
                  double      fraction,
                  gpointer    user_data)
{
  gboolean *quiet = user_data;
  if (!*quiet)
    g_printerr ("\r%-12s %3.0f %%", _(stage), fraction * 100);
  if (!*quiet && fraction >= 1.0)
    g_printerr ("\n");
}

static int
cmd_demo (int    argc,
          char **argv)
{
  g_autofree char *profile_name = NULL;
  g_autofree char *now_text = NULL;
  gint seed = 1;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to create"), N_("PATH") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("tongnan (the real scale) or small (for tests)"), N_("NAME") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed: the same seed gives the same county"), N_("N") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The instant the history ends (ISO 8601; default: the start of the current hour)"), N_("TIME") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not print progress"), NULL },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  GwDemoProfile profile = GW_DEMO_PROFILE_TONGNAN;
  gint64 now;
  gint64 t0;

  if (!parse_options ("demo", NULL, _("Generates the demo county (Tongnan, 500223) in an empty database."),
                      entries, &argc, &argv))
    return 2;
  if (profile_name && !gw_demo_profile_from_string (profile_name, &profile))
    {
      g_printerr ("gridwatchctl demo: %s\n", _("--profile must be tongnan or small"));
      return 2;
    }
  if (seed < 0)
    {
      g_printerr ("gridwatchctl demo: %s\n", _("--seed must not be negative"));
      return 2;
    }
  if (now_text)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now_text, NULL);
      if (dt == NULL)
        {
          g_printerr ("gridwatchctl demo: %s\n", _("--now must be an ISO 8601 date and time with a time zone, e.g. 2026-11-22T00:00:00+08:00"));
          return 2;
        }
      now = g_date_time_to_unix (dt);
    }
  else
    now = gw_demo_default_now (g_get_real_time () / G_USEC_PER_SEC);

  if (opt_db == NULL)
    {
      g_printerr ("gridwatchctl: %s\n", _("--db PATH is required"));
      return 1;
    }
  t0 = g_get_monotonic_time ();
  if (!g_file_test (opt_db, G_FILE_TEST_EXISTS))
    {
      /* A new file is made beside the target and renamed into place when complete, so
       * an interrupted run never leaves a half county behind. */
      g_autofree char *partial = g_strconcat (opt_db, ".partial", NULL);
      g_autofree char *partial_wal = g_strconcat (partial, "-wal", NULL);
      g_autofree char *partial_shm = g_strconcat (partial, "-shm", NULL);
      g_autofree char *partial_journal = g_strconcat (partial, "-journal", NULL);
      const char *leftovers[] = { partial, partial_wal, partial_shm, partial_journal };

      for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
        g_unlink (leftovers[i]);
      db = gw_db_open (partial, &error);
      if (db == NULL || !gw_demo_generate (db, profile, (guint32) seed, now, on_demo_progress, &quiet, &error))
        {
          print_error (_("making the demo county"), error);
          g_clear_pointer (&db, gw_db_free);
          for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
            g_unlink (leftovers[i]);
          return 1;
        }
      g_clear_pointer (&db, gw_db_free);
      if (g_rename (partial, opt_db) != 0)
        {
          int saved = errno;
          g_printerr ("gridwatchctl: %s: %s\n", opt_db, g_strerror (saved));
          return 1;
        }
    }
  else
    {
      if ((db = open_db ()) == NULL)
        return 1;
      if (!gw_demo_generate (db, profile, (guint32) seed, now, on_demo_progress, &quiet, &error))
        {
          print_error (_("making the demo county"), error);
          return 1;
        }
    }
  if (!quiet)
    g_print (_("Demo county written to %s in %.1f s\n"), opt_db,
             (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

/* imports -------------------------------------------------------------------------------- */

typedef gboolean (*ImportFunc) (GwDb *, const char *, gsize, guint *, GError **);

static int
run_import (const char *command,
            const char *summary,
            ImportFunc  import,
            int         argc,
            char      **argv)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to import into"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  guint n = 0;

  if (!parse_options (command, _("FILE"), summary, entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("gridwatchctl %s: %s\n", command, _("give exactly one FILE"));
      return 2;
    }
  if (!g_file_get_contents (argv[1], &data, &length, &error))
    {
      print_error (argv[1], error);
      return 1;
    }
  if ((db = open_db ()) == NULL)
    return 1;
  if (!import (db, data, length, &n, &error))
    {
      g_printerr ("gridwatchctl %s: %s: %s\n", command, argv[1], error->message);
      g_printerr ("gridwatchctl %s: %s\n", command, _("nothing was imported; the database is unchanged"));
      return 1;
    }
  g_print (ngettext ("Imported %u record from %s\n", "Imported %u records from %s\n", n), n, argv[1]);
  return 0;
}

static int
cmd_import_divisions (int    argc,
                      char **argv)
{
  return run_import ("import-divisions",
                     _("Imports divisions from a GeoJSON FeatureCollection (all or nothing)."),
                     gw_import_divisions_geojson, argc, argv);
}

static int
cmd_import_cameras (int    argc,
                    char **argv)
{
  return run_import ("import-cameras",
                     _("Imports cameras from CSV with a header: id, name, lon, lat, division, main_uri, sub_uri, ptz, heading (all or nothing)."),
                     gw_import_cameras_csv, argc, argv);
}

/* export --------------------------------------------------------------------------------- */

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  gboolean ok;

  if (!parse_options ("export", "divisions|cameras|tickets",
                      _("Writes divisions as GeoJSON, cameras as CSV or tickets as JSON Lines."),
                      entries, &argc, &argv))
    return 2;
  if (argc != 2 || !g_strv_contains ((const char *const[]) { "divisions", "cameras", "tickets", NULL }, argv[1]))
    {
      g_printerr ("gridwatchctl export: %s\n", _("say what to export: divisions, cameras or tickets"));
      return 2;
    }
  if ((db = open_db ()) == NULL)
    return 1;
  if (output)
    {
      /* Written beside the target and renamed into place, so a failure leaves no half file. */
      file = g_file_new_for_commandline_arg (output);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
      if (out == NULL)
        {
          print_error (output, error);
          return 1;
        }
    }
  else
    out = g_unix_output_stream_new (1, FALSE);
  {
    GOutputStream *buffered = g_buffered_output_stream_new_sized (out, 1 << 16);
    g_object_unref (out);
    out = buffered;
  }

  if (g_str_equal (argv[1], "divisions"))
    ok = gw_export_divisions_geojson (db, out, &error);
  else if (g_str_equal (argv[1], "cameras"))
    ok = gw_export_cameras_csv (db, out, &error);
  else
    ok = gw_export_tickets_jsonl (db, out, &error);
  if (!ok || !g_output_stream_close (out, NULL, &error))
    {
      print_error (_("exporting"), error);
      return 1;
    }
  return 0;
}

/* stats ---------------------------------------------------------------------------------- */

static int
cmd_stats (int    argc,
           char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *now_text = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The instant figures refer to (ISO 8601; default: now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSummary) s = NULL;
  gint64 now = 0;

  if (!parse_options ("stats", NULL, _("Prints counts per level and per state."), entries, &argc, &argv))
    return 2;
  if (now_text)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now_text, NULL);
      if (dt == NULL)
        {
          g_printerr ("gridwatchctl stats: %s\n", _("--now must be an ISO 8601 date and time with a time zone"));
          return 2;
        }
      now = g_date_time_to_unix (dt);
    }
  if ((db = open_db ()) == NULL)
    return 1;
  s = gw_db_get_summary (db, now, &error);
  if (s == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      g_autofree char *now_iso = gw_json_format_time (s->now);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "county");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, s->county_code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, s->county_name);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "now");
      json_builder_add_string_value (b, now_iso);
      json_builder_set_member_name (b, "divisions");
      json_builder_begin_object (b);
      for (guint l = 0; l < GW_N_LEVELS; l++)
        {
          json_builder_set_member_name (b, gw_level_to_string (l));
          json_builder_add_int_value (b, s->divisions[l]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "tickets");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, s->tickets_total);
      json_builder_set_member_name (b, "open");
      json_builder_add_int_value (b, s->tickets_open);
      json_builder_set_member_name (b, "emergency_open");
      json_builder_add_int_value (b, s->tickets_emergency_open);
      json_builder_set_member_name (b, "overdue_open");
      json_builder_add_int_value (b, s->tickets_overdue_open);
      json_builder_set_member_name (b, "today");
      json_builder_add_int_value (b, s->tickets_today);
      json_builder_set_member_name (b, "by_state");
      json_builder_begin_object (b);
      for (guint st = 0; st < GW_N_STATES; st++)
        {
          json_builder_set_member_name (b, gw_ticket_state_to_string (st));
          json_builder_add_int_value (b, s->tickets_by_state[st]);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "cameras");
      json_builder_add_int_value (b, s->cameras);
      json_builder_set_member_name (b, "workers");
      json_builder_add_int_value (b, s->workers);
      json_builder_set_member_name (b, "workers_on_duty");
      json_builder_add_int_value (b, s->workers_on_duty);
      json_builder_set_member_name (b, "departments");
      json_builder_add_int_value (b, s->departments);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = gw_json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }

  g_print ("%s %s\n", s->county_name ? s->county_name : "-", s->county_code ? s->county_code : "");
  g_print ("%s\n", _("Divisions per level:"));
  for (guint l = 0; l < GW_N_LEVELS; l++)
    g_print ("  %-10s %8" G_GINT64_FORMAT "\n", gw_level_to_string (l), s->divisions[l]);
  g_print ("%s\n", _("Tickets per state:"));
  for (guint st = 0; st < GW_N_STATES; st++)
    g_print ("  %-10s %8" G_GINT64_FORMAT "\n", gw_ticket_state_to_string (st), s->tickets_by_state[st]);
  g_print ("  %-10s %8" G_GINT64_FORMAT "\n", "total", s->tickets_total);
  g_print ("  %-10s %8" G_GINT64_FORMAT "\n", "open", s->tickets_open);
  /* Translators: the number of cameras, workers … follows the label. */
  g_print (_("Cameras: %lld\n"), (long long) s->cameras);
  g_print (_("Grid workers: %lld (%lld on duty)\n"), (long long) s->workers,
           (long long) s->workers_on_duty);
  g_print (_("Departments: %lld\n"), (long long) s->departments);
  return 0;
}

/* figures -------------------------------------------------------------------------------- */

static gboolean
parse_time_option (const char  *command,
                   const char  *option,
                   const char  *text,
                   gint64      *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    {
      /* A bare date is a day in the county's time zone. */
      g_autofree char *with_time = g_strconcat (text, "T00:00:00+08:00", NULL);
      dt = g_date_time_new_from_iso8601 (with_time, NULL);
    }
  if (dt == NULL)
    {
      g_printerr ("gridwatchctl %s: ", command);
      g_printerr (_("%s must be a date (2026-11-01) or an ISO 8601 date and time\n"), option);
      return FALSE;
    }
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static void
add_rate (JsonBuilder *b,
          const char  *name,
          GwRate       rate)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "numerator");
  json_builder_add_int_value (b, rate.numerator);
  json_builder_set_member_name (b, "denominator");
  json_builder_add_int_value (b, rate.denominator);
  json_builder_set_member_name (b, "value");
  if (rate.denominator > 0)
    json_builder_add_double_value (b, gw_rate_value (rate));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
print_rate (const char *label,
            GwRate      rate)
{
  if (rate.denominator > 0)
    g_print ("  %-28s %6.2f %%  (%lld / %lld)\n", label, 100.0 * gw_rate_value (rate),
             (long long) rate.numerator, (long long) rate.denominator);
  else
    g_print ("  %-28s      —    (0 / 0)\n", label);
}

static void
print_average (const char *label,
               double      seconds,
               gint64      n)
{
  if (n > 0)
    g_print ("  %-28s %8.1f h  (n = %lld)\n", label, seconds / 3600.0, (long long) n);
  else
    g_print ("  %-28s      —\n", label);
}

/* figures dashboard: every figure of the commander's dashboard as JSON. The window is the
 * --days county days ending with --date; the lights are read now (or at --now). */
static int
cmd_figures_dashboard (int    argc,
                       char **argv)
{
  g_autofree char *date_text = NULL, *now_text = NULL, *division = NULL;
  gint days = 30, top = GW_DASHBOARD_DEFAULT_TOP_N;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The window's last day (default: today)"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days in the window (default: 30)"), N_("N") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this division (any level)"), N_("CODE") },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("Rows in each ranking and list (default: 10)"), N_("N") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The instant the lights are read at (ISO 8601; default: now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDashboardFigures) f = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GwDashboardQuery q = { 0, };
  gint64 day;

  if (!parse_options ("figures dashboard", NULL,
                      _("Prints every figure of the commander's dashboard as JSON, for the --days days ending with --date."),
                      entries, &argc, &argv))
    return 2;
  if (argc != 1)
    {
      g_printerr ("gridwatchctl figures dashboard: %s\n", _("unexpected arguments"));
      return 2;
    }
  if (days < 1 || days > 3660)
    {
      g_printerr ("gridwatchctl figures dashboard: %s\n", _("--days must be between 1 and 3660"));
      return 2;
    }
  if (top < 1 || top > GW_DASHBOARD_MAX_TOP_N)
    {
      g_printerr ("gridwatchctl figures dashboard: %s\n", _("--top must be between 1 and 1000"));
      return 2;
    }
  q.now = g_get_real_time () / G_USEC_PER_SEC;
  if (!parse_time_option ("figures dashboard", "--now", now_text, &q.now))
    return 2;
  day = q.now;
  if (!parse_time_option ("figures dashboard", "--date", date_text, &day))
    return 2;
  /* The county's days are 24 hours long (UTC+8, no daylight saving). */
  q.to = gw_time_start_of_day (day) + 86400;
  q.from = q.to - (gint64) days * 86400;
  q.division_code = division;
  q.top_n = (guint) top;
  if ((db = open_db ()) == NULL)
    return 1;
  f = gw_db_dashboard_figures (db, &q, &error);
  if (f == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  root = gw_dashboard_figures_to_json (f);
  text = gw_json_to_string (root, TRUE);
  g_print ("%s\n", text);
  return 0;
}

static int
cmd_figures (int    argc,
             char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *division = NULL, *department = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the window (default: 30 days before --to)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the window, exclusive (default: now)"), N_("DATE") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this division (any level)"), N_("CODE") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only tickets dispatched or whistled to this department"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwFigures) f = NULL;
  GwStatsQuery q = { 0, };

  if (argc >= 2 && g_str_equal (argv[1], "dashboard"))
    return cmd_figures_dashboard (argc - 1, argv + 1);
  if (!parse_options ("figures", "[dashboard]",
                      _("Prints the response, resolution and satisfaction rates and the closure figures of the tickets reported in a window, with their denominators."),
                      entries, &argc, &argv))
    return 2;
  q.to = g_get_real_time () / G_USEC_PER_SEC;
  if (!parse_time_option ("figures", "--to", to_text, &q.to))
    return 2;
  q.from = q.to - 30 * 86400;
  if (!parse_time_option ("figures", "--from", from_text, &q.from))
    return 2;
  q.division_code = division;
  q.department_code = department;
  if ((db = open_db ()) == NULL)
    return 1;
  f = gw_db_get_figures (db, &q, &error);
  if (f == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL, *from_iso = gw_json_format_time (q.from), *to_iso = gw_json_format_time (q.to);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, from_iso);
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, to_iso);
      json_builder_set_member_name (b, "reported");
      json_builder_add_int_value (b, f->reported);
      json_builder_set_member_name (b, "rejected");
      json_builder_add_int_value (b, f->rejected);
      json_builder_set_member_name (b, "dispatched");
      json_builder_add_int_value (b, f->dispatched);
      json_builder_set_member_name (b, "closed");
      json_builder_add_int_value (b, f->closed);
      json_builder_set_member_name (b, "open");
      json_builder_add_int_value (b, f->open);
      json_builder_set_member_name (b, "evaluated");
      json_builder_add_int_value (b, f->evaluated);
      add_rate (b, "response_rate", f->response);
      add_rate (b, "resolution_rate", f->resolution);
      add_rate (b, "satisfaction_rate", f->satisfaction);
      add_rate (b, "closure_rate", f->closure);
      add_rate (b, "on_time_closure_rate", f->on_time_closure);
      add_rate (b, "grassroots_closure_rate", f->grassroots_closure);
      add_rate (b, "reopen_rate", f->reopen);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = gw_json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }
  g_print (_("Reported %lld, rejected %lld, dispatched %lld, closed %lld, open %lld, evaluated %lld\n"),
           (long long) f->reported, (long long) f->rejected, (long long) f->dispatched,
           (long long) f->closed, (long long) f->open, (long long) f->evaluated);
  print_rate (_("Response rate"), f->response);
  print_rate (_("Resolution rate"), f->resolution);
  print_rate (_("Satisfaction rate"), f->satisfaction);
  print_rate (_("Closure rate"), f->closure);
  print_rate (_("On-time closure rate"), f->on_time_closure);
  print_rate (_("Grassroots closure rate"), f->grassroots_closure);
  print_rate (_("Reopen rate"), f->reopen);
  print_average (_("Average time to sign for"), f->avg_sign_seconds, f->n_sign);
  print_average (_("Average handling time"), f->avg_handle_seconds, f->n_handle);
  print_average (_("Average check time"), f->avg_check_seconds, f->n_check);
  print_average (_("Average time to close"), f->avg_total_seconds, f->n_total);
  return 0;
}

/* class-cases and league ------------------------------------------------------------------ */

static gboolean
parse_format_option (const char *command,
              const char *text,
              gboolean   *as_json)
{
  if (text == NULL || g_str_equal (text, "text"))
    *as_json = FALSE;
  else if (g_str_equal (text, "json"))
    *as_json = TRUE;
  else
    {
      g_printerr ("gridwatchctl %s: %s\n", command, _("--format must be text or json"));
      return FALSE;
    }
  return TRUE;
}

static char *
local_day_text (gint64 t)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (t);
  return g_date_time_format (local, "%Y-%m-%d");
}

static void
add_time_member (JsonBuilder *b,
          const char  *name,
          gint64       t)
{
  g_autofree char *text = gw_json_format_time (t);

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, text);
}

static void
add_class_case (JsonBuilder       *b,
                guint              index,
                const GwClassCase *cc)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, index);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, gw_class_case_kind_to_string (cc->kind));
  json_builder_set_member_name (b, "subcategory");
  json_builder_add_string_value (b, cc->category_code);
  json_builder_set_member_name (b, "division");
  json_builder_add_string_value (b, cc->division_code);
  json_builder_set_member_name (b, "division_name");
  json_builder_add_string_value (b, cc->division_name);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, cc->lon);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, cc->lat);
  json_builder_set_member_name (b, "radius_m");
  json_builder_add_double_value (b, cc->radius_m);
  add_time_member (b, "first", cc->first_at);
  add_time_member (b, "last", cc->last_at);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, cc->ticket_ids->len);
  json_builder_set_member_name (b, "open");
  json_builder_add_int_value (b, cc->n_open);
  json_builder_set_member_name (b, "reopened");
  json_builder_add_int_value (b, cc->n_reopened);
  json_builder_set_member_name (b, "department");
  json_builder_add_string_value (b, cc->department_code);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, cc->title);
  json_builder_set_member_name (b, "ticket_ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < cc->ticket_ids->len; i++)
    json_builder_add_int_value (b, g_array_index (cc->ticket_ids, gint64, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "numbers");
  json_builder_begin_array (b);
  for (guint i = 0; i < cc->numbers->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (cc->numbers, i));
  json_builder_end_array (b);
  if (cc->weekly)
    {
      json_builder_set_member_name (b, "weekly");
      json_builder_begin_array (b);
      for (guint i = 0; i < cc->weekly->len; i++)
        json_builder_add_int_value (b, g_array_index (cc->weekly, guint, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "recent");
      json_builder_add_int_value (b, cc->recent);
      json_builder_set_member_name (b, "expected");
      json_builder_add_double_value (b, cc->expected);
    }
  json_builder_end_object (b);
}

static void
print_class_case (guint              index,
                  const GwClassCase *cc)
{
  g_autoptr(GString) numbers = g_string_new (NULL);

  for (guint i = 0; i < cc->numbers->len && i < 8; i++)
    g_string_append_printf (numbers, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (cc->numbers, i));
  if (cc->numbers->len > 8)
    g_string_append_printf (numbers, ", … (%u)", cc->numbers->len);
  g_print ("%4u  %-9s %s\n", index, gw_class_case_kind_to_string (cc->kind), cc->title);
  /* Translators: the division code, how many tickets are open and reopened, the department. */
  g_print ("      ");
  g_print (_("%s · %u open · %u reopened · department %s\n"), cc->division_code ? cc->division_code : "—",
           cc->n_open, cc->n_reopened, cc->department_code ? cc->department_code : "—");
  g_print ("      %s\n", numbers->str);
}

/* --kind grid,nearby,… as bits. */
static gboolean
parse_class_case_kinds (const char *text,
             guint      *kinds)
{
  g_auto(GStrv) names = NULL;

  *kinds = 0;
  if (text == NULL)
    return TRUE;
  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i]; i++)
    {
      GwClassCaseKind kind;

      if (!gw_class_case_kind_from_string (g_strstrip (names[i]), &kind))
        {
          g_printerr ("gridwatchctl class-cases: ");
          g_printerr (_("unknown kind of class case “%s” (grid, nearby, returning or hotspot)\n"), names[i]);
          return FALSE;
        }
      *kinds |= 1u << kind;
    }
  return TRUE;
}

static int
open_class_case (GwDb        *db,
                 GPtrArray   *cases,
                 gint         index,
                 const char  *username,
                 const char  *department,
                 gint64       now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(GwTicket) t = NULL;
  GwClassCase *cc;
  GwActor actor;

  if (index < 1 || (guint) index > cases->len)
    {
      g_printerr ("gridwatchctl class-cases: ");
      g_printerr (_("there is no class case %d: the search found %u\n"), index, cases->len);
      return 1;
    }
  cc = g_ptr_array_index (cases, index - 1);
  if ((user = gw_accounts_get_user (db, username, &error)) == NULL)
    {
      print_error (username, error);
      return 1;
    }
  if (user->disabled)
    {
      g_printerr ("gridwatchctl class-cases: ");
      g_printerr (_("user %s is disabled\n"), username);
      return 1;
    }
  actor = gw_user_as_actor (user);
  t = gw_db_open_class_case (db, &actor, cc, department, now, NULL, NULL, &error);
  if (t == NULL)
    {
      print_error (_("opening the class case"), error);
      g_printerr ("gridwatchctl class-cases: %s\n", _("nothing was written; the database is unchanged"));
      return 1;
    }
  g_print (_("Class case %s opened from %u tickets: dispatched to %s and supervised\n"), t->number,
           cc->ticket_ids->len, t->department_code);
  return 0;
}

static int
cmd_class_cases (int    argc,
                 char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *division = NULL, *format = NULL, *kinds_text = NULL;
  g_autofree char *as = NULL, *department = NULL, *now_text = NULL;
  gint min_count = GW_CLASS_CASE_DEFAULT_MIN_COUNT, days = GW_CLASS_CASE_DEFAULT_DAYS;
  gint return_days = GW_CLASS_CASE_DEFAULT_RETURN_DAYS, limit = 0, open_index = 0;
  double metres = GW_CLASS_CASE_DEFAULT_METRES;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the window (default: 90 days before --to)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the window, exclusive (default: now)"), N_("DATE") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this division (any level)"), N_("CODE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kinds_text, N_("Only these kinds: grid, nearby, returning, hotspot (comma-separated)"), N_("KINDS") },
    { "min", 0, 0, G_OPTION_ARG_INT, &min_count, N_("Reports that make a recurrence (default: 5)"), N_("N") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days a recurrence falls within (default: 30)"), N_("M") },
    { "metres", 0, 0, G_OPTION_ARG_DOUBLE, &metres, N_("Distance in metres that counts as the same place (default: 100)"), N_("D") },
    { "return-days", 0, 0, G_OPTION_ARG_INT, &return_days, N_("Days after a closure in which a report is a return (default: 30)"), N_("K") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many class cases (default: all)"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text or json (default: text)"), N_("FORMAT") },
    { "open", 0, 0, G_OPTION_ARG_INT, &open_index, N_("Make class case number N into a supervised ticket"), N_("N") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("--open: the user who opens it (a street officer, the district center or a commander)"), N_("USER") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("--open: the department to dispatch it to (default: the one suggested)"), N_("CODE") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("--open: the instant it is opened (ISO 8601; default: now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GwClassCaseQuery q;
  gboolean as_json = FALSE;
  guint kinds = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, from, to;

  if (!parse_options ("class-cases", NULL,
                      _("Finds class cases (类案) among the tickets reported in a window: the same subcategory again and again in one grid or one place, problems back after closure, and rising hot spots. With --open, makes one of them a supervised ticket for the department that can fix the cause."),
                      entries, &argc, &argv))
    return 2;
  if (!parse_format_option ("class-cases", format, &as_json) || !parse_class_case_kinds (kinds_text, &kinds))
    return 2;
  if (min_count < 2 || days < 1 || return_days < 1 || limit < 0 || open_index < 0)
    {
      g_printerr ("gridwatchctl class-cases: %s\n", _("--min must be at least 2; --days and --return-days at least 1"));
      return 2;
    }
  if (open_index > 0 && as == NULL)
    {
      g_printerr ("gridwatchctl class-cases: %s\n", _("--open needs --as USER"));
      return 2;
    }
  to = now;
  if (!parse_time_option ("class-cases", "--to", to_text, &to))
    return 2;
  from = to - 90 * 86400;
  if (!parse_time_option ("class-cases", "--from", from_text, &from) ||
      !parse_time_option ("class-cases", "--now", now_text, &now))
    return 2;
  gw_class_case_query_init (&q, from, to);
  if (kinds != 0)
    q.kinds = kinds;
  q.division_code = division;
  q.min_count = (guint) min_count;
  q.days = (guint) days;
  q.metres = metres;
  q.return_days = (guint) return_days;
  q.limit = (guint) limit;
  if ((db = open_db ()) == NULL)
    return 1;
  cases = gw_db_find_class_cases (db, &q, &error);
  if (cases == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  if (open_index > 0)
    return open_class_case (db, cases, open_index, as, department, now);

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      add_time_member (b, "from", from);
      add_time_member (b, "to", to);
      json_builder_set_member_name (b, "min");
      json_builder_add_int_value (b, q.min_count);
      json_builder_set_member_name (b, "days");
      json_builder_add_int_value (b, q.days);
      json_builder_set_member_name (b, "metres");
      json_builder_add_double_value (b, q.metres);
      json_builder_set_member_name (b, "return_days");
      json_builder_add_int_value (b, q.return_days);
      json_builder_set_member_name (b, "cases");
      json_builder_begin_array (b);
      for (guint i = 0; i < cases->len; i++)
        add_class_case (b, i + 1, g_ptr_array_index (cases, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = gw_json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }
  {
    g_autofree char *first = local_day_text (from), *last = local_day_text (to - 1);
    g_print (ngettext ("%u class case among the tickets reported %s – %s\n",
                       "%u class cases among the tickets reported %s – %s\n", cases->len),
             cases->len, first, last);
  }
  for (guint i = 0; i < cases->len; i++)
    print_class_case (i + 1, g_ptr_array_index (cases, i));
  return 0;
}

static const char *
league_heading (GwLeagueGrouping by,
                GwLeagueMeasure  measure)
{
  if (measure == GW_LEAGUE_ON_TIME_CLOSURE)
    return by == GW_LEAGUE_BY_STREET ? _("Streets by on-time closure rate") : _("Departments by on-time closure rate");
  return by == GW_LEAGUE_BY_STREET ? _("Streets by satisfaction rate") : _("Departments by satisfaction rate");
}

static int
cmd_league (int    argc,
            char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *division = NULL, *format = NULL, *by_text = NULL;
  gint min_sample = GW_LEAGUE_DEFAULT_MIN_SAMPLE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text, N_("street or department"), N_("GROUP") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the window (default: 30 days before --to)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the window, exclusive (default: now)"), N_("DATE") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this division (any level)"), N_("CODE") },
    { "min-sample", 0, 0, G_OPTION_ARG_INT, &min_sample, N_("Leave out groups with a smaller denominator (default: 20)"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text or json (default: text)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwLeague) league = NULL;
  GwLeagueQuery q = { 0, };
  gboolean as_json = FALSE;

  if (!parse_options ("league", NULL,
                      _("Ranks streets or departments by on-time closure rate and by satisfaction rate for the tickets reported in a window, with numerators and denominators; those with too small a sample are listed apart."),
                      entries, &argc, &argv))
    return 2;
  if (!parse_format_option ("league", format, &as_json))
    return 2;
  if (g_strcmp0 (by_text, "street") == 0)
    q.by = GW_LEAGUE_BY_STREET;
  else if (g_strcmp0 (by_text, "department") == 0)
    q.by = GW_LEAGUE_BY_DEPARTMENT;
  else
    {
      g_printerr ("gridwatchctl league: %s\n", _("--by must be street or department"));
      return 2;
    }
  if (min_sample < 1)
    {
      g_printerr ("gridwatchctl league: %s\n", _("--min-sample must be at least 1"));
      return 2;
    }
  q.to = g_get_real_time () / G_USEC_PER_SEC;
  if (!parse_time_option ("league", "--to", to_text, &q.to))
    return 2;
  q.from = q.to - 30 * 86400;
  if (!parse_time_option ("league", "--from", from_text, &q.from))
    return 2;
  q.division_code = division;
  q.min_sample = (guint) min_sample;
  if ((db = open_db ()) == NULL)
    return 1;
  league = gw_db_get_league (db, &q, &error);
  if (league == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }

  if (as_json)
    {
      static const char *const measures[GW_N_LEAGUE_MEASURES] = { "on_time_closure_rate", "satisfaction_rate" };
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "by");
      json_builder_add_string_value (b, by_text);
      add_time_member (b, "from", q.from);
      add_time_member (b, "to", q.to);
      json_builder_set_member_name (b, "min_sample");
      json_builder_add_int_value (b, league->min_sample);
      for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
        {
          json_builder_set_member_name (b, measures[m]);
          json_builder_begin_object (b);
          for (guint part = 0; part < 2; part++)
            {
              GArray *rows = part == 0 ? league->ranked[m] : league->excluded[m];

              json_builder_set_member_name (b, part == 0 ? "ranked" : "excluded");
              json_builder_begin_array (b);
              for (guint i = 0; i < rows->len; i++)
                {
                  const GwLeagueRow *row = &g_array_index (rows, GwLeagueRow, i);

                  json_builder_begin_object (b);
                  if (part == 0)
                    {
                      json_builder_set_member_name (b, "rank");
                      json_builder_add_int_value (b, row->rank);
                    }
                  json_builder_set_member_name (b, "code");
                  json_builder_add_string_value (b, row->code);
                  json_builder_set_member_name (b, "name");
                  json_builder_add_string_value (b, row->name);
                  add_rate (b, "rate", row->rate);
                  json_builder_end_object (b);
                }
              json_builder_end_array (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = gw_json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }

  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      g_autofree char *first = local_day_text (q.from), *last = local_day_text (q.to - 1);
      GArray *excluded = league->excluded[m];

      if (m > 0)
        g_print ("\n");
      g_print ("%s, %s – %s\n", league_heading (q.by, m), first, last);
      for (guint i = 0; i < league->ranked[m]->len; i++)
        {
          const GwLeagueRow *row = &g_array_index (league->ranked[m], GwLeagueRow, i);

          /* The name goes last: Chinese text would push later columns out of line. */
          g_print ("  %3u  %-14s %6.2f %%  (%lld / %lld)  %s\n", row->rank, row->code,
                   100.0 * gw_rate_value (row->rate), (long long) row->rate.numerator,
                   (long long) row->rate.denominator, row->name);
        }
      if (excluded->len > 0)
        {
          g_print ("  ");
          /* Translators: the minimum sample, then how many were left out. */
          g_print (_("Left out, a denominator under %u (%u):\n"), league->min_sample, excluded->len);
          for (guint i = 0; i < excluded->len; i++)
            {
              const GwLeagueRow *row = &g_array_index (excluded, GwLeagueRow, i);
              g_print ("       %-14s %lld / %lld  %s\n", row->code, (long long) row->rate.numerator,
                       (long long) row->rate.denominator, row->name);
            }
        }
    }
  return 0;
}

/* report --------------------------------------------------------------------------------- */

/* A day written YYYY-MM-DD, nothing else. */
static gboolean
parse_day (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  char rest;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", year, month, day, &rest) == 3;
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *date_text = NULL, *division = NULL, *format_text = NULL, *output = NULL;
  g_autofree char *now_text = NULL;
  gboolean per_street = FALSE;
  gint top = GW_REPORT_DEFAULT_TOP_N, overdue_limit = GW_REPORT_DEFAULT_OVERDUE_LIMIT;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to read"), N_("PATH") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("A day of the period, in the county's calendar"), N_("YYYY-MM-DD") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this division (any level; default: the whole county)"), N_("CODE") },
    { "pages-per-street", 0, 0, G_OPTION_ARG_NONE, &per_street, N_("Add a section for each street in the division (a page of its own in a PDF)"), NULL },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("How many of the most frequent subcategories to list (default: 3)"), N_("N") },
    { "overdue-limit", 0, 0, G_OPTION_ARG_INT, &overdue_limit, N_("How many overdue tickets to list per section, 0 for all (default: 100)"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("pdf, csv or xlsx (default: the output file's extension)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The time the report says it was made (ISO 8601; default: now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwReport) report = NULL;
  g_autofree char *dir = NULL;
  GwReportOptions options;
  GwReportFormat format;
  gint64 from, to;
  guint pages = 0;

  gw_report_options_init (&options);
  if (!parse_options ("report", "daily|weekly|monthly",
                      _("Writes the daily, weekly or monthly report of a division: the totals, the closure rates and the three rates with their denominators, the sources, the most frequent problems, the streets and the departments, and the tickets overdue at the end of the period — as PDF, CSV or XLSX."),
                      entries, &argc, &argv))
    return 2;
  if (argc != 2 || !gw_report_period_from_string (argv[1], &options.period))
    {
      g_printerr ("gridwatchctl report: %s\n", _("say which report: daily, weekly or monthly"));
      return 2;
    }
  if (date_text == NULL)
    {
      g_printerr ("gridwatchctl report: %s\n", _("--date YYYY-MM-DD is required"));
      return 2;
    }
  if (!parse_day (date_text, &options.year, &options.month, &options.day))
    {
      g_printerr ("gridwatchctl report: ");
      g_printerr (_("--date must be a day written YYYY-MM-DD, e.g. 2026-11-21, not “%s”\n"), date_text);
      return 2;
    }
  if (!gw_report_window (options.period, options.year, options.month, options.day, &from, &to, &error))
    {
      g_printerr ("gridwatchctl report: --date: %s\n", error->message);
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("gridwatchctl report: %s\n", _("--output FILE is required"));
      return 2;
    }
  if (format_text == NULL)
    {
      const char *dot = strrchr (output, '.');
      format_text = g_strdup (dot && !strchr (dot, G_DIR_SEPARATOR) ? dot + 1 : "");
    }
  if (!gw_report_format_from_string (format_text, &format))
    {
      g_printerr ("gridwatchctl report: %s\n", _("--format must be pdf, csv or xlsx"));
      return 2;
    }
  if (top < 1 || top > 100)
    {
      g_printerr ("gridwatchctl report: %s\n", _("--top must be between 1 and 100"));
      return 2;
    }
  if (overdue_limit < 0)
    {
      g_printerr ("gridwatchctl report: %s\n", _("--overdue-limit must not be negative"));
      return 2;
    }
  if (now_text)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);
      if (now == NULL)
        {
          g_printerr ("gridwatchctl report: %s\n", _("--now must be an ISO 8601 date and time with a time zone, e.g. 2026-11-22T00:00:00+08:00"));
          return 2;
        }
      options.generated_at = g_date_time_to_unix (now);
    }
  /* What cannot be written is said before any work is done. */
  if (!gw_report_format_is_available (format, &error))
    {
      g_printerr ("gridwatchctl report: %s\n", error->message);
      return 1;
    }
  dir = g_path_get_dirname (output);
  if (g_file_test (output, G_FILE_TEST_IS_DIR) || g_access (dir, W_OK) != 0)
    {
      int saved = errno;
      g_printerr ("gridwatchctl report: ");
      g_printerr (_("Cannot write the report to %s: %s\n"), output,
                  g_file_test (output, G_FILE_TEST_IS_DIR) ? _("it is a directory") : g_strerror (saved));
      return 1;
    }
  options.division_code = division;
  options.per_street = per_street;
  options.top_n = (guint) top;
  options.overdue_limit = (guint) overdue_limit;
  if ((db = open_db ()) == NULL)
    return 1;
  report = gw_report_build (db, &options, &error);
  if (report == NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  if (!gw_report_export (report, format, output, &pages, &error))
    {
      g_printerr ("gridwatchctl report: %s\n", error->message);
      return 1;
    }
  if (format == GW_REPORT_FORMAT_PDF)
    g_print (_("Report written to %s, %u pages\n"), output, pages);
  else
    g_print (_("Report written to %s\n"), output);
  return 0;
}

/* audit ---------------------------------------------------------------------------------- */

static int
cmd_audit (int    argc,
           char **argv)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database to check"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 broken = 0, n = 0;

  if (!parse_options ("audit", "verify", _("Checks the hash chain of the audit log."),
                      entries, &argc, &argv))
    return 2;
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_printerr ("gridwatchctl audit: %s\n", _("the only audit command is “verify”"));
      return 2;
    }
  if ((db = open_db ()) == NULL)
    return 1;
  if (gw_audit_verify (db, &broken, &n, &error))
    {
      g_print (ngettext ("The audit log is intact: %lld entry checked.\n",
                         "The audit log is intact: %lld entries checked.\n", (gulong) n),
               (long long) n);
      return 0;
    }
  if (error != NULL)
    {
      print_error (opt_db, error);
      return 1;
    }
  g_printerr (_("The audit log has been tampered with: entry %lld does not match the chain.\n"),
              (long long) broken);
  return 3;
}

/* user ----------------------------------------------------------------------------------- */

/* A password is at most 256 characters, so at most 1024 bytes of UTF-8 and an end of line. */
#define PASSWORD_LINE_MAX 1026

/* One line from standard input without its end of line, in buf; FALSE with a message when
 * there is none or it is too long. */
static gboolean
read_line (char  *buf,
           gsize  size)
{
  gsize len;

  if (fgets (buf, (int) size, stdin) == NULL)
    {
      g_printerr ("gridwatchctl user: %s\n", _("no password on standard input"));
      return FALSE;
    }
  len = strlen (buf);
  if (len > 0 && buf[len - 1] == '\n')
    buf[--len] = '\0';
  else if (!feof (stdin))
    {
      int c;
      while ((c = getchar ()) != EOF && c != '\n')
        ;
      sodium_memzero (buf, size);
      g_printerr ("gridwatchctl user: %s\n", _("the password is too long"));
      return FALSE;
    }
  if (len > 0 && buf[len - 1] == '\r')
    buf[--len] = '\0';
  return TRUE;
}

/* Prompts on the terminal with echo off. */
static gboolean
prompt_line (const char *prompt,
             char       *buf,
             gsize       size)
{
  struct termios saved, quiet;
  gboolean echo_off, ok;

  g_printerr ("%s", prompt);
  echo_off = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (echo_off)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  ok = read_line (buf, size);
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  return ok;
}

/* The new password: one line of standard input, or typed twice at a terminal. */
static char *
read_password (void)
{
  char first[PASSWORD_LINE_MAX], second[PASSWORD_LINE_MAX];
  char *password;

  if (!isatty (STDIN_FILENO))
    {
      if (!read_line (first, sizeof first))
        return NULL;
    }
  else
    {
      if (!prompt_line (_("New password: "), first, sizeof first))
        return NULL;
      if (!prompt_line (_("Repeat the new password: "), second, sizeof second))
        {
          sodium_memzero (first, sizeof first);
          return NULL;
        }
      if (!g_str_equal (first, second))
        {
          sodium_memzero (first, sizeof first);
          sodium_memzero (second, sizeof second);
          g_printerr ("gridwatchctl user: %s\n", _("the two passwords differ"));
          return NULL;
        }
      sodium_memzero (second, sizeof second);
    }
  password = g_strdup (first);
  sodium_memzero (first, sizeof first);
  return password;
}

static void
free_password (char *password)
{
  if (password)
    sodium_memzero (password, strlen (password));
  g_free (password);
}

static void
list_roles (void)
{
  g_printerr ("%s", _("Roles:"));
  for (guint r = 0; r < GW_N_ROLES; r++)
    g_printerr (" %s", gw_role_to_string (r));
  g_printerr ("\n");
}

static int
user_list (GwDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Names only: everything else comes through the accounts API, which never hands out a
   * password hash. */
  if (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT username FROM users ORDER BY username",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("gridwatchctl user: %s: %s\n", opt_db, sqlite3_errmsg (gw_db_get_handle (db)));
      return 1;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_printerr ("gridwatchctl user: %s: %s\n", opt_db, sqlite3_errmsg (gw_db_get_handle (db)));
      return 1;
    }
  if (names->len == 0)
    {
      g_print ("%s\n", _("No users."));
      return 0;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GwUser) user = gw_accounts_get_user (db, g_ptr_array_index (names, i), &error);

      if (user == NULL)
        {
          print_error (g_ptr_array_index (names, i), error);
          return 1;
        }
      /* The display name goes last: Chinese text would push later columns out of line. */
      g_print ("%-20s %-18s %-20s %-8s %s\n", user->username, gw_role_to_string (user->role),
               user->division_code ? user->division_code :
               user->department_code ? user->department_code : "-",
               user->disabled ? _("disabled") : _("active"), user->display_name);
    }
  return 0;
}

static int
cmd_user (int    argc,
          char **argv)
{
  g_autofree char *username = NULL, *display_name = NULL, *role_name = NULL;
  g_autofree char *division = NULL, *department = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The database holding the accounts"), N_("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("The login name: 3 to 32 of a–z, 0–9 and . _ -"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("add: the name shown to others, e.g. 张三"), N_("TEXT") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name, N_("add: grid_worker, community_staff, street_officer, commander, department_handler or district_center"), N_("ROLE") },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("add: the division the user works in (every role but department_handler)"), N_("CODE") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("add: the department of a department_handler"), N_("CODE") },
    { NULL }
  };
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;
  GwRole role = GW_ROLE_GRID_WORKER;

  if (!parse_options ("user", "add|passwd|disable|enable|list",
                      _("Manages the server's user accounts. add and passwd read the password from standard input (one line), or ask for it twice at a terminal; it is never given on the command line."),
                      entries, &argc, &argv))
    return 2;
  if (argc != 2 || !g_strv_contains ((const char *const[]) { "add", "passwd", "disable", "enable", "list", NULL }, argv[1]))
    {
      g_printerr ("gridwatchctl user: %s\n", _("say what to do: add, passwd, disable, enable or list"));
      return 2;
    }
  what = argv[1];
  if (!g_str_equal (what, "list") && username == NULL)
    {
      g_printerr ("gridwatchctl user %s: %s\n", what, _("--username NAME is required"));
      return 2;
    }
  if (g_str_equal (what, "add"))
    {
      if (display_name == NULL)
        {
          g_printerr ("gridwatchctl user add: %s\n", _("--name TEXT is required"));
          return 2;
        }
      if (role_name == NULL)
        {
          g_printerr ("gridwatchctl user add: %s\n", _("--role ROLE is required"));
          list_roles ();
          return 2;
        }
      if (!gw_role_from_string (role_name, &role))
        {
          g_printerr ("gridwatchctl user add: ");
          g_printerr (_("unknown role “%s”\n"), role_name);
          list_roles ();
          return 2;
        }
    }
  if ((db = open_db ()) == NULL)
    return 1;

  if (g_str_equal (what, "list"))
    return user_list (db);

  if (g_str_equal (what, "add") || g_str_equal (what, "passwd"))
    {
      char *password = read_password ();
      gboolean ok;

      if (password == NULL)
        return 1;
      if (g_str_equal (what, "add"))
        ok = gw_accounts_add_user (db, username, display_name, role, division, department, password, &error);
      else
        ok = gw_accounts_set_password (db, username, password, &error);
      free_password (password);
      if (!ok)
        {
          print_error (username, error);
          return 1;
        }
      if (g_str_equal (what, "add"))
        g_print (_("User %s added as %s\n"), username, role_name);
      else
        g_print (_("Password of %s changed; their open sessions are closed\n"), username);
      return 0;
    }

  if (!gw_accounts_set_disabled (db, username, g_str_equal (what, "disable"), &error))
    {
      print_error (username, error);
      return 1;
    }
  if (g_str_equal (what, "disable"))
    g_print (_("User %s disabled; their open sessions are closed\n"), username);
  else
    g_print (_("User %s enabled\n"), username);
  return 0;
}

/* main ----------------------------------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "demo", cmd_demo, N_("Generate the demo county") },
  { "import-divisions", cmd_import_divisions, N_("Import divisions from GeoJSON") },
  { "import-cameras", cmd_import_cameras, N_("Import cameras from CSV") },
  { "export", cmd_export, N_("Export divisions, cameras or tickets") },
  { "stats", cmd_stats, N_("Print counts per level and per state") },
  { "figures", cmd_figures, N_("Print the three rates and the closure figures for a window") },
  { "class-cases", cmd_class_cases, N_("Find class cases (类案) and make one a supervised ticket") },
  { "league", cmd_league, N_("Rank streets or departments by on-time closure and satisfaction rates") },
  { "report", cmd_report, N_("Write a daily, weekly or monthly report as PDF, CSV or XLSX") },
  { "audit", cmd_audit, N_("Verify the audit log's hash chain (audit verify)") },
  { "user", cmd_user, N_("Manage user accounts (user add|passwd|disable|enable|list)") },
  { "scenario", gwctl_scenario, N_("Check drill scenarios (scenario validate FILE [--db COUNTY] | list)") },
  { "drill", gwctl_drill, N_("Run a drill (drill prepare|run|score)") },
};

static void
usage (void)
{
  g_printerr ("%s\n", _("Usage: gridwatchctl COMMAND [OPTIONS…]"));
  g_printerr ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-18s %s\n", commands[i].name, _(commands[i].summary));
  g_printerr ("\n%s\n", _("Run “gridwatchctl COMMAND --help” for a command's options."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("GW_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage ();
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gridwatchctl %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);
  g_printerr (_("gridwatchctl: unknown command “%s”\n"), argv[1]);
  usage ();
  return 2;
}
