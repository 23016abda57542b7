/* gw-sync-snapshot.c: a new seat's first sync from the server's snapshot file.
 *
 * A seat that holds no ticket yet asks GET /api/v1/snapshot for its jurisdiction as one
 * SQLite file and streams it to <seat>.snapshot beside its database, a chunk at a time,
 * on the main loop's asynchronous I/O. The ETag of the file's build is kept in the seat's
 * meta table as soon as the download begins: a download cut short (a closed app, a lost
 * connection) goes on from the bytes already on disk with "Range: bytes=N-" and If-Range
 * naming that build; the server answers with the rest (206), or with the whole of a newer
 * build (200), which then replaces the part. Once complete, one job on the store's thread
 * checks the file, writes the seat's own rows into it and loads it (gw-sync-seat.c); then
 * the usual catch-up over the change log begins, from the snapshot's sequence.
 *
 * A server without the file (404) and a file that fails the checks leave the seat
 * unchanged: it is then synchronized page by page, as before.
 */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-sync-client-private.h"

typedef struct {
  GwSyncClient  *self;
  GCancellable  *cycle;      /* the connection it belongs to */
  SoupMessage   *msg;
  GInputStream  *in;
  GIOStream     *io;         /* the file, when going on with a part */
  GOutputStream *out;
  GFile         *file;
  GBytes        *chunk;      /* being written */
  char          *etag;       /* the build the bytes on disk belong to, or NULL */
  guint64        offset;     /* bytes on disk when the request went */
  guint64        received;   /* bytes on disk now */
  guint64        size;       /* the whole file's, 0 when the server did not say */
  gboolean       restarted;  /* the range was refused once already */
} Download;

static void
download_free (Download *d)
{
  g_clear_object (&d->self);
  g_clear_object (&d->cycle);
  g_clear_object (&d->msg);
  g_clear_object (&d->in);
  g_clear_object (&d->out);
  g_clear_object (&d->io);
  g_clear_object (&d->file);
  g_clear_pointer (&d->chunk, g_bytes_unref);
  g_free (d->etag);
  g_free (d);
}

char *
_gw_sync_snapshot_path (GwSyncClient *self)
{
  return g_strconcat (gw_store_get_path (self->store), ".snapshot", NULL);
}

static void send_request (Download *d);

/* Loading ------------------------------------------------------------------------------- */

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree GwSyncSnapshotLoaded *loaded = gw_store_run_finish (GW_STORE (object), result, &error);

  _gw_sync_client_set_snapshot_progress (self, 0, 0);
  if (loaded != NULL)
    /* Loaded: whatever became of the connection meanwhile, the seat holds it. */
    _gw_sync_client_snapshot_loaded (self, (guint) MIN (loaded->tickets, G_MAXUINT), loaded->seq);
  if (!_gw_sync_client_is_current (self, result))
    return;
  if (loaded != NULL)
    {
      _gw_sync_client_catch_up (self, GW_SYNC_THEN_CONNECT);
      return;
    }
  if (g_error_matches (error, GW_SYNC_ERROR, GW_SYNC_ERROR_SNAPSHOT))
    {
      /* The seat is unchanged: it is synchronized the slow way instead. */
      g_warning ("%s. Synchronizing page by page instead.", error->message);
      self->snapshot_file_refused = TRUE;
      _gw_sync_client_snapshot_pages (self);
      return;
    }
  if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
    g_warning ("Cannot load the snapshot: %s", error->message);
  _gw_sync_client_fail (self, error);
}

static void
load (Download *d)
{
  GwSyncClient *self = d->self;
  GwSyncSnapshotLoad *job = g_new0 (GwSyncSnapshotLoad, 1);

  job->path = g_file_get_path (d->file);
  job->server_uri = g_strdup (self->base_uri);
  g_debug ("Snapshot downloaded: %" G_GUINT64_FORMAT " bytes", d->received);
  gw_store_run_async (self->store, _gw_sync_load_snapshot, job, (GDestroyNotify) _gw_sync_snapshot_load_free,
                      g_free, self->cycle, on_loaded, g_object_ref (self));
}

/* Downloading --------------------------------------------------------------------------- */

/* The download's callback of the current connection? Otherwise it ends here (the part on
 * disk stays for the next attempt). */
static gboolean
is_current (Download *d)
{
  return d->cycle == d->self->cycle && !g_cancellable_is_cancelled (d->cycle);
}

static gboolean
still_wanted (Download     *d,
              GAsyncResult *result)
{
  if (is_current (d))
    return TRUE;
  download_free (d);
  return FALSE;
}

static void
fail (Download     *d,
      const GError *error)
{
  GwSyncClient *self = g_object_ref (d->self);

  download_free (d);
  _gw_sync_client_fail (self, error);
  g_object_unref (self);
}

