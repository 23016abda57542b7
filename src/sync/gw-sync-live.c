/* gw-sync-live.c: the live feed. Frames are acknowledged as they are read and applied in
 * the order they came, one store write at a time; a frame that starts beyond what the seat
 * holds waits while the gap is fetched over REST. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

#define CLOSE_SIGNED_OUT 4401

/* A live-feed message waiting to be applied. The welcome is one too: a frame with no
 * changes that starts at the server's position, so a gap before it is filled the same way
 * as a gap between frames. */
struct _GwSyncFrame
{
  gboolean   welcome;
  gint64     from_seq;
  gint64     last_seq;
  JsonNode  *root;
  JsonArray *changes;   /* in root; NULL for the welcome */
};

static void
frame_free (GwSyncFrame *frame)
{
  if (frame == NULL)
    return;
  g_clear_pointer (&frame->root, json_node_unref);
  g_free (frame);
}

static void feed_next (GwSyncClient *self);

/* self->frame is in the seat's database; after the welcome (and the gap before it
 * filled), the seat is online. */
static void
frame_done (GwSyncClient *self)
{
  GwSyncFrame *frame = g_steal_pointer (&self->frame);

  if (frame->welcome)
    {
      self->backoff = GW_SYNC_BACKOFF_MIN;
      self->outbox_backoff = GW_SYNC_BACKOFF_MIN;
      _gw_sync_client_set_state (self, GW_SYNC_STATE_ONLINE);
      _gw_sync_outbox_flush (self);
    }
  frame_free (frame);
}

typedef struct {
  GwSyncClient *self;
  gint64        seq;
} FrameWrite;

static void
on_frame_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FrameWrite *fw = user_data;
  g_autoptr(GwSyncClient) self = fw->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = gw_store_run_finish (GW_STORE (object), result, &error);
  gint64 seq = fw->seq;

  g_free (fw);
  if (ids != NULL)
    _gw_sync_client_committed (self, ids, seq);
  if (!_gw_sync_client_is_current (self, result))
    return;
  if (ids == NULL)
    {
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot write what the live feed sent: %s", error->message);
      _gw_sync_client_fail (self, error);
      return;
    }
  frame_done (self);
  feed_next (self);
}

/* Applies self->frame; FALSE when that was done at once (nothing to write). */
static gboolean
frame_apply (GwSyncClient *self)
{
  GwSyncFrame *frame = self->frame;
  g_autoptr(GError) error = NULL;
  GwSyncWrite *job = _gw_sync_write_new ();
  FrameWrite *fw;

  for (guint i = 0; frame->changes && i < json_array_get_length (frame->changes); i++)
    {
      g_autofree char *where = gw_json_path_index ("frame.changes", i);
      g_autofree char *inner = gw_json_path_member (where, "ticket");
      JsonObject *change = gw_json_require_object (json_array_get_element (frame->changes, i), where, &error);
      JsonObject *ticket = NULL;
      gint64 seq = 0;
      GwTicket *t;

      if (change == NULL ||
          !gw_json_get_int (change, where, "seq", TRUE, &seq, &error) ||
          !gw_json_get_object (change, where, "ticket", TRUE, &ticket, &error))
        goto bad;
      if (seq <= self->seq)
        continue;  /* the seat has it already (a gap was filled over REST) */
      t = gw_ticket_from_json (json_object_get_member (change, "ticket"), inner, &error);
      if (t == NULL)
        goto bad;
      g_ptr_array_add (job->tickets, t);
      if (t->id <= 0)
        {
          g_set_error (&error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING, _("%s: a ticket without its id"), inner);
          goto bad;
        }
    }
  if (job->tickets->len == 0 && frame->last_seq <= self->seq)
    {
      _gw_sync_write_free (job);
      frame_done (self);
      return FALSE;
    }
  job->seq = MAX (frame->last_seq, self->seq);
  fw = g_new0 (FrameWrite, 1);
  fw->self = g_object_ref (self);
  fw->seq = job->seq;
  gw_store_run_async (self->store, _gw_sync_write, job, (GDestroyNotify) _gw_sync_write_free,
                      (GDestroyNotify) g_array_unref, self->cycle, on_frame_written, fw);
  return TRUE;

bad:
  _gw_sync_write_free (job);
  _gw_sync_client_protocol_error (self, error);
  return TRUE;  /* the connection is over: nothing more to do now */
}

/* Applies queued frames in order, one write at a time; fills a gap over REST first. */
static void
feed_next (GwSyncClient *self)
{
  while (self->frame == NULL && self->live != NULL && !g_queue_is_empty (&self->frames))
    {
      self->frame = g_queue_pop_head (&self->frames);
      if (self->frame->from_seq > self->seq)
        {
          g_debug ("Gap in the live feed: the seat has %" G_GINT64_FORMAT ", the frame starts at %" G_GINT64_FORMAT,
                   self->seq, self->frame->from_seq);
          _gw_sync_client_catch_up (self, GW_SYNC_THEN_FRAME);
          return;
        }
      if (frame_apply (self))
        return;
    }
}

void
_gw_sync_live_gap_filled (GwSyncClient *self)
{
  if (!frame_apply (self))
    feed_next (self);
}

