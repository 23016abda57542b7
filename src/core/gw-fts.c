/* gw-fts.c: the "gw_cjk" FTS5 tokenizer and safe MATCH expressions.
 *
 * Document text (FTS5_TOKENIZE_DOCUMENT and FTS5_TOKENIZE_AUX) is tokenized as:
 *   - every CJK character: its unigram at a position of its own, followed by the bigram it
 *     starts (when the next character belongs to the same CJK run), colocated at that
 *     position;
 *   - every run of letters and digits that are not CJK: one token, case-folded and
 *     NFKC-normalized (so "Ａ", "A" and "a" are the same token);
 *   - everything else, including invalid UTF-8, separates tokens.
 *
 * Query text (FTS5_TOKENIZE_QUERY) tokenizes a CJK run c0 c1 … cn-1 as the bigram chain
 * c0c1, c1c2, …, cn-2cn-1 followed by the unigram cn-1, or as the unigram c0 when the run
 * is one character long. Every bigram of the chain pins two adjacent characters of one
 * run, so the phrase matches exactly the documents that hold the run as a substring. The
 * trailing unigram changes nothing about which rows match (it is implied by the bigram
 * before it) but gives the phrase one position per character, which is what FTS5's
 * highlight() and snippet() need to mark the whole substring: they take offsets from the
 * non-colocated token of each position, i.e. from the unigrams.
 */
#define G_LOG_DOMAIN "gw-fts"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "gw-fts.h"

typedef int (*TokenCallback) (void       *ctx,
                              int         tflags,
                              const char *token,
                              int         n_token,
                              int         start,
                              int         end);

typedef enum {
  CHAR_SEPARATOR,
  CHAR_WORD,  /* a letter or digit that is not CJK */
  CHAR_MARK,  /* a combining mark: belongs to whatever precedes it */
  CHAR_CJK,
} CharClass;

/* Longest ASCII word lower-cased on the stack; longer ones go to the heap. */
#define WORD_STACK_SIZE 128

/* The tokenizer keeps no state; FTS5 still wants a non-NULL instance pointer. */
static char tokenizer_instance;

static gboolean
is_cjk (gunichar c)
{
  if (c < 0x3007)
    return FALSE;

  return (c >= 0x4E00 && c <= 0x9FFF)          /* CJK Unified Ideographs */
      || (c >= 0x3400 && c <= 0x4DBF)          /* Extension A */
      || (c >= 0x20000 && c <= 0x2FA1F)        /* Extensions B–F, Compatibility Supplement */
      || (c >= 0x30000 && c <= 0x323AF)        /* Extensions G–H */
      || (c >= 0xF900 && c <= 0xFAFF)          /* Compatibility Ideographs */
      || c == 0x3007                           /* 〇, the ideographic zero of 二〇二四 */
      || (c >= 0x3041 && c <= 0x309F)          /* Hiragana */
      || (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) /* Katakana, less the middle dot */
      || (c >= 0xAC00 && c <= 0xD7A3);         /* Hangul syllables */
}

static CharClass
classify (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c) ? CHAR_WORD : CHAR_SEPARATOR;
  if (c == (gunichar) -1)
    return CHAR_SEPARATOR;
  if (is_cjk (c))
    return CHAR_CJK;
  if (g_unichar_isalnum (c))
    return CHAR_WORD;
  if (g_unichar_ismark (c))
    return CHAR_MARK;
  return CHAR_SEPARATOR;
}

/* Strict UTF-8 decoding (no overlong forms, no surrogates, nothing past U+10FFFF).
 * Returns (gunichar) -1 with *len = 1 for a byte that does not start a valid sequence. */
