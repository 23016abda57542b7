#define G_LOG_DOMAIN "test-dictionary"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gw-dictionary.h"

#define TEMPLATES_RESOURCE "/org/gridwatch/Gridwatch/core/demo-templates.json"

static const char *const five_matters[] = {
  "worry", "annoyance", "anxiety", "urgent_need", "hope", NULL
};

static const GwCategory *
find_by_name (GwDictionary *dict,
              const char   *name_zh)
{
  g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (dict, NULL);

  for (guint i = 0; i < subs->len; i++)
    {
      const GwCategory *sub = g_ptr_array_index (subs, i);

      if (g_str_equal (sub->name_zh, name_zh))
        return sub;
    }
  return NULL;
}

static gboolean
has_tag (const GwCategory *category,
         const char       *tag)
{
  return g_strv_contains (category->tags, tag);
}

static gboolean
is_digits (const char *str,
           gsize       len)
{
  if (strlen (str) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (str[i]))
      return FALSE;
  return TRUE;
}

/* TRUE when the text has at least one CJK ideograph. */
static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static void
test_default_loads (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) subs = NULL;
  g_autoptr(GPtrArray) boards = NULL;
  static const char *const board_codes[] = { "party", "economy", "livelihood", "safety" };

  g_assert_nonnull (dict);
  g_assert_true (gw_dictionary_get_default () == dict);

  categories = gw_dictionary_get_categories (dict);
  subs = gw_dictionary_get_subcategories (dict, NULL);
  g_assert_cmpuint (categories->len, >=, 15);
  g_assert_cmpuint (subs->len, >=, 90);
  g_test_message ("%u categories, %u subcategories", categories->len, subs->len);

  boards = gw_dictionary_get_boards (dict);
  g_assert_cmpuint (boards->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (board_codes); i++)
    {
      const GwBoard *board = g_ptr_array_index (boards, i);

      g_assert_cmpstr (board->code, ==, board_codes[i]);
      g_assert_true (gw_dictionary_lookup_board (dict, board_codes[i]) == board);
      g_assert_true (has_han (board->name_zh));
      g_assert_cmpstr (board->name_en, !=, "");
    }
  g_assert_cmpstr (gw_dictionary_lookup_board (dict, "party")->name_zh, ==, "党的建设");
  g_assert_cmpstr (gw_dictionary_lookup_board (dict, "safety")->name_zh, ==, "平安法治");
  g_assert_null (gw_dictionary_lookup_board (dict, "party2"));
}

/* A second, independent load of the shipped file through the public loader; the boxed
 * type copies by reference. */
static void
test_fresh_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwDictionary) dict = NULL;
  GwDictionary *copy;

  bytes = g_resources_lookup_data (GW_DICTIONARY_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  dict = gw_dictionary_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dict);
  g_assert_true (dict != gw_dictionary_get_default ());
  g_assert_cmpstr (gw_dictionary_lookup (dict, "0101")->name_zh, ==,
                   gw_dictionary_lookup (gw_dictionary_get_default (), "0101")->name_zh);

  g_assert_true (g_type_is_a (GW_TYPE_DICTIONARY, G_TYPE_BOXED));
  copy = g_boxed_copy (GW_TYPE_DICTIONARY, dict);
  g_assert_true (copy == dict);
  g_boxed_free (GW_TYPE_DICTIONARY, copy);
  g_assert_nonnull (gw_dictionary_lookup (dict, "01"));
}

