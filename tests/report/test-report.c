/* The reports: built in process and by gridwatchctl on the scratch demo county, in zh_CN,
 * and read back — the CSV parsed, the XLSX unzipped, the PDF rendered — against gw-stats
 * for the same window. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "gw-report.h"
#include "gw-stats.h"
#include "gw-time.h"
#include "test-county.h"

#define NOW 1795276800  /* 2026-11-22T00:00:00+08:00: the demo's history ends here */

static char *county_dir;
static char *county_path;
static GwDb *county;

/* Running gridwatchctl ------------------------------------------------------------------ */

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
run (const char *first,
     ...)
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
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

/* A tool's standard output, or NULL (and the test skipped) when it is not installed. */
static char *
tool_output (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_find_program_in_path (argv[0]);
  char *out = NULL;
  int wait_status;

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (build-aux/install-deps)", argv[0]);
      g_test_skip (message);
      return NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  return out;
}

static char *
scratch (const char *name)
{
  return g_build_filename (county_dir, name, NULL);
}

/* What gw-stats says --------------------------------------------------------------------- */

static GwFigures *
figures_for (gint64      from,
             gint64      to,
             const char *division,
             const char *department)
{
  g_autoptr(GError) error = NULL;
  GwStatsQuery q = { from, to, division, department };
  GwFigures *f = gw_db_get_figures (county, &q, &error);

  g_assert_no_error (error);
  return f;
}

static char *
percent_text (GwRate rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (rate.denominator == 0)
    return g_strdup ("");
  g_ascii_formatd (buf, sizeof buf, "%.2f", 100.0 * (double) rate.numerator / (double) rate.denominator);
  return g_strconcat (buf, "%", NULL);
}

/* The window ----------------------------------------------------------------------------- */

static void
assert_window (GwReportPeriod period,
               int            y,
               int            m,
               int            d,
               const char    *from_iso,
               const char    *to_iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 (from_iso, NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 (to_iso, NULL);
  gint64 f, t;

  g_assert_true (gw_report_window (period, y, m, d, &f, &t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f, ==, g_date_time_to_unix (from));
  g_assert_cmpint (t, ==, g_date_time_to_unix (to));
}

static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  gint64 f, t;

  /* Days, weeks and months of the county's calendar (UTC+8), whatever TZ says. */
  assert_window (GW_REPORT_DAILY, 2026, 11, 21, "2026-11-21T00:00:00+08:00", "2026-11-22T00:00:00+08:00");
  assert_window (GW_REPORT_WEEKLY, 2026, 11, 18, "2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00");
  assert_window (GW_REPORT_WEEKLY, 2026, 11, 16, "2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00");
  assert_window (GW_REPORT_WEEKLY, 2026, 11, 22, "2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00");
  /* ISO week 53 of 2026 runs into 2027. */
  assert_window (GW_REPORT_WEEKLY, 2027, 1, 1, "2026-12-28T00:00:00+08:00", "2027-01-04T00:00:00+08:00");
  assert_window (GW_REPORT_MONTHLY, 2026, 10, 15, "2026-10-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00");
  assert_window (GW_REPORT_MONTHLY, 2026, 12, 31, "2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00");
  assert_window (GW_REPORT_MONTHLY, 2028, 2, 29, "2028-02-01T00:00:00+08:00", "2028-03-01T00:00:00+08:00");

  g_assert_false (gw_report_window (GW_REPORT_DAILY, 2026, 2, 29, &f, &t, &error));
  g_assert_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gw_report_window (GW_REPORT_MONTHLY, 2026, 13, 1, &f, &t, &error));
  g_assert_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_INVALID);
}

/* The report in process ------------------------------------------------------------------ */

