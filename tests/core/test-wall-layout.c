/* test-wall-layout.c: the video wall's layouts: the presets' geometry, the checks on
 * cells, and JSON in and out, with every malformed document refused by name. */
#define G_LOG_DOMAIN "test-wall-layout"

#include "config.h"

#include <string.h>

#include "gw-json.h"
#include "gw-wall-layout.h"

/* Every unit of the grid is covered by exactly one cell, and the cells are in reading
 * order. */
static void
assert_covers_grid (GwWallLayout *layout)
{
  int columns = gw_wall_layout_get_columns (layout);
  int rows = gw_wall_layout_get_rows (layout);
  guint n = gw_wall_layout_get_n_cells (layout);
  int area = 0;

  for (guint i = 0; i < n; i++)
    {
      const GwWallCell *c = gw_wall_layout_get_cell (layout, i);

      g_assert_cmpint (c->w, >=, 1);
      g_assert_cmpint (c->h, >=, 1);
      g_assert_cmpint (c->x, >=, 0);
      g_assert_cmpint (c->y, >=, 0);
      g_assert_cmpint (c->x + c->w, <=, columns);
      g_assert_cmpint (c->y + c->h, <=, rows);
      area += c->w * c->h;
      if (i > 0)
        {
          const GwWallCell *prev = gw_wall_layout_get_cell (layout, i - 1);
          g_assert_true (prev->y < c->y || (prev->y == c->y && prev->x < c->x));
        }
      /* The cell covers its own units, and cell_at finds it there. */
      for (int y = c->y; y < c->y + c->h; y++)
        for (int x = c->x; x < c->x + c->w; x++)
          g_assert_cmpint (gw_wall_layout_cell_at (layout, x, y), ==, (int) i);
    }
  /* Cells do not overlap (cell_at above found each unit's one cell), so the areas add up
   * to the grid exactly when every unit is covered. */
  g_assert_cmpint (area, ==, columns * rows);
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < columns; x++)
      g_assert_cmpint (gw_wall_layout_cell_at (layout, x, y), >=, 0);
  g_assert_null (gw_wall_layout_get_cell (layout, n));
}

static void
test_presets (void)
{
  static const struct {
    const char *id;
    const char *name;
    int         size;
    guint       n_cells;
  } expected[] = {
    { "1",   "1 (1 × 1)",   1, 1 },
    { "4",   "4 (2 × 2)",   2, 4 },
    { "9",   "9 (3 × 3)",   3, 9 },
    { "16",  "16 (4 × 4)",  4, 16 },
    { "25",  "25 (5 × 5)",  5, 25 },
    { "36",  "36 (6 × 6)",  6, 36 },
    { "1+5", "1 large + 5", 3, 6 },
    { "1+7", "1 large + 7", 4, 8 },
    { "2+8", "2 large + 8", 4, 10 },
  };
  g_autoptr(GPtrArray) presets = gw_wall_layout_list_presets ();

  g_assert_cmpuint (presets->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < presets->len; i++)
    {
      GwWallLayout *layout = presets->pdata[i];
      g_autoptr(GwWallLayout) again = gw_wall_layout_get_preset (expected[i].id);

      g_test_message ("preset %s: %u cells", expected[i].id, gw_wall_layout_get_n_cells (layout));
      g_assert_cmpstr (gw_wall_layout_get_id (layout), ==, expected[i].id);
      g_assert_cmpstr (gw_wall_layout_get_name (layout), ==, expected[i].name);
      g_assert_cmpint (gw_wall_layout_get_columns (layout), ==, expected[i].size);
      g_assert_cmpint (gw_wall_layout_get_rows (layout), ==, expected[i].size);
      g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, expected[i].n_cells);
      g_assert_true (gw_wall_layout_is_preset (layout));
      g_assert_true (gw_wall_layout_is_preset_id (expected[i].id));
      assert_covers_grid (layout);

      g_assert_nonnull (again);
      g_assert_true (again != layout);
      g_assert_cmpuint (gw_wall_layout_get_n_cells (again), ==, expected[i].n_cells);
    }
  g_assert_null (gw_wall_layout_get_preset ("5"));
  g_assert_null (gw_wall_layout_get_preset (""));
  g_assert_false (gw_wall_layout_is_preset_id ("1+6"));
  g_assert_false (gw_wall_layout_is_preset_id (NULL));
}

