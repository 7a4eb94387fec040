/* engine.c - building the engine once, and running the stages per call. */
#include "engine.h"

#include "abbrev.h"
#include "builtin-data.h"
#include "casing.h"
#include "datafile.h"
#include "dictionary.h"
#include "literal.h"
#include "phrases.h"
#include "result.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most runs of the stages one dg_fix() call makes (see fixed_point()).
 * Building with -DDG_FIX_PASSES=1 gives the engine without the fixed
 * point, to measure what it costs and changes. */
#ifndef DG_FIX_PASSES
#define DG_FIX_PASSES 8
#endif

void dg_engine_free(dg_engine *e)
{
    if (!e)
        return;
    dg_tokenizer_templates_free(e->word_bi, e->sent_bi);
    dg_casing_free(e->casing);
    dg_phrases_free(e->phrases);
    dg_dictionary_free(e->dictionary);
    dg_abbrevs_free(e->abbrevs);
    free(e->warning);
    free(e);
}

static dg_status load_abbrevs(dg_engine *e, const dg_options *o, dg_error *err)
{
    e->abbrevs = dg_abbrevs_new();
    if (!e->abbrevs)
        return DG_ERR_NOMEM;
    dg_status st = DG_OK;
    if (!o->no_builtin_data)
        st = dg_abbrevs_add_icu_suppressions(e->abbrevs);
    if (st == DG_OK && !o->no_builtin_data)
        st = dg_abbrevs_add(e->abbrevs, "abbreviations.txt", dg_builtin_abbreviations,
                            dg_builtin_abbreviations_len, err);
    for (const char *const *f = o->abbrev_files; st == DG_OK && f && *f; f++) {
        char *buf;
        size_t len;
        st = dg_read_file(*f, &buf, &len, err);
        if (st == DG_OK) {
            st = dg_abbrevs_add(e->abbrevs, *f, buf, len, err);
            free(buf);
        }
    }
    /* Acronyms from the hunspell dictionary the casing stage reads; a
     * missing one is the casing stage's warning to give. */
    char dic[1024], aff[1024], label[64];
    dg_error ignore;
    if (st == DG_OK &&
        dg_hunspell_find(o->hunspell_dic ? o->hunspell_dic : "en_US", dic, aff,
                         sizeof dic, label, sizeof label, &ignore) == DG_OK) {
        char *buf;
        size_t len;
        if (dg_read_file(dic, &buf, &len, &ignore) == DG_OK) {
            st = dg_abbrevs_add_acronyms(e->abbrevs, dic, buf, len);
            free(buf);
        }
    }
    return st;
}

/* Builds the engine; its phrase table is phrases (owned from here on, even
 * on failure) when not NULL, otherwise the one opts asks for. */
static dg_status engine_build(const dg_options *opts, dg_phrases *phrases,
                              dg_engine **out, dg_error *err)
{
    static const dg_options defaults;
    if (err)
        memset(err, 0, sizeof *err);
    if (!out) {
        dg_phrases_free(phrases);
        return dg_datafile_error(err, DG_ERR_ARG, NULL, 0, "out is NULL");
    }
    *out = NULL;
    const dg_options *o = opts ? opts : &defaults;
    if ((o->min_confidence < 0 && o->min_confidence != DG_APPLY_ALL) ||
        o->min_confidence != o->min_confidence) {
        dg_phrases_free(phrases);
        return dg_datafile_error(err, DG_ERR_ARG, NULL, 0,
                                 "min_confidence must be 0 (the default), "
                                 "positive or DG_APPLY_ALL");
    }

    dg_engine *e = calloc(1, sizeof *e);
    if (!e) {
        dg_phrases_free(phrases);
        return dg_datafile_error(err, DG_ERR_NOMEM, NULL, 0, "out of memory");
    }
    e->phrases = phrases;
    e->enabled = DG_STAGE_ALL & ~o->disabled_stages;
    e->text_only = o->text_only != 0;
    e->min_confidence = o->min_confidence == DG_APPLY_ALL ? 0.0
                        : o->min_confidence > 0 ? o->min_confidence
                                                : DG_DEFAULT_MIN_CONFIDENCE;

    dg_status st = load_abbrevs(e, o, err);
    if (st == DG_OK && dg_tokenizer_templates_new(&e->word_bi, &e->sent_bi) < 0)
        st = dg_datafile_error(err, DG_ERR_ICU, NULL, 0,
                               "ICU break iterators for English could not be opened");
    if (st == DG_OK) {
        dg_casing_sources src = {
            .builtin_names = o->no_builtin_data ? NULL : dg_builtin_names,
            .builtin_names_len = o->no_builtin_data ? 0 : dg_builtin_names_len,
            .names_files = o->names_files,
            .hunspell_dic = o->hunspell_dic,
            .abbrevs = e->abbrevs,
            .min_confidence = e->min_confidence,
        };
        st = dg_casing_new(&src, &e->casing, &e->warning, err);
    }
    if (st == DG_OK && !e->phrases)
        st = dg_phrases_new(o, e->abbrevs, &e->phrases, err);
    /* The casing stage asks hunspell too (is a line start a word?). */
    if (st == DG_OK && (e->enabled & (DG_STAGE_DICTIONARY | DG_STAGE_CASING)))
        st = dg_dictionary_new(o, &e->dictionary, &e->warning, err);
    if (st == DG_OK)
        dg_casing_use_dictionary(e->casing, e->dictionary);
    if (st != DG_OK) {
        if (err && err->code == DG_OK) {
            err->code = st;
            snprintf(err->message, sizeof err->message, "%s", dg_status_str(st));
        }
        dg_engine_free(e);
        return st;
    }
    *out = e;
    return DG_OK;
}

