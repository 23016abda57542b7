/* gw-drill-link-local.c: an offline drill — a GwDrill in this process.
 *
 * Commands call the drill at once. The timeline is the scenario's injections, each marked
 * by the drill log (applied with its lag and ticket, or failed with why), plus the ad hoc
 * ones the log holds; the log is read on a store reader, only past what was read before,
 * at most a few times a second (a burst at 60× applies many injections at once). The
 * expectations and the score are the core's (gw-drill-score), taken on a reader as of the
 * drill clock after each read of the log, and every two seconds while the drill runs, so
 * that an expectation turns missed as its deadline passes.
 */
#define G_LOG_DOMAIN "gw-drill-link"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-drill-link-private.h"
#include "gw-drill-score.h"
#include "gw-format.h"

/* The log is read again at most this often (real milliseconds). */
#define REFRESH_MS 300
/* The score is taken again this often while nothing happens (real milliseconds): an
 * expectation turns missed as the clock passes its deadline. */
#define SCORE_MS 2000

#define GW_TYPE_DRILL_LINK_LOCAL (gw_drill_link_local_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillLinkLocal, gw_drill_link_local, GW, DRILL_LINK_LOCAL, GwDrillLink)

/* What the log says of one injection. */
typedef struct {
  gint64    at;          /* when it was applied (or failed), on the drill clock */
  gint64    lag_ms;
  gint64    ticket_id;
  gboolean  failed;
  char     *problem;
  gboolean  adhoc;
  char     *title;       /* ad hoc: what it was */
} Mark;

struct _GwDrillLinkLocal
{
  GwDrillLink   parent_instance;

  GwDrill      *drill;
  GwStore      *store;
  GwScenario   *scenario;
  GCancellable *cancellable;

  gint64        last_event_id;
  GHashTable   *marks;        /* injection id -> Mark */
  GPtrArray    *adhoc_order;  /* char *: ad hoc injection ids as they came */
  GHashTable   *adhoc_titles; /* id -> title, for ad hoc injections made here */
  guint         refresh_id;
  guint         score_id;
  GwDrillScore *score;        /* the last one taken */
  gboolean      reading;
  gboolean      read_again;
};

G_DEFINE_FINAL_TYPE (GwDrillLinkLocal, gw_drill_link_local, GW_TYPE_DRILL_LINK)

static void
mark_free (Mark *mark)
{
  g_free (mark->problem);
  g_free (mark->title);
  g_free (mark);
}

static char *
describe_injection (const GwInjection *injection)
{
  const char *text = NULL;

  if (injection->kind == GW_INJECTION_REPORT)
    text = gw_scenario_text_get (&injection->description);
  else if (injection->text.en != NULL || injection->text.zh_CN != NULL)
    text = gw_scenario_text_get (&injection->text);
  if (text == NULL || *text == '\0')
    return g_strdup (gw_drill_injection_kind_label (injection->kind));
  return g_strdup (text);
}

/* A failure's reason: the payload's "message" (or "error"), else the payload itself. */
static char *
problem_of (const GwDrillEvent *event)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (event->payload == NULL)
    return NULL;
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, event->payload, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);
      const char *names[] = { "message", "error", "reason" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (json_object_has_member (o, names[i]) &&
            JSON_NODE_HOLDS_VALUE (json_object_get_member (o, names[i])) &&
            json_node_get_value_type (json_object_get_member (o, names[i])) == G_TYPE_STRING)
          return g_strdup (json_object_get_string_member (o, names[i]));
    }
  return g_strdup (event->payload);
}

static void
update_next (GwDrillLinkLocal *self)
{
  const GwInjection *next = gw_drill_get_next_injection (self->drill);
  g_autofree char *text = next != NULL ? describe_injection (next) : NULL;
  g_autofree char *title = next != NULL ? g_strdup_printf ("%s · %s", gw_drill_injection_kind_label (next->kind), text)
                                        : NULL;

  _gw_drill_link_set_next (GW_DRILL_LINK (self), next != NULL ? next->id : NULL, title,
                           next != NULL ? self->scenario->start + next->at : 0);
}

