/* gw-drill-review-window.c: the after-action review (复盘). See gw-drill-review-window.h.
 *
 * The drill is read once on a store reader (GwDrillReview); then everything the replay
 * shows comes from that model: the instant moves (a tick callback while playing, the
 * scrubber, a click on the timeline), and only when it crosses an event do the queue and
 * the map change — a binary search per ticket, no SQL. The score panel and the PDF are
 * gw-drill-review-score.c.
 */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "gw-division-source.h"
#include "gw-drill-review-layer.h"
#include "gw-drill-review-window.h"
#include "gw-drill-review-window-private.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-geo.h"
#include "gw-time.h"

const double gw_drill_review_speeds[GW_DRILL_REVIEW_N_SPEEDS] = { 1, 10, 60, 600 };

struct _GwDrillReviewWindow
{
  AdwWindow              parent_instance;

  /* template */
  AdwToastOverlay       *toasts;
  AdwWindowTitle        *window_title;
  GtkStack              *stack;
  AdwStatusPage         *status_page;
  GtkButton             *play_button;
  GtkDropDown           *speed_dropdown;
  GtkLabel              *clock_label;
  GtkLabel              *elapsed_label;
  GtkScale              *scrubber;
  GtkLabel              *timeline_title;
  GtkDropDown           *seat_dropdown;
  GtkListView           *timeline_view;
  GtkPaned              *right_paned;
  GtkOverlay            *map_overlay;
  GtkLabel              *queue_title;
  GtkStack              *queue_stack;
  GtkColumnView         *queue_view;
  GtkBox                *score_box;
  GtkWidget             *export_button;
  GtkSpinner            *export_spinner;

  GCancellable          *cancellable;     /* cancelled on close */
  GwStore               *store;
  GwDrillWatermark      *watermark;
  guint                  n_reads;
  char                  *error;
  GwDrillReview         *review;

  /* the replay */
  GtkAdjustment         *adjustment;
  gboolean               setting;         /* the window moves the scrubber itself */
  double                 position;        /* the instant, with the fraction playing adds */
  gint64                 instant;
  guint                  until;           /* entries at or before the instant */
  guint                  reported;        /* tickets reported by then */
  double                 speed;
  guint                  tick_id;
  gint64                 last_frame_us;

  GwDrillReviewTimeline *timeline;
  GtkSingleSelection    *timeline_selection;
  GtkListItemFactory    *timeline_factory;
  GtkStringList         *seats;           /* the seat filter's labels */
  GPtrArray             *seat_actors;     /* and the actors they stand for (NULL: all) */
  GHashTable            *names;           /* a seat's username -> its title, once known */
  GListStore            *queue;
  GtkSingleSelection    *queue_selection;

  ShumateMap            *map;
  ShumateViewport       *viewport;
  GwDivisionSource      *base;
  GwDrillReviewLayer    *layer;
  GtkWidget             *scale;
  gboolean               centred;
  gboolean               sized;           /* the queue's width was set */
  guint                  centre_id;

  GwDrillReviewScore    *score;           /* the score panel's state (gw-drill-review-score.c) */
};

G_DEFINE_FINAL_TYPE (GwDrillReviewWindow, gw_drill_review_window, ADW_TYPE_WINDOW)

static void update_instant   (GwDrillReviewWindow *self,
                              gboolean             force);
static void on_seat_selected (GwDrillReviewWindow *self);

/* The map ------------------------------------------------------------------------------- */

