/* gw-server-drill.c: gridwatchd --drill. The drill's copy made and opened before the
 * server listens; the drill's state, clock and notes on the live feed; seats cut off by
 * NETWORK_DROP injections. /api/v1/drill is in gw-server-drill-api.c.
 *
 * Everything here runs on the main loop except the copy (a worker thread) and SQL (the
 * store's threads): a request is paused while its token is checked on a reader, and
 * answered from the GwDrill, which lives on the main context. */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-server-drill-private.h"
#include "gw-workflow.h"

/* How often the cut-off seats are looked at, and the drill's state sent again while it
 * runs (seats' clocks drift by no more than what this corrects). */
#define WATCH_MS          100
#define RESYNC_TICKS      100
/* Injections applied are told to the seats at most this often (a burst of a thousand
 * reports is one message, not a thousand). */
#define APPLIED_COALESCE_MS 1000

/* Setup -------------------------------------------------------------------------------- */

void
gw_server_drill_setup_free (GwServerDrillSetup *setup)
{
  if (setup == NULL)
    return;
  g_clear_pointer (&setup->scenario, gw_scenario_unref);
  g_free (setup->path);
  g_free (setup->run);
  g_clear_object (&setup->drill);
  g_clear_object (&setup->clock);
  if (setup->store)
    gw_store_close (setup->store);
  g_clear_object (&setup->store);
  g_free (setup);
}

typedef struct {
  char               *scenario_path;
  char               *county_path;
  char               *drill_path;
  GwServerDrillSetup *setup;
} SetupJob;

static void
setup_job_free (SetupJob *job)
{
  g_free (job->scenario_path);
  g_free (job->county_path);
  g_free (job->drill_path);
  gw_server_drill_setup_free (job->setup);
  g_free (job);
}

/* The division code of the county (the top of the hierarchy). */
static char *
county_code (GwDb    *db,
             GError **error)
{
  g_autoptr(GPtrArray) top = gw_db_list_divisions (db, GW_LEVEL_DISTRICT, error);

  if (top == NULL)
    return NULL;
  if (top->len == 0)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL, _("The drill’s database holds no county"));
      return NULL;
    }
  return g_strdup (((GwDivision *) g_ptr_array_index (top, 0))->code);
}

