/* gw-action-form.c: the short form of one workflow action.
 *
 * Built from one template (ui/gw-action-form.ui) whose parts are shown as the action needs
 * them. The department list is read on the store's thread when the form opens and filtered
 * in memory as the officer types (a county has a few dozen departments). Submitting
 * captures the fields once, then submits one command per ticket, one after the other,
 * through the runner; refused tickets stay in the form with the workflow's reasons under
 * the fields, the others are done. The searchable lists are in gw-action-form-picker.c,
 * the new-ticket form in gw-action-form-report.c.
 */
#define G_LOG_DOMAIN "gw-action-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-action-form-private.h"
#include "gw-dictionary.h"
#include "gw-drill-watermark.h"

enum {
  FIELD_REASON       = 1 << 0,
  FIELD_DEPARTMENT   = 1 << 1,   /* one department (dispatch, reassign) */
  FIELD_DEPARTMENTS  = 1 << 2,   /* several and a lead (whistle) */
  FIELD_TEXT         = 1 << 3,
  FIELD_RESOLVED     = 1 << 4,
  FIELD_SATISFACTION = 1 << 5,
  FIELD_HOURS        = 1 << 6,
};

/* What each action asks for (the API's fields, docs/API.md). */
static const guint action_fields[GW_N_ACTIONS] = {
  [GW_ACTION_VERIFY]            = 0,
  [GW_ACTION_SCREEN]            = 0,
  [GW_ACTION_REJECT]            = FIELD_REASON,
  [GW_ACTION_MERGE]             = 0,
  [GW_ACTION_ESCALATE]          = FIELD_REASON,
  [GW_ACTION_DISPATCH]          = FIELD_DEPARTMENT,
  [GW_ACTION_WHISTLE]           = FIELD_DEPARTMENTS,
  [GW_ACTION_SIGN]              = 0,
  [GW_ACTION_REPORT_IN]         = 0,
  [GW_ACTION_RETURN]            = FIELD_REASON,
  [GW_ACTION_HANDLE]            = 0,
  [GW_ACTION_REPORT_BACK]       = FIELD_TEXT | FIELD_RESOLVED,
  [GW_ACTION_CLOSE]             = 0,
  [GW_ACTION_EVALUATE]          = FIELD_SATISFACTION,
  [GW_ACTION_REOPEN]            = FIELD_REASON,
  [GW_ACTION_REQUEST_EXTENSION] = FIELD_REASON | FIELD_HOURS,
  [GW_ACTION_APPROVE_EXTENSION] = 0,
  [GW_ACTION_SUSPEND]           = FIELD_REASON,
  [GW_ACTION_RESUME]            = 0,
  [GW_ACTION_SUPERVISE]         = FIELD_REASON,
  [GW_ACTION_REASSIGN]          = FIELD_DEPARTMENT | FIELD_REASON,
};

/* The summary lists at most this many tickets. */
#define SUMMARY_MAX 6

