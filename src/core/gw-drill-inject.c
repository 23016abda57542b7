/* gw-drill-inject.c: applying one injection of a drill, on the store's thread (a step's
 * part: gw-drill-world.c). Each in a savepoint of its own: a refusal rolls back that
 * injection alone and is logged FAILED with its reason. Texts written into the county's
 * records are in its language, Chinese. */
#define G_LOG_DOMAIN "gw-drill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-attachments.h"
#include "gw-db-private.h"
#include "gw-db-related.h"
#include "gw-dictionary.h"
#include "gw-drill-private.h"
#include "gw-time.h"

/* A directive's reason when the scenario gives no text: the county's language. */
#define DIRECTIVE_SUPERVISE     "上级督办：请加快处置。"
#define DIRECTIVE_ESCALATE      "上级要求提级处置。"

/* Injections ------------------------------------------------------------------------------ */

/* A point inside the division: its label point, or for a burst's reports a point drawn
 * from the injection's id, so that the same scenario puts them in the same places. */
static gboolean
place_in (GwDrillRun *r,
          const char *code,
          const char *injection_id,
          double     *lon,
          double     *lat,
          GError    **error)
{
  GwDivision *d = g_hash_table_lookup (r->world->places, code);

  if (d == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      d = gw_db_get_division (r->db, code, &local_error);
      if (d == NULL)
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                       _("The county has no division with the code %s"), code);
          return FALSE;
        }
      g_hash_table_insert (r->world->places, g_strdup (code), d);
    }
  *lon = d->label_lon;
  *lat = d->label_lat;
  if (d->polygon != NULL && strchr (injection_id, '#') != NULL)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (injection_id));
      gw_polygon_random_point (d->polygon, rand, lon, lat);
    }
  return TRUE;
}

static gboolean
attach_files (GwDrillRun    *r,
              const GwActor *actor,
              GwInjection   *inj,
              gint64         ticket_id,
              gint64         at,
              GError       **error)
{
  for (guint i = 0; inj->attachments && i < inj->attachments->len; i++)
    {
      const char *name = g_ptr_array_index (inj->attachments, i);
      g_autofree char *path = g_path_is_absolute (name) ? g_strdup (name)
                                                        : g_build_filename (r->scenario->folder ? r->scenario->folder : ".",
                                                                            name, NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GwDbAttachment) att = NULL;
      const char *type;
      gsize size = 0;

      if (!g_file_get_contents (path, &data, &size, error))
        return FALSE;
      type = gw_attachment_sniff_type ((const guint8 *) data, size);
      if (type == NULL)
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                       _("%s is not a photo or a PDF document"), name);
          return FALSE;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&data), size);
      att = gw_db_add_attachment (r->db, ticket_id, base, type, bytes, actor, at, NULL, error);
      if (att == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_report (GwDrillRun *r,
              GwDrillDue *due,
              char      **payload,
              GError    **error)
{
  GwInjection *inj = due->injection;
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(JsonBuilder) b = NULL;
  const GwCategory *category;
  GwActor actor = _gw_drill_scenario_actor (r, GW_DRILL_ACTOR_SCENARIO, GW_ROLE_DISTRICT_CENTER);
  const char *description = _gw_drill_text (&inj->description);
  char *chain[GW_N_LEVELS] = { NULL, };
  double lon = inj->lon, lat = inj->lat;

  if (isnan (lon) || isnan (lat))
    {
      if (inj->grid_code == NULL)
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                       _("The report gives no place: neither a grid nor coordinates"));
          return FALSE;
        }
      if (!place_in (r, inj->grid_code, inj->id, &lon, &lat, error))
        return FALSE;
    }
  category = inj->category_code ? gw_dictionary_lookup (gw_dictionary_get_default (), inj->category_code) : NULL;
  if (category == NULL || category->parent == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                   _("“%s” is not a subcategory of the dictionary"), inj->category_code ? inj->category_code : "");
      return FALSE;
    }
  if (!gw_db_locate (r->db, lon, lat, chain, error))
    {
      if (error && *error == NULL)
        g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                     _("The place %.6f, %.6f lies outside the county"), lon, lat);
      return FALSE;
    }
  memcpy (t->divisions, chain, sizeof chain);
  if (t->divisions[inj->level] == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                   _("The place %.6f, %.6f has no division of the level the report is handled at"), lon, lat);
      return FALSE;
    }

  t->source = inj->source;
  t->category_code = g_strdup (inj->category_code);
  t->board = g_strdup (category->board);
  t->urgency = inj->urgency;
  t->level = inj->level;
  t->lon = lon;
  t->lat = lat;
  t->description = g_strdup (description ? description : category->name_zh);
  t->address = g_strdup (inj->address);
  t->reporter = g_strdup (inj->reporter);
  t->reported_at = due->at;
  if (due->index != G_MAXUINT)
    {
      /* Numbers of their own: a burst reports thousands in one second. */
      g_autoptr(GDateTime) local = gw_time_to_date_time (due->at);
      g_autofree char *stamp = g_date_time_format (local, "%y%m%d%H%M%S");
      t->number = g_strdup_printf ("D%s-%05u", stamp, due->index + 1);
    }
  if (!gw_db_report (r->db, &actor, t, due->at, error) ||
      !attach_files (r, &actor, inj, t->id, due->at, error))
    return FALSE;
  due->ticket_id = t->id;

  b = _gw_drill_payload_begin ("report");
  _gw_drill_payload_string (b, "number", t->number);
  _gw_drill_payload_string (b, "category", t->category_code);
  _gw_drill_payload_string (b, "urgency", gw_urgency_to_string (t->urgency));
  _gw_drill_payload_string (b, "source", gw_source_to_string (t->source));
  _gw_drill_payload_string (b, "level", gw_level_to_string (t->level));
  _gw_drill_payload_string (b, "division", gw_ticket_get_division_code (t));
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, t->lon);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, t->lat);
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

