/* The figures: a small county of twenty tickets whose every fact is set by hand, and the
 * expected numerators, denominators and average times worked out by hand from the table
 * below. Real SQLite files in a temporary directory. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-stats.h"

static char *tmpdir;
static GwDb *fixture;

#define H  3600
#define T0 G_GINT64_CONSTANT (1700000000)
/* The main window: ten days from T0. */
#define W_FROM T0
#define W_TO   (T0 + 240 * H)
#define NO     (-1)   /* a time or a flag that is not set (SQL NULL) */

/* The hierarchy:
 *   500223 district
 *     500223001 street S1
 *       500223001001 community C1
 *         500223001001001 grid G1
 *           500223001001001001 micro-grid M1
 *         500223001001002 grid G2
 *       500223001002 community C2
 *         500223001002001 grid G3
 *     500223002 street S2
 *       500223002001 community C3
 *         500223002001001 grid G4
 *         500223002001900 area A
 *           500223002001900001 grid G5
 */
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
  { "500223001002", "南街社区", GW_LEVEL_COMMUNITY, "500223001" },
  { "500223002001", "东升社区", GW_LEVEL_COMMUNITY, "500223002" },
  { "500223002001900", "东升片区", GW_LEVEL_AREA, "500223002001" },
  { "500223001001001", "北街一网格", GW_LEVEL_GRID, "500223001001" },
  { "500223001001002", "北街二网格", GW_LEVEL_GRID, "500223001001" },
  { "500223001002001", "南街一网格", GW_LEVEL_GRID, "500223001002" },
  { "500223002001001", "东升一网格", GW_LEVEL_GRID, "500223002001" },
  { "500223002001900001", "东升片区一网格", GW_LEVEL_GRID, "500223002001900" },
  { "500223001001001001", "北街一网格一号微网格", GW_LEVEL_MICROGRID, "500223001001001" },
};

#define D  "500223"
#define S1 "500223001"
#define S2 "500223002"
#define C2 "500223001002"
#define A  "500223002001900"
#define G1 "500223001001001"
#define G2 "500223001001002"
#define G3 "500223001002001"
#define G4 "500223002001001"
#define G5 "500223002001900001"
#define M1 "500223001001001001"

#define DA "500223-D01"
#define DB "500223-D02"
#define DC "500223-D03"   /* has no tickets */

/* Every ticket. Times are offsets in seconds from the ticket's own report time, so
 * "closed" is also the report → close time. Deadlines: sign-for within an hour of
 * dispatch (dispatch is always at 600, so 4200), handling within a day of signing. */
typedef struct {
  const char *division;       /* finest division */
  const char *level;          /* level the ticket is handled at */
  const char *state;
  gint64      reported;       /* offset from T0 */
  gint64      dispatched;
  gint64      sign_deadline;
  gint64      signed_at;
  gint64      handle_deadline;
  gint64      reported_back;
  gint64      closed;
  int         resolved;       /* 1, 0, or NO */
  const char *satisfaction;
  int         reopen_count;
  const char *department;     /* tickets.department_id */
  const char *whistled[2];    /* ticket_departments rows (the first is the lead) */
} Spec;

