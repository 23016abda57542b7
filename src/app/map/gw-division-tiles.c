/* gw-division-tiles.c: the county's boundaries made ready for tiles, and a tile drawn.
 *
 * Each polygon is projected to Web Mercator world coordinates (0…1 on both axes), the
 * shapes of each level are indexed in a uniform grid of cells, so that a tile touches only
 * what overlaps it, and every name is measured. Then, for each zoom, which names are shown
 * is decided for the whole map: greedily by level and size, where the name fits its
 * division and overlaps no name already placed. Deciding that once (not per tile) keeps a
 * name cut by a tile edge whole on both sides.
 *
 * A tile: the land, each street tinted faintly, outlines from the finest level to the
 * coarsest (line widths by level, growing with the zoom; micro-grids only from zoom 16),
 * and the names (streets from zoom 11, communities 13, grids 15) with a halo.
 */
#define G_LOG_DOMAIN "gw-division-tiles"

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "gw-division-tiles.h"

#define TILE_SIZE       GW_DIVISION_TILE_SIZE
#define MIN_ZOOM        GW_DIVISION_MIN_ZOOM
#define MAX_ZOOM        GW_DIVISION_MAX_ZOOM
#define N_TINTS         GW_TILE_N_TINTS
#define MAX_LATITUDE    85.05112878
#define SIMPLIFY_PX     0.6    /* ring points closer than this to the last one drawn are skipped */
#define LINE_MARGIN_PX  6.0    /* a shape this close to a tile can still draw into it */
#define LABEL_PAD_PX    4      /* room kept around every name */
#define FONT_FAMILY     "Noto Sans CJK SC, Noto Sans CJK, sans-serif"

/* ---- Styling ----------------------------------------------------------------------------- */

static const GwTilePalette dark_palette = {
  .dark = TRUE,
  .background = { 0.106, 0.118, 0.137, 1 },
  .land = { 0.149, 0.169, 0.200, 1 },
  .tints = {
    { 0.35, 0.55, 0.95, 0.11 }, { 0.30, 0.78, 0.70, 0.10 }, { 0.50, 0.78, 0.40, 0.10 },
    { 0.92, 0.70, 0.30, 0.09 }, { 0.68, 0.52, 0.92, 0.11 }, { 0.92, 0.45, 0.55, 0.09 },
  },
  .lines = {
    [GW_LEVEL_DISTRICT]  = { 0.64, 0.74, 0.88, 0.95 },
    [GW_LEVEL_STREET]    = { 0.56, 0.65, 0.79, 0.85 },
    [GW_LEVEL_COMMUNITY] = { 0.49, 0.57, 0.69, 0.80 },
    [GW_LEVEL_AREA]      = { 0.45, 0.52, 0.63, 0.65 },
    [GW_LEVEL_GRID]      = { 0.42, 0.48, 0.58, 0.70 },
    [GW_LEVEL_MICROGRID] = { 0.40, 0.45, 0.54, 0.60 },
  },
  .text = {
    [GW_LEVEL_DISTRICT]  = { 0.93, 0.95, 0.98, 1 },
    [GW_LEVEL_STREET]    = { 0.90, 0.92, 0.96, 1 },
    [GW_LEVEL_COMMUNITY] = { 0.80, 0.84, 0.90, 1 },
    [GW_LEVEL_AREA]      = { 0.74, 0.78, 0.85, 1 },
    [GW_LEVEL_GRID]      = { 0.70, 0.74, 0.81, 1 },
    [GW_LEVEL_MICROGRID] = { 0.64, 0.68, 0.75, 1 },
  },
  .halo = { 0.106, 0.118, 0.137, 0.85 },
};

