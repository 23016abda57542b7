/* gw-figure-card.c: one big figure with its name and a line saying what it counts. */
#define G_LOG_DOMAIN "gw-figure-card"

#include "config.h"

#include <float.h>

#include "gw-figure-card.h"

struct _GwFigureCard
{
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *value_label;
  GtkLabel  *caption_label;

  double     value_scale;
};

G_DEFINE_FINAL_TYPE (GwFigureCard, gw_figure_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_VALUE_SCALE,
  PROP_CAPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text != NULL ? text : "") == 0)
    return FALSE;

  gtk_label_set_label (label, text);
  return TRUE;
}

static void
gw_figure_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_FIGURE_CARD);

  G_OBJECT_CLASS (gw_figure_card_parent_class)->dispose (object);
}

static void
gw_figure_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwFigureCard *self = GW_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gw_figure_card_get_title (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, gw_figure_card_get_value (self));
      break;
    case PROP_VALUE_SCALE:
      g_value_set_double (value, gw_figure_card_get_value_scale (self));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, gw_figure_card_get_caption (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_figure_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwFigureCard *self = GW_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      gw_figure_card_set_title (self, g_value_get_string (value));
      break;
    case PROP_VALUE:
      gw_figure_card_set_value (self, g_value_get_string (value));
      break;
    case PROP_VALUE_SCALE:
      gw_figure_card_set_value_scale (self, g_value_get_double (value));
      break;
    case PROP_CAPTION:
      gw_figure_card_set_caption (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_figure_card_class_init (GwFigureCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_figure_card_dispose;
  object_class->get_property = gw_figure_card_get_property;
  object_class->set_property = gw_figure_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE_SCALE] =
    g_param_spec_double ("value-scale", NULL, NULL, 0.25, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwatch/Gridwatch/gw-figure-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwFigureCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwFigureCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, GwFigureCard, caption_label);

  gtk_widget_class_set_css_name (widget_class, "figurecard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_figure_card_init (GwFigureCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->value_scale = 1.0;
}

GtkWidget *
gw_figure_card_new (void)
{
  return g_object_new (GW_TYPE_FIGURE_CARD, NULL);
}

const char *
gw_figure_card_get_title (GwFigureCard *self)
{
  g_return_val_if_fail (GW_IS_FIGURE_CARD (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
gw_figure_card_set_title (GwFigureCard *self,
                          const char   *title)
{
  g_return_if_fail (GW_IS_FIGURE_CARD (self));

  if (set_label (self->title_label, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
gw_figure_card_get_value (GwFigureCard *self)
{
  g_return_val_if_fail (GW_IS_FIGURE_CARD (self), NULL);

  return gtk_label_get_label (self->value_label);
}

void
gw_figure_card_set_value (GwFigureCard *self,
                          const char   *value)
{
  g_return_if_fail (GW_IS_FIGURE_CARD (self));

  if (set_label (self->value_label, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

double
gw_figure_card_get_value_scale (GwFigureCard *self)
{
  g_return_val_if_fail (GW_IS_FIGURE_CARD (self), 1.0);

  return self->value_scale;
}

void
gw_figure_card_set_value_scale (GwFigureCard *self,
                                double        scale)
{
  g_autoptr(PangoAttrList) attributes = NULL;

  g_return_if_fail (GW_IS_FIGURE_CARD (self));

  scale = CLAMP (scale, 0.25, 1.0);
  if (G_APPROX_VALUE (self->value_scale, scale, DBL_EPSILON))
    return;

  self->value_scale = scale;
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_scale_new (scale));
  gtk_label_set_attributes (self->value_label, attributes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_SCALE]);
}

const char *
gw_figure_card_get_caption (GwFigureCard *self)
{
  g_return_val_if_fail (GW_IS_FIGURE_CARD (self), NULL);

  return gtk_label_get_label (self->caption_label);
}

void
gw_figure_card_set_caption (GwFigureCard *self,
                            const char   *caption)
{
  g_return_if_fail (GW_IS_FIGURE_CARD (self));

  if (set_label (self->caption_label, caption))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption != NULL && *caption != '\0');
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
    }
}
