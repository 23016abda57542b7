/* gw-dashboard.c: every figure of the commander's dashboard, in a few aggregate queries. */
#define G_LOG_DOMAIN "gw-dashboard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-dashboard.h"
#include "gw-db-private.h"
#include "gw-dictionary.h"
#include "gw-json.h"
#include "gw-time.h"

#define DAY (24 * 3600)

G_DEFINE_BOXED_TYPE (GwDashboardFigures, gw_dashboard_figures, gw_dashboard_figures_copy, gw_dashboard_figures_free)

/* The records ---------------------------------------------------------------------------- */

static void
count_clear (gpointer data)
{
  GwDashboardCount *c = data;

  g_clear_pointer (&c->code, g_free);
}

static void
rank_clear (gpointer data)
{
  GwDashboardRank *r = data;

  g_clear_pointer (&r->code, g_free);
  g_clear_pointer (&r->name, g_free);
}

static void
ticket_clear (gpointer data)
{
  GwDashboardTicket *t = data;

  g_clear_pointer (&t->number, g_free);
  g_clear_pointer (&t->category_code, g_free);
  g_clear_pointer (&t->place, g_free);
  g_clear_pointer (&t->division_code, g_free);
}

static GArray *
counts_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (GwDashboardCount));

  g_array_set_clear_func (a, count_clear);
  return a;
}

static GArray *
ranks_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (GwDashboardRank));

  g_array_set_clear_func (a, rank_clear);
  return a;
}

static GArray *
tickets_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (GwDashboardTicket));

  g_array_set_clear_func (a, ticket_clear);
  return a;
}

static void
count_append (GArray     *counts,
              const char *code)
{
  GwDashboardCount c = { g_strdup (code), 0 };

  g_array_append_val (counts, c);
}

GwDashboardFigures *
gw_dashboard_figures_new (const GwDashboardQuery *query)
{
  GwDashboardFigures *self;
  GwDictionary *dict = gw_dictionary_get_default ();
  g_autoptr(GPtrArray) boards = gw_dictionary_get_boards (dict);
  g_autoptr(GPtrArray) categories = gw_dictionary_get_categories (dict);
  gint64 day0;

  g_return_val_if_fail (query != NULL, NULL);

  self = g_new0 (GwDashboardFigures, 1);
  self->from = query->from;
  self->to = query->to;
  self->now = query->now;
  self->division_code = g_strdup (query->division_code);
  self->top_n = query->top_n == 0 ? GW_DASHBOARD_DEFAULT_TOP_N : MIN (query->top_n, GW_DASHBOARD_MAX_TOP_N);

  /* The county's days are all 24 hours long (UTC+8, no daylight saving: gw-time.h). */
  self->today_start = gw_time_start_of_day (query->to - 1);
  day0 = self->today_start - (GW_DASHBOARD_TREND_DAYS - 1) * DAY;
  for (guint i = 0; i < GW_DASHBOARD_TREND_DAYS; i++)
    self->trend[i].start = day0 + (gint64) i * DAY;

  self->stats.avg_sign_seconds = self->stats.avg_handle_seconds = NAN;
  self->stats.avg_check_seconds = self->stats.avg_total_seconds = NAN;

  self->by_board = counts_new ();
  for (guint i = 0; i < boards->len; i++)
    count_append (self->by_board, ((const GwBoard *) g_ptr_array_index (boards, i))->code);
  self->by_category = counts_new ();
  for (guint i = 0; i < categories->len; i++)
    count_append (self->by_category, ((const GwCategory *) g_ptr_array_index (categories, i))->code);
  self->streets = ranks_new ();
  self->departments = ranks_new ();
  self->newest = tickets_new ();
  self->emergencies = tickets_new ();
  return self;
}

static GArray *
copy_counts (GArray *from)
{
  GArray *to = counts_new ();

  for (guint i = 0; i < from->len; i++)
    {
      const GwDashboardCount *c = &g_array_index (from, GwDashboardCount, i);
      GwDashboardCount copy = { g_strdup (c->code), c->count };
      g_array_append_val (to, copy);
    }
  return to;
}

static GArray *
copy_ranks (GArray *from)
{
  GArray *to = ranks_new ();

  for (guint i = 0; i < from->len; i++)
    {
      GwDashboardRank copy = g_array_index (from, GwDashboardRank, i);
      copy.code = g_strdup (copy.code);
      copy.name = g_strdup (copy.name);
      g_array_append_val (to, copy);
    }
  return to;
}

