/* gw-sync-client.c: the sync client's object, its states, and the sequence every
 * connection runs: the seat's state; for a seat without tickets the snapshot file
 * (gw-sync-snapshot.c); else, or when the server has none, divisions and departments when
 * the seat has none and the snapshot page by page (resumable); the catch-up over the change
 * log, then the live feed (gw-sync-live.c). A failure anywhere ends the connection's work
 * and schedules another attempt. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

G_DEFINE_FINAL_TYPE (GwSyncClient, gw_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (gw-sync-error-quark, gw_sync_error)

G_DEFINE_ENUM_TYPE (GwSyncState, gw_sync_state,
  G_DEFINE_ENUM_VALUE (GW_SYNC_STATE_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (GW_SYNC_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (GW_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (GW_SYNC_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (GW_SYNC_STATE_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URI,
  PROP_STATE,
  PROP_PENDING,
  PROP_LAST_SEQ,
  PROP_PAGE_SIZE,
  PROP_SNAPSHOT_FILE,
  PROP_SNAPSHOT_RECEIVED,
  PROP_SNAPSHOT_SIZE,
  PROP_DRILL,
  PROP_CLOCK,
  PROP_REFUSAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICKET_CHANGED,
  COMMAND_DONE,
  COMMAND_REFUSED,
  SNAPSHOT_PAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
gw_sync_state_to_label (GwSyncState state)
{
  switch (state)
    {
    case GW_SYNC_STATE_SIGNED_OUT:
      return _("Signed out");
    case GW_SYNC_STATE_CONNECTING:
      return _("Connecting…");
    case GW_SYNC_STATE_SYNCING:
      return _("Synchronizing…");
    case GW_SYNC_STATE_ONLINE:
      return _("Online");
    case GW_SYNC_STATE_OFFLINE:
      return _("Offline: working locally, reconnecting");
    default:
      return "";
    }
}

static void cycle_begin   (GwSyncClient *self);
static void snapshot_page (GwSyncClient *self);

/* Shared with the other files ------------------------------------------------------------ */

