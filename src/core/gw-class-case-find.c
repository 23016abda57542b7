/* gw-class-case-find.c: the rules of class-case analysis over the rows read once — runs
 * in a grid, reports near each other, returns after closure, rising hot spots — with
 * the in-memory indexes they search (buckets of rows by key, the spatial hash). */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-class-case-private.h"
#include "gw-db-private.h"
#include "gw-geometry.h"

/* Buckets: a hash of 64-bit keys to lists of rows ----------------------------------------
 *
 * Rows with the same key (subcategory and grid, subcategory and cell, …) as contiguous
 * runs of row indices (compressed rows), found by an open-addressing hash. Built in two
 * passes over the rows, so each list keeps the rows' order. */

#define NO_KEY   G_MAXUINT64
#define NO_INDEX G_MAXUINT32

typedef struct {
  guint64 key;
  guint32 bucket;     /* NO_INDEX when the slot is empty */
} Slot;

typedef struct {
  Slot    *slots;
  guint    mask;
  guint32 *start;       /* rows of bucket b: members[start[b] .. start[b + 1]) */
  guint32 *members;
  guint32 *row_bucket;  /* per row: its bucket, NO_INDEX for none */
  guint    n_buckets;
  /* Cells only (build_cells()): per bucket the buckets of the 3 × 3 cells around it, and the
   * members' times and places side by side with them, so that a search reads memory in
   * order rather than jumping through the rows. */
  guint32 *around;
  gint64  *times;
  double  *lons;
  double  *lats;
} Buckets;

