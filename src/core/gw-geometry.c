/* gw-geometry.c: WGS84 polygons of the division hierarchy.
 *
 * Storage: one array of doubles holds every point of every ring (lon, lat, lon, lat, …),
 * a ring table gives each ring's first point, its length and its bounding box, and a part
 * table gives each part's first ring. The whole bounding box is kept up to date as rings
 * are added, so containment tests reject far points without touching a ring.
 */
#define G_LOG_DOMAIN "gw-geometry"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-geometry.h"

#define EARTH_RADIUS_M 6371008.8
#define BLOB_MAGIC "GWP1"
#define LABEL_SCAN_LINES 16
#define RANDOM_TRIES 1000

typedef struct
{
  guint  start;    /* index of the first point in coords (in points, not doubles) */
  guint  n_points;
  double min_x;
  double min_y;
  double max_x;
  double max_y;
} Ring;

struct _GwPolygon
{
  gatomicrefcount ref_count;
  GArray *coords; /* double: lon, lat, lon, lat, … */
  GArray *rings;  /* Ring */
  GArray *parts;  /* guint: index of the part's outer ring in rings */
  double  min_x;
  double  min_y;
  double  max_x;
  double  max_y;
};

G_DEFINE_QUARK (gw-geometry-error-quark, gw_geometry_error)

G_DEFINE_BOXED_TYPE (GwPolygon, gw_polygon, gw_polygon_ref, gw_polygon_unref)

static inline const Ring *
ring_at (const GwPolygon *self,
         guint            i)
{
  return &g_array_index (self->rings, Ring, i);
}

static inline const double *
ring_points (const GwPolygon *self,
             const Ring      *ring)
{
  return &g_array_index (self->coords, double, (gsize) ring->start * 2);
}

/* The range [*first, *last) of ring indices that make up a part. */
static void
part_rings (const GwPolygon *self,
            guint            part,
            guint           *first,
            guint           *last)
{
  *first = g_array_index (self->parts, guint, part);
  *last = part + 1 < self->parts->len
    ? g_array_index (self->parts, guint, part + 1)
    : self->rings->len;
}

/* Twice the signed area of a ring in its own coordinates (shoelace). */
static double
ring_shoelace (const double *pts,
               guint         n,
               double        scale_x,
               double        scale_y)
{
  double sum = 0.0;

  if (n < 3)
    return 0.0;

  /* Relative to the first point, which keeps the products small and exact enough. */
  for (guint i = 1; i + 1 < n; i++)
    {
      double ax = (pts[2 * i] - pts[0]) * scale_x;
      double ay = (pts[2 * i + 1] - pts[1]) * scale_y;
      double bx = (pts[2 * (i + 1)] - pts[0]) * scale_x;
      double by = (pts[2 * (i + 1) + 1] - pts[1]) * scale_y;

      sum += ax * by - bx * ay;
    }

  return sum;
}

