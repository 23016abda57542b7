/* Shared by the benchmarks: the Tongnan-scale demo database and the figure line format. */
#pragma once

#include "gw-db.h"

/* Path of the shared tongnan database in the build directory; made if absent. */
char   *bench_tongnan_db    (void);
double  bench_now_ms        (void);
/* For a time (lower is better): ratio = baseline / value, the speed-up. */
void    bench_figure        (const char *name,
                             double      value,
                             const char *unit,
                             double      baseline,   /* < 0: no baseline */
                             const char *baseline_unit);
/* For a rate (higher is better): ratio = value / baseline, the speed-up. */
void    bench_figure_rate   (const char *name,
                             double      value,
                             const char *unit,
                             double      baseline,
                             const char *baseline_unit);
int     bench_compare_double (gconstpointer a,
                              gconstpointer b);