/* Fits the drill's tickets (or, with none, the county) into the map once it has a size. */
static gboolean
centre_map (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  GwDrillReviewWindow *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self->map)), height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double wx0, wy0, wx1, wy1, zoom = 12;
  guint n = self->review ? gw_drill_review_get_n_tickets (self->review) : 0;

  if (self->review == NULL || width <= 0 || height <= 0)
    return G_SOURCE_CONTINUE;
  if (!self->sized)
    {
      /* The queue gets room for its columns on a large screen; the map the rest. */
      int paned = gtk_widget_get_width (GTK_WIDGET (self->right_paned));

      gtk_paned_set_position (self->right_paned, MAX (360, paned - MIN (720, paned / 2)));
      self->sized = TRUE;
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < n; i++)
    {
      const GwDrillReviewTicket *t = gw_drill_review_get_ticket (self->review, i);

      x0 = MIN (x0, t->lon), x1 = MAX (x1, t->lon);
      y0 = MIN (y0, t->lat), y1 = MAX (y1, t->lat);
    }
  if (n == 0 && !gw_division_source_get_extent (self->base, &x0, &y0, &x1, &y1))
    return G_SOURCE_CONTINUE;
  gw_geo_lonlat_to_world (x0, y1, 0, &wx0, &wy0);
  gw_geo_lonlat_to_world (x1, y0, 0, &wx1, &wy1);
  if (wx1 > wx0 && wy1 > wy0)
    zoom = log2 (MIN (width * 0.8 / (wx1 - wx0), height * 0.8 / (wy1 - wy0))) - 0.5;
  else
    zoom = 14;
  /* Some of the place around them too: the streets and communities they lie in. */
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), (y0 + y1) / 2, (x0 + x1) / 2);
  shumate_viewport_set_zoom_level (self->viewport, CLAMP (zoom, 8, 14));
  self->centred = TRUE;
  self->centre_id = 0;
  return G_SOURCE_REMOVE;
}

static void
build_map (GwDrillReviewWindow *self)
{
  ShumateScale *scale;

  if (self->map != NULL)
    {
      if (self->centre_id != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self->map), self->centre_id);
      self->centre_id = 0;
      gtk_overlay_remove_overlay (self->map_overlay, self->scale);
      gtk_overlay_set_child (self->map_overlay, NULL);
      g_clear_object (&self->base);
      self->map = NULL;
    }
  self->map = shumate_map_new ();
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (self->viewport, 8);
  shumate_viewport_set_max_zoom_level (self->viewport, 19);
  self->base = gw_division_source_new (self->store);
  shumate_viewport_set_reference_map_source (self->viewport, SHUMATE_MAP_SOURCE (self->base));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->base),
                                                                        self->viewport)));
  self->layer = gw_drill_review_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->layer));
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (self->map_overlay, GTK_WIDGET (self->map));
  scale = shumate_scale_new (self->viewport);
  self->scale = GTK_WIDGET (scale);
  shumate_scale_set_unit (scale, SHUMATE_UNIT_METRIC);
  gtk_widget_set_halign (GTK_WIDGET (scale), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (scale), GTK_ALIGN_END);
  gtk_widget_set_margin_start (GTK_WIDGET (scale), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (scale), 12);
  gtk_overlay_add_overlay (self->map_overlay, GTK_WIDGET (scale));
  self->centred = FALSE;
}

/* The replay ---------------------------------------------------------------------------- */

static void
update_clock (GwDrillReviewWindow *self)
{
  g_autofree char *clock = gw_format_time (self->instant);
  g_autofree char *elapsed = _gw_drill_review_format_elapsed (self->instant - gw_drill_review_get_start (self->review));
  g_autofree char *total = _gw_drill_review_format_elapsed (gw_drill_review_get_end (self->review) -
                                                            gw_drill_review_get_start (self->review));
  g_autofree char *text = NULL;

  gtk_label_set_text (self->clock_label, clock);
  /* TRANSLATORS: the replay's place: time since the drill's start, of its whole length */
  text = g_strdup_printf (_("%s of %s"), elapsed, total);
  gtk_label_set_text (self->elapsed_label, text);
}

