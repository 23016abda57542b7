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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwFigures, gw_figures_free)

G_END_DECLS
