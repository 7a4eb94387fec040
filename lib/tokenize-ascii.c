/* tokenize-ascii.c - ICU's word boundaries for ASCII text, without ICU.
 *
 * ICU's word iterator (ubrk_open(UBRK_WORD, "en"), root rules, UAX #29
 * word boundaries) costs most of the tokenizer's time, yet on ASCII its
 * rules come down to a few character classes:
 *
 *   CR LF Newline(VT FF)  line breaks: CR LF stays together (WB3), a break
 *                         before and after any other (WB3a, WB3b)
 *   WSegSpace (space)     runs of spaces stay together (WB3d)
 *   ALetter (A-Z a-z, and @: ICU's rules add the at sign to ALetter, so
 *            that name@example.com is one segment)
 *   Numeric (0-9), ExtendNumLet (_)
 *                         join one another (WB5, WB8-10, WB13a, WB13b)
 *   MidNumLet (.) and Single_Quote (')
 *                         join letter to letter (WB6/7) and digit to digit
 *                         (WB11/12): U.S, don't, 4.5, 1'000
 *   MidNum (, ;)          join digit to digit only: 1,300
 *   everything else       one character a segment (WB999).  ICU's root
 *                         rules take the colon out of MidLetter, so "a:b"
 *                         is three segments; tab is Other, not WSegSpace.
 *
 * The rule status is what ubrk_getRuleStatus() reports: ICU tags each rule
 * (letters 200, numbers 100, a lone "_" none) and returns the largest tag
 * of the rules that end at the segment's last character, which comes down
 * to the classes of its last two characters: a letter last is 200, a digit
 * last 100 (a1, 1a1), an underscore last 100 after a digit (1_) and 200
 * after a letter or another underscore (a_, 1__).  A boundary restarts ICU's
 * state machine (rules chain only through the start state), so these
 * segments match ICU's over any stretch of text that begins and ends at a
 * boundary.  tests/test-tokenize-ascii.c compares the two on every string
 * of up to 6 characters from an alphabet of each class, and on every
 * corpus the project has.
 */
#include "tokenize-ascii.h"

#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

/* The word classes and dg_ascii_word_next() are in tokenize-ascii.h, so
 * that the tokenizer's loop over every word inlines them. */

/* Where ICU's word boundaries are certain whatever the text around: after
 * a line feed (WB3a), and between a space and an ASCII character that is
 * not one, either way (no rule joins anything to a space but another
 * space, U+3000 among them), or a space and one of the fast path's other
 * characters after it (none is Extend, Format or a space).  Between a
 * space and another character beyond ASCII it is not certain: a combining
 * mark attaches to the space (WB4), another kind of space joins it (WB3d).
 *
 * The fast path's characters beyond ASCII (dg_fast_wide_len()) are ASCII
 * to the rules but for their length: U+2018 and U+2019 are MidNumLet like
 * '.', and an Other mark is a segment of its own whatever comes before it
 * and, when a character of the fast path follows (none is Extend or
 * Format, WB4), whatever comes after: the span stops before the word of
 * any other character, so a mark followed by one goes to ICU with it. */
size_t dg_ascii_span(const char *t, size_t s, size_t e, size_t *icu_end)
{
    size_t x = s;
    for (;;) {
        while (x + 8 <= e && !(dg_load8(t + x) & BYTES8(0x80)))
            x += 8;
        while (x < e && !((unsigned char)t[x] & 0x80))
            x++;
        if (x == e) {
            *icu_end = e;
            return e;
        }
        size_t m = dg_fast_wide_len(t, x, e);
        if (!m)
            break;
        x += m;
    }
    /* Back to the start of the word (or of the spaces) holding x. */
    size_t b = x;
    while (b > s && t[b - 1] != ' ' && t[b - 1] != '\n')
        b--;
    if (b == x && b > s && t[b - 1] == ' ') {
        while (b > s && t[b - 1] == ' ')
            b--;
    }
    /* On to the first certain boundary after x. */
    size_t y = x + 1;
    while (y < e && t[y - 1] != '\n' &&
           !(t[y] == ' ' && !((unsigned char)t[y - 1] & 0x80) && t[y - 1] != ' '))
        y++;
    *icu_end = y;
    return b;
}

