/* test-stage.c - a stage runs on its own table and a document, with no
 * engine: each test here builds exactly one stage's table (stage.h). */
#include "abbrev.h"
#include "builtin-data.h"
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
    dg_abbrevs_free(ab);
    return tap_done();
}
