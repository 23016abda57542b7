/* gw-db-attachments.h: photos and documents attached to tickets.
 *
 * The content lives once in `blobs`, keyed by its SHA-256 (two tickets with the same photo
 * share it); each attachment is a row of `attachments` naming the ticket, the file's name,
 * its type, size and digest. Only the types below are kept, and only when the content's
 * first bytes are what the type says.
 */
#pragma once

#include "gw-db.h"
#include "gw-workflow.h"

G_BEGIN_DECLS

/* At most this many bytes per attachment, and this many attachments per ticket (what a
 * ticket's JSON may carry). */
#define GW_ATTACHMENT_MAX_SIZE        (8 * 1024 * 1024)
#define GW_ATTACHMENT_MAX_PER_TICKET  64
/* A name is at most this many bytes of UTF-8. */
#define GW_ATTACHMENT_MAX_NAME        255

/* An attachment as stored. */
typedef struct {
  gint64  id;
  gint64  ticket_id;
  char   *name;
  char   *mime_type;
  gint64  size;
  char   *sha256;     /* lower-case hex */
} GwDbAttachment;

void            gw_db_attachment_free      (GwDbAttachment *self);

/* TRUE for image/jpeg, image/png, image/webp and application/pdf (compared without case). */
gboolean        gw_attachment_type_is_accepted (const char  *mime_type);
/* The accepted type the content's first bytes show, or NULL when they show none of them. */
const char     *gw_attachment_sniff_type   (const guint8   *data,
                                            gsize           size);
/* A name fit to show and to store: 1 to GW_ATTACHMENT_MAX_NAME bytes of UTF-8, without
 * "/", "\" or control characters, and not "." or "..". */
gboolean        gw_attachment_name_is_valid (const char    *name);

/* Attaches `content` to a ticket the actor may see (gw_workflow_can_see; NULL actor: no
 * check and no audit entry), in one savepoint: the blob (unless stored already), the row,
 * the ticket's updated_at moved to `now` (so the change log carries the ticket to every
 * seat) and an "attach" audit entry. A ticket that already has this very content gets
 * nothing new: that attachment is returned and *existed (may be NULL) is set.
 *
 * Refuses with GW_STORE_ERROR_NOT_FOUND an unknown or unseen ticket, and with
 * GW_STORE_ERROR_INVALID a bad name, a type not accepted, content that is empty, too large
 * or not of mime_type, or a ticket that has its GW_ATTACHMENT_MAX_PER_TICKET already. On
 * refusal nothing changes. */
GwDbAttachment *gw_db_add_attachment       (GwDb           *self,
                                            gint64          ticket_id,
                                            const char     *name,
                                            const char     *mime_type,
                                            GBytes         *content,
                                            const GwActor  *actor,
                                            gint64          now,
                                            gboolean       *existed,
                                            GError        **error);

/* The attachments of a ticket, oldest first (element type: GwDbAttachment). */
GPtrArray      *gw_db_list_attachments     (GwDb           *self,
                                            gint64          ticket_id,
                                            GError        **error);
/* One attachment by id; GW_STORE_ERROR_NOT_FOUND when there is none. */
GwDbAttachment *gw_db_get_attachment       (GwDb           *self,
                                            gint64          id,
                                            GError        **error);
/* The stored content with this digest; GW_STORE_ERROR_NOT_FOUND when there is none. */
GBytes         *gw_db_get_blob             (GwDb           *self,
                                            const char     *sha256,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDbAttachment, gw_db_attachment_free)

G_END_DECLS
