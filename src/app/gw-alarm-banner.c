/* gw-alarm-banner.c: the oldest open alarm across the console, until acknowledged.
 *
 * libadwaita 1.2 has no AdwBanner: this is a revealer around a box in the error colours
 * (style.css: alarmbanner). It follows the alarm center's list model: the first item is
 * shown, the rest counted.
 */
#define G_LOG_DOMAIN "gw-alarm-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-alarm-banner.h"
#include "gw-format.h"

struct _GwAlarmBanner
{
  GtkWidget      parent_instance;

  /* template */
  GtkRevealer   *revealer;
  GtkLabel      *title_label;
  GtkLabel      *detail_label;
  GtkLabel      *error_label;
  GtkLabel      *more_label;

  GwAlarmCenter *center;
  GListModel    *alarms;
  GwAlarm       *alarm;          /* the one shown */
  char          *officer;
  GCancellable  *cancellable;
  gboolean       acknowledging;
};

G_DEFINE_FINAL_TYPE (GwAlarmBanner, gw_alarm_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CENTER,
  PROP_OFFICER,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_TICKET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_refusal (GwAlarmBanner *self,
             const char    *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

static void
update (GwAlarmBanner *self)
{
  guint n = self->alarms ? g_list_model_get_n_items (self->alarms) : 0;
  g_autoptr(GwAlarm) first = n > 0 ? g_list_model_get_item (self->alarms, 0) : NULL;
  gboolean was = gtk_revealer_get_reveal_child (self->revealer);

  if (first != NULL && (self->alarm == NULL || gw_alarm_get_id (first) != gw_alarm_get_id (self->alarm)))
    set_refusal (self, NULL);
  g_set_object (&self->alarm, first);

  if (first != NULL)
    {
      const char *number = gw_alarm_get_ticket_number (first);
      const char *description = gw_alarm_get_ticket_description (first);
      g_autofree char *title = NULL;
      g_autofree char *when = gw_format_time (gw_alarm_get_raised_at (first));
      g_autofree char *detail = NULL;

      /* Translators: the alarm banner: the alarm's kind, a ticket number and what happened,
       * e.g. "Emergency: TN261122-00012 供水管道爆裂". */
      title = g_strdup_printf (_("%1$s: %2$s %3$s"), gw_alarm_kind_label (gw_alarm_get_kind (first)),
                               number ? number : "—", description ? description : "");
      /* Translators: under the alarm banner's title; %s is a time of day. */
      detail = g_strdup_printf (_("Raised at %s — stays until acknowledged"), when);
      gtk_label_set_label (self->title_label, g_strstrip (title));
      gtk_label_set_label (self->detail_label, detail);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
    }
  if (n > 1)
    {
      /* Translators: how many more alarms wait behind the one the banner shows. */
      g_autofree char *more = g_strdup_printf (ngettext ("+%u more", "+%u more", n - 1), n - 1);
      gtk_label_set_label (self->more_label, more);
    }
  else
    gtk_label_set_label (self->more_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), n > 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.acknowledge", first != NULL && !self->acknowledging);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.open-ticket", first != NULL);
  gtk_revealer_set_reveal_child (self->revealer, first != NULL);
  if (was != (first != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
on_alarms_changed (GwAlarmBanner *self)
{
  update (self);
}

static void
on_acknowledged (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwAlarmBanner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_alarm_center_acknowledge_finish (GW_ALARM_CENTER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_refusal (self, error->message);
      /* Someone else acknowledged it first: the list is behind; look again. */
      if (g_error_matches (error, GW_ALARM_ERROR, GW_ALARM_ERROR_ACKNOWLEDGED))
        gw_alarm_center_scan_now (GW_ALARM_CENTER (object));
    }
  self->acknowledging = FALSE;
  update (self);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (widget);

  if (self->alarm == NULL || self->center == NULL || self->acknowledging)
    return;
  self->acknowledging = TRUE;
  set_refusal (self, NULL);
  update (self);
  gw_alarm_center_acknowledge_async (self->center, gw_alarm_get_id (self->alarm), self->officer,
                                     self->cancellable, on_acknowledged, g_object_ref (self));
}

static void
open_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (widget);

  if (self->alarm != NULL)
    g_signal_emit (self, signals[OPEN_TICKET], 0, gw_alarm_get_ticket_id (self->alarm));
}

static void
gw_alarm_banner_dispose (GObject *object)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (object);

  g_cancellable_cancel (self->cancellable);
  gw_alarm_banner_set_center (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_ALARM_BANNER);
  G_OBJECT_CLASS (gw_alarm_banner_parent_class)->dispose (object);
}

static void
gw_alarm_banner_finalize (GObject *object)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (object);

  g_clear_object (&self->alarm);
  g_clear_object (&self->cancellable);
  g_free (self->officer);
  G_OBJECT_CLASS (gw_alarm_banner_parent_class)->finalize (object);
}

static void
gw_alarm_banner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (object);

  switch (prop_id)
    {
    case PROP_CENTER:
      g_value_set_object (value, self->center);
      break;
    case PROP_OFFICER:
      g_value_set_string (value, self->officer);
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, gw_alarm_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_banner_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GwAlarmBanner *self = GW_ALARM_BANNER (object);

  switch (prop_id)
    {
    case PROP_CENTER:
      gw_alarm_banner_set_center (self, g_value_get_object (value));
      break;
    case PROP_OFFICER:
      gw_alarm_banner_set_officer (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_banner_class_init (GwAlarmBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_alarm_banner_dispose;
  object_class->finalize = gw_alarm_banner_finalize;
  object_class->get_property = gw_alarm_banner_get_property;
  object_class->set_property = gw_alarm_banner_set_property;

  properties[PROP_CENTER] =
    g_param_spec_object ("center", NULL, NULL, GW_TYPE_ALARM_CENTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFICER] =
    g_param_spec_string ("officer", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The officer wants to see the alarm's ticket (its id). */
  signals[OPEN_TICKET] =
    g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwatch/Gridwatch/gw-alarm-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, GwAlarmBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, GwAlarmBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwAlarmBanner, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GwAlarmBanner, error_label);
  gtk_widget_class_bind_template_child (widget_class, GwAlarmBanner, more_label);

  gtk_widget_class_install_action (widget_class, "alarm.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "alarm.open-ticket", NULL, open_ticket_action);

  gtk_widget_class_set_css_name (widget_class, "alarmbanner");
}

static void
gw_alarm_banner_init (GwAlarmBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update (self);
}

GtkWidget *
gw_alarm_banner_new (void)
{
  return g_object_new (GW_TYPE_ALARM_BANNER, NULL);
}

void
gw_alarm_banner_set_center (GwAlarmBanner *self,
                            GwAlarmCenter *center)
{
  g_return_if_fail (GW_IS_ALARM_BANNER (self));
  g_return_if_fail (center == NULL || GW_IS_ALARM_CENTER (center));

  if (self->center == center)
    return;
  if (self->alarms)
    g_signal_handlers_disconnect_by_func (self->alarms, on_alarms_changed, self);
  self->alarms = NULL;
  g_set_object (&self->center, center);
  if (center)
    {
      self->alarms = gw_alarm_center_get_alarms (center);
      g_signal_connect_swapped (self->alarms, "items-changed", G_CALLBACK (on_alarms_changed), self);
    }
  if (self->revealer)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER]);
}

GwAlarmCenter *
gw_alarm_banner_get_center (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return self->center;
}

void
gw_alarm_banner_set_officer (GwAlarmBanner *self,
                             const char    *officer)
{
  g_return_if_fail (GW_IS_ALARM_BANNER (self));

  if (g_strcmp0 (self->officer, officer) == 0)
    return;
  g_free (self->officer);
  self->officer = g_strdup (officer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
}

const char *
gw_alarm_banner_get_officer (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return self->officer;
}

GwAlarm *
gw_alarm_banner_get_alarm (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return self->alarm;
}

gboolean
gw_alarm_banner_get_revealed (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
gw_alarm_banner_get_message (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return gtk_label_get_label (self->title_label);
}

const char *
gw_alarm_banner_get_more (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return gtk_label_get_label (self->more_label);
}

const char *
gw_alarm_banner_get_refusal (GwAlarmBanner *self)
{
  g_return_val_if_fail (GW_IS_ALARM_BANNER (self), NULL);
  return gtk_label_get_label (self->error_label);
}
