/* gw-scenario-getters.c: what the scenario parsers share: the line of every field, the
 * problems they collect and the checked getters that record them.
 * The lines themselves are recorded in gw-scenario-lines.c.
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-scenario-private.h"

/* Problems ------------------------------------------------------------------------------ */

void
_gw_scenario_problem (GwScenarioCtx *ctx,
                      guint          line,
                      const char    *field,
                      const char    *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->problems, _gw_scenario_problem_new (line, field, message));
}

void
_gw_scenario_add_ref (GwScenarioCtx     *ctx,
                      GwScenarioRefKind  kind,
                      const char        *code,
                      guint              line,
                      const char        *field)
{
  GwScenarioRef *ref;

  if (ctx->refs == NULL || code == NULL)
    return;
  ref = g_new0 (GwScenarioRef, 1);
  ref->kind = kind;
  ref->code = g_strdup (code);
  ref->line = line;
  ref->field = g_strdup (field);
  ref->lon = NAN;
  ref->lat = NAN;
  g_ptr_array_add (ctx->refs, ref);
}

void
_gw_scenario_pending_free (GwScenarioPending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->ticket);
  g_free (pending->field);
  g_free (pending);
}

void
_gw_scenario_check_members (GwScenarioCtx     *ctx,
                            JsonObject        *obj,
                            const char        *path,
                            const char *const *allowed,
                            const char        *kind)
{
  g_autoptr(GList) members = json_object_get_members (obj);
  GPtrArray *dups = ctx->lines ? _gw_scenario_lines_get_duplicates (ctx->lines, obj) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = NULL;

      if (name[0] == '_' || g_strv_contains (allowed, name))
        continue;
      field = gw_json_path_member (path, name);
      if (kind != NULL)
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                              _("not a field of “%s”"), kind);
      else
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                              _("unknown field"));
    }
  for (guint i = 0; dups != NULL && i < dups->len; i++)
    {
      const GwScenarioDuplicate *dup = g_ptr_array_index (dups, i);
      g_autofree char *field = gw_json_path_member (path, dup->name);

      _gw_scenario_problem (ctx, dup->line, field, _("given twice (first on line %u)"),
                            dup->first_line);
    }
}

/* Getters ------------------------------------------------------------------------------- */

JsonNode *
_gw_scenario_get_member (GwScenarioCtx *ctx,
                         JsonObject    *obj,
                         const char    *path,
                         const char    *name,
                         gboolean       required)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *field = gw_json_path_member (path, name);

          _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                                _("required field is missing"));
        }
      return NULL;
    }
  return node;
}

void
_gw_scenario_type_problem (GwScenarioCtx *ctx,
                           JsonObject    *obj,
                           const char    *path,
                           const char    *name,
                           const char    *expected,
                           JsonNode      *node)
{
  g_autofree char *field = gw_json_path_member (path, name);

  /* TRANSLATORS: "expected a string, found a number" */
  _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                        _("expected %s, found %s"), expected, gw_json_node_type_name (node));
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
check_string (GwScenarioCtx *ctx,
              const char    *value,
              guint          line,
              const char    *field,
              gsize          max_bytes)
{
  if (*value == '\0')
    {
      _gw_scenario_problem (ctx, line, field, _("must not be empty"));
      return FALSE;
    }
  if (strlen (value) > max_bytes)
    {
      _gw_scenario_problem (ctx, line, field, _("longer than %u bytes"), (guint) max_bytes);
      return FALSE;
    }
  return TRUE;
}

