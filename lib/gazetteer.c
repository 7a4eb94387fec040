/* gazetteer.c - building the table of proper names.
 *
 * Nothing here is typed by hand: ICU's English display names give regions,
 * languages and currency adjectives; the hunspell dictionary gives the case
 * a word is listed in; names files (dicts/names.txt) add what neither knows.
 *
 * The crucial bit of data is whether a name is also a common word (china,
 * turkey, may).  hunspell answers that, but only if its affix rules are
 * applied: "Banks", "Wells" and "Gates" are listed only capitalized, yet
 * "banks", "wells" and "gates" are plurals of common stems.  So the .aff
 * suffix and prefix rules are parsed and run backwards over each candidate
 * name, the way hunspell itself checks a word, instead of loading hunspell
 * (which would cost more than the whole build).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memrchr */
#endif
#include "gazetteer.h"

#include "datafile.h"
#include "names-table.h"
#include "strmap.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#ifndef DG_HUNSPELL_DIR
#define DG_HUNSPELL_DIR "/usr/share/hunspell"
#endif

enum { PRIO_HUNSPELL = 1, PRIO_ICU = 2, PRIO_NAMES = 3 };

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct dg_gazetteer {
    dg_strmap *names;     /* folded key -> dg_name, or -> prefix_only */
    dg_strmap *prefixes;  /* folded word prefixes of multiword names (build) */
    /* Matching asks "is this a name, and does it go on?" for nearly every
     * word; once built, prefixes are merged into names (DG_NAME_PREFIX, or
     * this entry when the key is no name) so that one lookup answers both. */
    dg_name prefix_only;
    dg_name **all;
    size_t n, cap;
    chunk *arena;
    dg_gaz_stats stats;
};

/* ---- arena ------------------------------------------------------------ */

static void *arena_alloc(dg_gazetteer *g, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    chunk *c = g->arena;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = g->arena;
        g->arena = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

static char *arena_strdup(dg_gazetteer *g, const char *s, size_t len)
{
    char *p = arena_alloc(g, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ---- folding ---------------------------------------------------------- */

size_t dg_gaz_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o >= cap)
                return (size_t)-1;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0)
            return (size_t)-1;
        i += n;
        if (cp == 0x2019 || cp == 0x2018) {
            if (o >= cap)
                return (size_t)-1;
            out[o++] = '\'';
            continue;
        }
        UChar32 l = u_tolower((UChar32)cp);
        if (o + U8_LENGTH(l) > cap)
            return (size_t)-1;
        U8_APPEND_UNSAFE(out, o, l);
    }
    return o;
}

/* The run-time names (ICU, names files) shadow the generated table's row
 * for the same key; a key begins a longer name when either says so. */
const dg_name *dg_gaz_lookup(const dg_gazetteer *g, const char *key, size_t len,
                             int *prefix)
{
    const dg_name *e = g ? dg_strmap_get(g->names, key, len) : NULL;
    const dg_name *t = g ? dg_nt_get(key, len) : NULL;
    *prefix = (e && (e->flags & DG_NAME_PREFIX)) || (t && (t->flags & DG_NAME_PREFIX));
    if (e && e->nwords)
        return e;
    return t && t->nwords ? t : NULL;
}

const dg_name *dg_gaz_find(const dg_gazetteer *g, const char *key, size_t len)
{
    int prefix;
    return dg_gaz_lookup(g, key, len, &prefix);
}

int dg_gaz_is_prefix(const dg_gazetteer *g, const char *key, size_t len)
{
    int prefix;
    dg_gaz_lookup(g, key, len, &prefix);
    return prefix;
}

size_t dg_gaz_count(const dg_gazetteer *g)
{
    return g ? g->n + dg_nt_count : 0;
}

const dg_gaz_stats *dg_gaz_stats_get(const dg_gazetteer *g)
{
    return g ? &g->stats : NULL;
}

void dg_gazetteer_free(dg_gazetteer *g)
{
    if (!g)
        return;
    dg_strmap_free(g->names);
    dg_strmap_free(g->prefixes);
    free(g->all);
    chunk *c = g->arena;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(g);
}

/* ---- adding names ----------------------------------------------------- */

/* A name is a plain word sequence: letters and inner apostrophes, words
 * separated by spaces or hyphens (matching splits hyphenated tokens the same
 * way).  Anything else (digits, dots, brackets) is not matched by this stage.
 * Fills form with the words joined by one space; returns the word count or
 * 0 when the name is not usable. */
static unsigned normalize_name(const char *s, size_t len, char *form,
                               size_t cap, size_t *form_len)
{
    unsigned words = 0;
    size_t o = 0;
    int in_word = 0, letters = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0)
            return 0;
        if (cp == ' ' || cp == '-') {
            if (in_word) {
                if (!letters)
                    return 0;
                in_word = 0;
            }
            i += n;
            continue;
        }
        int apos = cp == '\'' || cp == 0x2019;
        if (!apos && !u_isalpha((UChar32)cp))
            return 0;
        if (!in_word) {
            if (words == DG_GAZ_MAX_WORDS)
                return 0;
            if (words && o < cap)
                form[o++] = ' ';
            words++;
            in_word = 1;
            letters = 0;
        }
        letters += !apos;
        if (o + n > cap)
            return 0;
        memcpy(form + o, s + i, n);
        o += n;
        i += n;
    }
    if (in_word && !letters)
        return 0;
    *form_len = o;
    return words;
}

