/* gw-demo.h: the demo county generator.
 *
 * "tongnan" is the real scale of the seeds: the real outline of Tongnan (500223) cut into
 * 23 streets/towns, 304 communities/villages, 1,935 grids and 2,216 micro-grids, with 61
 * departments, 2,500 grid workers, 23,000 cameras and 420,000 tickets over two years, a
 * few thousand still open. "small" is the same county at a size tests can afford.
 * The same seed and the same `now` give the same content, byte for byte.
 */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

typedef enum {
  GW_DEMO_PROFILE_SMALL,
  GW_DEMO_PROFILE_TONGNAN,
} GwDemoProfile;

gboolean gw_demo_profile_from_string (const char    *name,
                                      GwDemoProfile *out);

/* Called now and then with a short stage name ("divisions", "tickets", …; marked for
 * translation, so callers may show _(stage)) and the fraction done of that stage. */
typedef void (*GwDemoProgress) (const char *stage,
                                double      fraction,
                                gpointer    user_data);

/* The default anchor: `unix_now` rounded down to the hour, so the history runs up to the
 * hour the demo is made in ("reported today" is not empty). Pass a fixed `now` for
 * identical content across runs. */
gint64   gw_demo_default_now         (gint64 unix_now);

/* Fills an empty database; the whole county is written in one transaction, so a failure
 * leaves the database empty. Tickets are reported before `now`. */
gboolean gw_demo_generate            (GwDb           *db,
                                      GwDemoProfile   profile,
                                      guint32         seed,
                                      gint64          now,
                                      GwDemoProgress  progress,
                                      gpointer        user_data,
                                      GError        **error);

/* A simulator for live demos and drills' background noise: each step is a new report
 * somewhere in the county (weighted by population, described from the templates) or the
 * next natural step of an open ticket, taken through the real workflow with an actor that
 * may take it. It works on any database with divisions, departments and the shipped
 * dictionary. */
typedef struct _GwSimulator GwSimulator;

GwSimulator *gw_simulator_new  (GwDb         *db,
                                guint32       seed,
                                GError      **error);
void         gw_simulator_free (GwSimulator  *self);
/* Returns the id of the ticket reported or moved on, or 0 with error set. */
gint64       gw_simulator_step (GwSimulator  *self,
                                gint64        now,
                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSimulator, gw_simulator_free)

G_END_DECLS
