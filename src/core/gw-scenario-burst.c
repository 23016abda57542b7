/* gw-scenario-burst.c: report bursts — one entry of a file that becomes many reports
 * (a flood's thousands of calls, a service drive's requests across communities).
 *
 * The expansion is deterministic: the same burst (and seed) gives the same reports, in the
 * same order, on any machine (its own generator, splitmix64, not GLib's).
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-scenario-private.h"

static const char *const shape_names[] = { "uniform", "even", "peak", NULL };

typedef enum {
  SHAPE_UNIFORM = 0,  /* at random, evenly likely over the whole span */
  SHAPE_EVEN,         /* at equal intervals */
  SHAPE_PEAK,         /* at random, most in the middle (a triangle) */
} Shape;

static char *
field_of (const char *path,
          const char *name)
{
  return gw_json_path_member (path, name);
}

/* Report bursts ----------------------------------------------------------------------------- */

typedef struct {
  char      *code;
  double     weight;
  GPtrArray *descriptions;  /* GwScenarioText *, may be empty */
} BurstCategory;

static void
text_free (GwScenarioText *text)
{
  _gw_scenario_text_clear (text);
  g_free (text);
}

static void
burst_category_free (BurstCategory *category)
{
  g_free (category->code);
  g_clear_pointer (&category->descriptions, g_ptr_array_unref);
  g_free (category);
}

/* splitmix64: small, fast, and the same on every machine and GLib version. */
static guint64
rng_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double
rng_double (guint64 *state)
{
  return (rng_next (state) >> 11) * (1.0 / 9007199254740992.0);   /* [0, 1) */
}

static guint
rng_index (guint64 *state,
           guint    n)
{
  return (guint) (rng_double (state) * n);
}

static guint
pick_weighted (guint64      *state,
               const double *weights,
               guint         n)
{
  double total = 0, u, sum = 0;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  u = rng_double (state) * total;
  for (guint i = 0; i < n; i++)
    {
      sum += weights[i];
      if (u < sum && weights[i] > 0)
        return i;
    }
  for (guint i = n; i > 0; i--)   /* rounding at the very end */
    if (weights[i - 1] > 0)
      return i - 1;
  return 0;
}

/* An object of weights by enum name: {"normal": 6, "urgent": 3}. */
static gboolean
get_weights (GwScenarioCtx     *ctx,
             JsonObject        *obj,
             const char        *path,
             const char        *name,
             const char *const *names,
             double            *weights)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, FALSE);
  g_autofree char *field = NULL;
  JsonObject *wobj;
  g_autoptr(GList) members = NULL;
  guint before = ctx->problems->len;
  double total = 0;

  if (node == NULL)
    return FALSE;
  field = field_of (path, name);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("expected %s, found %s"), _("an object of weights"),
                            gw_json_node_type_name (node));
      return FALSE;
    }
  wobj = json_node_get_object (node);
  _gw_scenario_check_members (ctx, wobj, field, names, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      weights[i] = 0;
      if (_gw_scenario_get_number (ctx, wobj, field, names[i], FALSE, 0, 1e6, &weights[i]))
        total += weights[i];
    }
  if (ctx->problems->len > before)
    return FALSE;
  if (total <= 0)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("at least one weight must be above zero"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
get_texts (GwScenarioCtx *ctx,
           JsonObject    *obj,
           const char    *path,
           const char    *name)
{
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, name, FALSE);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
  g_autofree char *field = NULL;
  JsonArray *array;

  if (node == NULL)
    return g_steal_pointer (&texts);
  field = field_of (path, name);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, name), field,
                            _("expected %s, found %s"), _("a non-empty array of texts"),
                            gw_json_node_type_name (node));
      return g_steal_pointer (&texts);
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element_field = gw_json_path_index (field, i);
      GwScenarioText *text = g_new0 (GwScenarioText, 1);

      if (_gw_scenario_node_text (ctx, json_array_get_element (array, i), element_field,
                                  _gw_scenario_element_line (ctx, array, i), text))
        g_ptr_array_add (texts, text);
      else
        text_free (text);
    }
  return g_steal_pointer (&texts);
}

