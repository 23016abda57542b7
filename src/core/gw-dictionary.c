#define G_LOG_DOMAIN "gw-dictionary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gw-dictionary.h"
#include "gw-json.h"

/* The format this loader reads; see docs/DICTIONARY.md. */
#define DICTIONARY_FORMAT   "gridwatch-categories"
#define DICTIONARY_VERSION  1

/* Bounds on untrusted input (the shipped dictionary is about 25 KB, nested 6 deep). */
#define MAX_BYTES           (4 * 1024 * 1024)
#define MAX_DEPTH           32
#define MAX_ENTRIES         10000   /* elements in any one array */
#define MAX_CODE_LENGTH     32      /* bytes */
#define MAX_NAME_LENGTH     200     /* characters */

struct _GwDictionary
{
  GStringChunk *strings;      /* every string the structs point at */

  GwBoard      *boards;
  guint         n_boards;
  GwTag        *tags;
  guint         n_tags;
  GwCategory   *categories;   /* top level, in file order */
  guint         n_categories;
  GwCategory   *subcategories; /* all of them, grouped by category, in file order */
  guint         n_subcategories;
  guint         subcategories_size; /* allocated length of subcategories */
  guint        *first_sub;    /* n_categories + 1 entries: subcategories of category i are
                               * first_sub[i] .. first_sub[i + 1] - 1 */

  GPtrArray    *vectors;      /* the NULL-terminated tag and keyword vectors */
  GHashTable   *by_code;      /* code -> GwCategory *, categories and subcategories */
  GHashTable   *boards_by_code;
  GHashTable   *tags_by_code;
};

G_DEFINE_QUARK (gw-dictionary-error-quark, gw_dictionary_error)

G_DEFINE_BOXED_TYPE (GwDictionary, gw_dictionary, gw_dictionary_ref, gw_dictionary_unref)

static const char *const empty_strv[] = { NULL };

static const char *const kind_names[] = { "event", "component", "service", NULL };
static const char *const tag_groups[] = { "five_matters", "whistle", NULL };

static const char *const root_members[] = {
  "format", "version", "boards", "tags", "categories", NULL
};
static const char *const board_members[] = { "code", "zh", "en", NULL };
static const char *const tag_members[] = { "code", "group", "zh", "en", NULL };
static const char *const category_members[] = {
  "code", "zh", "en", "board", "kind", "subcategories", NULL
};
static const char *const subcategory_members[] = {
  "code", "zh", "en", "board", "tags", "keywords", NULL
};

static void
dictionary_clear (gpointer data)
{
  GwDictionary *self = data;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->boards_by_code, g_hash_table_unref);
  g_clear_pointer (&self->tags_by_code, g_hash_table_unref);
  g_clear_pointer (&self->vectors, g_ptr_array_unref);
  g_clear_pointer (&self->boards, g_free);
  g_clear_pointer (&self->tags, g_free);
  g_clear_pointer (&self->categories, g_free);
  g_clear_pointer (&self->subcategories, g_free);
  g_clear_pointer (&self->first_sub, g_free);
  g_clear_pointer (&self->strings, g_string_chunk_free);
}

static GwDictionary *
dictionary_new (void)
{
  GwDictionary *self = g_atomic_rc_box_new0 (GwDictionary);

  self->strings = g_string_chunk_new (4096);
  self->vectors = g_ptr_array_new_with_free_func (g_free);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->boards_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->tags_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

GwDictionary *
gw_dictionary_ref (GwDictionary *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gw_dictionary_unref (GwDictionary *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, dictionary_clear);
}

/* --- checked access to the JSON ------------------------------------------------------- */

static gboolean fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_DICTIONARY_ERROR, GW_DICTIONARY_ERROR_INVALID, message);
  return FALSE;
}

/* The dictionary's errors are its own domain; the checked getters are gw-json's. */
static gboolean
as_dictionary_error (GError **error,
                     GError  *json_error)
{
  if (json_error)
    fail (error, "%s", json_error->message);
  g_clear_error (&json_error);
  return FALSE;
}

static char *
member_path (const char *path,
             const char *member)
{
  return gw_json_path_member (path, member);
}

