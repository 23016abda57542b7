/* gw-screenshot.c: a widget as it is on screen, written to a PNG file.
 *
 * The picture is taken from an idle after the frame clock's second after-paint from now, so
 * that what is rendered has been laid out and drawn (a style change made for new content
 * can take one more frame to settle the window's size); it is rendered again with the
 * window's own renderer (GtkWidgetPaintable -> GskRenderNode -> texture), encoded in
 * memory and written with GIO's asynchronous file API.
 */
#define G_LOG_DOMAIN "gw-screenshot"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-screenshot.h"

typedef struct {
  GFile         *file;
  GdkFrameClock *frame_clock;
  gulong         map_handler;
  gulong         after_paint_handler;
  guint          frames_to_wait;
  GdkPaintable  *image;          /* the widget as the last awaited paint left it */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->frame_clock);
  g_clear_object (&data->image);
  g_free (data);
}

static void
on_file_replaced (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SaveData *data = g_task_get_task_data (task);

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      g_task_return_new_error (task, error->domain, error->code,
                               /* TRANSLATORS: the first %s is a file name, the second why */
                               _("Cannot write the screenshot to %s: %s"),
                               name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
render_in_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GtkWidget *widget = g_task_get_source_object (task);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  GCancellable *cancellable;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  /* The paintable's size is the widget's border box: for a window, its frame as well as
   * its content, and exactly the window's size; drawn at that size, nothing is scaled. The
   * picture taken as the paint ended: a window with live video has dropped its drawing by
   * the time an idle runs (each new frame invalidates it). */
  paintable = data->image ? g_object_ref (data->image) : gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);

  if (width <= 0 || height <= 0 || node == NULL || renderer == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The window has nothing drawn to take a screenshot of"));
      return G_SOURCE_REMOVE;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = gdk_texture_save_to_png_bytes (texture);

  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (data->file, png, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       on_file_replaced, g_steal_pointer (&task));
  return G_SOURCE_REMOVE;
}

static void
on_frame_clock_after_paint (GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  if (--data->frames_to_wait > 0)
    {
      gtk_widget_queue_draw (g_task_get_source_object (task));
      return;
    }

  g_clear_signal_handler (&data->after_paint_handler, frame_clock);
  {
    g_autoptr(GdkPaintable) live = gtk_widget_paintable_new (g_task_get_source_object (task));

    data->image = gdk_paintable_get_current_image (live);
  }
  /* Not from inside the paint: the widget tree is drawn again for the picture. Above the
   * redraw's priority: a window that never stops drawing (live video) never goes idle. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, render_in_idle, task, NULL);
}

static void
wait_for_paint (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  GtkWidget *widget = g_task_get_source_object (task);

  data->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  data->after_paint_handler = g_signal_connect (data->frame_clock, "after-paint",
                                                G_CALLBACK (on_frame_clock_after_paint), task);
  gtk_widget_queue_draw (widget);
}

static void
on_widget_map (GtkWidget *widget,
               gpointer   user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->map_handler, widget);
  wait_for_paint (task);
}

void
gw_screenshot_save_async (GtkWidget           *widget,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_screenshot_save_async);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->frames_to_wait = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  /* The task's reference travels with the signal handlers and the idle. */
  if (gtk_widget_get_mapped (widget))
    wait_for_paint (g_steal_pointer (&task));
  else
    data->map_handler = g_signal_connect (widget, "map", G_CALLBACK (on_widget_map),
                                          g_steal_pointer (&task));
}

gboolean
gw_screenshot_save_finish (GtkWidget     *widget,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, widget), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
