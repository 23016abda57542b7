/* gw-pin-layer.c: open tickets on the map, clustered with counts, coloured by light.
 *
 * A ShumateLayer that draws from a GwPinIndex: the clusters of the zoom level nearest the
 * view's, at their pins' mean, so a county of 100,000 pins is a few hundred marks. A
 * cluster is a disc in the colour of its worst light with its count; a single ticket is a
 * dot (a diamond for an emergency); an emergency inside a cluster rings it in red.
 *
 * The marks are drawn with cairo into one surface covering the view and a margin around
 * it; a frame only places that surface (a blit under the cairo renderer, one textured quad
 * under GL), so panning costs the same with 100 pins or 100,000. The surface is drawn
 * again when the zoom level changes, when a zoom comes to rest, when the view leaves the
 * margin, and for live changes at most every CHANGE_INTERVAL_MS (each change is on screen
 * within that time). While a zoom moves, the surface is scaled with it.
 *
 * "pin-activated" (id, x, y) is a click on a ticket; "cluster-activated" (lon, lat) a
 * click on a cluster (the window zooms in on it).
 */
#define G_LOG_DOMAIN "gw-pin-layer"

#include "config.h"

#include <math.h>

#include "gw-draw.h"
#include "gw-geo.h"
#include "gw-pin-layer.h"
#include "gw-surface-paintable.h"

/* Mark sizes: a single pin, then clusters by the count's digits. */
#define N_SIZES 6
static const double radii[N_SIZES] = { 6.5, 12, 15, 19, 24, 29 };

/* The margin around the view the cache covers, as a share of the view on each side. */
#define CACHE_MARGIN        0.25
/* Live changes are drawn at most this often. */
#define CHANGE_INTERVAL_MS  200
/* A zoom has come to rest when the view's scale has not changed for this long. */
#define ZOOM_REST_MS        120

typedef struct {
  cairo_surface_t *surface;     /* device pixels */
  GwSurfacePaintable *paintable; /* the same, drawn as the renderer likes it */
  int              level;
  double           f;           /* screen pixels per level pixel when drawn */
  double           ox, oy;      /* the level's world pixel at the surface's top-left */
  int              width;       /* logical pixels */
  int              height;
  int              scale;
  guint64          generation;
  gint64           drawn_at;    /* monotonic µs */
} Cache;

struct _GwPinLayer
{
  ShumateLayer  parent_instance;

  GwPinIndex   *index;
  GHashTable   *marks;        /* mark key -> cairo_surface_t */
  GHashTable   *counts;       /* count -> PangoLayout */
  int           marks_scale;  /* the scale factor the marks were drawn at */
  GwPinStyle    style;
  GdkRGBA       colors[GW_N_LIGHTS];
  GdkRGBA       camera_color;
  GdkRGBA       ring_color;
  gboolean      colors_set;
  guint         n_drawn;
  guint         n_pins_drawn;
  Cache         cache;
  double        last_f;       /* the view's scale at the last frame */
  gint64        f_changed_at;
  guint         redraw_id;    /* a frame asked for later (a change, a zoom at rest) */
};

G_DEFINE_FINAL_TYPE (GwPinLayer, gw_pin_layer, SHUMATE_TYPE_LAYER)

enum {
  PIN_ACTIVATED,
  CLUSTER_ACTIVATED,
  DRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
size_of (guint count)
{
  if (count <= 1)
    return 0;
  if (count < 10)
    return 1;
  if (count < 100)
    return 2;
  if (count < 1000)
    return 3;
  if (count < 10000)
    return 4;
  return 5;
}

static GwLight
worst_light (const GwPinCluster *c)
{
  for (int light = GW_LIGHT_OVERDUE; light > GW_LIGHT_NONE; light--)
    if (c->by_light[light] > 0)
      return light;
  return GW_LIGHT_NONE;
}

static void
ensure_colors (GwPinLayer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->colors_set)
    return;
  gw_draw_lookup_color (widget, "accent_color", &self->colors[GW_LIGHT_NONE], "#78aeed");
  gw_draw_lookup_color (widget, "success_color", &self->colors[GW_LIGHT_GREEN], "#26a269");
  gw_draw_lookup_color (widget, "warning_color", &self->colors[GW_LIGHT_YELLOW], "#e5a50a");
  gw_draw_lookup_color (widget, "error_color", &self->colors[GW_LIGHT_RED], "#e01b24");
  gdk_rgba_parse (&self->colors[GW_LIGHT_OVERDUE], "#8f0a12");
  /* Cameras in violet: apart from every light. */
  gdk_rgba_parse (&self->camera_color, "#9141ac");
  /* Picked-out tickets in cyan: apart from every light and from the cameras. */
  gdk_rgba_parse (&self->ring_color, "#33d6e8");
  self->colors_set = TRUE;
}

