#define G_LOG_DOMAIN "gw-policy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-policy.h"

G_DEFINE_QUARK (gw-policy-error-quark, gw_policy_error)

typedef struct {
  char    *category;                         /* code prefix; "" for the default */
  GwLimit  limits[GW_N_URGENCIES][GW_N_STAGES];
  gboolean set[GW_N_URGENCIES][GW_N_STAGES];
} Rule;

struct _GwPolicy {
  gatomicrefcount ref;
  double          yellow_used;
  double          red_remaining;
  GPtrArray      *rules;   /* of Rule, longest category first */
};

G_DEFINE_BOXED_TYPE (GwPolicy, gw_policy, gw_policy_ref, gw_policy_unref)

static const char *const stage_names[] = { "none", "sign", "handle", "check", "followup", NULL };
static const char *const unit_names[] = { "calendar_hours", "working_hours", "working_days", NULL };
static const char *const light_names[] = { "none", "green", "yellow", "red", "overdue", NULL };

const char *
gw_stage_to_string (GwStage stage)
{
  return stage < GW_N_STAGES ? stage_names[stage] : NULL;
}

gboolean
gw_stage_from_string (const char *str,
                      GwStage    *out)
{
  for (guint i = 0; str && stage_names[i]; i++)
    if (g_str_equal (str, stage_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_light_to_string (GwLight light)
{
  return light < GW_N_LIGHTS ? light_names[light] : NULL;
}

static void
rule_free (gpointer data)
{
  Rule *r = data;
  g_free (r->category);
  g_free (r);
}

GwPolicy *
gw_policy_ref (GwPolicy *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
gw_policy_unref (GwPolicy *self)
{
  if (g_atomic_ref_count_dec (&self->ref))
    {
      g_ptr_array_unref (self->rules);
      g_free (self);
    }
}

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *message)
{
  g_set_error (error, GW_POLICY_ERROR, GW_POLICY_ERROR_INVALID, "%s: %s", path, message);
  return FALSE;
}

static gboolean
parse_limit (JsonNode    *node,
             const char  *path,
             GwLimit     *limit,
             GError     **error)
{
  JsonArray *a;
  JsonNode *v, *u;
  guint unit = 0;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (a = json_node_get_array (node)) != 2)
    return invalid (error, path, _("a limit is [number, unit], e.g. [4, \"working_hours\"]"));
  v = json_array_get_element (a, 0);
  u = json_array_get_element (a, 1);
  if (!JSON_NODE_HOLDS_VALUE (v) ||
      (json_node_get_value_type (v) != G_TYPE_INT64 && json_node_get_value_type (v) != G_TYPE_DOUBLE))
    return invalid (error, path, _("the first element must be a number"));
  limit->value = json_node_get_double (v);
  if (!(limit->value > 0) || limit->value > 10000)
    return invalid (error, path, _("a limit must be more than 0 and at most 10000"));
  if (!JSON_NODE_HOLDS_VALUE (u) || json_node_get_value_type (u) != G_TYPE_STRING)
    return invalid (error, path, _("the second element must be a unit"));
  for (unit = 0; unit_names[unit]; unit++)
    if (g_str_equal (unit_names[unit], json_node_get_string (u)))
      break;
  if (unit_names[unit] == NULL)
    return invalid (error, path, _("the unit must be calendar_hours, working_hours or working_days"));
  limit->unit = unit;
  return TRUE;
}

static int
rule_compare (gconstpointer a,
              gconstpointer b)
{
  const Rule *x = *(const Rule **) a, *y = *(const Rule **) b;
  return (int) strlen (y->category) - (int) strlen (x->category);
}

GwPolicy *
gw_policy_new_from_bytes (GBytes  *json,
                          GError **error)
{
  static const char *const top_members[] = { "format", "version", "lights", "limits", NULL };
  static const char *const light_members[] = { "yellow_used", "red_remaining", NULL };
  static const char *const rule_members[] = { "category", "normal", "urgent", "emergency", NULL };
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (rule_free);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *format = NULL;
  JsonObject *obj, *lights = NULL;
  JsonArray *limits = NULL;
  gint64 version = 0;
  double yellow = 2.0 / 3.0, red = 1.0 / 6.0;
  gboolean have_default = FALSE;
  GwPolicy *self;

  root = gw_json_parse (g_bytes_get_data (json, NULL), g_bytes_get_size (json), 16, error);
  if (root == NULL ||
      !(obj = gw_json_require_object (root, NULL, error)) ||
      !gw_json_check_members (obj, NULL, top_members, error) ||
      !gw_json_get_string (obj, NULL, "format", TRUE, &format, error) ||
      !gw_json_get_int (obj, NULL, "version", TRUE, &version, error) ||
      !gw_json_get_object (obj, NULL, "lights", FALSE, &lights, error) ||
      !gw_json_get_array (obj, NULL, "limits", TRUE, &limits, error))
    return NULL;
  if (!g_str_equal (format, "gridwatch-policy") || version != 1)
    return invalid (error, "format", _("not a version 1 gridwatch-policy file")), NULL;
  if (lights != NULL)
    {
      if (!gw_json_check_members (lights, "lights", light_members, error) ||
          !gw_json_get_double (lights, "lights", "yellow_used", FALSE, &yellow, error) ||
          !gw_json_get_double (lights, "lights", "red_remaining", FALSE, &red, error))
        return NULL;
      if (!(yellow > 0 && yellow < 1) || !(red > 0 && red < 1) || yellow + red > 1)
        return invalid (error, "lights",
                        _("yellow_used and red_remaining must lie between 0 and 1 and add up to at most 1")), NULL;
    }

  for (guint i = 0; i < json_array_get_length (limits); i++)
    {
      g_autofree char *path = gw_json_path_index ("limits", i);
      JsonObject *r;
      Rule *rule = g_new0 (Rule, 1);

      g_ptr_array_add (rules, rule);
      if (!(r = gw_json_require_object (json_array_get_element (limits, i), path, error)) ||
          !gw_json_check_members (r, path, rule_members, error) ||
          !gw_json_get_string (r, path, "category", TRUE, &rule->category, error))
        return NULL;
      if (strspn (rule->category, "0123456789") != strlen (rule->category))
        return invalid (error, path, _("category must be a code prefix made of digits")), NULL;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((Rule *) g_ptr_array_index (rules, j))->category, rule->category))
          return invalid (error, path, _("this category has limits already")), NULL;
      if (*rule->category == '\0')
        have_default = TRUE;
      for (guint u = 0; u < GW_N_URGENCIES; u++)
        {
          JsonObject *stages = NULL;
          g_autofree char *upath = gw_json_path_member (path, gw_urgency_to_string (u));

          if (!gw_json_get_object (r, path, gw_urgency_to_string (u), FALSE, &stages, error))
            return NULL;
          if (stages == NULL)
            continue;
          if (!gw_json_check_members (stages, upath, stage_names + 1, error))
            return NULL;
          for (guint s = GW_STAGE_SIGN; s < GW_N_STAGES; s++)
            {
              JsonNode *node = json_object_get_member (stages, stage_names[s]);
              g_autofree char *spath = gw_json_path_member (upath, stage_names[s]);

              if (node == NULL)
                continue;
              if (!parse_limit (node, spath, &rule->limits[u][s], error))
                return NULL;
              rule->set[u][s] = TRUE;
            }
        }
      if (*rule->category == '\0')
        for (guint u = 0; u < GW_N_URGENCIES; u++)
          for (guint s = GW_STAGE_SIGN; s < GW_N_STAGES; s++)
            if (!rule->set[u][s])
              {
                g_autofree char *where = g_strdup_printf ("%s.%s.%s", path, gw_urgency_to_string (u), stage_names[s]);
                return invalid (error, where, _("the default rule must give every urgency and stage a limit")), NULL;
              }
    }
  if (!have_default)
    return invalid (error, "limits", _("a rule with category \"\" (the default) is required")), NULL;
  g_ptr_array_sort (rules, rule_compare);

  self = g_new0 (GwPolicy, 1);
  g_atomic_ref_count_init (&self->ref);
  self->yellow_used = yellow;
  self->red_remaining = red;
  self->rules = g_steal_pointer (&rules);
  return self;
}

