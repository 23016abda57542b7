/* gw-report-pdf.c: a GwReport as an A4 PDF — cairo's PDF surface, text by PangoCairo in
 * Noto Sans CJK SC (cairo embeds the subset it uses).
 *
 * Pages are drawn first into recording surfaces, so that the page count is known when the
 * running header and the page numbers ("page N of M") are added on the PDF itself. Tables
 * have ruled lines, numbers right-aligned, headings repeated on each page a table runs
 * onto; the shares and the trend are drawn as bar charts above their tables; each street
 * section starts a page of its own.
 */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "gw-report-export.h"
#include "gw-time.h"

/* A4 in points. */
#define PAGE_W        595.276
#define PAGE_H        841.890
#define MARGIN_X      42.0
#define MARGIN_TOP    50.0
#define MARGIN_BOTTOM 52.0
#define CONTENT_W     (PAGE_W - 2 * MARGIN_X)
#define CONTENT_BOTTOM (PAGE_H - MARGIN_BOTTOM)

#define FONT_FAMILY "Noto Sans CJK SC"

#define CELL_PAD_X 3.5
#define CELL_PAD_Y 2.2
#define TABLE_FONT_SIZE 8.0
#define TABLE_MIN_FONT_SIZE 6.0

typedef struct { double r, g, b; } Rgb;

static const Rgb ink = { 0.12, 0.14, 0.18 };
static const Rgb grey = { 0.42, 0.45, 0.50 };
static const Rgb rule = { 0.74, 0.77, 0.81 };
static const Rgb heading_fill = { 0.91, 0.93, 0.96 };
static const Rgb stripe_fill = { 0.975, 0.98, 0.99 };
static const Rgb accent = { 0.70, 0.11, 0.09 };     /* the red of an official report's rule */
static const Rgb navy = { 0.13, 0.27, 0.47 };
static const Rgb series[] = {
  { 0.18, 0.42, 0.71 },
  { 0.23, 0.62, 0.40 },
  { 0.91, 0.57, 0.16 },
  { 0.55, 0.35, 0.68 },
  { 0.80, 0.30, 0.30 },
  { 0.30, 0.62, 0.68 },
  { 0.50, 0.50, 0.50 },
};

typedef struct {
  const GwReport *report;
  PangoFontMap   *font_map;
  PangoContext   *context;
  GPtrArray      *pages;       /* cairo_surface_t (recording), one per page */
  cairo_t        *cr;          /* on the last page */
  double          y;           /* where the next thing goes on it */
} Pdf;

/* Text ---------------------------------------------------------------------------------- */

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static PangoLayout *
text_layout (Pdf                                *pdf,
             const char                         *text,
             double                              size,
             gboolean                            bold,
             double                              width,
             /* <= 0: one                        line,
             as wide as it is */ PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (pdf->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text ? text : "", -1);
  /* A word broken across lines gets no hyphen: ticket numbers and codes stay as they are. */
  {
    PangoAttrList *attrs = pango_attr_list_new ();
    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, align);
    }
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = pango_units_to_double (logical.x + logical.width);
  if (height)
    *height = pango_units_to_double (logical.height);
}

static double
text_width (Pdf        *pdf,
            const char *text,
            double      size,
            gboolean    bold)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, size, bold, 0, PANGO_ALIGN_LEFT);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

/* The narrowest the text can be set in: its widest word (a Chinese character is a word). */
static double
least_width (Pdf        *pdf,
             const char *text,
             double      size,
             gboolean    bold)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, size, bold, 0, PANGO_ALIGN_LEFT);
  PangoRectangle ink_rect, logical;

  pango_layout_set_width (layout, 1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_get_extents (layout, &ink_rect, &logical);
  return pango_units_to_double (MAX (ink_rect.x + ink_rect.width, logical.x + logical.width));
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             const Rgb   *color)
{
  cairo_save (cr);
  set_rgb (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Draws one line of text with its left (align LEFT), centre or right at x; returns its
 * height. */
static double
show_text (Pdf            *pdf,
           cairo_t        *cr,
           const char     *text,
           double          size,
           gboolean        bold,
           double          x,
           double          y,
           PangoAlignment  align,
           const Rgb      *color)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, size, bold, 0, PANGO_ALIGN_LEFT);
  double w, h;

  layout_size (layout, &w, &h);
  if (align == PANGO_ALIGN_CENTER)
    x -= w / 2;
  else if (align == PANGO_ALIGN_RIGHT)
    x -= w;
  show_layout (cr, layout, x, y, color);
  return h;
}

