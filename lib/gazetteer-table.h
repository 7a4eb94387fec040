/* gazetteer-table.h - the gazetteer's internals, for the files that fill
 * it: gazetteer.c (the table), icu-names.c (names from ICU) and
 * gazetteer-build.c (dg_gazetteer_new: every source, then classification).
 * Private; stages use gazetteer.h only. */
#ifndef DG_GAZETTEER_TABLE_H
#define DG_GAZETTEER_TABLE_H

#include "gazetteer.h"
#include "strmap.h"

#include <stddef.h>

enum { DG_GAZ_PRIO_HUNSPELL = 1, DG_GAZ_PRIO_ICU = 2, DG_GAZ_PRIO_NAMES = 3 };

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct dg_gazetteer {
    dg_strmap *names;     /* folded key -> dg_name, or -> prefix_only */
    dg_strmap *prefixes;  /* folded word prefixes of multiword names (build) */
    /* Matching asks "is this a name, and does it go on?" for nearly every
     * word; once built, prefixes are merged into names (DG_NAME_PREFIX, or
     * this entry when the key is no name) so that one lookup answers both. */
    dg_gaz_row prefix_only;
    dg_name **all;
    size_t n, cap;
    chunk *arena;
    dg_gaz_stats stats;
};

/* Fills form with the name's words joined by one space; returns the word
 * count, or 0 when s[0, len) is not a usable name. */
unsigned dg_gaz_normalize_name(const char *s, size_t len, char *form,
                               size_t cap, size_t *form_len);
/* Shape flags (DG_NAME_EXACT, DG_NAME_ACRONYM) of one word's canonical form. */
unsigned dg_gaz_shape_flags(const char *w, size_t len);
/* Adds a name from source at priority: 1 added or replaced, 0 not a name
 * or outranked, -1 out of memory. */
int dg_gaz_add_name(dg_gazetteer *g, const char *s, size_t len, unsigned flags,
                    int priority, const char *source);
/* Counts rc > 0 in *counter; returns -1 for rc < 0, else 0. */
int dg_gaz_count_added(int rc, size_t *counter);

#endif
