/* The server's accounts on a real database: users of every kind, refusals, Argon2id
 * hashes, tokens stored only as their SHA-256, expiry, logout, disabling, new passwords. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-accounts.h"

/* 2026-11-24, a Tuesday, 10:00 +08:00. */
#define TUE_10 1795485600

#define DISTRICT  "500223"
#define STREET    "500223001"
#define COMMUNITY "500223001001"
#define GRID      "500223001001001"
#define D1 "500223-D01"
#define D2 "500223-D02"

static char *tmpdir;

static GwDb *
fixture (const char *name)
{
  static const struct { const char *code; GwLevel level; const char *parent; } divs[] = {
    { DISTRICT, GW_LEVEL_DISTRICT, NULL },
    { STREET, GW_LEVEL_STREET, DISTRICT },
    { COMMUNITY, GW_LEVEL_COMMUNITY, STREET },
    { GRID, GW_LEVEL_GRID, COMMUNITY },
  };
  const double ring[] = { 105.0, 30.0, 106.0, 30.0, 106.0, 31.0, 105.0, 31.0 };
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (divs); i++)
    {
      g_autoptr(GwDivision) d = gw_division_new ();
      d->code = g_strdup (divs[i].code);
      d->name = g_strdup (divs[i].code);
      d->level = divs[i].level;
      d->parent_code = g_strdup (divs[i].parent);
      d->polygon = gw_polygon_new ();
      gw_polygon_add_ring (d->polygon, TRUE, ring, 4);
      g_assert_cmpint (gw_db_insert_division (db, d, &error), >, 0);
    }
  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(GwDepartment) dep = gw_department_new ();
      dep->code = g_strdup_printf ("500223-D%02u", i);
      dep->name = g_strdup_printf ("部门%u", i);
      dep->division_code = g_strdup (DISTRICT);
      g_assert_cmpint (gw_db_insert_department (db, dep, &error), >, 0);
    }
  return db;
}

static gint64
count (GwDb       *db,
       const char *sql,
       const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
add_ok (GwDb       *db,
        const char *username,
        GwRole      role,
        const char *division,
        const char *department)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_accounts_add_user (db, username, "值班员甲", role, division, department,
                                       "correct horse", &error));
  g_assert_no_error (error);
}