static GPtrArray *
build_timeline (GwDrillLinkLocal *self)
{
  GPtrArray *items = g_ptr_array_new_full (self->scenario->injections->len + self->adhoc_order->len,
                                           (GDestroyNotify) gw_drill_timeline_item_free);
  guint n_scripted;

  for (guint i = 0; i < self->scenario->injections->len; i++)
    {
      const GwInjection *injection = g_ptr_array_index (self->scenario->injections, i);
      const Mark *mark = g_hash_table_lookup (self->marks, injection->id);
      GwDrillTimelineItem *item = g_new0 (GwDrillTimelineItem, 1);

      item->id = g_strdup (injection->id);
      item->at = self->scenario->start + injection->at;
      item->kind = injection->kind;
      item->title = describe_injection (injection);
      if (mark != NULL)
        {
          item->status = mark->failed ? GW_DRILL_ITEM_FAILED : GW_DRILL_ITEM_DONE;
          item->lag_ms = mark->lag_ms;
          item->ticket_id = mark->ticket_id;
          item->problem = g_strdup (mark->problem);
        }
      g_ptr_array_add (items, item);
    }
  n_scripted = items->len;

  /* The ad hoc ones where they happened. */
  for (guint i = 0; i < self->adhoc_order->len; i++)
    {
      const char *id = g_ptr_array_index (self->adhoc_order, i);
      const Mark *mark = g_hash_table_lookup (self->marks, id);
      GwDrillTimelineItem *item = g_new0 (GwDrillTimelineItem, 1);
      guint at;

      item->id = g_strdup (id);
      item->at = mark->at;
      item->kind = GW_INJECTION_REPORT;
      item->title = g_strdup (mark->title != NULL ? mark->title : id);
      item->status = mark->failed ? GW_DRILL_ITEM_FAILED : GW_DRILL_ITEM_DONE;
      item->lag_ms = mark->lag_ms;
      item->ticket_id = mark->ticket_id;
      item->problem = g_strdup (mark->problem);
      /* After every scripted one due at or before it. */
      for (at = 0; at < n_scripted; at++)
        if (((GwDrillTimelineItem *) g_ptr_array_index (items, at))->at > item->at)
          break;
      g_ptr_array_insert (items, at, item);
      n_scripted++;
    }
  return items;
}

/* The expectations as the score has them; before the first score, pending. */
static GPtrArray *
build_expectations (GwDrillLinkLocal *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_expectation_item_free);

  for (guint i = 0; i < self->scenario->expectations->len; i++)
    {
      const GwExpectation *e = g_ptr_array_index (self->scenario->expectations, i);
      const GwDrillExpectationResult *r = NULL;
      GwDrillExpectationItem *item = g_new0 (GwDrillExpectationItem, 1);
      const char *title = gw_scenario_text_get (&e->title);

      if (self->score != NULL && i < self->score->expectations->len)
        r = g_ptr_array_index (self->score->expectations, i);
      item->id = g_strdup (e->id);
      item->title = g_strdup (title != NULL ? title : e->id);
      item->points = e->points;
      item->status = GW_DRILL_ITEM_PENDING;
      if (r != NULL)
        {
          g_autofree char *late = r->late_by > 0 ? gw_format_time_left (r->late_by) : NULL;

          item->due = r->due_at;
          switch (r->outcome)
            {
            case GW_DRILL_OUTCOME_MET:
              item->status = GW_DRILL_ITEM_DONE;
              break;
            case GW_DRILL_OUTCOME_LATE:
              item->status = GW_DRILL_ITEM_LATE;
              /* TRANSLATORS: an expectation met after its deadline, by how much ("4 min") */
              item->detail = g_strdup_printf (_("%s late"), late);
              break;
            case GW_DRILL_OUTCOME_MISSED:
              item->status = GW_DRILL_ITEM_FAILED;
              if (r->ticket_id == 0)
                item->detail = g_strdup (_("the report was never made"));
              else if (late != NULL)
                /* TRANSLATORS: an expectation missed, by how much so far ("4 min") */
                item->detail = g_strdup_printf (_("overdue by %s"), late);
              break;
            case GW_DRILL_OUTCOME_PENDING:
            case GW_N_DRILL_OUTCOMES:
            default:
              break;
            }
          if (r->done_by != NULL && item->status != GW_DRILL_ITEM_PENDING && item->status != GW_DRILL_ITEM_FAILED)
            {
              /* TRANSLATORS: who met an expectation: a seat's id or an actor's name */
              g_autofree char *by = g_strdup_printf (_("by %s"), r->done_by);
              char *detail = item->detail != NULL ? g_strdup_printf ("%s · %s", item->detail, by) : g_strdup (by);

              g_free (item->detail);
              item->detail = detail;
            }
        }
      g_ptr_array_add (items, item);
    }
  return items;
}

