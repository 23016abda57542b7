/* gw-class-case-open.c: a class case made into one supervised ticket, and the store's
 * asynchronous forms of the class-case calls. */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-class-case.h"
#include "gw-db-private.h"
#include "gw-dictionary.h"
#include "gw-json.h"
#include "gw-time.h"

/* A description lists at most this many member numbers, then says how many more. */
#define MAX_LISTED 400

static const char *
kind_label (GwClassCaseKind kind)
{
  static const char *const labels[] = {
    N_("recurring in one grid"), N_("recurring in one place"), N_("back after closure"), N_("rising hot spot"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == GW_N_CLASS_CASE_KINDS);
  return _(labels[kind]);
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (t);
  return g_date_time_format (local, "%Y-%m-%d");
}

GwTicket *
gw_class_case_new_report (const GwClassCase *self,
                          GwLevel            level)
{
  GwTicket *t;
  const GwCategory *category;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *first = NULL, *last = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->numbers->len;
  for (guint i = 0; i < n && i < MAX_LISTED; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, g_ptr_array_index (self->numbers, i));
    }
  if (n > MAX_LISTED)
    {
      g_string_append (list, " ");
      g_string_append_printf (list, ngettext ("and %u more", "and %u more", n - MAX_LISTED), n - MAX_LISTED);
    }
  first = format_day (self->first_at);
  last = format_day (self->last_at);
  category = gw_dictionary_lookup (gw_dictionary_get_default (), self->category_code);

  t = gw_ticket_new ();
  t->source = GW_SOURCE_HIGHER_LEVEL;
  t->category_code = g_strdup (self->category_code);
  t->board = category ? g_strdup (category->board) : NULL;
  t->urgency = GW_URGENCY_NORMAL;
  t->level = level;
  t->lon = self->lon;
  t->lat = self->lat;
  t->address = g_strdup (self->division_name);
  /* Translators: the kind of class case, its number of reports, the subcategory, the
   * place, the first and the last day, then the member tickets' numbers. */
  t->description = g_strdup_printf (_("Class case (%s): %u reports of %s in %s from %s to %s. Fix the cause "
                                      "of them all. Tickets: %s"),
                                    kind_label (self->kind), n,
                                    category ? gw_category_get_display_name (category) : self->category_code,
                                    self->division_name ? self->division_name : "—", first, last, list->str);
  return t;
}

static gboolean
refuse (GError         **error,
        GwWorkflowError  code,
        const char      *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError         **error,
        GwWorkflowError  code,
        const char      *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_WORKFLOW_ERROR, code, message);
  return FALSE;
}

/* The level the actor's command center works at, which handles the class case; FALSE for
 * whoever may not supervise. */
static gboolean
actor_level (const GwActor *actor,
             GwLevel       *level)
{
  switch (actor->role)
    {
    case GW_ROLE_STREET_OFFICER:
      *level = GW_LEVEL_STREET;
      return TRUE;
    case GW_ROLE_DISTRICT_CENTER:
      *level = GW_LEVEL_DISTRICT;
      return TRUE;
    case GW_ROLE_COMMANDER:
      *level = actor->level;
      return actor->level == GW_LEVEL_DISTRICT || actor->level == GW_LEVEL_STREET ||
             actor->level == GW_LEVEL_COMMUNITY || actor->level == GW_LEVEL_GRID;
    case GW_ROLE_GRID_WORKER:
    case GW_ROLE_COMMUNITY_STAFF:
    case GW_ROLE_DEPARTMENT_HANDLER:
    case GW_N_ROLES:
    default:
      return FALSE;
    }
}

static gboolean
check_members (GwDb              *db,
               const GwClassCase *cc,
               GError           **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT 1 FROM tickets WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < cc->ticket_ids->len; i++)
    {
      gint64 id = g_array_index (cc->ticket_ids, gint64, i);
      int rc;

      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        return refuse (error, GW_WORKFLOW_ERROR_NOT_FOUND,
                       _("Cannot open the class case: no ticket has the id %lld"), (long long) id);
      if (rc != SQLITE_ROW)
        return _gw_db_set_error (db, error, _("opening a class case"));
    }
  return TRUE;
}

