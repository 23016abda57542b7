/* test-window-util.h: what the window tests share beyond test-util: running the main loop
 * a while, and a screenshot of a widget for a person to look at. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for `ms` milliseconds (an animation, a page transition). */
void test_window_spin       (guint       ms);
/* After `settle_ms` of main loop, saves `widget` as it is on screen, with the app's own
 * snapshot-to-PNG, to $G_TEST_BUILDDIR/<name>-<$LANGUAGE or C>.png. */
void test_window_screenshot (GtkWidget  *widget,
                             const char *name,
                             guint       settle_ms);

/* Sets the gboolean `flag` points to (a timeout's callback). */
gboolean test_window_flag_cb (gpointer flag);

/* Runs the main loop until `cond` holds; fails the test after 30 s, naming `cond`. */
#define TEST_WAIT_FOR(cond) G_STMT_START {                                          \
    gboolean timed_out_ = FALSE;                                                    \
    guint timeout_ = g_timeout_add_seconds (30, test_window_flag_cb, &timed_out_);  \
    while (!(cond) && !timed_out_)                                                  \
      g_main_context_iteration (NULL, TRUE);                                        \
    if (timed_out_)                                                                 \
      g_error ("timed out waiting for %s", #cond);                                  \
    g_source_remove (timeout_);                                                     \
  } G_STMT_END

G_END_DECLS