static GwReport *
build_listing (GwReportPeriod  period,
               int             y,
               int             m,
               int             d,
               const char     *division,
               gboolean        per_street,
               guint           overdue_limit)
{
  g_autoptr(GError) error = NULL;
  GwReportOptions options;
  GwReport *report;

  gw_report_options_init (&options);
  options.period = period;
  options.year = y;
  options.month = m;
  options.day = d;
  options.division_code = division;
  options.per_street = per_street;
  options.overdue_limit = overdue_limit;
  options.generated_at = NOW + 9 * 3600;
  report = gw_report_build (county, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static GwReport *
build (GwReportPeriod  period,
       int             y,
       int             m,
       int             d,
       const char     *division,
       gboolean        per_street)
{
  return build_listing (period, y, m, d, division, per_street, GW_REPORT_DEFAULT_OVERDUE_LIMIT);
}

static gint64
int_cell (const GwReportTable *t,
          guint                row,
          guint                column)
{
  const GwReportCell *cell = gw_report_table_get_cell (t, row, column);

  g_assert_cmpint (cell->kind, ==, GW_REPORT_CELL_INTEGER);
  return cell->integer;
}

static void
assert_rate_cells (const GwReportTable *t,
                   guint                row,
                   guint                column,
                   GwRate               rate)
{
  const GwReportCell *cell = gw_report_table_get_cell (t, row, column);

  g_assert_cmpint (cell->kind, ==, GW_REPORT_CELL_PERCENT);
  if (rate.denominator == 0)
    g_assert_true (isnan (cell->number));
  else
    g_assert_cmpfloat (cell->number, ==, gw_rate_value (rate));
  g_assert_cmpint (int_cell (t, row, column + 1), ==, rate.numerator);
  g_assert_cmpint (int_cell (t, row, column + 2), ==, rate.denominator);
}

/* The rates table's rows, in order, as gw-stats names them. */
static void
rates_of (const GwFigures *f,
          GwRate           rates[7])
{
  rates[0] = f->closure;
  rates[1] = f->on_time_closure;
  rates[2] = f->response;
  rates[3] = f->resolution;
  rates[4] = f->satisfaction;
  rates[5] = f->grassroots_closure;
  rates[6] = f->reopen;
}

static void
assert_section_matches (const GwReportSection *section,
                        const GwFigures       *f)
{
  const GwReportTable *totals = gw_report_section_get_table (section, "totals");
  const GwReportTable *rates = gw_report_section_get_table (section, "rates");
  const GwReportTable *sources = gw_report_section_get_table (section, "by-source");
  const GwReportTable *kinds = gw_report_section_get_table (section, "by-kind");
  const GwReportTable *top = gw_report_section_get_table (section, "top-subcategories");
  const gint64 expected_totals[] = {
    f->reported, f->reported - f->rejected, f->rejected, f->dispatched, f->closed, f->open, f->evaluated,
  };
  GwRate expected_rates[7];
  gint64 sum = 0;

  g_assert_nonnull (totals);
  g_assert_cmpuint (totals->n_rows, ==, G_N_ELEMENTS (expected_totals));
  for (guint r = 0; r < totals->n_rows; r++)
    g_assert_cmpint (int_cell (totals, r, 1), ==, expected_totals[r]);

  g_assert_nonnull (rates);
  rates_of (f, expected_rates);
  g_assert_cmpuint (rates->n_rows, ==, 7);
  for (guint r = 0; r < 7; r++)
    assert_rate_cells (rates, r, 1, expected_rates[r]);

  /* Every ticket has one source and one kind. */
  for (guint r = 0; r < sources->n_rows; r++)
    {
      sum += int_cell (sources, r, 1);
      g_assert_cmpint (int_cell (sources, r, 3), ==, f->reported);
    }
  g_assert_cmpint (sum, ==, f->reported);
  sum = 0;
  for (guint r = 0; r < kinds->n_rows; r++)
    sum += int_cell (kinds, r, 1);
  g_assert_cmpint (sum, ==, f->reported);
  g_assert_cmpuint (kinds->n_rows, ==, 3);

  /* The top subcategories in order, no more than asked. */
  g_assert_cmpuint (top->n_rows, <=, GW_REPORT_DEFAULT_TOP_N);
  for (guint r = 1; r < top->n_rows; r++)
    g_assert_cmpint (int_cell (top, r - 1, 3), >=, int_cell (top, r, 3));
}

static void
test_figures (void)
{
  const struct { GwReportPeriod period; int y, m, d; } cases[] = {
    { GW_REPORT_DAILY, 2026, 11, 21 },
    { GW_REPORT_WEEKLY, 2026, 11, 18 },
    { GW_REPORT_MONTHLY, 2026, 10, 15 },
    { GW_REPORT_MONTHLY, 2026, 11, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwReport) report = build (cases[i].period, cases[i].y, cases[i].m, cases[i].d, NULL, FALSE);
      g_autoptr(GwFigures) f = figures_for (report->from, report->to, NULL, NULL);
      const GwReportSection *main_section = g_ptr_array_index (report->sections, 0);
      const GwReportTable *trend = gw_report_section_get_table (main_section, "trend");
      const GwReportTable *streets = gw_report_section_get_table (main_section, "by-division");
      const GwReportTable *departments = gw_report_section_get_table (main_section, "by-department");
      gint64 sum = 0;

      g_test_message ("%s report of %04d-%02d-%02d: %lld reported", gw_report_period_to_string (cases[i].period),
                      cases[i].y, cases[i].m, cases[i].d, (long long) f->reported);
      g_assert_cmpint (f->reported, >, 0);
      g_assert_cmpuint (report->sections->len, ==, 1);
      g_assert_cmpstr (report->division_code, ==, "500223");
      g_assert_true (memcmp (&report->figures, f, sizeof *f) == 0);
      assert_section_matches (main_section, f);

      /* The trend: an hour or a day a row, adding up to the whole. */
      g_assert_cmpuint (trend->n_rows, ==, (guint) ((report->to - report->from) /
                                                    (cases[i].period == GW_REPORT_DAILY ? 3600 : 86400)));
      for (guint r = 0; r < trend->n_rows; r++)
        sum += int_cell (trend, r, 1);
      g_assert_cmpint (sum, ==, f->reported);

      /* The streets, each its own gw-stats figures; every street is there. */
      g_assert_cmpuint (streets->n_rows, ==, 4);
      g_assert_cmpstr (streets->columns[0].heading, ==, "镇街");
      sum = 0;
      for (guint r = 0; r < streets->n_rows; r++)
        sum += int_cell (streets, r, 1);
      g_assert_cmpint (sum, ==, f->reported);
      {
        g_autoptr(GPtrArray) children = gw_db_list_divisions (county, 1 /* street */, NULL);
        for (guint r = 0; r < streets->n_rows; r++)
          {
            GwDivision *street = g_ptr_array_index (children, r);
            g_autoptr(GwFigures) sf = figures_for (report->from, report->to, street->code, NULL);

            g_assert_cmpstr (gw_report_table_get_cell (streets, r, 0)->text, ==, street->name);
            g_assert_cmpint (int_cell (streets, r, 1), ==, sf->reported);
            assert_rate_cells (streets, r, 2, sf->response);
            assert_rate_cells (streets, r, 5, sf->resolution);
            assert_rate_cells (streets, r, 8, sf->satisfaction);
          }
      }

      /* The departments with tickets, each its own figures. */
      {
        g_autoptr(GPtrArray) list = gw_db_list_departments (county, NULL);
        guint with_tickets = 0;

        for (guint k = 0; k < list->len; k++)
          {
            GwDepartment *d = g_ptr_array_index (list, k);
            g_autoptr(GwFigures) df = figures_for (report->from, report->to, NULL, d->code);
            gboolean found = FALSE;

            if (df->reported == 0)
              continue;
            with_tickets++;
            for (guint r = 0; r < departments->n_rows && !found; r++)
              if (g_strcmp0 (gw_report_table_get_cell (departments, r, 0)->text, d->name) == 0)
                {
                  found = TRUE;
                  g_assert_cmpint (int_cell (departments, r, 1), ==, df->reported);
                  assert_rate_cells (departments, r, 2, df->response);
                  assert_rate_cells (departments, r, 5, df->resolution);
                  assert_rate_cells (departments, r, 8, df->satisfaction);
                }
            g_assert_true (found);
          }
        g_assert_cmpuint (departments->n_rows, ==, with_tickets);
      }
    }
}

static void
test_division_and_streets (void)
{
  g_autoptr(GPtrArray) streets = gw_db_list_divisions (county, GW_LEVEL_STREET, NULL);
  GwDivision *street = g_ptr_array_index (streets, 1);
  g_autoptr(GwReport) by_street = build_listing (GW_REPORT_MONTHLY, 2026, 11, 1, NULL, TRUE, 0);
  g_autoptr(GwReport) one = build (GW_REPORT_MONTHLY, 2026, 11, 1, street->code, FALSE);
  g_autoptr(GwFigures) f = figures_for (one->from, one->to, street->code, NULL);
  const GwReportSection *section;
  const GwReportTable *communities;
  gint64 overdue = 0;

  /* A street's report: its figures, its communities. */
  g_assert_cmpstr (one->division_code, ==, street->code);
  g_assert_nonnull (strstr (one->title, street->name));
  assert_section_matches (g_ptr_array_index (one->sections, 0), f);
  communities = gw_report_section_get_table (g_ptr_array_index (one->sections, 0), "by-division");
  g_assert_cmpstr (communities->columns[0].heading, ==, "村社区");

  /* The county with a section per street: each the same as the street's own report. */
  g_assert_cmpuint (by_street->sections->len, ==, 1 + streets->len);
  section = g_ptr_array_index (by_street->sections, 2);
  g_assert_cmpstr (section->division_code, ==, street->code);
  g_assert_nonnull (strstr (section->title, street->name));
  assert_section_matches (section, f);

  /* The overdue lists (all listed) of the streets add up to the county's. */
  for (guint s = 1; s < by_street->sections->len; s++)
    {
      const GwReportSection *ss = g_ptr_array_index (by_street->sections, s);
      overdue += gw_report_section_get_table (ss, "overdue")->n_rows;
    }
  g_assert_cmpint (by_street->overdue, >, 0);
  g_assert_cmpint (overdue, ==, by_street->overdue);
  g_assert_cmpint (gw_report_section_get_table (g_ptr_array_index (by_street->sections, 0), "overdue")->n_rows,
                   ==, by_street->overdue);
}

/* The overdue list against the rule of gw-report.h applied ticket by ticket. */
static gboolean
overdue_at (const GwTicket *t,
            gint64          end)
{
  gboolean open_now = gw_ticket_state_is_open (t->state);
  gint64 deadline = 0;

  if (t->reported_at >= end)
    return FALSE;
  /* Closed or rejected by the end (a closed ticket without a closing time counts as such). */
  if (!open_now && (t->closed_at == 0 || t->closed_at < end))
    return FALSE;
  if (t->handle_deadline_at != 0 && t->handle_deadline_at < end)
    deadline = t->handle_deadline_at;
  else if (t->sign_deadline_at != 0 && t->sign_deadline_at < end && (t->signed_at == 0 || t->signed_at >= end))
    deadline = t->sign_deadline_at;
  else if (open_now && t->timer.stage != GW_STAGE_NONE && t->timer.deadline_at != 0 && t->timer.deadline_at < end)
    deadline = t->timer.deadline_at;
  if (deadline == 0)
    return FALSE;
  /* A clock stopped before the deadline keeps it from passing. */
  return t->timer.paused_at == 0 || t->timer.paused_at >= end || t->timer.paused_at >= deadline;
}

static void
test_overdue (void)
{
  const struct { GwReportPeriod period; int y, m, d; } cases[] = {
    { GW_REPORT_DAILY, 2026, 11, 21 },
    { GW_REPORT_WEEKLY, 2026, 11, 10 },
    { GW_REPORT_MONTHLY, 2026, 9, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwReport) report = build (cases[i].period, cases[i].y, cases[i].m, cases[i].d, NULL, FALSE);
      const GwReportTable *overdue = gw_report_section_get_table (g_ptr_array_index (report->sections, 0), "overdue");
      g_autoptr(GError) error = NULL;
      gint64 expected = 0, after = 0;

      for (;;)
        {
          g_autoptr(GPtrArray) page = gw_db_list_tickets_page (county, after, 500, NULL, NULL, &error);

          g_assert_no_error (error);
          if (page->len == 0)
            break;
          for (guint k = 0; k < page->len; k++)
            {
              GwTicket *t = g_ptr_array_index (page, k);
              expected += overdue_at (t, report->to);
              after = t->id;
            }
        }
      g_test_message ("overdue at the end of the %s report of %04d-%02d-%02d: %lld",
                      gw_report_period_to_string (cases[i].period), cases[i].y, cases[i].m, cases[i].d,
                      (long long) report->overdue);
      g_assert_cmpint (report->overdue, ==, expected);
      g_assert_cmpint (report->overdue, >, 0);
      g_assert_cmpuint (overdue->n_rows, ==, MIN (expected, GW_REPORT_DEFAULT_OVERDUE_LIMIT));
      /* Longest overdue first. */
      for (guint r = 1; r < overdue->n_rows; r++)
        g_assert_cmpfloat (gw_report_table_get_cell (overdue, r - 1, 5)->number, >=,
                           gw_report_table_get_cell (overdue, r, 5)->number);
    }
}

/* CSV ------------------------------------------------------------------------------------- */

/* RFC 4180: records of fields; quoted fields may hold commas, quotes (doubled) and line
 * breaks. Returns the records (GPtrArray of GStrv). */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          p += 2;
        }
      else
        {
          /* A bare LF is not how we end records. */
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (field, *p++);
        }
    }
  g_assert_cmpuint (fields->len, ==, 0);   /* the last record ended with CRLF */
  return records;
}

