/* The store: schema and migrations, point -> grid on real polygons, Chinese substring
 * search, and the async GwStore. Real SQLite files in a temporary directory. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-import.h"
#include "gw-store.h"

static char *tmpdir;

static char *
db_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GwDb *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
import_chongqing (GwDb *db)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "chongqing-districts.geojson", NULL);
  g_autofree char *data = NULL;
  gsize len;
  guint n = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (file, &data, &len, &error));
  g_assert_true (gw_import_divisions_geojson (db, data, len, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40);
}

static void
test_new_database (void)
{
  g_autofree char *path = db_path ("new.db");
  g_autoptr(GwDb) db = open_ok (path);
  g_autofree char *mode = NULL;
  sqlite3_stmt *stmt;

  g_assert_cmpint (gw_db_get_schema_version (db), ==, GW_DB_SCHEMA_VERSION);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  /* Reopening an up-to-date database changes nothing. */
  g_clear_pointer (&db, gw_db_free);
  db = open_ok (path);
  g_assert_cmpint (gw_db_get_schema_version (db), ==, GW_DB_SCHEMA_VERSION);
}

/* A schema-1 database as an older Gridwatch wrote it, with a district and tickets. */
static void
test_migrate_from_1 (void)
{
  g_autofree char *path = db_path ("v1.db");
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwPolygon) square = gw_polygon_new ();
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  char *chain[GW_N_LEVELS] = { NULL, };
  const double ring[] = { 105.0, 30.0, 106.0, 30.0, 106.0, 31.0, 105.0, 31.0 };
  sqlite3 *raw;
  sqlite3_stmt *stmt;

  gw_polygon_add_ring (square, TRUE, ring, 4);
  blob = gw_polygon_to_blob (square);

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, _gw_db_migrations[0], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "INSERT INTO divisions (code, name, level, label_lon, label_lat, geometry)"
                                            " VALUES ('500223', '潼南区', 'district', 105.5, 30.5, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (raw,
      "INSERT INTO tickets (number, source, category, urgency, level, lon, lat, division_id, description,"
      " address, state, reported_at, updated_at) VALUES"
      " ('A1', 'hotline', '2201', 'normal', 'grid', 105.5, 30.5, 1, '滨江路阀门漏水，水压下降', '潼南区滨江路', 'reported', 1, 1),"
      " ('A2', 'hotline', '2101', 'normal', 'grid', 105.6, 30.6, 1, '码头货车噪音扰民', '潼南区码头', 'closed', 2, 2)",
      NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = gw_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_db_get_schema_version (db), ==, GW_DB_SCHEMA_VERSION);

  /* The migration indexed the old rows: search and locate work on them. */
  hits = gw_db_search_tickets (db, "阀门", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((GwTicket *) g_ptr_array_index (hits, 0))->number, ==, "A1");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = gw_db_search_tickets (db, "噪音", 50, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (gw_db_locate (db, 105.5, 30.5, chain, &error));
  g_assert_cmpstr (chain[GW_LEVEL_DISTRICT], ==, "500223");
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_free (chain[i]);
  g_clear_pointer (&hits, g_ptr_array_unref);
  {
    g_autoptr(GArray) ids = gw_db_tickets_in_bbox (db, 105.55, 30.55, 105.65, 30.65, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 2);
  }
}

