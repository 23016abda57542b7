/* gw-ticket-query.c: a queue's filters, view and sort, as SQL over the ticket table. */
#define G_LOG_DOMAIN "gw-ticket-query"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-enums-private.h"
#include "gw-fts.h"
#include "gw-ticket-query.h"

G_DEFINE_BOXED_TYPE (GwTicketQuery, gw_ticket_query, gw_ticket_query_copy, gw_ticket_query_free)

static const char *const view_names[GW_N_TICKET_VIEWS + 1] = {
  "all", "my-queue", "new", "red-overdue", "emergency", "whistle-waiting", "awaiting-evaluation", NULL,
};

static const char *const sort_names[GW_N_TICKET_SORTS + 1] = {
  "received", "number", "light", "category", "location", "source", "urgency", "level", "state",
  "board", "time-left", NULL,
};

GwTicketQuery *
gw_ticket_query_new (void)
{
  GwTicketQuery *self = g_new0 (GwTicketQuery, 1);

  self->descending = TRUE;
  return self;
}

GwTicketQuery *
gw_ticket_query_copy (const GwTicketQuery *self)
{
  GwTicketQuery *copy = g_memdup2 (self, sizeof *self);

  copy->board = g_strdup (self->board);
  copy->department_code = g_strdup (self->department_code);
  copy->category = g_strdup (self->category);
  copy->division_code = g_strdup (self->division_code);
  copy->text = g_strdup (self->text);
  return copy;
}

void
gw_ticket_query_free (GwTicketQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->board);
  g_free (self->department_code);
  g_free (self->category);
  g_free (self->division_code);
  g_free (self->text);
  g_free (self);
}

gboolean
gw_ticket_query_equal (const GwTicketQuery *a,
                       const GwTicketQuery *b)
{
  return a->view == b->view && a->states == b->states && a->lights == b->lights &&
         a->urgencies == b->urgencies && a->sources == b->sources &&
         g_strcmp0 (a->board, b->board) == 0 &&
         g_strcmp0 (a->department_code, b->department_code) == 0 &&
         g_strcmp0 (a->category, b->category) == 0 &&
         g_strcmp0 (a->division_code, b->division_code) == 0 &&
         a->from == b->from && a->to == b->to && g_strcmp0 (a->text, b->text) == 0 &&
         a->sort == b->sort && a->descending == b->descending;
}

GW_ENUM_STRING_FUNCS (gw_ticket_view, GwTicketView, view_names, GW_N_TICKET_VIEWS)
GW_ENUM_STRING_FUNCS (gw_ticket_sort, GwTicketSort, sort_names, GW_N_TICKET_SORTS)

/* The SQL ---------------------------------------------------------------------------- */

typedef struct {
  GString    *sql;
  GPtrArray  *texts;   /* bound in order after ?1 (now) */
  const char *broad;   /* "+" before a broad filter's column when it must not drive the query */
} Builder;

static void
bind_next (Builder    *b,
           const char *text)
{
  g_ptr_array_add (b->texts, g_strdup (text));
  g_string_append_printf (b->sql, "?%u", b->texts->len + 1);
}

/* The instant a light is read at: a paused clock keeps the light it had. */
#define LIGHT_AT "COALESCE(t.paused_at, ?1)"

/* Open states as a list, so that the state index serves it. */
#define OPEN_STATES GW_DB_OPEN_STATES

/* A closed ticket shows no light (its follow-up clock is the evaluation's, not a stage's). */
static const char light_expr[] =
  "(CASE WHEN t.stage IS NULL OR t.state NOT IN " OPEN_STATES " THEN 0"
  " WHEN " LIGHT_AT " >= t.deadline_at THEN 4"
  " WHEN " LIGHT_AT " >= t.red_at THEN 3"
  " WHEN " LIGHT_AT " >= t.yellow_at THEN 2 ELSE 1 END)";

static const char open_expr[] = "t.state IN " OPEN_STATES;