/* Every seat of the scenario can sign in: accounts the copy lacks are made. */
static gboolean
ensure_accounts (GwDb        *db,
                 GwScenario  *scenario,
                 GError     **error)
{
  g_autofree char *county = NULL;

  for (guint i = 0; i < scenario->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (scenario->seats, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GwUser) user = NULL;
      g_autofree char *username = g_strdup (seat->username ? seat->username : NULL);
      const char *division = seat->division_code;
      const char *title = gw_scenario_text_get (&seat->title);

      if (username == NULL)
        username = g_strconcat ("drill-", seat->id, NULL);
      user = gw_accounts_get_user (db, username, &local_error);
      if (user != NULL)
        continue;
      if (!g_error_matches (local_error, GW_ACCOUNTS_ERROR, GW_ACCOUNTS_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (seat->role == GW_ROLE_DEPARTMENT_HANDLER)
        division = NULL;
      else if (division == NULL)
        {
          if (county == NULL && (county = county_code (db, error)) == NULL)
            return FALSE;
          division = county;
        }
      if (!gw_accounts_add_drill_user (db, username, title ? title : seat->id, seat->role, division,
                                 seat->role == GW_ROLE_DEPARTMENT_HANDLER ? seat->department_code : NULL,
                                 seat->password ? seat->password : "drill", error))
        return FALSE;
    }
  return TRUE;
}

static void
setup_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SetupJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autofree char *path = NULL, *folder = NULL, *run = NULL;

  scenario = gw_scenario_new_from_file (job->scenario_path, NULL, &error);
  if (scenario == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = job->drill_path ? g_strdup (job->drill_path) : gw_drill_default_path (scenario->id);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot make the folder %s for the drill’s database"),
                               folder);
      return;
    }
  /* The county is only read: its bytes never change. */
  if (!gw_drill_prepare_database (job->county_path, path, scenario, &error) ||
      (db = gw_db_open (path, &error)) == NULL ||
      !gw_scenario_check_county (scenario, db, NULL, &error) ||
      !ensure_accounts (db, scenario, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!gw_db_is_drill (db))
    {
      g_task_return_new_error (task, GW_DRILL_ERROR, GW_DRILL_ERROR_NOT_DRILL,
                               _("%s was prepared but is not marked as a drill’s database"), path);
      return;
    }
  run = g_uuid_string_random ();
  if (!gw_db_set_meta (db, GW_SERVER_DRILL_META_RUN, run, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->setup = g_new0 (GwServerDrillSetup, 1);
  job->setup->scenario = g_steal_pointer (&scenario);
  job->setup->path = g_steal_pointer (&path);
  job->setup->run = g_steal_pointer (&run);
  g_task_return_boolean (task, TRUE);
}

static void
on_setup_store_opened (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetupJob *job = g_task_get_task_data (task);
  GwServerDrillSetup *setup = job->setup;
  g_autoptr(GError) error = NULL;

  if (!gw_store_open_finish (GW_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The server's clock is the drill's: paused at the scenario's first instant. */
  setup->clock = gw_clock_new_scaled (setup->scenario->start, 0.0);
  setup->drill = gw_drill_new (setup->store, setup->scenario, setup->clock);
  g_task_return_pointer (task, g_steal_pointer (&job->setup), (GDestroyNotify) gw_server_drill_setup_free);
}

static void
on_setup_prepared (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SetupJob *job = g_task_get_task_data (outer);
  GCancellable *cancellable = g_task_get_cancellable (outer);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  /* The store opens on the copy, never on the county. */
  job->setup->store = gw_store_new ();
  gw_store_open_async (job->setup->store, job->setup->path, cancellable, on_setup_store_opened,
                       g_steal_pointer (&outer));
}

void
gw_server_drill_setup_async (const char          *scenario_path,
                             const char          *county_path,
                             const char          *drill_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  SetupJob *job;

  g_return_if_fail (scenario_path != NULL);

  job = g_new0 (SetupJob, 1);
  job->scenario_path = g_strdup (scenario_path);
  job->county_path = g_strdup (county_path);
  job->drill_path = g_strdup (drill_path);
  outer = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (outer, gw_server_drill_setup_async);
  g_task_set_task_data (outer, job, (GDestroyNotify) setup_job_free);
  /* The inner task shares the job: the outer one owns it and outlives the thread. */
  inner = g_task_new (NULL, cancellable, on_setup_prepared, g_object_ref (outer));
  g_task_set_task_data (inner, job, NULL);
  g_task_run_in_thread (inner, setup_thread);
}

GwServerDrillSetup *
gw_server_drill_setup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The drill's state, as JSON ---------------------------------------------------------- */

static void
add_text (JsonBuilder          *b,
          const char           *member,
          const GwScenarioText *text)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "en");
  if (text->en)
    json_builder_add_string_value (b, text->en);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "zh_CN");
  if (text->zh_CN)
    json_builder_add_string_value (b, text->zh_CN);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

void
_gw_server_drill_add_time (JsonBuilder *b,
          const char  *member,
          gint64       when)
{
  g_autofree char *text = gw_json_format_time (when);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static const char *
seat_username (const GwScenarioSeat *seat,
               char                **owned)
{
  if (seat->username)
    return seat->username;
  *owned = g_strconcat ("drill-", seat->id, NULL);
  return *owned;
}

static gboolean
seat_online (GwServer   *server,
             const char *username)
{
  for (guint i = 0; i < server->live->len; i++)
    {
      LiveClient *c = g_ptr_array_index (server->live, i);
      if (c->user && g_strcmp0 (c->user->username, username) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The members of GET /api/v1/drill (and of the live feed's "drill" message). */
static void
add_state (GwServerDrill *d,
           JsonBuilder   *b)
{
  GwScenario *s = d->scenario;
  const GwInjection *next = gw_drill_get_next_injection (d->drill);
  gint64 now = gw_clock_get_now (d->clock);

  json_builder_set_member_name (b, "scenario");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, s->id);
  add_text (b, "title", &s->title);
  _gw_server_drill_add_time (b, "start", s->start);
  json_builder_set_member_name (b, "duration");
  json_builder_add_int_value (b, s->duration);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "run");
  json_builder_add_string_value (b, d->run);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, gw_drill_state_to_string (gw_drill_get_state (d->drill)));

  json_builder_set_member_name (b, "clock");
  json_builder_begin_object (b);
  _gw_server_drill_add_time (b, "now", now);
  json_builder_set_member_name (b, "now_unix");
  json_builder_add_int_value (b, now);
  json_builder_set_member_name (b, "speed");
  json_builder_add_double_value (b, gw_drill_get_speed (d->drill));
  json_builder_set_member_name (b, "rate");
  json_builder_add_double_value (b, gw_clock_get_speed (d->clock));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "injections");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "applied");
  json_builder_add_int_value (b, gw_drill_get_n_applied (d->drill));
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, s->injections->len);
  json_builder_set_member_name (b, "next");
  if (next == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, next->id);
      _gw_server_drill_add_time (b, "at", s->start + next->at);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, gw_injection_kind_to_string (next->kind));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "dropped");
  json_builder_begin_array (b);
  for (guint i = 0; d->dropped && d->dropped[i]; i++)
    json_builder_add_string_value (b, d->dropped[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "seats");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (s->seats, i);
      g_autofree char *owned = NULL;
      const char *username = seat_username (seat, &owned);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, seat->id);
      json_builder_set_member_name (b, "username");
      json_builder_add_string_value (b, username);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, gw_role_to_string (seat->role));
      json_builder_set_member_name (b, "division");
      if (seat->division_code)
        json_builder_add_string_value (b, seat->division_code);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "department");
      if (seat->department_code)
        json_builder_add_string_value (b, seat->department_code);
      else
        json_builder_add_null_value (b);
      add_text (b, "title", &seat->title);
      json_builder_set_member_name (b, "online");
      json_builder_add_boolean_value (b, seat_online (d->server, username));
      json_builder_set_member_name (b, "dropped");
      json_builder_add_boolean_value (b, d->dropped && g_strv_contains ((const char *const *) d->dropped, username));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