static void
test_refuses_newer (void)
{
  g_autofree char *path = db_path ("newer.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize len;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_true (g_file_get_contents (path, &before, &len, NULL));

  db = gw_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Gridwatch"));
  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuses_foreign (void)
{
  g_autofree char *garbage = db_path ("garbage.db");
  g_autofree char *other = db_path ("other.db");
  g_autoptr(GError) error = NULL;
  GwDb *db;
  sqlite3 *raw;

  g_assert_true (g_file_set_contents (garbage, "this is not a database, just text that is long enough to look like a header of some kind", -1, NULL));
  db = gw_db_open (garbage, &error);
  g_assert_null (db);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a usable Gridwatch database"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  db = gw_db_open (other, &error);
  g_assert_null (db);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a Gridwatch one"));
  g_clear_error (&error);

  db = gw_db_open ("/nonexistent-dir/x.db", &error);
  g_assert_null (db);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
}

static void
test_locate_chongqing (void)
{
  g_autofree char *path = db_path ("cq.db");
  g_autoptr(GwDb) db = open_ok (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  char *a[GW_N_LEVELS] = { NULL, }, *b[GW_N_LEVELS] = { NULL, };
  guint inside = 0;

  import_chongqing (db);
  g_assert_true (gw_db_locate (db, 106.5775, 29.5571, a, &error));
  g_assert_cmpstr (a[GW_LEVEL_DISTRICT], ==, "500103");   /* Jiefangbei, Yuzhong */
  g_assert_true (gw_db_locate (db, 105.7764, 30.1135, a, &error));
  g_assert_cmpstr (a[GW_LEVEL_DISTRICT], ==, "500223");   /* Tongnan */
  g_assert_false (gw_db_locate (db, 100.0, 20.0, a, &error));
  g_assert_no_error (error);

  /* The indexed answer equals the brute-force answer everywhere. */
  for (int i = 0; i < 3000; i++)
    {
      double lon = g_rand_double_range (rand, 105.2, 110.2);
      double lat = g_rand_double_range (rand, 28.1, 32.2);
      gboolean fa = gw_db_locate (db, lon, lat, a, &error);
      gboolean fb = gw_db_locate_brute_force (db, lon, lat, b, &error);

      g_assert_no_error (error);
      g_assert_cmpint (fa, ==, fb);
      if (fa)
        {
          inside++;
          g_assert_cmpstr (a[GW_LEVEL_DISTRICT], ==, b[GW_LEVEL_DISTRICT]);
        }
    }
  g_assert_cmpuint (inside, >, 1000);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    {
      g_free (a[i]);
      g_free (b[i]);
    }
}

static void
add_district_and_tickets (GwDb              *db,
                          const char *const *texts,
                          guint              n)
{
  g_autoptr(GwDivision) d = gw_division_new ();
  g_autoptr(GError) error = NULL;
  const double ring[] = { 105.0, 30.0, 106.0, 30.0, 106.0, 31.0, 105.0, 31.0 };

  d->code = g_strdup ("500223");
  d->name = g_strdup ("潼南区");
  d->level = GW_LEVEL_DISTRICT;
  d->polygon = gw_polygon_new ();
  gw_polygon_add_ring (d->polygon, TRUE, ring, 4);
  g_assert_true (gw_db_begin (db, &error));
  g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      t->category_code = g_strdup ("0101");
      t->lon = 105.5;
      t->lat = 30.5;
      t->description = g_strdup (texts[i]);
      t->address = g_strdup_printf ("潼南区%u号", i);
      t->reported_at = 1000 + i;
      t->number = g_strdup_printf ("N%u", i);
      g_assert_cmpint (gw_db_insert_ticket (db, t, &error), >, 0);
      g_assert_no_error (error);
      /* The point found its division by itself. */
      g_assert_cmpstr (t->divisions[GW_LEVEL_DISTRICT], ==, "500223");
    }
  g_assert_true (gw_db_commit (db, &error));
}

static void
test_search_chinese (void)
{
  static const char *const texts[] = {
    "滨江路阀门漏水，水压下降",
    "阀门损坏",
    "码头货车噪音扰民",
    "夜间施工噪音",
    "门市违规储存烟花爆竹",
    "公交站台漏电，行人触电风险",
    "结婚证遗失补办",
    "水管漏水 电线杆倾斜",
    "龙潭社区3单元5楼楼道堆物",
    "A栋门口积水",
  };
  g_autofree char *path = db_path ("search.db");
  g_autoptr(GwDb) db = open_ok (path);
  g_autoptr(GError) error = NULL;
  static const char *const queries[] = {
    "阀门", "漏水", "噪音", "漏电", "水", "烟花爆竹", "结婚证", "3单元", "a栋", "门漏", "不存在", "站台漏电",
  };

  add_district_and_tickets (db, texts, G_N_ELEMENTS (texts));
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) fts = gw_db_search_ticket_ids (db, queries[q], 50, &error);
      g_autoptr(GArray) like = gw_db_search_ticket_ids_like (db, queries[q], 50, &error);

      g_assert_no_error (error);
      /* LIKE is case-insensitive for ASCII only, as the tokenizer is. */
      g_assert_cmpuint (fts->len, ==, like->len);
      for (guint i = 0; i < fts->len; i++)
        g_assert_cmpint (g_array_index (fts, gint64, i), ==, g_array_index (like, gint64, i));
    }
  {
    g_autoptr(GPtrArray) hits = gw_db_search_tickets (db, "阀门", 50, &error);
    g_assert_cmpuint (hits->len, ==, 2);
    /* Newest first. */
    g_assert_cmpstr (((GwTicket *) g_ptr_array_index (hits, 0))->description, ==, "阀门损坏");
  }
  {
    g_autoptr(GPtrArray) hits = gw_db_search_tickets (db, "漏电", 50, &error);
    g_assert_cmpuint (hits->len, ==, 1);   /* not “漏水 电线杆” */
  }
  {
    g_autoptr(GPtrArray) hits = gw_db_search_tickets (db, "，。", 50, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
test_open_per_grid (void)
{
  g_autofree char *path = db_path ("grid.db");
  g_autoptr(GwDb) db = open_ok (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  const double ring[] = { 105.0, 30.0, 106.0, 30.0, 106.0, 31.0, 105.0, 31.0 };
  const double left[] = { 105.0, 30.0, 105.5, 30.0, 105.5, 31.0, 105.0, 31.0 };
  const double right[] = { 105.5, 30.0, 106.0, 30.0, 106.0, 31.0, 105.5, 31.0 };
  const struct { const char *code; GwLevel level; const char *parent; const double *ring; } divs[] = {
    { "500223", GW_LEVEL_DISTRICT, NULL, ring },
    { "500223001", GW_LEVEL_STREET, "500223", ring },
    { "500223001001", GW_LEVEL_COMMUNITY, "500223001", ring },
    { "500223001001001", GW_LEVEL_GRID, "500223001001", left },
    { "500223001001002", GW_LEVEL_GRID, "500223001001", right },
    { "500223001001002001", GW_LEVEL_MICROGRID, "500223001001002", right },
  };

  for (guint i = 0; i < G_N_ELEMENTS (divs); i++)
    {
      g_autoptr(GwDivision) d = gw_division_new ();
      d->code = g_strdup (divs[i].code);
      d->name = g_strdup ("x");
      d->level = divs[i].level;
      d->parent_code = g_strdup (divs[i].parent);
      d->polygon = gw_polygon_new ();
      gw_polygon_add_ring (d->polygon, TRUE, divs[i].ring, 4);
      g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
    }
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      t->category_code = g_strdup ("0101");
      t->lon = i < 3 ? 105.2 : 105.8;
      t->lat = 30.5;
      t->description = g_strdup ("x");
      t->reported_at = 1;
      t->state = i == 6 ? GW_STATE_CLOSED : GW_STATE_REPORTED;
      g_assert_cmpint (gw_db_insert_ticket (db, t, &error), >, 0);
      if (i >= 3)
        {
          /* Deepest level wins, and the chain is complete. */
          g_assert_cmpstr (t->divisions[GW_LEVEL_MICROGRID], ==, "500223001001002001");
          g_assert_cmpstr (t->divisions[GW_LEVEL_GRID], ==, "500223001001002");
          g_assert_cmpstr (t->divisions[GW_LEVEL_STREET], ==, "500223001");
        }
    }
  counts = gw_db_count_open_per_grid (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, "500223001001001")), ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, "500223001001002")), ==, 3);

  /* Rules on inserting divisions. */
  {
    g_autoptr(GwDivision) d = gw_division_new ();
    d->code = g_strdup ("600001");
    d->name = g_strdup ("bad");
    d->level = GW_LEVEL_GRID;
    d->parent_code = g_strdup ("500223001001");
    g_assert_cmpint (gw_db_insert_division (db, d, &error), ==, 0);
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "must extend its parent's code"));
    g_clear_error (&error);
    g_free (d->parent_code);
    d->parent_code = g_strdup ("999");
    g_assert_cmpint (gw_db_insert_division (db, d, &error), ==, 0);
    g_assert_nonnull (strstr (error->message, "its parent 999 is not in the database"));
    g_clear_error (&error);
  }
  /* A ticket outside every division is refused. */
  {
    g_autoptr(GwTicket) t = gw_ticket_new ();
    t->category_code = g_strdup ("0101");
    t->lon = 10;
    t->lat = 10;
    t->description = g_strdup ("x");
    t->reported_at = 1;
    g_assert_cmpint (gw_db_insert_ticket (db, t, &error), ==, 0);
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "outside every division"));
  }
}

