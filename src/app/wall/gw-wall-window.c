/* gw-wall-window.c: the video wall window.
 *
 * A header with the layout, tour and monitor menus; the camera directory in a side panel
 * (F4); the tiles (GwWallView). What the window shows — layout, camera per cell, pinned
 * cells, tour, focus, monitor, full screen — is its GwWallWindowState in the wall book,
 * saved a second after each change. Cameras are read from the store on its readers (a
 * tile gets its camera with its stream addresses and its place); nothing here waits on
 * SQLite, a file or GStreamer.
 */
#define G_LOG_DOMAIN "gw-wall-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gw-camera-directory.h"
#include "gw-db-cameras.h"
#include "gw-db.h"
#include "gw-drill-watermark.h"
#include "gw-layout-editor.h"
#include "gw-wall-tile.h"
#include "gw-wall-window.h"

/* "Cameras near this ticket" fills this preset. */
#define NEAR_LAYOUT "9"
#define NEAR_COUNT  9
/* A change is saved this long after the last one. */
#define SAVE_DELAY_MS 1000

struct _GwWallWindow
{
  AdwWindow          parent_instance;

  GwStore           *store;
  GwWallBook        *book;
  char              *id;
  GCancellable      *cancellable;

  GwWallView        *view;
  GwCameraDirectory *directory;
  GtkWidget         *panel;
  AdwWindowTitle    *title;
  AdwToastOverlay   *toasts;
  GtkMenuButton     *layout_button;
  GtkMenuButton     *tour_button;
  GtkMenuButton     *monitor_button;

  GHashTable        *entries;       /* gint64 id -> GwCameraEntry: names and places */
  GArray            *cameras;       /* gint64 per cell: what the window shows */
  guint64            pinned;
  guint              pending_reads;
  guint              read_generation;
  guint              save_id;
  gboolean           restored;

  GwTour            *tour;
  gint64             tour_started_us;
  guint              tour_id;       /* the timer */

  gint64             incident;      /* the ticket whose cameras these are, or 0 */
  char              *monitor;       /* connector chosen for full screen, or NULL */
  char              *last_snapshot; /* the last frame saved, for the officer and tests */
};

G_DEFINE_FINAL_TYPE (GwWallWindow, gw_wall_window, ADW_TYPE_WINDOW)

static void save_later (GwWallWindow *self);
static void tour_tick_schedule (GwWallWindow *self, gint64 ms);

/* Cameras into cells -------------------------------------------------------------------- */

typedef struct {
  GArray    *ids;       /* gint64 per cell to fill, 0 for empty */
  guint      first;
  GPtrArray *cameras;   /* answer: GwCamera or NULL per id */
} CameraRead;

static void
camera_read_free (CameraRead *r)
{
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_pointer (&r->cameras, g_ptr_array_unref);
  g_free (r);
}

static void
unref_camera_if_any (gpointer camera)
{
  if (camera != NULL)
    gw_camera_unref (camera);
}

static gpointer
read_cameras_func (GwDb     *db,
                   gpointer  data,
                   GError  **error)
{
  CameraRead *r = data;

  r->cameras = g_ptr_array_new_with_free_func (unref_camera_if_any);
  for (guint i = 0; i < r->ids->len; i++)
    {
      gint64 id = g_array_index (r->ids, gint64, i);
      g_autoptr(GError) local_error = NULL;
      GwCamera *camera = id > 0 ? gw_db_get_camera (db, id, &local_error) : NULL;

      /* A camera removed since is an empty cell, not a failed wall. */
      if (local_error != NULL)
        g_debug ("camera %" G_GINT64_FORMAT ": %s", id, local_error->message);
      g_ptr_array_add (r->cameras, camera);
    }
  return r;
}

static char *
place_of (GwWallWindow *self,
          gint64        id)
{
  GwCameraEntry *e = self->entries ? g_hash_table_lookup (self->entries, &id) : NULL;
  const char *parts[3];
  g_autoptr(GString) place = g_string_new (NULL);

  if (e == NULL)
    return NULL;
  parts[0] = e->street_name;
  parts[1] = e->community_name;
  parts[2] = e->grid_name;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      {
        if (place->len > 0)
          g_string_append (place, " › ");
        g_string_append (place, parts[i]);
      }
  return place->len > 0 ? g_string_free (g_steal_pointer (&place), FALSE) : NULL;
}