/* ---- sentences ------------------------------------------------------------
 *
 * ICU's sentence iterator for "en@ss=standard" is UAX #29's sentence rules
 * (ICU's own tests hold its rules to a reference implementation of them)
 * with a filter on top that drops a boundary after one of CLDR's English
 * abbreviations.  The rules are simple enough to follow on any text but
 * one with Extend or Format characters (SB5 hides those inside the
 * character before), so this path takes other characters too, with their
 * class from ICU's property; it declines a line with Extend or Format.  On
 * ASCII, Sentence_Break classes are (u_getIntPropertyValue
 * UCHAR_SENTENCE_BREAK; tests/test-tokenize-ascii.c checks the table):
 *   CR, LF; Sp: tab VT FF space; Lower a-z; Upper A-Z; Numeric 0-9;
 *   ATerm .; STerm ! ?; Close " ' ( ) [ ] { }; SContinue , - :
 *   and Other for the rest (no OLetter, Sep, Extend or Format in ASCII). */

enum { S_XX, S_CR, S_LF, S_SP, S_LO, S_UP, S_NU, S_AT, S_ST, S_CL, S_SC };

static const unsigned char sent_class[128] = {
    ['\r'] = S_CR, ['\n'] = S_LF, ['\t'] = S_SP, ['\v'] = S_SP, ['\f'] = S_SP, [' '] = S_SP,
    ['a'] = S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO,
    S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO, S_LO,
    ['A'] = S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP,
    S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP, S_UP,
    ['0'] = S_NU, S_NU, S_NU, S_NU, S_NU, S_NU, S_NU, S_NU, S_NU, S_NU,
    ['.'] = S_AT, ['!'] = S_ST, ['?'] = S_ST,
    ['"'] = S_CL, ['\''] = S_CL, ['('] = S_CL, [')'] = S_CL, ['['] = S_CL, [']'] = S_CL,
    ['{'] = S_CL, ['}'] = S_CL,
    [','] = S_SC, ['-'] = S_SC, [':'] = S_SC,
};

int dg_ascii_sentence_class(unsigned char c)
{
    static const int names[] = {
        [S_XX] = U_SB_OTHER, [S_CR] = U_SB_CR, [S_LF] = U_SB_LF, [S_SP] = U_SB_SP,
        [S_LO] = U_SB_LOWER, [S_UP] = U_SB_UPPER, [S_NU] = U_SB_NUMERIC,
        [S_AT] = U_SB_ATERM, [S_ST] = U_SB_STERM, [S_CL] = U_SB_CLOSE,
        [S_SC] = U_SB_SCONTINUE,
    };
    return names[sent_class[c & 0x7F]];
}

/* Beyond ASCII: OLetter (letters without case), Sep (U+0085, U+2028,
 * U+2029, a break like a line feed), and Extend or Format, which UAX #29
 * SB5 makes part of the character before: this path declines those. */
enum { S_OL = S_SC + 1, S_SEP, S_EXT };

/* The class for ICU's Sentence_Break value v. */
static int sb_class(int32_t v)
{
    switch (v) {
    case U_SB_CR: return S_CR;
    case U_SB_LF: return S_LF;
    case U_SB_SP: return S_SP;
    case U_SB_LOWER: return S_LO;
    case U_SB_UPPER: return S_UP;
    case U_SB_NUMERIC: return S_NU;
    case U_SB_ATERM: return S_AT;
    case U_SB_STERM: return S_ST;
    case U_SB_CLOSE: return S_CL;
    case U_SB_SCONTINUE: return S_SC;
    case U_SB_OLETTER: return S_OL;
    case U_SB_SEP: return S_SEP;
    case U_SB_OTHER: return S_XX;
    default: return S_EXT;   /* Extend, Format, anything newer */
    }
}

/* The classes of dg_fast_wide_len()'s characters, the commonest beyond
 * ASCII (’ “ ” – ...), by fast_wide_slot(): ICU's own answers, asked once
 * (sup_load), so that a line of news text costs no decoding and no
 * property look-up per quote mark. */
static unsigned char fast_wide_class[64];

/* A slot of fast_wide_class for the character of length m (2 or 3) at u:
 * U+2013..U+2026 by their last byte, U+00AB and U+00BB above those. */
static inline size_t fast_wide_slot(const unsigned char *u, size_t m)
{
    return m == 3 ? (size_t)(u[2] & 0x3F) : u[1] == 0xAB ? 62 : 63;
}

