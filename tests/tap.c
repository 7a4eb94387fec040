#include "tap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_run, n_failed;

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when the
 * bytes there are not one: a stray continuation, an overlong form, a
 * surrogate, a code point past U+10FFFF or a cut sequence. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1Fu;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0Fu;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

/* Writes bytes so that they stay on one TAP line that reads as UTF-8:
 * line breaks, tabs, control bytes and invalid UTF-8 become escapes, and
 * so does every byte in also (the quote of a quoted string). */
static void put_clean(const char *s, size_t n, const char *also)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char ch = u[i];
        size_t len = utf8_len(u + i, n - i);
        if (ch == '\n')
            fputs("\\n", stdout);
        else if (ch == '\t')
            fputs("\\t", stdout);
        else if (ch == '\r')
            fputs("\\r", stdout);
        else if (ch == '"' && strchr(also, ch))
            fputs("\\\"", stdout);
        else if (len == 0 || ch < 0x20 || ch == 0x7f || (ch && strchr(also, ch)))
            printf("\\x%02x", ch);
        else {
            fwrite(s + i, 1, len, stdout);
            i += len;
            continue;
        }
        i++;
    }
}

/* vsnprintf into a new buffer. */
static char *format(const char *fmt, va_list ap, size_t *len)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *buf = tap_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    vsnprintf(buf, n > 0 ? (size_t)n + 1 : 1, fmt, again);
    va_end(again);
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

static void vreport(int cond, const char *fmt, va_list ap)
{
    n_run++;
    if (!cond)
        n_failed++;
    size_t len;
    char *name = format(fmt, ap, &len);
    printf("%s %d - ", cond ? "ok" : "not ok", n_run);
    put_clean(name, len, "");
    putchar('\n');
    free(name);
}

int tap_ok(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cond, fmt, ap);
    va_end(ap);
    return cond;
}

int tap_str(const char *got, size_t got_len, const char *want,
            const char *fmt, ...)
{
    size_t want_len = strlen(want);
    int cond = got && got_len == want_len && memcmp(got, want, want_len) == 0;
    va_list ap;
    va_start(ap, fmt);
    vreport(cond, fmt, ap);
    va_end(ap);
    if (!cond) {
        fputs("#   got:  ", stdout);
        if (got) {
            putchar('"');
            tap_put_escaped(got, got_len);
            putchar('"');
        } else {
            fputs("(null)", stdout);
        }
        fputs("\n#   want: \"", stdout);
        tap_put_escaped(want, want_len);
        fputs("\"\n", stdout);
    }
    return cond;
}

/* A line break inside a diagnostic starts a new "# " line rather than a
 * line TAP does not know. */
void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t len;
    char *text = format(fmt, ap, &len);
    va_end(ap);
    const char *p = text, *end = text + len;
    do {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        fputs("# ", stdout);
        put_clean(p, n, "");
        putchar('\n');
        p = nl ? nl + 1 : end;
    } while (p < end);
    free(text);
}

int tap_done(void)
{
    printf("1..%d\n", n_run);
    /* The verdict is in the TAP lines; a non-zero exit would make meson
     * call a plain failure an ERROR. */
    return 0;
}

int tap_skip_all(const char *reason)
{
    printf("1..0 # SKIP %s\n", reason);
    return 0;
}

const char *tap_source_root(void)
{
    const char *s = getenv("DG_SOURCE_ROOT");
    return s && *s ? s : ".";
}

char *tap_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    while (p) {
        if (cap - n < 4096) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
        }
        size_t got = fread(p + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!p || bad) {
        free(p);
        errno = p ? EIO : ENOMEM;
        return NULL;
    }
    p[n] = '\0';
    *len = n;
    return p;
}

size_t tap_unescape(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (s[i] != '\\' || i + 1 == n) {
            out[o++] = s[i];
            continue;
        }
        char c = s[++i];
        if (c == 't')
            out[o++] = '\t';
        else if (c == 'n')
            out[o++] = '\n';
        else if (c == 'r')
            out[o++] = '\r';
        else if (c == 'x' && i + 2 < n) {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            out[o++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else
            out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

void tap_put_escaped(const char *s, size_t n)
{
    put_clean(s, n, "\"");
}

void tap_put_in_context(const char *in, size_t len, size_t s, size_t t,
                        const char *repl, size_t rl)
{
    size_t a = s, b = t;
    while (a > 0 && s - a < 24 && in[a - 1] != '\n')
        a--;
    while (a < s && ((unsigned char)in[a] & 0xC0) == 0x80)
        a++;
    while (b < len && b - t < 24 && in[b] != '\n')
        b++;
    while (b > t && b < len && ((unsigned char)in[b] & 0xC0) == 0x80)
        b--;
    putchar('"');
    tap_put_escaped(in + a, s - a);
    fputs("\xe2\x9f\xa6", stdout);
    tap_put_escaped(in + s, t - s);
    fputs(" \xe2\x86\x92 ", stdout);
    if (repl)
        tap_put_escaped(repl, rl);
    fputs("\xe2\x9f\xa7", stdout);
    tap_put_escaped(in + t, b - t);
    putchar('"');
}

void *tap_xmalloc(size_t n)
{
    return tap_xrealloc(NULL, n);
}

void *tap_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        printf("Bail out! out of memory\n");
        exit(1);
    }
    return p;
}

dg_engine *tap_engine_new(const dg_options *opts)
{
    dg_engine *e = NULL;
    dg_error err;
    memset(&err, 0, sizeof err);
    dg_status st = dg_engine_new(opts, &e, &err);
    if (st != DG_OK) {
        printf("Bail out! dg_engine_new: %s: %s (%s:%u)\n", dg_status_str(st),
               err.message, err.file, err.line);
        exit(1);
    }
    if (dg_engine_warning(e))
        tap_diag("engine warning: %s", dg_engine_warning(e));
    return e;
}

int tap_read_into(const char *path, char **text, size_t *len)
{
    errno = 0;
    *text = tap_read_file(path, len);
    return *text ? 0 : errno ? errno : EIO;
}
