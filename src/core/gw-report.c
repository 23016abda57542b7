#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "gw-report-private.h"
#include "gw-time.h"

G_DEFINE_QUARK (gw-report-error-quark, gw_report_error)


static const char *const period_names[] = { "daily", "weekly", "monthly", NULL };
static const char *const format_names[] = { "pdf", "csv", "xlsx", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (period_names) == GW_N_REPORT_PERIODS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (format_names) == GW_N_REPORT_FORMATS + 1);

/* Names ------------------------------------------------------------------------------- */

const char *
gw_report_period_to_string (GwReportPeriod period)
{
  return period < GW_N_REPORT_PERIODS ? period_names[period] : NULL;
}

gboolean
gw_report_period_from_string (const char     *str,
                              GwReportPeriod *out)
{
  for (guint i = 0; str && period_names[i]; i++)
    if (g_str_equal (str, period_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_report_format_to_string (GwReportFormat format)
{
  return format < GW_N_REPORT_FORMATS ? format_names[format] : NULL;
}

gboolean
gw_report_format_from_string (const char     *str,
                              GwReportFormat *out)
{
  for (guint i = 0; str && format_names[i]; i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* The window ---------------------------------------------------------------------------- */

static gint64
county_midnight (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new (gw_time_zone (), g_date_get_year (date),
                                             g_date_get_month (date), g_date_get_day (date),
                                             0, 0, 0);
  return g_date_time_to_unix (dt);
}

gboolean
gw_report_window (GwReportPeriod   period,
                  int              year,
                  int              month,
                  int              day,
                  gint64          *from,
                  gint64          *to,
                  GError         **error)
{
  GDate first, next;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  /* Years the county's records can hold; GDate takes 1 … 65535. */
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_INVALID,
                   _("There is no day %04d-%02d-%02d"), year, month, day);
      return FALSE;
    }
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  switch (period)
    {
    case GW_REPORT_DAILY:
      break;
    case GW_REPORT_WEEKLY:
      /* ISO weeks start on Monday. */
      g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
      break;
    case GW_REPORT_MONTHLY:
      g_date_set_day (&first, 1);
      break;
    case GW_N_REPORT_PERIODS:
    default:
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_INVALID,
                   _("A report is daily, weekly or monthly"));
      return FALSE;
    }
  next = first;
  if (period == GW_REPORT_DAILY)
    g_date_add_days (&next, 1);
  else if (period == GW_REPORT_WEEKLY)
    g_date_add_days (&next, 7);
  else
    g_date_add_months (&next, 1);
  *from = county_midnight (&first);
  *to = county_midnight (&next);
  return TRUE;
}

/* Tables -------------------------------------------------------------------------------- */

const GwReportCell *
gw_report_table_get_cell (const GwReportTable *table,
                          guint                row,
                          guint                column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows && column < table->n_columns, NULL);

  return &g_array_index (table->cells, GwReportCell, row * table->n_columns + column);
}

const GwReportTable *
gw_report_section_get_table (const GwReportSection *section,
                             const char            *id)
{
  g_return_val_if_fail (section != NULL, NULL);

  for (guint i = 0; i < section->tables->len; i++)
    {
      const GwReportTable *table = g_ptr_array_index (section->tables, i);
      if (g_strcmp0 (table->id, id) == 0)
        return table;
    }
  return NULL;
}

char *
_gw_report_format_percent (double fraction,
                           int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", decimals);

  g_ascii_formatd (buf, sizeof buf, format, 100.0 * fraction);
  return g_strconcat (buf, "%", NULL);
}

char *
gw_report_cell_to_display (const GwReportCell *cell)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (cell != NULL, NULL);

  switch (cell->kind)
    {
    case GW_REPORT_CELL_TEXT:
      return g_strdup (cell->text);
    case GW_REPORT_CELL_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case GW_REPORT_CELL_PERCENT:
      return isnan (cell->number) ? g_strdup ("—") : _gw_report_format_percent (cell->number, 2);
    case GW_REPORT_CELL_DECIMAL:
      if (isnan (cell->number))
        return g_strdup ("—");
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", cell->number));
    case GW_REPORT_CELL_EMPTY:
    default:
      return g_strdup ("");
    }
}

char *
gw_report_cell_to_csv (const GwReportCell *cell)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (cell != NULL, NULL);

  switch (cell->kind)
    {
    case GW_REPORT_CELL_TEXT:
      return g_strdup (cell->text);
    case GW_REPORT_CELL_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    case GW_REPORT_CELL_PERCENT:
      return isnan (cell->number) ? g_strdup ("") : _gw_report_format_percent (cell->number, 2);
    case GW_REPORT_CELL_DECIMAL:
      if (isnan (cell->number))
        return g_strdup ("");
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", cell->number));
    case GW_REPORT_CELL_EMPTY:
    default:
      return g_strdup ("");
    }
}

