/* expectations.c - see expectations.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "expectations.h"
#include "tap.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KINDS[] = {"case", "abbrev", "punct", "compound",
                                    "entity", "ticker", "keep", NULL};

static char *xstrndup(const char *s, size_t n)
{
    char *d = tap_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void xrows_error(xrows *rs, const char *file, unsigned ln, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("# malformed row %s:%u: ", file, ln);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    rs->errors++;
}

int xrow_line_number(const char *s, size_t *out)
{
    if (!*s)
        return 0;
    size_t v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || v > 1000000000)
            return 0;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return v > 0;
}

/* Splits expect on " | " into alternatives; an empty alternative is a
 * malformed row (it would match every line). */
static int split_alternatives(xrow *r)
{
    size_t cap = 4;
    r->alt = tap_xmalloc(cap * sizeof *r->alt);
    r->nalt = 0;
    const char *s = r->expect;
    for (;;) {
        const char *bar = strstr(s, " | ");
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        if (n == 0)
            return 0;
        if (r->nalt == cap)
            r->alt = tap_xrealloc(r->alt, (cap *= 2) * sizeof *r->alt);
        r->alt[r->nalt++] = xstrndup(s, n);
        if (!bar)
            return 1;
        s = bar + 3;
    }
}

static void row_free(xrow *r)
{
    for (size_t a = 0; a < r->nalt; a++)
        free(r->alt[a]);
    free(r->alt);
    free(r->kind);
    free(r->find);
    free(r->expect);
    free(r->why);
}

/* One row of text (a NUL-terminated copy of its line, cut at the tabs). */
static void parse_row(const char *file, unsigned ln, char *text, size_t n,
                      size_t input_lines, xrows *rs)
{
    if (memchr(text, '\0', n)) {
        xrows_error(rs, file, ln, "NUL byte");
        return;
    }
    char *col[16];
    size_t ncol = 0;
    char *s = text;
    for (;;) {
        char *tab = strchr(s, '\t');
        if (ncol < 16)
            col[ncol] = s;
        ncol++;
        if (!tab)
            break;
        *tab = '\0';
        s = tab + 1;
    }
    /* Trailing empty columns (a stray tab at the end) carry nothing. */
    while (ncol > 6 && ncol <= 16 && col[ncol - 1][0] == '\0')
        ncol--;
    if (ncol < 5 || ncol > 6) {
        xrows_error(rs, file, ln,
                    "%zu tab-separated columns, want 6 (line kind level "
                    "find expect why; why may be left out)", ncol);
        return;
    }
    /* An uncommented header row names the columns. */
    if (strcmp(col[0], "line") == 0 && strcmp(col[1], "kind") == 0)
        return;
    xrow r;
    memset(&r, 0, sizeof r);
    r.tsv_line = ln;
    int bad = 0;
    if (!xrow_line_number(col[0], &r.line)) {
        xrows_error(rs, file, ln, "line \"%s\" is not a positive number", col[0]);
        bad = 1;
    } else if (input_lines && r.line > input_lines) {
        xrows_error(rs, file, ln, "line %zu is past the end of the input (%zu lines)",
                    r.line, input_lines);
        bad = 1;
    }
    int known = 0;
    for (size_t k = 0; KINDS[k]; k++)
        known |= strcmp(col[1], KINDS[k]) == 0;
    if (!known) {
        xrows_error(rs, file, ln, "unknown kind \"%s\"", col[1]);
        bad = 1;
    }
    if (strcmp(col[2], "must") != 0 && strcmp(col[2], "should") != 0) {
        xrows_error(rs, file, ln, "level \"%s\" is neither must nor should", col[2]);
        bad = 1;
    }
    if (col[3][0] == '\0' || col[4][0] == '\0') {
        xrows_error(rs, file, ln, "empty find or expect");
        bad = 1;
    }
    if (bad)
        return;
    r.kind = strdup(col[1]);
    r.must = strcmp(col[2], "must") == 0;
    r.keep = strcmp(col[1], "keep") == 0;
    r.find = strdup(col[3]);
    r.expect = strdup(col[4]);
    r.why = strdup(ncol == 6 ? col[5] : "");
    if (!r.kind || !r.find || !r.expect || !r.why) {
        fprintf(stderr, "expectations: out of memory\n");
        abort();
    }
    if (!split_alternatives(&r)) {
        xrows_error(rs, file, ln, "empty alternative in expect \"%s\"", r.expect);
        row_free(&r);
        return;
    }
    if (rs->n % 64 == 0)
        rs->v = tap_xrealloc(rs->v, (rs->n + 64) * sizeof *rs->v);
    rs->v[rs->n++] = r;
}

void xrows_parse(const char *file, const char *tsv, size_t len, size_t input_lines,
                 xrows *rs)
{
    rs->v = NULL;
    rs->n = 0;
    rs->errors = 0;
    unsigned ln = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(tsv + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - tsv) : len, n = e - i;
        ln++;
        char *text = xstrndup(tsv + i, n);
        i = nl ? e + 1 : len;
        /* A file edited on Windows: the CR is line ending, not data. */
        if (n && text[n - 1] == '\r')
            text[--n] = '\0';
        const char *t = text;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t != '\0' && *t != '#')
            parse_row(file, ln, text, n, input_lines, rs);
        free(text);
    }
}

void xrows_free(xrows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        row_free(&rs->v[i]);
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}

/* The README's comparison rule: ’ (U+2019), ‘ (U+2018) and ' are the same
 * character.  Folding both sides to ' keeps the rest a plain byte search. */
static char *fold_quotes(const char *s, size_t n, size_t *out_n)
{
    char *d = tap_xmalloc(n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
            d[j++] = '\'';
            i += 2;
        } else {
            d[j++] = s[i];
        }
    }
    d[j] = '\0';
    *out_n = j;
    return d;
}

int xrow_contains(const char *hay, size_t hn, const char *needle)
{
    size_t fh, fn;
    char *h = fold_quotes(hay, hn, &fh);
    char *n = fold_quotes(needle, strlen(needle), &fn);
    int found = fn == 0 || memmem(h, fh, n, fn) != NULL;
    free(h);
    free(n);
    return found;
}

int xrow_met(const xrow *r, const char *hay, size_t n)
{
    for (size_t a = 0; a < r->nalt; a++)
        if (xrow_contains(hay, n, r->alt[a]))
            return (int)a;
    return -1;
}

const char *xrow_line(const char *text, size_t len, size_t l, size_t *line_len)
{
    const char *p = text, *end = text + len;
    for (size_t k = 1; k < l; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p == end && l > 1 && (len == 0 || text[len - 1] == '\n'))
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    return p;
}