static void
update_queue (GwDrillReviewWindow *self)
{
  g_autoptr(GArray) all = gw_drill_review_tickets_at (self->review, self->instant, FALSE);
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;
  gint64 selected = 0;
  GwDrillQueueItem *current = gtk_single_selection_get_selected_item (self->queue_selection);

  if (current != NULL)
    selected = gw_drill_queue_item_get_at (current)->ticket->id;
  for (guint i = 0; i < all->len; i++)
    {
      const GwDrillTicketAt *t = &g_array_index (all, GwDrillTicketAt, i);

      if (gw_ticket_state_is_open (t->state))
        g_ptr_array_add (open, gw_drill_queue_item_new (self->review, t));
    }
  g_list_store_splice (self->queue, 0, g_list_model_get_n_items (G_LIST_MODEL (self->queue)), open->pdata, open->len);
  gtk_single_selection_set_selected (self->queue_selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; selected != 0 && i < open->len; i++)
    if (gw_drill_queue_item_get_at (g_ptr_array_index (open, i))->ticket->id == selected)
      gtk_single_selection_set_selected (self->queue_selection, i);
  title = g_strdup_printf (ngettext ("%u ticket open at this instant", "%u tickets open at this instant", open->len),
                           open->len);
  gtk_label_set_text (self->queue_title, title);
  gtk_stack_set_visible_child_name (self->queue_stack, open->len > 0 ? "list" : "empty");
  gw_drill_review_layer_set_tickets (self->layer, (const GwDrillTicketAt *) all->data, all->len);
}

static void
update_instant (GwDrillReviewWindow *self,
                gboolean             force)
{
  guint until, reported;

  if (self->review == NULL)
    return;
  self->instant = (gint64) floor (self->position);
  if (!self->setting && gtk_adjustment_get_value (self->adjustment) != (double) self->instant)
    {
      self->setting = TRUE;
      gtk_adjustment_set_value (self->adjustment, (double) self->instant);
      self->setting = FALSE;
    }
  update_clock (self);
  until = gw_drill_review_count_until (self->review, self->instant);
  reported = gw_drill_review_count_reported (self->review, self->instant);
  if (!force && until == self->until && reported == self->reported)
    return;

  /* The instant crossed an event: the queue, the map and the timeline's place. */
  self->until = until;
  self->reported = reported;
  update_queue (self);
  _gw_drill_review_rows_set_until (self->timeline_factory, until);
  {
    guint position = gw_drill_review_timeline_position_before (self->timeline, until);

    gtk_single_selection_set_selected (self->timeline_selection, position);
    if (position != GTK_INVALID_LIST_POSITION && gtk_widget_get_mapped (GTK_WIDGET (self->timeline_view)))
      gtk_widget_activate_action (GTK_WIDGET (self->timeline_view), "list.scroll-to-item", "u", position);
  }
}

static void
set_position (GwDrillReviewWindow *self,
              double               position)
{
  if (self->review == NULL)
    return;
  self->position = CLAMP (position, (double) gw_drill_review_get_start (self->review),
                          (double) gw_drill_review_get_end (self->review));
  update_instant (self, FALSE);
}

