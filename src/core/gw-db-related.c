/* gw-db-related.c: what lies around a ticket — related tickets, nearest cameras, the
 * divisions next to its own. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-db-private.h"
#include "gw-db-related.h"

/* Metres per degree of latitude on the sphere gw_distance_m() measures on. */
#define METRES_PER_DEGREE (6371008.8 * G_PI / 180.0)

/* The nearest cameras are first looked for within this radius, doubled until enough. */
#define NEAREST_FIRST_RADIUS_M 250.0
/* Half the Earth's circumference: every camera is within it. */
#define NEAREST_LAST_RADIUS_M  2.0e7

/* Opens a read transaction when none is open, so that several statements read one state
 * of the file. Returns whether it did (then end_read() must close it). */
static gboolean
begin_read (GwDb *self)
{
  return sqlite3_get_autocommit (gw_db_get_handle (self)) && gw_db_exec (self, "BEGIN", NULL);
}

static void
end_read (GwDb     *self,
          gboolean  own)
{
  if (own)
    gw_db_exec (self, "COMMIT", NULL);
}

/* Related tickets -------------------------------------------------------------------- */

static GArray *
related_ids (GwDb     *self,
             gint64    ticket_id,
             guint     limit,
             GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *category = NULL;
  sqlite3_stmt *stmt;
  gint64 grid_id, reported_at;
  int rc;

  stmt = _gw_db_prepare (self, "SELECT grid_id, category, reported_at FROM tickets WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No ticket has the id %lld"),
                   (long long) ticket_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (self, error, _("reading related tickets")), NULL;
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      sqlite3_reset (stmt);
      return g_steal_pointer (&ids);
    }
  grid_id = sqlite3_column_int64 (stmt, 0);
  category = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  reported_at = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  stmt = _gw_db_prepare (self,
      "SELECT id FROM tickets"
      " WHERE grid_id = ?1 AND category = ?2 AND reported_at >= ?3 AND reported_at <= ?4"
      "   AND id <> ?5"
      " ORDER BY reported_at DESC, id DESC LIMIT ?6", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, grid_id);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, reported_at - (gint64) GW_RELATED_DAYS * 86400);
  sqlite3_bind_int64 (stmt, 4, reported_at);
  sqlite3_bind_int64 (stmt, 5, ticket_id);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading related tickets")), NULL;
  return g_steal_pointer (&ids);
}

GPtrArray *
gw_db_list_related_tickets (GwDb     *self,
                            gint64    ticket_id,
                            guint     limit,
                            GError  **error)
{
  gboolean own = begin_read (self);
  g_autoptr(GArray) ids = related_ids (self, ticket_id, limit, error);
  GPtrArray *tickets = ids != NULL ? gw_db_get_tickets (self, ids, error) : NULL;

  end_read (self, own);
  return tickets;
}

/* Nearest cameras ---------------------------------------------------------------------- */

void
gw_nearby_camera_free (GwNearbyCamera *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->camera, gw_camera_unref);
  g_free (self);
}

typedef struct {
  gint64 id;
  double distance_m;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->distance_m != cb->distance_m)
    return ca->distance_m < cb->distance_m ? -1 : 1;
  return ca->id < cb->id ? -1 : ca->id > cb->id;
}

/* Every camera within radius_m of (lon, lat), with its distance, in no order. The box is
 * wide enough to hold the whole circle: a great-circle distance is never shorter than the
 * difference in latitude, and the longitude span is taken at the band's widest latitude. */
static GArray *
cameras_within (GwDb     *self,
                double    lon,
                double    lat,
                double    radius_m,
                GError  **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double dlat = radius_m / METRES_PER_DEGREE * 1.001;
  double far_lat = MIN (90.0, fabs (lat) + dlat);
  double dlon = far_lat >= 89.9 ? 360.0 : dlat / cos (far_lat * G_PI / 180.0) * 1.001;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _gw_db_prepare (self,
      "SELECT c.id, c.lon, c.lat FROM camera_rtree r JOIN cameras c ON c.id = r.id"
      " WHERE r.max_lon >= ?1 AND r.min_lon <= ?3 AND r.max_lat >= ?2 AND r.min_lat <= ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_double (stmt, 1, MAX (-180.0, lon - dlon));
  sqlite3_bind_double (stmt, 2, MAX (-90.0, lat - dlat));
  sqlite3_bind_double (stmt, 3, MIN (180.0, lon + dlon));
  sqlite3_bind_double (stmt, 4, MIN (90.0, lat + dlat));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c;

      c.id = sqlite3_column_int64 (stmt, 0);
      c.distance_m = gw_distance_m (lon, lat, sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2));
      if (c.distance_m <= radius_m)
        g_array_append_val (found, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("looking for cameras nearby")), NULL;
  return g_steal_pointer (&found);
}