static void
on_cameras_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwWallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CameraRead *r = gw_store_read_finish (GW_STORE (object), result, &error);

  g_assert (self->pending_reads > 0);
  self->pending_reads--;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (self->view == NULL)
    return;
  for (guint i = 0; i < r->ids->len; i++)
    {
      guint cell = r->first + i;
      GwCamera *camera = g_ptr_array_index (r->cameras, i);
      g_autofree char *place = NULL;
      GwWallTile *tile;

      if (cell >= gw_wall_view_get_n_tiles (self->view) || cell >= self->cameras->len)
        break;
      /* A later change of this cell wins. */
      if (g_array_index (self->cameras, gint64, cell) != g_array_index (r->ids, gint64, i))
        continue;
      tile = gw_wall_view_get_tile (self->view, cell);
      if (camera == NULL)
        {
          if (gw_wall_tile_get_camera (tile) != NULL)
            gw_wall_tile_set_camera (tile, NULL, NULL);
          g_array_index (self->cameras, gint64, cell) = 0;
          continue;
        }
      if (gw_wall_tile_get_camera (tile) != NULL && gw_wall_tile_get_camera (tile)->id != NULL &&
          g_strcmp0 (gw_wall_tile_get_camera (tile)->id, camera->id) == 0)
        continue;   /* already there: its stream goes on */
      place = place_of (self, g_array_index (r->ids, gint64, i));
      gw_wall_tile_set_camera (tile, camera, place);
    }
}

/* Cells from `first` on get the cameras `ids` (0: empty): remembered at once, the tiles
 * filled when the store has answered. */
static void
fill_cells (GwWallWindow *self,
            guint         first,
            const gint64 *ids,
            guint         n)
{
  CameraRead *r;
  guint n_tiles = gw_wall_view_get_n_tiles (self->view);

  if (first >= n_tiles || n == 0)
    return;
  n = MIN (n, n_tiles - first);
  if (self->cameras->len < n_tiles)
    g_array_set_size (self->cameras, n_tiles);
  r = g_new0 (CameraRead, 1);
  r->ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n);
  g_array_append_vals (r->ids, ids, n);
  r->first = first;
  for (guint i = 0; i < n; i++)
    g_array_index (self->cameras, gint64, first + i) = ids[i];
  self->pending_reads++;
  gw_store_read_async (self->store, read_cameras_func, r, (GDestroyNotify) camera_read_free, NULL,
                       self->cancellable, on_cameras_read, g_object_ref (self));
  save_later (self);
}

/* State ------------------------------------------------------------------------------- */

static void
update_title (GwWallWindow *self)
{
  GwWallLayout *layout = gw_wall_view_get_layout (self->view);
  g_autofree char *subtitle = NULL;

  if (self->tour != NULL)
    /* TRANSLATORS: the wall's subtitle: its layout's name, then the running tour's */
    subtitle = g_strdup_printf (_("%s · Tour: %s"), layout ? gw_wall_layout_get_name (layout) : "",
                                gw_tour_get_name (self->tour));
  else
    subtitle = g_strdup (layout ? gw_wall_layout_get_name (layout) : "");
  adw_window_title_set_subtitle (self->title, subtitle);
}

static GwWallWindowState *
current_state (GwWallWindow *self)
{
  GwWallLayout *layout = gw_wall_view_get_layout (self->view);
  GwWallWindowState *state = gw_wall_window_state_new (self->id, layout ? gw_wall_layout_get_id (layout) : "4");
  guint n = MIN (self->cameras->len, gw_wall_view_get_n_tiles (self->view));

  g_array_append_vals (state->cameras, self->cameras->data, n);
  state->pinned = self->pinned;
  state->tour_id = self->tour ? g_strdup (gw_tour_get_id (self->tour)) : NULL;
  state->focused = gw_wall_view_get_focused_index (self->view);
  state->monitor = g_strdup (self->monitor);
  state->fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));
  return state;
}

static gboolean
on_save (gpointer data)
{
  GwWallWindow *self = data;
  g_autoptr(GwWallWindowState) state = current_state (self);

  self->save_id = 0;
  gw_wall_book_set_window (self->book, state);
  gw_wall_book_save_async (self->book, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
save_later (GwWallWindow *self)
{
  if (!self->restored)
    return;   /* the book has not given the window its state yet: nothing to overwrite it */
  if (self->save_id != 0)
    g_source_remove (self->save_id);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, on_save, self);
}

static void
apply_pins (GwWallWindow *self)
{
  for (guint i = 0; i < gw_wall_view_get_n_tiles (self->view); i++)
    gw_wall_tile_set_pinned (gw_wall_view_get_tile (self->view, i), i < 64 && (self->pinned & (G_GUINT64_CONSTANT (1) << i)));
}

gboolean
gw_wall_window_set_layout (GwWallWindow *self,
                           const char   *layout_id)
{
  g_autoptr(GwWallLayout) layout = NULL;
  guint n;

  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), FALSE);

  layout = layout_id ? gw_wall_book_find_layout (self->book, layout_id) : NULL;
  if (layout == NULL)
    return FALSE;
  gw_wall_view_set_layout (self->view, layout);
  n = gw_wall_layout_get_n_cells (layout);
  /* Cells beyond the layout are forgotten; new ones are empty. */
  g_array_set_size (self->cameras, n);
  self->pinned &= n >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n) - 1;
  apply_pins (self);
  if (gw_wall_view_get_focused_index (self->view) < 0 && n > 0)
    gw_wall_view_set_focused_index (self->view, 0);
  update_title (self);
  save_later (self);
  if (self->tour != NULL)
    tour_tick_schedule (self, 0);
  return TRUE;
}

