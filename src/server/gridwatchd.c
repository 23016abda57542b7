/* gridwatchd: the central server. */
#define G_LOG_DOMAIN "gridwatchd"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <sys/resource.h>

#include "gw-demo.h"
#include "gw-server.h"
#include "gw-server-drill.h"

static char *opt_db;
static char *opt_listen = NULL;
static char *opt_cert;
static char *opt_key;
static gboolean opt_demo;
static double opt_simulate;
static gint opt_seed = 1;
static char *opt_drill;
static char *opt_drill_db;

static GOptionEntry entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The county database"), N_("PATH") },
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen, N_("Address to listen on (default 127.0.0.1:8470; port 0 picks one)"), N_("HOST:PORT") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_cert, N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_key, N_("The certificate's private key (PEM)"), N_("FILE") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo, N_("Make the demo county in --db first if the file does not exist"), NULL },
  { "simulate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_simulate, N_("Generate this many simulated events a minute"), N_("RATE") },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, N_("Seed of the simulator"), N_("N") },
  { "drill", 0, 0, G_OPTION_ARG_FILENAME, &opt_drill, N_("Serve a drill of this scenario on a copy of --db (the county itself is only read)"), N_("SCENARIO") },
  { "drill-db", 0, 0, G_OPTION_ARG_FILENAME, &opt_drill_db, N_("Where the drill’s copy goes (default: the cache folder)"), N_("PATH") },
  { NULL }
};

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  GMainLoop          *loop;
  GError             *error;
  GwServerDrillSetup *drill;
} Opened;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opened *o = user_data;

  gw_store_open_finish (GW_STORE (object), result, &o->error);
  g_main_loop_quit (o->loop);
}

static void
on_drill_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Opened *o = user_data;

  o->drill = gw_server_drill_setup_finish (result, &o->error);
  g_main_loop_quit (o->loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwClock) clock = gw_clock_new_real ();
  g_autoptr(GwServerDrillSetup) drill = NULL;
  g_autoptr(GwServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  const char *localedir = g_getenv ("GW_LOCALEDIR");
  Opened opened = { NULL, NULL, NULL };

  /* Every seat holds a connection open: allow as many as the system lets us. */
  {
    struct rlimit limit;
    if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
      {
        limit.rlim_cur = limit.rlim_max;
        setrlimit (RLIMIT_NOFILE, &limit);
      }
  }

#ifdef __GLIBC__
  /* Answers of 64 KB to 1 MB are built and freed many times a second: keep them in the heap
   * and keep the heap, instead of mapping, unmapping and faulting the pages in each time. */
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_set_summary (context, _("The Gridwatch server: REST API, live feed, accounts."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gridwatchd: %s\n", error->message);
      return 2;
    }
  if (opt_db == NULL && opt_drill == NULL)
    {
      g_printerr ("gridwatchd: %s\n", _("--db PATH is required"));
      return 2;
    }
  if (opt_drill_db && opt_drill == NULL)
    {
      g_printerr ("gridwatchd: %s\n", _("--drill-db goes with --drill"));
      return 2;
    }
  if ((opt_cert == NULL) != (opt_key == NULL))
    {
      g_printerr ("gridwatchd: %s\n", _("--tls-cert and --tls-key go together"));
      return 2;
    }
  if (opt_cert)
    {
      certificate = g_tls_certificate_new_from_files (opt_cert, opt_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("gridwatchd: %s\n", error->message);
          return 1;
        }
    }

  if (opt_demo && opt_db && !g_file_test (opt_db, G_FILE_TEST_EXISTS))
    {
      /* Before serving anything: nothing else runs yet. */
      g_autoptr(GwDb) db = gw_db_open (opt_db, &error);
      g_printerr ("gridwatchd: %s\n", _("making the demo county…"));
      if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_TONGNAN, 1,
                                           gw_demo_default_now (g_get_real_time () / G_USEC_PER_SEC),
                                           NULL, NULL, &error))
        {
          g_printerr ("gridwatchd: %s\n", error->message);
          return 1;
        }
    }

  opened.loop = loop;
  if (opt_drill)
    /* A drill: the county copied (on a worker), the store opened on the copy. */
    gw_server_drill_setup_async (opt_drill, opt_db, opt_drill_db, NULL, on_drill_ready, &opened);
  else
    {
      store = gw_store_new ();
      gw_store_open_async (store, opt_db, NULL, on_opened, &opened);
    }
  g_main_loop_run (loop);
  if (opened.error)
    {
      g_printerr ("gridwatchd: %s\n", opened.error->message);
      g_error_free (opened.error);
      return 1;
    }
  if (opened.drill)
    {
      drill = opened.drill;
      store = g_object_ref (drill->store);
      g_set_object (&clock, drill->clock);
    }

  server = gw_server_new (store, clock);
  if (drill)
    gw_server_set_drill (server, drill->drill, drill->run);
  if (!gw_server_listen (server, opt_listen ? opt_listen : "127.0.0.1:8470", certificate, &error))
    {
      g_printerr ("gridwatchd: %s\n", error->message);
      return 1;
    }
  if (opt_simulate > 0 && !gw_server_simulate (server, opt_simulate, (guint32) opt_seed, &error))
    {
      g_printerr ("gridwatchd: %s\n", error->message);
      return 2;
    }
  /* The port on a line of its own, for scripts and tests that asked for port 0 (and the
   * drill's copy in the same write: a reader may stop after the first line). */
  if (drill)
    g_print ("listening on port %u\ndrill database: %s\n", gw_server_get_port (server), drill->path);
  else
    g_print ("listening on port %u\n", gw_server_get_port (server));
  fflush (stdout);

  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  return 0;
}
