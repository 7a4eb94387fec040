/* test-phrases.c - the phrase-repair stage (issue 5).
 *
 * 1. Every example of every shipped rule (dicts/phrases.txt) through the
 *    default engine with only the phrase stage on; a rule whose confidence
 *    (its measured precision) is under the apply threshold must propose
 *    its must-change examples as findings at that confidence.
 * 2. The lint on dicts/phrases.txt finds nothing; on tests/data/
 *    phrases-bad.txt it finds each planted problem, and the engine refuses
 *    that file with file:line.
 * 3. tests/data/phrases.tsv: other texts with the same damage, and clean
 *    or look-alike texts that must stay as they are; each output fixed
 *    again must not change.
 * 4. The Reuters article: the entity, ticker and punct rows of lines 5,
 *    24, 28, 34 and 86 are met by this stage alone, and no keep row of the
 *    whole article is touched by it.
 * 5. A user rule file adds a rule, a ticker and an organization; its
 *    examples are checked as in 1 (one of its rules is under the
 *    threshold). */
#include "degarble.h"
#include "expectations.h"
#include "table.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELD 8192

static dg_engine *phrases_engine(const char *const *rules_files, double min_confidence)
{
    dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PHRASES,
                    .rules_files = rules_files,
                    .min_confidence = min_confidence};
    dg_engine *e = NULL;
    dg_error err;
    if (dg_engine_new(&o, &e, &err) != DG_OK) {
        tap_diag("engine: %s:%u: %s", err.file, err.line, err.message);
        return NULL;
    }
    return e;
}

static char *fix(const dg_engine *e, const char *in, size_t len, size_t *out_len,
                 size_t *nedits)
{
    dg_result *r = NULL;
    if (dg_fix(e, in, len, &r) != DG_OK)
        return NULL;
    size_t n;
    const char *t = dg_result_text(r, &n);
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, t, n + 1);
        *out_len = n;
    }
    if (nedits)
        *nedits = dg_result_edit_count(r);
    for (size_t i = 0; i < dg_result_edit_count(r); i++) {
        const dg_edit *ed = dg_result_edit(r, i);
        if (strncmp(dg_edit_rule(ed), "phrases.", 8) != 0 || !*dg_edit_reason(ed))
            tap_ok(0, "edit %s has a phrases.* rule and a reason", dg_edit_rule(ed));
    }
    dg_result_free(r);
    return copy;
}


/* The checks of a table row (tests/table.h) for a case written elsewhere. */
static void check_case(const dg_engine *e, const char *in, const char *want,
                       const char *where)
{
    table_stage st = {e, DG_STAGE_PHRASES, "phrases."};
    dg_result_free(table_fix_case(&st, where, in, strlen(in), want, strlen(want)));
}

static void split_line(char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
}

/* The rule a file's "rule" line names, as the engine compiled it. */
static int find_rule(const dg_engine *e, const char *id, dg_rule_info *info)
{
    char want[128];
    snprintf(want, sizeof want, "phrases.%s", id);
    int found = 0;
    for (size_t i = 0; i < dg_engine_rule_count(e); i++) {
        dg_rule_info ri;
        if (dg_engine_rule(e, i, &ri) == DG_OK && !strcmp(ri.rule, want)) {
            *info = ri; /* the last one loaded wins, as in the engine */
            found = 1;
        }
    }
    return found;
}

/* A must-change example of a rule below the apply threshold: the default
 * engine applies nothing and reports the rule's findings, each at the
 * rule's confidence, that together make exactly the expected text. */
