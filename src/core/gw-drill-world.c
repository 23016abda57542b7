/* gw-drill-world.c: one step of a drill's timeline, on the store's thread.
 *
 * A step takes everything due in (from, to] in time order and writes it in one
 * transaction: at each instant the timeline's injections (gw-drill-inject.c: one
 * savepoint each; a refusal rolls back that injection alone and is logged FAILED), then
 * the ad hoc ones, then the timed ends (a worker back on duty, a seat's network back),
 * then, on a whole scenario minute, the world's tick: what nobody plays does what has come
 * due (grid workers verify, unstaffed departments sign, report in and report back,
 * reporters evaluate). Texts written into the county's records are in its language,
 * Chinese. */
#define G_LOG_DOMAIN "gw-drill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-drill-private.h"

/* What the world writes when it reports back: the county's language. */
#define WORLD_REPORT_BACK_TEXT  "已到现场处置完毕。"

static void
timed_end_clear (gpointer data)
{
  GwDrillEnd *end = data;

  g_free (end->code);
  g_free (end->username);
}

GwDrillWorld *
_gw_drill_world_new (void)
{
  GwDrillWorld *world = g_new0 (GwDrillWorld, 1);

  world->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->ends = g_array_new (FALSE, TRUE, sizeof (GwDrillEnd));
  g_array_set_clear_func (world->ends, timed_end_clear);
  world->places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gw_division_unref);
  return world;
}

void
_gw_drill_world_free (GwDrillWorld *world)
{
  if (world == NULL)
    return;
  g_hash_table_unref (world->failed);
  g_array_unref (world->ends);
  g_hash_table_unref (world->places);
  g_free (world->county);
  g_free (world);
}

gint64
_gw_drill_world_next_end (GwDrillWorld *world)
{
  return world->ends->len ? g_array_index (world->ends, GwDrillEnd, 0).at : 0;
}

void
_gw_drill_world_add_end (GwDrillWorld *world,
                         GwDrillEnd   *end)
{
  guint i = 0;

  /* After every end of the same instant: ends are taken in the order they were made. */
  while (i < world->ends->len && g_array_index (world->ends, GwDrillEnd, i).at <= end->at)
    i++;
  g_array_insert_val (world->ends, i, *end);
}

gint64
_gw_drill_next_tick (gint64 start,
                     gint64 after)
{
  gint64 since = after - start;

  if (since < 0)
    return start;
  return start + (since / GW_DRILL_TICK + 1) * GW_DRILL_TICK;
}

/* Steps ----------------------------------------------------------------------------------- */

void
_gw_drill_due_free (GwDrillDue *due)
{
  if (due == NULL)
    return;
  gw_injection_free (due->injection);
  g_free (due->actor);
  g_free (due->message);
  g_free (due);
}

static void
step_clear (gpointer data)
{
  GwDrillStep *step = data;

  g_clear_pointer (&step->scenario, gw_scenario_unref);
  g_clear_pointer (&step->due, g_ptr_array_unref);
  g_clear_pointer (&step->events, g_ptr_array_unref);
  g_clear_pointer (&step->drops, g_array_unref);
}

static void
drop_clear (gpointer data)
{
  GwDrillDrop *drop = data;

  g_free (drop->username);
}

GwDrillStep *
_gw_drill_step_new (GwScenario   *scenario,
                    GwDrillWorld *world,
                    gint64        start,
                    gint64        from,
                    gint64        to)
{
  GwDrillStep *step = g_rc_box_new0 (GwDrillStep);

  step->scenario = gw_scenario_ref (scenario);
  step->world = world;
  step->start = start;
  step->from = from;
  step->to = to;
  step->due = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_drill_due_free);
  step->events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_event_free);
  step->drops = g_array_new (FALSE, TRUE, sizeof (GwDrillDrop));
  g_array_set_clear_func (step->drops, drop_clear);
  return step;
}

GwDrillStep *
_gw_drill_step_ref (GwDrillStep *step)
{
  return g_rc_box_acquire (step);
}

void
_gw_drill_step_unref (GwDrillStep *step)
{
  g_rc_box_release_full (step, step_clear);
}

