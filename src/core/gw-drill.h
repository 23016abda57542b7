/* gw-drill.h: running a drill (演练) on an isolated copy of a county.
 *
 * A drill never opens the real database for writing. gw_drill_prepare_database() copies
 * the county (SQLite's online backup, the source opened read-only) into a file of its own,
 * migrates the copy, and marks it: meta "drill.scenario" (the scenario's id),
 * "drill.title", "drill.source" (the real file's path) and "drill.source_sha256". A store
 * opened on a marked file is a drill store: gw_db_is_drill() says so, the server
 * announces it, seats mirror the mark, and every window shows the 演练 / DRILL watermark.
 *
 * GwDrill plays a scenario on such a store, on the main context of the thread that made
 * it, against a scaled GwClock that starts paused at the scenario's start:
 *   - each injection is applied when the clock reaches its `at` (a writer job on the
 *     store; a report is reported through the workflow as the scenario's world, a
 *     directive as the district center, …) and recorded in the drill log with how late,
 *     in real milliseconds, it was applied;
 *   - the world nobody plays acts as the scenario's `world` says (grid workers verify,
 *     unstaffed departments sign, report in and report back, reporters evaluate), checked
 *     every scenario minute and whenever the clock jumps;
 *   - the drill ends by itself after the scenario's duration, or when told.
 * Nothing here blocks: every database step is a store job.
 *
 * The drill log (table drill_log, schema 7) holds every injection applied, every world
 * action, every controller command (start, pause, speed, next, inject, end) and events
 * seats report (cameras on a wall), each at its scenario instant. With the audit log it is
 * the after-action review's timeline and the score's input (gw-drill-score.h).
 */
#pragma once

#include <gio/gio.h>

#include "gw-clock.h"
#include "gw-scenario.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_DRILL_ERROR (gw_drill_error_quark ())
GQuark gw_drill_error_quark (void);

typedef enum {
  GW_DRILL_ERROR_NOT_DRILL,    /* the database is not a drill's copy */
  GW_DRILL_ERROR_SAME_FILE,    /* the copy would be (or overwrite) the real database */
  GW_DRILL_ERROR_STATE,        /* the step is not possible now (start an ended drill, …) */
  GW_DRILL_ERROR_INJECTION,    /* an injection could not be applied (its reason) */
  GW_DRILL_ERROR_INVALID,      /* a value out of range (a speed) */
} GwDrillError;

/* Meta keys of a drill's copy. */
#define GW_DRILL_META_SCENARIO  "drill.scenario"
#define GW_DRILL_META_TITLE     "drill.title"
#define GW_DRILL_META_SOURCE    "drill.source"
#define GW_DRILL_META_SHA256    "drill.source_sha256"
#define GW_DRILL_META_STARTED   "drill.started_at"   /* the scenario's first instant, Unix
                                                       * seconds (decimal text) */

/* Copies the county at `source_path` into a new drill database at `drill_path` (replaced
 * if it is a drill's copy already; refused with GW_DRILL_ERROR_NOT_DRILL if it exists and
 * is not one, with GW_DRILL_ERROR_SAME_FILE if it is the source itself, by any name), and
 * marks it for `scenario` (the meta keys above). When `source_path` is NULL a demo county
 * of the scenario's profile and seed, its history ending at the scenario's start, is
 * generated into it instead. The copy is built in a new file beside `drill_path` and
 * renamed onto it when complete: a failure leaves no file and an earlier copy untouched.
 * The source is opened read-only (SQLite's online backup): its bytes are never changed.
 * The copy keeps the county's users but none of their sign-in tokens.
 *
 * The seats' accounts are not made here: passwords are hashed by the server's accounts
 * (libgwaccounts, libsodium), which core does not link. Whoever links them makes the
 * accounts in the copy afterwards (gridwatchd --drill, gridwatchctl drill prepare).
 *
 * Blocking (it copies a file): a worker thread, the CLI or the server's start. */
gboolean gw_drill_prepare_database (const char   *source_path,
                                    const char   *drill_path,
                                    GwScenario   *scenario,
                                    GError      **error);