G_DEFINE_FINAL_TYPE (GwActionForm, gw_action_form, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_READY,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* State -------------------------------------------------------------------------------- */

void
_gw_action_form_show_error (GwActionForm *self,
                            const char   *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

/* The officer changed a field: a reason given for the old choice no longer applies. */
void
_gw_action_form_field_changed (GwActionForm *self)
{
  if (!self->busy)
    _gw_action_form_show_error (self, NULL);
}

void
_gw_action_form_set_busy (GwActionForm *self,
                          gboolean      busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_sensitive (self->submit_button, !busy && self->ready);
  gtk_widget_set_sensitive (self->cancel_button, !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_gw_action_form_load_started (GwActionForm *self)
{
  self->loads++;
  self->ready = FALSE;
  gtk_widget_set_sensitive (self->submit_button, FALSE);
}

void
_gw_action_form_load_done (GwActionForm *self)
{
  g_return_if_fail (self->loads > 0);

  if (--self->loads > 0)
    return;
  self->ready = TRUE;
  gtk_widget_set_sensitive (self->submit_button, !self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

void
_gw_action_form_finish (GwActionForm    *self,
                        GwActionOutcome  outcome,
                        const char      *message)
{
  g_autoptr(GwActionForm) hold = g_object_ref (self);

  self->finished = TRUE;
  _gw_action_form_set_busy (self, FALSE);
  g_signal_emit (self, signals[DONE], 0, outcome, message);
  gtk_window_close (GTK_WINDOW (self));
}

char *
_gw_action_form_get_text (GwActionForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

static char *
editable_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

/* The summary: which tickets -------------------------------------------------------------- */

static void
append_ticket (GString  *markup,
               GwTicket *t)
{
  const GwCategory *category = t->category_code ? gw_dictionary_lookup (gw_dictionary_get_default (),
                                                                        t->category_code)
                                                : NULL;
  g_autofree char *description = NULL;

  if (t->description)
    {
      /* The first line, short: the officer recognises the case, the detail pane has it all. */
      const char *end = strchr (t->description, '\n');
      g_autofree char *line = end ? g_strndup (t->description, end - t->description) : g_strdup (t->description);

      if (g_utf8_strlen (line, -1) > 60)
        {
          g_autofree char *cut = g_utf8_substring (line, 0, 59);
          description = g_strconcat (cut, "…", NULL);
        }
      else
        description = g_steal_pointer (&line);
    }
  g_string_append_printf (markup, "<b>%s</b>", t->number ? t->number : "");
  if (category)
    {
      g_autofree char *name = g_markup_escape_text (gw_category_get_display_name (category), -1);
      g_string_append_printf (markup, " · %s", name);
    }
  if (description && *description)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);
      g_string_append_printf (markup, "\n<span size=\"small\">%s</span>", escaped);
    }
}

static void
update_summary (GwActionForm *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  guint first = 0;
  guint n = self->tickets->len;

  if (self->action == GW_ACTION_MERGE && n > 0)
    {
      g_string_append (markup, _("Duplicates of:"));
      g_string_append_c (markup, '\n');
      append_ticket (markup, g_ptr_array_index (self->tickets, 0));
      g_string_append (markup, "\n\n");
      g_string_append (markup, _("Merged into it:"));
      g_string_append_c (markup, '\n');
      first = 1;
    }
  else if (n > 1)
    {
      g_string_append_printf (markup, ngettext ("%u ticket:", "%u tickets:", n), n);
      g_string_append_c (markup, '\n');
    }

  for (guint i = first; i < n && i < first + SUMMARY_MAX; i++)
    {
      if (i > first)
        g_string_append_c (markup, '\n');
      append_ticket (markup, g_ptr_array_index (self->tickets, i));
    }
  if (n > first + SUMMARY_MAX)
    {
      guint more = n - first - SUMMARY_MAX;
      g_string_append_c (markup, '\n');
      g_string_append_printf (markup, ngettext ("and %u more", "and %u more", more), more);
    }

  if (self->action == GW_ACTION_APPROVE_EXTENSION && n == 1)
    {
      GwTicket *t = g_ptr_array_index (self->tickets, 0);

      if (t->extension_seconds > 0)
        {
          g_autofree char *reason = g_markup_escape_text (t->extension_reason ? t->extension_reason : "", -1);
          g_string_append (markup, "\n\n");
          /* TRANSLATORS: an extension asked for: hours, then the handler's reason */
          g_string_append_printf (markup, _("Asked for %lld more hours: %s"),
                                  (long long) (t->extension_seconds / 3600), reason);
        }
    }
  gtk_label_set_markup (self->summary_label, markup->str);

  if (n > 1)
    {
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u ticket", "%u tickets", n), n);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else if (n == 1)
    adw_window_title_set_subtitle (self->window_title, ((GwTicket *) g_ptr_array_index (self->tickets, 0))->number);
}

/* Departments -------------------------------------------------------------------------- */

static void
on_department_item_lead (GwPickItem   *item,
                         GParamSpec   *pspec,
                         GwActionForm *self)
{
  guint n;

  if (!gw_pick_item_get_lead (item))
    return;
  /* One lead, and the lead is called too. */
  gw_pick_item_set_picked (item, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->departments));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwPickItem) other = g_list_model_get_item (G_LIST_MODEL (self->departments), i);

      if (other != item)
        gw_pick_item_set_lead (other, FALSE);
    }
}

static void
on_department_item_picked (GwPickItem   *item,
                           GParamSpec   *pspec,
                           GwActionForm *self)
{
  if (!gw_pick_item_get_picked (item))
    gw_pick_item_set_lead (item, FALSE);
}

static gpointer
list_departments_func (GwDb     *db,
                       gpointer  data,
                       GError  **error)
{
  return gw_db_list_departments (db, error);
}

static void
add_department (GwActionForm *self,
                GwDepartment *d)
{
  gboolean chinese = gw_locale_is_chinese ();
  const char *title = chinese || d->name_en == NULL ? d->name : d->name_en;
  g_autoptr(GwPickItem) item = gw_pick_item_new (d->code, title, d->code);

  gw_pick_item_add_keywords (item, d->name);
  gw_pick_item_add_keywords (item, d->name_en);
  if (self->fields & FIELD_DEPARTMENTS)
    {
      g_signal_connect_object (item, "notify::lead", G_CALLBACK (on_department_item_lead), self, 0);
      g_signal_connect_object (item, "notify::picked", G_CALLBACK (on_department_item_picked), self, 0);
    }
  g_list_store_append (self->departments, item);
}

static void
on_departments_listed (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GwActionForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gw_store_run_finish (GW_STORE (object), result, &error);
  GwTicket *first;

  if (list == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _gw_action_form_show_error (self, error->message);
      _gw_action_form_load_done (self);
      return;
    }

  /* The departments of the ticket's board first: the likeliest to be meant. */
  first = self->tickets->len > 0 ? g_ptr_array_index (self->tickets, 0) : NULL;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < list->len; i++)
      {
        GwDepartment *d = g_ptr_array_index (list, i);
        gboolean same = first && first->board && g_strcmp0 (d->board, first->board) == 0;

        if (same == (pass == 0))
          add_department (self, d);
      }
  _gw_action_form_load_done (self);
}

static void
on_department_search_changed (GwActionForm *self)
{
  _gw_action_form_search (self, GTK_EDITABLE (self->department_search), &self->department_query,
                          self->department_filter, self->department_selection);
}

static void
on_department_list_activate (GwActionForm *self,
                             guint         position)
{
  if (self->department_selection != NULL)
    {
      gw_action_form_submit (self);
      return;
    }
  else
    {
      GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->department_list));
      g_autoptr(GwPickItem) item = g_list_model_get_item (model, position);

      if (item)
        gw_pick_item_set_picked (item, !gw_pick_item_get_picked (item));
    }
}

