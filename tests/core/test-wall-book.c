/* test-wall-book.c: the wall book kept in a real file in a temporary folder, loaded and
 * saved from a main loop as the app does: round trips, a missing file, broken and
 * oversized files reported and left alone, and saves that never overlap. */
#define G_LOG_DOMAIN "test-wall-book"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-wall-book.h"

static char *tmpdir;

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_null (w->result);
  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static gboolean
load (GwWallBook    *book,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  gboolean ok;

  gw_wall_book_load_async (book, cancellable, on_done, &w);
  g_main_loop_run (loop);
  ok = gw_wall_book_load_finish (book, w.result, error);
  g_object_unref (w.result);
  return ok;
}

static gboolean
save (GwWallBook  *book,
      GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  gboolean ok;

  gw_wall_book_save_async (book, NULL, on_done, &w);
  g_main_loop_run (loop);
  ok = gw_wall_book_save_finish (book, w.result, error);
  g_object_unref (w.result);
  return ok;
}

static GFile *
test_file (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);

  return g_file_new_for_path (path);
}

static void
write_file (GFile      *file,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_replace_contents (file, data, length < 0 ? strlen (data) : (gsize) length,
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
read_file (GFile *file,
           gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &data, length, NULL, &error));
  g_assert_no_error (error);
  return data;
}

static void
count_change (GwWallBook *book,
              guint      *count)
{
  (*count)++;
}

