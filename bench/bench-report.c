/* The monthly report of the Tongnan-scale county (420,000 tickets over two years) as a PDF:
 * the report built from gw-stats and drawn (cairo + Pango, the CJK font embedded), against
 * the same report written as CSV. Median of five runs each, in zh_CN. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "bench-common.h"
#include "gw-report-export.h"

#define RUNS 5

static double
make (GwDb           *db,
      GwReportFormat  format,
      const char     *path,
      guint          *pages,
      double         *build_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwReport) report = NULL;
  GwReportOptions options;
  double t0 = bench_now_ms (), t1;

  /* October 2026, the last whole month of the benchmark county's history. */
  gw_report_options_init (&options);
  options.period = GW_REPORT_MONTHLY;
  options.year = 2026;
  options.month = 10;
  options.day = 1;
  report = gw_report_build (db, &options, &error);
  if (report == NULL)
    g_error ("building the report: %s", error->message);
  t1 = bench_now_ms ();
  if (!gw_report_export (report, format, path, pages, &error))
    g_error ("writing the report: %s", error->message);
  if (build_ms)
    *build_ms = t1 - t0;
  return bench_now_ms () - t0;
}

int
main (void)
{
  const char *localedir = g_getenv ("GW_LOCALEDIR");
  g_autofree char *path = bench_tongnan_db ();
  g_autofree char *pdf = g_strconcat (path, "-report.pdf", NULL);
  g_autofree char *csv = g_strconcat (path, "-report.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  GArray *pdf_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *csv_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *build_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint pages = 0;

  /* Chinese first, as the reports are read. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (!gw_report_format_is_available (GW_REPORT_FORMAT_PDF, &error))
    {
      g_print ("skipped: %s\n", error->message);
      return 77;
    }
  db = gw_db_open (path, &error);
  if (db == NULL)
    g_error ("%s", error->message);

  /* A first run of each warms the page cache and the font cache. */
  make (db, GW_REPORT_FORMAT_PDF, pdf, &pages, NULL);
  make (db, GW_REPORT_FORMAT_CSV, csv, NULL, NULL);
  for (int i = 0; i < RUNS; i++)
    {
      double b, x = make (db, GW_REPORT_FORMAT_PDF, pdf, &pages, &b);
      double y = make (db, GW_REPORT_FORMAT_CSV, csv, NULL, NULL);

      g_array_append_val (pdf_ms, x);
      g_array_append_val (csv_ms, y);
      g_array_append_val (build_ms, b);
    }
  g_array_sort (pdf_ms, bench_compare_double);
  g_array_sort (csv_ms, bench_compare_double);
  g_array_sort (build_ms, bench_compare_double);
  bench_figure ("report-monthly-pdf", g_array_index (pdf_ms, double, RUNS / 2), "ms",
                g_array_index (csv_ms, double, RUNS / 2), "ms(csv)");
  bench_figure ("report-monthly-pages", pages, "pages", -1, NULL);
  bench_figure ("report-monthly-build", g_array_index (build_ms, double, RUNS / 2), "ms", -1, NULL);

  g_unlink (pdf);
  g_unlink (csv);
  g_array_unref (pdf_ms);
  g_array_unref (csv_ms);
  g_array_unref (build_ms);
  return 0;
}
