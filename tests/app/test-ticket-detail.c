/* test-ticket-detail.c: the duty console's ticket detail on the real demo database.
 *
 * What the pane shows must be the store's: the number, one timeline row per audit entry,
 * the whistle departments, the related tickets and nearest cameras the core finds. Id 0 is
 * the empty state, an unknown id says so, a newer id wins over an older read, a reload
 * keeps the scroll position, and the light moves when the clock reaches its next change.
 * Screenshots (tests/app/ticket-detail-<language>*.png in the build directory) are for a
 * person to look at.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-audit.h"
#include "gw-db-attachments.h"
#include "gw-db-related.h"
#include "gw-format.h"
#include "gw-screenshot.h"
#include "gw-ticket-detail.h"
#include "gw-ticket-detail-private.h"

#include "test-util.h"
#include "test-window-util.h"

#define PANE_WIDTH  480
#define PANE_HEIGHT 1040

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static gint64 whistle_id;   /* a ticket with whistle departments, photos and a running clock */
static gint64 busy_id;      /* a ticket with a long timeline and related tickets */

typedef struct {
  GtkWindow      *window;
  GwTicketDetail *detail;
  guint           loaded;
  gint64          opened_ticket;
  gint64          opened_camera;
} Fixture;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until *counter reaches at least target, failing after 30 s. */
static void
wait_for_count (guint *counter,
                guint  target)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}


static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->detail), GW_TYPE_TICKET_DETAIL, name);

  g_assert_nonnull (object);
  return object;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const char *
page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (child (f, "stack"));
}

static void
on_loaded (GwTicketDetail *detail,
           Fixture        *f)
{
  f->loaded++;
}

static void
on_open_ticket (GwTicketDetail *detail,
                gint64          id,
                Fixture        *f)
{
  f->opened_ticket = id;
}

static void
on_open_camera (GwTicketDetail *detail,
                gint64          id,
                Fixture        *f)
{
  f->opened_camera = id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GwClock *clock = (GwClock *) data;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, PANE_WIDTH, PANE_HEIGHT);
  f->detail = gw_ticket_detail_new ();
  gtk_window_set_child (f->window, GTK_WIDGET (f->detail));
  g_signal_connect (f->detail, "loaded", G_CALLBACK (on_loaded), f);
  g_signal_connect (f->detail, "open-ticket", G_CALLBACK (on_open_ticket), f);
  g_signal_connect (f->detail, "open-camera", G_CALLBACK (on_open_camera), f);
  gw_ticket_detail_set_store (f->detail, store, clock);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
}

static void
show (Fixture *f,
      gint64   id)
{
  guint before = f->loaded;

  gw_ticket_detail_set_ticket_id (f->detail, id);
  wait_for_count (&f->loaded, before + 1);
}

static GwDb *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (demo_path, &error);

  g_assert_no_error (error);
  return db;
}


/* Saves the window as ticket-detail<suffix>-<language>.png. */
static void
screenshot (Fixture    *f,
            const char *suffix)
{
  g_autofree char *name = g_strconcat ("ticket-detail", suffix, NULL);

  test_window_screenshot (GTK_WIDGET (f->window), name, 0);
}

static void
scroll_to (Fixture *f,
           double   fraction)
{
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (child (f, "scroller"));

  gtk_adjustment_set_value (v, fraction * (gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v)));
  test_window_spin (200);
}