void
_gw_sync_client_set_state (GwSyncClient *self,
                           GwSyncState   state)
{
  if (self->state == state)
    return;
  g_debug ("%s → %s", gw_sync_state_to_label (self->state), gw_sync_state_to_label (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_gw_sync_client_set_pending (GwSyncClient *self,
                             guint         pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
set_seq (GwSyncClient *self,
         gint64        seq)
{
  if (self->seq == seq)
    return;
  self->seq = seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
}

gboolean
_gw_sync_client_is_current (GwSyncClient *self,
                            GAsyncResult *result)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  return cancellable != NULL && cancellable == self->cycle && !g_cancellable_is_cancelled (cancellable);
}

void
_gw_sync_client_committed (GwSyncClient *self,
                           GArray       *ids,
                           gint64        seq)
{
  if (seq > self->seq)
    set_seq (self, seq);
  for (guint i = 0; i < ids->len; i++)
    g_signal_emit (self, signals[TICKET_CHANGED], 0, g_array_index (ids, gint64, i));
}

void
_gw_sync_client_answered (GwSyncClient *self,
                          const char   *command_id,
                          gint64        ticket_id,
                          const char   *refusal)
{
  if (refusal)
    g_signal_emit (self, signals[COMMAND_REFUSED], 0, command_id, ticket_id, refusal);
  else
    g_signal_emit (self, signals[COMMAND_DONE], 0, command_id, ticket_id);
}

/* Ends the current connection's work (its callbacks, when they come, find it stale). */
static void
cycle_end (GwSyncClient *self)
{
  if (self->cycle)
    {
      g_cancellable_cancel (self->cycle);
      g_clear_object (&self->cycle);
    }
  _gw_sync_live_close (self);
  g_clear_handle_id (&self->outbox_retry_id, g_source_remove);
}

static gboolean
on_reconnect (gpointer user_data)
{
  GwSyncClient *self = user_data;

  self->reconnect_id = 0;
  cycle_begin (self);
  return G_SOURCE_REMOVE;
}

void
_gw_sync_client_fail (GwSyncClient *self,
                      const GError *error)
{
  guint delay_ms;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Connection lost: %s", error->message);
  cycle_end (self);
  if (!self->started)
    return;
  _gw_sync_client_set_state (self, GW_SYNC_STATE_OFFLINE);
  if (g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
    return;  /* the seat's database is gone: nothing to sync into */
  /* Half the pause fixed, half random: the seats back from one outage do not all knock
   * in the same second. */
  delay_ms = self->backoff * 500 + (guint) g_random_int_range (0, (gint32) self->backoff * 500 + 1);
  self->backoff = MIN (self->backoff * 2, GW_SYNC_BACKOFF_MAX);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (delay_ms, on_reconnect, self);
}

void
_gw_sync_client_protocol_error (GwSyncClient *self,
                                const GError *error)
{
  g_warning ("The server's answer cannot be used: %s", error->message);
  _gw_sync_client_fail (self, error);
}

static void
on_token_forgotten (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = gw_store_run_finish (GW_STORE (object), result, &error);

  if (done == NULL && !g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
    g_warning ("Cannot forget the refused sign-in: %s", error->message);
}

void
_gw_sync_client_signed_out (GwSyncClient *self)
{
  cycle_end (self);
  g_clear_pointer (&self->token, g_free);
  _gw_sync_client_set_state (self, GW_SYNC_STATE_SIGNED_OUT);
  gw_store_run_async (self->store, _gw_sync_save_session, g_new0 (GwSyncSession, 1),
                      (GDestroyNotify) _gw_sync_session_free, g_free, NULL, on_token_forgotten, NULL);
}

/* A REST answer during the connection: FALSE (and the failure handled) unless a success
 * of the current connection. */
static gboolean
check_answer (GwSyncClient *self,
              GAsyncResult *result,
              GwSyncAnswer *a,
              const GError *error)
{
  if (!_gw_sync_client_is_current (self, result))
    return FALSE;
  if (a == NULL)
    {
      _gw_sync_client_fail (self, error);
      return FALSE;
    }
  if (a->status == SOUP_STATUS_UNAUTHORIZED)
    {
      _gw_sync_client_signed_out (self);
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (a->status))
    {
      g_autofree char *message = _gw_sync_answer_message (a);
      g_autoptr(GError) server_error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, message);
      _gw_sync_client_fail (self, server_error);
      return FALSE;
    }
  _gw_sync_client_answered_ok (self);
  return _gw_sync_client_is_current (self, result);  /* a handler of the state may have stopped us */
}

void
_gw_sync_client_answered_ok (GwSyncClient *self)
{
  if (self->state == GW_SYNC_STATE_CONNECTING || self->state == GW_SYNC_STATE_OFFLINE)
    _gw_sync_client_set_state (self, GW_SYNC_STATE_SYNCING);
}

/* Writes of the snapshot and the catch-up ------------------------------------------------ */

typedef struct {
  GwSyncClient *self;
  gint64        seq;      /* the sequence written, or -1 */
  gboolean      snapshot;
  gint64        after;    /* snapshot: where the next page starts */
  gboolean      done;     /* snapshot: that was the last page */
  gboolean      more;     /* catch-up: more pages follow */
} Written;

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Written *w = user_data;
  g_autoptr(GwSyncClient) self = w->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = gw_store_run_finish (GW_STORE (object), result, &error);
  Written copy = *w;

  g_free (w);
  if (ids != NULL)
    {
      /* Committed: whatever became of the connection meanwhile, the seat holds it. */
      if (copy.snapshot)
        {
          if (copy.seq > self->seq)
            set_seq (self, copy.seq);
          g_signal_emit (self, signals[SNAPSHOT_PAGE], 0, ids->len, copy.done);
        }
      else
        _gw_sync_client_committed (self, ids, copy.seq);
    }
  /* After the signals: a handler may have stopped the client. */
  if (!_gw_sync_client_is_current (self, result))
    return;
  if (ids == NULL)
    {
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot write what the server sent: %s", error->message);
      _gw_sync_client_fail (self, error);
      return;
    }
  if (copy.snapshot && copy.done)
    {
      self->snapshot_running = FALSE;
      _gw_sync_client_catch_up (self, GW_SYNC_THEN_CONNECT);
    }
  else if (copy.snapshot)
    {
      self->snapshot_after = copy.after;
      self->snapshot_fresh = FALSE;
      snapshot_page (self);
    }
  else if (copy.more)
    _gw_sync_client_catch_up (self, self->catch_up_then);
  else if (self->catch_up_then == GW_SYNC_THEN_CONNECT)
    _gw_sync_live_connect (self);
  else
    _gw_sync_live_gap_filled (self);
}

static void
write_async (GwSyncClient *self,
             GwSyncWrite  *job,
             Written      *w)
{
  w->self = g_object_ref (self);
  w->seq = job->seq;
  gw_store_run_async (self->store, _gw_sync_write, job, (GDestroyNotify) _gw_sync_write_free,
                      (GDestroyNotify) g_array_unref, self->cycle, on_written, w);
}

/* The catch-up ---------------------------------------------------------------------------- */

static void
on_changes (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  GwSyncWrite *job;
  Written *w;
  JsonObject *obj;
  JsonArray *changes = NULL;
  gint64 last_seq = 0;
  gboolean more = FALSE;

  if (!check_answer (self, result, a, error))
    return;
  if (!(obj = gw_json_require_object (a->json, "changes", &error)) ||
      !gw_json_get_array (obj, "changes", "changes", TRUE, &changes, &error) ||
      !gw_json_get_int (obj, "changes", "last_seq", TRUE, &last_seq, &error) ||
      !gw_json_get_bool (obj, "changes", "more", FALSE, &more, &error))
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  if (more && last_seq <= self->seq)
    {
      g_set_error (&error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, _("changes.last_seq: does not advance"));
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  job = _gw_sync_write_new ();
  if (!_gw_sync_parse_tickets (changes, "changes.changes", "ticket", job->tickets, &error))
    {
      _gw_sync_write_free (job);
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  if (job->tickets->len == 0 && last_seq <= self->seq)
    {
      /* Nothing new. */
      _gw_sync_write_free (job);
      if (more)
        _gw_sync_client_catch_up (self, self->catch_up_then);
      else if (self->catch_up_then == GW_SYNC_THEN_CONNECT)
        _gw_sync_live_connect (self);
      else
        _gw_sync_live_gap_filled (self);
      return;
    }
  job->seq = MAX (last_seq, self->seq);
  w = g_new0 (Written, 1);
  w->more = more;
  write_async (self, job, w);
}

void
_gw_sync_client_catch_up (GwSyncClient *self,
                          GwSyncThen    then)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%d",
                                           self->seq, GW_SYNC_CHANGES_PAGE);

  self->catch_up_then = then;
  _gw_sync_rest_async (self, "GET", path, NULL, TRUE, self->cycle, on_changes, g_object_ref (self));
}

/* The snapshot ------------------------------------------------------------------------ */

static void
on_ticket_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  GwSyncWrite *job;
  Written *w;
  JsonObject *obj;
  JsonArray *tickets = NULL;
  gint64 next_after = -1, last_seq = 0;

  if (!check_answer (self, result, a, error))
    return;
  if (!(obj = gw_json_require_object (a->json, "page", &error)) ||
      !gw_json_get_array (obj, "page", "tickets", TRUE, &tickets, &error) ||
      !gw_json_get_int (obj, "page", "next_after", FALSE, &next_after, &error) ||
      !gw_json_get_int (obj, "page", "last_seq", TRUE, &last_seq, &error))
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  if (next_after >= 0 && next_after <= self->snapshot_after)
    {
      g_set_error (&error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, _("page.next_after: does not advance"));
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  job = _gw_sync_write_new ();
  if (!_gw_sync_parse_tickets (tickets, "page.tickets", NULL, job->tickets, &error))
    {
      _gw_sync_write_free (job);
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  w = g_new0 (Written, 1);
  w->snapshot = TRUE;
  /* Changes made while the pages are read are caught up from the first page's sequence. */
  if (self->snapshot_fresh)
    job->seq = last_seq;
  if (next_after < 0)
    job->snapshot_done = w->done = TRUE;
  else
    job->after = w->after = next_after;
  g_debug ("Snapshot page after %" G_GINT64_FORMAT ": %u tickets", self->snapshot_after, job->tickets->len);
  write_async (self, job, w);
}

static void
snapshot_page (GwSyncClient *self)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets?after=%" G_GINT64_FORMAT "&limit=%u",
                                           self->snapshot_after, self->page_size);

  _gw_sync_rest_async (self, "GET", path, NULL, TRUE, self->cycle, on_ticket_page, g_object_ref (self));
}

void
_gw_sync_client_snapshot_loaded (GwSyncClient *self,
                                 guint         tickets,
                                 gint64        seq)
{
  self->snapshot_running = FALSE;
  if (seq > self->seq)
    set_seq (self, seq);
  g_signal_emit (self, signals[SNAPSHOT_PAGE], 0, tickets, TRUE);
}

void
_gw_sync_client_set_snapshot_progress (GwSyncClient *self,
                                       guint64       received,
                                       guint64       size)
{
  /* A tenth of a percent at a time (each MiB when the size is unknown): enough for a
   * progress display, without a notification per chunk. */
  guint64 step = size > 0 ? MAX (size / 1000, 1) : 1024 * 1024;
  gboolean notify_received = received / step != self->snapshot_received / step ||
                             (received == size) != (self->snapshot_received == self->snapshot_size) ||
                             (received == 0) != (self->snapshot_received == 0);

  if (received == self->snapshot_received && size == self->snapshot_size)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (size != self->snapshot_size)
    {
      self->snapshot_size = size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT_SIZE]);
      notify_received = TRUE;
    }
  self->snapshot_received = received;
  if (notify_received)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT_RECEIVED]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