/* The rows of the table titled `title`: from its heading record to the empty record. */
static guint
find_table (GPtrArray  *records,
            const char *title,
            guint       from)
{
  for (guint i = from; i < records->len; i++)
    {
      char **r = g_ptr_array_index (records, i);
      if (g_strv_length (r) == 1 && g_str_equal (r[0], title))
        return i + 1;
    }
  g_error ("no table titled %s", title);
  return 0;
}

static void
test_csv (void)
{
  const struct { const char *period; const char *date; } cases[] = {
    { "daily", "2026-11-21" }, { "weekly", "2026-11-18" }, { "monthly", "2026-10-15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = scratch ("report.csv");
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GwFigures) f = NULL;
      GwReportPeriod period;
      gint64 from, to;
      GwRate rates[7];
      const gint64 *totals;
      guint at;
      int y, m, d;
      Run r = run ("report", cases[i].period, "--db", county_path, "--date", cases[i].date,
                   "--format", "csv", "--output", path, NULL);

      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "报表已写入"));
      run_clear (&r);

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));   /* the BOM */
      g_assert_true (g_utf8_validate (text, -1, NULL));
      records = parse_csv (text + 3);

      g_assert_true (gw_report_period_from_string (cases[i].period, &period));
      g_assert_cmpint (sscanf (cases[i].date, "%d-%d-%d", &y, &m, &d), ==, 3);
      g_assert_true (gw_report_window (period, y, m, d, &from, &to, NULL));
      f = figures_for (from, to, NULL, NULL);
      g_assert_nonnull (strstr (((char **) g_ptr_array_index (records, 0))[0],
                                period == GW_REPORT_DAILY ? "日报" : period == GW_REPORT_WEEKLY ? "周报" : "月报"));

      /* 总体情况: figure, count. */
      at = find_table (records, "总体情况", 0);
      g_assert_cmpstr (((char **) g_ptr_array_index (records, at))[0], ==, "指标");
      g_assert_cmpstr (((char **) g_ptr_array_index (records, at))[1], ==, "件数");
      totals = (const gint64[]) { f->reported, f->reported - f->rejected, f->rejected, f->dispatched,
                                  f->closed, f->open, f->evaluated };
      for (guint k = 0; k < 7; k++)
        {
          char **row = g_ptr_array_index (records, at + 1 + k);
          g_assert_cmpuint (g_strv_length (row), ==, 2);
          g_assert_cmpint (g_ascii_strtoll (row[1], NULL, 10), ==, totals[k]);
        }
      g_assert_cmpstr (((char **) g_ptr_array_index (records, at + 1))[0], ==, "已上报");

      /* 主要比率: figure, rate, numerator, denominator, definition. */
      at = find_table (records, "主要比率", at);
      g_assert_cmpstr (((char **) g_ptr_array_index (records, at))[3], ==, "分母");
      rates_of (f, rates);
      for (guint k = 0; k < 7; k++)
        {
          char **row = g_ptr_array_index (records, at + 1 + k);
          g_autofree char *expected = percent_text (rates[k]);

          g_assert_cmpuint (g_strv_length (row), ==, 5);
          g_assert_cmpstr (row[1], ==, expected);
          g_assert_cmpint (g_ascii_strtoll (row[2], NULL, 10), ==, rates[k].numerator);
          g_assert_cmpint (g_ascii_strtoll (row[3], NULL, 10), ==, rates[k].denominator);
        }
      g_assert_cmpstr (((char **) g_ptr_array_index (records, at + 1))[0], ==, "结案率");

      /* 事件来源 adds up to what was reported. */
      {
        gint64 sum = 0;
        at = find_table (records, "事件来源", at);
        for (guint k = at + 1; ((char **) g_ptr_array_index (records, k))[0][0] != '\0'; k++)
          sum += g_ascii_strtoll (((char **) g_ptr_array_index (records, k))[1], NULL, 10);
        g_assert_cmpint (sum, ==, f->reported);
      }
      find_table (records, "期末超期未办结工单", at);
      g_unlink (path);
    }
}

