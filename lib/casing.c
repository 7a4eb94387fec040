/* casing.c - restoring the capitals of proper nouns, abbreviations and
 * sentence starts.
 *
 * What may change
 * ---------------
 * Only a word written entirely in lower case, and only its letters' case:
 * a word that already has a capital (Mediatek, SEOUL, 38North, Ju-min) is
 * the writer's choice and is never touched, and no letter, apostrophe or
 * hyphen ever changes.  Each edit covers just the bytes whose case changes.
 * One exception, the inner-capital rules (see "inner capitals" below): a
 * word of ASCII letters with a capital and a lower-case letter may gain
 * capitals, never lose one, to become a known inner-capital name
 * ("youTube" -> "YouTube") or a form the same text writes; an upper-case
 * letter never becomes lower case.
 *
 * Ambiguity policy
 * ----------------
 * Confidence is what decides: the engine applies an edit at >= 0.9 and only
 * reports it below.  (Values are 0.91, not 0.90: edits store a float.)
 *
 *   0.95  a region's name from ICU or a name from a names file whose
 *         lower-case form is not a common word (netherlands, myanmar,
 *         iphone), judged by hunspell with its affix rules (so "banks" and
 *         "wells" count as common);
 *   0.95  one word of ICU's that is a language or currency adjective
 *         (arabic, omani, french), if this text also writes it capitalized
 *         nearby; 0.70 otherwise: good English writes gum arabic, french
 *         fries, riyal-omani;
 *   0.95  a word of a country or names-file phrase in which another word
 *         is a name by itself or is capitalized away from a sentence start
 *         ("north Korea", "the united Nations", "north korean");
 *   0.95  such a phrase of common words only that this text also writes
 *         capitalized nearby (within 32 KB);
 *   0.91  a country or names-file phrase of common words only ("the united
 *         states", "the united kingdom"): as a phrase it is not ordinary
 *         English;
 *   0.92  an ambiguous single word from ICU or a names file (china, japan,
 *         turkey) written capitalized nearby and here either after a
 *         preposition of place (in, from, to, across...) or in a list of
 *         places;
 *   0.91  an ambiguous country in a list of places: "Tokyo, japan";
 *   0.92  an ambiguous country the glosses capitalize at least half the
 *         time after a compass word ("northeastern china") or, if they
 *         capitalize it in 95% of uses, after a preposition of place ("in
 *         brazil"); 0.91 after one otherwise ("in turkey"): place_context();
 *   0.91  a compass word before a title-case word, when the glosses write
 *         the two title-cased in 95% of their uses ("north American",
 *         "central America"): compass_phrase();
 *   0.95  a word known only from hunspell's case data, if this text also
 *         writes it capitalized nearby; 0.70 otherwise, because en_US is
 *         American and incomplete (grey, lima beans, brussels sprouts);
 *   0.70  the lower-case words of a language, currency or macro-region
 *         phrase (ancient Greek, western Europe, traditional Chinese are
 *         good English), of a names-file entry flagged ambiguous, or an
 *         ambiguous word seen capitalized nearby without other evidence.
 * hunspell words listed both ways (may, bill, house, little) are never
 * changed alone: a long text has each of them capitalized somewhere.
 *
 * Names from the generated table (names-table.h: iso-codes, SCOWL,
 * hunspell, CLDR, libgweather, tzdata) carry what tools/gen-names.py
 * measured: whether the lower-case form is an English word, and the share
 * of WordNet gloss uses written capitalized (a word standing alone, away
 * from a sentence start).  That share is the evidence:
 *   0.95  no English word in lower case and never lower-case in the
 *         glosses (at least two capitalized uses), or capitalized in 95%
 *         of its uses; 0.92 from 90%;
 *   0.95  a common word too (japan, french, christian) but capitalized in
 *         at least 95% of the glosses' uses; china (93%) needs context;
 *   0.95  a month in a date (day number before, year after); 0.93 with a
 *         day number after ("march 5, 2001");
 *   0.92  a name the glosses never use, with a name chain (a SCOWL
 *         proper name beside another: "marie curie") or a preposition of
 *         place before a place;
 *   inner capitals (TeX, WordNet, LibreOffice) at 0.95 unless the text
 *         writes the word in lower case at least twice and more often than
 *         capitalized (a command or package name), which also voids
 *         same-text evidence for any name;
 *   one part of a hyphenated word, or a word broken at a line end, only
 *         with same-text evidence.
 * Same-text evidence is local (capitals within 32 KB, lower-case counts
 * within 64 KB; see judge_name()) and settled in one pass, without
 * chains: a decision reads at most 128 KB either side.
 *
 * A two- or three-letter acronym from ICU or a names file (uk, eu, imf) is
 * restored at 0.92 after "the" or with a possessive, since a bare "uk" might
 * be anything; one known only from hunspell (wc, pc) also needs its capitals
 * nearby; one whose lower-case form is a word (us) is never touched.  Dotted abbreviations of
 * kind "proper" with two or more capitals (U.s., e.u.) take their canonical
 * form; one-capital ones (no., mar., gen.) are ordinary words too often.
 *
 * Sentence starts are capitalized only after ". ! ?" on the same line
 * (optionally followed by a closing quote or bracket), never after a line
 * break alone (hard-wrapped text, lists), an abbreviation, an initial or a
 * list number.  "?" or "!" followed by a closing quote is how dialogue
 * continues ("Why?" she asked), so that case is only reported.
 *
 * Matching
 * --------
 * Hyphenated tokens are split into their parts, so names are found inside
 * "China-North korea" and "north Korea-set"; parts and words joined by a
 * hyphen or one run of spaces form a chain, and the longest name starting at
 * each word is found with hashed lookups of the folded chain (a prefix table
 * says when to stop).  A possessive suffix stays outside the edit.  The
 * whole input is scanned twice: first to see which ambiguous names are
 * written capitalized somewhere, then to propose edits.
 */
#include "casing.h"

#include "abbrev.h"
#include "dictionary.h"
#include "stage.h"
#include "strmap.h"
#include "gazetteer.h"
#include "grow.h"
#include "literal.h"
#include "names-table.h"
#include "scratch.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* casing.line-start, measured by tools/calibrate.py. */
#define CONF_LINE_START 0.95
#define CONF_LINE_START_FIRST 0.92
/* Findings (proposals the engine only reports) claim what tools/calibrate.py
 * measures for them: the lower-case words of weak phrases, hunspell-only and
 * SCOWL-only names not seen capitalized, parts of hyphenated words, acronyms
 * without context, inner capitals this text writes in lower case were right
 * in 0 to 14% of the proposals (2026-12-01).  No casing finding claims more. */
#define CONF_FINDING 0.0
/* casing.name-phrase with a name word or capital inside: 87 of 93. */
#define CONF_PHRASE_INSIDE 0.93
/* casing.name-phrase for a phrase WordNet's glosses write title-cased:
 * with a capital inside ("the Supreme court"), and all in lower case where
 * the glosses never write it so ("the black sea"). */
static const double CONF_GLOSS_CAPITAL = 0.93;
/* casing.ambiguous-name for a common word the glosses capitalize in 95% of
 * their uses: never in lower case there, also in lower case there, one
 * part of a hyphenated word: measured 38/38, 15/21, 0/2 (2026-12-01). */
static const double CONF_AMBIG_SHARE[3] = {0.95, 0.71, 0.0};
/* The same, when every lower-case use in the glosses is one part of a
 * hyphenated word ("french-fried potatoes"): the word alone is not. */
static const double CONF_AMBIG_HYPHEN_LOWER = 0.95;
static const double CONF_GLOSS_LOWER[2] = {0.92, 0.95};
/* casing.name-phrase by gen-names.py's phrase_estimates (gloss_estimate),
 * estimate 0.95 or more and never written so in the glosses: its first
 * word capitalized, later ones not (GCIDE with the words after a
 * capitalized one lower-cased: 121 of 122 right; damaged as
 * tools/gcide-casing.py does: 59 of 59), all in lower case (GCIDE as
 * gcide-casing.py: 119 of 119); devset 1/1 and 6/6 (2026-12-01).  Without
 * "never written so" 187/204 and 520/540 on GCIDE, but calibrate's WordNet
 * no-harm corpus holds those very uses (19 of 31). */
static const double CONF_GLOSS_MIXED = 0.91;
static const double CONF_GLOSS_ALL_LOWER = 0.95;

struct dg_casing {
    struct dg_dictionary *dict;   /* hunspell, for line starts; may be NULL */
    dg_gazetteer *gaz;
    const dg_abbrevs *abbrevs;
    double min_confidence;        /* what the engine applies (fixed point) */
};

dg_status dg_casing_new(const dg_casing_sources *src, dg_casing **out,
                        char **warning, dg_error *err)
{
    *out = NULL;
    dg_casing *c = calloc(1, sizeof *c);
    if (!c)
        return DG_ERR_NOMEM;
    c->abbrevs = src->abbrevs;
    c->min_confidence = src->min_confidence;
    dg_gaz_sources gs = {
        .builtin_names = src->builtin_names,
        .builtin_names_len = src->builtin_names_len,
        .names_files = src->names_files,
        .hunspell_dic = src->hunspell_dic,
    };
    dg_status st = dg_gazetteer_new(&gs, &c->gaz, warning, err);
    if (st != DG_OK) {
        free(c);
        return st;
    }
    *out = c;
    return DG_OK;
}

void dg_casing_use_dictionary(dg_casing *c, struct dg_dictionary *d)
{
    if (c)
        c->dict = d;
}

void dg_casing_free(dg_casing *c)
{
    if (!c)
        return;
    dg_gazetteer_free(c->gaz);
    free(c);
}

const struct dg_gaz_stats *dg_casing_stats(const dg_casing *c)
{
    return c ? dg_gaz_stats_get(c->gaz) : NULL;
}

/* ---- words ------------------------------------------------------------ */

/* One matchable word: a WORD token, or one hyphen-separated part of it.
 * Offsets fit in 32 bits (DG_MAX_INPUT); there is one unit per word, so a
 * smaller unit is fewer pages to touch. */
typedef struct unit {
    uint32_t start, end;  /* end excludes a possessive suffix */
    uint32_t tok;
    unsigned char joins;  /* the next unit may continue a name */
    unsigned char first;  /* first part of its token */
    unsigned char shape;  /* SH_* bits of its letters, set once */
    unsigned char poss;   /* a possessive suffix follows, to the token's end */
} unit;

/* A unit's case shape (see unit_shape()), computed when the units are
 * built so that the passes do not decode the text again. */
#define SH_UPPER 1        /* some upper-case letter */
#define SH_LOWER_ONLY 2   /* lower-case letters and no upper-case one */
#define SH_FIRST_UPPER 4  /* the first code point is upper case */
#define SH_TITLE 8        /* one capital, first, and lower-case letters */
#define SH_ASCII 16       /* ASCII bytes only */
/* Bits 5 and 6: inner_shape(), set once. */
#define SH_INNER_SHIFT 5

/* scan.quiet bits: census_person_evidence() said nothing, with the
 * neighbours' virt as the other two bits say. */
#define QUIET_CENSUS 1
#define QUIET_VIRT_BEFORE 2
#define QUIET_VIRT_AFTER 4

/* One use of a name that same-text evidence weighs: where it starts, and
 * whether it is written capitalized as the name is (or an applied edit
 * not resting on same-text evidence capitalizes it) or all in lower case.
 * After pass 1 the uses are sorted by name and offset, and each one gets
 * its verdict (see judge_uses()). */
typedef struct use {
    uint32_t id;          /* name id */
    uint32_t pos;         /* offset of its first unit */
    unsigned char cap;    /* 1: capitalized, 0: all lower case */
    unsigned char deliberate; /* lower case on purpose nearby */
    uint32_t seen;        /* 1 + offset of the capitalized use that is its
                             evidence; 0: none */
} use;

/* A name found at units [first, last]. */
typedef struct match {
    uint32_t first, last; /* units: fewer than tokens (DG_MAX_INPUT) */
    const dg_name *name;
} match;

typedef struct scan {
    const dg_doc *doc;
    const dg_gazetteer *gaz;
    struct dg_dictionary *dict;
    unit *u;
    size_t n, u_bytes;
    use *uses;            /* uses of names needing evidence, judged */
    size_t nuses, cap_uses;
    match *m;             /* pass 1's matches, in order, for pass 2 */
    size_t nm, cap_m;
    /* Dry runs of pass 2 mark in virt the units an applied edit without
     * same-text evidence would capitalize, and pass 1 then counts them as
     * written so, until nothing changes; then the uses are judged (see
     * judge_name()) and edits proposed.  A second run of the whole engine
     * sees what the dry runs and the judging saw, so it finds nothing
     * more to do.  A unit's virt is 1 + the round that set it (see
     * virt_news()); dry is 1 + the round under way, 0 outside them. */
    unsigned char *virt;
    /* Per unit, QUIET_* bits: evidence found to say nothing for it, so that
     * the final pass need not ask again what a dry run asked (see
     * census_person_evidence()). */
    unsigned char *quiet;
    int dry;
    int judged;           /* uses judged: the proposing pass */
    size_t *nvirt;        /* how many units virt marks (see mark_virt()) */
    double apply_at;      /* the engine's min_confidence */
    /* The gazetteer's answer per word type of the call (see type_lookup):
     * 0 not looked up yet, 1 looked up, 2 looked up and a longer name
     * begins with it. */
    const dg_name **type_name;
    unsigned char *type_state;
    /* The units with inner capitals or in title case, by word type and
     * offset, and how many of each kind come before each one (see
     * index_inner_forms()); NULL when the text has no inner capitals. */
    struct inner_use *inner_form;
    uint32_t (*inner_pre)[4];
    size_t ninner;
    unsigned char *inner_typed; /* per word type: 1 when it has a form */
    /* Per token, capital_is_positional() once decided (positional_at()):
     * 0 not yet, 1 no, 2 yes; NULL: not kept. */
    unsigned char *positional;
    /* Per word type, census_row()'s answer once looked up (census_state 1). */
    const dg_nt_census_name **type_census;
    unsigned char *census_state;
    /* Per word type, the text tables' answers for it (see plain_type()). */
    struct type_facts *facts;
    /* match_at()'s answers for two whole words ("the hague"), per pair
     * of word types (see pair_lookup()). */
    struct pair_memo *pairs;
    /* The line starts, noted while the units are built (see
     * note_line_start()). */
    struct line_starts *starts;
    /* The ABBREV tokens, in order, noted there too when abbreviations are
     * proposed (abbrevs_wanted). */
    size_t *abbrev_tok;
    size_t nabbrev, cap_abbrev;
    int abbrevs_wanted;
} scan;

/* An open-addressing table from a pair of word types to the gazetteer's
 * answer for the key they make; key 0 is an empty slot. */
typedef struct pair_slot {
    uint64_t key;         /* (1 + first type) << 32 | second type */
    const dg_name *e;
    int prefix;
} pair_slot;

typedef struct pair_memo {
    pair_slot *v;
    size_t cap, n;        /* cap a power of two, or 0: no table */
} pair_memo;

/* What the tables keyed by a word's text say of a word type, asked once
 * per type of the call: state holds the FACT_* bits of the answers known. */
typedef struct type_facts {
    const dg_nt_stat *intro;      /* dg_nt_intro_word() */
    const dg_nt_stat *suffix;     /* dg_nt_name_suffix() */
    const dg_nt_ctx_word *ctx;    /* dg_nt_context() of the fold */
    unsigned char state;
} type_facts;

#define FACT_INTRO 1
#define FACT_SUFFIX 2
#define FACT_CONTEXT 4

/* Unit u's word type when u is a whole token written exactly as its
 * type's fold (ASCII lower case, mostly): then a table keyed by the text
 * answers alike for every token so written.  DG_NO_TYPE otherwise. */
static inline uint32_t plain_type(const scan *sc, const unit *u)
{
    const dg_doc *doc = sc->doc;
    const dg_token *t = &doc->tok[u->tok];
    if (!sc->facts || u->start != t->start || u->end != t->end)
        return DG_NO_TYPE;
    uint32_t ty = doc->type[u->tok];
    if (ty == DG_NO_TYPE)
        return ty;
    /* ASCII without a capital folds to itself. */
    if ((u->shape & (SH_ASCII | SH_UPPER)) == SH_ASCII)
        return ty;
    const dg_word_type *wt = &doc->types[ty];
    if (wt->len != u->end - u->start ||
        memcmp(doc->type_text + wt->off, doc->text + u->start, wt->len) != 0)
        return DG_NO_TYPE;
    return ty;
}

/* dg_nt_intro_word() of unit u's text, once per type when it can. */
static const dg_nt_stat *intro_word_of(const scan *sc, const unit *u)
{
    uint32_t ty = plain_type(sc, u);
    if (ty == DG_NO_TYPE)
        return dg_nt_intro_word(sc->doc->text + u->start, u->end - u->start);
    type_facts *f = &sc->facts[ty];
    if (!(f->state & FACT_INTRO)) {
        f->intro = dg_nt_intro_word(sc->doc->text + u->start, u->end - u->start);
        f->state |= FACT_INTRO;
    }
    return f->intro;
}

/* dg_nt_name_suffix() of unit u's text, once per type when it can. */
static const dg_nt_stat *name_suffix_of(const scan *sc, const unit *u)
{
    uint32_t ty = plain_type(sc, u);
    if (ty == DG_NO_TYPE)
        return dg_nt_name_suffix(sc->doc->text + u->start, u->end - u->start);
    type_facts *f = &sc->facts[ty];
    if (!(f->state & FACT_SUFFIX)) {
        f->suffix = dg_nt_name_suffix(sc->doc->text + u->start, u->end - u->start);
        f->state |= FACT_SUFFIX;
    }
    return f->suffix;
}

/* Case shape of text[s, e): counts of upper- and lower-case letters. */
static void case_counts(const char *t, size_t s, size_t e, int *upper, int *lower)
{
    *upper = *lower = 0;
    for (size_t i = s; i < e;) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            *upper += c >= 'A' && c <= 'Z';
            *lower += c >= 'a' && c <= 'z';
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)t + i, e - i, &cp);
        if (!n)
            return;
        *upper += u_isupper((UChar32)cp) != 0;
        *lower += u_islower((UChar32)cp) != 0;
        i += n;
    }
}

static int is_all_lower(const char *t, size_t s, size_t e)
{
    int up, lo;
    case_counts(t, s, e, &up, &lo);
    return up == 0 && lo > 0;
}

static int starts_upper(const char *t, size_t s, size_t e)
{
    uint32_t cp;
    size_t n = dg_utf8_decode((const unsigned char *)t + s, e - s, &cp);
    return n && u_isupper((UChar32)cp);
}

/* A unit written with a capital, or one an applied edit capitalizes. */
static int unit_upper(const struct scan *sc, const struct unit *u);

/* unit_shape() of any text: what unit_shape() does not answer inline. */
static unsigned char unit_shape_read(const char *t, size_t len, size_t s, size_t e)
{
    /* An ASCII word (nearly every one) is read eight bytes a step, without
     * ICU (as lib/words.c folds it); up counts capitals up to two at a
     * step, as only none, one and more matter.  len bounds the reads. */
    int up = 0, lo = 0, first, ascii = 1;
    for (size_t p = s; p < e; p += 8) {
        size_t m = e - p < 8 ? e - p : 8;
        uint64_t x = 0;
        if (p + 8 <= len)
            x = dg_load_le64(t + p);
        else
            x = dg_load_le_tail(t + p, m);
        if (m < 8)
            x &= ~0ull >> (64 - 8 * m);
        if (x & 0x8080808080808080ull) {
            ascii = 0;
            break;
        }
        /* Every byte is below 0x80, so no sum carries into the next one. */
        uint64_t um = (x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull) &
                      0x8080808080808080ull;    /* 'A'..'Z' */
        uint64_t lm = (x + 0x1F1F1F1F1F1F1F1Full) & ~(x + 0x0505050505050505ull) &
                      0x8080808080808080ull;    /* 'a'..'z' */
        up += um ? ((um & (um - 1)) ? 2 : 1) : 0;
        lo |= lm != 0;
    }
    if (ascii) {
        first = s < e && dg_ascii_upper((unsigned char)t[s]);
    } else {
        case_counts(t, s, e, &up, &lo);
        first = starts_upper(t, s, e);
    }
    return (unsigned char)((up > 0 ? SH_UPPER : 0) |
                           (up == 0 && lo > 0 ? SH_LOWER_ONLY : 0) |
                           (first ? SH_FIRST_UPPER : 0) |
                           (up == 1 && lo > 0 && first ? SH_TITLE : 0) |
                           (ascii ? SH_ASCII : 0));
}

/* unit_shape() of an ASCII word of one to eight bytes, x its bytes read
 * little-endian (zero above them): one step of unit_shape_read()'s. */
static inline unsigned char ascii_shape8(uint64_t x)
{
    uint64_t um = (x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull) &
                  0x8080808080808080ull;    /* 'A'..'Z' */
    uint64_t lm = (x + 0x1F1F1F1F1F1F1F1Full) & ~(x + 0x0505050505050505ull) &
                  0x8080808080808080ull;    /* 'a'..'z' */
    if (!um)
        return (unsigned char)(SH_ASCII | (lm ? SH_LOWER_ONLY : 0));
    int first = (um & 0x80) != 0;           /* the first byte */
    int one = (um & (um - 1)) == 0;
    return (unsigned char)(SH_ASCII | SH_UPPER | (first ? SH_FIRST_UPPER : 0) |
                           (one && lm && first ? SH_TITLE : 0));
}

/* The case shape (SH_* bits) of text t[s, e), len bytes long.  A word of
 * at most eight ASCII bytes (most words) is one load, inline; the rest
 * go to unit_shape_read(). */
static inline unsigned char unit_shape(const char *t, size_t len, size_t s, size_t e)
{
    if (s < e && e - s <= 8 && s + 8 <= len) {
        uint64_t x = dg_load_le64(t + s) & (~0ull >> (64 - 8 * (e - s)));
        if (!(x & 0x8080808080808080ull))
            return ascii_shape8(x);
    }
    return unit_shape_read(t, len, s, e);
}

/* Builds into out the input word with each letter in the case of the
 * canonical word; apostrophes keep the input's bytes.  Returns the length,
 * or (size_t)-1 when the two are not the same word up to case. */
static size_t apply_case(const char *in, size_t inlen, const char *canon,
                         size_t clen, char *out, size_t cap)
{
    size_t i = 0, j = 0, o = 0;
    while (i < inlen && j < clen) {
        uint32_t a, b;
        size_t na = dg_utf8_decode((const unsigned char *)in + i, inlen - i, &a);
        size_t nb = dg_utf8_decode((const unsigned char *)canon + j, clen - j, &b);
        if (!na || !nb)
            return (size_t)-1;
        if (dg_is_apostrophe(a) && dg_is_apostrophe(b)) {
            if (o + na > cap)
                return (size_t)-1;
            memcpy(out + o, in + i, na);
            o += na;
        } else {
            if (dg_fold_char(a) != dg_fold_char(b) ||
                o + U8_LENGTH((UChar32)b) > cap)
                return (size_t)-1;
            U8_APPEND_UNSAFE(out, o, (UChar32)b);
        }
        i += na;
        j += nb;
    }
    return i == inlen && j == clen ? o : (size_t)-1;
}

static int same_case(const char *in, size_t inlen, const char *canon, size_t clen)
{
    /* ASCII on both sides: the same case is the same bytes, and the first
     * ASCII byte that differs decides (no apostrophe pair is ASCII). */
    size_t k = 0;
    while (k < inlen && k < clen && (unsigned char)in[k] < 0x80 &&
           (unsigned char)canon[k] < 0x80) {
        if (in[k] != canon[k])
            return 0;
        k++;
    }
    char buf[DG_GAZ_MAX_KEY];
    if (k == inlen && k == clen)
        return inlen <= sizeof buf;   /* apply_case()'s limit */
    size_t n = apply_case(in, inlen, canon, clen, buf, sizeof buf);
    return n == inlen && memcmp(buf, in, n) == 0;
}