/* One mark, drawn with cairo once: its size, light, emergency ring, and shape. */
static cairo_surface_t *
draw_mark (GwPinLayer *self,
           guint       size,
           GwLight     light,
           gboolean    emergency,
           int         scale)
{
  double r = radii[size], ring = emergency && size > 0 ? 3.5 : 0;
  int side = (int) ceil ((r + ring + 2 + (self->style == GW_PIN_STYLE_RINGS ? 8 : 0)) * 2);
  cairo_surface_t *surface;
  const GdkRGBA *c = &self->colors[light];
  double mid = side / 2.0;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side * scale, side * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  if (ring > 0)
    {
      cairo_arc (cr, mid, mid, r + ring, 0, 2 * G_PI);
      gw_draw_set_color (cr, &self->colors[GW_LIGHT_RED], 0.9);
      cairo_fill (cr);
    }
  if (self->style == GW_PIN_STYLE_WORKERS)
    {
      /* A worker: a triangle, blue on duty, grey off. */
      double h = size == 0 ? 7 : r * 1.05;
      GdkRGBA color;

      gdk_rgba_parse (&color, light == GW_LIGHT_GREEN ? "#1c71d8" : "#77767b");
      cairo_move_to (cr, mid, mid - h);
      cairo_line_to (cr, mid + h * 0.92, mid + h * 0.6);
      cairo_line_to (cr, mid - h * 0.92, mid + h * 0.6);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, size == 0 ? 1.0 : 0.9);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      return surface;
    }
  if (self->style == GW_PIN_STYLE_RINGS)
    {
      /* A ring around what is under it (a pin of the other layers, or nothing: a closed
       * ticket), with a dark rim to stand out on any base. */
      double rr = (size == 0 ? 11 : r + 4);

      cairo_arc (cr, mid, mid, rr, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 6);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, self->ring_color.red, self->ring_color.green, self->ring_color.blue, 1);
      cairo_set_line_width (cr, 3.2);
      cairo_stroke (cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      return surface;
    }
  if (self->style == GW_PIN_STYLE_CAMERAS)
    {
      /* A camera: a rounded square (a single one small, with a lens). */
      double h = size == 0 ? 5.5 : r * 0.9, k = size == 0 ? 1.5 : 4;

      c = &self->camera_color;
      cairo_new_sub_path (cr);
      cairo_arc (cr, mid + h - k, mid - h + k, k, -G_PI / 2, 0);
      cairo_arc (cr, mid + h - k, mid + h - k, k, 0, G_PI / 2);
      cairo_arc (cr, mid - h + k, mid + h - k, k, G_PI / 2, G_PI);
      cairo_arc (cr, mid - h + k, mid - h + k, k, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, c->red, c->green, c->blue, size == 0 ? 1.0 : 0.88);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
      if (size == 0)
        {
          cairo_arc (cr, mid, mid, 2, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
          cairo_fill (cr);
        }
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      return surface;
    }
  if (size == 0 && emergency)
    {
      /* An emergency on its own: a diamond. */
      double d = r + 2.5;
      cairo_move_to (cr, mid, mid - d);
      cairo_line_to (cr, mid + d, mid);
      cairo_line_to (cr, mid, mid + d);
      cairo_line_to (cr, mid - d, mid);
      cairo_close_path (cr);
    }
  else
    cairo_arc (cr, mid, mid, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, size == 0 ? 1.0 : 0.88);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_set_line_width (cr, size == 0 ? 1.6 : 2.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
get_mark (GwPinLayer *self,
          guint       size,
          GwLight     light,
          gboolean    emergency,
          int         scale)
{
  guint key = 1 + size * 100 + light * 10 + (emergency ? 1 : 0);
  cairo_surface_t *mark;

  if (scale != self->marks_scale)
    {
      g_hash_table_remove_all (self->marks);
      self->marks_scale = scale;
    }
  mark = g_hash_table_lookup (self->marks, GUINT_TO_POINTER (key));
  if (mark == NULL)
    {
      mark = draw_mark (self, size, light, emergency, scale);
      g_hash_table_insert (self->marks, GUINT_TO_POINTER (key), mark);
    }
  return mark;
}

static PangoLayout *
get_count (GwPinLayer *self,
           guint       count)
{
  PangoLayout *layout = g_hash_table_lookup (self->counts, GUINT_TO_POINTER (count));

  if (layout == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u", count);
      PangoAttrList *attrs = pango_attr_list_new ();

      if (g_hash_table_size (self->counts) > 4096)
        g_hash_table_remove_all (self->counts);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_scale_new (count >= 10000 ? 0.72 : 0.82));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      g_hash_table_insert (self->counts, GUINT_TO_POINTER (count), layout);
    }
  return layout;
}

typedef struct {
  GwPinLayer *self;
  cairo_t    *cr;
  double      ox, oy;    /* the level's world pixel at the surface's top-left */
  double      f;
  int         scale;
  int         level;
} Paint;

/* From this level on, a lone camera shows where it looks. */
#define HEADING_LEVEL 15

/* A camera's field of view: a fan of 60° toward its heading (clockwise from north). */
static void
paint_view (cairo_t *cr,
            double   x,
            double   y,
            double   heading,
            double   radius)
{
  double a = (heading - 90) * G_PI / 180, half = 30 * G_PI / 180;
  cairo_pattern_t *fade = cairo_pattern_create_radial (x, y, 0, x, y, radius);

  cairo_pattern_add_color_stop_rgba (fade, 0, 0.57, 0.25, 0.67, 0.55);
  cairo_pattern_add_color_stop_rgba (fade, 1, 0.57, 0.25, 0.67, 0.05);
  cairo_move_to (cr, x, y);
  cairo_arc (cr, x, y, radius, a - half, a + half);
  cairo_close_path (cr);
  cairo_set_source (cr, fade);
  cairo_fill (cr);
  cairo_pattern_destroy (fade);
}

static void
paint_cluster (const GwPinCluster *c,
               gpointer            data)
{
  Paint *p = data;
  GwPinLayer *self = p->self;
  double x = (c->x - p->ox) * p->f, y = (c->y - p->oy) * p->f;
  guint size;
  cairo_surface_t *mark;
  double side;

  if (self->style == GW_PIN_STYLE_HEAT)
    {
      /* A glow the size of a cell: faint for one report, full at a few dozen; glows
       * overlap where reports crowd, so hot spots show as the deepest red. */
      double r = GW_PIN_CELL_PX * p->f * 0.95, a = MIN (0.85, 0.12 + 0.16 * log2 (c->count));
      cairo_pattern_t *glow = cairo_pattern_create_radial (x, y, 0, x, y, r);

      cairo_pattern_add_color_stop_rgba (glow, 0, 0.90, 0.11, 0.14, a);
      cairo_pattern_add_color_stop_rgba (glow, 0.5, 0.96, 0.47, 0.0, a * 0.55);
      cairo_pattern_add_color_stop_rgba (glow, 1, 0.97, 0.89, 0.36, 0);
      cairo_set_source (p->cr, glow);
      cairo_arc (p->cr, x, y, r, 0, 2 * G_PI);
      cairo_fill (p->cr);
      cairo_pattern_destroy (glow);
      self->n_drawn++;
      return;
    }
  size = size_of (c->count);
  if (self->style == GW_PIN_STYLE_CAMERAS && c->heading >= 0 && p->level >= HEADING_LEVEL)
    paint_view (p->cr, x, y, c->heading, 14 + 4 * (p->level - HEADING_LEVEL));
  mark = get_mark (self, size, worst_light (c), c->emergencies > 0, p->scale);
  side = (double) cairo_image_surface_get_width (mark) / p->scale;

  cairo_set_source_surface (p->cr, mark, round (x - side / 2), round (y - side / 2));
  cairo_paint (p->cr);
  self->n_drawn++;
  if (c->count > 1 && self->style == GW_PIN_STYLE_RINGS)
    {
      /* The count in a badge at the ring's upper right, clear of the pins' own count. */
      PangoLayout *layout = get_count (self, c->count);
      double bx = x + radii[size] * 0.8 + 4, by = y - radii[size] * 0.8 - 4, rw;
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      rw = MAX (tw + 8, th + 2);
      cairo_new_sub_path (p->cr);
      cairo_arc (p->cr, bx - rw / 2 + (th + 2) / 2.0, by, (th + 2) / 2.0, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (p->cr, bx + rw / 2 - (th + 2) / 2.0, by, (th + 2) / 2.0, -G_PI / 2, G_PI / 2);
      cairo_close_path (p->cr);
      cairo_set_source_rgba (p->cr, self->ring_color.red, self->ring_color.green, self->ring_color.blue, 1);
      cairo_fill (p->cr);
      cairo_move_to (p->cr, round (bx - tw / 2.0), round (by - th / 2.0));
      cairo_set_source_rgb (p->cr, 0, 0, 0);
      pango_cairo_show_layout (p->cr, layout);
    }
  else if (c->count > 1)
    {
      PangoLayout *layout = get_count (self, c->count);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_move_to (p->cr, round (x - tw / 2.0), round (y - th / 2.0));
      cairo_set_source_rgb (p->cr, 1, 1, 1);
      pango_cairo_show_layout (p->cr, layout);
    }
  else
    self->n_pins_drawn++;
}

/* The level whose clusters the view shows, and the view's centre and scale at it. */
static int
view_level (GwPinLayer *self,
            double     *cx,
            double     *cy,
            double     *f)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  int level = CLAMP ((int) floor (zoom + 0.5), GW_PIN_MIN_ZOOM, GW_PIN_MAX_ZOOM);

  gw_geo_lonlat_to_world (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                      shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), level, cx, cy);
  *f = exp2 (zoom - level);
  return level;
}