static void
restore (GwWallWindow *self)
{
  g_autoptr(GwWallWindowState) state = gw_wall_book_dup_window (self->book, self->id);

  self->restored = TRUE;
  if (state == NULL)
    {
      gw_wall_window_set_layout (self, "4");
      return;
    }
  if (!gw_wall_window_set_layout (self, state->layout_id))
    gw_wall_window_set_layout (self, "4");
  self->pinned = state->pinned;
  apply_pins (self);
  fill_cells (self, 0, (const gint64 *) state->cameras->data, state->cameras->len);
  if (state->focused >= 0 && (guint) state->focused < gw_wall_view_get_n_tiles (self->view))
    gw_wall_view_set_focused_index (self->view, state->focused);
  g_free (self->monitor);
  self->monitor = g_strdup (state->monitor);
  if (state->fullscreen)
    {
      GdkMonitor *monitor = NULL;
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));

      for (guint i = 0; self->monitor && i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);

          if (g_strcmp0 (gdk_monitor_get_connector (m), self->monitor) == 0)
            monitor = m;
        }
      if (monitor != NULL)
        gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
      else
        gtk_window_fullscreen (GTK_WINDOW (self));
    }
  if (state->tour_id != NULL)
    gw_wall_window_start_tour (self, state->tour_id);
}


/* Tours --------------------------------------------------------------------------------- */

static gboolean
on_tour_tick (gpointer data)
{
  GwWallWindow *self = data;
  guint n = gw_wall_view_get_n_tiles (self->view);
  gint64 elapsed = (g_get_monotonic_time () - self->tour_started_us) / 1000, next = -1;

  self->tour_id = 0;
  if (self->tour == NULL || n == 0)
    return G_SOURCE_REMOVE;
  if (gw_tour_is_single_camera (self->tour))
    {
      guint64 pinned = self->pinned | gw_tour_get_pinned (self->tour);
      guint page = gw_tour_page_at (self->tour, n, pinned, elapsed, &next);
      g_autoptr(GArray) cells = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n);

      g_array_set_size (cells, n);
      memcpy (cells->data, self->cameras->data, MIN (self->cameras->len, n) * sizeof (gint64));
      gw_tour_fill_page (self->tour, page, n, pinned, (gint64 *) cells->data);
      fill_cells (self, 0, (const gint64 *) cells->data, n);
    }
  else
    {
      guint index = 0;
      const GwTourStep *step = gw_tour_step_at (self->tour, elapsed, &index, &next);

      if (step != NULL && step->layout_id != NULL)
        {
          if (gw_wall_window_set_layout (self, step->layout_id))
            fill_cells (self, 0, step->cameras, step->n_cameras);
        }
      else if (step != NULL && step->camera_id > 0)
        {
          int focused = MAX (gw_wall_view_get_focused_index (self->view), 0);

          fill_cells (self, (guint) focused, &step->camera_id, 1);
        }
    }
  if (next >= 0)
    tour_tick_schedule (self, next);
  return G_SOURCE_REMOVE;
}

static void
tour_tick_schedule (GwWallWindow *self,
                    gint64        ms)
{
  if (self->tour_id != 0)
    g_source_remove (self->tour_id);
  self->tour_id = g_timeout_add ((guint) CLAMP (ms, 0, G_MAXUINT), on_tour_tick, self);
}

gboolean
gw_wall_window_start_tour (GwWallWindow *self,
                           const char   *tour_id)
{
  g_autoptr(GwTour) tour = NULL;

  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), FALSE);

  tour = tour_id ? gw_wall_book_dup_tour (self->book, tour_id) : NULL;
  if (tour == NULL)
    return FALSE;
  g_clear_pointer (&self->tour, gw_tour_unref);
  self->tour = g_steal_pointer (&tour);
  self->tour_started_us = g_get_monotonic_time ();
  tour_tick_schedule (self, 0);
  update_title (self);
  save_later (self);
  return TRUE;
}

void
gw_wall_window_stop_tour (GwWallWindow *self)
{
  g_return_if_fail (GW_IS_WALL_WINDOW (self));

  if (self->tour == NULL)
    return;
  g_clear_pointer (&self->tour, gw_tour_unref);
  g_clear_handle_id (&self->tour_id, g_source_remove);
  update_title (self);
  save_later (self);
}

const char *
gw_wall_window_get_tour (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);
  return self->tour ? gw_tour_get_id (self->tour) : NULL;
}

