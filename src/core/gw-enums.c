#define G_LOG_DOMAIN "gw-enums"

#include "config.h"

#include "gw-enums.h"
#include "gw-enums-private.h"

static const char *const level_names[] = {
  "district", "street", "community", "area", "grid", "microgrid", NULL
};
static const char *const urgency_names[] = {
  "normal", "urgent", "emergency", NULL
};
static const char *const source_names[] = {
  "grid_worker", "hotline", "video_ai", "sensor", "higher_level", "citizen", NULL
};
static const char *const state_names[] = {
  "reported", "verifying", "screened", "dispatched", "signed", "handling", "checking",
  "suspended", "closed", "rejected", NULL
};
static const char *const satisfaction_names[] = {
  "none", "satisfied", "basic", "unsatisfied", NULL
};
static const char *const worker_role_names[] = {
  "full_time", "part_time", "grid_chief", "grid_instructor", "safety_officer", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (level_names) == GW_N_LEVELS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (urgency_names) == GW_N_URGENCIES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (source_names) == GW_N_SOURCES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == GW_N_STATES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (satisfaction_names) == GW_N_SATISFACTIONS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (worker_role_names) == GW_N_WORKER_ROLES + 1);

const char *
_gw_enum_name (const char *const *names,
               guint              n,
               guint              value)
{
  return value < n ? names[value] : NULL;
}

gboolean
_gw_enum_value (const char *const *names,
                const char        *str,
                guint             *out)
{
  for (guint i = 0; str && names[i] != NULL; i++)
    if (g_str_equal (names[i], str))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

GW_ENUM_STRING_FUNCS (gw_level, GwLevel, level_names, GW_N_LEVELS)
GW_ENUM_STRING_FUNCS (gw_urgency, GwUrgency, urgency_names, GW_N_URGENCIES)
GW_ENUM_STRING_FUNCS (gw_source, GwSource, source_names, GW_N_SOURCES)
GW_ENUM_STRING_FUNCS (gw_ticket_state, GwTicketState, state_names, GW_N_STATES)
GW_ENUM_STRING_FUNCS (gw_satisfaction, GwSatisfaction, satisfaction_names, GW_N_SATISFACTIONS)
GW_ENUM_STRING_FUNCS (gw_worker_role, GwWorkerRole, worker_role_names, GW_N_WORKER_ROLES)

const char *const *gw_level_names (void) { return level_names; }
const char *const *gw_urgency_names (void) { return urgency_names; }
const char *const *gw_source_names (void) { return source_names; }
const char *const *gw_ticket_state_names (void) { return state_names; }
const char *const *gw_satisfaction_names (void) { return satisfaction_names; }
const char *const *gw_worker_role_names (void) { return worker_role_names; }

gboolean
gw_ticket_state_is_open (GwTicketState state)
{
  return state != GW_STATE_CLOSED && state != GW_STATE_REJECTED;
}

char *
gw_enum_names_joined (const char *const *names)
{
  return g_strjoinv (", ", (char **) names);
}
