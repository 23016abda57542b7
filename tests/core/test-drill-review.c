/* test-drill-review.c: the after-action review's read model on a real drill.
 *
 * A scenario of two reports and a directive is played by the real GwDrill on its own copy
 * of the small demo county, on a manual clock stepped a minute at a time; the seat screens,
 * dispatches and closes at known minutes, the world signs for and reports back. The review
 * read afterwards must list every drill log event and every audit entry of the two tickets
 * in order, and say each ticket's state, urgency and department as of any instant — which
 * the test knows minute by minute from what it did. Then the audit alone, on a county that
 * is no drill's, and a database that is neither.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gw-audit.h"
#include "gw-drill-review.h"
#include "gw-drill.h"
#include "gw-workflow.h"
#include "test-county.h"

#define SEAT "drill-duty"

static const char scenario_json[] =
  "{\n"
  "  \"format\": 1,\n"
  "  \"id\": \"review-test\",\n"
  "  \"title\": {\"en\": \"Review test\", \"zh_CN\": \"复盘测试\"},\n"
  "  \"profile\": \"small\",\n"
  "  \"seed\": 7,\n"
  "  \"start\": \"2025-03-10T09:00:00+08:00\",\n"
  "  \"duration\": \"2h\",\n"
  "  \"seats\": [{\"id\": \"duty\", \"role\": \"district_center\"}],\n"
  "  \"world\": {\"verify_after\": \"never\", \"sign_after\": \"5m\", \"report_in_after\": \"never\",\n"
  "            \"report_back_after\": \"20m\", \"evaluate_after\": \"never\"},\n"
  "  \"injections\": [\n"
  "    {\"id\": \"r1\", \"at\": \"1m\", \"kind\": \"report\", \"category\": \"0101\", \"lon\": 105.78,\n"
  "     \"lat\": 30.19, \"description\": \"路边垃圾堆放\", \"source\": \"hotline\", \"urgency\": \"normal\"},\n"
  "    {\"id\": \"r2\", \"at\": \"10m\", \"kind\": \"report\", \"category\": \"0102\", \"lon\": 105.74,\n"
  "     \"lat\": 30.14, \"description\": \"渣土堵路\", \"urgency\": \"emergency\"},\n"
  "    {\"id\": \"d1\", \"at\": \"30m\", \"kind\": \"directive\", \"ticket\": \"r1\", \"action\": \"supervise\"}\n"
  "  ],\n"
  "  \"expectations\": [\n"
  "    {\"id\": \"e1\", \"kind\": \"screened_within\", \"ticket\": \"r1\", \"within\": \"5m\", \"seat\": \"duty\"}\n"
  "  ]\n"
  "}\n";

typedef struct {
  char       *dir;
  char       *path;
  GwScenario *scenario;
  gint64      start;
  gint64      a, b;          /* the two reports' tickets */
  char       *department;    /* the one they are dispatched to */
  char       *county;        /* the district's code */
} Drill;

static Drill drill;

/* Running the drill ------------------------------------------------------------------------ */

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

typedef struct {
  GwAction  action;
  gint64    ticket_id;
  gint64    at;
} Command;

static gpointer
apply_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Command *c = data;
  GwActor seat = { SEAT, GW_ROLE_DISTRICT_CENTER, drill.county, GW_LEVEL_DISTRICT, NULL };
  GwCommand command = { 0, };

  command.action = c->action;
  command.ticket_id = c->ticket_id;
  command.department_code = c->action == GW_ACTION_DISPATCH ? drill.department : NULL;
  return gw_db_apply (db, &seat, &command, c->at, NULL, NULL, error);
}

static void
seat_does (GwStore  *store,
           GwAction  action,
           gint64    ticket_id,
           gint64    at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = NULL;
  Command *c = g_new (Command, 1);

  c->action = action;
  c->ticket_id = ticket_id;
  c->at = at;
  gw_store_run_async (store, apply_func, c, g_free, (GDestroyNotify) gw_ticket_unref, NULL, on_done, &result);
  t = gw_store_run_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
}

