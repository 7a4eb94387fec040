/* abbrev.h - the table of known abbreviations (dicts/abbreviations.txt).
 * Shared by the tokenizer (a known abbreviation keeps its dot and does not
 * end a sentence), the punctuation stage (joining "U. N.") and casing
 * ("U.s." -> "U.S."). */
#ifndef DG_ABBREV_H
#define DG_ABBREV_H

#include "degarble.h"

#include <stddef.h>

typedef enum dg_abbrev_kind {
    DG_ABBREV_PROPER = 1, /* a name: fixed casing (U.S., U.N., Corp.) */
    DG_ABBREV_COMMON      /* ordinary (etc., e.g., approx.): case follows text */
} dg_abbrev_kind;

typedef struct dg_abbrev {
    const char *form;     /* canonical spelling, e.g. "U.S." */
    size_t len;
    dg_abbrev_kind kind;
    const char *source;   /* "abbreviations.txt:12" for reasons */
} dg_abbrev;

typedef struct dg_abbrevs dg_abbrevs;

dg_abbrevs *dg_abbrevs_new(void);
void dg_abbrevs_free(dg_abbrevs *a);

/* Adds the entries of one file's text.  name is used in messages. */
dg_status dg_abbrevs_add(dg_abbrevs *a, const char *name, const char *buf,
                         size_t len, dg_error *err);

/* Looks up s (with its dots) case-insensitively (dg_fold, text.h). */
const dg_abbrev *dg_abbrevs_find(const dg_abbrevs *a, const char *s,
                                 size_t len);

/* Acronyms: the words of a hunspell .dic (text dic[0, len), file name for
 * reasons) written in 2-6 capitals ("CIA/M", "TV/SM").  With them a split
 * "T. V." is known as "T.V." and a mis-cased "C.i.a." as "C.I.A.". */
dg_status dg_abbrevs_add_acronyms(dg_abbrevs *a, const char *name,
                                  const char *dic, size_t len);

/* 1 + the .dic line of the acronym spelled by letters[0, n) (any case, no
 * dots), or 0; *source (when not NULL) gets the .dic file's name. */
unsigned dg_abbrevs_acronym(const dg_abbrevs *a, const char *letters, size_t n,
                            const char **source);

/* Adds ICU's English sentence-break suppressions (the list behind the
 * locale keyword ss=standard), matched exactly as ICU writes them. */
dg_status dg_abbrevs_add_icu_suppressions(dg_abbrevs *a);

/* True when s[0, len), ending in '.', is an abbreviation after which a
 * sentence does not end: in the table (any case) or ICU's list (exact). */
int dg_abbrevs_suppresses(const dg_abbrevs *a, const char *s, size_t len);

#endif
