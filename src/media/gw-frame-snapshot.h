/* gw-frame-snapshot.h: a frame (a GdkTexture, e.g. from gw_video_source_get_texture())
 * saved as a PNG file, off the main thread.
 *
 * The PNG is encoded and written on a worker thread; the file is replaced whole (written
 * to a temporary file beside it, then renamed), so a reader never sees half a picture and
 * a failure leaves no file behind. A texture that lives on the GPU is read back on the
 * calling thread first (GL may not be touched from another); frames of a GwVideoSource
 * are in memory already and cost the main thread nothing.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saves texture to file as PNG. The callback runs on the caller's thread-default main
 * context. */
void     gw_texture_save_png_async  (GdkTexture           *texture,
                                     GFile                *file,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
/* FALSE with an error (G_IO_ERROR, its code kept) whose message says in words what went
 * wrong and where: "Cannot save the picture: the folder “…” does not exist", … */
gboolean gw_texture_save_png_finish (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
