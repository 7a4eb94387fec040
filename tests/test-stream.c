/* test-stream.c - dg_cut() and dg_stream (include/degarble.h, "Streaming"):
 * where pieces end, that they cover the input exactly whatever the feed
 * sizes, that the stream's fixed text is dg_fix() of the whole, and
 * what happens on errors. */
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dg_cut ------------------------------------------------------------- */

static int utf8_cont(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

/* A text of exactly len bytes made by repeating unit. */
static char *repeat(const char *unit, size_t len)
{
    char *s = tap_xmalloc(len + 1);
    size_t u = strlen(unit);
    for (size_t i = 0; i < len; i++)
        s[i] = unit[i % u];
    s[len] = '\0';
    return s;
}

static void test_cut_kinds(void)
{
    const size_t max = 300;
    char *t;
    size_t n;

    tap_ok(dg_cut("abc", 3, max) == 3, "dg_cut: a text within max_piece is one piece");
    tap_ok(dg_cut(NULL, 0, 0) == 0, "dg_cut: NULL and 0 give 0");

    /* Lines of 40 bytes with one blank line at 150: the blank line wins
     * over the later line ends. */
    t = repeat("one two three four five six seven eigh.\n", 1000);
    t[149] = '\n';
    t[150] = '\n';
    n = dg_cut(t, 1000, max);
    tap_ok(n == 151, "dg_cut: after a blank line (%zu)", n);
    free(t);

    /* A blank line holding spaces and a tab, four line ends below the
     * last one: still found. */
    t = repeat("one two three four five six seven eigh.\n", 1000);
    memcpy(t + 116, "\n \t\n", 4);
    n = dg_cut(t, 1000, max);
    tap_ok(n == 120, "dg_cut: after a blank line of spaces and a tab (%zu)", n);
    free(t);

    t = repeat("one two three four five six seven eigh.\n", 1000);
    n = dg_cut(t, 1000, max);
    tap_ok(n == 280 && t[n - 1] == '\n', "dg_cut: after the last line end in the window (%zu)", n);
    free(t);

    /* One long line: a space after a full stop beats a later plain one. */
    t = repeat("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj ", 1000);
    t[203] = '.';
    n = dg_cut(t, 1000, max);
    tap_ok(n == 205, "dg_cut: after '. ' in a long line (%zu)", n);
    free(t);

    t = repeat("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj ", 1000);
    n = dg_cut(t, 1000, max);
    tap_ok(n == 300 && t[n - 1] == ' ', "dg_cut: after a space between words (%zu)", n);
    free(t);

    /* "word , word": the space before the comma is not a quiet one. */
    t = repeat("a , ", 1000);
    n = dg_cut(t, 1000, max);
    tap_ok(n > 100 && n <= max && t[n - 1] == ' ' && t[n - 2] == ',',
           "dg_cut: not inside \"a , b\" when a space after the comma exists (%zu)", n);
    free(t);

    /* No space at all: a UTF-8 character boundary. */
    t = repeat("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 1000);
    n = dg_cut(t, 1000, max);
    tap_ok(n > 100 && n <= max && !utf8_cont(t[n]),
           "dg_cut: at a character boundary in text without spaces (%zu)", n);
    free(t);

    /* The answer depends on text[0, max] only. */
    t = repeat("xy z\n", 2000);
    n = dg_cut(t, 2000, max);
    tap_ok(n == dg_cut(t, max + 1, max), "dg_cut: reads no further than max_piece + 1");
    tap_ok(dg_cut(t, 2000, 1) == dg_cut(t, 2000, 64), "dg_cut: max_piece below 64 counts as 64");
    n = dg_cut(t, 2000, 0);
    tap_ok(n == 2000, "dg_cut: 0 means DG_PIECE_MAX");
    free(t);
}

/* ---- dg_stream ---------------------------------------------------------- */

struct collect {
    const dg_engine *engine;
    char *in, *out;
    size_t in_len, out_len, cap_in, cap_out;
    size_t pieces, invalid, bad_offset;
    size_t lens[4096];
    int stop_after;          /* > 0: refuse piece number stop_after */
};

static void append(char **p, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *p = tap_xrealloc(*p, *cap);
    }
    memcpy(*p + *len, s, n);
    *len += n;
}

static dg_status collect_piece(void *ctx, const dg_piece *p)
{
    struct collect *c = ctx;
    size_t len;
    const char *out;

    if (c->stop_after && (int)c->pieces + 1 == c->stop_after)
        return DG_ERR_IO;
    if (p->offset != c->in_len)
        c->bad_offset++;
    if (c->pieces < 4096)
        c->lens[c->pieces] = p->len;
    c->pieces++;
    c->invalid += p->invalid;
    append(&c->in, &c->in_len, &c->cap_in, p->text, p->len);
    if (p->status == DG_OK) {
        out = dg_result_text(p->result, &len);
        append(&c->out, &c->out_len, &c->cap_out, out, len);
    }
    return DG_OK;
}

static void collect_reset(struct collect *c)
{
    free(c->in);
    free(c->out);
    const dg_engine *e = c->engine;
    memset(c, 0, sizeof *c);
    c->engine = e;
}

/* Streams text fed in steps of step bytes (0: all at once). */
static dg_status stream_all(struct collect *c, dg_stream *s, const char *text,
                            size_t len, size_t step)
{
    dg_status st = DG_OK;
    for (size_t at = 0; at < len && st == DG_OK;) {
        size_t n = step && step < len - at ? step : len - at;
        st = dg_stream_feed(s, text + at, n);
        at += n;
    }
    dg_status fin = dg_stream_finish(s);
    return st != DG_OK ? st : fin;
}

/* What the stream must give: dg_fix() of the whole text (each piece is
 * fixed with enough context around it). */
static char *expected(const dg_engine *e, const char *text, size_t len, size_t *out_len)
{
    dg_result *r;
    size_t rl;
    char *out = NULL;
    size_t cap = 0;
    *out_len = 0;
    if (dg_fix(e, text, len, &r) != DG_OK)
        return NULL;
    const char *rt = dg_result_text(r, &rl);
    append(&out, out_len, &cap, rt, rl);
    dg_result_free(r);
    return out;
}

static void test_stream(const dg_engine *e, const char *name, const char *text,
                        size_t len, size_t max)
{
    static const size_t steps[] = { 0, 1, 7, 64, 1000, 65536 };
    struct collect c = { .engine = e };
    dg_stream *s = NULL;
    size_t want_len;
    char *want = expected(e, text, len, &want_len);

    tap_ok(dg_stream_new(e, max, collect_piece, &c, &s) == DG_OK && s,
           "%s: dg_stream_new", name);
    if (!s)
        return;
    for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
        size_t step = steps[k];
        /* Megabytes fed a byte at a time only cost time. */
        if (len > 100000 && step && step < 65536)
            continue;
        dg_status st = stream_all(&c, s, text, len, step);
        int ok = st == DG_OK && c.in_len == len && memcmp(c.in, text, len) == 0 &&
                 c.bad_offset == 0 && want && c.out_len == want_len &&
                 memcmp(c.out, want, want_len) == 0;
        /* A piece ends where dg_cut() says, or later when an edit crosses
         * that point. */
        for (size_t i = 0, at = 0; ok && i < c.pieces && i < 4096; i++) {
            ok = c.lens[i] >= dg_cut(text + at, len - at, max);
            at += c.lens[i];
        }
        tap_ok(ok, "%s: fed %zu bytes at a time: %zu pieces cover the input, cut as "
               "dg_cut does, fixed as dg_fix fixes the whole", name, step ? step : len,
               c.pieces);
        collect_reset(&c);
    }
    dg_stream_free(s);
    free(want);
}