static GArray *
copy_tickets (GArray *from)
{
  GArray *to = tickets_new ();

  for (guint i = 0; i < from->len; i++)
    {
      GwDashboardTicket copy = g_array_index (from, GwDashboardTicket, i);
      copy.number = g_strdup (copy.number);
      copy.category_code = g_strdup (copy.category_code);
      copy.place = g_strdup (copy.place);
      copy.division_code = g_strdup (copy.division_code);
      g_array_append_val (to, copy);
    }
  return to;
}

GwDashboardFigures *
gw_dashboard_figures_copy (const GwDashboardFigures *self)
{
  GwDashboardFigures *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->division_code = g_strdup (self->division_code);
  copy->by_board = copy_counts (self->by_board);
  copy->by_category = copy_counts (self->by_category);
  copy->streets = copy_ranks (self->streets);
  copy->departments = copy_ranks (self->departments);
  copy->newest = copy_tickets (self->newest);
  copy->emergencies = copy_tickets (self->emergencies);
  return copy;
}

void
gw_dashboard_figures_free (GwDashboardFigures *self)
{
  if (self == NULL)
    return;
  g_free (self->division_code);
  g_clear_pointer (&self->by_board, g_array_unref);
  g_clear_pointer (&self->by_category, g_array_unref);
  g_clear_pointer (&self->streets, g_array_unref);
  g_clear_pointer (&self->departments, g_array_unref);
  g_clear_pointer (&self->newest, g_array_unref);
  g_clear_pointer (&self->emergencies, g_array_unref);
  g_free (self);
}

/* Counting reports by board and category -------------------------------------------------- */

/* The entry for `code`; one the dictionary does not know goes after the dictionary's, in
 * code order, "" last. */
static GwDashboardCount *
count_for (GArray     *counts,
           const char *code,
           gboolean  (*known) (const char *code))
{
  guint at;
  GwDashboardCount c;

  for (guint i = 0; i < counts->len; i++)
    if (g_str_equal (g_array_index (counts, GwDashboardCount, i).code, code))
      return &g_array_index (counts, GwDashboardCount, i);

  for (at = counts->len; at > 0 && !known (g_array_index (counts, GwDashboardCount, at - 1).code); at--)
    ;
  for (; at < counts->len; at++)
    {
      const char *other = g_array_index (counts, GwDashboardCount, at).code;
      if (*code != '\0' && (*other == '\0' || strcmp (code, other) < 0))
        break;
    }
  c.code = g_strdup (code);
  c.count = 0;
  g_array_insert_val (counts, at, c);
  return &g_array_index (counts, GwDashboardCount, at);
}

static gboolean
is_board (const char *code)
{
  return gw_dictionary_lookup_board (gw_dictionary_get_default (), code) != NULL;
}

static gboolean
is_category (const char *code)
{
  const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), code);

  return c != NULL && c->parent == NULL;
}

void
gw_dashboard_figures_add_reports (GwDashboardFigures *self,
                                  const char         *source,
                                  const char         *board,
                                  const char         *category_code,
                                  gint64              n)
{
  const GwCategory *category;
  const char *top;
  GwSource s;

  g_return_if_fail (self != NULL);

  category = category_code ? gw_dictionary_lookup (gw_dictionary_get_default (), category_code) : NULL;

  if (source && gw_source_from_string (source, &s))
    self->by_source[s] += n;
  if (category && category->parent)
    category = category->parent;
  top = category ? category->code : category_code ? category_code : "";
  if (board == NULL)
    board = category && category->board ? category->board : "";
  count_for (self->by_board, board, is_board)->count += n;
  count_for (self->by_category, top, is_category)->count += n;
}

/* Rankings -------------------------------------------------------------------------------- */

