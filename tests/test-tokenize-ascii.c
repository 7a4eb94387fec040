/* test-tokenize-ascii.c - the tokenizer's ASCII fast path equals ICU.
 *
 * lib/tokenize-ascii.c claims ICU's word segments and rule statuses on
 * ASCII.  Checked three ways:
 *   1. segments: every string of up to 4 characters over an alphabet with
 *      a character of each word-break class, of 5 characters of the classes
 *      that join, and random longer ones,
 *      the same with the fast path's marks beyond ASCII (U+2018 U+2019
 *      U+201C U+201D U+2013 U+2014 U+2026 U+00AB U+00BB),
 *      through dg_ascii_word_next() and through ICU's word iterator;
 *      sentence boundaries: the Sentence_Break classes of ASCII, then
 *      every string of up to 3 pieces (each class, abbreviations of ICU's
 *      list whole and partial, characters beyond ASCII), of 4 ASCII
 *      pieces, and random longer ones (the fast path's other marks
 *      beyond ASCII too) through dg_ascii_sentences() and
 *      ICU's "en@ss=standard" sentence iterator;
 *   2. tokens on generated text: random words, numbers, abbreviations,
 *      URLs, quotes, dots, hyphens, apostrophes, line breaks, and a few
 *      non-ASCII characters that send their words to ICU; and text of the
 *      fast path's marks beyond ASCII (dg_fast_wide_len()) next to
 *      letters, digits, blanks, dots, abbreviations, line ends and
 *      characters left to ICU (é, U+00A0, U+0301);
 *   3. tokens on every corpus named on the command line (a file, or a
 *      directory taken whole, subdirectories too), in the pieces dg_cut()
 *      gives, as fix-text tokenizes them.
 * Tokens are compared with dgp_check_fast_path() (tests/fuzz/props.c):
 * offsets, stems, kinds and flags, fast path against DG_TOKENIZER_ICU_ONLY;
 * a difference shows the first differing token in its context.
 *
 * usage: test-tokenize-ascii CORPUS...
 */
#include "degarble.h"
#include "fuzz/props.h"
#include "tap.h"
#include "abbrev.h"
#include "tokenize-ascii.h"
#include "tokenize.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#define MAX_SHOWN 5

/* ---- 1. segments ------------------------------------------------------- */

static UBreakIterator *word_bi;
static UText *ut;

/* ICU's segments of s as "start:status," pairs, and the fast path's. */
static void icu_segments(const char *s, size_t n, char *out, size_t cap)
{
    UErrorCode st = U_ZERO_ERROR;
    ut = utext_openUTF8(ut, s, (int64_t)n, &st);
    ubrk_setUText(word_bi, ut, &st);
    size_t w = 0;
    out[0] = 0;
    for (int32_t b = ubrk_next(word_bi); b != UBRK_DONE && w + 16 < cap;
         b = ubrk_next(word_bi))
        w += (size_t)snprintf(out + w, cap - w, "%d:%d,", b, ubrk_getRuleStatus(word_bi));
}

static void fast_segments(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    out[0] = 0;
    for (size_t p = 0; p < n && w + 16 < cap;) {
        int status;
        p = dg_ascii_word_next(s, p, n, &status);
        w += (size_t)snprintf(out + w, cap - w, "%zu:%d,", p, status);
    }
}

static size_t seg_shown;

static int same_segments(const char *s, size_t n)
{
    char a[1024], b[1024];
    icu_segments(s, n, a, sizeof a);
    fast_segments(s, n, b, sizeof b);
    if (strcmp(a, b) == 0)
        return 1;
    if (seg_shown++ < MAX_SHOWN) {
        char esc[400];
        dgp_escape(esc, sizeof esc, s, n, 100);
        tap_diag("\"%s\": ICU %s fast path %s (end:status)", esc, a, b);
    }
    return 0;
}

/* One character of each ASCII word-break class, and some that are Other. */
static const char alphabet[] = "aZ0@._,;:'\" \t\n\r\v-!?";

/* The characters beyond ASCII of dg_fast_wide_len(), whole UTF-8
 * sequences: U+2018 U+2019 (MidNumLet), then U+201C U+201D U+2013 U+2014
 * U+2026 U+00AB U+00BB (Other). */