static void
on_scrubber_changed (GtkAdjustment       *adjustment,
                     GwDrillReviewWindow *self)
{
  if (!self->setting)
    set_position (self, gtk_adjustment_get_value (adjustment));
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double step = (now - self->last_frame_us) / (double) G_USEC_PER_SEC * self->speed;

  self->last_frame_us = now;
  set_position (self, self->position + step);
  if (self->instant >= gw_drill_review_get_end (self->review))
    {
      self->tick_id = 0;
      gw_drill_review_window_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Reading the drill ---------------------------------------------------------------------- */

static void
show_status (GwDrillReviewWindow *self,
             const char          *title,
             const char          *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export", FALSE);
}

static void
show_review (GwDrillReviewWindow *self)
{
  const char *title = gw_drill_review_get_title (self->review);
  const char *const *actors = gw_drill_review_get_actors (self->review);
  gint64 start = gw_drill_review_get_start (self->review), end = gw_drill_review_get_end (self->review);
  g_autoptr(GDateTime) day = gw_time_to_date_time (start);
  g_autofree char *subtitle = NULL;
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d %H:%M");

  adw_window_title_set_title (self->window_title, title ? title : _("After-Action Review"));
  /* TRANSLATORS: the window's subtitle: the drill's start and the number of timeline entries */
  subtitle = g_strdup_printf (ngettext ("Drill of %s · %u event", "Drill of %s · %u events",
                                        gw_drill_review_get_n_entries (self->review)),
                              date, gw_drill_review_get_n_entries (self->review));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  g_clear_object (&self->timeline);
  self->timeline = gw_drill_review_timeline_new (self->review);
  g_clear_object (&self->timeline_factory);
  self->timeline_factory = _gw_drill_review_timeline_factory_new (self->review);
  _gw_drill_review_rows_set_names (self->timeline_factory, self->names);
  gtk_single_selection_set_model (self->timeline_selection, G_LIST_MODEL (self->timeline));
  gtk_list_view_set_factory (self->timeline_view, self->timeline_factory);

  self->setting = TRUE;
  g_signal_handlers_block_by_func (self->seat_dropdown, on_seat_selected, self);
  gtk_string_list_splice (self->seats, 0, g_list_model_get_n_items (G_LIST_MODEL (self->seats)), NULL);
  gtk_string_list_append (self->seats, _("All seats"));
  g_ptr_array_set_size (self->seat_actors, 0);
  g_ptr_array_add (self->seat_actors, NULL);
  for (guint i = 0; actors[i]; i++)
    {
      gtk_string_list_append (self->seats, _gw_drill_review_actor_label (self->review, self->names, actors[i]));
      g_ptr_array_add (self->seat_actors, g_strdup (actors[i]));
    }
  gtk_drop_down_set_selected (self->seat_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->seat_dropdown, on_seat_selected, self);
  gtk_adjustment_configure (self->adjustment, start, start, MAX (end, start + 1), 1, 60, 0);
  self->setting = FALSE;

  self->position = start;
  self->until = G_MAXUINT;
  update_instant (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "review");
  if (!self->centred && self->centre_id == 0)
    self->centre_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->map), centre_map, self, NULL);
  _gw_drill_review_score_show (self->score, self->review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export", TRUE);
}

static void
on_review_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwDrillReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDrillReview) review = gw_store_read_drill_review_finish (GW_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || GW_STORE (object) != self->store)
    return;
  self->n_reads++;
  g_clear_pointer (&self->review, gw_drill_review_unref);
  g_clear_pointer (&self->error, g_free);
  if (review != NULL && gw_drill_review_get_scenario (review) == NULL && gw_drill_review_get_n_entries (review) == 0)
    {
      g_set_error (&error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL,
                   _("%s is not a drill’s database."), gw_store_get_path (self->store));
      g_clear_pointer (&review, gw_drill_review_unref);
    }
  if (review == NULL)
    {
      self->error = g_strdup (error->message);
      show_status (self, _("Cannot Review This Database"), error->message);
      return;
    }
  self->review = g_steal_pointer (&review);
  show_review (self);
}

static void
read_review (GwDrillReviewWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gw_store_read_drill_review_async (self->store, 0, self->cancellable, on_review_read, g_object_ref (self));
}

static void
set_store (GwDrillReviewWindow *self,
           GwStore             *store)
{
  gw_drill_review_window_set_playing (self, FALSE);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->names, g_hash_table_unref);
  gw_drill_watermark_set_store (self->watermark, store);
  g_clear_pointer (&self->review, gw_drill_review_unref);
  build_map (self);
  _gw_drill_review_score_set_store (self->score, store);
  read_review (self);
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwDrillReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GwStore *store = GW_STORE (object);

  if (!gw_store_open_finish (store, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->n_reads++;
      g_free (self->error);
      self->error = g_strdup (error->message);
      show_status (self, _("Cannot Open the Database"), error->message);
      return;
    }
  set_store (self, store);
}

