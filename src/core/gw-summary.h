/* gw-summary.h: the county's figures at a glance (divisions per level, tickets, cameras). */
#pragma once

#include <glib-object.h>

#include "gw-enums.h"

G_BEGIN_DECLS

typedef struct {
  char   *county_code;                 /* e.g. "500223", NULL for an empty database */
  char   *county_name;                 /* e.g. "潼南区" */
  gint64  divisions[GW_N_LEVELS];      /* count per level */
  gint64  tickets_total;
  gint64  tickets_open;                /* not closed and not rejected */
  gint64  tickets_by_state[GW_N_STATES];
  gint64  tickets_emergency_open;      /* open with urgency emergency */
  gint64  tickets_overdue_open;        /* open and past their stage deadline at now */
  gint64  tickets_today;               /* reported since local midnight of now */
  gint64  cameras;
  gint64  workers;
  gint64  workers_on_duty;
  gint64  departments;
  gint64  now;                         /* the instant "open", "overdue" and "today" refer to */
  gint64  newest_ticket_at;            /* reported_at of the newest ticket, 0 if none */
} GwSummary;

GType      gw_summary_get_type (void) G_GNUC_CONST;
#define GW_TYPE_SUMMARY (gw_summary_get_type ())

GwSummary *gw_summary_copy     (const GwSummary *self);
void       gw_summary_free     (GwSummary       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSummary, gw_summary_free)

G_END_DECLS
