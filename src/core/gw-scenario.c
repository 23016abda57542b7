/* gw-scenario.c: drill scenarios — the types, their memory, names and texts.
 *
 * Parsing lives in gw-scenario-parse.c, the county check in gw-scenario-county.c.
 */
#define G_LOG_DOMAIN "gw-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-dictionary.h"
#include "gw-scenario-private.h"

G_DEFINE_QUARK (gw-scenario-error-quark, gw_scenario_error)

G_DEFINE_BOXED_TYPE (GwScenario, gw_scenario, gw_scenario_ref, gw_scenario_unref)

static const char *const injection_kind_names[] = {
  "report", "directive", "camera_feed", "worker_off_duty", "network_drop", "note", NULL
};

static const char *const expect_kind_names[] = {
  "screened_within", "dispatched_within", "signed_within", "whistled_within",
  "escalated_within", "closed_within", "cameras_on_wall_within", NULL
};

const char *
gw_injection_kind_to_string (GwInjectionKind kind)
{
  return (guint) kind < GW_N_INJECTION_KINDS ? injection_kind_names[kind] : NULL;
}

gboolean
gw_injection_kind_from_string (const char      *str,
                               GwInjectionKind *out)
{
  for (guint i = 0; str != NULL && injection_kind_names[i] != NULL; i++)
    if (g_str_equal (str, injection_kind_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_expect_kind_to_string (GwExpectKind kind)
{
  return (guint) kind < GW_N_EXPECT_KINDS ? expect_kind_names[kind] : NULL;
}

gboolean
gw_expect_kind_from_string (const char   *str,
                            GwExpectKind *out)
{
  for (guint i = 0; str != NULL && expect_kind_names[i] != NULL; i++)
    if (g_str_equal (str, expect_kind_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_scenario_text_get (const GwScenarioText *text)
{
  if (text == NULL)
    return NULL;
  if (gw_locale_is_chinese ())
    return text->zh_CN != NULL ? text->zh_CN : text->en;
  return text->en != NULL ? text->en : text->zh_CN;
}

void
_gw_scenario_text_clear (GwScenarioText *text)
{
  g_clear_pointer (&text->en, g_free);
  g_clear_pointer (&text->zh_CN, g_free);
}

void
_gw_scenario_text_set (GwScenarioText *text,
                       const char     *en,
                       const char     *zh_CN)
{
  _gw_scenario_text_clear (text);
  text->en = g_strdup (en);
  text->zh_CN = g_strdup (zh_CN);
}

void
_gw_scenario_text_copy (GwScenarioText       *dest,
                        const GwScenarioText *src)
{
  dest->en = g_strdup (src->en);
  dest->zh_CN = g_strdup (src->zh_CN);
}

void
_gw_scenario_ref_free (GwScenarioRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->code);
  g_free (ref->field);
  g_free (ref);
}

GwScenarioProblem *
_gw_scenario_problem_new (guint       line,
                          const char *field,
                          const char *message)
{
  GwScenarioProblem *problem = g_new0 (GwScenarioProblem, 1);

  problem->line = line;
  problem->field = g_strdup (field != NULL ? field : "");
  problem->message = g_strdup (message);
  return problem;
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const GwScenarioProblem *pa = *(const GwScenarioProblem *const *) a;
  const GwScenarioProblem *pb = *(const GwScenarioProblem *const *) b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

void
_gw_scenario_problems_to_error (GPtrArray  *problems,
                                GQuark      domain,
                                int         code,
                                GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const GwScenarioProblem *first;

  g_return_if_fail (problems != NULL && problems->len > 0);

  /* Stable (GLib's sort is a merge sort): problems of one line keep their order. */
  g_ptr_array_sort (problems, compare_problems);
  first = g_ptr_array_index (problems, 0);
  if (first->line > 0)
    g_string_append_printf (text, _("line %u: "), first->line);
  if (first->field != NULL && *first->field != '\0')
    g_string_append_printf (text, "%s: ", first->field);
  g_string_append (text, first->message);
  if (problems->len > 1)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "(and %u more problem)",
                                                 "(and %u more problems)", problems->len - 1),
                              problems->len - 1);
    }
  g_set_error_literal (error, domain, code, text->str);
}

/* Durations --------------------------------------------------------------------------- */

#define MAX_DURATION ((gint64) 366 * 24 * 3600)

static gboolean
parse_offset (const char *text,
              gint64     *out)
{
  /* "+HH:MM" or "+HH:MM:SS"; HH may exceed 23 (a drill of days). */
  const char *p = text + 1;
  gint64 parts[3] = { 0, 0, 0 };
  guint n = 0;

  while (n < 3)
    {
      guint digits = 0;
      gint64 value = 0;

      while (g_ascii_isdigit (*p) && digits < 6)
        {
          value = value * 10 + (*p - '0');
          p++;
          digits++;
        }
      if (digits == 0 || (n > 0 && digits != 2))
        return FALSE;
      parts[n++] = value;
      if (*p == '\0')
        break;
      if (*p != ':')
        return FALSE;
      p++;
    }
  if (*p != '\0' || n < 2 || parts[1] > 59 || parts[2] > 59)
    return FALSE;
  *out = parts[0] * 3600 + parts[1] * 60 + parts[2];
  return *out <= MAX_DURATION;
}

gboolean
_gw_scenario_parse_duration (const char *text,
                             gint64     *out)
{
  static const struct { char unit; gint64 seconds; } units[] = {
    { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
  };
  const char *p = text;
  guint next_unit = 0;
  gint64 total = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (*text == '+')
    return parse_offset (text, out);

  while (*p != '\0')
    {
      gint64 value = 0;
      guint digits = 0;
      guint u;

      while (g_ascii_isdigit (*p))
        {
          if (++digits > 9)
            return FALSE;
          value = value * 10 + (*p - '0');
          p++;
        }
      if (digits == 0)
        return FALSE;
      /* Units in falling order, each at most once: "1h30m", never "30m1h". */
      for (u = next_unit; u < G_N_ELEMENTS (units); u++)
        if (units[u].unit == *p)
          break;
      if (u == G_N_ELEMENTS (units))
        return FALSE;
      total += value * units[u].seconds;
      if (total > MAX_DURATION)
        return FALSE;
      next_unit = u + 1;
      p++;
    }
  *out = total;
  return TRUE;
}

char *
_gw_scenario_format_duration (gint64 seconds)
{
  GString *text;

  if (seconds <= 0)
    return g_strdup ("0s");
  text = g_string_new (NULL);
  if (seconds >= 86400)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "d", seconds / 86400);
  if (seconds % 86400 >= 3600)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "h", seconds % 86400 / 3600);
  if (seconds % 3600 >= 60)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "m", seconds % 3600 / 60);
  if (seconds % 60 > 0)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "s", seconds % 60);
  return g_string_free (text, FALSE);
}

