/* test-alarms.c: the alarm center and its banner on the real demo database.
 *
 * A new emergency report shows in the banner within a scan; acknowledging it hides the
 * banner and leaves the acknowledgement in the audit log; a ticket turning red when a
 * manual clock is moved on is an alarm; the sound rings again while an alarm is open; a
 * refusal is said in the banner. Screenshots (tests/app/alarm-banner-<language>*.png in
 * the build directory) are for a person to look at.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-alarm-banner.h"
#include "gw-alarm-center.h"
#include "gw-application.h"
#include "gw-audit.h"
#include "gw-screenshot.h"
#include "gw-workflow.h"

#include "test-util.h"
#include "test-window-util.h"

#define WINDOW_WIDTH  1100
#define WINDOW_HEIGHT 120

static char *tmpdir;
static char *demo_path;

typedef struct {
  GwStore       *store;
  GwClock       *clock;
  GwAlarmCenter *center;
  GtkWindow     *window;
  GwAlarmBanner *banner;
  guint          raised;
  gint64         opened_ticket;
} Fixture;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until condition (f) holds, failing after 30 s. */
static void
wait_until (Fixture   *f,
            gboolean (*condition) (Fixture *f))
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (!condition (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}


static gboolean
is_revealed (Fixture *f)
{
  return gw_alarm_banner_get_revealed (f->banner);
}

static gboolean
is_hidden (Fixture *f)
{
  return !gw_alarm_banner_get_revealed (f->banner);
}

/* Runs func on the store's thread and waits for its result. */
typedef struct {
  gpointer result;
  GError  *error;
  gboolean done;
} Call;

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;

  call->result = gw_store_run_finish (GW_STORE (object), result, &call->error);
  call->done = TRUE;
}

static gpointer
run (Fixture        *f,
     GwStoreFunc     func,
     gpointer        data,
     GDestroyNotify  result_free)
{
  Call call = { 0, };

  gw_store_run_async (f->store, func, data, NULL, result_free, NULL, on_run_done, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (call.error);
  return call.result;
}

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
on_raised (GwAlarmCenter *center,
           GwAlarm       *alarm,
           Fixture       *f)
{
  f->raised++;
}

static void
on_open_ticket (GwAlarmBanner *banner,
                gint64         ticket_id,
                Fixture       *f)
{
  f->opened_ticket = ticket_id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean opened = FALSE;
  GtkWidget *box, *placeholder;

  f->store = gw_store_new ();
  gw_store_open_async (f->store, demo_path, NULL, on_opened, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  /* The demo's history ends at the start of this hour. */
  f->clock = gw_clock_new_manual (g_get_real_time () / G_USEC_PER_SEC);
  f->center = gw_alarm_center_new (f->store, f->clock);
  gw_alarm_center_set_repeat_seconds (f->center, 1);
  g_signal_connect (f->center, "alarm-raised", G_CALLBACK (on_raised), f);

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  f->banner = GW_ALARM_BANNER (gw_alarm_banner_new ());
  gw_alarm_banner_set_center (f->banner, f->center);
  gw_alarm_banner_set_officer (f->banner, "李娜");
  g_signal_connect (f->banner, "open-ticket", G_CALLBACK (on_open_ticket), f);
  placeholder = adw_status_page_new ();
  gtk_widget_set_vexpand (placeholder, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->banner));
  gtk_box_append (GTK_BOX (box), placeholder);
  adw_window_set_content (ADW_WINDOW (f->window), box);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->center);
  gw_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->clock);
}


/* Saves the window as alarm-banner<suffix>-<language>.png, once the revealer has slid. */
static void
screenshot (Fixture    *f,
            const char *suffix)
{
  g_autofree char *name = g_strconcat ("alarm-banner", suffix, NULL);

  test_window_screenshot (GTK_WIDGET (f->window), name, 400);
}

/* What the store's thread does ---------------------------------------------------------- */

typedef struct {
  GwTicket *ticket;
  gint64    now;
} Report;

static gpointer
report_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Report *r = data;
  GwActor center = { "值班员", GW_ROLE_DISTRICT_CENTER, "500223", GW_LEVEL_DISTRICT, NULL };

  return gw_db_report (db, &center, r->ticket, r->now, error) ? gw_ticket_ref (r->ticket) : NULL;
}

static gpointer
audit_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  return gw_audit_list_for_ticket (db, *(gint64 *) data, error);
}

/* The next instant an open ticket's light turns red (and not overdue at once) after now. */
static gpointer
next_red_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 *next = g_new0 (gint64, 1);

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
      "SELECT min(red_at) FROM tickets WHERE state NOT IN ('closed', 'rejected')"
      " AND stage IS NOT NULL AND paused_at IS NULL AND red_at > ? AND deadline_at > red_at",
      -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, *(gint64 *) data);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *next = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return next;
}

