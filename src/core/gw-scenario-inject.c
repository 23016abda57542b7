/* gw-scenario-inject.c: injections in a scenario file and on their own (ad-hoc), the
 * expansion of report bursts, and injections written back as JSON.
 * Report bursts are expanded in gw-scenario-burst.c.
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-scenario-private.h"

/* The kinds a file may give: the injection kinds and "report_burst". */
#define KIND_BURST GW_N_INJECTION_KINDS
static const char *const file_kind_names[] = {
  "report", "directive", "camera_feed", "worker_off_duty", "network_drop", "note",
  "report_burst", NULL
};
G_STATIC_ASSERT (G_N_ELEMENTS (file_kind_names) == GW_N_INJECTION_KINDS + 2);

static const char *const *const kind_members[] = {
  [GW_INJECTION_REPORT] = (const char *const[]) {
    "category", "grid", "lon", "lat", "description", "source", "urgency", "address",
    "reporter", "attachments", NULL },
  [GW_INJECTION_DIRECTIVE] = (const char *const[]) { "ticket", "action", "level", "text", NULL },
  [GW_INJECTION_CAMERA_FEED] = (const char *const[]) { "camera", "ticket", "video", NULL },
  [GW_INJECTION_WORKER_OFF] = (const char *const[]) { "worker", "ticket", "duration", NULL },
  [GW_INJECTION_NETWORK_DROP] = (const char *const[]) { "seat", "duration", NULL },
  [GW_INJECTION_NOTE] = (const char *const[]) { "text", NULL },
  [KIND_BURST] = (const char *const[]) {
    "count", "over", "grids", "around", "categories", "descriptions", "urgencies", "source",
    "sources", "seed", "shape", NULL },
};

static const char *const action_names[] = { "supervise", "escalate", NULL };

static char *
field_of (const char *path,
          const char *name)
{
  return gw_json_path_member (path, name);
}

