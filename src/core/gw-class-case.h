/* gw-class-case.h: class-case analysis (类案分析) — from solving one problem to solving a
 * class of problems.
 *
 * The tickets of a window are read once (rejected ones, merged duplicates and class-case
 * tickets themselves left out) and searched in memory for
 *
 *   GW_CLASS_CASE_GRID       the same subcategory in the same grid at least N times within
 *                            M days: every ticket that ends such a run, with the run, joins
 *                            one case per (subcategory, grid) burst;
 *   GW_CLASS_CASE_NEARBY     the same, grid-free: at least N reports of the subcategory
 *                            within D metres of a report in the M days up to it (a spatial
 *                            hash of D-sized cells); a case that only repeats one grid case
 *                            is left out;
 *   GW_CLASS_CASE_RETURNING  the same subcategory reported again within D metres in the K
 *                            days after a ticket there was closed (the problem came back):
 *                            the closed tickets and their returns.
 *
 * Nearby and returning cases are anchored at sites, so that a busy town's reports do not
 * chain into one case as long as the town: the reports that satisfy the rule are taken
 * with the most named first; one within D metres of a site joins that site, else it founds
 * a site; what its rule names joins its site unless taken already. A case therefore lies
 * within 2D of its site.
 *   GW_CLASS_CASE_HOTSPOT    a subcategory rising in a street: its reports in the last few
 *                            weeks at least N, twice and two (Poisson) standard deviations
 *                            above what its weeks before them give, scaled by how the
 *                            window's reports as a whole changed between the two; the most
 *                            above expectation first.
 *
 * Every kind needs at least N tickets to make a case.
 *
 * Cases come in a fixed order: the most tickets first, then the most recent, then kind,
 * subcategory and first ticket id. The same database and query give the same list, so a
 * case can be named by its place in it.
 *
 * A case becomes one supervised class-case ticket with gw_db_open_class_case(): reported
 * at the case's place with its subcategory and the member tickets' numbers, accepted,
 * dispatched to the department that can fix the cause, and supervised (督办), each step
 * through the workflow, in one write unit; the members are linked to it in the audit log.
 *
 * League tables rank streets or departments by on-time closure rate and by satisfaction
 * rate, with gw-stats' numerators and denominators; groups with fewer than a minimum
 * sample are listed apart as excluded.
 */
#pragma once

#include "gw-db.h"
#include "gw-policy.h"
#include "gw-stats.h"
#include "gw-store.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

typedef enum {
  GW_CLASS_CASE_GRID = 0,
  GW_CLASS_CASE_NEARBY,
  GW_CLASS_CASE_RETURNING,
  GW_CLASS_CASE_HOTSPOT,
  GW_N_CLASS_CASE_KINDS
} GwClassCaseKind;

/* Wire names: "grid", "nearby", "returning", "hotspot". */
const char *gw_class_case_kind_to_string   (GwClassCaseKind  kind);
gboolean    gw_class_case_kind_from_string (const char      *str,
                                            GwClassCaseKind *out);

#define GW_CLASS_CASE_DEFAULT_MIN_COUNT     5     /* N */
#define GW_CLASS_CASE_DEFAULT_DAYS          30    /* M */
#define GW_CLASS_CASE_DEFAULT_METRES        100.0 /* D */
#define GW_CLASS_CASE_DEFAULT_RETURN_DAYS   30    /* K */
#define GW_CLASS_CASE_DEFAULT_RECENT_WEEKS  4
#define GW_CLASS_CASE_DEFAULT_MAX_HOTSPOTS  10
/* The bounds a query is held to (GW_STORE_ERROR_INVALID outside them). */
#define GW_CLASS_CASE_MIN_METRES            10.0
#define GW_CLASS_CASE_MAX_METRES            5000.0
#define GW_CLASS_CASE_MAX_DAYS              366

/* What to look for. A 0 (or 0.0) field takes its default. */
typedef struct {
  gint64      from;            /* reported at or after (Unix seconds) */
  gint64      to;              /* reported before */
  const char *division_code;   /* only tickets within this division (any level); NULL: all */
  guint       kinds;           /* bits 1 << GwClassCaseKind; 0: every kind */
  guint       min_count;       /* N: the fewest tickets of any case; the reports within M
                                * days that make a recurrence; a hot spot's least count in
                                * its recent weeks (2 … 10000) */
  guint       days;            /* M: the recurrence window in days */
  double      metres;          /* D: the distance for "nearby" and "returning" */
  guint       return_days;     /* K: days after a closure in which a report is a return */
  guint       recent_weeks;    /* hot spots: the weeks compared with the weeks before */
  guint       max_hotspots;    /* hot spots: at most this many */
  guint       limit;           /* at most this many cases in all; 0: no limit */
} GwClassCaseQuery;

