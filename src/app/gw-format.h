/* gw-format.h: how the app writes numbers and times for people. */
#pragma once

#include <glib.h>

#include "gw-enums.h"
#include "gw-policy.h"

G_BEGIN_DECLS

/* value with the locale's thousands separator ("," where the locale has none): "23,529". */
char *gw_format_count          (gint64 value);

/* A Unix time as local date and time: "2025-01-09 10:12". */
char *gw_format_date_time      (gint64 unix_time);

/* A Unix time as local time of day: "10:12:05". */
char *gw_format_time           (gint64 unix_time);

/* How long before now then was: "just now", "12 minutes ago", "3 days ago". */
char *gw_format_time_ago       (gint64 then,
                                gint64 now);

/* A file name for display, the home folder written "~": "~/.local/share/gridwatch/gridwatch.db". */
char *gw_format_path           (const char *path);

/* path quoted for a POSIX shell only where it needs to be. */
char *gw_format_shell_argument (const char *path);

/* Short labels for a ticket's facts, as a column or a filter shows them (translated). */
const char *gw_format_state_label   (GwTicketState state);
const char *gw_format_urgency_label (GwUrgency     urgency);
const char *gw_format_source_label  (GwSource      source);
const char *gw_format_level_label   (GwLevel       level);
const char *gw_format_light_label   (GwLight       light);

/* Time left on a stage, to the minute: "3 d 4 h", "2 h 05 min", "12 min", "overdue 35 min";
 * NULL for G_MININT64 (no clock). */
char *gw_format_time_left      (gint64 seconds);

G_END_DECLS
