/* test-actions.c: the duty officer's ticket.* actions and their short forms.
 *
 * On a real small demo county (a county file, commands applied at once): dispatch a
 * screened ticket through its form, escalate one (first without the reason the workflow
 * asks for), see refusals said in the form with the database unchanged, supervise and
 * dispatch several tickets at once, merge duplicates, report a new ticket from a phone
 * call. Then a seat of a real gridwatchd: a command, and a new report, are pending, then
 * applied, as "outcome" says. Screenshots of the forms are left in the build directory (form-dispatch-LANG.png,
 * form-new-ticket-LANG.png, form-whistle, form-escalate, form-refused) for a person to
 * look at.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gw-accounts.h"
#include "gw-action-form.h"
#include "gw-action-runner.h"
#include "gw-application.h"
#include "gw-audit.h"
#include "gw-db.h"
#include "gw-demo.h"
#include "gw-screenshot.h"
#include "gw-sync-client.h"
#include "gw-test-server.h"
#include "gw-ticket-actions.h"

#include "test-util.h"
#include "test-window-util.h"

#define NOW      1795276800  /* 2026-11-22T00:00:00+08:00 */
#define COUNTY   "500223"
#define STREET   "500223001"
#define PATIENCE 30          /* seconds any one wait may take */

static char *tmpdir;
static char *county_path;
/* Made for the tests on the demo county (its own history has nothing left to screen). */
static GArray *screened;   /* street level, screened */
static GArray *reported;   /* grid level, reported, oldest first */

/* Waiting ------------------------------------------------------------------------------- */

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean    (*condition) (gconstpointer),
          gconstpointer data,
          const char   *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (PATIENCE, on_wait_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("waited %d s in vain for %s", PATIENCE, what);
  g_source_remove (timeout);
}

static gboolean
is_true (gconstpointer flag)
{
  return *(const gboolean *) flag;
}

static gboolean
actions_read (gconstpointer actions)
{
  return !gw_ticket_actions_get_updating ((GwTicketActions *) actions);
}

static gboolean
form_ready (gconstpointer form)
{
  return gw_action_form_get_ready ((GwActionForm *) form);
}

static gboolean
form_idle (gconstpointer form)
{
  return !gw_action_form_get_busy ((GwActionForm *) form);
}

/* The database, read directly ------------------------------------------------------------ */

static GwDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  GwDb *db = gw_db_open (path, &error);

  g_assert_no_error (error);
  return db;
}

