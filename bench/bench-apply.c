/* 10,000 workflow actions with their audit entries in one batch (one transaction), against
 * the same actions each in its own transaction. */
#include "config.h"

#include <glib/gstdio.h>

#include "bench-common.h"
#include "gw-demo.h"
#include "gw-workflow.h"

#define N_TICKETS 2000   /* x 5 actions = 10,000 */

static const char *
department (GwDb *db)
{
  static char code[32];
  sqlite3_stmt *stmt;

  sqlite3_prepare_v2 (gw_db_get_handle (db), "SELECT code FROM departments LIMIT 1", -1, &stmt, NULL);
  sqlite3_step (stmt);
  g_strlcpy (code, (const char *) sqlite3_column_text (stmt, 0), sizeof code);
  sqlite3_finalize (stmt);
  return code;
}

/* Street-level tickets reported and screened, ready for the batch. */
static GArray *
prepare (GwDb       *db,
         const char *street,
         gint64      now)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDivision) d = gw_db_get_division (db, street, &error);

  gw_db_begin (db, NULL);
  for (guint i = 0; i < N_TICKETS; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      t->category_code = g_strdup ("0101");
      t->level = GW_LEVEL_STREET;
      t->state = GW_STATE_SCREENED;
      t->lon = d->label_lon;
      t->lat = d->label_lat;
      t->description = g_strdup ("路面破损");
      t->reported_at = now - 3600;
      if (gw_db_insert_ticket (db, t, &error) == 0)
        g_error ("%s", error->message);
      g_array_append_val (ids, t->id);
    }
  gw_db_commit (db, NULL);
  return ids;
}

static double
run (GwDb       *db,
     GArray     *ids,
     const char *street,
     const char *dept,
     gint64      now,
     gboolean    batch)
{
  GwActor officer = { "值班员", GW_ROLE_STREET_OFFICER, street, GW_LEVEL_STREET, NULL };
  GwActor handler = { "处置员", GW_ROLE_DEPARTMENT_HANDLER, NULL, GW_LEVEL_DISTRICT, dept };
  static const GwAction actions[] = {
    GW_ACTION_DISPATCH, GW_ACTION_SIGN, GW_ACTION_HANDLE, GW_ACTION_REPORT_BACK, GW_ACTION_CLOSE
  };
  double t0 = bench_now_ms ();

  if (batch)
    gw_db_begin (db, NULL);
  for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
    for (guint i = 0; i < ids->len; i++)
      {
        GwCommand c = { 0, };
        g_autoptr(GError) error = NULL;
        g_autoptr(GwTicket) t = NULL;
        gboolean by_handler = actions[a] != GW_ACTION_DISPATCH && actions[a] != GW_ACTION_CLOSE;

        c.action = actions[a];
        c.ticket_id = g_array_index (ids, gint64, i);
        c.department_code = dept;
        c.text = "已修复";
        c.resolved = TRUE;
        t = gw_db_apply (db, by_handler ? &handler : &officer, &c, now + a * 600, NULL, NULL, &error);
        if (t == NULL)
          g_error ("%s", error->message);
      }
  if (batch)
    gw_db_commit (db, NULL);
  return bench_now_ms () - t0;
}

int
main (void)
{
  const char *dir = g_getenv ("GW_BENCH_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", "bench-apply.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = NULL;
  g_autoptr(GArray) a = NULL, b = NULL;
  const gint64 now = 1795330800;
  const char *street = "500223001";
  const char *dept;
  double t_batch, t_each;

  g_unlink (path);
  g_unlink (wal);
  db = gw_db_open (path, &error);
  if (db == NULL || !gw_demo_generate (db, GW_DEMO_PROFILE_SMALL, 1, now - 86400, NULL, NULL, &error))
    g_error ("%s", error->message);
  dept = department (db);
  a = prepare (db, street, now);
  b = prepare (db, street, now);
  t_batch = run (db, a, street, dept, now, TRUE);
  t_each = run (db, b, street, dept, now, FALSE);
  bench_figure_rate ("workflow_actions_per_second_batch", a->len * 5 / (t_batch / 1000.0), "actions/s",
                     b->len * 5 / (t_each / 1000.0), "actions/s(one transaction each)");
  return 0;
}