/* The report ------------------------------------------------------------------------------ */

void
gw_report_options_init (GwReportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->period = GW_REPORT_DAILY;
  options->top_n = GW_REPORT_DEFAULT_TOP_N;
  options->overdue_limit = GW_REPORT_DEFAULT_OVERDUE_LIMIT;
}

void
gw_report_free (GwReport *self)
{
  if (self == NULL)
    return;
  g_free (self->division_code);
  g_free (self->division_name);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->summary);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self);
}

void
_gw_report_section_free (GwReportSection *section)
{
  g_free (section->title);
  g_free (section->division_code);
  g_clear_pointer (&section->tables, g_ptr_array_unref);
  g_free (section);
}

GwReportSection *
_gw_report_section_new (GwReport   *report,
                        const char *title,
                        const char *division_code)
{
  GwReportSection *section = g_new0 (GwReportSection, 1);

  section->title = g_strdup (title);
  section->division_code = g_strdup (division_code);
  section->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_report_table_free);
  g_ptr_array_add (report->sections, section);
  return section;
}

static char *
rate_text (GwRate rate)
{
  return rate.denominator > 0 ? _gw_report_format_percent (gw_rate_value (rate), 2) : g_strdup ("—");
}

static void
describe (GwReport              *report,
          const GwReportOptions *options)
{
  /* TRANSLATORS: a day in a report's title block (g_date_time_format) */
  const char *day_format = _("%Y-%m-%d");
  g_autofree char *first = _gw_report_format_day (report->from, day_format);
  g_autofree char *last = _gw_report_format_day (report->to - 1, day_format);
  const GwFigures *f = &report->figures;
  g_autofree char *closure = rate_text (f->closure), *on_time = rate_text (f->on_time_closure);
  g_autofree char *response = rate_text (f->response), *resolution = rate_text (f->resolution);
  g_autofree char *satisfaction = rate_text (f->satisfaction);

  switch (options->period)
    {
    case GW_REPORT_WEEKLY:
      report->title = g_strdup_printf (_("%s grid governance weekly report"), report->division_name);
      {
        g_autoptr(GDateTime) monday = gw_time_to_date_time (report->from);
        /* TRANSLATORS: the ISO week (1), its year (2), its Monday (3) and Sunday (4) */
        report->subtitle = g_strdup_printf (_("Week %1$d of %2$d, %3$s to %4$s"),
                                            g_date_time_get_week_of_year (monday),
                                            g_date_time_get_week_numbering_year (monday),
                                            first, last);
      }
      break;
    case GW_REPORT_MONTHLY:
      report->title = g_strdup_printf (_("%s grid governance monthly report"), report->division_name);
      {
        /* TRANSLATORS: a month in a report's title block (g_date_time_format) */
        g_autofree char *month = _gw_report_format_day (report->from, _("%B %Y"));
        /* TRANSLATORS: the month (1), its first (2) and last day (3) */
        report->subtitle = g_strdup_printf (_("%1$s, %2$s to %3$s"), month, first, last);
      }
      break;
    case GW_REPORT_DAILY:
    case GW_N_REPORT_PERIODS:
    default:
      report->title = g_strdup_printf (_("%s grid governance daily report"), report->division_name);
      report->subtitle = g_strdup (first);
      break;
    }
  report->summary = g_strdup_printf (
      _("In this period %lld tickets were reported and %lld accepted for handling; %lld of them "
        "are closed. Closure rate %s, on-time closure rate %s, response rate %s, resolution "
        "rate %s, satisfaction rate %s. At the end of the period %lld tickets were overdue."),
      (long long) f->reported, (long long) (f->reported - f->rejected), (long long) f->closed,
      closure, on_time, response, resolution, satisfaction, (long long) report->overdue);
}

