/* gw-drill-watermark.c: the 演练 / DRILL watermark every window carries in a drill.
 *
 * The watermark is the window's content wrapped: a red band over the content (a row of its
 * own, so it hides nothing), and over the content a layer drawn in snapshot() that the
 * pointer passes through. Both are hidden, and cost nothing, in a window that is not a
 * drill's.
 *
 * Per store, a DrillMark says whether it is a drill's: read once from the store's meta on a
 * reader connection, or said at once by whoever runs the drill (gw_drill_watermark_set_link).
 * It hangs on the store (qdata), so every window on the store shares the answer.
 */
#define G_LOG_DOMAIN "gw-drill-watermark"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-time.h"

/* Both words, always, whatever the UI's language: not for translation. */
#define WATERMARK_TEXT "演练 DRILL"
#define BAND_TEXT      "演练 / DRILL"

/* The diagonal text: its size, its red and how much of it shows, and the lattice. */
#define PATTERN_FONT_PX  44
#define PATTERN_ALPHA    0.2f
#define PATTERN_ANGLE    (-30.0f)
#define PATTERN_GAP_X    150
#define PATTERN_GAP_Y    120

/* The band's clock is read again this often while it shows (real milliseconds). */
#define TICK_MS 500

/* DrillMark ------------------------------------------------------------------------------ */

#define DRILL_TYPE_MARK (drill_mark_get_type ())
G_DECLARE_FINAL_TYPE (DrillMark, drill_mark, DRILL, MARK, GObject)

struct _DrillMark
{
  GObject      parent_instance;

  gboolean     read_started;
  gboolean     meta_drill;      /* the store's meta says it is a drill's copy */
  char        *meta_title;
  GwDrillLink *link;            /* who runs the drill, when someone said */
};

G_DEFINE_FINAL_TYPE (DrillMark, drill_mark, G_TYPE_OBJECT)

static guint mark_changed_signal;

static void
drill_mark_dispose (GObject *object)
{
  DrillMark *self = DRILL_MARK (object);

  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_clear_object (&self->link);

  G_OBJECT_CLASS (drill_mark_parent_class)->dispose (object);
}

static void
drill_mark_finalize (GObject *object)
{
  DrillMark *self = DRILL_MARK (object);

  g_free (self->meta_title);

  G_OBJECT_CLASS (drill_mark_parent_class)->finalize (object);
}

static void
drill_mark_class_init (DrillMarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = drill_mark_dispose;
  object_class->finalize = drill_mark_finalize;

  mark_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
drill_mark_init (DrillMark *self)
{
}

static gboolean
drill_mark_is_drill (DrillMark *self)
{
  return self->link != NULL || self->meta_drill;
}

static const char *
drill_mark_get_title (DrillMark *self)
{
  const char *title = self->link != NULL ? gw_drill_link_get_title (self->link) : NULL;

  return title != NULL ? title : self->meta_title;
}

typedef struct {
  gboolean  drill;
  char     *title;
} MarkRead;

static void
mark_read_free (MarkRead *read)
{
  g_free (read->title);
  g_free (read);
}

static gpointer
read_mark_func (GwDb     *db,
                gpointer  data,
                GError  **error)
{
  MarkRead *read = g_new0 (MarkRead, 1);
  g_autofree char *scenario = gw_db_get_meta (db, GW_DRILL_META_SCENARIO);

  read->drill = scenario != NULL && *scenario != '\0';
  if (read->drill)
    {
      read->title = gw_db_get_meta (db, GW_DRILL_META_TITLE);
      if (read->title == NULL || *read->title == '\0')
        {
          g_free (read->title);
          read->title = g_steal_pointer (&scenario);
        }
    }
  return read;
}

static void
on_mark_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DrillMark) self = user_data;
  g_autoptr(GError) error = NULL;
  MarkRead *read = gw_store_read_finish (GW_STORE (object), result, &error);

  if (read == NULL)
    {
      /* A window on a store that cannot be read says so elsewhere. */
      g_debug ("Cannot tell whether the store is a drill's: %s", error->message);
      return;
    }
  self->meta_drill = read->drill;
  g_free (self->meta_title);
  self->meta_title = g_steal_pointer (&read->title);
  mark_read_free (read);
  if (self->meta_drill)
    g_signal_emit (self, mark_changed_signal, 0);
}