static void check_finding(const dg_engine *e, const dg_rule_info *info, const char *in,
                          const char *want, const char *where)
{
    dg_result *r = NULL;
    if (!tap_ok(dg_fix(e, in, strlen(in), &r) == DG_OK, "%s: fix", where))
        return;
    size_t n;
    const char *t = dg_result_text(r, &n);
    tap_ok(dg_result_edit_count(r) == 0 && n == strlen(in) && !memcmp(t, in, n),
           "%s: %s (%.2f, under the threshold) applies nothing", where, info->rule,
           info->confidence);
    static char got[MAX_FIELD];
    size_t o = 0, at = 0, mine = 0;
    int conf_ok = 1, order_ok = 1;
    for (size_t k = 0; k < dg_result_finding_count(r); k++) {
        const dg_edit *f = dg_result_finding(r, k);
        size_t rl = 0;
        const char *repl = dg_edit_replacement(f, &rl);
        if (strcmp(dg_edit_rule(f), info->rule) != 0 || !repl)
            continue;
        size_t s = dg_edit_start(f), end = dg_edit_end(f);
        if (s < at || o + (s - at) + rl >= MAX_FIELD) {
            order_ok = 0;
            break;
        }
        memcpy(got + o, in + at, s - at);
        o += s - at;
        memcpy(got + o, repl, rl);
        o += rl;
        at = end;
        mine++;
        conf_ok &= dg_edit_confidence(f) == info->confidence;
    }
    size_t rest = strlen(in) - at;
    if (order_ok && o + rest < MAX_FIELD) {
        memcpy(got + o, in + at, rest);
        o += rest;
    }
    got[o] = 0;
    tap_ok(mine > 0 && conf_ok, "%s: %s reports it at %.2f (%zu findings)", where, info->rule,
           info->confidence, mine);
    if (!tap_ok(order_ok && !strcmp(got, want), "%s: its findings make the expected text", where))
        tap_diag("  want: %s\n  got:  %s", want, got);
    dg_result_free(r);
}

/* 1: every example of a rules file.  A rule at or above the apply
 * threshold: the default engine (e) makes the expected text.  A rule under
 * it (its measured precision is lower): a must-change example is one its
 * findings propose (check_finding) and that an engine applying every edit
 * (all) makes; a must-stay example is left alone by both engines. */
static unsigned rule_examples(const dg_engine *e, const dg_engine *all, const char *path,
                              const char *label)
{
    FILE *f = fopen(path, "r");
    if (!tap_ok(f != NULL, "open %s", path))
        return 0;
    char line[MAX_FIELD], where[96], id[128] = "";
    static char in[MAX_FIELD], want[MAX_FIELD];
    unsigned lineno = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        split_line(line);
        if (!strncmp(line, "rule\t", 5)) {
            snprintf(id, sizeof id, "%.127s", line + 5);
            continue;
        }
        if (!strncmp(line, "define\t", 7) || !strncmp(line, "ticker\t", 7) ||
            !strncmp(line, "org\t", 4))
            id[0] = 0;
        if (strncmp(line, "example\t", 8) != 0)
            continue;
        char *tab = strchr(line + 8, '\t');
        if (!tap_ok(tab != NULL, "%s:%u example has input and output", label, lineno))
            continue;
        *tab = 0;
        tap_unescape(line + 8, strlen(line + 8), in, MAX_FIELD);
        tap_unescape(tab + 1, strlen(tab + 1), want, MAX_FIELD);
        snprintf(where, sizeof where, "%s:%u example", label, lineno);
        dg_rule_info info;
        if (!tap_ok(id[0] && find_rule(e, id, &info), "%s belongs to a compiled rule (%s)",
                    where, id))
            continue;
        n++;
        if (info.confidence >= DG_DEFAULT_MIN_CONFIDENCE) {
            check_case(e, in, want, where);
            continue;
        }
        if (strcmp(in, want) != 0)
            check_finding(e, &info, in, want, where);
        else
            check_case(e, in, want, where);
        check_case(all, in, want, where);
    }
    fclose(f);
    return n;
}

static void shipped_examples(const dg_engine *e, const dg_engine *all, const char *root)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/dicts/phrases.txt", root);
    unsigned n = rule_examples(e, all, path, "phrases.txt");
    tap_ok(n >= 10, "phrases.txt has examples (%u)", n);

    size_t rules = dg_engine_rule_count(e);
    int all_have = rules > 0;
    for (size_t i = 0; i < rules; i++) {
        dg_rule_info info;
        if (dg_engine_rule(e, i, &info) != DG_OK || info.examples == 0) {
            tap_diag("rule %zu (%s) has no example", i, info.rule ? info.rule : "?");
            all_have = 0;
        }
    }
    tap_ok(all_have, "every one of the %zu shipped rules has an example", rules);
    dg_rule_info info;
    tap_ok(dg_engine_rule(e, rules, &info) == DG_ERR_ARG, "rule index out of range");
}

