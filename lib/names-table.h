/* names-table.h - the proper-name tables generated at build time by
 * tools/gen-names.py from Debian's name data (iso-codes, SCOWL, hunspell
 * en_US/en_GB, CLDR through ICU, libgweather, tzdata) with ambiguity
 * measured on WordNet's glosses.  Compiled into the library: nothing is
 * read or parsed when an engine is created.  Private. */
#ifndef DG_NAMES_TABLE_H
#define DG_NAMES_TABLE_H

#include "gazetteer.h"

#include <stddef.h>
#include <stdint.h>

/* The generated data (build/lib/names-table.c).  Entries with nwords 0 are
 * no names: prefixes of multiword names (DG_NAME_PREFIX) or designators. */
extern const dg_name dg_nt_names[];
extern const size_t dg_nt_count;
/* An open-addressing hash (linear probing, at most 5/8 full) of the rows'
 * folded keys by FNV-1a.  0 is an empty slot; a full one packs, low bits
 * first, the hash's top DG_NT_SLOT_TAG_BITS bits, the key's length
 * (never 0), its row and the offset of the key in dg_nt_pool, so that a
 * probe rejects a slot without reading anything else and confirms a match
 * with one comparison.  tools/gen-names.py stops when a field would overflow. */
extern const uint64_t dg_nt_slots[];
extern const size_t dg_nt_nslots;
/* One bit per value of the hash's low 18 bits, set where a key has that
 * value: 32 kB that stay in cache, where the slots (1 MB) do not, and
 * turn away about three in four words that are no key before they reach
 * the slots (72,239 keys set 24% of the bits).  On clean text most
 * lookups are of no key.  17, 19 and 20 bits measured no better. */
extern const uint64_t dg_nt_bloom[];
#define DG_NT_BLOOM_MASK 0x3ffffu
#define DG_NT_SLOT_TAG_BITS 14
#define DG_NT_SLOT_LEN_SHIFT 14
#define DG_NT_SLOT_LEN_MASK 0x7fu
#define DG_NT_SLOT_ROW_SHIFT 21
#define DG_NT_SLOT_ROW_MASK 0x7ffffu
#define DG_NT_SLOT_OFF_SHIFT 40
/* The low bits that a probe compares with dg_nt_slot_want(). */
#define DG_NT_SLOT_CHECK_MASK ((1u << DG_NT_SLOT_ROW_SHIFT) - 1)

static inline uint32_t dg_nt_hash(const char *s, size_t len)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x01000193u;
    }
    return h;
}
/* The tag and length bits of a slot holding a key of hash h and length
 * len (which must fit the length field). */
static inline uint32_t dg_nt_slot_want(uint32_t h, size_t len)
{
    return h >> (32 - DG_NT_SLOT_TAG_BITS) | (uint32_t)len << DG_NT_SLOT_LEN_SHIFT;
}
static inline size_t dg_nt_slot_len(uint64_t s)
{
    return (size_t)(s >> DG_NT_SLOT_LEN_SHIFT) & DG_NT_SLOT_LEN_MASK;
}
static inline size_t dg_nt_slot_row(uint64_t s)
{
    return (size_t)(s >> DG_NT_SLOT_ROW_SHIFT) & DG_NT_SLOT_ROW_MASK;
}
static inline size_t dg_nt_slot_off(uint64_t s)
{
    return (size_t)(s >> DG_NT_SLOT_OFF_SHIFT);
}
extern const uint32_t dg_nt_lexicon[];  /* sorted lower-case English words */
extern const size_t dg_nt_nlexicon;
extern const char dg_nt_pool[];      /* keys, forms and sources */
/* Common words that WordNet's glosses capitalize beside a capitalized word
 * (tools/gen-names.py context_words): percent capitalized right after one
 * ("the Treasury Department"), after a demonym-shaped one ("the Korean
 * War"), and right before one ("North America"); 0 where it is
 * below 95 or measured on fewer than 8 uses.  Sorted by word. */
typedef struct dg_nt_ctx_word {
    uint32_t word;        /* offset in dg_nt_ctxpool */
    uint8_t after;        /* after a capitalized word not of adjective shape */
    uint8_t after_adj;    /* after one ending as demonyms do (casing.c) */
    uint8_t before;       /* before a capitalized word not of adjective shape */
    uint8_t before_adj;   /* before one of adjective shape: "North American" */
} dg_nt_ctx_word;
extern const dg_nt_ctx_word dg_nt_ctx[];
extern const size_t dg_nt_nctx;
extern const char dg_nt_ctxpool[];
extern const char dg_nt_lexpool[];

