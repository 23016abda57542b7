/* gw-map-window-private.h: what the map window's files share (gw-map-window.c, the window
 * and its layers; gw-map-window-bases.c, the base maps and the datum they set;
 * gw-map-window-tickets.c, tickets picked out). */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "gw-division-source.h"
#include "gw-geo.h"
#include "gw-map-pins.h"
#include "gw-map-window.h"
#include "gw-outline-layer.h"
#include "gw-pin-index.h"
#include "gw-pin-layer.h"
#include "gw-pulse-layer.h"

G_BEGIN_DECLS

struct _GwMapWindow
{
  AdwWindow         parent_instance;

  GwStore          *store;
  GwClock          *clock;
  GCancellable     *cancellable;

  ShumateMap       *map;
  ShumateViewport  *viewport;
  GwDivisionSource *base;
  ShumateMapLayer  *base_layer;
  GwDivisionSource *lines;           /* the boundaries as lines, over imagery */
  ShumateMapLayer  *lines_layer;
  GPtrArray        *bases;           /* Base: MBTiles packages and tile servers, bottom first */
  GwDatum           datum;           /* the top base's: our overlays are drawn in it */
  ShumateLicense   *license;         /* the bases' attributions, on the map */
  GtkListBox       *base_list;
  GtkWidget        *boundaries_switch;
  GSettings        *settings;        /* NULL when the schema is not installed */
  GwPinLayer       *pin_layer;
  GwPinLayer       *camera_layer;
  GwPinLayer       *worker_layer;
  GwPinIndex       *workers;         /* grid workers at their last known places */
  GwPinLayer       *heat_layer;
  GwPinIndex       *heat;            /* reports of the last HEAT_DAYS days */
  gboolean          heat_asked;
  guint             heat_generation;
  guint             period_days;     /* the heat's and the reported shadings' window */
  AdwComboRow      *period_row;
  GwDivisionSource *shaded;          /* the choropleth's source and layer, or NULL */
  ShumateMapLayer  *shaded_layer;
  AdwComboRow      *shading_row;
  guint             shading_generation;
  gboolean          cameras_asked;
  gboolean          workers_asked;
  GwPinIndex       *cameras;         /* every camera with a position, clustered like the pins */
  GwOutlineLayer   *outline_layer;
  GwPulseLayer     *pulse_layer;
  GListModel       *alarms;           /* the console's open alarms, or NULL */
  GtkToggleButton  *follow_button;
  GwMapPins        *pins;
  GtkLabel         *place_label;      /* the selected grid: street › community › grid */
  GtkSearchEntry   *search;
  guint             search_generation;
  guint             select_generation;
  GtkLabel         *pointer_label;
  GtkLabel         *status_label;
  GtkWidget        *panel;
  GtkPopover       *popover;
  GtkLabel         *popover_title;
  GtkLabel         *popover_body;
  gint64            popover_ticket;
  gboolean          centred;
  GwPinIndex       *shown;            /* tickets picked out (gw-map-window-tickets.c), or NULL */
  GwPinLayer       *shown_layer;
  guint             shown_generation;
};

/* gw-map-window-bases.c */
void _gw_map_window_bases_init       (GwMapWindow *self,
                                      GtkBox      *panel);
void _gw_map_window_bases_dispose    (GwMapWindow *self);
void _gw_map_window_update_bases     (GwMapWindow *self);
void _gw_map_window_load_saved_bases (GwMapWindow *self);

/* gw-map-window-tickets.c: the picked-out tickets follow the map's datum; freed. */
void _gw_map_window_tickets_set_datum (GwMapWindow *self);
void _gw_map_window_tickets_dispose   (GwMapWindow *self);

/* gw-map-window.c: the grid shading read again (a new datum needs new tiles). */
void _gw_map_window_reshade          (GwMapWindow *self);

G_END_DECLS
