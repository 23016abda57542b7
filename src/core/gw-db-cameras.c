/* gw-db-cameras.c: the camera directory's reads — every camera with its place, and the
 * cameras near a point or in a division. */
#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-cameras.h"
#include "gw-db-private.h"
#include "gw-db-related.h"

/* What an entry reads, in the order read_entry() takes it. */
#define ENTRY_COLUMNS \
  "c.id, c.gb_id, c.name, c.division_id, c.lon, c.lat, c.heading, c.ptz," \
  " coalesce (c.main_uri, '') <> '', coalesce (c.sub_uri, '') <> ''"

/* A division chain deeper than this is a loop in the data, not a county. */
#define MAX_DEPTH 16

/* Entries ------------------------------------------------------------------------------ */

static void
release (const char *ref_string)
{
  if (ref_string != NULL)
    g_ref_string_release ((char *) ref_string);
}

static void
entry_clear (gpointer data)
{
  GwCameraEntry *self = data;

  g_free (self->gb_id);
  g_free (self->name);
  release (self->division_code);
  release (self->grid_code);
  release (self->grid_name);
  release (self->community_code);
  release (self->community_name);
  release (self->street_code);
  release (self->street_name);
}

G_DEFINE_BOXED_TYPE (GwCameraEntry, gw_camera_entry, gw_camera_entry_ref, gw_camera_entry_unref)

GwCameraEntry *
gw_camera_entry_ref (GwCameraEntry *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_camera_entry_unref (GwCameraEntry *self)
{
  g_atomic_rc_box_release_full (self, entry_clear);
}

static const char *
place_key (const GwCameraEntry *e)
{
  if (e->grid_code != NULL)
    return e->grid_code;
  if (e->community_code != NULL)
    return e->community_code;
  return e->street_code != NULL ? e->street_code : "";
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const GwCameraEntry *ea = *(GwCameraEntry *const *) a, *eb = *(GwCameraEntry *const *) b;
  int c = strcmp (place_key (ea), place_key (eb));

  if (c == 0)
    c = strcmp (ea->name, eb->name);
  if (c == 0)
    c = ea->id < eb->id ? -1 : ea->id > eb->id;
  return c;
}

/* Places: the divisions' names and parents, no boundaries ------------------------------ */

typedef struct _Place Place;
struct _Place {
  gint64    id;
  gint64    parent_id;
  GwLevel   level;
  char     *code;   /* GRefString */
  char     *name;   /* GRefString */
  gboolean  resolved;
  Place    *grid;
  Place    *community;
  Place    *street;
};

static void
place_free (Place *p)
{
  release (p->code);
  release (p->name);
  g_free (p);
}

/* Every division by id (Place), or NULL with error set. */
static GHashTable *
load_places (GwDb    *self,
             GError **error)
{
  g_autoptr(GHashTable) places = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) place_free);
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT id, coalesce (parent_id, 0), level, code, name FROM divisions",
                                       error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Place *p = g_new0 (Place, 1);
      const char *level = (const char *) sqlite3_column_text (stmt, 2);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->parent_id = sqlite3_column_int64 (stmt, 1);
      if (level == NULL || !gw_level_from_string (level, &p->level))
        p->level = GW_LEVEL_MICROGRID;
      p->code = g_ref_string_new ((const char *) sqlite3_column_text (stmt, 3));
      p->name = g_ref_string_new ((const char *) sqlite3_column_text (stmt, 4));
      g_hash_table_insert (places, &p->id, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading the divisions of the cameras")), NULL;
  return g_steal_pointer (&places);
}

/* Fills the place's grid, community and street from its chain (itself included), once. */
static void
resolve (GHashTable *places,
         Place      *place)
{
  Place *p = place;

  if (place->resolved)
    return;
  place->resolved = TRUE;
  for (guint depth = 0; p != NULL && depth < MAX_DEPTH; depth++)
    {
      if (p->level == GW_LEVEL_GRID && place->grid == NULL)
        place->grid = p;
      else if (p->level == GW_LEVEL_COMMUNITY && place->community == NULL)
        place->community = p;
      else if (p->level == GW_LEVEL_STREET && place->street == NULL)
        place->street = p;
      p = p->parent_id != 0 ? g_hash_table_lookup (places, &p->parent_id) : NULL;
    }
}

