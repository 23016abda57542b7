/* test-seat.c: the main window as a seat of a real gridwatchd on 127.0.0.1.
 *
 * A street officer's seat starts signed out and shows the sign-in page; once signed in it
 * fetches the street's tickets, says it is online in the header bar and shows the street's
 * open tickets as the server counts them. When the server dies the band under the header
 * says the seat is offline. A screenshot of the online window is left in the build
 * directory (seat-online.png).
 */
#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>

#include "gw-accounts.h"
#include "gw-application.h"
#include "gw-db.h"
#include "gw-demo.h"
#include "gw-figure-card.h"
#include "gw-format.h"
#include "gw-main-window.h"
#include "gw-screenshot.h"
#include "gw-seat-bar.h"
#include "gw-seat-status.h"
#include "gw-sign-in-page.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"

#include "test-util.h"

#define NOW      1795276800  /* 2026-11-22T00:00:00+08:00 */
#define STREET   "500223001"
#define PATIENCE 30          /* seconds any one wait may take */

static char *tmpdir;
static char *server_db;

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until condition (window) holds, failing after PATIENCE s. */
static void
wait_for (GwMainWindow *window,
          gboolean    (*condition) (GwMainWindow *, gconstpointer),
          gconstpointer data,
          const char   *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (PATIENCE, on_wait_timeout, &timed_out);

  while (!condition (window, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("waited %d s in vain for %s", PATIENCE, what);
  g_source_remove (timeout);
}

static gpointer
child (GwMainWindow *window,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), GW_TYPE_MAIN_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_page (GwMainWindow *window)
{
  return gtk_stack_get_visible_child_name (child (window, "stack"));
}

static gboolean
shows_page (GwMainWindow  *window,
            gconstpointer  name)
{
  return g_strcmp0 (visible_page (window), name) == 0;
}

/* Online in the header bar, and the figures page showing the expected open tickets. */
static gboolean
shows_online_figures (GwMainWindow  *window,
                      gconstpointer  expected_open)
{
  const char *label = gw_seat_status_get_label (child (window, "seat_status"));

  return g_strcmp0 (label, gw_sync_state_to_label (GW_SYNC_STATE_ONLINE)) == 0 &&
         shows_page (window, "figures") &&
         g_strcmp0 (gw_figure_card_get_value (child (window, "open_card")), expected_open) == 0;
}

static gboolean
shows_offline_bar (GwMainWindow  *window,
                   gconstpointer  data)
{
  return gw_seat_bar_get_revealed (child (window, "seat_bar"));
}

static gboolean
is_saved (GwMainWindow  *window,
          gconstpointer  done)
{
  return *(const gboolean *) done;
}

static void
on_screenshot_saved (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_screenshot_save_finish (GTK_WIDGET (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
setup_server_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;

  server_db = g_build_filename (tmpdir, "server.db", NULL);
  db = gw_db_open (server_db, &error);
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, NOW, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_accounts_add_user (db, "officer1", "梓潼值班员", GW_ROLE_STREET_OFFICER,
                                       STREET, NULL, "password-1", &error));
  g_assert_no_error (error);
}

/* The street's open tickets in the server's database: what the seat must show. */
static gint64
server_street_open_tickets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (server_db, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 open = 0;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db),
                                       "SELECT t.state, count(*) FROM tickets t"
                                       " JOIN divisions d ON d.id = t.division_id"
                                       " WHERE d.code LIKE '" STREET "%' GROUP BY t.state",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwTicketState state;

      g_assert_true (gw_ticket_state_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                                  &state));
      if (gw_ticket_state_is_open (state))
        open += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return open;
}

static void
test_seat_sign_in_online_offline (void)
{
  GwTestServer server;
  g_autofree char *uri = NULL;
  g_autofree char *seat_path = g_build_filename (tmpdir, "seat.db", NULL);
  g_autofree char *expected_open = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GFile) png_file = NULL;
  GwMainWindow *window;
  GwSignInPage *page;
  gboolean saved = FALSE;

  expected_open = gw_format_count (server_street_open_tickets ());
  g_assert_cmpstr (expected_open, !=, "0");

  gw_test_server_start (&server, server_db, 0, NULL);
  uri = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  window = gw_main_window_new_for_seat (NULL, seat_path, uri);
  g_assert_cmpstr (gw_main_window_get_server_uri (window), ==, uri);
  gtk_window_present (GTK_WINDOW (window));

  /* A new seat holds no token: the sign-in page, with the indicator saying so. */
  wait_for (window, shows_page, "sign-in", "the sign-in page");
  g_assert_true (g_file_test (seat_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_get_visible (child (window, "seat_status")));
  g_assert_cmpstr (gw_seat_status_get_label (child (window, "seat_status")), ==,
                   gw_sync_state_to_label (GW_SYNC_STATE_SIGNED_OUT));

  /* A wrong password is said on the page; the page stays. */
  page = child (window, "sign_in_page");
  gtk_editable_set_text (gw_sign_in_page_get_username_entry (page), "officer1");
  gtk_editable_set_text (gw_sign_in_page_get_password_entry (page), "wrong");
  g_signal_emit_by_name (gw_sign_in_page_get_password_entry (page), "activate");
  while (*gw_sign_in_page_get_error (page) == '\0')
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (shows_page (window, "sign-in"));

  /* Enter in the password field signs in; the snapshot brings the street in. */
  gtk_editable_set_text (gw_sign_in_page_get_password_entry (page), "password-1");
  g_signal_emit_by_name (gw_sign_in_page_get_password_entry (page), "activate");
  wait_for (window, shows_online_figures, expected_open, "the seat online with its figures");
  g_assert_false (gw_seat_bar_get_revealed (child (window, "seat_bar")));
  g_assert_cmpint (gw_main_window_get_state (window), ==, GW_MAIN_WINDOW_READY);

  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "seat-online.png", NULL);
  png_file = g_file_new_for_path (png);
  gw_screenshot_save_async (GTK_WIDGET (window), png_file, NULL, on_screenshot_saved, &saved);
  wait_for (window, is_saved, &saved, "the screenshot");
  g_test_message ("screenshot of the online seat: %s", png);

  /* The server dies: the band says the seat works offline; the figures stay. */
  gw_test_server_stop (&server, SIGKILL);
  wait_for (window, shows_offline_bar, NULL, "the offline band");
  g_assert_cmpstr (gw_seat_status_get_label (child (window, "seat_status")), ==,
                   gw_sync_state_to_label (GW_SYNC_STATE_OFFLINE));
  g_assert_true (shows_page (window, "figures"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  if (!test_util_have_display () || !gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run the display suite under xvfb-run\n");
      return 0;
    }
  adw_init ();

  tmpdir = test_util_make_tmpdir ();
  setup_server_database ();

  g_test_add_func ("/seat/sign-in-online-offline", test_seat_sign_in_online_offline);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (server_db);
  return status;
}
