/* gw-drill-review-rows.c: the review window's lists — the timeline as a lazy list model
 * with its rows (what, who, when; injections highlighted, what lies after the replay's
 * instant dimmed), and the queue's items and columns. */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gw-dictionary.h"
#include "gw-drill-review-layer.h"
#include "gw-drill-review-window-private.h"
#include "gw-format.h"
#include "gw-ticket-detail-private.h"
#include "gw-time.h"

/* Items -------------------------------------------------------------------------------- */

struct _GwDrillReviewItem
{
  GObject        parent_instance;
  GwDrillReview *review;
  guint          index;
};

G_DEFINE_FINAL_TYPE (GwDrillReviewItem, gw_drill_review_item, G_TYPE_OBJECT)

static void
gw_drill_review_item_finalize (GObject *object)
{
  g_clear_pointer (&GW_DRILL_REVIEW_ITEM (object)->review, gw_drill_review_unref);
  G_OBJECT_CLASS (gw_drill_review_item_parent_class)->finalize (object);
}

static void
gw_drill_review_item_class_init (GwDrillReviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_drill_review_item_finalize;
}

static void
gw_drill_review_item_init (GwDrillReviewItem *self)
{
}

guint
gw_drill_review_item_get_index (GwDrillReviewItem *self)
{
  return self->index;
}

const GwDrillReviewEntry *
gw_drill_review_item_get_entry (GwDrillReviewItem *self)
{
  return gw_drill_review_get_entry (self->review, self->index);
}

/* The timeline model ------------------------------------------------------------------- */

struct _GwDrillReviewTimeline
{
  GObject        parent_instance;
  GwDrillReview *review;
  GArray        *shown;      /* guint entry indexes */
};

static GType
timeline_get_item_type (GListModel *model)
{
  return GW_TYPE_DRILL_REVIEW_ITEM;
}

static guint
timeline_get_n_items (GListModel *model)
{
  return GW_DRILL_REVIEW_TIMELINE (model)->shown->len;
}

static gpointer
timeline_get_item (GListModel *model,
                   guint       position)
{
  GwDrillReviewTimeline *self = GW_DRILL_REVIEW_TIMELINE (model);
  GwDrillReviewItem *item;

  if (position >= self->shown->len)
    return NULL;
  item = g_object_new (GW_TYPE_DRILL_REVIEW_ITEM, NULL);
  item->review = gw_drill_review_ref (self->review);
  item->index = g_array_index (self->shown, guint, position);
  return item;
}

static void
timeline_model_init (GListModelInterface *iface)
{
  iface->get_item_type = timeline_get_item_type;
  iface->get_n_items = timeline_get_n_items;
  iface->get_item = timeline_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GwDrillReviewTimeline, gw_drill_review_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, timeline_model_init))

static void
gw_drill_review_timeline_finalize (GObject *object)
{
  GwDrillReviewTimeline *self = GW_DRILL_REVIEW_TIMELINE (object);

  g_clear_pointer (&self->review, gw_drill_review_unref);
  g_array_unref (self->shown);
  G_OBJECT_CLASS (gw_drill_review_timeline_parent_class)->finalize (object);
}

static void
gw_drill_review_timeline_class_init (GwDrillReviewTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_drill_review_timeline_finalize;
}

