/* gw-drill-link.c: a drill as the app sees it — what the two kinds share. */
#define G_LOG_DOMAIN "gw-drill-link"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-drill-link-private.h"

typedef struct
{
  char         *title;
  GwDrillState  state;
  double        speed;
  GwClock      *clock;
  gint64        start;
  gboolean      local;

  char         *next_id;
  char         *next_title;
  gint64        next_at;

  GPtrArray    *timeline;       /* GwDrillTimelineItem */
  GPtrArray    *expectations;   /* GwDrillExpectationItem */
  double        earned;
  double        possible;
  char         *summary;
} GwDrillLinkPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GwDrillLink, gw_drill_link, G_TYPE_OBJECT)

/* GLib 2.74 has no g_set_str (). */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATE,
  PROP_SPEED,
  PROP_NEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
gw_drill_timeline_item_free (GwDrillTimelineItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->title);
  g_free (item->problem);
  g_free (item);
}

void
gw_drill_expectation_item_free (GwDrillExpectationItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->title);
  g_free (item->detail);
  g_free (item);
}

static void
gw_drill_link_finalize (GObject *object)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (GW_DRILL_LINK (object));

  g_clear_pointer (&priv->title, g_free);
  g_clear_object (&priv->clock);
  g_clear_pointer (&priv->next_id, g_free);
  g_clear_pointer (&priv->next_title, g_free);
  g_clear_pointer (&priv->timeline, g_ptr_array_unref);
  g_clear_pointer (&priv->expectations, g_ptr_array_unref);
  g_clear_pointer (&priv->summary, g_free);

  G_OBJECT_CLASS (gw_drill_link_parent_class)->finalize (object);
}

static void
gw_drill_link_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (GW_DRILL_LINK (object));

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_STATE:
      g_value_set_uint (value, priv->state);
      break;
    case PROP_SPEED:
      g_value_set_double (value, priv->speed);
      break;
    case PROP_NEXT:
      g_value_set_string (value, priv->next_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GwScenario *
gw_drill_link_real_get_scenario (GwDrillLink *self)
{
  return NULL;
}

static void
gw_drill_link_class_init (GwDrillLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_drill_link_finalize;
  object_class->get_property = gw_drill_link_get_property;
  klass->get_scenario = gw_drill_link_real_get_scenario;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, GW_DRILL_READY, GW_DRILL_ENDED, GW_DRILL_READY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, GW_SCENARIO_MAX_SPEED, 1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The next injection's id (NULL: none left). */
  properties[PROP_NEXT] =
    g_param_spec_string ("next", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[NOTE] = g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gw_drill_link_init (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  priv->speed = 1;
  priv->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_timeline_item_free);
  priv->expectations = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_drill_expectation_item_free);
}

/* Filling in --------------------------------------------------------------------------- */

void
_gw_drill_link_set_title (GwDrillLink *self,
                          const char  *title)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  if (set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
_gw_drill_link_set_state (GwDrillLink  *self,
                          GwDrillState  state)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_gw_drill_link_set_speed (GwDrillLink *self,
                          double       speed)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  if (fabs (priv->speed - speed) < 1e-9)
    return;
  priv->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

void
_gw_drill_link_set_clock (GwDrillLink *self,
                          GwClock     *clock)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  g_set_object (&priv->clock, clock);
}

void
_gw_drill_link_set_start (GwDrillLink *self,
                          gint64       start)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  priv->start = start;
}

void
_gw_drill_link_set_local (GwDrillLink *self,
                          gboolean     local)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  priv->local = local;
}

void
_gw_drill_link_set_next (GwDrillLink *self,
                         const char  *id,
                         const char  *title,
                         gint64       at)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);
  gboolean changed = g_strcmp0 (priv->next_id, id) != 0 || priv->next_at != at ||
                     g_strcmp0 (priv->next_title, title) != 0;

  if (!changed)
    return;
  set_str (&priv->next_id, id);
  set_str (&priv->next_title, id != NULL ? title : NULL);
  priv->next_at = id != NULL ? at : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT]);
}

void
_gw_drill_link_set_picture (GwDrillLink *self,
                            GPtrArray   *timeline,
                            GPtrArray   *expectations,
                            double       earned,
                            double       possible,
                            const char  *summary)
{
  GwDrillLinkPrivate *priv = gw_drill_link_get_instance_private (self);

  if (timeline != NULL)
    {
      g_ptr_array_unref (priv->timeline);
      priv->timeline = timeline;
    }
  if (expectations != NULL)
    {
      g_ptr_array_unref (priv->expectations);
      priv->expectations = expectations;
    }
  priv->earned = earned;
  priv->possible = possible;
  set_str (&priv->summary, summary);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_gw_drill_link_emit_note (GwDrillLink *self,
                          const char  *text)
{
  g_signal_emit (self, signals[NOTE], 0, text);
}

/* What the link shows ------------------------------------------------------------------ */

const char *
gw_drill_link_get_title (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  priv = gw_drill_link_get_instance_private (self);
  return priv->title;
}

GwDrillState
gw_drill_link_get_state (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), GW_DRILL_READY);
  priv = gw_drill_link_get_instance_private (self);
  return priv->state;
}

