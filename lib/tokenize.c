/* tokenize.c - tokens with byte offsets, from ICU break iterators.
 *
 * ICU works on UTF-8 directly through UText (utext_openUTF8), so offsets it
 * reports are byte offsets into the caller's buffer and no UTF-16 copy of
 * the input is made.  ICU must never see invalid UTF-8 (it would quietly
 * read U+FFFD and the bytes would end up inside tokens), so the input is cut
 * into valid runs first; invalid bytes and NUL bytes become INVALID tokens
 * that no edit may touch.
 *
 * ICU's word boundaries are refined by one merge pass for what news text
 * needs: dotted abbreviations keep their dot (U.S., Corp.), instrument and
 * model codes stay whole (2454.TW, AAPL.O, MT6737), hyphenated names are one
 * word (Ju-min, Kim Jong-Un), possessives are flagged with their stem
 * (Korea’s, Reuters’), times stay whole (10:30) and ellipses are one mark.
 */
#include "tokenize.h"

#include "abbrev.h"
#include "grow.h"
#include "literal.h"
#include "scratch.h"
#include "text.h"
#include "tokenize-ascii.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

struct dg_tokenizer {
    UBreakIterator *wbi, *sbi;
    const dg_abbrevs *abbrevs;
    UText *ut;
    size_t *sent;           /* sentence boundaries of the current run */
    size_t nsent, cap_sent;
    size_t *loud;           /* a byte of each of the current run's loud
                               lines (see collect_sentences), ascending */
    size_t nloud, cap_loud;
    size_t line_at;         /* start of the line the word pass is on */
    int icu_only;           /* DG_TOKENIZER_ICU_ONLY set: no ASCII fast path */
    int verify_rerun;       /* DG_TOKENIZER_VERIFY_RERUN set: every rerun is
                               checked against a whole run (tests) */
    dg_literal_seg *seg;    /* a rerun's lines kept from the last text */
    size_t nseg, cap_seg;
    struct rerun_group *grp; /* a rerun's groups of changed lines */
    size_t ngrp, cap_grp;
    dg_token_list redo;     /* their tokens, before they go in place */
    struct dg_scratch *scratch; /* where redo's room comes from (NULL: none) */
};

/* A group of lines a rerun tokenizes again: the last text's tokens [a, b)
 * give way to tz->redo's tokens [r0, r1); d is what the changes before the
 * group added (bytes). */
typedef struct rerun_group {
    size_t a, b, r0, r1;
    int64_t d;
} rerun_group;

/* ---- lists ------------------------------------------------------------ */

void dg_token_list_init(dg_token_list *l)
{
    memset(l, 0, sizeof *l);
}

void dg_token_list_free(dg_token_list *l)
{
    free(l->v);
    free(l->invalid);
    free(l->literal);
    free(l->kept);
    dg_literal_vocab_free(l->vocab);
    dg_token_list_init(l);
}

/* Room for k more tokens, when l has less. */
static int grow_by(dg_token_list *l, size_t k)
{
    dg_token *v = dg_grow(l->v, &l->cap, l->n + k, sizeof *v, 1024);
    if (!v)
        return -1;
    l->v = v;
    return 0;
}

static int grow(dg_token_list *l)
{
    return grow_by(l, 1);
}

/* Every token goes through here: the list grows out of line. */
static inline int push(dg_token_list *l, size_t s, size_t e, dg_token_kind kind)
{
    if (l->n == l->cap && grow(l) < 0)
        return -1;
    l->v[l->n++] = (dg_token){.start = s, .end = e, .stem_end = e, .kind = kind};
    return 0;
}

static int push_invalid(dg_token_list *l, size_t s, size_t e)
{
    if (l->n_invalid == l->cap_invalid) {
        size_t *v = dg_grow(l->invalid, &l->cap_invalid, l->n_invalid + 1, 2 * sizeof *v, 16);
        if (!v)
            return -1;
        l->invalid = v;
    }
    l->invalid[2 * l->n_invalid] = s;
    l->invalid[2 * l->n_invalid + 1] = e;
    l->n_invalid++;
    return push(l, s, e, DG_TOKEN_INVALID);
}

/* Notes that the line holding byte p, which starts at line_at, may hold a
 * sentence boundary inside (see collect_sentences): once a line. */
static int note_loud(dg_tokenizer *tz, size_t p, size_t line_at)
{
    if (tz->nloud && tz->loud[tz->nloud - 1] >= line_at)
        return 0;
    if (tz->nloud == tz->cap_loud) {
        size_t *v = dg_grow(tz->loud, &tz->cap_loud, tz->nloud + 1, sizeof *v, 256);
        if (!v)
            return -1;
        tz->loud = v;
    }
    tz->loud[tz->nloud++] = p;
    return 0;
}

/* ---- ICU templates ---------------------------------------------------- */

int dg_tokenizer_templates_new(void **word_bi, void **sent_bi)
{
    UErrorCode st = U_ZERO_ERROR;
    *word_bi = ubrk_open(UBRK_WORD, "en", NULL, 0, &st);
    if (U_FAILURE(st))
        return -1;
    /* "ss=standard" turns on ICU's list of abbreviations after which a
     * period does not end a sentence (Mr., Dr., ...). */
    *sent_bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    if (U_FAILURE(st)) {
        ubrk_close(*word_bi);
        *word_bi = NULL;
        return -1;
    }
    return 0;
}

void dg_tokenizer_templates_free(void *word_bi, void *sent_bi)
{
    if (word_bi)
        ubrk_close(word_bi);
    if (sent_bi)
        ubrk_close(sent_bi);
}

dg_tokenizer *dg_tokenizer_new(const void *word_template,
                               const void *sent_template,
                               const dg_abbrevs *abbrevs)
{
    dg_tokenizer *tz = calloc(1, sizeof *tz);
    if (!tz)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    /* Break iterators are not thread-safe; clones are cheap compared with
     * opening (no rule compilation), so each call gets its own. */
    tz->wbi = ubrk_clone(word_template, &st);
    if (U_SUCCESS(st))
        tz->sbi = ubrk_clone(sent_template, &st);
    if (U_FAILURE(st)) {
        dg_tokenizer_free(tz);
        return NULL;
    }
    tz->abbrevs = abbrevs;
    /* Internal switch for the differential test and the fuzz target
     * (tests/test-tokenize-ascii.c, tests/fuzz/fuzz-tokenize-ascii.c): every
     * segment through ICU, as before the fast path. */
    const char *only = getenv("DG_TOKENIZER_ICU_ONLY");
    tz->icu_only = only && *only && strcmp(only, "0") != 0;
    const char *verify = getenv("DG_TOKENIZER_VERIFY_RERUN");
    tz->verify_rerun = verify && *verify && strcmp(verify, "0") != 0;
    return tz;
}

void dg_tokenizer_use_scratch(dg_tokenizer *tz, struct dg_scratch *scratch)
{
    tz->scratch = scratch;
}

void dg_tokenizer_free(dg_tokenizer *tz)
{
    if (!tz)
        return;
    if (tz->wbi)
        ubrk_close(tz->wbi);
    if (tz->sbi)
        ubrk_close(tz->sbi);
    if (tz->ut)
        utext_close(tz->ut);
    free(tz->sent);
    free(tz->loud);
    free(tz->seg);
    free(tz->grp);
    dg_token_list_free(&tz->redo);
    free(tz);
}

/* ---- character classes ------------------------------------------------ */

static uint32_t cp_at(const char *text, size_t pos, size_t end, size_t *n)
{
    uint32_t cp = 0xFFFD;
    size_t k = dg_utf8_decode((const unsigned char *)text + pos, end - pos, &cp);
    *n = k ? k : 1;
    return cp;
}