static GPtrArray *
get_burst_categories (GwScenarioCtx *ctx,
                      JsonObject    *obj,
                      const char    *path)
{
  static const char *const allowed[] = { "code", "weight", "descriptions", NULL };
  JsonNode *node = _gw_scenario_get_member (ctx, obj, path, "categories", TRUE);
  g_autoptr(GPtrArray) categories = NULL;
  g_autofree char *field = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  field = field_of (path, "categories");
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "categories"), field,
                            _("expected %s, found %s"), _("a non-empty array of categories"),
                            gw_json_node_type_name (node));
      return NULL;
    }
  categories = g_ptr_array_new_with_free_func ((GDestroyNotify) burst_category_free);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *element_field = gw_json_path_index (field, i);
      guint line = _gw_scenario_element_line (ctx, array, i);
      BurstCategory *category = g_new0 (BurstCategory, 1);

      category->weight = 1;
      category->descriptions = NULL;
      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
          *json_node_get_string (element) != '\0' &&
          strlen (json_node_get_string (element)) <= GW_SCENARIO_MAX_CODE)
        {
          category->code = g_strdup (json_node_get_string (element));
          category->descriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
          _gw_scenario_add_ref (ctx, GW_SCENARIO_REF_CATEGORY, category->code, line,
                                element_field);
        }
      else if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *cobj = json_node_get_object (element);

          _gw_scenario_check_members (ctx, cobj, element_field, allowed, NULL);
          _gw_scenario_get_code (ctx, cobj, element_field, "code", TRUE,
                                 GW_SCENARIO_REF_CATEGORY, &category->code);
          _gw_scenario_get_number (ctx, cobj, element_field, "weight", FALSE, 1e-6, 1e6,
                                   &category->weight);
          category->descriptions = get_texts (ctx, cobj, element_field, "descriptions");
        }
      else
        _gw_scenario_problem (ctx, line, element_field, _("expected %s, found %s"),
                              _("a category code or {\"code\": …, \"weight\": …}"),
                              gw_json_node_type_name (element));
      if (category->code == NULL || category->descriptions == NULL)
        {
          burst_category_free (category);
          continue;
        }
      g_ptr_array_add (categories, category);
    }
  return g_steal_pointer (&categories);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
round6 (double x)
{
  return round (x * 1e6) / 1e6;
}

