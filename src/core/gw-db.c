#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-fts.h"
#include "gw-time.h"

G_DEFINE_QUARK (gw-store-error-quark, gw_store_error)

struct _GwDb
{
  sqlite3    *handle;
  char       *path;
  GHashTable *statements;     /* SQL text -> sqlite3_stmt */
  /* Division cache, loaded on first use. */
  GPtrArray  *divisions;      /* of GwDbDivision, owned */
  GHashTable *division_by_id; /* gint64* -> GwDbDivision */
  GHashTable *division_by_code;
  GPtrArray  *finest;         /* divisions with a polygon and no child (brute force) */
  /* Point -> division: a lattice of cells over every boundary's box; each cell lists the
   * divisions whose box overlaps it, deepest level first. Built on first use. */
  GPtrArray **cells;
  guint       nx, ny;
  double      x0, y0, cell_w, cell_h;
};

/* Statements -------------------------------------------------------------------------- */

/* SQLite's generic words for its result codes, for the catalog. SQLite's own text is
 * replaced only when it is exactly one of these; a message of its own (naming a table,
 * a column or a constraint) is passed on as it is. */
static const struct {
  int         code;
  const char *text;
} sqlite_words[] = {
  { SQLITE_PERM, N_("access permission denied") },
  { SQLITE_BUSY, N_("database is locked") },
  { SQLITE_LOCKED, N_("database table is locked") },
  { SQLITE_NOMEM, N_("out of memory") },
  { SQLITE_READONLY, N_("attempt to write a readonly database") },
  { SQLITE_INTERRUPT, N_("interrupted") },
  { SQLITE_IOERR, N_("disk I/O error") },
  { SQLITE_CORRUPT, N_("database disk image is malformed") },
  { SQLITE_FULL, N_("database or disk is full") },
  { SQLITE_CANTOPEN, N_("unable to open database file") },
  { SQLITE_TOOBIG, N_("string or blob too big") },
  { SQLITE_CONSTRAINT, N_("constraint failed") },
  { SQLITE_NOTADB, N_("file is not a database") },
};

/* The connection's last error in the user's language where the catalog has it; message
 * is SQLite's text for it, or NULL for sqlite3_errmsg(). */
static const char *
sqlite_message (sqlite3    *handle,
                const char *message)
{
  int code = sqlite3_extended_errcode (handle);

  if (message == NULL)
    message = sqlite3_errmsg (handle);
  for (guint i = 0; i < G_N_ELEMENTS (sqlite_words); i++)
    if (sqlite_words[i].code == (code & 0xff) &&
        g_str_equal (message, sqlite_words[i].text) &&
        g_str_equal (message, sqlite3_errstr (code)))
      return _(sqlite_words[i].text);
  return message;
}

gboolean
_gw_db_set_error (GwDb        *self,
                  GError     **error,
                  const char  *doing)
{
  int code = sqlite3_extended_errcode (self->handle);
  int primary = code & 0xff;
  GwStoreError kind = GW_STORE_ERROR_SQL;

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    kind = GW_STORE_ERROR_CORRUPT;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
           code == SQLITE_CONSTRAINT_FOREIGNKEY)
    kind = GW_STORE_ERROR_INVALID;

  /* TRANSLATORS: what was being done (“saving a camera”), then SQLite's reason */
  g_set_error (error, GW_STORE_ERROR, kind, _("%s: %s"), doing, sqlite_message (self->handle, NULL));
  return FALSE;
}

sqlite3_stmt *
_gw_db_prepare (GwDb        *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _gw_db_set_error (self, error, _("preparing a query"));
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
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

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        t)
{
  if (t != 0)
    sqlite3_bind_int64 (stmt, index, t);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

gboolean
gw_db_exec (GwDb        *self,
            const char  *sql,
            GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      int primary = sqlite3_errcode (self->handle) & 0xff;
      g_set_error (error, GW_STORE_ERROR,
                   (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
                     ? GW_STORE_ERROR_CORRUPT : GW_STORE_ERROR_SQL,
                   "%s", sqlite_message (self->handle, msg));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_db_begin (GwDb    *self,
             GError **error)
{
  return gw_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
gw_db_commit (GwDb    *self,
              GError **error)
{
  return gw_db_exec (self, "COMMIT", error);
}

void
gw_db_rollback (GwDb *self)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (self->handle))
    return;
  if (!gw_db_exec (self, "ROLLBACK", &error))
    g_warning ("Rolling back failed: %s", error->message);
  _gw_db_divisions_changed (self);
}

/* Units of writing -------------------------------------------------------------------- */

gboolean
_gw_db_write_begin (GwDb        *self,
                    const char  *name,
                    gboolean    *outer,
                    GError     **error)
{
  g_autofree char *savepoint = g_strdup_printf ("SAVEPOINT %s", name);

  *outer = sqlite3_get_autocommit (self->handle);
  if (*outer && !gw_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!gw_db_exec (self, savepoint, error))
    {
      if (*outer)
        gw_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
_gw_db_write_release (GwDb        *self,
                      const char  *name,
                      gboolean     outer,
                      GError     **error)
{
  g_autofree char *release = g_strdup_printf ("RELEASE %s", name);

  if (!gw_db_exec (self, release, error))
    return FALSE;
  if (outer && !gw_db_exec (self, "COMMIT", error))
    return FALSE;
  return TRUE;
}

void
_gw_db_write_rollback (GwDb       *self,
                       const char *name,
                       gboolean    outer)
{
  g_autofree char *rollback = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", name, name);

  gw_db_exec (self, rollback, NULL);
  if (outer)
    gw_db_exec (self, "ROLLBACK", NULL);
}

/* Meta ------------------------------------------------------------------------------ */

char *
gw_db_get_meta (GwDb       *self,
                const char *key)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = column_text (stmt, 0);
  /* Reset at once: a statement left on its row keeps the connection's read snapshot. */
  sqlite3_reset (stmt);
  return value;
}

gboolean
gw_db_set_meta (GwDb        *self,
                const char  *key,
                const char  *value,
                GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?, ?)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("writing settings"));
  return TRUE;
}

/* Opening and migrating --------------------------------------------------------------- */

static int
query_user_version (GwDb *self)
{
  sqlite3_stmt *stmt;
  int version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
fill_division_rtree (GwDb    *self,
                     GError **error)
{
  sqlite3_stmt *sel, *ins;

  if (!(sel = _gw_db_prepare (self, "SELECT id, geometry FROM divisions WHERE geometry IS NOT NULL", error)) ||
      !(ins = _gw_db_prepare (self, "INSERT OR REPLACE INTO division_rtree VALUES (?, ?, ?, ?, ?)", error)))
    return FALSE;
  while (sqlite3_step (sel) == SQLITE_ROW)
    {
      g_autoptr(GwPolygon) polygon = NULL;
      double x0, y0, x1, y1;

      polygon = gw_polygon_from_blob (sqlite3_column_blob (sel, 1), sqlite3_column_bytes (sel, 1), error);
      if (polygon == NULL)
        return FALSE;
      gw_polygon_get_bbox (polygon, &x0, &y0, &x1, &y1);
      sqlite3_reset (ins);
      sqlite3_bind_int64 (ins, 1, sqlite3_column_int64 (sel, 0));
      sqlite3_bind_double (ins, 2, x0);
      sqlite3_bind_double (ins, 3, x1);
      sqlite3_bind_double (ins, 4, y0);
      sqlite3_bind_double (ins, 5, y1);
      if (sqlite3_step (ins) != SQLITE_DONE)
        return _gw_db_set_error (self, error, _("indexing division boundaries"));
    }
  sqlite3_reset (sel);
  return TRUE;
}

static gboolean
migrate (GwDb    *self,
         int      from,
         GError **error)
{
  if (!gw_db_begin (self, error))
    return FALSE;
  for (int v = from; v < GW_DB_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = NULL;

      if (!gw_db_exec (self, _gw_db_migrations[v], error))
        {
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), v + 1);
          gw_db_rollback (self);
          return FALSE;
        }
      if (v + 1 == 2 && !fill_division_rtree (self, error))
        {
          gw_db_rollback (self);
          return FALSE;
        }
      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!gw_db_exec (self, set_version, error))
        {
          gw_db_rollback (self);
          return FALSE;
        }
    }
  return gw_db_commit (self, error);
}