GwTour *
gw_wall_window_save_tour (GwWallWindow *self,
                          const char   *name,
                          guint         dwell)
{
  g_autofree char *id = g_strdup_printf ("tour-%" G_GINT64_FORMAT, g_get_real_time ());
  GwTour *tour;

  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);

  tour = gw_tour_new (id, name, CLAMP (dwell, GW_TOUR_MIN_DWELL, GW_TOUR_MAX_DWELL));
  for (guint i = 0; i < self->cameras->len; i++)
    if (g_array_index (self->cameras, gint64, i) > 0)
      gw_tour_add_camera_step (tour, g_array_index (self->cameras, gint64, i));
  gw_wall_book_set_tour (self->book, tour);
  gw_wall_book_save_async (self->book, NULL, NULL, NULL);
  return tour;
}

/* Public: cameras ------------------------------------------------------------------------- */

static const char *
preset_for (guint n)
{
  static const struct { guint cells; const char *id; } fits[] = {
    { 1, "1" }, { 4, "4" }, { 9, "9" }, { 16, "16" }, { 25, "25" }, { 36, "36" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fits); i++)
    if (n <= fits[i].cells)
      return fits[i].id;
  return "36";
}

void
gw_wall_window_show_cameras (GwWallWindow *self,
                             const gint64 *ids,
                             guint         n,
                             guint         first_cell,
                             gboolean      fit)
{
  g_return_if_fail (GW_IS_WALL_WINDOW (self));

  gw_wall_window_stop_tour (self);
  if (fit)
    gw_wall_window_set_layout (self, preset_for (first_cell + n));
  fill_cells (self, first_cell, ids, n);
}

void
gw_wall_window_add_camera (GwWallWindow *self,
                           gint64        id)
{
  int cell = gw_wall_view_get_focused_index (self->view);

  g_return_if_fail (GW_IS_WALL_WINDOW (self));

  if (cell < 0)
    for (guint i = 0; i < self->cameras->len && cell < 0; i++)
      if (g_array_index (self->cameras, gint64, i) == 0)
        cell = (int) i;
  fill_cells (self, (guint) MAX (cell, 0), &id, 1);
}

typedef struct {
  double     lon, lat;
  char      *grid_code;
  GPtrArray *entries;   /* answer: GwCameraEntry, nearest first, the grid's first */
} NearRead;

static void
near_read_free (NearRead *r)
{
  g_free (r->grid_code);
  g_clear_pointer (&r->entries, g_ptr_array_unref);
  g_free (r);
}

typedef struct {
  GwCameraEntry *entry;
  double         d2;
} Ranked;

static gint
by_rank (gconstpointer a,
         gconstpointer b)
{
  const Ranked *x = a, *y = b;

  return x->d2 < y->d2 ? -1 : x->d2 > y->d2;
}

/* Cameras nearest first, by the squared distance on a local flat earth (a county's size). */
static void
take_nearest (NearRead   *r,
              GPtrArray  *entries,
              GHashTable *taken)
{
  g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), entries->len);
  double k = cos (r->lat * G_PI / 180);

  for (guint i = 0; i < entries->len; i++)
    {
      GwCameraEntry *e = g_ptr_array_index (entries, i);
      Ranked x = { e, (e->lon - r->lon) * (e->lon - r->lon) * k * k + (e->lat - r->lat) * (e->lat - r->lat) };

      if (!g_hash_table_contains (taken, &e->id))
        g_array_append_val (ranked, x);
    }
  g_array_sort (ranked, by_rank);
  for (guint i = 0; i < ranked->len && r->entries->len < NEAR_COUNT; i++)
    {
      GwCameraEntry *e = g_array_index (ranked, Ranked, i).entry;

      g_ptr_array_add (r->entries, gw_camera_entry_ref (e));
      g_hash_table_add (taken, &e->id);
    }
}

static gpointer
near_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  NearRead *r = data;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) nearest = NULL;

  r->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_entry_unref);
  /* The ticket's own grid first (nearest first), then the nearest of the others. */
  if (r->grid_code != NULL)
    {
      g_autoptr(GPtrArray) in_grid = gw_db_list_camera_entries_in_division (db, r->grid_code, error);

      if (in_grid == NULL)
        return NULL;
      take_nearest (r, in_grid, taken);
    }
  nearest = gw_db_list_nearest_camera_entries (db, r->lon, r->lat, NEAR_COUNT * 2, error);
  if (nearest == NULL)
    return NULL;
  take_nearest (r, nearest, taken);
  return r;
}