static void test_stream_edges(const dg_engine *e)
{
    struct collect c = { .engine = e };
    dg_stream *s = NULL;
    const char garbled[] = "the united Nations said , on monday.\n\xff\xfe bytes\n";
    dg_result *r;
    size_t rl;

    tap_ok(dg_stream_new(NULL, 0, collect_piece, &c, &s) == DG_ERR_ARG && !s,
           "dg_stream_new: no engine is DG_ERR_ARG");
    tap_ok(dg_stream_new(e, 0, NULL, &c, &s) == DG_ERR_ARG,
           "dg_stream_new: no callback is DG_ERR_ARG");
    tap_ok(dg_stream_new(e, 10, collect_piece, &c, &s) == DG_ERR_ARG,
           "dg_stream_new: max_piece below 64 is DG_ERR_ARG");
    tap_ok(dg_stream_new(e, DG_MAX_INPUT + 1, collect_piece, &c, &s) == DG_ERR_ARG,
           "dg_stream_new: max_piece over DG_MAX_INPUT is DG_ERR_ARG");
    tap_ok(dg_stream_feed(NULL, "x", 1) == DG_ERR_ARG && dg_stream_finish(NULL) == DG_ERR_ARG,
           "dg_stream_feed/finish: NULL stream is DG_ERR_ARG");
    dg_stream_free(NULL);

    /* A small input is one piece, exactly dg_fix() of it; invalid UTF-8 is
     * counted once per span. */
    tap_ok(dg_stream_new(e, 0, collect_piece, &c, &s) == DG_OK, "dg_stream_new: defaults");
    tap_ok(dg_stream_feed(s, garbled, sizeof garbled - 1) == DG_OK && c.pieces == 0,
           "a tail shorter than a piece waits for finish");
    tap_ok(dg_stream_finish(s) == DG_OK && c.pieces == 1, "finish gives the last piece");
    dg_fix(e, garbled, sizeof garbled - 1, &r);
    const char *rt = dg_result_text(r, &rl);
    tap_str(c.out, c.out_len, rt, "one piece: the text dg_fix() gives");
    tap_ok(rl == c.out_len && c.out_len != sizeof garbled - 1, "one piece: and it was fixed");
    tap_ok(c.invalid == 1, "one invalid UTF-8 span counted (%zu)", c.invalid);
    dg_result_free(r);
    collect_reset(&c);
    tap_ok(dg_stream_finish(s) == DG_OK && c.pieces == 0, "finish with nothing held gives nothing");
    dg_stream_free(s);

    /* A callback's refusal stops the stream and comes back to the caller.
     * A piece is fixed once the 128 KB of context after it are in. */
    size_t len = 5000, big = 600000;
    char *t = repeat("Some words here.\n", big);
    c.stop_after = 2;
    tap_ok(dg_stream_new(e, 300, collect_piece, &c, &s) == DG_OK, "dg_stream_new: 300");
    dg_status st = dg_stream_feed(s, t, big);
    tap_ok(st == DG_ERR_IO && c.pieces == 1, "the callback's status stops feed (%d, %zu pieces)",
           (int)st, c.pieces);
    tap_ok(dg_stream_feed(s, t, 10) == DG_ERR_IO, "a stopped stream refuses more bytes");
    tap_ok(dg_stream_finish(s) == DG_ERR_IO, "finish reports the stop");
    c.stop_after = 0;
    collect_reset(&c);
    tap_ok(stream_all(&c, s, t, len, 999) == DG_OK && c.in_len == len &&
               memcmp(c.in, t, len) == 0,
           "after finish the stream takes a new input from offset 0");
    collect_reset(&c);
    dg_stream_free(s);
    free(t);
}

