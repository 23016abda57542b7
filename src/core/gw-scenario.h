/* gw-scenario.h: a drill scenario (演练脚本) — what happens when, and what is expected.
 *
 * A scenario is a JSON file (format in docs/SCENARIOS.md; shipped ones under
 * data/scenarios/). It names the county it is played on, the instant the drill's clock
 * starts at and its default speed, the seats that play (duty officers, a department, a
 * commander), how the unstaffed world answers (grid workers, departments nobody plays),
 * a timeline of injections and the expectations the team is scored on.
 *
 * Parsing is strict: every error names the line and the field ("line 14: injections[2].at:
 * …"), all errors of a file are collected, not only the first, and a scenario with any
 * error is refused whole. gw_scenario_check_county() checks the codes a scenario names
 * (grids, categories, departments, cameras, workers) against a county database.
 *
 * Texts a person reads (titles, descriptions) are GwScenarioText: English and Chinese,
 * either may be missing but not both; gw_scenario_text_get() picks the one for the UI's
 * language.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-db.h"
#include "gw-enums.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

#define GW_SCENARIO_ERROR (gw_scenario_error_quark ())
GQuark gw_scenario_error_quark (void);

typedef enum {
  GW_SCENARIO_ERROR_SYNTAX,      /* not JSON, or too big / too deep */
  GW_SCENARIO_ERROR_INVALID,     /* a field missing, of the wrong type or out of range */
  GW_SCENARIO_ERROR_COUNTY,      /* a code the county does not have */
} GwScenarioError;

/* Files larger than this are refused before they are parsed. */
#define GW_SCENARIO_MAX_SIZE        (4 * 1024 * 1024)
#define GW_SCENARIO_MAX_DEPTH       16
/* A scenario's injections after report bursts are expanded. */
#define GW_SCENARIO_MAX_INJECTIONS  50000
#define GW_SCENARIO_MIN_SPEED       1.0
#define GW_SCENARIO_MAX_SPEED       60.0

typedef struct {
  char *en;        /* NULL when missing */
  char *zh_CN;
} GwScenarioText;

/* The text for the current gettext language (zh_CN when LANGUAGE/LC_MESSAGES says zh, else
 * English), falling back to the other. Never NULL for a parsed scenario's texts. */
const char *gw_scenario_text_get (const GwScenarioText *text);

/* One error of a file: where and what. */
typedef struct {
  guint  line;        /* 1-based; 0 when not known (an error of the whole file) */
  char  *field;       /* the path of the field, "injections[2].at"; "" for the whole file */
  char  *message;     /* what is wrong, in the UI language */
} GwScenarioProblem;

/* A seat that plays in the drill: an account made in the drill's database. */
typedef struct {
  char           *id;              /* the scenario's name for it, "district-duty" */
  GwRole          role;
  char           *division_code;   /* its area (street officers, community staff, grid
                                    * workers; a commander's level); NULL: the county */
  char           *department_code; /* department handlers */
  char           *username;        /* the account; default "drill-" + id */
  char           *password;        /* default "drill" */
  GwScenarioText  title;
} GwScenarioSeat;

/* How the world nobody plays answers, in scenario seconds after the step that makes the
 * action possible. 0 means never (the step waits for a seat). */
typedef struct {
  gint64   verify_after;        /* a grid worker verifies a citizen's or hotline report */
  gint64   sign_after;          /* an unstaffed department signs for a dispatched ticket */
  gint64   report_in_after;     /* an unstaffed whistled department reports in */
  gint64   report_back_after;   /* an unstaffed department reports back (resolved) */
  gint64   evaluate_after;      /* the reporter evaluates a closed ticket (satisfied) */
  GPtrArray *staffed_departments; /* char *: departments a seat plays; the world never acts
                                   * for them */
} GwScenarioWorld;

typedef enum {
  GW_INJECTION_REPORT = 0,     /* a new report */
  GW_INJECTION_DIRECTIVE,      /* from the higher level (上级): supervise (督办) an injected
                                * ticket, or demand it be escalated */
  GW_INJECTION_CAMERA_FEED,    /* a camera's stream switched to a video file */
  GW_INJECTION_WORKER_OFF,     /* a grid worker goes off duty (for a while) */
  GW_INJECTION_NETWORK_DROP,   /* the network between a seat and the server drops */
  GW_INJECTION_NOTE,           /* a message shown to every seat (a phone call, a rumour) */
  GW_N_INJECTION_KINDS
} GwInjectionKind;