/* A file named by a scenario: relative to its folder, never outside it. */
static gboolean
check_relative_file (GwScenarioCtx *ctx,
                     const char    *value,
                     guint          line,
                     const char    *field,
                     gboolean       allow_uri)
{
  g_auto(GStrv) parts = NULL;
  const char *folder = ctx->scenario != NULL ? ctx->scenario->folder : NULL;

  if (allow_uri && g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    return TRUE;
  if (g_path_is_absolute (value) || strchr (value, '\\') != NULL)
    {
      _gw_scenario_problem (ctx, line, field,
                            _("“%s”: give a file relative to the scenario's folder"), value);
      return FALSE;
    }
  parts = g_strsplit (value, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      {
        _gw_scenario_problem (ctx, line, field,
                              _("“%s”: a file outside the scenario's folder"), value);
        return FALSE;
      }
  if (folder != NULL)
    {
      g_autofree char *full = g_build_filename (folder, value, NULL);

      if (!g_file_test (full, G_FILE_TEST_IS_REGULAR))
        {
          _gw_scenario_problem (ctx, line, field, _("no file “%s” next to the scenario"), value);
          return FALSE;
        }
    }
  return TRUE;
}

/* Report ------------------------------------------------------------------------------- */

static void
parse_report (GwScenarioCtx *ctx,
              JsonObject    *obj,
              const char    *path,
              GwInjection   *inj)
{
  gboolean by_grid = _gw_scenario_has_member (obj, "grid");
  gboolean by_point = _gw_scenario_has_member (obj, "lon") || _gw_scenario_has_member (obj, "lat");
  guint source = GW_SOURCE_CITIZEN, urgency = GW_URGENCY_NORMAL;
  JsonNode *node;

  _gw_scenario_get_code (ctx, obj, path, "category", TRUE, GW_SCENARIO_REF_CATEGORY,
                         &inj->category_code);
  if (by_grid && by_point)
    {
      g_autofree char *field = field_of (path, "grid");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "grid"), field,
                            _("give the place by “grid” or by “lon” and “lat”, not both"));
    }
  else if (by_grid)
    _gw_scenario_get_code (ctx, obj, path, "grid", TRUE, GW_SCENARIO_REF_GRID, &inj->grid_code);
  else if (by_point)
    {
      gboolean ok = _gw_scenario_get_number (ctx, obj, path, "lon", TRUE, -180, 180, &inj->lon);

      ok = _gw_scenario_get_number (ctx, obj, path, "lat", TRUE, -90, 90, &inj->lat) && ok;
      if (ok)
        {
          g_autofree char *field = field_of (path, "lon");

          _gw_scenario_add_point_ref (ctx, inj->lon, inj->lat, _gw_scenario_member_line (ctx, obj, "lon"),
                         field);
        }
      else
        inj->lon = inj->lat = NAN;
    }
  else
    {
      g_autofree char *field = field_of (path, "grid");

      _gw_scenario_problem (ctx, _gw_scenario_object_line (ctx, obj), field,
                            _("the place is missing: give “grid”, or “lon” and “lat”"));
    }
  _gw_scenario_get_text (ctx, obj, path, "description", TRUE, &inj->description);
  if (_gw_scenario_get_enum (ctx, obj, path, "source", FALSE, gw_source_names (), &source))
    inj->source = source;
  if (_gw_scenario_get_enum (ctx, obj, path, "urgency", FALSE, gw_urgency_names (), &urgency))
    inj->urgency = urgency;
  _gw_scenario_get_string (ctx, obj, path, "address", FALSE, 512, &inj->address);
  _gw_scenario_get_string (ctx, obj, path, "reporter", FALSE, GW_SCENARIO_MAX_NAME,
                           &inj->reporter);

  node = _gw_scenario_get_member (ctx, obj, path, "attachments", FALSE);
  if (node != NULL)
    {
      g_autofree char *field = field_of (path, "attachments");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "attachments"), field,
                                _("expected %s, found %s"), _("an array of file names"),
                                gw_json_node_type_name (node));
          return;
        }
      array = json_node_get_array (node);
      inj->attachments = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *element_field = gw_json_path_index (field, i);
          guint line = _gw_scenario_element_line (ctx, array, i);
          const char *value;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            {
              _gw_scenario_problem (ctx, line, element_field, _("expected %s, found %s"),
                                    _("a string"), gw_json_node_type_name (element));
              continue;
            }
          value = json_node_get_string (element);
          if (*value == '\0' || strlen (value) > 1024)
            _gw_scenario_problem (ctx, line, element_field, _("not a file name"));
          else if (check_relative_file (ctx, value, line, element_field, FALSE))
            g_ptr_array_add (inj->attachments, g_strdup (value));
        }
    }
}

/* Directive, camera feed, worker off duty, network drop, note ---------------------------------- */

static void
parse_directive (GwScenarioCtx *ctx,
                 JsonObject    *obj,
                 const char    *path,
                 GwInjection   *inj)
{
  guint action = 0;

  _gw_scenario_get_ticket (ctx, obj, path, "ticket", TRUE, inj->at, &inj->ticket);
  if (_gw_scenario_get_enum (ctx, obj, path, "action", TRUE, action_names, &action))
    {
      inj->action = g_strdup (action_names[action]);
      if (action == 1)
        _gw_scenario_get_level (ctx, obj, path, "level", TRUE, &inj->level);
      else if (_gw_scenario_has_member (obj, "level"))
        {
          g_autofree char *field = field_of (path, "level");

          _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "level"), field,
                                _("only an “escalate” directive has a level"));
        }
    }
  if (!_gw_scenario_get_text (ctx, obj, path, "text", FALSE, &inj->text) && inj->action != NULL)
    {
      if (g_str_equal (inj->action, "escalate"))
        {
          g_autofree char *en = g_strdup_printf ("The higher level demands this ticket be "
                                                 "escalated to the %s level.",
                                                 _gw_scenario_level_name (inj->level, FALSE));
          g_autofree char *zh = g_strdup_printf ("上级要求将此件提级至%s办理。",
                                                 _gw_scenario_level_name (inj->level, TRUE));

          _gw_scenario_text_set (&inj->text, en, zh);
        }
      else
        _gw_scenario_text_set (&inj->text, "The higher level urges this ticket be handled at once.",
                               "上级督办：请立即办理此件。");
    }
}

