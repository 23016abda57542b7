/* gw-drill-score.h: how a drill went, in figures (演练评估).
 *
 * The score is computed from the drill's database alone — the drill log, the audit log
 * and the tickets the drill's injections reported ("the drill's tickets") — so it can be
 * computed again from the file at any time afterwards, and gives the same answer.
 *
 * Who did what: an audit entry's actor is a seat when it is the seat's username, or the
 * display name of the account with that username (the server writes display names; a
 * display name several seats share counts for the team but for none of them: give seats
 * distinct titles); a drill log entry's actor is the seat's username. Anything else is
 * the scenario's world.
 *
 * Times, in scenario seconds from the ticket's report (its reported_at), per ticket the
 * first time each happened:
 *   acknowledge  the first audit entry on it by a seat, whatever it did
 *   screen       it was first accepted for handling (an entry taking it to "screened":
 *                screen, or escalate)
 *   dispatch     first dispatched or whistled
 *   sign         first signed for
 *   close        first closed
 * A time counts for the seat that did it and for the team (every seat); one the world did
 * (an unstaffed department signing) counts for neither. Each is reported as a count, the
 * median (the mean of the two middle values for an even count) and the mean; NAN when
 * the count is 0.
 *
 * Expectations: the report the expectation is about must have been made (its injection's
 * drill log entry); it is due `within` seconds after the report. It is
 *   MET      when done by then (at or before the due instant),
 *   LATE     when done after it (late_by: how much later),
 *   MISSED   when not done and the due instant has passed by `end` (late_by: end − due),
 *            or when the report was never made,
 *   PENDING  when not done and not yet due at `end` (a score taken during the drill).
 * Done means, on that ticket: SCREENED it was first accepted (as above); DISPATCHED first
 * dispatched, whistled or reassigned to the department (any department when none is
 * named); SIGNED first signed for; WHISTLED first whistled with at least the departments
 * named; ESCALATED first handled at the level named or higher; CLOSED first closed;
 * CAMERAS_ON_WALL a seat's drill log entry SEAT "wall" with the ticket. Whoever did it
 * counts, the world included (done_by says who).
 *
 * The total: points of the expectations MET × 100 / points of all expectations, 0 when
 * the scenario has none. Exact: earned and possible points are kept as integers.
 *
 * Deadlines of the drill's tickets, as the tickets hold them: a sign-for deadline is due
 * when it has passed by `end` or the ticket was signed for, kept when it was signed for by
 * then; a handling deadline is due when it has passed or the ticket was reported back,
 * kept when reported back by then.
 *
 * The three rates (and the other figures) are gw-stats' over the drill's tickets reported
 * in [start, end): gw_db_get_figures()'s definitions and statement.
 */
#pragma once

#include "gw-drill.h"
#include "gw-report.h"
#include "gw-stats.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef enum {
  GW_DRILL_MEASURE_ACKNOWLEDGE = 0,
  GW_DRILL_MEASURE_SCREEN,
  GW_DRILL_MEASURE_DISPATCH,
  GW_DRILL_MEASURE_SIGN,
  GW_DRILL_MEASURE_CLOSE,
  GW_N_DRILL_MEASURES
} GwDrillMeasure;

/* Wire names: "acknowledge", "screen", "dispatch", "sign", "close". */
const char *gw_drill_measure_to_string (GwDrillMeasure measure);

typedef struct {
  guint  count;
  double median_seconds;   /* NAN when count is 0 */
  double mean_seconds;
} GwDrillTiming;

typedef enum {
  GW_DRILL_OUTCOME_MET = 0,
  GW_DRILL_OUTCOME_LATE,
  GW_DRILL_OUTCOME_MISSED,
  GW_DRILL_OUTCOME_PENDING,
  GW_N_DRILL_OUTCOMES
} GwDrillOutcome;

/* Wire names: "met", "late", "missed", "pending". */
const char *gw_drill_outcome_to_string (GwDrillOutcome outcome);