/* Lower-case words after which a word no dictionary knows is a name
 * ("the genus prosopis", "trade name naprosyn"), and word endings only
 * names have (-aceae, -idae), with the percent of such words the glosses
 * capitalize (tools/gen-names.py intro_counts).  Sorted by word. */
typedef struct dg_nt_stat {
    uint32_t word_at;     /* offset in dg_nt_wordpool: see dg_nt_stat_word() */
    uint8_t pct;
} dg_nt_stat;
/* The words of dg_nt_intro, dg_nt_suffix, dg_nt_taxon, dg_nt_lemma and
 * dg_nt_census; offsets rather than pointers keep the rows free of
 * relocations. */
extern const char dg_nt_wordpool[];
static inline const char *dg_nt_stat_word(const dg_nt_stat *s)
{
    return dg_nt_wordpool + s->word_at;
}
extern const dg_nt_stat dg_nt_intro[];
extern const size_t dg_nt_nintro;
extern const dg_nt_stat dg_nt_suffix[];
extern const size_t dg_nt_nsuffix;

/* English words that WordNet's glosses write capitalized after a name
 * introducer and never in lower case there, nor does GCIDE ("genus
 * Lychnis"); pct is the gloss uses (at most 255).  Sorted. */
extern const dg_nt_stat dg_nt_taxon[];
extern const size_t dg_nt_ntaxon;
/* The dg_nt_taxon row whose word is key (folded), or NULL. */
const dg_nt_stat *dg_nt_taxon_word(const char *key, size_t len);

/* Two-word WordNet lemmas in lower case whose first word is a name that is
 * also a common word ("french fries"), words joined by one space; pct is
 * 0.  Sorted. */
extern const dg_nt_stat dg_nt_lemma[];
extern const size_t dg_nt_nlemma;

/* The US Census 1990 given names and surnames (libtext-names-perl;
 * tools/gen-names.py census_table), sorted by folded name.  kind: bits
 * DG_CENSUS_*; lower_pct: percent of WordNet's gloss uses (devset lines
 * left out) written in lower case, 255 when the glosses never use it;
 * ranks 1 = most frequent, 0 = not in that list. */
#define DG_CENSUS_GIVEN_M 1u
#define DG_CENSUS_GIVEN_F 2u
#define DG_CENSUS_SURNAME 4u
#define DG_CENSUS_WORD 8u   /* its lower-case form is an English word */
typedef struct dg_nt_census_name {
    uint32_t word_at;     /* offset in dg_nt_wordpool: see dg_nt_census_word() */
    uint8_t kind;
    uint8_t lower_pct;
    uint16_t given_rank;
    uint16_t surname_rank;
} dg_nt_census_name;
static inline const char *dg_nt_census_word(const dg_nt_census_name *c)
{
    return dg_nt_wordpool + c->word_at;
}
extern const dg_nt_census_name dg_nt_census[];
extern const size_t dg_nt_ncensus;
/* The census row whose name is key (folded), or NULL. */
const dg_nt_census_name *dg_nt_census_get(const char *key, size_t len);

/* The row whose folded key is key (names, prefixes and designators alike),
 * or NULL. */
const dg_name *dg_nt_get(const char *key, size_t len);
/* True when key (folded) is an ordinary English word: a lower-case entry of
 * hunspell en_US or en_GB with its affixes, or of SCOWL up to size 70. */
int dg_nt_is_word(const char *key, size_t len);
/* The context word whose folded form is key, or NULL. */
const dg_nt_ctx_word *dg_nt_context(const char *key, size_t len);
/* The name introducer whose folded form is key, or NULL. */
const dg_nt_stat *dg_nt_intro_word(const char *key, size_t len);
/* True when "first second" (both folded) is one of dg_nt_lemma. */
int dg_nt_lower_lemma(const char *first, size_t flen, const char *second, size_t slen);
/* The name ending that folded word key ends with, or NULL. */
const dg_nt_stat *dg_nt_name_suffix(const char *key, size_t len);

#endif