static void
assert_cell (GwWallLayout *layout,
             guint         i,
             int x, int y, int w, int h)
{
  const GwWallCell *c = gw_wall_layout_get_cell (layout, i);

  g_assert_nonnull (c);
  g_assert_cmpint (c->x, ==, x);
  g_assert_cmpint (c->y, ==, y);
  g_assert_cmpint (c->w, ==, w);
  g_assert_cmpint (c->h, ==, h);
}

/* The large cells are where the menu's pictures show them. */
static void
test_preset_shapes (void)
{
  g_autoptr(GwWallLayout) one_five = gw_wall_layout_get_preset ("1+5");
  g_autoptr(GwWallLayout) one_seven = gw_wall_layout_get_preset ("1+7");
  g_autoptr(GwWallLayout) two_eight = gw_wall_layout_get_preset ("2+8");
  g_autoptr(GwWallLayout) four = gw_wall_layout_get_preset ("4");

  assert_cell (one_five, 0, 0, 0, 2, 2);
  assert_cell (one_five, 1, 2, 0, 1, 1);
  assert_cell (one_five, 2, 2, 1, 1, 1);
  assert_cell (one_five, 3, 0, 2, 1, 1);
  assert_cell (one_five, 5, 2, 2, 1, 1);

  assert_cell (one_seven, 0, 0, 0, 3, 3);
  assert_cell (one_seven, 1, 3, 0, 1, 1);
  assert_cell (one_seven, 3, 3, 2, 1, 1);
  assert_cell (one_seven, 4, 0, 3, 1, 1);
  assert_cell (one_seven, 7, 3, 3, 1, 1);

  assert_cell (two_eight, 0, 0, 0, 2, 2);
  assert_cell (two_eight, 1, 2, 0, 2, 2);
  assert_cell (two_eight, 2, 0, 2, 1, 1);
  assert_cell (two_eight, 5, 3, 2, 1, 1);
  assert_cell (two_eight, 9, 3, 3, 1, 1);

  assert_cell (four, 0, 0, 0, 1, 1);
  assert_cell (four, 1, 1, 0, 1, 1);
  assert_cell (four, 2, 0, 1, 1, 1);
  assert_cell (four, 3, 1, 1, 1, 1);
}