GPtrArray *
gw_db_list_nearest_cameras (GwDb     *self,
                            double    lon,
                            double    lat,
                            guint     n,
                            GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_nearby_camera_free);
  g_autoptr(GArray) found = NULL;
  gboolean own;

  if (n == 0)
    return g_steal_pointer (&result);
  if (!isfinite (lon) || !isfinite (lat))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("The point %g, %g is not on the map"),
                   lon, lat);
      return NULL;
    }

  own = begin_read (self);
  /* Whatever lies within the radius is all there is within it: once it holds n cameras,
   * the n nearest are among them. */
  for (double radius = NEAREST_FIRST_RADIUS_M; ; radius *= 2)
    {
      g_clear_pointer (&found, g_array_unref);
      found = cameras_within (self, lon, lat, MIN (radius, NEAREST_LAST_RADIUS_M), error);
      if (found == NULL)
        {
          end_read (self, own);
          return NULL;
        }
      if (found->len >= n || radius >= NEAREST_LAST_RADIUS_M)
        break;
    }

  g_array_sort (found, compare_candidates);
  for (guint i = 0; i < found->len && i < n; i++)
    {
      const Candidate *c = &g_array_index (found, Candidate, i);
      GwNearbyCamera *nearby = g_new0 (GwNearbyCamera, 1);

      nearby->id = c->id;
      nearby->distance_m = c->distance_m;
      nearby->camera = gw_db_get_camera (self, c->id, error);
      if (nearby->camera == NULL)
        {
          gw_nearby_camera_free (nearby);
          end_read (self, own);
          return NULL;
        }
      g_ptr_array_add (result, nearby);
    }
  end_read (self, own);
  return g_steal_pointer (&result);
}

/* Neighbouring divisions ----------------------------------------------------------- */

GPtrArray *
gw_db_list_neighbour_divisions (GwDb        *self,
                                const char  *code,
                                double       margin_m,
                                GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_division_unref);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  const GwDbDivision *division;
  double x0, y0, x1, y1, dlat, dlon;
  sqlite3_stmt *stmt;
  gboolean own;
  int rc;

  g_return_val_if_fail (code != NULL, NULL);

  if (!_gw_db_load_divisions (self, error))
    return NULL;
  division = _gw_db_division_by_code (self, code);
  if (division == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No division has the code %s"), code);
      return NULL;
    }
  if (division->polygon == NULL || gw_polygon_is_empty (division->polygon))
    return g_steal_pointer (&result);

  gw_polygon_get_bbox (division->polygon, &x0, &y0, &x1, &y1);
  dlat = MAX (0.0, margin_m) / METRES_PER_DEGREE;
  dlon = dlat / MAX (0.01, cos (MAX (fabs (y0), fabs (y1)) * G_PI / 180.0));

  own = begin_read (self);
  stmt = _gw_db_prepare (self,
      "SELECT d.code FROM division_rtree r JOIN divisions d ON d.id = r.id"
      " WHERE r.max_lon >= ?1 AND r.min_lon <= ?3 AND r.max_lat >= ?2 AND r.min_lat <= ?4"
      "   AND d.level = ?5 AND d.id <> ?6"
      " ORDER BY d.code", error);
  if (stmt == NULL)
    {
      end_read (self, own);
      return NULL;
    }
  sqlite3_bind_double (stmt, 1, x0 - dlon);
  sqlite3_bind_double (stmt, 2, y0 - dlat);
  sqlite3_bind_double (stmt, 3, x1 + dlon);
  sqlite3_bind_double (stmt, 4, y1 + dlat);
  sqlite3_bind_text (stmt, 5, gw_level_to_string (division->level), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, division->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (self, error, _("looking for neighbouring divisions"));
      end_read (self, own);
      return NULL;
    }

  for (guint i = 0; i < codes->len; i++)
    {
      GwDivision *d = gw_db_get_division (self, g_ptr_array_index (codes, i), error);

      if (d == NULL)
        {
          end_read (self, own);
          return NULL;
        }
      g_ptr_array_add (result, d);
    }
  end_read (self, own);
  return g_steal_pointer (&result);
}
