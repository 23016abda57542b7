/* gw-stats-private.h: figures for populations other parts of core define. */
#pragma once

#include "gw-stats.h"

G_BEGIN_DECLS

/* The figures of the tickets a drill's injections reported (the drill log's injection
 * entries with a ticket), reported in [from, to): gw_db_get_figures()'s definitions and
 * statement, the drill's tickets as the population. */
GwFigures *_gw_db_get_drill_figures (GwDb    *db,
                                     gint64   from,
                                     gint64   to,
                                     GError **error);

G_END_DECLS
