/* gw-seat-status.c: the header bar's connection indicator of a seat.
 *
 * An icon and the sync state's words (with how much of the snapshot file has arrived while
 * a new seat downloads it), and how many of the officer's actions wait to be sent when any
 * do. It follows the client's "state", "pending" and "snapshot-received" properties.
 */
#define G_LOG_DOMAIN "gw-seat-status"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-seat-status.h"

struct _GwSeatStatus
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *icon;
  GtkWidget    *label;
  GtkWidget    *pending_label;

  GwSyncClient *client;
};

G_DEFINE_FINAL_TYPE (GwSeatStatus, gw_seat_status, GTK_TYPE_WIDGET)

static const char *
state_icon_name (GwSyncState state)
{
  switch (state)
    {
    case GW_SYNC_STATE_CONNECTING:
    case GW_SYNC_STATE_SYNCING:
      return "network-transmit-symbolic";
    case GW_SYNC_STATE_ONLINE:
      return "network-transmit-receive-symbolic";
    case GW_SYNC_STATE_SIGNED_OUT:
    case GW_SYNC_STATE_OFFLINE:
    default:
      return "network-offline-symbolic";
    }
}

static void
update (GwSeatStatus *self)
{
  GwSyncState state;
  guint pending;
  guint64 received = 0, size = 0;
  g_autofree char *waiting = NULL;
  g_autofree char *progress = NULL;

  gtk_widget_set_visible (self->box, self->client != NULL);
  if (self->client == NULL)
    return;

  state = gw_sync_client_get_state (self->client);
  pending = gw_sync_client_get_pending (self->client);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), state_icon_name (state));
  gw_sync_client_get_snapshot_progress (self->client, &received, &size);
  if (state == GW_SYNC_STATE_SYNCING && size > 0)
    /* TRANSLATORS: a new seat downloads its county; how much of it has arrived */
    progress = g_strdup_printf (_("Synchronizing… %u%%"), (guint) (MIN (received, size) * 100 / size));
  gtk_label_set_label (GTK_LABEL (self->label), progress != NULL ? progress : gw_sync_state_to_label (state));
  gtk_widget_set_tooltip_text (self->box, gw_sync_state_to_label (state));

  if (state == GW_SYNC_STATE_OFFLINE || state == GW_SYNC_STATE_SIGNED_OUT)
    gtk_widget_add_css_class (self->box, "warning");
  else
    gtk_widget_remove_css_class (self->box, "warning");

  if (pending > 0)
    /* TRANSLATORS: how many of the officer's actions wait to be sent to the server */
    waiting = g_strdup_printf (ngettext ("%u waiting", "%u waiting", pending), pending);
  gtk_label_set_label (GTK_LABEL (self->pending_label), waiting != NULL ? waiting : "");
  gtk_widget_set_visible (self->pending_label, pending > 0);
}

static void
gw_seat_status_dispose (GObject *object)
{
  GwSeatStatus *self = GW_SEAT_STATUS (object);

  gw_seat_status_set_client (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_seat_status_parent_class)->dispose (object);
}

static void
gw_seat_status_class_init (GwSeatStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_seat_status_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "seatstatus");
}

static void
gw_seat_status_init (GwSeatStatus *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->icon = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  self->pending_label = gtk_label_new (NULL);

  gtk_widget_add_css_class (self->pending_label, "seat-pending");
  gtk_widget_add_css_class (self->pending_label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (self->label), 28);

  gtk_box_append (GTK_BOX (self->box), self->icon);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_box_append (GTK_BOX (self->box), self->pending_label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  update (self);
}

void
gw_seat_status_set_client (GwSeatStatus *self,
                           GwSyncClient *client)
{
  g_return_if_fail (GW_IS_SEAT_STATUS (self));
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
      g_signal_connect_swapped (client, "notify::snapshot-received", G_CALLBACK (update), self);
    }

  if (self->box != NULL)
    update (self);
}

const char *
gw_seat_status_get_label (GwSeatStatus *self)
{
  g_return_val_if_fail (GW_IS_SEAT_STATUS (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->label));
}

const char *
gw_seat_status_get_pending (GwSeatStatus *self)
{
  g_return_val_if_fail (GW_IS_SEAT_STATUS (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->pending_label));
}
