/* gw-camera-directory-model.c: the camera directory's models.
 *
 * The catalog is every camera read (gw-db-cameras) with its search text, made on the
 * reader thread. The division tree is built from it alone: a street, community or grid is
 * an item with its count; a folder's cameras are a small list model over positions in the
 * catalog. Each camera has one item, made when a list first asks for it, shared by every
 * list. Search is a scan of the search texts.
 */
#define G_LOG_DOMAIN "gw-camera-directory"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-camera-directory-private.h"

/* Items ------------------------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (GwCameraDirectoryItem, gw_camera_directory_item, G_TYPE_OBJECT)

static void
gw_camera_directory_item_finalize (GObject *object)
{
  GwCameraDirectoryItem *self = GW_CAMERA_DIRECTORY_ITEM (object);

  g_free (self->name);
  g_clear_pointer (&self->camera, gw_camera_entry_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->cameras, g_array_unref);
  g_clear_pointer (&self->catalog, _gw_camera_catalog_unref);
  G_OBJECT_CLASS (gw_camera_directory_item_parent_class)->finalize (object);
}

static void
gw_camera_directory_item_class_init (GwCameraDirectoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_camera_directory_item_finalize;
}

static void
gw_camera_directory_item_init (GwCameraDirectoryItem *self)
{
}

static GwCameraDirectoryItem *
item_new_folder (GwCameraDirectoryItemKind  kind,
                 const char                *name,
                 GwCameraCatalog           *catalog)
{
  GwCameraDirectoryItem *item = g_object_new (GW_TYPE_CAMERA_DIRECTORY_ITEM, NULL);

  item->kind = kind;
  item->name = g_strdup (name);
  item->catalog = _gw_camera_catalog_ref (catalog);
  item->cameras = g_array_new (FALSE, FALSE, sizeof (guint));
  return item;
}

static GwCameraDirectoryItem *
item_new_camera (GwCameraEntry *camera)
{
  GwCameraDirectoryItem *item = g_object_new (GW_TYPE_CAMERA_DIRECTORY_ITEM, NULL);

  item->kind = GW_CAMERA_DIRECTORY_ITEM_CAMERA;
  item->camera = gw_camera_entry_ref (camera);
  item->n_cameras = 1;
  return item;
}

static guint
n_folders (GwCameraDirectoryItem *item)
{
  return item->children != NULL ? item->children->len : 0;
}

GwCameraDirectoryItemKind
gw_camera_directory_item_get_kind (GwCameraDirectoryItem *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY_ITEM (self), GW_CAMERA_DIRECTORY_ITEM_CAMERA);
  return self->kind;
}

const char *
gw_camera_directory_item_get_name (GwCameraDirectoryItem *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY_ITEM (self), NULL);
  return self->camera != NULL ? self->camera->name : self->name;
}

guint
gw_camera_directory_item_get_n_cameras (GwCameraDirectoryItem *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY_ITEM (self), 0);
  return self->n_cameras;
}

GwCameraEntry *
gw_camera_directory_item_get_camera (GwCameraDirectoryItem *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY_ITEM (self), NULL);
  return self->camera;
}

/* The catalog --------------------------------------------------------------------------- */

static void
catalog_clear (gpointer data)
{
  GwCameraCatalog *c = data;

  for (guint i = 0; c->items != NULL && i < c->entries->len; i++)
    g_clear_object (&c->items[i]);
  g_clear_pointer (&c->items, g_free);
  g_clear_pointer (&c->by_id, g_hash_table_unref);
  g_clear_pointer (&c->keys, g_strfreev);
  g_clear_pointer (&c->entries, g_ptr_array_unref);
}

GwCameraCatalog *
_gw_camera_catalog_ref (GwCameraCatalog *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
_gw_camera_catalog_unref (GwCameraCatalog *self)
{
  g_atomic_rc_box_release_full (self, catalog_clear);
}

GwCameraEntry *
_gw_camera_catalog_entry (GwCameraCatalog *self,
                          guint            position)
{
  return g_ptr_array_index (self->entries, position);
}

gboolean
_gw_camera_catalog_find (GwCameraCatalog *self,
                         gint64           camera_id,
                         guint           *position)
{
  guint found = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, &camera_id));

  if (found == 0)
    return FALSE;
  *position = found - 1;
  return TRUE;
}

