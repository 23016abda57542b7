/* gw-scenario-expect.c: the expectations of a scenario (what the team is scored on) and
 * the titles made for them when a file gives none. */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-scenario-private.h"

/* Expectations ----------------------------------------------------------------------------- */

static char *
duration_words (gint64   seconds,
                gboolean chinese)
{
  GString *text = g_string_new (NULL);
  gint64 d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60,
         s = seconds % 60;

  if (chinese)
    {
      if (d > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "天", d);
      if (h > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "小时", h);
      if (m > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "分钟", m);
      if (s > 0 || text->len == 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "秒", s);
    }
  else
    {
      if (d > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT " d ", d);
      if (h > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT " h ", h);
      if (m > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT " min ", m);
      if (s > 0 || text->len == 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT " s ", s);
      g_string_truncate (text, text->len - 1);
    }
  return g_string_free (text, FALSE);
}

/* The title of an expectation whose file gives none: made in both languages (it is data
 * of the scenario, read in whichever language the seat runs in). */
static void
expectation_title (GwExpectation *e)
{
  g_autofree char *within_en = duration_words (e->within, FALSE);
  g_autofree char *within_zh = duration_words (e->within, TRUE);
  g_autofree char *en = NULL;
  g_autofree char *zh = NULL;
  g_autofree char *departments = NULL;

  if (e->departments != NULL)
    {
      g_ptr_array_add (e->departments, NULL);
      departments = g_strjoinv (", ", (char **) e->departments->pdata);
      g_ptr_array_remove_index (e->departments, e->departments->len - 1);
    }
  switch (e->kind)
    {
    case GW_EXPECT_SCREENED:
      en = g_strdup_printf ("%s: screened within %s", e->ticket, within_en);
      zh = g_strdup_printf ("%s：%s内受理", e->ticket, within_zh);
      break;
    case GW_EXPECT_DISPATCHED:
      if (e->department_code != NULL)
        {
          en = g_strdup_printf ("%s: dispatched to %s within %s", e->ticket, e->department_code,
                                within_en);
          zh = g_strdup_printf ("%s：%s内派遣至 %s", e->ticket, within_zh, e->department_code);
        }
      else
        {
          en = g_strdup_printf ("%s: dispatched within %s", e->ticket, within_en);
          zh = g_strdup_printf ("%s：%s内派遣", e->ticket, within_zh);
        }
      break;
    case GW_EXPECT_SIGNED:
      en = g_strdup_printf ("%s: signed for within %s", e->ticket, within_en);
      zh = g_strdup_printf ("%s：%s内签收", e->ticket, within_zh);
      break;
    case GW_EXPECT_WHISTLED:
      en = g_strdup_printf ("%s: whistled to %s within %s", e->ticket,
                            departments ? departments : "", within_en);
      zh = g_strdup_printf ("%s：%s内吹哨 %s", e->ticket, within_zh,
                            departments ? departments : "");
      break;
    case GW_EXPECT_ESCALATED:
      en = g_strdup_printf ("%s: escalated to the %s level within %s", e->ticket,
                            _gw_scenario_level_name (e->level, FALSE), within_en);
      zh = g_strdup_printf ("%s：%s内提级至%s", e->ticket, within_zh,
                            _gw_scenario_level_name (e->level, TRUE));
      break;
    case GW_EXPECT_CLOSED:
      en = g_strdup_printf ("%s: closed within %s", e->ticket, within_en);
      zh = g_strdup_printf ("%s：%s内结案", e->ticket, within_zh);
      break;
    case GW_EXPECT_CAMERAS_ON_WALL:
      en = g_strdup_printf ("%s: cameras near it on a wall within %s", e->ticket, within_en);
      zh = g_strdup_printf ("%s：%s内调取附近摄像头上墙", e->ticket, within_zh);
      break;
    case GW_N_EXPECT_KINDS:
    default:
      g_assert_not_reached ();
    }
  _gw_scenario_text_set (&e->title, en, zh);
}

