/* The duty console during a drill at 60×: the Qiong River flood (thousands of reports in
 * bursts, data/scenarios/qiong-river-flood.json) played in-process by a GwDrill on a
 * drill's copy of the Tongnan-scale county, with the district center's console open on
 * the same store in a real window (the meson benchmark wraps it in xvfb-run).
 *
 * Both phases run on the same console, the same copy and the same stimulus — the queue
 * scrolled a little and the window redrawn on every frame (a tick callback), so frames
 * are produced continuously:
 *   baseline   the drill ready, its clock paused at the scenario's start (no injections),
 *              for GW_BENCH_DRILL_FRAMES_BASELINE real seconds (default 30);
 *   drill      the drill started at 60× for GW_BENCH_DRILL_FRAMES_SECONDS real seconds
 *              (default 75: 75 scenario minutes, the first bursts' rise).
 *
 * Figures (ratio = drill / baseline, higher is worse):
 *   drill-console-frame-p95/p50      ms from the frame clock's before-paint to after-paint;
 *   drill-console-interval-p95       ms between consecutive frames' before-paint;
 *   drill-mainloop-lag-p95           ms a g_timeout_add (50 ms) probe fires late;
 *   drill-injections-applied         report injections the drill applied;
 *   drill-console-injection-lag-p95  the drill log's lag_ms of its injections.
 * Never fails on timing. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "bench-common.h"
#include "gw-console-pane.h"
#include "gw-drill.h"
#include "gw-scenario.h"

#define SPEED       60.0
#define PROBE_MS    50
#define SCROLL_STEP 6.0     /* px per frame, back and forth over SCROLL_SPAN */
#define SCROLL_SPAN 1200.0

typedef struct {
  GArray *frame_ms;     /* before-paint to after-paint */
  GArray *interval_ms;  /* before-paint to the next before-paint */
  GArray *lag_ms;       /* the probe's lateness */
} Phase;

typedef struct {
  GMainLoop     *loop;
  GtkWidget     *window;
  GwConsolePane *pane;
  Phase         *phase;      /* NULL: not measuring */
  double         frame_start;
  double         last_frame_start;
  gint64         probe_due;  /* monotonic µs the probe should fire at */
  guint          probe_id;
  guint          tick_id;
  double         scroll_dir;
  guint          refreshes;
  GArray        *injection_lag;  /* from "applied": every injection's lag_ms */
  guint          reports;        /* … of which reports */
} Run;

/* Helpers --------------------------------------------------------------------------------- */

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, bench_compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) ceil (p * values->len) - (p > 0 ? 1 : 0)));
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".snapshot" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

static gboolean
on_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, on_quit, loop);
  g_main_loop_run (loop);
}

static guint
env_seconds (const char *name,
             guint       fallback)
{
  const char *text = g_getenv (name);
  guint value = text ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;

  return value > 0 ? value : fallback;
}

static Phase *
phase_new (void)
{
  Phase *phase = g_new0 (Phase, 1);

  phase->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  phase->interval_ms = g_array_new (FALSE, FALSE, sizeof (double));
  phase->lag_ms = g_array_new (FALSE, FALSE, sizeof (double));
  return phase;
}

static void
phase_free (Phase *phase)
{
  g_array_unref (phase->frame_ms);
  g_array_unref (phase->interval_ms);
  g_array_unref (phase->lag_ms);
  g_free (phase);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Phase, phase_free)

/* Frames, the stimulus and the probe -------------------------------------------------------- */

static void
on_before_paint (GdkFrameClock *clock,
                 Run           *run)
{
  double now = bench_now_ms ();

  if (run->phase && run->last_frame_start > 0)
    g_array_append_val (run->phase->interval_ms, ((double) { now - run->last_frame_start }));
  run->frame_start = now;
  run->last_frame_start = run->phase ? now : 0;
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  if (run->phase && run->frame_start > 0)
    g_array_append_val (run->phase->frame_ms, ((double) { bench_now_ms () - run->frame_start }));
  run->frame_start = 0;
}

/* Every frame: the queue scrolled a few pixels (back and forth over its first rows, so
 * rows are rebound), and the window redrawn. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));

  if (adj)
    {
      double upper = MIN (SCROLL_SPAN, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      double value = gtk_adjustment_get_value (adj) + run->scroll_dir * SCROLL_STEP;

      if (upper > 0)
        {
          if (value >= upper || value <= 0)
            run->scroll_dir = -run->scroll_dir;
          gtk_adjustment_set_value (adj, CLAMP (value, 0, upper));
        }
    }
  gtk_widget_queue_draw (run->window);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_probe (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (run->phase)
    g_array_append_val (run->phase->lag_ms, ((double) { MAX (0, now - run->probe_due) / 1000.0 }));
  run->probe_due = now + PROBE_MS * 1000;
  run->probe_id = g_timeout_add (PROBE_MS, on_probe, run);
  return G_SOURCE_REMOVE;
}

static void
measure (Run   *run,
         Phase *phase,
         guint  seconds)
{
  run->last_frame_start = 0;
  run->phase = phase;
  run_for (seconds * 1000);
  run->phase = NULL;
}

/* The store, the drill --------------------------------------------------------------------- */