/* TRUE when the open database is a drill's copy (meta "drill.scenario" set). */
gboolean gw_db_is_drill            (GwDb         *db);

/* Where the app and the server put a drill's copy by default:
 * $XDG_CACHE_HOME/gridwatch/drills/<scenario id>-<yyyymmdd-hhmmss>.db */
char    *gw_drill_default_path     (const char   *scenario_id);

/* The drill log ----------------------------------------------------------------------
 *
 * Entries written by the engine:
 *   INJECTION  ref: the injection's id; ticket_id: the ticket it made (REPORT) or acted on;
 *              actor: "scenario" or who injected it ad hoc; lag_ms; payload: {"kind": the
 *              injection's wire name, …} (a report adds "urgency", "category", "source",
 *              "lon", "lat"; a camera feed "camera", "uri"; a worker "worker"; a network
 *              drop "seat", "username", "until"; a note "text")
 *   WORLD      ref: the action ("verify", "sign", "report_in", "report_back", "evaluate",
 *              "worker_on_duty", "network_restored"); actor: "world"; payload {"role": …,
 *              "department": …}
 *   CONTROL    ref: "start", "pause", "speed", "next", "inject", "end"; actor: the
 *              controller ("controller" when none is named; "scenario" for the end the
 *              duration brings)
 *   FAILED     ref: the injection's id or the world's action; payload {"kind": …,
 *              "reason": the refusal in the UI language}
 * and by seats (the server): SEAT, ref "wall", ticket_id, actor: the seat's username. */

typedef enum {
  GW_DRILL_EVENT_INJECTION = 0,  /* an injection applied (ref: its id) */
  GW_DRILL_EVENT_WORLD,          /* the world acted (ref: the action's name) */
  GW_DRILL_EVENT_CONTROL,        /* start, pause, speed, next, inject, end (ref: which) */
  GW_DRILL_EVENT_SEAT,           /* a seat reported something (ref: "wall") */
  GW_DRILL_EVENT_FAILED,         /* an injection or world action could not be applied */
} GwDrillEventKind;

/* Wire names: "injection", "world", "control", "seat", "failed". */
const char *gw_drill_event_kind_to_string   (GwDrillEventKind  kind);
gboolean    gw_drill_event_kind_from_string (const char       *str,
                                             GwDrillEventKind *out);

typedef struct {
  gint64            id;
  gint64            at;          /* scenario instant (Unix seconds on the drill clock) */
  GwDrillEventKind  kind;
  char             *ref;
  gint64            ticket_id;   /* 0 if none */
  char             *actor;       /* who: "scenario", a seat's username */
  gint64            lag_ms;      /* INJECTION: real ms between due and applied; else 0 */
  char             *payload;     /* JSON object text or NULL */
} GwDrillEvent;

void       gw_drill_event_free        (GwDrillEvent *event);

/* Appends one event (its id is ignored). */
gboolean   gw_db_add_drill_event      (GwDb                *db,
                                       const GwDrillEvent  *event,
                                       GError             **error);
/* Every event with id > after_id, oldest first (GwDrillEvent *). */
GPtrArray *gw_db_list_drill_events    (GwDb                *db,
                                       gint64               after_id,
                                       GError             **error);
/* The ticket a REPORT injection made, 0 if none (yet, or it failed). */
gint64     gw_db_drill_ticket_for     (GwDb                *db,
                                       const char          *injection_id,
                                       GError             **error);

/* The engine -------------------------------------------------------------------------- */

typedef enum {
  GW_DRILL_READY = 0,   /* prepared, the clock paused at the start */
  GW_DRILL_RUNNING,
  GW_DRILL_PAUSED,
  GW_DRILL_ENDED,
} GwDrillState;

const char *gw_drill_state_to_string (GwDrillState state);

#define GW_TYPE_DRILL (gw_drill_get_type ())
G_DECLARE_FINAL_TYPE (GwDrill, gw_drill, GW, DRILL, GObject)

