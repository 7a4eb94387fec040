/* test-stage.c - a stage runs on its own table and a document, with no
 * engine: each test here builds exactly one stage's table (stage.h). */
#include "abbrev.h"
#include "builtin-data.h"
#include "casing.h"
#include "dictionary.h"
#include "edits.h"
#include "phrases.h"
#include "stage.h"
#include "tap.h"
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

typedef int (*stage_fn)(const void *table, const dg_doc *doc);

static int run_punct(const void *t, const dg_doc *d) { return dg_punct_propose(t, d); }
static int run_phrases(const void *t, const dg_doc *d) { return dg_phrases_propose(t, d); }
static int run_casing(const void *t, const dg_doc *d) { return dg_casing_propose(t, d); }
static int run_dictionary(const void *t, const dg_doc *d)
{
    return dg_dictionary_propose((dg_dictionary *)t, d);
}

/* Tokenizes in, runs one stage on table, applies what it proposes at the
 * default threshold, and compares with want. */
static void check(const char *what, stage_fn fn, const void *table,
                  const struct dg_abbrevs *tokenizer_abbrevs, const char *in,
                  const char *want, const char *want_rule)
{
    void *wbi = NULL, *sbi = NULL;
    if (dg_tokenizer_templates_new(&wbi, &sbi) < 0) {
        tap_ok(0, "%s: ICU break iterators", what);
        return;
    }
    dg_tokenizer *tz = dg_tokenizer_new(wbi, sbi, tokenizer_abbrevs);
    dg_token_list tl;
    dg_token_list_init(&tl);
    dg_edit_list edits;
    dg_edits_init(&edits);
    size_t len = strlen(in);
    int ok = tz && dg_tokenizer_run(tz, in, len, &tl) == DG_OK;
    dg_doc doc = {.text = in, .len = len, .tok = tl.v, .ntok = tl.n, .edits = &edits};
    ok = ok && fn(table, &doc) == 0;
    struct dg_edit **applied = NULL, **findings = NULL;
    size_t na = 0, nf = 0;
    ok = ok && dg_edits_resolve(&edits, DG_DEFAULT_MIN_CONFIDENCE, tl.invalid,
                                tl.n_invalid, &applied, &na, &findings, &nf) == 0;
    size_t ol = 0;
    char *out = ok ? dg_edits_render(in, len, applied, na, &ol) : NULL;
    if (tap_ok(out != NULL, "%s: the stage ran", what)) {
        tap_str(out, ol, want, "%s: output", what);
        int named = !want_rule;
        for (size_t i = 0; i < na; i++)
            named |= want_rule && strcmp(applied[i]->rule, want_rule) == 0;
        tap_ok(named, "%s: edit by %s", what, want_rule ? want_rule : "(none)");
    }
    free(out);
    free(applied);
    free(findings);
    dg_edits_clear(&edits);
    dg_token_list_free(&tl);
    dg_tokenizer_free(tz);
    dg_tokenizer_templates_free(wbi, sbi);
}

int main(void)
{
    dg_error err;

    /* punct: its table is the abbreviation list. */
    dg_abbrevs *ab = dg_abbrevs_new();
    dg_status st = ab ? dg_abbrevs_add(ab, "abbreviations.txt", dg_builtin_abbreviations,
                                       dg_builtin_abbreviations_len, &err)
                      : DG_ERR_NOMEM;
    if (tap_ok(st == DG_OK, "abbreviation table alone")) {
        /* Lookups fold case; a byte outside ASCII may fold to a letter
         * (U+017F, the long s, to s), so its length rules nothing out. */
        tap_ok(dg_abbrevs_find(ab, "sT.", 3) != NULL, "abbreviation in any case");
        tap_ok(dg_abbrevs_find(ab, "\xC5\xBFt.", 4) != NULL,
               "abbreviation with a long s");
        tap_ok(dg_abbrevs_find(ab, "stx.", 4) == NULL, "no abbreviation");
        check("punct", run_punct, ab, ab, "the U. N. sanctions , said",
              "the U.N. sanctions, said", "punct.join-abbrev");
        /* Without a table the join has no evidence; the space still goes. */
        check("punct without abbreviations", run_punct, NULL, NULL,
              "the U. N. sanctions , said", "the U. N. sanctions, said",
              "punct.space-before");
    }

    /* phrases: its table is the rule table, loaded without an engine. */
    dg_options o = {0};
    dg_phrases *ph = NULL;
    st = dg_phrases_new(&o, NULL, &ph, &err);
    if (tap_ok(st == DG_OK, "phrase table alone (%s)", st == DG_OK ? "ok" : err.message))
        check("phrases", run_phrases, ph, ab, "(REUTERS photo/Damir Sagolj/Files Photo",
              "REUTERS/Damir Sagolj/File Photo", "phrases.photo-credit-file");
    check("phrases without a table", run_phrases, NULL, ab,
          "(REUTERS photo/Damir Sagolj/Files Photo",
          "(REUTERS photo/Damir Sagolj/Files Photo", NULL);
    dg_phrases_free(ph);

    /* casing: its table is the gazetteer (and the abbreviations). */
    dg_casing_sources src = {.builtin_names = dg_builtin_names,
                             .builtin_names_len = dg_builtin_names_len, .abbrevs = ab};
    dg_casing *ca = NULL;
    char *warning = NULL;
    st = dg_casing_new(&src, &ca, &warning, &err);
    if (warning)
        tap_diag("casing table: %s", warning);
    free(warning);
    warning = NULL;
    if (tap_ok(st == DG_OK, "casing table alone (%s)", st == DG_OK ? "ok" : err.message))
        check("casing", run_casing, ca, ab, "The united Nations imposed sanctions on it in 2017.",
              "The United Nations imposed sanctions on it in 2017.", "casing.name-phrase");
    dg_casing_free(ca);

    /* dictionary: its table is the hunspell dictionary and compounds.txt;
     * without the system en_US dictionary the stage is off (NULL). */
    dg_dictionary *di = NULL;
    st = dg_dictionary_new(&o, &di, &warning, &err);
    free(warning);
    if (tap_ok(st == DG_OK, "dictionary table alone (%s)", st == DG_OK ? "ok" : err.message)) {
        if (di)
            check("dictionary", run_dictionary, di, ab, "the demand for smart phones grew",
                  "the demand for smartphones grew", "dictionary.closed-compound");
        else
            tap_ok(1, "dictionary # SKIP no system en_US hunspell dictionary");
    }
    dg_dictionary_free(di);
    dg_abbrevs_free(ab);
    return tap_done();
}
