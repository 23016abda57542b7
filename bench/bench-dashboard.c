/* Every figure of the commander's dashboard on the 420,000-ticket county: the aggregate
 * queries of gw_db_dashboard_figures() against the same figures computed by per-ticket
 * iteration in C (every ticket row read once, every figure counted in C loops). Both must
 * give identical numbers — the same JSON, byte for byte — or the benchmark fails.
 *
 *   dashboard-all     the whole county, the last 30 days (the dashboard's window; target
 *                     under 300 ms)
 *   dashboard-year    the whole county, the last 365 days: 230,000 reports in the window,
 *                     where reading them through the index and SQLite's sorting GROUP BY
 *                     cost more than one pass over every row
 *   dashboard-street  the busiest street, the last 30 days */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "gw-dashboard.h"
#include "gw-json.h"
#include "gw-time.h"

#define DAY  86400
#define RUNS 7

/* The baseline ---------------------------------------------------------------------------- */

typedef struct {
  char *code;
  char *name;
} Named;

static void
named_free (gpointer data)
{
  Named *n = data;

  g_free (n->code);
  g_free (n->name);
  g_free (n);
}

/* id -> Named for a small table (divisions, departments), and the divisions' parents. */
static GHashTable *
load_named (GwDb        *db,
            const char  *sql,
            GHashTable  *parents)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, named_free);
  sqlite3_stmt *stmt;

  sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      Named *n = g_new0 (Named, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      n->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_hash_table_insert (names, id, n);
      if (parents && sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          gint64 *child = g_memdup2 (id, sizeof *id), *parent = g_new (gint64, 1);

          *parent = sqlite3_column_int64 (stmt, 3);
          g_hash_table_insert (parents, child, parent);
        }
    }
  sqlite3_finalize (stmt);
  return names;
}

typedef struct {
  gint64 open, red, overdue;
} Tally;

static Tally *
tally_for (GHashTable *tallies,
           gint64      id)
{
  Tally *t = g_hash_table_lookup (tallies, &id);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (tallies, g_memdup2 (&id, sizeof id), t);
    }
  return t;
}

static void
rank_tallies (GHashTable *tallies,
              GHashTable *names,
              GArray     *ranks,
              guint       top_n)
{
  GHashTableIter iter;
  gint64 *id;
  Tally *t;

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &t))
    if (t->red + t->overdue > 0)
      {
        Named *n = g_hash_table_lookup (names, id);
        GwDashboardRank r = { g_strdup (n->code), g_strdup (n->name), t->open, t->red, t->overdue };
        g_array_append_val (ranks, r);
      }
  gw_dashboard_sort_ranks (ranks, top_n);
}

/* Keeps the top_n newest tickets (by reported_at, then id), newest first. */
static gboolean
newer (gint64                   reported_at,
       gint64                   id,
       const GwDashboardTicket *than)
{
  return reported_at > than->reported_at || (reported_at == than->reported_at && id > than->id);
}

static void
keep_newest (GArray              *list,
             guint                top_n,
             sqlite3_stmt        *stmt,
             GHashTable          *divisions,
             gint64               id,
             gint64               reported_at,
             gint64               division_id,
             GwTicketState        state,
             GwUrgency            urgency)
{
  GwDashboardTicket t = { 0, };
  const char *address;
  Named *d;
  guint at;

  if (list->len == top_n && !newer (reported_at, id, &g_array_index (list, GwDashboardTicket, top_n - 1)))
    return;
  for (at = list->len; at > 0 && newer (reported_at, id, &g_array_index (list, GwDashboardTicket, at - 1)); at--)
    ;
  d = division_id ? g_hash_table_lookup (divisions, &division_id) : NULL;
  address = (const char *) sqlite3_column_text (stmt, 15);
  t.id = id;
  t.number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  t.category_code = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  t.place = g_strdup (address && *address ? address : d ? d->name : NULL);
  t.division_code = g_strdup (d ? d->code : NULL);
  t.state = state;
  t.urgency = urgency;
  t.reported_at = reported_at;
  g_array_insert_val (list, at, t);
  if (list->len > top_n)
    g_array_remove_index (list, top_n);
}

/* A NULL time is 0 here; every figure below tests for it as SQL would. */
#define COL(i) sqlite3_column_int64 (stmt, i)
#define NUL(i) (sqlite3_column_type (stmt, i) == SQLITE_NULL)

