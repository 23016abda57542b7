/* gw-drill.c: the drill engine (see gw-drill.h).
 *
 * The engine lives on one main context. It hands the store one step at a time
 * (gw-drill-world.c): everything due from where the last step ended up to the clock's
 * reading, in one writer job. A running drill on a scaled clock sleeps in a timeout until
 * the next due instant (the next injection, the next world tick, a timed end, the end),
 * re-armed whenever the clock jumps or changes speed; a manual clock is stepped by whoever
 * drives it, who then polls. Controller commands are logged through the same store, in
 * the same order as the steps. */
#define G_LOG_DOMAIN "gw-drill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-drill-private.h"

struct _GwDrill
{
  GObject       parent_instance;

  GwStore      *store;
  GwScenario   *scenario;
  GwClock      *clock;
  GMainContext *context;
  gboolean      manual;
  GwDrillState  state;
  double        speed;

  gint64        start;         /* the scenario's first instant */
  gint64        end_at;        /* its last */
  gint64        done_to;       /* every instant up to this one is in a step */
  guint         next_index;    /* the first timeline injection not in a step yet */
  guint         n_applied;
  gint64        next_end;      /* the earliest timed end after the last step, 0 if none */

  GSource      *timer;
  gulong        changed_id;
  gboolean      busy;          /* a step is with the store */
  gboolean      again;         /* and another was asked for meanwhile */
  GPtrArray    *adhoc;         /* GTask of gw_drill_inject_async, waiting for a step */
  GPtrArray    *polls;         /* GTask of gw_drill_poll_async (task data: the instant) */
  GArray       *drops;         /* GwDrillDrop */
  GwDrillWorld *world;
  GCancellable *cancellable;

  /* When the clock last jumped or changed speed: the real time and its reading then. From
   * these, when each instant became due. */
  gint64        anchor_real;
  double        anchor_clock;
};

