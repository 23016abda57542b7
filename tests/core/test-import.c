/* Imports: the real Chongqing districts import whole; every bad file is refused with a
 * message naming the feature or line and field, and leaves the database unchanged. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-import.h"

static char *tmpdir;

static GwDb *
fresh_db (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);
  g_assert_no_error (error);
  return db;
}

static char *
chongqing (gsize *len)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "chongqing-districts.geojson", NULL);
  char *data = NULL;
  g_assert_true (g_file_get_contents (file, &data, len, NULL));
  return data;
}

static void
test_chongqing (void)
{
  g_autoptr(GwDb) db = fresh_db ("cq.db");
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = chongqing (&len);
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GwDivision) tongnan = NULL;
  guint n = 0;

  g_assert_true (gw_import_divisions_geojson (db, data, len, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40);
  districts = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, &error);
  g_assert_cmpuint (districts->len, ==, 40);
  tongnan = gw_db_get_division (db, "500223", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tongnan->name, ==, "潼南县");
  g_assert_null (tongnan->parent_code);
  g_assert_cmpfloat_with_epsilon (tongnan->label_lon, 105.7764, 1e-9);
  g_assert_true (gw_polygon_contains (tongnan->polygon, 105.7764, 30.1135));
  {
    g_autoptr(GwDivision) yuzhong = gw_db_get_division (db, "500103", &error);
    g_assert_cmpstr (yuzhong->name, ==, "渝中区");
  }

  /* Importing it again: every code exists; nothing changes. */
  {
    g_autofree char *before = gw_db_content_hash (db, &error);
    g_autofree char *after = NULL;
    g_assert_false (gw_import_divisions_geojson (db, data, len, &n, &error));
    g_assert_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "exists already"));
    g_clear_error (&error);
    after = gw_db_content_hash (db, &error);
    g_assert_cmpstr (before, ==, after);
  }
}

/* A county and streets below it, with levels and parents inferred from the codes. */
static void
test_hierarchy_inferred (void)
{
  g_autoptr(GwDb) db = fresh_db ("tree.db");
  g_autoptr(GError) error = NULL;
  const char *geojson =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"500223001001\",\"name\":\"龙潭社区\"},"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[105.5,30],[105.5,30.5],[105,30.5],[105,30]]]}},"
    "{\"type\":\"Feature\",\"id\":500223,\"properties\":{\"name\":\"潼南区\"},"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31],[105,31],[105,30]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"500223001\",\"name\":\"梓潼街道\"},"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,30.5],[105,30.5],[105,30]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"500223001001001\",\"name\":\"龙潭社区第1网格\"},"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[105.2,30],[105.2,30.2],[105,30.2],[105,30]]]}}"
    "]}";
  g_autoptr(GwDivision) c = NULL, g = NULL;
  char *chain[GW_N_LEVELS] = { NULL, };

  g_assert_true (gw_import_divisions_geojson (db, geojson, strlen (geojson), NULL, &error));
  g_assert_no_error (error);
  c = gw_db_get_division (db, "500223001001", &error);
  g_assert_cmpint (c->level, ==, GW_LEVEL_COMMUNITY);
  g_assert_cmpstr (c->parent_code, ==, "500223001");
  g = gw_db_get_division (db, "500223001001001", &error);
  g_assert_cmpint (g->level, ==, GW_LEVEL_GRID);
  g_assert_true (gw_db_locate (db, 105.1, 30.1, chain, &error));
  g_assert_cmpstr (chain[GW_LEVEL_GRID], ==, "500223001001001");
  g_assert_cmpstr (chain[GW_LEVEL_COMMUNITY], ==, "500223001001");
  g_assert_cmpstr (chain[GW_LEVEL_STREET], ==, "500223001");
  g_assert_cmpstr (chain[GW_LEVEL_DISTRICT], ==, "500223");
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_free (chain[i]);
}

