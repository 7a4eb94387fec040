/* words.c - each token folded and hashed once per pass (see dg_doc in
 * stage.h).  Tokens with the same fold share a word type, so that a stage
 * can look a word up once per call: text has far fewer distinct words than
 * tokens. */
#include "stage.h"

#include "literal.h"

#include "strmap.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

void dg_doc_words_init(dg_doc_words *w)
{
    memset(w, 0, sizeof *w);
}

void dg_doc_words_free(dg_doc_words *w)
{
    free(w->type);
    free(w->types);
    free(w->text);
    free(w->slots);
    dg_doc_words_init(w);
}

static int grow_slots(dg_doc_words *w)
{
    size_t cap = w->cap_slots ? w->cap_slots * 2 : 1024;
    uint32_t *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t t = 0; t < w->ntypes; t++) {
        size_t i = (size_t)w->types[t].hash & (cap - 1);
        while (v[i])
            i = (i + 1) & (cap - 1);
        v[i] = (uint32_t)t + 1;
    }
    free(w->slots);
    w->slots = v;
    w->cap_slots = cap;
    return 0;
}

/* The type of fold f[0, n) with hash h, added when new; DG_NO_TYPE when
 * out of memory. */
static uint32_t intern(dg_doc_words *w, const char *f, size_t n, uint64_t h)
{
    size_t mask = w->cap_slots - 1;
    size_t i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        uint32_t s = w->slots[i];
        if (!s)
            break;
        const dg_word_type *t = &w->types[s - 1];
        if (t->hash == h && t->len == n && memcmp(w->text + t->off, f, n) == 0)
            return s - 1;
    }
    if (w->ntypes == w->cap_types) {
        size_t cap = w->cap_types ? w->cap_types * 2 : 1024;
        dg_word_type *v = realloc(w->types, cap * sizeof *v);
        if (!v)
            return DG_NO_TYPE;
        w->types = v;
        w->cap_types = cap;
    }
    if (w->text_len + n > w->cap_text) {
        size_t cap = w->cap_text ? w->cap_text * 2 : 16384;
        while (cap < w->text_len + n)
            cap *= 2;
        char *v = realloc(w->text, cap);
        if (!v)
            return DG_NO_TYPE;
        w->text = v;
        w->cap_text = cap;
    }
    uint32_t t = (uint32_t)w->ntypes++;
    w->types[t] = (dg_word_type){h, (uint32_t)w->text_len, (uint32_t)n};
    memcpy(w->text + w->text_len, f, n);
    w->text_len += n;
    w->slots[i] = t + 1;
    if (w->ntypes * 2 > w->cap_slots && grow_slots(w) < 0)
        return DG_NO_TYPE;
    return t;
}

/* Token k's fold into f (DG_TYPE_MAX_FOLD bytes) and its hash; 0 when it
 * has no type. */
static size_t fold_token(const char *text, const dg_token *k, char *f, uint64_t *hash)
{
    if (k->kind == DG_TOKEN_SPACE || k->kind == DG_TOKEN_NEWLINE ||
        k->kind == DG_TOKEN_INVALID)
        return 0;
    const char *s = text + k->start;
    size_t n = k->end - k->start;
    /* ASCII words fold byte by byte, and hash in the same loop (the
     * hash is dg_hash_bytes's); anything else goes through dg_fold. */
    uint64_t h = 1469598103934665603ull;
    size_t p = 0;
    if (n <= DG_TYPE_MAX_FOLD)
        for (; p < n; p++) {
            unsigned char c = (unsigned char)s[p];
            if (c >= 0x80)
                break;
            c = (unsigned char)(dg_ascii_upper(c) ? c + 32 : c);
            f[p] = (char)c;
            h ^= c;
            h *= 1099511628211ull;
        }
    if (p == n) {
        *hash = h ^ (h >> 29);
        return n;
    }
    size_t fl = dg_fold(s, n, f, DG_TYPE_MAX_FOLD);
    if (fl)
        *hash = dg_hash_bytes(f, fl);
    return fl;
}

int dg_doc_words_rebuild(dg_doc_words *w, dg_doc *doc, const dg_literal_seg *seg,
                         size_t nseg)
{
    if (!w->built || doc->ntok != w->ntok)
        return 1;
    /* Kept tokens keep their index; those between must fold as the
     * tokens they replace did: then every type is what it was. */
    size_t from = 0;
    for (size_t g = 0; g <= nseg; g++) {
        size_t to = g < nseg ? seg[g].a : doc->ntok;
        if (g < nseg && seg[g].a != seg[g].pa)
            return 1;
        for (size_t i = from; i < to; i++) {
            char f[DG_TYPE_MAX_FOLD];
            uint64_t h = 0;
            size_t fl = fold_token(doc->text, &doc->tok[i], f, &h);
            uint32_t t = w->type[i];
            if (t == DG_NO_TYPE ? fl != 0
                                : !fl || w->types[t].hash != h || w->types[t].len != fl ||
                                      memcmp(w->text + w->types[t].off, f, fl) != 0)
                return 1;
        }
        if (g < nseg)
            from = seg[g].b;
    }
    doc->type = w->type;
    doc->types = w->types;
    doc->type_text = w->text;
    doc->ntypes = w->ntypes;
    return 0;
}

int dg_doc_words_build(dg_doc_words *w, dg_doc *doc)
{
    w->built = 0;
    w->ntypes = 0;
    w->text_len = 0;
    if (w->slots)
        memset(w->slots, 0, w->cap_slots * sizeof *w->slots);
    else if (grow_slots(w) < 0)
        return -1;
    if (doc->ntok > w->cap_type) {
        size_t cap = doc->ntok + doc->ntok / 4 + 16;
        uint32_t *v = realloc(w->type, cap * sizeof *v);
        if (!v)
            return -1;
        w->type = v;
        w->cap_type = cap;
    }
    const char *text = doc->text;
    for (size_t i = 0; i < doc->ntok; i++) {
        w->type[i] = DG_NO_TYPE;
        char f[DG_TYPE_MAX_FOLD];
        uint64_t h = 0;
        size_t fl = fold_token(text, &doc->tok[i], f, &h);
        if (!fl)
            continue;
        uint32_t t = intern(w, f, fl, h);
        if (t == DG_NO_TYPE)
            return -1;
        w->type[i] = t;
    }
    doc->type = w->type;
    doc->types = w->types;
    doc->type_text = w->text;
    doc->ntypes = w->ntypes;
    w->ntok = doc->ntok;
    w->built = 1;
    return 0;
}