/* The first idempotence problem of a rule file, as a load error. */
typedef struct first_problem {
    dg_error *err;
    int seen;
} first_problem;

static void keep_first(const char *file, unsigned line, const char *msg, void *ctx)
{
    first_problem *f = ctx;
    if (!f->seen++)
        dg_datafile_error(f->err, DG_ERR_DATA, file, line, "%s", msg);
}

dg_status dg_engine_new(const dg_options *opts, dg_engine **out, dg_error *err)
{
    dg_status st = engine_build(opts, NULL, out, err);
    /* A rule file whose rules change their own output again would make
     * every run differ from the last: refused at load. */
    if (st == DG_OK && opts && opts->rules_files && opts->rules_files[0]) {
        dg_error local;
        first_problem f = {err ? err : &local, 0};
        unsigned problems = 0;
        st = dg_rules_check_idempotence(*out, opts->no_builtin_data ? 1 : 2, keep_first,
                                        &f, &problems);
        if (st == DG_OK && problems)
            st = DG_ERR_DATA;
        if (st != DG_OK) {
            dg_engine_free(*out);
            *out = NULL;
        }
    }
    return st;
}

dg_status dg_engine_new_with_phrases(const dg_options *opts, dg_phrases *phrases,
                                     dg_engine **out, dg_error *err)
{
    if (!phrases) {
        if (err)
            memset(err, 0, sizeof *err);
        return dg_datafile_error(err, DG_ERR_ARG, NULL, 0, "phrases is NULL");
    }
    return engine_build(opts, phrases, out, err);
}

const char *dg_engine_warning(const dg_engine *e)
{
    return e ? e->warning : NULL;
}

/* Reports invalid UTF-8 as findings; NUL bytes are valid text for the
 * caller's purposes and pass silently. */
static int report_invalid(const dg_token_list *tl, const char *text,
                          dg_edit_list *edits)
{
    for (size_t i = 0; i < tl->n_invalid; i++) {
        size_t s = tl->invalid[2 * i], e = tl->invalid[2 * i + 1];
        size_t p = s;
        while (p < e) {
            while (p < e && text[p] == '\0')
                p++;
            size_t q = p;
            while (q < e && text[q] != '\0')
                q++;
            if (q > p && dg_edits_propose(edits, p, q, NULL, 0, DG_STAGE_INPUT,
                                          "input.invalid-utf8", 1.0,
                                          "%zu byte%s of invalid UTF-8 passed through unchanged",
                                          q - p, q - p == 1 ? "" : "s") < 0)
                return -1;
            p = q;
        }
    }
    return 0;
}

/* One run of the stages over text: proposals, then the resolver's choice. */
typedef struct pass {
    dg_edit_list edits;
    struct dg_edit **applied, **findings;
    size_t n_applied, n_findings;
} pass;

static void pass_free(pass *p)
{
    free(p->applied);
    free(p->findings);
    dg_edits_clear(&p->edits);
    memset(p, 0, sizeof *p);
}

/* What one pass's tokens leave for the next (see tokens_for). */
typedef struct kept_tokens {
    dg_token_list tl;        /* the tokens of the text the last pass read */
    dg_token_list keep;      /* their flags and literal marks (one byte a token)
                              * and the text's code vocabulary */
    size_t len;              /* that text's length */
    dg_change *ch;           /* the last pass's applied edits, as changes */
    size_t nch, cap;
    dg_phrases_kept phrases; /* the phrase table of the last pass, if it ran */
    dg_punct_kept *punct;    /* the punctuation stage's last pass, if it ran */
    unsigned runs[DG_RESULT_RUNS]; /* the stages of each pass so far */
    unsigned n_runs;
} kept_tokens;

static void kept_free(kept_tokens *k)
{
    dg_token_list_free(&k->tl);
    dg_token_list_free(&k->keep);
    free(k->ch);
    dg_phrases_kept_free(&k->phrases);
    dg_punct_kept_free(k->punct);
}

