/* gw-handover-dialog.c: writing, signing and searching shift handovers. */
#define G_LOG_DOMAIN "gw-handover-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-drill-watermark.h"
#include "gw-format.h"
#include "gw-handover-dialog.h"

#define SEARCH_LIMIT 200

struct _GwHandoverDialog
{
  AdwWindow         parent_instance;

  /* template */
  AdwViewStack     *view_stack;
  GtkLabel         *outgoing_label;
  GtkLabel         *open_value;
  GtkLabel         *red_value;
  GtkLabel         *overdue_value;
  GtkLabel         *emergencies_value;
  GtkLabel         *pending_value;
  GtkTextView      *note_view;
  GtkLabel         *write_status;
  GtkStack         *sign_stack;
  GtkLabel         *sign_title_label;
  GtkLabel         *sign_state_label;
  GtkLabel         *sign_note_label;
  GtkWidget        *sign_controls;
  GtkEntry         *incoming_entry;
  GtkLabel         *sign_status;
  GtkSearchEntry   *search_entry;
  GtkStack         *log_stack;
  GtkListBox       *log_list;
  AdwStatusPage    *log_empty_page;

  GwStore          *store;
  GwClock          *clock;
  char             *officer;
  GCancellable     *cancellable;
  guint             busy;
  guint             search_generation;
  guint             n_found;
  GwHandoverCounts  counts;
  GwHandover       *signing;      /* the handover on the Sign page */
};

G_DEFINE_FINAL_TYPE (GwHandoverDialog, gw_handover_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void search (GwHandoverDialog *self);
static void load_signing (GwHandoverDialog *self, gint64 id);

/* Calls to the store ------------------------------------------------------------------- */

static void
busy_add (GwHandoverDialog *self,
          int               delta)
{
  gboolean was = self->busy > 0;

  self->busy += delta;
  if (was != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* What comes back from the store, for `self`: the result or the error, NULL when the
 * dialog has been closed meanwhile. */
static gpointer
finish (GwHandoverDialog  *self,
        GObject           *store,
        GAsyncResult      *result,
        gboolean           read,
        GError           **error)
{
  gpointer value = read ? gw_store_read_finish (GW_STORE (store), result, error)
                        : gw_store_run_finish (GW_STORE (store), result, error);

  busy_add (self, -1);
  return value;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CLOSED);
}

typedef enum {
  STATUS_NOTE,
  STATUS_DONE,
  STATUS_REFUSED,
} Status;

static void
set_status (GtkLabel   *label,
            const char *text,
            Status      status)
{
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_label_set_label (label, text ? text : "");
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "dim-label");
  gtk_widget_add_css_class (widget, status == STATUS_REFUSED ? "error"
                                    : status == STATUS_DONE ? "success" : "dim-label");
}

static void
set_count (GtkLabel *label,
           gint64    value)
{
  g_autofree char *text = gw_format_count (value);
  gtk_label_set_label (label, text);
}

/* The draft ----------------------------------------------------------------------------- */

static gpointer
draft_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  return gw_db_handover_draft (db, *(gint64 *) data, error);
}

static void
on_draft_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwHandoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwHandover) draft = finish (self, object, result, TRUE, &error);

  if (draft == NULL)
    {
      if (!is_cancelled (error))
        set_status (self->write_status, error->message, STATUS_REFUSED);
      return;
    }
  self->counts = draft->counts;
  set_count (self->open_value, draft->counts.open);
  set_count (self->red_value, draft->counts.red);
  set_count (self->overdue_value, draft->counts.overdue);
  set_count (self->emergencies_value, draft->counts.emergencies);
  set_count (self->pending_value, draft->counts.pending);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), draft->note, -1);
  set_status (self->write_status, _("Complete the note for the next shift, then write it."), STATUS_NOTE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.write", TRUE);
}

static void
draft_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (widget);
  gint64 now = gw_clock_get_now (self->clock);

  busy_add (self, 1);
  gw_store_read_async (self->store, draft_func, g_memdup2 (&now, sizeof now), g_free,
                       (GDestroyNotify) gw_handover_free, self->cancellable, on_draft_done,
                       g_object_ref (self));
}

/* Writing ------------------------------------------------------------------------------ */

typedef struct {
  char   *officer;
  char   *note;
  gint64  now;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->officer);
  g_free (job->note);
  g_free (job);
}

