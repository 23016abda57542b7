/* gw-pin-index.c: open tickets as map pins, clustered per zoom level, updated in place.
 *
 * Each zoom level from GW_PIN_MIN_ZOOM to GW_PIN_MAX_ZOOM is cut into square cells of
 * GW_PIN_CELL_PX pixels; a cell's cluster keeps the sum of its pins' positions, their
 * count and their counts by light. A pin added, moved, recoloured or removed touches one
 * cell per level (14 hash lookups), so a thousand changes a second cost little, and a
 * frame reads only the cells in view: a county-wide view of 100,000 pins draws a few
 * hundred clusters. Positions are kept in Web Mercator units (0..1); lights come from each
 * pin's stage clock, recomputed when the earliest of them comes due.
 */
#define G_LOG_DOMAIN "gw-pin-index"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-geo.h"
#include "gw-pin-index.h"

#define N_LEVELS (GW_PIN_MAX_ZOOM - GW_PIN_MIN_ZOOM + 1)

typedef struct {
  double       lon, lat;      /* as given (WGS84) */
  double       mx, my;        /* Web Mercator in the index's datum, 0..1 */
  GwUrgency    urgency;
  double       heading;       /* -1: none */
  GwLight      light;
  gint64       next_change;   /* 0: never */
  GwStageTimer timer;
} Entry;

typedef struct {
  double sum_x, sum_y;        /* Mercator units */
  guint  count;
  guint  by_light[GW_N_LIGHTS];
  guint  emergencies;
  guint  n_headed;            /* pins with a heading, and the sum of their headings */
  double heading_sum;
} Cell;

struct _GwPinIndex
{
  GHashTable *pins;               /* gint64 id -> Entry */
  GHashTable *cells[N_LEVELS];    /* guint64 key -> Cell */
  gint64      next_change;        /* the earliest of the entries', 0 for none */
  guint64     generation;
  GwDatum     datum;
};

/* The cell of Mercator point (mx, my) at a level: 2^(zoom) * 256 / CELL_PX cells a side. */
static guint64
cell_key (double mx,
          double my,
          int    level)
{
  double n = gw_geo_world_size (level + GW_PIN_MIN_ZOOM) / GW_PIN_CELL_PX;
  guint32 cx = (guint32) CLAMP (floor (mx * n), 0, n - 1);
  guint32 cy = (guint32) CLAMP (floor (my * n), 0, n - 1);

  return ((guint64) cx << 32) | cy;
}

static guint
key_hash (gconstpointer key)
{
  guint64 k = *(const guint64 *) key;

  return (guint) (k ^ (k >> 29) ^ (k >> 41)) * 2654435761u;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

typedef struct {
  guint64 key;
  Cell    cell;
} KeyedCell;

GwPinIndex *
gw_pin_index_new (void)
{
  GwPinIndex *self = g_new0 (GwPinIndex, 1);

  self->pins = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  /* The key lives at the start of its KeyedCell: one allocation per cell. */
  for (int i = 0; i < N_LEVELS; i++)
    self->cells[i] = g_hash_table_new_full (key_hash, key_equal, NULL, g_free);
  return self;
}

void
gw_pin_index_free (GwPinIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->pins);
  for (int i = 0; i < N_LEVELS; i++)
    g_hash_table_unref (self->cells[i]);
  g_free (self);
}

static void
add_to_cells (GwPinIndex  *self,
              const Entry *e,
              int          sign)
{
  for (int level = 0; level < N_LEVELS; level++)
    {
      guint64 key = cell_key (e->mx, e->my, level);
      KeyedCell *kc = g_hash_table_lookup (self->cells[level], &key);

      if (kc == NULL)
        {
          if (sign < 0)
            continue;   /* cannot happen: a removed pin was added */
          kc = g_new0 (KeyedCell, 1);
          kc->key = key;
          g_hash_table_insert (self->cells[level], &kc->key, kc);
        }
      kc->cell.sum_x += sign * e->mx;
      kc->cell.sum_y += sign * e->my;
      kc->cell.count += sign;
      kc->cell.by_light[e->light] += sign;
      if (e->urgency == GW_URGENCY_EMERGENCY)
        kc->cell.emergencies += sign;
      if (e->heading >= 0)
        {
          kc->cell.n_headed += sign;
          kc->cell.heading_sum += sign * e->heading;
        }
      if (kc->cell.count == 0)
        g_hash_table_remove (self->cells[level], &key);
    }
}