const char *
_gw_drill_text (const GwScenarioText *text)
{
  return text->zh_CN != NULL ? text->zh_CN : text->en;
}

/* Writes an entry and keeps a copy for the engine's signals. */
gboolean
_gw_drill_log (GwDrillRun        *r,
               GwDrillEventKind   kind,
               gint64             at,
               const char        *ref,
               gint64             ticket_id,
               const char        *actor,
               char              *payload,   /* taken */
               gint64            *id_out,
               GError           **error)
{
  GwDrillEvent *e = g_new0 (GwDrillEvent, 1);

  e->at = at;
  e->kind = kind;
  e->ref = g_strdup (ref);
  e->ticket_id = ticket_id;
  e->actor = g_strdup (actor);
  e->payload = payload;
  e->id = _gw_db_insert_drill_event (r->db, e, error);
  if (e->id == 0)
    {
      gw_drill_event_free (e);
      return FALSE;
    }
  if (id_out)
    *id_out = e->id;
  if (kind != GW_DRILL_EVENT_CONTROL)
    g_ptr_array_add (r->step->events, e);
  else
    gw_drill_event_free (e);
  return TRUE;
}

JsonBuilder *
_gw_drill_payload_begin (const char *kind)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  if (kind)
    {
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind);
    }
  return b;
}

