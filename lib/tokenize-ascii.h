/* tokenize-ascii.h - ICU's word boundaries on ASCII, without ICU.  Private.
 *
 * The tokenizer's fast path: the same word segments and rule statuses, and
 * the same sentence boundaries, as ICU's iterators give, for ASCII text
 * (and, for words, the few marks beyond it of dg_fast_wide_len()). */
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
    W_MN,   /* MidNum */
    W_WIDE  /* a byte beyond ASCII: see dg_fast_wide_len() */
};

/* What tokenize.c's refine() asks of a word's bytes (bytes_have()), found
 * as the word is scanned: a digit, a letter (any byte beyond ASCII counts,
 * as there), a dot, and a byte an apostrophe may end in ('\'' or any
 * beyond ASCII: what a possessive needs). */
enum { DG_HAS_DIGIT = 1, DG_HAS_LETTER = 2, DG_HAS_DOT = 4, DG_HAS_APOS = 8 };

/* A byte's class in the low four bits and its DG_HAS_ bits above them:
 * one look-up a byte tells the rules and refine() what they need. */
#define WC_(cls, has) ((cls) | (has) << 4)
#define WC_AL_ WC_(W_AL, DG_HAS_LETTER)
#define WC_NU_ WC_(W_NU, DG_HAS_DIGIT)
#define WC_AL13_ WC_AL_, WC_AL_, WC_AL_, WC_AL_, WC_AL_, WC_AL_, WC_AL_, WC_AL_, WC_AL_, \
                 WC_AL_, WC_AL_, WC_AL_, WC_AL_
#define WC_HI_ WC_(W_WIDE, DG_HAS_LETTER | DG_HAS_APOS)
#define WC_HI8_ WC_HI_, WC_HI_, WC_HI_, WC_HI_, WC_HI_, WC_HI_, WC_HI_, WC_HI_
#define WC_HI32_ WC_HI8_, WC_HI8_, WC_HI8_, WC_HI8_

static const unsigned char dg_word_class[256] = {
    ['\r'] = W_CR, ['\n'] = W_LF, ['\v'] = W_LF, ['\f'] = W_LF, [' '] = W_SP,
    ['A'] = WC_AL13_, WC_AL13_,
    ['a'] = WC_AL13_, WC_AL13_,
    ['0'] = WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_, WC_NU_,
    ['@'] = W_AL, ['_'] = W_EX, ['.'] = WC_(W_MNL, DG_HAS_DOT), ['\''] = WC_(W_MNL, DG_HAS_APOS),
    [','] = W_MN, [';'] = W_MN,
    [0x80] = WC_HI32_, WC_HI32_, WC_HI32_, WC_HI32_,
};

#undef WC_HI32_
#undef WC_HI8_
#undef WC_HI_
#undef WC_AL13_
#undef WC_NU_
#undef WC_AL_
#undef WC_

static inline int dg_word_cls(const char *t, size_t p)
{
    return dg_word_class[(unsigned char)t[p]] & 15;
}

/* The characters beyond ASCII that the fast path takes as well, the
 * commonest of news text: U+2018 and U+2019 (MidNumLet, the same rules as
 * '.' and '\''), and “ ” – — … « » (Other: a segment of their own, unless
 * an Extend or Format character follows, which dg_ascii_span() leaves to
 * ICU).  The length of the one at t[x, e), else 0.  (Checked against
 * ICU's property by tests/test-tokenize-ascii.c's corpora and generated
 * text.) */
static inline size_t dg_fast_wide_len(const char *t, size_t x, size_t e)
{
    const unsigned char *u = (const unsigned char *)t + x;
    if (u[0] == 0xE2) {
        if (e - x >= 3 && u[1] == 0x80 &&
            (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x93 || u[2] == 0x94 ||
             u[2] == 0x9C || u[2] == 0x9D || u[2] == 0xA6))
            return 3;
        return 0;
    }
    return u[0] == 0xC2 && e - x >= 2 && (u[1] == 0xAB || u[1] == 0xBB) ? 2 : 0;
}

/* True when t[x, e) starts with U+2018 or U+2019 (MidNumLet). */
static inline int dg_fast_mid(const char *t, size_t x, size_t e)
{
    const unsigned char *u = (const unsigned char *)t + x;
    return e - x >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99);
}

/* The end of the run of ASCII letters at t[q, e): eight bytes at a time,
 * as most of a word is letters after letters. */
