/* gw-ticket-detail-draw.c: the ticket detail's two small pictures, drawn with cairo from
 * data already read — the location map (no tiles, no network) and the stage clock. */
#define G_LOG_DOMAIN "gw-ticket-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-ticket-detail-private.h"

/* Room around the grid on the map, as a share of its size. */
#define MAP_MARGIN 0.35

typedef struct {
  double lon0, lat0;     /* the view's centre */
  double kx, ky;         /* metres per degree of longitude and latitude */
  double scale;          /* pixels per metre */
  double cx, cy;         /* the widget's centre */
} Projection;

static void
project (const Projection *p,
         double            lon,
         double            lat,
         double           *x,
         double           *y)
{
  *x = p->cx + (lon - p->lon0) * p->kx * p->scale;
  *y = p->cy - (lat - p->lat0) * p->ky * p->scale;
}

static void
path_polygon (cairo_t          *cr,
              const Projection *p,
              const GwPolygon  *polygon)
{
  for (guint part = 0; part < gw_polygon_get_n_parts (polygon); part++)
    for (guint ring = 0; ring < gw_polygon_get_n_rings (polygon, part); ring++)
      {
        guint n = 0;
        const double *xy = gw_polygon_get_ring (polygon, part, ring, &n);

        for (guint i = 0; i < n; i++)
          {
            double x, y;

            project (p, xy[2 * i], xy[2 * i + 1], &x, &y);
            if (i == 0)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
          }
        if (n > 0)
          cairo_close_path (cr);
      }
}

