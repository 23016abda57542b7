/* gw-xyz-source.c: an online tile server as a layer of the map, cached on disk.
 *
 * One request walks: the cache (read, and decoded when fresh, on a worker thread) → the
 * server (libsoup, on the requester's main context, with the source's own session and
 * user agent) → decoding and writing the cache (a worker thread) → the tile gets its
 * paintable and DONE, then the request finishes. A server that fails leaves a stale cached
 * tile drawn, or the tile blank with the reason kept for the window to show.
 */
#define G_LOG_DOMAIN "gw-xyz-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "gw-surface-paintable.h"
#include "gw-tile-image.h"
#include "gw-xyz-source.h"

/* The deepest level asked of a source (the viewport's own limit is lower). */
#define MAX_ZOOM        30
/* A tile's bytes, from the server or the cache, are refused past this size. */
#define MAX_TILE_BYTES  (4 * 1024 * 1024)
/* A cached tile younger than this is drawn without asking the server. */
#define FRESH_SECONDS   (7 * 24 * 3600)
/* Requests to one server at once (libsoup queues the rest). */
#define MAX_CONNECTIONS 6
#define TIMEOUT_SECONDS 20

struct _GwXyzSource
{
  ShumateMapSource  parent_instance;

  char             *url_template;
  GwDatum           datum;
  GFile            *cache_dir;
  SoupSession      *session;

  guint             n_pending;
  guint             n_network;
  guint             n_cached;
  guint             n_stale;
  guint             n_failed;
  char             *last_error;
};

G_DEFINE_FINAL_TYPE (GwXyzSource, gw_xyz_source, SHUMATE_TYPE_MAP_SOURCE)

G_DEFINE_QUARK (gw-xyz-source-error-quark, gw_xyz_source_error)

