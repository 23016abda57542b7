/* gw-ticket-list.c: a lazy list model over the result of a ticket query. */
#define G_LOG_DOMAIN "gw-ticket-list"

#include "config.h"

#include "gw-db-private.h"
#include "gw-ticket-list.h"

#define BLOCK         64     /* rows fetched together */
#define CACHE_ROWS    4096   /* rows kept beyond those a view holds */
#define CACHE_TICKETS 8192   /* tickets kept beyond those the held rows show */
#define RELOAD_LIMIT  20000  /* past this many changes, the ticket cache is dropped */
#define RESULTS_KEPT  4      /* recent results kept for going back to them */
#define VISIBLE_MARGIN 8     /* rows beyond the visible range updated at once */
#define LATE_CHUNK    24     /* off-screen rows updated per idle */

struct _GwTicketList
{
  GObject        parent_instance;

  GwStore       *store;
  GwClock       *clock;
  GCancellable  *cancellable;

  gboolean       has_actor;
  GwActor        actor;
  char          *actor_name;
  char          *actor_division;
  char          *actor_department;

  GwTicketQuery *query;
  GArray        *ids;          /* the result, in order */
  GHashTable    *rows;         /* position + 1 -> GwTicketRow (owned) */
  GHashTable    *tickets;      /* id -> GwTicket, the fetched ones */
  GHashTable    *requested;    /* ids being fetched */
  GHashTable    *wanted;       /* blocks (position / BLOCK) to fetch, as GUINT_TO_POINTER (b + 1) */
  guint          fetch_idle;

  guint          generation;   /* bumped by every new query */
  guint          shown_generation; /* the query whose result the rows show */
  gboolean       refreshing;
  gboolean       refresh_again;
  gint64         last_seq;     /* the change log as of the last refresh; -1 before one */

  GQueue         results;      /* of Result, most recent first */
  guint          visible_first; /* what a view shows, updated first on a refresh */
  guint          visible_last;
  GArray        *late;          /* positions of held rows to update after the paint */
  guint          late_id;

  guint          watch_id;
  gboolean       watch_busy;
  guint          tick_id;
};

static void gw_ticket_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwTicketList, gw_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, gw_ticket_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REFRESHED,
  RESULT_CHANGED,
  DATABASE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_tick (GwTicketList *self);
static gboolean on_fetch_idle_cb (gpointer user_data);
static gboolean on_late_rows (gpointer user_data);

/* Rows a view holds: the list's own reference is the only other one. */
static gboolean
row_is_held (GwTicketRow *row)
{
  return G_OBJECT (row)->ref_count > 1;
}

#define ROW_KEY(position) GUINT_TO_POINTER ((position) + 1)

/* Ids of the tickets in the cache: the ones a refresh must reload when they changed. */
static GArray *
cached_ids (GwTicketList *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->tickets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

static void
trim_cache (GwTicketList *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (self->rows) > CACHE_ROWS)
    {
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!row_is_held (value))
          g_hash_table_iter_remove (&iter);
    }
  if (g_hash_table_size (self->tickets) > CACHE_TICKETS)
    {
      g_autoptr(GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);

      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GwTicket *t = gw_ticket_row_get_ticket (value);
          if (t)
            g_hash_table_add (shown, &t->id);
        }
      g_hash_table_iter_init (&iter, self->tickets);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (shown, key))
          g_hash_table_iter_remove (&iter);
    }
}

/* Shows ids[position] in the row there, from the ticket cache or as a placeholder. */
static void
show_position (GwTicketList *self,
               GwTicketRow  *row,
               guint         position,
               gint64        now)
{
  gint64 id = g_array_index (self->ids, gint64, position);

  gw_ticket_row_show (row, id, g_hash_table_lookup (self->tickets, &id), now);
}

static void
want_position (GwTicketList *self,
               guint         position)
{
  g_hash_table_add (self->wanted, GUINT_TO_POINTER (position / BLOCK + 1));
  if (self->fetch_idle == 0)
    self->fetch_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_fetch_idle_cb, self, NULL);
}

/* Fetching rows ----------------------------------------------------------------------- */