#define FAST_WIDE "\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d", \
    "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa6", "\xc2\xab", "\xc2\xbb"

/* Units for segments with the fast path's marks beyond ASCII: each of
 * them, and the ASCII classes they join or break. */
static const char *const wide_units[] = {
    "a", "Z", "0", ".", "'", "_", ",", ";", " ", "\n", "-", "@", FAST_WIDE,
};

/* s[0, *w) += unit u. */
static void put_unit(char *s, size_t *w, const char *u)
{
    size_t l = strlen(u);
    memcpy(s + *w, u, l);
    *w += l;
}

static void check_wide_segments(void)
{
    size_t nu = sizeof wide_units / sizeof *wide_units, bad = 0, count = 0;
    char s[256];
    /* Every string of up to 4 units (a mark between any two classes, and
     * the rules' three characters of look-ahead). */
    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= nu;
        for (size_t k = 0; k < total; k++) {
            size_t v = k, w = 0;
            for (size_t i = 0; i < len; i++, v /= nu)
                put_unit(s, &w, wide_units[v % nu]);
            bad += !same_segments(s, w);
            count++;
        }
    }
    tap_ok(bad == 0, "segments: %zu strings of 1-4 units with U+2018 U+2019 U+201C U+201D "
           "U+2013 U+2014 U+2026 U+00AB U+00BB (%zu differ)", count, bad);

    /* Longer ones, weighted to letters and digits around the apostrophes. */
    unsigned seed = 4242;
    bad = 0;
    for (size_t k = 0; k < 100000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = 1 + (seed >> 8) % 40, w = 0;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            size_t u = r % 3 == 0 ? (r >> 4) % 3 : r % 3 == 1 ? nu - 9 + (r >> 4) % 9
                                                              : (r >> 4) % nu;
            put_unit(s, &w, wide_units[u]);
        }
        bad += !same_segments(s, w);
    }
    tap_ok(bad == 0, "segments: 100000 random strings of 1-40 units with those marks "
           "(%zu differ)", bad);
}

static void check_segments(void)
{
    size_t na = sizeof alphabet - 1, bad = 0, count = 0;
    char s[64];
    /* Every string of up to 4 characters, and of 5 from the classes that
     * join (the rules look at three characters at most). */
    static const char joining[] = "a0@._,'; ";
    for (size_t len = 1; len <= 5; len++) {
        const char *alpha = len < 5 ? alphabet : joining;
        size_t nl = len < 5 ? na : sizeof joining - 1;
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= nl;
        for (size_t k = 0; k < total; k++) {
            size_t v = k;
            for (size_t i = 0; i < len; i++, v /= nl)
                s[i] = alpha[v % nl];
            bad += !same_segments(s, len);
            count++;
        }
    }
    tap_ok(bad == 0, "segments: %zu strings of 1-4 characters from \"aZ0@._,;:'\\\" "
           "\\t\\n\\r\\v-!?\" and of 5 from \"a0@._,';\" and space (%zu differ)", count, bad);

    /* Longer strings of every ASCII byte but NUL, weighted to the classes
     * that join. */
    static const char heavy[] = "aaaaZZ0000@....''',;_  \n";
    unsigned seed = 12345;
    bad = 0;
    for (size_t k = 0; k < 100000; k++) {
        size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 40;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            s[i] = r % 4 ? heavy[(r >> 4) % (sizeof heavy - 1)] : (char)(1 + (r >> 4) % 127);
        }
        bad += !same_segments(s, len);
    }
    tap_ok(bad == 0, "segments: 100000 random ASCII strings of 1-40 bytes (%zu differ)", bad);
    check_wide_segments();
}

/* ---- 1b. sentences ------------------------------------------------------ */

static UBreakIterator *sent_bi;

static int add_boundary(void *ctx, size_t b)
{
    char *out = ctx;
    size_t w = strlen(out);
    if (w + 16 < 1024)
        snprintf(out + w, 1024 - w, "%zu,", b);
    return 0;
}

static size_t sent_shown;

