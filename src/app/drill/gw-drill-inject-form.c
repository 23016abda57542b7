/* gw-drill-inject-form.c: the drill controller's "Inject…" form. */
#define G_LOG_DOMAIN "gw-drill-inject-form"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-dictionary.h"
#include "gw-drill-inject-form.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"

static const GwUrgency urgencies[] = { GW_URGENCY_NORMAL, GW_URGENCY_URGENT, GW_URGENCY_EMERGENCY };

struct _GwDrillInjectForm
{
  AdwWindow          parent_instance;

  GtkWidget         *report_button;
  GtkWidget         *note_button;
  GtkWidget         *report_group;
  GtkWidget         *note_group;
  AdwComboRow       *category_row;
  AdwEntryRow       *place_row;
  AdwEntryRow       *description_row;
  AdwComboRow       *urgency_row;
  AdwEntryRow       *note_row;
  GtkLabel          *error_label;

  GPtrArray         *categories;     /* const GwCategory *, as listed */
  GwScenario        *scenario;
  GwDrillInjectKind  kind;
  char              *error;
  guint              serial;
};

G_DEFINE_FINAL_TYPE (GwDrillInjectForm, gw_drill_inject_form, ADW_TYPE_WINDOW)

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_kind (GwDrillInjectForm *self)
{
  gtk_widget_set_visible (self->report_group, self->kind == GW_DRILL_INJECT_REPORT);
  gtk_widget_set_visible (self->note_group, self->kind == GW_DRILL_INJECT_NOTE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->report_button), self->kind == GW_DRILL_INJECT_REPORT);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->note_button), self->kind == GW_DRILL_INJECT_NOTE);
}

static void
on_kind_toggled (GwDrillInjectForm *self,
                 GtkToggleButton   *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->kind = GTK_WIDGET (button) == self->note_button ? GW_DRILL_INJECT_NOTE : GW_DRILL_INJECT_REPORT;
  show_kind (self);
}

static void
set_error (GwDrillInjectForm *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A text the trainer typed: one string, the text for every language. */
static JsonNode *
text_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

/* "105.7, 30.2" (a comma, a Chinese comma, a semicolon or spaces between) is a point;
 * anything else names a grid. */
static gboolean
parse_point (const char *place,
             double     *lon,
             double     *lat)
{
  g_auto(GStrv) wide = g_strsplit (place, "，", -1);
  g_autofree char *text = g_strjoinv (" ", wide);
  g_auto(GStrv) parts = NULL;
  const char *numbers[2] = { NULL, NULL };
  guint n = 0;
  char *end = NULL;

  g_strdelimit (text, ",;\t", ' ');
  parts = g_strsplit (text, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        if (n == 2)
          return FALSE;
        numbers[n++] = parts[i];
      }
  if (n != 2)
    return FALSE;
  *lon = g_ascii_strtod (numbers[0], &end);
  if (end == numbers[0] || *end != '\0')
    return FALSE;
  *lat = g_ascii_strtod (numbers[1], &end);
  return end != numbers[1] && *end == '\0';
}

JsonNode *
gw_drill_inject_form_to_json (GwDrillInjectForm *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;

  g_return_val_if_fail (GW_IS_DRILL_INJECT_FORM (self), NULL);

  id = g_strdup_printf ("adhoc-%" G_GINT64_FORMAT "-%u", g_get_real_time () / G_USEC_PER_SEC, ++self->serial);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "kind");
  if (self->kind == GW_DRILL_INJECT_NOTE)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_row));

      json_builder_add_string_value (builder, gw_injection_kind_to_string (GW_INJECTION_NOTE));
      if (*text != '\0')
        {
          json_builder_set_member_name (builder, "text");
          json_builder_add_value (builder, text_node (text));
        }
    }
  else
    {
      guint category = adw_combo_row_get_selected (self->category_row);
      guint urgency = adw_combo_row_get_selected (self->urgency_row);
      g_autofree char *place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place_row))));
      const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
      double lon, lat;

      json_builder_add_string_value (builder, gw_injection_kind_to_string (GW_INJECTION_REPORT));
      if (category < self->categories->len)
        {
          const GwCategory *c = g_ptr_array_index (self->categories, category);

          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, c->code);
        }
      if (parse_point (place, &lon, &lat))
        {
          json_builder_set_member_name (builder, "lon");
          json_builder_add_double_value (builder, lon);
          json_builder_set_member_name (builder, "lat");
          json_builder_add_double_value (builder, lat);
        }
      else if (*place != '\0')
        {
          json_builder_set_member_name (builder, "grid");
          json_builder_add_string_value (builder, place);
        }
      if (*description != '\0')
        {
          json_builder_set_member_name (builder, "description");
          json_builder_add_value (builder, text_node (description));
        }
      if (urgency < G_N_ELEMENTS (urgencies))
        {
          json_builder_set_member_name (builder, "urgency");
          json_builder_add_string_value (builder, gw_urgency_to_string (urgencies[urgency]));
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
gw_drill_inject_form_submit (GwDrillInjectForm *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GwInjection) injection = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GW_IS_DRILL_INJECT_FORM (self), FALSE);

  node = gw_drill_inject_form_to_json (self);
  injection = gw_injection_new_from_json (node, self->scenario, &error);
  if (injection == NULL)
    {
      set_error (self, error->message);
      return FALSE;
    }
  set_error (self, NULL);
  g_signal_emit (self, signals[SUBMIT], 0, injection);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gw_drill_inject_form_submit (GW_DRILL_INJECT_FORM (widget));
}

static void
on_entry_activate (GwDrillInjectForm *self)
{
  gw_drill_inject_form_submit (self);
}