typedef struct seen {
    unsigned lines[64];
    unsigned n;
} seen;

static void collect(const char *file, unsigned line, const char *msg, void *ctx)
{
    seen *s = ctx;
    tap_diag("lint: %s:%u: %s", file, line, msg);
    if (s->n < 64)
        s->lines[s->n++] = line;
}

static int has_line(const seen *s, unsigned line)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->lines[i] == line)
            return 1;
    return 0;
}

/* 2: the lint, and the engine on a bad file. */
static void lint(const char *root)
{
    char path[1024];
    unsigned problems = 99;
    seen s = {0};
    snprintf(path, sizeof path, "%s/dicts/phrases.txt", root);
    tap_ok(dg_rules_check(path, collect, &s, &problems) == DG_OK && problems == 0,
           "lint passes on dicts/phrases.txt (%u problems)", problems);

    snprintf(path, sizeof path, "%s/tests/data/phrases-bad.txt", root);
    memset(&s, 0, sizeof s);
    dg_status st = dg_rules_check(path, collect, &s, &problems);
    tap_ok(st == DG_OK && problems == s.n && problems >= 12,
           "lint on phrases-bad.txt reports every problem (%u)", problems);
    /* Line of each planted problem: bad id, no example, unknown class, bad
     * capture, example mismatch, duplicate, not idempotent, missing
     * replace, unknown key, bad confidence, undefined set. */
    static const unsigned want[] = {5, 9, 14, 20, 27, 35, 42, 44, 47, 52, 49};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        tap_ok(has_line(&s, want[i]), "lint reports phrases-bad.txt:%u", want[i]);
    tap_ok(dg_rules_check("/nonexistent/rules.txt", NULL, NULL, &problems) == DG_ERR_IO &&
           problems == 1, "lint on a missing file is DG_ERR_IO");

    const char *files[] = {path, NULL};
    dg_options o = {.rules_files = files, .disabled_stages = DG_STAGE_DICTIONARY};
    dg_engine *e = NULL;
    dg_error err;
    st = dg_engine_new(&o, &e, &err);
    tap_ok(st == DG_ERR_DATA && e == NULL && err.line == 5 && strstr(err.file, "phrases-bad.txt") &&
           err.message[0], "engine refuses phrases-bad.txt: %s:%u: %s", err.file, err.line,
           err.message);
}

/* 3: phrases.tsv */
static void phrases_row(const table_row *row, void *ctx)
{
    dg_result_free(table_fix(ctx, row));
}

static void table(const dg_engine *e)
{
    table_stage st = {e, DG_STAGE_PHRASES, "phrases."};
    table_run("phrases.tsv", phrases_row, &st);
}

/* 4: the Reuters article. */
static void reuters(const dg_engine *e, const char *root)
{
    char dir[1024], path[1100];
    const char *env = getenv("DG_REUTERS_DIR");
    snprintf(dir, sizeof dir, "%s", env ? env : "");
    if (!env)
        snprintf(dir, sizeof dir, "%s/../shared/reuters", root);
    snprintf(path, sizeof path, "%s/garbled.txt", dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        tap_diag("SKIP Reuters rows: %s not found", path);
        return;
    }
    static char in[1 << 16];
    size_t n = fread(in, 1, sizeof in - 1, f);
    fclose(f);
    in[n] = 0;
    size_t ol = 0;
    char *out = fix(e, in, n, &ol, NULL);
    if (!tap_ok(out != NULL, "Reuters article through the phrase stage"))
        return;
    snprintf(path, sizeof path, "%s/expectations.tsv", dir);
    size_t tn = 0;
    char *tsv = tap_read_file(path, &tn);
    if (!tap_ok(tsv != NULL, "open %s", path)) {
        free(out);
        return;
    }
    xrows rows;
    xrows_parse("expectations.tsv", tsv, tn, 0, &rows);
    tap_ok(rows.errors == 0 && rows.n > 0, "expectations.tsv: %zu rows, %d malformed", rows.n,
           rows.errors);
    unsigned met = 0;
    for (size_t i = 0; i < rows.n; i++) {
        const xrow *r = &rows.v[i];
        int mine = (r->line == 5 || r->line == 24 || r->line == 28 || r->line == 34 ||
                    r->line == 86) &&
                   (!strcmp(r->kind, "entity") || !strcmp(r->kind, "ticker") ||
                    !strcmp(r->kind, "punct"));
        if (!mine && !r->keep)
            continue;
        size_t gl = 0;
        const char *l = xrow_line(out, ol, r->line, &gl);
        int ok = l && xrow_met(r, l, gl) >= 0;
        if (!tap_ok(ok, "Reuters line %zu %s: \"%s\"", r->line, r->kind, r->find))
            tap_diag("  got: %.*s", (int)gl, l ? l : "");
        met += ok && mine;
    }
    xrows_free(&rows);
    free(tsv);
    tap_diag("Reuters rows of lines 5, 24, 28, 34, 86 met by the phrase stage: %u", met);
    free(out);
}

