/* gw-wall-book.h: what the video wall remembers across restarts.
 *
 * The custom layouts, the tours, the camera groups and each wall window's state, kept in
 * one JSON file (by default $XDG_CONFIG_HOME/gridwatch/wall.json). The file is read and
 * written on a worker thread; a write goes whole to a temporary file that then replaces
 * the old one, so a crash leaves either the old file or the new. A missing file is an
 * empty book. A broken one is reported (its name and the JSON path of what is wrong) and
 * left alone: the book stays as it was, and the first save after it keeps the broken file
 * beside the new one as "wall.json~".
 *
 * Every collection is keyed by id: a set adds or replaces, in place, the item with that
 * id (setting what is already there changes nothing); list returns (transfer full) a new
 * array of the items in the order they were first set, dup (transfer full) one item or
 * NULL. Items handed to the book must not be changed afterwards (copy, change, set again).
 * Ids are 1 to GW_WALL_MAX_ID_LENGTH bytes, names 1 to GW_WALL_MAX_NAME_LENGTH characters;
 * a set that breaks the rules below is a programming error (a critical), so that
 * whatever the book holds, it can write and read back. References between items (a
 * window's layout and tour, a tour's layouts) are by id and are not checked: an id that
 * names nothing is the reader's to skip.
 *
 * "changed", detailed "changed::layouts", "::tours", "::groups" or "::windows", is
 * emitted after each set or remove that changed something and after a load, for each
 * collection that was or is not empty. The book lives on one thread (the one with the
 * main loop); "changed" is emitted there.
 */
#pragma once

#include <gio/gio.h>

#include "gw-tour.h"
#include "gw-wall-layout.h"

G_BEGIN_DECLS

/* The largest wall file read or written. */
#define GW_WALL_BOOK_MAX_FILE_SIZE (8 * 1024 * 1024)
/* At most this many cameras in a group. */
#define GW_WALL_GROUP_MAX_CAMERAS  10000

/* A named group of cameras (store row ids, in order, each at most once). */
typedef struct {
  char   *id;
  char   *name;
  GArray *cameras;  /* of gint64 */
} GwWallGroup;

GType           gw_wall_group_get_type       (void) G_GNUC_CONST;
#define GW_TYPE_WALL_GROUP (gw_wall_group_get_type ())

GwWallGroup    *gw_wall_group_new            (const char        *id,
                                              const char        *name);
GwWallGroup    *gw_wall_group_copy           (const GwWallGroup *self);
GwWallGroup    *gw_wall_group_ref            (GwWallGroup       *self);
void            gw_wall_group_unref          (GwWallGroup       *self);

/* One wall window's state. */
typedef struct {
  char     *id;          /* the window's id ("wall-1") */
  char     *monitor;     /* the monitor's connector ("HDMI-1"), or NULL for any */
  gboolean  fullscreen;  /* full screen (on monitor when it is connected) */
  char     *layout_id;   /* a preset's or a custom layout's id */
  GArray   *cameras;     /* of gint64: a camera per cell in reading order, 0 for none */
  guint64   pinned;      /* bit i: cell i is pinned (a tour does not rotate it) */
  char     *tour_id;     /* the running tour, or NULL */
  int       focused;     /* the focused cell, or -1 */
} GwWallWindowState;

GType              gw_wall_window_state_get_type (void) G_GNUC_CONST;
#define GW_TYPE_WALL_WINDOW_STATE (gw_wall_window_state_get_type ())

/* A window showing layout_id with empty cells, nothing pinned, no tour, no focus. */
GwWallWindowState *gw_wall_window_state_new   (const char              *id,
                                               const char              *layout_id);
GwWallWindowState *gw_wall_window_state_copy  (const GwWallWindowState *self);
GwWallWindowState *gw_wall_window_state_ref   (GwWallWindowState       *self);
void               gw_wall_window_state_unref (GwWallWindowState       *self);

#define GW_TYPE_WALL_BOOK (gw_wall_book_get_type ())
G_DECLARE_FINAL_TYPE (GwWallBook, gw_wall_book, GW, WALL_BOOK, GObject)

