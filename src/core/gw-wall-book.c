/* gw-wall-book.c: the wall's layouts, tours, groups and windows, in one JSON file. */
#define G_LOG_DOMAIN "gw-wall-book"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-wall-book.h"

/* The file's format version; a newer one is refused rather than half read. */
#define FORMAT_VERSION 1
/* Nesting in the file: root, collection, item, array, cell. */
#define MAX_DEPTH 8
#define READ_CHUNK (64 * 1024)

/* Groups and window states -------------------------------------------------------------- */

static void
group_clear (gpointer data)
{
  GwWallGroup *self = data;

  g_free (self->id);
  g_free (self->name);
  g_array_unref (self->cameras);
}

G_DEFINE_BOXED_TYPE (GwWallGroup, gw_wall_group, gw_wall_group_ref, gw_wall_group_unref)

/**
 * gw_wall_group_new:
 * @id: a non-empty id
 * @name: the name shown to the duty officer
 *
 * Returns: (transfer full): a group without cameras
 */
GwWallGroup *
gw_wall_group_new (const char *id,
                   const char *name)
{
  GwWallGroup *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_atomic_rc_box_new0 (GwWallGroup);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->cameras = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

/**
 * gw_wall_group_copy:
 *
 * Returns: (transfer full): a deep copy of @self, to change and set again
 */
GwWallGroup *
gw_wall_group_copy (const GwWallGroup *self)
{
  GwWallGroup *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = gw_wall_group_new (self->id, self->name);
  g_array_append_vals (copy->cameras, self->cameras->data, self->cameras->len);
  return copy;
}

GwWallGroup *
gw_wall_group_ref (GwWallGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
gw_wall_group_unref (GwWallGroup *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, group_clear);
}

static void
window_state_clear (gpointer data)
{
  GwWallWindowState *self = data;

  g_free (self->id);
  g_free (self->monitor);
  g_free (self->layout_id);
  g_array_unref (self->cameras);
  g_free (self->tour_id);
}

G_DEFINE_BOXED_TYPE (GwWallWindowState, gw_wall_window_state,
                     gw_wall_window_state_ref, gw_wall_window_state_unref)

/**
 * gw_wall_window_state_new:
 * @id: the window's id
 * @layout_id: the layout it shows
 *
 * Returns: (transfer full): a window with empty cells, nothing pinned, no tour, no focus
 */
GwWallWindowState *
gw_wall_window_state_new (const char *id,
                          const char *layout_id)
{
  GwWallWindowState *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (layout_id != NULL, NULL);

  self = g_atomic_rc_box_new0 (GwWallWindowState);
  self->id = g_strdup (id);
  self->layout_id = g_strdup (layout_id);
  self->cameras = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->focused = -1;
  return self;
}

/**
 * gw_wall_window_state_copy:
 *
 * Returns: (transfer full): a deep copy of @self, to change and set again
 */
GwWallWindowState *
gw_wall_window_state_copy (const GwWallWindowState *self)
{
  GwWallWindowState *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = gw_wall_window_state_new (self->id, self->layout_id);
  copy->monitor = g_strdup (self->monitor);
  copy->fullscreen = self->fullscreen;
  g_array_append_vals (copy->cameras, self->cameras->data, self->cameras->len);
  copy->pinned = self->pinned;
  copy->tour_id = g_strdup (self->tour_id);
  copy->focused = self->focused;
  return copy;
}

GwWallWindowState *
gw_wall_window_state_ref (GwWallWindowState *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
gw_wall_window_state_unref (GwWallWindowState *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, window_state_clear);
}

/* Checks (for set; the JSON readers refuse the same things with a message) ------------ */

static gboolean
id_is_valid (const char *id)
{
  return id != NULL && *id != '\0' && strlen (id) <= GW_WALL_MAX_ID_LENGTH;
}

static gboolean
name_is_valid (const char *name)
{
  return name != NULL && *name != '\0' && g_utf8_strlen (name, -1) <= GW_WALL_MAX_NAME_LENGTH;
}

static gboolean
layout_is_valid (GwWallLayout *layout)
{
  return !gw_wall_layout_is_preset (layout) &&
         !gw_wall_layout_is_preset_id (gw_wall_layout_get_id (layout)) &&
         id_is_valid (gw_wall_layout_get_id (layout)) &&
         name_is_valid (gw_wall_layout_get_name (layout)) &&
         gw_wall_layout_get_n_cells (layout) > 0;
}

static gboolean
tour_is_valid (GwTour *tour)
{
  return id_is_valid (gw_tour_get_id (tour)) && name_is_valid (gw_tour_get_name (tour));
}

static gboolean
group_is_valid (const GwWallGroup *group)
{
  g_autoptr(GHashTable) seen = NULL;

  if (!id_is_valid (group->id) || !name_is_valid (group->name) ||
      group->cameras->len > GW_WALL_GROUP_MAX_CAMERAS)
    return FALSE;
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < group->cameras->len; i++)
    {
      gint64 *camera = &g_array_index (group->cameras, gint64, i);

      if (*camera < 1 || !g_hash_table_add (seen, camera))
        return FALSE;
    }
  return TRUE;
}

