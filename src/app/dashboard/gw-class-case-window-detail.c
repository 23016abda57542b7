/* gw-class-case-window-detail.c: the class-case window's right side — the selected case's
 * facts, its reports week by week (GwChart), and its tickets, read in one read with where
 * they are and whether any of them already belongs to a class-case ticket (the "class_case"
 * audit entries of gw-class-case-open.c), so that a case is not made twice unawares. */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-class-case-window-private.h"
#include "gw-division.h"
#include "gw-format.h"
#include "gw-time.h"

#define DAY          G_GINT64_CONSTANT (86400)
#define WEEK         (7 * DAY)
/* The most weeks the chart shows. */
#define CHART_WEEKS  8

static void read_members (GwClassCaseWindow *self);

/* Words ------------------------------------------------------------------------------------ */

const char *
_gw_class_case_kind_label (GwClassCaseKind kind)
{
  switch (kind)
    {
    case GW_CLASS_CASE_GRID:      return C_("class case kind", "Grid");
    case GW_CLASS_CASE_NEARBY:    return C_("class case kind", "Nearby");
    case GW_CLASS_CASE_RETURNING: return C_("class case kind", "Returning");
    case GW_CLASS_CASE_HOTSPOT:   return C_("class case kind", "Hot spot");
    case GW_N_CLASS_CASE_KINDS:
    default:                      return "";
    }
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (t);
  return g_date_time_format (local, "%Y-%m-%d");
}

void
_gw_class_case_set_kind_label (GtkLabel        *label,
                               GwClassCaseKind  kind)
{
  for (guint i = 0; i < GW_N_CLASS_CASE_KINDS; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), gw_class_case_kind_to_string (i));
  gtk_widget_add_css_class (GTK_WIDGET (label), gw_class_case_kind_to_string (kind));
  gtk_label_set_label (label, _gw_class_case_kind_label (kind));
}

char *
_gw_class_case_format_span (const GwClassCase *cc)
{
  g_autofree char *first = format_day (cc->first_at), *last = format_day (cc->last_at);

  if (g_str_equal (first, last))
    return g_steal_pointer (&first);
  /* TRANSLATORS: the first and the last day of a class case's reports */
  return g_strdup_printf (_("%s – %s"), first, last);
}

const char *
_gw_class_case_window_department_name (GwClassCaseWindow *self,
                                       const char        *code)
{
  const char *name = code && self->departments ? g_hash_table_lookup (self->departments, code) : NULL;

  return name ? name : code;
}

/* The member tickets' columns ----------------------------------------------------------- */

enum { COLUMN_NUMBER, COLUMN_REPORTED, COLUMN_STATE, COLUMN_PLACE, N_COLUMNS };

static void
setup_member_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_NUMBER || column == COLUMN_REPORTED)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_member_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GwClassCaseItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  const GwTicket *t = item->ticket;
  g_autofree char *when = NULL;

  switch (GPOINTER_TO_UINT (user_data))
    {
    case COLUMN_NUMBER:
      gtk_label_set_label (label, t->number);
      break;
    case COLUMN_REPORTED:
      when = gw_format_date_time (t->reported_at);
      gtk_label_set_label (label, when);
      break;
    case COLUMN_STATE:
      gtk_label_set_label (label, gw_format_state_label (t->state));
      break;
    case COLUMN_PLACE:
    default:
      gtk_label_set_label (label, item->place);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), item->place);
      break;
    }
}

static void
add_member_columns (GwClassCaseWindow *self)
{
  const char *titles[N_COLUMNS] = { _("Number"), C_("class case", "Reported"), _("State"), _("Place") };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_member_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_member_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == COLUMN_PLACE);
      gtk_column_view_append_column (self->member_view, column);
    }
}

void
_gw_class_case_window_init_detail (GwClassCaseWindow *self)
{
  add_member_columns (self);
  self->chart = GW_CHART (gw_chart_new (GW_CHART_BARS));
  gtk_widget_set_size_request (GTK_WIDGET (self->chart), -1, 200);
  gtk_box_append (self->chart_box, GTK_WIDGET (self->chart));
}

