#define G_LOG_DOMAIN "gw-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gw-calendar.h"
#include "gw-json.h"
#include "gw-time.h"

/* The format this loader reads; see docs/CALENDAR.md. */
#define CALENDAR_FORMAT    "gridwatch-calendar"
#define CALENDAR_VERSION   1

/* Bounds on untrusted input (the shipped calendar is about 3 KB, nested 5 deep). */
#define MAX_BYTES          (1024 * 1024)
#define MAX_DEPTH          8
#define MAX_PERIODS        8       /* working periods in a day */
#define MAX_ENTRIES        400     /* holidays or make-up working days in one year */
#define MAX_NAME_LENGTH    50      /* characters */
#define MIN_YEAR           2000
#define MAX_YEAR           2100

/* The days with precomputed prefix sums: at least these years, and every year of the data. */
#define TABLE_FIRST_YEAR   2020
#define TABLE_LAST_YEAR    2035

#define DAY                86400

/* A working period, in seconds since midnight: [start, end). */
typedef struct {
  int start;
  int end;
} Period;

/* Days are numbered from 1970-01-01 in the county's zone (negative before). */
struct _GwCalendar
{
  Period        periods[MAX_PERIODS];  /* increasing, not overlapping */
  guint         n_periods;
  gint64        day_seconds;    /* working seconds in a working day */
  gint64        week_seconds;   /* working seconds in a week by the weekly rule */
  guint         weekend;        /* bit n set: ISO weekday n (1 = Monday) is a rest day */
  gint64        offset;         /* the county's offset from UTC, seconds */

  GStringChunk *strings;        /* the names */
  GHashTable   *holidays;       /* day number -> holiday name */
  GHashTable   *workdays;       /* day number -> name of the make-up working day */

  gint64        first_day;      /* the table covers first_day .. first_day + n_days - 1 */
  guint         n_days;
  guint8       *working;        /* n_days flags: a working day */
  gint64       *prefix;         /* n_days + 1 sums: working seconds before day first_day + i */
};

G_DEFINE_QUARK (gw-calendar-error-quark, gw_calendar_error)

G_DEFINE_BOXED_TYPE (GwCalendar, gw_calendar, gw_calendar_ref, gw_calendar_unref)

static const char *const root_members[] = {
  "format", "version", "working_hours", "weekend", "years", NULL
};
static const char *const year_members[] = { "holidays", "workdays", NULL };
static const char *const holiday_members[] = { "name", "from", "to", NULL };
static const char *const workday_members[] = { "name", "date", NULL };

static void
calendar_clear (gpointer data)
{
  GwCalendar *self = data;

  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->workdays, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->working, g_free);
  g_clear_pointer (&self->prefix, g_free);
}

static GwCalendar *
calendar_new (void)
{
  GwCalendar *self = g_atomic_rc_box_new0 (GwCalendar);

  self->strings = g_string_chunk_new (512);
  self->holidays = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->workdays = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* The county's zone has a fixed offset (gw-time.h): a day is always 86,400 seconds. */
  self->offset = g_time_zone_get_offset (gw_time_zone (), 0);
  return self;
}

GwCalendar *
gw_calendar_ref (GwCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
gw_calendar_unref (GwCalendar *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, calendar_clear);
}

/* --- days --------------------------------------------------------------------------- */

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* The day number of a valid date. */
static gint64
day_from_dmy (int year,
              int month,
              int day)
{
  GDate date, epoch;

  g_date_clear (&date, 1);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return (gint64) g_date_get_julian (&date) - (gint64) g_date_get_julian (&epoch);
}

static char *
format_day (gint64 day)
{
  GDate date;
  char text[16];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970);
  g_date_add_days (&date, (guint) day);
  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return g_strdup (text);
}

/* 1 = Monday … 7 = Sunday; 1970-01-01 was a Thursday. */
static int
iso_weekday (gint64 day)
{
  return (int) (((day + 3) % 7 + 7) % 7) + 1;
}

static gint64
day_of (GwCalendar *self,
        gint64      when)
{
  return floor_div (when + self->offset, DAY);
}

