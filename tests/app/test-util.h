/* test-util.h: what the display tests share: the demo database and a scratch directory. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new directory under the system's temporary directory. */
char     *test_util_make_tmpdir      (void);

/* Removes dir and everything in it. */
void      test_util_remove_tree      (const char *dir);

/* Creates dir/name with the real `gridwatchctl demo --profile small --seed 1` ($GW_CTL_BIN)
 * and returns its path. */
char     *test_util_create_demo      (const char *dir,
                                      const char *name);

/* TRUE when there is a display to open windows on. */
gboolean  test_util_have_display     (void);

G_END_DECLS
