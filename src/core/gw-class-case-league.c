/* gw-class-case-league.c: streets and departments ranked by on-time closure rate and by
 * satisfaction rate, from gw-stats' figures per group. */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-class-case.h"
#include "gw-db-private.h"

/* The league and the strings its rows point into. */
typedef struct {
  GwLeague      league;
  GStringChunk *strings;
} League;

static void
league_clear (gpointer data)
{
  League *self = data;

  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      g_clear_pointer (&self->league.ranked[m], g_array_unref);
      g_clear_pointer (&self->league.excluded[m], g_array_unref);
    }
  g_clear_pointer (&self->strings, g_string_chunk_free);
}

G_DEFINE_BOXED_TYPE (GwLeague, gw_league, gw_league_ref, gw_league_unref)

GwLeague *
gw_league_ref (GwLeague *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_league_unref (GwLeague *self)
{
  g_atomic_rc_box_release_full (self, league_clear);
}

/* Higher rate first, compared exactly (cross products, no rounding); then the larger
 * sample; then by code. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const GwLeagueRow *x = a, *y = b;
  gint64 left = x->rate.numerator * y->rate.denominator, right = y->rate.numerator * x->rate.denominator;

  if (left != right)
    return left > right ? -1 : 1;
  if (x->rate.denominator != y->rate.denominator)
    return x->rate.denominator > y->rate.denominator ? -1 : 1;
  return strcmp (x->code, y->code);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const GwLeagueRow *) a)->code, ((const GwLeagueRow *) b)->code);
}

static gboolean
same_rate (GwRate a,
           GwRate b)
{
  return a.numerator * b.denominator == b.numerator * a.denominator;
}

/* Every street (within the division: those under it, or the one it lies in) or every
 * department, as (code, name) pairs in `strings`. */
static GPtrArray *
list_groups (GwDb                *db,
             const GwLeagueQuery *q,
             GStringChunk        *strings,
             GError             **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (q->by == GW_LEAGUE_BY_STREET)
    stmt = _gw_db_prepare (db, "SELECT code, name FROM divisions WHERE level = 'street'"
                               " AND (?1 IS NULL OR substr (code, 1, length (?1)) = ?1"
                               "      OR substr (?1, 1, length (code)) = code) ORDER BY code", error);
  else
    stmt = _gw_db_prepare (db, "SELECT code, name FROM departments ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  if (q->by == GW_LEAGUE_BY_STREET && q->division_code)
    sqlite3_bind_text (stmt, 1, q->division_code, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (groups, g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (groups, g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading a league table")), NULL;
  return g_steal_pointer (&groups);
}

GwLeague *
gw_db_get_league (GwDb                *db,
                  const GwLeagueQuery *query,
                  GError             **error)
{
  GwStatsQuery stats = { query->from, query->to, query->division_code, NULL };
  g_autoptr(GHashTable) figures = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GwLeague) league = NULL;
  League *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->by == GW_LEAGUE_BY_STREET || query->by == GW_LEAGUE_BY_DEPARTMENT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (League);
  league = &self->league;
  self->strings = g_string_chunk_new (4096);
  league->by = query->by;
  league->from = query->from;
  league->to = query->to;
  league->min_sample = query->min_sample ? query->min_sample : GW_LEAGUE_DEFAULT_MIN_SAMPLE;
  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      league->ranked[m] = g_array_new (FALSE, FALSE, sizeof (GwLeagueRow));
      league->excluded[m] = g_array_new (FALSE, FALSE, sizeof (GwLeagueRow));
    }

  if (query->division_code && _gw_db_division_by_code (db, query->division_code) == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No division has the code %s"),
                   query->division_code);
      return NULL;
    }
  if (!(groups = list_groups (db, query, self->strings, error)))
    return NULL;
  if (query->by == GW_LEAGUE_BY_DEPARTMENT)
    {
      /* One grouped pass of gw-stats: a department's tickets have no index of their own,
       * so one query per department would read the window once each (61 times in Tongnan:
       * bench-class-case). */
      if (!(figures = gw_db_get_figures_grouped (db, &stats, GW_STATS_BY_DEPARTMENT, error)))
        return NULL;
    }
  else
    {
      /* gw-stats per street: each is a range of the (street, reported_at) index, and the
       * streets together read the window once, faster than one grouped pass that must
       * sort it (bench-class-case). A division under a street narrows its one street. */
      figures = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) gw_figures_free);
      for (guint i = 0; i < groups->len; i += 2)
        {
          const char *code = g_ptr_array_index (groups, i);
          GwStatsQuery one = stats;
          GwFigures *f;

          if (query->division_code == NULL || !g_str_has_prefix (query->division_code, code))
            one.division_code = code;
          if (!(f = gw_db_get_figures (db, &one, error)))
            return NULL;
          g_hash_table_insert (figures, (gpointer) code, f);
        }
    }

  for (guint i = 0; i + 1 < groups->len; i += 2)
    {
      const char *code = g_ptr_array_index (groups, i);
      const GwFigures *f = g_hash_table_lookup (figures, code);

      for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
        {
          GwLeagueRow row = { code, g_ptr_array_index (groups, i + 1), { 0, 0 }, 0 };

          if (f)
            row.rate = m == GW_LEAGUE_ON_TIME_CLOSURE ? f->on_time_closure : f->satisfaction;
          g_array_append_val (row.rate.denominator >= league->min_sample ? league->ranked[m]
                                                                          : league->excluded[m], row);
        }
    }

  for (guint m = 0; m < GW_N_LEAGUE_MEASURES; m++)
    {
      GArray *ranked = league->ranked[m];

      g_array_sort (ranked, compare_rows);
      g_array_sort (league->excluded[m], compare_codes);
      /* Equal rates share a rank; the next rank counts everyone above it (1, 2, 2, 4). */
      for (guint i = 0; i < ranked->len; i++)
        {
          GwLeagueRow *row = &g_array_index (ranked, GwLeagueRow, i);

          row->rank = i > 0 && same_rate (row->rate, g_array_index (ranked, GwLeagueRow, i - 1).rate)
                        ? g_array_index (ranked, GwLeagueRow, i - 1).rank : i + 1;
        }
    }
  return g_steal_pointer (&league);
}
