/* gw-dashboard-window.c: the commander's dashboard.
 *
 * A grid of figure cards and charts on a dark window, larger type from 1600 px wide. The
 * figures are one GwDashboardFigures, read on a store reader; every two seconds a cheap read
 * of the change log's last sequence says whether anything changed (and once a minute the
 * figures are read anyway: lights turn with time). Cards and charts change only where their
 * numbers did: GwFigureCard and GwChart compare before they redraw.
 */
#define G_LOG_DOMAIN "gw-dashboard-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-chart.h"
#include "gw-dashboard-window.h"
#include "gw-dictionary.h"
#include "gw-division.h"
#include "gw-drill-watermark.h"
#include "gw-figure-card.h"
#include "gw-format.h"
#include "gw-time.h"

#define POLL_MS        2000
#define REFRESH_MS     60000
#define N_LIST_ROWS    8

enum { CARD_TODAY, CARD_OPEN, CARD_RED, CARD_OVERDUE, CARD_EMERGENCIES, N_COUNT_CARDS };
enum { RATE_RESPONSE, RATE_RESOLUTION, RATE_SATISFACTION, RATE_ON_TIME, RATE_GRASSROOTS, N_RATE_CARDS };

struct _GwDashboardWindow
{
  AdwWindow           parent_instance;

  GwStore            *store;
  GwClock            *clock;
  GCancellable       *cancellable;

  GwFigureCard       *counts[N_COUNT_CARDS];
  GwFigureCard       *rates[N_RATE_CARDS];
  GwChart            *trend;
  GwChart            *sources;
  GwChart            *boards;
  GwChart            *streets;
  GwChart            *departments;
  GtkLabel           *newest[N_LIST_ROWS];
  GtkLabel           *emergencies[N_LIST_ROWS];
  AdwWindowTitle     *title;
  GtkDropDown        *period_dropdown;
  GtkDropDown        *division_dropdown;
  GPtrArray          *street_codes;     /* char *, index i + 1 in the division dropdown */

  guint               days;
  char               *division;
  GwDashboardFigures *figures;
  guint               n_reads;
  guint               generation;
  gboolean            reading;
  gint64              last_seq;
  gint64              last_read_us;
  guint               poll_id;
};

G_DEFINE_FINAL_TYPE (GwDashboardWindow, gw_dashboard_window, ADW_TYPE_WINDOW)

static const guint periods[] = { 1, 7, 30 };

/* Showing the figures --------------------------------------------------------------------- */

static void
set_rate (GwFigureCard *card,
          GwRate        rate)
{
  g_autofree char *value = NULL;
  g_autofree char *n = gw_format_count (rate.numerator);
  g_autofree char *d = gw_format_count (rate.denominator);
  g_autofree char *caption = NULL;

  if (rate.denominator > 0)
    value = g_strdup_printf ("%.1f%%", 100.0 * rate.numerator / rate.denominator);
  else
    value = g_strdup ("—");
  /* TRANSLATORS: a rate's numerator and denominator under it, e.g. "1,204 / 1,318" */
  caption = g_strdup_printf (_("%s / %s"), n, d);
  gw_figure_card_set_value (card, value);
  gw_figure_card_set_caption (card, caption);
}

static void
set_count (GwFigureCard *card,
           gint64        value)
{
  g_autofree char *text = gw_format_count (value);

  gw_figure_card_set_value (card, text);
}

static const char *
board_name (const char *code)
{
  const GwBoard *board = code && *code ? gw_dictionary_lookup_board (gw_dictionary_get_default (), code) : NULL;

  return board ? gw_board_get_display_name (board) : (code && *code ? code : _("Unclassified"));
}

static void
show_counts (GwChart    *chart,
             GArray     *counts,
             guint       limit,
             const char *(*name_of) (const char *))
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; counts && i < counts->len && labels->len < limit; i++)
    {
      const GwDashboardCount *c = &g_array_index (counts, GwDashboardCount, i);
      double v = c->count;

      if (c->count == 0)
        continue;
      g_ptr_array_add (labels, (gpointer) name_of (c->code));
      g_array_append_val (values, v);
    }
  gw_chart_set_data (chart, (const char * const *) labels->pdata, labels->len, (const double *) values->data, NULL);
}

