/* gw-division-tiles.h: what GwDivisionSource draws its tiles from, and the drawing.
 *
 * The county's boundaries projected to Web Mercator, indexed per level, with the names
 * placed for every zoom. Built once on a worker thread, then never changed: any number of
 * threads may draw from it at once. Only cairo, Pango and the core's divisions: no GTK.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gw-division.h"
#include "gw-geo.h"

G_BEGIN_DECLS

#define GW_DIVISION_TILE_SIZE 256
#define GW_DIVISION_MIN_ZOOM  8
#define GW_DIVISION_MAX_ZOOM  19
#define GW_TILE_N_TINTS       6

typedef struct {
  double r, g, b, a;
} GwRgba;

/* The colours of one style: plain values, copied into every request. */
typedef struct {
  gboolean dark;
  GwRgba   background;                 /* outside the county */
  GwRgba   land;                       /* inside the district */
  GwRgba   tints[GW_TILE_N_TINTS];     /* the streets, in turn */
  GwRgba   lines[GW_N_LEVELS];
  GwRgba   text[GW_N_LEVELS];
  GwRgba   halo;
} GwTilePalette;

const GwTilePalette *gw_tile_palette_get        (gboolean dark);

typedef struct _GwDivisionTiles GwDivisionTiles;

/* From every division (element type GwDivision); those without a boundary are left out.
 * The tiles are those of a map in `datum`: on a GCJ-02 base every vertex and name is
 * shifted from our WGS84 as the base's tiles are (the extent stays in WGS84). Takes tens of
 * milliseconds for a real county: call it on a worker thread. */
GwDivisionTiles *gw_division_tiles_new           (GPtrArray             *divisions,
                                                  GwDatum                datum);
GwDivisionTiles *gw_division_tiles_ref           (GwDivisionTiles       *self);
void             gw_division_tiles_unref         (GwDivisionTiles       *self);

guint            gw_division_tiles_get_n_shapes  (const GwDivisionTiles *self);
guint            gw_division_tiles_get_n_labels  (const GwDivisionTiles *self);
/* The box (degrees) around every boundary; FALSE when there is none. */
gboolean         gw_division_tiles_get_extent    (const GwDivisionTiles *self,
                                                  double                *min_lon,
                                                  double                *min_lat,
                                                  double                *max_lon,
                                                  double                *max_lat);
/* FALSE when tile (x, y) at zoom has nothing of the county in it (no line, no name): it
 * is the plain background. */
gboolean         gw_division_tiles_covers        (const GwDivisionTiles *self,
                                                  guint                  zoom,
                                                  guint                  x,
                                                  guint                  y);
/* Draws tile (x, y) at zoom into cr (with `fills`, grid code -> GwRgba, a
 * choropleth over the grids; NULL for none), GW_DIVISION_TILE_SIZE pixels square from (0, 0);
 * FALSE when cancelled on the way. Safe from any thread, each with its own cr. */
gboolean         gw_division_tiles_draw          (const GwDivisionTiles *self,
                                                  cairo_t               *cr,
                                                  const GwTilePalette   *palette,
                                                  GHashTable            *fills,
                                                  guint                  zoom,
                                                  guint                  x,
                                                  guint                  y,
                                                  GCancellable          *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDivisionTiles, gw_division_tiles_unref)

G_END_DECLS