static int is_newline_cp(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

/* u_isUWhiteSpace with the ASCII answer inline (TAB..CR and space). */
static int is_white(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return u_isUWhiteSpace((UChar32)c);
}

static int is_hyphen_tok(const char *t, const dg_token *k)
{
    size_t n = k->end - k->start;
    if (k->kind != DG_TOKEN_PUNCT)
        return 0;
    if (n == 1 && t[k->start] == '-')
        return 1;
    /* U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN */
    return n == 3 && (unsigned char)t[k->start] == 0xE2 &&
           (unsigned char)t[k->start + 1] == 0x80 &&
           ((unsigned char)t[k->start + 2] == 0x90 ||
            (unsigned char)t[k->start + 2] == 0x91);
}

/* ---- URLs and e-mail -------------------------------------------------- */

/* Printable ASCII except " < > ` { } | ^ and backslash, as a bit set: the
 * URL scan looks at every byte of the input. */
static const uint64_t url_chars[2] = {0xAFFFFFFA00000000u, 0x47FFFFFEAFFFFFFFu};

static inline int url_char(unsigned char c)
{
    return c < 0x80 && ((url_chars[c >> 6] >> (c & 63)) & 1);
}

/* ':' '@' 'W' 'w': a link holds one ("://", an address's '@', "www."). */
static const uint64_t link_anchors[2] = {(uint64_t)1 << ':',
                                         (uint64_t)1 << ('@' - 64) |
                                             (uint64_t)1 << ('W' - 64) |
                                             (uint64_t)1 << ('w' - 64)};

static inline int link_anchor(unsigned char c)
{
    return c < 0x80 && ((link_anchors[c >> 6] >> (c & 63)) & 1);
}

/* An anchor at t[q] (q < end) that can make a link: a 'w' or 'W' only as
 * the start of "www." or "WWW.", the only leading "www." next_link takes.
 * A chunk that is a link holds one (a ':' or '@', or its leading "www."),
 * so the chunks passed over are only those it would have dropped. */
static inline int link_anchor_at(const char *t, size_t q, size_t end)
{
    unsigned char c = (unsigned char)t[q];
    if (!link_anchor(c))
        return 0;
    if ((c | 0x20) != 'w')
        return 1;
    return end - q >= 4 && (memcmp(t + q, "www.", 4) == 0 || memcmp(t + q, "WWW.", 4) == 0);
}

/* The opening marks next_link strips before a link, and the closing
 * punctuation it strips after one (no NUL reaches here: valid runs hold
 * none). */
static inline int link_opener(char c)
{
    return c == '(' || c == '[' || c == '<' || c == '\'' || c == '"';
}

static inline int link_trailer(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
           c == '\'' || c == '"';
}

/* True when [s, e), past the opening marks next_link strips, begins with
 * "www." or "WWW.". */
static int starts_www(const char *t, size_t s, size_t e)
{
    while (s < e && link_opener(t[s]))
        s++;
    return e - s > 4 && (memcmp(t + s, "www.", 4) == 0 || memcmp(t + s, "WWW.", 4) == 0);
}

/* Finds the next URL or e-mail address in [p, end): returns 1 and its span,
 * or 0.  A chunk is a run of URL characters; trailing sentence punctuation
 * and an unbalanced closing bracket are not part of it. */
static int next_link(const char *t, size_t p, size_t end, size_t *ls,
                     size_t *le, dg_token_kind *kind)
{
    while (p < end) {
        /* Nearly every chunk is a plain word: a link needs "://", an '@'
         * or a leading "www.", so only a chunk that holds one of the
         * anchor bytes ':' '@' 'w' 'W' is looked at.  It is the run of URL
         * characters around the anchor (from p at the earliest): the same
         * chunk a scan of every run from p would come to. */
        size_t q = p;
        for (;;) {
            /* Eight bytes at a time past those without an anchor (| 0x20
             * folds W to w; it also lets 0x1a through as ':', which the
             * byte scan then passes over). */
            while (q + 8 <= end) {
                uint64_t v = dg_load8(t + q), f = v | BYTES8(0x20);
                if (dg_has_byte(v, '@') || dg_has_byte(f, 'w') || dg_has_byte(f, ':'))
                    break;
                q += 8;
            }
            size_t stop = end - q > 8 ? q + 8 : end;
            while (q < stop && !link_anchor_at(t, q, end))
                q++;
            if (q < stop || q == end)
                break;
        }
        if (q == end)
            return 0;
        size_t s = q, e = q;
        while (s > p && url_char((unsigned char)t[s - 1]))
            s--;
        while (e < end && url_char((unsigned char)t[e]))
            e++;
        p = e;
        if (e - s < 5)
            continue;
        int colon_or_at = memchr(t + s, ':', e - s) || memchr(t + s, '@', e - s);
        if (!colon_or_at && !starts_www(t, s, e))
            continue;
        /* Sentence punctuation and an unbalanced closing bracket around a
         * chunk are not part of a link: "(www.reuters.com)." */
        while (s < e && link_opener(t[s]))
            s++;
        while (e > s && link_trailer(t[e - 1]))
            e--;
        if (e > s && t[e - 1] == ')' && !memchr(t + s, '(', e - s))
            e--;
        if (e > s && t[e - 1] == ']' && !memchr(t + s, '[', e - s))
            e--;
        if (e - s < 5)
            continue;
        const char *c = t + s;
        size_t n = e - s;
        const char *scheme = memmem(c, n, "://", 3);
        int url = (scheme && scheme > c && dg_ascii_alpha(scheme[-1])) ||
                  (n > 4 && (memcmp(c, "www.", 4) == 0 || memcmp(c, "WWW.", 4) == 0));
        const char *at = memchr(c, '@', n);
        int mail = !url && at && at > c && memchr(at, '.', (size_t)(c + n - at)) &&
                   dg_ascii_alpha(c[n - 1]);
        if (!url && !mail)
            continue;
        if (url && scheme) {
            /* The scheme starts at the first letter run before "://". */
            const char *b = scheme;
            while (b > c && (dg_ascii_alpha(b[-1]) || b[-1] == '+' || b[-1] == '.' ||
                             dg_ascii_digit(b[-1])))
                b--;
            s = (size_t)(b - t);
        }
        *ls = s;
        *le = e;
        *kind = url ? DG_TOKEN_URL : DG_TOKEN_EMAIL;
        return 1;
    }
    return 0;
}

/* ---- ICU segmentation ------------------------------------------------- */

static int space_tokens(const char *t, size_t s, size_t e, dg_token_list *l)
{
    size_t run = s;
    for (size_t p = s; p < e;) {
        size_t n;
        uint32_t c = cp_at(t, p, e, &n);
        if (is_newline_cp(c)) {
            if (run < p && push(l, run, p, DG_TOKEN_SPACE) < 0)
                return -1;
            if (c == '\r' && p + 1 < e && t[p + 1] == '\n')
                n = 2;
            if (push(l, p, p + n, DG_TOKEN_NEWLINE) < 0)
                return -1;
            run = p + n;
        }
        p += n;
    }
    if (run < e && push(l, run, e, DG_TOKEN_SPACE) < 0)
        return -1;
    return 0;
}

/* One word segment [a, z) with ICU's rule status, as tokens. */
static int push_segment(const char *t, size_t a, size_t z, int32_t status,
                        dg_token_list *l)
{
    size_t n;
    uint32_t c = cp_at(t, a, z, &n);
    if (is_white(c) || is_newline_cp(c))
        return space_tokens(t, a, z, l);
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        return push(l, a, z, DG_TOKEN_NUMBER);
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT)
        return push(l, a, z, DG_TOKEN_WORD);
    /* Marks come one character a token; a segment ICU kept whole (an emoji
     * sequence) stays whole. */
    return push(l, a, z, DG_TOKEN_PUNCT);
}

