/* test-fts.c: the gw_cjk tokenizer and gw_fts_match_expression() on a real SQLite file. */
#define G_LOG_DOMAIN "test-fts"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gw-fts.h"

typedef struct {
  char    *dir;
  char    *path;
  sqlite3 *db;
} Fixture;

/* Grid-governance vocabulary for the generated corpus. */
static const char * const corpus_words[] = {
  "阀门", "漏水", "挡墙", "渗水", "导致", "水压", "下降", "货车", "噪音", "扰民", "违规",
  "储存", "烟花爆竹", "公交站台", "漏电", "结婚证", "遗失", "补办", "龙潭社区", "单元",
  "楼道", "堆放", "杂物", "消防通道", "占用", "井盖", "破损", "路灯", "不亮", "垃圾",
  "清运", "不及时", "占道经营", "流动摊贩", "违章搭建", "施工", "夜间", "居民", "反映",
  "小区", "门口", "积水", "严重", "树木", "倒伏", "电线", "老化", "私拉乱接", "电动车",
  "充电", "飞线", "群租房", "安全隐患", "化粪池", "堵塞", "外溢", "油烟", "污染",
  "广场舞", "宠物", "网格员", "巡查", "发现", "上报", "处置", "完毕", "街道", "办事处",
  "物业", "水管", "爆裂", "停水", "停电", "燃气", "泄漏", "异味", "排水", "疏通", "道路",
  "坑洼", "市容", "环境", "卫生", "绿化带", "损毁", "共享单车", "乱停", "广告", "牌匾",
  "脱落", "高空抛物", "窨井", "护栏", "变形", "信号灯", "故障", "学校", "周边", "门卫",
  "3号楼", "5单元", "A栋", "12层", "pump", "CCTV", "201室", "阀", "水", "电",
};

