/* gw-application.c: the Gridwatch application: command line, actions, windows.
 *
 * Screenshot mode (--screenshot FILE.png) opens the window as usual, waits until it shows
 * the figures or a status page saying why it cannot, writes the PNG and quits: status 0
 * when the figures were shown and the file written, 1 otherwise (with the reason on
 * stderr), 1 as well when nothing happened within SCREENSHOT_TIMEOUT_S.
 */
#define G_LOG_DOMAIN "gw-application"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-drill-launcher.h"
#include "gw-drill-picker.h"
#include "gw-drill-review-window.h"
#include "gw-format.h"
#include "gw-main-window.h"
#include "gw-ticket-actions.h"
#include "gw-screenshot.h"

#define SCREENSHOT_TIMEOUT_S 60

struct _GwApplication
{
  AdwApplication  parent_instance;

  int             exit_status;

  /* screenshot mode */
  GwMainWindow   *screenshot_window;
  GFile          *screenshot_file;
  GCancellable   *screenshot_cancellable;
  guint           screenshot_timeout;
};

G_DEFINE_FINAL_TYPE (GwApplication, gw_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Database to open (default: ~/.local/share/gridwatch/gridwatch.db)"), N_("PATH") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Work as a seat of the server at URI (e.g. http://127.0.0.1:8470) instead of opening a county database"),
    N_("URI") },
  { "seat", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The seat’s own database, with --server (default: ~/.local/share/gridwatch/seat.db)"),
    N_("PATH") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --server: sign in as NAME by itself when the seat is signed out, with the password "
       "in the environment variable GRIDWATCH_PASSWORD"),
    N_("NAME") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write a PNG of the window once it shows the figures, then quit"), N_("FILE.png") },
  { "drill", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Run an offline drill of SCENARIO (a scenario file, or a shipped scenario’s id) on a copy "
       "of the county given with --db, or else of the scenario’s demo county"),
    N_("SCENARIO") },
  { "review", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the after-action review of a drill’s database (the copy a drill leaves behind)"),
    N_("DRILL.db") },
  { "window", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Window to open: console, map, wall, dashboard or class-cases (default: console)"), N_("WINDOW") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and quit"), NULL },
  { NULL }
};

static void
print_demo_hint (const char *database_path)
{
  g_autofree char *quoted = gw_format_shell_argument (database_path);

  g_printerr ("%s\n  gridwatchctl demo --db %s\n", _("To create a demo county, run:"), quoted);
}

static void
finish_screenshot (GwApplication *self,
                   int            exit_status)
{
  self->exit_status = exit_status;
  g_clear_handle_id (&self->screenshot_timeout, g_source_remove);
  g_cancellable_cancel (self->screenshot_cancellable);

  if (self->screenshot_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->screenshot_window));

  g_application_quit (G_APPLICATION (self));
}

static void
on_screenshot_saved (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GwApplication) self = user_data;
  GwMainWindow *window = GW_MAIN_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!gw_screenshot_save_finish (GTK_WIDGET (window), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("gridwatch: %s\n", error->message);
          finish_screenshot (self, 1);
        }
      return;
    }

  if (gw_main_window_get_state (window) != GW_MAIN_WINDOW_READY)
    {
      g_printerr ("gridwatch: %s\n", gw_main_window_get_error_message (window));
      print_demo_hint (gw_main_window_get_database_path (window));
      finish_screenshot (self, 1);
      return;
    }

  finish_screenshot (self, 0);
}

static void
on_screenshot_window_state (GwMainWindow *window,
                            GParamSpec   *pspec,
                            gpointer      user_data)
{
  GwApplication *self = user_data;

  if (gw_main_window_get_state (window) == GW_MAIN_WINDOW_LOADING)
    return;

  g_signal_handlers_disconnect_by_func (window, on_screenshot_window_state, self);
  gw_screenshot_save_async (GTK_WIDGET (window), self->screenshot_file,
                            self->screenshot_cancellable,
                            on_screenshot_saved, g_object_ref (self));
}

