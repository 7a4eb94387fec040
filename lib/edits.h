/* edits.h - the edit model: stages propose, the resolver chooses, the
 * renderer copies.  Private to the library. */
#ifndef DG_EDITS_H
#define DG_EDITS_H

#include "degarble.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct dg_edit {
    uint32_t start, end;   /* byte span of the input (DG_MAX_INPUT fits) */
    uint32_t repl_len;
    float confidence;
    dg_stage stage;
    unsigned seq;          /* proposal order, the last tie-breaker */
    unsigned char literal; /* overlaps literal text: only ever a finding */
    unsigned char camel;   /* set by its stage: inside one DG_TOKEN_CAMEL word,
                            * whose literal span does not make it a finding */
    /* The arena may move while stages propose, so strings are offsets
     * into it until dg_edits_finish() turns them into pointers, in the
     * same bytes: an edit costs 56 bytes, and text dense with edits has
     * one every dozen bytes. */
    union {
        const char *repl;  /* NULL: a finding with nothing to propose */
        size_t repl_off;
    };
    union {
        const char *rule;  /* copied: rule ids from user rule files die with their engine */
        size_t rule_off;
    };
    union {
        const char *reason;
        size_t reason_off;
    };
};

/* One interned string of a list's arena (see dg_edit_list). */
struct dg_edit_interned {
    size_t off;            /* offset + 1 in the arena; 0: an empty slot */
    uint32_t len, hash;    /* its length, and the top bits of its hash */
};

/* A growable list of proposed edits.  Replacement and reason strings live
 * in one arena so that a result frees them in one go.  Rule ids and
 * reasons are interned: text dense with edits repeats a few of them
 * ("name \"United States\" (icu-region US; ...)" at every use), and a
 * copy per edit was most of such a text's memory. */
typedef struct dg_edit_list {
    struct dg_edit *v;
    size_t n, cap;
    char *arena;
    size_t arena_len, arena_cap;
    struct dg_edit_interned *slots;   /* until dg_edits_finish() */
    size_t n_slots, n_interned;
    size_t n_finished;     /* v[0, n_finished) hold pointers, not offsets */
    int failed;            /* an allocation failed; the list is incomplete */
} dg_edit_list;

void dg_edits_init(dg_edit_list *list);
void dg_edits_clear(dg_edit_list *list);

/* Proposes replacing input[start, end) by repl[0, repl_len) (repl may be NULL
 * for a pure finding).  reason is a printf format.  Returns 0, or -1 when out
 * of memory (also remembered in list->failed). */
int dg_edits_propose(dg_edit_list *list, size_t start, size_t end,
                     const char *repl, size_t repl_len, dg_stage stage,
                     const char *rule, double confidence, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* Proposes replacing text[s, e) by repl[0, rlen) narrowed to the part that
 * differs, cut at character boundaries so that an edit never splits a UTF-8
 * sequence; proposes nothing when nothing differs.  reason is copied as is. */
int dg_edits_propose_trimmed(dg_edit_list *list, const char *text, size_t s, size_t e,
                             const char *repl, size_t rlen, dg_stage stage,
                             const char *rule, double confidence, const char *reason);

/* For a reason: where text position at lies from here, as "12 bytes
 * before" or "1 byte after", written into buf[n] and returned.  Reasons
 * give distances, not offsets: an offset would count from the start of
 * the text the stage read, which in a stream is the piece's window and
 * not the input. */
const char *dg_edits_distance(char *buf, size_t n, size_t at, size_t here);

/* True when input[start, end) already equals repl: such an edit is a no-op
 * and stages should not propose it. */
int dg_edit_is_noop(const char *input, size_t start, size_t end,
                    const char *repl, size_t repl_len);

/* Flags every proposal overlapping one of the sorted, disjoint
 * [start, end) pairs of spans (literal text, lib/literal.c): the resolver
 * keeps such an edit as a finding and never applies it.  An insertion
 * counts when it falls strictly inside a span. */
void dg_edits_mark_literal(dg_edit_list *list, const size_t *spans, size_t n);

/* Chooses among proposals: edits touching a forbidden span (invalid UTF-8)
 * are dropped, then non-overlapping edits are kept greedily by confidence,
 * span length and proposal order.  Kept edits with confidence >=
 * min_confidence go to *applied, the rest (and pure findings) to *findings;
 * both come back sorted by start.  Pointers refer into list. */
int dg_edits_resolve(dg_edit_list *list, double min_confidence,
                     const size_t *forbidden, size_t n_forbidden,
                     struct dg_edit ***applied, size_t *n_applied,
                     struct dg_edit ***findings, size_t *n_findings);

/* Copies input to a new NUL-terminated buffer, replacing each applied edit's
 * span by its replacement; every other byte is copied unchanged.  edits must
 * be sorted and non-overlapping.  Returns NULL when out of memory. */
char *dg_edits_render(const char *input, size_t len,
                      struct dg_edit *const *edits, size_t n, size_t *out_len);
/* The same in buf (from malloc(), or NULL), realloc()ed to fit: the
 * rendering then reuses buf's pages.  On failure NULL, and buf is still
 * the caller's. */
char *dg_edits_render_in(char *buf, const char *input, size_t len,
                         struct dg_edit *const *edits, size_t n, size_t *out_len);

/* True when rendering input with edits (as dg_edits_render) gives exactly
 * want[0, want_len); allocates nothing. */
int dg_edits_render_equals(const char *input, size_t len,
                           struct dg_edit *const *edits, size_t n,
                           const char *want, size_t want_len);

/* Turns a list's string offsets into the pointers of struct dg_edit (the
 * resolver does this itself; a list built otherwise calls it once, after
 * its last proposal). */
void dg_edits_finish(dg_edit_list *list);

/* True when two proposals of finished lists say the same thing: span,
 * replacement, stage, confidence, rule and reason (the replay checks of
 * phrases.c and punct.c compare a kept pass with a whole one). */
int dg_edit_same(const struct dg_edit *a, const struct dg_edit *b);

/* Sorts edits by start, then end, then proposal order. */
void dg_edits_sort(struct dg_edit **edits, size_t n);

/* Composition, for the fixed point of dg_fix().  first are edits applied
 * to an input (sorted, non-overlapping); mid[0, mid_len) is what they
 * rendered; second are edits on mid's offsets (sorted, non-overlapping).
 * Appends to out edits on the input's offsets that render the input to
 * what second renders mid to: an edit of second that does not touch an
 * edit of first keeps its rule and only moves; one that overlaps an edit
 * of first (or would insert where it inserted) is merged with it into one
 * edit over the union, with the first edit's stage and rule, the lowest
 * confidence of the two and both reasons.  Edits of first that second
 * leaves alone are copied.  pass (2, 3, ...) is noted in the reason of the
 * edits second contributes; pass 1 (the stages' first pass, after the
 * engine's spacing pass) only in those merged with an edit of first.
 *
 * With findings non-zero, second are findings on mid instead: only they
 * are appended, each mapped on its own (widened over any edit of first it
 * touches, its replacement rebuilt over the union), first is not copied.
 * Returns 0, or -1 when out of memory. */
int dg_edits_compose(const char *mid, size_t mid_len,
                     struct dg_edit *const *first, size_t nfirst,
                     struct dg_edit *const *second, size_t nsecond,
                     int findings, unsigned pass, dg_edit_list *out);

#endif