/* Proposes text[s, e) -> repl, trimmed to the code points that differ. */
static int propose_case(const dg_doc *doc, size_t s, size_t e, const char *repl,
                        size_t rlen, const char *rule, double conf,
                        const char *what, const char *why)
{
    if (rlen != e - s)
        return dg_edits_propose(doc->edits, s, e, repl, rlen, DG_STAGE_CASING,
                                rule, conf, "%s (%s)", what, why);
    size_t a = 0, b = rlen;
    while (a < b && doc->text[s + a] == repl[a])
        a++;
    if (a == b)
        return 0;
    while (b > a && doc->text[s + b - 1] == repl[b - 1])
        b--;
    while (a > 0 && ((unsigned char)repl[a] & 0xC0) == 0x80)
        a--;
    while (b < rlen && ((unsigned char)repl[b] & 0xC0) == 0x80)
        b++;
    return dg_edits_propose(doc->edits, s + a, s + b, repl + a, b - a,
                            DG_STAGE_CASING, rule, conf, "%s (%s)", what, why);
}

/* ---- units ------------------------------------------------------------ */

/* stem_end is trusted only with the POSSESSIVE flag: other tokens may carry
 * a stale value from merging. */
static size_t token_stem_end(const dg_token *t)
{
    if ((t->flags & DG_TOKEN_POSSESSIVE) && t->stem_end > t->start &&
        t->stem_end <= t->end)
        return t->stem_end;
    return t->end;
}

static int unit_upper(const scan *sc, const unit *u)
{
    return (sc->virt && sc->virt[u - sc->u]) || (u->shape & SH_FIRST_UPPER);
}

/* inner_shape() of a unit being built (its shape set but for that). */
static int unit_inner_shape(const dg_doc *doc, const unit *u);
struct line_starts;
static int note_line_start(const dg_doc *doc, struct line_starts *ls, size_t i);

/* Appends token t's units, parts between its hyphens, to v[*n]: the rare
 * path of build_units().  No part of a hyphenated token has an inner
 * shape (unit_inner_shape()). */
static void hyphen_units(const dg_doc *doc, const dg_token *t, uint32_t i, size_t stem,
                         int joins_next, unit *v, size_t *n)
{
    size_t p = t->start, k = *n;
    int first = 1;
    while (p < stem) {
        size_t q = p;
        while (q < stem && doc->text[q] != '-')
            q++;
        if (q > p) {
            unit *u = &v[k++];
            u->start = (uint32_t)p;
            u->end = (uint32_t)q;
            u->poss = q == stem && t->end != stem;
            u->tok = i;
            u->first = (unsigned char)first;
            u->joins = q < stem;     /* a hyphen follows */
            u->shape = unit_shape(doc->text, doc->len, p, q);
            first = 0;
        }
        p = q + 1;
    }
    /* The token's last part continues across one run of spaces. */
    if (k > *n && v[k - 1].end == stem)
        v[k - 1].joins = (unsigned char)joins_next;
    *n = k;
}

static int build_units(scan *sc)
{
    /* The doc's fields and the count are kept in locals: the units' byte
     * fields may alias anything, so through sc and doc the compiler would
     * load them again after every store. */
    const dg_doc *doc = sc->doc;
    const dg_token *tok = doc->tok;
    const char *text = doc->text;
    size_t ntok = doc->ntok, len = doc->len;
    size_t count = 0;
    for (size_t i = 0; i < ntok; i++) {
        const dg_token *t = &tok[i];
        if (t->kind != DG_TOKEN_WORD)
            continue;
        count++;
        if (t->flags & DG_TOKEN_HYPHENATED)
            for (size_t k = t->start; k < t->end; k++)
                count += text[k] == '-';
    }
    size_t have;
    unit *v = dg_scratch_take(doc->scratch, DG_SCRATCH_PASS, &have);
    if (count && count * sizeof *v != have) {
        /* realloc keeps the pages the block had: only the rest is new. */
        unit *w = realloc(v, count * sizeof *v);
        if (!w)
            free(v);
        v = w;
        have = w ? count * sizeof *v : 0;
    }
    sc->u_bytes = have;
    sc->u = v;
    sc->n = 0;
    if (count && !v)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < ntok; i++) {
        const dg_token *t = &tok[i];
        unsigned kind = t->kind;
        if (kind != DG_TOKEN_WORD) {
            if (kind == DG_TOKEN_ABBREV && sc->abbrevs_wanted) {
                if (sc->nabbrev == sc->cap_abbrev) {
                    size_t *a = dg_grow(sc->abbrev_tok, &sc->cap_abbrev, sc->nabbrev + 1,
                                        sizeof *a, 64);
                    if (!a)
                        goto fail;
                    sc->abbrev_tok = a;
                }
                sc->abbrev_tok[sc->nabbrev++] = i;
            }
            continue;
        }
        unsigned flags = t->flags;
        /* The line starts in the same pass over the tokens. */
        if ((flags & DG_TOKEN_LINE_START) && sc->starts &&
            note_line_start(doc, sc->starts, i) < 0)
            goto fail;
        size_t start = t->start, end = t->end;
        size_t stem = flags & DG_TOKEN_POSSESSIVE ? token_stem_end(t) : end;
        /* The token's last part continues across one run of spaces. */
        int joins_next = i + 2 < ntok && tok[i + 1].kind == DG_TOKEN_SPACE &&
                         tok[i + 2].kind == DG_TOKEN_WORD;
        if (flags & DG_TOKEN_HYPHENATED) {
            hyphen_units(doc, t, (uint32_t)i, stem, joins_next, v, &n);
            continue;
        }
        if (stem <= start)
            continue;
        /* One unit, the whole stem; what it reads of t is read first. */
        unsigned char poss = end != stem;
        unit *u = &v[n++];
        u->start = (uint32_t)start;
        u->end = (uint32_t)stem;
        u->tok = (uint32_t)i;
        u->joins = (unsigned char)joins_next;
        u->first = 1;
        u->poss = poss;
        unsigned char shape = unit_shape(text, len, start, stem);
        u->shape = shape;
        if ((shape & SH_UPPER) && stem - start >= 3)
            u->shape = (unsigned char)(shape | unit_inner_shape(doc, u) << SH_INNER_SHIFT);
    }
    sc->n = n;
    return 0;
fail:
    sc->n = n;
    return -1;
}

/* Unit u's entry in the gazetteer (*e, NULL when none) and whether a
 * longer name begins with it (*prefix), looked up once per word type of
 * the call.  Returns the type, or NULL when u is not a whole token with a
 * type (a hyphenated part, a possessive's stem): then the caller folds. */
static inline const dg_word_type *type_lookup(const scan *sc, const unit *u,
                                              const dg_name **e, int *prefix)
{
    const dg_doc *doc = sc->doc;
    const dg_token *t = &doc->tok[u->tok];
    if (!sc->type_state || u->start != t->start || u->end != t->end)
        return NULL;
    const dg_word_type *wt = dg_doc_type(doc, u->tok);
    if (!wt)
        return NULL;
    uint32_t ty = doc->type[u->tok];
    if (!sc->type_state[ty]) {
        int p;
        sc->type_name[ty] = dg_gaz_lookup(sc->gaz, doc->type_text + wt->off, wt->len, &p);
        sc->type_state[ty] = p ? 2 : 1;
    }
    *e = sc->type_name[ty];
    *prefix = sc->type_state[ty] == 2;
    return wt;
}

/* dg_fold() of unit u's text into out (cap bytes): its type's fold when u
 * is a whole token with one, folded once for the call (lib/words.c). */
static size_t fold_unit(const scan *sc, const unit *u, char *out, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const dg_token *t = &doc->tok[u->tok];
    const dg_word_type *wt = u->start == t->start && u->end == t->end
                                 ? dg_doc_type(doc, u->tok) : NULL;
    if (!wt)
        return dg_fold(doc->text + u->start, u->end - u->start, out, cap);
    if (wt->len > cap)
        return 0;
    memcpy(out, doc->type_text + wt->off, wt->len);
    return wt->len;
}

static pair_slot *pair_find(pair_slot *v, size_t cap, uint64_t key)
{
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
    while (v[i].key && v[i].key != key)
        i = (i + 1) & (cap - 1);
    return &v[i];
}

/* pair_lookup()'s answer for types a and b when it has one already. */
static int pair_known(const scan *sc, uint32_t a, uint32_t b, const dg_name **e, int *prefix)
{
    const pair_memo *m = sc->pairs;
    if (!m || !m->cap)
        return 0;
    const pair_slot *s = pair_find(m->v, m->cap, ((uint64_t)a + 1) << 32 | b);
    if (!s->key)
        return 0;
    *e = s->e;
    *prefix = s->prefix;
    return 1;
}

/* dg_gaz_lookup() of key (the folds of types a and b, a space between),
 * asked once per pair of the call; when the table cannot grow it is
 * asked again, with the same answer. */
static const dg_name *pair_lookup(const scan *sc, uint32_t a, uint32_t b, const char *key,
                                  size_t len, int *prefix)
{
    pair_memo *m = sc->pairs;
    uint64_t k = ((uint64_t)a + 1) << 32 | b;
    if (m && m->cap) {
        pair_slot *s = pair_find(m->v, m->cap, k);
        if (s->key) {
            *prefix = s->prefix;
            return s->e;
        }
    }
    const dg_name *e = dg_gaz_lookup(sc->gaz, key, len, prefix);
    if (!m)
        return e;
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? 2 * m->cap : 1024;
        pair_slot *nv = calloc(ncap, sizeof *nv);
        if (!nv)
            return e;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].key)
                *pair_find(nv, ncap, m->v[i].key) = m->v[i];
        free(m->v);
        m->v = nv;
        m->cap = ncap;
    }
    *pair_find(m->v, m->cap, k) = (pair_slot){k, e, *prefix};
    m->n++;
    return e;
}

static const dg_name *match_from(const scan *sc, size_t i, size_t *last);

/* Finds the longest name starting at unit i; *last gets its last unit. */
static inline const dg_name *match_at(const scan *sc, size_t i, size_t *last)
{
    /* Most words are a whole token whose type starts no name: the type's
     * lookup says so here, without a call that sets up a key. */
    const dg_name *first;
    int first_prefix;
    if (type_lookup(sc, &sc->u[i], &first, &first_prefix) && !first_prefix) {
        /* No longer name begins with it ("of", "in"): the longest is the
         * word's own entry, if one word long, as match_from() finds. */
        if (!first || first->nwords != 1)
            return NULL;
        *last = i;
        return first;
    }
    return match_from(sc, i, last);
}

/* match_at() of a unit that may start a name. */
static const dg_name *match_from(const scan *sc, size_t i, size_t *last)
{
    const char *t = sc->doc->text;
    char key[DG_GAZ_MAX_KEY];
    size_t klen = 0;
    const dg_name *best = NULL;
    for (size_t j = i; j < sc->n && j - i < DG_GAZ_MAX_WORDS; j++) {
        if (j > i) {
            if (!sc->u[j - 1].joins || klen + 1 >= sizeof key)
                break;
            key[klen++] = ' ';
        }
        const unit *u = &sc->u[j];
        int prefix;
        const dg_name *e;
        const dg_word_type *wt = j == i ? type_lookup(sc, u, &e, &prefix) : NULL;
        size_t n;
        if (wt) {
            n = wt->len;
            memcpy(key, sc->doc->type_text + wt->off, n);
        } else {
            /* The second of two whole words: its key is their types'. */
            const dg_token *a = &sc->doc->tok[sc->u[i].tok], *b = &sc->doc->tok[u->tok];
            uint32_t ta = sc->doc->type ? sc->doc->type[sc->u[i].tok] : DG_NO_TYPE;
            uint32_t tb = sc->doc->type ? sc->doc->type[u->tok] : DG_NO_TYPE;
            int pair = j == i + 1 && ta != DG_NO_TYPE && tb != DG_NO_TYPE && !sc->u[i].poss &&
                       sc->u[i].start == a->start && sc->u[i].end == a->end &&
                       u->start == b->start && u->end == b->end;
            /* A pair asked before that no longer name begins with needs no
             * key: its answer ends the search (a whole word has no
             * possessive). */
            if (pair && pair_known(sc, ta, tb, &e, &prefix) && !prefix) {
                if (e && e->nwords == 2) {
                    best = e;
                    *last = j;
                }
                break;
            }
            n = fold_unit(sc, u, key + klen, sizeof key - klen);
            if (n == 0)
                break;
            if (pair)
                e = pair_lookup(sc, ta, tb, key, klen + n, &prefix);
            else
                e = dg_gaz_lookup(sc->gaz, key, klen + n, &prefix);
        }
        if (e && e->nwords == j - i + 1) {
            best = e;
            *last = j;
        }
        if (u->poss) {
            /* A possessive ends the word: what goes on is the key with it. */
            n = dg_fold(t + u->start, sc->doc->tok[u->tok].end - u->start, key + klen,
                        sizeof key - klen);
            if (n == 0)
                break;
            prefix = dg_gaz_is_prefix(sc->gaz, key, klen + n);
        }
        klen += n;
        if (!prefix)
            break;
    }
    return best;
}

/* The k-th word of a name's canonical form.  Inlined as before
 * dg_name_form() made it larger: three callers on the matching path. */
static inline __attribute__((always_inline)) const char *name_word(const dg_name *e, unsigned k,
                                                                   size_t *len)
{
    const char *w = dg_name_form(e), *end = w + e->len;
    for (;;) {
        const char *sp = memchr(w, ' ', (size_t)(end - w));
        if (k == 0) {
            *len = sp ? (size_t)(sp - w) : (size_t)(end - w);
            return w;
        }
        if (!sp)
            return NULL;
        w = sp + 1;
        k--;
    }
}

/* ---- context ---------------------------------------------------------- */

static int tok_is(const dg_doc *doc, size_t i, const char *s)
{
    const dg_token *t = &doc->tok[i];
    size_t n = strlen(s);
    return t->end - t->start == n && memcmp(doc->text + t->start, s, n) == 0;
}

/* Index of the previous non-space token on the same line, or SIZE_MAX. */
static size_t prev_on_line(const dg_doc *doc, size_t i)
{
    while (i > 0) {
        i--;
        if (doc->tok[i].kind == DG_TOKEN_SPACE)
            continue;
        if (doc->tok[i].kind == DG_TOKEN_NEWLINE)
            return SIZE_MAX;
        return i;
    }
    return SIZE_MAX;
}

/* Confidence that token i begins a sentence because of what precedes it on
 * its line (0: it does not); *mark gets the offset of the . ! or ?. */
static double terminal_at(const dg_doc *doc, size_t k, size_t *mark);

static double sentence_end_before(const dg_doc *doc, size_t i, size_t *mark)
{
    /* ".com", "riyal-omani": a sentence needs white space before it. */
    if (i == 0 || doc->tok[i - 1].kind != DG_TOKEN_SPACE)
        return 0;
    /* Most words follow a word and a space: terminal_at() needs a PUNCT
     * token, and prev_on_line() goes on only over another space. */
    if (i >= 2 && doc->tok[i - 2].kind != DG_TOKEN_PUNCT &&
        doc->tok[i - 2].kind != DG_TOKEN_SPACE)
        return 0;
    return terminal_at(doc, prev_on_line(doc, i), mark);
}

/* Confidence that token k (or SIZE_MAX) ends a sentence: ". ! ?", then up
 * to two closing quotes or brackets, with k the last of them.  Decided once
 * for every stage in literal.c: literal marks, list markers and
 * abbreviations end no sentence, and a literal word starts none. */
static double terminal_at(const dg_doc *doc, size_t k, size_t *mark)
{
    /* dg_terminal_at() finds a mark or a closing quote or bracket at k, a
     * PUNCT token, or nothing: most tokens before a word are words. */
    if (k >= doc->ntok || doc->tok[k].kind != DG_TOKEN_PUNCT ||
        doc->tok[k].end == doc->tok[k].start)
        return 0;
    /* ... that starts as ". ! ?" or a closer (literal.c's tok_is_closer():
     * ) ] " ' and U+201D, U+2019, U+00BB) does: a comma does not. */
    switch ((unsigned char)doc->text[doc->tok[k].start]) {
    case '.': case '!': case '?': case ')': case ']': case '"': case '\'':
    case 0xE2: case 0xC2:
        break;
    default:
        return 0;
    }
    /* The candidate is the first word-like token after k, if any. */
    size_t i = k + 1;
    while (i < doc->ntok && doc->tok[i].kind == DG_TOKEN_SPACE)
        i++;
    if (i >= doc->ntok || doc->tok[i].kind == DG_TOKEN_NEWLINE)
        i = SIZE_MAX;
    return dg_terminal_at(doc->text, doc->tok, doc->ntok, k, i, mark);
}

/* A capital on token i says nothing when the position demands one. */
static int capital_is_positional(const dg_doc *doc, size_t i)
{
    const dg_token *t = &doc->tok[i];
    if (t->flags & (DG_TOKEN_SENTENCE_START | DG_TOKEN_LINE_START))
        return 1;
    size_t k = prev_on_line(doc, i);
    if (k == SIZE_MAX)
        return 1;
    static const char *const marks[] = {".", "!", "?", ":", "\"", "(", "[",
                                        "\xe2\x80\x9c", "\xe2\x80\x98", NULL};
    if (doc->tok[k].kind == DG_TOKEN_PUNCT)
        for (int m = 0; marks[m]; m++)
            if (tok_is(doc, k, marks[m]))
                return 1;
    size_t mark;
    return sentence_end_before(doc, i, &mark) > 0;
}

/* capital_is_positional() of token i, decided once per token of the call. */
static int positional_at(const scan *sc, size_t i)
{
    if (!sc->positional)
        return capital_is_positional(sc->doc, i);
    if (!sc->positional[i])
        sc->positional[i] = capital_is_positional(sc->doc, i) ? 2 : 1;
    return sc->positional[i] == 2;
}

/* Prepositions after which a place name is expected. */
static int is_place_preposition(const char *s, size_t n)
{
    static const struct {
        const char *w;
        size_t n;
    } preps[] = {{"in", 2}, {"at", 2}, {"from", 4}, {"to", 2}, {"into", 4},
                 {"across", 6}, {"near", 4}, {"throughout", 10}, {"within", 6},
                 {"between", 7}, {"via", 3}, {"toward", 6}, {"towards", 7},
                 {"inside", 6}, {"outside", 7}, {"around", 6},
                 {"visit", 5}, {"visited", 7}, {"through", 7}};
    if (n < 2 || n > 10)
        return 0;
    /* The first letter first: strncasecmp() only for a likely word. */
    unsigned char c0 = (unsigned char)s[0] | 0x20;
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (preps[i].n == n && (unsigned char)preps[i].w[0] == c0 &&
            strncasecmp(preps[i].w, s, n) == 0)
            return 1;
    return 0;
}

static const dg_name *single_name(const scan *sc, const unit *u)
{
    const dg_name *te;
    int prefix;
    if (type_lookup(sc, u, &te, &prefix))
        return te && te->nwords == 1 ? te : NULL;
    char key[DG_GAZ_MAX_KEY];
    size_t n = dg_fold(sc->doc->text + u->start, u->end - u->start, key,
                       sizeof key);
    if (n == 0)
        return NULL;
    const dg_name *e = dg_gaz_find(sc->gaz, key, n);
    return e && e->nwords == 1 ? e : NULL;
}

/* A neighbour in a list of places: "Tokyo, japan" or "japan, Korea". */
static int in_place_list(const scan *sc, size_t ui)
{
    const dg_doc *doc = sc->doc;
    size_t tok = sc->u[ui].tok;
    /* Look back over ", " to a capitalized name. */
    size_t k = prev_on_line(doc, tok);
    if (k != SIZE_MAX && tok_is(doc, k, ",")) {
        size_t w = prev_on_line(doc, k);
        if (w != SIZE_MAX && doc->tok[w].kind == DG_TOKEN_WORD && ui > 0 &&
            sc->u[ui - 1].tok == w) {
            const unit *p = &sc->u[ui - 1];
            const dg_name *e = single_name(sc, p);
            if (e && !(e->flags & DG_NAME_AMBIGUOUS) && unit_upper(sc, p))
                return 1;
        }
    }
    /* Or forward. */
    if (token_stem_end(&doc->tok[tok]) == doc->tok[tok].end && tok + 3 < doc->ntok &&
        tok_is(doc, tok + 1, ",") && doc->tok[tok + 2].kind == DG_TOKEN_SPACE &&
        ui + 1 < sc->n && sc->u[ui + 1].tok == tok + 3) {
        const unit *p = &sc->u[ui + 1];
        const dg_name *e = single_name(sc, p);
        if (e && !(e->flags & DG_NAME_AMBIGUOUS) && (e->flags & DG_NAME_COUNTRY) &&
            unit_upper(sc, p))
            return 1;
    }
    return 0;
}

/* The word before unit ui, when it is a whole word on the same line. */
static const unit *prev_word(const scan *sc, size_t ui)
{
    if (ui == 0)
        return NULL;
    const unit *p = &sc->u[ui - 1];
    size_t k = prev_on_line(sc->doc, sc->u[ui].tok);
    if (!sc->u[ui].first || k == SIZE_MAX || k != p->tok)
        return NULL;
    return p;
}

/* ---- pass 1: capitalized uses ---------------------------------------- */

/* Records a use of name id starting at offset at: capitalized as the name
 * is, or (cap 0) in lower case. */
static int note_seen(scan *sc, uint32_t id, uint32_t at, int cap)
{
    if (sc->nuses == sc->cap_uses) {
        use *v = dg_grow(sc->uses, &sc->cap_uses, sc->nuses + 1, sizeof *v, 64);
        if (!v)
            return -1;
        sc->uses = v;
    }
    sc->uses[sc->nuses++] = (use){.id = id, .pos = at, .cap = (unsigned char)(cap != 0)};
    return 0;
}

static int keep_match(scan *sc, size_t first, size_t last, const dg_name *e)
{
    if (sc->nm == sc->cap_m) {
        match *v = dg_grow(sc->m, &sc->cap_m, sc->nm + 1, sizeof *v, 256);
        if (!v)
            return -1;
        sc->m = v;
    }
    sc->m[sc->nm++] = (match){(uint32_t)first, (uint32_t)last, e};
    return 0;
}

/* A one-word ambiguous name whose uses propose_single() never reads:
 * an acronym, one never capitalized in the glosses ("the", "of", "in"),
 * a designator or one no source vouches for; no other rule asks for an
 * ambiguous name's uses.  Most matches in plain text are these, so not
 * noting them saves sorting and judging them.  record_capitalized()
 * takes the first use as any other: judge_uses() sets judged only when
 * some use was noted, and lower_dominates() reads that. */
static int gloss_share(const dg_name *e);
static int uses_unread(const dg_name *e)
{
    return e->nwords == 1 && (e->flags & DG_NAME_AMBIGUOUS) &&
           ((e->flags & (DG_NAME_ACRONYM | DG_NAME_DESIGNATOR)) || gloss_share(e) == 0 ||
            (e->priority <= 1 && !(e->flags & DG_NAME_GENERATED)));
}

/* Both passes step through the units the same way (past a match, or one
 * unit on), so pass 1 keeps its matches and pass 2 does not look again.
 * The matches do not depend on the dry runs' capitals (virt): a later
 * round (again) goes through the kept ones instead of looking again. */
