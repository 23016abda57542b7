/* gw-main-window.c: the console, Gridwatch's main window: the county's figures at a glance.
 *
 * Loading never blocks the main loop: the file is looked at with GIO, then opened and read
 * through GwStore, whose SQL runs on its own thread. Every step carries the window's
 * cancellable, which a new load and closing the window cancel. A missing, broken or empty
 * database is a status page that says how to create the demo county, never a dialog.
 *
 * A seat (gridwatch --server URI) opens its own database instead, creating it if need be,
 * and keeps it in step with the server through a GwSyncClient: the sign-in page while the
 * seat is signed out, the sync state while the first snapshot brings the county in, then
 * the figures, read again (at most once a second) as tickets arrive.
 */
#define G_LOG_DOMAIN "gw-main-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-alarm-banner.h"
#include "gw-alarm-center.h"
#include "gw-action-runner.h"
#include "gw-console-pane.h"
#include "gw-drill-watermark.h"
#include "gw-figure-card.h"
#include "gw-format.h"
#include "gw-handover-dialog.h"
#include "gw-main-window-private.h"
#include "gw-officer.h"
#include "gw-seat-bar.h"
#include "gw-seat-status.h"
#include "gw-sign-in-page.h"
#include "gw-store.h"
#include "gw-ticket-actions.h"
#include "gw-sync-client.h"

/* From this surface size on, the figures are set in larger type (style.css: window.large). */
#define LARGE_MIN_WIDTH  1800
#define LARGE_MIN_HEIGHT 1000

/* The stages a ticket still needs work in, in the order of the closed loop. */
static const struct {
  GwTicketState  state;
  const char    *name;
} open_stages[GW_MAIN_WINDOW_N_STAGES] = {
  { GW_STATE_REPORTED,   N_("Reported") },
  { GW_STATE_VERIFYING,  N_("Verifying") },
  { GW_STATE_SCREENED,   N_("Screened") },
  { GW_STATE_DISPATCHED, N_("Dispatched") },
  { GW_STATE_SIGNED,     N_("Signed for") },
  { GW_STATE_HANDLING,   N_("Handling") },
  { GW_STATE_CHECKING,   N_("Checking") },
  { GW_STATE_SUSPENDED,  N_("Suspended") },
};


G_DEFINE_FINAL_TYPE (GwMainWindow, gw_main_window, ADW_TYPE_APPLICATION_WINDOW)

G_DEFINE_ENUM_TYPE (GwMainWindowState, gw_main_window_state,
  G_DEFINE_ENUM_VALUE (GW_MAIN_WINDOW_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (GW_MAIN_WINDOW_READY, "ready"),
  G_DEFINE_ENUM_VALUE (GW_MAIN_WINDOW_FAILED, "failed"))

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_STATE,
  PROP_SERVER_URI,
  PROP_CLOCK,
  PROP_STORE,
  PROP_DRILL_LINK,
  PROP_DRILL_SEAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LoadStep *
_gw_load_step_new (GwMainWindow *self)
{
  LoadStep *step = g_new0 (LoadStep, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->cancellable);
  return step;
}

void
_gw_load_step_free (LoadStep *step)
{
  g_clear_object (&step->self);
  g_clear_object (&step->cancellable);
  g_clear_object (&step->store);
  g_free (step);
}


static void
set_state (GwMainWindow      *self,
           GwMainWindowState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-demo-command",
                                 state == GW_MAIN_WINDOW_FAILED && self->server_uri == NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_count (GtkLabel *label,
           gint64    value)
{
  g_autofree char *text = gw_format_count (value);

  gtk_label_set_label (label, text);
}

/* Sets the card's figure and returns how many characters it took. */
static glong
set_card (GwFigureCard *card,
          gint64        value)
{
  g_autofree char *text = gw_format_count (value);

  gw_figure_card_set_value (card, text);
  return g_utf8_strlen (text, -1);
}

/* The five cards share one width: the longest figure sets the type size of all of them, so
 * that "420,000" fits a 1280-pixel window as well as "99" does (and never pushes the
 * window wider than the screen). */
static double
figure_scale (glong longest)
{
  if (longest >= 10)
    return 0.59;
  if (longest >= 8)
    return 0.68;
  if (longest >= 6)
    return 0.82;
  return 1.0;
}

static void
set_css_class (gpointer    widget,
               const char *css_class,
               gboolean    enabled)
{
  if (enabled)
    gtk_widget_add_css_class (GTK_WIDGET (widget), css_class);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), css_class);
}

