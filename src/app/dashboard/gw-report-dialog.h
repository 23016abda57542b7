/* gw-report-dialog.h: the daily, weekly and monthly reports (日报 / 周报 / 月报) from the
 * app's menu — what `gridwatchctl report` writes, for the console's store.
 *
 * The officer picks the kind, a day of the period (by default the last whole one: yesterday,
 * last week, last month), the division (the whole district or one street), the format (those
 * this build cannot write are insensitive, with the reason) and whether each street gets a
 * page of its own; "Save…" asks for a file. The report is built on a store reader and written
 * on a worker thread (gw_report_export: a temporary file renamed when complete, so a failure
 * leaves no file); the dialog shows a spinner meanwhile, then the result with "Open", or why
 * it could not. Escape or Ctrl+W closes it; closing cancels what has not started writing.
 */
#pragma once

#include <adwaita.h>

#include "gw-clock.h"
#include "gw-report.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_REPORT_DIALOG (gw_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwReportDialog, gw_report_dialog, GW, REPORT_DIALOG, AdwWindow)

/* A dialog over `parent`'s store (which must be open); `clock` says what yesterday is. */
GwReportDialog *gw_report_dialog_new            (GtkWindow      *parent,
                                                 GwStore        *store,
                                                 GwClock        *clock);
/* The report dialog already open over `parent`, or NULL. */
GwReportDialog *gw_report_dialog_find           (GtkWindow      *parent);

/* The kind of report. Choosing another kind also moves the day to that kind's last whole
 * period, unless a day was chosen by hand. */
void            gw_report_dialog_set_period     (GwReportDialog *self,
                                                 GwReportPeriod  period);
GwReportPeriod  gw_report_dialog_get_period     (GwReportDialog *self);

/* A day of the period, in the county's calendar. */
void            gw_report_dialog_set_date       (GwReportDialog *self,
                                                 int             year,
                                                 int             month,
                                                 int             day);
void            gw_report_dialog_get_date       (GwReportDialog *self,
                                                 int            *year,
                                                 int            *month,
                                                 int            *day);

/* The division: a street's code, or NULL for the whole district. A code that is not one of
 * the streets listed is kept as it is (the report then says there is no such division). */
void            gw_report_dialog_set_division   (GwReportDialog *self,
                                                 const char     *code);
const char     *gw_report_dialog_get_division   (GwReportDialog *self);

/* FALSE (and nothing changes) for a format this build cannot write. */
gboolean        gw_report_dialog_set_format     (GwReportDialog *self,
                                                 GwReportFormat  format);
GwReportFormat  gw_report_dialog_get_format     (GwReportDialog *self);

/* A section (a PDF page) for each street; only for the whole district. */
void            gw_report_dialog_set_per_street (GwReportDialog *self,
                                                 gboolean        per_street);

/* The file name "Save…" proposes, e.g. "daily-report-2026-11-21.pdf" (translated). */
char           *gw_report_dialog_suggest_name   (GwReportDialog *self);

/* Builds and writes the report to `file` as "Save…" does once a file is chosen (tests use
 * it to skip the file chooser). Does nothing while a report is being saved. */
void            gw_report_dialog_save_to        (GwReportDialog *self,
                                                 GFile          *file);

/* TRUE while a report is being built or written ("busy" is notified). */
gboolean        gw_report_dialog_get_busy       (GwReportDialog *self);
/* After the last save: the file written (NULL when it failed), the PDF's page count, the
 * error (NULL when it worked), and what the dialog says. */
GFile          *gw_report_dialog_get_saved_file (GwReportDialog *self);
guint           gw_report_dialog_get_n_pages    (GwReportDialog *self);
const GError   *gw_report_dialog_get_error      (GwReportDialog *self);
const char     *gw_report_dialog_get_message    (GwReportDialog *self);

G_END_DECLS