static void
on_open (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    g_error ("%s", error->message);
  g_main_loop_quit (data);
}

static void
on_refreshed (GwTicketList *list,
              guint64       usec,
              Run          *run)
{
  run->refreshes++;
}

static gboolean
is_report (const char *payload)
{
  g_autoptr(JsonNode) node = payload ? json_from_string (payload, NULL) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) &&
         g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "kind", ""),
                    "report") == 0;
}

static void
on_applied (GwDrill            *drill,
            const GwDrillEvent *event,
            Run                *run)
{
  if (event->kind != GW_DRILL_EVENT_INJECTION)
    return;
  g_array_append_val (run->injection_lag, ((double) { event->lag_ms }));
  if (is_report (event->payload))
    run->reports++;
}

/* The drill log, read through the store: (injections' lag_ms, reports). */
typedef struct {
  GArray *lag_ms;
  guint   reports;
  guint   failed;
} Log;

static void
log_free (Log *log)
{
  g_array_unref (log->lag_ms);
  g_free (log);
}

static gpointer
read_log (GwDb     *db,
          gpointer  data,
          GError  **error)
{
  g_autoptr(GPtrArray) events = gw_db_list_drill_events (db, 0, error);
  Log *log;

  if (events == NULL)
    return NULL;
  log = g_new0 (Log, 1);
  log->lag_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < events->len; i++)
    {
      const GwDrillEvent *e = g_ptr_array_index (events, i);

      if (e->kind == GW_DRILL_EVENT_FAILED)
        log->failed++;
      if (e->kind != GW_DRILL_EVENT_INJECTION)
        continue;
      g_array_append_val (log->lag_ms, ((double) { e->lag_ms }));
      if (is_report (e->payload))
        log->reports++;
    }
  return log;
}

static void
on_log (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GError) error = NULL;
  Log **out = data;

  if (!(*out = gw_store_read_finish (GW_STORE (object), result, &error)))
    g_error ("the drill log: %s", error->message);
}

/* The figures ------------------------------------------------------------------------------ */