/* The ids an SQL query gives (column 0), at most n. */
static GArray *
query_ids (const char *path,
           const char *sql,
           guint       n)
{
  g_autoptr(GwDb) db = open_db (path);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (ids->len < n && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(GwDb) db = open_db (path);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gw_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_nonnull (text);
  return text;
}

static GwTicket *
read_ticket (const char *path,
             gint64      id)
{
  g_autoptr(GwDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  GwTicket *t = gw_db_get_ticket (db, id, &error);

  g_assert_no_error (error);
  return t;
}

static guint
count_audit (const char *path,
             gint64      id,
             const char *action)
{
  g_autoptr(GwDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gw_audit_list_for_ticket (db, id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (action == NULL || g_strcmp0 (((GwAuditEntry *) g_ptr_array_index (entries, i))->action, action) == 0)
      n++;
  return n;
}

/* The workflow's own words for a refusal, in this locale. */
static char *
refusal (GwTicket      *t,
         const GwActor *actor,
         GwAction       action)
{
  g_autoptr(GError) error = NULL;
  GwCommand c = { .action = action, .ticket_id = t->id };

  g_assert_false (gw_workflow_check (t, actor, &c, &error));
  return g_strdup (error->message);
}

/* New tickets, reported in the street's grids as a hotline would, then screened when
 * asked for: what the demo's history, all moved on, no longer holds. */
static GArray *
make_tickets (const char    *path,
              const char    *street,
              guint          n,
              GwLevel        level,
              GwTicketState  state,
              gint64         at)
{
  static const GwActor center = { "测试区中心", GW_ROLE_COMMANDER, COUNTY, GW_LEVEL_DISTRICT, NULL };
  g_autoptr(GwDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gw_db_list_divisions (db, GW_LEVEL_GRID, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint g = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      GwDivision *grid = NULL;

      while (grid == NULL)
        {
          GwDivision *d = g_ptr_array_index (grids, g++ % grids->len);
          if (g_str_has_prefix (d->code, street))
            grid = d;
        }
      t->source = GW_SOURCE_HOTLINE;
      t->category_code = g_strdup ("0101");
      t->board = g_strdup ("livelihood");
      t->urgency = GW_URGENCY_NORMAL;
      t->level = level;
      t->lon = grid->label_lon;
      t->lat = grid->label_lat;
      t->description = g_strdup_printf ("路边垃圾堆放（测试 %u）", i + 1);
      t->reported_at = at + i * 60;
      g_assert_true (gw_db_report (db, &center, t, t->reported_at, &error));
      g_assert_no_error (error);
      if (state == GW_STATE_SCREENED)
        {
          GwCommand screen = { .action = GW_ACTION_SCREEN, .ticket_id = t->id };
          g_autoptr(GwTicket) done = gw_db_apply (db, &center, &screen, t->reported_at + 30, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpint (done->state, ==, GW_STATE_SCREENED);
        }
      g_array_append_val (ids, t->id);
    }
  return ids;
}

static GArray *
take (GArray *ids,
      guint   first,
      guint   n)
{
  GArray *some = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpuint (first + n, <=, ids->len);
  g_array_append_vals (some, &g_array_index (ids, gint64, first), n);
  return some;
}

/* The console: a window, its store, a runner, the ticket actions ------------------------ */

typedef struct {
  GtkWindow       *window;
  GwStore         *store;
  GwClock         *clock;
  GwActionRunner  *runner;
  GwTicketActions *actions;
  GwActionOutcome  outcome;
  char            *message;
  guint            n_done;
} Console;

static const GwActor commander = {
  "测试指挥长", GW_ROLE_COMMANDER, COUNTY, GW_LEVEL_DISTRICT, NULL,
};

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_store_open_finish (GW_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static GwStore *
open_store (const char *path)
{
  GwStore *store = gw_store_new ();
  gboolean opened = FALSE;

  gw_store_open_async (store, path, NULL, on_store_opened, &opened);
  wait_for (is_true, &opened, "the store");
  return store;
}

static void
on_actions_done (GwTicketActions *actions,
                 GwActionOutcome  outcome,
                 const char      *message,
                 Console         *console)
{
  console->outcome = outcome;
  g_free (console->message);
  console->message = g_strdup (message);
  console->n_done++;
}

static void
console_init (Console         *console,
              GwActionRunner  *runner)
{
  console->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (console->window, 1280, 800);
  gtk_window_present (console->window);
  console->runner = runner;
  console->actions = gw_ticket_actions_new (runner, gw_action_runner_get_store (runner), console->window);
  gtk_widget_insert_action_group (GTK_WIDGET (console->window), "ticket", G_ACTION_GROUP (console->actions));
  g_signal_connect (console->actions, "done", G_CALLBACK (on_actions_done), console);
}

static void
console_open_local (Console *console)
{
  memset (console, 0, sizeof *console);
  console->store = open_store (county_path);
  console->clock = gw_clock_new_manual (NOW + 3600);
  console_init (console, gw_action_runner_new_local (console->store, console->clock, &commander));
}

static void
console_close (Console *console)
{
  gtk_window_destroy (console->window);
  g_clear_object (&console->actions);
  g_clear_object (&console->runner);
  g_clear_object (&console->clock);
  if (console->store)
    gw_store_close (console->store);
  g_clear_object (&console->store);
  g_clear_pointer (&console->message, g_free);
  while (g_main_context_iteration (NULL, FALSE));
}

static void
select_tickets (Console *console,
                GArray  *ids)
{
  gw_ticket_actions_set_selection (console->actions, (const gint64 *) ids->data, ids->len);
  wait_for (actions_read, console->actions, "the selection to be read");
}

static gboolean
enabled (Console    *console,
         const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (console->actions), name);
}

/* Activates ticket.NAME the way a shortcut does, and returns its form once it is ready. */
static GwActionForm *
open_form (Console    *console,
           const char *name)
{
  g_autofree char *detailed = g_strconcat ("ticket.", name, NULL);
  GwActionForm *form;

  g_assert_true (enabled (console, name));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console->window), detailed, NULL));
  form = gw_ticket_actions_get_form (console->actions);
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (form)) == console->window);
  wait_for (form_ready, form, "the form's lists");
  return form;
}

static gpointer
form_child (GwActionForm *form,
            const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (form), GW_TYPE_ACTION_FORM, name);

  g_assert_nonnull (object);
  return object;
}

/* Presses the submit button; returns once the form closed (TRUE) or showed an error. */
static gboolean
press_submit (Console      *console,
              GwActionForm *form)
{
  GwActionForm *watch = form;
  guint n_done = console->n_done;

  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
  g_object_ref (form);
  g_assert_true (gtk_widget_get_sensitive (form_child (form, "submit_button")));
  g_signal_emit_by_name (form_child (form, "submit_button"), "clicked");
  wait_for (form_idle, form, "the submission");
  if (console->n_done > n_done)
    {
      /* Closed: the only reference left is ours. */
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form)));
      g_assert_null (gw_ticket_actions_get_form (console->actions));
      g_object_unref (form);
      g_assert_null (watch);
      return TRUE;
    }
  g_object_remove_weak_pointer (G_OBJECT (form), (gpointer *) &watch);
  g_object_unref (form);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  return FALSE;
}


static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  test_window_screenshot (widget, name, 0);
}