static void
on_level_check_toggled (GwActionForm *self)
{
  gboolean level = gtk_check_button_get_active (self->level_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->department_search), !level);
  gtk_widget_set_sensitive (GTK_WIDGET (self->department_list), !level);
}

static void
setup_departments (GwActionForm *self)
{
  gboolean whistle = (self->fields & FIELD_DEPARTMENTS) != 0;
  GListModel *model;
  gboolean own_level = TRUE;

  self->departments = g_list_store_new (GW_TYPE_PICK_ITEM);
  model = _gw_action_form_make_picker (self, self->department_list, self->departments, &self->department_query,
                                       &self->department_filter, whistle);
  if (whistle)
    {
      gtk_list_view_set_model (self->department_list, GTK_SELECTION_MODEL (gtk_no_selection_new (model)));
      gtk_label_set_label (self->department_heading, _("Departments"));
      gtk_widget_set_visible (self->department_hint, TRUE);
    }
  else
    {
      self->department_selection = gtk_single_selection_new (model);
      gtk_single_selection_set_autoselect (self->department_selection, FALSE);
      gtk_single_selection_set_can_unselect (self->department_selection, TRUE);
      gtk_single_selection_set_selected (self->department_selection, GTK_INVALID_LIST_POSITION);
      gtk_list_view_set_model (self->department_list, GTK_SELECTION_MODEL (self->department_selection));
      g_signal_connect_object (self->department_selection, "notify::selected-item",
                               G_CALLBACK (_gw_action_form_field_changed), self, G_CONNECT_SWAPPED);
      _gw_action_form_connect_list_keys (self->department_search, self->department_list);
    }

  /* A grid or a community may dispatch to itself (no department). */
  for (guint i = 0; i < self->tickets->len; i++)
    {
      GwTicket *t = g_ptr_array_index (self->tickets, i);
      if (t->level != GW_LEVEL_GRID && t->level != GW_LEVEL_COMMUNITY)
        own_level = FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->level_check), self->action == GW_ACTION_DISPATCH && own_level);
  gtk_widget_set_visible (self->department_box, TRUE);

  _gw_action_form_load_started (self);
  gw_store_run_async (gw_action_runner_get_store (self->runner), list_departments_func, NULL, NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_departments_listed,
                      g_object_ref (self));
}

