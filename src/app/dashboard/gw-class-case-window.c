/* gw-class-case-window.c: class cases (类案分析) in a window of its own.
 *
 * The cases are core's (gw_store_find_class_cases_async, on a store reader) for the period
 * and the division chosen, kept whole; the kind buttons filter them in memory. The selected
 * case's tickets are read in one read with where they are and whether any of them already
 * belongs to a class-case ticket (the "class_case" audit entries), so that a case is not
 * made twice unawares. Making a class case is GwClassCaseDialog's; the window then says
 * the new ticket's number in a toast and searches again.
 */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-class-case-window-private.h"
#include "gw-department.h"
#include "gw-dictionary.h"
#include "gw-division.h"
#include "gw-drill-watermark.h"
#include "gw-time.h"

#define DAY          G_GINT64_CONSTANT (86400)
/* The most cases listed. */
#define MAX_CASES    500

static const guint periods[] = { 30, 90, 365 };
#define DEFAULT_PERIOD 1

/* An item of the two lists: a case, or one of its tickets. ------------------------------- */

G_DEFINE_FINAL_TYPE (GwClassCaseItem, gw_class_case_item, G_TYPE_OBJECT)

static void
gw_class_case_item_finalize (GObject *object)
{
  GwClassCaseItem *self = GW_CLASS_CASE_ITEM (object);

  g_clear_pointer (&self->cc, gw_class_case_unref);
  g_clear_pointer (&self->ticket, gw_ticket_unref);
  g_free (self->place);
  G_OBJECT_CLASS (gw_class_case_item_parent_class)->finalize (object);
}

static void
gw_class_case_item_class_init (GwClassCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_class_case_item_finalize;
}

static void
gw_class_case_item_init (GwClassCaseItem *self)
{
}

G_DEFINE_FINAL_TYPE (GwClassCaseWindow, gw_class_case_window, ADW_TYPE_WINDOW)

enum {
  OPEN_TICKET,
  SHOW_ON_MAP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GwClassCaseStep *
_gw_class_case_step_new (GwClassCaseWindow *self,
                         guint              generation)
{
  GwClassCaseStep *step = g_new0 (GwClassCaseStep, 1);

  step->self = g_object_ref (self);
  step->generation = generation;
  return step;
}

void
_gw_class_case_step_free (GwClassCaseStep *step)
{
  g_clear_object (&step->self);
  g_free (step);
}

/* The rows of the case list ------------------------------------------------------------ */

static void
setup_case_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *facts = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "class-case-title");
  gtk_widget_add_css_class (kind, "class-case-kind");
  gtk_widget_set_valign (kind, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (facts), 0);
  gtk_label_set_ellipsize (GTK_LABEL (facts), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (facts, TRUE);
  gtk_widget_add_css_class (facts, "dim-label");
  gtk_widget_add_css_class (facts, "caption");
  gtk_box_append (GTK_BOX (line), kind);
  gtk_box_append (GTK_BOX (line), facts);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), line);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "kind", kind);
  g_object_set_data (G_OBJECT (box), "facts", facts);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_case_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GwClassCaseWindow *self = user_data;
  GwClassCaseItem *item = gtk_list_item_get_item (list_item);
  GObject *box = G_OBJECT (gtk_list_item_get_child (list_item));
  const GwClassCase *cc = item->cc;
  guint n = cc->ticket_ids->len;
  g_autofree char *span = _gw_class_case_format_span (cc);
  g_autofree char *tickets = NULL, *open = NULL, *facts = NULL;
  const char *department = _gw_class_case_window_department_name (self, cc->department_code);

  /* TRANSLATORS: in a class case's row: its number of tickets */
  tickets = g_strdup_printf (ngettext ("%u ticket", "%u tickets", n), n);
  /* TRANSLATORS: in a class case's row: how many of its tickets are still open */
  open = g_strdup_printf (ngettext ("%u open", "%u open", cc->n_open), cc->n_open);
  /* TRANSLATORS: a class case's row: tickets · open · span of days · suggested department */
  facts = g_strdup_printf (_("%s · %s · %s · %s"), tickets, open, span,
                           department ? department : _("no department known"));
  gtk_label_set_label (g_object_get_data (box, "title"), cc->title);
  _gw_class_case_set_kind_label (g_object_get_data (box, "kind"), cc->kind);
  gtk_label_set_label (g_object_get_data (box, "facts"), facts);
  gtk_widget_set_tooltip_text (GTK_WIDGET (box), cc->title);
}