static gboolean
on_screenshot_timeout (gpointer user_data)
{
  GwApplication *self = user_data;

  self->screenshot_timeout = 0;
  g_printerr ("gridwatch: ");
  g_printerr (ngettext ("Nothing to take a screenshot of after %d second",
                        "Nothing to take a screenshot of after %d seconds",
                        SCREENSHOT_TIMEOUT_S),
              SCREENSHOT_TIMEOUT_S);
  g_printerr ("\n");
  finish_screenshot (self, 1);

  return G_SOURCE_REMOVE;
}

static void
start_screenshot (GwApplication *self,
                  GwMainWindow  *window,
                  GFile         *file)
{
  g_set_object (&self->screenshot_file, file);
  g_set_weak_pointer (&self->screenshot_window, window);
  self->screenshot_cancellable = g_cancellable_new ();
  self->screenshot_timeout = g_timeout_add_seconds (SCREENSHOT_TIMEOUT_S,
                                                    on_screenshot_timeout, self);

  g_signal_connect_object (window, "notify::state",
                           G_CALLBACK (on_screenshot_window_state), self, 0);
  on_screenshot_window_state (window, NULL, self);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Gridwatch"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Gridwatch developers"),
                        "comments", _("A command center for grid-based grassroots governance: "
                                      "the county’s tickets, grids, grid workers and cameras "
                                      "at a glance, for duty officers on watch and commanders "
                                      "at the video wall."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window keep its size and stop its work. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

/* Cameras (store row ids) sent to the video wall from anywhere (the map, a player): the
 * console's window opens its wall for them. */
static void
send_to_wall_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  gsize n = 0;
  const gint64 *ids = g_variant_get_fixed_array (parameter, &n, sizeof (gint64));

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (GW_IS_MAIN_WINDOW (l->data))
      {
        gw_main_window_send_to_wall (l->data, ids, (guint) n);
        return;
      }
}

/* A frame a wall saved for the ticket it shows: (ticket id, the PNG's path). */
static void
attach_evidence_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  gint64 ticket_id = 0;
  const char *path = NULL;

  g_variant_get (parameter, "(x&s)", &ticket_id, &path);
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (GW_IS_MAIN_WINDOW (l->data))
      {
        gw_main_window_attach_evidence (l->data, ticket_id, path);
        return;
      }
}

/* "Start a Drill…": the shipped scenarios, on their demo county or on a copy of the county
 * the console in front shows (not a seat's, nor a drill's). */
static void
start_drill_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *active = gtk_application_get_active_window (app);
  const char *county = NULL;
  GwDrillPicker *picker;

  if (GW_IS_MAIN_WINDOW (active) && gw_main_window_get_server_uri (GW_MAIN_WINDOW (active)) == NULL &&
      gw_main_window_get_drill_link (GW_MAIN_WINDOW (active)) == NULL &&
      gw_main_window_get_state (GW_MAIN_WINDOW (active)) == GW_MAIN_WINDOW_READY)
    county = gw_main_window_get_database_path (GW_MAIN_WINDOW (active));
  picker = gw_drill_picker_new (app, active, county);
  gtk_window_present (GTK_WINDOW (picker));
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "start-drill", start_drill_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "send-to-wall", send_to_wall_action, "ax", NULL, NULL, { 0 } },
  { "attach-evidence", attach_evidence_action, "(xs)", NULL, NULL, { 0 } },
};

