/* gw-report-xlsx.c: a GwReport as an Excel workbook (libxlsxwriter).
 *
 * The division's tables one sheet each, named by their titles; each street section (when
 * asked for) one sheet with its tables one under another. Counts are numbers, rates are
 * numbers formatted as percentages with their numerators and denominators in columns of
 * their own; the shares and the trend get a chart beside their table.
 */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gw-report-export.h"
#include "gw-time.h"

#define FIRST_TABLE_ROW 3   /* under the report's title and its period */

typedef struct {
  lxw_workbook *workbook;
  lxw_format   *title;
  lxw_format   *subtitle;
  lxw_format   *table_title;
  lxw_format   *heading;
  lxw_format   *text;
  lxw_format   *integer;
  lxw_format   *percent;
  lxw_format   *decimal;
  lxw_format   *note;
  GHashTable   *names;        /* sheet names taken, case-folded */
  const GwReport *report;
} Xlsx;

/* A sheet name Excel accepts: none of []:*?/\, not starting or ending with ', at most 31
 * characters, unique regardless of case. */
static char *
sheet_name (Xlsx       *x,
            const char *wanted)
{
  GString *name = g_string_new (NULL);
  glong n = 0;

  for (const char *p = wanted; *p && n < LXW_SHEETNAME_MAX; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 128 && strchr ("[]:*?/\\", (int) c) != NULL)
        c = '_';
      g_string_append_unichar (name, c);
    }
  while (name->len > 0 && name->str[0] == '\'')
    g_string_erase (name, 0, 1);
  while (name->len > 0 && name->str[name->len - 1] == '\'')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_assign (name, "Sheet");

  for (guint i = 2; ; i++)
    {
      g_autofree char *folded = g_utf8_casefold (name->str, -1);
      g_autofree char *suffix = NULL;
      glong keep;

      if (!g_hash_table_contains (x->names, folded))
        {
          g_hash_table_add (x->names, g_steal_pointer (&folded));
          return g_string_free (name, FALSE);
        }
      /* "name (2)", shortened to fit. */
      suffix = g_strdup_printf (" (%u)", i);
      keep = MIN (g_utf8_strlen (wanted, -1), LXW_SHEETNAME_MAX - (glong) strlen (suffix));
      g_string_free (name, TRUE);
      name = g_string_new (NULL);
      g_string_append_len (name, wanted, g_utf8_offset_to_pointer (wanted, keep) - wanted);
      g_string_append (name, suffix);
    }
}

/* The width of text in Excel's character units: a Chinese character takes two. */
static double
text_columns (const char *text)
{
  double n = 0;

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    n += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return n;
}

static lxw_format *
cell_format (Xlsx             *x,
             GwReportCellKind  kind)
{
  switch (kind)
    {
    case GW_REPORT_CELL_INTEGER:
      return x->integer;
    case GW_REPORT_CELL_PERCENT:
      return x->percent;
    case GW_REPORT_CELL_DECIMAL:
      return x->decimal;
    case GW_REPORT_CELL_TEXT:
    case GW_REPORT_CELL_EMPTY:
    default:
      return x->text;
    }
}

static lxw_error
write_cell (Xlsx               *x,
            lxw_worksheet      *sheet,
            lxw_row_t           row,
            lxw_col_t           col,
            const GwReportCell *cell,
            GwReportCellKind    column_kind)
{
  lxw_format *format = cell_format (x, column_kind);

  switch (cell->kind)
    {
    case GW_REPORT_CELL_TEXT:
      return worksheet_write_string (sheet, row, col, cell->text, x->text);
    case GW_REPORT_CELL_INTEGER:
      return worksheet_write_number (sheet, row, col, (double) cell->integer, x->integer);
    case GW_REPORT_CELL_PERCENT:
    case GW_REPORT_CELL_DECIMAL:
      if (isnan (cell->number))
        return worksheet_write_blank (sheet, row, col, cell_format (x, cell->kind));
      return worksheet_write_number (sheet, row, col, cell->number, cell_format (x, cell->kind));
    case GW_REPORT_CELL_EMPTY:
    default:
      return worksheet_write_blank (sheet, row, col, format);
    }
}

