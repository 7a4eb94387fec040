/* rules-lint.c - dg_rules_check(): the lint of a rule file.  It sits above
 * the engine: it loads the file in lint mode (phrases-load.c), then runs
 * each example through an engine with only that file's rules. */
#include "degarble.h"

#include "datafile.h"
#include "engine.h"   /* dg_engine_new_with_phrases */
#include "phrases.h"
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One lint run: where problems go, and how many there were. */
typedef struct lint {
    const char *name;
    dg_rules_report_fn report;
    void *rctx;
    unsigned problems;
} lint;

static void report_printf(lint *L, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report_printf(lint *L, unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    L->problems++;
    if (L->report)
        L->report(L->name, line, msg, L->rctx);
}

/* The first phrase-stage edit of a result whose rule is not r, or NULL. */
static const char *other_rule(const dg_result *res, const dg_rule *r)
{
    for (size_t i = 0; i < dg_result_edit_count(res); i++) {
        const char *id = dg_edit_rule(dg_result_edit(res, i));
        if (strcmp(id, r->rule) != 0)
            return id;
    }
    return NULL;
}

/* Runs every example of the rules in p through e, an engine whose phrase
 * table is p. */
static dg_status check_examples(lint *L, const dg_engine *e, const dg_phrases *p)
{
    for (size_t i = 0; i < dg_ruleset_count(p->rules); i++) {
        const dg_rule *r = dg_ruleset_get(p->rules, i);
        for (size_t x = 0; x < r->nexamples; x++) {
            const dg_rule_example *ex = &r->examples[x];
            dg_result *res = NULL;
            dg_status st = dg_fix(e, ex->in, strlen(ex->in), &res);
            if (st != DG_OK)
                return st;
            size_t ol;
            const char *out = dg_result_text(res, &ol);
            const char *other = other_rule(res, r);
            if (ol != strlen(ex->out) || memcmp(out, ex->out, ol) != 0)
                report_printf(L, ex->line, "example of rule '%s' gives \"%s\", expected \"%s\"%s%s%s",
                              r->id, out, ex->out, other ? " (rule " : "",
                              other ? other : "", other ? " matched: shadowed?)" : "");
            else if (dg_result_edit_count(res) == 0 && strcmp(ex->in, ex->out) != 0)
                report_printf(L, ex->line, "example of rule '%s' changes nothing", r->id);
            else if (other && dg_result_edit_count(res) > 0) {
                int mine = 0;
                for (size_t k = 0; k < dg_result_edit_count(res); k++)
                    mine |= strcmp(dg_edit_rule(dg_result_edit(res, k)), r->rule) == 0;
                if (!mine)
                    report_printf(L, ex->line, "rule '%s' is shadowed: its example is "
                                  "repaired by %s instead", r->id, other);
            }
            dg_result_free(res);

            /* Idempotent: the expected output must not match again. */
            res = NULL;
            st = dg_fix(e, ex->out, strlen(ex->out), &res);
            if (st != DG_OK)
                return st;
            size_t nf = dg_result_finding_count(res);
            const dg_edit *again = dg_result_edit_count(res) ? dg_result_edit(res, 0) : NULL;
            for (size_t k = 0; !again && k < nf; k++)
                if (dg_edit_replacement(dg_result_finding(res, k), NULL))
                    again = dg_result_finding(res, k);
            if (again)
                report_printf(L, ex->line, "not idempotent: %s changes the expected output of "
                              "rule '%s' again", dg_edit_rule(again), r->id);
            dg_result_free(res);
        }
    }
    return DG_OK;
}

/* ---- idempotence: each rule applied to its own output ------------------ */

/* The text of one single-pass run, and the first applied edit's rule. */
static dg_status one_pass(const dg_engine *e, const char *in, char **out, char **rule,
                          int *fired, const dg_rule *r)
{
    dg_result *res = NULL;
    dg_status st = dg_fix(e, in, strlen(in), &res);
    if (st != DG_OK)
        return st;
    size_t ol;
    const char *t = dg_result_text(res, &ol);
    *out = strndup(t, ol);
    *rule = NULL;
    *fired = 0;
    for (size_t k = 0; k < dg_result_edit_count(res); k++) {
        const char *id = dg_edit_rule(dg_result_edit(res, k));
        if (!*rule)
            *rule = strdup(id);
        if (r && strcmp(id, r->rule) == 0)
            *fired = 1;
    }
    dg_result_free(res);
    return *out ? DG_OK : DG_ERR_NOMEM;
}

static const dg_rule *rule_by_id(const dg_phrases *p, const char *id)
{
    for (size_t i = 0; i < dg_ruleset_count(p->rules); i++) {
        const dg_rule *q = dg_ruleset_get(p->rules, i);
        if (strcmp(q->rule, id) == 0)
            return q;
    }
    return NULL;
}

/* s0 through one pass, then its output through another: the second pass
 * must change nothing when the first applied rule r. */
static dg_status check_one(lint *L, const dg_engine *e, const dg_phrases *p,
                           const dg_rule *r, const char *s0, int *reported)
{
    char *s1 = NULL, *s2 = NULL, *q1 = NULL, *q2 = NULL;
    int fired = 0, dummy;
    dg_status st = one_pass(e, s0, &s1, &q1, &fired, r);
    if (st == DG_OK && fired && strcmp(s0, s1) != 0)
        st = one_pass(e, s1, &s2, &q2, &dummy, NULL);
    if (st == DG_OK && s2 && q2 && strcmp(s1, s2) != 0) {
        const dg_rule *q = rule_by_id(p, q2);
        *reported = 1;
        if (q == r)
            report_printf(L, r->line, "rule '%s' matches its own output again: \"%s\" -> "
                          "\"%s\" -> \"%s\"", r->id, s0, s1, s2);
        else if (q && strcmp(s2, s0) == 0)
            report_printf(L, r->line, "rules '%s' and '%s' (%s:%u) undo each other: "
                          "\"%s\" -> \"%s\" -> \"%s\"", r->id, q->id, q->path, q->line,
                          s0, s1, s2);
        else if (strcmp(q2, "punct.join-abbrev") == 0)
            report_printf(L, r->line, "rule '%s' splits a known abbreviation: its output "
                          "\"%s\" is joined again by %s (\"%s\")", r->id, s1, q2, s2);
        else
            report_printf(L, r->line, "the output of rule '%s' is changed again by %s: "
                          "\"%s\" -> \"%s\" -> \"%s\"", r->id, q2, s0, s1, s2);
    }
    free(s1);
    free(s2);
    free(q1);
    free(q2);
    return st;
}

dg_status dg_rules_check_idempotence(const dg_engine *base, unsigned first_group,
                                     dg_rules_report_fn report, void *ctx,
                                     unsigned *problems)
{
    lint L = {.report = report, .rctx = ctx};
    const dg_phrases *p = base->phrases;
    if (!p)
        return DG_OK;
    /* One pass at a time, the phrase stage and the punctuation repairs
     * (which join a split abbreviation): what a second run would do. */
    dg_engine e = *base;
    e.enabled = (base->enabled & DG_STAGE_PHRASES) | DG_STAGE_PUNCT;
    e.max_passes = 1;
    dg_status st = DG_OK;
    for (size_t i = 0; st == DG_OK && i < dg_ruleset_count(p->rules); i++) {
        const dg_rule *r = dg_ruleset_get(p->rules, i);
        if (r->group < first_group)
            continue;
        L.name = r->path;
        int reported = 0;
        char sample[512];
        if (dg_rule_sample(p->rules, r, sample, sizeof sample))
            st = check_one(&L, &e, p, r, sample, &reported);
        for (size_t x = 0; st == DG_OK && !reported && x < r->nexamples; x++)
            st = check_one(&L, &e, p, r, r->examples[x].in, &reported);
    }
    if (problems)
        *problems += L.problems;
    return st;
}

dg_status dg_rules_check(const char *path, dg_rules_report_fn report, void *ctx,
                         unsigned *problems)
{
    if (problems)
        *problems = 0;
    if (!path)
        return DG_ERR_ARG;
    char *buf;
    size_t len;
    dg_error err;
    dg_status st = dg_read_file(path, &buf, &len, &err);
    if (st != DG_OK) {
        if (report)
            report(path, 0, err.message, ctx);
        if (problems)
            *problems = 1;
        return st;
    }
    lint L = {.name = path, .report = report, .rctx = ctx};
    dg_phrases *p = NULL;
    st = dg_phrases_load_lint(path, buf, len, report, ctx, &L.problems, &p, &err);
    free(buf);
    if (st == DG_OK) {
        /* Only the phrase stage, with only this file's rules.  Examples show
         * what a rule proposes, including doubtful repairs that a default
         * run would only report. */
        dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PHRASES,
                        .min_confidence = 0.01};
        dg_engine *e = NULL;
        st = dg_engine_new_with_phrases(&o, p, &e, &err);
        if (st == DG_OK)
            st = check_examples(&L, e, p);
        if (st == DG_OK) {
            unsigned n = 0;
            st = dg_rules_check_idempotence(e, 2, report, ctx, &n);
            L.problems += n;
        }
        dg_engine_free(e);
    }
    if (problems)
        *problems = L.problems;
    return st;
}
