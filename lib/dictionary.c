/* dictionary.c - the hunspell stage: unknown words and split compounds.
 *
 * Policy: what is applied and what is only reported
 * -------------------------------------------------
 * Applied (confidence 0.95):
 *   dictionary.closed-compound  "smart phones" -> "smartphones".  Two words
 *       separated by exactly one space are joined only when their
 *       lower-cased concatenation (a plural -s/-es set aside) is listed in
 *       dicts/compounds.txt AND the joined form as written is accepted by
 *       hunspell or the word lists.  compounds.txt lists only words whose
 *       two-word form is not standard English, so "may be", "every day",
 *       "web site" or "health care" are never touched.  The second word
 *       must be lower case (or both all capitals), which keeps titles
 *       ("Smart Phones") and names alone and preserves the first word's
 *       case ("Smart phones" -> "Smartphones").
 * Reported only (confidence below DG_DEFAULT_MIN_CONFIDENCE):
 *   dictionary.case         a lower-case word hunspell rejects while one of
 *       its suggestions differs only in case ("korea" -> "Korea").
 *       Not applied: on the WordNet glosses (1.45 million words of edited
 *       English) it would change 459 correct words ("grey" -> "Grey" 285
 *       times, "tv" -> "TV", "midwestern", "arabic").  The casing stage,
 *       which has context, is where such fixes are applied.
 *   dictionary.typo         exactly one suggestion one edit away (Damerau:
 *       insert, delete, replace or swap one letter): "recieve" -> "receive".
 *       Not applied: over 600 distinct correct WordNet words qualify
 *       ("acknowledgement" -> "acknowledgment", "annum" -> "annul").
 *   dictionary.unknown-word any other word hunspell rejects: no
 *       replacement, the first suggestions in the reason.  Only the
 *       first SUGGEST_BUDGET unknown words of one dg_fix() call get
 *       suggestions; later ones are reported without.
 *   A capitalized word opening a sentence may be a name hunspell does not
 *   know: its findings are a class of their own.
 *
 * Confidence is measured precision (tools/calibrate.py over the devsets and
 * the clean corpora, 2026-12-01; a flag without a replacement is right when
 * the reference writes something else there).  These findings are rarely
 * right, and say so:
 *   case 0.015 (31 of 2017 after the session-4 casing classes; where the casing stage
 *   proposes the same word, the more confident finding is the one
 *   reported), typo 0.015
 *   (28 of 1830), unknown word with suggestions 0.006 (44 of 6821),
 *   without 0.012 (37 of 2991), with its suggestions skipped 0 of
 *   12793; at a sentence start without
 *   suggestions 0.02 (3 of 114, 2026-12-01 evening),
 *   with them skipped 0 of 490.  Classes
 *   measured on fewer than 20 findings claim no more than their
 *   mid-sentence counterparts.
 *
 * Loading
 * -------
 * The system dictionary named by dg_options.lang (en_US when NULL, en_GB,
 * or a path to a .dic with its .aff beside it), then dicts/words.dic, then
 * dg_options.dict_files in order.  Only the default en_US may be missing:
 * that is a warning appended to the engine's and the stage stays off, so
 * that degarble works on a system without hunspell-en-us.  A dictionary
 * the caller named (lang or dict_files) that cannot be read is DG_ERR_IO
 * naming the path; a malformed word list is DG_ERR_DATA with file:line.
 *
 * Which words are checked
 * -----------------------
 * WORD tokens only (never numbers, codes, URLs, e-mail addresses or dotted
 * abbreviations), without their possessive ending, and each part of a
 * hyphenated word on its own.  Skipped as probable names or acronyms:
 * capitalized words not opening a sentence (and whole hyphenated words
 * that start with one: "Young-hwan", "Kim Jong-Un"), words with an inner
 * capital (iPhone, MediaTek), all-capital words (ZTE, WPK), parts with
 * digits, words over DG_DICT_MAX_WORD bytes and invalid UTF-8.  Names the
 * dictionary does know are accepted by hunspell like any word.
 *
 * Speed
 * -----
 * hunspell costs microseconds per spell() and milliseconds per suggest(),
 * and its handle is not thread-safe.  Each engine therefore keeps two
 * bounded caches in front of one mutex-guarded handle: the verdict per
 * word (16384 slots, 1 MiB) and the classified suggestions per unknown
 * word (1024 slots).  Slots are guarded by striped locks so that threads
 * sharing an engine rarely wait for each other.  Suggestions are not
 * hunspell's (Hunspell_suggest takes ~40 ms a word) but every dictionary
 * word one edit away, checked with Hunspell_spell: ~2 ms a word.
 * Measured on garbled.txt repeated to 20 MB (degarble-bench): tokenizer
 * alone 32 MB/s, tokenizer + dictionary 25.6 MB/s with the caches (the
 * stage itself ~125 MB/s), 0.3 MB/s without them.
 * Setting DG_DICTIONARY_NO_CACHE in the environment when the engine is
 * built turns both caches off (for benchmarks and for the test that shows
 * the cache changes nothing).
 */
#include "dictionary.h"

#include "builtin-data.h"
#include "datafile.h"
#include "grow.h"
#include "stage.h"
#include "strmap.h"
#include "text.h"

#include <hunspell.h>
#include <unicode/uchar.h>

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


/* Longer "words" are run-together garbage or data; hunspell's own limit
 * is about the same. */
#define DG_DICT_MAX_WORD 100

/* 64-byte slots: nearly every English word fits the key; longer ones
 * bypass the cache. */
#define WORD_SLOTS (1u << 14)
#define WORD_KEY 54
#define SUGG_SLOTS (1u << 10)
#define SUGG_TEXT 160
#define LOCK_STRIPES 64
#define MAX_SHOWN 5
#define MAX_SEEN 16
/* Distinct unknown words per dg_fix() call that get full suggestions: a
 * bound on the cost of a text full of unknown words (random data, another
 * language).  Later ones get only the cheap case check.  Which words get
 * what depends on the call's text alone, never on what the cache holds,
 * so results are the same with and without the cache. */
#define SUGGEST_BUDGET 500
#define SEEN_SLOTS 2048

enum verdict { V_EMPTY = 0, V_KNOWN, V_UNKNOWN };

typedef struct word_slot {
    uint64_t hash;
    uint8_t len;
    uint8_t verdict;
    char key[WORD_KEY];
} word_slot;

enum sugg_kind { S_NONE = 1, S_LIST, S_CASE, S_TYPO };

