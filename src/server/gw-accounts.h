/* gw-accounts.h: the server's accounts: users with a role and a jurisdiction, passwords
 * hashed with Argon2id (libsodium), random bearer tokens with an expiry.
 *
 * These run on a GwDb (the server calls them on its store thread). Tokens are returned to
 * the caller once and only their SHA-256 is stored.
 */
#pragma once

#include "gw-db.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

#define GW_ACCOUNTS_ERROR (gw_accounts_error_quark ())
GQuark gw_accounts_error_quark (void);

typedef enum {
  GW_ACCOUNTS_ERROR_INVALID,      /* a bad username, role, division, department or password */
  GW_ACCOUNTS_ERROR_EXISTS,       /* the username is taken */
  GW_ACCOUNTS_ERROR_NOT_FOUND,    /* no such user */
  GW_ACCOUNTS_ERROR_DENIED,       /* wrong username or password, or a disabled account */
  GW_ACCOUNTS_ERROR_EXPIRED,      /* an unknown or expired token */
  GW_ACCOUNTS_ERROR_FAILED,       /* libsodium could not be initialised or hash */
} GwAccountsError;

/* Token lifetime: 12 hours, a long duty shift. */
#define GW_ACCOUNTS_TOKEN_SECONDS (12 * 3600)

typedef struct {
  gint64   id;
  char    *username;
  char    *display_name;
  GwRole   role;
  char    *division_code;     /* jurisdiction (NULL for department handlers) */
  GwLevel  level;             /* that division's level */
  char    *department_code;   /* department handlers */
  gboolean disabled;
} GwUser;

void     gw_user_free              (GwUser *user);
/* The workflow actor this user acts as (borrows the user's strings). */
GwActor  gw_user_as_actor          (const GwUser *user);

/* Passwords: at least 8 characters. Usernames: 3–32 of [a-z0-9._-]. A division user must
 * name an existing division; a department handler an existing department. */
gboolean gw_accounts_add_user      (GwDb        *db,
                                    const char  *username,
                                    const char  *display_name,
                                    GwRole       role,
                                    const char  *division_code,
                                    const char  *department_code,
                                    const char  *password,
                                    GError     **error);
/* The same for a seat's account in a drill's copy (gw-drill.h, made by gridwatchd --drill):
 * a scenario's password may be shorter (its default is "drill"); it opens only the copy. */
gboolean gw_accounts_add_drill_user (GwDb        *db,
                                    const char  *username,
                                    const char  *display_name,
                                    GwRole       role,
                                    const char  *division_code,
                                    const char  *department_code,
                                    const char  *password,
                                    GError     **error);
gboolean gw_accounts_set_password  (GwDb        *db,
                                    const char  *username,
                                    const char  *password,
                                    GError     **error);
/* Disabling also revokes every token of the user. */
gboolean gw_accounts_set_disabled  (GwDb        *db,
                                    const char  *username,
                                    gboolean     disabled,
                                    GError     **error);
GwUser  *gw_accounts_get_user      (GwDb        *db,
                                    const char  *username,
                                    GError     **error);

/* Checks the password and issues a token (newly allocated, 43 URL-safe characters) valid
 * for GW_ACCOUNTS_TOKEN_SECONDS from now. The same error for an unknown user and a wrong
 * password. */
char    *gw_accounts_login         (GwDb        *db,
                                    const char  *username,
                                    const char  *password,
                                    gint64       now,
                                    GwUser     **user,
                                    GError     **error);
/* The user a token belongs to, if it is valid at now. */
GwUser  *gw_accounts_check_token   (GwDb        *db,
                                    const char  *token,
                                    gint64       now,
                                    GError     **error);
gboolean gw_accounts_logout        (GwDb        *db,
                                    const char  *token,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwUser, gw_user_free)

G_END_DECLS
