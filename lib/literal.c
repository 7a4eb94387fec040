/* literal.c - literal and code context (issue 14).
 *
 * A fixer of garbled prose is most tempted exactly where text is not prose:
 * "find . -type f" (a space before '.'), "the GNU version of rm.  rm
 * removes" (a sentence start), "/etc/openoffice/dictionary.lst" (a name),
 * "( 0..23)" (a space after '('), "ii. moral rights" (a list marker).  One
 * pass over the tokens decides, for the whole engine, which bytes are
 * literal; the resolver demotes any edit overlapping them to a finding, so
 * no stage can forget a case.  Three levels:
 *
 *   lines   indented (a tab or two spaces first) or laid out in columns (a
 *           tab inside, a gap of four spaces, or gaps of two every few
 *           words): man pages, tables, code blocks, changelog entries;
 *   chunks  a run of non-blank characters (less its sentence punctuation
 *           and unbalanced brackets) shaped like code: a path or anything
 *           with '/', an option (-x, --long), a format (%k, +%Y), a glob or
 *           shell/markup character (* _ = $ | < > { } \ ` ^ ~ #), a range
 *           (0..23), a dotted name (os.path, dictionary.lst, 1.pl), a call
 *           or manual reference (find(1), main()), a CamelCase or
 *           lower-case-with-digits identifier, a URL or e-mail address,
 *           and whatever sits between backticks (`.' and `foo`);
 *   marks   a punctuation mark standing alone as a word, when it is named
 *           rather than used: a symbol (+ | =), a pair or run of marks
 *           (.. () ;;), a mark after an article ("the ; variant", "a +
 *           sign"), a quoted mark ("'('"), or a mark before or after
 *           symbolic code ("find . -type", "( 0..23)").  The spans include
 *           the spaces beside the mark.  (". the" stays prose: it is how
 *           garbling looks, "said . the"; manuals indent such lines.)
 *
 * Garbled news has none of these shapes: "sanctions , said" is a comma
 * after a content word, "( Reuters)" an opening mark before a name.
 */
#include "literal.h"

#include "abbrev.h"
#include "grow.h"
#include "names-table.h"
#include "strmap.h"
#include "tokenize-ascii.h"
#include "tokenize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A list marker is short: "viii." "(iv)" "12.)". */
#define MARKER_MAX 6

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
static int is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }

static size_t tlen(const dg_token *t) { return t->end - t->start; }

static int is_blank(const dg_token *t)
{
    return t->kind == DG_TOKEN_SPACE || t->kind == DG_TOKEN_NEWLINE;
}

static int tok_eq(const char *text, const dg_token *t, const char *s)
{
    size_t n = strlen(s);
    return tlen(t) == n && memcmp(text + t->start, s, n) == 0;
}

/* True when t is of the given kind and spelled as one of list (NULL-ended). */
static int tok_in(const char *text, const dg_token *t, dg_token_kind kind,
                  const char *const *list)
{
    if (t->kind != kind)
        return 0;
    for (int k = 0; list[k]; k++)
        if (tok_eq(text, t, list[k]))
            return 1;
    return 0;
}

static int is_wordlike(const dg_token *t)
{
    return t->kind == DG_TOKEN_WORD || t->kind == DG_TOKEN_ABBREV ||
           t->kind == DG_TOKEN_CODE || t->kind == DG_TOKEN_NUMBER;
}

/* The mark sets below, by a mark's spelling: one byte (or the last byte of
 * a three-byte quote) looked up, since chunk edges and sentence ends ask
 * of nearly every token. */
enum { SET_OPENER = 1, SET_CLOSER_OR_STOP = 2, SET_CLOSER = 4 };
static const unsigned char mark_set1[128] = {
    ['('] = SET_OPENER, ['['] = SET_OPENER, ['{'] = SET_OPENER, ['`'] = SET_OPENER,
    ['"'] = SET_OPENER | SET_CLOSER_OR_STOP | SET_CLOSER,
    ['\''] = SET_OPENER | SET_CLOSER_OR_STOP | SET_CLOSER,
    [')'] = SET_CLOSER_OR_STOP | SET_CLOSER, [']'] = SET_CLOSER_OR_STOP | SET_CLOSER,
    ['}'] = SET_CLOSER_OR_STOP, [','] = SET_CLOSER_OR_STOP, [';'] = SET_CLOSER_OR_STOP,
    [':'] = SET_CLOSER_OR_STOP, ['.'] = SET_CLOSER_OR_STOP, ['!'] = SET_CLOSER_OR_STOP,
    ['?'] = SET_CLOSER_OR_STOP,
};

/* The sets (SET_*) punctuation token t belongs to: the ASCII marks above,
 * "..." (a stop), U+201C U+2018 (openers), U+201D U+2019 (closers) and
 * U+00BB (a closer only). */
static inline unsigned mark_sets(const char *text, const dg_token *t)
{
    if (t->kind != DG_TOKEN_PUNCT)
        return 0;
    const unsigned char *m = (const unsigned char *)text + t->start;
    switch (tlen(t)) {
    case 1:
        return m[0] < 0x80 ? mark_set1[m[0]] : 0;
    case 2:
        return m[0] == 0xC2 && m[1] == 0xBB ? SET_CLOSER : 0;
    case 3:
        if (m[0] == '.')
            return m[1] == '.' && m[2] == '.' ? SET_CLOSER_OR_STOP : 0;
        if (m[0] != 0xE2 || m[1] != 0x80)
            return 0;
        if (m[2] == 0x9C || m[2] == 0x98)
            return SET_OPENER;
        return m[2] == 0x9D || m[2] == 0x99 ? SET_CLOSER_OR_STOP | SET_CLOSER : 0;
    default:
        return 0;
    }
}

/* Quotes and brackets that open or close around a chunk:
 * ( [ { " ' ` U+201C U+2018, and ) ] } " ' , ; : . ! ? ... U+201D U+2019. */
static int is_opener(const char *text, const dg_token *t)
{
    return (mark_sets(text, t) & SET_OPENER) != 0;
}

static int is_closer_or_stop(const char *text, const dg_token *t)
{
    return (mark_sets(text, t) & SET_CLOSER_OR_STOP) != 0;
}

/* ---- spans -------------------------------------------------------------- */

/* Room for one more span in l (the list grows by doubling). */
static int span_reserve(dg_token_list *l)
{
    if (l->n_literal < l->cap_literal)
        return 0;
    size_t *v = dg_grow(l->literal, &l->cap_literal, l->n_literal + 1, 2 * sizeof *v, 64);
    if (!v)
        return -1;
    l->literal = v;
    return 0;
}

