/*
 * fix-text-diff.c - the unified diff of --diff, written from the edits.
 *
 * No longest-common-subsequence search is needed: the library says exactly
 * which input bytes changed, so the caller hands over the input line by
 * line, each unchanged line as itself and each group of lines touched by
 * edits together with what it became.  This file only lays those blocks
 * out as hunks with three lines of context, the way diff -u and patch
 * expect them.  What a hunk must hold until it is written (a line cut by
 * pieces, the lines of context, the hunk itself) grows with the lines it
 * holds, so each of those stores keeps 256 KB in memory and the rest in an
 * unlinked temporary file: memory stays bounded however long a line is
 * (a 20 MB line took 113 MiB before).
 */
#include "fix-text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONTEXT 3

/* Bytes a tape keeps in memory; past them it goes to its file. */
#define TAPE_MEM ((size_t)1 << 18)

#define COLOR_META "\033[1m"
#define COLOR_FRAG "\033[36m"
#define COLOR_OLD "\033[31m"
#define COLOR_NEW "\033[32m"
#define COLOR_RESET "\033[m"

/* ---- Tapes: bytes appended, read back in order ------------------------- */

/* In memory while small; after a spill, fd holds the first on_disk bytes
 * and mem the rest, written out whenever it fills up. */
struct tape {
    struct buf mem;
    int fd;                  /* -1: in memory only */
    size_t on_disk;
};

#define TAPE_INIT { { 0 }, -1, 0 }

static size_t tape_len(const struct tape *t)
{
    return t->on_disk + t->mem.len;
}

static void tape_fail(const char *what)
{
    fprintf(stderr, "%s: --diff: %s the temporary file: %s\n", progname, what,
            strerror(errno ? errno : EIO));
    exit(EXIT_TROUBLE);
}

