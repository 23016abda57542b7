/* gw-queue-view.c: the ticket queue.
 *
 * Cells bind to a GwTicketRow and follow its "ticket", "light" and "time-left" notifications:
 * a row shows a quiet placeholder until its block is fetched, and its light changes colour
 * when the list ticks it, with nothing polled. The column view's own sorter is never attached
 * to a model: it only draws the header arrows, and its state becomes the query's sort.
 */
#define G_LOG_DOMAIN "gw-queue-view"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-dictionary.h"
#include "gw-format.h"
#include "gw-queue-cell.h"
#include "gw-queue-view.h"

typedef enum {
  COLUMN_LIGHT,
  COLUMN_NUMBER,
  COLUMN_RECEIVED,
  COLUMN_CATEGORY,
  COLUMN_LOCATION,
  COLUMN_SOURCE,
  COLUMN_URGENCY,
  COLUMN_LEVEL,
  COLUMN_STATE,
  COLUMN_RESPONSIBLE,
  COLUMN_TIME_LEFT,
  N_COLUMNS
} Column;

static const struct {
  const char   *id;
  const char   *title;
  GwTicketSort  sort;
  int           width;
  gboolean      expand;
} columns[N_COLUMNS] = {
  [COLUMN_LIGHT]       = { "light",       N_("Light"),       GW_TICKET_SORT_LIGHT,     56,  FALSE },
  [COLUMN_NUMBER]      = { "number",      N_("Number"),      GW_TICKET_SORT_NUMBER,    150, FALSE },
  [COLUMN_RECEIVED]    = { "received",    N_("Received"),    GW_TICKET_SORT_RECEIVED,  120, FALSE },
  [COLUMN_CATEGORY]    = { "category",    N_("Category"),    GW_TICKET_SORT_CATEGORY,  150, FALSE },
  [COLUMN_LOCATION]    = { "location",    N_("Location"),    GW_TICKET_SORT_LOCATION,  260, TRUE },
  [COLUMN_SOURCE]      = { "source",      N_("Source"),      GW_TICKET_SORT_SOURCE,    100, FALSE },
  [COLUMN_URGENCY]     = { "urgency",     N_("Urgency"),     GW_TICKET_SORT_URGENCY,   80,  FALSE },
  [COLUMN_LEVEL]       = { "level",       N_("Level"),       GW_TICKET_SORT_LEVEL,     80,  FALSE },
  [COLUMN_STATE]       = { "state",       N_("State"),       GW_TICKET_SORT_STATE,     90,  FALSE },
  [COLUMN_RESPONSIBLE] = { "responsible", N_("Responsible"), GW_TICKET_SORT_BOARD,     160, FALSE },
  [COLUMN_TIME_LEFT]   = { "time-left",   N_("Time left"),   GW_TICKET_SORT_TIME_LEFT, 120, FALSE },
};

struct _GwQueueView
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkSearchEntry    *search;
  GtkLabel          *count_label;
  GtkColumnView     *view;
  GtkMultiSelection *selection;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GtkSorter         *column_sorters[N_COLUMNS];

  GwTicketList      *list;
  GHashTable        *division_names;
  GHashTable        *department_names;
  GwTicketSort       sort;
  gboolean           descending;
  gboolean           setting_sort;
  GArray            *selected_ids;   /* what the officer selected, kept across refreshes */
  GtkAdjustment     *vadjustment;
  gboolean           restoring;
};

G_DEFINE_FINAL_TYPE (GwQueueView, gw_queue_view, GTK_TYPE_WIDGET)

enum {
  SEARCH_CHANGED,
  SORT_CHANGED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Cells ------------------------------------------------------------------------------- */

static char *
location_text (GwQueueView    *self,
               const GwTicket *t)
{
  static const GwLevel levels[] = { GW_LEVEL_STREET, GW_LEVEL_COMMUNITY, GW_LEVEL_GRID };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      const char *code = t->divisions[levels[i]];
      const char *name;

      if (code == NULL)
        continue;
      name = self->division_names ? g_hash_table_lookup (self->division_names, code) : NULL;
      if (s->len)
        g_string_append (s, " › ");
      g_string_append (s, name ? name : code);
    }
  return g_string_free (s, FALSE);
}

