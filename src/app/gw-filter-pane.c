/* gw-filter-pane.c: saved views and filters for the console's queue.
 *
 * The views are a list with a count each; the filters are drop-downs whose first entry is
 * "any"; the division filter is a tree (street → community → grid) built from the codes
 * (a division's code extends its parent's). Changing anything emits "changed" once.
 */
#define G_LOG_DOMAIN "gw-filter-pane"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-dictionary.h"
#include "gw-filter-pane.h"
#include "gw-format.h"
#include "gw-time.h"

/* A division in the tree --------------------------------------------------------------- */

#define GW_TYPE_DIVISION_ITEM (gw_division_item_get_type ())
G_DECLARE_FINAL_TYPE (GwDivisionItem, gw_division_item, GW, DIVISION_ITEM, GObject)

struct _GwDivisionItem
{
  GObject     parent_instance;
  char       *code;
  char       *name;
  GListStore *children;   /* NULL for a leaf */
};

G_DEFINE_FINAL_TYPE (GwDivisionItem, gw_division_item, G_TYPE_OBJECT)

static void
gw_division_item_finalize (GObject *object)
{
  GwDivisionItem *self = GW_DIVISION_ITEM (object);

  g_free (self->code);
  g_free (self->name);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (gw_division_item_parent_class)->finalize (object);
}

static void
gw_division_item_class_init (GwDivisionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_division_item_finalize;
}

static void
gw_division_item_init (GwDivisionItem *self)
{
}

static GwDivisionItem *
division_item_new (const char *code,
                   const char *name)
{
  GwDivisionItem *self = g_object_new (GW_TYPE_DIVISION_ITEM, NULL);

  self->code = g_strdup (code);
  self->name = g_strdup (name);
  return self;
}

/* The pane ----------------------------------------------------------------------------- */

typedef enum {
  WINDOW_ANY = 0,
  WINDOW_TODAY,
  WINDOW_DAY,
  WINDOW_WEEK,
  WINDOW_MONTH,
} TimeWindow;

struct _GwFilterPane
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkListBox     *views;
  GtkLabel       *counts[GW_N_TICKET_VIEWS];
  GtkDropDown    *state;
  GtkDropDown    *light;
  GtkDropDown    *urgency;
  GtkDropDown    *board;
  GtkDropDown    *department;
  GtkDropDown    *source;
  GtkDropDown    *category;
  GtkDropDown    *window;
  GtkListView    *divisions;
  GtkSingleSelection *division_selection;
  GtkLabel       *division_label;

  GPtrArray      *board_codes;       /* index - 1 in the drop-down */
  GPtrArray      *department_codes;
  GPtrArray      *category_codes;
  char           *division_code;
  gboolean        quiet;             /* while setting several things at once */
};

G_DEFINE_FINAL_TYPE (GwFilterPane, gw_filter_pane, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order the views are listed in: the officer's own work first. */
static const struct {
  GwTicketView  view;
  const char   *label;
  const char   *icon;
} view_rows[] = {
  { GW_TICKET_VIEW_MY_QUEUE,            N_("My queue"),                 "user-available-symbolic" },
  { GW_TICKET_VIEW_NEW,                 N_("New — not yet screened"),   "mail-unread-symbolic" },
  { GW_TICKET_VIEW_RED_OVERDUE,         N_("Red and overdue"),          "alarm-symbolic" },
  { GW_TICKET_VIEW_EMERGENCY,           N_("Emergencies"),              "dialog-warning-symbolic" },
  { GW_TICKET_VIEW_WHISTLE_WAITING,     N_("Whistles waiting"),         "audio-volume-high-symbolic" },
  { GW_TICKET_VIEW_AWAITING_EVALUATION, N_("Waiting for evaluation"),   "emblem-ok-symbolic" },
  { GW_TICKET_VIEW_ALL,                 N_("All tickets"),              "view-list-symbolic" },
};

static void
emit_changed (GwFilterPane *self)
{
  if (!self->quiet)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_dropdown_changed (GwFilterPane *self)
{
  emit_changed (self);
}

static void
on_view_selected (GwFilterPane  *self,
                  GtkListBoxRow *row)
{
  if (row != NULL)
    emit_changed (self);
}

static GtkDropDown *
add_dropdown (GwFilterPane       *self,
              GtkWidget          *grid,
              int                 line,
              const char         *title,
              const char *const  *labels,
              guint               n_labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *dropdown;

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (list, labels[i]);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_widget_set_hexpand (dropdown, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
  gtk_grid_attach (GTK_GRID (grid), label, 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), dropdown, 1, line, 1, 1);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_dropdown_changed), self);
  return GTK_DROP_DOWN (dropdown);
}