GwPolicy *
gw_policy_get_default (void)
{
  static gsize shipped;

  if (g_once_init_enter (&shipped))
    g_once_init_leave (&shipped, (gsize) gw_json_load_shipped (GW_POLICY_RESOURCE, (GwShippedParser) gw_policy_new_from_bytes,
                                                                "time-limit policy"));
  return (GwPolicy *) shipped;
}

const GwLimit *
gw_policy_get_limit (GwPolicy   *self,
                     const char *category_code,
                     GwUrgency   urgency,
                     GwStage     stage)
{
  g_return_val_if_fail (stage > GW_STAGE_NONE && stage < GW_N_STAGES, NULL);
  g_return_val_if_fail (urgency < GW_N_URGENCIES, NULL);

  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *r = g_ptr_array_index (self->rules, i);
      if (r->set[urgency][stage] && g_str_has_prefix (category_code ? category_code : "", r->category))
        return &r->limits[urgency][stage];
    }
  g_assert_not_reached ();
}

double
gw_policy_get_yellow_used (GwPolicy *self)
{
  return self->yellow_used;
}

double
gw_policy_get_red_remaining (GwPolicy *self)
{
  return self->red_remaining;
}

/* Places yellow and red on the span from started_at to deadline_at. */
static void
place_thresholds (GwStageTimer *t,
                  double        yellow_used,
                  double        red_remaining,
                  GwCalendar   *calendar,
                  GwLimitUnit   unit)
{
  if (unit == GW_LIMIT_CALENDAR_HOURS)
    {
      double span = (double) (t->deadline_at - t->started_at);
      t->yellow_at = t->started_at + (gint64) llround (span * yellow_used);
      t->red_at = t->started_at + (gint64) llround (span * (1.0 - red_remaining));
    }
  else
    {
      gint64 span = gw_calendar_working_seconds_between (calendar, t->started_at, t->deadline_at);
      t->yellow_at = gw_calendar_add_working_seconds (calendar, t->started_at,
                                                      (gint64) llround (span * yellow_used));
      t->red_at = gw_calendar_add_working_seconds (calendar, t->started_at,
                                                   (gint64) llround (span * (1.0 - red_remaining)));
    }
  t->yellow_at = MIN (t->yellow_at, t->deadline_at);
  t->red_at = CLAMP (t->red_at, t->yellow_at, t->deadline_at);
}