/* A chart of the table beside it (the shares as bars, the trend as columns). */
static void
add_chart (Xlsx                *x,
           lxw_worksheet       *sheet,
           const char          *name,
           const GwReportTable *table,
           lxw_row_t            heading_row,
           lxw_col_t            at_col)
{
  lxw_chart *chart;
  lxw_row_t first = heading_row + 1, last = heading_row + table->n_rows;
  int columns[2] = { (int) table->chart_value_column, table->chart_value_column2 };

  if (table->chart == GW_REPORT_CHART_NONE || table->n_rows == 0)
    return;
  chart = workbook_add_chart (x->workbook, table->chart == GW_REPORT_CHART_BARS
                                           ? LXW_CHART_BAR : LXW_CHART_COLUMN);
  for (guint s = 0; s < 2; s++)
    {
      lxw_chart_series *series;

      if (columns[s] < 0)
        continue;
      series = chart_add_series (chart, NULL, NULL);
      chart_series_set_categories (series, name, first, (lxw_col_t) table->chart_label_column,
                                   last, (lxw_col_t) table->chart_label_column);
      chart_series_set_values (series, name, first, (lxw_col_t) columns[s], last, (lxw_col_t) columns[s]);
      chart_series_set_name_range (series, name, heading_row, (lxw_col_t) columns[s]);
    }
  chart_title_set_name (chart, table->title);
  if (table->chart == GW_REPORT_CHART_BARS)
    {
      chart_legend_set_position (chart, LXW_CHART_LEGEND_NONE);
      chart_axis_set_reverse (chart->y_axis);   /* the first row on top, as in the table */
    }
  else
    chart_legend_set_position (chart, LXW_CHART_LEGEND_TOP);
  worksheet_insert_chart (sheet, heading_row, at_col, chart);
}

/* Writes a table from `row` on; returns the row after it (and its note). */
static lxw_row_t
write_table (Xlsx                *x,
             lxw_worksheet       *sheet,
             const char          *name,
             const GwReportTable *table,
             lxw_row_t            row,
             gboolean             chart,
             double              *widths)
{
  lxw_row_t heading_row;

  worksheet_write_string (sheet, row++, 0, table->title, x->table_title);
  heading_row = row;
  for (guint c = 0; c < table->n_columns; c++)
    {
      worksheet_write_string (sheet, row, (lxw_col_t) c, table->columns[c].heading, x->heading);
      widths[c] = MAX (widths[c], text_columns (table->columns[c].heading));
    }
  row++;
  for (guint r = 0; r < table->n_rows; r++, row++)
    for (guint c = 0; c < table->n_columns; c++)
      {
        const GwReportCell *cell = gw_report_table_get_cell (table, r, c);
        g_autofree char *shown = gw_report_cell_to_display (cell);

        write_cell (x, sheet, row, (lxw_col_t) c, cell, table->columns[c].kind);
        widths[c] = MAX (widths[c], text_columns (shown));
      }
  if (table->note)
    worksheet_write_string (sheet, row++, 0, table->note, x->note);
  if (chart)
    add_chart (x, sheet, name, table, heading_row, (lxw_col_t) table->n_columns + 1);
  return row + 1;
}

static void
set_widths (lxw_worksheet *sheet,
            const double  *widths,
            guint          n)
{
  for (guint c = 0; c < n; c++)
    worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, CLAMP (widths[c] + 2, 8, 60), NULL);
}

static lxw_worksheet *
add_sheet (Xlsx        *x,
           const char  *wanted,
           const char  *second_line,
           char       **name_out)
{
  g_autofree char *name = sheet_name (x, wanted);
  lxw_worksheet *sheet = workbook_add_worksheet (x->workbook, name);

  if (sheet == NULL)
    return NULL;
  worksheet_write_string (sheet, 0, 0, x->report->title, x->title);
  worksheet_write_string (sheet, 1, 0, second_line, x->subtitle);
  *name_out = g_steal_pointer (&name);
  return sheet;
}

