/* gw-camera-directory.c: the video wall's sidebar of cameras — the widget: its pages,
 * rows, keys and actions. The catalog, trees and search are gw-camera-directory-model.c.
 *
 * One read on a reader thread gives the catalog; the trees are built from it on the main
 * loop without SQL. A search result replaces the list with one items-changed and the same
 * items for the same cameras, so the list view keeps the rows that stay on screen.
 */
#define G_LOG_DOMAIN "gw-camera-directory"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-camera-directory-private.h"

/* The directory ------------------------------------------------------------------------ */

struct _GwCameraDirectory
{
  GtkWidget              parent_instance;

  GwStore               *store;
  GCancellable          *cancellable;     /* the read under way */
  GwCameraCatalog       *catalog;         /* NULL until loaded */
  char                  *load_error;
  GwCameraDirectoryView  view;
  GPtrArray             *groups;          /* GwCameraDirectoryGroup, the wall's */
  gint64                 pending_id;      /* to select once loaded */
  char                  *search;          /* as typed */
  char                  *folded;          /* the last search run, folded */
  gboolean               setting_text;

  GtkWidget             *box;
  GtkSearchEntry        *entry;
  GtkStack              *stack;
  GtkLabel              *error_label;
  GtkLabel              *no_results_label;
  GtkLabel              *results_label;
  GtkWidget             *group_scroll;
  GtkWidget             *groups_empty;
  GtkListView           *division_list;
  GtkListView           *group_list;
  GtkListView           *results_list;

  GHashTable            *folders;         /* code -> GwCameraDirectoryItem (division tree) */
  GListStore            *division_roots;
  GListStore            *group_roots;
  GtkTreeListModel      *division_tree;
  GtkTreeListModel      *group_tree;
  GtkSingleSelection    *division_selection;
  GtkSingleSelection    *group_selection;
  GtkSingleSelection    *results_selection;
  GwCameraDirectoryList *results;
};