static int add_span(dg_token_list *l, size_t s, size_t e)
{
    if (s >= e)
        return 0;
    /* Spans arrive nearly in order; merge with the last when they meet. */
    if (l->n_literal && l->literal[2 * l->n_literal - 1] >= s &&
        l->literal[2 * l->n_literal - 2] <= s) {
        if (e > l->literal[2 * l->n_literal - 1])
            l->literal[2 * l->n_literal - 1] = e;
        return 0;
    }
    if (span_reserve(l) < 0)
        return -1;
    l->literal[2 * l->n_literal] = s;
    l->literal[2 * l->n_literal + 1] = e;
    l->n_literal++;
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Sorts and merges l->literal from span f on (those before it end
 * before any of them starts). */
static void normalize_spans_from(dg_token_list *l, size_t f)
{
    if (l->n_literal < f + 2)
        return;
    qsort(l->literal + 2 * f, l->n_literal - f, 2 * sizeof *l->literal, cmp_span);
    size_t w = f;
    for (size_t r = f; r < l->n_literal; r++) {
        size_t s = l->literal[2 * r], e = l->literal[2 * r + 1];
        if (w > f && s <= l->literal[2 * w - 1]) {
            if (e > l->literal[2 * w - 1])
                l->literal[2 * w - 1] = e;
        } else {
            l->literal[2 * w] = s;
            l->literal[2 * w + 1] = e;
            w++;
        }
    }
    l->n_literal = w;
}

static void normalize_spans(dg_token_list *l)
{
    normalize_spans_from(l, 0);
}

/* Private while the pass runs (the top bits of dg_token's 16-bit flags):
 * a word inside code proper (a path, an option, backticks), not merely on
 * a layout line. */
#define CODE_WORD 0x8000u
/* A word between `backtick and quote': often code, but in prose that
 * mentions a word ("`each,' is distributive") an English word. */
#define QUOTED_WORD 0x4000u
_Static_assert(((CODE_WORD | QUOTED_WORD) &
                (DG_TOKEN_SENTENCE_START | DG_TOKEN_HYPHENATED | DG_TOKEN_POSSESSIVE |
                 DG_TOKEN_LINE_START | DG_TOKEN_LITERAL | DG_TOKEN_ABBREV_DOT |
                 DG_TOKEN_CAMEL)) == 0 &&
               (CODE_WORD | QUOTED_WORD) <= UINT16_MAX,
               "literal.c's private token flags collide with dg_token's");

/* Marks tokens [a, b) literal with one span over them. */
static int mark_span(dg_token_list *l, size_t a, size_t b, unsigned extra)
{
    if (a >= b)
        return 0;
    for (size_t k = a; k < b; k++)
        l->v[k].flags |= DG_TOKEN_LITERAL | extra;
    return add_span(l, l->v[a].start, l->v[b - 1].end);
}

static int mark_range(dg_token_list *l, size_t a, size_t b)
{
    return mark_span(l, a, b, 0);
}

static int mark_code(dg_token_list *l, size_t a, size_t b)
{
    return mark_span(l, a, b, CODE_WORD);
}

static int all_lower_word(const char *text, const dg_token *t)
{
    if (t->kind != DG_TOKEN_WORD || tlen(t) < 2 || tlen(t) > 32)
        return 0;
    for (size_t p = t->start; p < t->end; p++)
        if (!is_lower((unsigned char)text[p]))
            return 0;
    return 1;
}

/* "gzip is used for backups", "man hunspell", "debian bug": a word that
 * this text also writes as code (gzip -d, /usr/share/hunspell, debian/)
 * names that code in prose too, and keeps its case. */
/* The code vocabulary of a text: the words its code proper writes, and
 * which lengths (bit n) they have by first letter, so that most words are
 * ruled out before they are looked up. */
typedef struct dg_literal_vocab {
    dg_strmap *seen;
    uint64_t len_bits[26];
} vocab;

size_t dg_literal_vocab_words(const struct dg_literal_vocab *vc)
{
    return vc && vc->seen ? dg_strmap_count(vc->seen) : 0;
}

void dg_literal_vocab_free(struct dg_literal_vocab *vc)
{
    if (vc)
        dg_strmap_free(vc->seen);
    free(vc);
}

static int vocab_may_hold(const vocab *f, const char *text, const dg_token *t)
{
    unsigned char c = (unsigned char)text[t->start];
    size_t n = tlen(t);
    return is_lower(c) && n < 64 && ((f->len_bits[c - 'a'] >> n) & 1);
}

static void chunk_core(const char *text, const dg_token *v, size_t a, size_t b,
                       size_t *ca, size_t *cb);

/* True when the code chunk around token k is only words joined by '/' or
 * by dots ("/usr/share/or/at", "and/or", "related...at", "dry/feet/dry"),
 * with straight double quotes and a final dash ("at...life"-):
 * an English word there is a path part or a word of prose glued by an
 * ellipsis, no command that the text also names in its sentences. */
static int joined_words_chunk(const char *text, const dg_token_list *l, size_t k)
{
    size_t a = k, b = k + 1;
    while (a > 0 && !is_blank(&l->v[a - 1]))
        a--;
    while (b < l->n && !is_blank(&l->v[b]))
        b++;
    size_t ca, cb;
    chunk_core(text, l->v, a, b, &ca, &cb);
    for (size_t q = ca; q < cb; q++) {
        const dg_token *t = &l->v[q];
        if (t->kind == DG_TOKEN_WORD)
            continue;
        if (t->kind != DG_TOKEN_PUNCT)
            return 0;
        /* A quotation's end and its credit dash may follow ("at...life"-). */
        if (q + 1 == cb && tlen(t) == 1 && text[t->start] == '-' && q > ca)
            continue;
        for (size_t p = t->start; p < t->end; p++)
            if (text[p] != '/' && text[p] != '.' && text[p] != '"')
                return 0;
    }
    return 1;
}

/* Token k's word into vc when code proper writes it; clears the pass's
 * private flags of k.  Returns 1 when it did, 0 or -1. */
static int vocab_note(const char *text, const dg_token_list *l, size_t k, vocab *vc)
{
    dg_token *t = &l->v[k];
    unsigned how = t->flags & (CODE_WORD | QUOTED_WORD);
    if (!how)
        return 0;
    t->flags &= ~(CODE_WORD | QUOTED_WORD);
    if (!all_lower_word(text, t))
        return 0;
    /* Only code proper names a command; a quoted English word is a
     * word mentioned, and an English word that a path or an ellipsis
     * joins to others ("/usr/share/or/at", "related...at") names no
     * command: carrying them to the rest of the text would freeze
     * "each", "the" or "at" in every sentence. */
    if ((how == QUOTED_WORD || joined_words_chunk(text, l, k)) &&
        dg_nt_is_word(text + t->start, tlen(t)))
        return 0;
    if (!vc->seen && !(vc->seen = dg_strmap_new()))
        return -1;
    if (dg_strmap_put(vc->seen, text + t->start, tlen(t), vc->seen) < 0)
        return -1;
    vc->len_bits[text[t->start] - 'a'] |= (uint64_t)1 << tlen(t);
    return 1;
}

/* True when token t, not literal yet, is a word of the code vocabulary. */
static int vocab_holds(const char *text, const vocab *vc, const dg_token *t)
{
    return vc->seen && !(t->flags & DG_TOKEN_LITERAL) && t->kind == DG_TOKEN_WORD &&
           vocab_may_hold(vc, text, t) && all_lower_word(text, t) &&
           dg_strmap_get(vc->seen, text + t->start, tlen(t));
}

/* ---- lines -------------------------------------------------------------- */

/* True when bytes [p, e) start with one of the marks of prose past ASCII
 * that garbled news is full of: U+2013 U+2014 (dashes), U+2018 U+2019
 * U+201C U+201D (quotes).  None is white space, nor joins white space
 * before it into one token (they are no Extend, Format or ZWJ). */
static int quiet_utf8_at(const char *text, size_t p, size_t e)
{
    if (e - p < 3 || (unsigned char)text[p] != 0xE2 || (unsigned char)text[p + 1] != 0x80)
        return 0;
    unsigned char c = (unsigned char)text[p + 2];
    return c == 0x93 || c == 0x94 || c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D;
}

/* True when every byte past ASCII of [s, e) is part of such a mark. */
static int only_quiet_utf8(const char *text, size_t s, size_t e)
{
    size_t p = s;
    while (p < e) {
        if (p + 8 <= e && !(dg_load8(text + p) & BYTES8(0x80))) {
            p += 8;
            continue;
        }
        if ((unsigned char)text[p] < 0x80) {
            p++;
            continue;
        }
        if (!quiet_utf8_at(text, p, e))
            return 0;
        p += 3;
    }
    return 1;
}

/* True when bytes [s, e) of a line hold no tab, no two spaces in a row
 * and no byte past ASCII but those of quiet_utf8_at's marks: every blank
 * token inside is then one space.  (Line breaks, \v and \f included, end
 * lines.) */
static int single_spaces(const char *text, size_t s, size_t e)
{
    size_t p = s;
    uint64_t high = 0;
    for (; p + 9 <= e; p += 8) {
        uint64_t v = dg_load8(text + p);
        uint64_t pair = (v ^ BYTES8(' ')) | (dg_load8(text + p + 1) ^ BYTES8(' '));
        high |= v;
        if (dg_has_byte(v, '\t') || dg_has_zero_byte(pair))
            return 0;
    }
    for (; p < e; p++) {
        unsigned char c = (unsigned char)text[p];
        high |= c;
        if (c == '\t' || (c == ' ' && p + 1 < e && text[p + 1] == ' '))
            return 0;
    }
    return !(high & BYTES8(0x80)) || only_quiet_utf8(text, s, e);
}

/* A line laid out by hand: indentation, a tab, a wide gap, or columns. */
static int layout_line(const char *text, const dg_token *v, size_t a, size_t b)
{
    if (a == b)
        return 0;
    /* Most lines of prose: no gap can be wider than a space. */
    if (single_spaces(text, v[a].start, v[b - 1].end))
        return 0;
    int has_text = 0;
    for (size_t k = a; k < b && !has_text; k++)
        has_text = !is_blank(&v[k]);
    if (!has_text)
        return 0;
    if (v[a].kind == DG_TOKEN_SPACE &&
        (tlen(&v[a]) >= 2 || memchr(text + v[a].start, '\t', tlen(&v[a]))))
        return 1;
    size_t gaps = 0, words = 0;
    for (size_t k = a; k < b; k++) {
        const dg_token *t = &v[k];
        if (is_wordlike(t))
            words++;
        if (t->kind != DG_TOKEN_SPACE || k == a || k + 1 == b)
            continue;
        /* Most gaps are one space: no need to look for a tab. */
        if (tlen(t) >= 4 || (tlen(t) == 1 ? text[t->start] == '\t'
                                           : memchr(text + t->start, '\t', tlen(t)) != NULL))
            return 1;
        gaps += tlen(t) >= 2;
    }
    return gaps >= 2 && gaps * 4 > words;
}

/* ---- quiet lines ---------------------------------------------------------- */

/* Most lines of prose hold no chunk shaped like code and no mark standing
 * alone: their bytes tell, faster than their tokens.  quiet_line() is a
 * sufficient test, never a necessary one: each class of byte below is let
 * through only where no rule of code_shaped() (with chunk_core()) or of
 * lone_mark_literal() could fire on it, looking at its neighbours as those
 * rules do, whatever the tokens are; anything else sends the line to
 * mark_line's full walk. */
enum {
    Q_LOUD = 0,   /* the shell and markup marks, control bytes, the rest */
    Q_PLAIN,      /* a-z, space: no rule starts at them */
    Q_UPPER,      /* camel case: after a lower-case letter */
    Q_DIGIT,      /* amd64, latin-9, ab'9: a digit after a non-digit */
    Q_DASH,       /* -x, --long at a chunk's core */
    Q_DOT,        /* os.path, 0..23, .bashrc, www.x */
    Q_COLON,      /* std::string */
    Q_PAREN,      /* find(1), main() */
    Q_MARK,       /* sentence marks, brackets, quotes: a mark alone only */
    Q_UTF8        /* U+2013 U+2014 U+2018 U+2019 U+201C U+201D */
};
static const unsigned char quiet_class[256] = {
    ['a' ... 'z'] = Q_PLAIN, [' '] = Q_PLAIN, ['A' ... 'Z'] = Q_UPPER,
    ['0' ... '9'] = Q_DIGIT, ['-'] = Q_DASH, ['.'] = Q_DOT, [':'] = Q_COLON,
    ['('] = Q_PAREN, [','] = Q_MARK, [';'] = Q_MARK, ['!'] = Q_MARK, ['?'] = Q_MARK,
    [')'] = Q_MARK, ['['] = Q_MARK, [']'] = Q_MARK, ['"'] = Q_MARK, ['\''] = Q_MARK,
    ['&'] = Q_MARK, [0xE2] = Q_UTF8,
};

/* The high bit of each byte of v that is neither a-z nor a space. */
static inline uint64_t not_plain8(uint64_t v)
{
    uint64_t v7 = v & BYTES8(0x7F);
    uint64_t lower = (v7 + BYTES8(0x1F)) & ~(v7 + BYTES8(0x05)) & ~v;
    uint64_t y = v ^ BYTES8(' ');
    uint64_t not_space = ((y & BYTES8(0x7F)) + BYTES8(0x7F)) | y;
    return ~lower & not_space & BYTES8(0x80);
}

/* True when the mark at bytes [p, p + n) of a line [s, e) whose only
 * blanks are spaces is no chunk of marks alone that lone_mark_literal()
 * could find named: its chunk holds a letter or digit, or is a dash or
 * "&" (prose marks, whatever their neighbours). */
static int quiet_mark(const char *text, size_t s, size_t e, size_t p, size_t n)
{
    if ((p > s && is_alnum((unsigned char)text[p - 1])) ||
        (p + n < e && is_alnum((unsigned char)text[p + n])))
        return 1;
    size_t rs = p, re = p + n;
    while (rs > s && text[rs - 1] != ' ')
        rs--;
    while (re < e && text[re] != ' ')
        re++;
    for (size_t q = rs; q < re; q++)
        if (is_alnum((unsigned char)text[q]))
            return 1;
    const char *m = text + rs;
    size_t k = re - rs;
    return (k == 1 && (m[0] == '-' || m[0] == '&')) || (k == 2 && memcmp(m, "--", 2) == 0) ||
           (k == 3 && (memcmp(m, "\xe2\x80\x94", 3) == 0 || memcmp(m, "\xe2\x80\x93", 3) == 0));
}

/* True when line bytes [s, e) hold single spaces only (single_spaces:
 * no layout) and can hold no code chunk, no named mark, no backtick or
 * angle bracket and no URL or e-mail address: mark_line would mark
 * nothing on them.  One pass: eight bytes a step past letters a-z and
 * spaces, which no rule looks at but for two spaces in a row. */
static int quiet_line(const char *text, size_t s, size_t e)
{
    size_t p = s;
    for (;;) {
        while (p + 9 <= e) {
            uint64_t v = dg_load_le64(text + p);
            uint64_t pair = (v ^ BYTES8(' ')) | (dg_load_le64(text + p + 1) ^ BYTES8(' '));
            if (dg_has_zero_byte(pair))
                return 0;
            uint64_t odd = not_plain8(v);
            if (odd) {
                p += (size_t)__builtin_ctzll(odd) >> 3;
                break;
            }
            p += 8;
        }
        if (p >= e)
            return 1;
        unsigned char c = (unsigned char)text[p];
        unsigned char prev = p > s ? (unsigned char)text[p - 1] : ' ';
        unsigned char next = p + 1 < e ? (unsigned char)text[p + 1] : ' ';
        size_t n = 1;
        switch (quiet_class[c]) {
        case Q_PLAIN:
            /* Only the last few bytes of a line come here one by one. */
            if (c == ' ' && next == ' ' && p + 1 < e)
                return 0;
            p++;
            continue;
        case Q_UPPER:
            if (is_lower(prev))
                return 0;
            p++;
            continue;
        case Q_DIGIT:
            if (!is_digit(prev) && prev != ' ')
                return 0;
            p++;
            continue;
        case Q_DASH:
            /* At a chunk's core: past openers, or first. */
            if ((prev == ' ' || prev == '(' || prev == '[' || prev == '"' || prev == '\'' ||
                 prev >= 0x80) &&
                (is_alnum(next) ||
                 (next == '-' && p + 2 < e && is_alnum((unsigned char)text[p + 2]))))
                return 0;
            break;
        case Q_DOT:
            /* "www." is a link's start (tokenize.c's next_link). */
            if (is_alnum(next) || next == '.' || ((prev == 'w' || prev == 'W') && next != ' '))
                return 0;
            break;
        case Q_COLON:
            if (next == ':')
                return 0;
            break;
        case Q_PAREN:
            if (is_alnum(prev))
                return 0;
            break;
        case Q_MARK:
            break;
        case Q_UTF8:
            if (!quiet_utf8_at(text, p, e))
                return 0;
            n = 3;
            break;
        default:
            return 0;
        }
        if (!quiet_mark(text, s, e, p, n))
            return 0;
        p += n;
    }
}

/* ---- chunks ------------------------------------------------------------- */

static int path_byte(char c)
{
    return is_lower((unsigned char)c) || is_digit((unsigned char)c) ||
           c == '*' || c == '.' || c == '_' || c == '-' || c == '~';
}

/* What code_shaped's byte loop does with each byte: most bytes (letters,
 * digits) need nothing; the marks of shell and markup make a chunk code
 * outright (NUL too: the loop once asked strchr, which finds it); the rest
 * are judged with their neighbours. */
enum { SHAPE_CODE = 1, SHAPE_NEAR = 2 };
static const unsigned char shape_byte[256] = {
    ['\0'] = SHAPE_CODE, ['\\'] = SHAPE_CODE, ['_'] = SHAPE_CODE, ['='] = SHAPE_CODE,
    ['$'] = SHAPE_CODE, ['|'] = SHAPE_CODE, ['<'] = SHAPE_CODE, ['>'] = SHAPE_CODE,
    ['{'] = SHAPE_CODE, ['}'] = SHAPE_CODE, ['`'] = SHAPE_CODE, ['^'] = SHAPE_CODE,
    ['~'] = SHAPE_CODE, ['#'] = SHAPE_CODE, ['*'] = SHAPE_CODE, ['@'] = SHAPE_CODE,
    ['/'] = SHAPE_NEAR, ['+'] = SHAPE_NEAR, ['.'] = SHAPE_NEAR, [':'] = SHAPE_NEAR,
    ['('] = SHAPE_NEAR,
};

/* A chunk of one word token of ASCII letters (a possessive after them),
 * not yet literal, that code_shaped() can only have judged code for its
 * camel case: DG_TOKEN_CAMEL. */
static int camel_word(const char *text, const dg_token *t, size_t ntok)
{
    if (ntok != 1 || t->kind != DG_TOKEN_WORD ||
        (t->flags & (DG_TOKEN_LITERAL | DG_TOKEN_HYPHENATED)))
        return 0;
    size_t e = (t->flags & DG_TOKEN_POSSESSIVE) && t->stem_end > t->start &&
               t->stem_end <= t->end ? t->stem_end : t->end;
    for (size_t p = t->start; p < e; p++)
        if (!is_alpha((unsigned char)text[p]))
            return 0;
    return e > t->start;
}

/* True when bytes [s, e) of one chunk are shaped like code.  first is the
 * chunk's first token index, for token kinds. */
static int code_shaped(const char *text, const dg_token *v, size_t a, size_t b)
{
    size_t s = v[a].start, e = v[b - 1].end;
    for (size_t k = a; k < b; k++) {
        const dg_token *t = &v[k];
        if (t->kind == DG_TOKEN_URL || t->kind == DG_TOKEN_EMAIL)
            return 1;
        /* amd64, utf8, sha256sum, x86: a lower-case identifier with a
         * digit after a letter (not 1970s, 8th, 22nd). */
        if (t->kind == DG_TOKEN_CODE) {
            for (size_t p = t->start + 1; p < t->end; p++)
                if (is_lower((unsigned char)text[p - 1]) &&
                    is_digit((unsigned char)text[p]))
                    return 1;
        }
        /* latin-9, utf-8, gpl-2: a lower-case name with a number part. */
        if (t->kind == DG_TOKEN_WORD && (t->flags & DG_TOKEN_HYPHENATED) &&
            is_lower((unsigned char)text[t->start]) &&
            is_digit((unsigned char)text[t->end - 1]))
            return 1;
        /* CamelCase, camelCase: a capital after a lower-case letter. */
        if (t->kind == DG_TOKEN_WORD)
            for (size_t p = t->start + 1; p < t->end; p++)
                if (is_upper((unsigned char)text[p]) &&
                    is_lower((unsigned char)text[p - 1]))
                    return 1;
    }
    unsigned char c0 = (unsigned char)text[s];
    unsigned char c1 = s + 1 < e ? (unsigned char)text[s + 1] : 0;
    unsigned char c2 = s + 2 < e ? (unsigned char)text[s + 2] : 0;
    /* Options, formats, hidden files, variables, home paths. */
    if (c0 == '-' && (is_alnum(c1) || (c1 == '-' && is_alnum(c2))))
        return 1;
    if ((c0 == '+' || c0 == '%' || c0 == '.' || c0 == '$' || c0 == '~') &&
        (is_alpha(c1) || c1 == '%' || c1 == '_' || c1 == '{' || c1 == '/'))
        return 1;
    size_t tk = a;   /* the token holding byte p, advanced lazily */
    for (size_t p = s; p < e; p++) {
        unsigned char c = (unsigned char)text[p];
        unsigned char how = shape_byte[c];
        if (!how)
            continue;
        if (how == SHAPE_CODE)
            return 1;
        /* A path: linux/sparc, src/copy.c, debian/ and a glob.  Not a credit or a
         * pair of names (REUTERS/Damir Sagolj, photo/Damir, TCP/IP). */
        if (c == '/' && (p == s || (p + 1 < e && path_byte(text[p - 1]) &&
                                    path_byte(text[p + 1]) &&
                                    (is_lower((unsigned char)text[p - 1]) ||
                                     is_lower((unsigned char)text[p + 1])))))
            return 1;
        if (c == '+' && p > s && is_alnum((unsigned char)text[p - 1]) &&
            p + 1 < e)
            return 1;   /* c++ -> "g++", "a+b"; a final "GPL-2+" stays */
        if (c == '.' && p + 1 < e && text[p + 1] == '.')
            return 1;   /* 0..23, ../lib */
        if (c == ':' && p + 1 < e && text[p + 1] == ':')
            return 1;   /* std::string */
        /* A dot inside a word followed by a lower-case letter or a digit:
         * dictionary.lst, os.path, 1.pl, english-words.80.  Not in
         * abbreviations (e.g.) or numbers (4.5), and not before a capital
         * (sanctions.The is a missing space, 2454.TW a ticker). */
        if (c == '.' && p > s && p + 1 < e &&
            is_alnum((unsigned char)text[p - 1]) &&
            (is_lower((unsigned char)text[p + 1]) ||
             is_digit((unsigned char)text[p + 1]))) {
            while (tk < b && v[tk].end <= p)
                tk++;
            if (tk < b && v[tk].kind != DG_TOKEN_ABBREV &&
                v[tk].kind != DG_TOKEN_NUMBER)
                return 1;
        }
        /* find(1), main(), printf(3): a call or a manual reference. */
        if (c == '(' && p > s && is_alnum((unsigned char)text[p - 1]) &&
            p + 1 < e && (text[p + 1] == ')' || is_digit((unsigned char)text[p + 1])))
            return 1;
    }
    return 0;
}

/* True when chunk [a, b) is one word of ASCII letters with no capital
 * after a lower-case letter, alone or before one stop (",", ".", "?"...):
 * most chunks of prose, which chunk_core() and code_shaped() would only
 * find not code. */
static int plain_word_chunk(const char *text, const dg_token *v, size_t a, size_t b)
{
    const dg_token *t = &v[a];
    if (t->kind != DG_TOKEN_WORD || b - a > 2)
        return 0;
    if (b - a == 2) {
        const dg_token *m = &v[a + 1];
        if (m->kind != DG_TOKEN_PUNCT || tlen(m) != 1)
            return 0;
        char c = text[m->start];
        if (c != ',' && c != '.' && c != ';' && c != ':' && c != '!' && c != '?')
            return 0;
    }
    /* Capitals, then lower-case letters. */
    size_t p = t->start;
    while (p < t->end && is_upper((unsigned char)text[p]))
        p++;
    while (p < t->end && is_lower((unsigned char)text[p]))
        p++;
    return p == t->end;
}

/* The chunk's core: [*ca, *cb) without leading openers and trailing
 * closers or stops; a closing bracket stays when the core opens it. */
static void chunk_core(const char *text, const dg_token *v, size_t a, size_t b,
                       size_t *ca, size_t *cb)
{
    while (a < b && is_opener(text, &v[a]))
        a++;
    while (b > a && is_closer_or_stop(text, &v[b - 1])) {
        const dg_token *t = &v[b - 1];
        char close = tlen(t) == 1 ? text[t->start] : 0;
        char open = close == ')' ? '(' : close == ']' ? '[' : close == '}' ? '{' : 0;
        if (open && memchr(text + v[a].start, open, t->start - v[a].start))
            break;
        b--;
    }
    *ca = a;
    *cb = b;
}

/* Words after which no punctuation mark can follow in prose: a mark there
 * is being named ("the ; variant", "a + sign").  Prepositions can end a
 * sentence ("cannot think of."), articles cannot. */
static int names_a_mark(const char *text, const dg_token *t)
{
    static const char *const w[] = {"the", "a", "an", "every", "The", "A",
                                    "An", NULL};
    return tok_in(text, t, DG_TOKEN_WORD, w);
}

static int governs_a_mark(const char *text, const dg_token *t)
{
    static const char *const w[] = {"with", "of", "by", "from", "like",
                                    "than", "between", "into", "as", NULL};
    return tok_in(text, t, DG_TOKEN_WORD, w);
}

typedef struct chunk {
    size_t a, b;       /* tokens */
    int punct_only;
    int code;          /* its core is code-shaped */
    int symbolic;      /* ... and starts with no letter: -x, 0..23, /etc */
} chunk;

/* The verdict on a chunk made only of marks, from its neighbours.  prev,
 * next: the chunks before and after it on the line (NULL at an edge). */
static int lone_mark_literal(const char *text, const dg_token *v,
                             const chunk *c, const chunk *prev,
                             const chunk *next)
{
    size_t s = v[c->a].start, e = v[c->b - 1].end, n = e - s;
    const char *m = text + s;
    /* Prose marks that stand alone: dashes and an ellipsis. */
    if ((n == 1 && m[0] == '-') || (n == 2 && memcmp(m, "--", 2) == 0) ||
        (n == 3 && memcmp(m, "...", 3) == 0) ||
        (n == 3 && (memcmp(m, "\xe2\x80\x94", 3) == 0 ||
                    memcmp(m, "\xe2\x80\x93", 3) == 0 ||
                    memcmp(m, "\xe2\x80\xa6", 3) == 0)) ||
        (n == 1 && m[0] == '&'))
        return 0;
    for (size_t k = 0; k < n; k++)
        if (strchr("+*=|<>#%^~`\\/@${}", m[k]))
            return 1;
    if (n == 2 && (memcmp(m, "..", 2) == 0 || memcmp(m, "()", 2) == 0 ||
                   memcmp(m, "[]", 2) == 0 || memcmp(m, "::", 2) == 0 ||
                   memcmp(m, ";;", 2) == 0))
        return 1;
    /* A quoted mark: '(' "!" `.' */
    if (n == 3 && (m[0] == '\'' || m[0] == '"') && m[2] == m[0])
        return 1;
    if (n != 1)
        return 0;
    if (prev && names_a_mark(text, &v[prev->b - 1]))
        return 1;
    /* "entries starting with . are hidden": a preposition before the mark
     * and a lower-case word after it.  Either alone is prose ("cannot
     * think of.", "said . the" is garbling to repair). */
    if (prev && next && governs_a_mark(text, &v[prev->b - 1]) &&
        v[next->a].kind == DG_TOKEN_WORD &&
        is_lower((unsigned char)text[v[next->a].start]))
        return 1;
    /* "find . -type", ". -name": a mark before an option or a path.
     * (". the" is garbling, "said . the"; in manuals such lines are
     * indented, and layout covers them.) */
    if (next && next->symbolic)
        return 1;
    /* "( 0..23)", "( -x )": an opening mark before literal text. */
    if (next && next->symbolic && (m[0] == '(' || m[0] == '['))
        return 1;
    if (prev && prev->symbolic && (m[0] == ')' || m[0] == ']'))
        return 1;
    return 0;
}

/* A `quote' broken over two lines holds a few words on each. */
#define QUOTE_CARRY_WORDS 3

static size_t words_in(const dg_token *v, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t k = a; k < b; k++)
        n += v[k].kind == DG_TOKEN_WORD || v[k].kind == DG_TOKEN_NUMBER;
    return n;
}