static char *
score_summary (const GwDrillScore *score)
{
  GString *text = g_string_new (NULL);
  guint met = 0;
  const GwDrillTiming *screen = &score->team.timings[GW_DRILL_MEASURE_SCREEN];

  for (guint i = 0; i < score->expectations->len; i++)
    if (((GwDrillExpectationResult *) g_ptr_array_index (score->expectations, i))->outcome == GW_DRILL_OUTCOME_MET)
      met++;
  /* TRANSLATORS: the drill's total score, out of 100 */
  g_string_append_printf (text, _("Total %.0f of 100"), score->total);
  g_string_append (text, " · ");
  /* TRANSLATORS: expectations met on time, of all of them */
  g_string_append_printf (text, _("%u of %u expectations met"), met, score->expectations->len);
  if (screen->count > 0)
    {
      g_autofree char *median = gw_format_time_left ((gint64) screen->median_seconds);

      g_string_append (text, " · ");
      /* TRANSLATORS: the team's median time from a report to its acceptance (受理) */
      g_string_append_printf (text, _("median time to screen %s"), median);
    }
  if (score->sign_deadlines_due > 0)
    {
      g_string_append (text, " · ");
      /* TRANSLATORS: sign-for deadlines kept, of those due */
      g_string_append_printf (text, _("sign-for deadlines kept %u of %u"), score->sign_deadlines_kept,
                              score->sign_deadlines_due);
    }
  return g_string_free (text, FALSE);
}

static void
publish (GwDrillLinkLocal *self)
{
  g_autofree char *summary = self->score != NULL ? score_summary (self->score) : NULL;

  _gw_drill_link_set_picture (GW_DRILL_LINK (self), build_timeline (self), build_expectations (self),
                              self->score != NULL ? self->score->points_met : 0,
                              self->score != NULL ? self->score->points : 0, summary);
}

static void refresh (GwDrillLink *link);

static void
on_score (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwDrillLinkLocal) self = user_data;
  g_autoptr(GError) error = NULL;
  GwDrillScore *score = gw_store_compute_drill_score_finish (GW_STORE (object), result, &error);

  self->reading = FALSE;
  if (score == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot score the drill: %s", error->message);
    }
  else
    {
      g_clear_pointer (&self->score, gw_drill_score_free);
      self->score = score;
    }
  publish (self);
  if (self->read_again)
    {
      self->read_again = FALSE;
      refresh (GW_DRILL_LINK (self));
    }
}