void
_gw_scenario_parse_expectation (GwScenarioCtx *ctx,
                                JsonObject    *obj,
                                const char    *path,
                                GHashTable    *ids)
{
  static const char *const common[] = {
    "id", "kind", "ticket", "within", "seat", "points", "title", NULL
  };
  static const char *const expect_names[] = {
    "screened_within", "dispatched_within", "signed_within", "whistled_within",
    "escalated_within", "closed_within", "cameras_on_wall_within", NULL
  };
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  GwExpectation *e = g_new0 (GwExpectation, 1);
  guint kind = GW_N_EXPECT_KINDS;
  gint64 points = 10;
  guint line = _gw_scenario_object_line (ctx, obj);
  gboolean have_kind, have_within, have_title;
  guint before = ctx->problems->len;

  G_STATIC_ASSERT (G_N_ELEMENTS (expect_names) == GW_N_EXPECT_KINDS + 1);

  e->line = line;
  e->level = GW_LEVEL_STREET;
  have_kind = _gw_scenario_get_enum (ctx, obj, path, "kind", TRUE, expect_names, &kind);
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (allowed, (gpointer) common[i]);
  if (have_kind && kind == GW_EXPECT_DISPATCHED)
    g_ptr_array_add (allowed, (gpointer) "department");
  if (have_kind && kind == GW_EXPECT_WHISTLED)
    g_ptr_array_add (allowed, (gpointer) "departments");
  if (have_kind && kind == GW_EXPECT_ESCALATED)
    g_ptr_array_add (allowed, (gpointer) "level");
  g_ptr_array_add (allowed, NULL);
  if (have_kind)
    _gw_scenario_check_members (ctx, obj, path, (const char *const *) allowed->pdata,
                                expect_names[kind]);

  e->kind = have_kind ? kind : GW_EXPECT_SCREENED;
  if (_gw_scenario_get_id (ctx, obj, path, "id", TRUE, &e->id))
    {
      if (g_hash_table_contains (ids, e->id))
        {
          g_autofree char *field = gw_json_path_member (path, "id");

          _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "id"), field,
                                _("another expectation has the id “%s”"), e->id);
        }
      else
        g_hash_table_add (ids, g_strdup (e->id));
    }
  _gw_scenario_get_ticket (ctx, obj, path, "ticket", TRUE, -1, &e->ticket);
  have_within = _gw_scenario_get_duration (ctx, obj, path, "within", TRUE, FALSE, &e->within);
  if (have_within && e->within == 0)
    {
      g_autofree char *field = gw_json_path_member (path, "within");

      _gw_scenario_problem (ctx, _gw_scenario_member_line (ctx, obj, "within"), field,
                            _("must be longer than zero"));
    }
  _gw_scenario_get_seat (ctx, obj, path, "seat", FALSE, &e->seat);
  _gw_scenario_get_int (ctx, obj, path, "points", FALSE, 0, 1000, &points);
  e->points = points;
  if (have_kind && kind == GW_EXPECT_DISPATCHED)
    _gw_scenario_get_code (ctx, obj, path, "department", FALSE, GW_SCENARIO_REF_DEPARTMENT,
                           &e->department_code);
  if (have_kind && kind == GW_EXPECT_WHISTLED)
    e->departments = _gw_scenario_get_codes (ctx, obj, path, "departments", TRUE,
                                             GW_SCENARIO_REF_DEPARTMENT);
  if (have_kind && kind == GW_EXPECT_ESCALATED)
    _gw_scenario_get_level (ctx, obj, path, "level", TRUE, &e->level);
  have_title = _gw_scenario_get_text (ctx, obj, path, "title", FALSE, &e->title);
  if (!have_title && ctx->problems->len == before)
    expectation_title (e);
  g_ptr_array_add (ctx->scenario->expectations, e);
}