/* What hunspell suggests for one unknown word, already classified. */
typedef struct sugg_info {
    uint8_t kind;
    uint8_t full;          /* 0: only the case check was made */
    uint8_t repl_len;
    char repl[DG_DICT_MAX_WORD + 1];
    char list[SUGG_TEXT];
} sugg_info;

typedef struct sugg_slot {
    uint64_t hash;
    uint8_t len;
    char key[WORD_KEY];
    sugg_info info;
} sugg_slot;

struct dg_dictionary {
    Hunhandle *hs;              /* NULL until first needed (see hs_ready) */
    pthread_mutex_t hs_lock;    /* held for every call into hunspell */
    /* Loading hunspell is most of an engine's start-up, so the default
     * dictionary is loaded by the first lookup, from these: */
    char dic[1024], aff[1024];
    char *plain;                /* words without flags, NUL-separated */
    size_t plain_len;
    char *flagged;              /* "word/FLAGS\n" lines for Hunspell_add_dic */
    size_t flagged_len, n_flagged;
    int load_failed;            /* lookups then answer "known": no edits */
    char label[64];             /* "en_US", or the .dic file's name */
    dg_strmap *compounds;       /* closed word -> compounds.txt line */
    /* Every first half a compound can have (its first 1 to n - 2 letters):
     * a word that is none is ruled out by its type's hash alone. */
    dg_strmap *compound_heads;
    /* Which two letters a closed compound begins with: most pairs of
     * words are ruled out by this table before any other work. */
    unsigned char compound_start[26][26];
    int use_cache;
    int text_only;              /* dg_options.text_only: findings unwanted */
    word_slot *words;
    sugg_slot *suggs;
    pthread_mutex_t stripes[LOCK_STRIPES];
};

/* ---- small helpers ---------------------------------------------------- */


/* Appends a message to the engine's warning (which may already hold
 * another stage's).  Out of memory just loses the warning. */
static void add_warning(char **warning, const char *msg)
{
    size_t old = *warning ? strlen(*warning) : 0;
    char *w = realloc(*warning, old + strlen(msg) + 3);
    if (!w)
        return;
    if (old)
        memcpy(w + old, "; ", 3), old += 2;
    strcpy(w + old, msg);
    *warning = w;
}

/* ---- hunspell behind the caches --------------------------------------- */

static dg_status hs_load(dg_dictionary *d, dg_error *err);

/* Caller holds hs_lock.  True when hunspell is loaded (now, if it was not
 * yet).  A lazy load can fail only for want of memory or a temporary file;
 * the dictionary then knows every word, which proposes nothing. */
static int hs_ready(dg_dictionary *d)
{
    if (!d->hs && !d->load_failed && hs_load(d, NULL) != DG_OK)
        d->load_failed = 1;
    return d->hs != NULL;
}

static int spell_uncached(dg_dictionary *d, const char *key)
{
    pthread_mutex_lock(&d->hs_lock);
    int ok = !hs_ready(d) || Hunspell_spell(d->hs, key) != 0;
    pthread_mutex_unlock(&d->hs_lock);
    return ok;
}

/* Both caches are 4-way set associative: with direct mapping, two words
 * that share a slot and alternate in the text would evict each other on
 * every occurrence, each time paying for hunspell again.  A full set loses
 * a way picked by the hash, which is as good as LRU here and needs no
 * bookkeeping. */
#define WAYS 4

static size_t set_of(uint64_t h, size_t slots)
{
    return (size_t)(h & (slots - 1)) & ~(size_t)(WAYS - 1);
}

static size_t victim(uint64_t h)
{
    return (size_t)(h >> 59) & (WAYS - 1);
}

/* key is NUL-terminated, klen bytes. */
static int is_known(dg_dictionary *d, const char *key, size_t klen)
{
    if (!d->use_cache || klen > WORD_KEY)
        return spell_uncached(d, key);
    uint64_t h = dg_hash_bytes(key, klen);
    size_t set = set_of(h, WORD_SLOTS);
    pthread_mutex_t *lock = &d->stripes[(set / WAYS) % LOCK_STRIPES];
    word_slot *w = &d->words[set];
    int v = V_EMPTY;
    pthread_mutex_lock(lock);
    for (size_t i = 0; i < WAYS && v == V_EMPTY; i++)
        if (w[i].verdict != V_EMPTY && w[i].hash == h && w[i].len == klen &&
            memcmp(w[i].key, key, klen) == 0)
            v = w[i].verdict;
    pthread_mutex_unlock(lock);
    if (v != V_EMPTY)
        return v == V_KNOWN;
    int ok = spell_uncached(d, key);
    pthread_mutex_lock(lock);
    size_t i = 0;
    while (i < WAYS && w[i].verdict != V_EMPTY)
        i++;
    word_slot *s = &w[i < WAYS ? i : victim(h)];
    s->hash = h;
    s->len = (uint8_t)klen;
    s->verdict = ok ? V_KNOWN : V_UNKNOWN;
    memcpy(s->key, key, klen);
    pthread_mutex_unlock(lock);
    return ok;
}

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Collects suggestions in the order they are found, without repeats. */
typedef struct sugg_acc {
    sugg_info *out;
    size_t used, shown;
    char seen[MAX_SEEN][DG_DICT_MAX_WORD + 2];
    size_t nseen;
} sugg_acc;

static int acc_add(sugg_acc *a, const char *w)
{
    for (size_t i = 0; i < a->nseen; i++)
        if (strcmp(a->seen[i], w) == 0)
            return 0;
    if (a->nseen < MAX_SEEN)
        snprintf(a->seen[a->nseen++], sizeof a->seen[0], "%s", w);
    size_t wl = strlen(w);
    if (a->shown < MAX_SHOWN && a->used + wl + 3 < sizeof a->out->list) {
        if (a->used)
            memcpy(a->out->list + a->used, ", ", 2), a->used += 2;
        memcpy(a->out->list + a->used, w, wl + 1);
        a->used += wl;
        a->shown++;
    }
    return 1;
}

static void set_repl(sugg_info *out, int kind, const char *w)
{
    size_t wl = strlen(w);
    if (wl > DG_DICT_MAX_WORD)
        return;
    out->kind = (uint8_t)kind;
    memcpy(out->repl, w, wl + 1);
    out->repl_len = (uint8_t)wl;
}

/* The dictionary's casing of key, when only the case is wrong: "korea" ->
 * "Korea", "uk" -> "UK", "iphone" -> "iPhone".  Caller holds hs_lock. */