void
_gw_drill_review_window_set_scenario (GtkWidget  *widget,
                                      GwScenario *scenario)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);
  guint selected = gtk_drop_down_get_selected (self->seat_dropdown);

  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);
      const char *title = gw_scenario_text_get (&seat->title);
      g_autofree char *username = seat->username ? g_strdup (seat->username) : g_strconcat ("drill-", seat->id, NULL);

      if (title != NULL)
        g_hash_table_insert (self->names, g_steal_pointer (&username), g_strdup (title));
    }
  if (self->timeline_factory != NULL)
    _gw_drill_review_rows_set_names (self->timeline_factory, self->names);
  /* The seat filter's labels, keeping what is selected. */
  g_signal_handlers_block_by_func (self->seat_dropdown, on_seat_selected, self);
  for (guint i = 1; i < self->seat_actors->len; i++)
    {
      const char *label = _gw_drill_review_actor_label (self->review, self->names,
                                                        g_ptr_array_index (self->seat_actors, i));

      gtk_string_list_splice (self->seats, i, 1, (const char *const[]) { label, NULL });
    }
  gtk_drop_down_set_selected (self->seat_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->seat_dropdown, on_seat_selected, self);
}

/* Actions -------------------------------------------------------------------------------- */

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);

  gw_drill_review_window_set_playing (self, self->tick_id == 0);
}

static void
jump_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);
  guint n;

  if (self->review == NULL)
    return;
  n = gw_drill_review_get_n_entries (self->review);
  if (g_str_equal (action_name, "review.start"))
    set_position (self, gw_drill_review_get_start (self->review));
  else if (g_str_equal (action_name, "review.end"))
    set_position (self, gw_drill_review_get_end (self->review));
  else if (g_str_equal (action_name, "review.next"))
    {
      /* The first entry after the instant. */
      guint i = gw_drill_review_count_until (self->review, self->instant);

      if (i < n)
        set_position (self, gw_drill_review_get_entry (self->review, i)->at);
    }
  else
    {
      /* The last instant with an entry before the instant. */
      guint i = gw_drill_review_count_until (self->review, self->instant - 1);

      if (i > 0)
        set_position (self, gw_drill_review_get_entry (self->review, i - 1)->at);
    }
}

static void
on_open_response (GtkNativeDialog     *dialog,
                  int                  response,
                  GwDrillReviewWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gw_drill_review_window_open_path (self, path);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *drills = g_build_filename (g_get_user_cache_dir (), "gridwatch", "drills", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (drills);

  dialog = gtk_file_chooser_native_new (_("Open a Drill’s Database"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Drill databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (g_file_test (drills, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (widget);

  _gw_drill_review_score_choose_file (self->score, GTK_WINDOW (self));
}

/* Signals --------------------------------------------------------------------------------- */

static void
on_speed_selected (GwDrillReviewWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  if (i < GW_DRILL_REVIEW_N_SPEEDS)
    self->speed = gw_drill_review_speeds[i];
}

static void
on_seat_selected (GwDrillReviewWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->seat_dropdown);
  const char *actor = NULL;

  if (self->review == NULL || self->timeline == NULL)
    return;
  if (i != GTK_INVALID_LIST_POSITION && i > 0 && i < self->seat_actors->len)
    actor = g_ptr_array_index (self->seat_actors, i);
  gw_drill_review_timeline_set_actor (self->timeline, actor);
  update_instant (self, TRUE);
}

static void
on_timeline_activate (GwDrillReviewWindow *self,
                      guint                position)
{
  guint index;

  if (self->timeline == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->timeline)))
    return;
  index = gw_drill_review_timeline_get_entry_index (self->timeline, position);
  set_position (self, gw_drill_review_get_entry (self->review, index)->at);
}

static void
on_queue_selected (GwDrillReviewWindow *self)
{
  GwDrillQueueItem *item = gtk_single_selection_get_selected_item (self->queue_selection);

  gw_drill_review_layer_set_selected (self->layer, item ? gw_drill_queue_item_get_at (item)->ticket->id : 0);
}

/* The object ------------------------------------------------------------------------------ */

static void
gw_drill_review_window_dispose (GObject *object)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  if (self->centre_id != 0 && self->map != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->map), self->centre_id);
  self->centre_id = 0;
  g_clear_pointer (&self->score, _gw_drill_review_score_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_DRILL_REVIEW_WINDOW);
  G_OBJECT_CLASS (gw_drill_review_window_parent_class)->dispose (object);
}