static const Spec tickets[] = {
  /* #1: everything on time, resolved, satisfied. */
  { G1, "grid", "closed", 1 * H, 600, 4200, 2400, 88800, 38400, 42000, 1, "satisfied", 0, DA, { NULL, } },
  /* #2: signed late (7800 > 4200), closed late (101400 > 94200), basically satisfied. */
  { G1, "grid", "closed", 2 * H, 600, 4200, 7800, 94200, 97800, 101400, 1, "basic", 0, DA, { NULL, } },
  /* #3: community level, unresolved, unsatisfied, reopened once. */
  { G2, "community", "closed", 3 * H, 600, 4200, 2400, 88800, 9600, 11400, 0, "unsatisfied", 1, DB, { NULL, } },
  /* #4: no handling deadline (on time), not evaluated; whistled: DB leads, DA reports in. */
  { G2, "grid", "closed", 4 * H, 600, 4200, 2400, NO, 20400, 24000, 1, "none", 0, DB, { DB, DA } },
  /* #5: street level, closed late (92400 > 88800), reopened twice. */
  { G3, "street", "closed", 5 * H, 600, 4200, 2400, 88800, 88800, 92400, 1, "satisfied", 2, DB, { NULL, } },
  /* #6: district level, no department. */
  { G4, "district", "closed", 6 * H, 600, 4200, 2400, 88800, 38400, 40200, 1, "satisfied", 0, NULL, { NULL, } },
  /* #7: rejected, with a closing time that must not count as a closure. */
  { G4, "grid", "rejected", 7 * H, NO, NO, NO, NO, NO, 3600, NO, "none", 0, NULL, { NULL, } },
  /* #8: open (handling), signed late, reopened: not in the reopen rate, which is over closed. */
  { G1, "grid", "handling", 8 * H, 600, 4200, 7800, 94200, NO, NO, NO, "none", 1, DA, { NULL, } },
  /* #9: open, dispatched but never signed for. */
  { G3, "community", "dispatched", 9 * H, 600, 4200, NO, NO, NO, NO, NO, "none", 0, DB, { NULL, } },
  /* #10: open, just reported. */
  { G2, "grid", "reported", 10 * H, NO, NO, NO, NO, NO, NO, NO, "none", 0, NULL, { NULL, } },
  /* #11: in the micro-grid under G1. */
  { M1, "grid", "closed", 11 * H, 600, 4200, 2400, 88800, 6000, 7800, 1, "basic", 0, DA, { NULL, } },
  /* #12: placed on street S2 itself; open (checking); no sign-for deadline (on time). */
  { S2, "street", "checking", 12 * H, 600, NO, 4200, NO, 11400, NO, NO, "none", 0, DB, { NULL, } },
  /* #13: placed on the district itself; resolution unknown (NULL); unsatisfied. */
  { D, "district", "closed", 13 * H, 600, 4200, 2400, 88800, 38400, 42000, NO, "unsatisfied", 0, DA, { NULL, } },
  /* #14: handled by the grid worker on the spot: never dispatched, no report back. */
  { G3, "grid", "closed", 14 * H, NO, NO, NO, NO, NO, 1800, 1, "satisfied", 0, NULL, { NULL, } },
  /* #15: in the area's grid; signed late, closed late, unresolved, reopened. */
  { G5, "grid", "closed", 15 * H, 600, 4200, 6000, 9600, 13200, 15000, 0, "unsatisfied", 1, DB, { NULL, } },
  /* #16: dispatched, then rejected without being signed for. */
  { G2, "grid", "rejected", 16 * H, 600, 4200, NO, NO, NO, NO, NO, "none", 0, DA, { NULL, } },
  /* #17: signed exactly at the deadline, closed exactly at the deadline (both on time);
   * no department of its own, whistled to DB only. */
  { G1, "grid", "closed", 17 * H, 600, 4200, 4200, 7800, 6000, 7800, 1, "satisfied", 0, NULL, { DB, NULL } },
  /* #18: one second before the window. */
  { G1, "grid", "closed", -1, 600, 4200, 2400, 88800, 38400, 42000, 1, "satisfied", 0, DA, { NULL, } },
  /* #19: exactly at the window's (exclusive) end. */
  { G1, "grid", "closed", 240 * H, 600, 4200, 2400, 88800, 38400, 42000, 1, "satisfied", 0, DA, { NULL, } },
  /* #20: a day before the window, open. */
  { G4, "grid", "handling", -24 * H, 600, 4200, 2400, 88800, NO, NO, NO, "none", 0, DB, { NULL, } },
};

/* What a query must give: counts, each rate as { numerator, denominator }, and each
 * average as { sum of seconds, number of tickets }. */
typedef struct {
  gint64 reported, rejected, dispatched, closed, open, evaluated;
  gint64 response[2], resolution[2], satisfaction[2], closure[2], on_time[2], grassroots[2], reopen[2];
  gint64 sign[2], handle[2], check[2], total[2];
} Expected;

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        base,
           gint64        offset)
{
  if (offset == NO)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, base + offset);
}

static GwLevel
level_of (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (divisions); i++)
    if (g_str_equal (divisions[i].code, code))
      return divisions[i].level;
  g_assert_not_reached ();
}