static void
poll_at (GwDrill *d,
         GwClock *clock,
         gint64   at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gw_clock_set_now (clock, at);
  gw_drill_poll_async (d, NULL, on_done, &result);
  g_assert_true (gw_drill_poll_finish (d, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* Seat's actions, in minutes after the start. */
#define SCREEN_A    3
#define DISPATCH_A  4
#define SCREEN_B    12
#define DISPATCH_B  15
#define CLOSE_A     35
#define END         40

static void
play_drill (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwClock) clock = NULL;
  g_autoptr(GwDrill) d = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  gint64 s;

  drill.dir = g_dir_make_tmp ("gw-test-drill-review-XXXXXX", &error);
  g_assert_no_error (error);
  drill.path = g_build_filename (drill.dir, "drill.db", NULL);
  drill.scenario = gw_scenario_new_from_data (scenario_json, sizeof scenario_json - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  s = drill.start = drill.scenario->start;
  g_assert_true (gw_drill_prepare_database (NULL, drill.path, drill.scenario, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GwDb) db = gw_db_open (drill.path, &error);
    g_autoptr(GPtrArray) departments = NULL;
    g_autoptr(GPtrArray) districts = NULL;

    g_assert_no_error (error);
    departments = gw_db_list_departments (db, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (departments->len, >, 0);
    drill.department = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 0))->code);
    districts = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, &error);
    g_assert_no_error (error);
    drill.county = g_strdup (((GwDivision *) g_ptr_array_index (districts, 0))->code);
  }

  gw_store_open_async (store, drill.path, NULL, on_done, &opened);
  g_assert_true (gw_store_open_finish (store, wait_for (&opened), &error));
  g_assert_no_error (error);
  clock = gw_clock_new_manual (s);
  d = gw_drill_new (store, drill.scenario, clock);
  g_assert_true (gw_drill_start (d, NULL, &error));
  g_assert_no_error (error);

  for (int minute = 0; minute <= END; minute++)
    {
      gint64 now = s + minute * 60;

      poll_at (d, clock, now);
      if (minute == 1 || minute == 10)
        {
          g_autoptr(GwDb) db = gw_db_open (drill.path, &error);
          gint64 id;

          g_assert_no_error (error);
          id = gw_db_drill_ticket_for (db, minute == 1 ? "r1" : "r2", &error);
          g_assert_no_error (error);
          g_assert_cmpint (id, >, 0);
          *(minute == 1 ? &drill.a : &drill.b) = id;
        }
      if (minute == SCREEN_A)
        seat_does (store, GW_ACTION_SCREEN, drill.a, now);
      if (minute == DISPATCH_A)
        seat_does (store, GW_ACTION_DISPATCH, drill.a, now);
      if (minute == SCREEN_B)
        seat_does (store, GW_ACTION_SCREEN, drill.b, now);
      if (minute == DISPATCH_B)
        seat_does (store, GW_ACTION_DISPATCH, drill.b, now);
      if (minute == CLOSE_A)
        seat_does (store, GW_ACTION_CLOSE, drill.a, now);
    }
  g_assert_true (gw_drill_end (d, NULL, &error));
  g_assert_no_error (error);
  /* The end's log entry is written by a store job: a read after it sees it. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    gw_store_read_drill_review_async (store, 0, NULL, on_done, &result);
    g_autoptr(GwDrillReview) review = gw_store_read_drill_review_finish (store, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_nonnull (review);
  }
  gw_store_close (store);
}

/* Checks ----------------------------------------------------------------------------------- */

static GwDrillReview *
read_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill.path, &error);
  GwDrillReview *review;

  g_assert_no_error (error);
  review = gw_db_read_drill_review (db, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (review);
  return review;
}