static void
hline (cairo_t   *cr,
       double     x0,
       double     x1,
       double     y,
       double     width,
       const Rgb *color)
{
  cairo_save (cr);
  set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Pages ----------------------------------------------------------------------------------- */

static void
new_page (Pdf *pdf)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_W, PAGE_H };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);

  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_ptr_array_add (pdf->pages, surface);
  pdf->cr = cairo_create (surface);
  pdf->y = MARGIN_TOP;
}

/* Makes room for `height` points, on a new page when this one has not enough; TRUE when
 * it took a new page. */
static gboolean
need (Pdf    *pdf,
      double  height)
{
  if (pdf->y + height > CONTENT_BOTTOM && pdf->y > MARGIN_TOP + 1)
    {
      new_page (pdf);
      return TRUE;
    }
  return FALSE;
}

/* The title block ------------------------------------------------------------------------ */

static void
draw_title_block (Pdf *pdf)
{
  const GwReport *report = pdf->report;
  cairo_t *cr = pdf->cr;
  g_autoptr(GDateTime) generated = gw_time_to_date_time (report->generated_at);
  g_autofree char *when = g_date_time_format (generated, "%Y-%m-%d %H:%M");
  g_autofree char *division = NULL, *generated_text = NULL, *meta = NULL;
  g_autoptr(PangoLayout) title = text_layout (pdf, report->title, 19, TRUE, CONTENT_W, PANGO_ALIGN_CENTER);
  double h;

  layout_size (title, NULL, &h);
  show_layout (cr, title, MARGIN_X, pdf->y, &accent);
  pdf->y += h + 6;
  pdf->y += show_text (pdf, cr, report->subtitle, 11, FALSE, PAGE_W / 2, pdf->y,
                       PANGO_ALIGN_CENTER, &ink) + 4;

  if (report->division_code)
    division = g_strdup_printf (_("Division: %s (%s)"), report->division_name, report->division_code);
  else
    division = g_strdup_printf (_("Division: %s"), report->division_name);
  generated_text = g_strdup_printf (_("Generated at %s"), when);
  meta = g_strconcat (division, "    ", generated_text, NULL);
  pdf->y += show_text (pdf, cr, meta, 8.5, FALSE, PAGE_W / 2, pdf->y, PANGO_ALIGN_CENTER, &grey) + 6;

  /* The red double rule under an official report's head. */
  hline (cr, MARGIN_X, PAGE_W - MARGIN_X, pdf->y, 2.0, &accent);
  hline (cr, MARGIN_X, PAGE_W - MARGIN_X, pdf->y + 3.2, 0.6, &accent);
  pdf->y += 14;
}