static gint64
midnight (GwCalendar *self,
          gint64      day)
{
  return day * DAY - self->offset;
}

static gboolean
rule_working (GwCalendar *self,
              gint64      day)
{
  return (self->weekend & (1u << iso_weekday (day))) == 0;
}

static gboolean
day_working (GwCalendar *self,
             gint64      day)
{
  if (day >= self->first_day && day < self->first_day + self->n_days)
    return self->working[day - self->first_day];
  return rule_working (self, day);
}

/* Working seconds in the days a .. b - 1 by the weekly rule alone (a <= b). */
static gint64
rule_sum (GwCalendar *self,
          gint64      a,
          gint64      b)
{
  gint64 weeks = (b - a) / 7;
  gint64 total = weeks * self->week_seconds;

  for (gint64 d = a + weeks * 7; d < b; d++)
    if (rule_working (self, d))
      total += self->day_seconds;
  return total;
}

/* Working seconds from the start of the table to the start of `day` (negative before). */
static gint64
cumulative (GwCalendar *self,
            gint64      day)
{
  gint64 end = self->first_day + self->n_days;

  if (day < self->first_day)
    return -rule_sum (self, day, self->first_day);
  if (day <= end)
    return self->prefix[day - self->first_day];
  return self->prefix[self->n_days] + rule_sum (self, end, day);
}

/* Working seconds of a working day before `second` (seconds since midnight). */
static gint64
within_day (GwCalendar *self,
            gint64      second)
{
  gint64 total = 0;

  for (guint i = 0; i < self->n_periods; i++)
    {
      const Period *p = &self->periods[i];

      if (second <= p->start)
        break;
      total += MIN (second, p->end) - p->start;
    }
  return total;
}

/* Working seconds from the start of the table to `when`. */
static gint64
working_position (GwCalendar *self,
                  gint64      when)
{
  gint64 day = day_of (self, when);
  gint64 total = cumulative (self, day);

  if (day_working (self, day))
    total += within_day (self, when - midnight (self, day));
  return total;
}

/* The first instant of a working day at which `within` (1 … day_seconds) working seconds
 * of it have passed, as seconds since midnight. */
static gint64
instant_in_day (GwCalendar *self,
                gint64      within)
{
  gint64 done = 0;

  for (guint i = 0; i < self->n_periods; i++)
    {
      const Period *p = &self->periods[i];
      gint64 length = p->end - p->start;

      if (done + length >= within)
        return p->start + (within - done);
      done += length;
    }
  return self->periods[self->n_periods - 1].end;
}

/* By the weekly rule: the first day d >= from by whose end `rest` (> 0) working seconds
 * have passed since the start of `from`; *within is what is left for day d itself. */
static gint64
rule_find (GwCalendar *self,
           gint64      from,
           gint64      rest,
           gint64     *within)
{
  gint64 weeks = (rest - 1) / self->week_seconds;
  gint64 day = from + weeks * 7;

  rest -= weeks * self->week_seconds;
  for (;; day++)
    {
      if (!rule_working (self, day))
        continue;
      if (rest <= self->day_seconds)
        break;
      rest -= self->day_seconds;
    }
  *within = rest;
  return day;
}

/* The day d >= from with cumulative (d) < target <= cumulative (d + 1), given that
 * cumulative (from) < target: the working day in which the working-time position `target`
 * is reached. *within is target - cumulative (d). A binary search within the table. */
static gint64
find_day (GwCalendar *self,
          gint64      from,
          gint64      target,
          gint64     *within)
{
  gint64 end = self->first_day + self->n_days;

  if (from < self->first_day)
    {
      if (target <= 0)
        return rule_find (self, from, target - cumulative (self, from), within);
      from = self->first_day;
    }
  if (from < end)
    {
      if (target <= self->prefix[self->n_days])
        {
          /* The last i with prefix[i] < target. */
          gint64 lo = from - self->first_day, hi = (gint64) self->n_days - 1;

          while (lo < hi)
            {
              gint64 mid = lo + (hi - lo + 1) / 2;

              if (self->prefix[mid] < target)
                lo = mid;
              else
                hi = mid - 1;
            }
          *within = target - self->prefix[lo];
          return self->first_day + lo;
        }
      from = end;
    }
  return rule_find (self, from, target - cumulative (self, from), within);
}

