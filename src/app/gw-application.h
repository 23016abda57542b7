/* gw-application.h: the Gridwatch application: command line, actions, windows. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_APPLICATION (gw_application_get_type ())
G_DECLARE_FINAL_TYPE (GwApplication, gw_application, GW, APPLICATION, AdwApplication)

GwApplication *gw_application_new             (void);

/* The status the process should exit with once g_application_run() has returned 0:
 * non-zero when screenshot mode failed. */
int            gw_application_get_exit_status (GwApplication *self);

/* Binds the message catalog: from $GW_LOCALEDIR when set (uninstalled runs and tests),
 * else from the installed LOCALEDIR. Call first thing in main(). */
void           gw_application_init_i18n       (void);

/* The database used when --db is not given: $XDG_DATA_HOME/gridwatch/gridwatch.db. */
char          *gw_application_default_database_path (void);

G_END_DECLS