/* 1 when the fast path gives ICU's boundaries or declines (counted). */
static int same_sentences(const char *s, size_t n, size_t *declined)
{
    char a[1024] = "", b[1024] = "";
    UErrorCode st = U_ZERO_ERROR;
    ut = utext_openUTF8(ut, s, (int64_t)n, &st);
    ubrk_setUText(sent_bi, ut, &st);
    for (int32_t k = ubrk_first(sent_bi); k != UBRK_DONE; k = ubrk_next(sent_bi))
        add_boundary(a, (size_t)k);
    if (dg_ascii_sentences(s, 0, n, add_boundary, b) == 1) {
        (*declined)++;
        return 1;
    }
    if (strcmp(a, b) == 0)
        return 1;
    if (sent_shown++ < MAX_SHOWN) {
        char esc[400];
        dgp_escape(esc, sizeof esc, s, n, 100);
        tap_diag("\"%s\": ICU %s fast path %s", esc, a, b);
    }
    return 0;
}

/* Pieces for sentences: each class, and abbreviations of ICU's list, whole
 * and partial (Mr. U.S. Ph.D. Lt.Cdr.), and characters beyond ASCII. */
static const char *const sent_pieces[] = {
    "a", "A", "0", ".", "!", "?", "\"", ")", "(", ",", "-", ":", ";", " ", "\t", "\n", "\r",
    "Mr", "U", "S", "A.", "Ph", "D", "Lt", "Cdr", "p", "M.I.T", "Hon", "B", "#",
    /* beyond ASCII: Close, Sp, Lower, Upper, OLetter, STerm, ATerm, Sep,
     * Other, Extend and Format (declined) */
    "\xe2\x80\x99", "\xe2\x80\x9d", "\xc2\xa0", "\xc3\xa9", "\xc3\x89", "\xe3\x81\x82",
    "\xe3\x80\x82", "\xef\xbc\x8e", "\xe2\x80\xa8", "\xe2\x80\xa6", "\xcc\x81",
    "\xc2\xad",
};

static void check_sentences(void)
{
    size_t bad = 0, declined = 0, count = 0;
    for (int c = 0; c < 128; c++)
        bad += dg_ascii_sentence_class((unsigned char)c) !=
               u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    tap_ok(bad == 0, "sentences: Sentence_Break classes of ASCII as ICU's (%zu differ)", bad);

    /* Every string of up to 3 pieces, and of 4 ASCII pieces. */
    size_t np = sizeof sent_pieces / sizeof *sent_pieces, nascii = 0;
    while ((unsigned char)sent_pieces[nascii][0] < 0x80)
        nascii++;
    char s[256];
    bad = 0;
    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1, np_len = len < 4 ? np : nascii;
        for (size_t i = 0; i < len; i++)
            total *= np_len;
        for (size_t k = 0; k < total; k++) {
            size_t v = k, w = 0;
            for (size_t i = 0; i < len; i++, v /= np_len) {
                size_t pl = strlen(sent_pieces[v % np_len]);
                memcpy(s + w, sent_pieces[v % np_len], pl);
                w += pl;
            }
            bad += !same_sentences(s, w, &declined);
            count++;
        }
    }
    tap_ok(bad == 0, "sentences: %zu strings of 1-3 pieces and of 4 ASCII ones (%zu differ, %zu left to ICU)",
           count, bad, declined);

    /* Random ones, of those pieces and the fast path's other marks beyond
     * ASCII (U+2018 U+201C U+2013 U+2014 U+00AB U+00BB). */
    static const char *const sent_wide[] = {
        "\xe2\x80\x98", "\xe2\x80\x9c", "\xe2\x80\x93", "\xe2\x80\x94", "\xc2\xab",
        "\xc2\xbb",
    };
    size_t nw = sizeof sent_wide / sizeof *sent_wide;
    unsigned seed = 777;
    bad = declined = 0;
    for (size_t k = 0; k < 100000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 8) % 24, w = 0;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t r = (seed >> 8) % (np + nw);
            const char *p = r < np ? sent_pieces[r] : sent_wide[r - np];
            size_t pl = strlen(p);
            memcpy(s + w, p, pl);
            w += pl;
        }
        bad += !same_sentences(s, w, &declined);
    }
    tap_ok(bad == 0, "sentences: 100000 random strings of 1-24 pieces, with the fast path's "
           "marks (%zu differ, %zu left to ICU)", bad, declined);
}

/* ---- 2. and 3. tokens ---------------------------------------------------- */

static size_t tok_shown;

/* Compares the two token streams of text in dg_cut() pieces; returns the
 * number of pieces that differ. */
