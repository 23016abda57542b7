/* The duty console's alarms on the small demo county in a real SQLite file: emergencies
 * and supervision notices from the change log, red and overdue lights as time is moved by
 * hand (checked against the lights evaluated ticket by ticket in C), each raised once, and
 * acknowledgements in the audit log. */
#include "config.h"

#include "test-county.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gw-alarms.h"
#include "gw-audit.h"
#include "gw-demo.h"
#include "gw-ticket-query.h"
#include "gw-workflow.h"

#define NOW G_GINT64_CONSTANT (1795330800)

static char *tmpdir;
static GwDb *db;
static gint64 seq;       /* where the next scan starts in the change log */
static gint64 scan_now;  /* the instant of the last scan */

static const GwActor center = {
  .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223", .level = GW_LEVEL_DISTRICT,
};

static const GwActor commander = {
  .name = "指挥长", .role = GW_ROLE_COMMANDER, .division_code = "500223", .level = GW_LEVEL_DISTRICT,
};

static GPtrArray *
scan (gint64 now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *raised = gw_db_scan_alarms (db, seq, now, &seq, &error);

  g_assert_no_error (error);
  g_assert_nonnull (raised);
  scan_now = now;
  return raised;
}

static GwAlarm *
find (GPtrArray   *alarms,
      gint64       ticket_id,
      GwAlarmKind  kind)
{
  for (guint i = 0; i < alarms->len; i++)
    {
      GwAlarm *a = g_ptr_array_index (alarms, i);
      if (gw_alarm_get_ticket_id (a) == ticket_id && gw_alarm_get_kind (a) == kind)
        return a;
    }
  return NULL;
}

static guint
count_for (GPtrArray *alarms,
           gint64     ticket_id)
{
  guint n = 0;

  for (guint i = 0; i < alarms->len; i++)
    n += gw_alarm_get_ticket_id (g_ptr_array_index (alarms, i)) == ticket_id;
  return n;
}

static void
test_kinds (void)
{
  for (guint k = 0; k < GW_N_ALARM_KINDS; k++)
    {
      GwAlarmKind back;

      g_assert_true (gw_alarm_kind_from_string (gw_alarm_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
      g_assert_nonnull (gw_alarm_kind_label (k));
    }
  {
    GwAlarmKind k;
    g_assert_false (gw_alarm_kind_from_string ("yellow", &k));
    g_assert_false (gw_alarm_kind_from_string (NULL, &k));
  }
}

static void
test_first_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GPtrArray) open = NULL;
  gint64 last = gw_db_get_last_change (db, &error);
  gint64 counts[GW_N_TICKET_VIEWS];

  /* History raises nothing, though the county has red, overdue and supervised tickets. */
  g_assert_true (gw_db_count_ticket_views (db, &center, NOW, counts, &error));
  g_assert_cmpint (counts[GW_TICKET_VIEW_RED_OVERDUE], >, 0);
  raised = gw_db_scan_alarms (db, -1, NOW, &seq, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 0);
  g_assert_cmpint (seq, ==, last);
  scan_now = NOW;
  open = gw_db_list_open_alarms (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);
}