static void
build_table (GwCalendar *self,
             int         first_year,
             int         last_year)
{
  gint64 end = day_from_dmy (last_year + 1, 1, 1);

  self->first_day = day_from_dmy (first_year, 1, 1);
  self->n_days = (guint) (end - self->first_day);
  self->working = g_new (guint8, self->n_days);
  self->prefix = g_new (gint64, self->n_days + 1);
  self->prefix[0] = 0;
  for (guint i = 0; i < self->n_days; i++)
    {
      gpointer key = GINT_TO_POINTER ((int) (self->first_day + i));
      gboolean works;

      if (g_hash_table_contains (self->holidays, key))
        works = FALSE;
      else if (g_hash_table_contains (self->workdays, key))
        works = TRUE;
      else
        works = rule_working (self, self->first_day + i);
      self->working[i] = works;
      self->prefix[i + 1] = self->prefix[i] + (works ? self->day_seconds : 0);
    }
}

/* --- loading ------------------------------------------------------------------------ */

static gboolean fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_CALENDAR_ERROR, GW_CALENDAR_ERROR_INVALID, message);
  return FALSE;
}

/* "HH:MM" as seconds since midnight, or -1. "24:00" only when allow_midnight. */
static int
parse_time (const char *text,
            gboolean    allow_midnight)
{
  int hours, minutes;

  if (strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return -1;
  hours = (text[0] - '0') * 10 + (text[1] - '0');
  minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59)
    return -1;
  if (hours > 23 && !(allow_midnight && hours == 24 && minutes == 0))
    return -1;
  return hours * 3600 + minutes * 60;
}

/* "YYYY-MM-DD" as a day number; FALSE when it is not a date. */
static gboolean
parse_date (const char *text,
            int        *year,
            gint64     *day)
{
  int y, m, d;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  *year = y;
  *day = day_from_dmy (y, m, d);
  return TRUE;
}

static gboolean
element_string (JsonArray    *array,
                guint         index,
                const char   *path,
                const char  **out,
                GError      **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, _("%s: expected a string"), path);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
load_working_hours (GwCalendar  *self,
                    JsonObject  *root,
                    GError     **error)
{
  JsonArray *hours = NULL;
  guint n;

  if (!gw_json_get_array (root, NULL, "working_hours", TRUE, &hours, error))
    return FALSE;
  n = json_array_get_length (hours);
  if (n == 0)
    return fail (error, _("working_hours: at least one working period is needed"));
  if (n > MAX_PERIODS)
    return fail (error, _("working_hours: at most %d working periods in a day"), MAX_PERIODS);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = gw_json_path_index ("working_hours", i);
      g_autofree char *start_path = gw_json_path_index (path, 0);
      g_autofree char *end_path = gw_json_path_index (path, 1);
      JsonNode *node = json_array_get_element (hours, i);
      JsonArray *pair;
      const char *start_text, *end_text;
      Period *p = &self->periods[i];

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 2)
        return fail (error, _("%s: expected a pair of times such as [\"09:00\", \"12:00\"]"), path);
      pair = json_node_get_array (node);
      if (!element_string (pair, 0, start_path, &start_text, error) ||
          !element_string (pair, 1, end_path, &end_text, error))
        return FALSE;
      p->start = parse_time (start_text, FALSE);
      if (p->start < 0)
        return fail (error, _("%s: “%s” is not a time of day (HH:MM)"), start_path, start_text);
      p->end = parse_time (end_text, TRUE);
      if (p->end < 0)
        return fail (error, _("%s: “%s” is not a time of day (HH:MM)"), end_path, end_text);
      if (p->end <= p->start)
        return fail (error, _("%s: the period ends at %s, not after it starts (%s)"),
                     end_path, end_text, start_text);
      if (i > 0 && p->start < self->periods[i - 1].end)
        return fail (error, _("%s: the period starts at %s, before the previous period ends"),
                     start_path, start_text);
      self->day_seconds += p->end - p->start;
    }
  self->n_periods = n;
  return TRUE;
}