static size_t check_text(const dg_engine *e, const char *text, size_t len, const char *what)
{
    size_t bad = 0;
    for (size_t pos = 0, n; pos < len; pos += n) {
        n = dg_cut(text + pos, len - pos, 0);
        dgp_msg msg = {{0}};
        if (dgp_check_fast_path(e, text + pos, n, &msg)) {
            bad++;
            if (tok_shown++ < MAX_SHOWN)
                tap_diag("%s, piece at byte %zu: %s", what, pos, msg.text);
        }
    }
    return bad;
}

static unsigned rnd_state = 2024;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

static const char *const pieces[] = {
    "the", "The", "a", "I", "U.S.", "U.S", "U. S.", "Corp.", "Inc.", "Mr.", "Dr.", "e.g.",
    "i.e.", "etc.", "Jan.", "No.", "St.", "vs.", "Ph.D.", "J.", "A.", "AAPL.O", "2454.TW",
    "000063.SZ", "MT6737", "3G", "38North", "10:30", "4.5", "1,300", "1;2", "1'000", "2017",
    "$100", "http://www.reuters.com/a?b=1&c=2", "https://x.org/p_q.", "www.example.com",
    "(www.reuters.com).", "name@example.com", "ftp://h", "Ju-min", "Kim", "Jong-Un",
    "non-state-approved", "-", "--", "---", "...", "..", ".", ",", ";", ":", "!", "?", "\"",
    "'", "'s", "s'", "Reuters'", "Korea's", "don't", "it's", "o'clock", "'90s", "(", ")",
    "[", "]", "{", "}", "<", ">", "/", "\\", "*", "&", "%", "#", "@", "^", "~", "`", "|",
    "+", "=", "_", "__init__", "a_b", "x_1", "1_a", "said", "Korea", "KOREA", "north",
    "sanctions", "a.b.c", "a.b.", "1.2.3", "v1.2", "x86_64", "C++", "--help", "-n",
    "/usr/bin/env", "ii.", "b)", "(c)", "1.)", "\t", "\r\n", "\r", "\v", "\f", "\n", "\n\n",
    "  ", "   ",
    /* non-ASCII: their words go to ICU, the rest stays on the fast path */
    "\xe2\x80\x99", "Korea\xe2\x80\x99s", "caf\xc3\xa9", "e\xcc\x81", "\xc2\xa0",
    "\xe2\x80\x94", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe3\x80\x80", "\xe2\x80\x8d",
    "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xc2\x85", "\xe2\x80\x90", "\xcc\x81",
    /* marks the fast path takes as segments of their own */
    "\xe2\x80\x93", "\xe2\x80\xa6", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9cSo",
};

/* A random document of n of the np units, each right after the last or
 * after a blank (space_in_10 times in ten) or a line end (once in ten). */
static size_t generate_from(const char *const *units, size_t np, unsigned space_in_10,
                            char *out, size_t cap, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = units[rnd(np)];
        size_t pl = strlen(p);
        if (w + pl + 2 >= cap)
            break;
        memcpy(out + w, p, pl);
        w += pl;
        unsigned r = rnd(10);
        if (r < space_in_10)
            out[w++] = ' ';
        else if (r == space_in_10)
            out[w++] = '\n';
    }
    return w;
}

static void check_generated(const dg_engine *e)
{
    char *buf = tap_xmalloc(1 << 16);
    size_t bad = 0;
    for (int k = 0; k < 3000; k++) {
        size_t n = generate_from(pieces, sizeof pieces / sizeof *pieces, 6, buf, 1 << 16,
                                 1 + rnd(k % 10 == 0 ? 2000 : 40));
        bad += check_text(e, buf, n, "generated text") > 0;
    }
    tap_ok(bad == 0, "tokens: 3000 generated texts (%zu differ)", bad);
    free(buf);
}

/* Units for text of the fast path's marks beyond ASCII: the marks alone
 * and in the places news text has them, next to letters, digits, blanks,
 * dots, abbreviations and line ends, and characters the fast path leaves
 * to ICU (é, U+00A0, the combining U+0301, after a mark too) so that the
 * boundaries between the two paths fall next to them. */