void
_gw_main_window_show_failure (GwMainWindow *self,
              const char   *title,
              const char   *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  g_autofree char *quoted = gw_format_shell_argument (self->database_path);
  g_autofree char *command = g_strdup_printf ("gridwatchctl demo --db %s", quoted);

  g_clear_pointer (&self->summary, gw_summary_free);
  g_free (self->error_message);
  self->error_message = g_strdup (message);

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, markup);
  gtk_label_set_label (self->demo_command_label, command);
  gtk_stack_set_visible_child_name (self->stack, "status");

  set_state (self, GW_MAIN_WINDOW_FAILED);
}

static void
show_summary (GwMainWindow *self,
              GwSummary    *summary)
{
  g_autofree char *code = NULL;
  g_autofree char *workers_on_duty = NULL;
  g_autofree char *on_duty = NULL;
  g_autofree char *as_of_time = NULL;
  g_autofree char *as_of = NULL;
  const struct { GwFigureCard *card; gint64 value; } cards[] = {
    { self->open_card, summary->tickets_open },
    { self->emergency_card, summary->tickets_emergency_open },
    { self->overdue_card, summary->tickets_overdue_open },
    { self->today_card, summary->tickets_today },
    { self->total_card, summary->tickets_total },
  };
  glong longest;

  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->summary, gw_summary_free);
  self->summary = summary;

  gtk_label_set_label (self->county_label, summary->county_name);
  /* TRANSLATORS: %s is the county's six-digit GB/T 2260 division code */
  code = g_strdup_printf (_("Division code %s"), summary->county_code);
  gtk_label_set_label (self->code_label, code);

  if (summary->newest_ticket_at > 0)
    {
      g_autofree char *newest = gw_format_date_time (summary->newest_ticket_at);
      g_autofree char *ago = gw_format_time_ago (summary->newest_ticket_at, summary->now);

      gtk_label_set_label (self->newest_label, newest);
      gtk_label_set_label (self->newest_ago_label, ago);
    }
  else
    {
      gtk_label_set_label (self->newest_label, _("No tickets yet"));
      gtk_label_set_label (self->newest_ago_label, "");
    }

  longest = 0;
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      glong length = set_card (cards[i].card, cards[i].value);

      longest = MAX (longest, length);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    gw_figure_card_set_value_scale (cards[i].card, figure_scale (longest));

  set_css_class (self->emergency_card, "alert", summary->tickets_emergency_open > 0);
  set_css_class (self->overdue_card, "warning", summary->tickets_overdue_open > 0);

  for (guint i = 0; i < G_N_ELEMENTS (open_stages); i++)
    set_count (self->stage_values[i], summary->tickets_by_state[open_stages[i].state]);

  set_count (self->streets_value, summary->divisions[GW_LEVEL_STREET]);
  set_count (self->communities_value, summary->divisions[GW_LEVEL_COMMUNITY]);
  set_count (self->areas_value, summary->divisions[GW_LEVEL_AREA]);
  gtk_widget_set_visible (GTK_WIDGET (self->areas_row), summary->divisions[GW_LEVEL_AREA] > 0);
  set_count (self->grids_value, summary->divisions[GW_LEVEL_GRID]);
  set_count (self->microgrids_value, summary->divisions[GW_LEVEL_MICROGRID]);

  set_count (self->cameras_value, summary->cameras);
  set_count (self->workers_value, summary->workers);
  workers_on_duty = gw_format_count (summary->workers_on_duty);
  /* TRANSLATORS: %s is a number of grid workers, already formatted: "1,385" */
  on_duty = g_strdup_printf (ngettext ("%s on duty now", "%s on duty now",
                                       (gulong) MIN (summary->workers_on_duty, G_MAXLONG)),
                             workers_on_duty);
  adw_action_row_set_subtitle (self->workers_row, on_duty);
  set_count (self->departments_value, summary->departments);

  as_of_time = gw_format_time (summary->now);
  /* TRANSLATORS: %s is a time of day: "14:32:05" */
  as_of = g_strdup_printf (_("Figures as of %s. Press F5 to refresh."), as_of_time);
  gtk_label_set_label (self->as_of_label, as_of);

  gtk_stack_set_visible_child_name (self->stack, "figures");

  /* A drill's copy is never the county to come back to. */
  if (self->settings != NULL && self->server_uri == NULL && self->drill_link == NULL)
    g_settings_set_string (self->settings, "last-database", self->database_path);

  set_state (self, GW_MAIN_WINDOW_READY);
}

