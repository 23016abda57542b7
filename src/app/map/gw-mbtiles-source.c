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

#define TILE_SIZE       256
#define N_THREADS       2
/* A tile image bigger than this on either side is refused before it is decoded. */
#define MAX_IMAGE_SIDE  4096
/* The deepest level asked of a source (the viewport's own limit is lower). */
#define MAX_ZOOM        30
/* Past this many levels below the package, a tile lies within one pixel of its ancestor. */
#define MAX_SCALED_DEPTH 8

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

/* The attribution as plain text: MBTiles allows HTML there, and ShumateLicense shows its
 * text as it is. Tags go, the common entities are decoded, white space is collapsed. */
static char *
attribution_to_text (const char *html)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" },
    { "&nbsp;", " " }, { "&copy;", "©" }, { "&reg;", "®" },
  };
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean space = FALSE;

  if (html == NULL)
    return NULL;

  for (const char *p = html; *p != '\0';)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          if (end == NULL)
            break;
          /* A line or block break parts words; <a>, <b>… do not. */
          if (g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "<p", 2) == 0 ||
              g_ascii_strncasecmp (p, "</p", 3) == 0 || g_ascii_strncasecmp (p, "<div", 4) == 0 ||
              g_ascii_strncasecmp (p, "</div", 5) == 0)
            space = TRUE;
          p = end + 1;
          continue;
        }
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          p++;
          continue;
        }
      if (space && text->len > 0)
        g_string_append_c (text, ' ');
      space = FALSE;

      if (*p == '&')
        {
          gboolean decoded = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities) && !decoded; i++)
            if (g_str_has_prefix (p, entities[i].entity))
              {
                g_string_append (text, entities[i].text);
                p += strlen (entities[i].entity);
                decoded = TRUE;
              }
          if (!decoded && p[1] == '#')
            {
              gboolean hex = p[2] == 'x' || p[2] == 'X';
              char *end = NULL;
              guint64 c = g_ascii_strtoull (p + (hex ? 3 : 2), &end, hex ? 16 : 10);

              if (end != NULL && end != p + (hex ? 3 : 2) && *end == ';' && c > 0 && c <= 0x10FFFF &&
                  g_unichar_validate ((gunichar) c))
                {
                  g_string_append_unichar (text, (gunichar) c);
                  p = end + 1;
                  decoded = TRUE;
                }
            }
          if (decoded)
            continue;
        }
      g_string_append_c (text, *p++);
    }

  if (text->len == 0 || !g_utf8_validate (text->str, text->len, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Worker threads ------------------------------------------------------------------------ */

typedef struct {
  gboolean too_large;
  int      width, height;
} ImageSize;

static void
on_loader_size_prepared (GdkPixbufLoader *loader,
                         int              width,
                         int              height,
                         gpointer         user_data)
{
  ImageSize *size = user_data;

  size->width = width;
  size->height = height;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    {
      /* A size of 0 makes gdk-pixbuf's loaders stop before they allocate the image. */
      size->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

/* 8-bit RGB(A), straight alpha -> cairo's premultiplied native-endian ARGB32. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guint8 *dst;
  int dst_stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    {
      const guint8 *in = src + (gsize) y * src_stride;
      guint32 *out = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, in += n_channels)
        {
          guint32 a = alpha ? in[3] : 0xff;
          guint32 r = in[0], g = in[1], b = in[2];

          if (a != 0xff)
            {
              /* c × a / 255, rounded */
              guint32 t;

              t = r * a + 0x80; r = (t + (t >> 8)) >> 8;
              t = g * a + 0x80; g = (t + (t >> 8)) >> 8;
              t = b * a + 0x80; b = (t + (t >> 8)) >> 8;
            }
          out[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The stored bytes of tile z/x/y as a TILE_SIZE surface. */
static cairo_surface_t *
decode_tile (GwMbtiles  *mbtiles,
             GBytes     *bytes,
             guint       z,
             guint       x,
             guint       y,
             GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  ImageSize size = { FALSE, 0, 0 };
  cairo_surface_t *image;
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_loader_size_prepared), &size);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error))
    /* Closed all the same: a loader must be. */
    gdk_pixbuf_loader_close (loader, NULL);
  else
    gdk_pixbuf_loader_close (loader, &local_error);

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (size.too_large || (pixbuf != NULL && (gdk_pixbuf_get_width (pixbuf) > MAX_IMAGE_SIDE ||
                                            gdk_pixbuf_get_height (pixbuf) > MAX_IMAGE_SIDE)))
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name),
                    * then the picture's width and height in pixels */
                   _("Tile %u/%u/%u of “%s” is too large to show (%d × %d pixels)."),
                   z, x, y, gw_mbtiles_get_path (mbtiles), size.width, size.height);
      return NULL;
    }
  if (local_error != NULL || pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name),
                    * then why its picture could not be read */
                   _("Tile %u/%u/%u of “%s” is not a readable picture: %s"),
                   z, x, y, gw_mbtiles_get_path (mbtiles),
                   local_error != NULL ? local_error->message : _("the picture is empty"));
      return NULL;
    }

  image = surface_from_pixbuf (pixbuf);
  if (image != NULL && (cairo_image_surface_get_width (image) != TILE_SIZE ||
                        cairo_image_surface_get_height (image) != TILE_SIZE))
    {
      /* 512 px ("retina") packages and odd sizes: brought to the map's tile size. */
      cairo_surface_t *scaled = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
      cairo_t *cr = cairo_create (scaled);

      cairo_scale (cr, (double) TILE_SIZE / cairo_image_surface_get_width (image),
                   (double) TILE_SIZE / cairo_image_surface_get_height (image));
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (scaled);
      cairo_surface_destroy (image);
      image = scaled;
    }
  if (image == NULL || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&image, cairo_surface_destroy);
      g_set_error (error, GW_MBTILES_ERROR, GW_MBTILES_ERROR_CORRUPT,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name) */
                   _("Not enough memory to show tile %u/%u/%u of “%s”."),
                   z, x, y, gw_mbtiles_get_path (mbtiles));
      return NULL;
    }
  return image;
}