after_reference (GwSyncClient *self)
{
  if (self->snapshot_running)
    snapshot_page (self);
  else
    _gw_sync_client_catch_up (self, GW_SYNC_THEN_CONNECT);
}

static void fetch_reference (GwSyncClient *self,
                             gboolean      divisions,
                             gboolean      departments);

void
_gw_sync_client_snapshot_pages (GwSyncClient *self)
{
  if (!self->has_divisions || !self->has_departments)
    fetch_reference (self, !self->has_divisions, !self->has_departments);
  else
    after_reference (self);
}

/* Divisions and departments ------------------------------------------------------------- */

static void
on_reference_written (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *written = gw_store_run_finish (GW_STORE (object), result, &error);

  if (!_gw_sync_client_is_current (self, result))
    return;
  if (written == NULL)
    {
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot keep the county's divisions and departments: %s", error->message);
      _gw_sync_client_fail (self, error);
      return;
    }
  g_debug ("%" G_GINT64_FORMAT " divisions and departments written", *written);
  after_reference (self);
}

typedef struct {
  GwSyncClient    *self;
  GwSyncReference *ref;
} Reference;

static void
reference_free (Reference *r)
{
  g_clear_object (&r->self);
  _gw_sync_reference_free (r->ref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reference, reference_free)

typedef gpointer (*FromJson) (JsonNode   *node,
                              const char *path,
                              GError    **error);

/* The records of an array answer, each read by from_json; NULL (error set) if any is bad. */
static GPtrArray *
parse_records (GwSyncAnswer   *a,
               const char     *path,
               FromJson        from_json,
               GDestroyNotify  free_func,
               GError        **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (free_func);
  JsonArray *array;

  if (a->json == NULL || !JSON_NODE_HOLDS_ARRAY (a->json))
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TYPE, _("%s: expected an array"), path);
      return NULL;
    }
  array = json_node_get_array (a->json);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = gw_json_path_index (path, i);
      gpointer record = from_json (json_array_get_element (array, i), where, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

static void
on_departments (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Reference) r = user_data;
  GwSyncClient *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);

  if (!check_answer (self, result, a, error))
    return;
  r->ref->departments = parse_records (a, "departments", (FromJson) gw_department_from_json,
                                       (GDestroyNotify) gw_department_unref, &error);
  if (r->ref->departments == NULL)
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  gw_store_run_async (self->store, _gw_sync_write_reference, g_steal_pointer (&r->ref),
                      (GDestroyNotify) _gw_sync_reference_free, g_free, self->cycle,
                      on_reference_written, g_object_ref (self));
}