G_DEFINE_FINAL_TYPE (GwCameraDirectory, gw_camera_directory, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (GwCameraDirectoryView, gw_camera_directory_view,
                    G_DEFINE_ENUM_VALUE (GW_CAMERA_DIRECTORY_VIEW_DIVISION, "division"),
                    G_DEFINE_ENUM_VALUE (GW_CAMERA_DIRECTORY_VIEW_GROUP, "group"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_VIEW,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CAMERA_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The directory's item behind a list row (a tree row's item, or the item itself). */
static GwCameraDirectoryItem *
row_item (gpointer row)
{
  if (GTK_IS_TREE_LIST_ROW (row))
    return gtk_tree_list_row_get_item (row);
  return row != NULL ? g_object_ref (row) : NULL;
}

static gboolean
searching (GwCameraDirectory *self)
{
  return self->search != NULL && *self->search != '\0';
}

static void
update_page (GwCameraDirectory *self)
{
  const char *page;

  if (self->load_error != NULL)
    page = "error";
  else if (self->catalog == NULL)
    page = "loading";
  else if (searching (self))
    page = g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0 ? "results" : "no-results";
  else
    page = self->view == GW_CAMERA_DIRECTORY_VIEW_DIVISION ? "division" : "group";
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Building the trees -------------------------------------------------------------------- */

static void
build_division_tree (GwCameraDirectory *self)
{
  g_autoptr(GPtrArray) streets = NULL;

  g_list_store_remove_all (self->division_roots);
  g_hash_table_remove_all (self->folders);
  streets = _gw_camera_directory_build_divisions (self->catalog, self->folders);
  g_list_store_splice (self->division_roots, 0, 0, streets->pdata, streets->len);
}

static void
build_group_tree (GwCameraDirectory *self)
{
  g_autoptr(GPtrArray) roots = NULL;
  gboolean any = self->groups != NULL && self->groups->len > 0;

  gtk_widget_set_visible (self->groups_empty, !any);
  gtk_widget_set_vexpand (self->group_scroll, any);
  if (self->catalog == NULL)
    return;
  roots = _gw_camera_directory_build_groups (self->catalog, self->groups);
  g_list_store_splice (self->group_roots, 0, g_list_model_get_n_items (G_LIST_MODEL (self->group_roots)),
                       roots->pdata, roots->len);
}

/* Search --------------------------------------------------------------------------------- */

/* Runs the search for self->search. While the text only grows, the last result is
 * narrowed instead of every camera scanned again. */
static void
run_search (GwCameraDirectory *self)
{
  g_autofree char *folded = NULL;
  GArray *found;
  const GArray *last = _gw_camera_directory_list_get_positions (self->results);
  gint64 start = g_get_monotonic_time ();
  gboolean narrow;
  guint n;

  if (self->catalog == NULL || !searching (self))
    {
      g_clear_pointer (&self->folded, g_free);
      gtk_single_selection_set_selected (self->results_selection, GTK_INVALID_LIST_POSITION);
      _gw_camera_directory_list_set (self->results, self->catalog, NULL);
      update_page (self);
      return;
    }
  folded = _gw_camera_fold (self->search);
  narrow = self->folded != NULL && g_str_has_prefix (folded, self->folded) && last != NULL;
  found = _gw_camera_catalog_search (self->catalog, folded, narrow ? last : NULL);
  g_free (self->folded);
  self->folded = g_steal_pointer (&folded);
  g_debug ("search “%s”: %u cameras in %.2f ms%s", self->search, found->len,
           (g_get_monotonic_time () - start) / 1000.0, narrow ? " (narrowed)" : "");

  /* Unselected around the change: a selection whose item goes asks for every new result
   * looking for it. The first result is selected (Enter in the entry sends it). */
  gtk_single_selection_set_selected (self->results_selection, GTK_INVALID_LIST_POSITION);
  _gw_camera_directory_list_set (self->results, self->catalog, found);
  gtk_single_selection_set_selected (self->results_selection, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u camera", "%u cameras", n), n);
    g_autofree char *none = g_strdup_printf (_("No camera matches “%s”"), self->search);

    gtk_label_set_label (self->results_label, count);
    gtk_label_set_label (self->no_results_label, n == 0 ? none : "");
  }
  update_page (self);
}

static void
set_search (GwCameraDirectory *self,
            const char        *text)
{
  if (g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  run_search (self);
}

static void
on_search_changed (GwCameraDirectory *self)
{
  if (!self->setting_text)
    set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* Rows ----------------------------------------------------------------------------------- */

typedef struct {
  GtkWidget *expander;
  GtkWidget *icon;
  GtkLabel  *name;
  GtkLabel  *place;
  GtkLabel  *count;
  GtkWidget *ptz;
} Row;

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *list_item)
{
  g_autoptr(GwCameraDirectoryItem) item = row_item (gtk_list_item_get_item (list_item));

  if (item == NULL || item->camera == NULL)
    return NULL;
  return gw_camera_directory_content_new (item->camera->id, item->camera->gb_id);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* A camera row's tooltip: its 20-digit code (and whether it pans, tilts and zooms).
 * Asked for when shown: setting a tooltip asks the X server where the pointer is, each
 * time, which made typing in the search lag. */
static gboolean
on_query_tooltip (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *list_item)
{
  g_autoptr(GwCameraDirectoryItem) item = row_item (gtk_list_item_get_item (list_item));

  if (item == NULL || item->camera == NULL)
    return FALSE;
  if (item->camera->ptz)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", item->camera->gb_id, _("Pan-tilt-zoom camera"));

      gtk_tooltip_set_text (tooltip, text);
    }
  else
    gtk_tooltip_set_text (tooltip, item->camera->gb_id);
  return TRUE;
}

static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkDragSource *drag = gtk_drag_source_new ();

  row->expander = gtk_tree_expander_new ();
  row->icon = gtk_image_new_from_icon_name ("camera-video-symbolic");
  gtk_widget_add_css_class (row->icon, "dim-label");
  row->name = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name, 0);
  gtk_label_set_ellipsize (row->name, PANGO_ELLIPSIZE_END);
  row->place = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->place, 0);
  gtk_label_set_ellipsize (row->place, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (row->place), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->place), "dim-label");
  row->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->count), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->count), "numeric");
  row->ptz = gtk_image_new_from_icon_name ("object-rotate-right-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->ptz), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pan-tilt-zoom camera"), -1);
  gtk_widget_set_valign (row->ptz, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->name));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->place));
  gtk_box_append (GTK_BOX (box), row->icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->count));
  gtk_box_append (GTK_BOX (box), row->ptz);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (row->expander), box);

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), list_item);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), list_item);
  gtk_widget_add_controller (row->expander, GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_has_tooltip (row->expander, TRUE);
  g_signal_connect (row->expander, "query-tooltip", G_CALLBACK (on_query_tooltip), list_item);

  g_object_set_data_full (G_OBJECT (list_item), "gw-row", row, g_free);
  gtk_list_item_set_child (list_item, row->expander);
}

