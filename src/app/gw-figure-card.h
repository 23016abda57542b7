/* gw-figure-card.h: one big figure with its name and a line saying what it counts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_FIGURE_CARD (gw_figure_card_get_type ())
G_DECLARE_FINAL_TYPE (GwFigureCard, gw_figure_card, GW, FIGURE_CARD, GtkWidget)

GtkWidget  *gw_figure_card_new         (void);

const char *gw_figure_card_get_title   (GwFigureCard *self);
void        gw_figure_card_set_title   (GwFigureCard *self,
                                        const char   *title);
const char *gw_figure_card_get_value   (GwFigureCard *self);
void        gw_figure_card_set_value   (GwFigureCard *self,
                                        const char   *value);
/* The figure's type size relative to the style's (1.0): cards in a row with a long figure
 * all take a smaller one. A Pango scale, so that it counts from the very first measure. */
double      gw_figure_card_get_value_scale (GwFigureCard *self);
void        gw_figure_card_set_value_scale (GwFigureCard *self,
                                            double        scale);
const char *gw_figure_card_get_caption (GwFigureCard *self);
void        gw_figure_card_set_caption (GwFigureCard *self,
                                        const char   *caption);

G_END_DECLS
