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

G_END_DECLS
