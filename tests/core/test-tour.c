/* test-tour.c: tours of the video wall: which step or page is on show when, which camera
 * goes in which cell, and JSON in and out. */
#define G_LOG_DOMAIN "test-tour"

#include "config.h"

#include <string.h>

#include "gw-json.h"
#include "gw-tour.h"
#include "gw-wall-layout.h"

#define PIN(i) (G_GUINT64_CONSTANT (1) << (i))

static GwTour *
camera_tour (guint  n,
             guint  dwell)
{
  GwTour *tour = gw_tour_new ("t", "Main roads", dwell);

  for (guint i = 0; i < n; i++)
    gw_tour_add_camera_step (tour, 101 + i);
  return tour;
}

static void
test_steps (void)
{
  static const gint64 four[] = { 7, 0, 9, 11 };
  g_autoptr(GwTour) tour = gw_tour_new ("night", "夜间巡查", 30);
  const GwTourStep *step;

  g_assert_cmpstr (gw_tour_get_id (tour), ==, "night");
  g_assert_cmpstr (gw_tour_get_name (tour), ==, "夜间巡查");
  g_assert_cmpuint (gw_tour_get_dwell (tour), ==, 30);
  g_assert_cmpuint (gw_tour_get_n_steps (tour), ==, 0);
  g_assert_false (gw_tour_is_single_camera (tour));
  g_assert_cmpuint (gw_tour_get_pinned (tour), ==, 0);

  gw_tour_add_camera_step (tour, 5);
  g_assert_true (gw_tour_is_single_camera (tour));
  gw_tour_add_layout_step (tour, "4", four, G_N_ELEMENTS (four));
  g_assert_false (gw_tour_is_single_camera (tour));
  g_assert_cmpuint (gw_tour_get_n_steps (tour), ==, 2);

  step = gw_tour_get_step (tour, 0);
  g_assert_cmpint (step->camera_id, ==, 5);
  g_assert_null (step->layout_id);
  g_assert_cmpuint (step->n_cameras, ==, 0);
  step = gw_tour_get_step (tour, 1);
  g_assert_cmpint (step->camera_id, ==, 0);
  g_assert_cmpstr (step->layout_id, ==, "4");
  g_assert_cmpuint (step->n_cameras, ==, 4);
  g_assert_cmpint (step->cameras[1], ==, 0);
  g_assert_cmpint (step->cameras[3], ==, 11);
  g_assert_null (gw_tour_get_step (tour, 2));

  gw_tour_set_pinned (tour, PIN (0) | PIN (63));
  g_assert_cmpuint (gw_tour_get_pinned (tour), ==, PIN (0) | PIN (63));
}

static void
test_step_at (void)
{
  static const struct {
    gint64 elapsed;
    guint  index;
    gint64 until;
  } times[] = {
    { 0,      0, 10000 },
    { 1,      0, 9999 },
    { 9999,   0, 1 },
    { 10000,  1, 10000 },
    { 19999,  1, 1 },
    { 20000,  2, 10000 },
    { 29999,  2, 1 },
    { 30000,  0, 10000 },     /* round again */
    { 95500,  0, 4500 },
    { -5000,  0, 10000 },     /* before the start: the first step */
    { G_GINT64_CONSTANT (3) * 1000 * 1000 * 1000 * 1000 * 1000 + 20000, 2, 10000 },
  };
  g_autoptr(GwTour) tour = camera_tour (3, 10);
  g_autoptr(GwTour) empty = gw_tour_new ("e", "Empty", 5);
  g_autoptr(GwTour) single = camera_tour (1, 3600);
  const GwTourStep *step;
  guint index = 99;
  gint64 until = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      step = gw_tour_step_at (tour, times[i].elapsed, &index, &until);
      g_test_message ("%" G_GINT64_FORMAT " ms: step %u, next in %" G_GINT64_FORMAT " ms",
                      times[i].elapsed, index, until);
      g_assert_cmpuint (index, ==, times[i].index);
      g_assert_cmpint (until, ==, times[i].until);
      g_assert_true (step == gw_tour_get_step (tour, times[i].index));
      g_assert_cmpint (step->camera_id, ==, 101 + times[i].index);
    }
  /* Either out-argument may be left out. */
  step = gw_tour_step_at (tour, 15000, NULL, NULL);
  g_assert_cmpint (step->camera_id, ==, 102);

  g_assert_null (gw_tour_step_at (empty, 12345, &index, &until));
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (until, ==, -1);

  /* One step: shown again every dwell. */
  step = gw_tour_step_at (single, 3600 * 1000 + 1, &index, &until);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (until, ==, 3600 * 1000 - 1);
}

