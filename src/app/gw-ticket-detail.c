/* gw-ticket-detail.c: the right-hand pane of the duty console — everything about the
 * selected ticket.
 *
 * One read job (gw-ticket-detail-data.c) collects the ticket, its places, its audit trail,
 * related tickets, the nearest cameras and thumbnails on a reader connection; a new ticket
 * id cancels it. What depends on the time — the light, the time left, whether a deadline
 * has passed — is drawn again at the next instant any of it changes (one timeout, re-armed
 * each time, and at once when the clock jumps), never by polling.
 */
#define G_LOG_DOMAIN "gw-ticket-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-dictionary.h"
#include "gw-format.h"
#include "gw-place-map.h"
#include "gw-ticket-detail.h"
#include "gw-ticket-detail-private.h"

/* A load that takes longer than this shows a spinner instead of the previous ticket. */
#define LOADING_DELAY_MS 300
/* The clock's wake-up is re-armed at least this often, whatever it waits for. */
#define MAX_WAIT_MS      (6 * 3600 * 1000)

struct _GwTicketDetail
{
  GtkWidget           parent_instance;

  /* template */
  GtkRevealer        *notice_revealer;
  GtkWidget          *notice_box;
  GtkImage           *notice_icon;
  GtkLabel           *notice_label;
  GtkButton          *notice_close;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *missing_page;
  AdwStatusPage      *error_page;
  GtkScrolledWindow  *scroller;
  GtkWidget          *content;
  GtkLabel           *number_label;
  GtkLabel           *urgency_label;
  GtkLabel           *state_label;
  GtkLabel           *light_label;
  GtkLabel           *category_label;
  GtkLabel           *category_caption;
  GtkBox             *tags_box;
  GtkLabel           *description_label;
  GtkFlowBox         *attachments_box;
  GtkGrid            *facts_grid;
  GtkWidget          *clock_box;
  GtkLabel           *stage_label;
  GtkDrawingArea     *clock_area;
  GtkLabel           *yellow_at_label;
  GtkLabel           *red_at_label;
  GtkLabel           *deadline_at_label;
  GtkGrid            *deadlines_grid;
  GtkWidget          *whistle_section;
  GtkListBox         *whistle_list;
  GtkLabel           *place_label;
  GtkLabel           *address_label;
  GwPlaceMap         *map_area;
  GtkLabel           *timeline_count;
  GtkListBox         *timeline_list;
  GtkLabel           *related_caption;
  GtkListBox         *related_list;
  GtkListBox         *camera_list;

  GwStore            *store;
  GwClock            *clock;
  gulong              clock_changed_id;
  gint64              ticket_id;
  GCancellable       *cancellable;   /* of the load under way */
  guint               loading_id;    /* shows the spinner when a load takes a while */
  guint               tick_id;       /* the next instant something time-dependent changes */
  GwTicketDetailData *data;          /* as last loaded (may be another ticket's while loading) */
};

