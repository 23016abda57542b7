/* gw-server-drill-api.c: /api/v1/drill — the drill's state, the controller's commands
 * (commanders and the district center), ad-hoc injections, seats' reports (cameras on a
 * wall), the drill log and the score. Each request is paused while its token is checked
 * on a reader of the store, then answered from the GwDrill on the main loop (docs/API.md,
 * "Drills"). */
#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-drill-score.h"
#include "gw-json.h"
#include "gw-server-drill-private.h"
#include "gw-workflow.h"

#define DRILL_PATH        "/api/v1/drill"
#define LOG_PAGE_DEFAULT  1000
#define LOG_PAGE_MAX      5000
#define WALL_MAX_CAMERAS  64
#define WALL_MAX_ID       64

/* /api/v1/drill ---------------------------------------------------------------------- */

typedef enum {
  DRILL_STATE,
  DRILL_LOG,
  DRILL_SCORE,
  DRILL_START,
  DRILL_PAUSE,
  DRILL_NEXT,
  DRILL_END,
  DRILL_SPEED,
  DRILL_INJECT,
  DRILL_EVENTS,
} DrillRoute;

static const struct {
  const char *name;
  DrillRoute  route;
  gboolean    post;
  gboolean    controller;   /* commanders and the district center only */
} routes[] = {
  { "",       DRILL_STATE,  FALSE, FALSE },
  { "log",    DRILL_LOG,    FALSE, FALSE },
  { "score",  DRILL_SCORE,  FALSE, FALSE },
  { "start",  DRILL_START,  TRUE,  TRUE },
  { "pause",  DRILL_PAUSE,  TRUE,  TRUE },
  { "next",   DRILL_NEXT,   TRUE,  TRUE },
  { "end",    DRILL_END,    TRUE,  TRUE },
  { "speed",  DRILL_SPEED,  TRUE,  TRUE },
  { "inject", DRILL_INJECT, TRUE,  TRUE },
  { "events", DRILL_EVENTS, TRUE,  FALSE },
};

typedef struct {
  GwServer          *server;
  SoupServerMessage *msg;
  guint              route;      /* index into routes */
  char              *token;
  JsonNode          *body;       /* POST: the body, NULL when empty */
  GHashTable        *query;
  gint64             now;
  GwUser            *user;
  struct _EventJob  *event;      /* POST events: what is written */
} DrillRequest;

static void event_job_free (struct _EventJob *job);

static void
drill_request_free (DrillRequest *r)
{
  g_clear_pointer (&r->event, event_job_free);
  g_clear_object (&r->server);
  g_clear_object (&r->msg);
  g_free (r->token);
  g_clear_pointer (&r->body, json_node_unref);
  g_clear_pointer (&r->query, g_hash_table_unref);
  g_clear_pointer (&r->user, gw_user_free);
  g_free (r);
}

static void
send_reply (SoupServerMessage *msg,
            Reply             *reply)
{
  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->body)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                    reply->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
    }
  g_free (reply->content_type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}

/* Answers a paused request and lets it go. */
static void
finish (DrillRequest *r,
        Reply        *reply)
{
  send_reply (r->msg, reply);
  soup_server_message_unpause (r->msg);
  drill_request_free (r);
}

static void
finish_json (DrillRequest *r,
             guint         status,
             JsonNode     *node)
{
  finish (r, _gw_server_reply_json (status, node));
}