static void
test_add_cell (void)
{
  g_autoptr(GwWallLayout) layout = gw_wall_layout_new ("mine", "Gate and roads", 4, 3);
  g_autoptr(GError) error = NULL;

  g_assert_false (gw_wall_layout_is_preset (layout));
  g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, 0);

  /* Added out of order, kept in reading order. */
  g_assert_true (gw_wall_layout_add_cell (layout, 3, 2, 1, 1, &error));
  g_assert_no_error (error);
  g_assert_true (gw_wall_layout_add_cell (layout, 1, 0, 3, 2, &error));
  g_assert_true (gw_wall_layout_add_cell (layout, 0, 1, 1, 2, &error));
  g_assert_true (gw_wall_layout_add_cell (layout, 0, 0, 1, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, 4);
  assert_cell (layout, 0, 0, 0, 1, 1);
  assert_cell (layout, 1, 1, 0, 3, 2);
  assert_cell (layout, 2, 0, 1, 1, 2);
  assert_cell (layout, 3, 3, 2, 1, 1);

  /* cell_at: covered, uncovered and outside units. */
  g_assert_cmpint (gw_wall_layout_cell_at (layout, 2, 1), ==, 1);
  g_assert_cmpint (gw_wall_layout_cell_at (layout, 0, 2), ==, 2);
  g_assert_cmpint (gw_wall_layout_cell_at (layout, 1, 2), ==, -1);
  g_assert_cmpint (gw_wall_layout_cell_at (layout, -1, 0), ==, -1);
  g_assert_cmpint (gw_wall_layout_cell_at (layout, 4, 0), ==, -1);
  g_assert_cmpint (gw_wall_layout_cell_at (layout, 0, 3), ==, -1);

  /* Refused, changing nothing. */
  {
    static const struct { int x, y, w, h; GwWallError code; const char *says; } bad[] = {
      { 1, 2, 0, 1, GW_WALL_ERROR_OUTSIDE, "at least one unit" },
      { 1, 2, 1, -1, GW_WALL_ERROR_OUTSIDE, "at least one unit" },
      { -1, 2, 1, 1, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { 1, -1, 1, 1, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { 4, 0, 1, 1, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { 1, 2, 4, 1, GW_WALL_ERROR_OUTSIDE, "grid of 4 × 3" },
      { 2, 2, 1, 2, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { 1, 2, G_MAXINT, 1, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { G_MAXINT, 2, 1, 1, GW_WALL_ERROR_OUTSIDE, "does not fit" },
      { 1, 2, 3, 1, GW_WALL_ERROR_OVERLAP, "column 4, row 3" },
      { 3, 1, 1, 1, GW_WALL_ERROR_OVERLAP, "column 2, row 1" },
      { 0, 0, 1, 1, GW_WALL_ERROR_OVERLAP, "overlap" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (gw_wall_layout_add_cell (layout, bad[i].x, bad[i].y, bad[i].w, bad[i].h,
                                                 &error));
        g_assert_error (error, GW_WALL_ERROR, (int) bad[i].code);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, bad[i].says));
        g_clear_error (&error);
        g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, 4);
      }
  }

  /* The last free units. */
  g_assert_true (gw_wall_layout_add_cell (layout, 1, 2, 2, 1, &error));
  g_assert_no_error (error);
  assert_covers_grid (layout);
}

/* 64 cells fill the largest grid; no 65th fits anywhere. */
static void
test_most_cells (void)
{
  g_autoptr(GwWallLayout) layout = gw_wall_layout_new ("all", "All", GW_WALL_LAYOUT_MAX_UNITS,
                                                       GW_WALL_LAYOUT_MAX_UNITS);
  g_autoptr(GError) error = NULL;

  for (int y = GW_WALL_LAYOUT_MAX_UNITS - 1; y >= 0; y--)
    for (int x = GW_WALL_LAYOUT_MAX_UNITS - 1; x >= 0; x--)
      {
        g_assert_true (gw_wall_layout_add_cell (layout, x, y, 1, 1, &error));
        g_assert_no_error (error);
      }
  g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, GW_WALL_LAYOUT_MAX_CELLS);
  assert_covers_grid (layout);
  g_assert_false (gw_wall_layout_add_cell (layout, 7, 7, 1, 1, &error));
  g_assert_error (error, GW_WALL_ERROR, GW_WALL_ERROR_OVERLAP);
  g_assert_cmpuint (gw_wall_layout_get_n_cells (layout), ==, GW_WALL_LAYOUT_MAX_CELLS);
}

static GwWallLayout *
parse_layout (const char  *text,
              const char  *path,
              GError     **error)
{
  g_autoptr(JsonNode) node = gw_json_parse (text, -1, 8, error);

  return node ? gw_wall_layout_from_json (node, path, error) : NULL;
}

static void
test_json_round_trip (void)
{
  g_autoptr(GwWallLayout) layout = gw_wall_layout_new ("l-1", "十字路口 1 大 + 3", 3, 2);
  g_autoptr(GwWallLayout) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;

  g_assert_true (gw_wall_layout_add_cell (layout, 0, 0, 2, 2, NULL));
  g_assert_true (gw_wall_layout_add_cell (layout, 2, 1, 1, 1, NULL));
  g_assert_true (gw_wall_layout_add_cell (layout, 2, 0, 1, 1, NULL));

  node = gw_wall_layout_to_json (layout);
  text = gw_json_to_string (node, FALSE);
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"l-1\",\"name\":\"十字路口 1 大 + 3\",\"columns\":3,\"rows\":2,"
                   "\"cells\":[{\"x\":0,\"y\":0,\"w\":2,\"h\":2},{\"x\":2,\"y\":0,\"w\":1,\"h\":1},"
                   "{\"x\":2,\"y\":1,\"w\":1,\"h\":1}]}");

  back = parse_layout (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_wall_layout_get_id (back), ==, "l-1");
  g_assert_cmpstr (gw_wall_layout_get_name (back), ==, "十字路口 1 大 + 3");
  g_assert_cmpint (gw_wall_layout_get_columns (back), ==, 3);
  g_assert_cmpint (gw_wall_layout_get_rows (back), ==, 2);
  g_assert_false (gw_wall_layout_is_preset (back));
  again = gw_wall_layout_to_json (back);
  g_assert_true (json_node_equal (node, again));

  /* Cells in any order in the document come back in reading order. */
  {
    g_autoptr(GwWallLayout) shuffled = parse_layout (
        "{\"id\":\"s\",\"name\":\"S\",\"columns\":2,\"rows\":2,\"cells\":["
        "{\"x\":1,\"y\":1,\"w\":1,\"h\":1},{\"x\":0,\"y\":1,\"w\":1,\"h\":1},"
        "{\"x\":0,\"y\":0,\"w\":2,\"h\":1}]}", NULL, &error);
    g_assert_no_error (error);
    assert_cell (shuffled, 0, 0, 0, 2, 1);
    assert_cell (shuffled, 1, 0, 1, 1, 1);
    assert_cell (shuffled, 2, 1, 1, 1, 1);
  }

  /* Every preset writes JSON that reads back the same, once it is not a preset's id. */
  {
    g_autoptr(GPtrArray) presets = gw_wall_layout_list_presets ();

    for (guint i = 0; i < presets->len; i++)
      {
        g_autoptr(JsonNode) p = gw_wall_layout_to_json (presets->pdata[i]);
        g_autoptr(GwWallLayout) copy = NULL;
        g_autoptr(JsonNode) copied = NULL;

        g_assert_null (gw_wall_layout_from_json (p, NULL, &error));
        g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE);
        g_assert_nonnull (strstr (error->message, "preset"));
        g_clear_error (&error);

        /* The same layout under another id (the nodes written are immutable). */
        {
          g_autoptr(GString) renamed = g_string_new (NULL);
          g_autofree char *preset_text = gw_json_to_string (p, FALSE);
          g_autofree char *id = g_strdup_printf ("\"id\":\"%s\"",
                                                 gw_wall_layout_get_id (presets->pdata[i]));
          g_autofree char *copied_text = NULL;

          g_string_assign (renamed, preset_text);
          g_assert_cmpuint (g_string_replace (renamed, id, "\"id\":\"copy\"", 1), ==, 1);
          copy = parse_layout (renamed->str, NULL, &error);
          g_assert_no_error (error);
          copied = gw_wall_layout_to_json (copy);
          copied_text = gw_json_to_string (copied, FALSE);
          g_assert_cmpstr (copied_text, ==, renamed->str);
          assert_covers_grid (copy);
        }
      }
  }
}