/* Style classes change only when they must: each change restyles the cell. */
static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on != gtk_widget_has_css_class (widget, name))
    {
      if (on)
        gtk_widget_add_css_class (widget, name);
      else
        gtk_widget_remove_css_class (widget, name);
    }
}

static gboolean
on_light_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  GwLight light = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "light"));

  if (light == GW_LIGHT_NONE)
    return FALSE;
  gtk_tooltip_set_text (tooltip, gw_format_light_label (light));
  return TRUE;
}

static void
set_light (GwQueueCell *label,
           GwLight      light)
{
  static const char *const classes[GW_N_LIGHTS] = { NULL, "light-green", "light-yellow", "light-red", "light-overdue" };
  GtkWidget *widget = GTK_WIDGET (label);
  GwLight shown = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "light"));

  if (shown == light && g_object_get_data (G_OBJECT (label), "light-set"))
    return;
  for (guint i = 1; i < GW_N_LIGHTS; i++)
    set_class (widget, classes[i], i == light);
  /* The tooltip is asked for when shown: setting one per change costs a round trip to
   * the display server for the pointer. */
  gw_queue_cell_set_text (label, light == GW_LIGHT_NONE ? "" : "●");
  g_object_set_data (G_OBJECT (label), "light", GINT_TO_POINTER (light));
  g_object_set_data (G_OBJECT (label), "light-set", GINT_TO_POINTER (TRUE));
}

static void
update_cell (GtkListItem *item)
{
  GwQueueView *self = g_object_get_data (G_OBJECT (item), "queue");
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "column"));
  GwTicketRow *row = gtk_list_item_get_item (item);
  GwQueueCell *label = GW_QUEUE_CELL (gtk_list_item_get_child (item));
  GwTicket *t = row ? gw_ticket_row_get_ticket (row) : NULL;
  g_autofree char *text = NULL;

  if (t == NULL)
    {
      set_class (GTK_WIDGET (label), "error", FALSE);
      gw_queue_cell_set_text (label, column == COLUMN_NUMBER ? "…" : "");
      return;
    }
  if (column != COLUMN_URGENCY && column != COLUMN_TIME_LEFT)
    set_class (GTK_WIDGET (label), "error", FALSE);
  switch (column)
    {
    case COLUMN_LIGHT:
      set_light (label, gw_ticket_row_get_light (row));
      return;
    case COLUMN_NUMBER:
      gw_queue_cell_set_text (label, t->number);
      return;
    case COLUMN_RECEIVED:
      text = gw_format_date_time (t->reported_at);
      /* The year is the queue's least useful fact: "11-22 09:14". */
      gw_queue_cell_set_text (label, strlen (text) > 5 ? text + 5 : text);
      return;
    case COLUMN_CATEGORY:
      {
        const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), t->category_code);
        gw_queue_cell_set_text (label, c ? gw_category_get_display_name (c) : t->category_code);
        return;
      }
    case COLUMN_LOCATION:
      text = location_text (self, t);
      gw_queue_cell_set_text (label, text);
      return;
    case COLUMN_SOURCE:
      gw_queue_cell_set_text (label, gw_format_source_label (t->source));
      return;
    case COLUMN_URGENCY:
      gw_queue_cell_set_text (label, gw_format_urgency_label (t->urgency));
      set_class (GTK_WIDGET (label), "error", t->urgency == GW_URGENCY_EMERGENCY);
      return;
    case COLUMN_LEVEL:
      gw_queue_cell_set_text (label, gw_format_level_label (t->level));
      return;
    case COLUMN_STATE:
      gw_queue_cell_set_text (label, gw_format_state_label (t->state));
      return;
    case COLUMN_RESPONSIBLE:
      {
        const char *name = NULL;
        if (t->department_code && self->department_names)
          name = g_hash_table_lookup (self->department_names, t->department_code);
        if (name == NULL && t->board)
          {
            const GwBoard *b = gw_dictionary_lookup_board (gw_dictionary_get_default (), t->board);
            name = b ? gw_board_get_display_name (b) : t->board;
          }
        gw_queue_cell_set_text (label, name ? name : "");
        return;
      }
    case COLUMN_TIME_LEFT:
      text = gw_format_time_left (gw_ticket_row_get_time_left (row));
      gw_queue_cell_set_text (label, text ? text : "");
      set_class (GTK_WIDGET (label), "error", gw_ticket_row_get_time_left (row) != GW_TICKET_ROW_NO_CLOCK &&
                                               gw_ticket_row_get_time_left (row) < 0);
      return;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
