#define G_LOG_DOMAIN "gw-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-db-private.h"

G_DEFINE_QUARK (gw-accounts-error-quark, gw_accounts_error)

#define USERNAME_MIN       3
#define USERNAME_MAX       32
#define DISPLAY_NAME_MAX   64     /* characters */
#define PASSWORD_MIN       8      /* characters */
#define PASSWORD_MAX       256    /* characters */
#define TOKEN_BYTES        32
#define TOKEN_LENGTH       43     /* TOKEN_BYTES in base64url without padding */

/* The hash a login for an unknown username is checked against, made with the same
 * parameters as real ones (Argon2id, interactive limits) from a random password nobody
 * knows: the answer takes as long as for a real user, so timing does not tell which
 * usernames exist. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
  "$argon2id$v=19$m=65536,t=2,p=1$cvvuuXHeHci2Sz7rsiLfvg$3uhsPBpFCeem4MzotYYxPgX1iEyLciBGfZycxA4gNN4";

/* The columns every user query selects, in the order user_from_row reads them. */
#define USER_COLUMNS \
  "u.id, u.username, u.display_name, u.role, u.division_code, u.department_code, u.disabled," \
  " (SELECT division_id FROM departments WHERE code = u.department_code)"

/* Helpers ------------------------------------------------------------------------------ */

static gboolean
ensure_sodium (GError **error)
{
  static gsize state = 0;   /* 1: ready, 2: failed */

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, sodium_init () < 0 ? 2 : 1);
  if (state == 1)
    return TRUE;
  g_set_error_literal (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_FAILED,
                       _("The password library could not be initialised"));
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_INVALID, format, ap));
  va_end (ap);
  return FALSE;
}

static gboolean
check_username (const char  *username,
                GError     **error)
{
  gsize len;

  if (username == NULL || *username == '\0')
    return invalid (error, _("A username is required"));
  len = strlen (username);
  if (len < USERNAME_MIN || len > USERNAME_MAX)
    return invalid (error, _("The username must have %d to %d characters"), USERNAME_MIN, USERNAME_MAX);
  for (const char *p = username; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      return invalid (error, _("The username may contain only lowercase letters a–z, digits and . _ -"));
  return TRUE;
}

static gboolean
check_display_name (const char  *name,
                    GError     **error)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return invalid (error, _("A display name is required"));
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return invalid (error, _("The display name must not contain control characters"));
  {
    g_autofree char *stripped = g_strstrip (g_strdup (name));
    if (*stripped == '\0')
      return invalid (error, _("A display name is required"));
  }
  if (g_utf8_strlen (name, -1) > DISPLAY_NAME_MAX)
    return invalid (error, _("The display name must have at most %d characters"), DISPLAY_NAME_MAX);
  return TRUE;
}

static gboolean
check_password_min (const char  *password,
                    glong        min,
                    GError     **error)
{
  glong len;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return invalid (error, _("The password must be valid UTF-8 text"));
  len = g_utf8_strlen (password, -1);
  if (len < min)
    return invalid (error, _("The password must have at least %d characters"), (int) min);
  if (len > PASSWORD_MAX)
    return invalid (error, _("The password must have at most %d characters"), PASSWORD_MAX);
  return TRUE;
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  return check_password_min (password, PASSWORD_MIN, error);
}

/* A token as login hands it out: 43 characters of the base64url alphabet. */
static gboolean
token_well_formed (const char *token)
{
  if (token == NULL)
    return FALSE;
  for (guint i = 0; i < TOKEN_LENGTH; i++)
    if (!(g_ascii_isalnum (token[i]) || token[i] == '-' || token[i] == '_'))
      return FALSE;
  return token[TOKEN_LENGTH] == '\0';
}

static gboolean
token_refused (GError **error)
{
  g_set_error_literal (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED,
                       _("The session is unknown or has expired; log in again"));
  return FALSE;
}

static char *
token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static char *
hash_password (const char  *password,
               GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_FAILED,
                           _("The password could not be hashed (out of memory)"));
      return NULL;
    }
  return g_strdup (hash);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Reads USER_COLUMNS from the current row. */