/* Tests: a county file ------------------------------------------------------------------- */

static void
test_dispatch (void)
{
  Console console;
  g_autoptr(GArray) ids = take (screened, 0, 1);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autoptr(GwTicket) before = read_ticket (county_path, id);
  guint dispatches = count_audit (county_path, id, "dispatch");
  g_autofree char *department = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GwTicket) after = NULL;
  GwActionForm *form;

  sql = g_strdup_printf ("SELECT code FROM departments WHERE board = '%s' ORDER BY code DESC", before->board);
  department = query_text (county_path, sql);

  console_open_local (&console);
  select_tickets (&console, ids);
  g_assert_true (enabled (&console, "dispatch"));
  g_assert_true (enabled (&console, "escalate"));
  g_assert_false (enabled (&console, "sign"));      /* a commander signs for nothing */
  g_assert_false (enabled (&console, "close"));     /* not being checked */
  g_assert_false (enabled (&console, "merge"));     /* one ticket */
  g_assert_true (enabled (&console, "new"));

  form = open_form (&console, "dispatch");
  g_assert_cmpint (gw_action_form_get_action (form), ==, GW_ACTION_DISPATCH);
  g_assert_true (gtk_widget_get_visible (form_child (form, "department_box")));
  g_assert_false (gtk_widget_get_visible (form_child (form, "details_group")));

  /* Nothing chosen: the form says so, and nothing is sent. */
  g_assert_false (press_submit (&console, form));
  g_assert_cmpstr (gw_action_form_get_error (form), !=, "");

  g_assert_true (gw_action_form_select_department (form, department));
  screenshot (GTK_WIDGET (form), "form-dispatch");
  g_assert_true (press_submit (&console, form));
  g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_APPLIED);
  g_assert_nonnull (strstr (console.message, before->number));

  after = read_ticket (county_path, id);
  g_assert_cmpint (after->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (after->department_code, ==, department);
  g_assert_cmpint (after->updated_at, ==, NOW + 3600);
  g_assert_cmpuint (count_audit (county_path, id, "dispatch"), ==, dispatches + 1);

  /* The actions follow the ticket: dispatched now, it cannot be dispatched again. */
  wait_for (actions_read, console.actions, "the selection read again");
  g_assert_false (enabled (&console, "dispatch"));
  g_assert_true (enabled (&console, "suspend"));
  g_assert_true (enabled (&console, "reassign"));

  console_close (&console);
}

static void
test_escalate (void)
{
  Console console;
  g_autoptr(GArray) ids = take (reported, 0, 1);
  gint64 id = g_array_index (ids, gint64, 0);
  guint audit_before = count_audit (county_path, id, NULL);
  g_autoptr(GwTicket) after = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GwDb) db = NULL;
  GwActionForm *form;
  const char *reason = "居民反映多次未解决，需社区协调";

  console_open_local (&console);
  select_tickets (&console, ids);
  form = open_form (&console, "escalate");
  g_assert_true (gtk_widget_get_visible (form_child (form, "reason_row")));

  /* Without a reason the workflow refuses, in its words, and nothing changes. */
  g_assert_false (press_submit (&console, form));
  g_assert_nonnull (strstr (gw_action_form_get_error (form), _("a reason")));
  screenshot (GTK_WIDGET (form), "form-escalate");
  g_assert_cmpuint (count_audit (county_path, id, NULL), ==, audit_before);

  gtk_editable_set_text (form_child (form, "reason_row"), reason);
  g_assert_true (press_submit (&console, form));

  after = read_ticket (county_path, id);
  g_assert_cmpint (after->level, ==, GW_LEVEL_COMMUNITY);
  g_assert_cmpint (after->state, ==, GW_STATE_SCREENED);
  db = open_db (county_path);
  entries = gw_audit_list_for_ticket (db, id, NULL);
  g_assert_cmpuint (entries->len, ==, audit_before + 1);
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->action, ==, "escalate");
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->reason, ==, reason);

  console_close (&console);
}