static void
cache_clear (Cache *cache)
{
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
  g_clear_object (&cache->paintable);
}

/* Draws the marks of the level around the view into the cache. */
static void
cache_draw (GwPinLayer *self,
            int         level,
            double      cx,
            double      cy,
            double      f,
            int         width,
            int         height,
            int         scale)
{
  Cache *cache = &self->cache;
  double margin = radii[N_SIZES - 1] + 6;
  Paint p = { .self = self, .f = f, .scale = scale, .level = level };

  cache_clear (cache);
  cache->width = (int) ceil (width * (1 + 2 * CACHE_MARGIN));
  cache->height = (int) ceil (height * (1 + 2 * CACHE_MARGIN));
  cache->level = level;
  cache->f = f;
  cache->scale = scale;
  cache->ox = cx - cache->width / 2.0 / f;
  cache->oy = cy - cache->height / 2.0 / f;
  cache->generation = gw_pin_index_get_generation (self->index);
  cache->drawn_at = g_get_monotonic_time ();
  cache->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cache->width * scale, cache->height * scale);
  cairo_surface_set_device_scale (cache->surface, scale, scale);
  p.cr = cairo_create (cache->surface);
  p.ox = cache->ox;
  p.oy = cache->oy;
  self->n_drawn = self->n_pins_drawn = 0;
  gw_pin_index_foreach_cluster (self->index, level, cache->ox - margin / f, cache->oy - margin / f,
                                cache->ox + (cache->width + margin) / f, cache->oy + (cache->height + margin) / f,
                                paint_cluster, &p);
  cairo_destroy (p.cr);
  cairo_surface_flush (cache->surface);
  cache->paintable = gw_surface_paintable_new (cache->surface);
}