/* The search ---------------------------------------------------------------------------- */

static gboolean
match_kind (gpointer item,
            gpointer user_data)
{
  GwClassCaseWindow *self = user_data;

  return (self->kinds & (1u << GW_CLASS_CASE_ITEM (item)->cc->kind)) != 0;
}

/* What the list shows: the cases of the kinds chosen, or why there are none. */
static void
show_count (GwClassCaseWindow *self)
{
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *count = NULL;

  if (self->n_reads == 0)
    return;
  /* TRANSLATORS: class cases listed (of the kinds chosen) of those found */
  count = shown == all ? g_strdup_printf (ngettext ("%u case", "%u cases", all), all)
                       : g_strdup_printf (ngettext ("%u of %u case", "%u of %u cases", all), shown, all);
  gtk_label_set_label (self->count_label, count);
  if (shown > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    {
      g_autofree char *why = NULL;

      if (all > 0)
        why = g_strdup (_("None of the kinds chosen: switch another kind on above."));
      else
        /* TRANSLATORS: %u is the number of days searched */
        why = g_strdup_printf (ngettext ("No problem came back often enough in the last %u day to make a class case.",
                                         "No problem came back often enough in the last %u days to make a class case.",
                                         self->days), self->days);
      adw_status_page_set_description (self->empty_page, why);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
}

static void
on_kind_toggled (GwClassCaseWindow *self)
{
  guint kinds = 0;

  if (self->syncing_kinds)
    return;
  for (guint i = 0; i < GW_N_CLASS_CASE_KINDS; i++)
    if (gtk_toggle_button_get_active (self->kind_buttons[i]))
      kinds |= 1u << i;
  if (kinds == self->kinds)
    return;
  self->kinds = kinds;
  gtk_filter_changed (GTK_FILTER (self->kind_filter), GTK_FILTER_CHANGE_DIFFERENT);
  show_count (self);
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwClassCaseStep) step = user_data;
  GwClassCaseWindow *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gw_store_find_class_cases_finish (GW_STORE (object), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *subtitle = NULL, *at = NULL;
  guint keep = GTK_INVALID_LIST_POSITION;

  if (step->generation != self->generation)
    return;
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    {
      GwClassCaseItem *item = g_object_new (GW_TYPE_CLASS_CASE_ITEM, NULL);

      item->cc = gw_class_case_ref (g_ptr_array_index (found, i));
      g_ptr_array_add (items, item);
    }
  self->n_reads++;
  /* One change for the whole list. */
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)), items->pdata, items->len);

  /* The case selected before, if it is still found (its tickets may have grown). */
  for (guint i = 0; self->keep_category && i < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); i++)
    {
      g_autoptr(GwClassCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (item->cc->kind == self->keep_kind && g_str_equal (item->cc->category_code, self->keep_category) &&
          g_array_index (item->cc->ticket_ids, gint64, 0) == self->keep_first)
        {
          keep = i;
          break;
        }
    }
  if (keep != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, keep);
  show_count (self);

  now = gw_time_to_date_time (gw_clock_get_now (self->clock));
  at = g_date_time_format (now, "%H:%M");
  /* TRANSLATORS: the window's subtitle: the days searched, and when */
  subtitle = g_strdup_printf (ngettext ("Reports of the last %u day · as of %s", "Reports of the last %u days · as of %s",
                                        self->days), self->days, at);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
search (GwClassCaseWindow *self)
{
  gint64 now = gw_clock_get_now (self->clock);
  GwClassCaseQuery q;
  GwClassCase *cc = _gw_class_case_window_selected (self);

  g_clear_pointer (&self->keep_category, g_free);
  if (cc != NULL)
    {
      self->keep_kind = cc->kind;
      self->keep_category = g_strdup (cc->category_code);
      self->keep_first = g_array_index (cc->ticket_ids, gint64, 0);
    }
  self->generation++;
  self->query_to = gw_time_start_of_day (now) + DAY;
  gw_class_case_query_init (&q, self->query_to - (gint64) self->days * DAY, self->query_to);
  q.division_code = self->division;
  q.limit = MAX_CASES;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cases)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  gw_store_find_class_cases_async (self->store, &q, self->cancellable, on_found, _gw_class_case_step_new (self, self->generation));
}

/* The streets and the departments' names, once. */
typedef struct {
  GPtrArray *streets;
  GPtrArray *departments;
} Names;

