/* gw-alarm-center.c: scanning for alarms, their list, notifications and the sound. */
#define G_LOG_DOMAIN "gw-alarm-center"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-alarm-center.h"
#include "gw-alarm-sound.h"

#define SCAN_SECONDS            2
#define DEFAULT_REPEAT_SECONDS  30
/* New alarms notified one by one in a scan; the rest in one notification. */
#define NOTIFIED_ONE_BY_ONE     3
#define MORE_NOTIFICATION_ID    "alarms-more"

struct _GwAlarmCenter
{
  GObject        parent_instance;

  GwStore       *store;
  GwClock       *clock;
  GApplication  *application;   /* weak */
  GCancellable  *cancellable;
  GListStore    *alarms;
  GwAlarmSound  *sound;

  gint64         seq;           /* the change log as of the last scan; -1 before one */
  gboolean       scanning;
  gboolean       scan_again;
  guint          scan_id;
  guint          repeat_id;
  guint          repeat_seconds;
  guint          rings;
};

G_DEFINE_FINAL_TYPE (GwAlarmCenter, gw_alarm_center, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_REPEAT_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ALARM_RAISED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
notification_id (GwAlarm *alarm)
{
  return g_strdup_printf ("alarm-%" G_GINT64_FORMAT, gw_alarm_get_id (alarm));
}

static gboolean
can_notify (GwAlarmCenter *self)
{
  return self->application != NULL && g_application_get_is_registered (self->application) &&
         !g_application_get_is_remote (self->application);
}

static void
ring (GwAlarmCenter *self)
{
  self->rings++;
  gw_alarm_sound_ring (self->sound);
}

static gboolean
on_repeat (gpointer user_data)
{
  ring (user_data);
  return G_SOURCE_CONTINUE;
}

/* The list ---------------------------------------------------------------------------- */

static gboolean
same_alarms (GListModel *model,
             GPtrArray  *alarms)
{
  guint n = g_list_model_get_n_items (model);

  if (n != alarms->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwAlarm) a = g_list_model_get_item (model, i);
      if (gw_alarm_get_id (a) != gw_alarm_get_id (g_ptr_array_index (alarms, i)))
        return FALSE;
    }
  return TRUE;
}

/* Replaces the list in one items-changed, when it differs (an alarm still open keeps its
 * object); the sound repeats while the list holds anything. */
static void
set_open_alarms (GwAlarmCenter *self,
                 GPtrArray     *open)
{
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->alarms));

  if (!same_alarms (G_LIST_MODEL (self->alarms), open))
    {
      g_autoptr(GHashTable) held = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < before; i++)
        {
          GwAlarm *a = g_list_model_get_item (G_LIST_MODEL (self->alarms), i);
          gint64 id = gw_alarm_get_id (a);
          g_hash_table_insert (held, g_memdup2 (&id, sizeof id), a);
        }
      for (guint i = 0; i < open->len; i++)
        {
          GwAlarm *a = g_ptr_array_index (open, i);
          gint64 id = gw_alarm_get_id (a);
          GwAlarm *kept = g_hash_table_lookup (held, &id);
          g_ptr_array_add (items, g_object_ref (kept ? kept : a));
        }
      g_list_store_splice (self->alarms, 0, before, items->pdata, items->len);
    }

  if (open->len == 0)
    {
      g_clear_handle_id (&self->repeat_id, g_source_remove);
      gw_alarm_sound_stop (self->sound);
    }
  else if (self->repeat_id == 0 && self->repeat_seconds > 0)
    self->repeat_id = g_timeout_add_seconds (self->repeat_seconds, on_repeat, self);
}

static void
notify_alarms (GwAlarmCenter *self,
               GPtrArray     *raised)
{
  if (!can_notify (self))
    return;

  for (guint i = 0; i < raised->len && i < NOTIFIED_ONE_BY_ONE; i++)
    {
      GwAlarm *alarm = g_ptr_array_index (raised, i);
      g_autofree char *id = notification_id (alarm);
      g_autofree char *title = NULL;
      g_autoptr(GNotification) notification = NULL;
      const char *number = gw_alarm_get_ticket_number (alarm);

      /* Translators: a desktop notification's title: the alarm's kind, then a ticket number. */
      title = g_strdup_printf (_("%s: %s"), gw_alarm_kind_label (gw_alarm_get_kind (alarm)),
                               number ? number : "—");
      notification = g_notification_new (title);
      if (gw_alarm_get_ticket_description (alarm))
        g_notification_set_body (notification, gw_alarm_get_ticket_description (alarm));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      g_application_send_notification (self->application, id, notification);
    }
  if (raised->len > NOTIFIED_ONE_BY_ONE)
    {
      guint more = raised->len - NOTIFIED_ONE_BY_ONE;
      g_autofree char *title = g_strdup_printf (ngettext ("%u more alarm", "%u more alarms", more), more);
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, _("Every open alarm is in the banner of the console."));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      g_application_send_notification (self->application, MORE_NOTIFICATION_ID, notification);
    }
}