static void
on_divisions (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Reference) r = user_data;
  GwSyncClient *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);

  if (!check_answer (self, result, a, error))
    return;
  r->ref->divisions = parse_records (a, "divisions", (FromJson) gw_division_from_json,
                                     (GDestroyNotify) gw_division_unref, &error);
  if (r->ref->divisions == NULL)
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  if (self->need_departments)
    _gw_sync_rest_async (self, "GET", "/api/v1/departments", NULL, TRUE, self->cycle, on_departments,
                         g_steal_pointer (&r));
  else
    gw_store_run_async (self->store, _gw_sync_write_reference, g_steal_pointer (&r->ref),
                        (GDestroyNotify) _gw_sync_reference_free, g_free, self->cycle,
                        on_reference_written, g_object_ref (self));
}

static void
fetch_reference (GwSyncClient *self,
                 gboolean      divisions,
                 gboolean      departments)
{
  Reference *r = g_new0 (Reference, 1);

  r->self = g_object_ref (self);
  r->ref = g_new0 (GwSyncReference, 1);
  self->need_departments = departments;
  if (divisions)
    _gw_sync_rest_async (self, "GET", "/api/v1/divisions?geometry=1", NULL, TRUE, self->cycle, on_divisions, r);
  else
    _gw_sync_rest_async (self, "GET", "/api/v1/departments", NULL, TRUE, self->cycle, on_departments, r);
}