static GtkWidget *
build_kind_switch (GwDrillInjectForm *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  self->report_button = gtk_toggle_button_new_with_mnemonic (_("_Report"));
  self->note_button = gtk_toggle_button_new_with_mnemonic (_("N_ote"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->note_button), GTK_TOGGLE_BUTTON (self->report_button));
  g_signal_connect_swapped (self->report_button, "toggled", G_CALLBACK (on_kind_toggled), self);
  g_signal_connect_swapped (self->note_button, "toggled", G_CALLBACK (on_kind_toggled), self);
  gtk_box_append (GTK_BOX (box), self->report_button);
  gtk_box_append (GTK_BOX (box), self->note_button);
  return box;
}

static AdwEntryRow *
entry_row (const char        *title,
           GwDrillInjectForm *self)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), FALSE);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_entry_activate), self);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
build_report_group (GwDrillInjectForm *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) urgency_names = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->categories->len; i++)
    {
      const GwCategory *c = g_ptr_array_index (self->categories, i);
      g_autofree char *name = g_strdup_printf ("%s %s", c->code, gw_category_get_display_name (c));

      gtk_string_list_append (categories, name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (urgencies); i++)
    gtk_string_list_append (urgency_names, gw_format_urgency_label (urgencies[i]));

  self->category_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->category_row), _("Category"));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  self->place_row = entry_row (_("_Grid code, or longitude, latitude"), self);
  self->description_row = entry_row (_("_Description"), self);
  self->urgency_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->urgency_row), _("Urgency"));
  adw_combo_row_set_model (self->urgency_row, G_LIST_MODEL (urgency_names));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->category_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->place_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->description_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->urgency_row));
  return group;
}

static void
build (GwDrillInjectForm *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *inject = gtk_button_new_with_mnemonic (_("_Inject"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (inject), "inject.submit");
  gtk_widget_add_css_class (inject, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), inject);
  gtk_window_set_default_widget (GTK_WINDOW (self), inject);
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_top (body, 18);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_box_append (GTK_BOX (body), build_kind_switch (self));
  self->report_group = build_report_group (self);
  gtk_box_append (GTK_BOX (body), self->report_group);
  self->note_group = adw_preferences_group_new ();
  self->note_row = entry_row (_("_Message to every seat"), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->note_group), GTK_WIDGET (self->note_row));
  gtk_box_append (GTK_BOX (body), self->note_group);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (toolbar), body);

  adw_window_set_content (ADW_WINDOW (self), toolbar);
  show_kind (self);
}

static void
gw_drill_inject_form_dispose (GObject *object)
{
  GwDrillInjectForm *self = GW_DRILL_INJECT_FORM (object);

  g_clear_pointer (&self->scenario, gw_scenario_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_drill_inject_form_parent_class)->dispose (object);
}

static void
gw_drill_inject_form_finalize (GObject *object)
{
  g_free (GW_DRILL_INJECT_FORM (object)->error);

  G_OBJECT_CLASS (gw_drill_inject_form_parent_class)->finalize (object);
}

static void
gw_drill_inject_form_class_init (GwDrillInjectFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_drill_inject_form_dispose;
  object_class->finalize = gw_drill_inject_form_finalize;

  /* The injection, valid during the emission only. */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_install_action (widget_class, "inject.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "inject.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "inject.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_drill_inject_form_init (GwDrillInjectForm *self)
{
  self->categories = gw_dictionary_get_subcategories (gw_dictionary_get_default (), NULL);
}

GwDrillInjectForm *
gw_drill_inject_form_new (GtkWindow  *parent,
                          GwStore    *store,
                          GwScenario *scenario)
{
  GwDrillInjectForm *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_DRILL_INJECT_FORM,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "title", _("Ad-Hoc Injection"),
                       "default-width", 520,
                       NULL);
  self->scenario = scenario != NULL ? gw_scenario_ref (scenario) : NULL;
  build (self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  return self;
}

void
gw_drill_inject_form_set_kind (GwDrillInjectForm *self,
                               GwDrillInjectKind  kind)
{
  g_return_if_fail (GW_IS_DRILL_INJECT_FORM (self));
  self->kind = kind;
  show_kind (self);
}

void
gw_drill_inject_form_fill_report (GwDrillInjectForm *self,
                                  const char        *category_code,
                                  const char        *place,
                                  const char        *description,
                                  GwUrgency          urgency)
{
  g_return_if_fail (GW_IS_DRILL_INJECT_FORM (self));

  gw_drill_inject_form_set_kind (self, GW_DRILL_INJECT_REPORT);
  if (category_code != NULL)
    for (guint i = 0; i < self->categories->len; i++)
      if (g_str_equal (((const GwCategory *) g_ptr_array_index (self->categories, i))->code, category_code))
        adw_combo_row_set_selected (self->category_row, i);
  if (place != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->place_row), place);
  if (description != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row), description);
  for (guint i = 0; i < G_N_ELEMENTS (urgencies); i++)
    if (urgencies[i] == urgency)
      adw_combo_row_set_selected (self->urgency_row, i);
}

void
gw_drill_inject_form_fill_note (GwDrillInjectForm *self,
                                const char        *text)
{
  g_return_if_fail (GW_IS_DRILL_INJECT_FORM (self));

  gw_drill_inject_form_set_kind (self, GW_DRILL_INJECT_NOTE);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), text != NULL ? text : "");
}

const char *
gw_drill_inject_form_get_error (GwDrillInjectForm *self)
{
  g_return_val_if_fail (GW_IS_DRILL_INJECT_FORM (self), NULL);
  return self->error;
}
