/* gw-server-snapshot.c: GET /api/v1/snapshot, the signed-in user's jurisdiction as one
 * SQLite file, so that a new seat starts from a file copy instead of hundreds of thousands
 * of tickets in JSON pages.
 *
 * The file is built on a thread of its own (one build at a time), never on the main loop:
 * VACUUM INTO a temporary file beside the county's database, which is a consistent copy by
 * construction; then, on the copy, everything a seat must not hold is deleted (accounts,
 * tokens, remembered commands, outboxes, the audit and change logs) and, unless the user
 * sees the whole county, every ticket, camera and grid worker outside the jurisdiction. The
 * triggers are dropped for that work and created again after it, and the search and spatial
 * indexes of what was cut are rebuilt rather than deleted from row by row. The change log's
 * last sequence in the copy is written into its meta table: the seat catches up from there.
 *
 * The built file is mapped and unlinked at once (a server that dies leaves nothing behind),
 * served from the mapping with a Content-Length and an ETag naming that build, and served
 * again to the same jurisdiction for GW_SERVER_SNAPSHOT_REUSE_SECONDS. A request with
 * "Range: bytes=N-" (and If-Range naming the same build) resumes an interrupted download
 * with 206; If-Range naming another build gets the whole new file (200).
 */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "gw-accounts.h"
#include "gw-db-snapshot.h"
#include "gw-fts.h"
#include "gw-server-snapshot.h"

#define CONTENT_TYPE   "application/vnd.sqlite3"
#define SNAPSHOT_PATH  "/api/v1/snapshot"
/* Leftovers of a server that died while building are removed after this long. */
#define STALE_SECONDS  3600

typedef struct {
  GwStore     *store;
  GwClock     *clock;
  GHashTable  *entries;    /* jurisdiction key -> Entry */
  GThreadPool *builder;    /* one thread: one build at a time */
} Snapshots;

typedef struct {
  Snapshots  *owner;       /* holds the entry; not a reference */
  char       *key;
  GBytes     *bytes;       /* the mapped file; NULL while it is built */
  char       *etag;
  gint64      seq;
  GPtrArray  *waiting;     /* of SoupServerMessage, paused until the build ends */
  guint       expire_id;
} Entry;

typedef struct {
  char   *db_path;
  char   *key;
  char   *division;        /* the jurisdiction: a division's code (its prefix), or */
  char   *department;      /* a department's code (department handlers) */
} Build;

typedef struct {
  GMappedFile *file;
  gint64       seq;
} Built;

typedef struct {
  Snapshots         *owner;   /* a reference */
  SoupServerMessage *msg;
  char              *token;
  gint64             now;
} Request;

/* Replies ------------------------------------------------------------------------------- */

static const char *
status_code_name (guint status)
{
  switch (status)
    {
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 416: return "range_not_satisfiable";
    default:  return status >= 500 ? "server_error" : "error";
    }
}

static void
send_error (SoupServerMessage *msg,
            guint              status,
            const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, status_code_name (status));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, text, strlen (text));
}

/* The first number of "bytes=N-…", or -1. */
static gint64
range_start (const char *range)
{
  char *end = NULL;
  gint64 start;

  if (range == NULL || !g_str_has_prefix (range, "bytes="))
    return -1;
  range += strlen ("bytes=");
  while (*range == ' ')
    range++;
  if (!g_ascii_isdigit (*range))
    return -1;
  start = g_ascii_strtoll (range, &end, 10);
  return end != range && *end == '-' ? start : -1;
}

