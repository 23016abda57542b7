/* gw-map-window-bases.c: the map window's base maps and the datum they set.
 *
 * With no base map switched on, the county's own boundaries are the base. Base maps —
 * MBTiles packages and online tile servers — stack in the panel's order, bottom first, with
 * the boundaries as lines over them; each can be switched off or removed, and the list is
 * remembered (GSettings "map-base-files", "map-online-bases"; tile servers under the
 * packages after a restart). The top base switched on sets the map's datum: on a GCJ-02
 * server every overlay of ours (boundaries, pins, cameras, workers, heat, the selected grid,
 * the pulses) is shifted onto it, and the pointer's coordinates are read back to WGS84.
 * Their attributions show on the map.
 */
#define G_LOG_DOMAIN "gw-map-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-map-window-private.h"
#include "gw-mbtiles-source.h"
#include "gw-xyz-source.h"

typedef struct {
  char             *key;        /* a package's path, or a server's URL template */
  gboolean          online;
  ShumateMapSource *source;     /* GwMbtilesSource or GwXyzSource */
  ShumateMapLayer  *layer;
  GtkWidget        *row;
  GtkWidget        *toggle;
  /* A server's settings, to remember it by. */
  char             *attribution;
  guint             max_zoom;
} Base;

static void
base_free (Base *b)
{
  g_free (b->key);
  g_clear_object (&b->source);
  g_free (b->attribution);
  g_free (b);
}

static GwDatum
base_datum (Base *b)
{
  return b->online ? gw_xyz_source_get_datum (GW_XYZ_SOURCE (b->source)) : GW_DATUM_WGS84;
}

/* The datum ------------------------------------------------------------------------- */

/* The boundaries as lines over imagery, in the map's datum. */
static void
replace_lines (GwMapWindow *self)
{
  ShumateMapLayer *old = self->lines_layer;

  g_clear_object (&self->lines);
  self->lines = gw_division_source_new_lines (self->store, self->datum);
  self->lines_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->lines), self->viewport);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_layer), FALSE);
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->lines_layer), SHUMATE_LAYER (self->base_layer));
  if (old != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (old));
}

/* Every overlay moves to the new datum; the view keeps showing the same place. */
static void
set_datum (GwMapWindow *self,
           GwDatum      datum)
{
  ShumateLocation *centre = SHUMATE_LOCATION (self->viewport);
  double lon, lat;
  GwDatum old = self->datum;

  if (datum == old)
    return;
  g_debug ("The map is now drawn in %s", gw_datum_to_string (datum));
  self->datum = datum;
  gw_geo_convert (old, GW_DATUM_WGS84, shumate_location_get_longitude (centre), shumate_location_get_latitude (centre),
                  &lon, &lat);
  gw_geo_convert (GW_DATUM_WGS84, datum, lon, lat, &lon, &lat);
  shumate_map_stop_go_to (self->map);
  shumate_location_set_location (centre, lat, lon);

  gw_pin_index_set_datum (gw_map_pins_get_index (self->pins), datum);
  gw_pin_index_set_datum (self->cameras, datum);
  gw_pin_index_set_datum (self->workers, datum);
  gw_pin_index_set_datum (self->heat, datum);
  gw_pin_layer_changed (self->pin_layer);
  gw_pin_layer_changed (self->camera_layer);
  gw_pin_layer_changed (self->worker_layer);
  gw_pin_layer_changed (self->heat_layer);
  gw_outline_layer_set_datum (self->outline_layer, datum);
  gw_pulse_layer_set_datum (self->pulse_layer, datum);
  _gw_map_window_tickets_set_datum (self);
  if (self->lines_layer != NULL)
    replace_lines (self);
  _gw_map_window_reshade (self);
}

GwDatum
gw_map_window_get_datum (GwMapWindow *self)
{
  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), GW_DATUM_WGS84);
  return self->datum;
}

/* Which base shows: our boundaries drawn whole, or as lines over the bases switched on; the
 * top one sets the datum; the attributions follow. */