static const GwTilePalette light_palette = {
  .dark = FALSE,
  .background = { 0.905, 0.898, 0.878, 1 },
  .land = { 0.972, 0.965, 0.945, 1 },
  .tints = {
    { 0.25, 0.45, 0.90, 0.09 }, { 0.15, 0.62, 0.55, 0.09 }, { 0.35, 0.62, 0.25, 0.09 },
    { 0.85, 0.58, 0.15, 0.09 }, { 0.55, 0.38, 0.85, 0.09 }, { 0.85, 0.32, 0.42, 0.08 },
  },
  .lines = {
    [GW_LEVEL_DISTRICT]  = { 0.30, 0.34, 0.42, 0.95 },
    [GW_LEVEL_STREET]    = { 0.38, 0.42, 0.50, 0.85 },
    [GW_LEVEL_COMMUNITY] = { 0.48, 0.52, 0.60, 0.80 },
    [GW_LEVEL_AREA]      = { 0.55, 0.58, 0.65, 0.65 },
    [GW_LEVEL_GRID]      = { 0.58, 0.61, 0.67, 0.70 },
    [GW_LEVEL_MICROGRID] = { 0.62, 0.65, 0.70, 0.60 },
  },
  .text = {
    [GW_LEVEL_DISTRICT]  = { 0.12, 0.14, 0.18, 1 },
    [GW_LEVEL_STREET]    = { 0.16, 0.18, 0.22, 1 },
    [GW_LEVEL_COMMUNITY] = { 0.24, 0.27, 0.32, 1 },
    [GW_LEVEL_AREA]      = { 0.30, 0.33, 0.38, 1 },
    [GW_LEVEL_GRID]      = { 0.34, 0.37, 0.42, 1 },
    [GW_LEVEL_MICROGRID] = { 0.40, 0.43, 0.48, 1 },
  },
  .halo = { 0.972, 0.965, 0.945, 0.85 },
};

/* What each level looks like. Line widths are those at zoom 14; they grow with the zoom. */
typedef struct {
  guint    outline_from;   /* the first zoom with outlines */
  double   width;
  gboolean dashed;
  guint    names_from;     /* the first and last zoom with names */
  guint    names_to;
  double   font_px;
  gboolean bold;
  double   fit;            /* a name is shown when its division's box is this share of it */
} LevelStyle;

static const LevelStyle level_styles[GW_N_LEVELS] = {
  [GW_LEVEL_DISTRICT]  = { MIN_ZOOM, 2.6, FALSE, MIN_ZOOM, 10, 17, TRUE, 0.5 },
  [GW_LEVEL_STREET]    = { MIN_ZOOM, 1.8, FALSE, 11, MAX_ZOOM, 15, TRUE, 0.7 },
  [GW_LEVEL_COMMUNITY] = { 11, 1.2, FALSE, 13, MAX_ZOOM, 13, FALSE, 0.8 },
  [GW_LEVEL_AREA]      = { 12, 0.9, FALSE, 14, MAX_ZOOM, 12, FALSE, 0.9 },
  [GW_LEVEL_GRID]      = { 13, 0.8, FALSE, 15, MAX_ZOOM, 12, FALSE, 0.9 },
  [GW_LEVEL_MICROGRID] = { 16, 0.7, TRUE, 17, MAX_ZOOM, 11, FALSE, 1.0 },
};

static double
width_factor (guint zoom)
{
  return CLAMP (pow (1.2, (double) zoom - 14.0), 0.6, 2.0);
}

static void
set_color (cairo_t      *cr,
           const GwRgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static PangoFontDescription *
level_font (GwLevel level)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, level_styles[level].font_px * PANGO_SCALE);
  pango_font_description_set_weight (font, level_styles[level].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

static PangoLayout *
create_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);

  pango_context_set_language (pango_layout_get_context (layout), pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);
  return layout;
}

/* ---- Geometry ---------------------------------------------------------------------------- */

/* A box in world coordinates: 0…1 from the antimeridian eastwards and from the north
 * edge of Web Mercator southwards; a tile at zoom z spans 1 / 2^z. */
typedef struct {
  double x0, y0, x1, y1;
} Box;

typedef struct {
  guint start;       /* the first point (a pair of doubles) in GwDivisionTiles.points */
  guint n_points;
} Ring;

typedef struct {
  Box    box;         /* first: the grid reads boxes by stride */
  guint  first_ring;
  guint  n_rings;
  guint  tint;
  const char *code;   /* the division's code, interned (a choropleth's key) */
} Shape;