static gboolean
load_weekend (GwCalendar  *self,
              JsonObject  *root,
              GError     **error)
{
  JsonArray *weekend = NULL;
  guint n, rest_days = 0;

  if (!gw_json_get_array (root, NULL, "weekend", TRUE, &weekend, error))
    return FALSE;
  n = json_array_get_length (weekend);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = gw_json_path_index ("weekend", i);
      JsonNode *node = json_array_get_element (weekend, i);
      gint64 weekday = 0;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        weekday = json_node_get_int (node);
      if (weekday < 1 || weekday > 7)
        return fail (error, _("%s: expected a day of the week from 1 (Monday) to 7 (Sunday)"),
                     path);
      if (self->weekend & (1u << weekday))
        return fail (error, _("%s: day %d of the week is listed twice"), path, (int) weekday);
      self->weekend |= 1u << weekday;
      rest_days++;
    }
  if (rest_days == 7)
    return fail (error, _("weekend: every day of the week is a rest day"));
  self->week_seconds = (7 - rest_days) * self->day_seconds;
  return TRUE;
}

/* Reads the name and checks it: not blank, not too long. */
static gboolean
get_name (JsonObject   *obj,
          const char   *path,
          const char  **out,
          GwCalendar   *self,
          GError      **error)
{
  g_autofree char *name = NULL;
  g_autofree char *name_path = gw_json_path_member (path, "name");
  const char *p;

  if (!gw_json_get_string (obj, path, "name", TRUE, &name, error))
    return FALSE;
  for (p = name; *p != '\0' && g_ascii_isspace (*p); p++)
    ;
  if (*p == '\0')
    return fail (error, _("%s: must not be empty"), name_path);
  if (g_utf8_strlen (name, -1) > MAX_NAME_LENGTH)
    return fail (error, _("%s: longer than %d characters"), name_path, MAX_NAME_LENGTH);
  *out = g_string_chunk_insert_const (self->strings, name);
  return TRUE;
}

/* Reads a date member that must fall in `year`. */
static gboolean
get_date (JsonObject  *obj,
          const char  *path,
          const char  *member,
          int          year,
          gint64      *day,
          GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *where = gw_json_path_member (path, member);
  int date_year;

  if (!gw_json_get_string (obj, path, member, TRUE, &text, error))
    return FALSE;
  if (!parse_date (text, &date_year, day))
    return fail (error, _("%s: “%s” is not a date"), where, text);
  if (date_year != year)
    return fail (error, _("%s: %s is not in %d"), where, text, year);
  return TRUE;
}

/* Checks that a member is an array of objects, no longer than MAX_ENTRIES. */
static gboolean
get_entries (JsonObject  *obj,
             const char  *path,
             const char  *member,
             JsonArray  **out,
             GError     **error)
{
  g_autofree char *where = gw_json_path_member (path, member);

  *out = NULL;
  if (!gw_json_get_array (obj, path, member, FALSE, out, error))
    return FALSE;
  if (*out != NULL && json_array_get_length (*out) > MAX_ENTRIES)
    return fail (error, _("%s: more than %d entries"), where, MAX_ENTRIES);
  return TRUE;
}

