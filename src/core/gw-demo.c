#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-db-private.h"
#include "gw-demo.h"
#include "gw-demo-names.h"
#include "gw-dictionary.h"
#include "gw-json.h"
#include "gw-time.h"
#include "gw-workflow.h"

#define OUTLINE_RESOURCE   "/org/gridwatch/Gridwatch/core/tongnan-outline.geojson"
#define TEMPLATES_RESOURCE "/org/gridwatch/Gridwatch/core/demo-templates.json"
#define COUNTY_CODE        "500223"
#define COUNTY_NAME        "潼南区"
#define COUNTY_POPULATION  681100
#define DAY                (24 * 3600)

typedef struct {
  guint  streets;
  guint  communities;
  guint  grids;
  guint  microgrids;
  guint  departments;
  guint  workers;
  guint  cameras;
  guint  tickets;
  guint  days;
} Profile;

static const Profile profiles[] = {
  [GW_DEMO_PROFILE_SMALL]   = { 4, 16, 64, 48, 12, 90, 400, 4000, 120 },
  [GW_DEMO_PROFILE_TONGNAN] = { 23, 304, 1935, 2216, 61, 2500, 23000, 420000, 730 },
};

typedef struct {
  double x0, y0, x1, y1;
} Rect;

/* A division being made: its rectangle in the partition and its clipped outline. */
typedef struct {
  GwDivision *division;
  Rect        rect;
  double      weight;      /* population weight */
  guint       first_child; /* index range in the next level's array */
  guint       n_children;
  guint       parent;      /* index in the level above */
  char      **roads;       /* communities: three road names */
  char       *short_name;
} Node;

typedef struct {
  char   *code;
  double  weight;
  double  urgency[GW_N_URGENCIES];
  double  sources[GW_N_SOURCES];
  char  **texts;
  const GwCategory *category;
} Template;

typedef struct {
  GwDb          *db;
  GRand         *rand;
  const Profile *profile;
  gint64         now;
  GwDemoProgress progress;
  gpointer       user_data;
  GwPolygon     *outline;
  GArray        *levels[GW_N_LEVELS];  /* of Node, per level (area unused) */
  GPtrArray     *templates;            /* of Template */
  double        *template_cdf;
  GHashTable    *board_departments;    /* board code -> GPtrArray of codes */
  GPtrArray     *department_codes;
  double        *grid_cdf;             /* over grids, by weight */
  GPtrArray     *grid_workers;         /* per grid index: first worker name */
  GHashTable    *used_names;
  gint64         recent_seconds;       /* tickets this young go through the workflow */
  GArray        *steps;                /* of Step */
  GStringChunk  *strings;              /* the steps' strings */
} Demo;

/* One workflow action for a recent ticket, applied in time order after all are stored. */
typedef struct {
  gint64       at;
  guint        seq;
  gint64       ticket_id;
  GwAction     action;
  GwRole       role;
  GwLevel      level;
  const char  *actor_name;
  const char  *actor_division;
  const char  *actor_department;
  const char  *department;        /* dispatch, whistle lead */
  const char  *others[3];         /* whistle: the other departments, NULL-terminated */
  const char  *reason;
  const char  *text;
  gboolean     resolved;
  GwSatisfaction satisfaction;
} Step;

gboolean
gw_demo_profile_from_string (const char    *name,
                             GwDemoProfile *out)
{
  if (g_strcmp0 (name, "small") == 0)
    *out = GW_DEMO_PROFILE_SMALL;
  else if (g_strcmp0 (name, "tongnan") == 0)
    *out = GW_DEMO_PROFILE_TONGNAN;
  else
    return FALSE;
  return TRUE;
}

gint64
gw_demo_default_now (gint64 unix_now)
{
  return unix_now - unix_now % 3600;
}

static void
report (Demo       *demo,
        const char *stage,
        double      fraction)
{
  if (demo->progress)
    demo->progress (stage, fraction, demo->user_data);
}

/* Random helpers ----------------------------------------------------------------------- */

static double
rnd (Demo *demo)
{
  return g_rand_double (demo->rand);
}

static guint
pick (Demo  *demo,
      guint  n)
{
  return g_rand_int_range (demo->rand, 0, (gint32) n);
}

static const char *
pick_str (Demo              *demo,
          const char *const *v)
{
  return v[pick (demo, gw_demo_strv_length (v))];
}

static guint
pick_weighted (Demo         *demo,
               const double *weights,
               guint         n)
{
  double total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = rnd (demo) * total;
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

static double *
make_cdf (const double *weights,
          guint         n)
{
  double *cdf = g_new (double, n);
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      total += weights[i];
      cdf[i] = total;
    }
  for (guint i = 0; i < n; i++)
    cdf[i] /= total;
  return cdf;
}

