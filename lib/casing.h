/* casing.h - the casing stage's compiled data (the gazetteer).  Private. */
#ifndef DG_CASING_H
#define DG_CASING_H

#include "degarble.h"

struct dg_abbrevs;
struct dg_gaz_stats;

typedef struct dg_casing dg_casing;

/* How far same-text evidence counts, either side of the word it is for:
 * a long document (a book, a corpus) has every name capitalized
 * somewhere, and a name spelled right somewhere says little about a
 * garbled one a chapter away.  32 KB is a long news article.  The casing
 * stage's capitals (SEEN_WINDOW in casing.c) and the phrase stage's
 * entity variants (entity-variant.c) read this far. */
#define DG_SAME_TEXT_WINDOW ((size_t)1 << 15)

/* How far the casing stage's lower-case counts reach either side of a use
 * (see judge_name() in casing.c), and so how far any of its decisions
 * reads from the word it changes: the uses within the window, and theirs.
 * lib/stream.c gives each piece that much context on both sides. */
#define DG_CASING_LOWER_WINDOW ((size_t)1 << 16)
#define DG_CASING_REACH (2 * DG_CASING_LOWER_WINDOW)

typedef struct dg_casing_sources {
    /* Built-in names file text (dicts/names.txt), or NULL. */
    const char *builtin_names;
    size_t builtin_names_len;
    /* Extra names files, NULL-terminated, or NULL. */
    const char *const *names_files;
    /* hunspell .dic path, or NULL for the system en_US one. */
    const char *hunspell_dic;
    const struct dg_abbrevs *abbrevs;
    /* The confidence from which the engine applies an edit (0: the
     * default); same-text evidence is taken to a fixed point with it. */
    double min_confidence;
} dg_casing_sources;

/* Compiles the gazetteer from ICU display names, hunspell case data and the
 * names files.  A missing system hunspell dictionary is not an error: a
 * message is stored in *warning (malloc'ed) instead. */
dg_status dg_casing_new(const dg_casing_sources *src, dg_casing **out,
                        char **warning, dg_error *err);
void dg_casing_free(dg_casing *c);

/* The hunspell dictionary the stage asks whether a lower-case line start
 * is a word (casing.line-start); NULL (the default) turns that rule off.
 * Set once, while the engine is built. */
struct dg_dictionary;
void dg_casing_use_dictionary(dg_casing *c, struct dg_dictionary *d);

/* How many names came from each source and how long the build took (for
 * tests and reports). */
const struct dg_gaz_stats *dg_casing_stats(const dg_casing *c);

#endif