static gpointer
write_func (GwDb     *db,
            gpointer  data,
            GError  **error)
{
  WriteJob *job = data;
  gint64 id = gw_db_handover_write (db, job->officer, job->note, job->now, error);

  return id ? gw_db_handover_get (db, id, error) : NULL;
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwHandoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwHandover) written = finish (self, object, result, FALSE, &error);
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;

  if (written == NULL)
    {
      if (!is_cancelled (error))
        {
          set_status (self->write_status, error->message, STATUS_REFUSED);
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.write", TRUE);
        }
      return;
    }
  when = gw_format_date_time (written->written_at);
  /* Translators: %s is a date and time. */
  message = g_strdup_printf (_("Handover written at %s. The incoming officer signs it on the Sign page."),
                             when);
  set_status (self->write_status, message, STATUS_DONE);
  /* Written once: a changed note may be written again. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.write", FALSE);
  load_signing (self, written->id);
  search (self);
}

static void
write_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (widget);
  WriteJob *job = g_new0 (WriteJob, 1);

  job->officer = g_strdup (self->officer);
  job->note = gw_handover_dialog_get_note (self);
  job->now = gw_clock_get_now (self->clock);
  gtk_widget_action_set_enabled (widget, "handover.write", FALSE);
  busy_add (self, 1);
  gw_store_run_async (self->store, write_func, job, (GDestroyNotify) write_job_free,
                      (GDestroyNotify) gw_handover_free, self->cancellable, on_written,
                      g_object_ref (self));
}

static void
on_note_changed (GwHandoverDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.write", TRUE);
}

/* Signing ------------------------------------------------------------------------------ */

static void
show_signing (GwHandoverDialog *self,
              GwHandover       *handover)
{
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;

  g_clear_pointer (&self->signing, gw_handover_free);
  if (handover == NULL)
    {
      gtk_stack_set_visible_child_name (self->sign_stack, "none");
      return;
    }
  self->signing = gw_handover_copy (handover);
  when = gw_format_date_time (handover->written_at);
  /* Translators: the officer who wrote a handover, then a date and time. */
  title = g_strdup_printf (_("Handover from %s, written %s"), handover->outgoing, when);
  gtk_label_set_label (self->sign_title_label, title);
  gtk_label_set_label (self->sign_note_label, handover->note);
  if (handover->signed_at)
    {
      g_autofree char *signed_when = gw_format_date_time (handover->signed_at);
      /* Translators: the incoming officer, then a date and time. */
      g_autofree char *state = g_strdup_printf (_("Signed by %s at %s"), handover->incoming, signed_when);
      gtk_label_set_label (self->sign_state_label, state);
    }
  else
    gtk_label_set_label (self->sign_state_label,
                         _("Not signed yet: the incoming officer reads it and signs with their name."));
  gtk_widget_set_visible (self->sign_controls, handover->signed_at == 0);
  gtk_stack_set_visible_child_name (self->sign_stack, "handover");
}

static gpointer
load_signing_func (GwDb     *db,
                   gpointer  data,
                   GError  **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(GwHandover) handover = NULL;
  GPtrArray *found;

  if (id == 0)
    return gw_db_handover_list_unsigned (db, error);
  if (!(handover = gw_db_handover_get (db, id, error)))
    return NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_handover_free);
  g_ptr_array_add (found, g_steal_pointer (&handover));
  return found;
}

static void
on_signing_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwHandoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = finish (self, object, result, TRUE, &error);

  if (found == NULL)
    {
      if (!is_cancelled (error))
        set_status (self->sign_status, error->message, STATUS_REFUSED);
      return;
    }
  show_signing (self, found->len > 0 ? g_ptr_array_index (found, 0) : NULL);
}

/* Shows handover `id` on the Sign page, or the newest not yet signed for 0. */
static void
load_signing (GwHandoverDialog *self,
              gint64            id)
{
  busy_add (self, 1);
  gw_store_read_async (self->store, load_signing_func, g_memdup2 (&id, sizeof id), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_signing_loaded,
                       g_object_ref (self));
}

typedef struct {
  gint64  id;
  char   *incoming;
  gint64  now;
} SignJob;

static void
sign_job_free (SignJob *job)
{
  g_free (job->incoming);
  g_free (job);
}

static gpointer
sign_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  SignJob *job = data;

  if (!gw_db_handover_sign (db, job->id, job->incoming, job->now, error))
    return NULL;
  return gw_db_handover_get (db, job->id, error);
}