double
gw_drill_link_get_speed (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), 1);
  priv = gw_drill_link_get_instance_private (self);
  return priv->speed;
}

GwClock *
gw_drill_link_get_clock (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  priv = gw_drill_link_get_instance_private (self);
  return priv->clock;
}

GwScenario *
gw_drill_link_get_scenario (GwDrillLink *self)
{
  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  return GW_DRILL_LINK_GET_CLASS (self)->get_scenario (self);
}

gint64
gw_drill_link_get_start (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), 0);
  priv = gw_drill_link_get_instance_private (self);
  return priv->start;
}

gboolean
gw_drill_link_is_local (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), FALSE);
  priv = gw_drill_link_get_instance_private (self);
  return priv->local;
}

gboolean
gw_drill_link_get_next (GwDrillLink  *self,
                        const char  **id,
                        const char  **title,
                        gint64       *at)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), FALSE);
  priv = gw_drill_link_get_instance_private (self);
  if (id != NULL)
    *id = priv->next_id;
  if (title != NULL)
    *title = priv->next_title;
  if (at != NULL)
    *at = priv->next_at;
  return priv->next_id != NULL;
}

GPtrArray *
gw_drill_link_get_timeline (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  priv = gw_drill_link_get_instance_private (self);
  return priv->timeline;
}

GPtrArray *
gw_drill_link_get_expectations (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  priv = gw_drill_link_get_instance_private (self);
  return priv->expectations;
}

void
gw_drill_link_get_score (GwDrillLink  *self,
                         double       *earned,
                         double       *possible,
                         const char  **summary)
{
  GwDrillLinkPrivate *priv;

  g_return_if_fail (GW_IS_DRILL_LINK (self));
  priv = gw_drill_link_get_instance_private (self);
  if (earned != NULL)
    *earned = priv->earned;
  if (possible != NULL)
    *possible = priv->possible;
  if (summary != NULL)
    *summary = priv->summary;
}

char *
gw_drill_link_describe_state (GwDrillLink *self)
{
  GwDrillLinkPrivate *priv;

  g_return_val_if_fail (GW_IS_DRILL_LINK (self), NULL);
  priv = gw_drill_link_get_instance_private (self);
  switch (priv->state)
    {
    case GW_DRILL_READY:
      return g_strdup (_("Ready to start"));
    case GW_DRILL_RUNNING:
      /* TRANSLATORS: the drill clock's speed, e.g. "Running at 10×" */
      return g_strdup_printf (_("Running at %g×"), priv->speed);
    case GW_DRILL_PAUSED:
      return g_strdup (_("Paused"));
    case GW_DRILL_ENDED:
    default:
      return g_strdup (_("Ended"));
    }
}

const char *
gw_drill_injection_kind_label (GwInjectionKind kind)
{
  switch (kind)
    {
    case GW_INJECTION_REPORT:
      return _("Report");
    case GW_INJECTION_DIRECTIVE:
      return _("Directive from the higher level");
    case GW_INJECTION_CAMERA_FEED:
      return _("Camera feed");
    case GW_INJECTION_WORKER_OFF:
      return _("Grid worker off duty");
    case GW_INJECTION_NETWORK_DROP:
      return _("Network drop");
    case GW_INJECTION_NOTE:
      return _("Note");
    case GW_N_INJECTION_KINDS:
    default:
      return _("Injection");
    }
}

/* Commands ----------------------------------------------------------------------------- */

void
gw_drill_link_command_async (GwDrillLink         *self,
                             GwDrillCommand       command,
                             double               speed,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GW_IS_DRILL_LINK (self));
  GW_DRILL_LINK_GET_CLASS (self)->command_async (self, command, speed, cancellable, callback, user_data);
}

gboolean
gw_drill_link_command_finish (GwDrillLink   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_DRILL_LINK (self), FALSE);
  return GW_DRILL_LINK_GET_CLASS (self)->command_finish (self, result, error);
}

void
gw_drill_link_inject_async (GwDrillLink         *self,
                            const GwInjection   *injection,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (GW_IS_DRILL_LINK (self));
  g_return_if_fail (injection != NULL);
  GW_DRILL_LINK_GET_CLASS (self)->inject_async (self, injection, cancellable, callback, user_data);
}

gint64
gw_drill_link_inject_finish (GwDrillLink   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (GW_IS_DRILL_LINK (self), 0);
  return GW_DRILL_LINK_GET_CLASS (self)->inject_finish (self, result, error);
}

void
gw_drill_link_refresh (GwDrillLink *self)
{
  g_return_if_fail (GW_IS_DRILL_LINK (self));
  if (GW_DRILL_LINK_GET_CLASS (self)->refresh != NULL)
    GW_DRILL_LINK_GET_CLASS (self)->refresh (self);
}
