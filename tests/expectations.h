/* expectations.h - the one parser of the Reuters expectations.tsv
 * (../shared/reuters/README.md) for every test that reads it: reuters.c,
 * test-phrases.c and test-dictionary.c.
 *
 * Rows are tab-separated: line kind level find expect [why]; '#' lines,
 * blank lines and an uncommented header row ("line kind ...") are skipped.
 * A malformed row is reported as "# malformed row FILE:LINE: why" (a TAP
 * diagnostic) and counted; the other rows are kept.  expect holds
 * alternatives separated by " | "; an alternative is met when an output
 * line contains it, ’ ‘ and ' counting as the same character. */
#ifndef DG_TEST_EXPECTATIONS_H
#define DG_TEST_EXPECTATIONS_H

#include <stddef.h>

typedef struct xrow {
    unsigned tsv_line; /* line in expectations.tsv, for messages */
    size_t line;       /* 1-based line of garbled.txt */
    char *kind;        /* case abbrev punct compound entity ticker keep */
    int must, keep;    /* level must (else should); kind keep */
    char *find, *expect, *why;
    char **alt;        /* expect split on " | " */
    size_t nalt;
} xrow;

typedef struct xrows {
    xrow *v;
    size_t n;
    int errors; /* malformed rows */
} xrows;

/* Parses tsv[0, n) named file.  input_lines > 0: a row whose line is past
 * it is malformed.  Never fails (out of memory aborts, as tap_xmalloc). */
void xrows_parse(const char *file, const char *tsv, size_t n, size_t input_lines,
                 xrows *out);

/* Reports one more malformed row in the same form (for checks a caller
 * makes against its input, such as find not being on its line). */
void xrows_error(xrows *rs, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void xrows_free(xrows *rs);

/* Parses a 1-based line number (digits only, at most 10^9) into *out;
 * 0 for anything else. */
int xrow_line_number(const char *s, size_t *out);

/* True when hay[0, n) contains needle, ’ ‘ and ' counting as one. */
int xrow_contains(const char *hay, size_t n, const char *needle);

/* The index of the first alternative of r that hay[0, n) contains, or -1. */
int xrow_met(const xrow *r, const char *hay, size_t n);

/* Line l (1-based) of text[0, len) without its '\n': *line_len bytes at
 * the returned pointer, or NULL when the text has fewer lines. */
const char *xrow_line(const char *text, size_t len, size_t l, size_t *line_len);

#endif