/* Even-odd crossing parity of a horizontal ray going right from (x, y). */
static inline gboolean
ring_crossings_odd (const double *pts,
                    guint         n,
                    double        x,
                    double        y)
{
  gboolean odd = FALSE;
  double xj = pts[2 * (n - 1)];
  double yj = pts[2 * (n - 1) + 1];

  for (guint i = 0; i < n; i++)
    {
      double xi = pts[2 * i];
      double yi = pts[2 * i + 1];

      if ((yi > y) != (yj > y) &&
          x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        odd = !odd;

      xj = xi;
      yj = yi;
    }

  return odd;
}

/* Area centroid (in degrees) and absolute area of one part, holes subtracted. */
static double
part_centroid (const GwPolygon *self,
               guint            part,
               double          *cx,
               double          *cy)
{
  guint first, last;
  double area = 0.0, sx = 0.0, sy = 0.0;

  part_rings (self, part, &first, &last);

  for (guint i = first; i < last; i++)
    {
      const Ring *r = ring_at (self, i);
      const double *pts = ring_points (self, r);
      double ox = pts[0], oy = pts[1];
      double a2 = 0.0, rx = 0.0, ry = 0.0;
      double sign;

      for (guint j = 0; j < r->n_points; j++)
        {
          guint k = j + 1 == r->n_points ? 0 : j + 1;
          double x0 = pts[2 * j] - ox, y0 = pts[2 * j + 1] - oy;
          double x1 = pts[2 * k] - ox, y1 = pts[2 * k + 1] - oy;
          double c = x0 * y1 - x1 * y0;

          a2 += c;
          rx += (x0 + x1) * c;
          ry += (y0 + y1) * c;
        }

      if (a2 == 0.0)
        continue;

      /* The outer ring counts positive and holes negative, whatever their winding. */
      sign = (a2 > 0) == (i == first) ? 1.0 : -1.0;
      area += sign * a2 / 2.0;
      sx += sign * (rx / 6.0 + ox * a2 / 2.0);
      sy += sign * (ry / 6.0 + oy * a2 / 2.0);
    }

  if (area != 0.0)
    {
      *cx = sx / area;
      *cy = sy / area;
    }
  else
    {
      const Ring *r = ring_at (self, first);

      *cx = (r->min_x + r->max_x) / 2.0;
      *cy = (r->min_y + r->max_y) / 2.0;
    }

  return fabs (area);
}

/* The area-weighted mean latitude, i.e. the latitude of the centroid: at that latitude
 * the equirectangular projection's first-order area error cancels, so the areas of the
 * pieces of a polygon add up to the area of the whole. */
static double
mean_latitude (const GwPolygon *self)
{
  double sum_a = 0.0, sum_ay = 0.0;

  for (guint p = 0; p < self->parts->len; p++)
    {
      double cx, cy;
      double a = part_centroid (self, p, &cx, &cy);

      sum_a += a;
      sum_ay += a * cy;
    }

  if (sum_a > 0.0)
    return sum_ay / sum_a;

  return (self->min_y + self->max_y) / 2.0;
}

GwPolygon *
gw_polygon_new (void)
{
  GwPolygon *self = g_new0 (GwPolygon, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->coords = g_array_new (FALSE, FALSE, sizeof (double));
  self->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  self->parts = g_array_new (FALSE, FALSE, sizeof (guint));

  return self;
}

GwPolygon *
gw_polygon_ref (GwPolygon *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
gw_polygon_unref (GwPolygon *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->coords);
      g_array_unref (self->rings);
      g_array_unref (self->parts);
      g_free (self);
    }
}

void
gw_polygon_add_ring (GwPolygon    *self,
                     gboolean      new_part,
                     const double *coords,
                     guint         n_points)
{
  Ring ring;

  g_return_if_fail (self != NULL);
  g_return_if_fail (coords != NULL || n_points == 0);
  g_return_if_fail (new_part || self->parts->len > 0);

  if (n_points > 1 &&
      coords[0] == coords[2 * (n_points - 1)] &&
      coords[1] == coords[2 * (n_points - 1) + 1])
    n_points--;

  g_return_if_fail (n_points >= 3);
  g_return_if_fail (self->coords->len / 2 + (guint64) n_points <= G_MAXUINT / 2);

  ring.start = self->coords->len / 2;
  ring.n_points = n_points;
  ring.min_x = ring.max_x = coords[0];
  ring.min_y = ring.max_y = coords[1];
  for (guint i = 1; i < n_points; i++)
    {
      double x = coords[2 * i];
      double y = coords[2 * i + 1];

      ring.min_x = MIN (ring.min_x, x);
      ring.max_x = MAX (ring.max_x, x);
      ring.min_y = MIN (ring.min_y, y);
      ring.max_y = MAX (ring.max_y, y);
    }

  if (self->rings->len == 0)
    {
      self->min_x = ring.min_x;
      self->min_y = ring.min_y;
      self->max_x = ring.max_x;
      self->max_y = ring.max_y;
    }
  else
    {
      self->min_x = MIN (self->min_x, ring.min_x);
      self->min_y = MIN (self->min_y, ring.min_y);
      self->max_x = MAX (self->max_x, ring.max_x);
      self->max_y = MAX (self->max_y, ring.max_y);
    }

  if (new_part)
    {
      guint first = self->rings->len;

      g_array_append_val (self->parts, first);
    }

  g_array_append_vals (self->coords, coords, (guint) n_points * 2);
  g_array_append_val (self->rings, ring);
}

gboolean
gw_polygon_is_empty (const GwPolygon *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->parts->len == 0;
}

guint
gw_polygon_get_n_parts (const GwPolygon *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->parts->len;
}

guint
gw_polygon_get_n_rings (const GwPolygon *self,
                        guint            part)
{
  guint first, last;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (part < self->parts->len, 0);

  part_rings (self, part, &first, &last);

  return last - first;
}

const double *
gw_polygon_get_ring (const GwPolygon *self,
                     guint            part,
                     guint            ring,
                     guint           *n_points)
{
  guint first, last;
  const Ring *r;

  if (n_points != NULL)
    *n_points = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part < self->parts->len, NULL);

  part_rings (self, part, &first, &last);
  g_return_val_if_fail (ring < last - first, NULL);

  r = ring_at (self, first + ring);
  if (n_points != NULL)
    *n_points = r->n_points;

  return ring_points (self, r);
}

guint
gw_polygon_get_n_points (const GwPolygon *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->coords->len / 2;
}