/* (transfer full): $XDG_CONFIG_HOME/gridwatch/wall.json. */
GFile             *gw_wall_book_default_file  (void);

/* An empty book kept in file (not read until gw_wall_book_load_async()). */
GwWallBook        *gw_wall_book_new           (GFile                   *file);
GFile             *gw_wall_book_get_file      (GwWallBook              *self);

/* Reads the file on a worker thread and, on the caller's thread before callback, replaces
 * the book's contents with it (a missing file: an empty book). On failure the book is
 * left as it was: G_IO_ERROR for a file that cannot be read, GW_WALL_ERROR_TOO_LARGE past
 * GW_WALL_BOOK_MAX_FILE_SIZE, GW_JSON_ERROR for broken contents; the message names the
 * file and, for contents, the JSON path. */
void               gw_wall_book_load_async    (GwWallBook              *self,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
gboolean           gw_wall_book_load_finish   (GwWallBook              *self,
                                               GAsyncResult            *result,
                                               GError                 **error);

/* Writes the book as it is now (serialized on the caller's thread; written on a worker,
 * making the folder if need be). Writes never overlap and finish in order: a save made
 * while one is being written waits for it, and saves waiting together are written once,
 * with the latest contents. GW_WALL_ERROR_TOO_LARGE when the book has outgrown
 * GW_WALL_BOOK_MAX_FILE_SIZE (nothing is written). */
void               gw_wall_book_save_async    (GwWallBook              *self,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
gboolean           gw_wall_book_save_finish   (GwWallBook              *self,
                                               GAsyncResult            *result,
                                               GError                 **error);

/* Custom layouts. set refuses a preset, a layout with a preset's id or without cells.
 * find resolves an id among the presets, then the custom layouts. */
GPtrArray         *gw_wall_book_list_layouts  (GwWallBook              *self);
GwWallLayout      *gw_wall_book_dup_layout    (GwWallBook              *self,
                                               const char              *id);
GwWallLayout      *gw_wall_book_find_layout   (GwWallBook              *self,
                                               const char              *id);
void               gw_wall_book_set_layout    (GwWallBook              *self,
                                               GwWallLayout            *layout);
gboolean           gw_wall_book_remove_layout (GwWallBook              *self,
                                               const char              *id);

/* Tours. */
GPtrArray         *gw_wall_book_list_tours    (GwWallBook              *self);
GwTour            *gw_wall_book_dup_tour      (GwWallBook              *self,
                                               const char              *id);
void               gw_wall_book_set_tour      (GwWallBook              *self,
                                               GwTour                  *tour);
gboolean           gw_wall_book_remove_tour   (GwWallBook              *self,
                                               const char              *id);

/* Camera groups. set refuses more than GW_WALL_GROUP_MAX_CAMERAS cameras, a camera id
 * below 1 or one listed twice. */
GPtrArray         *gw_wall_book_list_groups   (GwWallBook              *self);
GwWallGroup       *gw_wall_book_dup_group     (GwWallBook              *self,
                                               const char              *id);
void               gw_wall_book_set_group     (GwWallBook              *self,
                                               GwWallGroup             *group);
gboolean           gw_wall_book_remove_group  (GwWallBook              *self,
                                               const char              *id);

/* Wall windows' states. set refuses an empty layout id or monitor or tour id (NULL is
 * none), more than 64 cameras, a camera id below 0, or a focused cell outside -1 to 63. */
GPtrArray         *gw_wall_book_list_windows  (GwWallBook              *self);
GwWallWindowState *gw_wall_book_dup_window    (GwWallBook              *self,
                                               const char              *id);
void               gw_wall_book_set_window    (GwWallBook              *self,
                                               GwWallWindowState       *state);
gboolean           gw_wall_book_remove_window (GwWallBook              *self,
                                               const char              *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWallGroup, gw_wall_group_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWallWindowState, gw_wall_window_state_unref)

G_END_DECLS