typedef struct {
  const GwExpectation *expectation;   /* the scenario's (the score holds the scenario) */
  gint64               ticket_id;     /* 0 when the report was never made */
  gint64               reported_at;   /* 0 likewise */
  gint64               due_at;        /* reported_at + within; 0 likewise */
  GwDrillOutcome       outcome;
  gint64               done_at;       /* 0 when not done */
  char                *done_by;       /* a seat's id, else the actor as written; NULL */
  gint64               late_by;       /* seconds (LATE, MISSED with a due instant); else 0 */
} GwDrillExpectationResult;

typedef struct {
  const GwScenarioSeat *seat;         /* NULL for the team */
  GwDrillTiming         timings[GW_N_DRILL_MEASURES];
  guint                 n_actions;    /* audit entries on the drill's tickets */
  guint                 expectations; /* expectations naming this seat (the team: all) */
  guint                 met;
  guint                 points;
  guint                 points_met;
} GwDrillSeatScore;

typedef struct {
  GwScenario       *scenario;
  gint64            start;            /* the scenario's first instant */
  gint64            end;              /* the instant the score is taken at */

  guint             n_tickets;        /* the drill's tickets */
  guint             n_injections;     /* injection entries in the drill log */
  guint             n_failed;         /* FAILED entries (injections and the world's) */
  gint64            max_lag_ms;       /* the latest injection's lag */
  double            median_lag_ms;    /* NAN when none */

  GPtrArray        *expectations;     /* GwDrillExpectationResult, in the scenario's order */
  GPtrArray        *seats;            /* GwDrillSeatScore, in the scenario's order */
  GwDrillSeatScore  team;

  guint             sign_deadlines_due;
  guint             sign_deadlines_kept;
  guint             handle_deadlines_due;
  guint             handle_deadlines_kept;

  GwFigures         figures;          /* over the drill's tickets in [start, end) */

  guint             points;           /* of all expectations */
  guint             points_met;       /* of those MET */
  double            total;            /* points_met × 100 / points; 0 without points */
} GwDrillScore;

void          gw_drill_score_free    (GwDrillScore *self);

/* The score at `end` (0: the drill's end as its log says — the "end" entry, else the last
 * entry — or the start when the log is empty). Reads only; blocking: the CLI, or a store
 * thread (below). */
GwDrillScore *gw_drill_score_compute (GwDb         *db,
                                      GwScenario   *scenario,
                                      gint64        end,
                                      GError      **error);

/* The same on one of the store's reader threads. */
void          gw_store_compute_drill_score_async  (GwStore             *store,
                                                   GwScenario          *scenario,
                                                   gint64               end,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GwDrillScore *gw_store_compute_drill_score_finish (GwStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* As JSON: {"scenario", "start", "end", "total", "points", "points_met", "tickets",
 * "injections", "failed", "max_lag_ms", "median_lag_ms", "expectations": [{"id", "kind",
 * "ticket", "ticket_id", "seat", "points", "outcome", "due_at", "done_at", "done_by",
 * "late_by"}], "team": {…}, "seats": [{"seat", "actions", "expectations", "met",
 * "points", "points_met", "times": {measure: {"count", "median", "mean"}}}],
 * "deadlines": {"sign": {"due", "kept"}, "handle": {…}}, "rates": {"response",
 * "resolution", "satisfaction": {"numerator", "denominator", "value"}}}. Instants are
 * Unix seconds; unknown numbers null. */
JsonNode     *gw_drill_score_to_json (const GwDrillScore *self);

/* The after-action report (复盘报告) as a GwReport, for the CSV writer here and the PDF
 * and XLSX writers of libgwreport: the score, the expectations, the seats and the team,
 * their times, the deadlines, the three rates and the injections. Strings in the current
 * message locale. county_name (may be NULL) names the county in the title block. */
GwReport     *gw_drill_score_to_report (const GwDrillScore *self,
                                        const char         *county_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDrillScore, gw_drill_score_free)

G_END_DECLS