typedef struct {
  Box      point;    /* first: the label point (x0 == x1, y0 == y1) */
  Box      bbox;     /* its division's box */
  char    *text;
  GwLevel  level;
  int      width;    /* pixels */
  int      height;
  guint32  zooms;    /* bit z set: shown at zoom z */
} Label;

/* A uniform grid of cells over some boxes; each cell lists the boxes that touch it. */
typedef struct {
  double  x0, y0;
  double  cell_w, cell_h;
  int     nx, ny;
  guint  *starts;    /* nx * ny + 1 offsets into items */
  guint  *items;
} Grid;

typedef struct {
  GArray *shapes;    /* Shape */
  Grid    grid;
} LevelData;

/* Everything a tile is drawn from; built once, never changed, shared by the workers. */
struct _GwDivisionTiles
{
  GArray    *points;            /* double: x, y pairs */
  GArray    *rings;             /* Ring */
  LevelData  levels[GW_N_LEVELS];
  GArray    *labels;            /* Label */
  Grid       label_grid;
  int        max_label_width;
  int        max_label_height;
  gboolean   has_extent;
  Box        extent;
  double     min_lon, min_lat, max_lon, max_lat;
  GwDatum    datum;
};

/* (lon, lat), WGS84, to Web Mercator units (0..1) on a map in `datum`. */
static void
project (GwDatum datum,
         double  lon,
         double  lat,
         double *x,
         double *y)
{
  double s;

  gw_geo_convert (GW_DATUM_WGS84, datum, lon, lat, &lon, &lat);
  lat = CLAMP (lat, -MAX_LATITUDE, MAX_LATITUDE);
  s = sin (lat * G_PI / 180.0);
  *x = (CLAMP (lon, -180.0, 180.0) + 180.0) / 360.0;
  *y = 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
}

static gboolean
box_intersects (const Box *a,
                const Box *b)
{
  return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

static void
box_add (Box      *box,
         gboolean *empty,
         const Box *other)
{
  if (*empty)
    *box = *other;
  else
    {
      box->x0 = MIN (box->x0, other->x0);
      box->y0 = MIN (box->y0, other->y0);
      box->x1 = MAX (box->x1, other->x1);
      box->y1 = MAX (box->y1, other->y1);
    }
  *empty = FALSE;
}

static const Box *
box_at (const void *base,
        gsize       stride,
        guint       i)
{
  return (const Box *) ((const guint8 *) base + (gsize) i * stride);
}

static int
grid_cell (double v,
           double origin,
           double size,
           int    n)
{
  double c = floor ((v - origin) / size);

  return (int) CLAMP (c, 0.0, (double) (n - 1));
}

/* Indexes n boxes, each `stride` bytes after the last, lying within `extent`. */
static void
grid_build (Grid       *grid,
            const void *base,
            gsize       stride,
            guint       n,
            const Box  *extent)
{
  int side = CLAMP ((int) ceil (sqrt (n / 2.0)), 1, 256);
  g_autofree guint *cursor = NULL;

  grid->x0 = extent->x0;
  grid->y0 = extent->y0;
  grid->nx = grid->ny = side;
  grid->cell_w = MAX ((extent->x1 - extent->x0) / side, 1e-12);
  grid->cell_h = MAX ((extent->y1 - extent->y0) / side, 1e-12);
  grid->starts = g_new0 (guint, side * side + 1);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          const Box *b = box_at (base, stride, i);
          int cx0 = grid_cell (b->x0, grid->x0, grid->cell_w, grid->nx);
          int cx1 = grid_cell (b->x1, grid->x0, grid->cell_w, grid->nx);
          int cy0 = grid_cell (b->y0, grid->y0, grid->cell_h, grid->ny);
          int cy1 = grid_cell (b->y1, grid->y0, grid->cell_h, grid->ny);

          for (int cy = cy0; cy <= cy1; cy++)
            for (int cx = cx0; cx <= cx1; cx++)
              {
                if (pass == 0)
                  grid->starts[cy * side + cx + 1]++;
                else
                  grid->items[cursor[cy * side + cx]++] = i;
              }
        }

      if (pass == 0)
        {
          for (int c = 0; c < side * side; c++)
            grid->starts[c + 1] += grid->starts[c];
          grid->items = g_new (guint, MAX (grid->starts[side * side], 1));
          cursor = g_memdup2 (grid->starts, sizeof (guint) * side * side);
        }
    }
}