G_DEFINE_FINAL_TYPE (GwTicketDetail, gw_ticket_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TICKET_ID,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOADED,
  OPEN_TICKET,
  OPEN_CAMERA,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const light_classes[GW_N_LIGHTS] = {
  NULL, "light-green", "light-yellow", "light-red", "light-overdue",
};

/* One load: which widget, which request (its cancellable), and whether it is a reload. */
typedef struct {
  GwTicketDetail *self;
  GCancellable   *cancellable;
  gboolean        reload;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void render_time (GwTicketDetail *self);

/* Helpers ------------------------------------------------------------------------------ */

static gint64
now (GwTicketDetail *self)
{
  return gw_clock_get_now (self->clock);
}

static const GwTicket *
shown_ticket (GwTicketDetail *self)
{
  return self->data != NULL ? self->data->ticket : NULL;
}

static void
set_classes (GtkWidget          *widget,
             const char *const  *classes,
             guint               n_classes,
             const char         *wanted)
{
  for (guint i = 0; i < n_classes; i++)
    if (classes[i] != NULL && g_strcmp0 (classes[i], wanted) != 0)
      gtk_widget_remove_css_class (widget, classes[i]);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* A key and its value as one line of a grid; nothing for an empty value. */
static void
add_fact (GtkGrid    *grid,
          int        *row,
          const char *key,
          const char *value,
          const char *value_class)
{
  GtkWidget *k, *v;

  if (value == NULL || *value == '\0')
    return;

  k = gtk_label_new (key);
  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_yalign (GTK_LABEL (k), 0);
  gtk_widget_set_valign (k, GTK_ALIGN_START);
  gtk_widget_add_css_class (k, "dim-label");
  gtk_widget_add_css_class (k, "fact-key");

  v = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (v), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_widget_add_css_class (v, "fact-value");
  if (value_class != NULL)
    gtk_widget_add_css_class (v, value_class);

  gtk_grid_attach (grid, k, 0, *row, 1, 1);
  gtk_grid_attach (grid, v, 1, *row, 1, 1);
  (*row)++;
}

/* "3 h 05 min left", or "overdue 35 min". */
static char *
time_left_phrase (gint64 seconds)
{
  g_autofree char *span = gw_format_time_left (seconds);

  if (seconds < 0)
    return g_steal_pointer (&span);
  /* TRANSLATORS: time left on a stage, e.g. "3 h 05 min left" */
  return g_strdup_printf (_("%s left"), span);
}

/* The next instant the minutes (or, past a day, the hours) of `seconds_left` change. */
static gint64
next_text_change (gint64 at,
                  gint64 deadline)
{
  gint64 left = deadline - at;
  gint64 unit = ABS (left) >= 24 * 3600 ? 3600 : 60;

  if (left > 0)
    return at + left % unit + 1;
  return at + unit - (-left) % unit;
}

static void
earliest (gint64 *next,
          gint64  candidate,
          gint64  after)
{
  if (candidate > after && (*next == 0 || candidate < *next))
    *next = candidate;
}

/* The notice -------------------------------------------------------------------------- */

static void
on_notice_close_clicked (GwTicketDetail *self)
{
  gw_ticket_detail_set_notice (self, NULL, FALSE);
}

/* Rendering: the header ------------------------------------------------------------- */

static void
render_category (GwTicketDetail *self,
                 const GwTicket *t)
{
  GwDictionary *dictionary = gw_dictionary_get_default ();
  const GwCategory *category = gw_dictionary_lookup (dictionary, t->category_code);
  g_autoptr(GString) caption = g_string_new (NULL);
  const GwBoard *board;

  clear_box (self->tags_box);
  if (category == NULL)
    {
      set_text (self->category_label, t->category_code);
      set_text (self->category_caption, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->tags_box), FALSE);
      return;
    }

  set_text (self->category_label, gw_category_get_display_name (category));
  if (category->parent != NULL)
    g_string_append (caption, gw_category_get_display_name (category->parent));
  board = gw_dictionary_lookup_board (dictionary, category->board);
  if (board != NULL)
    {
      if (caption->len > 0)
        /* TRANSLATORS: between a category and its board: "City appearance · Livelihood services" */
        g_string_append (caption, _(" · "));
      g_string_append (caption, gw_board_get_display_name (board));
    }
  set_text (self->category_caption, caption->str);

  /* The dictionary's hints: the five matters and the whistle it belongs to. */
  for (guint i = 0; category->tags[i] != NULL; i++)
    {
      const GwTag *tag = gw_dictionary_lookup_tag (dictionary, category->tags[i]);

      if (tag != NULL)
        gtk_box_append (self->tags_box,
                        _gw_ticket_detail_pill (gw_locale_is_chinese () ? tag->name_zh : tag->name_en, "tag"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->tags_box)) != NULL);
}

static void
render_facts (GwTicketDetail *self,
              const GwTicket *t)
{
  g_autofree char *received = gw_format_date_time (t->reported_at);
  g_autofree char *department = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *supervised = NULL;
  const char *resolved = NULL;
  int row = 0;

  clear_grid (self->facts_grid);
  add_fact (self->facts_grid, &row, _("Received"), received, "numeric");
  add_fact (self->facts_grid, &row, _("Source"), gw_format_source_label (t->source), NULL);
  /* TRANSLATORS: the level a ticket is handled at (grid, community, street, district) */
  add_fact (self->facts_grid, &row, _("Handled at"), gw_format_level_label (t->level), NULL);
  if (t->department_code != NULL)
    department = _gw_ticket_detail_department_name (self->data->departments, t->department_code);
  add_fact (self->facts_grid, &row, _("Department"), department, NULL);
  add_fact (self->facts_grid, &row, _("Reporter"), t->reporter, NULL);
  add_fact (self->facts_grid, &row, _("Phone"), t->reporter_phone, "numeric");
  if (t->resolved >= 0 && t->reported_back_at > 0)
    resolved = t->resolved ? _("Resolved") : _("Not resolved");
  add_fact (self->facts_grid, &row, _("Outcome"), resolved, NULL);
  add_fact (self->facts_grid, &row, _("Satisfaction"), _gw_ticket_detail_satisfaction_label (t->satisfaction), NULL);
  if (t->merged_into > 0)
    /* TRANSLATORS: the id of the ticket this one was merged into */
    merged = g_strdup_printf (_("Ticket %lld"), (long long) t->merged_into);
  add_fact (self->facts_grid, &row, _("Merged into"), merged, NULL);
  if (t->reopen_count > 0)
    reopened = g_strdup_printf (ngettext ("%lld time", "%lld times", t->reopen_count), (long long) t->reopen_count);
  add_fact (self->facts_grid, &row, _("Reopened"), reopened, NULL);
  if (t->supervise_count > 0)
    supervised = g_strdup_printf (ngettext ("%lld time", "%lld times", t->supervise_count),
                                  (long long) t->supervise_count);
  add_fact (self->facts_grid, &row, _("Supervised"), supervised, NULL);
}

static void
render_header (GwTicketDetail *self)
{
  const GwTicket *t = shown_ticket (self);
  const char *urgency_class = t->urgency == GW_URGENCY_EMERGENCY ? "emergency"
                            : t->urgency == GW_URGENCY_URGENT ? "urgent" : NULL;
  static const char *const urgency_classes[] = { "emergency", "urgent" };

  set_text (self->number_label, t->number);
  set_text (self->state_label, gw_format_state_label (t->state));
  gtk_label_set_label (self->urgency_label, gw_format_urgency_label (t->urgency));
  gtk_widget_set_visible (GTK_WIDGET (self->urgency_label), urgency_class != NULL);
  set_classes (GTK_WIDGET (self->urgency_label), urgency_classes, G_N_ELEMENTS (urgency_classes), urgency_class);
  set_classes (GTK_WIDGET (self), urgency_classes, G_N_ELEMENTS (urgency_classes), urgency_class);

  render_category (self, t);
  set_text (self->description_label, t->description);
  render_facts (self, t);
}

/* Rendering: attachments --------------------------------------------------------------- */

static void
on_attachment_activated (GwTicketDetail *self,
                         GtkFlowBoxChild *child)
{
  guint index = gtk_flow_box_child_get_index (child);
  GdkPixbuf *thumbnail;

  if (self->data == NULL || index >= self->data->ticket->attachments->len)
    return;
  thumbnail = g_ptr_array_index (self->data->thumbnails, index);
  /* Only pictures this system reads open larger; the rest say what they are. */
  if (thumbnail != NULL && self->store != NULL)
    _gw_ticket_detail_open_viewer (GTK_WIDGET (self), self->store,
                                   g_ptr_array_index (self->data->ticket->attachments, index), thumbnail);
}

static void
render_attachments (GwTicketDetail *self)
{
  const GwTicket *t = shown_ticket (self);
  GtkFlowBoxChild *child;

  while ((child = gtk_flow_box_get_child_at_index (self->attachments_box, 0)) != NULL)
    gtk_flow_box_remove (self->attachments_box, GTK_WIDGET (child));
  for (guint i = 0; i < t->attachments->len; i++)
    gtk_flow_box_append (self->attachments_box,
                         _gw_ticket_detail_attachment_tile (g_ptr_array_index (t->attachments, i),
                                                            g_ptr_array_index (self->data->thumbnails, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), t->attachments->len > 0);
}

/* Rendering: what depends on the time ------------------------------------------------- */

static void
render_light (GwTicketDetail *self,
              gint64          at)
{
  const GwTicket *t = shown_ticket (self);
  const GwStageTimer *timer = &t->timer;
  GwLight light = gw_stage_timer_light (timer, at, NULL);
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stage = NULL;

  set_classes (GTK_WIDGET (self->light_label), light_classes, G_N_ELEMENTS (light_classes), light_classes[light]);
  if (light == GW_LIGHT_NONE || timer->deadline_at <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->light_label), FALSE);
      gtk_widget_set_visible (self->clock_box, FALSE);
      return;
    }

  left = time_left_phrase (timer->deadline_at - (timer->paused_at > 0 ? timer->paused_at : at));
  if (timer->paused_at > 0)
    /* TRANSLATORS: a stopped clock's light and time left: "● Yellow · paused, 3 h 05 min left" */
    text = g_strdup_printf (_("● %s · paused, %s"), gw_format_light_label (light), left);
  else
    /* TRANSLATORS: the light and the time left: "● Yellow · 3 h 05 min left" */
    text = g_strdup_printf (_("● %s · %s"), gw_format_light_label (light), left);
  set_text (self->light_label, text);

  /* TRANSLATORS: the running stage and its time left: "Handling stage · 3 h 05 min left" */
  stage = g_strdup_printf (_("%s · %s"), _gw_ticket_detail_stage_label (timer->stage), left);
  set_text (self->stage_label, stage);
  set_classes (GTK_WIDGET (self->stage_label), light_classes, G_N_ELEMENTS (light_classes), light_classes[light]);

  {
    g_autofree char *yellow = _gw_ticket_detail_short_time (timer->yellow_at);
    g_autofree char *red = _gw_ticket_detail_short_time (timer->red_at);
    g_autofree char *deadline = _gw_ticket_detail_short_time (timer->deadline_at);
    /* TRANSLATORS: when the light turns yellow: "Yellow 11-23 10:30" */
    g_autofree char *y = g_strdup_printf (_("Yellow %s"), yellow);
    /* TRANSLATORS: when the light turns red: "Red 11-23 14:00" */
    g_autofree char *r = g_strdup_printf (_("Red %s"), red);
    /* TRANSLATORS: a stage's deadline: "Due 11-23 16:00" */
    g_autofree char *d = g_strdup_printf (_("Due %s"), deadline);

    gtk_label_set_label (self->yellow_at_label, y);
    gtk_label_set_label (self->red_at_label, r);
    gtk_label_set_label (self->deadline_at_label, d);
  }
  gtk_widget_set_visible (self->clock_box, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->clock_area));
}