static void
serve (SoupServerMessage *msg,
       Entry             *entry)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const char *range = soup_message_headers_get_one (request, "Range");
  const char *if_range = soup_message_headers_get_one (request, "If-Range");
  gsize size = g_bytes_get_size (entry->bytes);
  goffset start = 0, end = (goffset) size - 1;
  guint status = SOUP_STATUS_OK;
  g_autoptr(GBytes) part = NULL;

  /* A range of another build (or of a file the seat cannot name) is no part of this one:
   * the whole file. */
  if (range != NULL && (if_range == NULL || g_str_equal (if_range, entry->etag)))
    {
      SoupRange *ranges = NULL;
      int n = 0;

      if (range_start (range) >= (gint64) size)
        {
          g_autofree char *unsatisfied = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, size);

          soup_message_headers_replace (response, "Content-Range", unsatisfied);
          soup_message_headers_replace (response, "ETag", entry->etag);
          send_error (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE,
                      _("The range starts beyond the end of the snapshot"));
          return;
        }
      /* One range is served; several (or a malformed one) get the whole file. */
      if (soup_message_headers_get_ranges (request, size, &ranges, &n))
        {
          if (n == 1 && ranges[0].start >= 0 && ranges[0].start <= ranges[0].end)
            {
              start = ranges[0].start;
              end = MIN (ranges[0].end, (goffset) size - 1);
              status = SOUP_STATUS_PARTIAL_CONTENT;
            }
          soup_message_headers_free_ranges (request, ranges);
        }
    }

  soup_message_headers_replace (response, "ETag", entry->etag);
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_replace (response, "Cache-Control", "private, no-store");
  soup_message_headers_replace (response, "Content-Disposition", "attachment; filename=\"gridwatch-snapshot.db\"");
  soup_message_headers_set_content_type (response, CONTENT_TYPE, NULL);
  soup_message_headers_set_content_length (response, end - start + 1);
  if (status == SOUP_STATUS_PARTIAL_CONTENT)
    soup_message_headers_set_content_range (response, start, end, size);
  /* Straight from the mapping: no copy of the file in memory, and each part is let go once
   * written (libsoup's own range handling would flatten the body first). */
  soup_message_body_set_accumulate (body, FALSE);
  part = g_bytes_new_from_bytes (entry->bytes, start, end - start + 1);
  soup_message_body_append_bytes (body, part);
  soup_message_body_complete (body);
  soup_server_message_set_status (msg, status, NULL);
}

/* Building ------------------------------------------------------------------------------ */

static void
build_free (Build *b)
{
  g_free (b->db_path);
  g_free (b->key);
  g_free (b->division);
  g_free (b->department);
  g_free (b);
}

static void
built_free (Built *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->file, g_mapped_file_unref);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Built, built_free)

static gboolean
sql_fail (sqlite3     *handle,
          const char  *doing,
          GError     **error)
{
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Building the snapshot (%s): %s"), doing,
               handle ? sqlite3_errmsg (handle) : _("out of memory"));
  return FALSE;
}

static gboolean
exec (sqlite3     *handle,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_fail (handle, sql, error);
  return TRUE;
}

/* One statement with up to one text parameter; *changes (may be NULL) gets the rows it
 * changed, *value (may be NULL) the first column of its first row. */
static gboolean
run (sqlite3     *handle,
     const char  *sql,
     const char  *text,
     gint64      *value,
     gint64      *changes,
     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (handle, sql, error);
  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (value)
    *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_fail (handle, sql, error);
  if (changes)
    *changes = sqlite3_changes64 (handle);
  return TRUE;
}

