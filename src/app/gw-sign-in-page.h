/* gw-sign-in-page.h: the seat's sign-in form, a page of the main window's stack. */
#pragma once

#include <adwaita.h>

#include "gw-sync-client.h"

G_BEGIN_DECLS

#define GW_TYPE_SIGN_IN_PAGE (gw_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (GwSignInPage, gw_sign_in_page, GW, SIGN_IN_PAGE, AdwBin)

/* The client the form signs in with (NULL: the form does nothing). */
void         gw_sign_in_page_set_client         (GwSignInPage *self,
                                                 GwSyncClient *client);

/* Fills the form and signs in, as if the officer had typed it: a refusal shows on the form. */
void         gw_sign_in_page_sign_in            (GwSignInPage *self,
                                                 const char   *username,
                                                 const char   *password);

GtkEditable *gw_sign_in_page_get_username_entry (GwSignInPage *self);
GtkEditable *gw_sign_in_page_get_password_entry (GwSignInPage *self);
/* Why the last attempt failed, or "". */
const char  *gw_sign_in_page_get_error          (GwSignInPage *self);

G_END_DECLS
