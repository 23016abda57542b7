#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-report-export.h"

gboolean
gw_report_format_is_available (GwReportFormat   format,
                               GError         **error)
{
  switch (format)
    {
    case GW_REPORT_FORMAT_CSV:
      return TRUE;
    case GW_REPORT_FORMAT_PDF:
#ifdef GW_HAVE_REPORT_PDF
      return TRUE;
#else
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_NOT_SUPPORTED,
                   _("This build of Gridwatch cannot write PDF reports (it was built without cairo and Pango)"));
      return FALSE;
#endif
    case GW_REPORT_FORMAT_XLSX:
#ifdef GW_HAVE_REPORT_XLSX
      return TRUE;
#else
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_NOT_SUPPORTED,
                   _("This build of Gridwatch cannot write XLSX reports (it was built without libxlsxwriter)"));
      return FALSE;
#endif
    case GW_N_REPORT_FORMATS:
    default:
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_NOT_SUPPORTED, _("Unknown report format"));
      return FALSE;
    }
}

#ifndef GW_HAVE_REPORT_PDF
gboolean
gw_report_write_pdf_file (const GwReport  *report,
                          const char      *path,
                          gpointer         user_data,
                          GError         **error)
{
  return gw_report_format_is_available (GW_REPORT_FORMAT_PDF, error);
}
#endif

#ifndef GW_HAVE_REPORT_XLSX
gboolean
gw_report_write_xlsx_file (const GwReport  *report,
                           const char      *path,
                           gpointer         user_data,
                           GError         **error)
{
  return gw_report_format_is_available (GW_REPORT_FORMAT_XLSX, error);
}
#endif

gboolean
gw_report_export (const GwReport  *report,
                  GwReportFormat   format,
                  const char      *path,
                  guint           *n_pages,
                  GError         **error)
{
  guint pages = 0;
  gboolean ok;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_pages)
    *n_pages = 0;
  /* Refused before anything is made on disk. */
  if (!gw_report_format_is_available (format, error))
    return FALSE;
  switch (format)
    {
    case GW_REPORT_FORMAT_PDF:
      ok = gw_report_save (report, path, gw_report_write_pdf_file, &pages, error);
      break;
    case GW_REPORT_FORMAT_XLSX:
      ok = gw_report_save (report, path, gw_report_write_xlsx_file, NULL, error);
      break;
    case GW_REPORT_FORMAT_CSV:
    case GW_N_REPORT_FORMATS:
    default:
      ok = gw_report_save (report, path, gw_report_write_csv_file, NULL, error);
      break;
    }
  if (ok && n_pages)
    *n_pages = pages;
  return ok;
}
