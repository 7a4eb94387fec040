/* names-table-lookup.c - lookups in the generated name tables.
 *
 * The tables are static data (see names-table.h), hashed by the generator
 * with the same FNV-1a function as dg_nt_hash(); a lookup is one probe sequence
 * over an open-addressing table at most 5/8 full, whose slots carry enough
 * of the hash and of the key to pass over other keys unread, behind a
 * bitmap of hashes that turns most words away before the slots. */
#include "names-table.h"

#include <pthread.h>
#include <string.h>

/* Whether len bytes at a and b are equal.  Inline rather than memcmp: a
 * call would make dg_nt_get save registers on every lookup, and most
 * lookups find an empty slot and compare nothing; keys are short. */
static inline int same_bytes(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

const dg_name *dg_nt_get(const char *key, size_t len)
{
    /* A longer key fits no slot's length field, so it is no key. */
    if (dg_nt_nslots == 0 || len == 0 || len > DG_NT_SLOT_LEN_MASK)
        return NULL;
    size_t mask = dg_nt_nslots - 1;
    uint32_t h = dg_nt_hash(key, len);
    uint32_t b = h & DG_NT_BLOOM_MASK;
    if (!(dg_nt_bloom[b >> 6] >> (b & 63) & 1))
        return NULL;
    uint32_t want = dg_nt_slot_want(h, len);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t s = dg_nt_slots[i];
        if (!s)
            return NULL;
        if (((uint32_t)s & DG_NT_SLOT_CHECK_MASK) == want &&
            same_bytes(dg_nt_pool + dg_nt_slot_off(s), key, len))
            return &dg_nt_names[dg_nt_slot_row(s)];
    }
}

/* Compares a table word with a key of len bytes, the way strcmp would
 * compare the word with the key as a string: the sorted tables below are
 * searched with it.  The first byte decides most comparisons. */
static int word_cmp(const char *w, const char *key, size_t len)
{
    int c = len ? (int)(unsigned char)w[0] - (int)(unsigned char)key[0] : 0;
    if (c == 0)
        c = strncmp(w, key, len);
    if (c == 0)
        c = w[len] == '\0' ? 0 : 1;
    return c;
}

/* Binary search over n sorted words, word_at(i) giving the i-th; returns
 * the index of the key or n.  The callers pass a constant word_at, which
 * the compiler inlines. */
static inline size_t find_word(size_t n, const char *(*word_at)(size_t),
                               const char *key, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = word_cmp(word_at(mid), key, len);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n;
}

static const char *lexicon_at(size_t i) { return dg_nt_lexpool + dg_nt_lexicon[i]; }
static const char *context_at(size_t i) { return dg_nt_ctxpool + dg_nt_ctx[i].word; }
static const char *intro_at(size_t i) { return dg_nt_stat_word(&dg_nt_intro[i]); }
static const char *taxon_at(size_t i) { return dg_nt_stat_word(&dg_nt_taxon[i]); }
static const char *census_at(size_t i) { return dg_nt_census_word(&dg_nt_census[i]); }

int dg_nt_is_word(const char *key, size_t len)
{
    return find_word(dg_nt_nlexicon, lexicon_at, key, len) < dg_nt_nlexicon;
}

const dg_nt_ctx_word *dg_nt_context(const char *key, size_t len)
{
    size_t i = find_word(dg_nt_nctx, context_at, key, len);
    return i < dg_nt_nctx ? &dg_nt_ctx[i] : NULL;
}

const dg_nt_stat *dg_nt_intro_word(const char *key, size_t len)
{
    size_t i = find_word(dg_nt_nintro, intro_at, key, len);
    return i < dg_nt_nintro ? &dg_nt_intro[i] : NULL;
}

const dg_nt_stat *dg_nt_taxon_word(const char *key, size_t len)
{
    size_t i = find_word(dg_nt_ntaxon, taxon_at, key, len);
    return i < dg_nt_ntaxon ? &dg_nt_taxon[i] : NULL;
}

const dg_nt_census_name *dg_nt_census_get(const char *key, size_t len)
{
    size_t i = find_word(dg_nt_ncensus, census_at, key, len);
    return i < dg_nt_ncensus ? &dg_nt_census[i] : NULL;
}

/* The suffixes' lengths, measured once (the table is static data). */
#define SUFFIX_LENS 64
static size_t suffix_len[SUFFIX_LENS];
static pthread_once_t suffix_once = PTHREAD_ONCE_INIT;

static void measure_suffixes(void)
{
    for (size_t i = 0; i < dg_nt_nsuffix && i < SUFFIX_LENS; i++)
        suffix_len[i] = strlen(dg_nt_stat_word(&dg_nt_suffix[i]));
}

const dg_nt_stat *dg_nt_name_suffix(const char *key, size_t len)
{
    pthread_once(&suffix_once, measure_suffixes);
    for (size_t i = 0; i < dg_nt_nsuffix; i++) {
        size_t n = i < SUFFIX_LENS ? suffix_len[i] : strlen(dg_nt_stat_word(&dg_nt_suffix[i]));
        if (n < len && memcmp(key + len - n, dg_nt_stat_word(&dg_nt_suffix[i]), n) == 0)
            return &dg_nt_suffix[i];
    }
    return NULL;
}

int dg_nt_lower_lemma(const char *first, size_t flen, const char *second, size_t slen)
{
    size_t lo = 0, hi = dg_nt_nlemma;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = dg_nt_stat_word(&dg_nt_lemma[mid]);
        int c = strncmp(w, first, flen);
        if (c == 0)
            c = w[flen] == ' ' ? 0 : w[flen] < ' ' ? -1 : 1;
        if (c == 0) {
            c = strncmp(w + flen + 1, second, slen);
            if (c == 0)
                c = w[flen + 1 + slen] == '\0' ? 0 : 1;
        }
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