static void
test_lookup (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  const GwCategory *cat, *sub;
  g_autoptr(GPtrArray) categories = gw_dictionary_get_categories (dict);
  g_autoptr(GPtrArray) all = gw_dictionary_get_subcategories (dict, NULL);
  g_autoptr(GPtrArray) none = gw_dictionary_get_subcategories (dict, "99");
  g_autoptr(GPtrArray) of_sub = gw_dictionary_get_subcategories (dict, "0101");
  guint total = 0;

  cat = gw_dictionary_lookup (dict, "01");
  g_assert_nonnull (cat);
  g_assert_cmpstr (cat->code, ==, "01");
  g_assert_cmpstr (cat->name_zh, ==, "市容环境");
  g_assert_null (cat->parent);
  g_assert_cmpint (cat->kind, ==, GW_CATEGORY_KIND_EVENT);
  g_assert_nonnull (cat->tags);
  g_assert_null (cat->tags[0]);
  g_assert_nonnull (cat->keywords);
  g_assert_true (g_ptr_array_index (categories, 0) == cat);

  sub = gw_dictionary_lookup (dict, "0101");
  g_assert_nonnull (sub);
  g_assert_cmpstr (sub->name_zh, ==, "暴露垃圾");
  g_assert_true (sub->parent == cat);
  g_assert_cmpstr (sub->board, ==, cat->board);
  g_assert_cmpint (sub->kind, ==, cat->kind);
  g_assert_true (has_tag (sub, "annoyance"));
  g_assert_true (g_strv_contains (sub->keywords, "垃圾"));

  g_assert_null (gw_dictionary_lookup (dict, "99"));
  g_assert_null (gw_dictionary_lookup (dict, "9999"));
  g_assert_null (gw_dictionary_lookup (dict, ""));
  g_assert_null (gw_dictionary_lookup (dict, NULL));
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (of_sub->len, ==, 0);

  /* Every category's subcategories point back at it, and together they are all of them. */
  for (guint i = 0; i < categories->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (categories, i);
      g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (dict, c->code);

      g_assert_true (gw_dictionary_lookup (dict, c->code) == c);
      g_assert_cmpuint (subs->len, >, 0);
      for (guint j = 0; j < subs->len; j++)
        {
          const GwCategory *s = g_ptr_array_index (subs, j);

          g_assert_true (s->parent == c);
          g_assert_true (gw_dictionary_lookup (dict, s->code) == s);
          g_assert_true (g_ptr_array_index (all, total + j) == s);
          g_assert_cmpstr (s->board, ==, c->board);
          g_assert_cmpint (s->kind, ==, c->kind);
        }
      total += subs->len;
    }
  g_assert_cmpuint (total, ==, all->len);

  g_assert_cmpstr (gw_dictionary_lookup_tag (dict, "urgent_need")->group, ==, "five_matters");
  g_assert_cmpstr (gw_dictionary_lookup_tag (dict, "urgent_need")->name_zh, ==, "急难事");
  g_assert_cmpstr (gw_dictionary_lookup_tag (dict, "enforcement")->group, ==, "whistle");
  g_assert_cmpstr (gw_dictionary_lookup_tag (dict, "enforcement")->name_zh, ==, "执法哨");
  g_assert_null (gw_dictionary_lookup_tag (dict, "nonsense"));
}

