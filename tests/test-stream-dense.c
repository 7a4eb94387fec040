/* test-stream-dense.c - text too dense for a full piece is streamed in
 * smaller pieces, with the output of one call over the whole input
 * (lib/stream.c, next_limit(); lib/engine.h, DG_DENSE).
 *
 * Three inputs of 2.5 MB: prose with nothing to fix, which must keep the
 * full pieces (two of them); "the united states said on monday ..." over
 * and over, a proposal every 13 bytes, and "a b c d ...", a token a byte,
 * which must come in more, smaller pieces.  For each, the stream's text
 * and edits must be those of dg_fix() over the whole input. */
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = tap_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static char *repeat(const char *unit, size_t len)
{
    size_t n = strlen(unit);
    char *t = tap_xrealloc(NULL, len + 1);
    for (size_t i = 0; i < len; i++)
        t[i] = unit[i % n];
    t[len] = '\0';
    return t;
}

static void put_edits(buf *b, const dg_result *r, size_t offset)
{
    for (size_t i = 0; i < dg_result_edit_count(r); i++) {
        const dg_edit *x = dg_result_edit(r, i);
        size_t rl;
        const char *repl = dg_edit_replacement(x, &rl);
        char line[768];
        int n = snprintf(line, sizeof line, "%zu %zu %.*s %s %s\n", dg_edit_start(x) + offset,
                         dg_edit_end(x) + offset, (int)rl, repl, dg_edit_rule(x),
                         dg_edit_reason(x));
        put(b, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : strlen(line));
    }
}

typedef struct collected {
    buf text, edits;
    size_t pieces, largest;
} collected;

static dg_status collect(void *ctx, const dg_piece *p)
{
    collected *c = ctx;
    size_t n;
    if (p->status != DG_OK)
        return p->status;
    const char *t = dg_result_text(p->result, &n);
    put(&c->text, t, n);
    put_edits(&c->edits, p->result, p->offset);
    c->pieces++;
    c->largest = p->len > c->largest ? p->len : c->largest;
    return DG_OK;
}

static void check(dg_engine *e, const char *what, const char *unit, int dense)
{
    const size_t len = 2500000;
    char *text = repeat(unit, len);
    dg_result *whole = NULL;
    if (!tap_ok(dg_fix(e, text, len, &whole) == DG_OK, "%s: dg_fix of the whole", what)) {
        free(text);
        return;
    }
    size_t wl;
    const char *want = dg_result_text(whole, &wl);
    buf want_edits = {0};
    put_edits(&want_edits, whole, 0);

    collected c = {{0}, {0}, 0, 0};
    dg_stream *s = NULL;
    dg_status st = dg_stream_new(e, 0, collect, &c, &s);
    for (size_t at = 0, step = 65536; st == DG_OK && at < len; at += step)
        st = dg_stream_feed(s, text + at, step < len - at ? step : len - at);
    if (st == DG_OK)
        st = dg_stream_finish(s);
    dg_stream_free(s);
    if (dense)
        tap_ok(st == DG_OK && c.pieces > 2 && c.largest < DG_PIECE_MAX,
               "%s: streamed in %zu pieces, the largest %zu bytes", what, c.pieces, c.largest);
    else
        tap_ok(st == DG_OK && c.pieces == 2 && c.largest > DG_PIECE_MAX / 2,
               "%s: streamed in full pieces (%zu, the largest %zu bytes)", what, c.pieces,
               c.largest);
    tap_ok(c.text.len == wl && memcmp(c.text.p, want, wl) == 0,
           "%s: the stream's text is the whole call's", what);
    /* Text with nothing to fix has no edits to compare (and NULL buffers). */
    tap_ok(c.edits.len == want_edits.len &&
               (!c.edits.len || memcmp(c.edits.p, want_edits.p, c.edits.len) == 0),
           "%s: and so are its edits (%zu bytes of them)", what, want_edits.len);
    free(c.text.p);
    free(c.edits.p);
    free(want_edits.p);
    dg_result_free(whole);
    free(text);
}

int main(void)
{
    dg_engine *e = tap_engine_new(NULL);
    check(e, "prose",
          "The committee met on the second floor and agreed to read the report again.\n"
          "Most of the members had questions about the budget for the coming year.\n\n", 0);
    check(e, "a proposal every 13 bytes",
          "the united states said on monday that it would act.  ", 1);
    check(e, "a token a byte", "a b c d e f g h. ", 1);
    dg_engine_free(e);
    return tap_done();
}