static gboolean
load_holidays (GwCalendar  *self,
               JsonArray   *holidays,
               const char  *year_path,
               int          year,
               GError     **error)
{
  g_autofree char *array_path = gw_json_path_member (year_path, "holidays");
  guint n = json_array_get_length (holidays);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = gw_json_path_index (array_path, i);
      g_autofree char *to_path = gw_json_path_member (path, "to");
      JsonObject *obj = gw_json_require_object (json_array_get_element (holidays, i), path, error);
      const char *name;
      gint64 from, to;

      if (obj == NULL ||
          !gw_json_check_members (obj, path, holiday_members, error) ||
          !get_name (obj, path, &name, self, error) ||
          !get_date (obj, path, "from", year, &from, error) ||
          !get_date (obj, path, "to", year, &to, error))
        return FALSE;
      if (to < from)
        {
          g_autofree char *from_text = format_day (from);
          g_autofree char *to_text = format_day (to);

          return fail (error, _("%s: the holiday ends on %s, before it starts (%s)"),
                       to_path, to_text, from_text);
        }
      for (gint64 day = from; day <= to; day++)
        {
          gpointer key = GINT_TO_POINTER ((int) day);
          const char *other = g_hash_table_lookup (self->holidays, key);

          if (other != NULL)
            {
              g_autofree char *text = format_day (day);

              return fail (error, _("%s: %s is already part of the holiday “%s”"),
                           path, text, other);
            }
          g_hash_table_insert (self->holidays, key, (gpointer) name);
        }
    }
  return TRUE;
}

static gboolean
load_workdays (GwCalendar  *self,
               JsonArray   *workdays,
               const char  *year_path,
               int          year,
               GError     **error)
{
  g_autofree char *array_path = gw_json_path_member (year_path, "workdays");
  guint n = json_array_get_length (workdays);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = gw_json_path_index (array_path, i);
      g_autofree char *date_path = gw_json_path_member (path, "date");
      g_autofree char *text = NULL;
      JsonObject *obj = gw_json_require_object (json_array_get_element (workdays, i), path, error);
      const char *name, *other;
      gpointer key;
      gint64 day;

      if (obj == NULL ||
          !gw_json_check_members (obj, path, workday_members, error) ||
          !get_name (obj, path, &name, self, error) ||
          !get_date (obj, path, "date", year, &day, error))
        return FALSE;
      key = GINT_TO_POINTER ((int) day);
      text = format_day (day);
      if ((other = g_hash_table_lookup (self->holidays, key)) != NULL)
        return fail (error, _("%s: %s is also a day of the holiday “%s”"), date_path, text, other);
      if (g_hash_table_contains (self->workdays, key))
        return fail (error, _("%s: %s is listed twice"), date_path, text);
      if (rule_working (self, day))
        return fail (error, _("%s: %s is a working day anyway: a make-up working day must be "
                              "a rest day of the weekend"), date_path, text);
      g_hash_table_insert (self->workdays, key, (gpointer) name);
    }
  return TRUE;
}

static gboolean
load_years (GwCalendar  *self,
            JsonObject  *root,
            int         *first_year,
            int         *last_year,
            GError     **error)
{
  JsonObject *years = NULL;
  JsonObjectIter iter;
  const char *key;

  if (!gw_json_get_object (root, NULL, "years", TRUE, &years, error))
    return FALSE;

  json_object_iter_init (&iter, years);
  while (json_object_iter_next (&iter, &key, NULL))
    {
      g_autofree char *path = gw_json_path_member ("years", key);
      JsonObject *obj = NULL;
      JsonArray *holidays, *workdays;
      int year;

      if (strlen (key) != 4 || !g_ascii_isdigit (key[0]) || !g_ascii_isdigit (key[1]) ||
          !g_ascii_isdigit (key[2]) || !g_ascii_isdigit (key[3]) ||
          (year = atoi (key)) < MIN_YEAR || year > MAX_YEAR)
        return fail (error, _("%s: “%s” is not a year from %d to %d"),
                     path, key, MIN_YEAR, MAX_YEAR);
      if (!gw_json_get_object (years, "years", key, TRUE, &obj, error) ||
          !gw_json_check_members (obj, path, year_members, error) ||
          !get_entries (obj, path, "holidays", &holidays, error) ||
          !get_entries (obj, path, "workdays", &workdays, error))
        return FALSE;
      /* The holidays first, so that a make-up working day can be checked against them. */
      if (holidays != NULL && !load_holidays (self, holidays, path, year, error))
        return FALSE;
      if (workdays != NULL && !load_workdays (self, workdays, path, year, error))
        return FALSE;
      *first_year = MIN (*first_year, year);
      *last_year = MAX (*last_year, year);
    }
  return TRUE;
}

