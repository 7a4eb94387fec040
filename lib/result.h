/* result.h - what dg_fix() and dg_tokenize() hand back.  Private. */
#ifndef DG_RESULT_H
#define DG_RESULT_H

#include "edits.h"
#include "tokenize.h"

struct dg_result {
    char *text;
    size_t len;
    dg_edit_list edits;          /* owns every edit and its strings */
    struct dg_edit **applied;
    size_t n_applied;
    struct dg_edit **findings;
    size_t n_findings;
};

struct dg_tokens {
    dg_token_list list;
};

#endif