/* Remembers the applied edits of a pass over the kept text as changes. */
static dg_status kept_changes(kept_tokens *k, const pass *p)
{
    if (p->n_applied > k->cap) {
        dg_change *v = realloc(k->ch, p->n_applied * sizeof *v);
        if (!v)
            return DG_ERR_NOMEM;
        k->ch = v;
        k->cap = p->n_applied;
    }
    for (size_t i = 0; i < p->n_applied; i++)
        k->ch[i] = (dg_change){p->applied[i]->start, p->applied[i]->end,
                               p->applied[i]->repl ? p->applied[i]->repl_len : 0};
    k->nch = p->n_applied;
    return DG_OK;
}

/* The tokens of text, in *tl: the first pass tokenizes it whole, a later
 * one (text = the last pass's text with its applied edits made) only the
 * lines those edits touched (dg_tokenizer_rerun: the same tokens, in the
 * same list).  Either way what the next pass needs is kept. */
static dg_status tokens_for(dg_tokenizer *tz, kept_tokens *k, const char *text, size_t len,
                            int later, dg_token_list **tl, int *rerun)
{
    *rerun = 0;
    if (later) {
        int rc = dg_tokenizer_rerun(tz, text, len, &k->tl, &k->keep, k->len, k->ch, k->nch);
        if (rc < 0)
            return DG_ERR_NOMEM;
        if (rc == 0) {
            k->len = len;
            *tl = &k->tl;
            *rerun = 1;
            return DG_OK;
        }
    }
    dg_status st = dg_tokenizer_run_keep(tz, text, len, &k->tl, &k->keep);
    k->len = len;
    *tl = &k->tl;
    return st;
}

static dg_status run_pass(const dg_engine *e, dg_tokenizer *tz, kept_tokens *kept,
                          int later, dg_doc_words *words, dg_scratch *scr,
                          const char *text, size_t len, unsigned stages, pass *p)
{
    memset(p, 0, sizeof *p);
    dg_edits_init(&p->edits);
    int rerun;
    dg_token_list *tl = NULL;
    dg_status st = tokens_for(tz, kept, text, len, later, &tl, &rerun);
    if (st != DG_OK)
        return st;
    int refuse = dg_scratch_refuses_dense(scr);
    dg_scratch_note_load(scr, tl->n, 0);
    if (refuse && tl->n > DENSE_TOKENS)
        return DG_DENSE;
    dg_doc doc = {.text = text, .len = len, .tok = tl->v, .ntok = tl->n,
                  .edits = &p->edits, .scratch = scr};
    /* Each token folded and hashed once, for every stage; a later pass
     * whose changed lines fold as before keeps the last pass's types. */
    const dg_literal_seg *seg = NULL;
    size_t nseg = 0;
    if (rerun)
        dg_tokenizer_kept(tz, &seg, &nseg);
    int kept_types = rerun && dg_doc_words_rebuild(words, &doc, seg, nseg) == 0;
    if (!kept_types && dg_doc_words_build(words, &doc) < 0)
        return DG_ERR_NOMEM;
    if (kept_types && getenv("DG_TOKENIZER_VERIFY_RERUN")) {
        /* The claim of dg_doc_words_rebuild, checked against a build. */
        dg_doc_words fresh;
        dg_doc_words_init(&fresh);
        dg_doc d2 = doc;
        if (dg_doc_words_build(&fresh, &d2) < 0) {
            dg_doc_words_free(&fresh);
            return DG_ERR_NOMEM;
        }
        /* Empty text has no arrays (NULL, which memcmp may not take). */
        int same = d2.ntypes == doc.ntypes &&
                   (!doc.ntok || memcmp(d2.type, doc.type, doc.ntok * sizeof *doc.type) == 0) &&
                   (!doc.ntypes ||
                    memcmp(d2.types, doc.types, doc.ntypes * sizeof *doc.types) == 0) &&
                   fresh.text_len == words->text_len &&
                   (!fresh.text_len || memcmp(fresh.text, words->text, fresh.text_len) == 0);
        dg_doc_words_free(&fresh);
        if (!same) {
            fprintf(stderr, "degarble: DG_TOKENIZER_VERIFY_RERUN: word types differ\n");
            abort();
        }
    }
    int rc = 0;
    stages &= e->enabled;
    if (kept->n_runs < DG_RESULT_RUNS)
        kept->runs[kept->n_runs++] = stages;
    /* The punctuation stage and the phrase table run again only around
     * the lines the tokenizer did. */
    if (stages & DG_STAGE_PUNCT) {
        rc |= dg_punct_propose_kept(e->abbrevs, &doc, rerun ? seg : NULL, nseg,
                                    &kept->punct);
    } else {
        dg_punct_kept_free(kept->punct);
        kept->punct = NULL;
    }
    if (stages & DG_STAGE_PHRASES)
        rc |= dg_phrases_propose_kept(e->phrases, &doc, rerun ? seg : NULL, nseg,
                                      &kept->phrases);
    else
        kept->phrases.valid = 0;
    if (stages & DG_STAGE_CASING)
        rc |= dg_casing_propose(e->casing, &doc);
    if ((stages & DG_STAGE_DICTIONARY) && e->dictionary)
        rc |= dg_dictionary_propose(e->dictionary, &doc);
    dg_scratch_note_load(scr, 0, p->edits.n);
    if (refuse && p->edits.n > DENSE_PROPOSALS)
        return DG_DENSE;
    rc |= report_invalid(tl, text, &p->edits);
    dg_edits_mark_literal(&p->edits, tl->literal, tl->n_literal);
    if (rc < 0 || p->edits.failed ||
        dg_edits_resolve(&p->edits, e->min_confidence, tl->invalid, tl->n_invalid,
                         &p->applied, &p->n_applied, &p->findings, &p->n_findings) < 0)
        return DG_ERR_NOMEM;
    return kept_changes(kept, p);
}

