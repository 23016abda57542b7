/* What lies around a ticket (gw-db-related): related tickets, the nearest cameras and the
 * neighbouring divisions, each against the same answer worked out row by row in C (the
 * oracle), on the small demo county in a real SQLite file. */
#include "config.h"

#include "test-county.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-db-related.h"
#include "gw-demo.h"

#define NOW G_GINT64_CONSTANT (1795330800)  /* 2026-11-23T08:00:00+08:00 */
#define DAY G_GINT64_CONSTANT (86400)

static char *tmpdir;
static GwDb *db;

static GPtrArray *
all_tickets (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) page = gw_db_list_tickets_page (db, after, 500, NULL, NULL, &error);

      g_assert_no_error (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, gw_ticket_ref (g_ptr_array_index (page, i)));
      after = ((GwTicket *) g_ptr_array_index (page, page->len - 1))->id;
    }
  return all;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const GwTicket *ta = *(GwTicket *const *) a, *tb = *(GwTicket *const *) b;

  if (ta->reported_at != tb->reported_at)
    return ta->reported_at > tb->reported_at ? -1 : 1;
  return ta->id > tb->id ? -1 : ta->id < tb->id;
}

/* The oracle: every ticket looked at in turn. */
static GPtrArray *
related_naive (GPtrArray      *all,
               const GwTicket *t,
               guint           limit)
{
  GPtrArray *found = g_ptr_array_new ();
  const char *grid = t->divisions[GW_LEVEL_GRID];

  for (guint i = 0; grid != NULL && i < all->len; i++)
    {
      GwTicket *r = g_ptr_array_index (all, i);

      if (r->id != t->id && g_strcmp0 (r->divisions[GW_LEVEL_GRID], grid) == 0 &&
          g_strcmp0 (r->category_code, t->category_code) == 0 &&
          r->reported_at <= t->reported_at && r->reported_at >= t->reported_at - GW_RELATED_DAYS * DAY)
        g_ptr_array_add (found, r);
    }
  g_ptr_array_sort (found, newest_first);
  if (limit > 0 && found->len > limit)
    g_ptr_array_set_size (found, limit);
  return found;
}

static void
assert_related (GPtrArray      *all,
                const GwTicket *t,
                guint           limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sql = gw_db_list_related_tickets (db, t->id, limit, &error);
  g_autoptr(GPtrArray) naive = related_naive (all, t, limit);

  g_assert_no_error (error);
  g_assert_cmpuint (sql->len, ==, naive->len);
  for (guint i = 0; i < sql->len; i++)
    {
      GwTicket *a = g_ptr_array_index (sql, i), *b = g_ptr_array_index (naive, i);

      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpstr (a->number, ==, b->number);
    }
}

static void
test_related (void)
{
  g_autoptr(GPtrArray) all = all_tickets ();
  guint with_related = 0, most = 0;

  g_assert_cmpuint (all->len, >, 1000);
  for (guint i = 0; i < all->len; i++)
    {
      GwTicket *t = g_ptr_array_index (all, i);
      g_autoptr(GPtrArray) naive = related_naive (all, t, 0);

      assert_related (all, t, 0);
      with_related += naive->len > 0;
      most = MAX (most, naive->len);
      if (naive->len > 1)
        assert_related (all, t, naive->len - 1);
      if (i % 50 == 0)
        assert_related (all, t, 1);
    }
  g_test_message ("%u of %u tickets have related tickets, at most %u", with_related, all->len, most);
  /* The demo repeats problems in the same place now and then, not all the time. */
  g_assert_cmpuint (with_related, >, 10);
  g_assert_cmpuint (with_related, <, all->len);
}

static void
test_related_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = gw_db_list_related_tickets (db, 999999999, 10, &error);

  g_assert_null (none);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
}

/* Thirty days back counts from the instant: exactly 30 days before is in, a second more is
 * out; a report made later than the ticket, or at the same place in another category, or
 * in the next grid, is never related. */