/* The ticket an injection refers to (its `ticket`: a REPORT injection's id). */
static GwTicket *
referred_ticket (GwDrillRun  *r,
                 GwInjection *inj,
                 GError     **error)
{
  gint64 id;

  if (inj->ticket == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("It names no ticket"));
      return NULL;
    }
  id = gw_db_drill_ticket_for (r->db, inj->ticket, error);
  if (id == 0)
    {
      if (error && *error == NULL)
        g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                     _("The report “%s” it is about was not made"), inj->ticket);
      return NULL;
    }
  return gw_db_get_ticket (r->db, id, error);
}

static gboolean
apply_directive (GwDrillRun *r,
                 GwDrillDue *due,
                 char      **payload,
                 GError    **error)
{
  GwInjection *inj = due->injection;
  g_autoptr(GwTicket) t = referred_ticket (r, inj, error);
  g_autoptr(JsonBuilder) b = NULL;
  const char *text = _gw_drill_text (&inj->text);
  GwCommand command = { 0, };
  GwActor actor;

  if (t == NULL)
    return FALSE;
  due->ticket_id = t->id;
  command.ticket_id = t->id;
  if (g_strcmp0 (inj->action, "escalate") == 0)
    {
      /* The district center may not escalate (it is the top); the higher level's order is
       * carried out by a commander at the district, one level at a time. */
      actor = _gw_drill_scenario_actor (r, GW_DRILL_ACTOR_SCENARIO, GW_ROLE_COMMANDER);
      command.action = GW_ACTION_ESCALATE;
      command.reason = text ? text : DIRECTIVE_ESCALATE;
      if (t->level <= inj->level)
        {
          g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                       _("Ticket %s is handled at that level or above already"), t->number);
          return FALSE;
        }
      while (t->level > inj->level)
        {
          GwTicket *next = gw_db_apply (r->db, &actor, &command, due->at, NULL, NULL, error);
          if (next == NULL)
            return FALSE;
          gw_ticket_unref (t);
          t = next;
        }
    }
  else if (inj->action == NULL || g_str_equal (inj->action, "supervise"))
    {
      GwTicket *next;

      actor = _gw_drill_scenario_actor (r, GW_DRILL_ACTOR_SCENARIO, GW_ROLE_DISTRICT_CENTER);
      command.action = GW_ACTION_SUPERVISE;
      command.reason = text ? text : DIRECTIVE_SUPERVISE;
      next = gw_db_apply (r->db, &actor, &command, due->at, NULL, NULL, error);
      if (next == NULL)
        return FALSE;
      gw_ticket_unref (t);
      t = next;
    }
  else
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION,
                   _("Unknown directive “%s”: supervise or escalate"), inj->action);
      return FALSE;
    }
  b = _gw_drill_payload_begin ("directive");
  _gw_drill_payload_string (b, "action", inj->action ? inj->action : "supervise");
  _gw_drill_payload_string (b, "level", gw_level_to_string (t->level));
  _gw_drill_payload_string (b, "urgency", gw_urgency_to_string (t->urgency));
  _gw_drill_payload_string (b, "text", text);
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