static void
statement_free (gpointer data)
{
  sqlite3_finalize (data);
}

GwDb *
gw_db_open (const char  *path,
            GError     **error)
{
  g_autoptr(GwDb) self = g_new0 (GwDb, 1);
  static gsize configured = 0;
  int version;

  if (g_once_init_enter (&configured))
    {
      /* SQLite's allocation statistics take one process-wide mutex on every allocation,
       * which connections on different threads (a server's readers) then queue on; nothing
       * reads them. Refused harmlessly if SQLite was started before. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
  self->path = g_strdup (path);
  /* Keyed by the SQL's address: every caller passes a string literal, so hashing the text
   * (long, on every call) would buy nothing. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);

  if (sqlite3_open_v2 (path, &self->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Cannot open the database “%s”: %s"), path,
                   self->handle ? sqlite_message (self->handle, NULL) : _("out of memory"));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  if (!gw_fts_register (self->handle, error))
    return NULL;

  /* A file that is not a database fails on the first read, here. A 64 MiB page cache keeps
   * a county's hot indexes (search, open tickets) in memory; the file is read through a
   * memory map, so a page the system already caches costs no copy and no system call (a
   * search's rows, one page each: a third of its time). */
  if (!gw_db_exec (self, "PRAGMA foreign_keys = ON;"
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA mmap_size = 2147483648;"
                         "PRAGMA cache_size = -65536;", error))
    {
      g_prefix_error (error, _("“%s” is not a usable Gridwatch database: "), path);
      (*error)->code = GW_STORE_ERROR_OPEN;
      return NULL;
    }

  version = query_user_version (self);
  if (version < 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("“%s” is not a usable Gridwatch database: %s"), path,
                   sqlite_message (self->handle, NULL));
      return NULL;
    }
  if (version > GW_DB_SCHEMA_VERSION)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Gridwatch (schema %d; this version reads up "
                     "to %d). Update Gridwatch to open it."), path, version, GW_DB_SCHEMA_VERSION);
      return NULL;
    }
  if (version == 0)
    {
      /* A new file, or some other SQLite database: refuse to write our tables into one
       * that already holds tables of its own. */
      sqlite3_stmt *stmt;
      int n_tables = 0;

      if (sqlite3_prepare_v2 (self->handle, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) == SQLITE_OK)
        {
          if (sqlite3_step (stmt) == SQLITE_ROW)
            n_tables = sqlite3_column_int (stmt, 0);
          sqlite3_finalize (stmt);
        }
      if (n_tables > 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                       _("“%s” is an SQLite database but not a Gridwatch one"), path);
          return NULL;
        }
    }
  if (version < GW_DB_SCHEMA_VERSION && !migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
db_division_free (gpointer data)
{
  GwDbDivision *d = data;

  g_free (d->code);
  g_free (d->name);
  g_clear_pointer (&d->polygon, gw_polygon_unref);
  g_free (d);
}

static void
clear_cells (GwDb *self)
{
  if (self->cells == NULL)
    return;
  for (guint i = 0; i < self->nx * self->ny; i++)
    g_clear_pointer (&self->cells[i], g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_free);
}

void
_gw_db_divisions_changed (GwDb *self)
{
  clear_cells (self);
  g_clear_pointer (&self->division_by_id, g_hash_table_unref);
  g_clear_pointer (&self->division_by_code, g_hash_table_unref);
  g_clear_pointer (&self->finest, g_ptr_array_unref);
  g_clear_pointer (&self->divisions, g_ptr_array_unref);
}

void
gw_db_free (GwDb *self)
{
  if (self == NULL)
    return;
  _gw_db_divisions_changed (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
gw_db_get_handle (GwDb *self)
{
  return self->handle;
}

const char *
gw_db_get_path (GwDb *self)
{
  return self->path;
}

int
gw_db_get_schema_version (GwDb *self)
{
  return query_user_version (self);
}

/* Division cache ---------------------------------------------------------------------- */

static gboolean
load_divisions (GwDb    *self,
                GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GHashTable) has_child = NULL;

  if (self->divisions != NULL)
    return TRUE;

  stmt = _gw_db_prepare (self, "SELECT id, code, name, level, parent_id, geometry FROM divisions ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  self->divisions = g_ptr_array_new_with_free_func (db_division_free);
  self->division_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->division_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->finest = g_ptr_array_new ();
  has_child = g_hash_table_new (g_int64_hash, g_int64_equal);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwDbDivision *d = g_new0 (GwDbDivision, 1);
      GwLevel level = GW_LEVEL_DISTRICT;

      d->id = sqlite3_column_int64 (stmt, 0);
      d->code = column_text (stmt, 1);
      d->name = column_text (stmt, 2);
      gw_level_from_string ((const char *) sqlite3_column_text (stmt, 3), &level);
      d->level = level;
      d->parent_id = sqlite3_column_int64 (stmt, 4);
      if (sqlite3_column_type (stmt, 5) == SQLITE_BLOB)
        {
          g_autoptr(GError) local_error = NULL;
          d->polygon = gw_polygon_from_blob (sqlite3_column_blob (stmt, 5),
                                             sqlite3_column_bytes (stmt, 5), &local_error);
          if (d->polygon == NULL)
            {
              g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT,
                           _("The boundary of division %s is damaged: %s"), d->code,
                           local_error->message);
              db_division_free (d);
              sqlite3_reset (stmt);
              _gw_db_divisions_changed (self);
              return FALSE;
            }
        }
      g_ptr_array_add (self->divisions, d);
      g_hash_table_insert (self->division_by_id, &d->id, d);
      g_hash_table_insert (self->division_by_code, d->code, d);
      if (d->parent_id)
        {
          GwDbDivision *parent = g_hash_table_lookup (self->division_by_id, &d->parent_id);
          if (parent)
            g_hash_table_add (has_child, &parent->id);
        }
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < self->divisions->len; i++)
    {
      GwDbDivision *d = g_ptr_array_index (self->divisions, i);
      if (d->polygon && !g_hash_table_contains (has_child, &d->id))
        g_ptr_array_add (self->finest, d);
    }
  return TRUE;
}

gboolean
_gw_db_load_divisions (GwDb    *self,
                       GError **error)
{
  return load_divisions (self, error);
}

const GwDbDivision *
_gw_db_division_by_id (GwDb   *self,
                       gint64  id)
{
  if (!load_divisions (self, NULL))
    return NULL;
  return g_hash_table_lookup (self->division_by_id, &id);
}

const GwDbDivision *
_gw_db_division_by_code (GwDb       *self,
                         const char *code)
{
  if (code == NULL || !load_divisions (self, NULL))
    return NULL;
  return g_hash_table_lookup (self->division_by_code, code);
}

static void
fill_chain (GwDb               *self,
            const GwDbDivision *d,
            char              **chain)
{
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_clear_pointer (&chain[i], g_free);
  while (d != NULL)
    {
      if (chain[d->level] == NULL)
        chain[d->level] = g_strdup (d->code);
      d = d->parent_id ? g_hash_table_lookup (self->division_by_id, &d->parent_id) : NULL;
    }
}

/* Keeps a loaded cache in step with an insert (reloading it would parse every boundary
 * again for each new division). */
static void
cache_add (GwDb               *self,
           gint64              id,
           const GwDivision   *division,
           const GwDbDivision *parent)
{
  GwDbDivision *d;

  if (self->divisions == NULL)
    return;
  clear_cells (self);
  d = g_new0 (GwDbDivision, 1);
  d->id = id;
  d->code = g_strdup (division->code);
  d->name = g_strdup (division->name);
  d->level = division->level;
  d->parent_id = parent ? parent->id : 0;
  d->polygon = division->polygon ? gw_polygon_ref (division->polygon) : NULL;
  g_ptr_array_add (self->divisions, d);
  g_hash_table_insert (self->division_by_id, &d->id, d);
  g_hash_table_insert (self->division_by_code, d->code, d);
  if (parent)
    g_ptr_array_remove (self->finest, (gpointer) parent);
  if (d->polygon)
    g_ptr_array_add (self->finest, d);
}

/* Inserting -------------------------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, "");
  if (error && *error)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}

static gboolean
code_is_digits (const char *code)
{
  gsize n = strlen (code);
  return n > 0 && n <= 32 && strspn (code, "0123456789") == n;
}

gint64
gw_db_insert_division (GwDb             *self,
                       const GwDivision *division,
                       GError          **error)
{
  const GwDbDivision *parent = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!load_divisions (self, error))
    return 0;
  if (!code_is_digits (division->code))
    return invalid (error, _("Division “%s”: a code is made of digits only"), division->code), 0;
  if (_gw_db_division_by_code (self, division->code) != NULL)
    return invalid (error, _("Division %s (%s) exists already"), division->code, division->name), 0;
  if (division->parent_code)
    {
      parent = _gw_db_division_by_code (self, division->parent_code);
      if (parent == NULL)
        return invalid (error, _("Division %s (%s): its parent %s is not in the database"),
                        division->code, division->name, division->parent_code), 0;
      if (!g_str_has_prefix (division->code, parent->code) ||
          strlen (division->code) <= strlen (parent->code))
        return invalid (error, _("Division %s (%s): a code must extend its parent's code %s"),
                        division->code, division->name, parent->code), 0;
      if (division->level <= parent->level)
        return invalid (error, _("Division %s (%s): a %s cannot be part of a %s"),
                        division->code, division->name, gw_level_to_string (division->level),
                        gw_level_to_string (parent->level)), 0;
    }

  stmt = _gw_db_prepare (self,
      "INSERT INTO divisions (code, name, level, parent_id, label_lon, label_lat, geometry, population)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, division->code);
  bind_text (stmt, 2, division->name);
  bind_text (stmt, 3, gw_level_to_string (division->level));
  bind_id (stmt, 4, parent ? parent->id : 0);
  sqlite3_bind_double (stmt, 5, division->label_lon);
  sqlite3_bind_double (stmt, 6, division->label_lat);
  if (division->polygon)
    {
      g_autoptr(GBytes) blob = gw_polygon_to_blob (division->polygon);
      gsize size;
      gconstpointer data = g_bytes_get_data (blob, &size);
      sqlite3_bind_blob (stmt, 7, data, size, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_int64 (stmt, 8, division->population);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("saving a division")), 0;
  id = sqlite3_last_insert_rowid (self->handle);

  if (division->polygon)
    {
      double x0, y0, x1, y1;

      stmt = _gw_db_prepare (self, "INSERT INTO division_rtree VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return 0;
      gw_polygon_get_bbox (division->polygon, &x0, &y0, &x1, &y1);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_double (stmt, 2, x0);
      sqlite3_bind_double (stmt, 3, x1);
      sqlite3_bind_double (stmt, 4, y0);
      sqlite3_bind_double (stmt, 5, y1);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _gw_db_set_error (self, error, _("indexing a division")), 0;
    }
  cache_add (self, id, division, parent);
  return id;
}

static gint64
department_id (GwDb        *self,
               const char  *code,
               GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT id FROM departments WHERE code = ?", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No department has the code %s"), code);
  return id;
}

gint64
gw_db_insert_department (GwDb               *self,
                         const GwDepartment *department,
                         GError            **error)
{
  const GwDbDivision *division = _gw_db_division_by_code (self, department->division_code);
  sqlite3_stmt *stmt;

  if (division == NULL)
    return invalid (error, _("Department %s (%s): division %s is not in the database"),
                    department->code, department->name, department->division_code), 0;
  stmt = _gw_db_prepare (self,
      "INSERT INTO departments (code, name, name_en, board, division_id) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, department->code);
  bind_text (stmt, 2, department->name);
  bind_text (stmt, 3, department->name_en);
  bind_text (stmt, 4, department->board);
  sqlite3_bind_int64 (stmt, 5, division->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->handle) == SQLITE_CONSTRAINT_UNIQUE)
        return invalid (error, _("Department %s exists already"), department->code), 0;
      return _gw_db_set_error (self, error, _("saving a department")), 0;
    }
  return sqlite3_last_insert_rowid (self->handle);
}

gint64
gw_db_insert_worker (GwDb           *self,
                     const GwWorker *worker,
                     GError        **error)
{
  const GwDbDivision *grid = _gw_db_division_by_code (self, worker->grid_code);
  sqlite3_stmt *stmt;

  if (grid == NULL)
    return invalid (error, _("Grid worker %s (%s): grid %s is not in the database"),
                    worker->code, worker->name, worker->grid_code), 0;
  stmt = _gw_db_prepare (self,
      "INSERT INTO workers (code, name, role, grid_id, phone, on_duty, lon, lat, seen_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, worker->code);
  bind_text (stmt, 2, worker->name);
  bind_text (stmt, 3, gw_worker_role_to_string (worker->role));
  sqlite3_bind_int64 (stmt, 4, grid->id);
  bind_text (stmt, 5, worker->phone);
  sqlite3_bind_int (stmt, 6, worker->on_duty ? 1 : 0);
  if (worker->has_position)
    {
      sqlite3_bind_double (stmt, 7, worker->lon);
      sqlite3_bind_double (stmt, 8, worker->lat);
    }
  bind_time (stmt, 9, worker->seen_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->handle) == SQLITE_CONSTRAINT_UNIQUE)
        return invalid (error, _("Grid worker %s exists already"), worker->code), 0;
      return _gw_db_set_error (self, error, _("saving a grid worker")), 0;
    }
  return sqlite3_last_insert_rowid (self->handle);
}

gint64
gw_db_insert_camera (GwDb           *self,
                     const GwCamera *camera,
                     GError        **error)
{
  const GwDbDivision *division = _gw_db_division_by_code (self, camera->division_code);
  sqlite3_stmt *stmt;

  if (division == NULL)
    return invalid (error, _("Camera %s (%s): division %s is not in the database"),
                    camera->id, camera->name, camera->division_code), 0;
  if (!camera->has_position)
    return invalid (error, _("Camera %s (%s) has no position"), camera->id, camera->name), 0;
  stmt = _gw_db_prepare (self,
      "INSERT INTO cameras (gb_id, name, division_id, lon, lat, main_uri, sub_uri, ptz, heading)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, camera->id);
  bind_text (stmt, 2, camera->name);
  sqlite3_bind_int64 (stmt, 3, division->id);
  sqlite3_bind_double (stmt, 4, camera->lon);
  sqlite3_bind_double (stmt, 5, camera->lat);
  bind_text (stmt, 6, camera->main_uri);
  bind_text (stmt, 7, camera->sub_uri);
  sqlite3_bind_int (stmt, 8, camera->ptz ? 1 : 0);
  sqlite3_bind_double (stmt, 9, camera->heading);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->handle) == SQLITE_CONSTRAINT_UNIQUE)
        return invalid (error, _("Camera %s exists already"), camera->id), 0;
      return _gw_db_set_error (self, error, _("saving a camera")), 0;
    }
  return sqlite3_last_insert_rowid (self->handle);
}

/* Binds the 28 columns from state to dispatcher_level, in the order the INSERT and the
 * UPDATE below list them, starting at parameter `first`. */
static void
bind_workflow (sqlite3_stmt   *stmt,
               int             first,
               const GwTicket *t,
               gint64          department_id)
{
  int i = first;

  bind_text (stmt, i++, gw_ticket_state_to_string (t->state));
  sqlite3_bind_int64 (stmt, i++, t->reported_at);
  sqlite3_bind_int64 (stmt, i++, t->updated_at ? t->updated_at : t->reported_at);
  bind_time (stmt, i++, t->closed_at);
  bind_text (stmt, i++, t->board);
  bind_id (stmt, i++, department_id);
  bind_time (stmt, i++, t->timer.deadline_at);
  bind_text (stmt, i++, gw_satisfaction_to_string (t->satisfaction));
  bind_text (stmt, i++, t->timer.stage ? gw_stage_to_string (t->timer.stage) : NULL);
  bind_time (stmt, i++, t->timer.started_at);
  bind_time (stmt, i++, t->timer.yellow_at);
  bind_time (stmt, i++, t->timer.red_at);
  bind_time (stmt, i++, t->timer.paused_at);
  bind_text (stmt, i++, t->timer.paused_at ? gw_ticket_state_to_string (t->paused_state) : NULL);
  bind_time (stmt, i++, t->dispatched_at);
  bind_time (stmt, i++, t->sign_deadline_at);
  bind_time (stmt, i++, t->signed_at);
  bind_time (stmt, i++, t->handle_deadline_at);
  bind_time (stmt, i++, t->reported_back_at);
  if (t->resolved >= 0)
    sqlite3_bind_int (stmt, i, t->resolved);
  i++;
  bind_time (stmt, i++, t->evaluated_at);
  sqlite3_bind_int64 (stmt, i++, t->reopen_count);
  sqlite3_bind_int64 (stmt, i++, t->supervise_count);
  bind_id (stmt, i++, t->merged_into);
  sqlite3_bind_int (stmt, i++, t->whistle ? 1 : 0);
  if (t->extension_seconds > 0)
    sqlite3_bind_int64 (stmt, i, t->extension_seconds);
  i++;
  bind_text (stmt, i++, t->extension_reason);
  bind_text (stmt, i++, t->dispatched_at ? gw_level_to_string (t->dispatcher_level) : NULL);
  g_assert (i == first + 28);
}

static gboolean
save_whistle (GwDb      *self,
              GwTicket  *t,
              GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = _gw_db_prepare (self, "DELETE FROM ticket_departments WHERE ticket_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, t->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("saving a ticket"));
  for (guint i = 0; i < t->whistle_departments->len; i++)
    {
      GwWhistleDepartment *w = g_ptr_array_index (t->whistle_departments, i);
      gint64 wid = department_id (self, w->department_code, error);

      if (wid == 0)
        return FALSE;
      stmt = _gw_db_prepare (self,
          "INSERT INTO ticket_departments (ticket_id, department_id, lead, deadline_at, reported_in_at)"
          " VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, t->id);
      sqlite3_bind_int64 (stmt, 2, wid);
      sqlite3_bind_int (stmt, 3, w->lead ? 1 : 0);
      bind_time (stmt, 4, w->deadline_at);
      bind_time (stmt, 5, w->reported_in_at);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _gw_db_set_error (self, error, _("saving a ticket"));
    }
  return TRUE;
}

gboolean
_gw_db_save_workflow (GwDb      *self,
                      GwTicket  *t,
                      GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 dept = 0;

  if (t->department_code && !(dept = department_id (self, t->department_code, error)))
    return FALSE;
  stmt = _gw_db_prepare (self,
      "UPDATE tickets SET (state, reported_at, updated_at, closed_at, board, department_id,"
      " deadline_at, satisfaction, stage, stage_started_at, yellow_at, red_at, paused_at,"
      " paused_state, dispatched_at, sign_deadline_at, signed_at, handle_deadline_at,"
      " reported_back_at, resolved, evaluated_at, reopen_count, supervise_count, merged_into,"
      " whistle, extension_seconds, extension_reason, dispatcher_level, urgency, level) ="
      " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_workflow (stmt, 1, t, dept);
  bind_text (stmt, 29, gw_urgency_to_string (t->urgency));
  bind_text (stmt, 30, gw_level_to_string (t->level));
  sqlite3_bind_int64 (stmt, 31, t->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (self, error, _("saving a ticket"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  return save_whistle (self, t, error);
}


gint64
gw_db_insert_ticket (GwDb      *self,
                     GwTicket  *ticket,
                     GError   **error)
{
  const GwDbDivision *finest;
  const GwDbDivision *chain_ids[GW_N_LEVELS] = { NULL, };
  const GwDbDivision *d;
  gint64 dept = 0;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!load_divisions (self, error))
    return 0;
  if (gw_ticket_get_division_code (ticket) == NULL)
    {
      if (!gw_db_locate (self, ticket->lon, ticket->lat, ticket->divisions, error))
        {
          if (error && *error)
            return 0;
          return invalid (error, _("Ticket %s: the point %.6f, %.6f lies outside every division"),
                          ticket->number ? ticket->number : "", ticket->lon, ticket->lat), 0;
        }
    }
  finest = _gw_db_division_by_code (self, gw_ticket_get_division_code (ticket));
  if (finest == NULL)
    return invalid (error, _("Ticket %s: division %s is not in the database"),
                    ticket->number ? ticket->number : "", gw_ticket_get_division_code (ticket)), 0;
  for (d = finest; d; d = d->parent_id ? _gw_db_division_by_id (self, d->parent_id) : NULL)
    chain_ids[d->level] = d;
  if (ticket->department_code && !(dept = department_id (self, ticket->department_code, error)))
    return 0;
  if (ticket->number == NULL)
    ticket->number = g_strdup_printf ("T%" G_GINT64_FORMAT "-%u", ticket->reported_at, g_random_int ());

  /* Columns 1-15 are the report; the rest its place in the closed loop. */
  stmt = _gw_db_prepare (self,
      "INSERT INTO tickets (number, source, category, urgency, level, lon, lat, division_id,"
      " street_id, community_id, grid_id, description, address, reporter, reporter_phone, state,"
      " reported_at, updated_at, closed_at, board, department_id, deadline_at, satisfaction,"
      " stage, stage_started_at, yellow_at, red_at, paused_at, paused_state, dispatched_at,"
      " sign_deadline_at, signed_at, handle_deadline_at, reported_back_at, resolved,"
      " evaluated_at, reopen_count, supervise_count, merged_into, whistle, extension_seconds,"
      " extension_reason, dispatcher_level, id)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, ticket->number);
  bind_text (stmt, 2, gw_source_to_string (ticket->source));
  bind_text (stmt, 3, ticket->category_code);
  bind_text (stmt, 4, gw_urgency_to_string (ticket->urgency));
  bind_text (stmt, 5, gw_level_to_string (ticket->level));
  sqlite3_bind_double (stmt, 6, ticket->lon);
  sqlite3_bind_double (stmt, 7, ticket->lat);
  sqlite3_bind_int64 (stmt, 8, finest->id);
  bind_id (stmt, 9, chain_ids[GW_LEVEL_STREET] ? chain_ids[GW_LEVEL_STREET]->id : 0);
  bind_id (stmt, 10, chain_ids[GW_LEVEL_COMMUNITY] ? chain_ids[GW_LEVEL_COMMUNITY]->id : 0);
  bind_id (stmt, 11, chain_ids[GW_LEVEL_GRID] ? chain_ids[GW_LEVEL_GRID]->id : 0);
  bind_text (stmt, 12, ticket->description);
  bind_text (stmt, 13, ticket->address);
  bind_text (stmt, 14, ticket->reporter);
  bind_text (stmt, 15, ticket->reporter_phone);
  bind_workflow (stmt, 16, ticket, dept);
  bind_id (stmt, 44, ticket->id);  /* a given id (a seat mirroring the server), else a new one */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->handle) == SQLITE_CONSTRAINT_UNIQUE)
        return invalid (error, _("Ticket %s exists already"), ticket->number), 0;
      return _gw_db_set_error (self, error, _("saving a ticket")), 0;
    }
  id = sqlite3_last_insert_rowid (self->handle);

  if (ticket->attachments->len > 0)
    {
      stmt = _gw_db_prepare (self,
          "INSERT INTO attachments (ticket_id, name, mime_type, size, sha256) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return 0;
      for (guint i = 0; i < ticket->attachments->len; i++)
        {
          GwAttachment *a = g_ptr_array_index (ticket->attachments, i);

          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, id);
          bind_text (stmt, 2, a->name);
          bind_text (stmt, 3, a->mime_type);
          sqlite3_bind_int64 (stmt, 4, a->size);
          bind_text (stmt, 5, a->sha256);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            return _gw_db_set_error (self, error, _("saving an attachment")), 0;
        }
    }
  ticket->id = id;
  if (ticket->whistle_departments->len > 0 && !save_whistle (self, ticket, error))
    return 0;
  return id;
}

/* Reading --------------------------------------------------------------------------- */

static GwDivision *
division_from_row (GwDb         *self,
                   sqlite3_stmt *stmt,
                   GError      **error)
{
  g_autoptr(GwDivision) d = gw_division_new ();
  GwLevel level = GW_LEVEL_DISTRICT;
  gint64 parent_id;

  /* columns: code, name, level, parent_id, label_lon, label_lat, geometry, population */
  d->code = column_text (stmt, 0);
  d->name = column_text (stmt, 1);
  gw_level_from_string ((const char *) sqlite3_column_text (stmt, 2), &level);
  d->level = level;
  parent_id = sqlite3_column_int64 (stmt, 3);
  if (parent_id)
    {
      const GwDbDivision *parent = _gw_db_division_by_id (self, parent_id);
      d->parent_code = parent ? g_strdup (parent->code) : NULL;
    }
  d->label_lon = sqlite3_column_double (stmt, 4);
  d->label_lat = sqlite3_column_double (stmt, 5);
  if (sqlite3_column_type (stmt, 6) == SQLITE_BLOB)
    {
      d->polygon = gw_polygon_from_blob (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6), error);
      if (d->polygon == NULL)
        {
          g_prefix_error (error, _("The boundary of division %s is damaged: "), d->code);
          return NULL;
        }
    }
  d->population = sqlite3_column_int64 (stmt, 7);
  return g_steal_pointer (&d);
}

#define DIVISION_COLUMNS "code, name, level, parent_id, label_lon, label_lat, geometry, population"

GwDivision *
gw_db_get_division (GwDb        *self,
                    const char  *code,
                    GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT " DIVISION_COLUMNS " FROM divisions WHERE code = ?", error);
  GwDivision *d;

  if (stmt == NULL || !load_divisions (self, error))
    return NULL;
  bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No division has the code %s"), code);
      return NULL;
    }
  d = division_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  return d;
}

GPtrArray *
gw_db_list_divisions (GwDb     *self,
                      int       level,
                      GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_division_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!load_divisions (self, error))
    return NULL;
  stmt = _gw_db_prepare (self, "SELECT " DIVISION_COLUMNS " FROM divisions"
                               " WHERE ?1 IS NULL OR level = ?1 ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  if (level >= 0)
    bind_text (stmt, 1, gw_level_to_string (level));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDivision *d = division_from_row (self, stmt, error);
      if (d == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (result, d);
    }
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading divisions")), NULL;
  return g_steal_pointer (&result);
}

GPtrArray *
gw_db_list_departments (GwDb    *self,
                        GError **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_department_unref);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT code, name, name_en, board, division_id FROM departments ORDER BY code", error);
  int rc;

  if (stmt == NULL || !load_divisions (self, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDepartment *d = gw_department_new ();
      const GwDbDivision *division = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 4));

      d->code = column_text (stmt, 0);
      d->name = column_text (stmt, 1);
      d->name_en = column_text (stmt, 2);
      d->board = column_text (stmt, 3);
      d->division_code = g_strdup (division ? division->code : NULL);
      g_ptr_array_add (result, d);
    }
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading departments")), NULL;
  return g_steal_pointer (&result);
}