static void
parse_camera_feed (GwScenarioCtx *ctx,
                   JsonObject    *obj,
                   const char    *path,
                   GwInjection   *inj)
{
  if (_gw_scenario_get_string (ctx, obj, path, "video", TRUE, 1024, &inj->video))
    {
      g_autofree char *field = field_of (path, "video");

      if (!check_relative_file (ctx, inj->video, _gw_scenario_member_line (ctx, obj, "video"),
                                field, TRUE))
        g_clear_pointer (&inj->video, g_free);
    }
  _gw_scenario_get_code (ctx, obj, path, "camera", FALSE, GW_SCENARIO_REF_CAMERA,
                         &inj->camera_code);
  _gw_scenario_get_ticket (ctx, obj, path, "ticket", FALSE, inj->at, &inj->ticket);
  if (!_gw_scenario_has_member (obj, "camera") && !_gw_scenario_has_member (obj, "ticket"))
    {
      g_autofree char *field = field_of (path, "camera");

      _gw_scenario_problem (ctx, _gw_scenario_object_line (ctx, obj), field,
                            _("give “camera”, or “ticket” for the camera nearest its place"));
    }
}

static void
parse_worker_off (GwScenarioCtx *ctx,
                  JsonObject    *obj,
                  const char    *path,
                  GwInjection   *inj)
{
  _gw_scenario_get_code (ctx, obj, path, "worker", FALSE, GW_SCENARIO_REF_WORKER,
                         &inj->worker_code);
  _gw_scenario_get_ticket (ctx, obj, path, "ticket", FALSE, inj->at, &inj->ticket);
  if (!_gw_scenario_has_member (obj, "worker") && !_gw_scenario_has_member (obj, "ticket"))
    {
      g_autofree char *field = field_of (path, "worker");

      _gw_scenario_problem (ctx, _gw_scenario_object_line (ctx, obj), field,
                            _("give “worker”, or “ticket” for the worker of its grid"));
    }
  _gw_scenario_get_duration (ctx, obj, path, "duration", FALSE, FALSE, &inj->duration);
}

/* One injection ------------------------------------------------------------------------------ */