/* The seat ---------------------------------------------------------------------------- */

static void
on_seat_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  GwSyncSeat *seat = gw_store_run_finish (GW_STORE (object), result, &error);

  if (!_gw_sync_client_is_current (self, result))
    {
      _gw_sync_seat_free (seat);
      return;
    }
  if (seat == NULL)
    {
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot read the seat's sync state: %s", error->message);
      _gw_sync_client_fail (self, error);
      return;
    }
  g_free (self->token);
  self->token = g_steal_pointer (&seat->token);
  set_seq (self, seat->seq);
  _gw_sync_client_set_pending (self, seat->pending);
  if (self->token == NULL)
    {
      cycle_end (self);
      _gw_sync_client_set_state (self, GW_SYNC_STATE_SIGNED_OUT);
      _gw_sync_seat_free (seat);
    }
  else
    /* A drill's seat only with its drill, a real seat only with a real server. */
    _gw_sync_drill_check (self, seat);
}

void
_gw_sync_client_seat_checked (GwSyncClient *self,
                              GwSyncSeat   *seat)
{
  /* A snapshot when the seat holds no ticket yet, or when one stopped part-way. */
  self->snapshot_running = seat->snapshot_running || !seat->has_tickets;
  self->snapshot_fresh = !seat->snapshot_running;
  self->snapshot_after = seat->snapshot_running ? seat->after : 0;
  self->has_divisions = seat->has_divisions;
  self->has_departments = seat->has_departments;
  /* A new seat starts from the server's file (divisions and departments included); a
   * page snapshot that stopped part-way goes on page by page. */
  if (self->snapshot_file && !self->snapshot_file_refused &&
      !seat->has_tickets && !seat->snapshot_running && seat->seq == 0)
    _gw_sync_snapshot_fetch (self, seat->snapshot_etag);
  else
    _gw_sync_client_snapshot_pages (self);
  _gw_sync_seat_free (seat);
}

