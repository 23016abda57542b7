/* test-camera-directory.c: the video wall's camera directory on the real demo county, in a
 * real window under Xvfb.
 *
 * Every camera is read (the streets' counts add up to the cameras in SQL, each street's
 * to its cameras in SQL, a branch's counts to its children); search finds a camera by its
 * name, its code or the start of it, by place and by two words, and says when nothing
 * matches; Enter and a list's activation emit the camera's row id; select_camera reveals a
 * camera in the tree, also when asked before the load; a row's drag carries the row id and
 * the code; the group view shows the PTZ cameras, the groups set, and a clear empty state
 * without them; a store that cannot be read shows why, and Retry reads again. With
 * xdotool, real keys: Ctrl+F, typing, Down, Enter, Right and Left. Times the load and each
 * keystroke of typed searches. Screenshots in the build directory:
 * camera-directory-{division,search,groups-empty,groups,error}-LANGUAGE.png.
 *
 * GW_DIRECTORY_PROFILE=tongnan makes the real-scale county (23,000 cameras; about a
 * minute), else the small one; GW_DIRECTORY_TEST_DB=path uses that county file instead.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "gw-application.h"
#include "gw-camera-directory.h"
#include "gw-db-cameras.h"
#include "gw-store.h"
#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GPtrArray *entries;    /* GwCameraEntry: every camera, read directly */

typedef struct {
  GtkWindow         *window;
  GwCameraDirectory *directory;
  gint64             activated;
  guint              n_activated;
} Fixture;

static void
on_camera_activated (GwCameraDirectory *directory,
                     gint64             id,
                     Fixture           *f)
{
  f->activated = id;
  f->n_activated++;
}

static void
fixture_open (Fixture *f)
{
  gint64 start = g_get_monotonic_time ();

  memset (f, 0, sizeof *f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (f->window, "Cameras");
  gtk_window_set_default_size (f->window, 360, 760);
  f->directory = GW_CAMERA_DIRECTORY (gw_camera_directory_new (store));
  g_signal_connect (f->directory, "camera-activated", G_CALLBACK (on_camera_activated), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->directory));
  gtk_window_present (f->window);
  TEST_WAIT_FOR (gw_camera_directory_is_loaded (f->directory));
  g_test_message ("%u cameras loaded and shown in %.1f ms", gw_camera_directory_get_n_cameras (f->directory),
                  (g_get_monotonic_time () - start) / 1000.0);
  test_window_spin (100);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  test_window_spin (50);
}

/* The widget of `type` under `root` that is on screen (the first in depth order). */
static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_mapped (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GwCameraDirectoryItem *
tree_item (GListModel *tree,
           guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, position);

  return gtk_tree_list_row_get_item (row);
}

static GtkTreeListRow *
expand (GListModel *tree,
        guint       position)
{
  GtkTreeListRow *row = g_list_model_get_item (tree, position);

  gtk_tree_list_row_set_expanded (row, TRUE);
  return row;
}

static GwCameraEntry *
entry_at (guint i)
{
  return g_ptr_array_index (entries, i);
}

static guint
count_where (gboolean (*pred) (GwCameraEntry *, gconstpointer),
             gconstpointer data)
{
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += pred (entry_at (i), data);
  return n;
}

static gboolean
is_ptz (GwCameraEntry *e,
        gconstpointer  data)
{
  return e->ptz;
}

static gboolean
in_grid (GwCameraEntry *e,
         gconstpointer  data)
{
  return g_strcmp0 (e->grid_code, data) == 0;
}

