/* dictionary.h - the hunspell stage.  Private. */
#ifndef DG_DICTIONARY_H
#define DG_DICTIONARY_H

#include "degarble.h"

typedef struct dg_dictionary dg_dictionary;

/* Loads the system dictionary named by opts->lang (or a path), the built-in
 * word list and opts->dict_files.  A missing *system* dictionary is a
 * warning appended to *warning and the stage stays off (*out NULL); a
 * missing file the caller named is DG_ERR_IO. */
dg_status dg_dictionary_new(const dg_options *opts, dg_dictionary **out,
                            char **warning, dg_error *err);
void dg_dictionary_free(dg_dictionary *d);

/* True when hunspell accepts s[0, n) as written; 0 when d is NULL.
 * Thread-safe (the lookups share the stage's cache). */
int dg_dictionary_knows(dg_dictionary *d, const char *s, size_t n);

#endif