static guint
pick_cdf (Demo         *demo,
          const double *cdf,
          guint         n)
{
  double r = rnd (demo);
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (cdf[mid] < r)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Standard normal by Box–Muller. */
static double
normal (Demo *demo)
{
  double u1 = MAX (rnd (demo), 1e-12), u2 = rnd (demo);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* Splits `total` over weights, each getting at least `min` (largest remainder). */
static guint *
apportion (const double *weights,
           guint         n,
           guint         total,
           guint         min)
{
  guint *result = g_new0 (guint, n);
  double *rem = g_new0 (double, n);
  double sum = 0;
  guint given = 0;

  g_assert (total >= n * min);
  for (guint i = 0; i < n; i++)
    sum += weights[i];
  for (guint i = 0; i < n; i++)
    {
      double share = min + (total - n * min) * weights[i] / sum;
      result[i] = (guint) floor (share);
      rem[i] = share - result[i];
      given += result[i];
    }
  while (given < total)
    {
      guint best = 0;
      for (guint i = 1; i < n; i++)
        if (rem[i] > rem[best])
          best = i;
      result[best]++;
      rem[best] = -1;
      given++;
    }
  g_free (rem);
  return result;
}

/* Partitioning ------------------------------------------------------------------------- */

static double
clipped_area (GwPolygon  *shape,
              const Rect *r)
{
  g_autoptr(GwPolygon) piece = gw_polygon_clip_rect (shape, r->x0, r->y0, r->x1, r->y1);
  return gw_polygon_area_m2 (piece);
}

/* Cuts rect into n rectangles whose parts of `shape` have areas in proportion to
 * weights[0..n). Recursive halving along the longer side; the cut position is found by
 * bisection on the clipped area. */
static void
partition (GwPolygon    *shape,
           Rect          rect,
           const double *weights,
           guint         n,
           Rect         *out)
{
  g_autoptr(GwPolygon) piece = NULL;
  double total_w = 0, left_w = 0, target, total_area;
  guint n_left = n / 2;
  double mid_lat, width_m, height_m;
  gboolean vertical;
  double lo, hi;
  Rect left, right;

  if (n == 1)
    {
      out[0] = rect;
      return;
    }
  piece = gw_polygon_clip_rect (shape, rect.x0, rect.y0, rect.x1, rect.y1);
  total_area = gw_polygon_area_m2 (piece);
  for (guint i = 0; i < n; i++)
    total_w += weights[i];
  for (guint i = 0; i < n_left; i++)
    left_w += weights[i];
  target = total_area * left_w / total_w;

  mid_lat = (rect.y0 + rect.y1) / 2;
  width_m = (rect.x1 - rect.x0) * cos (mid_lat * G_PI / 180);
  height_m = rect.y1 - rect.y0;
  vertical = width_m >= height_m;  /* cut with a vertical line */
  lo = vertical ? rect.x0 : rect.y0;
  hi = vertical ? rect.x1 : rect.y1;
  for (int iter = 0; iter < 40; iter++)
    {
      double cut = (lo + hi) / 2;
      Rect l = rect;
      if (vertical)
        l.x1 = cut;
      else
        l.y1 = cut;
      if (clipped_area (piece, &l) < target)
        lo = cut;
      else
        hi = cut;
    }
  left = right = rect;
  if (vertical)
    left.x1 = right.x0 = (lo + hi) / 2;
  else
    left.y1 = right.y0 = (lo + hi) / 2;
  partition (piece, left, weights, n_left, out);
  partition (piece, right, weights + n_left, n - n_left, out + n_left);
}

/* Names --------------------------------------------------------------------------------- */

static char *
unique_place_name (Demo *demo)
{
  for (;;)
    {
      char *name = g_strconcat (pick_str (demo, gw_demo_syllables_a),
                                pick_str (demo, gw_demo_syllables_b), NULL);
      if (!g_hash_table_contains (demo->used_names, name))
        {
          g_hash_table_add (demo->used_names, name);
          return g_strdup (name);
        }
      g_free (name);
    }
}

static char *
person_name (Demo *demo)
{
  if (rnd (demo) < 0.5)
    return g_strconcat (pick_str (demo, gw_demo_surnames), pick_str (demo, gw_demo_given), NULL);
  return g_strconcat (pick_str (demo, gw_demo_surnames), pick_str (demo, gw_demo_given),
                      pick_str (demo, gw_demo_given), NULL);
}

static char *
phone_number (Demo     *demo,
              gboolean  masked)
{
  static const char *const prefixes[] = { "133", "135", "136", "138", "139", "150", "151", "158", "177", "180", "187", "189", NULL };
  const char *prefix = pick_str (demo, prefixes);
  guint mid = pick (demo, 10000), tail = pick (demo, 10000);

  if (masked)
    return g_strdup_printf ("%s****%04u", prefix, tail);
  return g_strdup_printf ("%s%04u%04u", prefix, mid, tail);
}

/* Divisions ----------------------------------------------------------------------------- */

static void
node_clear (gpointer data)
{
  Node *n = data;

  g_clear_pointer (&n->division, gw_division_unref);
  g_clear_pointer (&n->roads, g_strfreev);
  g_clear_pointer (&n->short_name, g_free);
}

static GwDivision *
make_division (Demo       *demo,
               const char *code,
               const char *name,
               GwLevel     level,
               const char *parent_code,
               const Rect *rect)
{
  GwDivision *d = gw_division_new ();

  d->code = g_strdup (code);
  d->name = g_strdup (name);
  d->level = level;
  d->parent_code = g_strdup (parent_code);
  d->polygon = gw_polygon_clip_rect (demo->outline, rect->x0, rect->y0, rect->x1, rect->y1);
  gw_polygon_label_point (d->polygon, &d->label_lon, &d->label_lat);
  return d;
}

static gboolean
load_outline (Demo    *demo,
              GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (OUTLINE_RESOURCE, 0, error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *fc;
  JsonArray *features;
  JsonObject *feature;

  if (bytes == NULL)
    return FALSE;
  root = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 64, error);
  if (root == NULL)
    return FALSE;
  fc = json_node_get_object (root);
  features = json_object_get_array_member (fc, "features");
  feature = json_array_get_object_element (features, 0);
  demo->outline = gw_polygon_from_geojson (json_object_get_member (feature, "geometry"), error);
  return demo->outline != NULL;
}

/* Divides parent nodes' rectangles among children of `level`. counts[i] children for
 * parent i; child weights random around the parent's. */
static void
subdivide (Demo        *demo,
           GArray      *parents,
           GArray      *children,
           const guint *counts,
           double       jitter)
{
  for (guint p = 0; p < parents->len; p++)
    {
      Node *parent = &g_array_index (parents, Node, p);
      guint n = counts[p];
      g_autofree double *w = g_new (double, n);
      g_autofree Rect *rects = g_new (Rect, n);
      g_autoptr(GwPolygon) shape = parent->division->polygon ? gw_polygon_ref (parent->division->polygon) : NULL;

      for (guint i = 0; i < n; i++)
        w[i] = 1.0 + jitter * (rnd (demo) - 0.5);
      partition (shape, parent->rect, w, n, rects);
      parent->first_child = children->len;
      parent->n_children = n;
      for (guint i = 0; i < n; i++)
        {
          Node child = { 0, };
          child.rect = rects[i];
          child.weight = parent->weight * w[i];
          child.parent = p;
          g_array_append_val (children, child);
        }
    }
}

static gboolean
generate_divisions (Demo    *demo,
                    GError **error)
{
  const Profile *pr = demo->profile;
  double x0, y0, x1, y1;
  Node county = { 0, };
  GArray *streets, *communities, *grids, *micro;
  g_autofree double *street_w = NULL;
  g_autofree double *community_w = NULL;
  g_autofree guint *n_comm = NULL;
  g_autofree guint *n_grid = NULL;
  g_autofree guint *n_micro = NULL;
  g_autofree Rect *street_rects = NULL;
  double total_weight = 0;
  guint micro_left;

  for (guint l = 0; l < GW_N_LEVELS; l++)
    {
      demo->levels[l] = g_array_new (FALSE, TRUE, sizeof (Node));
      g_array_set_clear_func (demo->levels[l], node_clear);
    }
  streets = demo->levels[GW_LEVEL_STREET];
  communities = demo->levels[GW_LEVEL_COMMUNITY];
  grids = demo->levels[GW_LEVEL_GRID];
  micro = demo->levels[GW_LEVEL_MICROGRID];

  gw_polygon_get_bbox (demo->outline, &x0, &y0, &x1, &y1);
  county.rect = (Rect) { x0, y0, x1, y1 };
  county.weight = 1;
  county.division = gw_division_new ();
  county.division->code = g_strdup (COUNTY_CODE);
  county.division->name = g_strdup (COUNTY_NAME);
  county.division->level = GW_LEVEL_DISTRICT;
  county.division->polygon = gw_polygon_ref (demo->outline);
  county.division->population = COUNTY_POPULATION;
  gw_polygon_label_point (demo->outline, &county.division->label_lon, &county.division->label_lat);
  g_array_append_val (demo->levels[GW_LEVEL_DISTRICT], county);

  /* Streets: the town proper (街道) is smaller in area and denser in people. */
  street_w = g_new (double, pr->streets);
  street_rects = g_new (Rect, pr->streets);
  for (guint i = 0; i < pr->streets; i++)
    street_w[i] = gw_demo_tongnan_streets[i].urban ? 0.45 : 0.8 + 0.4 * rnd (demo);
  partition (demo->outline, county.rect, street_w, pr->streets, street_rects);
  for (guint i = 0; i < pr->streets; i++)
    {
      const GwDemoStreet *s = &gw_demo_tongnan_streets[i];
      g_autofree char *code = g_strconcat (COUNTY_CODE, s->code_suffix, NULL);
      Node node = { 0, };

      node.rect = street_rects[i];
      node.division = make_division (demo, code, s->name, GW_LEVEL_STREET, COUNTY_CODE, &node.rect);
      node.weight = (s->urban ? 6.0 : 1.0) * (0.7 + 0.6 * rnd (demo));
      node.short_name = g_strdup (s->name);
      g_array_append_val (streets, node);
    }

  /* Communities per street, by population weight. */
  {
    g_autofree double *w = g_new (double, streets->len);
    for (guint i = 0; i < streets->len; i++)
      w[i] = g_array_index (streets, Node, i).weight;
    n_comm = apportion (w, streets->len, pr->communities, 3);
  }
  subdivide (demo, streets, communities, n_comm, 0.6);
  for (guint s = 0; s < streets->len; s++)
    {
      Node *street = &g_array_index (streets, Node, s);
      gboolean urban = s < G_N_ELEMENTS (gw_demo_tongnan_streets) && gw_demo_tongnan_streets[s].urban;
      guint n_shequ = 0, n_cun = 0;

      for (guint c = street->first_child; c < street->first_child + street->n_children; c++)
        {
          Node *node = &g_array_index (communities, Node, c);
          gboolean shequ = urban || c == street->first_child;  /* a town's seat is a 社区 */
          g_autofree char *base = unique_place_name (demo);
          g_autofree char *name = g_strconcat (base, shequ ? "社区" : "村", NULL);
          g_autofree char *code = g_strdup_printf ("%s%03u", street->division->code,
                                                   shequ ? ++n_shequ : 200 + ++n_cun);

          node->division = make_division (demo, code, name, GW_LEVEL_COMMUNITY,
                                          street->division->code, &node->rect);
          node->short_name = g_steal_pointer (&base);
          node->roads = g_new0 (char *, 4);
          for (guint r = 0; r < 3; r++)
            node->roads[r] = g_strconcat (r == 0 ? node->short_name : pick_str (demo, gw_demo_syllables_a),
                                          pick_str (demo, gw_demo_syllables_b),
                                          pick_str (demo, gw_demo_road_suffixes), NULL);
        }
    }

  /* Grids per community, by weight. */
  community_w = g_new (double, communities->len);
  for (guint i = 0; i < communities->len; i++)
    community_w[i] = g_array_index (communities, Node, i).weight;
  n_grid = apportion (community_w, communities->len, pr->grids, 2);
  subdivide (demo, communities, grids, n_grid, 0.5);
  for (guint c = 0; c < communities->len; c++)
    {
      Node *community = &g_array_index (communities, Node, c);
      for (guint g = 0; g < community->n_children; g++)
        {
          Node *node = &g_array_index (grids, Node, community->first_child + g);
          g_autofree char *code = g_strdup_printf ("%s%03u", community->division->code, g + 1);
          g_autofree char *name = g_strdup_printf ("%s第%u网格", community->division->name, g + 1);

          node->division = make_division (demo, code, name, GW_LEVEL_GRID,
                                          community->division->code, &node->rect);
        }
    }

  /* Micro-grids: the densest grids are split into 2–4. */
  n_micro = g_new0 (guint, grids->len);
  micro_left = pr->microgrids;
  {
    g_autofree guint *order = g_new (guint, grids->len);
    for (guint i = 0; i < grids->len; i++)
      order[i] = i;
    /* Stable order by descending weight (an insertion sort: ~2,000 items). */
    for (guint i = 1; i < grids->len; i++)
      {
        guint v = order[i];
        double wv = g_array_index (grids, Node, v).weight;
        guint j = i;
        while (j > 0 && g_array_index (grids, Node, order[j - 1]).weight < wv)
          {
            order[j] = order[j - 1];
            j--;
          }
        order[j] = v;
      }
    for (guint i = 0; i < grids->len && micro_left > 0; i++)
      {
        guint k = 2 + pick (demo, 3);
        if (micro_left - k == 1 || k > micro_left)
          k = micro_left;
        n_micro[order[i]] = k;
        micro_left -= k;
      }
  }
  for (guint g = 0; g < grids->len; g++)
    {
      Node *grid = &g_array_index (grids, Node, g);
      grid->first_child = micro->len;
      grid->n_children = 0;
      if (n_micro[g] == 0)
        continue;
      {
        g_autofree double *w = g_new (double, n_micro[g]);
        g_autofree Rect *rects = g_new (Rect, n_micro[g]);
        for (guint i = 0; i < n_micro[g]; i++)
          w[i] = 1.0;
        partition (grid->division->polygon, grid->rect, w, n_micro[g], rects);
        grid->n_children = n_micro[g];
        for (guint i = 0; i < n_micro[g]; i++)
          {
            Node node = { 0, };
            g_autofree char *code = g_strdup_printf ("%s%03u", grid->division->code, i + 1);
            g_autofree char *name = g_strdup_printf ("%s%u号微网格", grid->division->name, i + 1);

            node.rect = rects[i];
            node.weight = grid->weight / n_micro[g];
            node.parent = g;
            node.division = make_division (demo, code, name, GW_LEVEL_MICROGRID,
                                           grid->division->code, &node.rect);
            g_array_append_val (micro, node);
          }
      }
    }

  /* Populations from weights. */
  for (guint g = 0; g < grids->len; g++)
    total_weight += g_array_index (grids, Node, g).weight;
  for (guint l = GW_LEVEL_STREET; l < GW_N_LEVELS; l++)
    for (guint i = 0; i < demo->levels[l]->len; i++)
      {
        Node *n = &g_array_index (demo->levels[l], Node, i);
        n->division->population = 0;
      }
  for (guint g = 0; g < grids->len; g++)
    {
      Node *grid = &g_array_index (grids, Node, g);
      Node *community = &g_array_index (communities, Node, grid->parent);
      Node *street = &g_array_index (streets, Node, community->parent);
      gint64 pop = (gint64) round (COUNTY_POPULATION * grid->weight / total_weight);

      grid->division->population = pop;
      community->division->population += pop;
      street->division->population += pop;
      for (guint m = 0; m < grid->n_children; m++)
        g_array_index (micro, Node, grid->first_child + m).division->population = pop / grid->n_children;
    }

  /* Write, top down. */
  for (guint l = 0; l < GW_N_LEVELS; l++)
    for (guint i = 0; i < demo->levels[l]->len; i++)
      {
        Node *n = &g_array_index (demo->levels[l], Node, i);
        if (gw_db_insert_division (demo->db, n->division, error) == 0)
          return FALSE;
      }
  report (demo, N_("divisions"), 1.0);
  return TRUE;
}

/* Departments, workers, cameras ---------------------------------------------------------- */

static gboolean
generate_departments (Demo    *demo,
                      GError **error)
{
  demo->department_codes = g_ptr_array_new_with_free_func (g_free);
  demo->board_departments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                   (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < demo->profile->departments; i++)
    {
      const GwDemoDepartment *src = &gw_demo_departments[i];
      g_autoptr(GwDepartment) d = gw_department_new ();
      GPtrArray *list;

      d->code = g_strdup_printf ("%s-D%02u", COUNTY_CODE, i + 1);
      d->name = g_strdup (src->name);
      d->name_en = g_strdup (src->name_en);
      d->board = g_strdup (src->board);
      d->division_code = g_strdup (COUNTY_CODE);
      if (gw_db_insert_department (demo->db, d, error) == 0)
        return FALSE;
      g_ptr_array_add (demo->department_codes, g_strdup (d->code));
      list = g_hash_table_lookup (demo->board_departments, src->board);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (demo->board_departments, (gpointer) src->board, list);
        }
      g_ptr_array_add (list, g_strdup (d->code));
    }
  report (demo, N_("departments"), 1.0);
  return TRUE;
}

/* The finest division at a random place of grid g, and a point in it. */
static const GwDivision *
place_in_grid (Demo   *demo,
               guint   g,
               double *lon,
               double *lat)
{
  Node *grid = &g_array_index (demo->levels[GW_LEVEL_GRID], Node, g);
  const GwDivision *d = grid->division;

  if (grid->n_children > 0)
    d = g_array_index (demo->levels[GW_LEVEL_MICROGRID], Node, grid->first_child + pick (demo, grid->n_children)).division;
  gw_polygon_random_point (d->polygon, demo->rand, lon, lat);
  return d;
}

static Node *
community_of_grid (Demo  *demo,
                   guint  g)
{
  Node *grid = &g_array_index (demo->levels[GW_LEVEL_GRID], Node, g);
  return &g_array_index (demo->levels[GW_LEVEL_COMMUNITY], Node, grid->parent);
}

static gboolean
generate_workers (Demo    *demo,
                  GError **error)
{
  GArray *grids = demo->levels[GW_LEVEL_GRID];
  guint n = demo->profile->workers;

  demo->grid_workers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwWorker) w = gw_worker_new ();
      guint g = i < grids->len ? i : pick_cdf (demo, demo->grid_cdf, grids->len);
      const GwDivision *d;

      w->code = g_strdup_printf ("W%s%05u", COUNTY_CODE, i + 1);
      w->name = person_name (demo);
      if (i < grids->len)
        w->role = GW_WORKER_ROLE_FULL_TIME;
      else
        {
          static const double role_w[GW_N_WORKER_ROLES] = { 0, 0.45, 0.2, 0.15, 0.2 };
          w->role = pick_weighted (demo, role_w, GW_N_WORKER_ROLES);
        }
      d = place_in_grid (demo, g, &w->lon, &w->lat);
      w->grid_code = g_strdup (d->code);
      w->phone = phone_number (demo, FALSE);
      w->on_duty = rnd (demo) < 0.72;
      w->has_position = TRUE;
      w->seen_at = demo->now - (gint64) (rnd (demo) * (w->on_duty ? 1800 : 36 * 3600));
      if (gw_db_insert_worker (demo->db, w, error) == 0)
        return FALSE;
      if (i < grids->len)
        g_ptr_array_add (demo->grid_workers, g_strdup (w->name));
    }
  report (demo, N_("workers"), 1.0);
  return TRUE;
}