static void
append_names_in (GString           *sql,
                 const char        *column,
                 const char *const *names,
                 guint              mask)
{
  gboolean first = TRUE;

  g_string_append_printf (sql, " AND %s IN (", column);
  for (guint i = 0; names[i]; i++)
    if (mask & (1u << i))
      {
        g_string_append_printf (sql, "%s'%s'", first ? "" : ", ", names[i]);
        first = FALSE;
      }
  g_string_append (sql, ")");
}

/* An enum column in its declared order (not alphabetical). */
static void
append_enum_rank (GString           *sql,
                  const char        *column,
                  const char *const *names)
{
  g_string_append_printf (sql, "(CASE %s", column);
  for (guint i = 0; names[i]; i++)
    g_string_append_printf (sql, " WHEN '%s' THEN %u", names[i], i);
  g_string_append (sql, " END)");
}

static const char *
division_column (GwLevel level)
{
  switch (level)
    {
    case GW_LEVEL_STREET:
      return "t.street_id";
    case GW_LEVEL_COMMUNITY:
      return "t.community_id";
    case GW_LEVEL_GRID:
      return "t.grid_id";
    case GW_LEVEL_DISTRICT:
    case GW_LEVEL_AREA:
    case GW_LEVEL_MICROGRID:
    case GW_N_LEVELS:
    default:
      g_assert_not_reached ();
      return NULL;
    }
}

/* Restricts to a division's subtree. FALSE when the code is unknown (nothing matches). */
static gboolean
append_division (GwDb       *db,
                 Builder    *b,
                 const char *code)
{
  const GwDbDivision *d = _gw_db_division_by_code (db, code);

  if (d == NULL)
    return FALSE;
  /* The county itself holds every ticket. */
  if (d->level == GW_LEVEL_DISTRICT && d->parent_id == 0)
    return TRUE;
  if (d->level == GW_LEVEL_STREET || d->level == GW_LEVEL_COMMUNITY || d->level == GW_LEVEL_GRID)
    g_string_append_printf (b->sql, " AND %s%s = %" G_GINT64_FORMAT, b->broad, division_column (d->level), d->id);
  else
    {
      g_autofree char *upper = _gw_db_code_prefix_end (code);

      /* Any other level by its code: a division's code extends its parent's. */
      g_string_append_printf (b->sql, " AND %st.division_id IN (SELECT id FROM divisions WHERE code >= ", b->broad);
      bind_next (b, code);
      g_string_append (b->sql, " AND code < ");
      bind_next (b, upper);
      g_string_append (b->sql, ")");
    }
  return TRUE;
}