static gpointer
ticket_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  return gw_db_get_ticket (db, *(gint64 *) data, error);
}

/* The tests ---------------------------------------------------------------------------- */

static GwTicket *
report_emergency (Fixture *f)
{
  Report r = { gw_ticket_new (), gw_clock_get_now (f->clock) };
  GwTicket *stored;

  r.ticket->source = GW_SOURCE_HOTLINE;
  r.ticket->category_code = g_strdup ("0101");
  r.ticket->urgency = GW_URGENCY_EMERGENCY;
  r.ticket->lon = 105.79;
  r.ticket->lat = 30.19;
  r.ticket->description = g_strdup ("供水管道爆裂");
  r.ticket->address = g_strdup ("桂林街道滨江路 12 号");
  stored = run (f, report_func, &r, (GDestroyNotify) gw_ticket_unref);
  gw_ticket_unref (r.ticket);
  return stored;
}

static void
test_emergency (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GwTicket) ticket = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  GwAuditEntry *last;
  GwAlarm *alarm;
  guint rings;

  /* Nothing open at first: history raises nothing. */
  test_window_spin (300);
  g_assert_false (gw_alarm_banner_get_revealed (f->banner));
  g_assert_cmpuint (gw_alarm_center_get_rings (f->center), ==, 0);

  ticket = report_emergency (f);
  gw_alarm_center_scan_now (f->center);
  wait_until (f, is_revealed);

  alarm = gw_alarm_banner_get_alarm (f->banner);
  g_assert_nonnull (alarm);
  g_assert_cmpint (gw_alarm_get_kind (alarm), ==, GW_ALARM_EMERGENCY);
  g_assert_cmpint (gw_alarm_get_ticket_id (alarm), ==, ticket->id);
  g_assert_nonnull (strstr (gw_alarm_banner_get_message (f->banner), ticket->number));
  g_assert_nonnull (strstr (gw_alarm_banner_get_message (f->banner), "供水管道爆裂"));
  g_assert_true (g_str_has_prefix (gw_alarm_banner_get_message (f->banner),
                                   gw_alarm_kind_label (GW_ALARM_EMERGENCY)));
  g_assert_cmpuint (g_list_model_get_n_items (gw_alarm_center_get_alarms (f->center)), ==, 1);
  g_assert_cmpuint (f->raised, ==, 1);
  g_assert_cmpuint (gw_alarm_center_get_rings (f->center), ==, 1);
  screenshot (f, "");

  /* It rings again while nobody acknowledges it. */
  rings = gw_alarm_center_get_rings (f->center);
  test_window_spin (2200);
  g_assert_cmpuint (gw_alarm_center_get_rings (f->center), >, rings);

  /* The banner opens the ticket. */
  gtk_widget_activate_action (GTK_WIDGET (f->banner), "alarm.open-ticket", NULL);
  g_assert_cmpint (f->opened_ticket, ==, ticket->id);

  /* Acknowledged: the banner goes, the audit log says who and when, the ringing stops. */
  gtk_widget_activate_action (GTK_WIDGET (f->banner), "alarm.acknowledge", NULL);
  wait_until (f, is_hidden);
  g_assert_cmpuint (g_list_model_get_n_items (gw_alarm_center_get_alarms (f->center)), ==, 0);
  audit = run (f, audit_func, &ticket->id, (GDestroyNotify) g_ptr_array_unref);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->action, ==, GW_ALARM_AUDIT_ACTION);
  g_assert_cmpstr (last->actor, ==, "李娜");
  g_assert_cmpint (last->at, ==, gw_clock_get_now (f->clock));
  rings = gw_alarm_center_get_rings (f->center);
  test_window_spin (1500);
  g_assert_cmpuint (gw_alarm_center_get_rings (f->center), ==, rings);

  /* Scanned again, nothing comes back. */
  gw_alarm_center_scan_now (f->center);
  test_window_spin (300);
  g_assert_false (gw_alarm_banner_get_revealed (f->banner));
}