/* The edits of acc (on the input's offsets, rendering it to mid) composed
 * with the applied edits and findings of nx (a pass over mid), into out. */
static dg_status compose_pass(const char *mid, size_t mid_len, const pass *acc,
                              const pass *nx, unsigned k, unsigned stages, pass *out)
{
    memset(out, 0, sizeof *out);
    dg_edits_init(&out->edits);
    if (dg_edits_compose(mid, mid_len, acc->applied, acc->n_applied, nx->applied,
                         nx->n_applied, 0, k, &out->edits) < 0)
        return DG_ERR_NOMEM;
    size_t na = out->edits.n;
    if (dg_edits_compose(mid, mid_len, acc->applied, acc->n_applied, nx->findings,
                         nx->n_findings, 1, k, &out->edits) < 0 || out->edits.failed)
        return DG_ERR_NOMEM;
    /* Stages this pass did not run keep the findings they made before,
     * but for those an edit of this pass now covers: one starting before
     * the finding's end and ending after its start.  With the edits'
     * starts sorted and the largest end of each prefix, that is one
     * binary search a finding (a loop over the edits made text dense with
     * findings quadratic). */
    size_t *starts = NULL, *max_end = NULL;
    if (acc->n_findings && na) {
        struct dg_edit **by = malloc(na * sizeof *by);
        starts = malloc(na * sizeof *starts);
        max_end = malloc(na * sizeof *max_end);
        if (!by || !starts || !max_end) {
            free(by), free(starts), free(max_end);
            return DG_ERR_NOMEM;
        }
        for (size_t j = 0; j < na; j++)
            by[j] = &out->edits.v[j];
        dg_edits_sort(by, na);
        for (size_t j = 0; j < na; j++) {
            starts[j] = by[j]->start;
            max_end[j] = j && max_end[j - 1] > by[j]->end ? max_end[j - 1] : by[j]->end;
        }
        free(by);
    }
    for (size_t i = 0; i < acc->n_findings; i++) {
        const struct dg_edit *f = acc->findings[i];
        if ((f->stage & stages) || f->stage == DG_STAGE_INPUT)
            continue;
        size_t lo = 0, hi = na;
        while (lo < hi) {
            size_t m = lo + (hi - lo) / 2;
            if (starts[m] < f->end)
                lo = m + 1;
            else
                hi = m;
        }
        if (lo && max_end[lo - 1] > f->start)
            continue;
        if (dg_edits_propose(&out->edits, f->start, f->end, f->repl,
                             f->repl ? f->repl_len : 0, f->stage, f->rule,
                             f->confidence, "%s", f->reason) < 0) {
            free(starts), free(max_end);
            return DG_ERR_NOMEM;
        }
        out->edits.v[out->edits.n - 1].literal = f->literal;
    }
    free(starts);
    free(max_end);
    size_t nf = out->edits.n - na;
    dg_edits_finish(&out->edits);
    out->applied = malloc((na ? na : 1) * sizeof *out->applied);
    out->findings = malloc((nf ? nf : 1) * sizeof *out->findings);
    if (!out->applied || !out->findings)
        return DG_ERR_NOMEM;
    for (size_t i = 0; i < na; i++)
        out->applied[i] = &out->edits.v[i];
    for (size_t i = 0; i < nf; i++)
        out->findings[i] = &out->edits.v[na + i];
    out->n_applied = na;
    out->n_findings = nf;
    dg_edits_sort(out->applied, na);
    dg_edits_sort(out->findings, nf);
    return DG_OK;
}