static gboolean
set_meta (sqlite3     *handle,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (handle, "meta", error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : sql_fail (handle, "meta", error);
}

/* A virtual R*Tree table made anew from its own definition and filled by select: far
 * cheaper than deleting most of its rows one by one. */
static gboolean
rebuild_rtree (sqlite3     *handle,
               const char  *name,
               const char  *select,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *create = NULL;
  char *sql;
  gboolean ok;

  if (sqlite3_prepare_v2 (handle, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (handle, name, error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    create = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (create == NULL)
    return sql_fail (handle, name, error);
  sql = sqlite3_mprintf ("DROP TABLE \"%w\"", name);
  ok = exec (handle, sql, error);
  sqlite3_free (sql);
  if (!ok || !exec (handle, create, error))
    return FALSE;
  sql = sqlite3_mprintf ("INSERT INTO \"%w\" %s", name, select);
  ok = exec (handle, sql, error);
  sqlite3_free (sql);
  return ok;
}

/* Drops every trigger, keeping their definitions to create them again. */
static GPtrArray *
drop_triggers (sqlite3  *handle,
               GError  **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'", -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (handle, "triggers", error), NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (definitions, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_fail (handle, "triggers", error), NULL;
  for (guint i = 0; i < names->len; i++)
    {
      char *sql = sqlite3_mprintf ("DROP TRIGGER \"%w\"", (const char *) g_ptr_array_index (names, i));
      gboolean ok = exec (handle, sql, error);

      sqlite3_free (sql);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&definitions);
}

/* Cuts the copy at path down to what a seat of the jurisdiction may hold. */
static gboolean
cut (const char  *path,
     Build       *b,
     gint64      *seq,
     GError     **error)
{
  sqlite3 *handle = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autofree char *seq_text = NULL;
  gint64 version = 0, kept = 0, total = 0, changed = 0, pages = 0, free_pages = 0;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sql_fail (handle, "open", error);
      sqlite3_close (handle);
      return FALSE;
    }
  /* The copy is scratch until it is served: no journal, no syncs, no checks at each step. */
  if (!gw_fts_register (handle, error) ||
      !exec (handle, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;", error) ||
      !run (handle, "PRAGMA user_version", NULL, &version, NULL, error))
    goto out;
  if (version != GW_DB_SCHEMA_VERSION)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Building the snapshot: the county's database has schema %d, this server writes %d"),
                   (int) version, GW_DB_SCHEMA_VERSION);
      goto out;
    }
  /* The copy is consistent: its last change is where the seat catches up from. */
  if (!run (handle, "SELECT coalesce (max (seq), 0) FROM changes", NULL, seq, NULL, error) ||
      !exec (handle, "BEGIN", error) ||
      !(triggers = drop_triggers (handle, error)))
    goto out;

  /* Never on a seat: accounts, tokens, the server's command answers, outboxes, the logs. */
  if (!exec (handle,
             "DELETE FROM tokens; DELETE FROM users; DELETE FROM commands; DELETE FROM outbox;"
             "DELETE FROM audit; DELETE FROM changes;"
             "DELETE FROM meta WHERE key = 'audit_head' OR key LIKE 'sync\\_%' ESCAPE '\\';"
             "CREATE TEMP TABLE area (id INTEGER PRIMARY KEY);"
             "CREATE TEMP TABLE keep (id INTEGER PRIMARY KEY);", error))
    goto out;

  /* The jurisdiction: a division and all below it, or a department's tickets. */
  if (b->department)
    {
      if (!run (handle,
                "INSERT INTO temp.keep SELECT id FROM tickets"
                " WHERE department_id = (SELECT id FROM departments WHERE code = ?1)"
                " UNION SELECT ticket_id FROM ticket_departments"
                " WHERE department_id = (SELECT id FROM departments WHERE code = ?1)",
                b->department, NULL, NULL, error))
        goto out;
    }
  else if (!run (handle, "INSERT INTO temp.area SELECT id FROM divisions WHERE substr (code, 1, length (?1)) = ?1",
                 b->division, NULL, NULL, error) ||
           !exec (handle, "INSERT INTO temp.keep SELECT id FROM tickets WHERE division_id IN (SELECT id FROM temp.area)", error))
    goto out;
  if (!run (handle, "SELECT count(*) FROM temp.keep", NULL, &kept, NULL, error) ||
      !run (handle, "SELECT count(*) FROM tickets", NULL, &total, NULL, error))
    goto out;
  if (kept < total &&
      (!exec (handle,
              "DELETE FROM tickets WHERE id NOT IN (SELECT id FROM temp.keep);"
              "DELETE FROM ticket_departments WHERE ticket_id NOT IN (SELECT id FROM temp.keep);"
              "DELETE FROM attachments WHERE ticket_id NOT IN (SELECT id FROM temp.keep);"
              /* A ticket merged into one the seat will not hold keeps no link. */
              "UPDATE tickets SET merged_into = NULL"
              " WHERE merged_into IS NOT NULL AND merged_into NOT IN (SELECT id FROM temp.keep);"
              "INSERT INTO ticket_fts (ticket_fts) VALUES ('rebuild');", error) ||
       !rebuild_rtree (handle, "ticket_rtree", "SELECT id, lon, lon, lat, lat FROM tickets", error)))
    goto out;

  /* Cameras and grid workers of the area; none for a department. */
  if (!run (handle, "DELETE FROM cameras WHERE division_id NOT IN (SELECT id FROM temp.area)",
            NULL, NULL, &changed, error) ||
      (changed > 0 &&
       !rebuild_rtree (handle, "camera_rtree", "SELECT id, lon, lon, lat, lat FROM cameras", error)) ||
      !run (handle, "DELETE FROM workers WHERE grid_id NOT IN (SELECT id FROM temp.area)",
            NULL, NULL, &changed, error) ||
      (changed > 0 &&
       !rebuild_rtree (handle, "worker_rtree",
                       "SELECT id, lon, lon, lat, lat FROM workers WHERE lon IS NOT NULL", error)) ||
      !exec (handle, "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM attachments);", error))
    goto out;

  seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, *seq);
  if (!set_meta (handle, GW_DB_META_SNAPSHOT_SEQ, seq_text, error) ||
      !set_meta (handle, GW_DB_META_SNAPSHOT_OF, b->key, error))
    goto out;
  for (guint i = 0; i < triggers->len; i++)
    if (!exec (handle, g_ptr_array_index (triggers, i), error))
      goto out;
  if (!exec (handle, "DROP TABLE temp.keep; DROP TABLE temp.area; COMMIT;", error))
    goto out;

  /* Much was cut (a street of a county): the file shrinks to what is left. */
  if (!run (handle, "PRAGMA page_count", NULL, &pages, NULL, error) ||
      !run (handle, "PRAGMA freelist_count", NULL, &free_pages, NULL, error) ||
      (free_pages * 8 > pages && !exec (handle, "VACUUM", error)))
    goto out;
  g_debug ("Snapshot of %s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " tickets, sequence %" G_GINT64_FORMAT,
           b->key, kept, total, *seq);
  ok = TRUE;

out:
  if (sqlite3_close (handle) != SQLITE_OK && ok)
    ok = sql_fail (handle, "close", error);
  return ok;
}

/* Temporary files of a server that died while building. */
static void
remove_leftovers (const char *db_path)
{
  g_autofree char *dir_name = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *prefix = g_strconcat (base, ".snapshot-", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_name, 0, NULL);
  const char *name;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix))
        continue;
      path = g_build_filename (dir_name, name, NULL);
      if (g_stat (path, &st) == 0 && st.st_mtime < now - STALE_SECONDS)
        g_unlink (path);
    }
}

