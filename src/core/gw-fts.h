/* gw-fts.h: full-text search that works for Chinese substrings of any length.
 *
 * FTS5's default tokenizer sees unspaced Chinese as one token and the trigram tokenizer
 * ignores queries shorter than three characters, while most Chinese words have two. The
 * "gw_cjk" tokenizer indexes every CJK character as a unigram at its own position, with the
 * bigram starting at that character colocated (FTS5_TOKEN_COLOCATED) at the same position;
 * runs of letters and digits are single lower-cased tokens. A query is tokenized into
 * the bigram chain of each CJK run followed by the run's last character (or its unigram
 * when it is one character long; the last character keeps highlight offsets exact), so a
 * phrase query matches exactly the documents holding the substring.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GW_FTS_TOKENIZER "gw_cjk"

/* Registers the "gw_cjk" tokenizer on a connection. Call once per connection, before any
 * FTS5 table that uses it is touched. */
gboolean gw_fts_register          (sqlite3     *db,
                                   GError     **error);

/* Turns what a user typed into an FTS5 MATCH expression: every whitespace-separated term
 * becomes a quoted phrase (quotes escaped) and the terms are ANDed. Returns NULL when the
 * text holds nothing searchable (only spaces or punctuation). */
char    *gw_fts_match_expression  (const char  *text);

G_END_DECLS