/* "11-23 10:30", with what became of it: met (already in words), or how long overdue. */
static char *
deadline_phrase (gint64      deadline,
                 const char *met,
                 gint64      at)
{
  g_autofree char *when = _gw_ticket_detail_short_time (deadline);
  g_autofree char *status = NULL;

  if (deadline <= 0)
    return NULL;
  if (met != NULL)
    status = g_strdup (met);
  else if (at > deadline)
    status = gw_format_time_left (deadline - at);
  if (status == NULL)
    return g_steal_pointer (&when);
  /* TRANSLATORS: a deadline and what became of it: "11-23 10:30 (signed for 11-23 09:12)" */
  return g_strdup_printf (_("%s (%s)"), when, status);
}

static void
render_deadlines (GwTicketDetail *self,
                  gint64          at)
{
  const GwTicket *t = shown_ticket (self);
  g_autofree char *dispatched = t->dispatched_at > 0 ? gw_format_date_time (t->dispatched_at) : NULL;
  g_autofree char *signed_at = _gw_ticket_detail_short_time (t->signed_at);
  g_autofree char *reported_back_at = _gw_ticket_detail_short_time (t->reported_back_at);
  /* TRANSLATORS: when a ticket was signed for: "signed for 11-23 09:12" */
  g_autofree char *signed_text = t->signed_at > 0 ? g_strdup_printf (_("signed for %s"), signed_at) : NULL;
  /* TRANSLATORS: when a ticket was reported back: "reported back 11-23 09:12" */
  g_autofree char *back_text = t->reported_back_at > 0
                               ? g_strdup_printf (_("reported back %s"), reported_back_at) : NULL;
  g_autofree char *sign = deadline_phrase (t->sign_deadline_at, signed_text, at);
  g_autofree char *handle = deadline_phrase (t->handle_deadline_at, back_text, at);
  g_autofree char *extension = NULL;
  g_autofree char *suspended = NULL;
  g_autofree char *closed = t->closed_at > 0 ? gw_format_date_time (t->closed_at) : NULL;
  int row = 0;

  clear_grid (self->deadlines_grid);
  add_fact (self->deadlines_grid, &row, C_("deadline", "Dispatched"), dispatched, "numeric");
  add_fact (self->deadlines_grid, &row, _("Sign for by"), sign, "numeric");
  add_fact (self->deadlines_grid, &row, _("Handle by"), handle, "numeric");
  if (t->extension_seconds > 0)
    {
      g_autofree char *span = gw_format_time_left (t->extension_seconds);

      if (t->extension_reason != NULL && *t->extension_reason != '\0')
        /* TRANSLATORS: more time asked for, and why: "+2 d 0 h: waiting for parts" */
        extension = g_strdup_printf (_("+%s: %s"), span, t->extension_reason);
      else
        extension = g_strdup_printf (_("+%s"), span);
    }
  add_fact (self->deadlines_grid, &row, _("Extension asked"), extension, NULL);
  if (t->state == GW_STATE_SUSPENDED || t->timer.paused_at > 0)
    {
      g_autofree char *since = _gw_ticket_detail_short_time (t->timer.paused_at);

      /* TRANSLATORS: since when a ticket is suspended, and the state it resumes to */
      suspended = g_strdup_printf (_("since %s, resumes as %s"), since, gw_format_state_label (t->paused_state));
    }
  add_fact (self->deadlines_grid, &row, C_("deadline", "Suspended"), suspended, NULL);
  add_fact (self->deadlines_grid, &row, C_("deadline", "Closed"), closed, "numeric");
  if (row == 0 && !gtk_widget_get_visible (self->clock_box))
    {
      GtkWidget *none = gtk_label_new (_("No deadline is running"));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_grid_attach (self->deadlines_grid, none, 0, 0, 2, 1);
    }
}

