/* gw-division-source.h: the offline base map — 256 px tiles drawn from the county's own
 * division boundaries (filled by level, outlined, named), with no network and no tiles. */
#pragma once

#include <shumate/shumate.h>

#include "gw-geo.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_DIVISION_SOURCE (gw_division_source_get_type ())
G_DECLARE_FINAL_TYPE (GwDivisionSource, gw_division_source, GW, DIVISION_SOURCE, ShumateMapSource)

/* Starts loading every division from the store (once, on a reader thread; the store must
 * be open already); tiles asked for before the boundaries are there wait for them. Colours follow the style manager's
 * dark or light at the moment each tile is asked for (a map layer keeps the tiles it has:
 * replace the layer when the style changes). */
GwDivisionSource *gw_division_source_new           (GwStore          *store);

/* The same boundaries as lines and names only, transparent elsewhere: drawn over imagery
 * (an MBTiles or online base) whose tiles are in `datum` (on GCJ-02 every line and name
 * is shifted to match). */
GwDivisionSource *gw_division_source_new_lines     (GwStore          *store,
                                                    GwDatum           datum);

/* Lines, names and each grid of `fills` (grid code -> GwRgba, kept and never changed)
 * in its colour, transparent elsewhere: a choropleth over the base. */
GwDivisionSource *gw_division_source_new_shaded    (GwStore          *store,
                                                    GHashTable       *fills,
                                                    GwDatum           datum);

/* TRUE once the boundaries are loaded and ready to draw ("loaded" is notified then). */
gboolean          gw_division_source_get_loaded    (GwDivisionSource *self);
/* Why loading failed (every tile then fails with it), or NULL. */
const GError     *gw_division_source_get_error     (GwDivisionSource *self);
/* The box (degrees) around every boundary; FALSE before loading or with no boundary. */
gboolean          gw_division_source_get_extent    (GwDivisionSource *self,
                                                    double           *min_lon,
                                                    double           *min_lat,
                                                    double           *max_lon,
                                                    double           *max_lat);

/* For tests and the map's readiness: requests not finished yet; tiles filled so far; of
 * those, the ones drawn on the worker threads (the others are plain background, outside
 * the county) and the time (µs) the workers spent drawing them. */
guint             gw_division_source_get_n_pending (GwDivisionSource *self);
guint             gw_division_source_get_n_filled  (GwDivisionSource *self);
guint             gw_division_source_get_n_drawn   (GwDivisionSource *self);
gint64            gw_division_source_get_render_us (GwDivisionSource *self);

G_END_DECLS