/* 5: a user rule file. */
static void user_file(const char *root)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/phrases-user.txt", root);
    const char *files[] = {path, NULL};
    dg_engine *e = phrases_engine(files, 0);
    dg_engine *all = phrases_engine(files, DG_APPLY_ALL);
    if (!tap_ok(e != NULL && all != NULL, "engine with phrases-user.txt")) {
        dg_engine_free(e);
        dg_engine_free(all);
        return;
    }
    /* Its examples, one rule under the threshold among them. */
    unsigned n = rule_examples(e, all, path, "phrases-user.txt");
    dg_rule_info info;
    tap_ok(n >= 3 && find_rule(e, "doubtful-tales", &info) &&
               info.confidence < DG_DEFAULT_MIN_CONFIDENCE,
           "phrases-user.txt: %u examples, doubtful-tales under the threshold", n);
    check_case(e, "Subscriptions are registered with the ministry of stories.",
               "Subscriptions are registered with the Ministry of Unification.",
               "user rule");
    check_case(e, "the Chinese company Gionee (GION.Y) said",
               "the Chinese company Gionee (GION.X) said", "user ticker");
    check_case(e, "the Korea Electric Power Corpse Office (KEPCO) said",
               "the Korea Electric Power Corporation Office (KEPCO) said", "user org");
    check_case(e, "the Workers ‘ y of Korea (WPK)", "the Workers’ Party of Korea (WPK)",
               "built-in data still loaded");
    unsigned problems = 99;
    tap_ok(dg_rules_check(path, NULL, NULL, &problems) == DG_OK && problems == 0,
           "lint passes on phrases-user.txt (%u)", problems);
    dg_engine_free(all);
    dg_engine_free(e);
}

int main(void)
{
    const char *root = tap_source_root();
    dg_engine *e = phrases_engine(NULL, 0);
    dg_engine *all = phrases_engine(NULL, DG_APPLY_ALL);
    if (!tap_ok(e != NULL && all != NULL, "engine with the phrase stage only"))
        return tap_done();
    shipped_examples(e, all, root);
    dg_engine_free(all);
    lint(root);
    table(e);
    reuters(e, root);
    user_file(root);

    /* Clean English: nothing to propose, not even a finding. */
    static const char *const clean[] = {
        "Economists estimate as many as six million North Koreans now have mobile phones.",
        "Shares of Apple Inc (AAPL.O) rose 2% after Sony Corp (6758.T) reported results.",
        "REUTERS/Damir Sagolj/File Photo",
        "The Workers’ Party of Korea (WPK) held a congress in Pyongyang.",
        "He visited Paris, London, Berlin and Rome, then the Paris Opera.",
        "In 2018, 2,000 phones were sold; in 2019, 3,000 phones.",
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        dg_result *r = NULL;
        tap_ok(dg_fix(e, clean[i], strlen(clean[i]), &r) == DG_OK &&
               dg_result_edit_count(r) == 0 && dg_result_finding_count(r) == 0,
               "clean text untouched: %.40s...", clean[i]);
        dg_result_free(r);
    }
    dg_engine_free(e);
    return tap_done();
}