/* Mostly nothing, so that words run together and substrings cross word boundaries. */
static const char * const corpus_separators[] = {
  "", "", "", "", "", "", "，", "。", " ", "、", "！", "（", "）",
};

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gw-fts-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "fts.db", NULL);

  g_assert_cmpint (sqlite3_open (f->path, &f->db), ==, SQLITE_OK);
  exec_sql (f->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");

  g_assert_true (gw_fts_register (f->db, &error));
  g_assert_no_error (error);

  exec_sql (f->db, "CREATE VIRTUAL TABLE t USING fts5(description, address, tokenize='gw_cjk')");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_assert_cmpint (sqlite3_close (f->db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
insert_row (sqlite3    *db,
            gint64      rowid,
            const char *description,
            const char *address)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO t(rowid, description, address) VALUES (?1, ?2, ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, description, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, address, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("inserting row %" G_GINT64_FORMAT ": %s", rowid, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
}

static void
assert_integrity (sqlite3 *db)
{
  /* FTS5 re-tokenizes every row and compares with the index: the tokenizer must be
   * deterministic, colocated tokens included. */
  exec_sql (db, "INSERT INTO t(t) VALUES ('integrity-check')");
}

/* Runs a raw MATCH expression; scope is "t" (every column) or a column name. Returns the
 * SQLite result code of the last step and stores the matching rowids as "1,5,9". */
static int
match_raw (sqlite3     *db,
           const char  *scope,
           const char  *expression,
           char       **rowids_out)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM t WHERE %s MATCH ?1 ORDER BY rowid",
                                          scope);
  g_autoptr(GString) rowids = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (rowids, "%s%" G_GINT64_FORMAT,
                            rowids->len > 0 ? "," : "", (gint64) sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    g_test_message ("MATCH %s failed: %s", expression, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  if (rowids_out != NULL)
    *rowids_out = g_string_free (g_steal_pointer (&rowids), FALSE);
  return rc;
}

/* What a user typing text into the search box gets, as "1,5,9" ("" for nothing). */
static char *
search (sqlite3    *db,
        const char *scope,
        const char *text)
{
  g_autofree char *expression = gw_fts_match_expression (text);
  char *rowids = NULL;

  if (expression == NULL)
    return g_strdup ("");

  g_assert_cmpint (match_raw (db, scope, expression, &rowids), ==, SQLITE_DONE);
  return rowids;
}

#define assert_search(db, scope, text, expected) \
  G_STMT_START { \
    g_autofree char *_got = search ((db), (scope), (text)); \
    if (g_strcmp0 (_got, (expected)) != 0) \
      g_error ("searching %s for “%s”: got rows {%s}, expected {%s}", \
               (scope), (text), _got, (expected)); \
  } G_STMT_END

/* highlight() of one column of one row for what the user typed. */
static char *
highlight (sqlite3    *db,
           gint64      rowid,
           int         column,
           const char *text)
{
  g_autofree char *expression = gw_fts_match_expression (text);
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_nonnull (expression);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT highlight(t, ?1, '[', ']') FROM t "
                                       "WHERE t MATCH ?2 AND rowid = ?3",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, column);
  sqlite3_bind_text (stmt, 2, expression, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strndup ((const char *) sqlite3_column_text (stmt, 0),
                        sqlite3_column_bytes (stmt, 0));
  else
    g_error ("highlight of “%s” in row %" G_GINT64_FORMAT ": no row (%s)",
             text, rowid, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  return result;
}

/* The document tokens of one row and column, as "position:token" in position order. */
static char *
document_tokens (sqlite3    *db,
                 gint64      rowid,
                 const char *column)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT offset, term FROM v WHERE doc = ?1 AND col = ?2 "
                                       "ORDER BY offset, length(term), term",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%d:%s", out->len > 0 ? " " : "",
                            sqlite3_column_int (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;
  char *message = NULL;
  int rc;

  insert_row (f->db, 1, "阀门漏水了", "龙潭社区3单元5楼，Pump-House B栋");

  /* A second connection to the same file that has not registered the tokenizer cannot
   * use the table; once it registers, it can. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  rc = sqlite3_exec (other, "SELECT rowid FROM t WHERE t MATCH '\"阀门\"'", NULL, NULL, &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "gw_cjk"));
  sqlite3_free (message);
  message = NULL;

  g_assert_true (gw_fts_register (other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (match_raw (other, "t", "\"阀门\"", NULL), ==, SQLITE_DONE);
  assert_search (other, "t", "阀门", "1");
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  /* The tokenizer takes no options and says so rather than ignoring them. */
  rc = sqlite3_exec (f->db, "CREATE VIRTUAL TABLE x USING fts5(a, tokenize='gw_cjk bigram')",
                     NULL, NULL, &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_nonnull (message);
  sqlite3_free (message);
}

static void
test_document_tokens (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *plain = NULL;
  g_autofree char *mixed = NULL;
  g_autofree char *fullwidth = NULL;
  g_autofree char *japanese = NULL;
  g_autofree char *variation = NULL;
  g_autofree char *marked = NULL;

  exec_sql (f->db, "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");

  insert_row (f->db, 1, "阀门漏水了", "龙潭社区3单元5楼，Pump-House B栋");
  insert_row (f->db, 2, "３号楼Ａ座①单元", "ＣＣＴＶ摄像头");
  insert_row (f->db, 3, "ガス漏れ", "葛\xf3\xa0\x84\x80城 Café");

  /* Each CJK character at a position of its own; the bigram it starts shares it. */
  plain = document_tokens (f->db, 1, "description");
  g_assert_cmpstr (plain, ==, "0:阀 0:阀门 1:门 1:门漏 2:漏 2:漏水 3:水 3:水了 4:了");

  /* Words are lower-cased single tokens; bigrams never cross a word or a separator. */
  mixed = document_tokens (f->db, 1, "address");
  g_assert_cmpstr (mixed, ==,
                   "0:龙 0:龙潭 1:潭 1:潭社 2:社 2:社区 3:区 4:3 5:单 5:单元 6:元 7:5 8:楼 "
                   "9:pump 10:house 11:b 12:栋");

  /* Full-width letters and digits, and circled numbers, are folded to plain ones. */
  fullwidth = document_tokens (f->db, 2, "description");
  g_assert_cmpstr (fullwidth, ==, "0:3 1:号 1:号楼 2:楼 3:a 4:座 5:1 6:单 6:单元 7:元");
  japanese = document_tokens (f->db, 3, "description");
  g_assert_cmpstr (japanese, ==, "0:ガ 0:ガス 1:ス 1:ス漏 2:漏 2:漏れ 3:れ");

  /* An ideographic variation selector stays with its character but out of the tokens;
   * a combining accent belongs to its word. */
  variation = document_tokens (f->db, 3, "address");
  g_assert_cmpstr (variation, ==, "0:葛 0:葛城 1:城 2:café");

  assert_search (f->db, "t", "cctv", "2");
  assert_search (f->db, "t", "3号楼", "2");
  assert_search (f->db, "t", "１单元", "2");
  assert_search (f->db, "t", "葛城", "3");
  assert_search (f->db, "t", "CAFÉ", "3");
  marked = highlight (f->db, 3, 1, "葛城");
  g_assert_cmpstr (marked, ==, "[葛\xf3\xa0\x84\x80城] Café");

  assert_integrity (f->db);
}

static void
insert_known_rows (sqlite3 *db)
{
  insert_row (db, 1, "阀门漏水了", "龙潭社区3单元5楼");
  insert_row (db, 2, "挡墙渗水导致水压下降", "A栋门口");
  insert_row (db, 3, "货车噪音扰民，夜间尤其严重", "滨江路88号");
  insert_row (db, 4, "违规储存烟花爆竹", "东城区b栋地下室");
  insert_row (db, 5, "公交站台漏电", "人民路公交站");
  insert_row (db, 6, "结婚证遗失补办", "民政局");
  insert_row (db, 7, "阀门 漏水", "13单元");
  insert_row (db, 8, "水管漏水，附近电线杆倾斜", "");
  insert_row (db, 9, "Pump station noise after 10pm", "Water Works 3号楼");
  insert_row (db, 10, "阀门", "龙潭社区");
  insert_row (db, 11, "巡查日志", "description: 阀门间");
}

static void
test_known (Fixture       *f,
            gconstpointer  data)
{
  insert_known_rows (f->db);

  /* Two characters: the common case that trigram tables miss. */
  assert_search (f->db, "t", "阀门", "1,7,10,11");
  assert_search (f->db, "t", "噪音", "3");
  assert_search (f->db, "t", "漏水", "1,7,8");
  assert_search (f->db, "t", "漏电", "5");            /* not 8: 漏水 … 电线 */
  assert_search (f->db, "t", "门漏", "1");            /* not 7: a space between */
  assert_search (f->db, "t", "水了", "1");
  assert_search (f->db, "t", "结婚", "6");

  /* One character. */
  assert_search (f->db, "t", "水", "1,2,7,8");        /* not 9: "Water" is a word */
  assert_search (f->db, "t", "电", "5,8");
  assert_search (f->db, "t", "室", "4");

  /* Five characters and more. */
  assert_search (f->db, "t", "挡墙渗水导致水压下降", "2");
  assert_search (f->db, "t", "渗水导致水压", "2");
  assert_search (f->db, "t", "违规储存烟花爆竹", "4");
  assert_search (f->db, "t", "储存烟花爆竹了", "");
  assert_search (f->db, "t", "结婚证遗失补", "6");
  assert_search (f->db, "t", "结婚证补办", "");

  /* Absent. */
  assert_search (f->db, "t", "燃气", "");
  assert_search (f->db, "t", "阀门漏电", "");

  /* Words and digits next to Chinese, across the boundary. */
  assert_search (f->db, "t", "3单元", "1");            /* not 7: "13单元" */
  assert_search (f->db, "t", "13单元", "7");
  assert_search (f->db, "t", "单元", "1,7");
  assert_search (f->db, "t", "A栋", "2");
  assert_search (f->db, "t", "a栋", "2");
  assert_search (f->db, "t", "B栋", "4");
  assert_search (f->db, "t", "3号楼", "9");
  assert_search (f->db, "t", "社区3单元5楼", "1");
  assert_search (f->db, "t", "社区3单元6楼", "");

  /* English: whole words, any case. */
  assert_search (f->db, "t", "pump", "9");
  assert_search (f->db, "t", "PUMP", "9");
  assert_search (f->db, "t", "pum", "");
  assert_search (f->db, "t", "10pm", "9");
  assert_search (f->db, "t", "noise station", "9");

  /* Several terms are ANDed, each anywhere in the row. */
  assert_search (f->db, "t", "阀门 龙潭", "1,10");
  assert_search (f->db, "t", "漏水 13单元", "7");
  assert_search (f->db, "t", "漏水 燃气", "");

  /* One column at a time. */
  assert_search (f->db, "address", "龙潭", "1,10");
  assert_search (f->db, "description", "龙潭", "");
  assert_search (f->db, "description", "阀门", "1,7,10");
  assert_search (f->db, "address", "阀门", "11");

  /* Updates and deletes find the old tokens again to remove them. */
  exec_sql (f->db, "UPDATE t SET description = '消防通道堵塞' WHERE rowid = 10");
  assert_search (f->db, "t", "阀门", "1,7,11");
  assert_search (f->db, "t", "堵塞", "10");
  exec_sql (f->db, "DELETE FROM t WHERE rowid = 1");
  assert_search (f->db, "t", "阀门", "7,11");
  assert_search (f->db, "t", "门漏", "");
  assert_integrity (f->db);
}

static char *
random_text (GRand *rand,
             guint  min_words,
             guint  max_words)
{
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, min_words, max_words + 1);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, corpus_separators[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus_separators))]);
      g_string_append (text, corpus_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus_words))]);
    }

  return g_string_free (text, FALSE);
}

