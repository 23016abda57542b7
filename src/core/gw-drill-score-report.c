/* gw-drill-score-report.c: a drill's score as JSON and as an after-action report
 * (GwReport), for the writers of the reports (see gw-drill-score.h). */
#define G_LOG_DOMAIN "gw-drill-score"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-drill-score.h"
#include "gw-report-private.h"
#include "gw-time.h"

/* JSON ------------------------------------------------------------------------------------- */

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_instant (JsonBuilder *b,
             const char  *name,
             gint64       value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_seat (JsonBuilder            *b,
          const GwDrillSeatScore *seat)
{
  json_builder_begin_object (b);
  add_string (b, "seat", seat->seat ? seat->seat->id : NULL);
  add_int (b, "actions", seat->n_actions);
  add_int (b, "expectations", seat->expectations);
  add_int (b, "met", seat->met);
  add_int (b, "points", seat->points);
  add_int (b, "points_met", seat->points_met);
  json_builder_set_member_name (b, "times");
  json_builder_begin_object (b);
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    {
      json_builder_set_member_name (b, gw_drill_measure_to_string (m));
      json_builder_begin_object (b);
      add_int (b, "count", seat->timings[m].count);
      add_number (b, "median", seat->timings[m].median_seconds);
      add_number (b, "mean", seat->timings[m].mean_seconds);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_rate (JsonBuilder *b,
          const char  *name,
          GwRate       rate)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "numerator", rate.numerator);
  add_int (b, "denominator", rate.denominator);
  add_number (b, "value", gw_rate_value (rate));
  json_builder_end_object (b);
}

JsonNode *
gw_drill_score_to_json (const GwDrillScore *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "scenario", self->scenario->id);
  add_int (b, "start", self->start);
  add_int (b, "end", self->end);
  add_number (b, "total", self->total);
  add_int (b, "points", self->points);
  add_int (b, "points_met", self->points_met);
  add_int (b, "tickets", self->n_tickets);
  add_int (b, "injections", self->n_injections);
  add_int (b, "failed", self->n_failed);
  add_int (b, "max_lag_ms", self->max_lag_ms);
  add_number (b, "median_lag_ms", self->median_lag_ms);

  json_builder_set_member_name (b, "expectations");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->expectations->len; i++)
    {
      const GwDrillExpectationResult *r = g_ptr_array_index (self->expectations, i);

      json_builder_begin_object (b);
      add_string (b, "id", r->expectation->id);
      add_string (b, "kind", gw_expect_kind_to_string (r->expectation->kind));
      add_string (b, "ticket", r->expectation->ticket);
      add_instant (b, "ticket_id", r->ticket_id);
      add_string (b, "seat", r->expectation->seat);
      add_int (b, "points", r->expectation->points);
      add_string (b, "outcome", gw_drill_outcome_to_string (r->outcome));
      add_instant (b, "due_at", r->due_at);
      add_instant (b, "done_at", r->done_at);
      add_string (b, "done_by", r->done_by);
      add_int (b, "late_by", r->late_by);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "team");
  add_seat (b, &self->team);
  json_builder_set_member_name (b, "seats");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->seats->len; i++)
    add_seat (b, g_ptr_array_index (self->seats, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "deadlines");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sign");
  json_builder_begin_object (b);
  add_int (b, "due", self->sign_deadlines_due);
  add_int (b, "kept", self->sign_deadlines_kept);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "handle");
  json_builder_begin_object (b);
  add_int (b, "due", self->handle_deadlines_due);
  add_int (b, "kept", self->handle_deadlines_kept);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "rates");
  json_builder_begin_object (b);
  add_rate (b, "response", self->figures.response);
  add_rate (b, "resolution", self->figures.resolution);
  add_rate (b, "satisfaction", self->figures.satisfaction);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The report -------------------------------------------------------------------------------- */

static void
cell_take_text (GwReportTable *table,
                char          *text)
{
  _gw_report_add_text (table, text);
  g_free (text);
}

static char *
format_instant (gint64      t,
                const char *format)
{
  g_autoptr(GDateTime) local = NULL;

  if (t == 0)
    return NULL;
  local = gw_time_to_date_time (t);
  return g_date_time_format (local, format);
}