static void fast_wide_load(void)
{
    static const UChar32 cps[] = {0x2018, 0x2019, 0x2013, 0x2014, 0x201C, 0x201D,
                                  0x2026, 0xAB, 0xBB};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        unsigned char u[3];
        size_t m = cps[i] < 0x800 ? 2 : 3;
        if (m == 2) {
            u[0] = (unsigned char)(0xC0 | cps[i] >> 6);
            u[1] = (unsigned char)(0x80 | (cps[i] & 0x3F));
        } else {
            u[0] = (unsigned char)(0xE0 | cps[i] >> 12);
            u[1] = (unsigned char)(0x80 | ((cps[i] >> 6) & 0x3F));
            u[2] = (unsigned char)(0x80 | (cps[i] & 0x3F));
        }
        fast_wide_class[fast_wide_slot(u, m)] =
            (unsigned char)sb_class(u_getIntPropertyValue(cps[i], UCHAR_SENTENCE_BREAK));
    }
}

/* The class of the non-ASCII character at t[p] from ICU's Sentence_Break
 * property, and its length in *n. */
static int sc_wide(const char *t, size_t p, size_t e, size_t *n)
{
    size_t m = dg_fast_wide_len(t, p, e);
    if (m) {
        *n = m;
        return fast_wide_class[fast_wide_slot((const unsigned char *)t + p, m)];
    }
    uint32_t cp = 0;
    size_t k = dg_utf8_decode((const unsigned char *)t + p, e - p, &cp);
    *n = k ? k : 1;
    if (!k)
        return S_EXT;   /* not valid UTF-8 (the tokenizer never sends it): decline */
    return sb_class(u_getIntPropertyValue((UChar32)cp, UCHAR_SENTENCE_BREAK));
}

/* Class of the character at t[p] (p < e, a character start), and its
 * length in *n. */
static inline int sc_at(const char *t, size_t p, size_t e, size_t *n)
{
    unsigned char c = (unsigned char)t[p];
    if (c < 0x80) {
        *n = 1;
        return sent_class[c];
    }
    return sc_wide(t, p, e, n);
}

static inline int sc(const char *t, size_t p, size_t e)
{
    size_t n;
    return sc_at(t, p, e, &n);
}

/* Start of the character before p (a <= that start < p). */
static inline size_t before(const char *t, size_t a, size_t p)
{
    do
        p--;
    while (p > a && ((unsigned char)t[p] & 0xC0) == 0x80);
    return p;
}

static inline int para_sep(int c)
{
    return c == S_CR || c == S_LF || c == S_SEP;
}

/* An ASCII byte that is neither a terminal (ATerm, STerm) nor a line break. */
static inline int quiet_sentence_byte(unsigned char c)
{
    if (c >= 0x80)
        return 0;
    int k = sent_class[c];
    return k != S_AT && k != S_ST && !para_sep(k);
}

/* SB8 looks ahead past anything but letters, breaks and terminals for a
 * lower-case letter; beyond this many bytes the answer is left to ICU. */
#define SB8_REACH 256

/* Whether UAX #29 breaks before the character at i (a < i < e), or -1
 * when the look-ahead went too far. */
static int sentence_break(const char *t, size_t a, size_t e, size_t i)
{
    size_t pi = before(t, a, i);
    int prev = sc(t, pi, e), cur = sc(t, i, e);
    if (prev == S_CR && cur == S_LF)
        return 0;   /* SB3 */
    if (para_sep(prev))
        return 1;   /* SB4 */
    /* The rules below all need SATerm Close* Sp* right before i. */
    size_t j = i;
    while (j > a && sc(t, before(t, a, j), e) == S_SP)
        j = before(t, a, j);
    int spaced = j < i;
    while (j > a && sc(t, before(t, a, j), e) == S_CL)
        j = before(t, a, j);
    if (j == a)
        return 0;   /* SB998 */
    int term = sc(t, before(t, a, j), e);
    if (term != S_AT && term != S_ST)
        return 0;   /* SB998 */
    if (prev == S_AT && cur == S_NU)
        return 0;   /* SB6 */
    if (prev == S_AT && cur == S_UP && pi > a) {
        int pp = sc(t, before(t, a, pi), e);
        if (pp == S_UP || pp == S_LO)
            return 0;   /* SB7 */
    }
    if (term == S_AT) {   /* SB8 */
        size_t n;
        for (size_t q = i; q < e; q += n) {
            int c = sc_at(t, q, e, &n);
            if (c == S_LO)
                return 0;
            if (c == S_UP || c == S_OL || para_sep(c) || c == S_AT || c == S_ST)
                break;
            if (q - i >= SB8_REACH)
                return -1;
        }
    }
    if (cur == S_SC || cur == S_AT || cur == S_ST)
        return 0;   /* SB8a */
    if (!spaced && (cur == S_CL || cur == S_SP || para_sep(cur)))
        return 0;   /* SB9 */
    if (cur == S_SP || para_sep(cur))
        return 0;   /* SB10 */
    return 1;       /* SB11 */
}

