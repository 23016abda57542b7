/* gw-sync-drill.c: a seat in a drill (gw-sync-drill.h). The check of the seat against the
 * server at the start of every connection and the mark of a new drill seat; the drill's
 * state and clock from the live feed; the controller's commands and the wall's reports. */
#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-sync-client-private.h"

#define DRILL_MAX_CAMERAS 64

static guint note_signal;

static const char *const state_names[] = { "ready", "running", "paused", "ended", NULL };

G_DEFINE_BOXED_TYPE (GwSyncDrill, gw_sync_drill, gw_sync_drill_copy, gw_sync_drill_free)

GwSyncDrill *
gw_sync_drill_copy (const GwSyncDrill *drill)
{
  GwSyncDrill *copy;

  if (drill == NULL)
    return NULL;
  copy = g_memdup2 (drill, sizeof *drill);
  copy->scenario_id = g_strdup (drill->scenario_id);
  copy->title = g_strdup (drill->title);
  copy->run = g_strdup (drill->run);
  return copy;
}

void
gw_sync_drill_free (GwSyncDrill *drill)
{
  if (drill == NULL)
    return;
  g_free (drill->scenario_id);
  g_free (drill->title);
  g_free (drill->run);
  g_free (drill);
}

/* The drill's state as the server describes it ----------------------------------------- */

/* {"en": …, "zh_CN": …} in the UI's language. */
static char *
read_text (JsonObject *obj,
           const char *path,
           const char *member)
{
  JsonObject *text = NULL;
  GwScenarioText t = { NULL, NULL };
  char *out;

  if (!gw_json_get_object (obj, path, member, FALSE, &text, NULL) || text == NULL)
    return NULL;
  gw_json_get_string (text, member, "en", FALSE, &t.en, NULL);
  gw_json_get_string (text, member, "zh_CN", FALSE, &t.zh_CN, NULL);
  out = g_strdup (gw_scenario_text_get (&t));
  g_free (t.en);
  g_free (t.zh_CN);
  return out;
}

/* GET /api/v1/drill's answer, or the live feed's "drill" message. Members the seat does
 * not know are passed over: the server may say more than this seat reads. */
static GwSyncDrill *
parse_drill (JsonObject  *obj,
             GError     **error)
{
  g_autoptr(GwSyncDrill) d = g_new0 (GwSyncDrill, 1);
  JsonObject *scenario = NULL, *clock = NULL, *injections = NULL;
  gint64 applied = 0, total = 0;
  guint state = 0;

  if (!gw_json_get_object (obj, "drill", "scenario", TRUE, &scenario, error) ||
      !gw_json_get_string (scenario, "drill.scenario", "id", TRUE, &d->scenario_id, error) ||
      !gw_json_get_string (obj, "drill", "run", FALSE, &d->run, error) ||
      !gw_json_get_enum (obj, "drill", "state", TRUE, state_names, &state, error) ||
      !gw_json_get_object (obj, "drill", "clock", TRUE, &clock, error) ||
      !gw_json_get_int (clock, "drill.clock", "now_unix", TRUE, &d->now, error) ||
      !gw_json_get_double (clock, "drill.clock", "speed", TRUE, &d->speed, error) ||
      !gw_json_get_double (clock, "drill.clock", "rate", TRUE, &d->rate, error) ||
      !gw_json_get_object (obj, "drill", "injections", FALSE, &injections, error) ||
      (injections &&
       (!gw_json_get_int (injections, "drill.injections", "applied", FALSE, &applied, error) ||
        !gw_json_get_int (injections, "drill.injections", "total", FALSE, &total, error))))
    return NULL;
  if (d->rate < 0 || d->rate > 1000 || d->speed < 0 || d->speed > 1000)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, _("drill.clock: a speed out of range"));
      return NULL;
    }
  d->title = read_text (scenario, "drill.scenario", "title");
  if (d->title == NULL)
    d->title = g_strdup (d->scenario_id);
  d->state = state;
  d->applied = (guint) CLAMP (applied, 0, G_MAXUINT);
  d->total = (guint) CLAMP (total, 0, G_MAXUINT);
  d->received_at = g_get_monotonic_time ();
  return g_steal_pointer (&d);
}