static int
compare_ranks (gconstpointer a,
               gconstpointer b)
{
  const GwDashboardRank *x = a, *y = b;
  gint64 sx = x->red + x->overdue, sy = y->red + y->overdue;

  if (sx != sy)
    return sx > sy ? -1 : 1;
  if (x->overdue != y->overdue)
    return x->overdue > y->overdue ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

void
gw_dashboard_sort_ranks (GArray *ranks,
                         guint   top_n)
{
  g_return_if_fail (ranks != NULL);

  g_array_sort (ranks, compare_ranks);
  if (ranks->len > top_n)
    g_array_set_size (ranks, top_n);
}

/* The queries ----------------------------------------------------------------------------- *
 *
 * Each is written once and completed with gw-stats' condition for the division (so that
 * every figure counts the tickets gw_db_get_figures() counts). Statements are cached by
 * the address of their text: each completed text is interned, one per query and kind of
 * division, a handful in all. */

/* The lights as the queue reads them (gw-ticket-query.c, gw-handover.c): a stopped clock
 * keeps the light it had. */
#define LIGHT_AT   "COALESCE(t.paused_at, :now)"
#define IS_RED     "(t.stage IS NOT NULL AND " LIGHT_AT " >= t.red_at AND " LIGHT_AT " < t.deadline_at)"
#define IS_OVERDUE "(t.stage IS NOT NULL AND " LIGHT_AT " >= t.deadline_at)"

typedef struct {
  const char *head;
  const char *tail;
} Query;

/* The open tickets (a few thousand of 420,000) and the closures of the trend's days are
 * taken first, each by its own index, and only then narrowed to the division: asked in
 * one go, SQLite would rather walk a street's every ticket by the street's index. The
 * division's condition names only the chain columns (division, street, community, grid). */
#define CHAIN "t.division_id, t.street_id, t.community_id, t.grid_id"

/* The open tickets now, per street and responsible department. */
static const Query open_now = {
  "WITH t AS MATERIALIZED (SELECT " CHAIN ", t.department_id, t.urgency, t.stage, t.paused_at,"
  "   t.red_at, t.deadline_at FROM tickets t WHERE t.state IN " GW_DB_OPEN_STATES ")"
  " SELECT t.street_id, t.department_id, count(*), sum(" IS_RED "), sum(" IS_OVERDUE "),"
  " sum(t.urgency = 'emergency') FROM t WHERE 1",
  " GROUP BY t.street_id, t.department_id",
};

/* The window's reports by source, board and subcategory. */
static const Query by_kind = {
  "SELECT t.source, t.board, t.category, count(*) FROM tickets t"
  " WHERE t.reported_at >= :from AND t.reported_at < :to",
  " GROUP BY t.source, t.board, t.category",
};

/* Reports and closures per day from :day0 (every day is 24 hours long). The closures by
 * the closing times' index, not the state's (nearly every ticket is closed): "+" keeps
 * the planner off the latter. */
static const Query reported_per_day = {
  "SELECT (t.reported_at - :day0) / 86400, count(*) FROM tickets t"
  " WHERE t.reported_at >= :day0 AND t.reported_at < :to",
  " GROUP BY 1",
};
static const Query closed_per_day = {
  "WITH t AS MATERIALIZED (SELECT " CHAIN ", t.closed_at FROM tickets t"
  "   WHERE t.closed_at >= :day0 AND t.closed_at < :to AND +t.state = 'closed')"
  " SELECT (t.closed_at - :day0) / 86400, count(*) FROM t WHERE 1",
  " GROUP BY 1",
};

#define TICKET_COLUMNS \
  "t.id, t.number, t.category, COALESCE(NULLIF(t.address, ''), d.name), d.code, t.state," \
  " t.urgency, t.reported_at"

static const Query newest = {
  "SELECT " TICKET_COLUMNS " FROM tickets t LEFT JOIN divisions d ON d.id = t.division_id"
  " WHERE t.reported_at >= :from AND t.reported_at < :to",
  " ORDER BY t.reported_at DESC, t.id DESC LIMIT :n",
};
static const Query emergencies = {
  "WITH t AS MATERIALIZED (SELECT " CHAIN ", t.id, t.number, t.category, t.address, t.state,"
  "   t.urgency, t.reported_at FROM tickets t"
  "   WHERE t.urgency = 'emergency' AND t.state IN " GW_DB_OPEN_STATES ")"
  " SELECT " TICKET_COLUMNS " FROM t LEFT JOIN divisions d ON d.id = t.division_id WHERE 1",
  " ORDER BY t.reported_at DESC, t.id DESC LIMIT :n",
};

typedef struct {
  GwDb                *db;
  const char          *condition;
  gint64               division_id;
  GwDashboardFigures  *f;
} Run;

static void
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

/* The query for this division, prepared, with every parameter it names bound. */
static sqlite3_stmt *
prepare (Run          *run,
         const Query  *query,
         GError      **error)
{
  g_autofree char *text = g_strconcat (query->head, run->condition, query->tail, NULL);
  sqlite3_stmt *stmt = _gw_db_prepare (run->db, g_intern_string (text), error);

  if (stmt == NULL)
    return NULL;
  bind_named (stmt, ":from", run->f->from);
  bind_named (stmt, ":to", run->f->to);
  bind_named (stmt, ":now", run->f->now);
  bind_named (stmt, ":day0", run->f->trend[0].start);
  bind_named (stmt, ":n", run->f->top_n);
  bind_named (stmt, ":division", run->division_id);
  return stmt;
}

static gboolean
failed (Run          *run,
        sqlite3_stmt *stmt,
        GError      **error)
{
  _gw_db_set_error (run->db, error, _("computing the dashboard's figures"));
  sqlite3_reset (stmt);
  return FALSE;
}

typedef struct {
  gint64 id;
  gint64 open;
  gint64 red;
  gint64 overdue;
} Tally;

static void
tally (GHashTable *tallies,
       gint64      id,
       gint64      open,
       gint64      red,
       gint64      overdue)
{
  Tally *t = g_hash_table_lookup (tallies, &id);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      t->id = id;
      g_hash_table_insert (tallies, &t->id, t);
    }
  t->open += open;
  t->red += red;
  t->overdue += overdue;
}