GPtrArray *
gw_db_list_workers (GwDb    *self,
                    GError **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_worker_unref);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT code, name, role, grid_id, phone, on_duty, lon, lat, seen_at FROM workers ORDER BY code", error);
  int rc;

  if (stmt == NULL || !load_divisions (self, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwWorker *w = gw_worker_new ();
      const GwDbDivision *grid = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 3));
      GwWorkerRole role = GW_WORKER_ROLE_FULL_TIME;

      w->code = column_text (stmt, 0);
      w->name = column_text (stmt, 1);
      gw_worker_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role);
      w->role = role;
      w->grid_code = g_strdup (grid ? grid->code : NULL);
      w->phone = column_text (stmt, 4);
      w->on_duty = sqlite3_column_int (stmt, 5) != 0;
      w->has_position = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
      w->lon = sqlite3_column_double (stmt, 6);
      w->lat = sqlite3_column_double (stmt, 7);
      w->seen_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (result, w);
    }
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading grid workers")), NULL;
  return g_steal_pointer (&result);
}

GPtrArray *
gw_db_list_cameras (GwDb    *self,
                    GError **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_unref);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT gb_id, name, division_id, lon, lat, main_uri, sub_uri, ptz, heading FROM cameras ORDER BY gb_id", error);
  int rc;

  if (stmt == NULL || !load_divisions (self, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCamera *c = gw_camera_new ();
      const GwDbDivision *division = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 2));

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
      g_ptr_array_add (result, c);
    }
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading cameras")), NULL;
  return g_steal_pointer (&result);
}

