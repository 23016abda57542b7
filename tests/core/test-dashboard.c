/* The dashboard's figures: a small county of seventeen tickets whose every fact is set by
 * hand, each figure worked out by hand from the table below; then the demo county, where
 * the dashboard must agree with gw-stats to the last ticket and with plain SQL counts.
 * Real SQLite files in a temporary directory. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-dashboard.h"
#include "gw-db-pins.h"
#include "gw-handover.h"
#include "gw-json.h"
#include "gw-time.h"
#include "test-county.h"

static char *tmpdir;
static char *fixture_path;
static GwDb *fixture;

#define H   3600
#define DAY (24 * H)
/* 2026-11-01T00:00:00+08:00: "today" of the main query. */
#define T0  G_GINT64_CONSTANT (1793462400)
/* The main query: the window is two days and twelve hours, up to noon today, the lights
 * read at noon. The trend's first day is 2026-10-03 (T0 − 29 days). */
#define Q_FROM (T0 - 48 * H)
#define Q_TO   (T0 + 12 * H)
#define Q_NOW  (T0 + 12 * H)
#define NO     G_MININT64   /* a time that is not set (SQL NULL) */

/* The hierarchy: the district, two streets, a community each, three grids. */
static const struct {
  const char *code;
  const char *name;
  GwLevel     level;
  const char *parent;
} divisions[] = {
  { "500223", "潼南区", GW_LEVEL_DISTRICT, NULL },
  { "500223001", "梓潼街道", GW_LEVEL_STREET, "500223" },
  { "500223002", "桂林街道", GW_LEVEL_STREET, "500223" },
  { "500223001001", "北街社区", GW_LEVEL_COMMUNITY, "500223001" },
  { "500223002001", "东升社区", GW_LEVEL_COMMUNITY, "500223002" },
  { "500223001001001", "北街一网格", GW_LEVEL_GRID, "500223001001" },
  { "500223001001002", "北街二网格", GW_LEVEL_GRID, "500223001001" },
  { "500223002001001", "东升一网格", GW_LEVEL_GRID, "500223002001" },
};

#define D  "500223"
#define S1 "500223001"
#define S2 "500223002"
#define G1 "500223001001001"
#define G2 "500223001001002"
#define G4 "500223002001001"

#define DA "500223-D01"
#define DB "500223-D02"
#define DC "500223-D03"

static const char *const departments[][2] = {
  { DA, "区住房城乡建委" },
  { DB, "区城市管理局" },
  { DC, "区公安局" },
};

/* Every ticket; times are offsets from T0. The light columns are the running stage's
 * instants (yellow, red, deadline) and the moment a suspension stopped its clock. */
typedef struct {
  const char *division;
  const char *source;
  const char *category;
  const char *board;
  const char *urgency;
  const char *address;
  const char *state;
  gint64      reported;
  gint64      closed;
  const char *stage;
  gint64      yellow;
  gint64      red;
  gint64      deadline;
  gint64      paused;
  const char *department;
} Spec;

static const Spec tickets[] = {
  /* D01: today, closed today. */
  { G1, "grid_worker", "0101", "livelihood", "normal", "北街12号", "closed", 1 * H, 3 * H,
    NULL, NO, NO, NO, NO, DA },
  /* D02: today, an open emergency, red at noon (11:00 <= 12:00 < 20:00). */
  { G1, "hotline", "0401", "safety", "emergency", "北街3号", "handling", 2 * H, NO,
    "handle", 8 * H, 11 * H, 20 * H, NO, DA },
  /* D03: 10-30 18:00, no address, overdue exactly at its deadline (noon). */
  { G2, "hotline", "0501", "safety", "urgent", NULL, "dispatched", -30 * H, NO,
    "sign", 4 * H, 5 * H, 12 * H, NO, DA },
  /* D04: 10-31 04:00, red exactly at its red instant (noon). */
  { G4, "video_ai", "4101", "party", "normal", "东街1号", "signed", -20 * H, NO,
    "handle", 6 * H, 12 * H, 30 * H, NO, DB },
  /* D05: 10-30 08:00, no board of its own (its category's: economy), overdue. */
  { G4, "sensor", "5101", NULL, "normal", "东街2号", "handling", -40 * H, NO,
    "handle", -8 * H, -5 * H, -1 * H, NO, DB },
  /* D06: 10-31 14:00, an emergency suspended at midnight while yellow: it stays yellow
   * though its deadline has passed. */
  { G4, "citizen", "0101", "livelihood", "emergency", "东街3号", "suspended", -10 * H, NO,
    "handle", -1 * H, 1 * H, 2 * H, 0, DB },
  /* D07: 10-30 03:00, suspended after it turned red: red. */
  { G1, "higher_level", "2201", "safety", "normal", "北街5号", "suspended", -45 * H, NO,
    "handle", -6 * H, -3 * H, 20 * H, -2 * H, DA },
  /* D08: today 04:00, a category the dictionary does not know, no board, an empty
   * address; just reported, no light. */
  { G2, "grid_worker", "9901", NULL, "normal", "", "reported", 4 * H, NO,
    NULL, NO, NO, NO, NO, NULL },
  /* D09: 10-30 01:00, rejected with a closing time (not a closure), a board the
   * dictionary does not know. */
  { G1, "grid_worker", "0101", "custom", "normal", "北街7号", "rejected", -47 * H, -46 * H,
    NULL, NO, NO, NO, NO, NULL },
  /* D10: 10-29 00:00 (before the window, in the trend), closed 10-31 04:00. */
  { G4, "hotline", "0102", "livelihood", "normal", "东街4号", "closed", -72 * H, -20 * H,
    NULL, NO, NO, NO, NO, DB },
  /* D11: 10-22 00:00, an emergency closed 10-23 00:00. */
  { G1, "hotline", "0401", "safety", "emergency", "北街8号", "closed", -10 * DAY, -9 * DAY,
    NULL, NO, NO, NO, NO, DA },
  /* D12: 09-22, before the trend; closed a second before today. */
  { G2, "grid_worker", "0101", "livelihood", "normal", "北街9号", "closed", -40 * DAY, -1,
    NULL, NO, NO, NO, NO, NULL },
  /* D13: reported exactly at the window's (exclusive) end: open now, in no window figure. */
  { G1, "citizen", "0101", "livelihood", "normal", "北街10号", "reported", 12 * H, NO,
    NULL, NO, NO, NO, NO, NULL },
  /* D14: 10-31 23:00, on the district itself (no street), overdue, department DC. */
  { D, "hotline", "2301", "safety", "normal", "区政府旁", "handling", -1 * H, NO,
    "handle", 3 * H, 6 * H, 9 * H, NO, DC },
  /* D15: 10-02, before the trend; closed exactly at the window's end (not counted). */
  { G2, "grid_worker", "0101", "livelihood", "normal", "北街11号", "closed", -30 * DAY, 12 * H,
    NULL, NO, NO, NO, NO, NULL },
  /* D16: 09-02, an old open emergency being checked, green. */
  { G1, "grid_worker", "0101", "livelihood", "emergency", "北街13号", "checking", -60 * DAY, NO,
    "check", 50 * H, 100 * H, 200 * H, NO, DA },
  /* D17: today 04:00 as D08 (newer by id), closed today 07:00. */
  { G4, "citizen", "1101", "livelihood", "normal", "东街9号", "closed", 4 * H, 7 * H,
    NULL, NO, NO, NO, NO, DB },
};

