/* gridwatch-camsim: simulated cameras over RTSP on 127.0.0.1, for demos, drills and tests.
 *
 * Each camera is served at rtsp://127.0.0.1:PORT/<id>/main and /<id>/sub — the URIs the
 * demo county stores — showing a moving picture with its id, its name and the wall-clock
 * time to the millisecond (with --timecode, that time also as a strip of black and white
 * cells across the top, for a program to read: gw-camsim-timecode.h). When it listens it
 * prints one line on stdout,
 *   camsim listening on rtsp://127.0.0.1:PORT/ (N cameras)
 * for scripts and tests to wait for. Exit status: 0 after SIGINT or SIGTERM, 1 when it
 * cannot serve (port taken, database unreadable, no cameras, file not playable), 2 for a
 * command line it does not understand. */
#define G_LOG_DOMAIN "gridwatch-camsim"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>

#include "gw-camsim-cameras.h"
#include "gw-camsim-file.h"
#include "gw-camsim-server.h"
#include "gw-camsim.h"

#define ADDRESS       "127.0.0.1"
#define FILE_CHANNEL  "gw-camsim-file"
#define MAX_CAMERAS   1000

static char *opt_ids;
static char *opt_db;
static char *opt_near;
static gint opt_count = 16;
static gint opt_port = 8554;
static gint opt_width = 1280;
static gint opt_height = 720;
static gint opt_fps = 25;
static gint opt_sub_width = 640;
static gint opt_sub_height = 360;
static char *opt_file;
static char *opt_encoder;
static gboolean opt_one_picture;
static gboolean opt_timecode;

static GOptionEntry entries[] = {
  { "ids", 0, 0, G_OPTION_ARG_STRING, &opt_ids, N_("The cameras to serve: 20-digit GB/T 28181 ids, separated by commas"), N_("ID,ID,…") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("A county database to take cameras (with --near) or their names from; only read"), N_("PATH") },
  { "near", 0, 0, G_OPTION_ARG_STRING, &opt_near, N_("Serve the cameras of --db nearest this point"), N_("LON,LAT") },
  { "count", 0, 0, G_OPTION_ARG_INT, &opt_count, N_("How many cameras --near serves (default 16)"), N_("N") },
  { "port", 0, 0, G_OPTION_ARG_INT, &opt_port, N_("The RTSP port (default 8554; 0 picks a free one)"), N_("PORT") },
  { "width", 0, 0, G_OPTION_ARG_INT, &opt_width, N_("Width of the main stream (default 1280)"), N_("PIXELS") },
  { "height", 0, 0, G_OPTION_ARG_INT, &opt_height, N_("Height of the main stream (default 720)"), N_("PIXELS") },
  { "fps", 0, 0, G_OPTION_ARG_INT, &opt_fps, N_("Frames a second of both streams (default 25)"), N_("N") },
  { "sub-width", 0, 0, G_OPTION_ARG_INT, &opt_sub_width, N_("Width of the sub-stream (default 640)"), N_("PIXELS") },
  { "sub-height", 0, 0, G_OPTION_ARG_INT, &opt_sub_height, N_("Height of the sub-stream (default 360)"), N_("PIXELS") },
  { "file", 0, 0, G_OPTION_ARG_FILENAME, &opt_file, N_("Show this video file, in a loop, instead of the test picture"), N_("PATH") },
  { "encoder", 0, 0, G_OPTION_ARG_STRING, &opt_encoder, N_("x264enc, openh264enc or jpegenc (default: the first of them installed)"), N_("ELEMENT") },
  { "one-picture", 0, 0, G_OPTION_ARG_NONE, &opt_one_picture, N_("Encode the first camera's streams once and serve them for every camera: a light load for testing many tiles"), NULL },
  { "timecode", 0, 0, G_OPTION_ARG_NONE, &opt_timecode, N_("Also write each frame's time as a strip of black and white blocks across the top of the picture, for measuring latency by program"), NULL },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   stopped;  /* by a signal */
  int        status;
} Run;