void
gw_polygon_get_bbox (const GwPolygon *self,
                     double          *min_lon,
                     double          *min_lat,
                     double          *max_lon,
                     double          *max_lat)
{
  g_return_if_fail (self != NULL);

  /* An empty polygon has the empty box at (0, 0); its fields are still zero. */
  if (min_lon != NULL)
    *min_lon = self->min_x;
  if (min_lat != NULL)
    *min_lat = self->min_y;
  if (max_lon != NULL)
    *max_lon = self->max_x;
  if (max_lat != NULL)
    *max_lat = self->max_y;
}

gboolean
gw_polygon_contains (const GwPolygon *self,
                     double           lon,
                     double           lat)
{
  gboolean inside = FALSE;
  const Ring *rings;
  guint n_rings;
  const double *coords;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Written so that NaN compares as outside. */
  if (!(lon >= self->min_x && lon <= self->max_x &&
        lat >= self->min_y && lat <= self->max_y))
    return FALSE;

  rings = (const Ring *) (gpointer) self->rings->data;
  n_rings = self->rings->len;
  coords = (const double *) (gpointer) self->coords->data;

  for (guint i = 0; i < n_rings; i++)
    {
      const Ring *r = &rings[i];

      /* A ring whose box does not hold the point is crossed an even number of times. */
      if (lat < r->min_y || lat > r->max_y || lon < r->min_x || lon > r->max_x)
        continue;

      if (ring_crossings_odd (coords + (gsize) r->start * 2, r->n_points, lon, lat))
        inside = !inside;
    }

  return inside;
}

double
gw_polygon_area_m2 (const GwPolygon *self)
{
  double k = EARTH_RADIUS_M * G_PI / 180.0;
  double scale_x, scale_y;
  double total = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);

  if (self->parts->len == 0)
    return 0.0;

  scale_x = k * cos (mean_latitude (self) * G_PI / 180.0);
  scale_y = k;

  for (guint p = 0; p < self->parts->len; p++)
    {
      guint first, last;

      part_rings (self, p, &first, &last);
      for (guint i = first; i < last; i++)
        {
          const Ring *r = ring_at (self, i);
          double a = fabs (ring_shoelace (ring_points (self, r), r->n_points,
                                          scale_x, scale_y)) / 2.0;

          total += i == first ? a : -a;
        }
    }

  return total;
}

/* Clipping: Sutherland–Hodgman against one axis-aligned half-plane. */

typedef struct
{
  guint  axis;         /* 0: longitude, 1: latitude */
  double value;
  gboolean keep_above; /* keep points with coordinate >= value, else <= value */
} HalfPlane;

static inline gboolean
half_plane_inside (const HalfPlane *hp,
                   const double    *pt)
{
  return hp->keep_above ? pt[hp->axis] >= hp->value : pt[hp->axis] <= hp->value;
}

/* Where the segment a–b meets the boundary line. The endpoints are put in a fixed order
 * first, so the two rectangles sharing a boundary get bit-identical points, and the
 * coordinate on the boundary is set exactly. */
static inline void
half_plane_intersect (const HalfPlane *hp,
                      const double    *a,
                      const double    *b,
                      double          *out)
{
  guint axis = hp->axis;
  guint other = 1 - axis;
  const double *p = a;
  const double *q = b;
  double t;

  if (p[axis] > q[axis] || (p[axis] == q[axis] && p[other] > q[other]))
    {
      p = b;
      q = a;
    }

  t = (hp->value - p[axis]) / (q[axis] - p[axis]);
  t = CLAMP (t, 0.0, 1.0);

  out[axis] = hp->value;
  out[other] = p[other] + t * (q[other] - p[other]);
}

static void
clip_ring_half_plane (const HalfPlane *hp,
                      const GArray    *in,
                      GArray          *out)
{
  guint n = in->len / 2;
  const double *pts = (const double *) (gpointer) in->data;
  const double *prev;
  gboolean prev_inside;

  g_array_set_size (out, 0);
  if (n == 0)
    return;

  prev = &pts[2 * (n - 1)];
  prev_inside = half_plane_inside (hp, prev);

  for (guint i = 0; i < n; i++)
    {
      const double *cur = &pts[2 * i];
      gboolean cur_inside = half_plane_inside (hp, cur);

      if (cur_inside)
        {
          if (!prev_inside)
            {
              double x[2];

              half_plane_intersect (hp, prev, cur, x);
              g_array_append_vals (out, x, 2);
            }
          g_array_append_vals (out, cur, 2);
        }
      else if (prev_inside)
        {
          double x[2];

          half_plane_intersect (hp, prev, cur, x);
          g_array_append_vals (out, x, 2);
        }

      prev = cur;
      prev_inside = cur_inside;
    }
}