static void
on_link_notify (DrillMark *self)
{
  g_signal_emit (self, mark_changed_signal, 0);
}

static GQuark
mark_quark (void)
{
  return g_quark_from_static_string ("gw-drill-mark");
}

/* The store's mark, made on first use; `read` starts the read of its meta (the store must
 * be open). */
static DrillMark *
get_mark (GwStore  *store,
          gboolean  read)
{
  DrillMark *mark = g_object_get_qdata (G_OBJECT (store), mark_quark ());

  if (mark == NULL)
    {
      mark = g_object_new (DRILL_TYPE_MARK, NULL);
      g_object_set_qdata_full (G_OBJECT (store), mark_quark (), mark, g_object_unref);
    }
  if (read && !mark->read_started)
    {
      mark->read_started = TRUE;
      gw_store_read_async (store, read_mark_func, NULL, NULL, (GDestroyNotify) mark_read_free,
                           NULL, on_mark_read, g_object_ref (mark));
    }
  return mark;
}

/* The band --------------------------------------------------------------------------------- */

#define DRILL_TYPE_BAND (drill_band_get_type ())
G_DECLARE_FINAL_TYPE (DrillBand, drill_band, DRILL, BAND, GtkWidget)

struct _DrillBand
{
  GtkWidget  parent_instance;
  GtkWidget *label;
};

G_DEFINE_FINAL_TYPE (DrillBand, drill_band, GTK_TYPE_WIDGET)

static void
drill_band_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  GdkRGBA red = { GW_DRILL_WATERMARK_BAND_RED / 255.f, GW_DRILL_WATERMARK_BAND_GREEN / 255.f,
                  GW_DRILL_WATERMARK_BAND_BLUE / 255.f, 1.f };

  /* Drawn here, not by CSS: the same red in every theme, and exactly this red. */
  gtk_snapshot_append_color (snapshot, &red,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  GTK_WIDGET_CLASS (drill_band_parent_class)->snapshot (widget, snapshot);
}

static void
drill_band_dispose (GObject *object)
{
  DrillBand *self = DRILL_BAND (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (drill_band_parent_class)->dispose (object);
}

static void
drill_band_class_init (DrillBandClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = drill_band_dispose;
  widget_class->snapshot = drill_band_snapshot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "drillband");
}

static void
drill_band_init (DrillBand *self)
{
  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.5f);
  gtk_widget_set_margin_top (self->label, 3);
  gtk_widget_set_margin_bottom (self->label, 3);
  gtk_widget_set_margin_start (self->label, 12);
  gtk_widget_set_margin_end (self->label, 12);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/* The diagonal layer ----------------------------------------------------------------------- */

#define DRILL_TYPE_PATTERN (drill_pattern_get_type ())
G_DECLARE_FINAL_TYPE (DrillPattern, drill_pattern, DRILL, PATTERN, GtkWidget)

struct _DrillPattern
{
  GtkWidget    parent_instance;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (DrillPattern, drill_pattern, GTK_TYPE_WIDGET)

static PangoLayout *
pattern_layout (DrillPattern *self)
{
  if (self->layout == NULL)
    {
      PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

      pango_font_description_set_absolute_size (font, PATTERN_FONT_PX * PANGO_SCALE);
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), WATERMARK_TEXT);
      pango_layout_set_font_description (self->layout, font);
      pango_font_description_free (font);
    }
  return self->layout;
}