static void
gw_drill_review_window_finalize (GObject *object)
{
  GwDrillReviewWindow *self = GW_DRILL_REVIEW_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->review, gw_drill_review_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->adjustment);
  g_clear_object (&self->timeline);
  g_clear_object (&self->timeline_selection);
  g_clear_object (&self->timeline_factory);
  g_clear_object (&self->seats);
  g_clear_pointer (&self->seat_actors, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->queue);
  g_clear_object (&self->queue_selection);
  g_clear_object (&self->base);
  G_OBJECT_CLASS (gw_drill_review_window_parent_class)->finalize (object);
}

static void
gw_drill_review_window_class_init (GwDrillReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_drill_review_window_dispose;
  object_class->finalize = gw_drill_review_window_finalize;

  g_type_ensure (SHUMATE_TYPE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-drill-review-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, scrubber);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, timeline_title);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, seat_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, right_paned);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, queue_title);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, score_box);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, GwDrillReviewWindow, export_spinner);

  gtk_widget_class_install_action (widget_class, "review.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "review.start", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "review.end", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "review.previous", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "review.next", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "review.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "review.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "review.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "review.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "review.end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "review.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "review.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "review.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "review.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_drill_review_window_init (GwDrillReviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->speed = gw_drill_review_speeds[2];
  gtk_drop_down_set_selected (self->speed_dropdown, 2);
  g_signal_connect_object (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected), self,
                           G_CONNECT_SWAPPED);

  self->adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 1, 60, 0));
  gtk_range_set_adjustment (GTK_RANGE (self->scrubber), self->adjustment);
  g_signal_connect_object (self->adjustment, "value-changed", G_CALLBACK (on_scrubber_changed), self, 0);

  self->seats = gtk_string_list_new (NULL);
  self->seat_actors = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_model (self->seat_dropdown, G_LIST_MODEL (self->seats));
  g_signal_connect_object (self->seat_dropdown, "notify::selected", G_CALLBACK (on_seat_selected), self,
                           G_CONNECT_SWAPPED);

  self->timeline_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->timeline_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->timeline_selection, TRUE);
  gtk_list_view_set_model (self->timeline_view, GTK_SELECTION_MODEL (self->timeline_selection));
  g_signal_connect_object (self->timeline_view, "activate", G_CALLBACK (on_timeline_activate), self,
                           G_CONNECT_SWAPPED);

  self->queue = g_list_store_new (GW_TYPE_DRILL_QUEUE_ITEM);
  self->queue_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->queue)));
  gtk_single_selection_set_autoselect (self->queue_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->queue_selection, TRUE);
  gtk_column_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->queue_selection));
  _gw_drill_review_queue_add_columns (self->queue_view);
  g_signal_connect_object (self->queue_selection, "notify::selected", G_CALLBACK (on_queue_selected), self,
                           G_CONNECT_SWAPPED);

  self->score = _gw_drill_review_score_new (G_OBJECT (self), self->score_box, self->toasts, self->cancellable);
  _gw_drill_review_score_set_widgets (self->score, GTK_WIDGET (self->export_spinner), self->export_button,
                                      self->window_title);

  self->watermark = gw_drill_watermark_attach (GTK_WINDOW (self), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export", FALSE);
  show_status (self, _("No Drill to Review"), _("Open the database a drill left behind to replay and score it."));
}

/* Public ---------------------------------------------------------------------------------- */

GwDrillReviewWindow *
gw_drill_review_window_new (GtkApplication *application,
                            GwStore        *store)
{
  GwDrillReviewWindow *self = g_object_new (GW_TYPE_DRILL_REVIEW_WINDOW, "application", application, NULL);

  if (store != NULL)
    set_store (self, store);
  return self;
}