G_DEFINE_FINAL_TYPE (GwDrill, gw_drill, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  APPLIED,
  FAILED,
  NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void request_step (GwDrill *self);
static void arm (GwDrill *self);

/* Ad hoc injections waiting for their step. */
typedef struct {
  GwDrillDue *due;      /* owned until it goes into a step */
  GwDrillDue *sent;     /* the step's, while it runs */
  GwDrillStep *step;    /* a reference while it runs */
} AdhocData;

static void
adhoc_data_free (gpointer data)
{
  AdhocData *d = data;

  _gw_drill_due_free (d->due);
  g_clear_pointer (&d->step, _gw_drill_step_unref);
  g_free (d);
}

/* Time ----------------------------------------------------------------------------------- */

/* The clock's reading in fractions of a second: gw_clock_get_now() is whole seconds, and
 * the time to the next whole second says how far into this one it is. */
static double
clock_reading (GwClock *clock)
{
  gint64 now = gw_clock_get_now (clock);
  double speed = gw_clock_get_speed (clock);
  gint64 ms;

  if (speed <= 0.0)
    return (double) now;
  ms = gw_clock_ms_until (clock, now + 1);
  if (ms < 0)
    return (double) now;
  return MAX ((double) now, (double) (now + 1) - (double) ms * speed / 1000.0);
}

static void
set_anchor (GwDrill *self)
{
  self->anchor_real = g_get_monotonic_time ();
  self->anchor_clock = clock_reading (self->clock);
}

/* g_get_monotonic_time () when the clock reached `at`: at the last jump if it was there
 * already, else that plus the scenario time since, at the speed. */
static gint64
due_real (GwDrill *self,
          gint64   at)
{
  gint64 now = g_get_monotonic_time ();
  double speed = gw_clock_get_speed (self->clock);
  gint64 when;

  if ((double) at <= self->anchor_clock || speed <= 0.0)
    return MIN (self->anchor_real, now);
  when = self->anchor_real + (gint64) (((double) at - self->anchor_clock) * G_USEC_PER_SEC / speed);
  return MIN (when, now);
}

/* The next instant anything is due at, or G_MAXINT64. */
static gint64
next_due (GwDrill *self)
{
  gint64 next = MIN (self->end_at, _gw_drill_next_tick (self->start, self->done_to));

  if (self->next_index < self->scenario->injections->len)
    {
      const GwInjection *inj = g_ptr_array_index (self->scenario->injections, self->next_index);
      next = MIN (next, self->start + inj->at);
    }
  if (self->next_end > 0)
    next = MIN (next, self->next_end);
  return next;
}

/* The log ------------------------------------------------------------------------------- */

static gpointer
add_event_func (GwDb    *db,
                gpointer data,
                GError **error)
{
  return gw_db_add_drill_event (db, data, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
on_event_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (gw_store_run_finish (GW_STORE (object), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot write the drill log: %s", error->message);
}

static void
log_control (GwDrill     *self,
             const char  *command,
             const char  *actor,
             JsonBuilder *payload)   /* an open object, or NULL */
{
  GwDrillEvent *e = g_new0 (GwDrillEvent, 1);

  e->at = gw_clock_get_now (self->clock);
  e->kind = GW_DRILL_EVENT_CONTROL;
  e->ref = g_strdup (command);
  e->actor = g_strdup (actor ? actor : GW_DRILL_ACTOR_CONTROLLER);
  if (payload)
    {
      json_builder_end_object (payload);
      e->payload = _gw_drill_payload (payload);
    }
  gw_store_run_async (self->store, add_event_func, e, (GDestroyNotify) gw_drill_event_free, NULL,
                      NULL, on_event_added, NULL);
}

static JsonBuilder *
payload_new (void)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  return b;
}

/* States ---------------------------------------------------------------------------------- */

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE, message);
  return FALSE;
}

static const char *
state_label (GwDrillState state)
{
  static const char *const labels[] = {
    N_("it has not started"), N_("it is running"), N_("it is paused"), N_("it has ended"),
  };

  return _(labels[state]);
}

static void
set_state (GwDrill     *self,
           GwDrillState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
stop_timer (GwDrill *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

/* Stops the clock and everything waiting. */
static void
finish (GwDrill *self)
{
  stop_timer (self);
  if (!self->manual)
    gw_clock_set_speed (self->clock, 0.0);
  set_state (self, GW_DRILL_ENDED);
}

/* Steps ------------------------------------------------------------------------------------- */

/* Finishes the polls whose instant is written (none while a step runs: it may be
 * writing it), and all of them when the drill cannot move. */
static void
complete_polls (GwDrill *self,
                GError  *error)
{
  gboolean moving = self->state == GW_DRILL_RUNNING || self->state == GW_DRILL_PAUSED;

  for (guint i = 0; i < self->polls->len;)
    {
      GTask *task = g_ptr_array_index (self->polls, i);
      gint64 target = *(gint64 *) g_task_get_task_data (task);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else if (!self->busy && (target <= self->done_to || !moving))
        g_task_return_boolean (task, TRUE);
      else
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (self->polls, i);
    }
}

static void
on_step_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwDrill) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDrillStep) step = gw_store_run_finish (GW_STORE (object), result, &error);
  g_autoptr(GPtrArray) adhoc = NULL;

  self->busy = FALSE;
  /* The ad hoc injections this step carried. */
  adhoc = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->adhoc->len;)
    {
      GTask *task = g_ptr_array_index (self->adhoc, i);
      AdhocData *d = g_task_get_task_data (task);

      if (d->step != NULL)
        g_ptr_array_add (adhoc, g_ptr_array_steal_index (self->adhoc, i));
      else
        i++;
    }

  if (step == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("A drill step failed: %s", error->message);
      for (guint i = 0; i < adhoc->len; i++)
        g_task_return_error (g_ptr_array_index (adhoc, i), g_error_copy (error));
      complete_polls (self, error);
      return;
    }

  for (guint i = 0; i < step->due->len; i++)
    {
      GwDrillDue *due = g_ptr_array_index (step->due, i);
      if (due->index != G_MAXUINT)
        self->n_applied++;
    }
  for (guint i = 0; i < step->drops->len; i++)
    {
      GwDrillDrop *drop = &g_array_index (step->drops, GwDrillDrop, i);
      GwDrillDrop copy = { g_strdup (drop->username), drop->from, drop->until };
      g_array_append_val (self->drops, copy);
    }
  self->next_end = _gw_drill_world_next_end (self->world);

  for (guint i = 0; i < step->events->len; i++)
    {
      const GwDrillEvent *e = g_ptr_array_index (step->events, i);

      g_signal_emit (self, signals[e->kind == GW_DRILL_EVENT_FAILED ? FAILED : APPLIED], 0, e);
    }
  for (guint i = 0; i < step->due->len; i++)
    {
      GwDrillDue *due = g_ptr_array_index (step->due, i);
      if (!due->failed && due->injection->kind == GW_INJECTION_NOTE)
        g_signal_emit (self, signals[NOTE], 0, due->injection);
    }

  for (guint i = 0; i < adhoc->len; i++)
    {
      GTask *task = g_ptr_array_index (adhoc, i);
      AdhocData *d = g_task_get_task_data (task);

      if (d->sent->failed)
        g_task_return_new_error (task, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, "%s", d->sent->message);
      else
        g_task_return_int (task, d->sent->ticket_id);
    }

  if (step->ends && self->state != GW_DRILL_ENDED)
    finish (self);
  complete_polls (self, NULL);
  if (self->again || self->adhoc->len > 0 || self->polls->len > 0)
    {
      self->again = FALSE;
      request_step (self);
    }
  arm (self);
}