/* Shape of a single word's canonical form. */
static unsigned shape_flags(const char *w, size_t len)
{
    int upper = 0, lower = 0, inner_upper = 0, first = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = dg_utf8_decode((const unsigned char *)w + i, len - i, &cp);
        if (n == 0)
            break;
        i += n;
        if (u_isupper((UChar32)cp)) {
            upper++;
            if (!first)
                inner_upper = 1;
        } else if (u_islower((UChar32)cp)) {
            lower++;
        }
        if (u_isalpha((UChar32)cp))
            first = 0;
    }
    if (upper >= 2 && lower == 0)
        return DG_NAME_ACRONYM;
    if (inner_upper)
        return DG_NAME_EXACT;
    return 0;
}

/* Adds one name.  Returns 1 if it was added or replaced an entry of lower
 * priority, 0 if unusable or shadowed, -1 when out of memory. */
static int add_name(dg_gazetteer *g, const char *s, size_t len, unsigned flags,
                    int priority, const char *source)
{
    char form[DG_GAZ_MAX_KEY], key[DG_GAZ_MAX_KEY];
    size_t flen;
    unsigned nwords = normalize_name(s, len, form, sizeof form, &flen);
    if (!nwords)
        return 0;
    size_t klen = dg_gaz_fold(form, flen, key, sizeof key);
    if (klen == (size_t)-1)
        return 0;
    if (nwords == 1)
        flags |= shape_flags(form, flen);
    dg_name *e = dg_strmap_get(g->names, key, klen);
    if (e && e->priority > priority)
        return 0;
    const char *f = arena_strdup(g, form, flen);
    const char *src = arena_strdup(g, source, strlen(source));
    if (!f || !src)
        return -1;
    if (e) {
        /* Keep what an earlier source knew about the name's kind. */
        e->flags = (e->flags & (DG_NAME_COUNTRY | DG_NAME_WEAK | DG_NAME_REGION)) |
                   flags;
        e->form = f;
        e->len = flen;
        e->priority = priority;
        e->source = src;
        return 1;
    }
    e = arena_alloc(g, sizeof *e);
    if (!e)
        return -1;
    /* Ids follow the generated table's rows, which are 0..dg_nt_count-1. */
    *e = (dg_name){.form = f, .len = flen, .nwords = nwords, .flags = flags,
                   .id = (unsigned)(dg_nt_count + g->n), .priority = priority,
                   .source = src};
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4096;
        dg_name **v = realloc(g->all, cap * sizeof *v);
        if (!v)
            return -1;
        g->all = v;
        g->cap = cap;
    }
    g->all[g->n++] = e;
    if (dg_strmap_put(g->names, key, klen, e) < 0)
        return -1;
    for (size_t i = 0; i < klen; i++)
        if (key[i] == ' ' && dg_strmap_put(g->prefixes, key, i, g) < 0)
            return -1;
    return 1;
}

static int count_added(int rc, size_t *counter)
{
    if (rc > 0)
        (*counter)++;
    return rc < 0 ? -1 : 0;
}

/* ---- hunspell case data ---------------------------------------------- */

typedef struct affix_rule {
    char flag;
    int suffix;
    const char *strip, *add, *cond;
    size_t strip_len, add_len;
} affix_rule;

typedef struct cap_word {
    const char *word, *flags;
    size_t len;
    unsigned lineno;
} cap_word;

typedef struct hunspell_data {
    char *dic, *aff;            /* file buffers, edited in place */
    const char *dic_name;       /* "en_US.dic" */
    dg_strmap *lower;           /* lower-case stems -> flags */
    dg_strmap *caps;            /* folded capitalized stems -> cap_word */
    cap_word *capv;
    size_t ncap;
    affix_rule *rules;
    size_t nrules;
    int loaded;
} hunspell_data;

/* hunspell conditions are tiny regular expressions: literal bytes, '.',
 * and bracket sets [abc] / [^abc], anchored at the end of the stem for a
 * suffix and at its start for a prefix. */
static int cond_elements(const char *c, size_t *count)
{
    size_t n = 0;
    for (size_t i = 0; c[i];) {
        if (c[i] == '[') {
            const char *close = strchr(c + i, ']');
            if (!close)
                return -1;
            i = (size_t)(close - c) + 1;
        } else {
            i++;
        }
        n++;
    }
    *count = n;
    return 0;
}

