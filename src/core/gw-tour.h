/* gw-tour.h: a tour of the video wall (轮巡), a named list of steps shown in turn, each
 * for the tour's dwell.
 *
 * A step is one camera, or a layout (a preset's or a custom layout's id) with a camera
 * for each of its cells in reading order (0 for a cell left empty). Cameras are named by
 * their store row id. Pinned cells (by index, 0 to 63, as a bit mask) never rotate: they
 * keep the camera they show.
 *
 * How a wall window runs a tour; its timer only asks these pure functions, with the
 * milliseconds since the tour started:
 *
 *  - Paged, when every step is a camera (gw_tour_is_single_camera()): the window keeps its
 *    layout and the cameras fill its unpinned cells in order, page by page, one page per
 *    dwell: gw_tour_page_at() says which page is on show, gw_tour_fill_page() which camera
 *    goes in which cell. The last page leaves the cells it has no camera for empty. With a
 *    single unpinned cell a page is a step.
 *  - Stepped, otherwise: gw_tour_step_at() says which step is on show. A layout step puts
 *    its layout up with its cameras, a camera step shows its camera alone (preset "1");
 *    pinned cells of the window's layout keep their cameras when the step's layout has
 *    the same id.
 *
 * The pinned mask the window passes is its own pins and the tour's (gw_tour_get_pinned())
 * together. Layout ids are not checked against the layouts that exist: a step whose
 * layout is gone is skipped by the window, cameras past a layout's last cell are not
 * shown and cells past the last camera stay empty.
 *
 * A tour is built once and then shared read-only, across threads if need be.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_TOUR_MIN_DWELL  5      /* seconds */
#define GW_TOUR_MAX_DWELL  3600
#define GW_TOUR_MAX_STEPS  1024

typedef struct {
  gint64  camera_id;   /* a camera step: the camera (> 0); 0 in a layout step */
  char   *layout_id;   /* a layout step: the layout's id; NULL in a camera step */
  gint64 *cameras;     /* a layout step: a camera per cell, 0 for an empty cell */
  guint   n_cameras;   /* 1 to 64 in a layout step, 0 in a camera step */
} GwTourStep;

typedef struct _GwTour GwTour;

GType             gw_tour_get_type         (void) G_GNUC_CONST;
#define GW_TYPE_TOUR (gw_tour_get_type ())

/* A tour without steps. id must not be empty; dwell_seconds is GW_TOUR_MIN_DWELL to
 * GW_TOUR_MAX_DWELL. */
GwTour           *gw_tour_new              (const char    *id,
                                            const char    *name,
                                            guint          dwell_seconds);
GwTour           *gw_tour_ref              (GwTour        *self);
void              gw_tour_unref            (GwTour        *self);

const char       *gw_tour_get_id           (GwTour        *self);
const char       *gw_tour_get_name         (GwTour        *self);
guint             gw_tour_get_dwell        (GwTour        *self);

/* Steps are added at the end; at most GW_TOUR_MAX_STEPS (a critical past that). */
void              gw_tour_add_camera_step  (GwTour        *self,
                                            gint64         camera_id);
void              gw_tour_add_layout_step  (GwTour        *self,
                                            const char    *layout_id,
                                            const gint64  *cameras,
                                            guint          n_cameras);
guint             gw_tour_get_n_steps      (GwTour        *self);
/* The i-th step, or NULL past the last. */
const GwTourStep *gw_tour_get_step         (GwTour        *self,
                                            guint          i);
/* TRUE when every step is a camera (and there is at least one). */
gboolean          gw_tour_is_single_camera (GwTour        *self);

/* Bit i set: cell i never rotates. */
guint64           gw_tour_get_pinned       (GwTour        *self);
void              gw_tour_set_pinned       (GwTour        *self,
                                            guint64        pinned);

/* Stepped: the step on show elapsed_ms after the tour started (a negative time counts as
 * 0), going round again after the last. Sets *step_index and *ms_until_next (the time to
 * the next change, 1 to the dwell; the next step may be the same one when there is only
 * one). NULL for a tour without steps, with *step_index 0 and *ms_until_next -1. */
const GwTourStep *gw_tour_step_at          (GwTour        *self,
                                            gint64         elapsed_ms,
                                            guint         *step_index,
                                            gint64        *ms_until_next);

/* Paged: a window of n_cells cells (1 to 64) with the cells in pinned not rotating.
 * The number of pages of one round: the camera steps (layout steps are not paged) over the
 * unpinned cells, rounded up; 0 when there is no camera step or no unpinned cell. */
guint             gw_tour_get_n_pages      (GwTour        *self,
                                            guint          n_cells,
                                            guint64        pinned);
/* The page on show elapsed_ms after the tour started, as gw_tour_step_at() counts steps;
 * *ms_until_next is -1 when there are no pages (nothing rotates). */
guint             gw_tour_page_at          (GwTour        *self,
                                            guint          n_cells,
                                            guint64        pinned,
                                            gint64         elapsed_ms,
                                            gint64        *ms_until_next);
/* Fills cameras (n_cells long, indexed by cell) for page (taken modulo the number of
 * pages): the unpinned cells in order get the page's cameras in order, 0 once they run
 * out; pinned cells are left as they are. */
void              gw_tour_fill_page        (GwTour        *self,
                                            guint          page,
                                            guint          n_cells,
                                            guint64        pinned,
                                            gint64        *cameras);

/* {"id", "name", "dwell", "steps": [{"camera": 12} | {"layout": "4", "cameras": [12, 0, …]}],
 *  "pinned": [0, 3]}. */
JsonNode         *gw_tour_to_json          (GwTour        *self);
/* A tour from untrusted JSON (path as gw_wall_layout_from_json()). Refuses wrong types,
 * missing and unknown fields, empty or long ids and names, a dwell outside 5 to 3600
 * seconds, more than GW_TOUR_MAX_STEPS steps, a step that is neither one camera nor a
 * layout with 1 to 64 cameras, camera ids below 1 (0 in a layout step's cells), and
 * pinned cells outside 0 to 63 or repeated: GW_JSON_ERROR, naming the field. */
GwTour           *gw_tour_from_json        (JsonNode      *node,
                                            const char    *path,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTour, gw_tour_unref)

G_END_DECLS