/* The rules the shipped file keeps beyond what the loader enforces. */
static void
test_content_rules (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  g_autoptr(GPtrArray) categories = gw_dictionary_get_categories (dict);
  g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (dict, NULL);
  g_autoptr(GHashTable) boards_used = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean kinds_used[3] = { FALSE, FALSE, FALSE };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < categories->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (categories, i);

      g_assert_true (is_digits (c->code, 2));
      g_assert_true (has_han (c->name_zh));
      g_assert_false (has_han (c->name_en));
      g_assert_nonnull (gw_dictionary_lookup_board (dict, c->board));
      g_assert_cmpint (c->kind, <=, GW_CATEGORY_KIND_SERVICE);
      g_hash_table_add (boards_used, (gpointer) c->board);
      kinds_used[c->kind] = TRUE;
      g_assert_true (g_hash_table_add (names, (gpointer) c->name_zh));
    }
  g_assert_cmpuint (g_hash_table_size (boards_used), ==, 4);
  g_assert_true (kinds_used[GW_CATEGORY_KIND_EVENT]);
  g_assert_true (kinds_used[GW_CATEGORY_KIND_COMPONENT]);
  g_assert_true (kinds_used[GW_CATEGORY_KIND_SERVICE]);

  for (guint i = 0; i < subs->len; i++)
    {
      const GwCategory *s = g_ptr_array_index (subs, i);
      guint n_five = 0, n_keywords = g_strv_length ((char **) s->keywords);

      if (g_test_verbose ())
        g_test_message ("%s %s", s->code, s->name_zh);
      g_assert_true (is_digits (s->code, 4));
      g_assert_true (g_str_has_prefix (s->code, s->parent->code));
      g_assert_true (has_han (s->name_zh));
      g_assert_false (has_han (s->name_en));
      /* Names are unique, so a duty officer can tell them apart in a list. */
      g_assert_true (g_hash_table_add (names, (gpointer) s->name_zh));

      for (guint t = 0; s->tags[t] != NULL; t++)
        {
          const GwTag *tag = gw_dictionary_lookup_tag (dict, s->tags[t]);

          g_assert_nonnull (tag);
          if (g_strv_contains (five_matters, tag->code))
            n_five++;
        }
      g_assert_cmpuint (n_five, ==, 1);
      g_assert_cmpuint (n_keywords, >=, 1);
      g_assert_cmpuint (n_keywords, <=, 4);
      for (guint k = 0; k < n_keywords; k++)
        g_assert_true (has_han (s->keywords[k]));
    }
}

/* The classes the seed articles' cases need. */
static void
test_seed_classes (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  const GwCategory *s;

  /* A shop storing fireworks in a residential block (牌楼街道): safety board, a hazard. */
  s = find_by_name (dict, "违规储存烟花爆竹");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->board, ==, "safety");
  g_assert_true (has_tag (s, "anxiety"));
  g_assert_true (g_strv_contains (s->keywords, "烟花爆竹"));

  /* An electrified bus stop. */
  s = find_by_name (dict, "设施带电、漏电");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->board, ==, "safety");
  g_assert_true (has_tag (s, "urgent_need"));
  g_assert_true (g_strv_contains (s->keywords, "漏电"));

  /* Water bursting from a retaining wall, with the pressure lost in the flats. */
  s = find_by_name (dict, "挡墙、边坡渗水垮塌");
  g_assert_nonnull (s);
  g_assert_true (g_strv_contains (s->keywords, "堡坎"));
  g_assert_true (has_tag (s, "emergency_whistle"));
  g_assert_nonnull (find_by_name (dict, "停水或水压不足"));
  g_assert_nonnull (find_by_name (dict, "自来水管破裂"));
  s = find_by_name (dict, "挡土墙");
  g_assert_nonnull (s);
  g_assert_cmpint (s->kind, ==, GW_CATEGORY_KIND_COMPONENT);

  /* Lorries from the wharf keeping residents awake. */
  s = find_by_name (dict, "交通噪音");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->parent->name_zh, ==, "噪音扰民");
  g_assert_true (g_strv_contains (s->keywords, "货车"));

  /* An old couple's lost marriage certificate: a service request. */
  s = find_by_name (dict, "证件遗失补办");
  g_assert_nonnull (s);
  g_assert_cmpint (s->kind, ==, GW_CATEGORY_KIND_SERVICE);
  g_assert_cmpstr (s->board, ==, "livelihood");
  g_assert_true (has_tag (s, "hope"));
  g_assert_true (g_strv_contains (s->keywords, "结婚证"));

  /* A row of street lamps left off; a fish pond without a railing; a broken tree. */
  s = find_by_name (dict, "路灯");
  g_assert_nonnull (s);
  g_assert_cmpint (s->kind, ==, GW_CATEGORY_KIND_COMPONENT);
  g_assert_nonnull (find_by_name (dict, "临水临崖防护缺失"));
  g_assert_nonnull (find_by_name (dict, "树木断裂倒伏"));

  /* Disputes, wage arrears and property complaints on the safety board. */
  s = find_by_name (dict, "邻里纠纷");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->board, ==, "safety");
  g_assert_nonnull (find_by_name (dict, "劳资纠纷"));
  g_assert_nonnull (find_by_name (dict, "物业纠纷"));

  /* The public digital-city-management classes. */
  g_assert_nonnull (find_by_name (dict, "无照经营游商"));
  g_assert_nonnull (find_by_name (dict, "违法小广告"));
  g_assert_nonnull (find_by_name (dict, "施工占道"));
  g_assert_nonnull (find_by_name (dict, "井盖丢失"));
  g_assert_cmpstr (gw_dictionary_lookup (dict, "04")->name_zh, ==, "突发事件");

  /* The party and economy boards have their own classes. */
  g_assert_cmpstr (find_by_name (dict, "志愿服务")->board, ==, "party");
  g_assert_cmpstr (find_by_name (dict, "企业诉求")->board, ==, "economy");
}