gboolean
_gw_scenario_get_string (GwScenarioCtx *ctx,
                         JsonObject    *obj,
                         const char    *path,
                         const char    *name,
                         gboolean       required,
                         gsize          max_bytes,
                         char         **out)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  g_autofree char *field = NULL;

  if (node == NULL)
    return FALSE;
  if (!node_is_string (node))
    {
      _gw_scenario_type_problem (ctx, obj, path, name, _("a string"), node);
      return FALSE;
    }
  field = gw_json_path_member (path, name);
  if (!check_string (ctx, json_node_get_string (node), _gw_scenario_member_line (ctx, obj, name),
                     field, max_bytes))
    return FALSE;
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
id_is_valid (const char *id)
{
  gsize n = strlen (id);

  if (n == 0 || n > GW_SCENARIO_MAX_ID)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
_gw_scenario_get_id (GwScenarioCtx *ctx,
                     JsonObject    *obj,
                     const char    *path,
                     const char    *name,
                     gboolean       required,
                     char         **out)
{
  g_autofree char *value = NULL;

  if (!_gw_scenario_get_string (ctx, obj, path, name, required, GW_SCENARIO_MAX_NAME, &value))
    return FALSE;
  if (!id_is_valid (value))
    {
      g_autofree char *field = gw_json_path_member (path, name);

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("“%s” is not an id: use 1 to %u letters, digits, “-”, “_” or “.”"),
                            value, GW_SCENARIO_MAX_ID);
      return FALSE;
    }
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
_gw_scenario_get_code (GwScenarioCtx     *ctx,
                       JsonObject        *obj,
                       const char        *path,
                       const char        *name,
                       gboolean           required,
                       GwScenarioRefKind  kind,
                       char             **out)
{
  g_autofree char *field = NULL;

  if (!_gw_scenario_get_string (ctx, obj, path, name, required, GW_SCENARIO_MAX_CODE, out))
    return FALSE;
  field = gw_json_path_member (path, name);
  _gw_scenario_add_ref (ctx, kind, *out, _gw_scenario_member_line (ctx, obj, name), field);
  return TRUE;
}

gboolean
_gw_scenario_node_text (GwScenarioCtx  *ctx,
                        JsonNode       *node,
                        const char     *field,
                        guint           line,
                        GwScenarioText *out)
{
  static const char *const allowed[] = { "en", "zh_CN", NULL };
  g_autofree char *en = NULL;
  g_autofree char *zh = NULL;

  if (node_is_string (node))
    {
      /* A bare string is the text for every language. */
      if (!check_string (ctx, json_node_get_string (node), line, field, GW_SCENARIO_MAX_TEXT))
        return FALSE;
      _gw_scenario_text_set (out, json_node_get_string (node), json_node_get_string (node));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _gw_scenario_problem (ctx, line, field,
                            _("expected a text: {\"en\": …, \"zh_CN\": …} or a string, found %s"),
                            gw_json_node_type_name (node));
      return FALSE;
    }
  JsonObject *obj = json_node_get_object (node);
  guint before = ctx->problems->len;

  _gw_scenario_check_members (ctx, obj, field, allowed, NULL);
  _gw_scenario_get_string (ctx, obj, field, "en", FALSE, GW_SCENARIO_MAX_TEXT, &en);
  _gw_scenario_get_string (ctx, obj, field, "zh_CN", FALSE, GW_SCENARIO_MAX_TEXT, &zh);
  if (ctx->problems->len > before)
    return FALSE;
  if (en == NULL && zh == NULL)
    {
      _gw_scenario_problem (ctx, line, field, _("a text needs “en” or “zh_CN”, or both"));
      return FALSE;
    }
  _gw_scenario_text_set (out, en, zh);
  return TRUE;
}

gboolean
_gw_scenario_get_text (GwScenarioCtx  *ctx,
                       JsonObject     *obj,
                       const char     *path,
                       const char     *name,
                       gboolean        required,
                       GwScenarioText *out)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  g_autofree char *field = NULL;

  if (node == NULL)
    return FALSE;
  field = gw_json_path_member (path, name);
  return _gw_scenario_node_text (ctx, node, field, _gw_scenario_member_line (ctx, obj, name), out);
}

gboolean
_gw_scenario_get_duration (GwScenarioCtx *ctx,
                           JsonObject    *obj,
                           const char    *path,
                           const char    *name,
                           gboolean       required,
                           gboolean       allow_never,
                           gint64        *out)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  g_autofree char *field = NULL;
  const char *text;

  if (node == NULL)
    return FALSE;
  field = gw_json_path_member (path, name);
  if (!node_is_string (node))
    {
      _gw_scenario_type_problem (ctx, obj, path, name,
                    _("a duration (a string such as \"90s\", \"10m\", \"1h30m\" or \"+01:30\")"),
                    node);
      return FALSE;
    }
  text = json_node_get_string (node);
  if (allow_never && g_str_equal (text, "never"))
    {
      *out = 0;
      return TRUE;
    }
  if (!_gw_scenario_parse_duration (text, out))
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("“%s” is not a duration: write it as 90s, 10m, 2h, 3d, 1h30m "
                              "or +HH:MM[:SS] (at most a year)"), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
