/* gw-class-case.c: class-case analysis (类案分析): the query, the rows read once, the cases
 * made of the rows the rules join (gw-class-case-find.c), their order. */
#define G_LOG_DOMAIN "gw-class-case"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gw-class-case-private.h"
#include "gw-db-private.h"
#include "gw-dictionary.h"
#include "gw-enums-private.h"
#include "gw-geometry.h"
#include "gw-time.h"

static const char *const kind_names[] = { "grid", "nearby", "returning", "hotspot", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == GW_N_CLASS_CASE_KINDS + 1);

GW_ENUM_STRING_FUNCS (gw_class_case_kind, GwClassCaseKind, kind_names, GW_N_CLASS_CASE_KINDS)

/* Cases ---------------------------------------------------------------------------------- */

static void
class_case_clear (gpointer data)
{
  GwClassCase *self = data;

  g_free (self->category_code);
  g_free (self->division_code);
  g_free (self->division_name);
  g_clear_pointer (&self->ticket_ids, g_array_unref);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_free (self->department_code);
  g_free (self->title);
  g_clear_pointer (&self->weekly, g_array_unref);
}

G_DEFINE_BOXED_TYPE (GwClassCase, gw_class_case, gw_class_case_ref, gw_class_case_unref)

GwClassCase *
gw_class_case_ref (GwClassCase *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
gw_class_case_unref (GwClassCase *self)
{
  g_atomic_rc_box_release_full (self, class_case_clear);
}

void
gw_class_case_query_init (GwClassCaseQuery *query,
                          gint64            from,
                          gint64            to)
{
  memset (query, 0, sizeof *query);
  query->from = from;
  query->to = to;
  query->kinds = (1u << GW_N_CLASS_CASE_KINDS) - 1;
  query->min_count = GW_CLASS_CASE_DEFAULT_MIN_COUNT;
  query->days = GW_CLASS_CASE_DEFAULT_DAYS;
  query->metres = GW_CLASS_CASE_DEFAULT_METRES;
  query->return_days = GW_CLASS_CASE_DEFAULT_RETURN_DAYS;
  query->recent_weeks = GW_CLASS_CASE_DEFAULT_RECENT_WEEKS;
  query->max_hotspots = GW_CLASS_CASE_DEFAULT_MAX_HOTSPOTS;
}

/* The rows -------------------------------------------------------------------------------
 *
 * One read of the window, then a counting sort by subcategory and each subcategory in the
 * order reported (reported_at, then id): the rows of a subcategory lie together, oldest
 * first. Every bucket of gw-class-case-find.c (a grid, a cell of the spatial hash, a
 * street) holds row indices in that same order. */

/* The rows of the window in the table's order: through the reported_at index when the
 * window is a small part of the history, else by reading the table straight through,
 * which is faster than visiting most of it in the index's order. */
#define ROWS_SELECT \
  "SELECT t.id, t.number, t.category, t.grid_id, t.street_id, t.department_id, t.lon, t.lat," \
  " t.state = 'closed', t.state IN " GW_DB_OPEN_STATES ", t.reported_at, t.closed_at, t.reopen_count"
/* A class-case ticket (gw-class-case-open.c: from the higher level, with the audit entry
 * that names its members) is no report of the problem: left out, or a case made into one
 * would count it among its own reports. */
#define ROWS_WHERE \
  " WHERE t.reported_at >= ?1 AND t.reported_at < ?2 AND t.state <> 'rejected'" \
  " AND (?3 IS NULL OR t.division_id IN (SELECT id FROM divisions WHERE code >= ?3 AND code < ?4))" \
  " AND NOT (t.source = 'higher_level' AND EXISTS (SELECT 1 FROM audit a WHERE a.ticket_id = t.id" \
  "          AND a.action = 'class_case' AND json_type (a.payload, '$.members') = 'array'))"
#define ROWS_SQL      ROWS_SELECT " FROM tickets t" ROWS_WHERE
#define ROWS_SQL_SCAN ROWS_SELECT " FROM tickets t NOT INDEXED" ROWS_WHERE

static void
scan_clear (Scan *s)
{
  g_free (s->rows);
  g_clear_pointer (&s->strings, g_string_chunk_free);
  g_clear_pointer (&s->cats, g_ptr_array_unref);
  g_free (s->cat_start);
  g_free (s->cat_department);
  g_clear_pointer (&s->departments, g_hash_table_unref);
  g_clear_pointer (&s->cases, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

static gboolean
read_departments (Scan    *s,
                  GError **error)
{
  sqlite3_stmt *stmt = _gw_db_prepare (s->db, "SELECT id, code FROM departments", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  s->departments = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (s->departments, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_string_chunk_insert_const (s->strings, (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (s->db, error, _("reading the departments")), FALSE;
  return TRUE;
}

static int
compare_reported (const void *a,
                  const void *b)
{
  const Row *x = a, *y = b;

  if (x->reported_at != y->reported_at)
    return x->reported_at < y->reported_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean
read_rows (Scan    *s,
           GError **error)
{
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), 4096);
  g_autoptr(GHashTable) cat_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *end = NULL;
  g_autofree guint *fill = NULL;
  sqlite3_stmt *stmt;
  gboolean scan = FALSE;
  guint n_cats;
  int rc;

  /* How much of the history the window holds, supposing reports spread evenly. */
  stmt = _gw_db_prepare (s->db, "SELECT min (reported_at), max (reported_at) FROM tickets", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      gint64 first = sqlite3_column_int64 (stmt, 0), last = sqlite3_column_int64 (stmt, 1) + 1;
      gint64 overlap = MIN (last, s->q.to) - MAX (first, s->q.from);

      scan = overlap > (last - first) / 4;
    }
  sqlite3_reset (stmt);

  stmt = _gw_db_prepare (s->db, scan ? ROWS_SQL_SCAN : ROWS_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->q.from);
  sqlite3_bind_int64 (stmt, 2, s->q.to);
  if (s->q.division_code)
    {
      end = _gw_db_code_prefix_end (s->q.division_code);
      sqlite3_bind_text (stmt, 3, s->q.division_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, end, -1, SQLITE_STATIC);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *cat = (const char *) sqlite3_column_text (stmt, 2);
      gpointer index;
      Row r;

      r.id = sqlite3_column_int64 (stmt, 0);
      r.number = g_string_chunk_insert (s->strings, (const char *) sqlite3_column_text (stmt, 1));
      if (!g_hash_table_lookup_extended (cat_index, cat, NULL, &index))
        {
          char *code = g_string_chunk_insert_const (s->strings, cat);
          index = GUINT_TO_POINTER (s->cats->len);
          g_ptr_array_add (s->cats, code);
          g_hash_table_insert (cat_index, code, index);
        }
      r.cat = GPOINTER_TO_UINT (index);
      r.grid_id = sqlite3_column_int64 (stmt, 3);
      r.street_id = sqlite3_column_int64 (stmt, 4);
      r.department_id = sqlite3_column_int64 (stmt, 5);
      r.lon = sqlite3_column_double (stmt, 6);
      r.lat = sqlite3_column_double (stmt, 7);
      r.closed_at = sqlite3_column_int (stmt, 8) ? sqlite3_column_int64 (stmt, 11) : 0;
      r.open = sqlite3_column_int (stmt, 9) != 0;
      r.reported_at = sqlite3_column_int64 (stmt, 10);
      r.reopen_count = (guint32) CLAMP (sqlite3_column_int64 (stmt, 12), 0, G_MAXUINT32);
      g_array_append_val (rows, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gw_db_set_error (s->db, error, _("reading the tickets for class cases")), FALSE;

  /* Counting sort by subcategory (stable), then each subcategory in the order reported:
   * the table's order almost always is, and then there is nothing to sort. */
  n_cats = s->cats->len;
  s->n = rows->len;
  s->cat_start = g_new0 (guint, n_cats + 1);
  for (guint i = 0; i < s->n; i++)
    s->cat_start[g_array_index (rows, Row, i).cat + 1]++;
  for (guint c = 0; c < n_cats; c++)
    s->cat_start[c + 1] += s->cat_start[c];
  fill = g_memdup2 (s->cat_start, sizeof (guint) * (n_cats + 1));
  s->rows = g_new (Row, MAX (s->n, 1));
  for (guint i = 0; i < s->n; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      s->rows[fill[r->cat]++] = *r;
    }
  s->cat_department = g_new0 (const char *, n_cats);
  for (guint c = 0; c < n_cats; c++)
    for (guint i = s->cat_start[c] + 1; i < s->cat_start[c + 1]; i++)
      if (compare_reported (&s->rows[i - 1], &s->rows[i]) > 0)
        {
          qsort (s->rows + s->cat_start[c], s->cat_start[c + 1] - s->cat_start[c], sizeof (Row), compare_reported);
          break;
        }
  return TRUE;
}

/* Making the cases ----------------------------------------------------------------------- */

static const char *
category_name (const char *code)
{
  const GwCategory *c = gw_dictionary_lookup (gw_dictionary_get_default (), code);
  return c ? gw_category_get_display_name (c) : code;
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) local = gw_time_to_date_time (t);
  return g_date_time_format (local, "%Y-%m-%d");
}

/* The most common department of some rows (equal counts: the smaller code), or NULL. */
static const char *
most_common_department (const Scan    *s,
                        const guint32 *rows,
                        guint          n,
                        guint          from,
                        guint          to)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_int64_hash, g_int64_equal);
  const char *best = NULL;
  guint most = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = rows ? 0 : from; i < (rows ? n : to); i++)
    {
      const Row *r = &s->rows[rows ? rows[i] : i];

      if (r->department_id > 0)
        g_hash_table_insert (counts, (gpointer) &r->department_id,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &r->department_id)) + 1));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *code = g_hash_table_lookup (s->departments, key);

      if (code && (GPOINTER_TO_UINT (value) > most || (GPOINTER_TO_UINT (value) == most && strcmp (code, best) < 0)))
        {
          best = code;
          most = GPOINTER_TO_UINT (value);
        }
    }
  return best;
}

/* The department that should fix the cause: the most common among the members, else among
 * every row of the subcategory (worked out once per subcategory). */
static const char *
pick_department (Scan          *s,
                 const guint32 *members,
                 guint          n,
                 guint32        cat)
{
  const char *best = most_common_department (s, members, n, 0, 0);

  if (best)
    return best;
  if (s->cat_department[cat] == NULL)
    {
      best = most_common_department (s, NULL, 0, s->cat_start[cat], s->cat_start[cat + 1]);
      s->cat_department[cat] = best ? best : "";
    }
  return *s->cat_department[cat] ? s->cat_department[cat] : NULL;
}

static void
set_division (GwClassCase *cc,
              GwDb        *db,
              gint64       id)
{
  const GwDbDivision *d = id > 0 ? _gw_db_division_by_id (db, id) : NULL;

  if (d)
    {
      cc->division_code = g_strdup (d->code);
      cc->division_name = g_strdup (d->name);
    }
}

static void
set_title (GwClassCase            *cc,
           const GwClassCaseQuery *q)
{
  const char *sub = category_name (cc->category_code);
  const char *place = cc->division_name ? cc->division_name : "—";
  g_autofree char *first = format_day (cc->first_at), *last = format_day (cc->last_at);
  guint n = cc->ticket_ids->len;

  switch (cc->kind)
    {
    case GW_CLASS_CASE_GRID:
      /* Translators: subcategory, grid, number of reports, first day, last day. */
      cc->title = g_strdup_printf (_("%s in %s: %u reports, %s – %s"), sub, place, n, first, last);
      break;
    case GW_CLASS_CASE_NEARBY:
      /* Translators: subcategory, grid, metres, number of reports, first day, last day. */
      cc->title = g_strdup_printf (_("%s near %s (%.0f m): %u reports, %s – %s"), sub, place, q->metres, n,
                                   first, last);
      break;
    case GW_CLASS_CASE_RETURNING:
      /* Translators: subcategory, grid, number of reports, first day, last day. */
      cc->title = g_strdup_printf (_("%s back in %s after closure: %u reports, %s – %s"), sub, place, n, first,
                                   last);
      break;
    case GW_CLASS_CASE_HOTSPOT:
      if (cc->weekly == NULL)
        {
          /* Made of its tickets (gw_db_make_class_case), without its weeks. Translators:
           * subcategory, street, number of reports, first day, last day. */
          cc->title = g_strdup_printf (_("%s rising in %s: %u reports, %s – %s"), sub, place, n, first, last);
          break;
        }
      /* Translators: subcategory, street, reports in the recent weeks, weeks, the count the
       * weeks before them would give. */
      cc->title = g_strdup_printf (_("%s rising in %s: %u reports in %u weeks, %.1f expected"), sub, place,
                                   cc->recent, q->recent_weeks, cc->expected);
      break;
    case GW_N_CLASS_CASE_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* A case of the given rows (indices in the order reported). */
GwClassCase *
_gw_class_case_make (Scan            *s,
           GwClassCaseKind  kind,
           const guint32   *members,
           guint            n)
{
  GwClassCase *cc = g_atomic_rc_box_new0 (GwClassCase);
  const Row *first = &s->rows[members[0]];
  double mean_lon = 0, mean_lat = 0, best = G_MAXDOUBLE;
  const Row *place = first;
  const char *department;

  cc->kind = kind;
  cc->category_code = g_strdup (g_ptr_array_index (s->cats, first->cat));
  cc->ticket_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  cc->numbers = g_ptr_array_new_full (n, g_free);
  for (guint i = 0; i < n; i++)
    {
      const Row *r = &s->rows[members[i]];

      g_array_append_val (cc->ticket_ids, r->id);
      g_ptr_array_add (cc->numbers, g_strdup (r->number));
      mean_lon += r->lon / n;
      mean_lat += r->lat / n;
      cc->n_open += r->open;
      cc->n_reopened += r->reopen_count > 0;
    }
  cc->first_at = first->reported_at;
  cc->last_at = s->rows[members[n - 1]].reported_at;
  for (guint i = 0; i < n; i++)
    {
      const Row *r = &s->rows[members[i]];
      double d = gw_distance_m (mean_lon, mean_lat, r->lon, r->lat);

      if (d < best)
        {
          best = d;
          place = r;
        }
    }
  cc->lon = place->lon;
  cc->lat = place->lat;
  for (guint i = 0; i < n; i++)
    cc->radius_m = MAX (cc->radius_m, gw_distance_m (cc->lon, cc->lat, s->rows[members[i]].lon,
                                                     s->rows[members[i]].lat));
  set_division (cc, s->db, kind == GW_CLASS_CASE_HOTSPOT ? first->street_id : place->grid_id);
  department = pick_department (s, members, n, first->cat);
  cc->department_code = g_strdup (department);
  return cc;
}

/* Order and checks ---------------------------------------------------------------------- */

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  const GwClassCase *x = *(GwClassCase *const *) a, *y = *(GwClassCase *const *) b;
  int c;

  if (x->ticket_ids->len != y->ticket_ids->len)
    return x->ticket_ids->len > y->ticket_ids->len ? -1 : 1;
  if (x->last_at != y->last_at)
    return x->last_at > y->last_at ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if ((c = strcmp (x->category_code, y->category_code)) != 0)
    return c;
  return g_array_index (x->ticket_ids, gint64, 0) < g_array_index (y->ticket_ids, gint64, 0) ? -1 :
         g_array_index (x->ticket_ids, gint64, 0) > g_array_index (y->ticket_ids, gint64, 0);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* The query with defaults filled in, and checked. */
static gboolean
normalize (const GwClassCaseQuery *in,
           GwClassCaseQuery       *q,
           GError                **error)
{
  *q = *in;
  if (q->kinds == 0)
    q->kinds = (1u << GW_N_CLASS_CASE_KINDS) - 1;
  if (q->min_count == 0)
    q->min_count = GW_CLASS_CASE_DEFAULT_MIN_COUNT;
  if (q->days == 0)
    q->days = GW_CLASS_CASE_DEFAULT_DAYS;
  if (q->metres == 0)
    q->metres = GW_CLASS_CASE_DEFAULT_METRES;
  if (q->return_days == 0)
    q->return_days = GW_CLASS_CASE_DEFAULT_RETURN_DAYS;
  if (q->recent_weeks == 0)
    q->recent_weeks = GW_CLASS_CASE_DEFAULT_RECENT_WEEKS;
  if (q->max_hotspots == 0)
    q->max_hotspots = GW_CLASS_CASE_DEFAULT_MAX_HOTSPOTS;

  if (q->to <= q->from)
    return invalid (error, _("The window of a class-case search must end after it starts"));
  if (q->kinds >= (1u << GW_N_CLASS_CASE_KINDS))
    return invalid (error, _("Unknown kind of class case"));
  if (q->min_count < 2 || q->min_count > 10000)
    return invalid (error, _("The number of reports that makes a class case must be between 2 and 10000"));
  if (q->days > GW_CLASS_CASE_MAX_DAYS || q->return_days > GW_CLASS_CASE_MAX_DAYS)
    return invalid (error, _("A class case spans at most 366 days"));
  if (!(q->metres >= GW_CLASS_CASE_MIN_METRES && q->metres <= GW_CLASS_CASE_MAX_METRES))
    return invalid (error, _("The distance of a class case must be between 10 and 5000 metres"));
  if (q->recent_weeks > 52)
    return invalid (error, _("A hot spot compares at most the last 52 weeks"));
  return TRUE;
}

GPtrArray *
gw_db_find_class_cases (GwDb                   *db,
                        const GwClassCaseQuery *query,
                        GError                **error)
{
  g_auto(Scan) s = { 0, };
  gint64 t0 = g_get_monotonic_time (), t_read;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!normalize (query, &s.q, error))
    return NULL;
  if (s.q.division_code && _gw_db_division_by_code (db, s.q.division_code) == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No division has the code %s"),
                   s.q.division_code);
      return NULL;
    }
  s.db = db;
  s.strings = g_string_chunk_new (1 << 16);
  s.cats = g_ptr_array_new ();
  s.cases = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_class_case_unref);

  /* One snapshot for the rows and the departments. */
  own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);
  ok = read_departments (&s, error) && read_rows (&s, error);
  if (own)
    gw_db_exec (db, "COMMIT", NULL);
  if (!ok)
    return NULL;
  t_read = g_get_monotonic_time ();

  if (s.n > 0)
    _gw_class_case_find (&s);

  g_debug ("%u rows of %u subcategories read in %.1f ms, %u cases found in %.1f ms more", s.n, s.cats->len,
           (t_read - t0) / 1e3, s.cases->len, (g_get_monotonic_time () - t_read) / 1e3);
  g_ptr_array_sort (s.cases, compare_cases);
  if (s.q.limit > 0 && s.cases->len > s.q.limit)
    g_ptr_array_set_size (s.cases, s.q.limit);
  for (guint i = 0; i < s.cases->len; i++)
    set_title (g_ptr_array_index (s.cases, i), &s.q);
  return g_steal_pointer (&s.cases);
}