static void
drill_pattern_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DrillPattern *self = DRILL_PATTERN (widget);
  GdkRGBA red = { GW_DRILL_WATERMARK_BAND_RED / 255.f, GW_DRILL_WATERMARK_BAND_GREEN / 255.f,
                  GW_DRILL_WATERMARK_BAND_BLUE / 255.f, PATTERN_ALPHA };
  PangoLayout *layout = pattern_layout (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int text_w, text_h;
  double half;
  double step_x, step_y;
  int row = 0;

  if (width <= 0 || height <= 0)
    return;

  /* Brighter on a dark window, so that it shows as much on both. */
  {
    GdkRGBA fg;

    gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
    if (fg.red + fg.green + fg.blue > 1.5f)
      {
        red.red = 0.88f;
        red.green = 0.11f;
        red.blue = 0.14f;
      }
  }

  pango_layout_get_pixel_size (layout, &text_w, &text_h);
  step_x = text_w + PATTERN_GAP_X;
  step_y = text_h + PATTERN_GAP_Y;
  /* The lattice turned about the middle must still cover the corners. */
  half = sqrt ((double) width * width + (double) height * height) / 2 + step_x;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.f, height / 2.f));
  gtk_snapshot_rotate (snapshot, PATTERN_ANGLE);
  for (double y = -half; y < half; y += step_y, row++)
    for (double x = -half + (row % 2) * step_x / 2; x < half; x += step_x)
      {
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
        gtk_snapshot_append_layout (snapshot, layout, &red);
        gtk_snapshot_restore (snapshot);
      }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
drill_pattern_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  DrillPattern *self = DRILL_PATTERN (widget);

  GTK_WIDGET_CLASS (drill_pattern_parent_class)->css_changed (widget, change);
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (widget);
}

static void
drill_pattern_dispose (GObject *object)
{
  g_clear_object (&DRILL_PATTERN (object)->layout);

  G_OBJECT_CLASS (drill_pattern_parent_class)->dispose (object);
}

static void
drill_pattern_class_init (DrillPatternClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = drill_pattern_dispose;
  widget_class->snapshot = drill_pattern_snapshot;
  widget_class->css_changed = drill_pattern_css_changed;
  gtk_widget_class_set_css_name (widget_class, "drillpattern");
}

