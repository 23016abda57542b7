/* Ticket pages written straight from the rows (gw_db_write_tickets_page) against the
 * tickets read whole and written by gw_ticket_write_json: the same bytes for every ticket
 * of a small demo county, in every jurisdiction, with the rare fields filled in. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-db.h"
#include "gw-demo.h"

#define NOW 1795330800  /* 2026-11-23T08:00:00+08:00 */

static char *tmpdir;
static GwDb *db;

static void
exec_ok (const char *sql)
{
  g_autoptr(GError) error = NULL;

  gw_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static GArray *
ids_for (const char *sql,
         const char *param)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

/* The fields the demo leaves empty, on a few tickets. */
static void
vary_tickets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = ids_for ("SELECT id FROM tickets ORDER BY id", NULL);
  gint64 a = g_array_index (ids, gint64, 3), b = g_array_index (ids, gint64, 17);
  gint64 c = g_array_index (ids, gint64, 18);

  /* Attachments, in an order their ids keep. */
  {
    g_autoptr(GwTicket) t = gw_db_get_ticket (db, a, &error);
    g_assert_no_error (error);
    g_ptr_array_add (t->attachments, gw_attachment_new ("现场照片.jpg", "image/jpeg", 204800,
                                                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    g_ptr_array_add (t->attachments, gw_attachment_new ("a \"quoted\" name\\.png", "image/png", 0,
                                                        "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"));
    g_assert_true (gw_db_upsert_ticket (db, t, &error));
    g_assert_no_error (error);
  }
  /* A whistle with two departments, the lead first whatever their codes. */
  {
    g_autoptr(GwTicket) t = gw_db_get_ticket (db, b, &error);
    GwWhistleDepartment *w;

    g_assert_no_error (error);
    t->whistle = TRUE;
    g_ptr_array_set_size (t->whistle_departments, 0);
    w = gw_whistle_department_new ("500223-D01", FALSE);
    w->deadline_at = NOW + 3600;
    g_ptr_array_add (t->whistle_departments, w);
    w = gw_whistle_department_new ("500223-D03", TRUE);
    w->deadline_at = NOW + 7200;
    w->reported_in_at = NOW + 60;
    g_ptr_array_add (t->whistle_departments, w);
    g_assert_true (gw_db_upsert_ticket (db, t, &error));
    g_assert_no_error (error);
  }
  /* Text that needs escaping, empty optional fields, a suspension, a merge, numbers that
   * are not round, names the enums do not know. */
  {
    g_autofree char *sql = g_strdup_printf (
        "UPDATE tickets SET description = 'line one' || char(10) || 'tab' || char(9) || 'quote \" back \\ ctl ' || char(1) || ' 垃圾',"
        " address = NULL, reporter = NULL, reporter_phone = NULL, board = NULL,"
        " paused_at = %d, paused_state = 'handling', stage = 'handle', merged_into = %lld,"
        " resolved = 0, extension_seconds = 86400, extension_reason = '等待材料',"
        " lon = 105.5, lat = 30.000000000000004, dispatched_at = %d, dispatcher_level = 'street'"
        " WHERE id = %lld", NOW - 600, (long long) a, NOW - 3600, (long long) c);
    exec_ok (sql);
  }
  {
    g_autofree char *sql = g_strdup_printf (
        "UPDATE tickets SET source = 'carrier_pigeon', urgency = 'whenever', level = 'moon', state = 'limbo',"
        " satisfaction = 'ecstatic', stage = 'nowhere', paused_at = %d, paused_state = NULL,"
        " dispatched_at = %d, dispatcher_level = NULL, resolved = -1, division_id = NULL,"
        " lon = -0.0, lat = 1e-7"
        " WHERE id = %lld", NOW - 60, NOW - 120, (long long) g_array_index (ids, gint64, 40));
    exec_ok (sql);
  }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE tickets SET resolved = 1, whistle = 1 WHERE id = %lld",
                                            (long long) g_array_index (ids, gint64, 41));
    exec_ok (sql);
  }
}

/* What the page must be: the tickets read whole, written one by one. */
static char *
expected_page (GArray *ids,
               guint   from,
               guint   limit)
{
  GString *out = g_string_new (NULL);
  GwJsonWriter w;

  gw_json_writer_init (&w, out);
  gw_json_writer_begin_array (&w);
  for (guint i = from; i < ids->len && i < from + limit; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTicket) t = gw_db_get_ticket (db, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      gw_ticket_write_json (t, &w);
    }
  gw_json_writer_end_array (&w);
  return g_string_free (out, FALSE);
}

static char *
written_page (gint64      after,
              guint       limit,
              const char *division,
              const char *department,
              gint       *n,
              gint64     *last_id)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  GwJsonWriter w;
  gint64 last_seq = -1;

  gw_json_writer_init (&w, out);
  *n = gw_db_write_tickets_page (db, after, limit, division, department, &w, last_id, &last_seq, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*n, >=, 0);
  g_assert_cmpint (last_seq, ==, gw_db_get_last_change (db, NULL));
  return g_string_free (out, FALSE);
}

