/* JSON round trips of every model type, and errors that name the field. */
#include "config.h"

#include <string.h>

#include "gw-camera.h"
#include "gw-department.h"
#include "gw-division.h"
#include "gw-json.h"
#include "gw-time.h"
#include "gw-ticket.h"
#include "gw-worker.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gw_json_parse (text, -1, 32, &error);
  g_assert_no_error (error);
  return node;
}

static char *
to_text (JsonNode *node)
{
  return gw_json_to_string (node, FALSE);
}

static void
test_division (void)
{
  g_autoptr(GwDivision) d = gw_division_new ();
  g_autoptr(GwDivision) back = NULL;
  g_autoptr(JsonNode) node = NULL, node2 = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GError) error = NULL;
  const double ring[] = { 105.7, 30.1, 105.8, 30.1, 105.8, 30.2, 105.7, 30.2 };

  d->code = g_strdup ("500223001001001");
  d->name = g_strdup ("龙潭社区第1网格");
  d->level = GW_LEVEL_GRID;
  d->parent_code = g_strdup ("500223001001");
  d->polygon = gw_polygon_new ();
  gw_polygon_add_ring (d->polygon, TRUE, ring, 4);
  d->label_lon = 105.75;
  d->label_lat = 30.15;
  d->population = 1234;

  node = gw_division_to_json (d);
  back = gw_division_from_json (node, "division", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->code, ==, d->code);
  g_assert_cmpstr (back->name, ==, "龙潭社区第1网格");
  g_assert_cmpint (back->level, ==, GW_LEVEL_GRID);
  g_assert_cmpstr (back->parent_code, ==, "500223001001");
  g_assert_cmpint (back->population, ==, 1234);
  g_assert_true (gw_polygon_contains (back->polygon, 105.75, 30.15));
  node2 = gw_division_to_json (back);
  a = to_text (node);
  b = to_text (node2);
  g_assert_cmpstr (a, ==, b);
}

static void
test_division_errors (void)
{
  static const struct {
    const char *json;
    const char *fragment;
  } cases[] = {
    { "[]", "d: expected an object" },
    { "{\"name\":\"x\",\"level\":\"grid\"}", "d.code: required field is missing" },
    { "{\"code\":5002,\"name\":\"x\",\"level\":\"grid\"}", "d.code: expected a string, found a number" },
    { "{\"code\":\"1\",\"name\":\"x\",\"level\":\"cell\"}", "d.level: “cell” is not one of district, street" },
    { "{\"code\":\"1\",\"name\":\"x\",\"level\":\"grid\",\"colour\":1}", "d.colour: unknown field" },
    { "{\"code\":\"1\",\"name\":\"x\",\"level\":\"grid\",\"label\":{\"lon\":200,\"lat\":1}}", "d.label.lon: longitude 200 is outside" },
    { "{\"code\":\"1\",\"name\":\"x\",\"level\":\"grid\",\"population\":-5}", "d.population: must not be negative" },
    { "{\"code\":\"1\",\"name\":\"x\",\"level\":\"grid\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}", "d.geometry: type “Point”" },
    { "{\"code\":\"\",\"name\":\"x\",\"level\":\"grid\"}", "d.code: must not be empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwDivision) d = gw_division_from_json (node, "d", &error);

      g_assert_null (d);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].fragment))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].fragment);
    }
}

