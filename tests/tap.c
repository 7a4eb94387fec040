#include "tap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_run, n_failed;

static void vreport(int cond, const char *fmt, va_list ap)
{
    n_run++;
    if (!cond)
        n_failed++;
    printf("%s %d - ", cond ? "ok" : "not ok", n_run);
    vprintf(fmt, ap);
    putchar('\n');
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
        printf("#   got:  \"%.*s\"\n", got ? (int)got_len : 6,
               got ? got : "(null)");
        printf("#   want: \"%s\"\n", want);
    }
    return cond;
}

void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
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
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n')
            fputs("\\n", stdout);
        else if (ch == '\t')
            fputs("\\t", stdout);
        else if (ch == '\r')
            fputs("\\r", stdout);
        else if (ch == '"')
            fputs("\\\"", stdout);
        else if (ch < 0x20 || ch == 0x7f)
            printf("\\x%02x", ch);
        else
            putchar(ch);
    }
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
