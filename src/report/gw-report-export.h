/* gw-report-export.h: a GwReport written as PDF, CSV or XLSX (libgwreport).
 *
 * CSV is core's (gw-report-csv.c); PDF (cairo's PDF surface and PangoCairo, A4, the CJK
 * font embedded) and XLSX (libxlsxwriter) live here, outside core, because they need
 * libraries core does not link. Each is optional at build time:
 * gw_report_format_is_available() says which this build has.
 */
#pragma once

#include "gw-report.h"

G_BEGIN_DECLS

/* TRUE for CSV always; PDF and XLSX when built in. Otherwise FALSE, with error (may be
 * NULL) set to GW_REPORT_ERROR_NOT_SUPPORTED saying what the build lacked. */
gboolean gw_report_format_is_available (GwReportFormat   format,
                                        GError         **error);

/* Writes the report to `path` in `format` through gw_report_save(): into a new file beside
 * it, renamed onto it when complete, so a failure leaves no file. A format this build
 * lacks is refused with GW_REPORT_ERROR_NOT_SUPPORTED. *n_pages (may be NULL) receives the
 * number of pages of a PDF, 0 for the other formats. */
gboolean gw_report_export              (const GwReport  *report,
                                        GwReportFormat   format,
                                        const char      *path,
                                        guint           *n_pages,
                                        GError         **error);

/* The writers themselves, as GwReportWriteFunc (they write `path` directly). The PDF
 * writer's user_data, when not NULL, is a guint * receiving the page count. */
gboolean gw_report_write_pdf_file      (const GwReport  *report,
                                        const char      *path,
                                        gpointer         user_data,
                                        GError         **error);
gboolean gw_report_write_xlsx_file     (const GwReport  *report,
                                        const char      *path,
                                        gpointer         user_data,
                                        GError         **error);

G_END_DECLS