static const char *const wide_pieces[] = {
    FAST_WIDE,
    "don\xe2\x80\x99t", "Korea\xe2\x80\x99s", "states\xe2\x80\x99", "\xe2\x80\x99s",
    "\xe2\x80\x98quoted\xe2\x80\x99", "\xe2\x80\x9cSo", "so.\xe2\x80\x9d",
    "word\xe2\x80\x94word", "1\xe2\x80\x93" "2", "1\xe2\x80\x99" "2", "end.\xe2\x80\x9d Next",
    "\xe2\x80\xa6 and", "said\xe2\x80\xa6", "\xc2\xabx\xc2\xbb", "\xe2\x80\x99\xe2\x80\x99",
    "rock\xe2\x80\x99n\xe2\x80\x99roll", "\xe2\x80\x99" "90s", "O\xe2\x80\x99Neil",
    "a", "I", "x", "word", "The", "Next", "0", "42", "3.5", ".", ",", "'", "!", "?", "\"",
    "-", "(", ")", "Mr.", "U.S.", "e.g.", "Dr.", "Inc.", "No.", " ", " ", " ", "  ", "\n",
    "\n\n", "\r\n",
    /* left to ICU */
    "\xc3\xa9", "caf\xc3\xa9", "\xc2\xa0", "\xcc\x81", "e\xcc\x81", "\xe2\x80\x99\xcc\x81",
    "\xe2\x80\x94\xcc\x81",
};

static void check_generated_wide(const dg_engine *e)
{
    char *buf = tap_xmalloc(1 << 14);
    size_t bad = 0;
    for (int k = 0; k < 20000; k++) {
        size_t n = generate_from(wide_pieces, sizeof wide_pieces / sizeof *wide_pieces, 3,
                                 buf, 1 << 14, 1 + rnd(k % 50 == 0 ? 400 : 30));
        bad += check_text(e, buf, n, "generated text with marks beyond ASCII") > 0;
    }
    tap_ok(bad == 0, "tokens: 20000 generated texts with U+2018 U+2019 U+201C U+201D U+2013 "
           "U+2014 U+2026 U+00AB U+00BB, U+00E9, U+00A0, U+0301 (%zu differ)", bad);
    free(buf);
}

