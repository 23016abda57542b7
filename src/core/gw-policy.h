/* gw-policy.h: time limits per stage and the light thresholds, from data
 * (data/policy.json; format in docs/WORKFLOW.md).
 *
 * A limit is keyed by category (the longest matching code prefix wins; "" is the default),
 * urgency and stage, and counts calendar hours, working hours or working days on the
 * working calendar. Starting a stage turns its limit into absolute instants — when the
 * light turns yellow, red and overdue — so that the light at any moment is a comparison,
 * and the next moment it changes is known.
 */
#pragma once

#include <gio/gio.h>

#include "gw-calendar.h"
#include "gw-enums.h"

G_BEGIN_DECLS

#define GW_POLICY_ERROR (gw_policy_error_quark ())
GQuark gw_policy_error_quark (void);

typedef enum {
  GW_POLICY_ERROR_INVALID,
} GwPolicyError;

#define GW_POLICY_RESOURCE "/org/gridwatch/Gridwatch/core/policy.json"

typedef enum {
  GW_STAGE_NONE = 0,
  GW_STAGE_SIGN,       /* dispatched -> signed for */
  GW_STAGE_HANDLE,     /* signed for -> reported back */
  GW_STAGE_CHECK,      /* reported back -> closed */
  GW_STAGE_FOLLOWUP,   /* closed -> citizen evaluated */
  GW_N_STAGES
} GwStage;

typedef enum {
  GW_LIMIT_CALENDAR_HOURS = 0,
  GW_LIMIT_WORKING_HOURS,
  GW_LIMIT_WORKING_DAYS,
} GwLimitUnit;

typedef struct {
  double      value;
  GwLimitUnit unit;
} GwLimit;

typedef enum {
  GW_LIGHT_NONE = 0,   /* no running stage */
  GW_LIGHT_GREEN,
  GW_LIGHT_YELLOW,
  GW_LIGHT_RED,
  GW_LIGHT_OVERDUE,
  GW_N_LIGHTS
} GwLight;

/* A running stage's clock as absolute instants. While paused (suspended), paused_at is the
 * moment it stopped and the light stays as it was then. */
typedef struct {
  GwStage stage;
  gint64  started_at;
  gint64  yellow_at;
  gint64  red_at;
  gint64  deadline_at;
  gint64  paused_at;   /* 0 when running */
} GwStageTimer;

typedef struct _GwPolicy GwPolicy;

GType        gw_policy_get_type        (void) G_GNUC_CONST;
#define GW_TYPE_POLICY (gw_policy_get_type ())

GwPolicy    *gw_policy_new_from_bytes  (GBytes      *json,
                                        GError     **error);
GwPolicy    *gw_policy_get_default     (void);
GwPolicy    *gw_policy_ref             (GwPolicy    *self);
void         gw_policy_unref           (GwPolicy    *self);

const GwLimit *gw_policy_get_limit     (GwPolicy    *self,
                                        const char  *category_code,
                                        GwUrgency    urgency,
                                        GwStage      stage);
double       gw_policy_get_yellow_used (GwPolicy    *self);
double       gw_policy_get_red_remaining (GwPolicy  *self);

/* Starts `stage` at `start` for a ticket of this category and urgency. */
void         gw_policy_start_stage     (GwPolicy     *self,
                                        GwCalendar   *calendar,
                                        const char   *category_code,
                                        GwUrgency     urgency,
                                        GwStage       stage,
                                        gint64        start,
                                        GwStageTimer *timer);
/* Stops the clock at `at` (suspension). */
void         gw_stage_timer_pause      (GwStageTimer *timer,
                                        gint64        at);
/* Restarts a paused clock at `at`: every threshold keeps the time that was left on it, in
 * the limit's own unit (working or calendar time). */
void         gw_stage_timer_resume     (GwStageTimer *timer,
                                        GwCalendar   *calendar,
                                        GwLimitUnit   unit,
                                        gint64        at);
/* Moves the deadline by `seconds` of the limit's unit (an approved extension) and places
 * the yellow and red thresholds anew on the longer limit. */
void         gw_stage_timer_extend     (GwStageTimer *timer,
                                        GwPolicy     *policy,
                                        GwCalendar   *calendar,
                                        GwLimitUnit   unit,
                                        gint64        seconds);

/* The light at `now`; *next_change (may be NULL) receives the next instant the light
 * changes, or 0 when it never will (overdue, paused, no stage). Costs four comparisons. */
GwLight      gw_stage_timer_light      (const GwStageTimer *timer,
                                        gint64              now,
                                        gint64             *next_change);

const char  *gw_stage_to_string        (GwStage      stage);
gboolean     gw_stage_from_string      (const char  *str,
                                        GwStage     *out);
const char  *gw_light_to_string        (GwLight      light);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPolicy, gw_policy_unref)

G_END_DECLS