static void
assert_related_rows (Fixture *f,
                     gint64   id)
{
  g_autoptr(GwDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) related = gw_db_list_related_tickets (db, id, GW_TICKET_DETAIL_MAX_RELATED, &error);
  GtkListBox *list = child (f, "related_list");

  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (list), ==, related->len);
  for (guint i = 0; i < related->len; i++)
    {
      gint64 *shown = g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, i)), "gw-ticket-id");

      g_assert_nonnull (shown);
      g_assert_cmpint (*shown, ==, ((GwTicket *) g_ptr_array_index (related, i))->id);
    }
  if (related->len > 0)
    {
      f->opened_ticket = 0;
      gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
      g_assert_cmpint (f->opened_ticket, ==, ((GwTicket *) g_ptr_array_index (related, 0))->id);
    }
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The photo has a thumbnail and opens larger; the document has an icon. */
static void
assert_viewer (Fixture *f)
{
  GtkFlowBox *tiles = child (f, "attachments_box");
  GtkWidget *photo = GTK_WIDGET (gtk_flow_box_get_child_at_index (tiles, 0));
  GtkWidget *document = GTK_WIDGET (gtk_flow_box_get_child_at_index (tiles, 1));
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  GtkWindow *viewer;
  GtkPicture *picture;
  GdkPaintable *paintable;
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_nonnull (find_descendant (photo, GTK_TYPE_PICTURE));
  g_assert_null (find_descendant (document, GTK_TYPE_PICTURE));
  g_assert_nonnull (find_descendant (document, GTK_TYPE_IMAGE));

  /* The document opens nothing. */
  g_signal_emit_by_name (tiles, "child-activated", document);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);

  /* The photo opens a window, with the picture at full size once it is read. */
  g_signal_emit_by_name (tiles, "child-activated", photo);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
  viewer = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (w != f->window && gtk_widget_has_css_class (GTK_WIDGET (w), "attachment-viewer"))
        viewer = w;
    }
  g_assert_nonnull (viewer);
  g_assert_cmpstr (gtk_window_get_title (viewer), ==, "现场照片.png");
  picture = GTK_PICTURE (find_descendant (GTK_WIDGET (viewer), GTK_TYPE_PICTURE));
  timeout = g_timeout_add_seconds (10, on_timeout, &timed_out);
  while (!timed_out && ((paintable = gtk_picture_get_paintable (picture)) == NULL ||
                        gdk_paintable_get_intrinsic_width (paintable) != 640))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  gtk_window_destroy (viewer);
}

static void
test_ticket (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GwDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) expected = gw_db_get_ticket (db, whistle_id, &error);
  g_autoptr(GPtrArray) audit = gw_audit_list_for_ticket (db, whistle_id, &error);
  g_autoptr(GPtrArray) cameras = NULL;
  GtkListBox *camera_list;
  GwTicket *shown;

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  cameras = gw_db_list_nearest_cameras (db, expected->lon, expected->lat, GW_TICKET_DETAIL_N_CAMERAS, &error);
  g_assert_no_error (error);

  show (f, whistle_id);
  g_assert_cmpstr (page (f), ==, "ticket");
  shown = gw_ticket_detail_get_ticket (f->detail);
  g_assert_nonnull (shown);
  g_assert_cmpint (shown->id, ==, whistle_id);
  g_assert_cmpint (gw_ticket_detail_get_ticket_id (f->detail), ==, whistle_id);
  g_assert_cmpstr (gtk_label_get_label (child (f, "number_label")), ==, expected->number);
  g_assert_cmpstr (gtk_label_get_label (child (f, "description_label")), ==, expected->description);

  /* One timeline row per audit entry. */
  g_assert_cmpuint (count_rows (child (f, "timeline_list")), ==, audit->len);
  /* The whistle departments, each once. */
  g_assert_cmpuint (count_rows (child (f, "whistle_list")), ==, expected->whistle_departments->len);
  g_assert_cmpint (gtk_widget_get_visible (child (f, "whistle_section")), ==, expected->whistle_departments->len > 0);
  /* The photos the test attached: one a picture, one a document. */
  g_assert_cmpuint (expected->attachments->len, ==, 2);
  g_assert_nonnull (gtk_flow_box_get_child_at_index (child (f, "attachments_box"), 1));
  g_assert_null (gtk_flow_box_get_child_at_index (child (f, "attachments_box"), 2));

  assert_viewer (f);
  assert_related_rows (f, whistle_id);

  /* The nearest cameras, nearest first; activating one names its row id. */
  camera_list = child (f, "camera_list");
  g_assert_cmpuint (cameras->len, ==, GW_TICKET_DETAIL_N_CAMERAS);
  g_assert_cmpuint (count_rows (camera_list), ==, cameras->len);
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (camera_list, 2)));
  g_assert_cmpint (f->opened_camera, ==, ((GwNearbyCamera *) g_ptr_array_index (cameras, 2))->id);

  screenshot (f, "");
  scroll_to (f, 0.45);
  screenshot (f, "-middle");
  scroll_to (f, 1.0);
  screenshot (f, "-end");
}

