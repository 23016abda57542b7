/* gw-mbtiles-source.c: an MBTiles package as a layer of the map.
 *
 * A request is read and decoded on a small pool of worker threads: the bytes come from
 * gw-mbtiles (one SQLite connection behind a mutex, so reads queue briefly), gdk-pixbuf
 * decodes them (its PNG and JPEG loaders are thread-safe; GTK 4.8 does not promise that
 * GdkTexture may be made off the main thread, and its own loader falls back to gdk-pixbuf
 * for anything but PNG, JPEG and TIFF anyway) and the pixels become a premultiplied cairo
 * ARGB32 surface, alpha kept, so that an overlay package (labels) shows what is under it.
 * The job goes back to the requester's main context through an idle source, where the
 * tile gets its GwSurfacePaintable and the state DONE before the request finishes (the
 * layer caches the tile as soon as the fill succeeds).
 *
 * A tile the package does not have (outside its area or levels) is DONE with no paintable:
 * ShumateMapLayer 1.0.3 skips a tile without a paintable when it draws, counts it as
 * filled, and its memory cache keeps and restores it as such, so the layers under it
 * show through. A tile deeper than the package's deepest level is cut from its ancestor
 * there and enlarged (overzoom). A tile that cannot be read or decoded fails the request
 * with the reason; a cancelled request finishes as cancelled and leaves the tile alone.
 */
#define G_LOG_DOMAIN "gw-mbtiles-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-mbtiles-source.h"
#include "gw-surface-paintable.h"
#include "gw-tile-image.h"

#define N_THREADS       2
/* The deepest level asked of a source (the viewport's own limit is lower). */
#define MAX_ZOOM        30

struct _GwMbtilesSource
{
  ShumateMapSource  parent_instance;

  GwMbtiles        *mbtiles;
  GThreadPool      *pool;

  guint             n_pending;
  guint             n_filled;
  guint             n_empty;
  guint             n_failed;
};

G_DEFINE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_MBTILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request. The task and the tile are touched on the main thread only; the worker
 * reads the package and the coordinates and writes the surface or the error. */
typedef struct {
  GTask           *task;
  ShumateTile     *tile;
  GCancellable    *cancellable;
  GMainContext    *context;
  GwMbtiles       *mbtiles;
  guint            x, y, zoom;
  guint            max_zoom;

  cairo_surface_t *surface;   /* NULL and no error: the package has no such tile */
  GError          *error;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->tile);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->mbtiles);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_clear_error (&job->error);
  g_free (job);
}

static void
read_tile (TileJob *job)
{
  guint depth = job->zoom > job->max_zoom ? job->zoom - job->max_zoom : 0;
  guint z = job->zoom - depth;
  guint x = job->x >> depth;   /* depth < 31: zoom levels stop at MAX_ZOOM */
  guint y = job->y >> depth;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *image;

  bytes = gw_mbtiles_get_tile (job->mbtiles, z, x, y, &job->error);
  if (bytes == NULL || g_cancellable_is_cancelled (job->cancellable))
    return;
  image = gw_tile_image_decode (bytes, gw_mbtiles_get_path (job->mbtiles), z, x, y,
                               GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT, &job->error);
  if (image == NULL || depth == 0)
    {
      job->surface = image;
      return;
    }
  job->surface = gw_tile_image_overzoom (image, depth, job->x, job->y);
  cairo_surface_destroy (image);
}

static gboolean on_job_read (gpointer user_data);

static void
read_job (gpointer job_data,
          gpointer pool_data)
{
  TileJob *job = job_data;
  GSource *idle;

  if (!g_cancellable_is_cancelled (job->cancellable))
    read_tile (job);

  /* Back to the requester's context through an idle source (g_main_context_invoke()
   * could run it right here). */
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, on_job_read, job, NULL);
  g_source_set_static_name (idle, "[gridwatch] mbtiles tile read");
  g_source_attach (idle, job->context);
  g_source_unref (idle);
}

/* The main thread ------------------------------------------------------------------------- */

/* The tile gets its picture (or none: the package has no such tile) and the state DONE,
 * then the request finishes; or the request fails (the tile is no longer loading). */
static void
tile_job_return (TileJob *job)
{
  GwMbtilesSource *self = g_task_get_source_object (job->task);
  g_autoptr(GdkPaintable) paintable = NULL;

  g_assert (self->n_pending > 0);
  self->n_pending--;

  if (job->error == NULL)
    g_cancellable_set_error_if_cancelled (job->cancellable, &job->error);
  if (job->error != NULL)
    {
      /* libshumate 1.0 has no error state: a tile that failed is simply not loading any
       * more, and stays without a paintable. */
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("tile %u/%u/%u: %s", job->zoom, job->x, job->y, job->error->message);
          self->n_failed++;
          shumate_tile_set_state (job->tile, SHUMATE_STATE_NONE);
        }
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return;
    }

  if (job->surface != NULL)
    paintable = GDK_PAINTABLE (gw_surface_paintable_new (job->surface));
  else
    self->n_empty++;
  shumate_tile_set_paintable (job->tile, paintable);
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  self->n_filled++;
  g_task_return_boolean (job->task, TRUE);
}