/* A name with a comma, quotes and a line break survives the round trip. */
static void
test_csv_quoting (void)
{
  const char *odd = "梓潼街道, \"东区\"\n新城";
  g_autoptr(GPtrArray) streets = gw_db_list_divisions (county, GW_LEVEL_STREET, NULL);
  GwDivision *street = g_ptr_array_index (streets, 0);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwReport) report = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  guint at;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (county), "UPDATE divisions SET name = ?1 WHERE code = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, odd, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, street->code, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  report = build (GW_REPORT_MONTHLY, 2026, 10, 1, NULL, FALSE);
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, street->name, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_true (gw_report_write_csv (report, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));   /* a NUL to end the text */
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_nonnull (strstr (text, "\"梓潼街道, \"\"东区\"\"\n新城\""));
  records = parse_csv (text + 3);
  at = find_table (records, "各镇街三率", 0);
  g_assert_cmpstr (((char **) g_ptr_array_index (records, at + 1))[0], ==, odd);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (records, at + 1)), ==, 11);
}

/* XLSX ------------------------------------------------------------------------------------ */

/* The numbers of a sheet's cells by reference ("B6" -> "1082"), read from its XML. */
static GHashTable *
sheet_numbers (const char *xlsx,
               guint       sheet)
{
  g_autofree char *member = g_strdup_printf ("xl/worksheets/sheet%u.xml", sheet);
  const char *argv[] = { "unzip", "-p", xlsx, member, NULL };
  g_autofree char *xml = tool_output (argv);
  g_autoptr(GRegex) cell = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *numbers;

  if (xml == NULL)
    return NULL;
  numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Numbers are cells without a type (t="s" is a shared string). */
  cell = g_regex_new ("<c r=\"([A-Z]+[0-9]+)\"(?: s=\"[0-9]+\")?><v>([^<]*)</v></c>", 0, 0, NULL);
  g_regex_match (cell, xml, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_insert (numbers, g_match_info_fetch (match, 1), g_match_info_fetch (match, 2));
      g_match_info_next (match, NULL);
    }
  return numbers;
}

