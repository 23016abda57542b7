/* gw-drill-link.h: a drill as the app sees it, wherever it runs.
 *
 * An offline drill runs in this process: a GwDrill on the drill's copy of the county
 * (gw_drill_link_new_local). A seat in a drill follows the drill the server runs, through
 * its sync client (gw_drill_link_new_seat). Either way the drill controller and the
 * watermark see the same things — the title, the state and speed, the drill clock, the
 * next injection, the timeline of injections, the expectations and the score — and give
 * the same commands; neither knows which kind of drill it drives.
 *
 * What the link shows is kept here; the two kinds fill it in (gw-drill-link-private.h).
 * "changed" is emitted when the timeline, the expectations or the score changed;
 * notify::state, notify::speed, notify::title and notify::next for the rest; "note"
 * (const char *text) when the scenario has a message for everyone.
 */
#pragma once

#include <gio/gio.h>

#include "gw-clock.h"
#include "gw-drill.h"
#include "gw-scenario.h"
#include "gw-store.h"
#include "gw-sync-client.h"

G_BEGIN_DECLS

typedef enum {
  GW_DRILL_COMMAND_START = 0,
  GW_DRILL_COMMAND_PAUSE,
  GW_DRILL_COMMAND_SPEED,     /* to the speed given with it */
  GW_DRILL_COMMAND_NEXT,      /* the clock jumps to the next injection */
  GW_DRILL_COMMAND_END,
} GwDrillCommand;

typedef enum {
  GW_DRILL_ITEM_PENDING = 0,  /* not due yet, or due and not applied yet */
  GW_DRILL_ITEM_DONE,         /* applied (an injection) or met (an expectation) */
  GW_DRILL_ITEM_FAILED,       /* could not be applied (an injection) or missed */
  GW_DRILL_ITEM_LATE,         /* an expectation met after its deadline */
} GwDrillItemStatus;

/* One line of the timeline: an injection of the scenario, or one made during the drill. */
typedef struct {
  char              *id;          /* the injection's id */
  gint64             at;          /* when it is (was) due: a drill-clock instant */
  GwInjectionKind    kind;
  char              *title;       /* what it is, for people */
  GwDrillItemStatus  status;
  gint64             lag_ms;      /* DONE: how late it was applied, in real milliseconds */
  gint64             ticket_id;   /* the ticket it made, 0 if none (yet) */
  char              *problem;     /* FAILED: why */
} GwDrillTimelineItem;

/* One expectation and how the team does on it so far. */
typedef struct {
  char              *id;
  char              *title;       /* what is expected, for people */
  GwDrillItemStatus  status;      /* PENDING, DONE (met), LATE or FAILED (missed) */
  gint64             due;         /* its deadline on the drill clock, 0 when not known yet */
  char              *detail;      /* "2 min late", "missed by 2 min", or NULL */
  guint              points;
} GwDrillExpectationItem;

void gw_drill_timeline_item_free    (GwDrillTimelineItem    *item);
void gw_drill_expectation_item_free (GwDrillExpectationItem *item);

#define GW_TYPE_DRILL_LINK (gw_drill_link_get_type ())
G_DECLARE_DERIVABLE_TYPE (GwDrillLink, gw_drill_link, GW, DRILL_LINK, GObject)

struct _GwDrillLinkClass
{
  GObjectClass parent_class;

  void     (*command_async)  (GwDrillLink         *self,
                              GwDrillCommand       command,
                              double               speed,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean (*command_finish) (GwDrillLink         *self,
                              GAsyncResult        *result,
                              GError             **error);
  void     (*inject_async)   (GwDrillLink         *self,
                              const GwInjection   *injection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gint64   (*inject_finish)  (GwDrillLink         *self,
                              GAsyncResult        *result,
                              GError             **error);
  /* Reads the timeline, the expectations and the score again. */
  void     (*refresh)        (GwDrillLink         *self);
  GwScenario *(*get_scenario) (GwDrillLink        *self);
};

/* An offline drill: `drill` runs on `store` (the drill's copy), in this process. */
GwDrillLink  *gw_drill_link_new_local       (GwDrill      *drill,
                                             GwStore      *store);

/* A seat whose server runs a drill: `client` follows it (gw-sync-drill.h). */
GwDrillLink  *gw_drill_link_new_seat        (GwSyncClient *client);

/* What the link shows. The clock never changes for a link; the scenario is NULL when the
 * link does not have it (a seat before the server has said). */
const char   *gw_drill_link_get_title       (GwDrillLink  *self);
GwDrillState  gw_drill_link_get_state       (GwDrillLink  *self);
double        gw_drill_link_get_speed       (GwDrillLink  *self);
GwClock      *gw_drill_link_get_clock       (GwDrillLink  *self);
GwScenario   *gw_drill_link_get_scenario    (GwDrillLink  *self);
/* The scenario's start on the drill clock (its first instant), 0 when not known. */
gint64        gw_drill_link_get_start       (GwDrillLink  *self);
/* TRUE for a drill in this process, FALSE for the server's. */
gboolean      gw_drill_link_is_local        (GwDrillLink  *self);
/* The next injection due (its id, what it is and when, on the drill clock), or FALSE
 * when none is left. Any of the out arguments may be NULL. */
gboolean      gw_drill_link_get_next        (GwDrillLink  *self,
                                             const char  **id,
                                             const char  **title,
                                             gint64       *at);
/* GwDrillTimelineItem, by when they are due. */
GPtrArray    *gw_drill_link_get_timeline    (GwDrillLink  *self);
/* GwDrillExpectationItem, in the scenario's order. */
GPtrArray    *gw_drill_link_get_expectations (GwDrillLink *self);
/* The score so far: the points of the expectations met of all the expectations' points,
 * and a line for people (the total, expectations met, times), or NULL. */
void          gw_drill_link_get_score       (GwDrillLink  *self,
                                             double       *earned,
                                             double       *possible,
                                             const char  **summary);

/* The state for people: "Ready", "Running at 10×", "Paused", "Ended" (translated). */
char         *gw_drill_link_describe_state  (GwDrillLink  *self);
/* An injection's kind for people (translated). */
const char   *gw_drill_injection_kind_label (GwInjectionKind kind);

/* Commands. Refused (with the reason) when not possible now. */
void          gw_drill_link_command_async   (GwDrillLink         *self,
                                             GwDrillCommand       command,
                                             double               speed,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      gw_drill_link_command_finish  (GwDrillLink         *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* An ad-hoc injection, applied now; finishes with the new ticket's id (0 for other
 * kinds). */
void          gw_drill_link_inject_async    (GwDrillLink         *self,
                                             const GwInjection   *injection,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gint64        gw_drill_link_inject_finish   (GwDrillLink         *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void          gw_drill_link_refresh         (GwDrillLink         *self);

G_END_DECLS