/* Drops repeated consecutive points (and a closing repeat of the first). */
static void
remove_repeats (GArray *pts)
{
  double *d = (double *) (gpointer) pts->data;
  guint n = pts->len / 2;
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    {
      if (kept > 0 &&
          d[2 * i] == d[2 * (kept - 1)] &&
          d[2 * i + 1] == d[2 * (kept - 1) + 1])
        continue;
      d[2 * kept] = d[2 * i];
      d[2 * kept + 1] = d[2 * i + 1];
      kept++;
    }

  while (kept > 1 && d[0] == d[2 * (kept - 1)] && d[1] == d[2 * (kept - 1) + 1])
    kept--;

  g_array_set_size (pts, kept * 2);
}

/* Clips one ring into `result` (a scratch array is reused); FALSE when nothing with an
 * area is left. */
static gboolean
clip_ring (const GwPolygon *self,
           const Ring      *r,
           const HalfPlane  planes[4],
           GArray          *result,
           GArray          *scratch)
{
  GArray *a = result;
  GArray *b = scratch;

  g_array_set_size (a, 0);
  g_array_append_vals (a, ring_points (self, r), r->n_points * 2);

  for (guint k = 0; k < 4; k++)
    {
      GArray *tmp;

      clip_ring_half_plane (&planes[k], a, b);
      tmp = a;
      a = b;
      b = tmp;
      if (a->len < 6)
        break;
    }

  /* Four swaps put the result back where it started; an early stop may not. */
  if (a != result)
    {
      g_array_set_size (result, 0);
      g_array_append_vals (result, a->data, a->len);
    }

  remove_repeats (result);
  if (result->len < 6)
    return FALSE;

  /* A ring that only ran along the rectangle's edge has no area left. */
  return ring_shoelace ((const double *) (gpointer) result->data, result->len / 2,
                        1.0, 1.0) != 0.0;
}

GwPolygon *
gw_polygon_clip_rect (const GwPolygon *self,
                      double           min_lon,
                      double           min_lat,
                      double           max_lon,
                      double           max_lat)
{
  g_autoptr(GwPolygon) clipped = NULL;
  g_autoptr(GArray) work = NULL;
  g_autoptr(GArray) scratch = NULL;
  g_autoptr(GArray) part_coords = NULL;
  g_autoptr(GArray) part_counts = NULL;
  HalfPlane planes[4] = {
    { 0, min_lon, TRUE },
    { 0, max_lon, FALSE },
    { 1, min_lat, TRUE },
    { 1, max_lat, FALSE },
  };

  g_return_val_if_fail (self != NULL, NULL);

  clipped = gw_polygon_new ();

  if (!(min_lon < max_lon && min_lat < max_lat) || self->parts->len == 0 ||
      self->max_x <= min_lon || self->min_x >= max_lon ||
      self->max_y <= min_lat || self->min_y >= max_lat)
    return g_steal_pointer (&clipped);

  work = g_array_new (FALSE, FALSE, sizeof (double));
  scratch = g_array_new (FALSE, FALSE, sizeof (double));
  part_coords = g_array_new (FALSE, FALSE, sizeof (double));
  part_counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint p = 0; p < self->parts->len; p++)
    {
      guint first, last;
      double outer_area = 0.0, holes_area = 0.0;

      g_array_set_size (part_coords, 0);
      g_array_set_size (part_counts, 0);

      part_rings (self, p, &first, &last);
      for (guint i = first; i < last; i++)
        {
          const Ring *r = ring_at (self, i);
          const double *pts;
          guint n;

          if (r->max_x <= min_lon || r->min_x >= max_lon ||
              r->max_y <= min_lat || r->min_y >= max_lat)
            {
              pts = NULL;
              n = 0;
            }
          else if (r->min_x >= min_lon && r->max_x <= max_lon &&
                   r->min_y >= min_lat && r->max_y <= max_lat)
            {
              pts = ring_points (self, r);
              n = r->n_points;
            }
          else if (clip_ring (self, r, planes, work, scratch))
            {
              pts = (const double *) (gpointer) work->data;
              n = work->len / 2;
            }
          else
            {
              pts = NULL;
              n = 0;
            }

          if (pts == NULL)
            {
              /* Without its outer ring, a part's holes go with it. */
              if (i == first)
                break;
              continue;
            }

          if (i == first)
            outer_area = fabs (ring_shoelace (pts, n, 1.0, 1.0));
          else
            holes_area += fabs (ring_shoelace (pts, n, 1.0, 1.0));

          g_array_append_vals (part_coords, pts, n * 2);
          g_array_append_val (part_counts, n);
        }

      /* A rectangle that fell inside a hole leaves the hole covering all of the outer
       * ring: nothing is inside, so the part is dropped. */
      if (part_counts->len == 0 || outer_area - holes_area <= outer_area * 1e-9)
        continue;

      for (guint k = 0, offset = 0; k < part_counts->len; k++)
        {
          guint n = g_array_index (part_counts, guint, k);

          gw_polygon_add_ring (clipped, k == 0,
                               &g_array_index (part_coords, double, (gsize) offset * 2), n);
          offset += n;
        }
    }

  return g_steal_pointer (&clipped);
}