static Built *
build (Build   *b,
       GError **error)
{
  g_autofree char *path = g_strconcat (b->db_path, ".snapshot-XXXXXX", NULL);
  g_autoptr(Built) built = NULL;
  sqlite3 *source = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int fd, rc;

  remove_leftovers (b->db_path);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Building the snapshot: %s: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  close (fd);

  built = g_new0 (Built, 1);
  /* A read transaction on the county's database: writers go on meanwhile (WAL). */
  rc = sqlite3_open_v2 (b->db_path, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (source, 10000);
      rc = sqlite3_prepare_v2 (source, "VACUUM INTO ?", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
  if (rc != SQLITE_OK)
    sql_fail (source, "VACUUM INTO", error);
  sqlite3_finalize (stmt);
  sqlite3_close (source);
  if (rc != SQLITE_OK || !cut (path, b, &built->seq, error))
    goto fail;
  built->file = g_mapped_file_new (path, FALSE, error);
  if (built->file == NULL)
    goto fail;
  g_unlink (path);
  g_debug ("Snapshot of %s built in %.0f ms: %" G_GSIZE_FORMAT " bytes", b->key,
           (g_get_monotonic_time () - t0) / 1000.0, g_mapped_file_get_length (built->file));
  return g_steal_pointer (&built);

fail:
  g_unlink (path);
  return NULL;
}

static void
builder_func (gpointer data,
              gpointer pool_data)
{
  GTask *task = data;
  GError *error = NULL;
  Built *built = build (g_task_get_task_data (task), &error);

  if (built)
    g_task_return_pointer (task, built, (GDestroyNotify) built_free);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

/* The cache ------------------------------------------------------------------------------ */

static void
pool_free (GThreadPool *pool)
{
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
snapshots_clear (gpointer data)
{
  Snapshots *s = data;

  /* Only on the main context: every build's callback holds a reference. */
  g_clear_pointer (&s->builder, pool_free);
  g_clear_pointer (&s->entries, g_hash_table_unref);
  g_clear_object (&s->store);
  g_clear_object (&s->clock);
}

static void
snapshots_release (gpointer data)
{
  g_rc_box_release_full (data, snapshots_clear);
}

static void
entry_free (Entry *e)
{
  g_clear_handle_id (&e->expire_id, g_source_remove);
  g_clear_pointer (&e->bytes, g_bytes_unref);
  g_clear_pointer (&e->waiting, g_ptr_array_unref);
  g_free (e->key);
  g_free (e->etag);
  g_free (e);
}

static gboolean
on_expire (gpointer user_data)
{
  Entry *e = user_data;

  e->expire_id = 0;
  g_hash_table_remove (e->owner->entries, e->key);
  return G_SOURCE_REMOVE;
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Snapshots *s = user_data;
  Build *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(Built) built = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiting = NULL;
  Entry *e = s->entries ? g_hash_table_lookup (s->entries, b->key) : NULL;

  if (e == NULL)
    {
      snapshots_release (s);
      return;
    }
  waiting = g_steal_pointer (&e->waiting);
  if (built == NULL)
    {
      g_warning ("%s", error->message);
      g_hash_table_remove (s->entries, b->key);
    }
  else
    {
      e->bytes = g_mapped_file_get_bytes (built->file);
      e->seq = built->seq;
      e->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "-%08x%08x\"", built->seq, g_random_int (), g_random_int ());
      e->expire_id = g_timeout_add_seconds (GW_SERVER_SNAPSHOT_REUSE_SECONDS, on_expire, e);
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (waiting, i);

      if (built)
        serve (msg, e);
      else
        send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      soup_server_message_unpause (msg);
    }
  snapshots_release (s);
}

/* Requests ---------------------------------------------------------------------------- */

static void
request_free (Request *r)
{
  snapshots_release (r->owner);
  g_clear_object (&r->msg);
  g_free (r->token);
  g_free (r);
}

static gpointer
check_token_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  Request *r = data;

  return gw_accounts_check_token (db, r->token, r->now, error);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *r = user_data;
  Snapshots *s = r->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autofree char *key = NULL;
  const char *db_path = gw_store_get_path (s->store);
  Entry *e;

  if (user == NULL)
    {
      guint status = g_error_matches (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_DENIED) ||
                     g_error_matches (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED) ? 401
                   : g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED) ? 503 : 500;
      send_error (r->msg, status, error->message);
      goto done;
    }
  if (user->role == GW_ROLE_DEPARTMENT_HANDLER && user->department_code)
    key = g_strconcat ("department:", user->department_code, NULL);
  else if (user->role != GW_ROLE_DEPARTMENT_HANDLER && user->division_code)
    key = g_strconcat ("division:", user->division_code, NULL);
  else
    {
      send_error (r->msg, 403, _("Your account has no jurisdiction: there is nothing to copy"));
      goto done;
    }
  if (s->entries == NULL || db_path == NULL)
    {
      send_error (r->msg, 503, _("The server is stopping"));
      goto done;
    }

  e = g_hash_table_lookup (s->entries, key);
  if (e != NULL && e->bytes != NULL)
    {
      serve (r->msg, e);
      goto done;
    }
  if (e == NULL)
    {
      Build *b = g_new0 (Build, 1);
      GTask *task;

      e = g_new0 (Entry, 1);
      e->owner = s;
      e->key = g_strdup (key);
      e->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (s->entries, e->key, e);

      b->db_path = g_strdup (db_path);
      b->key = g_strdup (key);
      b->division = g_strdup (user->role == GW_ROLE_DEPARTMENT_HANDLER ? NULL : user->division_code);
      b->department = g_strdup (user->role == GW_ROLE_DEPARTMENT_HANDLER ? user->department_code : NULL);
      task = g_task_new (NULL, NULL, on_built, g_rc_box_acquire (s));
      g_task_set_source_tag (task, on_checked);
      g_task_set_task_data (task, b, (GDestroyNotify) build_free);
      g_thread_pool_push (s->builder, task, NULL);
    }
  /* Served when the build ends. */
  g_ptr_array_add (e->waiting, g_object_ref (r->msg));
  request_free (r);
  return;

done:
  soup_server_message_unpause (r->msg);
  request_free (r);
}

static void
on_snapshot (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Snapshots *s = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  Request *r;

  if (!g_str_equal (path, SNAPSHOT_PATH))
    {
      send_error (msg, 404, _("No such resource"));
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      send_error (msg, 405, _("The snapshot is read with GET"));
      return;
    }
  if (auth == NULL || !g_str_has_prefix (auth, "Bearer "))
    {
      send_error (msg, 401, _("Sign in first: send “Authorization: Bearer TOKEN”"));
      return;
    }
  r = g_new0 (Request, 1);
  r->owner = g_rc_box_acquire (s);
  r->msg = g_object_ref (msg);
  r->token = g_strdup (auth + strlen ("Bearer "));
  r->now = gw_clock_get_now (s->clock);
  soup_server_message_pause (msg);
  gw_store_read_async (s->store, check_token_func, r, NULL, (GDestroyNotify) gw_user_free, NULL, on_checked, r);
}

void
gw_server_snapshot_register (SoupServer *soup,
                             GwStore    *store,
                             GwClock    *clock)
{
  Snapshots *s;

  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (GW_IS_CLOCK (clock));

  s = g_rc_box_new0 (Snapshots);
  s->store = g_object_ref (store);
  s->clock = g_object_ref (clock);
  s->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  s->builder = g_thread_pool_new (builder_func, NULL, 1, FALSE, NULL);
  soup_server_add_handler (soup, SNAPSHOT_PATH, on_snapshot, s, snapshots_release);
}