static void
test_refused (void)
{
  Console console;
  g_autoptr(GArray) fresh = take (reported, 1, 1);
  g_autoptr(GArray) dispatched = query_ids (county_path,
                                            "SELECT id FROM tickets WHERE state = 'dispatched' ORDER BY id", 1);
  g_autoptr(GArray) one = take (screened, 1, 1);
  gint64 id = g_array_index (fresh, gint64, 0);
  g_autoptr(GwTicket) ticket = read_ticket (county_path, id);
  g_autoptr(GwDb) db = open_db (county_path);
  g_autofree char *hash = gw_db_content_hash (db, NULL);
  g_autofree char *hash_after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *department = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  g_autoptr(GwTicket) now = NULL;
  g_autoptr(GError) error = NULL;
  GwActionForm *form;

  console_open_local (&console);

  /* Close a ticket just reported: not offered; forced through a form, refused in it. */
  select_tickets (&console, fresh);
  g_assert_false (enabled (&console, "close"));
  g_ptr_array_add (tickets, gw_ticket_ref (ticket));
  form = gw_action_form_new (console.window, console.runner, GW_ACTION_CLOSE, tickets);
  gtk_window_present (GTK_WINDOW (form));
  g_assert_false (press_submit (&console, form));
  expected = refusal (ticket, &commander, GW_ACTION_CLOSE);
  g_assert_cmpstr (gw_action_form_get_error (form), ==, expected);
  g_assert_true (gtk_widget_get_visible (form_child (form, "error_label")));
  hash_after = gw_db_content_hash (db, NULL);
  g_assert_cmpstr (hash_after, ==, hash);

  /* Escape (form.cancel) closes it; nothing was done. */
  g_object_ref (form);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.cancel", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form)));
  g_object_unref (form);

  /* Sign for a dispatched ticket as a commander: the wrong role. */
  select_tickets (&console, dispatched);
  g_assert_false (enabled (&console, "sign"));
  g_ptr_array_set_size (tickets, 0);
  g_clear_pointer (&ticket, gw_ticket_unref);
  ticket = read_ticket (county_path, g_array_index (dispatched, gint64, 0));
  g_ptr_array_add (tickets, gw_ticket_ref (ticket));
  form = gw_action_form_new (console.window, console.runner, GW_ACTION_SIGN, tickets);
  gtk_window_present (GTK_WINDOW (form));
  g_assert_false (press_submit (&console, form));
  g_clear_pointer (&expected, g_free);
  expected = refusal (ticket, &commander, GW_ACTION_SIGN);
  g_assert_cmpstr (gw_action_form_get_error (form), ==, expected);
  gtk_window_destroy (GTK_WINDOW (form));

  /* The ticket changes under an open form (another seat rejects it): the dispatch is
   * refused with the rule, the form stays open, the ticket stays rejected. */
  select_tickets (&console, one);
  form = open_form (&console, "dispatch");
  department = query_text (county_path, "SELECT code FROM departments ORDER BY code");
  g_assert_true (gw_action_form_select_department (form, department));
  {
    GwCommand reject = { .action = GW_ACTION_REJECT, .ticket_id = g_array_index (one, gint64, 0),
                         .reason = "重复上报" };
    g_autoptr(GwTicket) rejected = gw_db_apply (db, &commander, &reject, NOW + 60, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (rejected->state, ==, GW_STATE_REJECTED);
  }
  g_clear_pointer (&hash, g_free);
  hash = gw_db_content_hash (db, NULL);
  g_assert_false (press_submit (&console, form));
  now = read_ticket (county_path, g_array_index (one, gint64, 0));
  g_clear_pointer (&expected, g_free);
  expected = refusal (now, &commander, GW_ACTION_DISPATCH);
  g_assert_cmpstr (gw_action_form_get_error (form), ==, expected);
  g_assert_cmpint (now->state, ==, GW_STATE_REJECTED);
  screenshot (GTK_WIDGET (form), "form-refused");
  g_clear_pointer (&hash_after, g_free);
  hash_after = gw_db_content_hash (db, NULL);
  g_assert_cmpstr (hash_after, ==, hash);
  g_assert_true (gw_ticket_actions_get_form (console.actions) == form);

  console_close (&console);
}

static void
test_whistle (void)
{
  Console console;
  g_autoptr(GArray) ids = take (screened, 4, 1);
  g_autoptr(GwTicket) t = NULL;
  g_autofree char *first = query_text (county_path, "SELECT code FROM departments ORDER BY code LIMIT 1 OFFSET 2");
  g_autofree char *second = query_text (county_path, "SELECT code FROM departments ORDER BY code LIMIT 1 OFFSET 5");
  GwActionForm *form;

  console_open_local (&console);
  select_tickets (&console, ids);
  form = open_form (&console, "whistle");
  g_assert_true (gtk_widget_get_visible (form_child (form, "department_hint")));

  /* Two departments ticked, the second starred as the lead. */
  g_assert_true (gw_action_form_select_department (form, first));
  g_assert_true (gw_action_form_set_lead_department (form, second));
  screenshot (GTK_WIDGET (form), "form-whistle");
  g_assert_true (press_submit (&console, form));

  t = read_ticket (county_path, g_array_index (ids, gint64, 0));
  g_assert_true (t->whistle);
  g_assert_cmpint (t->state, ==, GW_STATE_DISPATCHED);
  g_assert_cmpstr (t->department_code, ==, second);
  g_assert_cmpuint (t->whistle_departments->len, ==, 2);
  g_assert_nonnull (gw_ticket_find_whistle_department (t, first));
  g_assert_false (gw_ticket_find_whistle_department (t, first)->lead);
  g_assert_true (gw_ticket_find_whistle_department (t, second)->lead);

  console_close (&console);
}

static void
test_bulk (void)
{
  Console console;
  g_autoptr(GArray) open = query_ids (county_path,
                                      "SELECT id FROM tickets WHERE state IN ('dispatched', 'signed', 'handling')"
                                      " AND urgency = 'normal' ORDER BY id", 2);
  g_autoptr(GArray) two = take (screened, 2, 2);
  g_autoptr(GArray) duplicates = NULL;
  g_autoptr(GwTicket) newer = NULL;
  g_autoptr(GwTicket) older = NULL;
  g_autofree char *department = query_text (county_path, "SELECT code FROM departments ORDER BY code");
  GwActionForm *form;

  console_open_local (&console);

  /* Supervise two tickets with one reason. */
  select_tickets (&console, open);
  g_assert_true (enabled (&console, "supervise"));
  g_assert_false (enabled (&console, "suspend"));   /* one ticket at a time */
  form = open_form (&console, "supervise");
  gtk_editable_set_text (form_child (form, "reason_row"), "超期未签收，请立即处理");
  g_assert_true (press_submit (&console, form));
  g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_APPLIED);
  for (guint i = 0; i < open->len; i++)
    {
      g_autoptr(GwTicket) t = read_ticket (county_path, g_array_index (open, gint64, i));

      g_assert_cmpint (t->supervise_count, >=, 1);
      g_assert_cmpint (t->urgency, ==, GW_URGENCY_URGENT);
      g_assert_cmpuint (count_audit (county_path, t->id, "supervise"), >=, 1);
    }

  /* Dispatch two tickets to one department. */
  select_tickets (&console, two);
  form = open_form (&console, "dispatch");
  g_assert_true (gw_action_form_select_department (form, department));
  g_assert_true (press_submit (&console, form));
  for (guint i = 0; i < two->len; i++)
    {
      g_autoptr(GwTicket) t = read_ticket (county_path, g_array_index (two, gint64, i));

      g_assert_cmpint (t->state, ==, GW_STATE_DISPATCHED);
      g_assert_cmpstr (t->department_code, ==, department);
    }

  /* Merge: the newer is merged into the older, whichever was selected first. */
  duplicates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (duplicates, g_array_index (reported, gint64, 3));
  g_array_append_val (duplicates, g_array_index (reported, gint64, 2));
  select_tickets (&console, duplicates);
  newer = read_ticket (county_path, g_array_index (duplicates, gint64, 0));
  older = read_ticket (county_path, g_array_index (duplicates, gint64, 1));
  g_assert_cmpint (newer->reported_at, >, older->reported_at);
  form = open_form (&console, "merge");
  g_assert_true (((GwTicket *) g_ptr_array_index (gw_action_form_get_tickets (form), 0))->id == older->id);
  g_assert_true (press_submit (&console, form));
  g_clear_pointer (&newer, gw_ticket_unref);
  newer = read_ticket (county_path, g_array_index (duplicates, gint64, 0));
  g_assert_cmpint (newer->state, ==, GW_STATE_REJECTED);
  g_assert_cmpint (newer->merged_into, ==, older->id);
  g_clear_pointer (&older, gw_ticket_unref);
  older = read_ticket (county_path, g_array_index (duplicates, gint64, 1));
  g_assert_cmpint (older->state, ==, GW_STATE_REPORTED);

  console_close (&console);
}