static void
on_events_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwDrillLinkLocal) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = gw_store_read_finish (GW_STORE (object), result, &error);

  if (events == NULL)
    {
      self->reading = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the drill log: %s", error->message);
      return;
    }
  for (guint i = 0; i < events->len; i++)
    {
      const GwDrillEvent *event = g_ptr_array_index (events, i);
      Mark *mark;

      self->last_event_id = MAX (self->last_event_id, event->id);
      if ((event->kind != GW_DRILL_EVENT_INJECTION && event->kind != GW_DRILL_EVENT_FAILED) ||
          event->ref == NULL)
        continue;
      /* A world action that failed is not an injection. */
      if (event->kind == GW_DRILL_EVENT_FAILED && gw_scenario_find_injection (self->scenario, event->ref) == NULL &&
          g_hash_table_lookup (self->adhoc_titles, event->ref) == NULL)
        continue;
      mark = g_new0 (Mark, 1);
      mark->at = event->at;
      mark->lag_ms = event->lag_ms;
      mark->ticket_id = event->ticket_id;
      mark->failed = event->kind == GW_DRILL_EVENT_FAILED;
      mark->problem = mark->failed ? problem_of (event) : NULL;
      if (gw_scenario_find_injection (self->scenario, event->ref) == NULL)
        {
          mark->adhoc = TRUE;
          mark->title = g_strdup (g_hash_table_lookup (self->adhoc_titles, event->ref));
          if (!g_hash_table_contains (self->marks, event->ref))
            g_ptr_array_add (self->adhoc_order, g_strdup (event->ref));
        }
      g_hash_table_replace (self->marks, g_strdup (event->ref), mark);
    }
  /* The score as of the drill clock's reading now (ended: as of its end). */
  gw_store_compute_drill_score_async (self->store, self->scenario,
                                      gw_drill_get_state (self->drill) == GW_DRILL_ENDED
                                        ? 0 : gw_clock_get_now (gw_drill_get_clock (self->drill)),
                                      self->cancellable, on_score, g_object_ref (self));
}

static gpointer
read_events_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  return gw_db_list_drill_events (db, *(gint64 *) data, error);
}

