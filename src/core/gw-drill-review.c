/* gw-drill-review.c: the after-action review's read model (复盘): one read of a drill's
 * database, then every question answered in memory. See gw-drill-review.h. */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gw-db-private.h"
#include "gw-drill-review.h"
#include "gw-workflow.h"

struct _GwDrillReview
{
  GStringChunk *strings;       /* every text of the review */
  const char   *scenario;
  const char   *title;
  gint64        start;
  gint64        end;
  gboolean      has_drill_log;
  GArray       *entries;       /* GwDrillReviewEntry, in timeline order */
  GArray       *tickets;       /* GwDrillReviewTicket, by report instant */
  GPtrArray    *steps;         /* GArray of GwDrillReviewStep, one per ticket */
  GHashTable   *by_id;         /* ticket id (gint64 *) -> index + 1 */
  GPtrArray    *actors;        /* const char *, NULL-terminated */
  GHashTable   *departments;   /* code -> name (Chinese) */
  GHashTable   *departments_en; /* code -> English name, where there is one */
  GHashTable   *users;         /* username -> display name */
};

G_DEFINE_BOXED_TYPE (GwDrillReview, gw_drill_review, gw_drill_review_ref, gw_drill_review_unref)

static void
review_clear (gpointer data)
{
  GwDrillReview *self = data;

  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->tickets, g_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->actors, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_clear_pointer (&self->departments_en, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
}

GwDrillReview *
gw_drill_review_ref (GwDrillReview *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_drill_review_unref (GwDrillReview *self)
{
  g_atomic_rc_box_release_full (self, review_clear);
}

/* Reading ------------------------------------------------------------------------------ */

static const char *
keep (GwDrillReview *self,
      const char    *text)
{
  return text ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

static const char *
keep_column (GwDrillReview *self,
             sqlite3_stmt  *stmt,
             int            column)
{
  return keep (self, (const char *) sqlite3_column_text (stmt, column));
}

static gboolean
has_table (GwDb       *db,
           const char *name,
           GError    **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* The drill's first instant as meta stores it: Unix seconds, or an ISO 8601 instant. */
static gint64
parse_instant (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (end != NULL && *end == '\0')
    return value;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

/* A member of a JSON object's text, or NULL. */
static char *
payload_string (const char *payload,
                const char *member)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;

  if (payload == NULL || *payload != '{')
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, payload, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, member) ||
      json_node_get_value_type (json_object_get_member (object, member)) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_object_get_string_member (object, member));
}

typedef struct {
  GwTicketState  state;       /* now */
  GwUrgency      urgency;     /* now */
  const char    *department;  /* now */
  int            injected;    /* the urgency the injection gave it, -1 if not known */
  guint          supervised;  /* supervisions in the audit */
  gboolean       audited;     /* any entry with a state */
} TicketNow;

static gboolean
read_tickets (GwDrillReview *self,
              GwDb          *db,
              gint64         since,
              GArray        *now,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _gw_db_prepare (db, "SELECT t.id, t.number, t.category, t.description, t.lon, t.lat, t.reported_at,"
                             " t.state, t.urgency, (SELECT code FROM departments WHERE id = t.department_id)"
                             " FROM tickets t WHERE t.reported_at >= ?1 ORDER BY t.reported_at, t.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDrillReviewTicket t = { 0, };
      TicketNow n = { 0, };
      gint64 *key = g_new (gint64, 1);

      t.id = sqlite3_column_int64 (stmt, 0);
      t.number = keep_column (self, stmt, 1);
      t.category_code = keep_column (self, stmt, 2);
      t.description = keep_column (self, stmt, 3);
      t.lon = sqlite3_column_double (stmt, 4);
      t.lat = sqlite3_column_double (stmt, 5);
      t.reported_at = sqlite3_column_int64 (stmt, 6);
      if (!gw_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &n.state))
        n.state = GW_STATE_REPORTED;
      if (!gw_urgency_from_string ((const char *) sqlite3_column_text (stmt, 8), &n.urgency))
        n.urgency = GW_URGENCY_NORMAL;
      n.department = keep_column (self, stmt, 9);
      n.injected = -1;
      *key = t.id;
      g_hash_table_insert (self->by_id, key, GUINT_TO_POINTER (self->tickets->len + 1));
      g_array_append_val (self->tickets, t);
      g_array_append_val (now, n);
      g_ptr_array_add (self->steps, g_array_new (FALSE, TRUE, sizeof (GwDrillReviewStep)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading the drill’s tickets"));
  return TRUE;
}

static gboolean
read_departments (GwDrillReview *self,
                  GwDb          *db,
                  GError       **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT code, name, name_en FROM departments", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = keep_column (self, stmt, 0);

      g_hash_table_insert (self->departments, (gpointer) code, (gpointer) keep_column (self, stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_hash_table_insert (self->departments_en, (gpointer) code, (gpointer) keep_column (self, stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading departments"));
  return TRUE;
}

/* The accounts' display names: a seat's actions are logged under its username. */
static gboolean
read_users (GwDrillReview *self,
            GwDb          *db,
            GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!has_table (db, "users", error))
    return error == NULL || *error == NULL;
  stmt = _gw_db_prepare (db, "SELECT username, display_name FROM users", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (self->users, (gpointer) keep_column (self, stmt, 0), (gpointer) keep_column (self, stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading accounts"));
  return TRUE;
}

static gboolean
read_audit (GwDrillReview *self,
            GwDb          *db,
            gint64         since,
            GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _gw_db_prepare (db, "SELECT a.id, a.ticket_id, a.at, a.actor, a.role, a.action, a.from_state,"
                             " a.to_state, a.reason, a.payload"
                             " FROM audit a JOIN tickets t ON t.id = a.ticket_id"
                             " WHERE t.reported_at >= ?1 ORDER BY a.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDrillReviewEntry e = { 0, };

      e.origin = GW_DRILL_REVIEW_FROM_AUDIT;
      e.row_id = sqlite3_column_int64 (stmt, 0);
      e.ticket = gw_drill_review_find_ticket (self, sqlite3_column_int64 (stmt, 1));
      e.at = sqlite3_column_int64 (stmt, 2);
      e.actor = keep_column (self, stmt, 3);
      e.role = keep_column (self, stmt, 4);
      e.action = keep_column (self, stmt, 5);
      e.from_state = keep_column (self, stmt, 6);
      e.to_state = keep_column (self, stmt, 7);
      e.reason = keep_column (self, stmt, 8);
      e.payload = keep_column (self, stmt, 9);
      g_array_append_val (self->entries, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading the drill’s audit log"));
  return TRUE;
}

static void
add_events (GwDrillReview *self,
            GPtrArray     *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      const GwDrillEvent *ev = g_ptr_array_index (events, i);
      GwDrillReviewEntry e = { 0, };

      e.origin = GW_DRILL_REVIEW_FROM_DRILL_LOG;
      e.row_id = ev->id;
      e.at = ev->at;
      e.kind = ev->kind;
      e.ticket = ev->ticket_id != 0 ? gw_drill_review_find_ticket (self, ev->ticket_id) : -1;
      e.actor = keep (self, ev->actor);
      e.action = keep (self, ev->ref);
      e.payload = keep (self, ev->payload);
      e.lag_ms = ev->lag_ms;
      g_array_append_val (self->entries, e);
    }
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const GwDrillReviewEntry *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->origin != y->origin)
    return x->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG ? -1 : 1;
  return x->row_id < y->row_id ? -1 : x->row_id > y->row_id;
}

/* What the entries say about each ticket before its history is rebuilt: supervisions,
 * the injection that made it and the urgency it gave. */
static void
survey_entries (GwDrillReview *self,
                GArray        *now)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const GwDrillReviewEntry *e = &g_array_index (self->entries, GwDrillReviewEntry, i);
      TicketNow *n;

      if (e->ticket < 0)
        continue;
      n = &g_array_index (now, TicketNow, e->ticket);
      if (e->origin == GW_DRILL_REVIEW_FROM_AUDIT)
        {
          GwTicketState state;

          if (e->to_state && gw_ticket_state_from_string (e->to_state, &state))
            n->audited = TRUE;
          if (g_strcmp0 (e->action, gw_action_to_string (GW_ACTION_SUPERVISE)) == 0)
            n->supervised++;
        }
      else if (e->kind == GW_DRILL_EVENT_INJECTION)
        {
          GwDrillReviewTicket *t = &g_array_index (self->tickets, GwDrillReviewTicket, e->ticket);
          g_autofree char *urgency = payload_string (e->payload, "urgency");
          GwUrgency u;

          if (t->injection == NULL)
            t->injection = e->action;
          if (urgency && n->injected < 0 && gw_urgency_from_string (urgency, &u))
            n->injected = u;
        }
    }
}

static void
push_step (GArray              *steps,
           const GwDrillReviewStep *step)
{
  g_array_append_val (steps, *step);
}

/* Each ticket's history from its audit entries, walked in timeline order. */
static void
build_steps (GwDrillReview *self,
             GArray        *now)
{
  GwDrillReviewStep *cur = g_new0 (GwDrillReviewStep, self->tickets->len);

  for (guint i = 0; i < self->tickets->len; i++)
    {
      const GwDrillReviewTicket *t = &g_array_index (self->tickets, GwDrillReviewTicket, i);
      const TicketNow *n = &g_array_index (now, TicketNow, i);

      cur[i].at = t->reported_at;
      cur[i].entry = -1;
      if (!n->audited)
        {
          /* Nothing says how it went: as it is now, from its report on. */
          cur[i].state = n->state;
          cur[i].urgency = n->urgency;
          cur[i].department_code = n->department;
        }
      else
        {
          cur[i].state = GW_STATE_REPORTED;
          if (n->injected >= 0)
            cur[i].urgency = n->injected;
          else if (n->urgency < GW_URGENCY_EMERGENCY)
            cur[i].urgency = (GwUrgency) MAX ((int) n->urgency - (int) n->supervised, 0);
          else
            cur[i].urgency = n->urgency;
        }
      push_step (g_ptr_array_index (self->steps, i), &cur[i]);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      const GwDrillReviewEntry *e = &g_array_index (self->entries, GwDrillReviewEntry, i);
      GwDrillReviewStep *s;
      GwTicketState state;
      GwAction action;

      if (e->ticket < 0 || e->origin != GW_DRILL_REVIEW_FROM_AUDIT || !g_array_index (now, TicketNow, e->ticket).audited ||
          e->to_state == NULL || !gw_ticket_state_from_string (e->to_state, &state))
        continue;
      s = &cur[e->ticket];
      s->at = MAX (e->at, s->at);
      s->state = state;
      s->entry = (int) i;
      if (gw_action_from_string (e->action, &action))
        {
          g_autofree char *department = NULL;

          switch (action)
            {
            case GW_ACTION_DISPATCH:
            case GW_ACTION_REASSIGN:
              department = payload_string (e->payload, "department");
              s->department_code = keep (self, department);
              break;
            case GW_ACTION_WHISTLE:
              department = payload_string (e->payload, "lead");
              s->department_code = keep (self, department);
              break;
            case GW_ACTION_RETURN:
              s->department_code = NULL;
              break;
            case GW_ACTION_SUPERVISE:
              if (s->urgency < GW_URGENCY_EMERGENCY)
                s->urgency++;
              break;
            default:
              break;
            }
        }
      push_step (g_ptr_array_index (self->steps, e->ticket), s);
    }
  g_free (cur);

  for (guint i = 0; i < self->tickets->len; i++)
    {
      GwDrillReviewTicket *t = &g_array_index (self->tickets, GwDrillReviewTicket, i);
      GArray *steps = g_ptr_array_index (self->steps, i);

      t->steps = (const GwDrillReviewStep *) steps->data;
      t->n_steps = steps->len;
    }
}

static void
collect_actors (GwDrillReview *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const GwDrillReviewEntry *e = &g_array_index (self->entries, GwDrillReviewEntry, i);

      if (e->actor && *e->actor && g_hash_table_add (seen, (gpointer) e->actor))
        g_ptr_array_add (self->actors, (gpointer) e->actor);
    }
  g_ptr_array_add (self->actors, NULL);
}

static gboolean
read_review (GwDrillReview *self,
             GwDb          *db,
             gint64         since,
             GError       **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) now = g_array_new (FALSE, TRUE, sizeof (TicketNow));
  g_autofree char *scenario = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);
  g_autofree char *title = gw_db_get_meta (db, GW_DRILL_META_TITLE);
  g_autofree char *started = gw_db_get_meta (db, GW_DRILL_META_STARTED);
  GError *local_error = NULL;

  self->scenario = keep (self, scenario);
  self->title = keep (self, title);
  self->has_drill_log = has_table (db, "drill_log", &local_error);
  if (local_error)
    return g_propagate_error (error, local_error), FALSE;
  if (self->has_drill_log)
    {
      events = gw_db_list_drill_events (db, 0, error);
      if (events == NULL)
        return FALSE;
    }

  /* The drill's first instant: what the copy says, else what the caller says, else the
   * first thing the drill log holds. */
  self->start = parse_instant (started);
  if (self->start == 0)
    self->start = since;
  if (self->start == 0 && events != NULL)
    for (guint i = 0; i < events->len && self->start == 0; i++)
      self->start = ((GwDrillEvent *) g_ptr_array_index (events, i))->at;
  if (self->start == 0)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL,
                   _("%s is not a drill’s database: it has no drill log and no drill start"),
                   gw_db_get_path (db));
      return FALSE;
    }

  if (!read_tickets (self, db, self->start, now, error) || !read_audit (self, db, self->start, error) ||
      !read_departments (self, db, error) || !read_users (self, db, error))
    return FALSE;
  if (events != NULL)
    add_events (self, events);
  g_array_sort (self->entries, compare_entries);
  survey_entries (self, now);
  build_steps (self, now);
  collect_actors (self);

  self->end = self->start;
  if (self->entries->len > 0)
    self->end = MAX (self->end, g_array_index (self->entries, GwDrillReviewEntry, self->entries->len - 1).at);
  if (self->tickets->len > 0)
    self->end = MAX (self->end, g_array_index (self->tickets, GwDrillReviewTicket, self->tickets->len - 1).reported_at);
  return TRUE;
}

GwDrillReview *
gw_db_read_drill_review (GwDb    *db,
                         gint64   since,
                         GError **error)
{
  g_autoptr(GwDrillReview) self = g_atomic_rc_box_new0 (GwDrillReview);
  gboolean own, ok;

  g_return_val_if_fail (db != NULL, NULL);

  self->strings = g_string_chunk_new (4096);
  self->entries = g_array_new (FALSE, TRUE, sizeof (GwDrillReviewEntry));
  self->tickets = g_array_new (FALSE, TRUE, sizeof (GwDrillReviewTicket));
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->actors = g_ptr_array_new ();
  self->departments = g_hash_table_new (g_str_hash, g_str_equal);
  self->departments_en = g_hash_table_new (g_str_hash, g_str_equal);
  self->users = g_hash_table_new (g_str_hash, g_str_equal);

  /* One read transaction: the drill log and the audit agree with each other. */
  own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);
  ok = read_review (self, db, since, error);
  if (own)
    gw_db_exec (db, "COMMIT", NULL);
  return ok ? g_steal_pointer (&self) : NULL;
}

static gpointer
read_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  return gw_db_read_drill_review (db, *(gint64 *) data, error);
}

void
gw_store_read_drill_review_async (GwStore             *store,
                                  gint64               since,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  gint64 *data = g_new (gint64, 1);

  *data = since;
  gw_store_read_async (store, read_func, data, g_free, (GDestroyNotify) gw_drill_review_unref, cancellable,
                       callback, user_data);
}

GwDrillReview *
gw_store_read_drill_review_finish (GwStore       *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return gw_store_read_finish (store, result, error);
}

/* Asking -------------------------------------------------------------------------------- */

const char *
gw_drill_review_get_scenario (GwDrillReview *self)
{
  return self->scenario;
}

const char *
gw_drill_review_get_title (GwDrillReview *self)
{
  return self->title;
}

gint64
gw_drill_review_get_start (GwDrillReview *self)
{
  return self->start;
}

gint64
gw_drill_review_get_end (GwDrillReview *self)
{
  return self->end;
}

gboolean
gw_drill_review_has_drill_log (GwDrillReview *self)
{
  return self->has_drill_log;
}

guint
gw_drill_review_get_n_entries (GwDrillReview *self)
{
  return self->entries->len;
}

const GwDrillReviewEntry *
gw_drill_review_get_entry (GwDrillReview *self,
                           guint          index)
{
  g_return_val_if_fail (index < self->entries->len, NULL);
  return &g_array_index (self->entries, GwDrillReviewEntry, index);
}

guint
gw_drill_review_count_until (GwDrillReview *self,
                             gint64         at)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->entries, GwDrillReviewEntry, mid).at <= at)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

