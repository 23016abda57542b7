/* The camera directory's reads (gw-db-cameras): every camera with its place, the nearest
 * to a point, those in a division, and the same through the store's readers — each checked
 * against the rows and the division chain read one by one, on the small demo county in a
 * real SQLite file.
 *
 * GW_CAMERAS_TEST_DB=path also times the reads on that county (the real scale:
 * gridwatchctl demo --profile tongnan).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-db-cameras.h"
#include "gw-db-related.h"
#include "gw-geo.h"
#include "test-county.h"

#define NOW G_GINT64_CONSTANT (1795330800)  /* 2026-11-23T08:00:00+08:00 */

static char *tmpdir;
static char *path;
static GwDb *db;

static gint64
count_cameras (GwDb *d)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (d), "SELECT count (*) FROM cameras", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The oracle for one camera: its row and its chain walked with gw_db_get_division. */
static void
assert_entry (const GwCameraEntry *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCamera) camera = gw_db_get_camera (db, e->id, &error);
  g_autofree char *code = NULL;
  const char *grid = NULL, *grid_name = NULL, *community = NULL, *community_name = NULL;
  const char *street = NULL, *street_name = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_division_unref);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpstr (e->gb_id, ==, camera->id);
  g_assert_cmpuint (strlen (e->gb_id), ==, 20);
  g_assert_cmpstr (e->name, ==, camera->name);
  g_assert_cmpfloat (e->lon, ==, camera->lon);
  g_assert_cmpfloat (e->lat, ==, camera->lat);
  g_assert_cmpfloat (e->heading, ==, camera->heading);
  g_assert_cmpint (e->ptz, ==, camera->ptz);
  g_assert_cmpint (e->has_main, ==, camera->main_uri != NULL && *camera->main_uri);
  g_assert_cmpint (e->has_sub, ==, camera->sub_uri != NULL && *camera->sub_uri);

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT d.code FROM cameras c JOIN divisions d ON d.id = c.division_id"
                                       " WHERE c.id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, e->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (e->division_code, ==, code);

  for (char *c = g_strdup (code); c != NULL; )
    {
      GwDivision *d = gw_db_get_division (db, c, &error);

      g_assert_no_error (error);
      g_ptr_array_add (chain, d);
      g_free (c);
      c = g_strdup (d->parent_code);
    }
  for (guint i = 0; i < chain->len; i++)
    {
      GwDivision *d = g_ptr_array_index (chain, i);

      if (d->level == GW_LEVEL_GRID)
        grid = d->code, grid_name = d->name;
      else if (d->level == GW_LEVEL_COMMUNITY)
        community = d->code, community_name = d->name;
      else if (d->level == GW_LEVEL_STREET)
        street = d->code, street_name = d->name;
    }
  g_assert_cmpstr (e->grid_code, ==, grid);
  g_assert_cmpstr (e->grid_name, ==, grid_name);
  g_assert_cmpstr (e->community_code, ==, community);
  g_assert_cmpstr (e->community_name, ==, community_name);
  g_assert_cmpstr (e->street_code, ==, street);
  g_assert_cmpstr (e->street_name, ==, street_name);
}

static const char *
place_of (const GwCameraEntry *e)
{
  return e->grid_code ? e->grid_code : e->community_code ? e->community_code : e->street_code ? e->street_code : "";
}

/* Every camera once, each as its row and chain say, in the tree's order. */
static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 start = g_get_monotonic_time ();
  guint in_grid = 0, ptz = 0;

  entries = gw_db_list_camera_entries (db, &error);
  g_assert_no_error (error);
  g_test_message ("%u cameras listed in %.1f ms", entries->len, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (entries->len, ==, count_cameras (db));
  g_assert_cmpuint (entries->len, >, 100);

  for (guint i = 0; i < entries->len; i++)
    {
      GwCameraEntry *e = g_ptr_array_index (entries, i);

      g_assert_true (g_hash_table_add (seen, &e->id));
      assert_entry (e);
      g_assert_cmpfloat (e->distance_m, ==, 0.0);
      in_grid += e->grid_code != NULL;
      ptz += e->ptz;
      if (e->grid_code)
        {
          g_assert_true (g_str_has_prefix (e->division_code, e->grid_code));
          g_assert_true (g_str_has_prefix (e->grid_code, e->community_code));
          g_assert_true (g_str_has_prefix (e->community_code, e->street_code));
        }
      if (i > 0)
        {
          GwCameraEntry *p = g_ptr_array_index (entries, i - 1);
          int c = strcmp (place_of (p), place_of (e));

          g_assert_cmpint (c, <=, 0);
          if (c == 0)
            g_assert_cmpint (strcmp (p->name, e->name) < 0 || (strcmp (p->name, e->name) == 0 && p->id < e->id),
                             ==, TRUE);
        }
    }
  /* The demo puts every camera in a grid, and about a fifth are PTZ. */
  g_assert_cmpuint (in_grid, ==, entries->len);
  g_assert_cmpuint (ptz, >, 0);
  g_assert_cmpuint (ptz, <, entries->len);
}