static gboolean
results_contain (GListModel *results,
                 gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GwCameraDirectoryItem) item = g_list_model_get_item (results, i);

      if (gw_camera_directory_item_get_camera (item)->id == id)
        return TRUE;
    }
  return FALSE;
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
has_focus_in (GtkWindow *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Every camera, in streets whose counts are SQL's. */
static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
  Fixture f;
  GListModel *tree;
  guint sum = 0, n_streets;
  sqlite3_stmt *stmt;
  gint64 in_sql;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT count (*) FROM cameras", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  in_sql = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  fixture_open (&f);
  g_assert_cmpint (gw_camera_directory_get_n_cameras (f.directory), ==, in_sql);
  tree = gw_camera_directory_get_tree (f.directory, GW_CAMERA_DIRECTORY_VIEW_DIVISION);
  n_streets = g_list_model_get_n_items (tree);
  g_assert_cmpuint (n_streets, >, 1);
  for (guint i = 0; i < n_streets; i++)
    {
      g_autoptr(GwCameraDirectoryItem) street = tree_item (tree, i);
      g_autoptr(GwCameraEntry) first = NULL;
      g_autoptr(GPtrArray) in_street = NULL;

      g_assert_cmpint (gw_camera_directory_item_get_kind (street), ==, GW_CAMERA_DIRECTORY_ITEM_STREET);
      sum += gw_camera_directory_item_get_n_cameras (street);
      /* The street's count is SQL's count of the cameras under it. */
      for (guint j = 0; j < entries->len && first == NULL; j++)
        if (g_strcmp0 (entry_at (j)->street_name, gw_camera_directory_item_get_name (street)) == 0)
          first = gw_camera_entry_ref (entry_at (j));
      g_assert_nonnull (first);
      in_street = gw_db_list_camera_entries_in_division (db, first->street_code, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gw_camera_directory_item_get_n_cameras (street), ==, in_street->len);
    }
  g_assert_cmpint (sum, ==, in_sql);

  /* Down one branch: a street is the sum of its communities, a community of its grids, a
   * grid's rows are its cameras. */
  {
    g_autoptr(GtkTreeListRow) street = expand (tree, 0);
    g_autoptr(GwCameraDirectoryItem) street_item = gtk_tree_list_row_get_item (street);
    g_autoptr(GtkTreeListRow) community = NULL, grid = NULL;
    g_autoptr(GwCameraDirectoryItem) community_item = NULL, grid_item = NULL;
    GListModel *communities = gtk_tree_list_row_get_children (street);
    GListModel *grids, *cameras;
    guint total = 0;

    for (guint i = 0; i < g_list_model_get_n_items (communities); i++)
      {
        g_autoptr(GwCameraDirectoryItem) c = g_list_model_get_item (communities, i);

        g_assert_cmpint (gw_camera_directory_item_get_kind (c), ==, GW_CAMERA_DIRECTORY_ITEM_COMMUNITY);
        total += gw_camera_directory_item_get_n_cameras (c);
      }
    g_assert_cmpuint (total, ==, gw_camera_directory_item_get_n_cameras (street_item));
    community = expand (tree, 1);
    community_item = gtk_tree_list_row_get_item (community);
    grids = gtk_tree_list_row_get_children (community);
    total = 0;
    for (guint i = 0; i < g_list_model_get_n_items (grids); i++)
      {
        g_autoptr(GwCameraDirectoryItem) g = g_list_model_get_item (grids, i);

        g_assert_cmpint (gw_camera_directory_item_get_kind (g), ==, GW_CAMERA_DIRECTORY_ITEM_GRID);
        total += gw_camera_directory_item_get_n_cameras (g);
      }
    g_assert_cmpuint (total, ==, gw_camera_directory_item_get_n_cameras (community_item));
    grid = expand (tree, 2);
    grid_item = gtk_tree_list_row_get_item (grid);
    cameras = gtk_tree_list_row_get_children (grid);
    g_assert_cmpuint (g_list_model_get_n_items (cameras), ==, gw_camera_directory_item_get_n_cameras (grid_item));
    for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
      {
        g_autoptr(GwCameraDirectoryItem) c = g_list_model_get_item (cameras, i);
        GwCameraEntry *e = gw_camera_directory_item_get_camera (c);

        g_assert_nonnull (e);
        g_assert_cmpstr (e->grid_name, ==, gw_camera_directory_item_get_name (grid_item));
      }
  }
  test_window_screenshot (GTK_WIDGET (f.window), "camera-directory-division", 300);
  fixture_close (&f);
}

/* This thread's processor time in µs: what a search costs, however busy the machine. */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Typing `text` a character at a time: how long each keystroke's search takes (wall
 * clock and this thread's processor time), and until the frame that shows it. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
