/* gw-class-case-dialog.h: "Make Class Case…": one class case (类案) made into a supervised
 * ticket for the department that can fix its cause.
 *
 * A modal window over the class-case window: what the case is, and a department picker
 * (searchable, the case's suggested department chosen at first). Making it goes through
 * the workflow as the officer on duty — on the county file straight through the store
 * (gw_store_open_class_case_async), on a seat through the server
 * (gw_sync_client_open_class_case_async), never into the seat's own mirror. A refusal (a
 * role that may not, a place outside the officer's area, an unknown department) shows the
 * workflow's words in the dialog, which stays open, and nothing is written; "made" (the new
 * ticket) is emitted once the ticket exists, and the dialog closes. */
#pragma once

#include <adwaita.h>

#include "gw-class-case.h"
#include "gw-clock.h"
#include "gw-store.h"
#include "gw-sync-client.h"

G_BEGIN_DECLS

#define GW_TYPE_CLASS_CASE_DIALOG (gw_class_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwClassCaseDialog, gw_class_case_dialog, GW, CLASS_CASE_DIALOG, AdwWindow)

/* sync_client: the seat's link to its server, or NULL on a county file. The actor's strings
 * are copied; the case is referenced. */
GwClassCaseDialog *gw_class_case_dialog_new               (GtkWindow         *parent,
                                                           GwStore           *store,
                                                           GwClock           *clock,
                                                           const GwActor     *actor,
                                                           GwSyncClient      *sync_client,
                                                           GwClassCase       *cc);
GwClassCase       *gw_class_case_dialog_get_case          (GwClassCaseDialog *self);
/* Property "ready": the departments are listed. */
gboolean           gw_class_case_dialog_get_ready         (GwClassCaseDialog *self);
/* Property "busy": the class case is being made. */
gboolean           gw_class_case_dialog_get_busy          (GwClassCaseDialog *self);
/* Chooses a department by its code, as a click would; FALSE for one not listed. */
gboolean           gw_class_case_dialog_select_department (GwClassCaseDialog *self,
                                                           const char        *code);
/* The department chosen, or NULL. */
const char        *gw_class_case_dialog_get_department    (GwClassCaseDialog *self);
/* What the submit button and Enter do. */
void               gw_class_case_dialog_submit            (GwClassCaseDialog *self);
/* The refusal or the missing choice the dialog shows, or "". */
const char        *gw_class_case_dialog_get_error         (GwClassCaseDialog *self);

G_END_DECLS