gboolean
_gw_main_window_seat_signed_out (GwMainWindow *self)
{
  return self->sync_client != NULL &&
         gw_sync_client_get_state (self->sync_client) == GW_SYNC_STATE_SIGNED_OUT;
}

/* A seat without a county yet: the first snapshot is still on its way. */
static void
show_seat_progress (GwMainWindow *self)
{
  GwSyncState state = gw_sync_client_get_state (self->sync_client);

  g_clear_pointer (&self->summary, gw_summary_free);
  gtk_label_set_label (self->loading_label, gw_sync_state_to_label (state));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_state (self, GW_MAIN_WINDOW_LOADING);
}

static void
on_store_get_summary (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LoadStep) step = user_data;
  GwMainWindow *self = step->self;
  g_autoptr(GwSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = gw_store_get_summary_finish (GW_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (step->cancellable))
    return;

  if (summary == NULL)
    {
      /* Reopen on the next attempt: the connection may be what failed. */
      g_clear_object (&self->store);
      _gw_main_window_show_failure (self, _("Cannot Read the Figures"), error->message);
      return;
    }

  /* The sign-in page stays until the officer has signed in. */
  if (_gw_main_window_seat_signed_out (self))
    return;

  if (summary->county_code == NULL && self->sync_client != NULL)
    {
      show_seat_progress (self);
      return;
    }

  if (summary->county_code == NULL)
    {
      g_autofree char *display = g_filename_display_name (self->database_path);
      g_autofree char *message =
        g_strdup_printf (_("The database at %s holds no county yet."), display);

      _gw_main_window_show_failure (self, _("No County in This Database"), message);
      return;
    }

  show_summary (self, g_steal_pointer (&summary));
}

static void
read_summary (GwMainWindow *self)
{
  gtk_label_set_label (self->loading_label, _("Reading the figures…"));
  gw_store_get_summary_async (self->store, gw_clock_get_now (self->clock), self->cancellable,
                              on_store_get_summary, _gw_load_step_new (self));
}

static void start_seat (GwMainWindow *self);

static void
on_store_open (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LoadStep) step = user_data;
  GwMainWindow *self = step->self;
  g_autoptr(GError) error = NULL;
  gboolean opened;

  opened = gw_store_open_finish (GW_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (step->cancellable))
    return;

  if (!opened)
    {
      _gw_main_window_show_failure (self, _("Cannot Open the Database"), error->message);
      return;
    }

  g_set_object (&self->store, step->store);
  gw_drill_watermark_set_store (gw_drill_watermark_get_for (GTK_WINDOW (self)), self->store);
  if (self->server_uri != NULL && self->sync_client == NULL)
    start_seat (self);
  _gw_main_window_start_console (self);
  read_summary (self);
}