/* `store` must be open on a drill's copy prepared for `scenario`; `clock` a scaled clock
 * (speed 0 until started; the drill sets its speed) or a manual one (gw_clock_new_manual:
 * the drill never sets it but for gw_drill_next(); whoever drives it calls
 * gw_drill_poll_async() after moving it — tests, the headless runner). The drill runs on
 * the thread-default main context of the caller.
 *
 * The world's minute ticks fall on whole minutes after the start and are taken in order
 * however the clock gets there (running, jumped, stepped): the same scenario and the same
 * seats' actions give the same drill. Injections are applied at their own instants, world
 * actions at the tick that finds them due. */
GwDrill      *gw_drill_new             (GwStore     *store,
                                        GwScenario  *scenario,
                                        GwClock     *clock);

GwScenario   *gw_drill_get_scenario    (GwDrill     *self);
GwClock      *gw_drill_get_clock       (GwDrill     *self);
GwDrillState  gw_drill_get_state       (GwDrill     *self);   /* property "state" */
double        gw_drill_get_speed       (GwDrill     *self);   /* property "speed" */
/* Timeline injections handled so far (applied or failed), and the next one due (NULL
 * when none is left). */
guint               gw_drill_get_n_applied     (GwDrill *self);
const GwInjection  *gw_drill_get_next_injection (GwDrill *self);
/* The next scenario instant anything is due at (an injection, a world tick, a timed end,
 * the drill's end): where a manual clock's driver steps it next. 0 once ended. */
gint64              gw_drill_get_next_due      (GwDrill *self);
/* The scenario's last instant (start + duration). */
gint64              gw_drill_get_end_at        (GwDrill *self);

/* Controller commands, each logged with `actor` (NULL: "controller"). Refused with
 * GW_DRILL_ERROR_STATE when not possible now: start from READY or PAUSED (a resume);
 * pause from RUNNING; speed and next while RUNNING or PAUSED (speed also in READY); end
 * unless ENDED. */
gboolean      gw_drill_start           (GwDrill     *self,
                                        const char  *actor,
                                        GError     **error);
gboolean      gw_drill_pause           (GwDrill     *self,
                                        const char  *actor,
                                        GError     **error);
/* 1 … 60 (GW_SCENARIO_MIN/MAX_SPEED, else GW_DRILL_ERROR_INVALID); takes effect at once
 * while running, and on resuming while paused. */
gboolean      gw_drill_set_speed       (GwDrill     *self,
                                        double       speed,
                                        const char  *actor,
                                        GError     **error);
/* Moves the clock to the next injection's instant (the world catches up first). */
gboolean      gw_drill_next            (GwDrill     *self,
                                        const char  *actor,
                                        GError     **error);
/* An ad-hoc injection, applied now (its `at` is ignored; RUNNING or PAUSED only). Finishes
 * when it is written: the ticket it made or acted on (0 for kinds without one), or -1
 * with GW_DRILL_ERROR_INJECTION and the reason when it was refused (it is logged FAILED),
 * GW_DRILL_ERROR_STATE when the drill is not running or paused. */
void          gw_drill_inject_async    (GwDrill            *self,
                                        const GwInjection  *injection,
                                        const char         *actor,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gint64        gw_drill_inject_finish   (GwDrill      *self,
                                        GAsyncResult *result,
                                        GError      **error);
gboolean      gw_drill_end             (GwDrill     *self,
                                        const char  *actor,
                                        GError     **error);

/* Applies whatever is due at the clock's reading now (injections, the world) and
 * finishes when it is written: for manual clocks (tests, the headless runner). Does
 * nothing before the start and after the end. */
void          gw_drill_poll_async      (GwDrill            *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean      gw_drill_poll_finish     (GwDrill      *self,
                                        GAsyncResult *result,
                                        GError      **error);

/* Seats that cannot reach the server now (a NETWORK_DROP in force): their usernames. */
GStrv         gw_drill_dup_dropped_users (GwDrill   *self);

/* Signals:
 *   "applied"  (const GwDrillEvent *event)  an injection or world action was written
 *   "failed"   (const GwDrillEvent *event)  one could not be (event->payload has why)
 *   "note"     (const GwInjection *note)    a NOTE injection: show it to every seat
 * and notify::state, notify::speed. */

G_END_DECLS