static gint64
at (gint64 offset)
{
  return offset == NO ? 0 : T0 + offset;
}

static GwLevel
level_of (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (divisions); i++)
    if (g_str_equal (divisions[i].code, code))
      return divisions[i].level;
  g_assert_not_reached ();
}

static GwDb *
build_fixture (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (gw_db_begin (db, &error));
  for (guint i = 0; i < G_N_ELEMENTS (divisions); i++)
    {
      g_autoptr(GwDivision) d = gw_division_new ();

      d->code = g_strdup (divisions[i].code);
      d->name = g_strdup (divisions[i].name);
      d->level = divisions[i].level;
      d->parent_code = g_strdup (divisions[i].parent);
      g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
    {
      g_autoptr(GwDepartment) d = gw_department_new ();

      d->code = g_strdup (departments[i][0]);
      d->name = g_strdup (departments[i][1]);
      d->division_code = g_strdup (D);
      g_assert_cmpint (gw_db_insert_department (db, d, &error), >, 0);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      const Spec *s = &tickets[i];
      g_autoptr(GwTicket) t = gw_ticket_new ();

      t->number = g_strdup_printf ("D%02u", i + 1);
      g_assert_true (gw_source_from_string (s->source, &t->source));
      t->category_code = g_strdup (s->category);
      t->board = g_strdup (s->board);
      g_assert_true (gw_urgency_from_string (s->urgency, &t->urgency));
      t->address = g_strdup (s->address);
      g_assert_true (gw_ticket_state_from_string (s->state, &t->state));
      t->description = g_strdup_printf ("第%u号测试工单", i + 1);
      t->lon = 105.8;
      t->lat = 30.2;
      t->reported_at = at (s->reported);
      t->closed_at = at (s->closed);
      t->divisions[level_of (s->division)] = g_strdup (s->division);
      t->department_code = g_strdup (s->department);
      if (s->stage)
        {
          g_assert_true (gw_stage_from_string (s->stage, &t->timer.stage));
          t->timer.started_at = t->reported_at;
          t->timer.yellow_at = at (s->yellow);
          t->timer.red_at = at (s->red);
          t->timer.deadline_at = at (s->deadline);
          t->timer.paused_at = at (s->paused);
          if (t->timer.paused_at)
            t->paused_state = GW_STATE_HANDLING;
        }
      g_assert_cmpint (gw_db_insert_ticket (db, t, &error), ==, i + 1);
      g_assert_no_error (error);
    }
  g_assert_true (gw_db_commit (db, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static GwDashboardFigures *
dashboard (GwDb       *db,
           gint64      from,
           gint64      to,
           gint64      now,
           const char *division,
           guint       top_n)
{
  GwDashboardQuery q = { from, to, now, division, top_n };
  g_autoptr(GError) error = NULL;
  GwDashboardFigures *f = gw_db_dashboard_figures (db, &q, &error);

  g_assert_no_error (error);
  g_assert_nonnull (f);
  return f;
}

static char *
json_text (const GwDashboardFigures *f)
{
  g_autoptr(JsonNode) node = gw_dashboard_figures_to_json (f);

  return gw_json_to_string (node, FALSE);
}

/* Every count, rate and average equal, field by field. */
static void
assert_same_stats (const GwFigures *a,
                   const GwFigures *b)
{
  const GwRate *ra[] = { &a->response, &a->resolution, &a->satisfaction, &a->closure,
                         &a->on_time_closure, &a->grassroots_closure, &a->reopen };
  const GwRate *rb[] = { &b->response, &b->resolution, &b->satisfaction, &b->closure,
                         &b->on_time_closure, &b->grassroots_closure, &b->reopen };
  const double avg_a[] = { a->avg_sign_seconds, a->avg_handle_seconds, a->avg_check_seconds, a->avg_total_seconds };
  const double avg_b[] = { b->avg_sign_seconds, b->avg_handle_seconds, b->avg_check_seconds, b->avg_total_seconds };

  g_assert_cmpint (a->reported, ==, b->reported);
  g_assert_cmpint (a->rejected, ==, b->rejected);
  g_assert_cmpint (a->dispatched, ==, b->dispatched);
  g_assert_cmpint (a->closed, ==, b->closed);
  g_assert_cmpint (a->open, ==, b->open);
  g_assert_cmpint (a->evaluated, ==, b->evaluated);
  for (guint i = 0; i < G_N_ELEMENTS (ra); i++)
    {
      g_assert_cmpint (ra[i]->numerator, ==, rb[i]->numerator);
      g_assert_cmpint (ra[i]->denominator, ==, rb[i]->denominator);
    }
  g_assert_cmpint (a->n_sign, ==, b->n_sign);
  g_assert_cmpint (a->n_handle, ==, b->n_handle);
  g_assert_cmpint (a->n_check, ==, b->n_check);
  g_assert_cmpint (a->n_total, ==, b->n_total);
  for (guint i = 0; i < G_N_ELEMENTS (avg_a); i++)
    g_assert_true ((isnan (avg_a[i]) && isnan (avg_b[i])) || avg_a[i] == avg_b[i]);
}

static void
assert_stats_of_gw_stats (GwDb                     *db,
                          const GwDashboardFigures *f)
{
  GwStatsQuery sq = { f->from, f->to, f->division_code, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwFigures) s = gw_db_get_figures (db, &sq, &error);

  g_assert_no_error (error);
  assert_same_stats (&f->stats, s);
}

/* The trend as (day index, reported, closed) triples for the days that have any. */
static void
assert_trend (const GwDashboardFigures *f,
              const gint64             *expected,
              guint                     n)
{
  gint64 reported[GW_DASHBOARD_TREND_DAYS] = { 0, }, closed[GW_DASHBOARD_TREND_DAYS] = { 0, };

  for (guint i = 0; i < n; i++)
    {
      reported[expected[3 * i]] = expected[3 * i + 1];
      closed[expected[3 * i]] = expected[3 * i + 2];
    }
  for (guint d = 0; d < GW_DASHBOARD_TREND_DAYS; d++)
    {
      g_assert_cmpint (f->trend[d].start, ==, T0 - (gint64) (GW_DASHBOARD_TREND_DAYS - 1 - d) * DAY);
      g_assert_cmpint (f->trend[d].reported, ==, reported[d]);
      g_assert_cmpint (f->trend[d].closed, ==, closed[d]);
    }
}

static void
assert_counts (GArray            *counts,
               const char *const *codes,
               const gint64      *values)
{
  guint n = g_strv_length ((char **) codes);

  g_assert_cmpuint (counts->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (g_array_index (counts, GwDashboardCount, i).code, ==, codes[i]);
      g_assert_cmpint (g_array_index (counts, GwDashboardCount, i).count, ==, values[i]);
    }
}

/* A ranking as (code, name, open, red, overdue). */
typedef struct {
  const char *code;
  const char *name;
  gint64      open, red, overdue;
} Rank;

static void
assert_ranks (GArray     *ranks,
              const Rank *expected,
              guint       n)
{
  g_assert_cmpuint (ranks->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const GwDashboardRank *r = &g_array_index (ranks, GwDashboardRank, i);

      g_assert_cmpstr (r->code, ==, expected[i].code);
      g_assert_cmpstr (r->name, ==, expected[i].name);
      g_assert_cmpint (r->open, ==, expected[i].open);
      g_assert_cmpint (r->red, ==, expected[i].red);
      g_assert_cmpint (r->overdue, ==, expected[i].overdue);
    }
}

/* A list of tickets by number. */
static void
assert_numbers (GArray            *list,
                const char *const *numbers)
{
  guint n = g_strv_length ((char **) numbers);

  g_assert_cmpuint (list->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_array_index (list, GwDashboardTicket, i).number, ==, numbers[i]);
}

static const GwDashboardTicket *
ticket_numbered (GArray     *list,
                 const char *number)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_array_index (list, GwDashboardTicket, i).number, number))
      return &g_array_index (list, GwDashboardTicket, i);
  g_assert_not_reached ();
}

/* The dictionary's boards and top-level categories, in its order. */
static const char *const boards[] = { "party", "economy", "livelihood", "safety", "custom", "", NULL };
static const char *const categories[] = {
  "01", "02", "03", "04", "05", "06", "11", "12", "13", "14", "15", "21", "22", "23", "24",
  "31", "41", "51", "9901", NULL
};

/* The whole county. */
static void
test_county (void)
{
  g_autoptr(GwDashboardFigures) f = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 10);
  /* Reports and closures per day (0 is 10-03, 29 today):
   *   today (29): reported D01 D02 D08 D17 (D13 is at the window's end); closed D01 D17
   *   10-31 (28): reported D04 D06 D14; closed D10 and D12 (a second before midnight)
   *   10-30 (27): reported D03 D05 D07 D09
   *   10-29 (26): reported D10
   *   10-23 (20): closed D11;  10-22 (19): reported D11
   * D09 is rejected (its closing time is no closure); D15 closed at the window's end. */
  static const gint64 trend[] = { 29, 4, 2, 28, 3, 2, 27, 4, 0, 26, 1, 0, 20, 0, 1, 19, 1, 0 };
  /* party D04; economy D05 (its category's board); livelihood D01 D06 D17; safety D02
   * D03 D07 D14; custom D09; none D08 */
  static const gint64 board_counts[] = { 1, 1, 3, 4, 1, 1 };
  /* 01: D01 D06 D09; 04: D02; 05: D03; 11: D17; 22: D07; 23: D14; 41: D04; 51: D05;
   * 9901: D08 */
  static const gint64 category_counts[] = { 3, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1 };
  /* S1 (G1, G2): D02 red, D03 overdue, D07 red; open also D08 D13 D16.
   * S2 (G4): D04 red, D05 overdue; open also D06 (yellow while suspended).
   * D14 lies on the district itself: in no street. */
  static const Rank streets[] = {
    { S1, "梓潼街道", 6, 2, 1 },
    { S2, "桂林街道", 3, 1, 1 },
  };
  static const Rank depts[] = {
    { DA, "区住房城乡建委", 4, 2, 1 },   /* D02 D07 red, D03 overdue; D16 green */
    { DB, "区城市管理局", 3, 1, 1 },     /* D04 red, D05 overdue; D06 yellow */
    { DC, "区公安局", 1, 0, 1 },         /* D14 overdue */
  };
  const GwDashboardTicket *t;

  g_assert_cmpint (f->from, ==, Q_FROM);
  g_assert_cmpint (f->to, ==, Q_TO);
  g_assert_cmpint (f->now, ==, Q_NOW);
  g_assert_null (f->division_code);
  g_assert_cmpuint (f->top_n, ==, 10);

  /* Today. */
  g_assert_cmpint (f->today_start, ==, T0);
  g_assert_cmpint (f->today_reported, ==, 4);

  /* Now: open D02 D03 D04 D05 D06 D07 D08 D13 D14 D16; red D02 D04 D07; overdue D03 D05
   * D14; open emergencies D02 D06 D16. */
  g_assert_cmpint (f->open, ==, 10);
  g_assert_cmpint (f->red, ==, 3);
  g_assert_cmpint (f->overdue, ==, 3);
  g_assert_cmpint (f->emergencies_open, ==, 3);

  /* The window: D01–D09, D14, D17 (not D10 D11 D12 D15 D16, reported before; not D13). */
  g_assert_cmpint (f->stats.reported, ==, 11);
  g_assert_cmpint (f->stats.rejected, ==, 1);
  g_assert_cmpint (f->stats.closed, ==, 2);
  g_assert_cmpint (f->stats.open, ==, 8);
  g_assert_cmpint (f->stats.closure.numerator, ==, 2);
  g_assert_cmpint (f->stats.closure.denominator, ==, 10);
  assert_stats_of_gw_stats (fixture, f);

  assert_trend (f, trend, G_N_ELEMENTS (trend) / 3);

  /* grid worker D01 D08 D09; hotline D02 D03 D14; video AI D04; sensor D05; higher
   * level D07; citizen D06 D17 */
  g_assert_cmpint (f->by_source[GW_SOURCE_GRID_WORKER], ==, 3);
  g_assert_cmpint (f->by_source[GW_SOURCE_HOTLINE], ==, 3);
  g_assert_cmpint (f->by_source[GW_SOURCE_VIDEO_AI], ==, 1);
  g_assert_cmpint (f->by_source[GW_SOURCE_SENSOR], ==, 1);
  g_assert_cmpint (f->by_source[GW_SOURCE_HIGHER_LEVEL], ==, 1);
  g_assert_cmpint (f->by_source[GW_SOURCE_CITIZEN], ==, 2);
  assert_counts (f->by_board, boards, board_counts);
  assert_counts (f->by_category, categories, category_counts);

  assert_ranks (f->streets, streets, G_N_ELEMENTS (streets));
  assert_ranks (f->departments, depts, G_N_ELEMENTS (depts));

  /* Newest first; D17 and D08 at the same time, the higher id first. */
  assert_numbers (f->newest, (const char *const[]) { "D17", "D08", "D02", "D01", "D14", "D06", "D04",
                                                      "D03", "D05", "D07", NULL });
  t = ticket_numbered (f->newest, "D17");
  g_assert_cmpint (t->id, ==, 17);
  g_assert_cmpstr (t->category_code, ==, "1101");
  g_assert_cmpstr (t->place, ==, "东街9号");
  g_assert_cmpstr (t->division_code, ==, G4);
  g_assert_cmpint (t->state, ==, GW_STATE_CLOSED);
  g_assert_cmpint (t->urgency, ==, GW_URGENCY_NORMAL);
  g_assert_cmpint (t->reported_at, ==, T0 + 4 * H);
  /* No address, or an empty one: the place is the division's name. */
  g_assert_cmpstr (ticket_numbered (f->newest, "D08")->place, ==, "北街二网格");
  g_assert_cmpstr (ticket_numbered (f->newest, "D03")->place, ==, "北街二网格");
  g_assert_cmpstr (ticket_numbered (f->newest, "D14")->place, ==, "区政府旁");
  g_assert_cmpstr (ticket_numbered (f->newest, "D14")->division_code, ==, D);

  /* Open emergencies, reported any time. */
  assert_numbers (f->emergencies, (const char *const[]) { "D02", "D06", "D16", NULL });
  g_assert_cmpint (ticket_numbered (f->emergencies, "D02")->state, ==, GW_STATE_HANDLING);
  g_assert_cmpint (ticket_numbered (f->emergencies, "D06")->state, ==, GW_STATE_SUSPENDED);
  g_assert_cmpint (ticket_numbered (f->emergencies, "D16")->state, ==, GW_STATE_CHECKING);
  g_assert_cmpint (ticket_numbered (f->emergencies, "D16")->urgency, ==, GW_URGENCY_EMERGENCY);
}

