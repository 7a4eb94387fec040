/* test-punct.c - the punctuation and spacing stage, driven by
 * tests/data/punct.tsv (format described in that file's header).
 *
 * Each case runs through dg_fix() with only DG_STAGE_PUNCT enabled, so the
 * output shows this stage alone.  Besides the expected text, every case
 * checks what must hold for any input: applied edits come from this stage
 * with a reason, never cross a line break, and fixing the output again
 * changes nothing (the stage is idempotent). */
#include "degarble.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELD 4096


static int has_finding(const dg_result *r, const char *rule)
{
    for (size_t k = 0; k < dg_result_finding_count(r); k++)
        if (strcmp(dg_edit_rule(dg_result_finding(r, k)), rule) == 0)
            return 1;
    return 0;
}

static void check_edits(const dg_result *r, const char *in, unsigned lineno)
{
    int ok = 1;
    for (size_t k = 0; k < dg_result_edit_count(r); k++) {
        const dg_edit *e = dg_result_edit(r, k);
        const char *rule = dg_edit_rule(e);
        const char *why = dg_edit_reason(e);
        size_t s = dg_edit_start(e), t = dg_edit_end(e);
        if (strncmp(rule, "punct.", 6) != 0 || !why || !*why ||
            dg_edit_stage(e) != DG_STAGE_PUNCT ||
            memchr(in + s, '\n', t - s) || memchr(in + s, '\r', t - s)) {
            tap_diag("line %u: bad edit %s [%zu,%zu) \"%s\"", lineno, rule, s,
                     t, why ? why : "(null)");
            ok = 0;
        }
    }
    tap_ok(ok, "punct.tsv:%u edits are punct.* with reasons, within a line",
           lineno);
}

static void run_case(const dg_engine *e, const char *in, size_t in_len,
                     const char *want, const char *finding, unsigned lineno)
{
    dg_result *r = NULL;
    if (!tap_ok(dg_fix(e, in, in_len, &r) == DG_OK, "punct.tsv:%u dg_fix",
                lineno))
        return;
    size_t out_len;
    const char *out = dg_result_text(r, &out_len);
    tap_str(out, out_len, want, "punct.tsv:%u output", lineno);
    check_edits(r, in, lineno);
    if (finding)
        tap_ok(has_finding(r, finding), "punct.tsv:%u reports %s", lineno,
               finding);

    dg_result *again = NULL;
    if (dg_fix(e, out, out_len, &again) == DG_OK) {
        size_t n2;
        const char *out2 = dg_result_text(again, &n2);
        tap_ok(n2 == out_len && memcmp(out2, out, n2) == 0,
               "punct.tsv:%u idempotent", lineno);
    }
    dg_result_free(again);
    dg_result_free(r);
}

static int run_file(const dg_engine *e, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0, cases = 0;
    static char in[MAX_FIELD], want[MAX_FIELD], finding[MAX_FIELD];

    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            tap_ok(0, "punct.tsv:%u has input<TAB>expected", lineno);
            continue;
        }
        char *tab2 = strchr(tab + 1, '\t');
        size_t in_len = tap_unescape(line, (size_t)(tab - line), in, MAX_FIELD);
        size_t want_end = tab2 ? (size_t)(tab2 - tab - 1) : strlen(tab + 1);
        if (want_end == 1 && tab[1] == '=')
            memcpy(want, in, in_len + 1);
        else
            tap_unescape(tab + 1, want_end, want, MAX_FIELD);
        const char *fnd = NULL;
        if (tab2) {
            tap_unescape(tab2 + 1, strlen(tab2 + 1), finding, MAX_FIELD);
            fnd = finding;
        }
        run_case(e, in, in_len, want, fnd, lineno);
        cases++;
    }
    free(line);
    fclose(f);
    tap_diag("%u cases from %s", cases, path);
    return (int)cases;
}

int main(void)
{
    dg_options o = {0};
    o.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PUNCT;
    dg_engine *e = NULL;
    dg_error err;
    if (dg_engine_new(&o, &e, &err) != DG_OK) {
        tap_ok(0, "engine: %s", err.message);
        return tap_done();
    }

    /* The acceptance example, spelled out here as well. */
    static const char accept_in[] = "the U. N. sanctions , FILE PHOTO : x\n";
    run_case(e, accept_in, sizeof accept_in - 1,
             "the U.N. sanctions, FILE PHOTO: x\n", NULL, 0);

    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/punct.tsv", tap_source_root());
    tap_ok(run_file(e, path) > 0, "read %s", path);

    dg_engine_free(e);
    return tap_done();
}
