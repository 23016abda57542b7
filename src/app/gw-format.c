/* gw-format.c: how the app writes numbers and times for people.
 *
 * printf's "%'d" groups digits only in some C libraries and never in the C locale, where
 * a control-room screen still wants "23,529": digits are grouped here, in threes, with the
 * locale's separator, or "," where the locale names none.
 */
#define G_LOG_DOMAIN "gw-format"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gw-format.h"
#include "gw-time.h"

char *
gw_format_count (gint64 value)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = NULL;
  GString *out;
  gsize len;
  guint64 magnitude;

  if (sep == NULL || *sep == '\0')
    sep = ",";

  magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  len = strlen (digits);

  out = g_string_new (value < 0 ? "-" : "");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

char *
gw_format_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = gw_time_to_date_time (unix_time);

  if (dt == NULL)
    return g_strdup ("—");

  /* TRANSLATORS: a date and time of day in g_date_time_format() notation */
  return g_date_time_format (dt, _("%Y-%m-%d %H:%M"));
}

char *
gw_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = gw_time_to_date_time (unix_time);

  if (dt == NULL)
    return g_strdup ("—");

  /* TRANSLATORS: a time of day in g_date_time_format() notation */
  return g_date_time_format (dt, _("%H:%M:%S"));
}

char *
gw_format_time_ago (gint64 then,
                    gint64 now)
{
  gint64 seconds = now - then;
  int n;

  if (seconds < 60)
    return g_strdup (_("just now"));

  if (seconds < 60 * 60)
    {
      n = (int) (seconds / 60);
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", n), n);
    }

  if (seconds < 24 * 60 * 60)
    {
      n = (int) (seconds / (60 * 60));
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", n), n);
    }

  n = (int) MIN (seconds / (24 * 60 * 60), G_MAXINT);
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", n), n);
}

char *
gw_format_path (const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *home = g_filename_display_name (g_get_home_dir ());
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (display, home) && display[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", display + len, NULL);

  return g_steal_pointer (&display);
}

char *
gw_format_shell_argument (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_-./+:@%,", *p) == NULL)
        return g_shell_quote (path);
    }

  return *path != '\0' ? g_strdup (path) : g_shell_quote (path);
}

static const char *const state_labels[GW_N_STATES] = {
  N_("Reported"), N_("Verifying"), N_("Screened"), N_("Dispatched"), N_("Signed for"),
  N_("Handling"), N_("Checking"), N_("Suspended"), N_("Closed"), N_("Rejected"),
};

static const char *const urgency_labels[GW_N_URGENCIES] = {
  N_("Normal"), N_("Urgent"), N_("Emergency"),
};

static const char *const source_labels[GW_N_SOURCES] = {
  N_("Grid worker"), N_("12345 hotline"), N_("Video AI"), N_("Sensor"), N_("Higher level"),
  N_("Citizen"),
};

static const char *const level_labels[GW_N_LEVELS] = {
  N_("District"), N_("Street"), N_("Community"), N_("Area"), N_("Grid"), N_("Micro-grid"),
};

static const char *const light_labels[GW_N_LIGHTS] = {
  N_("No clock"), N_("Green"), N_("Yellow"), N_("Red"), N_("Overdue"),
};

const char *
gw_format_state_label (GwTicketState state)
{
  return state < GW_N_STATES ? _(state_labels[state]) : "";
}

const char *
gw_format_urgency_label (GwUrgency urgency)
{
  return urgency < GW_N_URGENCIES ? _(urgency_labels[urgency]) : "";
}

const char *
gw_format_source_label (GwSource source)
{
  return source < GW_N_SOURCES ? _(source_labels[source]) : "";
}

const char *
gw_format_level_label (GwLevel level)
{
  return level < GW_N_LEVELS ? _(level_labels[level]) : "";
}

const char *
gw_format_light_label (GwLight light)
{
  return light < GW_N_LIGHTS ? _(light_labels[light]) : "";
}

char *
gw_format_time_left (gint64 seconds)
{
  gint64 minutes;
  g_autofree char *span = NULL;

  if (seconds == G_MININT64)
    return NULL;
  minutes = (seconds < 0 ? -seconds : seconds) / 60;
  if (minutes >= 24 * 60)
    /* TRANSLATORS: days and hours left, e.g. "3 d 4 h" */
    span = g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
  else if (minutes >= 60)
    /* TRANSLATORS: hours and minutes left, e.g. "2 h 05 min" */
    span = g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  else
    /* TRANSLATORS: minutes left, e.g. "12 min" */
    span = g_strdup_printf (_("%d min"), (int) minutes);
  if (seconds < 0)
    /* TRANSLATORS: how long ago a deadline passed, e.g. "overdue 35 min" */
    return g_strdup_printf (_("overdue %s"), span);
  return g_steal_pointer (&span);
}