static gboolean
check_department (GwDb        *db,
                  const char  *code,
                  GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db, "SELECT 1 FROM departments WHERE code = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return refuse (error, GW_WORKFLOW_ERROR_INVALID, _("No department has the code %s"), code);
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (db, error, _("opening a class case"));
  return TRUE;
}

/* The audit entries that link the case and its members both ways. */
static gboolean
record_members (GwDb              *db,
                const GwActor     *actor,
                const GwClassCase *cc,
                const GwTicket    *t,
                gint64             now,
                GError           **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  GwAuditEntry entry = { 0, };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, gw_class_case_kind_to_string (cc->kind));
  json_builder_set_member_name (b, "members");
  json_builder_begin_array (b);
  for (guint i = 0; i < cc->ticket_ids->len; i++)
    json_builder_add_int_value (b, g_array_index (cc->ticket_ids, gint64, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  payload = gw_json_to_string (root, FALSE);

  entry.ticket_id = t->id;
  entry.at = now;
  entry.actor = actor->name ? actor->name : "";
  entry.role = gw_role_to_string (actor->role);
  entry.action = "class_case";
  entry.payload = payload;
  if (!gw_audit_append (db, &entry, error))
    return FALSE;

  for (guint i = 0; i < cc->ticket_ids->len; i++)
    {
      g_autofree char *link = g_strdup_printf ("{\"class_case\":%" G_GINT64_FORMAT "}", t->id);

      entry.ticket_id = g_array_index (cc->ticket_ids, gint64, i);
      entry.payload = link;
      if (!gw_audit_append (db, &entry, error))
        return FALSE;
    }
  return TRUE;
}

GwTicket *
gw_db_open_class_case (GwDb          *db,
                       const GwActor *actor,
                       GwClassCase   *cc,
                       const char    *department_code,
                       gint64         now,
                       GwPolicy      *policy,
                       GwCalendar    *calendar,
                       GError       **error)
{
  g_autoptr(GwTicket) report = NULL;
  g_autoptr(GwTicket) t = NULL;
  g_autofree char *reason = NULL;
  const char *department;
  GwCommand command = { 0, };
  GwLevel level;
  gboolean outer;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (cc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cc->ticket_ids == NULL || cc->ticket_ids->len == 0)
    return refuse (error, GW_WORKFLOW_ERROR_MISSING, _("A class case needs at least one member ticket")), NULL;
  if (!actor_level (actor, &level))
    return refuse (error, GW_WORKFLOW_ERROR_WRONG_ROLE,
                   _("Only a street or district command center, or a commander, may open a class case")), NULL;
  department = department_code ? department_code : cc->department_code;
  if (department == NULL)
    {
      const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), cc->category_code);

      /* Translators: the subcategory's name and code. */
      return refuse (error, GW_WORKFLOW_ERROR_MISSING,
                     _("No department is known to handle %s (%s): name the department for the class case"),
                     c ? gw_category_get_display_name (c) : cc->category_code, cc->category_code), NULL;
    }

  if (!_gw_db_write_begin (db, "gw_class_case", &outer, error))
    return NULL;
  if (!check_department (db, department, error) || !check_members (db, cc, error))
    goto fail;

  report = gw_class_case_new_report (cc, level);
  report->reporter = g_strdup (actor->name);
  if (!gw_db_report (db, actor, report, now, error) || !record_members (db, actor, cc, report, now, error))
    goto fail;

  command.ticket_id = report->id;
  command.action = GW_ACTION_SCREEN;
  if (!(t = gw_db_apply (db, actor, &command, now, policy, calendar, error)))
    goto fail;
  g_clear_pointer (&t, gw_ticket_unref);
  command.action = GW_ACTION_DISPATCH;
  command.department_code = department;
  if (!(t = gw_db_apply (db, actor, &command, now, policy, calendar, error)))
    goto fail;
  g_clear_pointer (&t, gw_ticket_unref);
  /* Translators: the number of reports the class case gathers. */
  reason = g_strdup_printf (_("Class case of %u reports: remove the cause, not only the latest report"),
                            cc->ticket_ids->len);
  command.action = GW_ACTION_SUPERVISE;
  command.department_code = NULL;
  command.reason = reason;
  if (!(t = gw_db_apply (db, actor, &command, now, policy, calendar, error)))
    goto fail;
  if (!_gw_db_write_release (db, "gw_class_case", outer, error))
    goto fail;
  return g_steal_pointer (&t);