static void
test_related_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_autoptr(GwTicket) base = gw_ticket_new ();
  g_autoptr(GPtrArray) related = NULL;
  GwDivision *grid = g_ptr_array_index (grids, 0);
  GwDivision *other_grid = g_ptr_array_index (grids, 1);
  struct { gint64 offset; const char *category; GwDivision *grid; gboolean related; } cases[] = {
    { -30 * DAY, "0102", NULL, TRUE },
    { -30 * DAY - 1, "0102", NULL, FALSE },
    { -1, "0102", NULL, TRUE },
    { 0, "0102", NULL, TRUE },
    { 1, "0102", NULL, FALSE },
    { -DAY, "0101", NULL, FALSE },
    { -DAY, "0102", other_grid, FALSE },
  };
  gint64 ids[G_N_ELEMENTS (cases)];
  guint expected = 0;

  g_assert_no_error (error);

  base->category_code = g_strdup ("0102");
  base->description = g_strdup ("相关工单的时间窗");
  base->reported_at = NOW + 400 * DAY;
  base->number = g_strdup ("TEST-RELATED-0");
  base->divisions[GW_LEVEL_GRID] = g_strdup (grid->code);
  g_assert_cmpint (gw_db_insert_ticket (db, base, &error), >, 0);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      GwDivision *g = cases[i].grid ? cases[i].grid : grid;

      t->category_code = g_strdup (cases[i].category);
      t->description = g_strdup ("相关工单的时间窗");
      t->reported_at = base->reported_at + cases[i].offset;
      t->number = g_strdup_printf ("TEST-RELATED-%u", i + 1);
      t->divisions[GW_LEVEL_GRID] = g_strdup (g->code);
      ids[i] = gw_db_insert_ticket (db, t, &error);
      g_assert_no_error (error);
      expected += cases[i].related;
    }

  related = gw_db_list_related_tickets (db, base->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (related->len, ==, expected);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < related->len; j++)
        listed |= ((GwTicket *) g_ptr_array_index (related, j))->id == ids[i];
      if (listed != cases[i].related)
        g_error ("case %u (offset %" G_GINT64_FORMAT "): %s", i, cases[i].offset,
                 listed ? "listed but should not be" : "not listed");
    }
  /* Newest first: the one at the same instant as the ticket, then a second before. */
  g_assert_cmpint (((GwTicket *) g_ptr_array_index (related, 0))->id, ==, ids[3]);
  g_assert_cmpint (((GwTicket *) g_ptr_array_index (related, 1))->id, ==, ids[2]);
  g_assert_cmpint (((GwTicket *) g_ptr_array_index (related, 2))->id, ==, ids[0]);
}

typedef struct {
  gint64 id;
  double distance_m;
} Near;

static int
by_distance (gconstpointer a,
             gconstpointer b)
{
  const Near *na = a, *nb = b;

  if (na->distance_m != nb->distance_m)
    return na->distance_m < nb->distance_m ? -1 : 1;
  return na->id < nb->id ? -1 : na->id > nb->id;
}

/* The oracle: every camera measured. */
static GArray *
nearest_naive (double lon,
               double lat)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (Near));
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT id, lon, lat FROM cameras", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Near n = { sqlite3_column_int64 (stmt, 0),
                 gw_distance_m (lon, lat, sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2)) };
      g_array_append_val (all, n);
    }
  sqlite3_finalize (stmt);
  g_array_sort (all, by_distance);
  return all;
}

static void
assert_nearest (double lon,
                double lat,
                guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sql = gw_db_list_nearest_cameras (db, lon, lat, n, &error);
  g_autoptr(GArray) naive = nearest_naive (lon, lat);

  g_assert_no_error (error);
  g_assert_cmpuint (sql->len, ==, MIN (n, naive->len));
  for (guint i = 0; i < sql->len; i++)
    {
      GwNearbyCamera *c = g_ptr_array_index (sql, i);
      Near *o = &g_array_index (naive, Near, i);

      g_assert_cmpint (c->id, ==, o->id);
      g_assert_cmpfloat_with_epsilon (c->distance_m, o->distance_m, 1e-6);
      g_assert_nonnull (c->camera);
      g_assert_nonnull (c->camera->name);
      g_assert_cmpuint (strlen (c->camera->id), ==, 20);
      g_assert_cmpfloat_with_epsilon (gw_distance_m (lon, lat, c->camera->lon, c->camera->lat), c->distance_m, 1e-6);
    }
}

