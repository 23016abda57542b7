/* The queue's queries: every view, filter and sort evaluated in SQLite against the same
 * selection made row by row in C (the oracle), on the small demo county in a real SQLite
 * file. */
#include "config.h"

#include "test-county.h"

#include <glib/gstdio.h>

#include "gw-db-private.h"
#include "gw-demo.h"
#include "gw-ticket-query.h"

#define NOW G_GINT64_CONSTANT (1795330800)

static char *tmpdir;
static GwDb *db;

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, gint64, i) != g_array_index (b, gint64, i))
      g_error ("row %u: %" G_GINT64_FORMAT " in SQL, %" G_GINT64_FORMAT " in the oracle", i,
               g_array_index (a, gint64, i), g_array_index (b, gint64, i));
}

static GArray *
check_query (const GwTicketQuery *q,
             const GwActor       *actor,
             gint64               now)
{
  g_autoptr(GError) error = NULL;
  GArray *sql = gw_db_query_ticket_ids (db, q, actor, now, &error);
  g_autoptr(GArray) naive = gw_db_query_ticket_ids_naive (db, q, actor, now, &error);

  g_assert_no_error (error);
  assert_same_ids (sql, naive);
  return sql;
}

static const GwActor center = {
  .name = "值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223", .level = GW_LEVEL_DISTRICT,
};

static void
test_views (void)
{
  g_autoptr(GError) error = NULL;
  gint64 counts[GW_N_TICKET_VIEWS];
  g_autoptr(GPtrArray) departments = gw_db_list_departments (db, &error);
  GwDepartment *dept = g_ptr_array_index (departments, 0);
  GwActor handler = { .name = "处置员", .role = GW_ROLE_DEPARTMENT_HANDLER, .division_code = "500223",
                      .level = GW_LEVEL_DISTRICT, .department_code = dept->code };
  g_autoptr(GwDivision) street = gw_db_get_division (db, "500223001", &error);
  GwActor street_officer = { .name = "街道", .role = GW_ROLE_STREET_OFFICER, .division_code = "500223001",
                             .level = GW_LEVEL_STREET };

  g_assert_true (gw_db_count_ticket_views (db, &center, NOW, counts, &error));
  g_assert_no_error (error);
  for (guint v = 0; v < GW_N_TICKET_VIEWS; v++)
    {
      GwTicketQuery q = { .view = v, .descending = TRUE };
      g_autoptr(GArray) ids = check_query (&q, &center, NOW);

      g_test_message ("view %s: %u", gw_ticket_view_to_string (v), ids->len);
      g_assert_cmpint (counts[v], ==, ids->len);
      g_clear_pointer (&ids, g_array_unref);
      ids = check_query (&q, &handler, NOW);
      g_clear_pointer (&ids, g_array_unref);
      ids = check_query (&q, &street_officer, NOW);
    }
  g_assert_nonnull (street);
  /* Every view is a part of the county, and the demo has some of each but "new" and
   * "emergency" (the small county's few open tickets have moved on by the time it ends). */
  g_assert_cmpint (counts[GW_TICKET_VIEW_ALL], ==, 4000);
  for (guint v = GW_TICKET_VIEW_MY_QUEUE; v < GW_N_TICKET_VIEWS; v++)
    {
      if (v == GW_TICKET_VIEW_NEW || v == GW_TICKET_VIEW_EMERGENCY)
        continue;
      g_assert_cmpint (counts[v], >, 0);
      g_assert_cmpint (counts[v], <, counts[GW_TICKET_VIEW_ALL]);
    }
}