int main(void)
{
    dg_engine *e = tap_engine_new(NULL);
    char path[4096];
    size_t len;
    char *text;

    test_cut_kinds();
    test_stream_edges(e);

    /* Real text with small pieces, so that every kind of cut happens. */
    snprintf(path, sizeof path, "%s/tests/data/example.txt", tap_source_root());
    text = tap_read_file(path, &len);
    if (tap_ok(text != NULL, "read %s", path)) {
        test_stream(e, "example.txt, pieces of 300", text, len, 300);
        /* The same text as one long line: cuts at spaces. */
        for (size_t i = 0; i < len; i++)
            if (text[i] == '\n')
                text[i] = ' ';
        test_stream(e, "example.txt as one line, pieces of 256", text, len, 256);
        test_stream(e, "example.txt, default pieces", text, len, 0);
    }
    free(text);

    /* Bigger than DG_PIECE_MAX: two default pieces.  Damage as dense as
     * the dev sets' (an edit every 50 bytes or so); denser text is cut
     * smaller (tests/test-stream-dense.c). */
    len = DG_PIECE_MAX + 12345;
    text = repeat("The u. s. said , on monday that china and japan would talk.\n"
                  "A second line of the paragraph, which has nothing to fix in it.\n"
                  "Most of the members had questions about the budget for the year.\n"
                  "A short summary was written for those who could not attend.\n\n", len);
    test_stream(e, "1.5 MB of paragraphs, default pieces", text, len, 0);
    free(text);

    dg_engine_free(e);
    return tap_done();
}
