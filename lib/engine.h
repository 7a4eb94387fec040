/* engine.h - what the engine holds and what a stage sees.  Private. */
#ifndef DG_ENGINE_H
#define DG_ENGINE_H

#include "degarble.h"
#include "edits.h"
#include "tokenize.h"

struct dg_abbrevs;
struct dg_casing;
struct dg_dictionary;
struct dg_phrases;

struct dg_engine {
    unsigned enabled;            /* DG_STAGE_* bits */
    double min_confidence;
    int text_only;               /* dg_options.text_only */
    void *word_bi, *sent_bi;     /* ICU break iterator templates */
    struct dg_abbrevs *abbrevs;
    struct dg_casing *casing;
    struct dg_phrases *phrases;
    struct dg_dictionary *dictionary;
    char *warning;
};

/* One call's view of the input: the text, its tokens, and where stages put
 * their proposals.  Stages read text and tokens and only append edits. */
typedef struct dg_doc {
    const dg_engine *engine;
    const char *text;
    size_t len;
    const dg_token *tok;
    size_t ntok;
    dg_edit_list *edits;
} dg_doc;

/* Each stage: proposes edits for doc; returns 0 or -1 when out of memory. */
int dg_punct_propose(const dg_doc *doc);
int dg_casing_propose(const dg_doc *doc);
int dg_phrases_propose(const dg_doc *doc);
int dg_dictionary_propose(const dg_doc *doc);

#endif