/* The seat's clock follows the drill's: made when the drill is first heard of, then set
 * whenever it has drifted by more than a second or its rate changed. */
static void
follow_clock (GwSyncClient      *self,
              const GwSyncDrill *d,
              gboolean           first)
{
  if (first)
    {
      g_set_object (&self->clock, NULL);
      self->clock = gw_clock_new_scaled (d->now, d->rate);
      g_object_notify (G_OBJECT (self), "clock");
      return;
    }
  if (gw_clock_get_speed (self->clock) != d->rate)
    gw_clock_set_speed (self->clock, d->rate);
  if (ABS (gw_clock_get_now (self->clock) - d->now) > (d->rate > 0 ? 1 : 0))
    gw_clock_set_now (self->clock, d->now);
}

static void
set_drill (GwSyncClient *self,
           GwSyncDrill  *drill)
{
  gboolean first = self->drill == NULL;

  gw_sync_drill_free (self->drill);
  self->drill = drill;
  follow_clock (self, drill, first);
  g_object_notify (G_OBJECT (self), "drill");
}

/* The check of the seat ------------------------------------------------------------------ */

static void
refuse (GwSyncClient *self,
        const char   *message)
{
  g_message ("The seat stops: %s", message);
  gw_sync_client_stop (self);
  g_free (self->refusal);
  self->refusal = g_strdup (message);
  g_object_notify (G_OBJECT (self), "refusal");
}

typedef struct {
  char *scenario;
  char *title;
  char *run;
} Mark;

static void
mark_free (Mark *m)
{
  g_free (m->scenario);
  g_free (m->title);
  g_free (m->run);
  g_free (m);
}

/* Marks the seat's file as the drill's (store thread). */
static gpointer
mark_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  Mark *m = data;

  if (!gw_db_begin (db, error))
    return NULL;
  if (!gw_db_set_meta (db, GW_DRILL_META_SCENARIO, m->scenario, error) ||
      !gw_db_set_meta (db, GW_DRILL_META_TITLE, m->title, error) ||
      (m->run && !gw_db_set_meta (db, GW_SYNC_META_DRILL_RUN, m->run, error)) ||
      !gw_db_commit (db, error))
    {
      gw_db_rollback (db);
      return NULL;
    }
  return GINT_TO_POINTER (1);
}

typedef struct {
  GwSyncClient *self;
  GwSyncSeat   *seat;
} Check;

static void
check_free (Check *c)
{
  g_clear_object (&c->self);
  _gw_sync_seat_free (c->seat);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
on_marked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Check) c = user_data;
  GwSyncClient *self = c->self;
  g_autoptr(GError) error = NULL;

  if (gw_store_run_finish (GW_STORE (object), result, &error) == NULL)
    {
      if (!_gw_sync_client_is_current (self, result))
        return;
      if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_warning ("Cannot mark the seat as the drill’s: %s", error->message);
      _gw_sync_client_fail (self, error);
      return;
    }
  if (!_gw_sync_client_is_current (self, result))
    return;
  _gw_sync_client_seat_checked (self, g_steal_pointer (&c->seat));
}

/* The drill's title as its copy keeps it (meta drill.title): the county's language first. */
static char *
title_zh_first (JsonObject *answer)
{
  JsonObject *scenario = NULL, *title = NULL;
  char *text = NULL;

  if (gw_json_get_object (answer, "drill", "scenario", FALSE, &scenario, NULL) && scenario &&
      gw_json_get_object (scenario, "drill.scenario", "title", FALSE, &title, NULL) && title &&
      !gw_json_get_string (title, "title", "zh_CN", FALSE, &text, NULL))
    g_clear_pointer (&text, g_free);
  if (text == NULL && title)
    gw_json_get_string (title, "title", "en", FALSE, &text, NULL);
  return text;
}