static gboolean
is_han (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* A random run of n Chinese characters from text, or NULL when text has none that long. */
static char *
random_han_substring (GRand      *rand,
                      const char *text,
                      guint       n)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (const char *));
  const char *run = NULL;
  guint run_len = 0;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (*p != '\0' && is_han (c))
        {
          if (run_len == 0)
            run = p;
          run_len++;
          continue;
        }

      /* Every start in the run that leaves n characters. */
      for (guint i = 0; run_len >= n && i <= run_len - n; i++)
        {
          const char *s = g_utf8_offset_to_pointer (run, i);
          g_array_append_val (starts, s);
        }
      run_len = 0;
      if (*p == '\0')
        break;
    }

  if (starts->len == 0)
    return NULL;

  {
    const char *s = g_array_index (starts, const char *, g_rand_int_range (rand, 0, starts->len));
    const char *e = g_utf8_offset_to_pointer (s, n);

    return g_strndup (s, e - s);
  }
}

static void
test_substrings (Fixture       *f,
                 gconstpointer  data)
{
  enum { N_ROWS = 2000, PER_LENGTH = 60, N_ABSENT = 150, MAX_LENGTH = 6 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) alphabet = g_string_new (NULL);
  guint n_empty = 0, n_nonempty = 0, n_partial = 0;
  guint alphabet_len;

  exec_sql (f->db, "BEGIN");
  for (guint i = 0; i < N_ROWS; i++)
    {
      char *description = random_text (rand, 3, 10);
      char *address = random_text (rand, 1, 4);

      g_ptr_array_add (descriptions, description);
      g_ptr_array_add (addresses, address);
      insert_row (f->db, i + 1, description, address);
    }
  exec_sql (f->db, "COMMIT");
  assert_integrity (f->db);

  /* Substrings taken from the corpus, 1 to MAX_LENGTH characters long. */
  for (guint n = 1; n <= MAX_LENGTH; n++)
    {
      guint found = 0;

      while (found < PER_LENGTH)
        {
          guint row = g_rand_int_range (rand, 0, N_ROWS);
          GPtrArray *source = g_rand_boolean (rand) ? descriptions : addresses;
          char *query = random_han_substring (rand, g_ptr_array_index (source, row), n);

          if (query == NULL)
            continue;
          g_ptr_array_add (queries, query);
          found++;
        }
    }

  /* Random strings over the corpus' own characters: mostly absent, some present. */
  for (guint i = 0; i < G_N_ELEMENTS (corpus_words); i++)
    for (const char *p = corpus_words[i]; *p != '\0'; p = g_utf8_next_char (p))
      if (is_han (g_utf8_get_char (p)))
        g_string_append_unichar (alphabet, g_utf8_get_char (p));
  alphabet_len = g_utf8_strlen (alphabet->str, -1);
  for (guint i = 0; i < N_ABSENT; i++)
    {
      GString *query = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 2, 5);

      for (guint j = 0; j < n; j++)
        {
          guint k = g_rand_int_range (rand, 0, alphabet_len);
          g_string_append_unichar (query, g_utf8_get_char (g_utf8_offset_to_pointer (alphabet->str, k)));
        }
      g_ptr_array_add (queries, g_string_free (query, FALSE));
    }

  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);
      g_autoptr(GString) in_description = g_string_new (NULL);
      g_autoptr(GString) in_address = g_string_new (NULL);
      g_autoptr(GString) in_either = g_string_new (NULL);

      for (guint i = 0; i < N_ROWS; i++)
        {
          gboolean d = strstr (g_ptr_array_index (descriptions, i), query) != NULL;
          gboolean a = strstr (g_ptr_array_index (addresses, i), query) != NULL;

          if (d)
            g_string_append_printf (in_description, "%s%u", in_description->len ? "," : "", i + 1);
          if (a)
            g_string_append_printf (in_address, "%s%u", in_address->len ? "," : "", i + 1);
          if (d || a)
            g_string_append_printf (in_either, "%s%u", in_either->len ? "," : "", i + 1);
        }

      assert_search (f->db, "description", query, in_description->str);
      assert_search (f->db, "address", query, in_address->str);
      assert_search (f->db, "t", query, in_either->str);

      if (in_either->len == 0)
        n_empty++;
      else
        n_nonempty++;
      if (in_either->len > 0 && strcmp (in_description->str, in_address->str) != 0)
        n_partial++;
    }

  g_test_message ("%u queries over %d rows: %u with matches, %u with none",
                  queries->len, N_ROWS, n_nonempty, n_empty);
  /* The comparison means something only if both outcomes occurred often. */
  g_assert_cmpuint (n_nonempty, >=, MAX_LENGTH * PER_LENGTH);
  g_assert_cmpuint (n_empty, >=, N_ABSENT / 2);
  g_assert_cmpuint (n_partial, >=, 100);
}