/* "monday'.  In this context, `last DAY' or": a line that quotes `so'
 * whose first closing quote comes before any backtick, a few words after
 * the line's start, closes a quote the line before opened: those words
 * are quoted too.  (Each line is marked from its own tokens only.) */
static int quote_carried_over(const char *text, dg_token_list *l, size_t a, size_t b)
{
    size_t q = a, tick = b;
    while (q < b && !tok_eq(text, &l->v[q], "'") && !tok_eq(text, &l->v[q], "`"))
        q++;
    if (q >= b || !tok_eq(text, &l->v[q], "'") || q == a)
        return 0;
    for (size_t k = q + 1; k < b && tick == b; k++)
        if (tok_eq(text, &l->v[k], "`"))
            tick = k;
    /* The line must use the backtick style itself, the quote must hang on
     * a word (not "rock 'n'"), and stay short. */
    if (tick == b || l->v[q - 1].kind != DG_TOKEN_WORD ||
        words_in(l->v, a, q) > QUOTE_CARRY_WORDS || words_in(l->v, a, q) == 0)
        return 0;
    size_t s = a;
    while (s < q && is_blank(&l->v[s]))
        s++;
    return mark_span(l, s, q + 1, QUOTED_WORD);
}

/* `...' and `...`: from a backtick to the next closing quote or backtick
 * on the line.  <...> on one line is markup or an address ("<john thomson
 * at SIL>", "<file>"), never prose. */