GwReport *
gw_report_build (GwDb                   *db,
                 const GwReportOptions  *options,
                 GError                **error)
{
  g_autoptr(GwReport) report = NULL;
  g_autoptr(GwFigures) f = NULL;
  g_autoptr(GArray) streets = NULL;
  g_autoptr(GwDictionary) dictionary = NULL;
  GwReportSection *main_section;
  gboolean own_transaction;
  GwReportBuilder b = { db, options, NULL, 0, 0 };

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->period >= GW_N_REPORT_PERIODS)
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_INVALID,
                   _("A report is daily, weekly or monthly"));
      return NULL;
    }
  if (!gw_report_window (options->period, options->year, options->month, options->day,
                         &b.from, &b.to, error))
    return NULL;
  dictionary = gw_dictionary_ref (gw_dictionary_get_default ());
  b.dictionary = dictionary;

  report = g_new0 (GwReport, 1);
  report->period = options->period;
  report->from = b.from;
  report->to = b.to;
  report->generated_at = options->generated_at ? options->generated_at
                                               : g_get_real_time () / G_USEC_PER_SEC;
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_report_section_free);

  /* The division named, or the county (the single top of the hierarchy). */
  if (options->division_code)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GwDivision) d = gw_db_get_division (db, options->division_code, &local_error);
      if (d == NULL)
        {
          if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                         _("No division has the code %s"), options->division_code);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      report->division_code = g_strdup (d->code);
      report->division_name = g_strdup (d->name);
    }
  else
    {
      g_autoptr(GArray) tops = _gw_report_read_children (&b, NULL, error);
      if (tops == NULL)
        return NULL;
      if (tops->len == 1)
        {
          report->division_code = g_strdup (g_array_index (tops, GwReportPlace, 0).code);
          report->division_name = g_strdup (g_array_index (tops, GwReportPlace, 0).name);
        }
      else
        report->division_name = g_strdup (_("All divisions"));
    }

  /* Everything is read in one read transaction (unless the caller has one open): the
   * figures describe one state of the file. */
  own_transaction = sqlite3_get_autocommit (gw_db_get_handle (db)) != 0;
  if (own_transaction && !gw_db_exec (db, "BEGIN", error))
    return NULL;

  main_section = _gw_report_section_new (report, NULL, report->division_code);
  if (!_gw_report_build_section (&b, main_section, options->division_code, TRUE, &f, &report->overdue, error))
    goto failed;
  report->figures = *f;

  if (options->per_street)
    {
      if ((streets = _gw_report_read_streets (&b, options->division_code, error)) == NULL)
        goto failed;
      for (guint i = 0; i < streets->len; i++)
        {
          const GwReportPlace *p = &g_array_index (streets, GwReportPlace, i);
          g_autofree char *title = g_strdup_printf (_("Street: %s"), p->name);
          GwReportSection *section = _gw_report_section_new (report, title, p->code);

          if (!_gw_report_build_section (&b, section, p->code, FALSE, NULL, NULL, error))
            goto failed;
        }
    }
  if (own_transaction)
    gw_db_exec (db, "COMMIT", NULL);

  describe (report, options);
  return g_steal_pointer (&report);

failed:
  if (own_transaction)
    gw_db_exec (db, "ROLLBACK", NULL);
  return NULL;
}

/* On a store reader ---------------------------------------------------------------------------- */

typedef struct {
  GwReportOptions  options;
  char            *division_code;
} BuildRequest;

static void
build_request_free (BuildRequest *r)
{
  g_free (r->division_code);
  g_free (r);
}

static gpointer
build_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  BuildRequest *r = data;

  return gw_report_build (db, &r->options, error);
}

void
gw_store_build_report_async (GwStore               *store,
                             const GwReportOptions *options,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  BuildRequest *r;

  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (options != NULL);

  r = g_new0 (BuildRequest, 1);
  r->options = *options;
  r->division_code = g_strdup (options->division_code);
  r->options.division_code = r->division_code;
  gw_store_read_async (store, build_func, r, (GDestroyNotify) build_request_free,
                       (GDestroyNotify) gw_report_free, cancellable, callback, user_data);
}

GwReport *
gw_store_build_report_finish (GwStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  return gw_store_read_finish (store, result, error);
}

/* Saving ------------------------------------------------------------------------------------ */

gboolean
gw_report_save (const GwReport     *report,
                const char         *path,
                GwReportWriteFunc   write,
                gpointer            user_data,
                GError            **error)
{
  g_autofree char *dir = NULL, *base = NULL, *template = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE,
                   _("Cannot write the report to %s: it is a directory"), path);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* A hidden file beside the target, renamed onto it when complete. */
  template = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (template, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE,
                   _("Cannot write the report to %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (!write (report, template, user_data, &local_error))
    {
      g_unlink (template);
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE,
                   _("Cannot write the report to %s: %s"), path, local_error->message);
      return FALSE;
    }
  if (g_rename (template, path) != 0)
    {
      int saved = errno;
      g_unlink (template);
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE,
                   _("Cannot write the report to %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