static void
grid_clear (Grid *grid)
{
  g_clear_pointer (&grid->starts, g_free);
  g_clear_pointer (&grid->items, g_free);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Appends to `out`, in ascending order and each once, the boxes that meet `q`. A box
 * spanning several cells is taken in the first cell it shares with the query only. */
static void
grid_query (const Grid *grid,
            const void *base,
            gsize       stride,
            const Box  *q,
            GArray     *out)
{
  int qx0, qx1, qy0, qy1;
  guint before = out->len;

  if (grid->starts == NULL)
    return;
  qx0 = grid_cell (q->x0, grid->x0, grid->cell_w, grid->nx);
  qx1 = grid_cell (q->x1, grid->x0, grid->cell_w, grid->nx);
  qy0 = grid_cell (q->y0, grid->y0, grid->cell_h, grid->ny);
  qy1 = grid_cell (q->y1, grid->y0, grid->cell_h, grid->ny);

  for (int cy = qy0; cy <= qy1; cy++)
    for (int cx = qx0; cx <= qx1; cx++)
      {
        int c = cy * grid->nx + cx;

        for (guint k = grid->starts[c]; k < grid->starts[c + 1]; k++)
          {
            guint i = grid->items[k];
            const Box *b = box_at (base, stride, i);
            int bx0, by0;

            if (!box_intersects (b, q))
              continue;
            bx0 = MAX (grid_cell (b->x0, grid->x0, grid->cell_w, grid->nx), qx0);
            by0 = MAX (grid_cell (b->y0, grid->y0, grid->cell_h, grid->ny), qy0);
            if (bx0 == cx && by0 == cy)
              g_array_append_val (out, i);
          }
      }

  if (out->len - before > 1)
    qsort (&g_array_index (out, guint, before), out->len - before, sizeof (guint), compare_uint);
}

static void
tiles_clear (GwDivisionTiles *data)
{
  for (guint l = 0; l < GW_N_LEVELS; l++)
    {
      g_clear_pointer (&data->levels[l].shapes, g_array_unref);
      grid_clear (&data->levels[l].grid);
    }
  if (data->labels != NULL)
    for (guint i = 0; i < data->labels->len; i++)
      g_free (g_array_index (data->labels, Label, i).text);
  g_clear_pointer (&data->labels, g_array_unref);
  grid_clear (&data->label_grid);
  g_clear_pointer (&data->points, g_array_unref);
  g_clear_pointer (&data->rings, g_array_unref);
}

GwDivisionTiles *
gw_division_tiles_ref (GwDivisionTiles *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
gw_division_tiles_unref (GwDivisionTiles *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) tiles_clear);
}

/* Adds a division's polygon as a shape of its level; FALSE when it has none. */
static gboolean
add_shape (GwDivisionTiles  *data,
           const GwDivision *d,
           guint             tint,
           Box              *box)
{
  Shape shape = { .first_ring = data->rings->len, .tint = tint, .code = g_intern_string (d->code) };
  gboolean empty = TRUE;

  if (d->polygon == NULL || gw_polygon_is_empty (d->polygon))
    return FALSE;

  for (guint part = 0; part < gw_polygon_get_n_parts (d->polygon); part++)
    for (guint r = 0; r < gw_polygon_get_n_rings (d->polygon, part); r++)
      {
        guint n = 0;
        const double *coords = gw_polygon_get_ring (d->polygon, part, r, &n);
        Ring ring = { data->points->len / 2, n };

        if (n < 3)
          continue;
        for (guint i = 0; i < n; i++)
          {
            double xy[2];
            Box p;

            project (data->datum, coords[2 * i], coords[2 * i + 1], &xy[0], &xy[1]);
            g_array_append_vals (data->points, xy, 2);
            p = (Box) { xy[0], xy[1], xy[0], xy[1] };
            box_add (&shape.box, &empty, &p);
          }
        g_array_append_val (data->rings, ring);
        shape.n_rings++;
      }

  if (shape.n_rings == 0)
    return FALSE;
  g_array_append_val (data->levels[d->level].shapes, shape);
  *box = shape.box;
  return TRUE;
}