static Reply *
reply_drill_error (const GError *error)
{
  if (error->domain == GW_DRILL_ERROR)
    switch ((GwDrillError) error->code)
      {
      case GW_DRILL_ERROR_STATE:
        return _gw_server_reply_error (409, "wrong_state", error->message);
      case GW_DRILL_ERROR_INJECTION:
        return _gw_server_reply_error (409, "injection", error->message);
      case GW_DRILL_ERROR_INVALID:
        return _gw_server_reply_error (400, "invalid", error->message);
      case GW_DRILL_ERROR_NOT_DRILL:
      case GW_DRILL_ERROR_SAME_FILE:
      default:
        return _gw_server_reply_error (500, NULL, error->message);
      }
  if (error->domain == GW_SCENARIO_ERROR)
    return _gw_server_reply_error (400, "invalid", error->message);
  if (g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
    return _gw_server_reply_error (503, NULL, error->message);
  return _gw_server_reply_gerror (error);
}

static gboolean
check_query (GHashTable         *query,
             const char *const  *allowed,
             Reply             **reply)
{
  GHashTableIter iter;
  gpointer key;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (allowed == NULL || !g_strv_contains (allowed, key))
      {
        g_autofree char *name = g_utf8_make_valid (key, -1);
        g_autofree char *message = g_strdup_printf (_("query parameter “%s”: unknown here"), name);
        *reply = _gw_server_reply_error (400, "query", message);
        return FALSE;
      }
  return TRUE;
}

/* The controller's commands ------------------------------------------------------------ */

static const char *const no_members[] = { NULL };
static const char *const speed_members[] = { "speed", NULL };
static const char *const event_members[] = { "kind", "ticket_id", "cameras", NULL };
static const char *const log_parameters[] = { "after", "limit", NULL };

/* A command without fields takes an empty body or {}. */
static gboolean
check_no_body (DrillRequest  *r,
               Reply        **reply)
{
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  if (r->body == NULL)
    return TRUE;
  if (!(obj = gw_json_require_object (r->body, "body", &error)) ||
      !gw_json_check_members (obj, "body", no_members, &error))
    {
      *reply = _gw_server_reply_gerror (error);
      return FALSE;
    }
  return TRUE;
}

static void
answer_state (DrillRequest *r,
              guint         status)
{
  g_autoptr(JsonNode) node = _gw_server_drill_state_json (r->server->drill, NULL);

  finish_json (r, status, node);
}

static void
on_injected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DrillRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = gw_drill_inject_finish (GW_DRILL (object), result, &error);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwInjection) injection = g_object_steal_data (G_OBJECT (r->msg), "gw-injection");

  if (error != NULL)
    {
      finish (r, reply_drill_error (error));
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "injection");
  json_builder_add_value (b, injection ? gw_injection_to_json (injection) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (b, "ticket_id");
  if (ticket_id > 0)
    json_builder_add_int_value (b, ticket_id);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  finish_json (r, 201, root);
}

