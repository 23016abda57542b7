/* Shift handovers on the small demo county in a real SQLite file: the counts agree with the
 * queue's saved views, the draft says them and lists the tickets, a handover is signed once
 * and never by its writer, the log is searchable, and all of it is audited. */
#include "config.h"

#include "test-county.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-demo.h"
#include "gw-handover.h"
#include "gw-ticket-query.h"

#define NOW G_GINT64_CONSTANT (1795330800)

static char *tmpdir;
static GwDb *db;

static const GwActor center = {
  .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223", .level = GW_LEVEL_DISTRICT,
};

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  gint64 views[GW_N_TICKET_VIEWS];

  for (gint64 now = NOW; now <= NOW + 3 * 86400; now += 86400)
    {
      GwHandoverCounts c;
      GwTicketQuery open = { .states = 0, .descending = TRUE };
      GwTicketQuery red = { .lights = 1u << GW_LIGHT_RED, .descending = TRUE };
      GwTicketQuery overdue = { .lights = 1u << GW_LIGHT_OVERDUE, .descending = TRUE };
      g_autoptr(GArray) open_ids = NULL;
      g_autoptr(GArray) red_ids = NULL;
      g_autoptr(GArray) overdue_ids = NULL;

      for (guint s = 0; s < GW_N_STATES; s++)
        if (gw_ticket_state_is_open (s))
          open.states |= 1u << s;
      g_assert_true (gw_db_handover_counts (db, now, &c, &error));
      g_assert_no_error (error);
      g_assert_true (gw_db_count_ticket_views (db, &center, now, views, &error));
      open_ids = gw_db_query_ticket_ids (db, &open, NULL, now, &error);
      red_ids = gw_db_query_ticket_ids (db, &red, NULL, now, &error);
      overdue_ids = gw_db_query_ticket_ids (db, &overdue, NULL, now, &error);
      g_assert_no_error (error);

      g_assert_cmpint (c.open, ==, open_ids->len);
      g_assert_cmpint (c.red, ==, red_ids->len);
      g_assert_cmpint (c.overdue, ==, overdue_ids->len);
      g_assert_cmpint (c.red + c.overdue, ==, views[GW_TICKET_VIEW_RED_OVERDUE]);
      g_assert_cmpint (c.emergencies, ==, views[GW_TICKET_VIEW_EMERGENCY]);
      g_assert_cmpint (c.pending, ==, 0);
      g_assert_cmpint (c.open, >, 0);
    }

  /* A seat's commands still waiting for the server are counted. */
  g_assert_true (gw_db_exec (db,
      "INSERT INTO outbox (command_id, ticket_id, body, created_at, state) VALUES"
      " ('c1', 1, '{}', 0, 'pending'), ('c2', 1, '{}', 0, 'pending'), ('c3', 1, '{}', 0, 'done')",
      &error));
  {
    GwHandoverCounts c;
    g_assert_true (gw_db_handover_counts (db, NOW, &c, &error));
    g_assert_cmpint (c.pending, ==, 2);
  }
}

