/* gw-main-window-private.h: what the main window's files share. */
#pragma once

#include "gw-wall-book.h"
#include "gw-wall-window.h"

#include <adwaita.h>

#include "gw-action-runner.h"
#include "gw-alarm-banner.h"
#include "gw-alarm-center.h"
#include "gw-console-pane.h"
#include "gw-figure-card.h"
#include "gw-main-window.h"
#include "gw-officer.h"
#include "gw-seat-bar.h"
#include "gw-seat-status.h"
#include "gw-sign-in-page.h"
#include "gw-store.h"
#include "gw-sync-client.h"
#include "gw-ticket-actions.h"

G_BEGIN_DECLS

/* The stages a ticket still needs work in, shown on the county page. */
#define GW_MAIN_WINDOW_N_STAGES 8

struct _GwMainWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  AdwToastOverlay      *toast_overlay;
  GwConsolePane        *console_pane;
  GtkStack             *stack;
  GtkLabel             *loading_label;
  AdwStatusPage        *status_page;
  GtkLabel             *demo_command_label;
  GtkWidget            *demo_hint_label;
  GtkWidget            *copy_command_button;
  GwSeatStatus         *seat_status;
  GwSeatBar            *seat_bar;
  GwAlarmBanner        *alarm_banner;
  GwSignInPage         *sign_in_page;
  GtkLabel             *county_label;
  GtkLabel             *code_label;
  GtkLabel             *newest_label;
  GtkLabel             *newest_ago_label;
  GwFigureCard         *open_card;
  GwFigureCard         *emergency_card;
  GwFigureCard         *overdue_card;
  GwFigureCard         *today_card;
  GwFigureCard         *total_card;
  GtkBox               *stages_box;
  GtkLabel             *streets_value;
  GtkLabel             *communities_value;
  AdwActionRow         *areas_row;
  GtkLabel             *areas_value;
  GtkLabel             *grids_value;
  GtkLabel             *microgrids_value;
  GtkLabel             *cameras_value;
  AdwActionRow         *workers_row;
  GtkLabel             *workers_value;
  GtkLabel             *departments_value;
  GtkLabel             *as_of_label;

  GtkLabel             *stage_values[GW_MAIN_WINDOW_N_STAGES];

  GSettings            *settings;      /* NULL when the schema is not installed */
  GCancellable         *cancellable;   /* of the load under way; cancelled on close */
  GwStore              *store;         /* NULL until a database is open */
  char                 *database_path;
  GwMainWindowState     state;
  guint                 follow_id;     /* re-reads the figures while the window is up */
  char                 *error_message;
  GwSummary            *summary;

  GwClock              *clock;
  gboolean              console_started;
  GwAlarmCenter        *alarm_center;
  GwActionRunner       *runner;
  GwTicketActions      *ticket_actions;
  char                 *officer_name;
  GwOfficer            *officer;       /* who is on duty, once the console has started */
  GtkWindow            *map_window;    /* the grid map, while open (a weak pointer) */
  GtkWindow            *dashboard_window;  /* the dashboard, while open (a weak pointer) */
  gboolean              open_dashboard;    /* open it when ready */
  GtkWindow            *class_case_window;  /* the class cases, while open (a weak pointer) */
  gboolean              open_class_cases;  /* open them when ready */
  gboolean              open_map;      /* open it when ready */
  GwWallBook           *wall_book;     /* what the video walls remember, once asked for */
  gboolean              wall_book_ready;
  GPtrArray            *wall_waiting;  /* WallCall: what waits for the book to load */
  gboolean              open_wall;     /* open it when ready */
  gboolean              notice_pending;  /* the detail says "pending" */

  /* drills */
  GwDrillLink          *drill_link;    /* the drill the console is in, or NULL */
  char                 *drill_seat;    /* an offline drill's seat the console plays, or NULL */
  GtkWindow            *drill_controller;  /* while open (a weak pointer) */

  /* seat mode */
  char                 *server_uri;    /* NULL: a county database opened directly */
  GwSyncClient         *sync_client;   /* once the seat's database is open */
  guint                 seat_read_id;  /* a read of the figures after tickets changed */
  char                 *sign_in_user;  /* signs in by itself as this user once, or NULL */
  char                 *sign_in_password;
};

/* One step of a load: keeps the window alive and remembers which load it belongs to. */
typedef struct {
  GwMainWindow *self;
  GCancellable *cancellable;
  GwStore      *store;
} LoadStep;

LoadStep *_gw_load_step_new                  (GwMainWindow  *self);
void      _gw_load_step_free                 (LoadStep      *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadStep, _gw_load_step_free)

void      _gw_main_window_show_failure       (GwMainWindow  *self,
                                              const char    *title,
                                              const char    *message);
gboolean  _gw_main_window_seat_signed_out    (GwMainWindow  *self);

/* gw-main-window-wall.c: the video wall windows over the console's store. */
void _gw_main_window_wall_class_init (GtkWidgetClass *widget_class);
void _gw_main_window_wall_init       (GwMainWindow   *self);
void _gw_main_window_wall_dispose    (GwMainWindow   *self);

/* gw-main-window-drill.c: the drill the console is in — its clock, its controller, and on
 * a seat the server's drill. */
void _gw_main_window_drill_class_init (GtkWidgetClass *widget_class);
void _gw_main_window_drill_init       (GwMainWindow   *self);
void _gw_main_window_drill_dispose    (GwMainWindow   *self);
/* The seat's sync client was made: follow its clock and its drill. */
void _gw_main_window_drill_seat_started (GwMainWindow *self);
/* The cameras near a ticket were put on `wall`: in a drill, the drill hears of it. */
void _gw_main_window_drill_wall_shown (GwMainWindow *self,
                                       GwWallWindow *wall,
                                       gint64        ticket_id);
/* Reads the officer on duty: the drill's seat in an offline drill, else as gw-officer.h. */
void _gw_main_window_read_officer     (GwMainWindow   *self,
                                       GAsyncReadyCallback callback,
                                       gpointer        user_data);

/* gw-main-window-console.c: the queue, the officer's actions, alarms and handover. */
void      _gw_main_window_console_class_init (GtkWidgetClass *widget_class);
void      _gw_main_window_console_init       (GwMainWindow  *self);
void      _gw_main_window_console_dispose    (GwMainWindow  *self);
void      _gw_main_window_start_console      (GwMainWindow  *self);

G_END_DECLS