static void
do_command (DrillRequest *r)
{
  GwServerDrill *d = r->server->drill;
  g_autoptr(GError) error = NULL;
  const char *actor = r->user->username;
  Reply *reply = NULL;
  gboolean ok = FALSE;

  switch (routes[r->route].route)
    {
    case DRILL_START:
    case DRILL_PAUSE:
    case DRILL_NEXT:
    case DRILL_END:
      if (!check_no_body (r, &reply))
        {
          finish (r, reply);
          return;
        }
      switch (routes[r->route].route)
        {
        case DRILL_START: ok = gw_drill_start (d->drill, actor, &error); break;
        case DRILL_PAUSE: ok = gw_drill_pause (d->drill, actor, &error); break;
        case DRILL_NEXT:  ok = gw_drill_next (d->drill, actor, &error); break;
        case DRILL_END:   ok = gw_drill_end (d->drill, actor, &error); break;
        default: g_assert_not_reached ();
        }
      break;

    case DRILL_SPEED:
      {
        JsonObject *obj;
        double speed = 0;

        if (r->body == NULL)
          {
            finish (r, _gw_server_reply_error (400, "json", _("body: send {\"speed\": N}, N from 1 to 60")));
            return;
          }
        if (!(obj = gw_json_require_object (r->body, "body", &error)) ||
            !gw_json_check_members (obj, "body", speed_members, &error) ||
            !gw_json_get_double (obj, "body", "speed", TRUE, &speed, &error))
          {
            finish (r, _gw_server_reply_gerror (error));
            return;
          }
        if (!(speed >= GW_SCENARIO_MIN_SPEED && speed <= GW_SCENARIO_MAX_SPEED))
          {
            g_autofree char *message = g_strdup_printf (_("body.speed: must be from %g to %g (times real time)"),
                                                        GW_SCENARIO_MIN_SPEED, GW_SCENARIO_MAX_SPEED);
            finish (r, _gw_server_reply_error (400, "json", message));
            return;
          }
        ok = gw_drill_set_speed (d->drill, speed, actor, &error);
      }
      break;

    case DRILL_INJECT:
      {
        GwInjection *injection;

        if (r->body == NULL)
          {
            finish (r, _gw_server_reply_error (400, "json", _("body: send one injection as in a scenario file")));
            return;
          }
        injection = gw_injection_new_from_json (r->body, d->scenario, &error);
        if (injection == NULL)
          {
            finish (r, reply_drill_error (error));
            return;
          }
        g_object_set_data_full (G_OBJECT (r->msg), "gw-injection", injection, (GDestroyNotify) gw_injection_free);
        gw_drill_inject_async (d->drill, injection, actor, NULL, on_injected, r);
        return;
      }

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    finish (r, reply_drill_error (error));
  else
    answer_state (r, 200);
}

/* Seats' reports ------------------------------------------------------------------------ */

typedef struct _EventJob {
  GwUser       *user;
  GwDrillEvent  event;
} EventJob;

static void
event_job_free (EventJob *job)
{
  g_clear_pointer (&job->user, gw_user_free);
  g_free (job->event.ref);
  g_free (job->event.actor);
  g_free (job->event.payload);
  g_free (job);
}

static gpointer
add_event_func (GwDb     *db,
                gpointer  data,
                GError  **error)
{
  EventJob *job = data;
  g_autoptr(GwTicket) t = gw_db_get_ticket (db, job->event.ticket_id, NULL);
  GwActor actor = gw_user_as_actor (job->user);

  /* A ticket the seat may not read is as absent as one that does not exist. */
  if (t == NULL || !gw_workflow_can_see (t, &actor))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No ticket has the id %lld"),
                   (long long) job->event.ticket_id);
      return NULL;
    }
  if (!gw_db_add_drill_event (db, &job->event, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
on_event_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DrillRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  EventJob *job = r->event;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) payload = NULL;

  if (gw_store_run_finish (GW_STORE (object), result, &error) == NULL)
    {
      finish (r, reply_drill_error (error));
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, gw_drill_event_kind_to_string (job->event.kind));
  json_builder_set_member_name (b, "ref");
  json_builder_add_string_value (b, job->event.ref);
  _gw_server_drill_add_time (b, "at", job->event.at);
  json_builder_set_member_name (b, "ticket_id");
  json_builder_add_int_value (b, job->event.ticket_id);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, job->event.actor);
  payload = gw_json_parse (job->event.payload, -1, 4, NULL);
  json_builder_set_member_name (b, "payload");
  json_builder_add_value (b, g_steal_pointer (&payload));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  finish_json (r, 201, root);
}

