/* gw-ticket.h: an event / ticket (事件 / 工单) and its attachments. */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-enums.h"
#include "gw-json.h"
#include "gw-policy.h"

G_BEGIN_DECLS

typedef struct {
  char   *name;        /* file name as shown */
  char   *mime_type;   /* e.g. image/jpeg */
  gint64  size;        /* bytes */
  char   *sha256;      /* hex digest of the content, identifies it in the store */
} GwAttachment;

/* A department a whistle (吹哨) called: it must report in (报到) by its deadline. */
typedef struct {
  char   *department_code;
  gboolean lead;               /* the lead department handles and reports back */
  gint64  deadline_at;         /* report in by */
  gint64  reported_in_at;      /* 0 until it reports in */
} GwWhistleDepartment;

typedef struct {
  gint64          id;                          /* local row id, 0 before it is stored */
  char           *number;                      /* ticket number shown to people */
  GwSource        source;
  char           *category_code;               /* subcategory code from the dictionary */
  GwUrgency       urgency;
  GwLevel         level;                       /* handled at grid/community/street/district */
  double          lon;
  double          lat;
  char           *divisions[GW_N_LEVELS];      /* the division chain, by level; NULL where none */
  char           *description;
  char           *address;
  char           *reporter;
  char           *reporter_phone;
  GPtrArray      *attachments;                 /* of GwAttachment, never NULL */
  GwTicketState   state;
  gint64          reported_at;                 /* Unix seconds */
  gint64          updated_at;
  gint64          closed_at;                   /* 0 while open */
  char           *board;                       /* responsible board code, or NULL */
  char           *department_code;             /* responsible department, or NULL */
  GwStageTimer    timer;                       /* the running stage and its light thresholds */
  GwSatisfaction  satisfaction;
  /* The closed loop's record (see gw-workflow.h). */
  GwTicketState   paused_state;                /* while suspended: the state to resume to */
  GwLevel         dispatcher_level;            /* the level that dispatched it */
  gint64          dispatched_at;
  gint64          sign_deadline_at;
  gint64          signed_at;
  gint64          handle_deadline_at;
  gint64          reported_back_at;
  gint64          evaluated_at;
  int             resolved;                    /* 1 resolved, 0 not, -1 not yet known */
  gint64          reopen_count;
  gint64          supervise_count;
  gint64          merged_into;                 /* id of the original, 0 if none */
  gboolean        whistle;
  GPtrArray      *whistle_departments;         /* of GwWhistleDepartment, never NULL */
  gint64          extension_seconds;           /* an extension requested, awaiting approval */
  char           *extension_reason;
} GwTicket;

GType         gw_ticket_get_type       (void) G_GNUC_CONST;
#define GW_TYPE_TICKET (gw_ticket_get_type ())

GwTicket     *gw_ticket_new            (void);
GwTicket     *gw_ticket_ref            (GwTicket     *self);
void          gw_ticket_unref          (GwTicket     *self);

/* The finest division in the chain (micro-grid, else grid, …), or NULL. */
const char   *gw_ticket_get_division_code (const GwTicket *self);

GwAttachment *gw_attachment_new        (const char   *name,
                                        const char   *mime_type,
                                        gint64        size,
                                        const char   *sha256);
void          gw_attachment_free       (GwAttachment *self);

GwWhistleDepartment *gw_whistle_department_new  (const char *department_code,
                                                 gboolean    lead);
void                 gw_whistle_department_free (GwWhistleDepartment *self);
/* The whistle entry of a department, or NULL. */
GwWhistleDepartment *gw_ticket_find_whistle_department (const GwTicket *self,
                                                        const char     *department_code);

JsonNode     *gw_ticket_to_json        (const GwTicket *self);
/* The same as compact text (what json-glib would write), without building a tree. */
char         *gw_ticket_to_json_text   (const GwTicket *self);
void          gw_ticket_write_json     (const GwTicket *self,
                                        GwJsonWriter   *writer);
GwTicket     *gw_ticket_from_json      (JsonNode       *node,
                                        const char     *path,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTicket, gw_ticket_unref)

G_END_DECLS