static gboolean
generate_cameras (Demo    *demo,
                  GError **error)
{
  GArray *grids = demo->levels[GW_LEVEL_GRID];
  g_autoptr(GHashTable) per_community = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < demo->profile->cameras; i++)
    {
      g_autoptr(GwCamera) c = gw_camera_new ();
      guint g = rnd (demo) < 0.7 ? pick_cdf (demo, demo->grid_cdf, grids->len) : pick (demo, grids->len);
      Node *community = community_of_grid (demo, g);
      const GwDivision *d = place_in_grid (demo, g, &c->lon, &c->lat);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (per_community, community)) + 1;

      g_hash_table_insert (per_community, community, GUINT_TO_POINTER (k));
      /* GB/T 28181: centre code (8), industry (2), type (3: 131 camera, 132 IP camera),
       * network (1), serial (6). */
      c->id = g_strdup_printf ("%s00%02u%s0%06u", COUNTY_CODE, 0, rnd (demo) < 0.8 ? "132" : "131", i + 1);
      c->name = g_strdup_printf ("%s%s%s%02u", community->division->name,
                                 community->roads[pick (demo, 3)],
                                 pick_str (demo, gw_demo_camera_spots), k);
      c->division_code = g_strdup (d->code);
      c->has_position = TRUE;
      c->main_uri = g_strdup_printf ("rtsp://127.0.0.1:8554/%s/main", c->id);
      c->sub_uri = g_strdup_printf ("rtsp://127.0.0.1:8554/%s/sub", c->id);
      c->ptz = rnd (demo) < 0.22;
      c->heading = rnd (demo) < 0.7 ? (double) pick (demo, 360) : -1.0;
      if (gw_db_insert_camera (demo->db, c, error) == 0)
        return FALSE;
    }
  report (demo, N_("cameras"), 1.0);
  return TRUE;
}