enum {
  PROP_0,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request. The task, the tile and the message are touched on the main thread only;
 * a worker step reads and writes the rest while the main thread waits for it. */
typedef struct {
  GTask           *task;
  ShumateTile     *tile;
  GCancellable    *cancellable;   /* the requester's */
  GCancellable    *fetch;         /* the network's: cancelled with it, or for a huge body */
  gulong           cancelled_id;
  gboolean         too_large;
  char            *name;          /* the source's, for messages */
  guint            x, y, zoom;    /* the tile asked for */
  guint            sx, sy, sz;    /* the server's tile that holds it */
  guint            depth;         /* zoom - sz: levels enlarged */
  GFile           *cache_file;
  char            *url;

  GBytes          *bytes;         /* what is to be decoded (and, from the server, kept) */
  gboolean         keep;          /* bytes came from the server: write them to the cache */
  GBytes          *stale;         /* a cached tile past its week, drawn if the server fails */
  cairo_surface_t *surface;       /* NULL with no error: no tile there */
  gboolean         done;          /* the cache step drew the tile */
  GError          *error;
} Job;

static void
job_free (Job *job)
{
  if (job->cancelled_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  g_clear_object (&job->task);
  g_clear_object (&job->tile);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->fetch);
  g_free (job->name);
  g_clear_object (&job->cache_file);
  g_free (job->url);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->stale, g_bytes_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_clear_error (&job->error);
  g_free (job);
}

/* Template ---------------------------------------------------------------------------- */

static gboolean
has_any (const char        *template,
         const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strstr (template, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

static const char *const zoom_names[] = { "{z}", "{TileMatrix}", NULL };
static const char *const column_names[] = { "{x}", "{TileCol}", NULL };
static const char *const row_names[] = { "{y}", "{-y}", "{TileRow}", NULL };

static char *
expand (const char *template,
        guint       z,
        guint       x,
        guint       y)
{
  g_autoptr(GString) url = g_string_new (template);
  g_autofree char *zs = g_strdup_printf ("%u", z);
  g_autofree char *xs = g_strdup_printf ("%u", x);
  g_autofree char *ys = g_strdup_printf ("%u", y);
  g_autofree char *tms = g_strdup_printf ("%u", (guint) ((1u << MIN (z, 31u)) - 1 - y));

  g_string_replace (url, "{z}", zs, 0);
  g_string_replace (url, "{TileMatrix}", zs, 0);
  g_string_replace (url, "{x}", xs, 0);
  g_string_replace (url, "{TileCol}", xs, 0);
  g_string_replace (url, "{-y}", tms, 0);
  g_string_replace (url, "{y}", ys, 0);
  g_string_replace (url, "{TileRow}", ys, 0);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static gboolean
check_template (const char  *template,
                GError     **error)
{
  g_autofree char *sample = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (template == NULL || *template == '\0')
    {
      g_set_error_literal (error, GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE,
                           _("The tile server's address is empty."));
      return FALSE;
    }
  if (!has_any (template, zoom_names) || !has_any (template, column_names) || !has_any (template, row_names))
    {
      g_set_error (error, GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE,
                   /* TRANSLATORS: %s is the address the officer typed; keep {z}, {x}, {y}… as they are */
                   _("“%s” does not say where a tile goes: the address needs {z}, {x} and {y} "
                     "(or {-y}, or WMTS's {TileMatrix}, {TileCol} and {TileRow})."), template);
      return FALSE;
    }
  sample = expand (template, 1, 0, 0);
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE,
                   /* TRANSLATORS: %s is the address the officer typed */
                   _("“%s” is not a web address: a tile server's starts with http:// or https:// and a host name."),
                   template);
      return FALSE;
    }
  return TRUE;
}

/* Worker steps ------------------------------------------------------------------------ */

static cairo_surface_t *
decode (Job     *job,
        GBytes  *bytes,
        GError **error)
{
  cairo_surface_t *image = gw_tile_image_decode (bytes, job->name, job->sz, job->sx, job->sy,
                                                 GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_PICTURE, error);
  cairo_surface_t *surface;

  if (image == NULL || job->depth == 0)
    return image;
  surface = gw_tile_image_overzoom (image, job->depth, job->x, job->y);
  cairo_surface_destroy (image);
  return surface;
}

/* The cache: a fresh tile is decoded here (done), a stale one kept for later. */
static void
read_cache_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = g_file_get_path (job->cache_file);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 age;

  info = g_file_query_info (job->cache_file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info == NULL || g_file_info_get_size (info) <= 0 || g_file_info_get_size (info) > MAX_TILE_BYTES ||
      !g_file_get_contents (path, &contents, &length, NULL))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  age = g_get_real_time () / G_USEC_PER_SEC - (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  if (age >= 0 && age < FRESH_SECONDS)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      job->surface = decode (job, bytes, &error);
      if (job->surface != NULL)
        {
          job->done = TRUE;
          g_task_return_boolean (task, TRUE);
          return;
        }
      /* A broken cached tile is asked for again. */
      g_debug ("%s: %s", path, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  job->stale = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_task_return_boolean (task, TRUE);
}

/* Decodes job->bytes; bytes from the server that decode are written to the cache. */
static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  job->surface = decode (job, job->bytes, &job->error);
  if (job->surface != NULL && job->keep)
    {
      g_autoptr(GFile) dir = g_file_get_parent (job->cache_file);
      g_autofree char *path = g_file_get_path (job->cache_file);

      /* The cache is a help, not a need: a tile that cannot be kept is still drawn. */
      if ((!g_file_make_directory_with_parents (dir, NULL, &error) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS)) ||
          (g_clear_error (&error), !g_file_set_contents (path, g_bytes_get_data (job->bytes, NULL),
                                                         g_bytes_get_size (job->bytes), &error)))
        g_debug ("Cannot keep tile %s: %s", path, error ? error->message : "?");
    }
  g_task_return_boolean (task, TRUE);
}

/* The main thread --------------------------------------------------------------------- */

static void
set_last_error (GwXyzSource  *self,
                const GError *error)
{
  if (g_strcmp0 (self->last_error, error->message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* The tile gets its picture (or none) and DONE, then the request finishes; or it fails. */
static void
job_return (Job *job)
{
  GwXyzSource *self = g_task_get_source_object (job->task);
  g_autoptr(GdkPaintable) paintable = NULL;

  g_assert (self->n_pending > 0);
  self->n_pending--;

  if (job->error == NULL)
    g_cancellable_set_error_if_cancelled (job->cancellable, &job->error);
  if (job->error != NULL)
    {
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("tile %u/%u/%u: %s", job->zoom, job->x, job->y, job->error->message);
          self->n_failed++;
          set_last_error (self, job->error);
          shumate_tile_set_state (job->tile, SHUMATE_STATE_NONE);
        }
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      job_free (job);
      return;
    }

  if (job->surface != NULL)
    paintable = GDK_PAINTABLE (gw_surface_paintable_new (job->surface));
  shumate_tile_set_paintable (job->tile, paintable);
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (job->task, TRUE);
  job_free (job);
}

static void
run_step (Job               *job,
          GTaskThreadFunc    func,
          GAsyncReadyCallback callback)
{
  g_autoptr(GTask) step = g_task_new (g_task_get_source_object (job->task), job->cancellable, callback, job);

  g_task_set_task_data (step, job, NULL);
  g_task_run_in_thread (step, func);
}

static void
on_decoded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  job_return (user_data);
}

/* The server failed: a stale tile is drawn if there is one, else the request fails. */
static void
fall_back (Job    *job,
           GError *error)
{
  GwXyzSource *self = g_task_get_source_object (job->task);

  if (job->stale != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("tile %u/%u/%u from the old cache: %s", job->zoom, job->x, job->y, error->message);
      set_last_error (self, error);
      g_error_free (error);
      self->n_stale++;
      job->bytes = g_steal_pointer (&job->stale);
      job->keep = FALSE;
      run_step (job, decode_thread, on_decoded);
      return;
    }
  job->error = error;
  job_return (job);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  GwXyzSource *self = g_task_get_source_object (job->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = msg != NULL ? soup_message_get_status (msg) : 0;
  const char *type = msg != NULL ? soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL) : NULL;

  if (bytes == NULL && job->too_large && !g_cancellable_is_cancelled (job->cancellable))
    {
      fall_back (job, g_error_new (GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_SERVER,
                                   /* TRANSLATORS: %s is a web address */
                                   _("The tile server sent more than 4 MiB for one tile (%s)."), job->url));
      return;
    }
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fall_back (job, g_steal_pointer (&error));
      else
        fall_back (job, g_error_new (GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_SERVER,
                                     /* TRANSLATORS: the first %s is a web address, the second the reason */
                                     _("Cannot reach the tile server (%s): %s"), job->url, error->message));
      return;
    }
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_NO_CONTENT)
    {
      /* The server has no tile there: transparent, as outside an MBTiles package. */
      self->n_network++;
      job_return (job);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      fall_back (job, g_error_new (GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_SERVER,
                                   /* TRANSLATORS: %u is an HTTP status code, the first %s its words, the second the address */
                                   _("The tile server answered %u %s for %s."), status,
                                   soup_message_get_reason_phrase (msg), job->url));
      return;
    }
  if (type == NULL || !g_str_has_prefix (type, "image/") || g_bytes_get_size (bytes) > MAX_TILE_BYTES)
    {
      fall_back (job, g_error_new (GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_SERVER,
                                   /* TRANSLATORS: the first %s is a kind of content ("text/html"), the second a web address */
                                   _("The tile server sent “%s”, not a picture, for %s."),
                                   type != NULL ? type : _("nothing it named"), job->url));
      return;
    }
  self->n_network++;
  job->bytes = g_steal_pointer (&bytes);
  job->keep = TRUE;
  run_step (job, decode_thread, on_decoded);
}

