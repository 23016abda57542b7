/* gw-report-tables.c: the tables of a report, each from gw-stats (or, for the lists, plain
 * SQL over the tickets the same division condition picks). */
#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-db-private.h"
#include "gw-report-private.h"
#include "gw-time.h"

#define DAY (24 * 3600)
#define HOUR 3600

/* The sources as a report names them (GLOSSARY.md). */
static const char *const source_labels[GW_N_SOURCES] = {
  N_("Grid worker reports"), N_("12345 hotline"), N_("Video AI"), N_("Sensor"),
  N_("Higher level"), N_("Citizen"),
};

/* Tables ---------------------------------------------------------------------------------- */

static void
cell_clear (gpointer data)
{
  GwReportCell *cell = data;
  g_clear_pointer (&cell->text, g_free);
}

void
_gw_report_table_free (GwReportTable *table)
{
  for (guint i = 0; i < table->n_columns; i++)
    g_free (table->columns[i].heading);
  g_free (table->columns);
  g_clear_pointer (&table->cells, g_array_unref);
  g_free (table->id);
  g_free (table->title);
  g_free (table->note);
  g_free (table);
}

GwReportTable *
_gw_report_table_new (GwReportSection *section,
           const char      *id,
           const char      *title,
           ...)
{
  GwReportTable *table = g_new0 (GwReportTable, 1);
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (GwReportColumn));
  const char *heading;
  va_list ap;

  table->id = g_strdup (id);
  table->title = g_strdup (title);
  va_start (ap, title);
  while ((heading = va_arg (ap, const char *)) != NULL)
    {
      GwReportColumn column = { g_strdup (heading), va_arg (ap, GwReportCellKind) };
      g_array_append_val (columns, column);
    }
  va_end (ap);
  table->n_columns = columns->len;
  table->columns = (GwReportColumn *) g_array_free (g_steal_pointer (&columns), FALSE);
  table->cells = g_array_new (FALSE, TRUE, sizeof (GwReportCell));
  g_array_set_clear_func (table->cells, cell_clear);
  table->chart_value_column2 = -1;
  g_ptr_array_add (section->tables, table);
  return table;
}

static void
table_add (GwReportTable *table,
           GwReportCell   cell)
{
  g_array_append_val (table->cells, cell);
  table->n_rows = table->cells->len / table->n_columns;
}

void
_gw_report_add_text (GwReportTable *table,
          const char    *text)
{
  GwReportCell cell = { text ? GW_REPORT_CELL_TEXT : GW_REPORT_CELL_EMPTY, g_strdup (text), 0, 0 };
  table_add (table, cell);
}

void
_gw_report_add_int (GwReportTable *table,
         gint64         value)
{
  GwReportCell cell = { GW_REPORT_CELL_INTEGER, NULL, value, 0 };
  table_add (table, cell);
}

void
_gw_report_add_number (GwReportTable    *table,
            GwReportCellKind  kind,
            double            value)
{
  GwReportCell cell = { kind, NULL, 0, value };
  table_add (table, cell);
}

/* A rate as three cells: the percentage, the numerator, the denominator. */
void
_gw_report_add_rate (GwReportTable *table,
          GwRate         rate)
{
  _gw_report_add_number (table, GW_REPORT_CELL_PERCENT, gw_rate_value (rate));
  _gw_report_add_int (table, rate.numerator);
  _gw_report_add_int (table, rate.denominator);
}

static void
place_clear (gpointer data)
{
  GwReportPlace *p = data;
  g_free (p->code);
  g_free (p->name);
}

