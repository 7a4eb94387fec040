/* test-stream-dense.c - text too dense for a full piece is streamed in
 * smaller pieces, with the output of one call over the whole input
 * (lib/stream.c, next_limit(); lib/engine.h, DG_DENSE).
 *
 * Inputs of 2.5 MB, all through one stream: prose with nothing to fix,
 * which must keep the full pieces (two of them); "the united states said
 * on monday ..." over and over, a proposal every 13 bytes, and "a b c d
 * ...", a token a byte, which must come in more, smaller pieces; then the
 * prose again, which must be back to full pieces: a dense input must not
 * shrink the next input's pieces.  For each, the stream's text and edits
 * must be those of dg_fix() over the whole input. */
#include "stream-collect.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *repeat(const char *unit, size_t len)
{
    size_t n = strlen(unit);
    char *t = tap_xrealloc(NULL, len + 1);
    for (size_t i = 0; i < len; i++)
        t[i] = unit[i % n];
    t[len] = '\0';
    return t;
}

static void check(dg_engine *e, dg_stream *s, sc_collected *c, const char *what,
                  const char *unit, int dense)
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
    sc_buf want_edits = {0};
    sc_put_edits(&want_edits, whole, 0);

    dg_status st = DG_OK;
    for (size_t at = 0, step = 65536; st == DG_OK && at < len; at += step)
        st = dg_stream_feed(s, text + at, step < len - at ? step : len - at);
    if (st == DG_OK)
        st = dg_stream_finish(s);
    if (dense)
        tap_ok(st == DG_OK && c->pieces > 2 && c->largest < DG_PIECE_MAX,
               "%s: streamed in %zu pieces, the largest %zu bytes", what, c->pieces, c->largest);
    else
        tap_ok(st == DG_OK && c->pieces == 2 && c->largest > DG_PIECE_MAX / 2,
               "%s: streamed in full pieces (%zu, the largest %zu bytes)", what, c->pieces,
               c->largest);
    tap_ok(c->text.len == wl && memcmp(c->text.p, want, wl) == 0,
           "%s: the stream's text is the whole call's", what);
    tap_ok(sc_same_edits(&c->edits, &want_edits), "%s: and so are its edits (%zu bytes of them)",
           what, want_edits.len);
    sc_collected_free(c);
    free(want_edits.p);
    dg_result_free(whole);
    free(text);
}

int main(void)
{
    static const char prose[] =
        "The committee met on the second floor and agreed to read the report again.\n"
        "Most of the members had questions about the budget for the coming year.\n\n";
    dg_engine *e = tap_engine_new(NULL);
    sc_collected c = {{0}, {0}, 0, 0};
    dg_stream *s = NULL;
    if (tap_ok(dg_stream_new(e, 0, sc_collect, &c, &s) == DG_OK, "dg_stream_new")) {
        check(e, s, &c, "prose", prose, 0);
        check(e, s, &c, "a proposal every 13 bytes",
              "the united states said on monday that it would act.  ", 1);
        check(e, s, &c, "a token a byte", "a b c d e f g h. ", 1);
        check(e, s, &c, "prose after them, same stream", prose, 0);
    }
    dg_stream_free(s);
    dg_engine_free(e);
    return tap_done();
}