/* Refuses members that are not part of the format, naming the first one. */
static gboolean
check_members (JsonObject         *obj,
               const char         *path,
               const char *const  *allowed,
               GError            **error)
{
  GError *json_error = NULL;

  return gw_json_check_members (obj, path, allowed, &json_error) || as_dictionary_error (error, json_error);
}

static JsonObject *
require_object (JsonNode    *node,
                const char  *path,
                GError     **error)
{
  GError *json_error = NULL;
  JsonObject *obj = gw_json_require_object (node, path, &json_error);

  if (obj == NULL)
    as_dictionary_error (error, json_error);
  return obj;
}

/* Checks a string value: valid UTF-8, not blank, not too long. */
static gboolean
check_text (const char  *text,
            const char  *path,
            GError     **error)
{
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, _("%s: not valid UTF-8"), path);
  for (p = text; *p != '\0' && g_ascii_isspace (*p); p++)
    ;
  if (*p == '\0')
    return fail (error, _("%s: must not be empty"), path);
  if (g_utf8_strlen (text, -1) > MAX_NAME_LENGTH)
    return fail (error, _("%s: longer than %d characters"), path, MAX_NAME_LENGTH);
  return TRUE;
}

static gboolean
node_to_string (JsonNode     *node,
                const char   *path,
                const char  **out,
                GError      **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, _("%s: expected a string, found %s"), path, gw_json_node_type_name (node));
  if (!check_text (json_node_get_string (node), path, error))
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

/* A required or optional string member; an optional absent member leaves *out NULL. The
 * string belongs to the JSON tree. */
static gboolean
get_string (JsonObject   *obj,
            const char   *path,
            const char   *member,
            gboolean      required,
            const char  **out,
            GError      **error)
{
  g_autofree char *mpath = member_path (path, member);
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL)
    return required ? fail (error, _("%s: required field is missing"), mpath) : TRUE;
  return node_to_string (node, mpath, out, error);
}

static gboolean
get_int (JsonObject  *obj,
         const char  *path,
         const char  *member,
         gint64      *out,
         GError     **error)
{
  GError *json_error = NULL;

  return gw_json_get_int (obj, path, member, TRUE, out, &json_error) || as_dictionary_error (error, json_error);
}

static gboolean
get_array (JsonObject  *obj,
           const char  *path,
           const char  *member,
           JsonArray  **out,
           GError     **error)
{
  GError *json_error = NULL;

  if (!gw_json_get_array (obj, path, member, TRUE, out, &json_error))
    return as_dictionary_error (error, json_error);
  if (json_array_get_length (*out) > MAX_ENTRIES)
    {
      g_autofree char *mpath = member_path (path, member);
      return fail (error, _("%s: more than %d entries"), mpath, MAX_ENTRIES);
    }
  return TRUE;
}

/* Codes are short ASCII identifiers: letters, digits, “_” and “-”. */
static gboolean
check_code (const char  *code,
            const char  *path,
            GError     **error)
{
  gsize len = strlen (code);

  if (len > MAX_CODE_LENGTH)
    return fail (error, _("%s: code “%s” is longer than %d characters"), path, code, MAX_CODE_LENGTH);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '_' && code[i] != '-')
      return fail (error, _("%s: “%s” is not a valid code (only letters, digits, “_” and “-”)"),
                   path, code);
  return TRUE;
}

