/* gw-camsim-file.h: a video file played in a loop for every simulated camera (--file).
 *
 * One pipeline decodes the file in real time, scales it to the main stream's size and
 * hands each frame to an intervideo channel; every camera stream reads that channel and
 * adds its own overlay. The file is decoded once however many cameras and clients there
 * are — and always, watched or not.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_CAMSIM_FILE (gw_camsim_file_get_type ())
G_DECLARE_FINAL_TYPE (GwCamsimFile, gw_camsim_file, GW, CAMSIM_FILE, GObject)

/* Fails (GW_CAMSIM_ERROR_FILE) when path is not a readable file. */
GwCamsimFile *gw_camsim_file_new          (const char           *path,
                                           const char           *channel,
                                           int                   width,
                                           int                   height,
                                           GError              **error);
/* Prerolls the file (it decodes: GW_CAMSIM_ERROR_FILE otherwise), then plays it in a loop. */
void          gw_camsim_file_start_async  (GwCamsimFile         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      gw_camsim_file_start_finish (GwCamsimFile         *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
