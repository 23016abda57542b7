/* gw-chart.c: bars and lines drawn in snapshot() with cairo and Pango.
 *
 * Colours come from the theme (accent for the first series, a warm second colour for the
 * other), text from the widget's font (the CJK font through fontconfig), sized for a room:
 * labels at the widget's font size, values in bold. Bars take the label column's width from
 * the longest label (measured once per data change); lines get a value axis with 1-2-5 steps
 * and a date under every few points.
 */
#define G_LOG_DOMAIN "gw-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-chart.h"
#include "gw-draw.h"

struct _GwChart
{
  GtkWidget    parent_instance;

  GwChartKind  kind;
  char        *title;
  char        *unit;
  char        *names[GW_CHART_MAX_SERIES];
  GStrv        labels;
  GArray      *values[GW_CHART_MAX_SERIES];   /* double, or NULL for no such series */
  guint        changes;
};

G_DEFINE_FINAL_TYPE (GwChart, gw_chart, GTK_TYPE_WIDGET)

#define PAD       12
#define BAR_GAP   6
#define TITLE_GAP 8

double
gw_chart_nice_step (double max,
                    int    ticks)
{
  double raw, magnitude, f;

  if (!(max > 0) || ticks < 1)
    return 1;
  raw = max / ticks;
  magnitude = pow (10, floor (log10 (raw)));
  f = raw / magnitude;
  if (f <= 1)
    return magnitude;
  if (f <= 2)
    return 2 * magnitude;
  if (f <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static char *
format_value (GwChart *self,
              double   v)
{
  g_autofree char *number = NULL;

  if (isnan (v))
    return g_strdup ("—");
  if (fabs (v - round (v)) < 1e-9)
    number = g_strdup_printf ("%.0f", v);
  else
    number = g_strdup_printf ("%.1f", v);
  return g_strconcat (number, self->unit ? self->unit : "", NULL);
}

static double
value_at (GArray *values,
          guint   i)
{
  double v;

  if (values == NULL || i >= values->len)
    return NAN;
  v = g_array_index (values, double, i);
  return isnan (v) ? v : MAX (v, 0);
}

static double
max_value (GwChart *self)
{
  double max = 0;

  for (guint s = 0; s < GW_CHART_MAX_SERIES; s++)
    for (guint i = 0; self->values[s] && i < self->values[s]->len; i++)
      {
        double v = value_at (self->values[s], i);

        if (!isnan (v))
          max = MAX (max, v);
      }
  return max;
}

static void
series_color (GwChart *self,
              guint    series,
              GdkRGBA *color)
{
  if (series == 0)
    gw_draw_lookup_color (GTK_WIDGET (self), "accent_color", color, "#3584e4");
  else
    gw_draw_lookup_color (GTK_WIDGET (self), "warning_color", color, "#e5a50a");
}

static int
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)   /* 0 left, 0.5 centre, 1 right of x */
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - align * w), round (y));
  pango_cairo_show_layout (cr, layout);
  return h;
}