static const char *
acquire (const char *ref_string)
{
  return ref_string != NULL ? g_ref_string_acquire ((char *) ref_string) : NULL;
}

/* The entry of the row stmt is on (ENTRY_COLUMNS), with its place from places. */
static GwCameraEntry *
read_entry (sqlite3_stmt *stmt,
            GHashTable   *places)
{
  GwCameraEntry *e = g_atomic_rc_box_new0 (GwCameraEntry);
  gint64 division_id = sqlite3_column_int64 (stmt, 3);
  Place *place = g_hash_table_lookup (places, &division_id);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->gb_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  e->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  e->lon = sqlite3_column_double (stmt, 4);
  e->lat = sqlite3_column_double (stmt, 5);
  e->heading = sqlite3_column_double (stmt, 6);
  e->ptz = sqlite3_column_int (stmt, 7) != 0;
  e->has_main = sqlite3_column_int (stmt, 8) != 0;
  e->has_sub = sqlite3_column_int (stmt, 9) != 0;
  if (e->gb_id == NULL)
    e->gb_id = g_strdup ("");
  if (e->name == NULL)
    e->name = g_strdup ("");
  if (place != NULL)
    {
      resolve (places, place);
      e->division_code = acquire (place->code);
      if (place->grid != NULL)
        {
          e->grid_code = acquire (place->grid->code);
          e->grid_name = acquire (place->grid->name);
        }
      if (place->community != NULL)
        {
          e->community_code = acquire (place->community->code);
          e->community_name = acquire (place->community->name);
        }
      if (place->street != NULL)
        {
          e->street_code = acquire (place->street->code);
          e->street_name = acquire (place->street->name);
        }
    }
  return e;
}

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

/* Every camera ------------------------------------------------------------------------- */

static GPtrArray *
list_entries (GwDb     *self,
              GError  **error)
{
  g_autoptr(GHashTable) places = load_places (self, error);
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (places == NULL)
    return NULL;
  stmt = _gw_db_prepare (self, "SELECT " ENTRY_COLUMNS " FROM cameras c", error);
  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_entry_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, read_entry (stmt, places));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading cameras")), NULL;
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

GPtrArray *
gw_db_list_camera_entries (GwDb     *self,
                           GError  **error)
{
  gboolean own = begin_read (self);
  GPtrArray *entries = list_entries (self, error);

  end_read (self, own);
  return entries;
}

/* Near a point ------------------------------------------------------------------------- */

static GPtrArray *
nearest_entries (GwDb     *self,
                 double    lon,
                 double    lat,
                 guint     n,
                 GError  **error)
{
  g_autoptr(GPtrArray) nearby = gw_db_list_nearest_cameras (self, lon, lat, n, error);
  g_autoptr(GHashTable) places = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (nearby == NULL)
    return NULL;
  entries = g_ptr_array_new_full (nearby->len, (GDestroyNotify) gw_camera_entry_unref);
  if (nearby->len == 0)
    return g_steal_pointer (&entries);
  places = load_places (self, error);
  if (places == NULL)
    return NULL;
  for (guint i = 0; i < nearby->len; i++)
    {
      const GwNearbyCamera *near = g_ptr_array_index (nearby, i);
      sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT " ENTRY_COLUMNS " FROM cameras c WHERE c.id = ?1", error);
      GwCameraEntry *e;
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, near->id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No camera has the id %lld"),
                         (long long) near->id);
          else
            _gw_db_set_error (self, error, _("reading cameras"));
          sqlite3_reset (stmt);
          return NULL;
        }
      e = read_entry (stmt, places);
      sqlite3_reset (stmt);
      e->distance_m = near->distance_m;
      g_ptr_array_add (entries, e);
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
gw_db_list_nearest_camera_entries (GwDb     *self,
                                   double    lon,
                                   double    lat,
                                   guint     n,
                                   GError  **error)
{
  gboolean own = begin_read (self);
  GPtrArray *entries = nearest_entries (self, lon, lat, n, error);

  end_read (self, own);
  return entries;
}

