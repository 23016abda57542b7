/* gw-drill-db.c: a drill's copy of the county, and the drill log.
 *
 * The copy is made with SQLite's online backup from a read-only connection on the source,
 * into a new file beside the destination, migrated and marked there, and renamed into
 * place: the source is never opened for writing, and a failure leaves nothing behind. */
#define G_LOG_DOMAIN "gw-drill"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw-db-private.h"
#include "gw-demo.h"
#include "gw-drill-private.h"
#include "gw-enums-private.h"

G_DEFINE_QUARK (gw-drill-error-quark, gw_drill_error)

static const char *const event_kind_names[] = {
  "injection", "world", "control", "seat", "failed", NULL
};

static const char *const state_names[] = {
  "ready", "running", "paused", "ended", NULL
};

const char *
gw_drill_event_kind_to_string (GwDrillEventKind kind)
{
  return _gw_enum_name (event_kind_names, G_N_ELEMENTS (event_kind_names) - 1, kind);
}

gboolean
gw_drill_event_kind_from_string (const char       *str,
                                 GwDrillEventKind *out)
{
  guint v;

  if (!_gw_enum_value (event_kind_names, str, &v))
    return FALSE;
  *out = (GwDrillEventKind) v;
  return TRUE;
}

const char *
gw_drill_state_to_string (GwDrillState state)
{
  return _gw_enum_name (state_names, G_N_ELEMENTS (state_names) - 1, state);
}

char *
_gw_drill_payload (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Preparing ------------------------------------------------------------------------------ */

/* The county's language first: data written into the copy is read by its people. */
static const char *
text_zh_first (const GwScenarioText *text)
{
  return text->zh_CN != NULL ? text->zh_CN : text->en;
}

/* The path with every symbolic link of its folder resolved (the file itself need not
 * exist), or a copy of it when the folder cannot be resolved. */
static char *
resolve_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (absolute);
  g_autofree char *base = g_path_get_basename (absolute);
  g_autofree char *real_dir = realpath (dir, NULL);
  g_autofree char *real = realpath (absolute, NULL);

  if (real != NULL)
    return g_steal_pointer (&real);
  if (real_dir != NULL)
    return g_build_filename (real_dir, base, NULL);
  return g_steal_pointer (&absolute);
}

/* TRUE when both names are the same file: the same device and inode when both exist,
 * else the same resolved path. */
static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;
  g_autofree char *ra = NULL, *rb = NULL;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  ra = resolve_path (a);
  rb = resolve_path (b);
  return g_str_equal (ra, rb);
}

/* TRUE when the file is an SQLite database marked as a drill's copy (read-only look). */
static gboolean
file_is_drill (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean drill = FALSE;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (handle, "SELECT value FROM meta WHERE key = '" GW_DRILL_META_SCENARIO "'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    drill = sqlite3_column_text (stmt, 0) != NULL && *sqlite3_column_text (stmt, 0) != '\0';
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (handle);
  return drill;
}

static void
remove_database_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (path, suffixes[i], NULL);
      g_unlink (f);
    }
}

static char *
file_sha256 (const char *path,
             GError    **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (1 << 20);
  FILE *f = g_fopen (path, "rb");
  size_t n;

  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  while ((n = fread (buffer, 1, 1 << 20, f)) > 0)
    g_checksum_update (sum, buffer, n);
  if (ferror (f))
    {
      fclose (f);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("Cannot read %s"), path);
      return NULL;
    }
  fclose (f);
  return g_strdup (g_checksum_get_string (sum));
}

/* SQLite's online backup of `source` (opened read-only) into the new file `target`. */
static gboolean
backup (const char *source,
        const char *target,
        GError    **error)
{
  sqlite3 *from = NULL, *to = NULL;
  sqlite3_backup *b;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("Cannot open %s: %s"), source,
                   from ? sqlite3_errmsg (from) : sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_busy_timeout (from, 5000);
  rc = sqlite3_open_v2 (target, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("Cannot open %s: %s"), target,
                   to ? sqlite3_errmsg (to) : sqlite3_errstr (rc));
      goto out;
    }
  b = sqlite3_backup_init (to, "main", from, "main");
  if (b == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Cannot copy %s: %s"), source,
                   sqlite3_errmsg (to));
      goto out;
    }
  for (guint tries = 0; tries < 200; tries++)
    {
      rc = sqlite3_backup_step (b, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        break;
      g_usleep (50 * 1000);
    }
  sqlite3_backup_finish (b);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Cannot copy %s: %s"), source,
                   sqlite3_errstr (rc));
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close_v2 (from);
  sqlite3_close_v2 (to);
  return ok;
}