on_row_notify (GwTicketRow *row,
               GParamSpec  *pspec,
               GtkListItem *item)
{
  update_cell (item);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gw_queue_cell_new (column == COLUMN_LIGHT ? 0.5 : 0,
                                        column == COLUMN_NUMBER || column == COLUMN_TIME_LEFT ||
                                        column == COLUMN_RECEIVED);

  if (column == COLUMN_LIGHT)
    {
      gtk_widget_add_css_class (label, "light");
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_light_query_tooltip), NULL);
    }
  gtk_list_item_set_child (item, label);
  g_object_set_data (G_OBJECT (item), "queue", user_data);
  g_object_set_data (G_OBJECT (item), "column", GUINT_TO_POINTER (column));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GwTicketRow *row = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const char *signal = column == COLUMN_LIGHT ? "notify::light"
                     : column == COLUMN_TIME_LEFT ? "notify::time-left" : "notify::ticket";

  g_signal_connect_object (row, signal, G_CALLBACK (on_row_notify), item, 0);
  if (column == COLUMN_LIGHT || column == COLUMN_TIME_LEFT)
    g_signal_connect_object (row, "notify::ticket", G_CALLBACK (on_row_notify), item, 0);
  update_cell (item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GwTicketRow *row = gtk_list_item_get_item (item);

  if (row)
    g_signal_handlers_disconnect_by_func (row, on_row_notify, item);
}

/* Sorting ----------------------------------------------------------------------------- */

/* Which column the view's sorter puts first, and which way: each column's sorter says
 * "less" and records itself; the first to be asked is the primary one, and the sign of
 * the view sorter's answer gives the direction. */
static int probe_column = -1;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  if (probe_column < 0)
    probe_column = GPOINTER_TO_INT (user_data);
  return -1;
}

static void
on_sorter_changed (GwQueueView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  if (self->setting_sort)
    return;
  probe_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (probe_column < 0)
    {
      self->sort = GW_TICKET_SORT_RECEIVED;
      self->descending = TRUE;
    }
  else
    {
      self->sort = columns[probe_column].sort;
      /* A header's first click sorts ascending; "received" and "light" read best the other
       * way round, so their first click puts the newest or the worst on top. */
      self->descending = order == GTK_ORDERING_LARGER;
    }
  g_signal_emit (self, signals[SORT_CHANGED], 0);
}

/* The rows on screen, from the scroll position: the list updates those first. */
static void
update_visible_range (GwQueueView *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  double upper, value, page, row;

  if (n == 0)
    return;
  upper = gtk_adjustment_get_upper (self->vadjustment);
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  if (upper <= 0 || page <= 0)
    return;
  row = upper / n;
  gw_ticket_list_set_visible_range (self->list, (guint) (value / row), (guint) ((value + page) / row) + 1);
}

/* Search and selection ---------------------------------------------------------------- */

static void
on_search_changed (GwQueueView *self)
{
  g_signal_emit (self, signals[SEARCH_CHANGED], 0);
}

static void
on_search_activate (GwQueueView *self)
{
  gw_queue_view_focus_list (self);
}

static void
on_stop_search (GwQueueView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
}

