/* gw-db-snapshot.c: a seat's database replaced by a snapshot file, with SQLite's online
 * backup API. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-db-private.h"
#include "gw-db-snapshot.h"

static int
page_size (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  int size = -1;

  if (sqlite3_prepare_v2 (handle, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return size;
}

gboolean
gw_db_replace_from_file (GwDb        *self,
                         const char  *path,
                         GError     **error)
{
  sqlite3 *handle = gw_db_get_handle (self);
  sqlite3 *source = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  int source_size, own_size, rc;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!sqlite3_get_autocommit (handle))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Cannot replace the database inside a transaction"));
      return FALSE;
    }
  if (sqlite3_open_v2 (path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("Cannot open “%s”: %s"), path,
                   source ? sqlite3_errmsg (source) : _("out of memory"));
      sqlite3_close (source);
      return FALSE;
    }
  sqlite3_busy_timeout (source, 5000);
  source_size = page_size (source);
  own_size = page_size (handle);
  if (source_size <= 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT, _("“%s” is not a usable database: %s"),
                   path, sqlite3_errmsg (source));
      sqlite3_close (source);
      return FALSE;
    }
  if (source_size != own_size)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” has pages of %d bytes, this database of %d: it cannot be loaded here"),
                   path, source_size, own_size);
      sqlite3_close (source);
      return FALSE;
    }

  /* A statement left on a row keeps a read transaction open, and the backup wants none on
   * its destination: every cached statement is reset (they prepare themselves again for
   * the new schema when next used). */
  while ((stmt = sqlite3_next_stmt (handle, stmt)) != NULL)
    sqlite3_reset (stmt);

  backup = sqlite3_backup_init (handle, "main", source, "main");
  if (backup == NULL)
    {
      _gw_db_set_error (self, error, _("loading a snapshot"));
      sqlite3_close (source);
      return FALSE;
    }
  /* All pages in one step: one write transaction on this database. */
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR,
                   (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ? GW_STORE_ERROR_CORRUPT
                                                                                 : GW_STORE_ERROR_SQL,
                   _("loading a snapshot: %s"), sqlite3_errstr (rc));
      sqlite3_close (source);
      return FALSE;
    }
  sqlite3_close (source);
  _gw_db_divisions_changed (self);

  /* Every page went through the WAL: fold it into the file and give the space back. */
  if (sqlite3_exec (handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Checkpoint after loading a snapshot: %s", sqlite3_errmsg (handle));
  return TRUE;
}