/* A new attempt at the whole sequence. */
static void
cycle_begin (GwSyncClient *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  cycle_end (self);
  self->cycle = g_cancellable_new ();
  /* Retrying while offline stays offline until the server answers: no flicker. */
  if (self->state != GW_SYNC_STATE_OFFLINE)
    _gw_sync_client_set_state (self, GW_SYNC_STATE_CONNECTING);
  gw_store_run_async (self->store, _gw_sync_load_seat, NULL, NULL, (GDestroyNotify) _gw_sync_seat_free,
                      self->cycle, on_seat_loaded, g_object_ref (self));
}

/* Object ------------------------------------------------------------------------------ */

static void
set_server_uri (GwSyncClient *self,
                const char   *uri)
{
  gsize n;

  g_free (self->base_uri);
  g_free (self->live_uri);
  self->base_uri = g_strdup (uri ? uri : "");
  n = strlen (self->base_uri);
  while (n > 0 && self->base_uri[n - 1] == '/')
    self->base_uri[--n] = '\0';
  if (g_str_has_prefix (self->base_uri, "https://"))
    self->live_uri = g_strconcat ("wss://", self->base_uri + strlen ("https://"), "/api/v1/live", NULL);
  else if (g_str_has_prefix (self->base_uri, "http://"))
    self->live_uri = g_strconcat ("ws://", self->base_uri + strlen ("http://"), "/api/v1/live", NULL);
  else
    self->live_uri = g_strdup ("");
}

static void
gw_sync_client_dispose (GObject *object)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  self->started = FALSE;
  cycle_end (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gw_sync_client_parent_class)->dispose (object);
}

static void
gw_sync_client_finalize (GObject *object)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  g_free (self->base_uri);
  g_free (self->live_uri);
  g_free (self->token);
  _gw_sync_drill_finalize (self);
  G_OBJECT_CLASS (gw_sync_client_parent_class)->finalize (object);
}

