/* gw-scenario-private.h: shared between gw-scenario.c (types, memory, names),
 * gw-scenario-parse.c (the file format) and gw-scenario-county.c (the county check). */
#pragma once

#include "gw-scenario.h"

G_BEGIN_DECLS

/* The kinds of code a scenario names, checked against a county. */
typedef enum {
  GW_SCENARIO_REF_GRID = 0,     /* a grid or micro-grid */
  GW_SCENARIO_REF_DIVISION,     /* any division (a seat's area) */
  GW_SCENARIO_REF_CATEGORY,     /* a category or subcategory of the dictionary */
  GW_SCENARIO_REF_DEPARTMENT,
  GW_SCENARIO_REF_CAMERA,       /* a GB/T 28181 id */
  GW_SCENARIO_REF_WORKER,
  GW_SCENARIO_REF_POINT,        /* "lon,lat" that must fall inside the county */
} GwScenarioRefKind;

/* One code as the file gives it: where, so that the county check can say so. */
typedef struct {
  GwScenarioRefKind  kind;
  char              *code;
  guint              line;
  char              *field;
  GwRole             role;      /* GW_SCENARIO_REF_DIVISION: the seat's role */
  double             lon, lat;  /* GW_SCENARIO_REF_POINT */
} GwScenarioRef;

/* GwScenario with what callers need not see. */
typedef struct {
  GwScenario      pub;
  gatomicrefcount ref;
  GPtrArray      *refs;       /* GwScenarioRef *, in file order */
} GwScenarioReal;

GwScenario  *_gw_scenario_new        (void);
GwInjection *_gw_injection_new       (void);
void         _gw_expectation_free    (GwExpectation        *self);
void         _gw_scenario_seat_free  (GwScenarioSeat       *seat);
void         _gw_scenario_ref_free   (GwScenarioRef        *ref);
void         _gw_scenario_text_clear (GwScenarioText       *text);
void         _gw_scenario_text_copy  (GwScenarioText       *dest,
                                      const GwScenarioText *src);
void         _gw_scenario_text_set   (GwScenarioText       *text,
                                      const char           *en,
                                      const char           *zh_CN);

/* A new problem; `field` NULL means "". */
GwScenarioProblem *_gw_scenario_problem_new (guint       line,
                                             const char *field,
                                             const char *message);
/* Sorts the problems by line (stable) and sets `error` from the first: "line N: field:
 * message (and N more)". */
void         _gw_scenario_problems_to_error (GPtrArray  *problems,
                                             GQuark      domain,
                                             int         code,
                                             GError    **error);

/* "90s", "10m", "2h", "3d", "1h30m" or "+HH:MM[:SS]" -> seconds. */
gboolean     _gw_scenario_parse_duration (const char *text,
                                          gint64     *out);
/* The shortest form _gw_scenario_parse_duration() reads back: "1h30m", "0s". */
char        *_gw_scenario_format_duration (gint64 seconds);
/* "+HH:MM:SS". */
char        *_gw_scenario_format_offset   (gint64 seconds);

/* Parsing (gw-scenario-parse.c: the file, its lines, the checked getters; gw-scenario-inject.c:
 * injections and report bursts) ----------------------------------------------------------- */

typedef struct _GwScenarioLines GwScenarioLines;

typedef struct {
  GwScenarioLines *lines;       /* NULL: no line numbers (JSON from elsewhere) */
  GPtrArray       *problems;    /* GwScenarioProblem * */
  GPtrArray       *refs;        /* GwScenarioRef *: codes for the county check */
  GwScenario      *scenario;    /* seats, folder (read-only for an ad-hoc injection; NULL) */
  GHashTable      *injections;  /* id -> GwInjection * (borrowed): every id taken */
  GHashTable      *bursts;      /* burst id -> GUINT_TO_POINTER (its count) */
  GPtrArray       *pending;     /* GwScenarioPending *: `ticket` references to resolve */
  guint            total;       /* injections so far, bursts expanded */
  gint64           duration;    /* the scenario's; -1 when unknown */
  gboolean         adhoc;       /* one injection given on its own */
} GwScenarioCtx;

/* A reference to a report injection, resolved once every injection is known. */
typedef struct {
  char   *ticket;
  char   *field;
  guint   line;
  gint64  at;                   /* the referring injection's instant; -1: an expectation */
} GwScenarioPending;

void      _gw_scenario_ctx_init  (GwScenarioCtx *ctx);
void      _gw_scenario_ctx_clear (GwScenarioCtx *ctx);
void      _gw_scenario_pending_free (GwScenarioPending *pending);

void      _gw_scenario_problem (GwScenarioCtx *ctx,
                                guint          line,
                                const char    *field,
                                const char    *format,
                                ...) G_GNUC_PRINTF (4, 5);
guint     _gw_scenario_member_line  (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *member);
guint     _gw_scenario_element_line (GwScenarioCtx *ctx,
                                     JsonArray     *array,
                                     guint          index);
guint     _gw_scenario_object_line  (GwScenarioCtx *ctx,
                                     JsonObject    *obj);
void      _gw_scenario_add_ref      (GwScenarioCtx     *ctx,
                                     GwScenarioRefKind  kind,
                                     const char        *code,
                                     guint              line,
                                     const char        *field);

/* Refuses members not in `allowed` (names starting with "_" are comments); `kind` NULL, or
 * the kind of injection or expectation the object is, for the message. */
