/* gw-ticket-query.h: what a queue shows — filters, a saved view, a sort — evaluated in
 * SQLite to the ordered array of matching ticket ids.
 *
 * Filtering, searching and sorting happen in the database, never in a GTK filter or sort
 * model: the console's list model (GwTicketList) holds only the resulting id array and
 * fetches the rows it shows. Lights are evaluated in SQL from the stage thresholds the
 * tickets carry (yellow_at, red_at, deadline_at, paused_at), at a given `now`.
 */
#pragma once

#include <glib-object.h>

#include "gw-db.h"
#include "gw-policy.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

/* The saved views of the console, each a filter of its own that combines with the rest. */
typedef enum {
  GW_TICKET_VIEW_ALL = 0,
  GW_TICKET_VIEW_MY_QUEUE,            /* open, waiting on the actor's role (and department) */
  GW_TICKET_VIEW_NEW,                 /* reported or being verified: not yet screened */
  GW_TICKET_VIEW_RED_OVERDUE,         /* open, light red or overdue */
  GW_TICKET_VIEW_EMERGENCY,           /* open emergencies */
  GW_TICKET_VIEW_WHISTLE_WAITING,     /* whistles with a department not yet reported in */
  GW_TICKET_VIEW_AWAITING_EVALUATION, /* closed, the citizen's evaluation not yet in */
  GW_N_TICKET_VIEWS
} GwTicketView;

typedef enum {
  GW_TICKET_SORT_RECEIVED = 0,
  GW_TICKET_SORT_NUMBER,
  GW_TICKET_SORT_LIGHT,
  GW_TICKET_SORT_CATEGORY,
  GW_TICKET_SORT_LOCATION,
  GW_TICKET_SORT_SOURCE,
  GW_TICKET_SORT_URGENCY,
  GW_TICKET_SORT_LEVEL,
  GW_TICKET_SORT_STATE,
  GW_TICKET_SORT_BOARD,
  GW_TICKET_SORT_TIME_LEFT,
  GW_N_TICKET_SORTS
} GwTicketSort;

typedef struct {
  GwTicketView view;
  guint        states;          /* bit (1 << GwTicketState) per state; 0 = any */
  guint        lights;          /* bit (1 << GwLight); 0 = any */
  guint        urgencies;       /* bit (1 << GwUrgency); 0 = any */
  guint        sources;         /* bit (1 << GwSource); 0 = any */
  char        *board;           /* board code, or NULL */
  char        *department_code; /* the responsible department, or NULL */
  char        *category;        /* a category or subcategory code (prefix), or NULL */
  char        *division_code;   /* a street, community or grid (its whole subtree), or NULL */
  gint64       from;            /* reported at or after (Unix s), 0 = no bound */
  gint64       to;              /* reported before, 0 = no bound */
  char        *text;            /* full text (Chinese substrings) or a ticket number, or NULL */
  GwTicketSort sort;
  gboolean     descending;
} GwTicketQuery;

GType          gw_ticket_query_get_type   (void) G_GNUC_CONST;
#define GW_TYPE_TICKET_QUERY (gw_ticket_query_get_type ())

GwTicketQuery *gw_ticket_query_new        (void);
GwTicketQuery *gw_ticket_query_copy       (const GwTicketQuery *self);
void           gw_ticket_query_free       (GwTicketQuery       *self);
gboolean       gw_ticket_query_equal      (const GwTicketQuery *a,
                                           const GwTicketQuery *b);

const char    *gw_ticket_view_to_string   (GwTicketView view);
gboolean       gw_ticket_view_from_string (const char   *str,
                                           GwTicketView *out);
const char    *gw_ticket_sort_to_string   (GwTicketSort sort);
gboolean       gw_ticket_sort_from_string (const char   *str,
                                           GwTicketSort *out);

/* The ids of every ticket the query matches for `actor` (whose role and department shape
 * "my queue"; NULL for none) at `now`, in the query's order (ties by id, newest first). */
GArray        *gw_db_query_ticket_ids     (GwDb                *db,
                                           const GwTicketQuery *query,
                                           const GwActor       *actor,
                                           gint64               now,
                                           GError             **error);

/* How many tickets each saved view holds at `now` (with no other filter), into
 * counts[GW_N_TICKET_VIEWS]. */
gboolean       gw_db_count_ticket_views   (GwDb                *db,
                                           const GwActor       *actor,
                                           gint64               now,
                                           gint64              *counts,
                                           GError             **error);

/* Names for the codes a queue row shows: the divisions' (code -> name) and the
 * departments' (code -> name), read at once. */
typedef struct {
  GHashTable *divisions;        /* code -> name */
  GHashTable *division_levels;  /* code -> GINT_TO_POINTER (GwLevel) */
  GHashTable *departments;      /* code -> name */
} GwQueueNames;

GwQueueNames  *gw_db_get_queue_names      (GwDb                *db,
                                           GError             **error);
void           gw_queue_names_free        (GwQueueNames        *names);

/* The same selection evaluated row by row in C over every ticket: the tests' oracle. */
GArray        *gw_db_query_ticket_ids_naive (GwDb                *db,
                                             const GwTicketQuery *query,
                                             const GwActor       *actor,
                                             gint64               now,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTicketQuery, gw_ticket_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwQueueNames, gw_queue_names_free)

G_END_DECLS