static gboolean
window_is_valid (const GwWallWindowState *state)
{
  if (!id_is_valid (state->id) || !id_is_valid (state->layout_id) ||
      (state->monitor != NULL && !id_is_valid (state->monitor)) ||
      (state->tour_id != NULL && !id_is_valid (state->tour_id)) ||
      state->cameras->len > GW_WALL_LAYOUT_MAX_CELLS ||
      state->focused < -1 || state->focused >= GW_WALL_LAYOUT_MAX_CELLS)
    return FALSE;
  for (guint i = 0; i < state->cameras->len; i++)
    if (g_array_index (state->cameras, gint64, i) < 0)
      return FALSE;
  return TRUE;
}

/* JSON of groups and windows ------------------------------------------------------------ */

static void
add_ids (JsonBuilder *b,
         GArray      *ids)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (b, g_array_index (ids, gint64, i));
  json_builder_end_array (b);
}

static void
add_optional_string (JsonBuilder *b,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static JsonNode *
group_to_json (gpointer item)
{
  GwWallGroup *group = item;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, group->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, group->name);
  json_builder_set_member_name (b, "cameras");
  add_ids (b, group->cameras);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
window_to_json (gpointer item)
{
  GwWallWindowState *state = item;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, state->id);
  add_optional_string (b, "monitor", state->monitor);
  json_builder_set_member_name (b, "fullscreen");
  json_builder_add_boolean_value (b, state->fullscreen);
  json_builder_set_member_name (b, "layout");
  json_builder_add_string_value (b, state->layout_id);
  json_builder_set_member_name (b, "cameras");
  add_ids (b, state->cameras);
  json_builder_set_member_name (b, "pinned");
  json_builder_begin_array (b);
  for (guint i = 0; i < 64; i++)
    if (state->pinned & (G_GUINT64_CONSTANT (1) << i))
      json_builder_add_int_value (b, i);
  json_builder_end_array (b);
  add_optional_string (b, "tour", state->tour_id);
  json_builder_set_member_name (b, "focused");
  json_builder_add_int_value (b, state->focused);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* An array member of at most max_len integers within min…max, each at most once when
 * distinct, appended to out. */
static gboolean
get_ids (JsonObject  *obj,
         const char  *path,
         const char  *member,
         guint        max_len,
         gint64       min,
         gint64       max,
         gboolean     distinct,
         GArray      *out,
         GError     **error)
{
  g_autofree char *array_path = gw_json_path_member (path, member);
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array = NULL;
  guint n;

  if (!gw_json_get_array (obj, path, member, TRUE, &array, error))
    return FALSE;
  n = json_array_get_length (array);
  if (n > max_len)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   _("%s: at most %u items, not %u"), array_path, max_len, n);
      return FALSE;
    }
  if (distinct)
    seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_array_set_size (out, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = gw_json_path_index (array_path, i);
      gint64 *v = &g_array_index (out, gint64, i);

      if (!gw_json_get_element_int (array, array_path, i, min, max, v, error))
        return FALSE;
      if (distinct && !g_hash_table_add (seen, v))
        {
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                       _("%s: %lld is listed twice"), where, (long long) *v);
          return FALSE;
        }
    }
  return TRUE;
}