static void
test_nearest_cameras (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = gw_db_list_tickets_page (db, 0, 400, NULL, NULL, &error);
  g_autoptr(GPtrArray) cameras = gw_db_list_cameras (db, &error);
  g_autoptr(GPtrArray) none = NULL;
  GwCamera *camera;

  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, >, 8);

  for (guint i = 0; i < tickets->len; i += 7)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);

      assert_nearest (t->lon, t->lat, 8);
    }
  /* On a camera: it comes first, at no distance. */
  camera = g_ptr_array_index (cameras, cameras->len / 2);
  assert_nearest (camera->lon, camera->lat, 8);
  {
    g_autoptr(GPtrArray) on = gw_db_list_nearest_cameras (db, camera->lon, camera->lat, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((GwNearbyCamera *) g_ptr_array_index (on, 0))->camera->id, ==, camera->id);
    g_assert_cmpfloat (((GwNearbyCamera *) g_ptr_array_index (on, 0))->distance_m, ==, 0.0);
  }
  /* Far away (Beijing), one, more than there are, none. */
  assert_nearest (116.397, 39.908, 8);
  assert_nearest (camera->lon, camera->lat, 1);
  assert_nearest (camera->lon, camera->lat, cameras->len + 10);
  none = gw_db_list_nearest_cameras (db, camera->lon, camera->lat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = gw_db_list_nearest_cameras (db, NAN, 30.0, 8, &error);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_null (none);
}

static gboolean
boxes_meet (const GwPolygon *a,
            const GwPolygon *b,
            double           dlon,
            double           dlat)
{
  double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;

  gw_polygon_get_bbox (a, &ax0, &ay0, &ax1, &ay1);
  gw_polygon_get_bbox (b, &bx0, &by0, &bx1, &by1);
  return bx1 >= ax0 - dlon && bx0 <= ax1 + dlon && by1 >= ay0 - dlat && by0 <= ay1 + dlat;
}

static void
test_neighbours (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  g_autoptr(GPtrArray) unknown = NULL;
  guint total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < grids->len; i++)
    {
      GwDivision *grid = g_ptr_array_index (grids, i);
      g_autoptr(GPtrArray) near = gw_db_list_neighbour_divisions (db, grid->code, 0, &error);
      g_autoptr(GPtrArray) wider = gw_db_list_neighbour_divisions (db, grid->code, 500, &error);
      g_autoptr(GPtrArray) naive = g_ptr_array_new ();
      double dlat = 500 / (6371008.8 * G_PI / 180.0), y0, y1, x0, x1, dlon;

      g_assert_no_error (error);
      g_assert_nonnull (grid->polygon);
      gw_polygon_get_bbox (grid->polygon, &x0, &y0, &x1, &y1);
      dlon = dlat / cos (MAX (fabs (y0), fabs (y1)) * G_PI / 180.0);
      for (guint j = 0; j < grids->len; j++)
        {
          GwDivision *other = g_ptr_array_index (grids, j);

          if (other != grid && other->polygon && boxes_meet (grid->polygon, other->polygon, dlon, dlat))
            g_ptr_array_add (naive, other);
        }
      for (guint j = 0; j < naive->len; j++)
        {
          gboolean found = FALSE;

          for (guint k = 0; k < wider->len; k++)
            found |= g_str_equal (((GwDivision *) g_ptr_array_index (wider, k))->code,
                                  ((GwDivision *) g_ptr_array_index (naive, j))->code);
          g_assert_true (found);
        }
      g_assert_cmpuint (wider->len, ==, naive->len);
      g_assert_cmpuint (near->len, <=, wider->len);
      for (guint k = 0; k < wider->len; k++)
        {
          GwDivision *d = g_ptr_array_index (wider, k);

          g_assert_cmpint (d->level, ==, GW_LEVEL_GRID);
          g_assert_nonnull (d->polygon);
          g_assert_cmpstr (d->code, !=, grid->code);
          if (k > 0)
            g_assert_cmpstr (((GwDivision *) g_ptr_array_index (wider, k - 1))->code, <, d->code);
        }
      total += near->len;
    }
  /* Grids tile their communities: every grid touches some other. */
  g_assert_cmpuint (total, >=, grids->len);

  unknown = gw_db_list_neighbour_divisions (db, "500223999999", 0, &error);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_null (unknown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("related", NOW, NULL, &db);

  g_test_add_func ("/related/tickets", test_related);
  g_test_add_func ("/related/unknown", test_related_unknown);
  g_test_add_func ("/related/window", test_related_window);
  g_test_add_func ("/related/nearest-cameras", test_nearest_cameras);
  g_test_add_func ("/related/neighbours", test_neighbours);
  ret = g_test_run ();

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