static void
note_next_change (GwPinIndex *self,
                  gint64      next)
{
  if (next > 0 && (self->next_change == 0 || next < self->next_change))
    self->next_change = next;
}

/* Where the entry's point lies on a map drawn in the index's datum. */
static void
place (GwPinIndex *self,
       Entry      *e)
{
  double lon, lat, x, y;

  gw_geo_convert (GW_DATUM_WGS84, self->datum, e->lon, e->lat, &lon, &lat);
  gw_geo_lonlat_to_world (lon, lat, 0, &x, &y);
  e->mx = x / 256.0;
  e->my = y / 256.0;
}

void
gw_pin_index_set (GwPinIndex  *self,
                  const GwPin *pin,
                  gint64       now)
{
  Entry *e;

  g_return_if_fail (self != NULL);
  g_return_if_fail (pin != NULL);

  e = g_hash_table_lookup (self->pins, &pin->id);
  if (e != NULL)
    add_to_cells (self, e, -1);
  else
    {
      gint64 *key = g_new (gint64, 1);

      *key = pin->id;
      e = g_new0 (Entry, 1);
      g_hash_table_insert (self->pins, key, e);
    }
  e->lon = pin->lon;
  e->lat = pin->lat;
  place (self, e);
  e->urgency = pin->urgency;
  e->heading = pin->has_heading ? fmod (fmod (pin->heading, 360) + 360, 360) : -1;
  e->timer = pin->timer;
  e->light = gw_stage_timer_light (&e->timer, now, &e->next_change);
  note_next_change (self, e->next_change);
  add_to_cells (self, e, +1);
  self->generation++;
}

gboolean
gw_pin_index_remove (GwPinIndex *self,
                     gint64      id)
{
  Entry *e;

  g_return_val_if_fail (self != NULL, FALSE);

  e = g_hash_table_lookup (self->pins, &id);
  if (e == NULL)
    return FALSE;
  add_to_cells (self, e, -1);
  g_hash_table_remove (self->pins, &id);
  self->generation++;
  return TRUE;
}

void
gw_pin_index_clear (GwPinIndex *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->pins);
  for (int i = 0; i < N_LEVELS; i++)
    g_hash_table_remove_all (self->cells[i]);
  self->next_change = 0;
  self->generation++;
}

guint
gw_pin_index_get_n_pins (GwPinIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->pins);
}

gboolean
gw_pin_index_contains (GwPinIndex *self,
                       gint64      id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->pins, &id);
}

GwLight
gw_pin_index_get_light (GwPinIndex *self,
                        gint64      id)
{
  Entry *e;

  g_return_val_if_fail (self != NULL, GW_LIGHT_NONE);
  e = g_hash_table_lookup (self->pins, &id);
  return e ? e->light : GW_LIGHT_NONE;
}

gboolean
gw_pin_index_get_point (GwPinIndex *self,
                        gint64      id,
                        double     *x,
                        double     *y)
{
  Entry *e;

  g_return_val_if_fail (self != NULL, FALSE);

  e = g_hash_table_lookup (self->pins, &id);
  if (e == NULL)
    return FALSE;
  *x = e->mx * gw_geo_world_size (0);
  *y = e->my * gw_geo_world_size (0);
  return TRUE;
}

guint
gw_pin_index_tick (GwPinIndex *self,
                   gint64      now)
{
  GHashTableIter iter;
  gpointer value;
  guint changed = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->next_change == 0 || self->next_change > now)
    return 0;
  /* Four comparisons a pin, only when the earliest change is due. */
  self->next_change = 0;
  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *e = value;

      if (e->next_change != 0 && e->next_change <= now)
        {
          add_to_cells (self, e, -1);
          e->light = gw_stage_timer_light (&e->timer, now, &e->next_change);
          add_to_cells (self, e, +1);
          changed++;
        }
      note_next_change (self, e->next_change);
    }
  if (changed > 0)
    self->generation++;
  return changed;
}

