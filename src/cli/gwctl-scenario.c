/* gwctl-scenario.c: `gridwatchctl scenario validate FILE [--db COUNTY]` and `gridwatchctl
 * scenario list`: check drill scenarios (docs/SCENARIOS.md) before a drill is run. */
#define G_LOG_DOMAIN "gridwatchctl"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-db.h"
#include "gw-json.h"
#include "gw-scenario.h"
#include "gwctl-scenario.h"

/* "FILE:LINE: field: message", one per line: the form editors and compilers use. */
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

/* `text` padded with spaces to `width` columns (a Chinese character takes two). */
static char *
padded (const char *text,
        guint       width)
{
  GString *out = g_string_new (text);
  guint columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  while (columns++ < width)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/* "  label          value" */
static void
print_row (const char *label,
           const char *value)
{
  g_autofree char *cell = padded (label, 14);

  g_print ("  %s %s\n", cell, value);
}

static void
count_kinds (GwScenario *scenario,
             guint       counts[GW_N_INJECTION_KINDS])
{
  for (guint k = 0; k < GW_N_INJECTION_KINDS; k++)
    counts[k] = 0;
  for (guint i = 0; i < scenario->injections->len; i++)
    {
      const GwInjection *inj = g_ptr_array_index (scenario->injections, i);
      counts[inj->kind]++;
    }
}

static guint
total_points (GwScenario *scenario)
{
  guint points = 0;

  for (guint i = 0; i < scenario->expectations->len; i++)
    points += ((const GwExpectation *) g_ptr_array_index (scenario->expectations, i))->points;
  return points;
}

static char *
format_span (gint64 seconds)
{
  gint64 d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;

  if (d > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d%02" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m", d, h, m);
  if (h > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m", h, m);
  return g_strdup_printf ("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s", m, seconds % 60);
}

static void
print_summary (const char *file,
               GwScenario *scenario,
               const char *db_path)
{
  guint counts[GW_N_INJECTION_KINDS];
  g_autofree char *start = gw_json_format_time (scenario->start);
  g_autofree char *span = format_span (scenario->duration);

  count_kinds (scenario, counts);
  if (db_path != NULL)
    g_print (_("%s: valid, and every code is in %s\n"), file, db_path);
  else
    g_print (_("%s: valid (codes not checked: give --db COUNTY to check them)\n"), file);
  print_row (_("id"), scenario->id);
  print_row (_("title"), gw_scenario_text_get (&scenario->title));
  if (scenario->profile != NULL)
    {
      g_autofree char *county = g_strdup_printf ("%s, %s %u", scenario->profile, _("seed"), scenario->seed);
      print_row (_("county"), county);
    }
  print_row (_("start"), start);
  print_row (_("duration"), span);
  {
    g_autofree char *speed = g_strdup_printf ("%g×", scenario->speed);
    g_autofree char *seats = g_strdup_printf ("%u", scenario->seats->len);
    g_autoptr(GString) injections = g_string_new (NULL);
    g_autofree char *expectations = NULL;

    print_row (_("speed"), speed);
    print_row (_("seats"), seats);
    g_string_printf (injections, "%u", scenario->injections->len);
    for (guint k = 0, n = 0; k < GW_N_INJECTION_KINDS; k++)
      if (counts[k] > 0)
        g_string_append_printf (injections, "%s %s %u", n++ == 0 ? " —" : ",",
                                gw_injection_kind_to_string (k), counts[k]);
    print_row (_("injections"), injections->str);
    expectations = g_strdup_printf (_("%u (%u points)"), scenario->expectations->len,
                                    total_points (scenario));
    print_row (_("expectations"), expectations);
  }
}

static int
validate (const char *file,
          const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GwScenario) scenario = NULL;

  scenario = gw_scenario_new_from_file (file, &problems, &error);
  if (scenario == NULL)
    {
      if (problems != NULL && problems->len > 0)
        print_problems (file, problems);
      else
        g_printerr ("%s: %s\n", file, error->message);
      return 1;
    }
  if (db_path != NULL)
    {
      g_autoptr(GwDb) db = NULL;

      if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
        {
          g_printerr (_("%s: no such county database\n"), db_path);
          return 1;
        }
      db = gw_db_open (db_path, &error);
      if (db == NULL)
        {
          g_printerr ("%s: %s\n", db_path, error->message);
          return 1;
        }
      g_clear_pointer (&problems, g_ptr_array_unref);
      if (!gw_scenario_check_county (scenario, db, &problems, &error))
        {
          if (problems != NULL && problems->len > 0)
            print_problems (file, problems);
          else
            g_printerr ("%s: %s\n", db_path, error->message);
          return 1;
        }
    }
  print_summary (file, scenario, db_path);
  return 0;
}

static int
list (void)
{
  g_auto(GStrv) files = gw_scenario_list_shipped ();
  int status = 0;

  if (files[0] == NULL)
    {
      g_printerr (_("No scenarios in %s\n"), gw_scenario_get_shipped_folder ());
      return 1;
    }
  /* TRANSLATORS: column headings of `gridwatchctl scenario list` */
  {
    g_autofree char *id = padded (_("ID"), 28);
    g_autofree char *duration = padded (_("DURATION"), 9);
    g_autofree char *seats = padded (_("SEATS"), 6);
    g_autofree char *injections = padded (_("INJECTIONS"), 11);
    g_autofree char *expectations = padded (_("EXPECTATIONS"), 13);

    g_print ("%s %s %s %s %s %s\n", id, duration, seats, injections, expectations, _("TITLE"));
  }
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GwScenario) scenario = gw_scenario_new_from_file (files[i], &problems, &error);
      g_autofree char *span = NULL;

      if (scenario == NULL)
        {
          g_printerr ("%s: %s\n", files[i], error->message);
          status = 1;
          continue;
        }
      span = format_span (scenario->duration);
      g_print ("%-28s %-9s %-6u %-11u %-13u %s\n", scenario->id, span, scenario->seats->len,
               scenario->injections->len, scenario->expectations->len,
               gw_scenario_text_get (&scenario->title));
    }
  return status;
}

int
gwctl_scenario (int    argc,
                char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("validate: also check the codes against this county database"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("validate FILE | list"));
  g_autoptr(GError) error = NULL;

  g_set_prgname ("gridwatchctl scenario");
  g_option_context_set_summary (context,
                                _("Checks drill scenarios (docs/SCENARIOS.md).\n\n"
                                  "  validate FILE   Parse FILE and report every problem as "
                                  "FILE:LINE: field: message\n"
                                  "  list            The scenarios shipped with Gridwatch"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gridwatchctl scenario: %s\n", error->message);
      return 2;
    }
  if (argc == 3 && g_str_equal (argv[1], "validate"))
    return validate (argv[2], db_path);
  if (argc == 2 && g_str_equal (argv[1], "list"))
    return list ();
  g_printerr ("%s\n", _("Usage: gridwatchctl scenario validate FILE [--db COUNTY] | list"));
  return 2;
}