static const char *const group_members[] = { "id", "name", "cameras", NULL };

static gpointer
group_from_json (JsonNode    *node,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GwWallGroup) group = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  JsonObject *obj;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, group_members, error) ||
      !gw_json_get_text (obj, path, "id", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &id, error) ||
      !gw_json_get_text (obj, path, "name", TRUE, 0, GW_WALL_MAX_NAME_LENGTH, &name, error))
    return NULL;
  group = gw_wall_group_new (id, name);
  if (!get_ids (obj, path, "cameras", GW_WALL_GROUP_MAX_CAMERAS, 1, G_MAXINT64, TRUE,
                group->cameras, error))
    return NULL;
  return g_steal_pointer (&group);
}

static const char *const window_members[] = {
  "id", "monitor", "fullscreen", "layout", "cameras", "pinned", "tour", "focused", NULL
};

static gpointer
window_from_json (JsonNode    *node,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GwWallWindowState) state = NULL;
  g_autoptr(GArray) pinned = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *id = NULL;
  g_autofree char *layout_id = NULL;
  JsonObject *obj;
  gint64 focused = -1;

  if (!(obj = gw_json_require_object (node, path, error)) ||
      !gw_json_check_members (obj, path, window_members, error) ||
      !gw_json_get_text (obj, path, "id", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &id, error) ||
      !gw_json_get_text (obj, path, "layout", TRUE, GW_WALL_MAX_ID_LENGTH, 0, &layout_id, error))
    return NULL;
  state = gw_wall_window_state_new (id, layout_id);
  if (!gw_json_get_text (obj, path, "monitor", FALSE, GW_WALL_MAX_ID_LENGTH, 0, &state->monitor, error) ||
      !gw_json_get_bool (obj, path, "fullscreen", FALSE, &state->fullscreen, error) ||
      !get_ids (obj, path, "cameras", GW_WALL_LAYOUT_MAX_CELLS, 0, G_MAXINT64, FALSE,
                state->cameras, error) ||
      !get_ids (obj, path, "pinned", GW_WALL_LAYOUT_MAX_CELLS, 0, GW_WALL_LAYOUT_MAX_CELLS - 1,
                TRUE, pinned, error) ||
      !gw_json_get_text (obj, path, "tour", FALSE, GW_WALL_MAX_ID_LENGTH, 0, &state->tour_id, error) ||
      !gw_json_get_int (obj, path, "focused", FALSE, &focused, error))
    return NULL;
  {
    g_autofree char *where = gw_json_path_member (path, "focused");

    if (focused < -1 || focused > GW_WALL_LAYOUT_MAX_CELLS - 1)
      {
        g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: %lld is not between %lld and %lld"), where,
                     (long long) focused, -1LL, (long long) (GW_WALL_LAYOUT_MAX_CELLS - 1));
        return NULL;
      }
  }
  state->focused = (int) focused;
  for (guint i = 0; i < pinned->len; i++)
    state->pinned |= G_GUINT64_CONSTANT (1) << g_array_index (pinned, gint64, i);
  return g_steal_pointer (&state);
}

/* The four collections, handled alike ------------------------------------------------- */

typedef enum {
  KIND_LAYOUTS,
  KIND_TOURS,
  KIND_GROUPS,
  KIND_WINDOWS,
  N_KINDS
} Kind;

typedef struct {
  const char     *name;       /* the file's member, and the "changed" signal's detail */
  const char   *(*get_id)     (gpointer item);
  JsonNode     *(*to_json)    (gpointer item);
  gpointer      (*from_json)  (JsonNode *node, const char *path, GError **error);
  gpointer      (*ref)        (gpointer item);
  GDestroyNotify  unref;
} KindClass;

/* The kinds' functions, on untyped items. */
static const char *
layout_id (gpointer item)
{
  return gw_wall_layout_get_id (item);
}