static void
on_got_headers (SoupMessage *msg,
                gpointer     user_data)
{
  Job *job = user_data;
  goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  if (length > MAX_TILE_BYTES)
    {
      job->too_large = TRUE;
      g_cancellable_cancel (job->fetch);
    }
}

static void
on_requester_cancelled (GCancellable *cancellable,
                        gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
on_cache_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  GwXyzSource *self = g_task_get_source_object (job->task);
  g_autoptr(SoupMessage) msg = NULL;

  if (job->done || g_cancellable_is_cancelled (job->cancellable))
    {
      if (job->done)
        self->n_cached++;
      job_return (job);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, job->url);
  if (msg == NULL)
    {
      fall_back (job, g_error_new (GW_XYZ_SOURCE_ERROR, GW_XYZ_SOURCE_ERROR_TEMPLATE,
                                   /* TRANSLATORS: %s is a web address */
                                   _("“%s” is not a web address."), job->url));
      return;
    }
  job->fetch = g_cancellable_new ();
  if (job->cancellable != NULL)
    job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (on_requester_cancelled),
                                               g_object_ref (job->fetch), g_object_unref);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), job);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, job->fetch, on_fetched, job);
}

/* Overrides --------------------------------------------------------------------------- */

static void
gw_xyz_source_fill_tile_async (ShumateMapSource    *source,
                               ShumateTile         *tile,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GwXyzSource *self = GW_XYZ_SOURCE (source);
  guint max_zoom = shumate_map_source_get_max_zoom_level (source);
  g_autofree char *relative = NULL;
  Job *job;

  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (Job, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, gw_xyz_source_fill_tile_async);
  job->tile = g_object_ref (tile);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->name = g_strdup (shumate_map_source_get_name (source));
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  self->n_pending++;
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  if (g_cancellable_is_cancelled (cancellable) || job->zoom > MAX_ZOOM ||
      job->zoom < shumate_map_source_get_min_zoom_level (source))
    {
      /* Cancelled, or a level the server does not have: finished at once, no picture. */
      job_return (job);
      return;
    }
  job->depth = job->zoom > max_zoom ? job->zoom - max_zoom : 0;
  job->sz = job->zoom - job->depth;
  job->sx = job->x >> job->depth;
  job->sy = job->y >> job->depth;
  job->url = expand (self->url_template, job->sz, job->sx, job->sy);
  relative = g_strdup_printf ("%u/%u/%u", job->sz, job->sx, job->sy);
  job->cache_file = g_file_resolve_relative_path (self->cache_dir, relative);
  run_step (job, read_cache_thread, on_cache_read);
}

