/* gw-db-cameras.h: the camera directory's reads — every camera with its place, and the
 * cameras near a point or in a division.
 *
 * A GwCameraEntry is what a list of cameras shows and sorts by: the camera's own columns
 * (no stream addresses) with the names and codes of its grid, community and street. The
 * whole county (23,000 cameras) is one pass over the cameras and one over the divisions'
 * names, chains resolved in memory. The _async forms run on the store's reader threads.
 */
#pragma once

#include "gw-db.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64      id;              /* row id */
  char       *gb_id;           /* 20-digit GB/T 28181 device id */
  char       *name;
  double      lon;
  double      lat;
  double      heading;         /* view direction in degrees from north, -1 when unknown */
  gboolean    ptz;             /* pan-tilt-zoom capable */
  gboolean    has_main;        /* a main stream address is stored */
  gboolean    has_sub;         /* a sub-stream address is stored */
  /* Shared with the other entries of the same read: read only. NULL where the camera's
   * division chain has no such level. */
  const char *division_code;   /* the finest division it stands in */
  const char *grid_code;
  const char *grid_name;
  const char *community_code;
  const char *community_name;
  const char *street_code;
  const char *street_name;
  double      distance_m;      /* from the point asked about (nearest reads), else 0 */
} GwCameraEntry;

GType          gw_camera_entry_get_type (void) G_GNUC_CONST;
#define GW_TYPE_CAMERA_ENTRY (gw_camera_entry_get_type ())

GwCameraEntry *gw_camera_entry_ref      (GwCameraEntry *self);
void           gw_camera_entry_unref    (GwCameraEntry *self);

/* Every camera (element type GwCameraEntry), ordered by place (its grid's code, else its
 * community's or street's), then by name, then by id: the order of the division tree. */
GPtrArray *gw_db_list_camera_entries             (GwDb        *self,
                                                  GError     **error);

/* The n cameras nearest to (lon, lat), nearest first (equal distances by row id), with
 * distance_m set: gw_db_list_nearest_cameras()'s answer (R*Tree boxes that grow until the
 * n nearest are certain) as entries. */
GPtrArray *gw_db_list_nearest_camera_entries     (GwDb        *self,
                                                  double       lon,
                                                  double       lat,
                                                  guint        n,
                                                  GError     **error);

/* The cameras standing in the division `code` or any division under it (a grid: its own
 * and its micro-grids'), in the order of gw_db_list_camera_entries(). An unknown code is
 * GW_STORE_ERROR_NOT_FOUND. */
GPtrArray *gw_db_list_camera_entries_in_division (GwDb        *self,
                                                  const char  *code,
                                                  GError     **error);

/* The same on one of the store's reader threads. Each _finish returns the array (element
 * type GwCameraEntry), or NULL with error set. */
void       gw_store_list_camera_entries_async             (GwStore             *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray *gw_store_list_camera_entries_finish            (GwStore             *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

void       gw_store_list_nearest_camera_entries_async     (GwStore             *self,
                                                           double               lon,
                                                           double               lat,
                                                           guint                n,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray *gw_store_list_nearest_camera_entries_finish    (GwStore             *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

void       gw_store_list_camera_entries_in_division_async (GwStore             *self,
                                                           const char          *code,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray *gw_store_list_camera_entries_in_division_finish (GwStore            *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCameraEntry, gw_camera_entry_unref)

G_END_DECLS