static void
test_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = gw_db_list_departments (db, &error);
  g_autoptr(GArray) some = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  GwTicket *t;
  GwTicketQuery q = { .descending = TRUE };
  guint hits = 0;

  q.states = 1u << GW_STATE_DISPATCHED | 1u << GW_STATE_HANDLING;
  g_array_unref (check_query (&q, &center, NOW));
  q.states = 0;
  for (guint l = 0; l < GW_N_LIGHTS; l++)
    {
      q.lights = 1u << l;
      some = check_query (&q, &center, NOW);
      hits += some->len > 0;
      g_clear_pointer (&some, g_array_unref);
    }
  g_assert_cmpuint (hits, >=, 3);
  q.lights = 0;
  q.urgencies = 1u << GW_URGENCY_EMERGENCY | 1u << GW_URGENCY_URGENT;
  g_array_unref (check_query (&q, &center, NOW));
  q.urgencies = 0;
  q.sources = 1u << GW_SOURCE_HOTLINE;
  g_array_unref (check_query (&q, &center, NOW));
  q.sources = 0;
  q.board = g_strdup ("safety");
  g_array_unref (check_query (&q, &center, NOW));
  g_clear_pointer (&q.board, g_free);
  q.department_code = g_strdup (((GwDepartment *) g_ptr_array_index (departments, 2))->code);
  g_array_unref (check_query (&q, &center, NOW));
  g_clear_pointer (&q.department_code, g_free);
  q.category = g_strdup ("01");
  g_array_unref (check_query (&q, &center, NOW));
  g_clear_pointer (&q.category, g_free);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const codes[] = { "500223001", "500223001001", "500223001001001" };
      q.division_code = g_strdup (codes[i]);
      some = check_query (&q, &center, NOW);
      g_assert_cmpuint (some->len, >, 0);
      g_clear_pointer (&some, g_array_unref);
      g_clear_pointer (&q.division_code, g_free);
    }
  q.division_code = g_strdup ("999999");
  some = gw_db_query_ticket_ids (db, &q, &center, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 0);
  g_clear_pointer (&some, g_array_unref);
  g_clear_pointer (&q.division_code, g_free);
  q.from = NOW - 7 * 86400;
  q.to = NOW - 86400;
  g_array_unref (check_query (&q, &center, NOW));
  q.from = q.to = 0;

  /* Search: a two-character Chinese word taken from a real description, and a number. */
  some = gw_db_query_ticket_ids (db, &(GwTicketQuery) { .descending = TRUE }, NULL, NOW, &error);
  g_array_set_size (some, 1);
  tickets = gw_db_get_tickets (db, some, &error);
  t = g_ptr_array_index (tickets, 0);
  {
    const char *p = t->description;
    const char *end = g_utf8_offset_to_pointer (p, 2);
    q.text = g_strndup (p, end - p);
  }
  g_test_message ("searching %s", q.text);
  g_clear_pointer (&some, g_array_unref);
  some = check_query (&q, &center, NOW);
  g_assert_cmpuint (some->len, >, 0);
  g_clear_pointer (&some, g_array_unref);
  g_free (q.text);
  q.text = g_strndup (t->number, strlen (t->number) - 1);
  some = check_query (&q, &center, NOW);
  g_assert_cmpuint (some->len, >=, 1);
  g_clear_pointer (&some, g_array_unref);
  g_free (q.text);
  q.text = g_strdup ("  !! ");
  some = gw_db_query_ticket_ids (db, &q, &center, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 0);
  g_clear_pointer (&q.text, g_free);
  g_clear_pointer (&some, g_array_unref);

  /* Filters combine. */
  q.view = GW_TICKET_VIEW_RED_OVERDUE;
  q.board = g_strdup ("livelihood");
  q.urgencies = 1u << GW_URGENCY_NORMAL;
  g_array_unref (check_query (&q, &center, NOW));
  g_clear_pointer (&q.board, g_free);
}

static void
test_sorts (void)
{
  for (guint s = 0; s < GW_N_TICKET_SORTS; s++)
    for (guint d = 0; d < 2; d++)
      {
        GwTicketQuery q = { .sort = s, .descending = d };
        g_autoptr(GArray) ids = check_query (&q, &center, NOW);

        g_assert_cmpuint (ids->len, ==, 4000);
        q.view = GW_TICKET_VIEW_RED_OVERDUE;
        g_array_unref (check_query (&q, &center, NOW));
      }
}

static void
test_lights_move_with_time (void)
{
  GwTicketQuery q = { .view = GW_TICKET_VIEW_RED_OVERDUE, .descending = TRUE };
  g_autoptr(GArray) now = check_query (&q, &center, NOW);
  g_autoptr(GArray) later = check_query (&q, &center, NOW + 3 * 86400);

  /* Three days on, with nothing done, more clocks have run out. */
  g_assert_cmpuint (later->len, >, now->len);
}

static void
test_strings (void)
{
  for (guint v = 0; v < GW_N_TICKET_VIEWS; v++)
    {
      GwTicketView back;
      g_assert_true (gw_ticket_view_from_string (gw_ticket_view_to_string (v), &back));
      g_assert_cmpint (back, ==, v);
    }
  for (guint s = 0; s < GW_N_TICKET_SORTS; s++)
    {
      GwTicketSort back;
      g_assert_true (gw_ticket_sort_from_string (gw_ticket_sort_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  {
    GwTicketView v;
    g_assert_false (gw_ticket_view_from_string ("everything", &v));
    g_assert_false (gw_ticket_view_from_string (NULL, &v));
  }
  {
    g_autoptr(GwTicketQuery) a = gw_ticket_query_new ();
    g_autoptr(GwTicketQuery) b = NULL;

    a->text = g_strdup ("漏水");
    a->division_code = g_strdup ("500223001");
    b = gw_ticket_query_copy (a);
    g_assert_true (gw_ticket_query_equal (a, b));
    g_free (b->text);
    b->text = g_strdup ("漏");
    g_assert_false (gw_ticket_query_equal (a, b));
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = test_county_new ("query", NOW, NULL, &db);

  g_test_add_func ("/query/strings", test_strings);
  g_test_add_func ("/query/views", test_views);
  g_test_add_func ("/query/filters", test_filters);
  g_test_add_func ("/query/sorts", test_sorts);
  g_test_add_func ("/query/lights-move-with-time", test_lights_move_with_time);
  ret = g_test_run ();

  g_clear_pointer (&db, gw_db_free);
  test_county_remove (g_steal_pointer (&tmpdir));
  return ret;
}