static GwMainWindow *
open_window (GwApplication *self,
             const char    *database_path,
             const char    *server_uri)
{
  GwMainWindow *window;

  if (server_uri != NULL)
    window = gw_main_window_new_for_seat (GTK_APPLICATION (self), database_path, server_uri);
  else
    window = gw_main_window_new (GTK_APPLICATION (self), database_path);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static int
gw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  const char *window = NULL;
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gridwatch %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "window", "&s", &window))
    {
      if (!g_str_equal (window, "console") && !g_str_equal (window, "map") && !g_str_equal (window, "wall") &&
          !g_str_equal (window, "dashboard") && !g_str_equal (window, "class-cases"))
        {
          g_printerr ("gridwatch: ");
          g_printerr (_("Unknown window “%s”: expected console, map, wall, dashboard or class-cases."), window);
          g_printerr ("\n");
          return 1;
        }
    }

  if (g_variant_dict_contains (options, "drill") && g_variant_dict_contains (options, "screenshot"))
    {
      g_printerr ("gridwatch: %s\n", _("--screenshot cannot go with --drill."));
      return 1;
    }
  if (g_variant_dict_contains (options, "drill") &&
      (g_variant_dict_contains (options, "server") || g_variant_dict_contains (options, "seat")))
    {
      g_printerr ("gridwatch: %s\n", _("--drill runs a drill in this process, on a copy of a county "
                                       "file: it cannot go with --server or --seat (a seat joins the "
                                       "server’s drill by itself)."));
      return 1;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

      if (scheme == NULL ||
          (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
          g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          g_printerr ("gridwatch: ");
          g_printerr (_("“%s” is not a server address: expected http://HOST:PORT or https://HOST:PORT."),
                      server);
          g_printerr ("\n");
          return 1;
        }
      if (g_variant_dict_contains (options, "db"))
        {
          g_printerr ("gridwatch: %s\n", _("--db and --server cannot go together: a seat works "
                                           "on its own database (--seat)."));
          return 1;
        }
    }
  else if (g_variant_dict_contains (options, "seat"))
    {
      g_printerr ("gridwatch: %s\n", _("--seat needs --server."));
      return 1;
    }

  if (g_variant_dict_contains (options, "user"))
    {
      const char *password = g_getenv ("GRIDWATCH_PASSWORD");

      if (server == NULL)
        {
          g_printerr ("gridwatch: %s\n", _("--user needs --server."));
          return 1;
        }
      if (password == NULL || *password == '\0')
        {
          g_printerr ("gridwatch: %s\n", _("--user takes the password from the environment variable "
                                           "GRIDWATCH_PASSWORD, which is not set."));
          return 1;
        }
    }

  /* A screenshot is this process's own window, never one sent to a running instance. */
  if (g_variant_dict_contains (options, "screenshot"))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (gw_application_parent_class)->handle_local_options (app, options);
}

static void
on_drill_launched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The launch's window says why, and stays; the terminal hears it too. */
  if (gw_drill_launch_finish (result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("gridwatch: %s\n", error->message);
      self->exit_status = 1;
    }
}

/* gridwatch --drill SCENARIO [--db COUNTY]: an offline drill on a copy (of the county, or
 * of the scenario's demo county). A relative path is the command line's. */
static void
start_drill (GwApplication           *self,
             GApplicationCommandLine *command_line,
             const char              *scenario_arg,
             const char              *county_arg)
{
  g_autofree char *scenario = NULL;
  g_autofree char *county = NULL;

  /* A shipped scenario's id stays as it is; a path is made absolute. */
  if (strchr (scenario_arg, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (scenario_arg, ".json"))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, scenario_arg);

      scenario = g_file_get_path (file);
    }
  else
    scenario = g_strdup (scenario_arg);
  if (county_arg != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, county_arg);

      county = g_file_get_path (file);
    }
  gw_drill_launch_async (GTK_APPLICATION (self), scenario, county, NULL, NULL,
                         on_drill_launched, g_object_ref (self));
}