char *
_gw_scenario_format_offset (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  return g_strdup_printf ("+%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          seconds / 3600, seconds % 3600 / 60, seconds % 60);
}

void
gw_scenario_problem_free (GwScenarioProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
seat_free (GwScenarioSeat *seat)
{
  g_free (seat->id);
  g_free (seat->division_code);
  g_free (seat->department_code);
  g_free (seat->username);
  g_free (seat->password);
  _gw_scenario_text_clear (&seat->title);
  g_free (seat);
}

void
_gw_scenario_seat_free (GwScenarioSeat *seat)
{
  if (seat != NULL)
    seat_free (seat);
}

void
gw_injection_free (GwInjection *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->category_code);
  g_free (self->grid_code);
  _gw_scenario_text_clear (&self->description);
  g_free (self->address);
  g_free (self->reporter);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->ticket);
  g_free (self->action);
  g_free (self->camera_code);
  g_free (self->video);
  g_free (self->worker_code);
  g_free (self->seat);
  _gw_scenario_text_clear (&self->text);
  g_free (self);
}

static GPtrArray *
strv_array_copy (GPtrArray *array)
{
  if (array == NULL)
    return NULL;
  GPtrArray *copy = g_ptr_array_new_full (array->len, g_free);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (array, i)));
  return copy;
}

GwInjection *
_gw_injection_new (void)
{
  GwInjection *self = g_new0 (GwInjection, 1);
  self->lon = NAN;
  self->lat = NAN;
  self->source = GW_SOURCE_CITIZEN;
  self->urgency = GW_URGENCY_NORMAL;
  self->level = GW_LEVEL_DISTRICT;
  return self;
}