static void
on_near_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwWallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  NearRead *r = gw_store_read_finish (GW_STORE (object), result, &error);
  g_autoptr(GArray) ids = NULL;

  self->pending_reads--;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (self->view == NULL)
    return;
  if (r->entries->len == 0)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("No camera near this ticket")));
      return;
    }
  ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), NEAR_COUNT);
  for (guint i = 0; i < r->entries->len; i++)
    g_array_append_val (ids, ((GwCameraEntry *) g_ptr_array_index (r->entries, i))->id);
  g_array_set_size (ids, NEAR_COUNT);
  gw_wall_window_stop_tour (self);
  self->pinned = 0;
  gw_wall_window_set_layout (self, NEAR_LAYOUT);
  fill_cells (self, 0, (const gint64 *) ids->data, ids->len);
  gw_wall_view_set_focused_index (self->view, 0);
}

void
gw_wall_window_show_near (GwWallWindow *self,
                          gint64        ticket_id,
                          double        lon,
                          double        lat,
                          const char   *grid_code)
{
  NearRead *r;

  g_return_if_fail (GW_IS_WALL_WINDOW (self));

  self->incident = ticket_id;
  r = g_new0 (NearRead, 1);
  r->lon = lon;
  r->lat = lat;
  r->grid_code = g_strdup (grid_code);
  self->pending_reads++;
  gw_store_read_async (self->store, near_func, r, (GDestroyNotify) near_read_free, NULL, self->cancellable,
                       on_near_read, g_object_ref (self));
}

const char *
gw_wall_window_get_last_snapshot (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);
  return self->last_snapshot;
}

gint64
gw_wall_window_get_incident (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), 0);
  return self->incident;
}

GArray *
gw_wall_window_get_cameras (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);
  return self->cameras;
}

gboolean
gw_wall_window_is_settled (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), FALSE);
  return self->restored && self->pending_reads == 0 && self->entries != NULL;
}

/* Signals from the parts ------------------------------------------------------------------ */

static void
on_entries_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwWallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gw_store_list_camera_entries_finish (GW_STORE (object), result, &error);

  self->pending_reads--;
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      self->entries = g_hash_table_new (g_int64_hash, g_int64_equal);
      return;
    }
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) gw_camera_entry_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      GwCameraEntry *e = g_ptr_array_index (entries, i);

      g_hash_table_insert (self->entries, &e->id, gw_camera_entry_ref (e));
    }
  /* Tiles filled before the names came get their places now. */
  if (self->cameras->len > 0)
    {
      g_autoptr(GArray) again = g_array_copy (self->cameras);

      for (guint i = 0; i < again->len; i++)
        if (g_array_index (again, gint64, i) > 0)
          {
            GwWallTile *tile = gw_wall_view_get_tile (self->view, i);
            GwCamera *camera = tile ? gw_wall_tile_get_camera (tile) : NULL;
            g_autofree char *place = place_of (self, g_array_index (again, gint64, i));

            if (camera != NULL)
              gw_wall_tile_set_camera (tile, camera, place);
          }
    }
}

static void
on_directory_camera (GwWallWindow *self,
                     gint64        id)
{
  gw_wall_window_stop_tour (self);
  gw_wall_window_add_camera (self, id);
}

static void
on_camera_dropped (GwWallWindow *self,
                   guint         index,
                   gint64        id)
{
  gw_wall_window_stop_tour (self);
  fill_cells (self, index, &id, 1);
}

static void
on_tile_activated (GwWallWindow *self,
                   guint         index)
{
  GwWallLayout *layout = gw_wall_view_get_layout (self->view);

  /* Double click or Enter: the tile alone, and back. */
  if (layout != NULL && gw_wall_layout_get_n_cells (layout) > 1)
    {
      gw_wall_view_set_focused_index (self->view, (int) index);
      gtk_widget_activate_action (GTK_WIDGET (self), "wall.tile-fullscreen", NULL);
    }
}

static void
on_focus_changed (GwWallWindow *self)
{
  save_later (self);
}

/* Actions -------------------------------------------------------------------------------- */

static void
layout_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  gw_wall_window_set_layout (GW_WALL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_layout_saved (GwWallWindow *self,
                 GwWallLayout *layout)
{
  gw_wall_book_set_layout (self->book, layout);
  gw_wall_book_save_async (self->book, NULL, NULL, NULL);
  gw_wall_window_set_layout (self, gw_wall_layout_get_id (layout));
}

static void
new_layout_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  GtkWidget *editor = gw_layout_editor_new (GTK_WINDOW (self), gw_wall_view_get_layout (self->view));

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_layout_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
tile_fullscreen_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  int focused = gw_wall_view_get_focused_index (self->view);

  if (gw_wall_view_get_fullscreen_index (self->view) >= 0)
    gw_wall_view_set_fullscreen_index (self->view, -1);
  else if (focused >= 0)
    gw_wall_view_set_fullscreen_index (self->view, focused);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);

  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
  save_later (self);
}

