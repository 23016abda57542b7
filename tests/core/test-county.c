/* test-county.c: the small demo county in a scratch directory. */
#include "config.h"

#include <glib/gstdio.h>

#include "gw-demo.h"
#include "test-county.h"

char *
test_county_new (const char  *tag,
                 gint64       now,
                 char       **path,
                 GwDb       **db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("gw-test-%s-XXXXXX", tag);
  char *dir = g_dir_make_tmp (template, &error);
  g_autofree char *file = NULL;
  g_autoptr(GwDb) county = NULL;

  g_assert_no_error (error);
  file = g_build_filename (dir, "county.db", NULL);
  county = gw_db_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (county, GW_DEMO_PROFILE_SMALL, 7, now, NULL, NULL, &error));
  g_assert_no_error (error);
  if (db)
    *db = g_steal_pointer (&county);
  if (path)
    *path = g_steal_pointer (&file);
  return dir;
}

void
test_county_remove (char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *f = g_build_filename (dir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (dir);
  g_free (dir);
}
