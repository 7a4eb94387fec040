/* tokenize-ascii.h - ICU's word boundaries on ASCII, without ICU.  Private.
 *
 * The tokenizer's fast path: the same word segments and rule statuses, and
 * the same sentence boundaries, as ICU's iterators give, for ASCII text. */
#ifndef DG_TOKENIZE_ASCII_H
#define DG_TOKENIZE_ASCII_H

#include <stddef.h>

/* The segment starting at the word boundary p of t[0, e) (t[p, e) ASCII,
 * e a boundary too): returns its end, the next boundary, and sets *status
 * to what ubrk_getRuleStatus() would give (UBRK_WORD_NONE, _NUMBER or
 * _LETTER). */
size_t dg_ascii_word_next(const char *t, size_t p, size_t e, int *status);

/* Splits t[s, e) (s a boundary) at the first non-ASCII byte: returns b such
 * that t[s, b) is ASCII and ends at a boundary, and sets *icu_end to the
 * first boundary after that byte, so that ICU needs to see only t[b,
 * *icu_end).  Both are boundaries whatever the text around them.  When t[s,
 * e) is all ASCII, returns e (and *icu_end is e). */
size_t dg_ascii_span(const char *t, size_t s, size_t e, size_t *icu_end);

/* ICU's sentence boundaries (ubrk_open(UBRK_SENTENCE, "en@ss=standard"))
 * of the valid UTF-8 text t[a, e), a and e included, in order, each handed
 * to emit (which returns a negative value to stop: then so does this).
 * Returns 0 when done, or 1 when this path cannot answer (an Extend or
 * Format character, a look-ahead too long, ICU's abbreviation list
 * unreadable): the caller drops what was emitted and asks ICU. */
int dg_ascii_sentences(const char *t, size_t a, size_t e,
                       int (*emit)(void *ctx, size_t b), void *ctx);

/* The UCHAR_SENTENCE_BREAK value this path gives the ASCII byte c (for the
 * test that holds the table to ICU's). */
int dg_ascii_sentence_class(unsigned char c);

#endif