/* top_n cuts every ranking and list; 0 is the default; the most is bounded. */
static void
test_top (void)
{
  g_autoptr(GwDashboardFigures) two = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 2);
  g_autoptr(GwDashboardFigures) one = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 1);
  g_autoptr(GwDashboardFigures) deflt = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 0);
  g_autoptr(GwDashboardFigures) most = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, G_MAXUINT);

  assert_numbers (two->newest, (const char *const[]) { "D17", "D08", NULL });
  assert_numbers (two->emergencies, (const char *const[]) { "D02", "D06", NULL });
  g_assert_cmpuint (two->streets->len, ==, 2);
  g_assert_cmpuint (two->departments->len, ==, 2);
  g_assert_cmpstr (g_array_index (two->departments, GwDashboardRank, 1).code, ==, DB);
  g_assert_cmpuint (one->streets->len, ==, 1);
  g_assert_cmpstr (g_array_index (one->streets, GwDashboardRank, 0).code, ==, S1);
  /* The counts do not depend on it. */
  g_assert_cmpint (one->red, ==, 3);
  g_assert_cmpint (one->by_source[GW_SOURCE_HOTLINE], ==, 3);

  g_assert_cmpuint (deflt->top_n, ==, GW_DASHBOARD_DEFAULT_TOP_N);
  g_assert_cmpuint (deflt->newest->len, ==, 10);
  g_assert_cmpuint (most->top_n, ==, GW_DASHBOARD_MAX_TOP_N);
  g_assert_cmpuint (most->newest->len, ==, 11);
}

