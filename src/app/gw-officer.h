/* gw-officer.h: who is on duty at this console — the actor the workflow and "my queue"
 * see. A seat's officer is the user the server signed in (kept in the seat's database);
 * a console on a county file is the district's command center. */
#pragma once

#include "gw-scenario.h"
#include "gw-store.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

typedef struct {
  GwActor  actor;          /* points into the strings below */
  char    *name;
  char    *division_code;
  char    *department_code;
  char    *username;       /* NULL on a county file */
} GwOfficer;

void       gw_officer_free        (GwOfficer           *officer);
/* Reads the officer from the store (on its thread). */
void       gw_officer_read_async  (GwStore             *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* An offline drill's console plays one of the scenario's seats on the drill's copy: the
 * seat's name, role, area and department, its level read from the store. Finish with
 * gw_officer_read_finish(). */
void       gw_officer_read_seat_async (GwStore              *store,
                                       const GwScenarioSeat *seat,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GwOfficer *gw_officer_read_finish (GwStore             *store,
                                   GAsyncResult        *result,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOfficer, gw_officer_free)

G_END_DECLS
