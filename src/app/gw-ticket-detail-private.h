/* gw-ticket-detail-private.h: what the ticket detail reads in one go, and how it draws its
 * small pictures. */
#pragma once

#include <gtk/gtk.h>

#include "gw-audit.h"
#include "gw-db.h"
#include "gw-db-related.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* At most this many related tickets and nearby cameras are listed. */
#define GW_TICKET_DETAIL_MAX_RELATED 20
#define GW_TICKET_DETAIL_N_CAMERAS   8
/* Attachment thumbnails: cut to this size from the middle of the picture. */
#define GW_TICKET_DETAIL_THUMBNAIL_WIDTH  132
#define GW_TICKET_DETAIL_THUMBNAIL_HEIGHT 99

/* Everything the pane shows about one ticket, read in one read transaction on a reader
 * connection. */
typedef struct {
  GwTicket    *ticket;
  GwDivision  *chain[GW_N_LEVELS];  /* the ticket's divisions, NULL where none */
  GwDivision  *area;                /* the division the map centres on (its grid), or NULL */
  GPtrArray   *neighbours;          /* GwDivision: the grids around it */
  GPtrArray   *audit;               /* GwAuditEntry, oldest first */
  GHashTable  *departments;         /* code -> GwDepartment */
  GPtrArray   *related;             /* GwTicket, newest first */
  GPtrArray   *cameras;             /* GwNearbyCamera, nearest first */
  GPtrArray   *thumbnails;          /* per attachment: GdkPixbuf, or NULL without one */
  GHashTable  *numbers;             /* ticket id (gint64 *) -> number (char *): the tickets the
                                     * audit trail names (a class case and its members, the
                                     * ticket merged into) */
} GwTicketDetailData;

void                gw_ticket_detail_data_free (GwTicketDetailData *data);

/* The GwStoreFunc behind a load: data is a GwTicketDetailRequest. A ticket that is not
 * there is GW_STORE_ERROR_NOT_FOUND; a cancelled request stops between steps with
 * G_IO_ERROR_CANCELLED. */
typedef struct {
  gint64        ticket_id;
  GCancellable *cancellable;
} GwTicketDetailRequest;

void                gw_ticket_detail_request_free (GwTicketDetailRequest *request);
gpointer            _gw_ticket_detail_read        (GwDb      *db,
                                                   gpointer   request,
                                                   GError   **error);

/* An attachment's content decoded to fit a large window, on a reader: data is the digest
 * (a string). Returns a GdkPixbuf. */
gpointer            _gw_ticket_detail_read_image  (GwDb      *db,
                                                   gpointer   sha256,
                                                   GError   **error);

/* The running stage's clock as a bar: green, yellow and red spans up to the deadline,
 * overdue beyond it, and a mark at now. */
void                _gw_ticket_detail_draw_clock  (GtkDrawingArea           *area,
                                                   cairo_t                  *cr,
                                                   int                       width,
                                                   int                       height,
                                                   const GwStageTimer       *timer,
                                                   gint64                    now);

/* Words (gw-ticket-detail-rows.c): translated names for an audit entry's action and role, a
 * stage and a satisfaction; a short "11-23 10:30"; a department's name in the UI's
 * language (its code when unknown). */
const char         *_gw_ticket_detail_action_label       (const char     *action);
const char         *_gw_ticket_detail_role_label         (const char     *role);
const char         *_gw_ticket_detail_stage_label        (GwStage         stage);
const char         *_gw_ticket_detail_satisfaction_label (GwSatisfaction  satisfaction);
char               *_gw_ticket_detail_short_time         (gint64          unix_time);
char               *_gw_ticket_detail_department_name    (GHashTable     *departments,
                                                          const char     *code);

/* Rows and tiles (gw-ticket-detail-rows.c). A timeline row: what, when, who as what, the
 * state change, why. A whistle department with its deadline or when it reported in. A
 * related ticket (its id as the row's "gw-ticket-id" data, a gint64 *) and a nearby
 * camera ("gw-camera-id"), both activatable. An attachment's tile, and a window showing
 * it larger. A small rounded label. */
GtkWidget          *_gw_ticket_detail_timeline_row       (const GwAuditEntry        *entry,
                                                          GHashTable                *departments,
                                                          GHashTable                *numbers);
GtkWidget          *_gw_ticket_detail_whistle_row        (const GwWhistleDepartment *w,
                                                          const char                *name,
                                                          gint64                     now);
GtkWidget          *_gw_ticket_detail_related_row        (const GwTicket            *related);
GtkWidget          *_gw_ticket_detail_camera_row         (const GwNearbyCamera      *camera);
GtkWidget          *_gw_ticket_detail_attachment_tile    (const GwAttachment        *attachment,
                                                          GdkPixbuf                 *thumbnail);
void                _gw_ticket_detail_open_viewer        (GtkWidget                 *parent,
                                                          GwStore                   *store,
                                                          const GwAttachment        *attachment,
                                                          GdkPixbuf                 *thumbnail);
GtkWidget          *_gw_ticket_detail_pill               (const char                *text,
                                                          const char                *css_class);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTicketDetailData, gw_ticket_detail_data_free)

G_END_DECLS
