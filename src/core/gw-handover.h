/* gw-handover.h: the shift handover (交接班) — a note the outgoing duty officer writes,
 * pre-filled with what is open, red, overdue and pending, that the incoming officer signs.
 *
 * Each handover keeps the counts as they were when it was written (a JSON object in the
 * row), so the log says what the shift was handed, not what the queue says today. Writing
 * and signing are audited. A handover is signed once, and never by the officer who wrote
 * it.
 */
#pragma once

#include <glib-object.h>

#include "gw-db.h"

G_BEGIN_DECLS

#define GW_HANDOVER_ERROR (gw_handover_error_quark ())
GQuark gw_handover_error_quark (void);

typedef enum {
  GW_HANDOVER_ERROR_NOT_FOUND,       /* no handover with that id */
  GW_HANDOVER_ERROR_MISSING,         /* an officer's name or the note is empty */
  GW_HANDOVER_ERROR_ALREADY_SIGNED,  /* it was signed before */
  GW_HANDOVER_ERROR_SAME_OFFICER,    /* the writer tried to sign it */
} GwHandoverError;

/* The audit log's actions. */
#define GW_HANDOVER_AUDIT_WRITE "write-handover"
#define GW_HANDOVER_AUDIT_SIGN  "sign-handover"

/* What the shift hands over, at one instant. */
typedef struct {
  gint64 open;         /* open tickets */
  gint64 red;          /* open, light red */
  gint64 overdue;      /* open, overdue */
  gint64 emergencies;  /* open emergencies */
  gint64 pending;      /* this seat's commands not yet answered by the server */
} GwHandoverCounts;

typedef struct {
  gint64            id;          /* 0 for a draft */
  char             *outgoing;    /* NULL in a draft */
  gint64            written_at;  /* for a draft: the instant it was drawn up */
  char             *note;
  GwHandoverCounts  counts;
  char             *incoming;    /* NULL until signed */
  gint64            signed_at;   /* 0 until signed */
} GwHandover;

GType       gw_handover_get_type  (void) G_GNUC_CONST;
#define GW_TYPE_HANDOVER (gw_handover_get_type ())

GwHandover *gw_handover_copy      (const GwHandover *self);
void        gw_handover_free      (GwHandover       *self);

/* The counts at `now` (lights read as the queue reads them). */
gboolean    gw_db_handover_counts (GwDb             *db,
                                   gint64            now,
                                   GwHandoverCounts *counts,
                                   GError          **error);

/* A draft at `now`: the counts, and a note (in the current language) that says them and
 * lists the overdue, red and emergency tickets by number, for the outgoing officer to
 * complete. */
GwHandover *gw_db_handover_draft  (GwDb             *db,
                                   gint64            now,
                                   GError          **error);

/* Stores a handover written by `outgoing` at `now` with the counts at `now`; returns its
 * id, or 0 with error set (an empty name or note is refused). */
gint64      gw_db_handover_write  (GwDb             *db,
                                   const char       *outgoing,
                                   const char       *note,
                                   gint64            now,
                                   GError          **error);

/* The incoming officer signs handover `id` at `now`. Refuses a handover already signed
 * and a signature by the officer who wrote it (names compared without case or the
 * spaces around them). */
gboolean    gw_db_handover_sign   (GwDb             *db,
                                   gint64            id,
                                   const char       *incoming,
                                   gint64            now,
                                   GError          **error);

GwHandover *gw_db_handover_get    (GwDb             *db,
                                   gint64            id,
                                   GError          **error);

/* The handovers whose note or officers contain `text` (NULL or empty: all), newest first,
 * at most `limit` (element type GwHandover). */
GPtrArray  *gw_db_handover_search (GwDb             *db,
                                   const char       *text,
                                   guint             limit,
                                   GError          **error);

/* The handovers not yet signed, newest first (element type GwHandover). */
GPtrArray  *gw_db_handover_list_unsigned (GwDb       *db,
                                          GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwHandover, gw_handover_free)

G_END_DECLS
