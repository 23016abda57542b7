/* gw-draw.c: what the app's own drawings share — theme colours, a map projection, the
 * scale bar. */
#define G_LOG_DOMAIN "gw-draw"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-draw.h"

/* The mean Earth radius (IUGG), in metres. */
#define EARTH_RADIUS_M 6371008.8

void
gw_draw_lookup_color (GtkWidget  *widget,
                      const char *name,
                      GdkRGBA    *color,
                      const char *fallback)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
gw_draw_get_foreground (GtkWidget *widget,
                        GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
gw_draw_set_color (cairo_t       *cr,
                   const GdkRGBA *color,
                   double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
gw_projection_fit (GwProjection *p,
                   double        x0,
                   double        y0,
                   double        x1,
                   double        y1,
                   double        margin,
                   double        min_m,
                   int           width,
                   int           height)
{
  double w_m, h_m;

  p->lon0 = (x0 + x1) / 2;
  p->lat0 = (y0 + y1) / 2;
  p->ky = EARTH_RADIUS_M * G_PI / 180.0;
  p->kx = p->ky * cos (p->lat0 * G_PI / 180.0);
  w_m = MAX ((x1 - x0) * p->kx, min_m) * (1 + 2 * margin);
  h_m = MAX ((y1 - y0) * p->ky, min_m) * (1 + 2 * margin);
  p->scale = MIN (width / w_m, height / h_m);
  p->cx = width / 2.0;
  p->cy = height / 2.0;
}

void
gw_projection_apply (const GwProjection *p,
                     double              lon,
                     double              lat,
                     double             *x,
                     double             *y)
{
  *x = p->cx + (lon - p->lon0) * p->kx * p->scale;
  *y = p->cy - (lat - p->lat0) * p->ky * p->scale;
}

void
gw_projection_invert (const GwProjection *p,
                      double              x,
                      double              y,
                      double             *lon,
                      double             *lat)
{
  *lon = p->lon0 + (x - p->cx) / (p->kx * p->scale);
  *lat = p->lat0 - (y - p->cy) / (p->ky * p->scale);
}

void
gw_draw_path_polygon (cairo_t            *cr,
                      const GwProjection *p,
                      const GwPolygon    *polygon)
{
  for (guint part = 0; part < gw_polygon_get_n_parts (polygon); part++)
    for (guint ring = 0; ring < gw_polygon_get_n_rings (polygon, part); ring++)
      {
        guint n = 0;
        const double *xy = gw_polygon_get_ring (polygon, part, ring, &n);

        for (guint i = 0; i < n; i++)
          {
            double x, y;

            gw_projection_apply (p, xy[2 * i], xy[2 * i + 1], &x, &y);
            if (i == 0)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
          }
        if (n > 0)
          cairo_close_path (cr);
      }
}

/* A round length for the scale bar: 1, 2 or 5 times a power of ten, at most max_m. */
static double
nice_length (double max_m)
{
  double power = pow (10, floor (log10 (MAX (max_m, 1.0))));

  if (5 * power <= max_m)
    return 5 * power;
  if (2 * power <= max_m)
    return 2 * power;
  return power;
}

void
gw_draw_scale_bar (cairo_t            *cr,
                   GtkWidget          *widget,
                   const GwProjection *p,
                   int                 width,
                   int                 height,
                   const GdkRGBA      *fg)
{
  double metres = nice_length (width * 0.25 / p->scale);
  double length = metres * p->scale;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double x = 10, y = height - 10;
  int tw, th;

  if (metres >= 1000)
    /* TRANSLATORS: a length on the map's scale bar, in kilometres */
    text = g_strdup_printf (_("%g km"), metres / 1000);
  else
    /* TRANSLATORS: a length on the map's scale bar, in metres */
    text = g_strdup_printf (_("%g m"), metres);

  gw_draw_set_color (cr, fg, 0.7);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x, y - 4);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x + length, y);
  cairo_line_to (cr, x + length, y - 4);
  cairo_stroke (cr);

  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x + length + 6, y - th + 3);
  pango_cairo_show_layout (cr, layout);
}
