#define G_LOG_DOMAIN "gw-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-stats.h"
#include "gw-stats-private.h"

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

/* The same conditions on their own, for the other figures of a division (gw-dashboard). */
static const char *const scope_condition[N_SCOPES] = {
  [SCOPE_ALL] = "",
  [SCOPE_STREET] = IN_STREET,
  [SCOPE_COMMUNITY] = IN_COMMUNITY,
  [SCOPE_GRID] = IN_GRID,
  [SCOPE_FINEST] = IN_FINEST,
  [SCOPE_SUBTREE] = IN_SUBTREE,
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

/* The figures from a row of FIGURES_SELECT. */
static GwFigures *
figures_from_row (sqlite3_stmt *stmt)
{
  GwFigures *f = g_new0 (GwFigures, 1);

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
  return f;
}

/* Public API ---------------------------------------------------------------------------- */

double
gw_rate_value (GwRate rate)
{
  if (rate.denominator == 0)
    return NAN;
  return (double) rate.numerator / (double) rate.denominator;
}

const char *
gw_stats_division_condition (GwDb        *db,
                             const char  *division_code,
                             gint64      *division_id,
                             GError     **error)
{
  Scope scope;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (division_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!division_scope (db, division_code, &scope, division_id, error))
    return NULL;
  return scope_condition[scope];
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

  f = figures_from_row (stmt);
  sqlite3_reset (stmt);

  return g_steal_pointer (&f);
}

/* Figures per group -------------------------------------------------------------------
 *
 * A grouped statement is the statement gw_db_get_figures() runs, made from the same text
 * at run time: the group's key added as the last column, the tickets read from the
 * group's source, and GROUP BY the key. So a group's figures are counted by exactly the
 * SQL that counts them for that group alone. By department, a ticket is read once for the
 * department it was dispatched to and once for every other department a whistle named:
 * the tickets FOR_DEPARTMENT selects for each. */

#define FIGURES_FROM " FROM tickets t WHERE "
#define BY_DEPARTMENT_SOURCE \
  "(SELECT t.*, t.department_id AS gw_group FROM tickets t WHERE t.department_id IS NOT NULL" \
  " UNION ALL SELECT t.*, td.department_id AS gw_group FROM tickets t" \
  " JOIN ticket_departments td ON td.ticket_id = t.id WHERE td.department_id IS NOT t.department_id)"

/* The grouped form of one of figures_sql, interned: the statement cache keys on the
 * pointer, so the same text must be the same pointer every time. */
static const char *
grouped_sql (const char      *sql,
             GwStatsGrouping  by)
{
  const char *from = strstr (sql, FIGURES_FROM);
  g_autofree char *text = NULL;

  g_assert (from != NULL && g_str_has_prefix (sql, "SELECT "));
  text = g_strdup_printf ("%.*s, %s FROM %s t WHERE %s GROUP BY %s", (int) (from - sql), sql,
                          by == GW_STATS_BY_STREET ? "t.street_id" : "t.gw_group",
                          by == GW_STATS_BY_STREET ? "tickets" : BY_DEPARTMENT_SOURCE,
                          from + strlen (FIGURES_FROM),
                          by == GW_STATS_BY_STREET ? "t.street_id" : "t.gw_group");
  return g_intern_string (text);
}

/* One row of a figures statement, as gw_db_get_figures() reads it. */
static GwFigures *
read_figures (sqlite3_stmt *stmt)
{
  GwFigures *f = g_new0 (GwFigures, 1);

  f->reported = sqlite3_column_int64 (stmt, COL_REPORTED);
  f->rejected = sqlite3_column_int64 (stmt, COL_REJECTED);
  f->dispatched = sqlite3_column_int64 (stmt, COL_DISPATCHED);
  f->closed = sqlite3_column_int64 (stmt, COL_CLOSED);
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
  return f;
}

/* id -> code of every department. */
static GHashTable *
department_codes (GwDb    *db,
                  GError **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT id, code FROM departments", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (codes, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("computing figures")), NULL;
  return g_steal_pointer (&codes);
}

GHashTable *
gw_db_get_figures_grouped (GwDb               *db,
                           const GwStatsQuery *query,
                           GwStatsGrouping     by,
                           GError            **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) gw_figures_free);
  g_autoptr(GHashTable) departments = NULL;
  sqlite3_stmt *stmt;
  Scope scope;
  gint64 division_id = 0, department_id = 0;
  int key_column = COL_TOTAL_N + 1;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (by == GW_STATS_BY_STREET || by == GW_STATS_BY_DEPARTMENT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (by == GW_STATS_BY_DEPARTMENT && query->department_code)
    {
      g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                           _("Figures by department cannot be limited to one department"));
      return NULL;
    }
  if (!division_scope (db, query->division_code, &scope, &division_id, error))
    return NULL;
  if (query->department_code && !lookup_department (db, query->department_code, &department_id, error))
    return NULL;
  if (by == GW_STATS_BY_DEPARTMENT && !(departments = department_codes (db, error)))
    return NULL;

  stmt = _gw_db_prepare (db, grouped_sql (figures_sql[scope][query->department_code != NULL], by), error);
  if (stmt == NULL)
    return NULL;
  bind_named (stmt, ":from", query->from);
  bind_named (stmt, ":to", query->to);
  if (scope != SCOPE_ALL)
    bind_named (stmt, ":division", division_id);
  if (query->department_code)
    bind_named (stmt, ":department", department_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, key_column);
      const char *code = NULL;
      const GwDbDivision *d;

      if (sqlite3_column_type (stmt, key_column) == SQLITE_NULL)
        continue;  /* tickets in no street */
      if (by == GW_STATS_BY_STREET)
        code = (d = _gw_db_division_by_id (db, key)) ? d->code : NULL;
      else
        code = g_hash_table_lookup (departments, &key);
      if (code != NULL)
        g_hash_table_insert (groups, g_strdup (code), read_figures (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("computing figures")), NULL;
  return g_steal_pointer (&groups);
}

/* A drill's tickets ----------------------------------------------------------------------
 *
 * The figures of the tickets a drill's injections reported (gw-drill-score), counted by
 * the same statement as every other population: FIGURES_SELECT with the drill's tickets
 * as the only condition beyond the window. */

#define IN_DRILL \
  " AND t.id IN (SELECT ticket_id FROM drill_log WHERE kind = 'injection' AND ticket_id > 0)"

GwFigures *
_gw_db_get_drill_figures (GwDb    *db,
                          gint64   from,
                          gint64   to,
                          GError **error)
{
  static const char sql[] = FIGURES_SELECT IN_DRILL;
  sqlite3_stmt *stmt;
  GwFigures *f;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = _gw_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_named (stmt, ":from", from);
  bind_named (stmt, ":to", to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _gw_db_set_error (db, error, _("computing figures"));
      sqlite3_reset (stmt);
      return NULL;
    }
  f = figures_from_row (stmt);
  sqlite3_reset (stmt);
  return f;
}