static JsonNode *
layout_to_json (gpointer item)
{
  return gw_wall_layout_to_json (item);
}

static gpointer
layout_from_json (JsonNode    *node,
                  const char  *path,
                  GError     **error)
{
  return gw_wall_layout_from_json (node, path, error);
}

static gpointer
layout_ref (gpointer item)
{
  return gw_wall_layout_ref (item);
}

static const char *
tour_id (gpointer item)
{
  return gw_tour_get_id (item);
}

static JsonNode *
tour_to_json (gpointer item)
{
  return gw_tour_to_json (item);
}

static gpointer
tour_from_json (JsonNode    *node,
                const char  *path,
                GError     **error)
{
  return gw_tour_from_json (node, path, error);
}

static gpointer
tour_ref (gpointer item)
{
  return gw_tour_ref (item);
}

static const char *
group_id (gpointer item)
{
  return ((GwWallGroup *) item)->id;
}

static gpointer
group_ref (gpointer item)
{
  return gw_wall_group_ref (item);
}

static const char *
window_id (gpointer item)
{
  return ((GwWallWindowState *) item)->id;
}

static gpointer
window_ref (gpointer item)
{
  return gw_wall_window_state_ref (item);
}

static const KindClass kinds[N_KINDS] = {
  [KIND_LAYOUTS] = { "layouts", layout_id, layout_to_json, layout_from_json, layout_ref,
                     (GDestroyNotify) gw_wall_layout_unref },
  [KIND_TOURS]   = { "tours", tour_id, tour_to_json, tour_from_json, tour_ref,
                     (GDestroyNotify) gw_tour_unref },
  [KIND_GROUPS]  = { "groups", group_id, group_to_json, group_from_json, group_ref,
                     (GDestroyNotify) gw_wall_group_unref },
  [KIND_WINDOWS] = { "windows", window_id, window_to_json, window_from_json, window_ref,
                     (GDestroyNotify) gw_wall_window_state_unref },
};

/* What a file holds: a list per kind. */
typedef struct {
  GPtrArray *items[N_KINDS];
} Contents;

static Contents *
contents_new (void)
{
  Contents *c = g_new0 (Contents, 1);

  for (guint k = 0; k < N_KINDS; k++)
    c->items[k] = g_ptr_array_new_with_free_func (kinds[k].unref);
  return c;
}

static void
contents_free (gpointer data)
{
  Contents *c = data;

  for (guint k = 0; k < N_KINDS; k++)
    g_ptr_array_unref (c->items[k]);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Contents, contents_free)

static gint
find_index (GPtrArray  *items,
            Kind        kind,
            const char *id)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (kinds[kind].get_id (items->pdata[i]), id))
      return (gint) i;
  return -1;
}

static const char *const file_members[] = {
  "version", "layouts", "tours", "groups", "windows", NULL
};

/* The whole file, from untrusted JSON; runs on a worker thread. */
static Contents *
contents_from_json (JsonNode  *root,
                    GError   **error)
{
  g_autoptr(Contents) c = contents_new ();
  JsonObject *obj;
  gint64 version = 0;

  if (!(obj = gw_json_require_object (root, NULL, error)) ||
      !gw_json_check_members (obj, NULL, file_members, error) ||
      !gw_json_get_int (obj, NULL, "version", TRUE, &version, error))
    return NULL;
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                   version > FORMAT_VERSION
                   ? _("version: %lld, written by a newer Gridwatch than this one")
                   : _("version: %lld is not a version of the wall’s file"),
                   (long long) version);
      return NULL;
    }
  for (guint k = 0; k < N_KINDS; k++)
    {
      /* id -> 1 + the index of the item that has it */
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *array = NULL;
      guint n;

      if (!gw_json_get_array (obj, NULL, kinds[k].name, FALSE, &array, error))
        return NULL;
      n = array ? json_array_get_length (array) : 0;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = gw_json_path_index (kinds[k].name, i);
          gpointer item = kinds[k].from_json (json_array_get_element (array, i), path, error);
          const char *id;
          guint other;

          if (item == NULL)
            return NULL;
          g_ptr_array_add (c->items[k], item);
          id = kinds[k].get_id (item);
          other = GPOINTER_TO_UINT (g_hash_table_lookup (ids, id));
          if (other > 0)
            {
              g_autofree char *where = gw_json_path_member (path, "id");
              g_autofree char *first = gw_json_path_index (kinds[k].name, other - 1);
              g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE,
                           _("%s: “%s” is already the id of %s"), where, id, first);
              return NULL;
            }
          g_hash_table_insert (ids, (gpointer) id, GUINT_TO_POINTER (i + 1));
        }
    }
  return g_steal_pointer (&c);
}