static void
test_match_expression (void)
{
  static const struct {
    const char *text;
    const char *expression;
  } cases[] = {
    { "阀门", "\"阀门\"" },
    { "  阀门  漏水 ", "\"阀门\" AND \"漏水\"" },
    { "阀门\u3000漏水\t噪音\n扰民", "\"阀门\" AND \"漏水\" AND \"噪音\" AND \"扰民\"" },
    { "say \"hi\"", "\"say\" AND \"\"\"hi\"\"\"" },
    { "阀门\"漏水", "\"阀门\"\"漏水\"" },
    { "阀门， ！ 漏水", "\"阀门，\" AND \"漏水\"" },
    { "description:阀门", "\"description:阀门\"" },
    { "阀门 OR 1", "\"阀门\" AND \"OR\" AND \"1\"" },
    { "NEAR(a b)", "\"NEAR(a\" AND \"b)\"" },
    { "a*", "\"a*\"" },
    { "^阀门 -漏水", "\"^阀门\" AND \"-漏水\"" },
    { "阀门\xff", "\"阀门\xef\xbf\xbd\"" },
    { "Ａ栋", "\"Ａ栋\"" },
    { "", NULL },
    { "   \u3000 ", NULL },
    { "，。、！？（）【】", NULL },
    { "\"", NULL },
    { "\" * ( ) : ^ - + \"\"", NULL },
    { "\xff\xfe", NULL },
  };

  g_assert_null (gw_fts_match_expression (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expression = gw_fts_match_expression (cases[i].text);

      g_assert_cmpstr (expression, ==, cases[i].expression);
    }
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char * const hostile[] = {
    "description:阀门", "{description address}: 阀门", "address : 阀门", "阀门 OR 1",
    "阀门 NOT 漏水", "NEAR(a b)", "NEAR(阀门 漏水, 2)", "a*", "阀门*", "\"", "阀门\"", "\"阀门",
    "^阀门", "-阀门", "+阀门", "(阀门", "阀门)", "AND", "OR", "NOT", "NEAR", "阀门 AND",
    "'; DROP TABLE t; --", "\\", "阀门 \"\" 漏水", "rank:1", "t:阀门", "*", "\xff\xfe阀门",
    "\"\"\"\"", "阀门 + 漏水", "col0:x", "{", "}",
  };
  g_autoptr(GString) many = g_string_new (NULL);

  insert_known_rows (f->db);

  /* Nothing a user types reaches SQLite as an error. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *expression = gw_fts_match_expression (hostile[i]);

      if (expression == NULL)
        continue;
      if (match_raw (f->db, "t", expression, NULL) != SQLITE_DONE ||
          match_raw (f->db, "description", expression, NULL) != SQLITE_DONE)
        g_error ("“%s” as %s made an SQL error", hostile[i], expression);
    }

  /* And it is searched for literally. */
  assert_search (f->db, "t", "description:阀门", "11");   /* the words, not a column filter */
  assert_search (f->db, "t", "address : 阀门", "");       /* a filter would find 11 */
  assert_search (f->db, "t", "阀门 OR 1", "");             /* OR is a word here */
  assert_search (f->db, "t", "阀门 NOT 漏水", "");
  assert_search (f->db, "t", "NEAR(阀门 漏水, 2)", "");
  assert_search (f->db, "t", "a*", "2");                   /* the word "a", no prefix */
  assert_search (f->db, "t", "阀门*", "1,7,10,11");
  assert_search (f->db, "t", "^阀门", "1,7,10,11");       /* no start-of-column anchor */
  assert_search (f->db, "t", "-阀门", "1,7,10,11");
  assert_search (f->db, "t", "\xff\xfe阀门", "1,7,10,11");
  assert_search (f->db, "t", "'; DROP TABLE t; --", "");
  assert_search (f->db, "t", "阀门", "1,7,10,11");

  /* A long paste of many terms still makes a valid expression. */
  for (guint i = 0; i < 500; i++)
    g_string_append (many, i % 2 ? "阀门 " : "漏水 ");
  assert_search (f->db, "t", many->str, "1,7");
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  /* A stray byte, a truncated 来, an overlong "/", an encoded surrogate. */
  static const char description[] =
    "阀门\xff漏水\xe6\x9d" "pump\x80house\xc0\xaf" "井盖\xed\xa0\x80" "破损";
  static const char address[] = "\xe9\xbe" "潭社区";   /* 龙 with its last byte missing */
  g_autofree char *marked = NULL;
  g_autofree char *expected = NULL;

  insert_known_rows (f->db);
  insert_row (f->db, 20, description, address);

  assert_search (f->db, "t", "阀门", "1,7,10,11,20");
  assert_search (f->db, "t", "漏水", "1,7,8,20");
  assert_search (f->db, "t", "门漏", "1");             /* the stray byte separates */
  assert_search (f->db, "t", "pump", "9,20");
  assert_search (f->db, "t", "house", "20");
  assert_search (f->db, "t", "pumphouse", "");
  assert_search (f->db, "t", "井盖", "20");
  assert_search (f->db, "t", "盖破", "");
  assert_search (f->db, "t", "井盖破损", "");
  assert_search (f->db, "t", "破损", "20");
  assert_search (f->db, "address", "龙潭", "1,10");
  assert_search (f->db, "address", "潭社区", "1,10,20");

  /* highlight() walks the same bytes and keeps them. */
  marked = highlight (f->db, 20, 0, "井盖");
  expected = g_strconcat ("阀门\xff漏水\xe6\x9d" "pump\x80house\xc0\xaf" "[井盖]\xed\xa0\x80" "破损",
                          NULL);
  g_assert_cmpmem (marked, strlen (marked), expected, strlen (expected));

  assert_integrity (f->db);
}

static void
test_highlight (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    gint64      rowid;
    int         column;
    const char *text;
    const char *expected;
  } cases[] = {
    { 1, 0, "漏水", "阀门[漏水]了" },
    { 1, 0, "漏", "阀门[漏]水了" },
    { 1, 0, "门漏水", "阀[门漏水]了" },
    { 1, 0, "阀门漏水了", "[阀门漏水了]" },
    { 1, 0, "阀门 了", "[阀门]漏水[了]" },
    { 1, 1, "3单元", "龙潭社区[3单元]5楼" },
    { 1, 1, "社区", "龙潭[社区]3单元5楼" },
    { 2, 1, "a栋", "[A栋]门口" },
    { 2, 0, "水", "挡墙渗[水]导致[水]压下降" },
    { 3, 0, "噪音", "货车[噪音]扰民，夜间尤其严重" },
    { 7, 0, "漏水", "阀门 [漏水]" },
    { 9, 0, "PUMP", "[Pump] station noise after 10pm" },
    { 9, 1, "3号楼", "Water Works [3号楼]" },
  };
  sqlite3_stmt *stmt = NULL;
  g_autofree char *expression = gw_fts_match_expression ("漏水");
  g_autofree char *snippet = NULL;

  insert_known_rows (f->db);
  insert_row (f->db, 30,
              "今天上午网格员在龙潭社区巡查时发现三号楼东侧的消防阀门漏水严重，"
              "已通知物业维修，预计明天处置完毕。",
              "龙潭社区");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *marked = highlight (f->db, cases[i].rowid, cases[i].column, cases[i].text);

      g_assert_cmpstr (marked, ==, cases[i].expected);
    }

  /* snippet() counts positions through the same tokens: a window of 6 characters that
   * holds the whole match, ellipses on both sides. */
  g_assert_cmpint (sqlite3_prepare_v2 (f->db,
                                       "SELECT snippet(t, 0, '[', ']', '…', 6) FROM t "
                                       "WHERE t MATCH ?1 AND rowid = 30",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_test_message ("snippet: %s", snippet);
  g_assert_true (g_str_has_prefix (snippet, "…"));
  g_assert_true (g_str_has_suffix (snippet, "…"));
  g_assert_nonnull (strstr (snippet, "[漏水]"));
  g_assert_cmpint (g_utf8_strlen (snippet, -1), ==, 6 + 2 + 2);
}

static void
test_insert_speed (Fixture       *f,
                   gconstpointer  data)
{
  guint n_rows = (g_test_perf () || g_test_slow ()) ? 100000 : 10000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  static const char * const tables[] = { "t", "tri" };
  guint total_chars = 0;

  exec_sql (f->db, "CREATE VIRTUAL TABLE tri USING fts5(description, address, tokenize='trigram')");

  for (guint i = 0; i < n_rows; i++)
    {
      GString *text = g_string_new (NULL);

      while (g_utf8_strlen (text->str, -1) < 28)
        g_string_append (text, corpus_words[g_rand_int_range (rand, 0, 99)]);
      total_chars += g_utf8_strlen (text->str, -1);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }

  for (guint k = 0; k < G_N_ELEMENTS (tables); k++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO %s(rowid, description, address) "
                                              "VALUES (?1, ?2, '龙潭社区3单元')", tables[k]);
      sqlite3_stmt *stmt = NULL;
      gint64 start, elapsed;

      g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      start = g_get_monotonic_time ();
      exec_sql (f->db, "BEGIN");
      for (guint i = 0; i < n_rows; i++)
        {
          if (i > 0 && i % 10000 == 0)
            exec_sql (f->db, "COMMIT; BEGIN");
          sqlite3_bind_int64 (stmt, 1, i + 1);
          sqlite3_bind_text (stmt, 2, g_ptr_array_index (texts, i), -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      exec_sql (f->db, "COMMIT");
      elapsed = g_get_monotonic_time () - start;
      sqlite3_finalize (stmt);

      g_test_message ("tokenizer %s: %u rows of %.1f characters on average inserted in %.2f s "
                      "(%.0f rows/s, 10,000 rows per transaction, WAL, synchronous=NORMAL)",
                      k == 0 ? "gw_cjk" : "trigram", n_rows, (double) total_chars / n_rows,
                      elapsed / 1e6, n_rows / (elapsed / 1e6));
    }

  /* Query times on the gw_cjk table, for the record. */
  {
    const char *first = g_ptr_array_index (texts, n_rows / 2);
    g_autofree char *long_query = g_strndup (first, g_utf8_offset_to_pointer (first, 8) - first);
    const char *queries[] = { "阀门", "漏水", "阀", "烟花爆竹", "龙潭社区3单元", long_query };

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autofree char *expression = gw_fts_match_expression (queries[q]);
        sqlite3_stmt *stmt = NULL;
        gint64 start, t_limit, t_count;
        gint64 count;

        g_assert_cmpint (sqlite3_prepare_v2 (f->db,
                                             "SELECT rowid FROM t WHERE t MATCH ?1 LIMIT 50",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
        start = g_get_monotonic_time ();
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        t_limit = g_get_monotonic_time () - start;
        sqlite3_finalize (stmt);

        g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT count(*) FROM t WHERE t MATCH ?1",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
        start = g_get_monotonic_time ();
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        count = (gint64) sqlite3_column_int64 (stmt, 0);
        t_count = g_get_monotonic_time () - start;
        sqlite3_finalize (stmt);

        g_assert_cmpint (count, >, 0);
        g_test_message ("query %s: LIMIT 50 in %.3f ms; all %" G_GINT64_FORMAT " rows in %.1f ms",
                        queries[q], t_limit / 1e3, count, t_count / 1e3);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/fts/register", test_register);
  ADD ("/fts/document-tokens", test_document_tokens);
  ADD ("/fts/known", test_known);
  ADD ("/fts/substrings", test_substrings);
  g_test_add_func ("/fts/match-expression", test_match_expression);
  ADD ("/fts/hostile", test_hostile);
  ADD ("/fts/invalid-utf8", test_invalid_utf8);
  ADD ("/fts/highlight", test_highlight);
  ADD ("/fts/insert-speed", test_insert_speed);

#undef ADD

  return g_test_run ();
}