static void
add_refused (GwDb           *db,
             const char     *username,
             GwRole          role,
             const char     *division,
             const char     *department,
             const char     *password,
             GwAccountsError code,
             const char     *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gw_accounts_add_user (db, username, "某人", role, division, department, password, &error));
  g_assert_error (error, GW_ACCOUNTS_ERROR, (int) code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static char *
login_ok (GwDb       *db,
          const char *username,
          const char *password,
          gint64      now)
{
  g_autoptr(GError) error = NULL;
  char *token = gw_accounts_login (db, username, password, now, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static void
login_denied (GwDb       *db,
              const char *username,
              const char *password,
              char      **message)
{
  g_autoptr(GError) error = NULL;
  GwUser *user = (GwUser *) 0x1;
  char *token = gw_accounts_login (db, username, password, TUE_10, &user, &error);

  g_assert_null (token);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_DENIED);
  if (message)
    *message = g_strdup (error->message);
}

static void
test_add (void)
{
  g_autoptr(GwDb) db = fixture ("add.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  GwRole role;

  add_ok (db, "grid.worker-1", GW_ROLE_GRID_WORKER, GRID, NULL);
  add_ok (db, "community_2", GW_ROLE_COMMUNITY_STAFF, COMMUNITY, NULL);
  add_ok (db, "street", GW_ROLE_STREET_OFFICER, STREET, NULL);
  add_ok (db, "commander", GW_ROLE_COMMANDER, STREET, NULL);
  add_ok (db, "handler", GW_ROLE_DEPARTMENT_HANDLER, NULL, D1);
  add_ok (db, "center", GW_ROLE_DISTRICT_CENTER, DISTRICT, NULL);
  g_assert_cmpint (count (db, "SELECT count(*) FROM users", NULL), ==, 6);

  user = gw_accounts_get_user (db, "handler", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->username, ==, "handler");
  g_assert_cmpstr (user->display_name, ==, "值班员甲");
  g_assert_cmpint (user->role, ==, GW_ROLE_DEPARTMENT_HANDLER);
  g_assert_null (user->division_code);
  g_assert_cmpstr (user->department_code, ==, D1);
  g_assert_false (user->disabled);
  g_clear_pointer (&user, gw_user_free);

  /* Refusals change nothing. */
  add_refused (db, "street", GW_ROLE_STREET_OFFICER, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_EXISTS, "already taken");
  add_refused (db, "Street", GW_ROLE_STREET_OFFICER, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "lowercase");
  add_refused (db, "张三", GW_ROLE_STREET_OFFICER, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "lowercase");
  add_refused (db, "ab", GW_ROLE_STREET_OFFICER, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "3 to 32");
  add_refused (db, "a-very-long-user-name-of-33-chars", GW_ROLE_STREET_OFFICER, STREET, NULL,
               "correct horse", GW_ACCOUNTS_ERROR_INVALID, "3 to 32");
  add_refused (db, NULL, GW_ROLE_STREET_OFFICER, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "username is required");
  add_refused (db, "newone", GW_ROLE_STREET_OFFICER, STREET, NULL, "short",
               GW_ACCOUNTS_ERROR_INVALID, "at least 8");
  /* Characters are counted, not bytes: seven Chinese characters are too few, eight enough. */
  add_refused (db, "chinese.pw", GW_ROLE_STREET_OFFICER, STREET, NULL, "网格哨兵值班密",
               GW_ACCOUNTS_ERROR_INVALID, "at least 8");
  g_assert_true (gw_accounts_add_user (db, "chinese.pw", "李四", GW_ROLE_STREET_OFFICER, STREET, NULL,
                                       "网格哨兵值班密码", &error));
  g_assert_no_error (error);
  add_refused (db, "newone", GW_ROLE_STREET_OFFICER, "500223999", NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "No division has the code 500223999");
  add_refused (db, "newone", GW_ROLE_STREET_OFFICER, NULL, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "needs a division");
  add_refused (db, "newone", GW_ROLE_DEPARTMENT_HANDLER, NULL, "500223-D99", "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "No department has the code 500223-D99");
  add_refused (db, "newone", GW_ROLE_DEPARTMENT_HANDLER, NULL, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "needs a department");
  add_refused (db, "newone", GW_ROLE_DEPARTMENT_HANDLER, STREET, D1, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "give no division");
  add_refused (db, "newone", GW_ROLE_STREET_OFFICER, STREET, D1, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "Only department handlers");
  add_refused (db, "newone", GW_N_ROLES, STREET, NULL, "correct horse",
               GW_ACCOUNTS_ERROR_INVALID, "Unknown role");
  g_assert_false (gw_role_from_string ("mayor", &role));
  g_assert_cmpint (count (db, "SELECT count(*) FROM users", NULL), ==, 7);
  g_assert_cmpint (count (db, "SELECT count(*) FROM users WHERE username = 'newone'", NULL), ==, 0);

  /* Only the Argon2id hash is kept. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'", NULL), ==, 7);
  g_assert_cmpint (count (db, "SELECT count(*) FROM users WHERE instr(password_hash, 'correct horse')", NULL), ==, 0);

  user = gw_accounts_get_user (db, "nobody", &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND);
}

static void
test_login_and_tokens (void)
{
  g_autoptr(GwDb) db = fixture ("login.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autofree char *token = NULL, *second = NULL, *digest = NULL;
  g_autofree char *wrong_password = NULL, *unknown_user = NULL;

  add_ok (db, "street", GW_ROLE_STREET_OFFICER, STREET, NULL);

  token = gw_accounts_login (db, "street", "correct horse", TUE_10, &user, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (user->username, ==, "street");
  g_clear_pointer (&user, gw_user_free);

  /* The token is not in the database; its SHA-256 is. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens WHERE instr(token_hash, ?)", token), ==, 0);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens WHERE token_hash = ?", digest), ==, 1);
  g_assert_cmpint (count (db, "SELECT expires_at - created_at FROM tokens WHERE token_hash = ?", digest), ==,
                   GW_ACCOUNTS_TOKEN_SECONDS);

  /* An unknown user and a wrong password: the same refusal, word for word. */
  login_denied (db, "street", "wrong horse", &wrong_password);
  login_denied (db, "nobody", "correct horse", &unknown_user);
  g_assert_cmpstr (wrong_password, ==, unknown_user);
  login_denied (db, "street", NULL, NULL);
  login_denied (db, NULL, "correct horse", NULL);

  /* The token is good until its expiry. */
  user = gw_accounts_check_token (db, token, TUE_10 + 60, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->username, ==, "street");
  g_assert_cmpint (user->role, ==, GW_ROLE_STREET_OFFICER);
  g_clear_pointer (&user, gw_user_free);
  user = gw_accounts_check_token (db, token, TUE_10 + GW_ACCOUNTS_TOKEN_SECONDS - 1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&user, gw_user_free);

  /* Garbage is refused without touching anything. */
  user = gw_accounts_check_token (db, "not-a-token", TUE_10, &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_clear_error (&error);
  user = gw_accounts_check_token (db, NULL, TUE_10, &error);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_clear_error (&error);

  /* Past its expiry it is refused and forgotten. */
  user = gw_accounts_check_token (db, token, TUE_10 + GW_ACCOUNTS_TOKEN_SECONDS, &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_clear_error (&error);
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens WHERE token_hash = ?", digest), ==, 0);

  /* A second login gives another token; logout ends it. */
  second = login_ok (db, "street", "correct horse", TUE_10 + 100);
  g_assert_cmpstr (second, !=, token);
  user = gw_accounts_check_token (db, second, TUE_10 + 200, &error);
  g_assert_no_error (error);
  g_clear_pointer (&user, gw_user_free);
  g_assert_true (gw_accounts_logout (db, second, &error));
  g_assert_no_error (error);
  user = gw_accounts_check_token (db, second, TUE_10 + 300, &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_clear_error (&error);
  g_assert_false (gw_accounts_logout (db, second, &error));
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens", NULL), ==, 0);
}

static void
test_disable (void)
{
  g_autoptr(GwDb) db = fixture ("disable.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autofree char *a = NULL, *b = NULL, *other = NULL, *message = NULL;

  add_ok (db, "street", GW_ROLE_STREET_OFFICER, STREET, NULL);
  add_ok (db, "handler", GW_ROLE_DEPARTMENT_HANDLER, NULL, D2);
  a = login_ok (db, "street", "correct horse", TUE_10);
  b = login_ok (db, "street", "correct horse", TUE_10 + 1);
  other = login_ok (db, "handler", "correct horse", TUE_10);
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens", NULL), ==, 3);

  g_assert_true (gw_accounts_set_disabled (db, "street", TRUE, &error));
  g_assert_no_error (error);
  /* Its tokens are gone, the other user's remains. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM tokens", NULL), ==, 1);
  user = gw_accounts_check_token (db, a, TUE_10 + 10, &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
  g_clear_error (&error);
  user = gw_accounts_check_token (db, other, TUE_10 + 10, &error);
  g_assert_no_error (error);
  g_clear_pointer (&user, gw_user_free);

  login_denied (db, "street", "correct horse", &message);
  g_assert_nonnull (strstr (message, "disabled"));
  user = gw_accounts_get_user (db, "street", &error);
  g_assert_no_error (error);
  g_assert_true (user->disabled);
  g_clear_pointer (&user, gw_user_free);

  g_assert_true (gw_accounts_set_disabled (db, "street", FALSE, &error));
  g_assert_no_error (error);
  g_free (login_ok (db, "street", "correct horse", TUE_10 + 20));

  g_assert_false (gw_accounts_set_disabled (db, "nobody", TRUE, &error));
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND);
}

static void
test_passwd (void)
{
  g_autoptr(GwDb) db = fixture ("passwd.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autofree char *token = NULL, *before = NULL, *after = NULL;

  add_ok (db, "street", GW_ROLE_STREET_OFFICER, STREET, NULL);
  token = login_ok (db, "street", "correct horse", TUE_10);

  g_assert_false (gw_accounts_set_password (db, "street", "1234567", &error));
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gw_accounts_set_password (db, "nobody", "battery staple", &error));
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (login_ok (db, "street", "correct horse", TUE_10));

  g_assert_true (gw_accounts_set_password (db, "street", "网格哨兵值班密码", &error));
  g_assert_no_error (error);
  login_denied (db, "street", "correct horse", NULL);
  g_free (login_ok (db, "street", "网格哨兵值班密码", TUE_10 + 60));
  /* Sessions opened with the old password are over. */
  user = gw_accounts_check_token (db, token, TUE_10 + 60, &error);
  g_assert_null (user);
  g_assert_error (error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_EXPIRED);
}

static void
test_actor (void)
{
  static const struct {
    const char *username;
    GwRole      role;
    const char *division;
    const char *department;
    GwLevel     level;
  } cases[] = {
    { "grid", GW_ROLE_GRID_WORKER, GRID, NULL, GW_LEVEL_GRID },
    { "community", GW_ROLE_COMMUNITY_STAFF, COMMUNITY, NULL, GW_LEVEL_COMMUNITY },
    { "street", GW_ROLE_STREET_OFFICER, STREET, NULL, GW_LEVEL_STREET },
    { "commander", GW_ROLE_COMMANDER, STREET, NULL, GW_LEVEL_STREET },
    { "handler", GW_ROLE_DEPARTMENT_HANDLER, NULL, D1, GW_LEVEL_DISTRICT },
    { "center", GW_ROLE_DISTRICT_CENTER, DISTRICT, NULL, GW_LEVEL_DISTRICT },
  };
  g_autoptr(GwDb) db = fixture ("actor.db");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    add_ok (db, cases[i].username, cases[i].role, cases[i].division, cases[i].department);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwUser) user = gw_accounts_get_user (db, cases[i].username, &error);
      GwActor actor;

      g_assert_no_error (error);
      actor = gw_user_as_actor (user);
      g_assert_cmpstr (actor.name, ==, "值班员甲");
      g_assert_cmpint (actor.role, ==, cases[i].role);
      g_assert_cmpstr (actor.division_code, ==, cases[i].division);
      g_assert_cmpint (actor.level, ==, cases[i].level);
      g_assert_cmpstr (actor.department_code, ==, cases[i].department);
      g_assert_true (actor.division_code == user->division_code);
    }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-accounts-XXXXXX", NULL);
  g_test_add_func ("/accounts/add", test_add);
  g_test_add_func ("/accounts/login-and-tokens", test_login_and_tokens);
  g_test_add_func ("/accounts/disable", test_disable);
  g_test_add_func ("/accounts/passwd", test_passwd);
  g_test_add_func ("/accounts/actor", test_actor);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
