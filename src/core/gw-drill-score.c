/* gw-drill-score.c: a drill's score from its database (see gw-drill-score.h): one read
 * transaction over the drill log, the audit entries of the drill's tickets and those
 * tickets, then everything in memory. */
#define G_LOG_DOMAIN "gw-drill-score"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-drill-score.h"
#include "gw-stats-private.h"

#define IN_DRILL "t.id IN (SELECT ticket_id FROM drill_log WHERE kind = 'injection' AND ticket_id > 0)"

static const char *const measure_names[] = {
  "acknowledge", "screen", "dispatch", "sign", "close",
};
static const char *const outcome_names[] = {
  "met", "late", "missed", "pending",
};
G_STATIC_ASSERT (G_N_ELEMENTS (measure_names) == GW_N_DRILL_MEASURES);
G_STATIC_ASSERT (G_N_ELEMENTS (outcome_names) == GW_N_DRILL_OUTCOMES);

const char *
gw_drill_measure_to_string (GwDrillMeasure measure)
{
  return (guint) measure < GW_N_DRILL_MEASURES ? measure_names[measure] : NULL;
}

const char *
gw_drill_outcome_to_string (GwDrillOutcome outcome)
{
  return (guint) outcome < GW_N_DRILL_OUTCOMES ? outcome_names[outcome] : NULL;
}

static void
result_free (gpointer data)
{
  GwDrillExpectationResult *r = data;

  g_free (r->done_by);
  g_free (r);
}

void
gw_drill_score_free (GwDrillScore *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->expectations, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->scenario, gw_scenario_unref);
  g_free (self);
}

/* Reading -------------------------------------------------------------------------------- */

/* One audit entry on a drill ticket. */
typedef struct {
  gint64                at;
  char                 *actor;
  char                 *action;
  char                 *to_state;
  char                 *payload;
  const GwScenarioSeat *seat;     /* NULL: not a seat */
} Entry;

/* A drill ticket: its facts, its entries, and each measure's first entry. */
typedef struct {
  gint64       id;
  gint64       reported_at;
  gint64       sign_deadline_at;
  gint64       signed_at;
  gint64       handle_deadline_at;
  gint64       reported_back_at;
  GArray      *entries;                        /* Entry, in audit order */
  int          first[GW_N_DRILL_MEASURES];     /* index into entries, -1 */
} Ticket;

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_free (e->actor);
  g_free (e->action);
  g_free (e->to_state);
  g_free (e->payload);
}

static void
ticket_free (gpointer data)
{
  Ticket *t = data;

  g_array_unref (t->entries);
  g_free (t);
}

typedef struct {
  GwDb         *db;
  GwDrillScore *score;
  GHashTable   *seats;      /* actor text -> const GwScenarioSeat * */
  GHashTable   *tickets;    /* gint64 * -> Ticket */
  GArray       *times[GW_N_DRILL_MEASURES];   /* the team's: gint64 */
  GPtrArray    *seat_times;                   /* per seat: GArray *[GW_N_DRILL_MEASURES] */
  gboolean      final;      /* the log says the drill ended by `end` */
} Scoring;

static gint64
query_int (GwDb       *db,
           const char *sql,
           gint64      param,
           gboolean   *found,
           GError    **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, sql, error);
  gint64 value = 0;
  int rc;

  if (found)
    *found = FALSE;
  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      value = sqlite3_column_int64 (stmt, 0);
      if (found)
        *found = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _gw_db_set_error (db, error, _("reading the drill log"));
  return value;
}

/* Stands for a seat not known among several. */
static const GwScenarioSeat ambiguous_seat;

