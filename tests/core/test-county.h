/* test-county.h: the small demo county in a scratch directory, shared by the core tests. */
#pragma once

#include "gw-db.h"

G_BEGIN_DECLS

/* Makes a scratch directory named after `tag`, writes the small demo county (seed 7,
 * anchored at `now`) into county.db there, and returns the directory. *path (may be NULL)
 * receives the file's path; *db (may be NULL) the open database, else it is closed. */
char *test_county_new    (const char  *tag,
                          gint64       now,
                          char       **path,
                          GwDb       **db);
/* Removes the directory and everything in it, and frees `dir`. */
void  test_county_remove (char        *dir);

G_END_DECLS