/* Marks the copy: meta drill.*, and no sign-in token of the county works in it. */
static gboolean
mark (GwDb       *db,
      GwScenario *scenario,
      const char *source,
      const char *sha256,
      GError    **error)
{
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, scenario->start);
  const char *title = text_zh_first (&scenario->title);

  if (!gw_db_begin (db, error))
    return FALSE;
  if (!gw_db_set_meta (db, GW_DRILL_META_SCENARIO, scenario->id ? scenario->id : "drill", error) ||
      !gw_db_set_meta (db, GW_DRILL_META_TITLE, title ? title : (scenario->id ? scenario->id : ""), error) ||
      !gw_db_set_meta (db, GW_DRILL_META_SOURCE, source, error) ||
      (sha256 && !gw_db_set_meta (db, GW_DRILL_META_SHA256, sha256, error)) ||
      !gw_db_set_meta (db, GW_DRILL_META_STARTED, start, error) ||
      !gw_db_exec (db, "DELETE FROM tokens; DELETE FROM drill_log;", error) ||
      !gw_db_commit (db, error))
    {
      gw_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_drill_prepare_database (const char *source_path,
                           const char *drill_path,
                           GwScenario *scenario,
                           GError    **error)
{
  g_autofree char *dir = NULL, *template = NULL, *sha256 = NULL, *source = NULL;
  g_autoptr(GwDb) db = NULL;
  int fd;

  g_return_val_if_fail (drill_path != NULL, FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (source_path != NULL)
    {
      if (!g_file_test (source_path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                       _("Cannot copy %s: there is no such database"), source_path);
          return FALSE;
        }
      if (same_file (source_path, drill_path))
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_SAME_FILE,
                       _("The drill’s copy cannot be %s: that is the county’s own database"), drill_path);
          return FALSE;
        }
    }
  if (g_file_test (drill_path, G_FILE_TEST_EXISTS) && !file_is_drill (drill_path))
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL,
                   _("%s exists and is not a drill’s copy: it is left as it is. Choose another file."),
                   drill_path);
      return FALSE;
    }

  dir = g_path_get_dirname (drill_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot make the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  template = g_strconcat (drill_path, ".part-XXXXXX", NULL);
  fd = g_mkstemp (template);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write %s: %s"), drill_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (source_path != NULL)
    {
      source = resolve_path (source_path);
      if ((sha256 = file_sha256 (source_path, error)) == NULL ||
          !backup (source_path, template, error))
        goto fail;
      if ((db = gw_db_open (template, error)) == NULL)
        goto fail;
    }
  else
    {
      GwDemoProfile profile = GW_DEMO_PROFILE_SMALL;

      if (scenario->profile != NULL && !gw_demo_profile_from_string (scenario->profile, &profile))
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INVALID,
                       _("The scenario is written for the county “%s”, which Gridwatch cannot generate"),
                       scenario->profile);
          goto fail;
        }
      source = g_strdup_printf ("demo:%s:%u", scenario->profile ? scenario->profile : "small", scenario->seed);
      if ((db = gw_db_open (template, error)) == NULL ||
          !gw_demo_generate (db, profile, scenario->seed, scenario->start, NULL, NULL, error))
        goto fail;
    }
  if (!mark (db, scenario, source, sha256, error))
    goto fail;
  g_clear_pointer (&db, gw_db_free);

  {
    g_autofree char *wal = g_strconcat (drill_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (drill_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  if (g_rename (template, drill_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write %s: %s"), drill_path, g_strerror (saved));
      goto fail;
    }
  return TRUE;

fail:
  g_clear_pointer (&db, gw_db_free);
  remove_database_files (template);
  return FALSE;
}

gboolean
gw_db_is_drill (GwDb *db)
{
  g_autofree char *scenario = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  scenario = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);
  return scenario != NULL && *scenario != '\0';
}

char *
gw_drill_default_path (const char *scenario_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *id = g_strdup (scenario_id && *scenario_id ? scenario_id : "drill");
  g_autofree char *name = NULL;

  /* A file name, whatever the scenario calls itself. */
  g_strcanon (id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
  if (id[0] == '.')
    id[0] = '_';
  name = g_strdup_printf ("%s-%s.db", id, stamp);
  return g_build_filename (g_get_user_cache_dir (), "gridwatch", "drills", name, NULL);
}

/* The drill log ------------------------------------------------------------------------- */

void
gw_drill_event_free (GwDrillEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->ref);
  g_free (event->actor);
  g_free (event->payload);
  g_free (event);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

gint64
_gw_db_insert_drill_event (GwDb               *db,
                           const GwDrillEvent *event,
                           GError            **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "INSERT INTO drill_log (at, kind, ref, ticket_id, actor, lag_ms, payload)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event->at);
  sqlite3_bind_text (stmt, 2, gw_drill_event_kind_to_string (event->kind), -1, SQLITE_STATIC);
  bind_text (stmt, 3, event->ref);
  if (event->ticket_id > 0)
    sqlite3_bind_int64 (stmt, 4, event->ticket_id);
  else
    sqlite3_bind_null (stmt, 4);
  bind_text (stmt, 5, event->actor);
  sqlite3_bind_int64 (stmt, 6, event->lag_ms);
  bind_text (stmt, 7, event->payload);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      _gw_db_set_error (db, error, _("writing the drill log"));
      return 0;
    }
  sqlite3_reset (stmt);
  return sqlite3_last_insert_rowid (gw_db_get_handle (db));
}

gboolean
gw_db_add_drill_event (GwDb               *db,
                       const GwDrillEvent *event,
                       GError            **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail ((guint) event->kind <= GW_DRILL_EVENT_FAILED, FALSE);

  return _gw_db_insert_drill_event (db, event, error) > 0;
}

GPtrArray *
gw_db_list_drill_events (GwDb    *db,
                         gint64   after_id,
                         GError **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = _gw_db_prepare (db, "SELECT id, at, kind, ref, ticket_id, actor, lag_ms, payload"
                             " FROM drill_log WHERE id > ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDrillEvent *e = g_new0 (GwDrillEvent, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = sqlite3_column_int64 (stmt, 1);
      if (!gw_drill_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &e->kind))
        e->kind = GW_DRILL_EVENT_CONTROL;
      e->ref = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e->ticket_id = sqlite3_column_int64 (stmt, 4);
      e->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      e->lag_ms = sqlite3_column_int64 (stmt, 6);
      e->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("reading the drill log"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

gint64
gw_db_drill_ticket_for (GwDb       *db,
                        const char *injection_id,
                        GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (injection_id != NULL, 0);

  stmt = _gw_db_prepare (db, "SELECT ticket_id FROM drill_log WHERE ref = ? AND kind = 'injection'"
                             " AND ticket_id > 0 AND json_extract (payload, '$.kind') = 'report'"
                             " ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, injection_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _gw_db_set_error (db, error, _("reading the drill log"));
  return id;
}