type_slowly (Fixture    *f,
             const char *text,
             double     *worst_search,
             double     *worst_frame)
{
  g_autoptr(GString) typed = g_string_new (NULL);

  gw_camera_directory_set_search (f->directory, NULL);
  test_window_spin (50);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gint64 t0, t1, t2, c0, c1;
      gboolean ticked = FALSE;

      g_string_append_unichar (typed, g_utf8_get_char (p));
      t0 = g_get_monotonic_time ();
      c0 = cpu_us ();
      gw_camera_directory_set_search (f->directory, typed->str);
      c1 = cpu_us ();
      t1 = g_get_monotonic_time ();
      gtk_widget_add_tick_callback (GTK_WIDGET (f->directory), on_tick, &ticked, NULL);
      TEST_WAIT_FOR (ticked);
      /* The frame after the tick has laid out and drawn the new rows. */
      test_window_spin (1);
      t2 = g_get_monotonic_time ();
      g_test_message ("“%s”: %u found, search %.2f ms (processor %.2f ms), to the next frame %.1f ms",
                      typed->str, g_list_model_get_n_items (gw_camera_directory_get_results (f->directory)),
                      (t1 - t0) / 1000.0, (c1 - c0) / 1000.0, (t2 - t0) / 1000.0);
      *worst_search = MAX (*worst_search, (c1 - c0) / 1000.0);
      *worst_frame = MAX (*worst_frame, (t2 - t0) / 1000.0);
    }
}

static void
test_search (void)
{
  GwCameraEntry *e = entry_at (entries->len / 2 + 1);
  g_autofree char *prefix = g_strndup (e->gb_id, 14);
  g_autofree char *two_words = NULL;
  GListModel *results;
  double worst_search = 0, worst_frame = 0;
  Fixture f;

  fixture_open (&f);
  results = gw_camera_directory_get_results (f.directory);

  /* By name. */
  gw_camera_directory_set_search (f.directory, e->name);
  g_assert_true (results_contain (results, e->id));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GwCameraDirectoryItem) item = g_list_model_get_item (results, i);

      g_assert_nonnull (strstr (gw_camera_directory_item_get_camera (item)->name, e->name));
    }

  /* By the whole code: that camera alone. By its start: those that start so. */
  gw_camera_directory_set_search (f.directory, e->gb_id);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_true (results_contain (results, e->id));
  gw_camera_directory_set_search (f.directory, prefix);
  g_assert_true (results_contain (results, e->id));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GwCameraDirectoryItem) item = g_list_model_get_item (results, i);

      g_assert_true (g_str_has_prefix (gw_camera_directory_item_get_camera (item)->gb_id, prefix));
    }

  /* By place: a grid's name finds its cameras and no others. */
  gw_camera_directory_set_search (f.directory, e->grid_name);
  g_assert_true (results_contain (results, e->id));
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, count_where (in_grid, e->grid_code));

  /* Two words: a community and a kind of spot, both must match. */
  two_words = g_strdup_printf ("  %s   %s ", e->community_name, e->name + strlen (e->community_name));
  gw_camera_directory_set_search (f.directory, two_words);
  g_assert_true (results_contain (results, e->id));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GwCameraDirectoryItem) item = g_list_model_get_item (results, i);

      g_assert_cmpstr (gw_camera_directory_item_get_camera (item)->community_name, ==, e->community_name);
    }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_mapped (GTK_WIDGET (f.directory),
                                                                              GTK_TYPE_STACK))), ==, "results");

  /* Full-width digits are digits. */
  gw_camera_directory_set_search (f.directory, "５００２２３");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, entries->len);

  /* Nothing: said so. */
  gw_camera_directory_set_search (f.directory, "没有这样的摄像机");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_mapped (GTK_WIDGET (f.directory),
                                                                              GTK_TYPE_STACK))), ==, "no-results");
  test_window_spin (100);

  /* Typed a character at a time. */
  type_slowly (&f, e->name, &worst_search, &worst_frame);
  type_slowly (&f, e->gb_id, &worst_search, &worst_frame);
  type_slowly (&f, "路口", &worst_search, &worst_frame);
  g_test_message ("%u cameras: worst keystroke search %.2f ms of processor, worst keystroke to next frame %.1f ms",
                  entries->len, worst_search, worst_frame);

  gw_camera_directory_set_search (f.directory, e->community_name);
  test_window_screenshot (GTK_WIDGET (f.window), "camera-directory-search", 300);
  gw_camera_directory_set_search (f.directory, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  fixture_close (&f);
}

