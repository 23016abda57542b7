/* gw-scenario-county.c: the codes a scenario names, checked against a county database.
 *
 * The parser records every code with its line and field (GwScenarioRef); this only looks
 * them up, read-only: grids, seats' divisions (and that the division fits the seat's role),
 * categories (the shipped dictionary), departments, cameras, workers, and points that must
 * lie inside the county.
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-dictionary.h"
#include "gw-scenario-private.h"

typedef struct {
  GwDb         *db;
  sqlite3_stmt *division;
  sqlite3_stmt *department;
  sqlite3_stmt *camera;
  sqlite3_stmt *worker;
  GError       *error;       /* the first SQL failure */
} Lookup;

static sqlite3_stmt *
prepare (Lookup     *lookup,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (lookup->error != NULL)
    return NULL;
  if (sqlite3_prepare_v2 (gw_db_get_handle (lookup->db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (&lookup->error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s",
                   sqlite3_errmsg (gw_db_get_handle (lookup->db)));
      return NULL;
    }
  return stmt;
}

/* The first column of the row for `code` as text ("" when NULL), or NULL when none. */
static char *
find (Lookup       *lookup,
      sqlite3_stmt *stmt,
      const char   *code)
{
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup (sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0) : "");
  else if (rc != SQLITE_DONE && lookup->error == NULL)
    g_set_error (&lookup->error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s",
                 sqlite3_errmsg (gw_db_get_handle (lookup->db)));
  sqlite3_reset (stmt);
  return value;
}

static void
problem (GPtrArray           *problems,
         const GwScenarioRef *ref,
         const char          *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (GPtrArray           *problems,
         const GwScenarioRef *ref,
         const char          *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, _gw_scenario_problem_new (ref->line, ref->field, message));
}

static gboolean
level_fits_role (GwLevel level,
                 GwRole  role)
{
  switch (role)
    {
    case GW_ROLE_GRID_WORKER:
      return level == GW_LEVEL_GRID || level == GW_LEVEL_MICROGRID;
    case GW_ROLE_COMMUNITY_STAFF:
      return level == GW_LEVEL_COMMUNITY;
    case GW_ROLE_STREET_OFFICER:
      return level == GW_LEVEL_STREET;
    case GW_ROLE_DISTRICT_CENTER:
      return level == GW_LEVEL_DISTRICT;
    case GW_ROLE_COMMANDER:
    case GW_ROLE_DEPARTMENT_HANDLER:
    case GW_N_ROLES:
    default:
      return TRUE;
    }
}

static void
check_ref (Lookup              *lookup,
           GPtrArray           *problems,
           const GwScenarioRef *ref)
{
  g_autofree char *found = NULL;
  GwLevel level = GW_LEVEL_DISTRICT;

  switch (ref->kind)
    {
    case GW_SCENARIO_REF_GRID:
      found = find (lookup, lookup->division, ref->code);
      if (found == NULL)
        problem (problems, ref, _("no grid “%s” in the county"), ref->code);
      else if (gw_level_from_string (found, &level) && level != GW_LEVEL_GRID &&
               level != GW_LEVEL_MICROGRID)
        problem (problems, ref, _("“%s” is a division of level “%s”, not a grid"), ref->code,
                 found);
      break;
    case GW_SCENARIO_REF_DIVISION:
      found = find (lookup, lookup->division, ref->code);
      if (found == NULL)
        problem (problems, ref, _("no division “%s” in the county"), ref->code);
      else if (gw_level_from_string (found, &level) && !level_fits_role (level, ref->role))
        problem (problems, ref, _("“%s” is a division of level “%s”: a seat of role “%s” works "
                                  "in another level"), ref->code, found,
                 gw_role_to_string (ref->role));
      break;
    case GW_SCENARIO_REF_CATEGORY:
      if (gw_dictionary_lookup (gw_dictionary_get_default (), ref->code) == NULL)
        problem (problems, ref, _("no category “%s” in the dictionary"), ref->code);
      break;
    case GW_SCENARIO_REF_DEPARTMENT:
      found = find (lookup, lookup->department, ref->code);
      if (found == NULL)
        problem (problems, ref, _("no department “%s” in the county"), ref->code);
      break;
    case GW_SCENARIO_REF_CAMERA:
      found = find (lookup, lookup->camera, ref->code);
      if (found == NULL)
        problem (problems, ref, _("no camera “%s” in the county"), ref->code);
      break;
    case GW_SCENARIO_REF_WORKER:
      found = find (lookup, lookup->worker, ref->code);
      if (found == NULL)
        problem (problems, ref, _("no grid worker “%s” in the county"), ref->code);
      break;
    case GW_SCENARIO_REF_POINT:
      {
        char *chain[GW_N_LEVELS] = { NULL };
        g_autoptr(GError) local_error = NULL;
        gboolean inside = gw_db_locate (lookup->db, ref->lon, ref->lat, chain, &local_error);

        for (guint i = 0; i < GW_N_LEVELS; i++)
          g_free (chain[i]);
        if (local_error != NULL && lookup->error == NULL)
          lookup->error = g_steal_pointer (&local_error);
        else if (!inside)
          problem (problems, ref, _("the point %s lies outside the county's grids"), ref->code);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

gboolean
gw_scenario_check_county (GwScenario  *self,
                          GwDb        *db,
                          GPtrArray  **problems,
                          GError     **error)
{
  GwScenarioReal *real = (GwScenarioReal *) self;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Lookup lookup = { .db = db };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_scenario_problem_free);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookup.division = prepare (&lookup, "SELECT level FROM divisions WHERE code = ?1");
  lookup.department = prepare (&lookup, "SELECT code FROM departments WHERE code = ?1");
  lookup.camera = prepare (&lookup, "SELECT gb_id FROM cameras WHERE gb_id = ?1");
  lookup.worker = prepare (&lookup, "SELECT code FROM workers WHERE code = ?1");

  for (guint i = 0; lookup.error == NULL && i < real->refs->len; i++)
    {
      const GwScenarioRef *ref = g_ptr_array_index (real->refs, i);
      /* One problem per code and place: a code given on many lines is reported on each. */
      g_autofree char *key = g_strdup_printf ("%d|%s|%u|%s", ref->kind, ref->code, ref->line,
                                              ref->field ? ref->field : "");

      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;
      check_ref (&lookup, found, ref);
    }

  g_clear_pointer (&lookup.division, sqlite3_finalize);
  g_clear_pointer (&lookup.department, sqlite3_finalize);
  g_clear_pointer (&lookup.camera, sqlite3_finalize);
  g_clear_pointer (&lookup.worker, sqlite3_finalize);
  if (lookup.error != NULL)
    {
      g_propagate_error (error, lookup.error);
      return FALSE;
    }
  if (found->len > 0)
    {
      _gw_scenario_problems_to_error (found, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_COUNTY, error);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      return FALSE;
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return TRUE;
}