/* Label point */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The middle of the widest inside run of the part along the line at y. */
static gboolean
widest_run_middle (const GwPolygon *self,
                   guint            part,
                   double           y,
                   double          *mid_x)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  guint first, last;
  double best = -1.0;

  part_rings (self, part, &first, &last);

  for (guint i = first; i < last; i++)
    {
      const Ring *r = ring_at (self, i);
      const double *pts = ring_points (self, r);
      guint n = r->n_points;

      for (guint j = 0, k = n - 1; j < n; k = j++)
        {
          double xi = pts[2 * j], yi = pts[2 * j + 1];
          double xj = pts[2 * k], yj = pts[2 * k + 1];

          /* The same half-open rule as the containment test. */
          if ((yi > y) != (yj > y))
            {
              double x = (xj - xi) * (y - yi) / (yj - yi) + xi;

              g_array_append_val (xs, x);
            }
        }
    }

  g_array_sort (xs, compare_doubles);

  for (guint i = 0; i + 1 < xs->len; i += 2)
    {
      double a = g_array_index (xs, double, i);
      double b = g_array_index (xs, double, i + 1);

      if (b - a > best && gw_polygon_contains (self, (a + b) / 2.0, y))
        {
          best = b - a;
          *mid_x = (a + b) / 2.0;
        }
    }

  return best > 0.0;
}

gboolean
gw_polygon_label_point (const GwPolygon *self,
                        double          *lon,
                        double          *lat)
{
  guint largest = 0;
  double largest_area = -1.0;
  double cx = 0.0, cy = 0.0;
  const Ring *outer;
  double x;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->parts->len == 0)
    return FALSE;

  for (guint p = 0; p < self->parts->len; p++)
    {
      double px, py;
      double area = part_centroid (self, p, &px, &py);

      if (area > largest_area)
        {
          largest_area = area;
          largest = p;
          cx = px;
          cy = py;
        }
    }

  if (gw_polygon_contains (self, cx, cy))
    goto found;

  if (widest_run_middle (self, largest, cy, &x))
    {
      cx = x;
      goto found;
    }

  /* The centroid's line only grazed the part: try other lines across it. */
  outer = ring_at (self, g_array_index (self->parts, guint, largest));
  for (guint i = 1; i < LABEL_SCAN_LINES; i++)
    {
      double y = outer->min_y + (outer->max_y - outer->min_y) * i / LABEL_SCAN_LINES;

      if (widest_run_middle (self, largest, y, &x))
        {
          cx = x;
          cy = y;
          goto found;
        }
    }

  /* A sliver with no measurable inside: its first point is the best there is. */
  cx = ring_points (self, outer)[0];
  cy = ring_points (self, outer)[1];

found:
  if (lon != NULL)
    *lon = cx;
  if (lat != NULL)
    *lat = cy;

  return TRUE;
}

void
gw_polygon_random_point (const GwPolygon *self,
                         GRand           *rand,
                         double          *lon,
                         double          *lat)
{
  double x = 0.0, y = 0.0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rand != NULL);

  if (self->parts->len == 0)
    goto out;

  for (guint i = 0; i < RANDOM_TRIES; i++)
    {
      x = self->min_x + g_rand_double (rand) * (self->max_x - self->min_x);
      y = self->min_y + g_rand_double (rand) * (self->max_y - self->min_y);
      if (gw_polygon_contains (self, x, y))
        goto out;
    }

  gw_polygon_label_point (self, &x, &y);

out:
  if (lon != NULL)
    *lon = x;
  if (lat != NULL)
    *lat = y;
}

/* Blob: "GWP1", uint32 n_parts, n_parts × uint32 n_rings, (all rings) × uint32 n_points,
 * then every point as two float64 (lon, lat), all little-endian. */

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

GBytes *
gw_polygon_to_blob (const GwPolygon *self)
{
  g_autoptr(GByteArray) out = NULL;
  const double *coords;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_byte_array_sized_new (8 + 4 * (self->parts->len + self->rings->len) +
                                8 * self->coords->len);
  g_byte_array_append (out, (const guint8 *) BLOB_MAGIC, 4);
  put_u32 (out, self->parts->len);

  for (guint p = 0; p < self->parts->len; p++)
    {
      guint first, last;

      part_rings (self, p, &first, &last);
      put_u32 (out, last - first);
    }

  for (guint i = 0; i < self->rings->len; i++)
    put_u32 (out, ring_at (self, i)->n_points);

  coords = (const double *) (gpointer) self->coords->data;
  for (guint i = 0; i < self->coords->len; i++)
    {
      guint64 bits;

      memcpy (&bits, &coords[i], 8);
      bits = GUINT64_TO_LE (bits);
      g_byte_array_append (out, (const guint8 *) &bits, 8);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);

  return GUINT32_FROM_LE (v);
}