static int mark_backticks(const char *text, dg_token_list *l, size_t a, size_t b)
{
    /* Most lines have neither mark: their bytes tell, faster than their
     * tokens. */
    if (a == b)
        return 0;
    const char *ls = text + l->v[a].start;
    size_t ln = l->v[b - 1].end - l->v[a].start;
    if (!memchr(ls, '`', ln) && !memchr(ls, '<', ln))
        return 0;
    int any = 0;
    for (size_t k = a; k < b && !any; k++)
        any = tlen(&l->v[k]) == 1 &&
              (text[l->v[k].start] == '`' || text[l->v[k].start] == '<');
    if (!any)
        return 0;
    if (quote_carried_over(text, l, a, b) < 0)
        return -1;
    for (size_t k = a; k < b; k++) {
        if (!tok_eq(text, &l->v[k], "`"))
            continue;
        size_t j = k + 1;
        while (j < b && !tok_eq(text, &l->v[j], "`") &&
               !tok_eq(text, &l->v[j], "'") &&
               l->v[j].start - l->v[k].start < 200)
            j++;
        if (j < b && j > k + 1 && (tok_eq(text, &l->v[j], "`") ||
                                   tok_eq(text, &l->v[j], "'"))) {
            if (mark_span(l, k, j + 1, QUOTED_WORD) < 0)
                return -1;
            k = j;
        } else if (j == b && j > k + 1 && words_in(l->v, k + 1, b) <= QUOTE_CARRY_WORDS) {
            /* "like `third" at the line's end: the quote goes on on the
             * next line. */
            if (mark_span(l, k, b, QUOTED_WORD) < 0)
                return -1;
            k = j;
        }
    }
    for (size_t k = a; k < b; k++) {
        if (!tok_eq(text, &l->v[k], "<") || k + 1 >= b ||
            is_blank(&l->v[k + 1]))
            continue;
        size_t j = k + 1;
        while (j < b && !tok_eq(text, &l->v[j], ">") &&
               !tok_eq(text, &l->v[j], "<") &&
               l->v[j].start - l->v[k].start < 80)
            j++;
        if (j < b && tok_eq(text, &l->v[j], ">")) {
            if (mark_code(l, k, j + 1) < 0)
                return -1;
            k = j;
        }
    }
    return 0;
}

