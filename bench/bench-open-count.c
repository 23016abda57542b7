/* Open the database and count open tickets per grid (the partial index), against the
 * same count by a full scan of the tickets table. */
#include "config.h"

#include "bench-common.h"

static double
open_and_count (const char *path,
                gboolean    full_scan,
                guint      *n_grids)
{
  g_autoptr(GError) error = NULL;
  double t0 = bench_now_ms ();
  g_autoptr(GwDb) db = gw_db_open (path, &error);

  if (db == NULL)
    g_error ("%s", error->message);
  if (!full_scan)
    {
      g_autoptr(GHashTable) counts = gw_db_count_open_per_grid (db, &error);
      if (counts == NULL)
        g_error ("%s", error->message);
      *n_grids = g_hash_table_size (counts);
    }
  else
    {
      sqlite3_stmt *stmt;
      guint n = 0;
      sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "SELECT grid_id, count(*) FROM tickets NOT INDEXED"
                          " WHERE state NOT IN ('closed', 'rejected') GROUP BY grid_id", -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        n++;
      sqlite3_finalize (stmt);
      *n_grids = n;
    }
  return bench_now_ms () - t0;
}

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  GArray *fast = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *slow = g_array_new (FALSE, FALSE, sizeof (double));
  guint a = 0, b = 0;

  for (int i = 0; i < 7; i++)
    {
      double x = open_and_count (path, FALSE, &a);
      double y = open_and_count (path, TRUE, &b);
      g_array_append_val (fast, x);
      g_array_append_val (slow, y);
    }
  if (a != b)
    g_error ("the indexed count found %u grids, the scan %u", a, b);
  g_array_sort (fast, bench_compare_double);
  g_array_sort (slow, bench_compare_double);
  bench_figure ("open_db_count_open_per_grid", g_array_index (fast, double, 3), "ms",
                g_array_index (slow, double, 3), "ms(full-scan)");
  g_array_unref (fast);
  g_array_unref (slow);
  return 0;
}