static void
add_label (GwDivisionTiles  *data,
           const GwDivision *d,
           const Box        *bbox)
{
  Label label = { .bbox = *bbox, .level = d->level };
  double lon = d->label_lon, lat = d->label_lat;

  if (d->name == NULL || *d->name == '\0')
    return;
  if (!isfinite (lon) || !isfinite (lat) || fabs (lon) > 180 || fabs (lat) > 90 || (lon == 0 && lat == 0) ||
      !gw_polygon_contains (d->polygon, lon, lat))
    {
      if (!gw_polygon_label_point (d->polygon, &lon, &lat))
        return;
    }
  project (data->datum, lon, lat, &label.point.x0, &label.point.y0);
  label.point.x1 = label.point.x0;
  label.point.y1 = label.point.y0;
  label.text = g_strdup (d->name);
  g_array_append_val (data->labels, label);
}

/* Every name's size in pixels, with the fonts the tiles are drawn with. */
static void
measure_labels (GwDivisionTiles *data)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = create_layout (cr);
  PangoFontDescription *fonts[GW_N_LEVELS];

  for (guint l = 0; l < GW_N_LEVELS; l++)
    fonts[l] = level_font (l);

  for (guint i = 0; i < data->labels->len; i++)
    {
      Label *label = &g_array_index (data->labels, Label, i);

      pango_layout_set_font_description (layout, fonts[label->level]);
      pango_layout_set_text (layout, label->text, -1);
      pango_layout_get_pixel_size (layout, &label->width, &label->height);
      data->max_label_width = MAX (data->max_label_width, label->width);
      data->max_label_height = MAX (data->max_label_height, label->height);
    }

  for (guint l = 0; l < GW_N_LEVELS; l++)
    pango_font_description_free (fonts[l]);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static int
compare_label_priority (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const Label *labels = user_data;
  const Label *x = &labels[*(const guint *) a], *y = &labels[*(const guint *) b];
  double area_x = (x->bbox.x1 - x->bbox.x0) * (x->bbox.y1 - x->bbox.y0);
  double area_y = (y->bbox.x1 - y->bbox.x0) * (y->bbox.y1 - y->bbox.y0);

  if (x->level != y->level)
    return x->level < y->level ? -1 : 1;
  if (area_x != area_y)
    return area_x > area_y ? -1 : 1;
  return strcmp (x->text, y->text);
}

/* Placed names, in cells of 256 px, to test a new one against its neighbours only. */
#define PLACE_CELL 256.0

static gint64
place_key (int cx,
           int cy)
{
  return ((gint64) cx << 32) | (guint32) cy;
}

static gboolean
place_try (GHashTable *cells,
           const Box  *b)
{
  int cx0 = (int) floor (b->x0 / PLACE_CELL), cx1 = (int) floor (b->x1 / PLACE_CELL);
  int cy0 = (int) floor (b->y0 / PLACE_CELL), cy1 = (int) floor (b->y1 / PLACE_CELL);

  for (int cy = cy0; cy <= cy1; cy++)
    for (int cx = cx0; cx <= cx1; cx++)
      {
        gint64 key = place_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (cells, &key);

        for (guint i = 0; boxes != NULL && i < boxes->len; i++)
          if (box_intersects (&g_array_index (boxes, Box, i), b))
            return FALSE;
      }

  for (int cy = cy0; cy <= cy1; cy++)
    for (int cx = cx0; cx <= cx1; cx++)
      {
        gint64 key = place_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (cells, &key);

        if (boxes == NULL)
          {
            boxes = g_array_new (FALSE, FALSE, sizeof (Box));
            g_hash_table_insert (cells, g_memdup2 (&key, sizeof key), boxes);
          }
        g_array_append_vals (boxes, b, 1);
      }
  return TRUE;
}

