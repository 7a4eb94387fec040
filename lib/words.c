/* words.c - each token folded and hashed once per pass (see dg_doc in
 * stage.h).  Tokens with the same fold share a word type, so that a stage
 * can look a word up once per call: text has far fewer distinct words than
 * tokens. */
#include "stage.h"

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

int dg_doc_words_build(dg_doc_words *w, dg_doc *doc)
{
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
        const dg_token *k = &doc->tok[i];
        w->type[i] = DG_NO_TYPE;
        if (k->kind == DG_TOKEN_SPACE || k->kind == DG_TOKEN_NEWLINE ||
            k->kind == DG_TOKEN_INVALID)
            continue;
        const char *s = text + k->start;
        size_t n = k->end - k->start;
        char f[DG_TYPE_MAX_FOLD];
        size_t fl = 0;
        /* ASCII words fold byte by byte, and hash in the same loop (the
         * hash is dg_hash_bytes's); anything else goes through dg_fold. */
        uint64_t h = 1469598103934665603ull;
        size_t p = 0;
        if (n <= sizeof f)
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
            fl = n;
            h ^= h >> 29;
        } else {
            fl = dg_fold(s, n, f, sizeof f);
            if (!fl)
                continue;
            h = dg_hash_bytes(f, fl);
        }
        uint32_t t = intern(w, f, fl, h);
        if (t == DG_NO_TYPE)
            return -1;
        w->type[i] = t;
    }
    doc->type = w->type;
    doc->types = w->types;
    doc->type_text = w->text;
    doc->ntypes = w->ntypes;
    return 0;
}