void
_gw_map_window_update_bases (GwMapWindow *self)
{
  gboolean boundaries = self->boundaries_switch == NULL ||
                        gtk_switch_get_active (GTK_SWITCH (self->boundaries_switch));
  gboolean imagery = FALSE;
  GwDatum datum = GW_DATUM_WGS84;

  if (self->bases == NULL)
    return;
  for (guint i = 0; i < self->bases->len; i++)
    {
      Base *b = g_ptr_array_index (self->bases, i);
      gboolean on = gtk_switch_get_active (GTK_SWITCH (b->toggle));

      gtk_widget_set_visible (GTK_WIDGET (b->layer), on);
      if (self->license != NULL)
        shumate_license_remove_map_source (self->license, b->source);
      if (on)
        {
          imagery = TRUE;
          datum = base_datum (b);
          if (self->license != NULL)
            shumate_license_append_map_source (self->license, b->source);
        }
    }
  set_datum (self, datum);
  if (self->license != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->license), imagery);
  gtk_widget_set_visible (GTK_WIDGET (self->base_layer), boundaries && !imagery);
  if (self->lines_layer != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->lines_layer), boundaries && imagery);
}

/* The list -------------------------------------------------------------------------- */

static void
save_bases (GwMapWindow *self)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  GVariantBuilder servers;

  if (self->settings == NULL)
    return;
  g_variant_builder_init (&servers, G_VARIANT_TYPE ("a(ssssu)"));
  for (guint i = 0; i < self->bases->len; i++)
    {
      Base *b = g_ptr_array_index (self->bases, i);

      if (b->online)
        g_variant_builder_add (&servers, "(ssssu)", shumate_map_source_get_name (b->source), b->key,
                               gw_datum_to_string (base_datum (b)), b->attribution ? b->attribution : "",
                               b->max_zoom);
      else
        g_strv_builder_add (files, b->key);
    }
  paths = g_strv_builder_end (files);
  g_settings_set_strv (self->settings, "map-base-files", (const char *const *) paths);
  g_settings_set_value (self->settings, "map-online-bases", g_variant_builder_end (&servers));
}

static void
remove_base (GwMapWindow *self,
             Base        *b)
{
  if (self->license != NULL)
    shumate_license_remove_map_source (self->license, b->source);
  shumate_map_remove_layer (self->map, SHUMATE_LAYER (b->layer));
  gtk_list_box_remove (self->base_list, b->row);
  g_ptr_array_remove (self->bases, b);
  _gw_map_window_update_bases (self);
  save_bases (self);
}

static void
on_base_remove (GtkButton   *button,
                GwMapWindow *self)
{
  remove_base (self, g_object_get_data (G_OBJECT (button), "gw-base"));
}

static Base *
find_base (GwMapWindow *self,
           const char  *key)
{
  for (guint i = 0; self->bases != NULL && i < self->bases->len; i++)
    {
      Base *b = g_ptr_array_index (self->bases, i);

      if (g_strcmp0 (b->key, key) == 0)
        return b;
    }
  return NULL;
}

gboolean
gw_map_window_remove_base (GwMapWindow *self,
                           const char  *key)
{
  Base *b;

  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), FALSE);

  b = find_base (self, key);
  if (b == NULL)
    return FALSE;
  remove_base (self, b);
  return TRUE;
}

/* A base becomes a layer (above those before it, under the boundaries' lines) and a row. */
static void
add_base (GwMapWindow      *self,
          Base             *b,
          const char       *subtitle)
{
  GtkWidget *remove;

  if (self->lines_layer == NULL)
    replace_lines (self);
  b->layer = shumate_map_layer_new (b->source, self->viewport);
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (b->layer), SHUMATE_LAYER (self->lines_layer));
  b->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (b->row), shumate_map_source_get_name (b->source));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (b->row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (b->row), 2);
  b->toggle = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (b->toggle), TRUE);
  gtk_widget_set_valign (b->toggle, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (b->toggle, "notify::active", G_CALLBACK (_gw_map_window_update_bases), self);
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this base map"));
  g_object_set_data (G_OBJECT (remove), "gw-base", b);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_base_remove), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (b->row), b->toggle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (b->row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (b->row), b->toggle);
  gtk_list_box_append (self->base_list, b->row);
  g_ptr_array_add (self->bases, b);
  _gw_map_window_update_bases (self);
  save_bases (self);
}

