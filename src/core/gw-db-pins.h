/* gw-db-pins.h: the open tickets' pins, all at once or as they change. */
#pragma once

#include "gw-db.h"
#include "gw-pin-index.h"

G_BEGIN_DECLS

/* Pins (element type GwPin) of the open tickets: every one when since_seq < 0; otherwise
 * those of the tickets the change log names after since_seq that are still open, their
 * ids that are no longer open (closed, rejected, merged) going to *gone (gint64). *seq
 * receives the change log's last sequence, read in the same snapshot. */
GArray *gw_db_list_pins (GwDb     *self,
                         gint64    since_seq,
                         gint64   *seq,
                         GArray  **gone,
                         GError  **error);

/* Other points of the map as pins (element type GwPin, no light unless said). */
typedef enum {
  GW_DB_POINTS_CAMERAS,   /* every camera */
  GW_DB_POINTS_WORKERS,   /* grid workers with a known place; on duty: a green light */
  GW_DB_POINTS_REPORTS,   /* tickets reported at or after `since` */
} GwDbPointKind;

GArray     *gw_db_list_points  (GwDb          *self,
                                GwDbPointKind  kind,
                                gint64         since,
                                GError       **error);

/* A figure per grid: grid code -> double (the largest in *most). The open ones are the
 * state now; the reported ones count every ticket reported at or after `since`. */
typedef enum {
  GW_GRID_FIGURE_OPEN,                /* open tickets */
  GW_GRID_FIGURE_RED,                 /* red or overdue at `now` */
  GW_GRID_FIGURE_OPEN_PER_1000,       /* open tickets per 1,000 residents (grids with a population) */
  GW_GRID_FIGURE_REPORTED,            /* tickets reported since `since` */
  GW_GRID_FIGURE_REPORTED_PER_1000,   /* the same per 1,000 residents */
} GwGridFigure;

GHashTable *gw_db_grid_figures (GwDb          *self,
                                GwGridFigure   figure,
                                gint64         now,
                                gint64         since,
                                double        *most,
                                GError       **error);

/* Where a searched text is: a ticket by its number or its start (ticket_id set), else a
 * division by its code or a part of its name (its label point and level). FALSE without
 * an error when nothing matches. */
typedef struct {
  double  lon;
  double  lat;
  GwLevel level;
  gint64  ticket_id;
} GwPlace;

/* Where the open tickets are, on average (WGS84): the place a first view starts from. FALSE
 * without an error when no open ticket has a place. */
gboolean    gw_db_open_tickets_centre (GwDb    *self,
                                       double  *lon,
                                       double  *lat,
                                       GError **error);
gboolean    gw_db_find_place   (GwDb          *self,
                                const char    *text,
                                GwPlace       *place,
                                GError       **error);

G_END_DECLS