static gboolean
on_job_read (gpointer user_data)
{
  TileJob *job = user_data;

  tile_job_return (job);
  tile_job_free (job);
  return G_SOURCE_REMOVE;
}

/* Overrides ------------------------------------------------------------------------------- */

static void
gw_mbtiles_source_fill_tile_async (ShumateMapSource    *source,
                                   ShumateTile         *tile,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GwMbtilesSource *self = GW_MBTILES_SOURCE (source);
  g_autoptr(GError) error = NULL;
  TileJob *job;

  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (TileJob, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, gw_mbtiles_source_fill_tile_async);
  job->tile = g_object_ref (tile);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->context = g_main_context_ref_thread_default ();
  job->mbtiles = g_object_ref (self->mbtiles);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->max_zoom = shumate_map_source_get_max_zoom_level (source);
  self->n_pending++;
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  if (g_cancellable_is_cancelled (cancellable) || job->zoom > MAX_ZOOM)
    {
      /* Cancelled, or deeper than any map goes: finished at once (the latter with no
       * picture). */
      tile_job_return (job);
      tile_job_free (job);
      return;
    }

  if (self->pool == NULL)
    /* Shared threads (reading and decoding keep no per-thread state), at most two of
     * them busy with this source's tiles. */
    self->pool = g_thread_pool_new (read_job, NULL, N_THREADS, FALSE, &error);
  if (self->pool == NULL || !g_thread_pool_push (self->pool, job, &error))
    {
      job->error = g_error_new (GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                                /* TRANSLATORS: %s is the system's reason */
                                _("Cannot start reading map tiles: %s"), error->message);
      tile_job_return (job);
      tile_job_free (job);
    }
}

static gboolean
gw_mbtiles_source_fill_tile_finish (ShumateMapSource  *source,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_mbtiles_source_constructed (GObject *object)
{
  GwMbtilesSource *self = GW_MBTILES_SOURCE (object);
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (object);
  g_autofree char *id = NULL;
  g_autofree char *license = NULL;
  guint min_zoom, max_zoom;

  G_OBJECT_CLASS (gw_mbtiles_source_parent_class)->constructed (object);

  g_return_if_fail (GW_IS_MBTILES (self->mbtiles));

  /* Not in init: ShumateMapSource's properties are G_PARAM_CONSTRUCT, so their defaults
   * would overwrite whatever init set. */
  id = g_strconcat ("mbtiles:", gw_mbtiles_get_path (self->mbtiles), NULL);
  license = gw_tile_image_attribution_to_text (gw_mbtiles_get_attribution (self->mbtiles));
  max_zoom = MIN (gw_mbtiles_get_max_zoom (self->mbtiles), MAX_ZOOM);
  min_zoom = MIN (gw_mbtiles_get_min_zoom (self->mbtiles), max_zoom);
  shumate_map_source_set_id (source, id);
  shumate_map_source_set_name (source, gw_mbtiles_get_name (self->mbtiles));
  shumate_map_source_set_license (source, license);
  shumate_map_source_set_min_zoom_level (source, min_zoom);
  shumate_map_source_set_max_zoom_level (source, max_zoom);
  shumate_map_source_set_tile_size (source, GW_TILE_IMAGE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
}

static void
gw_mbtiles_source_finalize (GObject *object)
{
  GwMbtilesSource *self = GW_MBTILES_SOURCE (object);

  /* Every job holds its task, which holds the source: none is left by now. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->mbtiles);

  G_OBJECT_CLASS (gw_mbtiles_source_parent_class)->finalize (object);
}

static void
gw_mbtiles_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwMbtilesSource *self = GW_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_MBTILES:
      g_value_set_object (value, self->mbtiles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_mbtiles_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GwMbtilesSource *self = GW_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_MBTILES:
      self->mbtiles = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_mbtiles_source_class_init (GwMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = gw_mbtiles_source_constructed;
  object_class->finalize = gw_mbtiles_source_finalize;
  object_class->get_property = gw_mbtiles_source_get_property;
  object_class->set_property = gw_mbtiles_source_set_property;

  source_class->fill_tile_async = gw_mbtiles_source_fill_tile_async;
  source_class->fill_tile_finish = gw_mbtiles_source_fill_tile_finish;

  properties[PROP_MBTILES] =
    g_param_spec_object ("mbtiles", NULL, NULL, GW_TYPE_MBTILES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_mbtiles_source_init (GwMbtilesSource *self)
{
}

/* Public API ------------------------------------------------------------------------------ */

GwMbtilesSource *
gw_mbtiles_source_new (const char  *path,
                       GError     **error)
{
  g_autoptr(GwMbtiles) mbtiles = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mbtiles = gw_mbtiles_open (path, error);
  if (mbtiles == NULL)
    return NULL;
  return g_object_new (GW_TYPE_MBTILES_SOURCE, "mbtiles", mbtiles, NULL);
}

GwMbtiles *
gw_mbtiles_source_get_mbtiles (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);

  return self->mbtiles;
}

guint
gw_mbtiles_source_get_n_pending (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);

  return self->n_pending;
}

guint
gw_mbtiles_source_get_n_filled (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);

  return self->n_filled;
}

guint
gw_mbtiles_source_get_n_empty (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);

  return self->n_empty;
}

guint
gw_mbtiles_source_get_n_failed (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), 0);

  return self->n_failed;
}
