/* test-passes.c - the engine's schedule of passes (lib/engine.c): which
 * stages each run of the stages reads, beside what the call gives back.
 * The schedule is where the time goes (each run of the casing stage reads
 * the whole text), so its claims are tested, not only its output. */
#include "degarble.h"
#include "result.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* How many runs of r read the stages in mask. */
static unsigned runs_of(const dg_result *r, unsigned mask)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n_runs; i++)
        n += (r->runs[i] & mask) != 0;
    return n;
}

/* The applied edit that starts at byte start, or NULL. */
static const dg_edit *applied_at(const dg_result *r, size_t start)
{
    for (size_t i = 0; i < r->n_applied; i++)
        if (r->applied[i]->start == start)
            return r->applied[i];
    return NULL;
}

/* Fixes in with e, checks the text is want and that fixing it again
 * changes nothing; the result for more checks, or NULL. */
static dg_result *fix(const dg_engine *e, const char *in, const char *want)
{
    dg_result *r = NULL;
    if (!tap_ok(dg_fix(e, in, strlen(in), &r) == DG_OK, "fixes \"%s\"", in))
        return NULL;
    size_t len;
    const char *t = dg_result_text(r, &len);
    tap_str(t, len, want, "\"%s\": text", in);
    dg_result *again = NULL;
    int still = dg_fix(e, t, len, &again) == DG_OK && again->n_applied == 0;
    tap_ok(still, "\"%s\": fixing the output again applies nothing", in);
    dg_result_free(again);
    return r;
}

int main(void)
{
    dg_engine *e = NULL;
    dg_error err;
    if (dg_engine_new(NULL, &e, &err) != DG_OK)
        return tap_skip_all(err.message);

    /* Clean text: the spacing pass finds nothing, and the stages run once
     * over the tokens it made. */
    dg_result *r = fix(e, "The cat sat on the mat in Paris.\n",
                       "The cat sat on the mat in Paris.\n");
    if (r) {
        tap_ok(r->n_runs == 2 && r->runs[0] == DG_STAGE_PUNCT && r->runs[1] == DG_STAGE_ALL,
               "clean text: a spacing pass, then one pass of all stages (%u runs)",
               r->n_runs);
        dg_result_free(r);
    }

    /* A space before a comma and a name the list of places shows ("Ankara,
     * Turkey"): the space is closed first, so the casing stage reads the
     * text once, and its edit is one of the first pass ("(pass" would say
     * it came later). */
    const char *in = "They flew from Ankara , turkey and back.\n";
    r = fix(e, in, "They flew from Ankara, Turkey and back.\n");
    if (r) {
        tap_ok(runs_of(r, DG_STAGE_CASING) == 1,
               "space and name: the casing stage runs once (%u)",
               runs_of(r, DG_STAGE_CASING));
        const dg_edit *sp = applied_at(r, 21), *name = applied_at(r, 24);
        tap_ok(sp && strcmp(dg_edit_rule(sp), "punct.space-before") == 0,
               "space and name: the space by punct.space-before");
        tap_ok(name && strcmp(dg_edit_rule(name), "casing.ambiguous-name") == 0 &&
                   !strstr(dg_edit_reason(name), "(pass"),
               "space and name: the name in the first pass of the stages: %s",
               name ? dg_edit_reason(name) : "(none)");
        dg_result_free(r);
    }

    /* A phrase rule that claims the space keeps it: the spacing pass
     * resolves its edits against the phrase table's. */
    r = fix(e, "FILE PHOTO : a man walks in Paris.\n", "FILE PHOTO: a man walks in Paris.\n");
    if (r) {
        const dg_edit *x = applied_at(r, 10);
        tap_ok(x && strcmp(dg_edit_rule(x), "phrases.file-photo-colon") == 0,
               "caption label: the phrase rule, not the spacing one, closes the space (%s)",
               x ? dg_edit_rule(x) : "none");
        dg_result_free(r);
    }

    /* Another punctuation edit (a doubled space) makes every stage run
     * again after the first pass anyway: then the spacing pass keeps
     * nothing, and its space is an edit of the first pass of all stages. */
    in = "They flew  from Ankara , turkey and back.\n";
    r = fix(e, in, "They flew from Ankara, Turkey and back.\n");
    if (r) {
        tap_ok(r->n_runs >= 3 && r->runs[0] == DG_STAGE_PUNCT && r->runs[1] == DG_STAGE_ALL,
               "doubled space: the spacing pass keeps nothing, all stages run next");
        const dg_edit *sp = applied_at(r, 22);
        tap_ok(sp && strcmp(dg_edit_rule(sp), "punct.space-before") == 0 &&
                   !strstr(dg_edit_reason(sp), "(pass"),
               "doubled space: the comma's space in the first pass");
        dg_result_free(r);
    }

    /* A phrase rule that needs the casing stage's capital ("the North
     * Korea's" only once "korea" is capitalized), after a first pass
     * whose doubled space makes every stage run again: the phrase and
     * punctuation stages run alone once, and delete the article, so the
     * casing stage reads the text twice (the first pass, then once to see
     * that nothing follows), not once more after the article goes; the
     * pass of every stage after theirs is what sees that they have
     * nothing more to do (lib/engine.c, LOCAL_STAGES). */
    in = "Phones were sold  to the North korea\xe2\x80\x99s army.\n";
    r = fix(e, in, "Phones were sold to North Korea\xe2\x80\x99s army.\n");
    if (r) {
        tap_ok(runs_of(r, DG_STAGE_CASING) == 2,
               "article after a capital: the casing stage runs twice (%u)",
               runs_of(r, DG_STAGE_CASING));
        unsigned local = 0;
        for (unsigned i = 0; i < r->n_runs; i++)
            local += r->runs[i] == (DG_STAGE_PUNCT | DG_STAGE_PHRASES);
        tap_ok(local == 1 && r->n_runs == 4 && r->runs[3] == DG_STAGE_ALL,
               "article after a capital: one run of the local stages, then every stage "
               "(%u of %u runs)", local, r->n_runs);
        const dg_edit *x = applied_at(r, 21);
        tap_ok(x && strcmp(dg_edit_rule(x), "phrases.article-possessive-name") == 0 &&
                   strstr(dg_edit_reason(x), "(pass 2)"),
               "article after a capital: the article goes in pass 2: %s",
               x ? dg_edit_reason(x) : "(none)");
        dg_result_free(r);
    }

    /* Without the punctuation stage there is no spacing pass. */
    dg_options o;
    memset(&o, 0, sizeof o);
    o.disabled_stages = DG_STAGE_PUNCT;
    dg_engine *np = NULL;
    if (tap_ok(dg_engine_new(&o, &np, &err) == DG_OK, "engine without punct")) {
        r = fix(np, "The cat sat on the mat in paris , France.\n",
                "The cat sat on the mat in Paris , France.\n");
        if (r) {
            tap_ok(r->n_runs >= 1 && !(r->runs[0] & DG_STAGE_PUNCT) &&
                       (r->runs[0] & DG_STAGE_CASING),
                   "without punct: the first run is of the other stages");
            dg_result_free(r);
        }
        dg_engine_free(np);
    }
    dg_engine_free(e);
    return tap_done();
}