static GwUser *
user_from_row (GwDb          *db,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GwUser) user = g_new0 (GwUser, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, 3);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = column_text (stmt, 1);
  user->display_name = column_text (stmt, 2);
  user->division_code = column_text (stmt, 4);
  user->department_code = column_text (stmt, 5);
  user->disabled = sqlite3_column_int (stmt, 6) != 0;
  user->level = GW_LEVEL_DISTRICT;
  if (!gw_role_from_string (role, &user->role))
    {
      g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_INVALID,
                   _("User %s has an unknown role “%s” in the database"), user->username,
                   role ? role : "");
      return NULL;
    }
  if (user->division_code)
    {
      const GwDbDivision *d = _gw_db_division_by_code (db, user->division_code);
      if (d)
        user->level = d->level;
    }
  else if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    {
      /* A department handler works at the level of the division the department serves. */
      const GwDbDivision *d = _gw_db_division_by_id (db, sqlite3_column_int64 (stmt, 7));
      if (d)
        user->level = d->level;
    }
  return g_steal_pointer (&user);
}

static gboolean
division_exists (GwDb       *db,
                 const char *code)
{
  return _gw_db_division_by_code (db, code) != NULL;
}

static int
department_exists (GwDb        *db,
                   const char  *code,
                   GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT 1 FROM departments WHERE code = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  _gw_db_set_error (db, error, _("looking up a department"));
  return -1;
}

/* The user's id, 0 when there is none (error unset), -1 on failure. */
static gint64
user_id (GwDb        *db,
         const char  *username,
         GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT id FROM users WHERE username = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("looking up a user"));
      return -1;
    }
  return id;
}

static gboolean
not_found (GError     **error,
           const char  *username)
{
  g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND,
               _("There is no user called “%s”"), username);
  return FALSE;
}

static gboolean
revoke_tokens (GwDb    *db,
               gint64   id,
               GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "DELETE FROM tokens WHERE user_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("revoking a user's sessions"));
  return TRUE;
}

/* Savepoints rather than a transaction, so that these may run inside a caller's batch. */
static gboolean
savepoint (GwDb    *db,
           GError **error)
{
  return gw_db_exec (db, "SAVEPOINT gw_accounts", error);
}

static gboolean
release (GwDb    *db,
         GError **error)
{
  if (gw_db_exec (db, "RELEASE gw_accounts", error))
    return TRUE;
  gw_db_exec (db, "ROLLBACK TO gw_accounts; RELEASE gw_accounts", NULL);
  return FALSE;
}

static gboolean
roll_back (GwDb *db)
{
  gw_db_exec (db, "ROLLBACK TO gw_accounts; RELEASE gw_accounts", NULL);
  return FALSE;
}

/* Users -------------------------------------------------------------------------------- */

void
gw_user_free (GwUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->division_code);
  g_free (user->department_code);
  g_free (user);
}

GwActor
gw_user_as_actor (const GwUser *user)
{
  GwActor actor = {
    .name = user->display_name,
    .role = user->role,
    .division_code = user->division_code,
    .level = user->level,
    .department_code = user->department_code,
  };

  return actor;
}

static gboolean add_user (GwDb        *db,
                          const char  *username,
                          const char  *display_name,
                          GwRole       role,
                          const char  *division_code,
                          const char  *department_code,
                          const char  *password,
                          glong        password_min,
                          GError     **error);

gboolean
gw_accounts_add_user (GwDb        *db,
                      const char  *username,
                      const char  *display_name,
                      GwRole       role,
                      const char  *division_code,
                      const char  *department_code,
                      const char  *password,
                      GError     **error)
{
  return add_user (db, username, display_name, role, division_code, department_code, password,
                   PASSWORD_MIN, error);
}

gboolean
gw_accounts_add_drill_user (GwDb        *db,
                            const char  *username,
                            const char  *display_name,
                            GwRole       role,
                            const char  *division_code,
                            const char  *department_code,
                            const char  *password,
                            GError     **error)
{
  return add_user (db, username, display_name, role, division_code, department_code, password,
                   1, error);
}

