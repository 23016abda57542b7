/* gwctl-drill.h: `gridwatchctl drill prepare|run|score` (drills, gw-drill.h). */
#pragma once

/* argv[0] is "drill". Returns the exit status: 0 done, 1 a failure, 2 usage. */
int gwctl_drill (int    argc,
                 char **argv);