static int segment_icu(dg_tokenizer *tz, const char *t, size_t s, size_t e,
                       dg_token_list *l)
{
    if (s == e)
        return 0;
    /* Beyond ASCII, on one line (dg_ascii_span stops after a line feed). */
    if (note_loud(tz, s, tz->line_at) < 0)
        return -1;
    if (t[e - 1] == '\n')
        tz->line_at = e;
    UErrorCode st = U_ZERO_ERROR;
    tz->ut = utext_openUTF8(tz->ut, t + s, (int64_t)(e - s), &st);
    ubrk_setUText(tz->wbi, tz->ut, &st);
    if (U_FAILURE(st))
        return -1;
    int32_t prev = ubrk_first(tz->wbi);
    for (int32_t b = ubrk_next(tz->wbi); b != UBRK_DONE; b = ubrk_next(tz->wbi)) {
        if (push_segment(t, s + (size_t)prev, s + (size_t)b, ubrk_getRuleStatus(tz->wbi),
                         l) < 0)
            return -1;
        prev = b;
    }
    return 0;
}

/* A fast-path token's scratch byte (dg_token.reserved, 0 in every token
 * refine() writes): the DG_HAS_ bits of a word's bytes with SCRATCH_KNOWN,
 * so that refine() need not look at them again, and SCRATCH_FINAL on a
 * token refine() would leave as it is but for the sentence start mark: a
 * word without a dot, digit or apostrophe before an ASCII character that
 * no merge of refine() looks for after a word (a dot, a hyphen, an
 * apostrophe), or a mark that neither ends a sentence nor closes one.  0:
 * nothing known (ICU's and the links' tokens). */
#define SCRATCH_KNOWN 0x40u
#define SCRATCH_FINAL 0x80u

/* ASCII marks that are not SCRATCH_FINAL: those after_token() looks at
 * (terminals and closers; a dot may start an ellipsis too). */
static inline int mark_not_final(unsigned char c)
{
    return c == '.' || c == '!' || c == '?' || c == ')' || c == ']' || c == '"' || c == '\'';
}

/* The tokens of t[p, b) (of the fast path's characters, both ends
 * boundaries: see dg_ascii_span), as push_segment() gives ICU's segments:
 * a segment never holds a line break with anything else (WB3a, WB3b), so
 * white space is one token and no decoding is needed; tab is Other, a
 * token a tab. */
static int fast_tokens(dg_tokenizer *tz, const char *t, size_t p, size_t b, dg_token_list *l)
{
    dg_token *v = l->v;
    size_t n = l->n, cap = l->cap, line_at = tz->line_at;
    while (p < b) {
        if (cap - n < 2) {
            l->n = n;
            if (grow_by(l, 2) < 0)
                return -1;
            v = l->v;
            cap = l->cap;
        }
        size_t z = p + 1;
        /* The commonest pair: a word of ASCII letters alone and the space
         * or line feed after it (no rule joins a letter to either). */
        if (dg_ascii_alpha((unsigned char)t[p])) {
            z = dg_letters_end(t, z, b);
            if (z < b && (t[z] == ' ' || t[z] == '\n')) {
                size_t y = z + 1;
                unsigned kind = DG_TOKEN_NEWLINE;
                if (t[z] == ' ') {
                    while (y < b && t[y] == ' ')
                        y++;
                    kind = DG_TOKEN_SPACE;
                } else {
                    line_at = y;
                }
                v[n++] = (dg_token){.start = (uint32_t)p, .end = (uint32_t)z,
                                    .stem_end = (uint32_t)z, .kind = DG_TOKEN_WORD,
                                    .reserved = DG_HAS_LETTER | SCRATCH_KNOWN | SCRATCH_FINAL};
                v[n++] = (dg_token){.start = (uint32_t)z, .end = (uint32_t)y,
                                    .stem_end = (uint32_t)y, .kind = (uint8_t)kind};
                p = y;
                continue;
            }
            z = p + 1;
        }
        unsigned kind = DG_TOKEN_PUNCT, scratch = 0;
        switch (dg_word_cls(t, p)) {
        case W_SP:
            while (z < b && t[z] == ' ')
                z++;
            kind = DG_TOKEN_SPACE;
            break;
        case W_AL:
        case W_NU:
        case W_EX: {
            int status;
            unsigned has;
            z = dg_fast_word_end(t, p, b, &status, &has);
            kind = status == UBRK_WORD_LETTER   ? DG_TOKEN_WORD
                   : status == UBRK_WORD_NUMBER ? DG_TOKEN_NUMBER : DG_TOKEN_PUNCT;
            scratch = has | SCRATCH_KNOWN;
            /* A dot, or an apostrophe beyond ASCII (or '\''). */
            if ((has & (DG_HAS_DOT | DG_HAS_APOS)) && note_loud(tz, p, line_at) < 0)
                return -1;
            if (kind == DG_TOKEN_WORD && !(has & (DG_HAS_DOT | DG_HAS_DIGIT | DG_HAS_APOS)) &&
                z < b && !((unsigned char)t[z] & 0x80) && t[z] != '.' && t[z] != '-' &&
                t[z] != '\'')
                scratch |= SCRATCH_FINAL;
            break;
        }
        case W_CR:
            if (note_loud(tz, p, line_at) < 0)
                return -1;
            if (z < b && t[z] == '\n')
                line_at = ++z;
            kind = DG_TOKEN_NEWLINE;
            break;
        case W_LF:
            if (t[p] == '\n')
                line_at = z;
            kind = DG_TOKEN_NEWLINE;
            break;
        case W_WIDE:
            z = p + dg_fast_wide_len(t, p, b);
            if (note_loud(tz, p, line_at) < 0)
                return -1;
            break;
        default:
            if (t[p] == '\t')
                kind = DG_TOKEN_SPACE;
            else if (!mark_not_final((unsigned char)t[p]))
                scratch = SCRATCH_FINAL;
            else if ((t[p] == '.' || t[p] == '!' || t[p] == '?') &&
                     note_loud(tz, p, line_at) < 0)
                return -1;
            break;
        }
        v[n++] = (dg_token){.start = (uint32_t)p, .end = (uint32_t)z, .stem_end = (uint32_t)z,
                            .kind = (uint8_t)kind, .reserved = (uint8_t)scratch};
        p = z;
    }
    l->n = n;
    tz->line_at = line_at;
    return 0;
}

/* Word segments of t[s, e) (s and e boundaries): stretches of ASCII and
 * the commonest marks beyond it by the fast path, the words holding other
 * characters by ICU.  all_fast: the caller's scan found only the fast
 * path's characters in the run holding t[s, e), so dg_ascii_span() would
 * return e: it is not asked. */
static int segment(dg_tokenizer *tz, const char *t, size_t s, size_t e, int all_fast,
                   dg_token_list *l)
{
    if (tz->icu_only)
        return segment_icu(tz, t, s, e, l);
    for (size_t p = s; p < e;) {
        /* (One call of fast_tokens(), which is inlined here.) */
        size_t icu_end = e, b = all_fast ? e : dg_ascii_span(t, p, e, &icu_end);
        if (fast_tokens(tz, t, p, b, l) < 0 || segment_icu(tz, t, b, icu_end, l) < 0)
            return -1;
        p = icu_end;
    }
    return 0;
}

static int push_sentence(dg_tokenizer *tz, size_t b)
{
    if (tz->nsent && tz->sent[tz->nsent - 1] == b)
        return 0;
    if (tz->nsent == tz->cap_sent) {
        size_t *v = dg_grow(tz->sent, &tz->cap_sent, tz->nsent + 1, sizeof *v, 256);
        if (!v)
            return -1;
        tz->sent = v;
    }
    tz->sent[tz->nsent++] = b;
    return 0;
}