static void
assert_cells (const gint64 *cameras,
              const gint64 *expected,
              guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      if (cameras[i] != expected[i])
        g_error ("cell %u: camera %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 i, cameras[i], expected[i]);
    }
}

/* Ten cameras on a window of four cells, cell 1 pinned: pages of three. */
static void
test_pages (void)
{
  g_autoptr(GwTour) tour = camera_tour (10, 20);
  const guint64 pinned = PIN (1);
  gint64 cameras[4];
  gint64 until;

  g_assert_true (gw_tour_is_single_camera (tour));
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 4, pinned), ==, 4);
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 4, 0), ==, 3);
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 1, 0), ==, 10);
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 9, 0), ==, 2);
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 16, 0), ==, 1);
  /* Pins past the window's cells do not count. */
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 4, pinned | PIN (7)), ==, 4);

  /* The pinned cell keeps whatever it shows (-1 here). */
  {
    static const gint64 page0[] = { 101, -1, 102, 103 };
    static const gint64 page1[] = { 104, -1, 105, 106 };
    static const gint64 page3[] = { 110, -1, 0, 0 };

    for (guint i = 0; i < 4; i++)
      cameras[i] = -1;
    gw_tour_fill_page (tour, 0, 4, pinned, cameras);
    assert_cells (cameras, page0, 4);
    gw_tour_fill_page (tour, 1, 4, pinned, cameras);
    assert_cells (cameras, page1, 4);
    gw_tour_fill_page (tour, 3, 4, pinned, cameras);
    assert_cells (cameras, page3, 4);
    /* Pages are counted round. */
    gw_tour_fill_page (tour, 5, 4, pinned, cameras);
    assert_cells (cameras, page1, 4);
  }

  /* Timing: 20 s a page, four pages a round. */
  g_assert_cmpuint (gw_tour_page_at (tour, 4, pinned, 0, &until), ==, 0);
  g_assert_cmpint (until, ==, 20000);
  g_assert_cmpuint (gw_tour_page_at (tour, 4, pinned, 65000, &until), ==, 3);
  g_assert_cmpint (until, ==, 15000);
  g_assert_cmpuint (gw_tour_page_at (tour, 4, pinned, 80000, &until), ==, 0);
  g_assert_cmpuint (gw_tour_page_at (tour, 4, 0, 65000, &until), ==, 0);

  /* Every cell pinned: nothing rotates, nothing is touched. */
  {
    static const gint64 kept[] = { 1, 2, 3, 4 };

    for (guint i = 0; i < 4; i++)
      cameras[i] = kept[i];
    g_assert_cmpuint (gw_tour_get_n_pages (tour, 4, PIN (0) | PIN (1) | PIN (2) | PIN (3)), ==, 0);
    g_assert_cmpuint (gw_tour_page_at (tour, 4, 0xf, 12345, &until), ==, 0);
    g_assert_cmpint (until, ==, -1);
    gw_tour_fill_page (tour, 0, 4, 0xf, cameras);
    assert_cells (cameras, kept, 4);
  }

  /* A single unpinned cell: a page is a step. */
  {
    gint64 one[3] = { 0, 0, 0 };
    static const gint64 at_7[] = { 5, 108, 6 };

    one[0] = 5;
    one[2] = 6;
    g_assert_cmpuint (gw_tour_get_n_pages (tour, 3, PIN (0) | PIN (2)), ==, 10);
    gw_tour_fill_page (tour, 7, 3, PIN (0) | PIN (2), one);
    assert_cells (one, at_7, 3);
  }

  /* More cells than cameras: one page, the rest empty. */
  {
    gint64 nine[9];
    static const gint64 expected[] = { 101, 102, 103, 104, 105, 106, 107, 108, 109 };
    static const gint64 wide[16] = { 101, 102, 103, 104, 105, 106, 107, 108, 109, 110 };
    gint64 sixteen[16];

    gw_tour_fill_page (tour, 0, 9, 0, nine);
    assert_cells (nine, expected, 9);
    gw_tour_fill_page (tour, 0, 16, 0, sixteen);
    assert_cells (sixteen, wide, 16);
  }
}