static void
test_new_ticket (void)
{
  Console console;
  g_autofree char *grid = query_text (county_path,
                                      "SELECT code FROM divisions WHERE level = 'grid' ORDER BY code LIMIT 1 OFFSET 3");
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GwTicket) t = NULL;
  GtkTextBuffer *buffer;
  GwActionForm *form;

  console_open_local (&console);
  form = open_form (&console, "new");
  g_assert_true (gw_action_form_is_report (form));

  /* Nothing chosen yet: the form asks for the category first. */
  g_assert_false (press_submit (&console, form));
  g_assert_cmpstr (gw_action_form_get_error (form), !=, "");

  g_assert_true (gw_action_form_select_category (form, "0101"));
  g_assert_true (gw_action_form_select_place (form, grid));
  gtk_editable_set_text (form_child (form, "reporter_row"), "王秀英");
  gtk_editable_set_text (form_child (form, "phone_row"), "13800001234");
  gtk_editable_set_text (form_child (form, "address_row"), "滨江路12号");
  adw_combo_row_set_selected (form_child (form, "urgency_row"), 1);
  buffer = gtk_text_view_get_buffer (form_child (form, "text_view"));
  gtk_text_buffer_set_text (buffer, "来电反映滨江路12号路边垃圾堆放三天无人清运", -1);
  screenshot (GTK_WIDGET (form), "form-new-ticket");
  g_assert_true (press_submit (&console, form));
  g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_APPLIED);

  ids = query_ids (county_path, "SELECT id FROM tickets WHERE reporter = '王秀英'", 1);
  t = read_ticket (county_path, g_array_index (ids, gint64, 0));
  g_assert_nonnull (strstr (console.message, t->number));
  g_assert_cmpint (t->state, ==, GW_STATE_REPORTED);
  g_assert_cmpint (t->source, ==, GW_SOURCE_HOTLINE);
  g_assert_cmpint (t->urgency, ==, GW_URGENCY_URGENT);
  g_assert_cmpint (t->level, ==, GW_LEVEL_DISTRICT);   /* the commander's own level */
  g_assert_cmpstr (t->category_code, ==, "0101");
  g_assert_cmpstr (t->divisions[GW_LEVEL_GRID], ==, grid);
  g_assert_cmpstr (t->reporter_phone, ==, "13800001234");
  g_assert_cmpstr (t->address, ==, "滨江路12号");
  g_assert_cmpint (t->reported_at, ==, NOW + 3600);
  g_assert_cmpuint (count_audit (county_path, t->id, "report"), ==, 1);

  console_close (&console);
}