/* The selected case ------------------------------------------------------------------------ */

GwClassCase *
_gw_class_case_window_selected (GwClassCaseWindow *self)
{
  GwClassCaseItem *item = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;

  return item ? item->cc : NULL;
}

void
_gw_class_case_window_update_actions (GwClassCaseWindow *self)
{
  gboolean selected = _gw_class_case_window_selected (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.show-on-map", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.make", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.open-ticket",
                                 selected && g_list_model_get_n_items (G_LIST_MODEL (self->members)) > 0);
}

/* Reports per week, the last CHART_WEEKS of them: a hot spot's own weeks (its street, its
 * subcategory, as core counted them up to the end of the window), else the case's tickets
 * by the week they were reported, up to the day of the last one (tickets: GwTicket). */
static void
show_chart (GwClassCaseWindow *self,
            const GwClassCase *cc,
            GPtrArray         *tickets)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  double values[CHART_WEEKS] = { 0, };
  gint64 end;
  guint n;

  if (cc->kind == GW_CLASS_CASE_HOTSPOT && cc->weekly != NULL && cc->weekly->len > 0)
    {
      end = self->query_to;
      n = MIN (cc->weekly->len, CHART_WEEKS);
      for (guint i = 0; i < n; i++)
        values[i] = g_array_index (cc->weekly, guint, cc->weekly->len - n + i);
    }
  else if (tickets != NULL)
    {
      end = gw_time_start_of_day (cc->last_at) + DAY;
      n = (guint) CLAMP ((end - gw_time_start_of_day (cc->first_at) + WEEK - 1) / WEEK, 1, CHART_WEEKS);
      for (guint k = 0; k < tickets->len; k++)
        {
          gint64 at = ((GwTicket *) g_ptr_array_index (tickets, k))->reported_at;
          gint64 weeks_back = (end - 1 - at) / WEEK;

          if (at < end && weeks_back < n)
            values[n - 1 - weeks_back] += 1;
        }
    }
  else
    {
      gw_chart_set_data (self->chart, NULL, 0, NULL, NULL);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) first = gw_time_to_date_time (end - (gint64) (n - i) * WEEK);

      /* TRANSLATORS: a week in the class case's chart, by its first day (g_date_time_format) */
      g_ptr_array_add (labels, g_date_time_format (first, _("from %m-%d")));
    }
  gw_chart_set_data (self->chart, (const char *const *) labels->pdata, n, values, NULL);
}