static gboolean
apply_camera_feed (GwDrillRun *r,
                   GwDrillDue *due,
                   char      **payload,
                   GError    **error)
{
  GwInjection *inj = due->injection;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *camera = g_strdup (inj->camera_code);
  g_autofree char *uri = NULL;
  sqlite3_stmt *stmt;

  if (inj->ticket != NULL)
    {
      g_autoptr(GwTicket) t = referred_ticket (r, inj, error);

      if (t == NULL)
        return FALSE;
      due->ticket_id = t->id;
      if (camera == NULL)
        {
          g_autoptr(GPtrArray) near = gw_db_list_nearest_cameras (r->db, t->lon, t->lat, 1, error);

          if (near == NULL)
            return FALSE;
          if (near->len > 0)
            camera = g_strdup (((GwNearbyCamera *) g_ptr_array_index (near, 0))->camera->id);
        }
    }
  if (camera == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("No camera is named or near the ticket"));
      return FALSE;
    }
  if (inj->video == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("It names no video"));
      return FALSE;
    }
  if (strstr (inj->video, "://") != NULL)
    uri = g_strdup (inj->video);
  else
    {
      g_autofree char *path = g_path_is_absolute (inj->video)
                                ? g_strdup (inj->video)
                                : g_build_filename (r->scenario->folder ? r->scenario->folder : ".", inj->video, NULL);
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);

      uri = g_filename_to_uri (absolute, NULL, error);
      if (uri == NULL)
        return FALSE;
    }
  stmt = _gw_db_prepare (r->db, "UPDATE cameras SET main_uri = ?1, sub_uri = ?1 WHERE gb_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, camera, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return _gw_db_set_error (r->db, error, _("switching a camera’s stream"));
    }
  sqlite3_reset (stmt);
  if (sqlite3_changes (gw_db_get_handle (r->db)) == 0)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("The county has no camera %s"), camera);
      return FALSE;
    }
  b = _gw_drill_payload_begin ("camera_feed");
  _gw_drill_payload_string (b, "camera", camera);
  _gw_drill_payload_string (b, "uri", uri);
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

/* A worker's code and duty now: the one named, or the first of the ticket's grid. */
static gboolean
find_worker (GwDrillRun *r,
             GwDrillDue *due,
             char      **code,
             gboolean   *on_duty,
             GError    **error)
{
  GwInjection *inj = due->injection;
  sqlite3_stmt *stmt;
  int rc;

  if (inj->worker_code != NULL)
    stmt = _gw_db_prepare (r->db, "SELECT code, on_duty FROM workers WHERE code = ?1", error);
  else
    {
      g_autoptr(GwTicket) t = referred_ticket (r, inj, error);

      if (t == NULL)
        return FALSE;
      due->ticket_id = t->id;
      stmt = _gw_db_prepare (r->db, "SELECT w.code, w.on_duty FROM workers w JOIN divisions d ON d.id = w.grid_id"
                                    " WHERE d.code = ?2 ORDER BY w.id LIMIT 1", error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 2, t->divisions[GW_LEVEL_GRID] ? t->divisions[GW_LEVEL_GRID]
                                                                 : gw_ticket_get_division_code (t),
                           -1, SQLITE_TRANSIENT);
    }
  if (stmt == NULL)
    return FALSE;
  if (inj->worker_code != NULL)
    sqlite3_bind_text (stmt, 1, inj->worker_code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *on_duty = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (r->db, error, _("reading grid workers"));
  if (inj->worker_code != NULL)
    g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("The county has no grid worker %s"),
                 inj->worker_code);
  else
    g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("No grid worker serves the ticket’s grid"));
  return FALSE;
}