static void
test_emergency (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) report = gw_ticket_new ();
  g_autoptr(GwTicket) quiet = gw_ticket_new ();
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GwAlarm) stored = NULL;
  GwAuditEntry *last;
  GwAlarm *alarm;
  gint64 now = scan_now + 60, first_broken = 0, n_entries = 0, resume_seq;

  report->source = GW_SOURCE_HOTLINE;
  report->category_code = g_strdup ("0101");
  report->urgency = GW_URGENCY_EMERGENCY;
  report->lon = 105.79;
  report->lat = 30.19;
  report->description = g_strdup ("桂林街道供水管道爆裂，路面积水");
  g_assert_true (gw_db_report (db, &center, report, now, &error));
  g_assert_no_error (error);
  /* An ordinary report is no alarm. */
  quiet->source = GW_SOURCE_HOTLINE;
  quiet->category_code = g_strdup ("0101");
  quiet->urgency = GW_URGENCY_NORMAL;
  quiet->lon = 105.79;
  quiet->lat = 30.19;
  quiet->description = g_strdup ("路灯不亮");
  g_assert_true (gw_db_report (db, &center, quiet, now, &error));

  resume_seq = seq;
  raised = scan (now);
  g_assert_cmpuint (raised->len, ==, 1);
  alarm = g_ptr_array_index (raised, 0);
  g_assert_cmpint (gw_alarm_get_kind (alarm), ==, GW_ALARM_EMERGENCY);
  g_assert_cmpint (gw_alarm_get_ticket_id (alarm), ==, report->id);
  g_assert_cmpstr (gw_alarm_get_ticket_number (alarm), ==, report->number);
  g_assert_cmpstr (gw_alarm_get_ticket_description (alarm), ==, report->description);
  g_assert_cmpint (gw_alarm_get_raised_at (alarm), ==, now);
  g_assert_cmpint (gw_alarm_get_acknowledged_at (alarm), ==, 0);

  /* Raised once: neither the next scan nor a scan of the same changes raises it again. */
  again = scan (now + 2);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);
  again = gw_db_scan_alarms (db, resume_seq, now + 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  open = gw_db_list_open_alarms (db, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);

  /* Acknowledged by a named officer, once, and audited. */
  g_assert_false (gw_db_acknowledge_alarm (db, gw_alarm_get_id (alarm), "  ", now + 10, &error));
  g_assert_error (error, GW_ALARM_ERROR, GW_ALARM_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (gw_db_acknowledge_alarm (db, 99999, "李娜", now + 10, &error));
  g_assert_error (error, GW_ALARM_ERROR, GW_ALARM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gw_db_acknowledge_alarm (db, gw_alarm_get_id (alarm), "李娜", now + 10, &error));
  g_assert_no_error (error);
  g_assert_false (gw_db_acknowledge_alarm (db, gw_alarm_get_id (alarm), "王芳", now + 11, &error));
  g_assert_error (error, GW_ALARM_ERROR, GW_ALARM_ERROR_ACKNOWLEDGED);
  g_assert_nonnull (strstr (error->message, "李娜"));
  g_clear_error (&error);

  open = gw_db_list_open_alarms (db, &error);
  g_assert_cmpuint (open->len, ==, 0);
  stored = gw_db_get_alarm (db, gw_alarm_get_id (alarm), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_alarm_get_acknowledged_at (stored), ==, now + 10);
  g_assert_cmpstr (gw_alarm_get_acknowledged_by (stored), ==, "李娜");

  audit = gw_audit_list_for_ticket (db, report->id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->action, ==, GW_ALARM_AUDIT_ACTION);
  g_assert_cmpstr (last->actor, ==, "李娜");
  g_assert_cmpint (last->at, ==, now + 10);
  g_assert_cmpstr (last->reason, ==, "emergency");
  g_assert_true (gw_audit_verify (db, &first_broken, &n_entries, &error));
  g_assert_no_error (error);
}

static GwLight
light_at (const GwTicket *t,
          gint64          now)
{
  return gw_ticket_state_is_open (t->state) ? gw_stage_timer_light (&t->timer, now, NULL) : GW_LIGHT_NONE;
}

/* The alarms a step of time from `from` to `to` must raise, ticket by ticket. */
static void
expected_lights (GPtrArray *tickets,
                 gint64     from,
                 gint64     to,
                 GArray    *red,
                 GArray    *overdue)
{
  for (guint i = 0; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);
      GwLight before = light_at (t, from), after = light_at (t, to);

      if (after == GW_LIGHT_OVERDUE && before < GW_LIGHT_OVERDUE)
        g_array_append_val (overdue, t->id);
      else if (after == GW_LIGHT_RED && before < GW_LIGHT_RED)
        g_array_append_val (red, t->id);
    }
}