/* ICU's filter (SimpleFilteredSentenceBreakIterator): a boundary is
 * dropped when the text before it, less one space, ends in an entry of
 * the list, read backwards, longest first.  An entry whose part up to its
 * first dot is shared with a longer dotted entry ("U." "U.S." "U.S.A.")
 * is a "partial": the reverse list holds only that part, and a match of it
 * drops the boundary only when the text from there, read forwards, runs
 * into a whole partial entry that no other extends, or ends inside one
 * that is a whole entry.  So "Mr. Smith" has no boundary and "U.S. Army"
 * does, as ICU has it. */
#define SUP_MAX 40
#define SUP_CAP 512
#define SUP_SHORT 128

typedef struct sup_entry {
    char s[SUP_MAX];
    unsigned char len;
    unsigned char partial;   /* in the reverse list: a partial's first part */
} sup_entry;

static struct {
    sup_entry rev[SUP_CAP];   /* whole non-partial entries and partial parts */
    size_t nrev;
    sup_entry fwd[SUP_CAP];   /* whole partial entries */
    size_t nfwd;
    /* rev by the byte before an entry's last (SUP_SHORT: entries of one
     * byte), chained in list order: a boundary is matched against the
     * entries that can end the text before it, not against all. */
    short head[SUP_SHORT + 1], next[SUP_CAP];
    int ok;
} sup;
static pthread_once_t sup_once = PTHREAD_ONCE_INIT;

static void sup_load(void)
{
    fast_wide_load();
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *ex = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *sb = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    sup_entry all[SUP_CAP];
    size_t n = 0;
    int ok = U_SUCCESS(st);
    while (ok && ures_hasNext(sb)) {
        int32_t ul = 0, bl = 0;
        const UChar *u = ures_getNextString(sb, &ul, NULL, &st);
        UErrorCode cs = U_ZERO_ERROR;
        if (U_FAILURE(st) || n == SUP_CAP) {
            ok = 0;
            break;
        }
        u_strToUTF8(all[n].s, SUP_MAX, &bl, u, ul, &cs);
        /* An entry this path cannot compare byte for byte (non-ASCII, too
         * long, without its dot) leaves sentences to ICU. */
        if (U_FAILURE(cs) || cs == U_STRING_NOT_TERMINATED_WARNING || bl < 1 ||
            bl >= SUP_MAX) {
            ok = 0;
            break;
        }
        for (int32_t k = 0; k < bl; k++)
            ok &= !((unsigned char)all[n].s[k] & 0x80);
        all[n].len = (unsigned char)bl;
        all[n].partial = 0;
        n++;
    }
    ures_close(sb);
    ures_close(ex);
    ures_close(b);
    /* Partials: every entry that shares the part up to the first dot of
     * an entry with a dot inside. */
    for (size_t i = 0; ok && i < n; i++) {
        const char *dot = memchr(all[i].s, '.', all[i].len);
        if (!dot || (size_t)(dot - all[i].s) + 1 == all[i].len)
            continue;
        size_t pl = (size_t)(dot - all[i].s) + 1;
        int seen = 0;
        for (size_t k = 0; k < sup.nrev; k++)
            seen |= sup.rev[k].partial && sup.rev[k].len == pl &&
                    memcmp(sup.rev[k].s, all[i].s, pl) == 0;
        if (!seen) {
            sup_entry *r = &sup.rev[sup.nrev++];
            memcpy(r->s, all[i].s, pl);
            r->len = (unsigned char)pl;
            r->partial = 1;
        }
        for (size_t j = 0; j < n; j++)
            if (all[j].len >= pl && memcmp(all[j].s, all[i].s, pl) == 0)
                all[j].partial = 1;
    }
    for (size_t i = 0; ok && i < n; i++) {
        if (all[i].partial)
            sup.fwd[sup.nfwd++] = all[i];
        else if (sup.nrev < SUP_CAP)
            sup.rev[sup.nrev++] = all[i];
        else
            ok = 0;
    }
    sup.ok = ok && n > 0;
    short tail[SUP_SHORT + 1];
    for (size_t c = 0; c <= SUP_SHORT; c++)
        sup.head[c] = tail[c] = -1;
    for (size_t k = 0; k < sup.nrev; k++) {
        const sup_entry *x = &sup.rev[k];
        size_t c = x->len >= 2 ? (unsigned char)x->s[x->len - 2] : SUP_SHORT;
        sup.next[k] = -1;
        if (tail[c] < 0)
            sup.head[c] = (short)k;
        else
            sup.next[tail[c]] = (short)k;
        tail[c] = (short)k;
    }
}

