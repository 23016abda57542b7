/* gw-report.h: a daily, weekly or monthly report (日报 / 周报 / 月报) as data.
 *
 * A GwReport is a title block and tables — each a title, column headings and rows of
 * cells (text or numbers) — built from gw-stats for the window the report names, in the
 * county's time zone (gw-time.h):
 *
 *   daily     the day of the date, 00:00 to 24:00
 *   weekly    the ISO week holding the date, Monday 00:00 to the next Monday
 *   monthly   the calendar month holding the date
 *
 * Every figure counts the tickets reported in the window within the division, exactly as
 * gw_db_get_figures() counts them (the report's totals and rates *are* its figures), with
 * one exception said in its title: the overdue list is the tickets of the division, reported
 * at any time, that were still open at the window's end and past their deadline then —
 * a ticket is open at an instant when it had not been closed or rejected by then, and past
 * its deadline when its handling deadline (the one the on-time closure rate judges), or
 * its sign-for deadline while not yet signed for, had passed; a ticket still open now
 * also counts by the deadline of the stage it is in.
 *
 * The report is GTK-free data: CSV is written here (gw-report-csv.c); PDF and XLSX by
 * libgwreport (src/report/), which the CLI and the app link.
 */
#pragma once

#include <gio/gio.h>

#include "gw-db.h"
#include "gw-stats.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_REPORT_ERROR (gw_report_error_quark ())
GQuark gw_report_error_quark (void);

typedef enum {
  GW_REPORT_ERROR_INVALID,        /* a bad date, period or option */
  GW_REPORT_ERROR_NOT_SUPPORTED,  /* a format this build cannot write */
  GW_REPORT_ERROR_WRITE,          /* the file could not be written */
} GwReportError;

typedef enum {
  GW_REPORT_DAILY = 0,
  GW_REPORT_WEEKLY,
  GW_REPORT_MONTHLY,
  GW_N_REPORT_PERIODS
} GwReportPeriod;

typedef enum {
  GW_REPORT_FORMAT_PDF = 0,
  GW_REPORT_FORMAT_CSV,
  GW_REPORT_FORMAT_XLSX,
  GW_N_REPORT_FORMATS
} GwReportFormat;

/* Wire names: "daily", "weekly", "monthly"; "pdf", "csv", "xlsx". */
const char *gw_report_period_to_string   (GwReportPeriod  period);
gboolean    gw_report_period_from_string (const char     *str,
                                          GwReportPeriod *out);
const char *gw_report_format_to_string   (GwReportFormat  format);
gboolean    gw_report_format_from_string (const char     *str,
                                          GwReportFormat *out);

/* The window of the report of `period` holding the day year-month-day, as Unix seconds
 * [*from, *to). FALSE (with error) when the date does not exist. */
gboolean    gw_report_window             (GwReportPeriod  period,
                                          int             year,
                                          int             month,
                                          int             day,
                                          gint64         *from,
                                          gint64         *to,
                                          GError        **error);

/* Cells ------------------------------------------------------------------------------- */

typedef enum {
  GW_REPORT_CELL_EMPTY = 0,
  GW_REPORT_CELL_TEXT,        /* text */
  GW_REPORT_CELL_INTEGER,     /* integer: a count */
  GW_REPORT_CELL_PERCENT,     /* number: a fraction (0.9231 shows as 92.31 %); NAN when the
                               * denominator is 0 (shown as a dash, written empty) */
  GW_REPORT_CELL_DECIMAL,     /* number: hours and the like, one decimal; NAN: unknown */
} GwReportCellKind;

typedef struct {
  GwReportCellKind  kind;
  char             *text;
  gint64            integer;
  double            number;
} GwReportCell;

typedef struct {
  char             *heading;
  GwReportCellKind  kind;     /* what the column holds: numbers are right-aligned */
} GwReportColumn;

/* How the PDF draws a table's data as a chart, above the table. */
typedef enum {
  GW_REPORT_CHART_NONE = 0,
  GW_REPORT_CHART_BARS,       /* horizontal bars: one per row (a share) */
  GW_REPORT_CHART_COLUMNS,    /* vertical bars along the period (a trend) */
} GwReportChartKind;

typedef struct {
  char              *id;          /* stable: "totals", "rates", "by-source" … */
  char              *title;
  char              *note;        /* a line under the table, or NULL */
  GwReportColumn    *columns;
  guint              n_columns;
  guint              n_rows;
  GArray            *cells;       /* GwReportCell, row after row */

  GwReportChartKind  chart;
  guint              chart_label_column;
  guint              chart_value_column;   /* the first series */
  int                chart_value_column2;  /* a second series, or -1 */
} GwReportTable;

