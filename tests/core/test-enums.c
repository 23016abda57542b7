#include "config.h"

#include "gw-enums.h"

typedef struct {
  const char *const *(*names) (void);
  guint n;
} EnumCase;

static void
test_round_trip (void)
{
  for (guint i = 0; i < GW_N_LEVELS; i++)
    {
      GwLevel out;
      g_assert_true (gw_level_from_string (gw_level_to_string (i), &out));
      g_assert_cmpint (out, ==, i);
    }
  for (guint i = 0; i < GW_N_STATES; i++)
    {
      GwTicketState out;
      g_assert_true (gw_ticket_state_from_string (gw_ticket_state_to_string (i), &out));
      g_assert_cmpint (out, ==, i);
    }
  for (guint i = 0; i < GW_N_SOURCES; i++)
    {
      GwSource out;
      g_assert_true (gw_source_from_string (gw_source_to_string (i), &out));
      g_assert_cmpint (out, ==, i);
    }
  g_assert_cmpstr (gw_level_to_string (GW_LEVEL_MICROGRID), ==, "microgrid");
  g_assert_cmpstr (gw_urgency_to_string (GW_URGENCY_EMERGENCY), ==, "emergency");
  g_assert_cmpstr (gw_source_to_string (GW_SOURCE_HOTLINE), ==, "hotline");
  g_assert_null (gw_level_to_string (GW_N_LEVELS));
}

static void
test_refuses_unknown (void)
{
  GwLevel level = GW_LEVEL_GRID;
  GwTicketState state = GW_STATE_HANDLING;

  g_assert_false (gw_level_from_string ("Grid", &level));
  g_assert_false (gw_level_from_string ("", &level));
  g_assert_false (gw_level_from_string (NULL, &level));
  g_assert_false (gw_ticket_state_from_string ("open", &state));
  g_assert_cmpint (level, ==, GW_LEVEL_GRID);
  g_assert_cmpint (state, ==, GW_STATE_HANDLING);
}

static void
test_open_states (void)
{
  g_assert_true (gw_ticket_state_is_open (GW_STATE_REPORTED));
  g_assert_true (gw_ticket_state_is_open (GW_STATE_SUSPENDED));
  g_assert_false (gw_ticket_state_is_open (GW_STATE_CLOSED));
  g_assert_false (gw_ticket_state_is_open (GW_STATE_REJECTED));
}

static void
test_joined (void)
{
  g_autofree char *s = gw_enum_names_joined (gw_urgency_names ());
  g_assert_cmpstr (s, ==, "normal, urgent, emergency");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/enums/round-trip", test_round_trip);
  g_test_add_func ("/enums/refuses-unknown", test_refuses_unknown);
  g_test_add_func ("/enums/open-states", test_open_states);
  g_test_add_func ("/enums/joined", test_joined);
  return g_test_run ();
}