/* The JSON parser has no depth limit of its own: refuse deep nesting before parsing. */
static gboolean
check_depth (const char  *data,
             gsize        len,
             GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return fail (error, _("not JSON: nested deeper than %d levels"), MAX_DEPTH);
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* --- loading --------------------------------------------------------------------------- */

static const char *
intern (GwDictionary *self,
        const char   *str)
{
  return g_string_chunk_insert_const (self->strings, str);
}

static gboolean
load_boards (GwDictionary  *self,
             JsonArray     *boards,
             GError       **error)
{
  self->n_boards = json_array_get_length (boards);
  if (self->n_boards == 0)
    return fail (error, _("%s: empty; a dictionary needs at least one board"), "boards");
  self->boards = g_new0 (GwBoard, self->n_boards);

  for (guint i = 0; i < self->n_boards; i++)
    {
      g_autofree char *path = g_strdup_printf ("boards[%u]", i);
      g_autofree char *code_path = member_path (path, "code");
      GwBoard *board = &self->boards[i];
      const char *code, *zh, *en;
      JsonObject *obj;

      if (!(obj = require_object (json_array_get_element (boards, i), path, error)) ||
          !check_members (obj, path, board_members, error) ||
          !get_string (obj, path, "code", TRUE, &code, error) ||
          !check_code (code, code_path, error) ||
          !get_string (obj, path, "zh", TRUE, &zh, error) ||
          !get_string (obj, path, "en", TRUE, &en, error))
        return FALSE;
      if (g_hash_table_contains (self->boards_by_code, code))
        return fail (error, _("%s: duplicate board “%s”"), code_path, code);

      board->code = intern (self, code);
      board->name_zh = intern (self, zh);
      board->name_en = intern (self, en);
      g_hash_table_insert (self->boards_by_code, (gpointer) board->code, board);
    }
  return TRUE;
}

static gboolean
load_tags (GwDictionary  *self,
           JsonArray     *tags,
           GError       **error)
{
  self->n_tags = json_array_get_length (tags);
  self->tags = g_new0 (GwTag, MAX (self->n_tags, 1));

  for (guint i = 0; i < self->n_tags; i++)
    {
      g_autofree char *path = g_strdup_printf ("tags[%u]", i);
      g_autofree char *code_path = member_path (path, "code");
      GwTag *tag = &self->tags[i];
      const char *code, *group, *zh, *en;
      JsonObject *obj;

      if (!(obj = require_object (json_array_get_element (tags, i), path, error)) ||
          !check_members (obj, path, tag_members, error) ||
          !get_string (obj, path, "code", TRUE, &code, error) ||
          !check_code (code, code_path, error) ||
          !get_string (obj, path, "group", TRUE, &group, error) ||
          !get_string (obj, path, "zh", TRUE, &zh, error) ||
          !get_string (obj, path, "en", TRUE, &en, error))
        return FALSE;
      if (g_hash_table_contains (self->tags_by_code, code))
        return fail (error, _("%s: duplicate tag “%s”"), code_path, code);
      if (!g_strv_contains (tag_groups, group))
        {
          g_autofree char *group_path = member_path (path, "group");
          return fail (error, _("%s: “%s” is not a tag group (expected five_matters or whistle)"),
                       group_path, group);
        }

      tag->code = intern (self, code);
      tag->group = intern (self, group);
      tag->name_zh = intern (self, zh);
      tag->name_en = intern (self, en);
      g_hash_table_insert (self->tags_by_code, (gpointer) tag->code, tag);
    }
  return TRUE;
}

/* The code, names and (optional for a subcategory) board shared by both levels. */
static gboolean
load_common (GwDictionary  *self,
             JsonObject    *obj,
             const char    *path,
             gboolean       board_required,
             GwCategory    *out,
             GError       **error)
{
  g_autofree char *code_path = member_path (path, "code");
  const char *code, *zh, *en, *board;

  if (!get_string (obj, path, "code", TRUE, &code, error) ||
      !check_code (code, code_path, error) ||
      !get_string (obj, path, "zh", TRUE, &zh, error) ||
      !get_string (obj, path, "en", TRUE, &en, error) ||
      !get_string (obj, path, "board", board_required, &board, error))
    return FALSE;
  if (g_hash_table_contains (self->by_code, code))
    return fail (error, _("%s: duplicate code “%s”"), code_path, code);
  if (board != NULL && !g_hash_table_contains (self->boards_by_code, board))
    {
      GString *list = g_string_new (NULL);
      g_autofree char *board_path = member_path (path, "board");

      for (guint i = 0; i < self->n_boards; i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "", self->boards[i].code);
      fail (error, _("%s: unknown board “%s” (the boards are %s)"), board_path, board, list->str);
      g_string_free (list, TRUE);
      return FALSE;
    }

  out->code = intern (self, code);
  out->name_zh = intern (self, zh);
  out->name_en = intern (self, en);
  out->board = board != NULL ? intern (self, board) : NULL;
  return TRUE;
}

/* A NULL-terminated vector of the strings in an array, owned by the dictionary. With
 * known set, every string must be one of its keys and appear once; the vector then points
 * at the table's own copies. */
static gboolean
load_strv (GwDictionary         *self,
           JsonObject           *obj,
           const char           *path,
           const char           *member,
           GHashTable           *known,
           const char *const   **out,
           GError              **error)
{
  g_autofree char *mpath = member_path (path, member);
  JsonArray *array;
  const char **strv;
  guint n;

  if (!get_array (obj, path, member, &array, error))
    return FALSE;
  n = json_array_get_length (array);
  strv = g_new0 (const char *, n + 1);
  g_ptr_array_add (self->vectors, strv);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *epath = g_strdup_printf ("%s[%u]", mpath, i);
      const char *str;

      if (!node_to_string (json_array_get_element (array, i), epath, &str, error))
        return FALSE;
      if (g_strv_contains ((const char *const *) strv, str))
        return fail (error, _("%s: “%s” is listed twice"), epath, str);
      if (known != NULL)
        {
          const GwTag *tag = g_hash_table_lookup (known, str);

          if (tag == NULL)
            return fail (error, _("%s: unknown tag “%s”"), epath, str);
          strv[i] = tag->code;
        }
      else
        strv[i] = intern (self, str);
    }
  *out = (const char *const *) strv;
  return TRUE;
}

