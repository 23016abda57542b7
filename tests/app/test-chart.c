/* test-chart.c: the dashboard's charts: 1-2-5 axis steps, data that does not change draws
 * nothing new, and bars and lines with Chinese labels in a real window (screenshots). */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "gw-application.h"
#include "gw-chart.h"
#include "test-util.h"
#include "test-window-util.h"

static void
test_nice_step (void)
{
  g_assert_cmpfloat (gw_chart_nice_step (10, 4), ==, 5);
  g_assert_cmpfloat (gw_chart_nice_step (37, 4), ==, 10);
  g_assert_cmpfloat (gw_chart_nice_step (1234, 4), ==, 500);
  g_assert_cmpfloat (gw_chart_nice_step (0.8, 4), ==, 0.2);
  g_assert_cmpfloat (gw_chart_nice_step (0, 4), ==, 1);
  g_assert_cmpfloat (gw_chart_nice_step (NAN, 4), ==, 1);
}

static void
test_draw (void)
{
  static const char *const sources[] = { "12345热线", "网格员巡查", "群众随手拍", "视频智能发现", "部门移交" };
  static const double counts[] = { 412, 388, 97, 41, 12 };
  const char *days[30];
  double reported[30], closed[30];
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GwChart *bars = GW_CHART (gw_chart_new (GW_CHART_BARS));
  GwChart *lines = GW_CHART (gw_chart_new (GW_CHART_LINES));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint changes;

  for (guint i = 0; i < 30; i++)
    {
      g_ptr_array_add (labels, g_strdup_printf ("11-%02u", i + 1));
      days[i] = g_ptr_array_index (labels, i);
      reported[i] = 120 + 40 * sin (i / 3.0);
      closed[i] = i == 12 ? NAN : 110 + 30 * cos (i / 4.0);
    }
  gw_chart_set_title (bars, "上报来源");
  gw_chart_set_unit (bars, "件");
  gw_chart_set_data (bars, sources, G_N_ELEMENTS (sources), counts, NULL);
  g_assert_cmpuint (gw_chart_get_n (bars), ==, 5);
  changes = gw_chart_get_changes (bars);
  gw_chart_set_data (bars, sources, G_N_ELEMENTS (sources), counts, NULL);
  g_assert_cmpuint (gw_chart_get_changes (bars), ==, changes);
  gw_chart_set_title (lines, "近30天上报与结案");
  gw_chart_set_series_names (lines, "上报", "结案");
  gw_chart_set_data (lines, days, 30, reported, closed);
  gtk_widget_set_size_request (GTK_WIDGET (bars), 560, 300);
  gtk_widget_set_size_request (GTK_WIDGET (lines), 640, 300);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (bars));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (lines));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  test_window_screenshot (window, "charts", 300);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gw_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart/nice-step", test_nice_step);
  if (test_util_have_display ())
    {
      gtk_init ();
      adw_init ();
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      g_test_add_func ("/chart/draw", test_draw);
    }
  return g_test_run ();
}