/* Submitting ---------------------------------------------------------------------------- */

static void submit_next (GwActionForm *self);

static void
clear_command (GwActionForm *self)
{
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->department_code, g_free);
  g_clear_pointer (&self->picked, g_strfreev);
  g_clear_pointer (&self->lead, g_free);
  g_clear_pointer (&self->text, g_free);
  memset (&self->command, 0, sizeof self->command);
}

static const guint satisfactions[] = {
  GW_SATISFACTION_SATISFIED, GW_SATISFACTION_BASIC, GW_SATISFACTION_UNSATISFIED,
};

/* Reads the fields into self->command. FALSE (with the form's error shown) when the form
 * itself can tell that something is missing. */
static gboolean
capture_command (GwActionForm *self)
{
  clear_command (self);
  self->command.action = self->action;

  if (self->fields & FIELD_REASON)
    self->command.reason = self->reason = editable_text (self->reason_row);

  if (self->fields & FIELD_DEPARTMENT)
    {
      GwPickItem *item = gtk_single_selection_get_selected_item (self->department_selection);
      gboolean own_level = gtk_widget_get_visible (GTK_WIDGET (self->level_check)) &&
                           gtk_check_button_get_active (self->level_check);

      if (!own_level && item == NULL)
        {
          _gw_action_form_show_error (self, _("Choose a department."));
          gtk_widget_grab_focus (GTK_WIDGET (self->department_search));
          return FALSE;
        }
      if (!own_level)
        self->command.department_code = self->department_code = g_strdup (gw_pick_item_get_code (item));
    }

  if (self->fields & FIELD_DEPARTMENTS)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->departments));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GwPickItem) item = g_list_model_get_item (G_LIST_MODEL (self->departments), i);

          if (gw_pick_item_get_picked (item))
            g_strv_builder_add (builder, gw_pick_item_get_code (item));
          if (gw_pick_item_get_lead (item))
            self->lead = g_strdup (gw_pick_item_get_code (item));
        }
      self->picked = g_strv_builder_end (builder);
      self->command.departments = (const char *const *) self->picked;
      self->command.lead_department = self->lead;
    }

  if (self->fields & FIELD_TEXT)
    self->command.text = self->text = _gw_action_form_get_text (self);
  if (self->fields & FIELD_RESOLVED)
    self->command.resolved = gtk_switch_get_active (self->resolved_switch);
  if (self->fields & FIELD_SATISFACTION)
    {
      guint i = adw_combo_row_get_selected (self->satisfaction_row);
      self->command.satisfaction = i < G_N_ELEMENTS (satisfactions) ? satisfactions[i] : GW_SATISFACTION_NONE;
    }
  if (self->fields & FIELD_HOURS)
    self->command.extension_seconds = (gint64) gtk_spin_button_get_value_as_int (self->hours_spin) * 3600;
  if (self->action == GW_ACTION_MERGE)
    self->command.merge_into = ((GwTicket *) g_ptr_array_index (self->tickets, 0))->id;
  return TRUE;
}

