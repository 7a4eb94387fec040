/*
 * reuters.c - the Reuters check (issue 6).
 *
 * Runs one engine (default options) over the whole of garbled.txt once and
 * evaluates every row of expectations.tsv as ../shared/reuters/README.md
 * says, then explains every applied edit against the rows.
 *
 *   reuters DATA_DIR SHOULDS_FILE
 *       The real check.  DATA_DIR holds garbled.txt and expectations.tsv;
 *       SHOULDS_FILE is the ratchet (tests/reuters-shoulds.txt).
 *   reuters --simulate DIR
 *       Checks this program's own logic without the engine: DIR holds
 *       garbled.txt, expectations.tsv, shoulds.txt, edits.tsv (edits to
 *       pretend the engine made) and want.txt (the summary line and verdict
 *       the evaluation must reach).  The evaluation's points are printed as
 *       diagnostics; the TAP points say whether summary and verdict match.
 *
 * TAP: one point per must row, one for line structure, one for harmful
 * edits, one for the should ratchet.  Should rows are diagnostics only.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "degarble.h"
#include "expectations.h"
#include "tap.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small helpers ---------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n;
} buf;

static char *xstrndup(const char *s, size_t n)
{
    char *d = tap_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), c = strlen(name);
    char *s = tap_xmalloc(a + c + 2);
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, name, c + 1);
    return s;
}

/* Byte ranges of the lines of a text, split at '\n' only: garbled.txt uses
 * '\n', and the README counts lines that way.  A final line without a
 * newline is a line; a text ending in '\n' has no empty line after it. */
typedef struct lines {
    size_t n;
    size_t *start, *end;
} lines;

static void split_lines(const char *s, size_t len, lines *l)
{
    size_t cap = 128;
    l->n = 0;
    l->start = tap_xmalloc(cap * sizeof *l->start);
    l->end = tap_xmalloc(cap * sizeof *l->end);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        if (l->n == cap) {
            cap *= 2;
            l->start = tap_xrealloc(l->start, cap * sizeof *l->start);
            l->end = tap_xrealloc(l->end, cap * sizeof *l->end);
        }
        l->start[l->n] = i;
        l->end[l->n] = e;
        l->n++;
        i = nl ? e + 1 : len;
    }
}

static void lines_free(lines *l)
{
    free(l->start);
    free(l->end);
}

/* 1-based line holding byte offset off (an offset at the very end belongs
 * to the last line). */
