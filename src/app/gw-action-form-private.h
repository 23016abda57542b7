/* gw-action-form-private.h: what the action form's files (gw-action-form*.c) share. */
#pragma once

#include "gw-action-form.h"
#include "gw-pick-item.h"
#include "gw-place-map.h"

G_BEGIN_DECLS

struct _GwActionForm
{
  AdwWindow            parent_instance;

  /* template */
  AdwWindowTitle      *window_title;
  GtkWidget           *cancel_button;
  GtkWidget           *submit_button;
  GtkLabel            *summary_label;
  AdwClamp            *clamp;
  GtkWidget           *columns;
  GtkWidget           *left_column;
  GtkWidget           *right_column;
  GtkWidget           *department_box;
  GtkLabel            *department_heading;
  GtkSearchEntry      *department_search;
  GtkListView         *department_list;
  GtkWidget           *department_hint;
  GtkCheckButton      *level_check;
  GtkWidget           *category_box;
  GtkSearchEntry      *category_search;
  GtkListView         *category_list;
  GtkWidget           *place_box;
  GtkSearchEntry      *place_search;
  GtkStack            *place_stack;
  GtkListView         *place_list;
  GtkLabel            *place_label;
  GtkWidget           *details_group;
  AdwEntryRow         *reason_row;
  GtkWidget           *hours_row;
  GtkSpinButton       *hours_spin;
  GtkWidget           *resolved_row;
  GtkSwitch           *resolved_switch;
  AdwComboRow         *satisfaction_row;
  AdwComboRow         *urgency_row;
  AdwComboRow         *source_row;
  AdwEntryRow         *address_row;
  AdwEntryRow         *reporter_row;
  AdwEntryRow         *phone_row;
  GtkWidget           *text_box;
  GtkLabel            *text_heading;
  GtkTextView         *text_view;
  AdwClamp            *error_clamp;
  GtkLabel            *error_label;

  GwActionRunner      *runner;
  GCancellable        *cancellable;     /* cancelled when the form goes */
  gboolean             report;          /* a new ticket, not an action */
  GwAction             action;
  GPtrArray           *tickets;         /* of GwTicket */
  guint                fields;          /* FIELD_* */
  guint                loads;           /* lists still being read */
  gboolean             ready;
  gboolean             busy;
  gboolean             finished;

  /* the department picker */
  GListStore          *departments;     /* of GwPickItem */
  GtkCustomFilter     *department_filter;
  GtkSingleSelection  *department_selection;  /* NULL for a whistle */
  char                *department_query;

  /* a new ticket */
  GListStore          *categories;
  GtkCustomFilter     *category_filter;
  GtkSingleSelection  *category_selection;
  char                *category_query;
  GListStore          *places;
  GtkCustomFilter     *place_filter;
  GtkSingleSelection  *place_selection;
  char                *place_query;
  gboolean             have_point;      /* place_search holds "lon, lat" */
  double               point_lon;
  double               point_lat;
  GwPlaceMap          *place_map;       /* the place, where a click sets the point */
  char                *map_area_code;   /* the division the map shows */
  char                *point_place;     /* where the point is, once located (or "") */
  guint                map_generation;  /* answers to older map reads are dropped */
  gboolean             picking;         /* the place box is being set by a click */

  /* a submission: the command's fields, captured when it starts */
  GwCommand            command;
  char                *reason;
  char                *department_code;
  GStrv                picked;
  char                *lead;
  char                *text;
  guint                next;            /* index of the ticket being submitted */
  GPtrArray           *refused;         /* the tickets refused, kept in the form */
  GString             *refusals;
  guint                n_applied;
  guint                n_pending;
};

/* A searchable list: filter by the folded query in *query, rows of title and subtitle
 * (with a tick and a lead star when checks is TRUE). Returns the filter model. */
GListModel *_gw_action_form_make_picker       (GwActionForm   *self,
                                               GtkListView    *list,
                                               GListStore     *items,
                                               char          **query,
                                               GtkCustomFilter **filter,
                                               gboolean        checks);
/* Sets *query from the entry, refilters, and selects the first match (none when empty). */
void        _gw_action_form_search            (GwActionForm   *self,
                                               GtkEditable    *entry,
                                               char          **query,
                                               GtkCustomFilter *filter,
                                               GtkSingleSelection *selection);
/* Up and Down in entry move the choice of list (a single selection). */
void        _gw_action_form_connect_list_keys (GtkSearchEntry *entry,
                                               GtkListView    *list);
/* The position of the item with code in model, or GTK_INVALID_LIST_POSITION. */
guint       _gw_action_form_find_code         (GListModel     *model,
                                               const char     *code);
gboolean    _gw_action_form_select_code       (GtkSingleSelection *selection,
                                               GtkSearchEntry *entry,
                                               const char     *code);

void        _gw_action_form_set_busy          (GwActionForm   *self,
                                               gboolean        busy);
void        _gw_action_form_show_error        (GwActionForm   *self,
                                               const char     *message);
void        _gw_action_form_field_changed     (GwActionForm   *self);
void        _gw_action_form_load_started      (GwActionForm   *self);
void        _gw_action_form_load_done         (GwActionForm   *self);
/* Emits "done" and closes the form. */
void        _gw_action_form_finish            (GwActionForm   *self,
                                               GwActionOutcome outcome,
                                               const char     *message);
char       *_gw_action_form_get_text          (GwActionForm   *self);

/* gw-action-form-report.c */
void        _gw_action_form_setup_report      (GwActionForm   *self);
void        _gw_action_form_submit_report     (GwActionForm   *self);
void        _gw_action_form_clear_report      (GwActionForm   *self);
void        _gw_action_form_on_category_search_changed  (GwActionForm *self);
void        _gw_action_form_on_category_search_activate (GwActionForm *self);
void        _gw_action_form_on_place_search_changed     (GwActionForm *self);
void        _gw_action_form_on_place_search_activate    (GwActionForm *self);
void        _gw_action_form_on_entry_row_activated      (GwActionForm *self,
                                                         AdwEntryRow  *row);

G_END_DECLS
