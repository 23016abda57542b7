/* gw-action-form-picker.c: the searchable lists of the action form (departments,
 * categories, places): a filter over a GListStore of GwPickItem, rows of a title and a
 * subtitle (with a tick and a lead star for a whistle), a search box that narrows the list
 * and chooses the first match, Up and Down in the search box to move the choice. */
#define G_LOG_DOMAIN "gw-action-form"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-action-form-private.h"

static gboolean
match_item (gpointer item,
            gpointer user_data)
{
  char **query = user_data;

  return gw_pick_item_matches (item, *query);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gboolean checks = GPOINTER_TO_INT (user_data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 1);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (subtitle, "dim-label");
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);

  if (checks)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *lead = gtk_toggle_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_focus_on_click (check, FALSE);
      gtk_box_append (GTK_BOX (box), check);
      g_object_set_data (G_OBJECT (box), "check", check);

      gtk_button_set_icon_name (GTK_BUTTON (lead), "non-starred-symbolic");
      gtk_widget_set_valign (lead, GTK_ALIGN_CENTER);
      gtk_widget_set_focus_on_click (lead, FALSE);
      gtk_widget_add_css_class (lead, "flat");
      gtk_widget_add_css_class (lead, "circular");
      gtk_widget_set_tooltip_text (lead, _("Lead department"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (lead), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Lead department"), -1);
      g_object_set_data (G_OBJECT (box), "lead", lead);
    }
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  if (checks)
    gtk_box_append (GTK_BOX (box), g_object_get_data (G_OBJECT (box), "lead"));
  gtk_list_item_set_child (list_item, box);
}

static void
on_lead_button_toggled (GtkToggleButton *button)
{
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            gtk_toggle_button_get_active (button) ? "starred-symbolic" : "non-starred-symbolic");
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GwPickItem *item = gtk_list_item_get_item (list_item);
  GObject *box = G_OBJECT (gtk_list_item_get_child (list_item));
  GtkWidget *check = g_object_get_data (box, "check");
  GtkWidget *lead = g_object_get_data (box, "lead");

  gtk_label_set_label (g_object_get_data (box, "title"), gw_pick_item_get_title (item));
  gtk_label_set_label (g_object_get_data (box, "subtitle"), gw_pick_item_get_subtitle (item));
  if (check != NULL)
    {
      GPtrArray *bindings = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (bindings, g_object_ref (g_object_bind_property (item, "picked", check, "active",
                                                                       G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));
      g_ptr_array_add (bindings, g_object_ref (g_object_bind_property (item, "lead", lead, "active",
                                                                       G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));
      on_lead_button_toggled (GTK_TOGGLE_BUTTON (lead));
      g_signal_connect (lead, "toggled", G_CALLBACK (on_lead_button_toggled), NULL);
      g_object_set_data_full (G_OBJECT (list_item), "bindings", bindings, (GDestroyNotify) g_ptr_array_unref);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gw_pick_item_get_title (item), -1);
    }
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GObject *box = G_OBJECT (gtk_list_item_get_child (list_item));
  GPtrArray *bindings = g_object_get_data (G_OBJECT (list_item), "bindings");
  GtkWidget *lead = g_object_get_data (box, "lead");

  for (guint i = 0; bindings && i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  g_object_set_data (G_OBJECT (list_item), "bindings", NULL);
  if (lead != NULL)
    g_signal_handlers_disconnect_by_func (lead, on_lead_button_toggled, NULL);
}

GListModel *
_gw_action_form_make_picker (GwActionForm     *self,
                             GtkListView      *list,
                             GListStore       *items,
                             char            **query,
                             GtkCustomFilter **filter,
                             gboolean          checks)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  *filter = gtk_custom_filter_new (match_item, query, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), GINT_TO_POINTER (checks));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (list, factory);
  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (items)),
                                                  g_object_ref (GTK_FILTER (*filter))));
}

void
_gw_action_form_search (GwActionForm       *self,
                        GtkEditable        *entry,
                        char              **query,
                        GtkCustomFilter    *filter,
                        GtkSingleSelection *selection)
{
  g_free (*query);
  *query = gw_pick_item_fold (gtk_editable_get_text (entry));
  gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* A choice that still matches stays; otherwise the first match is the choice. */
  if (selection != NULL && **query != '\0' &&
      gtk_single_selection_get_selected (selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (selection)) > 0)
    gtk_single_selection_set_selected (selection, 0);
}

/* Up and Down in a picker's search box move the choice in its list. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkListView           *list)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  guint position = gtk_single_selection_get_selected (selection);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || n == 0)
    return FALSE;
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    position = position == GTK_INVALID_LIST_POSITION ? 0 : MIN (position + 1, n - 1);
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    position = position == GTK_INVALID_LIST_POSITION || position == 0 ? 0 : position - 1;
  else
    return FALSE;
  gtk_single_selection_set_selected (selection, position);
  gtk_widget_activate_action (GTK_WIDGET (list), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
_gw_action_form_connect_list_keys (GtkSearchEntry *entry,
                                   GtkListView    *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), list, 0);
  gtk_widget_add_controller (GTK_WIDGET (entry), keys);
}

guint
_gw_action_form_find_code (GListModel *model,
                           const char *code)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwPickItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gw_pick_item_get_code (item), code) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
_gw_action_form_select_code (GtkSingleSelection *selection,
                             GtkSearchEntry     *entry,
                             const char         *code)
{
  guint position = _gw_action_form_find_code (G_LIST_MODEL (selection), code);

  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Filtered out: clear the search, so that what is chosen can be seen. */
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      g_signal_emit_by_name (entry, "search-changed");
      position = _gw_action_form_find_code (G_LIST_MODEL (selection), code);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (selection, position);
  return TRUE;
}