/* ICU's sentence boundaries of t[from, e), where from is s or a line
 * start.  From a line start, ICU is given the line break before it too, so
 * that its rules see the text as they would in the whole run (a boundary
 * right after a line break, never the start of a text); the boundary
 * before that line break is not ours and is skipped. */
static int icu_sentences(dg_tokenizer *tz, const char *t, size_t s, size_t from,
                         size_t e)
{
    size_t a = from > s ? from - 1 : from;
    UErrorCode st = U_ZERO_ERROR;
    tz->ut = utext_openUTF8(tz->ut, t + a, (int64_t)(e - a), &st);
    ubrk_setUText(tz->sbi, tz->ut, &st);
    if (U_FAILURE(st))
        return -1;
    for (int32_t b = ubrk_first(tz->sbi); b != UBRK_DONE; b = ubrk_next(tz->sbi))
        if (a + (size_t)b >= from && push_sentence(tz, a + (size_t)b) < 0)
            return -1;
    return 0;
}


static int quiet_byte(unsigned char c)
{
    return c < 0x80 && c != '.' && c != '!' && c != '?' && c != '\r';
}

/* A line ICU's sentence rules cannot break inside (see collect_sentences),
 * by its bytes, eight at a time. */
static int quiet_line(const char *t, size_t s, size_t e)
{
    size_t p = s;
    for (; p + 8 <= e; p += 8) {
        uint64_t v = dg_load8(t + p);
        if ((v & BYTES8(0x80)) || dg_has_byte(v, '.') || dg_has_byte(v, '!') ||
            dg_has_byte(v, '?') || dg_has_byte(v, '\r'))
            return 0;
    }
    for (; p < e; p++)
        if (!quiet_byte((unsigned char)t[p]))
            return 0;
    return 1;
}

typedef struct sentence_sink {
    dg_tokenizer *tz;
    size_t from;
} sentence_sink;

static int sink_sentence(void *ctx, size_t b)
{
    sentence_sink *k = ctx;
    return b >= k->from ? push_sentence(k->tz, b) : 0;
}

/* The boundaries of the line [ls, le) of the run starting at s:
 * tokenize-ascii.c gives ICU's answer for the line with the line break
 * before it, as icu_sentences() would give it the line; 1 when it cannot. */
static int ascii_sentences(dg_tokenizer *tz, const char *t, size_t s, size_t ls, size_t le)
{
    size_t n0 = tz->nsent;
    sentence_sink k = {tz, ls};
    int rc = dg_ascii_sentences(t, ls > s ? ls - 1 : ls, le, sink_sentence, &k);
    if (rc == 1)
        tz->nsent = n0;
    return rc;
}

/* Sentence boundaries of the valid run [s, e), as ICU's sentence iterator
 * over the whole run gives them: those of its lines [a, e) that refine()
 * does not take for granted.  The iterator costs more per byte than the
 * word iterator, and most lines of plain text (lists, glosses, titles)
 * cannot hold a boundary, so only the lines that can are looked at.  A
 * line's boundaries depend on nothing beyond it and the line break before
 * it (SB4 breaks after every line feed, no rule and no entry of the
 * abbreviation filter looks across one), so lines go to tokenize-ascii.c
 * one by one and only those it declines to ICU.
 *
 * A line ICU's sentence rules cannot break inside is one of ASCII without
 * a terminal (. ! ?) or a CR: its only boundaries are its start and its
 * end, after the line feed (UAX #29 SB4: always a break after one;
 * checked against the iterator over whole runs on the test corpora,
 * WordNet, Reuters and random mixes of terminals, quotes and breaks).
 * refine() takes those for granted on every line: a boundary at the run's
 * start and after every line feed.  The other lines, loud ones, are those
 * holding a byte of tz->loud, which the word segmentation noted as it
 * passed a terminal, a CR or a character beyond ASCII (and a few more: an
 * apostrophe, a link, a line that is not loud costs only time).  With
 * DG_TOKENIZER_ICU_ONLY, every line is looked at as before the fast path
 * (collect_sentences_icu). */
static int collect_sentences(dg_tokenizer *tz, const char *t, size_t s, size_t a, size_t e)
{
    tz->nsent = 0;
    size_t done = a;   /* end of the last loud line */
    for (size_t i = 0; i < tz->nloud; i++) {
        size_t x = tz->loud[i];
        if (x < done)
            continue;
        const char *nl = memrchr(t + done, '\n', x - done);
        size_t ls = nl ? (size_t)(nl - t) + 1 : done;
        nl = memchr(t + x, '\n', e - x);
        size_t le = nl ? (size_t)(nl - t) + 1 : e;
        int rc = ascii_sentences(tz, t, s, ls, le);
        if (rc < 0 || (rc == 1 && icu_sentences(tz, t, s, ls, le) < 0))
            return -1;
        done = le;
    }
    return 0;
}

/* collect_sentences() with DG_TOKENIZER_ICU_ONLY: the lines that can hold
 * a boundary found by quiet_line(), ICU's answer for runs of them; the
 * quiet lines' boundaries are pushed too. */
static int collect_sentences_icu(dg_tokenizer *tz, const char *t, size_t s, size_t a,
                                 size_t e)
{
    tz->nsent = 0;
    size_t block = SIZE_MAX;   /* start of lines waiting for ICU */
    for (size_t ls = a; ls < e;) {
        const char *nl = memchr(t + ls, '\n', e - ls);
        size_t le = nl ? (size_t)(nl - t) + 1 : e;
        if (quiet_line(t, ls, le)) {
            if (block != SIZE_MAX && icu_sentences(tz, t, s, block, ls) < 0)
                return -1;
            block = SIZE_MAX;
            if (push_sentence(tz, ls) < 0 || push_sentence(tz, le) < 0)
                return -1;
        } else if (block == SIZE_MAX) {
            block = ls;
        }
        ls = le;
    }
    if (block != SIZE_MAX)
        return icu_sentences(tz, t, s, block, e);
    return a == e ? push_sentence(tz, a) : 0;
}

/* ---- refinement ------------------------------------------------------- */

/* "U.S", "e.g", "U.s": single letters joined by dots. */
static int dotted_letters(const char *t, size_t s, size_t e)
{
    if (e - s < 3)
        return 0;
    for (size_t p = s; p < e; p++) {
        int want_letter = ((p - s) % 2) == 0;
        if (want_letter ? !dg_ascii_alpha(t[p]) : t[p] != '.')
            return 0;
    }
    return ((e - s) % 2) == 1;
}

/* "AAPL.O", "BRKa.N": a capitalized symbol, a dot, a short exchange suffix. */
static int dotted_code(const char *t, size_t s, size_t e)
{
    const char *dot = memchr(t + s, '.', e - s);
    if (!dot)
        return 0;
    size_t d = (size_t)(dot - t);
    if (d - s < 2 || e - d - 1 < 1 || e - d - 1 > 4)
        return 0;
    for (size_t p = d + 1; p < e; p++)
        if (!dg_ascii_upper(t[p]))
            return 0;
    size_t upper = 0;
    for (size_t p = s; p < d; p++) {
        if (!dg_ascii_alpha(t[p]) && !dg_ascii_digit(t[p]))
            return 0;
        upper += dg_ascii_upper(t[p]) || dg_ascii_digit(t[p]);
    }
    return upper * 2 > d - s;
}

/* What refine() asks of a word's bytes, gathered in one look at each:
 * a digit, a letter (any non-ASCII byte counts), a dot (tokenize-ascii.h's
 * DG_HAS_ bits, which the fast path finds as it scans a word). */
