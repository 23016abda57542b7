/* gw-sign-in-page.c: the seat's sign-in form, a page of the main window's stack.
 *
 * The officer's username and password go to the server through the seat's sync client;
 * a refusal or an unreachable server is said on the page itself, never in a dialog. A
 * successful sign-in changes the client's state, which the window follows.
 */
#define G_LOG_DOMAIN "gw-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-sign-in-page.h"

struct _GwSignInPage
{
  AdwBin         parent_instance;

  GtkWidget     *username_entry;
  GtkWidget     *password_entry;
  GtkWidget     *sign_in_button;
  GtkWidget     *error_label;

  GwSyncClient  *client;
  GCancellable  *cancellable;   /* of the sign-in under way */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (GwSignInPage, gw_sign_in_page, ADW_TYPE_BIN)

static void
set_busy (GwSignInPage *self,
          gboolean      busy)
{
  /* The entries keep the focus (an insensitive entry would lose it): only the button
   * says that a sign-in is under way. */
  self->busy = busy;
  gtk_editable_set_editable (GTK_EDITABLE (self->username_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
}

static void
show_error (GwSignInPage *self,
            const char   *message)
{
  gtk_label_set_label (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, message != NULL && *message != '\0');
}

static void
on_client_sign_in (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (self->password_entry);
      return;
    }

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
}

static void
sign_in (GwSignInPage *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->client == NULL || self->busy)
    return;

  if (*username == '\0')
    {
      show_error (self, _("Enter your username."));
      gtk_widget_grab_focus (self->username_entry);
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (self->password_entry);
      return;
    }

  show_error (self, "");
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gw_sync_client_sign_in_async (self->client, username, password, self->cancellable,
                                on_client_sign_in, g_object_ref (self));
}

static void
on_username_entry_activate (GwSignInPage *self)
{
  gtk_widget_grab_focus (self->password_entry);
}

static void
gw_sign_in_page_dispose (GObject *object)
{
  GwSignInPage *self = GW_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (gw_sign_in_page_parent_class)->dispose (object);
}

static void
gw_sign_in_page_class_init (GwSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_sign_in_page_dispose;
}

static void
gw_sign_in_page_init (GwSignInPage *self)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-users-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Sign In"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("This seat keeps its own copy of your jurisdiction’s "
                                     "tickets. Sign in to the server to fetch it."));

  self->username_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->username_entry), _("Username"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->username_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Username"), -1);
  g_signal_connect_swapped (self->username_entry, "activate",
                            G_CALLBACK (on_username_entry_activate), self);

  self->password_entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->password_entry), TRUE);
  g_object_set (self->password_entry, "placeholder-text", _("Password"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (sign_in), self);

  self->sign_in_button = gtk_button_new_with_mnemonic (_("_Sign In"));
  gtk_widget_set_halign (self->sign_in_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->sign_in_button, 6);
  gtk_widget_add_css_class (self->sign_in_button, "pill");
  gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in), self);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->error_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 320, -1);
  gtk_box_append (GTK_BOX (box), self->username_entry);
  gtk_box_append (GTK_BOX (box), self->password_entry);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), self->sign_in_button);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), box);

  adw_bin_set_child (ADW_BIN (self), status);
}

void
gw_sign_in_page_set_client (GwSignInPage *self,
                            GwSyncClient *client)
{
  g_return_if_fail (GW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (client == NULL || GW_IS_SYNC_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->client, client);
  set_busy (self, FALSE);
}

void
gw_sign_in_page_sign_in (GwSignInPage *self,
                         const char   *username,
                         const char   *password)
{
  g_return_if_fail (GW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (username != NULL && password != NULL);

  if (self->busy)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  sign_in (self);
}

GtkEditable *
gw_sign_in_page_get_username_entry (GwSignInPage *self)
{
  g_return_val_if_fail (GW_IS_SIGN_IN_PAGE (self), NULL);

  return GTK_EDITABLE (self->username_entry);
}

GtkEditable *
gw_sign_in_page_get_password_entry (GwSignInPage *self)
{
  g_return_val_if_fail (GW_IS_SIGN_IN_PAGE (self), NULL);

  return GTK_EDITABLE (self->password_entry);
}

const char *
gw_sign_in_page_get_error (GwSignInPage *self)
{
  g_return_val_if_fail (GW_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->error_label));
}
