/* test-drill-util.h: what the drill tests share — waiting on the main context, scenarios
 * built by hand (gw-scenario-private.h), a prepared drill on a manual clock. */
#pragma once

#include "gw-drill-score.h"
#include "gw-drill.h"
#include "gw-scenario-private.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define T0 G_GINT64_CONSTANT (1772413200)   /* 2026-03-02T09:00:00+08:00, a Monday */

#define GRID_1     "500223001001001"
#define GRID_2     "500223001001002"
#define DEPT_WORLD "500223-D05"      /* nobody plays it */
#define DEPT_SEAT  "500223-D07"      /* the "dept" seat plays it */
#define WORKER     "W50022300001"
#define CAMERA     "50022300001310000001"

typedef struct {
  GAsyncResult *result;
} Wait;

/* A prepared drill on a manual clock. */
typedef struct {
  char       *dir;
  char       *county;
  char       *path;
  GwScenario *scenario;
  GwStore    *store;
  GwClock    *clock;
  GwDrill    *drill;
  GPtrArray  *applied;    /* GwDrillEvent copies */
  GPtrArray  *failed;
  guint       notes;
} Drill;

/* Waiting on the default main context. */
void          on_done        (GObject       *object,
                              GAsyncResult  *result,
                              gpointer       user_data);
GAsyncResult *wait_for       (Wait          *w);
GwStore      *open_store     (const char    *path);
gpointer      store_run      (GwStore       *store,
                              GwStoreFunc    func,
                              gpointer       data,
                              GError       **error);
void          poll_drill     (GwDrill       *drill);
/* An ad hoc injection by "trainer": the ticket, 0, or -1 with error set. */
gint64        inject         (GwDrill            *drill,
                              const GwInjection  *injection,
                              GError            **error);

char         *file_sha256    (const char    *path);
gint64        db_int         (GwDb          *db,
                              const char    *sql);
char         *db_text        (GwDb          *db,
                              const char    *sql);

/* Scenarios by hand: the small county, from T0. */
GwScenario    *scenario_new  (const char      *id,
                              gint64           duration);
void           add_seat      (GwScenario      *s,
                              const char      *id,
                              GwRole           role,
                              const char      *division,
                              const char      *department);
GwInjection   *add_injection (GwScenario      *s,
                              const char      *id,
                              gint64           at,
                              GwInjectionKind  kind);
GwInjection   *add_report    (GwScenario      *s,
                              const char      *id,
                              gint64           at,
                              const char      *grid,
                              GwSource         source);
GwExpectation *add_expect    (GwScenario      *s,
                              const char      *id,
                              GwExpectKind     kind,
                              const char      *ticket,
                              gint64           within,
                              const char      *seat,
                              guint            points);

/* The small county in a scratch directory, the drill's copy prepared for `scenario`
 * (taken), a store on it, `clock` (taken; NULL: a manual clock at T0), the drill, its
 * signals recorded. */
void           drill_setup    (Drill       *d,
                               const char  *tag,
                               GwScenario  *scenario,
                               GwClock     *clock);
void           drill_teardown (Drill       *d);
/* Starts the drill and runs it to its end: the clock stepped to each due instant,
 * polled there. */
void           run_to_end     (Drill       *d);

G_END_DECLS
