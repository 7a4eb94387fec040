/* strmap.h - an open-addressing hash map from byte strings to a pointer or
 * integer.  Keys are copied into the map's own arena.  Build once, then
 * read from any number of threads. */
#ifndef DG_STRMAP_H
#define DG_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct dg_strmap dg_strmap;

dg_strmap *dg_strmap_new(void);
void dg_strmap_free(dg_strmap *map);

/* Inserts or replaces key -> value.  Returns 0, or -1 when out of memory. */
int dg_strmap_put(dg_strmap *map, const char *key, size_t len, void *value);

/* The value for key, or NULL. */
void *dg_strmap_get(const dg_strmap *map, const char *key, size_t len);

/* The same with the key's hash given: a caller that already has it (a
 * token's, see dg_doc) saves hashing again.  A map must be filled and read
 * with one hash function: dg_hash_bytes for dg_strmap_put/get. */
int dg_strmap_put_h(dg_strmap *map, const char *key, size_t len, uint64_t hash,
                    void *value);
void *dg_strmap_get_h(const dg_strmap *map, const char *key, size_t len,
                      uint64_t hash);

size_t dg_strmap_count(const dg_strmap *map);

/* Calls fn for every entry, in no particular order. */
void dg_strmap_each(const dg_strmap *map,
                    void (*fn)(const char *key, size_t len, void *value,
                               void *ctx),
                    void *ctx);

/* The hash of every map: the bytes as little-endian 64-bit words (the
 * last one padded with zeros), each mixed in with a multiply; eight bytes
 * a step, where a byte a step cost most of a short word's lookup. */
uint64_t dg_hash_bytes(const char *s, size_t len);

/* dg_hash_bytes in parts, for callers that hash on the fly (words.c folds
 * and hashes a token in one loop): start with the length, add each word,
 * finish. */
static inline uint64_t dg_hash_start(size_t len)
{
    return 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
}

static inline uint64_t dg_hash_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9FB21C651E98DF25ull;
    return h ^ (h >> 32);
}

static inline uint64_t dg_hash_finish(uint64_t h)
{
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

/* The eight bytes at s as a little-endian word, and back. */
static inline uint64_t dg_load_le64(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The m < 8 bytes at s, little-endian, the rest zero: the end of a scan
 * eight bytes at a time where reading past s + m could leave the text. */
static inline uint64_t dg_load_le_tail(const char *s, size_t m)
{
    uint64_t w = 0;
    for (size_t j = 0; j < m; j++)
        w |= (uint64_t)(unsigned char)s[j] << (8 * j);
    return w;
}

static inline void dg_store_le64(char *s, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(s, &w, 8);
}

#endif