static gboolean
map_seats (Scoring *s,
           GError **error)
{
  GwScenario *scenario = s->score->scenario;
  sqlite3_stmt *stmt = _gw_db_prepare (s->db, "SELECT display_name FROM users WHERE username = ?1", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);

      if (seat->username)
        g_hash_table_insert (s->seats, g_strdup (seat->username), (gpointer) seat);
    }
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);

      if (seat->username == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, seat->username, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);
          gpointer other;

          /* A display name two seats share is a seat's, but not which: the team's only. */
          if (name && !g_hash_table_lookup_extended (s->seats, name, NULL, &other))
            g_hash_table_insert (s->seats, g_strdup (name), (gpointer) seat);
          else if (name && other != seat && g_strcmp0 (((const GwScenarioSeat *) other)->username, name) != 0)
            g_hash_table_insert (s->seats, g_strdup (name), (gpointer) &ambiguous_seat);
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
read_tickets (Scoring *s,
              GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (s->db,
      "SELECT t.id, t.reported_at, t.sign_deadline_at, t.signed_at, t.handle_deadline_at,"
      " t.reported_back_at FROM tickets t WHERE " IN_DRILL " AND t.reported_at <= ?1 ORDER BY t.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->score->end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Ticket *t = g_new0 (Ticket, 1);

      t->id = sqlite3_column_int64 (stmt, 0);
      t->reported_at = sqlite3_column_int64 (stmt, 1);
      t->sign_deadline_at = sqlite3_column_int64 (stmt, 2);
      t->signed_at = sqlite3_column_int64 (stmt, 3);
      t->handle_deadline_at = sqlite3_column_int64 (stmt, 4);
      t->reported_back_at = sqlite3_column_int64 (stmt, 5);
      t->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
      g_array_set_clear_func (t->entries, entry_clear);
      for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
        t->first[m] = -1;
      g_hash_table_insert (s->tickets, &t->id, t);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (s->db, error, _("reading the drill’s tickets"));
  s->score->n_tickets = g_hash_table_size (s->tickets);
  return TRUE;
}

static gboolean
is_action (const Entry *e,
           GwAction     action)
{
  return g_strcmp0 (e->action, gw_action_to_string (action)) == 0;
}

/* Whether the entry is the step a measure times (acknowledge aside). */
static gboolean
entry_measures (const Entry   *e,
                GwDrillMeasure m)
{
  switch (m)
    {
    case GW_DRILL_MEASURE_ACKNOWLEDGE:
      return e->seat != NULL;
    case GW_DRILL_MEASURE_SCREEN:
      return is_action (e, GW_ACTION_SCREEN) || is_action (e, GW_ACTION_ESCALATE);
    case GW_DRILL_MEASURE_DISPATCH:
      return is_action (e, GW_ACTION_DISPATCH) || is_action (e, GW_ACTION_WHISTLE);
    case GW_DRILL_MEASURE_SIGN:
      return is_action (e, GW_ACTION_SIGN);
    case GW_DRILL_MEASURE_CLOSE:
      return is_action (e, GW_ACTION_CLOSE);
    case GW_N_DRILL_MEASURES:
    default:
      return FALSE;
    }
}

static gboolean
read_audit (Scoring *s,
            GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (s->db,
      "SELECT a.ticket_id, a.at, a.actor, a.action, a.to_state, a.payload FROM audit a"
      " WHERE a.ticket_id IN (SELECT ticket_id FROM drill_log WHERE kind = 'injection' AND ticket_id > 0)"
      " AND a.at <= ?1 ORDER BY a.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->score->end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Ticket *t = g_hash_table_lookup (s->tickets, &id);
      Entry e = { 0, };

      if (t == NULL)
        continue;
      e.at = sqlite3_column_int64 (stmt, 1);
      e.actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e.action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e.to_state = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e.payload = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      e.seat = e.actor ? g_hash_table_lookup (s->seats, e.actor) : NULL;
      g_array_append_val (t->entries, e);
      for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
        if (t->first[m] < 0 && entry_measures (&e, m))
          t->first[m] = t->entries->len - 1;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (s->db, error, _("reading the drill’s audit log"));
  return TRUE;
}

/* Times ----------------------------------------------------------------------------------- */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static GwDrillTiming
timing_of (GArray *values)
{
  GwDrillTiming t = { values->len, NAN, NAN };
  double sum = 0;
  guint n = values->len;

  if (n == 0)
    return t;
  g_array_sort (values, compare_int64);
  for (guint i = 0; i < n; i++)
    sum += (double) g_array_index (values, gint64, i);
  t.mean_seconds = sum / n;
  if (n % 2)
    t.median_seconds = (double) g_array_index (values, gint64, n / 2);
  else
    t.median_seconds = ((double) g_array_index (values, gint64, n / 2 - 1) +
                        (double) g_array_index (values, gint64, n / 2)) / 2.0;
  return t;
}

static int
seat_index (GwScenario           *scenario,
            const GwScenarioSeat *seat)
{
  for (guint i = 0; seat && i < scenario->seats->len; i++)
    if (g_ptr_array_index (scenario->seats, i) == seat)
      return (int) i;
  return -1;
}

static void
tally_times (Scoring *s)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, s->tickets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Ticket *t = value;

      for (guint i = 0; i < t->entries->len; i++)
        {
          const Entry *e = &g_array_index (t->entries, Entry, i);
          int k = seat_index (s->score->scenario, e->seat);

          if (k >= 0)
            ((GwDrillSeatScore *) g_ptr_array_index (s->score->seats, k))->n_actions++;
          if (e->seat != NULL)
            s->score->team.n_actions++;
        }
      for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
        {
          const Entry *e;
          gint64 seconds;
          int k;

          if (t->first[m] < 0)
            continue;
          e = &g_array_index (t->entries, Entry, t->first[m]);
          if (e->seat == NULL)
            continue;   /* the world did it */
          seconds = e->at - t->reported_at;
          g_array_append_val (s->times[m], seconds);
          k = seat_index (s->score->scenario, e->seat);
          if (k >= 0)
            g_array_append_val (((GArray **) g_ptr_array_index (s->seat_times, k))[m], seconds);
        }
    }
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    {
      s->score->team.timings[m] = timing_of (s->times[m]);
      for (guint k = 0; k < s->score->seats->len; k++)
        ((GwDrillSeatScore *) g_ptr_array_index (s->score->seats, k))->timings[m] =
          timing_of (((GArray **) g_ptr_array_index (s->seat_times, k))[m]);
    }
}