void
_gw_class_case_window_show_case (GwClassCaseWindow *self)
{
  GwClassCase *cc = _gw_class_case_window_selected (self);
  g_autofree char *place = NULL, *span = NULL, *tickets = NULL, *department = NULL;
  guint n;

  g_list_store_remove_all (self->members);
  self->members_read = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->case_note), FALSE);
  _gw_class_case_window_update_actions (self);
  if (cc == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  n = cc->ticket_ids->len;
  _gw_class_case_set_kind_label (self->case_kind, cc->kind);
  gtk_label_set_label (self->case_title, cc->title);

  if (cc->kind == GW_CLASS_CASE_HOTSPOT)
    place = g_strdup_printf ("%s (%s)", cc->division_name ? cc->division_name : "—", cc->division_code ? cc->division_code : "—");
  else
    /* TRANSLATORS: a class case's place: its grid, the grid's code, and how far its tickets
     * lie from the place at most */
    place = g_strdup_printf (_("%s (%s), within %.0f m"), cc->division_name ? cc->division_name : "—",
                             cc->division_code ? cc->division_code : "—", cc->radius_m);
  gtk_label_set_label (self->place_value, place);

  {
    g_autofree char *days = g_strdup_printf (ngettext ("%u day", "%u days",
                                                       (guint) ((cc->last_at - cc->first_at) / DAY + 1)),
                                             (guint) ((cc->last_at - cc->first_at) / DAY + 1));
    g_autofree char *range = _gw_class_case_format_span (cc);

    /* TRANSLATORS: the span of a class case's reports, and how many days it covers */
    span = g_strdup_printf (_("%s (%s)"), range, days);
    gtk_label_set_label (self->span_value, span);
  }

  {
    g_autofree char *all = g_strdup_printf (ngettext ("%u ticket", "%u tickets", n), n);
    g_autofree char *open = g_strdup_printf (ngettext ("%u open", "%u open", cc->n_open), cc->n_open);
    g_autofree char *reopened = g_strdup_printf (ngettext ("%u reopened", "%u reopened", cc->n_reopened), cc->n_reopened);

    if (cc->kind == GW_CLASS_CASE_HOTSPOT && cc->weekly != NULL)
      {
        /* TRANSLATORS: a hot spot: its reports in the recent weeks, and what the weeks before would give */
        g_autofree char *rise = g_strdup_printf (_("%u in the recent weeks where %.1f were expected"), cc->recent,
                                                 cc->expected);
        tickets = g_strdup_printf (_("%s · %s · %s · %s"), all, open, reopened, rise);
      }
    else
      /* TRANSLATORS: a class case's tickets: all, open, reopened */
      tickets = g_strdup_printf (_("%s · %s · %s"), all, open, reopened);
    gtk_label_set_label (self->tickets_value, tickets);
  }

  if (cc->department_code != NULL)
    department = g_strdup_printf ("%s (%s)", _gw_class_case_window_department_name (self, cc->department_code),
                                  cc->department_code);
  gtk_label_set_label (self->department_value, department ? department
                                                          : _("None known: choose one when making the class case"));

  {
    g_autofree char *heading = g_strdup_printf (ngettext ("%u ticket in this case", "%u tickets in this case", n), n);
    gtk_label_set_label (self->members_heading, heading);
  }
  gw_chart_set_title (self->chart, cc->kind == GW_CLASS_CASE_HOTSPOT ? _("Reports of the street per week")
                                                                    : _("The case’s reports per week"));
  show_chart (self, cc, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "case");
  read_members (self);
}

/* The members' read ------------------------------------------------------------------------ */

typedef struct {
  GArray    *ids;         /* in: the members */
  GPtrArray *tickets;     /* out: GwTicket, in that order */
  GPtrArray *places;      /* out: char *, per ticket */
  GPtrArray *made;        /* out: char *, the numbers of class-case tickets any of them is linked to */
  guint      linked;      /* out: how many of them are linked to one */
} Members;

static void
members_free (Members *m)
{
  g_clear_pointer (&m->ids, g_array_unref);
  g_clear_pointer (&m->tickets, g_ptr_array_unref);
  g_clear_pointer (&m->places, g_ptr_array_unref);
  g_clear_pointer (&m->made, g_ptr_array_unref);
  g_free (m);
}

/* Each ticket's place: its address, else its grid's name (or its street's). */
static char *
place_of (GwDb       *db,
          GwTicket   *t,
          GHashTable *names)
{
  const char *code = t->divisions[GW_LEVEL_GRID] ? t->divisions[GW_LEVEL_GRID] : t->divisions[GW_LEVEL_STREET];
  const char *name;

  if (t->address != NULL && *t->address != '\0')
    return g_strdup (t->address);
  if (code == NULL)
    return g_strdup ("—");
  if (!g_hash_table_contains (names, code))
    {
      g_autoptr(GwDivision) d = gw_db_get_division (db, code, NULL);
      g_hash_table_insert (names, g_strdup (code), d ? g_strdup (d->name) : NULL);
    }
  name = g_hash_table_lookup (names, code);
  return g_strdup (name ? name : code);
}