static void
set_dropdown_labels (GtkDropDown       *dropdown,
                     const char        *any,
                     GPtrArray         *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

/* The division tree. */

static GListModel *
create_division_children (gpointer item,
                          gpointer user_data)
{
  GwDivisionItem *d = item;

  return d->children ? g_object_ref (G_LIST_MODEL (d->children)) : NULL;
}

static void
setup_division (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (item, expander);
}

static void
bind_division (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GwDivisionItem *d = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_label (GTK_LABEL (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander))), d->name);
  gtk_widget_set_tooltip_text (expander, d->code);
  g_object_unref (d);
}

static void
update_division_label (GwFilterPane *self)
{
  if (self->division_code == NULL)
    gtk_label_set_label (self->division_label, _("Whole county"));
  else
    {
      GwDivisionItem *d = gtk_single_selection_get_selected_item (self->division_selection) ?
        gtk_tree_list_row_get_item (gtk_single_selection_get_selected_item (self->division_selection)) : NULL;
      gtk_label_set_label (self->division_label, d && g_strcmp0 (d->code, self->division_code) == 0 ? d->name
                                                                                                 : self->division_code);
      g_clear_object (&d);
    }
}

static void
on_division_activate (GwFilterPane *self,
                      guint         position)
{
  GtkTreeListRow *row = g_list_model_get_item (G_LIST_MODEL (self->division_selection), position);
  GwDivisionItem *d;

  if (row == NULL)
    return;
  d = gtk_tree_list_row_get_item (row);
  g_free (self->division_code);
  self->division_code = g_strdup (d->code);
  gtk_single_selection_set_selected (self->division_selection, position);
  update_division_label (self);
  g_object_unref (d);
  g_object_unref (row);
  emit_changed (self);
}

static void
on_division_selected (GwFilterPane *self)
{
  guint position = gtk_single_selection_get_selected (self->division_selection);

  if (position != GTK_INVALID_LIST_POSITION && !self->quiet)
    on_division_activate (self, position);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Streets, communities and grids from the names table: sorted codes, each one's parent the
 * nearest shorter code it extends (areas, between community and grid, are kept). */
static GListStore *
build_division_tree (const GwQueueNames *names)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  GListStore *roots = g_list_store_new (GW_TYPE_DIVISION_ITEM);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, names->division_levels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) != GW_LEVEL_DISTRICT && GPOINTER_TO_INT (value) != GW_LEVEL_MICROGRID)
      g_ptr_array_add (codes, key);
  g_ptr_array_sort (codes, compare_codes);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      GwDivisionItem *parent = NULL;
      g_autoptr(GwDivisionItem) item = division_item_new (code, g_hash_table_lookup (names->divisions, code));

      for (gsize l = strlen (code) - 1; l > 0 && parent == NULL; l--)
        {
          g_autofree char *prefix = g_strndup (code, l);
          parent = g_hash_table_lookup (items, prefix);
        }
      g_hash_table_insert (items, item->code, item);
      if (parent == NULL)
        g_list_store_append (roots, item);
      else
        {
          if (parent->children == NULL)
            parent->children = g_list_store_new (GW_TYPE_DIVISION_ITEM);
          g_list_store_append (parent->children, item);
        }
    }
  return roots;
}

static void
clear_division (GwFilterPane *self)
{
  g_clear_pointer (&self->division_code, g_free);
  gtk_single_selection_set_selected (self->division_selection, GTK_INVALID_LIST_POSITION);
  update_division_label (self);
}

static void
on_clear_division (GwFilterPane *self)
{
  clear_division (self);
  emit_changed (self);
}

static void
on_clear (GwFilterPane *self)
{
  gw_filter_pane_clear (self);
}

static GtkWidget *
section_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