static void
test_lights (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = gw_db_query_ticket_ids (db, &(GwTicketQuery) { .descending = TRUE }, NULL, NOW, &error);
  g_autoptr(GPtrArray) tickets = gw_db_get_tickets (db, all, &error);
  static const gint64 steps[] = { 600, 3600, 6 * 3600, 86400, 3 * 86400 };
  guint total_red = 0, total_overdue = 0;

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(GArray) red = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) overdue = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) raised = NULL;
      gint64 from = scan_now, to = scan_now + steps[s];
      guint n_red = 0, n_overdue = 0;

      expected_lights (tickets, from, to, red, overdue);
      raised = scan (to);
      for (guint i = 0; i < raised->len; i++)
        {
          GwAlarm *a = g_ptr_array_index (raised, i);

          g_assert_cmpint (gw_alarm_get_raised_at (a), ==, to);
          n_red += gw_alarm_get_kind (a) == GW_ALARM_RED;
          n_overdue += gw_alarm_get_kind (a) == GW_ALARM_OVERDUE;
          g_assert_true (gw_alarm_get_kind (a) == GW_ALARM_RED || gw_alarm_get_kind (a) == GW_ALARM_OVERDUE);
        }
      g_test_message ("%" G_GINT64_FORMAT " s on: %u red, %u overdue", steps[s], n_red, n_overdue);
      g_assert_cmpuint (n_red, ==, red->len);
      g_assert_cmpuint (n_overdue, ==, overdue->len);
      for (guint i = 0; i < red->len; i++)
        g_assert_nonnull (find (raised, g_array_index (red, gint64, i), GW_ALARM_RED));
      for (guint i = 0; i < overdue->len; i++)
        g_assert_nonnull (find (raised, g_array_index (overdue, gint64, i), GW_ALARM_OVERDUE));
      total_red += n_red;
      total_overdue += n_overdue;
    }
  /* Three days and a bit of an untouched county: clocks run out. */
  g_assert_cmpuint (total_red, >, 0);
  g_assert_cmpuint (total_overdue, >, 0);

  /* Time that goes back and forth again raises nothing twice. */
  {
    g_autoptr(GPtrArray) back = scan (scan_now - 2 * 86400);
    g_autoptr(GPtrArray) forth = NULL;

    g_assert_cmpuint (back->len, ==, 0);
    forth = scan (scan_now + 2 * 86400);
    g_assert_cmpuint (forth->len, ==, 0);
  }
}

static void
test_supervise (void)
{
  g_autoptr(GError) error = NULL;
  GwTicketQuery q = { .states = 1u << GW_STATE_HANDLING, .urgencies = 1u << GW_URGENCY_NORMAL, .descending = TRUE };
  g_autoptr(GArray) ids = gw_db_query_ticket_ids (db, &q, NULL, scan_now, &error);
  g_autoptr(GPtrArray) raised = NULL;
  gint64 id, now = scan_now + 60;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  id = g_array_index (ids, gint64, 0);
  for (guint round = 1; round <= 2; round++)
    {
      GwCommand c = { .action = GW_ACTION_SUPERVISE, .ticket_id = id, .reason = "群众反映多次未处理" };
      g_autoptr(GwTicket) t = gw_db_apply (db, &commander, &c, now, NULL, NULL, &error);
      GwAlarm *notice;

      g_assert_no_error (error);
      g_clear_pointer (&raised, g_ptr_array_unref);
      raised = scan (now);
      notice = find (raised, id, GW_ALARM_SUPERVISE);
      g_assert_nonnull (notice);
      /* Supervision raises the urgency: normal, urgent, then an emergency, which is news too. */
      g_assert_cmpuint (count_for (raised, id), ==, round == 2 ? 2 : 1);
      if (round == 2)
        g_assert_nonnull (find (raised, id, GW_ALARM_EMERGENCY));
      now += 60;
    }
  /* Another change to the ticket (a seat replacing it with the server's copy) is no new
   * notice. */
  {
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GwTicket) touched = gw_db_get_ticket (db, id, &error);

    g_assert_no_error (error);
    touched->updated_at = now;
    g_assert_true (gw_db_upsert_ticket (db, touched, &error));
    g_assert_no_error (error);
    none = scan (now);
    g_assert_cmpuint (count_for (none, id), ==, 0);
  }
}

static void
test_uses_index (void)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  /* The light scan reads the open tickets' thresholds from the partial indexes. */
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
      "EXPLAIN QUERY PLAN SELECT t.id FROM tickets t"
      " WHERE t.state NOT IN ('closed', 'rejected') AND t.red_at > ?1"
      " AND t.red_at <= COALESCE(t.paused_at, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "tickets_open_red"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("alarms", NOW, NULL, &db);

  /* In order: each starts where the previous one left the county and its clock. */
  g_test_add_func ("/alarms/kinds", test_kinds);
  g_test_add_func ("/alarms/first-scan", test_first_scan);
  g_test_add_func ("/alarms/emergency", test_emergency);
  g_test_add_func ("/alarms/lights", test_lights);
  g_test_add_func ("/alarms/supervise", test_supervise);
  g_test_add_func ("/alarms/uses-index", test_uses_index);
  ret = g_test_run ();

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
