#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-audit.h"
#include "gw-db-attachments.h"
#include "gw-db-private.h"
#include "gw-json.h"

static const char *const accepted_types[] = {
  "image/jpeg", "image/png", "image/webp", "application/pdf", NULL
};

void
gw_db_attachment_free (GwDbAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->mime_type);
  g_free (self->sha256);
  g_free (self);
}

gboolean
gw_attachment_type_is_accepted (const char *mime_type)
{
  for (guint i = 0; mime_type && accepted_types[i]; i++)
    if (g_ascii_strcasecmp (mime_type, accepted_types[i]) == 0)
      return TRUE;
  return FALSE;
}

const char *
gw_attachment_sniff_type (const guint8 *data,
                          gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (data == NULL)
    return NULL;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  return NULL;
}

gboolean
gw_attachment_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL || (len = strlen (name)) == 0 || len > GW_ATTACHMENT_MAX_NAME ||
      !g_utf8_validate (name, len, NULL) ||
      g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

static GwDbAttachment *
attachment_from_row (sqlite3_stmt *stmt)
{
  GwDbAttachment *a = g_new0 (GwDbAttachment, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->ticket_id = sqlite3_column_int64 (stmt, 1);
  a->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  a->mime_type = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  a->size = sqlite3_column_int64 (stmt, 4);
  a->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return a;
}

#define ATTACHMENT_COLUMNS "id, ticket_id, name, mime_type, size, sha256"

GPtrArray *
gw_db_list_attachments (GwDb    *self,
                        gint64   ticket_id,
                        GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_db_attachment_free);
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT " ATTACHMENT_COLUMNS " FROM attachments WHERE ticket_id = ? ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, attachment_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _gw_db_set_error (self, error, _("reading attachments"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

GwDbAttachment *
gw_db_get_attachment (GwDb    *self,
                      gint64   id,
                      GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT " ATTACHMENT_COLUMNS " FROM attachments WHERE id = ?", error);
  GwDbAttachment *a = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    a = attachment_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No attachment has the id %lld"),
                 (long long) id);
  else
    _gw_db_set_error (self, error, _("reading attachments"));
  sqlite3_reset (stmt);
  return a;
}

GBytes *
gw_db_get_blob (GwDb        *self,
                const char  *sha256,
                GError     **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self, "SELECT data FROM blobs WHERE sha256 = ?", error);
  GBytes *bytes = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No stored content has the digest %s"),
                 sha256);
  else
    _gw_db_set_error (self, error, _("reading an attachment's content"));
  sqlite3_reset (stmt);
  return bytes;
}

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* Checks what needs no database. */
static gboolean
check_content (const char  *name,
               const char  *mime_type,
               GBytes      *content,
               GError     **error)
{
  gsize size = content ? g_bytes_get_size (content) : 0;
  const char *sniffed;

  if (!gw_attachment_name_is_valid (name))
    return refuse (error, _("An attachment's name must be a plain file name of 1 to %d bytes"),
                   GW_ATTACHMENT_MAX_NAME);
  if (!gw_attachment_type_is_accepted (mime_type))
    return refuse (error, _("An attachment may be image/jpeg, image/png, image/webp or application/pdf, not %s"),
                   mime_type ? mime_type : "—");
  if (size == 0)
    return refuse (error, _("The attachment is empty"));
  if (size > GW_ATTACHMENT_MAX_SIZE)
    return refuse (error, _("The attachment is larger than 8 MiB"));
  sniffed = gw_attachment_sniff_type (g_bytes_get_data (content, NULL), size);
  if (sniffed == NULL)
    return refuse (error, _("The content is not %s: its first bytes are not those of a JPEG, PNG, WebP or PDF file"),
                   mime_type);
  if (g_ascii_strcasecmp (sniffed, mime_type) != 0)
    return refuse (error, _("The content is not %s: its first bytes are those of %s"), mime_type, sniffed);
  return TRUE;
}

static char *
audit_payload (const GwDbAttachment *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "attachment");
  json_builder_add_int_value (b, a->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, a->name);
  json_builder_set_member_name (b, "mime_type");
  json_builder_add_string_value (b, a->mime_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, a->sha256);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return gw_json_to_string (root, FALSE);
}

/* Runs a statement with no result; FALSE with error set (prefixed with `doing`). */
static gboolean
step_done (GwDb          *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    _gw_db_set_error (self, error, doing);
  sqlite3_reset (stmt);
  return ok;
}