static int case_variant(dg_dictionary *d, const char *key, size_t klen,
                        char *out)
{
    memcpy(out, key, klen + 1);
    out[0] = (char)toupper((unsigned char)out[0]);
    if (strcmp(out, key) != 0 && Hunspell_spell(d->hs, out))
        return 1;
    for (size_t i = 0; i < klen; i++)
        out[i] = (char)toupper((unsigned char)key[i]);
    if (strcmp(out, key) == 0 || !Hunspell_spell(d->hs, out))
        return 0;
    /* hunspell accepts every dictionary word in capitals, so capitals
     * alone do not say how the word is written: an all-capital entry
     * stems to itself; a mixed-case one (iPhone) is rare enough to ask
     * the slow suggester for its spelling. */
    char **list = NULL;
    int n = Hunspell_stem(d->hs, &list, out);
    int found = 0;
    for (int i = 0; i < n && !found; i++)
        found = strcmp(list[i], out) == 0;
    if (list)
        Hunspell_free_list(d->hs, &list, n);
    if (found)
        return 1;
    list = NULL;
    n = Hunspell_suggest(d->hs, &list, key);
    for (int i = 0; i < n && !found; i++) {
        if (strlen(list[i]) == klen && strcmp(list[i], key) != 0 &&
            strncasecmp(list[i], key, klen) == 0) {
            memcpy(out, list[i], klen + 1);
            found = 1;
        }
    }
    if (list)
        Hunspell_free_list(d->hs, &list, n);
    return found;
}

/* Suggestions for an unknown word.  hunspell's own suggester costs about
 * 40 ms a word, far too slow for bulk text, so the candidates are made
 * here: the case variant, then every word one edit away (swap, replace,
 * delete, insert a letter), then splits into two words, each checked with
 * Hunspell_spell (about 4 us).  That is about 2 ms for a ten-letter word. */
static void classify(dg_dictionary *d, const char *key, size_t klen,
                     int full, sugg_info *out)
{
    memset(out, 0, sizeof *out);
    out->kind = S_NONE;
    out->full = (uint8_t)full;
    sugg_acc acc = {.out = out};
    char w[DG_DICT_MAX_WORD + 3];
    pthread_mutex_lock(&d->hs_lock);
    if (!hs_ready(d)) {
        pthread_mutex_unlock(&d->hs_lock);
        return;
    }

    if (is_ascii(key, klen) && case_variant(d, key, klen, w)) {
        acc_add(&acc, w);
        set_repl(out, S_CASE, w);
    }
    if (!full || !is_ascii(key, klen) || klen < 2) {
        pthread_mutex_unlock(&d->hs_lock);
        if (out->kind == S_NONE && acc.shown)
            out->kind = S_LIST;
        return;
    }
    /* Candidates are made from the lower-case word and shown in the case
     * of the original's first letter ("Recieve" -> "Receive"). */
    int title = dg_ascii_upper((unsigned char)key[0]);
    char low[DG_DICT_MAX_WORD + 1];
    for (size_t i = 0; i <= klen; i++)
        low[i] = (char)tolower((unsigned char)key[i]);
    size_t nclose = 0;
    char close[DG_DICT_MAX_WORD + 2] = "";
#define TRY(len)                                                             \
    do {                                                                     \
        w[len] = '\0';                                                       \
        if (Hunspell_spell(d->hs, w)) {                                      \
            if (title)                                                       \
                w[0] = (char)toupper((unsigned char)w[0]);                   \
            if (acc_add(&acc, w) && nclose++ == 0)                           \
                memcpy(close, w, (len) + 1);                                 \
        }                                                                    \
    } while (0)
    for (size_t i = 0; i + 1 < klen; i++) {
        if (low[i] == low[i + 1])
            continue;
        memcpy(w, low, klen);
        w[i] = low[i + 1];
        w[i + 1] = low[i];
        TRY(klen);
    }
    for (size_t i = 0; i < klen; i++) {
        for (char c = 'a'; c <= 'z'; c++) {
            if (c == low[i])
                continue;
            memcpy(w, low, klen);
            w[i] = c;
            TRY(klen);
        }
    }
    for (size_t i = 0; i < klen; i++) {
        if (i > 0 && low[i] == low[i - 1])
            continue;
        memcpy(w, low, i);
        memcpy(w + i, low + i + 1, klen - i - 1);
        TRY(klen - 1);
    }
    for (size_t i = 0; i <= klen; i++) {
        for (char c = 'a'; c <= 'z'; c++) {
            if (i > 0 && low[i - 1] == c)
                continue;
            memcpy(w, low, i);
            w[i] = c;
            memcpy(w + i + 1, low + i, klen - i);
            TRY(klen + 1);
        }
    }
#undef TRY
    /* Run-together words ("inorder"): both halves must be words; one
     * letter halves only "a" and "I" would be, and they are too easy. */
    for (size_t i = 2; i + 2 <= klen; i++) {
        memcpy(w, low, i);
        w[i] = '\0';
        if (!Hunspell_spell(d->hs, w))
            continue;
        if (!Hunspell_spell(d->hs, low + i))
            continue;
        memcpy(w, low, i);
        w[i] = ' ';
        memcpy(w + i + 1, low + i, klen - i + 1);
        if (title)
            w[0] = (char)toupper((unsigned char)w[0]);
        acc_add(&acc, w);
    }
    pthread_mutex_unlock(&d->hs_lock);

    if (out->kind == S_CASE)
        return;
    if (nclose == 1)
        set_repl(out, S_TYPO, close);
    else if (acc.shown)
        out->kind = S_LIST;
}

/* A case-only answer is derived from a full one, so a cached full entry
 * serves both kinds of request. */
static void suggestions(dg_dictionary *d, const char *key, size_t klen,
                        int full, sugg_info *out)
{
    if (!d->use_cache || klen > WORD_KEY) {
        classify(d, key, klen, full, out);
        return;
    }
    uint64_t h = dg_hash_bytes(key, klen);
    size_t set = set_of(h, SUGG_SLOTS);
    pthread_mutex_t *lock = &d->stripes[(set / WAYS * 7) % LOCK_STRIPES];
    sugg_slot *w = &d->suggs[set];
    int hit = 0;
    pthread_mutex_lock(lock);
    for (size_t i = 0; i < WAYS && !hit; i++) {
        if (w[i].info.kind && w[i].hash == h && w[i].len == klen &&
            memcmp(w[i].key, key, klen) == 0 && (w[i].info.full || !full)) {
            *out = w[i].info;
            hit = 1;
        }
    }
    pthread_mutex_unlock(lock);
    if (hit) {
        if (!full && out->full && out->kind != S_CASE) {
            memset(out, 0, sizeof *out);
            out->kind = S_NONE;
        }
        out->full = (uint8_t)full;
        return;
    }
    classify(d, key, klen, full, out);
    pthread_mutex_lock(lock);
    size_t i = 0;
    while (i < WAYS && w[i].info.kind &&
           !(w[i].hash == h && w[i].len == klen && memcmp(w[i].key, key, klen) == 0))
        i++;
    sugg_slot *s = &w[i < WAYS ? i : victim(h)];
    s->hash = h;
    s->len = (uint8_t)klen;
    memcpy(s->key, key, klen);
    s->info = *out;
    pthread_mutex_unlock(lock);
}

