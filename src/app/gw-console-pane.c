/* gw-console-pane.c: filters, queue and detail over one store.
 *
 * The pane turns the filter pane's query, the search text and the column sort into one
 * GwTicketQuery for its GwTicketList; it reads the names the cells show and the saved
 * views' counts on the store's reader connections (counts again after each refresh, at most
 * every two seconds). The list watches the change log every second, so whatever writes the
 * database shows up; a seat's sync client makes it refresh at once.
 */
#define G_LOG_DOMAIN "gw-console-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-console-pane.h"
#include "gw-ticket-detail.h"

#define WATCH_MS        1000
#define COUNTS_EVERY_MS 2000

struct _GwConsolePane
{
  GtkWidget      parent_instance;

  GtkWidget     *outer;          /* GtkPaned: filters | (queue | detail) */
  GtkWidget     *inner;
  GwFilterPane  *filters;
  GwQueueView   *queue;
  GtkWidget     *detail_frame;
  GwTicketDetail *detail;

  GwStore       *store;
  GwClock       *clock;
  GwTicketList  *list;
  GSettings     *settings;
  GCancellable  *cancellable;
  gboolean       has_actor;
  GwActor        actor;
  char          *actor_name, *actor_division, *actor_department;

  guint          counts_id;
  gboolean       counts_busy;
  gint64         counts_at;      /* monotonic µs of the last read */
  gboolean       restoring;
  gint64         pending_ticket; /* to select once the list holds it */
  gboolean       shown_first;    /* the first ticket was selected after the first load */
  gboolean       names_wanted;   /* the names are still to come (a seat before its snapshot) */
  gboolean       names_busy;
};

G_DEFINE_FINAL_TYPE (GwConsolePane, gw_console_pane, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_names (GwConsolePane *self);

static void
apply_query (GwConsolePane *self)
{
  g_autoptr(GwTicketQuery) q = NULL;
  const char *text;

  if (self->list == NULL || self->restoring || self->queue == NULL)
    return;
  q = gw_filter_pane_build_query (self->filters, gw_clock_get_now (self->clock));
  text = gw_queue_view_get_text (self->queue);
  q->text = text && *text ? g_strdup (text) : NULL;
  q->sort = gw_queue_view_get_sort (self->queue, &q->descending);
  gw_ticket_list_set_query (self->list, q);
}

static void
on_filters_changed (GwConsolePane *self)
{
  apply_query (self);
  gw_console_pane_save_state (self);
}

/* Counts ------------------------------------------------------------------------------- */

typedef struct {
  GwConsolePane *self;
  GwActor        actor;
  gboolean       has_actor;
  char          *name, *division, *department;
  gint64         now;
  gint64         counts[GW_N_TICKET_VIEWS];
} Counts;

static void
counts_free (Counts *c)
{
  g_object_unref (c->self);
  g_free (c->name);
  g_free (c->division);
  g_free (c->department);
  g_free (c);
}

static gpointer
counts_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Counts *c = data;

  if (!gw_db_count_ticket_views (db, c->has_actor ? &c->actor : NULL, c->now, c->counts, error))
    return NULL;
  return c;
}

static void
on_counts_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Counts *c = user_data;
  GwConsolePane *self = c->self;
  g_autoptr(GError) error = NULL;

  self->counts_busy = FALSE;
  if (gw_store_read_finish (GW_STORE (object), result, &error) != NULL)
    gw_filter_pane_set_counts (self->filters, c->counts);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not count the saved views: %s", error->message);
  counts_free (c);
}

static void
read_counts (GwConsolePane *self)
{
  Counts *c;

  if (self->store == NULL || self->counts_busy)
    return;
  self->counts_busy = TRUE;
  self->counts_at = g_get_monotonic_time ();
  c = g_new0 (Counts, 1);
  c->self = g_object_ref (self);
  c->has_actor = self->has_actor;
  c->actor = self->actor;
  c->actor.name = c->name = g_strdup (self->actor_name);
  c->actor.division_code = c->division = g_strdup (self->actor_division);
  c->actor.department_code = c->department = g_strdup (self->actor_department);
  c->now = gw_clock_get_now (self->clock);
  gw_store_read_async (self->store, counts_func, c, NULL, NULL, self->cancellable, on_counts_read, c);
}

static gboolean
on_counts_timeout (gpointer user_data)
{
  GwConsolePane *self = user_data;

  self->counts_id = 0;
  read_counts (self);
  return G_SOURCE_REMOVE;
}

static void
on_detail_open_ticket (GwConsolePane *self,
                       gint64         ticket_id)
{
  gw_console_pane_show_ticket (self, ticket_id);
}