static gboolean
add_user (GwDb        *db,
          const char  *username,
          const char  *display_name,
          GwRole       role,
          const char  *division_code,
          const char  *department_code,
          const char  *password,
          glong        password_min,
          GError     **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 existing;
  int found;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (division_code && *division_code == '\0')
    division_code = NULL;
  if (department_code && *department_code == '\0')
    department_code = NULL;

  if (!check_username (username, error) || !check_display_name (display_name, error))
    return FALSE;
  if ((guint) role >= GW_N_ROLES)
    return invalid (error, _("Unknown role (%d)"), (int) role);
  if (role == GW_ROLE_DEPARTMENT_HANDLER)
    {
      if (department_code == NULL)
        return invalid (error, _("A department handler needs a department"));
      if (division_code != NULL)
        return invalid (error, _("A department handler belongs to a department, not to a division: give no division"));
      found = department_exists (db, department_code, error);
      if (found < 0)
        return FALSE;
      if (found == 0)
        return invalid (error, _("No department has the code %s"), department_code);
    }
  else
    {
      if (division_code == NULL)
        return invalid (error, _("A user with the role %s needs a division"), gw_role_to_string (role));
      if (department_code != NULL)
        return invalid (error, _("Only department handlers belong to a department"));
      if (!division_exists (db, division_code))
        return invalid (error, _("No division has the code %s"), division_code);
    }
  if (!check_password_min (password, password_min, error))
    return FALSE;

  existing = user_id (db, username, error);
  if (existing < 0)
    return FALSE;
  if (existing > 0)
    {
      g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXISTS,
                   _("The username “%s” is already taken"), username);
      return FALSE;
    }

  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;
  stmt = _gw_db_prepare (db,
      "INSERT INTO users (username, display_name, password_hash, role, division_code,"
      " department_code, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, gw_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, division_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, department_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  sodium_memzero (hash, strlen (hash));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (gw_db_get_handle (db)) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXISTS,
                       _("The username “%s” is already taken"), username);
          return FALSE;
        }
      return _gw_db_set_error (db, error, _("saving a user"));
    }
  return TRUE;
}

gboolean
gw_accounts_set_password (GwDb        *db,
                          const char  *username,
                          const char  *password,
                          GError     **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (username == NULL)
    return not_found (error, "");
  if (!check_password (password, error))
    return FALSE;
  id = user_id (db, username, error);
  if (id < 0)
    return FALSE;
  if (id == 0)
    return not_found (error, username);
  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  /* A new password ends every session opened with the old one. */
  if (!savepoint (db, error))
    return FALSE;
  stmt = _gw_db_prepare (db, "UPDATE users SET password_hash = ? WHERE id = ?", error);
  if (stmt == NULL)
    return roll_back (db);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  sodium_memzero (hash, strlen (hash));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("saving a password"));
      return roll_back (db);
    }
  if (!revoke_tokens (db, id, error))
    return roll_back (db);
  return release (db, error);
}

gboolean
gw_accounts_set_disabled (GwDb        *db,
                          const char  *username,
                          gboolean     disabled,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (username == NULL)
    return not_found (error, "");
  id = user_id (db, username, error);
  if (id < 0)
    return FALSE;
  if (id == 0)
    return not_found (error, username);

  if (!savepoint (db, error))
    return FALSE;
  stmt = _gw_db_prepare (db, "UPDATE users SET disabled = ? WHERE id = ?", error);
  if (stmt == NULL)
    return roll_back (db);
  sqlite3_bind_int (stmt, 1, disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("saving a user"));
      return roll_back (db);
    }
  if (disabled && !revoke_tokens (db, id, error))
    return roll_back (db);
  return release (db, error);
}