static guint
int_array_sum (JsonArray *array,
               guint      expected_length)
{
  guint sum = 0;

  g_assert_cmpuint (json_array_get_length (array), ==, expected_length);
  for (guint i = 0; i < expected_length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (node), >=, 0);
      sum += json_node_get_int (node);
    }
  return sum;
}

static gint64
template_weight (JsonObject *templates,
                 const char *code)
{
  return json_object_get_int_member (json_object_get_object_member (templates, code), "weight");
}

static void
test_templates (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) subs = gw_dictionary_get_subcategories (dict, NULL);
  g_autoptr(GList) codes = NULL;
  g_autoptr(GRegex) placeholder = NULL;
  JsonObject *root, *templates;
  gint64 street_order = 0, sudden = 0;

  bytes = g_resources_lookup_data (TEMPLATES_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "gridwatch-demo-templates");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  templates = json_object_get_object_member (root, "templates");
  g_assert_nonnull (templates);

  /* Every subcategory has templates ... */
  for (guint i = 0; i < subs->len; i++)
    {
      const GwCategory *s = g_ptr_array_index (subs, i);

      if (!json_object_has_member (templates, s->code))
        g_error ("subcategory %s (%s) has no demo templates", s->code, s->name_zh);
    }

  /* ... and every template belongs to a subcategory, and is well formed. */
  placeholder = g_regex_new ("\\{[^}]*\\}", 0, 0, &error);
  g_assert_no_error (error);
  codes = json_object_get_members (templates);
  g_assert_cmpuint (g_list_length (codes), ==, subs->len);
  for (const GList *l = codes; l != NULL; l = l->next)
    {
      const char *code = l->data;
      const GwCategory *s = gw_dictionary_lookup (dict, code);
      JsonObject *t = json_object_get_object_member (templates, code);
      JsonArray *texts;

      if (g_test_verbose ())
        g_test_message ("template %s", code);
      if (s == NULL || s->parent == NULL)
        g_error ("demo template “%s” is not a subcategory", code);
      g_assert_nonnull (t);
      g_assert_cmpint (json_object_get_int_member (t, "weight"), >, 0);
      g_assert_cmpuint (int_array_sum (json_object_get_array_member (t, "urgency"), 3), >, 0);
      g_assert_cmpuint (int_array_sum (json_object_get_array_member (t, "sources"), 6), >, 0);

      texts = json_object_get_array_member (t, "texts");
      g_assert_cmpuint (json_array_get_length (texts), >=, 3);
      g_assert_cmpuint (json_array_get_length (texts), <=, 6);
      for (guint i = 0; i < json_array_get_length (texts); i++)
        {
          const char *text = json_array_get_string_element (texts, i);
          g_autoptr(GMatchInfo) match = NULL;

          g_assert_nonnull (text);
          g_assert_nonnull (strstr (text, "{place}"));
          g_assert_true (has_han (text));
          g_regex_match (placeholder, text, 0, &match);
          while (g_match_info_matches (match))
            {
              g_autofree char *word = g_match_info_fetch (match, 0);

              if (!g_str_equal (word, "{place}") && !g_str_equal (word, "{community}"))
                g_error ("template %s: unknown placeholder %s in “%s”", code, word, text);
              g_match_info_next (match, NULL);
            }
        }

      if (s->parent == gw_dictionary_lookup (dict, "05"))
        street_order += json_object_get_int_member (t, "weight");
      else if (s->parent == gw_dictionary_lookup (dict, "04"))
        sudden += json_object_get_int_member (t, "weight");
    }

  /* Realistic mixes: street-order problems are far commoner than sudden incidents; a fire
   * is mostly an emergency, exposed rubbish almost never. */
  g_assert_cmpint (street_order, >, 5 * sudden);
  g_assert_cmpint (template_weight (templates, "0101"), >, 10 * template_weight (templates, "0406"));
  {
    JsonArray *fire = json_object_get_array_member (json_object_get_object_member (templates, "0406"),
                                                    "urgency");
    JsonArray *rubbish = json_object_get_array_member (json_object_get_object_member (templates, "0101"),
                                                       "urgency");

    g_assert_cmpint (json_array_get_int_element (fire, 2), >, json_array_get_int_element (fire, 0));
    g_assert_cmpint (json_array_get_int_element (rubbish, 2), ==, 0);
  }
}