static void
names_free (Names *n)
{
  g_clear_pointer (&n->streets, g_ptr_array_unref);
  g_clear_pointer (&n->departments, g_ptr_array_unref);
  g_free (n);
}

static gpointer
names_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  Names *n = g_new0 (Names, 1);

  if (!(n->streets = gw_db_list_divisions (db, GW_LEVEL_STREET, error)) ||
      !(n->departments = gw_db_list_departments (db, error)))
    {
      names_free (n);
      return NULL;
    }
  return n;
}

static void
on_names (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwClassCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Names *n = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autoptr(GtkStringList) names = NULL;
  gboolean chinese = gw_locale_is_chinese ();

  if (n == NULL || self->division_dropdown == NULL)
    {
      if (n)
        names_free (n);
      return;
    }
  for (guint i = 0; i < n->departments->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (n->departments, i);

      g_hash_table_insert (self->departments, g_strdup (d->code),
                           g_strdup (chinese || d->name_en == NULL ? d->name : d->name_en));
    }
  names = gtk_string_list_new ((const char *const[]) { _("Whole district"), NULL });
  for (guint i = 0; i < n->streets->len; i++)
    {
      GwDivision *d = g_ptr_array_index (n->streets, i);

      gtk_string_list_append (names, d->name);
      g_ptr_array_add (self->street_codes, g_strdup (d->code));
    }
  gtk_drop_down_set_model (self->division_dropdown, G_LIST_MODEL (names));
  names_free (n);
  /* The rows name departments: bound again now that the names are known. */
  gtk_filter_changed (GTK_FILTER (self->kind_filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (_gw_class_case_window_selected (self) != NULL)
    _gw_class_case_window_show_case (self);
}

static void
on_period_selected (GwClassCaseWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->period_dropdown);

  if (i < G_N_ELEMENTS (periods))
    gw_class_case_window_set_period (self, periods[i]);
}

static void
on_division_selected (GwClassCaseWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->division_dropdown);

  gw_class_case_window_set_division (self, i > 0 && i <= self->street_codes->len
                                             ? g_ptr_array_index (self->street_codes, i - 1) : NULL);
}

/* Actions ----------------------------------------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  gw_class_case_window_refresh (GW_CLASS_CASE_WINDOW (widget));
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  GwClassCaseWindow *self = GW_CLASS_CASE_WINDOW (widget);
  GwClassCase *cc = _gw_class_case_window_selected (self);

  if (cc != NULL)
    g_signal_emit (self, signals[SHOW_ON_MAP], 0, cc->ticket_ids);
}

static void
open_ticket_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  GwClassCaseWindow *self = GW_CLASS_CASE_WINDOW (widget);
  GwClassCaseItem *item = gtk_single_selection_get_selected_item (self->member_selection);
  g_autoptr(GwClassCaseItem) first = NULL;

  /* The ticket chosen in the list, else the case's first. */
  if (item == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->members)) > 0)
    item = first = g_list_model_get_item (G_LIST_MODEL (self->members), 0);
  if (item != NULL)
    g_signal_emit (self, signals[OPEN_TICKET], 0, item->ticket->id);
}

static void
on_member_activate (GwClassCaseWindow *self,
                    guint              position)
{
  g_autoptr(GwClassCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->members), position);

  if (item != NULL)
    g_signal_emit (self, signals[OPEN_TICKET], 0, item->ticket->id);
}

static void
on_made (GwClassCaseWindow *self,
         GwTicket          *t)
{
  const char *department = _gw_class_case_window_department_name (self, t->department_code);

  g_free (self->last_toast);
  /* TRANSLATORS: a class case was made: the new ticket's number and the department it went to */
  self->last_toast = g_strdup_printf (_("Class case %s made: dispatched to %s and supervised"), t->number,
                                      department ? department : "—");
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (self->last_toast));
  gw_class_case_window_refresh (self);
}

static void
make_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  GwClassCaseDialog *dialog = gw_class_case_window_make_class_case (GW_CLASS_CASE_WINDOW (widget));

  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Object ----------------------------------------------------------------------------------- */

static void
gw_class_case_window_dispose (GObject *object)
{
  GwClassCaseWindow *self = GW_CLASS_CASE_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->division_dropdown = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CLASS_CASE_WINDOW);
  G_OBJECT_CLASS (gw_class_case_window_parent_class)->dispose (object);
}