static void
monitor_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  const char *connector = g_variant_get_string (parameter, NULL);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      if (g_strcmp0 (gdk_monitor_get_connector (monitor), connector) == 0)
        {
          g_free (self->monitor);
          self->monitor = g_strdup (connector);
          gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
          save_later (self);
          return;
        }
    }
}

static void
clear_tile_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  int focused = gw_wall_view_get_focused_index (self->view);
  gint64 none = 0;

  if (focused >= 0)
    fill_cells (self, (guint) focused, &none, 1);
}

static void
pin_action (GtkWidget  *widget,
            const char *name,
            GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  int focused = gw_wall_view_get_focused_index (self->view);

  if (focused < 0 || focused >= 64)
    return;
  self->pinned ^= G_GUINT64_CONSTANT (1) << focused;
  apply_pins (self);
  save_later (self);
}

static void
tour_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  gw_wall_window_start_tour (GW_WALL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
stop_tour_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  gw_wall_window_stop_tour (GW_WALL_WINDOW (widget));
}

static void
on_tour_name (AdwMessageDialog *dialog,
              const char       *response,
              GwWallWindow     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "gw-name");
  GtkSpinButton *dwell = g_object_get_data (G_OBJECT (dialog), "gw-dwell");
  g_autoptr(GwTour) tour = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  tour = gw_wall_window_save_tour (self, gtk_editable_get_text (entry), (guint) gtk_spin_button_get_value_as_int (dwell));
  gw_wall_window_start_tour (self, gw_tour_get_id (tour));
}

static void
save_tour_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dwell = gtk_spin_button_new_with_range (GW_TOUR_MIN_DWELL, GW_TOUR_MAX_DWELL, 5);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_("Seconds per page"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save as Tour"),
                                                       _("The wall's cameras become a tour: they rotate "
                                                         "through the cells that are not pinned.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Tour name"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (dwell), 10);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), dwell);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), row);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  g_object_set_data (G_OBJECT (dialog), "gw-name", entry);
  g_object_set_data (G_OBJECT (dialog), "gw-dwell", dwell);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_tour_name), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  GwWallWindow *self;
  char         *path;
} Snapshot;

static void
on_snapshot_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Snapshot *snap = user_data;
  g_autoptr(GwWallWindow) self = snap->self;
  g_autofree char *path = snap->path;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_free (snap);
  if (!gw_wall_tile_snapshot_finish (GW_WALL_TILE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  g_free (self->last_snapshot);
  self->last_snapshot = g_strdup (path);
  /* TRANSLATORS: %s is the picture's file */
  text = g_strdup_printf (_("Frame saved as %s"), path);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
  /* The wall shows a ticket's cameras: the frame is that ticket's evidence (the console's
   * window attaches it, and says here how it went). */
  if (self->incident != 0)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (app != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (app), "attach-evidence",
                                        g_variant_new ("(xs)", self->incident, path));
    }
}

void
gw_wall_window_show_message (GwWallWindow *self,
                             const char   *message)
{
  g_return_if_fail (GW_IS_WALL_WINDOW (self));
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
snapshot_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);
  int focused = gw_wall_view_get_focused_index (self->view);
  GwWallTile *tile = focused >= 0 ? gw_wall_view_get_tile (self->view, (guint) focused) : NULL;
  GwCamera *camera = tile ? gw_wall_tile_get_camera (tile) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *file_name = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;

  if (camera == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Select a tile with a camera first")));
      return;
    }
  dir = g_build_filename (g_get_user_special_dir (G_USER_DIRECTORY_PICTURES) ? g_get_user_special_dir (G_USER_DIRECTORY_PICTURES)
                                                                             : g_get_home_dir (),
                          "Gridwatch", NULL);
  if (self->incident != 0)
    file_name = g_strdup_printf ("%s-%s-ticket%" G_GINT64_FORMAT ".png", camera->id, stamp, self->incident);
  else
    file_name = g_strdup_printf ("%s-%s.png", camera->id, stamp);
  file = g_file_new_build_filename (dir, file_name, NULL);
  {
    Snapshot *snap = g_new0 (Snapshot, 1);

    snap->self = g_object_ref (self);
    snap->path = g_file_get_path (file);
    gw_wall_tile_snapshot_async (tile, file, self->cancellable, on_snapshot_saved, snap);
  }
}

static void
on_new_window (GwWallWindow *self)
{
  guint n = 1;
  g_autofree char *id = NULL;
  GwWallWindow *window;

  /* The first id no window of the application uses. */
  for (;; n++)
    {
      gboolean used = FALSE;

      g_free (id);
      id = g_strdup_printf ("wall-%u", n);
      for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (self))); l; l = l->next)
        if (GW_IS_WALL_WINDOW (l->data) && g_strcmp0 (GW_WALL_WINDOW (l->data)->id, id) == 0)
          used = TRUE;
      if (!used)
        break;
    }
  window = gw_wall_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->store, self->book, id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