static double
get_f64 (const guint8 *p)
{
  guint64 bits;
  double v;

  memcpy (&bits, p, 8);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&v, &bits, 8);

  return v;
}

static gboolean
check_lonlat (double       lon,
              double       lat,
              const char **problem)
{
  if (!isfinite (lon) || !isfinite (lat))
    *problem = _("is not a finite number");
  else if (lon < -180.0 || lon > 180.0)
    *problem = _("has a longitude outside [-180, 180]");
  else if (lat < -90.0 || lat > 90.0)
    *problem = _("has a latitude outside [-90, 90]");
  else
    return TRUE;

  return FALSE;
}

GwPolygon *
gw_polygon_from_blob (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  g_autoptr(GwPolygon) polygon = NULL;
  g_autofree guint32 *rings_per_part = NULL;
  g_autofree guint32 *points_per_ring = NULL;
  g_autofree double *coords = NULL;
  guint32 n_parts;
  guint64 n_rings = 0;
  guint64 n_points = 0;
  gsize pos;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (size < 8 || memcmp (data, BLOB_MAGIC, 4) != 0)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("Shape data is not in the expected format (it does not start with “%s”)"),
                   BLOB_MAGIC);
      return NULL;
    }

  n_parts = get_u32 (data + 4);
  pos = 8;

  if (n_parts > (size - pos) / 4)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("Shape data is cut short: it announces %u parts but holds only %zu bytes"),
                   n_parts, size);
      return NULL;
    }

  rings_per_part = g_new (guint32, MAX (n_parts, 1));
  for (guint32 p = 0; p < n_parts; p++, pos += 4)
    {
      rings_per_part[p] = get_u32 (data + pos);
      if (rings_per_part[p] == 0)
        {
          g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                       _("Shape data is damaged: part %u has no rings"), p + 1);
          return NULL;
        }
      n_rings += rings_per_part[p];
    }

  if (n_rings > (size - pos) / 4)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("Shape data is cut short: it announces %llu rings but holds only %zu bytes"),
                   (unsigned long long) n_rings, size);
      return NULL;
    }

  points_per_ring = g_new (guint32, MAX (n_rings, 1));
  for (guint64 r = 0; r < n_rings; r++, pos += 4)
    {
      points_per_ring[r] = get_u32 (data + pos);
      if (points_per_ring[r] < 3)
        {
          g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                       _("Shape data is damaged: ring %llu has %u points, fewer than 3"),
                       (unsigned long long) r + 1, points_per_ring[r]);
          return NULL;
        }
      n_points += points_per_ring[r];
    }

  if (n_points > (size - pos) / 16 || n_points * 16 != size - pos)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("Shape data has the wrong length: %llu points need %llu bytes of "
                     "coordinates, found %zu"),
                   (unsigned long long) n_points, (unsigned long long) n_points * 16, size - pos);
      return NULL;
    }

  coords = g_new (double, MAX (n_points * 2, 1));
  for (guint64 i = 0; i < n_points; i++)
    {
      const char *problem = NULL;

      coords[2 * i] = get_f64 (data + pos + 16 * i);
      coords[2 * i + 1] = get_f64 (data + pos + 16 * i + 8);
      if (!check_lonlat (coords[2 * i], coords[2 * i + 1], &problem))
        {
          g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                       /* TRANSLATORS: %llu is a point's number, %s what is wrong with it,
                        * “is not a finite number” or “has a longitude outside [-180, 180]” */
                       _("Shape data is damaged: point %llu %s"),
                       (unsigned long long) i + 1, problem);
          return NULL;
        }
    }

  polygon = gw_polygon_new ();

  for (guint32 p = 0, r = 0, offset = 0; p < n_parts; p++)
    {
      for (guint32 k = 0; k < rings_per_part[p]; k++, r++)
        {
          guint32 n = points_per_ring[r];

          /* Appended as stored, without dropping a repeated last point, so that a blob
           * reads back exactly as it was written. */
          Ring ring = { polygon->coords->len / 2, n, 0, 0, 0, 0 };
          const double *pts = coords + (gsize) offset * 2;

          ring.min_x = ring.max_x = pts[0];
          ring.min_y = ring.max_y = pts[1];
          for (guint32 j = 1; j < n; j++)
            {
              ring.min_x = MIN (ring.min_x, pts[2 * j]);
              ring.max_x = MAX (ring.max_x, pts[2 * j]);
              ring.min_y = MIN (ring.min_y, pts[2 * j + 1]);
              ring.max_y = MAX (ring.max_y, pts[2 * j + 1]);
            }

          if (r == 0)
            {
              polygon->min_x = ring.min_x;
              polygon->max_x = ring.max_x;
              polygon->min_y = ring.min_y;
              polygon->max_y = ring.max_y;
            }
          else
            {
              polygon->min_x = MIN (polygon->min_x, ring.min_x);
              polygon->max_x = MAX (polygon->max_x, ring.max_x);
              polygon->min_y = MIN (polygon->min_y, ring.min_y);
              polygon->max_y = MAX (polygon->max_y, ring.max_y);
            }

          if (k == 0)
            g_array_append_val (polygon->parts, polygon->rings->len);
          g_array_append_vals (polygon->coords, pts, n * 2);
          g_array_append_val (polygon->rings, ring);
          offset += n;
        }
    }

  return g_steal_pointer (&polygon);
}