static void
request_step (GwDrill *self)
{
  g_autoptr(GwDrillStep) step = NULL;
  gint64 target;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  if (self->state != GW_DRILL_RUNNING && self->state != GW_DRILL_PAUSED)
    {
      for (guint i = 0; i < self->adhoc->len; i++)
        g_task_return_new_error (g_ptr_array_index (self->adhoc, i), GW_DRILL_ERROR, GW_DRILL_ERROR_STATE,
                                 _("Cannot inject: %s"), state_label (self->state));
      g_ptr_array_set_size (self->adhoc, 0);
      complete_polls (self, NULL);
      return;
    }

  target = MIN (gw_clock_get_now (self->clock), self->end_at);
  if (target <= self->done_to && self->adhoc->len == 0)
    {
      complete_polls (self, NULL);
      return;
    }
  target = MAX (target, self->done_to);

  step = _gw_drill_step_new (self->scenario, self->world, self->start, self->done_to, target);
  while (self->next_index < self->scenario->injections->len)
    {
      const GwInjection *inj = g_ptr_array_index (self->scenario->injections, self->next_index);
      GwDrillDue *due;

      if (self->start + inj->at > target)
        break;
      due = g_new0 (GwDrillDue, 1);
      due->injection = gw_injection_copy (inj);
      due->at = self->start + inj->at;
      due->due_real = due_real (self, due->at);
      due->index = self->next_index++;
      due->actor = g_strdup (GW_DRILL_ACTOR_SCENARIO);
      g_ptr_array_add (step->due, due);
    }
  for (guint i = 0; i < self->adhoc->len; i++)
    {
      AdhocData *d = g_task_get_task_data (g_ptr_array_index (self->adhoc, i));

      d->due->at = target;
      d->sent = d->due;
      g_ptr_array_add (step->due, g_steal_pointer (&d->due));
      d->step = _gw_drill_step_ref (step);
    }
  step->ends = target >= self->end_at;
  self->done_to = target;
  self->busy = TRUE;
  gw_store_run_async (self->store, _gw_drill_step_run, _gw_drill_step_ref (step),
                      (GDestroyNotify) _gw_drill_step_unref, (GDestroyNotify) _gw_drill_step_unref,
                      self->cancellable, on_step_done, g_object_ref (self));
}

static gboolean
on_timer (gpointer user_data)
{
  GwDrill *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  request_step (self);
  arm (self);
  return G_SOURCE_REMOVE;
}