/* Expectations ---------------------------------------------------------------------------- */

static JsonObject *
payload_object (const char *payload,
                JsonParser *parser)
{
  JsonNode *root;

  if (payload == NULL || !json_parser_load_from_data (parser, payload, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static gboolean
payload_has_department (JsonObject *o,
                        const char *code)
{
  JsonArray *list;

  if (o == NULL)
    return FALSE;
  if (json_object_has_member (o, "department") &&
      g_strcmp0 (json_object_get_string_member_with_default (o, "department", NULL), code) == 0)
    return TRUE;
  if (!json_object_has_member (o, "departments") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "departments")))
    return FALSE;
  list = json_object_get_array_member (o, "departments");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (n), code) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
entry_fulfils (const Entry         *e,
               const GwExpectation *x)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o;

  switch (x->kind)
    {
    case GW_EXPECT_SCREENED:
      return entry_measures (e, GW_DRILL_MEASURE_SCREEN);
    case GW_EXPECT_SIGNED:
      return entry_measures (e, GW_DRILL_MEASURE_SIGN);
    case GW_EXPECT_CLOSED:
      return entry_measures (e, GW_DRILL_MEASURE_CLOSE);
    case GW_EXPECT_DISPATCHED:
      if (!is_action (e, GW_ACTION_DISPATCH) && !is_action (e, GW_ACTION_WHISTLE) &&
          !is_action (e, GW_ACTION_REASSIGN))
        return FALSE;
      if (x->department_code == NULL)
        return TRUE;
      parser = json_parser_new_immutable ();
      return payload_has_department (payload_object (e->payload, parser), x->department_code);
    case GW_EXPECT_WHISTLED:
      if (!is_action (e, GW_ACTION_WHISTLE))
        return FALSE;
      parser = json_parser_new_immutable ();
      o = payload_object (e->payload, parser);
      for (guint i = 0; x->departments && i < x->departments->len; i++)
        if (!payload_has_department (o, g_ptr_array_index (x->departments, i)))
          return FALSE;
      return TRUE;
    case GW_EXPECT_ESCALATED:
      {
        const char *level_name;
        GwLevel level;

        if (!is_action (e, GW_ACTION_ESCALATE))
          return FALSE;
        parser = json_parser_new_immutable ();
        o = payload_object (e->payload, parser);
        level_name = o ? json_object_get_string_member_with_default (o, "level", NULL) : NULL;
        return level_name && gw_level_from_string (level_name, &level) && level <= x->level;
      }
    case GW_EXPECT_CAMERAS_ON_WALL:
    case GW_N_EXPECT_KINDS:
    default:
      return FALSE;
    }
}

/* When a seat first reported the ticket's cameras on a wall: FALSE when none did. */
static gboolean
wall_event (Scoring *s,
            gint64   ticket_id,
            gint64  *at,
            char   **actor,
            GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (s->db, "SELECT at, actor FROM drill_log WHERE kind = 'seat'"
                                              " AND ref = 'wall' AND ticket_id = ?1 AND at <= ?2"
                                              " ORDER BY at, id LIMIT 1", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, s->score->end);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *at = sqlite3_column_int64 (stmt, 0);
      *actor = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return found;
}

static char *
who (Scoring    *s,
     const char *actor)
{
  const GwScenarioSeat *seat = actor ? g_hash_table_lookup (s->seats, actor) : NULL;

  return g_strdup (seat && seat != &ambiguous_seat ? seat->id : actor);
}