static void
on_selection_changed (GwQueueView *self)
{
  if (!self->restoring)
    {
      g_clear_pointer (&self->selected_ids, g_array_unref);
      self->selected_ids = gw_queue_view_get_selection (self);
    }
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* Rows keep their places and show other tickets after a refresh: the selection follows
 * the tickets the officer chose (the first 64), not the places they were at. */
static void
on_list_refreshed (GwQueueView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autoptr(GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);
  g_autoptr(GtkBitset) current = NULL;

  if (self->selected_ids == NULL || self->selected_ids->len == 0 || n == 0)
    return;
  for (guint i = 0; i < MIN (self->selected_ids->len, 64); i++)
    {
      gint64 position = gw_ticket_list_find (self->list, g_array_index (self->selected_ids, gint64, i));
      if (position >= 0)
        gtk_bitset_add (selected, position);
    }
  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (current, selected))
    return;
  self->restoring = TRUE;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
  self->restoring = FALSE;
}

/* A new filter or search: back to the top. */
static void
on_list_result_changed (GwQueueView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", 0);
}

static void
update_count (GwQueueView *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  g_autofree char *count = gw_format_count (n);
  /* TRANSLATORS: the number of tickets in the queue, e.g. "12,345 tickets" */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s ticket", "%s tickets", n), count);

  gtk_label_set_label (self->count_label, text);
}

static void
on_items_changed (GwQueueView *self)
{
  update_count (self);
}

/* Object ------------------------------------------------------------------------------ */

static void
gw_queue_view_dispose (GObject *object)
{
  GwQueueView *self = GW_QUEUE_VIEW (object);

  if (self->list)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->search)
    g_signal_handlers_disconnect_by_data (self->search, self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  self->search = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (gw_queue_view_parent_class)->dispose (object);
}

static void
gw_queue_view_finalize (GObject *object)
{
  GwQueueView *self = GW_QUEUE_VIEW (object);

  g_clear_pointer (&self->division_names, g_hash_table_unref);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  G_OBJECT_CLASS (gw_queue_view_parent_class)->finalize (object);
}

static void
gw_queue_view_class_init (GwQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_queue_view_dispose;
  object_class->finalize = gw_queue_view_finalize;

  signals[SEARCH_CHANGED] = g_signal_new ("search-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SORT_CHANGED] = g_signal_new ("sort-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queueview");
}

static void
gw_queue_view_init (GwQueueView *self)
{
  GtkWidget *bar, *scroll;

  self->sort = GW_TICKET_SORT_RECEIVED;
  self->descending = TRUE;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 8);
  gtk_widget_set_margin_bottom (bar, 8);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->search, 20);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_object_set (self->search, "placeholder-text", _("Search descriptions, addresses and numbers (Ctrl+F)"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->search, "stop-search", G_CALLBACK (on_stop_search), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->count_label));
  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Ticket…"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "ticket.new");
    gtk_widget_set_tooltip_text (button, _("A report taken by phone or at the desk (Ctrl+N)"));
    gtk_box_append (GTK_BOX (bar), button);
  }
  gtk_box_append (GTK_BOX (self->box), bar);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_show_column_separators (self->view, FALSE);
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_column_view_set_reorderable (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "queue");
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, columns[c].width);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      self->column_sorters[c] = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (c), NULL));
      gtk_column_view_column_set_sorter (column, self->column_sorters[c]);
      g_object_unref (self->column_sorters[c]);
      gtk_column_view_append_column (self->view, column);
      self->columns[c] = column;
      g_object_unref (column);
    }
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->view), "changed",
                            G_CALLBACK (on_sorter_changed), self);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->view));
  self->vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));
  g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (update_visible_range), self);
  g_signal_connect_swapped (self->vadjustment, "changed", G_CALLBACK (update_visible_range), self);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroll);
  update_count (self);
}

GtkWidget *
gw_queue_view_new (void)
{
  return g_object_new (GW_TYPE_QUEUE_VIEW, NULL);
}

void
gw_queue_view_set_list (GwQueueView  *self,
                        GwTicketList *list)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));

  if (self->list)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->list, list);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (list));
  if (list)
    {
      g_signal_connect_swapped (list, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect_swapped (list, "refreshed", G_CALLBACK (on_list_refreshed), self);
      g_signal_connect_swapped (list, "result-changed", G_CALLBACK (on_list_result_changed), self);
    }
  update_count (self);
}

