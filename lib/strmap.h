/* strmap.h - an open-addressing hash map from byte strings to a pointer or
 * integer.  Keys are copied into the map's own arena.  Build once, then
 * read from any number of threads. */
#ifndef DG_STRMAP_H
#define DG_STRMAP_H

#include <stddef.h>
#include <stdint.h>

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

/* FNV-1a, exposed for callers that hash on the fly. */
uint64_t dg_hash_bytes(const char *s, size_t len);

#endif