/* Tile servers ---------------------------------------------------------------------- */

/* A server that fails says so on its row (it stays: the network may come back, and its
 * cached tiles are still drawn) and under the map. */
static void
on_server_problem (GwXyzSource *source,
                   GParamSpec  *pspec,
                   GwMapWindow *self)
{
  const char *problem = gw_xyz_source_get_last_error (source);

  for (guint i = 0; problem != NULL && i < self->bases->len; i++)
    {
      Base *b = g_ptr_array_index (self->bases, i);

      if (b->source == SHUMATE_MAP_SOURCE (source))
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (b->row), problem);
          gtk_widget_set_tooltip_text (b->row, problem);
          gtk_label_set_label (self->status_label, problem);
        }
    }
}

const char *
gw_map_window_get_base_problem (GwMapWindow *self,
                                const char  *key)
{
  Base *b;

  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), NULL);

  b = find_base (self, key);
  if (b == NULL || !b->online)
    return NULL;
  return gw_xyz_source_get_last_error (GW_XYZ_SOURCE (b->source));
}

gboolean
gw_map_window_add_online_base (GwMapWindow  *self,
                               const char   *name,
                               const char   *url_template,
                               GwDatum       datum,
                               const char   *attribution,
                               guint         max_zoom,
                               GFile        *cache_dir,
                               GError      **error)
{
  g_autoptr(GFile) default_dir = NULL;
  g_autofree char *subtitle = NULL;
  GwXyzSource *source;
  Base *b;

  g_return_val_if_fail (GW_IS_MAP_WINDOW (self), FALSE);

  if (url_template != NULL && find_base (self, url_template) != NULL)
    return TRUE;
  if (cache_dir == NULL)
    cache_dir = default_dir = gw_xyz_source_default_cache_dir (url_template);
  source = gw_xyz_source_new (name, url_template, datum, attribution, 0, max_zoom, cache_dir, error);
  if (source == NULL)
    return FALSE;
  b = g_new0 (Base, 1);
  b->key = g_strdup (url_template);
  b->online = TRUE;
  b->source = SHUMATE_MAP_SOURCE (source);
  b->attribution = g_strdup (attribution);
  b->max_zoom = max_zoom;
  /* TRANSLATORS: a tile server's line in the base maps: its address, then its datum */
  subtitle = g_strdup_printf (_("%s · %s"), url_template,
                              datum == GW_DATUM_GCJ02 ? _("GCJ-02") : _("WGS84"));
  add_base (self, b, subtitle);
  g_signal_connect_object (source, "notify::last-error", G_CALLBACK (on_server_problem), self, 0);
  return TRUE;
}

typedef struct {
  GwMapWindow *self;
  GtkEditable *name;
  GtkEditable *address;
  AdwComboRow *datum;
  GtkEditable *attribution;
  GtkSpinButton *max_zoom;
} ServerForm;

static void
on_server_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ServerForm       *form)
{
  g_autoptr(GError) error = NULL;
  GwMapWindow *self = form->self;

  if (g_strcmp0 (response, "add") == 0 &&
      !gw_map_window_add_online_base (self, gtk_editable_get_text (form->name), gtk_editable_get_text (form->address),
                                      adw_combo_row_get_selected (form->datum) == 1 ? GW_DATUM_GCJ02 : GW_DATUM_WGS84,
                                      gtk_editable_get_text (form->attribution),
                                      (guint) gtk_spin_button_get_value_as_int (form->max_zoom), NULL, &error))
    gtk_label_set_label (self->status_label, error->message);
}

static GtkEditable *
entry_row (GtkWidget  *list,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return GTK_EDITABLE (row);
}