static inline size_t dg_letters_end(const char *t, size_t q, size_t e)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (q + 8 <= e) {
        uint64_t v = dg_load8(t + q);
        /* Bytes below 0x80 folded to lower case: a letter is one in
         * 'a'..'z' (no sum carries into the next byte). */
        uint64_t y = (v | BYTES8(0x20)) & BYTES8(0x7F);
        uint64_t letter = (y + BYTES8(0x80 - 'a')) & ~(y + BYTES8(0x80 - 'z' - 1)) & ~v;
        uint64_t other = ~letter & BYTES8(0x80);
        if (other)
            return q + (size_t)(__builtin_ctzll(other) >> 3);
        q += 8;
    }
#endif
    while (q < e && (unsigned)((unsigned char)(t[q] | 0x20) - 'a') < 26u)
        q++;
    return q;
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

/* The rest of a segment whose first character, t[p], is a letter, digit or
 * '_' (W_AL, W_NU, W_EX) in t[0, e) (t[p, e) of the fast path's
 * characters, e a boundary): returns its end and sets *status as
 * ubrk_getRuleStatus() would and *has to the DG_HAS_ bits of its bytes. */
static inline size_t dg_fast_word_end(const char *t, size_t p, size_t e, int *status,
                                      unsigned *has)
{
    unsigned k = dg_word_class[(unsigned char)t[p]];
    int prev = k & 15;
    int st = prev == W_AL ? UBRK_WORD_LETTER
             : prev == W_NU ? UBRK_WORD_NUMBER : UBRK_WORD_NONE;
    unsigned m = k >> 4;
    size_t q = p + 1;
    /* The status is kept in a local: a store through status could alias t. */
    for (;;) {
        if (prev == W_AL) {
            size_t z = dg_letters_end(t, q, e);
            if (z > q) {
                q = z;
                st = UBRK_WORD_LETTER;
                m |= DG_HAS_LETTER;
            }
        }
        if (q >= e)
            break;
        unsigned kx = dg_word_class[(unsigned char)t[q]];
        int x = kx & 15;
        if (x == W_AL || x == W_NU || x == W_EX) {
            st = dg_word_step_status(prev, x);
            m |= kx >> 4;
            prev = x;
            q++;
            continue;
        }
        size_t xl = 1;
        if (x == W_WIDE) {
            if (!dg_fast_mid(t, q, e))
                break;
            x = W_MNL;
            xl = 3;
        }
        if ((x == W_MNL || x == W_MN) && q + xl < e) {
            unsigned ky = dg_word_class[(unsigned char)t[q + xl]];
            int y = ky & 15;
            if (prev == W_AL && y == W_AL && x == W_MNL) {
                st = UBRK_WORD_LETTER;
                m |= (kx | ky) >> 4;
                q += xl + 1;
                continue;
            }
            if (prev == W_NU && y == W_NU) {
                st = UBRK_WORD_NUMBER;
                m |= (kx | ky) >> 4;
                q += xl + 1;
                continue;
            }
        }
        break;
    }
    *status = st;
    *has = m;
    return q;
}

/* The segment starting at the word boundary p of t[0, e) (t[p, e) of the
 * fast path's characters, e a boundary too): returns its end, the next
 * boundary, and sets *status to what ubrk_getRuleStatus() would give
 * (UBRK_WORD_NONE, _NUMBER or _LETTER).  tokenize.c's loop has its own
 * copy of the dispatch; this one is for tests/test-tokenize-ascii.c. */
static inline size_t dg_ascii_word_next(const char *t, size_t p, size_t e, int *status)
{
    size_t q = p + 1;
    unsigned has;
    *status = UBRK_WORD_NONE;
    switch (dg_word_cls(t, p)) {
    case W_CR:
        return q < e && t[q] == '\n' ? q + 1 : q;
    case W_SP:
        while (q < e && t[q] == ' ')
            q++;
        return q;
    case W_AL:
    case W_NU:
    case W_EX:
        return dg_fast_word_end(t, p, e, status, &has);
    case W_WIDE:
        return p + dg_fast_wide_len(t, p, e);
    default:
        return q;
    }
}


/* Splits t[s, e) (s a boundary) at the first character the fast path does
 * not take (beyond ASCII and dg_fast_wide_len()'s): returns b such that
 * t[s, b) is of the fast path's characters and ends at a boundary, and
 * sets *icu_end to the first boundary after that character, so that ICU
 * needs to see only t[b, *icu_end).  Both are boundaries whatever the text
 * around them.  When the fast path takes all of t[s, e), returns e (and
 * *icu_end is e). */
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