gint64
gw_pin_index_get_next_change (GwPinIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->next_change;
}

static int
level_of (int zoom)
{
  return CLAMP (zoom, GW_PIN_MIN_ZOOM, GW_PIN_MAX_ZOOM) - GW_PIN_MIN_ZOOM;
}

void
gw_pin_index_foreach_cluster (GwPinIndex       *self,
                              int               zoom,
                              double            x0,
                              double            y0,
                              double            x1,
                              double            y1,
                              GwPinClusterFunc  func,
                              gpointer          user_data)
{
  int level = level_of (zoom);
  double size = gw_geo_world_size (level + GW_PIN_MIN_ZOOM);
  double n = size / GW_PIN_CELL_PX;
  double cx0 = floor (MAX (x0, 0) / GW_PIN_CELL_PX), cx1 = floor (MIN (x1, size - 1) / GW_PIN_CELL_PX);
  double cy0 = floor (MAX (y0, 0) / GW_PIN_CELL_PX), cy1 = floor (MIN (y1, size - 1) / GW_PIN_CELL_PX);
  GHashTable *cells;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  cells = self->cells[level];
  if (cx1 < cx0 || cy1 < cy0)
    return;
  /* Fewer cells in the table than in the box (a wide view): walk the table instead. */
  if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > g_hash_table_size (cells))
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, cells);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          KeyedCell *kc = value;
          double cx = (double) (kc->key >> 32), cy = (double) (kc->key & 0xffffffff);
          GwPinCluster c;

          if (cx < cx0 || cx > cx1 || cy < cy0 || cy > cy1)
            continue;
          c.x = kc->cell.sum_x / kc->cell.count * size;
          c.y = kc->cell.sum_y / kc->cell.count * size;
          c.count = kc->cell.count;
          memcpy (c.by_light, kc->cell.by_light, sizeof c.by_light);
          c.emergencies = kc->cell.emergencies;
          c.heading = kc->cell.count == 1 && kc->cell.n_headed == 1 ? kc->cell.heading_sum : -1;
          func (&c, user_data);
        }
      return;
    }
  for (double cy = cy0; cy <= cy1; cy++)
    for (double cx = cx0; cx <= cx1; cx++)
      {
        guint64 key = ((guint64) cx << 32) | (guint64) cy;
        KeyedCell *kc = g_hash_table_lookup (cells, &key);
        GwPinCluster c;

        if (kc == NULL || cx >= n)
          continue;
        c.x = kc->cell.sum_x / kc->cell.count * size;
        c.y = kc->cell.sum_y / kc->cell.count * size;
        c.count = kc->cell.count;
        memcpy (c.by_light, kc->cell.by_light, sizeof c.by_light);
        c.emergencies = kc->cell.emergencies;
        c.heading = kc->cell.count == 1 && kc->cell.n_headed == 1 ? kc->cell.heading_sum : -1;
        func (&c, user_data);
      }
}

gint64
gw_pin_index_find (GwPinIndex *self,
                   int         zoom,
                   double      x,
                   double      y,
                   double      radius)
{
  GHashTableIter iter;
  gpointer key, value;
  double size = gw_geo_world_size (zoom), best = radius * radius;
  gint64 found = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* A click, not a frame: a walk over the pins is fine (100,000 in about a millisecond). */
  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *e = value;
      double dx = e->mx * size - x, dy = e->my * size - y, d = dx * dx + dy * dy;

      if (d <= best)
        {
          best = d;
          found = *(gint64 *) key;
        }
    }
  return found;
}

guint64
gw_pin_index_get_generation (GwPinIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->generation;
}

void
gw_pin_index_set_datum (GwPinIndex *self,
                        GwDatum     datum)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (self != NULL);
  g_return_if_fail (datum < GW_N_DATUMS);

  if (self->datum == datum)
    return;
  self->datum = datum;
  for (int i = 0; i < N_LEVELS; i++)
    g_hash_table_remove_all (self->cells[i]);
  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      place (self, value);
      add_to_cells (self, value, +1);
    }
  self->generation++;
}

GwDatum
gw_pin_index_get_datum (GwPinIndex *self)
{
  g_return_val_if_fail (self != NULL, GW_DATUM_WGS84);

  return self->datum;
}