static void
exec_ok (GwDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static GwDb *
build_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  static const char *const departments[][2] = {
    { DA, "区住房城乡建委" },
    { DB, "区城市管理局" },
    { DC, "区公安局" },
  };
  sqlite3 *raw;
  sqlite3_stmt *update, *whistle;

  g_assert_no_error (error);
  raw = gw_db_get_handle (db);
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

  g_assert_cmpint (sqlite3_prepare_v2 (raw,
      "UPDATE tickets SET level = ?2, state = ?3, dispatched_at = ?4, sign_deadline_at = ?5,"
      " signed_at = ?6, handle_deadline_at = ?7, reported_back_at = ?8, closed_at = ?9,"
      " resolved = ?10, satisfaction = ?11, reopen_count = ?12,"
      " evaluated_at = CASE WHEN ?11 <> 'none' THEN ?9 END,"
      " department_id = (SELECT id FROM departments WHERE code = ?13),"
      " whistle = ?14 WHERE id = ?1", -1, &update, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw,
      "INSERT INTO ticket_departments (ticket_id, department_id, lead)"
      " SELECT ?1, id, ?3 FROM departments WHERE code = ?2", -1, &whistle, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      const Spec *s = &tickets[i];
      g_autoptr(GwTicket) t = gw_ticket_new ();
      gint64 id, at = T0 + s->reported;

      t->number = g_strdup_printf ("S%02u", i + 1);
      t->category_code = g_strdup ("0101");
      t->description = g_strdup_printf ("第%u号测试工单", i + 1);
      t->lon = 105.8;
      t->lat = 30.2;
      t->reported_at = at;
      t->divisions[level_of (s->division)] = g_strdup (s->division);
      id = gw_db_insert_ticket (db, t, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);

      sqlite3_reset (update);
      sqlite3_clear_bindings (update);
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, s->level, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, s->state, -1, SQLITE_STATIC);
      bind_time (update, 4, at, s->dispatched);
      bind_time (update, 5, at, s->sign_deadline);
      bind_time (update, 6, at, s->signed_at);
      bind_time (update, 7, at, s->handle_deadline);
      bind_time (update, 8, at, s->reported_back);
      bind_time (update, 9, at, s->closed);
      bind_time (update, 10, 0, s->resolved);
      sqlite3_bind_text (update, 11, s->satisfaction, -1, SQLITE_STATIC);
      sqlite3_bind_int (update, 12, s->reopen_count);
      if (s->department)
        sqlite3_bind_text (update, 13, s->department, -1, SQLITE_STATIC);
      sqlite3_bind_int (update, 14, s->whistled[0] != NULL);
      g_assert_cmpint (sqlite3_step (update), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (raw), ==, 1);

      for (guint k = 0; k < G_N_ELEMENTS (s->whistled) && s->whistled[k]; k++)
        {
          sqlite3_reset (whistle);
          sqlite3_bind_int64 (whistle, 1, id);
          sqlite3_bind_text (whistle, 2, s->whistled[k], -1, SQLITE_STATIC);
          sqlite3_bind_int (whistle, 3, k == 0);
          g_assert_cmpint (sqlite3_step (whistle), ==, SQLITE_DONE);
          g_assert_cmpint (sqlite3_changes (raw), ==, 1);
        }
    }
  sqlite3_finalize (update);
  sqlite3_finalize (whistle);
  g_assert_true (gw_db_commit (db, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static GwFigures *
figures (GwDb       *db,
         gint64      from,
         gint64      to,
         const char *division,
         const char *department)
{
  GwStatsQuery q = { from, to, division, department };
  g_autoptr(GError) error = NULL;
  GwFigures *f = gw_db_get_figures (db, &q, &error);

  g_assert_no_error (error);
  g_assert_nonnull (f);
  return f;
}

static void
assert_rate (GwRate        rate,
             const gint64  expected[2])
{
  g_assert_cmpint (rate.numerator, ==, expected[0]);
  g_assert_cmpint (rate.denominator, ==, expected[1]);
  if (expected[1] == 0)
    g_assert_true (isnan (gw_rate_value (rate)));
  else
    g_assert_cmpfloat_with_epsilon (gw_rate_value (rate), (double) expected[0] / expected[1], 1e-12);
}

static void
assert_average (double        avg,
                gint64        n,
                const gint64  expected[2])
{
  g_assert_cmpint (n, ==, expected[1]);
  if (expected[1] == 0)
    g_assert_true (isnan (avg));
  else
    g_assert_cmpfloat_with_epsilon (avg, (double) expected[0] / expected[1], 1e-6);
}

static void
assert_figures (const GwFigures *f,
                const Expected  *e)
{
  g_assert_cmpint (f->reported, ==, e->reported);
  g_assert_cmpint (f->rejected, ==, e->rejected);
  g_assert_cmpint (f->dispatched, ==, e->dispatched);
  g_assert_cmpint (f->closed, ==, e->closed);
  g_assert_cmpint (f->open, ==, e->open);
  g_assert_cmpint (f->evaluated, ==, e->evaluated);
  assert_rate (f->response, e->response);
  assert_rate (f->resolution, e->resolution);
  assert_rate (f->satisfaction, e->satisfaction);
  assert_rate (f->closure, e->closure);
  assert_rate (f->on_time_closure, e->on_time);
  assert_rate (f->grassroots_closure, e->grassroots);
  assert_rate (f->reopen, e->reopen);
  assert_average (f->avg_sign_seconds, f->n_sign, e->sign);
  assert_average (f->avg_handle_seconds, f->n_handle, e->handle);
  assert_average (f->avg_check_seconds, f->n_check, e->check);
  assert_average (f->avg_total_seconds, f->n_total, e->total);
}

/* The whole county in the window: tickets #1–#17 (#18 is before it, #19 at its exclusive
 * end, #20 a day before). */
static const Expected county = {
  .reported = 17,
  .rejected = 2,                /* #7 #16 */
  .dispatched = 14,             /* all but #7 #10 #14 */
  .closed = 11,                 /* #1–#6 #11 #13 #14 #15 #17 */
  .open = 4,                    /* #8 #9 #10 #12 */
  .evaluated = 10,              /* #1 #2 #3 #5 #6 #11 #13 #14 #15 #17 */
  /* signed by the deadline: #1 #3 #4 #5 #6 #11 #13 #17 (at it), #12 (no deadline);
   * late: #2 #8 #15; never signed: #9 #16 */
  .response = { 9, 14 },
  /* resolved: all closed but #3 and #15 (0) and #13 (unknown) */
  .resolution = { 8, 11 },
  /* satisfied #1 #5 #6 #14 #17 + basic #2 #11; unsatisfied #3 #13 #15 */
  .satisfaction = { 7, 10 },
  /* closed / (17 reported − 2 rejected) */
  .closure = { 11, 15 },
  /* late: #2 #5 #15; #4 and #14 have no handling deadline; #17 closed at it */
  .on_time = { 8, 11 },
  /* street #5, district #6 #13 are not grassroots */
  .grassroots = { 8, 11 },
  /* #3 #5 #15 (#8 was reopened but is open) */
  .reopen = { 3, 11 },
  /* signed − dispatched: 1800 × 7 (#1 #3 #4 #5 #6 #11 #13) + 7200 × 2 (#2 #8)
   * + 3600 × 2 (#12 #17) + 5400 (#15) = 39600 over 12, 3300 s on average */
  .sign = { 39600, 12 },
  /* reported back − signed: #1 36000, #2 90000, #3 7200, #4 18000, #5 86400, #6 36000,
   * #11 3600, #12 7200, #13 36000, #15 7200, #17 1800 = 329400 over 11 */
  .handle = { 329400, 11 },
  /* closed − reported back, closed tickets that reported back (not #14):
   * 3600 × 5 (#1 #2 #4 #5 #13) + 1800 × 5 (#3 #6 #11 #15 #17) = 27000 over 10, 2700 s */
  .check = { 27000, 10 },
  /* closed − reported: #1 42000, #2 101400, #3 11400, #4 24000, #5 92400, #6 40200,
   * #11 7800, #13 42000, #14 1800, #15 15000, #17 7800 = 385800 over 11 (#7 is rejected) */
  .total = { 385800, 11 },
};

static void
test_county (void)
{
  g_autoptr(GwFigures) all = figures (fixture, W_FROM, W_TO, NULL, NULL);
  g_autoptr(GwFigures) top = figures (fixture, W_FROM, W_TO, D, NULL);

  assert_figures (all, &county);
  assert_figures (top, &county);
  /* The hand-worked averages that come out whole. */
  g_assert_cmpfloat (all->avg_sign_seconds, ==, 3300);
  g_assert_cmpfloat (all->avg_check_seconds, ==, 2700);
}

/* Street S1: tickets of G1, M1, G2 and G3 in the window: #1 #2 #3 #4 #5 #8 #9 #10 #11
 * #14 #16 #17. Not #6 #7 #15 (S2's grids), #12 (on S2), #13 (on the district). */
static void
test_street (void)
{
  static const Expected e = {
    .reported = 12,
    .rejected = 1,                /* #16 */
    .dispatched = 10,             /* all but #10 #14 */
    .closed = 8,                  /* #1 #2 #3 #4 #5 #11 #14 #17 */
    .open = 3,                    /* #8 #9 #10 */
    .evaluated = 7,               /* #1 #2 #3 #5 #11 #14 #17 */
    .response = { 6, 10 },        /* #1 #3 #4 #5 #11 #17 */
    .resolution = { 7, 8 },       /* all closed but #3 */
    .satisfaction = { 6, 7 },     /* #1 #5 #14 #17 satisfied, #2 #11 basic */
    .closure = { 8, 11 },         /* 12 − 1 rejected */
    .on_time = { 6, 8 },          /* late: #2 #5 */
    .grassroots = { 7, 8 },       /* #5 is street level */
    .reopen = { 2, 8 },           /* #3 #5 */
    /* 1800 × 5 (#1 #3 #4 #5 #11) + 7200 × 2 (#2 #8) + 3600 (#17) = 27000 / 8 = 3375 s */
    .sign = { 27000, 8 },
    /* 36000 + 90000 + 7200 + 18000 + 86400 + 3600 + 1800 (#1 #2 #3 #4 #5 #11 #17) */
    .handle = { 243000, 7 },
    /* 3600 × 4 (#1 #2 #4 #5) + 1800 × 3 (#3 #11 #17) */
    .check = { 19800, 7 },
    /* 42000 + 101400 + 11400 + 24000 + 92400 + 7800 + 1800 + 7800 = 288600 / 8 = 36075 s */
    .total = { 288600, 8 },
  };
  g_autoptr(GwFigures) f = figures (fixture, W_FROM, W_TO, S1, NULL);

  assert_figures (f, &e);
  g_assert_cmpfloat (f->avg_sign_seconds, ==, 3375);
  g_assert_cmpfloat (f->avg_total_seconds, ==, 36075);
}

/* Grid G1 with its micro-grid M1: #1 #2 #8 #11 #17 (#18 #19 are outside the window). */
static void
test_grid (void)
{
  static const Expected e = {
    .reported = 5,
    .rejected = 0,
    .dispatched = 5,
    .closed = 4,                  /* #1 #2 #11 #17 */
    .open = 1,                    /* #8 */
    .evaluated = 4,
    .response = { 3, 5 },         /* #1 #11 #17; #2 #8 late */
    .resolution = { 4, 4 },
    .satisfaction = { 4, 4 },     /* #1 #17 satisfied, #2 #11 basic */
    .closure = { 4, 5 },
    .on_time = { 3, 4 },          /* #2 late */
    .grassroots = { 4, 4 },
    .reopen = { 0, 4 },           /* #8 is open */
    /* 1800 (#1) + 7200 (#2) + 7200 (#8) + 1800 (#11) + 3600 (#17) = 21600 / 5 = 4320 s */
    .sign = { 21600, 5 },
    /* 36000 + 90000 + 3600 + 1800 = 131400 / 4 = 32850 s */
    .handle = { 131400, 4 },
    /* 3600 + 3600 + 1800 + 1800 = 10800 / 4 = 2700 s */
    .check = { 10800, 4 },
    /* 42000 + 101400 + 7800 + 7800 = 159000 / 4 = 39750 s */
    .total = { 159000, 4 },
  };
  g_autoptr(GwFigures) f = figures (fixture, W_FROM, W_TO, G1, NULL);

  assert_figures (f, &e);
  g_assert_cmpfloat (f->avg_sign_seconds, ==, 4320);
  g_assert_cmpfloat (f->avg_handle_seconds, ==, 32850);
  g_assert_cmpfloat (f->avg_check_seconds, ==, 2700);
  g_assert_cmpfloat (f->avg_total_seconds, ==, 39750);
}

/* The other ways into the hierarchy: a community, an area (through its grid), a
 * micro-grid, a street holding a ticket placed on the street itself. */
static void
test_other_levels (void)
{
  g_autoptr(GwFigures) c2 = figures (fixture, W_FROM, W_TO, C2, NULL);
  g_autoptr(GwFigures) area = figures (fixture, W_FROM, W_TO, A, NULL);
  g_autoptr(GwFigures) g5 = figures (fixture, W_FROM, W_TO, G5, NULL);
  g_autoptr(GwFigures) m1 = figures (fixture, W_FROM, W_TO, M1, NULL);
  g_autoptr(GwFigures) s2 = figures (fixture, W_FROM, W_TO, S2, NULL);

  /* C2 is G3: #5 #9 #14 */
  g_assert_cmpint (c2->reported, ==, 3);
  g_assert_cmpint (c2->closed, ==, 2);
  /* The area holds G5 and so #15: closed late, reopened. */
  g_assert_cmpint (area->reported, ==, 1);
  g_assert_cmpint (area->closed, ==, 1);
  g_assert_cmpint (area->on_time_closure.numerator, ==, 0);
  g_assert_cmpint (area->reopen.numerator, ==, 1);
  g_assert_cmpint (g5->reported, ==, 1);
  /* M1: #11 */
  g_assert_cmpint (m1->reported, ==, 1);
  g_assert_cmpint (m1->closed, ==, 1);
  g_assert_cmpint (m1->n_total, ==, 1);
  g_assert_cmpfloat (m1->avg_total_seconds, ==, 7800);
  /* S2: #6 #7 (G4), #15 (G5), #12 (on the street itself) */
  g_assert_cmpint (s2->reported, ==, 4);
  g_assert_cmpint (s2->rejected, ==, 1);
  g_assert_cmpint (s2->closed, ==, 2);
  g_assert_cmpint (s2->open, ==, 1);
}

/* Department DA: dispatched #1 #2 #8 #11 #13 #16, whistled #4 (DB leads it); #18 #19 are
 * outside the window. */
static void
test_department (void)
{
  static const Expected e = {
    .reported = 7,                /* #1 #2 #4 #8 #11 #13 #16 */
    .rejected = 1,                /* #16 */
    .dispatched = 7,
    .closed = 5,                  /* #1 #2 #4 #11 #13 */
    .open = 1,                    /* #8 */
    .evaluated = 4,               /* #1 #2 #11 #13; #4 not evaluated */
    .response = { 4, 7 },         /* #1 #4 #11 #13; #2 #8 late, #16 not signed */
    .resolution = { 4, 5 },       /* #13 unknown */
    .satisfaction = { 3, 4 },     /* #13 unsatisfied */
    .closure = { 5, 6 },
    .on_time = { 4, 5 },          /* #2 late */
    .grassroots = { 4, 5 },       /* #13 district level */
    .reopen = { 0, 5 },
    /* 1800 × 4 (#1 #4 #11 #13) + 7200 × 2 (#2 #8) = 21600 / 6 = 3600 s */
    .sign = { 21600, 6 },
    /* 36000 + 90000 + 18000 + 3600 + 36000 = 183600 / 5 = 36720 s */
    .handle = { 183600, 5 },
    /* 3600 × 4 (#1 #2 #4 #13) + 1800 (#11) = 16200 / 5 = 3240 s */
    .check = { 16200, 5 },
    /* 42000 + 101400 + 24000 + 7800 + 42000 = 217200 / 5 = 43440 s */
    .total = { 217200, 5 },
  };
  g_autoptr(GwFigures) f = figures (fixture, W_FROM, W_TO, NULL, DA);
  g_autoptr(GwFigures) db = figures (fixture, W_FROM, W_TO, NULL, DB);
  g_autoptr(GwFigures) da_s1 = figures (fixture, W_FROM, W_TO, S1, DA);
  g_autoptr(GwFigures) da_top = figures (fixture, W_FROM, W_TO, D, DA);

  assert_figures (f, &e);
  assert_figures (da_top, &e);
  g_assert_cmpfloat (f->avg_sign_seconds, ==, 3600);
  g_assert_cmpfloat (f->avg_handle_seconds, ==, 36720);
  g_assert_cmpfloat (f->avg_check_seconds, ==, 3240);
  g_assert_cmpfloat (f->avg_total_seconds, ==, 43440);

  /* DB: #3 #4 #5 #9 #12 #15 by dispatch, #17 by whistle only; #4 is counted once though
   * both its row and its whistle name DB. */
  g_assert_cmpint (db->reported, ==, 7);
  g_assert_cmpint (db->dispatched, ==, 7);
  g_assert_cmpint (db->closed, ==, 5);    /* #3 #4 #5 #15 #17 */
  g_assert_cmpint (db->open, ==, 2);      /* #9 #12 */
  g_assert_cmpint (db->rejected, ==, 0);

  /* DA within street S1: not #13 (on the district). */
  g_assert_cmpint (da_s1->reported, ==, 6);
  g_assert_cmpint (da_s1->closed, ==, 4);
}

/* A narrower window, [T0 + 5 h, T0 + 12 h): #5 to #11 only. */
static void
test_window (void)
{
  static const Expected e = {
    .reported = 7,                /* #5 #6 #7 #8 #9 #10 #11 */
    .rejected = 1,                /* #7 */
    .dispatched = 5,              /* #5 #6 #8 #9 #11 */
    .closed = 3,                  /* #5 #6 #11 */
    .open = 3,                    /* #8 #9 #10 */
    .evaluated = 3,               /* #5 #6 #11 */
    .response = { 3, 5 },         /* #8 late, #9 never signed */
    .resolution = { 3, 3 },
    .satisfaction = { 3, 3 },     /* #5 #6 satisfied, #11 basic */
    .closure = { 3, 6 },
    .on_time = { 2, 3 },          /* #5 late */
    .grassroots = { 1, 3 },       /* #11; #5 street, #6 district */
    .reopen = { 1, 3 },           /* #5 */
    /* 1800 × 3 (#5 #6 #11) + 7200 (#8) = 12600 / 4 = 3150 s */
    .sign = { 12600, 4 },
    /* 86400 + 36000 + 3600 = 126000 / 3 = 42000 s */
    .handle = { 126000, 3 },
    /* 3600 + 1800 + 1800 = 7200 / 3 = 2400 s */
    .check = { 7200, 3 },
    /* 92400 + 40200 + 7800 = 140400 / 3 = 46800 s */
    .total = { 140400, 3 },
  };
  g_autoptr(GwFigures) f = figures (fixture, T0 + 5 * H, T0 + 12 * H, NULL, NULL);
  g_autoptr(GwFigures) edges = figures (fixture, T0 - 1, T0 + 240 * H + 1, NULL, NULL);

  assert_figures (f, &e);
  g_assert_cmpfloat (f->avg_sign_seconds, ==, 3150);
  g_assert_cmpfloat (f->avg_handle_seconds, ==, 42000);
  g_assert_cmpfloat (f->avg_check_seconds, ==, 2400);
  g_assert_cmpfloat (f->avg_total_seconds, ==, 46800);

  /* Widened by a second on each side, the window takes in #18 and #19 (not #20). */
  g_assert_cmpint (edges->reported, ==, 19);
  g_assert_cmpint (edges->closed, ==, 13);
}

static void
assert_empty (const GwFigures *f)
{
  static const Expected zero = { 0, };

  assert_figures (f, &zero);
  g_assert_true (isnan (gw_rate_value (f->response)));
  g_assert_true (isnan (gw_rate_value (f->closure)));
  g_assert_true (isnan (f->avg_sign_seconds));
  g_assert_true (isnan (f->avg_handle_seconds));
  g_assert_true (isnan (f->avg_check_seconds));
  g_assert_true (isnan (f->avg_total_seconds));
}

static void
test_nothing (void)
{
  g_autoptr(GwFigures) later = figures (fixture, T0 + 1000 * H, T0 + 1001 * H, NULL, NULL);
  g_autoptr(GwFigures) idle = figures (fixture, W_FROM, W_TO, NULL, DC);
  g_autoptr(GwFigures) empty = figures (fixture, W_TO, W_FROM, G1, NULL);

  assert_empty (later);
  assert_empty (idle);
  assert_empty (empty);
}

static void
test_not_found (void)
{
  GwStatsQuery q = { W_FROM, W_TO, "500223999", NULL };
  g_autoptr(GError) error = NULL;
  GwFigures *f;

  f = gw_db_get_figures (fixture, &q, &error);
  g_assert_null (f);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "500223999"));
  g_clear_error (&error);

  q.division_code = S1;
  q.department_code = "500223-D99";
  f = gw_db_get_figures (fixture, &q, &error);
  g_assert_null (f);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "500223-D99"));
}