/* ---- affix flags of user word lists ------------------------------------ */

static int all_digits(const char *s, size_t n);

/* The affix flags a .aff defines: a word/FLAGS line of a dict_files list
 * that names another is refused (hunspell would silently ignore it). */
typedef struct aff_flags {
    int mode;              /* 0: one byte a flag, 1: "long" (two), 2: "num"
                              (comma-separated numbers), 3: UTF-8 (one
                              character) */
    size_t n_alias;        /* AF lines: flags are then their numbers */
    char *set;             /* "\n" then each flag followed by "\n" */
    size_t len, cap;
} aff_flags;

static int aff_add(aff_flags *a, const char *f, size_t n)
{
    if (a->len + n + 2 > a->cap) {
        char *p = dg_grow(a->set, &a->cap, a->len + n + 2, 1, 256);
        if (!p)
            return -1;
        a->set = p;
    }
    if (a->len == 0)
        a->set[a->len++] = '\n';
    memcpy(a->set + a->len, f, n);
    a->len += n;
    a->set[a->len++] = '\n';
    a->set[a->len] = '\0';
    return 0;
}

/* Directives whose value is one flag. */
static const char *const FLAG_DIRECTIVES[] = {
    "COMPOUNDFLAG", "COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDLAST",
    "COMPOUNDEND", "ONLYINCOMPOUND", "COMPOUNDPERMITFLAG",
    "COMPOUNDFORBIDFLAG", "COMPOUNDROOT", "NOSUGGEST", "KEEPCASE",
    "FORBIDDENWORD", "NEEDAFFIX", "PSEUDOROOT", "CIRCUMFIX", "LEMMA_PRESENT",
    "SUBSTANDARD", "WARN", "FORCEUCASE", NULL
};

static dg_status aff_read(const char *path, aff_flags *a, dg_error *err)
{
    char *buf;
    size_t len;
    dg_status st = dg_read_file(path, &buf, &len, err);
    if (st != DG_OK)
        return st;
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *save = NULL, *w0 = strtok_r(line, " \t\r", &save);
        char *w1 = w0 ? strtok_r(NULL, " \t\r", &save) : NULL;
        char *w2 = w1 ? strtok_r(NULL, " \t\r", &save) : NULL;
        if (w0 && w1) {
            int defines = 0;
            if (strcmp(w0, "FLAG") == 0)
                a->mode = strcmp(w1, "long") == 0 ? 1 : strcmp(w1, "num") == 0 ? 2
                        : strcasecmp(w1, "UTF-8") == 0 ? 3 : 0;
            else if (strcmp(w0, "AF") == 0 && w2)
                a->n_alias++;   /* "AF count" itself has no second field */
            else if ((strcmp(w0, "PFX") == 0 || strcmp(w0, "SFX") == 0) && w2 &&
                     (strcmp(w2, "Y") == 0 || strcmp(w2, "N") == 0))
                defines = 1;
            for (size_t k = 0; !defines && FLAG_DIRECTIVES[k]; k++)
                defines = strcmp(w0, FLAG_DIRECTIVES[k]) == 0;
            /* COMPOUNDRULE n*1t: the flags between the * ? ( ) marks (in
             * parentheses for multi-character flags). */
            if (strcmp(w0, "COMPOUNDRULE") == 0 && !all_digits(w1, strlen(w1))) {
                for (char *q = w1; *q; q++) {
                    if (*q == '(') {
                        char *close = strchr(q, ')');
                        if (!close)
                            break;
                        if (aff_add(a, q + 1, (size_t)(close - q - 1)) < 0) {
                            free(buf);
                            return DG_ERR_NOMEM;
                        }
                        q = close;
                    } else if (!strchr("*?)", *q) && aff_add(a, q, 1) < 0) {
                        free(buf);
                        return DG_ERR_NOMEM;
                    }
                }
            }
            if (defines && aff_add(a, w1, strlen(w1)) < 0) {
                free(buf);
                return DG_ERR_NOMEM;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    return DG_OK;
}

/* Checks the flags f[0, n) of a word: NULL when every one is defined, else
 * the first unknown one in out. */
static const char *aff_unknown(const aff_flags *a, const char *f, size_t n,
                               char *out, size_t cap)
{
    size_t i = 0;
    while (i < n) {
        size_t k = 1;
        if (a->mode == 1)
            k = i + 2 <= n ? 2 : n - i;
        else if (a->mode == 2) {
            const char *comma = memchr(f + i, ',', n - i);
            k = comma ? (size_t)(comma - (f + i)) : n - i;
        } else if (a->mode == 3) {
            unsigned char c = (unsigned char)f[i];
            k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
            if (i + k > n)
                k = n - i;
        }
        int known;
        char probe[40];
        if (a->n_alias) {
            char *end;
            char num[16];
            snprintf(num, sizeof num, "%.*s", (int)(k < 15 ? k : 15), f + i);
            unsigned long v = strtoul(num, &end, 10);
            known = *num && !*end && v >= 1 && v <= a->n_alias;
            if (a->mode != 2) {   /* aliases are whole numbers */
                k = n - i;
                snprintf(num, sizeof num, "%.*s", (int)(k < 15 ? k : 15), f + i);
                v = strtoul(num, &end, 10);
                known = *num && !*end && v >= 1 && v <= a->n_alias;
            }
        } else {
            snprintf(probe, sizeof probe, "\n%.*s\n", (int)(k < 32 ? k : 32), f + i);
            known = a->set && strstr(a->set, probe) != NULL;
        }
        if (!known) {
            snprintf(out, cap, "%.*s", (int)(k < 32 ? k : 32), f + i);
            return out;
        }
        i += k + (a->mode == 2 && i + k < n);
    }
    return NULL;
}

/* ---- loading ---------------------------------------------------------- */

typedef struct load_ctx {
    dg_dictionary *d;
    int seen_entry;        /* the count may only be the first entry */
    size_t plain_cap, flagged_cap;
    const aff_flags *check;  /* a user's list: flags must be defined */
} load_ctx;

/* Appends n bytes to *buf (length *len, capacity *cap). */
static int buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*cap - *len < n) {
        char *p = dg_grow(*buf, cap, *len + n, 1, 4096);
        if (!p)
            return -1;
        *buf = p;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static dg_status on_word_line(const dg_datafile_line *l, void *vctx,
                              dg_error *err)
{
    load_ctx *c = vctx;
    const char *f = l->field[0];
    size_t n = l->len[0];
    int first = !c->seen_entry;
    c->seen_entry = 1;
    /* U+FEFF is no letter: a file saved "with BOM" would add the first
     * word with it glued on, and hunspell would never match it. */
    if (n >= 3 && memmem(f, n, "\xef\xbb\xbf", 3))
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "a byte order mark (U+FEFF) in the word: "
                                 "save the file as UTF-8 without a BOM");
    if (all_digits(f, n)) {
        if (first)
            return DG_OK;
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "a number where a word was expected (a word "
                                 "count may only be the first line)");
    }
    /* hunspell separates morphological fields ("po:noun") by white space,
     * tabs included; anything else after the word means the line is not a
     * .dic entry. */
    for (size_t k = 1; k < l->nfields; k++)
        if (!strchr(l->field[k], ':'))
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "unexpected text after the word: \"%s\" (only "
                                     "morphological fields such as po:noun may follow)",
                                     l->field[k]);
    const char *sp = memchr(f, ' ', n);
    if (sp) {
        if (!strchr(sp, ':'))
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "a word may not contain spaces: \"%s\"", f);
        n = (size_t)(sp - f);
    }
    const char *slash = memchr(f, '/', n);
    size_t wl = slash ? (size_t)(slash - f) : n;
    if (wl == 0)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "empty word before '/'");
    if (wl > DG_DICT_MAX_WORD)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "word longer than %d bytes", DG_DICT_MAX_WORD);
    if (!dg_utf8_valid(f, n))
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "invalid UTF-8");
    if (slash && slash + 1 < f + n && c->check) {
        char bad[40];
        if (aff_unknown(c->check, slash + 1, (size_t)(f + n - slash - 1), bad,
                        sizeof bad))
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "unknown affix flag \"%s\" (the "
                                     "dictionary's .aff does not define it)",
                                     bad);
    }
    dg_dictionary *d = c->d;
    if (!slash || slash + 1 == f + n) {
        if (buf_add(&d->plain, &d->plain_len, &c->plain_cap, f, wl) < 0 ||
            buf_add(&d->plain, &d->plain_len, &c->plain_cap, "", 1) < 0)
            return DG_ERR_NOMEM;
        return DG_OK;
    }
    /* Affix flags can only be given to hunspell through a .dic file. */
    if (buf_add(&d->flagged, &d->flagged_len, &c->flagged_cap, f, n) < 0 ||
        buf_add(&d->flagged, &d->flagged_len, &c->flagged_cap, "\n", 1) < 0)
        return DG_ERR_NOMEM;
    d->n_flagged++;
    return DG_OK;
}