/* Pages through one jurisdiction; `ids` are the tickets it holds, in id order. */
static void
check_jurisdiction (GArray     *ids,
                    const char *division,
                    const char *department,
                    guint       limit)
{
  gint64 after = 0;
  guint from = 0;

  for (;;)
    {
      g_autofree char *expected = expected_page (ids, from, limit);
      gint64 last_id = 0;
      gint n;
      g_autofree char *written = written_page (after, limit, division, department, &n, &last_id);

      g_assert_cmpstr (written, ==, expected);
      g_assert_cmpint (n, ==, MIN (limit, ids->len - from));
      if (n > 0)
        g_assert_cmpint (last_id, ==, g_array_index (ids, gint64, from + n - 1));
      /* The old reader agrees on which tickets the page holds. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) page = gw_db_list_tickets_page (db, after, limit, division, department, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (page->len, ==, (guint) n);
      }
      if ((guint) n < limit)
        break;
      from += n;
      after = last_id;
    }
}

static void
test_every_ticket (void)
{
  g_autoptr(GArray) ids = ids_for ("SELECT id FROM tickets ORDER BY id", NULL);

  g_assert_cmpuint (ids->len, >, 1000);
  /* One ticket a page: each on its own. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTicket) t = gw_db_get_ticket (db, g_array_index (ids, gint64, i), &error);
      g_autofree char *expected = NULL, *written = NULL;
      GString *out = g_string_new (NULL);
      GwJsonWriter w;
      gint64 last_id = 0;
      gint n;

      g_assert_no_error (error);
      gw_json_writer_init (&w, out);
      gw_json_writer_begin_array (&w);
      gw_ticket_write_json (t, &w);
      gw_json_writer_end_array (&w);
      expected = g_string_free (out, FALSE);
      written = written_page (i ? g_array_index (ids, gint64, i - 1) : 0, 1, NULL, NULL, &n, &last_id);
      g_assert_cmpstr (written, ==, expected);
    }
  /* The rare fields are there to be compared. */
  {
    gint64 last_id = 0;
    gint n;
    g_autofree char *all = written_page (0, 1000, NULL, NULL, &n, &last_id);

    g_assert_nonnull (strstr (all, "\"attachments\":[{\"name\":\"现场照片.jpg\",\"mime_type\":\"image/jpeg\""));
    g_assert_nonnull (strstr (all, "\"whistle_departments\":[{\"department\":\"500223-D03\",\"lead\":true"));
    g_assert_nonnull (strstr (all, "\\u0001 垃圾"));
    g_assert_nonnull (strstr (all, "\"paused_state\":\"handling\""));
    g_assert_nonnull (strstr (all, "\"source\":\"grid_worker\",\"category\""));
  }
  /* Whole pages, across page boundaries. */
  check_jurisdiction (ids, NULL, NULL, 97);
  check_jurisdiction (ids, NULL, NULL, 1000);
}

static void
test_jurisdictions (void)
{
  const char *levels[] = { "district", "street", "community", "grid" };
  g_autoptr(GArray) depts = NULL;
  sqlite3_stmt *stmt;

  /* Divisions: the tickets whose division's code extends the user's. */
  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

      g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                           "SELECT code FROM divisions WHERE level = ? ORDER BY code LIMIT 3",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, levels[l], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      g_assert_cmpuint (codes->len, >, 0);
      for (guint i = 0; i < codes->len; i++)
        {
          g_autoptr(GArray) ids = ids_for ("SELECT t.id FROM tickets t WHERE t.division_id IN"
                                           " (SELECT id FROM divisions WHERE code LIKE ?1 || '%') ORDER BY t.id",
                                           g_ptr_array_index (codes, i));
          check_jurisdiction (ids, g_ptr_array_index (codes, i), NULL, 50);
        }
    }
  /* Departments: dispatched to it, or whistled. */
  depts = ids_for ("SELECT id FROM departments ORDER BY code LIMIT 4", NULL);
  for (guint i = 0; i < depts->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT code FROM departments WHERE id = %lld",
                                              (long long) g_array_index (depts, gint64, i));
      g_autofree char *code = NULL;
      g_autofree char *ids_sql = NULL;
      g_autoptr(GArray) ids = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      ids_sql = g_strdup_printf ("SELECT t.id FROM tickets t WHERE t.department_id = %1$lld OR t.id IN"
                                 " (SELECT ticket_id FROM ticket_departments WHERE department_id = %1$lld)"
                                 " ORDER BY t.id", (long long) g_array_index (depts, gint64, i));
      ids = ids_for (ids_sql, NULL);
      check_jurisdiction (ids, NULL, code, 50);
    }
}

