/* gw-scenario-parse.c: the scenario file (docs/SCENARIOS.md): size, encoding and depth
 * checks, the JSON parse with the line of every field (gw-scenario-getters.c), metadata,
 * seats and the world. Injections and report bursts are in gw-scenario-inject.c and
 * gw-scenario-burst.c, expectations in gw-scenario-expect.c.
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-json.h"
#include "gw-scenario-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwScenarioLines, _gw_scenario_lines_free)

/* Seats ----------------------------------------------------------------------------------- */


static void
role_title (GwRole          role,
            GwScenarioText *out)
{
  static const char *const en[] = { "Grid worker", "Community staff", "Street officer",
                                    "Commander", "Department handler", "District center" };
  static const char *const zh[] = { "网格员", "社区工作人员", "镇街值班员", "指挥长",
                                    "部门办理人", "区级指挥中心" };

  G_STATIC_ASSERT (G_N_ELEMENTS (en) == GW_N_ROLES);
  _gw_scenario_text_set (out, en[role], zh[role]);
}

static void
parse_seat (GwScenarioCtx *ctx,
            JsonObject    *obj,
            const char    *path)
{
  static const char *const allowed[] = {
    "id", "role", "division", "department", "username", "password", "title", NULL
  };
  GwScenario *scenario = ctx->scenario;
  GwScenarioSeat *seat = g_new0 (GwScenarioSeat, 1);
  const char *role_names[GW_N_ROLES + 1];
  guint role = GW_N_ROLES;
  gboolean have_role;
  guint line = _gw_scenario_object_line (ctx, obj);

  _gw_scenario_check_members (ctx, obj, path, allowed, NULL);
  _gw_scenario_get_id (ctx, obj, path, "id", TRUE, &seat->id);
  for (guint i = 0; i < GW_N_ROLES; i++)
    role_names[i] = gw_role_to_string (i);
  role_names[GW_N_ROLES] = NULL;
  have_role = _gw_scenario_get_enum (ctx, obj, path, "role", TRUE, role_names, &role);
  seat->role = have_role ? role : GW_ROLE_COMMANDER;
  _gw_scenario_get_string (ctx, obj, path, "division", FALSE, GW_SCENARIO_MAX_CODE,
                           &seat->division_code);
  _gw_scenario_get_code (ctx, obj, path, "department", FALSE, GW_SCENARIO_REF_DEPARTMENT,
                         &seat->department_code);
  _gw_scenario_get_id (ctx, obj, path, "username", FALSE, &seat->username);
  _gw_scenario_get_string (ctx, obj, path, "password", FALSE, 128, &seat->password);
  if (!_gw_scenario_get_text (ctx, obj, path, "title", FALSE, &seat->title))
    role_title (seat->role, &seat->title);

  if (seat->division_code != NULL)
    {
      g_autofree char *field = gw_json_path_member (path, "division");
      GwScenarioRef *ref;

      _gw_scenario_add_ref (ctx, GW_SCENARIO_REF_DIVISION, seat->division_code,
                            _gw_scenario_member_line (ctx, obj, "division"), field);
      ref = ctx->refs->len > 0 ? g_ptr_array_index (ctx->refs, ctx->refs->len - 1) : NULL;
      if (ref != NULL)
        ref->role = seat->role;
    }
  if (have_role)
    {
      gboolean needs_division = seat->role == GW_ROLE_GRID_WORKER ||
                                seat->role == GW_ROLE_COMMUNITY_STAFF ||
                                seat->role == GW_ROLE_STREET_OFFICER;
      g_autofree char *division_field = gw_json_path_member (path, "division");
      g_autofree char *department_field = gw_json_path_member (path, "department");

      if (needs_division && seat->division_code == NULL)
        _gw_scenario_problem (ctx, line, division_field,
                              _("a seat of role “%s” needs the division it works in"),
                              gw_role_to_string (seat->role));
      if (seat->role == GW_ROLE_DEPARTMENT_HANDLER && seat->department_code == NULL)
        _gw_scenario_problem (ctx, line, department_field,
                              _("a department handler's seat needs its department"));
      if (seat->role != GW_ROLE_DEPARTMENT_HANDLER && seat->department_code != NULL)
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "department"),
                              department_field,
                              _("only a department handler's seat has a department"));
    }

  if (seat->id != NULL)
    {
      g_autofree char *field = gw_json_path_member (path, "id");

      if (gw_scenario_find_seat (scenario, seat->id) != NULL)
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "id"), field,
                              _("another seat has the id “%s”"), seat->id);
      if (seat->username == NULL)
        seat->username = g_strconcat ("drill-", seat->id, NULL);
    }
  if (seat->username != NULL && gw_scenario_find_seat_by_username (scenario, seat->username) != NULL)
    {
      g_autofree char *field = gw_json_path_member (path, "username");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "username"), field,
                            _("another seat has the user name “%s”"), seat->username);
    }
  if (seat->password == NULL)
    seat->password = g_strdup ("drill");
  g_ptr_array_add (scenario->seats, seat);
}