/* Tickets ------------------------------------------------------------------------------- */

static void
template_free (gpointer data)
{
  Template *t = data;
  g_free (t->code);
  g_strfreev (t->texts);
  g_free (t);
}

static gboolean
read_weights (JsonObject  *obj,
              const char  *path,
              const char  *member,
              double      *out,
              guint        n,
              GError     **error)
{
  JsonArray *a = NULL;

  if (!gw_json_get_array (obj, path, member, TRUE, &a, error))
    return FALSE;
  if (json_array_get_length (a) != n)
    {
      g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s.%s: expected %u numbers"), path, member, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    out[i] = json_array_get_double_element (a, i);
  return TRUE;
}

static gboolean
load_templates (Demo    *demo,
                GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (TEMPLATES_RESOURCE, 0, error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  GwDictionary *dict = gw_dictionary_get_default ();
  JsonObject *templates = NULL;
  g_autofree double *w = NULL;

  if (bytes == NULL)
    return FALSE;
  root = gw_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 16, error);
  if (root == NULL || !gw_json_get_object (json_node_get_object (root), NULL, "templates", TRUE, &templates, error))
    return FALSE;
  demo->templates = g_ptr_array_new_with_free_func (template_free);
  members = json_object_get_members (templates);
  members = g_list_sort (members, (GCompareFunc) g_strcmp0);  /* a fixed order */
  for (GList *l = members; l; l = l->next)
    {
      const char *code = l->data;
      g_autofree char *path = gw_json_path_member ("templates", code);
      JsonObject *obj = json_object_get_object_member (templates, code);
      JsonArray *texts = NULL;
      Template *t = g_new0 (Template, 1);

      g_ptr_array_add (demo->templates, t);
      t->code = g_strdup (code);
      t->category = gw_dictionary_lookup (dict, code);
      if (t->category == NULL)
        {
          g_set_error (error, GW_JSON_ERROR, GW_JSON_ERROR_VALUE, _("%s: not a subcategory of the dictionary"), path);
          return FALSE;
        }
      if (!gw_json_get_double (obj, path, "weight", TRUE, &t->weight, error) ||
          !read_weights (obj, path, "urgency", t->urgency, GW_N_URGENCIES, error) ||
          !read_weights (obj, path, "sources", t->sources, GW_N_SOURCES, error) ||
          !gw_json_get_array (obj, path, "texts", TRUE, &texts, error))
        return FALSE;
      t->texts = g_new0 (char *, json_array_get_length (texts) + 1);
      for (guint i = 0; i < json_array_get_length (texts); i++)
        t->texts[i] = g_strdup (json_array_get_string_element (texts, i));
    }
  w = g_new (double, demo->templates->len);
  for (guint i = 0; i < demo->templates->len; i++)
    w[i] = ((Template *) g_ptr_array_index (demo->templates, i))->weight;
  demo->template_cdf = make_cdf (w, demo->templates->len);
  return TRUE;
}

static char *
expand_template (const char *text,
                 const char *place,
                 const char *community)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "{place}", place, 0);
  g_string_replace (s, "{community}", community, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* Times of report, spread over the profile's days, more in daytime, growing with time. */
static gint64 *
report_times (Demo *demo)
{
  static const double hour_w[24] = {
    0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 5.5, 5.8, 5.2,
    4.0, 3.8, 5.0, 5.4, 5.2, 4.8, 3.8, 3.2, 2.8, 2.2, 1.5, 0.9
  };
  guint n = demo->profile->tickets;
  gint64 *times = g_new (gint64, n);
  gint64 start = demo->now - (gint64) demo->profile->days * DAY;

  for (guint i = 0; i < n; i++)
    {
      /* Day: density rising linearly from 0.8 to 1.2 (inverse CDF of a trapezoid). */
      double u = rnd (demo), a = 0.8, b = 1.2, x;
      guint hour = pick_weighted (demo, hour_w, 24);
      gint64 day;

      x = (-a + sqrt (a * a + (b * b - a * a) * u)) / (b - a);
      day = (gint64) floor (x * demo->profile->days);
      day = MIN (day, (gint64) demo->profile->days - 1);
      times[i] = start + day * DAY + hour * 3600 + pick (demo, 3600);
      /* Today (the last day) is the day before `now`; nothing is in the future. */
      if (times[i] >= demo->now)
        times[i] = demo->now - 1 - pick (demo, 3600);
    }
  qsort (times, n, sizeof (gint64), compare_gint64);
  return times;
}

/* A ticket's life as the generator plans it: when each step happens (0: never). Times past
 * `now` have not happened yet, which is how the open tickets arise. */
typedef struct {
  gint64   screened_at;
  gint64   dispatched_at;
  gint64   signed_at;
  gint64   reported_back_at;
  gint64   closed_at;
  gint64   evaluated_at;
  gboolean rejected;
  gboolean resolved;
  gboolean whistle;
  GwSatisfaction satisfaction;
  GwStageTimer sign, handle, check, followup;
} Life;

/* A duration that lands at `fraction` of the stage's limit, spread log-normally: most well
 * inside it, a few past it. */
static gint64
within (Demo               *demo,
        const GwStageTimer *timer,
        double              median_fraction,
        double              spread)
{
  double f = median_fraction * exp (spread * normal (demo));
  gint64 span = timer->deadline_at - timer->started_at;

  return timer->started_at + (gint64) (CLAMP (f, 0.02, 3.0) * span);
}

static void
plan_life (Demo     *demo,
           GwTicket *t,
           Life     *life)
{
  GwPolicy *policy = gw_policy_get_default ();
  GwCalendar *calendar = gw_calendar_get_default ();
  /* A few tickets stall for weeks (disputes, works waiting for funds): the oldest open ones. */
  double slow = rnd (demo) < 0.0015 ? 40.0 : 1.0;
  double r;

  memset (life, 0, sizeof *life);
  life->screened_at = t->reported_at + 300 + pick (demo, 3000);
  if (rnd (demo) < 0.02)
    {
      life->rejected = TRUE;
      life->closed_at = life->screened_at;
      return;
    }
  life->dispatched_at = life->screened_at + 60 + pick (demo, 1800);
  life->whistle = t->level <= GW_LEVEL_STREET && g_strcmp0 (t->board, "safety") == 0 && rnd (demo) < 0.08;
  gw_policy_start_stage (policy, calendar, t->category_code, t->urgency, GW_STAGE_SIGN,
                         life->dispatched_at, &life->sign);
  life->signed_at = within (demo, &life->sign, 0.3 * slow, 0.6);
  gw_policy_start_stage (policy, calendar, t->category_code, t->urgency, GW_STAGE_HANDLE,
                         life->signed_at, &life->handle);
  life->reported_back_at = within (demo, &life->handle, 0.4 * slow, 0.6);
  life->resolved = rnd (demo) < 0.96;
  gw_policy_start_stage (policy, calendar, t->category_code, t->urgency, GW_STAGE_CHECK,
                         life->reported_back_at, &life->check);
  life->closed_at = within (demo, &life->check, 0.3, 0.7);
  gw_policy_start_stage (policy, calendar, t->category_code, t->urgency, GW_STAGE_FOLLOWUP,
                         life->closed_at, &life->followup);
  life->evaluated_at = within (demo, &life->followup, 0.35, 0.6);
  r = rnd (demo);
  life->satisfaction = r < 0.925 ? GW_SATISFACTION_SATISFIED
                     : r < 0.975 ? GW_SATISFACTION_BASIC : GW_SATISFACTION_UNSATISFIED;
}

/* Writes the ticket as it stands at `now` after the planned life. */
static void
apply_life (Demo       *demo,
            GwTicket   *t,
            const Life *life)
{
  gint64 now = demo->now;

  t->updated_at = t->reported_at;
  if (life->screened_at <= now)
    {
      t->state = GW_STATE_SCREENED;
      t->updated_at = life->screened_at;
    }
  if (life->rejected)
    {
      t->state = life->closed_at <= now ? GW_STATE_REJECTED : t->state;
      t->closed_at = life->closed_at <= now ? life->closed_at : 0;
      g_clear_pointer (&t->department_code, g_free);
      return;
    }
  if (life->dispatched_at > now)
    {
      g_clear_pointer (&t->department_code, g_free);
      return;
    }
  t->state = GW_STATE_DISPATCHED;
  t->dispatched_at = life->dispatched_at;
  t->dispatcher_level = t->level;
  t->sign_deadline_at = life->sign.deadline_at;
  t->timer = life->sign;
  t->updated_at = life->dispatched_at;
  if (life->signed_at > now)
    return;
  t->state = GW_STATE_SIGNED;
  t->signed_at = life->signed_at;
  t->handle_deadline_at = life->handle.deadline_at;
  t->timer = life->handle;
  t->updated_at = life->signed_at;
  if (life->reported_back_at > now)
    {
      if (life->signed_at + 1800 < now)
        t->state = GW_STATE_HANDLING;
      return;
    }
  t->state = GW_STATE_CHECKING;
  t->reported_back_at = life->reported_back_at;
  t->resolved = life->resolved;
  t->timer = life->check;
  t->updated_at = life->reported_back_at;
  if (life->closed_at > now)
    return;
  t->state = GW_STATE_CLOSED;
  t->closed_at = life->closed_at;
  t->timer = life->followup;
  t->updated_at = life->closed_at;
  if (life->evaluated_at > now)
    return;
  t->evaluated_at = life->evaluated_at;
  t->updated_at = life->evaluated_at;
  memset (&t->timer, 0, sizeof t->timer);
  t->timer.deadline_at = life->followup.deadline_at;
  if (life->satisfaction == GW_SATISFACTION_UNSATISFIED)
    {
      /* Reopened and done again: most are then accepted, some never are. */
      t->reopen_count = 1;
      t->satisfaction = rnd (demo) < 0.7 ? GW_SATISFACTION_BASIC : GW_SATISFACTION_UNSATISFIED;
    }
  else
    t->satisfaction = life->satisfaction;
}

static const char *
keep (Demo       *demo,
      const char *text)
{
  return text ? g_string_chunk_insert_const (demo->strings, text) : NULL;
}

static Step *
add_step (Demo     *demo,
          GwTicket *t,
          gint64    at,
          GwAction  action)
{
  Step step = { 0, };

  step.at = at;
  step.seq = demo->steps->len;
  step.ticket_id = t->id;
  step.action = action;
  g_array_append_val (demo->steps, step);
  return &g_array_index (demo->steps, Step, demo->steps->len - 1);
}

/* The command center of the ticket's level acts. */
static void
as_center (Demo     *demo,
           Step     *step,
           GwTicket *t,
           guint     g)
{
  static const GwRole roles[] = {
    GW_ROLE_DISTRICT_CENTER, GW_ROLE_STREET_OFFICER, GW_ROLE_COMMUNITY_STAFF, GW_ROLE_COMMUNITY_STAFF,
    GW_ROLE_GRID_WORKER
  };
  Node *community = community_of_grid (demo, g);
  Node *street = &g_array_index (demo->levels[GW_LEVEL_STREET], Node, community->parent);
  g_autofree char *name = NULL;

  step->role = roles[t->level];
  step->level = t->level;
  step->actor_division = keep (demo, t->divisions[t->level]);
  switch (t->level)
    {
    case GW_LEVEL_GRID:
      step->actor_name = keep (demo, g_ptr_array_index (demo->grid_workers, g));
      return;
    case GW_LEVEL_COMMUNITY:
      name = g_strconcat (community->division->name, "网格管理员", NULL);
      break;
    case GW_LEVEL_STREET:
      name = g_strconcat (street->division->name, "指挥中心值班员", NULL);
      break;
    case GW_LEVEL_DISTRICT:
    case GW_LEVEL_AREA:
    case GW_LEVEL_MICROGRID:
    case GW_N_LEVELS:
    default:
      name = g_strdup ("区网格化服务管理中心值班员");
      break;
    }
  step->actor_name = keep (demo, name);
}

/* Whoever handles it: the department, or the grid worker for a grid ticket. */
static void
as_handler (Demo       *demo,
            Step       *step,
            GwTicket   *t,
            guint       g,
            const char *department)
{
  if (department == NULL)
    {
      as_center (demo, step, t, g);
      return;
    }
  step->role = GW_ROLE_DEPARTMENT_HANDLER;
  step->actor_department = keep (demo, department);
  step->actor_name = keep (demo, department);
}

static void
plan_steps (Demo       *demo,
            GwTicket   *t,
            guint       g,
            const Life *life)
{
  g_autofree char *department = g_strdup (t->department_code);
  gint64 now = demo->now;
  Step *step;

  if (life->screened_at > now)
    return;
  as_center (demo, add_step (demo, t, life->screened_at, GW_ACTION_SCREEN), t, g);
  if (life->rejected)
    {
      if (life->closed_at <= now)
        {
          step = add_step (demo, t, life->closed_at + 60, GW_ACTION_REJECT);
          as_center (demo, step, t, g);
          step->reason = keep (demo, rnd (demo) < 0.6 ? "重复上报" : "不属于受理范围");
        }
      return;
    }
  if (life->dispatched_at > now)
    return;
  if (life->whistle && department)
    {
      const char *others[2] = { NULL, NULL };

      for (guint k = 0, n = 0; n < 2 && k < 20; k++)
        {
          const char *other = g_ptr_array_index (demo->department_codes, pick (demo, demo->department_codes->len));
          if (g_str_equal (other, department) || (n == 1 && g_str_equal (other, others[0])))
            continue;
          others[n++] = keep (demo, other);
        }
      step = add_step (demo, t, life->dispatched_at, GW_ACTION_WHISTLE);
      as_center (demo, step, t, g);
      step->department = keep (demo, department);
      step->others[0] = others[0];
      step->others[1] = others[1];
      /* (add_step may move the array: step is not used after this point.) */
      for (guint k = 0; k < 2 && others[k]; k++)
        {
          /* Within the sign-for limit, and before the lead reports back. */
          gint64 by = MIN (life->sign.deadline_at, life->reported_back_at);
          gint64 at = life->dispatched_at + 1 + (gint64) ((by - life->dispatched_at) * rnd (demo) * 0.9);
          if (at <= now)
            as_handler (demo, add_step (demo, t, at, GW_ACTION_REPORT_IN), t, g, others[k]);
        }
    }
  else
    {
      step = add_step (demo, t, life->dispatched_at, GW_ACTION_DISPATCH);
      as_center (demo, step, t, g);
      /* A grid or community handles its own tickets; above them a department does. */
      step->department = keep (demo, t->level >= GW_LEVEL_COMMUNITY ? NULL : department);
      if (t->level < GW_LEVEL_COMMUNITY && department == NULL)
        return;
    }
  if (t->level >= GW_LEVEL_COMMUNITY)
    g_clear_pointer (&department, g_free);
  if (life->signed_at > now)
    return;
  as_handler (demo, add_step (demo, t, life->signed_at, GW_ACTION_SIGN), t, g, department);
  if (life->signed_at + 1800 < MIN (now, life->reported_back_at))
    as_handler (demo, add_step (demo, t, life->signed_at + 1800, GW_ACTION_HANDLE), t, g, department);
  if (life->reported_back_at > now)
    return;
  step = add_step (demo, t, life->reported_back_at, GW_ACTION_REPORT_BACK);
  as_handler (demo, step, t, g, department);
  step->text = keep (demo, life->resolved ? "已到现场处置完毕，问题已解决。" : "已到现场处置，问题暂未彻底解决，已向群众解释。");
  step->resolved = life->resolved;
  if (life->closed_at > now)
    return;
  as_center (demo, add_step (demo, t, life->closed_at, GW_ACTION_CLOSE), t, g);
  if (life->evaluated_at > now)
    return;
  step = add_step (demo, t, life->evaluated_at, GW_ACTION_EVALUATE);
  as_center (demo, step, t, g);
  step->satisfaction = life->satisfaction;
}

static int
step_compare (gconstpointer a,
              gconstpointer b)
{
  const Step *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
apply_steps (Demo    *demo,
             GError **error)
{
  g_array_sort (demo->steps, step_compare);
  for (guint i = 0; i < demo->steps->len; i++)
    {
      const Step *s = &g_array_index (demo->steps, Step, i);
      const char *departments[4] = { s->department, s->others[0], s->others[1], NULL };
      GwActor actor = { s->actor_name, s->role, s->actor_division, s->level, s->actor_department };
      GwCommand c = { 0, };
      g_autoptr(GwTicket) t = NULL;
      g_autoptr(GError) local_error = NULL;

      c.action = s->action;
      c.ticket_id = s->ticket_id;
      c.reason = s->reason;
      c.department_code = s->action == GW_ACTION_DISPATCH ? s->department : NULL;
      c.departments = departments;
      c.lead_department = s->department;
      c.text = s->text;
      c.resolved = s->resolved;
      c.satisfaction = s->satisfaction;
      t = gw_db_apply (demo->db, &actor, &c, s->at, NULL, NULL, &local_error);
      if (t == NULL)
        {
          /* A planning mistake of the generator's own: say exactly which step. */
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       "demo step %s on ticket %lld: %s", gw_action_to_string (s->action),
                       (long long) s->ticket_id, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
generate_tickets (Demo    *demo,
                  GError **error)
{
  GArray *grids = demo->levels[GW_LEVEL_GRID];
  g_autofree gint64 *times = report_times (demo);
  static const double level_w[] = { 6, 16, 26, 0, 52 };  /* district, street, community, -, grid */
  g_autofree char *day_key = NULL;
  guint day_seq = 0;
  guint n = demo->profile->tickets;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwTicket) t = gw_ticket_new ();
      Template *tpl = g_ptr_array_index (demo->templates, pick_cdf (demo, demo->template_cdf, demo->templates->len));
      guint g = pick_cdf (demo, demo->grid_cdf, grids->len);
      Node *grid = &g_array_index (grids, Node, g);
      Node *community = community_of_grid (demo, g);
      Node *street = &g_array_index (demo->levels[GW_LEVEL_STREET], Node, community->parent);
      const GwDivision *d = place_in_grid (demo, g, &t->lon, &t->lat);
      g_autoptr(GDateTime) local = gw_time_to_date_time (times[i]);
      g_autofree char *ymd = g_date_time_format (local, "%y%m%d");
      g_autofree char *place = NULL;
      Life life;

      if (day_key == NULL || !g_str_equal (day_key, ymd))
        {
          g_free (day_key);
          day_key = g_strdup (ymd);
          day_seq = 0;
        }
      t->number = g_strdup_printf ("TN%s-%05u", ymd, ++day_seq);
      t->reported_at = times[i];
      t->category_code = g_strdup (tpl->code);
      t->source = pick_weighted (demo, tpl->sources, GW_N_SOURCES);
      t->urgency = pick_weighted (demo, tpl->urgency, GW_N_URGENCIES);
      t->level = pick_weighted (demo, level_w, G_N_ELEMENTS (level_w));
      if (t->urgency == GW_URGENCY_EMERGENCY && t->level == GW_LEVEL_GRID)
        t->level = GW_LEVEL_STREET;

      /* The chain, from the generator's own tree: no lookup needed. */
      t->divisions[d->level] = g_strdup (d->code);
      if (d != grid->division)
        t->divisions[GW_LEVEL_GRID] = g_strdup (grid->division->code);
      t->divisions[GW_LEVEL_COMMUNITY] = g_strdup (community->division->code);
      t->divisions[GW_LEVEL_STREET] = g_strdup (street->division->code);
      t->divisions[GW_LEVEL_DISTRICT] = g_strdup (COUNTY_CODE);

      if (rnd (demo) < 0.6)
        place = g_strdup_printf ("%s%u号", community->roads[pick (demo, 3)], 1 + pick (demo, 300));
      else
        place = g_strconcat (community->short_name, pick_str (demo, gw_demo_landmarks), NULL);
      t->description = expand_template (tpl->texts[pick (demo, g_strv_length (tpl->texts))],
                                        place, community->division->name);
      t->address = g_strconcat (COUNTY_NAME, street->division->name, community->division->name, place, NULL);

      switch (t->source)
        {
        case GW_SOURCE_GRID_WORKER:
          t->reporter = g_strdup (g_ptr_array_index (demo->grid_workers, g));
          t->reporter_phone = phone_number (demo, TRUE);
          break;
        case GW_SOURCE_HOTLINE:
        case GW_SOURCE_CITIZEN:
          t->reporter = g_strconcat (pick_str (demo, gw_demo_surnames), rnd (demo) < 0.5 ? "先生" : "女士", NULL);
          t->reporter_phone = phone_number (demo, TRUE);
          break;
        case GW_SOURCE_VIDEO_AI:
          t->reporter = g_strdup ("视频智能分析");
          break;
        case GW_SOURCE_SENSOR:
          t->reporter = g_strdup ("物联感知设备");
          break;
        case GW_SOURCE_HIGHER_LEVEL:
        case GW_N_SOURCES:
        default:
          t->reporter = g_strdup (rnd (demo) < 0.5 ? "区网格化服务管理中心" : "区委政法委");
          break;
        }

      t->board = g_strdup (tpl->category->board);
      if (t->level <= GW_LEVEL_STREET)
        {
          GPtrArray *list = g_hash_table_lookup (demo->board_departments, t->board);
          if (list == NULL || list->len == 0)
            list = demo->department_codes;
          t->department_code = g_strdup (g_ptr_array_index (list, pick (demo, list->len)));
        }
      plan_life (demo, t, &life);
      if (t->reported_at >= demo->now - demo->recent_seconds)
        {
          /* Recent tickets go through the real workflow, so their history is in the
           * audit log: stored as reported, their steps applied in time order below. */
          if (gw_db_insert_ticket (demo->db, t, error) == 0)
            return FALSE;
          plan_steps (demo, t, g, &life);
        }
      else
        {
          apply_life (demo, t, &life);
          if (gw_db_insert_ticket (demo->db, t, error) == 0)
            return FALSE;
        }
      if ((i + 1) % 20000 == 0)
        report (demo, N_("tickets"), (double) (i + 1) / n);
    }
  if (!apply_steps (demo, error))
    return FALSE;
  report (demo, N_("tickets"), 1.0);
  return TRUE;
}

/* Entry point ----------------------------------------------------------------------------- */

static void
demo_clear (Demo *demo)
{
  for (guint l = 0; l < GW_N_LEVELS; l++)
    g_clear_pointer (&demo->levels[l], g_array_unref);
  g_clear_pointer (&demo->templates, g_ptr_array_unref);
  g_clear_pointer (&demo->template_cdf, g_free);
  g_clear_pointer (&demo->board_departments, g_hash_table_unref);
  g_clear_pointer (&demo->department_codes, g_ptr_array_unref);
  g_clear_pointer (&demo->grid_cdf, g_free);
  g_clear_pointer (&demo->grid_workers, g_ptr_array_unref);
  g_clear_pointer (&demo->used_names, g_hash_table_unref);
  g_clear_pointer (&demo->steps, g_array_unref);
  g_clear_pointer (&demo->strings, g_string_chunk_free);
  g_clear_pointer (&demo->outline, gw_polygon_unref);
  g_clear_pointer (&demo->rand, g_rand_free);
}

gboolean
gw_demo_generate (GwDb           *db,
                  GwDemoProfile   profile,
                  guint32         seed,
                  gint64          now,
                  GwDemoProgress  progress,
                  gpointer        user_data,
                  GError        **error)
{
  Demo demo = { 0, };
  gboolean ok = FALSE;
  sqlite3_stmt *stmt;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autofree char *now_text = gw_json_format_time (now);

  stmt = _gw_db_prepare (db, "SELECT (SELECT count(*) FROM divisions) + (SELECT count(*) FROM tickets)", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The database “%s” already holds data; the demo county is made in an empty one"),
                   gw_db_get_path (db));
      return FALSE;
    }
  sqlite3_reset (stmt);

  demo.db = db;
  demo.rand = g_rand_new_with_seed (seed);
  demo.profile = &profiles[profile];
  demo.now = now;
  demo.progress = progress;
  demo.user_data = user_data;
  demo.used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.recent_seconds = 7 * DAY;
  demo.steps = g_array_new (FALSE, TRUE, sizeof (Step));
  demo.strings = g_string_chunk_new (4096);

  if (!load_outline (&demo, error) || !load_templates (&demo, error))
    goto out;
  /* The county is written into a new, empty file in one transaction: a rollback journal
   * (nearly empty for a new file) writes each page once where WAL would write it twice,
   * and a crash halfway leaves a file to delete and make again, nothing else. */
  if (!gw_db_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA cache_size = -1048576;"
                       "PRAGMA synchronous = OFF", error) ||
      !gw_db_begin (db, error))
    goto out;
  if (!gw_db_exec (db, _gw_db_change_triggers_drop, error) ||
      !gw_db_exec (db, _gw_db_queue_indexes_drop, error) ||
      !generate_divisions (&demo, error))
    goto rollback;
  {
    GArray *grids = demo.levels[GW_LEVEL_GRID];
    g_autofree double *w = g_new (double, grids->len);
    for (guint i = 0; i < grids->len; i++)
      w[i] = g_array_index (grids, Node, i).weight;
    demo.grid_cdf = make_cdf (w, grids->len);
  }
  if (!generate_departments (&demo, error) ||
      !generate_workers (&demo, error) ||
      !generate_cameras (&demo, error) ||
      /* 420,000 tickets into the full-text index: merging its segments as they pile up
       * costs more than one merge at the end. */
      !gw_db_exec (db, "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('automerge', 0)", error) ||
      !generate_tickets (&demo, error) ||
      !gw_db_exec (db, "INSERT INTO ticket_fts (ticket_fts) VALUES ('optimize');"
                       "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('automerge', 4)", error))
    goto rollback;
  if (!gw_db_set_meta (db, "county_code", COUNTY_CODE, error) ||
      !gw_db_set_meta (db, "county_name", COUNTY_NAME, error) ||
      !gw_db_set_meta (db, "code_lengths", "district:6,street:9,community:12,grid:15,microgrid:18", error) ||
      !gw_db_set_meta (db, "demo_profile", profile == GW_DEMO_PROFILE_TONGNAN ? "tongnan" : "small", error) ||
      !gw_db_set_meta (db, "demo_seed", seed_text, error) ||
      !gw_db_set_meta (db, "demo_now", now_text, error) ||
      !gw_db_exec (db, _gw_db_queue_indexes_create, error) ||
      !gw_db_exec (db, _gw_db_change_triggers_create, error))
    goto rollback;
  if (!gw_db_commit (db, error))
    goto rollback;
  ok = TRUE;
  goto out;

rollback:
  gw_db_rollback (db);
out:
  gw_db_exec (db, "PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536;"
                  "PRAGMA synchronous = NORMAL", NULL);
  demo_clear (&demo);
  return ok;
}

/* The simulator -------------------------------------------------------------------------- */

struct _GwSimulator
{
  Demo        demo;        /* rand, templates */
  GPtrArray  *places;      /* finest divisions (GwDivision) */
  double     *place_cdf;
  GPtrArray  *departments; /* codes */
  GHashTable *by_board;    /* board -> GPtrArray of codes (borrowed) */
};

void
gw_simulator_free (GwSimulator *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->place_cdf, g_free);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->by_board, g_hash_table_unref);
  demo_clear (&self->demo);
  g_free (self);
}