gboolean
_gw_drill_set_on_duty (GwDrillRun *r,
                       const char *code,
                       gboolean    on_duty,
                       GError    **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (r->db, "UPDATE workers SET on_duty = ?1 WHERE code = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, on_duty ? 1 : 0);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return _gw_db_set_error (r->db, error, _("setting a grid worker’s duty"));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
apply_worker_off (GwDrillRun *r,
                  GwDrillDue *due,
                  char      **payload,
                  GError    **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *code = NULL;
  gboolean on_duty = FALSE;

  if (!find_worker (r, due, &code, &on_duty, error) || !_gw_drill_set_on_duty (r, code, FALSE, error))
    return FALSE;
  if (due->injection->duration > 0)
    {
      GwDrillEnd end = { due->at + due->injection->duration, GW_DRILL_END_WORKER, g_strdup (code), NULL, on_duty };
      _gw_drill_world_add_end (r->world, &end);
    }
  b = _gw_drill_payload_begin ("worker_off_duty");
  _gw_drill_payload_string (b, "worker", code);
  if (due->injection->duration > 0)
    {
      json_builder_set_member_name (b, "until");
      json_builder_add_int_value (b, due->at + due->injection->duration);
    }
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

static gboolean
apply_network_drop (GwDrillRun *r,
                    GwDrillDue *due,
                    char      **payload,
                    GError    **error)
{
  GwInjection *inj = due->injection;
  const GwScenarioSeat *seat = gw_scenario_find_seat (r->scenario, inj->seat);
  g_autoptr(JsonBuilder) b = NULL;
  GwDrillDrop drop = { 0, };

  if (seat == NULL)
    {
      g_set_error (error, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("The scenario has no seat “%s”"),
                   inj->seat ? inj->seat : "");
      return FALSE;
    }
  drop.username = g_strdup (seat->username);
  drop.from = due->at;
  drop.until = inj->duration > 0 ? due->at + inj->duration : 0;
  g_array_append_val (r->step->drops, drop);
  if (inj->duration > 0)
    {
      GwDrillEnd end = { drop.until, GW_DRILL_END_NETWORK, g_strdup (seat->id), g_strdup (seat->username), FALSE };
      _gw_drill_world_add_end (r->world, &end);
    }
  b = _gw_drill_payload_begin ("network_drop");
  _gw_drill_payload_string (b, "seat", seat->id);
  _gw_drill_payload_string (b, "username", seat->username);
  if (drop.until > 0)
    {
      json_builder_set_member_name (b, "until");
      json_builder_add_int_value (b, drop.until);
    }
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

static gboolean
apply_note (GwDrillRun *r,
            GwDrillDue *due,
            char      **payload,
            GError    **error)
{
  g_autoptr(JsonBuilder) b = _gw_drill_payload_begin ("note");

  _gw_drill_payload_string (b, "text", _gw_drill_text (&due->injection->text));
  *payload = _gw_drill_payload_end (b);
  return TRUE;
}

/* Applies one injection in a savepoint of its own and logs it, or logs why it failed.
 * FALSE only when the log itself cannot be written. */
gboolean
_gw_drill_apply_injection (GwDrillRun *r,
                           GwDrillDue *due,
                           GError    **error)
{
  g_autoptr(GError) refusal = NULL;
  g_autofree char *payload = NULL;
  GwInjection *inj = due->injection;
  const char *kind = gw_injection_kind_to_string (inj->kind);
  gboolean outer, ok;

  if (!_gw_db_write_begin (r->db, "gw_drill_item", &outer, error))
    return FALSE;
  switch (inj->kind)
    {
    case GW_INJECTION_REPORT:
      ok = apply_report (r, due, &payload, &refusal);
      break;
    case GW_INJECTION_DIRECTIVE:
      ok = apply_directive (r, due, &payload, &refusal);
      break;
    case GW_INJECTION_CAMERA_FEED:
      ok = apply_camera_feed (r, due, &payload, &refusal);
      break;
    case GW_INJECTION_WORKER_OFF:
      ok = apply_worker_off (r, due, &payload, &refusal);
      break;
    case GW_INJECTION_NETWORK_DROP:
      ok = apply_network_drop (r, due, &payload, &refusal);
      break;
    case GW_INJECTION_NOTE:
      ok = apply_note (r, due, &payload, &refusal);
      break;
    case GW_N_INJECTION_KINDS:
    default:
      g_set_error (&refusal, GW_DRILL_ERROR, GW_DRILL_ERROR_INJECTION, _("Unknown kind of injection"));
      ok = FALSE;
      break;
    }
  if (ok)
    ok = _gw_drill_log (r, GW_DRILL_EVENT_INJECTION, due->at, inj->id, due->ticket_id, due->actor,
                    g_steal_pointer (&payload), &due->event_id, &refusal);
  if (ok)
    return _gw_db_write_release (r->db, "gw_drill_item", outer, error);

  _gw_db_write_rollback (r->db, "gw_drill_item", outer);
  due->failed = TRUE;
  due->ticket_id = 0;
  due->message = g_strdup (refusal ? refusal->message : "");
  return _gw_drill_log (r, GW_DRILL_EVENT_FAILED, due->at, inj->id, 0, due->actor,
                    _gw_drill_failure_payload (kind, due->message), &due->event_id, error);
}