/* Layout steps are not paged: only the camera steps fill cells. */
static void
test_pages_mixed (void)
{
  static const gint64 cells[] = { 1, 2, 3, 4 };
  static const gint64 expected[] = { 21, 22, 23, 0 };
  g_autoptr(GwTour) tour = gw_tour_new ("m", "Mixed", 5);
  g_autoptr(GwTour) layouts_only = gw_tour_new ("l", "Layouts", 5);
  gint64 cameras[4];

  gw_tour_add_camera_step (tour, 21);
  gw_tour_add_layout_step (tour, "4", cells, 4);
  gw_tour_add_camera_step (tour, 22);
  gw_tour_add_camera_step (tour, 23);
  g_assert_false (gw_tour_is_single_camera (tour));
  g_assert_cmpuint (gw_tour_get_n_pages (tour, 4, 0), ==, 1);
  gw_tour_fill_page (tour, 0, 4, 0, cameras);
  assert_cells (cameras, expected, 4);

  gw_tour_add_layout_step (layouts_only, "1+5", cells, 4);
  g_assert_cmpuint (gw_tour_get_n_pages (layouts_only, 4, 0), ==, 0);
  cameras[0] = 9;
  gw_tour_fill_page (layouts_only, 0, 4, 0, cameras);
  g_assert_cmpint (cameras[0], ==, 0);
}

static GwTour *
parse_tour (const char  *text,
            GError     **error)
{
  g_autoptr(JsonNode) node = gw_json_parse (text, -1, 8, error);

  return node ? gw_tour_from_json (node, NULL, error) : NULL;
}

static void
test_json_round_trip (void)
{
  static const gint64 cells[] = { 3, 0, 5, 8, 13, 21 };
  g_autoptr(GwTour) tour = gw_tour_new ("t-1", "城区主干道", 15);
  g_autoptr(GwTour) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;

  gw_tour_add_camera_step (tour, 42);
  gw_tour_add_layout_step (tour, "1+5", cells, G_N_ELEMENTS (cells));
  gw_tour_add_camera_step (tour, G_MAXINT64);
  gw_tour_set_pinned (tour, PIN (0) | PIN (5) | PIN (63));

  node = gw_tour_to_json (tour);
  text = gw_json_to_string (node, FALSE);
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"t-1\",\"name\":\"城区主干道\",\"dwell\":15,\"steps\":["
                   "{\"camera\":42},{\"layout\":\"1+5\",\"cameras\":[3,0,5,8,13,21]},"
                   "{\"camera\":9223372036854775807}],\"pinned\":[0,5,63]}");

  back = parse_tour (text, &error);
  g_assert_no_error (error);
  again = gw_tour_to_json (back);
  g_assert_true (json_node_equal (node, again));
  g_assert_cmpuint (gw_tour_get_pinned (back), ==, PIN (0) | PIN (5) | PIN (63));
  g_assert_cmpuint (gw_tour_get_n_steps (back), ==, 3);
  g_assert_cmpint (gw_tour_get_step (back, 1)->cameras[5], ==, 21);

  /* Pins may be left out; a tour may have no steps yet. */
  {
    g_autoptr(GwTour) bare = parse_tour ("{\"id\":\"b\",\"name\":\"B\",\"dwell\":5,\"steps\":[]}",
                                         &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gw_tour_get_n_steps (bare), ==, 0);
    g_assert_cmpuint (gw_tour_get_pinned (bare), ==, 0);
  }
}

#define TOUR_HEAD "\"id\":\"t\",\"name\":\"T\","