static void
append_view (GwDb          *db,
             Builder       *b,
             GwTicketView   view,
             const GwActor *actor)
{
  switch (view)
    {
    case GW_TICKET_VIEW_ALL:
    case GW_N_TICKET_VIEWS:
      break;
    case GW_TICKET_VIEW_MY_QUEUE:
      if (actor == NULL)
        g_string_append (b->sql, " AND 0");
      else if (actor->role == GW_ROLE_DEPARTMENT_HANDLER)
        {
          /* Dispatched to the department, or a whistle it has not yet answered. */
          g_string_append (b->sql, " AND ((t.state IN ('dispatched', 'signed', 'handling')"
                                   " AND t.department_id = (SELECT id FROM departments WHERE code = ");
          bind_next (b, actor->department_code ? actor->department_code : "");
          g_string_append (b->sql, ")) OR (t.whistle = 1 AND " );
          g_string_append (b->sql, open_expr);
          g_string_append (b->sql, " AND EXISTS (SELECT 1 FROM ticket_departments d JOIN departments p"
                                   " ON p.id = d.department_id WHERE d.ticket_id = t.id"
                                   " AND d.reported_in_at IS NULL AND p.code = ");
          bind_next (b, actor->department_code ? actor->department_code : "");
          g_string_append (b->sql, ")))");
        }
      else
        {
          const char *level = gw_level_to_string (actor->level);

          /* At the actor's level: to verify, screen and dispatch; dispatched from it: to
           * check and close, and extensions to approve. */
          if (actor->division_code && !append_division (db, b, actor->division_code))
            g_string_append (b->sql, " AND 0");
          g_string_append (b->sql, " AND ((t.level = ");
          bind_next (b, level);
          g_string_append (b->sql, " AND t.state IN ('reported', 'verifying', 'screened'))"
                                   " OR (t.dispatcher_level = ");
          bind_next (b, level);
          g_string_append (b->sql, " AND (t.state = 'checking' OR (t.state IN ('signed', 'handling')"
                                   " AND t.extension_seconds IS NOT NULL))))");
        }
      break;
    case GW_TICKET_VIEW_NEW:
      g_string_append (b->sql, " AND t.state IN ('reported', 'verifying')");
      break;
    case GW_TICKET_VIEW_RED_OVERDUE:
      g_string_append_printf (b->sql, " AND %s AND t.stage IS NOT NULL AND " LIGHT_AT " >= t.red_at",
                              open_expr);
      break;
    case GW_TICKET_VIEW_EMERGENCY:
      g_string_append_printf (b->sql, " AND %s AND t.urgency = 'emergency'", open_expr);
      break;
    case GW_TICKET_VIEW_WHISTLE_WAITING:
      g_string_append_printf (b->sql, " AND %s AND t.whistle = 1 AND EXISTS (SELECT 1 FROM"
                                      " ticket_departments d WHERE d.ticket_id = t.id"
                                      " AND d.reported_in_at IS NULL)", open_expr);
      break;
    case GW_TICKET_VIEW_AWAITING_EVALUATION:
      g_string_append (b->sql, " AND t.state = 'closed' AND t.evaluated_at IS NULL");
      break;
    }
}

static gboolean
looks_like_number (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return n >= 2;
}

/* Builds "SELECT <what> FROM tickets t WHERE …" for the query's filters. FALSE when the
 * query can match nothing (an unknown division). */
static gboolean
build_where (GwDb                *db,
             Builder             *b,
             const GwTicketQuery *q,
             const GwActor       *actor)
{
  /* SQLite here has no STAT4 histograms, so it takes a street (60,000 tickets) for as
   * narrow as the open states (2,500) and walks the street's index to skip the sort. A
   * saved view and a search are narrow by nature: when one is set, the broad filters are
   * checked on its rows ("+column" keeps their index out of the plan). */
  b->broad = (q->view != GW_TICKET_VIEW_ALL && q->view < GW_N_TICKET_VIEWS) || (q->text && *q->text) ? "+" : "";
  append_view (db, b, q->view, actor);
  if (q->states)
    append_names_in (b->sql, "t.state", gw_ticket_state_names (), q->states);
  if (q->urgencies)
    append_names_in (b->sql, *b->broad ? "+t.urgency" : "t.urgency", gw_urgency_names (), q->urgencies);
  if (q->sources)
    append_names_in (b->sql, *b->broad ? "+t.source" : "t.source", gw_source_names (), q->sources);
  if (q->lights)
    {
      gboolean first = TRUE;

      /* Lights are the open tickets': say so, and the state index serves the filter. */
      if (!(q->lights & (1u << GW_LIGHT_NONE)))
        g_string_append_printf (b->sql, " AND %s", open_expr);
      g_string_append_printf (b->sql, " AND %s IN (", light_expr);
      for (guint i = 0; i < GW_N_LIGHTS; i++)
        if (q->lights & (1u << i))
          {
            g_string_append_printf (b->sql, "%s%u", first ? "" : ", ", i);
            first = FALSE;
          }
      g_string_append (b->sql, ")");
    }
  if (q->board)
    {
      g_string_append_printf (b->sql, " AND %st.board = ", b->broad);
      bind_next (b, q->board);
    }
  if (q->department_code)
    {
      g_string_append_printf (b->sql, " AND %st.department_id = (SELECT id FROM departments WHERE code = ", b->broad);
      bind_next (b, q->department_code);
      g_string_append (b->sql, ")");
    }
  if (q->category && *q->category)
    {
      g_autofree char *upper = _gw_db_code_prefix_end (q->category);

      /* A prefix as a range, so the comparison stays exact (no LIKE case folding). */
      g_string_append_printf (b->sql, " AND %st.category >= ", b->broad);
      bind_next (b, q->category);
      g_string_append_printf (b->sql, " AND %st.category < ", b->broad);
      bind_next (b, upper);
    }
  if (q->division_code && !append_division (db, b, q->division_code))
    return FALSE;
  if (q->from)
    g_string_append_printf (b->sql, " AND t.reported_at >= %" G_GINT64_FORMAT, q->from);
  if (q->to)
    g_string_append_printf (b->sql, " AND t.reported_at < %" G_GINT64_FORMAT, q->to);
  if (q->text && *q->text)
    {
      g_autofree char *match = gw_fts_match_expression (q->text);
      g_autofree char *stripped = g_strstrip (g_strdup (q->text));

      if (match == NULL && !looks_like_number (stripped))
        return FALSE;
      g_string_append (b->sql, " AND (");
      if (match)
        {
          g_string_append (b->sql, "t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ");
          bind_next (b, match);
          g_string_append (b->sql, ")");
        }
      if (looks_like_number (stripped))
        {
          g_autofree char *prefix = _gw_db_code_prefix_end (stripped);

          /* Ticket numbers by prefix: what an officer reads off a phone or a form. */
          g_string_append_printf (b->sql, "%s(t.number >= ", match ? " OR " : "");
          bind_next (b, stripped);
          g_string_append (b->sql, " AND t.number < ");
          bind_next (b, prefix);
          g_string_append (b->sql, ")");
        }
      g_string_append (b->sql, ")");
    }
  return TRUE;
}

