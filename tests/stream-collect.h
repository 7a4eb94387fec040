/* stream-collect.h - what the stream tests compare: a stream's pieces put
 * back together, and the edits of a result as lines that a whole call's
 * can be compared with byte for byte. */
#ifndef DG_STREAM_COLLECT_H
#define DG_STREAM_COLLECT_H

#include "degarble.h"

#include <stddef.h>

typedef struct sc_buf {
    char *p;
    size_t len, cap;
} sc_buf;

/* Appends s[0, n) (NUL-terminated after it); aborts when out of memory. */
void sc_put(sc_buf *b, const char *s, size_t n);

/* Appends the edits of r, moved on by offset, a line each: start, end,
 * replacement, rule and reason. */
void sc_put_edits(sc_buf *b, const dg_result *r, size_t offset);

/* A stream's pieces: their fixed text and edits, how many, the largest. */
typedef struct sc_collected {
    sc_buf text, edits;
    size_t pieces, largest;
} sc_collected;

/* A dg_piece_fn that appends each piece to the sc_collected ctx. */
dg_status sc_collect(void *ctx, const dg_piece *p);

/* True when both hold the same edits, and the first line that differs is
 * reported with tap_diag() otherwise. */
int sc_same_edits(const sc_buf *got, const sc_buf *want);

void sc_collected_free(sc_collected *c);

#endif
