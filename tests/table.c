/* table.c - the table reader and the shared checks of the fixing stages
 * (format and checks described in table.h). */
#include "table.h"
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A malformed escape would turn into a wrong byte without a word: \x needs
 * two hex digits, and a backslash cannot end a column. */
static const char *bad_escape(const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdefABCDEF";
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\')
            continue;
        if (i + 1 == n)
            return "a backslash ends a column";
        if (s[i + 1] == 'x' &&
            (i + 3 >= n || !s[i + 2] || !strchr(hex, s[i + 2]) || !s[i + 3] ||
             !strchr(hex, s[i + 3])))
            return "\\x wants two hex digits";
        i++;
    }
    return NULL;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int table_run(const char *name, table_fn fn, void *ctx)
{
    char path[4096];
    if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/tests/data/%s", tap_source_root(), name);
    size_t size;
    char *text = tap_read_file(path, &size);
    if (!text) {
        tap_ok(0, "read %s: %s", path, strerror(errno));
        return -1;
    }
    /* Unescaped columns are never longer than the line they come from;
     * each gets a NUL of its own. */
    char *buf = tap_xmalloc(size + TABLE_MAX_COLS + 1);
    table_row row;
    int cases = 0;
    unsigned line = 0;
    const char *end = text + size;
    for (const char *p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        line++;
        if (eol > p && eol[-1] == '\r')
            eol--;
        if (eol == p || p[0] == '#') {
            p = next;
            continue;
        }
        memset(&row, 0, sizeof row);
        row.file = base_name(name);
        row.line = line;
        const char *raw[TABLE_MAX_COLS + 1];
        size_t raw_len[TABLE_MAX_COLS + 1], ncol = 0;
        for (const char *c = p; ncol <= TABLE_MAX_COLS;) {
            const char *tab = memchr(c, '\t', (size_t)(eol - c));
            raw[ncol] = c;
            raw_len[ncol++] = (size_t)((tab ? tab : eol) - c);
            if (!tab)
                break;
            c = tab + 1;
        }
        const char *why = NULL;
        if (ncol < 2)
            why = "has no tab between INPUT and EXPECTED";
        else if (ncol > TABLE_MAX_COLS)
            why = "has too many columns";
        for (size_t k = 0; k < ncol && !why; k++)
            why = bad_escape(raw[k], raw_len[k]);
        if (why) {
            tap_ok(0, "%s:%u %s", row.file, line, why);
            p = next;
            continue;
        }
        char *o = buf;
        row.ncol = ncol;
        for (size_t k = 0; k < ncol; k++) {
            row.len[k] = tap_unescape(raw[k], raw_len[k], o, raw_len[k] + 1);
            row.col[k] = o;
            o += row.len[k] + 1;
        }
        for (size_t k = 0; k < ncol; k++)
            if (raw_len[k] == 1 && (raw[k][0] == '=' || raw[k][0] == '-'))
                row.mark[k] = raw[k][0];
        if (row.mark[1] == '=') {
            row.same = 1;
            row.col[1] = row.col[0];
            row.len[1] = row.len[0];
        }
        fn(&row, ctx);
        cases++;
        p = next;
    }
    free(buf);
    free(text);
    tap_ok(cases > 0, "%s: %d cases", base_name(name), cases);
    return cases;
}

const char *table_where(const table_row *row)
{
    static char where[256];
    size_t n = row->len[0], cut = 48;
    if (n > cut) {
        /* Never end inside a UTF-8 sequence. */
        while (cut > 0 && ((unsigned char)row->col[0][cut] & 0xC0) == 0x80)
            cut--;
        n = cut;
    }
    /* A '#' would start a TAP directive: "a # TODO" in an input would turn
     * a failure into an expected failure, and a NUL would end the name.
     * tap_ok escapes line breaks and the rest. */
    int o = snprintf(where, sizeof where, "%s:%u \"", row->file, row->line);
    for (size_t i = 0; i < n && o < (int)sizeof where - 8; i++) {
        char c = row->col[0][i];
        if (c == '#' || c == '\0')
            o += snprintf(where + o, sizeof where - (size_t)o, "\\x%02x", c);
        else
            where[o++] = c;
    }
    snprintf(where + o, sizeof where - (size_t)o, "%s\"", n < row->len[0] ? "..." : "");
    return where;
}

/* Two diagnostic lines: the rule and its reason, then the edit in its
 * context (tap_put_in_context). */
static void show_one(const char *kind, const dg_edit *e, const char *in,
                     size_t in_len)
{
    size_t rl = 0;
    const char *repl = dg_edit_replacement(e, &rl);
    const char *reason = dg_edit_reason(e);
    size_t s = dg_edit_start(e), t = dg_edit_end(e);
    tap_diag("  %s %s (%.2f%s): %s", kind, dg_edit_rule(e), dg_edit_confidence(e),
             repl ? "" : ", no replacement", reason ? reason : "(no reason)");
    fputs("#     at ", stdout);
    if (s <= t && t <= in_len)
        tap_put_in_context(in, in_len, s, t, repl, repl ? rl : 0);
    else
        printf("[%zu,%zu), outside the input", s, t);
    putchar('\n');
}