static void
build (GwFilterPane *self)
{
  static const char *const window_labels[] = {
    N_("Any time"), N_("Today"), N_("Last 24 hours"), N_("Last 7 days"), N_("Last 30 days"),
  };
  GtkWidget *grid, *scroll, *button, *row_box, *header;
  const char *labels[GW_N_STATES + 1];
  g_autoptr(GtkTreeListModel) tree = NULL;
  GtkListItemFactory *factory;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 10);
  gtk_widget_set_margin_end (self->box, 10);
  gtk_widget_set_margin_top (self->box, 4);
  gtk_widget_set_margin_bottom (self->box, 10);

  gtk_box_append (GTK_BOX (self->box), section_title (_("Views")));
  self->views = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->views), "navigation-sidebar");
  for (guint i = 0; i < G_N_ELEMENTS (view_rows); i++)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (view_rows[i].icon);
      GtkWidget *label = gtk_label_new (_(view_rows[i].label));
      GtkWidget *count = gtk_label_new ("–");

      row_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (row_box), icon);
      gtk_box_append (GTK_BOX (row_box), label);
      gtk_box_append (GTK_BOX (row_box), count);
      gtk_list_box_append (self->views, row_box);
      self->counts[view_rows[i].view] = GTK_LABEL (count);
    }
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->views));
  g_signal_connect_swapped (self->views, "row-selected", G_CALLBACK (on_view_selected), self);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (header), section_title (_("Filters")));
  gtk_widget_set_hexpand (gtk_widget_get_first_child (header), TRUE);
  button = gtk_button_new_with_mnemonic (_("C_lear"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, _("Show every ticket of the view again"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_clear), self);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (self->box), header);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  gtk_box_append (GTK_BOX (self->box), grid);

  labels[0] = _("Any state");
  for (guint i = 0; i < GW_N_STATES; i++)
    labels[i + 1] = gw_format_state_label (i);
  self->state = add_dropdown (self, grid, 0, _("State"), labels, GW_N_STATES + 1);
  labels[0] = _("Any light");
  for (guint i = GW_LIGHT_GREEN; i < GW_N_LIGHTS; i++)
    labels[i] = gw_format_light_label (i);
  self->light = add_dropdown (self, grid, 1, _("Light"), labels, GW_N_LIGHTS);
  labels[0] = _("Any urgency");
  for (guint i = 0; i < GW_N_URGENCIES; i++)
    labels[i + 1] = gw_format_urgency_label (i);
  self->urgency = add_dropdown (self, grid, 2, _("Urgency"), labels, GW_N_URGENCIES + 1);
  labels[0] = _("Any source");
  for (guint i = 0; i < GW_N_SOURCES; i++)
    labels[i + 1] = gw_format_source_label (i);
  self->source = add_dropdown (self, grid, 3, _("Source"), labels, GW_N_SOURCES + 1);
  labels[0] = _("Any board");
  self->board = add_dropdown (self, grid, 4, _("Board"), labels, 1);
  labels[0] = _("Any category");
  self->category = add_dropdown (self, grid, 5, _("Category"), labels, 1);
  labels[0] = _("Any department");
  self->department = add_dropdown (self, grid, 6, _("Department"), labels, 1);
  gtk_drop_down_set_enable_search (self->department, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (window_labels); i++)
    labels[i] = _(window_labels[i]);
  self->window = add_dropdown (self, grid, 7, _("Received"), labels, G_N_ELEMENTS (window_labels));

  {
    GwDictionary *dict = gw_dictionary_get_default ();
    g_autoptr(GPtrArray) boards = gw_dictionary_get_boards (dict);
    g_autoptr(GPtrArray) categories = gw_dictionary_get_categories (dict);
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    for (guint i = 0; i < boards->len; i++)
      {
        const GwBoard *b = g_ptr_array_index (boards, i);
        g_ptr_array_add (self->board_codes, g_strdup (b->code));
        g_ptr_array_add (names, (gpointer) gw_board_get_display_name (b));
      }
    set_dropdown_labels (self->board, _("Any board"), names);
    g_ptr_array_set_size (names, 0);
    for (guint i = 0; i < categories->len; i++)
      {
        const GwCategory *c = g_ptr_array_index (categories, i);
        g_ptr_array_add (self->category_codes, g_strdup (c->code));
        g_ptr_array_add (names, (gpointer) gw_category_get_display_name (c));
      }
    set_dropdown_labels (self->category, _("Any category"), names);
  }

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (header), section_title (_("Area")));
  self->division_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->division_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->division_label), TRUE);
  gtk_label_set_xalign (self->division_label, 1);
  gtk_widget_set_valign (GTK_WIDGET (self->division_label), GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->division_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->division_label), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->division_label));
  button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, _("The whole county"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_clear_division), self);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (self->box), header);

  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_list_store_new (GW_TYPE_DIVISION_ITEM)), FALSE, FALSE,
                                  create_division_children, NULL, NULL);
  self->division_selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&tree)));
  gtk_single_selection_set_autoselect (self->division_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->division_selection, TRUE);
  gtk_single_selection_set_selected (self->division_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->division_selection, "notify::selected", G_CALLBACK (on_division_selected), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_division), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_division), NULL);
  self->divisions = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->division_selection)),
                                                      factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->divisions), "navigation-sidebar");
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->divisions));
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_widget_set_size_request (scroll, -1, 160);
  gtk_box_append (GTK_BOX (self->box), scroll);
  update_division_label (self);
}

