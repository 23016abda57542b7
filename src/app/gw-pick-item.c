/* gw-pick-item.c: one thing to pick in a short searchable list. */
#define G_LOG_DOMAIN "gw-pick-item"

#include "config.h"

#include <string.h>

#include "gw-pick-item.h"

struct _GwPickItem
{
  GObject   parent_instance;

  char     *code;
  char     *title;
  char     *subtitle;
  GString  *words;      /* folded: code, title, subtitle, keywords */
  double    lon;
  double    lat;
  gboolean  has_point;
  gboolean  picked;
  gboolean  lead;
};

G_DEFINE_FINAL_TYPE (GwPickItem, gw_pick_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PICKED,
  PROP_LEAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_pick_item_finalize (GObject *object)
{
  GwPickItem *self = GW_PICK_ITEM (object);

  g_free (self->code);
  g_free (self->title);
  g_free (self->subtitle);
  g_string_free (self->words, TRUE);

  G_OBJECT_CLASS (gw_pick_item_parent_class)->finalize (object);
}

static void
gw_pick_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwPickItem *self = GW_PICK_ITEM (object);

  switch (prop_id)
    {
    case PROP_PICKED:
      g_value_set_boolean (value, self->picked);
      break;
    case PROP_LEAD:
      g_value_set_boolean (value, self->lead);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_pick_item_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwPickItem *self = GW_PICK_ITEM (object);

  switch (prop_id)
    {
    case PROP_PICKED:
      gw_pick_item_set_picked (self, g_value_get_boolean (value));
      break;
    case PROP_LEAD:
      gw_pick_item_set_lead (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_pick_item_class_init (GwPickItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_pick_item_finalize;
  object_class->get_property = gw_pick_item_get_property;
  object_class->set_property = gw_pick_item_set_property;

  properties[PROP_PICKED] =
    g_param_spec_boolean ("picked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEAD] =
    g_param_spec_boolean ("lead", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_pick_item_init (GwPickItem *self)
{
  self->words = g_string_new (NULL);
}

GwPickItem *
gw_pick_item_new (const char *code,
                  const char *title,
                  const char *subtitle)
{
  GwPickItem *self = g_object_new (GW_TYPE_PICK_ITEM, NULL);

  self->code = g_strdup (code);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  gw_pick_item_add_keywords (self, code);
  gw_pick_item_add_keywords (self, title);
  gw_pick_item_add_keywords (self, subtitle);
  return self;
}

const char *
gw_pick_item_get_code (GwPickItem *self)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), NULL);
  return self->code;
}

const char *
gw_pick_item_get_title (GwPickItem *self)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), NULL);
  return self->title;
}

const char *
gw_pick_item_get_subtitle (GwPickItem *self)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), NULL);
  return self->subtitle;
}

char *
gw_pick_item_fold (const char *text)
{
  g_autofree char *normal = NULL;

  if (text == NULL)
    return g_strdup ("");
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  return normal ? g_utf8_casefold (normal, -1) : g_strdup ("");
}

void
gw_pick_item_add_keywords (GwPickItem *self,
                           const char *words)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (GW_IS_PICK_ITEM (self));

  if (words == NULL || *words == '\0')
    return;
  folded = gw_pick_item_fold (words);
  g_string_append_c (self->words, '\n');
  g_string_append (self->words, folded);
}

gboolean
gw_pick_item_matches (GwPickItem *self,
                      const char *folded_query)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), FALSE);

  return folded_query == NULL || *folded_query == '\0' || strstr (self->words->str, folded_query) != NULL;
}

void
gw_pick_item_set_point (GwPickItem *self,
                        double      lon,
                        double      lat)
{
  g_return_if_fail (GW_IS_PICK_ITEM (self));

  self->lon = lon;
  self->lat = lat;
  self->has_point = TRUE;
}

gboolean
gw_pick_item_get_point (GwPickItem *self,
                        double     *lon,
                        double     *lat)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), FALSE);

  if (lon)
    *lon = self->lon;
  if (lat)
    *lat = self->lat;
  return self->has_point;
}

gboolean
gw_pick_item_get_picked (GwPickItem *self)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), FALSE);
  return self->picked;
}

void
gw_pick_item_set_picked (GwPickItem *self,
                         gboolean    picked)
{
  g_return_if_fail (GW_IS_PICK_ITEM (self));

  picked = !!picked;
  if (self->picked == picked)
    return;
  self->picked = picked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKED]);
}

gboolean
gw_pick_item_get_lead (GwPickItem *self)
{
  g_return_val_if_fail (GW_IS_PICK_ITEM (self), FALSE);
  return self->lead;
}

void
gw_pick_item_set_lead (GwPickItem *self,
                       gboolean    lead)
{
  g_return_if_fail (GW_IS_PICK_ITEM (self));

  lead = !!lead;
  if (self->lead == lead)
    return;
  self->lead = lead;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD]);
}
