/* Keyset pages of cameras and grid workers within a division, for the server's seats. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-private.h"

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

GwCamera *
gw_db_get_camera (GwDb     *self,
                  gint64    id,
                  GError  **error)
{
  g_autoptr(GwCamera) c = NULL;
  const GwDbDivision *division;
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT c.gb_id, c.name, c.division_id, c.lon, c.lat, c.main_uri, c.sub_uri, c.ptz, c.heading"
      " FROM cameras c WHERE c.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No camera has the id %lld"),
                     (long long) id);
      else
        _gw_db_set_error (self, error, _("reading cameras"));
      sqlite3_reset (stmt);
      return NULL;
    }
  c = gw_camera_new ();
  division = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 2));
  c->id = column_text (stmt, 0);
  c->name = column_text (stmt, 1);
  c->division_code = g_strdup (division ? division->code : NULL);
  c->has_position = TRUE;
  c->lon = sqlite3_column_double (stmt, 3);
  c->lat = sqlite3_column_double (stmt, 4);
  c->main_uri = column_text (stmt, 5);
  c->sub_uri = column_text (stmt, 6);
  c->ptz = sqlite3_column_int (stmt, 7) != 0;
  c->heading = sqlite3_column_double (stmt, 8);
  sqlite3_reset (stmt);
  return g_steal_pointer (&c);
}

GPtrArray *
gw_db_list_cameras_page (GwDb        *self,
                         gint64       after_id,
                         guint        limit,
                         const char  *division_code,
                         gint64      *last_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_unref);
  g_autofree char *prefix_end = NULL;
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT c.id, c.gb_id, c.name, c.division_id, c.lon, c.lat, c.main_uri, c.sub_uri, c.ptz, c.heading"
      " FROM cameras c"
      " WHERE c.id > ?1"
      "   AND (?2 IS NULL OR c.division_id IN (SELECT id FROM divisions WHERE code >= ?2 AND code < ?4))"
      " ORDER BY c.id LIMIT ?3", error);
  gint64 last = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (division_code && *division_code == '\0')
    division_code = NULL;
  prefix_end = division_code ? _gw_db_code_prefix_end (division_code) : NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  if (division_code)
    {
      sqlite3_bind_text (stmt, 2, division_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, prefix_end, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCamera *c = gw_camera_new ();
      const GwDbDivision *division = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 3));

      last = sqlite3_column_int64 (stmt, 0);
      c->id = column_text (stmt, 1);
      c->name = column_text (stmt, 2);
      c->division_code = g_strdup (division ? division->code : NULL);
      c->has_position = TRUE;
      c->lon = sqlite3_column_double (stmt, 4);
      c->lat = sqlite3_column_double (stmt, 5);
      c->main_uri = column_text (stmt, 6);
      c->sub_uri = column_text (stmt, 7);
      c->ptz = sqlite3_column_int (stmt, 8) != 0;
      c->heading = sqlite3_column_double (stmt, 9);
      g_ptr_array_add (page, c);
    }
  if (rc != SQLITE_DONE)
    _gw_db_set_error (self, error, _("reading cameras"));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  if (last_id)
    *last_id = last;
  return g_steal_pointer (&page);
}

GPtrArray *
gw_db_list_workers_page (GwDb        *self,
                         gint64       after_id,
                         guint        limit,
                         const char  *division_code,
                         gint64      *last_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_worker_unref);
  g_autofree char *prefix_end = NULL;
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT w.id, w.code, w.name, w.role, w.grid_id, w.phone, w.on_duty, w.lon, w.lat, w.seen_at"
      " FROM workers w"
      " WHERE w.id > ?1"
      "   AND (?2 IS NULL OR w.grid_id IN (SELECT id FROM divisions WHERE code >= ?2 AND code < ?4))"
      " ORDER BY w.id LIMIT ?3", error);
  gint64 last = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (division_code && *division_code == '\0')
    division_code = NULL;
  prefix_end = division_code ? _gw_db_code_prefix_end (division_code) : NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  if (division_code)
    {
      sqlite3_bind_text (stmt, 2, division_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, prefix_end, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwWorker *w = gw_worker_new ();
      const GwDbDivision *grid = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 4));
      GwWorkerRole role = GW_WORKER_ROLE_FULL_TIME;

      last = sqlite3_column_int64 (stmt, 0);
      w->code = column_text (stmt, 1);
      w->name = column_text (stmt, 2);
      gw_worker_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &role);
      w->role = role;
      w->grid_code = g_strdup (grid ? grid->code : NULL);
      w->phone = column_text (stmt, 5);
      w->on_duty = sqlite3_column_int (stmt, 6) != 0;
      w->has_position = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      w->lon = sqlite3_column_double (stmt, 7);
      w->lat = sqlite3_column_double (stmt, 8);
      w->seen_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (page, w);
    }
  if (rc != SQLITE_DONE)
    _gw_db_set_error (self, error, _("reading grid workers"));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  if (last_id)
    *last_id = last;
  return g_steal_pointer (&page);
}