static void
show_ranks (GwChart *chart,
            GArray  *ranks,
            guint    limit)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; ranks && i < ranks->len && i < limit; i++)
    {
      const GwDashboardRank *r = &g_array_index (ranks, GwDashboardRank, i);
      double v = r->red + r->overdue;

      g_ptr_array_add (labels, r->name ? r->name : r->code);
      g_array_append_val (values, v);
    }
  gw_chart_set_data (chart, (const char * const *) labels->pdata, labels->len, (const double *) values->data, NULL);
}

static void
show_tickets (GtkLabel **rows,
              GArray    *tickets,
              gint64     now)
{
  for (guint i = 0; i < N_LIST_ROWS; i++)
    {
      g_autofree char *text = NULL;

      if (tickets != NULL && i < tickets->len)
        {
          const GwDashboardTicket *t = &g_array_index (tickets, GwDashboardTicket, i);
          const GwCategory *category = t->category_code ? gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code)
                                                        : NULL;
          g_autofree char *ago = gw_format_time_ago (t->reported_at, now);

          /* TRANSLATORS: a ticket in the dashboard's lists: how long ago, its category, its
           * place, its state */
          text = g_strdup_printf (_("%s  ·  %s  ·  %s  ·  %s"), ago,
                                  category ? gw_category_get_display_name (category) : (t->category_code ? t->category_code : ""),
                                  t->place ? t->place : "", gw_format_state_label (t->state));
        }
      else if (i == 0)
        text = g_strdup (_("None"));
      if (g_strcmp0 (gtk_label_get_label (rows[i]), text ? text : "") != 0)
        gtk_label_set_label (rows[i], text ? text : "");
    }
}

static void
show (GwDashboardWindow *self)
{
  GwDashboardFigures *f = self->figures;
  const GwFigures *s = &f->stats;
  const char *day_labels[GW_DASHBOARD_TREND_DAYS];
  g_autofree char *day_text = NULL;
  double reported[GW_DASHBOARD_TREND_DAYS], closed[GW_DASHBOARD_TREND_DAYS];
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  const char *source_labels[GW_N_SOURCES];
  double by_source[GW_N_SOURCES];
  guint n_sources = 0;

  set_count (self->counts[CARD_TODAY], f->today_reported);
  set_count (self->counts[CARD_OPEN], f->open);
  set_count (self->counts[CARD_RED], f->red);
  set_count (self->counts[CARD_OVERDUE], f->overdue);
  set_count (self->counts[CARD_EMERGENCIES], f->emergencies_open);
  set_rate (self->rates[RATE_RESPONSE], s->response);
  set_rate (self->rates[RATE_RESOLUTION], s->resolution);
  set_rate (self->rates[RATE_SATISFACTION], s->satisfaction);
  set_rate (self->rates[RATE_ON_TIME], s->on_time_closure);
  set_rate (self->rates[RATE_GRASSROOTS], s->grassroots_closure);

  for (guint i = 0; i < GW_DASHBOARD_TREND_DAYS; i++)
    {
      g_autoptr(GDateTime) d = gw_time_to_date_time (f->trend[i].start);

      g_ptr_array_add (days, g_date_time_format (d, "%m-%d"));
      day_labels[i] = g_ptr_array_index (days, i);
      reported[i] = f->trend[i].reported;
      closed[i] = f->trend[i].closed;
    }
  gw_chart_set_data (self->trend, day_labels, GW_DASHBOARD_TREND_DAYS, reported, closed);

  for (guint i = 0; i < GW_N_SOURCES; i++)
    if (f->by_source[i] > 0)
      {
        source_labels[n_sources] = gw_format_source_label (i);
        by_source[n_sources++] = f->by_source[i];
      }
  gw_chart_set_data (self->sources, source_labels, n_sources, by_source, NULL);
  show_counts (self->boards, f->by_board, 8, board_name);
  show_ranks (self->streets, f->streets, 8);
  show_ranks (self->departments, f->departments, 8);
  show_tickets (self->newest, f->newest, f->now);
  show_tickets (self->emergencies, f->emergencies, f->now);

  {
    g_autoptr(GDateTime) today = gw_time_to_date_time (f->today_start);

    day_text = g_date_time_format (today, "%Y-%m-%d");
    adw_window_title_set_subtitle (self->title, day_text);
  }
}