typedef struct {
  GwTicketList *self;
  GArray       *ids;
  guint         generation;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_object_unref (f->self);
  g_array_unref (f->ids);
  g_free (f);
}

static gpointer
fetch_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  return gw_db_get_tickets (db, ((Fetch *) data)->ids, error);
}

static void
on_fetch_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *f = user_data;
  GwTicketList *self = f->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = gw_store_read_finish (GW_STORE (object), result, &error);
  gint64 now;

  for (guint i = 0; i < f->ids->len; i++)
    g_hash_table_remove (self->requested, &g_array_index (f->ids, gint64, i));
  if (tickets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load tickets: %s", error->message);
      fetch_free (f);
      return;
    }
  now = gw_clock_get_now (self->clock);
  for (guint i = 0; i < tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (tickets, i);
      g_hash_table_replace (self->tickets, &t->id, gw_ticket_ref (t));
    }
  {
    GHashTableIter iter;
    gpointer value;

    /* The rows waiting for these tickets (whatever position they are at by now). */
    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (gw_ticket_row_get_ticket (value) == NULL)
        {
          gint64 id = gw_ticket_row_get_id (value);
          GwTicket *t = g_hash_table_lookup (self->tickets, &id);
          if (t)
            gw_ticket_row_set_ticket (value, t, now);
        }
  }
  trim_cache (self);
  schedule_tick (self);
  fetch_free (f);
}

static gboolean
on_fetch_idle_cb (gpointer user_data)
{
  GwTicketList *self = user_data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;
  Fetch *f;

  self->fetch_idle = 0;
  g_hash_table_iter_init (&iter, self->wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint block = GPOINTER_TO_UINT (key) - 1;

      for (guint p = block * BLOCK; p < MIN ((block + 1) * BLOCK, self->ids->len); p++)
        {
          gint64 id = g_array_index (self->ids, gint64, p);

          if (!g_hash_table_contains (self->tickets, &id) && !g_hash_table_contains (self->requested, &id))
            {
              g_hash_table_add (self->requested, g_memdup2 (&id, sizeof id));
              g_array_append_val (ids, id);
            }
        }
    }
  g_hash_table_remove_all (self->wanted);
  if (ids->len == 0)
    return G_SOURCE_REMOVE;

  f = g_new0 (Fetch, 1);
  f->self = g_object_ref (self);
  f->ids = g_steal_pointer (&ids);
  f->generation = self->generation;
  gw_store_read_async (self->store, fetch_func, f, NULL, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, on_fetch_done, f);
  return G_SOURCE_REMOVE;
}

/* GListModel ------------------------------------------------------------------------- */

static GType
gw_ticket_list_get_item_type (GListModel *model)
{
  return GW_TYPE_TICKET_ROW;
}

static guint
gw_ticket_list_get_n_items (GListModel *model)
{
  return GW_TICKET_LIST (model)->ids->len;
}

static gpointer
gw_ticket_list_get_item (GListModel *model,
                         guint       position)
{
  GwTicketList *self = GW_TICKET_LIST (model);
  gint64 id;
  GwTicketRow *row;

  if (position >= self->ids->len)
    return NULL;
  id = g_array_index (self->ids, gint64, position);
  row = g_hash_table_lookup (self->rows, ROW_KEY (position));
  if (row == NULL)
    {
      row = gw_ticket_row_new (id);
      g_hash_table_insert (self->rows, ROW_KEY (position), row);
      show_position (self, row, position, gw_clock_get_now (self->clock));
    }
  else if (gw_ticket_row_get_id (row) != id)
    /* Held off screen and not yet updated after a refresh: whoever asks gets it current. */
    show_position (self, row, position, gw_clock_get_now (self->clock));
  if (gw_ticket_row_get_ticket (row) == NULL && !g_hash_table_contains (self->requested, &id))
    want_position (self, position);
  return g_object_ref (row);
}

static void
gw_ticket_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gw_ticket_list_get_item_type;
  iface->get_n_items = gw_ticket_list_get_n_items;
  iface->get_item = gw_ticket_list_get_item;
}