static void
assert_state (GwDrillReview *review,
              gint64         ticket_id,
              int            minute,
              int            second,
              GwTicketState  state)
{
  int index = gw_drill_review_find_ticket (review, ticket_id);
  GwDrillTicketAt at;

  g_assert_cmpint (index, >=, 0);
  if (!gw_drill_review_ticket_at (review, index, drill.start + minute * 60 + second, &at))
    g_error ("ticket %" G_GINT64_FORMAT " not reported at %d:%02d", ticket_id, minute, second);
  if (at.state != state)
    g_error ("ticket %" G_GINT64_FORMAT " at %d:%02d is %s, expected %s", ticket_id, minute, second,
             gw_ticket_state_to_string (at.state), gw_ticket_state_to_string (state));
}

static void
test_timeline (void)
{
  g_autoptr(GwDrillReview) review = read_review ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill.path, &error);
  g_autoptr(GPtrArray) events = gw_db_list_drill_events (db, 0, &error);
  g_autoptr(GPtrArray) audit_a = gw_audit_list_for_ticket (db, drill.a, &error);
  g_autoptr(GPtrArray) audit_b = gw_audit_list_for_ticket (db, drill.b, &error);
  guint n = gw_drill_review_get_n_entries (review), n_drill = 0, n_audit = 0, next_event = 0;
  gint64 previous = G_MININT64;
  const char *const *actors = gw_drill_review_get_actors (review);

  g_assert_no_error (error);
  g_assert_cmpstr (gw_drill_review_get_scenario (review), ==, "review-test");
  g_assert_cmpstr (gw_drill_review_get_title (review), ==, "复盘测试");
  g_assert_true (gw_drill_review_has_drill_log (review));
  g_assert_cmpint (gw_drill_review_get_start (review), ==, drill.start);
  g_assert_cmpint (gw_drill_review_get_end (review), ==, drill.start + END * 60);
  g_assert_cmpuint (gw_drill_review_get_n_tickets (review), ==, 2);
  g_assert_cmpint (gw_drill_review_get_ticket (review, 0)->id, ==, drill.a);
  g_assert_cmpint (gw_drill_review_get_ticket (review, 1)->id, ==, drill.b);
  g_assert_cmpstr (gw_drill_review_get_ticket (review, 0)->injection, ==, "r1");
  g_assert_cmpstr (gw_drill_review_get_ticket (review, 1)->injection, ==, "r2");

  /* Every drill log event, in its order, and every audit entry of the two tickets; all
   * by instant. */
  for (guint i = 0; i < n; i++)
    {
      const GwDrillReviewEntry *e = gw_drill_review_get_entry (review, i);

      g_assert_cmpint (e->at, >=, previous);
      previous = e->at;
      if (e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG)
        {
          const GwDrillEvent *ev = g_ptr_array_index (events, next_event++);

          g_assert_cmpint (e->row_id, ==, ev->id);
          g_assert_cmpint (e->at, ==, ev->at);
          g_assert_cmpint (e->kind, ==, ev->kind);
          g_assert_cmpstr (e->action, ==, ev->ref);
          n_drill++;
        }
      else
        {
          g_assert_true (e->ticket == 0 || e->ticket == 1);
          n_audit++;
        }
    }
  g_assert_cmpuint (n_drill, ==, events->len);
  g_assert_cmpuint (n_audit, ==, audit_a->len + audit_b->len);

  /* What the seat did is there, at its minute, by the seat. */
  {
    struct { gint64 ticket; const char *action; int minute; } done[] = {
      { drill.a, "report", 1 }, { drill.a, "screen", SCREEN_A }, { drill.a, "dispatch", DISPATCH_A },
      { drill.b, "report", 10 }, { drill.b, "screen", SCREEN_B }, { drill.b, "dispatch", DISPATCH_B },
      { drill.a, "supervise", 30 }, { drill.a, "close", CLOSE_A },
    };
    guint last = 0;

    for (guint k = 0; k < G_N_ELEMENTS (done); k++)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < n && !found; i++)
          {
            const GwDrillReviewEntry *e = gw_drill_review_get_entry (review, i);

            if (e->origin == GW_DRILL_REVIEW_FROM_AUDIT &&
                gw_drill_review_get_ticket (review, e->ticket)->id == done[k].ticket &&
                g_strcmp0 (e->action, done[k].action) == 0)
              {
                found = TRUE;
                g_assert_cmpint (e->at, ==, drill.start + done[k].minute * 60);
                g_assert_cmpuint (i, >=, last);
                last = i;
                if (g_str_equal (done[k].action, "screen") || g_str_equal (done[k].action, "close"))
                  g_assert_cmpstr (e->actor, ==, SEAT);
              }
          }
        if (!found)
          g_error ("no %s of ticket %" G_GINT64_FORMAT, done[k].action, done[k].ticket);
      }
  }
  /* An injection comes before the report it made, at the same instant. */
  {
    guint report = G_MAXUINT, injection = G_MAXUINT;

    for (guint i = 0; i < n; i++)
      {
        const GwDrillReviewEntry *e = gw_drill_review_get_entry (review, i);

        if (e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG && e->kind == GW_DRILL_EVENT_INJECTION &&
            g_strcmp0 (e->action, "r2") == 0)
          injection = i;
        if (e->origin == GW_DRILL_REVIEW_FROM_AUDIT && g_strcmp0 (e->action, "report") == 0 && e->ticket == 1)
          report = i;
      }
    g_assert_cmpuint (injection, <, report);
    g_assert_cmpint (gw_drill_review_get_entry (review, injection)->at, ==,
                     gw_drill_review_get_entry (review, report)->at);
  }

  g_assert_true (g_strv_contains (actors, SEAT));
  g_assert_true (g_strv_contains (actors, "scenario"));
  g_assert_true (g_strv_contains (actors, "world"));

  /* Counting up to an instant. */
  g_assert_cmpuint (gw_drill_review_count_until (review, drill.start - 1), ==, 0);
  g_assert_cmpuint (gw_drill_review_count_until (review, drill.start + END * 60), ==, n);
  {
    guint k = gw_drill_review_count_until (review, drill.start + SCREEN_A * 60);

    g_assert_cmpint (gw_drill_review_get_entry (review, k - 1)->at, <=, drill.start + SCREEN_A * 60);
    g_assert_cmpint (gw_drill_review_get_entry (review, k)->at, >, drill.start + SCREEN_A * 60);
  }
  g_assert_cmpuint (gw_drill_review_count_reported (review, drill.start + 9 * 60 + 59), ==, 1);
  g_assert_cmpuint (gw_drill_review_count_reported (review, drill.start + 10 * 60), ==, 2);
}

