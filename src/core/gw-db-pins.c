/* gw-db-pins.c: the open tickets' pins, all at once or as they change. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-pins.h"
#include "gw-db-private.h"

#define PIN_COLUMNS \
  "t.id, t.lon, t.lat, t.urgency, t.stage, t.stage_started_at, t.yellow_at, t.red_at," \
  " t.deadline_at, t.paused_at, t.state IN " GW_DB_OPEN_STATES

static void
read_pin (sqlite3_stmt *stmt,
          GwPin        *pin)
{
  const char *text;

  memset (pin, 0, sizeof *pin);
  pin->id = sqlite3_column_int64 (stmt, 0);
  pin->lon = sqlite3_column_double (stmt, 1);
  pin->lat = sqlite3_column_double (stmt, 2);
  if ((text = (const char *) sqlite3_column_text (stmt, 3)) == NULL || !gw_urgency_from_string (text, &pin->urgency))
    pin->urgency = GW_URGENCY_NORMAL;
  if ((text = (const char *) sqlite3_column_text (stmt, 4)) == NULL || !gw_stage_from_string (text, &pin->timer.stage))
    pin->timer.stage = GW_STAGE_NONE;
  pin->timer.started_at = sqlite3_column_int64 (stmt, 5);
  pin->timer.yellow_at = sqlite3_column_int64 (stmt, 6);
  pin->timer.red_at = sqlite3_column_int64 (stmt, 7);
  pin->timer.deadline_at = sqlite3_column_int64 (stmt, 8);
  pin->timer.paused_at = sqlite3_column_int64 (stmt, 9);
}

GArray *
gw_db_list_pins (GwDb     *self,
                 gint64    since_seq,
                 gint64   *seq,
                 GArray  **gone,
                 GError  **error)
{
  g_autoptr(GArray) pins = g_array_new (FALSE, FALSE, sizeof (GwPin));
  g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean own = sqlite3_get_autocommit (gw_db_get_handle (self)) && gw_db_exec (self, "BEGIN", NULL);
  sqlite3_stmt *stmt;
  gint64 last;
  int rc;

  g_return_val_if_fail (seq != NULL, NULL);

  last = gw_db_get_last_change (self, error);
  if (last < 0)
    goto fail;
  if (since_seq < 0)
    stmt = _gw_db_prepare (self, "SELECT " PIN_COLUMNS " FROM tickets t"
                                 " WHERE t.state IN " GW_DB_OPEN_STATES, error);
  else
    stmt = _gw_db_prepare (self, "SELECT " PIN_COLUMNS " FROM tickets t"
                                 " WHERE t.id IN (SELECT ticket_id FROM changes WHERE seq > ?1 AND seq <= ?2)",
                           error);
  if (stmt == NULL)
    goto fail;
  if (since_seq >= 0)
    {
      sqlite3_bind_int64 (stmt, 1, since_seq);
      sqlite3_bind_int64 (stmt, 2, last);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 10))
        {
          GwPin pin;
          read_pin (stmt, &pin);
          g_array_append_val (pins, pin);
        }
      else
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (closed, id);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (self, error, _("reading the tickets on the map"));
      goto fail;
    }
  if (own)
    gw_db_exec (self, "COMMIT", NULL);
  *seq = last;
  if (gone)
    *gone = g_steal_pointer (&closed);
  return g_steal_pointer (&pins);

fail:
  if (own)
    gw_db_exec (self, "ROLLBACK", NULL);
  return NULL;
}

GArray *
gw_db_list_points (GwDb          *self,
                   GwDbPointKind  kind,
                   gint64         since,
                   GError       **error)
{
  g_autoptr(GArray) pins = g_array_new (FALSE, TRUE, sizeof (GwPin));
  sqlite3_stmt *stmt;
  int rc;

  switch (kind)
    {
    case GW_DB_POINTS_CAMERAS:
      stmt = _gw_db_prepare (self, "SELECT id, lon, lat, 0, heading FROM cameras", error);
      break;
    case GW_DB_POINTS_WORKERS:
      stmt = _gw_db_prepare (self, "SELECT id, lon, lat, on_duty FROM workers WHERE lon IS NOT NULL", error);
      break;
    case GW_DB_POINTS_REPORTS:
      stmt = _gw_db_prepare (self, "SELECT id, lon, lat, 0 FROM tickets WHERE reported_at >= ?", error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  if (stmt == NULL)
    return NULL;
  if (kind == GW_DB_POINTS_REPORTS)
    sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwPin pin = { .id = sqlite3_column_int64 (stmt, 0), .lon = sqlite3_column_double (stmt, 1),
                    .lat = sqlite3_column_double (stmt, 2), .urgency = GW_URGENCY_NORMAL };

      if (kind == GW_DB_POINTS_CAMERAS && sqlite3_column_double (stmt, 4) >= 0)
        {
          pin.has_heading = TRUE;
          pin.heading = sqlite3_column_double (stmt, 4);
        }

      /* A worker on duty: a green light that never turns. */
      if (sqlite3_column_int (stmt, 3))
        {
          pin.timer.stage = GW_STAGE_HANDLE;
          pin.timer.yellow_at = pin.timer.red_at = pin.timer.deadline_at = G_MAXINT64;
        }
      g_array_append_val (pins, pin);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading the points of the map")), NULL;
  return g_steal_pointer (&pins);
}