static void
render_whistle (GwTicketDetail *self,
                gint64          at)
{
  const GwTicket *t = shown_ticket (self);

  clear_list (self->whistle_list);
  gtk_widget_set_visible (self->whistle_section, t->whistle_departments->len > 0);
  for (guint i = 0; i < t->whistle_departments->len; i++)
    {
      const GwWhistleDepartment *w = g_ptr_array_index (t->whistle_departments, i);
      g_autofree char *name = _gw_ticket_detail_department_name (self->data->departments, w->department_code);

      gtk_list_box_append (self->whistle_list, _gw_ticket_detail_whistle_row (w, name, at));
    }
}

static gint64
next_change (GwTicketDetail *self,
             gint64          at)
{
  const GwTicket *t = shown_ticket (self);
  gint64 next = 0, light_change = 0;

  if (t == NULL)
    return 0;
  gw_stage_timer_light (&t->timer, at, &light_change);
  earliest (&next, light_change, at);
  if (t->timer.stage != GW_STAGE_NONE && t->timer.paused_at == 0 && t->timer.deadline_at > 0)
    earliest (&next, next_text_change (at, t->timer.deadline_at), at);
  if (t->signed_at == 0)
    earliest (&next, t->sign_deadline_at + 1, at);
  if (t->reported_back_at == 0)
    earliest (&next, t->handle_deadline_at + 1, at);
  for (guint i = 0; i < t->whistle_departments->len; i++)
    {
      const GwWhistleDepartment *w = g_ptr_array_index (t->whistle_departments, i);

      if (w->reported_in_at == 0)
        earliest (&next, w->deadline_at + 1, at);
    }
  return next;
}