static dg_status add_flagged(dg_dictionary *d, dg_error *err)
{
    if (!d->n_flagged)
        return DG_OK;
    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/degarble-words-XXXXXX.dic",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemps(path, 4);
    if (fd < 0)
        return dg_datafile_error(err, DG_ERR_IO, path, 0,
                                 "cannot create a temporary file for words "
                                 "with affix flags");
    FILE *f = fdopen(fd, "w");
    int bad = !f;
    if (f) {
        fprintf(f, "%zu\n", d->n_flagged);
        fwrite(d->flagged, 1, d->flagged_len, f);
        bad = fclose(f) != 0;
    } else {
        close(fd);
    }
    if (!bad)
        bad = Hunspell_add_dic(d->hs, path) != 0;
    unlink(path);
    if (bad)
        return dg_datafile_error(err, DG_ERR_IO, path, 0,
                                 "cannot hand words with affix flags to hunspell");
    return DG_OK;
}

static dg_status on_compound_line(const dg_datafile_line *l, void *vctx,
                                  dg_error *err)
{
    dg_dictionary *d = vctx;
    if (l->nfields != 1)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "expected one word, found %zu fields",
                                 l->nfields);
    const char *w = l->field[0];
    size_t n = l->len[0];
    if (n < 4 || n > DG_DICT_MAX_WORD)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "a closed compound has 4 to %d letters",
                                 DG_DICT_MAX_WORD);
    for (size_t i = 0; i < n; i++)
        if (!dg_ascii_lower((unsigned char)w[i]))
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "\"%s\": only lower-case ASCII letters", w);
    if (dg_strmap_put(d->compounds, w, n, (void *)(uintptr_t)l->lineno) < 0)
        return DG_ERR_NOMEM;
    for (size_t k = 1; k + 2 <= n; k++)
        if (dg_strmap_put(d->compound_heads, w, k, (void *)1) < 0)
            return DG_ERR_NOMEM;
    d->compound_start[w[0] - 'a'][w[1] - 'a'] = 1;
    return DG_OK;
}

void dg_dictionary_free(dg_dictionary *d)
{
    if (!d)
        return;
    if (d->hs)
        Hunspell_destroy(d->hs);
    pthread_mutex_destroy(&d->hs_lock);
    for (int i = 0; i < LOCK_STRIPES; i++)
        pthread_mutex_destroy(&d->stripes[i]);
    dg_strmap_free(d->compounds);
    dg_strmap_free(d->compound_heads);
    free(d->plain);
    free(d->flagged);
    free(d->words);
    free(d->suggs);
    free(d);
}

/* Creates hunspell from d->dic and d->aff and adds the words read at
 * creation.  err may be NULL (a lazy load). */
static dg_status hs_load(dg_dictionary *d, dg_error *err)
{
    d->hs = Hunspell_create(d->aff, d->dic);
    if (!d->hs)
        return DG_ERR_NOMEM;
    const char *enc = Hunspell_get_dic_encoding(d->hs);
    if (!enc || strcasecmp(enc, "UTF-8") != 0) {
        dg_datafile_error(err, DG_ERR_DATA, d->aff, 0,
                          "dictionary encoding %s: only UTF-8 hunspell "
                          "dictionaries are supported", enc ? enc : "unknown");
        Hunspell_destroy(d->hs);
        d->hs = NULL;
        return DG_ERR_DATA;
    }
    for (size_t i = 0; i < d->plain_len; i += strlen(d->plain + i) + 1)
        Hunspell_add(d->hs, d->plain + i);
    dg_status st = add_flagged(d, err);
    if (st != DG_OK) {
        Hunspell_destroy(d->hs);
        d->hs = NULL;
        return st;
    }
    free(d->plain);
    free(d->flagged);
    d->plain = d->flagged = NULL;
    d->plain_len = d->flagged_len = 0;
    return DG_OK;
}

