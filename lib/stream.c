/* stream.c - inputs of any size: where to cut them (dg_cut) and a stream
 * that cuts, fixes and hands back one piece at a time (dg_stream). */
#include "degarble.h"
#include "casing.h"
#include "engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this a piece would be too small to carry document-level evidence
 * and the cut search would have almost no room. */
#define PIECE_FLOOR ((size_t)64)

static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* A single space between a word (or the mark that closes one) and the next
 * word: no punctuation or spacing rule spans it.  i >= 2. */
static int quiet_space(const char *buf, size_t i)
{
    char before = buf[i - 2], after = buf[i];
    return (word_byte(before) || (before && strchr(".,;:!?)\"", before))) &&
           word_byte(after);
}

/* The cut for len > max (see dg_cut in degarble.h): after the last blank
 * line in (max/3, max], else after the last line end there, else after the
 * last quiet space that follows . ! or ?, else after any quiet space, else
 * after any space, else at a UTF-8 character boundary.  Reads text[0, max]
 * only, so the answer does not depend on how much more follows. */
static size_t find_cut(const char *buf, size_t max)
{
    size_t lo = max / 3, hi = max;
    size_t i, line_end = 0, stop_space = 0, word_space = 0, space = 0;

    /* One backward scan remembers the last line end and spaces met and
     * stops at the first blank line, the best cut there is (text without
     * blank lines made this a byte-by-byte read of a megabyte a piece).
     * buf[hi] is readable (len > max). */
    for (i = hi; i > lo; i--) {
        char c = buf[i - 1];
        if (c == '\n') {
            size_t j = i - 1;
            if (!line_end)
                line_end = i;
            /* A blank line: only spaces, tabs or a CR since the line end
             * before this one. */
            while (j > 0 && (buf[j - 1] == ' ' || buf[j - 1] == '\t' ||
                             buf[j - 1] == '\r'))
                j--;
            if (j > 0 && buf[j - 1] == '\n')
                return i;
            /* Past the last line end only line ends matter: the next one
             * down, at p, is read next (the loop's i-- makes i p + 1). */
            const char *q = i - 1 > lo ? memrchr(buf + lo, '\n', i - 1 - lo) : NULL;
            if (!q)
                break;
            i = (size_t)(q - buf) + 2;
        } else if (c == ' ' && !line_end && !stop_space) {
            if (!space)
                space = i;
            if (quiet_space(buf, i)) {
                if (!word_space)
                    word_space = i;
                if (buf[i - 2] == '.' || buf[i - 2] == '!' || buf[i - 2] == '?')
                    stop_space = i;
            }
        }
    }
    if (line_end)
        return line_end;
    if (stop_space)
        return stop_space;
    if (word_space)
        return word_space;
    if (space)
        return space;
    /* Back off continuation bytes so that a character is not split; more
     * than three of them are invalid anyway and pass through either way. */
    for (i = hi; i > hi - 3 && ((unsigned char)buf[i] & 0xc0) == 0x80; i--)
        ;
    return ((unsigned char)buf[i] & 0xc0) == 0x80 ? hi : i;
}

static size_t piece_max(size_t max_piece)
{
    if (max_piece == 0)
        return DG_PIECE_MAX;
    if (max_piece < PIECE_FLOOR)
        return PIECE_FLOOR;
    return max_piece > DG_MAX_INPUT ? DG_MAX_INPUT : max_piece;
}

size_t dg_cut(const char *text, size_t len, size_t max_piece)
{
    size_t max = piece_max(max_piece);
    if (!text || len <= max)
        return len;
    return find_cut(text, max);
}

/* Context each piece is fixed with, on both sides: every decision of the
 * stages reads at most this far from the word it changes (the casing
 * stage's same-text evidence, DG_CASING_REACH in lib/casing.h; the other
 * stages a sentence, a line or a paragraph), so a piece fixed with it is
 * fixed exactly as the whole input would be. */
#define CONTEXT DG_CASING_REACH

/* Text too dense for a piece of s->max (DG_DENSE, lib/engine.h: its
 * tokens and proposals would need more memory than a piece of prose) is
 * fixed in smaller pieces: after each call the next piece's window is
 * sized so that the tokens and proposals it counted, in proportion, come
 * to 15/16 of what DG_DENSE allows (prose: more than max allows), and no
 * piece is smaller than DENSE_FLOOR, which takes any text.  A refused
 * piece is cut again the same way.  The output does not change: it is
 * dg_fix() of the whole input wherever the cuts fall (include/degarble.h,
 * "Streaming"). */
#define DENSE_FLOOR ((size_t)1 << 17)

struct dg_stream {
    const dg_engine *engine;
    dg_piece_fn fn;
    void *ctx;
    size_t max;
    size_t context;      /* CONTEXT, less for pieces near DG_MAX_INPUT */
    char *buf;           /* context + max + 1 + context bytes */
    dg_scratch *scratch; /* the work arrays, resident from piece to piece */
    size_t len;          /* bytes held */
    size_t keep;         /* buf[0, keep): bytes already handed out, kept
                            as the next piece's context before it */
    size_t offset;       /* stream bytes before buf[keep] */
    size_t limit;        /* the largest piece for now: max, less after
                            text too dense for it (see DG_DENSE) */
    dg_status failed;    /* the callback's first refusal, then sticky */
    int busy;            /* inside the callback: no re-entry */
};

/* The largest piece for the next call of s, which read a window of
 * window bytes. */