static gboolean
load_subcategory (GwDictionary      *self,
                  JsonNode          *node,
                  const char        *path,
                  const GwCategory  *parent,
                  GwCategory        *sub,
                  GError           **error)
{
  JsonObject *obj;

  if (!(obj = require_object (node, path, error)) ||
      !check_members (obj, path, subcategory_members, error) ||
      !load_common (self, obj, path, FALSE, sub, error))
    return FALSE;
  if (!g_str_has_prefix (sub->code, parent->code))
    {
      g_autofree char *code_path = member_path (path, "code");
      return fail (error, _("%s: “%s” does not start with its category’s code “%s”"),
                   code_path, sub->code, parent->code);
    }
  /* A code equal to its category's was refused as a duplicate by load_common(). */
  if (!load_strv (self, obj, path, "tags", self->tags_by_code, &sub->tags, error) ||
      !load_strv (self, obj, path, "keywords", NULL, &sub->keywords, error))
    return FALSE;

  if (sub->board == NULL)
    sub->board = parent->board;
  sub->kind = parent->kind;
  sub->parent = parent;
  g_hash_table_insert (self->by_code, (gpointer) sub->code, sub);
  return TRUE;
}

static gboolean
load_category (GwDictionary  *self,
               JsonNode      *node,
               const char    *path,
               guint          index,
               GError       **error)
{
  GwCategory *category = &self->categories[index];
  JsonObject *obj;
  JsonArray *subs = NULL;
  const char *kind;
  guint n_subs;

  if (!(obj = require_object (node, path, error)) ||
      !check_members (obj, path, category_members, error) ||
      !load_common (self, obj, path, TRUE, category, error) ||
      !get_string (obj, path, "kind", TRUE, &kind, error))
    return FALSE;
  if (!g_strv_contains (kind_names, kind))
    {
      g_autofree char *kind_path = member_path (path, "kind");
      return fail (error, _("%s: “%s” is not a kind of category (expected event, component "
                            "or service)"), kind_path, kind);
    }
  if (!get_array (obj, path, "subcategories", &subs, error))
    return FALSE;

  for (guint k = 0; kind_names[k] != NULL; k++)
    if (g_str_equal (kind_names[k], kind))
      category->kind = (GwCategoryKind) k;
  category->parent = NULL;
  category->tags = empty_strv;
  category->keywords = empty_strv;
  g_hash_table_insert (self->by_code, (gpointer) category->code, category);

  n_subs = json_array_get_length (subs);
  /* The counting pass in load_root() sized the array from the same JSON tree. */
  g_assert (self->n_subcategories + n_subs <= self->subcategories_size);
  self->first_sub[index] = self->n_subcategories;
  for (guint j = 0; j < n_subs; j++)
    {
      g_autofree char *spath = g_strdup_printf ("%s.subcategories[%u]", path, j);
      GwCategory *sub = &self->subcategories[self->n_subcategories];

      if (!load_subcategory (self, json_array_get_element (subs, j), spath, category, sub, error))
        return FALSE;
      self->n_subcategories++;
    }
  return TRUE;
}