static gunichar
decode_utf8 (const guchar *p,
             const guchar *end,
             int          *len)
{
  guchar b0 = p[0];
  guchar lo = 0x80, hi = 0xBF;
  gunichar c;
  int n, i;

  *len = 1;

  if (b0 < 0x80)
    return b0;

  if (b0 >= 0xC2 && b0 <= 0xDF)
    {
      n = 2;
      c = b0 & 0x1F;
    }
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    {
      n = 3;
      c = b0 & 0x0F;
      if (b0 == 0xE0)
        lo = 0xA0;
      else if (b0 == 0xED)
        hi = 0x9F;
    }
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    {
      n = 4;
      c = b0 & 0x07;
      if (b0 == 0xF0)
        lo = 0x90;
      else if (b0 == 0xF4)
        hi = 0x8F;
    }
  else
    return (gunichar) -1;

  if (end - p < n)
    return (gunichar) -1;

  for (i = 1; i < n; i++)
    {
      guchar b = p[i];

      if (b < lo || b > hi)
        return (gunichar) -1;
      lo = 0x80;
      hi = 0xBF;
      c = (c << 6) | (b & 0x3F);
    }

  *len = n;
  return c;
}

typedef struct {
  void          *ctx;
  TokenCallback  x_token;
  gboolean       query;

  /* The CJK character whose unigram is not emitted yet: [cjk_start, cjk_end) in the
   * input including trailing marks, its own bytes at cjk_start, cjk_len long. */
  gboolean       cjk_pending;
  int            cjk_start;
  int            cjk_len;
  int            cjk_end;

  /* The word being collected: [word_start, word_end) in the input. */
  gboolean       in_word;
  gboolean       word_ascii;
  int            word_start;
  int            word_end;
} Tokenizer;

static int
flush_cjk (Tokenizer  *tk,
           const char *text)
{
  if (!tk->cjk_pending)
    return SQLITE_OK;

  tk->cjk_pending = FALSE;
  return tk->x_token (tk->ctx, 0, text + tk->cjk_start, tk->cjk_len,
                      tk->cjk_start, tk->cjk_end);
}

static int
flush_word (Tokenizer  *tk,
            const char *text)
{
  const char *word = text + tk->word_start;
  int n = tk->word_end - tk->word_start;
  int rc;

  if (!tk->in_word)
    return SQLITE_OK;

  tk->in_word = FALSE;

  if (tk->word_ascii)
    {
      char stack_buf[WORD_STACK_SIZE];
      g_autofree char *heap_buf = NULL;
      char *buf = stack_buf;

      if (n > WORD_STACK_SIZE)
        buf = heap_buf = g_malloc (n);
      for (int i = 0; i < n; i++)
        buf[i] = g_ascii_tolower (word[i]);
      rc = tk->x_token (tk->ctx, 0, buf, n, tk->word_start, tk->word_end);
    }
  else
    {
      g_autofree char *folded = g_utf8_casefold (word, n);
      g_autofree char *normal = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
      const char *token = normal != NULL ? normal : folded;

      rc = tk->x_token (tk->ctx, 0, token, (int) strlen (token),
                        tk->word_start, tk->word_end);
    }

  return rc;
}

static int
tokenize (Tokenizer  *tk,
          const char *text,
          int         n_text)
{
  const guchar *start = (const guchar *) text;
  const guchar *end = start + n_text;
  int i = 0;
  int rc;

  while (i < n_text)
    {
      int len;
      gunichar c = decode_utf8 (start + i, end, &len);

      switch (classify (c))
        {
        case CHAR_CJK:
          if ((rc = flush_word (tk, text)) != SQLITE_OK)
            return rc;

          if (tk->cjk_pending)
            {
              char bigram[8];
              int n_prev = tk->cjk_len;

              if (!tk->query &&
                  (rc = tk->x_token (tk->ctx, 0, text + tk->cjk_start, n_prev,
                                     tk->cjk_start, tk->cjk_end)) != SQLITE_OK)
                return rc;

              memcpy (bigram, text + tk->cjk_start, n_prev);
              memcpy (bigram + n_prev, text + i, len);
              rc = tk->x_token (tk->ctx, tk->query ? 0 : FTS5_TOKEN_COLOCATED,
                                bigram, n_prev + len, tk->cjk_start, i + len);
              if (rc != SQLITE_OK)
                return rc;
            }

          tk->cjk_pending = TRUE;
          tk->cjk_start = i;
          tk->cjk_len = len;
          tk->cjk_end = i + len;
          break;

        case CHAR_MARK:
          if (tk->cjk_pending)
            {
              /* A variation selector or similar: part of the character before it, left
               * out of the token so that text typed without it still matches. */
              tk->cjk_end = i + len;
              break;
            }
          if (tk->in_word)
            {
              tk->word_ascii = FALSE;
              tk->word_end = i + len;
            }
          break;

        case CHAR_WORD:
          if ((rc = flush_cjk (tk, text)) != SQLITE_OK)
            return rc;

          if (!tk->in_word)
            {
              tk->in_word = TRUE;
              tk->word_ascii = TRUE;
              tk->word_start = i;
            }
          if (c >= 0x80)
            tk->word_ascii = FALSE;
          tk->word_end = i + len;
          break;

        case CHAR_SEPARATOR:
        default:
          if ((rc = flush_cjk (tk, text)) != SQLITE_OK ||
              (rc = flush_word (tk, text)) != SQLITE_OK)
            return rc;
          break;
        }

      i += len;
    }

  if ((rc = flush_cjk (tk, text)) != SQLITE_OK)
    return rc;
  return flush_word (tk, text);
}

