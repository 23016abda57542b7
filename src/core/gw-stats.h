/* gw-stats.h: the figures a command center is judged by, for any time window and any
 * division or department. Every rate comes with its numerator and denominator.
 *
 * The population is the tickets reported in [from, to) whose division chain contains
 * division_code (any level; NULL for all) and, when department_code is set, that were
 * dispatched or whistled to that department.
 *
 *   response rate (响应率)          signed for by their sign-for deadline / dispatched
 *   resolution rate (解决率)        closed as resolved / closed
 *   satisfaction rate (满意率)      satisfied + basically satisfied / evaluated
 *   closure rate (结案率)           closed / (reported − rejected)
 *   on-time closure rate (按期结案率) closed by their handling deadline / closed
 *   grassroots closure rate (基层办结率) closed at grid or community level / closed
 *   reopen rate (返工率)            reopened at least once / closed
 *   average times                   sign-for (dispatch → sign), handling (sign → report
 *                                   back), check (report back → close), total (report →
 *                                   close), each over the tickets that have both ends
 */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64 numerator;
  gint64 denominator;
} GwRate;

/* numerator / denominator, or NAN when the denominator is 0. */
double gw_rate_value (GwRate rate);

typedef struct {
  gint64      from;             /* Unix seconds, inclusive */
  gint64      to;               /* exclusive */
  const char *division_code;    /* NULL: the whole database */
  const char *department_code;  /* NULL: every department */
} GwStatsQuery;

typedef struct {
  gint64 reported;
  gint64 rejected;
  gint64 dispatched;
  gint64 closed;
  gint64 open;
  gint64 evaluated;

  GwRate response;
  GwRate resolution;
  GwRate satisfaction;
  GwRate closure;
  GwRate on_time_closure;
  GwRate grassroots_closure;
  GwRate reopen;

  double avg_sign_seconds;      /* NAN when n_sign is 0 */
  gint64 n_sign;
  double avg_handle_seconds;
  gint64 n_handle;
  double avg_check_seconds;
  gint64 n_check;
  double avg_total_seconds;
  gint64 n_total;
} GwFigures;

GType      gw_figures_get_type (void) G_GNUC_CONST;
#define GW_TYPE_FIGURES (gw_figures_get_type ())
GwFigures *gw_figures_copy     (const GwFigures *self);
void       gw_figures_free     (GwFigures       *self);

/* Unknown division or department codes are refused with GW_STORE_ERROR_NOT_FOUND. */
GwFigures *gw_db_get_figures   (GwDb               *db,
                                const GwStatsQuery *query,
                                GError            **error);

/* How gw_db_get_figures() picks a division's tickets, for other figures that must count
 * the same tickets (gw-dashboard): a condition on tickets aliased `t` to append to a
 * WHERE clause (" AND …", or "" for the whole database) naming the parameter :division,
 * to be bound to *division_id. The string is static. An unknown code is refused with
 * GW_STORE_ERROR_NOT_FOUND. */
const char *gw_stats_division_condition (GwDb        *db,
                                         const char  *division_code,
                                         gint64      *division_id,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwFigures, gw_figures_free)

/* Figures per group in one pass -------------------------------------------------------- */

typedef enum {
  GW_STATS_BY_STREET,       /* the street of the ticket's division chain */
  GW_STATS_BY_DEPARTMENT,   /* every department it was dispatched or whistled to */
} GwStatsGrouping;

/* The figures of every group with tickets in the query's population: group code (the
 * street's division code, or the department's code) -> GwFigures, each exactly what
 * gw_db_get_figures() gives for that group alone within the same query (the street as
 * well as query->division_code, or the department as query->department_code). One pass
 * over the window instead of one per group. Grouping by department when
 * query->department_code is set is GW_STORE_ERROR_INVALID. */
GHashTable *gw_db_get_figures_grouped (GwDb               *db,
                                       const GwStatsQuery *query,
                                       GwStatsGrouping     by,
                                       GError            **error);

G_END_DECLS
