/* gw-ticket-row.c: a lazily loaded row of a ticket list. */
#define G_LOG_DOMAIN "gw-ticket-row"

#include "config.h"

#include "gw-ticket-row.h"

struct _GwTicketRow
{
  GObject   parent_instance;
  gint64    id;
  GwTicket *ticket;
  GwLight   light;
  gint64    time_left;   /* whole minutes, in seconds */
};

G_DEFINE_FINAL_TYPE (GwTicketRow, gw_ticket_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TICKET,
  PROP_LIGHT,
  PROP_TIME_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_ticket_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwTicketRow *self = GW_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TICKET:
      g_value_set_boxed (value, self->ticket);
      break;
    case PROP_LIGHT:
      g_value_set_int (value, self->light);
      break;
    case PROP_TIME_LEFT:
      g_value_set_int64 (value, self->time_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_ticket_row_finalize (GObject *object)
{
  GwTicketRow *self = GW_TICKET_ROW (object);

  g_clear_pointer (&self->ticket, gw_ticket_unref);
  G_OBJECT_CLASS (gw_ticket_row_parent_class)->finalize (object);
}

static void
gw_ticket_row_class_init (GwTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_ticket_row_get_property;
  object_class->finalize = gw_ticket_row_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_boxed ("ticket", NULL, NULL, GW_TYPE_TICKET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIGHT] =
    g_param_spec_int ("light", NULL, NULL, GW_LIGHT_NONE, GW_N_LIGHTS - 1, GW_LIGHT_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_LEFT] =
    g_param_spec_int64 ("time-left", NULL, NULL, G_MININT64, G_MAXINT64, GW_TICKET_ROW_NO_CLOCK,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_ticket_row_init (GwTicketRow *self)
{
  self->time_left = GW_TICKET_ROW_NO_CLOCK;
}

GwTicketRow *
gw_ticket_row_new (gint64 id)
{
  GwTicketRow *self = g_object_new (GW_TYPE_TICKET_ROW, NULL);

  self->id = id;
  return self;
}

gint64
gw_ticket_row_get_id (GwTicketRow *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ROW (self), 0);
  return self->id;
}

GwTicket *
gw_ticket_row_get_ticket (GwTicketRow *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ROW (self), NULL);
  return self->ticket;
}

GwLight
gw_ticket_row_get_light (GwTicketRow *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ROW (self), GW_LIGHT_NONE);
  return self->light;
}

gint64
gw_ticket_row_get_time_left (GwTicketRow *self)
{
  g_return_val_if_fail (GW_IS_TICKET_ROW (self), GW_TICKET_ROW_NO_CLOCK);
  return self->time_left;
}

gint64
gw_ticket_row_tick (GwTicketRow *self,
                    gint64       now)
{
  gint64 next = 0;
  GwLight light = GW_LIGHT_NONE;
  gint64 left = GW_TICKET_ROW_NO_CLOCK;

  g_return_val_if_fail (GW_IS_TICKET_ROW (self), 0);

  if (self->ticket && gw_ticket_state_is_open (self->ticket->state))
    {
      const GwStageTimer *timer = &self->ticket->timer;

      light = gw_stage_timer_light (timer, now, &next);
      if (timer->stage != GW_STAGE_NONE)
        {
          gint64 at = timer->paused_at ? timer->paused_at : now;
          /* In whole minutes, rounded away from the deadline: 0 only at the deadline. */
          gint64 seconds = timer->deadline_at - at;
          gint64 minute;

          left = seconds >= 0 ? (seconds + 59) / 60 * 60 : -((-seconds + 59) / 60 * 60);
          /* A running clock's minutes change too; a paused one's never do. */
          if (!timer->paused_at)
            {
              minute = now + (seconds > 0 ? (seconds % 60 ? seconds % 60 : 60) : 60 - (-seconds % 60));
              next = next ? MIN (next, minute) : minute;
            }
        }
    }
  g_object_freeze_notify (G_OBJECT (self));
  if (light != self->light)
    {
      self->light = light;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIGHT]);
    }
  if (left != self->time_left)
    {
      self->time_left = left;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LEFT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return next;
}

void
gw_ticket_row_show (GwTicketRow *self,
                    gint64       id,
                    GwTicket    *ticket,
                    gint64       now)
{
  g_return_if_fail (GW_IS_TICKET_ROW (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (id != self->id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  gw_ticket_row_set_ticket (self, ticket, now);
  g_object_thaw_notify (G_OBJECT (self));
}

void
gw_ticket_row_set_ticket (GwTicketRow *self,
                          GwTicket    *ticket,
                          gint64       now)
{
  g_return_if_fail (GW_IS_TICKET_ROW (self));

  if (ticket != self->ticket)
    {
      g_clear_pointer (&self->ticket, gw_ticket_unref);
      self->ticket = ticket ? gw_ticket_ref (ticket) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
    }
  gw_ticket_row_tick (self, now);
}
