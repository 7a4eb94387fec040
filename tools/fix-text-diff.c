/*
 * fix-text-diff.c - the unified diff of --diff, written from the edits.
 *
 * No longest-common-subsequence search is needed: the library says exactly
 * which input bytes changed, so the caller hands over the input line by
 * line, each unchanged line as itself and each group of lines touched by
 * edits together with what it became.  This file only lays those blocks
 * out as hunks with three lines of context, the way diff -u and patch
 * expect them.  Memory is bounded by the largest hunk, not the input.
 */
#include "fix-text.h"

#include <stdlib.h>
#include <string.h>

#define CONTEXT 3

#define COLOR_META "\033[1m"
#define COLOR_FRAG "\033[36m"
#define COLOR_OLD "\033[31m"
#define COLOR_NEW "\033[32m"
#define COLOR_RESET "\033[m"

struct diff {
    struct sink *out;
    const char *name;
    int color;
    int header_done;
    size_t old_line, new_line;   /* numbers of the next lines, 1-based */
    /* A line cut by a piece boundary, waiting for its end. */
    struct buf pend_old, pend_new;
    /* Unchanged lines just before the next change; they open its hunk. */
    struct buf pre[CONTEXT];
    size_t n_pre;
    /* The hunk being built, and the unchanged lines after its last change
     * (up to 2 * CONTEXT: more means the next change gets its own hunk). */
    int in_hunk;
    size_t h_old, h_new, h_old_count, h_new_count;
    struct buf body;
    struct buf trail[2 * CONTEXT];
    size_t n_trail;
};

struct diff *diff_new(struct sink *out, const char *name, int color)
{
    struct diff *d = calloc(1, sizeof *d);
    if (!d)
        die_nomem();
    d->out = out;
    d->name = name;
    d->color = color;
    d->old_line = d->new_line = 1;
    return d;
}

/* Appends one line to the hunk body with its mark.  A line without a line
 * end can only be the last of its file; diff -u says so on a line of its
 * own, and patch relies on it. */
static void body_line(struct diff *d, char mark, const char *p, size_t n)
{
    int nl = n > 0 && p[n - 1] == '\n';
    const char *color = mark == '-' ? COLOR_OLD : mark == '+' ? COLOR_NEW : NULL;

    if (d->color && color)
        buf_add(&d->body, color, strlen(color));
    buf_add(&d->body, &mark, 1);
    buf_add(&d->body, p, nl ? n - 1 : n);
    if (d->color && color)
        buf_add(&d->body, COLOR_RESET, strlen(COLOR_RESET));
    buf_add(&d->body, "\n", 1);
    if (!nl)
        buf_add(&d->body, "\\ No newline at end of file\n", 28);
}

/* An empty range is named by the line before it, as diff -u does. */
static void range(char *s, size_t size, size_t start, size_t count)
{
    if (count == 1)
        snprintf(s, size, "%zu", start);
    else
        snprintf(s, size, "%zu,%zu", count ? start : start - 1, count);
}

static void write_hunk(struct diff *d, size_t keep_trail)
{
    char a[48], b[48];

    for (size_t i = 0; i < keep_trail; i++) {
        body_line(d, ' ', d->trail[i].p, d->trail[i].len);
        d->h_old_count++;
        d->h_new_count++;
    }
    if (!d->header_done) {
        if (d->color)
            fprintf(d->out->f, COLOR_META "--- %s" COLOR_RESET "\n"
                    COLOR_META "+++ %s" COLOR_RESET "\n", d->name, d->name);
        else
            fprintf(d->out->f, "--- %s\n+++ %s\n", d->name, d->name);
        d->header_done = 1;
    }
    range(a, sizeof a, d->h_old, d->h_old_count);
    range(b, sizeof b, d->h_new, d->h_new_count);
    fprintf(d->out->f, "%s@@ -%s +%s @@%s\n", d->color ? COLOR_FRAG : "", a,
            b, d->color ? COLOR_RESET : "");
    sink_check(d->out);
    sink_write(d->out, d->body.p, d->body.len);
    d->body.len = 0;
    d->in_hunk = 0;
}

/* Keeps the last CONTEXT unchanged lines seen outside a hunk. */
static void remember(struct diff *d, const char *p, size_t n)
{
    struct buf spare;
    if (d->n_pre == CONTEXT) {
        spare = d->pre[0];
        memmove(d->pre, d->pre + 1, (CONTEXT - 1) * sizeof d->pre[0]);
        d->pre[CONTEXT - 1] = spare;
        d->n_pre--;
    }
    d->pre[d->n_pre].len = 0;
    buf_add(&d->pre[d->n_pre++], p, n);
}