static void
test_turns_red (Fixture       *f,
                gconstpointer  data)
{
  gint64 now = gw_clock_get_now (f->clock);
  g_autofree gint64 *next = NULL;
  g_autoptr(GwTicket) ticket = NULL;
  g_autoptr(GwAlarm) alarm = NULL;
  gint64 ticket_id;

  wait_until (f, is_hidden);
  test_window_spin (300);
  next = run (f, next_red_func, &now, g_free);
  g_assert_cmpint (*next, >, now);
  g_test_message ("the next light turns red %" G_GINT64_FORMAT " s from now", *next - now);

  /* A second before: no light has turned red (a deadline may have passed meanwhile: those
   * alarms are acknowledged first). */
  gw_clock_set_now (f->clock, *next - 1);
  test_window_spin (500);
  while (gw_alarm_banner_get_revealed (f->banner))
    {
      GwAlarm *overdue = gw_alarm_banner_get_alarm (f->banner);
      gint64 id = gw_alarm_get_id (overdue);

      g_assert_cmpint (gw_alarm_get_kind (overdue), ==, GW_ALARM_OVERDUE);
      gtk_widget_activate_action (GTK_WIDGET (f->banner), "alarm.acknowledge", NULL);
      while (gw_alarm_banner_get_alarm (f->banner) && gw_alarm_get_id (gw_alarm_banner_get_alarm (f->banner)) == id)
        g_main_context_iteration (NULL, TRUE);
    }

  /* Moving the clock is enough: the center scans when time jumps. */
  gw_clock_set_now (f->clock, *next);
  wait_until (f, is_revealed);
  alarm = g_object_ref (gw_alarm_banner_get_alarm (f->banner));
  g_assert_cmpint (gw_alarm_get_kind (alarm), ==, GW_ALARM_RED);
  ticket_id = gw_alarm_get_ticket_id (alarm);
  ticket = run (f, ticket_func, &ticket_id, (GDestroyNotify) gw_ticket_unref);
  g_assert_cmpint (ticket->timer.red_at, ==, *next);
  g_assert_cmpint (gw_stage_timer_light (&ticket->timer, *next, NULL), ==, GW_LIGHT_RED);
  g_assert_true (g_str_has_prefix (gw_alarm_banner_get_message (f->banner), gw_alarm_kind_label (GW_ALARM_RED)));
  screenshot (f, "-red");

  /* A day on, many clocks have run out: the oldest is shown, the rest counted. */
  gw_clock_set_now (f->clock, *next + 86400);
  wait_until (f, is_revealed);
  test_window_spin (500);
  {
    guint n = g_list_model_get_n_items (gw_alarm_center_get_alarms (f->center));
    g_autofree char *more = NULL;

    g_test_message ("%u open alarms", n);
    g_assert_cmpuint (n, >, 1);
    /* Still open, still the same object: views bound to it keep it. */
    g_assert_true (gw_alarm_banner_get_alarm (f->banner) == alarm);
    more = g_strdup_printf (ngettext ("+%u more", "+%u more", n - 1), n - 1);
    g_assert_cmpstr (gw_alarm_banner_get_more (f->banner), ==, more);
  }
  screenshot (f, "-more");

  /* Without an officer's name, the refusal is said in the banner and nothing changes. */
  gw_alarm_banner_set_officer (f->banner, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->banner), "alarm.acknowledge", NULL);
  while (*gw_alarm_banner_get_refusal (f->banner) == '\0')
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("refusal: %s", gw_alarm_banner_get_refusal (f->banner));
  g_assert_cmpint (gw_alarm_get_id (gw_alarm_banner_get_alarm (f->banner)), ==, gw_alarm_get_id (alarm));
  screenshot (f, "-refused");

  /* The next one comes up when the first is acknowledged. */
  gw_alarm_banner_set_officer (f->banner, "王芳");
  gtk_widget_activate_action (GTK_WIDGET (f->banner), "alarm.acknowledge", NULL);
  while (gw_alarm_get_id (gw_alarm_banner_get_alarm (f->banner)) == gw_alarm_get_id (alarm))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gw_alarm_banner_get_refusal (f->banner), ==, "");
}

static void
test_volume (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpfloat (gw_alarm_center_get_volume (f->center), ==, 0.8);
  gw_alarm_center_set_volume (f->center, 2.0);
  g_assert_cmpfloat (gw_alarm_center_get_volume (f->center), ==, 1.0);
  g_object_set (f->center, "volume", 0.25, NULL);
  g_assert_cmpfloat (gw_alarm_center_get_volume (f->center), ==, 0.25);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* What AdwApplication does for the app: its style sheet, dark for a control room. */
  gtk_css_provider_load_from_resource (provider, "/org/gridwatch/Gridwatch/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  adw_init ();
  load_style ();

  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "demo.db");

  /* In order, on one database: each test's center starts where the last one stopped. */
  g_test_add ("/alarms/emergency", Fixture, NULL, fixture_set_up, test_emergency, fixture_tear_down);
  g_test_add ("/alarms/turns-red", Fixture, NULL, fixture_set_up, test_turns_red, fixture_tear_down);
  g_test_add ("/alarms/volume", Fixture, NULL, fixture_set_up, test_volume, fixture_tear_down);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