static gboolean
map_has_area (gconstpointer data)
{
  GwPlaceMap *map = (GwPlaceMap *) data;

  return gw_place_map_has_area (map) && gtk_widget_get_width (GTK_WIDGET (map)) > 0;
}

typedef struct {
  GtkLabel   *label;
  const char *name;
} Located;

static gboolean
place_located (gconstpointer data)
{
  const Located *l = data;

  return strstr (gtk_label_get_label (l->label), l->name) != NULL;
}

/* A caller somewhere in a community: the officer finds the community, then clicks its map
 * where the caller is. The ticket lands at that point, in the grid holding it. */
static void
test_new_ticket_on_map (void)
{
  Console console;
  g_autofree char *community = query_text (county_path,
                                           "SELECT code FROM divisions WHERE level = 'community' ORDER BY code LIMIT 1 OFFSET 2");
  g_autofree char *sql = g_strdup_printf ("SELECT code FROM divisions WHERE level = 'grid' AND code LIKE '%s%%'"
                                          " ORDER BY code LIMIT 1 OFFSET 1", community);
  g_autofree char *target = query_text (county_path, sql);
  g_autoptr(GwDivision) target_grid = NULL;
  char *chain[GW_N_LEVELS] = { NULL };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  GwPlaceMap *map;
  GwActionForm *form;
  double lon, lat, x, y;

  console_open_local (&console);
  form = open_form (&console, "new");
  map = gw_action_form_get_place_map (form);
  g_assert_nonnull (map);
  /* Before a place: nothing to click. */
  g_assert_false (gw_place_map_pick (map, 10, 10));

  g_assert_true (gw_action_form_select_category (form, "0101"));
  g_assert_true (gw_action_form_select_place (form, community));
  wait_for (map_has_area, map, "the community's map");

  /* The caller is in the community's second grid: click where its label stands. */
  {
    g_autoptr(GwDb) db = open_db (county_path);
    target_grid = gw_db_get_division (db, target, &error);
    g_assert_no_error (error);
  }
  g_assert_true (gw_place_map_to_widget (map, target_grid->label_lon, target_grid->label_lat, &x, &y));
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (map)));
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (map)));
  g_assert_true (gw_place_map_to_lon_lat (map, x, y, &lon, &lat));
  g_assert_true (gw_place_map_pick (map, x, y));
  {
    /* The click went into the place box as the point, and the map keeps its view. */
    double shown_lon, shown_lat, again_lon, again_lat;
    g_autofree char *typed = g_strdup_printf ("%.6f, %.6f", lon, lat);

    g_assert_cmpstr (gtk_editable_get_text (form_child (form, "place_search")), ==, typed);
    g_assert_true (gw_place_map_get_point (map, &shown_lon, &shown_lat));
    /* Read back from the box: six decimals, a tenth of a metre. */
    g_assert_cmpfloat_with_epsilon (shown_lon, lon, 1e-6);
    g_assert_cmpfloat_with_epsilon (shown_lat, lat, 1e-6);
    g_assert_true (gw_place_map_to_lon_lat (map, x, y, &again_lon, &again_lat));
    g_assert_cmpfloat_with_epsilon (again_lon, lon, 1e-9);
    g_assert_cmpfloat_with_epsilon (again_lat, lat, 1e-9);
  }
  {
    /* The label names where the point is, as the core locates it. */
    g_autoptr(GwDb) db = open_db (county_path);
    g_autoptr(GwDivision) grid = NULL;

    g_assert_true (gw_db_locate (db, lon, lat, chain, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (chain[GW_LEVEL_GRID], ==, target);
    grid = gw_db_get_division (db, chain[GW_LEVEL_GRID], &error);
    g_assert_no_error (error);
    {
      /* Whatever the language, the line names the grid. */
      Located located = { form_child (form, "place_label"), grid->name };
      wait_for (place_located, &located, "the point to be located");
    }
  }
  screenshot (GTK_WIDGET (form), "form-new-ticket-map");
  gtk_editable_set_text (form_child (form, "reporter_row"), "赵立新");
  g_assert_true (press_submit (&console, form));
  g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_APPLIED);

  ids = query_ids (county_path, "SELECT id FROM tickets WHERE reporter = '赵立新'", 1);
  t = read_ticket (county_path, g_array_index (ids, gint64, 0));
  g_assert_cmpfloat_with_epsilon (t->lon, lon, 1e-6);
  g_assert_cmpfloat_with_epsilon (t->lat, lat, 1e-6);
  g_assert_cmpstr (t->divisions[GW_LEVEL_GRID], ==, chain[GW_LEVEL_GRID]);
  for (guint i = 0; i < GW_N_LEVELS; i++)
    g_free (chain[i]);

  console_close (&console);
}