static gboolean
is_camera_id (const char *id)
{
  gsize n = strlen (id);

  if (n == 0 || n > WALL_MAX_ID)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
do_event (DrillRequest *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) payload = NULL;
  JsonArray *cameras = NULL;
  JsonObject *obj;
  gint64 ticket_id = 0;
  EventJob *job;
  guint n;

  if (r->body == NULL)
    {
      finish (r, _gw_server_reply_error (400, "json", _("body: send {\"kind\": \"wall\", \"ticket_id\": N, \"cameras\": […]}")));
      return;
    }
  if (!(obj = gw_json_require_object (r->body, "body", &error)) ||
      !gw_json_check_members (obj, "body", event_members, &error) ||
      !gw_json_get_string (obj, "body", "kind", TRUE, &kind, &error) ||
      !gw_json_get_int (obj, "body", "ticket_id", TRUE, &ticket_id, &error) ||
      !gw_json_get_array (obj, "body", "cameras", TRUE, &cameras, &error))
    {
      finish (r, _gw_server_reply_gerror (error));
      return;
    }
  if (!g_str_equal (kind, "wall"))
    {
      finish (r, _gw_server_reply_error (400, "json", _("body.kind: the only event a seat reports is “wall” (cameras on its video wall)")));
      return;
    }
  if (ticket_id <= 0)
    {
      finish (r, _gw_server_reply_error (400, "json", _("body.ticket_id: expected a ticket’s id")));
      return;
    }
  n = json_array_get_length (cameras);
  if (n == 0 || n > WALL_MAX_CAMERAS)
    {
      g_autofree char *message = g_strdup_printf (_("body.cameras: expected 1 to %d camera ids"), WALL_MAX_CAMERAS);
      finish (r, _gw_server_reply_error (400, "json", message));
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cameras");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (cameras, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          !is_camera_id (json_node_get_string (e)))
        {
          g_autofree char *message = g_strdup_printf (_("body.cameras[%u]: expected a camera’s id (letters, digits, “-” or “_”, at most %d)"),
                                                      i, WALL_MAX_ID);
          finish (r, _gw_server_reply_error (400, "json", message));
          return;
        }
      json_builder_add_string_value (b, json_node_get_string (e));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  payload = json_builder_get_root (b);

  job = g_new0 (EventJob, 1);
  job->user = g_steal_pointer (&r->user);
  job->event.at = gw_clock_get_now (r->server->drill->clock);
  job->event.kind = GW_DRILL_EVENT_SEAT;
  job->event.ref = g_strdup ("wall");
  job->event.ticket_id = ticket_id;
  job->event.actor = g_strdup (job->user->username);
  job->event.payload = gw_json_to_string (payload, FALSE);
  r->event = job;
  gw_store_run_async (r->server->store, add_event_func, job, NULL, NULL, NULL, on_event_added, r);
}

/* The drill log ------------------------------------------------------------------------ */

typedef struct {
  gint64  after;
  gint64  limit;
} LogJob;

typedef struct {
  GPtrArray *events;
  gboolean   more;
} LogPage;

static void
log_page_free (LogPage *page)
{
  g_clear_pointer (&page->events, g_ptr_array_unref);
  g_free (page);
}

static gpointer
list_log_func (GwDb     *db,
               gpointer  data,
               GError  **error)
{
  LogJob *job = data;
  GPtrArray *events = gw_db_list_drill_events (db, job->after, error);
  LogPage *page;

  if (events == NULL)
    return NULL;
  page = g_new0 (LogPage, 1);
  page->more = events->len > (guint) job->limit;
  if (page->more)
    g_ptr_array_set_size (events, job->limit);
  page->events = events;
  return page;
}

static void
on_log_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DrillRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  LogPage *page = gw_store_read_finish (GW_STORE (object), result, &error);
  GString *out;
  GwJsonWriter w;
  gint64 last = 0;
  Reply *reply;

  if (page == NULL)
    {
      finish (r, reply_drill_error (error));
      return;
    }
  out = g_string_sized_new (page->events->len * 256 + 64);
  gw_json_writer_init (&w, out);
  gw_json_writer_begin_object (&w);
  gw_json_writer_member (&w, "events");
  gw_json_writer_begin_array (&w);
  for (guint i = 0; i < page->events->len; i++)
    {
      GwDrillEvent *e = g_ptr_array_index (page->events, i);

      last = e->id;
      gw_json_writer_begin_object (&w);
      gw_json_writer_member (&w, "id");
      gw_json_writer_int (&w, e->id);
      gw_json_writer_member (&w, "at");
      gw_json_writer_time (&w, e->at);
      gw_json_writer_member (&w, "kind");
      gw_json_writer_string (&w, gw_drill_event_kind_to_string (e->kind));
      gw_json_writer_member (&w, "ref");
      if (e->ref)
        gw_json_writer_string (&w, e->ref);
      else
        gw_json_writer_null (&w);
      gw_json_writer_member (&w, "ticket_id");
      if (e->ticket_id > 0)
        gw_json_writer_int (&w, e->ticket_id);
      else
        gw_json_writer_null (&w);
      gw_json_writer_member (&w, "actor");
      if (e->actor)
        gw_json_writer_string (&w, e->actor);
      else
        gw_json_writer_null (&w);
      gw_json_writer_member (&w, "lag_ms");
      gw_json_writer_int (&w, e->lag_ms);
      gw_json_writer_member (&w, "payload");
      {
        /* Stored as JSON object text by the drill: passed on as JSON when it is one. */
        g_autoptr(JsonNode) payload = e->payload ? gw_json_parse (e->payload, -1, 16, NULL) : NULL;
        if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
          gw_json_writer_raw (&w, e->payload, -1);
        else if (e->payload)
          gw_json_writer_string (&w, e->payload);
        else
          gw_json_writer_null (&w);
      }
      gw_json_writer_end_object (&w);
    }
  gw_json_writer_end_array (&w);
  gw_json_writer_member (&w, "next_after");
  if (page->more)
    gw_json_writer_int (&w, last);
  else
    gw_json_writer_null (&w);
  gw_json_writer_end_object (&w);
  log_page_free (page);

  reply = g_new0 (Reply, 1);
  reply->status = 200;
  reply->content_type = g_strdup ("application/json; charset=utf-8");
  reply->body = g_bytes_new (out->str, out->len);
  g_string_free (out, TRUE);
  finish (r, reply);
}

