/* gw-main-window-wall.c: the video walls opened from the console.
 *
 * Ctrl+Shift+W opens the walls the book remembers (or a first one); F7 fills a wall with
 * the cameras near the selected ticket. The wall book is loaded once, on a worker, the
 * first time a wall is asked for; what is asked meanwhile waits for it.
 */
#define G_LOG_DOMAIN "gw-main-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-db-attachments.h"
#include "gw-db-pins.h"
#include "gw-main-window-private.h"
#include "gw-sync-client.h"
#include "gw-ticket-detail.h"
#include "gw-wall-window.h"

typedef struct {
  gboolean  near;        /* the cameras near a ticket */
  gint64    ticket_id;
  double    lon, lat;
  char     *division_code;
  GArray   *cameras;     /* cameras sent from the map (gint64), or NULL */
} WallCall;

static void
wall_call_free (WallCall *call)
{
  g_free (call->division_code);
  g_clear_pointer (&call->cameras, g_array_unref);
  g_free (call);
}

/* The wall windows open now, the first one first. */
static GList *
wall_windows (GwMainWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GList *walls = NULL;

  for (GList *l = app ? gtk_application_get_windows (app) : NULL; l; l = l->next)
    if (GW_IS_WALL_WINDOW (l->data))
      walls = g_list_prepend (walls, l->data);
  return walls;
}

static gpointer
centre_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  double *centre = g_new0 (double, 2);

  if (!gw_db_open_tickets_centre (db, &centre[0], &centre[1], error))
    {
      g_free (centre);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no open ticket");
      return NULL;
    }
  return centre;
}

static void
on_centre_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwWallWindow) wall = user_data;
  g_autofree double *centre = gw_store_read_finish (GW_STORE (object), result, NULL);

  /* Nothing open, or the wall was filled meanwhile: it stays as it is. */
  if (centre == NULL || gtk_widget_get_root (GTK_WIDGET (wall)) == NULL)
    return;
  for (guint i = 0; i < gw_wall_window_get_cameras (wall)->len; i++)
    if (g_array_index (gw_wall_window_get_cameras (wall), gint64, i) != 0)
      return;
  gw_wall_window_show_near (wall, 0, centre[0], centre[1], NULL);
}

/* The walls: those open, else those the book remembers, else a first one; a first one
 * opened only to be looked at (`fill`) starts on the cameras where the open tickets are. */
static GwWallWindow *
open_walls (GwMainWindow *self,
            gboolean      fill)
{
  g_autoptr(GList) open = wall_windows (self);
  g_autoptr(GPtrArray) states = NULL;
  GwWallWindow *first = NULL;

  if (open != NULL)
    {
      for (GList *l = open; l; l = l->next)
        gtk_window_present (l->data);
      return open->data;
    }
  states = gw_wall_book_list_windows (self->wall_book);
  for (guint i = 0; i < states->len; i++)
    {
      GwWallWindowState *state = g_ptr_array_index (states, i);
      GwWallWindow *window = gw_wall_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->store,
                                                 self->wall_book, state->id);

      gtk_window_present (GTK_WINDOW (window));
      if (first == NULL)
        first = window;
    }
  if (first == NULL)
    {
      first = gw_wall_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->store, self->wall_book,
                                  "wall-1");
      gtk_window_present (GTK_WINDOW (first));
      if (fill)
        gw_store_read_async (self->store, centre_func, NULL, NULL, g_free, NULL, on_centre_read,
                             g_object_ref (first));
    }
  return first;
}

static void
run_call (GwMainWindow *self,
          WallCall     *call)
{
  GwWallWindow *wall;

  if (self->store == NULL)
    return;
  wall = open_walls (self, !call->near && call->cameras == NULL);
  if (call->near)
    {
      gw_wall_window_show_near (wall, call->ticket_id, call->lon, call->lat, call->division_code);
      _gw_main_window_drill_wall_shown (self, wall, call->ticket_id);
    }
  else if (call->cameras != NULL && call->cameras->len == 1)
    gw_wall_window_add_camera (wall, g_array_index (call->cameras, gint64, 0));
  else if (call->cameras != NULL && call->cameras->len > 1)
    gw_wall_window_show_cameras (wall, (const gint64 *) call->cameras->data, call->cameras->len, 0, TRUE);
}

static void
on_book_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwMainWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  /* A broken file is said once; the walls start from the presets and it is kept aside at
   * the next save. */
  if (!gw_wall_book_load_finish (GW_WALL_BOOK (object), result, &error))
    g_warning ("%s", error->message);
  if (self->wall_book != GW_WALL_BOOK (object))
    return;
  self->wall_book_ready = TRUE;
  waiting = g_steal_pointer (&self->wall_waiting);
  for (guint i = 0; waiting && i < waiting->len; i++)
    run_call (self, g_ptr_array_index (waiting, i));
}

static void
call_when_ready (GwMainWindow *self,
                 WallCall     *call)
{
  if (self->wall_book_ready)
    {
      run_call (self, call);
      wall_call_free (call);
      return;
    }
  if (self->wall_waiting == NULL)
    self->wall_waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) wall_call_free);
  g_ptr_array_add (self->wall_waiting, call);
  if (self->wall_book == NULL)
    {
      g_autoptr(GFile) file = gw_wall_book_default_file ();

      self->wall_book = gw_wall_book_new (file);
      gw_wall_book_load_async (self->wall_book, NULL, on_book_loaded, g_object_ref (self));
    }
}

static void
show_wall_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);

  if (self->store == NULL)
    return;
  call_when_ready (self, g_new0 (WallCall, 1));
}

