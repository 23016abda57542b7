/* gw-place-map.c: a small map of a place, drawn from our own boundaries (no tiles, no
 * network): the place filled, the divisions around it outlined faintly, a micro-grid
 * dashed, cameras as small squares, a point as a dot with a ring, and a scale bar.
 *
 * The ticket detail shows where a ticket is; the new-ticket form lets the officer click
 * where the caller is (pickable): the click becomes the point, and "point-picked" says
 * where. The view fits the place (and, when not pickable, the point), so a click never
 * moves the map under the pointer.
 */
#define G_LOG_DOMAIN "gw-place-map"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-draw.h"
#include "gw-place-map.h"

/* Room around the place, as a share of its size; and the least width shown, in metres. */
#define MAP_MARGIN 0.35
#define MAP_MIN_M  300.0

struct _GwPlaceMap
{
  GtkWidget   parent_instance;

  GwDivision *area;
  GPtrArray  *around;
  GwDivision *inner;
  GPtrArray  *cameras;
  gboolean    has_point;
  double      lon, lat;
  gboolean    pickable;
  char       *hint;
  GtkGesture *click;
};

G_DEFINE_FINAL_TYPE (GwPlaceMap, gw_place_map, GTK_TYPE_WIDGET)

enum {
  POINT_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_polygon (const GwDivision *d)
{
  return d != NULL && d->polygon != NULL && !gw_polygon_is_empty (d->polygon);
}

/* The view for the widget's size; FALSE when there is nothing to show. */
static gboolean
get_view (GwPlaceMap   *self,
          GwProjection *p)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  double x0, y0, x1, y1;

  if (width <= 0 || height <= 0)
    return FALSE;
  if (has_polygon (self->area))
    {
      gw_polygon_get_bbox (self->area->polygon, &x0, &y0, &x1, &y1);
      if (self->has_point && !self->pickable)
        {
          x0 = MIN (x0, self->lon), x1 = MAX (x1, self->lon);
          y0 = MIN (y0, self->lat), y1 = MAX (y1, self->lat);
        }
    }
  else if (self->has_point)
    x0 = x1 = self->lon, y0 = y1 = self->lat;
  else
    return FALSE;
  gw_projection_fit (p, x0, y0, x1, y1, MAP_MARGIN, MAP_MIN_M, width, height);
  return TRUE;
}

