/* gw-map-window.h: the grid holographic map, a window of its own for the big screen. */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "gw-geo.h"

#include "gw-clock.h"
#include "gw-division.h"
#include "gw-map-pins.h"
#include "gw-pin-layer.h"
#include "gw-pulse-layer.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_MAP_WINDOW (gw_map_window_get_type ())
G_DECLARE_FINAL_TYPE (GwMapWindow, gw_map_window, GW, MAP_WINDOW, AdwWindow)

/* A map of the county in `store`; "open-ticket" (gint64 id) asks the console to show a
 * ticket. */
GwMapWindow     *gw_map_window_new            (GtkApplication *application,
                                               GwStore        *store,
                                               GwClock        *clock);
ShumateMap      *gw_map_window_get_map        (GwMapWindow    *self);
GwPinLayer      *gw_map_window_get_pin_layer  (GwMapWindow    *self);
GwMapPins       *gw_map_window_get_pins       (GwMapWindow    *self);
/* Shows or hides a layer by its name ("boundaries", "pins"); FALSE for an unknown one. */
gboolean         gw_map_window_set_layer_visible (GwMapWindow *self,
                                                  const char  *name,
                                                  gboolean     visible);
/* What a click at map coordinates (x, y) does where there is no pin: the grid there is
 * selected ("division-selected" once it is known). */
void             gw_map_window_select_at      (GwMapWindow    *self,
                                               double          x,
                                               double          y);
/* What Enter in the search box does: "lon, lat" goes there; otherwise a ticket by its
 * number (or its start), else a division by its code or a part of its name (selected
 * when a grid). */
void             gw_map_window_search         (GwMapWindow    *self,
                                               const char     *text);
/* The console's open alarms (element type GwAlarm): each unacknowledged emergency pulses
 * on the map, and the map flies to a new one while "Follow" is on. */
void             gw_map_window_set_alarms     (GwMapWindow    *self,
                                               GListModel     *alarms);
GwPulseLayer    *gw_map_window_get_pulse_layer (GwMapWindow   *self);
/* Adds an MBTiles package as a base map (over the others, under the boundaries' lines;
 * remembered), opened on a worker; finish says FALSE with the reason when it cannot be
 * read (which is also said under the map). */
void             gw_map_window_add_base_file_async  (GwMapWindow         *self,
                                                     const char          *path,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         gw_map_window_add_base_file_finish (GwMapWindow         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean         gw_map_window_remove_base_file (GwMapWindow  *self,
                                                 const char   *path);
/* Adds a tile server as a base map (over the others, under the boundaries' lines;
 * remembered): see gw-xyz-source.h for the template. Its tiles are kept in cache_dir (NULL:
 * under the user's cache). FALSE with the reason when the template is not usable. */
gboolean         gw_map_window_add_online_base (GwMapWindow *self,
                                                const char  *name,
                                                const char  *url_template,
                                                GwDatum      datum,
                                                const char  *attribution,
                                                guint        max_zoom,
                                                GFile       *cache_dir,
                                                GError     **error);
/* Why a tile server's last tile could not be drawn from it (also on its row), or NULL. */
const char      *gw_map_window_get_base_problem (GwMapWindow *self,
                                                 const char  *key);
/* Removes a base map by its package's path or its server's template. */
gboolean         gw_map_window_remove_base     (GwMapWindow *self,
                                                const char  *key);
/* The datum the map is drawn in: that of the top base map switched on (WGS84 with none).
 * Every overlay is shifted to it. */
GwDatum          gw_map_window_get_datum       (GwMapWindow *self);
/* Shades the grids (0 none, 1 open tickets, 2 red and overdue, 3 open tickets per 1,000
 * residents, 4 tickets reported in the period, 5 the same per 1,000 residents), the
 * figures read anew from the store; gw_map_window_get_shaded() says
 * when the shading is on the map. */
void             gw_map_window_set_shading    (GwMapWindow    *self,
                                               guint           shade);
gboolean         gw_map_window_get_shaded     (GwMapWindow    *self);
/* The window the heat and the shadings 4 and 5 (tickets reported, and reported per 1,000
 * residents) look back over: 1, 7, 30 (the default), 90 or 365 days. */
void             gw_map_window_set_period     (GwMapWindow    *self,
                                               guint           days);
/* The reports on the heat layer (0 until it is first shown). */
guint            gw_map_window_get_heat_count (GwMapWindow    *self);
/* The selected grid, or NULL. */
GwDivision      *gw_map_window_get_selected   (GwMapWindow    *self);
/* Picks out tickets (a class case's members, open or closed): read from the store, each is
 * ringed on a layer over the pins (a cluster of them with its count), and the view goes to
 * where they are. Replaces what was picked out before; n 0 picks out none. */
void             gw_map_window_show_tickets   (GwMapWindow    *self,
                                               const gint64   *ids,
                                               guint           n);
/* How many tickets are picked out (once they are read). */
guint            gw_map_window_get_n_shown_tickets (GwMapWindow *self);
/* TRUE once the base's first tiles and the pins are drawn. */
gboolean         gw_map_window_is_ready       (GwMapWindow    *self);
/* The line under the map: what the layers show, or the last problem (a package or a tile
 * server that failed). */
const char      *gw_map_window_get_status     (GwMapWindow    *self);

G_END_DECLS
