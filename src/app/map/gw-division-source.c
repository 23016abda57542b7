/* gw-division-source.c: the offline base map, drawn from the county's own boundaries.
 *
 * Every division is read once from the store (on one of its reader threads); a worker
 * thread makes them ready for tiles (gw-division-tiles: projected, indexed, names
 * placed). Tiles are drawn with cairo and Pango on a pool of two threads of the source's
 * own. The workers only read the shared, immutable geometry and write pixels; the texture
 * is handed to the tile on the main thread, where the request finishes. Tiles outside the
 * county share one plain texture made on the main thread. Requests made before the
 * geometry is ready wait in a queue; a cancelled request is dropped before or after it
 * is drawn (and drawing stops between levels).
 */
#define G_LOG_DOMAIN "gw-division-source"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-division-source.h"
#include "gw-surface-paintable.h"
#include "gw-division-tiles.h"

#define TILE_SIZE  GW_DIVISION_TILE_SIZE
#define N_THREADS  2

struct _GwDivisionSource
{
  ShumateMapSource  parent_instance;

  GwStore          *store;
  GCancellable     *cancellable;     /* the load */
  GwDivisionTiles  *data;            /* NULL until loaded */
  GError           *error;           /* why loading failed */
  GPtrArray        *waiting;         /* TileJob: asked for before the data was there */
  GThreadPool      *pool;
  GdkPaintable     *plain[2];        /* outside the county: light, dark */
  gboolean          lines_only;      /* over imagery: no land, no tints, no background */
  GwDatum           datum;           /* the base's: GCJ-02 shifts every line to match */
  GHashTable       *fills;           /* a choropleth: grid code -> GwRgba (never changed) */

  guint             n_pending;
  guint             n_filled;
  guint             n_drawn;
  gint64            render_us;
};

G_DEFINE_FINAL_TYPE (GwDivisionSource, gw_division_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request. The task and the tile are touched on the main thread only; the worker
 * reads the rest and writes the surface (or the error) and the time it took. */
typedef struct {
  GTask           *task;
  ShumateTile     *tile;
  GCancellable    *cancellable;
  GMainContext    *context;
  GwDivisionTiles *data;
  GwTilePalette    palette;
  GHashTable      *fills;            /* a choropleth's colours by grid, or NULL */
  guint            x, y, zoom;

  cairo_surface_t *surface;
  GError          *error;
  gint64           render_us;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->tile);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->data, gw_division_tiles_unref);
  g_clear_pointer (&job->fills, g_hash_table_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_clear_error (&job->error);
  g_free (job);
}

/* A tile's image as the renderer likes it best (gw-surface-paintable). */
static GdkPaintable *
paintable_from_surface (cairo_surface_t *surface)
{
  return GDK_PAINTABLE (gw_surface_paintable_new (surface));
}

/* The texture of a tile with nothing of the county in it, made once per style. */
static GdkPaintable *
plain_texture (GwDivisionSource    *self,
               const GwTilePalette *palette)
{
  GdkPaintable **texture = &self->plain[palette->dark ? 1 : 0];

  if (*texture == NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgba (cr, palette->background.r, palette->background.g, palette->background.b,
                             palette->background.a);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      *texture = paintable_from_surface (surface);
      cairo_surface_destroy (surface);
    }
  return *texture;
}

/* On the main thread: the tile gets its texture (or loses its "loading" state) and the
 * request finishes. With no surface and no error, the tile is a plain one. */
static void
tile_job_return (TileJob *job)
{
  GwDivisionSource *self = g_task_get_source_object (job->task);
  g_autoptr(GdkPaintable) texture = NULL;

  g_assert (self->n_pending > 0);
  self->n_pending--;

  if (job->error == NULL)
    g_cancellable_set_error_if_cancelled (job->cancellable, &job->error);
  if (job->error != NULL)
    {
      /* libshumate 1.0 has no error state: a tile that failed is simply not loading any
       * more, and stays without a paintable. */
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        shumate_tile_set_state (job->tile, SHUMATE_STATE_NONE);
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return;
    }

  if (job->surface != NULL)
    {
      texture = paintable_from_surface (job->surface);
      self->n_drawn++;
      self->render_us += job->render_us;
    }
  else
    texture = g_object_ref (plain_texture (self, &job->palette));

  shumate_tile_set_paintable (job->tile, texture);
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  self->n_filled++;
  g_task_return_boolean (job->task, TRUE);
}

static gboolean
on_job_drawn (gpointer user_data)
{
  TileJob *job = user_data;

  tile_job_return (job);
  tile_job_free (job);
  return G_SOURCE_REMOVE;
}