static size_t next_limit(const dg_stream *s, size_t window)
{
    size_t tokens, proposals;
    dg_scratch_load(s->scratch, &tokens, &proposals);
    /* The window that fits, as a share of this one in 1/1024ths. */
    uint64_t share = UINT64_MAX;
    if (tokens)
        share = (uint64_t)DENSE_TOKENS * 960 / tokens;
    if (proposals && (uint64_t)DENSE_PROPOSALS * 960 / proposals < share)
        share = (uint64_t)DENSE_PROPOSALS * 960 / proposals;
    if (share >= 1024 * (uint64_t)(s->max + 2 * s->context) / (window ? window : 1))
        return s->max;
    uint64_t fits = (uint64_t)window * share / 1024;
    size_t piece = fits > 2 * s->context ? (size_t)fits - 2 * s->context : 0;
    if (piece < DENSE_FLOOR)
        piece = DENSE_FLOOR;
    return piece < s->max ? piece : s->max;
}

dg_status dg_stream_new(const dg_engine *engine, size_t max_piece,
                        dg_piece_fn fn, void *ctx, dg_stream **out)
{
    if (!out)
        return DG_ERR_ARG;
    *out = NULL;
    if (!engine || !fn ||
        (max_piece && (max_piece < PIECE_FLOOR || max_piece > DG_MAX_INPUT)))
        return DG_ERR_ARG;
    dg_stream *s = calloc(1, sizeof *s);
    if (!s)
        return DG_ERR_NOMEM;
    s->engine = engine;
    s->fn = fn;
    s->ctx = ctx;
    s->max = piece_max(max_piece);
    s->limit = s->max;
    s->context = (DG_MAX_INPUT - s->max) / 2 < CONTEXT ? (DG_MAX_INPUT - s->max) / 2
                                                       : CONTEXT;
    s->buf = malloc(s->max + 1 + 2 * s->context);
    s->scratch = dg_scratch_new();
    if (!s->buf || !s->scratch) {
        free(s->buf);
        dg_scratch_free(s->scratch);
        free(s);
        return DG_ERR_NOMEM;
    }
    *out = s;
    return DG_OK;
}

void dg_stream_free(dg_stream *s)
{
    if (!s)
        return;
    free(s->buf);
    dg_scratch_free(s->scratch);
    free(s);
}

/* Invalid UTF-8 spans of a result: the library reports each one as an
 * input-stage finding (NUL bytes, valid text, are never among them). */
static size_t count_invalid(const dg_result *res)
{
    size_t n = dg_result_finding_count(res), count = 0;
    for (size_t i = 0; i < n; i++)
        if (dg_edit_stage(dg_result_finding(res, i)) == DG_STAGE_INPUT)
            count++;
    return count;
}

/* Cuts the next piece from the bytes held, fixes it with the context
 * around it and hands it to the callback.  Before the input's end, the
 * bytes held reach at least context bytes past any cut. */
static dg_status emit(dg_stream *s)
{
    size_t pending = s->len - s->keep;
    size_t cut, hi, end;
    dg_result *res = NULL;
    dg_status st;

    for (;;) {
        cut = pending > s->limit ? find_cut(s->buf + s->keep, s->limit) : pending;
        hi = s->keep + cut;
        end = hi;
        size_t ctx_end = s->len - hi > s->context ? hi + s->context : s->len;
        /* The smallest piece takes any text. */
        int refuse = s->limit > DENSE_FLOOR;
        dg_scratch_refuse_dense(s->scratch, refuse);
        if (s->keep == 0 && ctx_end == hi)
            st = dg_fix_with(s->engine, s->scratch, s->buf, cut, &res);
        else
            st = dg_fix_part(s->engine, s->scratch, s->buf, ctx_end, s->keep, hi, &end,
                             &res);
        size_t next = next_limit(s, ctx_end);
        if (st != DG_DENSE) {
            s->limit = next;
            break;
        }
        /* Smaller each time, and DENSE_FLOOR takes any text. */
        s->limit = next < s->limit ? next : s->limit / 2 > DENSE_FLOOR ? s->limit / 2
                                                                        : DENSE_FLOOR;
    }
    if (st != DG_OK)
        end = hi;
    dg_piece p = { s->buf + s->keep, end - s->keep, s->offset, res, st, 0 };
    if (res)
        p.invalid = count_invalid(res);
    s->busy = 1;
    st = s->fn(s->ctx, &p);
    s->busy = 0;
    dg_result_free(res);
    s->offset += end - s->keep;
    /* Keep up to context bytes before the next piece. */
    size_t drop = end > s->context ? end - s->context : 0;
    memmove(s->buf, s->buf + drop, s->len - drop);
    s->len -= drop;
    s->keep = end - drop;
    if (st != DG_OK)
        s->failed = st;
    return st;
}

dg_status dg_stream_feed(dg_stream *s, const char *bytes, size_t len)
{
    if (!s || s->busy || (!bytes && len))
        return DG_ERR_ARG;
    if (s->failed)
        return s->failed;
    size_t cap = s->max + 1 + 2 * s->context;
    while (len > 0) {
        size_t take = cap - s->len;
        if (take > len)
            take = len;
        memcpy(s->buf + s->len, bytes, take);
        s->len += take;
        bytes += take;
        len -= take;
        /* A cut needs max + 1 bytes, its context after it context more. */
        while (s->len - s->keep > s->max + s->context) {
            dg_status st = emit(s);
            if (st != DG_OK)
                return st;
        }
    }
    return DG_OK;
}

dg_status dg_stream_finish(dg_stream *s)
{
    dg_status st = DG_OK;

    if (!s || s->busy)
        return DG_ERR_ARG;
    st = s->failed;
    while (st == DG_OK && s->len > s->keep)
        st = emit(s);
    /* Ready for the next input. */
    s->len = 0;
    s->keep = 0;
    s->offset = 0;
    s->failed = DG_OK;
    /* A dense input must not shrink the next one's pieces. */
    s->limit = s->max;
    return st;
}