static gint64
sheet_int (GHashTable *numbers,
           const char *ref)
{
  const char *v = g_hash_table_lookup (numbers, ref);

  if (v == NULL)
    g_error ("no number in %s", ref);
  return g_ascii_strtoll (v, NULL, 10);
}

static void
test_xlsx (void)
{
#ifndef GW_HAVE_REPORT_XLSX
  g_test_skip ("built without libxlsxwriter");
  return;
#endif
  const struct { const char *period; const char *date; GwReportPeriod p; int y, m, d; } cases[] = {
    { "daily", "2026-11-21", GW_REPORT_DAILY, 2026, 11, 21 },
    { "weekly", "2026-11-18", GW_REPORT_WEEKLY, 2026, 11, 18 },
    { "monthly", "2026-10-15", GW_REPORT_MONTHLY, 2026, 10, 15 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = scratch ("report.xlsx");
      g_autoptr(GHashTable) totals = NULL, rates = NULL;
      g_autoptr(GwFigures) f = NULL;
      g_autofree char *workbook = NULL, *strings = NULL;
      gint64 from, to;
      GwRate expected[7];
      Run r = run ("report", cases[i].period, "--db", county_path, "--date", cases[i].date,
                   "--output", path, NULL);   /* the format from the extension */

      g_assert_cmpint (r.status, ==, 0);
      run_clear (&r);
      g_assert_true (gw_report_window (cases[i].p, cases[i].y, cases[i].m, cases[i].d, &from, &to, NULL));
      f = figures_for (from, to, NULL, NULL);

      /* Sheet 1, 总体情况: the headings on row 5, the counts from B6 down. */
      if ((totals = sheet_numbers (path, 1)) == NULL)
        return;
      g_assert_cmpint (sheet_int (totals, "B6"), ==, f->reported);
      g_assert_cmpint (sheet_int (totals, "B7"), ==, f->reported - f->rejected);
      g_assert_cmpint (sheet_int (totals, "B8"), ==, f->rejected);
      g_assert_cmpint (sheet_int (totals, "B9"), ==, f->dispatched);
      g_assert_cmpint (sheet_int (totals, "B10"), ==, f->closed);
      g_assert_cmpint (sheet_int (totals, "B11"), ==, f->open);
      g_assert_cmpint (sheet_int (totals, "B12"), ==, f->evaluated);

      /* Sheet 2, 主要比率: the rate a number (a fraction), then numerator and denominator. */
      rates = sheet_numbers (path, 2);
      rates_of (f, expected);
      for (guint k = 0; k < 7; k++)
        {
          g_autofree char *b = g_strdup_printf ("B%u", 6 + k), *c = g_strdup_printf ("C%u", 6 + k);
          g_autofree char *d = g_strdup_printf ("D%u", 6 + k);

          if (expected[k].denominator > 0)
            g_assert_cmpfloat_with_epsilon (g_ascii_strtod (g_hash_table_lookup (rates, b), NULL),
                                            gw_rate_value (expected[k]), 1e-12);
          else
            g_assert_null (g_hash_table_lookup (rates, b));
          g_assert_cmpint (sheet_int (rates, c), ==, expected[k].numerator);
          g_assert_cmpint (sheet_int (rates, d), ==, expected[k].denominator);
        }

      /* The sheets are named by the tables' Chinese titles; the headings are Chinese. */
      {
        const char *argv_wb[] = { "unzip", "-p", path, "xl/workbook.xml", NULL };
        const char *argv_ss[] = { "unzip", "-p", path, "xl/sharedStrings.xml", NULL };
        workbook = tool_output (argv_wb);
        strings = tool_output (argv_ss);
      }
      g_assert_nonnull (strstr (workbook, "name=\"总体情况\""));
      g_assert_nonnull (strstr (workbook, "name=\"主要比率\""));
      g_assert_nonnull (strstr (strings, "<t>分母</t>"));
      g_unlink (path);
    }
}

/* PDF ------------------------------------------------------------------------------------- */

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = tool_output (argv);
  const char *line;

  if (info == NULL)
    return 0;
  line = strstr (info, "\nPages:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

static void
test_pdf (void)
{
#ifndef GW_HAVE_REPORT_PDF
  g_test_skip ("built without cairo and Pango");
  return;
#endif
  const char *periods[][2] = { { "daily", "2026-11-21" }, { "weekly", "2026-11-18" }, { "monthly", "2026-10-15" } };
  g_autofree char *path = scratch ("report.pdf");
  g_autofree char *png_root = scratch ("page");
  g_autofree char *png = scratch ("page-1.png");
  guint monthly_pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autofree char *said = NULL;
      guint pages;
      Run r = run ("report", periods[i][0], "--db", county_path, "--date", periods[i][1],
                   "--format", "pdf", "--output", path, NULL);

      g_assert_cmpint (r.status, ==, 0);
      pages = pdf_pages (path);
      if (g_test_failed () || pages == 0)
        {
          run_clear (&r);
          return;
        }
      g_assert_cmpuint (pages, >=, 1);
      said = g_strdup_printf ("共 %u 页", pages);
      g_assert_nonnull (strstr (r.out, said));
      run_clear (&r);
      monthly_pages = pages;
    }

  /* The first page renders. */
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path, png_root, NULL };
    g_autofree char *out = tool_output (argv);
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 10000);
    g_assert_true (memcmp (bytes, "\x89PNG", 4) == 0);
  }

  /* The CJK font is embedded (a subset), regular and bold. */
  {
    const char *argv[] = { "pdffonts", path, NULL };
    g_autofree char *fonts = tool_output (argv);
    g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
    guint embedded = 0;

    for (guint i = 0; lines[i]; i++)
      if (strstr (lines[i], "NotoSansCJK") != NULL)
        {
          g_assert_nonnull (strstr (lines[i], " yes "));   /* emb */
          embedded++;
        }
    g_assert_cmpuint (embedded, >=, 1);
  }

  /* A page of its own for each of the four streets. */
  {
    Run r = run ("report", "monthly", "--db", county_path, "--date", "2026-10-15",
                 "--pages-per-street", "--output", path, NULL);
    g_assert_cmpint (r.status, ==, 0);
    run_clear (&r);
    g_assert_cmpuint (pdf_pages (path), >=, monthly_pages + 4);
  }
}

