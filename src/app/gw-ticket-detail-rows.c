/* gw-ticket-detail-rows.c: the words, rows and tiles of the ticket detail — the names of
 * roles, actions and stages as a duty officer reads them; the rows of the timeline, the
 * whistle departments, related tickets and cameras; attachment tiles and the window that
 * shows a picture larger. */
#define G_LOG_DOMAIN "gw-ticket-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-dictionary.h"
#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-ticket-detail-private.h"
#include "gw-time.h"
#include "gw-workflow.h"

static const struct {
  const char *code;
  const char *label;
} action_labels[] = {
  { "report",            NC_("audit action", "Reported") },
  { "attach",            NC_("audit action", "Attached a file") },
  { "verify",            NC_("audit action", "Verified") },
  { "screen",            NC_("audit action", "Accepted") },
  { "reject",            NC_("audit action", "Rejected") },
  { "merge",             NC_("audit action", "Merged") },
  { "escalate",          NC_("audit action", "Escalated") },
  { "dispatch",          NC_("audit action", "Dispatched") },
  { "whistle",           NC_("audit action", "Whistled") },
  { "sign",              NC_("audit action", "Signed for") },
  { "report_in",         NC_("audit action", "Reported in") },
  { "return",            NC_("audit action", "Returned") },
  { "handle",            NC_("audit action", "Started handling") },
  { "report_back",       NC_("audit action", "Reported back") },
  { "close",             NC_("audit action", "Closed") },
  { "evaluate",          NC_("audit action", "Evaluated") },
  { "reopen",            NC_("audit action", "Reopened") },
  { "request_extension", NC_("audit action", "Asked for more time") },
  { "approve_extension", NC_("audit action", "Extension approved") },
  { "suspend",           NC_("audit action", "Suspended") },
  { "resume",            NC_("audit action", "Resumed") },
  { "supervise",         NC_("audit action", "Supervised") },
  { "reassign",          NC_("audit action", "Reassigned") },
  { "class_case",        NC_("audit action", "Class case") },
};

static const char *const role_labels[GW_N_ROLES] = {
  NC_("role", "Grid worker"), NC_("role", "Community staff"), NC_("role", "Street officer"),
  NC_("role", "Commander"), NC_("role", "Department handler"), NC_("role", "District center"),
};

static const char *const stage_labels[GW_N_STAGES] = {
  NULL, NC_("stage", "Sign-for stage"), NC_("stage", "Handling stage"), NC_("stage", "Check stage"),
  NC_("stage", "Follow-up stage"),
};

static const char *const satisfaction_labels[GW_N_SATISFACTIONS] = {
  NULL, N_("Satisfied"), N_("Basically satisfied"), N_("Unsatisfied"),
};

const char *
_gw_ticket_detail_action_label (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (action_labels); i++)
    if (g_str_equal (action, action_labels[i].code))
      return g_dpgettext2 (NULL, "audit action", action_labels[i].label);
  return action != NULL ? action : "";
}

const char *
_gw_ticket_detail_role_label (const char *role)
{
  GwRole r;

  if (role != NULL && gw_role_from_string (role, &r))
    return g_dpgettext2 (NULL, "role", role_labels[r]);
  return role != NULL ? role : "";
}

const char *
_gw_ticket_detail_stage_label (GwStage stage)
{
  return stage > GW_STAGE_NONE && stage < GW_N_STAGES ? g_dpgettext2 (NULL, "stage", stage_labels[stage]) : "";
}

const char *
_gw_ticket_detail_satisfaction_label (GwSatisfaction satisfaction)
{
  return satisfaction > GW_SATISFACTION_NONE && satisfaction < GW_N_SATISFACTIONS
    ? _(satisfaction_labels[satisfaction]) : "";
}

char *
_gw_ticket_detail_short_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = unix_time > 0 ? gw_time_to_date_time (unix_time) : NULL;

  if (dt == NULL)
    return g_strdup ("—");
  /* TRANSLATORS: a short date and time of day in g_date_time_format() notation */
  return g_date_time_format (dt, _("%m-%d %H:%M"));
}

char *
_gw_ticket_detail_department_name (GHashTable *departments,
                                   const char *code)
{
  GwDepartment *d = departments != NULL && code != NULL ? g_hash_table_lookup (departments, code) : NULL;

  if (d == NULL)
    return g_strdup (code != NULL ? code : "—");
  if (!gw_locale_is_chinese () && d->name_en != NULL && *d->name_en != '\0')
    return g_strdup (d->name_en);
  return g_strdup (d->name);
}

