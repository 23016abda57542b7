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
#include "gw-geo.h"

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


static void
update_place_label (GwActionForm *self)
{
  GwPickItem *item = self->place_selection ? gtk_single_selection_get_selected_item (self->place_selection) : NULL;
  g_autofree char *label = NULL;

  if (self->have_point && self->point_place && *self->point_place)
    /* TRANSLATORS: a point (longitude, latitude) and the divisions it lies in */
    label = g_strdup_printf (_("The point %.6f, %.6f, in %s"), self->point_lon, self->point_lat, self->point_place);
  else if (self->have_point && self->point_place)
    label = g_strdup_printf (_("The point %.6f, %.6f is in none of the county’s grids"), self->point_lon, self->point_lat);
  else if (self->have_point)
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

/* The place's map ------------------------------------------------------------------------ */

#define MAP_NEIGHBOUR_MARGIN_M 300.0

typedef struct {
  guint       generation;
  char       *code;       /* the division to show, or NULL: the point's own grid */
  gboolean    has_point;
  double      lon, lat;
  /* answers */
  GwDivision *area;
  GPtrArray  *around;
  GwDivision *located;    /* the finest division holding the point */
  char       *place;      /* its chain of names, "" when the point is in none */
} MapRead;

/* Held by the read (its data) and by its answer (an atomic reference-counted box). */
static void
map_read_clear (MapRead *m)
{
  g_free (m->code);
  g_clear_pointer (&m->area, gw_division_unref);
  g_clear_pointer (&m->around, g_ptr_array_unref);
  g_clear_pointer (&m->located, gw_division_unref);
  g_free (m->place);
}

static void
map_read_release (MapRead *m)
{
  g_atomic_rc_box_release_full (m, (GDestroyNotify) map_read_clear);
}

static gpointer
map_read_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  MapRead *m = data;
  const char *code = m->code;

  if (m->has_point)
    {
      char *chain[GW_N_LEVELS] = { NULL };
      g_autoptr(GString) place = g_string_new (NULL);

      if (!gw_db_locate (db, m->lon, m->lat, chain, error))
        {
          if (error && *error)
            return NULL;
        }
      for (int level = GW_LEVEL_STREET; level < GW_N_LEVELS; level++)
        if (chain[level] != NULL)
          {
            g_autoptr(GwDivision) d = gw_db_get_division (db, chain[level], NULL);

            if (d == NULL)
              continue;
            if (place->len > 0)
              g_string_append (place, " › ");
            g_string_append (place, d->name);
            if (level <= GW_LEVEL_GRID && d->polygon != NULL)
              {
                g_clear_pointer (&m->located, gw_division_unref);
                m->located = g_steal_pointer (&d);
              }
          }
      for (int level = 0; level < GW_N_LEVELS; level++)
        g_free (chain[level]);
      m->place = g_string_free (g_steal_pointer (&place), FALSE);
      if (code == NULL && m->located != NULL)
        code = m->located->code;
    }
  if (code != NULL)
    {
      m->area = gw_db_get_division (db, code, error);
      if (m->area == NULL)
        return NULL;
      m->around = gw_db_list_neighbour_divisions (db, code, MAP_NEIGHBOUR_MARGIN_M, error);
      if (m->around == NULL)
        return NULL;
    }
  return g_atomic_rc_box_acquire (m);
}

static void
on_map_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwActionForm) self = user_data;
  g_autoptr(GError) error = NULL;
  MapRead *m = gw_store_read_finish (GW_STORE (object), result, &error);

  if (m == NULL)
    {
      /* The map is a help: without it the place is still typed or picked. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The place's map could not be read: %s", error->message);
      return;
    }
  if (self->place_map == NULL || m->generation != self->map_generation)
    {
      map_read_release (m);
      return;
    }
  if (m->area != NULL)
    {
      g_free (self->map_area_code);
      self->map_area_code = g_strdup (m->area->code);
      gw_place_map_set_area (self->place_map, m->area, m->around,
                             m->located != NULL && g_strcmp0 (m->located->code, m->area->code) != 0 ? m->located : NULL);
    }
  if (m->has_point)
    {
      g_free (self->point_place);
      self->point_place = g_strdup (m->place ? m->place : "");
      update_place_label (self);
    }
  map_read_release (m);
}

/* Shows `code` (or, with none, the point's grid), and locates the point when there is one. */
static void
read_map (GwActionForm *self,
          const char   *code)
{
  MapRead *m = g_atomic_rc_box_new0 (MapRead);

  m->generation = ++self->map_generation;
  m->code = g_strdup (code);
  m->has_point = self->have_point;
  m->lon = self->point_lon;
  m->lat = self->point_lat;
  gw_store_read_async (gw_action_runner_get_store (self->runner), map_read_func, m,
                       (GDestroyNotify) map_read_release, (GDestroyNotify) map_read_release,
                       self->cancellable, on_map_read, g_object_ref (self));
}

/* The officer clicked the map: the point is where the caller is. */
static void
on_point_picked (GwActionForm *self,
                 double        lon,
                 double        lat)
{
  g_autofree char *text = g_strdup_printf ("%.6f, %.6f", lon, lat);

  /* Written into the place box, as if typed: one place holds what the form submits. The
   * map keeps the place it shows, so nothing moves under the pointer. */
  self->picking = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->place_search), text);
  g_signal_emit_by_name (self->place_search, "search-changed");
  self->picking = FALSE;
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
  self->have_point = gw_geo_parse_point (text, &self->point_lon, &self->point_lat);
  g_clear_pointer (&self->point_place, g_free);
  _gw_action_form_search (self, GTK_EDITABLE (self->place_search), &self->place_query,
                          self->place_filter, self->place_selection);
  if (self->have_point)
    {
      /* A click keeps the place the map shows; a typed point shows its own grid. */
      gw_place_map_set_point (self->place_map, self->point_lon, self->point_lat);
      read_map (self, self->picking ? self->map_area_code : NULL);
    }
  else
    gw_place_map_clear_point (self->place_map);
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
  GwPickItem *item = gtk_single_selection_get_selected_item (self->place_selection);

  if (item != NULL && !self->have_point)
    read_map (self, gw_pick_item_get_code (item));
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

  self->place_map = GW_PLACE_MAP (gw_place_map_new ());
  gw_place_map_set_pickable (self->place_map, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->place_map), -1, 200);
  gtk_widget_add_css_class (GTK_WIDGET (self->place_map), "form-map");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->place_map), _("Click where the caller is"));
  gw_place_map_set_hint (self->place_map, _("Find a place above, then click its map where the caller is"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map of the place: click where the caller is"), -1);
  g_signal_connect_object (self->place_map, "point-picked", G_CALLBACK (on_point_picked), self, G_CONNECT_SWAPPED);
  /* Above the label, whose lines change with the place: the map must not move. */
  gtk_box_insert_child_after (GTK_BOX (self->place_box), GTK_WIDGET (self->place_map),
                              gtk_widget_get_parent (GTK_WIDGET (self->place_stack)));

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
  g_clear_pointer (&self->map_area_code, g_free);
  g_clear_pointer (&self->point_place, g_free);
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

GwPlaceMap *
gw_action_form_get_place_map (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), NULL);
  return self->place_map;
}
