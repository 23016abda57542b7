#define G_LOG_DOMAIN "gw-audit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-private.h"

static void
feed (GChecksum  *sum,
      const char *text)
{
  /* Length-prefixed, with NULL distinct from "": no two entries hash the same input. */
  char prefix[32];

  if (text == NULL)
    {
      g_checksum_update (sum, (const guchar *) "N;", 2);
      return;
    }
  g_snprintf (prefix, sizeof prefix, "S%zu:", strlen (text));
  g_checksum_update (sum, (const guchar *) prefix, -1);
  g_checksum_update (sum, (const guchar *) text, -1);
}

static void
feed_int (GChecksum *sum,
          gint64     value)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "I%" G_GINT64_FORMAT ";", value);
  g_checksum_update (sum, (const guchar *) buf, -1);
}

static char *
entry_hash (const char         *prev_hash,
            const GwAuditEntry *e)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  feed (sum, prev_hash);
  feed_int (sum, e->id);
  feed_int (sum, e->ticket_id);
  feed_int (sum, e->at);
  feed (sum, e->actor);
  feed (sum, e->role);
  feed (sum, e->action);
  feed (sum, e->from_state);
  feed (sum, e->to_state);
  feed (sum, e->reason);
  feed (sum, e->payload);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
gw_audit_append (GwDb               *db,
                 const GwAuditEntry *entry,
                 GError            **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  GwAuditEntry e = *entry;

  stmt = _gw_db_prepare (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      e.id = sqlite3_column_int64 (stmt, 0) + 1;
      prev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else
    {
      e.id = 1;
      prev = g_strdup (GW_AUDIT_GENESIS);
    }
  sqlite3_reset (stmt);
  hash = entry_hash (prev, &e);

  stmt = _gw_db_prepare (db,
      "INSERT INTO audit (id, ticket_id, at, actor, role, action, from_state, to_state, reason,"
      " payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e.id);
  if (e.ticket_id)
    sqlite3_bind_int64 (stmt, 2, e.ticket_id);
  sqlite3_bind_int64 (stmt, 3, e.at);
  sqlite3_bind_text (stmt, 4, e.actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, e.role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, e.action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, e.from_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, e.to_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, e.reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, e.payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("writing the audit log"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return gw_db_set_meta (db, "audit_head", hash, error);
}

#define AUDIT_COLUMNS "id, ticket_id, at, actor, role, action, from_state, to_state, reason, payload"

static void
entry_from_row (sqlite3_stmt *stmt,
                GwAuditEntry *e)
{
  e->id = sqlite3_column_int64 (stmt, 0);
  e->ticket_id = sqlite3_column_int64 (stmt, 1);
  e->at = sqlite3_column_int64 (stmt, 2);
  e->actor = (const char *) sqlite3_column_text (stmt, 3);
  e->role = (const char *) sqlite3_column_text (stmt, 4);
  e->action = (const char *) sqlite3_column_text (stmt, 5);
  e->from_state = (const char *) sqlite3_column_text (stmt, 6);
  e->to_state = (const char *) sqlite3_column_text (stmt, 7);
  e->reason = (const char *) sqlite3_column_text (stmt, 8);
  e->payload = (const char *) sqlite3_column_text (stmt, 9);
}

gboolean
gw_audit_verify (GwDb    *db,
                 gint64  *first_broken,
                 gint64  *n_entries,
                 GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *prev = g_strdup (GW_AUDIT_GENESIS);
  g_autofree char *head = NULL;
  gint64 expected_id = 1, n = 0;
  int rc;

  *first_broken = 0;
  if (sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "SELECT " AUDIT_COLUMNS ", prev_hash, hash FROM audit ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _gw_db_set_error (db, error, _("reading the audit log"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwAuditEntry e;
      g_autofree char *hash = NULL;
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 10);
      const char *stored = (const char *) sqlite3_column_text (stmt, 11);

      entry_from_row (stmt, &e);
      n++;
      hash = entry_hash (prev, &e);
      if (e.id != expected_id || g_strcmp0 (stored_prev, prev) != 0 || g_strcmp0 (stored, hash) != 0)
        {
          *first_broken = e.id;
          break;
        }
      g_free (prev);
      prev = g_strdup (stored);
      expected_id++;
    }
  sqlite3_finalize (stmt);
  if (n_entries)
    *n_entries = n;
  if (*first_broken != 0)
    return FALSE;
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading the audit log"));
  /* Entries cut off the end leave the recorded head behind. */
  head = gw_db_get_meta (db, "audit_head");
  if (head != NULL && !g_str_equal (head, prev))
    {
      *first_broken = expected_id;
      return FALSE;
    }
  return TRUE;
}

void
gw_audit_entry_free (GwAuditEntry *e)
{
  if (e == NULL)
    return;
  g_free ((char *) e->actor);
  g_free ((char *) e->role);
  g_free ((char *) e->action);
  g_free ((char *) e->from_state);
  g_free ((char *) e->to_state);
  g_free ((char *) e->reason);
  g_free ((char *) e->payload);
  g_free (e);
}

GPtrArray *
gw_audit_list_for_ticket (GwDb    *db,
                          gint64   ticket_id,
                          GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_audit_entry_free);
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT " AUDIT_COLUMNS " FROM audit WHERE ticket_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwAuditEntry row, *e = g_new0 (GwAuditEntry, 1);

      entry_from_row (stmt, &row);
      *e = row;
      e->actor = g_strdup (row.actor);
      e->role = g_strdup (row.role);
      e->action = g_strdup (row.action);
      e->from_state = g_strdup (row.from_state);
      e->to_state = g_strdup (row.to_state);
      e->reason = g_strdup (row.reason);
      e->payload = g_strdup (row.payload);
      g_ptr_array_add (list, e);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}
