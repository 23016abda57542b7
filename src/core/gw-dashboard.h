/* gw-dashboard.h: every figure of the commander's dashboard (指挥大屏) for a time window
 * and a division, in a few aggregate queries on the connection it is given (a store
 * reader). The same structure feeds the dashboard, the reports and the tests.
 *
 * The tickets counted are those whose division chain holds division_code, picked exactly
 * as gw_db_get_figures() picks them. Three kinds of figure:
 *
 *   the window    tickets reported in [from, to): the three rates and the closure rates
 *                 with their numerators and denominators (GwFigures, from gw-stats), the
 *                 reports by source, by board and by category (top level), the newest
 *                 reports
 *   the days      the 30 county days (UTC+8, gw-time.h) ending with the window's last day
 *                 (the day of to − 1, "today"): tickets reported on each day and tickets
 *                 closed on each day (closed now, by their closing time), before `to`;
 *                 these may reach back before `from`
 *   now           the tickets open now (every state but closed and rejected) and their
 *                 lights at `now` as the queue reads them: red is red_at <= t < deadline,
 *                 overdue is t >= deadline, t being `now` or the moment a suspended clock
 *                 stopped (red + overdue is the map's "red" figure); the streets and the
 *                 responsible departments with the most red and overdue tickets; the
 *                 newest open emergencies
 *
 * Everything is read in one read transaction, so the figures describe one state of the
 * file. Rankings and lists have at most top_n rows.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-db.h"
#include "gw-stats.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_DASHBOARD_TREND_DAYS   30
#define GW_DASHBOARD_DEFAULT_TOP_N 10
#define GW_DASHBOARD_MAX_TOP_N    1000

typedef struct {
  gint64      from;            /* Unix seconds, inclusive */
  gint64      to;              /* exclusive; the day of to − 1 is "today" */
  gint64      now;             /* the instant the lights are read at */
  const char *division_code;   /* NULL: the whole database */
  guint       top_n;           /* rows per ranking and list; 0: GW_DASHBOARD_DEFAULT_TOP_N,
                                * at most GW_DASHBOARD_MAX_TOP_N */
} GwDashboardQuery;

/* One county day of the trend. */
typedef struct {
  gint64 start;                /* Unix seconds of the day's midnight (UTC+8) */
  gint64 reported;             /* tickets reported that day (before `to`) */
  gint64 closed;               /* tickets closed that day (before `to`) and closed now */
} GwDashboardDay;

/* A count by a code: a board, or a top-level category ("" when the ticket has none). */
typedef struct {
  char   *code;
  gint64  count;
} GwDashboardCount;

/* A street or a department in the ranking of red and overdue tickets. */
typedef struct {
  char   *code;
  char   *name;
  gint64  open;                /* its open tickets */
  gint64  red;
  gint64  overdue;
} GwDashboardRank;

/* A ticket in a list. */
typedef struct {
  gint64         id;
  char          *number;
  char          *category_code;   /* subcategory code */
  char          *place;           /* its address, else the name of its finest division */
  char          *division_code;   /* its finest division, NULL if none */
  GwTicketState  state;
  GwUrgency      urgency;
  gint64         reported_at;
} GwDashboardTicket;

typedef struct {
  /* The query answered. */
  gint64   from;
  gint64   to;
  gint64   now;
  char    *division_code;          /* NULL: the whole database */
  guint    top_n;

  /* Today: the window's last day. */
  gint64   today_start;            /* midnight (UTC+8) starting the day of to − 1 */
  gint64   today_reported;         /* reported in [today_start, to) */

  /* Now. */
  gint64   open;
  gint64   red;
  gint64   overdue;
  gint64   emergencies_open;       /* open tickets of urgency emergency */

  /* The window: gw_db_get_figures() for { from, to, division_code }. */
  GwFigures stats;

  /* The trend, oldest day first; the last day is today. */
  GwDashboardDay trend[GW_DASHBOARD_TREND_DAYS];

  /* The window's reports by source (indexed by GwSource), board and top-level category.
   * Boards and categories come in the dictionary's order, every one with its count (0
   * included), then codes the dictionary does not know in code order ("" last). A
   * ticket's board is its own (tickets.board), else its category's. */
  gint64   by_source[GW_N_SOURCES];
  GArray  *by_board;               /* of GwDashboardCount */
  GArray  *by_category;            /* of GwDashboardCount */

  /* Now: the streets and the responsible departments with red or overdue tickets, most
   * red + overdue first (then most overdue, then by code). */
  GArray  *streets;                /* of GwDashboardRank */
  GArray  *departments;            /* of GwDashboardRank */

  /* The newest reports of the window and the newest open emergencies (reported any time),
   * newest first (equal times by id, highest first). */
  GArray  *newest;                 /* of GwDashboardTicket */
  GArray  *emergencies;            /* of GwDashboardTicket */
} GwDashboardFigures;

GType               gw_dashboard_figures_get_type (void) G_GNUC_CONST;
#define GW_TYPE_DASHBOARD_FIGURES (gw_dashboard_figures_get_type ())

/* An empty result for `query` (arrays empty, trend days placed, no figures counted): what
 * gw_db_dashboard_figures() fills, and what another way of counting (a test, the
 * benchmark's baseline) can fill to be compared with it. */
GwDashboardFigures *gw_dashboard_figures_new   (const GwDashboardQuery   *query);
GwDashboardFigures *gw_dashboard_figures_copy  (const GwDashboardFigures *self);
void                gw_dashboard_figures_free  (GwDashboardFigures       *self);

/* Adds n reports of the window of one source (its wire name; an unknown one is counted in
 * no source), board (NULL: its category's) and subcategory to by_source, by_board and
 * by_category. */
void                gw_dashboard_figures_add_reports (GwDashboardFigures *self,
                                                      const char         *source,
                                                      const char         *board,
                                                      const char         *category_code,
                                                      gint64              n);

/* Sorts a ranking as the dashboard shows it and keeps the first top_n rows. */
void                gw_dashboard_sort_ranks    (GArray                   *ranks,
                                                guint                     top_n);

/* Every figure. An unknown division code is refused with GW_STORE_ERROR_NOT_FOUND. */
GwDashboardFigures *gw_db_dashboard_figures    (GwDb                     *db,
                                                const GwDashboardQuery   *query,
                                                GError                  **error);

/* The figures as JSON (times ISO 8601 at +08:00; a rate as numerator, denominator and
 * value, null when the denominator is 0). Two results with the same JSON hold the same
 * figures. */
JsonNode           *gw_dashboard_figures_to_json (const GwDashboardFigures *self);

/* The same on one of the store's reader threads; _finish returns the figures or NULL with
 * error set. The query is copied. */
void                gw_store_dashboard_figures_async  (GwStore                *self,
                                                       const GwDashboardQuery *query,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
GwDashboardFigures *gw_store_dashboard_figures_finish (GwStore                *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDashboardFigures, gw_dashboard_figures_free)

G_END_DECLS
