/* gw-db-pins.c: the open tickets' pins, all at once or as they change. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-db-pins.h"
#include "gw-db-private.h"

#define PIN_COLUMNS \
  "t.id, t.lon, t.lat, t.urgency, t.stage, t.stage_started_at, t.yellow_at, t.red_at," \
  " t.deadline_at, t.paused_at, t.state IN ('reported', 'verifying', 'screened', 'dispatched'," \
  " 'signed', 'handling', 'checking', 'suspended')"

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
                                 " WHERE t.state IN ('reported', 'verifying', 'screened', 'dispatched',"
                                 " 'signed', 'handling', 'checking', 'suspended')", error);
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