static void
on_signed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwHandoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwHandover) handover = finish (self, object, result, FALSE, &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.sign", TRUE);
  if (handover == NULL)
    {
      if (is_cancelled (error))
        return;
      set_status (self->sign_status, error->message, STATUS_REFUSED);
      /* Signed elsewhere meanwhile: show it as it is now, the reason stays. */
      if (g_error_matches (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_ALREADY_SIGNED) && self->signing)
        load_signing (self, self->signing->id);
      return;
    }
  show_signing (self, handover);
  {
    g_autofree char *when = gw_format_date_time (handover->signed_at);
    /* Translators: the incoming officer, then a date and time. */
    g_autofree char *message = g_strdup_printf (_("Signed by %s at %s. The shift is handed over."),
                                                handover->incoming, when);
    set_status (self->sign_status, message, STATUS_DONE);
  }
  search (self);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (widget);
  SignJob *job;

  if (self->signing == NULL)
    return;
  job = g_new0 (SignJob, 1);
  job->id = self->signing->id;
  job->incoming = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->incoming_entry)));
  job->now = gw_clock_get_now (self->clock);
  set_status (self->sign_status, NULL, STATUS_NOTE);
  gtk_widget_action_set_enabled (widget, "handover.sign", FALSE);
  busy_add (self, 1);
  gw_store_run_async (self->store, sign_func, job, (GDestroyNotify) sign_job_free,
                      (GDestroyNotify) gw_handover_free, self->cancellable, on_signed,
                      g_object_ref (self));
}

static void
on_incoming_activate (GwHandoverDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "handover.sign", NULL);
}

/* The log ------------------------------------------------------------------------------ */

static void
on_sign_row_clicked (GtkButton        *button,
                     GwHandoverDialog *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "handover-id");

  set_status (self->sign_status, NULL, STATUS_NOTE);
  load_signing (self, id);
  adw_view_stack_set_visible_child_name (self->view_stack, "sign");
}

static GtkWidget *
log_row (GwHandoverDialog *self,
         GwHandover       *h)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *note = gtk_label_new (h->note);
  g_autofree char *written = gw_format_date_time (h->written_at);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *open = gw_format_count (h->counts.open);
  g_autofree char *red = gw_format_count (h->counts.red);
  g_autofree char *overdue = gw_format_count (h->counts.overdue);
  g_autofree char *emergencies = gw_format_count (h->counts.emergencies);

  if (h->signed_at)
    /* Translators: a handover in the log: outgoing officer → incoming officer. */
    title = g_strdup_printf (_("%s → %s"), h->outgoing, h->incoming);
  else
    /* Translators: a handover in the log that nobody has signed yet. */
    title = g_strdup_printf (_("%s → not signed yet"), h->outgoing);
  /* Translators: a handover in the log: when it was written, then its counts. */
  subtitle = g_strdup_printf (_("%s · %s open, %s red, %s overdue, %s emergencies"),
                              written, open, red, overdue, emergencies);
  {
    g_autofree char *title_markup = g_markup_escape_text (title, -1);
    g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle_markup);
  }

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (note), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_set_margin_top (note, 12);
  gtk_widget_set_margin_bottom (note, 12);
  gtk_widget_set_margin_start (note, 12);
  gtk_widget_set_margin_end (note, 12);
  gtk_widget_add_css_class (note, "handover-note");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), note);

  if (h->signed_at == 0)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Sign…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "handover-id", g_memdup2 (&h->id, sizeof h->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_sign_row_clicked), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
    }
  return row;
}

typedef struct {
  GwHandoverDialog *self;
  guint             generation;
} SearchCall;

static gpointer
search_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  return gw_db_handover_search (db, data, SEARCH_LIMIT, error);
}

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SearchCall *call = user_data;
  g_autoptr(GwHandoverDialog) self = call->self;
  guint generation = call->generation;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = finish (self, object, result, TRUE, &error);
  GtkWidget *child;

  g_free (call);
  if (found == NULL)
    {
      if (!is_cancelled (error))
        {
          adw_status_page_set_description (self->log_empty_page, error->message);
          gtk_stack_set_visible_child_name (self->log_stack, "empty");
        }
      return;
    }
  /* A newer search is on its way. */
  if (generation != self->search_generation)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->log_list))))
    gtk_list_box_remove (self->log_list, child);
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->log_list, log_row (self, g_ptr_array_index (found, i)));
  self->n_found = found->len;
  adw_status_page_set_description (self->log_empty_page,
                                   *gtk_editable_get_text (GTK_EDITABLE (self->search_entry))
                                     ? _("No handover note or officer’s name holds that text.")
                                     : _("No handover has been written yet."));
  gtk_stack_set_visible_child_name (self->log_stack, found->len ? "list" : "empty");
}