static void
snapshot_bars (GwChart     *self,
               cairo_t     *cr,
               PangoLayout *layout,
               double       top,
               int          width,
               int          height)
{
  guint n = self->labels ? g_strv_length (self->labels) : 0;
  double max = max_value (self), label_w = 0, value_w = 0, row, bar_h;
  GdkRGBA fg, bar;
  int lw, lh;

  if (n == 0)
    return;
  gw_draw_get_foreground (GTK_WIDGET (self), &fg);
  series_color (self, 0, &bar);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *v = format_value (self, value_at (self->values[0], i));

      pango_layout_set_text (layout, self->labels[i], -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      label_w = MAX (label_w, lw);
      pango_layout_set_text (layout, v, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      value_w = MAX (value_w, lw);
    }
  label_w = MIN (label_w, width * 0.4);
  row = (height - top - PAD) / n;
  bar_h = MAX (4, MIN (row - BAR_GAP, lh * 1.4));
  for (guint i = 0; i < n; i++)
    {
      double v = value_at (self->values[0], i), y = top + i * row;
      double span = width - 2 * PAD - label_w - value_w - 2 * BAR_GAP;
      double w = max > 0 && !isnan (v) ? span * v / max : 0;
      g_autofree char *text = format_value (self, v);

      gw_draw_set_color (cr, &fg, 0.85);
      pango_layout_set_width (layout, (int) label_w * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      draw_text (cr, layout, self->labels[i], PAD, y + (bar_h - lh) / 2, 0);
      pango_layout_set_width (layout, -1);
      gw_draw_set_color (cr, &bar, 0.9);
      cairo_rectangle (cr, PAD + label_w + BAR_GAP, y, MAX (w, 1), bar_h);
      cairo_fill (cr);
      gw_draw_set_color (cr, &fg, 1);
      draw_text (cr, layout, text, PAD + label_w + 2 * BAR_GAP + w, y + (bar_h - lh) / 2, 0);
    }
}

static void
snapshot_lines (GwChart     *self,
                cairo_t     *cr,
                PangoLayout *layout,
                double       top,
                int          width,
                int          height)
{
  guint n = self->labels ? g_strv_length (self->labels) : 0;
  double max = max_value (self), step, axis_max, left, right, bottom, plot_h;
  int lw, lh, every;
  GdkRGBA fg;

  if (n == 0)
    return;
  gw_draw_get_foreground (GTK_WIDGET (self), &fg);
  step = gw_chart_nice_step (max, 4);
  axis_max = step * ceil (MAX (max, step) / step);
  {
    g_autofree char *widest = format_value (self, axis_max);

    pango_layout_set_text (layout, widest, -1);
    pango_layout_get_pixel_size (layout, &lw, &lh);
  }
  left = PAD + lw + 6;
  right = width - PAD;
  bottom = height - PAD - lh - 4;
  plot_h = bottom - top - lh / 2.0;
  if (plot_h < 10 || right - left < 10)
    return;

  /* The value axis: grid lines at each step. */
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= axis_max + step / 2; v += step)
    {
      double y = round (bottom - plot_h * v / axis_max) + 0.5;
      g_autofree char *text = format_value (self, v);

      gw_draw_set_color (cr, &fg, 0.15);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      gw_draw_set_color (cr, &fg, 0.7);
      draw_text (cr, layout, text, left - 6, y - lh / 2.0, 1);
    }

  /* Dates under every few points, as many as fit. */
  pango_layout_set_text (layout, self->labels[0], -1);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  every = MAX (1, (int) ceil ((lw + 16) / ((right - left) / MAX (n - 1, 1))));
  for (guint i = 0; i < n; i += every)
    {
      double x = n > 1 ? left + (right - left) * i / (n - 1) : (left + right) / 2;

      gw_draw_set_color (cr, &fg, 0.7);
      draw_text (cr, layout, self->labels[i], x, bottom + 4, i == 0 ? 0 : (i + every >= n ? 1 : 0.5));
    }

  for (guint s = 0; s < GW_CHART_MAX_SERIES; s++)
    {
      gboolean drawing = FALSE;
      GdkRGBA color;

      if (self->values[s] == NULL)
        continue;
      series_color (self, s, &color);
      gw_draw_set_color (cr, &color, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < n; i++)
        {
          double v = value_at (self->values[s], i);
          double x = n > 1 ? left + (right - left) * i / (n - 1) : (left + right) / 2;

          if (isnan (v))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, x, bottom - plot_h * v / axis_max);
          else
            cairo_move_to (cr, x, bottom - plot_h * v / axis_max);
          drawing = TRUE;
        }
      cairo_stroke (cr);
    }
}

