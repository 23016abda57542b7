/* test-util.c: what the display tests share: the demo database and a scratch directory. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "test-util.h"

char *
test_util_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gridwatch-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_util_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        test_util_remove_tree (path);
      else
        g_unlink (path);
    }

  g_rmdir (dir);
}

char *
test_util_create_demo (const char *dir,
                       const char *name)
{
  const char *ctl = g_getenv ("GW_CTL_BIN");
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  g_assert_nonnull (ctl);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, ctl, "demo", "--db", path,
                              "--profile", "small", "--seed", "1", "--quiet", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("gridwatchctl demo failed: %s", err_text);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

gboolean
test_util_have_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}