fail:
  _gw_db_write_rollback (db, "gw_class_case", outer);
  return NULL;
}

GArray *
gw_db_list_class_case_members (GwDb     *db,
                               gint64    ticket_id,
                               GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = _gw_db_prepare (db, "SELECT j.value FROM audit a, json_each (a.payload, '$.members') j"
                             " WHERE a.ticket_id = ? AND a.action = 'class_case'"
                             " AND a.id = (SELECT min (id) FROM audit WHERE ticket_id = a.ticket_id"
                             "             AND action = 'class_case' AND json_type (payload, '$.members') = 'array')"
                             " ORDER BY j.key", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading a class case's tickets")), NULL;
  return g_steal_pointer (&ids);
}

/* The store's forms ----------------------------------------------------------------------- */

typedef struct {
  GwClassCaseQuery query;
  char            *division_code;
} FindRequest;

static void
find_request_free (FindRequest *r)
{
  g_free (r->division_code);
  g_free (r);
}

static gpointer
find_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  return gw_db_find_class_cases (db, &((FindRequest *) data)->query, error);
}

void
gw_store_find_class_cases_async (GwStore                *self,
                                 const GwClassCaseQuery *query,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  FindRequest *r = g_new0 (FindRequest, 1);

  g_return_if_fail (query != NULL);

  r->query = *query;
  r->query.division_code = r->division_code = g_strdup (query->division_code);
  gw_store_read_async (self, find_func, r, (GDestroyNotify) find_request_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
gw_store_find_class_cases_finish (GwStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return gw_store_read_finish (self, result, error);
}

typedef struct {
  GwActor      actor;
  char        *name;
  char        *division_code;
  char        *actor_department;
  GwClassCase *cc;
  char        *department_code;
  gint64       now;
} OpenRequest;

static void
open_request_free (OpenRequest *r)
{
  g_free (r->name);
  g_free (r->division_code);
  g_free (r->actor_department);
  g_clear_pointer (&r->cc, gw_class_case_unref);
  g_free (r->department_code);
  g_free (r);
}

static gpointer
open_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  OpenRequest *r = data;

  return gw_db_open_class_case (db, &r->actor, r->cc, r->department_code, r->now, NULL, NULL, error);
}

void
gw_store_open_class_case_async (GwStore             *self,
                                const GwActor       *actor,
                                GwClassCase         *cc,
                                const char          *department_code,
                                gint64               now,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  OpenRequest *r = g_new0 (OpenRequest, 1);

  g_return_if_fail (actor != NULL);
  g_return_if_fail (cc != NULL);

  r->actor = *actor;
  r->actor.name = r->name = g_strdup (actor->name);
  r->actor.division_code = r->division_code = g_strdup (actor->division_code);
  r->actor.department_code = r->actor_department = g_strdup (actor->department_code);
  r->cc = gw_class_case_ref (cc);
  r->department_code = g_strdup (department_code);
  r->now = now;
  gw_store_run_async (self, open_func, r, (GDestroyNotify) open_request_free, (GDestroyNotify) gw_ticket_unref,
                      cancellable, callback, user_data);
}

GwTicket *
gw_store_open_class_case_finish (GwStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return gw_store_run_finish (self, result, error);
}

typedef struct {
  GwLeagueQuery query;
  char         *division_code;
} LeagueRequest;

static void
league_request_free (LeagueRequest *r)
{
  g_free (r->division_code);
  g_free (r);
}

static gpointer
league_func (GwDb     *db,
             gpointer  data,
             GError  **error)
{
  return gw_db_get_league (db, &((LeagueRequest *) data)->query, error);
}

void
gw_store_get_league_async (GwStore             *self,
                           const GwLeagueQuery *query,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  LeagueRequest *r = g_new0 (LeagueRequest, 1);

  g_return_if_fail (query != NULL);

  r->query = *query;
  r->query.division_code = r->division_code = g_strdup (query->division_code);
  gw_store_read_async (self, league_func, r, (GDestroyNotify) league_request_free, (GDestroyNotify) gw_league_unref,
                       cancellable, callback, user_data);
}

GwLeague *
gw_store_get_league_finish (GwStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return gw_store_read_finish (self, result, error);
}
