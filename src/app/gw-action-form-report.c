/* gw-action-form-report.c: the new-ticket form (a phone call, a visit).
 *
 * The category is searched in the dictionary (names in both languages, keywords, codes);
 * the place is a division found by its code or name (read once on the store's thread,
 * without boundaries) or a point typed as "lon, lat". The ticket is placed in its grid by
 * its point when it is stored, and handled at the officer's own level.
 */
#define G_LOG_DOMAIN "gw-action-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-action-form-private.h"
#include "gw-dictionary.h"

static const char *
level_name (GwLevel level)
{
  static const char *const names[] = {
    N_("District"), N_("Street"), N_("Community"), N_("Area"), N_("Grid"), N_("Micro-grid"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == GW_N_LEVELS);

  return level < GW_N_LEVELS ? _(names[level]) : "";
}

/* The level a new ticket is handled at: the officer's own. */
static GwLevel
report_level (const GwActor *actor)
{
  switch (actor->role)
    {
    case GW_ROLE_COMMUNITY_STAFF:
      return GW_LEVEL_COMMUNITY;
    case GW_ROLE_STREET_OFFICER:
      return GW_LEVEL_STREET;
    case GW_ROLE_DISTRICT_CENTER:
      return GW_LEVEL_DISTRICT;
    case GW_ROLE_COMMANDER:
      return MIN (actor->level, GW_LEVEL_GRID);
    case GW_ROLE_GRID_WORKER:
    case GW_ROLE_DEPARTMENT_HANDLER:
    case GW_N_ROLES:
    default:
      return GW_LEVEL_GRID;
    }
}

/* "105.7764, 30.1135" (a comma, a full-width comma or spaces between). */
static gboolean
parse_point (const char *text,
             double     *lon,
             double     *lat)
{
  g_autofree char *copy = g_strdup (text);
  g_auto(GStrv) parts = NULL;
  double values[2];
  guint n = 0;
  char *p;

  while ((p = strstr (copy, "，")) != NULL)
    memcpy (p, ",  ", strlen ("，"));
  parts = g_strsplit_set (copy, ", \t", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *end = NULL;

      if (*parts[i] == '\0')
        continue;
      if (n == 2)
        return FALSE;
      values[n] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0')
        return FALSE;
      n++;
    }
  if (n != 2 || values[0] < -180 || values[0] > 180 || values[1] < -90 || values[1] > 90)
    return FALSE;
  *lon = values[0];
  *lat = values[1];
  return TRUE;
}

static void
update_place_label (GwActionForm *self)
{
  GwPickItem *item = self->place_selection ? gtk_single_selection_get_selected_item (self->place_selection) : NULL;
  g_autofree char *label = NULL;

  if (self->have_point)
    /* TRANSLATORS: a point typed as longitude, latitude */
    label = g_strdup_printf (_("The point %.6f, %.6f; its grid is found when saved"), self->point_lon, self->point_lat);
  else if (item != NULL)
    label = g_strdup_printf ("%s · %s", gw_pick_item_get_title (item), gw_pick_item_get_subtitle (item));
  else if (self->place_query && *self->place_query)
    label = g_strdup (_("No place has that code or name"));
  gtk_label_set_label (self->place_label, label ? label : "");
}

static gboolean
match_place (gpointer item,
             gpointer user_data)
{
  char **query = user_data;

  /* Thousands of divisions: none is listed until something is typed. */
  return *query != NULL && **query != '\0' && gw_pick_item_matches (item, *query);
}

/* Places -------------------------------------------------------------------------------- */

typedef struct {
  char    *code;
  char    *name;
  GwLevel  level;
  double   lon;
  double   lat;
} Place;

static void
place_free (Place *p)
{
  g_free (p->code);
  g_free (p->name);
  g_free (p);
}

static gpointer
list_places_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  g_autoptr(GPtrArray) divisions = gw_db_list_divisions (db, -1, error);
  GPtrArray *places;

  if (divisions == NULL)
    return NULL;
  places = g_ptr_array_new_full (divisions->len, (GDestroyNotify) place_free);
  for (guint i = 0; i < divisions->len; i++)
    {
      GwDivision *d = g_ptr_array_index (divisions, i);
      Place *p;

      if (d->level == GW_LEVEL_DISTRICT)
        continue;
      p = g_new0 (Place, 1);
      p->code = g_strdup (d->code);
      p->name = g_strdup (d->name);
      p->level = d->level;
      p->lon = d->label_lon;
      p->lat = d->label_lat;
      g_ptr_array_add (places, p);
    }
  return places;
}

static void
on_places_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GwActionForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) places = gw_store_run_finish (GW_STORE (object), result, &error);
  g_autoptr(GPtrArray) items = NULL;

  if (places == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _gw_action_form_show_error (self, error->message);
      _gw_action_form_load_done (self);
      return;
    }
  items = g_ptr_array_new_full (places->len, g_object_unref);
  for (guint i = 0; i < places->len; i++)
    {
      Place *p = g_ptr_array_index (places, i);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", level_name (p->level), p->code);
      GwPickItem *item = gw_pick_item_new (p->code, p->name, subtitle);

      gw_pick_item_set_point (item, p->lon, p->lat);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->places, 0, 0, items->pdata, items->len);
  _gw_action_form_load_done (self);
}

