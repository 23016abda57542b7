/* The closed loop: every (state, action, role) combination against the rule table of
 * docs/WORKFLOW.md, then whole loops on a real database with timers, lights and audit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-private.h"
#include "gw-workflow.h"

/* 2026-11-24, a Tuesday, 10:00 +08:00. */
#define TUE_10 1795485600

#define DISTRICT  "500223"
#define STREET    "500223001"
#define COMMUNITY "500223001001"
#define GRID      "500223001001001"
#define D1 "500223-D01"
#define D2 "500223-D02"
#define D3 "500223-D03"

static char *tmpdir;

/* The matrix --------------------------------------------------------------------------- */

/* Who may do what to a street-level ticket (网格件 above the grid: the street's center
 * dispatches it, department D1 handles it). One letter per role, in GwRole order:
 * g grid worker, c community staff, s street officer, m commander, d department handler,
 * x district center; '.' refused. One string per state, in GwTicketState order:
 * reported verifying screened dispatched signed handling checking suspended closed rejected */
static const struct {
  GwAction    action;
  const char *allowed[GW_N_STATES];
} matrix[] = {
  { GW_ACTION_VERIFY,            { "gcsm.x", "......", "......", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_SCREEN,            { "..sm..", "..sm..", "......", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_REJECT,            { "..sm..", "..sm..", "..sm..", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_MERGE,             { "..sm..", "..sm..", "..sm..", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_ESCALATE,          { "..sm..", "..sm..", "..sm..", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_DISPATCH,          { "......", "......", "..sm..", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_WHISTLE,           { "......", "......", "..sm..", "......", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_SIGN,              { "......", "......", "......", "....d.", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_REPORT_IN,         { "......", "......", "......", "....d.", "....d.", "....d.", "......", "......", "......", "......" } },
  { GW_ACTION_RETURN,            { "......", "......", "......", "....d.", "......", "......", "......", "......", "......", "......" } },
  { GW_ACTION_HANDLE,            { "......", "......", "......", "......", "....d.", "......", "......", "......", "......", "......" } },
  { GW_ACTION_REPORT_BACK,       { "......", "......", "......", "......", "....d.", "....d.", "......", "......", "......", "......" } },
  { GW_ACTION_CLOSE,             { "......", "......", "......", "......", "......", "......", "..sm..", "......", "......", "......" } },
  { GW_ACTION_EVALUATE,          { "......", "......", "......", "......", "......", "......", "......", "......", "..sm..", "......" } },
  { GW_ACTION_REOPEN,            { "......", "......", "......", "......", "......", "......", "..sm..", "......", "..sm..", "......" } },
  { GW_ACTION_REQUEST_EXTENSION, { "......", "......", "......", "......", "....d.", "....d.", "......", "......", "......", "......" } },
  { GW_ACTION_APPROVE_EXTENSION, { "......", "......", "......", "......", "..sm..", "..sm..", "......", "......", "......", "......" } },
  { GW_ACTION_SUSPEND,           { "......", "......", "......", "..sm..", "..sm..", "..sm..", "......", "......", "......", "......" } },
  { GW_ACTION_RESUME,            { "......", "......", "......", "......", "......", "......", "......", "..sm..", "......", "......" } },
  { GW_ACTION_SUPERVISE,         { "..sm.x", "..sm.x", "..sm.x", "..sm.x", "..sm.x", "..sm.x", "..sm.x", "......", "......", "......" } },
  { GW_ACTION_REASSIGN,          { "......", "......", "......", "..sm..", "..sm..", "......", "......", "......", "......", "......" } },
};
G_STATIC_ASSERT (G_N_ELEMENTS (matrix) == GW_N_ACTIONS);

static const char role_letters[GW_N_ROLES + 1] = "gcsmdx";

static GwActor
actor_for (GwRole role)
{
  GwActor a = { "tester", role, NULL, GW_LEVEL_DISTRICT, NULL };

  switch (role)
    {
    case GW_ROLE_GRID_WORKER:     a.division_code = GRID; a.level = GW_LEVEL_GRID; break;
    case GW_ROLE_COMMUNITY_STAFF: a.division_code = COMMUNITY; a.level = GW_LEVEL_COMMUNITY; break;
    case GW_ROLE_STREET_OFFICER:  a.division_code = STREET; a.level = GW_LEVEL_STREET; break;
    case GW_ROLE_COMMANDER:       a.division_code = STREET; a.level = GW_LEVEL_STREET; break;
    case GW_ROLE_DEPARTMENT_HANDLER: a.department_code = D2; break;
    case GW_ROLE_DISTRICT_CENTER: a.division_code = DISTRICT; a.level = GW_LEVEL_DISTRICT; break;
    case GW_N_ROLES:
    default: g_assert_not_reached ();
    }
  return a;
}

/* A street-level ticket in `state`, dispatched by the street to D2 (whistled with D2 as a
 * non-lead department when the action is report-in), set up so that only state, role
 * and jurisdiction decide. */
static GwTicket *
ticket_in (GwTicketState state,
           GwAction      action)
{
  GwTicket *t = gw_ticket_new ();

  t->id = 7;
  t->number = g_strdup ("TN261124-00007");
  t->category_code = g_strdup ("0101");
  t->level = GW_LEVEL_STREET;
  t->divisions[GW_LEVEL_DISTRICT] = g_strdup (DISTRICT);
  t->divisions[GW_LEVEL_STREET] = g_strdup (STREET);
  t->divisions[GW_LEVEL_COMMUNITY] = g_strdup (COMMUNITY);
  t->divisions[GW_LEVEL_GRID] = g_strdup (GRID);
  t->description = g_strdup ("x");
  t->state = state;
  t->reported_at = TUE_10 - 3600;
  if (state >= GW_STATE_DISPATCHED && state != GW_STATE_REJECTED)
    {
      t->department_code = g_strdup (D2);
      t->dispatched_at = TUE_10 - 1800;
      t->dispatcher_level = GW_LEVEL_STREET;
    }
  if (action == GW_ACTION_REPORT_IN)
    {
      g_free (t->department_code);
      t->department_code = g_strdup (D1);
      t->whistle = TRUE;
      g_ptr_array_add (t->whistle_departments, gw_whistle_department_new (D1, TRUE));
      g_ptr_array_add (t->whistle_departments, gw_whistle_department_new (D2, FALSE));
    }
  if (action == GW_ACTION_APPROVE_EXTENSION)
    t->extension_seconds = 3600;
  if (action == GW_ACTION_CLOSE)
    t->reported_back_at = TUE_10 - 600;
  return t;
}

static void
test_matrix (void)
{
  static const char *const whistle[] = { D1, D2, NULL };
  guint allowed = 0, refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    for (guint st = 0; st < GW_N_STATES; st++)
      for (guint r = 0; r < GW_N_ROLES; r++)
        {
          GwAction action = matrix[i].action;
          g_autoptr(GwTicket) t = ticket_in (st, action);
          GwActor actor = actor_for (r);
          GwCommand c = { 0, };
          g_autoptr(GError) error = NULL;
          gboolean expect = matrix[i].allowed[st][r] == role_letters[r];
          gboolean got;

          g_assert_true (matrix[i].allowed[st][r] == '.' || matrix[i].allowed[st][r] == role_letters[r]);
          c.action = action;
          c.ticket_id = t->id;
          c.reason = "现场核实";
          c.department_code = D3;
          c.departments = whistle;
          c.lead_department = D1;
          c.text = "已处置完毕";
          c.resolved = TRUE;
          c.satisfaction = GW_SATISFACTION_SATISFIED;
          c.extension_seconds = 7200;
          c.merge_into = 99;
          got = gw_workflow_check (t, &actor, &c, &error);
          if (got != expect)
            g_error ("%s by %s on a %s ticket: expected %s, got %s (%s)",
                     gw_action_to_string (action), gw_role_to_string (r), gw_ticket_state_to_string (st),
                     expect ? "allowed" : "refused", got ? "allowed" : "refused",
                     error ? error->message : "no error");
          if (got)
            allowed++;
          else
            {
              refused++;
              g_assert_true (error != NULL && error->domain == GW_WORKFLOW_ERROR);
              /* The message says which ticket and which rule. */
              g_assert_nonnull (strstr (error->message, "TN261124-00007"));
            }
        }
  g_assert_cmpuint (allowed + refused, ==, GW_N_ACTIONS * GW_N_STATES * GW_N_ROLES);
  g_test_message ("%u combinations allowed, %u refused", allowed, refused);
}

/* Wrong state, role, jurisdiction and missing reason each get their own error. */
static void
test_refusals_say_why (void)
{
  g_autoptr(GwTicket) t = ticket_in (GW_STATE_SCREENED, GW_ACTION_DISPATCH);
  GwActor officer = actor_for (GW_ROLE_STREET_OFFICER);
  GwActor other_street = { "邻街值班员", GW_ROLE_STREET_OFFICER, "500223002", GW_LEVEL_STREET, NULL };
  GwActor handler = actor_for (GW_ROLE_DEPARTMENT_HANDLER);
  GwCommand c = { 0, };
  g_autoptr(GError) error = NULL;

  c.action = GW_ACTION_SIGN;
  g_assert_false (gw_workflow_check (t, &handler, &c, &error));
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_STATE);
  g_assert_nonnull (strstr (error->message, "it is screened"));
  g_clear_error (&error);

  c.action = GW_ACTION_DISPATCH;
  c.department_code = D1;
  g_assert_false (gw_workflow_check (t, &handler, &c, &error));
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_ROLE);
  g_clear_error (&error);

  g_assert_false (gw_workflow_check (t, &other_street, &c, &error));
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_JURISDICTION);
  g_assert_nonnull (strstr (error->message, "outside your area"));
  g_clear_error (&error);

  c.action = GW_ACTION_REJECT;
  c.reason = "   ";
  g_assert_false (gw_workflow_check (t, &officer, &c, &error));
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "a reason"));
  g_clear_error (&error);

  c.action = GW_ACTION_DISPATCH;
  c.department_code = NULL;
  g_assert_false (gw_workflow_check (t, &officer, &c, &error));
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_MISSING);
  g_clear_error (&error);

  c.action = GW_ACTION_WHISTLE;
  {
    const char *one[] = { D1, NULL };
    const char *twice[] = { D1, D1, NULL };
    c.departments = one;
    c.lead_department = D1;
    g_assert_false (gw_workflow_check (t, &officer, &c, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_MISSING);
    g_clear_error (&error);
    c.departments = twice;
    g_assert_false (gw_workflow_check (t, &officer, &c, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID);
    g_clear_error (&error);
  }
}

/* On a real database ---------------------------------------------------------------------- */

static GwDb *
fixture (const char *name)
{
  static const struct { const char *code; GwLevel level; const char *parent; } divs[] = {
    { DISTRICT, GW_LEVEL_DISTRICT, NULL },
    { STREET, GW_LEVEL_STREET, DISTRICT },
    { COMMUNITY, GW_LEVEL_COMMUNITY, STREET },
    { GRID, GW_LEVEL_GRID, COMMUNITY },
  };
  const double ring[] = { 105.0, 30.0, 106.0, 30.0, 106.0, 31.0, 105.0, 31.0 };
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (divs); i++)
    {
      g_autoptr(GwDivision) d = gw_division_new ();
      d->code = g_strdup (divs[i].code);
      d->name = g_strdup (divs[i].code);
      d->level = divs[i].level;
      d->parent_code = g_strdup (divs[i].parent);
      d->polygon = gw_polygon_new ();
      gw_polygon_add_ring (d->polygon, TRUE, ring, 4);
      g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
    }
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GwDepartment) dep = gw_department_new ();
      dep->code = g_strdup_printf ("500223-D%02u", i);
      dep->name = g_strdup_printf ("部门%u", i);
      dep->division_code = g_strdup (DISTRICT);
      g_assert_cmpint (gw_db_insert_department (db, dep, &error), >, 0);
    }
  return db;
}

static gint64
report (GwDb       *db,
        const char *category,
        GwUrgency   urgency,
        gint64      at)
{
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GError) error = NULL;

  t->category_code = g_strdup (category);
  t->urgency = urgency;
  t->level = GW_LEVEL_STREET;
  t->lon = 105.5;
  t->lat = 30.5;
  t->description = g_strdup ("滨江路自来水管破裂");
  t->reported_at = at;
  return gw_db_insert_ticket (db, t, &error);
}

