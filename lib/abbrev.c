/* abbrev.c - known abbreviations, looked up case-insensitively. */
#include "abbrev.h"

#include "datafile.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest abbreviation we accept; lookups of longer strings miss at once. */
#define ABBREV_MAX 32

typedef struct entry {
    dg_abbrev a;
    struct entry *next;  /* all entries, for freeing */
} entry;

struct dg_abbrevs {
    dg_strmap *map;      /* folded form -> entry */
    entry *all;
};

dg_abbrevs *dg_abbrevs_new(void)
{
    dg_abbrevs *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->map = dg_strmap_new();
    if (!a->map) {
        free(a);
        return NULL;
    }
    return a;
}

void dg_abbrevs_free(dg_abbrevs *a)
{
    if (!a)
        return;
    entry *e = a->all;
    while (e) {
        entry *next = e->next;
        free(e);
        e = next;
    }
    dg_strmap_free(a->map);
    free(a);
}

static size_t fold(const char *s, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    return len;
}

static dg_status add_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    dg_abbrevs *a = ctx;
    const char *form = l->field[0];
    size_t len = l->len[0];
    if (l->nfields != 2)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "expected 2 tab-separated fields (form, kind), got %zu",
                                 l->nfields);
    if (len < 2 || len > ABBREV_MAX || form[len - 1] != '.')
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "'%s' is not an abbreviation ending in '.' (at most %d bytes)",
                                 form, ABBREV_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = form[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.'))
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "'%s': only ASCII letters and dots", form);
    }
    dg_abbrev_kind kind;
    if (strcmp(l->field[1], "proper") == 0)
        kind = DG_ABBREV_PROPER;
    else if (strcmp(l->field[1], "common") == 0)
        kind = DG_ABBREV_COMMON;
    else
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "unknown kind '%s' (proper or common)", l->field[1]);

    char src[64];
    int srclen = snprintf(src, sizeof src, "%s:%u", dg_base_name(l->name), l->lineno);
    if (srclen < 0 || (size_t)srclen >= sizeof src)
        srclen = (int)sizeof src - 1;
    /* One allocation holds the entry, its form and its source. */
    entry *e = malloc(sizeof *e + len + 1 + (size_t)srclen + 1);
    if (!e)
        return DG_ERR_NOMEM;
    char *fp = (char *)(e + 1);
    memcpy(fp, form, len + 1);
    char *sp = fp + len + 1;
    memcpy(sp, src, (size_t)srclen);
    sp[srclen] = '\0';
    e->a = (dg_abbrev){.form = fp, .len = len, .kind = kind, .source = sp};
    e->next = a->all;
    a->all = e;

    char key[ABBREV_MAX];
    fold(form, len, key);
    if (dg_strmap_put(a->map, key, len, e) < 0)
        return DG_ERR_NOMEM;
    return DG_OK;
}

dg_status dg_abbrevs_add(dg_abbrevs *a, const char *name, const char *buf,
                         size_t len, dg_error *err)
{
    return dg_datafile_parse(name, buf, len, add_line, a, err);
}

const dg_abbrev *dg_abbrevs_find(const dg_abbrevs *a, const char *s, size_t len)
{
    char key[ABBREV_MAX];
    if (!a || len == 0 || len > ABBREV_MAX)
        return NULL;
    fold(s, len, key);
    entry *e = dg_strmap_get(a->map, key, len);
    return e ? &e->a : NULL;
}