dg_status dg_dictionary_new(const dg_options *opts, dg_dictionary **out,
                            char **warning, dg_error *err)
{
    static const dg_options defaults;
    const dg_options *o = opts ? opts : &defaults;
    *out = NULL;
    if (o->lang && !*o->lang)
        return dg_datafile_error(err, DG_ERR_ARG, NULL, 0,
                                 "lang is empty: NULL means en_US");
    int explicit_lang = o->lang != NULL;
    const char *lang = explicit_lang ? o->lang : "en_US";
    /* A name, not a path: one the system does not have is unknown. */
    int lang_is_name = !strchr(lang, '/') &&
                       !(strlen(lang) >= 4 && strcmp(lang + strlen(lang) - 4, ".dic") == 0);
    char dic[1024], aff[1024], label[64];
    dg_status st = dg_hunspell_find(lang, dic, aff, sizeof dic, label, sizeof label, err);
    if (st != DG_OK)
        return st;
    /* hunspell prints to stderr and returns an empty dictionary for a
     * missing file, so look first.  Only the default dictionary may be
     * missing: whoever named one wants to hear that it is not there. */
    const char *missing = access(dic, R_OK) != 0 ? dic
                          : access(aff, R_OK) != 0 ? aff : NULL;
    if (missing) {
        if (explicit_lang && lang_is_name)
            return dg_datafile_error(err, DG_ERR_ARG, missing, 0,
                                     "unknown dictionary \"%s\": no %s",
                                     lang, missing);
        if (explicit_lang)
            return dg_datafile_error(err, DG_ERR_IO, missing, 0,
                                     "hunspell dictionary not found or not "
                                     "readable: %s", missing);
        char msg[1200];
        snprintf(msg, sizeof msg, "hunspell dictionary %s not found: the "
                 "dictionary stage is off (Debian: apt-get install "
                 "hunspell-en-us)", missing);
        add_warning(warning, msg);
        return DG_OK;
    }

    dg_dictionary *d = calloc(1, sizeof *d);
    if (!d)
        return DG_ERR_NOMEM;
    pthread_mutex_init(&d->hs_lock, NULL);
    for (int i = 0; i < LOCK_STRIPES; i++)
        pthread_mutex_init(&d->stripes[i], NULL);
    snprintf(d->label, sizeof d->label, "%s", label);
    d->use_cache = getenv("DG_DICTIONARY_NO_CACHE") == NULL;
    d->text_only = o->text_only != 0;
    d->compounds = dg_strmap_new();
    d->compound_heads = dg_strmap_new();
    if (d->use_cache) {
        d->words = calloc(WORD_SLOTS, sizeof *d->words);
        d->suggs = calloc(SUGG_SLOTS, sizeof *d->suggs);
    }
    snprintf(d->dic, sizeof d->dic, "%s", dic);
    snprintf(d->aff, sizeof d->aff, "%s", aff);
    if (!d->compounds || !d->compound_heads || (d->use_cache && (!d->words || !d->suggs))) {
        dg_dictionary_free(d);
        return DG_ERR_NOMEM;
    }

    load_ctx c = {.d = d};
    if (!o->no_builtin_data) {
        st = dg_datafile_parse("words.dic", dg_builtin_words,
                               dg_builtin_words_len, on_word_line, &c, err);
        if (st == DG_OK)
            st = dg_datafile_parse("compounds.txt", dg_builtin_compounds,
                                   dg_builtin_compounds_len, on_compound_line,
                                   d, err);
    }
    aff_flags flags = {0};
    if (st == DG_OK && o->dict_files && *o->dict_files) {
        st = aff_read(aff, &flags, err);
        c.check = &flags;
    }
    for (const char *const *f = o->dict_files; st == DG_OK && f && *f; f++) {
        c.seen_entry = 0;
        char *buf;
        size_t len;
        st = dg_read_file(*f, &buf, &len, err);
        if (st == DG_OK) {
            st = dg_datafile_parse(*f, buf, len, on_word_line, &c, err);
            free(buf);
        }
    }
    /* A dictionary or word file the caller named is loaded now, so that
     * its errors are the engine's; the default one when first needed. */
    if (st == DG_OK && (explicit_lang || (o->dict_files && *o->dict_files)))
        st = hs_load(d, err);
    free(flags.set);
    if (st != DG_OK) {
        dg_dictionary_free(d);
        return st;
    }
    *out = d;
    return DG_OK;
}

/* ---- the stage -------------------------------------------------------- */

typedef struct shape {
    unsigned upper, lower, other; /* letters by case; digits and the rest */
    int first_upper;
    int inner_upper;
} shape;

/* Case shape of s[0, n); digits make the whole part "other" (a code). */
static shape shape_of(const char *s, size_t n)
{
    shape sh = {0};
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int up = 0, low = 0;
        size_t k = 1;
        if (c < 0x80) {
            if (c >= '0' && c <= '9')
                return (shape){.other = 1000};
            up = dg_ascii_upper(c);
            low = dg_ascii_lower(c);
        } else {
            UChar32 cp;
            k = dg_utf8_decode((const unsigned char *)s + i, n - i, (uint32_t *)&cp);
            if (!k)
                return (shape){.other = 1000};
            up = u_isupper(cp) || u_istitle(cp);
            low = u_islower(cp);
        }
        if (up) {
            sh.upper++;
            if (i == 0)
                sh.first_upper = 1;
            else
                sh.inner_upper = 1;
        } else if (low) {
            sh.lower++;
        } else {
            sh.other++;
        }
        i += k;
    }
    return sh;
}

/* Length of a hyphen (ASCII, U+2010, U+2011) at s[i], or 0. */
static size_t hyphen_at(const char *s, size_t i, size_t n)
{
    if (s[i] == '-')
        return 1;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 &&
        (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91))
        return 3;
    return 0;
}

/* Copies s[0, n) into key with every apostrophe (text.h's set) as ', which
 * every English .aff accepts; returns the key's length. */
static size_t make_key(const char *s, size_t n, char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t a = dg_apostrophe_len(s + i, n - i);
        if (a) {
            key[k++] = '\'';
            i += a;
        } else {
            key[k++] = s[i++];
        }
    }
    key[k] = '\0';
    return k;
}

