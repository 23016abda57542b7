/* gw-db-ticket-pages.c: ticket pages written as JSON straight from the rows.
 *
 * A seat's snapshot reads its jurisdiction page by page; the server answers each page by
 * stepping one statement and writing every row as it comes, with no GwTicket in between.
 * The text is byte for byte what gw_ticket_write_json() writes for the same ticket read
 * with gw_db_get_ticket() (tests/core/test-ticket-pages.c holds the two together). */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-private.h"

/* The columns of _GW_DB_TICKET_COLUMNS, then whether the ticket has attachments. */
#define COL_HAS_ATTACHMENTS 41

char *
_gw_db_code_prefix_end (const char *code)
{
  char *end = g_strdup (code);
  gsize len = strlen (end);

  /* The string with its last byte raised by one bounds every string that extends it
   * (trailing 0xff bytes carry over); an empty result bounds nothing. */
  while (len > 0 && (guchar) end[len - 1] == 0xff)
    end[--len] = '\0';
  if (len > 0)
    end[len - 1]++;
  return end;
}

static const char *
text (sqlite3_stmt *stmt,
      int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static void
w_string (GwJsonWriter *w,
          const char   *name,
          const char   *value)
{
  gw_json_writer_member (w, name);
  gw_json_writer_string (w, value);
}

static void
w_time (GwJsonWriter *w,
        const char   *name,
        gint64        value)
{
  gw_json_writer_member (w, name);
  gw_json_writer_time (w, value);
}

static gboolean
write_attachments (GwDb          *self,
                   gint64         id,
                   GwJsonWriter  *w,
                   GError       **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT name, mime_type, size, sha256 FROM attachments WHERE ticket_id = ? ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gw_json_writer_begin_object (w);
      w_string (w, "name", text (stmt, 0));
      w_string (w, "mime_type", text (stmt, 1));
      gw_json_writer_member (w, "size");
      gw_json_writer_int (w, sqlite3_column_int64 (stmt, 2));
      w_string (w, "sha256", text (stmt, 3));
      gw_json_writer_end_object (w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading tickets"));
  return TRUE;
}

static gboolean
write_whistle (GwDb          *self,
               gint64         id,
               GwJsonWriter  *w,
               GError       **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT d.code, w.lead, w.deadline_at, w.reported_in_at FROM ticket_departments w"
      " JOIN departments d ON d.id = w.department_id WHERE w.ticket_id = ?"
      " ORDER BY w.lead DESC, d.code", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gw_json_writer_begin_object (w);
      w_string (w, "department", text (stmt, 0));
      gw_json_writer_member (w, "lead");
      gw_json_writer_bool (w, sqlite3_column_int (stmt, 1) != 0);
      w_time (w, "deadline_at", sqlite3_column_int64 (stmt, 2));
      w_time (w, "reported_in_at", sqlite3_column_int64 (stmt, 3));
      gw_json_writer_end_object (w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading tickets"));
  return TRUE;
}

/* One row of _GW_DB_TICKET_COLUMNS as gw_ticket_write_json() writes the ticket that
 * gw_db_get_ticket() makes of it: the same enum round trips (a name the enum does not know
 * reads as its first value), the same division chain, the same attachments and whistle. */
static gboolean
write_row (GwDb          *self,
           sqlite3_stmt  *stmt,
           GwJsonWriter  *w,
           GError       **error)
{
  const char *chain[GW_N_LEVELS] = { NULL, };
  const GwDbDivision *d;
  GwSource source = 0;
  GwUrgency urgency = 0;
  GwLevel level = 0, dispatcher_level = 0;
  GwTicketState state = 0, paused_state = GW_STATE_REPORTED;
  GwSatisfaction satisfaction = 0;
  GwStage stage = GW_STAGE_NONE;
  gint64 id = sqlite3_column_int64 (stmt, 0);
  gint64 paused_at, dispatched_at, merged_into;

  gw_json_writer_begin_object (w);
  if (id)
    {
      gw_json_writer_member (w, "id");
      gw_json_writer_int (w, id);
    }
  w_string (w, "number", text (stmt, 1));
  gw_source_from_string (text (stmt, 2), &source);
  w_string (w, "source", gw_source_to_string (source));
  w_string (w, "category", text (stmt, 3));
  gw_urgency_from_string (text (stmt, 4), &urgency);
  w_string (w, "urgency", gw_urgency_to_string (urgency));
  gw_level_from_string (text (stmt, 5), &level);
  w_string (w, "level", gw_level_to_string (level));
  gw_json_writer_member (w, "lon");
  gw_json_writer_double (w, sqlite3_column_double (stmt, 6));
  gw_json_writer_member (w, "lat");
  gw_json_writer_double (w, sqlite3_column_double (stmt, 7));

  for (d = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 8)); d != NULL;
       d = d->parent_id ? _gw_db_division_by_id (self, d->parent_id) : NULL)
    if (chain[d->level] == NULL)
      chain[d->level] = d->code;
  gw_json_writer_member (w, "divisions");
  gw_json_writer_begin_object (w);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    if (chain[i])
      w_string (w, gw_level_to_string (i), chain[i]);
  gw_json_writer_end_object (w);

  w_string (w, "description", text (stmt, 9));
  w_string (w, "address", text (stmt, 10));
  w_string (w, "reporter", text (stmt, 11));
  w_string (w, "reporter_phone", text (stmt, 12));
  gw_json_writer_member (w, "attachments");
  gw_json_writer_begin_array (w);
  if (sqlite3_column_int (stmt, COL_HAS_ATTACHMENTS) && !write_attachments (self, id, w, error))
    return FALSE;
  gw_json_writer_end_array (w);
  gw_ticket_state_from_string (text (stmt, 13), &state);
  w_string (w, "state", gw_ticket_state_to_string (state));
  w_time (w, "reported_at", sqlite3_column_int64 (stmt, 14));
  w_time (w, "updated_at", sqlite3_column_int64 (stmt, 15));
  w_time (w, "closed_at", sqlite3_column_int64 (stmt, 16));
  w_string (w, "board", text (stmt, 17));
  w_string (w, "department", text (stmt, 18));
  gw_stage_from_string (text (stmt, 21), &stage);
  w_string (w, "stage", stage ? gw_stage_to_string (stage) : NULL);
  w_time (w, "stage_started_at", sqlite3_column_int64 (stmt, 22));
  w_time (w, "yellow_at", sqlite3_column_int64 (stmt, 23));
  w_time (w, "red_at", sqlite3_column_int64 (stmt, 24));
  w_time (w, "deadline_at", sqlite3_column_int64 (stmt, 19));
  paused_at = sqlite3_column_int64 (stmt, 25);
  w_time (w, "paused_at", paused_at);
  gw_satisfaction_from_string (text (stmt, 20), &satisfaction);
  w_string (w, "satisfaction", gw_satisfaction_to_string (satisfaction));
  gw_ticket_state_from_string (text (stmt, 26), &paused_state);
  w_string (w, "paused_state", paused_at ? gw_ticket_state_to_string (paused_state) : NULL);
  dispatched_at = sqlite3_column_int64 (stmt, 27);
  gw_level_from_string (text (stmt, 40), &dispatcher_level);
  w_string (w, "dispatcher_level", dispatched_at ? gw_level_to_string (dispatcher_level) : NULL);
  w_time (w, "dispatched_at", dispatched_at);
  w_time (w, "sign_deadline_at", sqlite3_column_int64 (stmt, 28));
  w_time (w, "signed_at", sqlite3_column_int64 (stmt, 29));
  w_time (w, "handle_deadline_at", sqlite3_column_int64 (stmt, 30));
  w_time (w, "reported_back_at", sqlite3_column_int64 (stmt, 31));
  w_time (w, "evaluated_at", sqlite3_column_int64 (stmt, 33));
  gw_json_writer_member (w, "resolved");
  if (sqlite3_column_type (stmt, 32) == SQLITE_NULL || sqlite3_column_int (stmt, 32) < 0)
    gw_json_writer_null (w);
  else
    gw_json_writer_bool (w, sqlite3_column_int (stmt, 32) != 0);
  gw_json_writer_member (w, "reopen_count");
  gw_json_writer_int (w, sqlite3_column_int64 (stmt, 34));
  gw_json_writer_member (w, "supervise_count");
  gw_json_writer_int (w, sqlite3_column_int64 (stmt, 35));
  merged_into = sqlite3_column_int64 (stmt, 36);
  gw_json_writer_member (w, "merged_into");
  if (merged_into)
    gw_json_writer_int (w, merged_into);
  else
    gw_json_writer_null (w);
  gw_json_writer_member (w, "whistle");
  gw_json_writer_bool (w, sqlite3_column_int (stmt, 37) != 0);
  gw_json_writer_member (w, "whistle_departments");
  gw_json_writer_begin_array (w);
  if (sqlite3_column_int (stmt, 37) != 0 && !write_whistle (self, id, w, error))
    return FALSE;
  gw_json_writer_end_array (w);
  gw_json_writer_member (w, "extension_seconds");
  gw_json_writer_int (w, sqlite3_column_int64 (stmt, 38));
  w_string (w, "extension_reason", text (stmt, 39));
  gw_json_writer_end_object (w);
  return TRUE;
}

static gboolean
step_simple (GwDb        *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading tickets"));
  return TRUE;
}

static gint
write_page (GwDb          *self,
            gint64         after_id,
            guint          limit,
            const char    *division_code,
            const char    *department_code,
            GwJsonWriter  *w,
            gint64        *last_id,
            gint64        *last_seq,
            GError       **error)
{
  g_autofree char *prefix_end = NULL;
  sqlite3_stmt *stmt;
  gint64 dept = 0;
  gint n = 0;
  int rc;

  if (!_gw_db_load_divisions (self, error))
    return -1;
  if (department_code)
    {
      stmt = _gw_db_prepare (self, "SELECT id FROM departments WHERE code = ?", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_text (stmt, 1, department_code, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        dept = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _gw_db_set_error (self, error, _("reading tickets")), -1;
      if (dept == 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No department has the code %s"),
                       department_code);
          return -1;
        }
    }
  if (division_code && *division_code == '\0')
    division_code = NULL;
  if (division_code)
    prefix_end = _gw_db_code_prefix_end (division_code);

  stmt = _gw_db_prepare (self,
      "SELECT " _GW_DB_TICKET_COLUMNS ", EXISTS (SELECT 1 FROM attachments a WHERE a.ticket_id = t.id)"
      " FROM tickets t WHERE " _GW_DB_PAGE_WHERE, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, after_id);
  if (division_code)
    {
      sqlite3_bind_text (stmt, 2, division_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, prefix_end, -1, SQLITE_STATIC);
    }
  if (dept)
    sqlite3_bind_int64 (stmt, 3, dept);
  sqlite3_bind_int (stmt, 4, limit);

  gw_json_writer_begin_array (w);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!write_row (self, stmt, w, error))
        {
          sqlite3_reset (stmt);
          return -1;
        }
      *last_id = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading tickets")), -1;
  gw_json_writer_end_array (w);

  *last_seq = gw_db_get_last_change (self, error);
  return *last_seq < 0 ? -1 : n;
}

gint
gw_db_write_tickets_page (GwDb          *self,
                          gint64         after_id,
                          guint          limit,
                          const char    *division_code,
                          const char    *department_code,
                          GwJsonWriter  *writer,
                          gint64        *last_id,
                          gint64        *last_seq,
                          GError       **error)
{
  gboolean own;
  gint64 id = 0, seq = 0;
  gint n;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (writer != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* One read transaction: the page and the change log's position are one snapshot, and
   * the file's shared lock is taken once. */
  own = sqlite3_get_autocommit (gw_db_get_handle (self));
  if (own && !step_simple (self, "BEGIN", error))
    return -1;
  n = write_page (self, after_id, limit, division_code, department_code, writer, &id, &seq, error);
  if (own)
    step_simple (self, "COMMIT", NULL);
  if (n < 0)
    return -1;
  if (last_id)
    *last_id = id;
  if (last_seq)
    *last_seq = seq;
  return n;
}