static int
gw_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  GwApplication *self = GW_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *database_arg = NULL;
  const char *screenshot_arg = NULL;
  const char *server_uri = NULL;
  const char *seat_arg = NULL;
  const char *user = NULL;
  const char *drill_arg = NULL;
  const char *review_arg = NULL;
  g_autofree char *database_path = NULL;
  GtkWindow *active;
  GwMainWindow *window;

  g_variant_dict_lookup (options, "db", "^&ay", &database_arg);
  g_variant_dict_lookup (options, "screenshot", "^&ay", &screenshot_arg);
  g_variant_dict_lookup (options, "server", "&s", &server_uri);
  g_variant_dict_lookup (options, "seat", "^&ay", &seat_arg);
  g_variant_dict_lookup (options, "user", "&s", &user);

  if (g_variant_dict_lookup (options, "review", "^&ay", &review_arg))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, review_arg);
      g_autofree char *path = g_file_get_path (file);
      GwDrillReviewWindow *review = gw_drill_review_window_new (GTK_APPLICATION (app), NULL);

      gw_drill_review_window_open_path (review, path);
      gtk_window_present (GTK_WINDOW (review));
      return 0;
    }

  if (g_variant_dict_lookup (options, "drill", "^&ay", &drill_arg))
    {
      start_drill (self, command_line, drill_arg, database_arg);
      return 0;
    }

  active = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (database_arg == NULL && screenshot_arg == NULL && server_uri == NULL && active != NULL)
    {
      gtk_window_present (active);
      return 0;
    }

  if (server_uri != NULL && seat_arg != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                               seat_arg);
      database_path = g_file_get_path (file);
    }
  else if (server_uri != NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gridwatch", NULL);

      /* The seat's database is created on first use; its directory too. */
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_printerr ("gridwatch: %s: %s\n", dir, g_strerror (errno));
      database_path = g_build_filename (dir, "seat.db", NULL);
    }
  else if (database_arg != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                               database_arg);
      database_path = g_file_get_path (file);
    }
  else
    {
      database_path = gw_application_default_database_path ();
    }

  window = open_window (self, database_path, server_uri);
  {
    const char *which = NULL;

    /* The map opens over the console once the console has its county. */
    if (g_variant_dict_lookup (options, "window", "&s", &which) && g_str_equal (which, "map"))
      gw_main_window_open_map_when_ready (window);
    else if (which != NULL && g_str_equal (which, "wall"))
      gw_main_window_open_wall_when_ready (window);
    else if (which != NULL && g_str_equal (which, "dashboard"))
      gw_main_window_open_dashboard_when_ready (window);
    else if (which != NULL && g_str_equal (which, "class-cases"))
      gw_main_window_open_class_cases_when_ready (window);
  }

  /* The environment of the command line, which may be another process's. */
  if (server_uri != NULL && user != NULL)
    {
      const char *password = g_application_command_line_getenv (command_line, "GRIDWATCH_PASSWORD");

      if (password != NULL && *password != '\0')
        gw_main_window_set_sign_in (window, user, password);
    }

  if (screenshot_arg != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                               screenshot_arg);
      start_screenshot (self, window, file);
    }

  return 0;
}

static void
gw_application_activate (GApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *database_path = NULL;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  database_path = gw_application_default_database_path ();
  open_window (GW_APPLICATION (app), database_path, NULL);
}

static void
gw_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (gw_application_parent_class)->startup (app);

  /* A control room is dark; the figures stay readable on a wall of screens. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_PREFER_DARK);
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.refresh",
                                         (const char *[]) { "F5", "<Control>r", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.handover",
                                         (const char *[]) { "<Control><Shift>h", NULL });
  for (const GwTicketAccel *a = gw_ticket_actions_get_accels (); a->action; a++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), a->action, a->accels);
  gw_drill_review_window_add_app_action (GTK_APPLICATION (app));
}

static void
gw_application_dispose (GObject *object)
{
  GwApplication *self = GW_APPLICATION (object);

  g_cancellable_cancel (self->screenshot_cancellable);
  g_clear_handle_id (&self->screenshot_timeout, g_source_remove);
  g_clear_weak_pointer (&self->screenshot_window);

  G_OBJECT_CLASS (gw_application_parent_class)->dispose (object);
}

static void
gw_application_finalize (GObject *object)
{
  GwApplication *self = GW_APPLICATION (object);

  g_clear_object (&self->screenshot_file);
  g_clear_object (&self->screenshot_cancellable);

  G_OBJECT_CLASS (gw_application_parent_class)->finalize (object);
}

static void
gw_application_class_init (GwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gw_application_dispose;
  object_class->finalize = gw_application_finalize;

  app_class->handle_local_options = gw_application_handle_local_options;
  app_class->command_line = gw_application_command_line;
  app_class->activate = gw_application_activate;
  app_class->startup = gw_application_startup;
}

static void
gw_application_init (GwApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Gridwatch, the command center for grid-based "
                                              "grassroots governance: the county’s figures "
                                              "at a glance."));
}

GwApplication *
gw_application_new (void)
{
  return g_object_new (GW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_SEND_ENVIRONMENT,
                       "resource-base-path", "/org/gridwatch/Gridwatch",
                       NULL);
}

int
gw_application_get_exit_status (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), 1);

  return self->exit_status;
}

void
gw_application_init_i18n (void)
{
  const char *localedir = g_getenv ("GW_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
gw_application_default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "gridwatch", "gridwatch.db", NULL);
}