static void check_file(const dg_engine *e, const char *path)
{
    size_t len;
    char *text = tap_read_file(path, &len);
    if (!text) {
        tap_ok(0, "tokens: %s: cannot read", path);
        return;
    }
    size_t bad = check_text(e, text, len, path);
    tap_ok(bad == 0, "tokens: %s (%zu bytes; %zu pieces differ)", path, len, bad);
    free(text);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_path(const dg_engine *e, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        tap_ok(0, "tokens: %s: not found", path);
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        check_file(e, path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        tap_ok(0, "tokens: %s: cannot open", path);
        return;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        names = tap_xrealloc(names, (n + 1) * sizeof *names);
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[n] = tap_xmalloc(l);
        snprintf(names[n++], l, "%s/%s", path, de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        check_path(e, names[i]);
        free(names[i]);
    }
    free(names);
}

/* ---- 4. reruns ------------------------------------------------------------ */

/* Code whose words prose may name too (the code vocabulary of literal.c),
 * so that edits add and drop lines that write code. */
static const char *const code_pieces[] = {
    "gzip", "gzip -d", "/usr/bin/gzip", "`gzip'", "rm", "rm -rf", "debian/", "ls", "`ls`",
    "hunspell", "/usr/share/hunspell", "man hunspell", "  indented", "a\tb", "<a@b.org>",
};

static const char *rerun_piece(void)
{
    size_t np = sizeof pieces / sizeof *pieces, nc = sizeof code_pieces / sizeof *code_pieces;
    return rnd(3) == 0 ? code_pieces[rnd(nc)] : pieces[rnd(np)];
}

/* old with up to four random changes (pieces put in for random spans)
 * into out; their list into ch.  Returns the new length. */
static size_t random_changes(const char *old, size_t n, char *out, size_t cap, dg_change *ch,
                             size_t *nch)
{
    size_t w = 0, p = 0, k = 0, want = 1 + rnd(4);
    while (k < want && p < n) {
        size_t s = p + rnd((unsigned)(n - p > 400 ? 400 : n - p) + 1);
        size_t e = s + rnd(8);
        if (e > n)
            e = n;
        const char *r = rnd(4) ? rerun_piece() : "";
        char sep[2] = {rnd(3) == 0 ? '\n' : ' ', 0};
        size_t rl = strlen(r), sl = *r ? 1 : 0;
        if (w + (s - p) + rl + sl >= cap)
            break;
        memcpy(out + w, old + p, s - p);
        w += s - p;
        memcpy(out + w, r, rl);
        memcpy(out + w + rl, sep, sl);
        w += rl + sl;
        ch[k++] = (dg_change){s, e, rl + sl};
        p = e;
    }
    if (w + (n - p) >= cap)
        return (size_t)-1;
    memcpy(out + w, old + p, n - p);
    *nch = k;
    return w + n - p;
}

/* dg_tokenizer_rerun after random edits of generated text: with
 * DG_TOKENIZER_VERIFY_RERUN it aborts unless its list, kept bytes and
 * spans are a whole run's. */
static void check_reruns(void)
{
    void *wt = NULL, *st = NULL;
    dg_abbrevs *ab = dg_abbrevs_new();
    if (dg_tokenizer_templates_new(&wt, &st) < 0 || !ab ||
        dg_abbrevs_add_icu_suppressions(ab) != DG_OK) {
        tap_ok(0, "reruns: no tokenizer");
        return;
    }
    setenv("DG_TOKENIZER_VERIFY_RERUN", "1", 1);
    dg_tokenizer *tz = dg_tokenizer_new(wt, st, ab);
    unsetenv("DG_TOKENIZER_VERIFY_RERUN");
    size_t cap = 1 << 16, runs = 0, reruns = 0, bad = 0;
    char *a = tap_xmalloc(cap), *b = tap_xmalloc(cap);
    for (int k = 0; tz && k < 1500; k++) {
        size_t n = 0, np = 1 + rnd(k % 10 == 0 ? 1500 : 120);
        for (size_t i = 0; i < np && n + 64 < cap; i++) {
            const char *p = rerun_piece();
            size_t pl = strlen(p);
            memcpy(a + n, p, pl);
            n += pl;
            a[n++] = rnd(5) == 0 ? '\n' : ' ';
        }
        dg_token_list l, keep;
        dg_token_list_init(&l);
        dg_token_list_init(&keep);
        bad += dg_tokenizer_run_keep(tz, a, n, &l, &keep) != DG_OK;
        for (int pass = 0; pass < 4; pass++) {
            dg_change ch[4];
            size_t nch, m = random_changes(a, n, b, cap, ch, &nch);
            if (m == (size_t)-1)
                break;
            int rc = dg_tokenizer_rerun(tz, b, m, &l, &keep, n, ch, nch);
            runs++;
            reruns += rc == 0;
            if (rc == 1)
                rc = dg_tokenizer_run_keep(tz, b, m, &l, &keep) == DG_OK ? 0 : -1;
            bad += rc != 0;
            char *t = a;
            a = b;
            b = t;
            n = m;
        }
        dg_token_list_free(&l);
        dg_token_list_free(&keep);
    }
    tap_ok(tz && bad == 0 && reruns * 2 > runs,
           "reruns: %zu edited texts, %zu rerun, as a whole run (%zu failed)", runs, reruns,
           bad);
    free(a);
    free(b);
    dg_tokenizer_free(tz);
    dg_abbrevs_free(ab);
    dg_tokenizer_templates_free(wt, st);
}

int main(int argc, char **argv)
{
    UErrorCode st = U_ZERO_ERROR;
    word_bi = ubrk_open(UBRK_WORD, "en", NULL, 0, &st);
    if (U_FAILURE(st))
        return tap_skip_all("ICU word iterator unavailable");
    check_segments();
    sent_bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    if (U_FAILURE(st))
        return tap_skip_all("ICU sentence iterator unavailable");
    check_sentences();
    ubrk_close(sent_bi);
    ubrk_close(word_bi);
    utext_close(ut);

    /* Only the tokenizer runs: no dictionary needed. */
    dg_options o = {.disabled_stages = DG_STAGE_DICTIONARY};
    dg_engine *e = tap_engine_new(&o);
    check_generated(e);
    check_generated_wide(e);
    check_reruns();
    for (int i = 1; i < argc; i++)
        check_path(e, argv[i]);
    dg_engine_free(e);
    return tap_done();
}