#define CELL(x, y, w, h) "{\"x\":" #x ",\"y\":" #y ",\"w\":" #w ",\"h\":" #h "}"
#define HEAD "\"id\":\"c\",\"name\":\"C\","

static void
test_json_malformed (void)
{
  static const struct {
    const char  *json;
    GwJsonError  code;
    const char  *says;
  } cases[] = {
    { "[]", GW_JSON_ERROR_TYPE, "document: expected an object" },
    { "{\"name\":\"C\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_MISSING, "id: required" },
    { "{\"id\":7,\"name\":\"C\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_TYPE, "id: expected a string" },
    { "{\"id\":\"\",\"name\":\"C\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "id: must not be empty" },
    { "{\"id\":\"c\",\"name\":\"\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "name: must not be empty" },
    { "{\"id\":\"0123456789012345678901234567890123456789012345678901234567890123x\","
      "\"name\":\"C\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "id: longer than 64 bytes" },
    { "{\"id\":\"4\",\"name\":\"C\",\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "id: “4” is the id of a preset layout" },
    { "{" HEAD "\"columns\":9,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "columns: 9 is not between 1 and 8" },
    { "{" HEAD "\"columns\":2,\"rows\":0,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "rows: 0 is not between 1 and 8" },
    { "{" HEAD "\"columns\":-3,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "columns: -3" },
    { "{" HEAD "\"columns\":\"2\",\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_TYPE, "columns: expected an integer, found a string" },
    { "{" HEAD "\"columns\":2.5,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_TYPE, "columns: expected an integer" },
    { "{" HEAD "\"columns\":2,\"rows\":2}", GW_JSON_ERROR_MISSING, "cells: required" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":{}}", GW_JSON_ERROR_TYPE, "cells: expected an array" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[]}", GW_JSON_ERROR_VALUE, "cells: a layout has 1 to 64 cells, not 0" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, -1, 1) "]}",
      GW_JSON_ERROR_VALUE, "cells[0].w: -1 is not between 1 and 2" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 0) "]}",
      GW_JSON_ERROR_VALUE, "cells[0].h: 0" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "," CELL (2, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "cells[1].x: 2 is not between 0 and 1" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, -1, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "cells[0].y: -1" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (1, 0, 2, 1) "]}",
      GW_JSON_ERROR_VALUE, "cells[0].w: 2 is not between 1 and 1" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 99999999999) "]}",
      GW_JSON_ERROR_VALUE, "cells[0].h: 99999999999" },
    { "{" HEAD "\"columns\":3,\"rows\":3,\"cells\":[" CELL (0, 0, 2, 2) "," CELL (2, 0, 1, 1) ","
      CELL (1, 1, 2, 2) "]}",
      GW_JSON_ERROR_VALUE, "cells[2]: overlaps cells[0]" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 1, 1) "," CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_VALUE, "cells[1]: overlaps cells[0]" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[[0,0,1,1]]}",
      GW_JSON_ERROR_TYPE, "cells[0]: expected an object, found an array" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[{\"x\":0,\"y\":0,\"w\":1}]}",
      GW_JSON_ERROR_MISSING, "cells[0].h: required" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"z\":0}]}",
      GW_JSON_ERROR_UNKNOWN, "cells[0].z: unknown field" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"colour\":\"red\",\"cells\":[" CELL (0, 0, 1, 1) "]}",
      GW_JSON_ERROR_UNKNOWN, "colour: unknown field" },
    { "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[{\"x\":null,\"y\":0,\"w\":1,\"h\":1}]}",
      GW_JSON_ERROR_MISSING, "cells[0].x: required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwWallLayout) layout = parse_layout (cases[i].json, NULL, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (layout);
      g_assert_error (error, GW_JSON_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* 65 cells: too many, whatever they are. */
  {
    g_autoptr(GString) json = g_string_new ("{" HEAD "\"columns\":8,\"rows\":8,\"cells\":[");
    g_autoptr(GError) error = NULL;
    g_autoptr(GwWallLayout) layout = NULL;

    for (guint i = 0; i < 65; i++)
      g_string_append_printf (json, "%s" CELL (0, 0, 1, 1), i ? "," : "");
    g_string_append (json, "]}");
    layout = parse_layout (json->str, NULL, &error);
    g_assert_null (layout);
    g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE);
    g_assert_nonnull (strstr (error->message, "cells: a layout has 1 to 64 cells, not 65"));
  }

  /* A path names where the layout is in a larger document. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwWallLayout) layout = parse_layout (
        "{" HEAD "\"columns\":2,\"rows\":2,\"cells\":[" CELL (0, 0, 3, 1) "]}",
        "layouts[2]", &error);

    g_assert_null (layout);
    g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE);
    g_assert_cmpstr (error->message, ==, "layouts[2].cells[0].w: 3 is not between 1 and 2");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wall-layout/presets", test_presets);
  g_test_add_func ("/wall-layout/preset-shapes", test_preset_shapes);
  g_test_add_func ("/wall-layout/add-cell", test_add_cell);
  g_test_add_func ("/wall-layout/most-cells", test_most_cells);
  g_test_add_func ("/wall-layout/json/round-trip", test_json_round_trip);
  g_test_add_func ("/wall-layout/json/malformed", test_json_malformed);
  return g_test_run ();
}