static void
gw_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  GwChart *self = GW_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  double top = PAD;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 2 * PAD || height <= 2 * PAD)
    return;
  gw_draw_get_foreground (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);
  if (self->title != NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      GdkRGBA c;
      double x = width - PAD;

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      gw_draw_set_color (cr, &fg, 1);
      top += draw_text (cr, layout, self->title, PAD, PAD, 0) + TITLE_GAP;
      pango_layout_set_attributes (layout, NULL);
      pango_attr_list_unref (attrs);
      /* The legend, right of the title. */
      for (int s = GW_CHART_MAX_SERIES - 1; self->kind == GW_CHART_LINES && s >= 0; s--)
        if (self->values[s] != NULL && self->names[s] != NULL)
          {
            int w, h;

            pango_layout_set_text (layout, self->names[s], -1);
            pango_layout_get_pixel_size (layout, &w, &h);
            x -= w;
            gw_draw_set_color (cr, &fg, 0.85);
            draw_text (cr, layout, self->names[s], x, PAD, 0);
            series_color (self, s, &c);
            gw_draw_set_color (cr, &c, 1);
            cairo_rectangle (cr, x - 18, PAD + h / 2.0 - 2, 12, 4);
            cairo_fill (cr);
            x -= 36;
          }
    }
  if (self->kind == GW_CHART_BARS)
    snapshot_bars (self, cr, layout, top, width, height);
  else
    snapshot_lines (self, cr, layout, top, width, height);
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
gw_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  GwChart *self = GW_CHART (widget);
  guint n = self->labels ? g_strv_length (self->labels) : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 200, *natural = 400;
  else if (self->kind == GW_CHART_BARS)
    *minimum = 80, *natural = 60 + 36 * MAX (n, 3);
  else
    *minimum = 120, *natural = 240;
}

static void
gw_chart_finalize (GObject *object)
{
  GwChart *self = GW_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  for (guint s = 0; s < GW_CHART_MAX_SERIES; s++)
    {
      g_free (self->names[s]);
      g_clear_pointer (&self->values[s], g_array_unref);
    }
  g_strfreev (self->labels);
  G_OBJECT_CLASS (gw_chart_parent_class)->finalize (object);
}

static void
gw_chart_class_init (GwChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gw_chart_finalize;
  widget_class->snapshot = gw_chart_snapshot;
  widget_class->measure = gw_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
gw_chart_init (GwChart *self)
{
}

GtkWidget *
gw_chart_new (GwChartKind kind)
{
  GwChart *self = g_object_new (GW_TYPE_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

GwChartKind
gw_chart_get_kind (GwChart *self)
{
  g_return_val_if_fail (GW_IS_CHART (self), GW_CHART_BARS);
  return self->kind;
}

void
gw_chart_set_title (GwChart    *self,
                    const char *title)
{
  g_return_if_fail (GW_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
gw_chart_get_title (GwChart *self)
{
  g_return_val_if_fail (GW_IS_CHART (self), NULL);
  return self->title;
}

void
gw_chart_set_unit (GwChart    *self,
                   const char *unit)
{
  g_return_if_fail (GW_IS_CHART (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_chart_set_series_names (GwChart    *self,
                           const char *name0,
                           const char *name1)
{
  g_return_if_fail (GW_IS_CHART (self));

  g_free (self->names[0]);
  g_free (self->names[1]);
  self->names[0] = g_strdup (name0);
  self->names[1] = g_strdup (name1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
same_values (GArray       *have,
             const double *values,
             guint         n)
{
  if (have == NULL || values == NULL)
    return have == NULL && values == NULL;
  return have->len == n && (n == 0 || memcmp (have->data, values, n * sizeof (double)) == 0);
}

void
gw_chart_set_data (GwChart            *self,
                   const char * const *labels,
                   guint               n,
                   const double       *values0,
                   const double       *values1)
{
  const double *values[GW_CHART_MAX_SERIES] = { values0, values1 };
  gboolean same;

  g_return_if_fail (GW_IS_CHART (self));

  same = self->labels != NULL && g_strv_length (self->labels) == n;
  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (self->labels[i], labels[i]) == 0;
  for (guint s = 0; same && s < GW_CHART_MAX_SERIES; s++)
    same = same_values (self->values[s], values[s], n);
  if (same)
    return;

  g_strfreev (self->labels);
  self->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->labels[i] = g_strdup (labels[i]);
  for (guint s = 0; s < GW_CHART_MAX_SERIES; s++)
    {
      g_clear_pointer (&self->values[s], g_array_unref);
      if (values[s] != NULL)
        {
          self->values[s] = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
          g_array_append_vals (self->values[s], values[s], n);
        }
    }
  self->changes++;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
gw_chart_get_n (GwChart *self)
{
  g_return_val_if_fail (GW_IS_CHART (self), 0);
  return self->labels ? g_strv_length (self->labels) : 0;
}

guint
gw_chart_get_changes (GwChart *self)
{
  g_return_val_if_fail (GW_IS_CHART (self), 0);
  return self->changes;
}