static int record_capitalized(scan *sc, int again)
{
    const char *t = sc->doc->text;
    size_t next = 0;
    for (size_t i = 0; i < sc->n;) {
        size_t last = i;
        const dg_name *e;
        if (again) {
            if (next == sc->nm)
                break;
            i = sc->m[next].first;
            last = sc->m[next].last;
            e = sc->m[next++].name;
        } else {
            e = match_at(sc, i, &last);
            if (!e) {
                i++;
                continue;
            }
            if (keep_match(sc, i, last, e) < 0)
                return -1;
        }
        /* A use no rule reads is not noted (but the first one): nothing
         * below matters for it. */
        if (sc->nuses && uses_unread(e)) {
            i = last + 1;
            continue;
        }
        /* Written as the name is, away from a position that asks for a
         * capital; the position last, as most uses are in lower case. */
        int exact = 1;
        for (size_t j = i; exact && j <= last; j++) {
            if (sc->virt && sc->virt[j])
                continue;
            /* The unit's shape before the name's word: most are in
             * lower case. */
            size_t wl;
            const char *w = (sc->u[j].shape & SH_UPPER) ? name_word(e, (unsigned)(j - i), &wl)
                                                        : NULL;
            exact = w && same_case(t + sc->u[j].start, sc->u[j].end - sc->u[j].start, w, wl);
        }
        if (exact && sc->u[i].first && positional_at(sc, sc->u[i].tok))
            exact = 0;
        /* Names whose lower-case use needs evidence: ambiguous, weak or
         * common-word phrases, hunspell-only names, and single words of
         * ICU's that are not region names (language adjectives). */
        int lower = !exact;
        for (size_t j = i; lower && j <= last; j++)
            lower = !(sc->virt && sc->virt[j]) && (sc->u[j].shape & SH_LOWER_ONLY);
        if ((exact || lower) &&
            (e->flags & (DG_NAME_AMBIGUOUS | DG_NAME_COMMON_WORDS | DG_NAME_WEAK |
                         DG_NAME_GENERATED) || e->priority <= 1 ||
             (e->priority == 2 && e->nwords == 1 && !(e->flags & DG_NAME_REGION)))) {
            if (note_seen(sc, e->id, (uint32_t)sc->u[i].start, exact) < 0)
                return -1;
        }
        i = last + 1;
    }
    return 0;
}

/* Evidence from elsewhere in the text counts only nearby (casing.h). */
#define SEEN_WINDOW DG_SAME_TEXT_WINDOW

/* Whether the text writes a name in lower case on purpose is counted over
 * a wider window: a manual that writes "debian" fifty times and "Debian"
 * once a chapter means the package.  64 KB, twice the capital's reach:
 * 128 KB made the same edits on every corpus the project has, and a
 * stream's context is twice this window (DG_CASING_REACH), so each 1.5 MB
 * piece was fixed with a third more text instead of a sixth. */
#define LOWER_WINDOW DG_CASING_LOWER_WINDOW

/* Same-text evidence, local and settled in one pass
 * ------------------------------------------------
 * For a use x of a name (uses are those record_capitalized() notes):
 *   dominated(x): among the uses within LOWER_WINDOW bytes of x, either
 *       side, the lower-case ones number at least two and more than the
 *       capitalized ones plus one - the text writes it so on purpose;
 *   good(x): a capitalized use lies within SEEN_WINDOW bytes of x, and x
 *       is not dominated.
 * A lower-case use x has same-text evidence (seen_near() gives the nearest
 * capitalized use) when good(x), every lower-case use within SEEN_WINDOW
 * is good, and none within LOWER_WINDOW is dominated; it is deliberate
 * (lower_dominates()) when a lower-case use within LOWER_WINDOW, x itself
 * included, is dominated.  "Capitalized" is the writer's capital or one
 * that an applied edit without same-text evidence makes (the dry runs'
 * virt).
 *
 * The invariant: every decision reads only the uses within
 * 2 x LOWER_WINDOW (128 KB) of the word, nothing about where the text was
 * cut beyond that; lib/stream.c hands dg_fix() that much context on both
 * sides of each piece, so a stream's output does not depend on its cuts.
 * And one pass is a fixed point: an edit resting on this evidence changes
 * only windows in which every lower-case use was good and none dominated,
 * so a use left in lower case because it was not good (or dominated)
 * sees the same uses on a second run, and a use it blocked is still
 * blocked.  Chains of evidence (a fixed use the evidence for the next one
 * 32 KB on) are not followed: they made an edit depend on text
 * arbitrarily far away. */
static int use_order(const void *a, const void *b)
{
    const use *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The uses of v[0, n) (sorted by offset) within w bytes of v[i] are
 * v[*lo, *hi); both only move forward as i does. */
static inline void window_of(const use *v, size_t n, size_t i, size_t w, size_t *lo,
                      size_t *hi)
{
    while (v[*lo].pos + w < v[i].pos)
        (*lo)++;
    while (*hi < n && v[*hi].pos <= v[i].pos + w)
        (*hi)++;
}

/* Judges the uses v[0, n) of one name, sorted by offset; cnt holds
 * JUDGE_SCRATCH * (n + 1) counters of scratch space. */
#define JUDGE_SCRATCH 7
static void judge_name(use *v, size_t n, uint32_t *cnt)
{
    uint32_t *caps = cnt, *bad = cnt + n + 1, *dom = cnt + 2 * (n + 1);
    uint32_t *prev = cnt + 3 * (n + 1), *next = cnt + 4 * (n + 1);
    /* The windows of each use, found once for both rounds: prev and next
     * hold the seen window's edges once read. */
    uint32_t *dlo_at = cnt + 5 * (n + 1), *dhi_at = cnt + 6 * (n + 1);
    /* prev[i] and next[i]: 1 + the index of the last capitalized use
     * before i and of the first one after it (0: none); caps, bad and dom
     * count capitalized uses, lower-case uses that are not good, and
     * lower-case uses that are dominated, before each index. */
    for (size_t i = 0, last = 0; i < n; i++) {
        prev[i] = (uint32_t)last;
        if (v[i].cap)
            last = i + 1;
    }
    for (size_t i = n, first = 0; i-- > 0;) {
        next[i] = (uint32_t)first;
        if (v[i].cap)
            first = i + 1;
    }
    caps[0] = 0;
    for (size_t i = 0; i < n; i++)
        caps[i + 1] = caps[i] + v[i].cap;
    size_t slo = 0, shi = 0, dlo = 0, dhi = 0;
    bad[0] = dom[0] = 0;
    for (size_t i = 0; i < n; i++) {
        window_of(v, n, i, SEEN_WINDOW, &slo, &shi);
        window_of(v, n, i, LOWER_WINDOW, &dlo, &dhi);
        uint32_t ncap = caps[dhi] - caps[dlo], nlow = (uint32_t)(dhi - dlo) - ncap;
        int dominated = nlow >= 2 && nlow > ncap + 1;
        /* The nearest capitalized use within SEEN_WINDOW. */
        uint32_t near = 0;
        size_t p = prev[i], q = next[i];
        if (p && p - 1 >= slo)
            near = v[p - 1].pos + 1;
        if (q && q - 1 < shi &&
            (!near || v[q - 1].pos - v[i].pos < v[i].pos - (near - 1)))
            near = v[q - 1].pos + 1;
        prev[i] = (uint32_t)slo;
        next[i] = (uint32_t)shi;
        dlo_at[i] = (uint32_t)dlo;
        dhi_at[i] = (uint32_t)dhi;
        int good = near && !dominated;
        v[i].seen = good ? near : 0;
        v[i].deliberate = (unsigned char)dominated;
        bad[i + 1] = bad[i] + (!v[i].cap && !good);
        dom[i + 1] = dom[i] + (!v[i].cap && dominated);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t wdom = dom[dhi_at[i]] != dom[dlo_at[i]];
        if (bad[next[i]] != bad[prev[i]] || wdom)
            v[i].seen = 0;
        if (wdom)
            v[i].deliberate = 1;
    }
}

/* Sorts the uses as qsort with use_order does.  Pass 1 appends them in
 * offset order, so a stable sort by name id is enough: two radix passes of
 * 16 bits.  Returns -1 when out of memory. */
static int sort_uses(scan *sc)
{
    size_t n = sc->nuses;
    int ordered = 1;
    for (size_t i = 1; i < n && ordered; i++)
        ordered = sc->uses[i - 1].pos <= sc->uses[i].pos;
    use *tmp = ordered && n >= 1024 ? malloc(n * sizeof *tmp) : NULL;
    uint32_t *count = tmp ? malloc(65536 * sizeof *count) : NULL;
    if (!count) {
        free(tmp);
        qsort(sc->uses, n, sizeof *sc->uses, use_order);
        return 0;
    }
    use *from = sc->uses, *to = tmp;
    for (int shift = 0; shift < 32; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(from[i].id >> shift) & 0xffff]++;
        uint32_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            uint32_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].id >> shift) & 0xffff]++] = from[i];
        use *x = from;
        from = to;
        to = x;
    }
    /* Two passes: the sorted uses are back in sc->uses. */
    free(tmp);
    free(count);
    return 0;
}

static int judge_uses(scan *sc)
{
    if (!sc->nuses)
        return 0;
    if (sort_uses(sc) < 0)
        return -1;
    /* Scratch for the most uses one name has, not for all of them. */
    size_t most = 0;
    for (size_t i = 0; i < sc->nuses;) {
        size_t j = i;
        while (j < sc->nuses && sc->uses[j].id == sc->uses[i].id)
            j++;
        if (j - i > most)
            most = j - i;
        i = j;
    }
    uint32_t *cnt = malloc(JUDGE_SCRATCH * (most + 1) * sizeof *cnt);
    if (!cnt)
        return -1;
    for (size_t i = 0; i < sc->nuses;) {
        size_t j = i;
        while (j < sc->nuses && sc->uses[j].id == sc->uses[i].id)
            j++;
        judge_name(sc->uses + i, j - i, cnt);
        i = j;
    }
    free(cnt);
    sc->judged = 1;
    return 0;
}

/* The judged use of e at offset pos, or NULL (not weighed, or the dry runs
 * before judging). */
static const use *use_at(const scan *sc, const dg_name *e, size_t pos)
{
    if (!sc->judged)
        return NULL;
    size_t lo = 0, hi = sc->nuses;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const use *m = &sc->uses[mid];
        if (m->id < e->id || (m->id == e->id && m->pos < pos))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sc->nuses && sc->uses[lo].id == e->id && sc->uses[lo].pos == pos
               ? &sc->uses[lo] : NULL;
}

/* 1 + offset of the capitalized use of e that is evidence for its use at
 * pos, or 0.  The dry runs see none. */
static size_t seen_near(const scan *sc, const dg_name *e, size_t pos)
{
    const use *x = use_at(sc, e, pos);
    return x ? x->seen : 0;
}

/* True when this text writes the name in lower case at least twice and more
 * often than capitalized near pos: on purpose, as a command or package name
 * ("wordnet", "debian", "perl -e"), not as damage.  The dry runs assume so. */
static int lower_dominates(const scan *sc, const dg_name *e, size_t pos)
{
    const use *x = use_at(sc, e, pos);
    return sc->judged ? x && x->deliberate : 1;
}

/* ---- pass 2: proposals ----------------------------------------------- */

/* How far from the units it judges a dry run reads virt: a neighbour of
 * the word (person_evidence(), census_person_evidence(), in_place_list(),
 * titled_unit() in propose_context()) or the one beyond it
 * (and_place_list()). */
#define VIRT_REACH 2

/* Whether this dry round must judge units [first, last] again: always in
 * the first round; later only when a unit within VIRT_REACH of them was
 * capitalized in the round before or in this one.  Every other unit's
 * virt is as the last judging of them saw it, so it would set only what
 * it set then. */
static int virt_news(const scan *sc, size_t first, size_t last)
{
    if (sc->dry <= 1)
        return 1;
    size_t lo = first > VIRT_REACH ? first - VIRT_REACH : 0;
    size_t hi = last + VIRT_REACH < sc->n ? last + VIRT_REACH : sc->n - 1;
    for (size_t j = lo; j <= hi; j++)
        if (sc->virt[j] && sc->virt[j] >= sc->dry - 1)
            return 1;
    return 0;
}

/* A lower bound of the first unit from j on that a later dry round must
 * look near (virt set in the round before or in this one), sc->n when
 * none: the rounds after the first skip the stretches between. */
static size_t next_news(const scan *sc, size_t j)
{
    unsigned char since = (unsigned char)(sc->dry - 1);
    while (j < sc->n && sc->virt[j] < since)
        j++;
    return j;
}

/* Whether a later dry round may skip units [first, last] without asking
 * virt_news(): *hot (a lower bound of the next unit with news, kept by
 * the caller from 0 on, moved back to any unit it marks) is beyond their
 * reach. */
static int no_news_near(const scan *sc, size_t first, size_t last, size_t *hot)
{
    if (sc->dry <= 1)
        return 0;
    size_t lo = first > VIRT_REACH ? first - VIRT_REACH : 0;
    if (*hot < lo)
        *hot = next_news(sc, lo);
    return *hot > last + VIRT_REACH;
}

/* Marks unit i as this dry round capitalizes it, counted so that the
 * rounds need no pass to see whether one added any. */
static void mark_virt(const scan *sc, size_t i)
{
    sc->virt[i] = (unsigned char)sc->dry;
    (*sc->nvirt)++;
}

static int propose_word(const scan *sc, const unit *u, const dg_name *e,
                        unsigned k, const char *rule, double conf,
                        const char *evidence)
{
    const char *t = sc->doc->text;
    size_t wl;
    const char *w = name_word(e, k, &wl);
    if (!w || !(u->shape & SH_LOWER_ONLY))
        return 0;
    if (sc->dry) {
        size_t ui = (size_t)(u - sc->u);
        if (conf >= sc->apply_at && !(wl > 0 && w[0] >= 'a' && w[0] <= 'z') &&
            !sc->virt[ui])
            mark_virt(sc, ui);
        return 1;
    }
    char repl[DG_GAZ_MAX_KEY], what[DG_GAZ_MAX_KEY + 32], why[DG_GAZ_MAX_KEY];
    size_t n = apply_case(t + u->start, u->end - u->start, w, wl, repl, sizeof repl);
    if (n == (size_t)-1 || (n == u->end - u->start && memcmp(repl, t + u->start, n) == 0))
        return 0;
    snprintf(what, sizeof what, "name \"%.*s\"", (int)e->len, dg_name_form(e));
    snprintf(why, sizeof why, "%s%s%s", dg_name_source(e), evidence ? "; " : "",
             evidence ? evidence : "");
    return propose_case(sc->doc, u->start, u->end, repl, n, rule, conf, what, why) < 0
               ? -1 : 1;
}

/* ---- measured evidence ------------------------------------------------ */

/* Percent of WordNet gloss uses written capitalized (away from a sentence
 * start), measured by tools/gen-names.py; -1 when the glosses never use it. */
static int gloss_share(const dg_name *e)
{
    return (e->flags & DG_NAME_SHARE_KNOWN) ? (int)DG_NAME_SHARE(e->flags) : -1;
}

/* The number token right before unit ui (on the same line, one space
 * apart), or SIZE_MAX. */
static size_t number_before(const scan *sc, size_t ui)
{
    const dg_doc *doc = sc->doc;
    size_t tok = sc->u[ui].tok;
    if (!sc->u[ui].first || tok < 2 || doc->tok[tok - 1].kind != DG_TOKEN_SPACE)
        return SIZE_MAX;
    return doc->tok[tok - 2].kind == DG_TOKEN_NUMBER ? tok - 2 : SIZE_MAX;
}

/* The number token right after unit ui (one space, or ", " between), or
 * SIZE_MAX. */
static size_t number_after(const scan *sc, size_t ui)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[ui];
    size_t tok = u->tok;
    if (u->end != doc->tok[tok].end || u->poss)
        return SIZE_MAX;
    size_t k = tok + 1;
    if (k < doc->ntok && tok_is(doc, k, ","))
        k++;
    if (k + 1 < doc->ntok && doc->tok[k].kind == DG_TOKEN_SPACE &&
        doc->tok[k + 1].kind == DG_TOKEN_NUMBER)
        return k + 1;
    return SIZE_MAX;
}

/* A plain number's value, or -1 (digits only, at most 4). */
static long number_value(const dg_doc *doc, size_t k)
{
    const dg_token *t = &doc->tok[k];
    size_t n = t->end - t->start;
    if (n == 0 || n > 4)
        return -1;
    long v = 0;
    for (size_t i = t->start; i < t->end; i++) {
        char c = doc->text[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* The next word after unit ui (over one space or line break) starts with
 * a lower-case letter. */
static int lower_word_after(const scan *sc, size_t ui)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[ui];
    size_t k = u->tok + 1;
    if (u->end != doc->tok[u->tok].end || u->poss)
        return 0;
    if (k < doc->ntok && (doc->tok[k].kind == DG_TOKEN_SPACE ||
                          doc->tok[k].kind == DG_TOKEN_NEWLINE))
        k++;
    if (k < doc->ntok && doc->tok[k].kind == DG_TOKEN_SPACE)
        k++;
    if (k >= doc->ntok || doc->tok[k].kind != DG_TOKEN_WORD)
        return 0;
    unsigned char c = (unsigned char)doc->text[doc->tok[k].start];
    return c >= 'a' && c <= 'z';
}

/* A form of at most three letters that starts in lower case and has a
 * capital inside (dB, dBm, kWh, kHz, mA): a unit symbol.  Written in lower
 * case it is as often another word or a name (dbm the database, ma, kb), so
 * only a number before makes it the unit ("5 dbm", "100 kwh"). */
static int unit_symbol(const dg_name *e)
{
    const char *form = dg_name_form(e);
    if (e->len < 2 || e->len > 3 || form[0] < 'a' || form[0] > 'z')
        return 0;
    for (size_t k = 1; k < e->len; k++)
        if (form[k] >= 'A' && form[k] <= 'Z')
            return 1;
    return 0;
}

/* A month in a date: "09 march, 1999", "in august 1977", "march 5, 2001".
 * Returns the confidence, 0 when the words around are no date. */
static double date_evidence(const scan *sc, size_t ui, char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    size_t b = number_before(sc, ui), a = number_after(sc, ui);
    long before = b != SIZE_MAX ? number_value(doc, b) : -1;
    long after = a != SIZE_MAX ? number_value(doc, a) : -1;
    int day_before = before >= 1 && before <= 31;
    int year_after = after >= 1000 && after <= 2999 &&
                     doc->tok[a].end - doc->tok[a].start == 4;
    int day_after = after >= 1 && after <= 31 &&
                    /* "march 5, 2001" or "march 5." : a day, not "march 5 miles" */
                    a + 1 < doc->ntok && doc->tok[a + 1].kind == DG_TOKEN_PUNCT;
    /* "version 3 may be found": a day number and a month with no year
     * after is no date when a lower-case word follows the month. */
    if (day_before && !year_after && lower_word_after(sc, ui))
        day_before = 0;
    if ((day_before && (year_after || after < 0)) || year_after) {
        snprintf(ev, cap, "a date: %s", day_before && year_after ? "day and year"
                                        : day_before ? "day number before" : "year after");
        return day_before || year_after ? 0.95 : 0;
    }
    if (day_after) {
        snprintf(ev, cap, "a date: day number after");
        return 0.93;
    }
    return 0;
}

/* A name chain: this word and a neighbour joined by one space are both
 * names, and the neighbour is a name by itself (not a common word):
 * "marie curie", "john smith" needs one of them proper. */
static const dg_name *chain_neighbour(const scan *sc, size_t ui)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        if ((dir < 0 && ui == 0) || (dir > 0 && ui + 1 >= sc->n))
            continue;
        const unit *a = &sc->u[dir < 0 ? ui - 1 : ui];
        const unit *n = &sc->u[dir < 0 ? ui - 1 : ui + 1];
        if (!a->joins || n->tok == sc->u[ui].tok)
            continue;
        const dg_name *e = single_name(sc, n);
        if (e && !(e->flags & (DG_NAME_AMBIGUOUS | DG_NAME_ACRONYM | DG_NAME_RARE |
                               DG_NAME_DESIGNATOR)) &&
            (e->flags & DG_NAME_PERSONLIST) && gloss_share(e) != 0)
            return e;
    }
    return NULL;
}

/* True when unit ui continues a word hyphenated at the end of the line
 * before ("bound-" / "aries"), or ends one ("han-" at the line's end). */
static int broken_word(const scan *sc, size_t ui)
{
    const dg_doc *doc = sc->doc;
    size_t tok = sc->u[ui].tok;
    size_t k = tok;
    while (k > 0 && (doc->tok[k - 1].kind == DG_TOKEN_SPACE ||
                     doc->tok[k - 1].kind == DG_TOKEN_NEWLINE))
        k--;
    if (k < tok && k > 0 && tok_is(doc, k - 1, "-"))
        for (size_t j = k; j < tok; j++)
            if (doc->tok[j].kind == DG_TOKEN_NEWLINE)
                return 1;
    if (tok + 1 < doc->ntok && tok_is(doc, tok + 1, "-") &&
        (tok + 2 >= doc->ntok || doc->tok[tok + 2].kind == DG_TOKEN_NEWLINE))
        return 1;
    return 0;
}

/* Hyphens inside token tok. */
static size_t hyphens_in(const dg_doc *doc, size_t tok)
{
    size_t n = 0;
    for (size_t k = doc->tok[tok].start; k < doc->tok[tok].end; k++)
        n += doc->text[k] == '-';
    return n;
}

static int is_known_word(const scan *sc, const unit *u);
static const unit *unit_of_token(const scan *sc, size_t tok);

/* Another part of unit u's hyphenated token is neither a known word nor a
 * name: "libdpkg-perl", "python3-venv" are identifiers (package names),
 * and the name written elsewhere is no evidence for their parts.  Only
 * with a dictionary (without one every word is unknown). */
static int unknown_part(const scan *sc, const unit *u)
{
    if (!sc->dict)
        return 0;
    const unit *end = sc->u + sc->n;
    for (const unit *v = unit_of_token(sc, u->tok); v && v < end && v->tok == u->tok; v++)
        if (v != u && !is_known_word(sc, v))
            return 1;
    return 0;
}

/* Unit u is a part of a hyphenated word, and the text writes the same part
 * in lower case on the same side of a hyphen in HYPHEN_CONVENTION or more
 * words near it: "arm-linux" beside "amd64-linux", "x86-linux"; "perl-doc"
 * beside "perl-base".  A naming scheme (target triples, package names),
 * written so on purpose even where the text capitalizes the name alone. */
#define HYPHEN_CONVENTION 3
static int hyphen_lower_convention(const scan *sc, const unit *u)
{
    const char *t = sc->doc->text;
    size_t len = sc->doc->len, n = u->end - u->start;
    int after = u->start > 0 && t[u->start - 1] == '-';
    int before = u->end < len && t[u->end] == '-';
    if ((!after && !before) || n < 2 || !(u->shape & SH_LOWER_ONLY))
        return 0;
    size_t lo = u->start > SEEN_WINDOW ? u->start - SEEN_WINDOW : 0;
    size_t hi = u->start + SEEN_WINDOW < len ? u->start + SEEN_WINDOW : len;
    size_t found = 0;
    const char *w = t + u->start;
    for (size_t k = lo; k + n <= hi && found < HYPHEN_CONVENTION;) {
        const char *m = memchr(t + k, w[0], hi - n + 1 - k);
        if (!m)
            break;
        size_t at = (size_t)(m - t);
        k = at + 1;
        if (memcmp(m, w, n) != 0)
            continue;
        /* The whole word: no letter or digit goes on at either end except
         * across the hyphen. */
        int lb = at > 0 && dg_ascii_alnum((unsigned char)t[at - 1]);
        int rb = at + n < len && dg_ascii_alnum((unsigned char)t[at + n]);
        if (lb || rb)
            continue;
        if (after ? (at >= 2 && t[at - 1] == '-' && dg_ascii_alnum((unsigned char)t[at - 2]))
                  : (at + n + 1 < len && t[at + n] == '-' &&
                     dg_ascii_alnum((unsigned char)t[at + n + 1])))
            found++;
    }
    return found >= HYPHEN_CONVENTION;
}