GwInjection *
gw_injection_copy (const GwInjection *self)
{
  GwInjection *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->category_code = g_strdup (self->category_code);
  copy->grid_code = g_strdup (self->grid_code);
  _gw_scenario_text_copy (&copy->description, &self->description);
  copy->address = g_strdup (self->address);
  copy->reporter = g_strdup (self->reporter);
  copy->attachments = strv_array_copy (self->attachments);
  copy->ticket = g_strdup (self->ticket);
  copy->action = g_strdup (self->action);
  copy->camera_code = g_strdup (self->camera_code);
  copy->video = g_strdup (self->video);
  copy->worker_code = g_strdup (self->worker_code);
  copy->seat = g_strdup (self->seat);
  _gw_scenario_text_copy (&copy->text, &self->text);
  return copy;
}

void
_gw_expectation_free (GwExpectation *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->ticket);
  g_free (self->department_code);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_free (self->seat);
  _gw_scenario_text_clear (&self->title);
  g_free (self);
}

GwScenario *
_gw_scenario_new (void)
{
  GwScenarioReal *real = g_new0 (GwScenarioReal, 1);
  GwScenario *self = &real->pub;

  g_atomic_ref_count_init (&real->ref);
  real->refs = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_scenario_ref_free);
  self->speed = 1.0;
  self->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) seat_free);
  self->world.staffed_departments = g_ptr_array_new_with_free_func (g_free);
  self->injections = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_injection_free);
  self->expectations = g_ptr_array_new_with_free_func ((GDestroyNotify) _gw_expectation_free);
  return self;
}

GwScenario *
gw_scenario_ref (GwScenario *self)
{
  GwScenarioReal *real = (GwScenarioReal *) self;

  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&real->ref);
  return self;
}

void
gw_scenario_unref (GwScenario *self)
{
  GwScenarioReal *real = (GwScenarioReal *) self;

  if (self == NULL)
    return;
  if (!g_atomic_ref_count_dec (&real->ref))
    return;
  g_free (self->path);
  g_free (self->folder);
  g_free (self->id);
  _gw_scenario_text_clear (&self->title);
  _gw_scenario_text_clear (&self->summary);
  g_free (self->profile);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->world.staffed_departments, g_ptr_array_unref);
  g_clear_pointer (&self->injections, g_ptr_array_unref);
  g_clear_pointer (&self->expectations, g_ptr_array_unref);
  g_clear_pointer (&real->refs, g_ptr_array_unref);
  g_free (real);
}

const GwInjection *
gw_scenario_find_injection (GwScenario *self,
                            const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; id != NULL && i < self->injections->len; i++)
    {
      const GwInjection *inj = g_ptr_array_index (self->injections, i);
      if (g_strcmp0 (inj->id, id) == 0)
        return inj;
    }
  return NULL;
}

const GwScenarioSeat *
gw_scenario_find_seat (GwScenario *self,
                       const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; id != NULL && i < self->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (self->seats, i);
      if (g_strcmp0 (seat->id, id) == 0)
        return seat;
    }
  return NULL;
}

const GwScenarioSeat *
gw_scenario_find_seat_by_username (GwScenario *self,
                                   const char *username)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; username != NULL && i < self->seats->len; i++)
    {
      const GwScenarioSeat *seat = g_ptr_array_index (self->seats, i);
      if (g_strcmp0 (seat->username, username) == 0)
        return seat;
    }
  return NULL;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The shipped scenarios ----------------------------------------------------------------- */

const char *
gw_scenario_get_shipped_folder (void)
{
  static gsize folder;

  if (g_once_init_enter (&folder))
    {
      const char *env = g_getenv ("GW_SCENARIO_DIR");
      char *found = NULL;

      if (env != NULL && *env != '\0')
        found = g_strdup (env);
      else if (g_file_test (PKGDATADIR "/scenarios", G_FILE_TEST_IS_DIR))
        found = g_strdup (PKGDATADIR "/scenarios");
#ifdef GW_SOURCE_DATADIR
      else if (g_file_test (GW_SOURCE_DATADIR "/scenarios", G_FILE_TEST_IS_DIR))
        found = g_strdup (GW_SOURCE_DATADIR "/scenarios"); /* run uninstalled */
#endif
      else
        found = g_strdup (PKGDATADIR "/scenarios");
      g_once_init_leave (&folder, (gsize) found);
    }
  return (const char *) folder;
}

GStrv
gw_scenario_list_shipped (void)
{
  const char *folder = gw_scenario_get_shipped_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  g_ptr_array_add (files, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&files), FALSE);
}