_gw_scenario_get_number (GwScenarioCtx *ctx,
                         JsonObject    *obj,
                         const char    *path,
                         const char    *name,
                         gboolean       required,
                         double         min,
                         double         max,
                         double        *out)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  double value;

  if (node == NULL)
    return FALSE;
  if (!node_is_number (node))
    {
      _gw_scenario_type_problem (ctx, obj, path, name, _("a number"), node);
      return FALSE;
    }
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_autofree char *field = gw_json_path_member (path, name);

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("%g is out of range (%g to %g)"), value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
_gw_scenario_get_int (GwScenarioCtx *ctx,
                      JsonObject    *obj,
                      const char    *path,
                      const char    *name,
                      gboolean       required,
                      gint64         min,
                      gint64         max,
                      gint64        *out)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      _gw_scenario_type_problem (ctx, obj, path, name, _("a whole number"), node);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *field = gw_json_path_member (path, name);
      g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("%s is out of range (%s to %s)"), v, lo, hi);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
_gw_scenario_get_enum (GwScenarioCtx     *ctx,
                       JsonObject        *obj,
                       const char        *path,
                       const char        *name,
                       gboolean           required,
                       const char *const *names,
                       guint             *out)
{
  g_autofree char *value = NULL;

  if (!_gw_scenario_get_string (ctx, obj, path, name, required, GW_SCENARIO_MAX_NAME, &value))
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], value))
      {
        *out = i;
        return TRUE;
      }

  g_autofree char *field = gw_json_path_member (path, name);
  g_autofree char *joined = gw_enum_names_joined (names);

  _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                        _("unknown value “%s” (expected one of %s)"), value, joined);
  return FALSE;
}

GPtrArray *
_gw_scenario_get_codes (GwScenarioCtx     *ctx,
                        JsonObject        *obj,
                        const char        *path,
                        const char        *name,
                        gboolean           required,
                        GwScenarioRefKind  kind)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, required);
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *field = NULL;
  JsonArray *array;
  guint before = ctx->problems->len;

  if (node == NULL)
    return NULL;
  field = gw_json_path_member (path, name);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _gw_scenario_type_problem (ctx, obj, path, name, _("an array of codes"), node);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("must not be empty"));
      return NULL;
    }
  codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *element_field = gw_json_path_index (field, i);
      guint line = _gw_scenario_element_line (ctx, array, i);

      if (!node_is_string (element))
        {
          _gw_scenario_problem (ctx, line, element_field, _("expected %s, found %s"),
                                _("a string"), gw_json_node_type_name (element));
          continue;
        }
      if (!check_string (ctx, json_node_get_string (element), line, element_field,
                         GW_SCENARIO_MAX_CODE))
        continue;
      g_ptr_array_add (codes, g_strdup (json_node_get_string (element)));
      _gw_scenario_add_ref (ctx, kind, json_node_get_string (element), line, element_field);
    }
  if (ctx->problems->len > before)
    return NULL;
  return g_steal_pointer (&codes);
}