static void
gw_drill_review_timeline_init (GwDrillReviewTimeline *self)
{
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* A world action the drill log records is also in the audit (same instant, ticket and
 * action): the audit's entry says more (the role, the states), so the list shows that one. */
static gboolean
duplicates_audit (GwDrillReview            *review,
                  guint                     index,
                  const GwDrillReviewEntry *e)
{
  guint n = gw_drill_review_get_n_entries (review);

  if (e->origin != GW_DRILL_REVIEW_FROM_DRILL_LOG || e->kind != GW_DRILL_EVENT_WORLD || e->ticket < 0)
    return FALSE;
  for (guint j = index + 1; j < n; j++)
    {
      const GwDrillReviewEntry *o = gw_drill_review_get_entry (review, j);

      if (o->at != e->at)
        break;
      if (o->origin == GW_DRILL_REVIEW_FROM_AUDIT && o->ticket == e->ticket && g_strcmp0 (o->action, e->action) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
fill (GwDrillReviewTimeline *self,
      const char            *actor)
{
  guint n = gw_drill_review_get_n_entries (self->review);

  g_array_set_size (self->shown, 0);
  for (guint i = 0; i < n; i++)
    {
      const GwDrillReviewEntry *e = gw_drill_review_get_entry (self->review, i);

      if (duplicates_audit (self->review, i, e))
        continue;
      if (actor == NULL || g_strcmp0 (e->actor, actor) == 0 ||
          (e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG && e->kind == GW_DRILL_EVENT_INJECTION))
        g_array_append_val (self->shown, i);
    }
}

GwDrillReviewTimeline *
gw_drill_review_timeline_new (GwDrillReview *review)
{
  GwDrillReviewTimeline *self = g_object_new (GW_TYPE_DRILL_REVIEW_TIMELINE, NULL);

  self->review = gw_drill_review_ref (review);
  fill (self, NULL);
  return self;
}

void
gw_drill_review_timeline_set_actor (GwDrillReviewTimeline *self,
                                    const char            *actor)
{
  guint before = self->shown->len;

  fill (self, actor);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, before, self->shown->len);
}

guint
gw_drill_review_timeline_get_entry_index (GwDrillReviewTimeline *self,
                                          guint                  position)
{
  g_return_val_if_fail (position < self->shown->len, 0);
  return g_array_index (self->shown, guint, position);
}

guint
gw_drill_review_timeline_position_before (GwDrillReviewTimeline *self,
                                          guint                  until)
{
  guint lo = 0, hi = self->shown->len;

  /* The first position whose entry is at or after `until`, minus one. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->shown, guint, mid) < until)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : GTK_INVALID_LIST_POSITION;
}

/* Words --------------------------------------------------------------------------------- */

char *
_gw_drill_review_format_elapsed (gint64 seconds)
{
  gboolean negative = seconds < 0;

  seconds = ABS (seconds);
  return g_strdup_printf ("%s%02d:%02d:%02d", negative ? "−" : "+", (int) (seconds / 3600),
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

static char *
payload_member (const char *payload,
                const char *member)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *node;

  if (payload == NULL || *payload != '{')
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static const char *
control_label (const char *ref)
{
  static const struct { const char *ref; const char *label; } labels[] = {
    { "start",  NC_("drill control", "Drill started") },
    { "pause",  NC_("drill control", "Drill paused") },
    { "speed",  NC_("drill control", "Speed changed") },
    { "next",   NC_("drill control", "Jumped to the next injection") },
    { "inject", NC_("drill control", "Ad-hoc injection") },
    { "end",    NC_("drill control", "Drill ended") },
  };

  for (guint i = 0; ref != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (ref, labels[i].ref))
      return g_dpgettext2 (NULL, "drill control", labels[i].label);
  return ref != NULL ? ref : "";
}

const char *
_gw_drill_review_actor_label (GwDrillReview *review,
                              GHashTable    *names,
                              const char    *actor)
{
  const char *name = names && actor ? g_hash_table_lookup (names, actor) : NULL;

  if (name != NULL)
    return name;
  if (g_strcmp0 (actor, "scenario") == 0)
    return C_("drill actor", "The scenario");
  if (g_strcmp0 (actor, "world") == 0)
    return C_("drill actor", "The world");
  if (g_strcmp0 (actor, "controller") == 0)
    return C_("drill actor", "The controller");
  return gw_drill_review_get_actor_name (review, actor);
}

static const char *
injection_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "report",          NC_("injection", "Report") },
    { "directive",       NC_("injection", "Directive from the higher level") },
    { "camera_feed",     NC_("injection", "Camera feed") },
    { "worker_off_duty", NC_("injection", "Grid worker off duty") },
    { "network_drop",    NC_("injection", "Network drop") },
    { "note",            NC_("injection", "Note") },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (kind, labels[i].kind))
      return g_dpgettext2 (NULL, "injection", labels[i].label);
  return kind != NULL ? kind : "";
}

static const char *
ticket_number (GwDrillReview            *review,
               const GwDrillReviewEntry *entry)
{
  return entry->ticket >= 0 ? gw_drill_review_get_ticket (review, entry->ticket)->number : NULL;
}

static char *
with_ticket (const char *what,
             const char *number)
{
  /* TRANSLATORS: a timeline line: what happened · the ticket's number */
  return number != NULL ? g_strdup_printf (C_("drill timeline", "%s · %s"), what, number) : g_strdup (what);
}

static char *
describe_drill_event (GwDrillReview            *review,
                      GHashTable               *names,
                      const GwDrillReviewEntry *e,
                      char                    **detail)
{
  const char *number = ticket_number (review, e);
  g_autofree char *what = NULL;
  g_autofree char *text = payload_member (e->payload, "text");
  g_autofree char *why = payload_member (e->payload, "error");

  switch (e->kind)
    {
    case GW_DRILL_EVENT_INJECTION:
      {
        g_autofree char *kind = payload_member (e->payload, "kind");
        g_autoptr(GString) d = g_string_new (injection_kind_label (kind));

        what = g_strdup_printf (_("Injection %s"), e->action ? e->action : "");
        if (g_strcmp0 (kind, "report") == 0 && e->ticket >= 0)
          {
            const GwDrillReviewTicket *t = gw_drill_review_get_ticket (review, e->ticket);
            GwDrillTicketAt at;

            g_string_append_printf (d, " · %s", t->description);
            if (gw_drill_review_ticket_at (review, e->ticket, e->at, &at))
              g_string_append_printf (d, " · %s", gw_format_urgency_label (at.urgency));
          }
        else if (text != NULL)
          g_string_append_printf (d, " · %s", text);
        if (e->lag_ms >= 1000)
          {
            /* TRANSLATORS: how late an injection was applied, in real seconds */
            g_autofree char *late = g_strdup_printf (_("applied %.1f s late"), e->lag_ms / 1000.0);

            g_string_append_printf (d, " · %s", late);
          }
        *detail = g_string_free (g_steal_pointer (&d), FALSE);
        g_clear_pointer (&text, g_free);
      }
      break;
    case GW_DRILL_EVENT_WORLD:
      what = g_strdup_printf (_("The world: %s"), _gw_ticket_detail_action_label (e->action));
      break;
    case GW_DRILL_EVENT_CONTROL:
      what = g_strdup (control_label (e->action));
      break;
    case GW_DRILL_EVENT_SEAT:
      what = g_strcmp0 (e->action, "wall") == 0 ? g_strdup (_("Cameras put on the wall"))
                                                 : g_strdup_printf (_("A seat reported %s"), e->action ? e->action : "");
      break;
    case GW_DRILL_EVENT_FAILED:
    default:
      what = g_strdup_printf (_("Failed: %s"), e->action ? e->action : "");
      if (why == NULL)
        why = payload_member (e->payload, "message");
      if (why != NULL)
        *detail = g_steal_pointer (&why);
      break;
    }
  if (*detail == NULL && text != NULL)
    *detail = g_steal_pointer (&text);
  if (e->actor && *e->actor)
    {
      const char *actor = _gw_drill_review_actor_label (review, names, e->actor);
      char *who = *detail ? g_strdup_printf ("%s · %s", actor, *detail) : g_strdup (actor);

      g_free (*detail);
      *detail = who;
    }
  return with_ticket (what, number);
}

void
_gw_drill_review_describe_entry (GwDrillReview            *review,
                                 GHashTable               *names,
                                 const GwDrillReviewEntry *e,
                                 char                    **title,
                                 char                    **detail)
{
  g_autoptr(GString) who = NULL;
  g_autofree char *department = NULL;
  GwTicketState from, to;

  *detail = NULL;
  if (e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG)
    {
      *title = describe_drill_event (review, names, e, detail);
      return;
    }

  *title = with_ticket (_gw_ticket_detail_action_label (e->action), ticket_number (review, e));
  who = g_string_new (e->actor && *e->actor ? _gw_drill_review_actor_label (review, names, e->actor) : _("unknown"));
  if (e->role && *e->role)
    g_string_append_printf (who, " (%s)", _gw_ticket_detail_role_label (e->role));
  if (e->from_state && e->to_state && g_strcmp0 (e->from_state, e->to_state) != 0 &&
      gw_ticket_state_from_string (e->from_state, &from) && gw_ticket_state_from_string (e->to_state, &to))
    g_string_append_printf (who, " · %s → %s", gw_format_state_label (from), gw_format_state_label (to));
  department = payload_member (e->payload, "department");
  if (department == NULL)
    department = payload_member (e->payload, "lead");
  if (department != NULL)
    g_string_append_printf (who, " · %s",
                            gw_drill_review_get_department_name (review, department, !gw_locale_is_chinese ()));
  if (e->reason && *e->reason)
    g_string_append_printf (who, " · %s", e->reason);
  *detail = g_string_free (g_steal_pointer (&who), FALSE);
}

/* Timeline rows ------------------------------------------------------------------------- */

typedef struct {
  GwDrillReview *review;
  GHashTable    *bound;      /* GtkListItem -> nothing: the rows on show */
  GHashTable    *names;      /* actor -> the seat's title, or NULL */
  guint          until;      /* entries before this index have happened */
} RowsData;

static void
rows_data_free (gpointer data)
{
  RowsData *d = data;

  gw_drill_review_unref (d->review);
  g_hash_table_unref (d->bound);
  g_clear_pointer (&d->names, g_hash_table_unref);
  g_free (d);
}

static void
mark_row (RowsData    *d,
          GtkListItem *item)
{
  GwDrillReviewItem *entry = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  if (entry == NULL || row == NULL)
    return;
  if (gw_drill_review_item_get_index (entry) >= d->until)
    gtk_widget_add_css_class (row, "drill-future");
  else
    gtk_widget_remove_css_class (row, "drill-future");
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "drill-timeline-row");
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "drill-timeline-time");
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_widget_set_valign (time, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "drill-timeline-title");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (row), time);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_list_item_set_child (item, row);
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  RowsData *d = data;
  GwDrillReviewItem *it = gtk_list_item_get_item (item);
  const GwDrillReviewEntry *e = gw_drill_review_item_get_entry (it);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *time = gtk_widget_get_first_child (row);
  GtkWidget *texts = gtk_widget_get_next_sibling (time);
  g_autofree char *clock = gw_format_time (e->at);
  g_autofree char *elapsed = _gw_drill_review_format_elapsed (e->at - gw_drill_review_get_start (d->review));
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  gboolean injection = e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG && e->kind == GW_DRILL_EVENT_INJECTION;
  gboolean failed = e->origin == GW_DRILL_REVIEW_FROM_DRILL_LOG && e->kind == GW_DRILL_EVENT_FAILED;

  _gw_drill_review_describe_entry (d->review, d->names, e, &title, &detail);
  gtk_label_set_text (GTK_LABEL (time), elapsed);
  tooltip = g_strdup_printf (_("%s on the drill clock"), clock);
  gtk_widget_set_tooltip_text (time, tooltip);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (texts)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (texts)), detail ? detail : "");
  gtk_widget_set_tooltip_text (texts, detail ? detail : title);
  if (injection)
    gtk_widget_add_css_class (row, "drill-injection");
  else
    gtk_widget_remove_css_class (row, "drill-injection");
  if (failed)
    gtk_widget_add_css_class (row, "drill-failed");
  else
    gtk_widget_remove_css_class (row, "drill-failed");
  g_hash_table_add (d->bound, item);
  mark_row (d, item);
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  g_hash_table_remove (((RowsData *) data)->bound, item);
}

