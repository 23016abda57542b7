/* gw-main-window.h: the console, Gridwatch's main window: the county's figures at a glance. */
#pragma once

#include <adwaita.h>

#include "gw-clock.h"
#include "gw-drill-link.h"
#include "gw-store.h"
#include "gw-summary.h"

G_BEGIN_DECLS

typedef enum {
  GW_MAIN_WINDOW_LOADING,   /* opening the database or reading the figures */
  GW_MAIN_WINDOW_READY,     /* the figures are shown */
  GW_MAIN_WINDOW_FAILED,    /* a status page says why there are no figures */
} GwMainWindowState;

#define GW_TYPE_MAIN_WINDOW_STATE (gw_main_window_state_get_type ())
GType gw_main_window_state_get_type (void) G_GNUC_CONST;

#define GW_TYPE_MAIN_WINDOW (gw_main_window_get_type ())
G_DECLARE_FINAL_TYPE (GwMainWindow, gw_main_window, GW, MAIN_WINDOW, AdwApplicationWindow)

/* Opens the database at database_path and shows its figures. */
GwMainWindow      *gw_main_window_new               (GtkApplication *application,
                                                     const char     *database_path);

/* An offline drill: the console on the drill's copy (`store`, open already), on the
 * drill's clock, as the scenario's seat `seat_id` (NULL: the district center). */
GwMainWindow      *gw_main_window_new_for_drill     (GtkApplication *application,
                                                     GwStore        *store,
                                                     GwDrillLink    *link,
                                                     const char     *seat_id);

/* A seat: opens (creating it if need be) the seat's database at seat_path and keeps it in
 * step with the server at server_uri; signs in first when the seat is signed out. */
GwMainWindow      *gw_main_window_new_for_seat      (GtkApplication *application,
                                                     const char     *seat_path,
                                                     const char     *server_uri);

/* A seat signs in as username by itself when it finds itself signed out, once (the sign-in
 * page shows a refusal and stays for the officer). */
void               gw_main_window_set_sign_in       (GwMainWindow   *self,
                                                     const char     *username,
                                                     const char     *password);

const char        *gw_main_window_get_database_path (GwMainWindow   *self);
/* The server of a seat, else NULL. */
const char        *gw_main_window_get_server_uri    (GwMainWindow   *self);
GwMainWindowState  gw_main_window_get_state         (GwMainWindow   *self);
/* What the status page says when the state is FAILED, else NULL. */
const char        *gw_main_window_get_error_message (GwMainWindow   *self);
/* The figures shown when the state is READY, else NULL. */
const GwSummary   *gw_main_window_get_summary       (GwMainWindow   *self);

/* The clock every light, deadline and "ago" of the console and its windows runs on: the
 * drill's in a drill, else the real one. */
GwClock           *gw_main_window_get_clock         (GwMainWindow   *self);
/* The store once open, else NULL. */
GwStore           *gw_main_window_get_store         (GwMainWindow   *self);
/* The drill the console is in (an offline drill's, or the server's on a seat), or NULL. */
GwDrillLink       *gw_main_window_get_drill_link    (GwMainWindow   *self);
/* Opens (or brings up) the drill controller; FALSE when the console is in no drill. */
gboolean           gw_main_window_show_drill_controller (GwMainWindow *self);

/* Reads the figures again (action win.refresh), opening the database first if needed. */
void               gw_main_window_reload            (GwMainWindow   *self);
/* Opens the grid map as soon as the console has its county (--window=map). */
void               gw_main_window_open_map_when_ready (GwMainWindow *self);

/* The ticket.* action group once an officer is on duty, else NULL (tests drive it). */
GObject           *gw_main_window_get_ticket_actions (GwMainWindow *self);

/* Attaches a frame a wall saved (a PNG at path) to the ticket as evidence: through the
 * server on a seat, into the county file otherwise; the walls showing the ticket say how it
 * went. */
void gw_main_window_attach_evidence      (GwMainWindow *self,
                                          gint64        ticket_id,
                                          const char   *path);
/* Opens the dashboard once the console is ready (--window=dashboard). */
void gw_main_window_open_dashboard_when_ready (GwMainWindow *self);
/* Opens the class cases once the console is ready (--window=class-cases). */
void gw_main_window_open_class_cases_when_ready (GwMainWindow *self);
/* Opens the video walls once the console is ready (--window=wall). */
void gw_main_window_open_wall_when_ready (GwMainWindow *self);
/* Sends cameras (store row ids; one goes to the focused tile, more fill a preset) to the
 * first wall, opening it when none is. */
void gw_main_window_send_to_wall         (GwMainWindow *self,
                                          const gint64 *ids,
                                          guint         n);

G_END_DECLS