static int cond_match_at(const char *cond, const char *s)
{
    size_t k = 0;
    for (size_t i = 0; cond[i]; k++) {
        if (cond[i] == '[') {
            int neg = cond[i + 1] == '^';
            size_t j = i + 1 + (size_t)neg;
            int found = 0;
            for (; cond[j] && cond[j] != ']'; j++)
                if (cond[j] == s[k])
                    found = 1;
            if (found == neg)
                return 0;
            i = j + 1;
        } else {
            if (cond[i] != '.' && cond[i] != s[k])
                return 0;
            i++;
        }
    }
    return 1;
}

static int cond_match(const affix_rule *r, const char *stem, size_t len)
{
    if (r->cond[0] == '.' && r->cond[1] == '\0')
        return 1;
    size_t n;
    if (cond_elements(r->cond, &n) < 0 || n > len)
        return 0;
    return cond_match_at(r->cond, r->suffix ? stem + len - n : stem);
}

static int has_flag(const char *flags, char f)
{
    return flags && strchr(flags, f) != NULL;
}

/* True when w (folded) is a common word: a lower-case stem, or a form an
 * affix rule derives from one. */
static int is_common(const hunspell_data *h, const char *w, size_t len)
{
    if (dg_nt_nlexicon && dg_nt_is_word(w, len))
        return 1;
    if (!h->loaded)
        return dg_nt_nlexicon == 0;
    if (dg_strmap_get(h->lower, w, len))
        return 1;
    char stem[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < h->nrules; i++) {
        const affix_rule *r = &h->rules[i];
        if (r->add_len >= len || len - r->add_len + r->strip_len >= sizeof stem)
            continue;
        size_t slen;
        if (r->suffix) {
            if (memcmp(w + len - r->add_len, r->add, r->add_len) != 0)
                continue;
            memcpy(stem, w, len - r->add_len);
            memcpy(stem + len - r->add_len, r->strip, r->strip_len);
            slen = len - r->add_len + r->strip_len;
        } else {
            if (memcmp(w, r->add, r->add_len) != 0)
                continue;
            memcpy(stem, r->strip, r->strip_len);
            memcpy(stem + r->strip_len, w + r->add_len, len - r->add_len);
            slen = len - r->add_len + r->strip_len;
        }
        stem[slen] = '\0';
        if (!cond_match(r, stem, slen))
            continue;
        const char *flags = dg_strmap_get(h->lower, stem, slen);
        if (flags && has_flag(flags, r->flag))
            return 1;
    }
    return 0;
}