/* Callbacks ----------------------------------------------------------------------------- */

void
_gw_action_form_on_category_search_changed (GwActionForm *self)
{
  if (self->category_filter == NULL)
    return;
  _gw_action_form_search (self, GTK_EDITABLE (self->category_search), &self->category_query,
                          self->category_filter, self->category_selection);
}

void
_gw_action_form_on_category_search_activate (GwActionForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->place_search));
}

void
_gw_action_form_on_place_search_changed (GwActionForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->place_search));

  if (self->place_filter == NULL)
    return;
  self->have_point = parse_point (text, &self->point_lon, &self->point_lat);
  _gw_action_form_search (self, GTK_EDITABLE (self->place_search), &self->place_query,
                          self->place_filter, self->place_selection);
  gtk_stack_set_visible_child_name (self->place_stack, !self->have_point && *text != '\0' ? "list" : "hint");
  update_place_label (self);
  _gw_action_form_field_changed (self);
}

void
_gw_action_form_on_place_search_activate (GwActionForm *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static void
on_place_selected (GwActionForm *self)
{
  update_place_label (self);
  _gw_action_form_field_changed (self);
}

/* Enter in a short row moves on; the last field, Ctrl+Enter and the button submit. */
void
_gw_action_form_on_entry_row_activated (GwActionForm *self,
                                        AdwEntryRow  *row)
{
  if (row == self->address_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->reporter_row));
  else if (row == self->reporter_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
  else if (row == self->phone_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  else
    gw_action_form_submit (self);
}

/* Submitting ---------------------------------------------------------------------------- */

static char *
row_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwActionForm) self = user_data;
  g_autoptr(GError) error = NULL;
  GwActionOutcome outcome;
  g_autoptr(GwTicket) ticket = gw_action_runner_report_finish (GW_ACTION_RUNNER (object), result, &outcome, &error);
  g_autofree char *message = NULL;

  if (ticket == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _gw_action_form_show_error (self, error->message);
      _gw_action_form_set_busy (self, FALSE);
      return;
    }
  if (outcome == GW_ACTION_OUTCOME_PENDING)
    message = g_strdup (_("New ticket saved on this seat, waiting for the server"));
  else
    message = g_strdup_printf (_("Ticket %s reported"), ticket->number);
  _gw_action_form_finish (self, outcome, message);
}

void
_gw_action_form_submit_report (GwActionForm *self)
{
  static const GwUrgency urgencies[] = { GW_URGENCY_NORMAL, GW_URGENCY_URGENT, GW_URGENCY_EMERGENCY };
  static const GwSource sources[] = { GW_SOURCE_HOTLINE, GW_SOURCE_CITIZEN };
  GwPickItem *category_item = gtk_single_selection_get_selected_item (self->category_selection);
  GwPickItem *place_item = gtk_single_selection_get_selected_item (self->place_selection);
  const GwCategory *category;
  g_autoptr(GwTicket) t = NULL;
  guint i;

  if (category_item == NULL ||
      (category = gw_dictionary_lookup (gw_dictionary_get_default (), gw_pick_item_get_code (category_item))) == NULL)
    {
      _gw_action_form_show_error (self, _("Choose a category."));
      gtk_widget_grab_focus (GTK_WIDGET (self->category_search));
      return;
    }
  if (!self->have_point && place_item == NULL)
    {
      _gw_action_form_show_error (self, _("Choose a place: a grid’s code or name, or lon, lat."));
      gtk_widget_grab_focus (GTK_WIDGET (self->place_search));
      return;
    }

  t = gw_ticket_new ();
  i = adw_combo_row_get_selected (self->source_row);
  t->source = i < G_N_ELEMENTS (sources) ? sources[i] : GW_SOURCE_HOTLINE;
  i = adw_combo_row_get_selected (self->urgency_row);
  t->urgency = i < G_N_ELEMENTS (urgencies) ? urgencies[i] : GW_URGENCY_NORMAL;
  t->category_code = g_strdup (category->code);
  t->board = g_strdup (category->board);
  t->level = report_level (gw_action_runner_get_actor (self->runner));
  if (self->have_point)
    {
      t->lon = self->point_lon;
      t->lat = self->point_lat;
    }
  else
    gw_pick_item_get_point (place_item, &t->lon, &t->lat);
  t->description = _gw_action_form_get_text (self);
  if (*t->description == '\0')
    {
      g_free (t->description);
      t->description = g_strdup (category->name_zh);
    }
  t->address = row_text (self->address_row);
  t->reporter = row_text (self->reporter_row);
  t->reporter_phone = row_text (self->phone_row);

  _gw_action_form_set_busy (self, TRUE);
  gw_action_runner_report_async (self->runner, t, self->cancellable, on_reported, g_object_ref (self));
}