/* Scanning ---------------------------------------------------------------------------- */

typedef struct {
  gint64 since_seq;
  gint64 now;
} ScanJob;

typedef struct {
  GPtrArray *raised;
  GPtrArray *open;
  gint64     seq;
} ScanResult;

static void
scan_result_free (ScanResult *r)
{
  g_clear_pointer (&r->raised, g_ptr_array_unref);
  g_clear_pointer (&r->open, g_ptr_array_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanResult, scan_result_free)

static gpointer
scan_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  ScanJob *job = data;
  g_autoptr(ScanResult) r = g_new0 (ScanResult, 1);

  if (!(r->raised = gw_db_scan_alarms (db, job->since_seq, job->now, &r->seq, error)) ||
      !(r->open = gw_db_list_open_alarms (db, error)))
    return NULL;
  return g_steal_pointer (&r);
}

static void start_scan (GwAlarmCenter *self);

static void
on_scan_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwAlarmCenter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScanResult) r = gw_store_run_finish (GW_STORE (object), result, &error);

  self->scanning = FALSE;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED))
        g_message ("Scanning for alarms failed: %s", error->message);
      return;
    }

  self->seq = r->seq;
  set_open_alarms (self, r->open);
  if (r->raised->len > 0)
    {
      notify_alarms (self, r->raised);
      for (guint i = 0; i < r->raised->len; i++)
        g_signal_emit (self, signals[ALARM_RAISED], 0, g_ptr_array_index (r->raised, i));
      ring (self);
    }
  if (self->scan_again)
    start_scan (self);
}

static void
start_scan (GwAlarmCenter *self)
{
  ScanJob *job = g_new0 (ScanJob, 1);

  job->since_seq = self->seq;
  job->now = gw_clock_get_now (self->clock);
  self->scanning = TRUE;
  self->scan_again = FALSE;
  gw_store_run_async (self->store, scan_func, job, g_free, (GDestroyNotify) scan_result_free,
                      self->cancellable, on_scan_done, g_object_ref (self));
}

static gboolean
on_scan_timeout (gpointer user_data)
{
  GwAlarmCenter *self = user_data;

  if (!self->scanning)
    start_scan (self);
  return G_SOURCE_CONTINUE;
}

static void
on_clock_changed (GwAlarmCenter *self)
{
  gw_alarm_center_scan_now (self);
}

/* Acknowledging ----------------------------------------------------------------------- */

typedef struct {
  gint64  alarm_id;
  char   *officer;
  gint64  now;
} AckJob;

static void
ack_job_free (AckJob *job)
{
  g_free (job->officer);
  g_free (job);
}

static gpointer
acknowledge_func (GwDb     *db,
                  gpointer  data,
                  GError  **error)
{
  AckJob *job = data;

  if (!gw_db_acknowledge_alarm (db, job->alarm_id, job->officer, job->now, error))
    return NULL;
  return gw_db_list_open_alarms (db, error);
}