/* Street S1 (G1, G2): its tickets only, picked as gw-stats picks them. */
static void
test_street (void)
{
  g_autoptr(GwDashboardFigures) f = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, S1, 10);
  /* today D01 D02 D08; 10-31 closed D12 (G2); 10-30 D03 D07 D09; 10-23 closed D11,
   * 10-22 reported D11 */
  static const gint64 trend[] = { 29, 3, 1, 28, 0, 1, 27, 3, 0, 20, 0, 1, 19, 1, 0 };
  /* livelihood D01; safety D02 D03 D07; custom D09; none D08 */
  static const gint64 board_counts[] = { 0, 0, 1, 3, 1, 1 };
  static const gint64 category_counts[] = { 2, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 };
  static const Rank streets[] = { { S1, "梓潼街道", 6, 2, 1 } };
  static const Rank depts[] = { { DA, "区住房城乡建委", 4, 2, 1 } };

  g_assert_cmpstr (f->division_code, ==, S1);
  g_assert_cmpint (f->today_reported, ==, 3);
  /* open D02 D03 D07 D08 D13 D16 */
  g_assert_cmpint (f->open, ==, 6);
  g_assert_cmpint (f->red, ==, 2);
  g_assert_cmpint (f->overdue, ==, 1);
  g_assert_cmpint (f->emergencies_open, ==, 2);
  /* D01 D02 D03 D07 D08 D09 */
  g_assert_cmpint (f->stats.reported, ==, 6);
  g_assert_cmpint (f->stats.closed, ==, 1);
  assert_stats_of_gw_stats (fixture, f);
  assert_trend (f, trend, G_N_ELEMENTS (trend) / 3);
  g_assert_cmpint (f->by_source[GW_SOURCE_GRID_WORKER], ==, 3);
  g_assert_cmpint (f->by_source[GW_SOURCE_HOTLINE], ==, 2);
  g_assert_cmpint (f->by_source[GW_SOURCE_HIGHER_LEVEL], ==, 1);
  g_assert_cmpint (f->by_source[GW_SOURCE_CITIZEN], ==, 0);
  assert_counts (f->by_board, boards, board_counts);
  assert_counts (f->by_category, categories, category_counts);
  assert_ranks (f->streets, streets, G_N_ELEMENTS (streets));
  assert_ranks (f->departments, depts, G_N_ELEMENTS (depts));
  assert_numbers (f->newest, (const char *const[]) { "D08", "D02", "D01", "D03", "D07", "D09", NULL });
  assert_numbers (f->emergencies, (const char *const[]) { "D02", "D16", NULL });
}