/* The key figures as a row of cards. */
static void
draw_cards (Pdf *pdf)
{
  const GwFigures *f = &pdf->report->figures;
  g_autofree char *closure = NULL, *on_time = NULL, *satisfaction = NULL;
  g_autofree char *reported = g_strdup_printf ("%" G_GINT64_FORMAT, f->reported);
  g_autofree char *accepted = g_strdup_printf ("%" G_GINT64_FORMAT, f->reported - f->rejected);
  g_autofree char *closed = g_strdup_printf ("%" G_GINT64_FORMAT, f->closed);
  g_autofree char *overdue = g_strdup_printf ("%" G_GINT64_FORMAT, pdf->report->overdue);
  GwReportCell cell = { GW_REPORT_CELL_PERCENT, NULL, 0, 0 };
  const double gap = 6, height = 46;
  double width;
  struct { const char *label; const char *value; } cards[7];
  guint n = 0;
  cairo_t *cr = pdf->cr;

  cell.number = gw_rate_value (f->closure);
  closure = gw_report_cell_to_display (&cell);
  cell.number = gw_rate_value (f->on_time_closure);
  on_time = gw_report_cell_to_display (&cell);
  cell.number = gw_rate_value (f->satisfaction);
  satisfaction = gw_report_cell_to_display (&cell);

  cards[n].label = _("Reported"), cards[n++].value = reported;
  cards[n].label = _("Accepted"), cards[n++].value = accepted;
  cards[n].label = _("Closed"), cards[n++].value = closed;
  cards[n].label = _("Closure rate"), cards[n++].value = closure;
  cards[n].label = _("On-time closure rate"), cards[n++].value = on_time;
  cards[n].label = _("Satisfaction rate"), cards[n++].value = satisfaction;
  cards[n].label = _("Overdue"), cards[n++].value = overdue;

  width = (CONTENT_W - gap * (n - 1)) / n;
  for (guint i = 0; i < n; i++)
    {
      double x = MARGIN_X + i * (width + gap);

      cairo_save (cr);
      cairo_rectangle (cr, x, pdf->y, width, height);
      set_rgb (cr, &heading_fill);
      cairo_fill_preserve (cr);
      set_rgb (cr, &rule);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
      cairo_rectangle (cr, x, pdf->y, 2.5, height);
      set_rgb (cr, i == n - 1 ? &accent : &navy);
      cairo_fill (cr);
      cairo_restore (cr);
      {
        double label_size = 7.5, w = text_width (pdf, cards[i].label, label_size, FALSE);
        if (w > width - 6)
          label_size *= (width - 6) / w;
        show_text (pdf, cr, cards[i].label, label_size, FALSE, x + width / 2, pdf->y + 6,
                   PANGO_ALIGN_CENTER, &grey);
      }
      show_text (pdf, cr, cards[i].value, 14, TRUE, x + width / 2, pdf->y + 20,
                 PANGO_ALIGN_CENTER, i == n - 1 ? &accent : &ink);
    }
  pdf->y += height + 12;
}

static void
draw_paragraph (Pdf        *pdf,
                const char *text,
                double      size)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, size, FALSE, CONTENT_W, PANGO_ALIGN_LEFT);
  double h;

  /* Chinese paragraphs open with an indent of two characters. */
  pango_layout_set_indent (layout, pango_units_from_double (2 * size));
  pango_layout_set_spacing (layout, pango_units_from_double (size * 0.35));
  layout_size (layout, NULL, &h);
  need (pdf, h);
  show_layout (pdf->cr, layout, MARGIN_X, pdf->y, &ink);
  pdf->y += h + 12;
}

static void
draw_section_heading (Pdf        *pdf,
                      const char *title)
{
  cairo_t *cr = pdf->cr;
  g_autoptr(PangoLayout) layout = text_layout (pdf, title, 13, TRUE, CONTENT_W - 16, PANGO_ALIGN_LEFT);
  double h;

  layout_size (layout, NULL, &h);
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_X, pdf->y, CONTENT_W, h + 10);
  set_rgb (cr, &navy);
  cairo_fill (cr);
  cairo_restore (cr);
  show_layout (cr, layout, MARGIN_X + 8, pdf->y + 5, &(Rgb) { 1, 1, 1 });
  pdf->y += h + 22;
}

static double
table_title_height (Pdf *pdf)
{
  double h;
  g_autoptr(PangoLayout) layout = text_layout (pdf, "国", 10.5, TRUE, 0, PANGO_ALIGN_LEFT);

  layout_size (layout, NULL, &h);
  return h + 5;
}

static void
draw_table_title (Pdf        *pdf,
                  const char *title,
                  gboolean    continued)
{
  cairo_t *cr = pdf->cr;
  g_autofree char *text = continued ? g_strdup_printf (_("%s (continued)"), title) : g_strdup (title);
  double h;

  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_X, pdf->y + 2, 3, 11);
  set_rgb (cr, &accent);
  cairo_fill (cr);
  cairo_restore (cr);
  h = show_text (pdf, cr, text, 10.5, TRUE, MARGIN_X + 8, pdf->y, PANGO_ALIGN_LEFT, &ink);
  pdf->y += h + 5;
}

/* Charts ------------------------------------------------------------------------------------ */