enum { HAS_DIGIT = DG_HAS_DIGIT, HAS_LETTER = DG_HAS_LETTER, HAS_DOT = DG_HAS_DOT };
static const unsigned char byte_has[256] = {
    ['0'] = HAS_DIGIT, HAS_DIGIT, HAS_DIGIT, HAS_DIGIT, HAS_DIGIT,
    HAS_DIGIT, HAS_DIGIT, HAS_DIGIT, HAS_DIGIT, HAS_DIGIT,
    ['A'] = HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    ['a'] = HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER,
    ['.'] = HAS_DOT,
#define HIGH8 HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER, \
              HAS_LETTER, HAS_LETTER, HAS_LETTER, HAS_LETTER
#define HIGH32 HIGH8, HIGH8, HIGH8, HIGH8
    [0x80] = HIGH32, HIGH32, HIGH32, HIGH32,
#undef HIGH32
#undef HIGH8
};

static unsigned bytes_have(const char *t, size_t s, size_t e)
{
    unsigned m = 0;
    for (size_t p = s; p < e; p++)
        m |= byte_has[(unsigned char)t[p]];
    return m;
}

static int digit_and_letter(unsigned m)
{
    return (m & (HAS_DIGIT | HAS_LETTER)) == (HAS_DIGIT | HAS_LETTER);
}

static inline void mark_possessive(const char *t, dg_token *k)
{
    /* X’s / X's: an apostrophe of any length (text.h's set) before the s;
     * it ends in '\'' or in the last byte of a longer one. */
    if (k->end - k->start >= 3) {
        char last = t[k->end - 1];
        unsigned char before = (unsigned char)t[k->end - 2];
        if ((last == 's' || last == 'S') && (before == '\'' || before >= 0x80)) {
            size_t p = k->end - 1;
            for (size_t n = 1; n <= 3; n++) {
                if (p >= k->start + n && dg_apostrophe_len(t + p - n, n) == n) {
                    k->stem_end = p - n;
                    k->flags |= DG_TOKEN_POSSESSIVE;
                    break;
                }
            }
        }
    }
}

/* ) ] " ' U+201D U+2019 U+00BB */
static int is_closer(const char *t, const dg_token *k)
{
    if (k->kind != DG_TOKEN_PUNCT)
        return 0;
    const unsigned char *m = (const unsigned char *)t + k->start;
    switch (k->end - k->start) {
    case 1:
        return m[0] == ')' || m[0] == ']' || m[0] == '"' || m[0] == '\'';
    case 2:
        return m[0] == 0xC2 && m[1] == 0xBB;
    case 3:
        return m[0] == 0xE2 && m[1] == 0x80 && (m[2] == 0x9D || m[2] == 0x99);
    default:
        return 0;
    }
}

static int is_wordish(const dg_token *k)
{
    return k->kind == DG_TOKEN_WORD || k->kind == DG_TOKEN_ABBREV ||
           k->kind == DG_TOKEN_CODE || k->kind == DG_TOKEN_NUMBER;
}

/* How the tokens so far on a line end toward a sentence start: ". ! ?"
 * then optional closing quotes or brackets (AFTER_STOP), and then spaces
 * (AFTER_GAP: a word-like token next starts a sentence).  A dot inside an
 * abbreviation token or an ellipsis does not count. */
enum { AFTER_NOTHING, AFTER_STOP, AFTER_GAP };

static int after_token(const char *t, const dg_token *k, int st)
{
    if (k->kind == DG_TOKEN_SPACE)
        return st == AFTER_NOTHING ? AFTER_NOTHING : AFTER_GAP;
    if (k->kind != DG_TOKEN_PUNCT)
        return AFTER_NOTHING;
    if (k->end - k->start == 1 &&
        (t[k->start] == '.' || t[k->start] == '!' || t[k->start] == '?'))
        return AFTER_STOP;
    return st == AFTER_STOP && is_closer(t, k) ? AFTER_STOP : AFTER_NOTHING;
}

/* A word's DG_HAS_ bits: from the fast path's scratch byte, or looked up. */
static inline unsigned word_has(const char *t, const dg_token *k)
{
    return k->reserved ? k->reserved : bytes_have(t, k->start, k->end);
}

/* Rewrites l->v[from, n) in place: merges and reclassifies, and marks
 * sentence starts.  Reads ahead only within the run, so each token is
 * looked at a bounded number of times.
 *
 * ICU's sentence rules never break before a lowercase word (". the" is
 * taken for an abbreviation), which is exactly the damage to find, so a
 * word-like token after terminal punctuation and a space is a start too.
 * Of the run's sentence boundaries (the run's start, every byte after a
 * line feed, and tz->sent, ascending like the tokens: see
 * collect_sentences), each pairs with the first word-like token at or
 * after it, which is a start unless the last token before it on its line,
 * spaces aside, is an abbreviation: ICU's own suppression list misses news
 * abbreviations (U.S., Corp.), so a boundary right after one of ours is
 * ignored unless a line break separates them. */
