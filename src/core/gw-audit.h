/* gw-audit.h: the append-only, hash-chained audit log.
 *
 * Each entry stores the SHA-256 of the previous entry's hash and its own fields, so an
 * edited, inserted or deleted row breaks the chain from that point on. SQL triggers refuse
 * updates and deletes; verification catches whoever goes around them.
 */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64      id;
  gint64      ticket_id;     /* 0 for entries about no ticket */
  gint64      at;
  const char *actor;
  const char *role;
  const char *action;
  const char *from_state;    /* may be NULL */
  const char *to_state;      /* may be NULL */
  const char *reason;        /* may be NULL */
  const char *payload;       /* JSON object text, may be NULL */
} GwAuditEntry;

/* The chain starts from this value. */
#define GW_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends an entry (its id is assigned). Call inside the transaction of the change it
 * records. */
gboolean gw_audit_append  (GwDb               *db,
                           const GwAuditEntry *entry,
                           GError            **error);

/* Walks the whole chain. TRUE when intact; otherwise FALSE with *first_broken set to the
 * id of the first entry that does not match (0 when the problem is a read error, then
 * error is set). n_entries receives how many entries were checked. */
gboolean gw_audit_verify  (GwDb               *db,
                           gint64             *first_broken,
                           gint64             *n_entries,
                           GError            **error);

/* The entries of one ticket, oldest first (element type: GwAuditEntry with owned strings;
 * free with gw_audit_entry_free). */
GPtrArray *gw_audit_list_for_ticket (GwDb     *db,
                                     gint64    ticket_id,
                                     GError  **error);
void       gw_audit_entry_free      (GwAuditEntry *entry);

G_END_DECLS
