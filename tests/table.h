/* table.h - one reader and one format for the stage tables in tests/data
 * (punct.tsv, casing.tsv, phrases.tsv, dictionary.tsv, tokenize.tsv), and
 * the checks every fixing stage's table shares.
 *
 * THE FORMAT (the only description of it; each table's header says only
 * what its columns mean for that stage):
 *
 *   - One case per line: INPUT<TAB>EXPECTED[<TAB>EXTRA]...
 *   - Lines that start with '#' and empty lines are ignored.  A '#' after
 *     the first byte is data.  A trailing \r (CRLF file) is dropped.
 *   - Every column takes the escapes \t tab, \n newline, \r carriage
 *     return, \\ backslash and \xHH one raw byte (invalid UTF-8, \x00);
 *     any other \X stands for X, so "\=" is a literal "=" and "\#" at the
 *     start of a line is an input that begins with '#'.
 *   - EXPECTED written as a bare "=" means "the same as INPUT"; a column
 *     written as a bare "-" is a marker where the table gives it a meaning
 *     (below).  Written "\=" and "\-" they are the plain characters.
 *   - A non-empty line without a tab, with a \x not followed by two hex
 *     digits or with a backslash ending a column is a failed check naming
 *     FILE:LINE, never skipped in silence; so is a table without a case.
 *
 * For the fixing stages (punct, casing, phrases, dictionary) INPUT is one
 * document, fixed with only that stage enabled, and EXPECTED is the output.
 * Their extra columns all mean the same (table_fix checks them):
 *
 *   INPUT  EXPECTED                      nothing more to check
 *   INPUT  EXPECTED  -                   the stage reports no finding
 *   INPUT  EXPECTED  RULE                a finding (proposed, not applied)
 *                                        with rule id RULE is reported
 *   INPUT  EXPECTED  RULE  SPAN          ... on exactly the text SPAN
 *   INPUT  EXPECTED  RULE  SPAN  REPL    ... proposing REPL ("-": no
 *                                        replacement)
 *
 * tokenize.tsv reads EXPECTED as the text of one token of INPUT and its
 * extra columns as properties of that token (see that file's header).
 */
#ifndef DG_TEST_TABLE_H
#define DG_TEST_TABLE_H

#include "degarble.h"

#include <stddef.h>

#define TABLE_MAX_COLS 8

/* One case, every column already unescaped and NUL-terminated (a column
 * may also hold NUL bytes: use len).  Valid only during the callback. */
typedef struct table_row {
    const char *file;  /* the table's base name, "punct.tsv" */
    unsigned line;     /* 1-based line in that file */
    size_t ncol;       /* columns, at least 2 (INPUT and EXPECTED) */
    const char *col[TABLE_MAX_COLS];
    size_t len[TABLE_MAX_COLS];
    int same;          /* EXPECTED was "=": col[1] is a copy of col[0] */
    char mark[TABLE_MAX_COLS]; /* '=' or '-' for a column written as just
                                  that character, else 0 */
} table_row;

typedef void (*table_fn)(const table_row *row, void *ctx);

/* Reads tests/data/NAME under the source root (NAME starting with '/':
 * that file) and calls fn once per case, in file order.  Records a failed
 * check for an unreadable file and for each line it cannot take (no tab,
 * more than TABLE_MAX_COLS columns, a bad escape), then one check "NAME: N
 * cases" that fails when N is 0.  Returns N, or -1 when the file cannot
 * be read. */
int table_run(const char *name, table_fn fn, void *ctx);

/* The check name prefix of a row: "punct.tsv:12" followed by up to 48
 * bytes of its input in quotes, with '#' and NUL escaped (tap_ok escapes
 * line breaks and control bytes).  A static buffer: the next call
 * overwrites it. */
const char *table_where(const table_row *row);

/* A fixing stage as its table sees it. */
typedef struct table_stage {
    const dg_engine *engine; /* built with only this stage enabled */
    unsigned stage;          /* DG_STAGE_PUNCT, ... */
    const char *prefix;      /* rule ids start with this: "punct." */
} table_stage;

/* The checks every fixing stage's row gets, one TAP line each:
 *   1 dg_fix succeeds;
 *   2 the output is EXPECTED (on failure: the edits and findings, each
 *     shown in its context);
 *   3 every edit and finding comes from the stage, with a rule id that
 *     starts with its prefix and a reason;
 *   4 fixing the output again makes no edit (the stage is idempotent);
 *   5 then one check for the extra columns, when the row has any.
 * Returns the result of the first run for the stage's own checks (free it
 * with dg_result_free), or NULL when dg_fix failed. */
dg_result *table_fix(const table_stage *st, const table_row *row);

/* The same checks for a case that does not come from a table (examples in
 * a rules file, a case spelled out in C): where names it in the output. */
dg_result *table_fix_case(const table_stage *st, const char *where,
                          const char *in, size_t in_len, const char *want,
                          size_t want_len);

/* Prints every edit and finding of r over in as diagnostics. */
void table_show_edits(const dg_result *r, const char *in, size_t in_len);

#endif
