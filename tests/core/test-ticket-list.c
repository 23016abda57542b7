/* The queue's list model over a real store: the result of its query in order, rows loaded
 * when asked for, one items-changed for a new ticket at the top, a held row reloaded when
 * its ticket moves on, and lights that change when the clock reaches a threshold. */
#include "config.h"

#include "test-county.h"

#include <glib/gstdio.h>

#include "gw-demo.h"
#include "gw-ticket-list.h"

#define NOW G_GINT64_CONSTANT (1795330800)

static char *tmpdir;
static char *path;

typedef struct {
  GMainLoop *loop;
  guint      changes;
  guint      position, removed, added;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *w)
{
  w->changes++;
  w->position = position;
  w->removed = removed;
  w->added = added;
}

static void
on_refreshed (GwTicketList *list,
              guint64       usec,
              Watch        *w)
{
  g_main_loop_quit (w->loop);
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

static void
run (Watch *w)
{
  guint id = g_timeout_add_seconds (30, on_timeout, NULL);
  g_main_loop_run (w->loop);
  g_source_remove (id);
}

static void
on_store_open (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (data);
}

static void
on_notify_quit (GObject    *object,
                GParamSpec *pspec,
                GMainLoop  *loop)
{
  g_main_loop_quit (loop);
}

typedef struct {
  GwActor   actor;
  GwCommand command;
  GwTicket *report;
} Job;

static gpointer
apply_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Job *job = data;

  if (job->report)
    return gw_db_report (db, &job->actor, job->report, NOW, error) ? gw_ticket_ref (job->report) : NULL;
  return gw_db_apply (db, &job->actor, &job->command, NOW, NULL, NULL, error);
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_store_run_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data);
}