/* Errors ------------------------------------------------------------------------------------ */

static void
assert_no_leftovers (void)
{
  g_autoptr(GDir) dir = g_dir_open (county_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_prefix (name, ".keep") || g_str_has_prefix (name, ".report"));
}

static void
test_errors (void)
{
  g_autofree char *keep = scratch ("keep.csv");
  g_autofree char *text = NULL;
  g_autofree char *missing_dir = scratch ("no-such-dir/report.csv");
  Run r;

  g_assert_true (g_file_set_contents (keep, "an earlier report\n", -1, NULL));

  /* An unknown division: said in Chinese, the earlier file untouched. */
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--division", "999",
           "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "没有代码为 999 的区划"));
  run_clear (&r);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "an earlier report\n");

  /* Dates that are no day, and dates not written YYYY-MM-DD. */
  r = run ("report", "daily", "--db", county_path, "--date", "2026-02-30", "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "2026-02-30"));
  run_clear (&r);
  r = run ("report", "monthly", "--db", county_path, "--date", "2026/10/15", "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "YYYY-MM-DD"));
  run_clear (&r);
  r = run ("report", "monthly", "--db", county_path, "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);

  /* No period, an unknown one, an unknown format. */
  r = run ("report", "--db", county_path, "--date", "2026-10-15", "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "daily"));
  run_clear (&r);
  r = run ("report", "yearly", "--db", county_path, "--date", "2026-10-15", "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  r = run ("report", "daily", "--db", county_path, "--date", "2026-10-15", "--output", keep,
           "--format", "docx", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "pdf、csv 或 xlsx"));
  run_clear (&r);

  /* A format this build lacks is said so, before any work. */
#if !defined (GW_HAVE_REPORT_PDF)
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--output", keep,
           "--format", "pdf", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "PDF"));
  run_clear (&r);
#endif
#if !defined (GW_HAVE_REPORT_XLSX)
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--output", keep,
           "--format", "xlsx", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "XLSX"));
  run_clear (&r);