static double
cell_value (const GwReportTable *table,
            guint                row,
            guint                column)
{
  const GwReportCell *cell = gw_report_table_get_cell (table, row, column);

  switch (cell->kind)
    {
    case GW_REPORT_CELL_INTEGER:
      return (double) cell->integer;
    case GW_REPORT_CELL_PERCENT:
    case GW_REPORT_CELL_DECIMAL:
      return isnan (cell->number) ? 0 : cell->number;
    case GW_REPORT_CELL_TEXT:
    case GW_REPORT_CELL_EMPTY:
    default:
      return 0;
    }
}

static const char *
cell_label (const GwReportTable *table,
            guint                row,
            guint                column)
{
  const GwReportCell *cell = gw_report_table_get_cell (table, row, column);
  return cell->kind == GW_REPORT_CELL_TEXT ? cell->text : "";
}

/* A round number at or above v for an axis: 1, 2 or 5 times a power of ten. */
static double
nice_ceiling (double v)
{
  double p;

  if (v <= 0)
    return 1;
  p = pow (10, floor (log10 (v)));
  for (double m = 1; ; m *= 10)
    {
      if (v <= 1 * p * m)
        return 1 * p * m;
      if (v <= 2 * p * m)
        return 2 * p * m;
      if (v <= 5 * p * m)
        return 5 * p * m;
    }
}

/* Horizontal bars, one per row: the label, the bar, the count and its share. */
static void
draw_bars (Pdf                 *pdf,
           const GwReportTable *table)
{
  const double row_h = 15, bar_h = 9.5, size = 8;
  double label_w = 0, max = 0, total = 0, bar_x, bar_w;
  cairo_t *cr;

  if (table->n_rows == 0)
    return;
  for (guint r = 0; r < table->n_rows; r++)
    {
      double v = cell_value (table, r, table->chart_value_column);
      label_w = MAX (label_w, text_width (pdf, cell_label (table, r, table->chart_label_column), size, FALSE));
      max = MAX (max, v);
      total += v;
    }
  label_w = MIN (label_w + 8, CONTENT_W * 0.3);
  bar_x = MARGIN_X + label_w;
  bar_w = CONTENT_W - label_w - 90;

  need (pdf, table->n_rows * row_h + 10);
  cr = pdf->cr;
  for (guint r = 0; r < table->n_rows; r++)
    {
      double v = cell_value (table, r, table->chart_value_column);
      double y = pdf->y + r * row_h;
      double w = max > 0 ? bar_w * v / max : 0;
      g_autofree char *value = NULL;
      char share[G_ASCII_DTOSTR_BUF_SIZE];

      show_text (pdf, cr, cell_label (table, r, table->chart_label_column), size, FALSE,
                 bar_x - 6, y + 1, PANGO_ALIGN_RIGHT, &ink);
      cairo_save (cr);
      cairo_rectangle (cr, bar_x, y + (row_h - bar_h) / 2, MAX (w, 0.8), bar_h);
      set_rgb (cr, &series[r % G_N_ELEMENTS (series)]);
      cairo_fill (cr);
      cairo_restore (cr);
      g_ascii_formatd (share, sizeof share, "%.1f", total > 0 ? 100 * v / total : 0);
      value = g_strdup_printf ("%.0f  (%s%%)", v, share);
      show_text (pdf, cr, value, size, FALSE, bar_x + w + 5, y + 1, PANGO_ALIGN_LEFT, &grey);
    }
  /* The axis the bars stand on. */
  cairo_save (cr);
  set_rgb (cr, &grey);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, bar_x, pdf->y);
  cairo_line_to (cr, bar_x, pdf->y + table->n_rows * row_h);
  cairo_stroke (cr);
  cairo_restore (cr);
  pdf->y += table->n_rows * row_h + 10;
}