static void
on_closed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;

  if (G_IS_IO_STREAM (object) ? !g_io_stream_close_finish (G_IO_STREAM (object), result, &error)
                               : !g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot write the snapshot file: %s", error->message);
      if (still_wanted (d, result))
        fail (d, error);
      return;
    }
  if (!still_wanted (d, result))
    return;
  load (d);
  download_free (d);
}

static void read_chunk (Download *d);

static void
on_chunk_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot write the snapshot file: %s", error->message);
      if (still_wanted (d, result))
        fail (d, error);
      return;
    }
  if (!still_wanted (d, result))
    return;
  d->received += g_bytes_get_size (d->chunk);
  g_clear_pointer (&d->chunk, g_bytes_unref);
  _gw_sync_client_set_snapshot_progress (d->self, d->received, d->size);
  /* A handler of the progress may have stopped the client. */
  if (!is_current (d))
    {
      download_free (d);
      return;
    }
  read_chunk (d);
}

static void
on_chunk (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  gsize n;
  gconstpointer data;

  if (!still_wanted (d, result))
    return;
  if (bytes == NULL)
    {
      fail (d, error);
      return;
    }
  data = g_bytes_get_data (bytes, &n);
  if (n == 0)
    {
      if (d->size > 0 && d->received != d->size)
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("The snapshot download stopped after %llu of %llu bytes"),
                       (unsigned long long) d->received, (unsigned long long) d->size);
          fail (d, error);
          return;
        }
      if (d->io)
        g_io_stream_close_async (d->io, G_PRIORITY_DEFAULT, d->self->cycle, on_closed, d);
      else
        g_output_stream_close_async (d->out, G_PRIORITY_DEFAULT, d->self->cycle, on_closed, d);
      return;
    }
  d->chunk = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (d->out, data, n, G_PRIORITY_DEFAULT, d->self->cycle, on_chunk_written, d);
}

static void
read_chunk (Download *d)
{
  g_input_stream_read_bytes_async (d->in, GW_SYNC_SNAPSHOT_CHUNK, G_PRIORITY_DEFAULT, d->self->cycle,
                                   on_chunk, d);
}

static void
start_reading (Download *d)
{
  d->received = d->offset;
  _gw_sync_client_set_snapshot_progress (d->self, d->received, d->size);
  if (!is_current (d))
    {
      download_free (d);
      return;
    }
  read_chunk (d);
}

static void
on_file_created (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_create_finish (G_FILE (object), result, &error);

  if (!still_wanted (d, result))
    return;
  if (out == NULL)
    {
      g_warning ("Cannot write the snapshot file: %s", error->message);
      fail (d, error);
      return;
    }
  d->out = G_OUTPUT_STREAM (g_steal_pointer (&out));
  start_reading (d);
}

static void
on_part_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) io = g_file_open_readwrite_finish (G_FILE (object), result, &error);

  if (!still_wanted (d, result))
    return;
  /* Written at the offset asked for, not appended: bytes of an earlier attempt still on
   * their way to the disk land where they belong, and are the same. */
  if (io == NULL || !g_seekable_seek (G_SEEKABLE (io), (goffset) d->offset, G_SEEK_SET, NULL, &error))
    {
      g_warning ("Cannot write the snapshot file: %s", error->message);
      fail (d, error);
      return;
    }
  d->io = G_IO_STREAM (g_steal_pointer (&io));
  d->out = g_object_ref (g_io_stream_get_output_stream (d->io));
  start_reading (d);
}

/* The part on disk, to go on with. */
static void
open_part (Download *d)
{
  g_file_open_readwrite_async (d->file, G_PRIORITY_DEFAULT, d->self->cycle, on_part_opened, d);
}

static void
on_part_removed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      if (!still_wanted (d, result))
        return;
      g_warning ("Cannot replace the snapshot file: %s", error->message);
      fail (d, error);
      return;
    }
  if (!still_wanted (d, result))
    return;
  g_file_create_async (d->file, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT, d->self->cycle, on_file_created, d);
}

