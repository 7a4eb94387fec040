/* literal.h - literal and code context, decided once for every stage.
 * Private.
 *
 * Text that is not prose a writer composed word by word but something
 * quoted exactly (a path, an option, a format, shell syntax, an identifier,
 * a punctuation mark named rather than used, a layout-bound line) must
 * come through untouched, and it says nothing about where sentences start.
 * The tokenizer calls dg_literal_mark() once per call; it sets
 * DG_TOKEN_LITERAL on every token inside such context and records the
 * spans, which the engine hands to the resolver: an edit that overlaps one
 * is demoted to a finding, whatever stage proposed it.  Sentence-start
 * evidence is judged by dg_sentence_end_before() (literal marks, list
 * markers and abbreviations never end a sentence), which the casing stage
 * and anyone who capitalizes use, and which also clears
 * DG_TOKEN_SENTENCE_START where it does not hold.
 */
#ifndef DG_LITERAL_H
#define DG_LITERAL_H

#include "degarble.h"

#include <stddef.h>
#include <stdint.h>

struct dg_token_list;
struct dg_abbrevs;

/* Marks literal tokens of l (all of it, after refinement and sentence
 * marks) and fills l->literal with sorted, disjoint [start, end) spans;
 * sets DG_TOKEN_LINE_START, and DG_TOKEN_SENTENCE_START on the first
 * word-like token, in the same walk.
 * abbrevs (may be NULL) is the engine's abbreviation table, used for
 * sentence ends.  Returns 0, or -1 when out of memory. */
int dg_literal_mark(const char *text, size_t len, struct dg_token_list *l,
                    const struct dg_abbrevs *abbrevs);

/* Tokens l->v[a, b) are prev's tokens from index pa on, moved by d bytes,
 * whole lines of them. */
typedef struct dg_literal_seg {
    size_t a, b, pa;
    int64_t d;
} dg_literal_seg;

/* dg_literal_mark, where the lines of the segments seg[0, nseg) (in order)
 * take the marks their own line gave them in an earlier call (keep: its
 * marks and spans; a segment's tokens are that call's moved by seg->d
 * bytes) instead of being looked
 * at again: a line's marks depend on nothing but its tokens (see
 * mark_line).  keep (may be NULL) then receives this call's per-line marks
 * and spans for a later call (keep->kept must hold l->n).  Returns 0 or
 * -1. */
int dg_literal_mark_keep(const char *text, size_t len, struct dg_token_list *l,
                         const struct dg_abbrevs *abbrevs, const dg_literal_seg *seg,
                         size_t nseg, struct dg_token_list *keep);

/* dg_literal_mark_keep for a rerun's list l, whose segments seg[0,
 * nseg) hold the last call's tokens (keep: that call's kept bytes, spans
 * and code vocabulary, and l->literal its final spans) with the flags it
 * gave them, and whose other tokens (whole lines) are new: only the new
 * lines are marked.  Their marks depend on nothing beyond their lines but
 * the code vocabulary and the text's first word, so it declines (returns
 * 1, the segments' flags back as dg_literal_mark_keep expects them) when
 * either may have changed: a dropped or new line writes code, or no
 * segment at the start holds a word.  Returns 0, 1 or -1. */
int dg_literal_mark_rerun(const char *text, struct dg_token_list *l,
                          const struct dg_abbrevs *abbrevs, const dg_literal_seg *seg,
                          size_t nseg, struct dg_token_list *keep);

/* A kept list's code vocabulary (dg_token_list's vocab). */
struct dg_literal_vocab;
void dg_literal_vocab_free(struct dg_literal_vocab *vc);
/* How many words it holds (for DG_TOKENIZER_VERIFY_RERUN). */
size_t dg_literal_vocab_words(const struct dg_literal_vocab *vc);

/* Confidence (0: none) that token i starts a sentence because of what
 * precedes it on its line: ". ! ?" and optionally up to two closing
 * quotes or brackets, then white space.  Never after a literal mark, a
 * list marker ("ii.", "b.", "1." at a line start), a known abbreviation
 * (an ABBREV token from dicts/abbreviations.txt, or a dot flagged
 * DG_TOKEN_ABBREV_DOT: ICU's English sentence-break suppressions), a
 * dotted word (Ph.D.), a single
 * letter, or a short unknown token followed by a lower-case word ("approx.
 * three"); never for a literal token.  *mark gets the offset of the
 * terminal.  Thread-safe: reads only. */
double dg_sentence_end_before(const char *text, const dg_token *tok,
                              size_t ntok, size_t i, size_t *mark);

/* The same judged from the other side: whether token k (the last one
 * before a candidate start i, SIZE_MAX when there is none, as for a line
 * start after a line break) is a sentence's end: ". ! ?" then up to two
 * closing quotes or brackets, k the last of them. */
double dg_terminal_at(const char *text, const dg_token *tok, size_t ntok,
                      size_t k, size_t i, size_t *mark);

/* True when tokens [i, ...) at the start of a line (after indentation)
 * are a list marker: "ii." "iv)" "(c)" "b)" "a." "1." "1.)" "2)" followed
 * by white space. *after gets the index of the first token after it. */
int dg_literal_list_marker(const char *text, const dg_token *tok, size_t ntok,
                           size_t i, size_t *after);

#endif
