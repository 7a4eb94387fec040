/* hunspell-words.c - reading a hunspell dictionary's .dic and .aff files
 * (see hunspell-words.h).
 *
 * The crucial bit of data is whether a name is also a common word (china,
 * turkey, may).  hunspell answers that, but only if its affix rules are
 * applied: "Banks", "Wells" and "Gates" are listed only capitalized, yet
 * "banks", "wells" and "gates" are plurals of common stems.  So the .aff
 * suffix and prefix rules are parsed and run backwards over each candidate
 * name, the way hunspell itself checks a word. */
#include "hunspell-words.h"
#include "names-table.h"

#include "datafile.h"
#include "gazetteer.h"
#include "grow.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int dg_hunspell_cond_match(const dg_affix_rule *r, const char *stem, size_t len)
{
    if (r->cond[0] == '.' && r->cond[1] == '\0')
        return 1;
    size_t n;
    if (cond_elements(r->cond, &n) < 0 || n > len)
        return 0;
    return cond_match_at(r->cond, r->suffix ? stem + len - n : stem);
}

int dg_hunspell_has_flag(const char *flags, char f)
{
    return flags && strchr(flags, f) != NULL;
}

/* True when w (folded) is a common word: a lower-case stem, or a form an
 * affix rule derives from one. */
int dg_hunspell_is_common(const dg_hunspell_words *h, const char *w, size_t len)
{
    /* The generated lexicon (hunspell en_US/en_GB with affixes, SCOWL) is
     * always there; a dictionary read at run time adds its own words. */
    if (dg_nt_nlexicon && dg_nt_is_word(w, len))
        return 1;
    if (!h->loaded)
        return dg_nt_nlexicon == 0;
    if (dg_strmap_get(h->lower, w, len))
        return 1;
    char stem[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < h->nrules; i++) {
        const dg_affix_rule *r = &h->rules[i];
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
        if (!dg_hunspell_cond_match(r, stem, slen))
            continue;
        const char *flags = dg_strmap_get(h->lower, stem, slen);
        if (flags && dg_hunspell_has_flag(flags, r->flag))
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

static int parse_aff(dg_hunspell_words *h)
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
                dg_affix_rule *v = dg_grow(h->rules, &cap, h->nrules + 1, sizeof *v, 128);
                if (!v)
                    return -1;
                h->rules = v;
            }
            char *slash = strchr(f[3], '/');
            if (slash)
                *slash = '\0';
            dg_affix_rule *r = &h->rules[h->nrules++];
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

static int parse_dic(dg_hunspell_words *h)
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
                    dg_cap_word *v = dg_grow(h->capv, &cap, h->ncap + 1, sizeof *v, 16384);
                    if (!v)
                        return -1;
                    h->capv = v;
                }
                h->capv[h->ncap++] = (dg_cap_word){line, flags, len, lineno};
            }
        }
        line = next;
    }
    /* Index capitalized stems by key after the vector stops moving. */
    for (size_t i = 0; i < h->ncap; i++) {
        size_t klen = dg_fold(h->capv[i].word, h->capv[i].len, key, sizeof key);
        if (klen != 0 && !dg_strmap_get(h->caps, key, klen) &&
            dg_strmap_put(h->caps, key, klen, &h->capv[i]) < 0)
            return -1;
    }
    return 0;
}

void dg_hunspell_words_free(dg_hunspell_words *h)
{
    free(h->dic);
    free(h->aff);
    dg_strmap_free(h->lower);
    dg_strmap_free(h->caps);
    free(h->capv);
    free(h->rules);
}

dg_status dg_hunspell_words_load(dg_hunspell_words *h, const char *path, const char *aff,
                                 int explicit, char **warning, dg_error *err)
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
    h->dic_name = dg_base_name(path);
    h->lower = dg_strmap_new();
    h->caps = dg_strmap_new();
    if (!h->lower || !h->caps)
        return DG_ERR_NOMEM;
    /* Without the .aff derived forms go unrecognized, which only makes
     * fewer names look proper-only... wrongly, so it is worth a warning. */
    if (dg_read_file(aff, &h->aff, &len, &tmp) != DG_OK && warning && !*warning) {
        size_t n = strlen(aff) + 128;
        *warning = malloc(n);
        if (*warning)
            snprintf(*warning, n, "hunspell affix file %s not found: plural "
                     "and derived common words may be taken for names", aff);
    }
    if (parse_dic(h) < 0 || parse_aff(h) < 0)
        return DG_ERR_NOMEM;
    h->loaded = 1;
    return DG_OK;
}

int dg_hunspell_find_caps(const dg_hunspell_words *h, const char *key, size_t klen,
                          const char **word, size_t *wlen, char *src, size_t cap,
                          int *plural)
{
    if (h->loaded) {
        const dg_cap_word *c = dg_strmap_get(h->caps, key, klen);
        if (!c)
            return 0;
        *word = c->word;
        *wlen = c->len;
        *plural = dg_hunspell_has_flag(c->flags, 'S');
        snprintf(src, cap, "hunspell %s:%u", h->dic_name, c->lineno);
        return 1;
    }
    const dg_name *t = dg_nt_get(key, klen);
    const char *form = t ? dg_name_form(t) : NULL;
    if (!t || t->nwords != 1 || !t->len || !(form[0] >= 'A' && form[0] <= 'Z'))
        return 0;
    *word = form;
    *wlen = t->len;
    char pl[DG_GAZ_MAX_KEY + 1];
    *plural = 0;
    if (klen + 1 < sizeof pl) {
        memcpy(pl, key, klen);
        pl[klen] = 's';
        const dg_name *p = dg_nt_get(pl, klen + 1);
        *plural = p && p->nwords == 1;
    }
    /* The source without the measured WordNet figures. */
    const char *source = dg_name_source(t);
    const char *semi = strchr(source, ';');
    snprintf(src, cap, "%.*s", semi ? (int)(semi - source) : (int)strlen(source), source);
    return 1;
}
