/* gw-dashboard-window.h: the commander's dashboard, a window of its own for the big screen:
 * today's reports, open, red and overdue; the three rates and the closure rates with their
 * denominators; the 30 days' trend; reports by source and board; the streets and
 * departments with the most red and overdue; the newest tickets and open emergencies. It
 * reads GwDashboardFigures on a store reader and again when the change log moves. */
#pragma once

#include <adwaita.h>

#include "gw-clock.h"
#include "gw-dashboard.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_DASHBOARD_WINDOW (gw_dashboard_window_get_type ())
G_DECLARE_FINAL_TYPE (GwDashboardWindow, gw_dashboard_window, GW, DASHBOARD_WINDOW, AdwWindow)

GwDashboardWindow        *gw_dashboard_window_new          (GtkApplication    *application,
                                                            GwStore           *store,
                                                            GwClock           *clock);
/* The window (days before now: 1 today, 7, 30) and the division (a street's code; NULL
 * for the whole district) the figures are for; read again at once. */
void                      gw_dashboard_window_set_period   (GwDashboardWindow *self,
                                                            guint              days);
void                      gw_dashboard_window_set_division (GwDashboardWindow *self,
                                                            const char        *code);
/* The figures on show (NULL before the first read), and how many reads have come back. */
const GwDashboardFigures *gw_dashboard_window_get_figures  (GwDashboardWindow *self);
guint                     gw_dashboard_window_get_n_reads  (GwDashboardWindow *self);

G_END_DECLS