/* A grid, and the district (the only top: the whole database). */
static void
test_other_divisions (void)
{
  g_autoptr(GwDashboardFigures) g4 = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, G4, 10);
  g_autoptr(GwDashboardFigures) all = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 10);
  g_autoptr(GwDashboardFigures) top = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, D, 10);
  g_autofree char *all_json = NULL, *top_json = NULL;

  /* G4: D04 D05 D06 D17 in the window; open D04 D05 D06. */
  g_assert_cmpint (g4->stats.reported, ==, 4);
  g_assert_cmpint (g4->open, ==, 3);
  g_assert_cmpint (g4->red, ==, 1);
  g_assert_cmpint (g4->overdue, ==, 1);
  g_assert_cmpint (g4->emergencies_open, ==, 1);
  g_assert_cmpint (g4->today_reported, ==, 1);
  assert_numbers (g4->emergencies, (const char *const[]) { "D06", NULL });
  assert_stats_of_gw_stats (fixture, g4);

  g_clear_pointer (&top->division_code, g_free);
  all_json = json_text (all);
  top_json = json_text (top);
  g_assert_cmpstr (all_json, ==, top_json);
}

/* Days are the county's (UTC+8) whatever the machine's zone; a window ending at
 * midnight makes the day before "today". */
static void
test_days (void)
{
  g_autoptr(GwDashboardFigures) f = dashboard (fixture, T0 - 7 * DAY, T0, T0, NULL, 10);

  g_assert_cmpint (f->today_start, ==, T0 - DAY);
  /* 10-31: D04 D06 D14 reported; D10 D12 closed */
  g_assert_cmpint (f->today_reported, ==, 3);
  g_assert_cmpint (f->trend[GW_DASHBOARD_TREND_DAYS - 1].start, ==, T0 - DAY);
  g_assert_cmpint (f->trend[GW_DASHBOARD_TREND_DAYS - 1].closed, ==, 2);
  g_assert_cmpint (f->trend[0].start, ==, T0 - 30 * DAY);
  /* D15 was reported on 10-02, the first day of this trend. */
  g_assert_cmpint (f->trend[0].reported, ==, 1);
  /* At midnight D14 (deadline 09:00) is not overdue yet; D03 (red 05:00) neither red. */
  g_assert_cmpint (f->overdue, ==, 1);   /* D05 (deadline 10-31 23:00) */
  g_assert_cmpint (f->red, ==, 1);       /* D07 (stopped while red) */
}