/* Reading ------------------------------------------------------------------------------------ */

typedef struct {
  GwDashboardWindow *self;
  guint              generation;
} Read;

static void
on_figures (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(GwDashboardWindow) self = read->self;
  g_autoptr(GError) error = NULL;
  GwDashboardFigures *figures = gw_store_dashboard_figures_finish (GW_STORE (object), result, &error);
  guint generation = read->generation;

  g_free (read);
  if (generation != self->generation)
    {
      /* The period or the division changed since: its own read is under way. */
      g_clear_pointer (&figures, gw_dashboard_figures_free);
      return;
    }
  self->reading = FALSE;
  if (figures == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Reading the dashboard's figures: %s", error->message);
      return;
    }
  g_clear_pointer (&self->figures, gw_dashboard_figures_free);
  self->figures = figures;
  self->n_reads++;
  self->last_read_us = g_get_monotonic_time ();
  show (self);
}

static void
read_figures (GwDashboardWindow *self,
              gboolean           anew)
{
  gint64 now = gw_clock_get_now (self->clock);
  GwDashboardQuery q = { 0 };
  Read *read;

  if (self->reading && !anew)
    return;
  self->reading = TRUE;
  if (anew)
    self->generation++;
  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->generation = self->generation;
  q.to = gw_time_start_of_day (now) + 86400;
  q.from = gw_time_start_of_day (now) - (gint64) (self->days - 1) * 86400;
  q.now = now;
  q.division_code = self->division;
  q.top_n = 8;
  gw_store_dashboard_figures_async (self->store, &q, self->cancellable, on_figures, read);
}

static gpointer
last_change_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  gint64 *seq = g_new (gint64, 1);

  *seq = gw_db_get_last_change (db, error);
  if (*seq < 0)
    {
      g_free (seq);
      return NULL;
    }
  return seq;
}

static void
on_last_change (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwDashboardWindow) self = user_data;
  g_autofree gint64 *seq = gw_store_read_finish (GW_STORE (object), result, NULL);

  if (seq == NULL || self->store == NULL)
    return;
  if (*seq != self->last_seq || g_get_monotonic_time () - self->last_read_us > REFRESH_MS * 1000)
    {
      self->last_seq = *seq;
      read_figures (self, FALSE);
    }
}

static gboolean
on_poll (gpointer data)
{
  GwDashboardWindow *self = data;

  gw_store_read_async (self->store, last_change_func, NULL, NULL, g_free, self->cancellable, on_last_change,
                       g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* The streets for the division selector. */
static gpointer
streets_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  return gw_db_list_divisions (db, GW_LEVEL_STREET, error);
}

static void
on_streets (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwDashboardWindow) self = user_data;
  g_autoptr(GPtrArray) streets = gw_store_read_finish (GW_STORE (object), result, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (streets == NULL || self->division_dropdown == NULL)
    return;
  gtk_string_list_append (names, _("Whole district"));
  for (guint i = 0; i < streets->len; i++)
    {
      GwDivision *d = g_ptr_array_index (streets, i);

      gtk_string_list_append (names, d->name);
      g_ptr_array_add (self->street_codes, g_strdup (d->code));
    }
  gtk_drop_down_set_model (self->division_dropdown, G_LIST_MODEL (names));
}

static void
on_period_selected (GwDashboardWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->period_dropdown);

  if (i < G_N_ELEMENTS (periods))
    gw_dashboard_window_set_period (self, periods[i]);
}

static void
on_division_selected (GwDashboardWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->division_dropdown);

  gw_dashboard_window_set_division (self, i > 0 && i <= self->street_codes->len
                                              ? g_ptr_array_index (self->street_codes, i - 1) : NULL);
}

/* Building --------------------------------------------------------------------------------- */