static void
on_bind_row (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  Row *row = g_object_get_data (G_OBJECT (list_item), "gw-row");
  gpointer object = gtk_list_item_get_item (list_item);
  g_autoptr(GwCameraDirectoryItem) item = row_item (object);
  gboolean camera = item->camera != NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (row->expander),
                                  GTK_IS_TREE_LIST_ROW (object) ? object : NULL);
  gtk_label_set_label (row->name, gw_camera_directory_item_get_name (item));
  gtk_widget_set_visible (row->icon, camera);
  gtk_widget_set_visible (GTK_WIDGET (row->place), camera);
  gtk_widget_set_visible (GTK_WIDGET (row->count), !camera);
  gtk_widget_set_visible (row->ptz, camera && item->camera->ptz);
  if (camera)
    {
      GwCameraEntry *e = item->camera;
      g_autofree char *place = NULL;

      /* The grid, with its community unless the grid's name already says it. */
      if (e->grid_name != NULL && e->community_name != NULL && !g_str_has_prefix (e->grid_name, e->community_name))
        place = g_strdup_printf (_("%s · %s"), e->community_name, e->grid_name);
      gtk_label_set_label (row->place, place ? place
                                             : e->grid_name ? e->grid_name
                                             : e->community_name ? e->community_name
                                             : e->street_name ? e->street_name : "");
    }
  else
    {
      /* TRANSLATORS: the number of cameras under a street, community, grid or group */
      g_autofree char *count = g_strdup_printf (C_("camera count", "(%u)"), item->n_cameras);

      gtk_label_set_label (row->count, count);
    }
}

/* Right opens the selected street, community, grid or group, Left closes it (Up and Down
 * move, and select, as in any list). */
static gboolean
on_tree_key (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GwCameraDirectory     *self)
{
  GtkListView *list = GTK_LIST_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  gboolean open;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || !GTK_IS_TREE_LIST_ROW (row))
    return FALSE;
  if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    open = TRUE;
  else if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    open = FALSE;
  else
    return FALSE;
  if (!gtk_tree_list_row_is_expandable (row) || gtk_tree_list_row_get_expanded (row) == open)
    return FALSE;
  gtk_tree_list_row_set_expanded (row, open);
  return TRUE;
}

static GtkListView *
new_list (GwCameraDirectory *self,
          const char        *label,
          gboolean           tree)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkListView *list;

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row), self);
  list = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (tree)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_tree_key), self);
      gtk_widget_add_controller (GTK_WIDGET (list), keys);
    }
  return list;
}

/* The visible list and its selection, or NULL while loading. */
static GtkListView *
visible_list (GwCameraDirectory *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "division") == 0)
    return self->division_list;
  if (g_strcmp0 (page, "group") == 0)
    return self->group_list;
  if (g_strcmp0 (page, "results") == 0)
    return self->results_list;
  return NULL;
}

static void
activate_row (GwCameraDirectory *self,
              GListModel        *model,
              guint              position)
{
  g_autoptr(GObject) object = g_list_model_get_item (model, position);
  g_autoptr(GwCameraDirectoryItem) item = row_item (object);

  if (item == NULL)
    return;
  if (item->camera != NULL)
    g_signal_emit (self, signals[CAMERA_ACTIVATED], 0, item->camera->id);
  else if (GTK_IS_TREE_LIST_ROW (object))
    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (object),
                                    !gtk_tree_list_row_get_expanded (GTK_TREE_LIST_ROW (object)));
}