/* For every zoom, which names are shown: by level, then the larger division first; where
 * the name fits its division and meets no name already placed. */
static void
place_labels (GwDivisionTiles *data)
{
  Label *labels = (Label *) (void *) data->labels->data;
  guint n = data->labels->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_label_priority, labels);

  for (guint z = MIN_ZOOM; z <= MAX_ZOOM; z++)
    {
      g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_array_unref);
      double world = TILE_SIZE * ldexp (1.0, z);

      for (guint k = 0; k < n; k++)
        {
          Label *label = &labels[order[k]];
          const LevelStyle *style = &level_styles[label->level];
          double cx = round (label->point.x0 * world), cy = round (label->point.y0 * world);
          double half_w = label->width / 2.0 + LABEL_PAD_PX, half_h = label->height / 2.0 + LABEL_PAD_PX;
          Box b = { cx - half_w, cy - half_h, cx + half_w, cy + half_h };

          if (z < style->names_from || z > style->names_to)
            continue;
          if ((label->bbox.x1 - label->bbox.x0) * world < label->width * style->fit ||
              (label->bbox.y1 - label->bbox.y0) * world < label->height * style->fit)
            continue;
          if (place_try (cells, &b))
            label->zooms |= 1u << z;
        }
    }
}

GwDivisionTiles *
gw_division_tiles_new (GPtrArray *divisions,
                       GwDatum    datum)
{
  GwDivisionTiles *data = g_atomic_rc_box_new0 (GwDivisionTiles);
  Box level_extent[GW_N_LEVELS];
  gboolean level_empty[GW_N_LEVELS];
  gboolean empty = TRUE;
  guint n_streets = 0;

  data->datum = datum;
  data->points = g_array_new (FALSE, FALSE, sizeof (double));
  data->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  data->labels = g_array_new (FALSE, TRUE, sizeof (Label));
  for (guint l = 0; l < GW_N_LEVELS; l++)
    {
      data->levels[l].shapes = g_array_new (FALSE, TRUE, sizeof (Shape));
      level_empty[l] = TRUE;
    }

  for (guint i = 0; i < divisions->len; i++)
    {
      const GwDivision *d = g_ptr_array_index (divisions, i);
      double x0, y0, x1, y1;
      Box box;

      if ((guint) d->level >= GW_N_LEVELS)
        continue;
      if (!add_shape (data, d, d->level == GW_LEVEL_STREET ? n_streets++ : 0, &box))
        continue;
      box_add (&level_extent[d->level], &level_empty[d->level], &box);
      box_add (&data->extent, &empty, &box);
      gw_polygon_get_bbox (d->polygon, &x0, &y0, &x1, &y1);
      if (!data->has_extent)
        {
          data->min_lon = x0, data->min_lat = y0, data->max_lon = x1, data->max_lat = y1;
          data->has_extent = TRUE;
        }
      data->min_lon = MIN (data->min_lon, x0), data->min_lat = MIN (data->min_lat, y0);
      data->max_lon = MAX (data->max_lon, x1), data->max_lat = MAX (data->max_lat, y1);
      add_label (data, d, &box);
    }

  for (guint l = 0; l < GW_N_LEVELS; l++)
    if (!level_empty[l])
      grid_build (&data->levels[l].grid, data->levels[l].shapes->data, sizeof (Shape),
                  data->levels[l].shapes->len, &level_extent[l]);

  measure_labels (data);
  place_labels (data);
  if (data->has_extent)
    grid_build (&data->label_grid, data->labels->data, sizeof (Label), data->labels->len, &data->extent);
  return data;
}

/* ---- Drawing ----------------------------------------------------------------------------- */

/* What one tile is drawn at: the world scaled to pixels and the tile's corner. */
typedef struct {
  guint  zoom;
  double world;
  double ox, oy;
} TileView;