static void refine(dg_tokenizer *tz, const char *t, dg_token_list *l, size_t from)
{
    dg_token *v = l->v;
    size_t n = l->n, w = from;
    int after = AFTER_NOTHING;
    /* The sentence boundaries not yet paired with a token (line_start: at
     * the run's start or after a line feed), and whether the last token on
     * the line so far, spaces aside, is an abbreviation. */
    /* tz->sent is NULL before the first line that needs sentence work:
     * NULL + 0 is undefined, so the end is only computed from a list. */
    const size_t *sent = tz->sent, *sent_end = sent ? sent + tz->nsent : sent;
    int line_start = 1, abbrev_before = 0;
    for (size_t r = from; r < n;) {
        /* Most tokens are spaces, line breaks and the fast path's final
         * tokens: only the marks below apply to them, and they move as
         * they are. */
        for (; r < n; r++) {
            const dg_token *k = &v[r];
            unsigned flags = 0;
            if (k->kind == DG_TOKEN_SPACE) {
                after = after == AFTER_NOTHING ? AFTER_NOTHING : AFTER_GAP;
            } else if (k->kind == DG_TOKEN_NEWLINE) {
                after = AFTER_NOTHING;
                abbrev_before = 0;
                line_start |= t[k->end - 1] == '\n';
            } else if (k->reserved & SCRATCH_FINAL) {
                if (k->kind == DG_TOKEN_WORD) {
                    if (after == AFTER_GAP)
                        flags = DG_TOKEN_SENTENCE_START;
                    if (line_start || (sent < sent_end && *sent <= k->start)) {
                        while (sent < sent_end && *sent <= k->start)
                            sent++;
                        line_start = 0;
                        if (!abbrev_before)
                            flags = DG_TOKEN_SENTENCE_START;
                    }
                }
                after = AFTER_NOTHING;
                abbrev_before = 0;
            } else {
                break;
            }
            dg_token *o = &v[w++];
            *o = *k;
            o->flags |= (uint16_t)flags;
            o->reserved = 0;
        }
        if (r == n)
            break;
        dg_token cur = v[r++];

        if (cur.kind == DG_TOKEN_WORD) {
            size_t len = cur.end - cur.start;
            int dot_next = r < n && dg_tok_is_char(t, &v[r], '.') && v[r].start == cur.end;
            int letter_after_dot = dot_next && r + 1 < n &&
                                   (v[r + 1].kind == DG_TOKEN_WORD) &&
                                   v[r + 1].start == v[r].end;
            unsigned has = word_has(t, &cur);
            /* Dotted letters and dotted codes hold a dot. */
            if ((has & HAS_DOT) && dotted_letters(t, cur.start, cur.end)) {
                /* U.S + "." -> U.S. */
                if (dot_next) {
                    cur.end = v[r].end;
                    r++;
                }
                cur.kind = DG_TOKEN_ABBREV;
            } else if (dot_next && !letter_after_dot &&
                       (dg_abbrevs_find(tz->abbrevs, t + cur.start, len + 1) ||
                        (len == 1 && dg_ascii_upper(t[cur.start])))) {
                /* Corp. / Jan. / an initial "J." */
                cur.end = v[r].end;
                r++;
                cur.kind = DG_TOKEN_ABBREV;
            } else if ((has & HAS_DOT) && dotted_code(t, cur.start, cur.end)) {
                cur.kind = DG_TOKEN_CODE;
            } else if (digit_and_letter(has)) {
                cur.kind = DG_TOKEN_CODE;
            }
        } else if (cur.kind == DG_TOKEN_NUMBER) {
            if (digit_and_letter(word_has(t, &cur))) {
                cur.kind = DG_TOKEN_CODE;   /* 3G, 38North */
            } else if (r + 1 < n && dg_tok_is_char(t, &v[r], '.') && v[r].start == cur.end &&
                       v[r + 1].kind == DG_TOKEN_WORD && v[r + 1].start == v[r].end &&
                       v[r + 1].end - v[r + 1].start <= 4) {
                /* 2454.TW, 000063.SZ: an exchange suffix in capitals. */
                int caps = 1;
                for (size_t p = v[r + 1].start; p < v[r + 1].end; p++)
                    caps &= dg_ascii_upper(t[p]);
                if (caps) {
                    cur.end = v[r + 1].end;
                    cur.kind = DG_TOKEN_CODE;
                    r += 2;
                }
            } else if (r + 1 < n && dg_tok_is_char(t, &v[r], ':') && v[r].start == cur.end &&
                       v[r + 1].kind == DG_TOKEN_NUMBER && v[r + 1].start == v[r].end &&
                       v[r + 1].end - v[r + 1].start == 2) {
                cur.end = v[r + 1].end;   /* 10:30 */
                r += 2;
            }
        } else if (dg_tok_is_char(t, &cur, '.')) {
            /* "..." is one mark. */
            while (r < n && dg_tok_is_char(t, &v[r], '.') && v[r].start == cur.end)
                cur.end = v[r++].end;
        }

        if (cur.kind == DG_TOKEN_WORD)
            mark_possessive(t, &cur);

        /* Hyphenated words: Ju-min, Korea-set, non-state-approved. */
        if ((cur.kind == DG_TOKEN_WORD || cur.kind == DG_TOKEN_CODE ||
             cur.kind == DG_TOKEN_NUMBER)) {
            int any_word = cur.kind == DG_TOKEN_WORD;
            while (r + 1 < n && is_hyphen_tok(t, &v[r]) && v[r].start == cur.end &&
                   v[r + 1].start == v[r].end &&
                   (v[r + 1].kind == DG_TOKEN_WORD || v[r + 1].kind == DG_TOKEN_CODE ||
                    v[r + 1].kind == DG_TOKEN_NUMBER) &&
                   (any_word || v[r + 1].kind == DG_TOKEN_WORD)) {
                dg_token next = v[r + 1];
                /* The next part has not been refined yet; "Il’s" may carry
                 * a possessive that now belongs to the whole word. */
                if (next.kind == DG_TOKEN_WORD)
                    mark_possessive(t, &next);
                cur.end = next.end;
                cur.stem_end = next.stem_end;
                cur.flags |= DG_TOKEN_HYPHENATED | (next.flags & DG_TOKEN_POSSESSIVE);
                if (next.kind == DG_TOKEN_WORD)
                    any_word = 1;
                r += 2;
            }
            if (cur.flags & DG_TOKEN_HYPHENATED)
                cur.kind = DG_TOKEN_WORD;
        }

        /* Reuters’ / Koreas': a plural possessive keeps its apostrophe when
         * no letter follows it. */
        size_t an;
        if (cur.kind == DG_TOKEN_WORD && !(cur.flags & DG_TOKEN_POSSESSIVE) && r < n &&
            v[r].start == cur.end && (t[cur.end - 1] == 's' || t[cur.end - 1] == 'S') &&
            (an = dg_apostrophe_len(t + v[r].start, v[r].end - v[r].start)) > 0 &&
            an == v[r].end - v[r].start &&
            (r + 1 >= n || v[r + 1].kind == DG_TOKEN_SPACE ||
             v[r + 1].kind == DG_TOKEN_NEWLINE ||
             (v[r + 1].kind == DG_TOKEN_PUNCT && v[r + 1].start == v[r].end))) {
            cur.stem_end = cur.end;
            cur.end = v[r].end;
            cur.flags |= DG_TOKEN_POSSESSIVE;
            r++;
        }
        /* Merges above may have moved end; only a possessive has a stem
         * shorter than the token. */
        if (!(cur.flags & DG_TOKEN_POSSESSIVE))
            cur.stem_end = cur.end;
        if (is_wordish(&cur)) {
            if (after == AFTER_GAP)
                cur.flags |= DG_TOKEN_SENTENCE_START;
            if (line_start || (sent < sent_end && *sent <= cur.start)) {
                while (sent < sent_end && *sent <= cur.start)
                    sent++;
                line_start = 0;
                if (!abbrev_before)
                    cur.flags |= DG_TOKEN_SENTENCE_START;
            }
        }
        after = after_token(t, &cur, after);
        abbrev_before = cur.kind == DG_TOKEN_ABBREV;
        cur.reserved = 0;
        v[w++] = cur;
    }
    l->n = w;
}

/* Tokens of the valid run [s, e), or of its lines [a, e) alone (a is a
 * line start of the run, see dg_tokenizer_rerun); all_fast: [a, e) holds
 * only ASCII and dg_fast_wide_len()'s characters (see segment). */
static int tokenize_valid(dg_tokenizer *tz, const char *t, size_t s, size_t a, size_t e,
                          int all_fast, dg_token_list *l)
{
    size_t from = l->n;
    size_t p = a, ls, le;
    dg_token_kind kind;
    tz->nloud = 0;
    tz->line_at = a;
    while (p < e && next_link(t, p, e, &ls, &le, &kind)) {
        /* A link may hold a terminal. */
        if (segment(tz, t, p, ls, all_fast, l) < 0 || push(l, ls, le, kind) < 0 ||
            note_loud(tz, ls, tz->line_at) < 0)
            return -1;
        p = le;
    }
    if (segment(tz, t, p, e, all_fast, l) < 0 ||
        (tz->icu_only ? collect_sentences_icu(tz, t, s, a, e)
                      : collect_sentences(tz, t, s, a, e)) < 0)
        return -1;
    refine(tz, t, l, from);
    return 0;
}

/* The tokens of text before line starts and literal marks. */
static dg_status run_raw(dg_tokenizer *tz, const char *text, size_t len, dg_token_list *l)
{
    l->n = 0;
    l->n_invalid = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t run = pos;
        uint32_t cp;
        size_t k;
        int all_fast = 1;   /* no character beyond the fast path's so far */
        for (;;) {
            /* ASCII other than NUL needs no decoding. */
            while (pos + 8 <= len) {
                uint64_t v = dg_load8(text + pos);
                if ((v & BYTES8(0x80)) || dg_has_byte(v, 0))
                    break;
                pos += 8;
            }
            while (pos < len && (unsigned char)(text[pos] - 1) < 0x7F)
                pos++;
            if (pos < len && text[pos] != '\0' &&
                (k = dg_utf8_decode((const unsigned char *)text + pos, len - pos, &cp)) > 0) {
                all_fast &= dg_fast_wide_len(text, pos, len) != 0;
                pos += k;
            } else {
                break;
            }
        }
        if (run < pos && tokenize_valid(tz, text, run, run, pos, all_fast, l) < 0)
            return DG_ERR_ICU;
        size_t bad = pos;
        while (pos < len && (text[pos] == '\0' ||
                             dg_utf8_decode((const unsigned char *)text + pos, len - pos, &cp) == 0))
            pos++;
        if (bad < pos && push_invalid(l, bad, pos) < 0)
            return DG_ERR_NOMEM;
    }
    return DG_OK;
}