static GwDashboardFigures *
per_ticket (GwDb                   *db,
            const GwDashboardQuery *q)
{
  GwDashboardFigures *f = gw_dashboard_figures_new (q);
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) divisions = load_named (db, "SELECT id, code, name, parent_id FROM divisions", parents);
  g_autoptr(GHashTable) departments = load_named (db, "SELECT id, code, name FROM departments", NULL);
  g_autoptr(GHashTable) streets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) handlers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) inside = NULL;   /* division ids under q->division_code */
  gint64 day0 = f->trend[0].start, responded = 0, resolved = 0, satisfied = 0, on_time = 0;
  gint64 grassroots = 0, reopened = 0, sums[4] = { 0, }, ns[4] = { 0, };
  sqlite3_stmt *stmt;

  if (q->division_code)
    {
      GHashTableIter iter;
      gint64 *id;
      Named *n;
      gint64 top = 0;

      g_hash_table_iter_init (&iter, divisions);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &n))
        if (g_str_equal (n->code, q->division_code))
          top = *id;
      g_assert (top != 0);
      inside = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, divisions);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        for (gint64 d = *id; d != 0;)
          {
            gint64 *parent;

            if (d == top)
              {
                g_hash_table_add (inside, g_memdup2 (id, sizeof *id));
                break;
              }
            parent = g_hash_table_lookup (parents, &d);
            d = parent ? *parent : 0;
          }
    }

  sqlite3_prepare_v2 (gw_db_get_handle (db),
                      "SELECT id, number, source, category, board, urgency, level, state, reported_at," /* 0-8 */
                      " closed_at, division_id, street_id, department_id, stage, paused_at,"          /* 9-14 */
                      " address, red_at, deadline_at, dispatched_at, sign_deadline_at, signed_at,"    /* 15-20 */
                      " handle_deadline_at, reported_back_at, resolved, satisfaction, reopen_count"   /* 21-25 */
                      " FROM tickets", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = COL (0), reported_at = COL (8), division_id = COL (10);
      const char *state_text = (const char *) sqlite3_column_text (stmt, 7);
      GwTicketState state = GW_STATE_REPORTED;
      GwUrgency urgency = GW_URGENCY_NORMAL;
      gboolean open, closed, in_window;

      if (inside && !g_hash_table_contains (inside, &division_id))
        continue;
      gw_ticket_state_from_string (state_text, &state);
      gw_urgency_from_string ((const char *) sqlite3_column_text (stmt, 5), &urgency);
      open = gw_ticket_state_is_open (state);
      closed = state == GW_STATE_CLOSED;

      /* Now. */
      if (open)
        {
          gint64 light_at = NUL (14) ? q->now : COL (14);
          gboolean staged = !NUL (13);
          gboolean red = staged && !NUL (16) && !NUL (17) && light_at >= COL (16) && light_at < COL (17);
          gboolean overdue = staged && !NUL (17) && light_at >= COL (17);

          f->open++;
          f->red += red;
          f->overdue += overdue;
          if (urgency == GW_URGENCY_EMERGENCY)
            {
              f->emergencies_open++;
              keep_newest (f->emergencies, f->top_n, stmt, divisions, id, reported_at, division_id, state, urgency);
            }
          if (!NUL (11))
            {
              Tally *t = tally_for (streets, COL (11));
              t->open++, t->red += red, t->overdue += overdue;
            }
          if (!NUL (12))
            {
              Tally *t = tally_for (handlers, COL (12));
              t->open++, t->red += red, t->overdue += overdue;
            }
        }

      /* The trend. */
      if (reported_at >= day0 && reported_at < q->to)
        f->trend[(reported_at - day0) / DAY].reported++;
      if (closed && !NUL (9) && COL (9) >= day0 && COL (9) < q->to)
        f->trend[(COL (9) - day0) / DAY].closed++;

      /* The window. */
      in_window = reported_at >= q->from && reported_at < q->to;
      if (!in_window)
        continue;
      gw_dashboard_figures_add_reports (f, (const char *) sqlite3_column_text (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 4),
                                        (const char *) sqlite3_column_text (stmt, 3), 1);
      keep_newest (f->newest, f->top_n, stmt, divisions, id, reported_at, division_id, state, urgency);

      {
        const char *satisfaction = (const char *) sqlite3_column_text (stmt, 24);
        const char *level = (const char *) sqlite3_column_text (stmt, 6);
        gboolean dispatched = !NUL (18), signed_for = !NUL (20), reported_back = !NUL (22);
        gint64 closed_at = closed && !NUL (9) ? COL (9) : 0;

        f->stats.reported++;
        f->stats.rejected += state == GW_STATE_REJECTED;
        f->stats.dispatched += dispatched;
        f->stats.closed += closed;
        f->stats.evaluated += !g_str_equal (satisfaction, "none");
        responded += dispatched && signed_for && (NUL (19) || COL (20) <= COL (19));
        resolved += closed && !NUL (23) && COL (23) == 1;
        satisfied += g_str_equal (satisfaction, "satisfied") || g_str_equal (satisfaction, "basic");
        on_time += closed && (NUL (21) || (!NUL (9) && COL (9) <= COL (21)));
        grassroots += closed && (g_str_equal (level, "grid") || g_str_equal (level, "community"));
        reopened += closed && COL (25) > 0;
        if (dispatched && signed_for)
          sums[0] += COL (20) - COL (18), ns[0]++;
        if (signed_for && reported_back)
          sums[1] += COL (22) - COL (20), ns[1]++;
        if (closed_at && reported_back)
          sums[2] += closed_at - COL (22), ns[2]++;
        if (closed_at)
          sums[3] += closed_at - reported_at, ns[3]++;
      }
    }
  sqlite3_finalize (stmt);

  f->stats.open = f->stats.reported - f->stats.closed - f->stats.rejected;
  f->stats.response = (GwRate) { responded, f->stats.dispatched };
  f->stats.resolution = (GwRate) { resolved, f->stats.closed };
  f->stats.satisfaction = (GwRate) { satisfied, f->stats.evaluated };
  f->stats.closure = (GwRate) { f->stats.closed, f->stats.reported - f->stats.rejected };
  f->stats.on_time_closure = (GwRate) { on_time, f->stats.closed };
  f->stats.grassroots_closure = (GwRate) { grassroots, f->stats.closed };
  f->stats.reopen = (GwRate) { reopened, f->stats.closed };
  f->stats.n_sign = ns[0];
  f->stats.avg_sign_seconds = ns[0] ? (double) sums[0] / (double) ns[0] : NAN;
  f->stats.n_handle = ns[1];
  f->stats.avg_handle_seconds = ns[1] ? (double) sums[1] / (double) ns[1] : NAN;
  f->stats.n_check = ns[2];
  f->stats.avg_check_seconds = ns[2] ? (double) sums[2] / (double) ns[2] : NAN;
  f->stats.n_total = ns[3];
  f->stats.avg_total_seconds = ns[3] ? (double) sums[3] / (double) ns[3] : NAN;
  f->today_reported = f->trend[GW_DASHBOARD_TREND_DAYS - 1].reported;

  rank_tallies (streets, divisions, f->streets, f->top_n);
  rank_tallies (handlers, departments, f->departments, f->top_n);
  return f;
}