static void
do_log (DrillRequest *r)
{
  LogJob *job = g_new0 (LogJob, 1);
  Reply *reply = NULL;

  if (!check_query (r->query, log_parameters, &reply) ||
      !_gw_server_query_int (r->query, "after", 0, 0, G_MAXINT64, &job->after, &reply) ||
      !_gw_server_query_int (r->query, "limit", LOG_PAGE_DEFAULT, 1, LOG_PAGE_MAX, &job->limit, &reply))
    {
      g_free (job);
      finish (r, reply);
      return;
    }
  gw_store_read_async (r->server->store, list_log_func, job, g_free, (GDestroyNotify) log_page_free, NULL,
                       on_log_listed, r);
}

/* The score ------------------------------------------------------------------------------ */

static void
on_scored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DrillRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDrillScore) score = gw_store_compute_drill_score_finish (GW_STORE (object), result, &error);
  g_autoptr(JsonNode) node = NULL;

  if (score == NULL)
    {
      finish (r, reply_drill_error (error));
      return;
    }
  node = gw_drill_score_to_json (score);
  finish_json (r, 200, node);
}

static void
do_score (DrillRequest *r)
{
  GwServerDrill *d = r->server->drill;
  Reply *reply = NULL;
  gint64 end;

  if (!check_query (r->query, NULL, &reply))
    {
      finish (r, reply);
      return;
    }
  /* An ended drill is scored at its end (its log says when); a running one as of now. */
  end = gw_drill_get_state (d->drill) == GW_DRILL_ENDED ? 0 : gw_clock_get_now (d->clock);
  gw_store_compute_drill_score_async (r->server->store, d->scenario, end, NULL, on_scored, r);
}

/* Requests ------------------------------------------------------------------------------ */

static gpointer
check_token_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  DrillRequest *r = data;

  return gw_accounts_check_token (db, r->token, r->now, error);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DrillRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  GwServerDrill *d = r->server->drill;
  Reply *reply = NULL;

  r->user = gw_store_read_finish (GW_STORE (object), result, &error);
  if (r->user == NULL)
    {
      finish (r, reply_drill_error (error));
      return;
    }
  if (d == NULL)
    {
      finish (r, _gw_server_reply_error (503, NULL, _("The server is stopping")));
      return;
    }
  /* A seat under a network drop reaches nothing. */
  _gw_server_drill_update_dropped (d);
  if (d->dropped && g_strv_contains ((const char *const *) d->dropped, r->user->username))
    {
      finish (r, _gw_server_drill_dropped_reply ());
      return;
    }
  if (routes[r->route].controller &&
      r->user->role != GW_ROLE_COMMANDER && r->user->role != GW_ROLE_DISTRICT_CENTER)
    {
      finish (r, _gw_server_reply_error (403, "wrong_role",
                                         _("Only a commander or the district center runs the drill")));
      return;
    }

  switch (routes[r->route].route)
    {
    case DRILL_STATE:
      if (!check_query (r->query, NULL, &reply))
        finish (r, reply);
      else
        answer_state (r, 200);
      return;
    case DRILL_LOG:
      do_log (r);
      return;
    case DRILL_SCORE:
      do_score (r);
      return;
    case DRILL_EVENTS:
      do_event (r);
      return;
    default:
      do_command (r);
      return;
    }
}

