/* gw-tile-image.h: raster map tiles from their bytes (PNG, JPEG, WebP where gdk-pixbuf has
 * a loader), for the tile sources. Every function is safe on any thread. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define GW_TILE_IMAGE_SIZE 256

/* The picture in `bytes` as a GW_TILE_IMAGE_SIZE square premultiplied ARGB32 surface (alpha
 * kept; 512 px and odd sizes are scaled). A picture over 4096 px a side is refused before it
 * is decoded. Errors, in `domain`/`code`, name tile z/x/y of `name` (a file or a server). */
cairo_surface_t *gw_tile_image_decode              (GBytes          *bytes,
                                                    const char      *name,
                                                    guint            z,
                                                    guint            x,
                                                    guint            y,
                                                    GQuark           domain,
                                                    int              code,
                                                    GError         **error);

/* The part of `ancestor` (a tile `depth` levels above tile (x, y)) under that tile,
 * enlarged to a whole tile. */
cairo_surface_t *gw_tile_image_overzoom            (cairo_surface_t *ancestor,
                                                    guint            depth,
                                                    guint            x,
                                                    guint            y);

/* An attribution given as HTML (MBTiles metadata, a server's settings) as plain text:
 * tags go, common entities are decoded, white space collapses. NULL for none. */
char            *gw_tile_image_attribution_to_text (const char      *html);

G_END_DECLS