static void
gw_class_case_window_finalize (GObject *object)
{
  GwClassCaseWindow *self = GW_CLASS_CASE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->sync_client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cases);
  g_clear_object (&self->kind_filter);
  g_clear_object (&self->selection);
  g_clear_object (&self->members);
  g_clear_object (&self->member_selection);
  g_clear_pointer (&self->street_codes, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_free (self->actor_name);
  g_free (self->actor_division);
  g_free (self->actor_department);
  g_free (self->division);
  g_free (self->keep_category);
  g_free (self->last_toast);
  G_OBJECT_CLASS (gw_class_case_window_parent_class)->finalize (object);
}

static void
gw_class_case_window_class_init (GwClassCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_class_case_window_dispose;
  object_class->finalize = gw_class_case_window_finalize;

  /* The officer asked to see this ticket in the console. */
  signals[OPEN_TICKET] = g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The officer asked to see these tickets (a GArray of gint64 ids) on the grid map. */
  signals[SHOW_ON_MAP] = g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-class-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, division_dropdown);
  gtk_widget_class_bind_template_child_full (widget_class, "kind_grid", FALSE,
                                             G_STRUCT_OFFSET (GwClassCaseWindow, kind_buttons[GW_CLASS_CASE_GRID]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_nearby", FALSE,
                                             G_STRUCT_OFFSET (GwClassCaseWindow, kind_buttons[GW_CLASS_CASE_NEARBY]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_returning", FALSE,
                                             G_STRUCT_OFFSET (GwClassCaseWindow, kind_buttons[GW_CLASS_CASE_RETURNING]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_hotspot", FALSE,
                                             G_STRUCT_OFFSET (GwClassCaseWindow, kind_buttons[GW_CLASS_CASE_HOTSPOT]));
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, case_kind);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, case_title);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, place_value);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, span_value);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, tickets_value);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, department_value);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, case_note);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, chart_box);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, members_heading);
  gtk_widget_class_bind_template_child (widget_class, GwClassCaseWindow, member_view);

  gtk_widget_class_install_action (widget_class, "cases.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "cases.show-on-map", NULL, show_on_map_action);
  gtk_widget_class_install_action (widget_class, "cases.open-ticket", NULL, open_ticket_action);
  gtk_widget_class_install_action (widget_class, "cases.make", NULL, make_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cases.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "cases.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "cases.show-on-map", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "cases.open-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "cases.make", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_class_case_window_init (GwClassCaseWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->street_codes = g_ptr_array_new_with_free_func (g_free);
  self->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->days = periods[DEFAULT_PERIOD];
  self->kinds = (1u << GW_N_CLASS_CASE_KINDS) - 1;

  self->cases = g_list_store_new (GW_TYPE_CLASS_CASE_ITEM);
  self->kind_filter = gtk_custom_filter_new (match_kind, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->cases)),
                                        g_object_ref (GTK_FILTER (self->kind_filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_case_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_case_row), self);
  gtk_list_view_set_factory (self->case_list, factory);
  gtk_list_view_set_model (self->case_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (_gw_class_case_window_show_case), self, G_CONNECT_SWAPPED);

  self->members = g_list_store_new (GW_TYPE_CLASS_CASE_ITEM);
  self->member_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->members)));
  gtk_single_selection_set_autoselect (self->member_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->member_selection, TRUE);
  gtk_column_view_set_model (self->member_view, GTK_SELECTION_MODEL (self->member_selection));
  g_signal_connect_object (self->member_view, "activate", G_CALLBACK (on_member_activate), self, G_CONNECT_SWAPPED);

  _gw_class_case_window_init_detail (self);

  {
    g_autoptr(GtkStringList) names = gtk_string_list_new ((const char *const[]) { _("Whole district"), NULL });

    gtk_drop_down_set_model (self->division_dropdown, G_LIST_MODEL (names));
  }
  gtk_drop_down_set_selected (self->period_dropdown, DEFAULT_PERIOD);
  g_signal_connect_swapped (self->period_dropdown, "notify::selected", G_CALLBACK (on_period_selected), self);
  g_signal_connect_swapped (self->division_dropdown, "notify::selected", G_CALLBACK (on_division_selected), self);
  for (guint i = 0; i < GW_N_CLASS_CASE_KINDS; i++)
    g_signal_connect_swapped (self->kind_buttons[i], "toggled", G_CALLBACK (on_kind_toggled), self);
  _gw_class_case_window_update_actions (self);
}

/* Public ------------------------------------------------------------------------------------ */