/* A roman numeral of two or more capitals (II, XVI): a regnal number. */
static int regnal_number(const char *s, size_t n)
{
    if (n < 2 || n > 5)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] != 'I' && s[k] != 'V' && s[k] != 'X' && s[k] != 'L')
            return 0;     /* not strchr: it finds a NUL byte */
    return 1;
}

/* A name no English word is written as, beside evidence of a person: a
 * capitalized name next to it on the line (the given name before, "Thomas
 * hobbes", or the surname after, "orville Wright"), away from a position
 * that asks for a capital; or a regnal number after it ("harold II").
 * The caller asks that WordNet's glosses never write it in lower case
 * ("United midwestern states" stays).  Returns the confidence (0: none), measured by tools/calibrate.py. */
/* Measured 2026-12-01: 8 of 9 on the devset; on GCIDE with its capitalized
 * words lower-cased (tools/gcide-casing.py) 145 of 152 (0.954; before the
 * neighbour had to be a common SCOWL/hunspell name outside brackets, 205
 * of 240): together 153 of 161 = 0.95.  Wrong: Latin after a language
 * name ("Frisian bere"), "African negroes". */
#define CONF_PERSON 0.92

/* True when unit i, a whole word token, is followed by one space and a
 * regnal number ("louis XVI", "henry VIII"). */
static int regnal_after(const scan *sc, size_t i)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    return !u->poss && u->end == doc->tok[u->tok].end &&
           u->tok + 2 < doc->ntok && doc->tok[u->tok + 1].kind == DG_TOKEN_SPACE &&
           doc->tok[u->tok + 1].end - doc->tok[u->tok + 1].start == 1 &&
           regnal_number(doc->text + doc->tok[u->tok + 2].start,
                         token_stem_end(&doc->tok[u->tok + 2]) - doc->tok[u->tok + 2].start);
}

/* A name that is also an English word (henry, louis, napoleon) before a
 * regnal number: SCOWL lists it as a name (not only hunspell's case data,
 * whose "The" and "Or" come before roman numerals too).  Measured
 * 2026-12-01 on GCIDE (tools/gcide-casing.py, lines with a roman numeral):
 * 40 of 40 right; devset +4 (louis XIII, louis XVI, napoleon III). */
#define CONF_REGNAL_AMBIG 0.92
static double regnal_ambiguous_evidence(const scan *sc, size_t i, const dg_name *e,
                                        char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    /* Whether a roman numeral's letter can follow, before the source's
     * test: most words have none after them. */
    size_t k = u->tok + 2;
    char c = k < doc->ntok && doc->tok[k].end > doc->tok[k].start
                 ? doc->text[doc->tok[k].start] : 0;
    if (u->start != t->start || (t->flags & DG_TOKEN_LITERAL) ||
        (c != 'I' && c != 'V' && c != 'X' && c != 'L') ||
        !(e->flags & DG_NAME_PERSONLIST || strncmp(dg_name_source(e), "scowl ", 6) == 0) ||
        !regnal_after(sc, i))
        return 0;
    snprintf(ev, cap, "a common word too, but before a regnal number");
    return CONF_REGNAL_AMBIG;
}
/* After initials ("J. R. R. tolkien"): see initials_before(). */
#define CONF_INITIALS 0.92

/* Initials right before byte start on its line: one or more capital
 * letters each followed by a dot, spaced as written or joined ("J. R. R.
 * tolkien", "H.G. wells"), the first one not glued to a word before it
 * ("fig.A."), and exactly one space before the name.  Returns how many,
 * with the run's first byte in *from. */
static size_t initials_before(const char *text, size_t start, size_t *from)
{
    size_t k = start, n = 0;
    if (k < 3 || text[k - 1] != ' ')
        return 0;
    k--;                  /* text[k]: the byte after an initial's dot */
    for (;;) {
        if (k < 2 || text[k - 1] != '.' || text[k - 2] < 'A' || text[k - 2] > 'Z')
            break;
        size_t at = k - 2;
        char b = at > 0 ? text[at - 1] : ' ';
        if (b != ' ' && b != '.' && b != '(' && b != '\n' && b != '\t')
            break;        /* "DR.", "fig.A.": not an initial */
        n++;
        *from = at;
        if (b == '.')
            k = at;       /* joined: "H.G." */
        else if (b == ' ' && at >= 3 && text[at - 2] == '.')
            k = at - 1;   /* spaced: "J. R." */
        else
            break;
    }
    return n;
}

/* A name after two or more initials ("J. R. R. tolkien", "H.G. darwin"):
 * a place or a rare name there is a surname too.  Returns the confidence
 * (0: none).  One initial is not enough: a dictionary's etymologies write
 * a language so ("F. avis", "L. gratus").  Measured 2026-12-01 on GCIDE
 * (tools/gcide-casing.py --initials): two or more initials 39 of 39 right;
 * one initial 292 of 675 (0.43). */
static double initials_evidence(const scan *sc, size_t i, char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    size_t from = 0;
    if (u->start != t->start || u->end != t->end || (t->flags & DG_TOKEN_LITERAL) ||
        initials_before(doc->text, u->start, &from) < 2)
        return 0;
    snprintf(ev, cap, "after the initials \"%.*s\"", (int)(u->start - 1 - from),
             doc->text + from);
    return CONF_INITIALS;
}

static double person_evidence(const scan *sc, size_t i, char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    if (u->start != t->start || u->end != t->end || (t->flags & DG_TOKEN_LITERAL))
        return 0;
    /* A regnal number right after: "louis XVI". */
    if (regnal_after(sc, i)) {
        snprintf(ev, cap, "a regnal number after it");
        return CONF_PERSON;
    }
    for (int dir = -1; dir <= 1; dir += 2) {
        if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= sc->n))
            continue;
        const unit *a = &sc->u[dir < 0 ? i - 1 : i];
        const unit *n = &sc->u[dir < 0 ? i - 1 : i + 1];
        if (!a->joins || n->tok == u->tok || n->start != doc->tok[n->tok].start ||
            n->end != doc->tok[n->tok].end)
            continue;
        if (dir < 0 ? n->poss : u->poss)
            continue;     /* "Apple's iphone": a possessive ends the name */
        /* Written capitalized, or capitalized by an applied edit (the dry
         * runs' virt: "thomas hobbes" -> both), so one run is a fixed
         * point. */
        int virt = sc->virt && sc->virt[n - sc->u];
        const dg_name *ne = single_name(sc, n);
        /* Or about to be, by same-text evidence ("richard haldane ...
         * Haldane"): the non-ambiguous branch of propose_single applies it. */
        if (!virt && ne && is_all_lower(doc->text, n->start, n->end) &&
            !(ne->flags & DG_NAME_AMBIGUOUS) && seen_near(sc, ne, n->start))
            virt = 1;
        if ((!virt && !unit_upper(sc, n)) ||
            (!virt && positional_at(sc, n->tok)))
            continue;
        int up, lo;
        case_counts(doc->text, n->start, n->end, &up, &lo);
        if (!virt && (up != 1 || lo == 0))
            continue;     /* title case only: an acronym says nothing */
        /* A person's name: SCOWL's or hunspell's only (no language, place
         * or currency of iso-codes or CLDR: "Coptic bari"), and not one of
         * SCOWL's rare names (genera: "Verbascum thapsus"). */
        /* "(Lynx rufus)": a binomial is written in brackets after the
         * common name; a person's name rarely opens them. */
        if (dir < 0) {
            size_t b = prev_on_line(doc, n->tok);
            if (b != SIZE_MAX && (tok_is(doc, b, "(") || tok_is(doc, b, "{") ||
                                  tok_is(doc, b, "[")))
                continue;
        }
        if (!ne || ne->priority >= 2 ||
            (ne->flags & (DG_NAME_ACRONYM | DG_NAME_DESIGNATOR | DG_NAME_PLACE |
                          DG_NAME_MONTH | DG_NAME_WEEKDAY | DG_NAME_COUNTRY |
                          DG_NAME_RARE)))
            continue;
        snprintf(ev, cap, "beside the capitalized name \"%.*s\"", (int)ne->len, dg_name_form(ne));
        return CONF_PERSON;
    }
    return 0;
}

/* Two names side by side, both in lower case and neither an English word
 * nor written in lower case by WordNet's glosses ("frederick loewe",
 * "gustav mahler"): a person's given name and surname.  e is unit i's
 * name (the caller asks the same of it); one of the two must be no place.
 * Returns the confidence (0: none).  Measured 2026-12-01 on GCIDE with
 * its capitalized words lower-cased (tools/gcide-casing.py): 33 of 35
 * (wrong: etymologies' "Sp. morisco", "F. pierre perdue"); with the
 * person chains it starts ("beside the capitalized name" 145 of 152 ->
 * 213 of 222), casing.person as a whole 304 of 315 (0.965); devset +2. */
#define NAME_PAIR_NOT (DG_NAME_AMBIGUOUS | DG_NAME_ACRONYM | DG_NAME_EXACT | \
                       DG_NAME_DESIGNATOR | DG_NAME_MONTH | DG_NAME_WEEKDAY | \
                       DG_NAME_COUNTRY | DG_NAME_REGION | DG_NAME_RARE | DG_NAME_WN_LOWER)
#define CONF_NAME_PAIR 0.92
static double name_pair_evidence(const scan *sc, size_t i, const dg_name *e,
                                 char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    if (u->start != t->start || u->end != t->end || (t->flags & DG_TOKEN_LITERAL) ||
        (e->flags & NAME_PAIR_NOT) || !(e->flags & DG_NAME_GENERATED))
        return 0;
    for (int dir = -1; dir <= 1; dir += 2) {
        if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= sc->n))
            continue;
        const unit *a = &sc->u[dir < 0 ? i - 1 : i];
        const unit *n = &sc->u[dir < 0 ? i - 1 : i + 1];
        const dg_token *nt = &doc->tok[n->tok];
        if (!a->joins || n->tok == u->tok || n->start != nt->start || n->end != nt->end ||
            (nt->flags & (DG_TOKEN_LITERAL | DG_TOKEN_HYPHENATED)) ||
            !(n->shape & SH_LOWER_ONLY))
            continue;
        if (dir < 0 ? n->poss : u->poss)
            continue;     /* a possessive ends the name */
        const dg_name *ne = single_name(sc, n);
        if (!ne || (ne->flags & NAME_PAIR_NOT) || !(ne->flags & DG_NAME_GENERATED) ||
            ((e->flags & ne->flags) & DG_NAME_PLACE))
            continue;
        /* "(lynx rufus)": a binomial in brackets. */
        const unit *f = dir < 0 ? n : u;
        size_t b = prev_on_line(doc, f->tok);
        if (b != SIZE_MAX && (tok_is(doc, b, "(") || tok_is(doc, b, "[")))
            continue;
        snprintf(ev, cap, "beside the name \"%.*s\", neither an English word",
                 (int)ne->len, dg_name_form(ne));
        return CONF_NAME_PAIR;
    }
    return 0;
}

static int adjective_shape(const char *s, size_t n);

/* ---- census given names and surnames (issue 16 item 2) --------------
 *
 * The US Census 1990 lists (libtext-names-perl; names-table.h
 * dg_nt_census) say which words are given names and which surnames, and
 * gen-names.py measured how often WordNet's glosses write each in lower
 * case.  A given name that is also a common word the glosses write in
 * lower case (will, mark, bill, rose, grace), or one they never use, is
 * a common-word given name: never evidence alone, and its classes are
 * measured apart. */
#define CENSUS_COMMON_LOWER 10  /* percent of gloss uses in lower case */

static const dg_nt_census_name *census_row_get(const scan *sc, const unit *u, uint32_t ty);

static inline const dg_nt_census_name *census_row(const scan *sc, const unit *u)
{
    /* Looked up once per word type of the call when u is a whole token
     * (its fold is the type's); the answer known, without a call. */
    const dg_token *t = &sc->doc->tok[u->tok];
    uint32_t ty = sc->census_state && u->start == t->start && u->end == t->end
                      ? sc->doc->type[u->tok] : DG_NO_TYPE;
    if (ty != DG_NO_TYPE && sc->census_state[ty])
        return sc->type_census[ty];
    return census_row_get(sc, u, ty);
}

/* census_row() of a type not looked up yet (or of no type). */
static const dg_nt_census_name *census_row_get(const scan *sc, const unit *u, uint32_t ty)
{
    char key[DG_GAZ_MAX_KEY];
    size_t n = dg_fold(sc->doc->text + u->start, u->end - u->start, key, sizeof key);
    const dg_nt_census_name *r = n ? dg_nt_census_get(key, n) : NULL;
    if (ty != DG_NO_TYPE) {
        sc->type_census[ty] = r;
        sc->census_state[ty] = 1;
    }
    return r;
}

static int census_given(const dg_nt_census_name *r)
{
    return r && (r->kind & (DG_CENSUS_GIVEN_M | DG_CENSUS_GIVEN_F));
}

/* Unit j's word as a given name: a census given name that no stronger
 * source calls a place, a language, a month or a day ("German silver",
 * "Irish moss", "Florida moss", "Paris white", "Austin friars"). */
#define CENSUS_GIVEN_NOT (DG_NAME_PLACE | DG_NAME_COUNTRY | DG_NAME_REGION | DG_NAME_MONTH | \
                          DG_NAME_WEEKDAY | DG_NAME_ACRONYM | DG_NAME_DESIGNATOR | DG_NAME_RARE)
static int census_given_unit(const scan *sc, size_t j, const dg_nt_census_name *r)
{
    if (!census_given(r))
        return 0;
    /* An English word of a demonym's shape is an adjective first
     * ("Christian church", "Roman law"). */
    const unit *g = &sc->u[j];
    if ((r->kind & DG_CENSUS_WORD) &&
        adjective_shape(sc->doc->text + g->start, g->end - g->start))
        return 0;
    const dg_name *ge = single_name(sc, g);
    return !ge || (ge->priority < 2 && !(ge->flags & CENSUS_GIVEN_NOT));
}

/* The surname at unit j is a common word too (smith, young, green): 1 when
 * the glosses write it capitalized at least as often as in lower case
 * (smith), 2 when not or never use it (young, white, glass); 0 no word. */
#define CENSUS_SURNAME_LOWER 50
static int census_word_surname(const scan *sc, size_t j)
{
    const dg_nt_census_name *r = census_row(sc, &sc->u[j]);
    const dg_name *ne = single_name(sc, &sc->u[j]);
    if (!((r && (r->kind & DG_CENSUS_WORD)) || (ne && (ne->flags & DG_NAME_AMBIGUOUS))))
        return 0;
    return r && r->lower_pct < CENSUS_SURNAME_LOWER ? 1 : 2;
}

static int census_common(const dg_nt_census_name *r)
{
    return (r->kind & DG_CENSUS_WORD) &&
           (r->lower_pct == 255 || r->lower_pct >= CENSUS_COMMON_LOWER);
}

/* Unit j as the surname of a person's name: a census surname, or a name
 * of the table that is no place, month, day, acronym or designator.
 * *census_sur says which. */
static int census_surname(const scan *sc, size_t j, int *census_sur)
{
    const unit *n = &sc->u[j];
    const dg_token *nt = &sc->doc->tok[n->tok];
    if (n->start != nt->start || n->end != nt->end ||
        (nt->flags & (DG_TOKEN_LITERAL | DG_TOKEN_HYPHENATED)))
        return 0;
    const dg_nt_census_name *r = census_row(sc, n);
    *census_sur = r && (r->kind & DG_CENSUS_SURNAME);
    if (*census_sur)
        return 1;
    const dg_name *ne = single_name(sc, n);
    return ne && (ne->flags & DG_NAME_GENERATED) && ne->priority < 2 &&
           !(ne->flags & (DG_NAME_ACRONYM | DG_NAME_EXACT | DG_NAME_DESIGNATOR |
                          DG_NAME_PLACE | DG_NAME_MONTH | DG_NAME_WEEKDAY |
                          DG_NAME_COUNTRY | DG_NAME_REGION | DG_NAME_RARE));
}

/* Units a (given name) and b = a + 1 (surname) side by side on a line as
 * a name chain: one space between, no possessive on the given name, no
 * bracket before it ("(lynx rufus)"). */
static int census_adjacent(const scan *sc, size_t a)
{
    const dg_doc *doc = sc->doc;
    const unit *g = &sc->u[a], *n = &sc->u[a + 1];
    if (!g->joins || n->tok == g->tok || g->poss)
        return 0;
    size_t b = prev_on_line(doc, g->tok);
    return !(b != SIZE_MAX && (tok_is(doc, b, "(") || tok_is(doc, b, "[")));
}

/* Census evidence for unit i, all in lower case: a given name before a
 * surname (lower case too, or capitalized), or a surname after a given
 * name (capitalized, or lower case too).  Returns the confidence (0:
 * none); ev names the class.  Measured 2026-12-01 with tools/gcide-casing.py
 * --findings --words (lines holding a census given name), GCIDE / glosses
 * without the devset lines: before a capitalized surname 10 of 10 / 13 of
 * 13, a common-word one 5 of 5 / 3 of 3; after a capitalized given name 32
 * of 32 / 14 of 14, a common-word surname 23 of 23 / 40 of 40; both in
 * lower case 0 / 1 of 1 (the given name is mostly capitalized by its own
 * class first, then the surname follows it).  Before the place/language
 * and demonym-shape guards and the lower-case-surname finding, the
 * common-word surname class was 48 of 57 on GCIDE ("German silver",
 * "Christian church", "Solomon levy"). */
#define CONF_CENSUS_CHAIN 0.92      /* "john smith" */
#define CONF_CENSUS_BEFORE_CAP 0.92 /* "john Smith" */
#define CONF_CENSUS_AFTER_CAP 0.92  /* "John smith" */
#define CONF_CENSUS_COMMON CONF_FINDING /* "will Smith", "mark Twain" */
#define CONF_CENSUS_CHAIN_WORD 0.92
#define CONF_CENSUS_BEFORE_CAP_WORD 0.92
#define CONF_CENSUS_AFTER_CAP_WORD 0.92
#define CONF_CENSUS_LOWER_WORD CONF_FINDING
/* census_word_surname's answer (0, 1 or 2) decides both the reason's wording
 * and the class, the same way whichever side of the chain the surname is. */
static const char *census_word_note(int wsur)
{
    return wsur == 1 ? ", a common word too"
           : wsur ? ", a common word the glosses write in lower case" : "";
}

static double census_conf(int wsur, double plain, double word)
{
    return wsur == 1 ? word : wsur ? CONF_CENSUS_LOWER_WORD : plain;
}

static double census_person_evidence_of(const scan *sc, size_t i, char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    if (u->start != t->start || u->end != t->end ||
        (t->flags & (DG_TOKEN_LITERAL | DG_TOKEN_HYPHENATED)))
        return 0;
    const dg_nt_census_name *r = census_row(sc, u);
    int sur;
    /* Either way a census given name is needed, this word or the one
     * before: most words are neither. */
    if (!census_given(r) && !(i > 0 && census_given(census_row(sc, &sc->u[i - 1]))))
        return 0;
    /* As the given name. */
    if (census_given_unit(sc, i, r) && i + 1 < sc->n && census_adjacent(sc, i) &&
        census_surname(sc, i + 1, &sur) && (sur || !census_word_surname(sc, i + 1))) {
        int wsur = census_word_surname(sc, i + 1);
        const unit *n = &sc->u[i + 1];
        int virt = sc->virt && sc->virt[i + 1];
        int up = 0, lo = 0;
        case_counts(doc->text, n->start, n->end, &up, &lo);
        int capital = virt || (unit_upper(sc, n) && up == 1 && lo > 0 &&
                               !capital_is_positional(doc, n->tok));
        if (census_common(r)) {
            if (!capital)
                return 0;
            snprintf(ev, cap, "census given name, a common word too (%d%% lower case in the "
                     "glosses), before the capitalized surname \"%.*s\"",
                     r->lower_pct == 255 ? 100 : r->lower_pct, (int)(n->end - n->start),
                     doc->text + n->start);
            return CONF_CENSUS_COMMON;
        }
        if (capital) {
            snprintf(ev, cap, "census given name before the capitalized %s \"%.*s\"%s",
                     sur ? "census surname" : "name", (int)(n->end - n->start),
                     doc->text + n->start, census_word_note(wsur));
            return census_conf(wsur, CONF_CENSUS_BEFORE_CAP, CONF_CENSUS_BEFORE_CAP_WORD);
        }
        if ((n->shape & SH_LOWER_ONLY) && sur) {
            snprintf(ev, cap, "census given name before the census surname \"%.*s\"%s",
                     (int)(n->end - n->start), doc->text + n->start,
                     census_word_note(wsur));
            return census_conf(wsur, CONF_CENSUS_CHAIN, CONF_CENSUS_CHAIN_WORD);
        }
    }
    /* As the surname. */
    if (i > 0 && census_surname(sc, i, &sur) && census_adjacent(sc, i - 1)) {
        const unit *g = &sc->u[i - 1];
        const dg_token *gt = &doc->tok[g->tok];
        const dg_nt_census_name *gr = census_row(sc, g);
        int wsur = census_word_surname(sc, i);
        if ((wsur && !sur) ||
            !census_given_unit(sc, i - 1, gr) || census_common(gr) || g->start != gt->start ||
            g->end != gt->end || (gt->flags & (DG_TOKEN_LITERAL | DG_TOKEN_HYPHENATED)))
            return 0;
        int virt = sc->virt && sc->virt[i - 1];
        int up = 0, lo = 0;
        case_counts(doc->text, g->start, g->end, &up, &lo);
        if (virt || (unit_upper(sc, g) && up == 1 && lo > 0)) {
            int pos = !virt && capital_is_positional(doc, g->tok);
            snprintf(ev, cap, "%s after the capitalized census given name \"%.*s\"%s%s",
                     sur ? "census surname" : "name", (int)(g->end - g->start),
                     doc->text + g->start, pos ? " at a sentence start" : "",
                     census_word_note(wsur));
            return census_conf(wsur, CONF_CENSUS_AFTER_CAP, CONF_CENSUS_AFTER_CAP_WORD);
        }
        if ((g->shape & SH_LOWER_ONLY) && sur) {
            snprintf(ev, cap, "census surname after the census given name \"%.*s\"%s",
                     (int)(g->end - g->start), doc->text + g->start,
                     census_word_note(wsur));
            return census_conf(wsur, CONF_CENSUS_CHAIN, CONF_CENSUS_CHAIN_WORD);
        }
    }
    return 0;
}

/* census_person_evidence_of(), remembered when it says nothing: it reads
 * of the dry runs' capitals only those of the two neighbours, which once
 * set stay set, so the answer holds while they are as they were. */
static double census_person_evidence(const scan *sc, size_t i, char *ev, size_t cap)
{
    unsigned char near = (unsigned char)
        ((i > 0 && sc->virt && sc->virt[i - 1] ? QUIET_VIRT_BEFORE : 0) |
         (i + 1 < sc->n && sc->virt && sc->virt[i + 1] ? QUIET_VIRT_AFTER : 0));
    unsigned char *q = sc->quiet ? &sc->quiet[i] : NULL;
    if (q && (*q & QUIET_CENSUS) &&
        (*q & (QUIET_VIRT_BEFORE | QUIET_VIRT_AFTER)) == near)
        return 0;
    double conf = census_person_evidence_of(sc, i, ev, cap);
    if (q && conf == 0)
        *q = (unsigned char)((*q & ~(QUIET_VIRT_BEFORE | QUIET_VIRT_AFTER)) |
                             QUIET_CENSUS | near);
    return conf;
}

/* A demonym: the word less an adjective ending (the reverse of
 * icu-names.c's add_demonyms) is a place of the table (Nicaraguan:
 * Nicaragua), or a name no English word is written as (Corsican: Corsica).
 * Asked only for a word that is no English word in lower case and that
 * WordNet's glosses never write in lower case.  Measured on all of GCIDE
 * (tools/gcide-casing.py): places 64 of 65, both together 178 of 184;
 * calibrate: 4 proposals, none wrong. */