/* Tickets changed: the one on show may be among them. Only then: a new filter or search
 * changes nothing of the ticket, and reading it again would rebuild the whole pane. */
static void
on_database_changed (GwConsolePane *self)
{
  if (gw_ticket_detail_get_ticket_id (self->detail) != 0)
    gw_ticket_detail_reload (self->detail);
}

static void
on_list_refreshed (GwConsolePane *self)
{
  if (self->names_wanted)
    read_names (self);
  /* The console opens on the first ticket of the queue, not on an empty pane. */
  if (!self->shown_first && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      g_autoptr(GwTicketRow) row = g_list_model_get_item (G_LIST_MODEL (self->list), 0);

      self->shown_first = TRUE;
      gw_queue_view_select_ticket (self->queue, gw_ticket_row_get_id (row));
    }
  if (self->pending_ticket && gw_ticket_list_find (self->list, self->pending_ticket) >= 0)
    {
      gw_queue_view_select_ticket (self->queue, self->pending_ticket);
      self->pending_ticket = 0;
    }

  gint64 since = (g_get_monotonic_time () - self->counts_at) / 1000;

  if (self->counts_id)
    return;
  self->counts_id = g_timeout_add (since >= COUNTS_EVERY_MS ? 0 : COUNTS_EVERY_MS - since,
                                   on_counts_timeout, self);
}

/* Names -------------------------------------------------------------------------------- */

static gpointer
names_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  return gw_db_get_queue_names (db, error);
}

static void
on_names_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwConsolePane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwQueueNames) names = gw_store_read_finish (GW_STORE (object), result, &error);

  self->names_busy = FALSE;
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read division and department names: %s", error->message);
      return;
    }
  /* A seat signed in before its county arrived has no divisions yet: ask again later. */
  self->names_wanted = g_hash_table_size (names->divisions) == 0;
  gw_queue_view_set_names (self->queue, names);
  self->restoring = TRUE;
  gw_filter_pane_set_names (self->filters, names);
  self->restoring = FALSE;
  /* Rows already shown were drawn without the names: a refresh redraws nothing, so ask
   * the view to rebind by resetting the model. */
  gw_queue_view_set_list (self->queue, self->list);
}

static void
read_names (GwConsolePane *self)
{
  if (self->store == NULL || self->names_busy)
    return;
  self->names_busy = TRUE;
  gw_store_read_async (self->store, names_func, NULL, NULL, (GDestroyNotify) gw_queue_names_free, self->cancellable,
                       on_names_read, g_object_ref (self));
}

/* Selection ---------------------------------------------------------------------------- */

static void
on_selection_changed (GwConsolePane *self)
{
  g_autoptr(GArray) ids = gw_queue_view_get_selection (self->queue);

  /* The detail follows the first selected ticket; an empty selection keeps the last one
   * (a refresh that moves rows must not blank the pane the officer is reading). */
  if (ids->len > 0)
    gw_ticket_detail_set_ticket_id (self->detail, g_array_index (ids, gint64, 0));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* Object ------------------------------------------------------------------------------- */

/* The officer's most frequent steps as buttons over the detail, the rest in a menu; all of
 * them point at the window's ticket.* actions (disabled when they do not apply). */
static GtkWidget *
build_action_bar (void)
{
  static const struct { const char *action; const char *label; } buttons[] = {
    { "ticket.screen",   N_("Screen") },
    { "ticket.dispatch", N_("Dispatch…") },
    { "ticket.escalate", N_("Escalate…") },
    { "ticket.close",    N_("Close…") },
  };
  static const struct { const char *action; const char *label; } more[] = {
    { "ticket.whistle", N_("Whistle…") },
    { "ticket.verify", N_("Verify") },
    { "ticket.reject", N_("Reject…") },
    { "ticket.merge", N_("Merge Duplicates…") },
    { "ticket.supervise", N_("Supervise…") },
    { "ticket.sign", N_("Sign For") },
    { "ticket.report-in", N_("Report In") },
    { "ticket.return", N_("Return…") },
    { "ticket.handle", N_("Start Handling") },
    { "ticket.report-back", N_("Report Back…") },
    { "ticket.evaluate", N_("Record Evaluation…") },
    { "ticket.reopen", N_("Reopen…") },
    { "ticket.request-extension", N_("Request Extension…") },
    { "ticket.approve-extension", N_("Approve Extension") },
    { "ticket.suspend", N_("Suspend…") },
    { "ticket.resume", N_("Resume") },
    { "ticket.reassign", N_("Reassign…") },
  };
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button;

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 8);
  gtk_widget_set_margin_bottom (bar, 4);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      button = gtk_button_new_with_label (_(buttons[i].label));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), buttons[i].action);
      if (i == 1)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (bar), button);
    }
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    g_menu_append (menu, _(more[i].label), more[i].action);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("More Actions"));
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (bar), button);
  return bar;
}