/* A case of given tickets -------------------------------------------------------------- */

#define ROW_SQL ROWS_SELECT ", t.state = 'rejected' FROM tickets t WHERE t.id = ?"

GwClassCase *
gw_db_make_class_case (GwDb            *db,
                       GwClassCaseKind  kind,
                       const gint64    *ids,
                       guint            n,
                       GError         **error)
{
  g_auto(Scan) s = { 0, };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint32 *members = NULL;
  GwClassCaseQuery q;
  GwClassCase *cc;
  sqlite3_stmt *stmt;
  gboolean own, ok = TRUE;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((guint) kind >= GW_N_CLASS_CASE_KINDS)
    return invalid (error, _("Unknown kind of class case")), NULL;
  if (n == 0)
    {
      g_set_error_literal (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_MISSING,
                           _("A class case needs at least one member ticket"));
      return NULL;
    }
  if (n > GW_CLASS_CASE_MAX_MEMBERS)
    {
      g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID,
                   _("A class case has at most %u tickets"), (guint) GW_CLASS_CASE_MAX_MEMBERS);
      return NULL;
    }
  s.db = db;
  s.strings = g_string_chunk_new (4096);
  s.cats = g_ptr_array_new ();
  s.rows = g_new0 (Row, n);
  stmt = _gw_db_prepare (db, ROW_SQL, error);
  if (stmt == NULL)
    return NULL;

  /* One snapshot for the tickets and the departments. */
  own = sqlite3_get_autocommit (gw_db_get_handle (db)) && gw_db_exec (db, "BEGIN", NULL);
  ok = read_departments (&s, error);
  for (guint i = 0; ok && i < n; i++)
    {
      Row *r = &s.rows[i];
      const char *cat;
      int rc;

      if (!g_hash_table_add (seen, (gpointer) &ids[i]))
        {
          ok = FALSE;
          g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID,
                       _("Ticket %lld is named twice in the class case"), (long long) ids[i]);
          break;
        }
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          ok = FALSE;
          if (rc == SQLITE_DONE)
            g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_NOT_FOUND,
                         _("Cannot open the class case: no ticket has the id %lld"), (long long) ids[i]);
          else
            _gw_db_set_error (db, error, _("reading the tickets for class cases"));
          sqlite3_reset (stmt);
          break;
        }
      r->id = sqlite3_column_int64 (stmt, 0);
      r->number = g_string_chunk_insert (s.strings, (const char *) sqlite3_column_text (stmt, 1));
      cat = (const char *) sqlite3_column_text (stmt, 2);
      r->grid_id = sqlite3_column_int64 (stmt, 3);
      r->street_id = sqlite3_column_int64 (stmt, 4);
      r->department_id = sqlite3_column_int64 (stmt, 5);
      r->lon = sqlite3_column_double (stmt, 6);
      r->lat = sqlite3_column_double (stmt, 7);
      r->closed_at = sqlite3_column_int (stmt, 8) ? sqlite3_column_int64 (stmt, 11) : 0;
      r->open = sqlite3_column_int (stmt, 9) != 0;
      r->reported_at = sqlite3_column_int64 (stmt, 10);
      r->reopen_count = (guint32) CLAMP (sqlite3_column_int64 (stmt, 12), 0, G_MAXUINT32);
      r->cat = 0;
      if (sqlite3_column_int (stmt, 13))
        {
          ok = FALSE;
          g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID,
                       _("Ticket %s was rejected: it cannot join a class case"), r->number);
        }
      else if (s.cats->len == 0)
        g_ptr_array_add (s.cats, g_string_chunk_insert_const (s.strings, cat));
      else if (g_strcmp0 (cat, g_ptr_array_index (s.cats, 0)) != 0)
        {
          ok = FALSE;
          /* Translators: a ticket number, its subcategory's code, the first member's. */
          g_set_error (error, GW_WORKFLOW_ERROR, GW_WORKFLOW_ERROR_INVALID,
                       _("Ticket %s is of subcategory %s, not %s: a class case is of one subcategory"),
                       r->number, cat, (const char *) g_ptr_array_index (s.cats, 0));
        }
      sqlite3_reset (stmt);
    }
  if (own)
    gw_db_exec (db, "COMMIT", NULL);
  if (!ok)
    return NULL;

  /* The members in the order reported, as a search would list them. */
  s.n = n;
  qsort (s.rows, n, sizeof (Row), compare_reported);
  s.cat_start = g_new0 (guint, 2);
  s.cat_start[1] = n;
  s.cat_department = g_new0 (const char *, 1);
  members = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    members[i] = i;
  cc = _gw_class_case_make (&s, kind, members, n);
  gw_class_case_query_init (&q, cc->first_at, cc->last_at + 1);
  set_title (cc, &q);
  return cc;
}