#define MAX_LINE_CHUNKS 512

/* True when tokens [a, b) are marks only and one of them is literal. */
static int marks_chunk(const dg_token *v, size_t a, size_t b, int *literal)
{
    *literal = 0;
    for (size_t k = a; k < b; k++) {
        if (v[k].kind != DG_TOKEN_PUNCT)
            return 0;
        *literal |= (v[k].flags & DG_TOKEN_LITERAL) != 0;
    }
    return a < b;
}

/* "when . and .. are unreadable", "',' or ';'": a mark joined by "and" or
 * "or" to a mark that is named is named too. */
static int mark_coordinated_marks(const char *text, dg_token_list *l, size_t a, size_t b)
{
    static const char *const conj[] = {"and", "or", NULL};
    dg_token *v = l->v;
    for (size_t k = a + 2; k + 2 < b; k++) {
        if (!tok_in(text, &v[k], DG_TOKEN_WORD, conj) || v[k - 1].kind != DG_TOKEN_SPACE ||
            v[k + 1].kind != DG_TOKEN_SPACE)
            continue;
        size_t la = k - 1, re = k + 2;
        while (la > a && !is_blank(&v[la - 1]))
            la--;
        while (re < b && !is_blank(&v[re]))
            re++;
        int left, right;
        if (!marks_chunk(v, la, k - 1, &left) || !marks_chunk(v, k + 2, re, &right) ||
            left == right)
            continue;
        size_t ms = left ? k + 1 : (la > a && v[la - 1].kind == DG_TOKEN_SPACE ? la - 1 : la);
        size_t me = left ? (re < b && v[re].kind == DG_TOKEN_SPACE ? re + 1 : re) : k;
        if (mark_range(l, ms, me) < 0)
            return -1;
    }
    return 0;
}

static int mark_line(const char *text, dg_token_list *l, size_t a, size_t b)
{
    dg_token *v = l->v;
    /* Most lines of prose: no layout, nothing to mark. */
    if (a == b || quiet_line(text, v[a].start, v[b - 1].end))
        return 0;
    if (layout_line(text, v, a, b))
        return mark_range(l, a, b);
    if (mark_backticks(text, l, a, b) < 0)
        return -1;
    int line_has_code = 0, named_marks = 0;
    /* Chunks in a small window: the verdict on a mark needs its
     * neighbours' shapes, one chunk on either side. */
    chunk win[3];
    size_t nwin = 0;
    size_t k = a;
    for (;;) {
        chunk c = {0};
        int have = 0;
        while (k < b && is_blank(&v[k]))
            k++;
        if (k < b) {
            c.a = k;
            c.punct_only = 1;
            while (k < b && !is_blank(&v[k])) {
                c.punct_only &= v[k].kind == DG_TOKEN_PUNCT;
                k++;
            }
            c.b = k;
            if (!c.punct_only && !plain_word_chunk(text, v, c.a, c.b)) {
                size_t ca, cb;
                chunk_core(text, v, c.a, c.b, &ca, &cb);
                c.code = ca < cb && code_shaped(text, v, ca, cb);
                int camel = c.code && camel_word(text, &v[ca], cb - ca);
                if (c.code && mark_code(l, ca, cb) < 0)
                    return -1;
                if (camel)
                    v[ca].flags |= DG_TOKEN_CAMEL;
                c.symbolic = c.code && !is_alpha((unsigned char)text[v[ca].start]);
                /* Only an address makes the line's gaps layout (the
                 * GNU ChangeLog's "2018-11-12  A. Name  <a@example.org>");
                 * "read/write  memory", "with -self  to" are prose. */
                for (size_t q = ca; q < cb; q++)
                    line_has_code |= v[q].kind == DG_TOKEN_URL ||
                                     v[q].kind == DG_TOKEN_EMAIL;
            }
            have = 1;
        }
        if (have) {
            if (nwin == 3) {
                win[0] = win[1];
                win[1] = win[2];
                nwin = 2;
            }
            win[nwin++] = c;
        }
        /* Judge the middle chunk once its right neighbour is known (or
         * the line ended). */
        const chunk *mid = NULL, *prev = NULL, *next = NULL;
        if (have && nwin >= 2) {
            mid = &win[nwin - 2];
            prev = nwin == 3 ? &win[0] : NULL;
            next = &win[nwin - 1];
        } else if (!have && nwin >= 1) {
            mid = &win[nwin - 1];
            prev = nwin >= 2 ? &win[nwin - 2] : NULL;
        }
        if (mid && mid->punct_only &&
            lone_mark_literal(text, v, mid, prev, next)) {
            size_t ms = mid->a, me = mid->b;
            /* With the blanks beside it, so that no edit closes them. */
            if (ms > a && v[ms - 1].kind == DG_TOKEN_SPACE)
                ms--;
            if (me < b && v[me].kind == DG_TOKEN_SPACE)
                me++;
            if (mark_range(l, ms, me) < 0)
                return -1;
            named_marks = 1;
        }
        if (!have)
            break;
    }
    if (named_marks && mark_coordinated_marks(text, l, a, b) < 0)
        return -1;
    /* "2018-11-12  G. Robinson <g@example.org>": a gap of two or three
     * spaces on a line that holds an address is layout. */
    if (line_has_code)
        for (size_t g = a + 1; g + 1 < b; g++)
            if (v[g].kind == DG_TOKEN_SPACE && tlen(&v[g]) >= 2 &&
                mark_range(l, g, g + 1) < 0)
                return -1;
    return 0;
}

