/* gw-frame-snapshot.c: a texture to a PNG file — encoded and written on a worker thread
 * (GTask), replaced whole with g_file_replace_contents(). */
#define G_LOG_DOMAIN "gw-frame-snapshot"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-frame-snapshot.h"

typedef struct {
  GdkTexture *texture;   /* in memory: safe to read on any thread */
  GFile      *file;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->texture);
  g_clear_object (&save->file);
  g_free (save);
}

/* A texture whose pixels are in memory: itself, or for a GPU texture, a copy read back
 * here (on the caller's thread, the only one that may touch its GL context). */
static GdkTexture *
texture_in_memory (GdkTexture *texture)
{
  g_autoptr(GBytes) bytes = NULL;
  int width, height;
  gsize stride;
  guchar *data;

  if (GDK_IS_MEMORY_TEXTURE (texture))
    return g_object_ref (texture);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  bytes = g_bytes_new_take (data, stride * height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

/* The error of a failed write, in words an officer can act on; the GIO code is kept. */
static GError *
describe_write_error (GFile        *file,
                      const GError *error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *folder = parent ? g_file_get_parse_name (parent) : g_strdup ("/");

  if (error->domain != G_IO_ERROR)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                        _("Cannot save the picture to “%s”: %s"), name, error->message);
  switch (error->code)
    {
    case G_IO_ERROR_CANCELLED:
      return g_error_copy (error);
    case G_IO_ERROR_NOT_FOUND:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture: the folder “%s” does not exist"), folder);
    case G_IO_ERROR_NOT_DIRECTORY:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture: “%s” is not a folder"), folder);
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture: you may not write to the folder “%s”"), folder);
    case G_IO_ERROR_IS_DIRECTORY:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture: “%s” is a folder"), name);
    case G_IO_ERROR_NO_SPACE:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture to “%s”: the disk is full"), name);
    default:
      return g_error_new (G_IO_ERROR, error->code,
                          _("Cannot save the picture to “%s”: %s"), name, error->message);
    }
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveData *save = task_data;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  png = gdk_texture_save_to_png_bytes (save->texture);
  if (png == NULL || g_bytes_get_size (png) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The picture could not be encoded as PNG"));
      return;
    }
  /* A temporary file beside the target, renamed over it once complete. */
  if (!g_file_replace_contents (save->file, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, &error))
    {
      g_task_return_error (task, describe_write_error (save->file, error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
gw_texture_save_png_async (GdkTexture          *texture,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *save;

  g_return_if_fail (GDK_IS_TEXTURE (texture));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_texture_save_png_async);
  g_task_set_name (task, "[gw-frame-snapshot] save png");
  save = g_new0 (SaveData, 1);
  save->texture = texture_in_memory (texture);
  save->file = g_object_ref (file);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
gw_texture_save_png_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gw_texture_save_png_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