static int split_fields(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        f[n++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

static int parse_aff(hunspell_data *h)
{
    size_t cap = 0;
    for (char *line = h->aff; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *f[6];
        int n = split_fields(line, f, 6);
        /* Rule lines have five fields; the header "SFX S Y 4" has four. */
        if (n >= 5 && (strcmp(f[0], "SFX") == 0 || strcmp(f[0], "PFX") == 0) &&
            f[1][0] && !f[1][1]) {
            if (h->nrules == cap) {
                cap = cap ? cap * 2 : 128;
                affix_rule *v = realloc(h->rules, cap * sizeof *v);
                if (!v)
                    return -1;
                h->rules = v;
            }
            char *slash = strchr(f[3], '/');
            if (slash)
                *slash = '\0';
            affix_rule *r = &h->rules[h->nrules++];
            r->flag = f[1][0];
            r->suffix = f[0][0] == 'S';
            r->strip = strcmp(f[2], "0") == 0 ? "" : f[2];
            r->add = strcmp(f[3], "0") == 0 ? "" : f[3];
            r->cond = f[4];
            r->strip_len = strlen(r->strip);
            r->add_len = strlen(r->add);
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static int parse_dic(hunspell_data *h)
{
    size_t cap = 0;
    unsigned lineno = 0;
    char key[DG_GAZ_MAX_KEY];
    for (char *line = h->dic; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *next = nl ? nl + 1 : NULL;
        if (lineno == 1) {          /* the word count */
            line = next;
            continue;
        }
        char *end = line + strcspn(line, " \t\r");
        *end = '\0';
        char *slash = strchr(line, '/');
        const char *flags = "";
        if (slash) {
            *slash = '\0';
            flags = slash + 1;
        }
        size_t len = strlen(line);
        int has_upper = 0;
        for (size_t i = 0; i < len; i++)
            if (line[i] >= 'A' && line[i] <= 'Z')
                has_upper = 1;
        if (len && len < sizeof key) {
            if (!has_upper) {
                if (dg_strmap_put(h->lower, line, len, (void *)flags) < 0)
                    return -1;
            } else {
                if (h->ncap == cap) {
                    cap = cap ? cap * 2 : 16384;
                    cap_word *v = realloc(h->capv, cap * sizeof *v);
                    if (!v)
                        return -1;
                    h->capv = v;
                }
                h->capv[h->ncap++] = (cap_word){line, flags, len, lineno};
            }
        }
        line = next;
    }
    /* Index capitalized stems by key after the vector stops moving. */
    for (size_t i = 0; i < h->ncap; i++) {
        size_t klen = dg_gaz_fold(h->capv[i].word, h->capv[i].len, key, sizeof key);
        if (klen != (size_t)-1 && !dg_strmap_get(h->caps, key, klen) &&
            dg_strmap_put(h->caps, key, klen, &h->capv[i]) < 0)
            return -1;
    }
    return 0;
}

static void hunspell_free(hunspell_data *h)
{
    free(h->dic);
    free(h->aff);
    dg_strmap_free(h->lower);
    dg_strmap_free(h->caps);
    free(h->capv);
    free(h->rules);
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static dg_status hunspell_load(hunspell_data *h, const char *path, int explicit,
                               char **warning, dg_error *err)
{
    size_t len;
    dg_error tmp;
    dg_status st = dg_read_file(path, &h->dic, &len, &tmp);
    if (st != DG_OK) {
        if (explicit) {
            if (err)
                *err = tmp;
            return st;
        }
        if (warning && !*warning) {
            size_t n = strlen(path) + 128;
            *warning = malloc(n);
            if (*warning)
                snprintf(*warning, n,
                         "hunspell dictionary %s not found: casing treats every "
                         "single-word name as ambiguous", path);
        }
        return DG_OK;
    }
    h->dic_name = basename_of(path);
    h->lower = dg_strmap_new();
    h->caps = dg_strmap_new();
    if (!h->lower || !h->caps)
        return DG_ERR_NOMEM;
    /* The .aff beside the .dic; without it derived forms go unrecognized,
     * which only makes fewer names look proper-only... wrongly, so it is
     * worth a warning. */
    size_t plen = strlen(path);
    char *aff = malloc(plen + 5);
    if (!aff)
        return DG_ERR_NOMEM;
    memcpy(aff, path, plen + 1);
    if (plen > 4 && strcmp(aff + plen - 4, ".dic") == 0)
        memcpy(aff + plen - 4, ".aff", 5);
    else
        memcpy(aff + plen, ".aff", 5);
    if (dg_read_file(aff, &h->aff, &len, &tmp) != DG_OK && warning && !*warning) {
        size_t n = plen + 128;
        *warning = malloc(n);
        if (*warning)
            snprintf(*warning, n, "hunspell affix file %s not found: plural "
                     "and derived common words may be taken for names", aff);
    }
    free(aff);
    if (parse_dic(h) < 0 || parse_aff(h) < 0)
        return DG_ERR_NOMEM;
    h->loaded = 1;
    return DG_OK;
}

/* Every word hunspell lists with a capital becomes a name; plurals come
 * from the dictionary's own S rules (en_US convention: flag S = plural). */
static int add_hunspell_names(dg_gazetteer *g, hunspell_data *h)
{
    char src[128], form[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < h->ncap; i++) {
        const cap_word *c = &h->capv[i];
        unsigned shape = shape_flags(c->word, c->len);
        size_t letters = 0;
        for (size_t k = 0; k < c->len; k++)
            letters += (c->word[k] != '\'');
        /* Two-letter title-case words are mostly given names and
         * abbreviations (Al, Ed, Jo) that lower-case text uses otherwise. */
        if (letters < 2 || (letters < 3 && !(shape & DG_NAME_ACRONYM)))
            continue;
        snprintf(src, sizeof src, "hunspell %s:%u", h->dic_name, c->lineno);
        if (count_added(add_name(g, c->word, c->len, 0, PRIO_HUNSPELL, src),
                        &g->stats.hunspell) < 0)
            return -1;
        if (!has_flag(c->flags, 'S') || (shape & DG_NAME_ACRONYM))
            continue;
        for (size_t r = 0; r < h->nrules; r++) {
            const affix_rule *ru = &h->rules[r];
            if (!ru->suffix || ru->flag != 'S' || c->len < ru->strip_len ||
                c->len - ru->strip_len + ru->add_len >= sizeof form)
                continue;
            if (memcmp(c->word + c->len - ru->strip_len, ru->strip, ru->strip_len) != 0)
                continue;
            if (!cond_match(ru, c->word, c->len))
                continue;
            size_t n = c->len - ru->strip_len;
            memcpy(form, c->word, n);
            memcpy(form + n, ru->add, ru->add_len);
            n += ru->add_len;
            if (count_added(add_name(g, form, n, 0, PRIO_HUNSPELL, src),
                            &g->stats.hunspell) < 0)
                return -1;
        }
    }
    return 0;
}

/* The capitalized word a folded key stands for: hunspell's own entry when
 * a dictionary was read at run time, else the generated table's one-word
 * name.  src gets its source; *plural whether its plural is a name too. */
static int caps_find(const hunspell_data *h, const char *key, size_t klen,
                     const char **word, size_t *wlen, char *src, size_t cap,
                     int *plural)
{
    if (h->loaded) {
        const cap_word *c = dg_strmap_get(h->caps, key, klen);
        if (!c)
            return 0;
        *word = c->word;
        *wlen = c->len;
        *plural = has_flag(c->flags, 'S');
        snprintf(src, cap, "hunspell %s:%u", h->dic_name, c->lineno);
        return 1;
    }
    const dg_name *t = dg_nt_get(key, klen);
    if (!t || t->nwords != 1 || !t->len || !(t->form[0] >= 'A' && t->form[0] <= 'Z'))
        return 0;
    *word = t->form;
    *wlen = t->len;
    char pl[DG_GAZ_MAX_KEY + 1];
    *plural = 0;
    if (klen + 1 < sizeof pl) {
        memcpy(pl, key, klen);
        pl[klen] = 's';
        const dg_name *p = dg_nt_get(pl, klen + 1);
        *plural = p && p->nwords == 1;
    }
    const char *semi = strchr(t->source, ';');
    snprintf(src, cap, "%.*s", semi ? (int)(semi - t->source) : (int)strlen(t->source),
             t->source);
    return 1;
}

/* ---- ICU display names ----------------------------------------------- */

/* Codes that ISO and CLDR reserve for "unknown", "multiple", "none". */
static int is_placeholder_code(const char *code)
{
    static const char *const codes[] = {"ZZ", "und", "mul", "zxx", "mis",
                                        "XXX", NULL};
    for (int i = 0; codes[i]; i++)
        if (strcmp(code, codes[i]) == 0)
            return 1;
    return 0;
}

/* ICU writes some names as "Myanmar (Burma)", "Cocos (Keeling) Islands",
 * "Congo - Kinshasa" or "Bosnia & Herzegovina".  The name without its
 * bracketed part ("Cocos Islands"), the bracketed part ("Burma") and each
 * side of " - " or "&" are usable names by themselves. */
static int add_plain_parts(dg_gazetteer *g, const char *name, size_t len,
                           unsigned flags, const char *src, size_t *counter,
                           dg_name **first)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        int sep = i == len || name[i] == ',' || name[i] == '&' ||
                  (name[i] == '-' && i > 0 && name[i - 1] == ' ');
        if (!sep)
            continue;
        size_t s = start, e = i;
        while (s < e && name[s] == ' ')
            s++;
        while (e > s && (name[e - 1] == ' ' || name[e - 1] == '-'))
            e--;
        start = i + 1;
        /* Skip lower-case names ("world") and empty parts. */
        if (e == s || (name[s] >= 'a' && name[s] <= 'z'))
            continue;
        int rc = add_name(g, name + s, e - s, flags, PRIO_ICU, src);
        if (count_added(rc, counter) < 0)
            return -1;
        if (rc > 0 && first && !*first) {
            char key[DG_GAZ_MAX_KEY], form[DG_GAZ_MAX_KEY];
            size_t flen, klen;
            if (normalize_name(name + s, e - s, form, sizeof form, &flen) &&
                (klen = dg_gaz_fold(form, flen, key, sizeof key)) != (size_t)-1)
                *first = dg_strmap_get(g->names, key, klen);
        }
    }
    return 0;
}

static int add_display_parts(dg_gazetteer *g, const char *name, size_t len,
                             unsigned flags, const char *src, size_t *counter,
                             dg_name **first)
{
    char outer[512];
    size_t olen = 0;
    int depth = 0;
    size_t inner_start = 0;
    for (size_t i = 0; i < len && olen < sizeof outer; i++) {
        if (name[i] == '(') {
            if (depth++ == 0)
                inner_start = i + 1;
            continue;
        }
        if (name[i] == ')' && depth > 0) {
            if (--depth == 0 &&
                add_plain_parts(g, name + inner_start, i - inner_start, flags,
                                src, counter, NULL) < 0)
                return -1;
            continue;
        }
        if (depth)
            continue;
        /* "Cocos (Keeling) Islands": one space where the bracket was. */
        if (name[i] == ' ' && olen > 0 && outer[olen - 1] == ' ')
            continue;
        outer[olen++] = name[i];
    }
    return add_plain_parts(g, outer, olen, flags, src, counter, first);
}

typedef enum { ICU_REGION, ICU_LANGUAGE, ICU_CURRENCY } icu_kind;

static int add_icu_table(dg_gazetteer *g, const hunspell_data *h,
                         const char *tree, const char *table,
                         icu_kind kind, dg_name ***regions, size_t *nregions,
                         size_t *capregions)
{
    char pkg[64];
    snprintf(pkg, sizeof pkg, "%s-%s", U_ICUDATA_NAME, tree);
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *rb = ures_openDirect(pkg, "en", &st);
    UResourceBundle *tb = ures_getByKey(rb, table, NULL, &st);
    if (U_FAILURE(st)) {
        ures_close(tb);
        ures_close(rb);
        /* Variant tables are optional; a missing main table is not fatal
         * either: the other sources still work. */
        return 0;
    }
    int rc = 0;
    UResourceBundle *it = NULL;
    while (rc == 0 && ures_hasNext(tb)) {
        UErrorCode s2 = U_ZERO_ERROR;
        it = ures_getNextResource(tb, it, &s2);
        if (U_FAILURE(s2))
            break;
        const char *code = ures_getKey(it);
        const UChar *v = NULL;
        int32_t ulen = 0;
        if (ures_getType(it) == URES_STRING)
            v = ures_getString(it, &ulen, &s2);
        else if (ures_getType(it) == URES_ARRAY && kind == ICU_CURRENCY)
            v = ures_getStringByIndex(it, 1, &ulen, &s2); /* [symbol, name] */
        if (!v || U_FAILURE(s2) || !code || is_placeholder_code(code))
            continue;
        char name[512];
        int32_t nlen = 0;
        u_strToUTF8(name, sizeof name, &nlen, v, ulen, &s2);
        if (U_FAILURE(s2) || nlen <= 0 || (size_t)nlen >= sizeof name)
            continue;
        char src[96];
        const char *suffix = strchr(table, '%');
        switch (kind) {
        case ICU_REGION: {
            snprintf(src, sizeof src, "icu-region %s%s%s", code,
                     suffix ? " " : "", suffix ? suffix + 1 : "");
            /* UN M.49 macro-regions (numeric codes) are often written in
             * lower case in good English: western Europe, southern Africa. */
            int macro = code[0] >= '0' && code[0] <= '9';
            /* A region code that English writes as a word (EU, UN, UK) is
             * one hunspell lists in capitals. */
            const char *cw;
            size_t cwl;
            int cpl;
            char capsrc[96];
            if (!macro && !suffix && strlen(code) == 2) {
                char key[3] = {(char)(code[0] | 0x20), (char)(code[1] | 0x20), 0};
                if (caps_find(h, key, 2, &cw, &cwl, capsrc, sizeof capsrc, &cpl) &&
                    cwl == 2 && memcmp(cw, code, 2) == 0) {
                    char csrc[160];
                    snprintf(csrc, sizeof csrc, "icu-region code %s + %s", code, capsrc);
                    if (count_added(add_name(g, code, 2, DG_NAME_COUNTRY, PRIO_ICU, csrc),
                                    &g->stats.icu_region) < 0) {
                        rc = -1;
                        break;
                    }
                }
            }
            dg_name *first = NULL;
            rc = add_display_parts(g, name, (size_t)nlen,
                                   macro ? DG_NAME_WEAK
                                         : DG_NAME_COUNTRY | DG_NAME_REGION,
                                   src,
                                   &g->stats.icu_region, &first);
            if (rc == 0 && first && first->nwords > 1) {
                if (*nregions == *capregions) {
                    size_t cap = *capregions ? *capregions * 2 : 256;
                    dg_name **nv = realloc(*regions, cap * sizeof *nv);
                    if (!nv) {
                        rc = -1;
                        break;
                    }
                    *regions = nv;
                    *capregions = cap;
                }
                (*regions)[(*nregions)++] = first;
            }
            break;
        }
        case ICU_LANGUAGE:
            snprintf(src, sizeof src, "icu-language %s", code);
            rc = add_display_parts(g, name, (size_t)nlen, 0, src,
                                   &g->stats.icu_language, NULL);
            break;
        case ICU_CURRENCY: {
            /* "South Korean Won": the unit is a common noun (the won, the
             * euro); the words before it are the adjective we want. */
            if (memchr(name, '(', (size_t)nlen))
                continue;
            char *sp = memrchr(name, ' ', (size_t)nlen);
            if (!sp || sp == name)
                continue;
            snprintf(src, sizeof src, "icu-currency %s", code);
            /* ISO 4217 codes begin with the country's ISO 3166 code, except
             * the X.. codes (gold, SDR, regional francs): so the adjective
             * of a national currency is a country's adjective. */
            unsigned fl = code[0] != 'X' ? DG_NAME_COUNTRY : 0;
            rc = count_added(add_name(g, name, (size_t)(sp - name), fl, PRIO_ICU, src),
                             &g->stats.icu_currency);
            break;
        }
        }
    }
    ures_close(it);
    ures_close(tb);
    ures_close(rb);
    return rc;
}

/* "North Korea" + hunspell's "Korean" = "North Korean": the adjective of a
 * multiword place is the place with its last word's adjective.  The
 * adjective must exist in hunspell with a capital. */
static int add_demonyms(dg_gazetteer *g, hunspell_data *h, dg_name **regions,
                        size_t n)
{
    static const struct { const char *drop, *add; } endings[] = {
        {"", "n"}, {"", "an"}, {"a", "an"}, {"y", "ian"}, {"e", "ian"},
        {"", "ian"}, {"", "ese"}, {"", "i"}, {"a", "ese"}, {"", "er"},
    };
    char cand[DG_GAZ_MAX_KEY], name[DG_GAZ_MAX_KEY], src[200], capsrc[96];
    for (size_t i = 0; i < n; i++) {
        const dg_name *r = regions[i];
        const char *last = memrchr(r->form, ' ', r->len);
        if (!last)
            continue;
        last++;
        size_t wlen = r->len - (size_t)(last - r->form);
        size_t plen = (size_t)(last - r->form);
        for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
            size_t dl = strlen(endings[k].drop), al = strlen(endings[k].add);
            if (wlen <= dl || wlen - dl + al >= sizeof cand ||
                memcmp(last + wlen - dl, endings[k].drop, dl) != 0)
                continue;
            size_t cl = dg_gaz_fold(last, wlen - dl, cand, sizeof cand - al);
            if (cl == (size_t)-1)
                continue;
            memcpy(cand + cl, endings[k].add, al);
            cl += al;
            const char *cw;
            size_t cwl;
            int plural;
            if (!caps_find(h, cand, cl, &cw, &cwl, capsrc, sizeof capsrc, &plural) ||
                plen + cwl + 1 >= sizeof name)
                continue;
            memcpy(name, r->form, plen);
            memcpy(name + plen, cw, cwl);
            snprintf(src, sizeof src, "%s + %s", r->source, capsrc);
            unsigned fl = r->flags & (DG_NAME_WEAK | DG_NAME_COUNTRY);
            if (count_added(add_name(g, name, plen + cwl, fl, PRIO_ICU, src),
                            &g->stats.demonym) < 0)
                return -1;
            if (plural) {
                name[plen + cwl] = 's';
                if (count_added(add_name(g, name, plen + cwl + 1, fl, PRIO_ICU, src),
                                &g->stats.demonym) < 0)
                    return -1;
            }
            break;
        }
    }
    return 0;
}

/* ---- names files ------------------------------------------------------ */

typedef struct names_ctx {
    dg_gazetteer *g;
    int priority;
} names_ctx;

static dg_status add_names_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    names_ctx *nc = ctx;
    unsigned flags = 0;
    if (l->nfields > 2)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "expected a name and at most one flags field, got %zu fields",
                                 l->nfields);
    if (l->nfields == 2) {
        const char *p = l->field[1];
        while (*p) {
            size_t n = strcspn(p, ", ");
            if (n == 6 && strncmp(p, "proper", 6) == 0)
                flags |= DG_NAME_FORCE_PROPER;
            else if (n == 9 && strncmp(p, "ambiguous", 9) == 0)
                flags |= DG_NAME_FORCE_AMBIG | DG_NAME_WEAK;
            else if (n)
                return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                         "unknown flag '%.*s' (proper or ambiguous)",
                                         (int)n, p);
            p += n;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    char form[DG_GAZ_MAX_KEY];
    size_t flen;
    if (!normalize_name(l->field[0], l->len[0], form, sizeof form, &flen))
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "'%s' is not a name: use letters and apostrophes, "
                                 "words separated by spaces or hyphens, at most %d words",
                                 l->field[0], DG_GAZ_MAX_WORDS);
    int has_upper = 0;
    for (size_t i = 0; i < flen; i++)
        if (form[i] >= 'A' && form[i] <= 'Z')
            has_upper = 1;
    if (!has_upper)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "'%s' has no capital letter: nothing to restore",
                                 l->field[0]);
    char src[160];
    snprintf(src, sizeof src, "%s:%u", basename_of(l->name), l->lineno);
    int rc = add_name(nc->g, l->field[0], l->len[0], flags, nc->priority, src);
    if (rc < 0)
        return DG_ERR_NOMEM;
    if (rc > 0)
        nc->g->stats.names_files++;
    return DG_OK;
}