/* Sleeps until the next due instant (a running drill on a clock that runs by itself). */
static void
arm (GwDrill *self)
{
  gint64 next, ms;

  stop_timer (self);
  if (self->manual || self->state != GW_DRILL_RUNNING || self->busy)
    return;
  next = next_due (self);
  ms = gw_clock_ms_until (self->clock, next);
  if (ms < 0)
    return;
  self->timer = g_timeout_source_new ((guint) MIN (ms, (gint64) G_MAXUINT));
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_set_static_name (self->timer, "[gridwatch] drill");
  g_source_attach (self->timer, self->context);
}

static void
on_clock_changed_here (GwDrill *self)
{
  set_anchor (self);
  if (self->manual)
    return;
  request_step (self);
  arm (self);
}

static gboolean
on_clock_changed_idle (gpointer user_data)
{
  on_clock_changed_here (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_clock_changed (GwClock *clock,
                  GwDrill *self)
{
  if (g_main_context_is_owner (self->context))
    on_clock_changed_here (self);
  else
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, on_clock_changed_idle,
                                g_object_ref (self), g_object_unref);
}

/* GObject ----------------------------------------------------------------------------------- */

static void
drop_clear (gpointer data)
{
  g_free (((GwDrillDrop *) data)->username);
}

static void
gw_drill_dispose (GObject *object)
{
  GwDrill *self = GW_DRILL (object);

  stop_timer (self);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->clock);

  G_OBJECT_CLASS (gw_drill_parent_class)->dispose (object);
}

static void
gw_drill_finalize (GObject *object)
{
  GwDrill *self = GW_DRILL (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->scenario, gw_scenario_unref);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->adhoc, g_ptr_array_unref);
  g_clear_pointer (&self->polls, g_ptr_array_unref);
  g_clear_pointer (&self->drops, g_array_unref);
  g_clear_pointer (&self->world, _gw_drill_world_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gw_drill_parent_class)->finalize (object);
}

static void
gw_drill_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GwDrill *self = GW_DRILL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_drill_class_init (GwDrillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_drill_dispose;
  object_class->finalize = gw_drill_finalize;
  object_class->get_property = gw_drill_get_property;

  /* GwDrillState (no GType of its own: an int). */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, GW_DRILL_READY, GW_DRILL_ENDED, GW_DRILL_READY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, GW_SCENARIO_MIN_SPEED, GW_SCENARIO_MAX_SPEED, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[NOTE] = g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
gw_drill_init (GwDrill *self)
{
  self->adhoc = g_ptr_array_new_with_free_func (g_object_unref);
  self->polls = g_ptr_array_new_with_free_func (g_object_unref);
  self->drops = g_array_new (FALSE, TRUE, sizeof (GwDrillDrop));
  g_array_set_clear_func (self->drops, drop_clear);
  self->world = _gw_drill_world_new ();
  self->cancellable = g_cancellable_new ();
}

/* Public API -------------------------------------------------------------------------------- */

GwDrill *
gw_drill_new (GwStore    *store,
              GwScenario *scenario,
              GwClock    *clock)
{
  GwDrill *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_DRILL, NULL);
  self->store = g_object_ref (store);
  self->scenario = gw_scenario_ref (scenario);
  self->clock = g_object_ref (clock);
  self->context = g_main_context_ref_thread_default ();
  self->manual = gw_clock_is_manual (clock);
  self->speed = CLAMP (scenario->speed, GW_SCENARIO_MIN_SPEED, GW_SCENARIO_MAX_SPEED);
  if (isnan (scenario->speed))
    self->speed = 1.0;
  self->start = scenario->start;
  self->end_at = scenario->start + MAX (scenario->duration, 0);
  self->done_to = scenario->start - 1;
  if (!self->manual)
    gw_clock_set_speed (clock, 0.0);
  set_anchor (self);
  self->changed_id = g_signal_connect (clock, "changed", G_CALLBACK (on_clock_changed), self);
  return self;
}

GwScenario *
gw_drill_get_scenario (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), NULL);
  return self->scenario;
}

GwClock *
gw_drill_get_clock (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), NULL);
  return self->clock;
}

GwDrillState
gw_drill_get_state (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), GW_DRILL_READY);
  return self->state;
}

