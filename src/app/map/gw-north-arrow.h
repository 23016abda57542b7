/* gw-north-arrow.h: a north arrow for the map, always shown, turning with the map. */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GW_TYPE_NORTH_ARROW (gw_north_arrow_get_type ())
G_DECLARE_FINAL_TYPE (GwNorthArrow, gw_north_arrow, GW, NORTH_ARROW, GtkWidget)

GtkWidget *gw_north_arrow_new (ShumateViewport *viewport);

G_END_DECLS