static gboolean
load_root (GwDictionary  *self,
           JsonNode      *root,
           GError       **error)
{
  JsonArray *boards = NULL, *tags = NULL, *categories = NULL;
  const char *format;
  JsonObject *obj;
  gint64 version = 0;
  guint n, total = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, _("%s: expected an object, found %s"), _("top level"), gw_json_node_type_name (root));
  obj = json_node_get_object (root);

  if (!check_members (obj, "", root_members, error) ||
      !get_string (obj, "", "format", TRUE, &format, error))
    return FALSE;
  if (!g_str_equal (format, DICTIONARY_FORMAT))
    return fail (error, _("%s: expected “%s”, found “%s”"), "format", DICTIONARY_FORMAT, format);
  if (!get_int (obj, "", "version", &version, error))
    return FALSE;
  if (version != DICTIONARY_VERSION)
    return fail (error, _("%s: %lld is not supported (this version of Gridwatch reads version %d)"),
                 "version", (long long) version, DICTIONARY_VERSION);

  if (!get_array (obj, "", "boards", &boards, error) ||
      !load_boards (self, boards, error) ||
      !get_array (obj, "", "tags", &tags, error) ||
      !load_tags (self, tags, error) ||
      !get_array (obj, "", "categories", &categories, error))
    return FALSE;

  n = json_array_get_length (categories);
  if (n == 0)
    return fail (error, _("%s: empty; a dictionary needs at least one category"), "categories");

  /* Size the arrays first so that parent pointers into them stay valid; malformed
   * entries count as empty here and are reported by load_category(). */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      JsonNode *subs;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          (subs = json_object_get_member (json_node_get_object (node), "subcategories")) != NULL &&
          JSON_NODE_HOLDS_ARRAY (subs))
        total += json_array_get_length (json_node_get_array (subs));
    }
  if (total > MAX_ENTRIES)
    return fail (error, _("%s: more than %d subcategories in all"), "categories", MAX_ENTRIES);

  self->categories = g_new0 (GwCategory, n);
  self->subcategories = g_new0 (GwCategory, MAX (total, 1));
  self->subcategories_size = total;
  self->first_sub = g_new0 (guint, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("categories[%u]", i);

      if (!load_category (self, json_array_get_element (categories, i), path, i, error))
        return FALSE;
      self->n_categories++;
    }
  self->first_sub[n] = self->n_subcategories;
  return TRUE;
}

/* --- public API ------------------------------------------------------------------------ */

/**
 * gw_dictionary_new_from_bytes:
 * @json: the text of a dictionary (format in docs/DICTIONARY.md)
 *
 * Returns: (transfer full) (nullable): the dictionary, or %NULL with @error set
 *   (%GW_DICTIONARY_ERROR_INVALID, the message naming the entry and field).
 */