/* Enter in the search, a list's activation, select_camera and the tree. */
static void
test_activate (void)
{
  GwCameraEntry *e = entry_at (entries->len / 3);
  GwCameraEntry *other = entry_at (entries->len - 1);
  GtkWidget *entry, *list;
  Fixture f;

  fixture_open (&f);
  entry = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);

  /* Enter in the search entry: the first (selected) result. */
  gw_camera_directory_set_search (f.directory, e->gb_id);
  test_window_spin (50);
  g_assert_cmpint (gw_camera_directory_get_selected_camera (f.directory), ==, e->id);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (f.n_activated, ==, 1);
  g_assert_cmpint (f.activated, ==, e->id);

  /* The list's own activation (Enter or a double click on a row). */
  gw_camera_directory_set_search (f.directory, other->name);
  test_window_spin (50);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  for (guint i = 0; i < g_list_model_get_n_items (gw_camera_directory_get_results (f.directory)); i++)
    {
      g_autoptr(GwCameraDirectoryItem) item = g_list_model_get_item (gw_camera_directory_get_results (f.directory), i);

      if (gw_camera_directory_item_get_camera (item)->id == other->id)
        g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", i));
    }
  g_assert_cmpuint (f.n_activated, ==, 2);
  g_assert_cmpint (f.activated, ==, other->id);

  /* Revealed in the tree: search cleared, its street, community and grid expanded, it
   * selected; activating the selected row sends it. */
  g_assert_false (gw_camera_directory_select_camera (f.directory, G_GINT64_CONSTANT (987654321)));
  g_assert_true (gw_camera_directory_select_camera (f.directory, e->id));
  test_window_spin (200);
  g_assert_cmpstr (gw_camera_directory_get_search (f.directory), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpint (gw_camera_directory_get_view (f.directory), ==, GW_CAMERA_DIRECTORY_VIEW_DIVISION);
  g_assert_cmpint (gw_camera_directory_get_selected_camera (f.directory), ==, e->id);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
    guint position = gtk_single_selection_get_selected (selection);
    g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (selection), position);

    g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, 3);
    g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", position));
  }
  g_assert_cmpuint (f.n_activated, ==, 3);
  g_assert_cmpint (f.activated, ==, e->id);

  /* Activating a folder opens or closes it, and sends nothing. */
  {
    GListModel *tree = gw_camera_directory_get_tree (f.directory, GW_CAMERA_DIRECTORY_VIEW_DIVISION);
    g_autoptr(GtkTreeListRow) first = g_list_model_get_item (tree, 0);
    gboolean was = gtk_tree_list_row_get_expanded (first);

    g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
    g_assert_cmpint (gtk_tree_list_row_get_expanded (first), !=, was);
    g_assert_cmpuint (f.n_activated, ==, 3);
  }
  fixture_close (&f);
}

/* Selecting before the cameras are read: done once they are. */
static void
test_select_early (void)
{
  GwCameraEntry *e = entry_at (7);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GwCameraDirectory *directory = GW_CAMERA_DIRECTORY (gw_camera_directory_new (store));

  gtk_window_set_child (window, GTK_WIDGET (directory));
  gtk_window_present (window);
  g_assert_false (gw_camera_directory_is_loaded (directory));
  g_assert_true (gw_camera_directory_select_camera (directory, e->id));
  TEST_WAIT_FOR (gw_camera_directory_is_loaded (directory));
  test_window_spin (50);
  g_assert_cmpint (gw_camera_directory_get_selected_camera (directory), ==, e->id);
  gtk_window_destroy (window);

  /* Destroyed while reading: the read's answer finds nobody. */
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, gw_camera_directory_new (store));
  gtk_window_present (window);
  gtk_window_destroy (window);
  test_window_spin (500);
}

/* A row's drag: the row id as a gint64, the code as text. */
static void
assert_content (GdkContentProvider *content,
                GwCameraEntry      *e)
{
  g_autoptr(GdkContentFormats) formats = gdk_content_provider_ref_formats (content);
  g_auto(GValue) id = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_INT64));
  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING));
  g_value_init (&id, G_TYPE_INT64);
  g_assert_true (gdk_content_provider_get_value (content, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int64 (&id), ==, e->id);
  g_value_init (&text, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&text), ==, e->gb_id);
  /* And as text/plain to other programs. */
  {
    g_autoptr(GdkContentFormats) mime = gdk_content_formats_union_serialize_mime_types (gdk_content_formats_ref (formats));

    g_assert_true (gdk_content_formats_contain_mime_type (mime, "text/plain;charset=utf-8"));
  }
}

