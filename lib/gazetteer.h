/* gazetteer.h - proper names with their canonical casing, compiled once per
 * engine from ICU display names, hunspell case data and names files.  The
 * casing stage (casing.c) matches tokens against it.  Private. */
#ifndef DG_GAZETTEER_H
#define DG_GAZETTEER_H

#include "degarble.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

/* Longest name in words, and in bytes of its folded key. */
#define DG_GAZ_MAX_WORDS 8
#define DG_GAZ_MAX_KEY 256

/* Name flags. */
#define DG_NAME_AMBIGUOUS 0x01u  /* one word that is also a common word: china */
#define DG_NAME_EXACT 0x02u      /* inner capitals: iPhone, MediaTek */
#define DG_NAME_ACRONYM 0x04u    /* all capitals: UK, NATO */
#define DG_NAME_COMMON_WORDS 0x08u /* several words, none a name alone: United States */
#define DG_NAME_WEAK 0x10u       /* may be written lower-case in good English
                                    (macro-regions: western Europe), or
                                    flagged "ambiguous" in a names file */
#define DG_NAME_COUNTRY 0x20u    /* an ICU region with a country code */
#define DG_NAME_FORCE_PROPER 0x40u /* names file says "proper": never ambiguous */
#define DG_NAME_FORCE_AMBIG 0x80u  /* names file says "ambiguous" */
#define DG_NAME_PREFIX 0x100u    /* its key also begins a longer name */
#define DG_NAME_REGION 0x200u    /* from ICU's region names (Netherlands,
                                    Myanmar, Burma), not a language or
                                    currency adjective (Arabic, Omani) */
/* Measured by tools/gen-names.py for the generated tables (names-table.h). */
#define DG_NAME_PLACE 0x400u     /* a country, subdivision, city or zone city */
#define DG_NAME_MONTH 0x800u     /* CLDR month name */
#define DG_NAME_WEEKDAY 0x1000u  /* CLDR day name */
#define DG_NAME_WN_LOWER 0x2000u /* WordNet's glosses write it in lower case */
#define DG_NAME_RARE 0x4000u     /* only in SCOWL's big sizes (80) */
#define DG_NAME_PERSONLIST 0x8000u /* SCOWL proper-names (people, places) */
#define DG_NAME_GENERATED 0x10000u /* a row of the generated tables */
#define DG_NAME_DESIGNATOR 0x20000u /* begins or ends many place names: lake, city */
#define DG_NAME_WORD_NAME 0x40000u /* a common word too, but WordNet's glosses
                                      capitalize it far more often */
#define DG_NAME_SHARE_KNOWN 0x80000u /* the glosses use it: DG_NAME_SHARE is set */
#define DG_NAME_GLOSS_PHRASE 0x400000u /* several words the glosses write
                                      title-cased at least twice; its
                                      DG_NAME_SHARE is the percent of uses
                                      with a capital that are title-cased */
#define DG_NAME_GLOSS_TITLE 0x800000u /* ... at least 3 times, never in lower case */
#define DG_NAME_GCIDE_NAME 0x200000u /* on a one-word entry (on a multiword
                                       * one the bit is DG_NAME_GLOSS_LOWER_TITLE):
                                       * a common word too, but GCIDE writes
                                       * it capitalized (gen-names.py GCIDE_NAME) */
#define DG_NAME_WN_LOWER_HYPHEN 0x100000u /* with DG_NAME_WN_LOWER: every lower-case
                                      use the glosses make is one part of a
                                      hyphenated word (french-fried) */
#define DG_NAME_GLOSS_UNMIXED 0x80000000u /* ... never partly capitalized */
/* On a multiword entry (never a one-word one, where the bit is
 * DG_NAME_WN_LOWER_HYPHEN; the flags have no bit left): */
#define DG_NAME_GLOSS_MIXED_TITLE 0x100000u /* written with its first word
                                      capitalized and a later one not, the
                                      glosses' figures (the phrase's own and
                                      its later words' after a capital) say
                                      it is the title-cased name: "the
                                      Pacific ocean" (gen-names.py
                                      phrase_estimates) */
