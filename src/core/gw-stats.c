#define G_LOG_DOMAIN "gw-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-db-private.h"
#include "gw-stats.h"

G_DEFINE_BOXED_TYPE (GwFigures, gw_figures, gw_figures_copy, gw_figures_free)

/* The query ---------------------------------------------------------------------------
 *
 * One pass over the tickets reported in the window: every count, numerator and sum is a
 * conditional aggregate. A comparison is 1, 0 or NULL (when a time it needs is missing),
 * and sum() skips NULLs, so a ticket without the facts a figure needs is simply not
 * counted in it. A difference of two times is NULL unless both are known: sum() and
 * count() of it give an average over exactly the tickets that have both ends. The close
 * end is closed_at of a closed ticket only (a rejected ticket may carry a closing time). */

#define CLOSED_AT "(CASE WHEN t.state = 'closed' THEN t.closed_at END)"

#define FIGURES_SELECT \
  "SELECT count(*)," \
  " sum(t.state = 'rejected')," \
  " sum(t.dispatched_at IS NOT NULL)," \
  " sum(t.state = 'closed')," \
  " sum(t.satisfaction <> 'none')," \
  " sum(t.dispatched_at IS NOT NULL AND t.signed_at IS NOT NULL" \
  "     AND (t.sign_deadline_at IS NULL OR t.signed_at <= t.sign_deadline_at))," \
  " sum(t.state = 'closed' AND t.resolved = 1)," \
  " sum(t.satisfaction IN ('satisfied', 'basic'))," \
  " sum(t.state = 'closed'" \
  "     AND (t.handle_deadline_at IS NULL OR t.closed_at <= t.handle_deadline_at))," \
  " sum(t.state = 'closed' AND t.level IN ('grid', 'community'))," \
  " sum(t.state = 'closed' AND t.reopen_count > 0)," \
  " sum(t.signed_at - t.dispatched_at), count(t.signed_at - t.dispatched_at)," \
  " sum(t.reported_back_at - t.signed_at), count(t.reported_back_at - t.signed_at)," \
  " sum(" CLOSED_AT " - t.reported_back_at), count(" CLOSED_AT " - t.reported_back_at)," \
  " sum(" CLOSED_AT " - t.reported_at), count(" CLOSED_AT " - t.reported_at)" \
  " FROM tickets t WHERE t.reported_at >= :from AND t.reported_at < :to"

enum {
  COL_REPORTED,
  COL_REJECTED,
  COL_DISPATCHED,
  COL_CLOSED,
  COL_EVALUATED,
  COL_RESPONDED,
  COL_RESOLVED,
  COL_SATISFIED,
  COL_ON_TIME,
  COL_GRASSROOTS,
  COL_REOPENED,
  COL_SIGN_SUM,
  COL_SIGN_N,
  COL_HANDLE_SUM,
  COL_HANDLE_N,
  COL_CHECK_SUM,
  COL_CHECK_N,
  COL_TOTAL_SUM,
  COL_TOTAL_N,
};

/* How a division selects its tickets. A ticket row carries its finest division and the
 * street, community and grid of its chain, so those three levels are one comparison;
 * a micro-grid is always the finest division; an area (and a district that is not the
 * only top of the hierarchy) takes its whole subtree of divisions. */
typedef enum {
  SCOPE_ALL,
  SCOPE_STREET,
  SCOPE_COMMUNITY,
  SCOPE_GRID,
  SCOPE_FINEST,
  SCOPE_SUBTREE,
  N_SCOPES
} Scope;

#define IN_STREET    " AND t.street_id = :division"
#define IN_COMMUNITY " AND t.community_id = :division"
#define IN_GRID      " AND t.grid_id = :division"
#define IN_FINEST    " AND t.division_id = :division"
#define IN_SUBTREE \
  " AND t.division_id IN (WITH RECURSIVE sub (id) AS (SELECT :division" \
  "   UNION ALL SELECT d.id FROM divisions d JOIN sub ON d.parent_id = sub.id)" \
  " SELECT id FROM sub)"
/* Dispatched to the department, or whistled to it (the lead department is in both). */
#define FOR_DEPARTMENT \
  " AND (t.department_id = :department OR EXISTS (SELECT 1 FROM ticket_departments td" \
  "   WHERE td.ticket_id = t.id AND td.department_id = :department))"

/* Statements are cached by their text, so each combination is a literal of its own. */
static const char *const figures_sql[N_SCOPES][2] = {
  [SCOPE_ALL] = { FIGURES_SELECT, FIGURES_SELECT FOR_DEPARTMENT },
  [SCOPE_STREET] = { FIGURES_SELECT IN_STREET, FIGURES_SELECT IN_STREET FOR_DEPARTMENT },
  [SCOPE_COMMUNITY] = { FIGURES_SELECT IN_COMMUNITY, FIGURES_SELECT IN_COMMUNITY FOR_DEPARTMENT },
  [SCOPE_GRID] = { FIGURES_SELECT IN_GRID, FIGURES_SELECT IN_GRID FOR_DEPARTMENT },
  [SCOPE_FINEST] = { FIGURES_SELECT IN_FINEST, FIGURES_SELECT IN_FINEST FOR_DEPARTMENT },
  [SCOPE_SUBTREE] = { FIGURES_SELECT IN_SUBTREE, FIGURES_SELECT IN_SUBTREE FOR_DEPARTMENT },
};

/* Helpers ------------------------------------------------------------------------------ */

static gboolean
lookup_department (GwDb        *db,
                   const char  *code,
                   gint64      *id,
                   GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT id FROM departments WHERE code = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("computing figures"));
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
               _("No department has the code %s"), code);
  return FALSE;
}