void
_gw_scenario_parse_burst (GwScenarioCtx *ctx,
                          JsonObject    *obj,
                          const char    *path,
                          const char    *id,
                          gint64         at,
                          guint          line,
                          GPtrArray     *out)
{
  guint before = ctx->problems->len;
  gint64 count = 0, over = 0, seed = 1;
  guint shape = SHAPE_UNIFORM, source = GW_SOURCE_CITIZEN;
  double urgency_weights[GW_N_URGENCIES] = { 1, 0, 0 };
  double source_weights[GW_N_SOURCES] = { 0 };
  gboolean have_count, have_over, by_sources = FALSE;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) descriptions = NULL;
  g_autoptr(GArray) times = NULL;
  g_autofree double *category_weights = NULL;
  double center_lon = NAN, center_lat = NAN, radius = 0;
  guint64 state;

  have_count = _gw_scenario_get_int (ctx, obj, path, "count", TRUE, 1,
                                     GW_SCENARIO_MAX_INJECTIONS, &count);
  if (have_count && ctx->total + count > GW_SCENARIO_MAX_INJECTIONS)
    {
      g_autofree char *field = field_of (path, "count");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "count"), field,
                            _("the scenario would have more than %u injections"),
                            GW_SCENARIO_MAX_INJECTIONS);
      have_count = FALSE;
    }
  if (have_count)
    ctx->total += count;
  have_over = _gw_scenario_get_duration (ctx, obj, path, "over", TRUE, FALSE, &over);
  if (have_over && at >= 0 && ctx->duration >= 0 && at + over > ctx->duration)
    {
      g_autofree char *field = field_of (path, "over");
      g_autofree char *end = _gw_scenario_format_duration (ctx->duration);

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "over"), field,
                            _("the burst runs past the end of the drill (it lasts %s)"), end);
    }

  if (_gw_scenario_has_member (obj, "grids") && _gw_scenario_has_member (obj, "around"))
    {
      g_autofree char *field = field_of (path, "around");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "around"), field,
                            _("give the places by “grids” or by “around”, not both"));
    }
  else if (_gw_scenario_has_member (obj, "around"))
    {
      static const char *const allowed[] = { "lon", "lat", "radius", NULL };
      JsonNode *node = _gw_scenario_get_member (ctx, obj, path, "around", TRUE);
      g_autofree char *field = field_of (path, "around");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "around"), field,
                              _("expected %s, found %s"),
                              _("an object {\"lon\": …, \"lat\": …, \"radius\": metres}"),
                              gw_json_node_type_name (node));
      else
        {
          JsonObject *aobj = json_node_get_object (node);
          gboolean ok;

          _gw_scenario_check_members (ctx, aobj, field, allowed, NULL);
          ok = _gw_scenario_get_number (ctx, aobj, field, "lon", TRUE, -180, 180, &center_lon);
          ok = _gw_scenario_get_number (ctx, aobj, field, "lat", TRUE, -85, 85, &center_lat) && ok;
          ok = _gw_scenario_get_number (ctx, aobj, field, "radius", TRUE, 1, 100000, &radius) && ok;
          if (ok)
            _gw_scenario_add_point_ref (ctx, center_lon, center_lat, _gw_scenario_object_line (ctx, aobj),
                           field);
        }
    }
  else if (_gw_scenario_has_member (obj, "grids"))
    grids = _gw_scenario_get_codes (ctx, obj, path, "grids", TRUE, GW_SCENARIO_REF_GRID);
  else
    {
      g_autofree char *field = field_of (path, "grids");

      _gw_scenario_problem (ctx, line, field,
                            _("the places are missing: give “grids”, or “around”"));
    }

  categories = get_burst_categories (ctx, obj, path);
  descriptions = get_texts (ctx, obj, path, "descriptions");
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const BurstCategory *category = g_ptr_array_index (categories, i);

      if (category->descriptions->len == 0 && descriptions->len == 0)
        {
          g_autofree char *field = field_of (path, "descriptions");

          _gw_scenario_problem (ctx, line, field,
                                _("required: the category “%s” has no descriptions of its own"),
                                category->code);
          break;
        }
    }
  get_weights (ctx, obj, path, "urgencies", gw_urgency_names (), urgency_weights);
  if (_gw_scenario_has_member (obj, "source") && _gw_scenario_has_member (obj, "sources"))
    {
      g_autofree char *field = field_of (path, "sources");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "sources"), field,
                            _("give “source” or “sources”, not both"));
    }
  else if (_gw_scenario_has_member (obj, "sources"))
    by_sources = get_weights (ctx, obj, path, "sources", gw_source_names (), source_weights);
  else
    _gw_scenario_get_enum (ctx, obj, path, "source", FALSE, gw_source_names (), &source);
  _gw_scenario_get_int (ctx, obj, path, "seed", FALSE, 0, G_MAXUINT32, &seed);
  _gw_scenario_get_enum (ctx, obj, path, "shape", FALSE, shape_names, &shape);

  if (id != NULL)
    g_hash_table_insert (ctx->bursts, g_strdup (id), GUINT_TO_POINTER ((guint) count));
  if (ctx->problems->len > before || at < 0 || id == NULL)
    return;

  /* Expand: the instants first (sorted, so "#1" is the earliest), then each report's
   * details in that order, all from one generator. */
  state = (guint64) seed;
  times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  for (gint64 n = 0; n < count; n++)
    {
      gint64 offset;

      switch (shape)
        {
        case SHAPE_EVEN:
          offset = over * n / count;
          break;
        case SHAPE_PEAK:
          offset = (gint64) floor ((rng_double (&state) + rng_double (&state)) / 2 * over);
          break;
        case SHAPE_UNIFORM:
        default:
          offset = (gint64) floor (rng_double (&state) * over);
          break;
        }
      offset += at;
      g_array_append_val (times, offset);
    }
  g_array_sort (times, compare_gint64);

  category_weights = g_new (double, categories->len);
  for (guint i = 0; i < categories->len; i++)
    category_weights[i] = ((BurstCategory *) g_ptr_array_index (categories, i))->weight;

  for (guint n = 0; n < times->len; n++)
    {
      GwInjection *inj = _gw_injection_new ();
      const BurstCategory *category;
      GPtrArray *texts;

      inj->id = g_strdup_printf ("%s#%u", id, n + 1);
      inj->at = g_array_index (times, gint64, n);
      inj->kind = GW_INJECTION_REPORT;
      inj->line = line;
      category = g_ptr_array_index (categories, pick_weighted (&state, category_weights,
                                                               categories->len));
      inj->category_code = g_strdup (category->code);
      if (grids != NULL)
        inj->grid_code = g_strdup (g_ptr_array_index (grids, rng_index (&state, grids->len)));
      else
        {
          double r = radius * sqrt (rng_double (&state));
          double theta = 2 * G_PI * rng_double (&state);

          inj->lat = round6 (center_lat + r * cos (theta) / 111320.0);
          inj->lon = round6 (center_lon + r * sin (theta) /
                             (111320.0 * cos (center_lat * G_PI / 180)));
        }
      texts = category->descriptions->len > 0 ? category->descriptions : descriptions;
      _gw_scenario_text_copy (&inj->description,
                              g_ptr_array_index (texts, rng_index (&state, texts->len)));
      inj->urgency = pick_weighted (&state, urgency_weights, GW_N_URGENCIES);
      inj->source = by_sources ? pick_weighted (&state, source_weights, GW_N_SOURCES) : source;
      g_ptr_array_add (out, inj);
      g_hash_table_insert (ctx->injections, inj->id, inj);
    }
}
