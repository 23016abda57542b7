/* gw-report-csv.c: a GwReport as CSV (RFC 4180), for Excel and for programs. */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-report.h"
#include "gw-time.h"

/* A field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
static void
append_field (GString    *line,
              const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
append_line (GString    *out,
             const char *text)
{
  append_field (out, text);
  g_string_append (out, "\r\n");
}

static void
append_table (GString             *out,
              const GwReportTable *table)
{
  append_line (out, table->title);
  for (guint c = 0; c < table->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_field (out, table->columns[c].heading);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < table->n_rows; r++)
    {
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *text = gw_report_cell_to_csv (gw_report_table_get_cell (table, r, c));
          if (c > 0)
            g_string_append_c (out, ',');
          append_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  if (table->note)
    append_line (out, table->note);
  g_string_append (out, "\r\n");
}

gboolean
gw_report_write_csv (const GwReport  *report,
                     GOutputStream   *out,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr(GString) text = g_string_sized_new (1 << 16);
  g_autoptr(GDateTime) generated = NULL;
  g_autofree char *generated_text = NULL, *division = NULL, *generated_line = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  /* The byte-order mark: Excel reads the file as UTF-8 only with it. */
  g_string_append (text, "\xEF\xBB\xBF");
  generated = gw_time_to_date_time (report->generated_at);
  generated_text = g_date_time_format (generated, "%Y-%m-%d %H:%M");
  if (report->division_code)
    division = g_strdup_printf (_("Division: %s (%s)"), report->division_name, report->division_code);
  else
    division = g_strdup_printf (_("Division: %s"), report->division_name);
  generated_line = g_strdup_printf (_("Generated at %s"), generated_text);
  append_line (text, report->title);
  append_line (text, report->subtitle);
  append_line (text, division);
  append_line (text, generated_line);
  append_line (text, report->summary);
  g_string_append (text, "\r\n");

  for (guint s = 0; s < report->sections->len; s++)
    {
      const GwReportSection *section = g_ptr_array_index (report->sections, s);

      if (section->title)
        {
          append_line (text, section->title);
          g_string_append (text, "\r\n");
        }
      for (guint t = 0; t < section->tables->len; t++)
        append_table (text, g_ptr_array_index (section->tables, t));
    }

  return g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, error);
}

gboolean
gw_report_write_csv_file (const GwReport  *report,
                          const char      *path,
                          gpointer         user_data,
                          GError         **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!gw_report_write_csv (report, G_OUTPUT_STREAM (out), NULL, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