#define CONF_DEMONYM 0.92
static double demonym_evidence(const scan *sc, const unit *u, char *ev, size_t cap)
{
    static const struct { const char *drop, *add; } endings[] = {
        {"n", ""}, {"an", ""}, {"an", "a"}, {"ian", "y"}, {"ian", "e"},
        {"ian", ""}, {"ese", ""}, {"ese", "a"}, {"i", ""},
    };
    char key[DG_GAZ_MAX_KEY];
    size_t n = dg_fold(sc->doc->text + u->start, u->end - u->start, key, sizeof key - 2);
    for (size_t k = 0; n > 0 && k < sizeof endings / sizeof *endings; k++) {
        size_t dl = strlen(endings[k].drop), al = strlen(endings[k].add);
        if (n < dl + 4 || memcmp(key + n - dl, endings[k].drop, dl) != 0)
            continue;
        char stem[DG_GAZ_MAX_KEY];
        memcpy(stem, key, n - dl);
        memcpy(stem + n - dl, endings[k].add, al);
        const dg_name *pl = dg_gaz_find(sc->gaz, stem, n - dl + al);
        if (!pl || pl->nwords != 1)
            continue;
        if (!(pl->flags & (DG_NAME_PLACE | DG_NAME_COUNTRY | DG_NAME_REGION))) {
            /* Not -i or a bare -n there: etymologies' foreign words
             * (lindi, ellen, bracon) end so. */
            if ((pl->flags & (DG_NAME_AMBIGUOUS | DG_NAME_RARE | DG_NAME_WN_LOWER | DG_NAME_ACRONYM)) ||
                !((n > 2 && memcmp(key + n - 2, "an", 2) == 0) ||
                  (n > 3 && memcmp(key + n - 3, "ese", 3) == 0)))
                continue;
            snprintf(ev, cap, "an adjective of the name \"%.*s\"", (int)pl->len, dg_name_form(pl));
            return CONF_DEMONYM;
        }
        snprintf(ev, cap, "a demonym of the place \"%.*s\"", (int)pl->len, dg_name_form(pl));
        return CONF_DEMONYM;
    }
    return 0;
}

static double intro_evidence(const scan *sc, size_t i, const char **rule,
                             char *ev, size_t cap);
static int compass_word(const char *s, size_t n);
static inline int titled_unit(const scan *sc, size_t j);

/* casing.ambiguous-name for a country or place that is a common word too
 * (china, brazil, turkey) in a place's context, by class: after a compass
 * adjective ("northeastern china"), after a preposition of place when
 * the glosses capitalize it in 95% of uses but also write it in lower
 * case ("grown in brazil": brazil nut), after one when they capitalize
 * it less often ("in turkey"); beside a capitalized place over
 * "and"/"or" ("Asia and brazil": GCIDE 15 of 15, devset 1 of 1); after
 * "of", a finding ("capital of china", but "a set of china", "a leg of
 * turkey": GCIDE 81 of 85, devset 1 of 5).  (After
 * "the", "the pacific" measured 58 of 58 on GCIDE but 3 of 6 on the
 * devset, under the 0.71 its share class claims: no class.)
 * Measured 2026-12-01 with tools/gcide-casing.py --findings and
 * tools/calibrate.py: 16 of 16, 22 of 22, 30 of 31 on GCIDE; 4 of 4, 1 of
 * 1 on the devset. */
static const double CONF_PLACE_CONTEXT[5] = {0.92, 0.92, 0.91, 0.91, 0.20};

/* "Asia and brazil", "brazil or Argentina": a capitalized place that is
 * no common word beside unit i over "and" or "or". */
static int and_place_list(const scan *sc, size_t i)
{
    const dg_doc *doc = sc->doc;
    for (int dir = -1; dir <= 1; dir += 2) {
        if ((dir < 0 && i < 2) || (dir > 0 && i + 2 >= sc->n))
            continue;
        const unit *c = &sc->u[i + dir], *q = &sc->u[i + 2 * dir];
        const unit *l = dir < 0 ? q : &sc->u[i], *r = dir < 0 ? &sc->u[i] : q;
        size_t cn = c->end - c->start;
        if (!c->first || !q->first || !((cn == 3 && strncasecmp(doc->text + c->start, "and", 3) == 0) ||
                                        (cn == 2 && strncasecmp(doc->text + c->start, "or", 2) == 0)))
            continue;
        /* whole words one space apart on one line: "Asia and brazil" */
        if (prev_on_line(doc, c->tok) != l->tok || prev_on_line(doc, r->tok) != c->tok ||
            l->poss || (doc->tok[q->tok].flags & DG_TOKEN_HYPHENATED))
            continue;
        const dg_name *e = single_name(sc, q);
        /* a country, place or (WEAK, from ICU) a continent: Asia */
        if (e && !(e->flags & (DG_NAME_AMBIGUOUS | DG_NAME_FORCE_AMBIG)) &&
            (e->flags & (DG_NAME_COUNTRY | DG_NAME_PLACE | DG_NAME_REGION | DG_NAME_WEAK)) &&
            titled_unit(sc, (size_t)(q - sc->u)))
            return 1;
    }
    return 0;
}

/* Which of CONF_PLACE_CONTEXT's classes unit i (a country or place
 * written in lower case, matched as name e) is in: returns its
 * confidence with ev set, or -1. */
static double place_context(const scan *sc, size_t i, const dg_name *e, int share,
                            char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *p = prev_word(sc, i);
    /* Only countries the glosses capitalize at least half the time:
     * "Southern", "Most", "Orange" are subdivisions and towns too. */
    if (!p || share < 50)
        return -1;
    const char *w = doc->text + p->start;
    size_t n = p->end - p->start;
    int cls;
    if (!(e->flags & DG_NAME_COUNTRY))
        return -1;
    if (compass_word(w, n) && !p->poss)
        cls = 0;
    else if (is_place_preposition(w, n))
        cls = share >= 95 ? 1 : 2;
    else if (and_place_list(sc, i))
        cls = 3;
    else if (n == 2 && strncasecmp(w, "of", 2) == 0)
        cls = 4;
    else
        return -1;
    static const char *const what[5] = {
        "after a compass word", "after a preposition of place",
        "after a preposition of place", "in a list of places with and/or", "after \"of\""};
    snprintf(ev, cap, "a place %s; capitalized in %d%% of WordNet's uses%s", what[cls], share,
             (e->flags & DG_NAME_WN_LOWER) ? ", also in lower case" : "");
    return CONF_PLACE_CONTEXT[cls];
}

/* True when unit i and the next word form a two-word lemma WordNet writes
 * in lower case ("french fries", beside "French horn"): there the name
 * word is a plain modifier (gen-names.py lower_lemma_pairs). */
static int lower_lemma_next(const scan *sc, size_t i)
{
    if (i + 1 >= sc->n || prev_word(sc, i + 1) != &sc->u[i])
        return 0;
    const unit *u = &sc->u[i], *v = &sc->u[i + 1];
    char a[DG_GAZ_MAX_KEY], b[DG_GAZ_MAX_KEY];
    size_t na = dg_fold(sc->doc->text + u->start, u->end - u->start, a, sizeof a);
    size_t nb = dg_fold(sc->doc->text + v->start, v->end - v->start, b, sizeof b);
    return na > 0 && nb > 0 && dg_nt_lower_lemma(a, na, b, nb);
}

/* An ambiguous name that WordNet's glosses capitalize in 90 to 94% of
 * uses but never write in lower case (napoleon, sahara, fallopian: 9 to
 * 18 uses, share = capitalized / (uses + 1)), that GCIDE capitalizes too
 * (DG_NAME_GCIDE_NAME: not commons, trinity, confederate, apostles), not
 * after "a"/"an" (a common noun's place: "a commons of creative works").
 * Measured 2026-12-01: without the GCIDE test 216 of 308 on GCIDE lines
 * holding one of the 22 words; with it, chosen on one half of GCIDE's
 * lines and counted on the other, 145 of 148 and 135 of 138 (0.98);
 * devset 5 of 5, no edit in the no-harm corpora. */
#define CONF_AMBIG_NEVER_LOWER 0.92

/* True when the word before unit i on its line is "a" or "an". */
static int after_indefinite(const scan *sc, size_t i)
{
    const unit *p = prev_word(sc, i);
    if (!p)
        return 0;
    size_t n = p->end - p->start;
    const char *s = sc->doc->text + p->start;
    return (n == 1 && (s[0] == 'a' || s[0] == 'A')) ||
           (n == 2 && strncasecmp(s, "an", 2) == 0);
}

/* A name WordNet's glosses write in lower case at least as often as
 * capitalized ("amphibia", "anchusa", "velcro the belt"): the genus or
 * brand capitalized elsewhere in the text is then no evidence for this
 * use, which is usually the common noun or verb.  The share is
 * 100 u / (u + l + 1) (gen-names.py), so under 50 is u <= l.  A
 * preposition of place says something of the use itself, so there it
 * takes l >= 3u - 1, a share of 25 or less ("similar to lima beans":
 * 1 capitalized, 6 lower-case; "in brussels", 2 and 2, stays).  A share
 * of 0 (no capitalized use: "Walter scott", the glosses' only one) is no
 * measure of two uses and is left out. */
static int lower_as_often(const dg_name *e, int share, int mostly)
{
    return (e->flags & DG_NAME_WN_LOWER) && share > 0 && share < (mostly ? 26 : 50);
}

/* The word before unit i is a preposition of place. */
static int place_prep_before(const scan *sc, size_t i)
{
    const unit *p = prev_word(sc, i);
    return p && is_place_preposition(sc->doc->text + p->start, p->end - p->start);
}

static int propose_single(const scan *sc, size_t i, const dg_name *e)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    char ev[160], where[48];
    /* Every way on ends in propose_word(), which takes only a word all in
     * lower case, or in 0; what is asked before has no effect. */
    if (!(u->shape & SH_LOWER_ONLY))
        return 0;
    if (e->flags & DG_NAME_ACRONYM) {
        if (e->flags & DG_NAME_AMBIGUOUS)
            return 0;
        size_t letters = 0;
        for (size_t k = u->start; k < u->end; k++)
            letters += ((unsigned char)doc->text[k] & 0xC0) != 0x80;
        const unit *p = prev_word(sc, i);
        int the = p && p->end - p->start == 3 &&
                  strncasecmp(doc->text + p->start, "the", 3) == 0;
        int poss = u->poss;
        /* hunspell's acronyms include ordinary abbreviations written in
         * lower case too (wc, pc): those need the capitals nearby. */
        size_t seen = e->priority <= 1 ? seen_near(sc, e, u->start) : 0;
        double conf = (letters > 3 || the || poss) && (e->priority > 1 || seen)
                          ? 0.92 : CONF_FINDING;
        /* "amd64-freebsd", "BSD-2-Clause-netbsd": part of an identifier. */
        if (conf != CONF_FINDING && (doc->tok[u->tok].flags & DG_TOKEN_HYPHENATED) &&
            (hyphens_in(doc, u->tok) >= 2 || unknown_part(sc, u)))
            conf = CONF_FINDING;
        snprintf(ev, sizeof ev, "acronym%s", the ? " after 'the'" : poss ? " with a possessive" : "");
        return propose_word(sc, u, e, 0, "casing.acronym", conf, ev);
    }
    int share = gloss_share(e);
    int generated = (e->flags & DG_NAME_GENERATED) != 0;
    /* An ambiguous name of the generated tables that the glosses never
     * capitalize and no stronger source lists ("the", "small"): of the
     * classes below only a regnal number or a census neighbour speaks for
     * it, and never for a part of a word.  Those first, as most words
     * have neither, then whether it is a part (broken_word() is dear);
     * the tests are pure, so the answer is the one below. */
    if ((e->flags & DG_NAME_AMBIGUOUS) && share == 0 && generated && e->priority < 2 &&
        !(e->flags & (DG_NAME_DESIGNATOR | DG_NAME_MONTH))) {
        if (doc->tok[u->tok].flags & DG_TOKEN_HYPHENATED)
            return 0;
        double conf = regnal_ambiguous_evidence(sc, i, e, ev, sizeof ev);
        if (conf <= 0)
            conf = census_person_evidence(sc, i, ev, sizeof ev);
        if (conf <= 0 || broken_word(sc, i))
            return 0;
        return propose_word(sc, u, e, 0, "casing.person", conf, ev);
    }
    /* One part of a hyphenated word (ver-sion, en-english, latin-1) is
     * rarely a name by itself: only same-text evidence counts there. */
    int part = (doc->tok[u->tok].flags & DG_TOKEN_HYPHENATED) != 0 ||
               broken_word(sc, i);
    /* An ambiguous whole word asks for same-text evidence only in the last
     * of its classes (below). */
    int ambiguous_word = (e->flags & DG_NAME_AMBIGUOUS) && !part;
    size_t seen = ambiguous_word ? 0 : seen_near(sc, e, u->start);
    /* A word of three or more joined by hyphens is an identifier
     * ("unix-filename-rubout", "--unix-byte-offsets"): the name written
     * elsewhere is no evidence there. */
    if (part && seen && (hyphens_in(doc, u->tok) >= 2 || unknown_part(sc, u) ||
                         hyphen_lower_convention(sc, u)))
        seen = 0;
    if (!(e->flags & DG_NAME_AMBIGUOUS)) {
        /* Inner capitals from a names file are trusted; the generated
         * table's (WordNet, TeX, LibreOffice) are also package and command
         * names in technical text, so they need the form in this text. */
        int deliberate = lower_dominates(sc, e, u->start);
        if ((e->flags & DG_NAME_EXACT) && part &&
            (hyphens_in(doc, u->tok) >= 2 || unknown_part(sc, u)))
            return propose_word(sc, u, e, 0, "casing.brand", CONF_FINDING,
                                "part of a hyphenated identifier");
        if ((e->flags & DG_NAME_EXACT) && unit_symbol(e) &&
            number_before(sc, i) == SIZE_MAX)
            return propose_word(sc, u, e, 0, "casing.brand", CONF_FINDING,
                                "a unit symbol's form, but no number before");
        if ((e->flags & DG_NAME_EXACT) && (!generated || !deliberate))
            return propose_word(sc, u, e, 0, "casing.brand", 0.95,
                                seen ? "same text writes it so" : NULL);
        if (e->flags & DG_NAME_EXACT)
            return propose_word(sc, u, e, 0, "casing.brand", CONF_FINDING,
                                "inner capitals, but this text writes it in lower case");
        if (part && !seen)
            return propose_word(sc, u, e, 0, "casing.proper-noun", CONF_FINDING,
                                "part of a hyphenated word");
        if (e->priority > 2 || ((e->flags & DG_NAME_REGION) && !(e->flags & DG_NAME_WN_LOWER)))
            return propose_word(sc, u, e, 0, "casing.proper-noun", 0.95, NULL);
        /* Measured: WordNet's glosses write it only capitalized (at least
         * twice), or capitalized nine times in ten. */
        if (!part && (share >= 90 || (share >= 66 && !(e->flags & DG_NAME_WN_LOWER)))) {
            snprintf(ev, sizeof ev, "not an English word in lower case; glosses capitalize it");
            return propose_word(sc, u, e, 0, "casing.proper-noun",
                                share >= 95 || !(e->flags & DG_NAME_WN_LOWER) ? 0.95 : 0.92, ev);
        }
        /* Known only from hunspell's or SCOWL's case data, or a language or
         * currency adjective from ICU: "grey", "lima beans", "perl", "gum
         * arabic" are written in lower case by good writers.  So evidence
         * in the text is required: the same name capitalized nearby, a
         * name chain, or a preposition of place before a place. */
        const dg_name *chain = chain_neighbour(sc, i);
        double conf = CONF_FINDING;
        const char *rule = "casing.proper-noun";
        if (seen && (doc->tok[u->tok].flags & DG_TOKEN_LITERAL)) {
            /* A literal word (a package in a changelog: "debian", "linux")
             * the engine would only report: measured 0 of 51 right. */
            conf = CONF_FINDING;
            snprintf(ev, sizeof ev, "same text: capitalized %s, but literal here",
                     dg_edits_distance(where, sizeof where, seen - 1, u->start));
        } else if (seen && lower_as_often(e, share, 0) &&
                   !((e->flags & DG_NAME_PLACE) && !lower_as_often(e, share, 1) &&
                     place_prep_before(sc, i))) {
            conf = CONF_FINDING;
            snprintf(ev, sizeof ev, "same text: capitalized %s, but the glosses "
                     "write it in lower case as often",
                     dg_edits_distance(where, sizeof where, seen - 1, u->start));
        } else if (seen) {
            conf = 0.95;
            snprintf(ev, sizeof ev, "same text: capitalized %s",
                     dg_edits_distance(where, sizeof where, seen - 1, u->start));
        } else if (chain && (e->flags & DG_NAME_PERSONLIST) &&
                   !(e->flags & DG_NAME_RARE) && share != 0) {
            conf = 0.92;
            snprintf(ev, sizeof ev, "name chain with \"%.*s\"", (int)chain->len, dg_name_form(chain));
        } else if ((e->flags & DG_NAME_PLACE) && share != 0 && !lower_as_often(e, share, 1) &&
                   place_prep_before(sc, i)) {
            conf = 0.92;
            snprintf(ev, sizeof ev, "a place after a preposition of place");
        } else if (generated && !part &&
                   (conf = intro_evidence(sc, i, &rule, ev, sizeof ev)) > 0) {
            /* ev says which */
        } else if (!part && !(e->flags & DG_NAME_WN_LOWER) &&
                   (conf = initials_evidence(sc, i, ev, sizeof ev)) > 0) {
            rule = "casing.person";
        } else if (generated && !part && !(e->flags & (DG_NAME_RARE | DG_NAME_WN_LOWER | DG_NAME_PLACE)) &&
                   (conf = person_evidence(sc, i, ev, sizeof ev)) > 0) {
            rule = "casing.person";
        } else if (generated && !part &&
                   (conf = name_pair_evidence(sc, i, e, ev, sizeof ev)) > 0) {
            rule = "casing.person";
        } else if (generated && !part &&
                   (conf = census_person_evidence(sc, i, ev, sizeof ev)) > 0) {
            rule = "casing.person";
        } else if (!part && !(e->flags & (DG_NAME_WN_LOWER | DG_NAME_RARE)) &&
                   !(doc->tok[u->tok].flags & DG_TOKEN_LITERAL) &&
                   (conf = demonym_evidence(sc, u, ev, sizeof ev)) > 0) {
            rule = "casing.demonym";
        } else if (e->priority > 1 && !generated) {
            snprintf(ev, sizeof ev, "a language or currency adjective, not seen capitalized here");
        } else {
            snprintf(ev, sizeof ev, "listed only capitalized, but not seen capitalized here");
        }
        return propose_word(sc, u, e, 0, rule, conf, ev);
    }
    /* Ambiguous: china, japan, turkey, may.  Only names a source vouches for
     * as names are weighed: hunspell's run-time case data lists thousands of
     * ordinary words capitalized too (Little, Government, Land). */
    if (e->priority <= 1 && !generated)
        return 0;
    if (e->flags & DG_NAME_DESIGNATOR)
        return 0;      /* lake, north, city: only inside a name */
    /* A common word the glosses (almost) never capitalize: a capital
     * nearby is more likely a longer name's ("Great Lakes", "Eastern
     * Europe") than evidence for this one. */
    if (share == 0)
        seen = 0;
    if (part && !seen)
        return 0;
    double conf = 0;
    if ((e->flags & DG_NAME_MONTH) && (conf = date_evidence(sc, i, ev, sizeof ev)) > 0) {
        /* ev says which */
    } else if (share >= 95) {
        /* Measured: the glosses write it capitalized at least 95 times in
         * 100 (japan, french, christian); china (93) needs context. */
        /* Split by what else the glosses and the text say (calibrate.py):
         * a word the glosses also write in lower case (pacific, brazil
         * nut) or one part of a hyphenated word (french-fried) is a class
         * of its own. */
        int low = (e->flags & DG_NAME_WN_LOWER) != 0;
        int lemma = !part && lower_lemma_next(sc, i);
        int hyph = low && (e->flags & DG_NAME_WN_LOWER_HYPHEN) && !part && !lemma;
        conf = part ? CONF_AMBIG_SHARE[2] : hyph ? CONF_AMBIG_HYPHEN_LOWER : CONF_AMBIG_SHARE[low];
        snprintf(ev, sizeof ev, "a common word too, but capitalized in %d%% of WordNet's uses%s",
                 share, part ? "; part of a hyphenated word"
                        : lemma && low ? "; WordNet writes it and the next word in lower case"
                        : hyph ? "; lower case in the glosses only inside hyphenated words"
                        : low ? "; the glosses also write it in lower case" : "");
    } else if (share >= 90 && generated && !part && !(e->flags & DG_NAME_WN_LOWER) &&
               (e->flags & DG_NAME_GCIDE_NAME) &&
               !(doc->tok[u->tok].flags & DG_TOKEN_LITERAL) && !after_indefinite(sc, i)) {
        conf = CONF_AMBIG_NEVER_LOWER;
        snprintf(ev, sizeof ev, "a common word too, but capitalized in every one of WordNet's "
                 "uses (%d%%)", share);
    } else if (generated && !part &&
               (conf = regnal_ambiguous_evidence(sc, i, e, ev, sizeof ev)) > 0) {
        return propose_word(sc, u, e, 0, "casing.person", conf, ev);
    } else if (generated && !part &&
               (conf = census_person_evidence(sc, i, ev, sizeof ev)) > 0) {
        return propose_word(sc, u, e, 0, "casing.person", conf, ev);
    } else if (generated && e->priority < 2) {
        /* SCOWL's and hunspell's capitalized common words (Earth, Union,
         * Great): only their measured share counts. */
        return 0;
    } else {
        /* The neighbours and the same text asked only here: the classes
         * above need none of them. */
        if (ambiguous_word && share != 0)
            seen = seen_near(sc, e, u->start);
        int list = in_place_list(sc, i), prep = place_prep_before(sc, i);
        if (seen && (prep || list)) {
            conf = 0.92;
            snprintf(ev, sizeof ev, "same text: capitalized %s; %s",
                     dg_edits_distance(where, sizeof where, seen - 1, u->start),
                     list ? "in a list of places" : "after a preposition");
        } else if (list && (e->flags & DG_NAME_COUNTRY)) {
            conf = 0.91;
            snprintf(ev, sizeof ev, "in a list of places");
        } else if (prep && (e->flags & DG_NAME_PLACE) && share >= 75) {
            conf = 0.91;
            snprintf(ev, sizeof ev, "a place after a preposition; capitalized in %d%% of "
                     "WordNet's uses", share);
        } else if (seen) {
            conf = CONF_FINDING;
            snprintf(ev, sizeof ev, "same text: capitalized %s; also a common word",
                     dg_edits_distance(where, sizeof where, seen - 1, u->start));
        } else {
            conf = -1;     /* nothing yet */
        }
    }
    /* Where the above does not apply it, a place's context may. */
    if (conf < sc->apply_at && !part) {
        char pev[160];
        double pc = place_context(sc, i, e, share, pev, sizeof pev);
        if (pc > conf) {
            conf = pc;
            memcpy(ev, pev, sizeof pev);
        }
    }
    if (conf < 0)
        return 0;
    return propose_word(sc, u, e, 0, "casing.ambiguous-name", conf, ev);
}

/* A word that is no English word, written in lower case, after a word that
 * introduces names ("the genus prosopis", "trade name naprosyn",
 * "northern kazakhstan") or with an ending only names have ("the
 * pinaceae", "hemerobiidae"): the share of such words WordNet's glosses
 * capitalize is measured (gen-names.py intro_counts), and the confidence
 * is what tools/calibrate.py measured for the class.  Returns it (0: no
 * such evidence) with *rule and ev set. */