typedef struct {
  GwClassCaseKind kind;
  char           *category_code;   /* the subcategory */
  char           *division_code;   /* GRID: the grid; HOTSPOT: the street; otherwise the grid
                                    * of the case's place (NULL if it lies in none) */
  char           *division_name;
  double          lon;             /* the case's place: the member nearest the members' mean */
  double          lat;
  double          radius_m;        /* the farthest member from that place */
  gint64          first_at;        /* the first and the last member's reported_at */
  gint64          last_at;
  GArray         *ticket_ids;      /* gint64, in the order reported (then by id) */
  GPtrArray      *numbers;         /* char *: the members' ticket numbers, same order */
  guint           n_open;          /* members still open */
  guint           n_reopened;      /* members reopened at least once (返工) */
  char           *department_code; /* who should fix the cause: the department most members
                                    * were dispatched to, else the one most tickets of the
                                    * subcategory in the window were; NULL if none was */
  char           *title;           /* one line in the UI language */
  /* GW_CLASS_CASE_HOTSPOT only (otherwise NULL and 0): */
  GArray         *weekly;          /* guint: reports per week, oldest first; the last week
                                    * ends at query->to */
  guint           recent;          /* reports in the recent weeks */
  double          expected;        /* what the weeks before them give, scaled by the change
                                    * of all the window's reports */
} GwClassCase;

GType        gw_class_case_get_type (void) G_GNUC_CONST;
#define GW_TYPE_CLASS_CASE (gw_class_case_get_type ())
GwClassCase *gw_class_case_ref      (GwClassCase *self);
void         gw_class_case_unref    (GwClassCase *self);

/* Fills every field with its default for the window [from, to). */
void       gw_class_case_query_init (GwClassCaseQuery *query,
                                     gint64            from,
                                     gint64            to);

/* The class cases of the window (element type GwClassCase), in the order above. An unknown
 * division is GW_STORE_ERROR_NOT_FOUND; a parameter out of bounds GW_STORE_ERROR_INVALID. */
GPtrArray *gw_db_find_class_cases   (GwDb                   *db,
                                     const GwClassCaseQuery *query,
                                     GError                **error);

