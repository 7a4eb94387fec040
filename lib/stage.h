/* stage.h - what a stage sees: one call's document, and the stage calls.
 * Private.
 *
 * A stage is a function of its own compiled table (built once per engine,
 * read-only afterwards) and the document.  It never sees the engine: each
 * stage's tests can build only that stage's table and run it. */
#ifndef DG_STAGE_H
#define DG_STAGE_H

#include "degarble.h"
#include "edits.h"
#include "tokenize.h"

#include <stddef.h>

struct dg_abbrevs;
struct dg_casing;
struct dg_dictionary;
struct dg_phrases;

/* One call's view of the input: the text and its tokens (whose flags carry
 * the sentence marks: DG_TOKEN_SENTENCE_START ...), and where stages put
 * their proposals.  Stages read text and tokens and only append edits. */
typedef struct dg_doc {
    const char *text;
    size_t len;
    const dg_token *tok;
    size_t ntok;
    dg_edit_list *edits;
} dg_doc;

/* Each stage proposes edits for doc; returns 0, or -1 when out of memory.
 * A NULL table proposes nothing. */
int dg_punct_propose(const struct dg_abbrevs *abbrevs, const dg_doc *doc);
int dg_casing_propose(const struct dg_casing *casing, const dg_doc *doc);
int dg_phrases_propose(const struct dg_phrases *phrases, const dg_doc *doc);
/* The dictionary keeps per-engine caches behind a lock, hence not const. */
int dg_dictionary_propose(struct dg_dictionary *dictionary, const dg_doc *doc);

#endif