/* The part of `ancestor` (a tile `depth` levels up) under tile (x, y), enlarged. */
static cairo_surface_t *
overzoom (cairo_surface_t *ancestor,
          guint            depth,
          guint            x,
          guint            y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
  guint parts = 1u << MIN (depth, MAX_SCALED_DEPTH);
  guint mask = (1u << depth) - 1;

  if (depth <= MAX_SCALED_DEPTH)
    {
      cairo_t *cr = cairo_create (surface);
      double part = (double) TILE_SIZE / parts;

      cairo_scale (cr, parts, parts);
      cairo_translate (cr, -part * (x & mask), -part * (y & mask));
      cairo_set_source_surface (cr, ancestor, 0, 0);
      /* Pad, not none: a filtered edge would fade to transparent and show the seams. */
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    {
      /* The whole tile lies within one pixel of the ancestor: that pixel, everywhere. */
      guint shift = depth - MAX_SCALED_DEPTH;
      guint px = (x & mask) >> shift, py = (y & mask) >> shift;
      const guint8 *src = cairo_image_surface_get_data (ancestor);
      guint32 value = ((const guint32 *) (src + (gsize) py * cairo_image_surface_get_stride (ancestor)))[px];
      guint8 *dst;
      int stride;

      cairo_surface_flush (surface);
      dst = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (int row = 0; row < TILE_SIZE; row++)
        for (int col = 0; col < TILE_SIZE; col++)
          ((guint32 *) (dst + (gsize) row * stride))[col] = value;
      cairo_surface_mark_dirty (surface);
    }
  cairo_surface_flush (surface);
  return surface;
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
  image = decode_tile (job->mbtiles, bytes, z, x, y, &job->error);
  if (image == NULL || depth == 0)
    {
      job->surface = image;
      return;
    }
  job->surface = overzoom (image, depth, job->x, job->y);
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
  license = attribution_to_text (gw_mbtiles_get_attribution (self->mbtiles));
  max_zoom = MIN (gw_mbtiles_get_max_zoom (self->mbtiles), MAX_ZOOM);
  min_zoom = MIN (gw_mbtiles_get_min_zoom (self->mbtiles), max_zoom);
  shumate_map_source_set_id (source, id);
  shumate_map_source_set_name (source, gw_mbtiles_get_name (self->mbtiles));
  shumate_map_source_set_license (source, license);
  shumate_map_source_set_min_zoom_level (source, min_zoom);
  shumate_map_source_set_max_zoom_level (source, max_zoom);
  shumate_map_source_set_tile_size (source, TILE_SIZE);
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