static size_t line_of(const lines *l, size_t off)
{
    size_t lo = 0, hi = l->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (l->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

/* Points go to TAP in a real run; in a simulated run they are only
 * diagnostics, counted, so that the simulation itself can pass while the
 * evaluation it checks fails. */
typedef struct ctx {
    int simulate;
    int failed; /* evaluation points that failed */
} ctx;

static int point(ctx *c, int cond, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int point(ctx *c, int cond, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!cond)
        c->failed++;
    if (c->simulate)
        tap_diag("(simulated) %s - %s", cond ? "ok" : "not ok", msg);
    else
        tap_ok(cond, "%s", msg);
    return cond;
}



/* ---- expectations.tsv ------------------------------------------------- */

typedef struct row {
    unsigned tsv_line; /* line in expectations.tsv, for messages */
    size_t line;       /* 1-based line of garbled.txt */
    char *kind;
    int must, keep;
    char *find, *expect, *why;
    char **alt;
    size_t nalt;
    size_t find_start, find_end; /* input bytes of the find text */
    /* Keep rows: the bytes that must survive.  A keep row's find may
     * include garbled words next to the kept text ("Mediatek said in a
     * statement to Reuters" keeps only "said in a statement to Reuters"),
     * so the protected span is the expect text inside find, not all of
     * find; an edit outside it may be a correct repair. */
    size_t keep_start, keep_end;
    int met;
    int touched; /* keep rows: an applied edit overlapped keep span */
} row;

typedef struct rows {
    row *v;
    size_t n;
    int errors; /* malformed rows */
} rows;

static void rows_free_one(row *r)
{
    for (size_t a = 0; a < r->nalt; a++)
        free(r->alt[a]);
    free(r->alt);
    free(r->kind);
    free(r->find);
    free(r->expect);
    free(r->why);
}

/* The rows (tests/expectations.c parses them), each placed in the input:
 * find must be on its line. */
static void parse_rows(const char *file, const buf *tsv, const buf *in,
                       const lines *inl, rows *rs)
{
    xrows xs;
    xrows_parse(file, tsv->p, tsv->n, inl->n, &xs);
    rs->v = tap_xmalloc((xs.n ? xs.n : 1) * sizeof *rs->v);
    rs->n = 0;
    for (size_t i = 0; i < xs.n; i++) {
        xrow *x = &xs.v[i];
        row r;
        memset(&r, 0, sizeof r);
        r.tsv_line = x->tsv_line;
        r.line = x->line;
        r.kind = x->kind;
        r.must = x->must;
        r.keep = x->keep;
        r.find = x->find;
        r.expect = x->expect;
        r.why = x->why;
        r.alt = x->alt;
        r.nalt = x->nalt;
        memset(x, 0, sizeof *x); /* r owns the strings now */
        const char *lp = in->p + inl->start[r.line - 1];
        size_t lnl = inl->end[r.line - 1] - inl->start[r.line - 1];
        const char *hit = memmem(lp, lnl, r.find, strlen(r.find));
        if (!hit) {
            xrows_error(&xs, file, r.tsv_line, "find \"%s\" is not in input line %zu",
                        r.find, r.line);
            rs->v[rs->n] = r;
            rows_free_one(&rs->v[rs->n]);
            continue;
        }
        r.find_start = (size_t)(hit - in->p);
        r.find_end = r.find_start + strlen(r.find);
        r.keep_start = r.find_start;
        r.keep_end = r.find_end;
        if (r.keep) {
            for (size_t a = 0; a < r.nalt; a++) {
                const char *k = memmem(hit, strlen(r.find), r.alt[a], strlen(r.alt[a]));
                if (k) {
                    r.keep_start = (size_t)(k - in->p);
                    r.keep_end = r.keep_start + strlen(r.alt[a]);
                    break;
                }
            }
        }
        rs->v[rs->n++] = r;
    }
    rs->errors = xs.errors;
    xrows_free(&xs);
}

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        rows_free_one(&rs->v[i]);
    free(rs->v);
}

/* ---- edits ------------------------------------------------------------ */

/* The engine's edits, copied so that a simulated run can supply its own. */
typedef struct edit {
    size_t start, end;
    char *repl;
    size_t rlen;
    char *rule, *stage, *reason;
    double confidence;
} edit;

typedef struct edits {
    edit *v;
    size_t n;
} edits;

static void edits_free(edits *es)
{
    for (size_t i = 0; i < es->n; i++) {
        free(es->v[i].repl);
        free(es->v[i].rule);
        free(es->v[i].stage);
        free(es->v[i].reason);
    }
    free(es->v);
}

/* Keep spans are checked with overlap: an insertion strictly inside the
 * span changes it, one at its edge does not. */
static int overlaps(const edit *e, size_t s, size_t t)
{
    if (e->start == e->end)
        return e->start > s && e->start < t;
    return e->start < t && e->end > s;
}

/* An edit satisfies a row when it works on the row's find text; an
 * insertion at either edge counts ("FILE PHOTO :" loses a space that may be
 * modelled as a deletion or a replacement of the colon). */
static int touches(const edit *e, size_t s, size_t t)
{
    if (e->start == e->end)
        return e->start >= s && e->start <= t;
    return e->start < t && e->end > s;
}

/* ---- evaluation ------------------------------------------------------- */

typedef struct summary {
    size_t musts, musts_met, shoulds, shoulds_met, harmful, unverified;
} summary;

typedef struct rule_tally {
    const char *rule, *stage;
    size_t edits, satisfied, harmful, unverified;
} rule_tally;

static void print_row_ref(const row *r)
{
    printf("expectations.tsv:%u (line %zu %s %s: \"", r->tsv_line, r->line,
           r->kind, r->must ? "must" : "should");
    tap_put_escaped(r->find, strlen(r->find));
    fputs("\" -> \"", stdout);
    tap_put_escaped(r->expect, strlen(r->expect));
    fputs("\")", stdout);
}

static void evaluate_rows(ctx *c, const edits *es, const char *out,
                          const lines *outl, rows *rs, summary *sm)
{
    for (size_t i = 0; i < rs->n; i++) {
        row *r = &rs->v[i];
        for (size_t k = 0; k < es->n && r->keep; k++)
            if (overlaps(&es->v[k], r->keep_start, r->keep_end))
                r->touched = 1;
        const char *lp = NULL;
        size_t ln = 0;
        if (r->line <= outl->n) {
            lp = out + outl->start[r->line - 1];
            ln = outl->end[r->line - 1] - outl->start[r->line - 1];
        }
        r->met = 0;
        for (size_t a = 0; lp && a < r->nalt && !r->met; a++)
            r->met = xrow_contains(lp, ln, r->alt[a]);
        /* A keep span must come out unchanged, not merely reappear. */
        if (r->keep && r->touched)
            r->met = 0;
        if (r->must) {
            sm->musts++;
            sm->musts_met += r->met != 0;
            point(c, r->met, "must expectations.tsv:%u line %zu %s: %s",
                  r->tsv_line, r->line, r->kind, r->expect);
        } else {
            sm->shoulds++;
            sm->shoulds_met += r->met != 0;
            tap_diag("should %s expectations.tsv:%u line %zu %s: %s",
                     r->met ? "met" : "MISSED", r->tsv_line, r->line,
                     r->kind, r->expect);
        }
        if (!r->met) {
            printf("# MISS ");
            print_row_ref(r);
            if (r->keep && r->touched)
                printf(": an edit touched the kept span");
            printf("\n#   got: \"");
            if (lp)
                tap_put_escaped(lp, ln);
            else
                printf("(output has no line %zu)", r->line);
            printf("\"\n");
        }
    }
}

/* Explains every applied edit: which rows it satisfied, whether it broke a
 * keep span, or that no row vouches for it; adds the harmful and
 * unverified edits to sm and prints a tally per rule. */
static void report_edits(const buf *in, const lines *inl, const edits *es,
                         const rows *rs, summary *sm)
{
    rule_tally *tally = tap_xmalloc((es->n + 1) * sizeof *tally);
    size_t ntally = 0;
    size_t last_line = 0;
    tap_diag("---- per-edit report (%zu applied edits) ----", es->n);
    for (size_t i = 0; i < es->n; i++) {
        const edit *e = &es->v[i];
        size_t line = line_of(inl, e->start);
        if (line != last_line) {
            const char *lp = in->p + inl->start[line - 1];
            size_t ln = inl->end[line - 1] - inl->start[line - 1];
            printf("# input line %zu: \"", line);
            tap_put_escaped(lp, ln);
            printf("\"\n");
            last_line = line;
        }
        printf("#   edit %zu: %s %s: \"", i + 1, e->stage, e->rule);
        tap_put_escaped(in->p + e->start, e->end - e->start);
        printf("\" -> \"");
        tap_put_escaped(e->repl, e->rlen);
        printf("\" (confidence %.2f; %s)\n", e->confidence,
               e->reason ? e->reason : "no reason given");
        printf("#     at: ");
        tap_put_in_context(in->p, in->n, e->start, e->end, e->repl, e->rlen);
        putchar('\n');
        if (line_of(inl, e->end) != line)
            printf("#     note: this edit spans a line break\n");
        size_t sat = 0, harm = 0, on_line = 0;
        for (size_t k = 0; k < rs->n; k++) {
            const row *r = &rs->v[k];
            if (r->line != line)
                continue;
            on_line++;
            if (r->keep) {
                if (overlaps(e, r->keep_start, r->keep_end)) {
                    harm++;
                    printf("#     HARMFUL: touches the kept span of ");
                    print_row_ref(r);
                    putchar('\n');
                }
            } else if (touches(e, r->find_start, r->find_end)) {
                if (r->met) {
                    sat++;
                    printf("#     satisfies ");
                } else {
                    printf("#     works on, but does not yet satisfy, ");
                }
                print_row_ref(r);
                putchar('\n');
            }
        }
        size_t t;
        for (t = 0; t < ntally; t++)
            if (strcmp(tally[t].rule, e->rule) == 0)
                break;
        if (t == ntally) {
            tally[ntally].rule = e->rule;
            tally[ntally].stage = e->stage;
            tally[ntally].edits = tally[ntally].satisfied = 0;
            tally[ntally].harmful = tally[ntally].unverified = 0;
            ntally++;
        }
        tally[t].edits++;
        if (harm) {
            sm->harmful++;
            tally[t].harmful++;
        } else if (sat) {
            tally[t].satisfied++;
        } else {
            sm->unverified++;
            tally[t].unverified++;
            printf("#     unverified: %s; for a reviewer\n",
                   on_line ? "no row on this line covers this span"
                           : "no row covers this line");
        }
    }
    tap_diag("---- per-rule report ----");
    tap_diag("%-32s %-10s %6s %9s %7s %10s", "rule", "stage", "edits",
             "satisfied", "harmful", "unverified");
    for (size_t t = 0; t < ntally; t++)
        tap_diag("%-32s %-10s %6zu %9zu %7zu %10zu", tally[t].rule,
                 tally[t].stage, tally[t].edits, tally[t].satisfied,
                 tally[t].harmful, tally[t].unverified);
    free(tally);
}

/* Reads the ratchet: the first line that is not blank or a comment holds
 * the number of should rows met.  Returns -1 when unreadable. */
static long read_ratchet(const char *path)
{
    buf b;
    if (tap_read_into(path, &b.p, &b.n) != 0)
        return -1;
    long v = -1;
    lines l;
    split_lines(b.p, b.n, &l);
    for (size_t i = 0; i < l.n; i++) {
        char *s = xstrndup(b.p + l.start[i], l.end[i] - l.start[i]);
        char *t = s;
        while (isspace((unsigned char)*t))
            t++;
        if (*t && *t != '#') {
            char *end;
            errno = 0;
            long n = strtol(t, &end, 10);
            while (isspace((unsigned char)*end))
                end++;
            v = (errno || *end || end == t || n < 0) ? -1 : n;
            free(s);
            break;
        }
        free(s);
    }
    lines_free(&l);
    free(b.p);
    return v;
}

/* Runs the whole evaluation.  Returns 0 when it passed, 1 when it failed,
 * 2 on a test error (bad data). */
static int evaluate(ctx *c, const char *data_label, const buf *in,
                    const buf *tsv, const char *out, size_t out_len,
                    const edits *es, const char *ratchet_path,
                    const char *summary_label, char *summary_line,
                    size_t summary_size)
{
    lines inl, outl;
    split_lines(in->p, in->n, &inl);
    split_lines(out, out_len, &outl);
    rows rs;
    parse_rows(data_label, tsv, in, &inl, &rs);
    if (rs.errors) {
        snprintf(summary_line, summary_size, "%zu malformed row(s) in %s",
                 (size_t)rs.errors, data_label);
        rows_free(&rs);
        lines_free(&inl);
        lines_free(&outl);
        return 2;
    }
    summary sm = {0};
    /* Rows address output lines by number, so a fixer that adds or drops a
     * line would make every later row compare the wrong line. */
    point(c, inl.n == outl.n, "line structure preserved (%zu input lines, "
          "%zu output lines)", inl.n, outl.n);
    evaluate_rows(c, es, out, &outl, &rs, &sm);
    report_edits(in, &inl, es, &rs, &sm);
    point(c, sm.harmful == 0, "no edit touches a keep span (harmful %zu)",
          sm.harmful);

    long recorded = read_ratchet(ratchet_path);
    if (recorded < 0) {
        point(c, 0, "should ratchet: %s is missing or holds no number",
              ratchet_path);
    } else {
        point(c, (long)sm.shoulds_met >= recorded,
              "should ratchet: %zu met, %ld recorded in %s", sm.shoulds_met,
              recorded, ratchet_path);
        if ((long)sm.shoulds_met > recorded)
            tap_diag("raise tests/reuters-shoulds.txt to %zu", sm.shoulds_met);
    }
    snprintf(summary_line, summary_size,
             "%s: musts %zu/%zu, shoulds %zu/%zu, harmful %zu, unverified %zu",
             summary_label, sm.musts_met, sm.musts, sm.shoulds_met, sm.shoulds,
             sm.harmful, sm.unverified);
    tap_diag("%s", summary_line);
    rows_free(&rs);
    lines_free(&inl);
    lines_free(&outl);
    return c->failed ? 1 : 0;
}

/* ---- the real run ----------------------------------------------------- */

static int ci_is_on(void)
{
    const char *ci = getenv("CI");
    return ci && strcmp(ci, "true") == 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int run_real(const char *dir, const char *ratchet)
{
    if (!is_dir(dir)) {
        char why[1200];
        snprintf(why, sizeof why, "Reuters data directory %s is missing "
                 "(set -Dreuters_dir= to the directory holding garbled.txt "
                 "and expectations.tsv)", dir);
        if (ci_is_on()) {
            tap_ok(0, "%s; CI=true, so this is a failure, not a skip", why);
            return tap_done();
        }
        return tap_skip_all(why);
    }
    char *gpath = path_join(dir, "garbled.txt");
    char *tpath = path_join(dir, "expectations.tsv");
    buf in, tsv;
    int e1 = tap_read_into(gpath, &in.p, &in.n);
    int e2 = e1 ? 0 : tap_read_into(tpath, &tsv.p, &tsv.n);
    if (e1 || e2) {
        printf("Bail out! cannot read %s: %s\n", e1 ? gpath : tpath,
               strerror(e1 ? e1 : e2));
        return 1;
    }
    dg_engine *eng = tap_engine_new(NULL);
    dg_result *res = NULL;
    dg_status st = dg_fix(eng, in.p, in.n, &res);
    if (st != DG_OK) {
        printf("Bail out! dg_fix: %s\n", dg_status_str(st));
        return 1;
    }
    size_t out_len;
    const char *out = dg_result_text(res, &out_len);
    edits es;
    es.n = dg_result_edit_count(res);
    es.v = tap_xmalloc((es.n + 1) * sizeof *es.v);
    for (size_t i = 0; i < es.n; i++) {
        const dg_edit *d = dg_result_edit(res, i);
        edit *e = &es.v[i];
        size_t rl = 0;
        const char *r = dg_edit_replacement(d, &rl);
        e->start = dg_edit_start(d);
        e->end = dg_edit_end(d);
        e->repl = xstrndup(r ? r : "", r ? rl : 0);
        e->rlen = r ? rl : 0;
        e->rule = strdup(dg_edit_rule(d) ? dg_edit_rule(d) : "?");
        e->stage = strdup(dg_stage_name(dg_edit_stage(d)));
        e->reason = dg_edit_reason(d) ? strdup(dg_edit_reason(d)) : NULL;
        e->confidence = dg_edit_confidence(d);
    }
    tap_diag("findings not applied (below the confidence threshold): %zu",
             dg_result_finding_count(res));
    ctx c = {0, 0};
    char line[512];
    int rc = evaluate(&c, tpath, &in, &tsv, out, out_len, &es, ratchet,
                      "reuters", line, sizeof line);
    if (rc == 2) {
        printf("Bail out! %s\n", line);
        return 1;
    }
    edits_free(&es);
    dg_result_free(res);
    dg_engine_free(eng);
    free(in.p);
    free(tsv.p);
    free(gpath);
    free(tpath);
    return tap_done();
}

/* ---- the simulated run ------------------------------------------------ */

static int cmp_edit(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* edits.tsv: line, find, replacement, rule; the edit replaces the first
 * occurrence of find in that input line.  "#" lines are comments. */
static int load_sim_edits(const char *path, const buf *in, edits *es)
{
    buf b;
    if (tap_read_into(path, &b.p, &b.n) != 0) {
        printf("Bail out! cannot read %s\n", path);
        return 0;
    }
    lines inl, l;
    split_lines(in->p, in->n, &inl);
    split_lines(b.p, b.n, &l);
    es->v = tap_xmalloc((l.n + 1) * sizeof *es->v);
    es->n = 0;
    int ok = 1;
    for (size_t i = 0; i < l.n && ok; i++) {
        char *s = xstrndup(b.p + l.start[i], l.end[i] - l.start[i]);
        char *col[4];
        size_t ncol = 0;
        char *p = s;
        if (*s == '#' || *s == '\0') {
            free(s);
            continue;
        }
        while (ncol < 4) {
            col[ncol++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        size_t line;
        const char *hit = NULL;
        if (ncol == 4 && xrow_line_number(col[0], &line) && line <= inl.n)
            hit = memmem(in->p + inl.start[line - 1],
                         inl.end[line - 1] - inl.start[line - 1], col[1],
                         strlen(col[1]));
        if (!hit || !*col[1]) {
            printf("Bail out! %s:%zu: bad simulated edit\n", path, i + 1);
            ok = 0;
        } else {
            edit *e = &es->v[es->n++];
            e->start = (size_t)(hit - in->p);
            e->end = e->start + strlen(col[1]);
            e->repl = strdup(col[2]);
            e->rlen = strlen(col[2]);
            e->rule = strdup(col[3]);
            const char *dot = strchr(col[3], '.');
            e->stage = xstrndup(col[3], dot ? (size_t)(dot - col[3])
                                            : strlen(col[3]));
            e->reason = strdup("simulated");
            e->confidence = 1.0;
        }
        free(s);
    }
    qsort(es->v, es->n, sizeof *es->v, cmp_edit);
    lines_free(&inl);
    lines_free(&l);
    free(b.p);
    return ok;
}

static char *render(const buf *in, const edits *es, size_t *out_len)
{
    size_t cap = in->n + 1;
    for (size_t i = 0; i < es->n; i++)
        cap += es->v[i].rlen;
    char *o = tap_xmalloc(cap);
    size_t n = 0, pos = 0;
    for (size_t i = 0; i < es->n; i++) {
        memcpy(o + n, in->p + pos, es->v[i].start - pos);
        n += es->v[i].start - pos;
        memcpy(o + n, es->v[i].repl, es->v[i].rlen);
        n += es->v[i].rlen;
        pos = es->v[i].end;
    }
    memcpy(o + n, in->p + pos, in->n - pos);
    n += in->n - pos;
    o[n] = '\0';
    *out_len = n;
    return o;
}

/* want.txt: "summary <line>" and "verdict pass|fail|error". */
static int run_simulated(const char *dir)
{
    char *gpath = path_join(dir, "garbled.txt");
    char *tpath = path_join(dir, "expectations.tsv");
    char *epath = path_join(dir, "edits.tsv");
    char *rpath = path_join(dir, "shoulds.txt");
    char *wpath = path_join(dir, "want.txt");
    buf in, tsv, want;
    if (tap_read_into(gpath, &in.p, &in.n) || tap_read_into(tpath, &tsv.p, &tsv.n) ||
        tap_read_into(wpath, &want.p, &want.n)) {
        printf("Bail out! %s lacks garbled.txt, expectations.tsv or "
               "want.txt\n", dir);
        return 1;
    }
    edits es;
    if (!load_sim_edits(epath, &in, &es))
        return 1;
    for (size_t i = 1; i < es.n; i++)
        if (es.v[i].start < es.v[i - 1].end) {
            printf("Bail out! %s: simulated edits overlap\n", epath);
            return 1;
        }
    size_t out_len;
    char *out = render(&in, &es, &out_len);
    ctx c = {1, 0};
    char line[512];
    int rc = evaluate(&c, tpath, &in, &tsv, out, out_len, &es, rpath,
                      "simulated", line, sizeof line);
    const char *verdict = rc == 0 ? "pass" : rc == 1 ? "fail" : "error";

    const char *want_summary = NULL, *want_verdict = NULL;
    lines wl;
    split_lines(want.p, want.n, &wl);
    for (size_t i = 0; i < wl.n; i++) {
        want.p[wl.end[i]] = '\0';
        const char *s = want.p + wl.start[i];
        if (strncmp(s, "summary ", 8) == 0)
            want_summary = s + 8;
        else if (strncmp(s, "verdict ", 8) == 0)
            want_verdict = s + 8;
    }
    if (want_summary)
        tap_str(line, strlen(line), want_summary, "summary of %s", dir);
    tap_ok(want_verdict && strcmp(want_verdict, verdict) == 0,
           "verdict of %s is %s (want %s)", dir, verdict,
           want_verdict ? want_verdict : "(none in want.txt)");
    lines_free(&wl);
    free(out);
    edits_free(&es);
    free(in.p);
    free(tsv.p);
    free(want.p);
    free(gpath);
    free(tpath);
    free(epath);
    free(rpath);
    free(wpath);
    return tap_done();
}

int main(int argc, char **argv)
{
    /* Diagnostics and points interleave on one stream; keep their order
     * even when stdout is a pipe. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 3 && strcmp(argv[1], "--simulate") == 0)
        return run_simulated(argv[2]);
    if (argc == 3)
        return run_real(argv[1], argv[2]);
    fprintf(stderr, "usage: %s DATA_DIR SHOULDS_FILE\n"
                    "       %s --simulate DIR\n", argv[0], argv[0]);
    return 2;
}
