/* gw-handover.c: the shift handover log. */
#define G_LOG_DOMAIN "gw-handover"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-private.h"
#include "gw-handover.h"
#include "gw-json.h"
#include "gw-time.h"

/* Tickets listed by number in a draft, per section; the rest are counted. */
#define LISTED_PER_SECTION 20
/* Characters of a description shown beside its number. */
#define DESCRIPTION_CHARS 24

G_DEFINE_QUARK (gw-handover-error-quark, gw_handover_error)

G_DEFINE_BOXED_TYPE (GwHandover, gw_handover, gw_handover_copy, gw_handover_free)

GwHandover *
gw_handover_copy (const GwHandover *self)
{
  GwHandover *copy = g_memdup2 (self, sizeof *self);

  copy->outgoing = g_strdup (self->outgoing);
  copy->note = g_strdup (self->note);
  copy->incoming = g_strdup (self->incoming);
  return copy;
}

void
gw_handover_free (GwHandover *self)
{
  if (self == NULL)
    return;
  g_free (self->outgoing);
  g_free (self->note);
  g_free (self->incoming);
  g_free (self);
}

/* Counting ---------------------------------------------------------------------------- */

/* The open tickets, with lights as the queue reads them (gw-ticket-query.c): a stopped
 * clock keeps the light it had. */
#define LIGHT_AT "COALESCE(t.paused_at, ?1)"
#define IS_OPEN  "t.state NOT IN ('closed', 'rejected')"
#define IS_RED   "(t.stage IS NOT NULL AND " LIGHT_AT " >= t.red_at AND " LIGHT_AT " < t.deadline_at)"
#define IS_OVERDUE "(t.stage IS NOT NULL AND " LIGHT_AT " >= t.deadline_at)"