static void
on_list_activate (GtkListView       *list,
                  guint              position,
                  GwCameraDirectory *self)
{
  activate_row (self, G_LIST_MODEL (gtk_list_view_get_model (list)), position);
}

/* Enter in the search entry: the selected result (the first, unless moved). */
static void
on_search_activate (GwCameraDirectory *self)
{
  guint position;

  if (!searching (self) || self->catalog == NULL)
    return;
  position = gtk_single_selection_get_selected (self->results_selection);
  if (position != GTK_INVALID_LIST_POSITION)
    activate_row (self, G_LIST_MODEL (self->results_selection), position);
}

static void
on_stop_search (GwCameraDirectory *self)
{
  gw_camera_directory_set_search (self, NULL);
}

/* Down from the search entry goes to the list. */
static gboolean
on_entry_key (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GwCameraDirectory     *self)
{
  GtkListView *list;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  list = visible_list (self);
  if (list == NULL)
    return FALSE;
  return gtk_widget_child_focus (GTK_WIDGET (list), GTK_DIR_DOWN) || gtk_widget_grab_focus (GTK_WIDGET (list));
}

/* Loading -------------------------------------------------------------------------------- */

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCameraCatalog) catalog = gw_store_read_finish (GW_STORE (object), result, &error);
  GwCameraDirectory *self;
  gint64 start;

  /* Cancelled: the widget is gone or reading again; nothing here is ours any more. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GW_CAMERA_DIRECTORY (user_data);
  g_clear_object (&self->cancellable);
  if (catalog == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The cameras could not be read: %s"), error->message);

      g_debug ("%s", text);
      self->load_error = g_steal_pointer (&text);
      gtk_label_set_label (self->error_label, self->load_error);
      update_page (self);
      return;
    }
  start = g_get_monotonic_time ();
  self->catalog = g_steal_pointer (&catalog);
  build_division_tree (self);
  build_group_tree (self);
  g_debug ("%u cameras: trees built in %.1f ms", self->catalog->entries->len,
           (g_get_monotonic_time () - start) / 1000.0);
  run_search (self);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  if (self->pending_id != 0)
    {
      gint64 id = self->pending_id;

      self->pending_id = 0;
      gw_camera_directory_select_camera (self, id);
    }
}

void
gw_camera_directory_reload (GwCameraDirectory *self)
{
  gboolean was_loaded;

  g_return_if_fail (GW_IS_CAMERA_DIRECTORY (self));

  was_loaded = self->catalog != NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->folded, g_free);
  g_list_store_remove_all (self->division_roots);
  g_list_store_remove_all (self->group_roots);
  g_hash_table_remove_all (self->folders);
  gtk_single_selection_set_selected (self->results_selection, GTK_INVALID_LIST_POSITION);
  _gw_camera_directory_list_set (self->results, NULL, NULL);
  g_clear_pointer (&self->catalog, _gw_camera_catalog_unref);
  update_page (self);
  if (was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  if (self->store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  gw_store_read_async (self->store, _gw_camera_catalog_read, NULL, NULL, (GDestroyNotify) _gw_camera_catalog_unref,
                       self->cancellable, on_loaded, self);
}

/* Actions -------------------------------------------------------------------------------- */

static void
action_focus_search (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GwCameraDirectory *self = GW_CAMERA_DIRECTORY (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
action_reload (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gw_camera_directory_reload (GW_CAMERA_DIRECTORY (widget));
}

/* GObject ---------------------------------------------------------------------------------- */

static void
gw_camera_directory_dispose (GObject *object)
{
  GwCameraDirectory *self = GW_CAMERA_DIRECTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->division_selection);
  g_clear_object (&self->group_selection);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->division_tree);
  g_clear_object (&self->group_tree);
  g_clear_object (&self->division_roots);
  g_clear_object (&self->group_roots);
  g_clear_object (&self->results);
  g_clear_pointer (&self->folders, g_hash_table_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gw_camera_directory_parent_class)->dispose (object);
}