static gboolean
on_redraw_later (gpointer data)
{
  GwPinLayer *self = data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
redraw_later (GwPinLayer *self,
              guint       ms)
{
  if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add (MAX (ms, 1), on_redraw_later, self);
}

/* Whether the cache can show this view, and when not, whether it must be drawn now. */
static gboolean
cache_fits (GwPinLayer *self,
            int         level,
            double      cx,
            double      cy,
            double      f,
            int         width,
            int         height,
            int         scale)
{
  Cache *cache = &self->cache;
  gint64 now = g_get_monotonic_time ();
  double hw = width / 2.0 / f, hh = height / 2.0 / f;

  if (cache->surface == NULL || cache->level != level || cache->scale != scale)
    return FALSE;
  /* The view inside what the cache covers. */
  if (cx - hw < cache->ox || cy - hh < cache->oy ||
      cx + hw > cache->ox + cache->width / cache->f || cy + hh > cache->oy + cache->height / cache->f)
    return FALSE;
  /* A zoom: scaled while it moves, drawn anew once it rests. */
  if (f != cache->f)
    {
      if (now - self->f_changed_at < ZOOM_REST_MS * 1000)
        {
          redraw_later (self, ZOOM_REST_MS);
          return TRUE;
        }
      return FALSE;
    }
  /* Live changes, at most every CHANGE_INTERVAL_MS. */
  if (gw_pin_index_get_generation (self->index) != cache->generation)
    {
      gint64 due = cache->drawn_at + CHANGE_INTERVAL_MS * 1000;

      if (now < due)
        {
          redraw_later (self, (guint) ((due - now) / 1000) + 1);
          return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

static void
gw_pin_layer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GwPinLayer *self = GW_PIN_LAYER (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  Cache *cache = &self->cache;
  double cx, cy, f, k, x, y;
  int level;

  if (self->index == NULL || width <= 0 || height <= 0)
    return;
  ensure_colors (self);
  level = view_level (self, &cx, &cy, &f);
  if (f != self->last_f)
    {
      self->last_f = f;
      self->f_changed_at = g_get_monotonic_time ();
    }
  if (!cache_fits (self, level, cx, cy, f, width, height, scale))
    {
      gint64 t0 = g_get_monotonic_time ();
      cache_draw (self, level, cx, cy, f, width, height, scale);
      g_debug ("marks drawn: level %d, %u marks, %.1f ms", level, self->n_drawn, (g_get_monotonic_time () - t0) / 1000.0);
      g_signal_emit (self, signals[DRAWN], 0);
    }

  /* The cache's top-left on screen, and its scale now. */
  k = f / cache->f;
  x = width / 2.0 + (cache->ox - cx) * f;
  y = height / 2.0 + (cache->oy - cy) * f;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_scale (snapshot, k, k);
  gdk_paintable_snapshot (GDK_PAINTABLE (cache->paintable), snapshot, cache->width, cache->height);
  gtk_snapshot_restore (snapshot);
}

typedef struct {
  double   lx, ly;     /* the click, in world pixels at the level */
  double   best;
  gboolean found;
  double   x, y;
  guint    count;
} Look;

static void
look_cluster (const GwPinCluster *c,
              gpointer            data)
{
  Look *look = data;
  double dx = c->x - look->lx, dy = c->y - look->ly, d = dx * dx + dy * dy;

  if (d < look->best)
    {
      look->best = d;
      look->found = TRUE;
      look->x = c->x;
      look->y = c->y;
      look->count = c->count;
    }
}

/* The mark under widget coordinates (x, y): FALSE for none. */
static gboolean
mark_at (GwPinLayer *self,
         double      x,
         double      y,
         int        *level,
         Look       *look)
{
  double cx, cy, f, reach;

  if (self->index == NULL)
    return FALSE;
  *level = view_level (self, &cx, &cy, &f);
  look->lx = cx + (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / f;
  look->ly = cy + (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / f;
  look->best = G_MAXDOUBLE;
  look->found = FALSE;
  reach = (radii[N_SIZES - 1] + 4) / f;
  gw_pin_index_foreach_cluster (self->index, *level, look->lx - reach, look->ly - reach, look->lx + reach,
                                look->ly + reach, look_cluster, look);
  return look->found && sqrt (look->best) * f <= radii[size_of (look->count)] + 3;
}

gint64
gw_pin_layer_pin_at (GwPinLayer *self,
                     double      x,
                     double      y)
{
  Look look;
  int level;

  g_return_val_if_fail (GW_IS_PIN_LAYER (self), 0);

  if (!mark_at (self, x, y, &level, &look) || look.count != 1)
    return 0;
  return gw_pin_index_find (self->index, level, look.x, look.y, 0.5);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GwPinLayer      *self)
{
  Look look;
  int level;

  if (n_press != 1 || !mark_at (self, x, y, &level, &look))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (look.count == 1)
    {
      gint64 id = gw_pin_index_find (self->index, level, look.x, look.y, 0.5);

      if (id != 0)
        g_signal_emit (self, signals[PIN_ACTIVATED], 0, id, x, y);
    }
  else
    {
      double lon, lat;

      gw_geo_world_to_lonlat (look.x, look.y, level, &lon, &lat);
      g_signal_emit (self, signals[CLUSTER_ACTIVATED], 0, lon, lat);
    }
}

/* A popover pointing at a pin (the window's) is placed with the layer. */
static void
gw_pin_layer_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
on_viewport_changed (GwPinLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_pin_layer_constructed (GObject *object)
{
  GwPinLayer *self = GW_PIN_LAYER (object);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  G_OBJECT_CLASS (gw_pin_layer_parent_class)->constructed (object);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_pin_layer_css_changed_cb (GwPinLayer *self)
{
  self->colors_set = FALSE;
  g_hash_table_remove_all (self->marks);
  g_hash_table_remove_all (self->counts);
  cache_clear (&self->cache);
}

static void
gw_pin_layer_finalize (GObject *object)
{
  GwPinLayer *self = GW_PIN_LAYER (object);

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  cache_clear (&self->cache);
  g_hash_table_unref (self->marks);
  g_hash_table_unref (self->counts);
  G_OBJECT_CLASS (gw_pin_layer_parent_class)->finalize (object);
}

static void
gw_pin_layer_class_init (GwPinLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_pin_layer_constructed;
  object_class->finalize = gw_pin_layer_finalize;
  widget_class->snapshot = gw_pin_layer_snapshot;
  widget_class->size_allocate = gw_pin_layer_size_allocate;

  /* A click on a single ticket: its id and where (widget coordinates). */
  signals[PIN_ACTIVATED] =
    g_signal_new ("pin-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* A click on a cluster: where it is (longitude, latitude). */
  signals[CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* The marks were drawn anew (gw_pin_layer_get_n_drawn() counts them). */
  signals[DRAWN] =
    g_signal_new ("drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pinlayer");
}

static void
gw_pin_layer_init (GwPinLayer *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->marks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) cairo_surface_destroy);
  self->counts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "notify::root", G_CALLBACK (gw_pin_layer_css_changed_cb), NULL);
}

GwPinLayer *
gw_pin_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_PIN_LAYER, "viewport", viewport, NULL);
}

void
gw_pin_layer_set_style (GwPinLayer *self,
                        GwPinStyle  style)
{
  g_return_if_fail (GW_IS_PIN_LAYER (self));

  self->style = style;
  g_hash_table_remove_all (self->marks);
  cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_pin_layer_set_index (GwPinLayer *self,
                        GwPinIndex *index)
{
  g_return_if_fail (GW_IS_PIN_LAYER (self));

  self->index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The index changed: the marks are drawn again when CHANGE_INTERVAL_MS has passed since
 * they last were, in one frame for any number of changes. */
void
gw_pin_layer_changed (GwPinLayer *self)
{
  gint64 due;

  g_return_if_fail (GW_IS_PIN_LAYER (self));

  due = self->cache.drawn_at + CHANGE_INTERVAL_MS * 1000;
  if (self->cache.surface == NULL || g_get_monotonic_time () >= due)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  else
    redraw_later (self, (guint) ((due - g_get_monotonic_time ()) / 1000) + 1);
}

guint
gw_pin_layer_get_n_drawn (GwPinLayer *self,
                          guint      *n_pins)
{
  g_return_val_if_fail (GW_IS_PIN_LAYER (self), 0);

  if (n_pins)
    *n_pins = self->n_pins_drawn;
  return self->n_drawn;
}
