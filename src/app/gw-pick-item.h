/* gw-pick-item.h: one thing to pick in a short searchable list (a department, a category,
 * a place), as a GObject for a GListModel. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_TYPE_PICK_ITEM (gw_pick_item_get_type ())
G_DECLARE_FINAL_TYPE (GwPickItem, gw_pick_item, GW, PICK_ITEM, GObject)

/* code: what the item stands for; title and subtitle: what a row shows. */
GwPickItem *gw_pick_item_new            (const char  *code,
                                         const char  *title,
                                         const char  *subtitle);

const char *gw_pick_item_get_code       (GwPickItem  *self);
const char *gw_pick_item_get_title      (GwPickItem  *self);
const char *gw_pick_item_get_subtitle   (GwPickItem  *self);

/* More words a search finds the item by (keywords, a name in the other language). */
void        gw_pick_item_add_keywords   (GwPickItem  *self,
                                         const char  *words);
/* TRUE when query (folded with gw_pick_item_fold) is empty or in the item's words. */
gboolean    gw_pick_item_matches        (GwPickItem  *self,
                                         const char  *folded_query);
/* text as gw_pick_item_matches wants it: normalized and case-folded. */
char       *gw_pick_item_fold           (const char  *text);

/* A place's point (label point of a division). */
void        gw_pick_item_set_point      (GwPickItem  *self,
                                         double       lon,
                                         double       lat);
gboolean    gw_pick_item_get_point      (GwPickItem  *self,
                                         double      *lon,
                                         double      *lat);

/* Properties "picked" and "lead" (several departments and their lead). */
gboolean    gw_pick_item_get_picked     (GwPickItem  *self);
void        gw_pick_item_set_picked     (GwPickItem  *self,
                                         gboolean     picked);
gboolean    gw_pick_item_get_lead       (GwPickItem  *self);
void        gw_pick_item_set_lead       (GwPickItem  *self,
                                         gboolean     lead);

G_END_DECLS
