/* Two-character Chinese substring search over the tickets, the ids of the first 50 hits
 * (what the queue's list model takes): FTS with the gw_cjk tokenizer against LIKE '%…%'.
 * p50 and p99 over 400 queries. */
#include "config.h"

#include "bench-common.h"

/* What duty officers type: two-character Chinese substrings taken at random from real
 * descriptions and addresses of the county, so common and rare words come in the
 * proportions the data has. */
static GPtrArray *
sample_terms (GwDb  *db,
              guint  n)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  sqlite3_stmt *stmt;

  sqlite3_prepare_v2 (gw_db_get_handle (db),
                      "SELECT description || address FROM tickets WHERE id = ?", -1, &stmt, NULL);
  while (terms->len < n)
    {
      const char *text;
      glong len;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, 420001));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      text = (const char *) sqlite3_column_text (stmt, 0);
      len = g_utf8_strlen (text, -1);
      for (int tries = 0; tries < 10; tries++)
        {
          glong at = g_rand_int_range (rand, 0, len - 1);
          const char *p = g_utf8_offset_to_pointer (text, at);
          gunichar a = g_utf8_get_char (p), b = g_utf8_get_char (g_utf8_next_char (p));
          if (a >= 0x4e00 && a <= 0x9fff && b >= 0x4e00 && b <= 0x9fff)
            {
              g_ptr_array_add (terms, g_strndup (p, g_utf8_next_char (g_utf8_next_char (p)) - p));
              break;
            }
        }
    }
  sqlite3_finalize (stmt);
  return terms;
}

static double
run (GwDb       *db,
     const char *term,
     gboolean    like,
     guint      *hits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) result = NULL;
  double t0 = bench_now_ms ();

  result = like ? gw_db_search_ticket_ids_like (db, term, 50, &error)
                : gw_db_search_ticket_ids (db, term, 50, &error);
  if (result == NULL)
    g_error ("%s", error->message);
  *hits = result->len;
  return bench_now_ms () - t0;
}

static double
percentile (GArray *a,
            double  p)
{
  guint i = (guint) ((a->len - 1) * p + 0.5);
  g_array_sort (a, bench_compare_double);
  return g_array_index (a, double, i);
}

int
main (void)
{
  g_autofree char *path = bench_tongnan_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwDb) db = gw_db_open (path, &error);
  g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) terms = NULL;
  guint h1, h2;

  if (db == NULL)
    g_error ("%s", error->message);
  terms = sample_terms (db, 400);
  /* Warm up. */
  run (db, g_ptr_array_index (terms, 0), FALSE, &h1);
  run (db, g_ptr_array_index (terms, 0), TRUE, &h2);

  /* Each method in its own pass, so one does not evict the other's pages. */
  for (guint i = 0; i < terms->len; i++)
    {
      double a = run (db, g_ptr_array_index (terms, i), FALSE, &h1);
      g_array_append_val (fts, a);
    }
  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      double b = run (db, term, TRUE, &h2);
      g_array_append_val (like, b);
      run (db, term, FALSE, &h1);
      if (h1 != h2)
        g_error ("“%s”: FTS found %u, LIKE %u", term, h1, h2);
    }
  bench_figure ("fts_2char_first50_p50", percentile (fts, 0.5), "ms", percentile (like, 0.5), "ms(LIKE)");
  bench_figure ("fts_2char_first50_p99", percentile (fts, 0.99), "ms", percentile (like, 0.99), "ms(LIKE)");
  return 0;
}
