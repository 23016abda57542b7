/* gw-drill-inject-form.h: the drill controller's "Inject…" form — an ad-hoc injection.
 *
 * A report (category, a grid's code or a point "lon, lat", description, urgency) or a note
 * to every seat. What is filled in becomes the same JSON a scenario file holds and goes
 * through gw_injection_new_from_json(), so an ad-hoc injection passes the same checks as a
 * scripted one; a refusal is shown in the form, in the parser's words, and nothing is sent.
 * "submit" (const GwInjection *) hands an accepted injection to the controller; the form
 * then closes. Enter (Ctrl+Enter from anywhere) submits, Escape cancels.
 */
#pragma once

#include <adwaita.h>

#include "gw-scenario.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef enum {
  GW_DRILL_INJECT_REPORT = 0,
  GW_DRILL_INJECT_NOTE,
} GwDrillInjectKind;

#define GW_TYPE_DRILL_INJECT_FORM (gw_drill_inject_form_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillInjectForm, gw_drill_inject_form, GW, DRILL_INJECT_FORM, AdwWindow)

/* `scenario` resolves references (NULL: none are allowed). */
GwDrillInjectForm *gw_drill_inject_form_new        (GtkWindow         *parent,
                                                    GwStore           *store,
                                                    GwScenario        *scenario);
void               gw_drill_inject_form_set_kind   (GwDrillInjectForm *self,
                                                    GwDrillInjectKind  kind);
/* Fills the report's fields as an officer would type them (NULL leaves a field as it is). */
void               gw_drill_inject_form_fill_report (GwDrillInjectForm *self,
                                                    const char        *category_code,
                                                    const char        *place,
                                                    const char        *description,
                                                    GwUrgency          urgency);
void               gw_drill_inject_form_fill_note  (GwDrillInjectForm *self,
                                                    const char        *text);
/* What the form would send, as JSON (for the parser, and for tests). */
JsonNode          *gw_drill_inject_form_to_json    (GwDrillInjectForm *self);
/* Parses what is filled in; emits "submit" and closes when accepted, else shows why and
 * returns FALSE. */
gboolean           gw_drill_inject_form_submit     (GwDrillInjectForm *self);
/* Why the last submit was refused, or NULL. */
const char        *gw_drill_inject_form_get_error  (GwDrillInjectForm *self);

G_END_DECLS