/* Recent results ----------------------------------------------------------------------- */

/* A query's ids as of a change-log sequence: still the answer while the log has not moved,
 * unless the query depends on the time (lights, time left), which moves by itself. Going
 * back to every ticket after a search is then the cost of reading one number. */
typedef struct {
  GwTicketQuery *query;
  gint64         seq;
  GArray        *ids;
} Result;

static void
result_free (Result *result)
{
  gw_ticket_query_free (result->query);
  g_array_unref (result->ids);
  g_free (result);
}

static gboolean
query_is_timeless (const GwTicketQuery *q)
{
  return q->lights == 0 && q->view != GW_TICKET_VIEW_RED_OVERDUE &&
         q->sort != GW_TICKET_SORT_LIGHT && q->sort != GW_TICKET_SORT_TIME_LEFT;
}

static Result *
find_result (GwTicketList        *self,
             const GwTicketQuery *query)
{
  for (GList *l = self->results.head; l; l = l->next)
    if (gw_ticket_query_equal (((Result *) l->data)->query, query))
      return l->data;
  return NULL;
}

static void
keep_result (GwTicketList        *self,
             const GwTicketQuery *query,
             gint64               seq,
             GArray              *ids)
{
  Result *result = find_result (self, query);

  if (!query_is_timeless (query))
    return;
  if (result)
    g_queue_remove (&self->results, result);
  else
    {
      result = g_new0 (Result, 1);
      result->query = gw_ticket_query_copy (query);
    }
  result->seq = seq;
  g_clear_pointer (&result->ids, g_array_unref);
  result->ids = g_array_ref (ids);
  g_queue_push_head (&self->results, result);
  while (self->results.length > RESULTS_KEPT)
    result_free (g_queue_pop_tail (&self->results));
}

/* Refreshing -------------------------------------------------------------------------- */

typedef struct {
  GwTicketList  *self;
  GwTicketQuery *query;
  gboolean       has_actor;
  GwActor        actor;
  char          *name, *division, *department;
  gint64         now;
  gint64         since_seq;
  GArray        *held;        /* ids of the cached tickets */
  GArray        *known;       /* the query's ids as of known_seq, or NULL */
  gint64         known_seq;
  guint          generation;
  gint64         started;     /* monotonic µs */
  /* results */
  GArray        *ids;
  gint64         seq;
  GPtrArray     *reloaded;    /* cached tickets that changed */
} Refresh;

static void
refresh_free (Refresh *r)
{
  g_object_unref (r->self);
  gw_ticket_query_free (r->query);
  g_free (r->name);
  g_free (r->division);
  g_free (r->department);
  g_clear_pointer (&r->held, g_array_unref);
  g_clear_pointer (&r->known, g_array_unref);
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_pointer (&r->reloaded, g_ptr_array_unref);
  g_free (r);
}

static gpointer
refresh_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  Refresh *r = data;
  /* The sequence first: a change that lands meanwhile is seen again by the next refresh. */
  r->seq = gw_db_get_last_change (db, error);
  if (r->seq < 0)
    return NULL;
  if (r->known && r->known_seq == r->seq)
    r->ids = g_array_ref (r->known);
  else
    r->ids = gw_db_query_ticket_ids (db, r->query, r->has_actor ? &r->actor : NULL, r->now, error);
  if (r->ids == NULL)
    return NULL;
  r->reloaded = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  if (r->since_seq >= 0 && r->seq > r->since_seq && r->held->len > 0)
    {
      g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GHashTable) held = g_hash_table_new (g_int64_hash, g_int64_equal);
      sqlite3_stmt *stmt;
      int rc;

      for (guint i = 0; i < r->held->len; i++)
        g_hash_table_add (held, &g_array_index (r->held, gint64, i));
      if (r->seq - r->since_seq > RELOAD_LIMIT)
        g_array_append_vals (changed, r->held->data, r->held->len);
      else
        {
          stmt = _gw_db_prepare (db, "SELECT DISTINCT ticket_id FROM changes WHERE seq > ?", error);
          if (stmt == NULL)
            return NULL;
          sqlite3_bind_int64 (stmt, 1, r->since_seq);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);
              if (g_hash_table_contains (held, &id))
                g_array_append_val (changed, id);
            }
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return _gw_db_set_error (db, error, "reading the change log"), NULL;
        }
      if (changed->len > 0)
        {
          g_autoptr(GPtrArray) tickets = gw_db_get_tickets (db, changed, error);
          if (tickets == NULL)
            return NULL;
          g_ptr_array_extend_and_steal (r->reloaded, g_steal_pointer (&tickets));
        }
    }
  return g_object_ref (r->self);
}