static void
path_shape (cairo_t               *cr,
            const GwDivisionTiles *data,
            const Shape           *shape,
            const TileView        *v)
{
  for (guint r = shape->first_ring; r < shape->first_ring + shape->n_rings; r++)
    {
      const Ring *ring = &g_array_index (data->rings, Ring, r);
      const double *p = &g_array_index (data->points, double, 2 * ring->start);
      double lx = p[0] * v->world - v->ox, ly = p[1] * v->world - v->oy;

      cairo_move_to (cr, lx, ly);
      for (guint i = 1; i < ring->n_points; i++)
        {
          double x = p[2 * i] * v->world - v->ox, y = p[2 * i + 1] * v->world - v->oy;

          if (i + 1 < ring->n_points && fabs (x - lx) + fabs (y - ly) < SIMPLIFY_PX)
            continue;
          cairo_line_to (cr, x, y);
          lx = x, ly = y;
        }
      cairo_close_path (cr);
    }
}

static const Shape *
shape_at (const GwDivisionTiles *data,
          GwLevel                level,
          GArray                *hits,
          guint                  k)
{
  return &g_array_index (data->levels[level].shapes, Shape, g_array_index (hits, guint, k));
}

static void
query_level (const GwDivisionTiles *data,
             GwLevel                level,
             const Box             *q,
             GArray                *hits)
{
  const LevelData *ld = &data->levels[level];

  g_array_set_size (hits, 0);
  grid_query (&ld->grid, ld->shapes->data, sizeof (Shape), q, hits);
}

static void
draw_labels (cairo_t               *cr,
             const GwDivisionTiles *data,
             const GwTilePalette   *palette,
             const TileView        *v,
             GArray                *hits)
{
  double mx = (data->max_label_width / 2.0 + LABEL_PAD_PX) / v->world;
  double my = (data->max_label_height / 2.0 + LABEL_PAD_PX) / v->world;
  Box q = { v->ox / v->world - mx, v->oy / v->world - my,
            (v->ox + TILE_SIZE) / v->world + mx, (v->oy + TILE_SIZE) / v->world + my };
  PangoFontDescription *fonts[GW_N_LEVELS] = { NULL, };
  PangoLayout *layout = NULL;
  guint32 bit;

  if (v->zoom > MAX_ZOOM)
    return;
  bit = 1u << v->zoom;
  g_array_set_size (hits, 0);
  grid_query (&data->label_grid, data->labels->data, sizeof (Label), &q, hits);

  for (guint k = 0; k < hits->len; k++)
    {
      const Label *label = &g_array_index (data->labels, Label, g_array_index (hits, guint, k));
      double x, y;

      if (!(label->zooms & bit))
        continue;
      x = round (label->point.x0 * v->world) - v->ox - floor (label->width / 2.0);
      y = round (label->point.y0 * v->world) - v->oy - floor (label->height / 2.0);
      if (x > TILE_SIZE || y > TILE_SIZE || x + label->width < 0 || y + label->height < 0)
        continue;

      if (layout == NULL)
        layout = create_layout (cr);
      if (fonts[label->level] == NULL)
        fonts[label->level] = level_font (label->level);
      pango_layout_set_font_description (layout, fonts[label->level]);
      pango_layout_set_text (layout, label->text, -1);

      /* A halo keeps names legible over the lines: the text shifted by a pixel four ways
       * (glyphs come from the font cache; stroking the glyphs' outlines instead cost
       * several milliseconds a tile). */
      set_color (cr, &palette->halo);
      for (int h = 0; h < 4; h++)
        {
          cairo_move_to (cr, x + (h == 0) - (h == 1), y + (h == 2) - (h == 3));
          pango_cairo_show_layout (cr, layout);
        }
      cairo_move_to (cr, x, y);
      set_color (cr, &palette->text[label->level]);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint l = 0; l < GW_N_LEVELS; l++)
    g_clear_pointer (&fonts[l], pango_font_description_free);
  g_clear_object (&layout);
}