/* TRUE when exactly one division has no parent: that one holds every ticket. */
static gboolean
is_only_top (GwDb     *db,
             gboolean *only,
             GError  **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT count(*) FROM divisions WHERE parent_id IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _gw_db_set_error (db, error, _("computing figures"));
    }
  *only = sqlite3_column_int64 (stmt, 0) == 1;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
division_scope (GwDb        *db,
                const char  *code,
                Scope       *scope,
                gint64      *id,
                GError     **error)
{
  const GwDbDivision *d;
  gboolean only = FALSE;

  *id = 0;
  if (code == NULL)
    {
      *scope = SCOPE_ALL;
      return TRUE;
    }
  d = _gw_db_division_by_code (db, code);
  if (d == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("No division has the code %s"), code);
      return FALSE;
    }
  *id = d->id;
  switch (d->level)
    {
    case GW_LEVEL_STREET:
      *scope = SCOPE_STREET;
      return TRUE;
    case GW_LEVEL_COMMUNITY:
      *scope = SCOPE_COMMUNITY;
      return TRUE;
    case GW_LEVEL_GRID:
      *scope = SCOPE_GRID;
      return TRUE;
    case GW_LEVEL_MICROGRID:
      *scope = SCOPE_FINEST;
      return TRUE;
    case GW_LEVEL_DISTRICT:
      if (d->parent_id == 0)
        {
          if (!is_only_top (db, &only, error))
            return FALSE;
          if (only)
            {
              *scope = SCOPE_ALL;
              return TRUE;
            }
        }
      *scope = SCOPE_SUBTREE;
      return TRUE;
    case GW_LEVEL_AREA:
    case GW_N_LEVELS:
    default:
      *scope = SCOPE_SUBTREE;
      return TRUE;
    }
}

static GwRate
rate (sqlite3_stmt *stmt,
      int           numerator,
      int           denominator)
{
  GwRate r = { sqlite3_column_int64 (stmt, numerator), sqlite3_column_int64 (stmt, denominator) };
  return r;
}

static double
average (sqlite3_stmt *stmt,
         int           sum,
         int           n,
         gint64       *n_out)
{
  *n_out = sqlite3_column_int64 (stmt, n);
  if (*n_out == 0)
    return NAN;
  return (double) sqlite3_column_int64 (stmt, sum) / (double) *n_out;
}

static void
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

/* Public API ---------------------------------------------------------------------------- */

double
gw_rate_value (GwRate rate)
{
  if (rate.denominator == 0)
    return NAN;
  return (double) rate.numerator / (double) rate.denominator;
}

GwFigures *
gw_figures_copy (const GwFigures *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
gw_figures_free (GwFigures *self)
{
  g_free (self);
}

GwFigures *
gw_db_get_figures (GwDb               *db,
                   const GwStatsQuery *query,
                   GError            **error)
{
  g_autoptr(GwFigures) f = NULL;
  sqlite3_stmt *stmt;
  Scope scope;
  gint64 division_id = 0, department_id = 0;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!division_scope (db, query->division_code, &scope, &division_id, error))
    return NULL;
  if (query->department_code && !lookup_department (db, query->department_code, &department_id, error))
    return NULL;

  stmt = _gw_db_prepare (db, figures_sql[scope][query->department_code != NULL], error);
  if (stmt == NULL)
    return NULL;
  bind_named (stmt, ":from", query->from);
  bind_named (stmt, ":to", query->to);
  if (scope != SCOPE_ALL)
    bind_named (stmt, ":division", division_id);
  if (query->department_code)
    bind_named (stmt, ":department", department_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _gw_db_set_error (db, error, _("computing figures"));
      sqlite3_reset (stmt);
      return NULL;
    }

  f = g_new0 (GwFigures, 1);
  f->reported = sqlite3_column_int64 (stmt, COL_REPORTED);
  f->rejected = sqlite3_column_int64 (stmt, COL_REJECTED);
  f->dispatched = sqlite3_column_int64 (stmt, COL_DISPATCHED);
  f->closed = sqlite3_column_int64 (stmt, COL_CLOSED);
  /* Every state is closed, rejected or one of the open ones. */
  f->open = f->reported - f->closed - f->rejected;
  f->evaluated = sqlite3_column_int64 (stmt, COL_EVALUATED);

  f->response = rate (stmt, COL_RESPONDED, COL_DISPATCHED);
  f->resolution = rate (stmt, COL_RESOLVED, COL_CLOSED);
  f->satisfaction = rate (stmt, COL_SATISFIED, COL_EVALUATED);
  f->closure.numerator = f->closed;
  f->closure.denominator = f->reported - f->rejected;
  f->on_time_closure = rate (stmt, COL_ON_TIME, COL_CLOSED);
  f->grassroots_closure = rate (stmt, COL_GRASSROOTS, COL_CLOSED);
  f->reopen = rate (stmt, COL_REOPENED, COL_CLOSED);

  f->avg_sign_seconds = average (stmt, COL_SIGN_SUM, COL_SIGN_N, &f->n_sign);
  f->avg_handle_seconds = average (stmt, COL_HANDLE_SUM, COL_HANDLE_N, &f->n_handle);
  f->avg_check_seconds = average (stmt, COL_CHECK_SUM, COL_CHECK_N, &f->n_check);
  f->avg_total_seconds = average (stmt, COL_TOTAL_SUM, COL_TOTAL_N, &f->n_total);
  sqlite3_reset (stmt);

  return g_steal_pointer (&f);
}