static void print_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One line on stderr, after the program's name. */
static void
print_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("gridwatch-camsim: %s\n", text);
}

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  run->stopped = TRUE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_file_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  gw_camsim_file_start_finish (GW_CAMSIM_FILE (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
on_file_failed (GwCamsimFile *file,
                const GError *error,
                gpointer      user_data)
{
  Run *run = user_data;

  print_error ("%s", error->message);
  run->status = 1;
  g_main_loop_quit (run->loop);
}

static gboolean
check_size (const char *option,
            int         value,
            int         max)
{
  /* Even sizes: the pictures are 4:2:0. */
  if (value < 16 || value > max || value % 2 != 0)
    {
      /* TRANSLATORS: %s is an option such as --width */
      print_error (_("%s must be an even number from 16 to %d"), option, max);
      return FALSE;
    }
  return TRUE;
}

/* The cameras the command line asks for, or NULL with the reason printed. */
static GPtrArray *
select_cameras (int *status)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;

  *status = 1;
  if (opt_ids && opt_near)
    {
      print_error ("%s", _("Give either --ids or --near, not both"));
      *status = 2;
      return NULL;
    }
  if (opt_near && opt_db == NULL)
    {
      print_error ("%s", _("--near needs --db PATH"));
      *status = 2;
      return NULL;
    }
  if (opt_ids)
    {
      cameras = gw_camsim_cameras_parse_ids (opt_ids, &error);
      if (cameras == NULL)
        {
          print_error ("%s", error->message);
          *status = 2;
          return NULL;
        }
      if (opt_db && !gw_camsim_cameras_lookup (opt_db, cameras, &error))
        {
          print_error ("%s", error->message);
          return NULL;
        }
    }
  else if (opt_near)
    {
      double lon, lat;

      if (opt_count < 1 || opt_count > MAX_CAMERAS)
        {
          print_error (_("--count must be from 1 to %d"), MAX_CAMERAS);
          *status = 2;
          return NULL;
        }
      if (!gw_camsim_parse_point (opt_near, &lon, &lat, &error))
        {
          print_error ("%s", error->message);
          *status = 2;
          return NULL;
        }
      cameras = gw_camsim_cameras_nearest (opt_db, lon, lat, (guint) opt_count, &error);
      if (cameras == NULL)
        {
          print_error ("%s", error->message);
          return NULL;
        }
    }
  else
    {
      print_error ("%s",
                   _("No cameras to serve: give --ids ID,ID,… or --db PATH --near LON,LAT"));
      return NULL;
    }

  if (cameras->len == 0)
    {
      if (opt_near)
        print_error (_("“%s” has no cameras"), opt_db);
      else
        print_error ("%s", _("No cameras to serve: --ids lists none"));
      return NULL;
    }
  if (cameras->len > MAX_CAMERAS)
    {
      print_error (_("At most %d cameras can be served"), MAX_CAMERAS);
      *status = 2;
      return NULL;
    }
  *status = 0;
  return g_steal_pointer (&cameras);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GwCamsimFile) file = NULL;
  g_autoptr(GwCamsimServer) server = NULL;
  const char *localedir = g_getenv ("GW_LOCALEDIR");
  GwCamsimSettings settings = { 0 };
  Run run = { NULL, NULL, FALSE, 0 };
  guint sigint_id, sigterm_id;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("gridwatch-camsim");
  g_option_context_set_summary (context,
      _("Simulated cameras for Gridwatch: each camera's main and sub-stream over RTSP on 127.0.0.1, at /ID/main and /ID/sub."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      print_error (_("Unexpected argument “%s”"), argv[1]);
      return 2;
    }
  if (opt_port < 0 || opt_port > 65535)
    {
      print_error ("%s", _("--port must be from 0 to 65535"));
      return 2;
    }
  if (!check_size ("--width", opt_width, 4096) || !check_size ("--height", opt_height, 4096) ||
      !check_size ("--sub-width", opt_sub_width, 4096) || !check_size ("--sub-height", opt_sub_height, 4096))
    return 2;
  if (opt_fps < 1 || opt_fps > 60)
    {
      print_error ("%s", _("--fps must be from 1 to 60"));
      return 2;
    }

  cameras = select_cameras (&status);
  if (cameras == NULL)
    return status;

  settings.width = opt_width;
  settings.height = opt_height;
  settings.fps = opt_fps;
  settings.sub_width = opt_sub_width;
  settings.sub_height = opt_sub_height;
  settings.one_picture = opt_one_picture;
  settings.timecode = opt_timecode;
  if (opt_encoder ? !gw_camsim_encoder_from_string (opt_encoder, &settings.encoder, &error)
                  : !gw_camsim_encoder_find_best (&settings.encoder, &error))
    {
      print_error ("%s", error->message);
      return g_error_matches (error, GW_CAMSIM_ERROR, GW_CAMSIM_ERROR_INVALID) ? 2 : 1;
    }
  g_debug ("encoding with %s", gw_camsim_encoder_to_string (settings.encoder));
  if (!gw_camsim_check_elements (settings.encoder, opt_file != NULL, &error))
    {
      print_error ("%s", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &run);

  if (opt_file)
    {
      file = gw_camsim_file_new (opt_file, FILE_CHANNEL, opt_width, opt_height, &error);
      if (file == NULL)
        {
          print_error ("%s", error->message);
          return 1;
        }
      /* Serve nothing before the file is known to play. */
      gw_camsim_file_start_async (file, NULL, on_file_started, &run);
      g_main_loop_run (loop);
      if (run.error)
        {
          print_error ("%s", run.error->message);
          g_clear_error (&run.error);
          return 1;
        }
      if (run.stopped)
        return 0;
      g_signal_connect (file, "failed", G_CALLBACK (on_file_failed), &run);
      settings.file_channel = FILE_CHANNEL;
    }

  server = gw_camsim_server_new (&settings);
  for (guint i = 0; i < cameras->len; i++)
    gw_camsim_server_add_camera (server, g_ptr_array_index (cameras, i));
  if (!gw_camsim_server_listen (server, ADDRESS, (guint) opt_port, &error))
    {
      print_error ("%s", error->message);
      return 1;
    }

  /* The one machine-readable line: untranslated, whatever the locale. */
  g_print ("camsim listening on rtsp://%s:%u/ (%u cameras)\n", ADDRESS,
           gw_camsim_server_get_port (server), gw_camsim_server_get_n_cameras (server));
  fflush (stdout);
  for (guint i = 0; i < cameras->len; i++)
    {
      const GwCamera *camera = g_ptr_array_index (cameras, i);

      g_printerr ("  /%s/main  /%s/sub  %s\n", camera->id, camera->id, camera->name ? camera->name : "");
    }

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_object (&server);
  g_clear_object (&file);
  return run.status;
}