_gw_server_drill_state_json (GwServerDrill *d,
            const char    *type)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  if (type)
    {
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, type);
    }
  add_state (d, b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The live feed ------------------------------------------------------------------------- */

/* Drill messages go to every signed-in seat as they are: they are small, few, and not
 * part of the change log (nothing to acknowledge). */
static void
live_send_all (GwServer   *server,
               const char *text)
{
  for (guint i = 0; i < server->live->len; i++)
    {
      LiveClient *c = g_ptr_array_index (server->live, i);

      if (c->user && soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (c->conn, text);
    }
}

static void
broadcast_state (GwServerDrill *d)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&d->coalesce_id, g_source_remove);
  if (d->server->live->len == 0)
    return;
  node = _gw_server_drill_state_json (d, "drill");
  text = gw_json_to_string (node, FALSE);
  live_send_all (d->server, text);
}

static gboolean
on_coalesced (gpointer user_data)
{
  GwServerDrill *d = user_data;

  d->coalesce_id = 0;
  broadcast_state (d);
  return G_SOURCE_REMOVE;
}

static void
broadcast_soon (GwServerDrill *d)
{
  if (d->coalesce_id == 0)
    d->coalesce_id = g_timeout_add (APPLIED_COALESCE_MS, on_coalesced, d);
}

static void
on_drill_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  broadcast_state (user_data);
}

static void
on_clock_changed (GwClock  *clock,
                  gpointer  user_data)
{
  /* A jump (next) or a new speed: every seat's clock follows at once. */
  broadcast_state (user_data);
}

static void
on_applied (GwDrill            *drill,
            const GwDrillEvent *event,
            gpointer            user_data)
{
  GwServerDrill *d = user_data;

  /* The drill wrote tickets outside any request: the live feed carries them now, not at
   * the next once-a-second look at the change log. */
  gw_server_publish (d->server);
  broadcast_soon (d);
}

static void
on_note (GwDrill           *drill,
         const GwInjection *note,
         gpointer           user_data)
{
  GwServerDrill *d = user_data;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "drill_note");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, note->id);
  _gw_server_drill_add_time (b, "at", gw_clock_get_now (d->clock));
  add_text (b, "text", &note->text);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = gw_json_to_string (root, FALSE);
  live_send_all (d->server, text);
}

/* Closes the live feeds of these accounts: they are cut off. */
static void
cut_off (GwServer           *server,
         const char *const  *usernames)
{
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < server->live->len; i++)
    {
      LiveClient *c = g_ptr_array_index (server->live, i);

      if (c->user && g_strv_contains (usernames, c->user->username))
        g_ptr_array_add (conns, g_object_ref (c->conn));
    }
  for (guint i = 0; i < conns->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (conns, i);
      g_debug ("Drill: cutting the live feed of a seat off (network drop)");
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, GW_SERVER_DRILL_CLOSE_DROPPED, "network drop (drill)");
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Looks at who is cut off now; FALSE when that did not change. */
gboolean
_gw_server_drill_update_dropped (GwServerDrill *d)
{
  g_auto(GStrv) now = gw_drill_dup_dropped_users (d->drill);
  guint n = now ? g_strv_length (now) : 0;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  if (n == 0)
    g_clear_pointer (&now, g_strfreev);
  else
    qsort (now, n, sizeof (char *), compare_strings);
  if ((now == NULL && d->dropped == NULL) ||
      (now != NULL && d->dropped != NULL && g_strv_equal ((const char *const *) now, (const char *const *) d->dropped)))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (d->dropped == NULL || !g_strv_contains ((const char *const *) d->dropped, now[i]))
      g_ptr_array_add (added, now[i]);
  g_ptr_array_add (added, NULL);
  g_strfreev (d->dropped);
  d->dropped = g_steal_pointer (&now);
  if (added->len > 1)
    cut_off (d->server, (const char *const *) added->pdata);
  /* Every seat sees who is cut off (the controller's view of the drill). */
  broadcast_state (d);
  return TRUE;
}