gpointer
_gw_camera_catalog_item (GwCameraCatalog *self,
                         guint            position)
{
  if (self->items[position] == NULL)
    self->items[position] = G_OBJECT (item_new_camera (_gw_camera_catalog_entry (self, position)));
  return g_object_ref (self->items[position]);
}

char *
_gw_camera_fold (const char *text)
{
  g_autofree char *normal = NULL;

  /* Normalizing costs more than the rest of the load together, and what it is for here
   * is the full-width forms (U+FF01–U+FF5E, encoded EF BC xx and EF BD xx). */
  if (strstr (text, "\xef\xbc") == NULL && strstr (text, "\xef\xbd") == NULL)
    return g_utf8_casefold (text, -1);
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

gpointer
_gw_camera_catalog_read (GwDb     *db,
                         gpointer  data,
                         GError  **error)
{
  g_autoptr(GwCameraCatalog) c = g_atomic_rc_box_new0 (GwCameraCatalog);
  gint64 start = g_get_monotonic_time (), read;

  c->entries = gw_db_list_camera_entries (db, error);
  if (c->entries == NULL)
    return NULL;
  read = g_get_monotonic_time ();
  c->keys = g_new0 (char *, c->entries->len + 1);
  c->items = g_new0 (GObject *, c->entries->len);
  c->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < c->entries->len; i++)
    {
      GwCameraEntry *e = _gw_camera_catalog_entry (c, i);
      g_autofree char *text = g_strjoin ("\n", e->name, e->grid_name ? e->grid_name : "",
                                         e->community_name ? e->community_name : "",
                                         e->street_name ? e->street_name : "", NULL);

      c->keys[i] = _gw_camera_fold (text);
      g_hash_table_insert (c->by_id, &e->id, GUINT_TO_POINTER (i + 1));
    }
  g_debug ("%u cameras read in %.1f ms, search texts made in %.1f ms", c->entries->len, (read - start) / 1000.0,
           (g_get_monotonic_time () - read) / 1000.0);
  return g_steal_pointer (&c);
}

