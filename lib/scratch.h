/* scratch.h - the big arrays one dg_fix() call leaves to the next on the
 * same thread, so that the next piece finds their pages resident.
 * Private.
 *
 * fix-text keeps large blocks out of the heap (M_MMAP_THRESHOLD: freed,
 * they go back to the system instead of fragmenting it), so every array
 * of a piece was a fresh mapping, faulted in and zeroed page by page, and
 * unmapped at the end: a quarter of the time on large inputs.  Keeping
 * an array resident must not raise the most a piece holds at once, so a
 * slot holds either arrays that live through the whole call anyway (sized
 * by the piece's tokens and word types), or (DG_SCRATCH_PASS) one block
 * that arrays of a pass which never live at the same time use in turn,
 * each reallocating it to its own size.  Other arrays a stage holds for
 * part of a pass are not kept: held through the rest of the pass, they
 * would raise that most (the casing stage's, 62.3 -> 68 MB on a 20 MB
 * input).
 *
 * A dg_stream holds one for its pieces.  The slots hold malloc() memory:
 * what dg_scratch_take() hands out is the caller's to realloc() or free()
 * until dg_scratch_keep() takes it back.  NULL for the scratch is allowed
 * everywhere: nothing is kept. */
#ifndef DG_SCRATCH_H
#define DG_SCRATCH_H

#include <stddef.h>

typedef struct dg_scratch dg_scratch;

enum {
    DG_SCRATCH_TOKENS,       /* the token list (dg_token_list.v) */
    DG_SCRATCH_WORD_TYPE,    /* dg_doc_words: per token, */
    DG_SCRATCH_WORD_TYPES,   /* per type, */
    DG_SCRATCH_WORD_TEXT,    /* the types' folds, */
    DG_SCRATCH_WORD_SLOTS,   /* and their hash table */
    DG_SCRATCH_PASS,         /* a pass's biggest passing array: a rerun's
                                redone tokens, then the casing units, then
                                the text the pass renders, which gives its
                                block back when the next pass is done */
    DG_SCRATCH_SLOTS
};

/* NULL when out of memory. */
dg_scratch *dg_scratch_new(void);
void dg_scratch_free(dg_scratch *s);

/* What slot holds (NULL and *bytes 0 when nothing), now the caller's. */
void *dg_scratch_take(dg_scratch *s, int slot, size_t *bytes);
/* Puts p (from malloc(), bytes long; NULL for nothing) in slot, which
 * must be empty; without a scratch, frees it. */
void dg_scratch_keep(dg_scratch *s, int slot, void *p, size_t bytes);

/* Whether calls with this scratch refuse text too dense for one piece
 * (see DG_DENSE in lib/engine.h): set by a caller that can cut a smaller
 * piece instead, the stream.  Off for a new scratch and for NULL. */
void dg_scratch_refuse_dense(dg_scratch *s, int on);
int dg_scratch_refuses_dense(const dg_scratch *s);

/* The most tokens and proposals a pass of the last call with this
 * scratch held (a refused call: up to where it stopped), for the stream
 * to size its next piece by.  dg_fix_with() resets them; run_pass()
 * notes each pass's. */
void dg_scratch_note_load(dg_scratch *s, size_t tokens, size_t proposals);
void dg_scratch_reset_load(dg_scratch *s);
void dg_scratch_load(const dg_scratch *s, size_t *tokens, size_t *proposals);

#endif
