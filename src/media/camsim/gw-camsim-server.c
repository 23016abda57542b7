#define G_LOG_DOMAIN "gw-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "gw-camsim-factory.h"
#include "gw-camsim-server.h"

/* Sessions of clients that vanished without a TEARDOWN are dropped after their timeout;
 * the pool is swept this often. */
#define SESSION_SWEEP_SECONDS 2
/* Threads serving the clients' requests. gst-rtsp-server's default is one for them all,
 * and a DESCRIBE that starts a camera's stream waits there for it to preroll: a wall
 * switching 16 tiles at once waited for 16 cameras in turn, where real cameras answer
 * side by side. */
#define CLIENT_THREADS        16

struct _GwCamsimServer
{
  GObject           parent_instance;

  GwCamsimSettings  settings;
  char             *file_channel;
  GstRTSPServer    *server;
  GSource          *listen_source;
  guint             sweep_id;
  guint             n_cameras;
  GstRTSPMediaFactory *first_main;   /* with one_picture: the factories every camera mounts */
  GstRTSPMediaFactory *first_sub;
};

G_DEFINE_FINAL_TYPE (GwCamsimServer, gw_camsim_server, G_TYPE_OBJECT)

static gboolean
on_sweep_timeout (gpointer user_data)
{
  GwCamsimServer *self = user_data;
  g_autoptr(GstRTSPSessionPool) pool = gst_rtsp_server_get_session_pool (self->server);
  guint removed = gst_rtsp_session_pool_cleanup (pool);

  if (removed > 0)
    g_debug ("dropped %u expired sessions", removed);
  return G_SOURCE_CONTINUE;
}

static void
mount (GwCamsimServer       *self,
       const GwCamera       *camera,
       const char           *stream,
       int                   width,
       int                   height,
       GstRTSPMediaFactory **first)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (self->server);
  g_autofree char *path = g_strdup_printf ("/%s/%s", camera->id, stream);
  GwCamsimStreamSpec spec = {
    .camera_id = camera->id,
    .camera_name = camera->name,
    .stream = stream,
    .index = self->n_cameras,
    .width = width,
    .height = height,
    .fps = self->settings.fps,
    .encoder = self->settings.encoder,
    .file_channel = self->file_channel,
    .timecode = self->settings.timecode,
  };

  if (!self->settings.one_picture)
    {
      /* The mount points take the factory's reference. */
      gst_rtsp_mount_points_add_factory (mounts, path, gw_camsim_factory_new (&spec));
      return;
    }
  /* Every camera mounts the first camera's factory. */
  if (*first == NULL)
    *first = gw_camsim_factory_new (&spec);
  gst_rtsp_mount_points_add_factory (mounts, path, g_object_ref (*first));
}

static void
gw_camsim_server_dispose (GObject *object)
{
  GwCamsimServer *self = GW_CAMSIM_SERVER (object);

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->listen_source)
    g_source_destroy (self->listen_source);
  g_clear_pointer (&self->listen_source, g_source_unref);
  g_clear_object (&self->server);
  g_clear_object (&self->first_main);
  g_clear_object (&self->first_sub);
  G_OBJECT_CLASS (gw_camsim_server_parent_class)->dispose (object);
}

static void
gw_camsim_server_finalize (GObject *object)
{
  GwCamsimServer *self = GW_CAMSIM_SERVER (object);

  g_clear_pointer (&self->file_channel, g_free);
  G_OBJECT_CLASS (gw_camsim_server_parent_class)->finalize (object);
}

static void
gw_camsim_server_class_init (GwCamsimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_camsim_server_dispose;
  object_class->finalize = gw_camsim_server_finalize;
}

static void
gw_camsim_server_init (GwCamsimServer *self)
{
  g_autoptr(GstRTSPThreadPool) pool = NULL;

  self->server = gst_rtsp_server_new ();
  pool = gst_rtsp_server_get_thread_pool (self->server);
  gst_rtsp_thread_pool_set_max_threads (pool, CLIENT_THREADS);
}

GwCamsimServer *
gw_camsim_server_new (const GwCamsimSettings *settings)
{
  GwCamsimServer *self;

  g_return_val_if_fail (settings != NULL, NULL);

  self = g_object_new (GW_TYPE_CAMSIM_SERVER, NULL);
  self->settings = *settings;
  self->file_channel = g_strdup (settings->file_channel);
  self->settings.file_channel = self->file_channel;
  return self;
}

void
gw_camsim_server_add_camera (GwCamsimServer *self,
                             const GwCamera *camera)
{
  g_return_if_fail (GW_IS_CAMSIM_SERVER (self));
  g_return_if_fail (camera != NULL && gw_camsim_is_camera_id (camera->id));

  mount (self, camera, "main", self->settings.width, self->settings.height, &self->first_main);
  mount (self, camera, "sub", self->settings.sub_width, self->settings.sub_height, &self->first_sub);
  self->n_cameras++;
}

guint
gw_camsim_server_get_n_cameras (GwCamsimServer *self)
{
  g_return_val_if_fail (GW_IS_CAMSIM_SERVER (self), 0);
  return self->n_cameras;
}

gboolean
gw_camsim_server_listen (GwCamsimServer  *self,
                         const char      *address,
                         guint            port,
                         GError         **error)
{
  g_autofree char *service = g_strdup_printf ("%u", port);
  g_autoptr(GError) local_error = NULL;
  GSource *source;

  g_return_val_if_fail (GW_IS_CAMSIM_SERVER (self), FALSE);
  g_return_val_if_fail (self->listen_source == NULL, FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  gst_rtsp_server_set_address (self->server, address);
  gst_rtsp_server_set_service (self->server, service);
  /* Creating the source binds the socket and reports why it could not. */
  source = gst_rtsp_server_create_source (self->server, NULL, &local_error);
  if (source == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_LISTEN,
                   _("Port %u on %s is already in use (another camera simulator?): choose another with --port, or --port 0 for any free one"),
                   port, address);
      return FALSE;
    }
  if (source == NULL)
    {
      g_set_error (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_LISTEN,
                   _("Cannot listen on %s port %u: %s"), address, port,
                   local_error ? local_error->message : _("unknown error"));
      return FALSE;
    }
  g_source_attach (source, g_main_context_get_thread_default ());
  self->listen_source = source;
  self->sweep_id = g_timeout_add_seconds (SESSION_SWEEP_SECONDS, on_sweep_timeout, self);
  return TRUE;
}

guint
gw_camsim_server_get_port (GwCamsimServer *self)
{
  int port;

  g_return_val_if_fail (GW_IS_CAMSIM_SERVER (self), 0);
  if (self->listen_source == NULL)
    return 0;
  port = gst_rtsp_server_get_bound_port (self->server);
  return port > 0 ? (guint) port : 0;
}