/* The book ------------------------------------------------------------------------------ */

/* One write of the file, for one or more save calls. */
typedef struct {
  GFile     *file;
  GBytes    *bytes;
  gboolean   backup;
  GPtrArray *tasks;     /* the save calls it answers */
} Write;

static void
write_free (gpointer data)
{
  Write *w = data;

  g_object_unref (w->file);
  g_bytes_unref (w->bytes);
  g_ptr_array_unref (w->tasks);
  g_free (w);
}

struct _GwWallBook
{
  GObject     parent_instance;

  GFile      *file;
  GPtrArray  *items[N_KINDS];
  gboolean    writing;
  GBytes     *next_bytes;     /* the latest contents waiting for the write in progress */
  GPtrArray  *next_tasks;     /* their save calls */
  gboolean    load_failed;    /* the file could not be read: keep it on the next save */
};

G_DEFINE_FINAL_TYPE (GwWallBook, gw_wall_book, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (GwWallBook *self,
              Kind        kind)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (kinds[kind].name));
}

static GPtrArray *
list_items (GwWallBook *self,
            Kind        kind)
{
  GPtrArray *list = g_ptr_array_new_full (self->items[kind]->len, kinds[kind].unref);

  for (guint i = 0; i < self->items[kind]->len; i++)
    g_ptr_array_add (list, kinds[kind].ref (self->items[kind]->pdata[i]));
  return list;
}

static gpointer
dup_item (GwWallBook *self,
          Kind        kind,
          const char *id)
{
  gint i = find_index (self->items[kind], kind, id);

  return i >= 0 ? kinds[kind].ref (self->items[kind]->pdata[i]) : NULL;
}

static void
set_item (GwWallBook *self,
          Kind        kind,
          gpointer    item)
{
  GPtrArray *items = self->items[kind];
  gint i = find_index (items, kind, kinds[kind].get_id (item));

  if (i >= 0)
    {
      g_autoptr(JsonNode) old = NULL;
      g_autoptr(JsonNode) new = NULL;

      if (items->pdata[i] == item)
        return;
      old = kinds[kind].to_json (items->pdata[i]);
      new = kinds[kind].to_json (item);
      if (json_node_equal (old, new))
        return;
      kinds[kind].unref (items->pdata[i]);
      items->pdata[i] = kinds[kind].ref (item);
    }
  else
    g_ptr_array_add (items, kinds[kind].ref (item));
  emit_changed (self, kind);
}

static gboolean
remove_item (GwWallBook *self,
             Kind        kind,
             const char *id)
{
  gint i = find_index (self->items[kind], kind, id);

  if (i < 0)
    return FALSE;
  g_ptr_array_remove_index (self->items[kind], i);
  emit_changed (self, kind);
  return TRUE;
}