static void
test_bad_geojson (void)
{
  static const struct {
    const char *text;
    const char *fragment;
  } cases[] = {
    { "this is not json", "Not a GeoJSON file: not valid JSON" },
    { "[1,2]", "Not a GeoJSON file: document: expected an object" },
    { "{\"type\":\"Feature\"}", "must be a FeatureCollection, not a “Feature”" },
    { "{\"type\":\"FeatureCollection\"}", "features: required field is missing" },
    { "{\"type\":\"FeatureCollection\",\"features\":[]}", "holds no features" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"甲\"},"
      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 0: no division code" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"50A\",\"properties\":{\"name\":\"甲\"},"
      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 0 (code 50A): the code must be digits only" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{},"
      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 0 (code 700001): features[0].properties.name: required field is missing" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\"},"
      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[105,30]}}]}",
      "Feature 0 (code 700001): geometry: type “Point”" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\"},"
      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,\"x\"],[106,31]]]}}]}",
      "Feature 0 (code 700001): geometry: coordinates[0][1]" },
    { "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\"}}]}",
      "Feature 0 (code 700001): the feature has no geometry" },
    { "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}},"
      "{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"乙\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 1 (code 700001): the code appears twice in the file (first as feature 0)" },
    /* Good first feature, bad later one: the first must not stay behind. */
    { "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}},"
      "{\"type\":\"Feature\",\"id\":\"500223\",\"properties\":{\"name\":\"乙\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 1 (code 500223): Division 500223 (乙) exists already" },
    { "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"id\":\"700001\",\"properties\":{\"name\":\"甲\",\"level\":\"galaxy\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,30],[106,30],[106,31]]]}}]}",
      "Feature 0 (code 700001): properties.level: “galaxy” is not one of" },
  };
  g_autoptr(GwDb) db = fresh_db ("bad.db");
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = chongqing (&len);
  g_autofree char *before = NULL;

  g_assert_true (gw_import_divisions_geojson (db, data, len, NULL, &error));
  before = gw_db_content_hash (db, &error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (gw_import_divisions_geojson (db, cases[i].text, strlen (cases[i].text), NULL, &error));
      g_assert_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_INVALID);
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].fragment);
      g_clear_error (&error);
      after = gw_db_content_hash (db, &error);
      g_assert_cmpstr (before, ==, after);
    }
}

static const char cameras_csv[] =
  "id,name,lon,lat,division,main_uri,sub_uri,ptz,heading\n"
  "50022300001320000001,\"潼南 滨江路, 路口\",105.77,30.11,500223,rtsp://127.0.0.1:8554/a/main,rtsp://127.0.0.1:8554/a/sub,1,90\n"
  "50022300001320000002,大佛寺广场,105.80,30.19,,,,0,-1\n";

static void
test_cameras (void)
{
  g_autoptr(GwDb) db = fresh_db ("cams.db");
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = chongqing (&len);
  g_autoptr(GPtrArray) cams = NULL;
  GwCamera *c;
  guint n = 0;

  g_assert_true (gw_import_divisions_geojson (db, data, len, NULL, &error));
  g_assert_true (gw_import_cameras_csv (db, cameras_csv, strlen (cameras_csv), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  cams = gw_db_list_cameras (db, &error);
  g_assert_cmpuint (cams->len, ==, 2);
  c = g_ptr_array_index (cams, 0);
  g_assert_cmpstr (c->name, ==, "潼南 滨江路, 路口");
  g_assert_true (c->ptz);
  g_assert_cmpfloat (c->heading, ==, 90);
  c = g_ptr_array_index (cams, 1);
  g_assert_cmpstr (c->division_code, ==, "500223");  /* found from the point */
  g_assert_cmpfloat (c->heading, ==, -1);

  /* Export then import into a fresh database: the same rows. */
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GwDb) db2 = fresh_db ("cams2.db");
    g_autoptr(GOutputStream) out2 = g_memory_output_stream_new_resizable ();
    g_autofree char *text = NULL;

    g_assert_true (gw_export_cameras_csv (db, out, &error));
    g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
    g_assert_true (g_output_stream_close (out, NULL, &error));
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    g_assert_true (gw_import_divisions_geojson (db2, data, len, NULL, &error));
    g_assert_true (gw_import_cameras_csv (db2, text, strlen (text), &n, &error));
    g_assert_no_error (error);
    g_assert_true (gw_export_cameras_csv (db2, out2, &error));
    g_assert_true (g_output_stream_write_all (out2, "", 1, NULL, NULL, &error));
    g_assert_cmpstr (text, ==, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out2)));
  }
}

