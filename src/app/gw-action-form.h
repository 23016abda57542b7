/* gw-action-form.h: the short form of one workflow action, or of a new ticket.
 *
 * A modal window over the console that shows only what the action needs: a department
 * picker, several departments and a lead (whistle), a reason, what was done and whether it
 * was resolved, the citizen's evaluation, extra hours; for a new ticket the category, the
 * place, urgency, source, reporter and description. Enter submits (Ctrl+Enter in a text
 * box), Escape cancels. A refusal shows the workflow's reason in the form, which stays
 * open; an applied or pending command closes it after "done".
 */
#pragma once

#include <adwaita.h>

#include "gw-place-map.h"

#include "gw-action-runner.h"

G_BEGIN_DECLS

#define GW_TYPE_ACTION_FORM (gw_action_form_get_type ())
G_DECLARE_FINAL_TYPE (GwActionForm, gw_action_form, GW, ACTION_FORM, AdwWindow)

/* The form of action for tickets (GwTicket, at least one; the form keeps a reference to
 * each). merge: the others are merged into the first. */
GwActionForm *gw_action_form_new                (GtkWindow      *parent,
                                                 GwActionRunner *runner,
                                                 GwAction        action,
                                                 GPtrArray      *tickets);
/* A new ticket from a phone call or a visit. */
GwActionForm *gw_action_form_new_report         (GtkWindow      *parent,
                                                 GwActionRunner *runner);

gboolean      gw_action_form_is_report          (GwActionForm   *self);
GwAction      gw_action_form_get_action         (GwActionForm   *self);
/* The tickets the form still acts on (after a partial refusal: the refused ones). */
GPtrArray    *gw_action_form_get_tickets        (GwActionForm   *self);
/* Property "ready": the lists the form needs (departments, places) are loaded. */
gboolean      gw_action_form_get_ready          (GwActionForm   *self);
/* Property "busy": a submission is under way. */
gboolean      gw_action_form_get_busy           (GwActionForm   *self);
/* The refusal or the missing field the form shows, or "". */
const char   *gw_action_form_get_error          (GwActionForm   *self);

/* What Enter and the submit button do. */
void          gw_action_form_submit             (GwActionForm   *self);

/* Choices, as a click would make them (also for tests). Each returns FALSE when the form
 * has no such choice. For dispatch and reassign, select_department chooses the one; for a
 * whistle it ticks one more and set_lead_department stars the lead. */
gboolean      gw_action_form_select_department  (GwActionForm   *self,
                                                 const char     *code);
gboolean      gw_action_form_set_lead_department (GwActionForm  *self,
                                                 const char     *code);
gboolean      gw_action_form_select_category    (GwActionForm   *self,
                                                 const char     *code);
gboolean      gw_action_form_select_place       (GwActionForm   *self,
                                                 const char     *code);
/* A new ticket's map of the place (NULL for other forms): a click on it sets the point. */
GwPlaceMap   *gw_action_form_get_place_map      (GwActionForm   *self);

G_END_DECLS