/* ---- list markers and sentence ends ------------------------------------ */

static int is_roman(const char *s, size_t n)
{
    if (n == 0 || n > 5)
        return 0;
    int lower = is_lower((unsigned char)s[0]);
    for (size_t k = 0; k < n; k++) {
        char c = lower ? s[k] : (char)(s[k] + 32);
        if (c != 'i' && c != 'v' && c != 'x')
            return 0;
        if (lower != is_lower((unsigned char)s[k]))
            return 0;
    }
    return 1;
}

static int marker_word(const char *text, const dg_token *t)
{
    size_t n = tlen(t);
    const char *s = text + t->start;
    if (t->kind == DG_TOKEN_NUMBER)
        return n <= 3;
    if (t->kind == DG_TOKEN_WORD)
        return n == 1 || is_roman(s, n);
    /* The tokenizer may have kept "b." or "iv." as an abbreviation. */
    if (t->kind == DG_TOKEN_ABBREV && n >= 2 && s[n - 1] == '.') {
        return n == 2 ? is_alpha((unsigned char)s[0]) : is_roman(s, n - 1);
    }
    return 0;
}

int dg_literal_list_marker(const char *text, const dg_token *tok, size_t ntok,
                           size_t i, size_t *after)
{
    size_t k = i;
    if (k < ntok && tok[k].kind == DG_TOKEN_SPACE)
        k++;
    int paren = 0;
    if (k < ntok && tok_eq(text, &tok[k], "(")) {
        paren = 1;
        k++;
    }
    if (k >= ntok || !marker_word(text, &tok[k]))
        return 0;
    size_t w = k++;
    int closed = tok[w].kind == DG_TOKEN_ABBREV;
    if (!closed && k < ntok && tok_eq(text, &tok[k], ".")) {
        closed = 1;
        k++;
    }
    if (k < ntok && tok_eq(text, &tok[k], ")")) {
        closed = 1;
        k++;
    } else if (paren) {
        return 0;
    }
    if (!closed || tok[k - 1].end - tok[i].start > MARKER_MAX + 2)
        return 0;
    if (k < ntok && tok[k].kind != DG_TOKEN_SPACE)
        return 0;
    if (after)
        *after = k;
    return 1;
}

/* The first token of the line holding token i when at most max tokens
 * precede i on it (a list marker or a leading number is near its line's
 * start), else SIZE_MAX.  Bounded, so that one huge line costs no more
 * than many short ones. */
static size_t near_line_start(const dg_token *tok, size_t i, size_t max)
{
    for (size_t n = 0; n <= max; n++, i--) {
        if (i == 0 || tok[i - 1].kind == DG_TOKEN_NEWLINE)
            return i;
    }
    return SIZE_MAX;
}

/* ) ] " ' U+201D U+2019 U+00BB */
static int tok_is_closer(const char *text, const dg_token *t)
{
    return (mark_sets(text, t) & SET_CLOSER) != 0;
}

/* No vowel (y counts): not an English word but an abbreviation or a
 * command (cf, pp, rm, ls, df, vs). */
static int vowelless(const char *s, size_t n)
{
    if (n == 0 || n > 5)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[k] | 0x20;
        if (!is_alpha((unsigned char)s[k]))
            return 0;
        if (strchr("aeiouy", c))
            return 0;
    }
    return 1;
}

double dg_sentence_end_before(const char *text, const dg_token *tok,
                              size_t ntok, size_t i, size_t *mark)
{
    if (i == 0 || i >= ntok || tok[i - 1].kind != DG_TOKEN_SPACE)
        return 0;
    size_t k = i - 1;
    while (k > 0 && tok[k].kind == DG_TOKEN_SPACE)
        k--;
    return dg_terminal_at(text, tok, ntok, k, i, mark);
}

double dg_terminal_at(const char *text, const dg_token *tok, size_t ntok,
                      size_t k, size_t i, size_t *mark)
{
    if (k >= ntok || tok[k].kind == DG_TOKEN_NEWLINE ||
        tok[k].kind == DG_TOKEN_SPACE)
        return 0;
    if (i < ntok && (tok[i].flags & DG_TOKEN_LITERAL))
        return 0;
    /* The mark, past up to two closing quotes or brackets. */
    int closed = 0;
    while (closed < 2 && tok_is_closer(text, &tok[k]) && k > 0 &&
           tok[k - 1].kind != DG_TOKEN_SPACE && tok[k - 1].kind != DG_TOKEN_NEWLINE) {
        closed++;
        k--;
    }
    const dg_token *m = &tok[k];
    if (m->kind != DG_TOKEN_PUNCT ||
        (m->flags & (DG_TOKEN_LITERAL | DG_TOKEN_ABBREV_DOT)))
        return 0;
    *mark = m->start;
    int q = tok_eq(text, m, "?") || tok_eq(text, m, "!");
    if (!q && !tok_eq(text, m, "."))
        return 0;
    /* "Remove ! from the test", "full of ??? entries": a '!' or '?' (or a
     * run of them) with a space before is named or a placeholder as often
     * as a sentence's end: doubtful. */
    if (q) {
        size_t r = k;
        while (r > 0 && tok[r - 1].kind == DG_TOKEN_PUNCT && tlen(&tok[r - 1]) == 1 &&
               text[tok[r - 1].start] == text[m->start])
            r--;
        if (r > 0 && tok[r - 1].kind == DG_TOKEN_SPACE && !closed)
            return 0.6;
    }
    /* The word the mark closes; "said . the" is judged by "said" (the
     * punctuation stage closes that gap in the same pass). */
    size_t b = k;
    if (b > 0 && tok[b - 1].kind == DG_TOKEN_SPACE)
        b--;
    if (b == 0)
        return q ? (closed ? 0.6 : 0.91) : (closed ? 0.91 : 0.95);
    const dg_token *w = &tok[b - 1];
    if (w->flags & DG_TOKEN_LITERAL)
        return 0;
    /* "ii. moral rights", "b. the", "3. then": a list marker opening its
     * line is not a sentence. */
    size_t ls = near_line_start(tok, b - 1, 4), after;
    if (ls != SIZE_MAX && dg_literal_list_marker(text, tok, ntok, ls, &after) &&
        after <= (i < ntok ? i : k + 1))
        return 0;
    if (q)
        return closed ? 0.6 : 0.91;
    size_t wl = tlen(w);
    const char *ws = text + w->start;
    /* An initial (J. k.), a known abbreviation, a dotted word (Ph.D). */
    if (w->kind == DG_TOKEN_ABBREV)
        return 0;
    if (w->kind != DG_TOKEN_WORD && w->kind != DG_TOKEN_NUMBER &&
        w->kind != DG_TOKEN_CODE && !tok_is_closer(text, w))
        return 0;
    if (w->kind == DG_TOKEN_WORD && memchr(ws, '.', wl))
        return 0;
    if (w->kind == DG_TOKEN_WORD && wl == 1)
        return 0;
    if (w->kind == DG_TOKEN_NUMBER && ls != SIZE_MAX) {
        size_t f = ls;
        while (f < b - 1 && tok[f].kind == DG_TOKEN_SPACE)
            f++;
        if (f == b - 1)
            return 0;
    }
    /* "cf. the", "rm. rm": a token with no vowel is no English word,
     * and a lower-case word after it says the dot was its own. */
    if (i < ntok && w->kind == DG_TOKEN_WORD && vowelless(ws, wl) &&
        is_lower((unsigned char)text[tok[i].start]))
        return 0;
    /* A capitalized start must itself be a word: "rm removes". */
    if (i < ntok && vowelless(text + tok[i].start, tlen(&tok[i])))
        return 0;
    return closed ? 0.91 : 0.95;
}