double
gw_drill_get_speed (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), 1.0);
  return self->speed;
}

guint
gw_drill_get_n_applied (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), 0);
  return self->n_applied;
}

const GwInjection *
gw_drill_get_next_injection (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), NULL);

  if (self->next_index >= self->scenario->injections->len)
    return NULL;
  return g_ptr_array_index (self->scenario->injections, self->next_index);
}

gint64
gw_drill_get_next_due (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), 0);

  if (self->state == GW_DRILL_ENDED || self->done_to >= self->end_at)
    return 0;
  return next_due (self);
}

gint64
gw_drill_get_end_at (GwDrill *self)
{
  g_return_val_if_fail (GW_IS_DRILL (self), 0);
  return self->end_at;
}

gboolean
gw_drill_start (GwDrill    *self,
                const char *actor,
                GError    **error)
{
  gboolean resume;
  JsonBuilder *payload = NULL;

  g_return_val_if_fail (GW_IS_DRILL (self), FALSE);

  if (self->state != GW_DRILL_READY && self->state != GW_DRILL_PAUSED)
    return refuse (error, _("Cannot start the drill: %s"), state_label (self->state));
  resume = self->state == GW_DRILL_PAUSED;
  if (resume)
    {
      payload = payload_new ();
      json_builder_set_member_name (payload, "resumed");
      json_builder_add_boolean_value (payload, TRUE);
    }
  log_control (self, "start", actor, payload);
  g_clear_object (&payload);
  set_state (self, GW_DRILL_RUNNING);
  if (!self->manual)
    gw_clock_set_speed (self->clock, self->speed);   /* "changed": a step and the timer */
  request_step (self);
  arm (self);
  return TRUE;
}

gboolean
gw_drill_pause (GwDrill    *self,
                const char *actor,
                GError    **error)
{
  g_return_val_if_fail (GW_IS_DRILL (self), FALSE);

  if (self->state != GW_DRILL_RUNNING)
    return refuse (error, _("Cannot pause the drill: %s"), state_label (self->state));
  log_control (self, "pause", actor, NULL);
  set_state (self, GW_DRILL_PAUSED);
  stop_timer (self);
  if (!self->manual)
    gw_clock_set_speed (self->clock, 0.0);
  return TRUE;
}

gboolean
gw_drill_set_speed (GwDrill    *self,
                    double      speed,
                    const char *actor,
                    GError    **error)
{
  JsonBuilder *payload;

  g_return_val_if_fail (GW_IS_DRILL (self), FALSE);

  if (!isfinite (speed) || speed < GW_SCENARIO_MIN_SPEED || speed > GW_SCENARIO_MAX_SPEED)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INVALID,
                   _("A drill runs at 1× to 60×, not %g×"), speed);
      return FALSE;
    }
  if (self->state == GW_DRILL_ENDED)
    return refuse (error, _("Cannot change the drill’s speed: %s"), state_label (self->state));
  payload = payload_new ();
  json_builder_set_member_name (payload, "speed");
  json_builder_add_double_value (payload, speed);
  log_control (self, "speed", actor, payload);
  g_object_unref (payload);
  if (self->speed != speed)
    {
      self->speed = speed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
    }
  if (self->state == GW_DRILL_RUNNING && !self->manual)
    gw_clock_set_speed (self->clock, speed);
  return TRUE;
}

gboolean
gw_drill_next (GwDrill    *self,
               const char *actor,
               GError    **error)
{
  const GwInjection *inj;
  JsonBuilder *payload;
  gint64 now, target;

  g_return_val_if_fail (GW_IS_DRILL (self), FALSE);

  if (self->state != GW_DRILL_RUNNING && self->state != GW_DRILL_PAUSED)
    return refuse (error, _("Cannot move to the next injection: %s"), state_label (self->state));
  inj = gw_drill_get_next_injection (self);
  if (inj == NULL)
    return refuse (error, _("Cannot move to the next injection: none is left"));
  now = gw_clock_get_now (self->clock);
  target = MIN (self->start + inj->at, self->end_at);
  payload = payload_new ();
  json_builder_set_member_name (payload, "injection");
  json_builder_add_string_value (payload, inj->id);
  json_builder_set_member_name (payload, "to");
  json_builder_add_int_value (payload, MAX (now, target));
  log_control (self, "next", actor, payload);
  g_object_unref (payload);
  /* The clock's "changed" takes a step: every tick in between, then the injection. */
  if (target > now)
    gw_clock_set_now (self->clock, target);
  else if (!self->manual)
    request_step (self);
  return TRUE;
}

