/* datafile.c - the line reader behind every dicts/ format. */
#include "datafile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

dg_status dg_datafile_error(dg_error *err, dg_status code, const char *file,
                            unsigned line, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

dg_status dg_datafile_parse(const char *name, const char *buf, size_t len,
                            dg_datafile_fn fn, void *ctx, dg_error *err)
{
    /* One scratch copy of the longest line keeps the callback's fields
     * NUL-terminated without touching the caller's buffer. */
    char *line = NULL;
    size_t line_cap = 0;
    unsigned lineno = 0;
    size_t pos = 0;
    dg_status st = DG_OK;

    while (pos < len && st == DG_OK) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        size_t n = end - pos;
        lineno++;
        if (memchr(buf + pos, '\0', n)) {
            st = dg_datafile_error(err, DG_ERR_DATA, name, lineno,
                                   "NUL byte in line");
            break;
        }
        if (n + 1 > line_cap) {
            line_cap = (n + 1) * 2;
            char *p = realloc(line, line_cap);
            if (!p) {
                st = DG_ERR_NOMEM;
                break;
            }
            line = p;
        }
        memcpy(line, buf + pos, n);
        line[n] = '\0';
        pos = end + 1;

        /* '#' starts a comment at line start or after white space, so that
         * a name may still contain '#' in the middle of a word. */
        for (size_t i = 0; i < n; i++) {
            if (line[i] == '#' && (i == 0 || is_space(line[i - 1]))) {
                line[i] = '\0';
                n = i;
                break;
            }
        }
        while (n > 0 && is_space(line[n - 1]))
            line[--n] = '\0';
        size_t start = 0;
        while (start < n && (line[start] == ' ' || line[start] == '\t'))
            start++;
        if (start == n)
            continue;

        dg_datafile_line dl = {.name = name, .lineno = lineno};
        char *p = line + start;
        for (;;) {
            if (dl.nfields == DG_DATAFILE_MAX_FIELDS) {
                st = dg_datafile_error(err, DG_ERR_DATA, name, lineno,
                                       "more than %d tab-separated fields",
                                       DG_DATAFILE_MAX_FIELDS);
                break;
            }
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            /* Trim spaces around each field: editors insert them freely. */
            while (*p == ' ')
                p++;
            size_t fl = strlen(p);
            while (fl > 0 && p[fl - 1] == ' ')
                p[--fl] = '\0';
            dl.field[dl.nfields] = p;
            dl.len[dl.nfields] = fl;
            dl.nfields++;
            if (!tab)
                break;
            p = tab + 1;
            while (*p == '\t')
                p++;
        }
        if (st == DG_OK)
            st = fn(&dl, ctx, err);
    }
    free(line);
    return st;
}

dg_status dg_read_file(const char *path, char **out, size_t *out_len,
                       dg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return dg_datafile_error(err, DG_ERR_IO, path, 0, "cannot open: %s",
                                 strerror(errno));
    /* fopen() opens a directory; only the read would fail, vaguely. */
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return dg_datafile_error(err, DG_ERR_IO, path, 0,
                                 "cannot read: is a directory");
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return DG_ERR_NOMEM;
    }
    for (;;) {
        if (cap - len < 4096) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                fclose(f);
                return DG_ERR_NOMEM;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f), e = errno;
    fclose(f);
    if (bad) {
        free(buf);
        return dg_datafile_error(err, DG_ERR_IO, path, 0, "read error: %s",
                                 strerror(e));
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return DG_OK;
}

dg_status dg_datafile_load(const char *path, dg_datafile_fn fn, void *ctx,
                           dg_error *err)
{
    char *buf;
    size_t len;
    dg_status st = dg_read_file(path, &buf, &len, err);
    if (st != DG_OK)
        return st;
    st = dg_datafile_parse(path, buf, len, fn, ctx, err);
    free(buf);
    return st;
}
