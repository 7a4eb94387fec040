/* result.h - what dg_fix() and dg_tokenize() hand back.  Private. */
#ifndef DG_RESULT_H
#define DG_RESULT_H

#include "edits.h"
#include "tokenize.h"

#define DG_RESULT_RUNS 16

struct dg_result {
    char *text;
    size_t len;
    dg_edit_list edits;          /* owns every edit and its strings */
    struct dg_edit **applied;
    size_t n_applied;
    struct dg_edit **findings;
    size_t n_findings;
    /* The DG_STAGE_* bits of each run of the stages this call made, in
     * order (at most DG_RESULT_RUNS recorded), so that tests can check the
     * engine's schedule (lib/engine.c, tests/test-passes.c). */
    unsigned runs[DG_RESULT_RUNS];
    unsigned n_runs;
};

struct dg_tokens {
    dg_token_list list;
};

#endif
