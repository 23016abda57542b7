/* The demo county: right shape, right codes, points in their divisions, deterministic. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-audit.h"
#include "gw-demo.h"
#include "gw-json.h"

#define NOW 1795276800  /* 2026-11-22T00:00:00+08:00 */

static char *tmpdir;

static GwDb *
make_demo (const char *name,
           guint32     seed)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, seed, NOW, NULL, NULL, &error));
  g_assert_no_error (error);
  return db;
}

static void
test_shape (void)
{
  g_autoptr(GwDb) db = make_demo ("shape.db", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSummary) s = gw_db_get_summary (db, NOW, &error);
  g_autoptr(GPtrArray) all = gw_db_list_divisions (db, -1, &error);
  g_autoptr(GwDivision) county = gw_db_get_division (db, "500223", &error);
  double county_area, streets_area = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (s->county_code, ==, "500223");
  g_assert_cmpstr (s->county_name, ==, "潼南区");
  g_assert_cmpint (s->divisions[GW_LEVEL_DISTRICT], ==, 1);
  g_assert_cmpint (s->divisions[GW_LEVEL_STREET], ==, 4);
  g_assert_cmpint (s->divisions[GW_LEVEL_COMMUNITY], ==, 16);
  g_assert_cmpint (s->divisions[GW_LEVEL_GRID], ==, 64);
  g_assert_cmpint (s->divisions[GW_LEVEL_MICROGRID], ==, 48);
  g_assert_cmpint (s->tickets_total, ==, 4000);
  g_assert_cmpint (s->cameras, ==, 400);
  g_assert_cmpint (s->workers, ==, 90);
  g_assert_cmpint (s->departments, ==, 12);
  /* Some still open, most closed, a few rejected, some overdue. */
  g_assert_cmpint (s->tickets_open, >, 10);
  g_assert_cmpint (s->tickets_open, <, 800);
  g_assert_cmpint (s->tickets_by_state[GW_STATE_CLOSED], >, 3000);
  g_assert_cmpint (s->tickets_by_state[GW_STATE_REJECTED], >, 20);
  g_assert_cmpint (s->tickets_overdue_open, >, 0);
  g_assert_cmpint (s->newest_ticket_at, <, NOW);

  /* Codes extend their parents' and the streets tile the county. */
  county_area = gw_polygon_area_m2 (county->polygon);
  for (guint i = 0; i < all->len; i++)
    {
      GwDivision *d = g_ptr_array_index (all, i);
      if (d->parent_code)
        {
          g_autoptr(GwDivision) parent = gw_db_get_division (db, d->parent_code, &error);
          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (d->code, parent->code));
          g_assert_cmpint (d->level, >, parent->level);
          g_assert_cmpuint (strlen (d->code), ==, strlen (parent->code) + 3);
        }
      g_assert_nonnull (d->polygon);
      g_assert_cmpfloat (gw_polygon_area_m2 (d->polygon), >, 0);
      g_assert_true (gw_polygon_contains (d->polygon, d->label_lon, d->label_lat));
      if (d->level == GW_LEVEL_STREET)
        streets_area += gw_polygon_area_m2 (d->polygon);
    }
  g_assert_cmpfloat (fabs (streets_area - county_area) / county_area, <, 0.001);
}

static void
test_points_in_divisions (void)
{
  g_autoptr(GwDb) db = make_demo ("points.db", 3);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT id FROM tickets WHERE id % 13 = 0", &error);
  guint checked = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GwTicket) t = gw_db_get_ticket (db, sqlite3_column_int64 (stmt, 0), &error);
      char *chain[GW_N_LEVELS] = { NULL, };

      g_assert_no_error (error);
      g_assert_true (gw_db_locate (db, t->lon, t->lat, chain, &error));
      for (guint l = 0; l < GW_N_LEVELS; l++)
        {
          g_assert_cmpstr (chain[l], ==, t->divisions[l]);
          g_free (chain[l]);
        }
      g_assert_nonnull (t->description);
      g_assert_null (strstr (t->description, "{place}"));
      /* The fast writer's text is exactly what json-glib writes for the same ticket. */
      {
        g_autofree char *text = gw_ticket_to_json_text (t);
        g_autoptr(JsonNode) node = gw_json_parse (text, -1, 0, &error);
        g_autofree char *again = NULL;
        g_assert_no_error (error);
        again = gw_json_to_string (node, FALSE);
        g_assert_cmpstr (text, ==, again);
      }
      checked++;
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (checked, >, 250);
}

static void
test_deterministic (void)
{
  g_autoptr(GwDb) a = make_demo ("a.db", 42);
  g_autoptr(GwDb) b = make_demo ("b.db", 42);
  g_autoptr(GwDb) c = make_demo ("c.db", 43);
  g_autoptr(GError) error = NULL;
  g_autofree char *ha = gw_db_content_hash (a, &error);
  g_autofree char *hb = gw_db_content_hash (b, &error);
  g_autofree char *hc = gw_db_content_hash (c, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ha, ==, hb);
  g_assert_cmpstr (ha, !=, hc);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(GwDb) db = make_demo ("twice.db", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = gw_db_content_hash (db, &error);
  g_autofree char *after = NULL;

  g_assert_false (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 6, NOW, NULL, NULL, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already holds data"));
  g_clear_error (&error);
  after = gw_db_content_hash (db, &error);
  g_assert_cmpstr (before, ==, after);
}

static void
test_simulator (void)
{
  g_autoptr(GwDb) db = make_demo ("sim.db", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSimulator) sim = gw_simulator_new (db, 1, &error);
  gint64 before = gw_db_get_last_change (db, &error), broken = 0, n = 0;
  g_autoptr(GwSummary) s0 = gw_db_get_summary (db, NOW, &error);
  g_autoptr(GwSummary) s1 = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (sim);
  for (int i = 0; i < 300; i++)
    {
      gint64 id = gw_simulator_step (sim, NOW + i * 30, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
    }
  /* Every step is a change the live feed will carry, and in the audit log. */
  g_assert_cmpint (gw_db_get_last_change (db, &error), >=, before + 300);
  g_assert_true (gw_audit_verify (db, &broken, &n, &error));
  s1 = gw_db_get_summary (db, NOW + 9000, &error);
  g_assert_cmpint (s1->tickets_total, >, s0->tickets_total + 80);
  g_assert_cmpint (s1->tickets_by_state[GW_STATE_CLOSED], >, s0->tickets_by_state[GW_STATE_CLOSED]);
}

static void
test_default_now (void)
{
  /* 2026-11-22 15:30 +08:00 -> 15:00 */
  g_assert_cmpint (gw_demo_default_now (NOW + 15 * 3600 + 1800), ==, NOW + 15 * 3600);
  g_assert_cmpint (gw_demo_default_now (NOW - 1), ==, NOW - 3600);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-demo-XXXXXX", NULL);
  g_test_add_func ("/demo/shape", test_shape);
  g_test_add_func ("/demo/points-in-divisions", test_points_in_divisions);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/simulator", test_simulator);
  g_test_add_func ("/demo/default-now", test_default_now);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