static GwTicket *
apply_ok (GwDb          *db,
          const GwActor *actor,
          GwCommand     *c,
          gint64         now)
{
  g_autoptr(GError) error = NULL;
  GwTicket *t = gw_db_apply (db, actor, c, now, NULL, NULL, &error);

  if (t == NULL)
    g_error ("%s refused: %s", gw_action_to_string (c->action), error->message);
  return t;
}

#define APPLY(db, actor, now, ...) \
  G_STMT_START { \
    GwCommand cmd_ = { __VA_ARGS__ }; \
    g_clear_pointer (&t, gw_ticket_unref); \
    t = apply_ok (db, actor, &cmd_, now); \
  } G_STMT_END

static void
test_full_loop (void)
{
  g_autoptr(GwDb) db = fixture ("loop.db");
  GwActor officer = { "值班员甲", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor handler = { "处置员乙", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D1 };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = report (db, "0101", GW_URGENCY_NORMAL, TUE_10);
  gint64 next = 0, n = 0, broken = -1;
  g_autoptr(GPtrArray) log = NULL;

  APPLY (db, &officer, TUE_10 + 60, .action = GW_ACTION_VERIFY, .ticket_id = id);
  g_assert_cmpint (t->state, ==, GW_STATE_VERIFYING);
  APPLY (db, &officer, TUE_10 + 120, .action = GW_ACTION_SCREEN, .ticket_id = id);
  APPLY (db, &officer, TUE_10 + 180, .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = D1);
  g_assert_cmpint (t->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (t->department_code, ==, D1);
  /* Sign-for: 4 working hours from Tuesday 10:03 -> 15:33 (lunch 12:00-13:30 not counted). */
  g_assert_cmpint (t->timer.stage, ==, GW_STAGE_SIGN);
  g_assert_cmpint (t->timer.deadline_at, ==, TUE_10 + 180 + 4 * 3600 + 90 * 60);
  g_assert_cmpint (t->sign_deadline_at, ==, t->timer.deadline_at);
  g_assert_cmpint (gw_stage_timer_light (&t->timer, TUE_10 + 600, &next), ==, GW_LIGHT_GREEN);
  g_assert_cmpint (next, ==, t->timer.yellow_at);
  g_assert_cmpint (gw_stage_timer_light (&t->timer, t->timer.yellow_at, &next), ==, GW_LIGHT_YELLOW);
  g_assert_cmpint (next, ==, t->timer.red_at);
  g_assert_cmpint (gw_stage_timer_light (&t->timer, t->timer.red_at, &next), ==, GW_LIGHT_RED);
  g_assert_cmpint (next, ==, t->timer.deadline_at);
  g_assert_cmpint (gw_stage_timer_light (&t->timer, t->timer.deadline_at, &next), ==, GW_LIGHT_OVERDUE);
  g_assert_cmpint (next, ==, 0);

  APPLY (db, &handler, TUE_10 + 900, .action = GW_ACTION_SIGN, .ticket_id = id);
  g_assert_cmpint (t->signed_at, ==, TUE_10 + 900);
  g_assert_cmpint (t->timer.stage, ==, GW_STAGE_HANDLE);
  /* Handling: 3 working days from Tuesday -> Friday 17:30. */
  g_assert_cmpint (t->handle_deadline_at, ==, TUE_10 + 3 * 86400 + 7 * 3600 + 1800);
  APPLY (db, &handler, TUE_10 + 1200, .action = GW_ACTION_HANDLE, .ticket_id = id);
  APPLY (db, &handler, TUE_10 + 86400, .action = GW_ACTION_REPORT_BACK, .ticket_id = id,
         .text = "已更换阀门，恢复供水", .resolved = TRUE);
  g_assert_cmpint (t->state, ==, GW_STATE_CHECKING);
  g_assert_cmpint (t->resolved, ==, 1);
  APPLY (db, &officer, TUE_10 + 90000, .action = GW_ACTION_CLOSE, .ticket_id = id);
  g_assert_cmpint (t->state, ==, GW_STATE_CLOSED);
  g_assert_cmpint (t->timer.stage, ==, GW_STAGE_FOLLOWUP);
  APPLY (db, &officer, TUE_10 + 100000, .action = GW_ACTION_EVALUATE, .ticket_id = id,
         .satisfaction = GW_SATISFACTION_SATISFIED);
  g_assert_cmpint (t->state, ==, GW_STATE_CLOSED);
  g_assert_cmpint (t->satisfaction, ==, GW_SATISFACTION_SATISFIED);
  g_assert_cmpint (t->timer.stage, ==, GW_STAGE_NONE);
  g_assert_cmpint (t->reopen_count, ==, 0);

  /* Stored as shown. */
  {
    g_autoptr(GwTicket) stored = gw_db_get_ticket (db, id, &error);
    g_assert_cmpint (stored->state, ==, GW_STATE_CLOSED);
    g_assert_cmpint (stored->signed_at, ==, TUE_10 + 900);
    g_assert_cmpint (stored->closed_at, ==, TUE_10 + 90000);
    g_assert_cmpint (stored->satisfaction, ==, GW_SATISFACTION_SATISFIED);
  }
  log = gw_audit_list_for_ticket (db, id, &error);
  g_assert_cmpuint (log->len, ==, 8);
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (log, 2))->action, ==, "dispatch");
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (log, 2))->actor, ==, "值班员甲");
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (log, 2))->from_state, ==, "screened");
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (log, 2))->to_state, ==, "dispatched");
  g_assert_true (gw_audit_verify (db, &broken, &n, &error));
  g_assert_cmpint (n, ==, 8);
}