GwClassCaseWindow *
gw_class_case_window_new (GtkApplication *application,
                          GwStore        *store,
                          GwClock        *clock,
                          const GwActor  *actor,
                          GwSyncClient   *sync_client)
{
  GwClassCaseWindow *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (GW_TYPE_CLASS_CASE_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  self->clock = g_object_ref (clock);
  self->sync_client = sync_client ? g_object_ref (sync_client) : NULL;
  self->actor = *actor;
  self->actor.name = self->actor_name = g_strdup (actor->name);
  self->actor.division_code = self->actor_division = g_strdup (actor->division_code);
  self->actor.department_code = self->actor_department = g_strdup (actor->department_code);
  gw_store_read_async (store, names_func, NULL, NULL, (GDestroyNotify) names_free, self->cancellable, on_names,
                       g_object_ref (self));
  search (self);
  return self;
}

void
gw_class_case_window_set_period (GwClassCaseWindow *self,
                                 guint              days)
{
  g_return_if_fail (GW_IS_CLASS_CASE_WINDOW (self));

  days = CLAMP (days, 1, GW_CLASS_CASE_MAX_DAYS);
  if (self->days == days)
    return;
  self->days = days;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (periods[i] == days && gtk_drop_down_get_selected (self->period_dropdown) != i)
      gtk_drop_down_set_selected (self->period_dropdown, i);
  search (self);
}

void
gw_class_case_window_set_division (GwClassCaseWindow *self,
                                   const char        *code)
{
  g_return_if_fail (GW_IS_CLASS_CASE_WINDOW (self));

  if (g_strcmp0 (self->division, code) == 0)
    return;
  g_free (self->division);
  self->division = g_strdup (code);
  search (self);
}

void
gw_class_case_window_set_kinds (GwClassCaseWindow *self,
                                guint              kinds)
{
  g_return_if_fail (GW_IS_CLASS_CASE_WINDOW (self));

  kinds &= (1u << GW_N_CLASS_CASE_KINDS) - 1;
  if (kinds == 0)
    kinds = (1u << GW_N_CLASS_CASE_KINDS) - 1;
  self->syncing_kinds = TRUE;
  for (guint i = 0; i < GW_N_CLASS_CASE_KINDS; i++)
    gtk_toggle_button_set_active (self->kind_buttons[i], (kinds & (1u << i)) != 0);
  self->syncing_kinds = FALSE;
  on_kind_toggled (self);
}

void
gw_class_case_window_refresh (GwClassCaseWindow *self)
{
  g_return_if_fail (GW_IS_CLASS_CASE_WINDOW (self));
  search (self);
}

guint
gw_class_case_window_get_n_reads (GwClassCaseWindow *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), 0);
  return self->n_reads;
}

GPtrArray *
gw_class_case_window_get_cases (GwClassCaseWindow *self)
{
  GPtrArray *cases;
  guint n;

  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  cases = g_ptr_array_new_full (n, (GDestroyNotify) gw_class_case_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwClassCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      g_ptr_array_add (cases, gw_class_case_ref (item->cc));
    }
  return cases;
}

gboolean
gw_class_case_window_select (GwClassCaseWindow *self,
                             guint              position)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->case_list), "list.scroll-to-item", "u", position);
  return TRUE;
}

GwClassCase *
gw_class_case_window_get_selected (GwClassCaseWindow *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), NULL);
  return _gw_class_case_window_selected (self);
}

GPtrArray *
gw_class_case_window_get_members (GwClassCaseWindow *self)
{
  GPtrArray *tickets;
  guint n;

  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), NULL);

  if (!self->members_read)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  tickets = g_ptr_array_new_full (n, (GDestroyNotify) gw_ticket_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwClassCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->members), i);
      g_ptr_array_add (tickets, gw_ticket_ref (item->ticket));
    }
  return tickets;
}

GwClassCaseDialog *
gw_class_case_window_make_class_case (GwClassCaseWindow *self)
{
  GwClassCase *cc;
  GwClassCaseDialog *dialog;

  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), NULL);

  if ((cc = _gw_class_case_window_selected (self)) == NULL)
    return NULL;
  dialog = gw_class_case_dialog_new (GTK_WINDOW (self), self->store, self->clock, &self->actor, self->sync_client, cc);
  g_signal_connect_object (dialog, "made", G_CALLBACK (on_made), self, G_CONNECT_SWAPPED);
  return dialog;
}

const char *
gw_class_case_window_get_last_toast (GwClassCaseWindow *self)
{
  g_return_val_if_fail (GW_IS_CLASS_CASE_WINDOW (self), NULL);
  return self->last_toast;
}