/* The forward check of a partial match at t[p, e). */
static int partial_confirmed(const char *t, size_t p, size_t e)
{
    for (size_t k = 1;; k++) {
        if (p + k > e)
            return 0;   /* not reached: the loop ends at p + k == e */
        int is_entry = 0, extends = 0;
        for (size_t f = 0; f < sup.nfwd; f++) {
            const sup_entry *x = &sup.fwd[f];
            if (x->len >= k && memcmp(x->s, t + p, k) == 0) {
                if (x->len == k)
                    is_entry = 1;
                else
                    extends = 1;
            }
        }
        if (!is_entry && !extends)
            return 0;   /* no match */
        if (is_entry && !extends)
            return 1;   /* final value */
        if (p + k == e)
            return is_entry;   /* text ends on an entry or inside one */
    }
}

/* Whether ICU's filter drops the boundary b of t[a, e) (a < b < e).  The
 * backward match stops at a, where ICU's text starts; the forward check of
 * a partial can run past b, up to e. */
static int suppressed(const char *t, size_t a, size_t b, size_t e)
{
    size_t pos = t[b - 1] == ' ' ? b - 1 : b;
    if (pos == a || t[pos - 1] != '.')
        return 0;
    /* The longest entry ending at pos (the first of the list's order
     * among equals): one of the chain for the byte before the dot, or a
     * shorter one. */
    const sup_entry *best = NULL;
    int chains[2] = {pos - a >= 2 ? sup.head[(unsigned char)t[pos - 2] & 0x7F] : -1,
                     sup.head[SUP_SHORT]};
    for (int c = 0; c < 2; c++)
        for (int k = chains[c]; k >= 0; k = sup.next[k]) {
            const sup_entry *x = &sup.rev[k];
            if (x->len <= pos - a && (!best || x->len > best->len) &&
                memcmp(t + pos - x->len, x->s, x->len) == 0)
                best = x;
        }
    if (!best)
        return 0;
    return !best->partial || partial_confirmed(t, pos - best->len, e);
}

int dg_ascii_sentences(const char *t, size_t a, size_t e,
                       int (*emit)(void *ctx, size_t b), void *ctx)
{
    pthread_once(&sup_once, sup_load);
    if (!sup.ok)
        return 1;
    if (emit(ctx, a) < 0)
        return -1;
    if (a == e)
        return 0;
    /* Only after a line break or within SATerm Close* Sp* can there be a
     * boundary (SB4, SB11); elsewhere SB998 holds, so the rules are asked
     * only there.  A character this path declines (Extend, Format) ends it:
     * the caller then drops what was emitted. */
    size_t n;
    int prev = sc_at(t, a, e, &n), term = 0, spaced = 0;
    for (size_t i = a;; prev = sc_at(t, i, e, &n)) {
        if (prev == S_EXT)
            return 1;
        if (prev == S_AT || prev == S_ST) {
            term = 1;
            spaced = 0;
        } else if (term && prev == S_SP) {
            spaced = 1;
        } else if (!(term && prev == S_CL && !spaced)) {
            term = 0;
        }
        i += n;
        if (i >= e)
            break;
        if (term || para_sep(prev)) {
            int br = sentence_break(t, a, e, i);
            if (br < 0)
                return 1;
            if (br && !suppressed(t, a, i, e) && emit(ctx, i) < 0)
                return -1;
        }
        /* Outside SATerm Close* Sp*, an ASCII character other than a
         * terminal or a line break leaves it so and asks nothing: eight
         * bytes at a time past those. */
        if (!term) {
            while (i + 8 <= e) {
                uint64_t v = dg_load8(t + i);
                if ((v & BYTES8(0x80)) || dg_has_byte(v, '.') || dg_has_byte(v, '!') ||
                    dg_has_byte(v, '?') || dg_has_byte(v, '\r') || dg_has_byte(v, '\n'))
                    break;
                i += 8;
            }
            while (i < e && quiet_sentence_byte((unsigned char)t[i]))
                i++;
            if (i >= e)
                break;
        }
    }
    return emit(ctx, e) < 0 ? -1 : 0;
}