/* The ticket's attachment with this content, or *out NULL. */
static gboolean
find_on_ticket (GwDb            *self,
                gint64           ticket_id,
                const char      *sha256,
                GwDbAttachment **out,
                GError         **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (self,
      "SELECT " ATTACHMENT_COLUMNS " FROM attachments WHERE ticket_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
      error);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = attachment_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _gw_db_set_error (self, error, _("reading attachments"));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static GwDbAttachment *
add_in_savepoint (GwDb           *self,
                  GwTicket       *ticket,
                  const char     *name,
                  const char     *mime_type,
                  GBytes         *content,
                  const char     *sha256,
                  const GwActor  *actor,
                  gint64          now,
                  GError        **error)
{
  g_autoptr(GwDbAttachment) a = NULL;
  g_autofree char *payload = NULL;
  gsize size = g_bytes_get_size (content);
  sqlite3_stmt *stmt;

  if (ticket->attachments->len >= GW_ATTACHMENT_MAX_PER_TICKET)
    return refuse (error, _("Ticket %s has %d attachments already, the most a ticket may have"),
                   ticket->number, GW_ATTACHMENT_MAX_PER_TICKET), NULL;

  a = g_new0 (GwDbAttachment, 1);
  a->ticket_id = ticket->id;
  a->name = g_strdup (name);
  a->mime_type = g_ascii_strdown (mime_type, -1);
  a->size = size;
  a->sha256 = g_strdup (sha256);

  /* Content already stored (for this ticket or another) is kept once. */
  stmt = _gw_db_prepare (self,
      "INSERT INTO blobs (sha256, mime_type, size, data) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, a->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, a->mime_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_blob64 (stmt, 4, g_bytes_get_data (content, NULL), size, SQLITE_STATIC);
  if (!step_done (self, stmt, _("saving an attachment's content"), error))
    return NULL;

  stmt = _gw_db_prepare (self,
      "INSERT INTO attachments (ticket_id, name, mime_type, size, sha256) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, a->ticket_id);
  sqlite3_bind_text (stmt, 2, a->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, a->mime_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, a->size);
  sqlite3_bind_text (stmt, 5, a->sha256, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, _("saving an attachment"), error))
    return NULL;
  a->id = sqlite3_last_insert_rowid (gw_db_get_handle (self));

  /* The change log's triggers carry the ticket, with its new attachment, to every seat. */
  stmt = _gw_db_prepare (self, "UPDATE tickets SET updated_at = max (updated_at, ?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket->id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!step_done (self, stmt, _("saving a ticket"), error))
    return NULL;

  if (actor != NULL)
    {
      GwAuditEntry entry = { 0, };
      const char *state = gw_ticket_state_to_string (ticket->state);

      payload = audit_payload (a);
      entry.ticket_id = ticket->id;
      entry.at = now;
      entry.actor = actor->name ? actor->name : "";
      entry.role = gw_role_to_string (actor->role);
      entry.action = "attach";
      entry.from_state = state;
      entry.to_state = state;
      entry.payload = payload;
      if (!gw_audit_append (self, &entry, error))
        return NULL;
    }
  return g_steal_pointer (&a);
}

GwDbAttachment *
gw_db_add_attachment (GwDb           *self,
                      gint64          ticket_id,
                      const char     *name,
                      const char     *mime_type,
                      GBytes         *content,
                      const GwActor  *actor,
                      gint64          now,
                      gboolean       *existed,
                      GError        **error)
{
  gboolean outer;
  g_autoptr(GwTicket) ticket = NULL;
  g_autofree char *sha256 = NULL;
  GwDbAttachment *a;

  if (!check_content (name, mime_type, content, error))
    return NULL;
  ticket = gw_db_get_ticket (self, ticket_id, error);
  if (ticket == NULL)
    return NULL;
  if (actor != NULL && !gw_workflow_can_see (ticket, actor))
    {
      /* Outside the actor's jurisdiction reads as absent. */
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No ticket has the id %lld"),
                   (long long) ticket_id);
      return NULL;
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (!find_on_ticket (self, ticket_id, sha256, &a, error))
    return NULL;
  if (existed)
    *existed = a != NULL;
  if (a != NULL)
    /* The same content sent again (a retry after a lost answer): the one stored. */
    return a;

  if (!_gw_db_write_begin (self, "gw_attach", &outer, error))
    return NULL;
  a = add_in_savepoint (self, ticket, name, mime_type, content, sha256, actor, now, error);
  if (a == NULL || !_gw_db_write_release (self, "gw_attach", outer, error))
    {
      _gw_db_write_rollback (self, "gw_attach", outer);
      g_clear_pointer (&a, gw_db_attachment_free);
      return NULL;
    }
  return a;
}