/* --- broken dictionaries ---------------------------------------------------------------- */

#define HEAD \
  "{\"format\": \"gridwatch-categories\", \"version\": 1," \
  " \"boards\": [{\"code\": \"safety\", \"zh\": \"平安法治\", \"en\": \"Safety\"}," \
  "              {\"code\": \"livelihood\", \"zh\": \"民生服务\", \"en\": \"Livelihood\"}]," \
  " \"tags\": [{\"code\": \"worry\", \"group\": \"five_matters\", \"zh\": \"操心事\", \"en\": \"worries\"}],"

#define SUB(code) \
  "{\"code\": \"" code "\", \"zh\": \"小类\", \"en\": \"Sub\", \"tags\": [\"worry\"], \"keywords\": [\"词\"]}"

#define CAT(code, subs) \
  "{\"code\": \"" code "\", \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"safety\"," \
  " \"kind\": \"event\", \"subcategories\": [" subs "]}"

static const char good_dictionary[] =
  HEAD " \"categories\": [" CAT ("01", SUB ("0101") "," SUB ("0102")) "," CAT ("02", SUB ("0201")) "]}";

typedef struct {
  const char *name;
  const char *json;
  const char *fragment;   /* what the message must contain */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "not JSON", "{\"format\": \"gridwatch-categories\", ", "not JSON" },
  { "empty text", "", "not JSON" },
  { "top level is an array", "[1, 2]", "top level: expected an object, found an array" },
  { "nested too deep",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "nested deeper" },
  { "wrong format",
    "{\"format\": \"gridwatch-divisions\", \"version\": 1, \"boards\": [], \"tags\": [], \"categories\": []}",
    "format: expected “gridwatch-categories”, found “gridwatch-divisions”" },
  { "format missing", "{\"version\": 1}", "format: required field is missing" },
  { "newer version",
    "{\"format\": \"gridwatch-categories\", \"version\": 2}",
    "version: 2 is not supported" },
  { "version is a string",
    "{\"format\": \"gridwatch-categories\", \"version\": \"1\"}",
    "version: expected an integer, found a string" },
  { "unknown top-level member", HEAD " \"categories\": [" CAT ("01", SUB ("0101")) "], \"extra\": 1}",
    "extra: unknown field" },
  { "misspelt categories", HEAD " \"categorys\": []}", "categorys: unknown field" },
  { "categories missing, nothing else wrong",
    "{\"format\": \"gridwatch-categories\", \"version\": 1,"
    " \"boards\": [{\"code\": \"safety\", \"zh\": \"平安法治\", \"en\": \"Safety\"}], \"tags\": []}",
    "categories: required field is missing" },
  { "categories empty", HEAD " \"categories\": []}", "categories: empty" },
  { "duplicate board",
    "{\"format\": \"gridwatch-categories\", \"version\": 1,"
    " \"boards\": [{\"code\": \"safety\", \"zh\": \"平安法治\", \"en\": \"Safety\"},"
    "              {\"code\": \"safety\", \"zh\": \"平安\", \"en\": \"Safe\"}], \"tags\": [], \"categories\": []}",
    "boards[1].code: duplicate board “safety”" },
  { "unknown tag group",
    "{\"format\": \"gridwatch-categories\", \"version\": 1,"
    " \"boards\": [{\"code\": \"safety\", \"zh\": \"平安法治\", \"en\": \"Safety\"}],"
    " \"tags\": [{\"code\": \"worry\", \"group\": \"five_things\", \"zh\": \"操心事\", \"en\": \"worries\"}],"
    " \"categories\": []}",
    "tags[0].group: “five_things” is not a tag group" },
  { "category is not an object", HEAD " \"categories\": [\"01\"]}",
    "categories[0]: expected an object, found a string" },
  { "category without code",
    HEAD " \"categories\": [" CAT ("01", SUB ("0101")) ", {\"zh\": \"大类\", \"en\": \"Category\","
    " \"board\": \"safety\", \"kind\": \"event\", \"subcategories\": []}]}",
    "categories[1].code: required field is missing" },
  { "code is a number",
    HEAD " \"categories\": [{\"code\": 1, \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"safety\","
    " \"kind\": \"event\", \"subcategories\": []}]}",
    "categories[0].code: expected a string, found a number" },
  { "code with a space", HEAD " \"categories\": [" CAT ("0 1", "") "]}",
    "categories[0].code: “0 1” is not a valid code" },
  { "duplicate category code",
    HEAD " \"categories\": [" CAT ("01", SUB ("0101")) "," CAT ("02", SUB ("0201")) "," CAT ("03", "")
    "," CAT ("03", "") "]}",
    "categories[3].code: duplicate code “03”" },
  { "duplicate subcategory code",
    HEAD " \"categories\": [" CAT ("01", SUB ("0101") "," SUB ("0102") "," SUB ("0101")) "]}",
    "categories[0].subcategories[2].code: duplicate code “0101”" },
  { "unknown board",
    HEAD " \"categories\": [{\"code\": \"01\", \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"party2\","
    " \"kind\": \"event\", \"subcategories\": []}]}",
    "categories[0].board: unknown board “party2”" },
  { "unknown board on a subcategory",
    HEAD " \"categories\": [" CAT ("01", SUB ("0101") ", {\"code\": \"0102\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"board\": \"party2\", \"tags\": [], \"keywords\": []}") "]}",
    "categories[0].subcategories[1].board: unknown board “party2”" },
  { "subcategory code outside its category",
    HEAD " \"categories\": [" CAT ("01", SUB ("0101")) "," CAT ("02", SUB ("0201") "," SUB ("0301")) "]}",
    "categories[1].subcategories[1].code: “0301” does not start with its category’s code “02”" },
  { "subcategory code equal to its category's",
    HEAD " \"categories\": [" CAT ("01", SUB ("01")) "]}",
    "categories[0].subcategories[0].code: duplicate code “01”" },
  { "subcategory code too short",
    HEAD " \"categories\": [" CAT ("01", SUB ("0")) "]}",
    "categories[0].subcategories[0].code: “0” does not start with its category’s code “01”" },
  { "unknown tag",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"tags\": [\"worry\", \"worri\"], \"keywords\": []}") "]}",
    "categories[0].subcategories[0].tags[1]: unknown tag “worri”" },
  { "tag listed twice",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"tags\": [\"worry\", \"worry\"], \"keywords\": []}") "]}",
    "categories[0].subcategories[0].tags[1]: “worry” is listed twice" },
  { "keyword is a number",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"tags\": [], \"keywords\": [\"垃圾\", 7]}") "]}",
    "categories[0].subcategories[0].keywords[1]: expected a string, found a number" },
  { "subcategory without tags",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"keywords\": []}") "]}",
    "categories[0].subcategories[0].tags: required field is missing" },
  { "unknown member in a category",
    HEAD " \"categories\": [{\"code\": \"01\", \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"safety\","
    " \"kind\": \"event\", \"colour\": \"red\", \"subcategories\": []}]}",
    "categories[0].colour: unknown field" },
  { "unknown member in a subcategory",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"Sub\","
    " \"tags\": [], \"keyword\": []}") "]}",
    "categories[0].subcategories[0].keyword: unknown field" },
  { "kind not allowed",
    HEAD " \"categories\": [{\"code\": \"01\", \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"safety\","
    " \"kind\": \"incident\", \"subcategories\": []}]}",
    "categories[0].kind: “incident” is not a kind of category" },
  { "empty name",
    HEAD " \"categories\": [{\"code\": \"01\", \"zh\": \"\", \"en\": \"Category\", \"board\": \"safety\","
    " \"kind\": \"event\", \"subcategories\": []}]}",
    "categories[0].zh: must not be empty" },
  { "blank name on a subcategory",
    HEAD " \"categories\": [" CAT ("01", "{\"code\": \"0101\", \"zh\": \"小类\", \"en\": \"  \","
    " \"tags\": [], \"keywords\": []}") "]}",
    "categories[0].subcategories[0].en: must not be empty" },
  { "subcategories not an array",
    HEAD " \"categories\": [{\"code\": \"01\", \"zh\": \"大类\", \"en\": \"Category\", \"board\": \"safety\","
    " \"kind\": \"event\", \"subcategories\": {}}]}",
    "categories[0].subcategories: expected an array, found an object" },
};