static gboolean
empty (const char *s)
{
  return s == NULL || *s == '\0';
}

/* Why the seat and the server do not belong together, or NULL when they do. */
static char *
mismatch (const GwSyncSeat  *seat,
          const GwSyncDrill *drill)
{
  const char *own = empty (seat->drill_title) ? seat->drill_scenario : seat->drill_title;

  if (empty (seat->drill_scenario))
    {
      if (drill != NULL && seat->used)
        return g_strdup_printf (_("This seat’s file holds a real county’s tickets: it cannot join the drill “%s”. "
                                  "Join the drill with a new seat file."), drill->title);
      return NULL;
    }
  if (drill == NULL)
    return g_strdup_printf (_("This seat’s file belongs to the drill “%s”: it cannot be used with a real server. "
                              "Use the seat’s own file, or a new one."), own);
  if (g_strcmp0 (seat->drill_scenario, drill->scenario_id) != 0)
    return g_strdup_printf (_("This seat’s file belongs to the drill “%s”, not to “%s”: join this drill with a new seat file."),
                            own, drill->title);
  if (!empty (seat->drill_run) && !empty (drill->run) && g_strcmp0 (seat->drill_run, drill->run) != 0)
    return g_strdup_printf (_("This seat’s file belongs to an earlier run of the drill “%s”: join this run with a new seat file."),
                            drill->title);
  return NULL;
}

static void
on_drill_checked (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Check) c = user_data;
  GwSyncClient *self = c->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  g_autoptr(GwSyncDrill) drill = NULL;
  g_autofree char *why = NULL;
  JsonObject *obj = NULL;

  if (!_gw_sync_client_is_current (self, result))
    return;
  if (a == NULL)
    {
      _gw_sync_client_fail (self, error);
      return;
    }
  if (a->status == SOUP_STATUS_UNAUTHORIZED)
    {
      _gw_sync_client_signed_out (self);
      return;
    }
  if (a->status != SOUP_STATUS_NOT_FOUND && !SOUP_STATUS_IS_SUCCESSFUL (a->status))
    {
      /* A seat cut off by the drill (503) tries again later, like any failure. */
      g_autofree char *message = _gw_sync_answer_message (a);
      g_autoptr(GError) server_error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, message);
      _gw_sync_client_fail (self, server_error);
      return;
    }
  /* 404: the server runs no drill (or predates drills). */
  if (a->status != SOUP_STATUS_NOT_FOUND &&
      (!(obj = gw_json_require_object (a->json, "drill", &error)) || !(drill = parse_drill (obj, &error))))
    {
      _gw_sync_client_protocol_error (self, error);
      return;
    }
  why = mismatch (c->seat, drill);
  if (why != NULL)
    {
      refuse (self, why);
      return;
    }
  _gw_sync_client_answered_ok (self);
  if (!_gw_sync_client_is_current (self, result))
    return;
  if (self->refusal)
    {
      g_clear_pointer (&self->refusal, g_free);
      g_object_notify (G_OBJECT (self), "refusal");
    }
  if (drill == NULL)
    {
      _gw_sync_client_seat_checked (self, g_steal_pointer (&c->seat));
      return;
    }
  set_drill (self, gw_sync_drill_copy (drill));
  if (empty (c->seat->drill_scenario))
    {
      /* A new seat joins the drill: its file says so before anything of the drill is in it. */
      Mark *m = g_new0 (Mark, 1);

      m->scenario = g_strdup (drill->scenario_id);
      m->title = title_zh_first (obj);
      if (m->title == NULL)
        m->title = g_strdup (drill->title);
      m->run = g_strdup (drill->run);
      gw_store_run_async (self->store, mark_func, m, (GDestroyNotify) mark_free, NULL, self->cycle,
                          on_marked, g_steal_pointer (&c));
      return;
    }
  _gw_sync_client_seat_checked (self, g_steal_pointer (&c->seat));
}