static gboolean
on_tick (gpointer user_data)
{
  GwTicketDetail *self = user_data;

  self->tick_id = 0;
  render_time (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (GwTicketDetail *self,
               gint64          at)
{
  gint64 next, ms;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  next = next_change (self, at);
  if (next == 0)
    return;
  ms = gw_clock_ms_until (self->clock, next);
  if (ms < 0)
    return;  /* a stopped clock: "changed" says when it moves */
  self->tick_id = g_timeout_add ((guint) CLAMP (ms, 1, MAX_WAIT_MS), on_tick, self);
}

static void
render_time (GwTicketDetail *self)
{
  gint64 at;

  if (shown_ticket (self) == NULL || self->clock == NULL)
    return;
  at = now (self);
  render_light (self, at);
  render_deadlines (self, at);
  render_whistle (self, at);
  schedule_tick (self, at);
}

static void
on_clock_changed (GwTicketDetail *self)
{
  render_time (self);
}

/* Rendering: place, timeline, related, cameras ----------------------------------------- */

static void
render_place (GwTicketDetail *self)
{
  const GwTicket *t = shown_ticket (self);
  static const GwLevel levels[] = {
    GW_LEVEL_STREET, GW_LEVEL_COMMUNITY, GW_LEVEL_AREA, GW_LEVEL_GRID, GW_LEVEL_MICROGRID,
  };
  g_autoptr(GString) place = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      const GwDivision *d = self->data->chain[levels[i]];

      if (d == NULL)
        continue;
      if (place->len > 0)
        g_string_append (place, " › ");
      g_string_append (place, d->name);
    }
  if (place->len == 0 && t->divisions[GW_LEVEL_DISTRICT] != NULL && self->data->chain[GW_LEVEL_DISTRICT] != NULL)
    g_string_append (place, self->data->chain[GW_LEVEL_DISTRICT]->name);
  set_text (self->place_label, place->str);
  set_text (self->address_label, t->address);
  gw_place_map_set_area (self->map_area, self->data->area, self->data->neighbours,
                         self->data->chain[GW_LEVEL_MICROGRID]);
  gw_place_map_set_cameras (self->map_area, self->data->cameras);
  gw_place_map_set_point (self->map_area, t->lon, t->lat);
}

static void
render_timeline (GwTicketDetail *self)
{
  GPtrArray *audit = self->data->audit;
  g_autofree char *count = g_strdup_printf ("%u", audit->len);

  clear_list (self->timeline_list);
  for (guint i = audit->len; i > 0; i--)
    gtk_list_box_append (self->timeline_list,
                         _gw_ticket_detail_timeline_row (g_ptr_array_index (audit, i - 1), self->data->departments,
                                                         self->data->numbers));
  gtk_label_set_label (self->timeline_count, count);
}

static void
render_related (GwTicketDetail *self)
{
  GPtrArray *related = self->data->related;

  clear_list (self->related_list);
  for (guint i = 0; i < related->len; i++)
    gtk_list_box_append (self->related_list, _gw_ticket_detail_related_row (g_ptr_array_index (related, i)));
}

static void
render_cameras (GwTicketDetail *self)
{
  GPtrArray *cameras = self->data->cameras;

  clear_list (self->camera_list);
  for (guint i = 0; i < cameras->len; i++)
    gtk_list_box_append (self->camera_list, _gw_ticket_detail_camera_row (g_ptr_array_index (cameras, i)));
}

static void
render (GwTicketDetail *self)
{
  render_header (self);
  render_attachments (self);
  render_place (self);
  render_timeline (self);
  render_related (self);
  render_cameras (self);
  render_time (self);
}

static void
on_related_row_activated (GwTicketDetail *self,
                          GtkListBoxRow  *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "gw-ticket-id");

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_TICKET], 0, *id);
}