static char *
done_message (GwActionForm *self)
{
  const char *title = gw_action_runner_get_action_title (self->action);
  guint n = self->n_applied + self->n_pending;

  if (n == 1)
    {
      GwTicket *t = g_ptr_array_index (self->tickets, self->action == GW_ACTION_MERGE ? 1 : 0);

      if (self->n_pending > 0)
        /* TRANSLATORS: ticket number, then the action ("Dispatch") */
        return g_strdup_printf (_("Ticket %s: %s sent, waiting for the server"), t->number, title);
      /* TRANSLATORS: ticket number, then the action ("Dispatch") */
      return g_strdup_printf (_("Ticket %s: %s done"), t->number, title);
    }
  if (self->n_pending > 0)
    /* TRANSLATORS: the action ("Dispatch"), then how many tickets */
    return g_strdup_printf (ngettext ("%s sent for %u ticket, waiting for the server",
                                      "%s sent for %u tickets, waiting for the server", n), title, n);
  /* TRANSLATORS: the action ("Dispatch"), then how many tickets */
  return g_strdup_printf (ngettext ("%s done for %u ticket", "%s done for %u tickets", n), title, n);
}

static void
submissions_done (GwActionForm *self)
{
  g_autofree char *message = NULL;

  if (self->refused->len > 0)
    {
      /* The refused tickets stay, with the reasons; the others are done with. */
      if (self->action == GW_ACTION_MERGE)
        g_ptr_array_insert (self->refused, 0, gw_ticket_ref (g_ptr_array_index (self->tickets, 0)));
      g_ptr_array_unref (self->tickets);
      self->tickets = g_steal_pointer (&self->refused);
      self->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
      update_summary (self);
      _gw_action_form_show_error (self, self->refusals->str);
      _gw_action_form_set_busy (self, FALSE);
      return;
    }
  message = done_message (self);
  _gw_action_form_finish (self, self->n_pending > 0 ? GW_ACTION_OUTCOME_PENDING : GW_ACTION_OUTCOME_APPLIED,
                          message);
}

static void
on_submitted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwActionForm) self = user_data;
  g_autoptr(GError) error = NULL;
  GwActionOutcome outcome = gw_action_runner_submit_finish (GW_ACTION_RUNNER (object), result, &error);
  GwTicket *t = g_ptr_array_index (self->tickets, self->next);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  switch (outcome)
    {
    case GW_ACTION_OUTCOME_APPLIED:
      self->n_applied++;
      break;
    case GW_ACTION_OUTCOME_PENDING:
      self->n_pending++;
      break;
    case GW_ACTION_OUTCOME_REFUSED:
    default:
      if (self->refusals->len > 0)
        g_string_append_c (self->refusals, '\n');
      g_string_append (self->refusals, error ? error->message : "");
      g_ptr_array_add (self->refused, gw_ticket_ref (t));
      break;
    }
  self->next++;
  submit_next (self);
}

static void
submit_next (GwActionForm *self)
{
  GwTicket *t;

  if (self->next >= self->tickets->len)
    {
      submissions_done (self);
      return;
    }
  t = g_ptr_array_index (self->tickets, self->next);
  self->command.ticket_id = t->id;
  gw_action_runner_submit_async (self->runner, &self->command, self->cancellable, on_submitted,
                                 g_object_ref (self));
}

void
gw_action_form_submit (GwActionForm *self)
{
  g_return_if_fail (GW_IS_ACTION_FORM (self));

  if (!self->ready || self->busy || self->finished)
    return;
  _gw_action_form_show_error (self, NULL);
  if (self->report)
    {
      _gw_action_form_submit_report (self);
      return;
    }
  if (!capture_command (self))
    return;
  _gw_action_form_set_busy (self, TRUE);
  self->next = self->action == GW_ACTION_MERGE ? 1 : 0;
  self->n_applied = self->n_pending = 0;
  g_string_truncate (self->refusals, 0);
  g_ptr_array_set_size (self->refused, 0);
  submit_next (self);
}

/* Callbacks ----------------------------------------------------------------------------- */

static void
on_cancel_button_clicked (GwActionForm *self)
{
  if (!self->busy)
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  on_cancel_button_clicked (GW_ACTION_FORM (widget));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gw_action_form_submit (GW_ACTION_FORM (widget));
}

/* Escape in a search box: the first clears it, the next closes the form. */
static void
on_search_stop (GwActionForm   *self,
                GtkSearchEntry *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    on_cancel_button_clicked (self);
}

/* Object ------------------------------------------------------------------------------- */