static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  GwSyncClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *kind = NULL;
  GwSyncFrame *frame;
  JsonObject *obj;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  root = gw_json_parse (g_bytes_get_data (message, NULL), g_bytes_get_size (message), GW_SYNC_JSON_DEPTH, &error);
  if (root == NULL ||
      !(obj = gw_json_require_object (root, "frame", &error)) ||
      !gw_json_get_string (obj, "frame", "type", TRUE, &kind, &error))
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  frame = g_new0 (GwSyncFrame, 1);
  if (g_str_equal (kind, "welcome"))
    {
      frame->welcome = TRUE;
      if (!gw_json_get_int (obj, "frame", "last_seq", TRUE, &frame->last_seq, &error))
        goto bad;
      frame->from_seq = frame->last_seq;
    }
  else if (g_str_equal (kind, "changes"))
    {
      if (!gw_json_get_int (obj, "frame", "from_seq", TRUE, &frame->from_seq, &error) ||
          !gw_json_get_int (obj, "frame", "last_seq", TRUE, &frame->last_seq, &error) ||
          !gw_json_get_array (obj, "frame", "changes", TRUE, &frame->changes, &error))
        goto bad;
      frame->root = g_steal_pointer (&root);
    }
  else if (g_str_equal (kind, "drill") || g_str_equal (kind, "drill_note"))
    {
      /* gridwatchd --drill: its state and clock, its notes (not part of the change log). */
      frame_free (frame);
      _gw_sync_drill_live_message (self, kind, obj);
      return;
    }
  else
    {
      g_debug ("Live feed: “%s” messages are not known here", kind);
      frame_free (frame);
      return;
    }
  if (!frame->welcome)
    {
      /* Acknowledged as soon as it is read: the ack tells the server this seat keeps up
       * with the feed. What the seat holds for good is its own sync_seq, written with the
       * frame's tickets; a seat that dies before that catches up from there over REST. */
      g_autofree char *ack = g_strdup_printf ("{\"type\":\"ack\",\"ack\":%" G_GINT64_FORMAT "}", frame->last_seq);
      soup_websocket_connection_send_text (conn, ack);
    }
  g_queue_push_tail (&self->frames, frame);
  /* A seat whose database cannot keep up with the feed lets the feed go and catches up
   * over REST, in pages, instead of piling frames up in memory. */
  if (g_queue_get_length (&self->frames) > GW_SYNC_MAX_BACKLOG)
    {
      error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("The live feed ran too far ahead of the seat"));
      _gw_sync_client_fail (self, error);
      return;
    }
  feed_next (self);
  return;

bad:
  frame_free (frame);
  _gw_sync_client_protocol_error (self, error);
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                gpointer                 user_data)
{
  GwSyncClient *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);
  const char *reason = soup_websocket_connection_get_close_data (conn);
  g_autoptr(GError) error = NULL;

  if (conn != self->live)
    return;
  if (code == CLOSE_SIGNED_OUT)
    {
      _gw_sync_client_signed_out (self);
      return;
    }
  if (code == 0)
    error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("The connection to the server was lost"));
  else
    error = g_error_new (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("The server closed the live feed (%u %s)"),
                         code, reason ? reason : "");
  _gw_sync_client_fail (self, error);
}

static void
on_live_error (SoupWebsocketConnection *conn,
               GError                  *error,
               gpointer                 user_data)
{
  g_debug ("Live feed: %s", error->message);
}

typedef struct {
  GwSyncClient *self;
  GCancellable *cycle;
} Connecting;

static void
on_live_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Connecting *c = user_data;
  g_autoptr(GwSyncClient) self = c->self;
  g_autoptr(GCancellable) cycle = c->cycle;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *hello = NULL;

  g_free (c);
  if (cycle != self->cycle || g_cancellable_is_cancelled (cycle))
    {
      if (conn && soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  if (conn == NULL)
    {
      _gw_sync_client_fail (self, error);
      return;
    }
  self->live = g_steal_pointer (&conn);
  /* A frame carries up to a thousand tickets: libsoup's default limit (128 KiB) is small. */
  soup_websocket_connection_set_max_incoming_payload_size (self->live, GW_SYNC_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (self->live, 30);
  g_signal_connect (self->live, "message", G_CALLBACK (on_live_message), self);
  g_signal_connect (self->live, "closed", G_CALLBACK (on_live_closed), self);
  g_signal_connect (self->live, "error", G_CALLBACK (on_live_error), self);

  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "hello");
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, self->token);
  json_builder_set_member_name (b, "since");
  json_builder_add_int_value (b, self->seq);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  hello = gw_json_to_string (root, FALSE);
  soup_websocket_connection_send_text (self->live, hello);
}

void
_gw_sync_live_connect (GwSyncClient *self)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", self->live_uri);
  Connecting *c;

  if (msg == NULL)
    {
      g_autoptr(GError) error = g_error_new (GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                                             _("“%s” is not a server address (http://HOST:PORT)"), self->base_uri);
      _gw_sync_client_fail (self, error);
      return;
    }
  c = g_new0 (Connecting, 1);
  c->self = g_object_ref (self);
  c->cycle = g_object_ref (self->cycle);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, self->cycle,
                                        on_live_connected, c);
}

void
_gw_sync_live_close (GwSyncClient *self)
{
  if (self->live)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->live);
    }
  g_queue_clear_full (&self->frames, (GDestroyNotify) frame_free);
  g_clear_pointer (&self->frame, frame_free);
}