static void start_refresh (GwTicketList *self);

static void
set_loading (GwTicketList *self,
             gboolean      loading)
{
  if (self->refreshing == loading)
    return;
  self->refreshing = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Replaces the id array. Rows belong to positions: each row a view holds shows the
 * ticket now at its place (a notify, which repaints its cells), and only a change of
 * length goes out as items-changed, at the end of the list. A view thus keeps every row
 * widget it has across a new filter, where replacing 420,000 items made GTK 4.8 build
 * each visible row again (tens of milliseconds per column) or look for its tracked rows
 * among all the new items (seconds). */
/* The held rows off screen, a few at a time, after the frame that shows the new result. */
static gboolean
on_late_rows (gpointer user_data)
{
  GwTicketList *self = user_data;
  gint64 now = gw_clock_get_now (self->clock);
  guint done = 0;

  while (self->late->len > 0 && done < LATE_CHUNK)
    {
      guint position = g_array_index (self->late, guint, self->late->len - 1);
      GwTicketRow *row = g_hash_table_lookup (self->rows, ROW_KEY (position));

      g_array_set_size (self->late, self->late->len - 1);
      if (row == NULL || position >= self->ids->len)
        continue;
      show_position (self, row, position, now);
      if (gw_ticket_row_get_ticket (row) == NULL &&
          !g_hash_table_contains (self->requested, &g_array_index (self->ids, gint64, position)))
        want_position (self, position);
      done++;
    }
  if (self->late->len > 0)
    return G_SOURCE_CONTINUE;
  self->late_id = 0;
  return G_SOURCE_REMOVE;
}

static void
swap_ids (GwTicketList *self,
          GArray       *ids,
          gint64        now)
{
  GArray *old = self->ids;
  guint n_old = old->len, n_new = ids->len;
  GHashTableIter iter;
  gpointer key, value;

  self->ids = g_array_ref (ids);
  g_array_unref (old);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key) - 1;

      /* A row no view holds is made again when asked for: only held ones are updated. */
      if (position >= n_new || !row_is_held (value))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      /* What is on screen now; the rest of the rows a view keeps, once it has painted. */
      if (position + VISIBLE_MARGIN < self->visible_first || position > self->visible_last + VISIBLE_MARGIN)
        {
          g_array_append_val (self->late, position);
          continue;
        }
      show_position (self, value, position, now);
      if (gw_ticket_row_get_ticket (value) == NULL &&
          !g_hash_table_contains (self->requested, &g_array_index (ids, gint64, position)))
        want_position (self, position);
    }
  if (self->late->len > 0 && self->late_id == 0)
    self->late_id = g_idle_add_full (G_PRIORITY_LOW, on_late_rows, self, NULL);
  if (n_new < n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
  else if (n_new > n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
}

static void
on_refresh_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refresh *r = user_data;
  GwTicketList *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicketList) ok = gw_store_read_finish (GW_STORE (object), result, &error);
  gint64 now;


  if (ok == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not refresh the ticket list: %s", error->message);
      set_loading (self, FALSE);
      refresh_free (r);
      return;
    }
  if (r->generation == self->generation)
    {
      gboolean new_result = self->shown_generation != r->generation;
      gboolean moved = r->since_seq >= 0 && r->seq > r->since_seq;

      now = gw_clock_get_now (self->clock);
      for (guint i = 0; i < r->reloaded->len; i++)
        {
          GwTicket *t = g_ptr_array_index (r->reloaded, i);
          g_hash_table_replace (self->tickets, &t->id, gw_ticket_ref (t));
        }
      self->shown_generation = r->generation;
      keep_result (self, r->query, r->seq, r->ids);
      swap_ids (self, r->ids, now);
      self->last_seq = r->seq;
      schedule_tick (self);
      if (new_result)
        g_signal_emit (self, signals[RESULT_CHANGED], 0);
      if (moved)
        g_signal_emit (self, signals[DATABASE_CHANGED], 0);
      g_signal_emit (self, signals[REFRESHED], 0, (guint64) (g_get_monotonic_time () - r->started));
    }
  refresh_free (r);
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_refresh (self);
    }
  else
    set_loading (self, FALSE);
}