static void
test_json_malformed (void)
{
  static const struct {
    const char  *json;
    GwJsonError  code;
    const char  *says;
  } cases[] = {
    { "\"tour\"", GW_JSON_ERROR_TYPE, "document: expected an object, found a string" },
    { "{\"name\":\"T\",\"dwell\":10,\"steps\":[]}", GW_JSON_ERROR_MISSING, "id: required" },
    { "{\"id\":\"t\",\"name\":[],\"dwell\":10,\"steps\":[]}", GW_JSON_ERROR_TYPE, "name: expected a string" },
    { "{" TOUR_HEAD "\"steps\":[]}", GW_JSON_ERROR_MISSING, "dwell: required" },
    { "{" TOUR_HEAD "\"dwell\":4,\"steps\":[]}", GW_JSON_ERROR_VALUE, "dwell: 4 is not between 5 and 3600" },
    { "{" TOUR_HEAD "\"dwell\":3601,\"steps\":[]}", GW_JSON_ERROR_VALUE, "dwell: 3601" },
    { "{" TOUR_HEAD "\"dwell\":-10,\"steps\":[]}", GW_JSON_ERROR_VALUE, "dwell: -10" },
    { "{" TOUR_HEAD "\"dwell\":10.5,\"steps\":[]}", GW_JSON_ERROR_TYPE, "dwell: expected an integer" },
    { "{" TOUR_HEAD "\"dwell\":10}", GW_JSON_ERROR_MISSING, "steps: required" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"camera\":0}]}", GW_JSON_ERROR_VALUE, "steps[0].camera: must be at least 1, not 0" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"camera\":\"12\"}]}", GW_JSON_ERROR_TYPE, "steps[0].camera: expected an integer" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"camera\":1},{}]}", GW_JSON_ERROR_MISSING, "steps[1]: a step is either" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"camera\":1,\"layout\":\"4\"}]}", GW_JSON_ERROR_UNKNOWN, "steps[0].layout: unknown field" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"layout\":\"4\"}]}", GW_JSON_ERROR_MISSING, "steps[0].cameras: required" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"layout\":\"\",\"cameras\":[1]}]}", GW_JSON_ERROR_VALUE, "steps[0].layout: must not be empty" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"layout\":\"4\",\"cameras\":[]}]}", GW_JSON_ERROR_VALUE, "steps[0].cameras: a layout step has 1 to 64 cameras" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"layout\":\"4\",\"cameras\":[1,-2]}]}", GW_JSON_ERROR_VALUE, "steps[0].cameras[1]: must be at least 0, not -2" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[{\"layout\":\"4\",\"cameras\":[1,null]}]}", GW_JSON_ERROR_TYPE, "steps[0].cameras[1]: expected an integer, found null" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[5]}", GW_JSON_ERROR_TYPE, "steps[0]: expected an object, found a number" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[],\"pinned\":[64]}", GW_JSON_ERROR_VALUE, "pinned[0]: 64 is not between 0 and 63" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[],\"pinned\":[2,2]}", GW_JSON_ERROR_VALUE, "pinned[1]: cell 2 is listed twice" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[],\"pinned\":3}", GW_JSON_ERROR_TYPE, "pinned: expected an array" },
    { "{" TOUR_HEAD "\"dwell\":10,\"steps\":[],\"loop\":true}", GW_JSON_ERROR_UNKNOWN, "loop: unknown field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTour) tour = parse_tour (cases[i].json, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (tour);
      g_assert_error (error, GW_JSON_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* Too many steps. */
  {
    g_autoptr(GString) json = g_string_new ("{" TOUR_HEAD "\"dwell\":10,\"steps\":[");
    g_autoptr(GError) error = NULL;
    g_autoptr(GwTour) tour = NULL;

    for (guint i = 0; i <= GW_TOUR_MAX_STEPS; i++)
      g_string_append_printf (json, "%s{\"camera\":%u}", i ? "," : "", i + 1);
    g_string_append (json, "]}");
    tour = parse_tour (json->str, &error);
    g_assert_null (tour);
    g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE);
    g_assert_nonnull (strstr (error->message, "steps: a tour has at most 1024 steps, not 1025"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tour/steps", test_steps);
  g_test_add_func ("/tour/step-at", test_step_at);
  g_test_add_func ("/tour/pages", test_pages);
  g_test_add_func ("/tour/pages-mixed", test_pages_mixed);
  g_test_add_func ("/tour/json/round-trip", test_json_round_trip);
  g_test_add_func ("/tour/json/malformed", test_json_malformed);
  return g_test_run ();
}
