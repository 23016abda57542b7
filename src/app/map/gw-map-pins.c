/* gw-map-pins.c: the store's open tickets as a live pin index for the map's layers.
 *
 * The first read takes every open ticket (on a reader thread); each later one asks the
 * change log what moved since the last sequence seen and applies just that: pins added,
 * moved, recoloured, removed. Lights that change with time alone are recomputed when the
 * earliest stage clock comes due (a timeout to that instant, not a poll). Nothing here
 * runs SQL on the main loop.
 */
#define G_LOG_DOMAIN "gw-map-pins"

#include "config.h"

#include "gw-db-pins.h"
#include "gw-map-pins.h"

struct _GwMapPins
{
  GObject       parent_instance;

  GwStore      *store;
  GwClock      *clock;
  GwPinIndex   *index;
  GCancellable *cancellable;
  gint64        seq;          /* the change log's sequence the index is at; -1 before */
  gboolean      reading;
  gboolean      again;        /* a refresh was asked for while reading */
  guint         interval_id;
  guint         tick_id;
};

G_DEFINE_FINAL_TYPE (GwMapPins, gw_map_pins, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  gint64  since;
  gint64  seq;
  GArray *pins;
  GArray *gone;
} Read;

static void
read_free (Read *r)
{
  g_clear_pointer (&r->pins, g_array_unref);
  g_clear_pointer (&r->gone, g_array_unref);
  g_free (r);
}

static gpointer
read_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  Read *r = data;

  r->pins = gw_db_list_pins (db, r->since, &r->seq, &r->gone, error);
  return r->pins ? r : NULL;
}

static void schedule_tick (GwMapPins *self);
static void start_read (GwMapPins *self);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GwMapPins) self = user_data;
  g_autoptr(GError) error = NULL;
  Read *r = gw_store_read_finish (GW_STORE (object), result, &error);
  gint64 now;
  gboolean changed;

  self->reading = FALSE;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The map could not read the tickets: %s", error->message);
      return;
    }
  now = gw_clock_get_now (self->clock);
  changed = r->since < 0 || r->pins->len > 0 || r->gone->len > 0;
  if (r->since < 0)
    gw_pin_index_clear (self->index);
  for (guint i = 0; i < r->pins->len; i++)
    gw_pin_index_set (self->index, &g_array_index (r->pins, GwPin, i), now);
  for (guint i = 0; i < r->gone->len; i++)
    gw_pin_index_remove (self->index, g_array_index (r->gone, gint64, i));
  self->seq = r->seq;
  /* The returned pointer is the read's data, freed with the task. */
  if (changed)
    {
      schedule_tick (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  if (self->again)
    {
      self->again = FALSE;
      start_read (self);
    }
}

static void
start_read (GwMapPins *self)
{
  Read *r;

  if (self->reading)
    {
      self->again = TRUE;
      return;
    }
  r = g_new0 (Read, 1);
  r->since = self->seq;
  self->reading = TRUE;
  gw_store_read_async (self->store, read_func, r, (GDestroyNotify) read_free, NULL, self->cancellable,
                       on_read, g_object_ref (self));
}

static gboolean
on_interval (gpointer user_data)
{
  GwMapPins *self = user_data;

  if (!self->reading)
    start_read (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick (gpointer user_data)
{
  GwMapPins *self = user_data;

  self->tick_id = 0;
  if (gw_pin_index_tick (self->index, gw_clock_get_now (self->clock)) > 0)
    g_signal_emit (self, signals[CHANGED], 0);
  schedule_tick (self);
  return G_SOURCE_REMOVE;
}

/* A timeout to the earliest light change (at most a minute away, so a clock that jumps is
 * caught up with). */
static void
schedule_tick (GwMapPins *self)
{
  gint64 next = gw_pin_index_get_next_change (self->index);
  gint64 ms;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (next == 0)
    return;
  ms = gw_clock_ms_until (self->clock, next);
  /* A clock that stands still (manual, paused) moves by "changed". */
  if (ms >= 0)
    self->tick_id = g_timeout_add (MIN (ms, 60000), on_tick, self);
}

/* The clock jumped or changed speed: lights now, and the next wake-up anew. */
static void
on_clock_changed (GwMapPins *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  on_tick (self);
}

static void
gw_map_pins_dispose (GObject *object)
{
  GwMapPins *self = GW_MAP_PINS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (gw_map_pins_parent_class)->dispose (object);
}

static void
gw_map_pins_finalize (GObject *object)
{
  GwMapPins *self = GW_MAP_PINS (object);

  g_clear_pointer (&self->index, gw_pin_index_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (gw_map_pins_parent_class)->finalize (object);
}

static void
gw_map_pins_class_init (GwMapPinsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_map_pins_dispose;
  object_class->finalize = gw_map_pins_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gw_map_pins_init (GwMapPins *self)
{
  self->index = gw_pin_index_new ();
  self->cancellable = g_cancellable_new ();
  self->seq = -1;
}

GwMapPins *
gw_map_pins_new (GwStore *store,
                 GwClock *clock,
                 guint    interval_ms)
{
  GwMapPins *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_MAP_PINS, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  g_signal_connect_object (clock, "changed", G_CALLBACK (on_clock_changed), self, G_CONNECT_SWAPPED);
  start_read (self);
  if (interval_ms > 0)
    self->interval_id = g_timeout_add (interval_ms, on_interval, self);
  return self;
}

GwPinIndex *
gw_map_pins_get_index (GwMapPins *self)
{
  g_return_val_if_fail (GW_IS_MAP_PINS (self), NULL);
  return self->index;
}

gboolean
gw_map_pins_is_loaded (GwMapPins *self)
{
  g_return_val_if_fail (GW_IS_MAP_PINS (self), FALSE);
  return self->seq >= 0;
}

void
gw_map_pins_refresh (GwMapPins *self)
{
  g_return_if_fail (GW_IS_MAP_PINS (self));
  start_read (self);
}