static void
gw_camera_directory_finalize (GObject *object)
{
  GwCameraDirectory *self = GW_CAMERA_DIRECTORY (object);

  g_clear_pointer (&self->catalog, _gw_camera_catalog_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->load_error);
  g_free (self->search);
  g_free (self->folded);
  G_OBJECT_CLASS (gw_camera_directory_parent_class)->finalize (object);
}

static void
gw_camera_directory_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GwCameraDirectory *self = GW_CAMERA_DIRECTORY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->catalog != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_camera_directory_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GwCameraDirectory *self = GW_CAMERA_DIRECTORY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_VIEW:
      gw_camera_directory_set_view (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_camera_directory_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_camera_directory_parent_class)->constructed (object);
  gw_camera_directory_reload (GW_CAMERA_DIRECTORY (object));
}

static void
gw_camera_directory_class_init (GwCameraDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_camera_directory_dispose;
  object_class->finalize = gw_camera_directory_finalize;
  object_class->get_property = gw_camera_directory_get_property;
  object_class->set_property = gw_camera_directory_set_property;
  object_class->constructed = gw_camera_directory_constructed;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, GW_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] = g_param_spec_enum ("view", NULL, NULL, GW_TYPE_CAMERA_DIRECTORY_VIEW,
                                             GW_CAMERA_DIRECTORY_VIEW_DIVISION,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The camera's row id. */
  signals[CAMERA_ACTIVATED] = g_signal_new ("camera-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_property_action (widget_class, "directory.view", "view");
  gtk_widget_class_install_action (widget_class, "directory.focus-search", NULL, action_focus_search);
  gtk_widget_class_install_action (widget_class, "directory.reload", NULL, action_reload);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "directory.focus-search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cameradirectory");
}

static GtkWidget *
scrolled (GtkListView *list)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (list));
  gtk_widget_set_vexpand (scroll, TRUE);
  return scroll;
}

/* A page with a picture and words in the middle (loading, nothing found, no groups). */
static GtkWidget *
notice_new (const char  *icon_name,
            const char  *title,
            GtkLabel   **text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label;

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_box_append (GTK_BOX (box), icon);
    }
  if (title != NULL)
    {
      label = gtk_label_new (title);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  if (text != NULL)
    *text = GTK_LABEL (label);
  return box;
}

