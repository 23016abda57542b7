/* gw-tile-image.c: raster map tiles from their bytes, shared by the tile sources (MBTiles
 * packages, online tile servers): decoding with gdk-pixbuf into premultiplied cairo
 * surfaces on worker threads, enlarging an ancestor tile (overzoom), and attributions as
 * plain text.
 */
#define G_LOG_DOMAIN "gw-tile-image"

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "gw-tile-image.h"

/* A tile image bigger than this on either side is refused before it is decoded. */
#define MAX_IMAGE_SIDE  4096
/* Past this many levels below the source, a tile lies within one pixel of its ancestor. */
#define MAX_SCALED_DEPTH 8

/* The attribution as plain text: MBTiles allows HTML there, and ShumateLicense shows its
 * text as it is. Tags go, the common entities are decoded, white space is collapsed. */
char *
gw_tile_image_attribution_to_text (const char *html)
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

/* The stored bytes of tile z/x/y as a GW_TILE_IMAGE_SIZE surface. */
cairo_surface_t *
gw_tile_image_decode (GBytes      *bytes,
                      const char  *name,
                      guint        z,
                      guint        x,
                      guint        y,
                      GQuark       domain,
                      int          code,
                      GError     **error)
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
      g_set_error (error, domain, code,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name),
                    * then the picture's width and height in pixels */
                   _("Tile %u/%u/%u of “%s” is too large to show (%d × %d pixels)."),
                   z, x, y, name, size.width, size.height);
      return NULL;
    }
  if (local_error != NULL || pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, domain, code,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name),
                    * then why its picture could not be read */
                   _("Tile %u/%u/%u of “%s” is not a readable picture: %s"),
                   z, x, y, name,
                   local_error != NULL ? local_error->message : _("the picture is empty"));
      return NULL;
    }

  image = surface_from_pixbuf (pixbuf);
  if (image != NULL && (cairo_image_surface_get_width (image) != GW_TILE_IMAGE_SIZE ||
                        cairo_image_surface_get_height (image) != GW_TILE_IMAGE_SIZE))
    {
      /* 512 px ("retina") packages and odd sizes: brought to the map's tile size. */
      cairo_surface_t *scaled = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GW_TILE_IMAGE_SIZE, GW_TILE_IMAGE_SIZE);
      cairo_t *cr = cairo_create (scaled);

      cairo_scale (cr, (double) GW_TILE_IMAGE_SIZE / cairo_image_surface_get_width (image),
                   (double) GW_TILE_IMAGE_SIZE / cairo_image_surface_get_height (image));
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
      g_set_error (error, domain, code,
                   /* TRANSLATORS: a map tile "zoom/column/row" of a tile package (file name) */
                   _("Not enough memory to show tile %u/%u/%u of “%s”."),
                   z, x, y, name);
      return NULL;
    }
  return image;
}

/* The part of `ancestor` (a tile `depth` levels up) under tile (x, y), enlarged. */
cairo_surface_t *
gw_tile_image_overzoom (cairo_surface_t *ancestor,
          guint            depth,
          guint            x,
          guint            y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GW_TILE_IMAGE_SIZE, GW_TILE_IMAGE_SIZE);
  guint parts = 1u << MIN (depth, MAX_SCALED_DEPTH);
  guint mask = (1u << depth) - 1;

  if (depth <= MAX_SCALED_DEPTH)
    {
      cairo_t *cr = cairo_create (surface);
      double part = (double) GW_TILE_IMAGE_SIZE / parts;

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
      for (int row = 0; row < GW_TILE_IMAGE_SIZE; row++)
        for (int col = 0; col < GW_TILE_IMAGE_SIZE; col++)
          ((guint32 *) (dst + (gsize) row * stride))[col] = value;
      cairo_surface_mark_dirty (surface);
    }
  cairo_surface_flush (surface);
  return surface;
}