const char *const *
gw_drill_review_get_actors (GwDrillReview *self)
{
  return (const char *const *) self->actors->pdata;
}

guint
gw_drill_review_get_n_tickets (GwDrillReview *self)
{
  return self->tickets->len;
}

const GwDrillReviewTicket *
gw_drill_review_get_ticket (GwDrillReview *self,
                            guint          index)
{
  g_return_val_if_fail (index < self->tickets->len, NULL);
  return &g_array_index (self->tickets, GwDrillReviewTicket, index);
}

guint
gw_drill_review_count_reported (GwDrillReview *self,
                                gint64         at)
{
  guint lo = 0, hi = self->tickets->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->tickets, GwDrillReviewTicket, mid).reported_at <= at)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

int
gw_drill_review_find_ticket (GwDrillReview *self,
                             gint64         ticket_id)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, &ticket_id)) - 1;
}

gboolean
gw_drill_review_ticket_at (GwDrillReview   *self,
                           guint            index,
                           gint64           at,
                           GwDrillTicketAt *out)
{
  const GwDrillReviewTicket *t;
  const GwDrillReviewStep *s;
  guint lo = 0, hi;

  g_return_val_if_fail (index < self->tickets->len, FALSE);

  t = &g_array_index (self->tickets, GwDrillReviewTicket, index);
  if (at < t->reported_at || t->n_steps == 0)
    return FALSE;
  /* The last step at or before `at`. */
  hi = t->n_steps;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (t->steps[mid].at <= at)
        lo = mid + 1;
      else
        hi = mid;
    }
  s = &t->steps[lo > 0 ? lo - 1 : 0];
  out->ticket = t;
  out->state = s->state;
  out->urgency = s->urgency;
  out->department_code = s->department_code;
  out->since = s->at;
  return TRUE;
}

GArray *
gw_drill_review_tickets_at (GwDrillReview *self,
                            gint64         at,
                            gboolean       open_only)
{
  GArray *result = g_array_new (FALSE, TRUE, sizeof (GwDrillTicketAt));

  for (guint i = 0; i < self->tickets->len; i++)
    {
      GwDrillTicketAt t;

      if (g_array_index (self->tickets, GwDrillReviewTicket, i).reported_at > at)
        break;
      if (gw_drill_review_ticket_at (self, i, at, &t) && (!open_only || gw_ticket_state_is_open (t.state)))
        g_array_append_val (result, t);
    }
  return result;
}

const char *
gw_drill_review_get_department_name (GwDrillReview *self,
                                     const char    *code,
                                     gboolean       english)
{
  const char *name = NULL;

  if (code == NULL)
    return NULL;
  if (english)
    name = g_hash_table_lookup (self->departments_en, code);
  if (name == NULL)
    name = g_hash_table_lookup (self->departments, code);
  return name ? name : code;
}

const char *
gw_drill_review_get_actor_name (GwDrillReview *self,
                                const char    *actor)
{
  const char *name = actor ? g_hash_table_lookup (self->users, actor) : NULL;

  return name != NULL && *name != '\0' ? name : actor;
}