static void
start_refresh (GwTicketList *self)
{
  Refresh *r = g_new0 (Refresh, 1);

  r->self = g_object_ref (self);
  r->query = gw_ticket_query_copy (self->query);
  r->has_actor = self->has_actor;
  r->name = g_strdup (self->actor_name);
  r->division = g_strdup (self->actor_division);
  r->department = g_strdup (self->actor_department);
  r->actor = self->actor;
  r->actor.name = r->name;
  r->actor.division_code = r->division;
  r->actor.department_code = r->department;
  r->now = gw_clock_get_now (self->clock);
  r->since_seq = self->last_seq;
  r->held = cached_ids (self);
  {
    Result *known = find_result (self, self->query);
    if (known)
      {
        r->known = g_array_ref (known->ids);
        r->known_seq = known->seq;
      }
  }
  r->generation = self->generation;
  r->started = g_get_monotonic_time ();
  set_loading (self, TRUE);
  gw_store_read_async (self->store, refresh_func, r, NULL, g_object_unref, self->cancellable,
                       on_refresh_done, r);
}

void
gw_ticket_list_refresh (GwTicketList *self)
{
  g_return_if_fail (GW_IS_TICKET_LIST (self));

  if (self->refreshing)
    self->refresh_again = TRUE;
  else
    start_refresh (self);
}

/* Watching the change log ------------------------------------------------------------- */

static gpointer
last_seq_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  gint64 seq = gw_db_get_last_change (db, error);

  return seq < 0 ? NULL : g_memdup2 (&seq, sizeof seq);
}

static void
on_watch_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwTicketList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *seq = gw_store_read_finish (GW_STORE (object), result, &error);

  self->watch_busy = FALSE;
  if (seq && *seq != self->last_seq && self->last_seq >= 0)
    gw_ticket_list_refresh (self);
}