/* Vertical bars along the period: one group per row, a bar per series, with a legend. */
static void
draw_columns (Pdf                 *pdf,
              const GwReportTable *table)
{
  const double height = 130, legend_h = 14, label_h = 12, size = 6.5;
  const double axis_w = 30;
  int columns[2] = { (int) table->chart_value_column, table->chart_value_column2 };
  guint n_series = table->chart_value_column2 >= 0 ? 2 : 1;
  double max = 0, top, tick, plot_x, plot_w, group_w, bar_w, label_w = 0, y0;
  int n_ticks;
  guint step;
  cairo_t *cr;

  if (table->n_rows == 0)
    return;
  for (guint r = 0; r < table->n_rows; r++)
    {
      for (guint s = 0; s < n_series; s++)
        max = MAX (max, cell_value (table, r, (guint) columns[s]));
      label_w = MAX (label_w, text_width (pdf, cell_label (table, r, table->chart_label_column), size, FALSE));
    }
  /* Four or five gridlines at a round step. */
  tick = MAX (1, nice_ceiling (max / 5));
  n_ticks = (int) MAX (1, ceil (max / tick));
  top = tick * n_ticks;
  plot_x = MARGIN_X + axis_w;
  plot_w = CONTENT_W - axis_w;
  group_w = plot_w / table->n_rows;
  bar_w = group_w * 0.78 / n_series;
  step = (guint) ceil ((label_w + 3) / group_w);
  step = MAX (step, 1);

  need (pdf, legend_h + height + label_h + 10);
  cr = pdf->cr;

  /* The legend, top right: a swatch and the column heading of each series. */
  {
    double x = MARGIN_X + CONTENT_W;
    for (int s = (int) n_series - 1; s >= 0; s--)
      {
        const char *name = table->columns[columns[s]].heading;
        double w = text_width (pdf, name, 7.5, FALSE);
        x -= w;
        show_text (pdf, cr, name, 7.5, FALSE, x, pdf->y, PANGO_ALIGN_LEFT, &ink);
        x -= 12;
        cairo_save (cr);
        cairo_rectangle (cr, x, pdf->y + 2.5, 8, 8);
        set_rgb (cr, &series[s]);
        cairo_fill (cr);
        cairo_restore (cr);
        x -= 10;
      }
  }
  y0 = pdf->y + legend_h + height;   /* the baseline */

  /* Gridlines and their values. */
  for (int i = 0; i <= n_ticks; i++)
    {
      double v = tick * i, y = y0 - height * i / n_ticks;
      g_autofree char *text = g_strdup_printf ("%.0f", v);

      hline (cr, plot_x, plot_x + plot_w, y, i == 0 ? 0.8 : 0.3, i == 0 ? &grey : &rule);
      show_text (pdf, cr, text, size, FALSE, plot_x - 4, y - 4.5, PANGO_ALIGN_RIGHT, &grey);
    }
  for (guint r = 0; r < table->n_rows; r++)
    {
      double gx = plot_x + r * group_w + group_w * 0.11;

      for (guint s = 0; s < n_series; s++)
        {
          double v = cell_value (table, r, (guint) columns[s]);
          double h = top > 0 ? height * v / top : 0;

          cairo_save (cr);
          cairo_rectangle (cr, gx + s * bar_w, y0 - h, bar_w, h);
          set_rgb (cr, &series[s]);
          cairo_fill (cr);
          cairo_restore (cr);
        }
      if (r % step == 0)
        show_text (pdf, cr, cell_label (table, r, table->chart_label_column), size, FALSE,
                   plot_x + (r + 0.5) * group_w, y0 + 2, PANGO_ALIGN_CENTER, &grey);
    }
  pdf->y = y0 + label_h + 10;
}

/* Tables ------------------------------------------------------------------------------------ */

static gboolean
is_number (GwReportCellKind kind)
{
  return kind == GW_REPORT_CELL_INTEGER || kind == GW_REPORT_CELL_PERCENT ||
         kind == GW_REPORT_CELL_DECIMAL;
}

typedef struct {
  double    size;
  double   *widths;
  double    width;     /* their sum */
  char    **texts;     /* each cell's display text, row after row */
} TableLayout;

static void
table_layout_clear (TableLayout *tl)
{
  g_free (tl->widths);
  g_strfreev (tl->texts);
}

/* Column widths. Each column wants its widest cell and its heading on one line; a
 * number column at least its widest number and its heading in lines of four characters,
 * a text column at least its widest word. When what they want does not fit the page,
 * columns give up what they can above their least width, in proportion; when even the
 * least widths do not fit, the font gets smaller. Small tables keep about their natural
 * width; tables of four columns or more fill the page. */
