/* gw-chart.h: the dashboard's charts, drawn natively — horizontal bars with their labels
 * and values (by source, the streets with the most red tickets…) and lines over days (a
 * trend of reports and closures), with a title, a unit, readable axes and Chinese labels.
 * A chart draws only when its data changes. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  GW_CHART_BARS,    /* one bar per label, horizontal, the value at its end */
  GW_CHART_LINES,   /* one or two series over the labels (days), with a value axis */
} GwChartKind;

#define GW_CHART_MAX_SERIES 2

#define GW_TYPE_CHART (gw_chart_get_type ())
G_DECLARE_FINAL_TYPE (GwChart, gw_chart, GW, CHART, GtkWidget)

GtkWidget  *gw_chart_new          (GwChartKind  kind);
GwChartKind gw_chart_get_kind     (GwChart     *self);

void        gw_chart_set_title    (GwChart     *self,
                                   const char  *title);
const char *gw_chart_get_title    (GwChart     *self);
/* The values' unit, shown with the axis or after each bar ("件", "%"). */
void        gw_chart_set_unit     (GwChart     *self,
                                   const char  *unit);

/* The labels (bars, or points along the x axis) and the values of series 0 (and 1, for
 * lines): n of each. Values below 0 or NaN are drawn as 0 and gaps respectively. A call
 * with the same data as shown changes nothing (no redraw). */
void        gw_chart_set_data     (GwChart            *self,
                                   const char * const *labels,
                                   guint               n,
                                   const double       *values0,
                                   const double       *values1);
/* The series' names for the legend (lines). */
void        gw_chart_set_series_names (GwChart    *self,
                                       const char *name0,
                                       const char *name1);

guint       gw_chart_get_n        (GwChart     *self);
/* How many times the chart's data changed (for tests and the dashboard's own check). */
guint       gw_chart_get_changes  (GwChart     *self);

/* A "nice" step for an axis from 0 to max with about `ticks` ticks: 1, 2 or 5 × 10^k. */
double      gw_chart_nice_step    (double       max,
                                   int          ticks);

G_END_DECLS
