/* gw-scenario-lines.c: the line of every field of a scenario file.
 *
 * json-glib 1.6 keeps no positions in its nodes, so the line of every member and element
 * is recorded while the parser runs, from its "object-member", "array-element" and
 * "*-start" / "*-end" signals (json_parser_get_current_line() is valid inside them): a
 * scalar's line is the line its value ends on, an object's or array's the line of its
 * opening bracket. A member given twice in one object is remembered for the parser to
 * refuse (json-glib keeps the last value silently).
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include "gw-scenario-private.h"

struct _GwScenarioLines {
  JsonParser *parser;
  GHashTable *members;     /* JsonObject * -> GHashTable (member name -> line) */
  GHashTable *duplicates;  /* JsonObject * -> GPtrArray of Duplicate */
  GHashTable *elements;    /* JsonArray * -> GArray of guint (line per index) */
  GHashTable *starts;      /* JsonObject * or JsonArray * -> line of its bracket */
  GArray     *stack;       /* guint: the lines of the brackets still open */
};

static void
duplicate_free (GwScenarioDuplicate *dup)
{
  g_free (dup->name);
  g_free (dup);
}

void
_gw_scenario_lines_free (GwScenarioLines *lines)
{
  g_clear_pointer (&lines->members, g_hash_table_unref);
  g_clear_pointer (&lines->duplicates, g_hash_table_unref);
  g_clear_pointer (&lines->elements, g_hash_table_unref);
  g_clear_pointer (&lines->starts, g_hash_table_unref);
  g_clear_pointer (&lines->stack, g_array_unref);
  g_free (lines);
}

static guint
node_line (GwScenarioLines *lines,
           JsonNode        *node)
{
  gpointer container = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    container = json_node_get_object (node);
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    container = json_node_get_array (node);
  if (container != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (lines->starts, container));
  return json_parser_get_current_line (lines->parser);
}

static void
on_parser_container_start (JsonParser *parser,
                           gpointer    user_data)
{
  GwScenarioLines *lines = user_data;
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (lines->stack, line);
}

static void
container_end (GwScenarioLines *lines,
               gpointer         container)
{
  guint line = 0;

  if (lines->stack->len > 0)
    {
      line = g_array_index (lines->stack, guint, lines->stack->len - 1);
      g_array_set_size (lines->stack, lines->stack->len - 1);
    }
  g_hash_table_insert (lines->starts, container, GUINT_TO_POINTER (line));
}

static void
on_parser_object_end (JsonParser *parser,
                      JsonObject *object,
                      gpointer    user_data)
{
  container_end (user_data, object);
}

static void
on_parser_array_end (JsonParser *parser,
                     JsonArray  *array,
                     gpointer    user_data)
{
  container_end (user_data, array);
}

static void
on_parser_object_member (JsonParser *parser,
                         JsonObject *object,
                         const char *name,
                         gpointer    user_data)
{
  GwScenarioLines *lines = user_data;
  GHashTable *table = g_hash_table_lookup (lines->members, object);
  guint line = node_line (lines, json_object_get_member (object, name));
  gpointer first;

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (lines->members, object, table);
    }
  if (g_hash_table_lookup_extended (table, name, NULL, &first))
    {
      /* json-glib keeps the last value: so does the line; the first is an error. */
      GPtrArray *dups = g_hash_table_lookup (lines->duplicates, object);
      GwScenarioDuplicate *dup = g_new0 (GwScenarioDuplicate, 1);

      if (dups == NULL)
        {
          dups = g_ptr_array_new_with_free_func ((GDestroyNotify) duplicate_free);
          g_hash_table_insert (lines->duplicates, object, dups);
        }
      dup->name = g_strdup (name);
      dup->line = line;
      dup->first_line = GPOINTER_TO_UINT (first);
      g_ptr_array_add (dups, dup);
    }
  g_hash_table_insert (table, g_strdup (name), GUINT_TO_POINTER (line));
}

static void
on_parser_array_element (JsonParser *parser,
                         JsonArray  *array,
                         int         index,
                         gpointer    user_data)
{
  GwScenarioLines *lines = user_data;
  GArray *table = g_hash_table_lookup (lines->elements, array);
  guint line;

  if (index < 0)
    return;
  if (table == NULL)
    {
      table = g_array_new (FALSE, TRUE, sizeof (guint));
      g_hash_table_insert (lines->elements, array, table);
    }
  line = node_line (lines, json_array_get_element (array, index));
  if ((guint) index >= table->len)
    g_array_set_size (table, index + 1);
  g_array_index (table, guint, index) = line;
}

GwScenarioLines *
_gw_scenario_lines_new (JsonParser *parser)
{
  GwScenarioLines *lines = g_new0 (GwScenarioLines, 1);

  lines->parser = parser;
  lines->members = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  lines->duplicates = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  lines->elements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  lines->starts = g_hash_table_new (NULL, NULL);
  lines->stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (parser, "object-start", G_CALLBACK (on_parser_container_start), lines);
  g_signal_connect (parser, "array-start", G_CALLBACK (on_parser_container_start), lines);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_parser_object_end), lines);
  g_signal_connect (parser, "array-end", G_CALLBACK (on_parser_array_end), lines);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_parser_object_member), lines);
  g_signal_connect (parser, "array-element", G_CALLBACK (on_parser_array_element), lines);
  return lines;
}

guint
_gw_scenario_object_line (GwScenarioCtx *ctx,
                          JsonObject    *obj)
{
  if (ctx->lines == NULL || obj == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (ctx->lines->starts, obj));
}

guint
_gw_scenario_member_line (GwScenarioCtx *ctx,
                          JsonObject    *obj,
                          const char    *member)
{
  GHashTable *table;
  gpointer line;

  if (ctx->lines == NULL || obj == NULL)
    return 0;
  table = g_hash_table_lookup (ctx->lines->members, obj);
  if (table != NULL && g_hash_table_lookup_extended (table, member, NULL, &line))
    return GPOINTER_TO_UINT (line);
  /* A member that is not there: where the object starts. */
  return _gw_scenario_object_line (ctx, obj);
}

guint
_gw_scenario_element_line (GwScenarioCtx *ctx,
                           JsonArray     *array,
                           guint          index)
{
  GArray *table;

  if (ctx->lines == NULL || array == NULL)
    return 0;
  table = g_hash_table_lookup (ctx->lines->elements, array);
  if (table != NULL && index < table->len)
    return g_array_index (table, guint, index);
  return GPOINTER_TO_UINT (g_hash_table_lookup (ctx->lines->starts, array));
}

GPtrArray *
_gw_scenario_lines_get_duplicates (GwScenarioLines *lines,
                                   JsonObject      *obj)
{
  return g_hash_table_lookup (lines->duplicates, obj);
}