static void
on_database_file_query_info (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(LoadStep) step = user_data;
  GwMainWindow *self = step->self;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (g_cancellable_is_cancelled (step->cancellable))
    return;

  display = g_filename_display_name (self->database_path);

  /* GwStore would create a missing database: an empty county is not what was asked for. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("There is no database at %s."), display);

      _gw_main_window_show_failure (self, _("No Database Yet"), message);
      return;
    }

  if (info == NULL)
    {
      _gw_main_window_show_failure (self, _("Cannot Open the Database"), error->message);
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not a database file."), display);

      _gw_main_window_show_failure (self, _("Cannot Open the Database"), message);
      return;
    }

  store = gw_store_new ();
  step->store = g_object_ref (store);
  gw_store_open_async (store, self->database_path, self->cancellable,
                       on_store_open, g_steal_pointer (&step));
}

static void
start_loading (GwMainWindow *self)
{
  g_autoptr(GFile) file = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Figures already on screen stay there while they are read again. */
  if (self->state != GW_MAIN_WINDOW_READY)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      set_state (self, GW_MAIN_WINDOW_LOADING);
    }

  if (self->store != NULL)
    {
      read_summary (self);
      return;
    }

  gtk_label_set_label (self->loading_label, _("Opening the database…"));

  /* A seat's own database is created when missing: the snapshot fills it. */
  if (self->server_uri != NULL)
    {
      g_autoptr(LoadStep) step = _gw_load_step_new (self);
      g_autoptr(GwStore) store = gw_store_new ();

      step->store = g_object_ref (store);
      gw_store_open_async (store, self->database_path, self->cancellable,
                           on_store_open, g_steal_pointer (&step));
      return;
    }

  file = g_file_new_for_path (self->database_path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable,
                           on_database_file_query_info, _gw_load_step_new (self));
}

/* The database changes under the window (the local server's simulator, a sync client):
 * read the figures again every few seconds, on the store's thread, while they are shown. */
#define FOLLOW_SECONDS 5