/* Measured 2026-12-01: after an introducer 16 of 16 on the devset and 113
 * of 125 on GCIDE with its capitalized unknown words lower-cased (tools/
 * gcide-casing.py; the wrong ones are typos and lower-case Latin): 0.915;
 * an ending (not after a capital) 2 of 2 and 33 of 38 (cornopean,
 * pemican, haemorrhoidae, epithets across a line break): 0.875, a
 * finding. */
#define CONF_INTRO 0.91
#define CONF_SUFFIX 0.87
/* The same ending right after "the" ("a genus of the pinaceae"): GCIDE 21
 * of 21 (gcide-casing.py --findings); in the glosses "the" + such a word
 * is capitalized 756 of 756 times, in GCIDE 489 of 490. */
#define CONF_SUFFIX_THE 0.93
/* An English word after an introducer that WordNet's glosses write
 * capitalized there and never in lower case ("placed in genus lychnis";
 * gen-names.py taxon_words): GCIDE 12 of 12 (gcide-casing.py --findings;
 * GCIDE never writes these in lower case after an introducer, by the
 * table's making, so this counts its right ones), devset 1 of 1. */
#define CONF_TAXON 0.91
static double taxon_evidence(const scan *sc, const unit *u, const dg_nt_stat *st,
                             const char **rule, char *ev, size_t cap)
{
    const dg_nt_stat *tx = dg_nt_taxon_word(sc->doc->text + u->start, u->end - u->start);
    if (!tx)
        return 0;
    *rule = "casing.name-after";
    snprintf(ev, cap, "an English word too, after \"%s\": WordNet's glosses write it "
             "capitalized there (%d), never in lower case", dg_nt_stat_word(st), tx->pct);
    return CONF_TAXON;
}

static double intro_evidence(const scan *sc, size_t i, const char **rule,
                             char *ev, size_t cap)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const dg_token *t = &doc->tok[u->tok];
    size_t n = u->end - u->start;
    /* broken_word() last of the tests: it is the dearest, and all are
     * pure. */
    if (n < 3 || n >= DG_GAZ_MAX_KEY || !(u->shape & SH_LOWER_ONLY) ||
        u->start != t->start || (t->flags & (DG_TOKEN_HYPHENATED | DG_TOKEN_LITERAL)))
        return 0;
    if (!(u->shape & SH_ASCII))
        return 0;
    /* The unit before first as the table asks of it, then whether it is
     * the word before on the line (prev_word()): most words have no
     * introducer before them. */
    const unit *p = i > 0 ? &sc->u[i - 1] : NULL;
    const dg_nt_stat *st = NULL, *suf = NULL;
    if (p && (p->shape & SH_LOWER_ONLY))
        st = intro_word_of(sc, p);
    if (!st && n < 7)
        return 0;
    p = prev_word(sc, i);
    if (!p)
        st = NULL;
    /* Endings are measured on words of 7 letters or more (gen-names.py
     * SUFFIX_LETTERS + 3): "barica" is Latin.  The apostrophe's test
     * after the tables': most words have neither. */
    if ((!st && (n < 7 || !(suf = name_suffix_of(sc, u)))) ||
        memchr(doc->text + u->start, '\'', n))
        return 0;
    /* After a capitalized genus an ending is a species' epithet, written
     * in lower case: "Arctotheca calendulaceae". */
    if ((!st && p && (p->shape & SH_FIRST_UPPER)) || broken_word(sc, i))
        return 0;
    if (dg_nt_is_word(doc->text + u->start, n) ||
        dg_dictionary_knows(sc->dict, doc->text + u->start, n))
        return st ? taxon_evidence(sc, u, st, rule, ev, cap) : 0;
    if (st) {
        *rule = "casing.name-after";
        snprintf(ev, cap, "no English word, after \"%s\": WordNet's glosses capitalize %d%% of such words",
                 dg_nt_stat_word(st), st->pct);
        return CONF_INTRO;
    }
    *rule = "casing.name-ending";
    int the = p && p->end - p->start == 3 && memcmp(doc->text + p->start, "the", 3) == 0;
    snprintf(ev, cap, "no English word, ending in -%s%s: WordNet's glosses capitalize %d%% of such words",
             dg_nt_stat_word(suf), the ? ", after \"the\"" : "", suf->pct);
    return the ? CONF_SUFFIX_THE : CONF_SUFFIX;
}

/* A word no name list knows, with intro_evidence(): only its first letter
 * changes. */
static int propose_unknown(const scan *sc, size_t i)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i];
    const char *rule = NULL;
    char ev[160];
    double conf = intro_evidence(sc, i, &rule, ev, sizeof ev);
    if (conf <= 0)
        return 0;
    if (sc->dry)
        return 1;
    size_t n = u->end - u->start;
    char repl[DG_GAZ_MAX_KEY];
    memcpy(repl, doc->text + u->start, n);
    repl[0] = (char)(repl[0] - 'a' + 'A');
    char what[DG_GAZ_MAX_KEY + 16];
    snprintf(what, sizeof what, "name \"%.*s\"", (int)n, repl);
    return propose_case(doc, u->start, u->end, repl, n, rule, conf, what, ev) < 0 ? -1 : 1;
}

/* A phrase of the glosses written as its title-cased name with capitals
 * lost, by gen-names.py's phrase_estimates: the first word capitalized (not
 * only by position, unless it is a name alone) and later ones in lower case
 * ("the Pacific ocean", "the Roman empire": DG_NAME_GLOSS_MIXED_TITLE), or
 * every word in lower case ("the rocky mountains", "the stone age":
 * DG_NAME_GLOSS_LOWER_TITLE).  Never a part of a hyphenated word ("Pacific
 * ocean-going").  Sets *conf and ev and returns 1 when a class holds. */
static int gloss_estimate(const scan *sc, size_t i, size_t last, const dg_name *e,
                          int written, int first_proper, double *conf, char *ev,
                          size_t cap)
{
    const dg_doc *doc = sc->doc;
    if (e->nwords < 2 ||
        !(e->flags & (DG_NAME_GLOSS_MIXED_TITLE | DG_NAME_GLOSS_LOWER_TITLE)))
        return 0;
    for (size_t j = i; j <= last; j++)
        if (doc->tok[sc->u[j].tok].flags & DG_TOKEN_HYPHENATED)
            return 0;
    /* The first word as this pass leaves it: capitalized in the text or by
     * the dry run (virt), or a name alone, which the phrase capitalizes
     * with the rest ("the american revolution" is judged as "the American
     * revolution" the next run sees: one run is a fixed point). */
    const unit *f = &sc->u[i];
    int first_up = first_proper ||
                   (unit_upper(sc, f) && (!f->first || !positional_at(sc, f->tok)));
    if (!written && !first_proper && !(f->shape & SH_FIRST_UPPER) &&
        (e->flags & DG_NAME_GLOSS_LOWER_TITLE)) {
        *conf = CONF_GLOSS_ALL_LOWER;
        snprintf(ev, cap, "all lower case: the estimate");
        return 1;
    }
    if (first_up && (e->flags & DG_NAME_GLOSS_MIXED_TITLE)) {
        *conf = CONF_GLOSS_MIXED;
        snprintf(ev, cap, "first word capitalized, a later one not: the estimate");
        return 1;
    }
    return 0;
}

static int compass_modifier(const scan *sc, size_t i, size_t last);

static int propose_multi(const scan *sc, size_t i, size_t last, const dg_name *e)
{
    /* Evidence inside the phrase: a word that is a name alone, or one the
     * writer capitalized where no capital was required. */
    int evidence = 0, capital = 0, written = 0;
    unsigned char proper[DG_GAZ_MAX_WORDS] = {0};
    for (size_t j = i; j <= last; j++) {
        const unit *u = &sc->u[j];
        const dg_name *s = single_name(sc, u);
        size_t wl;
        const char *w = name_word(e, (unsigned)(j - i), &wl);
        if (s && !(s->flags & (DG_NAME_AMBIGUOUS | DG_NAME_ACRONYM)) && w &&
            !(wl > 0 && w[0] >= 'a' && w[0] <= 'z')) {
            proper[j - i] = 1;
            evidence = 1;
        }
        if (unit_upper(sc, u) &&
            (!u->first || !positional_at(sc, u->tok)))
            evidence = capital = 1;
        if (starts_upper(sc->doc->text, u->start, u->end) &&
            (!u->first || !positional_at(sc, u->tok)))
            written = 1;
    }
    size_t seen = seen_near(sc, e, sc->u[i].start);
    double conf;
    char ev[160] = "", where[48];
    /* Only countries and names-file entries are trusted as phrases; for a
     * language, currency or macro-region the lower-case words are usually
     * plain modifiers: ancient Greek, western Europe, traditional Chinese. */
    int trusted = (e->flags & DG_NAME_COUNTRY) || e->priority >= 3;
    if ((e->flags & DG_NAME_WEAK) || !trusted) {
        conf = CONF_FINDING;
        snprintf(ev, sizeof ev, "%s", seen ? "same text writes it capitalized"
                                           : "may be written in lower case");
    } else if (!seen && compass_modifier(sc, i, last)) {
        conf = CONF_FINDING;
        snprintf(ev, sizeof ev, "a compass word before a name; the glosses do not title-case the phrase");
    } else if (evidence) {
        conf = CONF_PHRASE_INSIDE;
        snprintf(ev, sizeof ev, "a name word or capital inside the phrase");
    } else if (seen) {
        conf = 0.95;
        snprintf(ev, sizeof ev, "same text: capitalized %s",
                 dg_edits_distance(where, sizeof where, seen - 1, sc->u[i].start));
    } else if ((e->flags & DG_NAME_COUNTRY) || e->priority >= 3) {
        conf = 0.91;
        snprintf(ev, sizeof ev, "whole %s name", (e->flags & DG_NAME_COUNTRY)
                                                     ? "country" : "listed");
    } else {
        conf = CONF_FINDING;
        snprintf(ev, sizeof ev, "common words only");
    }
    /* What WordNet's glosses measure for the phrase (gen-names.py
     * gloss_phrases): of their uses with a capital, the share written
     * title-cased; and whether they ever write it all in lower case. */
    if ((e->flags & DG_NAME_GLOSS_PHRASE) && !(e->flags & DG_NAME_WEAK) &&
        conf < sc->apply_at) {
        if (written && (e->flags & DG_NAME_GLOSS_UNMIXED)) {
            conf = CONF_GLOSS_CAPITAL;
            snprintf(ev, sizeof ev, "a capital inside; WordNet's glosses never write "
                     "the phrase partly capitalized");
        } else if (!written && (e->flags & DG_NAME_GLOSS_TITLE) &&
                   (e->flags & DG_NAME_GLOSS_UNMIXED)) {
            /* All in lower case: never inside a hyphenated word (the
             * glosses' count leaves those out: "bronze-age culture"), and
             * a phrase of common words only from six title-cased uses
             * (share = uses / (uses + 1) when none is mixed). */
            int named = 0, hyphen = 0;
            for (size_t j = 0; j <= last - i; j++) {
                named |= proper[j];
                hyphen |= (sc->doc->tok[sc->u[i + j].tok].flags & DG_TOKEN_HYPHENATED) != 0;
            }
            if (!hyphen && (named || DG_NAME_SHARE(e->flags) >= 85)) {
                conf = CONF_GLOSS_LOWER[named];
                snprintf(ev, sizeof ev, "%s; WordNet's glosses write it only title-cased",
                         named ? "all lower case, a name word inside" : "all lower case");
            }
        }
        if (conf < sc->apply_at)
            gloss_estimate(sc, i, last, e, written, proper[0], &conf, ev, sizeof ev);
    }
    /* A phrase only the glosses give, without the evidence to apply it,
     * leaves its words to be judged alone ("the northern pacific Ocean"
     * is not "Northern Pacific"). */
    if ((e->flags & DG_NAME_GLOSS_PHRASE) && e->priority <= 1 &&
        !(e->flags & DG_NAME_COUNTRY) && conf < sc->apply_at) {
        int first = 0;
        for (size_t j = i; j <= last; j++) {
            const dg_name *s = single_name(sc, &sc->u[j]);
            int rc = s ? propose_single(sc, j, s) : 0;
            if (rc < 0)
                return -1;
            if (j == i)
                first = rc > 0;
        }
        return first;
    }
    int any = 0;
    for (size_t j = i; j <= last; j++) {
        double c = proper[j - i] && conf < 0.95 ? 0.95 : conf;
        int rc = propose_word(sc, &sc->u[j], e, (unsigned)(j - i), "casing.name-phrase",
                              c, ev);
        if (rc < 0)
            return -1;
        if (j == i && rc > 0)
            any = 1;
    }
    return any;
}

static int is_known_word(const scan *sc, const unit *u);
static const unit *unit_of_token(const scan *sc, size_t tok);

/* "src. dev/ino and dest. filename": a short lower-case word that is no
 * known word or name, before the '.' at byte mark, is a clipped word (an
 * abbreviation nobody listed), not a sentence's last word. */
static int clipped_before(const scan *sc, size_t from, size_t mark)
{
    const dg_doc *doc = sc->doc;
    size_t k = from;
    while (k > 0 && doc->tok[k - 1].start > mark)
        k--;
    if (k < 2 || doc->tok[k - 1].start != mark)
        return 0;
    const dg_token *w = &doc->tok[k - 2];
    size_t n = w->end - w->start;
    if (w->kind != DG_TOKEN_WORD || n > 4 || !is_all_lower(doc->text, w->start, w->end))
        return 0;
    for (size_t j = w->start; j < w->end; j++)
        if (!dg_ascii_lower((unsigned char)doc->text[j]))
            return 0;
    const unit *wu = unit_of_token(sc, k - 2);
    return wu && wu->start == w->start && wu->end == w->end && !is_known_word(sc, wu);
}

/* "man-db's `Makefile`s": a hyphenated word the text writes all in lower
 * case, the same letters as a whole word, HYPHEN_CONVENTION times or more
 * near it and never with a capital first, is a name written so on purpose
 * (a package's), at a sentence start too.  ASCII letters only. */
static int hyphenated_name_written_lower(const scan *sc, const dg_token *tok)
{
    const char *t = sc->doc->text;
    size_t len = sc->doc->len, s0 = tok->start, n = 0;
    while (s0 + n < tok->end && (dg_ascii_lower((unsigned char)t[s0 + n]) ||
                                 dg_ascii_digit((unsigned char)t[s0 + n]) ||
                                 t[s0 + n] == '-'))
        n++;
    if (n < 3 || !memchr(t + s0, '-', n) || t[s0 + n - 1] == '-')
        return 0;
    size_t lo = s0 > SEEN_WINDOW ? s0 - SEEN_WINDOW : 0;
    size_t hi = s0 + SEEN_WINDOW < len ? s0 + SEEN_WINDOW : len;
    size_t lower = 0;
    /* Find the second letter (the first may be either case). */
    for (size_t k = lo + 1; k + n <= hi + 1;) {
        const char *m = memchr(t + k, t[s0 + 1], hi + 2 - n - k);
        if (!m)
            break;
        size_t at = (size_t)(m - t) - 1;
        k = at + 2;
        if (memcmp(t + at + 1, t + s0 + 1, n - 1) != 0 ||
            (dg_ascii_lower((unsigned char)t[at]) ? t[at] : t[at] | 0x20) != t[s0])
            continue;
        if ((at > 0 && (dg_ascii_alnum((unsigned char)t[at - 1]) || t[at - 1] == '-')) ||
            (at + n < len && (dg_ascii_alnum((unsigned char)t[at + n]) || t[at + n] == '-')))
            continue;
        if (t[at] != t[s0])
            return 0;     /* written with a capital too */
        lower++;
    }
    return lower >= HYPHEN_CONVENTION;
}

static int propose_sentence_start(const scan *sc, const unit *u)
{
    const dg_doc *doc = sc->doc;
    const dg_token *t = &doc->tok[u->tok];
    /* A capital in the token's first part: the token is not all lower
     * case (below), whatever precedes it. */
    if (!u->first || (u->shape & SH_UPPER))
        return 0;
    /* Most words follow no sentence end: ask that first, it is cheaper. */
    size_t mark;
    double conf = sentence_end_before(doc, u->tok, &mark);
    if (conf <= 0 || !is_all_lower(doc->text, t->start, t->end))
        return 0;
    uint32_t cp;
    size_t n = dg_utf8_decode((const unsigned char *)doc->text + u->start,
                              u->end - u->start, &cp);
    UChar32 up = u_toupper((UChar32)cp);
    if (!n || up == (UChar32)cp)
        return 0;
    /* "gunzip is able": the capitalized word must be a known word or name
     * (a command's name is neither); without a dictionary, as before. */
    if (sc->dict && (!is_known_word(sc, u) || clipped_before(sc, u->tok, mark)))
        return 0;
    if ((t->flags & DG_TOKEN_HYPHENATED) && hyphenated_name_written_lower(sc, t))
        return 0;
    char repl[4];
    size_t o = 0;
    U8_APPEND_UNSAFE(repl, o, up);
    return dg_edits_propose(doc->edits, u->start, u->start + n, repl, o,
                            DG_STAGE_CASING, "casing.sentence-start", conf,
                            "sentence starts after '%c'", doc->text[mark]);
}

/* ---- line starts ------------------------------------------------------ */

/* A line's first word starts a sentence when the line before ended one
 * (or there is none), the line reads as prose, and the word is a known
 * word or name.  Whether lower-case line starts are damage or the text's
 * own style (glosses, notes, to-do lists, verse written in lower case) is
 * read from the text around it: its line starts after a sentence end must
 * be capitalized often enough nearby. */

#define LINE_START_MIN_WORDS 3

/* Lower-case line starts are the text's style when they outnumber the
 * capitalized ones this many times over within LINE_START_WINDOW bytes
 * (WordNet's glosses: 932 to 5; damage leaves a mix). */
#define LINE_START_STYLE 4
#define LINE_START_WINDOW ((size_t)4096)

typedef struct line_start {
    size_t tok;
    size_t pos;
    size_t mark;          /* the . ! ? before, or SIZE_MAX: first line */
    unsigned char upper;  /* 1: capitalized, 0: all lower case */
} line_start;

/* Last non-space token of the nearest non-blank line before the line that
 * token i opens; SIZE_MAX at the start of the text. */
static size_t prev_line_last(const dg_doc *doc, size_t i)
{
    while (i > 0) {
        i--;
        dg_token_kind k = doc->tok[i].kind;
        if (k != DG_TOKEN_SPACE && k != DG_TOKEN_NEWLINE)
            return i;
    }
    return SIZE_MAX;
}

/* First token of the line holding token i. */
static size_t line_first(const dg_doc *doc, size_t i)
{
    while (i > 0 && doc->tok[i - 1].kind != DG_TOKEN_NEWLINE)
        i--;
    return i;
}

/* Marks that prose does not use, or uses only inside code: a line with one
 * is a command, code or a table. */
static int is_code_mark(unsigned char c)
{
    return c && strchr("=<>{}|\\`$#@_*^~", c) != NULL;
}

/* A space token of at most three bytes (longer ones set columns) that
 * holds no tab. */
static int narrow_space(const char *t, const dg_token *x)
{
    if (x->end - x->start > 3)
        return 0;
    for (size_t k = x->start; k < x->end; k++)
        if (t[k] == '\t')
            return 0;
    return 1;
}

/* Counts the words and other tokens of the line from token i on; -1 when
 * the line holds code (marks, options "-l", paths "/usr", URLs, e-mail
 * addresses) or is set in columns.  Otherwise *end gets where the line
 * ends: its line break's token, or ntok. */
static int line_counts_end(const dg_doc *doc, size_t i, size_t *words, size_t *other,
                           size_t *end)
{
    const char *t = doc->text;
    *words = *other = 0;
    size_t k = i;
    for (; k < doc->ntok; k++) {
        const dg_token *x = &doc->tok[k];
        if (x->kind == DG_TOKEN_NEWLINE)
            break;
        switch (x->kind) {
        case DG_TOKEN_SPACE:
            if (k > i && !narrow_space(t, x))
                return -1;
            continue;
        case DG_TOKEN_WORD:
            (*words)++;
            continue;
        case DG_TOKEN_URL:
        case DG_TOKEN_EMAIL:
        case DG_TOKEN_INVALID:
            return -1;
        case DG_TOKEN_PUNCT: {
            unsigned char c = (unsigned char)t[x->start];
            if (is_code_mark(c))
                return -1;
            /* "-l", "--all", "/usr", "./configure", ".br": an option, a
             * path or a request begins after white space. */
            if ((c == '-' || c == '/' || c == '.') &&
                (x->start == 0 || t[x->start - 1] == ' ' || t[x->start - 1] == '\t' ||
                 t[x->start - 1] == '\n') &&
                x->end < doc->len && t[x->end] != ' ' && t[x->end] != '\n' &&
                t[x->end] != '\r')
                return -1;
            (*other)++;
            continue;
        }
        default:
            (*other)++;
            continue;
        }
    }
    *end = k;
    return 0;
}

/* line_counts_end() of the last two lines asked: a line is asked for as a
 * candidate and again as the line before the next one, whichever order
 * the two lines of a candidate are asked in. */
typedef struct line_count {
    size_t tok;           /* the line's first token asked; SIZE_MAX: none */
    int rc;
    size_t words, other;
    size_t end;           /* line_counts_end()'s, when rc is 0 */
} line_count;

typedef struct line_memo {
    line_count v[2];
    unsigned next;        /* the slot to fill next */
} line_memo;

static int line_counts_memo(const dg_doc *doc, line_memo *m, size_t i, size_t *words,
                            size_t *other)
{
    line_count *c = m->v[0].tok == i ? &m->v[0] : m->v[1].tok == i ? &m->v[1] : NULL;
    if (!c) {
        c = &m->v[m->next];
        m->next ^= 1;
        c->tok = i;
        c->rc = line_counts_end(doc, i, &c->words, &c->other, &c->end);
    }
    *words = c->words;
    *other = c->other;
    return c->rc;
}

/* The line break ending the line from token i on (or ntok), from the
 * memo when that line was counted. */
static size_t line_end_memo(const dg_doc *doc, const line_memo *m, size_t i)
{
    for (int s = 0; s < 2; s++)
        if (m->v[s].tok == i && m->v[s].rc == 0)
            return m->v[s].end;
    size_t e = i;
    while (e < doc->ntok && doc->tok[e].kind != DG_TOKEN_NEWLINE)
        e++;
    return e;
}

/* line_first() of token k, from the memo when k lies on a line counted
 * from its first token. */
static size_t line_first_memo(const dg_doc *doc, const line_memo *m, size_t k)
{
    for (int s = 0; s < 2; s++) {
        const line_count *c = &m->v[s];
        if (c->tok != SIZE_MAX && c->rc == 0 && c->tok <= k && k < c->end &&
            (c->tok == 0 || doc->tok[c->tok - 1].kind == DG_TOKEN_NEWLINE))
            return c->tok;
    }
    return line_first(doc, k);
}

/* The sentence that begins at token i ends (. ! ?) before its paragraph
 * does: a heading, a label or a line cut off is not a sentence. */
static int sentence_ends_in_paragraph(const dg_doc *doc, size_t i)
{
    const char *t = doc->text;
    int newlines = 0;
    for (size_t k = i; k < doc->ntok; k++) {
        const dg_token *x = &doc->tok[k];
        if (x->kind == DG_TOKEN_NEWLINE) {
            if (++newlines == 2)
                return 0;
            continue;
        }
        if (x->kind == DG_TOKEN_SPACE)
            continue;
        newlines = 0;
        if (x->kind != DG_TOKEN_PUNCT || x->end - x->start != 1)
            continue;
        unsigned char c = (unsigned char)t[x->start];
        if ((c == '.' || c == '!' || c == '?') &&
            (x->end == doc->len || t[x->end] == ' ' || t[x->end] == '\n' ||
             t[x->end] == '\r' || t[x->end] == '"' || t[x->end] == ')' ||
             (unsigned char)t[x->end] == 0xE2))
            return 1;
    }
    return 1; /* the text ends: the sentence may be cut by the caller */
}