static void
gw_camera_directory_init (GwCameraDirectory *self)
{
  GtkWidget *header, *views, *button, *page, *spinner;
  GtkEventController *keys;
  GtkLabel *text;

  self->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->division_roots = g_list_store_new (GW_TYPE_CAMERA_DIRECTORY_ITEM);
  self->group_roots = g_list_store_new (GW_TYPE_CAMERA_DIRECTORY_ITEM);
  self->results = _gw_camera_directory_list_new (NULL, NULL);
  self->division_tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->division_roots)), FALSE,
                                                 FALSE, _gw_camera_directory_create_children, NULL, NULL);
  self->group_tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->group_roots)), FALSE, FALSE,
                                              _gw_camera_directory_create_children, NULL, NULL);
  self->division_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->division_tree)));
  gtk_single_selection_set_autoselect (self->division_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->division_selection, TRUE);
  self->group_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->group_tree)));
  gtk_single_selection_set_autoselect (self->group_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->group_selection, TRUE);
  self->results_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->results_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->results_selection, TRUE);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (header, 8);
  gtk_widget_set_margin_end (header, 8);
  gtk_widget_set_margin_top (header, 8);
  gtk_widget_set_margin_bottom (header, 6);
  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, 0);
  g_object_set (self->entry, "placeholder-text", _("Name, code or place"), NULL);
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self));
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (on_stop_search), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->entry));

  views = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (views, "linked");
  gtk_box_set_homogeneous (GTK_BOX (views), TRUE);
  button = gtk_toggle_button_new_with_label (_("By division"));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button), "directory.view::division");
  gtk_box_append (GTK_BOX (views), button);
  button = gtk_toggle_button_new_with_label (_("By group"));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button), "directory.view::group");
  gtk_box_append (GTK_BOX (views), button);
  gtk_box_append (GTK_BOX (header), views);
  gtk_box_append (GTK_BOX (self->box), header);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  page = notice_new (NULL, NULL, &text);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_box_prepend (GTK_BOX (page), spinner);
  gtk_label_set_label (text, _("Loading cameras…"));
  gtk_stack_add_named (self->stack, page, "loading");

  page = notice_new ("dialog-warning-symbolic", NULL, &self->error_label);
  gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "directory.reload");
  gtk_box_append (GTK_BOX (page), button);
  gtk_stack_add_named (self->stack, page, "error");

  self->division_list = new_list (self, _("Cameras by division"), TRUE);
  gtk_list_view_set_model (self->division_list, GTK_SELECTION_MODEL (self->division_selection));
  g_signal_connect (self->division_list, "activate", G_CALLBACK (on_list_activate), self);
  gtk_stack_add_named (self->stack, scrolled (self->division_list), "division");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->group_list = new_list (self, _("Cameras by group"), TRUE);
  gtk_list_view_set_model (self->group_list, GTK_SELECTION_MODEL (self->group_selection));
  g_signal_connect (self->group_list, "activate", G_CALLBACK (on_list_activate), self);
  self->group_scroll = scrolled (self->group_list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->group_scroll), TRUE);
  gtk_box_append (GTK_BOX (page), self->group_scroll);
  self->groups_empty = notice_new ("view-grid-symbolic", _("No saved groups"), &text);
  gtk_widget_set_vexpand (self->groups_empty, TRUE);
  gtk_widget_set_valign (self->groups_empty, GTK_ALIGN_START);
  gtk_label_set_label (text, _("Groups of cameras saved on the video wall appear here."));
  gtk_box_append (GTK_BOX (page), self->groups_empty);
  gtk_stack_add_named (self->stack, page, "group");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->results_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->results_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->results_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->results_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->results_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->results_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->results_label), "dim-label");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->results_label));
  self->results_list = new_list (self, _("Cameras found"), FALSE);
  gtk_list_view_set_model (self->results_list, GTK_SELECTION_MODEL (self->results_selection));
  g_signal_connect (self->results_list, "activate", G_CALLBACK (on_list_activate), self);
  gtk_box_append (GTK_BOX (page), scrolled (self->results_list));
  gtk_stack_add_named (self->stack, page, "results");

  page = notice_new ("edit-find-symbolic", NULL, &self->no_results_label);
  gtk_stack_add_named (self->stack, page, "no-results");

  build_group_tree (self);
  update_page (self);
}

/* Public API -------------------------------------------------------------------------------- */

GtkWidget *
gw_camera_directory_new (GwStore *store)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  return g_object_new (GW_TYPE_CAMERA_DIRECTORY, "store", store, NULL);
}

gboolean
gw_camera_directory_is_loaded (GwCameraDirectory *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), FALSE);
  return self->catalog != NULL;
}

guint
gw_camera_directory_get_n_cameras (GwCameraDirectory *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), 0);
  return self->catalog != NULL ? self->catalog->entries->len : 0;
}

GwCameraEntry *
gw_camera_directory_lookup (GwCameraDirectory *self,
                            gint64             camera_id)
{
  guint position;

  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), NULL);
  if (self->catalog == NULL)
    return NULL;
  if (!_gw_camera_catalog_find (self->catalog, camera_id, &position))
    return NULL;
  return _gw_camera_catalog_entry (self->catalog, position);
}

GwCameraDirectoryView
gw_camera_directory_get_view (GwCameraDirectory *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), GW_CAMERA_DIRECTORY_VIEW_DIVISION);
  return self->view;
}

/* Choosing a view leaves a search: what was asked for is that view. */
void
gw_camera_directory_set_view (GwCameraDirectory     *self,
                              GwCameraDirectoryView  view)
{
  g_return_if_fail (GW_IS_CAMERA_DIRECTORY (self));

  gw_camera_directory_set_search (self, NULL);
  if (self->view == view)
    return;
  self->view = view;
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

void
gw_camera_directory_set_groups (GwCameraDirectory *self,
                                GPtrArray         *groups)
{
  g_return_if_fail (GW_IS_CAMERA_DIRECTORY (self));

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_directory_group_free);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      GwCameraDirectoryGroup *group = g_ptr_array_index (groups, i);

      g_ptr_array_add (self->groups, gw_camera_directory_group_new (group->name, (const gint64 *) group->camera_ids->data,
                                                                    group->camera_ids->len));
    }
  build_group_tree (self);
}