void
_gw_drill_payload_string (JsonBuilder *b,
                          const char  *name,
                          const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

char *
_gw_drill_payload_end (JsonBuilder *b)
{
  json_builder_end_object (b);
  return _gw_drill_payload (b);
}

char *
_gw_drill_failure_payload (const char *kind,
                           const char *reason)
{
  g_autoptr(JsonBuilder) b = _gw_drill_payload_begin (kind);

  _gw_drill_payload_string (b, "reason", reason);
  return _gw_drill_payload_end (b);
}

static gboolean
ensure_county (GwDrillRun *r,
               GError    **error)
{
  sqlite3_stmt *stmt;

  if (r->world->county != NULL)
    return TRUE;
  r->world->county = gw_db_get_meta (r->db, "county_code");
  if (r->world->county != NULL)
    return TRUE;
  stmt = _gw_db_prepare (r->db, "SELECT code FROM divisions WHERE parent_id IS NULL ORDER BY code LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    r->world->county = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (r->world->county == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL, _("The drill’s database holds no county"));
      return FALSE;
    }
  return TRUE;
}

/* The scenario's voice: the district center (the higher level for directives). */
GwActor
_gw_drill_scenario_actor (GwDrillRun *r,
                          const char *name,
                          GwRole      role)
{
  GwActor actor = { name, role, r->world->county, GW_LEVEL_DISTRICT, NULL };

  return actor;
}

/* Timed ends -------------------------------------------------------------------------------- */

static gboolean
apply_end (GwDrillRun *r,
           GwDrillEnd *end,
           GError    **error)
{
  g_autoptr(JsonBuilder) b = _gw_drill_payload_begin (NULL);

  if (end->kind == GW_DRILL_END_WORKER)
    {
      g_autoptr(GError) refusal = NULL;

      if (!_gw_drill_set_on_duty (r, end->code, end->on_duty, &refusal))
        return _gw_drill_log (r, GW_DRILL_EVENT_FAILED, end->at, "worker_on_duty", 0, GW_DRILL_ACTOR_WORLD,
                          _gw_drill_failure_payload ("worker_on_duty", refusal->message), NULL, error);
      _gw_drill_payload_string (b, "worker", end->code);
      json_builder_set_member_name (b, "on_duty");
      json_builder_add_boolean_value (b, end->on_duty);
      return _gw_drill_log (r, GW_DRILL_EVENT_WORLD, end->at, "worker_on_duty", 0, GW_DRILL_ACTOR_WORLD,
                        _gw_drill_payload_end (b), NULL, error);
    }
  _gw_drill_payload_string (b, "seat", end->code);
  _gw_drill_payload_string (b, "username", end->username);
  return _gw_drill_log (r, GW_DRILL_EVENT_WORLD, end->at, "network_restored", 0, GW_DRILL_ACTOR_WORLD,
                    _gw_drill_payload_end (b), NULL, error);
}

/* The world ------------------------------------------------------------------------------- */

static gboolean
department_staffed (GwDrillRun *r,
                    const char *code)
{
  GPtrArray *staffed = r->scenario->world.staffed_departments;

  for (guint i = 0; staffed && i < staffed->len; i++)
    if (g_strcmp0 (g_ptr_array_index (staffed, i), code) == 0)
      return TRUE;
  for (guint i = 0; i < r->scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (r->scenario->seats, i);
      if (seat->role == GW_ROLE_DEPARTMENT_HANDLER && g_strcmp0 (seat->department_code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

/* TRUE when a seat of `role` has the ticket's place in its area. */
static gboolean
area_staffed (GwDrillRun     *r,
              GwRole          role,
              const GwTicket *t)
{
  const char *code = gw_ticket_get_division_code (t);

  for (guint i = 0; code && i < r->scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (r->scenario->seats, i);
      const char *area = seat->division_code ? seat->division_code : r->world->county;

      if (seat->role == role && area && g_str_has_prefix (code, area))
        return TRUE;
    }
  return FALSE;
}

/* The world's actor for whoever handles the ticket, when no seat does. */
static gboolean
responsible_actor (GwDrillRun     *r,
                   const GwTicket *t,
                   GwActor        *actor)
{
  GwActor a = { GW_DRILL_ACTOR_WORLD, GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, NULL };

  if (t->department_code != NULL)
    {
      if (department_staffed (r, t->department_code))
        return FALSE;
      a.department_code = t->department_code;
    }
  else if (t->level == GW_LEVEL_GRID && t->divisions[GW_LEVEL_GRID] != NULL)
    {
      if (area_staffed (r, GW_ROLE_GRID_WORKER, t))
        return FALSE;
      a.role = GW_ROLE_GRID_WORKER;
      a.division_code = t->divisions[GW_LEVEL_GRID];
      a.level = GW_LEVEL_GRID;
    }
  else if (t->level == GW_LEVEL_COMMUNITY && t->divisions[GW_LEVEL_COMMUNITY] != NULL)
    {
      if (area_staffed (r, GW_ROLE_COMMUNITY_STAFF, t))
        return FALSE;
      a.role = GW_ROLE_COMMUNITY_STAFF;
      a.division_code = t->divisions[GW_LEVEL_COMMUNITY];
      a.level = GW_LEVEL_COMMUNITY;
    }
  else
    return FALSE;
  *actor = a;
  return TRUE;
}

/* The center that dispatched the ticket, making the follow-up call for its reporter. */
static GwActor
dispatcher_actor (GwDrillRun     *r,
                  const GwTicket *t)
{
  GwActor a = { GW_DRILL_ACTOR_WORLD, GW_ROLE_COMMANDER, r->world->county, GW_LEVEL_DISTRICT, NULL };
  static const GwRole roles[GW_N_LEVELS] = {
    [GW_LEVEL_DISTRICT] = GW_ROLE_DISTRICT_CENTER,
    [GW_LEVEL_STREET] = GW_ROLE_STREET_OFFICER,
    [GW_LEVEL_COMMUNITY] = GW_ROLE_COMMUNITY_STAFF,
    [GW_LEVEL_AREA] = GW_ROLE_COMMANDER,
    [GW_LEVEL_GRID] = GW_ROLE_GRID_WORKER,
    [GW_LEVEL_MICROGRID] = GW_ROLE_COMMANDER,
  };
  GwLevel level = t->dispatcher_level;

  if (level == GW_LEVEL_DISTRICT)
    a.role = GW_ROLE_DISTRICT_CENTER;
  else if (level < GW_N_LEVELS && roles[level] != GW_ROLE_COMMANDER && t->divisions[level] != NULL)
    {
      a.role = roles[level];
      a.division_code = t->divisions[level];
      a.level = level;
    }
  return a;
}

/* Applies one world action and logs it; a refusal is logged FAILED once and not tried
 * again for the same stage (key). FALSE only when the log cannot be written. */
static gboolean
world_apply (GwDrillRun      *r,
             gint64           now,
             const GwActor   *actor,
             const GwCommand *command,
             const char      *key,
             GError         **error)
{
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(JsonBuilder) b = _gw_drill_payload_begin (NULL);
  const char *action = gw_action_to_string (command->action);
  gboolean outer;

  if (g_hash_table_contains (r->world->failed, key))
    return TRUE;
  if (!_gw_db_write_begin (r->db, "gw_drill_item", &outer, error))
    return FALSE;
  t = gw_db_apply (r->db, actor, command, now, NULL, NULL, &refusal);
  _gw_drill_payload_string (b, "role", gw_role_to_string (actor->role));
  _gw_drill_payload_string (b, "department", actor->department_code);
  _gw_drill_payload_string (b, "division", actor->division_code);
  if (t != NULL &&
      _gw_drill_log (r, GW_DRILL_EVENT_WORLD, now, action, command->ticket_id, GW_DRILL_ACTOR_WORLD,
                 _gw_drill_payload_end (b), NULL, &refusal))
    return _gw_db_write_release (r->db, "gw_drill_item", outer, error);

  _gw_db_write_rollback (r->db, "gw_drill_item", outer);
  g_hash_table_add (r->world->failed, g_strdup (key));
  return _gw_drill_log (r, GW_DRILL_EVENT_FAILED, now, action, command->ticket_id, GW_DRILL_ACTOR_WORLD,
                    _gw_drill_failure_payload (action, refusal ? refusal->message : ""), NULL, error);
}

/* The drill's tickets a query picks: (id, the instant the stage began[, a department]). */
typedef struct {
  gint64  id;
  gint64  since;
  char   *department;
} Candidate;

static void
candidate_clear (gpointer data)
{
  g_free (((Candidate *) data)->department);
}

static GArray *
candidates (GwDrillRun *r,
            const char *sql,
            gint64      delay,
            gint64      now,
            GError    **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (Candidate));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (found, candidate_clear);
  stmt = _gw_db_prepare (r->db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, delay);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, r->step->start);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), NULL };

      if (sqlite3_column_count (stmt) > 2)
        c.department = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_array_append_val (found, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (r->db, error, _("reading the drill’s tickets"));
      return NULL;
    }
  return g_steal_pointer (&found);
}

typedef enum {
  WORLD_VERIFY,
  WORLD_SIGN,
  WORLD_REPORT_IN,
  WORLD_REPORT_BACK,
  WORLD_EVALUATE,
  N_WORLD
} WorldStep;

/* Each picks the drill's tickets whose step began at least ?1 seconds before ?2, among the
 * tickets reported since the drill's start ?3 (the (state, reported_at) index: the
 * county's history is never read). */
#define DRILL_TICKET \
  " AND t.reported_at >= ?3" \
  " AND EXISTS (SELECT 1 FROM drill_log l WHERE l.ticket_id = t.id AND l.kind = 'injection')"

static const char *const world_sql[N_WORLD] = {
  [WORLD_VERIFY] =
    "SELECT t.id, t.reported_at FROM tickets t WHERE t.state = 'reported'"
    " AND t.source IN ('citizen', 'hotline') AND t.reported_at + ?1 <= ?2" DRILL_TICKET " ORDER BY t.id",
  [WORLD_SIGN] =
    "SELECT t.id, t.dispatched_at FROM tickets t WHERE t.state = 'dispatched'"
    " AND t.dispatched_at + ?1 <= ?2" DRILL_TICKET " ORDER BY t.id",
  [WORLD_REPORT_IN] =
    "SELECT t.id, t.dispatched_at, d.code FROM tickets t"
    " JOIN ticket_departments td ON td.ticket_id = t.id JOIN departments d ON d.id = td.department_id"
    " WHERE t.state IN ('dispatched', 'signed', 'handling') AND t.whistle = 1 AND td.lead = 0"
    " AND td.reported_in_at IS NULL AND t.dispatched_at + ?1 <= ?2" DRILL_TICKET " ORDER BY t.id, d.code",
  [WORLD_REPORT_BACK] =
    "SELECT t.id, t.signed_at FROM tickets t WHERE t.state IN ('signed', 'handling')"
    " AND t.signed_at + ?1 <= ?2" DRILL_TICKET " ORDER BY t.id",
  [WORLD_EVALUATE] =
    "SELECT t.id, t.closed_at FROM tickets t WHERE t.state = 'closed' AND t.satisfaction = 'none'"
    " AND t.closed_at + ?1 <= ?2" DRILL_TICKET " ORDER BY t.id",
};

static gboolean
world_step (GwDrillRun *r,
            WorldStep   which,
            gint64      delay,
            gint64      now,
            GError    **error)
{
  static const GwAction actions[N_WORLD] = {
    GW_ACTION_VERIFY, GW_ACTION_SIGN, GW_ACTION_REPORT_IN, GW_ACTION_REPORT_BACK, GW_ACTION_EVALUATE,
  };
  g_autoptr(GArray) found = NULL;

  if (delay <= 0)
    return TRUE;   /* never: a seat must */
  found = candidates (r, world_sql[which], delay, now, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      const Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(GwTicket) t = gw_db_get_ticket (r->db, c->id, error);
      g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                                              gw_action_to_string (actions[which]), c->id, c->since,
                                              c->department ? c->department : "");
      GwCommand command = { actions[which], c->id, };
      GwActor actor;

      if (t == NULL)
        return FALSE;
      switch (which)
        {
        case WORLD_VERIFY:
          if (t->divisions[GW_LEVEL_GRID] == NULL || area_staffed (r, GW_ROLE_GRID_WORKER, t))
            continue;
          actor = (GwActor) { GW_DRILL_ACTOR_WORLD, GW_ROLE_GRID_WORKER, t->divisions[GW_LEVEL_GRID],
                              GW_LEVEL_GRID, NULL };
          break;
        case WORLD_SIGN:
          if (!responsible_actor (r, t, &actor))
            continue;
          break;
        case WORLD_REPORT_IN:
          if (department_staffed (r, c->department))
            continue;
          actor = (GwActor) { GW_DRILL_ACTOR_WORLD, GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT,
                              c->department };
          break;
        case WORLD_REPORT_BACK:
          if (!responsible_actor (r, t, &actor))
            continue;
          command.text = WORLD_REPORT_BACK_TEXT;
          command.resolved = TRUE;
          break;
        case WORLD_EVALUATE:
          actor = dispatcher_actor (r, t);
          command.satisfaction = GW_SATISFACTION_SATISFIED;
          break;
        case N_WORLD:
        default:
          g_assert_not_reached ();
        }
      if (!world_apply (r, now, &actor, &command, key, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
world_tick (GwDrillRun *r,
            gint64      now,
            GError    **error)
{
  const GwScenarioWorld *w = &r->scenario->world;

  return world_step (r, WORLD_VERIFY, w->verify_after, now, error) &&
         world_step (r, WORLD_SIGN, w->sign_after, now, error) &&
         world_step (r, WORLD_REPORT_IN, w->report_in_after, now, error) &&
         world_step (r, WORLD_REPORT_BACK, w->report_back_after, now, error) &&
         world_step (r, WORLD_EVALUATE, w->evaluate_after, now, error);
}

/* The step ------------------------------------------------------------------------------- */

/* Sets every injection's lag, once the step has committed: real milliseconds from when it
 * became due to the commit. */
static void
write_lags (GwDrillRun *r)
{
  g_autoptr(GError) error = NULL;
  GwDrillStep *step = r->step;
  gboolean outer;
  sqlite3_stmt *stmt;

  if (step->due->len == 0)
    return;
  if (!_gw_db_write_begin (r->db, "gw_drill_lag", &outer, &error) ||
      (stmt = _gw_db_prepare (r->db, "UPDATE drill_log SET lag_ms = ?1 WHERE id = ?2", &error)) == NULL)
    goto fail;
  for (guint i = 0; i < step->due->len; i++)
    {
      GwDrillDue *due = g_ptr_array_index (step->due, i);
      gint64 lag = MAX (0, (step->committed - due->due_real) / 1000);

      if (due->event_id == 0 || due->failed)
        continue;
      sqlite3_bind_int64 (stmt, 1, lag);
      sqlite3_bind_int64 (stmt, 2, due->event_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          _gw_db_set_error (r->db, &error, _("writing the drill log"));
          _gw_db_write_rollback (r->db, "gw_drill_lag", outer);
          goto fail;
        }
      sqlite3_reset (stmt);
      for (guint j = 0; j < step->events->len; j++)
        {
          GwDrillEvent *e = g_ptr_array_index (step->events, j);
          if (e->id == due->event_id)
            {
              e->lag_ms = lag;
              break;
            }
        }
    }
  if (_gw_db_write_release (r->db, "gw_drill_lag", outer, &error))
    return;

fail:
  g_warning ("Cannot record the lag of a drill's injections: %s", error ? error->message : "?");
}

gpointer
_gw_drill_step_run (GwDb    *db,
                    gpointer data,
                    GError **error)
{
  GwDrillStep *step = data;
  GwDrillRun r = { db, step, step->scenario, step->world };
  guint next_due = 0, ticks = 0;
  gint64 t = step->from, began = g_get_monotonic_time ();
  gboolean outer;

  /* Savepoints' journals in memory: a burst's thousands of reports each take one, and on
   * temporary files they cost more than the reports themselves. */
  if (sqlite3_get_autocommit (gw_db_get_handle (db)))
    gw_db_exec (db, "PRAGMA temp_store = MEMORY", NULL);
  if (!_gw_db_write_begin (db, "gw_drill_step", &outer, error))
    return NULL;
  if (!ensure_county (&r, error))
    goto fail;

  for (;;)
    {
      gint64 tick = _gw_drill_next_tick (step->start, t);
      gint64 next = tick;

      if (next_due < step->due->len)
        next = MIN (next, ((GwDrillDue *) g_ptr_array_index (step->due, next_due))->at);
      if (step->world->ends->len > 0)
        next = MIN (next, g_array_index (step->world->ends, GwDrillEnd, 0).at);
      if (next > step->to)
        break;

      while (next_due < step->due->len && ((GwDrillDue *) g_ptr_array_index (step->due, next_due))->at == next)
        if (!_gw_drill_apply_injection (&r, g_ptr_array_index (step->due, next_due++), error))
          goto fail;
      while (step->world->ends->len > 0 && g_array_index (step->world->ends, GwDrillEnd, 0).at == next)
        {
          gboolean ok = apply_end (&r, &g_array_index (step->world->ends, GwDrillEnd, 0), error);

          g_array_remove_index (step->world->ends, 0);
          if (!ok)
            goto fail;
        }
      if (next == tick && (ticks++, !world_tick (&r, next, error)))
        goto fail;
      t = next;
    }
  /* Anything due before `from` (an ad hoc injection on a clock that has not moved). */
  while (next_due < step->due->len)
    if (!_gw_drill_apply_injection (&r, g_ptr_array_index (step->due, next_due++), error))
      goto fail;

  if (step->ends)
    {
      g_autoptr(JsonBuilder) b = _gw_drill_payload_begin (NULL);

      _gw_drill_payload_string (b, "reason", "duration");
      if (!_gw_drill_log (&r, GW_DRILL_EVENT_CONTROL, step->to, "end", 0, GW_DRILL_ACTOR_SCENARIO,
                      _gw_drill_payload_end (b), NULL, error))
        goto fail;
    }
  if (!_gw_db_write_release (db, "gw_drill_step", outer, error))
    goto fail;
  step->committed = g_get_monotonic_time ();
  write_lags (&r);
  g_debug ("step (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]: %u injections, %u ticks, %.1f ms",
           step->from - step->start, step->to - step->start, step->due->len, ticks,
           (step->committed - began) / 1000.0);
  return _gw_drill_step_ref (step);

fail:
  _gw_db_write_rollback (db, "gw_drill_step", outer);
  return NULL;
}