/* The fixed point.  An applied edit changes what the stages see: a name
 * this call capitalized is same-text evidence for its other uses, a space
 * rule that lost to an overlapping edit applies to the repaired text.  So
 * while a pass applies something, the stages run again over its output,
 * at most DG_FIX_PASSES times in all, and each pass's edits are composed
 * back onto the input's offsets (dg_edits_compose): edit lists, rules,
 * reasons and "nothing outside an edit changes" hold for the whole call.
 * The findings reported are those of the last pass, so none is repeated
 * and none is stale.  Text with nothing to fix costs one pass, and so does
 * text whose applied edits all come from rules that settle in one pass
 * (reacting_stages() below) or from the spacing pass before (spacing_pass()
 * in dg_fix()); other fixes cost one more, to see that nothing follows
 * from them, besides passes of the punctuation and phrase stages alone
 * (LOCAL_STAGES), which read only the lines that changed.  More passes
 * of every stage are rare (the casing stage no longer
 * follows evidence chains, see lib/casing.c); the limit bounds the cost
 * of rules that never settle. */
/* Which stages an applied edit of rule x can give more to do, so that the
 * next pass runs only those: a name the casing stage capitalized settles
 * its own same-text evidence in that pass (judge_name() in lib/casing.c)
 * but may complete a phrase rule's pattern ("the North Korea's"); any
 * capital may change a punctuation decision (a lone "?" before a
 * lower-case word is only a finding: fuzz-fix found "(T) ? x", whose
 * capital X let the next pass close up " ?"), and a space closed up
 * before a mark or after an opening bracket may change what the casing
 * stage reads as a sentence end (which is why spacing_pass() makes those
 * first when it can).  Any other edit (the other punctuation rules, phrases, line
 * starts, dotted abbreviations, the dictionary) may change what every
 * stage sees.  tests/test-idempotence.c checks these claims on every
 * corpus, and fuzz-fix on random input. */
static int is_space_rule(const struct dg_edit *x)
{
    return strcmp(x->rule, "punct.space-before") == 0 ||
           strcmp(x->rule, "punct.space-after-open") == 0;
}

static unsigned reacting_stages(const struct dg_edit *x)
{
    static const char *const names[] = {
        "casing.proper-noun", "casing.brand", "casing.ambiguous-name",
        "casing.name-phrase", "casing.acronym", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(x->rule, names[i]) == 0)
            return DG_STAGE_PHRASES | DG_STAGE_PUNCT;
    if (strcmp(x->rule, "casing.sentence-start") == 0)
        return DG_STAGE_PUNCT;
    if (is_space_rule(x))
        return DG_STAGE_CASING | DG_STAGE_PUNCT;
    return DG_STAGE_ALL;
}

static unsigned next_stages(const pass *p)
{
    unsigned m = 0;
    for (size_t i = 0; i < p->n_applied && m != DG_STAGE_ALL; i++)
        m |= reacting_stages(p->applied[i]);
    return m;
}

/* dg_edits_render() in the scratch's pass block (see DG_SCRATCH_PASS):
 * the text outlives the pass, and its pages were the pass's biggest
 * array's, already resident. */
static char *render(dg_scratch *scr, const char *text, size_t len,
                    struct dg_edit *const *edits, size_t n, size_t *out_len)
{
    size_t b;
    char *buf = dg_scratch_take(scr, DG_SCRATCH_PASS, &b);
    char *out = dg_edits_render_in(buf, text, len, edits, n, out_len);
    if (!out)
        dg_scratch_keep(scr, DG_SCRATCH_PASS, buf, b);
    return out;
}

/* The stages that a later pass reruns only around the lines that changed
 * (their proposals are kept, see dg_punct_propose_kept()): when a pass's
 * edits react with these and with others, these run first on their own,
 * so that the casing and dictionary stages, which read the whole text,
 * read it once after their repairs and not once after each.  A phrase
 * rule that needs a capital the casing stage made ("the North Korea's")
 * otherwise costs two more passes of every stage: one that deletes the
 * article, one to see that nothing follows.  One such pass, when it
 * applies something, is followed by the pass of every stage, which runs
 * these too: on every corpus the project has they had nothing more to
 * apply after one pass, and a second pass of their own to see so was 3%
 * of the instructions on the garbled article repeated.  When the pass of
 * every stage does apply more of theirs, they run alone again. */
#define LOCAL_STAGES (DG_STAGE_PUNCT | DG_STAGE_PHRASES)