/* The world ------------------------------------------------------------------------------ */

static void
parse_world (GwScenarioCtx *ctx,
             JsonObject    *obj,
             const char    *path)
{
  static const char *const allowed[] = {
    "verify_after", "sign_after", "report_in_after", "report_back_after", "evaluate_after",
    "staffed_departments", NULL
  };
  GwScenarioWorld *world = &ctx->scenario->world;
  g_autoptr(GPtrArray) staffed = NULL;

  _gw_scenario_check_members (ctx, obj, path, allowed, NULL);
  _gw_scenario_get_duration (ctx, obj, path, "verify_after", FALSE, TRUE, &world->verify_after);
  _gw_scenario_get_duration (ctx, obj, path, "sign_after", FALSE, TRUE, &world->sign_after);
  _gw_scenario_get_duration (ctx, obj, path, "report_in_after", FALSE, TRUE,
                             &world->report_in_after);
  _gw_scenario_get_duration (ctx, obj, path, "report_back_after", FALSE, TRUE,
                             &world->report_back_after);
  _gw_scenario_get_duration (ctx, obj, path, "evaluate_after", FALSE, TRUE,
                             &world->evaluate_after);
  staffed = _gw_scenario_get_codes (ctx, obj, path, "staffed_departments", FALSE,
                                    GW_SCENARIO_REF_DEPARTMENT);
  for (guint i = 0; staffed != NULL && i < staffed->len; i++)
    if (!g_ptr_array_find_with_equal_func (world->staffed_departments,
                                           g_ptr_array_index (staffed, i), g_str_equal, NULL))
      g_ptr_array_add (world->staffed_departments, g_strdup (g_ptr_array_index (staffed, i)));
}

/* The file --------------------------------------------------------------------------------- */

static guint
line_at (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* json-glib's parser recurses once per level and has no limit: a file of a million "["
 * would overflow the stack before any check on the tree could run. This looks at brackets
 * outside strings only (no parsing: json-glib still decides what is valid). */
static gboolean
check_depth (const char *data,
             gsize       length,
             guint       max_depth,
             guint      *out_line)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              *out_line = line;
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static void
syntax_problem (GwScenarioCtx *ctx,
                const GError  *error)
{
  /* json-glib says "<data>:LINE:COLUMN: Parse error: …". */
  const char *message = error->message;
  guint line = 0, column = 0;
  int consumed = 0;

  if (g_str_has_prefix (message, "<data>:") &&
      sscanf (message + 7, "%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    message += 7 + consumed;
  _gw_scenario_problem (ctx, line, "", _("not valid JSON: %s"), message);
}

void
_gw_scenario_ctx_clear (GwScenarioCtx *ctx)
{
  g_clear_pointer (&ctx->problems, g_ptr_array_unref);
  g_clear_pointer (&ctx->injections, g_hash_table_unref);
  g_clear_pointer (&ctx->bursts, g_hash_table_unref);
  g_clear_pointer (&ctx->pending, g_ptr_array_unref);
}

void
_gw_scenario_ctx_init (GwScenarioCtx *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_scenario_problem_free);
  ctx->injections = g_hash_table_new (g_str_hash, g_str_equal);
  ctx->bursts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_scenario_pending_free);
  ctx->duration = -1;
}

static int
compare_injections (gconstpointer a,
                    gconstpointer b)
{
  const GwInjection *ia = *(const GwInjection *const *) a;
  const GwInjection *ib = *(const GwInjection *const *) b;

  return (ia->at > ib->at) - (ia->at < ib->at);
}

static JsonArray *
get_array (GwScenarioCtx *ctx,
           JsonObject    *root,
           const char    *name,
           gboolean       required)
{
  JsonNode *node = _gw_scenario_get_member (ctx, root, "", name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _gw_scenario_type_problem (ctx, root, "", name, _("an array"), node);
      return NULL;
    }
  if (required && json_array_get_length (json_node_get_array (node)) == 0)
    {
      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, root, name), name,
                            _("must not be empty"));
      return NULL;
    }
  return json_node_get_array (node);
}