gboolean
_gw_scenario_get_seat (GwScenarioCtx *ctx,
                       JsonObject    *obj,
                       const char    *path,
                       const char    *name,
                       gboolean       required,
                       char         **out)
{
  g_autofree char *value = NULL;
  g_autofree char *field = NULL;

  if (!_gw_scenario_get_string (ctx, obj, path, name, required, GW_SCENARIO_MAX_NAME, &value))
    return FALSE;
  field = gw_json_path_member (path, name);
  if (ctx->scenario == NULL || gw_scenario_find_seat (ctx->scenario, value) == NULL)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("no seat “%s” in the scenario"), value);
      return FALSE;
    }
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
_gw_scenario_get_ticket (GwScenarioCtx *ctx,
                         JsonObject    *obj,
                         const char    *path,
                         const char    *name,
                         gboolean       required,
                         gint64         at,
                         char         **out)
{
  GwScenarioPending *pending;

  if (!_gw_scenario_get_string (ctx, obj, path, name, required, GW_SCENARIO_MAX_NAME, out))
    return FALSE;
  pending = g_new0 (GwScenarioPending, 1);
  pending->ticket = g_strdup (*out);
  pending->field = gw_json_path_member (path, name);
  pending->line = _gw_scenario_member_line (ctx, obj, name);
  pending->at = at;
  g_ptr_array_add (ctx->pending, pending);
  return TRUE;
}

void
_gw_scenario_resolve_pending (GwScenarioCtx *ctx)
{
  for (guint i = 0; i < ctx->pending->len; i++)
    {
      const GwScenarioPending *p = g_ptr_array_index (ctx->pending, i);
      const GwInjection *inj = g_hash_table_lookup (ctx->injections, p->ticket);
      gpointer count;

      if (inj == NULL && g_hash_table_lookup_extended (ctx->bursts, p->ticket, NULL, &count))
        _gw_scenario_problem (ctx, p->line, p->field,
                              _("“%s” is a report burst: name one of its reports, "
                                "“%s#1” to “%s#%u”"),
                              p->ticket, p->ticket, p->ticket, GPOINTER_TO_UINT (count));
      else if (inj == NULL && ctx->adhoc && ctx->scenario == NULL)
        _gw_scenario_problem (ctx, p->line, p->field,
                              _("refers to the report “%s”, but there is no scenario to find "
                                "it in"), p->ticket);
      else if (inj == NULL)
        _gw_scenario_problem (ctx, p->line, p->field,
                              _("no report “%s” among the scenario's injections"), p->ticket);
      else if (inj->kind != GW_INJECTION_REPORT)
        _gw_scenario_problem (ctx, p->line, p->field,
                              _("“%s” is a “%s” injection, not a report"), p->ticket,
                              gw_injection_kind_to_string (inj->kind));
      else if (p->at >= 0 && inj->at > p->at)
        {
          g_autofree char *when = _gw_scenario_format_offset (inj->at);

          _gw_scenario_problem (ctx, p->line, p->field,
                                _("comes before the report it is about (“%s” is injected at "
                                  "%s)"), p->ticket, when);
        }
    }
  g_ptr_array_set_size (ctx->pending, 0);
}

const char *
_gw_scenario_level_name (GwLevel  level,
                         gboolean chinese)
{
  static const char *const en[] = { "district", "street", "community", "area", "grid",
                                    "micro-grid" };
  static const char *const zh[] = { "区县", "镇街", "村(社区)", "片区", "网格", "微网格" };

  if ((guint) level >= G_N_ELEMENTS (en))
    return "";
  return chinese ? zh[level] : en[level];
}

gboolean
_gw_scenario_get_level (GwScenarioCtx *ctx,
                        JsonObject    *obj,
                        const char    *path,
                        const char    *name,
                        gboolean       required,
                        GwLevel       *out)
{
  static const char *const names[] = { "district", "street", "community", NULL };
  guint index;

  if (!_gw_scenario_get_enum (ctx, obj, path, name, required, names, &index))
    return FALSE;
  if (!gw_level_from_string (names[index], out))
    g_return_val_if_reached (FALSE);
  return TRUE;
}

gboolean
_gw_scenario_has_member (JsonObject *obj,
                         const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

void
_gw_scenario_add_point_ref (GwScenarioCtx *ctx,
                            double         lon,
                            double         lat,
                            guint          line,
                            const char    *field)
{
  g_autofree char *code = g_strdup_printf ("%.6f,%.6f", lon, lat);
  GwScenarioRef *ref;

  if (ctx->refs == NULL)
    return;
  _gw_scenario_add_ref (ctx, GW_SCENARIO_REF_POINT, code, line, field);
  ref = g_ptr_array_index (ctx->refs, ctx->refs->len - 1);
  ref->lon = lon;
  ref->lat = lat;
}