static void
test_as_of (void)
{
  g_autoptr(GwDrillReview) review = read_review ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (drill.path, &error);
  int ia = gw_drill_review_find_ticket (review, drill.a), ib = gw_drill_review_find_ticket (review, drill.b);
  GwDrillTicketAt at;

  g_assert_no_error (error);
  /* Not there before its report. */
  g_assert_false (gw_drill_review_ticket_at (review, ia, drill.start + 59, &at));
  g_assert_false (gw_drill_review_ticket_at (review, ib, drill.start + 9 * 60 + 59, &at));

  assert_state (review, drill.a, 1, 0, GW_STATE_REPORTED);
  assert_state (review, drill.a, SCREEN_A - 1, 59, GW_STATE_REPORTED);
  assert_state (review, drill.a, SCREEN_A, 0, GW_STATE_SCREENED);
  assert_state (review, drill.a, DISPATCH_A, 0, GW_STATE_DISPATCHED);
  assert_state (review, drill.a, CLOSE_A, 0, GW_STATE_CLOSED);
  assert_state (review, drill.b, 10, 0, GW_STATE_REPORTED);
  assert_state (review, drill.b, SCREEN_B, 0, GW_STATE_SCREENED);
  assert_state (review, drill.b, DISPATCH_B, 30, GW_STATE_DISPATCHED);

  /* The world signed for each five minutes after its dispatch (its minute ticks). */
  assert_state (review, drill.a, DISPATCH_A + 5, 0, GW_STATE_SIGNED);
  assert_state (review, drill.b, DISPATCH_B + 5, 0, GW_STATE_SIGNED);

  /* The department from the dispatch on; none before. */
  g_assert_true (gw_drill_review_ticket_at (review, ia, drill.start + SCREEN_A * 60, &at));
  g_assert_null (at.department_code);
  g_assert_true (gw_drill_review_ticket_at (review, ia, drill.start + DISPATCH_A * 60, &at));
  g_assert_cmpstr (at.department_code, ==, drill.department);
  g_assert_cmpint (at.since, ==, drill.start + DISPATCH_A * 60);

  /* Urgency: the emergency from its injection; the supervision at 30 min raises r1's. */
  g_assert_true (gw_drill_review_ticket_at (review, ib, drill.start + 10 * 60, &at));
  g_assert_cmpint (at.urgency, ==, GW_URGENCY_EMERGENCY);
  g_assert_true (gw_drill_review_ticket_at (review, ia, drill.start + 29 * 60 + 59, &at));
  g_assert_cmpint (at.urgency, ==, GW_URGENCY_NORMAL);
  g_assert_true (gw_drill_review_ticket_at (review, ia, drill.start + 30 * 60, &at));
  g_assert_cmpint (at.urgency, ==, GW_URGENCY_URGENT);

  /* The last step is the ticket as the database has it now. */
  for (guint i = 0; i < gw_drill_review_get_n_tickets (review); i++)
    {
      const GwDrillReviewTicket *t = gw_drill_review_get_ticket (review, i);
      g_autoptr(GwTicket) now = gw_db_get_ticket (db, t->id, &error);

      g_assert_no_error (error);
      g_assert_true (gw_drill_review_ticket_at (review, i, G_MAXINT64, &at));
      g_assert_cmpint (at.state, ==, now->state);
      g_assert_cmpint (at.urgency, ==, now->urgency);
      g_assert_cmpstr (at.department_code, ==, now->department_code);
      g_assert_cmpstr (t->number, ==, now->number);
      g_assert_cmpstr (t->category_code, ==, now->category_code);
      g_assert_cmpfloat (t->lon, ==, now->lon);
      g_assert_cmpfloat (t->lat, ==, now->lat);
    }

  /* Open at an instant. */
  {
    g_autoptr(GArray) before = gw_drill_review_tickets_at (review, drill.start + 30, TRUE);
    g_autoptr(GArray) both = gw_drill_review_tickets_at (review, drill.start + 20 * 60, TRUE);
    g_autoptr(GArray) end = gw_drill_review_tickets_at (review, drill.start + END * 60, TRUE);
    g_autoptr(GArray) all = gw_drill_review_tickets_at (review, drill.start + END * 60, FALSE);

    g_assert_cmpuint (before->len, ==, 0);
    g_assert_cmpuint (both->len, ==, 2);
    g_assert_cmpuint (end->len, ==, 1);
    g_assert_cmpint (g_array_index (end, GwDrillTicketAt, 0).ticket->id, ==, drill.b);
    g_assert_cmpuint (all->len, ==, 2);
  }
  g_assert_cmpstr (gw_drill_review_get_department_name (review, NULL, FALSE), ==, NULL);
  g_assert_nonnull (gw_drill_review_get_department_name (review, drill.department, FALSE));
  g_assert_cmpstr (gw_drill_review_get_department_name (review, "no-such", TRUE), ==, "no-such");
}