/* GeoJSON */

static double
round7 (double v)
{
  return round (v * 1e7) / 1e7;
}

static JsonArray *
ring_to_json (const double *pts,
              guint         n)
{
  JsonArray *ring = json_array_sized_new (n + 1);

  for (guint i = 0; i <= n; i++)
    {
      guint j = i == n ? 0 : i;
      JsonArray *pos = json_array_sized_new (2);

      json_array_add_double_element (pos, round7 (pts[2 * j]));
      json_array_add_double_element (pos, round7 (pts[2 * j + 1]));
      json_array_add_array_element (ring, pos);
    }

  return ring;
}

static JsonArray *
part_to_json (const GwPolygon *self,
              guint            part)
{
  guint first, last;
  JsonArray *rings;

  part_rings (self, part, &first, &last);
  rings = json_array_sized_new (last - first);
  for (guint i = first; i < last; i++)
    {
      const Ring *r = ring_at (self, i);

      json_array_add_array_element (rings, ring_to_json (ring_points (self, r), r->n_points));
    }

  return rings;
}

JsonNode *
gw_polygon_to_geojson (const GwPolygon *self)
{
  g_autoptr(JsonObject) obj = NULL;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  obj = json_object_new ();

  if (self->parts->len == 1)
    {
      json_object_set_string_member (obj, "type", "Polygon");
      json_object_set_array_member (obj, "coordinates", part_to_json (self, 0));
    }
  else
    {
      JsonArray *parts = json_array_sized_new (self->parts->len);

      for (guint p = 0; p < self->parts->len; p++)
        json_array_add_array_element (parts, part_to_json (self, p));

      json_object_set_string_member (obj, "type", "MultiPolygon");
      json_object_set_array_member (obj, "coordinates", parts);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, obj);

  return node;
}

/* "coordinates[p][r][i][c]" with the indices that are not -1. */
static char *
coordinates_path (int part,
                  int ring,
                  int position,
                  int coordinate)
{
  GString *s = g_string_new ("coordinates");
  int idx[4] = { part, ring, position, coordinate };

  for (guint i = 0; i < G_N_ELEMENTS (idx); i++)
    if (idx[i] >= 0)
      g_string_append_printf (s, "[%d]", idx[i]);

  return g_string_free (s, FALSE);
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    default:
      return _("a number");
    }
}