static gboolean
on_follow (gpointer user_data)
{
  GwMainWindow *self = user_data;

  if (self->state == GW_MAIN_WINDOW_READY && self->store != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    gw_store_get_summary_async (self->store, gw_clock_get_now (self->clock), self->cancellable,
                                on_store_get_summary, _gw_load_step_new (self));
  return G_SOURCE_CONTINUE;
}

/* Seat mode ---------------------------------------------------------------------------- */

static void
read_seat_figures (GwMainWindow *self)
{
  if (self->store == NULL || _gw_main_window_seat_signed_out (self))
    return;

  gw_store_get_summary_async (self->store, gw_clock_get_now (self->clock), self->cancellable,
                              on_store_get_summary, _gw_load_step_new (self));
}

static gboolean
on_seat_read (gpointer user_data)
{
  GwMainWindow *self = user_data;

  self->seat_read_id = 0;
  read_seat_figures (self);
  return G_SOURCE_REMOVE;
}

/* Tickets arrive one by one on the live feed and by the hundred in a snapshot: the figures
 * are read again at most once a second. */
static void
on_sync_client_changed (GwMainWindow *self)
{
  gw_console_pane_invalidate (self->console_pane);
  if (self->alarm_center)
    gw_alarm_center_scan_now (self->alarm_center);
  if (self->seat_read_id == 0)
    self->seat_read_id = g_timeout_add (1000, on_seat_read, self);
}

static void
on_sync_client_state (GwMainWindow *self)
{
  GwSyncState state = gw_sync_client_get_state (self->sync_client);

  if (state == GW_SYNC_STATE_SIGNED_OUT)
    {
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      set_state (self, GW_MAIN_WINDOW_LOADING);
      if (self->sign_in_user != NULL)
        {
          g_autofree char *user = g_steal_pointer (&self->sign_in_user);
          g_autofree char *password = g_steal_pointer (&self->sign_in_password);

          gw_sign_in_page_sign_in (self->sign_in_page, user, password);
        }
      return;
    }

  /* Back from the sign-in page, or still waiting for the county: say how far it got. */
  if (self->state != GW_MAIN_WINDOW_READY)
    {
      gtk_label_set_label (self->loading_label, gw_sync_state_to_label (state));
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sign-in") == 0)
        gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  if (state == GW_SYNC_STATE_ONLINE)
    {
      read_seat_figures (self);
      if (!self->console_started)
        _gw_main_window_start_console (self);
    }
}

static void
start_seat (GwMainWindow *self)
{
  self->sync_client = gw_sync_client_new (self->store, self->server_uri);
  g_signal_connect_swapped (self->sync_client, "notify::state",
                            G_CALLBACK (on_sync_client_state), self);
  g_signal_connect_swapped (self->sync_client, "ticket-changed",
                            G_CALLBACK (on_sync_client_changed), self);
  g_signal_connect_swapped (self->sync_client, "snapshot-page",
                            G_CALLBACK (on_sync_client_changed), self);

  gw_seat_status_set_client (self->seat_status, self->sync_client);
  gw_seat_bar_set_client (self->seat_bar, self->sync_client);
  gw_sign_in_page_set_client (self->sign_in_page, self->sync_client);
  _gw_main_window_drill_seat_started (self);

  gw_sync_client_start (self->sync_client);
}

static void
stop_seat (GwMainWindow *self)
{
  g_clear_handle_id (&self->seat_read_id, g_source_remove);
  if (self->sync_client == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->sync_client, self);
  gw_sync_client_stop (self->sync_client);
  gw_seat_status_set_client (self->seat_status, NULL);
  gw_seat_bar_set_client (self->seat_bar, NULL);
  gw_sign_in_page_set_client (self->sign_in_page, NULL);
  g_clear_object (&self->sync_client);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gw_main_window_reload (GW_MAIN_WINDOW (widget));
}

static void
copy_demo_command_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          gtk_label_get_label (self->demo_command_label));
}

static void
build_stage_cells (GwMainWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (open_stages); i++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *name = gtk_label_new (_(open_stages[i].name));

      gtk_widget_add_css_class (cell, "stage");
      gtk_widget_add_css_class (value, "stage-value");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (name, "stage-name");
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);

      gtk_box_append (GTK_BOX (cell), value);
      gtk_box_append (GTK_BOX (cell), name);
      gtk_box_append (self->stages_box, cell);
      self->stage_values[i] = GTK_LABEL (value);
    }
}