void
gw_drill_review_window_open_path (GwDrillReviewWindow *self,
                                  const char          *path)
{
  g_autoptr(GwStore) store = NULL;

  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));

  /* Opening creates a database that is not there: say so instead. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf (_("There is no file %s."), path);

      g_free (self->error);
      self->error = g_strdup (message);
      self->n_reads++;
      show_status (self, _("Cannot Open the Database"), message);
      return;
    }
  store = gw_store_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gw_store_open_async (store, path, self->cancellable, on_store_opened, g_object_ref (self));
}

GwStore *
_gw_drill_review_window_get_store (GwDrillReviewWindow *self)
{
  return self->store;
}

GwDrillReview *
gw_drill_review_window_get_review (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return self->review;
}

const char *
gw_drill_review_window_get_error (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return self->error;
}

guint
gw_drill_review_window_get_n_reads (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), 0);
  return self->n_reads;
}

void
gw_drill_review_window_set_instant (GwDrillReviewWindow *self,
                                    gint64               at)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));
  set_position (self, (double) at);
}

gint64
gw_drill_review_window_get_instant (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), 0);
  return self->instant;
}

void
gw_drill_review_window_set_speed (GwDrillReviewWindow *self,
                                  double               speed)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));

  for (guint i = 0; i < GW_DRILL_REVIEW_N_SPEEDS; i++)
    if (gw_drill_review_speeds[i] == speed)
      {
        gtk_drop_down_set_selected (self->speed_dropdown, i);
        return;
      }
  self->speed = speed;
}

double
gw_drill_review_window_get_speed (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), 0);
  return self->speed;
}

void
gw_drill_review_window_set_playing (GwDrillReviewWindow *self,
                                    gboolean             playing)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));

  if (playing && self->tick_id == 0 && self->review != NULL)
    {
      /* From the end, play from the start again. */
      if (self->instant >= gw_drill_review_get_end (self->review))
        set_position (self, gw_drill_review_get_start (self->review));
      self->last_frame_us = g_get_monotonic_time ();
      if (gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
        self->last_frame_us = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_button_set_icon_name (self->play_button, self->tick_id != 0 ? "media-playback-pause-symbolic"
                                                                  : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->tick_id != 0 ? _("Pause the replay (Space)") : _("Play the drill again (Space)"));
}

gboolean
gw_drill_review_window_get_playing (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), FALSE);
  return self->tick_id != 0;
}

GListModel *
gw_drill_review_window_get_timeline (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return G_LIST_MODEL (self->timeline);
}

void
gw_drill_review_window_set_seat (GwDrillReviewWindow *self,
                                 const char          *actor)
{
  guint n;

  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));

  n = self->seat_actors->len;
  for (guint i = 1; actor != NULL && i < n; i++)
    if (g_strcmp0 (g_ptr_array_index (self->seat_actors, i), actor) == 0)
      {
        gtk_drop_down_set_selected (self->seat_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->seat_dropdown, 0);
}

GListModel *
gw_drill_review_window_get_queue (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return G_LIST_MODEL (self->queue);
}

guint
gw_drill_review_window_get_n_on_map (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), 0);
  return self->layer ? gw_drill_review_layer_get_n (self->layer) : 0;
}

guint
gw_drill_review_window_count_on_map (GwDrillReviewWindow *self,
                                     GwTicketState        state)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), 0);
  return self->layer ? gw_drill_review_layer_count_state (self->layer, state) : 0;
}

void
gw_drill_review_window_export_to (GwDrillReviewWindow *self,
                                  GFile               *file)
{
  g_return_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self));
  _gw_drill_review_score_export_to (self->score, file);
}

const GwDrillScore *
gw_drill_review_window_get_score (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return _gw_drill_review_score_get_score (self->score);
}

gboolean
gw_drill_review_window_get_exporting (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), FALSE);
  return _gw_drill_review_score_get_busy (self->score);
}

GFile *
gw_drill_review_window_get_exported_file (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return _gw_drill_review_score_get_file (self->score);
}

const GError *
gw_drill_review_window_get_export_error (GwDrillReviewWindow *self)
{
  g_return_val_if_fail (GW_IS_DRILL_REVIEW_WINDOW (self), NULL);
  return _gw_drill_review_score_get_error (self->score);
}