/* ---- finishing -------------------------------------------------------- */

/* Ambiguity needs every source loaded: a single word is ambiguous when its
 * lower-case form is a common word; a multiword name is "common words" when
 * none of its capitalized words is a name by itself. */
/* What the generated table measured about a key (kind of name, WordNet
 * gloss case), for a run-time name with the same key. */
static unsigned measured_flags(const char *key, size_t klen)
{
    const dg_name *t = dg_nt_get(key, klen);
    if (!t || !t->nwords)
        return 0;
    return t->flags & (DG_NAME_PLACE | DG_NAME_MONTH | DG_NAME_WEEKDAY |
                       DG_NAME_WN_LOWER | DG_NAME_WORD_NAME | DG_NAME_SHARE_KNOWN |
                       0x7f000000u);
}

static void classify(dg_gazetteer *g, const hunspell_data *h)
{
    char key[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < g->n; i++) {
        dg_name *e = g->all[i];
        if (e->nwords != 1)
            continue;
        e->flags &= ~DG_NAME_AMBIGUOUS;
        size_t klen = dg_gaz_fold(e->form, e->len, key, sizeof key);
        if (klen != (size_t)-1)
            e->flags |= measured_flags(key, klen);
        int common = klen != (size_t)-1 && is_common(h, key, klen);
        if (e->flags & DG_NAME_FORCE_AMBIG)
            common = 1;
        if (e->flags & DG_NAME_FORCE_PROPER)
            common = 0;
        if (common)
            e->flags |= DG_NAME_AMBIGUOUS;
    }
    for (size_t i = 0; i < g->n; i++) {
        dg_name *e = g->all[i];
        if (e->nwords == 1)
            continue;
        size_t fk = dg_gaz_fold(e->form, e->len, key, sizeof key);
        if (fk != (size_t)-1)
            e->flags |= measured_flags(key, fk);
        int proper = 0;
        const char *w = e->form, *end = e->form + e->len;
        while (w < end) {
            const char *sp = memchr(w, ' ', (size_t)(end - w));
            size_t wl = sp ? (size_t)(sp - w) : (size_t)(end - w);
            size_t klen = dg_gaz_fold(w, wl, key, sizeof key);
            const dg_name *single = klen == (size_t)-1 ? NULL
                                    : dg_strmap_get(g->names, key, klen);
            if (!single && klen != (size_t)-1) {
                single = dg_nt_get(key, klen);
                if (single && single->nwords != 1)
                    single = NULL;
            }
            if (single && !(single->flags & DG_NAME_AMBIGUOUS))
                proper = 1;
            w += wl + 1;
        }
        if (!proper)
            e->flags |= DG_NAME_COMMON_WORDS;
    }
}