static void
append_order (Builder             *b,
              const GwTicketQuery *q)
{
  const char *dir = q->descending ? "DESC" : "ASC";

  g_string_append (b->sql, " ORDER BY ");
  switch (q->sort)
    {
    case GW_TICKET_SORT_RECEIVED:
    case GW_N_TICKET_SORTS:
      g_string_append (b->sql, "t.reported_at");
      break;
    case GW_TICKET_SORT_NUMBER:
      g_string_append (b->sql, "t.number");
      break;
    case GW_TICKET_SORT_LIGHT:
      g_string_append (b->sql, light_expr);
      break;
    case GW_TICKET_SORT_CATEGORY:
      g_string_append (b->sql, "t.category");
      break;
    case GW_TICKET_SORT_LOCATION:
      g_string_append (b->sql, "(SELECT code FROM divisions WHERE id = t.grid_id)");
      break;
    case GW_TICKET_SORT_SOURCE:
      append_enum_rank (b->sql, "t.source", gw_source_names ());
      break;
    case GW_TICKET_SORT_URGENCY:
      append_enum_rank (b->sql, "t.urgency", gw_urgency_names ());
      break;
    case GW_TICKET_SORT_LEVEL:
      append_enum_rank (b->sql, "t.level", gw_level_names ());
      break;
    case GW_TICKET_SORT_STATE:
      append_enum_rank (b->sql, "t.state", gw_ticket_state_names ());
      break;
    case GW_TICKET_SORT_BOARD:
      g_string_append (b->sql, "t.board");
      break;
    case GW_TICKET_SORT_TIME_LEFT:
      /* Tickets without a running clock come last either way. */
      g_string_append (b->sql, "t.stage IS NULL, CASE WHEN t.stage IS NOT NULL THEN t.deadline_at - " LIGHT_AT " END");
      break;
    }
  g_string_append_printf (b->sql, " %s, t.id DESC", dir);
}