/* F7: the cameras near the ticket in the detail, on the wall. */
static void
wall_near_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GwMainWindow *self = GW_MAIN_WINDOW (widget);
  GwTicket *ticket;
  WallCall *call;

  if (self->store == NULL || self->console_pane == NULL)
    return;
  ticket = gw_ticket_detail_get_ticket (gw_console_pane_get_detail (self->console_pane));
  if (ticket == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  call = g_new0 (WallCall, 1);
  call->near = TRUE;
  call->ticket_id = ticket->id;
  call->lon = ticket->lon;
  call->lat = ticket->lat;
  call->division_code = g_strdup (gw_ticket_get_division_code (ticket));
  call_when_ready (self, call);
}

void
gw_main_window_open_wall_when_ready (GwMainWindow *self)
{
  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) && self->store != NULL && self->officer_name != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-wall", NULL);
  else
    self->open_wall = TRUE;
}

/* The map's cameras (a camera, or a grid's) sent to the wall. */
void
gw_main_window_send_to_wall (GwMainWindow *self,
                             const gint64 *ids,
                             guint         n)
{
  WallCall *call;

  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  if (self->store == NULL || n == 0)
    return;
  call = g_new0 (WallCall, 1);
  call->cameras = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (call->cameras, ids, MIN (n, 36));
  call_when_ready (self, call);
}

void
_gw_main_window_wall_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-wall", NULL, show_wall_action);
  gtk_widget_class_install_action (widget_class, "win.wall-near", NULL, wall_near_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-wall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "win.wall-near", NULL);
}

void
_gw_main_window_wall_init (GwMainWindow *self)
{
}

/* Evidence --------------------------------------------------------------------------- */

typedef struct {
  GwMainWindow *self;
  gint64        ticket_id;
  GFile        *file;
  GBytes       *content;      /* read */
  gint64        now;
  /* Who attaches it, copied on the main thread (the writer thread reads it). */
  gboolean      has_actor;
  GwActor       actor;        /* points into the strings below */
  char         *name;
  char         *division_code;
  char         *department_code;
} Evidence;

static void
evidence_free (Evidence *e)
{
  g_clear_object (&e->self);
  g_clear_object (&e->file);
  g_clear_pointer (&e->content, g_bytes_unref);
  g_free (e->name);
  g_free (e->division_code);
  g_free (e->department_code);
  g_free (e);
}

/* The walls showing this ticket's cameras say how it went. */
static void
tell_walls (GwMainWindow *self,
            gint64        ticket_id,
            const char   *message)
{
  g_autoptr(GList) walls = wall_windows (self);

  for (GList *l = walls; l; l = l->next)
    if (gw_wall_window_get_incident (l->data) == ticket_id)
      gw_wall_window_show_message (l->data, message);
}

static void
evidence_done (Evidence     *e,
               const GError *error)
{
  g_autofree char *message = NULL;

  if (error != NULL)
    /* TRANSLATORS: %s is why a camera's frame could not be attached to the ticket */
    message = g_strdup_printf (_("The frame was saved but not attached to the ticket: %s"), error->message);
  else
    message = g_strdup (_("Frame attached to the ticket as evidence"));
  tell_walls (e->self, e->ticket_id, message);
  evidence_free (e);
}

static void
on_evidence_sent (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  gw_sync_client_attach_finish (GW_SYNC_CLIENT (object), result, &error);
  evidence_done (user_data, error);
}

static gpointer
attach_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  Evidence *e = data;
  g_autofree char *name = g_file_get_basename (e->file);
  GwDbAttachment *a = gw_db_add_attachment (db, e->ticket_id, name, "image/png", e->content,
                                            e->has_actor ? &e->actor : NULL, e->now, NULL, error);

  return a;
}

static void
on_evidence_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gpointer a = gw_store_run_finish (GW_STORE (object), result, &error);

  if (a != NULL)
    gw_db_attachment_free (a);
  evidence_done (user_data, error);
}

static void
on_evidence_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Evidence *e = user_data;
  g_autoptr(GError) error = NULL;

  e->content = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (e->content == NULL || e->self->store == NULL)
    {
      evidence_done (e, error);
      return;
    }
  if (e->self->sync_client != NULL)
    {
      g_autofree char *name = g_file_get_basename (e->file);

      gw_sync_client_attach_async (e->self->sync_client, e->ticket_id, name, "image/png", e->content, NULL,
                                   on_evidence_sent, e);
    }
  else
    {
      e->now = gw_clock_get_now (e->self->clock);
      if (e->self->officer != NULL)
        {
          e->has_actor = TRUE;
          e->actor = e->self->officer->actor;
          e->actor.name = e->name = g_strdup (e->self->officer->actor.name);
          e->actor.division_code = e->division_code = g_strdup (e->self->officer->actor.division_code);
          e->actor.department_code = e->department_code = g_strdup (e->self->officer->actor.department_code);
        }
      gw_store_run_async (e->self->store, attach_func, e, NULL, NULL, NULL, on_evidence_stored, e);
    }
}

/* A frame a wall saved for the ticket it shows becomes the ticket's evidence: through the
 * server on a seat, straight into the county file otherwise, in the officer's name. */
void
gw_main_window_attach_evidence (GwMainWindow *self,
                                gint64        ticket_id,
                                const char   *path)
{
  Evidence *e;

  g_return_if_fail (GW_IS_MAIN_WINDOW (self));

  e = g_new0 (Evidence, 1);
  e->self = g_object_ref (self);
  e->ticket_id = ticket_id;
  e->file = g_file_new_for_path (path);
  g_file_load_bytes_async (e->file, NULL, on_evidence_read, e);
}

void
_gw_main_window_wall_dispose (GwMainWindow *self)
{
  g_clear_pointer (&self->officer, gw_officer_free);
  g_clear_pointer (&self->wall_waiting, g_ptr_array_unref);
  g_clear_object (&self->wall_book);
}