/* Each element of `array` as an object, or a problem. */
static JsonObject *
element_object (GwScenarioCtx *ctx,
                JsonArray     *array,
                const char    *array_path,
                guint          i,
                char         **out_path)
{
  JsonNode *node = json_array_get_element (array, i);

  *out_path = gw_json_path_index (array_path, i);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _gw_scenario_problem (ctx, _gw_scenario_element_line (ctx, array, i), *out_path,
                            _("expected %s, found %s"), _("an object"),
                            gw_json_node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static void
parse_scenario (GwScenarioCtx *ctx,
                JsonObject    *root)
{
  static const char *const allowed[] = {
    "format", "id", "title", "summary", "profile", "seed", "start", "speed", "duration",
    "seats", "world", "injections", "expectations", NULL
  };
  GwScenario *self = ctx->scenario;
  gint64 format = 1, seed = 1;
  g_autofree char *start = NULL;
  JsonArray *array;
  JsonNode *world;
  g_autoptr(GHashTable) expectation_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                 g_free, NULL);

  _gw_scenario_check_members (ctx, root, "", allowed, NULL);
  _gw_scenario_get_int (ctx, root, "", "format", FALSE, 1, 1, &format);
  _gw_scenario_get_id (ctx, root, "", "id", TRUE, &self->id);
  _gw_scenario_get_text (ctx, root, "", "title", TRUE, &self->title);
  if (!_gw_scenario_get_text (ctx, root, "", "summary", FALSE, &self->summary))
    _gw_scenario_text_set (&self->summary, "", "");
  if (_gw_scenario_get_string (ctx, root, "", "profile", FALSE, GW_SCENARIO_MAX_NAME,
                               &self->profile))
    {
      GwDemoProfile profile;

      if (!gw_demo_profile_from_string (self->profile, &profile))
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, root, "profile"), "profile",
                              _("unknown value “%s” (expected one of %s)"), self->profile,
                              "small, tongnan");
    }
  _gw_scenario_get_int (ctx, root, "", "seed", FALSE, 0, G_MAXUINT32, &seed);
  self->seed = seed;
  if (_gw_scenario_get_string (ctx, root, "", "start", TRUE, GW_SCENARIO_MAX_NAME, &start))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (start, NULL);

      if (dt == NULL || strchr (start, 'T') == NULL)
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, root, "start"), "start",
                              _("“%s” is not an ISO 8601 date and time with a time zone "
                                "(e.g. 2024-07-12T23:40:00+08:00)"), start);
      else
        self->start = g_date_time_to_unix (dt);
    }
  _gw_scenario_get_number (ctx, root, "", "speed", FALSE, GW_SCENARIO_MIN_SPEED,
                           GW_SCENARIO_MAX_SPEED, &self->speed);
  if (_gw_scenario_get_duration (ctx, root, "", "duration", TRUE, FALSE, &self->duration))
    {
      if (self->duration <= 0 || self->duration > 30 * 86400)
        _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, root, "duration"), "duration",
                              _("a drill lasts more than zero and at most 30 days"));
      else
        ctx->duration = self->duration;
    }

  array = get_array (ctx, root, "seats", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      JsonObject *obj = element_object (ctx, array, "seats", i, &path);

      if (obj != NULL)
        parse_seat (ctx, obj, path);
    }
  /* A department a seat plays is staffed: the world never acts for it. */
  for (guint i = 0; i < self->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (self->seats, i);

      if (seat->department_code != NULL &&
          !g_ptr_array_find_with_equal_func (self->world.staffed_departments,
                                             seat->department_code, g_str_equal, NULL))
        g_ptr_array_add (self->world.staffed_departments, g_strdup (seat->department_code));
    }

  world = _gw_scenario_get_member (ctx, root, "", "world", FALSE);
  if (world != NULL && !JSON_NODE_HOLDS_OBJECT (world))
    _gw_scenario_type_problem (ctx, root, "", "world", _("an object"), world);
  else if (world != NULL)
    parse_world (ctx, json_node_get_object (world), "world");

  array = get_array (ctx, root, "injections", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      JsonObject *obj = element_object (ctx, array, "injections", i, &path);

      if (obj != NULL)
        _gw_scenario_parse_injection (ctx, obj, path, self->injections);
    }
  _gw_scenario_resolve_pending (ctx);
  /* By instant; GLib's sort is stable, so the file's order on ties. */
  g_ptr_array_sort (self->injections, compare_injections);

  array = get_array (ctx, root, "expectations", FALSE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      JsonObject *obj = element_object (ctx, array, "expectations", i, &path);

      if (obj != NULL)
        _gw_scenario_parse_expectation (ctx, obj, path, expectation_ids);
    }
  _gw_scenario_resolve_pending (ctx);
}