/* Token i opens a line (no indentation) with a word that starts a sentence
 * of prose, whatever its case.  *mark gets the offset of the . ! or ? that
 * ends the line before, SIZE_MAX when there is no line before. */
static int line_start_candidate(const dg_doc *doc, line_memo *memo, size_t i, size_t *mark)
{
    const dg_token *t = &doc->tok[i];
    const char *s = doc->text;
    if (t->kind != DG_TOKEN_WORD || !(t->flags & DG_TOKEN_LINE_START))
        return 0;
    /* "o Handling of glyphs": a letter alone is a bullet; "a" and "i" are
     * words. */
    if (t->end - t->start == 1 && s[t->start] != 'a' && s[t->start] != 'i' &&
        s[t->start] != 'A' && s[t->start] != 'I')
        return 0;
    /* The word goes on into the sentence: "the ship", "in 1902",
     * "however,".  Up to three spaces: the punctuation stage closes up a
     * doubled one in the same pass, and a second run must decide alike. */
    if (i + 2 >= doc->ntok)
        return 0;
    const dg_token *n = &doc->tok[i + 1];
    if (n->kind == DG_TOKEN_SPACE) {
        if (!narrow_space(s, n))
            return 0;
        const dg_token *w = &doc->tok[i + 2];
        if (w->kind != DG_TOKEN_WORD && w->kind != DG_TOKEN_NUMBER &&
            w->kind != DG_TOKEN_ABBREV &&
            !(w->kind == DG_TOKEN_PUNCT && s[w->start] == '('))
            return 0;
    } else if (!(n->kind == DG_TOKEN_PUNCT && n->end - n->start == 1 &&
                 s[n->start] == ',')) {
        return 0;
    }
    size_t words, other;
    if (line_counts_memo(doc, memo, i, &words, &other) < 0 ||
        words < LINE_START_MIN_WORDS || words < other)
        return 0;
    size_t k = prev_line_last(doc, i);
    if (k == SIZE_MAX) {
        /* The first line: only when it reads as a whole sentence. */
        size_t e = i;
        while (e + 1 < doc->ntok && doc->tok[e + 1].kind != DG_TOKEN_NEWLINE)
            e++;
        while (e > i && doc->tok[e].kind == DG_TOKEN_SPACE)
            e--;
        size_t m;
        if (terminal_at(doc, e, &m) < 0.9)
            return 0;
        *mark = SIZE_MAX;
        return 1;
    }
    /* '"Why?" she asked' is dialogue going on: only a full stop, or ? or !
     * without a closing mark, ends the sentence there. */
    if (terminal_at(doc, k, mark) < 0.9)
        return 0;
    /* The line before is prose too, not code or a command ending in ".",
     * and not indented: a hanging indent ("  Suggested by Karl Berry.")
     * makes this line a list item. */
    size_t pw, po;
    size_t f = line_first_memo(doc, memo, k);
    if (doc->tok[f].kind == DG_TOKEN_SPACE ||
        line_counts_memo(doc, memo, f, &pw, &po) < 0 || pw == 0)
        return 0;
    /* So does an indented line right after this one. */
    size_t e = line_end_memo(doc, memo, i);
    if (e + 2 < doc->ntok && doc->tok[e + 1].kind == DG_TOKEN_SPACE &&
        doc->tok[e + 2].kind != DG_TOKEN_NEWLINE)
        return 0;
    return sentence_ends_in_paragraph(doc, i);
}

/* The text's line starts that begin a sentence of prose, in order: each
 * word token that opens a line is offered, in order (build_units()). */
typedef struct line_starts {
    line_start *v;
    size_t n, cap;
    line_memo memo;
} line_starts;

static int note_line_start(const dg_doc *doc, line_starts *ls, size_t i)
{
    const dg_token *t = &doc->tok[i];
    size_t mark;
    if (!line_start_candidate(doc, &ls->memo, i, &mark))
        return 0;
    int up = starts_upper(doc->text, t->start, t->end);
    if (!up && !is_all_lower(doc->text, t->start, t->end))
        return 0;
    if (ls->n == ls->cap) {
        line_start *v = dg_grow(ls->v, &ls->cap, ls->n + 1, sizeof *v, 64);
        if (!v)
            return -1;
        ls->v = v;
    }
    ls->v[ls->n++] = (line_start){i, t->start, mark, (unsigned char)up};
    return 0;
}

/* Known word or name: hunspell accepts it, or the gazetteer has it. */
static int is_known_word(const scan *sc, const unit *u)
{
    const dg_doc *doc = sc->doc;
    if (dg_dictionary_knows(sc->dict, doc->text + u->start,
                            u->end - u->start))
        return 1;
    return single_name(sc, u) != NULL;
}

/* The first unit of token tok (units ascend by token). */
static const unit *unit_of_token(const scan *sc, size_t tok)
{
    size_t lo = 0, hi = sc->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sc->u[mid].tok < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sc->n && sc->u[lo].tok == tok ? &sc->u[lo] : NULL;
}

/* Line start k is lower case, and within v[lo, hi) the same word opens
 * at least two more lines in lower case and none capitalized. */
static int same_word_style(const dg_doc *doc, const line_start *v, size_t lo,
                           size_t hi, size_t k)
{
    const dg_token *t = &doc->tok[v[k].tok];
    size_t len = t->end - t->start;
    int lower = 0;
    for (size_t j = lo; j < hi; j++) {
        const dg_token *o = &doc->tok[v[j].tok];
        if (j == k || o->end - o->start != len)
            continue;
        if (v[j].upper) {
            if (strncasecmp(doc->text + o->start, doc->text + t->start, len) == 0)
                return 0;
        } else if (memcmp(doc->text + o->start, doc->text + t->start, len) == 0) {
            lower++;
        }
    }
    return lower >= 2;
}

static int propose_line_starts(const scan *sc)
{
    const dg_doc *doc = sc->doc;
    const line_start *v = sc->starts->v;
    size_t n = sc->starts->n;
    int rc = 0;
    /* Capitalized and lower-case starts within the window, kept as two
     * moving edges over the sorted positions. */
    size_t lo = 0, hi = 0, up = 0, down = 0;
    char where[48];
    for (size_t k = 0; k < n && rc == 0; k++) {
        size_t pos = v[k].pos;
        while (hi < n && v[hi].pos <= pos + LINE_START_WINDOW) {
            up += v[hi].upper;
            down += !v[hi].upper;
            hi++;
        }
        while (v[lo].pos + LINE_START_WINDOW < pos) {
            up -= v[lo].upper;
            down -= !v[lo].upper;
            lo++;
        }
        if (v[k].upper)
            continue;
        /* The text writes its line starts in lower case here: its style. */
        if (up == 0 || up * LINE_START_STYLE < down)
            continue;
        /* "find now exits", "find now supports": a word the text starts
         * several lines with, never capitalized, is written so on purpose
         * (a command's name). */
        if (same_word_style(doc, v, lo, hi, k))
            continue;
        const unit *u = unit_of_token(sc, v[k].tok);
        if (!u || !u->first || !is_known_word(sc, u))
            continue;
        uint32_t cp;
        size_t len = dg_utf8_decode((const unsigned char *)doc->text + u->start,
                                    u->end - u->start, &cp);
        UChar32 cap = u_toupper((UChar32)cp);
        if (!len || cap == (UChar32)cp)
            continue;
        char repl[4];
        size_t o = 0;
        U8_APPEND_UNSAFE(repl, o, cap);
        if (v[k].mark == SIZE_MAX)
            rc = dg_edits_propose(doc->edits, u->start, u->start + len, repl, o,
                                  DG_STAGE_CASING, "casing.line-start",
                                  CONF_LINE_START_FIRST,
                                  "the text's first line reads as a sentence; "
                                  "%zu of %zu line starts after a sentence end "
                                  "nearby are capitalized", up, up + down);
        else
            rc = dg_edits_propose(doc->edits, u->start, u->start + len, repl, o,
                                  DG_STAGE_CASING, "casing.line-start",
                                  CONF_LINE_START,
                                  "the line before ends a sentence ('%c', %s) "
                                  "and this line reads as prose; %zu of %zu line "
                                  "starts after a sentence end nearby are "
                                  "capitalized", doc->text[v[k].mark],
                                  dg_edits_distance(where, sizeof where, v[k].mark,
                                                    u->start),
                                  up, up + down);
    }
    return rc < 0 ? -1 : 0;
}

/* "C.i.a.", "A.d.": dotted letters in mixed case that spell a dictionary
 * acronym take its capitals.  A capital the position explains ("I.e." and
 * "E.g." opening a sentence) is no evidence of an acronym. */
static int propose_acronym(const dg_doc *doc, const dg_abbrevs *abbrevs,
                           size_t i, size_t end)
{
    const dg_token *t = &doc->tok[i];
    const char *s = doc->text;
    char letters[8], form[16];
    size_t n = 0;
    int up = 0, low = 0;
    for (size_t k = t->start; k < end; k += 2) {
        if (k + 1 >= end || s[k + 1] != '.' || !dg_ascii_alpha((unsigned char)s[k]) ||
            n == sizeof letters)
            return 0;
        letters[n++] = s[k];
        up += dg_ascii_upper((unsigned char)s[k]) != 0;
    }
    low = (int)n - up;
    if (n < 2 || up == 0 || low == 0)
        return 0;
    if (up == 1 && dg_ascii_upper((unsigned char)letters[0]) &&
        capital_is_positional(doc, i))
        return 0;
    const char *src = NULL;
    unsigned line = dg_abbrevs_acronym(abbrevs, letters, n, &src);
    if (!line)
        return 0;
    char caps[8];
    for (size_t k = 0; k < n; k++) {
        char c = letters[k];
        caps[k] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
        form[2 * k] = caps[k];
        form[2 * k + 1] = '.';
    }
    char what[64], why[64];
    snprintf(what, sizeof what, "abbreviation %.*s", (int)(2 * n), form);
    snprintf(why, sizeof why, "the acronym %.*s, %s:%u", (int)n, caps, src, line - 1);
    return propose_case(doc, t->start, end, form, 2 * n, "casing.abbreviation",
                        0.95, what, why) < 0 ? -1 : 0;
}

/* The ABBREV tokens are sc's abbrev_tok (build_units()). */
static int propose_abbrevs(const scan *sc, const dg_abbrevs *abbrevs)
{
    const dg_doc *doc = sc->doc;
    for (size_t x = 0; x < sc->nabbrev; x++) {
        size_t i = sc->abbrev_tok[x];
        const dg_token *t = &doc->tok[i];
        size_t end = token_stem_end(t);
        const dg_abbrev *a = dg_abbrevs_find(abbrevs, doc->text + t->start,
                                             end - t->start);
        if (!a) {
            if (propose_acronym(doc, abbrevs, i, end) < 0)
                return -1;
            continue;
        }
        if (a->kind != DG_ABBREV_PROPER || a->len != end - t->start)
            continue;
        int caps = 0;
        for (size_t k = 0; k < a->len; k++)
            caps += a->form[k] >= 'A' && a->form[k] <= 'Z';
        if (caps < 2 || memcmp(a->form, doc->text + t->start, a->len) == 0)
            continue;
        char what[64];
        snprintf(what, sizeof what, "abbreviation %s", a->form);
        if (propose_case(doc, t->start, end, a->form, a->len, "casing.abbreviation",
                         0.95, what, a->source) < 0)
            return -1;
    }
    return 0;
}

/* ---- context words ---------------------------------------------------- */

/* Unit j is written in title case away from a position that asks for a
 * capital, or an applied edit capitalizes it: "Korean", "Pacific". */
static inline int titled_unit(const scan *sc, size_t j)
{
    const unit *u = &sc->u[j];
    if (sc->virt && sc->virt[j])
        return 1;
    return (u->shape & SH_TITLE) &&
           (!u->first || !positional_at(sc, u->tok));
}

/* casing.name-context's fifth and sixth classes (compass_phrase()),
 * measured 2026-12-01 with tools/gcide-casing.py --before-capital and
 * tools/calibrate.py: a phrase the glosses title-case in 95% of uses 957
 * of 966 on GCIDE's compass lines, 22 of 24 on the devset; one they
 * title-case in 70 to 94% ("south Pacific", "north Atlantic": the glosses
 * write both) 158 of 166 on GCIDE but 4 of 20 on the devset and the
 * WordNet no-harm text, a finding. */
#define CONF_COMPASS 0.91

/* A compass word: the first word of "North America", "Western Europe",
 * "Central Asia", "Southeast Asia".  A closed class, like the prepositions
 * of place. */
static int compass_word(const char *s, size_t n)
{
    static const char *const base[] = {"north", "south", "east", "west", NULL};
    if (n == 7 && strncasecmp(s, "central", 7) == 0)
        return 1;
    /* north, northern, northeast, northeastern, and so on */
    for (int k = 0; base[k]; k++) {
        size_t l = strlen(base[k]);
        if (n < l || strncasecmp(s, base[k], l) != 0)
            continue;
        const char *r = s + l;
        size_t m = n - l;
        if (l == 5 && m >= 4 && (strncasecmp(r, "east", 4) == 0 || strncasecmp(r, "west", 4) == 0)) {
            r += 4;
            m -= 4;
        }
        return m == 0 || (m == 3 && strncasecmp(r, "ern", 3) == 0);
    }
    return 0;
}

/* The two-word phrase that compass word unit i makes with the title-case
 * unit after it, when WordNet's glosses write the phrase title-cased
 * (gen-names.py gloss_phrases: at least 3 times, never all in lower case)
 * in at least 70 of 100 of its uses with a capital: "north America" (724
 * of 724), "north American" (281), "central America" (90 of 91); below 95
 * ("south Pacific", 20 of 22: the glosses also write "south Pacific") is
 * a class of its own.  "western Europe", written both ways, is no row.  The row is the
 * generated table's even where an ICU macro-region shadows it in the
 * gazetteer (ICU says "may be written in lower case", the glosses
 * measure it).  Returns the row or NULL. */
/* True when compass word unit i follows "and"/"or" after a lower-case
 * compass word ("eastern and central America", "south and central India"):
 * the two are plain adjectives of the name after them.  WordNet's glosses
 * write the second one in lower case in all 188 such coordinations
 * (the no-harm corpus: "eastern and central North America" 13). */
static int compass_coordinated(const scan *sc, size_t i)
{
    const dg_doc *doc = sc->doc;
    const unit *c = prev_word(sc, i);
    const unit *a = c ? prev_word(sc, (size_t)(c - sc->u)) : NULL;
    if (!a || !(a->shape & SH_LOWER_ONLY) || a->poss)
        return 0;
    size_t n = c->end - c->start;
    const char *w = doc->text + c->start;
    return ((n == 3 && strncmp(w, "and", 3) == 0) || (n == 2 && strncmp(w, "or", 2) == 0)) &&
           compass_word(doc->text + a->start, a->end - a->start);
}

static const dg_name *compass_phrase(const scan *sc, size_t i)
{
    const dg_doc *doc = sc->doc;
    const unit *u = &sc->u[i], *x = &sc->u[i + 1];
    if (!compass_word(doc->text + u->start, u->end - u->start) ||
        u->poss || compass_coordinated(sc, i))
        return NULL;
    char key[DG_GAZ_MAX_KEY];
    size_t n = dg_fold(doc->text + u->start, u->end - u->start, key, sizeof key);
    if (n == 0 || n + 2 >= sizeof key)
        return NULL;
    key[n++] = ' ';
    size_t m = dg_fold(doc->text + x->start, x->end - x->start, key + n, sizeof key - n);
    if (m == 0)
        return NULL;
    const dg_name *r = dg_nt_get(key, n + m);
    unsigned need = DG_NAME_GLOSS_PHRASE | DG_NAME_GLOSS_TITLE;
    if (!r || r->nwords != 2 || (r->flags & need) != need || (r->flags & DG_NAME_WN_LOWER) ||
        DG_NAME_SHARE(r->flags) < 70)
        return NULL;
    return r;
}

/* True when the two-word phrase at units i..last is a lower-case compass
 * word before a capitalized place that the glosses do not title-case with
 * it (compass_phrase() finds no row): "the south Sudan", "largely western
 * Sahara Desert" say the southern part of Sudan, the western Sahara.
 * "north Korea" (the glosses: 10 title-cased) keeps its phrase. */
static int compass_modifier(const scan *sc, size_t i, size_t last)
{
    if (last != i + 1 || !(sc->u[i].shape & SH_LOWER_ONLY) || !titled_unit(sc, i + 1))
        return 0;
    /* The name after it a place by itself (Sudan, Sahara, Georgia), not a
     * demonym ("north Korean", "south Koreans" name no part of a place). */
    const unit *x = &sc->u[i + 1];
    const dg_name *s = single_name(sc, x);
    const char *xw = sc->doc->text + x->start;
    size_t xn = x->end - x->start;
    if (xn > 1 && (xw[xn - 1] == 's' || xw[xn - 1] == 'S'))
        xn--;
    if (!s || (!(s->flags & DG_NAME_PLACE) && adjective_shape(xw, xn)))
        return 0;
    const unit *u = &sc->u[i];
    return compass_word(sc->doc->text + u->start, u->end - u->start) && !compass_phrase(sc, i);
}

/* casing.name-context's classes (after a capitalized word, after an
 * adjective, before a word, before an adjective): at most the precision
 * tools/calibrate.py measures for each (15/24, 6/9, 17/42, 9/11 on
 * 2026-12-01: right on the damaged sets, but WordNet's own glosses write
 * "north Atlantic", "the Western world", and machine translation writes
 * "south France" for southern France).  So they are findings.  Before a
 * word re-measured 16/41 on main cdb5544 (repairs). */
/* The seventh: a word the glosses capitalize before a capitalized word,
 * before a person's name (person_name()): "saint Bridget", "president
 * Lincoln").  Measured 2026-12-01 with tools/gcide-casing.py
 * --before-capital --findings on GCIDE's lines holding a context word: 74
 * of 74 (with world/great/compass words allowed 78 of 79, but "world
 * Jewry", "great Americans", "south Arabia" wrong in the calibrate
 * corpora); calibrate: 1 of 1 (devset "saint Bridget"). */
#define CONF_TITLE 0.91
/* The third class without the titles: 0 of 24 in calibrate (was 1 of 25
 * with "saint Bridget", 0.03). */
static const double CONF_CONTEXT[7] = {0.62, 0.66, 0.0, 0.81, CONF_COMPASS, 0.20, CONF_TITLE};

/* True when unit j is a person's name in the table: SCOWL lists it (not
 * only hunspell's case data), no place, month, day, acronym or designator,
 * and no English word unless an applied edit capitalizes it here (virt). */
static int person_name(const scan *sc, size_t j)
{
    const dg_name *e = single_name(sc, &sc->u[j]);
    if (!e || !(e->flags & DG_NAME_GENERATED) ||
        !((e->flags & DG_NAME_PERSONLIST) || strncmp(dg_name_source(e), "scowl ", 6) == 0) ||
        (e->flags & (DG_NAME_PLACE | DG_NAME_COUNTRY | DG_NAME_REGION | DG_NAME_MONTH |
                     DG_NAME_WEEKDAY | DG_NAME_ACRONYM | DG_NAME_DESIGNATOR | DG_NAME_RARE)))
        return 0;
    /* "great Americans": a demonym's plural names a people, not a person. */
    const unit *u = &sc->u[j];
    if (u->end - u->start > 3 && sc->doc->text[u->end - 1] == 's' &&
        adjective_shape(sc->doc->text + u->start, u->end - u->start - 1))
        return 0;
    return !(e->flags & DG_NAME_AMBIGUOUS) || (sc->virt && sc->virt[j]);
}

/* A title before a person's name: a context word that the name lists
 * also list capitalized (Saint, Sir, President: "world Jewry" is no
 * title), and no compass word ("south Arabia" is compass_phrase()'s). */
static int title_word(const scan *sc, size_t i)
{
    const unit *u = &sc->u[i];
    const char *s = sc->doc->text + u->start;
    return !compass_word(s, u->end - u->start) && single_name(sc, u) != NULL;
}

/* The ending of a demonym or language adjective (Korean, Chinese, English,
 * Arabic, French, Iraqi, Moslem): the same test as tools/gen-names.py's
 * adjective_shape, which measured the shares apart for it. */