/* A wall screen or a maximized window at 1920×1080 gets larger type, not empty space. */
static void
on_surface_size_changed (GwMainWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  gboolean large = gdk_surface_get_width (surface) >= LARGE_MIN_WIDTH &&
                   gdk_surface_get_height (surface) >= LARGE_MIN_HEIGHT;

  if (large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large");
}

static void
restore_window_size (GwMainWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Settings schema %s is not installed: the window size is not kept", APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
gw_main_window_close_request (GtkWindow *window)
{
  GwMainWindow *self = GW_MAIN_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (gw_main_window_parent_class)->close_request (window);
}

static void
gw_main_window_realize (GtkWidget *widget)
{
  GdkSurface *surface;

  GTK_WIDGET_CLASS (gw_main_window_parent_class)->realize (widget);

  /* Surface size notifications arrive with the windowing system's events, outside the
   * frame's layout, where changing the style is safe. */
  surface = gtk_native_get_surface (GTK_NATIVE (widget));
  g_signal_connect_object (surface, "notify::width",
                           G_CALLBACK (on_surface_size_changed), widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (surface, "notify::height",
                           G_CALLBACK (on_surface_size_changed), widget, G_CONNECT_SWAPPED);
  on_surface_size_changed (GW_MAIN_WINDOW (widget));
}

static void
gw_main_window_unrealize (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_native_get_surface (GTK_NATIVE (widget)),
                                        on_surface_size_changed, widget);

  GTK_WIDGET_CLASS (gw_main_window_parent_class)->unrealize (widget);
}

static void
gw_main_window_constructed (GObject *object)
{
  GwMainWindow *self = GW_MAIN_WINDOW (object);
  g_autofree char *display = NULL;

  G_OBJECT_CLASS (gw_main_window_parent_class)->constructed (object);

  if (self->store != NULL && self->database_path == NULL)
    self->database_path = g_strdup (gw_store_get_path (self->store));
  g_return_if_fail (self->database_path != NULL);
  /* The time every light, deadline and "ago" runs on: a drill's clock, or the real one. */
  if (self->clock == NULL)
    self->clock = gw_clock_new_real ();

  display = self->server_uri != NULL ? g_strdup (self->server_uri)
                                      : gw_format_path (self->database_path);
  adw_view_switcher_title_set_subtitle (self->window_title, display);

  if (self->server_uri != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->seat_status), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->seat_bar), TRUE);
      gtk_widget_set_visible (self->demo_hint_label, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->demo_command_label), FALSE);
      gtk_widget_set_visible (self->copy_command_button, FALSE);
    }

  start_loading (self);
  /* A store given already open (a drill's copy): the console starts at once. */
  if (self->store != NULL)
    {
      gw_drill_watermark_set_store (gw_drill_watermark_get_for (GTK_WINDOW (self)), self->store);
      _gw_main_window_start_console (self);
    }
  _gw_main_window_drill_init (self);
}

static void
gw_main_window_dispose (GObject *object)
{
  GwMainWindow *self = GW_MAIN_WINDOW (object);

  g_clear_handle_id (&self->follow_id, g_source_remove);
  stop_seat (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->console_started)
    gw_console_pane_save_state (self->console_pane);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  _gw_main_window_console_dispose (self);
  _gw_main_window_wall_dispose (self);
  _gw_main_window_drill_dispose (self);
  g_clear_object (&self->clock);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_MAIN_WINDOW);

  G_OBJECT_CLASS (gw_main_window_parent_class)->dispose (object);
}

static void
gw_main_window_finalize (GObject *object)
{
  GwMainWindow *self = GW_MAIN_WINDOW (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->server_uri, g_free);
  g_clear_pointer (&self->drill_seat, g_free);
  g_clear_pointer (&self->officer_name, g_free);
  g_clear_pointer (&self->sign_in_user, g_free);
  g_clear_pointer (&self->sign_in_password, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->summary, gw_summary_free);

  G_OBJECT_CLASS (gw_main_window_parent_class)->finalize (object);
}

