/* gw-report-private.h: what gw-report.c and gw-report-tables.c share. */
#pragma once

#include "gw-dictionary.h"
#include "gw-report.h"

G_BEGIN_DECLS

/* A report being built: the connection, what was asked and the window. */
typedef struct {
  GwDb                  *db;
  const GwReportOptions *options;
  GwDictionary          *dictionary;
  gint64                 from;
  gint64                 to;
} GwReportBuilder;

/* A division of a breakdown. */
typedef struct {
  char    *code;
  char    *name;
  GwLevel  level;
} GwReportPlace;

void      _gw_report_table_free     (GwReportTable   *table);

/* Building a report's tables (gw-report-tables.c, also the drill's score): a section added
 * to `report`, a table added to `section` with columns given as (heading,
 * GwReportCellKind) pairs ending with NULL, and cells appended row by row. */
GwReportSection *_gw_report_section_new (GwReport        *report,
                                         const char      *title,
                                         const char      *division_code);
void      _gw_report_section_free   (GwReportSection *section);
GwReportTable *_gw_report_table_new (GwReportSection *section,
                                     const char      *id,
                                     const char      *title,
                                     ...) G_GNUC_NULL_TERMINATED;
void      _gw_report_add_text       (GwReportTable   *table,
                                     const char      *text);
void      _gw_report_add_int        (GwReportTable   *table,
                                     gint64           value);
void      _gw_report_add_number     (GwReportTable   *table,
                                     GwReportCellKind kind,
                                     double           value);
/* A rate as three cells: the percentage, the numerator, the denominator. */
void      _gw_report_add_rate       (GwReportTable   *table,
                                     GwRate           rate);

/* "92.31%" with `decimals` decimals, in the C locale. */
char     *_gw_report_format_percent (double           fraction,
                                     int              decimals);
/* g_date_time_format() of a time in the county's zone. */
char     *_gw_report_format_day     (gint64           t,
                                     const char      *format);

/* The divisions one level under `code` (the tops when NULL), and the streets within it
 * (every street when NULL; none when it is a street or below), as GwReportPlace. */
GArray   *_gw_report_read_children  (GwReportBuilder *b,
                                     const char      *code,
                                     GError         **error);
GArray   *_gw_report_read_streets   (GwReportBuilder *b,
                                     const char      *code,
                                     GError         **error);

/* The tables of one division into `section`: the whole report's (main: with the trend and
 * the departments) or a street's. *figures_out (may be NULL) receives the division's
 * figures, *overdue_out (may be NULL) the number of its overdue tickets. */
gboolean  _gw_report_build_section  (GwReportBuilder *b,
                                     GwReportSection *section,
                                     const char      *division_code,
                                     gboolean         main,
                                     GwFigures      **figures_out,
                                     gint64          *overdue_out,
                                     GError         **error);

G_END_DECLS
