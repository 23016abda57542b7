/* test-screenshot.c: the real gridwatch binary, as a person or a script runs it.
 *
 * Screenshot mode on the real demo database in English and in zh_CN: exit status 0, a PNG
 * of the window's size that is not one flat colour, kept in the build directory
 * (tests/app/screenshot-en.png, screenshot-zh_CN.png) for a person to look at. A missing or
 * broken database still gets its status page on file but exits 1 with the reason on
 * stderr; a file that cannot be written exits 1; windows not in this build exit 1.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "test-util.h"

/* The window's size with the schema's defaults (tests run on the memory settings backend). */
#define WINDOW_WIDTH  1280
#define WINDOW_HEIGHT 800

static char *tmpdir;
static char *demo_path;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs gridwatch with args in the given language: "en" or "zh_CN". */
static void
run_app (Run               *run,
         const char        *language,
         const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *app = g_getenv ("GW_APP_BIN");

  g_assert_nonnull (app);
  g_ptr_array_add (argv, (gpointer) app);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (g_str_equal (language, "zh_CN"))
    {
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "zh_CN", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANG", "zh_CN.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "zh_CN.UTF-8", TRUE);
    }
  else
    {
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
    }
  {
    /* What the app remembers outside GSettings (the video wall's book) stays in the test. */
    g_autofree char *config = g_build_filename (tmpdir, "config", NULL);

    g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  }

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("gridwatch exited with %d; stderr: %s", run->status, run->err);
}

static char *
output_path (const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  return g_build_filename (builddir != NULL ? builddir : tmpdir, name, NULL);
}

/* Loads the PNG, checks its size and returns how many distinct colours it has. */
static guint
check_png (const char *path)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  int width, height;
  gsize stride;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, WINDOW_WIDTH);
  g_assert_cmpint (height, ==, WINDOW_HEIGHT);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i, sizeof pixel);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }

  return g_hash_table_size (colours);
}

static gboolean
same_pixels (const char *path_a,
             const char *path_b)
{
  g_autoptr(GdkTexture) a = gdk_texture_new_from_filename (path_a, NULL);
  g_autoptr(GdkTexture) b = gdk_texture_new_from_filename (path_b, NULL);
  gsize stride = (gsize) WINDOW_WIDTH * 4;
  g_autofree guchar *pa = g_malloc (stride * WINDOW_HEIGHT);
  g_autofree guchar *pb = g_malloc (stride * WINDOW_HEIGHT);

  gdk_texture_download (a, pa, stride);
  gdk_texture_download (b, pb, stride);
  return memcmp (pa, pb, stride * WINDOW_HEIGHT) == 0;
}

static void
take_screenshot (const char *language)
{
  g_autofree char *name = g_strdup_printf ("screenshot-%s.png", language);
  g_autofree char *png = output_path (name);
  g_auto(Run) run = { 0 };
  guint colours;

  if (!test_util_have_display ())
    {
      g_test_skip ("No display: run the display suite under xvfb-run");
      return;
    }

  g_unlink (png);
  run_app (&run, language,
           (const char *[]) { "--db", demo_path, "--screenshot", png, NULL });
  g_assert_cmpint (run.status, ==, 0);

  /* Text, cards and figures: far more than a blank window's handful of colours. */
  colours = check_png (png);
  g_test_message ("%s: %u colours", png, colours);
  g_assert_cmpuint (colours, >=, 64);
}

static void
test_screenshot_en (void)
{
  take_screenshot ("en");
}

static void
test_screenshot_zh_cn (void)
{
  g_autofree char *en = output_path ("screenshot-en.png");
  g_autofree char *zh = output_path ("screenshot-zh_CN.png");

  take_screenshot ("zh_CN");

  /* Translated: the Chinese window is not the English one. */
  if (g_file_test (en, G_FILE_TEST_EXISTS) && g_file_test (zh, G_FILE_TEST_EXISTS))
    g_assert_false (same_pixels (en, zh));
}

static void
test_screenshot_missing_database (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "nowhere", "gridwatch.db", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "missing.png", NULL);
  g_auto(Run) run = { 0 };

  if (!test_util_have_display ())
    {
      g_test_skip ("No display: run the display suite under xvfb-run");
      return;
    }

  run_app (&run, "en", (const char *[]) { "--db", db, "--screenshot", png, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, db));
  g_assert_nonnull (strstr (run.err, "gridwatchctl demo --db"));

  /* The status page that says so is on file; the database was not created. */
  g_assert_cmpuint (check_png (png), >=, 16);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_screenshot_broken_database (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "broken.db", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "broken.png", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  if (!test_util_have_display ())
    {
      g_test_skip ("No display: run the display suite under xvfb-run");
      return;
    }

  g_file_set_contents (db, "not a database\n", -1, &error);
  g_assert_no_error (error);

  run_app (&run, "zh_CN", (const char *[]) { "--db", db, "--screenshot", png, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "gridwatchctl demo --db"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_screenshot_unwritable (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "no-such-folder", "shot.png", NULL);
  g_auto(Run) run = { 0 };

  if (!test_util_have_display ())
    {
      g_test_skip ("No display: run the display suite under xvfb-run");
      return;
    }

  run_app (&run, "en", (const char *[]) { "--db", demo_path, "--screenshot", png, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot write the screenshot"));
  g_assert_nonnull (strstr (run.err, png));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_options_window (void)
{
  {
    /* An unknown window is refused, in the officer's language. */
    g_auto(Run) run = { 0 };

    run_app (&run, "zh_CN", (const char *[]) { "--window", "bogus", NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bogus"));
  }

  {
    /* The map opens over the console: the console's screenshot is still taken. */
    g_auto(Run) run = { 0 };
    g_autofree char *png = g_build_filename (tmpdir, "with-map.png", NULL);

    run_app (&run, "en", (const char *[]) { "--db", demo_path, "--window", "map", "--screenshot", png, NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }

  {
    /* So do the dashboard and the video wall (its book under this run's own config). */
    g_auto(Run) dash = { 0 };
    g_autofree char *dash_png = g_build_filename (tmpdir, "with-dashboard.png", NULL);

    run_app (&dash, "en", (const char *[]) { "--db", demo_path, "--window", "dashboard", "--screenshot", dash_png, NULL });
    g_assert_cmpint (dash.status, ==, 0);
    g_assert_true (g_file_test (dash_png, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0 };
    g_autofree char *png = g_build_filename (tmpdir, "with-wall.png", NULL);

    run_app (&run, "en", (const char *[]) { "--db", demo_path, "--window", "wall", "--screenshot", png, NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }

  {
    g_auto(Run) run = { 0 };

    run_app (&run, "en", (const char *[]) { "--window", "cockpit", NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "cockpit"));
  }
}

static void
test_options_version (void)
{
  g_auto(Run) run = { 0 };

  run_app (&run, "en", (const char *[]) { "--version", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "gridwatch " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "demo.db");

  g_test_add_func ("/options/version", test_options_version);
  g_test_add_func ("/options/window", test_options_window);
  g_test_add_func ("/screenshot/en", test_screenshot_en);
  g_test_add_func ("/screenshot/zh_CN", test_screenshot_zh_cn);
  g_test_add_func ("/screenshot/missing-database", test_screenshot_missing_database);
  g_test_add_func ("/screenshot/broken-database", test_screenshot_broken_database);
  g_test_add_func ("/screenshot/unwritable", test_screenshot_unwritable);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