static void
gw_filter_pane_dispose (GObject *object)
{
  GwFilterPane *self = GW_FILTER_PANE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->division_selection);
  G_OBJECT_CLASS (gw_filter_pane_parent_class)->dispose (object);
}

static void
gw_filter_pane_finalize (GObject *object)
{
  GwFilterPane *self = GW_FILTER_PANE (object);

  g_ptr_array_unref (self->board_codes);
  g_ptr_array_unref (self->department_codes);
  g_ptr_array_unref (self->category_codes);
  g_free (self->division_code);
  G_OBJECT_CLASS (gw_filter_pane_parent_class)->finalize (object);
}

static void
gw_filter_pane_class_init (GwFilterPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_filter_pane_dispose;
  object_class->finalize = gw_filter_pane_finalize;

  /* The view or a filter changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterpane");
}

static void
gw_filter_pane_init (GwFilterPane *self)
{
  self->board_codes = g_ptr_array_new_with_free_func (g_free);
  self->department_codes = g_ptr_array_new_with_free_func (g_free);
  self->category_codes = g_ptr_array_new_with_free_func (g_free);
  self->quiet = TRUE;
  build (self);
  gw_filter_pane_set_view (self, GW_TICKET_VIEW_MY_QUEUE);
  self->quiet = FALSE;
}

GtkWidget *
gw_filter_pane_new (void)
{
  return g_object_new (GW_TYPE_FILTER_PANE, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GHashTable *names = user_data;

  return g_utf8_collate (g_hash_table_lookup (names, *(const char **) a),
                         g_hash_table_lookup (names, *(const char **) b));
}

void
gw_filter_pane_set_names (GwFilterPane       *self,
                          const GwQueueNames *names)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GListStore) roots = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (GW_IS_FILTER_PANE (self));

  self->quiet = TRUE;
  g_ptr_array_set_size (self->department_codes, 0);
  g_hash_table_iter_init (&iter, names->departments);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (self->department_codes, g_strdup (key));
  g_ptr_array_sort_with_data (self->department_codes, compare_names, names->departments);
  for (guint i = 0; i < self->department_codes->len; i++)
    g_ptr_array_add (labels, g_hash_table_lookup (names->departments, g_ptr_array_index (self->department_codes, i)));
  set_dropdown_labels (self->department, _("Any department"), labels);

  roots = build_division_tree (names);
  {
    g_autoptr(GtkTreeListModel) tree = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)), FALSE, FALSE,
                                                                create_division_children, NULL, NULL);
    gtk_single_selection_set_model (self->division_selection, G_LIST_MODEL (tree));
    gtk_single_selection_set_selected (self->division_selection, GTK_INVALID_LIST_POSITION);
  }
  self->quiet = FALSE;
}

void
gw_filter_pane_set_counts (GwFilterPane *self,
                           const gint64 *counts)
{
  g_return_if_fail (GW_IS_FILTER_PANE (self));

  for (guint v = 0; v < GW_N_TICKET_VIEWS; v++)
    {
      g_autofree char *text = gw_format_count (counts[v]);
      gtk_label_set_label (self->counts[v], text);
      /* Red and overdue, and emergencies, stand out when there are any. */
      if (v == GW_TICKET_VIEW_RED_OVERDUE || v == GW_TICKET_VIEW_EMERGENCY)
        {
          if (counts[v] > 0)
            gtk_widget_add_css_class (GTK_WIDGET (self->counts[v]), "error");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (self->counts[v]), "error");
        }
    }
}

