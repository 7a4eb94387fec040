/* tokenize-ascii.h - ICU's word boundaries on ASCII, without ICU.  Private.
 *
 * The tokenizer's fast path: the same word segments and rule statuses, and
 * the same sentence boundaries, as ICU's iterators give, for ASCII text. */
#ifndef DG_TOKENIZE_ASCII_H
#define DG_TOKENIZE_ASCII_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ubrk.h>

/* Eight bytes at a time, for the scans that look at every byte of the
 * input: BYTES8(b) is b in every byte; dg_has_zero_byte(x) whether a byte
 * of x is zero (exact: the borrow trick only errs on which byte, never on
 * whether there is one). */
#define BYTES8(b) (0x0101010101010101ull * (uint8_t)(b))

static inline int dg_has_zero_byte(uint64_t x)
{
    return ((x - BYTES8(1)) & ~x & BYTES8(0x80)) != 0;
}

static inline int dg_has_byte(uint64_t v, unsigned char b)
{
    return dg_has_zero_byte(v ^ BYTES8(b));
}

static inline uint64_t dg_load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ---- words (the classes and rules: tokenize-ascii.c's opening comment;
 * here so that the tokenizer's loop over every word inlines them) ---- */

enum {
    W_OT,   /* Other */
    W_CR,
    W_LF,   /* LF, VT, FF: a break before and after */
    W_SP,
    W_AL,   /* ALetter */
    W_NU,   /* Numeric */
    W_EX,   /* ExtendNumLet */
    W_MNL,  /* MidNumLet and Single_Quote */
    W_MN    /* MidNum */
};

static const unsigned char dg_word_class[128] = {
    ['\r'] = W_CR, ['\n'] = W_LF, ['\v'] = W_LF, ['\f'] = W_LF, [' '] = W_SP,
    ['A'] = W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL,
    W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL,
    ['a'] = W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL,
    W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL, W_AL,
    ['0'] = W_NU, W_NU, W_NU, W_NU, W_NU, W_NU, W_NU, W_NU, W_NU, W_NU,
    ['@'] = W_AL, ['_'] = W_EX, ['.'] = W_MNL, ['\''] = W_MNL, [','] = W_MN, [';'] = W_MN,
};

static inline int dg_word_cls(const char *t, size_t p)
{
    return dg_word_class[(unsigned char)t[p] & 0x7F];
}

/* The status of a segment whose last character has class x and comes
 * right after one of class prev (W_AL, W_NU or W_EX): the largest tag of the
 * rules ending there. */
static inline int dg_word_step_status(int prev, int x)
{
    if (x == W_AL)
        return UBRK_WORD_LETTER;
    if (x == W_NU)
        return UBRK_WORD_NUMBER;
    return prev == W_NU ? UBRK_WORD_NUMBER : UBRK_WORD_LETTER;
}

/* The segment starting at the word boundary p of t[0, e) (t[p, e) ASCII,
 * e a boundary too): returns its end, the next boundary, and sets *status
 * to what ubrk_getRuleStatus() would give (UBRK_WORD_NONE, _NUMBER or
 * _LETTER). */
static inline size_t dg_ascii_word_next(const char *t, size_t p, size_t e, int *status)
{
    int prev = dg_word_cls(t, p), st = UBRK_WORD_NONE;
    size_t q = p + 1;
    *status = UBRK_WORD_NONE;
    switch (prev) {
    case W_CR:
        return q < e && t[q] == '\n' ? q + 1 : q;
    case W_SP:
        while (q < e && t[q] == ' ')
            q++;
        return q;
    case W_AL:
        st = UBRK_WORD_LETTER;
        break;
    case W_NU:
        st = UBRK_WORD_NUMBER;
        break;
    case W_EX:
        break;
    default:
        return q;
    }
    /* The status is kept in a local: a store through status could alias t. */
    while (q < e) {
        int x = dg_word_cls(t, q);
        if (x == W_AL && prev == W_AL) {
            /* Most of a word is letters after letters. */
            do
                q++;
            while (q < e && dg_word_cls(t, q) == W_AL);
            st = UBRK_WORD_LETTER;
            continue;
        }
        if (x == W_AL || x == W_NU || x == W_EX) {
            st = dg_word_step_status(prev, x);
            prev = x;
            q++;
            continue;
        }
        if ((x == W_MNL || x == W_MN) && q + 1 < e) {
            int y = dg_word_cls(t, q + 1);
            if (prev == W_AL && y == W_AL && x == W_MNL) {
                st = UBRK_WORD_LETTER;
                q += 2;
                continue;
            }
            if (prev == W_NU && y == W_NU) {
                st = UBRK_WORD_NUMBER;
                q += 2;
                continue;
            }
        }
        break;
    }
    *status = st;
    return q;
}


/* Splits t[s, e) (s a boundary) at the first non-ASCII byte: returns b such
 * that t[s, b) is ASCII and ends at a boundary, and sets *icu_end to the
 * first boundary after that byte, so that ICU needs to see only t[b,
 * *icu_end).  Both are boundaries whatever the text around them.  When t[s,
 * e) is all ASCII, returns e (and *icu_end is e).  *lone is set when t[b,
 * *icu_end) is one mark that is a segment of its own (rule status
 * UBRK_WORD_NONE): ICU need not see it. */
size_t dg_ascii_span(const char *t, size_t s, size_t e, size_t *icu_end, int *lone);

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