static void
gw_main_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwMainWindow *self = GW_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SERVER_URI:
      g_value_set_string (value, self->server_uri);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DRILL_LINK:
      g_value_set_object (value, self->drill_link);
      break;
    case PROP_DRILL_SEAT:
      g_value_set_string (value, self->drill_seat);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_main_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwMainWindow *self = GW_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    case PROP_SERVER_URI:
      self->server_uri = g_value_dup_string (value);
      break;
    case PROP_CLOCK:
      g_set_object (&self->clock, g_value_get_object (value));
      break;
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    case PROP_DRILL_LINK:
      g_set_object (&self->drill_link, g_value_get_object (value));
      break;
    case PROP_DRILL_SEAT:
      self->drill_seat = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_main_window_class_init (GwMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gw_main_window_constructed;
  object_class->dispose = gw_main_window_dispose;
  object_class->finalize = gw_main_window_finalize;
  object_class->get_property = gw_main_window_get_property;
  object_class->set_property = gw_main_window_set_property;

  widget_class->realize = gw_main_window_realize;
  widget_class->unrealize = gw_main_window_unrealize;

  window_class->close_request = gw_main_window_close_request;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GW_TYPE_MAIN_WINDOW_STATE, GW_MAIN_WINDOW_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URI] =
    g_param_spec_string ("server-uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The clock the console runs on (NULL: the real one). */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, GW_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A store already open, instead of opening database-path. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GW_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An offline drill run on the store, and the scenario's seat the console plays. */
  properties[PROP_DRILL_LINK] =
    g_param_spec_object ("drill-link", NULL, NULL, GW_TYPE_DRILL_LINK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRILL_SEAT] =
    g_param_spec_string ("drill-seat", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  _gw_main_window_console_class_init (widget_class);
  _gw_main_window_wall_class_init (widget_class);
  _gw_main_window_drill_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.copy-demo-command", NULL,
                                   copy_demo_command_action);

  g_type_ensure (GW_TYPE_ALARM_BANNER);
  g_type_ensure (GW_TYPE_CONSOLE_PANE);
  g_type_ensure (GW_TYPE_FIGURE_CARD);
  g_type_ensure (GW_TYPE_SEAT_BAR);
  g_type_ensure (GW_TYPE_SEAT_STATUS);
  g_type_ensure (GW_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwatch/Gridwatch/gw-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, console_pane);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, demo_command_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, demo_hint_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, copy_command_button);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, seat_status);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, seat_bar);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, alarm_banner);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, county_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, code_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, newest_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, newest_ago_label);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, open_card);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, emergency_card);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, overdue_card);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, today_card);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, total_card);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, stages_box);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, streets_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, communities_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, areas_row);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, areas_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, grids_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, microgrids_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, cameras_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, workers_row);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, workers_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, departments_value);
  gtk_widget_class_bind_template_child (widget_class, GwMainWindow, as_of_label);
}

static void
gw_main_window_init (GwMainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* In a drill, every window shows it (the store says, once it is open). */
  gw_drill_watermark_attach (GTK_WINDOW (self), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-demo-command", FALSE);
  _gw_main_window_console_init (self);
  _gw_main_window_wall_init (self);

  build_stage_cells (self);
  restore_window_size (self);
  self->follow_id = g_timeout_add_seconds (FOLLOW_SECONDS, on_follow, self);
}

GwMainWindow *
gw_main_window_new (GtkApplication *application,
                    const char     *database_path)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (GW_TYPE_MAIN_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

GwMainWindow *
gw_main_window_new_for_seat (GtkApplication *application,
                             const char     *seat_path,
                             const char     *server_uri)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (seat_path != NULL, NULL);
  g_return_val_if_fail (server_uri != NULL, NULL);

  return g_object_new (GW_TYPE_MAIN_WINDOW,
                       "application", application,
                       "database-path", seat_path,
                       "server-uri", server_uri,
                       NULL);
}

void
gw_main_window_set_sign_in (GwMainWindow *self,
                            const char   *username,
                            const char   *password)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));
  g_return_if_fail (username != NULL && password != NULL);

  g_free (self->sign_in_user);
  g_free (self->sign_in_password);
  self->sign_in_user = g_strdup (username);
  self->sign_in_password = g_strdup (password);
  /* Signed out already: now. */
  if (self->sync_client != NULL && gw_sync_client_get_state (self->sync_client) == GW_SYNC_STATE_SIGNED_OUT)
    on_sync_client_state (self);
}

const char *
gw_main_window_get_server_uri (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);

  return self->server_uri;
}

const char *
gw_main_window_get_database_path (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);

  return self->database_path;
}

GwMainWindowState
gw_main_window_get_state (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), GW_MAIN_WINDOW_LOADING);

  return self->state;
}

const char *
gw_main_window_get_error_message (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);

  return self->error_message;
}

const GwSummary *
gw_main_window_get_summary (GwMainWindow *self)
{
  g_return_val_if_fail (GW_IS_MAIN_WINDOW (self), NULL);

  return self->summary;
}

void
gw_main_window_reload (GwMainWindow *self)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  start_loading (self);
}
