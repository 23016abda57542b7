/* The drill engine (gw-drill) on the small demo county in real SQLite files:
 *   - preparing a drill never touches the county's file (its SHA-256 before and after a
 *     whole drill), marks the copy, and refuses the county's own file by any name and a
 *     file that is not a drill's copy, leaving both as they were;
 *   - injections record their lag; a refused injection is logged FAILED and the drill goes
 *     on; timed ends (a worker back on duty, a seat's network back) happen; the real timer
 *     on a scaled clock runs a drill to its end by itself;
 *   - the state machine refuses what it must.
 * The score of a scripted drill is test-drill-score.c. The scenarios are built by hand
 * (test-drill-util.h), so that the engine is tested apart from the file format. */
#include "config.h"

#include "test-county.h"
#include "test-drill-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gw-db-private.h"

/* (a) Preparing --------------------------------------------------------------------------- */

static void
test_prepare (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *other = NULL, *alias = NULL, *link = NULL;
  g_autofree char *source = NULL, *sha = NULL, *demo = NULL;
  g_autoptr(GwDb) db = NULL;
  GwScenario *s = scenario_new ("prep", 600);
  Drill d = { 0, };

  add_seat (s, "district", GW_ROLE_DISTRICT_CENTER, NULL, NULL);
  add_report (s, "r1", 60, GRID_1, GW_SOURCE_HOTLINE);

  d.dir = test_county_new ("drill-prep", T0, &d.county, NULL);
  before = file_sha256 (d.county);
  d.path = g_build_filename (d.dir, "drill.db", NULL);

  /* The county's own file, by its name, by another name and through a link: refused. */
  g_assert_false (gw_drill_prepare_database (d.county, d.county, s, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_SAME_FILE);
  g_clear_error (&error);
  alias = g_build_filename (d.dir, ".", "county.db", NULL);
  g_assert_false (gw_drill_prepare_database (d.county, alias, s, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_SAME_FILE);
  g_clear_error (&error);
  link = g_build_filename (d.dir, "link.db", NULL);
  g_assert_cmpint (symlink (d.county, link), ==, 0);
  g_assert_false (gw_drill_prepare_database (d.county, link, s, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_SAME_FILE);
  g_clear_error (&error);

  /* A file that is not a drill's copy: refused and left as it was. */
  other = g_build_filename (d.dir, "other.db", NULL);
  g_assert_true (g_file_set_contents (other, "not a drill", -1, NULL));
  g_assert_false (gw_drill_prepare_database (d.county, other, s, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (other, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "not a drill");
  }

  /* The copy: marked, the county's tokens gone. */
  g_assert_true (gw_drill_prepare_database (d.county, d.path, s, &error));
  g_assert_no_error (error);
  db = gw_db_open (d.path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_db_is_drill (db));
  source = gw_db_get_meta (db, GW_DRILL_META_SOURCE);
  g_assert_true (g_str_has_suffix (source, "county.db"));
  sha = gw_db_get_meta (db, GW_DRILL_META_SHA256);
  g_assert_cmpstr (sha, ==, before);
  {
    g_autofree char *scenario = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);
    g_autofree char *title = gw_db_get_meta (db, GW_DRILL_META_TITLE);
    g_autofree char *started = gw_db_get_meta (db, GW_DRILL_META_STARTED);
    g_assert_cmpstr (scenario, ==, "prep");
    g_assert_cmpstr (title, ==, "测试演练");
    g_assert_cmpint (g_ascii_strtoll (started, NULL, 10), ==, T0);
  }
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tokens"), ==, 0);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM tickets"), >, 0);
  g_clear_pointer (&db, gw_db_free);

  /* A whole drill on the copy. */
  d.scenario = s;
  d.store = open_store (d.path);
  d.clock = gw_clock_new_manual (T0);
  d.drill = gw_drill_new (d.store, s, d.clock);
  d.applied = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  d.failed = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  run_to_end (&d);
  g_clear_object (&d.drill);
  gw_store_close (d.store);
  g_clear_object (&d.store);

  /* Preparing again over a drill's copy replaces it. */
  g_assert_true (gw_drill_prepare_database (d.county, d.path, s, &error));
  g_assert_no_error (error);
  db = gw_db_open (d.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM drill_log"), ==, 0);
  g_clear_pointer (&db, gw_db_free);

  /* No source: the scenario's demo county, its history before the start. */
  demo = g_build_filename (d.dir, "demo-drill.db", NULL);
  g_assert_true (gw_drill_prepare_database (NULL, demo, s, &error));
  g_assert_no_error (error);
  db = gw_db_open (demo, &error);
  g_assert_no_error (error);
  {
    g_autofree char *src = gw_db_get_meta (db, GW_DRILL_META_SOURCE);
    g_assert_cmpstr (src, ==, "demo:small:7");
  }
  g_assert_true (gw_db_is_drill (db));
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM divisions WHERE level = 'grid'"), >, 0);
  g_assert_cmpint (db_int (db, "SELECT max(reported_at) FROM tickets"), <, T0);
  g_clear_pointer (&db, gw_db_free);

  /* The county's bytes never changed, through a whole drill and three copies. */
  after = file_sha256 (d.county);
  g_assert_cmpstr (after, ==, before);

  g_unlink (link);
  g_unlink (other);
  {
    g_autofree char *wal = g_strconcat (demo, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo, "-shm", NULL);
    g_unlink (demo);
    g_unlink (wal);
    g_unlink (shm);
  }
  drill_teardown (&d);
}

/* (d) Lag, failures, timed ends -------------------------------------------------------------- */

static gpointer
worker_duty_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT on_duty + 1 FROM workers WHERE code = ?", error);
  gint64 v = 0;

  sqlite3_bind_text (stmt, 1, WORKER, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return GSIZE_TO_POINTER (v);
}

static gint64
worker_on_duty (Drill *d)
{
  return GPOINTER_TO_SIZE (store_run (d->store, worker_duty_func, NULL, NULL)) - 1;
}

static const GwDrillEvent *
find_event (GPtrArray        *events,
            GwDrillEventKind  kind,
            const char       *ref)
{
  for (guint i = 0; i < events->len; i++)
    {
      const GwDrillEvent *e = g_ptr_array_index (events, i);
      if (e->kind == kind && g_strcmp0 (e->ref, ref) == 0)
        return e;
    }
  return NULL;
}

static void
test_lag_and_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GwDb) db = NULL;
  GwScenario *s = scenario_new ("lag", 600);
  GwInjection *inj, *adhoc;
  const GwDrillEvent *e;
  Drill d = { 0, };
  g_auto(GStrv) dropped = NULL;
  gint64 ticket;

  add_seat (s, "district", GW_ROLE_DISTRICT_CENTER, NULL, NULL);
  add_report (s, "r0", 0, GRID_1, GW_SOURCE_CITIZEN);
  inj = add_report (s, "bad", 30, NULL, GW_SOURCE_CITIZEN);
  inj->lon = 0.5;   /* the Gulf of Guinea: outside the county */
  inj->lat = 0.5;
  inj = add_injection (s, "off", 30, GW_INJECTION_WORKER_OFF);
  inj->worker_code = g_strdup (WORKER);
  inj->duration = 60;
  inj = add_injection (s, "drop", 30, GW_INJECTION_NETWORK_DROP);
  inj->seat = g_strdup ("district");
  inj->duration = 60;
  inj = add_injection (s, "cam", 60, GW_INJECTION_CAMERA_FEED);
  inj->camera_code = g_strdup (CAMERA);
  inj->video = g_strdup ("flood.mp4");
  add_report (s, "r3", 120, GRID_2, GW_SOURCE_CITIZEN);
  drill_setup (&d, "drill-lag", s, NULL);
  g_assert_cmpint (worker_on_duty (&d), ==, 1);

  /* Starting applies what is due at the start at once. */
  g_assert_true (gw_drill_start (d.drill, NULL, &error));
  g_assert_no_error (error);
  poll_drill (d.drill);
  e = find_event (d.applied, GW_DRILL_EVENT_INJECTION, "r0");
  g_assert_nonnull (e);
  g_assert_cmpint (e->ticket_id, >, 0);
  g_assert_cmpint (e->lag_ms, >=, 0);
  g_assert_cmpint (e->lag_ms, <, 60000);

  /* The one outside the county fails alone; the others of the same instant apply. */
  gw_clock_set_now (d.clock, T0 + 30);
  poll_drill (d.drill);
  g_assert_cmpuint (d.failed->len, ==, 1);
  e = g_ptr_array_index (d.failed, 0);
  g_assert_cmpint (e->kind, ==, GW_DRILL_EVENT_FAILED);
  g_assert_cmpstr (e->ref, ==, "bad");
  g_assert_nonnull (strstr (e->payload, "\"reason\":\""));
  g_assert_nonnull (strstr (e->payload, "outside the county"));
  g_assert_nonnull (find_event (d.applied, GW_DRILL_EVENT_INJECTION, "off"));
  g_assert_cmpint (worker_on_duty (&d), ==, 0);
  dropped = gw_drill_dup_dropped_users (d.drill);
  g_assert_cmpstrv (dropped, ((const char *const[]) { "drill-district", NULL }));
  g_clear_pointer (&dropped, g_strfreev);

  /* Ad hoc: a report applied now, a refused one said so (and logged), a note. */
  adhoc = _gw_injection_new ();
  adhoc->kind = GW_INJECTION_REPORT;
  adhoc->id = g_strdup ("adhoc-1");
  adhoc->grid_code = g_strdup (GRID_2);
  adhoc->category_code = g_strdup ("0101");
  _gw_scenario_text_set (&adhoc->description, "A call", "群众来电");
  ticket = inject (d.drill, adhoc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ticket, >, 0);
  g_free (adhoc->grid_code);
  adhoc->grid_code = g_strdup ("999999");
  g_free (adhoc->id);
  adhoc->id = g_strdup ("adhoc-2");
  g_assert_cmpint (inject (d.drill, adhoc, &error), ==, -1);
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION);
  g_clear_error (&error);
  g_assert_cmpuint (d.failed->len, ==, 2);
  gw_injection_free (adhoc);

  /* The drill goes on: the worker back, the network back, the camera, the last report. */
  gw_clock_set_now (d.clock, T0 + 120);
  g_usleep (60 * 1000);
  poll_drill (d.drill);
  g_assert_cmpint (worker_on_duty (&d), ==, 1);
  dropped = gw_drill_dup_dropped_users (d.drill);
  g_assert_cmpuint (g_strv_length (dropped), ==, 0);
  e = find_event (d.applied, GW_DRILL_EVENT_INJECTION, "r3");
  g_assert_nonnull (e);
  g_assert_cmpint (e->lag_ms, >=, 60);
  g_assert_nonnull (find_event (d.applied, GW_DRILL_EVENT_WORLD, "worker_on_duty"));
  g_assert_nonnull (find_event (d.applied, GW_DRILL_EVENT_WORLD, "network_restored"));
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 6);

  g_assert_true (gw_drill_end (d.drill, "trainer", &error));
  g_assert_no_error (error);
  poll_drill (d.drill);
  gw_store_close (d.store);

  db = gw_db_open (d.path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *uri = db_text (db, "SELECT main_uri FROM cameras WHERE gb_id = '" CAMERA "'");
    g_assert_cmpstr (uri, ==, "file:///srv/drills/flood.mp4");
  }
  events = gw_db_list_drill_events (db, 0, &error);
  g_assert_no_error (error);
  /* Every injection of the timeline has one entry; the lag was written with it. */
  for (guint i = 0; i < s->injections->len; i++)
    {
      const GwInjection *x = g_ptr_array_index (s->injections, i);
      guint n = 0;

      for (guint j = 0; j < events->len; j++)
        {
          const GwDrillEvent *ev = g_ptr_array_index (events, j);
          if ((ev->kind == GW_DRILL_EVENT_INJECTION || ev->kind == GW_DRILL_EVENT_FAILED) &&
              g_strcmp0 (ev->ref, x->id) == 0)
            {
              n++;
              g_assert_cmpint (ev->at, ==, T0 + x->at);
            }
        }
      g_assert_cmpuint (n, ==, 1);
    }
  /* The lag is in the file too: the clock reached +120 at least 60 ms before the poll. */
  g_assert_cmpint (db_int (db, "SELECT lag_ms FROM drill_log WHERE ref = 'r3'"), >=, 60);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM drill_log WHERE kind = 'control' AND ref = 'inject'"
                               " AND actor = 'trainer'"), ==, 2);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM drill_log WHERE kind = 'control' AND ref = 'end'"), ==, 1);
  g_assert_cmpint (gw_db_drill_ticket_for (db, "adhoc-1", &error), ==, ticket);
  g_assert_cmpint (gw_db_drill_ticket_for (db, "bad", &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&db, gw_db_free);
  d.scenario = s;
  drill_teardown (&d);
}