static GtkDragSource *
drag_source_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (c))
        return GTK_DRAG_SOURCE (c);
    }
  return NULL;
}

/* Whether a row has a tooltip to show (a camera's: its code). */
static gboolean
has_tooltip (GtkWidget *row)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_assert_true (gtk_widget_get_has_tooltip (row));
  g_signal_emit_by_name (row, "query-tooltip", 4, 4, FALSE, tooltip, &shown);
  return shown;
}

static void
test_drag (void)
{
  GwCameraEntry *e = entry_at (entries->len / 4);
  g_autoptr(GdkContentProvider) direct = gw_camera_directory_content_new (e->id, e->gb_id);
  GdkContentProvider *from_row = NULL, *from_folder = NULL;
  GtkWidget *list, *expander;
  Fixture f;

  assert_content (direct, e);

  /* The real row on screen. */
  fixture_open (&f);
  gw_camera_directory_set_search (f.directory, e->gb_id);
  test_window_spin (100);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  expander = find_mapped (list, GTK_TYPE_TREE_EXPANDER);
  g_assert_nonnull (expander);
  g_assert_true (has_tooltip (expander));
  g_signal_emit_by_name (drag_source_of (expander), "prepare", 4.0, 4.0, &from_row);
  g_assert_nonnull (from_row);
  assert_content (from_row, e);
  g_object_unref (from_row);

  /* A street is not dragged. */
  gw_camera_directory_set_search (f.directory, NULL);
  test_window_spin (100);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  expander = find_mapped (list, GTK_TYPE_TREE_EXPANDER);
  g_signal_emit_by_name (drag_source_of (expander), "prepare", 4.0, 4.0, &from_folder);
  g_assert_null (from_folder);
  g_assert_false (has_tooltip (expander));
  fixture_close (&f);
}

/* The group view: PTZ cameras always; the groups set; an empty state without them. */
static void
test_groups (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_camera_directory_group_free);
  gint64 gate[] = { entry_at (3)->id, entry_at (entries->len / 2)->id, G_GINT64_CONSTANT (987654321),
                    entry_at (entries->len - 2)->id };
  GListModel *tree;
  Fixture f;

  fixture_open (&f);
  gtk_widget_activate_action (GTK_WIDGET (f.directory), "directory.view", "s", "group");
  g_assert_cmpint (gw_camera_directory_get_view (f.directory), ==, GW_CAMERA_DIRECTORY_VIEW_GROUP);
  test_window_spin (100);
  tree = gw_camera_directory_get_tree (f.directory, GW_CAMERA_DIRECTORY_VIEW_GROUP);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 1);
  {
    g_autoptr(GwCameraDirectoryItem) ptz = tree_item (tree, 0);

    g_assert_cmpint (gw_camera_directory_item_get_kind (ptz), ==, GW_CAMERA_DIRECTORY_ITEM_GROUP);
    g_assert_cmpuint (gw_camera_directory_item_get_n_cameras (ptz), ==, count_where (is_ptz, NULL));
    g_assert_cmpuint (gw_camera_directory_item_get_n_cameras (ptz), >, 0);
  }
  /* The empty state says there are no saved groups. */
  {
    GtkWidget *stack = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_STACK);
    GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (stack));
    GtkWidget *box = gtk_widget_get_last_child (page);
    GtkWidget *title = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

    g_assert_true (gtk_widget_get_mapped (box));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, _("No saved groups"));
    test_window_screenshot (GTK_WIDGET (f.window), "camera-directory-groups-empty", 300);

    g_ptr_array_add (groups, gw_camera_directory_group_new ("东门卡口", gate, G_N_ELEMENTS (gate)));
    g_ptr_array_add (groups, gw_camera_directory_group_new ("夜间巡查", NULL, 0));
    gw_camera_directory_set_groups (f.directory, groups);
    test_window_spin (100);
    g_assert_false (gtk_widget_get_visible (box));
  }
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 3);
  {
    g_autoptr(GwCameraDirectoryItem) first = tree_item (tree, 1);
    g_autoptr(GwCameraDirectoryItem) second = tree_item (tree, 2);
    g_autoptr(GtkTreeListRow) row = NULL;
    GListModel *cameras;

    g_assert_cmpstr (gw_camera_directory_item_get_name (first), ==, "东门卡口");
    g_assert_cmpuint (gw_camera_directory_item_get_n_cameras (first), ==, 3);   /* the unknown id left out */
    g_assert_cmpstr (gw_camera_directory_item_get_name (second), ==, "夜间巡查");
    g_assert_cmpuint (gw_camera_directory_item_get_n_cameras (second), ==, 0);
    row = expand (tree, 1);
    cameras = gtk_tree_list_row_get_children (row);
    g_assert_cmpuint (g_list_model_get_n_items (cameras), ==, 3);
    for (guint i = 0, j = 0; i < 3; i++, j++)
      {
        g_autoptr(GwCameraDirectoryItem) c = g_list_model_get_item (cameras, i);

        if (gate[j] == G_GINT64_CONSTANT (987654321))
          j++;
        g_assert_cmpint (gw_camera_directory_item_get_camera (c)->id, ==, gate[j]);
      }
  }
  test_window_screenshot (GTK_WIDGET (f.window), "camera-directory-groups", 300);

  /* Back to none: the empty state again. */
  gw_camera_directory_set_groups (f.directory, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 1);
  fixture_close (&f);
}

