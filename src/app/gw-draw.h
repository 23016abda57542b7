/* gw-draw.h: what the app's own drawings share — theme colours, a map projection, the
 * scale bar. */
#pragma once

#include <gtk/gtk.h>

#include "gw-geometry.h"

G_BEGIN_DECLS

/* A named colour of the theme (e.g. "accent_color"), or `fallback` when it has none. */
void     gw_draw_lookup_color   (GtkWidget     *widget,
                                 const char    *name,
                                 GdkRGBA       *color,
                                 const char    *fallback);
/* The widget's CSS text colour. */
void     gw_draw_get_foreground (GtkWidget     *widget,
                                 GdkRGBA       *color);
void     gw_draw_set_color      (cairo_t       *cr,
                                 const GdkRGBA *color,
                                 double         alpha);

/* A local equirectangular view: metres around a centre, scaled to pixels. */
typedef struct {
  double lon0, lat0;     /* the view's centre */
  double kx, ky;         /* metres per degree of longitude and latitude */
  double scale;          /* pixels per metre */
  double cx, cy;         /* the widget point the centre falls on */
} GwProjection;

/* Fits the box (degrees) with a margin (a share of its size on each side, at least
 * min_m metres across) into width × height pixels. */
void     gw_projection_fit      (GwProjection  *p,
                                 double         x0,
                                 double         y0,
                                 double         x1,
                                 double         y1,
                                 double         margin,
                                 double         min_m,
                                 int            width,
                                 int            height);
void     gw_projection_apply    (const GwProjection *p,
                                 double         lon,
                                 double         lat,
                                 double        *x,
                                 double        *y);
void     gw_projection_invert   (const GwProjection *p,
                                 double         x,
                                 double         y,
                                 double        *lon,
                                 double        *lat);
/* Adds the polygon's rings to the cairo path. */
void     gw_draw_path_polygon   (cairo_t            *cr,
                                 const GwProjection *p,
                                 const GwPolygon    *polygon);
/* A scale bar at the bottom left, a quarter of the width at most. */
void     gw_draw_scale_bar      (cairo_t            *cr,
                                 GtkWidget          *widget,
                                 const GwProjection *p,
                                 int                 width,
                                 int                 height,
                                 const GdkRGBA      *fg);

G_END_DECLS