/* Line starts, the text's first word and literal marks: what only the
 * whole token list decides (literal.c's walk sets them all). */
static dg_status finish(dg_tokenizer *tz, const char *text, size_t len, dg_token_list *l,
                        const dg_literal_seg *seg, size_t nseg, dg_token_list *keep)
{
    if (dg_literal_mark_keep(text, len, l, tz->abbrevs, seg, nseg, keep) < 0)
        return DG_ERR_NOMEM;
    return DG_OK;
}

dg_status dg_tokenizer_run(dg_tokenizer *tz, const char *text, size_t len,
                           dg_token_list *l)
{
    return dg_tokenizer_run_keep(tz, text, len, l, NULL);
}

static int reserve(dg_token_list *l, size_t n)
{
    if (n <= l->cap)
        return 0;
    size_t cap = l->cap ? l->cap : 1024;
    while (cap < n)
        cap *= 2;
    dg_token *v = realloc(l->v, cap * sizeof *v);
    if (!v)
        return -1;
    l->v = v;
    l->cap = cap;
    return 0;
}

/* Room in keep for a byte per token of l.  literal.c's walk writes the
 * bytes (the tokenizer's own flags, which it does not touch, and the
 * lines' marks) once it has read the last call's marks (by that call's
 * token numbers, in the same bytes). */
static int kept_room(const dg_token_list *l, dg_token_list *keep)
{
    keep->n = 0;
    keep->n_invalid = l->n_invalid;
    if (keep->cap_kept < l->n || !keep->kept) {
        size_t cap = l->n + l->n / 4 + 16;
        uint8_t *v = realloc(keep->kept, cap);
        if (!v)
            return -1;
        memset(v + keep->cap_kept, 0, cap - keep->cap_kept);
        keep->kept = v;
        keep->cap_kept = cap;
    }
    keep->n = l->n;
    return 0;
}

dg_status dg_tokenizer_run_keep(dg_tokenizer *tz, const char *text, size_t len,
                                dg_token_list *l, dg_token_list *raw)
{
    dg_status st = run_raw(tz, text, len, l);
    if (st != DG_OK)
        return st;
    if (raw && kept_room(l, raw) < 0)
        return DG_ERR_NOMEM;
    return finish(tz, text, len, l, NULL, 0, raw);
}

/* ---- a text with a few changes ------------------------------------------
 *
 * Before line starts and literal marks, the tokens of a line of valid text
 * depend on nothing but the line and the line feed before it: no word
 * segment, link or merge crosses a line feed (WB3a/WB3b; a link is made of
 * URL characters, a merge joins touching tokens and a line ends with its
 * NEWLINE token, which nothing merges with), refine() reads only within
 * the line and the NEWLINE token that ends it, and
 * sentence boundaries are a line's own (see collect_sentences: a boundary
 * after every line feed, none looking across one; a boundary paired with
 * a word on a later line marks the word that line's own boundary marks).
 * So the lines a change touches are tokenized again and the others keep
 * their tokens, moved by the bytes the changes before them added. */

/* Start of the line holding byte p (p itself when it follows a line feed),
 * or floor when that is later: floor is a line start at or before p. */
static size_t line_start_at(const char *t, size_t floor, size_t p)
{
    const char *nl = p > floor ? memrchr(t + floor, '\n', p - floor) : NULL;
    return nl ? (size_t)(nl - t) + 1 : floor;
}

/* End (after its line feed) of the line holding byte p, or len. */
static size_t line_end_at(const char *t, size_t len, size_t p)
{
    const char *nl = p < len ? memchr(t + p, '\n', len - p) : NULL;
    return nl ? (size_t)(nl - t) + 1 : len;
}

/* True when t[a, b) is valid UTF-8 without NUL bytes: one valid run;
 * *all_fast then tells whether it holds only the fast path's characters. */
static int valid_span(const char *t, size_t a, size_t b, int *all_fast)
{
    size_t pos = a;
    *all_fast = 1;
    while (pos < b) {
        while (pos + 8 <= b) {
            uint64_t v = dg_load8(t + pos);
            if ((v & BYTES8(0x80)) || dg_has_byte(v, 0))
                break;
            pos += 8;
        }
        while (pos < b && (unsigned char)(t[pos] - 1) < 0x7F)
            pos++;
        if (pos == b)
            return 1;
        uint32_t cp;
        size_t k;
        if (t[pos] == '\0' ||
            (k = dg_utf8_decode((const unsigned char *)t + pos, b - pos, &cp)) == 0)
            return 0;
        *all_fast &= dg_fast_wide_len(t, pos, b) != 0;
        pos += k;
    }
    return 1;
}

/* Moves the last text's tokens [i, j), which l holds from l->v[src] on,
 * to l->v[w] on (w <= src: the ones not moved yet stay ahead of it),
 * shifted by d bytes and with the flags the last call gave them, and
 * notes them as a segment of lines kept.  Returns the next w, or
 * (size_t)-1 when out of memory. */
static size_t move_kept(dg_tokenizer *tz, dg_token_list *l, size_t src, size_t i, size_t j,
                        size_t w, int64_t d)
{
    if (i == j)
        return w;
    if (tz->nseg == tz->cap_seg) {
        dg_literal_seg *v = dg_grow(tz->seg, &tz->cap_seg, tz->nseg + 1, sizeof *v, 16);
        if (!v)
            return (size_t)-1;
        tz->seg = v;
    }
    tz->seg[tz->nseg++] = (dg_literal_seg){w, w + (j - i), i, d};
    dg_token *to = l->v + w;
    const dg_token *from = l->v + src;
    size_t n = j - i;
    if (d == 0) {
        if (to != from)
            memmove(to, from, n * sizeof *to);
        return w + n;
    }
    /* Offsets wrap as uint32_t: adding d modulo 2^32 is exact. */
    uint32_t du = (uint32_t)d;
    for (size_t k = 0; k < n; k++) {
        dg_token t = from[k];
        t.start += du;
        t.end += du;
        t.stem_end += du;
        to[k] = t;
    }
    return w + n;
}

static int push_group(dg_tokenizer *tz, rerun_group g)
{
    if (tz->ngrp == tz->cap_grp) {
        rerun_group *v = dg_grow(tz->grp, &tz->cap_grp, tz->ngrp + 1, sizeof *v, 16);
        if (!v)
            return -1;
        tz->grp = v;
    }
    tz->grp[tz->ngrp++] = g;
    return 0;
}

/* A rerun that would tokenize again more than this share of the text
 * declines: a whole run then costs about as much, and the tokens of the
 * lines to redo would be held beside the whole list (a text of one long
 * line is all redo). */
#define RERUN_MAX_SHARE 2

/* The raw tokens of text (the last text, whose tokens l holds, with the
 * changes made), in l itself: first the changed lines are tokenized apart
 * (tz->redo), then the kept tokens move in place around them.  1:
 * declined (invalid UTF-8 or NUL in either text, the tokens do not fit the
 * lines as they must, or most of the text changed), l then still holds
 * the last text's tokens. */