GtkListItemFactory *
_gw_drill_review_timeline_factory_new (GwDrillReview *review)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowsData *d = g_new0 (RowsData, 1);

  d->review = gw_drill_review_ref (review);
  d->bound = g_hash_table_new (NULL, NULL);
  d->until = G_MAXUINT;
  g_object_set_data_full (G_OBJECT (factory), "gw-rows", d, rows_data_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), d);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), d);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), d);
  return factory;
}

void
_gw_drill_review_rows_set_until (GtkListItemFactory *factory,
                                 guint               until)
{
  RowsData *d = g_object_get_data (G_OBJECT (factory), "gw-rows");
  GHashTableIter iter;
  gpointer item;

  if (d == NULL || d->until == until)
    return;
  d->until = until;
  /* Only the rows on show: a few dozen, whatever the length of the drill. */
  g_hash_table_iter_init (&iter, d->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    mark_row (d, item);
}

void
_gw_drill_review_rows_set_names (GtkListItemFactory *factory,
                                 GHashTable         *names)
{
  RowsData *d = g_object_get_data (G_OBJECT (factory), "gw-rows");
  GHashTableIter iter;
  gpointer item;

  if (d == NULL)
    return;
  g_clear_pointer (&d->names, g_hash_table_unref);
  d->names = names ? g_hash_table_ref (names) : NULL;
  g_hash_table_iter_init (&iter, d->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    on_row_bind (NULL, item, d);
}

/* The queue ----------------------------------------------------------------------------- */

struct _GwDrillQueueItem
{
  GObject          parent_instance;
  GwDrillReview   *review;
  GwDrillTicketAt  at;
};

G_DEFINE_FINAL_TYPE (GwDrillQueueItem, gw_drill_queue_item, G_TYPE_OBJECT)

static void
gw_drill_queue_item_finalize (GObject *object)
{
  g_clear_pointer (&GW_DRILL_QUEUE_ITEM (object)->review, gw_drill_review_unref);
  G_OBJECT_CLASS (gw_drill_queue_item_parent_class)->finalize (object);
}

static void
gw_drill_queue_item_class_init (GwDrillQueueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_drill_queue_item_finalize;
}

static void
gw_drill_queue_item_init (GwDrillQueueItem *self)
{
}

GwDrillQueueItem *
gw_drill_queue_item_new (GwDrillReview         *review,
                         const GwDrillTicketAt *at)
{
  GwDrillQueueItem *self = g_object_new (GW_TYPE_DRILL_QUEUE_ITEM, NULL);

  self->review = gw_drill_review_ref (review);
  self->at = *at;
  return self;
}

const GwDrillTicketAt *
gw_drill_queue_item_get_at (GwDrillQueueItem *self)
{
  return &self->at;
}

typedef enum {
  COLUMN_NUMBER = 0,
  COLUMN_STATE,
  COLUMN_URGENCY,
  COLUMN_CATEGORY,
  COLUMN_DEPARTMENT,
  COLUMN_SINCE,
  N_COLUMNS
} Column;

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (data) == COLUMN_NUMBER || GPOINTER_TO_INT (data) == COLUMN_SINCE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GwDrillQueueItem *it = gtk_list_item_get_item (item);
  const GwDrillTicketAt *at = &it->at;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_NUMBER:
      text = at->ticket->number;
      break;
    case COLUMN_STATE:
      {
        GdkRGBA color;
        g_autofree char *hex = NULL;
        g_autofree char *escaped = g_markup_escape_text (gw_format_state_label (at->state), -1);

        gw_drill_review_state_color (at->state, &color);
        hex = g_strdup_printf ("#%02x%02x%02x", (int) (color.red * 255), (int) (color.green * 255),
                               (int) (color.blue * 255));
        owned = g_strdup_printf ("<span foreground=\"%s\">●</span> %s", hex, escaped);
        gtk_label_set_markup (label, owned);
        return;
      }
    case COLUMN_URGENCY:
      text = gw_format_urgency_label (at->urgency);
      if (at->urgency == GW_URGENCY_EMERGENCY)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      break;
    case COLUMN_CATEGORY:
      {
        const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), at->ticket->category_code);

        text = c ? gw_category_get_display_name (c) : at->ticket->category_code;
      }
      break;
    case COLUMN_DEPARTMENT:
      text = at->department_code
           ? gw_drill_review_get_department_name (it->review, at->department_code, !gw_locale_is_chinese ())
           : "—";
      break;
    case COLUMN_SINCE:
      owned = gw_format_time (at->since);
      text = owned;
      break;
    case N_COLUMNS:
    default:
      break;
    }
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               (Column) GPOINTER_TO_INT (data) == COLUMN_NUMBER ? at->ticket->description : NULL);
}

void
_gw_drill_review_queue_add_columns (GtkColumnView *view)
{
  const char *titles[N_COLUMNS] = {
    C_("drill queue", "Ticket"), C_("drill queue", "State"), C_("drill queue", "Urgency"),
    C_("drill queue", "Category"), C_("drill queue", "Department"), C_("drill queue", "Since"),
  };
  /* The fixed columns' widths; the number is 19 figures. */
  static const int widths[N_COLUMNS] = { 180, 112, 80, 0, 0, 80 };

  for (int i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == COLUMN_CATEGORY || i == COLUMN_DEPARTMENT)
        gtk_column_view_column_set_expand (column, TRUE);
      else
        gtk_column_view_column_set_fixed_width (column, widths[i]);
      gtk_column_view_append_column (view, column);
    }
}