static void same_line(struct diff *d, const char *p, size_t n)
{
    d->old_line++;
    d->new_line++;
    if (!d->in_hunk) {
        remember(d, p, n);
        return;
    }
    if (d->n_trail < 2 * CONTEXT) {
        d->trail[d->n_trail].len = 0;
        buf_add(&d->trail[d->n_trail++], p, n);
        return;
    }
    /* 2 * CONTEXT + 1 unchanged lines: the hunk ends after CONTEXT of
     * them and the last CONTEXT open the next one, if any. */
    write_hunk(d, CONTEXT);
    d->n_pre = 0;
    for (size_t i = CONTEXT + 1; i < 2 * CONTEXT; i++)
        remember(d, d->trail[i].p, d->trail[i].len);
    remember(d, p, n);
    d->n_trail = 0;
}

/* Calls line() for each line of p[0, n), line ends included. */
static void each_line(struct diff *d, const char *p, size_t n, char mark)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) + 1 : n;
        if (mark == ' ')
            same_line(d, p, len);
        else
            body_line(d, mark, p, len);
        if (mark == '-')
            d->h_old_count++, d->old_line++;
        else if (mark == '+')
            d->h_new_count++, d->new_line++;
        p += len;
        n -= len;
    }
}

static void block(struct diff *d, const char *old, size_t olen,
                  const char *new, size_t nlen)
{
    if (olen == nlen && memcmp(old, new, olen) == 0) {
        each_line(d, old, olen, ' ');
        return;
    }
    if (!d->in_hunk) {
        d->in_hunk = 1;
        d->h_old = d->old_line - d->n_pre;
        d->h_new = d->new_line - d->n_pre;
        d->h_old_count = d->h_new_count = 0;
        for (size_t i = 0; i < d->n_pre; i++) {
            body_line(d, ' ', d->pre[i].p, d->pre[i].len);
            d->h_old_count++;
            d->h_new_count++;
        }
        d->n_pre = 0;
    } else {
        for (size_t i = 0; i < d->n_trail; i++) {
            body_line(d, ' ', d->trail[i].p, d->trail[i].len);
            d->h_old_count++;
            d->h_new_count++;
        }
    }
    d->n_trail = 0;
    each_line(d, old, olen, '-');
    each_line(d, new, nlen, '+');
}

void diff_add(struct diff *d, const char *old, size_t olen, const char *new,
              size_t nlen)
{
    int complete = olen > 0 && old[olen - 1] == '\n';

    if (d->pend_old.len == 0 && d->pend_new.len == 0 && complete) {
        block(d, old, olen, new, nlen);
        return;
    }
    buf_add(&d->pend_old, old, olen);
    buf_add(&d->pend_new, new, nlen);
    if (complete) {
        block(d, d->pend_old.p, d->pend_old.len, d->pend_new.p,
              d->pend_new.len);
        d->pend_old.len = d->pend_new.len = 0;
    }
}

void diff_finish(struct diff *d)
{
    if (d->pend_old.len || d->pend_new.len)
        block(d, d->pend_old.p, d->pend_old.len, d->pend_new.p,
              d->pend_new.len);
    if (d->in_hunk)
        write_hunk(d, d->n_trail < CONTEXT ? d->n_trail : CONTEXT);
    buf_free(&d->pend_old);
    buf_free(&d->pend_new);
    buf_free(&d->body);
    for (size_t i = 0; i < CONTEXT; i++)
        buf_free(&d->pre[i]);
    for (size_t i = 0; i < 2 * CONTEXT; i++)
        buf_free(&d->trail[i]);
    free(d);
}

/* ---- From a result ----------------------------------------------------- */

/* Where the line holding text[i] ends (after its '\n', or at len). */
static size_t line_end(const char *text, size_t len, size_t i)
{
    const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
    return nl ? (size_t)(nl - text) + 1 : len;
}

/* Hands one piece to the diff as lines: unchanged lines as themselves, the
 * lines an edit touches (several, if it crosses line ends, or several
 * edits touch neighbouring ones) with what they become. */
void diff_piece(struct diff *d, const char *text, size_t len,
                       const dg_result *res, struct buf *scratch)
{
    size_t n = dg_result_edit_count(res), k = 0, pos = 0;

    while (pos < len || k < n) {
        size_t end = line_end(text, len, pos), cursor = pos;
        const dg_edit *e = k < n ? dg_result_edit(res, k) : NULL;

        if (!e || (dg_edit_start(e) >= end && end < len)) {
            diff_add(d, text + pos, end - pos, text + pos, end - pos);
            pos = end;
            continue;
        }
        scratch->len = 0;
        while (k < n && ((e = dg_result_edit(res, k)),
                         dg_edit_start(e) < end || end == len)) {
            size_t rlen = 0;
            const char *repl = dg_edit_replacement(e, &rlen);
            buf_add(scratch, text + cursor, dg_edit_start(e) - cursor);
            buf_add(scratch, repl, rlen);
            cursor = dg_edit_end(e);
            /* An edit that removes a line end joins the next line in. */
            if (cursor > end)
                end = line_end(text, len, cursor - 1);
            k++;
        }
        buf_add(scratch, text + cursor, end - cursor);
        diff_add(d, text + pos, end - pos, scratch->p, scratch->len);
        pos = end;
    }
}
