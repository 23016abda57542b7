/* gw-db-related.h: what lies around a ticket — earlier reports of the same kind in the same
 * grid, the cameras nearest to it, and the divisions next to its own.
 *
 * Each is one indexed query (tickets by grid and time, the cameras' and the divisions'
 * R*Trees), cheap enough to run every time a duty officer selects a ticket.
 */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

/* How far back related tickets are looked for. */
#define GW_RELATED_DAYS 30

/* The tickets reported in the same grid, with the same category, in the GW_RELATED_DAYS days
 * up to and including the ticket's reported_at (the ticket itself left out), newest first,
 * at most limit (0: all; element type: GwTicket). A ticket in no grid has none. An unknown ticket
 * is GW_STORE_ERROR_NOT_FOUND. */
GPtrArray *gw_db_list_related_tickets     (GwDb        *self,
                                           gint64       ticket_id,
                                           guint        limit,
                                           GError     **error);

/* A camera and how far it stands from a point. */
typedef struct {
  gint64    id;          /* the camera's row id */
  GwCamera *camera;
  double    distance_m;  /* great-circle distance (gw_distance_m) */
} GwNearbyCamera;

void       gw_nearby_camera_free          (GwNearbyCamera *self);

/* The n cameras nearest to (lon, lat), nearest first (equal distances by row id; element
 * type: GwNearbyCamera). Searched in boxes of the camera R*Tree that grow until the n
 * nearest are certain, so the cost follows the cameras near the point, not the county's. */
GPtrArray *gw_db_list_nearest_cameras     (GwDb        *self,
                                           double       lon,
                                           double       lat,
                                           guint        n,
                                           GError     **error);

/* The divisions of the same level as `code` whose boundary boxes come within margin_m
 * metres of its own box, itself left out, ordered by code (element type: GwDivision, with
 * their polygons). A division without a boundary has no neighbours; an unknown code is
 * GW_STORE_ERROR_NOT_FOUND. */
GPtrArray *gw_db_list_neighbour_divisions (GwDb        *self,
                                           const char  *code,
                                           double       margin_m,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwNearbyCamera, gw_nearby_camera_free)

G_END_DECLS
