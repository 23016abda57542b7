/* gw-server-live.c: the live feed. Seats say hello with their token, get the change log
 * within their jurisdiction in batched frames and acknowledge them; a seat that stops
 * reading is let go and catches up over REST. */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-server-private.h"
#include "gw-workflow.h"

/* The live feed ------------------------------------------------------------------------- */

void
_gw_server_live_client_free (LiveClient *c)
{
  g_clear_pointer (&c->user, gw_user_free);
  g_queue_clear_full (&c->unacked, g_free);
  g_clear_object (&c->conn);
  g_free (c);
}

static void
live_send (LiveClient *c,
           gint64      seq,
           const char *text)
{
  Frame *f;

  if (soup_websocket_connection_get_state (c->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  soup_websocket_connection_send_text (c->conn, text);
  f = g_new0 (Frame, 1);
  f->seq = seq;
  f->bytes = strlen (text);
  f->sent_at = g_get_monotonic_time ();
  g_queue_push_tail (&c->unacked, f);
  c->unacked_bytes += f->bytes;
  c->sent_seq = MAX (c->sent_seq, seq);
  if (c->unacked_bytes > GW_SERVER_LIVE_MAX_UNACKED)
    /* It stopped reading: close it; it will catch up over REST. */
    soup_websocket_connection_close (c->conn, 4008, "too far behind; resync over REST");
}

typedef struct {
  GPtrArray *tickets;
  GArray    *seqs;
  gint64     last;
} PublishResult;

static void
publish_result_free (PublishResult *p)
{
  g_clear_pointer (&p->tickets, g_ptr_array_unref);
  g_clear_pointer (&p->seqs, g_array_unref);
  g_free (p);
}

static gpointer
publish_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  gint64 *since = data;
  PublishResult *p = g_new0 (PublishResult, 1);

  p->tickets = gw_db_get_changes (db, *since, 1000, &p->seqs, error);
  if (p->tickets == NULL)
    {
      g_free (p);
      return NULL;
    }
  p->last = p->seqs->len ? g_array_index (p->seqs, gint64, p->seqs->len - 1) : *since;
  return p;
}

static void publish_now (GwServer *self);

static void
on_publish_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwServer) self = user_data;
  g_autoptr(GError) error = NULL;
  PublishResult *p = gw_store_run_finish (GW_STORE (object), result, &error);

  self->publishing = FALSE;
  if (p == NULL)
    {
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Reading the change log failed: %s", error->message);
      return;
    }
  for (guint k = 0; k < self->live->len; k++)
    {
      LiveClient *c = g_ptr_array_index (self->live, k);
      g_autoptr(GString) out = NULL;
      GwJsonWriter w;
      guint n = 0;

      if (c->user == NULL)
        continue;
      out = g_string_sized_new (4096);
      gw_json_writer_init (&w, out);
      gw_json_writer_begin_object (&w);
      gw_json_writer_member (&w, "type");
      gw_json_writer_string (&w, "changes");
      gw_json_writer_member (&w, "from_seq");
      gw_json_writer_int (&w, self->published_seq);
      gw_json_writer_member (&w, "last_seq");
      gw_json_writer_int (&w, p->last);
      gw_json_writer_member (&w, "changes");
      gw_json_writer_begin_array (&w);
      for (guint i = 0; i < p->tickets->len; i++)
        {
          GwTicket *t = g_ptr_array_index (p->tickets, i);
          gint64 seq = g_array_index (p->seqs, gint64, i);

          if (seq <= c->sent_seq || !gw_workflow_can_see (t, &c->actor))
            continue;
          gw_json_writer_begin_object (&w);
          gw_json_writer_member (&w, "seq");
          gw_json_writer_int (&w, seq);
          gw_json_writer_member (&w, "ticket");
          gw_ticket_write_json (t, &w);
          gw_json_writer_end_object (&w);
          n++;
        }
      gw_json_writer_end_array (&w);
      gw_json_writer_end_object (&w);
      if (n == 0 && p->last <= c->sent_seq)
        continue;
      live_send (c, p->last, out->str);
    }
  self->published_seq = p->last;
  publish_result_free (p);
  if (self->publish_again)
    {
      self->publish_again = FALSE;
      publish_now (self);
    }
}

static void
publish_now (GwServer *self)
{
  if (self->live->len == 0)
    {
      /* Nobody listens: a seat that connects later starts from the change log itself. */
      self->publish_again = FALSE;
      return;
    }
  if (self->publishing)
    {
      self->publish_again = TRUE;
      return;
    }
  self->publishing = TRUE;
  gw_store_run_async (self->store, publish_func, g_memdup2 (&self->published_seq, sizeof (gint64)), g_free,
                      (GDestroyNotify) publish_result_free, NULL, on_publish_done, g_object_ref (self));
}

void
gw_server_publish (GwServer *self)
{
  g_return_if_fail (GW_IS_SERVER (self));
  publish_now (self);
}

