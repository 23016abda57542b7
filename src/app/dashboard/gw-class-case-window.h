/* gw-class-case-window.h: class cases (类案分析) in a window of its own — from solving one
 * problem to solving a class of problems.
 *
 * Left, the class cases core finds (gw-class-case.h) among the reports of the last 30, 90
 * or 365 days, in the district or one street, filtered by kind (grid, nearby, returning,
 * hot spot): each with its title, kind, tickets, open tickets, span and suggested
 * department. Right, the selected case: its facts, its reports week by week (a hot spot's
 * weeks as core counted them), its member tickets, and what to do — show them on the grid
 * map, open one in the console, or make the case one supervised ticket
 * (GwClassCaseDialog). The window never reaches into other windows: "show-on-map" (a
 * GArray of ticket ids) and "open-ticket" (an id) ask its owner. */
#pragma once

#include <adwaita.h>

#include "gw-class-case-dialog.h"
#include "gw-class-case.h"
#include "gw-clock.h"
#include "gw-store.h"
#include "gw-sync-client.h"

G_BEGIN_DECLS

#define GW_TYPE_CLASS_CASE_WINDOW (gw_class_case_window_get_type ())
G_DECLARE_FINAL_TYPE (GwClassCaseWindow, gw_class_case_window, GW, CLASS_CASE_WINDOW, AdwWindow)

/* The class cases of `store`; actor: the officer on duty, who makes class cases (its strings
 * are copied); sync_client: on a seat, the link to the server that class cases are made
 * through, else NULL. */
GwClassCaseWindow *gw_class_case_window_new           (GtkApplication    *application,
                                                       GwStore           *store,
                                                       GwClock           *clock,
                                                       const GwActor     *actor,
                                                       GwSyncClient      *sync_client);
/* The reports searched: those of the last `days` days (30, 90 — the default — or 365). */
void               gw_class_case_window_set_period    (GwClassCaseWindow *self,
                                                       guint              days);
/* The division searched: a street's code, or NULL for the whole district. */
void               gw_class_case_window_set_division  (GwClassCaseWindow *self,
                                                       const char        *code);
/* The kinds listed: bits 1 << GwClassCaseKind (0 lists every kind). */
void               gw_class_case_window_set_kinds     (GwClassCaseWindow *self,
                                                       guint              kinds);
/* Searches again (F5). */
void               gw_class_case_window_refresh       (GwClassCaseWindow *self);
/* How many searches have come back. */
guint              gw_class_case_window_get_n_reads   (GwClassCaseWindow *self);
/* The cases listed, in order (element type GwClassCase; a new array). */
GPtrArray         *gw_class_case_window_get_cases     (GwClassCaseWindow *self);
/* Selects the listed case at position; FALSE when there is none. */
gboolean           gw_class_case_window_select        (GwClassCaseWindow *self,
                                                       guint              position);
/* The selected case, or NULL. */
GwClassCase       *gw_class_case_window_get_selected  (GwClassCaseWindow *self);
/* The selected case's tickets as listed (element type GwTicket), once read; else NULL. */
GPtrArray         *gw_class_case_window_get_members   (GwClassCaseWindow *self);
/* Opens "Make Class Case…" for the selected case (action cases.make); NULL when none is
 * selected. A class case made is said in a toast, and the cases are searched again. */
GwClassCaseDialog *gw_class_case_window_make_class_case (GwClassCaseWindow *self);
/* The last toast's text, or NULL. */
const char        *gw_class_case_window_get_last_toast (GwClassCaseWindow *self);

G_END_DECLS
