/* gwctl-scenario.h: `gridwatchctl scenario validate|list` (drill scenarios). */
#pragma once

/* argv[0] is "scenario". Returns the exit status: 0 valid, 1 a problem found, 2 usage. */
int gwctl_scenario (int    argc,
                    char **argv);
