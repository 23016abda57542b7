/* gw-enums.h: the domain's enumerations and their wire names.
 *
 * Every enumeration has a stable lower-case wire name (used in JSON, SQLite and the API)
 * that follows GLOSSARY.md; `_from_string` accepts exactly those names.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Levels of the division hierarchy, top to bottom. */
typedef enum {
  GW_LEVEL_DISTRICT = 0,
  GW_LEVEL_STREET,
  GW_LEVEL_COMMUNITY,
  GW_LEVEL_AREA,
  GW_LEVEL_GRID,
  GW_LEVEL_MICROGRID,
  GW_N_LEVELS
} GwLevel;

typedef enum {
  GW_URGENCY_NORMAL = 0,
  GW_URGENCY_URGENT,
  GW_URGENCY_EMERGENCY,
  GW_N_URGENCIES
} GwUrgency;

typedef enum {
  GW_SOURCE_GRID_WORKER = 0,
  GW_SOURCE_HOTLINE,
  GW_SOURCE_VIDEO_AI,
  GW_SOURCE_SENSOR,
  GW_SOURCE_HIGHER_LEVEL,
  GW_SOURCE_CITIZEN,
  GW_N_SOURCES
} GwSource;

/* States of the closed loop (see GLOSSARY.md). */
typedef enum {
  GW_STATE_REPORTED = 0,
  GW_STATE_VERIFYING,
  GW_STATE_SCREENED,
  GW_STATE_DISPATCHED,
  GW_STATE_SIGNED,
  GW_STATE_HANDLING,
  GW_STATE_CHECKING,
  GW_STATE_SUSPENDED,
  GW_STATE_CLOSED,
  GW_STATE_REJECTED,
  GW_N_STATES
} GwTicketState;

typedef enum {
  GW_SATISFACTION_NONE = 0,
  GW_SATISFACTION_SATISFIED,
  GW_SATISFACTION_BASIC,
  GW_SATISFACTION_UNSATISFIED,
  GW_N_SATISFACTIONS
} GwSatisfaction;

typedef enum {
  GW_WORKER_ROLE_FULL_TIME = 0,
  GW_WORKER_ROLE_PART_TIME,
  GW_WORKER_ROLE_GRID_CHIEF,
  GW_WORKER_ROLE_GRID_INSTRUCTOR,
  GW_WORKER_ROLE_SAFETY_OFFICER,
  GW_N_WORKER_ROLES
} GwWorkerRole;

const char *gw_level_to_string        (GwLevel level);
gboolean    gw_level_from_string      (const char *str, GwLevel *out);
const char *gw_urgency_to_string      (GwUrgency urgency);
gboolean    gw_urgency_from_string    (const char *str, GwUrgency *out);
const char *gw_source_to_string       (GwSource source);
gboolean    gw_source_from_string     (const char *str, GwSource *out);
const char *gw_ticket_state_to_string (GwTicketState state);
gboolean    gw_ticket_state_from_string (const char *str, GwTicketState *out);
const char *gw_satisfaction_to_string (GwSatisfaction satisfaction);
gboolean    gw_satisfaction_from_string (const char *str, GwSatisfaction *out);
const char *gw_worker_role_to_string  (GwWorkerRole role);
gboolean    gw_worker_role_from_string (const char *str, GwWorkerRole *out);

/* TRUE for states in which the ticket still needs work (not closed, not rejected). */
gboolean    gw_ticket_state_is_open   (GwTicketState state);

/* The wire names joined by ", ", for error messages ("expected one of …"). */
char       *gw_enum_names_joined      (const char *const *names);
const char *const *gw_level_names     (void);
const char *const *gw_urgency_names   (void);
const char *const *gw_source_names    (void);
const char *const *gw_ticket_state_names (void);
const char *const *gw_satisfaction_names (void);
const char *const *gw_worker_role_names (void);

G_END_DECLS