/* Appends p[0, n) to the file. */
static void tape_write_at_end(struct tape *t, const char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = pwrite(t->fd, p + done, n - done, (off_t)(t->on_disk + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            tape_fail("cannot write");
        done += (size_t)w;
    }
    t->on_disk += n;
}

static void tape_flush(struct tape *t)
{
    tape_write_at_end(t, t->mem.p, t->mem.len);
    t->mem.len = 0;
}

/* Opens the file (unlinked at once: nothing to clean up) and moves mem
 * into it.  Without one the tape stays in memory. */
static void tape_spill(struct tape *t)
{
    static int failed;       /* no temporary file: stay in memory */
    const char *dir = getenv("TMPDIR");
    struct buf path = { 0 };

    if (failed)
        return;
    if (!dir || !*dir)
        dir = "/tmp";
    buf_add(&path, dir, strlen(dir));
    buf_add(&path, "/fix-text-diff-XXXXXX", 22);
    t->fd = mkstemp(path.p);
    if (t->fd >= 0) {
        unlink(path.p);
        tape_flush(t);
    } else {
        failed = 1;
    }
    buf_free(&path);
}

/* Memory stays within TAPE_MEM: past it, mem is written out, and so are
 * large additions, straight from p. */
static void tape_add(struct tape *t, const void *p, size_t n)
{
    if (t->fd < 0 && t->mem.len + n > TAPE_MEM)
        tape_spill(t);
    if (t->fd >= 0 && t->mem.len + n > TAPE_MEM) {
        tape_flush(t);
        if (n > TAPE_MEM / 2) {
            tape_write_at_end(t, p, n);
            return;
        }
    }
    buf_add(&t->mem, p, n);
}

/* Copies t[off, off + n) to dst. */
static void tape_read(const struct tape *t, size_t off, char *dst, size_t n)
{
    while (n > 0 && off < t->on_disk) {
        size_t want = t->on_disk - off < n ? t->on_disk - off : n;
        ssize_t r = pread(t->fd, dst, want, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            tape_fail("cannot read");
        dst += r, off += (size_t)r, n -= (size_t)r;
    }
    if (n > 0)
        memcpy(dst, t->mem.p + (off - t->on_disk), n);
}

/* Where the first '\n' in t[from, to) is, or to. */
static size_t tape_find_nl(const struct tape *t, size_t from, size_t to)
{
    char chunk[1 << 16];

    if (t->fd < 0) {
        const char *nl = from < to ? memchr(t->mem.p + from, '\n', to - from) : NULL;
        return nl ? (size_t)(nl - t->mem.p) : to;
    }
    while (from < to) {
        size_t n = to - from < sizeof chunk ? to - from : sizeof chunk;
        tape_read(t, from, chunk, n);
        const char *nl = memchr(chunk, '\n', n);
        if (nl)
            return from + (size_t)(nl - chunk);
        from += n;
    }
    return to;
}

/* Appends src[from, to) to dst. */
static void tape_copy(struct tape *dst, const struct tape *src, size_t from, size_t to)
{
    char chunk[1 << 16];

    if (src->fd < 0) {
        tape_add(dst, src->mem.p + from, to - from);
        return;
    }
    while (from < to) {
        size_t n = to - from < sizeof chunk ? to - from : sizeof chunk;
        tape_read(src, from, chunk, n);
        tape_add(dst, chunk, n);
        from += n;
    }
}

static void tape_write(struct sink *out, const struct tape *t)
{
    char chunk[1 << 16];

    for (size_t off = 0; off < t->on_disk; off += sizeof chunk) {
        size_t n = t->on_disk - off < sizeof chunk ? t->on_disk - off : sizeof chunk;
        tape_read(t, off, chunk, n);
        sink_write(out, chunk, n);
    }
    sink_write(out, t->mem.p, t->mem.len);
}

static int tape_equal(const struct tape *a, const struct tape *b)
{
    char ca[1 << 15], cb[1 << 15];
    size_t len = tape_len(a);

    if (len != tape_len(b))
        return 0;
    if (a->fd < 0 && b->fd < 0)
        return memcmp(a->mem.p, b->mem.p, len) == 0;
    for (size_t off = 0; off < len; off += sizeof ca) {
        size_t n = len - off < sizeof ca ? len - off : sizeof ca;
        tape_read(a, off, ca, n);
        tape_read(b, off, cb, n);
        if (memcmp(ca, cb, n) != 0)
            return 0;
    }
    return 1;
}

/* Empties t; its file goes, its memory stays for reuse. */
static void tape_clear(struct tape *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    t->on_disk = 0;
    t->mem.len = 0;
}

static void tape_free(struct tape *t)
{
    tape_clear(t);
    buf_free(&t->mem);
}

/* bytes[0, n) as a tape to read from, not to add to. */
static struct tape tape_view(const char *bytes, size_t n)
{
    struct tape t = { { (char *)bytes, n, n }, -1, 0 };
    return t;
}

/* ---- The diff ----------------------------------------------------------- */

struct diff {
    struct sink *out;
    const char *name;
    int color;
    int header_done;
    size_t old_line, new_line;   /* numbers of the next lines, 1-based */
    /* A line cut by a piece boundary, waiting for its end. */
    struct tape pend_old, pend_new;
    /* Unchanged lines just before the next change; they open its hunk. */
    struct tape pre[CONTEXT];
    size_t n_pre;
    /* The hunk being built, and the unchanged lines after its last change
     * (up to 2 * CONTEXT: more means the next change gets its own hunk). */
    int in_hunk;
    size_t h_old, h_new, h_old_count, h_new_count;
    struct tape body;
    struct tape trail[2 * CONTEXT];
    size_t n_trail;
};

struct diff *diff_new(struct sink *out, const char *name, int color)
{
    static const struct tape empty = TAPE_INIT;
    struct diff *d = calloc(1, sizeof *d);
    if (!d)
        die_nomem();
    d->out = out;
    d->name = name;
    d->color = color;
    d->old_line = d->new_line = 1;
    d->pend_old = d->pend_new = d->body = empty;
    for (size_t i = 0; i < CONTEXT; i++)
        d->pre[i] = empty;
    for (size_t i = 0; i < 2 * CONTEXT; i++)
        d->trail[i] = empty;
    return d;
}

static void body_add(struct diff *d, const char *p, size_t n)
{
    tape_add(&d->body, p, n);
}

/* Appends line src[from, to) to the hunk body with its mark.  A line
 * without a line end can only be the last of its file; diff -u says so on
 * a line of its own, and patch relies on it. */
static void body_line(struct diff *d, char mark, const struct tape *src, size_t from,
                      size_t to)
{
    char last = 0;
    if (to > from)
        tape_read(src, to - 1, &last, 1);
    int nl = last == '\n';
    const char *color = mark == '-' ? COLOR_OLD : mark == '+' ? COLOR_NEW : NULL;

    if (d->color && color)
        body_add(d, color, strlen(color));
    body_add(d, &mark, 1);
    tape_copy(&d->body, src, from, nl ? to - 1 : to);
    if (d->color && color)
        body_add(d, COLOR_RESET, strlen(COLOR_RESET));
    body_add(d, "\n", 1);
    if (!nl)
        body_add(d, "\\ No newline at end of file\n", 28);
}

static void body_whole(struct diff *d, char mark, const struct tape *line)
{
    body_line(d, mark, line, 0, tape_len(line));
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
        body_whole(d, ' ', &d->trail[i]);
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
    tape_write(d->out, &d->body);
    tape_clear(&d->body);
    d->in_hunk = 0;
}

/* Keeps the last CONTEXT unchanged lines seen outside a hunk. */
static void remember(struct diff *d, const struct tape *src, size_t from, size_t to)
{
    struct tape spare;
    if (d->n_pre == CONTEXT) {
        spare = d->pre[0];
        memmove(d->pre, d->pre + 1, (CONTEXT - 1) * sizeof d->pre[0]);
        d->pre[CONTEXT - 1] = spare;
        d->n_pre--;
    }
    tape_clear(&d->pre[d->n_pre]);
    tape_copy(&d->pre[d->n_pre++], src, from, to);
}

static void same_line(struct diff *d, const struct tape *src, size_t from, size_t to)
{
    d->old_line++;
    d->new_line++;
    if (!d->in_hunk) {
        remember(d, src, from, to);
        return;
    }
    if (d->n_trail < 2 * CONTEXT) {
        tape_clear(&d->trail[d->n_trail]);
        tape_copy(&d->trail[d->n_trail++], src, from, to);
        return;
    }
    /* 2 * CONTEXT + 1 unchanged lines: the hunk ends after CONTEXT of
     * them and the last CONTEXT open the next one, if any. */
    write_hunk(d, CONTEXT);
    d->n_pre = 0;
    for (size_t i = CONTEXT + 1; i < 2 * CONTEXT; i++)
        remember(d, &d->trail[i], 0, tape_len(&d->trail[i]));
    remember(d, src, from, to);
    d->n_trail = 0;
}

/* Hands each line of src, line ends included, to the diff with mark. */
static void each_line(struct diff *d, const struct tape *src, char mark)
{
    size_t pos = 0, n = tape_len(src);
    while (pos < n) {
        size_t nl = tape_find_nl(src, pos, n);
        size_t end = nl < n ? nl + 1 : n;
        if (mark == ' ')
            same_line(d, src, pos, end);
        else
            body_line(d, mark, src, pos, end);
        if (mark == '-')
            d->h_old_count++, d->old_line++;
        else if (mark == '+')
            d->h_new_count++, d->new_line++;
        pos = end;
    }
}

static void block(struct diff *d, const struct tape *old, const struct tape *new)
{
    if (tape_equal(old, new)) {
        each_line(d, old, ' ');
        return;
    }
    if (!d->in_hunk) {
        d->in_hunk = 1;
        d->h_old = d->old_line - d->n_pre;
        d->h_new = d->new_line - d->n_pre;
        d->h_old_count = d->h_new_count = 0;
        for (size_t i = 0; i < d->n_pre; i++) {
            body_whole(d, ' ', &d->pre[i]);
            d->h_old_count++;
            d->h_new_count++;
        }
        d->n_pre = 0;
    } else {
        for (size_t i = 0; i < d->n_trail; i++) {
            body_whole(d, ' ', &d->trail[i]);
            d->h_old_count++;
            d->h_new_count++;
        }
    }
    d->n_trail = 0;
    each_line(d, old, '-');
    each_line(d, new, '+');
}

void diff_add(struct diff *d, const char *old, size_t olen, const char *new,
              size_t nlen)
{
    int complete = olen > 0 && old[olen - 1] == '\n';

    if (tape_len(&d->pend_old) == 0 && tape_len(&d->pend_new) == 0 && complete) {
        struct tape o = tape_view(old, olen), n = tape_view(new, nlen);
        block(d, &o, &n);
        return;
    }
    tape_add(&d->pend_old, old, olen);
    tape_add(&d->pend_new, new, nlen);
    if (complete) {
        block(d, &d->pend_old, &d->pend_new);
        tape_clear(&d->pend_old);
        tape_clear(&d->pend_new);
    }
}

void diff_finish(struct diff *d)
{
    if (tape_len(&d->pend_old) || tape_len(&d->pend_new))
        block(d, &d->pend_old, &d->pend_new);
    if (d->in_hunk)
        write_hunk(d, d->n_trail < CONTEXT ? d->n_trail : CONTEXT);
    tape_free(&d->pend_old);
    tape_free(&d->pend_new);
    tape_free(&d->body);
    for (size_t i = 0; i < CONTEXT; i++)
        tape_free(&d->pre[i]);
    for (size_t i = 0; i < 2 * CONTEXT; i++)
        tape_free(&d->trail[i]);
    free(d);
}

/* ---- From a result ----------------------------------------------------- */

/* Bytes of a rebuilt line diff_piece() collects before handing them on. */
#define SCRATCH_MAX ((size_t)64 << 10)

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
            /* A long line goes on in parts, held by the diff until its
             * end, so that scratch stays small; a part must not end at a
             * line end, or the diff would take it for the whole group. */
            if (scratch->len >= SCRATCH_MAX && cursor > pos && text[cursor - 1] != '\n') {
                diff_add(d, text + pos, cursor - pos, scratch->p, scratch->len);
                pos = cursor;
                scratch->len = 0;
            }
        }
        buf_add(scratch, text + cursor, end - cursor);
        diff_add(d, text + pos, end - pos, scratch->p, scratch->len);
        pos = end;
    }
}