static gboolean
on_watch (gpointer user_data)
{
  GwTicketList *self = user_data;

  if (!self->watch_busy && !self->refreshing)
    {
      self->watch_busy = TRUE;
      gw_store_read_async (self->store, last_seq_func, NULL, NULL, g_free, self->cancellable,
                           on_watch_done, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

void
gw_ticket_list_set_watch (GwTicketList *self,
                          guint         interval_ms)
{
  g_return_if_fail (GW_IS_TICKET_LIST (self));

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (interval_ms > 0)
    self->watch_id = g_timeout_add (interval_ms, on_watch, self);
}

/* Ticking ----------------------------------------------------------------------------- */

static gboolean on_tick (gpointer user_data);

static void
tick (GwTicketList *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = gw_clock_get_now (self->clock);
  gint64 next = 0;
  gint64 ms;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->late_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (row_is_held (value) && gw_ticket_row_get_ticket (value))
      {
        gint64 n = gw_ticket_row_tick (value, now);
        if (n > 0 && (next == 0 || n < next))
          next = n;
      }
  if (next == 0 || (ms = gw_clock_ms_until (self->clock, next)) < 0)
    return;
  self->tick_id = g_timeout_add (MAX (ms, 50), on_tick, self);
}

static gboolean
on_tick (gpointer user_data)
{
  GwTicketList *self = user_data;

  self->tick_id = 0;
  tick (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (GwTicketList *self)
{
  tick (self);
}

static void
on_clock_changed (GwTicketList *self)
{
  tick (self);
}

/* Object ------------------------------------------------------------------------------ */

static void
gw_ticket_list_dispose (GObject *object)
{
  GwTicketList *self = GW_TICKET_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->fetch_idle, g_source_remove);
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->clock)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gw_ticket_list_parent_class)->dispose (object);
}

static void
gw_ticket_list_finalize (GObject *object)
{
  GwTicketList *self = GW_TICKET_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, gw_ticket_query_free);
  g_queue_clear_full (&self->results, (GDestroyNotify) result_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->late, g_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->tickets, g_hash_table_unref);
  g_clear_pointer (&self->requested, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_hash_table_unref);
  g_free (self->actor_name);
  g_free (self->actor_division);
  g_free (self->actor_department);
  G_OBJECT_CLASS (gw_ticket_list_parent_class)->finalize (object);
}

static void
gw_ticket_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwTicketList *self = GW_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->refreshing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_ticket_list_class_init (GwTicketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_ticket_list_dispose;
  object_class->finalize = gw_ticket_list_finalize;
  object_class->get_property = gw_ticket_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A refresh is in the model: how long it took from its start, in µs. */
  /* The change log moved since the previous refresh: tickets changed. */
  signals[DATABASE_CHANGED] =
    g_signal_new ("database-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The rows now show the result of a new query (not a refresh of the same one). */
  signals[RESULT_CHANGED] =
    g_signal_new ("result-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
gw_ticket_list_init (GwTicketList *self)
{
  self->cancellable = g_cancellable_new ();
  self->query = gw_ticket_query_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  /* Keys point at the tickets' own ids: replace, never insert over an entry. */
  self->tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) gw_ticket_unref);
  self->requested = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->wanted = g_hash_table_new (NULL, NULL);
  self->last_seq = -1;
  self->visible_last = G_MAXUINT - VISIBLE_MARGIN;
  self->late = g_array_new (FALSE, FALSE, sizeof (guint));
}

GwTicketList *
gw_ticket_list_new (GwStore *store,
                    GwClock *clock)
{
  GwTicketList *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_TICKET_LIST, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  g_signal_connect_swapped (clock, "changed", G_CALLBACK (on_clock_changed), self);
  return self;
}

void
gw_ticket_list_set_actor (GwTicketList  *self,
                          const GwActor *actor)
{
  g_return_if_fail (GW_IS_TICKET_LIST (self));

  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->actor_division, g_free);
  g_clear_pointer (&self->actor_department, g_free);
  /* "My queue" was someone else's. */
  g_queue_clear_full (&self->results, (GDestroyNotify) result_free);
  self->has_actor = actor != NULL;
  if (actor == NULL)
    return;
  self->actor = *actor;
  self->actor.name = self->actor_name = g_strdup (actor->name);
  self->actor.division_code = self->actor_division = g_strdup (actor->division_code);
  self->actor.department_code = self->actor_department = g_strdup (actor->department_code);
}

void
gw_ticket_list_set_query (GwTicketList        *self,
                          const GwTicketQuery *query)
{
  g_return_if_fail (GW_IS_TICKET_LIST (self));
  g_return_if_fail (query != NULL);

  gw_ticket_query_free (self->query);
  self->query = gw_ticket_query_copy (query);
  self->generation++;
  gw_ticket_list_refresh (self);
}

const GwTicketQuery *
gw_ticket_list_get_query (GwTicketList *self)
{
  g_return_val_if_fail (GW_IS_TICKET_LIST (self), NULL);
  return self->query;
}

gint64
gw_ticket_list_find (GwTicketList *self,
                     gint64        ticket_id)
{
  g_return_val_if_fail (GW_IS_TICKET_LIST (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == ticket_id)
      return i;
  return -1;
}

gboolean
gw_ticket_list_get_loading (GwTicketList *self)
{
  g_return_val_if_fail (GW_IS_TICKET_LIST (self), FALSE);
  return self->refreshing;
}

void
gw_ticket_list_set_visible_range (GwTicketList *self,
                                  guint         first,
                                  guint         last)
{
  g_return_if_fail (GW_IS_TICKET_LIST (self));

  self->visible_first = first;
  self->visible_last = MAX (first, last);
}