void
_gw_scenario_parse_injection (GwScenarioCtx *ctx,
                              JsonObject    *obj,
                              const char    *path,
                              GPtrArray     *out)
{
  static const char *const common[] = { "id", "at", "kind", NULL };
  g_autoptr(GwInjection) inj = _gw_injection_new ();
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  guint kind = 0;
  gboolean have_kind, have_at;
  g_autofree char *id_field = field_of (path, "id");
  g_autofree char *at_field = field_of (path, "at");

  inj->line = _gw_scenario_object_line (ctx, obj);
  have_kind = _gw_scenario_get_enum (ctx, obj, path, "kind", TRUE, file_kind_names, &kind);
  if (have_kind && kind == KIND_BURST && ctx->adhoc)
    {
      g_autofree char *field = field_of (path, "kind");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "kind"), field,
                            _("a report burst is part of a scenario file, not an ad-hoc "
                              "injection"));
      return;
    }
  if (have_kind)
    {
      for (guint i = 0; common[i] != NULL; i++)
        g_ptr_array_add (allowed, (gpointer) common[i]);
      for (guint i = 0; kind_members[kind][i] != NULL; i++)
        g_ptr_array_add (allowed, (gpointer) kind_members[kind][i]);
      g_ptr_array_add (allowed, NULL);
      _gw_scenario_check_members (ctx, obj, path, (const char *const *) allowed->pdata,
                                  file_kind_names[kind]);
    }

  /* id: unique among injections and bursts ("#" is kept for a burst's reports). */
  if (_gw_scenario_get_id (ctx, obj, path, "id", !ctx->adhoc, &inj->id))
    {
      if (g_hash_table_contains (ctx->injections, inj->id) ||
          g_hash_table_contains (ctx->bursts, inj->id))
        {
          _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "id"), id_field,
                                _("another injection has the id “%s”"), inj->id);
          g_clear_pointer (&inj->id, g_free);
        }
    }
  else if (ctx->adhoc && !_gw_scenario_has_member (obj, "id"))
    {
      g_autofree char *uuid = g_uuid_string_random ();

      inj->id = g_strdup_printf ("adhoc-%.8s", uuid);
    }

  inj->at = GW_INJECTION_AT_NOW;
  have_at = _gw_scenario_get_duration (ctx, obj, path, "at", !ctx->adhoc, FALSE, &inj->at);
  if (have_at && ctx->duration >= 0 && inj->at > ctx->duration)
    {
      g_autofree char *end = _gw_scenario_format_duration (ctx->duration);

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "at"), at_field,
                            _("after the end of the drill (it lasts %s)"), end);
    }
  if (!have_at && !ctx->adhoc)
    inj->at = -2;   /* unknown: no checks against it, no expansion */

  if (!have_kind)
    return;
  if (kind == KIND_BURST)
    {
      _gw_scenario_parse_burst (ctx, obj, path, inj->id, inj->at >= 0 ? inj->at : -1, inj->line, out);
      return;
    }

  inj->kind = kind;
  if (!ctx->adhoc)
    ctx->total++;
  if (!ctx->adhoc && ctx->total == GW_SCENARIO_MAX_INJECTIONS + 1)   /* said once */
    _gw_scenario_problem (ctx, inj->line, path, _("the scenario would have more than %u injections"),
                          GW_SCENARIO_MAX_INJECTIONS);
  switch (inj->kind)
    {
    case GW_INJECTION_REPORT:
      parse_report (ctx, obj, path, inj);
      break;
    case GW_INJECTION_DIRECTIVE:
      parse_directive (ctx, obj, path, inj);
      break;
    case GW_INJECTION_CAMERA_FEED:
      parse_camera_feed (ctx, obj, path, inj);
      break;
    case GW_INJECTION_WORKER_OFF:
      parse_worker_off (ctx, obj, path, inj);
      break;
    case GW_INJECTION_NETWORK_DROP:
      _gw_scenario_get_seat (ctx, obj, path, "seat", TRUE, &inj->seat);
      _gw_scenario_get_duration (ctx, obj, path, "duration", FALSE, FALSE, &inj->duration);
      break;
    case GW_INJECTION_NOTE:
      _gw_scenario_get_text (ctx, obj, path, "text", TRUE, &inj->text);
      break;
    case GW_N_INJECTION_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (inj->at == -2)
    inj->at = 0;
  if (inj->id != NULL)
    g_hash_table_insert (ctx->injections, inj->id, inj);
  g_ptr_array_add (out, g_steal_pointer (&inj));
}

/* Ad-hoc ------------------------------------------------------------------------------------- */