gboolean
_gw_server_on_poll (gpointer user_data)
{
  GwServer *self = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A seat that has not acknowledged a frame for 5 s has stopped reading: let it go, it
   * catches up over REST when it returns. */
  for (guint i = 0; i < self->live->len; )
    {
      LiveClient *c = g_ptr_array_index (self->live, i);
      Frame *oldest = g_queue_peek_head (&c->unacked);

      if (oldest && now - oldest->sent_at > GW_SERVER_LIVE_MAX_SILENCE * G_USEC_PER_SEC)
        {
          /* A peer that does not read will not answer the close either: stop serving it
           * now and let the connection finish closing on its own. */
          g_signal_handlers_disconnect_by_data (c->conn, c);
          if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (c->conn, 4008, "not reading; resync over REST");
          g_ptr_array_remove_index (self->live, i);
          continue;
        }
      i++;
    }
  publish_now (self);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  GwServer   *server;
  LiveClient *client;
  char       *token;
  gint64      now;
} Hello;

typedef struct {
  GwUser *user;
  gint64  last_seq;
} Welcome;

static void
welcome_free (Welcome *w)
{
  g_clear_pointer (&w->user, gw_user_free);
  g_free (w);
}

static gpointer
hello_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Hello *h = data;
  GwUser *user = gw_accounts_check_token (db, h->token, h->now, error);
  Welcome *w;

  if (user == NULL)
    return NULL;
  w = g_new0 (Welcome, 1);
  w->user = user;
  w->last_seq = gw_db_get_last_change (db, NULL);
  return w;
}

static void
hello_free (Hello *h)
{
  g_clear_object (&h->server);
  g_free (h->token);
  g_free (h);
}

static void
on_hello_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Hello *h = user_data;
  g_autoptr(GError) error = NULL;
  Welcome *w = gw_store_run_finish (GW_STORE (object), result, &error);
  LiveClient *c = h->client;
  GwServer *self = h->server;

  if (!g_ptr_array_find (self->live, c, NULL))
    {
      g_clear_pointer (&w, welcome_free);  /* closed meanwhile */
      hello_free (h);
      return;
    }
  c->checking = FALSE;
  if (w == NULL)
    soup_websocket_connection_close (c->conn, 4401, "sign in first");
  else
    {
      g_autofree char *text = NULL;

      /* The feed follows the log from now on; what the seat missed before its hello it
       * fetches over REST (the welcome says how far the log is). */
      if (self->published_seq < w->last_seq && !self->publishing)
        self->published_seq = w->last_seq;
      text = g_strdup_printf ("{\"type\":\"welcome\",\"last_seq\":%" G_GINT64_FORMAT "}", w->last_seq);
      c->user = g_steal_pointer (&w->user);
      c->actor = gw_user_as_actor (c->user);
      c->sent_seq = MAX (c->sent_seq, w->last_seq);
      soup_websocket_connection_send_text (c->conn, text);
      welcome_free (w);
      /* gridwatchd --drill: the drill's state and clock (or, for a seat cut off, goodbye). */
      _gw_server_drill_hello (self, c);
    }
  hello_free (h);
}

static const char *const hello_members[] = { "type", "token", "since", "ack", NULL };

static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  LiveClient *c = user_data;
  GwServer *self = g_object_get_data (G_OBJECT (conn), "gw-server");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL, *token = NULL;
  gint64 ack = -1, since = -1;
  JsonObject *obj;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || g_bytes_get_size (message) > 4096)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "bad message");
      return;
    }
  node = gw_json_parse (g_bytes_get_data (message, NULL), g_bytes_get_size (message), 4, &error);
  if (node == NULL ||
      !(obj = gw_json_require_object (node, "message", &error)) ||
      !gw_json_check_members (obj, "message", hello_members, &error) ||
      !gw_json_get_string (obj, "message", "type", TRUE, &kind, &error) ||
      !gw_json_get_string (obj, "message", "token", FALSE, &token, &error) ||
      !gw_json_get_int (obj, "message", "since", FALSE, &since, &error) ||
      !gw_json_get_int (obj, "message", "ack", FALSE, &ack, &error))
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, error->message);
      return;
    }
  if (g_str_equal (kind, "hello") && token && c->user == NULL && !c->checking)
    {
      Hello *h = g_new0 (Hello, 1);

      h->server = g_object_ref (self);
      h->client = c;
      h->token = g_steal_pointer (&token);
      h->now = gw_clock_get_now (self->clock);
      c->checking = TRUE;
      if (since >= 0)
        c->sent_seq = since;
      gw_store_run_async (self->store, hello_func, h, NULL, (GDestroyNotify) welcome_free, NULL,
                          on_hello_done, h);
    }
  else if (g_str_equal (kind, "ack") && ack >= 0)
    {
      Frame *f;
      while ((f = g_queue_peek_head (&c->unacked)) && f->seq <= ack)
        {
          c->unacked_bytes -= f->bytes;
          g_free (g_queue_pop_head (&c->unacked));
        }
    }
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                gpointer                 user_data)
{
  LiveClient *c = user_data;
  GwServer *self = g_object_get_data (G_OBJECT (conn), "gw-server");

  g_signal_handlers_disconnect_by_data (conn, c);
  g_ptr_array_remove (self->live, c);
}

void
_gw_server_on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  GwServer *self = user_data;
  LiveClient *c = g_new0 (LiveClient, 1);

  c->conn = g_object_ref (conn);
  g_queue_init (&c->unacked);
  g_object_set_data (G_OBJECT (conn), "gw-server", self);
  g_signal_connect (conn, "message", G_CALLBACK (on_live_message), c);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed), c);
  g_ptr_array_add (self->live, c);
}

