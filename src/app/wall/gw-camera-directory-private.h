/* gw-camera-directory-private.h: what the camera directory's widget and its models
 * (gw-camera-directory-model.c) share. */
#pragma once

#include "gw-camera-directory.h"

G_BEGIN_DECLS

/* Every camera read, with its search text and its one list item; shared (refcounted) by
 * the models. Made on a reader thread; items only ever on the main thread. */
typedef struct {
  GPtrArray   *entries;   /* GwCameraEntry, in gw_db_list_camera_entries() order */
  char       **keys;      /* per entry: "name\ngrid\ncommunity\nstreet", folded */
  GHashTable  *by_id;     /* &entry->id -> GUINT_TO_POINTER (position + 1) */
  GObject    **items;     /* per entry: its camera item once asked for */
} GwCameraCatalog;

/* A GwStoreFunc: reads every camera and makes the search texts (on a reader thread). */
gpointer         _gw_camera_catalog_read   (GwDb            *db,
                                            gpointer         data,
                                            GError         **error);
GwCameraCatalog *_gw_camera_catalog_ref    (GwCameraCatalog *self);
void             _gw_camera_catalog_unref  (GwCameraCatalog *self);
GwCameraEntry   *_gw_camera_catalog_entry  (GwCameraCatalog *self,
                                            guint            position);
/* The position of a camera (row id); FALSE when there is none. */
gboolean         _gw_camera_catalog_find   (GwCameraCatalog *self,
                                            gint64           camera_id,
                                            guint           *position);
/* The camera's one item (a new reference): every list shows the same item for a camera,
 * so a list view told of a change finds the rows it keeps. */
gpointer         _gw_camera_catalog_item   (GwCameraCatalog *self,
                                            guint            position);
/* Text as search compares it: full-width forms folded to plain ones (digits typed with a
 * Chinese input method), then case. */
char            *_gw_camera_fold           (const char      *text);
/* The positions (guint, ascending) of the cameras, among `within` (NULL: all), that match
 * every word of `folded` (from _gw_camera_fold): in the name or a place name, or, for
 * digits, at the start of the code. */
GArray          *_gw_camera_catalog_search (GwCameraCatalog *self,
                                            const char      *folded,
                                            const GArray    *within);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCameraCatalog, _gw_camera_catalog_unref)

struct _GwCameraDirectoryItem
{
  GObject                    parent_instance;

  GwCameraDirectoryItemKind  kind;
  char                      *name;       /* folders */
  GwCameraEntry             *camera;     /* cameras */
  guint                      n_cameras;
  GwCameraDirectoryItem     *parent;     /* not owned; NULL at the top */
  guint                      position;   /* among its parent's rows (or the top's) */
  GPtrArray                  *children;  /* folders under a folder (owned), or NULL */
  GArray                    *cameras;    /* guint catalog positions of the cameras directly under it */
  GwCameraCatalog           *catalog;    /* folders */
};

/* The streets (each with its communities, grids and counts), every folder also put in
 * `folders` by its code ("" for cameras in no street). */
GPtrArray  *_gw_camera_directory_build_divisions  (GwCameraCatalog       *catalog,
                                                   GHashTable            *folders);
/* The built-in "PTZ cameras", then the groups (GwCameraDirectoryGroup) in their order. */
GPtrArray  *_gw_camera_directory_build_groups     (GwCameraCatalog       *catalog,
                                                   GPtrArray             *groups);
/* GtkTreeListModel's create function: a folder's rows, its folders then its cameras. */
GListModel *_gw_camera_directory_create_children  (gpointer               item,
                                                   gpointer               user_data);
/* The row of the camera at a catalog position among its folder's rows. */
guint       _gw_camera_directory_item_camera_row  (GwCameraDirectoryItem *folder,
                                                   guint                  position);

/* A list of cameras: positions in a catalog. */
#define GW_TYPE_CAMERA_DIRECTORY_LIST (gw_camera_directory_list_get_type ())
G_DECLARE_FINAL_TYPE (GwCameraDirectoryList, gw_camera_directory_list, GW, CAMERA_DIRECTORY_LIST, GObject)

GwCameraDirectoryList *_gw_camera_directory_list_new           (GwCameraCatalog       *catalog,
                                                                GArray                *positions);
/* Replaces the cameras (positions is taken; NULL empties the list) with one
 * items-changed. */
void                   _gw_camera_directory_list_set           (GwCameraDirectoryList *self,
                                                                GwCameraCatalog       *catalog,
                                                                GArray                *positions);
const GArray          *_gw_camera_directory_list_get_positions (GwCameraDirectoryList *self);

G_END_DECLS