static dg_status fixed_point(const dg_engine *e, dg_tokenizer *tz, kept_tokens *kept,
                             dg_doc_words *words, dg_scratch *scr, const char *text,
                             size_t len, unsigned stages, unsigned spaced, pass *acc,
                             char **mid, size_t *mid_len)
{
    unsigned passes = e->max_passes ? e->max_passes : DG_FIX_PASSES;
    passes += spaced;
    /* Whether the pass of every stage comes next: after the spacing
     * pass, after a local pass that applied nothing (which is then not
     * counted) and after one that applied something. */
    int settled = spaced != 0;
    for (unsigned k = 2; k <= passes && stages; k++) {
        pass nx, next;
        memset(&next, 0, sizeof next);
        int local = !settled && (stages & LOCAL_STAGES) && (stages & ~LOCAL_STAGES);
        unsigned run = local ? stages & LOCAL_STAGES : stages;
        dg_status st = run_pass(e, tz, kept, 1, words, scr, *mid, *mid_len, run, &nx);
        if (st == DG_OK && local && !nx.n_applied) {
            /* The text is as it was: the pass of every stage comes next,
             * under the same number, and makes the findings again. */
            pass_free(&nx);
            settled = 1;
            k--;
            continue;
        }
        /* After a local pass that applied something comes the pass of
         * every stage (see LOCAL_STAGES). */
        settled = local;
        char *out = NULL;
        size_t out_len = *mid_len;
        /* Rendered before the composition, so that the scratch block it
         * takes is down to the text's size before the composed edits are
         * made. */
        if (st == DG_OK && nx.n_applied) {
            out = render(scr, *mid, *mid_len, nx.applied, nx.n_applied, &out_len);
            if (!out)
                st = DG_ERR_NOMEM;
        }
        /* Reasons number the passes of the stages, not the spacing pass. */
        if (st == DG_OK)
            st = compose_pass(*mid, *mid_len, acc, &nx, k - spaced, run, &next);
        /* The composed edits must give the same text from the input:
         * anything else is a bug in the composition, and the call then
         * stops at the last consistent pass. */
        if (st == DG_OK && out &&
            !dg_edits_render_equals(text, len, next.applied, next.n_applied, out, out_len))
            k = passes + 1;
        unsigned after = next_stages(&nx);
        pass_free(&nx);
        if (st != DG_OK || k > passes) {
            free(out);
            pass_free(&next);
            return st;
        }
        pass_free(acc);
        *acc = next;
        /* After a local pass the other stages still have to read the
         * text, besides what its edits react with. */
        stages = local ? stages | after : after;
        if (out) {
            /* The last text's pages are the next pass's scratch. */
            dg_scratch_keep(scr, DG_SCRATCH_PASS, *mid, *mid_len + 1);
            *mid = out;
            *mid_len = out_len;
        } else {
            break;   /* nothing applied: a fixed point */
        }
    }
    return DG_OK;
}

/* The spacing edits of pass p, first in p->applied; 0 when p applied
 * anything else. */
static size_t keep_spacing(pass *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_applied; i++)
        if (is_space_rule(p->applied[i]))
            p->applied[n++] = p->applied[i];
    return n < p->n_applied ? 0 : n;
}

/* The spacing pass.  A space closed up before a mark or after an opening
 * bracket changes what the casing stage reads (a sentence end, "X ,
 * Country", how many line starts a window of evidence holds), so when the
 * first pass makes such edits beside the casing stage's, the casing stage
 * has to read the whole text again to see that nothing follows; on clean
 * text that second pass found nothing and was a third of the time.  These
 * rules read only the punctuation around them, so when they are all the
 * punctuation stage would apply (and no phrase rule claims their spans),
 * they are made first, alone, and the first pass of all stages reads the
 * spaced text.  When the punctuation or phrase stage applies anything
 * else, every stage runs again after the first pass anyway
 * (reacting_stages()), and the spacing pass keeps nothing: the first pass
 * of all stages is what it was without it, reading the tokens and the
 * punctuation stage's proposals already made.  *p is that pass, with
 * nothing applied when it keeps nothing; its findings come again in the
 * pass after. */
static dg_status spacing_pass(const dg_engine *e, dg_tokenizer *tz, kept_tokens *kept,
                              dg_doc_words *words, dg_scratch *scr, const char *text,
                              size_t len, pass *p)
{
    dg_status st = run_pass(e, tz, kept, 0, words, scr, text, len, DG_STAGE_PUNCT, p);
    size_t n = st == DG_OK ? keep_spacing(p) : 0;
    /* A phrase rule may claim a space first ("FILE PHOTO :"): the spacing
     * edits are those that survive beside the phrase table's. */
    if (n && (e->enabled & DG_STAGE_PHRASES)) {
        p->n_applied = 0;
        st = kept_changes(kept, p);
        pass_free(p);
        if (st == DG_OK)
            st = run_pass(e, tz, kept, 1, words, scr, text, len,
                          DG_STAGE_PUNCT | DG_STAGE_PHRASES, p);
        n = st == DG_OK ? keep_spacing(p) : 0;
    }
    if (st != DG_OK)
        return st;
    p->n_applied = n;
    p->n_findings = 0;
    return kept_changes(kept, p);
}

/* The arrays the last call left in scr (see lib/scratch.h), as the
 * empty capacity of this call's token list and word types. */