static const char *
state_label (const char *state)
{
  GwTicketState s;

  return state != NULL && gw_ticket_state_from_string (state, &s) ? gw_format_state_label (s) : NULL;
}

static void
append_line (GString    *text,
             const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* A ticket the audit trail names by id: its number when this database holds it. */
static char *
ticket_name (GHashTable *numbers,
             gint64      id)
{
  const char *number = numbers != NULL ? g_hash_table_lookup (numbers, &id) : NULL;

  return number != NULL ? g_strdup (number) : g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static const char *
class_case_kind_label (const char *kind)
{
  static const struct {
    const char *code;
    const char *label;
  } kinds[] = {
    { "grid",      N_("recurring in one grid") },
    { "nearby",    N_("recurring in one place") },
    { "returning", N_("back after closure") },
    { "hotspot",   N_("rising hot spot") },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].code))
      return _(kinds[i].label);
  return kind;
}

/* A "class_case" entry (gw-class-case-open.c) in words: on a member, {"class_case": id}, the
 * class case it joined; on the class-case ticket, {"kind", "members": [ids]}, how many
 * tickets it gathers. NULL for a payload of neither shape. */
static char *
class_case_label (const char *payload,
                  GHashTable *numbers)
{
  g_autoptr(JsonNode) root = payload ? json_from_string (payload, NULL) : NULL;
  JsonObject *o = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *link = o ? json_object_get_member (o, "class_case") : NULL;
  JsonNode *members = o ? json_object_get_member (o, "members") : NULL;

  if (link != NULL && JSON_NODE_HOLDS_VALUE (link) && json_node_get_value_type (link) == G_TYPE_INT64)
    {
      g_autofree char *name = ticket_name (numbers, json_node_get_int (link));

      /* TRANSLATORS: on a ticket's timeline: it is one of a class case's tickets; %s is the
       * class-case ticket's number */
      return g_strdup_printf (_("Joined class case %s"), name);
    }
  if (members != NULL && JSON_NODE_HOLDS_ARRAY (members))
    {
      guint n = json_array_get_length (json_node_get_array (members));

      /* TRANSLATORS: on a class-case ticket's timeline: how many tickets it gathers */
      return g_strdup_printf (ngettext ("Class case of %u ticket", "Class case of %u tickets", n), n);
    }
  return NULL;
}

/* At most this many member numbers are listed on a class-case ticket's timeline. */
#define MAX_LISTED_MEMBERS 60