/* The nearest: gw_db_list_nearest_cameras()'s answer, as entries with their places. */
static void
assert_nearest (double lon,
                double lat,
                guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = gw_db_list_nearest_cameras (db, lon, lat, n, &error);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_no_error (error);
  entries = gw_db_list_nearest_camera_entries (db, lon, lat, n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, cameras->len);
  for (guint i = 0; i < entries->len; i++)
    {
      GwCameraEntry *e = g_ptr_array_index (entries, i);
      GwNearbyCamera *c = g_ptr_array_index (cameras, i);

      g_assert_cmpint (e->id, ==, c->id);
      g_assert_cmpfloat (e->distance_m, ==, c->distance_m);
      g_assert_cmpfloat_with_epsilon (gw_distance_m (lon, lat, e->lon, e->lat), e->distance_m, 1e-6);
      if (i > 0)
        g_assert_cmpfloat (((GwCameraEntry *) g_ptr_array_index (entries, i - 1))->distance_m, <=, e->distance_m);
      assert_entry (e);
    }
}

static void
test_nearest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gw_db_list_camera_entries (db, &error);
  g_autoptr(GPtrArray) none = NULL;
  GwCameraEntry *on;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i += all->len / 9)
    {
      GwCameraEntry *e = g_ptr_array_index (all, i);

      assert_nearest (e->lon + 0.001, e->lat - 0.0007, 16);
    }
  /* On a camera: itself first, at no distance. */
  on = g_ptr_array_index (all, all->len / 3);
  {
    g_autoptr(GPtrArray) first = gw_db_list_nearest_camera_entries (db, on->lon, on->lat, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (first->len, ==, 1);
    g_assert_cmpstr (((GwCameraEntry *) g_ptr_array_index (first, 0))->gb_id, ==, on->gb_id);
    g_assert_cmpfloat (((GwCameraEntry *) g_ptr_array_index (first, 0))->distance_m, ==, 0.0);
  }
  /* Far away, more than there are, none, nowhere. */
  assert_nearest (116.397, 39.908, 4);
  assert_nearest (on->lon, on->lat, all->len + 10);
  none = gw_db_list_nearest_camera_entries (db, on->lon, on->lat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (gw_db_list_nearest_camera_entries (db, NAN, on->lat, 4, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
}

/* In a division: exactly the cameras whose chain passes through it, in the list's order. */
static void
assert_in_division (GPtrArray  *all,
                    const char *code,
                    GwLevel     level)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gw_db_list_camera_entries_in_division (db, code, &error);
  guint j = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      GwCameraEntry *e = g_ptr_array_index (all, i);
      const char *mine = level == GW_LEVEL_GRID ? e->grid_code
                         : level == GW_LEVEL_COMMUNITY ? e->community_code
                         : level == GW_LEVEL_STREET ? e->street_code : e->division_code;

      if (g_strcmp0 (mine, code) != 0)
        continue;
      g_assert_cmpuint (j, <, entries->len);
      g_assert_cmpint (((GwCameraEntry *) g_ptr_array_index (entries, j))->id, ==, e->id);
      j++;
    }
  g_assert_cmpuint (j, ==, entries->len);
}

static void
test_in_division (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gw_db_list_camera_entries (db, &error);
  g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_autoptr(GPtrArray) microgrids = gw_db_list_divisions (db, GW_LEVEL_MICROGRID, &error);
  GwCameraEntry *e;
  guint with_cameras = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < grids->len; i++)
    {
      GwDivision *grid = g_ptr_array_index (grids, i);
      g_autoptr(GPtrArray) entries = gw_db_list_camera_entries_in_division (db, grid->code, &error);

      g_assert_no_error (error);
      with_cameras += entries->len > 0;
      if (i % 5 == 0)
        assert_in_division (all, grid->code, GW_LEVEL_GRID);
    }
  g_assert_cmpuint (with_cameras, >, 0);
  e = g_ptr_array_index (all, all->len / 2);
  assert_in_division (all, e->grid_code, GW_LEVEL_GRID);
  assert_in_division (all, e->community_code, GW_LEVEL_COMMUNITY);
  assert_in_division (all, e->street_code, GW_LEVEL_STREET);
  if (microgrids->len > 0)
    assert_in_division (all, ((GwDivision *) g_ptr_array_index (microgrids, 0))->code, GW_LEVEL_MICROGRID);
  {
    g_autoptr(GPtrArray) county = gw_db_list_camera_entries_in_division (db, "500223", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (county->len, ==, all->len);
  }
  g_assert_null (gw_db_list_camera_entries_in_division (db, "500223999", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
}

/* The same through the store's readers, answered on this thread's main context. */
typedef struct {
  GPtrArray *entries;
  GError    *error;
  gboolean   done;
} Async;

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Async *a = user_data;

  a->entries = gw_store_list_camera_entries_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
on_nearest (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Async *a = user_data;

  a->entries = gw_store_list_nearest_camera_entries_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
on_in_division (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Async *a = user_data;

  a->entries = gw_store_list_camera_entries_in_division_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
async_clear (Async *a)
{
  g_clear_pointer (&a->entries, g_ptr_array_unref);
  g_clear_error (&a->error);
  a->done = FALSE;
}

static void
test_store (void)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gw_db_list_camera_entries (db, &error);
  GwCameraEntry *e = g_ptr_array_index (all, 7);
  Async a = { 0 };
  gboolean opened = FALSE;

  g_assert_no_error (error);
  gw_store_open_async (store, path, NULL, on_opened, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  gw_store_list_camera_entries_async (store, NULL, on_listed, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_cmpuint (a.entries->len, ==, all->len);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (((GwCameraEntry *) g_ptr_array_index (a.entries, i))->id, ==,
                     ((GwCameraEntry *) g_ptr_array_index (all, i))->id);
  async_clear (&a);

  gw_store_list_nearest_camera_entries_async (store, e->lon, e->lat, 5, NULL, on_nearest, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_cmpuint (a.entries->len, ==, 5);
  g_assert_cmpint (((GwCameraEntry *) g_ptr_array_index (a.entries, 0))->id, ==, e->id);
  async_clear (&a);

  gw_store_list_camera_entries_in_division_async (store, e->grid_code, NULL, on_in_division, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_cmpuint (a.entries->len, >, 0);
  for (guint i = 0; i < a.entries->len; i++)
    g_assert_cmpstr (((GwCameraEntry *) g_ptr_array_index (a.entries, i))->grid_code, ==, e->grid_code);
  async_clear (&a);

  gw_store_list_camera_entries_in_division_async (store, "9", NULL, on_in_division, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (a.entries);
  g_assert_error (a.error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  async_clear (&a);

  /* Cancelled before it runs: cancelled, and nothing leaks. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    gw_store_list_camera_entries_async (store, cancellable, on_listed, &a);
    while (!a.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    async_clear (&a);
  }
  gw_store_close (store);
}

/* The real scale, when a county file is given: how long the reads take. */
static void
test_timing (void)
{
  const char *file = g_getenv ("GW_CAMERAS_TEST_DB");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) big = NULL;
  double best = G_MAXDOUBLE;
  guint n = 0;

  if (file == NULL)
    {
      g_test_skip ("GW_CAMERAS_TEST_DB is not set");
      return;
    }
  big = gw_db_open (file, &error);
  g_assert_no_error (error);
  for (guint run = 0; run < 5; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) entries = gw_db_list_camera_entries (big, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_no_error (error);
      g_test_message ("every camera: %u in %.1f ms", entries->len, ms);
      best = MIN (best, ms);
      n = entries->len;
      if (run == 4)
        {
          GwCameraEntry *e = g_ptr_array_index (entries, n / 2);
          g_autoptr(GPtrArray) near = NULL, in_grid = NULL;

          start = g_get_monotonic_time ();
          near = gw_db_list_nearest_camera_entries (big, e->lon, e->lat, 16, &error);
          g_assert_no_error (error);
          g_test_message ("16 nearest: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
          start = g_get_monotonic_time ();
          in_grid = gw_db_list_camera_entries_in_division (big, e->grid_code, &error);
          g_assert_no_error (error);
          g_test_message ("%u in a grid: %.2f ms", in_grid->len, (g_get_monotonic_time () - start) / 1000.0);
        }
    }
  g_assert_cmpint (n, ==, count_cameras (big));
  g_test_message ("every camera: best of 5, %.1f ms for %u", best, n);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("db-cameras", NOW, &path, &db);

  g_test_add_func ("/db-cameras/list", test_list);
  g_test_add_func ("/db-cameras/nearest", test_nearest);
  g_test_add_func ("/db-cameras/in-division", test_in_division);
  g_test_add_func ("/db-cameras/store", test_store);
  g_test_add_func ("/db-cameras/timing", test_timing);
  ret = g_test_run ();

  g_clear_pointer (&db, gw_db_free);
  g_free (path);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