static void take_scratch(dg_scratch *scr, kept_tokens *k, dg_doc_words *w)
{
    size_t b;
    k->tl.v = dg_scratch_take(scr, DG_SCRATCH_TOKENS, &b);
    k->tl.cap = b / sizeof *k->tl.v;
    w->type = dg_scratch_take(scr, DG_SCRATCH_WORD_TYPE, &b);
    w->cap_type = b / sizeof *w->type;
    w->types = dg_scratch_take(scr, DG_SCRATCH_WORD_TYPES, &b);
    w->cap_types = b / sizeof *w->types;
    w->text = dg_scratch_take(scr, DG_SCRATCH_WORD_TEXT, &b);
    w->cap_text = b;
    w->slots = dg_scratch_take(scr, DG_SCRATCH_WORD_SLOTS, &b);
    w->cap_slots = b / sizeof *w->slots;
}

/* Those arrays back to scr, for the next call; the rest of k and w freed. */
static void keep_scratch(dg_scratch *scr, kept_tokens *k, dg_doc_words *w)
{
    dg_scratch_keep(scr, DG_SCRATCH_TOKENS, k->tl.v, k->tl.cap * sizeof *k->tl.v);
    k->tl.v = NULL;
    kept_free(k);
    dg_scratch_keep(scr, DG_SCRATCH_WORD_TYPE, w->type, w->cap_type * sizeof *w->type);
    dg_scratch_keep(scr, DG_SCRATCH_WORD_TYPES, w->types, w->cap_types * sizeof *w->types);
    dg_scratch_keep(scr, DG_SCRATCH_WORD_TEXT, w->text, w->cap_text);
    dg_scratch_keep(scr, DG_SCRATCH_WORD_SLOTS, w->slots, w->cap_slots * sizeof *w->slots);
    w->type = NULL;
    w->types = NULL;
    w->text = NULL;
    w->slots = NULL;
    dg_doc_words_free(w);
}

/* See engine.h. */
dg_status dg_fix_with(const dg_engine *e, dg_scratch *scr, const char *text, size_t len,
                      dg_result **out)
{
    if (!out)
        return DG_ERR_ARG;
    *out = NULL;
    if (!e || (!text && len))
        return DG_ERR_ARG;
    if (len > DG_MAX_INPUT)
        return DG_ERR_TOO_BIG;
    if (!text)
        text = "";

    dg_scratch_reset_load(scr);
    dg_result *r = calloc(1, sizeof *r);
    if (!r)
        return DG_ERR_NOMEM;
    dg_edits_init(&r->edits);
    dg_doc_words words;
    dg_doc_words_init(&words);
    pass acc;
    memset(&acc, 0, sizeof acc);
    kept_tokens kept;
    memset(&kept, 0, sizeof kept);
    take_scratch(scr, &kept, &words);
    dg_status st = DG_OK;

    dg_tokenizer *tz = dg_tokenizer_new(e->word_bi, e->sent_bi, e->abbrevs);
    if (!tz)
        st = DG_ERR_ICU;
    else
        dg_tokenizer_use_scratch(tz, scr);
    unsigned spaced = 0;
    int tokenized = 0;
    if (st == DG_OK && (e->max_passes ? e->max_passes : DG_FIX_PASSES) > 1 &&
        (e->enabled & DG_STAGE_PUNCT)) {
        st = spacing_pass(e, tz, &kept, &words, scr, text, len, &acc);
        tokenized = 1;
        spaced = st == DG_OK && acc.n_applied;
        if (!spaced)
            pass_free(&acc);
    }
    /* Without spaces to close, the first pass of all stages reads the
     * tokens (and the punctuation stage's proposals) the spacing pass
     * made. */
    if (st == DG_OK && !spaced)
        st = run_pass(e, tz, &kept, tokenized, &words, scr, text, len, DG_STAGE_ALL, &acc);
    if (st == DG_OK) {
        r->text = render(scr, text, len, acc.applied, acc.n_applied, &r->len);
        if (!r->text)
            st = DG_ERR_NOMEM;
    }
    if (st == DG_OK)
        st = fixed_point(e, tz, &kept, &words, scr, text, len,
                         spaced ? DG_STAGE_ALL : next_stages(&acc), spaced, &acc, &r->text,
                         &r->len);
    memcpy(r->runs, kept.runs, sizeof r->runs);
    r->n_runs = kept.n_runs;
    keep_scratch(scr, &kept, &words);
    dg_tokenizer_free(tz);
    r->edits = acc.edits;
    r->applied = acc.applied;
    r->n_applied = acc.n_applied;
    r->findings = acc.findings;
    r->n_findings = acc.n_findings;
    if (st != DG_OK) {
        dg_result_free(r);
        return st;
    }
    *out = r;
    return DG_OK;
}

dg_status dg_fix(const dg_engine *e, const char *text, size_t len, dg_result **out)
{
    return dg_fix_with(e, NULL, text, len, out);
}

/* Copies edit x of the whole call into out, moved back by lo and (for a
 * finding) clipped at end. */
