#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-camsim-cameras.h"
#include "gw-camsim.h"
#include "gw-geometry.h"

typedef sqlite3 Sqlite3;
typedef sqlite3_stmt Sqlite3Stmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sqlite3Stmt, sqlite3_finalize)

typedef struct {
  gint64    row_id;
  double    distance_m;
  GwCamera *camera;
} Candidate;

static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  g_autoptr(Sqlite3) db = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_DATABASE,
                   _("The database “%s” does not exist"), path);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_DATABASE,
                   _("Cannot open the database “%s”: %s"), path,
                   db ? sqlite3_errmsg (db) : _("out of memory"));
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return g_steal_pointer (&db);
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *path,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_DATABASE,
                   _("“%s” is not a Gridwatch database with cameras: %s"), path,
                   sqlite3_errmsg (db));
      return NULL;
    }
  return stmt;
}

static gboolean
read_failed (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_DATABASE,
               _("Cannot read the cameras of “%s”: %s"), path, sqlite3_errmsg (db));
  return FALSE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->distance_m != y->distance_m)
    return x->distance_m < y->distance_m ? -1 : 1;
  return (x->row_id > y->row_id) - (x->row_id < y->row_id);
}

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_clear_pointer (&c->camera, gw_camera_unref);
}

GPtrArray *
gw_camsim_cameras_parse_ids (const char  *list,
                             GError     **error)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);
      GwCamera *camera;

      if (*id == '\0')
        continue;
      if (!gw_camsim_is_camera_id (id))
        {
          g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_INVALID,
                       _("“%s” is not a camera id: a GB/T 28181 id has 20 digits"), id);
          return NULL;
        }
      if (!g_hash_table_add (seen, id))
        continue;
      camera = gw_camera_new ();
      camera->id = g_strdup (id);
      g_ptr_array_add (cameras, camera);
    }
  return g_steal_pointer (&cameras);
}

gboolean
gw_camsim_parse_point (const char  *text,
                       double      *lon,
                       double      *lat,
                       GError     **error)
{
  const char *p = text;
  char *end = NULL;
  double x, y;

  x = g_ascii_strtod (p, &end);
  if (end == p || *end != ',')
    goto invalid;
  p = end + 1;
  y = g_ascii_strtod (p, &end);
  if (end == p)
    goto invalid;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (x) || !isfinite (y) || fabs (x) > 180.0 || fabs (y) > 90.0)
    goto invalid;
  *lon = x;
  *lat = y;
  return TRUE;

invalid:
  g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_INVALID,
               _("“%s” is not a point: give LON,LAT in degrees, e.g. 105.78,30.19"), text);
  return FALSE;
}

GPtrArray *
gw_camsim_cameras_nearest (const char  *db_path,
                           double       lon,
                           double       lat,
                           guint        n,
                           GError     **error)
{
  g_autoptr(Sqlite3) db = NULL;
  g_autoptr(Sqlite3Stmt) stmt = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_unref);
  int rc;

  g_array_set_clear_func (found, candidate_clear);
  if ((db = open_read_only (db_path, error)) == NULL)
    return NULL;
  /* A county has some tens of thousands of cameras: one pass over them takes milliseconds,
   * once at start-up, and needs nothing of the file but this table. */
  stmt = prepare (db, db_path, "SELECT id, gb_id, name, lon, lat FROM cameras", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c;

      c.row_id = sqlite3_column_int64 (stmt, 0);
      c.camera = gw_camera_new ();
      c.camera->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c.camera->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      c.camera->has_position = TRUE;
      c.camera->lon = sqlite3_column_double (stmt, 3);
      c.camera->lat = sqlite3_column_double (stmt, 4);
      c.distance_m = gw_distance_m (lon, lat, c.camera->lon, c.camera->lat);
      g_array_append_val (found, c);
    }
  if (rc != SQLITE_DONE)
    return read_failed (db, db_path, error), NULL;

  g_array_sort (found, compare_candidates);
  for (guint i = 0; i < found->len && i < n; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);

      if (gw_camsim_is_camera_id (c->camera->id))
        g_ptr_array_add (cameras, g_steal_pointer (&c->camera));
      else
        g_debug ("skipping camera %s: not a 20-digit id", c->camera->id);
    }
  return g_steal_pointer (&cameras);
}

gboolean
gw_camsim_cameras_lookup (const char  *db_path,
                          GPtrArray   *cameras,
                          GError     **error)
{
  g_autoptr(Sqlite3) db = NULL;
  g_autoptr(Sqlite3Stmt) stmt = NULL;

  if ((db = open_read_only (db_path, error)) == NULL)
    return FALSE;
  stmt = prepare (db, db_path, "SELECT name, lon, lat FROM cameras WHERE gb_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < cameras->len; i++)
    {
      GwCamera *camera = g_ptr_array_index (cameras, i);
      int rc;

      sqlite3_bind_text (stmt, 1, camera->id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (camera->name);
          camera->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          camera->has_position = TRUE;
          camera->lon = sqlite3_column_double (stmt, 1);
          camera->lat = sqlite3_column_double (stmt, 2);
        }
      else if (rc != SQLITE_DONE)
        return read_failed (db, db_path, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return TRUE;
}
