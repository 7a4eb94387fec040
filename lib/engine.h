/* engine.h - what the engine holds.  Private.  Stages never include it:
 * they see only their own table and the document (stage.h). */
#ifndef DG_ENGINE_H
#define DG_ENGINE_H

#include "degarble.h"
#include "scratch.h"
#include "stage.h"
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
    unsigned max_passes;         /* 0: DG_FIX_PASSES; 1 for the rule checks */
};

/* What a call's memory grows with is its tokens (16 bytes each, and
 * their word types) and its proposals (about a hundred bytes each, in the
 * lists of a pass, its composition and the result).  A stream's piece of
 * English prose (1.5 MB and 256 KB of context) has about 680,000 tokens
 * (0.37 a byte in every corpus the project has) and under 40,000
 * proposals (one every 48 bytes in the dev sets' synthetic damage); a
 * piece of text with a token every byte ("a, b, c") or a proposal every
 * dozen bytes ("the united states" repeated) took fix-text past 64 MB,
 * up to 180 MB.  The limits leave prose a third more tokens and half
 * again as many proposals.  With a scratch that refuses dense text
 * (dg_scratch_refuse_dense()), a call returns DG_DENSE instead as soon
 * as a pass holds more than DENSE_TOKENS tokens or DENSE_PROPOSALS
 * proposals, and the stream fixes a smaller piece, sized by what the
 * call counted (dg_scratch_load()). */
#define DG_DENSE ((dg_status)-100)
#define DENSE_TOKENS ((size_t)7 << 17)
#define DENSE_PROPOSALS ((size_t)1 << 16)

/* dg_fix() of text[0, len), narrowed to the part text[lo, hi): the result
 * holds the part's fixed text and the edits and findings inside it, on the
 * part's offsets; the rest of text is context only (lib/stream.c).  An
 * applied edit that crosses hi is kept, and the part then ends where it
 * does: *part_end (>= hi).  An insertion at the part's end belongs to the
 * next part, unless hi == len. */
dg_status dg_fix_part(const dg_engine *e, dg_scratch *scr, const char *text,
                      size_t len, size_t lo, size_t hi, size_t *part_end, dg_result **out);
/* dg_fix() with the work arrays of scr (lib/scratch.h; NULL: the heap),
 * which a caller fixing many pieces in turn keeps from one to the next. */
dg_status dg_fix_with(const dg_engine *e, dg_scratch *scr, const char *text,
                      size_t len, dg_result **out);

/* Builds an engine from opts whose phrase table is phrases instead of the
 * one opts would load: the rule lint runs a file's examples through a real
 * engine this way.  Takes ownership of phrases, on failure too. */
/* The idempotence check of rule files (rules-lint.c): each rule of load
 * group first_group or later is applied to its own output (its examples
 * and a sample of its pattern), one pass at a time; a second pass that
 * changes the text again (the rule matching its own output, two rules
 * undoing each other, a split known abbreviation) is a problem, reported
 * with the rule's file and line.  *problems counts them. */
dg_status dg_rules_check_idempotence(const dg_engine *e, unsigned first_group,
                                     dg_rules_report_fn report, void *ctx,
                                     unsigned *problems);

dg_status dg_engine_new_with_phrases(const dg_options *opts, struct dg_phrases *phrases,
                                     dg_engine **out, dg_error *err);

#endif