static void
on_add_server (GwMapWindow *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkStringList *datums = gtk_string_list_new (NULL);
  GtkWidget *zoom_row = adw_action_row_new ();
  ServerForm *form = g_new0 (ServerForm, 1);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Add a Tile Server"),
                                                       _("A base map from an online or intranet tile "
                                                         "server. Tiles are kept on this computer, so the "
                                                         "map stays drawn when the network goes.")));
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  form->self = self;
  form->name = entry_row (list, _("Name"), NULL);
  form->address = entry_row (list, _("Address with {z}, {x} and {y}"), "https://");
  gtk_string_list_append (datums, _("WGS84 / CGCS2000 (OpenStreetMap, Tianditu)"));
  gtk_string_list_append (datums, _("GCJ-02 (AMap, Tencent and other mainland services)"));
  form->datum = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->datum), _("Datum"));
  adw_combo_row_set_model (form->datum, G_LIST_MODEL (datums));
  g_object_unref (datums);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (form->datum));
  form->attribution = entry_row (list, _("Attribution"), NULL);
  form->max_zoom = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 22, 1));
  gtk_spin_button_set_value (form->max_zoom, 18);
  gtk_widget_set_valign (GTK_WIDGET (form->max_zoom), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (zoom_row), _("Deepest level"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (zoom_row), _("Deeper tiles are this level's, enlarged"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (zoom_row), GTK_WIDGET (form->max_zoom));
  gtk_list_box_append (GTK_LIST_BOX (list), zoom_row);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_server_response), form, (GClosureNotify) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* MBTiles packages ------------------------------------------------------------------ */

static void
add_opened_file (GwMapWindow     *self,
                 const char      *path,
                 GwMbtilesSource *source)
{
  g_autofree char *subtitle = NULL;
  Base *b;

  if (find_base (self, path) != NULL)
    return;
  b = g_new0 (Base, 1);
  b->key = g_strdup (path);
  b->source = SHUMATE_MAP_SOURCE (g_object_ref (source));
  subtitle = g_path_get_basename (path);
  add_base (self, b, subtitle);
}

/* Packages are opened on a worker, in order (opening reads the file), and stacked on the
 * main loop in the same order. */
typedef struct {
  GStrv      paths;
  GPtrArray *sources;   /* GwMbtilesSource or NULL, per path */
  GPtrArray *errors;    /* GError or NULL, per path */
} OpenFiles;

/* The arrays hold NULL where a path gave no source (or no error). */
static void
unref_if_any (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
free_error_if_any (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
open_files_free (OpenFiles *o)
{
  g_strfreev (o->paths);
  g_ptr_array_unref (o->sources);
  g_ptr_array_unref (o->errors);
  g_free (o);
}

static void
open_files_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpenFiles *o = task_data;

  for (guint i = 0; o->paths[i] != NULL; i++)
    {
      GError *error = NULL;
      GwMbtilesSource *source = gw_mbtiles_source_new (o->paths[i], &error);

      g_ptr_array_add (o->sources, source);
      g_ptr_array_add (o->errors, error);
    }
  g_task_return_boolean (task, TRUE);
}

/* Back on the main loop: each opened package stacked, each refusal said under the map. The
 * first path's outcome is the task's (what gw_map_window_add_base_file_finish() says). */
static void
on_files_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GwMapWindow *self = GW_MAP_WINDOW (object);
  GTask *outer = user_data;
  OpenFiles *o = g_task_get_task_data (G_TASK (result));

  if (!g_cancellable_is_cancelled (self->cancellable) && self->map != NULL)
    for (guint i = 0; o->paths[i]; i++)
      {
        GError *error = g_ptr_array_index (o->errors, i);

        if (error == NULL)
          add_opened_file (self, o->paths[i], g_ptr_array_index (o->sources, i));
        else
          gtk_label_set_label (self->status_label, error->message);
      }
  if (outer != NULL)
    {
      GError *error = o->errors->len > 0 ? g_ptr_array_index (o->errors, 0) : NULL;

      if (error != NULL)
        g_task_return_error (outer, g_error_copy (error));
      else
        g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
    }
}

static void
open_files (GwMapWindow *self,
            GStrv        paths,
            GTask       *outer)
{
  OpenFiles *o = g_new0 (OpenFiles, 1);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_files_opened, outer);

  o->paths = paths;
  o->sources = g_ptr_array_new_with_free_func (unref_if_any);
  o->errors = g_ptr_array_new_with_free_func (free_error_if_any);
  g_task_set_task_data (task, o, (GDestroyNotify) open_files_free);
  g_task_run_in_thread (task, open_files_thread);
}