static void
on_acknowledged (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwAlarmCenter *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = gw_store_run_finish (GW_STORE (object), result, &error);

  if (open == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (can_notify (self))
    {
      gint64 alarm_id = *(gint64 *) g_task_get_task_data (task);
      g_autofree char *id = g_strdup_printf ("alarm-%" G_GINT64_FORMAT, alarm_id);

      g_application_withdraw_notification (self->application, id);
      if (open->len == 0)
        g_application_withdraw_notification (self->application, MORE_NOTIFICATION_ID);
    }
  set_open_alarms (self, open);
  g_task_return_boolean (task, TRUE);
}

/* Object ------------------------------------------------------------------------------ */

static void
on_sound_volume (GwAlarmCenter *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

static void
gw_alarm_center_dispose (GObject *object)
{
  GwAlarmCenter *self = GW_ALARM_CENTER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  if (self->clock)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  if (self->sound)
    gw_alarm_sound_stop (self->sound);
  g_clear_object (&self->sound);
  G_OBJECT_CLASS (gw_alarm_center_parent_class)->dispose (object);
}

static void
gw_alarm_center_finalize (GObject *object)
{
  GwAlarmCenter *self = GW_ALARM_CENTER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->alarms);
  G_OBJECT_CLASS (gw_alarm_center_parent_class)->finalize (object);
}

static void
gw_alarm_center_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwAlarmCenter *self = GW_ALARM_CENTER (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      g_value_set_double (value, gw_alarm_center_get_volume (self));
      break;
    case PROP_REPEAT_SECONDS:
      g_value_set_uint (value, self->repeat_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_center_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GwAlarmCenter *self = GW_ALARM_CENTER (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      gw_alarm_center_set_volume (self, g_value_get_double (value));
      break;
    case PROP_REPEAT_SECONDS:
      gw_alarm_center_set_repeat_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_alarm_center_class_init (GwAlarmCenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_alarm_center_dispose;
  object_class->finalize = gw_alarm_center_finalize;
  object_class->get_property = gw_alarm_center_get_property;
  object_class->set_property = gw_alarm_center_set_property;

  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 0.8,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPEAT_SECONDS] =
    g_param_spec_uint ("repeat-seconds", NULL, NULL, 1, 3600, DEFAULT_REPEAT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new alarm (GwAlarm), after the list holds it. */
  signals[ALARM_RAISED] =
    g_signal_new ("alarm-raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, GW_TYPE_ALARM);
}

static void
gw_alarm_center_init (GwAlarmCenter *self)
{
  self->cancellable = g_cancellable_new ();
  self->alarms = g_list_store_new (GW_TYPE_ALARM);
  self->sound = gw_alarm_sound_new ();
  self->seq = -1;
  self->repeat_seconds = DEFAULT_REPEAT_SECONDS;
  g_signal_connect_swapped (self->sound, "notify::volume", G_CALLBACK (on_sound_volume), self);
}

GwAlarmCenter *
gw_alarm_center_new (GwStore *store,
                     GwClock *clock)
{
  GwAlarmCenter *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_ALARM_CENTER, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  g_signal_connect_swapped (clock, "changed", G_CALLBACK (on_clock_changed), self);
  self->scan_id = g_timeout_add_seconds (SCAN_SECONDS, on_scan_timeout, self);
  start_scan (self);
  return self;
}

void
gw_alarm_center_set_application (GwAlarmCenter *self,
                                 GApplication  *application)
{
  g_return_if_fail (GW_IS_ALARM_CENTER (self));
  g_return_if_fail (application == NULL || G_IS_APPLICATION (application));

  g_set_weak_pointer (&self->application, application);
}

GListModel *
gw_alarm_center_get_alarms (GwAlarmCenter *self)
{
  g_return_val_if_fail (GW_IS_ALARM_CENTER (self), NULL);
  return G_LIST_MODEL (self->alarms);
}

void
gw_alarm_center_scan_now (GwAlarmCenter *self)
{
  g_return_if_fail (GW_IS_ALARM_CENTER (self));

  if (self->scanning)
    self->scan_again = TRUE;
  else
    start_scan (self);
}

void
gw_alarm_center_acknowledge_async (GwAlarmCenter       *self,
                                   gint64               alarm_id,
                                   const char          *officer,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AckJob *job;

  g_return_if_fail (GW_IS_ALARM_CENTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_alarm_center_acknowledge_async);
  g_task_set_task_data (task, g_memdup2 (&alarm_id, sizeof alarm_id), g_free);
  job = g_new0 (AckJob, 1);
  job->alarm_id = alarm_id;
  job->officer = g_strdup (officer);
  job->now = gw_clock_get_now (self->clock);
  gw_store_run_async (self->store, acknowledge_func, job, (GDestroyNotify) ack_job_free,
                      (GDestroyNotify) g_ptr_array_unref, cancellable, on_acknowledged,
                      g_steal_pointer (&task));
}

gboolean
gw_alarm_center_acknowledge_finish (GwAlarmCenter  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gw_alarm_center_set_volume (GwAlarmCenter *self,
                            double         volume)
{
  g_return_if_fail (GW_IS_ALARM_CENTER (self));
  gw_alarm_sound_set_volume (self->sound, volume);
}

double
gw_alarm_center_get_volume (GwAlarmCenter *self)
{
  g_return_val_if_fail (GW_IS_ALARM_CENTER (self), 0.0);
  return gw_alarm_sound_get_volume (self->sound);
}

void
gw_alarm_center_set_repeat_seconds (GwAlarmCenter *self,
                                    guint          seconds)
{
  g_return_if_fail (GW_IS_ALARM_CENTER (self));
  g_return_if_fail (seconds > 0);

  if (self->repeat_seconds == seconds)
    return;
  self->repeat_seconds = seconds;
  if (self->repeat_id != 0)
    {
      g_source_remove (self->repeat_id);
      self->repeat_id = g_timeout_add_seconds (seconds, on_repeat, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_SECONDS]);
}

guint
gw_alarm_center_get_rings (GwAlarmCenter *self)
{
  g_return_val_if_fail (GW_IS_ALARM_CENTER (self), 0);
  return self->rings;
}
