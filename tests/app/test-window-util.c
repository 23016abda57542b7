/* test-window-util.c: the main loop for a while, and screenshots. */
#include "config.h"

#include "gw-screenshot.h"
#include "test-window-util.h"

static gboolean
on_spin_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_window_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_spin_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  gboolean saved = gw_screenshot_save_finish (GTK_WIDGET (object), result, &error);

  g_assert_no_error (error);
  g_assert_true (saved);
  *(gboolean *) user_data = TRUE;
}

void
test_window_screenshot (GtkWidget  *widget,
                        const char *name,
                        guint       settle_ms)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file_name = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "C");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_tmp_dir (), file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;
  guint timeout;
  gboolean timed_out = FALSE;

  if (settle_ms > 0)
    test_window_spin (settle_ms);
  timeout = g_timeout_add_seconds (30, on_spin_timeout, &timed_out);
  gw_screenshot_save_async (widget, file, NULL, on_saved, &done);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  g_test_message ("screenshot: %s", path);
}

gboolean
test_window_flag_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}