/* A worker thread: draws the tile, then hands the job back to the requester's context
 * (through an idle source: g_main_context_invoke() could run it right here). */
static void
draw_job (gpointer job_data,
          gpointer pool_data)
{
  TileJob *job = job_data;
  GSource *idle;

  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      gint64 start = g_get_monotonic_time ();
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
      cairo_t *cr = cairo_create (surface);
      gboolean drawn = gw_division_tiles_draw (job->data, cr, &job->palette, job->fills, job->zoom, job->x, job->y,
                                                job->cancellable);
      cairo_status_t status = cairo_status (cr);

      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        g_set_error (&job->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "Drawing tile %u/%u/%u failed: %s", job->zoom, job->x, job->y,
                     cairo_status_to_string (status));
      else if (drawn)
        job->surface = g_steal_pointer (&surface);
      g_clear_pointer (&surface, cairo_surface_destroy);
      job->render_us = g_get_monotonic_time () - start;
      g_debug ("tile %u/%u/%u drawn in %.2f ms", job->zoom, job->x, job->y, job->render_us / 1000.0);
    }

  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, on_job_drawn, job, NULL);
  g_source_set_static_name (idle, "[gridwatch] division tile drawn");
  g_source_attach (idle, job->context);
  g_source_unref (idle);
}

/* Once the data is there: a plain tile at once, or the tile drawn on the pool. */
static void
start_job (GwDivisionSource *self,
           TileJob          *job)
{
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (job->cancellable) || !gw_division_tiles_covers (self->data, job->zoom, job->x, job->y))
    {
      tile_job_return (job);
      tile_job_free (job);
      return;
    }

  job->data = gw_division_tiles_ref (self->data);
  if (self->pool == NULL)
    /* Threads of its own, kept while the source lives: each keeps its fonts (Pango's
     * font map is per thread, and loading the CJK font costs ~10 ms on a thread's first
     * names). */
    self->pool = g_thread_pool_new (draw_job, NULL, N_THREADS, TRUE, &error);
  if (self->pool == NULL || !g_thread_pool_push (self->pool, job, &error))
    {
      job->error = g_steal_pointer (&error);
      tile_job_return (job);
      tile_job_free (job);
    }
}

static void
fail_job (TileJob      *job,
          const GError *error)
{
  job->error = g_error_copy (error);
  tile_job_return (job);
  tile_job_free (job);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  g_autoptr(GError) error = NULL;

  self->waiting = g_ptr_array_new ();
  self->data = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->data == NULL)
    {
      g_debug ("Loading the boundaries failed: %s", error->message);
      self->error = g_steal_pointer (&error);
      for (guint i = 0; i < waiting->len; i++)
        fail_job (g_ptr_array_index (waiting, i), self->error);
      return;
    }

  g_debug ("%u boundaries and %u names ready", gw_division_tiles_get_n_shapes (self->data),
           gw_division_tiles_get_n_labels (self->data));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  for (guint i = 0; i < waiting->len; i++)
    start_job (self, g_ptr_array_index (waiting, i));
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  if (g_task_return_error_if_cancelled (task))
    return;
  GwDivisionSource *self = source_object;

  g_task_return_pointer (task, gw_division_tiles_new (task_data, self->datum), (GDestroyNotify) gw_division_tiles_unref);
}

static void
on_divisions_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwDivisionSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) divisions = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, on_prepared, NULL);
  g_task_set_source_tag (task, on_divisions_read);
  if (divisions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, g_steal_pointer (&divisions), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, prepare_thread);
}

static gpointer
list_divisions (GwDb      *db,
                gpointer   data,
                GError   **error)
{
  return gw_db_list_divisions (db, -1, error);
}