GwSimulator *
gw_simulator_new (GwDb    *db,
                  guint32  seed,
                  GError **error)
{
  g_autoptr(GwSimulator) self = g_new0 (GwSimulator, 1);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GHashTable) has_child = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree double *w = NULL;

  self->demo.db = db;
  self->demo.rand = g_rand_new_with_seed (seed);
  if (!load_templates (&self->demo, error))
    return NULL;
  all = gw_db_list_divisions (db, -1, error);
  departments = gw_db_list_departments (db, error);
  if (all == NULL || departments == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      GwDivision *d = g_ptr_array_index (all, i);
      if (d->parent_code)
        g_hash_table_add (has_child, d->parent_code);
    }
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_division_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GwDivision *d = g_ptr_array_index (all, i);
      if (d->polygon && !gw_polygon_is_empty (d->polygon) && !g_hash_table_contains (has_child, d->code))
        g_ptr_array_add (self->places, gw_division_ref (d));
    }
  if (self->places->len == 0 || departments->len == 0)
    {
      g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                           _("The simulator needs a county with divisions and departments"));
      return NULL;
    }
  w = g_new (double, self->places->len);
  for (guint i = 0; i < self->places->len; i++)
    w[i] = 1.0 + ((GwDivision *) g_ptr_array_index (self->places, i))->population;
  self->place_cdf = make_cdf (w, self->places->len);
  self->departments = g_ptr_array_new_with_free_func (g_free);
  self->by_board = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < departments->len; i++)
    {
      GwDepartment *dep = g_ptr_array_index (departments, i);
      GPtrArray *list;

      g_ptr_array_add (self->departments, g_strdup (dep->code));
      if (dep->board == NULL)
        continue;
      list = g_hash_table_lookup (self->by_board, dep->board);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->by_board, g_strdup (dep->board), list);
        }
      g_ptr_array_add (list, g_ptr_array_index (self->departments, self->departments->len - 1));
    }
  return g_steal_pointer (&self);
}