/* TRUE when the report an expectation is about is still to come at the score's end. */
static gboolean
not_yet_injected (GwDrillScore *score,
                  const char   *injection_id)
{
  const GwInjection *inj = injection_id ? gw_scenario_find_injection (score->scenario, injection_id) : NULL;

  return inj != NULL && score->start + inj->at >= score->end;
}

static gboolean
score_expectations (Scoring *s,
                    GError **error)
{
  GwDrillScore *score = s->score;

  for (guint i = 0; i < score->scenario->expectations->len; i++)
    {
      const GwExpectation *x = g_ptr_array_index (score->scenario->expectations, i);
      GwDrillExpectationResult *r = g_new0 (GwDrillExpectationResult, 1);
      GError *local_error = NULL;
      gint64 id;
      Ticket *t;
      int k;

      r->expectation = x;
      g_ptr_array_add (score->expectations, r);
      id = x->ticket ? gw_db_drill_ticket_for (s->db, x->ticket, &local_error) : 0;
      if (local_error)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      t = id ? g_hash_table_lookup (s->tickets, &id) : NULL;
      if (t != NULL)
        {
          r->ticket_id = t->id;
          r->reported_at = t->reported_at;
          r->due_at = t->reported_at + x->within;
          if (x->kind == GW_EXPECT_CAMERAS_ON_WALL)
            {
              g_autofree char *actor = NULL;

              if (wall_event (s, t->id, &r->done_at, &actor, &local_error))
                r->done_by = who (s, actor);
              if (local_error)
                {
                  g_propagate_error (error, local_error);
                  return FALSE;
                }
            }
          else
            for (guint j = 0; j < t->entries->len; j++)
              {
                const Entry *e = &g_array_index (t->entries, Entry, j);

                if (entry_fulfils (e, x))
                  {
                    r->done_at = e->at;
                    r->done_by = who (s, e->actor);
                    break;
                  }
              }
        }

      if (r->done_at != 0 && r->done_at <= r->due_at)
        r->outcome = GW_DRILL_OUTCOME_MET;
      else if (r->done_at != 0)
        {
          r->outcome = GW_DRILL_OUTCOME_LATE;
          r->late_by = r->done_at - r->due_at;
        }
      else if (t == NULL && !s->final && not_yet_injected (score, x->ticket))
        r->outcome = GW_DRILL_OUTCOME_PENDING;
      else if (t == NULL || r->due_at < score->end || s->final)
        {
          r->outcome = GW_DRILL_OUTCOME_MISSED;
          r->late_by = t != NULL ? MAX (0, score->end - r->due_at) : 0;
        }
      else
        r->outcome = GW_DRILL_OUTCOME_PENDING;

      score->points += x->points;
      score->team.expectations++;
      score->team.points += x->points;
      if (r->outcome == GW_DRILL_OUTCOME_MET)
        {
          score->points_met += x->points;
          score->team.met++;
          score->team.points_met += x->points;
        }
      k = seat_index (score->scenario, x->seat ? gw_scenario_find_seat (score->scenario, x->seat) : NULL);
      if (k >= 0)
        {
          GwDrillSeatScore *seat = g_ptr_array_index (score->seats, k);

          seat->expectations++;
          seat->points += x->points;
          if (r->outcome == GW_DRILL_OUTCOME_MET)
            {
              seat->met++;
              seat->points_met += x->points;
            }
        }
    }
  score->total = score->points > 0 ? score->points_met * 100.0 / score->points : 0.0;
  return TRUE;
}

static void
score_deadlines (Scoring *s)
{
  GHashTableIter iter;
  gpointer value;
  gint64 end = s->score->end;

  g_hash_table_iter_init (&iter, s->tickets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Ticket *t = value;
      gboolean signed_for = t->signed_at > 0 && t->signed_at <= end;
      gboolean back = t->reported_back_at > 0 && t->reported_back_at <= end;

      if (t->sign_deadline_at > 0 && (signed_for || t->sign_deadline_at <= end))
        {
          s->score->sign_deadlines_due++;
          if (signed_for && t->signed_at <= t->sign_deadline_at)
            s->score->sign_deadlines_kept++;
        }
      if (t->handle_deadline_at > 0 && (back || t->handle_deadline_at <= end))
        {
          s->score->handle_deadlines_due++;
          if (back && t->reported_back_at <= t->handle_deadline_at)
            s->score->handle_deadlines_kept++;
        }
    }
}

