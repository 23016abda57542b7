/* test-handover.c: the shift handover window on the real demo database.
 *
 * The draft is pre-filled with the store's counts; a written handover is signed by another
 * officer, never by its writer, and only once — a second window that still shows it
 * unsigned is refused with the reason on the page; the log finds it by its note and its
 * officers. Screenshots (tests/app/handover-<language>-<page>.png in the build directory)
 * are for a person to look at.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-handover-dialog.h"
#include "gw-screenshot.h"

#include "test-util.h"
#include "test-window-util.h"

static char *tmpdir;
static char *demo_path;
static GwStore *store;
static GwClock *clock_;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}


/* Iterates the main loop until the dialog has its answers, failing after 30 s. */
static void
wait_idle (GwHandoverDialog *dialog)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (gw_handover_dialog_get_busy (dialog) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}


/* Saves the dialog as handover-<page>-<language>.png, once its page has turned. */
static void
screenshot (GwHandoverDialog *dialog,
            const char       *page)
{
  g_autofree char *name = g_strconcat ("handover-", page, NULL);

  test_window_screenshot (GTK_WIDGET (dialog), name, 400);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gpointer *out = user_data;
  g_autoptr(GError) error = NULL;

  out[0] = gw_store_run_finish (GW_STORE (object), result, &error);
  g_assert_no_error (error);
  out[1] = GINT_TO_POINTER (TRUE);
}

static gpointer
counts_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  GwHandoverCounts *c = g_new0 (GwHandoverCounts, 1);

  if (!gw_db_handover_counts (db, *(gint64 *) data, c, error))
    return g_free (c), NULL;
  return c;
}

static GwHandoverDialog *
open_dialog (const char *officer)
{
  GwHandoverDialog *dialog = gw_handover_dialog_new (NULL, store, clock_, officer);

  gtk_window_present (GTK_WINDOW (dialog));
  wait_idle (dialog);
  return dialog;
}