static void
table_layout (Pdf                 *pdf,
              const GwReportTable *table,
              TableLayout         *tl)
{
  guint nc = table->n_columns;
  g_autofree double *wanted = g_new0 (double, nc);
  g_autofree double *middle = g_new0 (double, nc);
  g_autofree double *least = g_new0 (double, nc);
  guint n_cells = table->n_rows * nc;

  tl->texts = g_new0 (char *, n_cells + 1);
  for (guint i = 0; i < n_cells; i++)
    tl->texts[i] = gw_report_cell_to_display (&g_array_index (table->cells, GwReportCell, i));
  tl->widths = g_new0 (double, nc);

  for (tl->size = TABLE_FONT_SIZE; ; tl->size -= 0.5)
    {
      double sum_wanted = 0, sum_middle = 0, sum_least = 0, em = tl->size, target;

      for (guint c = 0; c < nc; c++)
        {
          const char *heading = table->columns[c].heading;
          double cells_w = 0, cells_least = 0;
          double head_w = text_width (pdf, heading, tl->size, TRUE);
          double head_least = MAX (least_width (pdf, heading, tl->size, TRUE), MIN (head_w, 4 * em));

          for (guint r = 0; r < table->n_rows; r++)
            {
              const char *text = tl->texts[r * nc + c];
              cells_w = MAX (cells_w, text_width (pdf, text, tl->size, FALSE));
              if (!is_number (table->columns[c].kind))
                cells_least = MAX (cells_least, least_width (pdf, text, tl->size, FALSE));
            }
          if (is_number (table->columns[c].kind))
            cells_least = cells_w;
          /* A column of short words need not be narrower than five characters. */
          cells_least = MIN (cells_w, MAX (cells_least, 5 * em));
          wanted[c] = MAX (cells_w, head_w) + 2 * CELL_PAD_X;
          middle[c] = MIN (wanted[c], MAX (cells_w, head_least) + 2 * CELL_PAD_X);
          least[c] = MIN (middle[c], MAX (cells_least, head_least) + 2 * CELL_PAD_X);
          sum_wanted += wanted[c];
          sum_middle += middle[c];
          sum_least += least[c];
        }
      target = nc >= 4 ? CONTENT_W : MIN (CONTENT_W, MAX (sum_wanted, CONTENT_W * 0.62));
      if (sum_wanted <= target)
        {
          for (guint c = 0; c < nc; c++)
            tl->widths[c] = wanted[c] + (target - sum_wanted) * wanted[c] / sum_wanted;
          break;
        }
      /* First the headings wrap, then the text. */
      if (sum_middle <= CONTENT_W)
        {
          double over = sum_wanted - CONTENT_W, slack = sum_wanted - sum_middle;

          for (guint c = 0; c < nc; c++)
            tl->widths[c] = slack > 0 ? wanted[c] - over * (wanted[c] - middle[c]) / slack : middle[c];
          break;
        }
      if (sum_least <= CONTENT_W || tl->size - 0.5 < TABLE_MIN_FONT_SIZE)
        {
          double over = sum_middle - CONTENT_W, slack = sum_middle - sum_least;

          for (guint c = 0; c < nc; c++)
            tl->widths[c] = slack > over && slack > 0
                            ? middle[c] - over * (middle[c] - least[c]) / slack
                            : least[c];
          break;
        }
    }
  tl->width = 0;
  for (guint c = 0; c < nc; c++)
    tl->width += tl->widths[c];
}

/* The height of a row (its cells wrapped to their columns); heading row when texts is
 * NULL. */
static double
row_height (Pdf                 *pdf,
            const GwReportTable *table,
            const TableLayout   *tl,
            guint                row,
            gboolean             heading)
{
  double height = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *text = heading ? table->columns[c].heading : tl->texts[row * table->n_columns + c];
      g_autoptr(PangoLayout) layout = text_layout (pdf, text, tl->size, heading,
                                                   tl->widths[c] - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT);
      double h;

      layout_size (layout, NULL, &h);
      height = MAX (height, h);
    }
  return height + 2 * CELL_PAD_Y;
}