static gboolean
on_watch (gpointer user_data)
{
  GwServerDrill *d = user_data;

  if (_gw_server_drill_update_dropped (d))
    d->ticks = 0;
  else if (++d->ticks >= RESYNC_TICKS)
    {
      /* Now and then the state again: seats' clocks are set from it. */
      d->ticks = 0;
      if (gw_drill_get_state (d->drill) == GW_DRILL_RUNNING)
        broadcast_state (d);
    }
  return G_SOURCE_CONTINUE;
}

void
_gw_server_drill_hello (GwServer   *server,
                        LiveClient *client)
{
  GwServerDrill *d = server->drill;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (d == NULL || client->user == NULL)
    return;
  _gw_server_drill_update_dropped (d);
  if (d->dropped && g_strv_contains ((const char *const *) d->dropped, client->user->username))
    {
      soup_websocket_connection_close (client->conn, GW_SERVER_DRILL_CLOSE_DROPPED, "network drop (drill)");
      return;
    }
  node = _gw_server_drill_state_json (d, "drill");
  text = gw_json_to_string (node, FALSE);
  soup_websocket_connection_send_text (client->conn, text);
}

GStrv
_gw_server_drill_dup_dropped (GwServer *server)
{
  if (server->drill == NULL)
    return NULL;
  /* As of now, not as of the last look. */
  _gw_server_drill_update_dropped (server->drill);
  return server->drill->dropped ? g_strdupv (server->drill->dropped) : NULL;
}

Reply *
_gw_server_drill_dropped_reply (void)
{
  return _gw_server_reply_error (503, "network_drop",
                                 _("This seat is cut off from the drill’s server for now (a network drop of the drill); it reconnects by itself when the drop ends"));
}

void
_gw_server_drill_free (GwServerDrill *d)
{
  if (d == NULL)
    return;
  g_clear_handle_id (&d->watch_id, g_source_remove);
  g_clear_handle_id (&d->coalesce_id, g_source_remove);
  g_clear_signal_handler (&d->state_id, d->drill);
  g_clear_signal_handler (&d->speed_id, d->drill);
  g_clear_signal_handler (&d->applied_id, d->drill);
  g_clear_signal_handler (&d->failed_id, d->drill);
  g_clear_signal_handler (&d->note_id, d->drill);
  g_clear_signal_handler (&d->clock_id, d->clock);
  g_clear_object (&d->drill);
  g_clear_object (&d->clock);
  g_clear_pointer (&d->scenario, gw_scenario_unref);
  g_free (d->run);
  g_strfreev (d->dropped);
  g_free (d);
}

void
gw_server_set_drill (GwServer   *self,
                     GwDrill    *drill,
                     const char *run)
{
  GwServerDrill *d;

  g_return_if_fail (GW_IS_SERVER (self));
  g_return_if_fail (GW_IS_DRILL (drill));
  g_return_if_fail (self->drill == NULL);

  d = g_new0 (GwServerDrill, 1);
  d->server = self;
  d->drill = g_object_ref (drill);
  d->scenario = gw_scenario_ref (gw_drill_get_scenario (drill));
  d->clock = g_object_ref (gw_drill_get_clock (drill));
  d->run = g_strdup (run ? run : "");
  d->state_id = g_signal_connect (drill, "notify::state", G_CALLBACK (on_drill_changed), d);
  d->speed_id = g_signal_connect (drill, "notify::speed", G_CALLBACK (on_drill_changed), d);
  d->applied_id = g_signal_connect (drill, "applied", G_CALLBACK (on_applied), d);
  d->failed_id = g_signal_connect (drill, "failed", G_CALLBACK (on_applied), d);
  d->note_id = g_signal_connect (drill, "note", G_CALLBACK (on_note), d);
  d->clock_id = g_signal_connect (d->clock, "changed", G_CALLBACK (on_clock_changed), d);
  d->watch_id = g_timeout_add (WATCH_MS, on_watch, d);
  self->drill = d;
}

