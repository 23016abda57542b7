/* gw-drill-picker.h: "Start a Drill…" — the trainer picks one of the shipped scenarios.
 *
 * The scenarios are listed (read on a worker) with their title, summary, demo county and
 * length; the drill is played on the scenario's demo county or, when the picker was opened
 * from a console on a county file, on a copy of that county. Activating a scenario starts
 * the drill (gw_drill_launch_async: a new console on the copy) and closes the picker.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_DRILL_PICKER (gw_drill_picker_get_type ())
G_DECLARE_FINAL_TYPE (GwDrillPicker, gw_drill_picker, GW, DRILL_PICKER, AdwWindow)

/* `county_path`: the county the console shows (NULL: only the demo counties). */
GwDrillPicker *gw_drill_picker_new        (GtkApplication *application,
                                           GtkWindow      *parent,
                                           const char     *county_path);
/* The scenarios listed (0 until read), and starting the n-th as its row does. */
guint          gw_drill_picker_get_n_items (GwDrillPicker *self);
gboolean       gw_drill_picker_start       (GwDrillPicker *self,
                                            guint          n);

G_END_DECLS