GwDictionary *
gw_dictionary_new_from_bytes (GBytes  *json,
                              GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GwDictionary) self = NULL;
  const char *data;
  JsonNode *root;
  gsize len;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &len);
  if (len > MAX_BYTES)
    {
      fail (error, _("too large: %zu bytes (at most %d)"), len, MAX_BYTES);
      return NULL;
    }
  if (!check_depth (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", len, &local_error))
    {
      fail (error, _("not JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      fail (error, _("not JSON: the text is empty"));
      return NULL;
    }

  self = dictionary_new ();
  if (!load_root (self, root, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * gw_dictionary_new_from_file:
 *
 * Reads and loads a dictionary file (synchronously: meant for the CLI and for start-up).
 * Errors are prefixed with the file's name; I/O errors keep their %G_IO_ERROR domain.
 *
 * Returns: (transfer full) (nullable): the dictionary, or %NULL with @error set
 */
GwDictionary *
gw_dictionary_new_from_file (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GwDictionary *self;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, error))
    {
      /* TRANSLATORS: a file's name, before what went wrong with it */
      g_prefix_error (error, _("%s: "), name);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  self = gw_dictionary_new_from_bytes (bytes, error);
  if (self == NULL)
    g_prefix_error (error, _("%s: "), name);
  return self;
}

/**
 * gw_dictionary_get_default:
 *
 * Returns: (transfer none): the dictionary shipped with Gridwatch, loaded on first use
 *   and kept for the life of the process. Take a reference to keep it beyond a call.
 */
GwDictionary *
gw_dictionary_get_default (void)
{
  static gsize shipped;

  if (g_once_init_enter (&shipped))
    g_once_init_leave (&shipped, (gsize) gw_json_load_shipped (GW_DICTIONARY_RESOURCE, (GwShippedParser) gw_dictionary_new_from_bytes,
                                                                "category dictionary"));
  return (GwDictionary *) shipped;
}

const GwCategory *
gw_dictionary_lookup (GwDictionary *self,
                      const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_code, code);
}

/**
 * gw_dictionary_get_categories:
 *
 * Returns: (transfer container) (element-type GwCategory): the top-level categories, in
 *   file order; free with g_ptr_array_unref().
 */
GPtrArray *
gw_dictionary_get_categories (GwDictionary *self)
{
  GPtrArray *result;

  g_return_val_if_fail (self != NULL, NULL);

  result = g_ptr_array_sized_new (self->n_categories);
  for (guint i = 0; i < self->n_categories; i++)
    g_ptr_array_add (result, &self->categories[i]);
  return result;
}

/**
 * gw_dictionary_get_subcategories:
 * @category_code: (nullable): a top-level category's code, or %NULL for all
 *
 * Returns: (transfer container) (element-type GwCategory): the subcategories in file
 *   order; empty when @category_code is not a top-level category. Free with
 *   g_ptr_array_unref().
 */
GPtrArray *
gw_dictionary_get_subcategories (GwDictionary *self,
                                 const char   *category_code)
{
  const GwCategory *category;
  GPtrArray *result;
  guint first = 0, end = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (category_code == NULL)
    end = self->n_subcategories;
  else if ((category = gw_dictionary_lookup (self, category_code)) != NULL &&
           category->parent == NULL)
    {
      guint index = category - self->categories;

      first = self->first_sub[index];
      end = self->first_sub[index + 1];
    }

  result = g_ptr_array_sized_new (end - first);
  for (guint i = first; i < end; i++)
    g_ptr_array_add (result, &self->subcategories[i]);
  return result;
}

const GwBoard *
gw_dictionary_lookup_board (GwDictionary *self,
                            const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (self->boards_by_code, code);
}

/**
 * gw_dictionary_get_boards:
 *
 * Returns: (transfer container) (element-type GwBoard): the boards in file order; free
 *   with g_ptr_array_unref().
 */
GPtrArray *
gw_dictionary_get_boards (GwDictionary *self)
{
  GPtrArray *result;

  g_return_val_if_fail (self != NULL, NULL);

  result = g_ptr_array_sized_new (self->n_boards);
  for (guint i = 0; i < self->n_boards; i++)
    g_ptr_array_add (result, &self->boards[i]);
  return result;
}

const GwTag *
gw_dictionary_lookup_tag (GwDictionary *self,
                          const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (self->tags_by_code, code);
}

gboolean
gw_locale_is_chinese (void)
{
  const char *const *names = g_get_language_names ();

  return names != NULL && names[0] != NULL && g_str_has_prefix (names[0], "zh");
}

const char *
gw_category_get_display_name (const GwCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  return gw_locale_is_chinese () ? category->name_zh : category->name_en;
}

const char *
gw_board_get_display_name (const GwBoard *board)
{
  g_return_val_if_fail (board != NULL, NULL);

  return gw_locale_is_chinese () ? board->name_zh : board->name_en;
}