static void
test_not_found (void)
{
  GwDashboardQuery q = { Q_FROM, Q_TO, Q_NOW, "500223999", 10 };
  g_autoptr(GError) error = NULL;

  g_assert_null (gw_db_dashboard_figures (fixture, &q, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "500223999"));
}

static void
test_sort_ranks (void)
{
  g_autoptr(GArray) ranks = g_array_new (FALSE, TRUE, sizeof (GwDashboardRank));
  GwDashboardRank in[] = {
    { (char *) "c", NULL, 9, 1, 1 },   /* 2, one overdue */
    { (char *) "a", NULL, 9, 0, 2 },   /* 2, two overdue: before c */
    { (char *) "e", NULL, 9, 5, 0 },   /* 5: first */
    { (char *) "b", NULL, 9, 1, 1 },   /* as c: by code, before it */
    { (char *) "d", NULL, 9, 1, 0 },   /* 1: last */
  };
  const char *order[] = { "e", "a", "b", "c" };

  g_array_append_vals (ranks, in, G_N_ELEMENTS (in));
  gw_dashboard_sort_ranks (ranks, 4);
  g_assert_cmpuint (ranks->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (g_array_index (ranks, GwDashboardRank, i).code, ==, order[i]);
}

static void
test_json (void)
{
  g_autoptr(GwDashboardFigures) f = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, NULL, 2);
  g_autoptr(GwDashboardFigures) copy = NULL;
  g_autoptr(JsonNode) node = gw_dashboard_figures_to_json (f);
  g_autofree char *text = json_text (f), *copy_text = NULL;
  JsonObject *o = json_node_get_object (node), *w, *rate;
  JsonArray *trend;

  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-10-30T00:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "2026-11-01T12:00:00+08:00");
  g_assert_true (json_object_get_null_member (o, "division"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "today"), "reported"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "open"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (o, "red"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "overdue"), ==, 3);
  w = json_object_get_object_member (o, "window");
  rate = json_object_get_object_member (w, "closure_rate");
  g_assert_cmpint (json_object_get_int_member (rate, "numerator"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (rate, "denominator"), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (rate, "value"), ==, 0.2);
  /* Nothing was dispatched in the fixture: a rate of 0 / 0 has no value. */
  rate = json_object_get_object_member (w, "response_rate");
  g_assert_cmpint (json_object_get_int_member (rate, "denominator"), ==, 0);
  g_assert_true (json_object_get_null_member (rate, "value"));
  trend = json_object_get_array_member (o, "trend");
  g_assert_cmpuint (json_array_get_length (trend), ==, GW_DASHBOARD_TREND_DAYS);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trend, 0), "date"), ==, "2026-10-03");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trend, 29), "date"), ==, "2026-11-01");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "by_source"), "hotline"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "newest")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "emergencies"), 1), "state"), ==, "suspended");

  /* A copy is deep and says the same. */
  g_assert_true (G_TYPE_IS_BOXED (GW_TYPE_DASHBOARD_FIGURES));
  copy = g_boxed_copy (GW_TYPE_DASHBOARD_FIGURES, f);
  g_assert_true (copy->newest != f->newest);
  g_assert_true (g_array_index (copy->newest, GwDashboardTicket, 0).number != g_array_index (f->newest, GwDashboardTicket, 0).number);
  copy_text = json_text (copy);
  g_assert_cmpstr (copy_text, ==, text);
  gw_dashboard_figures_free (NULL);
}