/* The command center of the ticket's level, or its handler. */
static GwActor
sim_actor (const GwTicket *t,
           gboolean        handler)
{
  static const GwRole roles[] = {
    GW_ROLE_DISTRICT_CENTER, GW_ROLE_STREET_OFFICER, GW_ROLE_COMMUNITY_STAFF,
    GW_ROLE_COMMUNITY_STAFF, GW_ROLE_GRID_WORKER
  };
  GwActor a = { 0, };

  if (handler && t->department_code)
    {
      a.name = t->department_code;
      a.role = GW_ROLE_DEPARTMENT_HANDLER;
      a.department_code = t->department_code;
      return a;
    }
  a.name = t->divisions[t->level] ? t->divisions[t->level] : "";
  a.role = roles[MIN (t->level, GW_LEVEL_GRID)];
  a.level = t->level;
  a.division_code = t->divisions[t->level];
  return a;
}

static gint64
sim_report (GwSimulator  *self,
            gint64        now,
            GError      **error)
{
  Demo *demo = &self->demo;
  GwDivision *place = g_ptr_array_index (self->places, pick_cdf (demo, self->place_cdf, self->places->len));
  Template *tpl = g_ptr_array_index (demo->templates, pick_cdf (demo, demo->template_cdf, demo->templates->len));
  static const double level_w[] = { 6, 16, 26, 0, 52 };
  g_autoptr(GwTicket) t = gw_ticket_new ();
  g_autoptr(GwDivision) community = NULL;
  g_autofree char *place_text = NULL;
  GwActor reporter = { 0, };
  char *chain[GW_N_LEVELS] = { NULL, };

  gw_polygon_random_point (place->polygon, demo->rand, &t->lon, &t->lat);
  if (!gw_db_locate (demo->db, t->lon, t->lat, chain, error))
    {
      if (error && *error == NULL)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, "simulated point outside the county");
      return 0;
    }
  memcpy (t->divisions, chain, sizeof chain);
  community = chain[GW_LEVEL_COMMUNITY] ? gw_db_get_division (demo->db, chain[GW_LEVEL_COMMUNITY], NULL) : NULL;
  t->category_code = g_strdup (tpl->code);
  t->source = pick_weighted (demo, tpl->sources, GW_N_SOURCES);
  t->urgency = pick_weighted (demo, tpl->urgency, GW_N_URGENCIES);
  t->level = pick_weighted (demo, level_w, G_N_ELEMENTS (level_w));
  if (t->divisions[t->level] == NULL)
    t->level = GW_LEVEL_STREET;
  t->board = g_strdup (tpl->category->board);
  place_text = g_strdup_printf ("%s%u号", place->name, 1 + pick (demo, 300));
  t->description = expand_template (tpl->texts[pick (demo, g_strv_length (tpl->texts))], place_text,
                                    community ? community->name : place->name);
  t->address = g_strdup (place_text);
  t->reporter = g_strconcat (pick_str (demo, gw_demo_surnames), rnd (demo) < 0.5 ? "先生" : "女士", NULL);
  t->reported_at = now;
  reporter.name = t->reporter;
  reporter.role = GW_ROLE_DISTRICT_CENTER;
  reporter.division_code = t->divisions[GW_LEVEL_DISTRICT];
  reporter.level = GW_LEVEL_DISTRICT;
  if (!gw_db_report (demo->db, &reporter, t, now, error))
    return 0;
  return t->id;
}