void
_gw_sync_drill_check (GwSyncClient *self,
                      GwSyncSeat   *seat)
{
  Check *c = g_new0 (Check, 1);

  c->self = g_object_ref (self);
  c->seat = seat;
  _gw_sync_rest_async (self, "GET", "/api/v1/drill", NULL, TRUE, self->cycle, on_drill_checked, c);
}

/* The same check at a sign-in, before its session is kept in the seat's file. */

typedef struct {
  char       *token;
  GwSyncSeat *seat;
} SignInCheck;

static void
sign_in_check_free (SignInCheck *c)
{
  g_free (c->token);
  _gw_sync_seat_free (c->seat);
  g_free (c);
}

static void
on_sign_in_drill (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  SignInCheck *c = g_task_get_task_data (task);
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, NULL);
  g_autoptr(GwSyncDrill) drill = NULL;
  g_autofree char *why = NULL;
  JsonObject *obj;

  /* Nothing settled (no answer, an error of the server): the connection checks again. */
  if (a == NULL || (a->status != SOUP_STATUS_NOT_FOUND && !SOUP_STATUS_IS_SUCCESSFUL (a->status)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (a->status != SOUP_STATUS_NOT_FOUND &&
      (!(obj = gw_json_require_object (a->json, "drill", NULL)) || !(drill = parse_drill (obj, NULL))))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  why = mismatch (c->seat, drill);
  if (why == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_free (self->refusal);
  self->refusal = g_strdup (why);
  g_object_notify (G_OBJECT (self), "refusal");
  g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_DENIED, "%s", why);
}

static void
on_sign_in_seat (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  SignInCheck *c = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  c->seat = gw_store_run_finish (GW_STORE (object), result, &error);
  if (c->seat == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _gw_sync_rest_token_async (self, "GET", "/api/v1/drill", c->token, cancellable, on_sign_in_drill,
                             g_steal_pointer (&task));
}

void
_gw_sync_drill_check_sign_in_async (GwSyncClient        *self,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SignInCheck *c = g_new0 (SignInCheck, 1);

  g_task_set_source_tag (task, _gw_sync_drill_check_sign_in_async);
  c->token = g_strdup (token);
  g_task_set_task_data (task, c, (GDestroyNotify) sign_in_check_free);
  gw_store_run_async (self->store, _gw_sync_load_seat, NULL, NULL, (GDestroyNotify) _gw_sync_seat_free,
                      cancellable, on_sign_in_seat, task);
}

gboolean
_gw_sync_drill_check_sign_in_finish (GwSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The live feed ------------------------------------------------------------------------ */

void
_gw_sync_drill_live_message (GwSyncClient *self,
                             const char   *kind,
                             JsonObject   *message)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (kind, "drill"))
    {
      GwSyncDrill *drill = parse_drill (message, &error);

      if (drill == NULL)
        {
          _gw_sync_client_protocol_error (self, error);
          return;
        }
      set_drill (self, drill);
    }
  else
    {
      g_autofree char *id = NULL, *text = NULL;

      if (!gw_json_get_string (message, "drill_note", "id", TRUE, &id, &error))
        {
          _gw_sync_client_protocol_error (self, error);
          return;
        }
      text = read_text (message, "drill_note", "text");
      g_signal_emit (self, note_signal, 0, id, text ? text : "");
    }
}

/* The controller's commands and the wall's reports ------------------------------------- */

static void
on_command_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);
  JsonObject *obj;

  if (a == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER,
                               /* TRANSLATORS: %s is why the server could not be reached */
                               _("Cannot reach the server: %s"), error->message);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (a->status))
    {
      g_autofree char *message = _gw_sync_answer_message (a);

      g_task_return_new_error (task, GW_SYNC_ERROR,
                               a->status >= 400 && a->status < 500 && a->status != 401 ? GW_SYNC_ERROR_INVALID
                                                                                        : GW_SYNC_ERROR_SERVER,
                               "%s", message);
      return;
    }
  if (a->json == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, _("The server’s answer is empty"));
      return;
    }
  /* A command answers with the drill's new state: the seat knows it at once. */
  if (JSON_NODE_HOLDS_OBJECT (a->json) && self->drill != NULL &&
      json_object_has_member ((obj = json_node_get_object (a->json)), "state"))
    {
      GwSyncDrill *drill = parse_drill (obj, NULL);
      if (drill)
        set_drill (self, drill);
    }
  g_task_return_pointer (task, json_node_ref (a->json), (GDestroyNotify) json_node_unref);
}