static void
test_rate_value (void)
{
  GwRate quarter = { 1, 4 }, none = { 0, 5 }, undefined = { 0, 0 }, all = { 7, 7 };

  g_assert_cmpfloat (gw_rate_value (quarter), ==, 0.25);
  g_assert_cmpfloat (gw_rate_value (none), ==, 0.0);
  g_assert_cmpfloat (gw_rate_value (all), ==, 1.0);
  g_assert_true (isnan (gw_rate_value (undefined)));
}

static void
test_boxed (void)
{
  g_autoptr(GwFigures) f = figures (fixture, W_FROM, W_TO, NULL, NULL);
  GwFigures *copy;

  g_assert_true (G_TYPE_IS_BOXED (GW_TYPE_FIGURES));
  copy = g_boxed_copy (GW_TYPE_FIGURES, f);
  g_assert_true (copy != f);
  g_assert_cmpint (memcmp (copy, f, sizeof *f), ==, 0);
  assert_figures (copy, &county);
  g_boxed_free (GW_TYPE_FIGURES, copy);
  gw_figures_free (NULL);
}

/* With a second district beside it, 500223 is no longer the whole database: its
 * figures stay its own, and a NULL division counts both. */
static void
test_several_tops (void)
{
  g_autoptr(GwDb) db = build_fixture ("tops.db");
  g_autoptr(GwDivision) d = gw_division_new ();
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GwFigures) before = NULL, ours = NULL, theirs = NULL, all = NULL;
  g_autoptr(GError) error = NULL;

  before = figures (db, W_FROM, W_TO, D, NULL);
  assert_figures (before, &county);

  d->code = g_strdup ("500224");
  d->name = g_strdup ("铜梁区");
  d->level = GW_LEVEL_DISTRICT;
  g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
  g_assert_no_error (error);
  t->category_code = g_strdup ("0101");
  t->description = g_strdup ("邻区工单");
  t->reported_at = T0 + H;
  t->divisions[GW_LEVEL_DISTRICT] = g_strdup ("500224");
  g_assert_cmpint (gw_db_insert_ticket (db, t, &error), >, 0);
  g_assert_no_error (error);
  exec_ok (db, "UPDATE tickets SET state = 'closed', closed_at = reported_at + 600"
               " WHERE division_id = (SELECT id FROM divisions WHERE code = '500224')");

  ours = figures (db, W_FROM, W_TO, D, NULL);
  theirs = figures (db, W_FROM, W_TO, "500224", NULL);
  all = figures (db, W_FROM, W_TO, NULL, NULL);
  assert_figures (ours, &county);
  g_assert_cmpint (theirs->reported, ==, 1);
  g_assert_cmpint (theirs->closed, ==, 1);
  g_assert_cmpfloat (theirs->avg_total_seconds, ==, 600);
  g_assert_cmpint (all->reported, ==, 18);
  g_assert_cmpint (all->closed, ==, 12);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-stats-XXXXXX", NULL);
  fixture = build_fixture ("county.db");
  g_test_add_func ("/stats/county", test_county);
  g_test_add_func ("/stats/street", test_street);
  g_test_add_func ("/stats/grid", test_grid);
  g_test_add_func ("/stats/other-levels", test_other_levels);
  g_test_add_func ("/stats/department", test_department);
  g_test_add_func ("/stats/window", test_window);
  g_test_add_func ("/stats/nothing", test_nothing);
  g_test_add_func ("/stats/not-found", test_not_found);
  g_test_add_func ("/stats/rate-value", test_rate_value);
  g_test_add_func ("/stats/boxed", test_boxed);
  g_test_add_func ("/stats/several-tops", test_several_tops);
  ret = g_test_run ();
  g_clear_pointer (&fixture, gw_db_free);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