static void
draw_row (Pdf                 *pdf,
          const GwReportTable *table,
          const TableLayout   *tl,
          guint                row,
          gboolean             heading,
          double               height)
{
  cairo_t *cr = pdf->cr;
  double x = MARGIN_X;

  if (heading || row % 2 == 1)
    {
      cairo_save (cr);
      cairo_rectangle (cr, MARGIN_X, pdf->y, tl->width, height);
      set_rgb (cr, heading ? &heading_fill : &stripe_fill);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *text = heading ? table->columns[c].heading : tl->texts[row * table->n_columns + c];
      gboolean number = !heading && is_number (table->columns[c].kind);
      PangoAlignment align = heading ? PANGO_ALIGN_CENTER : number ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
      g_autoptr(PangoLayout) layout = text_layout (pdf, text, tl->size, heading,
                                                   tl->widths[c] - 2 * CELL_PAD_X, align);
      double h;

      layout_size (layout, NULL, &h);
      /* Vertically centred in the row. */
      show_layout (cr, layout, x + CELL_PAD_X, pdf->y + (height - h) / 2, &ink);
      x += tl->widths[c];
    }

  /* The rules: a line under the row and between the columns. */
  cairo_save (cr);
  set_rgb (cr, &rule);
  cairo_set_line_width (cr, 0.3);
  x = MARGIN_X;
  for (guint c = 1; c < table->n_columns; c++)
    {
      x += tl->widths[c - 1];
      cairo_move_to (cr, x, pdf->y);
      cairo_line_to (cr, x, pdf->y + height);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  hline (cr, MARGIN_X, MARGIN_X + tl->width, pdf->y + height, heading ? 0.7 : 0.3,
         heading ? &grey : &rule);
  pdf->y += height;
}

static void
draw_table_head (Pdf                 *pdf,
                 const GwReportTable *table,
                 const TableLayout   *tl,
                 double               head_h,
                 gboolean             titled,
                 gboolean             continued)
{
  if (titled)
    draw_table_title (pdf, table->title, continued);
  hline (pdf->cr, MARGIN_X, MARGIN_X + tl->width, pdf->y, 1.0, &ink);
  draw_row (pdf, table, tl, 0, TRUE, head_h);
}

/* The table; its title above it unless a chart above has it already. */
static void
draw_table (Pdf                 *pdf,
            const GwReportTable *table,
            gboolean             titled)
{
  TableLayout tl = { 0, };
  g_autofree double *heights = NULL;
  double head_h, title_h = table_title_height (pdf), first = 0;
  guint keep;

  table_layout (pdf, table, &tl);
  head_h = row_height (pdf, table, &tl, 0, TRUE);
  heights = g_new0 (double, table->n_rows + 1);
  for (guint r = 0; r < table->n_rows; r++)
    heights[r] = row_height (pdf, table, &tl, r, FALSE);

  /* A short table is kept on one page; a long one starts where at least three rows fit. */
  keep = table->n_rows <= 12 ? table->n_rows : 3;
  for (guint r = 0; r < keep; r++)
    first += heights[r];
  /* A table under its chart that goes on to the next page takes its title with it. */
  if (need (pdf, (titled ? title_h : 0) + head_h + first + 4) && !titled)
    draw_table_head (pdf, table, &tl, head_h, TRUE, TRUE);
  else
    draw_table_head (pdf, table, &tl, head_h, titled, FALSE);
  for (guint r = 0; r < table->n_rows; r++)
    {
      if (pdf->y + heights[r] > CONTENT_BOTTOM)
        {
          hline (pdf->cr, MARGIN_X, MARGIN_X + tl.width, pdf->y, 1.0, &ink);
          new_page (pdf);
          draw_table_head (pdf, table, &tl, head_h, TRUE, TRUE);
        }
      draw_row (pdf, table, &tl, r, FALSE, heights[r]);
    }
  hline (pdf->cr, MARGIN_X, MARGIN_X + tl.width, pdf->y, 1.0, &ink);
  pdf->y += 3;
  if (table->note)
    {
      g_autoptr(PangoLayout) layout = text_layout (pdf, table->note, 7.5, FALSE, CONTENT_W, PANGO_ALIGN_LEFT);
      double h;

      layout_size (layout, NULL, &h);
      need (pdf, h);
      show_layout (pdf->cr, layout, MARGIN_X, pdf->y, &grey);
      pdf->y += h;
    }
  pdf->y += 14;
  table_layout_clear (&tl);
}

/* A table and, above it, its chart (title first, so the two stay together). */
static void
draw_table_with_chart (Pdf                 *pdf,
                       const GwReportTable *table)
{
  if (table->chart == GW_REPORT_CHART_NONE || table->n_rows == 0)
    {
      draw_table (pdf, table, TRUE);
      return;
    }
  /* The chart's own height plus the title: on a new page if they do not fit (the table
   * may then follow on the next one). */
  need (pdf, table_title_height (pdf) + (table->chart == GW_REPORT_CHART_BARS
                                         ? table->n_rows * 15 + 10 : 14 + 130 + 22));
  draw_table_title (pdf, table->title, FALSE);
  pdf->y += 4;
  if (table->chart == GW_REPORT_CHART_BARS)
    draw_bars (pdf, table);
  else
    draw_columns (pdf, table);
  draw_table (pdf, table, FALSE);
}

/* The document -------------------------------------------------------------------------------- */

static void
draw_report (Pdf *pdf)
{
  const GwReport *report = pdf->report;

  new_page (pdf);
  draw_title_block (pdf);
  draw_cards (pdf);
  draw_paragraph (pdf, report->summary, 9.5);
  for (guint s = 0; s < report->sections->len; s++)
    {
      const GwReportSection *section = g_ptr_array_index (report->sections, s);

      if (section->title)
        {
          new_page (pdf);
          draw_section_heading (pdf, section->title);
        }
      for (guint t = 0; t < section->tables->len; t++)
        draw_table_with_chart (pdf, g_ptr_array_index (section->tables, t));
    }
  g_clear_pointer (&pdf->cr, cairo_destroy);
}

/* The running header (from page 2) and the page number, on the PDF page itself. */
static void
draw_page_furniture (Pdf     *pdf,
                     cairo_t *cr,
                     guint    page,
                     guint    n_pages)
{
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page, n_pages);

  if (page > 1)
    {
      show_text (pdf, cr, pdf->report->title, 7.5, FALSE, MARGIN_X, MARGIN_TOP - 24,
                 PANGO_ALIGN_LEFT, &grey);
      show_text (pdf, cr, pdf->report->subtitle, 7.5, FALSE, PAGE_W - MARGIN_X, MARGIN_TOP - 24,
                 PANGO_ALIGN_RIGHT, &grey);
      hline (cr, MARGIN_X, PAGE_W - MARGIN_X, MARGIN_TOP - 10, 0.5, &rule);
    }
  hline (cr, MARGIN_X, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 14, 0.5, &rule);
  show_text (pdf, cr, number, 8, FALSE, PAGE_W / 2, PAGE_H - MARGIN_BOTTOM + 20,
             PANGO_ALIGN_CENTER, &grey);
}