static gboolean
load_root (GwCalendar  *self,
           JsonNode    *node,
           GError     **error)
{
  g_autofree char *format = NULL;
  JsonObject *root;
  gint64 version = 0;
  int first_year = TABLE_FIRST_YEAR, last_year = TABLE_LAST_YEAR;

  root = gw_json_require_object (node, NULL, error);
  if (root == NULL || !gw_json_check_members (root, NULL, root_members, error))
    return FALSE;
  if (!gw_json_get_string (root, NULL, "format", TRUE, &format, error))
    return FALSE;
  if (!g_str_equal (format, CALENDAR_FORMAT))
    return fail (error, _("format: “%s” is not a Gridwatch calendar (expected “%s”)"),
                 format, CALENDAR_FORMAT);
  if (!gw_json_get_int (root, NULL, "version", TRUE, &version, error))
    return FALSE;
  if (version != CALENDAR_VERSION)
    return fail (error, _("version: version %lld is not supported (this build reads "
                          "version %d)"), (long long) version, CALENDAR_VERSION);
  if (!load_working_hours (self, root, error) ||
      !load_weekend (self, root, error) ||
      !load_years (self, root, &first_year, &last_year, error))
    return FALSE;

  build_table (self, first_year, last_year);
  return TRUE;
}

/**
 * gw_calendar_new_from_bytes:
 * @json: the text of a calendar (format in docs/CALENDAR.md)
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL with @error set
 *   (%GW_CALENDAR_ERROR_INVALID, the message starting with the path of the value at fault).
 */
GwCalendar *
gw_calendar_new_from_bytes (GBytes  *json,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GwCalendar) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &len);
  if (len > MAX_BYTES)
    {
      fail (error, _("too large: %zu bytes (at most %d)"), len, MAX_BYTES);
      return NULL;
    }

  self = calendar_new ();
  root = gw_json_parse (data != NULL ? data : "", (gssize) len, MAX_DEPTH, &local_error);
  if (root == NULL || !load_root (self, root, &local_error))
    {
      /* One domain for the caller, whichever checker spoke. */
      g_set_error_literal (error, GW_CALENDAR_ERROR, GW_CALENDAR_ERROR_INVALID,
                           local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * gw_calendar_get_default:
 *
 * Returns: (transfer none): the calendar shipped with Gridwatch, loaded on first use and
 *   kept for the life of the process. Take a reference to keep it beyond a call.
 */
GwCalendar *
gw_calendar_get_default (void)
{
  static gsize shipped;

  if (g_once_init_enter (&shipped))
    g_once_init_leave (&shipped, (gsize) gw_json_load_shipped (GW_CALENDAR_RESOURCE, (GwShippedParser) gw_calendar_new_from_bytes,
                                                                "working calendar"));
  return (GwCalendar *) shipped;
}

/* --- days and working time ------------------------------------------------------------ */

gboolean
gw_calendar_is_working_day (GwCalendar *self,
                            int         year,
                            int         month,
                            int         day)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                                       (GDateYear) year), FALSE);

  return day_working (self, day_from_dmy (year, month, day));
}

const char *
gw_calendar_get_holiday (GwCalendar *self,
                         int         year,
                         int         month,
                         int         day)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                                       (GDateYear) year), NULL);

  return g_hash_table_lookup (self->holidays,
                              GINT_TO_POINTER ((int) day_from_dmy (year, month, day)));
}

gboolean
gw_calendar_is_working_time (GwCalendar *self,
                             gint64      when)
{
  gint64 day, second;

  g_return_val_if_fail (self != NULL, FALSE);

  day = day_of (self, when);
  if (!day_working (self, day))
    return FALSE;
  second = when - midnight (self, day);
  for (guint i = 0; i < self->n_periods; i++)
    if (second >= self->periods[i].start && second < self->periods[i].end)
      return TRUE;
  return FALSE;
}

/**
 * gw_calendar_add_working_seconds:
 *
 * The first instant at which @seconds of working time have passed since @start: a limit
 * that is used up exactly at the close of a working period ends at that close (12:00),
 * not at the start of the next period.
 */
