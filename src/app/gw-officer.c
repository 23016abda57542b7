/* gw-officer.c: the officer on duty, from the seat's sign-in or the county file. */
#define G_LOG_DOMAIN "gw-officer"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-json.h"
#include "gw-officer.h"

/* The seat's signed-in user, as the sync client keeps it (docs/SYNC.md). */
#define SEAT_USER_KEY "sync_user"

void
gw_officer_free (GwOfficer *officer)
{
  if (officer == NULL)
    return;
  g_free (officer->name);
  g_free (officer->division_code);
  g_free (officer->department_code);
  g_free (officer->username);
  g_free (officer);
}

static void
set_level (GwDb      *db,
           GwOfficer *officer)
{
  g_autoptr(GwDivision) d = NULL;

  officer->actor.level = GW_LEVEL_DISTRICT;
  if (officer->division_code && (d = gw_db_get_division (db, officer->division_code, NULL)))
    officer->actor.level = d->level;
}

static gpointer
read_func (GwDb     *db,
           gpointer  data,
           GError  **error)
{
  g_autoptr(GwOfficer) officer = g_new0 (GwOfficer, 1);
  g_autofree char *user = gw_db_get_meta (db, SEAT_USER_KEY);

  if (user != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      const char *role;

      if (!json_parser_load_from_data (parser, user, -1, error) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_prefix_error (error, _("The seat’s signed-in user is unreadable: "));
          return NULL;
        }
      o = json_node_get_object (json_parser_get_root (parser));
      officer->username = g_strdup (json_object_get_string_member_with_default (o, "username", ""));
      officer->name = g_strdup (json_object_get_string_member_with_default (o, "name", officer->username));
      officer->division_code = g_strdup (json_object_get_string_member_with_default (o, "division", NULL));
      officer->department_code = g_strdup (json_object_get_string_member_with_default (o, "department", NULL));
      role = json_object_get_string_member_with_default (o, "role", "");
      if (!gw_role_from_string (role, &officer->actor.role))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The seat’s signed-in user has an unknown role “%s”"), role);
          return NULL;
        }
    }
  else
    {
      /* A county file: the district's command center, over the whole county. */
      officer->name = g_strdup (_("Duty officer"));
      officer->division_code = gw_db_get_meta (db, "county_code");
      officer->actor.role = GW_ROLE_DISTRICT_CENTER;
    }
  set_level (db, officer);
  officer->actor.name = officer->name;
  officer->actor.division_code = officer->division_code;
  officer->actor.department_code = officer->department_code;
  return g_steal_pointer (&officer);
}

void
gw_officer_read_async (GwStore             *store,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  gw_store_read_async (store, read_func, NULL, NULL, (GDestroyNotify) gw_officer_free, cancellable,
                       callback, user_data);
}

static gpointer
read_seat_func (GwDb     *db,
                gpointer  data,
                GError  **error)
{
  const GwOfficer *seat = data;
  g_autoptr(GwOfficer) officer = g_new0 (GwOfficer, 1);

  officer->name = g_strdup (seat->name);
  officer->username = g_strdup (seat->username);
  officer->department_code = g_strdup (seat->department_code);
  officer->division_code = seat->division_code != NULL ? g_strdup (seat->division_code)
                                                       : gw_db_get_meta (db, "county_code");
  officer->actor.role = seat->actor.role;
  set_level (db, officer);
  officer->actor.name = officer->name;
  officer->actor.division_code = officer->division_code;
  officer->actor.department_code = officer->department_code;
  return g_steal_pointer (&officer);
}

void
gw_officer_read_seat_async (GwStore              *store,
                            const GwScenarioSeat *seat,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GwOfficer *proto;
  const char *title;

  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (seat != NULL);

  /* Copied: the thread reads it after this returns. */
  proto = g_new0 (GwOfficer, 1);
  title = gw_scenario_text_get (&seat->title);
  proto->name = g_strdup (title != NULL && *title != '\0' ? title : seat->username);
  proto->username = g_strdup (seat->username);
  proto->division_code = g_strdup (seat->division_code);
  proto->department_code = g_strdup (seat->department_code);
  proto->actor.role = seat->role;
  gw_store_read_async (store, read_seat_func, proto, (GDestroyNotify) gw_officer_free,
                       (GDestroyNotify) gw_officer_free, cancellable, callback, user_data);
}

GwOfficer *
gw_officer_read_finish (GwStore       *store,
                        GAsyncResult  *result,
                        GError       **error)
{
  return gw_store_read_finish (store, result, error);
}