/* ---- the pass ------------------------------------------------------------ */

int dg_literal_mark(const char *text, size_t len, dg_token_list *l,
                    const dg_abbrevs *abbrevs)
{
    return dg_literal_mark_keep(text, len, l, abbrevs, NULL, 0, NULL);
}

/* The flags mark_line sets. */
#define LINE_MARKS (DG_TOKEN_LITERAL | DG_TOKEN_CAMEL | CODE_WORD | QUOTED_WORD)

/* Appends prev's spans from *cur on that start before byte end (moved by
 * d), past those that start before byte start: prev's spans come line by
 * line, in line order. */
static int copy_spans(dg_token_list *l, const dg_token_list *prev, size_t *cur,
                      size_t start, size_t end, int64_t d)
{
    size_t c = *cur;
    while (c < prev->n_literal && prev->literal[2 * c] < start)
        c++;
    for (; c < prev->n_literal && prev->literal[2 * c] < end; c++) {
        if (span_reserve(l) < 0)
            return -1;
        l->literal[2 * l->n_literal] = (size_t)((int64_t)prev->literal[2 * c] + d);
        l->literal[2 * l->n_literal + 1] = (size_t)((int64_t)prev->literal[2 * c + 1] + d);
        l->n_literal++;
    }
    *cur = c;
    return 0;
}

/* A token's LINE_MARKS in the bits of its kept byte the tokenizer leaves
 * (tokenize.h, DG_KEPT_FLAGS), and back: DG_TOKEN_LITERAL stays where it
 * is, the two word marks move down 9 bits and DG_TOKEN_CAMEL up one. */
_Static_assert(DG_TOKEN_LITERAL == 0x10 && QUOTED_WORD >> 9 == 0x20 && CODE_WORD >> 9 == 0x40 &&
                   DG_TOKEN_CAMEL << 1 == 0x80 && !(DG_KEPT_FLAGS & 0xF0),
               "line marks pack into a kept byte beside the tokenizer's flags");

static inline uint8_t pack_marks(uint16_t f)
{
    return (uint8_t)((f & DG_TOKEN_LITERAL) | ((f >> 9) & 0x60) | ((f & DG_TOKEN_CAMEL) << 1));
}

static inline uint16_t unpack_marks(uint8_t b)
{
    return (uint16_t)((b & DG_TOKEN_LITERAL) | ((unsigned)(b & 0x60) << 9) |
                      ((b & 0x80) >> 1));
}

/* Tokens [x, y): their kept bytes into kept (may be NULL: the
 * tokenizer's flags, DG_KEPT_FLAGS, which no line mark touches, and the
 * lines' marks) and their code words into vc, whose private flags then
 * go: one walk for all. */
static int note_marks(const char *text, const dg_token_list *l, size_t x, size_t y,
                      uint8_t *kept, vocab *vc)
{
    const dg_token *v = l->v;
    for (size_t k = x; k < y; k++) {
        unsigned fl = v[k].flags;
        /* Nearly every token has no word mark: its kept byte is its flags
         * packed, pack_marks of no word mark. */
        if (!(fl & (CODE_WORD | QUOTED_WORD))) {
            if (kept)
                kept[k] = (uint8_t)((fl & (DG_KEPT_FLAGS | DG_TOKEN_LITERAL)) |
                                    ((fl & DG_TOKEN_CAMEL) << 1));
            continue;
        }
        unsigned f = fl & LINE_MARKS;
        int rc = vocab_note(text, l, k, vc);
        if (rc < 0)
            return -1;
        /* The word marks stay only on a word the vocabulary took: they
         * are what a later call reads of the word (dropped_no_code). */
        if (!rc)
            f &= ~(CODE_WORD | QUOTED_WORD);
        if (kept)
            kept[k] = (uint8_t)((v[k].flags & DG_KEPT_FLAGS) | pack_marks(f));
    }
    return 0;
}

/* keep (may be NULL) receives every token's kept byte and the lines'
 * spans; vc the code vocabulary. */
static int keep_marks(const char *text, const dg_token_list *l, dg_token_list *keep,
                      vocab *vc)
{
    if (keep && (keep->cap_kept < l->n || !keep->kept))
        return -1;
    if (note_marks(text, l, 0, l->n, keep ? keep->kept : NULL, vc) < 0)
        return -1;
    if (!keep)
        return 0;
    if (keep->cap_literal < l->n_literal) {
        size_t *v = realloc(keep->literal, 2 * l->n_literal * sizeof *v);
        if (!v)
            return -1;
        keep->literal = v;
        keep->cap_literal = l->n_literal;
    }
    if (l->n_literal)
        memcpy(keep->literal, l->literal, 2 * l->n_literal * sizeof *l->literal);
    keep->n_literal = l->n_literal;
    return 0;
}

/* A sentence start the tokenizer set on token k (line start ls) where none
 * can be: on literal text, after a literal mark or an abbreviation's dot,
 * after a list marker opening the line. */
static int false_start(const char *text, const dg_token_list *l, size_t ls, size_t k)
{
    if (l->v[k].flags & DG_TOKEN_LITERAL)
        return 1;
    size_t p = k;
    while (p > ls && l->v[p - 1].kind == DG_TOKEN_SPACE)
        p--;
    if (p == ls)
        return 0;
    size_t after;
    return (l->v[p - 1].flags & (DG_TOKEN_LITERAL | DG_TOKEN_ABBREV_DOT)) ||
           (dg_literal_list_marker(text, l->v, l->n, ls, &after) && after <= k &&
            after >= p);
}

/* What needs the whole list, in one walk over tokens [x, y) (whole
 * lines; each step reads only tokens the walk has passed, and none before
 * the line): line starts and (first_word) the text's first word, which
 * starts a sentence; the code vocabulary's words; abbreviation dots;
 * false sentence starts. */
static int settle(const char *text, dg_token_list *l, const dg_abbrevs *abbrevs,
                  const vocab *vc, size_t x, size_t y, int first_word)
{
    /* mark_range() grows l->literal, never l->v, nor the vocabulary. */
    dg_token *v = l->v;
    const int seen = vc->seen != NULL;
    size_t ls = x;
    if (x < y)
        v[x].flags |= DG_TOKEN_LINE_START;
    for (size_t k = x; k < y; k++) {
        dg_token *t = &v[k];
        /* Blanks take nothing else. */
        if (t->kind == DG_TOKEN_SPACE)
            continue;
        if (t->kind == DG_TOKEN_NEWLINE) {
            ls = k + 1;
            if (ls < y)
                v[ls].flags |= DG_TOKEN_LINE_START;
            continue;
        }
        if (t->kind == DG_TOKEN_PUNCT) {
            /* "Approx. three", "Dept. of": ICU's English sentence-break
             * suppressions, case as ICU writes them, and the abbreviation
             * table; the tokenizer keeps the dot apart when a letter or
             * digit follows or when only ICU knows the word. */
            const dg_token *w = k ? &v[k - 1] : NULL;
            if (w && w->kind == DG_TOKEN_WORD && w->end == t->start && tlen(t) == 1 &&
                text[t->start] == '.' &&
                dg_abbrevs_suppresses(abbrevs, text + w->start, tlen(w) + 1))
                t->flags |= DG_TOKEN_ABBREV_DOT;
            /* A mark is never a sentence start (the tokenizer marks
             * word-like tokens only), nor a word of the vocabulary. */
            continue;
        }
        if (first_word && is_wordlike(t)) {
            t->flags |= DG_TOKEN_SENTENCE_START;
            first_word = 0;
        }
        if (seen && vocab_holds(text, vc, t) && mark_range(l, k, k + 1) < 0)
            return -1;
        if ((t->flags & DG_TOKEN_SENTENCE_START) && false_start(text, l, ls, k))
            t->flags &= ~DG_TOKEN_SENTENCE_START;
    }
    return 0;
}

/* The code vocabulary vc into keep for a later call (keep NULL: gone). */
static int keep_vocab(dg_token_list *keep, vocab *vc)
{
    if (!keep) {
        dg_strmap_free(vc->seen);
        return 0;
    }
    if (!keep->vocab && !(keep->vocab = calloc(1, sizeof *keep->vocab))) {
        dg_strmap_free(vc->seen);
        return -1;
    }
    if (keep->vocab != vc) {
        dg_strmap_free(keep->vocab->seen);
        *keep->vocab = *vc;
    }
    return 0;
}

