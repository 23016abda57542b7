/* gw-surface-paintable.c: a cairo image as a paintable, drawn the cheapest way for the
 * renderer in use.
 *
 * GTK 4.8's cairo renderer converts a memory texture into a new cairo surface every time
 * it draws it: forty map tiles a frame were ten megabytes of conversion. A cairo node that
 * paints the tile's own surface is a plain blit. The GL renderer is the other way round: a
 * cairo node is rasterized and uploaded every frame, a texture once. So the paintable
 * keeps the image and hands the renderer what suits it.
 */
#define G_LOG_DOMAIN "gw-surface-paintable"

#include "config.h"

#include "gw-surface-paintable.h"

struct _GwSurfacePaintable
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  GdkTexture      *texture;
  int              width;
  int              height;
};

static gboolean renders_with_cairo;

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwSurfacePaintable, gw_surface_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

static void
snapshot (GdkPaintable *paintable,
          GdkSnapshot  *snapshot,
          double        width,
          double        height)
{
  GwSurfacePaintable *self = GW_SURFACE_PAINTABLE (paintable);

  if (width <= 0 || height <= 0)
    return;
  if (renders_with_cairo)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_scale (cr, width / self->width, height / self->height);
      cairo_set_source_surface (cr, self->surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), gw_surface_paintable_get_texture (self),
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static int
get_intrinsic_width (GdkPaintable *paintable)
{
  return GW_SURFACE_PAINTABLE (paintable)->width;
}

static int
get_intrinsic_height (GdkPaintable *paintable)
{
  return GW_SURFACE_PAINTABLE (paintable)->height;
}

static GdkPaintableFlags
get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_CONTENTS | GDK_PAINTABLE_STATIC_SIZE;
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = snapshot;
  iface->get_intrinsic_width = get_intrinsic_width;
  iface->get_intrinsic_height = get_intrinsic_height;
  iface->get_flags = get_flags;
}

static void
gw_surface_paintable_finalize (GObject *object)
{
  GwSurfacePaintable *self = GW_SURFACE_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  G_OBJECT_CLASS (gw_surface_paintable_parent_class)->finalize (object);
}

static void
gw_surface_paintable_class_init (GwSurfacePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_surface_paintable_finalize;
}

static void
gw_surface_paintable_init (GwSurfacePaintable *self)
{
}

GwSurfacePaintable *
gw_surface_paintable_new (cairo_surface_t *surface)
{
  GwSurfacePaintable *self;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);

  self = g_object_new (GW_TYPE_SURFACE_PAINTABLE, NULL);
  self->surface = cairo_surface_reference (surface);
  self->width = cairo_image_surface_get_width (surface);
  self->height = cairo_image_surface_get_height (surface);
  return self;
}

GdkTexture *
gw_surface_paintable_get_texture (GwSurfacePaintable *self)
{
  g_return_val_if_fail (GW_IS_SURFACE_PAINTABLE (self), NULL);

  if (self->texture == NULL)
    {
      int stride = cairo_image_surface_get_stride (self->surface);
      g_autoptr(GBytes) bytes =
        g_bytes_new_with_free_func (cairo_image_surface_get_data (self->surface), (gsize) stride * self->height,
                                    (GDestroyNotify) cairo_surface_destroy, cairo_surface_reference (self->surface));

      /* cairo's ARGB32 is premultiplied, in the byte order GDK_MEMORY_DEFAULT names. */
      self->texture = gdk_memory_texture_new (self->width, self->height, GDK_MEMORY_DEFAULT, bytes, stride);
    }
  return self->texture;
}

cairo_surface_t *
gw_surface_paintable_get_surface (GwSurfacePaintable *self)
{
  g_return_val_if_fail (GW_IS_SURFACE_PAINTABLE (self), NULL);
  return self->surface;
}

void
gw_surface_paintable_set_cairo (gboolean cairo)
{
  renders_with_cairo = cairo;
}

gboolean
gw_surface_paintable_get_cairo (void)
{
  return renders_with_cairo;
}

gboolean
gw_widget_renders_with_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}
