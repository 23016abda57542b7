/* gw-seat-bar.c: the band under the header bar that says a seat is offline.
 *
 * While the sync client is OFFLINE the seat works on its own copy of the tickets and
 * keeps the officer's actions for later: the band slides in and says so, with the count of
 * actions waiting. It is a band, never a dialog; it goes when the seat is back.
 */
#define G_LOG_DOMAIN "gw-seat-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-seat-bar.h"

struct _GwSeatBar
{
  GtkWidget     parent_instance;

  GtkWidget    *revealer;
  GtkWidget    *label;

  GwSyncClient *client;
};

G_DEFINE_FINAL_TYPE (GwSeatBar, gw_seat_bar, GTK_TYPE_WIDGET)

static void
update (GwSeatBar *self)
{
  g_autofree char *message = NULL;
  gboolean offline;
  guint pending;

  offline = self->client != NULL &&
            gw_sync_client_get_state (self->client) == GW_SYNC_STATE_OFFLINE;
  pending = self->client != NULL ? gw_sync_client_get_pending (self->client) : 0;

  if (pending > 0)
    message = g_strdup_printf (ngettext ("This seat is offline and working on its own copy; "
                                         "%u action is waiting to be sent. Reconnecting…",
                                         "This seat is offline and working on its own copy; "
                                         "%u actions are waiting to be sent. Reconnecting…",
                                         pending),
                               pending);
  else
    message = g_strdup (_("This seat is offline and working on its own copy; no action is "
                          "waiting to be sent. Reconnecting…"));

  gtk_label_set_label (GTK_LABEL (self->label), message);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), offline);
}

static void
gw_seat_bar_dispose (GObject *object)
{
  GwSeatBar *self = GW_SEAT_BAR (object);

  gw_seat_bar_set_client (self, NULL);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_seat_bar_parent_class)->dispose (object);
}

static void
gw_seat_bar_class_init (GwSeatBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_seat_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "seatbar");
}

static void
gw_seat_bar_init (GwSeatBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name ("network-offline-symbolic");

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0);
  gtk_widget_set_hexpand (self->label, TRUE);

  gtk_widget_add_css_class (box, "seat-offline");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), self->label);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  update (self);
}

void
gw_seat_bar_set_client (GwSeatBar    *self,
                        GwSyncClient *client)
{
  g_return_if_fail (GW_IS_SEAT_BAR (self));
  g_return_if_fail (client == NULL || GW_IS_SYNC_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, update, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_swapped (client, "notify::state", G_CALLBACK (update), self);
      g_signal_connect_swapped (client, "notify::pending", G_CALLBACK (update), self);
    }

  if (self->revealer != NULL)
    update (self);
}

gboolean
gw_seat_bar_get_revealed (GwSeatBar *self)
{
  g_return_val_if_fail (GW_IS_SEAT_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

const char *
gw_seat_bar_get_message (GwSeatBar *self)
{
  g_return_val_if_fail (GW_IS_SEAT_BAR (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->label));
}