/* The measure ----------------------------------------------------------------------------- */

static char *
to_text (const GwDashboardFigures *f)
{
  g_autoptr(JsonNode) node = gw_dashboard_figures_to_json (f);

  return gw_json_to_string (node, TRUE);
}

static GwDashboardFigures *
by_sql (GwDb                   *db,
        const GwDashboardQuery *q)
{
  g_autoptr(GError) error = NULL;
  GwDashboardFigures *f = gw_db_dashboard_figures (db, q, &error);

  if (f == NULL)
    g_error ("the dashboard's figures: %s", error->message);
  return f;
}

/* Both ways must say the same, to the last ticket; else the benchmark fails, loudly. */
static void
check_same (GwDb                   *db,
            const char             *what,
            const GwDashboardQuery *q)
{
  g_autoptr(GwDashboardFigures) fast = by_sql (db, q);
  g_autoptr(GwDashboardFigures) slow = per_ticket (db, q);
  g_autofree char *a = to_text (fast), *b = to_text (slow);

  if (!g_str_equal (a, b))
    {
      g_autofree char *fa = g_strdup_printf ("bench-dashboard-%s-sql.json", what);
      g_autofree char *fb = g_strdup_printf ("bench-dashboard-%s-per-ticket.json", what);

      g_file_set_contents (fa, a, -1, NULL);
      g_file_set_contents (fb, b, -1, NULL);
      g_error ("%s: the aggregate queries and the per-ticket iteration disagree (see %s and %s)",
               what, fa, fb);
    }
  if (fast->stats.reported == 0 || fast->open == 0)
    g_error ("%s: nothing to count: is this the demo county?", what);
  g_printerr ("%s: the same figures both ways (%" G_GINT64_FORMAT " reports in the window, %"
              G_GINT64_FORMAT " open, %" G_GINT64_FORMAT " red, %" G_GINT64_FORMAT " overdue)\n",
              what, fast->stats.reported, fast->open, fast->red, fast->overdue);
}