static GArray *
places_new (void)
{
  GArray *places = g_array_new (FALSE, TRUE, sizeof (GwReportPlace));
  g_array_set_clear_func (places, place_clear);
  return places;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
bind_named_int (sqlite3_stmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

/* Reads (code, name, level) rows of `sql` with :code bound. */
static GArray *
read_places (GwReportBuilder  *b,
             const char       *sql,
             const char       *code,
             GError          **error)
{
  g_autoptr(GArray) places = places_new ();
  sqlite3_stmt *stmt = _gw_db_prepare (b->db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_named_text (stmt, ":code", code);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwReportPlace p = { column_text (stmt, 0), column_text (stmt, 1), GW_LEVEL_DISTRICT };
      gw_level_from_string ((const char *) sqlite3_column_text (stmt, 2), &p.level);
      g_array_append_val (places, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (b->db, error, _("making the report")), NULL;
  return g_steal_pointer (&places);
}

/* The divisions one level down: the children of `code`, or the tops when code is NULL. */
GArray *
_gw_report_read_children (GwReportBuilder  *b,
                          const char       *code,
                          GError          **error)
{
  if (code == NULL)
    return read_places (b, "SELECT code, name, level FROM divisions WHERE parent_id IS NULL"
                           " ORDER BY code", NULL, error);
  return read_places (b, "SELECT c.code, c.name, c.level FROM divisions c"
                         " JOIN divisions p ON c.parent_id = p.id WHERE p.code = :code"
                         " ORDER BY c.code", code, error);
}

/* The streets within `code` (every street when NULL); none when it is a street or below. */
GArray *
_gw_report_read_streets (GwReportBuilder  *b,
                         const char       *code,
                         GError          **error)
{
  if (code == NULL)
    return read_places (b, "SELECT code, name, level FROM divisions WHERE level = 'street'"
                           " ORDER BY code", NULL, error);
  return read_places (b,
      "WITH RECURSIVE sub (id) AS (SELECT id FROM divisions WHERE code = :code"
      "   UNION ALL SELECT d.id FROM divisions d JOIN sub ON d.parent_id = sub.id)"
      " SELECT code, name, level FROM divisions WHERE id IN (SELECT id FROM sub)"
      " AND level = 'street' AND code <> :code ORDER BY code", code, error);
}

static GwFigures *
figures (GwReportBuilder  *b,
         gint64            from,
         gint64            to,
         const char       *division_code,
         const char       *department_code,
         GError          **error)
{
  GwStatsQuery q = { from, to, division_code, department_code };
  return gw_db_get_figures (b->db, &q, error);
}

char *
_gw_report_format_day (gint64      t,
                       const char *format)
{
  g_autoptr(GDateTime) dt = gw_time_to_date_time (t);
  return g_date_time_format (dt, format);
}

/* Totals, rates, times ------------------------------------------------------------------- */

static void
add_totals (GwReportSection *section,
            const GwFigures *f)
{
  GwReportTable *t = _gw_report_table_new (section, "totals", _("Totals"),
                                _("Figure"), GW_REPORT_CELL_TEXT,
                                _("Tickets"), GW_REPORT_CELL_INTEGER,
                                NULL);
  const struct { const char *label; gint64 value; } rows[] = {
    { N_("Reported"), f->reported },
    { N_("Accepted (not rejected)"), f->reported - f->rejected },
    { N_("Rejected"), f->rejected },
    { N_("Dispatched"), f->dispatched },
    { N_("Closed"), f->closed },
    { N_("Still open"), f->open },
    { N_("Evaluated"), f->evaluated },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      _gw_report_add_text (t, _(rows[i].label));
      _gw_report_add_int (t, rows[i].value);
    }
}

static void
add_rates (GwReportSection *section,
           const GwFigures *f)
{
  GwReportTable *t = _gw_report_table_new (section, "rates", _("Rates"),
                                _("Figure"), GW_REPORT_CELL_TEXT,
                                _("Rate"), GW_REPORT_CELL_PERCENT,
                                _("Numerator"), GW_REPORT_CELL_INTEGER,
                                _("Denominator"), GW_REPORT_CELL_INTEGER,
                                _("Definition"), GW_REPORT_CELL_TEXT,
                                NULL);
  const struct { const char *label; GwRate rate; const char *definition; } rows[] = {
    { N_("Closure rate"), f->closure, N_("closed / accepted") },
    { N_("On-time closure rate"), f->on_time_closure, N_("closed by the handling deadline / closed") },
    { N_("Response rate"), f->response, N_("signed for by the deadline / dispatched") },
    { N_("Resolution rate"), f->resolution, N_("resolved / closed") },
    { N_("Satisfaction rate"), f->satisfaction, N_("satisfied or basically satisfied / evaluated") },
    { N_("Grassroots closure rate"), f->grassroots_closure, N_("closed at grid or community level / closed") },
    { N_("Reopen rate"), f->reopen, N_("reopened at least once / closed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      _gw_report_add_text (t, _(rows[i].label));
      _gw_report_add_rate (t, rows[i].rate);
      _gw_report_add_text (t, _(rows[i].definition));
    }
}

static void
add_times (GwReportSection *section,
           const GwFigures *f)
{
  GwReportTable *t = _gw_report_table_new (section, "times", _("Time taken"),
                                _("Figure"), GW_REPORT_CELL_TEXT,
                                _("Average (hours)"), GW_REPORT_CELL_DECIMAL,
                                _("Tickets counted"), GW_REPORT_CELL_INTEGER,
                                NULL);
  const struct { const char *label; double seconds; gint64 n; } rows[] = {
    { N_("Average time to sign for"), f->avg_sign_seconds, f->n_sign },
    { N_("Average handling time"), f->avg_handle_seconds, f->n_handle },
    { N_("Average check time"), f->avg_check_seconds, f->n_check },
    { N_("Average time to close"), f->avg_total_seconds, f->n_total },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      _gw_report_add_text (t, _(rows[i].label));
      _gw_report_add_number (t, GW_REPORT_CELL_DECIMAL, rows[i].n > 0 ? rows[i].seconds / HOUR : NAN);
      _gw_report_add_int (t, rows[i].n);
    }
}

/* The trend: each day of the period (each hour of a day), by gw-stats. */
static gboolean
add_trend (GwReportBuilder  *b,
           GwReportSection  *section,
           const char       *division_code,
           GError          **error)
{
  gboolean hourly = b->options->period == GW_REPORT_DAILY;
  GwReportTable *t = _gw_report_table_new (section, "trend", hourly ? _("Trend by hour") : _("Trend by day"),
                                hourly ? _("Hour") : _("Day"), GW_REPORT_CELL_TEXT,
                                _("Reported"), GW_REPORT_CELL_INTEGER,
                                _("Closed"), GW_REPORT_CELL_INTEGER,
                                _("Closure rate"), GW_REPORT_CELL_PERCENT,
                                _("Accepted (not rejected)"), GW_REPORT_CELL_INTEGER,
                                NULL);
  gint64 step = hourly ? HOUR : DAY;

  t->chart = GW_REPORT_CHART_COLUMNS;
  t->chart_label_column = 0;
  t->chart_value_column = 1;
  t->chart_value_column2 = 2;
  for (gint64 start = b->from; start < b->to; start += step)
    {
      g_autoptr(GwFigures) f = figures (b, start, MIN (start + step, b->to), division_code, NULL, error);
      g_autofree char *label = NULL;

      if (f == NULL)
        return FALSE;
      if (hourly)
        label = _gw_report_format_day (start, "%H:00");
      else
        /* TRANSLATORS: a day in a report's trend table (g_date_time_format) */
        label = _gw_report_format_day (start, _("%m-%d"));
      _gw_report_add_text (t, label);
      _gw_report_add_int (t, f->reported);
      _gw_report_add_int (t, f->closed);
      _gw_report_add_number (t, GW_REPORT_CELL_PERCENT, gw_rate_value (f->closure));
      _gw_report_add_int (t, f->closure.denominator);
    }
  return TRUE;
}

/* Sources, kinds, subcategories ----------------------------------------------------------- */

typedef struct {
  char   *code;
  gint64  count;
} Count;

static void
count_clear (gpointer data)
{
  g_free (((Count *) data)->code);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const Count *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

static gboolean
add_breakdowns (GwReportBuilder  *b,
                GwReportSection  *section,
                const char       *division_code,
                const GwFigures  *f,
                GError          **error)
{
  gint64 division_id = 0;
  const char *condition = gw_stats_division_condition (b->db, division_code, &division_id, error);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gint64 by_source[GW_N_SOURCES + 1] = { 0, };
  gint64 by_kind[4] = { 0, };
  g_autoptr(GHashTable) by_category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) subcategories = g_array_new (FALSE, TRUE, sizeof (Count));
  GwReportTable *t;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (condition == NULL)
    return FALSE;
  text = g_strconcat ("SELECT t.source, t.category, count(*) FROM tickets t"
                      " WHERE t.reported_at >= :from AND t.reported_at < :to", condition,
                      " GROUP BY 1, 2", NULL);
  if ((stmt = _gw_db_prepare (b->db, g_intern_string (text), error)) == NULL)
    return FALSE;
  bind_named_int (stmt, ":from", b->from);
  bind_named_int (stmt, ":to", b->to);
  bind_named_int (stmt, ":division", division_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwSource source = GW_N_SOURCES;
      const char *category = (const char *) sqlite3_column_text (stmt, 1);
      gint64 n = sqlite3_column_int64 (stmt, 2);
      const GwCategory *c = category ? gw_dictionary_lookup (b->dictionary, category) : NULL;
      gpointer old;

      if (!gw_source_from_string ((const char *) sqlite3_column_text (stmt, 0), &source))
        source = GW_N_SOURCES;
      by_source[source] += n;
      by_kind[c ? (guint) c->kind : 3] += n;
      old = g_hash_table_lookup (by_category, category ? category : "");
      g_hash_table_insert (by_category, g_strdup (category ? category : ""),
                           GINT_TO_POINTER (GPOINTER_TO_INT (old) + (int) n));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (b->db, error, _("making the report"));

  /* By source: every source, an unknown one only when there is one. */
  t = _gw_report_table_new (section, "by-source", _("By source"),
                 _("Source"), GW_REPORT_CELL_TEXT,
                 _("Tickets"), GW_REPORT_CELL_INTEGER,
                 _("Share"), GW_REPORT_CELL_PERCENT,
                 _("Of all reported"), GW_REPORT_CELL_INTEGER,
                 NULL);
  t->chart = GW_REPORT_CHART_BARS;
  t->chart_label_column = 0;
  t->chart_value_column = 1;
  for (guint s = 0; s <= GW_N_SOURCES; s++)
    {
      GwRate share = { by_source[s], f->reported };

      if (s == GW_N_SOURCES && by_source[s] == 0)
        break;
      _gw_report_add_text (t, s < GW_N_SOURCES ? _(source_labels[s]) : _("Other"));
      _gw_report_add_int (t, by_source[s]);
      _gw_report_add_number (t, GW_REPORT_CELL_PERCENT, gw_rate_value (share));
      _gw_report_add_int (t, f->reported);
    }

  /* Events, component problems and service requests (the dictionary's kinds). */
  t = _gw_report_table_new (section, "by-kind", _("Events and components"),
                 _("Kind"), GW_REPORT_CELL_TEXT,
                 _("Tickets"), GW_REPORT_CELL_INTEGER,
                 _("Share"), GW_REPORT_CELL_PERCENT,
                 _("Of all reported"), GW_REPORT_CELL_INTEGER,
                 NULL);
  {
    const char *const kind_labels[] = {
      [GW_CATEGORY_KIND_EVENT] = N_("Events"),
      [GW_CATEGORY_KIND_COMPONENT] = N_("Component problems"),
      [GW_CATEGORY_KIND_SERVICE] = N_("Service requests"),
      [3] = N_("Unknown category"),
    };
    for (guint k = 0; k < G_N_ELEMENTS (kind_labels); k++)
      {
        GwRate share = { by_kind[k], f->reported };

        if (k == 3 && by_kind[k] == 0)
          break;
        _gw_report_add_text (t, _(kind_labels[k]));
        _gw_report_add_int (t, by_kind[k]);
        _gw_report_add_number (t, GW_REPORT_CELL_PERCENT, gw_rate_value (share));
        _gw_report_add_int (t, f->reported);
      }
  }

  /* The most frequent subcategories. */
  g_array_set_clear_func (subcategories, count_clear);
  g_hash_table_iter_init (&iter, by_category);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Count c = { g_strdup (key), GPOINTER_TO_INT (value) };
      g_array_append_val (subcategories, c);
    }
  g_array_sort (subcategories, compare_counts);
  {
    g_autofree char *title = g_strdup_printf (_("Top %u subcategories"), b->options->top_n);

    t = _gw_report_table_new (section, "top-subcategories", title,
                   _("Rank"), GW_REPORT_CELL_INTEGER,
                   _("Subcategory"), GW_REPORT_CELL_TEXT,
                   _("Main category"), GW_REPORT_CELL_TEXT,
                   _("Tickets"), GW_REPORT_CELL_INTEGER,
                   _("Share"), GW_REPORT_CELL_PERCENT,
                   _("Of all reported"), GW_REPORT_CELL_INTEGER,
                   NULL);
  }
  for (guint i = 0; i < subcategories->len && i < b->options->top_n; i++)
    {
      const Count *c = &g_array_index (subcategories, Count, i);
      const GwCategory *sub = gw_dictionary_lookup (b->dictionary, c->code);
      GwRate share = { c->count, f->reported };

      _gw_report_add_int (t, i + 1);
      if (sub != NULL)
        {
          _gw_report_add_text (t, gw_category_get_display_name (sub));
          _gw_report_add_text (t, sub->parent ? gw_category_get_display_name (sub->parent) : NULL);
        }
      else
        {
          _gw_report_add_text (t, c->code[0] ? c->code : _("Unknown category"));
          _gw_report_add_text (t, NULL);
        }
      _gw_report_add_int (t, c->count);
      _gw_report_add_number (t, GW_REPORT_CELL_PERCENT, gw_rate_value (share));
      _gw_report_add_int (t, f->reported);
    }
  return TRUE;
}

/* The three rates by division and by department -------------------------------------- */

static const char *
level_heading (GwLevel level)
{
  switch (level)
    {
    case GW_LEVEL_DISTRICT:
      return _("District");
    case GW_LEVEL_STREET:
      return _("Street");
    case GW_LEVEL_COMMUNITY:
      return _("Community");
    case GW_LEVEL_AREA:
      return _("Area");
    case GW_LEVEL_GRID:
      return _("Grid");
    case GW_LEVEL_MICROGRID:
      return _("Micro-grid");
    case GW_N_LEVELS:
    default:
      return _("Division");
    }
}

static const char *
level_title (GwLevel level)
{
  switch (level)
    {
    case GW_LEVEL_STREET:
      return _("Three rates by street");
    case GW_LEVEL_COMMUNITY:
      return _("Three rates by community");
    case GW_LEVEL_GRID:
      return _("Three rates by grid");
    case GW_LEVEL_DISTRICT:
    case GW_LEVEL_AREA:
    case GW_LEVEL_MICROGRID:
    case GW_N_LEVELS:
    default:
      return _("Three rates by division");
    }
}

static GwReportTable *
three_rates_table (GwReportSection *section,
                   const char      *id,
                   const char      *title,
                   const char      *first_heading)
{
  return _gw_report_table_new (section, id, title,
                    first_heading, GW_REPORT_CELL_TEXT,
                    _("Reported"), GW_REPORT_CELL_INTEGER,
                    _("Response rate"), GW_REPORT_CELL_PERCENT,
                    _("Signed for in time"), GW_REPORT_CELL_INTEGER,
                    _("Dispatched"), GW_REPORT_CELL_INTEGER,
                    _("Resolution rate"), GW_REPORT_CELL_PERCENT,
                    _("Resolved"), GW_REPORT_CELL_INTEGER,
                    _("Closed"), GW_REPORT_CELL_INTEGER,
                    _("Satisfaction rate"), GW_REPORT_CELL_PERCENT,
                    _("Satisfied"), GW_REPORT_CELL_INTEGER,
                    _("Evaluated"), GW_REPORT_CELL_INTEGER,
                    NULL);
}

static void
add_three_rates_row (GwReportTable   *t,
                     const char      *name,
                     const GwFigures *f)
{
  _gw_report_add_text (t, name);
  _gw_report_add_int (t, f->reported);
  _gw_report_add_rate (t, f->response);
  _gw_report_add_rate (t, f->resolution);
  _gw_report_add_rate (t, f->satisfaction);
}

/* The divisions one level down, each with its figures: streets in one grouped pass
 * (gw_db_get_figures_grouped), other levels one query each. */
static gboolean
add_by_division (GwReportBuilder  *b,
                 GwReportSection  *section,
                 const char       *division_code,
                 GError          **error)
{
  g_autoptr(GArray) children = _gw_report_read_children (b, division_code, error);
  g_autoptr(GHashTable) grouped = NULL;
  static const GwFigures none = { 0, };
  GwReportTable *t;
  GwLevel level;

  if (children == NULL)
    return FALSE;
  /* The whole county without a single top: its tops are the breakdown. */
  if (division_code == NULL && children->len == 1)
    {
      g_autofree char *top = g_strdup (g_array_index (children, GwReportPlace, 0).code);
      g_clear_pointer (&children, g_array_unref);
      if ((children = _gw_report_read_children (b, top, error)) == NULL)
        return FALSE;
    }
  if (children->len == 0)
    return TRUE;
  level = g_array_index (children, GwReportPlace, 0).level;
  if (level == GW_LEVEL_STREET)
    {
      GwStatsQuery q = { b->from, b->to, division_code, NULL };
      if ((grouped = gw_db_get_figures_grouped (b->db, &q, GW_STATS_BY_STREET, error)) == NULL)
        return FALSE;
    }
  t = three_rates_table (section, "by-division", level_title (level), level_heading (level));
  for (guint i = 0; i < children->len; i++)
    {
      const GwReportPlace *p = &g_array_index (children, GwReportPlace, i);
      g_autoptr(GwFigures) own = NULL;
      const GwFigures *f;

      if (grouped)
        {
          /* A street without tickets in the window has no group. */
          f = g_hash_table_lookup (grouped, p->code);
          if (f == NULL)
            f = &none;
        }
      else if ((f = own = figures (b, b->from, b->to, p->code, NULL, error)) == NULL)
        return FALSE;
      add_three_rates_row (t, p->name, f);
    }
  return TRUE;
}

typedef struct {
  const GwDepartment *department;
  const GwFigures    *figures;
} DepartmentRow;

static int
compare_department_rows (gconstpointer a,
                         gconstpointer b)
{
  const DepartmentRow *x = a, *y = b;

  if (x->figures->reported != y->figures->reported)
    return x->figures->reported > y->figures->reported ? -1 : 1;
  return g_strcmp0 (x->department->code, y->department->code);
}

/* The departments with tickets in the window, most tickets first, in one grouped pass. */
static gboolean
add_by_department (GwReportBuilder  *b,
                   GwReportSection  *section,
                   const char       *division_code,
                   GError          **error)
{
  g_autoptr(GPtrArray) departments = gw_db_list_departments (b->db, error);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (DepartmentRow));
  g_autoptr(GHashTable) grouped = NULL;
  GwStatsQuery q = { b->from, b->to, division_code, NULL };
  gboolean chinese = gw_locale_is_chinese ();
  GwReportTable *t;

  if (departments == NULL ||
      (grouped = gw_db_get_figures_grouped (b->db, &q, GW_STATS_BY_DEPARTMENT, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < departments->len; i++)
    {
      const GwDepartment *d = g_ptr_array_index (departments, i);
      DepartmentRow row = { d, g_hash_table_lookup (grouped, d->code) };

      if (row.figures != NULL && row.figures->reported > 0)
        g_array_append_val (rows, row);
    }
  g_array_sort (rows, compare_department_rows);
  t = three_rates_table (section, "by-department", _("Three rates by department"), _("Department"));
  for (guint i = 0; i < rows->len; i++)
    {
      const DepartmentRow *row = &g_array_index (rows, DepartmentRow, i);
      const GwDepartment *d = row->department;

      add_three_rates_row (t, chinese || d->name_en == NULL ? d->name : d->name_en, row->figures);
    }
  return TRUE;
}

/* The overdue list ------------------------------------------------------------------------ */

/* The deadline that had passed at :end, if any (see gw-report.h): the handling deadline;
 * else the sign-for deadline of a ticket not signed for by then; else, for a ticket open
 * now, the deadline of its stage. A clock stopped (suspended) before a deadline keeps it
 * from passing. */
#define OVERDUE_DEADLINE \
  "(CASE" \
  " WHEN t.handle_deadline_at < :end THEN t.handle_deadline_at" \
  " WHEN t.sign_deadline_at < :end AND (t.signed_at IS NULL OR t.signed_at >= :end)" \
  "   THEN t.sign_deadline_at" \
  " WHEN t.state NOT IN ('closed', 'rejected') AND t.stage IS NOT NULL AND t.deadline_at < :end" \
  "   THEN t.deadline_at END)"

#define OVERDUE_HEAD \
  "SELECT t.number, s.name, t.category, t.reported_at, d.deadline," \
  "  (SELECT name FROM departments WHERE id = t.department_id)," \
  "  (SELECT name_en FROM departments WHERE id = t.department_id)" \
  " FROM tickets t" \
  " JOIN (SELECT t.id AS id, " OVERDUE_DEADLINE " AS deadline FROM tickets t" \
  "       WHERE t.id IN (SELECT id FROM tickets WHERE state NOT IN ('closed', 'rejected')" \
  "                      UNION ALL SELECT id FROM tickets WHERE closed_at >= :end)" \
  "       AND t.reported_at < :end) d ON d.id = t.id" \
  " LEFT JOIN divisions s ON s.id = t.street_id" \
  " WHERE d.deadline IS NOT NULL" \
  " AND (t.state NOT IN ('closed', 'rejected') OR t.closed_at >= :end)" \
  " AND (t.paused_at IS NULL OR t.paused_at >= :end OR t.paused_at >= d.deadline)"
#define OVERDUE_TAIL " ORDER BY d.deadline, t.id"

static gboolean
add_overdue (GwReportBuilder  *b,
             GwReportSection  *section,
             const char       *division_code,
             gint64           *total_out,
             GError          **error)
{
  gint64 division_id = 0;
  const char *condition = gw_stats_division_condition (b->db, division_code, &division_id, error);
  g_autofree char *text = NULL;
  gboolean chinese = gw_locale_is_chinese ();
  guint limit = b->options->overdue_limit;
  sqlite3_stmt *stmt;
  GwReportTable *t;
  gint64 total = 0;
  int rc;

  if (condition == NULL)
    return FALSE;
  text = g_strconcat (OVERDUE_HEAD, condition, OVERDUE_TAIL, NULL);
  if ((stmt = _gw_db_prepare (b->db, g_intern_string (text), error)) == NULL)
    return FALSE;
  bind_named_int (stmt, ":end", b->to);
  bind_named_int (stmt, ":division", division_id);

  t = _gw_report_table_new (section, "overdue", _("Overdue at the end of the period"),
                 _("Number"), GW_REPORT_CELL_TEXT,
                 _("Street"), GW_REPORT_CELL_TEXT,
                 _("Subcategory"), GW_REPORT_CELL_TEXT,
                 _("Reported at"), GW_REPORT_CELL_TEXT,
                 _("Deadline"), GW_REPORT_CELL_TEXT,
                 _("Days overdue"), GW_REPORT_CELL_DECIMAL,
                 _("Department"), GW_REPORT_CELL_TEXT,
                 NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *category = (const char *) sqlite3_column_text (stmt, 2);
      const GwCategory *c = category ? gw_dictionary_lookup (b->dictionary, category) : NULL;
      const char *department = (const char *) sqlite3_column_text (stmt, 5);
      const char *department_en = (const char *) sqlite3_column_text (stmt, 6);
      gint64 deadline = sqlite3_column_int64 (stmt, 4);
      g_autofree char *reported = NULL, *due = NULL;

      total++;
      if (limit > 0 && total > limit)
        continue;
      reported = _gw_report_format_day (sqlite3_column_int64 (stmt, 3), "%Y-%m-%d %H:%M");
      due = _gw_report_format_day (deadline, "%Y-%m-%d %H:%M");
      _gw_report_add_text (t, (const char *) sqlite3_column_text (stmt, 0));
      _gw_report_add_text (t, (const char *) sqlite3_column_text (stmt, 1));
      _gw_report_add_text (t, c ? gw_category_get_display_name (c) : category);
      _gw_report_add_text (t, reported);
      _gw_report_add_text (t, due);
      _gw_report_add_number (t, GW_REPORT_CELL_DECIMAL, (double) (b->to - deadline) / DAY);
      _gw_report_add_text (t, !chinese && department_en ? department_en : department);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (b->db, error, _("making the report"));
  *total_out = total;
  if (total == 0)
    t->note = g_strdup (_("No ticket was overdue at the end of the period."));
  else if (limit > 0 && total > limit)
    t->note = g_strdup_printf (_("%lld tickets were overdue; the %u longest overdue are listed."),
                               (long long) total, limit);
  else
    t->note = g_strdup_printf (_("%lld tickets were overdue."), (long long) total);
  return TRUE;
}

/* Sections ------------------------------------------------------------------------------------ */

/* The tables of one division: the whole report's (main) or a street's. */
gboolean
_gw_report_build_section (GwReportBuilder  *b,
                          GwReportSection  *section,
                          const char       *division_code,
                          gboolean          main,
                          GwFigures       **figures_out,
                          gint64           *overdue_out,
                          GError          **error)
{
  g_autoptr(GwFigures) f = figures (b, b->from, b->to, division_code, NULL, error);
  gint64 overdue = 0;

  if (f == NULL)
    return FALSE;
  add_totals (section, f);
  add_rates (section, f);
  add_times (section, f);
  if (!add_breakdowns (b, section, division_code, f, error) ||
      (main && !add_trend (b, section, division_code, error)) ||
      !add_by_division (b, section, division_code, error) ||
      (main && !add_by_department (b, section, division_code, error)) ||
      !add_overdue (b, section, division_code, &overdue, error))
    return FALSE;
  if (figures_out)
    *figures_out = g_steal_pointer (&f);
  if (overdue_out)
    *overdue_out = overdue;
  return TRUE;
}

