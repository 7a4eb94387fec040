/* hunspell-words.h - a reader for a hunspell dictionary's .dic and .aff
 * files: which words are listed with a capital, which lower-case stems
 * exist, and the affix rules, run backwards to tell whether a word is a
 * derived common word ("banks" from "bank").  Loading hunspell itself would
 * cost more than the whole gazetteer build.  Private. */
#ifndef DG_HUNSPELL_WORDS_H
#define DG_HUNSPELL_WORDS_H

#include "degarble.h"
#include "strmap.h"

#include <stddef.h>

typedef struct dg_affix_rule {
    char flag;
    int suffix;
    const char *strip, *add, *cond;
    size_t strip_len, add_len;
} dg_affix_rule;

typedef struct dg_cap_word {
    const char *word, *flags;
    size_t len;
    unsigned lineno;
} dg_cap_word;

typedef struct dg_hunspell_words {
    char *dic, *aff;            /* file buffers, edited in place */
    const char *dic_name;       /* "en_US.dic" */
    dg_strmap *lower;           /* lower-case stems -> flags */
    dg_strmap *caps;            /* folded capitalized stems -> dg_cap_word */
    dg_cap_word *capv;
    size_t ncap;
    dg_affix_rule *rules;
    size_t nrules;
    int loaded;
} dg_hunspell_words;

/* Loads the .dic at path and the .aff at aff (dg_hunspell_find() finds
 * both).  A missing .dic is not an error unless explicit: h->loaded stays 0
 * and *warning (when not already set) says so; a missing .aff is a
 * warning. */
dg_status dg_hunspell_words_load(dg_hunspell_words *h, const char *path, const char *aff,
                                 int explicit, char **warning, dg_error *err);
void dg_hunspell_words_free(dg_hunspell_words *h);

/* True when the folded word w[0, len) is a common (lower-case) word: listed
 * in lower case, or derived from such a stem by an affix rule. */
int dg_hunspell_is_common(const dg_hunspell_words *h, const char *w, size_t len);
/* The capitalized word a folded key stands for: the run-time dictionary's
 * entry when one was read, else the generated table's one-word name
 * (names-table.h).  src gets its source; *plural whether its plural is a
 * name too.  Returns 0 when there is none. */
int dg_hunspell_find_caps(const dg_hunspell_words *h, const char *key, size_t klen,
                          const char **word, size_t *wlen, char *src, size_t cap,
                          int *plural);

/* True when the flag string flags holds flag f. */
int dg_hunspell_has_flag(const char *flags, char f);

/* True when the stem stem[0, len) meets rule r's condition. */
int dg_hunspell_cond_match(const dg_affix_rule *r, const char *stem, size_t len);

#endif