void      _gw_scenario_check_members (GwScenarioCtx     *ctx,
                                      JsonObject        *obj,
                                      const char        *path,
                                      const char *const *allowed,
                                      const char        *kind);

/* The checked getters. Each returns TRUE when it stored a value; an absent (or null)
 * member leaves *out alone and is a problem only when `required`; a present member of
 * the wrong kind is always a problem. */
JsonNode *_gw_scenario_get_member   (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required);
gboolean  _gw_scenario_get_string   (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     gsize          max_bytes,
                                     char         **out);
gboolean  _gw_scenario_get_id       (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     char         **out);
gboolean  _gw_scenario_get_code     (GwScenarioCtx     *ctx,
                                     JsonObject        *obj,
                                     const char        *path,
                                     const char        *name,
                                     gboolean           required,
                                     GwScenarioRefKind  kind,
                                     char             **out);
gboolean  _gw_scenario_get_text     (GwScenarioCtx  *ctx,
                                     JsonObject     *obj,
                                     const char     *path,
                                     const char     *name,
                                     gboolean        required,
                                     GwScenarioText *out);
gboolean  _gw_scenario_node_text    (GwScenarioCtx  *ctx,
                                     JsonNode       *node,
                                     const char     *field,
                                     guint           line,
                                     GwScenarioText *out);
gboolean  _gw_scenario_get_duration (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     gboolean       allow_never,
                                     gint64        *out);
gboolean  _gw_scenario_get_number   (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     double         min,
                                     double         max,
                                     double        *out);
gboolean  _gw_scenario_get_int      (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     gint64         min,
                                     gint64         max,
                                     gint64        *out);
/* A string that must be one of `names` (NULL-terminated); *out its index. */
gboolean  _gw_scenario_get_enum     (GwScenarioCtx     *ctx,
                                     JsonObject        *obj,
                                     const char        *path,
                                     const char        *name,
                                     gboolean           required,
                                     const char *const *names,
                                     guint             *out);
/* An array of codes (each recorded as a reference of `kind`), at least one. */
GPtrArray *_gw_scenario_get_codes   (GwScenarioCtx     *ctx,
                                     JsonObject        *obj,
                                     const char        *path,
                                     const char        *name,
                                     gboolean           required,
                                     GwScenarioRefKind  kind);
/* A seat's id that must name one of the scenario's seats. */
gboolean  _gw_scenario_get_seat     (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     char         **out);
/* A reference to a report injection, resolved later (`at`: see GwScenarioPending). */
gboolean  _gw_scenario_get_ticket   (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     gint64         at,
                                     char         **out);
void      _gw_scenario_resolve_pending (GwScenarioCtx *ctx);
/* A level an escalation goes to: district, street or community. */
gboolean  _gw_scenario_get_level    (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     gboolean       required,
                                     GwLevel       *out);
/* Role and level names in both languages, for texts made when a file gives none. */
const char *_gw_scenario_level_name (GwLevel   level,
                                     gboolean  chinese);

/* "expected <expected>, found <what node is>" for member `name` of obj. */
void      _gw_scenario_type_problem (GwScenarioCtx *ctx,
                                     JsonObject    *obj,
                                     const char    *path,
                                     const char    *name,
                                     const char    *expected,
                                     JsonNode      *node);
/* gw-scenario-lines.c: records the lines while `parser` parses. */
GwScenarioLines *_gw_scenario_lines_new  (JsonParser      *parser);
void             _gw_scenario_lines_free (GwScenarioLines *lines);

/* A member given twice in one object. */
typedef struct {
  char  *name;
  guint  line;        /* the last one, whose value json-glib keeps */
  guint  first_line;
} GwScenarioDuplicate;

/* GwScenarioDuplicate * of `obj`, or NULL. */
GPtrArray       *_gw_scenario_lines_get_duplicates (GwScenarioLines *lines,
                                                    JsonObject      *obj);
gboolean  _gw_scenario_has_member   (JsonObject    *obj,
                                     const char    *name);
void      _gw_scenario_add_point_ref (GwScenarioCtx *ctx,
                                      double         lon,
                                      double         lat,
                                      guint          line,
                                      const char    *field);

/* gw-scenario-expect.c: one element of "expectations"; `ids` those taken so far. */
void      _gw_scenario_parse_expectation (GwScenarioCtx *ctx,
                                          JsonObject    *obj,
                                          const char    *path,
                                          GHashTable    *ids);

/* gw-scenario-burst.c: a "report_burst" entry: checks it and, when `id` is known, `at` is
 * not negative and nothing was wrong, appends its reports to `out`. */
void      _gw_scenario_parse_burst (GwScenarioCtx *ctx,
                                    JsonObject    *obj,
                                    const char    *path,
                                    const char    *id,
                                    gint64         at,
                                    guint          line,
                                    GPtrArray     *out);

/* gw-scenario-inject.c: one element of "injections"; appends the injection, or a burst's
 * reports, to `out` and registers their ids. */
void      _gw_scenario_parse_injection (GwScenarioCtx *ctx,
                                        JsonObject    *obj,
                                        const char    *path,
                                        GPtrArray     *out);

/* The limits of strings in a file. */
#define GW_SCENARIO_MAX_ID     64
#define GW_SCENARIO_MAX_CODE   64
#define GW_SCENARIO_MAX_TEXT   8000
#define GW_SCENARIO_MAX_NAME   256

G_END_DECLS
