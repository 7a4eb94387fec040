/* phrases.h - the phrase-repair table (dicts/phrases.txt).  Private. */
#ifndef DG_PHRASES_H
#define DG_PHRASES_H

#include "degarble.h"

struct dg_abbrevs;

typedef struct dg_phrases dg_phrases;

/* Compiles the built-in rules (unless opts->no_builtin_data) and
 * opts->rules_files. */
dg_status dg_phrases_new(const dg_options *opts, const struct dg_abbrevs *abbrevs,
                         dg_phrases **out, dg_error *err);
void dg_phrases_free(dg_phrases *p);

#endif