static void
figure_vs (const char *name,
           double      value,
           double      baseline)
{
  /* ratio = drill / baseline (bench_figure_rate's value / baseline). */
  bench_figure_rate (name, value, "ms", baseline, "ms");
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("GW_BENCH_DIR") ? g_getenv ("GW_BENCH_DIR") : ".";
  guint baseline_s = env_seconds ("GW_BENCH_DRILL_FRAMES_BASELINE", 30);
  guint drill_s = env_seconds ("GW_BENCH_DRILL_FRAMES_SECONDS", 75);
  g_autofree char *county = bench_tongnan_db ();
  g_autofree char *drill_db = g_build_filename (dir, "bench-drill-frames.db", NULL);
  g_autofree char *scenario_path = NULL;
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwClock) clock = NULL;
  g_autoptr(GwDrill) drill = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Phase) base = phase_new ();
  g_autoptr(Phase) live = phase_new ();
  g_autoptr(GArray) injection_lag = g_array_new (FALSE, FALSE, sizeof (double));
  GwActor actor = { .name = "bench", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                    .level = GW_LEVEL_DISTRICT };
  GtkWidget *column_view;
  Run run = { 0 };
  Log *log = NULL;
  gint64 t0;
  guint refreshes_before;

  {
    const char *folder = gw_scenario_get_shipped_folder ();

    if (folder == NULL)
      g_error ("no shipped scenarios folder (GW_SCENARIO_DIR)");
    scenario_path = g_build_filename (folder, "qiong-river-flood.json", NULL);
  }
  scenario = gw_scenario_new_from_file (scenario_path, NULL, &error);
  if (scenario == NULL)
    g_error ("%s: %s", scenario_path, error->message);

  /* The drill's copy of the county, made before anything is timed. */
  t0 = g_get_monotonic_time ();
  remove_db (drill_db);
  if (!gw_drill_prepare_database (county, drill_db, scenario, &error))
    g_error ("the drill's copy: %s", error->message);
  printf ("# the drill's copy of the county made in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  fflush (stdout);

  gtk_init ();
  adw_init ();
  run.loop = g_main_loop_new (NULL, FALSE);
  run.scroll_dir = 1;
  run.injection_lag = injection_lag;

  store = gw_store_new ();
  gw_store_open_async (store, drill_db, NULL, on_open, run.loop);
  g_main_loop_run (run.loop);

  /* The drill, as the app's launcher makes it: a scaled clock paused at the start. */
  clock = gw_clock_new_scaled (scenario->start, 0);
  drill = gw_drill_new (store, scenario, clock);
  g_signal_connect (drill, "applied", G_CALLBACK (on_applied), &run);

  /* The district center's console on the drill's store, in a real window. */
  run.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (run.window), 1920, 1080);
  run.pane = GW_CONSOLE_PANE (gw_console_pane_new ());
  gtk_window_set_child (GTK_WINDOW (run.window), GTK_WIDGET (run.pane));
  gtk_window_present (GTK_WINDOW (run.window));
  gw_console_pane_set_store (run.pane, store, clock, &actor);
  g_signal_connect (gw_console_pane_get_list (run.pane), "refreshed", G_CALLBACK (on_refreshed), &run);
  g_signal_connect (gtk_widget_get_frame_clock (run.window), "before-paint", G_CALLBACK (on_before_paint), &run);
  g_signal_connect (gtk_widget_get_frame_clock (run.window), "after-paint", G_CALLBACK (on_after_paint), &run);

  /* Settle: the queue's first refresh, then a few seconds for its rows' content. */
  t0 = g_get_monotonic_time ();
  while (run.refreshes == 0 && g_get_monotonic_time () - t0 < 120 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (run.refreshes == 0)
    g_error ("the console did not show its queue in time");
  run_for (3000);
  printf ("# console up in %.1f s, %u rows in the district center's queue\n",
          (g_get_monotonic_time () - t0) / 1e6,
          g_list_model_get_n_items (G_LIST_MODEL (gw_console_pane_get_list (run.pane))));
  fflush (stdout);

  /* The stimulus and the probe, for both phases. */
  column_view = GTK_WIDGET (gw_queue_view_get_column_view (gw_console_pane_get_queue (run.pane)));
  run.tick_id = gtk_widget_add_tick_callback (column_view, on_tick, &run, NULL);
  run.probe_due = g_get_monotonic_time () + PROBE_MS * 1000;
  run.probe_id = g_timeout_add (PROBE_MS, on_probe, &run);
  run_for (1000);

  /* Baseline: the drill ready, its clock paused. */
  refreshes_before = run.refreshes;
  measure (&run, base, baseline_s);
  printf ("# baseline: %u s paused, %u frames, %u probes, %u queue refreshes\n", baseline_s,
          base->frame_ms->len, base->lag_ms->len, run.refreshes - refreshes_before);
  fflush (stdout);

  /* The drill at 60×. */
  if (!gw_drill_set_speed (drill, SPEED, "bench", &error) || !gw_drill_start (drill, "bench", &error))
    g_error ("cannot start the drill: %s", error->message);
  refreshes_before = run.refreshes;
  measure (&run, live, drill_s);
  printf ("# drill: %u s at %.0fx, %u frames, %u probes, %u queue refreshes, %u injections handled"
          " (%u reports via \"applied\"), %u rows in the queue\n",
          drill_s, SPEED, live->frame_ms->len, live->lag_ms->len, run.refreshes - refreshes_before,
          gw_drill_get_n_applied (drill), run.reports,
          g_list_model_get_n_items (G_LIST_MODEL (gw_console_pane_get_list (run.pane))));
  fflush (stdout);

  if (!gw_drill_end (drill, "bench", &error))
    g_error ("cannot end the drill: %s", error->message);
  gtk_widget_remove_tick_callback (column_view, run.tick_id);
  g_clear_handle_id (&run.probe_id, g_source_remove);

  /* The drill log: every injection and its lag. */
  run_for (500);
  gw_store_read_async (store, read_log, NULL, NULL, (GDestroyNotify) log_free, NULL, on_log, &log);
  while (log == NULL)
    g_main_context_iteration (NULL, TRUE);
  printf ("# drill log: %u injections (%u reports), %u failed; \"applied\" saw %u injections\n",
          log->lag_ms->len, log->reports, log->failed, injection_lag->len);

  printf ("# frame interval p50 %.1f ms baseline %.1f ms; frame p50 %.2f ms baseline %.2f ms\n",
          percentile (live->interval_ms, 0.5), percentile (base->interval_ms, 0.5),
          percentile (live->frame_ms, 0.5), percentile (base->frame_ms, 0.5));
  figure_vs ("drill-console-frame-p95", percentile (live->frame_ms, 0.95), percentile (base->frame_ms, 0.95));
  figure_vs ("drill-console-frame-p50", percentile (live->frame_ms, 0.5), percentile (base->frame_ms, 0.5));
  figure_vs ("drill-console-frame-max", percentile (live->frame_ms, 1.0), percentile (base->frame_ms, 1.0));
  figure_vs ("drill-console-interval-p95", percentile (live->interval_ms, 0.95), percentile (base->interval_ms, 0.95));
  figure_vs ("drill-mainloop-lag-p95", percentile (live->lag_ms, 0.95), percentile (base->lag_ms, 0.95));
  figure_vs ("drill-mainloop-lag-max", percentile (live->lag_ms, 1.0), percentile (base->lag_ms, 1.0));
  bench_figure ("drill-injections-applied", log->reports, "reports", -1, NULL);
  bench_figure ("drill-console-injection-lag-p95", percentile (log->lag_ms, 0.95), "ms", 1000, "ms(target)");

  log_free (log);
  gtk_window_destroy (GTK_WINDOW (run.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&drill);
  gw_store_close (store);
  g_clear_object (&store);
  g_main_loop_unref (run.loop);
  remove_db (drill_db);
  return 0;
}
