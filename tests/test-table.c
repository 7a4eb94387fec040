/* test-table.c - the table harness itself (tests/table.c, tests/tap.c):
 * a wrong expectation must fail, a line the reader cannot take must fail,
 * and whatever the data holds, every line printed must be TAP that meson
 * reads (no line break inside a name, no directive smuggled in by a '#',
 * valid UTF-8).
 *
 * A forked child runs a small punct table with planted mistakes, its
 * output going to a file; this process reads that output and checks which
 * rows failed. */
#include "degarble.h"
#include "table.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* Each row, and whether its checks must all pass (1) or some fail (0). */
static const struct {
    const char *line;
    int pass;
} rows[] = {
    {"# a comment, then an empty line", -1},
    {"", -1},
    {"the U. N. sanctions\tthe U.N. sanctions", 1},
    {"the U. N. sanctions\t=", 0},                      /* wrong expectation */
    {"Is this the end ? Yes !\tIs this the end ? Yes!", 0}, /* wrong expectation */
    {"=\t\\=", 1},                                      /* "\=" is a plain "=" */
    {"x\t\\=", 0},
    {"no tab in this line", 0},
    {"bad \\xZ1 escape\t=", 0},
    {"a backslash at the end \\\t=", 0},
    {"wrong, and a # TODO in the input\tx", 0},         /* must stay a failure */
    {"fine # SKIP this\t=", 1},
    {"a line\\nbreak , inside\ta line\\nbreak, inside", 1},
    {"a line\\nbreak , wrong\t=", 0},
    /* punct leaves the spacing next to invalid bytes alone */
    {"invalid \\xff\\xfe , bytes\t=", 1},
    {"invalid \\xff , wrong\tinvalid \\xff, wrong", 0},
    {"a NUL\\x00 , byte\t=", 1},
    {"crlf line ,\tcrlf line,\r", 1},
    {"1 ) first item\t=\tpunct.space-before", 1},
    {"plain text\t=\tpunct.space-before", 0},          /* finding missing */
    {"stop , go\tstop, go\t-", 1},
    {"1 ) first item\t=\t-", 0},                        /* there is a finding */
    {"1 ) first item\t=\tpunct.space-before\t1", 0},          /* wrong span */
    {"1 ) first item\t=\tpunct.space-before\t\\x20", 1},
    {"1 ) first item\t=\tpunct.space-before\t\\x20\t)", 0}, /* wrong replacement */
    {"1 ) first item\t=\tpunct.space-before\t\\x20\t", 1},  /* deletes the space */
    {"1 ) first item\t=\tpunct.space-before\t\\x20\t-", 0}, /* it has a replacement */
};
#define NROWS (sizeof rows / sizeof rows[0])

static void row_fn(const table_row *row, void *ctx)
{
    dg_result_free(table_fix(ctx, row));
}

/* The child: the table through the harness, TAP to stdout. */
static int child(const char *table)
{
    dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PUNCT};
    dg_engine *e = tap_engine_new(&o);
    table_stage st = {e, DG_STAGE_PUNCT, "punct."};
    table_run(table, row_fn, &st);
    tap_diag("a diagnostic\nover two lines, with a \x01 and \xff");
    tap_ok(1, "a name with a line break\nand a tab\t, a \x02 and \xc3");
    dg_engine_free(e);
    return tap_done();
}

/* Valid UTF-8 (the same rules as tap.c; kept apart so that a bug there
 * cannot hide here). */
static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                               : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* What meson's TAP reader would make of a line: a test line, a plan, a
 * diagnostic, or unknown.  A '#' followed by SKIP or TODO in a test line is
 * a directive. */
static int has_directive(const char *line)
{
    for (const char *h = strchr(line, '#'); h; h = strchr(h + 1, '#')) {
        const char *p = h + 1;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "skip", 4) == 0 || strncasecmp(p, "todo", 4) == 0)
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* --child TABLE runs the harness alone, to see its output. */
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return child(argv[2]);

    char dir[] = "/tmp/dg-test-table-XXXXXX";
    if (!mkdtemp(dir))
        return tap_skip_all("cannot make a temporary directory");
    char table[256], out[256];
    snprintf(table, sizeof table, "%s/planted.tsv", dir);
    snprintf(out, sizeof out, "%s/out.tap", dir);
    FILE *f = fopen(table, "wb");
    if (!f)
        return tap_skip_all("cannot write the table");
    for (size_t i = 0; i < NROWS; i++)
        fprintf(f, "%s\n", rows[i].line);
    fclose(f);

    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        tap_ok(0, "fork");
        return tap_done();
    }
    if (pid == 0) {
        /* Nothing has been printed yet, so the child's count starts at 1. */
        if (!freopen(out, "wb", stdout))
            _exit(2);
        child(table);
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the harness runs the table");

    size_t len;
    char *text = tap_read_file(out, &len);
    if (!tap_ok(text != NULL, "read its output")) {
        unlink(table);
        rmdir(dir);
        return tap_done();
    }
    /* Failed checks per table line; every output line must be TAP. */
    int failed[NROWS + 2] = {0}, passed[NROWS + 2] = {0};
    int unknown = 0, directives = 0, bad_utf8 = 0, plan = 0, count_check = 0;
    for (char *line = text, *next; line && *line; line = next) {
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        if (!valid_utf8((const unsigned char *)line, strlen(line))) {
            tap_diag("not UTF-8: %s", line);
            bad_utf8++;
        }
        int notok = strncmp(line, "not ok ", 7) == 0;
        if (notok || strncmp(line, "ok ", 3) == 0) {
            if (has_directive(line)) {
                tap_diag("directive in: %s", line);
                directives++;
            }
            const char *at = strstr(line, "planted.tsv:");
            unsigned n = at ? (unsigned)atoi(at + 12) : 0;
            if (at && at[12] == ' ' && strstr(line, "cases"))
                count_check = 1;
            else if (n >= 1 && n <= NROWS)
                (notok ? failed : passed)[n]++;
        } else if (strncmp(line, "1..", 3) == 0) {
            plan++;
        } else if (line[0] != '#') {
            tap_diag("unknown TAP line: %s", line);
            unknown++;
        }
    }
    tap_ok(unknown == 0, "every line is a test line, a plan or a diagnostic (%d not)", unknown);
    tap_ok(directives == 0, "no data turns a check into SKIP or TODO (%d did)", directives);
    tap_ok(bad_utf8 == 0, "every line is valid UTF-8 (%d not)", bad_utf8);
    tap_ok(plan == 1, "one plan");
    tap_ok(count_check, "the table's count check is there");
    for (size_t i = 0; i < NROWS; i++) {
        unsigned n = (unsigned)i + 1;
        if (rows[i].pass < 0)
            tap_ok(failed[n] + passed[n] == 0, "planted.tsv:%u is skipped", n);
        else if (rows[i].pass)
            tap_ok(failed[n] == 0 && passed[n] >= 4, "planted.tsv:%u passes (%d checks)", n,
                   passed[n]);
        else
            tap_ok(failed[n] > 0, "planted.tsv:%u fails (%d of %d checks)", n, failed[n],
                   failed[n] + passed[n]);
    }
    free(text);
    unlink(out);
    unlink(table);
    rmdir(dir);
    return tap_done();
}
