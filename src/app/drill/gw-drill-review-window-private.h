/* gw-drill-review-window-private.h: what the review window's files share — the timeline's
 * list model and rows, the queue's items and columns (gw-drill-review-rows.c), the score
 * panel (gw-drill-review-score.c). */
#pragma once

#include <adwaita.h>

#include "gw-drill-review.h"
#include "gw-drill-review-window.h"
#include "gw-drill-score.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* One timeline entry as a list item: the review and the entry's index in it. */
#define GW_TYPE_DRILL_REVIEW_ITEM (gw_drill_review_item_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillReviewItem, gw_drill_review_item, GW, DRILL_REVIEW_ITEM, GObject)

guint                     gw_drill_review_item_get_index (GwDrillReviewItem *self);
const GwDrillReviewEntry *gw_drill_review_item_get_entry (GwDrillReviewItem *self);

/* The timeline as a GListModel over the review's entries, filtered by seat: the entries
 * of one actor and every injection (the context a seat answered), or all. Items are made
 * when asked for; a new filter is one items-changed. */
#define GW_TYPE_DRILL_REVIEW_TIMELINE (gw_drill_review_timeline_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillReviewTimeline, gw_drill_review_timeline, GW, DRILL_REVIEW_TIMELINE, GObject)

GwDrillReviewTimeline *gw_drill_review_timeline_new        (GwDrillReview         *review);
void                   gw_drill_review_timeline_set_actor  (GwDrillReviewTimeline *self,
                                                            const char            *actor);
/* The entry index at a position, and the position of the last entry shown at or before
 * the entry index `until` (exclusive), or GTK_INVALID_LIST_POSITION. */
guint                  gw_drill_review_timeline_get_entry_index (GwDrillReviewTimeline *self,
                                                                 guint                  position);
guint                  gw_drill_review_timeline_position_before (GwDrillReviewTimeline *self,
                                                                 guint                  until);

/* The words of an entry: what happened (with the ticket's number) and who did it (with
 * the role, department, reason). Free with g_free. */
void   _gw_drill_review_describe_entry (GwDrillReview            *review,
                                        GHashTable               *names,
                                        const GwDrillReviewEntry *entry,
                                        char                    **title,
                                        char                    **detail);
/* Who an actor is, for people: a seat by its title in the scenario (`names`: username ->
 * title, may be NULL) or its account's display name; the scenario, the world and the
 * controller by name. */
const char *_gw_drill_review_actor_label (GwDrillReview *review,
                                          GHashTable    *names,
                                          const char    *actor);
/* "+01:02:03": seconds after the drill's start. */
char  *_gw_drill_review_format_elapsed (gint64                    seconds);

/* The timeline's rows. The factory marks entries after the replay's instant dimmed: call
 * _gw_drill_review_rows_set_until() when the instant crosses an entry. */
GtkListItemFactory *_gw_drill_review_timeline_factory_new (GwDrillReview *review);
void                _gw_drill_review_rows_set_until       (GtkListItemFactory *factory,
                                                           guint               until);
/* The seats' titles by username (rows on show are bound again). */
void                _gw_drill_review_rows_set_names       (GtkListItemFactory *factory,
                                                           GHashTable         *names);

/* One ticket of the queue as it was at the replay's instant. */
#define GW_TYPE_DRILL_QUEUE_ITEM (gw_drill_queue_item_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillQueueItem, gw_drill_queue_item, GW, DRILL_QUEUE_ITEM, GObject)

GwDrillQueueItem      *gw_drill_queue_item_new     (GwDrillReview         *review,
                                                    const GwDrillTicketAt *at);
const GwDrillTicketAt *gw_drill_queue_item_get_at  (GwDrillQueueItem      *self);

/* The queue's columns: number, state, urgency, category, department, since. */
void  _gw_drill_review_queue_add_columns (GtkColumnView *view);

/* The score panel and the PDF (gw-drill-review-score.c): the score is read on a store
 * reader when a review is shown, the PDF written on a worker thread. `owner` (the window)
 * is kept alive by what is under way; `cancellable` is the window's. */
typedef struct _GwDrillReviewScore GwDrillReviewScore;

GwDrillReviewScore *_gw_drill_review_score_new        (GObject            *owner,
                                                       GtkBox             *box,
                                                       AdwToastOverlay    *toasts,
                                                       GCancellable       *cancellable);
void                _gw_drill_review_score_free       (GwDrillReviewScore *self);
/* The spinner shown and the button made insensitive while a PDF is written; the title
 * that gets the scenario's title once the scenario is known. */
void                _gw_drill_review_score_set_widgets (GwDrillReviewScore *self,
                                                        GtkWidget          *spinner,
                                                        GtkWidget          *button,
                                                        AdwWindowTitle     *title);
void                _gw_drill_review_score_set_store  (GwDrillReviewScore *self,
                                                       GwStore            *store);
/* Reads the score of the store's drill and shows it. */
void                _gw_drill_review_score_show       (GwDrillReviewScore *self,
                                                       GwDrillReview      *review);
/* "Export PDF…": a file chooser, then export_to. */
void                _gw_drill_review_score_choose_file (GwDrillReviewScore *self,
                                                        GtkWindow          *parent);
void                _gw_drill_review_score_export_to  (GwDrillReviewScore *self,
                                                       GFile              *file);
/* The store the window reviews (gw-drill-review-app.c finds windows by it). */
GwStore            *_gw_drill_review_window_get_store (GwDrillReviewWindow *self);

/* The window hears that the drill's scenario is known (its seats' titles). */
void                _gw_drill_review_window_set_scenario (GtkWidget          *window,
                                                          GwScenario         *scenario);

const GwDrillScore *_gw_drill_review_score_get_score  (GwDrillReviewScore *self);
gboolean            _gw_drill_review_score_get_busy   (GwDrillReviewScore *self);
GFile              *_gw_drill_review_score_get_file   (GwDrillReviewScore *self);
const GError       *_gw_drill_review_score_get_error  (GwDrillReviewScore *self);

G_END_DECLS
