/* gw-handover-dialog.h: the shift handover (交接班) window.
 *
 * Three pages: Write — the outgoing officer's note, pre-filled from the queue (what is
 * open, red, overdue and pending) and editable; Sign — the newest handover not yet signed,
 * signed with the incoming officer's name; Log — every handover, newest first, searched as
 * you type. Its actions: handover.draft (pre-fill again), handover.write, handover.sign,
 * handover.find (Ctrl+F); Escape or Ctrl+W closes it. Every read and write goes through the
 * store; a refusal is said on the page.
 */
#pragma once

#include <adwaita.h>

#include "gw-clock.h"
#include "gw-handover.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_HANDOVER_DIALOG (gw_handover_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwHandoverDialog, gw_handover_dialog, GW, HANDOVER_DIALOG, AdwWindow)

/* officer: who is on duty at this seat, the outgoing officer of a note written here. The
 * store must be open. */
GwHandoverDialog *gw_handover_dialog_new              (GtkWindow        *parent,
                                                       GwStore          *store,
                                                       GwClock          *clock,
                                                       const char       *officer);

/* "write", "sign" or "log". */
void              gw_handover_dialog_set_page         (GwHandoverDialog *self,
                                                       const char       *page);
const char       *gw_handover_dialog_get_page         (GwHandoverDialog *self);

/* TRUE while the store is asked something ("busy" is notified). */
gboolean          gw_handover_dialog_get_busy         (GwHandoverDialog *self);

/* The Write page: the counts of the draft, the note as edited, and what the page says. */
const GwHandoverCounts *gw_handover_dialog_get_counts (GwHandoverDialog *self);
char             *gw_handover_dialog_get_note         (GwHandoverDialog *self);
void              gw_handover_dialog_set_note         (GwHandoverDialog *self,
                                                       const char       *note);
const char       *gw_handover_dialog_get_write_status (GwHandoverDialog *self);

/* The Sign page: the handover shown (NULL when none waits), the incoming officer's name,
 * and what the page says (a refusal's reason, or who signed). */
const GwHandover *gw_handover_dialog_get_signing      (GwHandoverDialog *self);
void              gw_handover_dialog_set_incoming     (GwHandoverDialog *self,
                                                       const char       *name);
const char       *gw_handover_dialog_get_sign_status  (GwHandoverDialog *self);

/* The Log page: the search and how many handovers it found. */
void              gw_handover_dialog_set_search_text  (GwHandoverDialog *self,
                                                       const char       *text);
guint             gw_handover_dialog_get_n_found      (GwHandoverDialog *self);

G_END_DECLS