/* The body of a POST: NULL (and TRUE) when empty. */
static gboolean
parse_body (SoupServerMessage  *msg,
            JsonNode          **out,
            Reply             **reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;

  *out = NULL;
  if (g_bytes_get_size (bytes) == 0)
    return TRUE;
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      *reply = _gw_server_reply_error (415, NULL, _("Send the body as application/json"));
      return FALSE;
    }
  if (g_bytes_get_size (bytes) > GW_SERVER_DRILL_MAX_BODY)
    {
      *reply = _gw_server_reply_error (413, NULL, _("The body is larger than 256 KiB"));
      return FALSE;
    }
  *out = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), GW_SERVER_MAX_JSON_DEPTH, &error);
  if (*out == NULL)
    {
      *reply = _gw_server_reply_gerror (error);
      return FALSE;
    }
  return TRUE;
}

static void
on_drill (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GwServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *name = NULL;
  Reply *reply = NULL;
  DrillRequest *r;
  guint route = G_N_ELEMENTS (routes);

  if (g_str_equal (path, DRILL_PATH))
    name = "";
  else if (g_str_has_prefix (path, DRILL_PATH "/"))
    name = path + strlen (DRILL_PATH "/");
  for (guint i = 0; name && i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (name, routes[i].name))
      route = i;

  if (route == G_N_ELEMENTS (routes))
    reply = _gw_server_reply_error (404, NULL, _("No such resource"));
  else if (self->drill == NULL)
    reply = _gw_server_reply_error (404, "not_drill",
                                    _("This server runs no drill (gridwatchd --drill SCENARIO starts one)"));
  else if (!g_str_equal (method, routes[route].post ? "POST" : "GET"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    routes[route].post ? "POST" : "GET");
      reply = _gw_server_reply_error (405, NULL, routes[route].post ? _("Send this command with POST")
                                                                     : _("Read this with GET"));
    }
  else if (auth == NULL || !g_str_has_prefix (auth, "Bearer "))
    reply = _gw_server_reply_error (401, NULL, _("Sign in first: send “Authorization: Bearer TOKEN”"));
  if (reply)
    {
      send_reply (msg, reply);
      return;
    }

  r = g_new0 (DrillRequest, 1);
  r->server = g_object_ref (self);
  r->msg = g_object_ref (msg);
  r->route = route;
  r->token = g_strdup (auth + strlen ("Bearer "));
  r->query = query ? g_hash_table_ref (query) : NULL;
  r->now = gw_clock_get_now (self->clock);
  if (routes[route].post && !parse_body (msg, &r->body, &reply))
    {
      drill_request_free (r);
      send_reply (msg, reply);
      return;
    }
  soup_server_message_pause (msg);
  gw_store_read_async (self->store, check_token_func, r, NULL, (GDestroyNotify) gw_user_free, NULL, on_checked, r);
}

/* Before the body is read: a drill command's body is small. */
static void
on_drill_early (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  Reply *reply = NULL;

  if (!g_str_equal (method, "POST") && !g_str_equal (method, "PUT"))
    return;
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    reply = _gw_server_reply_error (411, NULL, _("Send a Content-Length"));
  else if (soup_message_headers_get_content_length (headers) > GW_SERVER_DRILL_MAX_BODY)
    reply = _gw_server_reply_error (413, NULL, _("The body is larger than 256 KiB"));
  if (reply)
    {
      send_reply (msg, reply);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
    }
}

void
_gw_server_drill_register (GwServer *self)
{
  soup_server_add_early_handler (self->soup, DRILL_PATH, on_drill_early, self, NULL);
  soup_server_add_handler (self->soup, DRILL_PATH, on_drill, self, NULL);
}
