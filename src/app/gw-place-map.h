/* gw-place-map.h: a small map of a place, drawn from our own boundaries (no tiles). */
#pragma once

#include <gtk/gtk.h>

#include "gw-db-related.h"
#include "gw-division.h"

G_BEGIN_DECLS

#define GW_TYPE_PLACE_MAP (gw_place_map_get_type ())
G_DECLARE_FINAL_TYPE (GwPlaceMap, gw_place_map, GW, PLACE_MAP, GtkWidget)

GtkWidget *gw_place_map_new           (void);
/* The division the map centres on (filled), the divisions around it (outlined faintly;
 * element type GwDivision) and one inside it (dashed: a micro-grid); each may be NULL. */
void       gw_place_map_set_area      (GwPlaceMap *self,
                                       GwDivision *area,
                                       GPtrArray  *around,
                                       GwDivision *inner);
/* Cameras drawn as small squares (element type GwNearbyCamera), or NULL. */
void       gw_place_map_set_cameras   (GwPlaceMap *self,
                                       GPtrArray  *cameras);
void       gw_place_map_set_point     (GwPlaceMap *self,
                                       double      lon,
                                       double      lat);
void       gw_place_map_clear_point   (GwPlaceMap *self);
gboolean   gw_place_map_get_point     (GwPlaceMap *self,
                                       double     *lon,
                                       double     *lat);
/* When pickable, a click puts the point where it lands and emits "point-picked". */
void       gw_place_map_set_pickable  (GwPlaceMap *self,
                                       gboolean    pickable);
/* What a click at widget coordinates (x, y) does when pickable: the point goes there and
 * "point-picked" says where. FALSE when not pickable or without a view yet. */
gboolean   gw_place_map_pick          (GwPlaceMap *self,
                                       double      x,
                                       double      y);
gboolean   gw_place_map_has_area      (GwPlaceMap *self);
/* What the map says while it has nothing to show (NULL: nothing). */
void       gw_place_map_set_hint      (GwPlaceMap *self,
                                       const char *hint);
/* The point under widget coordinates (x, y) in the current view; FALSE before the map has
 * a view (no area, no point, or no size yet). */
gboolean   gw_place_map_to_lon_lat    (GwPlaceMap *self,
                                       double      x,
                                       double      y,
                                       double     *lon,
                                       double     *lat);
/* Where (lon, lat) falls in the widget; FALSE without a view. */
gboolean   gw_place_map_to_widget     (GwPlaceMap *self,
                                       double      lon,
                                       double      lat,
                                       double     *x,
                                       double     *y);

G_END_DECLS