gboolean
gw_division_tiles_draw (const GwDivisionTiles *data,
                        cairo_t               *cr,
                        const GwTilePalette   *palette,
                        GHashTable            *fills,
                        guint                  zoom,
                        guint                  x,
                        guint                  y,
                        GCancellable          *cancellable)
{
  TileView v = { zoom, TILE_SIZE * ldexp (1.0, zoom), (double) x * TILE_SIZE, (double) y * TILE_SIZE };
  double margin = LINE_MARGIN_PX / v.world;
  Box q = { v.ox / v.world - margin, v.oy / v.world - margin,
            (v.ox + TILE_SIZE) / v.world + margin, (v.oy + TILE_SIZE) / v.world + margin };
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  double k = width_factor (zoom);

  set_color (cr, &palette->background);
  cairo_paint (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The county's land, then each street faintly tinted. */
  query_level (data, GW_LEVEL_DISTRICT, &q, hits);
  for (guint i = 0; i < hits->len; i++)
    path_shape (cr, data, shape_at (data, GW_LEVEL_DISTRICT, hits, i), &v);
  set_color (cr, &palette->land);
  cairo_fill (cr);

  query_level (data, GW_LEVEL_STREET, &q, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      const Shape *shape = shape_at (data, GW_LEVEL_STREET, hits, i);

      path_shape (cr, data, shape, &v);
      set_color (cr, &palette->tints[shape->tint % N_TINTS]);
      cairo_fill (cr);
    }

  /* A choropleth: each grid with a value in its colour. */
  if (fills != NULL)
    {
      query_level (data, GW_LEVEL_GRID, &q, hits);
      for (guint i = 0; i < hits->len; i++)
        {
          const Shape *shape = shape_at (data, GW_LEVEL_GRID, hits, i);
          const GwRgba *fill = g_hash_table_lookup (fills, shape->code);

          if (fill == NULL)
            continue;
          path_shape (cr, data, shape, &v);
          set_color (cr, fill);
          cairo_fill (cr);
        }
    }

  /* Outlines, the finest level first so that coarser boundaries lie on top. */
  for (int level = GW_N_LEVELS - 1; level >= 0; level--)
    {
      const LevelStyle *style = &level_styles[level];

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (zoom < style->outline_from)
        continue;
      query_level (data, level, &q, hits);
      if (hits->len == 0)
        continue;
      for (guint i = 0; i < hits->len; i++)
        path_shape (cr, data, shape_at (data, level, hits, i), &v);
      cairo_set_line_width (cr, style->width * k);
      if (style->dashed)
        {
          double dashes[] = { 4.0 * k, 3.0 * k };

          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      set_color (cr, &palette->lines[level]);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  draw_labels (cr, data, palette, &v, hits);
  return TRUE;
}

gboolean
gw_division_tiles_covers (const GwDivisionTiles *data,
                          guint                  zoom,
                          guint                  x,
                          guint                  y)
{
  double world = TILE_SIZE * ldexp (1.0, zoom);
  double mx = (MAX (data->max_label_width / 2.0, LINE_MARGIN_PX) + LABEL_PAD_PX) / world;
  double my = (MAX (data->max_label_height / 2.0, LINE_MARGIN_PX) + LABEL_PAD_PX) / world;
  Box tile = { (double) x * TILE_SIZE / world - mx, (double) y * TILE_SIZE / world - my,
               (double) (x + 1) * TILE_SIZE / world + mx, (double) (y + 1) * TILE_SIZE / world + my };

  return data->has_extent && box_intersects (&data->extent, &tile);
}

guint
gw_division_tiles_get_n_shapes (const GwDivisionTiles *data)
{
  guint n = 0;

  for (guint l = 0; l < GW_N_LEVELS; l++)
    n += data->levels[l].shapes->len;
  return n;
}

guint
gw_division_tiles_get_n_labels (const GwDivisionTiles *data)
{
  return data->labels->len;
}

gboolean
gw_division_tiles_get_extent (const GwDivisionTiles *data,
                              double                *min_lon,
                              double                *min_lat,
                              double                *max_lon,
                              double                *max_lat)
{
  if (!data->has_extent)
    return FALSE;
  if (min_lon != NULL)
    *min_lon = data->min_lon;
  if (min_lat != NULL)
    *min_lat = data->min_lat;
  if (max_lon != NULL)
    *max_lon = data->max_lon;
  if (max_lat != NULL)
    *max_lat = data->max_lat;
  return TRUE;
}

const GwTilePalette *
gw_tile_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}