void
gw_drill_inject_async (GwDrill            *self,
                       const GwInjection  *injection,
                       const char         *actor,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  AdhocData *d;
  JsonBuilder *payload;

  g_return_if_fail (GW_IS_DRILL (self));
  g_return_if_fail (injection != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_drill_inject_async);
  if (self->state != GW_DRILL_RUNNING && self->state != GW_DRILL_PAUSED)
    {
      g_task_return_new_error (task, GW_DRILL_ERROR, GW_DRILL_ERROR_STATE, _("Cannot inject: %s"),
                               state_label (self->state));
      return;
    }
  d = g_new0 (AdhocData, 1);
  d->due = g_new0 (GwDrillDue, 1);
  d->due->injection = gw_injection_copy (injection);
  if (d->due->injection->id == NULL)
    d->due->injection->id = g_strdup_printf ("adhoc-%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  d->due->due_real = g_get_monotonic_time ();
  d->due->index = G_MAXUINT;
  d->due->actor = g_strdup (actor ? actor : GW_DRILL_ACTOR_CONTROLLER);
  g_task_set_task_data (task, d, adhoc_data_free);

  payload = payload_new ();
  json_builder_set_member_name (payload, "injection");
  json_builder_add_string_value (payload, d->due->injection->id);
  json_builder_set_member_name (payload, "kind");
  json_builder_add_string_value (payload, gw_injection_kind_to_string (injection->kind));
  log_control (self, "inject", actor, payload);
  g_object_unref (payload);

  g_ptr_array_add (self->adhoc, g_steal_pointer (&task));
  request_step (self);
}

gint64
gw_drill_inject_finish (GwDrill      *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  return g_task_propagate_int (G_TASK (result), error);
}

gboolean
gw_drill_end (GwDrill    *self,
              const char *actor,
              GError    **error)
{
  g_return_val_if_fail (GW_IS_DRILL (self), FALSE);

  if (self->state == GW_DRILL_ENDED)
    return refuse (error, _("Cannot end the drill: %s"), state_label (self->state));
  log_control (self, "end", actor, NULL);
  finish (self);
  complete_polls (self, NULL);
  return TRUE;
}

void
gw_drill_poll_async (GwDrill            *self,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 *target;

  g_return_if_fail (GW_IS_DRILL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_drill_poll_async);
  target = g_new (gint64, 1);
  *target = MIN (gw_clock_get_now (self->clock), self->end_at);
  g_task_set_task_data (task, target, g_free);
  g_ptr_array_add (self->polls, g_steal_pointer (&task));
  request_step (self);
}

gboolean
gw_drill_poll_finish (GwDrill      *self,
                      GAsyncResult *result,
                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GStrv
gw_drill_dup_dropped_users (GwDrill *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gint64 now;

  g_return_val_if_fail (GW_IS_DRILL (self), NULL);

  now = gw_clock_get_now (self->clock);
  for (guint i = 0; self->state != GW_DRILL_ENDED && i < self->drops->len; i++)
    {
      const GwDrillDrop *drop = &g_array_index (self->drops, GwDrillDrop, i);
      gboolean listed = FALSE;

      if (drop->from > now || (drop->until > 0 && drop->until <= now))
        continue;
      for (guint j = 0; j < i && !listed; j++)
        {
          const GwDrillDrop *other = &g_array_index (self->drops, GwDrillDrop, j);
          listed = g_strcmp0 (other->username, drop->username) == 0 && other->from <= now &&
                   (other->until == 0 || other->until > now);
        }
      if (!listed)
        g_strv_builder_add (builder, drop->username);
    }
  return g_strv_builder_end (builder);
}