gboolean
gw_report_write_pdf_file (const GwReport  *report,
                          const char      *path,
                          gpointer         user_data,
                          GError         **error)
{
  guint *n_pages = user_data;
  Pdf pdf = { report, NULL, NULL, NULL, NULL, 0 };
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Points are the unit: 72 per inch, no hinting (a PDF is scaled when shown). */
  pdf.font_map = pango_cairo_font_map_new ();
  pango_cairo_font_map_set_resolution (PANGO_CAIRO_FONT_MAP (pdf.font_map), 72);
  pdf.context = pango_font_map_create_context (pdf.font_map);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pdf.context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pdf.context, FALSE);
  pango_context_set_language (pdf.context, pango_language_from_string ("zh-cn"));
  pdf.pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  draw_report (&pdf);

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, report->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridwatch " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint i = 0; i < pdf.pages->len; i++)
    {
      cairo_set_source_surface (cr, g_ptr_array_index (pdf.pages, i), 0, 0);
      cairo_paint (cr);
      draw_page_furniture (&pdf, cr, i + 1, pdf.pages->len);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (n_pages)
    *n_pages = pdf.pages->len;
  g_ptr_array_unref (pdf.pages);
  g_object_unref (pdf.context);
  g_object_unref (pdf.font_map);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GW_REPORT_ERROR, GW_REPORT_ERROR_WRITE, "%s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
