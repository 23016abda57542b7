/* gw-drill-private.h: what the drill's files share.
 *
 *   gw-drill.c        the engine: states, the clock, the wake-ups, the store jobs
 *   gw-drill-world.c  one step of the timeline, on the store's thread: injections, timed
 *                     ends and the world's minute ticks, in one transaction
 *   gw-drill-db.c     preparing a drill's copy, the drill log
 */
#pragma once

#include "gw-drill.h"

G_BEGIN_DECLS

/* The world checks what it has to do once a scenario minute, counted from the start. */
#define GW_DRILL_TICK 60

/* Who the drill log names. */
#define GW_DRILL_ACTOR_SCENARIO   "scenario"
#define GW_DRILL_ACTOR_WORLD      "world"
#define GW_DRILL_ACTOR_CONTROLLER "controller"

/* One injection a step applies. */
typedef struct {
  GwInjection *injection;  /* owned (a copy) */
  gint64       at;         /* the scenario instant it is applied at (Unix seconds) */
  gint64       due_real;   /* g_get_monotonic_time () when it became due */
  guint        index;      /* its place in the scenario's timeline; G_MAXUINT: ad hoc */
  char        *actor;      /* who injected it: GW_DRILL_ACTOR_SCENARIO or a controller */
  /* Out. */
  gint64       ticket_id;  /* the ticket it made or acted on, 0 if none */
  gint64       event_id;   /* its drill log entry */
  gboolean     failed;
  char        *message;    /* why it failed */
} GwDrillDue;

void _gw_drill_due_free (GwDrillDue *due);

/* A seat's network cut off: [from, until), until 0 for the rest of the drill. */
typedef struct {
  char   *username;
  gint64  from;
  gint64  until;
} GwDrillDrop;

/* What steps keep from one to the next: timed ends, the world's failures not to retry,
 * a cache of places. Only the running step touches it: the engine runs one at a time. */
typedef enum {
  GW_DRILL_END_WORKER,    /* a worker back on duty */
  GW_DRILL_END_NETWORK,   /* a seat's network back */
} GwDrillEndKind;

typedef struct {
  gint64          at;
  GwDrillEndKind  kind;
  char           *code;       /* the worker, or the seat's id */
  char           *username;   /* the seat's account */
  gboolean        on_duty;    /* the worker's duty to restore */
} GwDrillEnd;

typedef struct {
  GHashTable *failed;   /* world actions refused once, not tried again: "action:ticket:…" */
  GArray     *ends;     /* GwDrillEnd, by instant */
  GHashTable *places;   /* division code -> GwDivision (with its polygon) */
  char       *county;   /* the county's division code */
} GwDrillWorld;

GwDrillWorld *_gw_drill_world_new  (void);
void          _gw_drill_world_free (GwDrillWorld *world);
/* The earliest timed end still to come (a worker back on duty, a seat's network back),
 * 0 if none. Read it only between steps. */
gint64        _gw_drill_world_next_end (GwDrillWorld *world);

/* One step: everything due in (from, to] in time order — at each instant the timeline's
 * injections, then the ad hoc ones, then timed ends, then the world's tick when the
 * instant is one — written in one transaction, and the lag of every injection set once
 * it has committed. A refused injection or world action is a FAILED entry; the step
 * fails only when the database does. Refcounted (g_rc_box): the store job and the engine
 * each hold it. */
typedef struct {
  GwScenario   *scenario;    /* a reference */
  GwDrillWorld *world;       /* borrowed */
  gint64        start;       /* the scenario's first instant */
  gint64        from;        /* exclusive */
  gint64        to;          /* inclusive */
  gboolean      ends;        /* `to` is the drill's last instant: log the end */
  GPtrArray    *due;         /* GwDrillDue, in order */
  /* Out. */
  GPtrArray    *events;      /* GwDrillEvent: injections, world actions and failures written */
  GArray       *drops;       /* GwDrillDrop begun */
  gint64        committed;   /* g_get_monotonic_time () after the commit */
} GwDrillStep;

GwDrillStep *_gw_drill_step_new   (GwScenario  *scenario,
                                   GwDrillWorld *world,
                                   gint64       start,
                                   gint64       from,
                                   gint64       to);
GwDrillStep *_gw_drill_step_ref   (GwDrillStep *step);
void         _gw_drill_step_unref (GwDrillStep *step);

/* A GwStoreFunc: runs the step (data) and returns a new reference to it. */
gpointer     _gw_drill_step_run   (GwDb        *db,
                                   gpointer     data,
                                   GError     **error);

/* Takes `end` (its strings) into the world's list, after those of the same instant. */
void          _gw_drill_world_add_end  (GwDrillWorld *world,
                                        GwDrillEnd   *end);

/* A step running on the store's connection. */
typedef struct {
  GwDb         *db;
  GwDrillStep  *step;
  GwScenario   *scenario;
  GwDrillWorld *world;
} GwDrillRun;

/* Writes a drill log entry (payload taken) and keeps a copy in the step's events for the
 * engine's signals (CONTROL entries aside). */
gboolean     _gw_drill_log        (GwDrillRun       *r,
                                   GwDrillEventKind  kind,
                                   gint64            at,
                                   const char       *ref,
                                   gint64            ticket_id,
                                   const char       *actor,
                                   char             *payload,
                                   gint64           *id_out,
                                   GError          **error);
/* Payloads: an object begun with "kind" (when not NULL), members, the text. */
JsonBuilder *_gw_drill_payload_begin  (const char  *kind);
void         _gw_drill_payload_string (JsonBuilder *b,
                                       const char  *name,
                                       const char  *value);
char        *_gw_drill_payload_end    (JsonBuilder *b);
char        *_gw_drill_failure_payload (const char *kind,
                                        const char *reason);
/* A scenario's text as the county's records take it: Chinese first. */
const char  *_gw_drill_text       (const GwScenarioText *text);
/* The scenario's voice: `role` at the county (the district center, the higher level). */
GwActor      _gw_drill_scenario_actor (GwDrillRun  *r,
                                       const char  *name,
                                       GwRole       role);
/* Sets a grid worker on or off duty. */
gboolean     _gw_drill_set_on_duty (GwDrillRun  *r,
                                    const char  *code,
                                    gboolean     on_duty,
                                    GError     **error);
/* gw-drill-inject.c: applies one injection in a savepoint of its own and logs it, or logs
 * why it failed. FALSE only when the log itself cannot be written. */
gboolean     _gw_drill_apply_injection (GwDrillRun  *r,
                                        GwDrillDue  *due,
                                        GError     **error);

/* The first instant of the next world tick after `after`. */
gint64       _gw_drill_next_tick  (gint64       start,
                                   gint64       after);

/* Appends an event to the drill log and returns its id, 0 on error. */
gint64       _gw_db_insert_drill_event (GwDb               *db,
                                        const GwDrillEvent *event,
                                        GError            **error);

/* A drill log entry as JSON text: a builder's object. */
char        *_gw_drill_payload    (JsonBuilder *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDrillStep, _gw_drill_step_unref)

G_END_DECLS
