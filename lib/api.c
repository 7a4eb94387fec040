/* api.c - small public accessors: names, versions, results, tokens. */
#include "degarble.h"
#include "result.h"

#include <stdlib.h>

const char *dg_version(void)
{
    return DG_VERSION_STRING;
}

const char *dg_status_str(dg_status s)
{
    switch (s) {
    case DG_OK: return "success";
    case DG_ERR_NOMEM: return "out of memory";
    case DG_ERR_ARG: return "invalid argument";
    case DG_ERR_IO: return "input/output error";
    case DG_ERR_DATA: return "malformed data file";
    case DG_ERR_ICU: return "ICU error";
    case DG_ERR_TOO_BIG: return "input too large for one call";
    }
    return "unknown status";
}

const char *dg_stage_name(dg_stage s)
{
    switch (s) {
    case DG_STAGE_INPUT: return "input";
    case DG_STAGE_PUNCT: return "punct";
    case DG_STAGE_PHRASES: return "phrases";
    case DG_STAGE_CASING: return "casing";
    case DG_STAGE_DICTIONARY: return "dictionary";
    }
    return "?";
}

void dg_result_free(dg_result *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->applied);
    free(r->findings);
    dg_edits_clear(&r->edits);
    free(r);
}

const char *dg_result_text(const dg_result *r, size_t *len)
{
    if (len)
        *len = r ? r->len : 0;
    return r ? r->text : NULL;
}

size_t dg_result_edit_count(const dg_result *r)
{
    return r ? r->n_applied : 0;
}

const dg_edit *dg_result_edit(const dg_result *r, size_t i)
{
    return r && i < r->n_applied ? r->applied[i] : NULL;
}

size_t dg_result_finding_count(const dg_result *r)
{
    return r ? r->n_findings : 0;
}

const dg_edit *dg_result_finding(const dg_result *r, size_t i)
{
    return r && i < r->n_findings ? r->findings[i] : NULL;
}

size_t dg_edit_start(const dg_edit *e) { return e ? e->start : 0; }
size_t dg_edit_end(const dg_edit *e) { return e ? e->end : 0; }
dg_stage dg_edit_stage(const dg_edit *e) { return e ? e->stage : 0; }
const char *dg_edit_rule(const dg_edit *e) { return e ? e->rule : NULL; }
double dg_edit_confidence(const dg_edit *e) { return e ? e->confidence : 0; }
const char *dg_edit_reason(const dg_edit *e) { return e ? e->reason : NULL; }

const char *dg_edit_replacement(const dg_edit *e, size_t *len)
{
    if (len)
        *len = e && e->repl ? e->repl_len : 0;
    return e ? e->repl : NULL;
}

size_t dg_tokens_count(const dg_tokens *t)
{
    return t ? t->list.n : 0;
}

const dg_token *dg_tokens_get(const dg_tokens *t, size_t i)
{
    return t && i < t->list.n ? &t->list.v[i] : NULL;
}

void dg_tokens_free(dg_tokens *t)
{
    if (!t)
        return;
    dg_token_list_free(&t->list);
    free(t);
}

const char *dg_token_kind_name(dg_token_kind k)
{
    switch (k) {
    case DG_TOKEN_WORD: return "word";
    case DG_TOKEN_NUMBER: return "number";
    case DG_TOKEN_PUNCT: return "punct";
    case DG_TOKEN_SPACE: return "space";
    case DG_TOKEN_NEWLINE: return "newline";
    case DG_TOKEN_ABBREV: return "abbrev";
    case DG_TOKEN_CODE: return "code";
    case DG_TOKEN_URL: return "url";
    case DG_TOKEN_EMAIL: return "email";
    case DG_TOKEN_INVALID: return "invalid";
    }
    return "?";
}