static void
gw_console_pane_dispose (GObject *object)
{
  GwConsolePane *self = GW_CONSOLE_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->counts_id, g_source_remove);
  if (self->filters)
    g_signal_handlers_disconnect_by_data (self->filters, self);
  if (self->queue)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  if (self->detail)
    g_signal_handlers_disconnect_by_data (self->detail, self);
  self->detail = NULL;
  self->filters = NULL;
  self->queue = NULL;
  if (self->list)
    {
      gw_ticket_list_set_watch (self->list, 0);
      g_signal_handlers_disconnect_by_data (self->list, self);
    }
  g_clear_pointer (&self->outer, gtk_widget_unparent);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (gw_console_pane_parent_class)->dispose (object);
}

static void
gw_console_pane_finalize (GObject *object)
{
  GwConsolePane *self = GW_CONSOLE_PANE (object);

  g_clear_object (&self->cancellable);
  g_free (self->actor_name);
  g_free (self->actor_division);
  g_free (self->actor_department);
  G_OBJECT_CLASS (gw_console_pane_parent_class)->finalize (object);
}

static void
gw_console_pane_class_init (GwConsolePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_console_pane_dispose;
  object_class->finalize = gw_console_pane_finalize;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "consolepane");
}

static void
gw_console_pane_init (GwConsolePane *self)
{
  GtkWidget *scroll;

  self->cancellable = g_cancellable_new ();

  self->outer = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_parent (self->outer, GTK_WIDGET (self));
  gtk_paned_set_wide_handle (GTK_PANED (self->outer), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->outer), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (self->outer), FALSE);
  gtk_paned_set_position (GTK_PANED (self->outer), 290);

  self->filters = GW_FILTER_PANE (gw_filter_pane_new ());
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->filters));
  gtk_widget_set_size_request (scroll, 250, -1);
  gtk_widget_add_css_class (scroll, "sidebar-pane");
  gtk_paned_set_start_child (GTK_PANED (self->outer), scroll);
  g_signal_connect_swapped (self->filters, "changed", G_CALLBACK (on_filters_changed), self);

  self->inner = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->inner), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (self->inner), FALSE);
  gtk_paned_set_end_child (GTK_PANED (self->outer), self->inner);

  self->queue = GW_QUEUE_VIEW (gw_queue_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->queue), 360, -1);
  gtk_paned_set_start_child (GTK_PANED (self->inner), GTK_WIDGET (self->queue));
  g_signal_connect_swapped (self->queue, "search-changed", G_CALLBACK (apply_query), self);
  g_signal_connect_swapped (self->queue, "sort-changed", G_CALLBACK (on_filters_changed), self);
  g_signal_connect_swapped (self->queue, "selection-changed", G_CALLBACK (on_selection_changed), self);

  self->detail_frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (self->detail_frame, 440, -1);
  gtk_box_append (GTK_BOX (self->detail_frame), build_action_bar ());
  self->detail = gw_ticket_detail_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (self->detail), TRUE);
  g_signal_connect_swapped (self->detail, "open-ticket", G_CALLBACK (on_detail_open_ticket), self);
  gtk_box_append (GTK_BOX (self->detail_frame), GTK_WIDGET (self->detail));
  gtk_paned_set_end_child (GTK_PANED (self->inner), self->detail_frame);
  /* The queue takes what the detail (at its narrowest) leaves: the paned clamps this. */
  gtk_paned_set_position (GTK_PANED (self->inner), G_MAXINT / 2);
}

GtkWidget *
gw_console_pane_new (void)
{
  return g_object_new (GW_TYPE_CONSOLE_PANE, NULL);
}

static void
restore_state (GwConsolePane *self)
{
  g_autofree char *view = NULL, *sort = NULL, *layout = NULL;
  GwTicketView v;
  GwTicketSort s;

  if (self->settings == NULL)
    return;
  self->restoring = TRUE;
  view = g_settings_get_string (self->settings, "queue-view");
  if (gw_ticket_view_from_string (view, &v))
    gw_filter_pane_set_view (self->filters, v);
  sort = g_settings_get_string (self->settings, "queue-sort");
  if (gw_ticket_sort_from_string (sort, &s))
    gw_queue_view_set_sort (self->queue, s, g_settings_get_boolean (self->settings, "queue-sort-descending"));
  layout = g_settings_get_string (self->settings, "queue-columns");
  gw_queue_view_restore_columns (self->queue, layout);
  self->restoring = FALSE;
}