static void
draw (GwPlaceMap *self,
      cairo_t    *cr,
      int         width,
      int         height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA fg, accent, dot, camera;
  GwProjection p;
  double x, y;

  if (!get_view (self, &p))
    return;
  gw_draw_get_foreground (widget, &fg);
  gw_draw_lookup_color (widget, "accent_color", &accent, "#78aeed");
  gw_draw_lookup_color (widget, "error_color", &dot, "#ff7b63");
  gw_draw_lookup_color (widget, "warning_color", &camera, "#f8e45c");

  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The divisions around: faint outlines. */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; self->around != NULL && i < self->around->len; i++)
    {
      const GwDivision *d = g_ptr_array_index (self->around, i);

      if (has_polygon (d))
        gw_draw_path_polygon (cr, &p, d->polygon);
    }
  gw_draw_set_color (cr, &fg, 0.22);
  cairo_stroke (cr);

  /* The place itself. */
  if (has_polygon (self->area))
    {
      gw_draw_path_polygon (cr, &p, self->area->polygon);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      gw_draw_set_color (cr, &accent, 0.18);
      cairo_fill_preserve (cr);
      gw_draw_set_color (cr, &accent, 0.9);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }

  /* A division inside it, dashed. */
  if (has_polygon (self->inner) && self->inner != self->area)
    {
      const double dash[] = { 4.0, 3.0 };

      gw_draw_path_polygon (cr, &p, self->inner->polygon);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1.2);
      gw_draw_set_color (cr, &accent, 0.7);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Cameras: small squares. */
  for (guint i = 0; self->cameras != NULL && i < self->cameras->len; i++)
    {
      const GwNearbyCamera *c = g_ptr_array_index (self->cameras, i);

      gw_projection_apply (&p, c->camera->lon, c->camera->lat, &x, &y);
      cairo_rectangle (cr, x - 3, y - 3, 6, 6);
    }
  gw_draw_set_color (cr, &camera, 0.85);
  cairo_fill (cr);

  /* The point: a dot with a ring. */
  if (self->has_point)
    {
      gw_projection_apply (&p, self->lon, self->lat, &x, &y);
      cairo_arc (cr, x, y, 9, 0, 2 * G_PI);
      gw_draw_set_color (cr, &dot, 0.25);
      cairo_fill (cr);
      cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
      gw_draw_set_color (cr, &dot, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  gw_draw_scale_bar (cr, widget, &p, width, height, &fg);
}

static void
gw_place_map_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GwPlaceMap *self = GW_PLACE_MAP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (!has_polygon (self->area) && !self->has_point)
    {
      /* Nothing to show yet: what the map is for, quietly. */
      g_autoptr(PangoLayout) layout = NULL;
      GdkRGBA fg;
      int w, h;

      if (self->hint == NULL)
        return;
      layout = gtk_widget_create_pango_layout (widget, self->hint);
      pango_layout_set_width (layout, (width - 24) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &w, &h);
      gw_draw_get_foreground (widget, &fg);
      fg.alpha *= 0.55;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, (height - h) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      return;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GwPlaceMap      *self)
{
  if (gw_place_map_pick (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
gw_place_map_dispose (GObject *object)
{
  GwPlaceMap *self = GW_PLACE_MAP (object);

  g_clear_pointer (&self->area, gw_division_unref);
  g_clear_pointer (&self->around, g_ptr_array_unref);
  g_clear_pointer (&self->inner, gw_division_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->hint, g_free);
  G_OBJECT_CLASS (gw_place_map_parent_class)->dispose (object);
}

static void
gw_place_map_class_init (GwPlaceMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_place_map_dispose;
  widget_class->snapshot = gw_place_map_snapshot;

  /* A click put the point at (lon, lat). */
  signals[POINT_PICKED] =
    g_signal_new ("point-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "placemap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_place_map_init (GwPlaceMap *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  self->click = gtk_gesture_click_new ();
  g_signal_connect (self->click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->click));
}

GtkWidget *
gw_place_map_new (void)
{
  return g_object_new (GW_TYPE_PLACE_MAP, NULL);
}

static GPtrArray *
ref_array (GPtrArray *array)
{
  return array ? g_ptr_array_ref (array) : NULL;
}

void
gw_place_map_set_area (GwPlaceMap *self,
                       GwDivision *area,
                       GPtrArray  *around,
                       GwDivision *inner)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  g_clear_pointer (&self->area, gw_division_unref);
  g_clear_pointer (&self->around, g_ptr_array_unref);
  g_clear_pointer (&self->inner, gw_division_unref);
  self->area = area ? gw_division_ref (area) : NULL;
  self->around = ref_array (around);
  self->inner = inner ? gw_division_ref (inner) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_place_map_set_cameras (GwPlaceMap *self,
                          GPtrArray  *cameras)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  self->cameras = ref_array (cameras);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_place_map_set_point (GwPlaceMap *self,
                        double      lon,
                        double      lat)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  self->has_point = TRUE;
  self->lon = lon;
  self->lat = lat;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_place_map_clear_point (GwPlaceMap *self)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  if (!self->has_point)
    return;
  self->has_point = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gw_place_map_get_point (GwPlaceMap *self,
                        double     *lon,
                        double     *lat)
{
  g_return_val_if_fail (GW_IS_PLACE_MAP (self), FALSE);

  if (self->has_point)
    *lon = self->lon, *lat = self->lat;
  return self->has_point;
}

void
gw_place_map_set_pickable (GwPlaceMap *self,
                           gboolean    pickable)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  self->pickable = pickable;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), pickable ? "crosshair" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What the map says while it has nothing to show (NULL: nothing). */
void
gw_place_map_set_hint (GwPlaceMap *self,
                       const char *hint)
{
  g_return_if_fail (GW_IS_PLACE_MAP (self));

  g_free (self->hint);
  self->hint = g_strdup (hint);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What a click at (x, y) does: the point goes there and "point-picked" says where. FALSE
 * when the map is not pickable or has no view yet. */
gboolean
gw_place_map_pick (GwPlaceMap *self,
                   double      x,
                   double      y)
{
  double lon, lat;

  g_return_val_if_fail (GW_IS_PLACE_MAP (self), FALSE);

  if (!self->pickable || !gw_place_map_to_lon_lat (self, x, y, &lon, &lat))
    return FALSE;
  gw_place_map_set_point (self, lon, lat);
  g_signal_emit (self, signals[POINT_PICKED], 0, lon, lat);
  return TRUE;
}

gboolean
gw_place_map_has_area (GwPlaceMap *self)
{
  g_return_val_if_fail (GW_IS_PLACE_MAP (self), FALSE);
  return has_polygon (self->area);
}

gboolean
gw_place_map_to_widget (GwPlaceMap *self,
                        double      lon,
                        double      lat,
                        double     *x,
                        double     *y)
{
  GwProjection p;

  g_return_val_if_fail (GW_IS_PLACE_MAP (self), FALSE);

  if (!get_view (self, &p))
    return FALSE;
  gw_projection_apply (&p, lon, lat, x, y);
  return TRUE;
}

gboolean
gw_place_map_to_lon_lat (GwPlaceMap *self,
                         double      x,
                         double      y,
                         double     *lon,
                         double     *lat)
{
  GwProjection p;

  g_return_val_if_fail (GW_IS_PLACE_MAP (self), FALSE);

  if (!get_view (self, &p))
    return FALSE;
  gw_projection_invert (&p, x, y, lon, lat);
  return TRUE;
}