int dg_literal_mark_keep(const char *text, size_t len, dg_token_list *l,
                         const dg_abbrevs *abbrevs, const dg_literal_seg *seg,
                         size_t nseg, dg_token_list *keep)
{
    (void)len;
    l->n_literal = 0;
    size_t a = 0, si = 0, span_cur = 0;
    const dg_token_list *prev = keep;
    if (!keep)
        nseg = 0;
    /* mark_line() grows l->literal, never l->v. */
    const dg_token *v = l->v;
    size_t n = l->n;
    for (size_t k = 0; k <= n; k++) {
        while (k < n && v[k].kind != DG_TOKEN_NEWLINE)
            k++;
        while (si < nseg && seg[si].b <= a && !(seg[si].b == a && a == l->n))
            si++;
        const dg_literal_seg *g = si < nseg ? &seg[si] : NULL;
        if (g && a >= g->a && a < k && (k < g->b || (k == g->b && k == l->n))) {
            /* A line of prev's: its marks and spans as they were. */
            size_t pa = a - g->a + g->pa;
            /* Most tokens have no mark. */
            const uint8_t *kb = prev->kept + pa - a;
            for (size_t q = a; q < k; q++)
                if (kb[q] & ~DG_KEPT_FLAGS)
                    l->v[q].flags |= unpack_marks(kb[q]);
            if (copy_spans(l, prev, &span_cur, (size_t)((int64_t)l->v[a].start - g->d),
                           (size_t)((int64_t)l->v[k - 1].end - g->d), g->d) < 0)
                return -1;
        } else if (mark_line(text, l, a, k) < 0) {
            return -1;
        }
        a = k + 1;
    }
    vocab vc = {0};
    int rc = keep_marks(text, l, keep, &vc);
    if (rc == 0)
        rc = settle(text, l, abbrevs, &vc, 0, l->n, 1);
    if (keep_vocab(keep, &vc) < 0 || rc < 0)
        return -1;
    normalize_spans(l);
    return 0;
}

/* Marks the lines of tokens [x, y), whole lines, from their own tokens. */
static int mark_lines(const char *text, dg_token_list *l, size_t x, size_t y)
{
    size_t a = x;
    for (size_t k = x; k <= y; k++) {
        if (k < y && l->v[k].kind != DG_TOKEN_NEWLINE)
            continue;
        if (mark_line(text, l, a, k) < 0)
            return -1;
        a = k + 1;
    }
    return 0;
}

/* The tokens of a rerun's list come in segments kept from the last call
 * (seg[i]) and gaps between them, the lines tokenized again: gap i is
 * [gap_start(i), seg[i].a), the last one ends at l->n. */
static size_t gap_start(const dg_literal_seg *seg, size_t i)
{
    return i ? seg[i - 1].b : 0;
}

static size_t gap_end(const dg_token_list *l, const dg_literal_seg *seg, size_t nseg,
                      size_t i)
{
    return i < nseg ? seg[i].a : l->n;
}

/* True when none of the last call's tokens that the rerun dropped (those
 * outside every segment) wrote a code word: the code vocabulary then
 * lost nothing. */
static int dropped_no_code(const dg_literal_seg *seg, size_t nseg, const dg_token_list *keep)
{
    const uint8_t code = pack_marks(CODE_WORD | QUOTED_WORD);
    size_t p = 0;
    for (size_t i = 0; i <= nseg; i++) {
        size_t e = i < nseg ? seg[i].pa : keep->n;
        for (; p < e; p++)
            if (keep->kept[p] & code)
                return 0;
        if (i < nseg)
            p = seg[i].pa + (seg[i].b - seg[i].a);
    }
    return 1;
}

/* The flags dg_literal_mark_keep expects of a rerun's list: the
 * segments' own from the kept bytes, the gaps' as the tokenizer left
 * them. */
static void back_to_raw(dg_token_list *l, const dg_literal_seg *seg, size_t nseg,
                        const dg_token_list *keep)
{
    for (size_t i = 0; i <= nseg; i++) {
        for (size_t k = gap_start(seg, i); k < gap_end(l, seg, nseg, i); k++)
            l->v[k].flags &= DG_KEPT_FLAGS;
        if (i == nseg)
            break;
        const uint8_t *kb = keep->kept + seg[i].pa - seg[i].a;
        for (size_t k = seg[i].a; k < seg[i].b; k++)
            l->v[k].flags = kb[k] & DG_KEPT_FLAGS;
    }
}

/* A segment's first and last bytes in the last call's text. */
static size_t seg_old_start(const dg_token_list *l, const dg_literal_seg *g)
{
    return (size_t)((int64_t)l->v[g->a].start - g->d);
}

static size_t seg_old_end(const dg_token_list *l, const dg_literal_seg *g)
{
    return (size_t)((int64_t)l->v[g->b - 1].end - g->d);
}

/* The gaps' lines marked, their kept bytes into kept and their code words
 * into vc; l->literal (empty) gets the lines' spans, the segments' from
 * keep.  Returns 0, 1 when a gap wrote a code word the vocabulary lacked
 * (every line's marks may change) or -1. */
static int rerun_lines(const char *text, dg_token_list *l, const dg_literal_seg *seg,
                       size_t nseg, const dg_token_list *keep, uint8_t *kept, vocab *vc)
{
    size_t words = vc->seen ? dg_strmap_count(vc->seen) : 0, cur = 0;
    for (size_t i = 0; i <= nseg; i++) {
        size_t x = gap_start(seg, i), y = gap_end(l, seg, nseg, i);
        if (x < y && (mark_lines(text, l, x, y) < 0 || note_marks(text, l, x, y, kept, vc) < 0))
            return -1;
        if (i == nseg)
            break;
        const dg_literal_seg *g = &seg[i];
        if (g->a == g->b)
            continue;
        memcpy(kept + g->a, keep->kept + g->pa, g->b - g->a);
        if (copy_spans(l, keep, &cur, seg_old_start(l, g), seg_old_end(l, g), g->d) < 0)
            return -1;
    }
    return (vc->seen ? dg_strmap_count(vc->seen) : 0) != words;
}

/* The final spans into l->literal (empty): the segments' from the last
 * call's (last), the gaps' from their lines' (lines) and settle(). */
static int rerun_settle(const char *text, dg_token_list *l, const dg_abbrevs *abbrevs,
                        const dg_literal_seg *seg, size_t nseg, const dg_token_list *last,
                        const dg_token_list *lines, const vocab *vc)
{
    size_t cur = 0, lcur = 0;
    for (size_t i = 0; i <= nseg; i++) {
        size_t x = gap_start(seg, i), y = gap_end(l, seg, nseg, i);
        if (x < y) {
            size_t f = l->n_literal;
            if (copy_spans(l, lines, &lcur, l->v[x].start, l->v[y - 1].end, 0) < 0 ||
                settle(text, l, abbrevs, vc, x, y, 0) < 0)
                return -1;
            normalize_spans_from(l, f);
        }
        if (i == nseg)
            break;
        const dg_literal_seg *g = &seg[i];
        if (g->a < g->b &&
            copy_spans(l, last, &cur, seg_old_start(l, g), seg_old_end(l, g), g->d) < 0)
            return -1;
    }
    return 0;
}

int dg_literal_mark_rerun(const char *text, dg_token_list *l, const dg_abbrevs *abbrevs,
                          const dg_literal_seg *seg, size_t nseg, dg_token_list *keep)
{
    /* The text's first word is the last call's when a segment at the
     * start holds one. */
    int first_kept = 0;
    if (nseg && seg[0].a == 0 && seg[0].pa == 0)
        for (size_t k = 0; k < seg[0].b && !first_kept; k++)
            first_kept = is_wordlike(&l->v[k]);
    if (!keep->vocab || !keep->kept || !first_kept || !dropped_no_code(seg, nseg, keep)) {
        back_to_raw(l, seg, nseg, keep);
        return 1;
    }
    size_t cap = l->n + l->n / 4 + 16;
    uint8_t *kept = malloc(cap);
    if (!kept)
        return -1;
    memset(kept + l->n, 0, cap - l->n);
    dg_token_list last = *l;   /* the last call's final spans */
    l->literal = NULL;
    l->n_literal = l->cap_literal = 0;
    int rc = rerun_lines(text, l, seg, nseg, keep, kept, keep->vocab);
    dg_token_list lines = *l;
    if (rc == 0) {
        l->literal = NULL;
        l->n_literal = l->cap_literal = 0;
        rc = rerun_settle(text, l, abbrevs, seg, nseg, &last, &lines, keep->vocab);
    }
    if (rc != 0) {
        free(l->literal);
        if (lines.literal != l->literal)
            free(lines.literal);
        free(kept);
        l->literal = last.literal;
        l->n_literal = last.n_literal;
        l->cap_literal = last.cap_literal;
        if (rc < 0)
            return -1;
        back_to_raw(l, seg, nseg, keep);
        return 1;
    }
    free(last.literal);
    free(keep->literal);
    keep->literal = lines.literal;
    keep->n_literal = lines.n_literal;
    keep->cap_literal = lines.cap_literal;
    free(keep->kept);
    keep->kept = kept;
    keep->cap_kept = cap;
    keep->n = l->n;
    keep->n_invalid = l->n_invalid;
    return 0;
}