static void
test_busy_ticket (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GwDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = gw_audit_list_for_ticket (db, busy_id, &error);

  g_assert_no_error (error);
  show (f, busy_id);
  g_assert_cmpstr (page (f), ==, "ticket");
  g_assert_cmpuint (count_rows (child (f, "timeline_list")), ==, audit->len);
  g_assert_false (gtk_widget_get_visible (child (f, "whistle_section")));
  assert_related_rows (f, busy_id);
  g_assert_cmpuint (count_rows (child (f, "related_list")), >, 0);

  scroll_to (f, 0.6);
  screenshot (f, "-busy");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (page (f), ==, "empty");
  g_assert_null (gw_ticket_detail_get_ticket (f->detail));

  show (f, busy_id);
  g_assert_nonnull (gw_ticket_detail_get_ticket (f->detail));

  /* Back to nothing: at once, and no read. */
  gw_ticket_detail_set_ticket_id (f->detail, 0);
  g_assert_cmpstr (page (f), ==, "empty");
  g_assert_null (gw_ticket_detail_get_ticket (f->detail));
  g_assert_cmpint (gw_ticket_detail_get_ticket_id (f->detail), ==, 0);
  test_window_spin (200);
  g_assert_cmpuint (f->loaded, ==, 1);
  screenshot (f, "-empty");
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  AdwStatusPage *status;

  show (f, 987654321);
  g_assert_cmpstr (page (f), ==, "missing");
  g_assert_null (gw_ticket_detail_get_ticket (f->detail));
  status = child (f, "missing_page");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "987654321"));
  screenshot (f, "-missing");

  /* Nothing stuck: a real ticket after it shows. */
  show (f, busy_id);
  g_assert_cmpstr (page (f), ==, "ticket");
  g_assert_cmpint (gw_ticket_detail_get_ticket (f->detail)->id, ==, busy_id);
}

/* A newer id cancels the older read: one "loaded", for the newer. */
static void
test_newer_wins (Fixture       *f,
                 gconstpointer  data)
{
  gw_ticket_detail_set_ticket_id (f->detail, busy_id);
  gw_ticket_detail_set_ticket_id (f->detail, whistle_id);
  g_assert_null (gw_ticket_detail_get_ticket (f->detail));
  wait_for_count (&f->loaded, 1);
  test_window_spin (300);
  g_assert_cmpuint (f->loaded, ==, 1);
  g_assert_cmpint (gw_ticket_detail_get_ticket (f->detail)->id, ==, whistle_id);

  /* The same id again is nothing new. */
  gw_ticket_detail_set_ticket_id (f->detail, whistle_id);
  test_window_spin (200);
  g_assert_cmpuint (f->loaded, ==, 1);
}

static void
test_reload_keeps_scroll (Fixture       *f,
                          gconstpointer  data)
{
  GtkAdjustment *v;
  double upper, value;

  show (f, whistle_id);
  test_window_spin (200);
  v = gtk_scrolled_window_get_vadjustment (child (f, "scroller"));
  upper = gtk_adjustment_get_upper (v);
  g_assert_cmpfloat (upper, >, gtk_adjustment_get_page_size (v) + 200);
  gtk_adjustment_set_value (v, 200);
  test_window_spin (100);
  value = gtk_adjustment_get_value (v);
  g_assert_cmpfloat (value, ==, 200);

  gw_ticket_detail_set_notice (f->detail, "Pending: waiting for the server", FALSE);
  gw_ticket_detail_reload (f->detail);
  wait_for_count (&f->loaded, 2);
  test_window_spin (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, value);
  g_assert_cmpint (gw_ticket_detail_get_ticket (f->detail)->id, ==, whistle_id);
  /* A reload keeps the notice; another ticket starts at the top, without it. */
  g_assert_true (gtk_revealer_get_reveal_child (child (f, "notice_revealer")));
  show (f, busy_id);
  test_window_spin (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (child (f, "notice_revealer")));
}