static GBytes *
serialize (GwWallBook *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  for (guint k = 0; k < N_KINDS; k++)
    {
      json_builder_set_member_name (b, kinds[k].name);
      json_builder_begin_array (b);
      for (guint i = 0; i < self->items[k]->len; i++)
        json_builder_add_value (b, kinds[k].to_json (self->items[k]->pdata[i]));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = gw_json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

static void
gw_wall_book_finalize (GObject *object)
{
  GwWallBook *self = GW_WALL_BOOK (object);

  /* A write in progress holds a reference: nothing can be waiting here. */
  g_assert (!self->writing && self->next_tasks == NULL);
  g_clear_object (&self->file);
  for (guint k = 0; k < N_KINDS; k++)
    g_ptr_array_unref (self->items[k]);

  G_OBJECT_CLASS (gw_wall_book_parent_class)->finalize (object);
}

static void
gw_wall_book_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwWallBook *self = GW_WALL_BOOK (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_wall_book_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwWallBook *self = GW_WALL_BOOK (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_wall_book_class_init (GwWallBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_wall_book_finalize;
  object_class->get_property = gw_wall_book_get_property;
  object_class->set_property = gw_wall_book_set_property;

  /**
   * GwWallBook:file:
   *
   * The file the book is read from and written to.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwWallBook::changed:
   *
   * A collection changed: a set that changed something, a remove, or a load. The detail
   * says which: "layouts", "tours", "groups" or "windows".
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gw_wall_book_init (GwWallBook *self)
{
  for (guint k = 0; k < N_KINDS; k++)
    self->items[k] = g_ptr_array_new_with_free_func (kinds[k].unref);
}

/* Public API ---------------------------------------------------------------------------- */

/**
 * gw_wall_book_default_file:
 *
 * Returns: (transfer full): $XDG_CONFIG_HOME/gridwatch/wall.json
 */
GFile *
gw_wall_book_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "gridwatch", "wall.json", NULL);

  return g_file_new_for_path (path);
}

/**
 * gw_wall_book_new:
 * @file: where the book is kept
 *
 * Returns: (transfer full): an empty book; load it with gw_wall_book_load_async()
 */
GwWallBook *
gw_wall_book_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (GW_TYPE_WALL_BOOK, "file", file, NULL);
}

/**
 * gw_wall_book_get_file:
 *
 * Returns: (transfer none): the book's file
 */
GFile *
gw_wall_book_get_file (GwWallBook *self)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  return self->file;
}

/* Loading ------------------------------------------------------------------------------- */

/* Reads and parses the file; on a worker thread. A missing file is empty contents. */
static Contents *
read_contents (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  Contents *c;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_debug ("%s: not there yet; the wall starts empty", name);
          return contents_new ();
        }
      /* GIO's message names the file. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* Read at most one byte past the limit, to know that it is past. */
  while (data->len <= GW_WALL_BOOK_MAX_FILE_SIZE)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (G_INPUT_STREAM (stream), READ_CHUNK,
                                                           cancellable, error);
      if (chunk == NULL)
        {
          g_prefix_error (error, _("%s: "), name);
          return NULL;
        }
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_byte_array_append (data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    }
  if (data->len > GW_WALL_BOOK_MAX_FILE_SIZE)
    {
      g_set_error (error, GW_WALL_ERROR, GW_WALL_ERROR_TOO_LARGE,
                   _("%s: larger than %d MiB, which is too large for the wall’s settings"),
                   name, GW_WALL_BOOK_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  root = gw_json_parse (data->len > 0 ? (const char *) data->data : "", data->len, MAX_DEPTH, error);
  c = root ? contents_from_json (root, error) : NULL;
  if (c == NULL)
    g_prefix_error (error, _("%s: "), name);
  return c;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  Contents *c = read_contents (task_data, cancellable, &error);

  if (c == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, c, contents_free);
}

/* Back on the caller's thread: take the contents, then answer the load call. */
static void
on_contents_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GwWallBook *self = GW_WALL_BOOK (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(Contents) c = NULL;
  GError *error = NULL;
  gboolean changed[N_KINDS];

  c = g_task_propagate_pointer (G_TASK (result), &error);
  if (c == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->load_failed = TRUE;
          g_debug ("%s", error->message);
        }
      g_task_return_error (task, error);
      return;
    }
  self->load_failed = FALSE;
  for (guint k = 0; k < N_KINDS; k++)
    {
      changed[k] = self->items[k]->len > 0 || c->items[k]->len > 0;
      g_ptr_array_unref (self->items[k]);
      self->items[k] = g_steal_pointer (&c->items[k]);
      c->items[k] = g_ptr_array_new ();
    }
  for (guint k = 0; k < N_KINDS; k++)
    if (changed[k])
      emit_changed (self, k);
  g_task_return_boolean (task, TRUE);
}

void
gw_wall_book_load_async (GwWallBook          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;

  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_wall_book_load_async);
  read = g_task_new (self, cancellable, on_contents_read, g_steal_pointer (&task));
  g_task_set_source_tag (read, gw_wall_book_load_async);
  g_task_set_task_data (read, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (read, load_thread);
}

gboolean
gw_wall_book_load_finish (GwWallBook    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gw_wall_book_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving -------------------------------------------------------------------------------- */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Write *w = task_data;
  g_autoptr(GFile) folder = g_file_get_parent (w->file);
  GError *error = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (w->bytes, &size);

  if (folder != NULL && !g_file_make_directory_with_parents (folder, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }
  /* A temporary file renamed over the old one: a crash leaves one or the other. */
  if (!g_file_replace_contents (w->file, data, size, NULL, w->backup, G_FILE_CREATE_NONE,
                                NULL, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_write (GwWallBook *self,
                         GBytes     *bytes,
                         GPtrArray  *tasks);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GwWallBook *self = GW_WALL_BOOK (source);
  Write *w = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (w->backup)
        self->load_failed = FALSE;
    }
  else
    g_debug ("Could not save the wall: %s", error->message);

  for (guint i = 0; i < w->tasks->len; i++)
    {
      GTask *task = w->tasks->pdata[i];

      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  self->writing = FALSE;
  if (self->next_tasks != NULL)
    {
      g_autoptr(GBytes) bytes = g_steal_pointer (&self->next_bytes);
      g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->next_tasks);
      start_write (self, bytes, tasks);
    }
}

static void
start_write (GwWallBook *self,
             GBytes     *bytes,
             GPtrArray  *tasks)
{
  g_autoptr(GTask) job = g_task_new (self, NULL, on_written, NULL);
  Write *w = g_new0 (Write, 1);

  w->file = g_object_ref (self->file);
  w->bytes = g_bytes_ref (bytes);
  w->backup = self->load_failed;
  w->tasks = g_ptr_array_ref (tasks);
  self->writing = TRUE;
  g_task_set_source_tag (job, gw_wall_book_save_async);
  g_task_set_task_data (job, w, write_free);
  g_task_run_in_thread (job, write_thread);
}

void
gw_wall_book_save_async (GwWallBook          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_wall_book_save_async);
  bytes = serialize (self);
  if (g_bytes_get_size (bytes) > GW_WALL_BOOK_MAX_FILE_SIZE)
    {
      g_autofree char *name = g_file_get_parse_name (self->file);
      g_task_return_new_error (task, GW_WALL_ERROR, GW_WALL_ERROR_TOO_LARGE,
                               _("%s: the wall’s settings have grown past %d MiB and "
                                 "cannot be saved; remove some groups or tours"),
                               name, GW_WALL_BOOK_MAX_FILE_SIZE / (1024 * 1024));
      return;
    }
  if (!self->writing)
    {
      g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (tasks, g_steal_pointer (&task));
      start_write (self, bytes, tasks);
      return;
    }
  /* Wait for the write in progress; whatever waited before this is written with these
   * newer contents. */
  g_clear_pointer (&self->next_bytes, g_bytes_unref);
  self->next_bytes = g_steal_pointer (&bytes);
  if (self->next_tasks == NULL)
    self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->next_tasks, g_steal_pointer (&task));
}

gboolean
gw_wall_book_save_finish (GwWallBook    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gw_wall_book_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Collections --------------------------------------------------------------------------- */

/**
 * gw_wall_book_list_layouts:
 *
 * Returns: (transfer full) (element-type GwWallLayout): the custom layouts, in the order
 *   they were first set
 */
GPtrArray *
gw_wall_book_list_layouts (GwWallBook *self)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  return list_items (self, KIND_LAYOUTS);
}

/**
 * gw_wall_book_dup_layout:
 *
 * Returns: (transfer full) (nullable): the custom layout with @id
 */
GwWallLayout *
gw_wall_book_dup_layout (GwWallBook *self,
                         const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return dup_item (self, KIND_LAYOUTS, id);
}

/**
 * gw_wall_book_find_layout:
 *
 * Returns: (transfer full) (nullable): the preset or custom layout with @id
 */
GwWallLayout *
gw_wall_book_find_layout (GwWallBook *self,
                          const char *id)
{
  GwWallLayout *preset;

  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  preset = gw_wall_layout_get_preset (id);
  return preset ? preset : dup_item (self, KIND_LAYOUTS, id);
}

void
gw_wall_book_set_layout (GwWallBook   *self,
                         GwWallLayout *layout)
{
  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (layout != NULL);
  g_return_if_fail (layout_is_valid (layout));
  set_item (self, KIND_LAYOUTS, layout);
}

gboolean
gw_wall_book_remove_layout (GwWallBook *self,
                            const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return remove_item (self, KIND_LAYOUTS, id);
}

/**
 * gw_wall_book_list_tours:
 *
 * Returns: (transfer full) (element-type GwTour): the tours, in the order they were first
 *   set
 */
GPtrArray *
gw_wall_book_list_tours (GwWallBook *self)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  return list_items (self, KIND_TOURS);
}

