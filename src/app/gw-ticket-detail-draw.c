/* gw-ticket-detail-draw.c: the ticket detail's stage clock, drawn with cairo from data
 * already read (the location map is a GwPlaceMap). */
#define G_LOG_DOMAIN "gw-ticket-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-draw.h"
#include "gw-ticket-detail-private.h"

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

  gw_draw_get_foreground (widget, &fg);
  gw_draw_lookup_color (widget, "success_color", &green, "#8ff0a4");
  gw_draw_lookup_color (widget, "warning_color", &yellow, "#f8e45c");
  gw_draw_lookup_color (widget, "error_color", &red, "#ff7b63");

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
  gw_draw_set_color (cr, &fg, 0.12);
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
      gw_draw_set_color (cr, spans[i].color, spans[i].alpha);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  /* Now: a mark across the bar. */
  {
    double x = CLAMP ((double) (at - start) / (end - start), 0.0, 1.0) * width;

    x = CLAMP (x, 1.5, width - 1.5);
    cairo_rectangle (cr, x - 1.5, 0, 3, height);
    gw_draw_set_color (cr, &fg, timer->paused_at > 0 ? 0.5 : 0.95);
    cairo_fill (cr);
  }
}