static inline guint64
mix (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

static inline guint32
buckets_lookup (const Buckets *b,
                guint64        key)
{
  if (key == NO_KEY)
    return NO_INDEX;
  for (guint64 i = mix (key) & b->mask;; i = (i + 1) & b->mask)
    {
      if (b->slots[i].bucket == NO_INDEX)
        return NO_INDEX;
      if (b->slots[i].key == key)
        return b->slots[i].bucket;
    }
}

/* keys[i] is row i's key, NO_KEY for a row in no bucket. */
static void
buckets_build (Buckets       *b,
               const guint64 *keys,
               guint          n)
{
  g_autofree guint32 *fill = NULL;
  guint size = 16;

  while (size < 2 * n)
    size <<= 1;
  b->mask = size - 1;
  b->slots = g_new (Slot, size);
  for (guint i = 0; i < size; i++)
    b->slots[i].bucket = NO_INDEX;
  b->n_buckets = 0;
  b->start = g_new0 (guint32, n + 2);
  b->row_bucket = g_new (guint32, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    {
      guint64 i;

      b->row_bucket[r] = NO_INDEX;
      if (keys[r] == NO_KEY)
        continue;
      for (i = mix (keys[r]) & b->mask; b->slots[i].bucket != NO_INDEX && b->slots[i].key != keys[r];
           i = (i + 1) & b->mask)
        ;
      if (b->slots[i].bucket == NO_INDEX)
        {
          b->slots[i].key = keys[r];
          b->slots[i].bucket = b->n_buckets++;
        }
      b->row_bucket[r] = b->slots[i].bucket;
      b->start[b->slots[i].bucket + 1]++;
    }
  for (guint k = 0; k < b->n_buckets; k++)
    b->start[k + 1] += b->start[k];
  fill = g_memdup2 (b->start, sizeof (guint32) * (b->n_buckets + 1));
  b->members = g_new (guint32, MAX (b->start[b->n_buckets], 1));
  for (guint r = 0; r < n; r++)
    if (b->row_bucket[r] != NO_INDEX)
      b->members[fill[b->row_bucket[r]]++] = r;
}

static void
buckets_clear (Buckets *b)
{
  g_free (b->slots);
  g_free (b->start);
  g_free (b->members);
  g_free (b->row_bucket);
  g_free (b->around);
  g_free (b->times);
  g_free (b->lons);
  g_free (b->lats);
}

/* The first position in a cell whose row was reported at or after t. */
static inline guint32
first_from (const Buckets *b,
            guint32        bucket,
            gint64         t)
{
  guint32 lo = b->start[bucket], hi = b->start[bucket + 1];

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (b->times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Union-find over row indices: a case is a set of rows joined by the rules. The smaller
 * index becomes the root, so the sets do not depend on the order of the unions. */

static inline guint32
uf_find (guint32 *parent,
         guint32  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static inline void
uf_union (guint32 *parent,
          guint32  a,
          guint32  b)
{
  a = uf_find (parent, a);
  b = uf_find (parent, b);
  if (a < b)
    parent[b] = a;
  else if (b < a)
    parent[a] = b;
}

static guint32 *
uf_new (guint n)
{
  guint32 *parent = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    parent[i] = i;
  return parent;
}

/* The spatial hash: cells D metres (at least) on a side, so whatever lies within D metres
 * of a point lies in its cell or the eight around it. A degree of longitude is shortest at
 * the latitude farthest from the equator, which sets the cells' width in degrees. */

typedef struct {
  double lon0;
  double lat0;
  double cell_lon;
  double cell_lat;
} Grid;

static void
grid_init (Grid *g,
           Scan *s)
{
  double most_lat = 0, top = -G_MAXDOUBLE;

  g->lon0 = G_MAXDOUBLE;
  g->lat0 = G_MAXDOUBLE;
  for (guint i = 0; i < s->n; i++)
    {
      g->lon0 = MIN (g->lon0, s->rows[i].lon);
      g->lat0 = MIN (g->lat0, s->rows[i].lat);
      top = MAX (top, s->rows[i].lat);
      most_lat = MAX (most_lat, fabs (s->rows[i].lat));
    }
  /* The flat approximation (see within_at()) holds to 1.2 % over one degree of latitude
   * (a county, a city) anywhere below 55°; over more, every pair goes to the sphere. */
  s->metres_per_lon = top - g->lat0 <= 1.0 && most_lat < 55.0
                        ? METRES_PER_DEGREE * cos ((top + g->lat0) / 2.0 * G_PI / 180.0) : 0;
  /* 1 % to spare for the sphere against the plane. */
  g->cell_lat = 1.01 * s->q.metres / METRES_PER_DEGREE;
  g->cell_lon = 1.01 * s->q.metres / (METRES_PER_DEGREE * MAX (cos (MIN (most_lat, 89.0) * G_PI / 180.0), 1e-6));
}

static inline guint64
cell_key (guint32 cat,
          gint64  cx,
          gint64  cy)
{
  if (cx < 0 || cy < 0 || cx >= (1 << 24) || cy >= (1 << 24))
    return NO_KEY;
  return ((guint64) cat << 48) | ((guint64) cx << 24) | (guint64) cy;
}

static inline void
grid_cell (const Grid *g,
           const Row  *r,
           gint64     *cx,
           gint64     *cy)
{
  *cx = (gint64) floor ((r->lon - g->lon0) / g->cell_lon);
  *cy = (gint64) floor ((r->lat - g->lat0) / g->cell_lat);
}

static int
compare_slots (const void *a,
               const void *b)
{
  guint64 x = ((const Slot *) a)->key, y = ((const Slot *) b)->key;
  return x < y ? -1 : x > y;
}

static void
build_cells (const Scan *s,
             const Grid *g,
             Buckets    *cells)
{
  g_autofree guint64 *keys = g_new (guint64, MAX (s->n, 1));
  g_autofree Slot *sorted = NULL;
  guint column[3] = { 0, 0, 0 };
  guint total;

  for (guint i = 0; i < s->n; i++)
    {
      gint64 cx, cy;

      grid_cell (g, &s->rows[i], &cx, &cy);
      keys[i] = cell_key (s->rows[i].cat, cx, cy);
    }
  buckets_build (cells, keys, s->n);
  total = cells->start[cells->n_buckets];
  cells->times = g_new (gint64, MAX (total, 1));
  cells->lons = g_new (double, MAX (total, 1));
  cells->lats = g_new (double, MAX (total, 1));
  for (guint p = 0; p < total; p++)
    {
      const Row *r = &s->rows[cells->members[p]];

      cells->times[p] = r->reported_at;
      cells->lons[p] = r->lon;
      cells->lats[p] = r->lat;
    }
  /* The cells around each cell, by one sweep over the cells in key order rather than nine
   * lookups each: a key is (subcategory, column, row), so for each of the three columns
   * the first cell needed only moves forward, and the next two follow within a step or
   * two. */
  sorted = g_new (Slot, MAX (cells->n_buckets, 1));
  for (guint i = 0, k = 0; i <= cells->mask; i++)
    if (cells->slots[i].bucket != NO_INDEX)
      sorted[k++] = cells->slots[i];
  qsort (sorted, cells->n_buckets, sizeof (Slot), compare_slots);
  cells->around = g_new (guint32, 9 * MAX (cells->n_buckets, 1));
  for (guint k = 0; k < cells->n_buckets; k++)
    {
      guint64 key = sorted[k].key, cat = key >> 48;
      gint64 cx = (key >> 24) & 0xffffff, cy = key & 0xffffff;
      guint32 *around = cells->around + 9 * sorted[k].bucket;

      for (int dx = -1; dx <= 1; dx++)
        {
          guint64 from = cell_key (cat, cx + dx, MAX (cy - 1, 0));
          guint q;

          if (from != NO_KEY)
            while (column[dx + 1] < cells->n_buckets && sorted[column[dx + 1]].key < from)
              column[dx + 1]++;
          q = column[dx + 1];
          for (int dy = -1; dy <= 1; dy++)
            {
              guint64 want = cell_key (cat, cx + dx, cy + dy);

              around[3 * (dx + 1) + dy + 1] = NO_INDEX;
              if (want == NO_KEY)
                continue;
              while (q < cells->n_buckets && sorted[q].key < want)
                q++;
              if (q < cells->n_buckets && sorted[q].key == want)
                around[3 * (dx + 1) + dy + 1] = sorted[q].bucket;
            }
        }
    }
}

/* Within D metres, as gw_distance_m() measures. A flat approximation (east-west degrees
 * scaled at the rows' middle latitude) is within 2 % of it across a county and decides
 * every pair but those within 2 % of D, for which the sphere decides; a latitude
 * difference alone, which the sphere's distance is never less than, rules most out. */
static inline gboolean
within_at (const Scan *s,
           double      lon1,
           double      lat1,
           double      lon2,
           double      lat2)
{
  double dy = (lat1 - lat2) * METRES_PER_DEGREE;
  double dx = (lon1 - lon2) * s->metres_per_lon;
  double d2 = dx * dx + dy * dy, dd = s->q.metres * s->q.metres;

  if (dy * dy > dd)
    return FALSE;
  if (s->metres_per_lon == 0)
    return gw_distance_m (lon1, lat1, lon2, lat2) <= s->q.metres;
  if (d2 < 0.96 * dd)
    return TRUE;
  if (d2 > 1.04 * dd)
    return FALSE;
  return gw_distance_m (lon1, lat1, lon2, lat2) <= s->q.metres;
}

static inline gboolean
within (const Scan *s,
        const Row  *a,
        const Row  *b)
{
  return within_at (s, a->lon, a->lat, b->lon, b->lat);
}

/* Detection ----------------------------------------------------------------------------- */

/* GRID: within each (subcategory, grid), each row with at least N - 1 rows of the M days
 * before it (ties by id) joins them. */
static guint32 *
find_grid (const Scan *s)
{
  g_autofree guint64 *keys = g_new (guint64, MAX (s->n, 1));
  guint32 *parent = uf_new (s->n);
  gint64 span = (gint64) s->q.days * DAY;
  Buckets b = { 0, };

  for (guint i = 0; i < s->n; i++)
    keys[i] = s->rows[i].grid_id > 0 ? ((guint64) s->rows[i].cat << 40) | ((guint64) s->rows[i].grid_id & ((G_GUINT64_CONSTANT (1) << 40) - 1))
                                     : NO_KEY;
  buckets_build (&b, keys, s->n);
  for (guint k = 0; k < b.n_buckets; k++)
    {
      const guint32 *m = b.members + b.start[k];
      guint len = b.start[k + 1] - b.start[k], j = 0, linked = 0;

      if (len < s->q.min_count)
        continue;
      for (guint i = 0; i < len; i++)
        {
          while (s->rows[m[j]].reported_at < s->rows[m[i]].reported_at - span)
            j++;
          if (i - j + 1 < s->q.min_count)
            continue;
          /* Rows j … i are one run: join neighbours not joined yet. */
          for (guint x = MAX (j, linked); x < i; x++)
            uf_union (parent, m[x], m[x + 1]);
          linked = MAX (linked, i);
        }
    }
  buckets_clear (&b);
  return parent;
}

/* NEARBY and RETURNING: cases anchored at sites -------------------------------------------
 *
 * Joining every pair of reports within D metres would chain a busy street's reports into
 * one case as long as the town. Instead each case has a site, the place of its strongest
 * report: seeds (reports that satisfy the rule) are taken strongest first; a seed within
 * D metres of a site joins it, else it founds one; the reports the seed's rule names join
 * its site unless an earlier seed took them. So a case never reaches further than 2D from
 * its site, and the same rows give the same sites in the same order. */

typedef struct {
  guint32 row;
  guint32 weight;   /* how many reports its rule names */
} Seed;

static int
compare_seeds (gconstpointer a,
               gconstpointer b)
{
  const Seed *x = a, *y = b;

  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* The rows of row i's subcategory within D metres of it reported in [lo, hi], up to row
 * `last` (the rows' order), into out; row i itself only when it is `last`. */
static void
neighbours (const Scan    *s,
            const Buckets *cells,
            guint32        i,
            gint64         lo,
            gint64         hi,
            guint32        last,
            GArray        *out)
{
  const Row *r = &s->rows[i];
  const guint32 *around;

  g_array_set_size (out, 0);
  if (cells->row_bucket[i] == NO_INDEX)
    return;  /* a place beyond the hash's reach: cannot happen for D >= 10 m on Earth */
  around = cells->around + 9 * cells->row_bucket[i];
  for (guint a = 0; a < 9; a++)
    {
      guint32 cell = around[a], end;

      if (cell == NO_INDEX)
        continue;
      end = cells->start[cell + 1];
      for (guint32 p = first_from (cells, cell, lo); p < end; p++)
        {
          if (cells->members[p] > last || cells->times[p] > hi)
            break;
          if ((cells->members[p] != i || last == i) &&
              within_at (s, r->lon, r->lat, cells->lons[p], cells->lats[p]))
            g_array_append_val (out, cells->members[p]);
        }
    }
}

typedef enum {
  RULE_NEARBY,      /* at least N within D in the M days up to the seed */
  RULE_RETURNING,   /* any within D in the K days after the seed was closed */
} Rule;

/* The rows the rule names for row i (none when it does not hold). */
static void
rule_rows (const Scan    *s,
           const Buckets *cells,
           Rule           rule,
           guint32        i,
           GArray        *out)
{
  const Row *r = &s->rows[i];

  if (rule == RULE_NEARBY)
    {
      neighbours (s, cells, i, r->reported_at - (gint64) s->q.days * DAY, r->reported_at, i, out);
      if (out->len < s->q.min_count)
        g_array_set_size (out, 0);
    }
  else
    {
      g_array_set_size (out, 0);
      if (r->closed_at == 0)
        return;
      neighbours (s, cells, i, r->closed_at + 1, r->closed_at + (gint64) s->q.return_days * DAY, G_MAXUINT32, out);
      if (out->len > 0)
        g_array_prepend_val (out, i);
    }
}

/* The sites' anchors, found through the same cells as the rows. */
typedef struct {
  GHashTable *cells;     /* cell key -> GArray of site indices */
  GArray     *anchors;   /* site -> anchor row */
} Sites;

static void
sites_clear (Sites *sites)
{
  g_clear_pointer (&sites->cells, g_hash_table_unref);
  g_clear_pointer (&sites->anchors, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sites, sites_clear)

/* The nearest site within D of row i (equal distances: the older site), or a new one
 * anchored there. */
static guint32
site_for (const Scan *s,
          const Grid *g,
          Sites      *sites,
          guint32     i)
{
  const Row *r = &s->rows[i];
  guint32 best = NO_INDEX, site;
  double nearest = G_MAXDOUBLE;
  gint64 cx, cy;
  guint64 key;
  GArray *list;

  grid_cell (g, r, &cx, &cy);
  for (int dx = -1; dx <= 1; dx++)
    for (int dy = -1; dy <= 1; dy++)
      {
        key = cell_key (r->cat, cx + dx, cy + dy);
        list = key != NO_KEY ? g_hash_table_lookup (sites->cells, &key) : NULL;
        for (guint k = 0; list && k < list->len; k++)
          {
            guint32 candidate = g_array_index (list, guint32, k);
            const Row *a = &s->rows[g_array_index (sites->anchors, guint32, candidate)];
            double d;

            if (!within (s, r, a))
              continue;
            d = gw_distance_m (r->lon, r->lat, a->lon, a->lat);
            if (d < nearest || (d == nearest && candidate < best))
              {
                nearest = d;
                best = candidate;
              }
          }
      }
  if (best != NO_INDEX)
    return best;
  site = sites->anchors->len;
  g_array_append_val (sites->anchors, i);
  key = cell_key (r->cat, cx, cy);
  if (key == NO_KEY)
    return site;
  list = g_hash_table_lookup (sites->cells, &key);
  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_hash_table_insert (sites->cells, g_memdup2 (&key, sizeof key), list);
    }
  g_array_append_val (list, site);
  return site;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

/* The cases of a rule, anchored at sites; nearby cases wholly inside one grid case (when
 * grid_parent holds the grid sets) are left out. */
static void
find_anchored (Scan          *s,
               const Grid    *g,
               const Buckets *cells,
               Rule           rule,
               guint32       *grid_parent)
{
  g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (Seed));
  g_autoptr(GArray) named = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint32 *site_of = g_new (guint32, MAX (s->n, 1));
  g_auto(Sites) sites = { g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref),
                          g_array_new (FALSE, FALSE, sizeof (guint32)) };
  guint least = s->q.min_count;

  for (guint32 i = 0; i < s->n; i++)
    {
      rule_rows (s, cells, rule, i, named);
      if (named->len > 0)
        g_array_append_val (seeds, ((Seed) { i, named->len }));
    }
  g_array_sort (seeds, compare_seeds);
  memset (site_of, 0xff, sizeof (guint32) * s->n);
  for (guint k = 0; k < seeds->len; k++)
    {
      guint32 seed = g_array_index (seeds, Seed, k).row;
      guint32 site = site_for (s, g, &sites, seed);
      GArray *list;

      if (site == members->len)
        g_ptr_array_add (members, g_array_new (FALSE, FALSE, sizeof (guint32)));
      list = g_ptr_array_index (members, site);
      rule_rows (s, cells, rule, seed, named);
      for (guint x = 0; x < named->len; x++)
        {
          guint32 m = g_array_index (named, guint32, x);

          if (site_of[m] == NO_INDEX)
            {
              site_of[m] = site;
              g_array_append_val (list, m);
            }
        }
    }
  for (guint site = 0; site < members->len; site++)
    {
      GArray *list = g_ptr_array_index (members, site);
      gboolean repeats_grid = grid_parent != NULL;

      if (list->len < least)
        continue;
      g_array_sort (list, compare_rows);
      /* A nearby case that lies wholly in one grid case says nothing new. (The grid sets of
       * two rows or more are all grid cases: rows are joined only in runs of N.) */
      for (guint x = 1; repeats_grid && x < list->len; x++)
        repeats_grid = uf_find (grid_parent, g_array_index (list, guint32, x)) ==
                       uf_find (grid_parent, g_array_index (list, guint32, 0));
      if (rule == RULE_NEARBY && repeats_grid)
        continue;
      g_ptr_array_add (s->cases, _gw_class_case_make (s, rule == RULE_NEARBY ? GW_CLASS_CASE_NEARBY : GW_CLASS_CASE_RETURNING,
                                            (guint32 *) list->data, list->len));
    }
}

/* The sets of at least min_size rows (two or more) that the rules joined, as cases. Rows
 * are visited in index order, so each case lists its rows in the order reported. */

static void
collect (Scan            *s,
         GwClassCaseKind  kind,
         guint32         *parent,
         guint            min_size)
{
  g_autofree guint32 *size = g_new0 (guint32, MAX (s->n, 1));
  g_autofree guint32 *slot = g_new (guint32, MAX (s->n, 1));
  g_autofree guint32 *members = NULL;
  g_autoptr(GArray) sets = g_array_new (FALSE, FALSE, sizeof (guint32));  /* start of each set */
  guint32 total = 0;

  for (guint32 i = 0; i < s->n; i++)
    size[uf_find (parent, i)]++;
  /* Each root's set gets a range of `members`. */
  for (guint32 i = 0; i < s->n; i++)
    if (parent[i] == i && size[i] >= MAX (min_size, 2))
      {
        slot[i] = total;
        g_array_append_val (sets, total);
        total += size[i];
      }
  g_array_append_val (sets, total);
  members = g_new (guint32, MAX (total, 1));
  for (guint32 i = 0; i < s->n; i++)
    {
      guint32 root = uf_find (parent, i);

      if (size[root] >= MAX (min_size, 2))
        members[slot[root]++] = i;
    }
  for (guint k = 0; k + 1 < sets->len; k++)
    {
      guint32 from = g_array_index (sets, guint32, k), to = g_array_index (sets, guint32, k + 1);

      g_ptr_array_add (s->cases, _gw_class_case_make (s, kind, members + from, to - from));
    }
}

/* HOTSPOT ------------------------------------------------------------------------------- */

typedef struct {
  guint32     bucket;
  guint       recent;
  double      expected;
  double      score;
  const char *cat_code;
  const char *street_code;
} Rising;

/* The most above expectation first; then the larger count; then by subcategory and street,
 * so that the order never depends on the hash's. */
static int
compare_rising (gconstpointer a,
                gconstpointer b)
{
  const Rising *x = a, *y = b;
  int c;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->recent != y->recent)
    return x->recent > y->recent ? -1 : 1;
  if ((c = strcmp (x->cat_code, y->cat_code)) != 0)
    return c;
  return strcmp (x->street_code, y->street_code);
}

static void
find_hotspots (Scan *s)
{
  gint64 weeks = (s->q.to - s->q.from) / WEEK;
  guint recent = s->q.recent_weeks;
  g_autofree guint64 *keys = NULL;
  g_autoptr(GArray) rising = g_array_new (FALSE, FALSE, sizeof (Rising));
  g_autofree guint *counts = NULL;
  guint64 all_recent = 0, all_before = 0;
  Buckets b = { 0, };

  /* The recent weeks against at least as many before them. */
  if (weeks < 2 * (gint64) recent || weeks > 100000)
    return;
  keys = g_new (guint64, MAX (s->n, 1));
  for (guint i = 0; i < s->n; i++)
    {
      const Row *r = &s->rows[i];
      gint64 ago = (s->q.to - 1 - r->reported_at) / WEEK;

      keys[i] = r->street_id > 0 && ago < weeks
                  ? ((guint64) r->cat << 40) | ((guint64) r->street_id & ((G_GUINT64_CONSTANT (1) << 40) - 1))
                  : NO_KEY;
      if (keys[i] != NO_KEY)
        {
          if (ago < recent)
            all_recent++;
          else
            all_before++;
        }
    }
  if (all_before == 0)
    return;
  buckets_build (&b, keys, s->n);
  counts = g_new (guint, weeks);
  for (guint k = 0; k < b.n_buckets; k++)
    {
      const Row *first = &s->rows[b.members[b.start[k]]];
      const GwDbDivision *d;
      guint before = 0;
      Rising x = { k, 0, };

      if (b.start[k + 1] - b.start[k] < s->q.min_count)
        continue;
      for (guint p = b.start[k]; p < b.start[k + 1]; p++)
        {
          gint64 ago = (s->q.to - 1 - s->rows[b.members[p]].reported_at) / WEEK;
          if (ago < recent)
            x.recent++;
          else
            before++;
        }
      /* What the weeks before gave, scaled as the window's reports as a whole changed
       * from those weeks to the recent ones: a county that grows, or a season that
       * brings more of everything, raises no hot spot by itself. */
      x.expected = (double) before * (double) all_recent / (double) all_before;
      /* How far above what was expected, in Poisson standard deviations: at least two, as
       * well as twice as many, or it is chance. */
      x.score = (x.recent - x.expected) / sqrt (x.expected + 1.0);
      if (x.recent < s->q.min_count || x.recent < 2.0 * x.expected || x.score < 2.0)
        continue;
      x.cat_code = g_ptr_array_index (s->cats, first->cat);
      x.street_code = (d = _gw_db_division_by_id (s->db, first->street_id)) ? d->code : "";
      g_array_append_val (rising, x);
    }
  g_array_sort (rising, compare_rising);
  for (guint i = 0; i < rising->len && i < s->q.max_hotspots; i++)
    {
      const Rising *x = &g_array_index (rising, Rising, i);
      g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint32));
      GwClassCase *cc;

      memset (counts, 0, sizeof (guint) * weeks);
      for (guint p = b.start[x->bucket]; p < b.start[x->bucket + 1]; p++)
        {
          gint64 ago = (s->q.to - 1 - s->rows[b.members[p]].reported_at) / WEEK;

          counts[weeks - 1 - ago]++;
          if (ago < recent)
            g_array_append_val (members, b.members[p]);
        }
      cc = _gw_class_case_make (s, GW_CLASS_CASE_HOTSPOT, (guint32 *) members->data, members->len);
      cc->weekly = g_array_sized_new (FALSE, FALSE, sizeof (guint), weeks);
      g_array_append_vals (cc->weekly, counts, weeks);
      cc->recent = x->recent;
      cc->expected = x->expected;
      g_ptr_array_add (s->cases, cc);
    }
  buckets_clear (&b);
}

/* Every kind the query asks for, as cases appended to s->cases. */
void
_gw_class_case_find (Scan *s)
{
  g_autofree guint32 *grid = NULL;
  Buckets cells = { 0, };
  Grid g = { 0, };

  if (s->q.kinds & ((1u << GW_CLASS_CASE_GRID) | (1u << GW_CLASS_CASE_NEARBY)))
    grid = find_grid (s);
  if (s->q.kinds & (1u << GW_CLASS_CASE_GRID))
    collect (s, GW_CLASS_CASE_GRID, grid, s->q.min_count);
  if (s->q.kinds & ((1u << GW_CLASS_CASE_NEARBY) | (1u << GW_CLASS_CASE_RETURNING)))
    {
      grid_init (&g, s);
      build_cells (s, &g, &cells);
    }
  if (s->q.kinds & (1u << GW_CLASS_CASE_NEARBY))
    /* Asked for nearby cases alone, every one is shown. */
    find_anchored (s, &g, &cells, RULE_NEARBY, (s->q.kinds & (1u << GW_CLASS_CASE_GRID)) ? grid : NULL);
  if (s->q.kinds & (1u << GW_CLASS_CASE_RETURNING))
    find_anchored (s, &g, &cells, RULE_RETURNING, NULL);
  buckets_clear (&cells);
  if (s->q.kinds & (1u << GW_CLASS_CASE_HOTSPOT))
    find_hotspots (s);
}