static int
gw_cjk_create (void            *user_data,
               const char     **argv,
               int              argc,
               Fts5Tokenizer  **out)
{
  /* The tokenizer takes no options; refuse any rather than silently ignore them. */
  if (argc > 0)
    {
      *out = NULL;
      return SQLITE_ERROR;
    }

  *out = (Fts5Tokenizer *) &tokenizer_instance;
  return SQLITE_OK;
}

static void
gw_cjk_delete (Fts5Tokenizer *instance)
{
}

static int
gw_cjk_tokenize (Fts5Tokenizer *instance,
                 void          *ctx,
                 int            flags,
                 const char    *text,
                 int            n_text,
                 TokenCallback  x_token)
{
  Tokenizer tk = { 0 };

  if (text == NULL || n_text <= 0)
    return SQLITE_OK;

  tk.ctx = ctx;
  tk.x_token = x_token;
  tk.query = (flags & FTS5_TOKENIZE_QUERY) != 0;

  return tokenize (&tk, text, n_text);
}

static fts5_tokenizer gw_cjk_tokenizer = {
  gw_cjk_create,
  gw_cjk_delete,
  gw_cjk_tokenize,
};

gboolean
gw_fts_register (sqlite3  *db,
                 GError  **error)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rc = sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot register the full-text tokenizer: this SQLite has no FTS5 (%s)"),
                   sqlite3_errmsg (db));
      return FALSE;
    }

  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW || api == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot register the full-text tokenizer: SQLite did not hand out "
                     "the FTS5 interface (%s)"), sqlite3_errmsg (db));
      return FALSE;
    }

  if (api->iVersion < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot register the full-text tokenizer: FTS5 interface version %d "
                     "is older than the version 2 it needs"), api->iVersion);
      return FALSE;
    }

  rc = api->xCreateTokenizer (api, GW_FTS_TOKENIZER, NULL, &gw_cjk_tokenizer, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot register the full-text tokenizer “%s”: %s"),
                   GW_FTS_TOKENIZER, sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_searchable (gunichar c)
{
  CharClass cls = classify (c);

  return cls == CHAR_WORD || cls == CHAR_CJK;
}

char *
gw_fts_match_expression (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  /* Invalid bytes become U+FFFD, which separates like any other symbol. */
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  p = valid;

  while (*p != '\0')
    {
      const char *term;
      gboolean searchable = FALSE;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      term = p;
      while (*p != '\0')
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isspace (c))
            break;
          if (is_searchable (c))
            searchable = TRUE;
          p = g_utf8_next_char (p);
        }

      if (!searchable)
        continue;

      /* Inside double quotes FTS5 takes everything literally except the quote itself,
       * which is written twice; column filters, NEAR, *, ^ and AND/OR/NOT stay text. */
      if (out->len > 0)
        g_string_append (out, " AND ");
      g_string_append_c (out, '"');
      for (const char *q = term; q < p; q++)
        {
          if (*q == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *q);
        }
      g_string_append_c (out, '"');
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}