gint64
gw_calendar_add_working_seconds (GwCalendar *self,
                                 gint64      start,
                                 gint64      seconds)
{
  gint64 day, within;

  g_return_val_if_fail (self != NULL, start);
  g_return_val_if_fail (seconds >= 0, start);

  day = day_of (self, start);
  if (seconds == 0)
    {
      gint64 second = start - midnight (self, day);

      if (day_working (self, day))
        for (guint i = 0; i < self->n_periods; i++)
          if (second < self->periods[i].end)
            return midnight (self, day) + MAX (second, self->periods[i].start);
      /* The next working day's first period. */
      day = find_day (self, day + 1, cumulative (self, day + 1) + 1, &within);
      return midnight (self, day) + self->periods[0].start;
    }

  day = find_day (self, day, working_position (self, start) + seconds, &within);
  return midnight (self, day) + instant_in_day (self, within);
}

/**
 * gw_calendar_add_working_days:
 *
 * The close of the @days-th working day after the day of @start. With @days 0, the close
 * of the day of @start when it is a working day, else of the next working day.
 */
gint64
gw_calendar_add_working_days (GwCalendar *self,
                              gint64      start,
                              guint       days)
{
  gint64 day, within;

  g_return_val_if_fail (self != NULL, start);

  day = day_of (self, start);
  if (days > 0 || !day_working (self, day))
    {
      gint64 n = MAX (days, 1);

      /* Every working day holds day_seconds, so the n-th one after this day ends exactly
       * n working days' worth of seconds after its end. */
      day = find_day (self, day + 1, cumulative (self, day + 1) + n * self->day_seconds,
                      &within);
    }
  return midnight (self, day) + self->periods[self->n_periods - 1].end;
}

gint64
gw_calendar_working_seconds_between (GwCalendar *self,
                                     gint64      a,
                                     gint64      b)
{
  g_return_val_if_fail (self != NULL, 0);

  if (b <= a)
    return 0;
  return working_position (self, b) - working_position (self, a);
}

/* The naive walker: the oracle for the tests and the baseline for the benchmarks. It
 * shares nothing with the tables above but the data as loaded: each day's kind comes from
 * the holiday and make-up lists and the weekday of a GDateTime, and working time is
 * counted a minute at a time (the periods start and end on whole minutes). */
static gboolean
naive_day_working (GwCalendar *self,
                   GDateTime  *local)
{
  gpointer key = GINT_TO_POINTER ((int) day_from_dmy (g_date_time_get_year (local),
                                                      g_date_time_get_month (local),
                                                      g_date_time_get_day_of_month (local)));

  if (g_hash_table_contains (self->holidays, key))
    return FALSE;
  if (g_hash_table_contains (self->workdays, key))
    return TRUE;
  return (self->weekend & (1u << g_date_time_get_day_of_week (local))) == 0;
}

gint64
gw_calendar_add_working_seconds_naive (GwCalendar *self,
                                       gint64      start,
                                       gint64      seconds)
{
  gint64 when = start, rest = seconds;
  gint64 day_start = 0, day_end = G_MININT64;
  gboolean day_works = FALSE;

  g_return_val_if_fail (self != NULL, start);
  g_return_val_if_fail (seconds >= 0, start);

  for (;;)
    {
      gint64 second, minute_end;
      gboolean works = FALSE;

      if (when >= day_end)
        {
          g_autoptr(GDateTime) local = gw_time_to_date_time (when);

          day_start = gw_time_start_of_day (when);
          day_end = day_start + DAY;
          day_works = naive_day_working (self, local);
        }
      second = when - day_start;
      minute_end = when - second % 60 + 60;
      if (day_works)
        for (guint i = 0; i < self->n_periods; i++)
          if (second >= self->periods[i].start && second < self->periods[i].end)
            works = TRUE;
      if (works)
        {
          if (rest <= minute_end - when)
            return when + rest;
          rest -= minute_end - when;
        }
      when = minute_end;
    }
}