static void
test_notice (Fixture       *f,
             gconstpointer  data)
{
  GtkRevealer *revealer = child (f, "notice_revealer");

  show (f, whistle_id);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  gw_ticket_detail_set_notice (f->detail, "Only the lead department may report back", TRUE);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_label_get_label (child (f, "notice_label")), ==, "Only the lead department may report back");
  g_assert_true (gtk_widget_has_css_class (child (f, "notice_box"), "error"));
  test_window_spin (400);
  screenshot (f, "-notice");
  gw_ticket_detail_set_notice (f->detail, "Pending: waiting for the server", FALSE);
  g_assert_false (gtk_widget_has_css_class (child (f, "notice_box"), "error"));
  gw_ticket_detail_set_notice (f->detail, NULL, FALSE);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
}

static gboolean
has_class (Fixture    *f,
           const char *css_class)
{
  return gtk_widget_has_css_class (child (f, "light_label"), css_class);
}

/* The light changes when the clock reaches the next threshold: by itself on a running
 * clock (one timeout), at once when a stopped clock is set. */
static void
test_light_follows_clock (void)
{
  g_autoptr(GwDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) t = gw_db_get_ticket (db, whistle_id, &error);
  g_autoptr(GwClock) running = NULL;
  g_autoptr(GwClock) manual = NULL;
  Fixture f = { 0, };
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_no_error (error);
  g_assert_cmpint (t->timer.stage, !=, GW_STAGE_NONE);
  g_assert_cmpint (t->timer.paused_at, ==, 0);

  running = gw_clock_new_scaled (t->timer.yellow_at - 1, 1.0);
  fixture_set_up (&f, running);
  show (&f, whistle_id);
  g_assert_true (has_class (&f, "light-green"));
  timeout = g_timeout_add_seconds (10, on_timeout, &timed_out);
  while (!has_class (&f, "light-yellow") && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  fixture_tear_down (&f, NULL);

  memset (&f, 0, sizeof f);
  manual = gw_clock_new_manual (t->timer.red_at - 60);
  fixture_set_up (&f, manual);
  show (&f, whistle_id);
  g_assert_true (has_class (&f, "light-yellow"));
  gw_clock_set_now (manual, t->timer.red_at);
  g_assert_true (has_class (&f, "light-red"));
  gw_clock_set_now (manual, t->timer.deadline_at + 3600);
  g_assert_true (has_class (&f, "light-overdue"));
  {
    g_autofree char *overdue = gw_format_time_left (-3600);

    g_assert_nonnull (strstr (gtk_label_get_label (child (&f, "light_label")), overdue));
  }
  fixture_tear_down (&f, NULL);
}

/* A picture and a document on the whistle ticket, as an officer would attach them. */
static void
attach_files (GwDb   *db,
              gint64  id)
{
  static const GwActor center = {
    .name = "区指挥中心值班员", .role = GW_ROLE_DISTRICT_CENTER, .division_code = "500223",
    .level = GW_LEVEL_DISTRICT,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GwDbAttachment) photo = NULL;
  g_autoptr(GwDbAttachment) report = NULL;
  static const char pdf_text[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *sky = cairo_pattern_create_linear (0, 0, 0, 480);

  /* A street at dusk: sky, road, a pile by the kerb. */
  cairo_pattern_add_color_stop_rgb (sky, 0, 0.35, 0.45, 0.65);
  cairo_pattern_add_color_stop_rgb (sky, 1, 0.85, 0.65, 0.45);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.32);
  cairo_rectangle (cr, 0, 300, 640, 180);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.45, 0.35, 0.2);
  cairo_arc (cr, 420, 330, 70, G_PI, 2 * G_PI);
  cairo_fill (cr);
  cairo_pattern_destroy (sky);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  {
    int stride = cairo_image_surface_get_stride (surface);
    g_autoptr(GBytes) raw = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * 480);
    g_autoptr(GdkTexture) texture = gdk_memory_texture_new (640, 480, GDK_MEMORY_DEFAULT, raw, stride);

    png = gdk_texture_save_to_png_bytes (texture);
  }
  cairo_surface_destroy (surface);

  photo = gw_db_add_attachment (db, id, "现场照片.png", "image/png", png, &center,
                                g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  pdf = g_bytes_new_static (pdf_text, sizeof pdf_text - 1);
  report = gw_db_add_attachment (db, id, "处置方案.pdf", "application/pdf", pdf, &center,
                                 g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
}

static gint64
first_id (GwDb       *db,
          const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

/* The tickets the tests look at, and the files on one of them. */
static void
prepare_demo (void)
{
  g_autoptr(GwDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint most = 0;

  /* A whistled ticket whose clock runs, else the one with the longest running timeline. */
  whistle_id = first_id (db, "SELECT t.id FROM tickets t WHERE t.whistle AND t.stage IS NOT NULL"
                             " AND t.paused_at IS NULL ORDER BY t.id LIMIT 1");
  if (whistle_id == 0)
    whistle_id = first_id (db, "SELECT a.ticket_id FROM audit a JOIN tickets t ON t.id = a.ticket_id"
                               " WHERE t.stage IS NOT NULL AND t.paused_at IS NULL"
                               " GROUP BY a.ticket_id ORDER BY count (*) DESC, a.ticket_id LIMIT 1");
  g_assert_cmpint (whistle_id, >, 0);
  attach_files (db, whistle_id);

  /* Of the tickets the workflow moved, the one with the most related tickets. */
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT ticket_id FROM audit GROUP BY ticket_id"
                                       " ORDER BY count (*) DESC, ticket_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(GPtrArray) related = gw_db_list_related_tickets (db, id, 0, &error);

      g_assert_no_error (error);
      if (related->len > most)
        most = related->len, busy_id = id;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (busy_id, >, 0);
  g_test_message ("whistle ticket %" G_GINT64_FORMAT ", busy ticket %" G_GINT64_FORMAT " (%u related)",
                  whistle_id, busy_id, most);
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  gw_store_open_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
  (*done)++;
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* What AdwApplication does for the app: its style sheet, dark for a control room. */
  gtk_css_provider_load_from_resource (provider, "/org/gridwatch/Gridwatch/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_PREFER_DARK);
}

int
main (int   argc,
      char *argv[])
{
  guint opened = 0;
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  adw_init ();
  load_style ();

  tmpdir = test_util_make_tmpdir ();
  demo_path = test_util_create_demo (tmpdir, "demo.db");
  prepare_demo ();
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, on_store_opened, &opened);
  wait_for_count (&opened, 1);

  g_test_add ("/ticket-detail/ticket", Fixture, NULL, fixture_set_up, test_ticket, fixture_tear_down);
  g_test_add ("/ticket-detail/busy-ticket", Fixture, NULL, fixture_set_up, test_busy_ticket, fixture_tear_down);
  g_test_add ("/ticket-detail/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/ticket-detail/missing", Fixture, NULL, fixture_set_up, test_missing, fixture_tear_down);
  g_test_add ("/ticket-detail/newer-wins", Fixture, NULL, fixture_set_up, test_newer_wins, fixture_tear_down);
  g_test_add ("/ticket-detail/reload-keeps-scroll", Fixture, NULL, fixture_set_up, test_reload_keeps_scroll,
              fixture_tear_down);
  g_test_add ("/ticket-detail/notice", Fixture, NULL, fixture_set_up, test_notice, fixture_tear_down);
  g_test_add_func ("/ticket-detail/light-follows-clock", test_light_follows_clock);

  status = g_test_run ();

  gw_store_close (store);
  g_clear_object (&store);
  test_util_remove_tree (tmpdir);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
