/* tokenize.h - the tokenizer shared by every stage.  Private. */
#ifndef DG_TOKENIZE_H
#define DG_TOKENIZE_H

#include "degarble.h"

#include <stddef.h>
#include <stdint.h>

struct dg_abbrevs;

typedef struct dg_token_list {
    dg_token *v;
    size_t n, cap;
    /* Byte spans [start, end) pairs of invalid UTF-8 and NUL bytes: no edit
     * may touch them. */
    size_t *invalid;
    size_t n_invalid, cap_invalid;
    /* Sorted, disjoint [start, end) pairs of literal text (literal.c): an
     * edit overlapping one is only a finding. */
    size_t *literal;
    size_t n_literal, cap_literal;
    /* Kept lists only (dg_tokenizer_run_keep's keep: v stays empty, n
     * counts the tokens of the list it was kept for): one byte a token,
     * its flags before line starts and literal marks in DG_KEPT_FLAGS
     * (they fit: see keep_marks in literal.c), and in the other bits the
     * literal flags its own line gives it (literal.c's encoding); literal
     * then holds those lines' spans. */
    uint8_t *kept;
    size_t cap_kept;
    /* Kept lists only: the words the list's code writes (literal.c), which
     * a rerun needs to mark new lines as a whole run would. */
    struct dg_literal_vocab *vocab;
} dg_token_list;

#define DG_KEPT_FLAGS 0x0Fu

/* ICU break iterators are expensive to open; the engine keeps templates and
 * each call works on its own clones (a dg_tokenizer). */
typedef struct dg_tokenizer dg_tokenizer;

/* Opens the templates once per engine. */
int dg_tokenizer_templates_new(void **word_bi, void **sent_bi);
void dg_tokenizer_templates_free(void *word_bi, void *sent_bi);

dg_tokenizer *dg_tokenizer_new(const void *word_template,
                               const void *sent_template,
                               const struct dg_abbrevs *abbrevs);
void dg_tokenizer_free(dg_tokenizer *tz);
/* Where the tokenizer's reruns take room for the lines they redo, and give
 * it back (lib/scratch.h; NULL, the default: malloc). */
struct dg_scratch;
void dg_tokenizer_use_scratch(dg_tokenizer *tz, struct dg_scratch *scratch);

/* Fills list (cleared first) with tokens covering text exactly.  Returns
 * DG_OK or an error status. */
dg_status dg_tokenizer_run(dg_tokenizer *tz, const char *text, size_t len,
                           dg_token_list *list);

/* dg_tokenizer_run, and (keep not NULL) what dg_tokenizer_rerun() needs of
 * this run besides list itself into keep: a byte a token and the code
 * vocabulary. */
dg_status dg_tokenizer_run_keep(dg_tokenizer *tz, const char *text, size_t len,
                                dg_token_list *list, dg_token_list *keep);

/* One change of a text: bytes [start, end) became len bytes. */
typedef struct dg_change {
    size_t start, end, len;
} dg_change;

/* dg_tokenizer_run's answer for text, which is prev_len bytes of text
 * (whose tokens list holds, with keep kept by dg_tokenizer_run_keep or by
 * this call) with the changes ch[0, nch) made (sorted, disjoint), in list
 * itself: only the lines holding a change are tokenized again, and the
 * other tokens move in place (one token list at a time, for memory).
 * keep is updated for the next call.  Returns 0, 1 when it declines
 * (invalid UTF-8 or NUL bytes, or changes on most of the text; list then
 * still holds the last text's tokens: call dg_tokenizer_run_keep) or -1
 * when out of memory. */
int dg_tokenizer_rerun(dg_tokenizer *tz, const char *text, size_t len, dg_token_list *list,
                       dg_token_list *keep, size_t prev_len, const dg_change *ch,
                       size_t nch);

/* The lines the last dg_tokenizer_rerun() kept: segments of its list
 * (literal.h's dg_literal_seg), in order. */
struct dg_literal_seg;
void dg_tokenizer_kept(const dg_tokenizer *tz, const struct dg_literal_seg **seg,
                       size_t *nseg);

void dg_token_list_init(dg_token_list *list);
void dg_token_list_free(dg_token_list *list);

/* True when token k of text is the one-byte punctuation c. */
static inline int dg_tok_is_char(const char *text, const dg_token *k, char c)
{
    return k->kind == DG_TOKEN_PUNCT && k->end - k->start == 1 && text[k->start] == c;
}

/* True when token k of text is exactly one ASCII space. */
static inline int dg_tok_is_single_space(const char *text, const dg_token *k)
{
    return k->kind == DG_TOKEN_SPACE && k->end - k->start == 1 && text[k->start] == ' ';
}

/* The first of the tokens v[lo, hi) that does not start before byte pos
 * (tokens are in text order).  Callers walk forward through the text, so
 * the answer is usually a few tokens past lo: steps of 1, 2, 4, ... find
 * the interval that holds it, then a binary search; a search over the
 * whole rest read some twenty cache lines far apart for every '(' of a
 * technical text. */
static inline size_t dg_token_first_from(const dg_token *v, size_t lo, size_t hi, size_t pos)
{
    for (size_t step = 1; lo < hi && v[lo].start < pos; step *= 2) {
        size_t probe = hi - lo > step ? lo + step : hi;
        if (probe == hi || v[probe].start >= pos) {
            lo++;
            hi = probe;
            break;
        }
        lo = probe;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* True for kinds a word-level stage looks at. */
static inline int dg_token_is_wordlike(const dg_token *t)
{
    return t->kind == DG_TOKEN_WORD || t->kind == DG_TOKEN_ABBREV ||
           t->kind == DG_TOKEN_CODE;
}

#endif