gboolean
gw_db_handover_counts (GwDb             *db,
                       gint64            now,
                       GwHandoverCounts *counts,
                       GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  stmt = _gw_db_prepare (db,
      "SELECT count(*), COALESCE(sum(" IS_RED "), 0), COALESCE(sum(" IS_OVERDUE "), 0),"
      " COALESCE(sum(t.urgency = 'emergency'), 0),"
      " (SELECT count(*) FROM outbox WHERE state = 'pending')"
      " FROM tickets t WHERE " IS_OPEN, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      counts->open = sqlite3_column_int64 (stmt, 0);
      counts->red = sqlite3_column_int64 (stmt, 1);
      counts->overdue = sqlite3_column_int64 (stmt, 2);
      counts->emergencies = sqlite3_column_int64 (stmt, 3);
      counts->pending = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _gw_db_set_error (db, error, _("counting tickets"));
  return TRUE;
}

static char *
counts_to_json (const GwHandoverCounts *c)
{
  GString *out = g_string_new (NULL);
  GwJsonWriter w;

  gw_json_writer_init (&w, out);
  gw_json_writer_begin_object (&w);
  gw_json_writer_member (&w, "open");
  gw_json_writer_int (&w, c->open);
  gw_json_writer_member (&w, "red");
  gw_json_writer_int (&w, c->red);
  gw_json_writer_member (&w, "overdue");
  gw_json_writer_int (&w, c->overdue);
  gw_json_writer_member (&w, "emergencies");
  gw_json_writer_int (&w, c->emergencies);
  gw_json_writer_member (&w, "pending");
  gw_json_writer_int (&w, c->pending);
  gw_json_writer_end_object (&w);
  return g_string_free (out, FALSE);
}

static gboolean
counts_from_json (const char        *text,
                  GwHandoverCounts  *c,
                  GError           **error)
{
  g_autoptr(JsonNode) node = gw_json_parse (text, -1, 2, error);
  JsonObject *obj;

  if (node == NULL || !(obj = gw_json_require_object (node, "summary", error)))
    return FALSE;
  return gw_json_get_int (obj, "summary", "open", TRUE, &c->open, error) &&
         gw_json_get_int (obj, "summary", "red", TRUE, &c->red, error) &&
         gw_json_get_int (obj, "summary", "overdue", TRUE, &c->overdue, error) &&
         gw_json_get_int (obj, "summary", "emergencies", TRUE, &c->emergencies, error) &&
         gw_json_get_int (obj, "summary", "pending", TRUE, &c->pending, error);
}

/* The draft ---------------------------------------------------------------------------- */

static const char list_overdue[] =
  "SELECT t.number, t.description FROM tickets t WHERE " IS_OPEN " AND " IS_OVERDUE
  " ORDER BY t.deadline_at, t.id LIMIT ?2";
static const char list_red[] =
  "SELECT t.number, t.description FROM tickets t WHERE " IS_OPEN " AND " IS_RED
  " ORDER BY t.deadline_at, t.id LIMIT ?2";
static const char list_emergencies[] =
  "SELECT t.number, t.description FROM tickets t WHERE " IS_OPEN " AND t.urgency = 'emergency'"
  " ORDER BY t.reported_at, t.id LIMIT ?2";

/* Appends a section: its title, a line per listed ticket, and how many more there are. */
static gboolean
append_section (GwDb        *db,
                GString     *note,
                const char  *sql,
                const char  *title,
                gint64       total,
                gint64       now,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 listed = 0;
  int rc;

  if (total == 0)
    return TRUE;
  if (!(stmt = _gw_db_prepare (db, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, LISTED_PER_SECTION);
  g_string_append_printf (note, "\n%s\n", title);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *number = (const char *) sqlite3_column_text (stmt, 0);
      const char *description = (const char *) sqlite3_column_text (stmt, 1);
      glong length = description ? g_utf8_strlen (description, -1) : 0;
      g_autofree char *shown = NULL;

      if (length > DESCRIPTION_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (description, 0, DESCRIPTION_CHARS - 1);
          shown = g_strconcat (cut, "…", NULL);
        }
      else
        shown = g_strdup (description ? description : "");
      g_string_append_printf (note, "  %s  %s\n", number, shown);
      listed++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading tickets"));
  if (total > listed)
    {
      g_string_append (note, "  ");
      g_string_append_printf (note,
                              ngettext ("… and %lld more", "… and %lld more", total - listed),
                              (long long) (total - listed));
      g_string_append_c (note, '\n');
    }
  return TRUE;
}

GwHandover *
gw_db_handover_draft (GwDb    *db,
                      gint64   now,
                      GError **error)
{
  g_autoptr(GwHandover) draft = g_new0 (GwHandover, 1);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GDateTime) at = gw_time_to_date_time (now);
  g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M");
  GwHandoverCounts *c = &draft->counts;

  draft->written_at = now;
  if (!gw_db_exec (db, "SAVEPOINT gw_handover_draft", error))
    return NULL;
  if (!gw_db_handover_counts (db, now, c, error))
    goto fail;

  /* Translators: the first line of a shift handover note; %s is a date and time. */
  g_string_append_printf (note, _("Shift handover, %s"), when);
  g_string_append (note, "\n\n");
  g_string_append_printf (note, _("Open tickets: %lld"), (long long) c->open);
  g_string_append_c (note, '\n');
  g_string_append_printf (note, _("Red: %lld"), (long long) c->red);
  g_string_append_c (note, '\n');
  g_string_append_printf (note, _("Overdue: %lld"), (long long) c->overdue);
  g_string_append_c (note, '\n');
  g_string_append_printf (note, _("Open emergencies: %lld"), (long long) c->emergencies);
  g_string_append_c (note, '\n');
  g_string_append_printf (note, _("Actions waiting to be sent: %lld"), (long long) c->pending);
  g_string_append_c (note, '\n');

  if (!append_section (db, note, list_overdue, _("Overdue tickets:"), c->overdue, now, error) ||
      !append_section (db, note, list_red, _("Red tickets:"), c->red, now, error) ||
      !append_section (db, note, list_emergencies, _("Open emergencies:"), c->emergencies, now, error))
    goto fail;

  g_string_append_printf (note, "\n%s\n", _("For the next shift:"));
  gw_db_exec (db, "RELEASE gw_handover_draft", NULL);
  draft->note = g_string_free (g_steal_pointer (&note), FALSE);
  return g_steal_pointer (&draft);

fail:
  gw_db_exec (db, "ROLLBACK TO gw_handover_draft; RELEASE gw_handover_draft", NULL);
  return NULL;
}

/* Writing and signing ------------------------------------------------------------------ */

/* A name as it is compared: no spaces around it, no case. */
static char *
name_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal ? normal : stripped, -1);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
append_audit (GwDb        *db,
              const char  *actor,
              const char  *action,
              gint64       id,
              const char  *summary,
              gint64       now,
              GError     **error)
{
  g_autoptr(GString) payload = g_string_new (NULL);
  GwAuditEntry entry = { 0, };
  GwJsonWriter w;

  gw_json_writer_init (&w, payload);
  gw_json_writer_begin_object (&w);
  gw_json_writer_member (&w, "handover");
  gw_json_writer_int (&w, id);
  if (summary)
    {
      gw_json_writer_member (&w, "summary");
      gw_json_writer_raw (&w, summary, -1);
    }
  gw_json_writer_end_object (&w);

  entry.at = now;
  entry.actor = actor;
  entry.role = "officer";
  entry.action = action;
  entry.payload = payload->str;
  return gw_audit_append (db, &entry, error);
}

gint64
gw_db_handover_write (GwDb        *db,
                      const char  *outgoing,
                      const char  *note,
                      gint64       now,
                      GError     **error)
{
  gboolean outer;
  g_autofree char *name = g_strstrip (g_strdup (outgoing ? outgoing : ""));
  g_autofree char *summary = NULL;
  GwHandoverCounts counts;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (*name == '\0')
    {
      g_set_error_literal (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING,
                           _("A handover note needs the name of the officer who writes it"));
      return 0;
    }
  if (is_blank (note))
    {
      g_set_error_literal (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING,
                           _("The handover note is empty: say what the next shift must know"));
      return 0;
    }
  if (!_gw_db_write_begin (db, "gw_handover", &outer, error))
    return 0;
  if (!gw_db_handover_counts (db, now, &counts, error))
    goto fail;
  summary = counts_to_json (&counts);
  stmt = _gw_db_prepare (db,
      "INSERT INTO handovers (outgoing, written_at, note, summary) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("writing a handover"));
      goto fail;
    }
  id = sqlite3_last_insert_rowid (gw_db_get_handle (db));
  if (!append_audit (db, name, GW_HANDOVER_AUDIT_WRITE, id, summary, now, error) ||
      !_gw_db_write_release (db, "gw_handover", outer, error))
    goto fail;
  return id;

fail:
  _gw_db_write_rollback (db, "gw_handover", outer);
  return 0;
}

gboolean
gw_db_handover_sign (GwDb        *db,
                     gint64       id,
                     const char  *incoming,
                     gint64       now,
                     GError     **error)
{
  gboolean outer;
  g_autofree char *name = g_strstrip (g_strdup (incoming ? incoming : ""));
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GwHandover) handover = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (*name == '\0')
    {
      g_set_error_literal (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_MISSING,
                           _("A handover is signed with the incoming officer’s name"));
      return FALSE;
    }
  if (!_gw_db_write_begin (db, "gw_handover", &outer, error))
    return FALSE;
  if (!(handover = gw_db_handover_get (db, id, error)))
    goto fail;
  if (handover->signed_at != 0)
    {
      g_autoptr(GDateTime) at = gw_time_to_date_time (handover->signed_at);
      g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M");

      g_set_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_ALREADY_SIGNED,
                   /* Translators: a refusal; the officer's name, then a date and time. */
                   _("This handover was already signed by %s at %s"), handover->incoming, when);
      goto fail;
    }
  mine = name_key (name);
  theirs = name_key (handover->outgoing);
  if (g_str_equal (mine, theirs))
    {
      g_set_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_SAME_OFFICER,
                   _("%s wrote this handover and cannot also sign it: the incoming officer signs"),
                   handover->outgoing);
      goto fail;
    }
  stmt = _gw_db_prepare (db,
      "UPDATE handovers SET incoming = ?, signed_at = ? WHERE id = ? AND signed_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (db, error, _("signing a handover"));
      goto fail;
    }
  if (!append_audit (db, name, GW_HANDOVER_AUDIT_SIGN, id, NULL, now, error) ||
      !_gw_db_write_release (db, "gw_handover", outer, error))
    goto fail;
  return TRUE;

