/* Point -> grid for 100,000 random points in the county: the cell index + point-in-polygon
 * against testing every finest polygon (brute force). */
#include "config.h"

#include "bench-common.h"

#define N_POINTS 100000

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  g_autoptr(GwDivision) county = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree double *pts = g_new (double, 2 * N_POINTS);
  char *chain[GW_N_LEVELS] = { NULL, };
  double t0, t_index, t_brute;
  guint found = 0, found_brute = 0;

  if (db == NULL || !(county = gw_db_get_division (db, "500223", &error)))
    g_error ("%s", error->message);
  for (guint i = 0; i < N_POINTS; i++)
    gw_polygon_random_point (county->polygon, rand, &pts[2 * i], &pts[2 * i + 1]);
  /* Warm the division cache. */
  gw_db_locate (db, pts[0], pts[1], NULL, &error);

  t0 = bench_now_ms ();
  for (guint i = 0; i < N_POINTS; i++)
    found += gw_db_locate (db, pts[2 * i], pts[2 * i + 1], chain, &error);
  t_index = bench_now_ms () - t0;

  t0 = bench_now_ms ();
  for (guint i = 0; i < N_POINTS; i++)
    found_brute += gw_db_locate_brute_force (db, pts[2 * i], pts[2 * i + 1], chain, &error);
  t_brute = bench_now_ms () - t0;

  for (guint l = 0; l < GW_N_LEVELS; l++)
    g_free (chain[l]);
  if (found != found_brute)
    g_error ("indexed found %u, brute force %u", found, found_brute);
  bench_figure_rate ("locate_points_per_second", N_POINTS / (t_index / 1000.0), "points/s",
                     N_POINTS / (t_brute / 1000.0), "points/s(brute-force)");
  return 0;
}