/* The audit alone: a county that is no drill's, read from an instant the caller gives. */
static void
test_audit_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GwDrillReview) review = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GwTicket) done = NULL;
  GwActor center = { "值班员", GW_ROLE_DISTRICT_CENTER, NULL, GW_LEVEL_DISTRICT, NULL };
  GwCommand command = { 0, };
  gint64 now = 1760000000, since = now + 86400;
  char *dir = test_county_new ("drill-review", now, NULL, &db);
  g_autoptr(GPtrArray) districts = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, &error);
  GwDrillTicketAt at;

  g_assert_no_error (error);
  center.division_code = ((GwDivision *) g_ptr_array_index (districts, 0))->code;
  departments = gw_db_list_departments (db, &error);
  g_assert_no_error (error);

  /* Neither a drill log nor a start: refused. */
  review = gw_db_read_drill_review (db, 0, &error);
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL);
  g_assert_null (review);
  g_clear_error (&error);

  /* One report after `since`, screened, dispatched, with a supervision in between. */
  t->source = GW_SOURCE_HOTLINE;
  t->urgency = GW_URGENCY_NORMAL;
  t->category_code = g_strdup ("0101");
  t->level = GW_LEVEL_DISTRICT;
  t->lon = 105.78;
  t->lat = 30.19;
  t->description = g_strdup ("来电反映路边垃圾堆放");
  g_assert_true (gw_db_report (db, &center, t, since + 100, &error));
  g_assert_no_error (error);
  command.ticket_id = t->id;
  command.action = GW_ACTION_SCREEN;
  done = gw_db_apply (db, &center, &command, since + 200, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&done, gw_ticket_unref);
  command.action = GW_ACTION_SUPERVISE;
  command.reason = "快办";
  done = gw_db_apply (db, &center, &command, since + 250, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&done, gw_ticket_unref);
  command.action = GW_ACTION_DISPATCH;
  command.reason = NULL;
  command.department_code = ((GwDepartment *) g_ptr_array_index (departments, 0))->code;
  done = gw_db_apply (db, &center, &command, since + 300, NULL, NULL, &error);
  g_assert_no_error (error);

  review = gw_db_read_drill_review (db, since, &error);
  g_assert_no_error (error);
  g_assert_null (gw_drill_review_get_scenario (review));
  g_assert_cmpint (gw_drill_review_get_start (review), ==, since);
  g_assert_cmpint (gw_drill_review_get_end (review), ==, since + 300);
  /* Only the new ticket: the demo's history lies before `since`. */
  g_assert_cmpuint (gw_drill_review_get_n_tickets (review), ==, 1);
  g_assert_cmpuint (gw_drill_review_get_n_entries (review), ==, 4);
  g_assert_cmpstr (gw_drill_review_get_entry (review, 0)->action, ==, "report");
  g_assert_cmpstr (gw_drill_review_get_entry (review, 3)->action, ==, "dispatch");
  g_assert_cmpstr (gw_drill_review_get_entry (review, 3)->actor, ==, "值班员");

  g_assert_true (gw_drill_review_ticket_at (review, 0, since + 100, &at));
  g_assert_cmpint (at.state, ==, GW_STATE_REPORTED);
  g_assert_cmpint (at.urgency, ==, GW_URGENCY_NORMAL);
  g_assert_true (gw_drill_review_ticket_at (review, 0, since + 260, &at));
  g_assert_cmpint (at.state, ==, GW_STATE_SCREENED);
  g_assert_cmpint (at.urgency, ==, GW_URGENCY_URGENT);
  g_assert_null (at.department_code);
  g_assert_true (gw_drill_review_ticket_at (review, 0, since + 300, &at));
  g_assert_cmpint (at.state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (at.department_code, ==, command.department_code);

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/drill-review/audit-only", test_audit_only);
  play_drill ();
  g_test_add_func ("/drill-review/timeline", test_timeline);
  g_test_add_func ("/drill-review/as-of", test_as_of);
  status = g_test_run ();

  {
    static const char *const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *f = g_strconcat (drill.path, suffixes[i], NULL);
        g_unlink (f);
      }
    g_rmdir (drill.dir);
  }
  g_free (drill.dir);
  g_free (drill.path);
  g_free (drill.department);
  g_free (drill.county);
  g_clear_pointer (&drill.scenario, gw_scenario_unref);
  return status;
}