static gboolean
gw_xyz_source_fill_tile_finish (ShumateMapSource  *source,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_xyz_source_finalize (GObject *object)
{
  GwXyzSource *self = GW_XYZ_SOURCE (object);

  g_free (self->url_template);
  g_clear_object (&self->cache_dir);
  g_clear_object (&self->session);
  g_free (self->last_error);

  G_OBJECT_CLASS (gw_xyz_source_parent_class)->finalize (object);
}

static void
gw_xyz_source_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwXyzSource *self = GW_XYZ_SOURCE (object);

  switch (prop_id)
    {
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_xyz_source_class_init (GwXyzSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->finalize = gw_xyz_source_finalize;
  object_class->get_property = gw_xyz_source_get_property;
  /* Why the last tile could not be drawn from the server (a stale tile may have been). */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  source_class->fill_tile_async = gw_xyz_source_fill_tile_async;
  source_class->fill_tile_finish = gw_xyz_source_fill_tile_finish;
}

static void
gw_xyz_source_init (GwXyzSource *self)
{
}

/* Public ------------------------------------------------------------------------------ */

GwXyzSource *
gw_xyz_source_new (const char  *name,
                   const char  *url_template,
                   GwDatum      datum,
                   const char  *attribution,
                   guint        min_zoom,
                   guint        max_zoom,
                   GFile       *cache_dir,
                   GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *license = NULL;
  GwXyzSource *self;
  ShumateMapSource *source;

  g_return_val_if_fail (datum < GW_N_DATUMS, NULL);
  g_return_val_if_fail (G_IS_FILE (cache_dir), NULL);

  if (!check_template (url_template, error))
    return NULL;

  self = g_object_new (GW_TYPE_XYZ_SOURCE, NULL);
  source = SHUMATE_MAP_SOURCE (self);
  self->url_template = g_strdup (url_template);
  self->datum = datum;
  self->cache_dir = g_object_ref (cache_dir);
  self->session = soup_session_new_with_options ("user-agent", "Gridwatch/" PACKAGE_VERSION " (grid governance command center)",
                                                 "max-conns-per-host", MAX_CONNECTIONS,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 NULL);
  max_zoom = MIN (max_zoom, MAX_ZOOM);
  min_zoom = MIN (min_zoom, max_zoom);
  id = g_strconcat ("xyz:", url_template, NULL);
  license = gw_tile_image_attribution_to_text (attribution);
  shumate_map_source_set_id (source, id);
  shumate_map_source_set_name (source, name != NULL && *name != '\0' ? name : url_template);
  shumate_map_source_set_license (source, license);
  shumate_map_source_set_min_zoom_level (source, min_zoom);
  shumate_map_source_set_max_zoom_level (source, max_zoom);
  shumate_map_source_set_tile_size (source, GW_TILE_IMAGE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
  return self;
}

const char *
gw_xyz_source_get_url_template (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), NULL);
  return self->url_template;
}

GwDatum
gw_xyz_source_get_datum (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), GW_DATUM_WGS84);
  return self->datum;
}

char *
gw_xyz_source_expand (GwXyzSource *self,
                      guint        zoom,
                      guint        x,
                      guint        y)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), NULL);
  return expand (self->url_template, zoom, x, y);
}

GFile *
gw_xyz_source_default_cache_dir (const char *url_template)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, url_template ? url_template : "", -1);

  digest[16] = '\0';
  return g_file_new_build_filename (g_get_user_cache_dir (), "gridwatch", "tiles", digest, NULL);
}

guint
gw_xyz_source_get_n_pending (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), 0);
  return self->n_pending;
}

guint
gw_xyz_source_get_n_network (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), 0);
  return self->n_network;
}

guint
gw_xyz_source_get_n_cached (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), 0);
  return self->n_cached;
}

guint
gw_xyz_source_get_n_stale (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), 0);
  return self->n_stale;
}

guint
gw_xyz_source_get_n_failed (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), 0);
  return self->n_failed;
}

const char *
gw_xyz_source_get_last_error (GwXyzSource *self)
{
  g_return_val_if_fail (GW_IS_XYZ_SOURCE (self), NULL);
  return self->last_error;
}