static void
gw_division_source_fill_tile_async (ShumateMapSource    *source,
                                    ShumateTile         *tile,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (source);
  TileJob *job;

  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (TileJob, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, gw_division_source_fill_tile_async);
  job->tile = g_object_ref (tile);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->context = g_main_context_ref_thread_default ();
  job->palette = *gw_tile_palette_get (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  if (self->fills != NULL)
    job->fills = g_hash_table_ref (self->fills);
  if (self->lines_only)
    {
      /* Over imagery: the lines and names only. */
      job->palette.background.a = 0;
      job->palette.land.a = 0;
      for (guint i = 0; i < GW_TILE_N_TINTS; i++)
        job->palette.tints[i].a = 0;
    }
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  self->n_pending++;
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  if (self->error != NULL)
    fail_job (job, self->error);
  else if (self->data == NULL)
    g_ptr_array_add (self->waiting, job);
  else
    start_job (self, job);
}

static gboolean
gw_division_source_fill_tile_finish (ShumateMapSource  *source,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_division_source_constructed (GObject *object)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (object);

  G_OBJECT_CLASS (gw_division_source_parent_class)->constructed (object);

  /* Not in init: ShumateMapSource's properties are G_PARAM_CONSTRUCT, so their defaults
   * would overwrite whatever init set. */
  shumate_map_source_set_id (source, "gridwatch-divisions");
  /* The map's name for the base drawn from our own boundaries, with no tiles. */
  shumate_map_source_set_name (source, _("County boundaries"));
  shumate_map_source_set_min_zoom_level (source, GW_DIVISION_MIN_ZOOM);
  shumate_map_source_set_max_zoom_level (source, GW_DIVISION_MAX_ZOOM);
  shumate_map_source_set_tile_size (source, TILE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);

  g_return_if_fail (GW_IS_STORE (self->store));
  gw_store_read_async (self->store, list_divisions, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, on_divisions_read, g_object_ref (self));
}

static void
gw_division_source_dispose (GObject *object)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (gw_division_source_parent_class)->dispose (object);
}

static void
gw_division_source_finalize (GObject *object)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);

  /* Every job holds its task, which holds the source: none is left by now. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->data, gw_division_tiles_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->plain[0]);
  g_clear_object (&self->plain[1]);
  g_clear_pointer (&self->fills, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_division_source_parent_class)->finalize (object);
}

static void
gw_division_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, gw_division_source_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_division_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GwDivisionSource *self = GW_DIVISION_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_division_source_class_init (GwDivisionSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = gw_division_source_constructed;
  object_class->dispose = gw_division_source_dispose;
  object_class->finalize = gw_division_source_finalize;
  object_class->get_property = gw_division_source_get_property;
  object_class->set_property = gw_division_source_set_property;

  source_class->fill_tile_async = gw_division_source_fill_tile_async;
  source_class->fill_tile_finish = gw_division_source_fill_tile_finish;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GW_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_division_source_init (GwDivisionSource *self)
{
  self->cancellable = g_cancellable_new ();
  self->waiting = g_ptr_array_new ();
}

GwDivisionSource *
gw_division_source_new (GwStore *store)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  return g_object_new (GW_TYPE_DIVISION_SOURCE, "store", store, NULL);
}

/* The same boundaries as lines and names only, transparent elsewhere: drawn over imagery
 * (an MBTiles base). */
GwDivisionSource *
gw_division_source_new_lines (GwStore *store,
                              GwDatum  datum)
{
  g_autofree char *id = NULL;
  GwDivisionSource *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (datum < GW_N_DATUMS, NULL);

  self = g_object_new (GW_TYPE_DIVISION_SOURCE, "store", store, NULL);
  self->lines_only = TRUE;
  self->datum = datum;
  /* Its own id: the layer's tile cache is keyed by it. */
  id = g_strdup_printf ("gridwatch-division-lines-%s", gw_datum_to_string (datum));
  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), id);
  return self;
}

/* Lines, names and each grid of `fills` (grid code -> GwRgba, kept and never changed)
 * in its colour, transparent elsewhere: a choropleth over the base. A new table takes a
 * new source (and layer): tiles are cached by the source's id. */
GwDivisionSource *
gw_division_source_new_shaded (GwStore    *store,
                               GHashTable *fills,
                               GwDatum     datum)
{
  static guint serial;
  g_autofree char *id = NULL;
  GwDivisionSource *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (fills != NULL, NULL);

  self = gw_division_source_new_lines (store, datum);
  self->fills = g_hash_table_ref (fills);
  id = g_strdup_printf ("gridwatch-choropleth-%u", ++serial);
  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), id);
  return self;
}

gboolean
gw_division_source_get_loaded (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), FALSE);

  return self->data != NULL;
}

const GError *
gw_division_source_get_error (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), NULL);

  return self->error;
}

gboolean
gw_division_source_get_extent (GwDivisionSource *self,
                               double           *min_lon,
                               double           *min_lat,
                               double           *max_lon,
                               double           *max_lat)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), FALSE);

  return self->data != NULL && gw_division_tiles_get_extent (self->data, min_lon, min_lat, max_lon, max_lat);
}

guint
gw_division_source_get_n_pending (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), 0);

  return self->n_pending;
}

guint
gw_division_source_get_n_filled (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), 0);

  return self->n_filled;
}

guint
gw_division_source_get_n_drawn (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), 0);

  return self->n_drawn;
}

gint64
gw_division_source_get_render_us (GwDivisionSource *self)
{
  g_return_val_if_fail (GW_IS_DIVISION_SOURCE (self), 0);

  return self->render_us;
}
