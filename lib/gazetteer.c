/* gazetteer.c - the table of proper names: an arena, the folded-key map,
 * adding a name (sources rank by priority), and the lookups the casing
 * stage makes.  Filled by gazetteer-build.c. */
#include "gazetteer-table.h"

#include "grow.h"
#include "names-table.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- arena ------------------------------------------------------------ */

static void *arena_alloc(dg_gazetteer *g, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    chunk *c = g->arena;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = g->arena;
        g->arena = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

static char *arena_strdup(dg_gazetteer *g, const char *s, size_t len)
{
    char *p = arena_alloc(g, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ---- lookups ---------------------------------------------------------- */

/* The run-time names (ICU, names files) shadow the generated table's row
 * for the same key (names-table.h); a key begins a longer name when either
 * says so. */
const dg_name *dg_gaz_lookup(const dg_gazetteer *g, const char *key, size_t len,
                             int *prefix)
{
    const dg_name *e = g ? dg_strmap_get(g->names, key, len) : NULL;
    const dg_name *t = g ? dg_nt_get(key, len) : NULL;
    *prefix = (e && (e->flags & DG_NAME_PREFIX)) || (t && (t->flags & DG_NAME_PREFIX));
    if (e && e->nwords)
        return e;
    return t && t->nwords ? t : NULL;
}

const dg_name *dg_gaz_find(const dg_gazetteer *g, const char *key, size_t len)
{
    int prefix;
    return dg_gaz_lookup(g, key, len, &prefix);
}

int dg_gaz_is_prefix(const dg_gazetteer *g, const char *key, size_t len)
{
    int prefix;
    dg_gaz_lookup(g, key, len, &prefix);
    return prefix;
}

size_t dg_gaz_count(const dg_gazetteer *g)
{
    return g ? g->n + dg_nt_count : 0;
}

const dg_gaz_stats *dg_gaz_stats_get(const dg_gazetteer *g)
{
    return g ? &g->stats : NULL;
}

void dg_gazetteer_free(dg_gazetteer *g)
{
    if (!g)
        return;
    dg_strmap_free(g->names);
    dg_strmap_free(g->prefixes);
    free(g->all);
    chunk *c = g->arena;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(g);
}

/* ---- adding names ----------------------------------------------------- */

/* A name is a plain word sequence: letters and inner apostrophes, words
 * separated by spaces or hyphens (matching splits hyphenated tokens the same
 * way).  Anything else (digits, dots, brackets) is not matched by this stage.
 * Fills form with the words joined by one space; returns the word count or
 * 0 when the name is not usable. */
unsigned dg_gaz_normalize_name(const char *s, size_t len, char *form,
                               size_t cap, size_t *form_len)
{
    unsigned words = 0;
    size_t o = 0;
    int in_word = 0, letters = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0)
            return 0;
        if (cp == ' ' || cp == '-') {
            if (in_word) {
                if (!letters)
                    return 0;
                in_word = 0;
            }
            i += n;
            continue;
        }
        int apos = dg_is_apostrophe(cp);
        if (!apos && !u_isalpha((UChar32)cp))
            return 0;
        if (!in_word) {
            if (words == DG_GAZ_MAX_WORDS)
                return 0;
            if (words && o < cap)
                form[o++] = ' ';
            words++;
            in_word = 1;
            letters = 0;
        }
        letters += !apos;
        if (o + n > cap)
            return 0;
        memcpy(form + o, s + i, n);
        o += n;
        i += n;
    }
    if (in_word && !letters)
        return 0;
    *form_len = o;
    return words;
}

/* Shape of a single word's canonical form. */
unsigned dg_gaz_shape_flags(const char *w, size_t len)
{
    int upper = 0, lower = 0, inner_upper = 0, first = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)w + i, len - i, &cp);
        if (n == 0)
            break;
        i += n;
        if (u_isupper((UChar32)cp)) {
            upper++;
            if (!first)
                inner_upper = 1;
        } else if (u_islower((UChar32)cp)) {
            lower++;
        }
        if (u_isalpha((UChar32)cp))
            first = 0;
    }
    if (upper >= 2 && lower == 0)
        return DG_NAME_ACRONYM;
    if (inner_upper)
        return DG_NAME_EXACT;
    return 0;
}

/* Adds one name.  Returns 1 if it was added or replaced an entry of lower
 * priority, 0 if unusable or shadowed, -1 when out of memory. */
int dg_gaz_add_name(dg_gazetteer *g, const char *s, size_t len, unsigned flags,
                    int priority, const char *source)
{
    char form[DG_GAZ_MAX_KEY], key[DG_GAZ_MAX_KEY];
    size_t flen;
    unsigned nwords = dg_gaz_normalize_name(s, len, form, sizeof form, &flen);
    if (!nwords)
        return 0;
    size_t klen = dg_fold(form, flen, key, sizeof key);
    if (klen == 0)
        return 0;
    if (nwords == 1)
        flags |= dg_gaz_shape_flags(form, flen);
    dg_gaz_row *e = dg_strmap_get(g->names, key, klen);
    if (e && e->name.priority > priority)
        return 0;
    const char *f = arena_strdup(g, form, flen);
    const char *src = arena_strdup(g, source, strlen(source));
    if (!f || !src)
        return -1;
    if (e) {
        /* Keep what an earlier source knew about the name's kind. */
        e->name.flags = (e->name.flags & (DG_NAME_COUNTRY | DG_NAME_WEAK | DG_NAME_REGION)) |
                        flags;
        e->name.len = (uint16_t)flen;
        e->name.priority = (int16_t)priority;
        e->form = f;
        e->source = src;
        return 1;
    }
    e = arena_alloc(g, sizeof *e);
    if (!e)
        return -1;
    *e = (dg_gaz_row){.name = {.len = (uint16_t)flen, .nwords = (uint8_t)nwords,
                               .flags = flags & ~DG_NAME_GENERATED,
                               .id = (unsigned)(dg_nt_count + g->n), /* after the table's rows */
                               .priority = (int16_t)priority},
                      .form = f, .source = src};
    if (g->n == g->cap) {
        dg_name **v = dg_grow(g->all, &g->cap, g->n + 1, sizeof *v, 4096);
        if (!v)
            return -1;
        g->all = v;
    }
    g->all[g->n++] = &e->name;
    if (dg_strmap_put(g->names, key, klen, e) < 0)
        return -1;
    for (size_t i = 0; i < klen; i++)
        if (key[i] == ' ' && dg_strmap_put(g->prefixes, key, i, g) < 0)
            return -1;
    return 1;
}

int dg_gaz_count_added(int rc, size_t *counter)
{
    if (rc > 0)
        (*counter)++;
    return rc < 0 ? -1 : 0;
}
