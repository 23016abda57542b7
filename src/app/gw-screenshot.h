/* gw-screenshot.h: a widget as it is on screen, written to a PNG file. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Waits until the widget has been painted once more, renders it with its window's renderer
 * and writes the PNG asynchronously. */
void     gw_screenshot_save_async  (GtkWidget           *widget,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean gw_screenshot_save_finish (GtkWidget           *widget,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