/**
 * gw_wall_book_dup_tour:
 *
 * Returns: (transfer full) (nullable): the tour with @id
 */
GwTour *
gw_wall_book_dup_tour (GwWallBook *self,
                       const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return dup_item (self, KIND_TOURS, id);
}

void
gw_wall_book_set_tour (GwWallBook *self,
                       GwTour     *tour)
{
  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (tour != NULL);
  g_return_if_fail (tour_is_valid (tour));
  set_item (self, KIND_TOURS, tour);
}

gboolean
gw_wall_book_remove_tour (GwWallBook *self,
                          const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return remove_item (self, KIND_TOURS, id);
}

/**
 * gw_wall_book_list_groups:
 *
 * Returns: (transfer full) (element-type GwWallGroup): the camera groups, in the order
 *   they were first set
 */
GPtrArray *
gw_wall_book_list_groups (GwWallBook *self)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  return list_items (self, KIND_GROUPS);
}

/**
 * gw_wall_book_dup_group:
 *
 * Returns: (transfer full) (nullable): the group with @id
 */
GwWallGroup *
gw_wall_book_dup_group (GwWallBook *self,
                        const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return dup_item (self, KIND_GROUPS, id);
}

void
gw_wall_book_set_group (GwWallBook  *self,
                        GwWallGroup *group)
{
  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (group != NULL);
  g_return_if_fail (group_is_valid (group));
  set_item (self, KIND_GROUPS, group);
}

gboolean
gw_wall_book_remove_group (GwWallBook *self,
                           const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return remove_item (self, KIND_GROUPS, id);
}

/**
 * gw_wall_book_list_windows:
 *
 * Returns: (transfer full) (element-type GwWallWindowState): the wall windows' states, in
 *   the order they were first set
 */
GPtrArray *
gw_wall_book_list_windows (GwWallBook *self)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  return list_items (self, KIND_WINDOWS);
}

/**
 * gw_wall_book_dup_window:
 *
 * Returns: (transfer full) (nullable): the state of the window with @id
 */
GwWallWindowState *
gw_wall_book_dup_window (GwWallBook *self,
                         const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return dup_item (self, KIND_WINDOWS, id);
}

void
gw_wall_book_set_window (GwWallBook        *self,
                         GwWallWindowState *state)
{
  g_return_if_fail (GW_IS_WALL_BOOK (self));
  g_return_if_fail (state != NULL);
  g_return_if_fail (window_is_valid (state));
  set_item (self, KIND_WINDOWS, state);
}

gboolean
gw_wall_book_remove_window (GwWallBook *self,
                            const char *id)
{
  g_return_val_if_fail (GW_IS_WALL_BOOK (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return remove_item (self, KIND_WINDOWS, id);
}