static GtkWidget *
card (GwFigureCard **out,
      const char    *title,
      const char    *caption,
      const char    *css_class)
{
  GtkWidget *c = gw_figure_card_new ();

  gw_figure_card_set_title (GW_FIGURE_CARD (c), title);
  gw_figure_card_set_value (GW_FIGURE_CARD (c), "—");
  gw_figure_card_set_caption (GW_FIGURE_CARD (c), caption);
  gtk_widget_set_hexpand (c, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (c, css_class);
  *out = GW_FIGURE_CARD (c);
  return c;
}

static GtkWidget *
chart (GwChart     **out,
       GwChartKind   kind,
       const char   *title,
       const char   *unit)
{
  GtkWidget *c = gw_chart_new (kind);

  gw_chart_set_title (GW_CHART (c), title);
  gw_chart_set_unit (GW_CHART (c), unit);
  gtk_widget_set_hexpand (c, TRUE);
  gtk_widget_set_vexpand (c, TRUE);
  gtk_widget_add_css_class (c, "dashboard-panel");
  *out = GW_CHART (c);
  return c;
}

static GtkWidget *
ticket_list (GtkLabel   **rows,
             const char  *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (title);

  gtk_widget_add_css_class (box, "dashboard-panel");
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  for (guint i = 0; i < N_LIST_ROWS; i++)
    {
      rows[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (rows[i], 0);
      gtk_label_set_ellipsize (rows[i], PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (rows[i]));
    }
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static void
build (GwDashboardWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *counts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *rates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *charts = gtk_grid_new ();
  GtkWidget *fullscreen = gtk_button_new_from_icon_name ("view-fullscreen-symbolic");
  const char *const period_names[] = { _("Today"), _("Last 7 days"), _("Last 30 days"), NULL };

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Command Dashboard"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->period_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (period_names));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->period_dropdown), _("The period of the rates and the sources"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->period_dropdown));
  self->division_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *const[]) { _("Whole district"), NULL }));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->division_dropdown), _("The district, or one street"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->division_dropdown));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (fullscreen), "dashboard.fullscreen");
  gtk_widget_set_tooltip_text (fullscreen, _("Full Screen (F11)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), fullscreen);
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_box_append (GTK_BOX (counts), card (&self->counts[CARD_TODAY], _("Reported today"), _("new tickets since midnight"), NULL));
  gtk_box_append (GTK_BOX (counts), card (&self->counts[CARD_OPEN], _("Open"), _("tickets still being worked on"), NULL));
  gtk_box_append (GTK_BOX (counts), card (&self->counts[CARD_RED], _("Red"), _("past the red line of their stage"), "warning"));
  gtk_box_append (GTK_BOX (counts), card (&self->counts[CARD_OVERDUE], _("Overdue"), _("past their deadline"), "alert"));
  gtk_box_append (GTK_BOX (counts), card (&self->counts[CARD_EMERGENCIES], _("Open emergencies"), _("urgency: emergency"), "alert"));
  gtk_box_append (GTK_BOX (rates), card (&self->rates[RATE_RESPONSE], _("Response rate"), NULL, NULL));
  gtk_box_append (GTK_BOX (rates), card (&self->rates[RATE_RESOLUTION], _("Resolution rate"), NULL, NULL));
  gtk_box_append (GTK_BOX (rates), card (&self->rates[RATE_SATISFACTION], _("Satisfaction rate"), NULL, NULL));
  gtk_box_append (GTK_BOX (rates), card (&self->rates[RATE_ON_TIME], _("On-time closure"), NULL, NULL));
  gtk_box_append (GTK_BOX (rates), card (&self->rates[RATE_GRASSROOTS], _("Grassroots closure"), NULL, NULL));

  gtk_grid_set_row_spacing (GTK_GRID (charts), 12);
  gtk_grid_set_column_spacing (GTK_GRID (charts), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (charts), TRUE);
  gtk_grid_attach (GTK_GRID (charts), chart (&self->trend, GW_CHART_LINES, _("The last 30 days"), NULL), 0, 0, 2, 1);
  gtk_grid_attach (GTK_GRID (charts), chart (&self->sources, GW_CHART_BARS, _("Reports by source"), NULL), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (charts), chart (&self->boards, GW_CHART_BARS, _("Reports by board"), NULL), 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (charts), chart (&self->streets, GW_CHART_BARS, _("Streets: red and overdue"), NULL), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (charts), chart (&self->departments, GW_CHART_BARS, _("Departments: red and overdue"), NULL), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (charts), ticket_list (self->newest, _("Newest tickets")), 2, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (charts), ticket_list (self->emergencies, _("Open emergencies")), 3, 1, 1, 1);
  gw_chart_set_series_names (self->trend, _("Reported"), _("Closed"));
  gtk_widget_set_vexpand (charts, TRUE);

  gtk_box_append (GTK_BOX (page), counts);
  gtk_box_append (GTK_BOX (page), rates);
  gtk_box_append (GTK_BOX (page), charts);
  gtk_widget_set_margin_start (page, 18);
  gtk_widget_set_margin_end (page, 18);
  gtk_widget_set_margin_top (page, 12);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_widget_add_css_class (page, "dashboard");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  gtk_drop_down_set_selected (self->period_dropdown, 0);
  g_signal_connect_swapped (self->period_dropdown, "notify::selected", G_CALLBACK (on_period_selected), self);
  g_signal_connect_swapped (self->division_dropdown, "notify::selected", G_CALLBACK (on_division_selected), self);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
gw_dashboard_window_dispose (GObject *object)
{
  GwDashboardWindow *self = GW_DASHBOARD_WINDOW (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->division_dropdown = NULL;
  G_OBJECT_CLASS (gw_dashboard_window_parent_class)->dispose (object);
}

static void
gw_dashboard_window_finalize (GObject *object)
{
  GwDashboardWindow *self = GW_DASHBOARD_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->figures, gw_dashboard_figures_free);
  g_clear_pointer (&self->street_codes, g_ptr_array_unref);
  g_free (self->division);
  G_OBJECT_CLASS (gw_dashboard_window_parent_class)->finalize (object);
}

static void
gw_dashboard_window_class_init (GwDashboardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_dashboard_window_dispose;
  object_class->finalize = gw_dashboard_window_finalize;
  gtk_widget_class_install_action (widget_class, "dashboard.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "dashboard.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_dashboard_window_init (GwDashboardWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->street_codes = g_ptr_array_new_with_free_func (g_free);
  self->days = 1;
  self->last_seq = -1;
}

GwDashboardWindow *
gw_dashboard_window_new (GtkApplication *application,
                         GwStore        *store,
                         GwClock        *clock)
{
  GwDashboardWindow *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_DASHBOARD_WINDOW, "application", application, "title", _("Command Dashboard"),
                       "default-width", 1920, "default-height", 1080, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dashboard-window");
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  build (self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  gw_store_read_async (store, streets_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       on_streets, g_object_ref (self));
  read_figures (self, TRUE);
  self->poll_id = g_timeout_add (POLL_MS, on_poll, self);
  return self;
}

void
gw_dashboard_window_set_period (GwDashboardWindow *self,
                                guint              days)
{
  g_return_if_fail (GW_IS_DASHBOARD_WINDOW (self));

  days = MAX (days, 1);
  if (self->days == days)
    return;
  self->days = days;
  read_figures (self, TRUE);
}

void
gw_dashboard_window_set_division (GwDashboardWindow *self,
                                  const char        *code)
{
  g_return_if_fail (GW_IS_DASHBOARD_WINDOW (self));

  if (g_strcmp0 (self->division, code) == 0)
    return;
  g_free (self->division);
  self->division = g_strdup (code);
  read_figures (self, TRUE);
}

const GwDashboardFigures *
gw_dashboard_window_get_figures (GwDashboardWindow *self)
{
  g_return_val_if_fail (GW_IS_DASHBOARD_WINDOW (self), NULL);
  return self->figures;
}

guint
gw_dashboard_window_get_n_reads (GwDashboardWindow *self)
{
  g_return_val_if_fail (GW_IS_DASHBOARD_WINDOW (self), 0);
  return self->n_reads;
}