static void
test_broken (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      const BrokenCase *c = &broken_cases[i];
      g_autoptr(GBytes) bytes = g_bytes_new_static (c->json, strlen (c->json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GwDictionary) dict = NULL;

      dict = gw_dictionary_new_from_bytes (bytes, &error);
      g_test_message ("%s: %s", c->name, error ? error->message : "(loaded)");
      g_assert_null (dict);
      g_assert_error (error, GW_DICTIONARY_ERROR, GW_DICTIONARY_ERROR_INVALID);
      if (strstr (error->message, c->fragment) == NULL)
        g_error ("%s: the message “%s” does not contain “%s”", c->name, error->message, c->fragment);
    }
  g_assert_cmpuint (G_N_ELEMENTS (broken_cases), >=, 12);
}

/* The minimal dictionary the broken cases start from does load, so each case fails for
 * its own reason; it loads from a file too, and a broken file's message names the file. */
static void
test_good_and_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (good_dictionary, strlen (good_dictionary));
  g_autoptr(GwDictionary) dict = gw_dictionary_new_from_bytes (bytes, &error);
  g_autoptr(GwDictionary) from_file = NULL;
  g_autoptr(GwDictionary) broken = NULL;
  g_autoptr(GPtrArray) subs = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *good_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autoptr(GFile) good_file = NULL;
  g_autoptr(GFile) bad_file = NULL;
  g_autoptr(GFile) missing = NULL;
  static const char bad[] = "{\"format\": \"gridwatch-categories\", \"version\": 1, \"boards\": [";

  g_assert_no_error (error);
  g_assert_nonnull (dict);
  subs = gw_dictionary_get_subcategories (dict, "01");
  g_assert_cmpuint (subs->len, ==, 2);
  g_assert_cmpstr (((const GwCategory *) g_ptr_array_index (subs, 1))->code, ==, "0102");
  g_assert_cmpstr (gw_dictionary_lookup (dict, "0201")->board, ==, "safety");
  g_assert_null (gw_dictionary_lookup_board (dict, "party"));

  dir = g_dir_make_tmp ("gw-dictionary-XXXXXX", &error);
  g_assert_no_error (error);
  good_path = g_build_filename (dir, "good.json", NULL);
  bad_path = g_build_filename (dir, "bad.json", NULL);
  g_file_set_contents (good_path, good_dictionary, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad_path, bad, -1, &error);
  g_assert_no_error (error);

  good_file = g_file_new_for_path (good_path);
  from_file = gw_dictionary_new_from_file (good_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_dictionary_lookup (from_file, "0102")->parent->code, ==, "01");

  bad_file = g_file_new_for_path (bad_path);
  broken = gw_dictionary_new_from_file (bad_file, NULL, &error);
  g_assert_null (broken);
  g_assert_error (error, GW_DICTIONARY_ERROR, GW_DICTIONARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.json: not JSON"));
  g_clear_error (&error);

  missing = g_file_new_for_path ("/nonexistent/categories.json");
  g_assert_null (gw_dictionary_new_from_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/categories.json"));

  g_assert_cmpint (g_unlink (good_path), ==, 0);
  g_assert_cmpint (g_unlink (bad_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* --- locale ----------------------------------------------------------------------------- */

static const char *const locale_vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

static void
test_locale (void)
{
  GwDictionary *dict = gw_dictionary_get_default ();
  const GwCategory *cat = gw_dictionary_lookup (dict, "01");
  const GwBoard *board = gw_dictionary_lookup_board (dict, "safety");
  char *saved[G_N_ELEMENTS (locale_vars)];

  for (guint i = 0; i < G_N_ELEMENTS (locale_vars); i++)
    {
      saved[i] = g_strdup (g_getenv (locale_vars[i]));
      g_unsetenv (locale_vars[i]);
    }

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_true (gw_locale_is_chinese ());
  g_assert_cmpstr (gw_category_get_display_name (cat), ==, "市容环境");
  g_assert_cmpstr (gw_board_get_display_name (board), ==, "平安法治");

  g_setenv ("LANGUAGE", "en_US", TRUE);
  g_assert_false (gw_locale_is_chinese ());
  g_assert_cmpstr (gw_category_get_display_name (cat), ==, "City appearance and environment");
  g_assert_cmpstr (gw_board_get_display_name (board), ==, "Safety and rule of law");

  /* Only the first preference counts. */
  g_setenv ("LANGUAGE", "fr_FR:zh_CN", TRUE);
  g_assert_false (gw_locale_is_chinese ());
  g_setenv ("LANGUAGE", "zh_TW:en", TRUE);
  g_assert_true (gw_locale_is_chinese ());

  /* Without LANGUAGE, the message locale decides. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_true (gw_locale_is_chinese ());
  g_setenv ("LC_ALL", "C", TRUE);
  g_assert_false (gw_locale_is_chinese ());
  g_unsetenv ("LC_ALL");
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_assert_true (gw_locale_is_chinese ());
  g_setenv ("LANG", "de_DE.UTF-8", TRUE);
  g_assert_false (gw_locale_is_chinese ());

  for (guint i = 0; i < G_N_ELEMENTS (locale_vars); i++)
    {
      if (saved[i] != NULL)
        g_setenv (locale_vars[i], saved[i], TRUE);
      else
        g_unsetenv (locale_vars[i]);
      g_free (saved[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dictionary/default", test_default_loads);
  g_test_add_func ("/dictionary/fresh-load", test_fresh_load);
  g_test_add_func ("/dictionary/lookup", test_lookup);
  g_test_add_func ("/dictionary/content-rules", test_content_rules);
  g_test_add_func ("/dictionary/seed-classes", test_seed_classes);
  g_test_add_func ("/dictionary/templates", test_templates);
  g_test_add_func ("/dictionary/broken", test_broken);
  g_test_add_func ("/dictionary/good-and-files", test_good_and_files);
  g_test_add_func ("/dictionary/locale", test_locale);

  return g_test_run ();
}