static void
on_camera_row_activated (GwTicketDetail *self,
                         GtkListBoxRow  *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "gw-camera-id");

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_CAMERA], 0, *id);
}

static void
draw_clock (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GwTicketDetail *self = user_data;
  const GwTicket *t = shown_ticket (self);

  if (t != NULL && self->clock != NULL)
    _gw_ticket_detail_draw_clock (area, cr, width, height, &t->timer, now (self));
}

/* Loading ---------------------------------------------------------------------------- */

static void
set_data (GwTicketDetail     *self,
          GwTicketDetailData *data)
{
  GwTicket *before = gw_ticket_detail_get_ticket (self);

  g_clear_pointer (&self->data, gw_ticket_detail_data_free);
  self->data = data;
  if (before != NULL || data != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

static void
stop_loading (GwTicketDetail *self)
{
  g_clear_handle_id (&self->loading_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (self->content, TRUE);
}

static gboolean
on_loading_timeout (gpointer user_data)
{
  GwTicketDetail *self = user_data;

  self->loading_id = 0;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  return G_SOURCE_REMOVE;
}

static void
on_read_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  GwTicketDetail *self = load->self;
  g_autoptr(GError) error = NULL;
  GwTicketDetailData *data = gw_store_read_finish (GW_STORE (object), result, &error);

  /* A later load (or the widget going away) replaced this one. */
  if (load->cancellable != self->cancellable)
    {
      g_clear_pointer (&data, gw_ticket_detail_data_free);
      return;
    }
  g_clear_object (&self->cancellable);
  stop_loading (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (data != NULL)
    {
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
      double value = gtk_adjustment_get_value (vadjustment);
      gboolean was_shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "ticket") == 0;

      set_data (self, data);
      render (self);
      gtk_stack_set_visible_child_name (self->stack, "ticket");
      /* A reload keeps the place; another ticket starts at its top. */
      gtk_adjustment_set_value (vadjustment, load->reload && was_shown ? value : 0);
    }
  else if (g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
    {
      /* TRANSLATORS: %lld is a ticket's id */
      g_autofree char *text = g_strdup_printf (_("Ticket %lld is not in this database. A seat may "
                                                 "not have received it yet."),
                                               (long long) self->ticket_id);

      set_data (self, NULL);
      adw_status_page_set_description (self->missing_page, text);
      gtk_stack_set_visible_child_name (self->stack, "missing");
    }
  else
    {
      g_warning ("Cannot read ticket %" G_GINT64_FORMAT ": %s", self->ticket_id, error->message);
      set_data (self, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }

  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_load (GwTicketDetail *self,
            gboolean        reload)
{
  GwTicketDetailRequest *request;
  Load *load;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_loading (self);

  if (self->ticket_id == 0)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      set_data (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (self->store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  request = g_new0 (GwTicketDetailRequest, 1);
  request->ticket_id = self->ticket_id;
  request->cancellable = g_object_ref (self->cancellable);
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);
  load->reload = reload;

  if (!reload)
    {
      /* What is on screen is another ticket's until the read is done: not to be acted on. */
      gtk_widget_set_sensitive (self->content, FALSE);
      self->loading_id = g_timeout_add (LOADING_DELAY_MS, on_loading_timeout, self);
    }

  gw_store_read_async (self->store, _gw_ticket_detail_read, request,
                       (GDestroyNotify) gw_ticket_detail_request_free,
                       (GDestroyNotify) gw_ticket_detail_data_free,
                       self->cancellable, on_read_done, load);
}

/* GObject ------------------------------------------------------------------------------ */

static void
gw_ticket_detail_dispose (GObject *object)
{
  GwTicketDetail *self = GW_TICKET_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->loading_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_signal_handler (&self->clock_changed_id, self->clock);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_pointer (&self->data, gw_ticket_detail_data_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_TICKET_DETAIL);

  G_OBJECT_CLASS (gw_ticket_detail_parent_class)->dispose (object);
}

static void
gw_ticket_detail_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwTicketDetail *self = GW_TICKET_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;
    case PROP_TICKET:
      g_value_set_boxed (value, gw_ticket_detail_get_ticket (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_ticket_detail_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GwTicketDetail *self = GW_TICKET_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TICKET_ID:
      gw_ticket_detail_set_ticket_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_ticket_detail_class_init (GwTicketDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_ticket_detail_dispose;
  object_class->get_property = gw_ticket_detail_get_property;
  object_class->set_property = gw_ticket_detail_set_property;

  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_boxed ("ticket", NULL, NULL, GW_TYPE_TICKET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A load finished: the ticket is shown, or that there is none, or why it cannot be. */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The officer picked a related ticket. */
  signals[OPEN_TICKET] =
    g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The officer picked a nearby camera (its row id). */
  signals[OPEN_CAMERA] =
    g_signal_new ("open-camera", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (GW_TYPE_PLACE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-ticket-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, notice_box);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, notice_icon);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, notice_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, notice_close);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, missing_page);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, error_page);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, content);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, number_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, urgency_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, state_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, light_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, category_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, category_caption);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, tags_box);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, clock_box);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, stage_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, clock_area);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, yellow_at_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, red_at_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, deadline_at_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, deadlines_grid);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, whistle_section);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, whistle_list);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, place_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, address_label);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, map_area);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, timeline_count);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, related_caption);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, related_list);
  gtk_widget_class_bind_template_child (widget_class, GwTicketDetail, camera_list);

  gtk_widget_class_set_css_name (widget_class, "ticketdetail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "list-placeholder");
  return label;
}