/* Whether hunspell accepts s[0, n) as written (the cache is shared with the
 * stage).  For other stages: the casing stage asks whether a lower-case
 * line start is a word before it capitalizes it. */
int dg_dictionary_knows(dg_dictionary *d, const char *s, size_t n)
{
    char key[2 * WORD_KEY];
    if (!d || n == 0 || n >= sizeof key)
        return 0;
    size_t k = make_key(s, n, key);
    return is_known(d, key, k);
}

/* Per-call record of the distinct unknown words met so far, to hand out
 * the suggestion budget (hashes; 0 marks an empty slot). */
typedef struct suggest_budget {
    uint64_t *seen;        /* SEEN_SLOTS, allocated at the first unknown word */
    uint8_t *full;
    size_t distinct;
    int failed;
} suggest_budget;

/* Whether key gets full suggestions in this call: the first
 * SUGGEST_BUDGET distinct unknown words do, every time they occur. */
static int wants_full(suggest_budget *b, const char *key, size_t klen)
{
    if (!b->seen) {
        b->seen = calloc(SEEN_SLOTS, sizeof *b->seen + sizeof *b->full);
        if (!b->seen) {
            b->failed = 1;
            return 0;
        }
        b->full = (uint8_t *)(b->seen + SEEN_SLOTS);
    }
    uint64_t h = dg_hash_bytes(key, klen) | 1;
    for (size_t i = 0, at = (size_t)h & (SEEN_SLOTS - 1); i < SEEN_SLOTS;
         i++, at = (at + 1) & (SEEN_SLOTS - 1)) {
        if (b->seen[at] == h)
            return b->full[at];
        if (b->seen[at] == 0) {
            int full = b->distinct < SUGGEST_BUDGET;
            b->distinct++;
            b->seen[at] = h;
            b->full[at] = (uint8_t)full;
            return full;
        }
    }
    return 0;   /* more distinct words than SEEN_SLOTS: far past the budget */
}

/* Measured precision of the findings: see the header. */
#define CONF_CASE 0.015
#define CONF_TYPO 0.015
#define CONF_LIST 0.006
#define CONF_NONE 0.012
#define CONF_SKIPPED 0.0
#define CONF_NAME_CASE 0.02
#define CONF_NAME_TYPO 0.015
#define CONF_NAME_LIST 0.006
#define CONF_NAME_NONE 0.02
#define CONF_NAME_SKIPPED 0.0

static int report(dg_dictionary *d, const dg_doc *doc, size_t start,
                  size_t end, const char *key, size_t klen, int maybe_name,
                  suggest_budget *b)
{
    const char *note = maybe_name ? " (capitalized at a sentence start: may be a name)" : "";
    int full = wants_full(b, key, klen);
    if (b->failed)
        return -1;
    sugg_info si;
    suggestions(d, key, klen, full, &si);
    if (!full && si.kind != S_CASE)
        return dg_edits_propose(doc->edits, start, end, NULL, 0,
                                DG_STAGE_DICTIONARY, "dictionary.unknown-word",
                                maybe_name ? CONF_NAME_SKIPPED : CONF_SKIPPED,
                                "\"%s\" is not in %s; suggestions skipped (more "
                                "than %d unknown words in this text)%s",
                                key, d->label, SUGGEST_BUDGET, note);
    switch (si.kind) {
    case S_CASE:
        return dg_edits_propose(doc->edits, start, end, si.repl, si.repl_len,
                                DG_STAGE_DICTIONARY, "dictionary.case",
                                maybe_name ? CONF_NAME_CASE : CONF_CASE,
                                "\"%s\" is not in %s in this case; the "
                                "dictionary has \"%s\"%s",
                                key, d->label, si.repl, note);
    case S_TYPO:
        return dg_edits_propose(doc->edits, start, end, si.repl, si.repl_len,
                                DG_STAGE_DICTIONARY, "dictionary.typo",
                                maybe_name ? CONF_NAME_TYPO : CONF_TYPO,
                                "\"%s\" is not in %s; \"%s\" is the only "
                                "suggestion one edit away (suggestions: %s)%s",
                                key, d->label, si.repl, si.list, note);
    case S_LIST:
        return dg_edits_propose(doc->edits, start, end, NULL, 0,
                                DG_STAGE_DICTIONARY, "dictionary.unknown-word",
                                maybe_name ? CONF_NAME_LIST : CONF_LIST,
                                "\"%s\" is not in %s; suggestions: %s%s",
                                key, d->label, si.list, note);
    default:
        return dg_edits_propose(doc->edits, start, end, NULL, 0,
                                DG_STAGE_DICTIONARY, "dictionary.unknown-word",
                                maybe_name ? CONF_NAME_NONE : CONF_NONE,
                                "\"%s\" is not in %s; no suggestions%s",
                                key, d->label, note);
    }
}

static int check_word(dg_dictionary *d, const dg_doc *doc, const dg_token *t,
                      suggest_budget *budget)
{
    const char *s = doc->text + t->start;
    size_t n = t->stem_end - t->start;
    if (n == 0 || n > DG_DICT_MAX_WORD || !dg_utf8_valid(s, n))
        return 0;

    /* Parts between hyphens: at most 50 in 100 bytes. */
    size_t ps[DG_DICT_MAX_WORD / 2 + 1], pe[DG_DICT_MAX_WORD / 2 + 1];
    size_t np = 0, from = 0;
    for (size_t i = 0; i < n;) {
        size_t h = hyphen_at(s, i, n);
        if (h) {
            ps[np] = from, pe[np++] = i;
            i += h;
            from = i;
        } else {
            i++;
        }
    }
    ps[np] = from, pe[np++] = n;

    int sentence_start = (t->flags & DG_TOKEN_SENTENCE_START) != 0;
    shape first = shape_of(s + ps[0], pe[0] - ps[0]);
    if (first.first_upper && !sentence_start)
        return 0;

    char key[DG_DICT_MAX_WORD + 1];
    size_t bad[DG_DICT_MAX_WORD / 2 + 1];
    size_t nbad = 0;
    for (size_t p = 0; p < np; p++) {
        size_t pl = pe[p] - ps[p];
        if (pl == 0)
            continue;
        shape sh = p == 0 ? first : shape_of(s + ps[p], pl);
        if (sh.other >= 1000 || sh.inner_upper || (sh.upper && !sh.lower))
            continue;
        if (sh.first_upper && p > 0)
            continue;
        size_t kl = make_key(s + ps[p], pl, key);
        if (!is_known(d, key, kl))
            bad[nbad++] = p;
    }
    if (!nbad)
        return 0;
    /* hunspell may know the hyphenated whole ("e-mail", "co-op") though
     * not each part. */
    if (np > 1) {
        size_t kl = make_key(s, n, key);
        if (is_known(d, key, kl))
            return 0;
    }
    for (size_t b = 0; b < nbad; b++) {
        size_t p = bad[b];
        size_t kl = make_key(s + ps[p], pe[p] - ps[p], key);
        int maybe_name = p == 0 && first.first_upper;
        if (report(d, doc, t->start + ps[p], t->start + pe[p], key, kl,
                   maybe_name, budget) < 0)
            return -1;
    }
    return 0;
}