static gboolean
score_injections (Scoring *s,
                  GError **error)
{
  g_autoptr(GArray) lags = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _gw_db_prepare (s->db, "SELECT lag_ms FROM drill_log WHERE kind = 'injection' AND at <= ?1", error);
  GError *local_error = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->score->end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 lag = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (lags, lag);
      s->score->max_lag_ms = MAX (s->score->max_lag_ms, lag);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (s->db, error, _("reading the drill log"));
  s->score->n_injections = lags->len;
  s->score->median_lag_ms = timing_of (lags).median_seconds;
  s->score->n_failed = query_int (s->db, "SELECT count(*) FROM drill_log WHERE kind = 'failed' AND at <= ?1",
                                  s->score->end, NULL, &local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
compute (Scoring *s,
         gint64   end,
         GError **error)
{
  GwDrillScore *score = s->score;
  g_autoptr(GwFigures) figures = NULL;
  GError *local_error = NULL;
  gboolean found = FALSE;
  gint64 ended;

  ended = query_int (s->db, "SELECT at FROM drill_log WHERE kind = 'control' AND ref = 'end' ORDER BY id LIMIT 1",
                     0, &found, &local_error);
  if (local_error == NULL && end == 0)
    {
      end = found ? ended : query_int (s->db, "SELECT max(at) FROM drill_log", 0, NULL, &local_error);
      if (end == 0)
        end = score->start;
    }
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  score->end = MAX (end, score->start);
  s->final = found && ended <= score->end;

  if (!map_seats (s, error) || !read_tickets (s, error) || !read_audit (s, error))
    return FALSE;
  tally_times (s);
  if (!score_expectations (s, error) || !score_injections (s, error))
    return FALSE;
  score_deadlines (s);
  figures = _gw_db_get_drill_figures (s->db, score->start, score->end + 1, error);
  if (figures == NULL)
    return FALSE;
  score->figures = *figures;
  return TRUE;
}

static void
seat_times_free (gpointer data)
{
  GArray **times = data;

  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    g_array_unref (times[m]);
  g_free (times);
}

GwDrillScore *
gw_drill_score_compute (GwDb       *db,
                        GwScenario *scenario,
                        gint64      end,
                        GError    **error)
{
  g_autoptr(GwDrillScore) score = g_new0 (GwDrillScore, 1);
  Scoring s = { db, score, };
  gboolean own, ok;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  score->scenario = gw_scenario_ref (scenario);
  score->start = scenario->start;
  score->median_lag_ms = NAN;
  score->expectations = g_ptr_array_new_with_free_func (result_free);
  score->seats = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      GwDrillSeatScore *seat = g_new0 (GwDrillSeatScore, 1);
      seat->seat = g_ptr_array_index (scenario->seats, i);
      g_ptr_array_add (score->seats, seat);
    }
  s.seats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s.tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, ticket_free);
  s.seat_times = g_ptr_array_new_with_free_func (seat_times_free);
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    s.times[m] = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      GArray **times = g_new0 (GArray *, GW_N_DRILL_MEASURES);
      for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
        times[m] = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (s.seat_times, times);
    }

  /* One read transaction: the log, the audit and the tickets agree. */
  own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);
  ok = compute (&s, end, error);
  if (own)
    gw_db_exec (db, "COMMIT", NULL);

  g_hash_table_unref (s.seats);
  g_hash_table_unref (s.tickets);
  g_ptr_array_unref (s.seat_times);
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    g_array_unref (s.times[m]);
  return ok ? g_steal_pointer (&score) : NULL;
}

typedef struct {
  GwScenario *scenario;
  gint64      end;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  gw_scenario_unref (d->scenario);
  g_free (d);
}

static gpointer
compute_func (GwDb    *db,
              gpointer data,
              GError **error)
{
  ComputeData *d = data;

  return gw_drill_score_compute (db, d->scenario, d->end, error);
}

void
gw_store_compute_drill_score_async (GwStore            *store,
                                    GwScenario         *scenario,
                                    gint64              end,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  ComputeData *d = g_new0 (ComputeData, 1);

  d->scenario = gw_scenario_ref (scenario);
  d->end = end;
  gw_store_read_async (store, compute_func, d, compute_data_free, (GDestroyNotify) gw_drill_score_free,
                       cancellable, callback, user_data);
}

GwDrillScore *
gw_store_compute_drill_score_finish (GwStore      *store,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return gw_store_read_finish (store, result, error);
}