static gboolean
all_digits (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static gboolean
matches (GwCameraCatalog  *c,
         guint             position,
         char            **terms,
         const gboolean   *digits)
{
  for (guint t = 0; terms[t] != NULL; t++)
    if (strstr (c->keys[position], terms[t]) == NULL &&
        !(digits[t] && g_str_has_prefix (_gw_camera_catalog_entry (c, position)->gb_id, terms[t])))
      return FALSE;
  return TRUE;
}

GArray *
_gw_camera_catalog_search (GwCameraCatalog *self,
                           const char      *folded,
                           const GArray    *within)
{
  g_auto(GStrv) terms = g_strsplit_set (folded, " \t\n", -1);
  g_autofree gboolean *digits = NULL;
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_terms = 0;

  /* Empty words (several spaces) are dropped in place. */
  for (guint i = 0; terms[i] != NULL; i++)
    if (*terms[i] != '\0')
      terms[n_terms++] = terms[i];
    else
      g_free (terms[i]);
  terms[n_terms] = NULL;
  digits = g_new0 (gboolean, n_terms + 1);
  for (guint t = 0; t < n_terms; t++)
    digits[t] = all_digits (terms[t]);

  if (within != NULL)
    {
      for (guint i = 0; i < within->len; i++)
        {
          guint p = g_array_index (within, guint, i);

          if (matches (self, p, terms, digits))
            g_array_append_val (found, p);
        }
    }
  else
    {
      for (guint p = 0; p < self->entries->len; p++)
        if (matches (self, p, terms, digits))
          g_array_append_val (found, p);
    }
  return found;
}

/* A list of cameras: catalog positions ---------------------------------------------- */

struct _GwCameraDirectoryList
{
  GObject          parent_instance;

  GwCameraCatalog *catalog;
  GArray          *positions;   /* guint */
};

static GType
list_get_item_type (GListModel *model)
{
  return GW_TYPE_CAMERA_DIRECTORY_ITEM;
}

static guint
list_get_n_items (GListModel *model)
{
  GwCameraDirectoryList *self = GW_CAMERA_DIRECTORY_LIST (model);

  return self->positions != NULL ? self->positions->len : 0;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  GwCameraDirectoryList *self = GW_CAMERA_DIRECTORY_LIST (model);

  if (self->positions == NULL || position >= self->positions->len)
    return NULL;
  return _gw_camera_catalog_item (self->catalog, g_array_index (self->positions, guint, position));
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GwCameraDirectoryList, gw_camera_directory_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static void
gw_camera_directory_list_finalize (GObject *object)
{
  GwCameraDirectoryList *self = GW_CAMERA_DIRECTORY_LIST (object);

  g_clear_pointer (&self->positions, g_array_unref);
  g_clear_pointer (&self->catalog, _gw_camera_catalog_unref);
  G_OBJECT_CLASS (gw_camera_directory_list_parent_class)->finalize (object);
}

static void
gw_camera_directory_list_class_init (GwCameraDirectoryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_camera_directory_list_finalize;
}

static void
gw_camera_directory_list_init (GwCameraDirectoryList *self)
{
}

void
_gw_camera_directory_list_set (GwCameraDirectoryList *self,
                               GwCameraCatalog       *catalog,
                               GArray                *positions)
{
  guint removed = list_get_n_items (G_LIST_MODEL (self));
  guint added = positions != NULL ? positions->len : 0;

  if (catalog != self->catalog)
    {
      g_clear_pointer (&self->catalog, _gw_camera_catalog_unref);
      self->catalog = catalog != NULL ? _gw_camera_catalog_ref (catalog) : NULL;
    }
  g_clear_pointer (&self->positions, g_array_unref);
  self->positions = positions;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

GwCameraDirectoryList *
_gw_camera_directory_list_new (GwCameraCatalog *catalog,
                               GArray          *positions)
{
  GwCameraDirectoryList *self = g_object_new (GW_TYPE_CAMERA_DIRECTORY_LIST, NULL);

  _gw_camera_directory_list_set (self, catalog, positions);
  return self;
}

const GArray *
_gw_camera_directory_list_get_positions (GwCameraDirectoryList *self)
{
  return self->positions;
}

/* Trees ------------------------------------------------------------------------------- */

GListModel *
_gw_camera_directory_create_children (gpointer item,
                                      gpointer user_data)
{
  GwCameraDirectoryItem *folder = item;
  GListStore *store;

  if (folder->kind == GW_CAMERA_DIRECTORY_ITEM_CAMERA || folder->n_cameras == 0)
    return NULL;
  if (n_folders (folder) == 0)
    return G_LIST_MODEL (_gw_camera_directory_list_new (folder->catalog, g_array_ref (folder->cameras)));
  store = g_list_store_new (GW_TYPE_CAMERA_DIRECTORY_ITEM);
  g_list_store_splice (store, 0, 0, folder->children->pdata, folder->children->len);
  for (guint i = 0; i < folder->cameras->len; i++)
    {
      g_autoptr(GObject) camera = _gw_camera_catalog_item (folder->catalog, g_array_index (folder->cameras, guint, i));

      g_list_store_append (store, camera);
    }
  return G_LIST_MODEL (store);
}

guint
_gw_camera_directory_item_camera_row (GwCameraDirectoryItem *folder,
                                      guint                  position)
{
  guint lo = 0, hi = folder->cameras->len;

  /* A folder's cameras are in catalog order. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (folder->cameras, guint, mid) < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return n_folders (folder) + lo;
}

/* The folder for `code` under `parent`, made on first use. */
static GwCameraDirectoryItem *
folder_for (GHashTable                *folders,
            GwCameraDirectoryItem     *parent,
            GwCameraDirectoryItemKind  kind,
            const char                *code,
            const char                *name)
{
  GwCameraDirectoryItem *folder = g_hash_table_lookup (folders, code);

  if (folder != NULL)
    return folder;
  folder = item_new_folder (kind, name, parent->catalog);
  folder->parent = parent;
  g_hash_table_insert (folders, g_strdup (code), folder);
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func (g_object_unref);
  folder->position = parent->children->len;
  g_ptr_array_add (parent->children, folder);
  return folder;
}

/* The grid of the camera, else its community, else its street (else "elsewhere"). */
static GwCameraDirectoryItem *
leaf_folder (GHashTable            *folders,
             GwCameraDirectoryItem *root,
             GwCameraEntry         *e)
{
  GwCameraDirectoryItem *folder;

  if (e->street_code != NULL)
    folder = folder_for (folders, root, GW_CAMERA_DIRECTORY_ITEM_STREET, e->street_code, e->street_name);
  else
    folder = folder_for (folders, root, GW_CAMERA_DIRECTORY_ITEM_STREET, "", _("Outside any street"));
  if (e->community_code != NULL)
    folder = folder_for (folders, folder, GW_CAMERA_DIRECTORY_ITEM_COMMUNITY, e->community_code, e->community_name);
  if (e->grid_code != NULL)
    folder = folder_for (folders, folder, GW_CAMERA_DIRECTORY_ITEM_GRID, e->grid_code, e->grid_name);
  return folder;
}

GPtrArray *
_gw_camera_directory_build_divisions (GwCameraCatalog *catalog,
                                      GHashTable      *folders)
{
  g_autoptr(GwCameraDirectoryItem) root = item_new_folder (GW_CAMERA_DIRECTORY_ITEM_STREET, NULL, catalog);

  for (guint i = 0; i < catalog->entries->len; i++)
    {
      GwCameraDirectoryItem *folder = leaf_folder (folders, root, _gw_camera_catalog_entry (catalog, i));

      g_array_append_val (folder->cameras, i);
      for (; folder != root; folder = folder->parent)
        folder->n_cameras++;
    }
  if (root->children == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < root->children->len; i++)
    ((GwCameraDirectoryItem *) g_ptr_array_index (root->children, i))->parent = NULL;
  return g_steal_pointer (&root->children);
}

GPtrArray *
_gw_camera_directory_build_groups (GwCameraCatalog *catalog,
                                   GPtrArray       *groups)
{
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_object_unref);
  GwCameraDirectoryItem *ptz = item_new_folder (GW_CAMERA_DIRECTORY_ITEM_GROUP, _("PTZ cameras"), catalog);

  for (guint i = 0; i < catalog->entries->len; i++)
    if (_gw_camera_catalog_entry (catalog, i)->ptz)
      g_array_append_val (ptz->cameras, i);
  g_ptr_array_add (roots, ptz);
  for (guint g = 0; groups != NULL && g < groups->len; g++)
    {
      GwCameraDirectoryGroup *group = g_ptr_array_index (groups, g);
      GwCameraDirectoryItem *item = item_new_folder (GW_CAMERA_DIRECTORY_ITEM_GROUP, group->name, catalog);

      for (guint i = 0; i < group->camera_ids->len; i++)
        {
          guint position;

          if (_gw_camera_catalog_find (catalog, g_array_index (group->camera_ids, gint64, i), &position))
            g_array_append_val (item->cameras, position);
        }
      g_ptr_array_add (roots, item);
    }
  for (guint i = 0; i < roots->len; i++)
    {
      GwCameraDirectoryItem *item = g_ptr_array_index (roots, i);

      item->position = i;
      item->n_cameras = item->cameras->len;
    }
  return roots;
}

/* Groups -------------------------------------------------------------------------------- */

GwCameraDirectoryGroup *
gw_camera_directory_group_new (const char   *name,
                               const gint64 *camera_ids,
                               guint         n_camera_ids)
{
  GwCameraDirectoryGroup *self = g_new0 (GwCameraDirectoryGroup, 1);

  self->name = g_strdup (name);
  self->camera_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_camera_ids);
  if (n_camera_ids > 0)
    g_array_append_vals (self->camera_ids, camera_ids, n_camera_ids);
  return self;
}

void
gw_camera_directory_group_free (GwCameraDirectoryGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->camera_ids, g_array_unref);
  g_free (self);
}
