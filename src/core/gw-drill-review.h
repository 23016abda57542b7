/* gw-drill-review.h: the after-action review's read model (复盘).
 *
 * One read of a drill's database gives everything the review shows, after which nothing
 * queries SQL: replaying the drill at any speed only asks this model.
 *
 *   - The drill's tickets: those reported at or after the drill's first instant (meta
 *     "drill.started_at", else the first drill log event's instant, else what the caller
 *     says), with their number, category, place and description, and their history as
 *     steps (instant, state, urgency, department) rebuilt from the audit log's from/to
 *     states and payloads.
 *   - The timeline: every drill log event (injections, the world's actions, controller
 *     commands, seats' reports) and every audit entry of the drill's tickets, merged by
 *     instant (drill log events first on a tie, each source in its own row order).
 *
 * The state of a ticket as of an instant T is a binary search in its steps. What the audit
 * cannot say is taken as follows: a ticket with no audit entries keeps the state it has
 * now from its report on; a supervision (督办) raises the urgency by one level below
 * emergency, so a ticket that is an emergency now and was supervised had the urgency its
 * injection gave it (the drill log's payload), or else is taken to have been an emergency
 * from the start.
 *
 * A GwDrillReview is immutable once read: it may be read from any thread.
 */
#pragma once

#include "gw-db.h"
#include "gw-drill.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* Where a timeline entry comes from. */
typedef enum {
  GW_DRILL_REVIEW_FROM_DRILL_LOG = 0,   /* a drill log event */
  GW_DRILL_REVIEW_FROM_AUDIT,           /* an audit entry of a drill ticket */
} GwDrillReviewOrigin;

typedef struct {
  gint64               at;          /* Unix seconds on the drill clock */
  GwDrillReviewOrigin  origin;
  gint64               row_id;      /* the drill log's or the audit's row id */
  GwDrillEventKind     kind;        /* DRILL_LOG: the event's kind; AUDIT: 0 */
  int                  ticket;      /* index of the review's ticket, -1 for none */
  const char          *actor;       /* who: a seat's name, "scenario", "controller" … */
  const char          *role;        /* AUDIT: the actor's role (wire name); else NULL */
  const char          *action;      /* AUDIT: "report", "dispatch", "attach" …;
                                     * DRILL_LOG: the event's ref (injection id, …) */
  const char          *from_state;  /* AUDIT, may be NULL */
  const char          *to_state;    /* AUDIT, may be NULL */
  const char          *reason;      /* may be NULL */
  const char          *payload;     /* JSON object text, may be NULL */
  gint64               lag_ms;      /* DRILL_LOG injections: how late it was applied */
} GwDrillReviewEntry;

/* One step of a ticket's history: from `at` on it was in this state. */
typedef struct {
  gint64          at;
  GwTicketState   state;
  GwUrgency       urgency;
  const char     *department_code;  /* the responsible department, NULL for none */
  int             entry;            /* the timeline entry that made it, -1 for none */
} GwDrillReviewStep;

typedef struct {
  gint64          id;
  const char     *number;
  const char     *category_code;
  const char     *description;
  const char     *injection;        /* the injection that made it, NULL if not known */
  double          lon, lat;         /* WGS84 */
  gint64          reported_at;
  guint           n_steps;
  const GwDrillReviewStep *steps;   /* by instant; the first at reported_at */
} GwDrillReviewTicket;

/* A ticket as it was at an instant. */
typedef struct {
  const GwDrillReviewTicket *ticket;
  GwTicketState   state;
  GwUrgency       urgency;
  const char     *department_code;
  gint64          since;            /* when it came into this step */
} GwDrillTicketAt;

typedef struct _GwDrillReview GwDrillReview;

GType          gw_drill_review_get_type (void) G_GNUC_CONST;
#define GW_TYPE_DRILL_REVIEW (gw_drill_review_get_type ())

GwDrillReview *gw_drill_review_ref      (GwDrillReview *self);
void           gw_drill_review_unref    (GwDrillReview *self);

/* Reads the review in one read transaction. `since` is the drill's first instant when the
 * database does not say (0: then the first drill log event's; a database with neither is
 * refused with GW_DRILL_ERROR_NOT_DRILL). A database without a drill log (not a drill's
 * copy) is read too when `since` is given: the audit alone. */
GwDrillReview *gw_db_read_drill_review  (GwDb          *db,
                                         gint64         since,
                                         GError       **error);

/* The same on one of the store's reader threads. */
void           gw_store_read_drill_review_async  (GwStore             *store,
                                                  gint64               since,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwDrillReview *gw_store_read_drill_review_finish (GwStore             *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* What the database says about the drill: the scenario's id and title (NULL when not a
 * drill's copy), and the span of the review: its first instant and the last (the latest
 * event, never before the first). */
const char    *gw_drill_review_get_scenario (GwDrillReview *self);
const char    *gw_drill_review_get_title    (GwDrillReview *self);
gint64         gw_drill_review_get_start    (GwDrillReview *self);
gint64         gw_drill_review_get_end      (GwDrillReview *self);
/* TRUE when the database had a drill log (a drill's copy of schema 7 or later). */
gboolean       gw_drill_review_has_drill_log (GwDrillReview *self);

/* The timeline, in order. */
guint                     gw_drill_review_get_n_entries (GwDrillReview *self);
const GwDrillReviewEntry *gw_drill_review_get_entry     (GwDrillReview *self,
                                                         guint          index);
/* How many entries happened at or before `at` (the index of the first later one). */
guint                     gw_drill_review_count_until   (GwDrillReview *self,
                                                         gint64         at);
/* Everyone who did something, in the order they first did (NULL-terminated, owned by
 * the review): the seats a timeline can be filtered by. */
const char *const        *gw_drill_review_get_actors    (GwDrillReview *self);

/* The drill's tickets, by report instant (then id). */
guint                      gw_drill_review_get_n_tickets (GwDrillReview *self);
const GwDrillReviewTicket *gw_drill_review_get_ticket    (GwDrillReview *self,
                                                          guint          index);
/* How many tickets had been reported at or before `at`. */
guint                      gw_drill_review_count_reported (GwDrillReview *self,
                                                           gint64         at);
/* The index of the ticket with this id, or -1. */
int                        gw_drill_review_find_ticket   (GwDrillReview *self,
                                                          gint64         ticket_id);

/* The ticket as it was at `at`; FALSE (and *out untouched) when it had not been reported
 * yet. A binary search in its steps. */
gboolean       gw_drill_review_ticket_at   (GwDrillReview   *self,
                                            guint            index,
                                            gint64           at,
                                            GwDrillTicketAt *out);
/* Every ticket reported by `at` (only those still open then, when open_only), as
 * GwDrillTicketAt, by report instant. */
GArray        *gw_drill_review_tickets_at  (GwDrillReview   *self,
                                            gint64           at,
                                            gboolean         open_only);

/* A department's name (Chinese, or English when asked and the county has one); the code
 * itself when the county has no such department; NULL for NULL. */
const char    *gw_drill_review_get_department_name (GwDrillReview *self,
                                                    const char    *code,
                                                    gboolean       english);

/* The display name of the account an actor names (a seat's username), or the actor as
 * written; NULL for NULL. */
const char    *gw_drill_review_get_actor_name (GwDrillReview *self,
                                               const char    *actor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDrillReview, gw_drill_review_unref)

G_END_DECLS