void
gw_queue_view_set_names (GwQueueView        *self,
                         const GwQueueNames *names)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));

  g_clear_pointer (&self->division_names, g_hash_table_unref);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  self->division_names = g_hash_table_ref (names->divisions);
  self->department_names = g_hash_table_ref (names->departments);
}

const char *
gw_queue_view_get_text (GwQueueView *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_VIEW (self), NULL);
  return self->search ? gtk_editable_get_text (GTK_EDITABLE (self->search)) : "";
}

void
gw_queue_view_set_text (GwQueueView *self,
                        const char  *text)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
}

GwTicketSort
gw_queue_view_get_sort (GwQueueView *self,
                        gboolean    *descending)
{
  g_return_val_if_fail (GW_IS_QUEUE_VIEW (self), GW_TICKET_SORT_RECEIVED);
  if (descending)
    *descending = self->descending;
  return self->sort;
}

void
gw_queue_view_set_sort (GwQueueView  *self,
                        GwTicketSort  sort,
                        gboolean      descending)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));

  self->setting_sort = TRUE;
  for (guint c = 0; c < N_COLUMNS; c++)
    if (columns[c].sort == sort)
      gtk_column_view_sort_by_column (self->view, self->columns[c],
                                      descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->setting_sort = FALSE;
  self->sort = sort;
  self->descending = descending;
}

GArray *
gw_queue_view_get_selection (GwQueueView *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (GW_IS_QUEUE_VIEW (self), ids);

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* A selection of hundreds of thousands is not a working set; the first thousand are. */
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        g_autoptr(GwTicketRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
        gint64 id;

        if (row == NULL)
          break;
        id = gw_ticket_row_get_id (row);
        g_array_append_val (ids, id);
      }
    while (ids->len < 1000 && gtk_bitset_iter_next (&iter, &position));
  return ids;
}

void
gw_queue_view_select_ticket (GwQueueView *self,
                             gint64       ticket_id)
{
  gint64 position;

  g_return_if_fail (GW_IS_QUEUE_VIEW (self));

  if (self->list == NULL || (position = gw_ticket_list_find (self->list, ticket_id)) < 0)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", (guint) position);
}

void
gw_queue_view_focus_search (GwQueueView *self)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

void
gw_queue_view_focus_list (GwQueueView *self)
{
  g_return_if_fail (GW_IS_QUEUE_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

GtkColumnView *
gw_queue_view_get_column_view (GwQueueView *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_VIEW (self), NULL);
  return self->view;
}

char *
gw_queue_view_save_columns (GwQueueView *self)
{
  GListModel *list = gtk_column_view_get_columns (self->view);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

      for (guint c = 0; c < N_COLUMNS; c++)
        if (column == self->columns[c])
          g_string_append_printf (s, "%s%s:%d%s", s->len ? "," : "", columns[c].id,
                                  gtk_column_view_column_get_fixed_width (column),
                                  gtk_column_view_column_get_visible (column) ? "" : ":hidden");
    }
  return g_string_free (s, FALSE);
}

void
gw_queue_view_restore_columns (GwQueueView *self,
                               const char  *layout)
{
  g_auto(GStrv) parts = NULL;
  guint position = 0;

  if (layout == NULL || *layout == '\0')
    return;
  parts = g_strsplit (layout, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (parts[i], ":", 3);

      for (guint c = 0; c < N_COLUMNS && fields[0]; c++)
        if (g_str_equal (fields[0], columns[c].id))
          {
            int width = fields[1] ? atoi (fields[1]) : 0;

            gtk_column_view_insert_column (self->view, position++, self->columns[c]);
            if (width >= 24 && width <= 2000)
              gtk_column_view_column_set_fixed_width (self->columns[c], width);
            gtk_column_view_column_set_visible (self->columns[c], !(fields[1] && fields[2] &&
                                                                    g_str_equal (fields[2], "hidden")));
          }
    }
}
