/* strmap.c - open addressing with linear probing; keys live in one arena of
 * chunks so that building a large gazetteer makes few allocations. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    uint64_t hash;
    const char *key;   /* NULL: empty */
    size_t len;
    void *value;
} slot;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct dg_strmap {
    slot *slots;
    size_t cap;        /* power of two */
    size_t count;
    chunk *chunks;
};

uint64_t dg_hash_bytes(const char *s, size_t len)
{
    uint64_t h = dg_hash_start(len);
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        h = dg_hash_word(h, dg_load_le64(s + i));
    if (i < len) {
        uint64_t w = 0;
        for (size_t k = 0; i + k < len; k++)
            w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
        h = dg_hash_word(h, w);
    }
    return dg_hash_finish(h);
}

dg_strmap *dg_strmap_new(void)
{
    dg_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void dg_strmap_free(dg_strmap *m)
{
    if (!m)
        return;
    chunk *c = m->chunks;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(m->slots);
    free(m);
}

static const char *copy_key(dg_strmap *m, const char *key, size_t len)
{
    chunk *c = m->chunks;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > 65536 ? len + 1 : 65536;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = m->chunks;
        m->chunks = c;
    }
    char *p = c->data + c->used;
    memcpy(p, key, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

/* memcmp(a, b, n) == 0 without the call: keys are mostly a word or two,
 * where the call cost more than the compare. */
static inline int same_key(const char *a, const char *b, size_t n)
{
    size_t p = 0;
    for (; p + 8 <= n; p += 8)
        if (dg_load_le64(a + p) != dg_load_le64(b + p))
            return 0;
    for (; p < n; p++)
        if (a[p] != b[p])
            return 0;
    return 1;
}

static slot *find_slot(slot *slots, size_t cap, uint64_t h, const char *key,
                       size_t len)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        slot *s = &slots[i];
        if (!s->key ||
            (s->hash == h && s->len == len && same_key(s->key, key, len)))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

static int grow(dg_strmap *m)
{
    size_t ncap = m->cap * 2;
    slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        slot *s = &m->slots[i];
        if (s->key)
            *find_slot(ns, ncap, s->hash, s->key, s->len) = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

int dg_strmap_put(dg_strmap *m, const char *key, size_t len, void *value)
{
    return dg_strmap_put_h(m, key, len, dg_hash_bytes(key, len), value);
}

int dg_strmap_put_h(dg_strmap *m, const char *key, size_t len, uint64_t h, void *value)
{
    /* At most half full: most lookups (the gazetteer's from the casing
     * stage) miss, and a miss probes to an empty slot, which at three
     * quarters full took eight probes on average, at half two or three. */
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    slot *s = find_slot(m->slots, m->cap, h, key, len);
    if (!s->key) {
        const char *k = copy_key(m, key, len);
        if (!k)
            return -1;
        s->key = k;
        s->len = len;
        s->hash = h;
        m->count++;
    }
    s->value = value;
    return 0;
}

void *dg_strmap_get(const dg_strmap *m, const char *key, size_t len)
{
    return dg_strmap_get_h(m, key, len, dg_hash_bytes(key, len));
}

void *dg_strmap_get_h(const dg_strmap *m, const char *key, size_t len, uint64_t h)
{
    const slot *s = find_slot(m->slots, m->cap, h, key, len);
    return s->key ? s->value : NULL;
}

size_t dg_strmap_count(const dg_strmap *m)
{
    return m->count;
}

void dg_strmap_each(const dg_strmap *m,
                    void (*fn)(const char *key, size_t len, void *value,
                               void *ctx),
                    void *ctx)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            fn(m->slots[i].key, m->slots[i].len, m->slots[i].value, ctx);
}