static void
test_department_worker_camera (void)
{
  g_autoptr(GwDepartment) dep = gw_department_new ();
  g_autoptr(GwWorker) w = gw_worker_new ();
  g_autoptr(GwCamera) c = gw_camera_new ();
  g_autoptr(GError) error = NULL;

  dep->code = g_strdup ("500223-D07");
  dep->name = g_strdup ("区城市管理局");
  dep->name_en = g_strdup ("City Management Bureau");
  dep->board = g_strdup ("livelihood");
  dep->division_code = g_strdup ("500223");
  {
    g_autoptr(JsonNode) n = gw_department_to_json (dep);
    g_autoptr(GwDepartment) back = gw_department_from_json (n, "department", &error);
    g_autoptr(JsonNode) n2 = NULL;
    g_autofree char *a = NULL, *b = NULL;
    g_assert_no_error (error);
    n2 = gw_department_to_json (back);
    a = to_text (n);
    b = to_text (n2);
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (back->name, ==, "区城市管理局");
  }

  w->code = g_strdup ("W50022300001");
  w->name = g_strdup ("张建国");
  w->role = GW_WORKER_ROLE_GRID_CHIEF;
  w->grid_code = g_strdup ("500223001001001");
  w->phone = g_strdup ("13800000000");
  w->on_duty = TRUE;
  w->has_position = TRUE;
  w->lon = 105.8;
  w->lat = 30.19;
  w->seen_at = 1732233600;
  {
    g_autoptr(JsonNode) n = gw_worker_to_json (w);
    g_autoptr(GwWorker) back = gw_worker_from_json (n, "worker", &error);
    g_autoptr(JsonNode) n2 = NULL;
    g_autofree char *a = NULL, *b = NULL;
    g_assert_no_error (error);
    g_assert_cmpint (back->role, ==, GW_WORKER_ROLE_GRID_CHIEF);
    g_assert_true (back->on_duty);
    g_assert_true (back->has_position);
    g_assert_cmpint (back->seen_at, ==, 1732233600);
    n2 = gw_worker_to_json (back);
    a = to_text (n);
    b = to_text (n2);
    g_assert_cmpstr (a, ==, b);
  }

  c->id = g_strdup ("50022300001320000001");
  c->name = g_strdup ("龙潭社区滨江路路口01");
  c->division_code = g_strdup ("500223001001001");
  c->has_position = TRUE;
  c->lon = 105.81;
  c->lat = 30.18;
  c->main_uri = g_strdup ("rtsp://127.0.0.1:8554/x/main");
  c->sub_uri = g_strdup ("rtsp://127.0.0.1:8554/x/sub");
  c->ptz = TRUE;
  c->heading = 135;
  {
    g_autoptr(JsonNode) n = gw_camera_to_json (c);
    g_autoptr(GwCamera) back = gw_camera_from_json (n, "camera", &error);
    g_autoptr(JsonNode) n2 = NULL;
    g_autofree char *a = NULL, *b = NULL;
    g_assert_no_error (error);
    g_assert_true (back->ptz);
    g_assert_cmpfloat (back->heading, ==, 135);
    n2 = gw_camera_to_json (back);
    a = to_text (n);
    b = to_text (n2);
    g_assert_cmpstr (a, ==, b);
  }
  {
    g_autoptr(JsonNode) n = parse ("{\"id\":\"123\",\"name\":\"x\",\"division\":\"1\",\"lon\":1,\"lat\":2}");
    g_autoptr(GwCamera) bad = gw_camera_from_json (n, "camera", &error);
    g_assert_null (bad);
    g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE);
    g_assert_true (g_str_has_prefix (error->message, "camera.id: “123” is not a 20-digit GB/T 28181 device id"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) n = parse ("{\"id\":\"50022300001320000001\",\"name\":\"x\",\"division\":\"1\",\"lon\":1}");
    g_autoptr(GwCamera) bad = gw_camera_from_json (n, "camera", &error);
    g_assert_null (bad);
    g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_MISSING);
    g_assert_cmpstr (error->message, ==, "camera.lat: required field is missing");
  }
}