static void
gw_action_form_dispose (GObject *object)
{
  GwActionForm *self = GW_ACTION_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->department_selection);
  g_clear_object (&self->department_filter);
  g_clear_object (&self->departments);
  _gw_action_form_clear_report (self);
  g_clear_object (&self->runner);

  G_OBJECT_CLASS (gw_action_form_parent_class)->dispose (object);
}

static void
gw_action_form_finalize (GObject *object)
{
  GwActionForm *self = GW_ACTION_FORM (object);

  clear_command (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->refused, g_ptr_array_unref);
  g_string_free (self->refusals, TRUE);
  g_free (self->department_query);
  g_free (self->category_query);
  g_free (self->place_query);

  G_OBJECT_CLASS (gw_action_form_parent_class)->finalize (object);
}

static void
gw_action_form_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwActionForm *self = GW_ACTION_FORM (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_action_form_class_init (GwActionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_action_form_dispose;
  object_class->finalize = gw_action_form_finalize;
  object_class->get_property = gw_action_form_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The form closes after an applied or pending command (or a reported ticket): the
   * outcome, and what to tell the officer ("Ticket …: Dispatch done"). */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, GW_TYPE_ACTION_OUTCOME, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-action-form.ui");
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, submit_button);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, clamp);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, columns);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, left_column);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, right_column);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, department_box);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, department_heading);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, department_search);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, department_list);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, department_hint);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, level_check);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, category_box);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, category_search);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, category_list);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, place_box);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, place_search);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, place_stack);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, place_list);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, place_label);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, details_group);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, reason_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, hours_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, resolved_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, resolved_switch);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, satisfaction_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, urgency_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, source_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, address_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, reporter_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, text_box);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, text_heading);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, text_view);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, error_clamp);
  gtk_widget_class_bind_template_child (widget_class, GwActionForm, error_label);
  gtk_widget_class_bind_template_callback (widget_class, gw_action_form_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_department_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_department_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_level_check_toggled);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_category_search_changed",
                                                G_CALLBACK (_gw_action_form_on_category_search_changed));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_category_search_activate",
                                                G_CALLBACK (_gw_action_form_on_category_search_activate));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_place_search_changed",
                                                G_CALLBACK (_gw_action_form_on_place_search_changed));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_place_search_activate",
                                                G_CALLBACK (_gw_action_form_on_place_search_activate));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_entry_row_activated",
                                                G_CALLBACK (_gw_action_form_on_entry_row_activated));

  /* Escape cancels; Ctrl+Enter submits (see gw_action_form_init). */
  gtk_widget_class_install_action (widget_class, "form.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "form.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.cancel", NULL);
}

static void
gw_action_form_init (GwActionForm *self)
{
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  self->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_ticket_unref);
  self->refusals = g_string_new (NULL);
  self->ready = TRUE;

  /* Ctrl+Enter submits from anywhere, a multi-line text box included (ahead of it). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, gtk_named_action_new ("form.submit")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_window_set_default_widget (GTK_WINDOW (self), self->submit_button);
}

static void
set_parent (GwActionForm *self,
            GtkWindow    *parent)
{
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
}

/* Public API --------------------------------------------------------------------------- */