static void
lookup_color (GtkWidget  *widget,
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

static void
foreground (GtkWidget *widget,
            GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
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

static void
draw_scale_bar (cairo_t          *cr,
                GtkWidget        *widget,
                const Projection *p,
                int               width,
                int               height,
                const GdkRGBA    *fg)
{
  double metres = nice_length (width * 0.25 / p->scale);
  double length = metres * p->scale;
  g_autofree char *text = NULL;
  PangoLayout *layout;
  double x = 10, y = height - 10;
  int tw, th;

  if (metres >= 1000)
    /* TRANSLATORS: a length on the map's scale bar, in kilometres */
    text = g_strdup_printf (_("%g km"), metres / 1000);
  else
    /* TRANSLATORS: a length on the map's scale bar, in metres */
    text = g_strdup_printf (_("%g m"), metres);

  set_color (cr, fg, 0.7);
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
  g_object_unref (layout);
}

void
_gw_ticket_detail_draw_map (GtkDrawingArea           *area,
                            cairo_t                  *cr,
                            int                       width,
                            int                       height,
                            const GwTicketDetailData *data)
{
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, accent, dot, camera;
  Projection p;
  double x0, y0, x1, y1, w_m, h_m, x, y;

  if (data == NULL || data->ticket == NULL || width <= 0 || height <= 0)
    return;

  foreground (widget, &fg);
  lookup_color (widget, "accent_color", &accent, "#78aeed");
  lookup_color (widget, "error_color", &dot, "#ff7b63");
  lookup_color (widget, "warning_color", &camera, "#f8e45c");

  /* The view: the grid with room around it (or 600 m around the point without one). */
  if (data->area != NULL && data->area->polygon != NULL && !gw_polygon_is_empty (data->area->polygon))
    gw_polygon_get_bbox (data->area->polygon, &x0, &y0, &x1, &y1);
  else
    x0 = x1 = data->ticket->lon, y0 = y1 = data->ticket->lat;
  x0 = MIN (x0, data->ticket->lon), x1 = MAX (x1, data->ticket->lon);
  y0 = MIN (y0, data->ticket->lat), y1 = MAX (y1, data->ticket->lat);

  p.lon0 = (x0 + x1) / 2;
  p.lat0 = (y0 + y1) / 2;
  p.ky = 6371008.8 * G_PI / 180.0;
  p.kx = p.ky * cos (p.lat0 * G_PI / 180.0);
  w_m = MAX ((x1 - x0) * p.kx, 300.0) * (1 + 2 * MAP_MARGIN);
  h_m = MAX ((y1 - y0) * p.ky, 300.0) * (1 + 2 * MAP_MARGIN);
  p.scale = MIN (width / w_m, height / h_m);
  p.cx = width / 2.0;
  p.cy = height / 2.0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The grids around: faint outlines. */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; data->neighbours != NULL && i < data->neighbours->len; i++)
    {
      const GwDivision *d = g_ptr_array_index (data->neighbours, i);

      if (d->polygon == NULL)
        continue;
      path_polygon (cr, &p, d->polygon);
    }
  set_color (cr, &fg, 0.22);
  cairo_stroke (cr);

  /* The ticket's grid. */
  if (data->area != NULL && data->area->polygon != NULL)
    {
      path_polygon (cr, &p, data->area->polygon);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      set_color (cr, &accent, 0.18);
      cairo_fill_preserve (cr);
      set_color (cr, &accent, 0.9);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }

  /* A micro-grid inside it, dashed. */
  if (data->chain[GW_LEVEL_MICROGRID] != NULL && data->chain[GW_LEVEL_MICROGRID]->polygon != NULL &&
      data->chain[GW_LEVEL_MICROGRID] != data->area)
    {
      const double dash[] = { 4.0, 3.0 };

      path_polygon (cr, &p, data->chain[GW_LEVEL_MICROGRID]->polygon);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1.2);
      set_color (cr, &accent, 0.7);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The nearby cameras: small squares. */
  for (guint i = 0; data->cameras != NULL && i < data->cameras->len; i++)
    {
      const GwNearbyCamera *c = g_ptr_array_index (data->cameras, i);

      project (&p, c->camera->lon, c->camera->lat, &x, &y);
      cairo_rectangle (cr, x - 3, y - 3, 6, 6);
    }
  set_color (cr, &camera, 0.85);
  cairo_fill (cr);

  /* The ticket: a dot with a ring. */
  project (&p, data->ticket->lon, data->ticket->lat, &x, &y);
  cairo_arc (cr, x, y, 9, 0, 2 * G_PI);
  set_color (cr, &dot, 0.25);
  cairo_fill (cr);
  cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
  set_color (cr, &dot, 1.0);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  draw_scale_bar (cr, widget, &p, width, height, &fg);
  cairo_restore (cr);
}

void
_gw_ticket_detail_draw_clock (GtkDrawingArea     *area,
                              cairo_t            *cr,
                              int                 width,
                              int                 height,
                              const GwStageTimer *timer,
                              gint64              now)
{
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, green, yellow, red;
  gint64 start, end, at;
  double bar_y = 4, bar_h = height - 8, radius = bar_h / 2;
  struct { gint64 from, to; const GdkRGBA *color; double alpha; } spans[4];

  if (timer == NULL || timer->stage == GW_STAGE_NONE || timer->deadline_at <= timer->started_at ||
      width <= 0 || height <= 0)
    return;

  foreground (widget, &fg);
  lookup_color (widget, "success_color", &green, "#8ff0a4");
  lookup_color (widget, "warning_color", &yellow, "#f8e45c");
  lookup_color (widget, "error_color", &red, "#ff7b63");

  /* While suspended the clock stands where it stopped. */
  at = timer->paused_at > 0 ? timer->paused_at : now;
  start = timer->started_at;
  /* Past the deadline the bar grows by what is overdue, up to as long again. */
  end = MAX (timer->deadline_at, MIN (at, timer->deadline_at + (timer->deadline_at - start)));

  spans[0].from = start, spans[0].to = timer->yellow_at, spans[0].color = &green, spans[0].alpha = 0.85;
  spans[1].from = timer->yellow_at, spans[1].to = timer->red_at, spans[1].color = &yellow, spans[1].alpha = 0.85;
  spans[2].from = timer->red_at, spans[2].to = timer->deadline_at, spans[2].color = &red, spans[2].alpha = 0.85;
  spans[3].from = timer->deadline_at, spans[3].to = end, spans[3].color = &red, spans[3].alpha = 0.4;

  cairo_save (cr);
  /* The track, rounded; the spans are clipped to it. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, bar_y + radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, bar_y + radius, radius, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  set_color (cr, &fg, 0.12);
  cairo_fill_preserve (cr);
  cairo_clip (cr);

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      double x0, x1;

      if (spans[i].to <= spans[i].from)
        continue;
      x0 = (double) (spans[i].from - start) / (end - start) * width;
      x1 = (double) (spans[i].to - start) / (end - start) * width;
      cairo_rectangle (cr, x0, bar_y, x1 - x0, bar_h);
      set_color (cr, spans[i].color, spans[i].alpha);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  /* Now: a mark across the bar. */
  {
    double x = CLAMP ((double) (at - start) / (end - start), 0.0, 1.0) * width;

    x = CLAMP (x, 1.5, width - 1.5);
    cairo_rectangle (cr, x - 1.5, 0, 3, height);
    set_color (cr, &fg, timer->paused_at > 0 ? 0.5 : 0.95);
    cairo_fill (cr);
  }
}
