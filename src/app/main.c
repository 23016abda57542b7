/* main.c: gridwatch, the command-center application. */
#include "config.h"

#include "gw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwApplication) app = NULL;
  int status;

  gw_application_init_i18n ();

  app = gw_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : gw_application_get_exit_status (app);
}