void
gw_console_pane_set_settings (GwConsolePane *self,
                              GSettings     *settings)
{
  g_return_if_fail (GW_IS_CONSOLE_PANE (self));

  g_set_object (&self->settings, settings);
  restore_state (self);
  apply_query (self);
}

void
gw_console_pane_save_state (GwConsolePane *self)
{
  g_autofree char *layout = NULL;
  gboolean descending;
  GwTicketSort sort;

  g_return_if_fail (GW_IS_CONSOLE_PANE (self));

  if (self->settings == NULL || self->restoring || self->queue == NULL)
    return;
  sort = gw_queue_view_get_sort (self->queue, &descending);
  g_settings_set_string (self->settings, "queue-view", gw_ticket_view_to_string (gw_filter_pane_get_view (self->filters)));
  g_settings_set_string (self->settings, "queue-sort", gw_ticket_sort_to_string (sort));
  g_settings_set_boolean (self->settings, "queue-sort-descending", descending);
  layout = gw_queue_view_save_columns (self->queue);
  g_settings_set_string (self->settings, "queue-columns", layout);
}

void
gw_console_pane_set_store (GwConsolePane *self,
                           GwStore       *store,
                           GwClock       *clock,
                           const GwActor *actor)
{
  g_return_if_fail (GW_IS_CONSOLE_PANE (self));
  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (GW_IS_CLOCK (clock));

  if (self->list)
    {
      gw_ticket_list_set_watch (self->list, 0);
      g_signal_handlers_disconnect_by_data (self->list, self);
      g_clear_object (&self->list);
    }
  g_set_object (&self->store, store);
  g_set_object (&self->clock, clock);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->actor_division, g_free);
  g_clear_pointer (&self->actor_department, g_free);
  self->has_actor = actor != NULL;
  if (actor)
    {
      self->actor = *actor;
      self->actor.name = self->actor_name = g_strdup (actor->name);
      self->actor.division_code = self->actor_division = g_strdup (actor->division_code);
      self->actor.department_code = self->actor_department = g_strdup (actor->department_code);
    }

  gw_ticket_detail_set_store (self->detail, store, clock);
  self->list = gw_ticket_list_new (store, clock);
  gw_ticket_list_set_actor (self->list, actor);
  g_signal_connect_swapped (self->list, "refreshed", G_CALLBACK (on_list_refreshed), self);
  g_signal_connect_swapped (self->list, "database-changed", G_CALLBACK (on_database_changed), self);
  gw_queue_view_set_list (self->queue, self->list);
  apply_query (self);
  gw_ticket_list_set_watch (self->list, WATCH_MS);
  read_names (self);
  read_counts (self);
}

void
gw_console_pane_invalidate (GwConsolePane *self)
{
  g_return_if_fail (GW_IS_CONSOLE_PANE (self));

  if (self->list)
    gw_ticket_list_refresh (self->list);
}

GwTicketDetail *
gw_console_pane_get_detail (GwConsolePane *self)
{
  g_return_val_if_fail (GW_IS_CONSOLE_PANE (self), NULL);
  return self->detail;
}

void
gw_console_pane_show_ticket (GwConsolePane *self,
                             gint64         ticket_id)
{
  g_return_if_fail (GW_IS_CONSOLE_PANE (self));

  if (self->list == NULL)
    return;
  if (gw_ticket_list_find (self->list, ticket_id) >= 0)
    {
      gw_queue_view_select_ticket (self->queue, ticket_id);
      return;
    }
  self->pending_ticket = ticket_id;
  self->restoring = TRUE;
  gw_queue_view_set_text (self->queue, NULL);
  gw_filter_pane_clear (self->filters);
  gw_filter_pane_set_view (self->filters, GW_TICKET_VIEW_ALL);
  self->restoring = FALSE;
  apply_query (self);
}

GwTicketList *
gw_console_pane_get_list (GwConsolePane *self)
{
  g_return_val_if_fail (GW_IS_CONSOLE_PANE (self), NULL);
  return self->list;
}

GwQueueView *
gw_console_pane_get_queue (GwConsolePane *self)
{
  g_return_val_if_fail (GW_IS_CONSOLE_PANE (self), NULL);
  return self->queue;
}

GwFilterPane *
gw_console_pane_get_filters (GwConsolePane *self)
{
  g_return_val_if_fail (GW_IS_CONSOLE_PANE (self), NULL);
  return self->filters;
}

GArray *
gw_console_pane_get_selection (GwConsolePane *self)
{
  g_return_val_if_fail (GW_IS_CONSOLE_PANE (self), NULL);
  return gw_queue_view_get_selection (self->queue);
}