#define DG_NAME_GLOSS_LOWER_TITLE 0x200000u /* ... written all in lower case:
                                      "the rocky mountains" */
/* Percent (0-100) of WordNet gloss uses that are capitalized away from a
 * sentence start: capitalized / (capitalized + lower case + 1). */
#define DG_NAME_SHARE(flags) (((flags) >> 24) & 0x7fu)

/* A name.  Its words and its source are reached through dg_name_form()
 * and dg_name_source(): the generated rows (DG_NAME_GENERATED, the
 * read-only names-table.c) hold offsets into dg_nt_pool, so that a shared
 * library needs no relocation for them and their pages stay clean and
 * shared; a row built at run time is the head of a dg_gaz_row, which holds
 * pointers to its strings. */
typedef struct dg_name {
    uint32_t form_at;     /* generated rows: offset of the form in dg_nt_pool */
    uint32_t source_at;   /* ... and of the source */
    unsigned flags;
    unsigned id;          /* 0..count-1, for per-call evidence tables */
    uint16_t len;         /* of the form, at most DG_GAZ_MAX_KEY */
    int16_t priority;     /* which source wins a conflict */
    uint8_t nwords;
} dg_name;

/* A row built at run time (gazetteer.c): the strings live in the
 * gazetteer's arena. */
typedef struct dg_gaz_row {
    dg_name name;         /* first: a dg_name * of such a row points here */
    const char *form;     /* canonical words joined by single spaces */
    const char *source;   /* "icu-region KP", "names.txt:42", ... */
} dg_gaz_row;

/* The generated string pool (build/lib/names-table.c). */
extern const char dg_nt_pool[];

static inline const char *dg_name_form(const dg_name *e)
{
    if (e->flags & DG_NAME_GENERATED)
        return dg_nt_pool + e->form_at;
    return ((const dg_gaz_row *)e)->form;
}

/* "icu-region KP", "names.txt:42", "iso3166-1 NL; WordNet glosses: ..." */
static inline const char *dg_name_source(const dg_name *e)
{
    if (e->flags & DG_NAME_GENERATED)
        return dg_nt_pool + e->source_at;
    return ((const dg_gaz_row *)e)->source;
}

/* Counts by source, for reports and tests. */
typedef struct dg_gaz_stats {
    size_t icu_region, icu_language, icu_currency;
    size_t hunspell, demonym, names_files;
    size_t generated;     /* rows of the generated table (names-table.h) */
    size_t total;         /* distinct keys */
    double build_ms;
} dg_gaz_stats;

typedef struct dg_gazetteer dg_gazetteer;

typedef struct dg_gaz_sources {
    const char *builtin_names;     /* dicts/names.txt text, or NULL */
    size_t builtin_names_len;
    const char *const *names_files;
    const char *hunspell_dic;      /* NULL: DG_HUNSPELL_DIR "/en_US.dic" */
} dg_gaz_sources;

dg_status dg_gazetteer_new(const dg_gaz_sources *src, dg_gazetteer **out,
                           char **warning, dg_error *err);
void dg_gazetteer_free(dg_gazetteer *g);

/* The name whose folded key is key, or NULL. */
const dg_name *dg_gaz_find(const dg_gazetteer *g, const char *key, size_t len);
/* True when key (folded, words joined by ' ') begins a longer name. */
int dg_gaz_is_prefix(const dg_gazetteer *g, const char *key, size_t len);
/* Both at once, with one hashed lookup: the name whose key is key (or
 * NULL), and in *prefix whether key begins a longer name. */
const dg_name *dg_gaz_lookup(const dg_gazetteer *g, const char *key, size_t len,
                             int *prefix);

size_t dg_gaz_count(const dg_gazetteer *g);
const dg_gaz_stats *dg_gaz_stats_get(const dg_gazetteer *g);

#endif