void
gw_map_window_add_base_file_async (GwMapWindow         *self,
                                   const char          *path,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *outer;
  char *paths[] = { (char *) path, NULL };

  g_return_if_fail (GW_IS_MAP_WINDOW (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, gw_map_window_add_base_file_async);
  open_files (self, g_strdupv (paths), outer);
}

gboolean
gw_map_window_add_base_file_finish (GwMapWindow   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
gw_map_window_remove_base_file (GwMapWindow *self,
                                const char  *path)
{
  return gw_map_window_remove_base (self, path);
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                GwMapWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      /* A refusal is said under the map. */
      if (path != NULL)
        gw_map_window_add_base_file_async (self, path, NULL, NULL);
    }
  g_object_unref (dialog);
}

static void
on_add_file (GwMapWindow *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Add a Base Map"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), NULL);
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("MBTiles tile packages"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The window's side --------------------------------------------------------------------- */

void
_gw_map_window_load_saved_bases (GwMapWindow *self)
{
  g_auto(GStrv) paths = NULL;
  g_autoptr(GVariant) servers = NULL;
  GVariantIter iter;
  const char *name, *url, *datum, *attribution;
  guint32 max_zoom;

  if (self->settings == NULL)
    return;
  servers = g_settings_get_value (self->settings, "map-online-bases");
  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&s&s&s&su)", &name, &url, &datum, &attribution, &max_zoom))
    {
      GwDatum d = GW_DATUM_WGS84;
      g_autoptr(GError) error = NULL;

      gw_datum_from_string (datum, &d);
      if (!gw_map_window_add_online_base (self, name, url, d, attribution, max_zoom, NULL, &error))
        gtk_label_set_label (self->status_label, error->message);
    }
  paths = g_settings_get_strv (self->settings, "map-base-files");
  /* A package moved or deleted since is said under the map and left out. */
  if (paths[0] != NULL)
    open_files (self, g_steal_pointer (&paths), NULL);
}

void
_gw_map_window_bases_init (GwMapWindow *self,
                           GtkBox      *box)
{
  GtkWidget *heading = gtk_label_new (_("Base Maps"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add_file = gtk_button_new_with_mnemonic (_("Add _MBTiles File…"));
  GtkWidget *add_server = gtk_button_new_with_mnemonic (_("Add _Tile Server…"));
  GtkWidget *placeholder = gtk_label_new (_("None: the boundaries are the base"));

  self->bases = g_ptr_array_new_with_free_func ((GDestroyNotify) base_free);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_top (heading, 12);
  self->base_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->base_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->base_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->base_list, placeholder);
  g_signal_connect_swapped (add_file, "clicked", G_CALLBACK (on_add_file), self);
  g_signal_connect_swapped (add_server, "clicked", G_CALLBACK (on_add_server), self);
  gtk_widget_set_hexpand (add_file, TRUE);
  gtk_widget_set_hexpand (add_server, TRUE);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_box_append (GTK_BOX (buttons), add_file);
  gtk_box_append (GTK_BOX (buttons), add_server);
  gtk_box_append (box, heading);
  gtk_box_append (box, GTK_WIDGET (self->base_list));
  gtk_box_append (box, buttons);
}

void
_gw_map_window_bases_dispose (GwMapWindow *self)
{
  g_clear_pointer (&self->bases, g_ptr_array_unref);
}