static void
gw_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URI:
      g_value_set_string (value, self->base_uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_SNAPSHOT_FILE:
      g_value_set_boolean (value, self->snapshot_file);
      break;
    case PROP_SNAPSHOT_RECEIVED:
      g_value_set_uint64 (value, self->snapshot_received);
      break;
    case PROP_SNAPSHOT_SIZE:
      g_value_set_uint64 (value, self->snapshot_size);
      break;
    case PROP_DRILL:
      g_value_set_boxed (value, gw_sync_client_get_drill (self));
      break;
    case PROP_CLOCK:
      g_value_set_object (value, gw_sync_client_get_clock (self));
      break;
    case PROP_REFUSAL:
      g_value_set_string (value, gw_sync_client_get_refusal (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    case PROP_SERVER_URI:
      set_server_uri (self, g_value_get_string (value));
      break;
    case PROP_PAGE_SIZE:
      gw_sync_client_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_SNAPSHOT_FILE:
      gw_sync_client_set_snapshot_file (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_sync_client_class_init (GwSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_sync_client_dispose;
  object_class->finalize = gw_sync_client_finalize;
  object_class->get_property = gw_sync_client_get_property;
  object_class->set_property = gw_sync_client_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GW_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URI] =
    g_param_spec_string ("server-uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GW_TYPE_SYNC_STATE, GW_SYNC_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SEQ] =
    g_param_spec_int64 ("last-seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, GW_SYNC_PAGE_MAX, GW_SYNC_PAGE_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT_FILE] =
    g_param_spec_boolean ("snapshot-file", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT_RECEIVED] =
    g_param_spec_uint64 ("snapshot-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT_SIZE] =
    g_param_spec_uint64 ("snapshot-size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Drills (gw-sync-drill.h). */
  properties[PROP_DRILL] =
    g_param_spec_boxed ("drill", NULL, NULL, GW_TYPE_SYNC_DRILL,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, GW_TYPE_CLOCK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFUSAL] =
    g_param_spec_string ("refusal", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  _gw_sync_drill_class_init (object_class);

  /* A ticket in the seat's database changed (catch-up, live feed, a command's answer). */
  signals[TICKET_CHANGED] =
    g_signal_new ("ticket-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The server applied a command: its command id, its ticket id (for a report, the ticket it
   * created, already in the seat's database). */
  signals[COMMAND_DONE] =
    g_signal_new ("command-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /* The server refused a command: its command id, its ticket id, the server's reason (to be
   * shown to the officer). */
  signals[COMMAND_REFUSED] =
    g_signal_new ("command-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  /* A snapshot page is in the seat's database: how many tickets it held, and whether it
   * was the last (the snapshot file arrives as one last page). Views reload on it
   * (snapshot tickets get no "ticket-changed" each). */
  signals[SNAPSHOT_PAGE] =
    g_signal_new ("snapshot-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
gw_sync_client_init (GwSyncClient *self)
{
  self->state = GW_SYNC_STATE_OFFLINE;
  self->page_size = GW_SYNC_PAGE_DEFAULT;
  self->snapshot_file = TRUE;
  self->backoff = GW_SYNC_BACKOFF_MIN;
  self->outbox_backoff = GW_SYNC_BACKOFF_MIN;
  g_queue_init (&self->frames);
  _gw_sync_drill_init (self);
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "user-agent", "gridwatch/" PACKAGE_VERSION " ",
                                                 NULL);
}

/* Public API ------------------------------------------------------------------------- */

GwSyncClient *
gw_sync_client_new (GwStore    *store,
                    const char *server_uri)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (server_uri != NULL, NULL);

  return g_object_new (GW_TYPE_SYNC_CLIENT, "store", store, "server-uri", server_uri, NULL);
}

GwSyncState
gw_sync_client_get_state (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), GW_SYNC_STATE_OFFLINE);
  return self->state;
}

/* Attachments ------------------------------------------------------------------------ */

static void
on_attached (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);

  if (a == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER,
                               /* TRANSLATORS: %s is why the server could not be reached */
                               _("Cannot reach the server: %s"), error->message);
      return;
    }
  if (a->status != 200 && a->status != 201)
    {
      g_autofree char *message = _gw_sync_answer_message (a);

      g_task_return_new_error (task, GW_SYNC_ERROR,
                               a->status >= 400 && a->status < 500 ? GW_SYNC_ERROR_INVALID : GW_SYNC_ERROR_SERVER,
                               "%s", message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
gw_sync_client_attach_async (GwSyncClient        *self,
                             gint64               ticket_id,
                             const char          *name,
                             const char          *mime_type,
                             GBytes              *content,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (name != NULL && mime_type != NULL && content != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_attach_async);
  if (self->state != GW_SYNC_STATE_ONLINE)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER,
                               _("The seat is not connected to the server"));
      return;
    }
  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/attachments?name=%s", ticket_id, escaped);
  _gw_sync_rest_bytes_async (self, "POST", path, mime_type, content, TRUE, cancellable, on_attached,
                             g_steal_pointer (&task));
}

gboolean
gw_sync_client_attach_finish (GwSyncClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
gw_sync_client_get_pending (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), 0);
  return self->pending;
}

gint64
gw_sync_client_get_last_seq (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), 0);
  return self->seq;
}

void
gw_sync_client_set_page_size (GwSyncClient *self,
                              guint         page_size)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  page_size = CLAMP (page_size, 1, GW_SYNC_PAGE_MAX);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

guint
gw_sync_client_get_page_size (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), GW_SYNC_PAGE_DEFAULT);
  return self->page_size;
}

void
gw_sync_client_get_snapshot_progress (GwSyncClient *self,
                                      guint64      *received,
                                      guint64      *size)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  if (received)
    *received = self->snapshot_received;
  if (size)
    *size = self->snapshot_size;
}

void
gw_sync_client_set_snapshot_file (GwSyncClient *self,
                                  gboolean      snapshot_file)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  snapshot_file = !!snapshot_file;
  if (self->snapshot_file == snapshot_file)
    return;
  self->snapshot_file = snapshot_file;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT_FILE]);
}

