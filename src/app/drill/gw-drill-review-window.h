/* gw-drill-review-window.h: the after-action review (复盘), a window of its own.
 *
 * For a commander's debrief after a drill: the timeline of everything that happened
 * (time on the drill clock, who, what, which ticket; injections highlighted; filtered by
 * seat), a replay of the drill at 1×, 10×, 60× or 600× — or dragged to any instant — on a
 * map of the drill's tickets coloured by their state then and in a queue of the tickets
 * open then, and the team's score with "Export PDF…".
 *
 * The drill's database is read once (GwDrillReview, on a store reader); the replay only
 * asks that model, never SQL. The score is read on a store reader too, and the PDF written
 * on a worker thread. Every control is an action of the "review" group:
 *
 *   review.play-pause  Space         review.open    Ctrl+O
 *   review.previous    Ctrl+Left     review.export  Ctrl+E
 *   review.next        Ctrl+Right    review.start   Home     review.end  End
 *
 * The application's action app.drill-review (Ctrl+Alt+R, "After-Action Review…" in the
 * console's menu) opens it on the console's store, and `gridwatch --review DRILL.db` on a
 * file.
 */
#pragma once

#include <adwaita.h>

#include "gw-drill-review.h"
#include "gw-drill-score.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* The replay speeds offered. */
#define GW_DRILL_REVIEW_N_SPEEDS 4
extern const double gw_drill_review_speeds[GW_DRILL_REVIEW_N_SPEEDS];

#define GW_TYPE_DRILL_REVIEW_WINDOW (gw_drill_review_window_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillReviewWindow, gw_drill_review_window, GW, DRILL_REVIEW_WINDOW, AdwWindow)

/* The review of the drill in `store` (open already), or of none yet when `store` is NULL
 * (the window then offers to open a drill's database). */
GwDrillReviewWindow *gw_drill_review_window_new        (GtkApplication      *application,
                                                        GwStore             *store);
/* Opens the database at `path` in a store of the window's own and reviews it (what the
 * file chooser and --review do). */
void                 gw_drill_review_window_open_path  (GwDrillReviewWindow *self,
                                                        const char          *path);
/* The review window open on `store`, or NULL. */
GwDrillReviewWindow *gw_drill_review_window_find       (GtkApplication      *application,
                                                        GwStore             *store);

/* Adds app.drill-review and its shortcut to the application (at startup). */
void                 gw_drill_review_window_add_app_action (GtkApplication  *application);

/* What the window shows: the review once read (NULL before, or when it could not be),
 * why it could not be, and how many reads have come back (tests wait on it). */
GwDrillReview       *gw_drill_review_window_get_review (GwDrillReviewWindow *self);
const char          *gw_drill_review_window_get_error  (GwDrillReviewWindow *self);
guint                gw_drill_review_window_get_n_reads (GwDrillReviewWindow *self);

/* The replay's instant (clamped to the drill's span) and speed; playing or not. Playing
 * stops by itself at the end. */
void                 gw_drill_review_window_set_instant (GwDrillReviewWindow *self,
                                                         gint64               at);
gint64               gw_drill_review_window_get_instant (GwDrillReviewWindow *self);
void                 gw_drill_review_window_set_speed   (GwDrillReviewWindow *self,
                                                         double               speed);
double               gw_drill_review_window_get_speed   (GwDrillReviewWindow *self);
void                 gw_drill_review_window_set_playing (GwDrillReviewWindow *self,
                                                         gboolean             playing);
gboolean             gw_drill_review_window_get_playing (GwDrillReviewWindow *self);

/* The timeline as listed (GwDrillReviewItem), for one seat's name or everyone (NULL). */
GListModel          *gw_drill_review_window_get_timeline (GwDrillReviewWindow *self);
void                 gw_drill_review_window_set_seat     (GwDrillReviewWindow *self,
                                                          const char          *actor);
/* The queue as listed: the tickets open at the instant (GwDrillQueueItem). */
GListModel          *gw_drill_review_window_get_queue    (GwDrillReviewWindow *self);
/* Tickets drawn on the map at the instant, and of those how many in `state`. */
guint                gw_drill_review_window_get_n_on_map (GwDrillReviewWindow *self);
guint                gw_drill_review_window_count_on_map (GwDrillReviewWindow *self,
                                                          GwTicketState        state);

/* The score on show, NULL until it has been computed (or when it cannot be). */
const GwDrillScore  *gw_drill_review_window_get_score    (GwDrillReviewWindow *self);

/* Writes the score's PDF to `file` as "Export PDF…" does once a file is chosen. Does
 * nothing while an export is under way. */
void                 gw_drill_review_window_export_to    (GwDrillReviewWindow *self,
                                                          GFile               *file);
/* TRUE while exporting; after it, the file written (NULL when it
 * failed) and the error (NULL when it worked). */
gboolean             gw_drill_review_window_get_exporting     (GwDrillReviewWindow *self);
GFile               *gw_drill_review_window_get_exported_file (GwDrillReviewWindow *self);
const GError        *gw_drill_review_window_get_export_error  (GwDrillReviewWindow *self);

G_END_DECLS
