/* The duty console on the Tongnan-scale county (420,000 tickets), in a real window:
 *  - cold start to an interactive queue (rows painted with their content) and the queue's
 *    first paint, against the same start on an empty database, and against a GListStore
 *    holding every row (what a naive queue would load);
 *  - a filter or a search: from the keystroke (or click) to the repainted queue, p50/p95;
 *  - memory of the running console (RSS) against the database's size.
 * Run under a display (the meson benchmark wraps it in xvfb-run). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-common.h"
#include "gw-console-pane.h"
#include "gw-ticket-list.h"

static double t_main;

typedef struct {
  GMainLoop    *loop;
  GtkWidget    *window;
  GwConsolePane *pane;
  gboolean      waiting_paint;
  gboolean      want_content;
  double        first_paint;     /* ms since t_main */
  double        painted_at;
  gulong        row_handler;
  GwTicketRow  *row;
} Run;

static double frame_start;

static void
on_before_paint (GdkFrameClock *clock,
                 Run           *run)
{
  frame_start = bench_now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  if (frame_start > 0)
    g_debug ("  frame %.1f–%.1f (%.1f ms)", frame_start, bench_now_ms (), bench_now_ms () - frame_start);
  if (!run->waiting_paint)
    return;
  if (run->first_paint == 0)
    run->first_paint = bench_now_ms () - t_main;
  if (run->want_content)
    return;
  run->waiting_paint = FALSE;
  run->painted_at = bench_now_ms ();
  g_main_loop_quit (run->loop);
}

static void
on_row_ticket (GwTicketRow *row,
               GParamSpec  *pspec,
               Run         *run)
{
  run->want_content = FALSE;
  g_debug ("  content at %.1f", bench_now_ms ());
  gtk_widget_queue_draw (run->window);
}

/* After a refresh: wait for the first row's content, then for the frame that shows it. */
static void
on_refreshed (GwTicketList *list,
              guint64       usec,
              Run          *run)
{
  g_autoptr(GwTicketRow) row = g_list_model_get_item (G_LIST_MODEL (list), 0);

  g_debug ("  refreshed at %.1f (job %.1f ms), %u rows", bench_now_ms (), usec / 1000.0, g_list_model_get_n_items (G_LIST_MODEL (list)));

  if (run->row && run->row_handler)
    g_signal_handler_disconnect (run->row, run->row_handler);
  run->row_handler = 0;
  g_clear_object (&run->row);
  run->waiting_paint = TRUE;
  run->want_content = row != NULL && gw_ticket_row_get_ticket (row) == NULL;
  if (run->want_content)
    {
      run->row = g_object_ref (row);
      run->row_handler = g_signal_connect (row, "notify::ticket", G_CALLBACK (on_row_ticket), run);
    }
  gtk_widget_queue_draw (run->window);
}

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

static gboolean
on_timeout (gpointer data)
{
  g_error ("the console did not show its queue in time");
  return G_SOURCE_REMOVE;
}

static void
run_until_painted (Run *run)
{
  guint id = g_timeout_add_seconds (120, on_timeout, NULL);
  g_main_loop_run (run->loop);
  g_source_remove (id);
}

/* A field of /proc/self/status in MiB: VmRSS (all resident memory, the database's pages
 * mapped from the file included) or RssAnon (the process's own). */
static double
status_mib (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(p = strstr (status, field)))
    return -1;
  return g_ascii_strtod (p + strlen (field), NULL) / 1024.0;
}

/* Opens `path` and shows the console on it; returns ms from t_main to the queue painted
 * with content. */
static double
start_console (Run        *run,
               const char *path,
               GwStore   **store_out)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwClock) clock = gw_clock_new_real ();
  GwActor actor = { .name = "bench", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                    .level = GW_LEVEL_DISTRICT };
  gw_store_open_async (store, path, NULL, on_open, run->loop);
  g_main_loop_run (run->loop);

  run->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (run->window), 1920, 1080);
  run->pane = GW_CONSOLE_PANE (gw_console_pane_new ());
  gtk_window_set_child (GTK_WINDOW (run->window), GTK_WIDGET (run->pane));
  gtk_window_present (GTK_WINDOW (run->window));
  /* The console opens on the officer's own queue (the remembered view's default). */
  gw_console_pane_set_store (run->pane, store, clock, &actor);
  g_signal_connect (gw_console_pane_get_list (run->pane), "refreshed", G_CALLBACK (on_refreshed), run);
  g_signal_connect (gtk_widget_get_frame_clock (run->window), "after-paint", G_CALLBACK (on_after_paint), run);
  g_signal_connect (gtk_widget_get_frame_clock (run->window), "before-paint", G_CALLBACK (on_before_paint), run);
  run->first_paint = 0;
  run_until_painted (run);
  *store_out = g_steal_pointer (&store);
  return run->painted_at - t_main;
}