/* The same on one of the store's reader threads. */
void       gw_store_find_class_cases_async  (GwStore                *self,
                                             const GwClassCaseQuery *query,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
GPtrArray *gw_store_find_class_cases_finish (GwStore                *self,
                                             GAsyncResult           *result,
                                             GError                **error);

/* Making a class case ------------------------------------------------------------------ */

/* The most tickets a class case made of given tickets may have. */
#define GW_CLASS_CASE_MAX_MEMBERS 10000

/* A case of the given tickets (ids, in any order), as gw_db_find_class_cases() would make
 * it of them: their place and radius, span, numbers, open count, grid (or street, for a
 * hot spot), suggested department and title; for a case named by its members, as a seat
 * names it to the server. A hot spot made so has no weekly counts. Refuses no tickets
 * (GW_WORKFLOW_ERROR_MISSING), a ticket that is not in the database
 * (GW_WORKFLOW_ERROR_NOT_FOUND), and (GW_WORKFLOW_ERROR_INVALID) an id named twice, a
 * rejected ticket, tickets of more than one subcategory and more than
 * GW_CLASS_CASE_MAX_MEMBERS; an unknown kind is GW_STORE_ERROR_INVALID. */
GwClassCase *gw_db_make_class_case (GwDb            *db,
                                    GwClassCaseKind  kind,
                                    const gint64    *ids,
                                    guint            n,
                                    GError         **error);

/* The report a class case starts as, not yet stored: source "higher_level" (上级交办), the
 * case's subcategory and board, at the case's place, handled at `level`, its description
 * naming the kind, the place, the time span and every member's number. */
GwTicket  *gw_class_case_new_report (const GwClassCase *self,
                                     GwLevel            level);

/* Turns `cc` into one class-case ticket at `now`: reports it (gw_db_report), accepts it
 * (screen), dispatches it to department_code (NULL: cc->department_code) and supervises it
 * (督办), each through the workflow as `actor` — a street officer, the district center or
 * a commander, whose level the ticket is handled at — and records in the audit log, on it
 * and on every member, that the members belong to it. One write unit: on any refusal
 * nothing is written. Refuses an empty case (GW_WORKFLOW_ERROR_MISSING), another role
 * (GW_WORKFLOW_ERROR_WRONG_ROLE), a member that is not in the database
 * (GW_WORKFLOW_ERROR_NOT_FOUND), no or an unknown department (GW_WORKFLOW_ERROR_MISSING,
 * GW_WORKFLOW_ERROR_INVALID), and whatever the workflow refuses (a place outside the
 * actor's area: GW_WORKFLOW_ERROR_JURISDICTION). policy and calendar may be NULL for the
 * shipped ones. Returns the new ticket as it is afterwards. */
GwTicket  *gw_db_open_class_case    (GwDb              *db,
                                     const GwActor     *actor,
                                     GwClassCase       *cc,
                                     const char        *department_code,
                                     gint64             now,
                                     GwPolicy          *policy,
                                     GwCalendar        *calendar,
                                     GError           **error);

/* The member ticket ids (gint64, in the order given) recorded for a class-case ticket; an
 * empty array for a ticket that is none. */
GArray    *gw_db_list_class_case_members (GwDb     *db,
                                          gint64    ticket_id,
                                          GError  **error);

/* The same as gw_db_open_class_case() on the store's writer thread; the actor's strings are
 * copied. Returns the new ticket. */
void       gw_store_open_class_case_async  (GwStore             *self,
                                            const GwActor       *actor,
                                            GwClassCase         *cc,
                                            const char          *department_code,
                                            gint64               now,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GwTicket  *gw_store_open_class_case_finish (GwStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* League tables ------------------------------------------------------------------------ */

typedef enum {
  GW_LEAGUE_BY_STREET = 0,
  GW_LEAGUE_BY_DEPARTMENT,
} GwLeagueGrouping;

typedef enum {
  GW_LEAGUE_ON_TIME_CLOSURE = 0,   /* 按期结案率: closed by the handling deadline / closed */
  GW_LEAGUE_SATISFACTION,          /* 满意率: satisfied or basically satisfied / evaluated */
  GW_N_LEAGUE_MEASURES
} GwLeagueMeasure;

#define GW_LEAGUE_DEFAULT_MIN_SAMPLE 20

typedef struct {
  gint64            from;            /* reported in [from, to), as gw-stats counts */
  gint64            to;
  const char       *division_code;   /* streets within it, or departments' tickets within
                                      * it; NULL: the whole database */
  GwLeagueGrouping  by;
  guint             min_sample;      /* 0: GW_LEAGUE_DEFAULT_MIN_SAMPLE */
} GwLeagueQuery;

typedef struct {
  const char *code;    /* the street's division code or the department's code */
  const char *name;
  GwRate      rate;    /* from gw-stats: the rate's numerator and denominator */
  guint       rank;    /* 1 for the best; equal rates share a rank; 0 when excluded */
} GwLeagueRow;

typedef struct {
  GwLeagueGrouping by;
  gint64           from;
  gint64           to;
  guint            min_sample;
  /* Per measure: the ranked rows, best first (equal rates: the larger sample, then by
   * code), and the rows whose denominator is under min_sample, by code. Every street (of
   * the division) or department has a row in one of the two. Element type GwLeagueRow. */
  GArray          *ranked[GW_N_LEAGUE_MEASURES];
  GArray          *excluded[GW_N_LEAGUE_MEASURES];
} GwLeague;

GType      gw_league_get_type (void) G_GNUC_CONST;
#define GW_TYPE_LEAGUE (gw_league_get_type ())
GwLeague  *gw_league_ref      (GwLeague *self);
void       gw_league_unref    (GwLeague *self);

/* Unknown division codes are GW_STORE_ERROR_NOT_FOUND. */
GwLeague  *gw_db_get_league   (GwDb                *db,
                               const GwLeagueQuery *query,
                               GError             **error);

void       gw_store_get_league_async  (GwStore             *self,
                                       const GwLeagueQuery *query,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GwLeague  *gw_store_get_league_finish (GwStore             *self,
                                       GAsyncResult        *result,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwClassCase, gw_class_case_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwLeague, gw_league_unref)

G_END_DECLS
