#include "tap.h"

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