/* The async store, driven from a main loop as the app drives it. */

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_result (Wait *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

static gpointer
read_summary (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  return gw_db_get_summary (db, 5000, error);
}

static void
test_async_store (void)
{
  static const char *const texts[] = { "路灯不亮", "阀门漏水", "路灯杆倾倒" };
  g_autofree char *path = db_path ("async.db");
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  g_autoptr(GwSummary) summary = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  {
    g_autoptr(GwDb) db = open_ok (path);
    add_district_and_tickets (db, texts, G_N_ELEMENTS (texts));
  }

  gw_store_open_async (store, path, NULL, on_done, &w);
  g_assert_true (gw_store_open_finish (store, wait_result (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);

  gw_store_get_summary_async (store, 5000, NULL, on_done, &w);
  summary = gw_store_get_summary_finish (store, wait_result (&w), &error);
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpstr (summary->county_code, ==, "500223");
  g_assert_cmpint (summary->tickets_total, ==, 3);
  g_assert_cmpint (summary->tickets_open, ==, 3);
  g_assert_cmpint (summary->divisions[GW_LEVEL_DISTRICT], ==, 1);

  gw_store_search_tickets_async (store, "路灯", 10, NULL, on_done, &w);
  hits = gw_store_search_tickets_finish (store, wait_result (&w), &error);
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpuint (hits->len, ==, 2);

  /* Reads on the reader connections see what the writer committed. */
  {
    g_autoptr(GwSummary) again = NULL;
    gw_store_read_async (store, read_summary, NULL, NULL, (GDestroyNotify) gw_summary_free, NULL, on_done, &w);
    again = gw_store_read_finish (store, wait_result (&w), &error);
    g_assert_no_error (error);
    g_clear_object (&w.result);
    g_assert_cmpint (again->tickets_total, ==, 3);
  }

  /* Opening a database that is not there gives an error, not a crash. */
  {
    g_autoptr(GwStore) bad = gw_store_new ();
    gw_store_open_async (bad, "/nonexistent-dir/none.db", NULL, on_done, &w);
    g_assert_false (gw_store_open_finish (bad, wait_result (&w), &error));
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
    g_clear_error (&error);
    g_clear_object (&w.result);
    /* And later calls say the database is not open. */
    gw_store_get_summary_async (bad, 0, NULL, on_done, &w);
    g_assert_null (gw_store_get_summary_finish (bad, wait_result (&w), &error));
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED);
    g_clear_error (&error);
    g_clear_object (&w.result);
  }

  /* A cancelled call reports cancellation. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GwSummary) none = NULL;
    g_cancellable_cancel (cancellable);
    gw_store_get_summary_async (store, 0, cancellable, on_done, &w);
    none = gw_store_get_summary_finish (store, wait_result (&w), &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&w.result);
  }
  gw_store_close (store);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-store-XXXXXX", NULL);
  g_test_add_func ("/store/new-database", test_new_database);
  g_test_add_func ("/store/migrate-from-1", test_migrate_from_1);
  g_test_add_func ("/store/refuses-newer", test_refuses_newer);
  g_test_add_func ("/store/refuses-foreign", test_refuses_foreign);
  g_test_add_func ("/store/locate-chongqing", test_locate_chongqing);
  g_test_add_func ("/store/search-chinese", test_search_chinese);
  g_test_add_func ("/store/open-per-grid", test_open_per_grid);
  g_test_add_func ("/store/async", test_async_store);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