static void
test_refused_changes_nothing (void)
{
  g_autoptr(GwDb) db = fixture ("refused.db");
  GwActor officer = { "值班员甲", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor handler = { "处置员乙", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D1 };
  gint64 id = report (db, "0101", GW_URGENCY_NORMAL, TUE_10);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = gw_db_content_hash (db, &error);
  g_autofree char *after = NULL;
  GwCommand sign = { .action = GW_ACTION_SIGN, .ticket_id = id };
  GwCommand dispatch = { .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = "500223-D99" };
  GwCommand screen = { .action = GW_ACTION_SCREEN, .ticket_id = 12345 };
  GwTicket *t;

  t = gw_db_apply (db, &handler, &sign, TUE_10, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* Screen it, then dispatch to an unknown department: refused after the rules passed. */
  {
    GwCommand c = { .action = GW_ACTION_SCREEN, .ticket_id = id };
    g_autoptr(GwTicket) s = gw_db_apply (db, &officer, &c, TUE_10 + 1, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&before, g_free);
    before = gw_db_content_hash (db, &error);
  }
  t = gw_db_apply (db, &officer, &dispatch, TUE_10 + 2, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "500223-D99"));
  g_clear_error (&error);

  t = gw_db_apply (db, &officer, &screen, TUE_10 + 3, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = gw_db_content_hash (db, &error);
  g_assert_cmpstr (before, ==, after);
}

static void
test_escalate_levels (void)
{
  g_autoptr(GwDb) db = fixture ("escalate.db");
  GwActor worker = { "网格员", GW_ROLE_GRID_WORKER, GRID, GW_LEVEL_GRID, NULL };
  GwActor staff = { "社区", GW_ROLE_COMMUNITY_STAFF, COMMUNITY, GW_LEVEL_COMMUNITY, NULL };
  GwActor officer = { "街道", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor center = { "区中心", GW_ROLE_DISTRICT_CENTER, DISTRICT, GW_LEVEL_DISTRICT, NULL };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = report (db, "0101", GW_URGENCY_NORMAL, TUE_10);

  sqlite3_exec (gw_db_get_handle (db), "UPDATE tickets SET level = 'grid'", NULL, NULL, NULL);
  APPLY (db, &worker, TUE_10 + 10, .action = GW_ACTION_ESCALATE, .ticket_id = id, .reason = "网格内无法解决");
  g_assert_cmpint (t->level, ==, GW_LEVEL_COMMUNITY);
  APPLY (db, &staff, TUE_10 + 20, .action = GW_ACTION_ESCALATE, .ticket_id = id, .reason = "需街道协调");
  g_assert_cmpint (t->level, ==, GW_LEVEL_STREET);
  APPLY (db, &officer, TUE_10 + 30, .action = GW_ACTION_ESCALATE, .ticket_id = id, .reason = "跨部门");
  g_assert_cmpint (t->level, ==, GW_LEVEL_DISTRICT);
  {
    GwCommand c = { .action = GW_ACTION_ESCALATE, .ticket_id = id, .reason = "再提级" };
    g_assert_null (gw_db_apply (db, &center, &c, TUE_10 + 40, NULL, NULL, &error));
    /* The district center has no level above it: escalate is not its action. */
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_ROLE);
  }
  APPLY (db, &center, TUE_10 + 50, .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = D2);
  g_assert_cmpint (t->dispatcher_level, ==, GW_LEVEL_DISTRICT);
}

static void
test_whistle (void)
{
  g_autoptr(GwDb) db = fixture ("whistle.db");
  static const char *const depts[] = { D1, D2, D3, NULL };
  GwActor officer = { "指挥长", GW_ROLE_COMMANDER, STREET, GW_LEVEL_STREET, NULL };
  GwActor h1 = { "水务", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D1 };
  GwActor h2 = { "住建", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D2 };
  GwActor h3 = { "应急", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D3 };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = report (db, "2205", GW_URGENCY_URGENT, TUE_10);

  APPLY (db, &officer, TUE_10 + 60, .action = GW_ACTION_SCREEN, .ticket_id = id);
  APPLY (db, &officer, TUE_10 + 120, .action = GW_ACTION_WHISTLE, .ticket_id = id,
         .departments = depts, .lead_department = D1);
  g_assert_true (t->whistle);
  g_assert_cmpuint (t->whistle_departments->len, ==, 3);
  g_assert_cmpstr (t->department_code, ==, D1);

  /* D2 reports in at once, D3 an hour later, the lead signs in between. */
  APPLY (db, &h2, TUE_10 + 300, .action = GW_ACTION_REPORT_IN, .ticket_id = id);
  g_assert_cmpint (gw_ticket_find_whistle_department (t, D2)->reported_in_at, ==, TUE_10 + 300);
  g_assert_cmpint (gw_ticket_find_whistle_department (t, D3)->reported_in_at, ==, 0);
  g_assert_cmpint (gw_ticket_find_whistle_department (t, D1)->reported_in_at, ==, 0);
  APPLY (db, &h1, TUE_10 + 1800, .action = GW_ACTION_SIGN, .ticket_id = id);
  g_assert_cmpint (gw_ticket_find_whistle_department (t, D1)->reported_in_at, ==, TUE_10 + 1800);
  APPLY (db, &h3, TUE_10 + 3900, .action = GW_ACTION_REPORT_IN, .ticket_id = id);
  g_assert_cmpint (gw_ticket_find_whistle_department (t, D3)->reported_in_at, ==, TUE_10 + 3900);
  {
    /* Reporting in twice, a department not whistled, a non-lead reporting back: refused. */
    GwCommand again = { .action = GW_ACTION_REPORT_IN, .ticket_id = id };
    GwCommand back = { .action = GW_ACTION_REPORT_BACK, .ticket_id = id, .text = "已到场" };
    GwActor stranger = { "无关", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, "500223-D09" };
    g_assert_null (gw_db_apply (db, &h2, &again, TUE_10 + 4000, NULL, NULL, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_WRONG_STATE);
    g_clear_error (&error);
    g_assert_null (gw_db_apply (db, &stranger, &again, TUE_10 + 4000, NULL, NULL, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_JURISDICTION);
    g_clear_error (&error);
    g_assert_null (gw_db_apply (db, &h2, &back, TUE_10 + 4000, NULL, NULL, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_JURISDICTION);
    g_clear_error (&error);
  }
  APPLY (db, &h1, TUE_10 + 7200, .action = GW_ACTION_REPORT_BACK, .ticket_id = id,
         .text = "挡墙已加固，供水恢复", .resolved = TRUE);
  APPLY (db, &officer, TUE_10 + 7300, .action = GW_ACTION_CLOSE, .ticket_id = id);
  g_assert_cmpint (t->state, ==, GW_STATE_CLOSED);
  {
    g_autoptr(GwTicket) stored = gw_db_get_ticket (db, id, &error);
    g_assert_cmpuint (stored->whistle_departments->len, ==, 3);
    g_assert_cmpint (gw_ticket_find_whistle_department (stored, D3)->reported_in_at, ==, TUE_10 + 3900);
  }
}

static void
test_reopen_after_unsatisfied (void)
{
  g_autoptr(GwDb) db = fixture ("reopen.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor handler = { "处置员", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D1 };
  g_autoptr(GwTicket) t = NULL;
  gint64 id = report (db, "2101", GW_URGENCY_NORMAL, TUE_10);

  APPLY (db, &officer, TUE_10 + 1, .action = GW_ACTION_SCREEN, .ticket_id = id);
  APPLY (db, &officer, TUE_10 + 2, .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = D1);
  APPLY (db, &handler, TUE_10 + 3, .action = GW_ACTION_SIGN, .ticket_id = id);
  APPLY (db, &handler, TUE_10 + 4, .action = GW_ACTION_REPORT_BACK, .ticket_id = id, .text = "已劝离", .resolved = TRUE);
  APPLY (db, &officer, TUE_10 + 5, .action = GW_ACTION_CLOSE, .ticket_id = id);
  APPLY (db, &officer, TUE_10 + 6, .action = GW_ACTION_EVALUATE, .ticket_id = id,
         .satisfaction = GW_SATISFACTION_UNSATISFIED);
  /* 返工: back to the same department, signed for anew. */
  g_assert_cmpint (t->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpint (t->reopen_count, ==, 1);
  g_assert_cmpstr (t->department_code, ==, D1);
  g_assert_cmpint (t->closed_at, ==, 0);
  g_assert_cmpint (t->timer.stage, ==, GW_STAGE_SIGN);
  APPLY (db, &handler, TUE_10 + 7, .action = GW_ACTION_SIGN, .ticket_id = id);
  APPLY (db, &handler, TUE_10 + 8, .action = GW_ACTION_REPORT_BACK, .ticket_id = id, .text = "夜间禁行", .resolved = TRUE);
  APPLY (db, &officer, TUE_10 + 9, .action = GW_ACTION_CLOSE, .ticket_id = id);
  /* The first evaluation stays on record; the second is allowed after the reopen. */
  g_assert_cmpint (t->satisfaction, ==, GW_SATISFACTION_UNSATISFIED);
}

static void
test_suspend_and_extend (void)
{
  g_autoptr(GwDb) db = fixture ("suspend.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor handler = { "处置员", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, D1 };
  g_autoptr(GwTicket) t = NULL;
  gint64 id = report (db, "0101", GW_URGENCY_URGENT, TUE_10);
  gint64 deadline, next = 0;

  APPLY (db, &officer, TUE_10, .action = GW_ACTION_SCREEN, .ticket_id = id);
  APPLY (db, &officer, TUE_10, .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = D1);
  APPLY (db, &handler, TUE_10, .action = GW_ACTION_SIGN, .ticket_id = id);
  /* Urgent handling: 1 working day -> Wednesday 17:30. */
  deadline = t->timer.deadline_at;
  g_assert_cmpint (deadline, ==, TUE_10 + 86400 + 7 * 3600 + 1800);

  /* Suspended Tuesday 11:00 for a day: the light freezes, the deadline moves by the working
   * time that passed while it was suspended (Tuesday 11:00 -> Wednesday 11:00 = 1 working
   * day = 7 h). */
  APPLY (db, &officer, TUE_10 + 3600, .action = GW_ACTION_SUSPEND, .ticket_id = id, .reason = "等待配件");
  g_assert_cmpint (t->state, ==, GW_STATE_SUSPENDED);
  g_assert_cmpint (gw_stage_timer_light (&t->timer, TUE_10 + 5 * 86400, &next), ==, GW_LIGHT_GREEN);
  g_assert_cmpint (next, ==, 0);
  APPLY (db, &officer, TUE_10 + 86400 + 3600, .action = GW_ACTION_RESUME, .ticket_id = id);
  g_assert_cmpint (t->state, ==, GW_STATE_SIGNED);
  /* Wednesday 17:30 + 7 working hours = Thursday 17:30. */
  g_assert_cmpint (t->timer.deadline_at, ==, deadline + 86400);
  g_assert_cmpint (t->handle_deadline_at, ==, t->timer.deadline_at);

  /* An extension of 2 working hours, requested and approved: Thursday 17:30 + 2 working
   * hours = Friday 11:00. */
  APPLY (db, &handler, TUE_10 + 2 * 86400, .action = GW_ACTION_REQUEST_EXTENSION, .ticket_id = id,
         .reason = "配件未到", .extension_seconds = 2 * 3600);
  g_assert_cmpint (t->extension_seconds, ==, 7200);
  g_assert_cmpint (t->timer.deadline_at, ==, deadline + 86400);
  APPLY (db, &officer, TUE_10 + 2 * 86400 + 60, .action = GW_ACTION_APPROVE_EXTENSION, .ticket_id = id);
  g_assert_cmpint (t->extension_seconds, ==, 0);
  g_assert_cmpint (t->timer.deadline_at, ==, TUE_10 + 3 * 86400 + 3600);
  g_assert_cmpint (t->timer.yellow_at, <, t->timer.red_at);
  g_assert_cmpint (t->timer.red_at, <, t->timer.deadline_at);
}

static void
test_supervise_and_merge (void)
{
  g_autoptr(GwDb) db = fixture ("merge.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  GwActor commander = { "指挥长", GW_ROLE_COMMANDER, DISTRICT, GW_LEVEL_DISTRICT, NULL };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = report (db, "0101", GW_URGENCY_NORMAL, TUE_10);
  gint64 b = report (db, "0101", GW_URGENCY_NORMAL, TUE_10 + 60);

  APPLY (db, &commander, TUE_10 + 100, .action = GW_ACTION_SUPERVISE, .ticket_id = a, .reason = "群众多次反映");
  g_assert_cmpint (t->urgency, ==, GW_URGENCY_URGENT);
  g_assert_cmpint (t->supervise_count, ==, 1);
  APPLY (db, &officer, TUE_10 + 200, .action = GW_ACTION_MERGE, .ticket_id = b, .merge_into = a);
  g_assert_cmpint (t->state, ==, GW_STATE_REJECTED);
  g_assert_cmpint (t->merged_into, ==, a);
  {
    GwCommand c = { .action = GW_ACTION_MERGE, .ticket_id = a, .merge_into = b };
    /* Into a ticket that is no longer open: refused. */
    g_assert_null (gw_db_apply (db, &officer, &c, TUE_10 + 300, NULL, NULL, &error));
    g_assert_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID);
  }
}

static void
test_audit_tamper (void)
{
  g_autoptr(GwDb) db = fixture ("tamper.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *h = gw_db_get_handle (db);
  gint64 broken = 0, n = 0;

  for (int i = 0; i < 5; i++)
    {
      gint64 id = report (db, "0101", GW_URGENCY_NORMAL, TUE_10 + i);
      APPLY (db, &officer, TUE_10 + 10 + i, .action = GW_ACTION_SCREEN, .ticket_id = id);
      APPLY (db, &officer, TUE_10 + 20 + i, .action = GW_ACTION_DISPATCH, .ticket_id = id, .department_code = D1);
    }
  g_assert_true (gw_audit_verify (db, &broken, &n, &error));
  g_assert_cmpint (n, ==, 10);

  /* The log refuses edits through SQL… */
  g_assert_cmpint (sqlite3_exec (h, "UPDATE audit SET actor = '别人' WHERE id = 4", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "DELETE FROM audit WHERE id = 4", NULL, NULL, NULL), !=, SQLITE_OK);
  /* …and whoever goes around that is caught at the first entry they touched. */
  g_assert_cmpint (sqlite3_exec (h, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                                    "UPDATE audit SET actor = '别人' WHERE id = 4", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (gw_audit_verify (db, &broken, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 4);
  g_assert_cmpint (sqlite3_exec (h, "UPDATE audit SET actor = '值班员' WHERE id = 4", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (gw_audit_verify (db, &broken, &n, &error));
  /* A deleted entry in the middle, and one cut off the end. */
  g_assert_cmpint (sqlite3_exec (h, "DELETE FROM audit WHERE id = 7", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (gw_audit_verify (db, &broken, &n, &error));
  g_assert_cmpint (broken, ==, 8);
}

static void
test_audit_tail_cut (void)
{
  g_autoptr(GwDb) db = fixture ("tail.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 broken = 0, n = 0;
  gint64 id = report (db, "0101", GW_URGENCY_NORMAL, TUE_10);

  APPLY (db, &officer, TUE_10 + 10, .action = GW_ACTION_VERIFY, .ticket_id = id);
  APPLY (db, &officer, TUE_10 + 20, .action = GW_ACTION_SCREEN, .ticket_id = id);
  g_assert_cmpint (sqlite3_exec (gw_db_get_handle (db), "DROP TRIGGER audit_no_delete;"
                                 "DELETE FROM audit WHERE id = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (gw_audit_verify (db, &broken, &n, &error));
  g_assert_cmpint (broken, ==, 2);
}

/* Many reports in one second (a burst, a drill whose clock is paused): each gets a number
 * of its own, though the numbers name the second; a number the caller gives is kept, and a
 * clash of it is refused. */
static void
test_report_numbers_one_second (void)
{
  g_autoptr(GwDb) db = fixture ("numbers.db");
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GwTicket) given = gw_ticket_new ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char **keys = NULL;
  const guint n = 2000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();

      t->category_code = g_strdup ("0101");
      t->level = GW_LEVEL_STREET;
      t->lon = 105.5;
      t->lat = 30.5;
      t->description = g_strdup ("同一秒的上报");
      g_assert_true (gw_db_report (db, &officer, t, TUE_10, &error));
      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (numbers, g_strdup (t->number)));
    }
  g_assert_cmpuint (g_hash_table_size (numbers), ==, n);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT count(*), count(DISTINCT number) FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, n);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, n);
  sqlite3_finalize (stmt);

  keys = (char **) g_hash_table_get_keys_as_array (numbers, NULL);
  given->number = g_strdup (keys[0]);
  given->category_code = g_strdup ("0101");
  given->level = GW_LEVEL_STREET;
  given->lon = 105.5;
  given->lat = 30.5;
  given->description = g_strdup ("重号");
  g_assert_false (gw_db_report (db, &officer, given, TUE_10, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_cmpint (given->id, ==, 0);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-workflow-XXXXXX", NULL);
  g_test_add_func ("/workflow/matrix", test_matrix);
  g_test_add_func ("/workflow/refusals-say-why", test_refusals_say_why);
  g_test_add_func ("/workflow/full-loop", test_full_loop);
  g_test_add_func ("/workflow/report-numbers-one-second", test_report_numbers_one_second);
  g_test_add_func ("/workflow/refused-changes-nothing", test_refused_changes_nothing);
  g_test_add_func ("/workflow/escalate-levels", test_escalate_levels);
  g_test_add_func ("/workflow/whistle", test_whistle);
  g_test_add_func ("/workflow/reopen-after-unsatisfied", test_reopen_after_unsatisfied);
  g_test_add_func ("/workflow/suspend-and-extend", test_suspend_and_extend);
  g_test_add_func ("/workflow/supervise-and-merge", test_supervise_and_merge);
  g_test_add_func ("/workflow/audit-tamper", test_audit_tamper);
  g_test_add_func ("/workflow/audit-tail-cut", test_audit_tail_cut);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