static gpointer
members_func (GwDb     *db,
              gpointer  data,
              GError  **error)
{
  Members *m = data;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  gboolean own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);

  m->tickets = gw_db_get_tickets (db, m->ids, error);
  if (m->tickets == NULL)
    goto out;
  m->places = g_ptr_array_new_full (m->tickets->len, g_free);
  m->made = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < m->tickets->len; i++)
    g_ptr_array_add (m->places, place_of (db, g_ptr_array_index (m->tickets, i), names));

  /* The class-case tickets a member is linked to (gw-class-case-open.c's audit entries). */
  if (sqlite3_prepare_v2 (gw_db_get_handle (db),
                          "SELECT json_extract (payload, '$.class_case') FROM audit WHERE ticket_id = ?"
                          " AND action = 'class_case' AND json_type (payload, '$.class_case') = 'integer'",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      for (guint i = 0; i < m->ids->len; i++)
        {
          gboolean linked = FALSE;

          sqlite3_bind_int64 (stmt, 1, g_array_index (m->ids, gint64, i));
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);

              linked = TRUE;
              if (g_hash_table_add (cases, g_memdup2 (&id, sizeof id)))
                g_array_append_val (case_ids, id);
            }
          sqlite3_reset (stmt);
          m->linked += linked;
        }
      sqlite3_finalize (stmt);
    }
  if (case_ids->len > 0)
    {
      g_autoptr(GPtrArray) linked = gw_db_get_tickets (db, case_ids, NULL);

      for (guint i = 0; linked && i < linked->len; i++)
        g_ptr_array_add (m->made, g_strdup (((GwTicket *) g_ptr_array_index (linked, i))->number));
    }

out:
  if (own)
    gw_db_exec (db, "COMMIT", NULL);
  return m->tickets ? m : NULL;
}

static void
on_members (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwClassCaseStep) step = user_data;
  GwClassCaseWindow *self = step->self;
  g_autoptr(GError) error = NULL;
  Members *m = gw_store_read_finish (GW_STORE (object), result, &error);
  GwClassCase *cc = _gw_class_case_window_selected (self);

  if (step->generation != self->member_generation || cc == NULL)
    return;
  if (m == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->case_note, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->case_note), TRUE);
        }
      return;
    }
  for (guint i = 0; i < m->tickets->len; i++)
    {
      g_autoptr(GwClassCaseItem) item = g_object_new (GW_TYPE_CLASS_CASE_ITEM, NULL);

      item->ticket = gw_ticket_ref (g_ptr_array_index (m->tickets, i));
      item->place = g_strdup (g_ptr_array_index (m->places, i));
      g_list_store_append (self->members, item);
    }
  if (m->made->len > 0)
    {
      g_autoptr(GString) numbers = g_string_new (NULL);
      g_autofree char *note = NULL;

      for (guint i = 0; i < m->made->len; i++)
        {
          if (i > 0)
            /* TRANSLATORS: between the numbers in a list of tickets */
            g_string_append (numbers, _(", "));
          g_string_append (numbers, g_ptr_array_index (m->made, i));
        }
      /* TRANSLATORS: a class case was made of some of the case's tickets already: its
       * number(s), and how many of the case's tickets it gathers */
      note = g_strdup_printf (ngettext ("Already a class case: %s (%u of these tickets)",
                                        "Already a class case: %s (%u of these tickets)", m->linked),
                              numbers->str, m->linked);
      gtk_label_set_label (self->case_note, note);
      gtk_widget_set_visible (GTK_WIDGET (self->case_note), TRUE);
    }
  self->members_read = TRUE;
  show_chart (self, cc, m->tickets);
  _gw_class_case_window_update_actions (self);
}

static void
read_members (GwClassCaseWindow *self)
{
  GwClassCase *cc = _gw_class_case_window_selected (self);
  Members *m;

  self->member_generation++;
  if (cc == NULL)
    return;
  m = g_new0 (Members, 1);
  m->ids = g_array_ref (cc->ticket_ids);
  /* The answer is the read's data, freed with it. */
  gw_store_read_async (self->store, members_func, m, (GDestroyNotify) members_free, NULL, self->cancellable,
                       on_members, _gw_class_case_step_new (self, self->member_generation));
}