/* In a division ------------------------------------------------------------------------ */

static gboolean
is_under (GHashTable *places,
          gint64      division_id,
          gint64      ancestor_id)
{
  for (guint depth = 0; division_id != 0 && depth < MAX_DEPTH; depth++)
    {
      Place *p = g_hash_table_lookup (places, &division_id);

      if (p == NULL)
        return FALSE;
      if (p->id == ancestor_id)
        return TRUE;
      division_id = p->parent_id;
    }
  return FALSE;
}

static GPtrArray *
entries_in_division (GwDb        *self,
                     const char  *code,
                     GError     **error)
{
  g_autoptr(GHashTable) places = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *code_end = NULL;
  sqlite3_stmt *stmt;
  gint64 division_id;
  int rc;

  stmt = _gw_db_prepare (self, "SELECT id FROM divisions WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  division_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No division has the code %s"), code);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (self, error, _("reading cameras")), NULL;

  places = load_places (self, error);
  if (places == NULL)
    return NULL;
  /* The codes that extend `code` (an index range), then only those truly under it: a
   * code extending another is not always its child's. */
  code_end = _gw_db_code_prefix_end (code);
  stmt = _gw_db_prepare (self, "SELECT " ENTRY_COLUMNS " FROM cameras c"
                               " WHERE c.division_id IN (SELECT id FROM divisions WHERE code >= ?1 AND code < ?2)",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, code_end, -1, SQLITE_TRANSIENT);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_entry_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (is_under (places, sqlite3_column_int64 (stmt, 3), division_id))
      g_ptr_array_add (entries, read_entry (stmt, places));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (self, error, _("reading cameras")), NULL;
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

GPtrArray *
gw_db_list_camera_entries_in_division (GwDb        *self,
                                       const char  *code,
                                       GError     **error)
{
  gboolean own;
  GPtrArray *entries;

  g_return_val_if_fail (code != NULL, NULL);

  own = begin_read (self);
  entries = entries_in_division (self, code, error);
  end_read (self, own);
  return entries;
}

/* On the store's readers --------------------------------------------------------------- */

typedef struct {
  double  lon;
  double  lat;
  guint   n;
  char   *code;
} Request;

static void
request_free (Request *r)
{
  g_free (r->code);
  g_free (r);
}

static gpointer
list_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  return gw_db_list_camera_entries (db, error);
}

static gpointer
nearest_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  Request *r = data;

  return gw_db_list_nearest_camera_entries (db, r->lon, r->lat, r->n, error);
}

static gpointer
in_division_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  Request *r = data;

  return gw_db_list_camera_entries_in_division (db, r->code, error);
}

void
gw_store_list_camera_entries_async (GwStore             *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  gw_store_read_async (self, list_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, cancellable, callback,
                       user_data);
}

GPtrArray *
gw_store_list_camera_entries_finish (GwStore       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return gw_store_read_finish (self, result, error);
}

void
gw_store_list_nearest_camera_entries_async (GwStore             *self,
                                            double               lon,
                                            double               lat,
                                            guint                n,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Request *r = g_new0 (Request, 1);

  r->lon = lon;
  r->lat = lat;
  r->n = n;
  gw_store_read_async (self, nearest_func, r, (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
gw_store_list_nearest_camera_entries_finish (GwStore       *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return gw_store_read_finish (self, result, error);
}

void
gw_store_list_camera_entries_in_division_async (GwStore             *self,
                                                const char          *code,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  Request *r = g_new0 (Request, 1);

  g_return_if_fail (code != NULL);

  r->code = g_strdup (code);
  gw_store_read_async (self, in_division_func, r, (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
gw_store_list_camera_entries_in_division_finish (GwStore       *self,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  return gw_store_read_finish (self, result, error);
}