new_window_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  on_new_window (GW_WALL_WINDOW (widget));
}

static void
toggle_panel_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  GwWallWindow *self = GW_WALL_WINDOW (widget);

  gtk_widget_set_visible (self->panel, !gtk_widget_get_visible (self->panel));
}

/* Menus ------------------------------------------------------------------------------- */

static GMenuModel *
layout_menu (GwWallWindow *self)
{
  GMenu *menu = g_menu_new ();
  GMenu *presets = g_menu_new ();
  GMenu *custom = g_menu_new ();
  GMenu *more = g_menu_new ();
  g_autoptr(GPtrArray) all = gw_wall_layout_list_presets ();
  g_autoptr(GPtrArray) saved = gw_wall_book_list_layouts (self->book);

  for (guint i = 0; i < all->len; i++)
    {
      GwWallLayout *l = g_ptr_array_index (all, i);
      g_autofree char *action = g_strdup_printf ("wall.layout('%s')", gw_wall_layout_get_id (l));

      g_menu_append (presets, gw_wall_layout_get_name (l), action);
    }
  for (guint i = 0; saved && i < saved->len; i++)
    {
      GwWallLayout *l = g_ptr_array_index (saved, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gw_wall_layout_get_name (l), NULL);

      g_menu_item_set_action_and_target_value (item, "wall.layout", g_variant_new_string (gw_wall_layout_get_id (l)));
      g_menu_append_item (custom, item);
    }
  g_menu_append (more, _("_New Layout…"), "wall.new-layout");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (presets));
  if (saved && saved->len > 0)
    g_menu_append_section (menu, _("Saved"), G_MENU_MODEL (custom));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  g_object_unref (presets);
  g_object_unref (custom);
  g_object_unref (more);
  return G_MENU_MODEL (menu);
}

static GMenuModel *
tour_menu (GwWallWindow *self)
{
  GMenu *menu = g_menu_new ();
  GMenu *tours = g_menu_new ();
  GMenu *more = g_menu_new ();
  g_autoptr(GPtrArray) saved = gw_wall_book_list_tours (self->book);

  for (guint i = 0; saved && i < saved->len; i++)
    {
      GwTour *t = g_ptr_array_index (saved, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gw_tour_get_name (t), NULL);

      g_menu_item_set_action_and_target_value (item, "wall.tour", g_variant_new_string (gw_tour_get_id (t)));
      g_menu_append_item (tours, item);
    }
  g_menu_append (more, _("Save Cameras as _Tour…"), "wall.save-tour");
  g_menu_append (more, _("_Stop Tour"), "wall.stop-tour");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (tours));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  g_object_unref (tours);
  g_object_unref (more);
  return G_MENU_MODEL (menu);
}

static GMenuModel *
monitor_menu (GwWallWindow *self)
{
  GMenu *menu = g_menu_new ();
  GMenu *screens = g_menu_new ();
  GMenu *more = g_menu_new ();
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);
      GdkRectangle geometry;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (connector == NULL)
        continue;
      gdk_monitor_get_geometry (monitor, &geometry);
      /* TRANSLATORS: a monitor in the full-screen menu: its connector, its size in pixels */
      label = g_strdup_printf (_("Full Screen on %s (%d × %d)"), connector, geometry.width, geometry.height);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "wall.monitor", g_variant_new_string (connector));
      g_menu_append_item (screens, item);
    }
  g_menu_append (more, _("_Full Screen"), "wall.fullscreen");
  g_menu_append (more, _("New _Wall Window"), "wall.new-window");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (screens));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  g_object_unref (screens);
  g_object_unref (more);
  return G_MENU_MODEL (menu);
}

static void
refresh_menus (GwWallWindow *self)
{
  g_autoptr(GMenuModel) layouts = layout_menu (self);
  g_autoptr(GMenuModel) tours = tour_menu (self);
  g_autoptr(GMenuModel) monitors = monitor_menu (self);

  gtk_menu_button_set_menu_model (self->layout_button, layouts);
  gtk_menu_button_set_menu_model (self->tour_button, tours);
  gtk_menu_button_set_menu_model (self->monitor_button, monitors);
}

static void
on_book_any_change (GwWallWindow *self)
{
  refresh_menus (self);
}

/* The window ------------------------------------------------------------------------------ */