static void
test_bad_cameras (void)
{
  static const struct {
    const char *text;
    const char *fragment;
  } cases[] = {
    { "name,lon,lat\nx,1,2\n", "Line 1: the header has no “id” column" },
    { "id,name,lon,lat\n50022300001320000009,好,105.7,30.1\n123,坏,105.7,30.1\n",
      "Line 3, column “id”: “123” is not a 20-digit GB/T 28181 device id" },
    { "id,name,lon,lat\n50022300001320000009,好,east,30.1\n", "Line 2, column “lon”: “east” is not a longitude" },
    { "id,name,lon,lat\n50022300001320000009,好,105.7,95\n", "Line 2, column “lat”: “95” is not a latitude" },
    { "id,name,lon,lat,division\n50022300001320000009,好,105.7,30.1,999999\n", "Line 2, column “division”: no division has the code 999999" },
    { "id,name,lon,lat\n50022300001320000009,好,10.0,10.0\n", "Line 2, column “division”: empty, and the camera's position lies outside every division" },
    { "id,name,lon,lat\n50022300001320000009,好,105.7\n", "Line 2: 3 fields, but the header has 4" },
    { "id,name,lon,lat\n50022300001320000009,\"好,105.7,30.1\n", "a quoted field is never closed" },
    { "id,name,lon,lat\n50022300001320000009,好,105.7,30.1\n50022300001320000009,又,105.7,30.1\n", "Line 3: Camera 50022300001320000009 exists already" },
    { "id,name,lon,lat,ptz\n50022300001320000009,好,105.7,30.1,maybe\n", "Line 2, column “ptz”: “maybe” is not 0, 1, true or false" },
    { "id,name,lon,lat\n", "The file holds no cameras" },
    { "id,name,lon,lat\n\xff\xfe,x,1,2\n", "not UTF-8" },
  };
  g_autoptr(GwDb) db = fresh_db ("badcams.db");
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *data = chongqing (&len);
  g_autofree char *before = NULL;

  g_assert_true (gw_import_divisions_geojson (db, data, len, NULL, &error));
  g_assert_true (gw_import_cameras_csv (db, cameras_csv, strlen (cameras_csv), NULL, &error));
  before = gw_db_content_hash (db, &error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (gw_import_cameras_csv (db, cases[i].text, strlen (cases[i].text), NULL, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].fragment);
      g_clear_error (&error);
      after = gw_db_content_hash (db, &error);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_export_divisions_round_trip (void)
{
  g_autoptr(GwDb) db = fresh_db ("exp1.db");
  g_autoptr(GwDb) db2 = fresh_db ("exp2.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out2 = g_memory_output_stream_new_resizable ();
  gsize len;
  g_autofree char *data = chongqing (&len);
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (gw_import_divisions_geojson (db, data, len, NULL, &error));
  g_assert_true (gw_export_divisions_geojson (db, out, &error));
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (gw_import_divisions_geojson (db2, text, strlen (text), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40);
  g_assert_true (gw_export_divisions_geojson (db2, out2, &error));
  g_assert_true (g_output_stream_write_all (out2, "", 1, NULL, NULL, &error));
  g_assert_cmpstr (text, ==, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out2)));
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-import-XXXXXX", NULL);
  g_test_add_func ("/import/chongqing", test_chongqing);
  g_test_add_func ("/import/hierarchy-inferred", test_hierarchy_inferred);
  g_test_add_func ("/import/bad-geojson", test_bad_geojson);
  g_test_add_func ("/import/cameras", test_cameras);
  g_test_add_func ("/import/bad-cameras", test_bad_cameras);
  g_test_add_func ("/import/export-divisions-round-trip", test_export_divisions_round_trip);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