#define TICKET_COLUMNS _GW_DB_TICKET_COLUMNS

static GwTicket *
ticket_from_row (GwDb         *self,
                 sqlite3_stmt *stmt)
{
  GwTicket *t = gw_ticket_new ();
  GwSource source = 0;
  GwUrgency urgency = 0;
  GwLevel level = 0;
  GwTicketState state = 0;
  GwSatisfaction satisfaction = 0;
  const GwDbDivision *d;

  t->id = sqlite3_column_int64 (stmt, 0);
  t->number = column_text (stmt, 1);
  gw_source_from_string ((const char *) sqlite3_column_text (stmt, 2), &source);
  t->source = source;
  t->category_code = column_text (stmt, 3);
  gw_urgency_from_string ((const char *) sqlite3_column_text (stmt, 4), &urgency);
  t->urgency = urgency;
  gw_level_from_string ((const char *) sqlite3_column_text (stmt, 5), &level);
  t->level = level;
  t->lon = sqlite3_column_double (stmt, 6);
  t->lat = sqlite3_column_double (stmt, 7);
  d = _gw_db_division_by_id (self, sqlite3_column_int64 (stmt, 8));
  if (d)
    fill_chain (self, d, t->divisions);
  t->description = column_text (stmt, 9);
  t->address = column_text (stmt, 10);
  t->reporter = column_text (stmt, 11);
  t->reporter_phone = column_text (stmt, 12);
  gw_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 13), &state);
  t->state = state;
  t->reported_at = sqlite3_column_int64 (stmt, 14);
  t->updated_at = sqlite3_column_int64 (stmt, 15);
  t->closed_at = sqlite3_column_int64 (stmt, 16);
  t->board = column_text (stmt, 17);
  t->department_code = column_text (stmt, 18);
  t->timer.deadline_at = sqlite3_column_int64 (stmt, 19);
  gw_satisfaction_from_string ((const char *) sqlite3_column_text (stmt, 20), &satisfaction);
  t->satisfaction = satisfaction;
  {
    GwStage stage = GW_STAGE_NONE;
    GwTicketState paused_state = GW_STATE_REPORTED;
    GwLevel dlevel = GW_LEVEL_DISTRICT;

    gw_stage_from_string ((const char *) sqlite3_column_text (stmt, 21), &stage);
    t->timer.stage = stage;
    t->timer.started_at = sqlite3_column_int64 (stmt, 22);
    t->timer.yellow_at = sqlite3_column_int64 (stmt, 23);
    t->timer.red_at = sqlite3_column_int64 (stmt, 24);
    t->timer.paused_at = sqlite3_column_int64 (stmt, 25);
    gw_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 26), &paused_state);
    t->paused_state = paused_state;
    t->dispatched_at = sqlite3_column_int64 (stmt, 27);
    t->sign_deadline_at = sqlite3_column_int64 (stmt, 28);
    t->signed_at = sqlite3_column_int64 (stmt, 29);
    t->handle_deadline_at = sqlite3_column_int64 (stmt, 30);
    t->reported_back_at = sqlite3_column_int64 (stmt, 31);
    t->resolved = sqlite3_column_type (stmt, 32) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 32);
    t->evaluated_at = sqlite3_column_int64 (stmt, 33);
    t->reopen_count = sqlite3_column_int64 (stmt, 34);
    t->supervise_count = sqlite3_column_int64 (stmt, 35);
    t->merged_into = sqlite3_column_int64 (stmt, 36);
    t->whistle = sqlite3_column_int (stmt, 37) != 0;
    t->extension_seconds = sqlite3_column_int64 (stmt, 38);
    t->extension_reason = column_text (stmt, 39);
    if (gw_level_from_string ((const char *) sqlite3_column_text (stmt, 40), &dlevel))
      t->dispatcher_level = dlevel;
  }
  return t;
}

