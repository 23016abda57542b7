/* gw-pin-index.h: open tickets as map pins, clustered per zoom level, updated in place. */
#pragma once

#include <glib.h>

#include "gw-enums.h"
#include "gw-geo.h"
#include "gw-policy.h"

G_BEGIN_DECLS

/* Zoom levels with clusters: from the county (10) to the building (19). */
#define GW_PIN_MIN_ZOOM  6
#define GW_PIN_MAX_ZOOM  19
/* A cluster gathers the pins of one square cell of this many pixels at its zoom. */
#define GW_PIN_CELL_PX   64

/* An open ticket on the map. */
typedef struct {
  gint64        id;
  double        lon;      /* WGS84 degrees */
  double        lat;
  GwUrgency     urgency;
  GwStageTimer  timer;    /* its light at any instant (stage GW_STAGE_NONE: none) */
  gboolean      has_heading;
  double        heading;  /* where it looks (a camera), degrees clockwise from north */
} GwPin;

/* What a cell of a zoom level holds. x and y are the mean of its pins in world pixels at
 * that zoom (256-pixel Web Mercator tiles: gw_geo_lonlat_to_world()). */
typedef struct {
  double x;
  double y;
  guint  count;
  guint  by_light[GW_N_LIGHTS];
  guint  emergencies;
  double heading;   /* a lone pin's heading (degrees from north), or -1: none, or a crowd */
} GwPinCluster;

typedef void (*GwPinClusterFunc) (const GwPinCluster *cluster,
                                  gpointer            user_data);

typedef struct _GwPinIndex GwPinIndex;

GwPinIndex *gw_pin_index_new              (void);
void        gw_pin_index_free             (GwPinIndex   *self);
/* Adds the pin, or moves and recolours the one with its id. */
void        gw_pin_index_set              (GwPinIndex   *self,
                                           const GwPin  *pin,
                                           gint64        now);
gboolean    gw_pin_index_remove           (GwPinIndex   *self,
                                           gint64        id);
void        gw_pin_index_clear            (GwPinIndex   *self);
guint       gw_pin_index_get_n_pins       (GwPinIndex   *self);
gboolean    gw_pin_index_contains         (GwPinIndex   *self,
                                           gint64        id);
/* The pin's light as last computed (GW_LIGHT_NONE for an unknown id). */
GwLight     gw_pin_index_get_light        (GwPinIndex   *self,
                                           gint64        id);
/* Where the pin is, in world pixels at zoom 0; FALSE for an unknown id. */
gboolean    gw_pin_index_get_point        (GwPinIndex   *self,
                                           gint64        id,
                                           double       *x,
                                           double       *y);
/* Recomputes the lights that changed by `now`; returns how many did. */
guint       gw_pin_index_tick             (GwPinIndex   *self,
                                           gint64        now);
/* The next instant a light changes, 0 for never. */
gint64      gw_pin_index_get_next_change  (GwPinIndex   *self);
/* Calls func for each cluster of the zoom level (clamped to MIN..MAX) whose cell meets the
 * box [x0, x1) × [y0, y1) in world pixels at that zoom. */
void        gw_pin_index_foreach_cluster  (GwPinIndex   *self,
                                           int           zoom,
                                           double        x0,
                                           double        y0,
                                           double        x1,
                                           double        y1,
                                           GwPinClusterFunc func,
                                           gpointer      user_data);
/* The pin nearest to (x, y) world pixels at `zoom`, within radius pixels: its id, or 0. */
gint64      gw_pin_index_find             (GwPinIndex   *self,
                                           int           zoom,
                                           double        x,
                                           double        y,
                                           double        radius);
/* The datum of the map the pins are drawn on (default WGS84, the pins' own): every point
 * (pins keep their WGS84 lon/lat) is placed again in it, and the clusters rebuilt — a few
 * tens of milliseconds for 100,000 pins. Positions, clusters and find() are in it after. */
void        gw_pin_index_set_datum        (GwPinIndex   *self,
                                           GwDatum       datum);
GwDatum     gw_pin_index_get_datum        (GwPinIndex   *self);
/* A monotonic count of changes, for layers that cache what they drew. */
guint64     gw_pin_index_get_generation   (GwPinIndex   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPinIndex, gw_pin_index_free)

G_END_DECLS
