/* icu-names.h - names from ICU's English display names.  Private. */
#ifndef DG_ICU_NAMES_H
#define DG_ICU_NAMES_H

#include "gazetteer.h"
#include "hunspell-words.h"

/* Adds ICU's region, language and currency-adjective names to g, and the
 * adjectives of multiword regions that h (when loaded) lists.  Returns 0,
 * or -1 when out of memory.  A missing ICU table is skipped. */
int dg_icu_names_add(dg_gazetteer *g, const dg_hunspell_words *h);

#endif