static void
close_console (Run *run)
{
  if (run->row && run->row_handler)
    g_signal_handler_disconnect (run->row, run->row_handler);
  run->row_handler = 0;
  g_clear_object (&run->row);
  gtk_window_destroy (GTK_WINDOW (run->window));
  run->window = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The naive queue: every row in a GListStore, then the same column view's first paint. */
static gpointer
all_rows_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  GwTicketQuery q = { .view = GW_TICKET_VIEW_ALL, .descending = TRUE };
  g_autoptr(GArray) ids = gw_db_query_ticket_ids (db, &q, NULL, 0, error);

  return ids ? gw_db_get_tickets (db, ids, error) : NULL;
}

static void
on_all_rows (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray **out = data;

  if (!(*out = gw_store_read_finish (GW_STORE (object), result, &error)))
    g_error ("%s", error->message);
}

static void
on_store_painted (GdkFrameClock *clock,
                  Run           *run)
{
  if (run->waiting_paint)
    {
      run->waiting_paint = FALSE;
      run->painted_at = bench_now_ms ();
      g_main_loop_quit (run->loop);
    }
}

static void
setup_label (GtkSignalListItemFactory *f,
             GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_label (GtkSignalListItemFactory *f,
            GtkListItem              *item)
{
  GwTicketRow *row = gtk_list_item_get_item (item);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gw_ticket_row_get_ticket (row)->number);
}

