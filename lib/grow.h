/* grow.h - the one definition of growing an array by doubling.  Private.
 *
 * Every list and buffer that only ever appends grows the same way: first
 * elements the first time, then twice the capacity, so n appends cost
 * O(n) copying.  Lists with another policy (a hash table rehashed into
 * fresh zeroed slots, lib/words.c grow_slots()) do not use this. */
#ifndef DG_GROW_H
#define DG_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* The array v (capacity *cap elements of elem bytes) with room for at
 * least need elements: *cap doubled (from first when 0) until it holds
 * need.  On success *cap is the new capacity; NULL when out of memory or
 * when the size would not fit a size_t, and then v and *cap are untouched
 * (v still belongs to the caller).  Callers call it only when need > *cap,
 * so a NULL result always means failure.  Returning the pointer instead
 * of taking a void ** keeps callers free of casts between pointer types. */
static inline void *dg_grow(void *v, size_t *cap, size_t need, size_t elem, size_t first)
{
    size_t c = !*cap ? first : *cap > SIZE_MAX / 2 ? 0 : *cap * 2;
    while (c && c < need)
        c = c > SIZE_MAX / 2 ? 0 : c * 2;
    if (!c || !elem || c > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(v, c * elem);
    if (p)
        *cap = c;
    return p;
}

#endif