/* True when a closed compound may begin with letters x, y (any case). */
static int may_start_compound(const dg_dictionary *d, char x, char y)
{
    unsigned a = (unsigned char)(x | 0x20) - 'a', b = (unsigned char)(y | 0x20) - 'a';
    return a < 26 && b < 26 && d->compound_start[a][b];
}

/* Tries "smart phones" as tokens a, space, b.  Returns 1 when an edit was
 * proposed, 0 when not, -1 when out of memory. */
static int try_compound(dg_dictionary *d, const dg_doc *doc, const dg_token *a,
                        const dg_token *sp, const dg_token *b)
{
    if (b->kind != DG_TOKEN_WORD || sp->end - sp->start != 1 ||
        doc->text[sp->start] != ' ' ||
        (a->flags & (DG_TOKEN_HYPHENATED | DG_TOKEN_POSSESSIVE)) ||
        (b->flags & DG_TOKEN_HYPHENATED))
        return 0;
    const char *as = doc->text + a->start, *bs = doc->text + b->start;
    size_t an = a->end - a->start, bn = b->stem_end - b->start;
    if (an < 1 || bn < 2 || an + bn > DG_DICT_MAX_WORD ||
        !may_start_compound(d, as[0], an > 1 ? as[1] : bs[0]))
        return 0;
    shape sa = shape_of(as, an), sb = shape_of(bs, bn);
    if (sa.other || sb.other || !is_ascii(as, an) || !is_ascii(bs, bn))
        return 0;
    /* "smart phones", "Smart phones", "SMART PHONES"; not a title ("Smart
     * Phones") nor odd casing ("smart Phones", "SMart phones"). */
    int all_caps = sa.upper == an && sb.upper == bn;
    if (!all_caps && (sb.upper || sa.inner_upper))
        return 0;

    char key[DG_DICT_MAX_WORD + 1];
    for (size_t i = 0; i < an; i++)
        key[i] = (char)(as[i] | 0x20);
    for (size_t i = 0; i < bn; i++)
        key[an + i] = (char)(bs[i] | 0x20);
    size_t kl = an + bn;
    uintptr_t line = (uintptr_t)dg_strmap_get(d->compounds, key, kl);
    size_t base = kl;
    if (!line && key[kl - 1] == 's' && bn > 2) {
        base = kl - 1;
        line = (uintptr_t)dg_strmap_get(d->compounds, key, base);
        if (!line && key[kl - 2] == 'e' && bn > 3) {
            base = kl - 2;
            line = (uintptr_t)dg_strmap_get(d->compounds, key, base);
        }
    }
    if (!line)
        return 0;
    char joined[DG_DICT_MAX_WORD + 1];
    memcpy(joined, as, an);
    memcpy(joined + an, bs, bn);
    joined[kl] = '\0';
    if (!is_known(d, joined, kl))
        return 0;
    return dg_edits_propose(doc->edits, a->start, b->stem_end, joined, kl,
                            DG_STAGE_DICTIONARY, "dictionary.closed-compound",
                            0.95, "\"%.*s\" is a closed compound "
                            "(compounds.txt:%u) and \"%s\" is in the dictionary",
                            (int)base, key, (unsigned)line, joined) < 0 ? -1 : 1;
}

/* Whether token i may be a compound's first half: false when its word
 * type is no compound_heads entry (its fold is its lower case when it is
 * ASCII; try_compound turns down any other word).  Asked once per type in
 * a call: head[type] is 0 until asked, then 1 (no) or 2 (yes). */
static int may_be_head(const dg_dictionary *d, const dg_doc *doc, uint8_t *head, size_t i)
{
    uint32_t t = head ? doc->type[i] : DG_NO_TYPE;
    if (t == DG_NO_TYPE)
        return 1;
    if (!head[t]) {
        const dg_word_type *w = &doc->types[t];
        head[t] = dg_strmap_get_h(d->compound_heads, doc->type_text + w->off, w->len, w->hash)
                      ? 2 : 1;
    }
    return head[t] == 2;
}

int dg_dictionary_propose(dg_dictionary *d, const dg_doc *doc)
{
    if (!d)
        return 0;
    const dg_token *tok = doc->tok;
    suggest_budget b = {0};
    uint8_t *head = NULL;
    if (doc->type && doc->ntypes && !(head = calloc(doc->ntypes, 1)))
        return -1;
    int rc = 0;
    /* The loop's bounds and flags in locals: the calls below could change
     * what doc points to, as far as the compiler knows. */
    const size_t n = doc->ntok;
    const int text_only = d->text_only;
    for (size_t i = 0; i < n; i++) {
        if (tok[i].kind != DG_TOKEN_WORD)
            continue;
        /* The next token's kind (a word's past the end: neither a space
         * nor invalid bytes). */
        unsigned next = i + 1 < n ? tok[i + 1].kind : DG_TOKEN_WORD;
        /* "caf" before invalid bytes is a broken "café", not a word. */
        if ((i > 0 && tok[i - 1].kind == DG_TOKEN_INVALID) || next == DG_TOKEN_INVALID)
            continue;
        if (next == DG_TOKEN_SPACE && i + 2 < n && may_be_head(d, doc, head, i)) {
            int r = try_compound(d, doc, &tok[i], &tok[i + 1], &tok[i + 2]);
            if (r < 0) {
                rc = -1;
                break;
            }
            if (r > 0) {
                /* The halves ("cyber") are not words to report. */
                i += 2;
                continue;
            }
        }
        /* Every other dictionary edit is a finding: a caller that only
         * wants the text is spared the lookups and suggestions (and the
         * space after the word, no word either, is passed over). */
        if (text_only) {
            i += next == DG_TOKEN_SPACE;
            continue;
        }
        if (check_word(d, doc, &tok[i], &b) < 0) {
            rc = -1;
            break;
        }
    }
    free(head);
    free(b.seen);
    return rc;
}