static double
list_store_start (const char *path,
                  Run        *run)
{
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GListStore) all = g_list_store_new (GW_TYPE_TICKET_ROW);
  g_autoptr(GPtrArray) tickets = NULL;
  GtkListItemFactory *factory;
  GtkWidget *view, *scroll;
  double t0 = bench_now_ms ();

  gw_store_open_async (store, path, NULL, on_open, run->loop);
  g_main_loop_run (run->loop);
  gw_store_read_async (store, all_rows_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, NULL, on_all_rows, &tickets);
  while (tickets == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_full (tickets->len, g_object_unref);
    for (guint i = 0; i < tickets->len; i++)
      {
        GwTicket *t = g_ptr_array_index (tickets, i);
        GwTicketRow *row = gw_ticket_row_new (t->id);
        gw_ticket_row_set_ticket (row, t, 0);
        g_ptr_array_add (rows, row);
      }
    g_list_store_splice (all, 0, 0, rows->pdata, rows->len);
  }
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (all)))));
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), gtk_column_view_column_new ("Number", factory));
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), view);
  run->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (run->window), 1920, 1080);
  gtk_window_set_child (GTK_WINDOW (run->window), scroll);
  gtk_window_present (GTK_WINDOW (run->window));
  run->waiting_paint = TRUE;
  g_signal_connect (gtk_widget_get_frame_clock (run->window), "after-paint", G_CALLBACK (on_store_painted), run);
  run_until_painted (run);
  gtk_window_destroy (GTK_WINDOW (run->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return run->painted_at - t0;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The page cache: a step starts with the whole file in it, or none of it. */
static void
set_page_cache (const char *path,
                gboolean    cold)
{
  int fd = open (path, O_RDONLY);
  char buf[1 << 16];

  if (fd < 0)
    return;
  if (cold)
    posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  else
    while (read (fd, buf, sizeof buf) > 0)
      ;
  close (fd);
}

/* Every saved view, then searches on "all", then a division filter for the next round. */
static void
run_round (Run        *run,
           guint       round,
           GArray     *latencies,
           const char *db_path,
           gboolean    cold)
{
  static const char *const texts[] = { "漏", "漏水", "路灯", "噪音", "占道", "垃圾", "TN2611", "井盖", "", "油烟" };
  static const char *const divisions[] = { "500223001", "500223002001", NULL, "500223003" };
  GwQueueView *queue = gw_console_pane_get_queue (run->pane);
  GwFilterPane *filters = gw_console_pane_get_filters (run->pane);

  for (guint i = 1; i <= GW_N_TICKET_VIEWS; i++)
    {
      double t0, dt;

      set_page_cache (db_path, cold);
      t0 = bench_now_ms ();
      gw_filter_pane_set_view (filters, i % GW_N_TICKET_VIEWS);
      run_until_painted (run);
      dt = run->painted_at - t0;
      g_debug ("view %s: %.1f ms", gw_ticket_view_to_string (i % GW_N_TICKET_VIEWS), dt);
      g_array_append_val (latencies, dt);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      /* A new word is two keystrokes: clearing the box (which searches at once) and the
       * input method's commit (which searches after the entry's delay). */
      for (guint step = 0; step < 2; step++)
        {
          const char *text = step == 0 ? "" : texts[i];
          double t0, dt;

          if (g_strcmp0 (gw_queue_view_get_text (queue), text) == 0)
            continue;
          set_page_cache (db_path, cold);
          t0 = bench_now_ms ();
          gw_queue_view_set_text (queue, text);
          run_until_painted (run);
          dt = run->painted_at - t0;
          g_debug ("search “%s”: %.1f ms", text, dt);
          g_array_append_val (latencies, dt);
        }
    }
  gw_filter_pane_set_division (filters, divisions[round % G_N_ELEMENTS (divisions)]);
  run_until_painted (run);
  gw_queue_view_set_text (queue, "");
  run_until_painted (run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autofree char *empty_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwStore) empty_store = NULL;
  Run run = { 0 };
  double cold, cold_paint, empty, empty_paint, naive, rss, anon, db_mib, all;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cold_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  GStatBuf st;

  db_path = bench_tongnan_db ();
  {
    /* Migrations happen once, before anything is timed. */
    g_autoptr(GwDb) db = gw_db_open (db_path, &error);
    if (db == NULL)
      g_error ("%s", error->message);
  }
  empty_path = g_build_filename (g_get_tmp_dir (), "gw-bench-console-empty.db", NULL);
  g_unlink (empty_path);
  {
    g_autoptr(GwDb) db = gw_db_open (empty_path, &error);
    if (db == NULL)
      g_error ("%s", error->message);
  }

  t_main = bench_now_ms ();
  gtk_init ();
  adw_init ();
  run.loop = g_main_loop_new (NULL, FALSE);

  cold = start_console (&run, db_path, &store);
  cold_paint = run.first_paint;
  {
    /* Then the whole county, 420,000 rows, the queue's largest result. */
    double t0 = bench_now_ms ();
    gw_filter_pane_set_view (gw_console_pane_get_filters (run.pane), GW_TICKET_VIEW_ALL);
    run_until_painted (&run);
    all = run.painted_at - t0;
  }
  rss = status_mib ("VmRSS:");
  anon = status_mib ("RssAnon:");

  /* Filters and searches, each from the change to the repainted queue: three rounds with
   * the database file in the page cache (a workstation), one with it dropped before each
   * step (this machine's host reclaims the cache of an idle file within seconds). The
   * store maps the file, and a page it has mapped stays: the fourth round measures the
   * pages not touched before. */
  for (guint round = 0; round < 4; round++)
    run_round (&run, round, round == 3 ? cold_latencies : latencies, db_path, round == 3);
  close_console (&run);

  t_main = bench_now_ms ();
  empty = start_console (&run, empty_path, &empty_store);
  empty_paint = run.first_paint;
  close_console (&run);

  naive = list_store_start (db_path, &run);

  g_array_sort (latencies, compare);
  g_array_sort (cold_latencies, compare);
  bench_figure ("console_cold_start_interactive_my_queue", cold, "ms", empty, "ms(empty database)");
  bench_figure ("console_queue_first_paint_my_queue", cold_paint, "ms", empty_paint, "ms(empty database)");
  bench_figure ("console_all_420k_tickets_to_repaint", all, "ms", -1, NULL);
  bench_figure ("console_queue_all_vs_liststore", cold + all, "ms", naive, "ms(GListStore of every row)");
  bench_figure ("console_filter_to_repaint_p50", g_array_index (latencies, double, latencies->len / 2), "ms", -1, NULL);
  bench_figure ("console_filter_to_repaint_p95", g_array_index (latencies, double, (guint) (latencies->len * 0.95)),
                "ms", 100, "ms(target)");
  bench_figure ("console_filter_to_repaint_p95_cache_dropped",
                g_array_index (cold_latencies, double, (guint) (cold_latencies->len * 0.95)), "ms", -1, NULL);
  db_mib = g_stat (db_path, &st) == 0 ? st.st_size / 1048576.0 : -1;
  bench_figure ("console_rss_420k", rss, "MiB", db_mib, "MiB(database file)");
  bench_figure ("console_rss_anon_420k", anon, "MiB", db_mib, "MiB(database file)");
  g_unlink (empty_path);
  return 0;
}