#endif

  /* Output where nothing can be written: a missing directory, a directory. */
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--output", missing_dir, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "无法将报表写入"));
  run_clear (&r);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--format", "csv",
           "--output", county_dir, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "这是一个目录"));
  run_clear (&r);

  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "an earlier report\n");
  assert_no_leftovers ();

  /* A report replaces the earlier file only when complete. */
  r = run ("report", "daily", "--db", county_path, "--date", "2026-11-21", "--output", keep, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  assert_no_leftovers ();
}

/* The same errors in process, with the error domains a caller sees. */
static void
test_save_errors (void)
{
  g_autoptr(GwReport) report = build (GW_REPORT_DAILY, 2026, 11, 21, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = scratch ("no-such-dir/x.csv");
  GwReportOptions options;

  g_assert_false (gw_report_save (report, bad, gw_report_write_csv_file, NULL, &error));
  g_assert_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE);
  g_clear_error (&error);

  gw_report_options_init (&options);
  options.year = 2026, options.month = 11, options.day = 21;
  options.division_code = "500223999";
  g_assert_null (gw_report_build (county, &options, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  const char *localedir = g_getenv ("GW_LOCALEDIR");
  int ret;

  /* Reports are Chinese first: the test runs in zh_CN (LANGUAGE=zh_CN, LC_ALL=zh_CN.UTF-8). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  county_dir = test_county_new ("report", NOW, &county_path, &county);
  g_test_add_func ("/report/window", test_window);
  g_test_add_func ("/report/figures", test_figures);
  g_test_add_func ("/report/division-and-streets", test_division_and_streets);
  g_test_add_func ("/report/overdue", test_overdue);
  g_test_add_func ("/report/csv", test_csv);
  g_test_add_func ("/report/csv-quoting", test_csv_quoting);
  g_test_add_func ("/report/xlsx", test_xlsx);
  g_test_add_func ("/report/pdf", test_pdf);
  g_test_add_func ("/report/errors", test_errors);
  g_test_add_func ("/report/save-errors", test_save_errors);
  ret = g_test_run ();

  gw_db_free (county);
  test_county_remove (county_dir);
  g_free (county_path);
  return ret;
}