/* What an entry's payload says, in words: where it was sent, what was reported back, … */
static void
describe_payload (GString    *text,
                  const char *payload,
                  GHashTable *departments,
                  GHashTable *numbers)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  if (payload == NULL || *payload == '\0')
    return;
  root = json_from_string (payload, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  o = json_node_get_object (root);

  if (json_object_has_member (o, "departments") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "departments")))
    {
      JsonArray *array = json_object_get_array_member (o, "departments");
      const char *lead = json_object_get_string_member_with_default (o, "lead", NULL);
      g_autoptr(GString) others = g_string_new (NULL);
      g_autofree char *lead_name = lead ? _gw_ticket_detail_department_name (departments, lead) : NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *code = json_array_get_string_element (array, i);
          g_autofree char *name = NULL;

          if (code == NULL || g_strcmp0 (code, lead) == 0)
            continue;
          name = _gw_ticket_detail_department_name (departments, code);
          if (others->len > 0)
            /* TRANSLATORS: between the names in a list of departments */
            g_string_append (others, _(", "));
          g_string_append (others, name);
        }
      if (lead_name != NULL)
        {
          /* TRANSLATORS: the lead department a whistle called */
          g_autofree char *line = g_strdup_printf (_("Lead: %s"), lead_name);
          append_line (text, line);
        }
      if (others->len > 0)
        {
          /* TRANSLATORS: the other departments a whistle called */
          g_autofree char *line = g_strdup_printf (_("With: %s"), others->str);
          append_line (text, line);
        }
    }
  else if (json_object_has_member (o, "department"))
    {
      g_autofree char *name = _gw_ticket_detail_department_name (
          departments, json_object_get_string_member_with_default (o, "department", NULL));
      /* TRANSLATORS: the department a ticket was dispatched to */
      g_autofree char *line = g_strdup_printf (_("To: %s"), name);
      append_line (text, line);
    }

  if (json_object_has_member (o, "text"))
    {
      const char *said = json_object_get_string_member_with_default (o, "text", NULL);
      gboolean resolved = json_object_get_boolean_member_with_default (o, "resolved", FALSE);
      g_autofree char *line = NULL;

      line = g_strdup_printf (resolved ? _("Resolved: %s") : _("Not resolved: %s"), said ? said : "");
      append_line (text, line);
    }
  if (json_object_has_member (o, "satisfaction"))
    {
      GwSatisfaction s = GW_SATISFACTION_NONE;

      gw_satisfaction_from_string (json_object_get_string_member_with_default (o, "satisfaction", NULL), &s);
      append_line (text, _gw_ticket_detail_satisfaction_label (s));
    }
  if (json_object_has_member (o, "extension_seconds"))
    {
      gint64 seconds = json_object_get_int_member_with_default (o, "extension_seconds", 0);
      g_autofree char *span = gw_format_time_left (seconds);
      /* TRANSLATORS: how much longer a ticket's deadline was asked to be, e.g. "+2 d 0 h" */
      g_autofree char *line = g_strdup_printf (_("+%s"), span);
      append_line (text, line);
    }
  if (json_object_has_member (o, "merge_into"))
    {
      gint64 into = json_object_get_int_member_with_default (o, "merge_into", 0);
      const char *number = numbers != NULL ? g_hash_table_lookup (numbers, &into) : NULL;
      g_autofree char *line = NULL;

      if (number != NULL)
        /* TRANSLATORS: the number of the ticket this one was merged into */
        line = g_strdup_printf (_("Into ticket %s"), number);
      else
        /* TRANSLATORS: the id of the ticket this one was merged into */
        line = g_strdup_printf (_("Into ticket %lld"), (long long) into);
      append_line (text, line);
    }
  if (json_object_has_member (o, "members") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "members")))
    {
      JsonArray *members = json_object_get_array_member (o, "members");
      guint n = json_array_get_length (members);
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *kind = NULL, *tickets = NULL;

      if (json_object_has_member (o, "kind"))
        {
          /* TRANSLATORS: the kind of a class case, e.g. "Kind: recurring in one grid" */
          kind = g_strdup_printf (_("Kind: %s"),
                                  class_case_kind_label (json_object_get_string_member_with_default (o, "kind", NULL)));
          append_line (text, kind);
        }
      for (guint i = 0; i < n && i < MAX_LISTED_MEMBERS; i++)
        {
          JsonNode *member = json_array_get_element (members, i);
          g_autofree char *name = NULL;

          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
            continue;
          name = ticket_name (numbers, json_node_get_int (member));
          if (list->len > 0)
            /* TRANSLATORS: between the numbers in a list of tickets */
            g_string_append (list, _(", "));
          g_string_append (list, name);
        }
      if (n > MAX_LISTED_MEMBERS)
        {
          g_string_append_c (list, ' ');
          g_string_append_printf (list, ngettext ("and %u more", "and %u more", n - MAX_LISTED_MEMBERS),
                                  n - MAX_LISTED_MEMBERS);
        }
      /* TRANSLATORS: a class case's tickets, by their numbers */
      tickets = g_strdup_printf (_("Tickets: %s"), list->str);
      append_line (text, tickets);
    }
  if (json_object_has_member (o, "level"))
    {
      GwLevel level = GW_LEVEL_DISTRICT;

      if (gw_level_from_string (json_object_get_string_member_with_default (o, "level", NULL), &level))
        {
          /* TRANSLATORS: the level a ticket was escalated to, e.g. "Level: Street" */
          g_autofree char *line = g_strdup_printf (_("Level: %s"), gw_format_level_label (level));
          append_line (text, line);
        }
    }
  if (json_object_has_member (o, "urgency"))
    {
      GwUrgency urgency = GW_URGENCY_NORMAL;

      if (gw_urgency_from_string (json_object_get_string_member_with_default (o, "urgency", NULL), &urgency))
        {
          /* TRANSLATORS: a ticket's urgency after supervision, e.g. "Urgency: Urgent" */
          g_autofree char *line = g_strdup_printf (_("Urgency: %s"), gw_format_urgency_label (urgency));
          append_line (text, line);
        }
    }
  if (json_object_has_member (o, "name") && json_object_has_member (o, "attachment"))
    append_line (text, json_object_get_string_member_with_default (o, "name", NULL));
}

static GtkWidget *
small_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