static void
test_draft (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwHandover) draft = gw_db_handover_draft (db, NOW + 86400, &error);
  GwTicketQuery overdue = { .lights = 1u << GW_LIGHT_OVERDUE, .sort = GW_TICKET_SORT_TIME_LEFT };
  g_autoptr(GArray) ids = gw_db_query_ticket_ids (db, &overdue, NULL, NOW + 86400, &error);
  g_autoptr(GPtrArray) first = NULL;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_cmpint (draft->id, ==, 0);
  g_assert_null (draft->outgoing);
  g_test_message ("%s", draft->note);
  g_assert_true (g_str_has_prefix (draft->note, "Shift handover, 2026-11-23 "));
  line = g_strdup_printf ("Open tickets: %lld\n", (long long) draft->counts.open);
  g_assert_nonnull (strstr (draft->note, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("Overdue: %lld\n", (long long) draft->counts.overdue);
  g_assert_nonnull (strstr (draft->note, line));
  g_assert_nonnull (strstr (draft->note, "Overdue tickets:\n"));
  g_assert_nonnull (strstr (draft->note, "Actions waiting to be sent: 2\n"));
  /* The longest overdue ticket comes first. */
  g_assert_cmpuint (ids->len, ==, draft->counts.overdue);
  g_array_set_size (ids, 1);
  first = gw_db_get_tickets (db, ids, &error);
  g_assert_nonnull (strstr (draft->note, ((GwTicket *) g_ptr_array_index (first, 0))->number));
  if (draft->counts.overdue > 20)
    g_assert_nonnull (strstr (draft->note, "more\n"));
  g_assert_true (g_str_has_suffix (draft->note, "For the next shift:\n"));
}

static gint64 first_id;

static void
test_write_and_sign (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwHandover) draft = gw_db_handover_draft (db, NOW + 3600, &error);
  g_autoptr(GwHandover) stored = NULL;
  g_autoptr(GPtrArray) unsigned_ = NULL;
  g_autofree char *note = g_strconcat (draft->note, "泵站三号积水，已通知水务。\n", NULL);
  gint64 id, first_broken = 0, n = 0;

  g_assert_cmpint (gw_db_handover_write (db, " ", note, NOW + 3600, &error), ==, 0);
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_cmpint (gw_db_handover_write (db, "张伟", " \n ", NOW + 3600, &error), ==, 0);
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING);
  g_clear_error (&error);

  id = first_id = gw_db_handover_write (db, " 张伟 ", note, NOW + 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  stored = gw_db_handover_get (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->outgoing, ==, "张伟");
  g_assert_cmpstr (stored->note, ==, note);
  g_assert_cmpint (stored->written_at, ==, NOW + 3600);
  g_assert_true (memcmp (&stored->counts, &draft->counts, sizeof stored->counts) == 0);
  g_assert_null (stored->incoming);
  g_assert_cmpint (stored->signed_at, ==, 0);
  unsigned_ = gw_db_handover_list_unsigned (db, &error);
  g_assert_cmpuint (unsigned_->len, ==, 1);
  g_clear_pointer (&unsigned_, g_ptr_array_unref);

  /* Not by the officer who wrote it, however the name is typed; not without a name. */
  g_assert_false (gw_db_handover_sign (db, id, "张伟  ", NOW + 3700, &error));
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_SAME_OFFICER);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (gw_db_handover_sign (db, id, "", NOW + 3700, &error));
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (gw_db_handover_sign (db, 999, "李娜", NOW + 3700, &error));
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gw_db_handover_sign (db, id, "李娜", NOW + 3700, &error));
  g_assert_no_error (error);
  g_assert_false (gw_db_handover_sign (db, id, "王芳", NOW + 3800, &error));
  g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_ALREADY_SIGNED);
  g_assert_nonnull (strstr (error->message, "李娜"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_clear_pointer (&stored, gw_handover_free);
  stored = gw_db_handover_get (db, id, &error);
  g_assert_cmpstr (stored->incoming, ==, "李娜");
  g_assert_cmpint (stored->signed_at, ==, NOW + 3700);
  unsigned_ = gw_db_handover_list_unsigned (db, &error);
  g_assert_cmpuint (unsigned_->len, ==, 0);

  /* Latin names compare without case. */
  {
    gint64 other = gw_db_handover_write (db, "Wang Fang", "Pump station 3: 50%_done", NOW + 7200, &error);
    g_assert_no_error (error);
    g_assert_false (gw_db_handover_sign (db, other, "wang fang", NOW + 7300, &error));
    g_assert_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_SAME_OFFICER);
    g_clear_error (&error);
  }

  g_assert_true (gw_audit_verify (db, &first_broken, &n, &error));
  g_assert_no_error (error);
}

static void
assert_found (const char *text,
              guint       n,
              gint64      first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gw_db_handover_search (db, text, 50, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, n);
  if (n > 0)
    g_assert_cmpint (((GwHandover *) g_ptr_array_index (found, 0))->id, ==, first);
}

static void
test_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gw_db_handover_search (db, NULL, 50, &error);
  gint64 newest;

  /* Newest first. */
  g_assert_cmpuint (all->len, ==, 2);
  newest = ((GwHandover *) g_ptr_array_index (all, 0))->id;
  g_assert_cmpint (newest, !=, first_id);
  g_assert_cmpint (((GwHandover *) g_ptr_array_index (all, 0))->written_at, >,
                   ((GwHandover *) g_ptr_array_index (all, 1))->written_at);

  assert_found ("", 2, newest);
  assert_found ("泵站", 1, first_id);       /* two Chinese characters of the note */
  assert_found ("张伟", 1, first_id);       /* the outgoing officer */
  assert_found ("李娜", 1, first_id);       /* the incoming officer */
  assert_found ("pump", 1, newest);        /* without case */
  assert_found ("50%_", 1, newest);        /* % and _ as themselves */
  assert_found ("%", 1, newest);
  assert_found ("5_%", 0, 0);
  assert_found ("无此内容", 0, 0);
  {
    g_autoptr(GPtrArray) one = gw_db_handover_search (db, NULL, 1, &error);
    g_assert_cmpuint (one->len, ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("handover", NOW, NULL, &db);

  /* In order: each builds on what the previous one wrote. */
  g_test_add_func ("/handover/counts", test_counts);
  g_test_add_func ("/handover/draft", test_draft);
  g_test_add_func ("/handover/write-and-sign", test_write_and_sign);
  g_test_add_func ("/handover/search", test_search);
  ret = g_test_run ();

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