static void
drill_pattern_init (DrillPattern *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/* GwDrillWatermark ------------------------------------------------------------------------- */

struct _GwDrillWatermark
{
  GtkWidget   parent_instance;

  GtkWidget  *band;
  GtkWidget  *overlay;
  GtkWidget  *pattern;

  DrillMark  *mark;         /* the store's, once it has one */
  GwStore    *store;
  char       *fixed_title;  /* attach_title: a drill's window whatever its store */
  gboolean    fixed;
  gboolean    shown;
  char       *text;
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (GwDrillWatermark, gw_drill_watermark, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOWN,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GwDrillLink *
current_link (GwDrillWatermark *self)
{
  return self->mark != NULL ? self->mark->link : NULL;
}

static char *
band_text (GwDrillWatermark *self)
{
  GwDrillLink *link = current_link (self);
  const char *title = self->fixed ? self->fixed_title
                                  : self->mark != NULL ? drill_mark_get_title (self->mark) : NULL;
  GString *text = g_string_new (BAND_TEXT);

  if (title != NULL && *title != '\0')
    g_string_append_printf (text, "  ·  %s", title);
  if (link != NULL && gw_drill_link_get_clock (link) != NULL)
    {
      gint64 now = gw_clock_get_now (gw_drill_link_get_clock (link));
      g_autoptr(GDateTime) dt = gw_time_to_date_time (now);
      g_autofree char *day = g_date_time_format (dt, "%Y-%m-%d");
      g_autofree char *time = gw_format_time (now);
      g_autofree char *when = g_strdup_printf ("%s %s", day, time);
      g_autofree char *state = gw_drill_link_describe_state (link);

      g_string_append_printf (text, "  ·  %s", when);
      g_string_append_printf (text, "  ·  %s", state);
    }
  return g_string_free (text, FALSE);
}

static void
update_text (GwDrillWatermark *self)
{
  g_autofree char *text = band_text (self);
  g_autofree char *markup = NULL;
  g_autofree char *escaped = NULL;

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&text);
  escaped = g_markup_escape_text (self->text, -1);
  markup = g_strdup_printf ("<span foreground=\"#ffffff\" weight=\"bold\">%s</span>", escaped);
  gtk_label_set_markup (GTK_LABEL (DRILL_BAND (self->band)->label), markup);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static gboolean
on_tick (gpointer user_data)
{
  update_text (GW_DRILL_WATERMARK (user_data));
  return G_SOURCE_CONTINUE;
}

/* The band's clock runs while the band is on screen and a link gives it a clock. */
static void
update_tick (GwDrillWatermark *self)
{
  gboolean want = self->shown && current_link (self) != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  else if (!want)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
update (GwDrillWatermark *self)
{
  gboolean shown = self->fixed || (self->mark != NULL && drill_mark_is_drill (self->mark));

  update_text (self);
  if (shown != self->shown)
    {
      self->shown = shown;
      gtk_widget_set_visible (self->band, shown);
      gtk_widget_set_visible (self->pattern, shown);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
    }
  update_tick (self);
}

static void
gw_drill_watermark_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gw_drill_watermark_parent_class)->map (widget);
  update (GW_DRILL_WATERMARK (widget));
}

static void
gw_drill_watermark_unmap (GtkWidget *widget)
{
  GwDrillWatermark *self = GW_DRILL_WATERMARK (widget);

  GTK_WIDGET_CLASS (gw_drill_watermark_parent_class)->unmap (widget);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
gw_drill_watermark_dispose (GObject *object)
{
  GwDrillWatermark *self = GW_DRILL_WATERMARK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->mark != NULL)
    g_signal_handlers_disconnect_by_data (self->mark, self);
  g_clear_object (&self->mark);
  g_clear_object (&self->store);
  g_clear_pointer (&self->band, gtk_widget_unparent);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  self->pattern = NULL;

  G_OBJECT_CLASS (gw_drill_watermark_parent_class)->dispose (object);
}

static void
gw_drill_watermark_finalize (GObject *object)
{
  GwDrillWatermark *self = GW_DRILL_WATERMARK (object);

  g_free (self->fixed_title);
  g_free (self->text);

  G_OBJECT_CLASS (gw_drill_watermark_parent_class)->finalize (object);
}

static void
gw_drill_watermark_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GwDrillWatermark *self = GW_DRILL_WATERMARK (object);

  switch (prop_id)
    {
    case PROP_SHOWN:
      g_value_set_boolean (value, self->shown);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_drill_watermark_class_init (GwDrillWatermarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_drill_watermark_dispose;
  object_class->finalize = gw_drill_watermark_finalize;
  object_class->get_property = gw_drill_watermark_get_property;
  widget_class->map = gw_drill_watermark_map;
  widget_class->unmap = gw_drill_watermark_unmap;

  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "drillwatermark");
}

static void
gw_drill_watermark_init (GwDrillWatermark *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->band = g_object_new (DRILL_TYPE_BAND, NULL);
  gtk_widget_set_visible (self->band, FALSE);
  gtk_widget_set_parent (self->band, GTK_WIDGET (self));

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_vexpand (self->overlay, TRUE);
  gtk_widget_set_hexpand (self->overlay, TRUE);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->pattern = g_object_new (DRILL_TYPE_PATTERN, NULL);
  gtk_widget_set_visible (self->pattern, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->pattern);
  /* The layer never takes part in the window's size. */
  gtk_overlay_set_measure_overlay (GTK_OVERLAY (self->overlay), self->pattern, FALSE);
}

static void
on_mark_changed (GwDrillWatermark *self)
{
  update (self);
}

/* Public API --------------------------------------------------------------------------------- */

static GQuark
watermark_quark (void)
{
  return g_quark_from_static_string ("gw-drill-watermark");
}

static GtkWidget *
window_content (GtkWindow *window)
{
  if (ADW_IS_WINDOW (window))
    return adw_window_get_content (ADW_WINDOW (window));
  if (ADW_IS_APPLICATION_WINDOW (window))
    return adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  return gtk_window_get_child (window);
}

static void
set_window_content (GtkWindow *window,
                    GtkWidget *content)
{
  if (ADW_IS_WINDOW (window))
    adw_window_set_content (ADW_WINDOW (window), content);
  else if (ADW_IS_APPLICATION_WINDOW (window))
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), content);
  else
    gtk_window_set_child (window, content);
}