/* The cell of a row and column. */
const GwReportCell *gw_report_table_get_cell (const GwReportTable *table,
                                              guint                row,
                                              guint                column);
/* A part of the report: the division as a whole (title NULL), then, when asked, one per
 * street, each starting a page of its own in the PDF. */
typedef struct {
  char      *title;
  char      *division_code;
  GPtrArray *tables;              /* GwReportTable */
} GwReportSection;

/* The table of the section with this id, or NULL. */
const GwReportTable *gw_report_section_get_table (const GwReportSection *section,
                                                  const char            *id);

/* The report -------------------------------------------------------------------------- */

typedef struct {
  GwReportPeriod  period;
  gint64          from;           /* Unix seconds, inclusive */
  gint64          to;             /* exclusive */
  char           *division_code;  /* NULL: the whole county */
  char           *division_name;
  gint64          generated_at;

  char           *title;          /* e.g. 潼南区网格化服务管理月报 */
  char           *subtitle;       /* the period, e.g. 2026年10月（10月1日至10月31日） */
  char           *summary;        /* one paragraph of the key figures */
  GwFigures       figures;        /* gw_db_get_figures() for the window and division */
  gint64          overdue;        /* tickets of the division overdue at the window's end
                                   * (all of them, however many the list shows) */
  GPtrArray      *sections;       /* GwReportSection; the first is the whole division */
} GwReport;

void      gw_report_free     (GwReport *self);

typedef struct {
  GwReportPeriod  period;
  int             year, month, day;   /* any day of the period */
  const char     *division_code;      /* NULL: the whole county */
  gboolean        per_street;         /* a section for each street in the division */
  guint           top_n;              /* most frequent subcategories listed */
  guint           overdue_limit;      /* overdue tickets listed per section; 0: all */
  gint64          generated_at;       /* 0: now */
} GwReportOptions;

#define GW_REPORT_DEFAULT_TOP_N          3
#define GW_REPORT_DEFAULT_OVERDUE_LIMIT  100

/* Defaults: a daily report of the whole county, top 3, 100 overdue tickets listed. */
void      gw_report_options_init (GwReportOptions *options);

/* Builds the report. An unknown division is refused with GW_STORE_ERROR_NOT_FOUND, a date
 * that does not exist with GW_REPORT_ERROR_INVALID. Uses `db` synchronously (the CLI, or a
 * store's worker thread). Strings are in the current message locale. */
GwReport *gw_report_build        (GwDb                  *db,
                                  const GwReportOptions *options,
                                  GError               **error);

/* gw_report_build() on one of the store's reader threads, for code with a main loop (the
 * app): the options are copied. The report (free with gw_report_free) or NULL with error. */
void      gw_store_build_report_async  (GwStore               *store,
                                        const GwReportOptions *options,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
GwReport *gw_store_build_report_finish (GwStore               *store,
                                        GAsyncResult          *result,
                                        GError               **error);

/* Writing ----------------------------------------------------------------------------- */

/* CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so that Excel reads Chinese): the
 * title block, then each table — a title line, the headings, the rows, the note — with an
 * empty line between tables. Numbers are written in the C locale; a percentage as
 * "92.31%", an unknown value as an empty field. */
gboolean  gw_report_write_csv    (const GwReport *report,
                                  GOutputStream  *out,
                                  GCancellable   *cancellable,
                                  GError        **error);

/* A writer that makes the file at `path` itself (see gw_report_save for the safe way to
 * replace a file). user_data is the writer's own. */
typedef gboolean (*GwReportWriteFunc) (const GwReport *report,
                                       const char     *path,
                                       gpointer        user_data,
                                       GError        **error);
/* CSV as a GwReportWriteFunc (user_data unused). */
gboolean  gw_report_write_csv_file (const GwReport *report,
                                    const char     *path,
                                    gpointer        user_data,
                                    GError        **error);

/* Writes through `write` into a new file beside `path` and renames it onto `path` when
 * complete: a failure leaves no file, and an existing file at `path` untouched. Errors are
 * GW_REPORT_ERROR_WRITE naming the file. */
gboolean  gw_report_save         (const GwReport    *report,
                                  const char        *path,
                                  GwReportWriteFunc  write,
                                  gpointer           user_data,
                                  GError           **error);

/* Formatting shared by the writers: the text of a cell as a person reads it (a dash for
 * an unknown number), and as CSV writes it. Free with g_free. */
char     *gw_report_cell_to_display (const GwReportCell *cell);
char     *gw_report_cell_to_csv     (const GwReportCell *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwReport, gw_report_free)

G_END_DECLS
