/* A drill's score (gw-drill-score) from a scenario played headless on a manual clock
 * against a scripted duty officer and a department seat — screen, dispatch, sign, report
 * back, close, put cameras on a wall, with planned delays, one expectation late and one
 * never met: the exact points, each expectation's outcome and who met it, the medians,
 * the deadlines and the rates (against gw-stats), the after-action report's tables. And
 * the world: it signs for and reports back for the unstaffed department and never for the
 * staffed one, verifies hotline reports only, evaluates closed tickets. */
#include "config.h"

#include "test-county.h"
#include "test-drill-util.h"

#include <math.h>
#include <string.h>

#include "gw-stats.h"

/* (b) and (c): a scripted seat and a known score -------------------------------------------- */

/* What the scripted seats do, in seconds after the report they act on. */
typedef struct {
  const char *report;
  gint64      after;
  const char *username;
  GwRole      role;
  const char *department;     /* the actor's (department handlers) */
  GwAction    action;
  const char *dispatch_to;
  gboolean    wall;           /* a SEAT "wall" entry instead of an action */
  gboolean    done;
} Plan;

static Plan plans[] = {
  /* r1, a hotline report at +60 for the unstaffed department. */
  { "r1",  120, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_SCREEN, NULL, FALSE, FALSE },
  { "r1",  300, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_DISPATCH, DEPT_WORLD, FALSE, FALSE },
  { "r1",  400, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, 0, NULL, TRUE, FALSE },
  { "r1", 2040, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_CLOSE, NULL, FALSE, FALSE },
  /* r2, a grid worker's report at +120 for the staffed department; screened late. */
  { "r2",  300, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_SCREEN, NULL, FALSE, FALSE },
  { "r2",  420, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_DISPATCH, DEPT_SEAT, FALSE, FALSE },
  /* The department's seat acts under its account's display name, as the server writes it. */
  { "r2",  600, "市政部门席", GW_ROLE_DEPARTMENT_HANDLER, DEPT_SEAT, GW_ACTION_SIGN, NULL, FALSE, FALSE },
  { "r2", 2280, "市政部门席", GW_ROLE_DEPARTMENT_HANDLER, DEPT_SEAT, GW_ACTION_REPORT_BACK, NULL, FALSE, FALSE },
  { "r2", 2400, "drill-district", GW_ROLE_DISTRICT_CENTER, NULL, GW_ACTION_CLOSE, NULL, FALSE, FALSE },
};

typedef struct {
  const Plan *plan;
  gint64      ticket_id;
  gint64      now;
} SeatAct;

static gpointer
seat_act_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  SeatAct *a = data;
  const Plan *p = a->plan;

  if (p->wall)
    {
      GwDrillEvent e = { 0, a->now, GW_DRILL_EVENT_SEAT, (char *) "wall", a->ticket_id, (char *) p->username, 0, NULL };
      return gw_db_add_drill_event (db, &e, error) ? GINT_TO_POINTER (1) : NULL;
    }
  else
    {
      GwActor actor = { p->username, p->role, p->department ? NULL : "500223",
                        GW_LEVEL_DISTRICT, p->department };
      GwCommand command = { p->action, a->ticket_id, };

      command.department_code = p->dispatch_to;
      command.text = "已处置完毕";
      command.resolved = TRUE;
      return gw_db_apply (db, &actor, &command, a->now, NULL, NULL, error);
    }
}

typedef struct {
  gint64 id;
  gint64 reported_at;
} Reported;

static gpointer
lookup_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  const char *injection = data;
  Reported *r = g_new0 (Reported, 1);
  g_autoptr(GwTicket) t = NULL;

  r->id = gw_db_drill_ticket_for (db, injection, error);
  if (r->id > 0 && (t = gw_db_get_ticket (db, r->id, error)) != NULL)
    r->reported_at = t->reported_at;
  return r;
}

static Reported
lookup (GwStore    *store,
        const char *injection)
{
  g_autoptr(GError) error = NULL;
  Reported *r = store_run (store, lookup_func, (gpointer) injection, &error);
  Reported copy;

  g_assert_no_error (error);
  copy = *r;
  g_free (r);
  return copy;
}

static gpointer
exec_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  return gw_db_exec (db, data, error) ? GINT_TO_POINTER (1) : NULL;
}