static void
test_unknown_department (void)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  GwJsonWriter w;

  gw_json_writer_init (&w, out);
  g_assert_cmpint (gw_db_write_tickets_page (db, 0, 50, NULL, "500223-X99", &w, NULL, NULL, &error), ==, -1);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_string_free (out, TRUE);
}

/* The writer's numbers, which the pages are mostly made of: the same text as printf's
 * "%.17g" (json-glib's way), whatever path the writer takes to it. */
static void
check_double (double v)
{
  char expected[G_ASCII_DTOSTR_BUF_SIZE + 4];
  GString *out = g_string_new (NULL);
  GwJsonWriter w;

  g_ascii_formatd (expected, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
  if (strpbrk (expected, ".eEn") == NULL)
    strcat (expected, ".0");
  gw_json_writer_init (&w, out);
  gw_json_writer_double (&w, v);
  if (!g_str_equal (out->str, expected))
    g_error ("%a: wrote %s, printf says %s", v, out->str, expected);
  g_string_free (out, TRUE);
}

static void
test_doubles (void)
{
  static const double special[] = {
    0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e-4, 9.9999999999999991e-05, 1e-5, 1e15, 999999999999999.88,
    1e16, 1e17, 1e22, 1e300, 5e-324, 105.5, 30.0, 105.7764, 30.1135, -105.7764, 123456789012345.6,
    0.00012345678901234567, 9.9999999999999995, 99.999999999999986, 1.0000076293945312,
  };
  GRand *rand = g_rand_new_with_seed (20261123);

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    check_double (special[i]);
  check_double (INFINITY);
  check_double (-INFINITY);
  check_double (NAN);
  for (guint i = 0; i < 200000; i++)
    {
      /* Coordinates as stored: degrees with up to 7 decimals, and as computed. */
      double lon = g_rand_double_range (rand, -180, 180);
      check_double (lon);
      check_double (round (lon * 1e7) / 1e7);
      /* Any magnitude around the writer's own range. */
      check_double (pow (10, g_rand_double_range (rand, -6, 17)) * (g_rand_boolean (rand) ? 1 : -1));
      /* Any bit pattern. */
      {
        guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
        double v;
        memcpy (&v, &bits, sizeof v);
        check_double (v);
      }
    }
  /* Exact ties at the 18th digit, which round half to even: odd / 2^(17 - x) for a value
   * whose decimal exponent is x. */
  for (int x = -4; x <= 14; x++)
    for (guint i = 0; i < 2000; i++)
      {
        double lo = pow (10, x), v;
        guint64 odd = (guint64) (g_rand_double_range (rand, lo, 10 * lo) * ldexp (1, 17 - x)) | 1;
        v = ldexp ((double) odd, x - 17);
        if ((guint64) ldexp (v, 17 - x) == odd)
          check_double (v);
      }
  g_rand_free (rand);
}

/* Names and strings, plain or needing escapes, short or long: what json-glib writes.
 * (Not U+001F, which json-glib 1.6 leaves raw and the writer escapes, as JSON requires.) */
static void
test_text (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  const char *texts[] = { "", "a", "number", "名称", "tab\there", "quote\"back\\slash", "ctl\001\036end", NULL, NULL };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expected = NULL;
  GString *out = g_string_new (NULL);
  GwJsonWriter w;

  for (guint i = 0; i < 70; i++)
    g_string_append_c (long_name, 'a' + i % 26);
  texts[G_N_ELEMENTS (texts) - 2] = long_name->str;
  json_builder_begin_object (b);
  gw_json_writer_init (&w, out);
  gw_json_writer_begin_object (&w);
  for (guint i = 0; texts[i]; i++)
    for (guint j = 0; texts[j]; j++)
      {
        g_autofree char *name = g_strdup_printf ("%s%u", texts[i], j);
        json_builder_set_member_name (b, name);
        json_builder_add_string_value (b, texts[j]);
        gw_json_writer_member (&w, name);
        gw_json_writer_string (&w, texts[j]);
      }
  json_builder_end_object (b);
  gw_json_writer_end_object (&w);
  root = json_builder_get_root (b);
  expected = gw_json_to_string (root, FALSE);
  g_assert_cmpstr (out->str, ==, expected);
  g_assert_cmpuint (out->len, ==, strlen (expected));
  g_string_free (out, TRUE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-ticket-pages-XXXXXX", NULL);
  path = g_build_filename (tmpdir, "small.db", NULL);
  db = gw_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, NOW, NULL, NULL, &error));
  g_assert_no_error (error);
  vary_tickets ();

  g_test_add_func ("/ticket-pages/every-ticket", test_every_ticket);
  g_test_add_func ("/ticket-pages/jurisdictions", test_jurisdictions);
  g_test_add_func ("/ticket-pages/unknown-department", test_unknown_department);
  g_test_add_func ("/ticket-pages/doubles", test_doubles);
  g_test_add_func ("/ticket-pages/text", test_text);
  ret = g_test_run ();
  gw_db_free (db);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
