/* gw-camera-directory.h: the video wall's sidebar of cameras.
 *
 * A search entry, a switch between "By division" (street → community → grid → cameras,
 * each with its count) and "By group" (the wall's saved groups and the built-in "PTZ
 * cameras"), and, while there is text to search for, a flat list of the cameras whose name,
 * 20-digit code (or its start) or place (street, community or grid name) matches every
 * word. Everything comes from one read of the store on a reader thread (the widget shows
 * it is loading, or why it could not). Rows are drag sources (the camera's row id as a
 * gint64 value, its 20-digit code as text); Enter or a double click on a camera emits
 * camera-activated. Ctrl+F goes to the search entry; Down goes from it to the list.
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-db-cameras.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* What the directory shows when there is nothing to search for (property "view", action
 * directory.view with the nicks "division" and "group"). */
typedef enum {
  GW_CAMERA_DIRECTORY_VIEW_DIVISION,
  GW_CAMERA_DIRECTORY_VIEW_GROUP,
} GwCameraDirectoryView;

GType gw_camera_directory_view_get_type (void) G_GNUC_CONST;
#define GW_TYPE_CAMERA_DIRECTORY_VIEW (gw_camera_directory_view_get_type ())

/* A named group of cameras (by row id), as the wall saves them. */
typedef struct {
  char   *name;
  GArray *camera_ids;   /* gint64 */
} GwCameraDirectoryGroup;

GwCameraDirectoryGroup *gw_camera_directory_group_new  (const char             *name,
                                                        const gint64           *camera_ids,
                                                        guint                   n_camera_ids);
void                    gw_camera_directory_group_free (GwCameraDirectoryGroup *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCameraDirectoryGroup, gw_camera_directory_group_free)

/* A row of the directory: a street, community, grid or group with the number of cameras
 * under it, or a camera. */
typedef enum {
  GW_CAMERA_DIRECTORY_ITEM_STREET,
  GW_CAMERA_DIRECTORY_ITEM_COMMUNITY,
  GW_CAMERA_DIRECTORY_ITEM_GRID,
  GW_CAMERA_DIRECTORY_ITEM_GROUP,
  GW_CAMERA_DIRECTORY_ITEM_CAMERA,
} GwCameraDirectoryItemKind;

#define GW_TYPE_CAMERA_DIRECTORY_ITEM (gw_camera_directory_item_get_type ())
G_DECLARE_FINAL_TYPE (GwCameraDirectoryItem, gw_camera_directory_item, GW, CAMERA_DIRECTORY_ITEM, GObject)

GwCameraDirectoryItemKind gw_camera_directory_item_get_kind      (GwCameraDirectoryItem *self);
/* The division's, group's or camera's name. */
const char               *gw_camera_directory_item_get_name      (GwCameraDirectoryItem *self);
/* The cameras under it (1 for a camera). */
guint                     gw_camera_directory_item_get_n_cameras (GwCameraDirectoryItem *self);
/* The camera of a camera row, else NULL. */
GwCameraEntry            *gw_camera_directory_item_get_camera    (GwCameraDirectoryItem *self);

#define GW_TYPE_CAMERA_DIRECTORY (gw_camera_directory_get_type ())
G_DECLARE_FINAL_TYPE (GwCameraDirectory, gw_camera_directory, GW, CAMERA_DIRECTORY, GtkWidget)

/* Starts reading the store's cameras at once. */
GtkWidget             *gw_camera_directory_new             (GwStore                *store);

/* Reads the cameras again (after an error, or when they changed); what was expanded and
 * selected is forgotten. */
void                   gw_camera_directory_reload          (GwCameraDirectory      *self);
gboolean               gw_camera_directory_is_loaded       (GwCameraDirectory      *self);
/* The cameras read (0 until loaded). */
guint                  gw_camera_directory_get_n_cameras   (GwCameraDirectory      *self);
/* A camera by row id, or NULL (not loaded, or no such camera). */
GwCameraEntry         *gw_camera_directory_lookup          (GwCameraDirectory      *self,
                                                            gint64                  camera_id);

GwCameraDirectoryView  gw_camera_directory_get_view        (GwCameraDirectory      *self);
void                   gw_camera_directory_set_view        (GwCameraDirectory      *self,
                                                            GwCameraDirectoryView   view);

/* The wall's groups (element type GwCameraDirectoryGroup; copied, NULL for none). Ids of
 * cameras that are not in the store are left out of a group's rows and count. */
void                   gw_camera_directory_set_groups      (GwCameraDirectory      *self,
                                                            GPtrArray              *groups);

/* The search text (as if typed; "" or NULL clears it). The results are ready on return. */
void                   gw_camera_directory_set_search      (GwCameraDirectory      *self,
                                                            const char             *text);
const char            *gw_camera_directory_get_search      (GwCameraDirectory      *self);

/* Shows a camera: clears the search, switches to "By division", expands its street,
 * community and grid, selects it and scrolls to it. Before the cameras are loaded it is
 * remembered and done once they are. FALSE when no loaded camera has this id. */
gboolean               gw_camera_directory_select_camera   (GwCameraDirectory      *self,
                                                            gint64                  camera_id);
/* The camera selected in the list on show, or 0. */
gint64                 gw_camera_directory_get_selected_camera (GwCameraDirectory  *self);

/* The models behind the lists, for the wall and for tests: the division or group tree
 * (items: GtkTreeListRow of GwCameraDirectoryItem; NULL until loaded) and the search
 * results (items: GwCameraDirectoryItem, cameras). */
GListModel            *gw_camera_directory_get_tree        (GwCameraDirectory      *self,
                                                            GwCameraDirectoryView   view);
GListModel            *gw_camera_directory_get_results     (GwCameraDirectory      *self);

/* What a camera row carries when dragged: the row id as a G_TYPE_INT64 value and the
 * 20-digit code as text. Tiles that drag a camera elsewhere offer the same. */
GdkContentProvider    *gw_camera_directory_content_new     (gint64                  camera_id,
                                                            const char             *gb_id);

G_END_DECLS
