/* gw-drill-picker.c: "Start a Drill…" — the trainer picks one of the shipped scenarios. */
#define G_LOG_DOMAIN "gw-drill-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-drill-launcher.h"
#include "gw-drill-picker.h"
#include "gw-format.h"

typedef struct {
  char *path;
  char *title;
  char *summary;
  char *profile;
  gint64 duration;
  guint n_injections;
  char *problem;      /* the file could not be read: why */
} Item;

struct _GwDrillPicker
{
  AdwWindow       parent_instance;

  GtkApplication *application;
  char           *county_path;
  GCancellable   *cancellable;
  GPtrArray      *items;          /* Item */
  GtkListBox     *list;
  GtkWidget      *status;
  GtkCheckButton *demo_check;
  GtkCheckButton *county_check;
};

G_DEFINE_FINAL_TYPE (GwDrillPicker, gw_drill_picker, ADW_TYPE_WINDOW)

static void
item_free (Item *item)
{
  g_free (item->path);
  g_free (item->title);
  g_free (item->summary);
  g_free (item->profile);
  g_free (item->problem);
  g_free (item);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_auto(GStrv) paths = gw_scenario_list_shipped ();
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwScenario) scenario = gw_scenario_new_from_file (paths[i], NULL, &error);
      Item *item = g_new0 (Item, 1);

      item->path = g_strdup (paths[i]);
      if (scenario == NULL)
        {
          item->title = g_path_get_basename (paths[i]);
          item->problem = g_strdup (error->message);
        }
      else
        {
          item->title = g_strdup (gw_scenario_text_get (&scenario->title));
          item->summary = g_strdup (gw_scenario_text_get (&scenario->summary));
          item->profile = g_strdup (scenario->profile);
          item->duration = scenario->duration;
          item->n_injections = scenario->injections->len;
        }
      g_ptr_array_add (items, item);
    }
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_row_activated (GwDrillPicker *self,
                  GtkListBoxRow *row)
{
  gw_drill_picker_start (self, (guint) gtk_list_box_row_get_index (row));
}

static GtkWidget *
item_row (const Item *item)
{
  GtkWidget *row = adw_action_row_new ();
  GString *subtitle = g_string_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title);
  if (item->problem != NULL)
    {
      g_string_append (subtitle, item->problem);
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    {
      g_autofree char *length = gw_format_time_left (item->duration);

      if (item->summary != NULL && *item->summary != '\0')
        g_string_append_printf (subtitle, "%s\n", item->summary);
      /* TRANSLATORS: a scenario's length on the drill clock, its number of injections and
       * its demo county, e.g. "2 h · 14 injections · demo county “small”" */
      g_string_append_printf (subtitle, ngettext ("%s · %u injection · demo county “%s”",
                                                  "%s · %u injections · demo county “%s”",
                                                  item->n_injections),
                              length, item->n_injections, item->profile != NULL ? item->profile : "small");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  g_string_free (subtitle, TRUE);
  return row;
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwDrillPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_task_propagate_pointer (G_TASK (result), &error);

  if (items == NULL)
    return;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list, item_row (g_ptr_array_index (items, i)));
  gtk_widget_set_visible (self->status, items->len == 0);
  if (items->len == 0)
    {
      g_autofree char *folder = gw_format_path (gw_scenario_get_shipped_folder ());
      /* TRANSLATORS: %s is a folder */
      g_autofree char *text = g_strdup_printf (_("No scenarios in %s."), folder);

      gtk_label_set_label (GTK_LABEL (self->status), text);
    }
}

static void
on_launched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GwMainWindow *window = gw_drill_launch_finish (result, &error);

  /* A failure stays in the launch's own window, in words. */
  if (window == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The drill did not start: %s", error->message);
}

gboolean
gw_drill_picker_start (GwDrillPicker *self,
                       guint          n)
{
  const Item *item;
  gboolean on_county;

  g_return_val_if_fail (GW_IS_DRILL_PICKER (self), FALSE);

  if (self->items == NULL || n >= self->items->len)
    return FALSE;
  item = g_ptr_array_index (self->items, n);
  if (item->problem != NULL)
    return FALSE;
  on_county = self->county_path != NULL && gtk_check_button_get_active (self->county_check);
  gw_drill_launch_async (self->application, item->path, on_county ? self->county_path : NULL, NULL, NULL,
                         on_launched, NULL);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

guint
gw_drill_picker_get_n_items (GwDrillPicker *self)
{
  g_return_val_if_fail (GW_IS_DRILL_PICKER (self), 0);
  return self->items != NULL ? self->items->len : 0;
}

static void
build (GwDrillPicker *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *scenarios = adw_preferences_group_new ();
  GtkWidget *county = adw_preferences_group_new ();
  GtkWidget *demo_row = adw_action_row_new ();
  GtkWidget *county_row = adw_action_row_new ();

  gtk_box_append (GTK_BOX (outer), adw_header_bar_new ());
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (county), _("Play On"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (county),
                                         _("A drill works on a copy of its own: the county itself is never changed."));
  self->demo_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  self->county_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_group (self->county_check, self->demo_check);
  gtk_check_button_set_active (self->demo_check, TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (demo_row), _("The scenario’s demo county"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (demo_row), GTK_WIDGET (self->demo_check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (demo_row), GTK_WIDGET (self->demo_check));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (county_row), _("A copy of this county"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (county_row), GTK_WIDGET (self->county_check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (county_row), GTK_WIDGET (self->county_check));
  if (self->county_path != NULL)
    {
      g_autofree char *display = gw_format_path (self->county_path);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (county_row), display);
    }
  gtk_widget_set_visible (county_row, self->county_path != NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (county), demo_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (county), county_row);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (scenarios), _("Scenarios"));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (scenarios), GTK_WIDGET (self->list));
  self->status = gtk_label_new (_("Reading the scenarios…"));
  gtk_widget_add_css_class (self->status, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (scenarios), self->status);

  gtk_box_append (GTK_BOX (box), county);
  gtk_box_append (GTK_BOX (box), scenarios);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (outer), scrolled);
  adw_window_set_content (ADW_WINDOW (self), outer);
}

static void
gw_drill_picker_dispose (GObject *object)
{
  GwDrillPicker *self = GW_DRILL_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->application);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_drill_picker_parent_class)->dispose (object);
}

static void
gw_drill_picker_finalize (GObject *object)
{
  GwDrillPicker *self = GW_DRILL_PICKER (object);

  g_clear_object (&self->cancellable);
  g_free (self->county_path);

  G_OBJECT_CLASS (gw_drill_picker_parent_class)->finalize (object);
}

static void
gw_drill_picker_class_init (GwDrillPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_drill_picker_dispose;
  object_class->finalize = gw_drill_picker_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_drill_picker_init (GwDrillPicker *self)
{
  self->cancellable = g_cancellable_new ();
}

GwDrillPicker *
gw_drill_picker_new (GtkApplication *application,
                     GtkWindow      *parent,
                     const char     *county_path)
{
  GwDrillPicker *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (GW_TYPE_DRILL_PICKER,
                       "transient-for", parent,
                       "title", _("Start a Drill"),
                       "default-width", 560,
                       "default-height", 640,
                       NULL);
  self->application = application != NULL ? g_object_ref (application) : NULL;
  self->county_path = g_strdup (county_path);
  build (self);
  task = g_task_new (NULL, self->cancellable, on_listed, g_object_ref (self));
  g_task_run_in_thread (task, list_thread);
  return self;
}