/* Acts on every plan due by now; returns the next instant a plan falls due, G_MAXINT64. */
static gint64
seats_act (Drill *d)
{
  gint64 now = gw_clock_get_now (d->clock), next = G_MAXINT64;

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      Plan *p = &plans[i];
      Reported r;

      if (p->done)
        continue;
      r = lookup (d->store, p->report);
      if (r.id == 0)
        continue;
      if (r.reported_at + p->after <= now)
        {
          g_autoptr(GError) error = NULL;
          SeatAct a = { p, r.id, now };
          gpointer result;

          /* Exactly on time: the clock is stepped to each plan's instant. */
          g_assert_cmpint (r.reported_at + p->after, ==, now);
          result = store_run (d->store, seat_act_func, &a, &error);
          g_assert_no_error (error);
          if (!p->wall)
            gw_ticket_unref (result);
          p->done = TRUE;
        }
      else
        next = MIN (next, r.reported_at + p->after);
    }
  return next;
}

static GwScenario *
scored_scenario (void)
{
  GwScenario *s = scenario_new ("scored", 3600);
  GwExpectation *x;
  GwInjection *inj;

  add_seat (s, "district", GW_ROLE_DISTRICT_CENTER, NULL, NULL);
  add_seat (s, "dept", GW_ROLE_DEPARTMENT_HANDLER, NULL, DEPT_SEAT);
  s->world.verify_after = 60;
  s->world.sign_after = 300;
  s->world.report_in_after = 240;
  s->world.report_back_after = 1200;
  s->world.evaluate_after = 600;
  g_ptr_array_add (s->world.staffed_departments, g_strdup (DEPT_SEAT));

  add_report (s, "r1", 60, GRID_1, GW_SOURCE_HOTLINE)->urgency = GW_URGENCY_URGENT;
  add_report (s, "r2", 120, GRID_2, GW_SOURCE_GRID_WORKER);
  inj = add_injection (s, "n1", 180, GW_INJECTION_NOTE);
  _gw_scenario_text_set (&inj->text, "The mayor calls", "区长来电");
  inj = add_injection (s, "d1", 900, GW_INJECTION_DIRECTIVE);
  inj->ticket = g_strdup ("r2");
  inj->action = g_strdup ("supervise");

  add_expect (s, "e1", GW_EXPECT_SCREENED, "r1", 300, "district", 10);
  x = add_expect (s, "e2", GW_EXPECT_DISPATCHED, "r1", 600, "district", 10);
  x->department_code = g_strdup (DEPT_WORLD);
  add_expect (s, "e3", GW_EXPECT_SIGNED, "r2", 900, "dept", 20);
  add_expect (s, "e4", GW_EXPECT_CLOSED, "r1", 3600, "district", 30);
  add_expect (s, "e5", GW_EXPECT_SCREENED, "r2", 120, "district", 10);
  add_expect (s, "e6", GW_EXPECT_CAMERAS_ON_WALL, "r1", 600, "district", 5);
  x = add_expect (s, "e7", GW_EXPECT_WHISTLED, "r2", 600, "district", 10);
  x->departments = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (x->departments, g_strdup ("500223-D01"));
  g_ptr_array_add (x->departments, g_strdup ("500223-D02"));
  return s;
}

static const GwDrillExpectationResult *
result_of (const GwDrillScore *score,
           const char         *id)
{
  for (guint i = 0; i < score->expectations->len; i++)
    {
      const GwDrillExpectationResult *r = g_ptr_array_index (score->expectations, i);
      if (g_str_equal (r->expectation->id, id))
        return r;
    }
  g_assert_not_reached ();
}

static void
assert_timing (const GwDrillTiming *t,
               guint                count,
               double               median,
               double               mean)
{
  g_assert_cmpuint (t->count, ==, count);
  if (count == 0)
    {
      g_assert_true (isnan (t->median_seconds));
      g_assert_true (isnan (t->mean_seconds));
      return;
    }
  g_assert_cmpfloat (t->median_seconds, ==, median);
  g_assert_cmpfloat (t->mean_seconds, ==, mean);
}