GtkWidget *
_gw_ticket_detail_timeline_row (const GwAuditEntry *entry,
                                GHashTable         *departments,
                                GHashTable         *numbers)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *when = gw_format_date_time (entry->at);
  g_autofree char *who = NULL;
  g_autofree char *what = NULL;
  const char *from = state_label (entry->from_state);
  const char *to = state_label (entry->to_state);
  GtkWidget *row, *box, *top, *action, *time, *label;

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (box, "timeline-entry");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* What, and when. */
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  if (g_strcmp0 (entry->action, "class_case") == 0)
    what = class_case_label (entry->payload, numbers);
  action = small_label (what ? what : _gw_ticket_detail_action_label (entry->action), "timeline-action");
  gtk_label_set_wrap (GTK_LABEL (action), TRUE);
  gtk_widget_set_hexpand (action, TRUE);
  gtk_box_append (GTK_BOX (top), action);
  time = small_label (when, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_set_valign (time, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (top), time);
  gtk_box_append (GTK_BOX (box), top);

  /* Who, and the state it left. */
  if (entry->role != NULL && *entry->role != '\0')
    /* TRANSLATORS: who did something, and as what: "Zhang Wei · Street officer" */
    who = g_strdup_printf (_("%s · %s"), entry->actor ? entry->actor : "",
                           _gw_ticket_detail_role_label (entry->role));
  else
    who = g_strdup (entry->actor ? entry->actor : "");
  if (from != NULL && to != NULL && g_strcmp0 (entry->from_state, entry->to_state) != 0)
    {
      /* TRANSLATORS: a state change, "Screened → Dispatched" */
      g_autofree char *change = g_strdup_printf (_("%s → %s"), from, to);
      g_autofree char *line = g_strdup_printf ("%s  ·  %s", who, change);

      g_free (who);
      who = g_steal_pointer (&line);
    }
  label = small_label (who, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), label);

  /* Why, or what was said. */
  append_line (detail, entry->reason);
  describe_payload (detail, entry->payload, departments, numbers);
  if (detail->len > 0)
    {
      label = small_label (detail->str, "timeline-detail");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  return row;
}

GtkWidget *
_gw_ticket_detail_pill (const char *text,
                        const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "detail-pill");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

/* A row that says it can be opened. */
static GtkWidget *
action_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

GtkWidget *
_gw_ticket_detail_whistle_row (const GwWhistleDepartment *w,
                               const char                *name,
                               gint64                     now)
{
  GtkWidget *row = action_row (name);
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  if (w->lead)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), _gw_ticket_detail_pill (_("Lead"), "lead"));
  if (w->reported_in_at > 0)
    {
      GtkWidget *done = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      when = _gw_ticket_detail_short_time (w->reported_in_at);
      /* TRANSLATORS: when a department reported in */
      subtitle = g_strdup_printf (_("Reported in %s"), when);
      gtk_widget_add_css_class (done, "success");
      gtk_widget_set_tooltip_text (done, _("Reported in"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
    }
  else if (w->deadline_at > 0)
    {
      when = _gw_ticket_detail_short_time (w->deadline_at);
      /* TRANSLATORS: when a department must report in by */
      subtitle = g_strdup_printf (_("Report in by %s"), when);
      if (now > w->deadline_at)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), _gw_ticket_detail_pill (_("Late"), "late"));
    }
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

GtkWidget *
_gw_ticket_detail_related_row (const GwTicket *r)
{
  g_autofree char *when = _gw_ticket_detail_short_time (r->reported_at);
  /* TRANSLATORS: a related ticket: its number and state, "TN261122-00021 · Closed" */
  g_autofree char *title = g_strdup_printf (_("%s · %s"), r->number, gw_format_state_label (r->state));
  /* TRANSLATORS: when a related ticket came in, and what it says: "11-02 10:15 · 垃圾堆放…" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), when, r->description ? r->description : "");
  GtkWidget *row = action_row (title);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "gw-ticket-id", g_memdup2 (&r->id, sizeof r->id), g_free);
  return row;
}

GtkWidget *
_gw_ticket_detail_camera_row (const GwNearbyCamera *c)
{
  GtkWidget *row = action_row (c->camera->name);
  g_autofree char *distance = NULL;
  GtkWidget *label;

  if (c->distance_m >= 1000)
    /* TRANSLATORS: a distance in kilometres */
    distance = g_strdup_printf (_("%.1f km"), c->distance_m / 1000);
  else
    /* TRANSLATORS: a distance in metres */
    distance = g_strdup_printf (_("%.0f m"), c->distance_m);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("camera-video-symbolic"));
  label = gtk_label_new (distance);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, c->camera->id);
  g_object_set_data_full (G_OBJECT (row), "gw-camera-id", g_memdup2 (&c->id, sizeof c->id), g_free);
  return row;
}