static gboolean
load_attachments (GwDb      *self,
                  GwTicket  *t,
                  GError   **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT name, mime_type, size, sha256 FROM attachments WHERE ticket_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, t->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (t->attachments,
                     gw_attachment_new ((const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_int64 (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3)));
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_whistle (GwDb      *self,
              GwTicket  *t,
              GError   **error)
{
  sqlite3_stmt *stmt;

  if (!t->whistle)
    return TRUE;
  stmt = _gw_db_prepare (self,
      "SELECT d.code, w.lead, w.deadline_at, w.reported_in_at FROM ticket_departments w"
      " JOIN departments d ON d.id = w.department_id WHERE w.ticket_id = ?"
      " ORDER BY w.lead DESC, d.code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, t->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwWhistleDepartment *w = gw_whistle_department_new ((const char *) sqlite3_column_text (stmt, 0),
                                                          sqlite3_column_int (stmt, 1) != 0);
      w->deadline_at = sqlite3_column_int64 (stmt, 2);
      w->reported_in_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (t->whistle_departments, w);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GwTicket *
gw_db_get_ticket (GwDb     *self,
                  gint64    id,
                  GError  **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT " TICKET_COLUMNS " FROM tickets t WHERE t.id = ?", error);
  g_autoptr(GwTicket) t = NULL;

  if (stmt == NULL || !load_divisions (self, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No ticket has the id %lld"),
                   (long long) id);
      return NULL;
    }
  t = ticket_from_row (self, stmt);
  sqlite3_reset (stmt);
  if (!load_attachments (self, t, error) || !load_whistle (self, t, error))
    return NULL;
  return g_steal_pointer (&t);
}

/* Locating -------------------------------------------------------------------------- */

static int
deeper_first (gconstpointer a,
              gconstpointer b)
{
  const GwDbDivision *x = *(const GwDbDivision **) a, *y = *(const GwDbDivision **) b;

  if (x->level != y->level)
    return x->level > y->level ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
build_cells (GwDb *self)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  guint n = 0, side;

  for (guint i = 0; i < self->divisions->len; i++)
    {
      GwDbDivision *d = g_ptr_array_index (self->divisions, i);
      double a, b, c, e;

      if (d->polygon == NULL || gw_polygon_is_empty (d->polygon))
        continue;
      gw_polygon_get_bbox (d->polygon, &a, &b, &c, &e);
      x0 = MIN (x0, a);
      y0 = MIN (y0, b);
      x1 = MAX (x1, c);
      y1 = MAX (y1, e);
      n++;
    }
  /* About four cells per division: a cell holds a handful of candidates. */
  side = CLAMP ((guint) ceil (sqrt (MAX (n, 1) * 4.0)), 1, 1024);
  self->nx = self->ny = side;
  self->x0 = x0;
  self->y0 = y0;
  self->cell_w = n ? MAX ((x1 - x0) / side, 1e-9) : 1;
  self->cell_h = n ? MAX ((y1 - y0) / side, 1e-9) : 1;
  self->cells = g_new0 (GPtrArray *, side * side);
  if (n == 0)
    return;

  for (guint i = 0; i < self->divisions->len; i++)
    {
      GwDbDivision *d = g_ptr_array_index (self->divisions, i);
      double a, b, c, e;
      guint ix0, iy0, ix1, iy1;

      if (d->polygon == NULL || gw_polygon_is_empty (d->polygon))
        continue;
      gw_polygon_get_bbox (d->polygon, &a, &b, &c, &e);
      ix0 = MIN ((guint) ((a - x0) / self->cell_w), side - 1);
      iy0 = MIN ((guint) ((b - y0) / self->cell_h), side - 1);
      ix1 = MIN ((guint) ((c - x0) / self->cell_w), side - 1);
      iy1 = MIN ((guint) ((e - y0) / self->cell_h), side - 1);
      for (guint y = iy0; y <= iy1; y++)
        for (guint x = ix0; x <= ix1; x++)
          {
            GPtrArray **cell = &self->cells[y * side + x];
            if (*cell == NULL)
              *cell = g_ptr_array_new ();
            g_ptr_array_add (*cell, d);
          }
    }
  for (guint i = 0; i < side * side; i++)
    if (self->cells[i])
      g_ptr_array_sort (self->cells[i], deeper_first);
}

gboolean
gw_db_locate (GwDb        *self,
              double       lon,
              double       lat,
              char       **chain,
              GError     **error)
{
  GPtrArray *cell;
  double fx, fy;

  if (!load_divisions (self, error))
    return FALSE;
  if (self->cells == NULL)
    build_cells (self);
  fx = (lon - self->x0) / self->cell_w;
  fy = (lat - self->y0) / self->cell_h;
  if (!(fx >= 0 && fy >= 0 && fx <= self->nx && fy <= self->ny))
    return FALSE;
  cell = self->cells[MIN ((guint) fy, self->ny - 1) * self->nx + MIN ((guint) fx, self->nx - 1)];
  if (cell == NULL)
    return FALSE;
  for (guint i = 0; i < cell->len; i++)
    {
      const GwDbDivision *d = g_ptr_array_index (cell, i);

      /* Deepest first: the first boundary that holds the point is the answer. */
      if (gw_polygon_contains (d->polygon, lon, lat))
        {
          if (chain)
            fill_chain (self, d, chain);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
gw_db_locate_brute_force (GwDb        *self,
                          double       lon,
                          double       lat,
                          char       **chain,
                          GError     **error)
{
  if (!load_divisions (self, error))
    return FALSE;
  for (guint i = 0; i < self->finest->len; i++)
    {
      const GwDbDivision *d = g_ptr_array_index (self->finest, i);

      if (gw_polygon_contains (d->polygon, lon, lat))
        {
          if (chain)
            fill_chain (self, d, chain);
          return TRUE;
        }
    }
  return FALSE;
}

/* Figures and search ----------------------------------------------------------------- */

GHashTable *
gw_db_count_open_per_grid (GwDb    *self,
                           GError **error)
{
  g_autoptr(GHashTable) result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT d.code, count(*) FROM tickets t JOIN divisions d ON d.id = t.grid_id"
      " WHERE t.state NOT IN ('closed', 'rejected') GROUP BY t.grid_id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (result, column_text (stmt, 0), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("counting open tickets")), NULL;
  return g_steal_pointer (&result);
}

static GArray *
collect_ids (GwDb          *self,
             sqlite3_stmt  *stmt,
             const char    *doing,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, doing), NULL;
  return g_steal_pointer (&ids);
}

GArray *
gw_db_search_ticket_ids (GwDb        *self,
                         const char  *text,
                         guint        limit,
                         GError     **error)
{
  g_autofree char *match = gw_fts_match_expression (text);
  sqlite3_stmt *stmt;

  if (match == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The FTS rowid order is the ticket id order, which is the order of arrival: walking it
   * backwards gives the newest hits first without sorting every match. */
  stmt = _gw_db_prepare (self,
      "SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, limit);
  return collect_ids (self, stmt, _("searching tickets"), error);
}

static char *
like_escape (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

GArray *
gw_db_search_ticket_ids_like (GwDb        *self,
                              const char  *text,
                              guint        limit,
                              GError     **error)
{
  g_autofree char *pattern = like_escape (text);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT id FROM tickets"
      " WHERE description LIKE ?1 ESCAPE '\\' OR address LIKE ?1 ESCAPE '\\'"
      " ORDER BY id DESC LIMIT ?2", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, pattern);
  sqlite3_bind_int (stmt, 2, limit);
  return collect_ids (self, stmt, _("searching tickets"), error);
}

GPtrArray *
gw_db_get_tickets (GwDb          *self,
                   const GArray  *ids,
                   GError       **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  /* One read transaction for the whole set: each statement on its own would take and drop
   * the file's shared lock (an fcntl call each time). */
  gboolean own = sqlite3_get_autocommit (self->handle) && gw_db_exec (self, "BEGIN", NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      GwTicket *t = gw_db_get_ticket (self, g_array_index (ids, gint64, i), error);
      if (t == NULL)
        {
          if (own)
            gw_db_exec (self, "COMMIT", NULL);
          return NULL;
        }
      g_ptr_array_add (tickets, t);
    }
  if (own)
    gw_db_exec (self, "COMMIT", NULL);
  return g_steal_pointer (&tickets);
}

GPtrArray *
gw_db_search_tickets (GwDb        *self,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GArray) ids = gw_db_search_ticket_ids (self, text, limit, error);

  if (ids == NULL)
    return NULL;
  return gw_db_get_tickets (self, ids, error);
}

GArray *
gw_db_tickets_in_bbox (GwDb     *self,
                       double    min_lon,
                       double    min_lat,
                       double    max_lon,
                       double    max_lat,
                       GError  **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT id FROM ticket_rtree WHERE max_lon >= ?1 AND min_lon <= ?3"
      " AND max_lat >= ?2 AND min_lat <= ?4", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_double (stmt, 1, min_lon);
  sqlite3_bind_double (stmt, 2, min_lat);
  sqlite3_bind_double (stmt, 3, max_lon);
  sqlite3_bind_double (stmt, 4, max_lat);
  return collect_ids (self, stmt, _("searching tickets by place"), error);
}

static gboolean
count (GwDb        *self,
       const char  *sql,
       gint64       arg,
       gint64      *out,
       GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _gw_db_set_error (self, error, _("counting"));
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

GwSummary *
gw_db_get_summary (GwDb     *self,
                   gint64    now,
                   GError  **error)
{
  g_autoptr(GwSummary) s = g_new0 (GwSummary, 1);
  sqlite3_stmt *stmt;

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  s->now = now;

  if (!load_divisions (self, error))
    return NULL;

  stmt = _gw_db_prepare (self, "SELECT code, name FROM divisions WHERE parent_id IS NULL ORDER BY code LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      s->county_code = column_text (stmt, 0);
      s->county_name = column_text (stmt, 1);
    }
  sqlite3_reset (stmt);

  stmt = _gw_db_prepare (self, "SELECT level, count(*) FROM divisions GROUP BY level", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwLevel level;
      if (gw_level_from_string ((const char *) sqlite3_column_text (stmt, 0), &level))
        s->divisions[level] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  stmt = _gw_db_prepare (self, "SELECT state, count(*) FROM tickets GROUP BY state", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwTicketState state;
      gint64 n = sqlite3_column_int64 (stmt, 1);
      if (gw_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        {
          s->tickets_by_state[state] = n;
          if (gw_ticket_state_is_open (state))
            s->tickets_open += n;
        }
      s->tickets_total += n;
    }
  sqlite3_reset (stmt);

  if (!count (self, "SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'rejected')"
                    " AND urgency = 'emergency'", 0, &s->tickets_emergency_open, error) ||
      !count (self, "SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'rejected')"
                    " AND deadline_at IS NOT NULL AND deadline_at < ?", now, &s->tickets_overdue_open, error) ||
      !count (self, "SELECT count(*) FROM tickets WHERE reported_at >= ?",
              gw_time_start_of_day (now), &s->tickets_today, error) ||
      !count (self, "SELECT coalesce(max(reported_at), 0) FROM tickets", 0, &s->newest_ticket_at, error) ||
      !count (self, "SELECT count(*) FROM cameras", 0, &s->cameras, error) ||
      !count (self, "SELECT count(*) FROM workers", 0, &s->workers, error) ||
      !count (self, "SELECT count(*) FROM workers WHERE on_duty", 0, &s->workers_on_duty, error) ||
      !count (self, "SELECT count(*) FROM departments", 0, &s->departments, error))
    return NULL;

  return g_steal_pointer (&s);
}

/* Content hash ------------------------------------------------------------------------ */

static gboolean
hash_query (GwDb        *self,
            GChecksum   *sum,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return _gw_db_set_error (self, error, _("hashing the content"));
  g_checksum_update (sum, (const guchar *) sql, -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      for (int i = 0; i < n; i++)
        {
          int type = sqlite3_column_type (stmt, i);
          guchar tag = (guchar) type;

          g_checksum_update (sum, &tag, 1);
          if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
            {
              /* Text form: identical for identical values on any machine. */
              char buf[64];
              if (type == SQLITE_INTEGER)
                g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
              else
                g_ascii_dtostr (buf, sizeof buf, sqlite3_column_double (stmt, i));
              g_checksum_update (sum, (const guchar *) buf, strlen (buf) + 1);
            }
          else if (type != SQLITE_NULL)
            {
              const void *data = type == SQLITE_BLOB ? sqlite3_column_blob (stmt, i)
                                                     : (const void *) sqlite3_column_text (stmt, i);
              int size = sqlite3_column_bytes (stmt, i);
              g_checksum_update (sum, (const guchar *) &size, sizeof size);
              g_checksum_update (sum, data, size);
            }
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("hashing the content"));
  return TRUE;
}

char *
gw_db_content_hash (GwDb    *self,
                    GError **error)
{
  static const char *const queries[] = {
    "SELECT key, value FROM meta WHERE key NOT LIKE 'generated-%' ORDER BY key",
    "SELECT * FROM divisions ORDER BY id",
    "SELECT * FROM departments ORDER BY id",
    "SELECT * FROM workers ORDER BY id",
    "SELECT * FROM cameras ORDER BY id",
    "SELECT * FROM tickets ORDER BY id",
    "SELECT * FROM attachments ORDER BY id",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    if (!hash_query (self, sum, queries[i], error))
      return NULL;
  return g_strdup (g_checksum_get_string (sum));
}

/* Pages and changes ---------------------------------------------------------------------- */

GPtrArray *
gw_db_list_tickets_page (GwDb        *self,
                         gint64       after_id,
                         guint        limit,
                         const char  *division_code,
                         const char  *department_code,
                         GError     **error)
{
  g_autofree char *prefix_end = NULL;
  sqlite3_stmt *stmt;
  gint64 dept = 0;
  int rc;

  if (!load_divisions (self, error))
    return NULL;
  if (department_code && !(dept = department_id (self, department_code, error)))
    return NULL;
  if (division_code && *division_code == '\0')
    division_code = NULL;
  prefix_end = division_code ? _gw_db_code_prefix_end (division_code) : NULL;
  stmt = _gw_db_prepare (self, "SELECT t.id FROM tickets t WHERE " _GW_DB_PAGE_WHERE, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  bind_text (stmt, 2, division_code);
  bind_text (stmt, 5, prefix_end);
  bind_id (stmt, 3, dept);
  sqlite3_bind_int (stmt, 4, limit);
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      return _gw_db_set_error (self, error, _("reading tickets")), NULL;
    return gw_db_get_tickets (self, ids, error);
  }
}

gint64
gw_db_get_last_change (GwDb    *self,
                       GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT coalesce (max (seq), 0) FROM changes", error);
  gint64 seq;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _gw_db_set_error (self, error, _("reading the change log")), -1;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

GPtrArray *
gw_db_get_changes (GwDb     *self,
                   gint64    since,
                   guint     limit,
                   GArray  **seqs,
                   GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) at = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT ticket_id, max (seq) AS last FROM changes WHERE seq > ?1"
      " GROUP BY ticket_id ORDER BY last LIMIT ?2", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0), seq = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (ids, id);
      g_array_append_val (at, seq);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading the change log")), NULL;
  if (seqs)
    *seqs = g_steal_pointer (&at);
  return gw_db_get_tickets (self, ids, error);
}

gboolean
gw_db_upsert_ticket (GwDb      *self,
                     GwTicket  *ticket,
                     GError   **error)
{
  gboolean outer;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ticket->id > 0, FALSE);

  if (!_gw_db_write_begin (self, "gw_upsert", &outer, error))
    return FALSE;
  stmt = _gw_db_prepare (self, "DELETE FROM tickets WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, ticket->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (self, error, _("saving a ticket"));
      sqlite3_reset (stmt);
      goto fail;
    }
  sqlite3_reset (stmt);
  if (gw_db_insert_ticket (self, ticket, error) == 0 || !_gw_db_write_release (self, "gw_upsert", outer, error))
    goto fail;
  return TRUE;

fail:
  _gw_db_write_rollback (self, "gw_upsert", outer);
  return FALSE;
}