/* Real keys through the X server: xdotool key KEY, or xdotool type TEXT. */
static void
xdotool (const char *program,
         const char *command,
         const char *arg)
{
  const char *argv[] = { program, command, command[0] == 't' ? "--delay" : "--clearmodifiers",
                         command[0] == 't' ? "40" : arg, command[0] == 't' ? arg : NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Ctrl+F goes to the search entry, typing searches, Down goes to the results, Enter sends
 * the selected camera, Right and Left open and close a street: the action behind the
 * shortcut, then (with xdotool) real keys. */
static void
test_keyboard (void)
{
  g_autofree char *program = g_find_program_in_path ("xdotool");
  GwCameraEntry *e = entry_at (entries->len / 5);
  g_autofree char *typed = g_strndup (e->gb_id, 19);
  GtkWidget *entry, *list;
  Fixture f;

  fixture_open (&f);
  entry = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_SEARCH_ENTRY);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);

  g_assert_true (gtk_widget_grab_focus (list));
  g_assert_false (has_focus_in (f.window, entry));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.directory), "directory.focus-search", NULL));
  g_assert_true (has_focus_in (f.window, entry));

  if (program == NULL)
    {
      g_test_message ("xdotool is not installed: no real keys pressed");
      fixture_close (&f);
      return;
    }
  g_assert_true (gtk_widget_grab_focus (list));
  test_window_spin (200);
  g_assert_false (has_focus_in (f.window, entry));
  xdotool (program, "key", "ctrl+f");
  TEST_WAIT_FOR (has_focus_in (f.window, entry));
  xdotool (program, "type", typed);
  TEST_WAIT_FOR (g_strcmp0 (gw_camera_directory_get_search (f.directory), typed) == 0);
  g_assert_true (g_list_model_get_n_items (gw_camera_directory_get_results (f.directory)) >= 1);
  xdotool (program, "key", "Down");
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  TEST_WAIT_FOR (has_focus_in (f.window, list));
  xdotool (program, "key", "Return");
  TEST_WAIT_FOR (f.n_activated == 1);
  {
    g_autoptr(GwCameraDirectoryItem) first = g_list_model_get_item (gw_camera_directory_get_results (f.directory), 0);

    g_assert_cmpint (f.activated, ==, gw_camera_directory_item_get_camera (first)->id);
  }
  g_test_message ("real keys: Ctrl+F, “%s”, Down, Return sent camera %" G_GINT64_FORMAT, typed, f.activated);

  /* In the tree, Right opens the selected street and Left closes it. */
  gw_camera_directory_set_search (f.directory, NULL);
  test_window_spin (100);
  list = find_mapped (GTK_WIDGET (f.directory), GTK_TYPE_LIST_VIEW);
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
    g_autoptr(GtkTreeListRow) street = g_list_model_get_item (G_LIST_MODEL (selection), 0);

    gtk_single_selection_set_selected (selection, 0);
    g_assert_true (gtk_widget_grab_focus (list));
    test_window_spin (100);
    g_assert_false (gtk_tree_list_row_get_expanded (street));
    xdotool (program, "key", "Right");
    TEST_WAIT_FOR (gtk_tree_list_row_get_expanded (street));
    xdotool (program, "key", "Left");
    TEST_WAIT_FOR (!gtk_tree_list_row_get_expanded (street));
  }
  fixture_close (&f);
}

