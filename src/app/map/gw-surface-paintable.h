/* gw-surface-paintable.h: a cairo image as a paintable, drawn the cheapest way for the
 * renderer in use. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_SURFACE_PAINTABLE (gw_surface_paintable_get_type ())
G_DECLARE_FINAL_TYPE (GwSurfacePaintable, gw_surface_paintable, GW, SURFACE_PAINTABLE, GObject)

/* Takes a reference on `surface` (an ARGB32 image surface, not changed afterwards). */
GwSurfacePaintable *gw_surface_paintable_new       (cairo_surface_t *surface);
GdkTexture         *gw_surface_paintable_get_texture (GwSurfacePaintable *self);
cairo_surface_t    *gw_surface_paintable_get_surface (GwSurfacePaintable *self);

/* Whether windows render with cairo (GSK_RENDERER=cairo, or GL could not start): then a
 * paintable is a blit of its image; otherwise one texture, uploaded once. A map window
 * says which when it is realized. */
void                gw_surface_paintable_set_cairo   (gboolean cairo);
gboolean            gw_surface_paintable_get_cairo   (void);
/* What a widget's window renders with. */
gboolean            gw_widget_renders_with_cairo     (GtkWidget *widget);

G_END_DECLS