void table_show_edits(const dg_result *r, const char *in, size_t in_len)
{
    for (size_t k = 0; k < dg_result_edit_count(r); k++)
        show_one("edit", dg_result_edit(r, k), in, in_len);
    for (size_t k = 0; k < dg_result_finding_count(r); k++)
        show_one("finding", dg_result_finding(r, k), in, in_len);
}

/* An edit or finding of the stage under test: its stage, its rule prefix,
 * a reason.  The engine's own input check reports invalid UTF-8 whichever
 * stages run; such a finding (DG_STAGE_INPUT, "input.*") is allowed too. */
static int from_stage(const table_stage *st, const dg_edit *e, int finding)
{
    const char *rule = dg_edit_rule(e), *why = dg_edit_reason(e);
    unsigned stage = dg_edit_stage(e);
    const char *prefix = st->prefix;
    if (finding && stage == DG_STAGE_INPUT && stage != st->stage) {
        prefix = "input.";
    } else if (stage != st->stage) {
        return 0;
    }
    return rule && strncmp(rule, prefix, strlen(prefix)) == 0 && why && *why;
}

static dg_result *fix_checks(const table_stage *st, const char *where,
                             const char *in, size_t in_len, const char *want,
                             size_t want_len)
{
    dg_result *r = NULL;
    dg_status status = dg_fix(st->engine, in, in_len, &r);
    if (!tap_ok(status == DG_OK, "%s dg_fix", where)) {
        tap_diag("  %s", dg_status_str(status));
        return NULL;
    }
    size_t out_len;
    const char *out = dg_result_text(r, &out_len);
    if (!tap_ok(out_len == want_len && memcmp(out, want, want_len) == 0,
                "%s output", where)) {
        fputs("#   got:  \"", stdout);
        tap_put_escaped(out, out_len);
        fputs("\"\n#   want: \"", stdout);
        tap_put_escaped(want, want_len);
        fputs("\"\n", stdout);
        table_show_edits(r, in, in_len);
    }

    size_t n = dg_result_edit_count(r), nf = dg_result_finding_count(r);
    int ok = 1;
    for (size_t k = 0; k < n + nf; k++) {
        const dg_edit *e = k < n ? dg_result_edit(r, k) : dg_result_finding(r, k - n);
        if (!from_stage(st, e, k >= n)) {
            if (ok)
                tap_diag("  not from the stage, or without a reason:");
            show_one(k < n ? "edit" : "finding", e, in, in_len);
            ok = 0;
        }
    }
    tap_ok(ok, "%s edits and findings are %s* with reasons", where, st->prefix);

    dg_result *again = NULL;
    status = dg_fix(st->engine, out, out_len, &again);
    if (!tap_ok(status == DG_OK && dg_result_edit_count(again) == 0,
                "%s idempotent", where) && status == DG_OK) {
        tap_diag("  fixing the output again:");
        table_show_edits(again, out, out_len);
    }
    dg_result_free(again);
    return r;
}

dg_result *table_fix_case(const table_stage *st, const char *where,
                          const char *in, size_t in_len, const char *want,
                          size_t want_len)
{
    return fix_checks(st, where, in, in_len, want, want_len);
}

static const dg_edit *find_finding(const dg_result *r, const char *in,
                                   const table_row *row, int with_repl)
{
    for (size_t k = 0; k < dg_result_finding_count(r); k++) {
        const dg_edit *f = dg_result_finding(r, k);
        size_t s = dg_edit_start(f), t = dg_edit_end(f);
        if (strcmp(dg_edit_rule(f), row->col[2]) != 0)
            continue;
        if (row->ncol > 3 && (t - s != row->len[3] || memcmp(in + s, row->col[3], t - s) != 0))
            continue;
        if (with_repl) {
            size_t rl = 0;
            const char *repl = dg_edit_replacement(f, &rl);
            int none = row->mark[4] == '-';
            if (none ? repl != NULL
                     : !repl || rl != row->len[4] || memcmp(repl, row->col[4], rl) != 0)
                continue;
        }
        return f;
    }
    return NULL;
}

dg_result *table_fix(const table_stage *st, const table_row *row)
{
    const char *where = table_where(row);
    const char *in = row->col[0];
    size_t in_len = row->len[0];
    dg_result *r = fix_checks(st, where, in, in_len, row->col[1], row->len[1]);
    if (row->ncol < 3)
        return r;
    if (row->ncol > 5) {
        tap_ok(0, "%s has more than 5 columns", where);
        return r;
    }
    if (row->ncol == 3 && row->mark[2] == '-') {
        size_t n = 0;
        for (size_t k = 0; r && k < dg_result_finding_count(r); k++)
            n += dg_edit_stage(dg_result_finding(r, k)) == st->stage;
        if (!tap_ok(r && n == 0, "%s no findings", where) && r)
            table_show_edits(r, in, in_len);
        return r;
    }
    int found = r && find_finding(r, in, row, 0);
    if (!tap_ok(found, "%s reports %s%s%s%s", where, row->col[2],
                row->ncol > 3 ? " on \"" : "", row->ncol > 3 ? row->col[3] : "",
                row->ncol > 3 ? "\"" : "") && r)
        table_show_edits(r, in, in_len);
    if (row->ncol == 5)
        tap_ok(r && find_finding(r, in, row, 1), "%s %s proposes %s", where,
               row->col[2], row->col[4]);
    return r;
}