static void
on_etag_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = gw_store_run_finish (GW_STORE (object), result, &error);

  /* Without it, an interrupted download starts again from the beginning: no harm done. */
  if (key == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
    g_debug ("Cannot keep the snapshot's build: %s", error->message);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GwSyncClient) self = g_object_ref (d->self);
  g_autoptr(GError) error = NULL;
  GInputStream *in = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  SoupMessageHeaders *headers;
  guint status;

  d->in = in;
  if (!still_wanted (d, result))
    return;
  if (in == NULL)
    {
      fail (d, error);
      return;
    }
  status = soup_message_get_status (d->msg);
  headers = soup_message_get_response_headers (d->msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      download_free (d);
      _gw_sync_client_signed_out (self);
      return;
    }
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_NOT_IMPLEMENTED)
    {
      g_debug ("The server offers no snapshot file: page by page");
      self->snapshot_file_refused = TRUE;
      download_free (d);
      _gw_sync_client_snapshot_pages (self);
      return;
    }
  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      /* The server cannot make one for this user: its pages may still do. */
      g_warning ("The server answered %u %s for the snapshot file. Synchronizing page by page instead.",
                 status, soup_status_get_phrase (status));
      self->snapshot_file_refused = TRUE;
      download_free (d);
      _gw_sync_client_snapshot_pages (self);
      return;
    }
  if (status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      goffset start = -1, end = -1, total = -1;

      if (!soup_message_headers_get_content_range (headers, &start, &end, &total) ||
          start != (goffset) d->offset || total <= 0 || end != total - 1)
        status = SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE;  /* not the part asked for */
      else
        {
          _gw_sync_client_answered_ok (self);
          if (!is_current (d))
            {
              download_free (d);
              return;
            }
          d->size = (guint64) total;
          g_debug ("Snapshot download goes on after %" G_GUINT64_FORMAT " bytes", d->offset);
          open_part (d);
          return;
        }
    }
  if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && d->offset > 0 &&
      g_strcmp0 (soup_message_headers_get_one (headers, "ETag"), d->etag) == 0)
    {
      const char *range = soup_message_headers_get_one (headers, "Content-Range");
      g_autofree char *whole = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, d->offset);

      /* The whole file was on disk already (the app closed before it was loaded). */
      if (g_strcmp0 (range, whole) == 0)
        {
          _gw_sync_client_answered_ok (self);
          if (!is_current (d))
            {
              download_free (d);
              return;
            }
          d->received = d->size = d->offset;
          load (d);
          download_free (d);
          return;
        }
    }
  if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && !d->restarted)
    {
      /* The part on disk is no beginning of the file the server has: all of it, anew. */
      d->restarted = TRUE;
      d->offset = 0;
      g_clear_pointer (&d->etag, g_free);
      g_clear_object (&d->in);
      send_request (d);
      return;
    }
  if (status == SOUP_STATUS_OK)
    {
      GwSyncMeta *meta = g_new0 (GwSyncMeta, 1);

      _gw_sync_client_answered_ok (self);
      if (!is_current (d))
        {
          _gw_sync_meta_free (meta);
          download_free (d);
          return;
        }
      d->offset = 0;
      d->size = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                  ? (guint64) soup_message_headers_get_content_length (headers) : 0;
      g_free (d->etag);
      d->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      /* Which build the bytes on disk will belong to: a download cut short goes on from
       * there. */
      meta->key = g_strdup (GW_SYNC_META_SNAPSHOT);
      meta->value = g_strdup (d->etag);
      gw_store_run_async (self->store, _gw_sync_set_meta, meta, (GDestroyNotify) _gw_sync_meta_free, g_free,
                          NULL, on_etag_saved, NULL);
      g_file_delete_async (d->file, G_PRIORITY_DEFAULT, self->cycle, on_part_removed, d);
      return;
    }
  {
    g_autofree char *message = g_strdup_printf (_("The server answered %u %s"), status,
                                                soup_status_get_phrase (status));
    g_autoptr(GError) server_error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, message);

    fail (d, server_error);
  }
}

static void
send_request (Download *d)
{
  GwSyncClient *self = d->self;
  g_autofree char *uri = g_strconcat (self->base_uri, "/api/v1/snapshot", NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&d->msg);
  d->msg = soup_message_new ("GET", uri);
  if (d->msg == NULL)
    {
      g_autoptr(GError) error = g_error_new (GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                                             _("“%s” is not a server address (http://HOST:PORT)"), self->base_uri);
      fail (d, error);
      return;
    }
  headers = soup_message_get_request_headers (d->msg);
  soup_message_headers_replace (headers, "Accept", "application/vnd.sqlite3");
  if (self->token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (d->offset > 0 && d->etag != NULL)
    {
      g_autofree char *range = g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-", d->offset);

      soup_message_headers_replace (headers, "Range", range);
      soup_message_headers_replace (headers, "If-Range", d->etag);
    }
  else
    d->offset = 0;
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, self->cycle, on_sent, d);
}

static void
on_part_queried (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Download *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (!still_wanted (d, result))
    return;
  d->offset = info && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
                ? (guint64) MAX (g_file_info_get_size (info), 0) : 0;
  send_request (d);
}

void
_gw_sync_snapshot_fetch (GwSyncClient *self,
                         const char   *etag)
{
  Download *d = g_new0 (Download, 1);
  g_autofree char *path = _gw_sync_snapshot_path (self);

  d->self = g_object_ref (self);
  d->cycle = g_object_ref (self->cycle);
  d->file = g_file_new_for_path (path);
  d->etag = g_strdup (etag && *etag ? etag : NULL);
  if (d->etag == NULL)
    {
      send_request (d);
      return;
    }
  /* A part left by an interrupted download: its size is where to go on from. */
  g_file_query_info_async (d->file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cycle, on_part_queried, d);
}
