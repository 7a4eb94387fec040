/* words.c - each token folded and hashed once per pass (see dg_doc in
 * stage.h).  Tokens with the same fold share a word type, so that a stage
 * can look a word up once per call: text has far fewer distinct words than
 * tokens. */
#include "stage.h"

#include "grow.h"
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

/* Room for a fold: eight bytes are stored and compared at a time, so a
 * fold buffer and the types' text have eight bytes to spare. */
#define FOLD_BUF (DG_TYPE_MAX_FOLD + 8)
#define TEXT_SLACK 8

/* Whether folds a and b of n bytes are equal, eight bytes a step (both
 * have the slack to read past n; the bytes past n are masked off). */
static inline int same_fold(const char *a, const char *b, size_t n)
{
    size_t p = 0;
    for (; p + 8 <= n; p += 8)
        if (dg_load_le64(a + p) != dg_load_le64(b + p))
            return 0;
    if (p == n)
        return 1;
    uint64_t x = dg_load_le64(a + p) ^ dg_load_le64(b + p);
    return (x & (~0ull >> (64 - 8 * (n - p)))) == 0;
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

/* A new type for fold f[0, n) with hash h, in the empty slot i;
 * DG_NO_TYPE when out of memory. */
static uint32_t add_type(dg_doc_words *w, const char *f, size_t n, uint64_t h, size_t i)
{
    if (w->ntypes == w->cap_types) {
        dg_word_type *v = dg_grow(w->types, &w->cap_types, w->ntypes + 1, sizeof *v, 1024);
        if (!v)
            return DG_NO_TYPE;
        w->types = v;
    }
    if (w->text_len + n + TEXT_SLACK > w->cap_text) {
        char *v = dg_grow(w->text, &w->cap_text, w->text_len + n + TEXT_SLACK, 1, 16384);
        if (!v)
            return DG_NO_TYPE;
        w->text = v;
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

/* The type of fold f[0, n) with hash h, added when new; DG_NO_TYPE when
 * out of memory.  f has TEXT_SLACK bytes to read past n (a fold buffer,
 * or a type's text).  Nearly every token finds its type: that path is
 * inline. */
static inline uint32_t intern(dg_doc_words *w, const char *f, size_t n, uint64_t h)
{
    size_t mask = w->cap_slots - 1;
    size_t i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        uint32_t s = w->slots[i];
        if (!s)
            return add_type(w, f, n, h, i);
        const dg_word_type *t = &w->types[s - 1];
        if (t->hash == h && t->len == n && same_fold(w->text + t->off, f, n))
            return s - 1;
    }
}


/* x's ASCII capitals in lower case; every byte of x is below 0x80, so no
 * sum carries into the next byte. */
static inline uint64_t ascii_lower8(uint64_t x)
{
    uint64_t ge_a = x + 0x3F3F3F3F3F3F3F3Full;    /* high bit: byte >= 'A' */
    uint64_t gt_z = x + 0x2525252525252525ull;    /* high bit: byte > 'Z' */
    return x | ((ge_a & ~gt_z & 0x8080808080808080ull) >> 2);
}

/* Token k's fold into f (FOLD_BUF bytes) and its hash; 0 when it has no
 * type.  text_len bounds the eight-byte reads. */
static inline size_t fold_token(const char *text, size_t text_len, const dg_token *k,
                                char *f, uint64_t *hash)
{
    if (k->kind == DG_TOKEN_SPACE || k->kind == DG_TOKEN_NEWLINE ||
        k->kind == DG_TOKEN_INVALID)
        return 0;
    const char *s = text + k->start;
    size_t n = k->end - k->start;
    /* ASCII words fold and hash eight bytes a step, as dg_hash_bytes
     * would hash the fold; anything else goes through dg_fold. */
    if (n <= DG_TYPE_MAX_FOLD) {
        uint64_t h = dg_hash_start(n);
        size_t p = 0;
        for (; p < n; p += 8) {
            size_t m = n - p < 8 ? n - p : 8;
            uint64_t x = 0;
            if (k->start + p + 8 <= text_len)
                x = dg_load_le64(s + p);
            else
                x = dg_load_le_tail(s + p, m);
            if (m < 8)
                x &= ~0ull >> (64 - 8 * m);
            if (x & 0x8080808080808080ull)
                break;
            x = ascii_lower8(x);
            dg_store_le64(f + p, x);
            h = dg_hash_word(h, x);
        }
        if (p >= n) {
            *hash = dg_hash_finish(h);
            return n;
        }
    }
    size_t fl = dg_fold(s, n, f, DG_TYPE_MAX_FOLD);
    if (fl)
        *hash = dg_hash_bytes(f, fl);
    return fl;
}

/* The start of a build of ntok tokens: no types yet, room for the
 * tokens' types.  Returns 0 or -1. */
static int build_begin(dg_doc_words *w, size_t ntok)
{
    w->built = 0;
    w->ntypes = 0;
    w->text_len = 0;
    if (w->slots)
        memset(w->slots, 0, w->cap_slots * sizeof *w->slots);
    else if (grow_slots(w) < 0)
        return -1;
    if (ntok > w->cap_type) {
        size_t cap = ntok + ntok / 4 + 16;
        uint32_t *v = realloc(w->type, cap * sizeof *v);
        if (!v)
            return -1;
        w->type = v;
        w->cap_type = cap;
    }
    return 0;
}

static void build_end(dg_doc_words *w, dg_doc *doc)
{
    doc->type = w->type;
    doc->types = w->types;
    doc->type_text = w->text;
    doc->ntypes = w->ntypes;
    w->ntok = doc->ntok;
    w->built = 1;
}

/* Token i's type in a build: interned from its fold, made in f (FOLD_BUF
 * bytes).  Returns 0 or -1. */
static inline int type_token(dg_doc_words *w, const dg_doc *doc, size_t i, char *f)
{
    uint64_t h = 0;
    size_t fl = fold_token(doc->text, doc->len, &doc->tok[i], f, &h);
    uint32_t t = fl ? intern(w, f, fl, h) : DG_NO_TYPE;
    w->type[i] = t;
    return fl && t == DG_NO_TYPE ? -1 : 0;
}

/* A memo of short tokens' types, for one build: most tokens are a few
 * bytes and come again and again (the, of, a comma), and their bytes
 * (eleven or fewer: a word and three bytes beside the length) give their
 * type without a fold, a hash or a probe.  Direct-mapped: a clash only
 * costs the slow way.  A token's type depends on nothing but its bytes
 * (fold_token), and a build only adds types, so a slot holds until the
 * next build.  8192 slots of 16 bytes, freed when the build ends: on 1 MB
 * of clean text 85 in 100 of the short tokens find their type there, and
 * most of the others are a new type's first. */
#define MEMO_BITS 13
#define MEMO_MAX 11
/* Below this many tokens to type, a memo costs more than it saves. */
#define MEMO_MIN_TOKENS 4096
typedef struct memo_slot {
    uint64_t lo;      /* bytes 0-7 (zero past the token) */
    uint32_t hi;      /* bytes 8-10, the length in the top byte; 0: empty */
    uint32_t type;
} memo_slot;

static memo_slot *memo_new(void)
{
    return calloc((size_t)1 << MEMO_BITS, sizeof(memo_slot));
}

/* Which bytes of the two words a token of n bytes (1 to MEMO_MAX) holds. */
#define LO_MASK(n) ((n) >= 8 ? ~0ull : ~0ull >> (64 - 8 * (n)))
#define HI_MASK(n) ((n) <= 8 ? 0ull : ~0ull >> (128 - 8 * (n)))
static const uint64_t memo_lo_mask[MEMO_MAX + 1] = {
    0, LO_MASK(1), LO_MASK(2), LO_MASK(3), LO_MASK(4), LO_MASK(5), LO_MASK(6), LO_MASK(7),
    LO_MASK(8), LO_MASK(9), LO_MASK(10), LO_MASK(11)};
static const uint64_t memo_hi_mask[MEMO_MAX + 1] = {
    0, HI_MASK(1), HI_MASK(2), HI_MASK(3), HI_MASK(4), HI_MASK(5), HI_MASK(6), HI_MASK(7),
    HI_MASK(8), HI_MASK(9), HI_MASK(10), HI_MASK(11)};

/* The kinds without a type (fold_token): one test for them all. */
#define UNTYPED_KINDS                                                                   \
    ((1u << DG_TOKEN_SPACE) | (1u << DG_TOKEN_NEWLINE) | (1u << DG_TOKEN_INVALID))

/* Token i's type the slow way, and into memo slot m (may be NULL) with
 * its bytes lo, hi.  Apart from type_range's loop, which then keeps its
 * few values in registers.  Returns 0 or -1. */
static __attribute__((noinline)) int type_slow(dg_doc_words *w, const dg_doc *doc, size_t i,
                                               memo_slot *m, uint64_t lo, uint32_t hi)
{
    char f[FOLD_BUF];
    if (type_token(w, doc, i, f) < 0)
        return -1;
    if (m)
        *m = (memo_slot){lo, hi, w->type[i]};
    return 0;
}

/* The types of tokens [from, to) in a build, memo (may be NULL) the
 * build's: the one loop over tokens that types them.  Returns 0 or -1. */
static int type_range(dg_doc_words *w, const dg_doc *doc, size_t from, size_t to,
                      memo_slot *memo)
{
    const dg_token *tok = doc->tok;
    const char *text = doc->text;
    uint32_t *type = w->type;
    /* A token that starts before lim has sixteen bytes to load (its two
     * words); none does without a memo. */
    size_t lim = memo && doc->len >= 16 ? doc->len - 15 : 0;
    for (size_t i = from; i < to; i++) {
        const dg_token *k = &tok[i];
        /* Every other token is a space. */
        if ((UNTYPED_KINDS >> k->kind) & 1) {
            type[i] = DG_NO_TYPE;
            continue;
        }
        size_t n = k->end - k->start;
        if (n - 1 >= MEMO_MAX || k->start >= lim) {
            if (type_slow(w, doc, i, NULL, 0, 0) < 0)
                return -1;
            continue;
        }
        uint64_t lo = dg_load_le64(text + k->start) & memo_lo_mask[n];
        uint32_t hi = (uint32_t)(dg_load_le64(text + k->start + 8) & memo_hi_mask[n]) |
                      (uint32_t)n << 24;
        memo_slot *m = &memo[((lo ^ ((uint64_t)hi << 32)) * 0x9E3779B97F4A7C15ull) >>
                             (64 - MEMO_BITS)];
        if (m->lo == lo && m->hi == hi)
            type[i] = m->type;
        else if (type_slow(w, doc, i, m, lo, hi) < 0)
            return -1;
    }
    return 0;
}

/* True when the segments map doc's tokens onto w's last build's, in
 * order. */
static int segments_fit(const dg_doc_words *w, const dg_doc *doc, const dg_literal_seg *seg,
                        size_t nseg)
{
    size_t from = 0;
    for (size_t g = 0; g < nseg; g++) {
        if (seg[g].a < from || seg[g].b < seg[g].a || seg[g].b > doc->ntok ||
            seg[g].pa > w->ntok || seg[g].b - seg[g].a > w->ntok - seg[g].pa)
            return 0;
        from = seg[g].b;
    }
    return 1;
}

/* dg_doc_words_build when tokens moved: a kept token takes its old type's
 * fold and hash (the same token folds the same), interned in token order
 * as a build would, so that the result is a build's, byte for byte; only
 * the tokens between the segments are folded.  Returns 0, or 1 when the
 * caller must build (w is then ready for it). */
static int remap(dg_doc_words *w, dg_doc *doc, const dg_literal_seg *seg, size_t nseg)
{
    if (!w->built || !segments_fit(w, doc, seg, nseg))
        return 1;
    uint32_t *otype = w->type;
    dg_word_type *otypes = w->types;
    char *otext = w->text;
    size_t ontypes = w->ntypes;
    uint32_t *map = malloc((ontypes ? ontypes : 1) * sizeof *map);
    int rc = map ? 0 : -1;
    if (rc == 0) {
        memset(map, 0xFF, ontypes * sizeof *map);   /* DG_NO_TYPE */
        w->type = NULL;
        w->cap_type = 0;
        w->types = NULL;
        w->cap_types = 0;
        w->text = NULL;
        w->cap_text = 0;
        rc = build_begin(w, doc->ntok);
    }
    /* The memo pays for itself over many tokens only. */
    size_t gaps = 0, from = 0;
    for (size_t g = 0; g <= nseg; g++) {
        gaps += (g < nseg ? seg[g].a : doc->ntok) - from;
        from = g < nseg ? seg[g].b : from;
    }
    memo_slot *memo = rc == 0 && gaps >= MEMO_MIN_TOKENS ? memo_new() : NULL;
    from = 0;
    for (size_t g = 0; rc == 0 && g <= nseg; g++) {
        size_t to = g < nseg ? seg[g].a : doc->ntok;
        rc = type_range(w, doc, from, to, memo);
        if (g == nseg || rc)
            break;
        for (size_t i = seg[g].a; i < seg[g].b; i++) {
            uint32_t t = otype[seg[g].pa + (i - seg[g].a)];
            if (t != DG_NO_TYPE && map[t] == DG_NO_TYPE) {
                const dg_word_type *x = &otypes[t];
                map[t] = intern(w, otext + x->off, x->len, x->hash);
                if (map[t] == DG_NO_TYPE) {
                    rc = -1;
                    break;
                }
            }
            w->type[i] = t == DG_NO_TYPE ? DG_NO_TYPE : map[t];
        }
        from = seg[g].b;
    }
    free(map);
    free(memo);
    if (w->type != otype)
        free(otype);
    if (w->types != otypes)
        free(otypes);
    if (w->text != otext)
        free(otext);
    if (rc != 0)
        return 1;
    build_end(w, doc);
    return 0;
}

/* dg_doc_words_rebuild when every kept token keeps its index: 0 when the
 * tokens between fold as those they replace (the types are the last
 * build's), else 1. */
static int same_types(dg_doc_words *w, dg_doc *doc, const dg_literal_seg *seg, size_t nseg)
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
            char f[FOLD_BUF];
            uint64_t h = 0;
            size_t fl = fold_token(doc->text, doc->len, &doc->tok[i], f, &h);
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

int dg_doc_words_rebuild(dg_doc_words *w, dg_doc *doc, const dg_literal_seg *seg,
                         size_t nseg)
{
    return same_types(w, doc, seg, nseg) == 0 ? 0 : remap(w, doc, seg, nseg);
}

int dg_doc_words_build(dg_doc_words *w, dg_doc *doc)
{
    if (build_begin(w, doc->ntok) < 0)
        return -1;
    /* Without a memo (out of memory for it) a build only takes longer. */
    memo_slot *memo = doc->ntok >= MEMO_MIN_TOKENS ? memo_new() : NULL;
    int rc = type_range(w, doc, 0, doc->ntok, memo);
    free(memo);
    if (rc < 0)
        return -1;
    build_end(w, doc);
    return 0;
}