/* The whole book as one JSON document, to compare two books. */
static JsonNode *
book_to_json (GwWallBook *book)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) layouts = gw_wall_book_list_layouts (book);
  g_autoptr(GPtrArray) tours = gw_wall_book_list_tours (book);
  g_autoptr(GPtrArray) groups = gw_wall_book_list_groups (book);
  g_autoptr(GPtrArray) windows = gw_wall_book_list_windows (book);

  json_builder_begin_array (b);
  for (guint i = 0; i < layouts->len; i++)
    json_builder_add_value (b, gw_wall_layout_to_json (layouts->pdata[i]));
  for (guint i = 0; i < tours->len; i++)
    json_builder_add_value (b, gw_tour_to_json (tours->pdata[i]));
  for (guint i = 0; i < groups->len; i++)
    {
      GwWallGroup *g = groups->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, g->id);
      json_builder_add_string_value (b, g->name);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, g->cameras->len);
      json_builder_set_member_name (b, "last");
      json_builder_add_int_value (b, g->cameras->len ? g_array_index (g->cameras, gint64, g->cameras->len - 1) : 0);
      json_builder_end_object (b);
    }
  for (guint i = 0; i < windows->len; i++)
    {
      GwWallWindowState *s = windows->pdata[i];
      json_builder_begin_array (b);
      json_builder_add_string_value (b, s->id);
      json_builder_add_string_value (b, s->monitor ? s->monitor : "-");
      json_builder_add_boolean_value (b, s->fullscreen);
      json_builder_add_string_value (b, s->layout_id);
      for (guint c = 0; c < s->cameras->len; c++)
        json_builder_add_int_value (b, g_array_index (s->cameras, gint64, c));
      json_builder_add_int_value (b, (gint64) s->pinned);
      json_builder_add_string_value (b, s->tour_id ? s->tour_id : "-");
      json_builder_add_int_value (b, s->focused);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* A book with something in every collection. */
static void
fill (GwWallBook *book)
{
  static const gint64 step_cameras[] = { 1, 0, 3, 4, 5, 6 };
  g_autoptr(GwWallLayout) layout = gw_wall_layout_new ("gate", "正门 1 大 + 2", 3, 2);
  g_autoptr(GwTour) tour = gw_tour_new ("roads", "主干道轮巡", 20);
  g_autoptr(GwWallGroup) group = gw_wall_group_new ("school", "学校周边");
  g_autoptr(GwWallWindowState) one = gw_wall_window_state_new ("wall-1", "gate");
  g_autoptr(GwWallWindowState) two = gw_wall_window_state_new ("wall-2", "16");

  g_assert_true (gw_wall_layout_add_cell (layout, 0, 0, 2, 2, NULL));
  g_assert_true (gw_wall_layout_add_cell (layout, 2, 0, 1, 1, NULL));
  g_assert_true (gw_wall_layout_add_cell (layout, 2, 1, 1, 1, NULL));
  gw_wall_book_set_layout (book, layout);

  gw_tour_add_camera_step (tour, 11);
  gw_tour_add_camera_step (tour, 12);
  gw_tour_add_layout_step (tour, "1+5", step_cameras, G_N_ELEMENTS (step_cameras));
  gw_tour_set_pinned (tour, 1);
  gw_wall_book_set_tour (book, tour);

  for (gint64 c = 1000; c < 1300; c++)
    g_array_append_val (group->cameras, c);
  gw_wall_book_set_group (book, group);

  one->monitor = g_strdup ("HDMI-1");
  one->fullscreen = TRUE;
  for (gint64 c = 7; c < 10; c++)
    g_array_append_val (one->cameras, c);
  one->pinned = 1 | (G_GUINT64_CONSTANT (1) << 2);
  one->tour_id = g_strdup ("roads");
  one->focused = 1;
  gw_wall_book_set_window (book, one);
  gw_wall_book_set_window (book, two);
}

static void
test_default_file (void)
{
  g_autoptr(GFile) file = gw_wall_book_default_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "gridwatch", "wall.json", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = test_file ("nowhere/wall.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layouts = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  guint changes = 0;

  g_assert_true (gw_wall_book_get_file (book) == file);
  g_signal_connect (book, "changed", G_CALLBACK (count_change), &changes);
  g_assert_true (load (book, NULL, &error));
  g_assert_no_error (error);
  layouts = gw_wall_book_list_layouts (book);
  windows = gw_wall_book_list_windows (book);
  g_assert_cmpuint (layouts->len, ==, 0);
  g_assert_cmpuint (windows->len, ==, 0);
  g_assert_cmpuint (changes, ==, 0);
  /* Nothing was written. */
  g_assert_false (g_file_query_exists (file, NULL));

  /* The presets are found through the book. */
  {
    g_autoptr(GwWallLayout) nine = gw_wall_book_find_layout (book, "9");
    g_assert_nonnull (nine);
    g_assert_cmpuint (gw_wall_layout_get_n_cells (nine), ==, 9);
    g_assert_null (gw_wall_book_find_layout (book, "gate"));
    g_assert_null (gw_wall_book_dup_layout (book, "9"));
  }
}

static void
test_collections (void)
{
  g_autoptr(GFile) file = test_file ("collections.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  guint changes = 0, window_changes = 0;

  g_signal_connect (book, "changed", G_CALLBACK (count_change), &changes);
  g_signal_connect (book, "changed::windows", G_CALLBACK (count_change), &window_changes);
  fill (book);
  g_assert_cmpuint (changes, ==, 5);
  g_assert_cmpuint (window_changes, ==, 2);

  {
    g_autoptr(GwWallLayout) gate = gw_wall_book_find_layout (book, "gate");
    g_autoptr(GwTour) roads = gw_wall_book_dup_tour (book, "roads");
    g_autoptr(GwWallGroup) school = gw_wall_book_dup_group (book, "school");
    g_autoptr(GwWallWindowState) one = gw_wall_book_dup_window (book, "wall-1");

    g_assert_cmpuint (gw_wall_layout_get_n_cells (gate), ==, 3);
    g_assert_cmpuint (gw_tour_get_n_steps (roads), ==, 3);
    g_assert_cmpuint (school->cameras->len, ==, 300);
    g_assert_cmpstr (one->monitor, ==, "HDMI-1");
    g_assert_null (gw_wall_book_dup_tour (book, "gate"));
  }

  /* Setting the same thing again is no change. */
  {
    g_autoptr(GwWallWindowState) one = gw_wall_book_dup_window (book, "wall-1");
    g_autoptr(GwWallWindowState) copy = gw_wall_window_state_copy (one);

    gw_wall_book_set_window (book, one);
    gw_wall_book_set_window (book, copy);
    g_assert_cmpuint (changes, ==, 5);

    /* A change replaces the window in its place. */
    g_array_index (copy->cameras, gint64, 0) = 70;
    copy->focused = 2;
    gw_wall_book_set_window (book, copy);
    g_assert_cmpuint (changes, ==, 6);
    g_assert_cmpuint (window_changes, ==, 3);
    {
      g_autoptr(GPtrArray) windows = gw_wall_book_list_windows (book);
      GwWallWindowState *first = windows->pdata[0];

      g_assert_cmpuint (windows->len, ==, 2);
      g_assert_cmpstr (first->id, ==, "wall-1");
      g_assert_cmpint (g_array_index (first->cameras, gint64, 0), ==, 70);
      g_assert_cmpint (first->focused, ==, 2);
      /* The one handed out earlier is unchanged. */
      g_assert_cmpint (g_array_index (one->cameras, gint64, 0), ==, 7);
    }
  }

  /* Removing. */
  g_assert_true (gw_wall_book_remove_window (book, "wall-2"));
  g_assert_false (gw_wall_book_remove_window (book, "wall-2"));
  g_assert_true (gw_wall_book_remove_group (book, "school"));
  g_assert_false (gw_wall_book_remove_tour (book, "nope"));
  g_assert_false (gw_wall_book_remove_layout (book, "4"));
  g_assert_cmpuint (changes, ==, 8);
  g_assert_null (gw_wall_book_dup_group (book, "school"));

  /* Presets and layouts with a preset's id are not the book's to keep. */
  if (g_test_undefined ())
    {
      g_autoptr(GwWallLayout) four = gw_wall_layout_get_preset ("4");
      g_autoptr(GwWallLayout) fake = gw_wall_layout_new ("4", "Four", 2, 2);

      g_assert_true (gw_wall_layout_add_cell (fake, 0, 0, 2, 2, NULL));
      g_test_expect_message ("gw-wall-book", G_LOG_LEVEL_CRITICAL, "*layout_is_valid*");
      gw_wall_book_set_layout (book, four);
      g_test_assert_expected_messages ();
      g_test_expect_message ("gw-wall-book", G_LOG_LEVEL_CRITICAL, "*layout_is_valid*");
      gw_wall_book_set_layout (book, fake);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (changes, ==, 8);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GFile) file = test_file ("round/trip/wall.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GwWallBook) again = gw_wall_book_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *text = NULL;
  guint changes = 0;

  fill (book);
  /* The folders are made as needed. */
  g_assert_true (save (book, &error));
  g_assert_no_error (error);
  text = read_file (file, NULL);
  g_test_message ("wall.json: %zu bytes", strlen (text));
  g_assert_nonnull (strstr (text, "\"version\" : 1"));

  g_signal_connect (again, "changed", G_CALLBACK (count_change), &changes);
  g_assert_true (load (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 4);
  before = book_to_json (book);
  after = book_to_json (again);
  g_assert_true (json_node_equal (before, after));

  {
    g_autoptr(GwWallWindowState) one = gw_wall_book_dup_window (again, "wall-1");
    g_autoptr(GwWallWindowState) two = gw_wall_book_dup_window (again, "wall-2");

    g_assert_cmpstr (one->monitor, ==, "HDMI-1");
    g_assert_true (one->fullscreen);
    g_assert_cmpstr (one->tour_id, ==, "roads");
    g_assert_cmpuint (one->pinned, ==, 5);
    g_assert_cmpint (one->focused, ==, 1);
    g_assert_null (two->monitor);
    g_assert_null (two->tour_id);
    g_assert_false (two->fullscreen);
    g_assert_cmpint (two->focused, ==, -1);
    g_assert_cmpuint (two->cameras->len, ==, 0);
  }

  /* Saved again, byte for byte the same. */
  {
    g_autofree char *second = NULL;

    g_assert_true (save (again, &error));
    g_assert_no_error (error);
    second = read_file (file, NULL);
    g_assert_cmpstr (second, ==, text);
  }

  /* A load replaces what the book held; an emptied book saves and loads empty. */
  {
    g_autoptr(GPtrArray) tours = NULL;

    g_assert_true (gw_wall_book_remove_tour (again, "roads"));
    g_assert_true (save (again, &error));
    g_assert_true (load (book, NULL, &error));
    g_assert_no_error (error);
    tours = gw_wall_book_list_tours (book);
    g_assert_cmpuint (tours->len, ==, 0);
  }
}

/* Saves made while one is being written wait for it; those waiting together are
 * written once, with the latest contents, and all are answered. */
static void
test_saves_in_order (void)
{
  g_autoptr(GFile) file = test_file ("order.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GwWallBook) check = gw_wall_book_new (file);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Wait waits[5] = { { 0 } };
  g_autoptr(GPtrArray) windows = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_autofree char *id = g_strdup_printf ("wall-%u", i);
      g_autoptr(GwWallWindowState) state = gw_wall_window_state_new (id, "4");

      gw_wall_book_set_window (book, state);
      waits[i].loop = loop;
      gw_wall_book_save_async (book, NULL, on_done, &waits[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      while (waits[i].result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (gw_wall_book_save_finish (book, waits[i].result, &error));
      g_assert_no_error (error);
      g_clear_object (&waits[i].result);
    }
  g_assert_true (load (check, NULL, &error));
  g_assert_no_error (error);
  windows = gw_wall_book_list_windows (check);
  g_assert_cmpuint (windows->len, ==, G_N_ELEMENTS (waits));
}

/* Broken files: each is reported with the file's name and where in it, the book keeps
 * what it had and the file is not touched. */
static void
test_broken_files (void)
{
  static const struct {
    const char  *text;
    GQuark     (*domain) (void);
    int          code;
    const char  *says;
  } cases[] = {
    { "", gw_json_error_quark, GW_JSON_ERROR_SYNTAX, "not valid JSON" },
    { "{\"version\":1,\"layouts\":[", gw_json_error_quark, GW_JSON_ERROR_SYNTAX, "not valid JSON" },
    { "[1,2]", gw_json_error_quark, GW_JSON_ERROR_TYPE, "document: expected an object" },
    { "{\"layouts\":[]}", gw_json_error_quark, GW_JSON_ERROR_MISSING, "version: required" },
    { "{\"version\":2}", gw_json_error_quark, GW_JSON_ERROR_VALUE, "newer Gridwatch" },
    { "{\"version\":0}", gw_json_error_quark, GW_JSON_ERROR_VALUE, "version: 0" },
    { "{\"version\":1,\"cameras\":[]}", gw_json_error_quark, GW_JSON_ERROR_UNKNOWN, "cameras: unknown field" },
    { "{\"version\":1,\"layouts\":{}}", gw_json_error_quark, GW_JSON_ERROR_TYPE, "layouts: expected an array" },
    { "{\"version\":1,\"layouts\":[{\"id\":\"a\",\"name\":\"A\",\"columns\":2,\"rows\":2,"
      "\"cells\":[{\"x\":0,\"y\":0,\"w\":2,\"h\":1},{\"x\":1,\"y\":0,\"w\":1,\"h\":2}]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "layouts[0].cells[1]: overlaps layouts[0].cells[0]" },
    { "{\"version\":1,\"layouts\":[{\"id\":\"a\",\"name\":\"A\",\"columns\":2,\"rows\":2,"
      "\"cells\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1}]},{\"id\":\"a\",\"name\":\"B\",\"columns\":1,"
      "\"rows\":1,\"cells\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "layouts[1].id: “a” is already the id of layouts[0]" },
    { "{\"version\":1,\"tours\":[{\"id\":\"t\",\"name\":\"T\",\"dwell\":1,\"steps\":[]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "tours[0].dwell: 1 is not between 5 and 3600" },
    { "{\"version\":1,\"groups\":[{\"id\":\"g\",\"name\":\"G\",\"cameras\":[1,2,1]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "groups[0].cameras[2]: 1 is listed twice" },
    { "{\"version\":1,\"groups\":[{\"id\":\"g\",\"name\":\"G\",\"cameras\":[0]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "groups[0].cameras[0]: must be at least 1, not 0" },
    { "{\"version\":1,\"groups\":[{\"id\":\"g\",\"cameras\":[]}]}",
      gw_json_error_quark, GW_JSON_ERROR_MISSING, "groups[0].name: required" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"layout\":\"4\",\"cameras\":[],\"pinned\":[],"
      "\"focused\":64}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "windows[0].focused: 64 is not between -1 and 63" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"layout\":\"4\",\"cameras\":[],\"pinned\":[64]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "windows[0].pinned[0]: 64 is not between 0 and 63" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"layout\":\"4\",\"cameras\":[-1],\"pinned\":[]}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "windows[0].cameras[0]: must be at least 0, not -1" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"layout\":\"4\",\"cameras\":[],\"pinned\":[],"
      "\"monitor\":\"\"}]}",
      gw_json_error_quark, GW_JSON_ERROR_VALUE, "windows[0].monitor: must not be empty" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"layout\":\"4\",\"cameras\":[],\"pinned\":[],"
      "\"fullscreen\":\"yes\"}]}",
      gw_json_error_quark, GW_JSON_ERROR_TYPE, "windows[0].fullscreen: expected true or false" },
    { "{\"version\":1,\"windows\":[{\"id\":\"w\",\"cameras\":[],\"pinned\":[]}]}",
      gw_json_error_quark, GW_JSON_ERROR_MISSING, "windows[0].layout: required" },
    { "{\"version\":1,\"windows\":[[[[[[[[[[]]]]]]]]]]}",
      gw_json_error_quark, GW_JSON_ERROR_TOO_DEEP, "nested deeper" },
  };
  g_autoptr(GFile) file = test_file ("broken.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(JsonNode) before = NULL;
  guint changes = 0;

  fill (book);
  before = book_to_json (book);
  g_signal_connect (book, "changed", G_CALLBACK (count_change), &changes);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) after = NULL;
      g_autofree char *prefix = g_strconcat (name, ": ", NULL);
      g_autofree char *left = NULL;
      gsize length;

      write_file (file, cases[i].text, -1);
      g_assert_false (load (book, NULL, &error));
      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_error (error, cases[i].domain (), cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      /* The book is as it was, and said nothing. */
      after = book_to_json (book);
      g_assert_true (json_node_equal (before, after));
      g_assert_cmpuint (changes, ==, 0);
      /* The file is as it was. */
      left = read_file (file, &length);
      g_assert_cmpuint (length, ==, strlen (cases[i].text));
      g_assert_cmpmem (left, length, cases[i].text, length);
    }

  /* A load after a good file does replace the book. */
  write_file (file, "{\"version\":1}", -1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) windows = NULL;

    g_assert_true (load (book, NULL, &error));
    g_assert_no_error (error);
    windows = gw_wall_book_list_windows (book);
    g_assert_cmpuint (windows->len, ==, 0);
    g_assert_cmpuint (changes, ==, 4);
  }
}

/* The first save after a broken file keeps it beside the new one. */
static void
test_broken_file_kept (void)
{
  static const char broken[] = "{\"version\":1,\"tours\":[{\"id\":";
  g_autoptr(GFile) file = test_file ("kept.json");
  g_autoptr(GFile) backup = test_file ("kept.json~");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *now = NULL;
  gsize length;

  write_file (file, broken, -1);
  g_assert_false (load (book, NULL, &error));
  g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_SYNTAX);
  g_clear_error (&error);

  fill (book);
  g_assert_true (save (book, &error));
  g_assert_no_error (error);
  kept = read_file (backup, &length);
  g_assert_cmpuint (length, ==, strlen (broken));
  g_assert_cmpmem (kept, length, broken, length);
  now = read_file (file, NULL);
  g_assert_nonnull (strstr (now, "wall-1"));

  /* Later saves replace the file without keeping another copy. */
  g_assert_true (g_file_delete (backup, NULL, &error));
  g_assert_true (save (book, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (backup, NULL));
}

static void
test_oversize_file (void)
{
  g_autoptr(GFile) file = test_file ("huge.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GError) error = NULL;
  gsize size = GW_WALL_BOOK_MAX_FILE_SIZE + 1;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GPtrArray) windows = NULL;

  /* Valid JSON, but too much of it: {"version":1} and spaces. */
  memset (data, ' ', size);
  memcpy (data, "{\"version\":1}", 13);
  write_file (file, data, size);
  fill (book);

  g_assert_false (load (book, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, GW_WALL_ERROR, GW_WALL_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "larger than 8 MiB"));
  windows = gw_wall_book_list_windows (book);
  g_assert_cmpuint (windows->len, ==, 2);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_cmpint (g_file_info_get_size (info), ==, (goffset) size);
  g_clear_error (&error);

  /* Exactly at the limit is fine. */
  write_file (file, data, size - 1);
  g_assert_true (load (book, NULL, &error));
  g_assert_no_error (error);
}

/* A book grown past the limit is not written at all. */
static void
test_oversize_save (void)
{
  g_autoptr(GFile) file = test_file ("grown.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GError) error = NULL;

  for (guint g = 0; g < 60; g++)
    {
      g_autofree char *id = g_strdup_printf ("group-%u", g);
      g_autoptr(GwWallGroup) group = gw_wall_group_new (id, id);

      for (gint64 c = 0; c < GW_WALL_GROUP_MAX_CAMERAS; c++)
        {
          gint64 camera = G_GINT64_CONSTANT (1000000000000) + c;
          g_array_append_val (group->cameras, camera);
        }
      gw_wall_book_set_group (book, group);
    }
  g_assert_false (save (book, &error));
  g_assert_error (error, GW_WALL_ERROR, GW_WALL_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_query_exists (file, NULL));
}

static void
test_cancelled_load (void)
{
  g_autoptr(GFile) file = test_file ("cancel.json");
  g_autoptr(GwWallBook) book = gw_wall_book_new (file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) windows = NULL;

  write_file (file, "{\"version\":1}", -1);
  fill (book);
  g_cancellable_cancel (cancellable);
  g_assert_false (load (book, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  windows = gw_wall_book_list_windows (book);
  g_assert_cmpuint (windows->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("gw-test-wall-book-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/wall-book/default-file", test_default_file);
  g_test_add_func ("/wall-book/missing-file", test_missing_file);
  g_test_add_func ("/wall-book/collections", test_collections);
  g_test_add_func ("/wall-book/round-trip", test_round_trip);
  g_test_add_func ("/wall-book/saves-in-order", test_saves_in_order);
  g_test_add_func ("/wall-book/broken-files", test_broken_files);
  g_test_add_func ("/wall-book/broken-file-kept", test_broken_file_kept);
  g_test_add_func ("/wall-book/oversize-file", test_oversize_file);
  g_test_add_func ("/wall-book/oversize-save", test_oversize_save);
  g_test_add_func ("/wall-book/cancelled-load", test_cancelled_load);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    (void) !system (cmd);
  }
  g_free (tmpdir);
  return ret;
}
