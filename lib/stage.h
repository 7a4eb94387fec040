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
#include <stdint.h>

struct dg_abbrevs;
struct dg_casing;
struct dg_dictionary;
struct dg_phrases;

/* A word type: one distinct case fold (dg_fold) of the tokens of a call,
 * and its hash (dg_hash_bytes of the fold). */
typedef struct dg_word_type {
    uint64_t hash;
    uint32_t off, len;     /* the fold: dg_doc.type_text + off, len bytes */
} dg_word_type;

/* Tokens whose fold is longer than this (or fails) get no type. */
#define DG_TYPE_MAX_FOLD 96
#define DG_NO_TYPE UINT32_MAX

/* One call's view of the input: the text and its tokens (whose flags carry
 * the sentence marks: DG_TOKEN_SENTENCE_START ...), and where stages put
 * their proposals.  Stages read text and tokens and only append edits.
 *
 * type (may be NULL: then every stage folds for itself) gives each token
 * its word type, DG_NO_TYPE for spaces, line breaks, invalid bytes and
 * folds over DG_TYPE_MAX_FOLD bytes.  The engine folds and hashes each
 * token once per pass (dg_doc_words_build); a stage that looks words up
 * keys its lookups by the type's hash and can remember an answer per type
 * (ntypes slots) instead of per token. */
typedef struct dg_doc {
    const char *text;
    size_t len;
    const dg_token *tok;
    size_t ntok;
    dg_edit_list *edits;
    const uint32_t *type;
    const dg_word_type *types;
    const char *type_text;
    size_t ntypes;
    /* Arrays a stage may take and keep for the next pass (lib/scratch.h);
     * NULL: none. */
    struct dg_scratch *scratch;
} dg_doc;

/* The word types of one call, reused from pass to pass. */
typedef struct dg_doc_words {
    uint32_t *type;
    size_t cap_type;
    dg_word_type *types;
    size_t ntypes, cap_types;
    char *text;
    size_t text_len, cap_text;
    uint32_t *slots;       /* 1 + type, 0: empty; a power of two */
    size_t cap_slots;
    size_t ntok;           /* tokens of the last build */
    int built;             /* type[0, ntok) is that build's */
} dg_doc_words;

void dg_doc_words_init(dg_doc_words *w);
void dg_doc_words_free(dg_doc_words *w);
/* Folds, hashes and interns the tokens; returns 0, or -1 when out of
 * memory.  On success doc's type fields point into w. */
int dg_doc_words_build(dg_doc_words *w, dg_doc *doc);

/* For a doc whose tokens are those of w's last build but for the ones
 * between the segments seg[0, nseg) (dg_tokenizer_rerun's kept lines):
 * when every such token keeps its index and folds as the one it replaced,
 * the types are the same and doc's type fields point into w as they are
 * (0); else the kept tokens take their old types' folds without folding
 * again, in a build's order (0: the same types a build would give); 1
 * when that cannot be done either (call dg_doc_words_build). */
struct dg_literal_seg;
int dg_doc_words_rebuild(dg_doc_words *w, dg_doc *doc, const struct dg_literal_seg *seg,
                         size_t nseg);

/* Token i's type, or NULL when it has none. */
static inline const dg_word_type *dg_doc_type(const dg_doc *doc, size_t i)
{
    return doc->type && doc->type[i] != DG_NO_TYPE ? &doc->types[doc->type[i]] : NULL;
}

/* Each stage proposes edits for doc; returns 0, or -1 when out of memory.
 * A NULL table proposes nothing. */
int dg_punct_propose(const struct dg_abbrevs *abbrevs, const dg_doc *doc);
/* dg_punct_propose, for a pass of the engine's fixed point: *kept (may be
 * NULL) receives what the next pass needs of this one.  With seg
 * (dg_tokenizer_kept's segments: doc's tokens are those of the text *kept
 * was made for, but between the segments), the lines the segments keep
 * get the last pass's proposals again, moved with them, wherever the
 * stage's state there is what it was (see punct.c): the same proposals,
 * in the same order, as a pass over every line. */
typedef struct dg_punct_kept dg_punct_kept;
int dg_punct_propose_kept(const struct dg_abbrevs *abbrevs, const dg_doc *doc,
                          const struct dg_literal_seg *seg, size_t nseg,
                          dg_punct_kept **kept);
void dg_punct_kept_free(dg_punct_kept *kept);
int dg_casing_propose(const struct dg_casing *casing, const dg_doc *doc);
int dg_phrases_propose(const struct dg_phrases *phrases, const dg_doc *doc);
/* The dictionary keeps per-engine caches behind a lock, hence not const. */
int dg_dictionary_propose(struct dg_dictionary *dictionary, const dg_doc *doc);

#endif