static GwTicket *
sample_ticket (void)
{
  GwTicket *t = gw_ticket_new ();

  t->number = g_strdup ("TN241122-00017");
  t->source = GW_SOURCE_HOTLINE;
  t->category_code = g_strdup ("2201");
  t->urgency = GW_URGENCY_EMERGENCY;
  t->level = GW_LEVEL_STREET;
  t->lon = 105.8123456;
  t->lat = 30.1876543;
  t->divisions[GW_LEVEL_DISTRICT] = g_strdup ("500223");
  t->divisions[GW_LEVEL_STREET] = g_strdup ("500223001");
  t->divisions[GW_LEVEL_COMMUNITY] = g_strdup ("500223001001");
  t->divisions[GW_LEVEL_GRID] = g_strdup ("500223001001002");
  t->description = g_strdup ("滨江路12号门市违规储存烟花爆竹，存在重大安全隐患。");
  t->address = g_strdup ("潼南区梓潼街道龙潭社区滨江路12号");
  t->reporter = g_strdup ("王先生");
  t->reporter_phone = g_strdup ("138****1234");
  g_ptr_array_add (t->attachments, gw_attachment_new ("现场.jpg", "image/jpeg", 123456,
                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  t->state = GW_STATE_DISPATCHED;
  t->reported_at = 1732240800;
  t->updated_at = 1732241400;
  t->board = g_strdup ("safety");
  t->department_code = g_strdup ("500223-D28");
  t->timer.stage = GW_STAGE_SIGN;
  t->timer.started_at = 1732241400;
  t->timer.yellow_at = 1732250000;
  t->timer.red_at = 1732253000;
  t->timer.deadline_at = 1732255200;
  t->dispatched_at = 1732241400;
  t->dispatcher_level = GW_LEVEL_STREET;
  t->sign_deadline_at = 1732255200;
  t->whistle = TRUE;
  g_ptr_array_add (t->whistle_departments, gw_whistle_department_new ("500223-D28", TRUE));
  g_ptr_array_add (t->whistle_departments, gw_whistle_department_new ("500223-D12", FALSE));
  return t;
}

static void
test_ticket (void)
{
  g_autoptr(GwTicket) t = sample_ticket ();
  g_autoptr(JsonNode) node = gw_ticket_to_json (t);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTicket) back = gw_ticket_from_json (node, "ticket", &error);
  g_autoptr(JsonNode) node2 = NULL;
  g_autofree char *a = NULL, *b = NULL;
  GwAttachment *att;

  g_assert_no_error (error);
  g_assert_cmpstr (back->number, ==, "TN241122-00017");
  g_assert_cmpint (back->source, ==, GW_SOURCE_HOTLINE);
  g_assert_cmpint (back->urgency, ==, GW_URGENCY_EMERGENCY);
  g_assert_cmpint (back->level, ==, GW_LEVEL_STREET);
  g_assert_cmpfloat_with_epsilon (back->lon, 105.8123456, 1e-9);
  g_assert_cmpstr (gw_ticket_get_division_code (back), ==, "500223001001002");
  g_assert_cmpstr (back->divisions[GW_LEVEL_STREET], ==, "500223001");
  g_assert_null (back->divisions[GW_LEVEL_MICROGRID]);
  g_assert_cmpstr (back->description, ==, t->description);
  g_assert_cmpuint (back->attachments->len, ==, 1);
  att = g_ptr_array_index (back->attachments, 0);
  g_assert_cmpstr (att->name, ==, "现场.jpg");
  g_assert_cmpint (att->size, ==, 123456);
  g_assert_cmpint (back->reported_at, ==, 1732240800);
  g_assert_cmpint (back->timer.deadline_at, ==, 1732255200);
  g_assert_cmpint (back->timer.stage, ==, GW_STAGE_SIGN);
  g_assert_cmpuint (back->whistle_departments->len, ==, 2);
  g_assert_true (((GwWhistleDepartment *) g_ptr_array_index (back->whistle_departments, 0))->lead);
  g_assert_cmpint (back->resolved, ==, -1);
  g_assert_cmpint (back->closed_at, ==, 0);
  g_assert_cmpint (back->state, ==, GW_STATE_DISPATCHED);
  node2 = gw_ticket_to_json (back);
  a = to_text (node);
  b = to_text (node2);
  g_assert_cmpstr (a, ==, b);
  /* Times are written in China Standard Time. */
  g_assert_nonnull (strstr (a, "\"reported_at\":\"2024-11-22T10:00:00+08:00\""));
}

static void
test_ticket_errors (void)
{
  static const struct {
    const char *member;
    const char *value;   /* JSON text, or NULL to remove the member */
    const char *message;
  } cases[] = {
    { "source", "\"fax\"", "t.source: “fax” is not one of grid_worker, hotline" },
    { "category", NULL, "t.category: required field is missing" },
    { "category", "42", "t.category: expected a string, found a number" },
    { "lat", "\"north\"", "t.lat: expected a number, found a string" },
    { "lat", "91", "t.lat: latitude 91 is outside -90…90" },
    { "reported_at", "\"yesterday\"", "t.reported_at: “yesterday” is not an ISO 8601 date" },
    { "reported_at", "\"2024-11-22\"", "t.reported_at: “2024-11-22” is not an ISO 8601 date" },
    { "closed_at", "\"2020-01-01T00:00:00+08:00\"", "t.closed_at: is earlier than reported_at" },
    { "level", "\"microgrid\"", "t.level: a ticket is handled at grid, community, street or district level" },
    { "divisions", "{\"planet\":\"x\"}", "t.divisions.planet: unknown field" },
    { "attachments", "[{\"name\":\"a/b\",\"mime_type\":\"image/png\",\"size\":1,\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}]", "t.attachments[0].name: must be a plain file name" },
    { "attachments", "[{\"name\":\"a\",\"mime_type\":\"image/png\",\"size\":1,\"sha256\":\"xyz\"}]", "t.attachments[0].sha256: must be 64" },
    { "attachments", "{}", "t.attachments: expected an array, found an object" },
    { "description", "\"\"", "t.description: must not be empty" },
    { "evil", "1", "t.evil: unknown field" },
  };
  g_autoptr(GwTicket) t = sample_ticket ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = gw_ticket_to_json (t);
      g_autoptr(JsonNode) copy = NULL;
      JsonObject *obj;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTicket) back = NULL;

      {
        /* A mutable copy, by parsing the text. */
        g_autofree char *text = to_text (node);
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
        copy = json_node_ref (json_parser_get_root (parser));
      }
      obj = json_node_get_object (copy);
      if (cases[i].value == NULL)
        json_object_remove_member (obj, cases[i].member);
      else
        {
          g_autoptr(JsonNode) v = parse (cases[i].value);
          json_object_set_member (obj, cases[i].member, json_node_copy (v));
        }
      back = gw_ticket_from_json (copy, "t", &error);
      g_assert_null (back);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].message);
    }
}