/* Setting up ---------------------------------------------------------------------------- */

static void
setup_categories (GwActionForm *self)
{
  GwDictionary *dictionary = gw_dictionary_get_default ();
  g_autoptr(GPtrArray) subcategories = gw_dictionary_get_subcategories (dictionary, NULL);
  GListModel *model;

  self->categories = g_list_store_new (GW_TYPE_PICK_ITEM);
  for (guint i = 0; i < subcategories->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (subcategories, i);
      g_autoptr(GwPickItem) item = gw_pick_item_new (c->code, gw_category_get_display_name (c), c->code);

      gw_pick_item_add_keywords (item, c->name_zh);
      gw_pick_item_add_keywords (item, c->name_en);
      if (c->parent)
        {
          gw_pick_item_add_keywords (item, c->parent->name_zh);
          gw_pick_item_add_keywords (item, c->parent->name_en);
        }
      for (guint k = 0; c->keywords[k]; k++)
        gw_pick_item_add_keywords (item, c->keywords[k]);
      g_list_store_append (self->categories, item);
    }
  model = _gw_action_form_make_picker (self, self->category_list, self->categories, &self->category_query,
                                       &self->category_filter, FALSE);
  self->category_selection = gtk_single_selection_new (model);
  gtk_single_selection_set_autoselect (self->category_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->category_selection, TRUE);
  gtk_single_selection_set_selected (self->category_selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->category_list, GTK_SELECTION_MODEL (self->category_selection));
  g_signal_connect_object (self->category_selection, "notify::selected-item",
                           G_CALLBACK (_gw_action_form_field_changed), self, G_CONNECT_SWAPPED);
  _gw_action_form_connect_list_keys (self->category_search, self->category_list);
}

static void
setup_places (GwActionForm *self)
{
  GListModel *model;

  self->places = g_list_store_new (GW_TYPE_PICK_ITEM);
  model = _gw_action_form_make_picker (self, self->place_list, self->places, &self->place_query,
                                       &self->place_filter, FALSE);
  gtk_custom_filter_set_filter_func (self->place_filter, match_place, &self->place_query, NULL);
  self->place_selection = gtk_single_selection_new (model);
  gtk_single_selection_set_autoselect (self->place_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->place_selection, TRUE);
  gtk_single_selection_set_selected (self->place_selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->place_list, GTK_SELECTION_MODEL (self->place_selection));
  g_signal_connect_object (self->place_selection, "notify::selected-item", G_CALLBACK (on_place_selected), self,
                           G_CONNECT_SWAPPED);
  _gw_action_form_connect_list_keys (self->place_search, self->place_list);

  _gw_action_form_load_started (self);
  gw_store_run_async (gw_action_runner_get_store (self->runner), list_places_func, NULL, NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_places_listed,
                      g_object_ref (self));
}

void
_gw_action_form_setup_report (GwActionForm *self)
{
  const char *title = _("New Ticket");

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  gtk_button_set_label (GTK_BUTTON (self->submit_button), _("Report"));
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
  /* Side by side: where the case is on the left, the call's details on the right. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->columns), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_homogeneous (GTK_BOX (self->columns), TRUE);
  adw_clamp_set_maximum_size (self->clamp, 1040);
  adw_clamp_set_tightening_threshold (self->clamp, 1040);
  adw_clamp_set_maximum_size (self->error_clamp, 1040);
  adw_clamp_set_tightening_threshold (self->error_clamp, 1040);
  gtk_window_set_default_size (GTK_WINDOW (self), 960, -1);
  gtk_widget_set_visible (self->category_box, TRUE);
  gtk_widget_set_visible (self->place_box, TRUE);
  gtk_widget_set_visible (self->details_group, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->urgency_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->source_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->reporter_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), TRUE);
  gtk_label_set_label (self->text_heading, _("Description"));
  gtk_widget_set_visible (self->text_box, TRUE);

  setup_categories (self);
  setup_places (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->category_search));
}

void
_gw_action_form_clear_report (GwActionForm *self)
{
  g_clear_object (&self->category_selection);
  g_clear_object (&self->category_filter);
  g_clear_object (&self->categories);
  g_clear_object (&self->place_selection);
  g_clear_object (&self->place_filter);
  g_clear_object (&self->places);
}

gboolean
gw_action_form_select_category (GwActionForm *self,
                                const char   *code)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->category_selection == NULL)
    return FALSE;
  return _gw_action_form_select_code (self->category_selection, self->category_search, code);
}

gboolean
gw_action_form_select_place (GwActionForm *self,
                             const char   *code)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->place_selection == NULL)
    return FALSE;
  /* Typed, as the officer would: the list shows that place and its children. */
  gtk_editable_set_text (GTK_EDITABLE (self->place_search), code);
  g_signal_emit_by_name (self->place_search, "search-changed");
  return _gw_action_form_select_code (self->place_selection, self->place_search, code);
}
