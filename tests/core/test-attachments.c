/* Attachments in the store: content kept once by its SHA-256, a row per ticket, the ticket
 * carried to the change log and the audit log, refusals that change nothing; and the
 * keyset pages of cameras and grid workers. A demo county in a temporary directory. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-attachments.h"
#include "gw-demo.h"

#define NOW 1795276800  /* 2026-11-22T00:00:00+08:00 */

static char *tmpdir;
static GwDb *db;

static const GwActor street1 = {
  .name = "梓潼值班员", .role = GW_ROLE_STREET_OFFICER, .division_code = "500223001", .level = GW_LEVEL_STREET,
};
static const GwActor street2 = {
  .name = "桂林值班员", .role = GW_ROLE_STREET_OFFICER, .division_code = "500223002", .level = GW_LEVEL_STREET,
};

static gint64
query_int (const char *sql,
           const char *text)
{
  sqlite3_stmt *stmt;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* The n-th newest ticket of a street. */
static gint64
ticket_of (const char *street,
           int         n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.street_id"
                                          " WHERE d.code = ? ORDER BY t.id DESC LIMIT 1 OFFSET %d", n);
  gint64 id = query_int (sql, street);

  g_assert_cmpint (id, >, 0);
  return id;
}

static GBytes *
png (gsize   size,
     guint32 seed)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  memcpy (data, signature, MIN (size, sizeof signature));
  for (gsize i = sizeof signature; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

static void
test_sniff (void)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe1 };
  static const guint8 webp[] = { 'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P', 'V', 'P' };
  static const guint8 riff_wave[] = { 'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E' };
  g_autoptr(GBytes) p = png (64, 1);

  g_assert_cmpstr (gw_attachment_sniff_type (jpeg, sizeof jpeg), ==, "image/jpeg");
  g_assert_cmpstr (gw_attachment_sniff_type (g_bytes_get_data (p, NULL), 64), ==, "image/png");
  g_assert_cmpstr (gw_attachment_sniff_type (webp, sizeof webp), ==, "image/webp");
  g_assert_cmpstr (gw_attachment_sniff_type ((const guint8 *) "%PDF-1.7\n", 9), ==, "application/pdf");
  g_assert_null (gw_attachment_sniff_type (riff_wave, sizeof riff_wave));
  g_assert_null (gw_attachment_sniff_type (jpeg, 2));
  g_assert_null (gw_attachment_sniff_type ((const guint8 *) "GIF89a", 6));
  g_assert_null (gw_attachment_sniff_type (NULL, 0));

  g_assert_true (gw_attachment_type_is_accepted ("image/jpeg"));
  g_assert_true (gw_attachment_type_is_accepted ("Application/PDF"));
  g_assert_false (gw_attachment_type_is_accepted ("image/gif"));
  g_assert_false (gw_attachment_type_is_accepted (NULL));

  g_assert_true (gw_attachment_name_is_valid ("现场照片 1.jpg"));
  g_assert_false (gw_attachment_name_is_valid (""));
  g_assert_false (gw_attachment_name_is_valid (NULL));
  g_assert_false (gw_attachment_name_is_valid ("a/b.jpg"));
  g_assert_false (gw_attachment_name_is_valid ("a\\b.jpg"));
  g_assert_false (gw_attachment_name_is_valid (".."));
  g_assert_false (gw_attachment_name_is_valid ("a\nb.jpg"));
  g_assert_false (gw_attachment_name_is_valid ("\xff\xfe.jpg"));
  {
    g_autofree char *long_name = g_strnfill (GW_ATTACHMENT_MAX_NAME + 1, 'a');
    g_assert_false (gw_attachment_name_is_valid (long_name));
    long_name[GW_ATTACHMENT_MAX_NAME] = '\0';
    g_assert_true (gw_attachment_name_is_valid (long_name));
  }
}