static int copy_edit(dg_edit_list *out, const struct dg_edit *x, size_t lo, size_t end)
{
    size_t e = x->end < end ? x->end : end;
    if (dg_edits_propose(out, x->start - lo, e - lo, x->repl, x->repl ? x->repl_len : 0,
                         x->stage, x->rule, x->confidence, "%s", x->reason) < 0)
        return -1;
    out->v[out->n - 1].literal = x->literal;
    return 0;
}

dg_status dg_fix_part(const dg_engine *e, dg_scratch *scr, const char *text, size_t len,
                      size_t lo, size_t hi, size_t *part_end, dg_result **out)
{
    if (!out || !part_end)
        return DG_ERR_ARG;
    *out = NULL;
    if (lo > hi || hi > len || lo == hi)
        return DG_ERR_ARG;
    dg_result *w = NULL;
    dg_status st = dg_fix_with(e, scr, text, len, &w);
    if (st != DG_OK)
        return st;
    /* An applied edit across hi belongs to this part, which then ends
     * with it; one across lo belonged to the part before. */
    size_t end = hi;
    for (size_t i = 0; i < w->n_applied; i++) {
        const struct dg_edit *x = w->applied[i];
        if (x->start < end && x->end > end && x->start >= lo)
            end = x->end;
    }
    dg_result *r = calloc(1, sizeof *r);
    if (!r) {
        dg_result_free(w);
        return DG_ERR_NOMEM;
    }
    dg_edits_init(&r->edits);
    /* An insertion at the end goes to the next part, unless none follows. */
#define IN_PART(x) ((x)->start >= lo && (x)->start <= end && \
                    ((x)->start < end || (end == len && (x)->end == end)))
    size_t na = 0, nf = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < w->n_applied; i++) {
        const struct dg_edit *x = w->applied[i];
        if (IN_PART(x) && x->end <= end) {
            rc = copy_edit(&r->edits, x, lo, end);
            na++;
        }
    }
    for (size_t i = 0; rc == 0 && i < w->n_findings; i++) {
        const struct dg_edit *x = w->findings[i];
        if (IN_PART(x)) {
            rc = copy_edit(&r->edits, x, lo, end);
            nf++;
        }
    }
#undef IN_PART
    dg_result_free(w);
    if (rc == 0 && !r->edits.failed) {
        dg_edits_finish(&r->edits);
        r->applied = malloc((na ? na : 1) * sizeof *r->applied);
        r->findings = malloc((nf ? nf : 1) * sizeof *r->findings);
    }
    if (rc < 0 || r->edits.failed || !r->applied || !r->findings) {
        dg_result_free(r);
        return DG_ERR_NOMEM;
    }
    for (size_t i = 0; i < na; i++)
        r->applied[i] = &r->edits.v[i];
    for (size_t i = 0; i < nf; i++)
        r->findings[i] = &r->edits.v[na + i];
    r->n_applied = na;
    r->n_findings = nf;
    r->text = dg_edits_render(text + lo, end - lo, r->applied, na, &r->len);
    if (!r->text) {
        dg_result_free(r);
        return DG_ERR_NOMEM;
    }
    *part_end = end;
    *out = r;
    return DG_OK;
}

dg_status dg_tokenize(const dg_engine *e, const char *text, size_t len,
                      dg_tokens **out)
{
    if (!out)
        return DG_ERR_ARG;
    *out = NULL;
    if (!e || (!text && len))
        return DG_ERR_ARG;
    if (len > DG_MAX_INPUT)
        return DG_ERR_TOO_BIG;
    dg_tokens *t = calloc(1, sizeof *t);
    if (!t)
        return DG_ERR_NOMEM;
    dg_token_list_init(&t->list);
    dg_tokenizer *tz = dg_tokenizer_new(e->word_bi, e->sent_bi, e->abbrevs);
    dg_status st = tz ? dg_tokenizer_run(tz, text ? text : "", len, &t->list) : DG_ERR_ICU;
    dg_tokenizer_free(tz);
    if (st != DG_OK) {
        dg_tokens_free(t);
        return st;
    }
    *out = t;
    return DG_OK;
}

/* ---- the phrase rules an engine holds ---------------------------------- */

size_t dg_engine_rule_count(const dg_engine *e)
{
    return e && e->phrases ? dg_ruleset_count(e->phrases->rules) : 0;
}

dg_status dg_engine_rule(const dg_engine *e, size_t i, dg_rule_info *info)
{
    if (!info)
        return DG_ERR_ARG;
    memset(info, 0, sizeof *info);
    const dg_rule *r = e && e->phrases ? dg_ruleset_get(e->phrases->rules, i) : NULL;
    if (!r)
        return DG_ERR_ARG;
    info->rule = r->rule;
    info->category = r->category ? r->category : "";
    info->pattern = r->pattern;
    info->replacement = r->replace;
    info->note = r->note ? r->note : "";
    info->file = r->path;
    info->line = r->line;
    info->confidence = r->confidence;
    info->examples = r->nexamples;
    return DG_OK;
}