GwDrillWatermark *
gw_drill_watermark_attach (GtkWindow *window,
                           GwStore   *store)
{
  GwDrillWatermark *self;
  g_autoptr(GtkWidget) content = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (store == NULL || GW_IS_STORE (store), NULL);

  self = gw_drill_watermark_get_for (window);
  if (self == NULL)
    {
      self = g_object_new (GW_TYPE_DRILL_WATERMARK, NULL);
      content = window_content (window);
      if (content != NULL)
        {
          g_object_ref (content);
          set_window_content (window, NULL);
          gtk_overlay_set_child (GTK_OVERLAY (self->overlay), content);
        }
      set_window_content (window, GTK_WIDGET (self));
      /* The window owns the watermark through its content. */
      g_object_set_qdata (G_OBJECT (window), watermark_quark (), self);
    }
  if (store != NULL)
    gw_drill_watermark_set_store (self, store);
  return self;
}

GwDrillWatermark *
gw_drill_watermark_attach_title (GtkWindow  *window,
                                 const char *title)
{
  GwDrillWatermark *self = gw_drill_watermark_attach (window, NULL);

  g_return_val_if_fail (self != NULL, NULL);
  self->fixed = TRUE;
  g_free (self->fixed_title);
  self->fixed_title = g_strdup (title);
  update (self);
  return self;
}

GwDrillWatermark *
gw_drill_watermark_get_for (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_qdata (G_OBJECT (window), watermark_quark ());
}

void
gw_drill_watermark_set_store (GwDrillWatermark *self,
                              GwStore          *store)
{
  DrillMark *mark;

  g_return_if_fail (GW_IS_DRILL_WATERMARK (self));
  g_return_if_fail (store == NULL || GW_IS_STORE (store));

  if (store == self->store)
    return;
  if (self->mark != NULL)
    g_signal_handlers_disconnect_by_data (self->mark, self);
  g_clear_object (&self->mark);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      mark = get_mark (store, TRUE);
      self->mark = g_object_ref (mark);
      g_signal_connect_swapped (mark, "changed", G_CALLBACK (on_mark_changed), self);
    }
  update (self);
}

gboolean
gw_drill_watermark_get_shown (GwDrillWatermark *self)
{
  g_return_val_if_fail (GW_IS_DRILL_WATERMARK (self), FALSE);

  return self->shown;
}

const char *
gw_drill_watermark_get_text (GwDrillWatermark *self)
{
  g_return_val_if_fail (GW_IS_DRILL_WATERMARK (self), NULL);

  return self->text;
}

void
gw_drill_watermark_set_link (GwStore     *store,
                             GwDrillLink *link)
{
  DrillMark *mark;

  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (link == NULL || GW_IS_DRILL_LINK (link));

  mark = get_mark (store, FALSE);
  if (mark->link == link)
    return;
  if (mark->link != NULL)
    g_signal_handlers_disconnect_by_data (mark->link, mark);
  g_set_object (&mark->link, link);
  if (link != NULL)
    {
      g_signal_connect_swapped (link, "notify::title", G_CALLBACK (on_link_notify), mark);
      g_signal_connect_swapped (link, "notify::state", G_CALLBACK (on_link_notify), mark);
      g_signal_connect_swapped (link, "notify::speed", G_CALLBACK (on_link_notify), mark);
    }
  g_signal_emit (mark, mark_changed_signal, 0);
}

GwDrillLink *
gw_drill_watermark_get_link (GwStore *store)
{
  DrillMark *mark;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  mark = g_object_get_qdata (G_OBJECT (store), mark_quark ());
  return mark != NULL ? mark->link : NULL;
}
