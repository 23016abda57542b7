/* gw-sync-seat.c: the sync client's work on the seat's database, run on the store's
 * thread. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gw-db-snapshot.h"
#include "gw-drill.h"
#include "gw-sync-client.h"
#include "gw-sync-seat-private.h"

/* SQL helpers ------------------------------------------------------------------------- */

static gboolean
sql_error (GwDb    *db,
           GError **error)
{
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (gw_db_get_handle (db)));
  return FALSE;
}

static sqlite3_stmt *
prepare (GwDb        *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* The first column of the first row of a query without parameters (0 when no row). */
static gboolean
query_int64 (GwDb        *db,
             const char  *sql,
             gint64      *out,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (db, error);
  return TRUE;
}

static gboolean
delete_meta (GwDb        *db,
             const char  *key,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (db, "DELETE FROM meta WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : sql_error (db, error);
}

static gboolean
set_meta_int64 (GwDb        *db,
                const char  *key,
                gint64       value,
                GError     **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return gw_db_set_meta (db, key, text, error);
}

static gint64
meta_int64 (GwDb       *db,
            const char *key,
            gboolean   *present)
{
  g_autofree char *text = gw_db_get_meta (db, key);

  if (present)
    *present = text != NULL && *text != '\0';
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The seat --------------------------------------------------------------------------- */

void
_gw_sync_seat_free (GwSyncSeat *seat)
{
  if (seat == NULL)
    return;
  g_free (seat->token);
  g_free (seat->snapshot_etag);
  g_free (seat->drill_scenario);
  g_free (seat->drill_run);
  g_free (seat->drill_title);
  g_free (seat);
}

gpointer
_gw_sync_load_seat (GwDb      *db,
                    gpointer   data,
                    GError   **error)
{
  GwSyncSeat *seat = g_new0 (GwSyncSeat, 1);
  gint64 tickets = 0, divisions = 0, departments = 0, pending = 0;

  seat->token = gw_db_get_meta (db, GW_SYNC_META_TOKEN);
  if (seat->token && *seat->token == '\0')
    g_clear_pointer (&seat->token, g_free);
  seat->seq = meta_int64 (db, GW_SYNC_META_SEQ, NULL);
  seat->after = meta_int64 (db, GW_SYNC_META_AFTER, &seat->snapshot_running);
  seat->snapshot_etag = gw_db_get_meta (db, GW_SYNC_META_SNAPSHOT);
  if (!query_int64 (db, "SELECT EXISTS (SELECT 1 FROM tickets)", &tickets, error) ||
      !query_int64 (db, "SELECT EXISTS (SELECT 1 FROM divisions)", &divisions, error) ||
      !query_int64 (db, "SELECT EXISTS (SELECT 1 FROM departments)", &departments, error) ||
      !query_int64 (db, "SELECT count(*) FROM outbox WHERE state = 'pending'", &pending, error))
    {
      _gw_sync_seat_free (seat);
      return NULL;
    }
  seat->has_tickets = tickets != 0;
  seat->has_divisions = divisions != 0;
  seat->has_departments = departments != 0;
  seat->pending = (guint) pending;
  /* What it holds decides which server it may sync with (gw-sync-drill.c). */
  seat->used = seat->seq > 0 || seat->has_tickets || seat->has_divisions || seat->has_departments ||
               seat->snapshot_running || seat->snapshot_etag != NULL;
  seat->drill_scenario = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);
  seat->drill_run = gw_db_get_meta (db, GW_SYNC_META_DRILL_RUN);
  seat->drill_title = gw_db_get_meta (db, GW_DRILL_META_TITLE);
  return seat;
}

/* The session ------------------------------------------------------------------------- */

void
_gw_sync_session_free (GwSyncSession *session)
{
  if (session == NULL)
    return;
  g_free (session->token);
  g_free (session->user_json);
  g_free (session);
}

gpointer
_gw_sync_save_session (GwDb      *db,
                       gpointer   data,
                       GError   **error)
{
  GwSyncSession *session = data;

  if (!gw_db_begin (db, error))
    return NULL;
  if (session->token == NULL)
    {
      if (!delete_meta (db, GW_SYNC_META_TOKEN, error))
        goto fail;
    }
  else if (!gw_db_set_meta (db, GW_SYNC_META_TOKEN, session->token, error) ||
           (session->user_json && !gw_db_set_meta (db, GW_SYNC_META_USER, session->user_json, error)))
    goto fail;
  if (!gw_db_commit (db, error))
    goto fail;
  return g_strdup (session->token ? session->token : "");

fail:
  gw_db_rollback (db);
  return NULL;
}

/* Divisions and departments ------------------------------------------------------------ */

void
_gw_sync_reference_free (GwSyncReference *ref)
{
  if (ref == NULL)
    return;
  g_clear_pointer (&ref->divisions, g_ptr_array_unref);
  g_clear_pointer (&ref->departments, g_ptr_array_unref);
  g_free (ref);
}

static int
compare_divisions (gconstpointer a,
                   gconstpointer b)
{
  const GwDivision *da = *(const GwDivision *const *) a;
  const GwDivision *db = *(const GwDivision *const *) b;

  if (da->level != db->level)
    return da->level < db->level ? -1 : 1;
  return g_strcmp0 (da->code, db->code);
}

gpointer
_gw_sync_write_reference (GwDb      *db,
                          gpointer   data,
                          GError   **error)
{
  GwSyncReference *ref = data;
  gint64 written = 0;

  if (!gw_db_begin (db, error))
    return NULL;
  if (ref->divisions)
    {
      /* Parents before children: a division's parent is one level up. */
      g_ptr_array_sort (ref->divisions, compare_divisions);
      for (guint i = 0; i < ref->divisions->len; i++, written++)
        if (gw_db_insert_division (db, g_ptr_array_index (ref->divisions, i), error) == 0)
          goto fail;
    }
  if (ref->departments)
    for (guint i = 0; i < ref->departments->len; i++, written++)
      if (gw_db_insert_department (db, g_ptr_array_index (ref->departments, i), error) == 0)
        goto fail;
  if (!gw_db_commit (db, error))
    goto fail;
  return g_memdup2 (&written, sizeof written);

fail:
  gw_db_rollback (db);
  return NULL;
}

/* Tickets ---------------------------------------------------------------------------- */

GwSyncWrite *
_gw_sync_write_new (void)
{
  GwSyncWrite *w = g_new0 (GwSyncWrite, 1);

  w->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  w->seq = -1;
  w->after = -1;
  return w;
}

void
_gw_sync_write_free (GwSyncWrite *write)
{
  if (write == NULL)
    return;
  g_clear_pointer (&write->tickets, g_ptr_array_unref);
  g_free (write->message);
  g_free (write);
}

/* The stored copy's updated_at, or -1 when the seat has none. */
static gboolean
stored_updated_at (GwDb     *db,
                   gint64    id,
                   gint64   *out,
                   GError  **error)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT updated_at FROM tickets WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (db, error);
  return TRUE;
}

static gboolean
settle_outbox (GwDb         *db,
               GwSyncWrite  *w,
               GError      **error)
{
  sqlite3_stmt *stmt = prepare (db, "UPDATE outbox SET state = ?, message = ? WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, w->refused ? "refused" : "done", -1, SQLITE_STATIC);
  if (w->message)
    sqlite3_bind_text (stmt, 2, w->message, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, w->outbox_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : sql_error (db, error);
}

gpointer
_gw_sync_write (GwDb      *db,
                gpointer   data,
                GError   **error)
{
  GwSyncWrite *w = data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) batch = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!gw_db_begin (db, error))
    return NULL;
  /* A ticket and the one it was merged into may arrive in either order, and replacing a
   * ticket deletes it for a moment: references are checked at commit. */
  if (!gw_db_exec (db, "PRAGMA defer_foreign_keys = ON", error))
    goto fail;

  for (guint i = 0; i < w->tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (w->tickets, i);
      g_hash_table_add (batch, &t->id);
    }
  for (guint i = 0; i < w->tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (w->tickets, i);
      g_autoptr(GError) local_error = NULL;
      gint64 stored = -1;

      if (!stored_updated_at (db, t->id, &stored, error))
        goto fail;
      /* A copy the seat already has in a newer version (a command's answer arrived before
       * the feed's older frame) stays. */
      if (stored > t->updated_at)
        continue;
      if (t->merged_into > 0 && !g_hash_table_contains (batch, &t->merged_into))
        {
          gint64 original = -1;
          if (!stored_updated_at (db, t->merged_into, &original, error))
            goto fail;
          if (original < 0)
            {
              /* The original is outside the seat's jurisdiction. */
              g_debug ("Ticket %" G_GINT64_FORMAT ": merged into %" G_GINT64_FORMAT ", which this seat does not hold",
                       t->id, t->merged_into);
              t->merged_into = 0;
            }
        }
      if (!gw_db_upsert_ticket (db, t, &local_error))
        {
          if (local_error->domain == GW_STORE_ERROR &&
              (local_error->code == GW_STORE_ERROR_INVALID || local_error->code == GW_STORE_ERROR_NOT_FOUND))
            {
              /* The server sent a ticket whose division or department this seat lacks. */
              g_warning ("Ticket %" G_GINT64_FORMAT " not kept: %s", t->id, local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      g_array_append_val (ids, t->id);
    }

  if (w->seq >= 0 && !set_meta_int64 (db, GW_SYNC_META_SEQ, w->seq, error))
    goto fail;
  if (w->after >= 0 && !set_meta_int64 (db, GW_SYNC_META_AFTER, w->after, error))
    goto fail;
  if (w->snapshot_done && !delete_meta (db, GW_SYNC_META_AFTER, error))
    goto fail;
  if (w->outbox_id > 0 && !settle_outbox (db, w, error))
    goto fail;
  if (!gw_db_commit (db, error))
    goto fail;
  return g_steal_pointer (&ids);

fail:
  gw_db_rollback (db);
  return NULL;
}

/* Meta --------------------------------------------------------------------------------- */

void
_gw_sync_meta_free (GwSyncMeta *meta)
{
  if (meta == NULL)
    return;
  g_free (meta->key);
  g_free (meta->value);
  g_free (meta);
}

gpointer
_gw_sync_set_meta (GwDb      *db,
                   gpointer   data,
                   GError   **error)
{
  GwSyncMeta *meta = data;

  if (meta->value ? !gw_db_set_meta (db, meta->key, meta->value, error) : !delete_meta (db, meta->key, error))
    return NULL;
  return g_strdup (meta->key);
}

/* The snapshot file -------------------------------------------------------------------- */

void
_gw_sync_snapshot_load_free (GwSyncSnapshotLoad *load)
{
  if (load == NULL)
    return;
  g_free (load->path);
  g_free (load->server_uri);
  g_free (load);
}

static gboolean
refuse_snapshot (GError     **error,
                 const char  *path,
                 const char  *format,
                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse_snapshot (GError     **error,
                 const char  *path,
                 const char  *format,
                 ...)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: a file's name, then why it cannot be used */
  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_SNAPSHOT, _("The snapshot “%s” cannot be used: %s"), display, why);
  return FALSE;
}

/* The first column of the first row of sql on handle, as text (NULL: no row, or an error,
 * whose message then goes to *why). */
static char *
first_text (sqlite3      *handle,
            const char   *sql,
            char        **why)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    text = g_strdup (sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0) : "");
  else if (rc != SQLITE_DONE && why)
    *why = g_strdup (sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);
  return text;
}

/* Opens the file and checks that it is a snapshot this seat can load; *seq: its sequence. */
static sqlite3 *
check_snapshot (GwDb        *db,
                const char  *path,
                gint64      *seq,
                GError     **error)
{
  sqlite3 *snap = NULL;
  g_autofree char *why = NULL, *version = NULL, *page_size = NULL, *own_page_size = NULL;
  g_autofree char *check = NULL, *seq_text = NULL;
  char *end = NULL;

  if (sqlite3_open_v2 (path, &snap, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      refuse_snapshot (error, path, "%s", snap ? sqlite3_errmsg (snap) : _("out of memory"));
      sqlite3_close (snap);
      return NULL;
    }
  sqlite3_busy_timeout (snap, 5000);
  if ((version = first_text (snap, "PRAGMA user_version", &why)) == NULL)
    refuse_snapshot (error, path, _("not a database (%s)"), why ? why : "—");
  else if (g_ascii_strtoll (version, NULL, 10) == 0)
    refuse_snapshot (error, path, _("it is no Gridwatch database"));
  else if (g_ascii_strtoll (version, NULL, 10) != GW_DB_SCHEMA_VERSION)
    refuse_snapshot (error, path, _("it holds schema %s and this seat reads schema %d; update the older of the two"),
                     version, GW_DB_SCHEMA_VERSION);
  else if ((page_size = first_text (snap, "PRAGMA page_size", &why)) == NULL ||
           (own_page_size = first_text (gw_db_get_handle (db), "PRAGMA page_size", &why)) == NULL ||
           !g_str_equal (page_size, own_page_size))
    refuse_snapshot (error, path, _("its pages are of %s bytes, the seat’s of %s"),
                     page_size ? page_size : "?", own_page_size ? own_page_size : "?");
  else if ((check = first_text (snap, "PRAGMA quick_check", &why)) == NULL || !g_str_equal (check, "ok"))
    refuse_snapshot (error, path, _("it is damaged (%s)"), check ? check : why ? why : "—");
  else if ((seq_text = first_text (snap, "SELECT value FROM meta WHERE key = '" GW_DB_META_SNAPSHOT_SEQ "'", &why)) == NULL ||
           (*seq = g_ascii_strtoll (seq_text, &end, 10)) < 0 || *seq_text == '\0' || *end != '\0')
    refuse_snapshot (error, path, _("it names no change-log sequence, so it is no snapshot of gridwatchd"));
  else
    return snap;
  sqlite3_close (snap);
  return NULL;
}

/* The seat's own rows go into the snapshot, so that they come through the load with it:
 * its sign-in and server, the sequence to catch up from, its outbox. */
static gboolean
adopt_seat (sqlite3             *snap,
            GwDb                *db,
            GwSyncSnapshotLoad  *load,
            gint64               seq,
            gint64              *tickets,
            GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  char seq_text[32];
  gboolean ok = FALSE;
  int rc;

  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);
  if (sqlite3_prepare_v2 (snap, "ATTACH DATABASE ? AS seat", -1, &stmt, NULL) != SQLITE_OK)
    goto sql_failed;
  sqlite3_bind_text (stmt, 1, gw_db_get_path (db), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    goto sql_failed;
  if (sqlite3_exec (snap,
                    "BEGIN;"
                    "DELETE FROM main.meta WHERE key LIKE 'sync\\_%' ESCAPE '\\';"
                    "INSERT INTO main.meta (key, value) SELECT key, value FROM seat.meta"
                    " WHERE key LIKE 'sync\\_%' ESCAPE '\\'"
                    " AND key NOT IN ('" GW_SYNC_META_SEQ "', '" GW_SYNC_META_AFTER "', '" GW_SYNC_META_SNAPSHOT "');"
                    "DELETE FROM main.outbox;"
                    "INSERT INTO main.outbox (id, command_id, ticket_id, body, created_at, state, message)"
                    " SELECT id, command_id, ticket_id, body, created_at, state, message FROM seat.outbox;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (snap, "INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?), (?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto sql_failed;
  sqlite3_bind_text (stmt, 1, GW_SYNC_META_SEQ, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seq_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, GW_SYNC_META_SERVER, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, load->server_uri, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE || sqlite3_exec (snap, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto sql_failed;
  if (sqlite3_prepare_v2 (snap, "SELECT count(*) FROM main.tickets", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto sql_failed;
  *tickets = sqlite3_column_int64 (stmt, 0);
  ok = TRUE;
  goto out;

sql_failed:
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Preparing the snapshot for this seat: %s"),
               sqlite3_errmsg (snap));
out:
  sqlite3_finalize (stmt);
  if (!sqlite3_get_autocommit (snap))
    sqlite3_exec (snap, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (snap, "DETACH DATABASE seat", NULL, NULL, NULL);
  return ok;
}

gpointer
_gw_sync_load_snapshot (GwDb      *db,
                        gpointer   data,
                        GError   **error)
{
  GwSyncSnapshotLoad *load = data;
  g_autofree GwSyncSnapshotLoaded *loaded = g_new0 (GwSyncSnapshotLoaded, 1);
  sqlite3 *snap = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;

  snap = check_snapshot (db, load->path, &loaded->seq, error);
  g_debug ("Snapshot checked in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  ok = snap != NULL && adopt_seat (snap, db, load, loaded->seq, &loaded->tickets, error);
  g_debug ("Snapshot prepared for this seat in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  if (snap != NULL && sqlite3_close (snap) != SQLITE_OK && ok)
    ok = FALSE, g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, "%s", sqlite3_errmsg (snap));
  ok = ok && gw_db_replace_from_file (db, load->path, error);
  /* Loaded, refused, or written into for this seat: of no further use either way. */
  g_unlink (load->path);
  if (!ok)
    return NULL;
  g_debug ("Snapshot loaded in %.0f ms: %" G_GINT64_FORMAT " tickets, sequence %" G_GINT64_FORMAT,
           (g_get_monotonic_time () - t0) / 1000.0, loaded->tickets, loaded->seq);
  return g_steal_pointer (&loaded);
}

/* The outbox -------------------------------------------------------------------------- */

void
_gw_sync_outbox_entry_free (GwSyncOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->command_id);
  g_free (entry->body);
  g_free (entry);
}

gpointer
_gw_sync_outbox_add (GwDb      *db,
                     gpointer   data,
                     GError   **error)
{
  GwSyncOutboxEntry *entry = data;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  /* An officer's action is worth a flush to the disk: for this one transaction the WAL
   * is synced at commit (the connection otherwise runs synchronous=NORMAL). */
  if (!gw_db_exec (db, "PRAGMA synchronous = FULL", error))
    return NULL;
  stmt = prepare (db, "INSERT INTO outbox (command_id, ticket_id, body, created_at) VALUES (?, ?, ?, ?)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, entry->command_id, -1, SQLITE_STATIC);
      if (entry->ticket_id > 0)
        sqlite3_bind_int64 (stmt, 2, entry->ticket_id);
      else
        sqlite3_bind_null (stmt, 2);  /* a report: its ticket does not exist yet */
      sqlite3_bind_text (stmt, 3, entry->body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, entry->created_at);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (gw_db_get_handle (db));
      else
        sql_error (db, error);
      sqlite3_finalize (stmt);
    }
  gw_db_exec (db, "PRAGMA synchronous = NORMAL", NULL);
  return id > 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

gpointer
_gw_sync_outbox_next (GwDb      *db,
                      gpointer   data,
                      GError   **error)
{
  sqlite3_stmt *stmt = prepare (db,
      "SELECT id, command_id, ticket_id, body, created_at FROM outbox"
      " WHERE state = 'pending' ORDER BY id LIMIT 1", error);
  GwSyncOutboxEntry *entry;
  int rc;

  if (stmt == NULL)
    return NULL;
  entry = g_new0 (GwSyncOutboxEntry, 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->command_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->ticket_id = sqlite3_column_int64 (stmt, 2);
      entry->body = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->created_at = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _gw_sync_outbox_entry_free (entry);
      sql_error (db, error);
      return NULL;
    }
  return entry;
}