void
gw_policy_start_stage (GwPolicy     *self,
                       GwCalendar   *calendar,
                       const char   *category_code,
                       GwUrgency     urgency,
                       GwStage       stage,
                       gint64        start,
                       GwStageTimer *timer)
{
  const GwLimit *limit = gw_policy_get_limit (self, category_code, urgency, stage);

  memset (timer, 0, sizeof *timer);
  timer->stage = stage;
  timer->started_at = start;
  switch (limit->unit)
    {
    case GW_LIMIT_CALENDAR_HOURS:
      timer->deadline_at = start + (gint64) llround (limit->value * 3600);
      break;
    case GW_LIMIT_WORKING_HOURS:
      timer->deadline_at = gw_calendar_add_working_seconds (calendar, start,
                                                            (gint64) llround (limit->value * 3600));
      break;
    case GW_LIMIT_WORKING_DAYS:
    default:
      timer->deadline_at = gw_calendar_add_working_days (calendar, start,
                                                         (guint) MAX (1, llround (limit->value)));
      break;
    }
  place_thresholds (timer, self->yellow_used, self->red_remaining, calendar, limit->unit);
}

void
gw_stage_timer_pause (GwStageTimer *timer,
                      gint64        at)
{
  if (timer->stage != GW_STAGE_NONE && timer->paused_at == 0)
    timer->paused_at = at;
}

static gint64
shift (gint64       x,
       gint64       paused_at,
       gint64       at,
       GwCalendar  *calendar,
       GwLimitUnit  unit)
{
  if (x <= paused_at)
    return x;  /* already passed when the clock stopped */
  if (unit == GW_LIMIT_CALENDAR_HOURS)
    return x + (at - paused_at);
  return gw_calendar_add_working_seconds (calendar, at,
                                          gw_calendar_working_seconds_between (calendar, paused_at, x));
}

void
gw_stage_timer_resume (GwStageTimer *timer,
                       GwCalendar   *calendar,
                       GwLimitUnit   unit,
                       gint64        at)
{
  gint64 p = timer->paused_at;

  if (p == 0 || at <= p)
    {
      timer->paused_at = 0;
      return;
    }
  timer->yellow_at = shift (timer->yellow_at, p, at, calendar, unit);
  timer->red_at = shift (timer->red_at, p, at, calendar, unit);
  timer->deadline_at = shift (timer->deadline_at, p, at, calendar, unit);
  timer->paused_at = 0;
}

void
gw_stage_timer_extend (GwStageTimer *timer,
                       GwPolicy     *policy,
                       GwCalendar   *calendar,
                       GwLimitUnit   unit,
                       gint64        seconds)
{
  if (seconds <= 0 || timer->stage == GW_STAGE_NONE)
    return;
  if (unit == GW_LIMIT_CALENDAR_HOURS)
    timer->deadline_at += seconds;
  else
    timer->deadline_at = gw_calendar_add_working_seconds (calendar, timer->deadline_at, seconds);
  place_thresholds (timer, policy->yellow_used, policy->red_remaining, calendar, unit);
}

GwLight
gw_stage_timer_light (const GwStageTimer *timer,
                      gint64              now,
                      gint64             *next_change)
{
  gint64 at = timer->paused_at ? timer->paused_at : now;
  gint64 next = 0;
  GwLight light;

  if (timer->stage == GW_STAGE_NONE)
    light = GW_LIGHT_NONE;
  else if (at >= timer->deadline_at)
    light = GW_LIGHT_OVERDUE;
  else if (at >= timer->red_at)
    {
      light = GW_LIGHT_RED;
      next = timer->deadline_at;
    }
  else if (at >= timer->yellow_at)
    {
      light = GW_LIGHT_YELLOW;
      next = timer->red_at;
    }
  else
    {
      light = GW_LIGHT_GREEN;
      next = timer->yellow_at;
    }
  if (next_change)
    *next_change = timer->paused_at ? 0 : next;
  return light;
}