void
gw_camera_directory_set_search (GwCameraDirectory *self,
                                const char        *text)
{
  g_return_if_fail (GW_IS_CAMERA_DIRECTORY (self));

  if (text == NULL)
    text = "";
  self->setting_text = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->setting_text = FALSE;
  set_search (self, text);
}

const char *
gw_camera_directory_get_search (GwCameraDirectory *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), NULL);
  return self->search != NULL ? self->search : "";
}

gboolean
gw_camera_directory_select_camera (GwCameraDirectory *self,
                                   gint64             camera_id)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autoptr(GtkTreeListRow) row = NULL;
  GwCameraDirectoryItem *folder;
  GwCameraEntry *e;
  guint position;

  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), FALSE);

  if (self->catalog == NULL)
    {
      self->pending_id = camera_id;
      return TRUE;
    }
  if (!_gw_camera_catalog_find (self->catalog, camera_id, &position))
    return FALSE;
  e = _gw_camera_catalog_entry (self->catalog, position);
  gw_camera_directory_set_view (self, GW_CAMERA_DIRECTORY_VIEW_DIVISION);

  folder = g_hash_table_lookup (self->folders, e->grid_code ? e->grid_code
                                              : e->community_code ? e->community_code
                                              : e->street_code ? e->street_code : "");
  for (; folder != NULL; folder = folder->parent)
    g_ptr_array_insert (path, 0, folder);
  for (guint i = 0; i < path->len; i++)
    {
      GwCameraDirectoryItem *f = g_ptr_array_index (path, i);
      GtkTreeListRow *next = row == NULL ? gtk_tree_list_model_get_child_row (self->division_tree, f->position)
                                         : gtk_tree_list_row_get_child_row (row, f->position);

      g_clear_object (&row);
      row = next;
      g_return_val_if_fail (row != NULL, FALSE);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  {
    g_autoptr(GtkTreeListRow) camera = NULL;
    guint at;

    folder = g_ptr_array_index (path, path->len - 1);
    camera = gtk_tree_list_row_get_child_row (row, _gw_camera_directory_item_camera_row (folder, position));

    g_return_val_if_fail (camera != NULL, FALSE);
    at = gtk_tree_list_row_get_position (camera);
    gtk_single_selection_set_selected (self->division_selection, at);
    gtk_widget_activate_action (GTK_WIDGET (self->division_list), "list.scroll-to-item", "u", at);
  }
  return TRUE;
}

gint64
gw_camera_directory_get_selected_camera (GwCameraDirectory *self)
{
  g_autoptr(GwCameraDirectoryItem) item = NULL;
  GtkListView *list;

  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), 0);

  list = visible_list (self);
  if (list == NULL)
    return 0;
  item = row_item (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list))));
  return item != NULL && item->camera != NULL ? item->camera->id : 0;
}

GListModel *
gw_camera_directory_get_tree (GwCameraDirectory     *self,
                              GwCameraDirectoryView  view)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), NULL);

  if (self->catalog == NULL)
    return NULL;
  return G_LIST_MODEL (view == GW_CAMERA_DIRECTORY_VIEW_GROUP ? self->group_tree : self->division_tree);
}

GListModel *
gw_camera_directory_get_results (GwCameraDirectory *self)
{
  g_return_val_if_fail (GW_IS_CAMERA_DIRECTORY (self), NULL);
  return G_LIST_MODEL (self->results);
}

GdkContentProvider *
gw_camera_directory_content_new (gint64      camera_id,
                                 const char *gb_id)
{
  GdkContentProvider *providers[2];
  guint n = 0;

  providers[n++] = gdk_content_provider_new_typed (G_TYPE_INT64, camera_id);
  if (gb_id != NULL)
    providers[n++] = gdk_content_provider_new_typed (G_TYPE_STRING, gb_id);
  return gdk_content_provider_new_union (providers, n);
}