static void
gw_ticket_detail_init (GwTicketDetail *self)
{
  g_autofree char *related_caption = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->notice_close, "clicked", G_CALLBACK (on_notice_close_clicked), self);
  g_signal_connect_swapped (self->related_list, "row-activated", G_CALLBACK (on_related_row_activated), self);
  g_signal_connect_swapped (self->camera_list, "row-activated", G_CALLBACK (on_camera_row_activated), self);
  g_signal_connect_swapped (self->attachments_box, "child-activated", G_CALLBACK (on_attachment_activated), self);
  gtk_drawing_area_set_draw_func (self->clock_area, draw_clock, self, NULL);

  gtk_list_box_set_placeholder (self->timeline_list, placeholder (_("Nothing recorded yet")));
  gtk_list_box_set_placeholder (self->related_list, placeholder (_("None")));
  gtk_list_box_set_placeholder (self->camera_list, placeholder (_("No camera nearby")));
  related_caption = g_strdup_printf (ngettext ("Same grid and category, in the %d day before this one",
                                               "Same grid and category, in the %d days before this one",
                                               GW_RELATED_DAYS),
                                     GW_RELATED_DAYS);
  gtk_label_set_label (self->related_caption, related_caption);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Public API --------------------------------------------------------------------------- */

GwTicketDetail *
gw_ticket_detail_new (void)
{
  return g_object_new (GW_TYPE_TICKET_DETAIL, NULL);
}