fail:
  _gw_db_write_rollback (db, "gw_handover", outer);
  return FALSE;
}

/* Reading ----------------------------------------------------------------------------- */

#define HANDOVER_COLUMNS "id, outgoing, written_at, note, summary, incoming, signed_at"

static GPtrArray *
read_handovers (GwDb          *db,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_handover_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwHandover *h = g_new0 (GwHandover, 1);
      g_autoptr(GError) local_error = NULL;

      h->id = sqlite3_column_int64 (stmt, 0);
      h->outgoing = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      h->written_at = sqlite3_column_int64 (stmt, 2);
      h->note = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      if (!counts_from_json ((const char *) sqlite3_column_text (stmt, 4), &h->counts, &local_error))
        g_warning ("Handover %" G_GINT64_FORMAT ": %s", h->id, local_error->message);
      h->incoming = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      h->signed_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (found, h);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (db, error, _("reading handovers")), NULL;
  return g_steal_pointer (&found);
}

GwHandover *
gw_db_handover_get (GwDb    *db,
                    gint64   id,
                    GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "SELECT " HANDOVER_COLUMNS " FROM handovers WHERE id = ?", error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!(found = read_handovers (db, stmt, error)))
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, GW_HANDOVER_ERROR, GW_HANDOVER_ERROR_NOT_FOUND,
                   _("No handover has the id %lld"), (long long) id);
      return NULL;
    }
  return gw_handover_copy (g_ptr_array_index (found, 0));
}

GPtrArray *
gw_db_handover_search (GwDb        *db,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GString) pattern = g_string_new ("%");
  sqlite3_stmt *stmt;

  /* The text as it is: % and _ match themselves. */
  for (const char *p = stripped; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  stmt = _gw_db_prepare (db,
      "SELECT " HANDOVER_COLUMNS " FROM handovers"
      " WHERE ?1 = '' OR note LIKE ?2 ESCAPE '\\' OR outgoing LIKE ?2 ESCAPE '\\'"
      " OR incoming LIKE ?2 ESCAPE '\\'"
      " ORDER BY written_at DESC, id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, stripped, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pattern->str, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  return read_handovers (db, stmt, error);
}

GPtrArray *
gw_db_handover_list_unsigned (GwDb    *db,
                              GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (db,
      "SELECT " HANDOVER_COLUMNS " FROM handovers WHERE signed_at IS NULL"
      " ORDER BY written_at DESC, id DESC", error);

  return stmt ? read_handovers (db, stmt, error) : NULL;
}