/* Wire names: "report", "directive", "camera_feed", "worker_off_duty", "network_drop",
 * "note". ("report_burst" exists only in files: it expands into reports.) */
const char *gw_injection_kind_to_string   (GwInjectionKind  kind);
gboolean    gw_injection_kind_from_string (const char      *str,
                                           GwInjectionKind *out);

typedef struct {
  char            *id;           /* unique in the scenario; a burst's reports are
                                  * "<burst id>#<n>" from 1 */
  gint64           at;           /* scenario seconds after the start */
  GwInjectionKind  kind;
  guint            line;         /* where it stands in the file */

  /* REPORT */
  char            *category_code;
  char            *grid_code;    /* the place by grid (its centre, or a point in it), or */
  double           lon, lat;     /* the place by coordinates (WGS84); NAN when by grid */
  GwScenarioText   description;
  GwSource         source;
  GwUrgency        urgency;
  char            *address;
  char            *reporter;
  GPtrArray       *attachments;  /* char *: file names relative to the scenario's folder */

  /* DIRECTIVE, CAMERA_FEED (optional: near that ticket) */
  char            *ticket;       /* the id of the REPORT injection it is about */
  char            *action;       /* DIRECTIVE: "supervise" or "escalate" */
  GwLevel          level;        /* DIRECTIVE escalate: to this level */

  /* CAMERA_FEED */
  char            *camera_code;  /* NULL: the camera nearest the ticket's place */
  char            *video;        /* a file relative to the scenario's folder, or a URI */

  /* WORKER_OFF */
  char            *worker_code;  /* NULL: the worker of the ticket's grid */

  /* NETWORK_DROP */
  char            *seat;         /* a seat's id */

  /* WORKER_OFF, NETWORK_DROP: for how long (scenario seconds); 0 for the rest */
  gint64           duration;

  /* NOTE, and the text of a DIRECTIVE */
  GwScenarioText   text;
} GwInjection;

typedef enum {
  GW_EXPECT_SCREENED = 0,      /* accepted (受理) within */
  GW_EXPECT_DISPATCHED,        /* dispatched (派遣) within, optionally to `department` */
  GW_EXPECT_SIGNED,            /* signed for (签收) within */
  GW_EXPECT_WHISTLED,          /* whistled (吹哨) within, with at least `departments` */
  GW_EXPECT_ESCALATED,         /* escalated to `level` or higher within */
  GW_EXPECT_CLOSED,            /* closed (结案) within */
  GW_EXPECT_CAMERAS_ON_WALL,   /* a seat put cameras near the ticket on a wall within */
  GW_N_EXPECT_KINDS
} GwExpectKind;

/* Wire names: "screened_within", "dispatched_within", "signed_within", "whistled_within",
 * "escalated_within", "closed_within", "cameras_on_wall_within". */
const char *gw_expect_kind_to_string   (GwExpectKind  kind);
gboolean    gw_expect_kind_from_string (const char   *str,
                                        GwExpectKind *out);

typedef struct {
  char          *id;             /* unique in the scenario */
  GwExpectKind   kind;
  char          *ticket;         /* the REPORT injection it is about */
  gint64         within;         /* scenario seconds after that injection */
  char          *department_code;/* DISPATCHED: to this department (optional) */
  GPtrArray     *departments;    /* WHISTLED: char *, at least these */
  GwLevel        level;          /* ESCALATED */
  char          *seat;           /* optional: the seat expected to act (scored per seat) */
  guint          points;         /* weight in the score, default 10 */
  guint          line;
  GwScenarioText title;          /* what is expected, said for people; made from the kind
                                  * when the file gives none */
} GwExpectation;

typedef struct {
  char            *path;          /* the file it was read from (absolute), or NULL */
  char            *folder;        /* where relative files are looked up */
  char            *id;
  GwScenarioText   title;
  GwScenarioText   summary;
  char            *profile;       /* the demo county it is written for: "small", "tongnan" */
  guint32          seed;          /* and its seed */
  gint64           start;         /* Unix seconds: the drill clock's first instant */
  double           speed;         /* default speed, 1 … 60 */
  gint64           duration;      /* scenario seconds until the drill ends by itself */
  GPtrArray       *seats;         /* GwScenarioSeat * */
  GwScenarioWorld  world;
  GPtrArray       *injections;    /* GwInjection *, by `at` (stable: file order on ties),
                                   * bursts expanded */
  GPtrArray       *expectations;  /* GwExpectation * */
} GwScenario;

