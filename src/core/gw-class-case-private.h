/* gw-class-case-private.h: what the class-case files share — the rows read once and the
 * state of one search. */
#pragma once

#include "gw-class-case.h"

G_BEGIN_DECLS

#define DAY  G_GINT64_CONSTANT (86400)
#define WEEK (7 * DAY)
/* Metres in a degree of latitude on the sphere gw_distance_m() measures on. */
#define METRES_PER_DEGREE (6371008.8 * G_PI / 180.0)

/* One ticket of the window, as the rules need it. */
typedef struct {
  gint64      id;
  gint64      reported_at;
  gint64      closed_at;      /* 0 unless closed */
  gint64      grid_id;        /* 0: in no grid */
  gint64      street_id;      /* 0: in no street */
  gint64      department_id;  /* 0: none */
  double      lon;
  double      lat;
  const char *number;         /* in Scan.strings */
  guint32     cat;            /* index in Scan.cats */
  guint32     reopen_count;
  gboolean    open;
} Row;

/* One search: the query (defaults filled in), the rows by subcategory (each in the order
 * reported), and the cases found so far. */
typedef struct {
  GwDb             *db;
  GwClassCaseQuery  q;
  Row              *rows;
  guint             n;
  GStringChunk     *strings;
  GPtrArray        *cats;          /* subcategory codes (in strings), by index */
  guint            *cat_start;     /* rows of cat c: [cat_start[c], cat_start[c + 1]) */
  GHashTable       *departments;   /* department id (gint64 *) -> code */
  const char      **cat_department; /* per subcategory, once worked out ("" for none) */
  GPtrArray        *cases;         /* GwClassCase */
  double            metres_per_lon; /* metres in a degree of longitude at the rows' middle */
} Scan;

/* A case of the given rows (indices into s->rows, in the order reported). */
GwClassCase *_gw_class_case_make (Scan            *s,
                                  GwClassCaseKind  kind,
                                  const guint32   *members,
                                  guint            n);

/* Every kind the query asks for, as cases appended to s->cases (gw-class-case-find.c). */
void         _gw_class_case_find (Scan            *s);

G_END_DECLS