/* Attachments ------------------------------------------------------------------------- */

typedef struct {
  GtkPicture   *picture;
  GtkWidget    *spinner;
  GCancellable *cancellable;
} Viewer;

static void
viewer_free (Viewer *viewer)
{
  g_cancellable_cancel (viewer->cancellable);
  g_clear_object (&viewer->cancellable);
  g_free (viewer);
}

static void
on_image_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  Viewer *viewer;

  pixbuf = gw_store_read_finish (GW_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  viewer = g_object_get_data (G_OBJECT (window), "gw-viewer");
  if (viewer == NULL)
    return;
  gtk_widget_set_visible (viewer->spinner, FALSE);
  if (pixbuf != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      gtk_picture_set_paintable (viewer->picture, GDK_PAINTABLE (texture));
    }
  else
    g_warning ("Cannot show the attachment: %s", error->message);
}

static void
on_viewer_destroy (GtkWidget *window)
{
  /* Cancels the read under way; the window's last reference goes with the callback. */
  g_object_set_data (G_OBJECT (window), "gw-viewer", NULL);
}

void
_gw_ticket_detail_open_viewer (GtkWidget          *parent,
                               GwStore            *store,
                               const GwAttachment *attachment,
                               GdkPixbuf          *thumbnail)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  Viewer *viewer = g_new0 (Viewer, 1);
  GtkRoot *root = gtk_widget_get_root (parent);

  gtk_window_set_title (GTK_WINDOW (window), attachment->name);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_widget_add_css_class (window, "attachment-viewer");

  /* The thumbnail at once, the full picture when it is read. */
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  if (thumbnail != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (thumbnail);
      gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
    }
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), attachment->name);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), spinner);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gw_drill_watermark_attach (GTK_WINDOW (window), store);

  viewer->picture = GTK_PICTURE (picture);
  viewer->spinner = spinner;
  viewer->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (window), "gw-viewer", viewer, (GDestroyNotify) viewer_free);
  g_signal_connect (window, "destroy", G_CALLBACK (on_viewer_destroy), NULL);
  gtk_window_present (GTK_WINDOW (window));

  gw_store_read_async (store, _gw_ticket_detail_read_image, g_strdup (attachment->sha256), g_free,
                       g_object_unref, viewer->cancellable, on_image_read, g_object_ref (window));
}

GtkWidget *
_gw_ticket_detail_attachment_tile (const GwAttachment *a,
                                   GdkPixbuf          *thumbnail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *frame, *content, *name, *caption;
  g_autofree char *size = g_format_size (MAX (a->size, 0));
  g_autofree char *type = NULL;
  g_autofree char *line = NULL;
  const char *slash = a->mime_type ? strchr (a->mime_type, '/') : NULL;

  /* Every tile the same size, the thumbnail (already cut to it) or an icon in the middle. */
  frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (frame, GW_TICKET_DETAIL_THUMBNAIL_WIDTH, GW_TICKET_DETAIL_THUMBNAIL_HEIGHT);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (frame, "attachment-thumbnail");
  if (thumbnail != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (thumbnail);

      content = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_alternative_text (GTK_PICTURE (content), a->name);
      gtk_widget_set_tooltip_text (frame, _("Show larger"));
    }
  else
    {
      content = gtk_image_new_from_icon_name (a->mime_type && g_str_has_prefix (a->mime_type, "image/")
                                              ? "image-x-generic-symbolic" : "x-office-document-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (content), 32);
      gtk_widget_add_css_class (content, "dim-label");
    }
  gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (content, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (frame), content);
  gtk_box_append (GTK_BOX (box), frame);

  name = gtk_label_new (a->name);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 12);
  gtk_widget_set_tooltip_text (name, a->name);
  gtk_widget_add_css_class (name, "caption");
  gtk_box_append (GTK_BOX (box), name);

  type = g_ascii_strup (slash != NULL ? slash + 1 : (a->mime_type ? a->mime_type : "?"), -1);
  /* TRANSLATORS: an attachment's type and size: "JPEG · 1.2 MB" */
  line = g_strdup_printf (_("%s · %s"), type, size);
  caption = gtk_label_new (line);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), caption);
  return box;
}