GType        gw_scenario_get_type (void) G_GNUC_CONST;
#define GW_TYPE_SCENARIO (gw_scenario_get_type ())
GwScenario  *gw_scenario_ref      (GwScenario *self);
void         gw_scenario_unref    (GwScenario *self);

/* Parses and validates. On any error returns NULL, sets `error` (GW_SCENARIO_ERROR, the
 * first problem's "line N: field: message", with "(and N more problems)") and, if `problems`
 * is not NULL, stores every problem there (GwScenarioProblem *, by line; an empty array when
 * the scenario is valid; free with g_ptr_array_unref). GW_SCENARIO_ERROR_SYNTAX: the file is
 * not JSON, not UTF-8, too big or too deep; GW_SCENARIO_ERROR_INVALID: anything else. `path`
 * is used for the folder of relative files (attachments and videos must exist there) and
 * in messages; may be NULL for data from elsewhere (then files are not looked for). */
GwScenario  *gw_scenario_new_from_data (const char   *data,
                                        gsize         length,
                                        const char   *path,
                                        GPtrArray   **problems,
                                        GError      **error);
/* Reads the file (at most GW_SCENARIO_MAX_SIZE) and parses it. Blocking: call it on a
 * worker thread, or from the CLI. A file that cannot be read is a G_IO_ERROR, and then
 * *problems is NULL. */
GwScenario  *gw_scenario_new_from_file (const char   *path,
                                        GPtrArray   **problems,
                                        GError      **error);

void         gw_scenario_problem_free  (GwScenarioProblem *problem);

/* The `at` of an ad-hoc injection given without one: apply it when it is received. */
#define GW_INJECTION_AT_NOW ((gint64) -1)

/* One injection given on its own (an ad-hoc event from the drill controller, the body of
 * POST /api/v1/drill/inject): the same fields and checks as in a file, its `at` optional
 * (default: GW_INJECTION_AT_NOW) and relative to the start, its `id` optional (default: a
 * fresh "adhoc-" id). "report_burst" is refused (a burst is part of a file). `scenario`
 * resolves `ticket` and `seat` references (an id taken by one of its injections is refused);
 * NULL: references are refused. Errors are GW_SCENARIO_ERROR_INVALID, "field: message". */
GwInjection *gw_injection_new_from_json (JsonNode     *node,
                                         GwScenario   *scenario,
                                         GError      **error);
GwInjection *gw_injection_copy          (const GwInjection *self);
void         gw_injection_free          (GwInjection  *self);
JsonNode    *gw_injection_to_json       (const GwInjection *self);

/* Checks every code the scenario names against the county (GW_SCENARIO_ERROR_COUNTY; the
 * problems as above, with the lines and fields of the file): grids are grids or micro-grids,
 * seats' divisions exist at the level of their role, categories are in the shipped
 * dictionary, departments, cameras and workers exist, coordinates lie in the county's grids.
 * Read-only. An SQL failure is a GW_STORE_ERROR. Only a parsed scenario carries the codes:
 * one built by hand (_gw_scenario_new) passes with nothing checked. */
gboolean     gw_scenario_check_county  (GwScenario   *self,
                                        GwDb         *db,
                                        GPtrArray   **problems,
                                        GError      **error);

const GwInjection   *gw_scenario_find_injection  (GwScenario *self,
                                                  const char *id);
const GwScenarioSeat *gw_scenario_find_seat      (GwScenario *self,
                                                  const char *id);
const GwScenarioSeat *gw_scenario_find_seat_by_username (GwScenario *self,
                                                         const char *username);

/* The shipped scenarios' folder ($GW_SCENARIO_DIR if set; else data/scenarios installed
 * under PKGDATADIR; else the source tree's when run uninstalled), and the .json files in it
 * (full paths), sorted. */
const char  *gw_scenario_get_shipped_folder (void);
GStrv        gw_scenario_list_shipped       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwScenario, gw_scenario_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwInjection, gw_injection_free)

G_END_DECLS