static void
set_default_world (GwScenarioWorld *world)
{
  world->verify_after = 5 * 60;
  world->sign_after = 10 * 60;
  world->report_in_after = 15 * 60;
  world->report_back_after = 2 * 3600;
  world->evaluate_after = 3600;
}

static void
too_big_problem (GwScenarioCtx *ctx)
{
  _gw_scenario_problem (ctx, 0, "", _("the file is larger than %u MiB"),
                        GW_SCENARIO_MAX_SIZE / (1024 * 1024));
}

static GwScenario *
refuse_too_big (GPtrArray **problems,
                GError    **error)
{
  GwScenarioCtx ctx;

  _gw_scenario_ctx_init (&ctx);
  too_big_problem (&ctx);
  _gw_scenario_problems_to_error (ctx.problems, GW_SCENARIO_ERROR, GW_SCENARIO_ERROR_SYNTAX,
                                  error);
  if (problems != NULL)
    *problems = g_steal_pointer (&ctx.problems);
  _gw_scenario_ctx_clear (&ctx);
  return NULL;
}

GwScenario *
gw_scenario_new_from_data (const char  *data,
                           gsize        length,
                           const char  *path,
                           GPtrArray  **problems,
                           GError     **error)
{
  g_autoptr(GwScenario) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GwScenarioLines) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  GwScenarioCtx ctx;
  const char *end = NULL;
  guint deep_line = 0;
  int code = GW_SCENARIO_ERROR_SYNTAX;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  _gw_scenario_ctx_init (&ctx);
  self = _gw_scenario_new ();
  if (path != NULL)
    {
      self->path = g_canonicalize_filename (path, NULL);
      self->folder = g_path_get_dirname (self->path);
    }
  set_default_world (&self->world);

  if (length > GW_SCENARIO_MAX_SIZE)
    too_big_problem (&ctx);
  else if (!g_utf8_validate_len (data, length, &end))
    _gw_scenario_problem (&ctx, line_at (data, end), "", _("not UTF-8 text"));
  else if (!check_depth (data, length, GW_SCENARIO_MAX_DEPTH, &deep_line))
    _gw_scenario_problem (&ctx, deep_line, "", _("nested deeper than %u levels"),
                          GW_SCENARIO_MAX_DEPTH);
  else
    {
      parser = json_parser_new ();
      lines = _gw_scenario_lines_new (parser);
      ctx.lines = lines;
      if (!json_parser_load_from_data (parser, data, length, &local_error))
        syntax_problem (&ctx, local_error);
      else if (json_parser_get_root (parser) == NULL ||
               !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        _gw_scenario_problem (&ctx, 1, "", _("a scenario is a JSON object, found %s"),
                              gw_json_node_type_name (json_parser_get_root (parser)));
      else
        {
          code = GW_SCENARIO_ERROR_INVALID;
          ctx.scenario = self;
          ctx.refs = ((GwScenarioReal *) self)->refs;
          parse_scenario (&ctx, json_node_get_object (json_parser_get_root (parser)));
        }
    }

  if (ctx.problems->len > 0)
    {
      _gw_scenario_problems_to_error (ctx.problems, GW_SCENARIO_ERROR, code, error);
      if (problems != NULL)
        *problems = g_steal_pointer (&ctx.problems);
      _gw_scenario_ctx_clear (&ctx);
      return NULL;
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&ctx.problems);
  _gw_scenario_ctx_clear (&ctx);
  return g_steal_pointer (&self);
}

GwScenario *
gw_scenario_new_from_file (const char  *path,
                           GPtrArray  **problems,
                           GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) > GW_SCENARIO_MAX_SIZE)
    length = GW_SCENARIO_MAX_SIZE + 1;  /* refused below without reading it */
  else
    {
      /* Read one byte more than allowed: a file that grew is still refused. */
      data = g_malloc (GW_SCENARIO_MAX_SIZE + 2);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data, GW_SCENARIO_MAX_SIZE + 1,
                                    &length, NULL, error))
        return NULL;
      data[length] = '\0';
    }
  if (length > GW_SCENARIO_MAX_SIZE)
    return refuse_too_big (problems, error);
  return gw_scenario_new_from_data (data, length, path, problems, error);
}