static gboolean
json_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || json_node_get_node_type (node) != JSON_NODE_VALUE)
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_ring (JsonNode  *node,
            int        part,
            int        ring_index,
            GArray    *pts,
            GError   **error)
{
  JsonArray *array;
  guint n;
  guint distinct = 0;
  double d[4] = { 0 };

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = coordinates_path (part, ring_index, -1, -1);

      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: a ring must be an array of positions, not %s"),
                   path, describe_node (node));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  g_array_set_size (pts, 0);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *pos = json_array_get_element (array, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pos) ? json_node_get_array (pos) : NULL;
      double c[2];

      /* Further members (an altitude) are allowed and ignored. */
      if (pair == NULL || json_array_get_length (pair) < 2)
        {
          g_autofree char *path = coordinates_path (part, ring_index, i, -1);

          g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                       _("%s: a position needs two numbers, longitude and latitude"), path);
          return FALSE;
        }

      for (guint k = 0; k < 2; k++)
        {
          JsonNode *num = json_array_get_element (pair, k);
          const char *what = k == 0 ? _("longitude") : _("latitude");
          double limit = k == 0 ? 180.0 : 90.0;

          if (!json_number (num, &c[k]))
            {
              g_autofree char *path = coordinates_path (part, ring_index, i, k);

              g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                           /* TRANSLATORS: a path, “longitude” or “latitude”, and what
                            * was found instead (“a string”) */
                           _("%s: the %s must be a number, not %s"),
                           path, what, describe_node (num));
              return FALSE;
            }

          if (!isfinite (c[k]) || c[k] < -limit || c[k] > limit)
            {
              g_autofree char *path = coordinates_path (part, ring_index, i, k);

              g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                           /* TRANSLATORS: a path, “longitude” or “latitude”, the value
                            * and the bounds */
                           _("%s: %s %g is outside [%g, %g]"),
                           path, what, c[k], -limit, limit);
              return FALSE;
            }
        }

      /* Count distinct points, up to three: the first, the next different one, and a
       * third unlike both. */
      if (distinct == 0 ||
          (distinct == 1 && (c[0] != d[0] || c[1] != d[1])))
        {
          d[2 * distinct] = c[0];
          d[2 * distinct + 1] = c[1];
          distinct++;
        }
      else if (distinct == 2 &&
               (c[0] != d[0] || c[1] != d[1]) &&
               (c[0] != d[2] || c[1] != d[3]))
        {
          distinct++;
        }

      g_array_append_vals (pts, c, 2);
    }

  if (distinct < 3)
    {
      g_autofree char *path = coordinates_path (part, ring_index, -1, -1);

      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: a ring needs at least 3 distinct points, found %u"),
                   path, distinct);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_part (GwPolygon  *polygon,
            JsonNode   *node,
            int         part,
            GArray     *pts,
            GError    **error)
{
  JsonArray *rings;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = coordinates_path (part, -1, -1, -1);

      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: a polygon must be an array of rings, not %s"),
                   path, describe_node (node));
      return FALSE;
    }

  rings = json_node_get_array (node);
  n = json_array_get_length (rings);
  if (n == 0)
    {
      g_autofree char *path = coordinates_path (part, -1, -1, -1);

      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: a polygon needs at least one ring"), path);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      if (!parse_ring (json_array_get_element (rings, i), part, i, pts, error))
        return FALSE;
      gw_polygon_add_ring (polygon, i == 0, (const double *) (gpointer) pts->data,
                           pts->len / 2);
    }

  return TRUE;
}

GwPolygon *
gw_polygon_from_geojson (JsonNode  *geometry,
                         GError   **error)
{
  g_autoptr(GwPolygon) polygon = NULL;
  g_autoptr(GArray) pts = NULL;
  JsonObject *obj;
  JsonNode *type_node;
  JsonNode *coords_node;
  JsonArray *coords;
  const char *type;
  gboolean multi;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (geometry == NULL || !JSON_NODE_HOLDS_OBJECT (geometry))
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: expected a GeoJSON object, found %s"), "geometry",
                   geometry != NULL ? describe_node (geometry) : _("nothing"));
      return NULL;
    }

  obj = json_node_get_object (geometry);

  type_node = json_object_get_member (obj, "type");
  if (type_node == NULL || JSON_NODE_HOLDS_NULL (type_node))
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: missing; a geometry needs a type, “Polygon” or “MultiPolygon”"), "type");
      return NULL;
    }
  if (json_node_get_value_type (type_node) != G_TYPE_STRING)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: expected a string, found %s"), "type", describe_node (type_node));
      return NULL;
    }

  type = json_node_get_string (type_node);
  if (g_strcmp0 (type, "Polygon") == 0)
    multi = FALSE;
  else if (g_strcmp0 (type, "MultiPolygon") == 0)
    multi = TRUE;
  else
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_UNSUPPORTED,
                   _("type “%s” is not a polygon; expected “Polygon” or “MultiPolygon”"),
                   type);
      return NULL;
    }

  coords_node = json_object_get_member (obj, "coordinates");
  if (coords_node == NULL)
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: missing"), "coordinates");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (coords_node))
    {
      g_set_error (error, GW_GEOMETRY_ERROR, GW_GEOMETRY_ERROR_INVALID,
                   _("%s: expected an array, found %s"), "coordinates", describe_node (coords_node));
      return NULL;
    }

  coords = json_node_get_array (coords_node);
  polygon = gw_polygon_new ();
  pts = g_array_new (FALSE, FALSE, sizeof (double));

  if (multi)
    {
      guint n = json_array_get_length (coords);

      for (guint p = 0; p < n; p++)
        if (!parse_part (polygon, json_array_get_element (coords, p), p, pts, error))
          return NULL;
    }
  else if (json_array_get_length (coords) > 0)
    {
      if (!parse_part (polygon, coords_node, -1, pts, error))
        return NULL;
    }

  return g_steal_pointer (&polygon);
}

double
gw_distance_m (double lon1,
               double lat1,
               double lon2,
               double lat2)
{
  double rad = G_PI / 180.0;
  double dlat = (lat2 - lat1) * rad;
  double dlon = (lon2 - lon1) * rad;
  double s1 = sin (dlat / 2.0);
  double s2 = sin (dlon / 2.0);
  double h = s1 * s1 + cos (lat1 * rad) * cos (lat2 * rad) * s2 * s2;

  return 2.0 * EARTH_RADIUS_M * asin (sqrt (MIN (h, 1.0)));
}