static void
measure (GwDb                   *db,
         const char             *name,
         const GwDashboardQuery *q)
{
  double fast[RUNS], slow[RUNS];

  /* Warm both (statements prepared, pages cached), then alternate. */
  gw_dashboard_figures_free (by_sql (db, q));
  gw_dashboard_figures_free (per_ticket (db, q));
  for (int i = 0; i < RUNS; i++)
    {
      double t0 = bench_now_ms ();
      gw_dashboard_figures_free (by_sql (db, q));
      fast[i] = bench_now_ms () - t0;
      t0 = bench_now_ms ();
      gw_dashboard_figures_free (per_ticket (db, q));
      slow[i] = bench_now_ms () - t0;
    }
  qsort (fast, RUNS, sizeof (double), (int (*) (const void *, const void *)) bench_compare_double);
  qsort (slow, RUNS, sizeof (double), (int (*) (const void *, const void *)) bench_compare_double);
  bench_figure (name, fast[RUNS / 2], "ms", slow[RUNS / 2], "ms(per-ticket-iteration)");
  if (fast[RUNS / 2] > 300)
    g_printerr ("%s: %.0f ms, over the 300 ms target\n", name, fast[RUNS / 2]);
}

/* The division of a level (street_id, community_id or grid_id) with the most open
 * tickets: one with red and overdue tickets to rank. */
static const char *
busiest (GwDb       *db,
         const char *sql)
{
  sqlite3_stmt *stmt;
  const char *code = NULL;

  sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    code = g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (code == NULL)
    g_error ("no division in: %s", sql);
  return code;
}

#define BUSIEST(column) \
  "SELECT d.code FROM tickets t JOIN divisions d ON d.id = t." column \
  " WHERE t.state NOT IN ('closed', 'rejected') GROUP BY t." column " ORDER BY count(*) DESC, d.code LIMIT 1"

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  g_autofree char *anchor = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 now;

  if (db == NULL)
    g_error ("%s", error->message);
  /* The instant the demo's history ends: its last day is the dashboard's "today". */
  anchor = gw_db_get_meta (db, "demo_now");
  if (anchor == NULL || (dt = g_date_time_new_from_iso8601 (anchor, NULL)) == NULL)
    g_error ("%s is not a demo county", path);
  now = g_date_time_to_unix (dt);

  {
    GwDashboardQuery month = { now - 30 * DAY, now, now, NULL, 10 };
    GwDashboardQuery year = { now - 365 * DAY, now, now, NULL, 10 };
    GwDashboardQuery all = { 0, now, now + 2 * DAY, NULL, 50 };
    GwDashboardQuery street = { now - 30 * DAY, now, now, busiest (db, BUSIEST ("street_id")), 10 };
    GwDashboardQuery community = { now - 30 * DAY, now - 3 * DAY + 12 * 3600, now, busiest (db, BUSIEST ("community_id")), 10 };
    GwDashboardQuery grid = { now - 90 * DAY, now, now, busiest (db, BUSIEST ("grid_id")), 10 };

    check_same (db, "county-30-days", &month);
    check_same (db, "county-365-days", &year);
    check_same (db, "county-all-history", &all);
    check_same (db, "street-30-days", &street);
    check_same (db, "community-27-days", &community);
    check_same (db, "grid-90-days", &grid);

    measure (db, "dashboard-all", &month);
    measure (db, "dashboard-year", &year);
    measure (db, "dashboard-street", &street);
  }
  return 0;
}
