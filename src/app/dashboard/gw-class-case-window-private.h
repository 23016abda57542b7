/* gw-class-case-window-private.h: what the class-case window's files share
 * (gw-class-case-window.c: the window, the search and the list of cases;
 * gw-class-case-window-detail.c: the selected case, its tickets and its chart). */
#pragma once

#include "gw-chart.h"
#include "gw-class-case-window.h"

G_BEGIN_DECLS

/* An item of the two lists: a case, or one of its tickets. ------------------------------- */

#define GW_TYPE_CLASS_CASE_ITEM (gw_class_case_item_get_type ())
G_DECLARE_FINAL_TYPE (GwClassCaseItem, gw_class_case_item, GW, CLASS_CASE_ITEM, GObject)

struct _GwClassCaseItem
{
  GObject      parent_instance;
  GwClassCase *cc;
  GwTicket    *ticket;
  char        *place;
};

struct _GwClassCaseWindow
{
  AdwWindow           parent_instance;

  /* template */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkDropDown        *period_dropdown;
  GtkDropDown        *division_dropdown;
  GtkToggleButton    *kind_buttons[GW_N_CLASS_CASE_KINDS];
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  AdwStatusPage      *empty_page;
  GtkListView        *case_list;
  GtkStack           *detail_stack;
  GtkLabel           *case_kind;
  GtkLabel           *case_title;
  GtkLabel           *place_value;
  GtkLabel           *span_value;
  GtkLabel           *tickets_value;
  GtkLabel           *department_value;
  GtkLabel           *case_note;
  GtkBox             *chart_box;
  GtkLabel           *members_heading;
  GtkColumnView      *member_view;
  GwChart            *chart;

  GwStore            *store;
  GwClock            *clock;
  GwSyncClient       *sync_client;
  GwActor             actor;          /* its strings are the three below */
  char               *actor_name;
  char               *actor_division;
  char               *actor_department;
  GCancellable       *cancellable;

  GListStore         *cases;          /* of GwClassCaseItem: every case found */
  GtkCustomFilter    *kind_filter;
  GtkSingleSelection *selection;      /* over the cases of the kinds chosen */
  GListStore         *members;        /* of GwClassCaseItem: the selected case's tickets */
  GtkSingleSelection *member_selection;
  GPtrArray          *street_codes;   /* char *, index i + 1 in the division dropdown */
  GHashTable         *departments;    /* code -> name in the UI's language */

  guint               days;
  char               *division;
  guint               kinds;
  gboolean            syncing_kinds;  /* the buttons are being set to kinds */
  gint64              query_to;       /* the end of the window searched last */
  guint               n_reads;
  guint               generation;     /* of the search */
  guint               member_generation;
  gboolean            members_read;
  /* After a search, the case to select again: its kind, subcategory and first ticket. */
  GwClassCaseKind     keep_kind;
  char               *keep_category;
  gint64              keep_first;
  char               *last_toast;
};

/* A read under way: the window, and which generation of reads it belongs to. */
typedef struct {
  GwClassCaseWindow *self;
  guint              generation;
} GwClassCaseStep;

GwClassCaseStep *_gw_class_case_step_new  (GwClassCaseWindow *self,
                                           guint              generation);
void             _gw_class_case_step_free (GwClassCaseStep   *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwClassCaseStep, _gw_class_case_step_free)

/* gw-class-case-window-detail.c: words, the selected case and its pane. */
const char  *_gw_class_case_kind_label               (GwClassCaseKind    kind);
/* The kind's name on a pill coloured by kind (style.css: .class-case-kind.grid …). */
void         _gw_class_case_set_kind_label           (GtkLabel          *label,
                                                      GwClassCaseKind    kind);
/* "2026-10-08 – 2026-10-28" */
char        *_gw_class_case_format_span              (const GwClassCase *cc);
/* A department's name in the UI's language, its code when unknown, NULL for NULL. */
const char  *_gw_class_case_window_department_name   (GwClassCaseWindow *self,
                                                      const char        *code);
GwClassCase *_gw_class_case_window_selected          (GwClassCaseWindow *self);
void         _gw_class_case_window_update_actions    (GwClassCaseWindow *self);
/* The member list's columns, the chart. */
void         _gw_class_case_window_init_detail       (GwClassCaseWindow *self);
/* The selected case on the right, its tickets read anew. */
void         _gw_class_case_window_show_case         (GwClassCaseWindow *self);

G_END_DECLS