/* The ranking of the tallies with red or overdue tickets, named from `names` (id -> code,
 * name). */
static gboolean
rank (Run         *run,
      GHashTable  *tallies,
      const char  *names,
      GArray      *ranks,
      GError     **error)
{
  GHashTableIter iter;
  Tally *t;

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    {
      sqlite3_stmt *stmt;
      GwDashboardRank r = { NULL, NULL, t->open, t->red, t->overdue };
      int rc;

      if (t->red + t->overdue == 0)
        continue;
      if ((stmt = _gw_db_prepare (run->db, names, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, t->id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return failed (run, stmt, error);
      if (rc == SQLITE_ROW)
        {
          r.code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          r.name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
      g_array_append_val (ranks, r);
    }
  gw_dashboard_sort_ranks (ranks, run->f->top_n);
  return TRUE;
}

static gboolean
read_open_now (Run     *run,
               GError **error)
{
  g_autoptr(GHashTable) streets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) departments = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  sqlite3_stmt *stmt = prepare (run, &open_now, error);
  GwDashboardFigures *f = run->f;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 open = sqlite3_column_int64 (stmt, 2), red = sqlite3_column_int64 (stmt, 3);
      gint64 overdue = sqlite3_column_int64 (stmt, 4);

      f->open += open;
      f->red += red;
      f->overdue += overdue;
      f->emergencies_open += sqlite3_column_int64 (stmt, 5);
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        tally (streets, sqlite3_column_int64 (stmt, 0), open, red, overdue);
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        tally (departments, sqlite3_column_int64 (stmt, 1), open, red, overdue);
    }
  if (rc != SQLITE_DONE)
    return failed (run, stmt, error);
  sqlite3_reset (stmt);

  return rank (run, streets, "SELECT code, name FROM divisions WHERE id = ?1", f->streets, error) &&
         rank (run, departments, "SELECT code, name FROM departments WHERE id = ?1", f->departments, error);
}

static gboolean
read_by_kind (Run     *run,
              GError **error)
{
  sqlite3_stmt *stmt = prepare (run, &by_kind, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    gw_dashboard_figures_add_reports (run->f, (const char *) sqlite3_column_text (stmt, 0),
                   (const char *) sqlite3_column_text (stmt, 1),
                   (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3));
  if (rc != SQLITE_DONE)
    return failed (run, stmt, error);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_per_day (Run          *run,
              const Query  *query,
              gboolean      closed,
              GError      **error)
{
  sqlite3_stmt *stmt = prepare (run, query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 day = sqlite3_column_int64 (stmt, 0);
      GwDashboardDay *d;

      if (day < 0 || day >= GW_DASHBOARD_TREND_DAYS)
        continue;
      d = &run->f->trend[day];
      *(closed ? &d->closed : &d->reported) = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return failed (run, stmt, error);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_tickets (Run          *run,
              const Query  *query,
              GArray       *tickets,
              GError      **error)
{
  sqlite3_stmt *stmt = prepare (run, query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDashboardTicket t = { 0, };
      const char *text;

      t.id = sqlite3_column_int64 (stmt, 0);
      t.number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      t.category_code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      t.place = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      t.division_code = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      if ((text = (const char *) sqlite3_column_text (stmt, 5)) == NULL || !gw_ticket_state_from_string (text, &t.state))
        t.state = GW_STATE_REPORTED;
      if ((text = (const char *) sqlite3_column_text (stmt, 6)) == NULL || !gw_urgency_from_string (text, &t.urgency))
        t.urgency = GW_URGENCY_NORMAL;
      t.reported_at = sqlite3_column_int64 (stmt, 7);
      g_array_append_val (tickets, t);
    }
  if (rc != SQLITE_DONE)
    return failed (run, stmt, error);
  sqlite3_reset (stmt);
  return TRUE;
}

GwDashboardFigures *
gw_db_dashboard_figures (GwDb                    *db,
                         const GwDashboardQuery  *query,
                         GError                 **error)
{
  g_autoptr(GwDashboardFigures) f = NULL;
  g_autoptr(GwFigures) stats = NULL;
  GwStatsQuery sq;
  gboolean own, ok;
  Run run = { db, NULL, 0, NULL };

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  f = gw_dashboard_figures_new (query);
  run.f = f;

  /* One read transaction: every figure describes the same state of the file. */
  own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);

  sq.from = f->from;
  sq.to = f->to;
  sq.division_code = f->division_code;
  sq.department_code = NULL;
  ok = (run.condition = gw_stats_division_condition (db, f->division_code, &run.division_id, error)) != NULL &&
       (stats = gw_db_get_figures (db, &sq, error)) != NULL &&
       read_open_now (&run, error) &&
       read_by_kind (&run, error) &&
       read_per_day (&run, &reported_per_day, FALSE, error) &&
       read_per_day (&run, &closed_per_day, TRUE, error) &&
       read_tickets (&run, &newest, f->newest, error) &&
       read_tickets (&run, &emergencies, f->emergencies, error);

  if (own)
    gw_db_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (!ok)
    return NULL;

  f->stats = *stats;
  f->today_reported = f->trend[GW_DASHBOARD_TREND_DAYS - 1].reported;
  return g_steal_pointer (&f);
}

/* JSON ------------------------------------------------------------------------------------ */

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       t)
{
  g_autofree char *text = gw_json_format_time (t);

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, text);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_rate (JsonBuilder *b,
          const char  *name,
          GwRate       rate)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "numerator", rate.numerator);
  add_int (b, "denominator", rate.denominator);
  json_builder_set_member_name (b, "value");
  if (rate.denominator > 0)
    json_builder_add_double_value (b, gw_rate_value (rate));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
add_average (JsonBuilder *b,
             const char  *name,
             double       seconds,
             gint64       n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seconds");
  if (n > 0 && !isnan (seconds))
    json_builder_add_double_value (b, seconds);
  else
    json_builder_add_null_value (b);
  add_int (b, "n", n);
  json_builder_end_object (b);
}

static void
add_counts (JsonBuilder *b,
            const char  *name,
            GArray      *counts)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < counts->len; i++)
    {
      const GwDashboardCount *c = &g_array_index (counts, GwDashboardCount, i);

      json_builder_begin_object (b);
      add_string (b, "code", c->code);
      add_int (b, "count", c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_ranks (JsonBuilder *b,
           const char  *name,
           GArray      *ranks)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < ranks->len; i++)
    {
      const GwDashboardRank *r = &g_array_index (ranks, GwDashboardRank, i);

      json_builder_begin_object (b);
      add_string (b, "code", r->code);
      add_string (b, "name", r->name);
      add_int (b, "open", r->open);
      add_int (b, "red", r->red);
      add_int (b, "overdue", r->overdue);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_tickets (JsonBuilder *b,
             const char  *name,
             GArray      *tickets)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < tickets->len; i++)
    {
      const GwDashboardTicket *t = &g_array_index (tickets, GwDashboardTicket, i);

      json_builder_begin_object (b);
      add_int (b, "id", t->id);
      add_string (b, "number", t->number);
      add_string (b, "category", t->category_code);
      add_string (b, "place", t->place);
      add_string (b, "division", t->division_code);
      add_string (b, "state", gw_ticket_state_to_string (t->state));
      add_string (b, "urgency", gw_urgency_to_string (t->urgency));
      add_time (b, "reported_at", t->reported_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
gw_dashboard_figures_to_json (const GwDashboardFigures *self)
{
  g_autoptr(JsonBuilder) b = NULL;
  const GwFigures *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = &self->stats;
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  add_time (b, "from", self->from);
  add_time (b, "to", self->to);
  add_time (b, "now", self->now);
  add_string (b, "division", self->division_code);
  add_int (b, "top_n", self->top_n);

  json_builder_set_member_name (b, "today");
  json_builder_begin_object (b);
  add_time (b, "start", self->today_start);
  add_int (b, "reported", self->today_reported);
  json_builder_end_object (b);

  add_int (b, "open", self->open);
  add_int (b, "red", self->red);
  add_int (b, "overdue", self->overdue);
  add_int (b, "emergencies_open", self->emergencies_open);

  json_builder_set_member_name (b, "window");
  json_builder_begin_object (b);
  add_int (b, "reported", s->reported);
  add_int (b, "rejected", s->rejected);
  add_int (b, "dispatched", s->dispatched);
  add_int (b, "closed", s->closed);
  add_int (b, "open", s->open);
  add_int (b, "evaluated", s->evaluated);
  add_rate (b, "response_rate", s->response);
  add_rate (b, "resolution_rate", s->resolution);
  add_rate (b, "satisfaction_rate", s->satisfaction);
  add_rate (b, "closure_rate", s->closure);
  add_rate (b, "on_time_closure_rate", s->on_time_closure);
  add_rate (b, "grassroots_closure_rate", s->grassroots_closure);
  add_rate (b, "reopen_rate", s->reopen);
  add_average (b, "average_sign", s->avg_sign_seconds, s->n_sign);
  add_average (b, "average_handle", s->avg_handle_seconds, s->n_handle);
  add_average (b, "average_check", s->avg_check_seconds, s->n_check);
  add_average (b, "average_total", s->avg_total_seconds, s->n_total);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "trend");
  json_builder_begin_array (b);
  for (guint i = 0; i < GW_DASHBOARD_TREND_DAYS; i++)
    {
      g_autoptr(GDateTime) day = gw_time_to_date_time (self->trend[i].start);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      json_builder_begin_object (b);
      add_string (b, "date", date);
      add_int (b, "reported", self->trend[i].reported);
      add_int (b, "closed", self->trend[i].closed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "by_source");
  json_builder_begin_object (b);
  for (guint i = 0; i < GW_N_SOURCES; i++)
    add_int (b, gw_source_to_string (i), self->by_source[i]);
  json_builder_end_object (b);
  add_counts (b, "by_board", self->by_board);
  add_counts (b, "by_category", self->by_category);

  add_ranks (b, "streets", self->streets);
  add_ranks (b, "departments", self->departments);
  add_tickets (b, "newest", self->newest);
  add_tickets (b, "emergencies", self->emergencies);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* On the store's readers ------------------------------------------------------------------ */

typedef struct {
  GwDashboardQuery  query;
  char             *division_code;
} Request;

static void
request_free (Request *r)
{
  g_free (r->division_code);
  g_free (r);
}

static gpointer
dashboard_func (GwDb     *db,
                gpointer  data,
                GError  **error)
{
  Request *r = data;

  return gw_db_dashboard_figures (db, &r->query, error);
}

void
gw_store_dashboard_figures_async (GwStore                *self,
                                  const GwDashboardQuery *query,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  Request *r;

  g_return_if_fail (GW_IS_STORE (self));
  g_return_if_fail (query != NULL);

  r = g_new0 (Request, 1);
  r->query = *query;
  r->division_code = g_strdup (query->division_code);
  r->query.division_code = r->division_code;
  gw_store_read_async (self, dashboard_func, r, (GDestroyNotify) request_free,
                       (GDestroyNotify) gw_dashboard_figures_free, cancellable, callback, user_data);
}

GwDashboardFigures *
gw_store_dashboard_figures_finish (GwStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return gw_store_read_finish (self, result, error);
}
