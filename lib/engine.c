/* engine.c - building the engine once, and running the stages per call. */
#include "engine.h"

#include "abbrev.h"
#include "builtin-data.h"
#include "casing.h"
#include "datafile.h"
#include "dictionary.h"
#include "phrases.h"
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        };
        st = dg_casing_new(&src, &e->casing, &e->warning, err);
    }
    if (st == DG_OK && !e->phrases)
        st = dg_phrases_new(o, e->abbrevs, &e->phrases, err);
    if (st == DG_OK && (e->enabled & DG_STAGE_DICTIONARY))
        st = dg_dictionary_new(o, &e->dictionary, &e->warning, err);
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

dg_status dg_engine_new(const dg_options *opts, dg_engine **out, dg_error *err)
{
    return engine_build(opts, NULL, out, err);
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

dg_status dg_fix(const dg_engine *e, const char *text, size_t len, dg_result **out)
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

    dg_result *r = calloc(1, sizeof *r);
    if (!r)
        return DG_ERR_NOMEM;
    dg_edits_init(&r->edits);
    dg_token_list tl;
    dg_token_list_init(&tl);
    dg_status st = DG_OK;

    dg_tokenizer *tz = dg_tokenizer_new(e->word_bi, e->sent_bi, e->abbrevs);
    if (!tz)
        st = DG_ERR_ICU;
    if (st == DG_OK)
        st = dg_tokenizer_run(tz, text, len, &tl);
    dg_tokenizer_free(tz);

    if (st == DG_OK) {
        dg_doc doc = {.text = text, .len = len, .tok = tl.v,
                      .ntok = tl.n, .edits = &r->edits};
        int rc = 0;
        if (e->enabled & DG_STAGE_PUNCT)
            rc |= dg_punct_propose(e->abbrevs, &doc);
        if (e->enabled & DG_STAGE_PHRASES)
            rc |= dg_phrases_propose(e->phrases, &doc);
        if (e->enabled & DG_STAGE_CASING)
            rc |= dg_casing_propose(e->casing, &doc);
        if ((e->enabled & DG_STAGE_DICTIONARY) && e->dictionary)
            rc |= dg_dictionary_propose(e->dictionary, &doc);
        rc |= report_invalid(&tl, text, &r->edits);
        if (rc < 0 || r->edits.failed ||
            dg_edits_resolve(&r->edits, e->min_confidence, tl.invalid, tl.n_invalid,
                             &r->applied, &r->n_applied, &r->findings,
                             &r->n_findings) < 0)
            st = DG_ERR_NOMEM;
    }
    if (st == DG_OK) {
        r->text = dg_edits_render(text, len, r->applied, r->n_applied, &r->len);
        if (!r->text)
            st = DG_ERR_NOMEM;
    }
    dg_token_list_free(&tl);
    if (st != DG_OK) {
        dg_result_free(r);
        return st;
    }
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