gboolean
gw_sync_client_get_snapshot_file (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), TRUE);
  return self->snapshot_file;
}

void
gw_sync_client_start (GwSyncClient *self)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->backoff = GW_SYNC_BACKOFF_MIN;
  _gw_sync_client_set_state (self, GW_SYNC_STATE_CONNECTING);
  cycle_begin (self);
}

void
gw_sync_client_stop (GwSyncClient *self)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  self->started = FALSE;
  cycle_end (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->state != GW_SYNC_STATE_SIGNED_OUT)
    _gw_sync_client_set_state (self, GW_SYNC_STATE_OFFLINE);
}

/* Signing in */

static void
on_session_saved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gw_store_run_finish (GW_STORE (object), result, &error);

  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (self->token);
  self->token = g_steal_pointer (&token);
  g_task_return_boolean (task, TRUE);
  if (self->started && self->state == GW_SYNC_STATE_SIGNED_OUT)
    {
      self->backoff = GW_SYNC_BACKOFF_MIN;
      _gw_sync_client_set_state (self, GW_SYNC_STATE_CONNECTING);
      cycle_begin (self);
    }
}

static void
on_session_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = GW_SYNC_CLIENT (object);
  g_autoptr(GError) error = NULL;
  GwSyncSession *session;

  if (!_gw_sync_drill_check_sign_in_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  session = g_object_steal_data (G_OBJECT (task), "gw-session");
  gw_store_run_async (self->store, _gw_sync_save_session, session, (GDestroyNotify) _gw_sync_session_free,
                      g_free, g_task_get_cancellable (task), on_session_saved, g_object_ref (task));
}

static void
on_session_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  g_autofree char *token = NULL;
  GwSyncSession *session;
  JsonObject *obj, *user = NULL;

  if (a == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (a->status))
    {
      g_autofree char *message = _gw_sync_answer_message (a);
      g_task_return_new_error (task, GW_SYNC_ERROR,
                               a->status >= 400 && a->status < 500 ? GW_SYNC_ERROR_DENIED : GW_SYNC_ERROR_SERVER,
                               "%s", message);
      return;
    }
  if (!(obj = gw_json_require_object (a->json, "session", &error)) ||
      !gw_json_get_string (obj, "session", "token", TRUE, &token, &error) ||
      !gw_json_get_object (obj, "session", "user", TRUE, &user, &error))
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, "%s", error->message);
      return;
    }
  session = g_new0 (GwSyncSession, 1);
  session->token = g_steal_pointer (&token);
  session->user_json = gw_json_to_string (json_object_get_member (obj, "user"), FALSE);
  g_object_set_data_full (G_OBJECT (task), "gw-session", session, (GDestroyNotify) _gw_sync_session_free);
  /* A drill's seat signs in only with its drill, a real seat only with a real server. */
  _gw_sync_drill_check_sign_in_async (self, session->token, g_task_get_cancellable (task), on_session_checked,
                                      g_object_ref (task));
}

void
gw_sync_client_sign_in_async (GwSyncClient        *self,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_sign_in_async);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = gw_json_to_string (root, FALSE);
  _gw_sync_rest_async (self, "POST", "/api/v1/session", body, FALSE, cancellable, on_session_answer,
                       g_steal_pointer (&task));
}

gboolean
gw_sync_client_sign_in_finish (GwSyncClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