static void
test_json_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  JsonNode *node;

  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  node = gw_json_parse (deep->str, -1, 32, &error);
  g_assert_null (node);
  g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  node = gw_json_parse ("{\"a\": ", -1, 32, &error);
  g_assert_null (node);
  g_assert_error (error, GW_JSON_ERROR, GW_JSON_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "not valid JSON"));
}

static void
test_county_time (void)
{
  /* 2026-11-22T00:00:00+08:00 is 2026-11-21T16:00:00Z. */
  const gint64 midnight = 1795276800;
  g_autofree char *text = gw_json_format_time (midnight + 3661);

  g_assert_cmpint (gw_time_start_of_day (midnight), ==, midnight);
  g_assert_cmpint (gw_time_start_of_day (midnight + 86399), ==, midnight);
  g_assert_cmpint (gw_time_start_of_day (midnight - 1), ==, midnight - 86400);
  g_assert_cmpstr (text, ==, "2026-11-22T01:01:01+08:00");
  /* The fast formatter agrees with GDateTime across centuries, leap days and before 1970. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (11);
    for (int i = 0; i < 20000; i++)
      {
        gint64 t = (gint64) g_rand_double_range (rand, -2208988800.0, 4102444800.0);
        g_autofree char *fast = gw_json_format_time (t);
        g_autoptr(GDateTime) local = gw_time_to_date_time (t);
        g_autofree char *slow = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+08:00");
        g_assert_cmpstr (fast, ==, slow);
      }
    {
      g_autofree char *leap = gw_json_format_time (1709222399); /* 2024-02-29T23:59:59+08:00 */
      g_assert_cmpstr (leap, ==, "2024-02-29T23:59:59+08:00");
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/division", test_division);
  g_test_add_func ("/model/division-errors", test_division_errors);
  g_test_add_func ("/model/department-worker-camera", test_department_worker_camera);
  g_test_add_func ("/model/ticket", test_ticket);
  g_test_add_func ("/model/ticket-errors", test_ticket_errors);
  g_test_add_func ("/model/json-limits", test_json_limits);
  g_test_add_func ("/model/county-time", test_county_time);
  return g_test_run ();
}