static void
refresh (GwDrillLink *link)
{
  GwDrillLinkLocal *self = GW_DRILL_LINK_LOCAL (link);

  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  gw_store_read_async (self->store, read_events_func, g_memdup2 (&self->last_event_id, sizeof (gint64)), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_events_read, g_object_ref (self));
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  GwDrillLinkLocal *self = user_data;

  self->refresh_id = 0;
  refresh (GW_DRILL_LINK (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (GwDrillLinkLocal *self)
{
  update_next (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, on_refresh_timeout, self);
}

static gboolean
on_score_timeout (gpointer user_data)
{
  GwDrillLinkLocal *self = user_data;

  if (gw_drill_get_state (self->drill) == GW_DRILL_RUNNING)
    refresh (GW_DRILL_LINK (self));
  return G_SOURCE_CONTINUE;
}

static void
on_drill_state (GwDrillLinkLocal *self)
{
  _gw_drill_link_set_state (GW_DRILL_LINK (self), gw_drill_get_state (self->drill));
  _gw_drill_link_set_speed (GW_DRILL_LINK (self), gw_drill_get_speed (self->drill));
  schedule_refresh (self);
}

static void
on_drill_note (GwDrillLinkLocal  *self,
               const GwInjection *note)
{
  const char *text = gw_scenario_text_get (&note->text);

  if (text != NULL && *text != '\0')
    _gw_drill_link_emit_note (GW_DRILL_LINK (self), text);
}

/* Commands ------------------------------------------------------------------------------ */

static void
command_async (GwDrillLink         *link,
               GwDrillCommand       command,
               double               speed,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GwDrillLinkLocal *self = GW_DRILL_LINK_LOCAL (link);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_task_set_source_tag (task, command_async);
  switch (command)
    {
    case GW_DRILL_COMMAND_START:
      done = gw_drill_start (self->drill, NULL, &error);
      break;
    case GW_DRILL_COMMAND_PAUSE:
      done = gw_drill_pause (self->drill, NULL, &error);
      break;
    case GW_DRILL_COMMAND_SPEED:
      done = gw_drill_set_speed (self->drill, speed, NULL, &error);
      break;
    case GW_DRILL_COMMAND_NEXT:
      done = gw_drill_next (self->drill, NULL, &error);
      break;
    case GW_DRILL_COMMAND_END:
      done = gw_drill_end (self->drill, NULL, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  on_drill_state (self);
  if (!done)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
command_finish (GwDrillLink   *link,
                GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_injected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwDrillLinkLocal *self = g_task_get_source_object (task);
  GError *error = NULL;
  gint64 ticket = gw_drill_inject_finish (GW_DRILL (object), result, &error);

  schedule_refresh (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, ticket);
}

static void
inject_async (GwDrillLink         *link,
              const GwInjection   *injection,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GwDrillLinkLocal *self = GW_DRILL_LINK_LOCAL (link);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, inject_async);
  g_hash_table_replace (self->adhoc_titles, g_strdup (injection->id), describe_injection (injection));
  gw_drill_inject_async (self->drill, injection, NULL, cancellable, on_injected, task);
}

static gint64
inject_finish (GwDrillLink   *link,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static GwScenario *
get_scenario (GwDrillLink *link)
{
  return GW_DRILL_LINK_LOCAL (link)->scenario;
}

/* GObject ------------------------------------------------------------------------------- */

static void
gw_drill_link_local_dispose (GObject *object)
{
  GwDrillLinkLocal *self = GW_DRILL_LINK_LOCAL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->score_id, g_source_remove);
  if (self->drill != NULL)
    g_signal_handlers_disconnect_by_data (self->drill, self);
  g_clear_object (&self->drill);
  g_clear_object (&self->store);
  g_clear_pointer (&self->scenario, gw_scenario_unref);

  G_OBJECT_CLASS (gw_drill_link_local_parent_class)->dispose (object);
}

static void
gw_drill_link_local_finalize (GObject *object)
{
  GwDrillLinkLocal *self = GW_DRILL_LINK_LOCAL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->marks, g_hash_table_unref);
  g_clear_pointer (&self->score, gw_drill_score_free);
  g_clear_pointer (&self->adhoc_order, g_ptr_array_unref);
  g_clear_pointer (&self->adhoc_titles, g_hash_table_unref);

  G_OBJECT_CLASS (gw_drill_link_local_parent_class)->finalize (object);
}

static void
gw_drill_link_local_class_init (GwDrillLinkLocalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GwDrillLinkClass *link_class = GW_DRILL_LINK_CLASS (klass);

  object_class->dispose = gw_drill_link_local_dispose;
  object_class->finalize = gw_drill_link_local_finalize;
  link_class->command_async = command_async;
  link_class->command_finish = command_finish;
  link_class->inject_async = inject_async;
  link_class->inject_finish = inject_finish;
  link_class->refresh = refresh;
  link_class->get_scenario = get_scenario;
}

static void
gw_drill_link_local_init (GwDrillLinkLocal *self)
{
  self->cancellable = g_cancellable_new ();
  self->marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mark_free);
  self->adhoc_order = g_ptr_array_new_with_free_func (g_free);
  self->adhoc_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GwDrillLink *
gw_drill_link_new_local (GwDrill *drill,
                         GwStore *store)
{
  GwDrillLinkLocal *self;

  g_return_val_if_fail (GW_IS_DRILL (drill), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_DRILL_LINK_LOCAL, NULL);
  self->drill = g_object_ref (drill);
  self->store = g_object_ref (store);
  self->scenario = gw_scenario_ref (gw_drill_get_scenario (drill));
  _gw_drill_link_set_local (GW_DRILL_LINK (self), TRUE);
  _gw_drill_link_set_clock (GW_DRILL_LINK (self), gw_drill_get_clock (drill));
  _gw_drill_link_set_start (GW_DRILL_LINK (self), self->scenario->start);
  _gw_drill_link_set_title (GW_DRILL_LINK (self), gw_scenario_text_get (&self->scenario->title));

  g_signal_connect_swapped (drill, "notify::state", G_CALLBACK (on_drill_state), self);
  g_signal_connect_swapped (drill, "notify::speed", G_CALLBACK (on_drill_state), self);
  g_signal_connect_swapped (drill, "applied", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (drill, "failed", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (drill, "note", G_CALLBACK (on_drill_note), self);
  on_drill_state (self);
  publish (self);
  refresh (GW_DRILL_LINK (self));
  self->score_id = g_timeout_add (SCORE_MS, on_score_timeout, self);
  return GW_DRILL_LINK (self);
}