static const char *
measure_label (GwDrillMeasure m)
{
  static const char *const labels[] = {
    N_("Acknowledge"), N_("Screen"), N_("Dispatch"), N_("Sign for"), N_("Close"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_DRILL_MEASURES);
  return _(labels[m]);
}

static const char *
outcome_label (GwDrillOutcome o)
{
  static const char *const labels[] = {
    N_("met"), N_("late"), N_("missed"), N_("pending"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_DRILL_OUTCOMES);
  return _(labels[o]);
}

static const char *
seat_label (const GwScenarioSeat *seat)
{
  const char *title;

  if (seat == NULL)
    return _("Team");
  title = gw_scenario_text_get (&seat->title);
  return title ? title : seat->id;
}

static double
minutes (double seconds)
{
  return isfinite (seconds) ? seconds / 60.0 : NAN;
}

static void
add_times (GwReportTable          *table,
           const GwDrillSeatScore *seat)
{
  for (guint m = 0; m < GW_N_DRILL_MEASURES; m++)
    {
      if (seat->seat != NULL && seat->timings[m].count == 0)
        continue;
      _gw_report_add_text (table, seat_label (seat->seat));
      _gw_report_add_text (table, measure_label (m));
      _gw_report_add_int (table, seat->timings[m].count);
      _gw_report_add_number (table, GW_REPORT_CELL_DECIMAL, minutes (seat->timings[m].median_seconds));
      _gw_report_add_number (table, GW_REPORT_CELL_DECIMAL, minutes (seat->timings[m].mean_seconds));
    }
}

static void
add_seat_row (GwReportTable          *table,
              const GwDrillSeatScore *seat)
{
  _gw_report_add_text (table, seat_label (seat->seat));
  _gw_report_add_int (table, seat->n_actions);
  _gw_report_add_int (table, seat->expectations);
  _gw_report_add_int (table, seat->met);
  _gw_report_add_int (table, seat->points);
  _gw_report_add_int (table, seat->points_met);
}

static void
add_rate_row (GwReportTable *table,
              const char    *label,
              GwRate         rate)
{
  _gw_report_add_text (table, label);
  _gw_report_add_number (table, GW_REPORT_CELL_PERCENT, gw_rate_value (rate));
  _gw_report_add_int (table, rate.numerator);
  _gw_report_add_int (table, rate.denominator);
}

static void
add_deadline_row (GwReportTable *table,
                  const char    *label,
                  guint          due,
                  guint          kept)
{
  GwRate rate = { kept, due };

  _gw_report_add_text (table, label);
  _gw_report_add_int (table, due);
  _gw_report_add_int (table, kept);
  _gw_report_add_number (table, GW_REPORT_CELL_PERCENT, gw_rate_value (rate));
}

GwReport *
gw_drill_score_to_report (const GwDrillScore *self,
                          const char         *county_name)
{
  g_autoptr(GwReport) report = g_new0 (GwReport, 1);
  GwReportSection *section;
  g_autofree char *from = format_instant (self->start, "%Y-%m-%d %H:%M");
  g_autofree char *to = format_instant (self->end, "%H:%M");
  const char *title = gw_scenario_text_get (&self->scenario->title);
  GwReportTable *table;

  g_return_val_if_fail (self != NULL, NULL);

  report->period = GW_REPORT_DAILY;
  report->from = self->start;
  report->to = self->end;
  report->division_name = g_strdup (county_name ? county_name : "—");
  report->generated_at = g_get_real_time () / G_USEC_PER_SEC;
  report->title = g_strdup_printf (_("Drill after-action report: %s"), title ? title : self->scenario->id);
  report->subtitle = g_strdup_printf ("%s – %s", from ? from : "", to ? to : "");
  report->summary = g_strdup_printf (_("Score %.1f of 100: %u of %u expectations met (%u of %u points). "
                                       "%u tickets reported in the drill, %lld closed; "
                                       "%u injections applied, %u actions failed."),
                                     self->total, self->team.met, self->team.expectations, self->points_met,
                                     self->points, self->n_tickets, (long long) self->figures.closed, self->n_injections,
                                     self->n_failed);
  report->figures = self->figures;
  report->overdue = (self->sign_deadlines_due - self->sign_deadlines_kept) +
                    (self->handle_deadlines_due - self->handle_deadlines_kept);
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_report_section_free);
  section = _gw_report_section_new (report, NULL, NULL);

  table = _gw_report_table_new (section, "score", _("Score"),
                     _("Total score"), GW_REPORT_CELL_DECIMAL, _("Points met"), GW_REPORT_CELL_INTEGER,
                     _("Points"), GW_REPORT_CELL_INTEGER, _("Expectations met"), GW_REPORT_CELL_INTEGER,
                     _("Expectations"), GW_REPORT_CELL_INTEGER, NULL);
  table->note = g_strdup (_("The total is the points of the expectations met × 100 / the points of all expectations."));
  _gw_report_add_number (table, GW_REPORT_CELL_DECIMAL, self->total);
  _gw_report_add_int (table, self->points_met);
  _gw_report_add_int (table, self->points);
  _gw_report_add_int (table, self->team.met);
  _gw_report_add_int (table, self->team.expectations);

  table = _gw_report_table_new (section, "expectations", _("Expectations"),
                     _("Expectation"), GW_REPORT_CELL_TEXT, _("Seat"), GW_REPORT_CELL_TEXT,
                     _("Points"), GW_REPORT_CELL_INTEGER, _("Outcome"), GW_REPORT_CELL_TEXT,
                     _("Due"), GW_REPORT_CELL_TEXT, _("Done"), GW_REPORT_CELL_TEXT,
                     _("By"), GW_REPORT_CELL_TEXT, _("Late by (min)"), GW_REPORT_CELL_DECIMAL, NULL);
  for (guint i = 0; i < self->expectations->len; i++)
    {
      const GwDrillExpectationResult *r = g_ptr_array_index (self->expectations, i);
      const GwExpectation *x = r->expectation;
      const GwScenarioSeat *seat = x->seat ? gw_scenario_find_seat (self->scenario, x->seat) : NULL;
      const char *what = gw_scenario_text_get (&x->title);

      _gw_report_add_text (table, what ? what : x->id);
      _gw_report_add_text (table, seat ? seat_label (seat) : x->seat);
      _gw_report_add_int (table, x->points);
      _gw_report_add_text (table, outcome_label (r->outcome));
      cell_take_text (table, format_instant (r->due_at, "%H:%M:%S"));
      cell_take_text (table, format_instant (r->done_at, "%H:%M:%S"));
      _gw_report_add_text (table, r->done_by);
      _gw_report_add_number (table, GW_REPORT_CELL_DECIMAL,
                   r->outcome == GW_DRILL_OUTCOME_LATE || (r->outcome == GW_DRILL_OUTCOME_MISSED && r->due_at)
                     ? r->late_by / 60.0 : NAN);
    }

  table = _gw_report_table_new (section, "seats", _("Seats and the team"),
                     _("Seat"), GW_REPORT_CELL_TEXT, _("Actions"), GW_REPORT_CELL_INTEGER,
                     _("Expectations"), GW_REPORT_CELL_INTEGER, _("Met"), GW_REPORT_CELL_INTEGER,
                     _("Points"), GW_REPORT_CELL_INTEGER, _("Points met"), GW_REPORT_CELL_INTEGER, NULL);
  for (guint i = 0; i < self->seats->len; i++)
    add_seat_row (table, g_ptr_array_index (self->seats, i));
  add_seat_row (table, &self->team);

  table = _gw_report_table_new (section, "times", _("Times from the report (minutes)"),
                     _("Seat"), GW_REPORT_CELL_TEXT, _("Step"), GW_REPORT_CELL_TEXT,
                     _("Tickets"), GW_REPORT_CELL_INTEGER, _("Median"), GW_REPORT_CELL_DECIMAL,
                     _("Mean"), GW_REPORT_CELL_DECIMAL, NULL);
  table->note = g_strdup (_("Acknowledge: the first action a seat took on the ticket. A step the world took "
                            "(an unstaffed department signing) is not counted."));
  add_times (table, &self->team);
  for (guint i = 0; i < self->seats->len; i++)
    add_times (table, g_ptr_array_index (self->seats, i));

  table = _gw_report_table_new (section, "deadlines", _("Deadlines kept"),
                     _("Deadline"), GW_REPORT_CELL_TEXT, _("Due"), GW_REPORT_CELL_INTEGER,
                     _("Kept"), GW_REPORT_CELL_INTEGER, _("Rate"), GW_REPORT_CELL_PERCENT, NULL);
  add_deadline_row (table, _("Sign for"), self->sign_deadlines_due, self->sign_deadlines_kept);
  add_deadline_row (table, _("Handle"), self->handle_deadlines_due, self->handle_deadlines_kept);

  table = _gw_report_table_new (section, "rates", _("The three rates"),
                     _("Rate"), GW_REPORT_CELL_TEXT, _("Value"), GW_REPORT_CELL_PERCENT,
                     _("Numerator"), GW_REPORT_CELL_INTEGER, _("Denominator"), GW_REPORT_CELL_INTEGER, NULL);
  add_rate_row (table, _("Response rate"), self->figures.response);
  add_rate_row (table, _("Resolution rate"), self->figures.resolution);
  add_rate_row (table, _("Satisfaction rate"), self->figures.satisfaction);

  table = _gw_report_table_new (section, "injections", _("Injections"),
                     _("Applied"), GW_REPORT_CELL_INTEGER, _("Failed"), GW_REPORT_CELL_INTEGER,
                     _("Median lag (ms)"), GW_REPORT_CELL_DECIMAL, _("Largest lag (ms)"), GW_REPORT_CELL_INTEGER,
                     NULL);
  table->note = g_strdup (_("Lag: real milliseconds from when an injection fell due to when it was written."));
  _gw_report_add_int (table, self->n_injections);
  _gw_report_add_int (table, self->n_failed);
  _gw_report_add_number (table, GW_REPORT_CELL_DECIMAL, self->median_lag_ms);
  _gw_report_add_int (table, self->max_lag_ms);

  return g_steal_pointer (&report);
}