/* Through the store's readers, answered on this thread's main context. */
typedef struct {
  GwDashboardFigures *figures;
  GError             *error;
  gboolean            done;
} Async;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_figures (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Async *a = user_data;

  a->figures = gw_store_dashboard_figures_finish (GW_STORE (object), result, &a->error);
  a->done = TRUE;
}

static void
test_store (void)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwDashboardFigures) direct = dashboard (fixture, Q_FROM, Q_TO, Q_NOW, S1, 10);
  g_autofree char *direct_json = json_text (direct), *async_json = NULL;
  g_autofree char *division = g_strdup (S1);
  GwDashboardQuery q = { Q_FROM, Q_TO, Q_NOW, division, 10 };
  gboolean opened = FALSE;
  Async a = { 0 };

  gw_store_open_async (store, fixture_path, NULL, on_opened, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  gw_store_dashboard_figures_async (store, &q, NULL, on_figures, &a);
  /* The query is copied: the caller's strings may go at once. */
  g_clear_pointer (&division, g_free);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  async_json = json_text (a.figures);
  g_assert_cmpstr (async_json, ==, direct_json);
  g_clear_pointer (&a.figures, gw_dashboard_figures_free);

  a.done = FALSE;
  q.division_code = "9";
  gw_store_dashboard_figures_async (store, &q, NULL, on_figures, &a);
  while (!a.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (a.figures);
  g_assert_error (a.error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&a.error);
  gw_store_close (store);
}

/* The demo county ------------------------------------------------------------------------- */

#define DEMO_NOW G_GINT64_CONSTANT (1795276800)   /* 2026-11-22T00:00:00+08:00 */

static gint64
count_sql (GwDb       *db,
           const char *sql,
           gint64      a,
           gint64      b)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
sum_counts (GArray *counts)
{
  gint64 n = 0;

  for (guint i = 0; i < counts->len; i++)
    n += g_array_index (counts, GwDashboardCount, i).count;
  return n;
}

/* What must hold for any window and division of the demo county. */
static void
check_demo (GwDb       *db,
            gint64      from,
            gint64      to,
            gint64      now,
            const char *division)
{
  g_autoptr(GwDashboardFigures) f = dashboard (db, from, to, now, division, GW_DASHBOARD_MAX_TOP_N);
  gint64 sources = 0, reported = 0, closed = 0, streets = 0;

  /* The rates are gw-stats', to the last ticket. */
  assert_stats_of_gw_stats (db, f);
  g_assert_cmpint (f->stats.reported, >, 0);

  /* By source, board and category: each the window's reports. */
  for (guint i = 0; i < GW_N_SOURCES; i++)
    sources += f->by_source[i];
  g_assert_cmpint (sources, ==, f->stats.reported);
  g_assert_cmpint (sum_counts (f->by_board), ==, f->stats.reported);
  g_assert_cmpint (sum_counts (f->by_category), ==, f->stats.reported);

  /* The trend: each day as plain SQL counts it, with the day's bounds from gw-time. */
  for (guint d = 0; d < GW_DASHBOARD_TREND_DAYS; d++)
    {
      gint64 start = f->trend[d].start;
      gint64 end = MIN (gw_time_start_of_day (start + 36 * H), to);

      g_assert_cmpint (gw_time_start_of_day (start), ==, start);
      reported += f->trend[d].reported;
      closed += f->trend[d].closed;
      if (division == NULL)
        {
          g_assert_cmpint (f->trend[d].reported, ==,
                           count_sql (db, "SELECT count(*) FROM tickets WHERE reported_at >= ?1 AND reported_at < ?2",
                                      start, end));
          g_assert_cmpint (f->trend[d].closed, ==,
                           count_sql (db, "SELECT count(*) FROM tickets WHERE state = 'closed'"
                                          " AND closed_at >= ?1 AND closed_at < ?2", start, end));
        }
    }
  g_assert_cmpint (f->today_reported, ==, f->trend[GW_DASHBOARD_TREND_DAYS - 1].reported);
  if (division == NULL)
    {
      g_autoptr(GError) error = NULL;
      GwHandoverCounts c;
      double most;
      g_autoptr(GHashTable) red = gw_db_grid_figures (db, GW_GRID_FIGURE_RED, now, 0, &most, &error);
      GHashTableIter iter;
      gpointer value;
      gint64 red_per_grid = 0;

      g_assert_cmpint (reported, ==,
                       count_sql (db, "SELECT count(*) FROM tickets WHERE reported_at >= ?1 AND reported_at < ?2",
                                  f->trend[0].start, to));
      g_assert_cmpint (closed, ==,
                       count_sql (db, "SELECT count(*) FROM tickets WHERE state = 'closed'"
                                      " AND closed_at >= ?1 AND closed_at < ?2", f->trend[0].start, to));

      /* Now: the handover's counts, and the map's red per grid. */
      g_assert_true (gw_db_handover_counts (db, now, &c, &error));
      g_assert_no_error (error);
      g_assert_cmpint (f->open, ==, c.open);
      g_assert_cmpint (f->red, ==, c.red);
      g_assert_cmpint (f->overdue, ==, c.overdue);
      g_assert_cmpint (f->emergencies_open, ==, c.emergencies);
      g_assert_no_error (error);
      g_hash_table_iter_init (&iter, red);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        red_per_grid += (gint64) *(double *) value;
      g_assert_cmpint (f->red + f->overdue, ==, red_per_grid);
      g_assert_cmpint (f->red + f->overdue, >, 0);
    }

  /* Every street with red or overdue tickets is ranked: together they hold them all. */
  for (guint i = 0; i < f->streets->len; i++)
    {
      const GwDashboardRank *r = &g_array_index (f->streets, GwDashboardRank, i);

      g_assert_cmpint (r->red + r->overdue, >, 0);
      if (i > 0)
        g_assert_cmpint (r->red + r->overdue, <=, g_array_index (f->streets, GwDashboardRank, i - 1).red +
                                                  g_array_index (f->streets, GwDashboardRank, i - 1).overdue);
      streets += r->red + r->overdue;
    }
  g_assert_cmpint (streets, ==, f->red + f->overdue);

  /* The newest: every report of the window when it is shorter than the list, newest
   * first, and the first is the window's last report. */
  g_assert_cmpuint (f->newest->len, ==, MIN (f->stats.reported, GW_DASHBOARD_MAX_TOP_N));
  for (guint i = 1; i < f->newest->len; i++)
    g_assert_cmpint (g_array_index (f->newest, GwDashboardTicket, i).reported_at, <=,
                     g_array_index (f->newest, GwDashboardTicket, i - 1).reported_at);
  if (division == NULL)
    g_assert_cmpint (g_array_index (f->newest, GwDashboardTicket, 0).reported_at, ==,
                     count_sql (db, "SELECT max(reported_at) FROM tickets WHERE reported_at >= ?1 AND reported_at < ?2",
                                from, to));
  g_assert_cmpuint (f->emergencies->len, ==, f->emergencies_open);
  for (guint i = 0; i < f->emergencies->len; i++)
    {
      const GwDashboardTicket *t = &g_array_index (f->emergencies, GwDashboardTicket, i);

      g_assert_cmpint (t->urgency, ==, GW_URGENCY_EMERGENCY);
      g_assert_true (gw_ticket_state_is_open (t->state));
    }
}

static void
test_demo (void)
{
  g_autoptr(GwDb) db = NULL;
  char *dir = test_county_new ("dashboard", DEMO_NOW, NULL, &db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streets = gw_db_list_divisions (db, GW_LEVEL_STREET, &error);

  g_assert_no_error (error);
  /* The last 30 days, the last week ending mid-day, the whole history. */
  check_demo (db, DEMO_NOW - 30 * DAY, DEMO_NOW, DEMO_NOW, NULL);
  check_demo (db, DEMO_NOW - 7 * DAY - 5 * H, DEMO_NOW - 2 * DAY + 13 * H, DEMO_NOW, NULL);
  check_demo (db, 0, DEMO_NOW, DEMO_NOW + 3 * DAY, NULL);
  for (guint i = 0; i < streets->len; i++)
    check_demo (db, DEMO_NOW - 30 * DAY, DEMO_NOW, DEMO_NOW, ((GwDivision *) g_ptr_array_index (streets, i))->code);

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (dir);
}

int
main (int argc, char **argv)
{
  int ret;

  g_setenv ("TZ", "America/New_York", TRUE);   /* the county's days must not follow it */
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-dashboard-XXXXXX", NULL);
  fixture_path = g_build_filename (tmpdir, "county.db", NULL);
  fixture = build_fixture (fixture_path);
  g_test_add_func ("/dashboard/county", test_county);
  g_test_add_func ("/dashboard/top", test_top);
  g_test_add_func ("/dashboard/street", test_street);
  g_test_add_func ("/dashboard/other-divisions", test_other_divisions);
  g_test_add_func ("/dashboard/days", test_days);
  g_test_add_func ("/dashboard/not-found", test_not_found);
  g_test_add_func ("/dashboard/sort-ranks", test_sort_ranks);
  g_test_add_func ("/dashboard/json", test_json);
  g_test_add_func ("/dashboard/store", test_store);
  g_test_add_func ("/dashboard/demo", test_demo);
  ret = g_test_run ();
  g_clear_pointer (&fixture, gw_db_free);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (fixture_path);
  g_free (tmpdir);
  return ret;
}
