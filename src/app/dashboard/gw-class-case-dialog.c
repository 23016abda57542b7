/* gw-class-case-dialog.c: "Make Class Case…" — a department picker over the case, and the
 * class case made through the workflow: on the county file through the store's writer, on
 * a seat through the server. */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-class-case-dialog.h"
#include "gw-department.h"
#include "gw-dictionary.h"
#include "gw-drill-watermark.h"
#include "gw-pick-item.h"

struct _GwClassCaseDialog
{
  AdwWindow           parent_instance;

  GtkLabel           *summary_label;
  GtkSearchEntry     *search;
  GtkListView        *list;
  GtkLabel           *error_label;
  GtkWidget          *submit_button;

  GwStore            *store;
  GwClock            *clock;
  GwSyncClient       *sync_client;
  GwClassCase        *cc;
  GwActor             actor;          /* its strings are the three below */
  char               *actor_name;
  char               *actor_division;
  char               *actor_department;
  GCancellable       *cancellable;

  GListStore         *departments;    /* of GwPickItem */
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char               *query;
  gboolean            ready;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (GwClassCaseDialog, gw_class_case_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_READY,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MADE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (GwClassCaseDialog *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

static void
set_busy (GwClassCaseDialog *self,
          gboolean           busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  /* Not closed while the ticket is being made: its answer is to be seen. */
  gtk_window_set_deletable (GTK_WINDOW (self), !busy);
  gtk_widget_set_sensitive (self->submit_button, !busy && self->ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The departments ----------------------------------------------------------------------- */

static gboolean
match_item (gpointer item,
            gpointer user_data)
{
  GwClassCaseDialog *self = user_data;

  return gw_pick_item_matches (item, self->query ? self->query : "");
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
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
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GwPickItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));

  gtk_label_set_label (GTK_LABEL (title), gw_pick_item_get_title (item));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (title)), gw_pick_item_get_subtitle (item));
}

static guint
find_code (GListModel *model,
           const char *code)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; code != NULL && i < n; i++)
    {
      g_autoptr(GwPickItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gw_pick_item_get_code (item), code) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gpointer
list_departments_func (GwDb     *db,
                       gpointer  data,
                       GError  **error)
{
  return gw_db_list_departments (db, error);
}

static void
on_departments (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwClassCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gw_store_read_finish (GW_STORE (object), result, &error);
  const GwCategory *category;
  gboolean chinese = gw_locale_is_chinese ();

  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  /* The departments of the case's board first: the likeliest to be meant. */
  category = gw_dictionary_lookup (gw_dictionary_get_default (), self->cc->category_code);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < list->len; i++)
      {
        GwDepartment *d = g_ptr_array_index (list, i);
        gboolean same = category && category->board && g_strcmp0 (d->board, category->board) == 0;
        g_autoptr(GwPickItem) item = NULL;

        if (same != (pass == 0))
          continue;
        item = gw_pick_item_new (d->code, chinese || d->name_en == NULL ? d->name : d->name_en, d->code);
        gw_pick_item_add_keywords (item, d->name);
        gw_pick_item_add_keywords (item, d->name_en);
        g_list_store_append (self->departments, item);
      }
  self->ready = TRUE;
  gw_class_case_dialog_select_department (self, self->cc->department_code);
  gtk_widget_set_sensitive (self->submit_button, !self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
on_search_changed (GwClassCaseDialog *self)
{
  g_free (self->query);
  self->query = gw_pick_item_fold (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* A choice that still matches stays; otherwise the first match is the choice. */
  if (*self->query != '\0' && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

/* Making it ------------------------------------------------------------------------------ */

static void
finish (GwClassCaseDialog *self,
        GwTicket          *t,
        GError            *error)
{
  set_busy (self, FALSE);
  if (t == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[MADE], 0, t);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_made_here (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwClassCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_store_open_class_case_finish (GW_STORE (object), result, &error);

  finish (self, t, error);
}

static void
on_made_by_server (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwClassCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_sync_client_open_class_case_finish (GW_SYNC_CLIENT (object), result, &error);

  finish (self, t, error);
}

void
gw_class_case_dialog_submit (GwClassCaseDialog *self)
{
  const char *department;

  g_return_if_fail (GW_IS_CLASS_CASE_DIALOG (self));

  if (self->busy || !self->ready)
    return;
  department = gw_class_case_dialog_get_department (self);
  if (department == NULL)
    {
      show_error (self, _("Choose a department."));
      gtk_widget_grab_focus (GTK_WIDGET (self->search));
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  if (self->sync_client != NULL)
    /* A seat writes through its server, never into its own mirror. */
    gw_sync_client_open_class_case_async (self->sync_client, (const gint64 *) self->cc->ticket_ids->data,
                                          self->cc->ticket_ids->len, self->cc->kind, self->cc->category_code,
                                          department, self->cancellable, on_made_by_server, g_object_ref (self));
  else
    gw_store_open_class_case_async (self->store, &self->actor, self->cc, department, gw_clock_get_now (self->clock),
                                    self->cancellable, on_made_here, g_object_ref (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  gw_class_case_dialog_submit (GW_CLASS_CASE_DIALOG (widget));
}

/* Building ------------------------------------------------------------------------------- */

static char *
summary_text (GwClassCaseDialog *self)
{
  guint n = self->cc->ticket_ids->len;
  g_autofree char *members = NULL;
  g_autofree char *title = g_markup_escape_text (self->cc->title ? self->cc->title : "", -1);

  /* TRANSLATORS: how many tickets the class case gathers */
  members = g_strdup_printf (ngettext ("Its %u ticket stays as it is and is linked to one new ticket for the "
                                       "cause: reported at the case’s place, accepted, dispatched to the "
                                       "department chosen below and supervised (督办), as %s.",
                                       "Its %u tickets stay as they are and are linked to one new ticket for the "
                                       "cause: reported at the case’s place, accepted, dispatched to the "
                                       "department chosen below and supervised (督办), as %s.", n),
                             n, self->actor_name ? self->actor_name : "—");
  g_autofree char *escaped = g_markup_escape_text (members, -1);

  return g_strdup_printf ("<b>%s</b>\n\n%s", title, escaped);
}

static void
build (GwClassCaseDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Department"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *summary = summary_text (self);
  GtkFilterListModel *filtered;

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Make Class Case"), NULL));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->submit_button = gtk_button_new_with_mnemonic (_("_Make Class Case"));
  gtk_widget_add_css_class (self->submit_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->submit_button), "dialog.submit");
  gtk_widget_set_sensitive (self->submit_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->submit_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_markup (self->summary_label, summary);
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_wrap_mode (self->summary_label, PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->summary_label));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (body), heading);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search departments"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (gw_class_case_dialog_submit), self);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->search));

  self->departments = g_list_store_new (GW_TYPE_PICK_ITEM);
  self->filter = gtk_custom_filter_new (match_item, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->departments)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                 g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (body), scrolled);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_wrap_mode (self->error_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->error_label));

  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (toolbar), body);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

/* Object ----------------------------------------------------------------------------------- */

static void
gw_class_case_dialog_dispose (GObject *object)
{
  GwClassCaseDialog *self = GW_CLASS_CASE_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (gw_class_case_dialog_parent_class)->dispose (object);
}

static void
gw_class_case_dialog_finalize (GObject *object)
{
  GwClassCaseDialog *self = GW_CLASS_CASE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->sync_client);
  g_clear_pointer (&self->cc, gw_class_case_unref);
  g_free (self->actor_name);
  g_free (self->actor_division);
  g_free (self->actor_department);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->departments);
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);
  g_free (self->query);
  G_OBJECT_CLASS (gw_class_case_dialog_parent_class)->finalize (object);
}

static void
gw_class_case_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GwClassCaseDialog *self = GW_CLASS_CASE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_class_case_dialog_class_init (GwClassCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_class_case_dialog_dispose;
  object_class->finalize = gw_class_case_dialog_finalize;
  object_class->get_property = gw_class_case_dialog_get_property;

  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The class-case ticket exists (as it is after supervision). */
  signals[MADE] = g_signal_new ("made", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, GW_TYPE_TICKET);

  gtk_widget_class_install_action (widget_class, "dialog.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_class_case_dialog_init (GwClassCaseDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

GwClassCaseDialog *
gw_class_case_dialog_new (GtkWindow     *parent,
                          GwStore       *store,
                          GwClock       *clock,
                          const GwActor *actor,
                          GwSyncClient  *sync_client,
                          GwClassCase   *cc)
{
  GwClassCaseDialog *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (cc != NULL, NULL);

  self = g_object_new (GW_TYPE_CLASS_CASE_DIALOG, "transient-for", parent, "modal", TRUE, "title",
                       _("Make Class Case"), "default-width", 640, "default-height", 680, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->sync_client = sync_client ? g_object_ref (sync_client) : NULL;
  self->cc = gw_class_case_ref (cc);
  self->actor = *actor;
  self->actor.name = self->actor_name = g_strdup (actor->name);
  self->actor.division_code = self->actor_division = g_strdup (actor->division_code);
  self->actor.department_code = self->actor_department = g_strdup (actor->department_code);
  build (self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  gw_store_read_async (store, list_departments_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, on_departments, g_object_ref (self));
  return self;
}

GwClassCase *
gw_class_case_dialog_get_case (GwClassCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), NULL);
  return self->cc;
}

gboolean
gw_class_case_dialog_get_ready (GwClassCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), FALSE);
  return self->ready;
}

gboolean
gw_class_case_dialog_get_busy (GwClassCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), FALSE);
  return self->busy;
}

gboolean
gw_class_case_dialog_select_department (GwClassCaseDialog *self,
                                        const char        *code)
{
  guint position;

  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), FALSE);

  position = find_code (G_LIST_MODEL (self->selection), code);
  if (position == GTK_INVALID_LIST_POSITION && find_code (G_LIST_MODEL (self->departments), code) != GTK_INVALID_LIST_POSITION)
    {
      /* Filtered out: clear the search, so that what is chosen can be seen. */
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      on_search_changed (self);
      position = find_code (G_LIST_MODEL (self->selection), code);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
  return TRUE;
}

const char *
gw_class_case_dialog_get_department (GwClassCaseDialog *self)
{
  GwPickItem *item;

  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item ? gw_pick_item_get_code (item) : NULL;
}

const char *
gw_class_case_dialog_get_error (GwClassCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_DIALOG (self), "");
  return gtk_label_get_label (self->error_label);
}