static sqlite3_stmt *
prepare (GwDb     *db,
         Builder  *b,
         gint64    now,
         GError  **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (gw_db_get_handle (db), b->sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      _gw_db_set_error (db, error, _("querying tickets"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, now);
  for (guint i = 0; i < b->texts->len; i++)
    sqlite3_bind_text (stmt, i + 2, g_ptr_array_index (b->texts, i), -1, SQLITE_STATIC);
  return stmt;
}

GArray *
gw_db_query_ticket_ids (GwDb                *db,
                        const GwTicketQuery *query,
                        const GwActor       *actor,
                        gint64               now,
                        GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT t.id FROM tickets t WHERE 1");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Builder b = { sql, texts };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (query != NULL, NULL);

  if (!build_where (db, &b, query, actor))
    return g_steal_pointer (&ids);
  append_order (&b, query);
  g_debug ("%s", sql->str);
  if (!(stmt = prepare (db, &b, now, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("querying tickets")), NULL;
  return g_steal_pointer (&ids);
}

gboolean
gw_db_count_ticket_views (GwDb          *db,
                          const GwActor *actor,
                          gint64         now,
                          gint64        *counts,
                          GError       **error)
{
  for (guint v = 0; v < GW_N_TICKET_VIEWS; v++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM tickets t WHERE 1");
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      Builder b = { sql, texts };
      GwTicketQuery q = { .view = v };
      sqlite3_stmt *stmt;
      int rc;

      counts[v] = 0;
      if (!build_where (db, &b, &q, actor))
        continue;
      if (!(stmt = prepare (db, &b, now, error)))
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        counts[v] = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        return _gw_db_set_error (db, error, _("counting tickets")), FALSE;
    }
  return TRUE;
}

/* Names ------------------------------------------------------------------------------- */

void
gw_queue_names_free (GwQueueNames *names)
{
  if (names == NULL)
    return;
  g_clear_pointer (&names->divisions, g_hash_table_unref);
  g_clear_pointer (&names->division_levels, g_hash_table_unref);
  g_clear_pointer (&names->departments, g_hash_table_unref);
  g_free (names);
}

static gboolean
read_names (GwDb        *db,
            const char  *sql,
            GHashTable  *into,
            GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (into, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading names")), FALSE;
  return TRUE;
}

GwQueueNames *
gw_db_get_queue_names (GwDb    *db,
                       GError **error)
{
  g_autoptr(GwQueueNames) names = g_new0 (GwQueueNames, 1);

  names->divisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  names->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  names->division_levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT code, level FROM divisions", error);
    int rc;

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        GwLevel level = GW_LEVEL_DISTRICT;
        gw_level_from_string ((const char *) sqlite3_column_text (stmt, 1), &level);
        g_hash_table_insert (names->division_levels, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             GINT_TO_POINTER (level));
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      return _gw_db_set_error (db, error, _("reading names")), NULL;
  }
  if (!read_names (db, "SELECT code, name FROM divisions", names->divisions, error) ||
      !read_names (db, "SELECT code, name FROM departments", names->departments, error))
    return NULL;
  return g_steal_pointer (&names);
}

/* The oracle ------------------------------------------------------------------------- */

static GwLight
naive_light (const GwTicket *t,
             gint64          now)
{
  return gw_ticket_state_is_open (t->state) ? gw_stage_timer_light (&t->timer, now, NULL) : GW_LIGHT_NONE;
}

static gboolean
in_subtree (const GwTicket *t,
            const char     *code)
{
  for (guint l = 0; l < GW_N_LEVELS; l++)
    if (g_strcmp0 (t->divisions[l], code) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
naive_view (const GwTicket *t,
            GwTicketView    view,
            const GwActor  *actor,
            gint64          now)
{
  gboolean open = gw_ticket_state_is_open (t->state);

  switch (view)
    {
    case GW_TICKET_VIEW_ALL:
    case GW_N_TICKET_VIEWS:
      return TRUE;
    case GW_TICKET_VIEW_MY_QUEUE:
      if (actor == NULL)
        return FALSE;
      if (actor->role == GW_ROLE_DEPARTMENT_HANDLER)
        {
          if ((t->state == GW_STATE_DISPATCHED || t->state == GW_STATE_SIGNED || t->state == GW_STATE_HANDLING) &&
              g_strcmp0 (t->department_code, actor->department_code) == 0)
            return TRUE;
          if (t->whistle && open)
            for (guint i = 0; i < t->whistle_departments->len; i++)
              {
                GwWhistleDepartment *d = g_ptr_array_index (t->whistle_departments, i);
                if (d->reported_in_at == 0 && g_strcmp0 (d->department_code, actor->department_code) == 0)
                  return TRUE;
              }
          return FALSE;
        }
      if (actor->division_code && actor->level != GW_LEVEL_DISTRICT && !in_subtree (t, actor->division_code))
        return FALSE;
      return (t->level == actor->level &&
              (t->state == GW_STATE_REPORTED || t->state == GW_STATE_VERIFYING || t->state == GW_STATE_SCREENED)) ||
             (t->dispatcher_level == actor->level &&
              (t->state == GW_STATE_CHECKING ||
               ((t->state == GW_STATE_SIGNED || t->state == GW_STATE_HANDLING) && t->extension_seconds)));
    case GW_TICKET_VIEW_NEW:
      return t->state == GW_STATE_REPORTED || t->state == GW_STATE_VERIFYING;
    case GW_TICKET_VIEW_RED_OVERDUE:
      return open && gw_stage_timer_light (&t->timer, now, NULL) >= GW_LIGHT_RED;
    case GW_TICKET_VIEW_EMERGENCY:
      return open && t->urgency == GW_URGENCY_EMERGENCY;
    case GW_TICKET_VIEW_WHISTLE_WAITING:
      if (!open || !t->whistle)
        return FALSE;
      for (guint i = 0; i < t->whistle_departments->len; i++)
        if (((GwWhistleDepartment *) g_ptr_array_index (t->whistle_departments, i))->reported_in_at == 0)
          return TRUE;
      return FALSE;
    case GW_TICKET_VIEW_AWAITING_EVALUATION:
      return t->state == GW_STATE_CLOSED && t->evaluated_at == 0;
    }
  return FALSE;
}

static gboolean
naive_match (const GwTicket      *t,
             const GwTicketQuery *q,
             const GwActor       *actor,
             gint64               now)
{
  if (!naive_view (t, q->view, actor, now))
    return FALSE;
  if (q->states && !(q->states & (1u << t->state)))
    return FALSE;
  if (q->urgencies && !(q->urgencies & (1u << t->urgency)))
    return FALSE;
  if (q->sources && !(q->sources & (1u << t->source)))
    return FALSE;
  if (q->lights && !(q->lights & (1u << naive_light (t, now))))
    return FALSE;
  if (q->board && g_strcmp0 (q->board, t->board) != 0)
    return FALSE;
  if (q->department_code && g_strcmp0 (q->department_code, t->department_code) != 0)
    return FALSE;
  if (q->category && *q->category && !g_str_has_prefix (t->category_code, q->category))
    return FALSE;
  if (q->division_code && !in_subtree (t, q->division_code))
    return FALSE;
  if (q->from && t->reported_at < q->from)
    return FALSE;
  if (q->to && t->reported_at >= q->to)
    return FALSE;
  if (q->text && *q->text)
    {
      g_auto(GStrv) terms = g_strsplit_set (q->text, " \t", -1);
      g_autofree char *stripped = g_strstrip (g_strdup (q->text));
      gboolean all = TRUE, any_term = FALSE;

      /* Every term a substring of the description or the address (the oracle covers
       * Chinese text, where the tokenizer makes that exact), or the number's prefix. */
      for (guint i = 0; terms[i]; i++)
        {
          if (*terms[i] == '\0')
            continue;
          any_term = TRUE;
          if (!strstr (t->description, terms[i]) && !(t->address && strstr (t->address, terms[i])))
            all = FALSE;
        }
      if (!(any_term && all) && !(looks_like_number (stripped) && g_str_has_prefix (t->number, stripped)))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  GwTicket *ticket;
  gint64    now;
} SortRow;

static int
cmp_int (gint64 a,
         gint64 b)
{
  return a < b ? -1 : a > b;
}

static int
naive_key_cmp (const GwTicket *a,
               const GwTicket *b,
               GwTicketSort    sort,
               gint64          now)
{
  switch (sort)
    {
    case GW_TICKET_SORT_RECEIVED:
    case GW_N_TICKET_SORTS:
      return cmp_int (a->reported_at, b->reported_at);
    case GW_TICKET_SORT_NUMBER:
      return strcmp (a->number, b->number);
    case GW_TICKET_SORT_LIGHT:
      return cmp_int (naive_light (a, now), naive_light (b, now));
    case GW_TICKET_SORT_CATEGORY:
      return strcmp (a->category_code, b->category_code);
    case GW_TICKET_SORT_LOCATION:
      return g_strcmp0 (a->divisions[GW_LEVEL_GRID], b->divisions[GW_LEVEL_GRID]);
    case GW_TICKET_SORT_SOURCE:
      return cmp_int (a->source, b->source);
    case GW_TICKET_SORT_URGENCY:
      return cmp_int (a->urgency, b->urgency);
    case GW_TICKET_SORT_LEVEL:
      return cmp_int (a->level, b->level);
    case GW_TICKET_SORT_STATE:
      return cmp_int (a->state, b->state);
    case GW_TICKET_SORT_BOARD:
      return g_strcmp0 (a->board, b->board);
    case GW_TICKET_SORT_TIME_LEFT:
      {
        gboolean na = a->timer.stage == GW_STAGE_NONE, nb = b->timer.stage == GW_STAGE_NONE;
        gint64 la, lb;

        if (na != nb)
          return na ? 1 : -1;
        if (na)
          return 0;
        la = a->timer.deadline_at - (a->timer.paused_at ? a->timer.paused_at : now);
        lb = b->timer.deadline_at - (b->timer.paused_at ? b->timer.paused_at : now);
        return cmp_int (la, lb);
      }
    }
  return 0;
}

typedef struct {
  GwTicketSort sort;
  gboolean     descending;
  gint64       now;
} SortSpec;

static int
naive_cmp (gconstpointer pa,
           gconstpointer pb,
           gpointer      user_data)
{
  const GwTicket *a = *(GwTicket **) pa, *b = *(GwTicket **) pb;
  const SortSpec *spec = user_data;
  int c;

  /* "Time left" puts tickets without a clock last in both directions. */
  if (spec->sort == GW_TICKET_SORT_TIME_LEFT &&
      (a->timer.stage == GW_STAGE_NONE) != (b->timer.stage == GW_STAGE_NONE))
    return a->timer.stage == GW_STAGE_NONE ? 1 : -1;
  c = naive_key_cmp (a, b, spec->sort, spec->now);
  if (spec->descending)
    c = -c;
  return c ? c : cmp_int (b->id, a->id);
}

GArray *
gw_db_query_ticket_ids_naive (GwDb                *db,
                              const GwTicketQuery *query,
                              const GwActor       *actor,
                              gint64               now,
                              GError             **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  GArray *ids;
  SortSpec spec = { query->sort, query->descending, now };
  GwTicketQuery everything = { .view = GW_TICKET_VIEW_ALL };

  if (!(all = gw_db_query_ticket_ids (db, &everything, NULL, now, error)) ||
      !(tickets = gw_db_get_tickets (db, all, error)))
    return NULL;
  for (guint i = 0; i < tickets->len; i++)
    if (naive_match (g_ptr_array_index (tickets, i), query, actor, now))
      g_ptr_array_add (hits, g_ptr_array_index (tickets, i));
  g_ptr_array_sort_with_data (hits, naive_cmp, &spec);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), hits->len);
  for (guint i = 0; i < hits->len; i++)
    g_array_append_val (ids, ((GwTicket *) g_ptr_array_index (hits, i))->id);
  return ids;
}