/* The world's drill log entries about a ticket, as "action" strings. */
static GStrv
world_actions (GwDb   *db,
               gint64  ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = gw_db_list_drill_events (db, 0, &error);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const GwDrillEvent *e = g_ptr_array_index (events, i);
      if (e->kind == GW_DRILL_EVENT_WORLD && e->ticket_id == ticket_id)
        g_strv_builder_add (b, e->ref);
    }
  return g_strv_builder_end (b);
}

static void
test_scored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDrillScore) score = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GwFigures) figures = NULL;
  GwStatsQuery query = { T0, T0 + 3601, NULL, NULL };
  const GwDrillSeatScore *district, *dept;
  const GwDrillExpectationResult *r;
  Reported r1, r2;
  Drill d = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    plans[i].done = FALSE;
  drill_setup (&d, "drill-scored", scored_scenario (), NULL);
  /* The seats' accounts, as the server makes them (the password does not matter here). */
  g_assert_nonnull (store_run (d.store, exec_func, (gpointer)
                               "INSERT INTO users (username, display_name, password_hash, role, department_code,"
                               " created_at) VALUES ('drill-dept', '市政部门席', '-', 'department_handler',"
                               " '" DEPT_SEAT "', 0), ('drill-district', '区值班员', '-', 'district_center', NULL, 0)",
                               &error));
  g_assert_no_error (error);

  g_assert_true (gw_drill_start (d.drill, "trainer", &error));
  g_assert_no_error (error);
  poll_drill (d.drill);
  while (gw_drill_get_state (d.drill) != GW_DRILL_ENDED)
    {
      gint64 seat_next = seats_act (&d);
      gint64 next = gw_drill_get_next_due (d.drill);

      next = MIN (next, seat_next);
      g_assert_cmpint (next, >, gw_clock_get_now (d.clock));
      gw_clock_set_now (d.clock, next);
      poll_drill (d.drill);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    g_assert_true (plans[i].done);
  g_assert_cmpint (gw_clock_get_now (d.clock), ==, T0 + 3600);
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 4);
  g_assert_null (gw_drill_get_next_injection (d.drill));
  g_assert_cmpuint (d.notes, ==, 1);
  g_assert_cmpuint (d.failed->len, ==, 0);

  r1 = lookup (d.store, "r1");
  r2 = lookup (d.store, "r2");
  g_assert_cmpint (r1.reported_at, ==, T0 + 60);
  g_assert_cmpint (r2.reported_at, ==, T0 + 120);
  gw_store_close (d.store);

  db = gw_db_open (d.path, &error);
  g_assert_no_error (error);

  /* (c) The world: verifies the hotline report only; signs and reports back for the
   * department nobody plays, never for the staffed one; evaluates both at the follow-up. */
  {
    g_auto(GStrv) w1 = world_actions (db, r1.id);
    g_auto(GStrv) w2 = world_actions (db, r2.id);
    const char *const expect1[] = { "verify", "sign", "report_back", "evaluate", NULL };
    const char *const expect2[] = { "evaluate", NULL };
    g_autofree char *signer = NULL;
    g_autofree char *expected_signer = g_strdup_printf ("world/department_handler/%" G_GINT64_FORMAT, T0 + 660);

    g_assert_cmpstrv (w1, expect1);
    g_assert_cmpstrv (w2, expect2);
    signer = db_text (db, "SELECT actor || '/' || role || '/' || at FROM audit WHERE action = 'sign'"
                          " AND ticket_id = (SELECT ticket_id FROM drill_log WHERE ref = 'r1' AND kind = 'injection')");
    /* Dispatched at +360, the world signs at the first tick 300 s later. */
    g_assert_cmpstr (signer, ==, expected_signer);
    g_free (signer);
    signer = db_text (db, "SELECT actor || '/' || role FROM audit WHERE action = 'sign'"
                          " AND ticket_id = (SELECT ticket_id FROM drill_log WHERE ref = 'r2' AND kind = 'injection')");
    g_assert_cmpstr (signer, ==, "市政部门席/department_handler");
    g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets WHERE satisfaction = 'satisfied'"
                                 " AND id IN (SELECT ticket_id FROM drill_log WHERE kind = 'injection')"), ==, 2);
    /* The directive supervised r2 as the higher level. */
    g_assert_cmpint (db_int (db, "SELECT supervise_count FROM tickets WHERE id = "
                                 "(SELECT ticket_id FROM drill_log WHERE ref = 'r2' AND kind = 'injection' LIMIT 1)"), ==, 1);
    /* The duration ended it, by itself. */
    g_assert_cmpint (db_int (db, "SELECT at FROM drill_log WHERE kind = 'control' AND ref = 'end'"
                                 " AND actor = 'scenario'"), ==, T0 + 3600);
  }

  /* (b) The score. */
  score = gw_drill_score_compute (db, d.scenario, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (score->end, ==, T0 + 3600);
  g_assert_cmpuint (score->n_tickets, ==, 2);
  g_assert_cmpuint (score->n_injections, ==, 4);
  g_assert_cmpuint (score->n_failed, ==, 0);
  g_assert_cmpuint (score->points, ==, 95);
  g_assert_cmpuint (score->points_met, ==, 75);
  g_assert_cmpfloat (score->total, ==, 75 * 100.0 / 95);

  r = result_of (score, "e1");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MET);
  g_assert_cmpint (r->done_at, ==, T0 + 180);
  g_assert_cmpstr (r->done_by, ==, "district");
  g_assert_cmpint (r->due_at, ==, T0 + 360);
  r = result_of (score, "e2");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MET);
  g_assert_cmpint (r->done_at, ==, T0 + 360);
  r = result_of (score, "e3");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MET);
  g_assert_cmpstr (r->done_by, ==, "dept");
  g_assert_cmpint (r->done_at, ==, T0 + 720);
  r = result_of (score, "e4");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MET);
  g_assert_cmpint (r->done_at, ==, T0 + 2100);
  r = result_of (score, "e5");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_LATE);
  g_assert_cmpint (r->late_by, ==, 180);
  g_assert_cmpstr (r->done_by, ==, "district");
  r = result_of (score, "e6");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MET);
  g_assert_cmpint (r->done_at, ==, T0 + 460);
  g_assert_cmpstr (r->done_by, ==, "district");
  r = result_of (score, "e7");
  g_assert_cmpint (r->outcome, ==, GW_DRILL_OUTCOME_MISSED);
  g_assert_cmpint (r->done_at, ==, 0);
  g_assert_null (r->done_by);
  g_assert_cmpint (r->late_by, ==, (T0 + 3600) - (T0 + 720));

  district = g_ptr_array_index (score->seats, 0);
  dept = g_ptr_array_index (score->seats, 1);
  g_assert_cmpstr (district->seat->id, ==, "district");
  g_assert_cmpuint (district->expectations, ==, 6);
  g_assert_cmpuint (district->met, ==, 4);
  g_assert_cmpuint (district->points, ==, 75);
  g_assert_cmpuint (district->points_met, ==, 55);
  g_assert_cmpuint (dept->expectations, ==, 1);
  g_assert_cmpuint (dept->points_met, ==, 20);
  g_assert_cmpuint (district->n_actions, ==, 6);
  g_assert_cmpuint (dept->n_actions, ==, 2);
  g_assert_cmpuint (score->team.n_actions, ==, 8);
  g_assert_cmpuint (score->team.met, ==, 5);
  g_assert_cmpuint (score->team.expectations, ==, 7);

  /* Seconds from the report: r1 (+120, +300, world, +2040), r2 (+300, +420, +600, +2400). */
  assert_timing (&score->team.timings[GW_DRILL_MEASURE_ACKNOWLEDGE], 2, 210, 210);
  assert_timing (&score->team.timings[GW_DRILL_MEASURE_SCREEN], 2, 210, 210);
  assert_timing (&score->team.timings[GW_DRILL_MEASURE_DISPATCH], 2, 360, 360);
  assert_timing (&score->team.timings[GW_DRILL_MEASURE_SIGN], 1, 600, 600);
  assert_timing (&score->team.timings[GW_DRILL_MEASURE_CLOSE], 2, 2220, 2220);
  assert_timing (&district->timings[GW_DRILL_MEASURE_ACKNOWLEDGE], 2, 210, 210);
  assert_timing (&district->timings[GW_DRILL_MEASURE_SIGN], 0, 0, 0);
  assert_timing (&district->timings[GW_DRILL_MEASURE_CLOSE], 2, 2220, 2220);
  assert_timing (&dept->timings[GW_DRILL_MEASURE_ACKNOWLEDGE], 0, 0, 0);
  assert_timing (&dept->timings[GW_DRILL_MEASURE_SIGN], 1, 600, 600);

  /* Deadlines against the tickets themselves; the rates against gw-stats (the county's
   * history ends at T0, so the window holds the drill's tickets only). */
  g_assert_cmpuint (score->sign_deadlines_due, ==, 2);
  g_assert_cmpuint (score->sign_deadlines_kept, ==,
                    db_int (db, "SELECT count(*) FROM tickets WHERE reported_at >= 1772413200"
                                " AND signed_at <= sign_deadline_at"));
  g_assert_cmpuint (score->handle_deadlines_due, ==, 2);
  g_assert_cmpuint (score->handle_deadlines_kept, ==,
                    db_int (db, "SELECT count(*) FROM tickets WHERE reported_at >= 1772413200"
                                " AND reported_back_at <= handle_deadline_at"));
  figures = gw_db_get_figures (db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (figures->reported, ==, 2);
  g_assert_cmpint (score->figures.response.numerator, ==, figures->response.numerator);
  g_assert_cmpint (score->figures.response.denominator, ==, 2);
  g_assert_cmpint (score->figures.resolution.numerator, ==, 2);
  g_assert_cmpint (score->figures.resolution.denominator, ==, 2);
  g_assert_cmpint (score->figures.satisfaction.numerator, ==, 2);
  g_assert_cmpint (score->figures.satisfaction.denominator, ==, 2);

  /* The same again from the file: nothing depends on the engine's memory. */
  {
    g_autoptr(GwDrillScore) again = gw_drill_score_compute (db, d.scenario, 0, &error);
    g_autoptr(JsonNode) a = gw_drill_score_to_json (score);
    g_autoptr(JsonNode) b = gw_drill_score_to_json (again);
    g_autofree char *ta = json_to_string (a, FALSE);
    g_autofree char *tb = json_to_string (b, FALSE);

    g_assert_no_error (error);
    g_assert_cmpstr (ta, ==, tb);
    g_assert_nonnull (strstr (ta, "\"points_met\":75"));
  }

  /* Taken mid-drill: what is not yet due is pending, not missed. */
  {
    g_autoptr(GwDrillScore) early = gw_drill_score_compute (db, d.scenario, T0 + 500, &error);

    g_assert_no_error (error);
    g_assert_cmpint (result_of (early, "e7")->outcome, ==, GW_DRILL_OUTCOME_PENDING);
    g_assert_cmpint (result_of (early, "e4")->outcome, ==, GW_DRILL_OUTCOME_PENDING);
    g_assert_cmpint (result_of (early, "e1")->outcome, ==, GW_DRILL_OUTCOME_MET);
    g_assert_cmpint (result_of (early, "e3")->outcome, ==, GW_DRILL_OUTCOME_PENDING);  /* signed at +720 */
    g_assert_cmpint (result_of (early, "e5")->outcome, ==, GW_DRILL_OUTCOME_LATE);
    g_assert_cmpuint (early->points_met, ==, 25);   /* e1, e2, e6 */
  }

  /* The after-action report: its tables, and CSV out of them. */
  {
    g_autoptr(GwReport) report = gw_drill_score_to_report (score, "潼南区");
    const GwReportSection *section = g_ptr_array_index (report->sections, 0);
    const GwReportTable *table = gw_report_section_get_table (section, "expectations");
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autofree char *csv = NULL;

    g_assert_nonnull (table);
    g_assert_cmpuint (table->n_rows, ==, 7);
    g_assert_cmpstr (gw_report_table_get_cell (table, 4, 3)->text, ==, "late");
    table = gw_report_section_get_table (section, "score");
    g_assert_cmpfloat (gw_report_table_get_cell (table, 0, 0)->number, ==, score->total);
    g_assert_nonnull (gw_report_section_get_table (section, "times"));
    g_assert_nonnull (gw_report_section_get_table (section, "rates"));
    g_assert_true (gw_report_write_csv (report, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    g_assert_nonnull (strstr (csv, "Expectations"));
    g_assert_nonnull (strstr (csv, "78.9"));
  }

  g_clear_pointer (&db, gw_db_free);
  drill_teardown (&d);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drill/scored", test_scored);
  return g_test_run ();
}