static void
test_add_and_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = png (40000, 2);
  g_autoptr(GwDbAttachment) a = NULL, again = NULL, other = NULL, got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  gint64 id = ticket_of ("500223001", 0), other_id = ticket_of ("500223001", 1);
  gint64 seq_before = gw_db_get_last_change (db, NULL);
  gint64 audit_before = query_int ("SELECT count(*) FROM audit", NULL);
  gint64 n_entries = 0, broken = 0;
  gboolean existed = TRUE;

  a = gw_db_add_attachment (db, id, "现场.png", "IMAGE/PNG", photo, &street1, NOW + 60, &existed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_false (existed);
  g_assert_cmpint (a->id, >, 0);
  g_assert_cmpint (a->ticket_id, ==, id);
  g_assert_cmpstr (a->mime_type, ==, "image/png");
  g_assert_cmpint (a->size, ==, 40000);
  g_assert_cmpstr (a->sha256, ==, sha);

  list = gw_db_list_attachments (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((GwDbAttachment *) g_ptr_array_index (list, 0))->id, ==, a->id);
  got = gw_db_get_attachment (db, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "现场.png");
  content = gw_db_get_blob (db, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (content, photo));

  /* The ticket carries it and was changed at that moment: the change log has it, the audit
   * log says who attached what, and its chain holds. */
  t = gw_db_get_ticket (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->attachments->len, ==, 1);
  g_assert_cmpstr (((GwAttachment *) g_ptr_array_index (t->attachments, 0))->sha256, ==, sha);
  g_assert_cmpint (t->updated_at, >=, NOW + 60);
  g_assert_cmpint (gw_db_get_last_change (db, NULL), ==, seq_before + 1);
  g_assert_cmpint (query_int ("SELECT ticket_id FROM changes ORDER BY seq DESC LIMIT 1", NULL), ==, id);
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit", NULL), ==, audit_before + 1);
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                         "SELECT ticket_id, action, actor, payload FROM audit ORDER BY id DESC LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, id);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "attach");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "梓潼值班员");
    g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 3), sha));
    sqlite3_finalize (stmt);
  }
  g_assert_true (gw_audit_verify (db, &broken, &n_entries, &error));
  g_assert_no_error (error);

  /* The same content again: nothing new. */
  again = gw_db_add_attachment (db, id, "又一次.png", "image/png", photo, &street1, NOW + 120, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_cmpint (again->id, ==, a->id);
  g_assert_cmpint (gw_db_get_last_change (db, NULL), ==, seq_before + 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit", NULL), ==, audit_before + 1);

  /* The same content on another ticket: a second row, one copy of the bytes. */
  other = gw_db_add_attachment (db, other_id, "现场.png", "image/png", photo, &street1, NOW + 180, &existed, &error);
  g_assert_no_error (error);
  g_assert_false (existed);
  g_assert_cmpint (other->id, !=, a->id);
  g_assert_cmpint (query_int ("SELECT count(*) FROM blobs WHERE sha256 = ?", sha), ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM attachments WHERE sha256 = ?", sha), ==, 2);
}

static void
test_refusals_change_nothing (void)
{
  g_autoptr(GError) error = NULL;
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F' };
  g_autoptr(GBytes) jpeg_bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(GBytes) photo = png (1000, 3);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) huge = png (GW_ATTACHMENT_MAX_SIZE + 1, 4);
  gint64 id = ticket_of ("500223001", 2);
  gint64 seq = gw_db_get_last_change (db, NULL);
  gint64 rows = query_int ("SELECT count(*) FROM attachments", NULL);
  gint64 blobs = query_int ("SELECT count(*) FROM blobs", NULL);
  gint64 audit = query_int ("SELECT count(*) FROM audit", NULL);
  struct {
    gint64         ticket;
    const char    *name;
    const char    *type;
    GBytes        *content;
    const GwActor *actor;
    int            code;
    const char    *message;
  } cases[] = {
    { id, "a.png", "image/png", jpeg_bytes, &street1, GW_STORE_ERROR_INVALID, "its first bytes are those of image/jpeg" },
    { id, "a.gif", "image/gif", photo, &street1, GW_STORE_ERROR_INVALID, "not image/gif" },
    { id, "a.png", NULL, photo, &street1, GW_STORE_ERROR_INVALID, "image/jpeg, image/png" },
    { id, "a/b.png", "image/png", photo, &street1, GW_STORE_ERROR_INVALID, "plain file name" },
    { id, "a.png", "image/png", empty, &street1, GW_STORE_ERROR_INVALID, "empty" },
    { id, "a.png", "image/png", huge, &street1, GW_STORE_ERROR_INVALID, "8 MiB" },
    { id, "a.png", "image/png", photo, &street2, GW_STORE_ERROR_NOT_FOUND, "No ticket has the id" },
    { 987654321, "a.png", "image/png", photo, &street1, GW_STORE_ERROR_NOT_FOUND, "No ticket has the id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwDbAttachment) a = gw_db_add_attachment (db, cases[i].ticket, cases[i].name, cases[i].type,
                                                          cases[i].content, cases[i].actor, NOW, NULL, &error);
      g_assert_null (a);
      g_assert_error (error, GW_STORE_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
      g_clear_error (&error);
    }
  g_assert_cmpint (gw_db_get_last_change (db, NULL), ==, seq);
  g_assert_cmpint (query_int ("SELECT count(*) FROM attachments", NULL), ==, rows);
  g_assert_cmpint (query_int ("SELECT count(*) FROM blobs", NULL), ==, blobs);
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit", NULL), ==, audit);

  g_assert_null (gw_db_get_attachment (db, 987654321, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (gw_db_get_blob (db, "0000000000000000000000000000000000000000000000000000000000000000", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

/* A ticket's JSON carries at most GW_ATTACHMENT_MAX_PER_TICKET: one more is refused. */
static void
test_most_per_ticket (void)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ticket_of ("500223001", 3);

  for (guint i = 0; i < GW_ATTACHMENT_MAX_PER_TICKET; i++)
    {
      g_autoptr(GBytes) p = png (200, 100 + i);
      g_autoptr(GwDbAttachment) a = gw_db_add_attachment (db, id, "p.png", "image/png", p, NULL, NOW, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (a);
    }
  {
    g_autoptr(GBytes) p = png (200, 99);
    g_autoptr(GwDbAttachment) a = gw_db_add_attachment (db, id, "p.png", "image/png", p, NULL, NOW, NULL, &error);
    g_assert_null (a);
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GPtrArray) list = gw_db_list_attachments (db, id, &error);
    g_assert_cmpuint (list->len, ==, GW_ATTACHMENT_MAX_PER_TICKET);
  }
}

static void
test_field_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_cameras = gw_db_list_cameras (db, &error);
  g_autoptr(GPtrArray) all_workers = gw_db_list_workers (db, &error);
  const char *prefixes[] = { "500223001", "500223002003", "500223", NULL };

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      guint expected = 0, seen = 0;
      gint64 after = 0, last = 0;

      for (guint i = 0; i < all_cameras->len; i++)
        expected += prefixes[p] == NULL ||
                    g_str_has_prefix (((GwCamera *) g_ptr_array_index (all_cameras, i))->division_code, prefixes[p]);
      do
        {
          g_autoptr(GPtrArray) page = gw_db_list_cameras_page (db, after, 7, prefixes[p], &last, &error);
          g_assert_no_error (error);
          for (guint i = 0; i < page->len; i++)
            {
              GwCamera *c = g_ptr_array_index (page, i);
              if (prefixes[p])
                g_assert_true (g_str_has_prefix (c->division_code, prefixes[p]));
              g_assert_nonnull (c->id);
            }
          seen += page->len;
          if (page->len == 0)
            g_assert_cmpint (last, ==, 0);
          after = page->len == 7 ? last : 0;
        }
      while (after != 0);
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (seen, ==, expected);

      expected = seen = 0;
      for (guint i = 0; i < all_workers->len; i++)
        expected += prefixes[p] == NULL ||
                    g_str_has_prefix (((GwWorker *) g_ptr_array_index (all_workers, i))->grid_code, prefixes[p]);
      do
        {
          g_autoptr(GPtrArray) page = gw_db_list_workers_page (db, after, 5, prefixes[p], &last, &error);
          g_assert_no_error (error);
          for (guint i = 0; i < page->len; i++)
            {
              GwWorker *w = g_ptr_array_index (page, i);
              if (prefixes[p])
                g_assert_true (g_str_has_prefix (w->grid_code, prefixes[p]));
              g_assert_true (w->has_position);
              g_assert_cmpint (w->seen_at, >, 0);
            }
          seen += page->len;
          after = page->len == 5 ? last : 0;
        }
      while (after != 0);
      g_assert_cmpuint (seen, ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-attachments-XXXXXX", NULL);
  path = g_build_filename (tmpdir, "county.db", NULL);
  db = gw_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 5, NOW, NULL, NULL, &error));
  g_test_add_func ("/attachments/sniff", test_sniff);
  g_test_add_func ("/attachments/add-and-read", test_add_and_read);
  g_test_add_func ("/attachments/refusals-change-nothing", test_refusals_change_nothing);
  g_test_add_func ("/attachments/most-per-ticket", test_most_per_ticket);
  g_test_add_func ("/attachments/field-pages", test_field_pages);
  ret = g_test_run ();
  gw_db_free (db);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  return ret;
}