/* The real timer: a scaled clock at 60× runs two scenario minutes in two seconds. */
static void
on_state (GObject    *object,
          GParamSpec *pspec,
          gboolean   *ended)
{
  *ended = gw_drill_get_state (GW_DRILL (object)) == GW_DRILL_ENDED;
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_timer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  GwScenario *s = scenario_new ("timer", 120);
  gboolean ended = FALSE, timed_out = FALSE;
  guint timeout;
  Drill d = { 0, };

  add_seat (s, "district", GW_ROLE_DISTRICT_CENTER, NULL, NULL);
  add_report (s, "a", 0, GRID_1, GW_SOURCE_CITIZEN);
  add_report (s, "b", 45, GRID_2, GW_SOURCE_CITIZEN);
  add_injection (s, "c", 90, GW_INJECTION_NOTE);
  drill_setup (&d, "drill-timer", s, gw_clock_new_scaled (T0, 0.0));
  g_signal_connect (d.drill, "notify::state", G_CALLBACK (on_state), &ended);

  g_assert_true (gw_drill_set_speed (d.drill, 60, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gw_clock_get_speed (d.clock), ==, 0.0);   /* still paused: not started */
  g_assert_true (gw_drill_start (d.drill, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gw_clock_get_speed (d.clock), ==, 60.0);
  timeout = g_timeout_add_seconds (20, on_timeout, &timed_out);
  while (!ended && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  g_assert_cmpint (gw_drill_get_state (d.drill), ==, GW_DRILL_ENDED);
  g_assert_cmpfloat (gw_clock_get_speed (d.clock), ==, 0.0);
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 3);
  g_assert_cmpuint (d.notes, ==, 1);
  poll_drill (d.drill);
  gw_store_close (d.store);

  db = gw_db_open (d.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_int (db, "SELECT count(*) FROM drill_log WHERE kind = 'injection'"), ==, 3);
  /* Each applied within a few seconds of falling due, even on a busy machine. */
  g_assert_cmpint (db_int (db, "SELECT max(lag_ms) FROM drill_log WHERE kind = 'injection'"), <, 5000);
  g_assert_cmpint (db_int (db, "SELECT min(lag_ms) FROM drill_log WHERE kind = 'injection'"), >=, 0);
  g_assert_cmpint (db_int (db, "SELECT at FROM drill_log WHERE kind = 'control' AND ref = 'end'"
                               " AND actor = 'scenario'"), ==, T0 + 120);
  g_clear_pointer (&db, gw_db_free);
  drill_teardown (&d);
}

/* (e) The state machine ---------------------------------------------------------------------- */

static void
test_states (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = scenario_new ("states", 600);
  GwInjection *note = _gw_injection_new ();
  Drill d = { 0, };

  add_seat (s, "district", GW_ROLE_DISTRICT_CENTER, NULL, NULL);
  add_report (s, "r1", 300, GRID_1, GW_SOURCE_CITIZEN);
  drill_setup (&d, "drill-states", s, NULL);
  note->kind = GW_INJECTION_NOTE;
  note->id = g_strdup ("x");

  g_assert_cmpint (gw_drill_get_state (d.drill), ==, GW_DRILL_READY);
  g_assert_false (gw_drill_pause (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gw_drill_next (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (inject (d.drill, note, &error), ==, -1);
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gw_drill_set_speed (d.drill, 0, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gw_drill_set_speed (d.drill, 61, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INVALID);
  g_clear_error (&error);
  /* Polling before the start does nothing. */
  poll_drill (d.drill);
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 0);

  g_assert_true (gw_drill_start (d.drill, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gw_drill_start (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (gw_drill_pause (d.drill, NULL, &error));
  g_assert_cmpint (gw_drill_get_state (d.drill), ==, GW_DRILL_PAUSED);
  g_assert_false (gw_drill_pause (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);

  /* Next: the clock jumps to the injection, which a poll applies. */
  g_assert_true (gw_drill_next (d.drill, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_clock_get_now (d.clock), ==, T0 + 300);
  poll_drill (d.drill);
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 1);
  g_assert_false (gw_drill_next (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (gw_drill_start (d.drill, NULL, &error));   /* resumes */
  g_assert_cmpint (gw_drill_get_state (d.drill), ==, GW_DRILL_RUNNING);

  g_assert_true (gw_drill_end (d.drill, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_drill_get_state (d.drill), ==, GW_DRILL_ENDED);
  g_assert_cmpint (gw_drill_get_next_due (d.drill), ==, 0);
  g_assert_false (gw_drill_start (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gw_drill_end (d.drill, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (gw_drill_set_speed (d.drill, 10, NULL, &error));
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (inject (d.drill, note, &error), ==, -1);
  g_assert_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE);
  g_clear_error (&error);
  /* Nothing more happens after the end. */
  gw_clock_set_now (d.clock, T0 + 600);
  poll_drill (d.drill);
  g_assert_cmpuint (gw_drill_get_n_applied (d.drill), ==, 1);

  gw_injection_free (note);
  drill_teardown (&d);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drill/prepare", test_prepare);
  g_test_add_func ("/drill/lag-and-failures", test_lag_and_failures);
  g_test_add_func ("/drill/timer", test_timer);
  g_test_add_func ("/drill/states", test_states);
  return g_test_run ();
}