static void
search (GwHandoverDialog *self)
{
  SearchCall *call = g_new0 (SearchCall, 1);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  call->self = g_object_ref (self);
  call->generation = ++self->search_generation;
  busy_add (self, 1);
  gw_store_read_async (self->store, search_func, g_strdup (text), g_free,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_searched, call);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "log");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_changed (GwHandoverDialog *self)
{
  search (self);
}

/* Object ------------------------------------------------------------------------------- */

static void
gw_handover_dialog_dispose (GObject *object)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_HANDOVER_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (gw_handover_dialog_parent_class)->dispose (object);
}

static void
gw_handover_dialog_finalize (GObject *object)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->signing, gw_handover_free);
  g_free (self->officer);
  G_OBJECT_CLASS (gw_handover_dialog_parent_class)->finalize (object);
}

static void
gw_handover_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GwHandoverDialog *self = GW_HANDOVER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_handover_dialog_class_init (GwHandoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_handover_dialog_dispose;
  object_class->finalize = gw_handover_dialog_finalize;
  object_class->get_property = gw_handover_dialog_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwatch/Gridwatch/gw-handover-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, outgoing_label);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, open_value);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, red_value);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, overdue_value);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, emergencies_value);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, pending_value);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, write_status);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_stack);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_title_label);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_state_label);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_note_label);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_controls);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, incoming_entry);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, sign_status);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, log_stack);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, log_list);
  gtk_widget_class_bind_template_child (widget_class, GwHandoverDialog, log_empty_page);

  gtk_widget_class_install_action (widget_class, "handover.draft", NULL, draft_action);
  gtk_widget_class_install_action (widget_class, "handover.write", NULL, write_action);
  gtk_widget_class_install_action (widget_class, "handover.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "handover.find", NULL, find_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "handover.find", NULL);

  gtk_widget_class_set_css_name (widget_class, "handoverdialog");
}

static void
gw_handover_dialog_init (GwHandoverDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (on_note_changed), self);
  g_signal_connect_swapped (self->incoming_entry, "activate", G_CALLBACK (on_incoming_activate), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.write", FALSE);
}

GwHandoverDialog *
gw_handover_dialog_new (GtkWindow  *parent,
                        GwStore    *store,
                        GwClock    *clock,
                        const char *officer)
{
  GwHandoverDialog *self;
  g_autofree char *outgoing = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_CLOCK (clock), NULL);

  self = g_object_new (GW_TYPE_HANDOVER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->officer = g_strdup (officer);
  gw_drill_watermark_attach (GTK_WINDOW (self), store);

  /* Translators: who writes the handover note: the officer on duty at this seat. */
  outgoing = g_strdup_printf (_("Outgoing officer: %s"), officer && *officer ? officer : "—");
  gtk_label_set_label (self->outgoing_label, outgoing);

  gtk_widget_activate_action (GTK_WIDGET (self), "handover.draft", NULL);
  load_signing (self, 0);
  search (self);
  return self;
}

void
gw_handover_dialog_set_page (GwHandoverDialog *self,
                             const char       *page)
{
  g_return_if_fail (GW_IS_HANDOVER_DIALOG (self));
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

const char *
gw_handover_dialog_get_page (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

gboolean
gw_handover_dialog_get_busy (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), FALSE);
  return self->busy > 0;
}

const GwHandoverCounts *
gw_handover_dialog_get_counts (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);
  return &self->counts;
}

char *
gw_handover_dialog_get_note (GwHandoverDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
gw_handover_dialog_set_note (GwHandoverDialog *self,
                             const char       *note)
{
  g_return_if_fail (GW_IS_HANDOVER_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);
}

const char *
gw_handover_dialog_get_write_status (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);
  return gtk_label_get_label (self->write_status);
}

const GwHandover *
gw_handover_dialog_get_signing (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);
  return self->signing;
}

void
gw_handover_dialog_set_incoming (GwHandoverDialog *self,
                                 const char       *name)
{
  g_return_if_fail (GW_IS_HANDOVER_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->incoming_entry), name ? name : "");
}

const char *
gw_handover_dialog_get_sign_status (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), NULL);
  return gtk_label_get_label (self->sign_status);
}

void
gw_handover_dialog_set_search_text (GwHandoverDialog *self,
                                    const char       *text)
{
  g_return_if_fail (GW_IS_HANDOVER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* At once, not after the entry's typing delay. */
  search (self);
}

guint
gw_handover_dialog_get_n_found (GwHandoverDialog *self)
{
  g_return_val_if_fail (GW_IS_HANDOVER_DIALOG (self), 0);
  return self->n_found;
}