void
gw_ticket_detail_set_store (GwTicketDetail *self,
                            GwStore        *store,
                            GwClock        *clock)
{
  g_return_if_fail (GW_IS_TICKET_DETAIL (self));
  g_return_if_fail (store == NULL || GW_IS_STORE (store));
  g_return_if_fail (clock == NULL || GW_IS_CLOCK (clock));

  g_set_object (&self->store, store);
  g_clear_signal_handler (&self->clock_changed_id, self->clock);
  g_clear_object (&self->clock);
  self->clock = clock != NULL ? g_object_ref (clock) : gw_clock_new_real ();
  self->clock_changed_id = g_signal_connect_swapped (self->clock, "changed", G_CALLBACK (on_clock_changed), self);

  start_load (self, FALSE);
}

void
gw_ticket_detail_set_ticket_id (GwTicketDetail *self,
                                gint64          id)
{
  GwTicket *before;

  g_return_if_fail (GW_IS_TICKET_DETAIL (self));
  g_return_if_fail (id >= 0);

  if (id == self->ticket_id)
    return;

  before = gw_ticket_detail_get_ticket (self);
  self->ticket_id = id;
  gw_ticket_detail_set_notice (self, NULL, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_ID]);
  if (before != gw_ticket_detail_get_ticket (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
  start_load (self, FALSE);
}

gint64
gw_ticket_detail_get_ticket_id (GwTicketDetail *self)
{
  g_return_val_if_fail (GW_IS_TICKET_DETAIL (self), 0);

  return self->ticket_id;
}

void
gw_ticket_detail_reload (GwTicketDetail *self)
{
  g_return_if_fail (GW_IS_TICKET_DETAIL (self));

  /* Until this ticket has been shown once, there is no place on it to keep. */
  if (self->ticket_id != 0)
    start_load (self, gw_ticket_detail_get_ticket (self) != NULL);
}

GwTicket *
gw_ticket_detail_get_ticket (GwTicketDetail *self)
{
  g_return_val_if_fail (GW_IS_TICKET_DETAIL (self), NULL);

  /* Never another ticket's, even while it is still on screen. */
  if (self->data == NULL || self->data->ticket->id != self->ticket_id)
    return NULL;
  return self->data->ticket;
}

void
gw_ticket_detail_set_notice (GwTicketDetail *self,
                             const char     *text,
                             gboolean        is_error)
{
  g_return_if_fail (GW_IS_TICKET_DETAIL (self));

  if (text == NULL || *text == '\0')
    {
      gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
      return;
    }
  gtk_label_set_label (self->notice_label, text);
  gtk_image_set_from_icon_name (self->notice_icon,
                                is_error ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (is_error)
    gtk_widget_add_css_class (self->notice_box, "error");
  else
    gtk_widget_remove_css_class (self->notice_box, "error");
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
}