GHashTable *
gw_db_grid_figures (GwDb          *self,
                    GwGridFigure   figure,
                    gint64         now,
                    gint64         since,
                    double        *most,
                    GError       **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  switch (figure)
    {
    case GW_GRID_FIGURE_OPEN:
      stmt = _gw_db_prepare (self, "SELECT d.code, count (*) FROM tickets t JOIN divisions d ON d.id = t.grid_id"
                                   " WHERE t.state IN " GW_DB_OPEN_STATES " GROUP BY t.grid_id", error);
      break;
    case GW_GRID_FIGURE_RED:
      stmt = _gw_db_prepare (self, "SELECT d.code, count (*) FROM tickets t JOIN divisions d ON d.id = t.grid_id"
                                   " WHERE t.state IN " GW_DB_OPEN_STATES " AND t.stage IS NOT NULL"
                                   " AND COALESCE (t.paused_at, ?1) >= t.red_at GROUP BY t.grid_id", error);
      break;
    case GW_GRID_FIGURE_OPEN_PER_1000:
      stmt = _gw_db_prepare (self, "SELECT d.code, count (*) * 1000.0 / d.population FROM tickets t"
                                   " JOIN divisions d ON d.id = t.grid_id"
                                   " WHERE t.state IN " GW_DB_OPEN_STATES " AND d.population > 0"
                                   " GROUP BY t.grid_id", error);
      break;
    case GW_GRID_FIGURE_REPORTED:
      stmt = _gw_db_prepare (self, "SELECT d.code, count (*) FROM tickets t JOIN divisions d ON d.id = t.grid_id"
                                   " WHERE t.reported_at >= ?1 GROUP BY t.grid_id", error);
      break;
    case GW_GRID_FIGURE_REPORTED_PER_1000:
      stmt = _gw_db_prepare (self, "SELECT d.code, count (*) * 1000.0 / d.population FROM tickets t"
                                   " JOIN divisions d ON d.id = t.grid_id"
                                   " WHERE t.reported_at >= ?1 AND d.population > 0 GROUP BY t.grid_id", error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  if (stmt == NULL)
    return NULL;
  if (figure == GW_GRID_FIGURE_RED)
    sqlite3_bind_int64 (stmt, 1, now);
  else if (figure == GW_GRID_FIGURE_REPORTED || figure == GW_GRID_FIGURE_REPORTED_PER_1000)
    sqlite3_bind_int64 (stmt, 1, since);
  *most = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double *v = g_new (double, 1);

      *v = sqlite3_column_double (stmt, 1);
      *most = MAX (*most, *v);
      g_hash_table_insert (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading the figures by grid")), NULL;
  return g_steal_pointer (&values);
}

gboolean
gw_db_open_tickets_centre (GwDb    *self,
                           double  *lon,
                           double  *lat,
                           GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT avg (lon), avg (lat), count (*) FROM tickets"
                                             " WHERE state IN " GW_DB_OPEN_STATES " AND lon IS NOT NULL", error);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 2) > 0)
    {
      *lon = sqlite3_column_double (stmt, 0);
      *lat = sqlite3_column_double (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (self, error, _("reading where the open tickets are")), FALSE;
  return found;
}

gboolean
gw_db_find_place (GwDb        *self,
                  const char  *text,
                  GwPlace     *place,
                  GError     **error)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", text);
  sqlite3_stmt *stmt;
  int rc;

  memset (place, 0, sizeof *place);
  /* A ticket by its number (or the start of it). */
  stmt = _gw_db_prepare (self, "SELECT id, lon, lat FROM tickets WHERE number >= ?1 AND number < ?1 || '~'"
                               " ORDER BY number LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      place->ticket_id = sqlite3_column_int64 (stmt, 0);
      place->lon = sqlite3_column_double (stmt, 1);
      place->lat = sqlite3_column_double (stmt, 2);
      place->level = GW_LEVEL_MICROGRID;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("looking for a place")), FALSE;
  /* A division by its code or a part of its name: the coarsest that matches first. */
  stmt = _gw_db_prepare (self, "SELECT label_lon, label_lat, level FROM divisions"
                               " WHERE label_lon IS NOT NULL AND (code = ?1 OR name LIKE ?2)"
                               " ORDER BY code = ?1 DESC, length (code), code LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *level = (const char *) sqlite3_column_text (stmt, 2);

      place->lon = sqlite3_column_double (stmt, 0);
      place->lat = sqlite3_column_double (stmt, 1);
      if (level == NULL || !gw_level_from_string (level, &place->level))
        place->level = GW_LEVEL_GRID;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("looking for a place")), FALSE;
  return rc == SQLITE_ROW;
}