gboolean
gw_report_write_xlsx_file (const GwReport  *report,
                           const char      *path,
                           gpointer         user_data,
                           GError         **error)
{
  Xlsx x = { 0, };
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
  lxw_doc_properties properties = { 0, };
  g_autofree char *period = NULL;
  lxw_error status;
  gboolean ok = TRUE;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  x.report = report;
  x.workbook = workbook_new_opt (path, &options);
  if (x.workbook == NULL)
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, "%s", _("Cannot make the workbook"));
      return FALSE;
    }
  x.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  x.title = workbook_add_format (x.workbook);
  format_set_bold (x.title);
  format_set_font_size (x.title, 14);
  x.subtitle = workbook_add_format (x.workbook);
  format_set_font_color (x.subtitle, 0x555555);
  x.table_title = workbook_add_format (x.workbook);
  format_set_bold (x.table_title);
  format_set_font_size (x.table_title, 12);
  x.heading = workbook_add_format (x.workbook);
  format_set_bold (x.heading);
  format_set_bg_color (x.heading, 0xE8ECF4);
  format_set_border (x.heading, LXW_BORDER_THIN);
  format_set_align (x.heading, LXW_ALIGN_CENTER);
  format_set_align (x.heading, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap (x.heading);
  x.text = workbook_add_format (x.workbook);
  format_set_border (x.text, LXW_BORDER_THIN);
  x.integer = workbook_add_format (x.workbook);
  format_set_border (x.integer, LXW_BORDER_THIN);
  format_set_num_format (x.integer, "0");
  x.percent = workbook_add_format (x.workbook);
  format_set_border (x.percent, LXW_BORDER_THIN);
  format_set_num_format (x.percent, "0.00%");
  x.decimal = workbook_add_format (x.workbook);
  format_set_border (x.decimal, LXW_BORDER_THIN);
  format_set_num_format (x.decimal, "0.0");
  x.note = workbook_add_format (x.workbook);
  format_set_italic (x.note);
  format_set_font_color (x.note, 0x666666);

  properties.title = report->title;
  properties.subject = report->subtitle;
  properties.author = (char *) "Gridwatch";
  properties.comments = report->summary;
  workbook_set_properties (x.workbook, &properties);

  period = g_strdup_printf ("%s — %s", report->subtitle, report->division_name);
  for (guint s = 0; ok && s < report->sections->len; s++)
    {
      const GwReportSection *section = g_ptr_array_index (report->sections, s);

      if (section->title == NULL)
        {
          /* The division: a sheet per table. */
          for (guint t = 0; ok && t < section->tables->len; t++)
            {
              const GwReportTable *table = g_ptr_array_index (section->tables, t);
              g_autofree double *widths = g_new0 (double, table->n_columns);
              g_autofree char *name = NULL;
              lxw_worksheet *sheet = add_sheet (&x, table->title, period, &name);

              if (sheet == NULL)
                {
                  ok = FALSE;
                  break;
                }
              write_table (&x, sheet, name, table, FIRST_TABLE_ROW, TRUE, widths);
              set_widths (sheet, widths, table->n_columns);
              worksheet_freeze_panes (sheet, FIRST_TABLE_ROW + 2, 0);
            }
        }
      else
        {
          /* A street: its tables one under another on a sheet of its own. */
          guint max_columns = 0;
          g_autofree double *widths = NULL;
          g_autofree char *name = NULL;
          g_autofree char *second = g_strdup_printf ("%s — %s", report->subtitle, section->title);
          lxw_worksheet *sheet = add_sheet (&x, section->title, second, &name);
          lxw_row_t row = FIRST_TABLE_ROW;

          if (sheet == NULL)
            {
              ok = FALSE;
              break;
            }
          for (guint t = 0; t < section->tables->len; t++)
            max_columns = MAX (max_columns, ((const GwReportTable *) g_ptr_array_index (section->tables, t))->n_columns);
          widths = g_new0 (double, max_columns);
          for (guint t = 0; t < section->tables->len; t++)
            row = write_table (&x, sheet, name, g_ptr_array_index (section->tables, t), row, FALSE, widths);
          set_widths (sheet, widths, max_columns);
        }
    }

  status = workbook_close (x.workbook);
  g_hash_table_unref (x.names);
  if (!ok)
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, "%s", _("Cannot add a sheet to the workbook"));
      return FALSE;
    }
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, "%s", lxw_strerror (status));
      return FALSE;
    }
  return TRUE;
}