GwUser *
gw_accounts_get_user (GwDb        *db,
                      const char  *username,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  GwUser *user = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (username == NULL)
    return not_found (error, ""), NULL;
  stmt = _gw_db_prepare (db, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    user = user_from_row (db, stmt, error);
  else if (rc == SQLITE_DONE)
    not_found (error, username);
  else
    _gw_db_set_error (db, error, _("looking up a user"));
  sqlite3_reset (stmt);
  return user;
}

/* Sessions ----------------------------------------------------------------------------- */

char *
gw_accounts_login (GwDb        *db,
                   const char  *username,
                   const char  *password,
                   gint64       now,
                   GwUser     **user,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  char stored[crypto_pwhash_STRBYTES] = "";
  unsigned char raw[TOKEN_BYTES];
  char token[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  g_autofree char *digest = NULL;
  gint64 id = 0;
  gboolean disabled = FALSE, matches;
  int rc;

  G_STATIC_ASSERT (sizeof token == TOKEN_LENGTH + 1);
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (user)
    *user = NULL;
  if (!ensure_sodium (error))
    return NULL;
  if (password == NULL)
    password = "";

  if (username != NULL)
    {
      stmt = _gw_db_prepare (db, "SELECT id, password_hash, disabled FROM users WHERE username = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *h = (const char *) sqlite3_column_text (stmt, 1);
          id = sqlite3_column_int64 (stmt, 0);
          disabled = sqlite3_column_int (stmt, 2) != 0;
          if (h)
            g_strlcpy (stored, h, sizeof stored);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _gw_db_set_error (db, error, _("looking up a user")), NULL;
    }

  /* Always one Argon2id verification, whether or not the user exists. */
  matches = crypto_pwhash_str_verify (id != 0 ? stored : dummy_hash, password, strlen (password)) == 0;
  sodium_memzero (stored, sizeof stored);
  if (id == 0 || !matches)
    {
      g_set_error_literal (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_DENIED,
                           _("Wrong username or password"));
      return NULL;
    }
  if (disabled)
    {
      g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_DENIED,
                   _("The account “%s” is disabled"), username);
      return NULL;
    }

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  digest = token_hash (token);

  if (!savepoint (db, error))
    goto fail;
  /* Expired sessions are swept on the way in. */
  stmt = _gw_db_prepare (db, "DELETE FROM tokens WHERE expires_at <= ?", error);
  if (stmt == NULL)
    {
      roll_back (db);
      goto fail;
    }
  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("removing expired sessions"));
      roll_back (db);
      goto fail;
    }
  stmt = _gw_db_prepare (db,
      "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      roll_back (db);
      goto fail;
    }
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now + GW_ACCOUNTS_TOKEN_SECONDS);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("opening a session"));
      roll_back (db);
      goto fail;
    }
  if (!release (db, error))
    goto fail;

  if (user)
    {
      *user = gw_accounts_get_user (db, username, error);
      if (*user == NULL)
        goto fail;
    }
  return g_strdup (token);

fail:
  sodium_memzero (token, sizeof token);
  return NULL;
}

GwUser *
gw_accounts_check_token (GwDb        *db,
                         const char  *token,
                         gint64       now,
                         GError     **error)
{
  g_autofree char *digest = NULL;
  g_autoptr(GwUser) user = NULL;
  sqlite3_stmt *stmt;
  gint64 expires_at = 0;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!token_well_formed (token))
    return token_refused (error), NULL;
  digest = token_hash (token);
  stmt = _gw_db_prepare (db,
      "SELECT " USER_COLUMNS ", t.expires_at FROM tokens t JOIN users u ON u.id = t.user_id"
      " WHERE t.token_hash = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      expires_at = sqlite3_column_int64 (stmt, 8);
      user = user_from_row (db, stmt, error);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return token_refused (error), NULL;
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (db, error, _("looking up a session")), NULL;
  if (user == NULL)
    return NULL;

  if (now >= expires_at)
    {
      stmt = _gw_db_prepare (db, "DELETE FROM tokens WHERE token_hash = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _gw_db_set_error (db, error, _("removing an expired session")), NULL;
      return token_refused (error), NULL;
    }
  if (user->disabled)
    {
      g_set_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_DENIED,
                   _("The account “%s” is disabled"), user->username);
      return NULL;
    }
  return g_steal_pointer (&user);
}

gboolean
gw_accounts_logout (GwDb        *db,
                    const char  *token,
                    GError     **error)
{
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!token_well_formed (token))
    return token_refused (error);
  digest = token_hash (token);
  stmt = _gw_db_prepare (db, "DELETE FROM tokens WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("closing a session"));
  if (sqlite3_changes (gw_db_get_handle (db)) == 0)
    return token_refused (error);
  return TRUE;
}