static void
build (GwWallWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *panel_button = gtk_toggle_button_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Video Wall"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_button_set_icon_name (GTK_BUTTON (panel_button), "sidebar-show-symbolic");
  gtk_widget_set_tooltip_text (panel_button, _("Cameras (F4)"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (panel_button), TRUE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), panel_button);

  self->layout_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->layout_button, "view-grid-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->layout_button), _("Layout"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->layout_button));
  self->tour_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->tour_button, "media-playlist-repeat-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tour_button), _("Tours"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->tour_button));
  self->monitor_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->monitor_button, "video-display-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->monitor_button), _("Screens"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->monitor_button));
  gtk_box_append (GTK_BOX (toolbar), header);

  self->directory = GW_CAMERA_DIRECTORY (gw_camera_directory_new (self->store));
  self->panel = GTK_WIDGET (self->directory);
  gtk_widget_set_size_request (self->panel, 320, -1);
  g_object_bind_property (panel_button, "active", self->panel, "visible", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->view = GW_WALL_VIEW (gw_wall_view_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  gtk_box_append (GTK_BOX (body), self->panel);
  gtk_box_append (GTK_BOX (body), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (toolbar), body);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, toolbar);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));

  g_signal_connect_object (self->directory, "camera-activated", G_CALLBACK (on_directory_camera), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "camera-dropped", G_CALLBACK (on_camera_dropped), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "tile-activated", G_CALLBACK (on_tile_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "focus-changed", G_CALLBACK (on_focus_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->book, "changed", G_CALLBACK (on_book_any_change), self, G_CONNECT_SWAPPED);
  refresh_menus (self);
}

static void
gw_wall_window_dispose (GObject *object)
{
  GwWallWindow *self = GW_WALL_WINDOW (object);

  if (self->save_id != 0)
    {
      /* The last change is kept, not lost with the window. */
      g_clear_handle_id (&self->save_id, g_source_remove);
      if (self->view != NULL && self->book != NULL)
        on_save (self);
    }
  g_clear_handle_id (&self->tour_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->book != NULL)
    g_signal_handlers_disconnect_by_data (self->book, self);
  self->view = NULL;
  G_OBJECT_CLASS (gw_wall_window_parent_class)->dispose (object);
}

static void
gw_wall_window_finalize (GObject *object)
{
  GwWallWindow *self = GW_WALL_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->book);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->cameras, g_array_unref);
  g_clear_pointer (&self->tour, gw_tour_unref);
  g_free (self->id);
  g_free (self->monitor);
  g_free (self->last_snapshot);
  G_OBJECT_CLASS (gw_wall_window_parent_class)->finalize (object);
}

static void
gw_wall_window_class_init (GwWallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_wall_window_dispose;
  object_class->finalize = gw_wall_window_finalize;

  gtk_widget_class_install_action (widget_class, "wall.layout", "s", layout_action);
  gtk_widget_class_install_action (widget_class, "wall.new-layout", NULL, new_layout_action);
  gtk_widget_class_install_action (widget_class, "wall.tile-fullscreen", NULL, tile_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "wall.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "wall.monitor", "s", monitor_action);
  gtk_widget_class_install_action (widget_class, "wall.clear-tile", NULL, clear_tile_action);
  gtk_widget_class_install_action (widget_class, "wall.pin", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "wall.tour", "s", tour_action);
  gtk_widget_class_install_action (widget_class, "wall.stop-tour", NULL, stop_tour_action);
  gtk_widget_class_install_action (widget_class, "wall.save-tour", NULL, save_tour_action);
  gtk_widget_class_install_action (widget_class, "wall.snapshot", NULL, snapshot_action);
  gtk_widget_class_install_action (widget_class, "wall.new-window", NULL, new_window_action);
  gtk_widget_class_install_action (widget_class, "wall.toggle-panel", NULL, toggle_panel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "wall.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "wall.toggle-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "wall.clear-tile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "wall.pin", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "wall.snapshot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "wall.new-window", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "wall.save-tour", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK, "wall.stop-tour", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "wall.layout", "s", "1");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "wall.layout", "s", "4");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_9, GDK_CONTROL_MASK, "wall.layout", "s", "9");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_CONTROL_MASK, "wall.layout", "s", "16");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK, "wall.layout", "s", "25");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "wall.layout", "s", "36");
}

static void
gw_wall_window_init (GwWallWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->cameras = g_array_new (FALSE, TRUE, sizeof (gint64));
}

GwWallWindow *
gw_wall_window_new (GtkApplication *application,
                    GwStore        *store,
                    GwWallBook     *book,
                    const char     *id)
{
  GwWallWindow *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_WALL_BOOK (book), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (GW_TYPE_WALL_WINDOW, "application", application, "title", _("Video Wall"),
                       "default-width", 1600, "default-height", 960, NULL);
  self->store = g_object_ref (store);
  self->book = g_object_ref (book);
  self->id = g_strdup (id);
  build (self);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);
  self->pending_reads++;
  gw_store_list_camera_entries_async (store, self->cancellable, on_entries_read, g_object_ref (self));
  restore (self);
  return self;
}

const char *
gw_wall_window_get_id (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);
  return self->id;
}

GwWallView *
gw_wall_window_get_view (GwWallWindow *self)
{
  g_return_val_if_fail (GW_IS_WALL_WINDOW (self), NULL);
  return self->view;
}