static const char *const commands[] = { "start", "pause", "next", "end", "speed", "inject", NULL };

void
gw_sync_client_drill_command_async (GwSyncClient        *self,
                                    const char          *command,
                                    double               speed,
                                    JsonNode            *injection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL, *body = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_drill_command_async);
  if (!g_strv_contains (commands, command))
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                               _("“%s” is not a command of the drill (start, pause, next, end, speed, inject)"), command);
      return;
    }
  if (self->token == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("Sign in first"));
      return;
    }
  if (g_str_equal (command, "speed"))
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      body = g_strdup_printf ("{\"speed\":%s}", g_ascii_dtostr (number, sizeof number, speed));
    }
  else if (g_str_equal (command, "inject"))
    {
      if (injection == NULL || !JSON_NODE_HOLDS_OBJECT (injection))
        {
          g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, _("An injection is a JSON object"));
          return;
        }
      body = gw_json_to_string (injection, FALSE);
    }
  else
    body = g_strdup ("{}");
  path = g_strconcat ("/api/v1/drill/", command, NULL);
  _gw_sync_rest_async (self, "POST", path, body, TRUE, cancellable, on_command_answer, g_steal_pointer (&task));
}

JsonNode *
gw_sync_client_drill_command_finish (GwSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_wall_answer (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncAnswer) a = _gw_sync_rest_finish (result, &error);

  if (a == NULL)
    g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("Cannot reach the server: %s"), error->message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (a->status))
    {
      g_autofree char *message = _gw_sync_answer_message (a);

      g_task_return_new_error (task, GW_SYNC_ERROR,
                               a->status >= 400 && a->status < 500 && a->status != 401 ? GW_SYNC_ERROR_INVALID
                                                                                        : GW_SYNC_ERROR_SERVER,
                               "%s", message);
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
gw_sync_client_report_wall_async (GwSyncClient        *self,
                                  gint64               ticket_id,
                                  const char *const   *camera_ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  guint n = camera_ids ? g_strv_length ((char **) camera_ids) : 0;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_client_report_wall_async);
  if (n == 0 || n > DRILL_MAX_CAMERAS || ticket_id <= 0)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                               _("A wall report names a ticket and 1 to %d cameras"), DRILL_MAX_CAMERAS);
      return;
    }
  if (self->token == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_SERVER, _("Sign in first"));
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "wall");
  json_builder_set_member_name (b, "ticket_id");
  json_builder_add_int_value (b, ticket_id);
  json_builder_set_member_name (b, "cameras");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_string_value (b, camera_ids[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = gw_json_to_string (root, FALSE);
  _gw_sync_rest_async (self, "POST", "/api/v1/drill/events", body, TRUE, cancellable, on_wall_answer,
                       g_steal_pointer (&task));
}

gboolean
gw_sync_client_report_wall_finish (GwSyncClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The object's part ---------------------------------------------------------------------- */

const GwSyncDrill *
gw_sync_client_get_drill (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  return self->drill;
}

GwClock *
gw_sync_client_get_clock (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  return self->clock;
}

const char *
gw_sync_client_get_refusal (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  return self->refusal;
}

void
_gw_sync_drill_class_init (GObjectClass *klass)
{
  note_signal = g_signal_new ("drill-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                              G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

void
_gw_sync_drill_init (GwSyncClient *self)
{
  self->clock = gw_clock_new_real ();
}

void
_gw_sync_drill_finalize (GwSyncClient *self)
{
  g_clear_pointer (&self->drill, gw_sync_drill_free);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->refusal, g_free);
}