/* A county file whose cameras cannot be read: the error line (and Retry). */
static void
test_error (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "broken.db", NULL);
  g_autoptr(GwStore) broken = gw_store_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GwCameraDirectory *directory;
  GtkWidget *stack;
  gboolean opened = FALSE;

  /* A real database, whose cameras table is then taken away. */
  {
    g_autoptr(GwDb) db = gw_db_open (path, &error);

    g_assert_no_error (error);
  }
  gw_store_open_async (broken, path, NULL, on_opened, &opened);
  TEST_WAIT_FOR (opened);
  {
    sqlite3 *raw;

    g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (raw, "PRAGMA foreign_keys = OFF; DROP TABLE cameras;", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (raw);
  }
  directory = GW_CAMERA_DIRECTORY (gw_camera_directory_new (broken));
  gtk_window_set_child (window, GTK_WIDGET (directory));
  gtk_window_set_default_size (window, 360, 500);
  gtk_window_present (window);
  stack = find_mapped (GTK_WIDGET (directory), GTK_TYPE_STACK);
  TEST_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "error") == 0);
  g_assert_false (gw_camera_directory_is_loaded (directory));
  test_window_screenshot (GTK_WIDGET (window), "camera-directory-error", 200);
  /* Retry reads again, and fails again the same way. */
  gtk_widget_activate_action (GTK_WIDGET (directory), "directory.reload", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "loading");
  TEST_WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "error") == 0);
  gtk_window_destroy (window);
  gw_store_close (broken);
}

static char *
create_county (void)
{
  const char *given = g_getenv ("GW_DIRECTORY_TEST_DB");
  const char *profile = g_getenv ("GW_DIRECTORY_PROFILE");
  const char *ctl = g_getenv ("GW_CTL_BIN");
  g_autofree char *path = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (given != NULL && *given != '\0')
    return g_strdup (given);
  if (profile == NULL || g_strcmp0 (profile, "small") == 0)
    return test_util_create_demo (tmpdir, "county.db");
  path = g_build_filename (tmpdir, "county.db", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, ctl, "demo", "--db", path,
                              "--profile", profile, "--seed", "1", "--quiet", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("the %s county made in %.1f s", profile, (g_get_monotonic_time () - start) / 1e6);
  return g_steal_pointer (&path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (!test_util_have_display ())
    {
      g_test_skip ("no display");
      return 0;
    }
  gtk_init ();
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  tmpdir = test_util_make_tmpdir ();
  demo_path = create_county ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwDb) db = gw_db_open (demo_path, &error);
    gboolean opened = FALSE;

    g_assert_no_error (error);
    entries = gw_db_list_camera_entries (db, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, >, 100);
    store = gw_store_new ();
    gw_store_open_async (store, demo_path, NULL, on_opened, &opened);
    TEST_WAIT_FOR (opened);
  }

  g_test_add_func ("/camera-directory/load", test_load);
  g_test_add_func ("/camera-directory/search", test_search);
  g_test_add_func ("/camera-directory/activate", test_activate);
  g_test_add_func ("/camera-directory/select-early", test_select_early);
  g_test_add_func ("/camera-directory/drag", test_drag);
  g_test_add_func ("/camera-directory/groups", test_groups);
  g_test_add_func ("/camera-directory/keyboard", test_keyboard);
  g_test_add_func ("/camera-directory/error", test_error);
  status = g_test_run ();

  gw_store_close (store);
  g_clear_object (&store);
  g_clear_pointer (&entries, g_ptr_array_unref);
  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (demo_path);
  return status;
}