static void
test_list (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GwStore) store = gw_store_new ();
  g_autoptr(GwClock) clock = gw_clock_new_manual (NOW);
  g_autoptr(GwTicketList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GwTicketRow) first = NULL;
  g_autoptr(GwTicketRow) held = NULL;
  g_autoptr(GwDb) db = NULL;
  GwActor center = { .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
                     .level = GW_LEVEL_DISTRICT };
  GwTicketQuery q = { .view = GW_TICKET_VIEW_ALL, .descending = TRUE };
  Watch w = { loop };
  gint64 first_id, next;
  guint n;

  gw_store_open_async (store, path, NULL, on_store_open, loop);
  g_main_loop_run (loop);

  list = gw_ticket_list_new (store, clock);
  gw_ticket_list_set_actor (list, &center);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &w);
  g_signal_connect (list, "refreshed", G_CALLBACK (on_refreshed), &w);
  gw_ticket_list_set_query (list, &q);
  g_assert_true (gw_ticket_list_get_loading (list));
  run (&w);
  g_assert_false (gw_ticket_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4000);
  g_assert_cmpuint (w.changes, ==, 1);

  /* The same ids as the query, in order. */
  db = gw_db_open (path, &error);
  g_assert_no_error (error);
  expected = gw_db_query_ticket_ids (db, &q, &center, NOW, &error);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(GwTicketRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpint (gw_ticket_row_get_id (row), ==, g_array_index (expected, gint64, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 4000));

  /* A row is loaded when asked for. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  if (gw_ticket_row_get_ticket (first) == NULL)
    {
      gulong id = g_signal_connect (first, "notify::ticket", G_CALLBACK (on_notify_quit), loop);
      g_main_loop_run (loop);
      g_signal_handler_disconnect (first, id);
    }
  g_assert_nonnull (gw_ticket_row_get_ticket (first));
  first_id = gw_ticket_row_get_id (first);
  g_assert_cmpint (gw_ticket_row_get_ticket (first)->id, ==, first_id);
  g_assert_cmpint (gw_ticket_list_find (list, first_id), ==, 0);
  g_assert_cmpint (gw_ticket_list_find (list, -5), ==, -1);

  /* Filtering to the open tickets: the list shrinks in one signal. */
  q.view = GW_TICKET_VIEW_RED_OVERDUE;
  w.changes = 0;
  gw_ticket_list_set_query (list, &q);
  run (&w);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (w.changes, ==, 1);
  g_clear_pointer (&expected, g_array_unref);
  expected = gw_db_query_ticket_ids (db, &q, &center, NOW, &error);
  g_assert_cmpuint (n, ==, expected->len);

  /* Back to everything, and a new report: it lands at the top; the rows keep their places
   * and show the tickets now there, and the list grows by one at its end. */
  q.view = GW_TICKET_VIEW_ALL;
  gw_ticket_list_set_query (list, &q);
  run (&w);
  {
    Job job = { .actor = center };
    job.report = gw_ticket_new ();
    job.report->source = GW_SOURCE_HOTLINE;
    job.report->category_code = g_strdup ("0101");
    job.report->urgency = GW_URGENCY_EMERGENCY;
    job.report->lon = 105.79;
    job.report->lat = 30.19;
    job.report->description = g_strdup ("桂林街道供水管道爆裂，路面积水");
    job.report->reported_at = NOW + 60;
    gw_store_run_async (store, apply_func, &job, NULL, (GDestroyNotify) gw_ticket_unref, NULL, on_applied, loop);
    g_main_loop_run (loop);
    w.changes = 0;
    gw_ticket_list_set_watch (list, 20);
    run (&w);
    gw_ticket_list_set_watch (list, 0);
    g_assert_cmpuint (w.changes, ==, 1);
    g_assert_cmpuint (w.position, ==, 4000);
    g_assert_cmpuint (w.removed, ==, 0);
    g_assert_cmpuint (w.added, ==, 1);
    /* The row the test held at the top now shows the new report. */
    g_assert_cmpint (gw_ticket_row_get_id (first), ==, job.report->id);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4001);
    g_assert_cmpint (gw_ticket_list_find (list, job.report->id), ==, 0);
    gw_ticket_unref (job.report);
  }

  /* A held row whose ticket moves on is reloaded in place: screening the new report. */
  held = g_list_model_get_item (G_LIST_MODEL (list), 0);
  if (gw_ticket_row_get_ticket (held) == NULL)
    {
      gulong id = g_signal_connect (held, "notify::ticket", G_CALLBACK (on_notify_quit), loop);
      g_main_loop_run (loop);
      g_signal_handler_disconnect (held, id);
    }
  g_assert_cmpint (gw_ticket_row_get_ticket (held)->state, ==, GW_STATE_REPORTED);
  {
    Job job = { .actor = center };
    job.command.action = GW_ACTION_SCREEN;
    job.command.ticket_id = gw_ticket_row_get_id (held);
    gw_store_run_async (store, apply_func, &job, NULL, (GDestroyNotify) gw_ticket_unref, NULL, on_applied, loop);
    g_main_loop_run (loop);
    w.changes = 0;
    gw_ticket_list_refresh (list);
    run (&w);
    g_assert_cmpuint (w.changes, ==, 0);   /* same ids, same order */
    g_assert_cmpint (gw_ticket_row_get_ticket (held)->state, ==, GW_STATE_SCREENED);
  }

  /* Rows on screen first: with positions 0–10 visible, a new order updates a held row at
   * the top at once and one far down later; asking for the far one brings it up to date. */
  {
    g_autoptr(GwTicketRow) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(GwTicketRow) far = g_list_model_get_item (G_LIST_MODEL (list), 3000);
    g_autoptr(GwTicketRow) asked = NULL;
    g_autoptr(GArray) order = NULL;
    GwTicketQuery oldest = { .view = GW_TICKET_VIEW_ALL, .descending = FALSE };

    gw_ticket_list_set_visible_range (list, 0, 10);
    gw_ticket_list_set_query (list, &oldest);
    run (&w);
    order = gw_db_query_ticket_ids (db, &oldest, &center, NOW, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gw_ticket_row_get_id (top), ==, g_array_index (order, gint64, 0));
    g_assert_cmpint (gw_ticket_row_get_id (far), !=, g_array_index (order, gint64, 3000));
    asked = g_list_model_get_item (G_LIST_MODEL (list), 3000);
    g_assert_true (asked == far);
    g_assert_cmpint (gw_ticket_row_get_id (far), ==, g_array_index (order, gint64, 3000));
    gw_ticket_list_set_visible_range (list, 0, G_MAXUINT - 16);
    gw_ticket_list_set_query (list, &q);
    run (&w);
  }

  /* Lights: find a held row with a running clock and move the clock to its next change. */
  for (guint i = 0; i < 4001; i++)
    {
      g_autoptr(GwTicketRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);
      GwTicket *t;
      GwLight before;
      gulong id;

      if (gw_ticket_row_get_ticket (row) == NULL)
        {
          id = g_signal_connect (row, "notify::ticket", G_CALLBACK (on_notify_quit), loop);
          g_main_loop_run (loop);
          g_signal_handler_disconnect (row, id);
        }
      t = gw_ticket_row_get_ticket (row);
      if (!gw_ticket_state_is_open (t->state) || t->timer.stage == GW_STAGE_NONE || t->timer.paused_at)
        continue;
      before = gw_ticket_row_get_light (row);
      g_assert_cmpint (before, ==, gw_stage_timer_light (&t->timer, NOW, &next));
      if (next == 0)
        continue;
      g_assert_cmpint (gw_ticket_row_get_time_left (row), >, 0);
      id = g_signal_connect (row, "notify::light", G_CALLBACK (on_notify_quit), loop);
      gw_clock_set_now (clock, next);
      g_signal_handler_disconnect (row, id);
      g_assert_cmpint (gw_ticket_row_get_light (row), ==, before + 1);
      break;
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("list", NOW, &path, NULL);

  g_test_add_func ("/ticket-list/lazy-live", test_list);
  ret = g_test_run ();

  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