static int rerun_raw(dg_tokenizer *tz, const char *text, size_t len, dg_token_list *l,
                     const dg_token_list *keep, size_t prev_len, const dg_change *ch,
                     size_t nch)
{
    const dg_token_list *prev = l;
    tz->nseg = 0;
    tz->ngrp = 0;
    tz->redo.n = 0;
    tz->redo.n_invalid = 0;
    if (!tz->redo.v) {
        size_t b;
        tz->redo.v = dg_scratch_take(tz->scratch, DG_SCRATCH_PASS, &b);
        tz->redo.cap = b / sizeof *tz->redo.v;
    }
    if (prev->n_invalid || keep->n_invalid || keep->n != prev->n ||
        (prev->n && !keep->kept))
        return 1;
    int64_t d = 0;           /* bytes the changes so far added */
    size_t pt = 0;           /* prev's first token after the last group */
    size_t floor = 0;        /* end of the last lines tokenized again */
    size_t redo_bytes = 0;
    /* Every byte is scanned for line feeds at most once or twice, however
     * many changes share a line. */
    for (size_t i = 0; i < nch;) {
        if (ch[i].end < ch[i].start || ch[i].end > prev_len)
            return 1;
        size_t s = (size_t)((int64_t)ch[i].start + d);
        if (s < floor || s + ch[i].len > len)
            return 1;
        size_t m0 = line_start_at(text, floor, s);
        int64_t dd = (int64_t)ch[i].len - (int64_t)(ch[i].end - ch[i].start);
        size_t m1 = line_end_at(text, len, s + ch[i].len);
        size_t j = i + 1;
        /* Changes on the lines so far, or on the line right after them,
         * go with them. */
        for (; j < nch; j++) {
            if (ch[j].start < ch[j - 1].end || ch[j].end < ch[j].start ||
                ch[j].end > prev_len)
                return 1;
            size_t sj = (size_t)((int64_t)ch[j].start + d + dd);
            if (sj + ch[j].len > len)
                return 1;
            /* Its line starts after m1 when a line feed lies in [m1, sj). */
            if (sj > m1 && memchr(text + m1, '\n', sj - m1))
                break;
            /* m1 follows the first line feed at or after an earlier
             * change's end, so one ending before it ends on that line. */
            if (sj + ch[j].len >= m1) {
                size_t e = line_end_at(text, len, sj + ch[j].len);
                if (e > m1)
                    m1 = e;
            }
            dd += (int64_t)ch[j].len - (int64_t)(ch[j].end - ch[j].start);
        }
        int64_t p0 = (int64_t)m0 - d, p1 = (int64_t)m1 - d - dd;
        if (p0 < 0 || p1 < p0 || (size_t)p1 > prev_len || m1 > len)
            return 1;
        redo_bytes += m1 - m0;
        if (redo_bytes > len / RERUN_MAX_SHARE)
            return 1;
        /* prev's lines before, unchanged; then its changed lines' tokens
         * skipped: both must start and end on those line starts. */
        size_t a = dg_token_first_from(prev->v, pt, prev->n, (size_t)p0);
        if ((a < prev->n ? prev->v[a].start : prev_len) != (size_t)p0 ||
            (a > 0 && prev->v[a - 1].end > (size_t)p0))
            return 1;
        size_t b = dg_token_first_from(prev->v, a, prev->n, (size_t)p1);
        if ((b < prev->n ? prev->v[b].start : prev_len) != (size_t)p1 ||
            (b > 0 && prev->v[b - 1].end > (size_t)p1))
            return 1;
        size_t r0 = tz->redo.n;
        if (m0 < m1) {
            int all_fast;
            if (!valid_span(text, m0, m1, &all_fast))
                return 1;
            if (tokenize_valid(tz, text, 0, m0, m1, all_fast, &tz->redo) < 0)
                return -1;
        }
        if (push_group(tz, (rerun_group){a, b, r0, tz->redo.n, d}) < 0)
            return -1;
        pt = b;
        d += dd;
        floor = m1;
        i = j;
    }
    if ((int64_t)prev_len + d != (int64_t)len)
        return 1;

    /* In place: the last text's tokens move up by the most the groups
     * before any point add (g), so that every token is read before the
     * list's new tokens reach its slot. */
    size_t n = l->n, g = 0;
    int64_t grow = 0;
    for (size_t k = 0; k < tz->ngrp; k++) {
        const rerun_group *x = &tz->grp[k];
        grow += (int64_t)(x->r1 - x->r0) - (int64_t)(x->b - x->a);
        if (grow > (int64_t)g)
            g = (size_t)grow;
    }
    if (reserve(l, n + g) < 0)
        return -1;
    /* The tokens before the first group stay where they are. */
    size_t a0 = tz->ngrp ? tz->grp[0].a : n;
    if (g && n > a0)
        memmove(l->v + a0 + g, l->v + a0, (n - a0) * sizeof *l->v);
    size_t w = 0, r = 0;
    for (size_t k = 0; k < tz->ngrp; k++) {
        const rerun_group *x = &tz->grp[k];
        w = move_kept(tz, l, r < a0 ? r : g + r, r, x->a, w, x->d);
        if (w == (size_t)-1)
            return -1;
        if (x->r1 > x->r0)
            memcpy(l->v + w, tz->redo.v + x->r0, (x->r1 - x->r0) * sizeof *l->v);
        w += x->r1 - x->r0;
        r = x->b;
    }
    w = move_kept(tz, l, r < a0 ? r : g + r, r, n, w, d);
    if (w == (size_t)-1)
        return -1;
    l->n = w;
    l->n_invalid = 0;
    return 0;
}

/* Token lists equal in every field, literal spans included; kept lists
 * (empty v) in their flags and marks. */
static int same_tokens(const dg_token_list *x, const dg_token_list *y)
{
    int kept = x->kept != NULL;
    return x->n == y->n && x->n_invalid == y->n_invalid && x->n_literal == y->n_literal &&
           (kept || memcmp(x->v, y->v, x->n * sizeof *x->v) == 0) &&
           (!x->n_literal ||
            memcmp(x->literal, y->literal, 2 * x->n_literal * sizeof *x->literal) == 0) &&
           (!kept || (y->kept && memcmp(x->kept, y->kept, x->n) == 0));
}

void dg_tokenizer_kept(const dg_tokenizer *tz, const dg_literal_seg **seg, size_t *nseg)
{
    *seg = tz->seg;
    *nseg = tz->nseg;
}

int dg_tokenizer_rerun(dg_tokenizer *tz, const char *text, size_t len, dg_token_list *l,
                       dg_token_list *keep, size_t prev_len, const dg_change *ch, size_t nch)
{
    dg_token_list *raw = keep;
    int rc = rerun_raw(tz, text, len, l, keep, prev_len, ch, nch);
    /* The redone lines' tokens are in l now (or not needed): their room
     * goes back before the stages run, which take it from there. */
    dg_scratch_keep(tz->scratch, DG_SCRATCH_PASS, tz->redo.v, tz->redo.cap * sizeof *tz->redo.v);
    tz->redo.v = NULL;
    dg_token_list_free(&tz->redo);
    if (rc != 0)
        return rc;
    /* Only the new lines are marked, unless what the whole text shares
     * may have changed; then the last call's marks and spans are read in
     * the line loop of finish() before it writes them again. */
    rc = dg_literal_mark_rerun(text, l, tz->abbrevs, tz->seg, tz->nseg, keep);
    if (rc < 0)
        return -1;
    if (rc == 1 && (kept_room(l, keep) < 0 ||
                    finish(tz, text, len, l, tz->seg, tz->nseg, keep) != DG_OK))
        return -1;
    if (tz->verify_rerun) {
        /* The claim above, checked against a whole run. */
        dg_token_list full, full_raw;
        dg_token_list_init(&full);
        dg_token_list_init(&full_raw);
        dg_status st = dg_tokenizer_run_keep(tz, text, len, &full, &full_raw);
        int same = st == DG_OK && same_tokens(&full, l) && (!raw || same_tokens(&full_raw, raw)) &&
                   (!raw || dg_literal_vocab_words(full_raw.vocab) ==
                                dg_literal_vocab_words(raw->vocab));
        dg_token_list_free(&full);
        dg_token_list_free(&full_raw);
        if (st != DG_OK)
            return -1;
        if (!same) {
            fprintf(stderr, "degarble: DG_TOKENIZER_VERIFY_RERUN: tokens differ\n");
            abort();
        }
    }
    return 0;
}