static int adjective_shape(const char *s, size_t n)
{
    static const char *const ends[] = {"an", "ese", "ish", "ic", "ch", "i", "em", NULL};
    for (int k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (n >= l && strncasecmp(s + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

/* A common word that WordNet's glosses capitalize beside a capitalized word
 * (names-table.h dg_nt_ctx, measured by tools/gen-names.py): "the Korean
 * war" -> War, "north America" -> North.  The share measured is the
 * confidence; a word and its neighbour are whole words one space apart. */
/* dg_nt_context() of unit u's fold, once per type for a whole token. */
static const dg_nt_ctx_word *context_word(const scan *sc, const unit *u)
{
    const dg_token *t = &sc->doc->tok[u->tok];
    uint32_t ty = sc->facts && u->start == t->start && u->end == t->end
                      ? sc->doc->type[u->tok] : DG_NO_TYPE;
    type_facts *f = ty != DG_NO_TYPE ? &sc->facts[ty] : NULL;
    if (f && (f->state & FACT_CONTEXT))
        return f->ctx;
    char key[DG_GAZ_MAX_KEY];
    size_t n = fold_unit(sc, u, key, sizeof key);
    const dg_nt_ctx_word *w = n ? dg_nt_context(key, n) : NULL;
    if (f) {
        f->ctx = w;
        f->state |= FACT_CONTEXT;
    }
    return w;
}

static int propose_context(scan *sc)
{
    const dg_doc *doc = sc->doc;
    /* A dry run only marks what would be applied: nothing when no class
     * claims enough (every edit's confidence is at most its class's). */
    if (sc->dry) {
        double top = 0;
        for (size_t c = 0; c < sizeof CONF_CONTEXT / sizeof CONF_CONTEXT[0]; c++)
            if (CONF_CONTEXT[c] > top)
                top = CONF_CONTEXT[c];
        if (top < sc->apply_at)
            return 0;
    }
    size_t hot = 0;
    for (size_t i = 0; i < sc->n; i++) {
        if (sc->dry <= 1) {
            /* near_title (below) holds only beside a unit in title case or
             * marked: on to the unit before the first such one from i - 1
             * on.  Only a unit tested below is marked, so the ones passed
             * over keep their virt. */
            size_t k = i ? i - 1 : 0;
            const unsigned char *virt = sc->virt;
            if (virt)
                while (k < sc->n && !(sc->u[k].shape & SH_TITLE) && !virt[k])
                    k++;
            else
                while (k < sc->n && !(sc->u[k].shape & SH_TITLE))
                    k++;
            if (k >= sc->n)
                break;
            if (k > i + 1)
                i = k - 1;
        }
        if (no_news_near(sc, i, i, &hot)) {
            if (hot >= sc->n)
                break;
            i = hot - VIRT_REACH - 1;
            continue;
        }
        const unit *u = &sc->u[i];
        /* The unit's own fields first, then its neighbours' (most words
         * have no title-case one), then the token's: every test is pure,
         * so their order changes no answer. */
        if (!u->first || !(u->shape & SH_LOWER_ONLY) || u->end - u->start < 2 ||
            (sc->dry && sc->virt[i]))
            continue;
        /* titled_unit() holds only for a unit in title case or marked by
         * a dry run: most words have neither neighbour so. */
        int near_title = 0;
        if (i > 0)
            near_title |= (sc->u[i - 1].shape & SH_TITLE) || (sc->virt && sc->virt[i - 1]);
        if (i + 1 < sc->n)
            near_title |= (sc->u[i + 1].shape & SH_TITLE) || (sc->virt && sc->virt[i + 1]);
        if (!near_title)
            continue;
        int after = i > 0 && sc->u[i - 1].joins && sc->u[i - 1].tok != u->tok &&
                    !sc->u[i - 1].poss && titled_unit(sc, i - 1);
        int before = u->joins && i + 1 < sc->n && sc->u[i + 1].first &&
                     titled_unit(sc, i + 1);
        if ((!after && !before) || (doc->tok[u->tok].flags & DG_TOKEN_HYPHENATED) ||
            (sc->dry && !virt_news(sc, i, i)))
            continue;
        const dg_nt_ctx_word *w = context_word(sc, u);
        const dg_name *cph = before ? compass_phrase(sc, i) : NULL;
        if (!w && !cph)
            continue;
        /* Four evidence classes, each with its own share and its own
         * measured precision (CONF_CONTEXT), and a fifth: a compass word
         * whose phrase with the next word the glosses title-case. */
        int pct = 0, cls = -1;
        if (cph) {
            pct = (int)DG_NAME_SHARE(cph->flags);
            cls = pct >= 95 ? 4 : 5;
        } else if (after) {
            const unit *p = &sc->u[i - 1];
            int adj = adjective_shape(doc->text + p->start, p->end - p->start);
            pct = adj ? w->after_adj : w->after;
            cls = adj;
        }
        const unit *nx = before ? &sc->u[i + 1] : NULL;
        /* "south France", "north Ohio": before a listed place that does not
         * make a listed name with it, a word is a plain modifier. */
        const dg_name *nn = nx ? single_name(sc, nx) : NULL;
        if (cph || (nn && (nn->flags & (DG_NAME_COUNTRY | DG_NAME_REGION | DG_NAME_PLACE))))
            nx = NULL;
        if (nx) {
            int adj = adjective_shape(doc->text + nx->start, nx->end - nx->start);
            int bpct = adj ? w->before_adj : w->before;
            if (bpct > pct) {
                pct = bpct;
                cls = 2 + adj;
                if (!adj && title_word(sc, i) && person_name(sc, i + 1))
                    cls = 6;
            }
        }
        if (pct == 0 || cls < 0)
            continue;
        double conf = pct >= 95 ? 0.95 : pct / 100.0;
        if (conf > CONF_CONTEXT[cls])
            conf = CONF_CONTEXT[cls];
        if (sc->dry) {
            if (conf >= sc->apply_at && !sc->virt[i]) {
                mark_virt(sc, i);
                if (hot > i)
                    hot = i;
            }
            continue;
        }
        /* The first letter in title case; the rest as written. */
        uint32_t cp;
        size_t l = dg_utf8_decode((const unsigned char *)doc->text + u->start,
                                  u->end - u->start, &cp);
        char repl[8];
        size_t o = 0;
        if (!l)
            continue;
        U8_APPEND_UNSAFE(repl, o, u_totitle((UChar32)cp));
        char why[160];
        static const char *const where[7] = {
            "after a capitalized word", "after a capitalized adjective",
            "before a capitalized word", "before a capitalized adjective", "", "",
            "before a capitalized person's name"};
        if (cph)
            snprintf(why, sizeof why, "a compass word before a capitalized word; WordNet's "
                     "glosses write \"%.*s\" title-cased in %d%% of uses%s", (int)cph->len,
                     dg_name_form(cph), pct, cls == 5 ? ", partly lower case in others" : "");
        else
            snprintf(why, sizeof why, "%s; WordNet's glosses capitalize it there in %d%% of uses",
                     where[cls], pct);
        if (propose_case(doc, u->start, u->start + l, repl, o, "casing.name-context",
                         conf, "name word", why) < 0)
            return -1;
    }
    return 0;
}

/* ---- inner capitals ---------------------------------------------------- */

/* Casing's one exception to "only a word all in lower case changes": a
 * word that already has a capital may have more of its letters
 * capitalized, never fewer, when the result is a known inner-capital name
 * (casing.inner-name) or a form this text writes (casing.inner-form). */

/* A whole-token unit of ASCII letters: 1 with an upper-case first letter
 * and another capital after a lower-case letter (YouTube, MacOS), 2 with a
 * lower-case first letter and a capital (youTube, macOS), 3 in title case
 * (Youtube); 0 otherwise (all lower or all upper case, other letters). */
static int inner_shape(const scan *sc, const unit *u)
{
    (void)sc;
    return (u->shape >> SH_INNER_SHIFT) & 3;
}

/* inner_shape() read from the text: once per unit, by build_units(). */
static int unit_inner_shape(const dg_doc *doc, const unit *u)
{
    const dg_token *t = &doc->tok[u->tok];
    if (u->start != t->start || u->end - u->start < 3 || !(u->shape & SH_UPPER) ||
        (t->flags & DG_TOKEN_HYPHENATED))
        return 0;
    unsigned char c = (unsigned char)doc->text[u->start];
    int up = 0, low = 0;
    for (size_t k = u->start + 1; k < u->end; k++) {
        unsigned char d = (unsigned char)doc->text[k];
        if (d >= 0x80 || !((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z')))
            return 0;
        up += d >= 'A' && d <= 'Z';
        low += d >= 'a' && d <= 'z';
    }
    if (c >= 'a' && c <= 'z')
        return up ? 2 : 0;
    if (!(c >= 'A' && c <= 'Z') || !low)
        return 0;
    return up ? 1 : 3;
}

/* True when want is got with some lower-case ASCII letters capitalized
 * and nothing else changed. */
static int only_capitalizes(const char *got, const char *want, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (got[k] != want[k] && !(got[k] >= 'a' && got[k] <= 'z' && want[k] == got[k] - 32))
            return 0;
    return 1;
}

/* A unit of inner_shape() 1 to 3 with a word type.  form: of shape 1 and
 * its capital not positional, so a form the text writes ("FeS",
 * "YouTube" away from a sentence start). */
typedef struct inner_use {
    uint32_t ty, pos, unit;
    unsigned char shape, form;
} inner_use;

/* Fills sc->inner_form with the units of inner shapes 1 to 3 in order of
 * word type and offset, and sc->inner_pre[k] with how many of
 * inner_form[0, k) are of shapes 1, 2 and 3 and are forms ([0] to [3]);
 * both stay NULL when the text has no unit of shape 1 or 2.  The rules
 * count near a word only (inner_near()), so that a piece of a stream,
 * with its context, counts what the whole text would. */
static int index_inner_forms(scan *sc)
{
    const dg_doc *doc = sc->doc;
    if (!doc->type || !doc->ntypes)
        return 0;
    size_t i = 0, n = 0;
    for (; i < sc->n; i++) {
        int sh = inner_shape(sc, &sc->u[i]);
        if ((sh == 1 || sh == 2) && doc->type[sc->u[i].tok] != DG_NO_TYPE)
            break;
    }
    if (i == sc->n)
        return 0;
    /* By type, in text order within each: a counting sort, as units come
     * in text order (the text has many title-case words). */
    uint32_t *at = calloc(doc->ntypes + 1, sizeof *at);
    unsigned char *typed = calloc(doc->ntypes, 1);
    if (!at || !typed) {
        free(at);
        free(typed);
        return -1;
    }
    for (i = 0; i < sc->n; i++) {
        uint32_t ty = doc->type[sc->u[i].tok];
        if (ty != DG_NO_TYPE && inner_shape(sc, &sc->u[i]))
            at[ty + 1]++, n++;
    }
    for (size_t t = 0; t < doc->ntypes; t++)
        at[t + 1] += at[t];
    inner_use *v = malloc((n ? n : 1) * sizeof *v);
    uint32_t(*pre)[4] = malloc((n + 1) * sizeof *pre);
    if (!v || !pre) {
        free(at);
        free(typed);
        free(v);
        free(pre);
        return -1;
    }
    for (i = 0; i < sc->n; i++) {
        int sh = inner_shape(sc, &sc->u[i]);
        uint32_t ty = doc->type[sc->u[i].tok];
        if (!sh || ty == DG_NO_TYPE)
            continue;
        inner_use *x = &v[at[ty]++];
        *x = (inner_use){ty, sc->u[i].start, (uint32_t)i, (unsigned char)sh,
                         (unsigned char)(sh == 1 && !positional_at(sc, sc->u[i].tok))};
        typed[ty] |= x->form;
    }
    free(at);
    size_t k;
    memset(pre[0], 0, sizeof pre[0]);
    for (k = 0; k < n; k++) {
        memcpy(pre[k + 1], pre[k], sizeof pre[k]);
        pre[k + 1][v[k].shape - 1]++;
        pre[k + 1][3] += v[k].form;
    }
    sc->inner_form = v;
    sc->inner_pre = pre;
    sc->inner_typed = typed;
    sc->ninner = n;
    return 0;
}

/* The first index of sc->inner_form at or after (ty, pos). */
static size_t inner_at(const scan *sc, uint32_t ty, size_t pos)
{
    size_t lo = 0, hi = sc->ninner;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const inner_use *x = &sc->inner_form[mid];
        if (x->ty < ty || (x->ty == ty && x->pos < pos))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* How many units of word type ty within w bytes of offset here are of
 * shapes 1, 2, 3 and are forms: cnt[0] to cnt[3]. */
static void inner_near(const scan *sc, uint32_t ty, size_t here, size_t w, uint32_t cnt[4])
{
    size_t lo = inner_at(sc, ty, here > w ? here - w : 0);
    size_t hi = inner_at(sc, ty, here + w + 1);
    for (int j = 0; j < 4; j++)
        cnt[j] = sc->inner_pre[hi][j] - sc->inner_pre[lo][j];
}

/* The form (see inner_use) of word type ty nearest to offset here within
 * DG_SAME_TEXT_WINDOW bytes (the one before on a tie), or NULL. */
static const unit *inner_form_near(const scan *sc, uint32_t ty, size_t here)
{
    size_t w = DG_SAME_TEXT_WINDOW;
    size_t lo = inner_at(sc, ty, here > w ? here - w : 0);
    size_t k = inner_at(sc, ty, here), hi = inner_at(sc, ty, here + w + 1);
    uint32_t(*pre)[4] = sc->inner_pre;
    const inner_use *before = NULL, *after = NULL;
    /* The last form in [lo, k): the j after it is the least with pre[j]
     * at pre[k]'s count. */
    if (pre[k][3] > pre[lo][3]) {
        size_t a = lo, b = k;
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (pre[mid][3] < pre[k][3])
                a = mid + 1;
            else
                b = mid;
        }
        before = &sc->inner_form[a - 1];
    }
    /* The first form in [k, hi). */
    if (pre[hi][3] > pre[k][3]) {
        size_t a = k, b = hi;
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (pre[mid + 1][3] <= pre[k][3])
                a = mid + 1;
            else
                b = mid;
        }
        after = &sc->inner_form[a];
    }
    if (before && (!after || here - before->pos <= after->pos - here))
        return &sc->u[before->unit];
    return after ? &sc->u[after->unit] : NULL;
}

/* The edit of an inner-capital rule: on a word that is literal only for
 * its camel case (DG_TOKEN_CAMEL) it is no finding for that. */
static int propose_inner_case(const scan *sc, const unit *u, const char *repl,
                              const char *rule, double conf, const char *what,
                              const char *why)
{
    const dg_doc *doc = sc->doc;
    size_t n0 = doc->edits->n;
    if (propose_case(doc, u->start, u->end, repl, u->end - u->start, rule, conf, what, why) < 0)
        return -1;
    if (doc->edits->n > n0 && (doc->tok[u->tok].flags & DG_TOKEN_CAMEL))
        doc->edits->v[doc->edits->n - 1].camel = 1;
    return 1;
}

/* Whether the literal marks leave unit u to the inner-capital rules: not
 * literal, or literal only for its camel case. */
static int inner_editable(const scan *sc, const unit *u)
{
    unsigned f = sc->doc->tok[u->tok].flags;
    return !(f & DG_TOKEN_LITERAL) || (f & DG_TOKEN_CAMEL);
}

/* casing.inner-name: a word with a capital that differs only in case from
 * a known one-word inner-capital name (the generated table's or a names
 * file's: YouTube, PostScript, MacArthur, iPhone), the name having every
 * capital the word has ("youTube", "Youtube" -> "YouTube"; "MacOS" never
 * becomes "macOS", "YOUTUBE" stays).  Classes, measured by
 * tools/gcide-inner.py:
 *   [0] first letter in lower case, a capital inside ("youTube"): GCIDE
 *       and the glosses with their inner-capital words so damaged 136 of
 *       136 right; no proposal on them undamaged nor on the technical
 *       no-harm corpus (2026-12-01);
 *   [1] title case away from a sentence start, and the same text writes
 *       the name's form ("Mediatek" beside "MediaTek"): a finding.  GCIDE
 *       and the glosses so damaged: 10 right of 10, all of one name
 *       (WordNet); clean technical text (the three no-harm corpora):
 *       7 wrong of 7 (Laserjet, Myspell, Github, Powerpc: the writers'
 *       own spellings beside the brand's).  None of the source, the
 *       title-case form in any word list, either form's count, a line
 *       start, "the" before it, a literal token on the line, nor the
 *       distance to the name's form keeps the 10 and drops the 7
 *       (2026-12-02); the names files' brands occur in no allowed text;
 *   [2] title case without that: a finding, good writers spell names so
 *       (Macdonald, Laserjet, Myspell, Postscript);
 *   [3] title case where the position asks for a capital, or a name
 *       whose lower-case form is an English word and which the text
 *       also writes: a finding (without that, no proposal: "Name" is
 *       the word, never a damaged "NAmE");
 *   [4] any of them where this text writes the word so at least twice
 *       and more often than the name's form (a spelling of its own, a
 *       package's name): a finding. */
static const double CONF_INNER_NAME[5] = {0.95, CONF_FINDING, CONF_FINDING,
                                          CONF_FINDING, CONF_FINDING};
static int propose_inner_name(const scan *sc, size_t i, const dg_name *e)
{
    const unit *u = &sc->u[i];
    const dg_doc *doc = sc->doc;
    if (sc->dry || e->nwords != 1 || !(e->flags & DG_NAME_EXACT) ||
        (e->flags & DG_NAME_ACRONYM) || !inner_editable(sc, u))
        return 0;
    int sh = inner_shape(sc, u);
    size_t n = u->end - u->start;
    const char *form = dg_name_form(e);
    if ((sh != 2 && sh != 3) || e->len != n ||
        !only_capitalizes(doc->text + u->start, form, n))
        return 0;
    /* How often the text writes the name's form and this word's shape,
     * within DG_CASING_LOWER_WINDOW bytes (casing.h). */
    uint32_t ty = doc->type ? doc->type[u->tok] : DG_NO_TYPE;
    uint32_t cnt[4] = {0, 0, 0, 0};
    int counted = sc->inner_form && ty != DG_NO_TYPE;
    if (counted)
        inner_near(sc, ty, u->start, DG_CASING_LOWER_WINDOW, cnt);
    int name_first_upper = form[0] >= 'A' && form[0] <= 'Z';
    uint32_t named = cnt[name_first_upper ? 0 : 1];
    uint32_t own = counted ? cnt[sh - 1] : 1;
    int cls = sh == 2 ? 0 : named ? 1 : 2;
    if (sh == 3 && (capital_is_positional(doc, u->tok) || (e->flags & DG_NAME_AMBIGUOUS))) {
        /* A title-case English word ("Name", "Bed", "News") is that word
         * unless the text writes the name ("NAmE", "BEd", "NeWS") too:
         * decided, with nothing to propose. */
        if ((e->flags & DG_NAME_AMBIGUOUS) && !named)
            return 1;
        cls = 3;
    }
    if (own >= 2 && own > named)
        cls = 4;
    char what[DG_GAZ_MAX_KEY + 16], why[DG_GAZ_MAX_KEY + 64];
    snprintf(what, sizeof what, "name \"%.*s\"", (int)e->len, form);
    static const char *const how[5] = {
        "inner capitals; first letter in lower case",
        "inner capitals; title case, the same text writes the name so",
        "inner capitals; written in title case",
        "inner capitals; title case at a sentence start or a common word",
        "inner capitals; the text writes this form more often"};
    snprintf(why, sizeof why, "%s; %s", dg_name_source(e), how[cls]);
    return propose_inner_case(sc, u, form, "casing.inner-name", CONF_INNER_NAME[cls],
                              what, why);
}

/* casing.inner-form: a word whose capitals are a subset of an inner-capital
 * form the same text writes away from a sentence start, at least as often
 * ("feS", "youTube" -> "FeS", "YouTube"; "Mediatek" -> "MediaTek"): the
 * form proposed is that one; no other form is guessed.  "macOS" twenty
 * times beside "MacOS" once stays.  Measured by tools/gcide-inner.py:
 *   [0] first letter in lower case; [1] title case; [2] title case where
 *   the position asks for a capital ("Next" beside "NeXT"). */
static const double CONF_INNER_FORM[3] = {CONF_FINDING, CONF_FINDING, CONF_FINDING};
static int propose_inner(const scan *sc, size_t i)
{
    const unit *u = &sc->u[i];
    if (!sc->inner_form || sc->dry)
        return 0;
    int sh = inner_shape(sc, u);
    if (sh != 2 && sh != 3)
        return 0;
    const dg_doc *doc = sc->doc;
    uint32_t ty = doc->type[u->tok];
    if (ty == DG_NO_TYPE)
        return 0;
    /* A form written nearby, and at least as often as this shape; most
     * title-case words have no form anywhere. */
    if (!sc->inner_typed[ty])
        return 0;
    uint32_t cnt[4];
    inner_near(sc, ty, u->start, DG_CASING_LOWER_WINDOW, cnt);
    const unit *f = cnt[3] ? inner_form_near(sc, ty, u->start) : NULL;
    if (!f || cnt[sh - 1] > cnt[0])
        return 0;
    size_t n = u->end - u->start;
    if (f->end - f->start != n ||
        !only_capitalizes(doc->text + u->start, doc->text + f->start, n))
        return 0;
    int cls = sh == 2 ? 0 : capital_is_positional(doc, u->tok) ? 2 : 1;
    char what[DG_TYPE_MAX_FOLD + 16], ev[128], where[48];
    snprintf(what, sizeof what, "form \"%.*s\"", (int)n, doc->text + f->start);
    static const char *const how[3] = {"", "; title case", "; title case at a sentence start"};
    snprintf(ev, sizeof ev, "same text writes it so %s%s%s",
             dg_edits_distance(where, sizeof where, f->start, u->start),
             how[cls], inner_editable(sc, u) ? "" : "; literal text");
    return propose_inner_case(sc, u, doc->text + f->start, "casing.inner-form",
                              inner_editable(sc, u) ? CONF_INNER_FORM[cls] : CONF_FINDING,
                              what, ev);
}

/* Pass 2 over names only (the dry runs). */
static int propose_names(scan *sc)
{
    size_t hot = 0;
    for (size_t k = 0; k < sc->nm; k++) {
        const match *m = &sc->m[k];
        if (no_news_near(sc, m->first, m->last, &hot) || !virt_news(sc, m->first, m->last) ||
            (m->name->nwords == 1 && sc->virt[m->first]))
            continue;
        int rc = m->name->nwords == 1 ? propose_single(sc, m->first, m->name)
                                      : propose_multi(sc, m->first, m->last, m->name);
        if (rc < 0)
            return -1;
        /* What it marked lies within the match. */
        if (hot > m->first)
            hot = m->first;
    }
    return 0;
}

int dg_casing_propose(const dg_casing *c, const dg_doc *doc)
{
    if (!c)
        return 0;
    scan sc = {.doc = doc, .gaz = c->gaz, .dict = c->dict};
    sc.apply_at = c->min_confidence > 0 ? c->min_confidence : DG_DEFAULT_MIN_CONFIDENCE;
    line_starts starts = {.memo = {.v = {{.tok = SIZE_MAX}, {.tok = SIZE_MAX}}}};
    sc.starts = &starts;
    sc.abbrevs_wanted = c->abbrevs != NULL;
    int rc = build_units(&sc);
    if (rc == 0 && doc->ntok && !(sc.positional = calloc(doc->ntok, 1)))
        rc = -1;
    if (rc == 0 && doc->type && doc->ntypes) {
        sc.type_name = malloc(doc->ntypes * sizeof *sc.type_name);
        sc.type_state = calloc(doc->ntypes, 1);
        sc.type_census = malloc(doc->ntypes * sizeof *sc.type_census);
        sc.census_state = calloc(doc->ntypes, 1);
        sc.facts = calloc(doc->ntypes, sizeof *sc.facts);
        if (!sc.type_name || !sc.type_state || !sc.type_census || !sc.census_state ||
            !sc.facts)
            rc = -1;
    }
    pair_memo pairs = {0};
    sc.pairs = &pairs;
    if (rc == 0)
        rc = record_capitalized(&sc, 0);
    free(pairs.v);
    sc.pairs = NULL;
    if (rc == 0 && sc.n) {
        sc.virt = calloc(sc.n, 1);
        sc.quiet = calloc(sc.n, 1);
        if (!sc.virt || !sc.quiet)
            rc = -1;
    }
    /* Dry runs to the fixed point of the edits that need no same-text
     * evidence (seen_near() finds none and lower case counts as deliberate
     * until the uses are judged): their capitals count as written for the
     * judging and for phrases.  A few rounds at most: each one only adds
     * capitals. */
    size_t nvirt = 0;
    sc.nvirt = &nvirt;
    for (int round = 0; rc == 0 && sc.virt && round < 8; round++) {
        size_t before = nvirt;
        sc.dry = round + 1;
        rc = propose_names(&sc);
        if (rc == 0)
            rc = propose_context(&sc);
        sc.dry = 0;
        if (rc < 0 || nvirt == before)
            break;
        sc.nuses = 0;
        rc = record_capitalized(&sc, 1);
    }
    if (rc == 0)
        rc = judge_uses(&sc);
    if (rc == 0)
        rc = index_inner_forms(&sc);
    size_t next = 0;
    for (size_t i = 0; rc == 0 && i < sc.n;) {
        size_t last = i;
        const dg_name *e = NULL;
        if (next < sc.nm && sc.m[next].first == i) {
            e = sc.m[next].name;
            last = sc.m[next++].last;
        }
        int done = 0;
        if (e)
            done = e->nwords == 1 ? propose_single(&sc, i, e)
                                  : propose_multi(&sc, i, last, e);
        else
            done = propose_unknown(&sc, i);
        if (done == 0 && e && e->nwords == 1)
            done = propose_inner_name(&sc, i, e);
        if (done == 0)
            done = propose_inner(&sc, i);
        if (done < 0) {
            rc = -1;
            break;
        }
        if (!done && propose_sentence_start(&sc, &sc.u[i]) < 0)
            rc = -1;
        i = e ? last + 1 : i + 1;
    }
    if (rc == 0)
        rc = propose_context(&sc);
    /* Line starts are capitalized whatever else is proposed there (a name
     * at 0.7, say): the resolver keeps the more confident edit. */
    if (rc == 0)
        rc = propose_line_starts(&sc);
    if (rc == 0 && c->abbrevs)
        rc = propose_abbrevs(&sc, c->abbrevs);
    dg_scratch_keep(doc->scratch, DG_SCRATCH_PASS, sc.u, sc.u_bytes);
    free(starts.v);
    free(sc.abbrev_tok);
    free(sc.uses);
    free(sc.m);
    free(sc.virt);
    free(sc.quiet);
    free(sc.type_name);
    free(sc.type_state);
    free(sc.inner_form);
    free(sc.inner_pre);
    free(sc.inner_typed);
    free(sc.positional);
    free(sc.type_census);
    free(sc.census_state);
    free(sc.facts);
    return rc;
}