typedef struct merge_ctx {
    dg_gazetteer *g;
    int failed;
} merge_ctx;

static void merge_prefix(const char *key, size_t len, void *value, void *ctx)
{
    merge_ctx *m = ctx;
    dg_name *e = dg_strmap_get(m->g->names, key, len);
    if (e)
        e->flags |= DG_NAME_PREFIX;
    else if (dg_strmap_put(m->g->names, key, len, &m->g->prefix_only) < 0)
        m->failed = 1;
}

/* Runs last: before it, names holds names only (classify relies on it). */
static int merge_prefixes(dg_gazetteer *g)
{
    merge_ctx m = {g, 0};
    g->prefix_only = (dg_name){.form = "", .flags = DG_NAME_PREFIX};
    dg_strmap_each(g->prefixes, merge_prefix, &m);
    dg_strmap_free(g->prefixes);
    g->prefixes = NULL;
    return m.failed ? -1 : 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

dg_status dg_gazetteer_new(const dg_gaz_sources *src, dg_gazetteer **out,
                           char **warning, dg_error *err)
{
    double t0 = now_ms();
    *out = NULL;
    dg_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return DG_ERR_NOMEM;
    g->names = dg_strmap_new();
    g->prefixes = dg_strmap_new();
    hunspell_data h = {0};
    dg_name **regions = NULL;
    size_t nregions = 0, capregions = 0;
    dg_status st = DG_OK;
    if (!g->names || !g->prefixes)
        st = DG_ERR_NOMEM;

    const char *dic = src->hunspell_dic ? src->hunspell_dic
                                        : DG_HUNSPELL_DIR "/en_US.dic";
    /* The system dictionaries' case data is in the generated table
     * (names-table.h); only a dictionary the caller names is read here. */
    if (st == DG_OK && (src->hunspell_dic || dg_nt_count == 0))
        st = hunspell_load(&h, dic, src->hunspell_dic != NULL, warning, err);
    /* Lowest priority first so that later sources overwrite forms. */
    if (st == DG_OK && h.loaded && add_hunspell_names(g, &h) < 0)
        st = DG_ERR_NOMEM;
    static const struct { const char *tree, *table; icu_kind kind; } tables[] = {
        {"region", "Countries", ICU_REGION},
        {"region", "Countries%short", ICU_REGION},
        {"region", "Countries%variant", ICU_REGION},
        {"lang", "Languages", ICU_LANGUAGE},
        {"lang", "Languages%short", ICU_LANGUAGE},
        {"lang", "Languages%variant", ICU_LANGUAGE},
        {"curr", "Currencies", ICU_CURRENCY},
    };
    for (size_t i = 0; st == DG_OK && i < sizeof tables / sizeof *tables; i++)
        if (add_icu_table(g, &h, tables[i].tree, tables[i].table, tables[i].kind,
                          &regions, &nregions, &capregions) < 0)
            st = DG_ERR_NOMEM;
    if (st == DG_OK && add_demonyms(g, &h, regions, nregions) < 0)
        st = DG_ERR_NOMEM;

    names_ctx nc = {g, PRIO_NAMES};
    if (st == DG_OK && src->builtin_names)
        st = dg_datafile_parse("names.txt", src->builtin_names,
                               src->builtin_names_len, add_names_line, &nc, err);
    for (const char *const *f = src->names_files; st == DG_OK && f && *f; f++) {
        nc.priority++;   /* later files win */
        st = dg_datafile_load(*f, add_names_line, &nc, err);
    }
    if (st == DG_OK)
        classify(g, &h);
    if (st == DG_OK && merge_prefixes(g) < 0)
        st = DG_ERR_NOMEM;
    hunspell_free(&h);
    free(regions);
    if (st != DG_OK) {
        dg_gazetteer_free(g);
        return st;
    }
    g->stats.total = g->n;
    g->stats.generated = dg_nt_count;
    g->stats.build_ms = now_ms() - t0;
    *out = g;
    return DG_OK;
}
