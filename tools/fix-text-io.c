/*
 * fix-text-io.c - what every part of fix-text uses to talk to the world:
 * the program name and the out-of-memory exit, growable buffers, output
 * sinks that keep their first error, quoting for one-line messages, line
 * and column counting, and the progress bar.  Calls nothing else of
 * fix-text's.
 */
#include "fix-text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Inputs smaller than this finish before a progress bar would be read. */
#define PROGRESS_MIN ((size_t)4 << 20)

const char *progname = "fix-text";
struct sink out_stdout;

void die_nomem(void)
{
    fprintf(stderr, "%s: out of memory\n", progname);
    exit(EXIT_TROUBLE);
}

/* ---- Buffers and output ------------------------------------------------ */

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *np;
        while (cap < b->len + n)
            cap *= 2;
        np = realloc(b->p, cap);
        if (!np)
            die_nomem();
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void buf_free(struct buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void sink_write(struct sink *s, const void *p, size_t n)
{
    if (!n || s->err)
        return;
    errno = 0;
    if (fwrite(p, 1, n, s->f) != n)
        s->err = errno ? errno : EIO;
}

void sink_check(struct sink *s)
{
    if (!s->err && ferror(s->f))
        s->err = errno ? errno : EIO;
}

/* Length of the valid UTF-8 sequence at p[i] (n bytes in all), or 0. */
size_t utf8_seq_len(const unsigned char *p, size_t i, size_t n)
{
    unsigned char c = p[i];
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((p[i + k] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Quotes bytes for a one-line message: valid UTF-8 is kept so that names
 * stay readable, everything that could break the line or the terminal is
 * escaped. */
void put_raw(FILE *f, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        size_t len = c >= 0x80 ? utf8_seq_len((const unsigned char *)p, i, n) : 0;
        if (len) {
            fwrite(p + i, 1, len, f);
            i += len;
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
        i++;
    }
}

void put_quoted(FILE *f, const char *p, size_t n)
{
    fputc('"', f);
    put_raw(f, p, n);
    fputc('"', f);
}

void advance(struct position *pos, const char *text, size_t from,
                    size_t to)
{
    const char *p = text + from, *end = text + to, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        pos->line++;
        pos->col = 1;
        p = nl + 1;
    }
    pos->col += (size_t)(end - p);
}

/* True when p[0, n) holds nothing but white space (or nothing). */
int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

/* ---- Progress ---------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, int setting, int text_on_stdout,
                    size_t total)
{
    memset(p, 0, sizeof *p);
    p->tty = isatty(STDERR_FILENO);
    /* Auto mode stays off when the text itself goes to the terminal: the
     * bar would be drawn over it. */
    p->want = setting == 1 ||
              (setting < 0 && p->tty &&
               (!text_on_stdout || !isatty(STDOUT_FILENO)));
    p->total = total;
    p->started = now();
}

static void progress_draw(struct progress *p, const char *name, int final)
{
    double mb = 1e6, secs = now() - p->started;
    double rate = secs > 0 ? p->done / mb / secs : 0;

    fprintf(stderr, "%s%s: %s", p->tty ? "\r" : "", progname, name);
    if (p->total) {
        int pct = (int)(p->done * 100 / p->total), fill = pct * 30 / 100;
        fprintf(stderr, " %3d%% [%.*s%*s] %.1f/%.1f MB", pct, fill,
                "##############################", 30 - fill, "",
                p->done / mb, p->total / mb);
    } else {
        fprintf(stderr, " %.1f MB", p->done / mb);
    }
    fprintf(stderr, " %.1f MB/s%s", rate, p->tty ? "\033[K" : "\n");
    if (final && p->tty)
        fputc('\n', stderr);
    p->drawn = 1;
}

void progress_update(struct progress *p, const char *name, size_t n)
{
    double t;

    p->done += n;
    if (!p->want)
        return;
    if (p->total ? p->total < PROGRESS_MIN : p->done < PROGRESS_MIN)
        return;
    t = now();
    /* Ten redraws a second on a terminal; one a second into a file. */
    if (p->drawn && t - p->shown < (p->tty ? 0.1 : 1.0))
        return;
    p->shown = t;
    progress_draw(p, name, 0);
}

void progress_end(struct progress *p, const char *name)
{
    if (p->want && (p->drawn || (p->total ? p->total : p->done) >= PROGRESS_MIN))
        progress_draw(p, name, 1);
}
