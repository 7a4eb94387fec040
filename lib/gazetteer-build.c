/* gazetteer-build.c - dg_gazetteer_new(): the table of proper names
 * built from its sources, lowest priority first (hunspell's capitalized
 * words, ICU display names, names files), then classified.
 *
 * Nothing here is typed by hand: ICU's English display names give regions,
 * languages and currency adjectives; the hunspell dictionary gives the case
 * a word is listed in; names files (dicts/names.txt) add what neither knows.
 */
#include "gazetteer-table.h"

#include "datafile.h"
#include "hunspell-words.h"
#include "icu-names.h"
#include "names-table.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- hunspell's capitalized words ------------------------------------- */

/* Every word hunspell lists with a capital becomes a name; plurals come
 * from the dictionary's own S rules (en_US convention: flag S = plural). */
static int add_hunspell_names(dg_gazetteer *g, dg_hunspell_words *h)
{
    char src[128], form[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < h->ncap; i++) {
        const dg_cap_word *c = &h->capv[i];
        unsigned shape = dg_gaz_shape_flags(c->word, c->len);
        size_t letters = 0;
        for (size_t k = 0; k < c->len; k++)
            letters += (c->word[k] != '\'');
        /* Two-letter title-case words are mostly given names and
         * abbreviations (Al, Ed, Jo) that lower-case text uses otherwise. */
        if (letters < 2 || (letters < 3 && !(shape & DG_NAME_ACRONYM)))
            continue;
        snprintf(src, sizeof src, "hunspell %s:%u", h->dic_name, c->lineno);
        if (dg_gaz_count_added(dg_gaz_add_name(g, c->word, c->len, 0, DG_GAZ_PRIO_HUNSPELL, src),
                        &g->stats.hunspell) < 0)
            return -1;
        if (!dg_hunspell_has_flag(c->flags, 'S') || (shape & DG_NAME_ACRONYM))
            continue;
        for (size_t r = 0; r < h->nrules; r++) {
            const dg_affix_rule *ru = &h->rules[r];
            if (!ru->suffix || ru->flag != 'S' || c->len < ru->strip_len ||
                c->len - ru->strip_len + ru->add_len >= sizeof form)
                continue;
            if (memcmp(c->word + c->len - ru->strip_len, ru->strip, ru->strip_len) != 0)
                continue;
            if (!dg_hunspell_cond_match(ru, c->word, c->len))
                continue;
            size_t n = c->len - ru->strip_len;
            memcpy(form, c->word, n);
            memcpy(form + n, ru->add, ru->add_len);
            n += ru->add_len;
            if (dg_gaz_count_added(dg_gaz_add_name(g, form, n, 0, DG_GAZ_PRIO_HUNSPELL, src),
                            &g->stats.hunspell) < 0)
                return -1;
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
    if (!dg_gaz_normalize_name(l->field[0], l->len[0], form, sizeof form, &flen))
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
    snprintf(src, sizeof src, "%s:%u", dg_base_name(l->name), l->lineno);
    int rc = dg_gaz_add_name(nc->g, l->field[0], l->len[0], flags, nc->priority, src);
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
                       DG_NAME_PERSONLIST | DG_NAME_GLOSS_PHRASE | DG_NAME_GLOSS_TITLE |
                       DG_NAME_GLOSS_UNMIXED | DG_NAME_WN_LOWER_HYPHEN | DG_NAME_GCIDE_NAME |
                       DG_NAME_GLOSS_MIXED_TITLE | DG_NAME_GLOSS_LOWER_TITLE |
                       0x7f000000u);
}

static void classify(dg_gazetteer *g, const dg_hunspell_words *h)
{
    char key[DG_GAZ_MAX_KEY];
    for (size_t i = 0; i < g->n; i++) {
        dg_name *e = g->all[i];
        if (e->nwords != 1)
            continue;
        e->flags &= ~DG_NAME_AMBIGUOUS;
        size_t klen = dg_fold(dg_name_form(e), e->len, key, sizeof key);
        if (klen != 0)
            e->flags |= measured_flags(key, klen);
        int common = klen != 0 && dg_hunspell_is_common(h, key, klen);
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
        const char *w = dg_name_form(e), *end = w + e->len;
        size_t fk = dg_fold(w, e->len, key, sizeof key);
        if (fk != 0)
            e->flags |= measured_flags(key, fk);
        int proper = 0;
        while (w < end) {
            const char *sp = memchr(w, ' ', (size_t)(end - w));
            size_t wl = sp ? (size_t)(sp - w) : (size_t)(end - w);
            size_t klen = dg_fold(w, wl, key, sizeof key);
            const dg_name *single = klen == 0 ? NULL
                                    : dg_strmap_get(g->names, key, klen);
            if (!single && klen != 0) {
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
    else if (dg_strmap_put(m->g->names, key, len, &m->g->prefix_only.name) < 0)
        m->failed = 1;
}

/* Runs last: before it, names holds names only (classify relies on it). */
static int merge_prefixes(dg_gazetteer *g)
{
    merge_ctx m = {g, 0};
    g->prefix_only = (dg_gaz_row){.name = {.flags = DG_NAME_PREFIX}, .form = ""};
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
    dg_hunspell_words h = {0};
    dg_status st = DG_OK;
    if (!g->names || !g->prefixes)
        st = DG_ERR_NOMEM;

    char dic[1024], aff[1024], label[64];
    if (st == DG_OK)
        st = dg_hunspell_find(src->hunspell_dic ? src->hunspell_dic : "en_US", dic, aff,
                              sizeof dic, label, sizeof label, err);
    /* The system dictionaries' case data is in the generated table
     * (names-table.h); only a dictionary the caller names is read here. */
    if (st == DG_OK && (src->hunspell_dic || dg_nt_count == 0))
        st = dg_hunspell_words_load(&h, dic, aff, src->hunspell_dic != NULL, warning, err);
    /* Lowest priority first so that later sources overwrite forms. */
    if (st == DG_OK && h.loaded && add_hunspell_names(g, &h) < 0)
        st = DG_ERR_NOMEM;
    if (st == DG_OK && dg_icu_names_add(g, &h) < 0)
        st = DG_ERR_NOMEM;

    names_ctx nc = {g, DG_GAZ_PRIO_NAMES};
    if (st == DG_OK && src->builtin_names)
        st = dg_datafile_parse("names.txt", src->builtin_names,
                               src->builtin_names_len, add_names_line, &nc, err);
    for (const char *const *f = src->names_files; st == DG_OK && f && *f; f++) {
        if (nc.priority < INT16_MAX)   /* dg_name.priority's bound */
            nc.priority++;             /* later files win */
        st = dg_datafile_load(*f, add_names_line, &nc, err);
    }
    if (st == DG_OK)
        classify(g, &h);
    if (st == DG_OK && merge_prefixes(g) < 0)
        st = DG_ERR_NOMEM;
    dg_hunspell_words_free(&h);
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