static gint64
sim_progress (GwSimulator  *self,
              gint64        now,
              GError      **error)
{
  Demo *demo = &self->demo;
  sqlite3_stmt *stmt = _gw_db_prepare (demo->db,
      "SELECT id FROM tickets WHERE state IN ('reported', 'screened', 'dispatched', 'signed',"
      " 'handling', 'checking') ORDER BY random () LIMIT 1", error);
  g_autoptr(GwTicket) t = NULL;
  g_autoptr(GwTicket) after = NULL;
  GwCommand c = { 0, };
  GwActor actor;
  gint64 id;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return sim_report (self, now, error);
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  t = gw_db_get_ticket (demo->db, id, error);
  if (t == NULL)
    return 0;
  c.ticket_id = id;
  switch (t->state)
    {
    case GW_STATE_REPORTED:
      c.action = GW_ACTION_SCREEN;
      break;
    case GW_STATE_SCREENED:
      c.action = GW_ACTION_DISPATCH;
      if (t->level < GW_LEVEL_COMMUNITY)
        {
          GPtrArray *list = t->board ? g_hash_table_lookup (self->by_board, t->board) : NULL;
          if (list == NULL || list->len == 0)
            list = self->departments;
          c.department_code = g_ptr_array_index (list, pick (demo, list->len));
        }
      break;
    case GW_STATE_DISPATCHED:
      c.action = GW_ACTION_SIGN;
      break;
    case GW_STATE_SIGNED:
      c.action = GW_ACTION_HANDLE;
      break;
    case GW_STATE_HANDLING:
      c.action = GW_ACTION_REPORT_BACK;
      c.text = "已到现场处置完毕。";
      c.resolved = rnd (demo) < 0.96;
      break;
    case GW_STATE_CHECKING:
    default:
      c.action = GW_ACTION_CLOSE;
      break;
    }
  actor = sim_actor (t, c.action == GW_ACTION_SIGN || c.action == GW_ACTION_HANDLE ||
                        c.action == GW_ACTION_REPORT_BACK);
  if (c.action == GW_ACTION_CLOSE && t->dispatched_at)
    {
      /* The dispatcher closes it. */
      GwLevel saved = t->level;
      t->level = t->dispatcher_level;
      actor = sim_actor (t, FALSE);
      t->level = saved;
    }
  after = gw_db_apply (demo->db, &actor, &c, now, NULL, NULL, error);
  return after ? after->id : 0;
}

gint64
gw_simulator_step (GwSimulator  *self,
                   gint64        now,
                   GError      **error)
{
  if (rnd (&self->demo) < 0.45)
    return sim_report (self, now, error);
  return sim_progress (self, now, error);
}