GwActionForm *
gw_action_form_new (GtkWindow      *parent,
                    GwActionRunner *runner,
                    GwAction        action,
                    GPtrArray      *tickets)
{
  GwActionForm *self;
  GtkWidget *focus = NULL;
  const char *title;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (runner), NULL);
  g_return_val_if_fail (action < GW_N_ACTIONS, NULL);
  g_return_val_if_fail (tickets != NULL && tickets->len > 0, NULL);

  self = g_object_new (GW_TYPE_ACTION_FORM, NULL);
  set_parent (self, parent);
  self->runner = g_object_ref (runner);
  gw_drill_watermark_attach (GTK_WINDOW (self), gw_action_runner_get_store (runner));
  self->action = action;
  self->fields = action_fields[action];
  for (guint i = 0; i < tickets->len; i++)
    g_ptr_array_add (self->tickets, gw_ticket_ref (g_ptr_array_index (tickets, i)));

  title = gw_action_runner_get_action_title (action);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  gtk_button_set_label (GTK_BUTTON (self->submit_button), title);
  update_summary (self);

  if (self->fields & (FIELD_DEPARTMENT | FIELD_DEPARTMENTS))
    {
      setup_departments (self);
      focus = GTK_WIDGET (self->department_search);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), (self->fields & FIELD_REASON) != 0);
  g_signal_connect_object (self->reason_row, "changed", G_CALLBACK (_gw_action_form_field_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->hours_row, (self->fields & FIELD_HOURS) != 0);
  gtk_widget_set_visible (self->resolved_row, (self->fields & FIELD_RESOLVED) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->satisfaction_row), (self->fields & FIELD_SATISFACTION) != 0);
  gtk_widget_set_visible (self->details_group,
                          (self->fields & (FIELD_REASON | FIELD_HOURS | FIELD_RESOLVED | FIELD_SATISFACTION)) != 0);
  if (self->fields & FIELD_TEXT)
    {
      gtk_label_set_label (self->text_heading, _("What was done"));
      gtk_widget_set_visible (self->text_box, TRUE);
    }

  gtk_widget_set_visible (self->left_column, gtk_widget_get_visible (self->department_box));
  gtk_widget_set_visible (self->right_column, gtk_widget_get_visible (self->details_group) ||
                                              gtk_widget_get_visible (self->text_box));

  if (focus == NULL && (self->fields & FIELD_TEXT))
    focus = GTK_WIDGET (self->text_view);
  if (focus == NULL && (self->fields & FIELD_REASON))
    focus = GTK_WIDGET (self->reason_row);
  if (focus == NULL && (self->fields & FIELD_SATISFACTION))
    focus = GTK_WIDGET (self->satisfaction_row);
  if (focus == NULL)
    focus = self->submit_button;
  gtk_window_set_focus (GTK_WINDOW (self), focus);
  return self;
}

GwActionForm *
gw_action_form_new_report (GtkWindow      *parent,
                           GwActionRunner *runner)
{
  GwActionForm *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_ACTION_RUNNER (runner), NULL);

  self = g_object_new (GW_TYPE_ACTION_FORM, NULL);
  set_parent (self, parent);
  self->runner = g_object_ref (runner);
  gw_drill_watermark_attach (GTK_WINDOW (self), gw_action_runner_get_store (runner));
  self->report = TRUE;
  self->action = GW_N_ACTIONS;
  _gw_action_form_setup_report (self);
  return self;
}

gboolean
gw_action_form_is_report (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  return self->report;
}

GwAction
gw_action_form_get_action (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), GW_N_ACTIONS);
  return self->action;
}

GPtrArray *
gw_action_form_get_tickets (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), NULL);
  return self->tickets;
}

gboolean
gw_action_form_get_ready (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  return self->ready;
}

gboolean
gw_action_form_get_busy (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  return self->busy;
}

const char *
gw_action_form_get_error (GwActionForm *self)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}

gboolean
gw_action_form_select_department (GwActionForm *self,
                                  const char   *code)
{
  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->departments == NULL)
    return FALSE;
  if (self->department_selection != NULL)
    {
      gtk_check_button_set_active (self->level_check, FALSE);
      return _gw_action_form_select_code (self->department_selection, self->department_search, code);
    }
  else
    {
      guint position = _gw_action_form_find_code (G_LIST_MODEL (self->departments), code);
      g_autoptr(GwPickItem) item = NULL;

      if (position == GTK_INVALID_LIST_POSITION)
        return FALSE;
      item = g_list_model_get_item (G_LIST_MODEL (self->departments), position);
      gw_pick_item_set_picked (item, TRUE);
      return TRUE;
    }
}

gboolean
gw_action_form_set_lead_department (GwActionForm *self,
                                    const char   *code)
{
  guint position;
  g_autoptr(GwPickItem) item = NULL;

  g_return_val_if_fail (GW_IS_ACTION_FORM (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->departments == NULL || self->department_selection != NULL)
    return FALSE;
  position = _gw_action_form_find_code (G_LIST_MODEL (self->departments), code);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  item = g_list_model_get_item (G_LIST_MODEL (self->departments), position);
  gw_pick_item_set_lead (item, TRUE);
  return TRUE;
}
