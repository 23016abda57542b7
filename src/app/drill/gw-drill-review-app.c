/* gw-drill-review-app.c: how the application opens the after-action review —
 * app.drill-review (Ctrl+Alt+R, "After-Action Review…" in the console's menu): on the
 * console's store when the window in front is a console, else on a file the officer
 * chooses. */
#define G_LOG_DOMAIN "gw-drill-review"

#include "config.h"

#include "gw-drill-review-window.h"
#include "gw-drill-review-window-private.h"
#include "gw-main-window.h"

GwDrillReviewWindow *
gw_drill_review_window_find (GtkApplication *application,
                             GwStore        *store)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (GW_IS_DRILL_REVIEW_WINDOW (l->data) && _gw_drill_review_window_get_store (l->data) == store)
      return l->data;
  return NULL;
}

static void
drill_review_app_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *active = gtk_application_get_active_window (application);
  GwStore *store = NULL;
  GwDrillReviewWindow *window;

  if (GW_IS_DRILL_REVIEW_WINDOW (active))
    {
      gtk_window_present (active);
      return;
    }
  if (GW_IS_MAIN_WINDOW (active))
    store = gw_main_window_get_store (GW_MAIN_WINDOW (active));
  window = store ? gw_drill_review_window_find (application, store) : NULL;
  if (window == NULL)
    window = gw_drill_review_window_new (application, store);
  gtk_window_present (GTK_WINDOW (window));
  if (store == NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "review.open", NULL);
}

void
gw_drill_review_window_add_app_action (GtkApplication *application)
{
  static const GActionEntry entries[] = {
    { "drill-review", drill_review_app_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries), application);
  gtk_application_set_accels_for_action (application, "app.drill-review",
                                         (const char *[]) { "<Control><Alt>r", NULL });
}