GwTicketView
gw_filter_pane_get_view (GwFilterPane *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (GW_IS_FILTER_PANE (self), GW_TICKET_VIEW_ALL);

  row = gtk_list_box_get_selected_row (self->views);
  return row ? view_rows[gtk_list_box_row_get_index (row)].view : GW_TICKET_VIEW_ALL;
}

void
gw_filter_pane_set_view (GwFilterPane *self,
                         GwTicketView  view)
{
  g_return_if_fail (GW_IS_FILTER_PANE (self));

  for (guint i = 0; i < G_N_ELEMENTS (view_rows); i++)
    if (view_rows[i].view == view)
      gtk_list_box_select_row (self->views, gtk_list_box_get_row_at_index (self->views, i));
}

void
gw_filter_pane_set_division (GwFilterPane *self,
                             const char   *code)
{
  g_return_if_fail (GW_IS_FILTER_PANE (self));

  self->quiet = TRUE;
  clear_division (self);
  self->division_code = g_strdup (code);
  update_division_label (self);
  self->quiet = FALSE;
  emit_changed (self);
}

void
gw_filter_pane_clear (GwFilterPane *self)
{
  g_return_if_fail (GW_IS_FILTER_PANE (self));

  self->quiet = TRUE;
  gtk_drop_down_set_selected (self->state, 0);
  gtk_drop_down_set_selected (self->light, 0);
  gtk_drop_down_set_selected (self->urgency, 0);
  gtk_drop_down_set_selected (self->source, 0);
  gtk_drop_down_set_selected (self->board, 0);
  gtk_drop_down_set_selected (self->category, 0);
  gtk_drop_down_set_selected (self->department, 0);
  gtk_drop_down_set_selected (self->window, 0);
  clear_division (self);
  self->quiet = FALSE;
  emit_changed (self);
}

static const char *
code_at (GPtrArray   *codes,
         GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i >= 1 && i <= codes->len ? g_ptr_array_index (codes, i - 1) : NULL;
}

GwTicketQuery *
gw_filter_pane_build_query (GwFilterPane *self,
                            gint64        now)
{
  GwTicketQuery *q;
  guint i;

  g_return_val_if_fail (GW_IS_FILTER_PANE (self), NULL);

  q = gw_ticket_query_new ();
  q->view = gw_filter_pane_get_view (self);
  if ((i = gtk_drop_down_get_selected (self->state)) >= 1 && i <= GW_N_STATES)
    q->states = 1u << (i - 1);
  if ((i = gtk_drop_down_get_selected (self->light)) >= 1 && i < GW_N_LIGHTS)
    q->lights = 1u << i;
  if ((i = gtk_drop_down_get_selected (self->urgency)) >= 1 && i <= GW_N_URGENCIES)
    q->urgencies = 1u << (i - 1);
  if ((i = gtk_drop_down_get_selected (self->source)) >= 1 && i <= GW_N_SOURCES)
    q->sources = 1u << (i - 1);
  q->board = g_strdup (code_at (self->board_codes, self->board));
  q->category = g_strdup (code_at (self->category_codes, self->category));
  q->department_code = g_strdup (code_at (self->department_codes, self->department));
  q->division_code = g_strdup (self->division_code);
  switch ((TimeWindow) gtk_drop_down_get_selected (self->window))
    {
    case WINDOW_ANY:
      break;
    case WINDOW_TODAY:
      q->from = gw_time_start_of_day (now);
      break;
    case WINDOW_DAY:
      q->from = now - 86400;
      break;
    case WINDOW_WEEK:
      q->from = now - 7 * 86400;
      break;
    case WINDOW_MONTH:
      q->from = now - 30 * 86400;
      break;
    }
  return q;
}
