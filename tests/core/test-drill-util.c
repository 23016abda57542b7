/* test-drill-util.c: what the drill tests share (test-drill-util.h). */
#include "config.h"

#include "test-county.h"
#include "test-drill-util.h"

/* Waiting ------------------------------------------------------------------------------ */

void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
}

GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

GwStore *
open_store (const char *path)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  gw_store_open_async (store, path, NULL, on_done, &w);
  g_assert_true (gw_store_open_finish (store, wait_for (&w), &error));
  g_assert_no_error (error);
  g_object_unref (w.result);
  return g_steal_pointer (&store);
}

gpointer
store_run (GwStore     *store,
           GwStoreFunc  func,
           gpointer     data,
           GError     **error)
{
  Wait w = { NULL };
  gpointer result;

  gw_store_run_async (store, func, data, NULL, NULL, NULL, on_done, &w);
  result = gw_store_run_finish (store, wait_for (&w), error);
  g_object_unref (w.result);
  return result;
}

void
poll_drill (GwDrill *drill)
{
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  gw_drill_poll_async (drill, NULL, on_done, &w);
  g_assert_true (gw_drill_poll_finish (drill, wait_for (&w), &error));
  g_assert_no_error (error);
  g_object_unref (w.result);
}

gint64
inject (GwDrill           *drill,
        const GwInjection *injection,
        GError           **error)
{
  Wait w = { NULL };
  gint64 id;

  gw_drill_inject_async (drill, injection, "trainer", NULL, on_done, &w);
  id = gw_drill_inject_finish (drill, wait_for (&w), error);
  g_object_unref (w.result);
  return id;
}

char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
}

gint64
db_int (GwDb       *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
db_text (GwDb       *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Scenarios by hand -------------------------------------------------------------------- */

GwScenario *
scenario_new (const char *id,
              gint64      duration)
{
  GwScenario *s = _gw_scenario_new ();

  s->id = g_strdup (id);
  _gw_scenario_text_set (&s->title, "Test drill", "测试演练");
  s->profile = g_strdup ("small");
  s->seed = 7;
  s->start = T0;
  s->speed = 60;
  s->duration = duration;
  s->folder = g_strdup ("/srv/drills");
  return s;
}

void
add_seat (GwScenario *s,
          const char *id,
          GwRole      role,
          const char *division,
          const char *department)
{
  GwScenarioSeat *seat = g_new0 (GwScenarioSeat, 1);

  seat->id = g_strdup (id);
  seat->role = role;
  seat->division_code = g_strdup (division);
  seat->department_code = g_strdup (department);
  seat->username = g_strconcat ("drill-", id, NULL);
  seat->password = g_strdup ("drill-password");
  g_ptr_array_add (s->seats, seat);
}

GwInjection *
add_injection (GwScenario      *s,
               const char      *id,
               gint64           at,
               GwInjectionKind  kind)
{
  GwInjection *inj = _gw_injection_new ();

  inj->id = g_strdup (id);
  inj->at = at;
  inj->kind = kind;
  g_ptr_array_add (s->injections, inj);
  return inj;
}

GwInjection *
add_report (GwScenario *s,
            const char *id,
            gint64      at,
            const char *grid,
            GwSource    source)
{
  GwInjection *inj = add_injection (s, id, at, GW_INJECTION_REPORT);

  inj->grid_code = g_strdup (grid);
  inj->category_code = g_strdup ("0504");
  inj->source = source;
  _gw_scenario_text_set (&inj->description, "A drill report", "演练上报的事件");
  return inj;
}

GwExpectation *
add_expect (GwScenario   *s,
            const char   *id,
            GwExpectKind  kind,
            const char   *ticket,
            gint64        within,
            const char   *seat,
            guint         points)
{
  GwExpectation *x = g_new0 (GwExpectation, 1);

  x->id = g_strdup (id);
  x->kind = kind;
  x->ticket = g_strdup (ticket);
  x->within = within;
  x->seat = g_strdup (seat);
  x->points = points;
  x->level = GW_LEVEL_DISTRICT;
  _gw_scenario_text_set (&x->title, id, NULL);
  g_ptr_array_add (s->expectations, x);
  return x;
}


static GwDrillEvent *
event_copy (const GwDrillEvent *e)
{
  GwDrillEvent *copy = g_memdup2 (e, sizeof *e);

  copy->ref = g_strdup (e->ref);
  copy->actor = g_strdup (e->actor);
  copy->payload = g_strdup (e->payload);
  return copy;
}

static void
on_applied (GwDrill            *drill,
            const GwDrillEvent *event,
            Drill              *d)
{
  g_ptr_array_add (d->applied, event_copy (event));
}

static void
on_failed (GwDrill            *drill,
           const GwDrillEvent *event,
           Drill              *d)
{
  g_ptr_array_add (d->failed, event_copy (event));
}

static void
on_note (GwDrill           *drill,
         const GwInjection *note,
         Drill             *d)
{
  g_assert_cmpint (note->kind, ==, GW_INJECTION_NOTE);
  d->notes++;
}

void
drill_setup (Drill      *d,
             const char *tag,
             GwScenario *scenario,
             GwClock    *clock)
{
  g_autoptr(GError) error = NULL;

  d->dir = test_county_new (tag, T0, &d->county, NULL);
  d->path = g_build_filename (d->dir, "drill.db", NULL);
  d->scenario = scenario;
  g_assert_true (gw_drill_prepare_database (d->county, d->path, scenario, &error));
  g_assert_no_error (error);
  d->store = open_store (d->path);
  d->clock = clock ? clock : gw_clock_new_manual (T0);
  d->drill = gw_drill_new (d->store, scenario, d->clock);
  d->applied = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  d->failed = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  g_signal_connect (d->drill, "applied", G_CALLBACK (on_applied), d);
  g_signal_connect (d->drill, "failed", G_CALLBACK (on_failed), d);
  g_signal_connect (d->drill, "note", G_CALLBACK (on_note), d);
}

void
drill_teardown (Drill *d)
{
  g_clear_object (&d->drill);
  g_clear_object (&d->clock);
  if (d->store)
    gw_store_close (d->store);
  g_clear_object (&d->store);
  g_clear_pointer (&d->scenario, gw_scenario_unref);
  g_clear_pointer (&d->applied, g_ptr_array_unref);
  g_clear_pointer (&d->failed, g_ptr_array_unref);
  g_free (d->county);
  g_free (d->path);
  test_county_remove (d->dir);
}

/* Runs the drill to its end: the clock stepped to each due instant, polled there. */
void
run_to_end (Drill *d)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_drill_start (d->drill, NULL, &error));
  g_assert_no_error (error);
  poll_drill (d->drill);
  while (gw_drill_get_state (d->drill) != GW_DRILL_ENDED)
    {
      gint64 next = gw_drill_get_next_due (d->drill);

      g_assert_cmpint (next, >, gw_clock_get_now (d->clock));
      gw_clock_set_now (d->clock, next);
      poll_drill (d->drill);
    }
}