static void
test_handover (void)
{
  GwHandoverDialog *outgoing, *other;
  g_autofree GwHandoverCounts *counts = NULL;
  g_autofree char *note = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *line = NULL;
  const GwHandoverCounts *shown;
  const GwHandover *signing;
  gint64 now = gw_clock_get_now (clock_), id;

  /* Pre-filled: the counts are the store's, and the note says them. */
  outgoing = open_dialog ("张伟");
  {
    gpointer out[2] = { NULL, NULL };
    gw_store_run_async (store, counts_func, &now, NULL, g_free, NULL, on_run_done, out);
    while (!out[1])
      g_main_context_iteration (NULL, TRUE);
    counts = out[0];
  }
  shown = gw_handover_dialog_get_counts (outgoing);
  g_assert_cmpint (shown->open, ==, counts->open);
  g_assert_cmpint (shown->red, ==, counts->red);
  g_assert_cmpint (shown->overdue, ==, counts->overdue);
  g_assert_cmpint (shown->emergencies, ==, counts->emergencies);
  g_assert_cmpint (shown->pending, ==, counts->pending);
  g_assert_cmpint (counts->open, >, 0);
  note = gw_handover_dialog_get_note (outgoing);
  /* Translators' words are checked against the catalog, not spelled out: any language. */
  line = g_strdup_printf (_("Open tickets: %lld"), (long long) counts->open);
  g_assert_nonnull (strstr (note, line));
  g_assert_cmpstr (gw_handover_dialog_get_page (outgoing), ==, "write");
  /* Nothing waits to be signed yet. */
  g_assert_null (gw_handover_dialog_get_signing (outgoing));
  screenshot (outgoing, "write");

  /* Written, with the officer's own words added. */
  edited = g_strconcat (note, "泵站三号积水，已通知水务，明早八点复查。\n", NULL);
  gw_handover_dialog_set_note (outgoing, edited);
  gtk_widget_activate_action (GTK_WIDGET (outgoing), "handover.write", NULL);
  wait_idle (outgoing);
  g_test_message ("write: %s", gw_handover_dialog_get_write_status (outgoing));
  signing = gw_handover_dialog_get_signing (outgoing);
  g_assert_nonnull (signing);
  id = signing->id;
  g_assert_cmpstr (signing->outgoing, ==, "张伟");
  g_assert_cmpstr (signing->note, ==, edited);
  g_assert_cmpint (signing->signed_at, ==, 0);

  /* Another seat's window opened now shows it waiting. */
  other = open_dialog ("王芳");
  g_assert_nonnull (gw_handover_dialog_get_signing (other));
  g_assert_cmpint (gw_handover_dialog_get_signing (other)->id, ==, id);

  /* Not by its writer: the reason is on the page, nothing is signed. */
  gw_clock_advance (clock_, 300);
  gw_handover_dialog_set_page (outgoing, "sign");
  gw_handover_dialog_set_incoming (outgoing, "张伟");
  gtk_widget_activate_action (GTK_WIDGET (outgoing), "handover.sign", NULL);
  wait_idle (outgoing);
  g_test_message ("same officer: %s", gw_handover_dialog_get_sign_status (outgoing));
  g_assert_nonnull (strstr (gw_handover_dialog_get_sign_status (outgoing), "张伟"));
  g_assert_cmpint (gw_handover_dialog_get_signing (outgoing)->signed_at, ==, 0);

  /* Signed by the incoming officer. */
  gw_handover_dialog_set_incoming (outgoing, "李娜");
  gtk_widget_activate_action (GTK_WIDGET (outgoing), "handover.sign", NULL);
  wait_idle (outgoing);
  signing = gw_handover_dialog_get_signing (outgoing);
  g_assert_cmpint (signing->id, ==, id);
  g_assert_cmpstr (signing->incoming, ==, "李娜");
  g_assert_cmpint (signing->signed_at, ==, gw_clock_get_now (clock_));
  g_assert_nonnull (strstr (gw_handover_dialog_get_sign_status (outgoing), "李娜"));

  /* Twice: the other window still shows it unsigned; signing there is refused, says who
   * signed, and shows the handover as it now is. */
  gw_handover_dialog_set_page (other, "sign");
  gw_handover_dialog_set_incoming (other, "赵强");
  g_assert_cmpint (gw_handover_dialog_get_signing (other)->signed_at, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (other), "handover.sign", NULL);
  wait_idle (other);
  g_test_message ("twice: %s", gw_handover_dialog_get_sign_status (other));
  g_assert_nonnull (strstr (gw_handover_dialog_get_sign_status (other), "李娜"));
  g_assert_cmpstr (gw_handover_dialog_get_signing (other)->incoming, ==, "李娜");
  screenshot (other, "sign-refused");
  screenshot (outgoing, "sign");

  /* The log finds it by its note and its officers, and nothing else. */
  gw_handover_dialog_set_page (outgoing, "log");
  wait_idle (outgoing);
  g_assert_cmpuint (gw_handover_dialog_get_n_found (outgoing), ==, 1);
  gw_handover_dialog_set_search_text (outgoing, "泵站");
  wait_idle (outgoing);
  g_assert_cmpuint (gw_handover_dialog_get_n_found (outgoing), ==, 1);
  gw_handover_dialog_set_search_text (outgoing, "李娜");
  wait_idle (outgoing);
  g_assert_cmpuint (gw_handover_dialog_get_n_found (outgoing), ==, 1);
  gw_handover_dialog_set_search_text (outgoing, "无此内容");
  wait_idle (outgoing);
  g_assert_cmpuint (gw_handover_dialog_get_n_found (outgoing), ==, 0);
  screenshot (outgoing, "log-empty");
  gw_handover_dialog_set_search_text (outgoing, "张伟");
  wait_idle (outgoing);
  g_assert_cmpuint (gw_handover_dialog_get_n_found (outgoing), ==, 1);
  screenshot (outgoing, "log");

  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (outgoing));
}

/* A window closed while the store still works for it goes quietly. */
static void
test_closed_while_busy (void)
{
  GwHandoverDialog *dialog = gw_handover_dialog_new (NULL, store, clock_, "张伟");

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gw_handover_dialog_get_busy (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  test_window_spin (300);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  *(gboolean *) user_data = TRUE;
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
  gboolean opened = FALSE;
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
  store = gw_store_new ();
  gw_store_open_async (store, demo_path, NULL, on_opened, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);
  clock_ = gw_clock_new_manual (g_get_real_time () / G_USEC_PER_SEC);

  g_test_add_func ("/handover/write-sign-search", test_handover);
  g_test_add_func ("/handover/closed-while-busy", test_closed_while_busy);

  status = g_test_run ();

  gw_store_close (store);
  g_clear_object (&store);
  g_clear_object (&clock_);
  test_util_remove_tree (tmpdir);
  g_free (demo_path);
  g_free (tmpdir);
  return status;
}