GwInjection *
gw_injection_new_from_json (JsonNode    *node,
                            GwScenario  *scenario,
                            GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_injection_free);
  GwScenarioCtx ctx;
  GwInjection *inj = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  _gw_scenario_ctx_init (&ctx);
  ctx.adhoc = TRUE;
  ctx.scenario = scenario;
  if (scenario != NULL)
    {
      ctx.duration = scenario->duration;
      for (guint i = 0; i < scenario->injections->len; i++)
        {
          GwInjection *known = g_ptr_array_index (scenario->injections, i);

          g_hash_table_insert (ctx.injections, known->id, known);
        }
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    _gw_scenario_problem (&ctx, 0, "", _("an injection is a JSON object, found %s"),
                          gw_json_node_type_name (node));
  else
    {
      _gw_scenario_parse_injection (&ctx, json_node_get_object (node), "", out);
      _gw_scenario_resolve_pending (&ctx);
    }
  if (ctx.problems->len > 0 || out->len != 1)
    {
      if (ctx.problems->len == 0)
        _gw_scenario_problem (&ctx, 0, "", _("not an injection"));
      _gw_scenario_problems_to_error (ctx.problems, GW_SCENARIO_ERROR,
                                      GW_SCENARIO_ERROR_INVALID, error);
    }
  else
    inj = g_ptr_array_steal_index (out, 0);
  _gw_scenario_ctx_clear (&ctx);
  return inj;
}

/* Writing ------------------------------------------------------------------------------------ */

static void
add_text (JsonBuilder          *b,
          const char           *name,
          const GwScenarioText *text)
{
  if (text->en == NULL && text->zh_CN == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  if (text->en != NULL)
    {
      json_builder_set_member_name (b, "en");
      json_builder_add_string_value (b, text->en);
    }
  if (text->zh_CN != NULL)
    {
      json_builder_set_member_name (b, "zh_CN");
      json_builder_add_string_value (b, text->zh_CN);
    }
  json_builder_end_object (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_duration (JsonBuilder *b,
              const char  *name,
              gint64       seconds)
{
  g_autofree char *text = _gw_scenario_format_duration (seconds);

  add_string (b, name, text);
}

JsonNode *
gw_injection_to_json (const GwInjection *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  if (self->at != GW_INJECTION_AT_NOW)
    {
      g_autofree char *at = _gw_scenario_format_offset (self->at);

      add_string (b, "at", at);
    }
  add_string (b, "kind", gw_injection_kind_to_string (self->kind));
  switch (self->kind)
    {
    case GW_INJECTION_REPORT:
      add_string (b, "category", self->category_code);
      add_string (b, "grid", self->grid_code);
      if (self->grid_code == NULL && !isnan (self->lon))
        {
          json_builder_set_member_name (b, "lon");
          json_builder_add_double_value (b, self->lon);
          json_builder_set_member_name (b, "lat");
          json_builder_add_double_value (b, self->lat);
        }
      add_text (b, "description", &self->description);
      add_string (b, "source", gw_source_to_string (self->source));
      add_string (b, "urgency", gw_urgency_to_string (self->urgency));
      add_string (b, "address", self->address);
      add_string (b, "reporter", self->reporter);
      if (self->attachments != NULL && self->attachments->len > 0)
        {
          json_builder_set_member_name (b, "attachments");
          json_builder_begin_array (b);
          for (guint i = 0; i < self->attachments->len; i++)
            json_builder_add_string_value (b, g_ptr_array_index (self->attachments, i));
          json_builder_end_array (b);
        }
      break;
    case GW_INJECTION_DIRECTIVE:
      add_string (b, "ticket", self->ticket);
      add_string (b, "action", self->action);
      if (g_strcmp0 (self->action, "escalate") == 0)
        add_string (b, "level", gw_level_to_string (self->level));
      add_text (b, "text", &self->text);
      break;
    case GW_INJECTION_CAMERA_FEED:
      add_string (b, "camera", self->camera_code);
      add_string (b, "ticket", self->ticket);
      add_string (b, "video", self->video);
      break;
    case GW_INJECTION_WORKER_OFF:
      add_string (b, "worker", self->worker_code);
      add_string (b, "ticket", self->ticket);
      if (self->duration > 0)
        add_duration (b, "duration", self->duration);
      break;
    case GW_INJECTION_NETWORK_DROP:
      add_string (b, "seat", self->seat);
      if (self->duration > 0)
        add_duration (b, "duration", self->duration);
      break;
    case GW_INJECTION_NOTE:
      add_text (b, "text", &self->text);
      break;
    case GW_N_INJECTION_KINDS:
    default:
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