/* Tests: a seat of a real gridwatchd --------------------------------------------------- */

typedef struct {
  gint64          ticket_id;
  GwActionOutcome outcome;
  char           *message;
  guint           count;
} Outcome;

static void
on_runner_outcome (GwActionRunner  *runner,
                   gint64           ticket_id,
                   GwActionOutcome  outcome,
                   const char      *message,
                   Outcome         *o)
{
  o->ticket_id = ticket_id;
  o->outcome = outcome;
  g_free (o->message);
  o->message = g_strdup (message);
  o->count++;
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_online (gconstpointer client)
{
  return gw_sync_client_get_state ((GwSyncClient *) client) == GW_SYNC_STATE_ONLINE;
}

static gboolean
has_outcome (gconstpointer o)
{
  return ((const Outcome *) o)->count > 0;
}

static void
on_submitted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  GwActionOutcome outcome = gw_action_runner_submit_finish (GW_ACTION_RUNNER (object), result, error);

  g_assert_cmpint (outcome, ==, GW_ACTION_OUTCOME_REFUSED);
  g_assert_nonnull (*error);
}

static void
test_seat (void)
{
  static const GwActor officer = { "梓潼值班员", GW_ROLE_STREET_OFFICER, STREET, GW_LEVEL_STREET, NULL };
  g_autofree char *server_path = g_build_filename (tmpdir, "server.db", NULL);
  g_autofree char *seat_path = g_build_filename (tmpdir, "seat.db", NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GwSyncClient) client = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) fresh = NULL;
  g_autoptr(GwTicket) before = NULL;
  g_autoptr(GwTicket) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  GwTestServer server;
  gboolean signed_in = FALSE;
  Outcome o = { 0, };
  Console console;
  GwActionForm *form;
  guint pending;

  {
    g_autoptr(GwDb) db = open_db (server_path);

    g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 3, NOW, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (gw_accounts_add_user (db, "officer1", officer.name, GW_ROLE_STREET_OFFICER, STREET, NULL,
                                         "password-1", &error));
    g_assert_no_error (error);
  }
  fresh = make_tickets (server_path, STREET, 1, GW_LEVEL_STREET, GW_STATE_REPORTED, NOW - 600);
  gw_test_server_start (&server, server_path, 0, NULL);
  uri = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  memset (&console, 0, sizeof console);
  console.store = open_store (seat_path);
  console.clock = gw_clock_new_manual (NOW + 3600);
  client = gw_sync_client_new (console.store, uri);
  gw_sync_client_sign_in_async (client, "officer1", "password-1", NULL, on_signed_in, &signed_in);
  wait_for (is_true, &signed_in, "the sign-in");
  gw_sync_client_start (client);
  wait_for (is_online, client, "the seat online");

  console_init (&console, gw_action_runner_new_seat (client, console.store, console.clock, &officer));
  g_assert_true (gw_action_runner_is_seat (console.runner));
  g_assert_true (enabled (&console, "new"));   /* a report goes through the outbox too */
  g_signal_connect (console.runner, "outcome", G_CALLBACK (on_runner_outcome), &o);

  /* Supervise through the form: pending when the form closes, applied when the server
   * answers. */
  ids = query_ids (seat_path,
                   "SELECT t.id FROM tickets t JOIN divisions d ON d.id = t.division_id"
                   " WHERE d.code LIKE '" STREET "%' AND t.state IN ('dispatched', 'signed', 'handling')"
                   " AND t.urgency = 'normal' AND t.level <> 'district' ORDER BY t.id", 1);
  before = read_ticket (seat_path, g_array_index (ids, gint64, 0));
  select_tickets (&console, ids);
  form = open_form (&console, "supervise");
  gtk_editable_set_text (form_child (form, "reason_row"), "请加快办理");
  g_assert_true (press_submit (&console, form));
  g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_PENDING);
  pending = gw_action_runner_get_pending_for_ticket (console.runner, before->id);
  g_assert_cmpuint (pending + o.count, ==, 1);   /* pending, unless already answered */

  wait_for (has_outcome, &o, "the server's answer");
  g_assert_cmpint (o.outcome, ==, GW_ACTION_OUTCOME_APPLIED);
  g_assert_cmpint (o.ticket_id, ==, before->id);
  g_assert_nonnull (strstr (o.message, before->number));
  g_assert_cmpuint (gw_action_runner_get_pending_for_ticket (console.runner, before->id), ==, 0);
  after = read_ticket (server_path, before->id);
  g_assert_cmpint (after->supervise_count, ==, before->supervise_count + 1);
  g_assert_cmpuint (count_audit (server_path, before->id, "supervise"), >=, 1);

  /* What the rules refuse is refused at once, without queueing. */
  {
    GwCommand close = { .action = GW_ACTION_CLOSE, .ticket_id = g_array_index (fresh, gint64, 0) };
    g_autoptr(GError) refused = NULL;
    g_autoptr(GwTicket) t = read_ticket (seat_path, close.ticket_id);
    g_autofree char *expected = refusal (t, &officer, GW_ACTION_CLOSE);

    gw_action_runner_submit_async (console.runner, &close, NULL, on_submitted, &refused);
    while (refused == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (refused->message, ==, expected);
    g_assert_cmpuint (gw_sync_client_get_pending (client), ==, 0);
  }

  /* A phone call: ticket.new on a seat is pending when the form closes, then applied with
   * the new ticket's number; the server holds it once and the seat's database has it. */
  {
    g_autofree char *grid = query_text (seat_path,
                                        "SELECT code FROM divisions WHERE level = 'grid'"
                                        " AND code LIKE '" STREET "%' ORDER BY code LIMIT 1 OFFSET 2");
    g_autoptr(GArray) reported_ids = NULL;
    g_autoptr(GwTicket) t = NULL;
    g_autoptr(GwTicket) copy = NULL;

    g_clear_pointer (&o.message, g_free);
    o.count = 0;
    form = open_form (&console, "new");
    g_assert_true (gw_action_form_is_report (form));
    g_assert_true (gw_action_form_select_category (form, "0101"));
    g_assert_true (gw_action_form_select_place (form, grid));
    gtk_editable_set_text (form_child (form, "reporter_row"), "李桂兰");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (form_child (form, "text_view")),
                              "来电反映小区门口垃圾堆放（席位受理）", -1);
    g_assert_true (press_submit (&console, form));
    g_assert_cmpint (console.outcome, ==, GW_ACTION_OUTCOME_PENDING);

    wait_for (has_outcome, &o, "the server's answer to the report");
    g_assert_cmpint (o.outcome, ==, GW_ACTION_OUTCOME_APPLIED);
    g_assert_cmpuint (o.count, ==, 1);
    reported_ids = query_ids (server_path, "SELECT id FROM tickets WHERE reporter = '李桂兰'", 1);
    t = read_ticket (server_path, g_array_index (reported_ids, gint64, 0));
    g_assert_cmpint (o.ticket_id, ==, t->id);
    g_assert_nonnull (strstr (o.message, t->number));
    g_assert_cmpint (t->state, ==, GW_STATE_REPORTED);
    g_assert_cmpint (t->source, ==, GW_SOURCE_HOTLINE);
    g_assert_cmpstr (t->divisions[GW_LEVEL_GRID], ==, grid);
    g_assert_cmpuint (count_audit (server_path, t->id, "report"), ==, 1);
    copy = read_ticket (seat_path, t->id);
    g_assert_cmpstr (copy->number, ==, t->number);
    g_assert_cmpuint (gw_sync_client_get_pending (client), ==, 0);
  }

  gw_sync_client_stop (client);
  gw_test_server_stop (&server, SIGTERM);
  g_free (o.message);
  console_close (&console);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
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
  county_path = g_build_filename (tmpdir, "county.db", NULL);
  {
    g_autoptr(GwDb) db = open_db (county_path);

    g_assert_true (gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, NOW, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  screened = make_tickets (county_path, STREET, 5, GW_LEVEL_STREET, GW_STATE_SCREENED, NOW - 7200);
  reported = make_tickets (county_path, STREET, 4, GW_LEVEL_GRID, GW_STATE_REPORTED, NOW - 3600);

  g_test_add_func ("/actions/dispatch", test_dispatch);
  g_test_add_func ("/actions/escalate", test_escalate);
  g_test_add_func ("/actions/refused", test_refused);
  g_test_add_func ("/actions/whistle", test_whistle);
  g_test_add_func ("/actions/bulk", test_bulk);
  g_test_add_func ("/actions/new-ticket", test_new_ticket);
  g_test_add_func ("/actions/new-ticket-on-map", test_new_ticket_on_map);
  if (g_getenv ("GW_SERVER_BIN"))
    g_test_add_func ("/actions/seat", test_seat);

  status = g_test_run ();

  test_util_remove_tree (tmpdir);
  g_array_unref (screened);
  g_array_unref (reported);
  g_free (county_path);
  g_free (tmpdir);
  return status;
}
