#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-test-server.h"

/* The server goes when the test goes, however the test ends. */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
try_start (GwTestServer      *server,
           const char        *db,
           guint              port,
           const char *const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  char buf[256];
  gssize n, got = 0;
  int out;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GW_SERVER_BIN"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, listen);
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 child_setup, NULL, &server->pid, NULL, &out, NULL, &error))
    g_error ("cannot start gridwatchd: %s", error->message);
  /* "listening on port N" */
  while (got < (gssize) sizeof buf - 1 && (n = read (out, buf + got, sizeof buf - 1 - got)) > 0)
    {
      got += n;
      buf[got] = '\0';
      if (strchr (buf, '\n'))
        break;
    }
  buf[got] = '\0';
  close (out);
  if (sscanf (buf, "listening on port %u", &server->port) != 1)
    {
      waitpid (server->pid, NULL, 0);
      g_spawn_close_pid (server->pid);
      server->pid = 0;
      return FALSE;
    }
  return TRUE;
}

void
gw_test_server_start (GwTestServer      *server,
                      const char        *db,
                      guint              port,
                      const char *const *extra)
{
  for (int i = 0; i < 50; i++)
    {
      if (try_start (server, db, port, extra))
        return;
      g_usleep (100 * 1000);
    }
  g_error ("gridwatchd did not start on port %u", port);
}

void
gw_test_server_stop (GwTestServer *server,
                     int           signal)
{
  if (server->pid == 0)
    return;
  kill (server->pid, signal);
  waitpid (server->pid, NULL, 0);
  g_spawn_close_pid (server->pid);
  server->pid = 0;
}
