/* Generating the tongnan profile: seconds, and the size of the database it makes. */
#include "config.h"

#include <glib/gstdio.h>

#include "bench-common.h"
#include "gw-demo.h"

int
main (void)
{
  const char *dir = g_getenv ("GW_BENCH_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", "bench-tongnan.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  double t0, t1;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  t0 = bench_now_ms ();
  {
    g_autoptr(GwDb) db = gw_db_open (path, &error);
    if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_TONGNAN, 1, 1795276800, NULL, NULL, &error))
      g_error ("%s", error->message);
  }
  t1 = bench_now_ms ();
  g_stat (path, &st);
  /* The target is the baseline: under 60 s on a 2-core machine. */
  bench_figure ("demo_tongnan_generate", (t1 - t0) / 1000.0, "s", 60.0, "s(target)");
  bench_figure ("demo_tongnan_db_size", st.st_size / 1048576.0, "MiB", -1, NULL);
  return 0;
}
