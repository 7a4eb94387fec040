/* entity-variant.c - the phrase stage's document-level entity repair: a
 * multiword name garbled in one place ("Hacker, Home") and spelled right
 * elsewhere in the same text ("Hacker House"). */
#include "phrases.h"

#include "grow.h"
#include "rules.h"
#include "strmap.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bigram {
    size_t a, b;           /* token indices of "A B" (its first occurrence) */
    size_t next;           /* next bigram with the same A, + 1 */
} bigram;

/* Distinct second words looked at per first word: more means the first
 * word is common enough that no single name is evidence. */
#define MAX_BIGRAM_CHAIN 16

static int is_name_word(const char *t, const dg_token *k)
{
    if (k->kind != DG_TOKEN_WORD || (k->flags & DG_TOKEN_POSSESSIVE))
        return 0;
    /* Asked of every word of the text: an ASCII first byte answers here,
     * as dg_starts_upper would, without the call. */
    unsigned char c = (unsigned char)t[k->start];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return dg_starts_upper(t + k->start, k->end - k->start);
}

/* "LIMITED TO, THE", "Boston, MA": capitals throughout are legal or
 * postal style, where a comma between two words is the writer's. */
static int all_caps(const char *t, const dg_token *k)
{
    size_t letters = 0;
    for (size_t p = k->start; p < k->end; p++) {
        unsigned char c = (unsigned char)t[p];
        if (c >= 'a' && c <= 'z')
            return 0;
        letters += c >= 'A' && c <= 'Z';
    }
    return letters >= 2;
}

static int is_conjunction(const char *t, const dg_token *w)
{
    size_t wl = w->end - w->start;
    return (wl == 3 && memcmp(t + w->start, "and", 3) == 0) ||
           (wl == 2 && memcmp(t + w->start, "or", 2) == 0) ||
           (wl == 1 && t[w->start] == '&');
}

/* True when the pair at tokens i (X) and i + 3 (Y) sits in a list: a third
 * item follows Y (", and C", " and C", ", C"): then the comma separates
 * items and must stay.  A comma before X proves nothing ("the company,
 * Hacker, Home." is an appositive), nor one after Y before a verb ("the
 * consultancy, Orbit, Partner, said"). */
static int in_list(const char *t, const dg_token *tok, size_t n, size_t i)
{
    size_t a = i + 4;
    if (a < n && dg_tok_is_char(t, &tok[a], ','))
        a++;
    if (a + 1 >= n || tok[a].kind != DG_TOKEN_SPACE)
        return 0;
    const dg_token *w = &tok[a + 1];
    return is_conjunction(t, w) ||
           (a > i + 4 && (is_name_word(t, w) || w->kind == DG_TOKEN_NUMBER));
}

static int tok_eq(const char *t, const dg_token *a, const dg_token *b)
{
    return a->end - a->start == b->end - b->start &&
           memcmp(t + a->start, t + b->start, a->end - a->start) == 0;
}

/* Garbling replaces a name's word by a look-alike or near-synonym that
 * keeps its opening letters (House -> Home); anything less alike is a
 * different name. */
static int look_alike(const char *t, const dg_token *y, const dg_token *z)
{
    char fy[DG_RULE_MAX_TOKEN], fz[DG_RULE_MAX_TOKEN];
    size_t ly = dg_fold(t + y->start, y->end - y->start, fy, sizeof fy);
    size_t lz = dg_fold(t + z->start, z->end - z->start, fz, sizeof fz);
    if (!ly || !lz || fy[0] != fz[0])
        return 0;
    size_t pre = 0;
    while (pre < ly && pre < lz && fy[pre] == fz[pre])
        pre++;
    int d = dg_osa_distance(fy, ly, fz, lz, 2);
    return d <= 1 || (d == 2 && pre >= 2 && ly >= 4 && lz >= 4);
}

/* True when tokens i to i + 3 read "X, Y": two name words, a comma hard
 * against the first, one space. */
static int is_site(const char *t, const dg_token *tok, size_t i)
{
    return is_name_word(t, &tok[i]) && dg_tok_is_char(t, &tok[i + 1], ',') &&
           tok[i + 1].start == tok[i].end && dg_tok_is_single_space(t, &tok[i + 2]) &&
           is_name_word(t, &tok[i + 3]);
}

/* Where name words start sites "X, Y" or bigrams "A B" (or where line
 * breaks are), by token, in text order. */
typedef struct spots {
    size_t *v;
    size_t n, cap;
} spots;

static int spots_add(spots *s, size_t i)
{
    if (s->n == s->cap) {
        size_t *v = dg_grow(s->v, &s->cap, s->n + 1, sizeof *v, 64);
        if (!v)
            return -1;
        s->v = v;
    }
    s->v[s->n++] = i;
    return 0;
}

/* The line of token i for a reason, breaks holding the line breaks of
 * the text (made when a reason first asks: most texts propose nothing):
 * one more than the breaks before it.  Returns 0 when out of memory. */
static unsigned line_of(spots *breaks, int *made, const dg_token *tok, size_t n, size_t i)
{
    if (!*made) {
        for (size_t k = 0; k < n; k++)
            if (tok[k].kind == DG_TOKEN_NEWLINE && spots_add(breaks, k) < 0)
                return 0;
        *made = 1;
    }
    size_t lo = 0, hi = breaks->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (breaks->v[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (unsigned)(1 + lo);
}

/* The sites "X, Y" of the text in order, found from its commas: a
 * site's comma is followed by a space and a capital or a byte outside
 * ASCII (which may start one), as is_site asks of tokens, so prose with
 * few such commas costs a byte search rather than a look at every token.
 * Returns 0 or -1. */
static int find_sites(const char *t, size_t len, const dg_token *tok, size_t n, spots *sites)
{
    size_t lo = 0;
    for (const char *p = t, *e = t + len; e - p > 2 && (p = memchr(p, ',', (size_t)(e - p - 2)));
         p++) {
        unsigned char c = (unsigned char)p[2];
        if (p[1] != ' ' || !((c >= 'A' && c <= 'Z') || c >= 0x80))
            continue;
        size_t at = (size_t)(p - t);
        lo = dg_token_first_from(tok, lo, n, at);
        if (lo == 0 || lo >= n || tok[lo].start != at)
            continue;
        size_t i = lo - 1;
        if (i + 3 < n && is_site(t, tok, i) && spots_add(sites, i) < 0)
            return -1;
    }
    return 0;
}

/* Whether site i may be a stray comma by the tokens around it; the rest
 * of the decision asks the text's bigrams. */
static int site_open(const char *t, const dg_token *tok, size_t n, size_t i)
{
    const dg_token *x = &tok[i], *y = &tok[i + 3];
    /* "Smith, Home Secretary": the second word starts a name of its
     * own, so the comma is real. */
    if (i + 5 < n && dg_tok_is_single_space(t, &tok[i + 4]) && is_name_word(t, &tok[i + 5]))
        return 0;
    /* "License, Version 1.3", "Volume, Chapter 2": a numbered part set
     * off by a comma is how clean English cites it. */
    if (i + 5 < n && dg_tok_is_single_space(t, &tok[i + 4]) &&
        tok[i + 5].kind == DG_TOKEN_NUMBER)
        return 0;
    /* Legal capitals, list items, literal text: the comma is real (or
     * the text is not prose), whatever the rest of the text writes. */
    return !(all_caps(t, x) || all_caps(t, y) || in_list(t, tok, n, i) ||
             ((x->flags | y->flags) & DG_TOKEN_LITERAL));
}

/* Token i (i + 2 < n) as the first word of a bigram: "A B", two name
 * words one space apart, A no site. */
static inline int is_pair(const char *t, const dg_token *tok, size_t n, size_t i)
{
    return is_name_word(t, &tok[i]) && !(i + 3 < n && is_site(t, tok, i)) &&
           dg_tok_is_single_space(t, &tok[i + 1]) && is_name_word(t, &tok[i + 2]);
}

/* The bigrams of the text.  With want (per word type, of ntypes: the
 * first word of a bigram that counts is of a marked type), the scan looks
 * at a token's type alone.  Returns 0 or -1. */
static int scan_pairs(const char *t, const dg_token *tok, size_t n, const uint32_t *type,
                      const unsigned char *want, size_t ntypes, spots *pairs)
{
    if (want) {
        for (size_t i = 0; i + 2 < n; i++) {
            uint32_t ty = type[i];     /* DG_NO_TYPE is no index */
            if (ty < ntypes && want[ty] && is_pair(t, tok, n, i) && spots_add(pairs, i) < 0)
                return -1;
        }
        return 0;
    }
    for (size_t i = 0; i + 2 < n; i++)
        if (tok[i].kind == DG_TOKEN_WORD && is_pair(t, tok, n, i) && spots_add(pairs, i) < 0)
            return -1;
    return 0;
}

/* The bigrams that can count for sites (whose X is the bigram's first
 * word: the same bytes, so the same word type): want marks the types of
 * the sites' first words, or is NULL when there are no types to mark.
 * Returns 0 or -1. */
static int site_pairs(const dg_doc *doc, const spots *sites, spots *pairs)
{
    unsigned char *want = NULL;
    if (doc->type && doc->ntypes) {
        want = calloc(doc->ntypes, 1);
        if (!want)
            return -1;
        for (size_t s = 0; s < sites->n; s++) {
            uint32_t ty = doc->type[sites->v[s]];
            if (ty == DG_NO_TYPE) {
                free(want);
                want = NULL;
                break;
            }
            want[ty] = 1;
        }
    }
    int rc = scan_pairs(doc->text, doc->tok, doc->ntok, doc->type, want, doc->ntypes, pairs);
    free(want);
    return rc;
}

/* Each distinct "A B" once, chained by A (heads: A -> 1 + its latest
 * bigram), so that a name repeated a thousand times costs one chain
 * entry.  Returns 0 or -1. */
static int collect_bigrams(const char *t, const dg_token *tok, const spots *cand,
                           dg_strmap *heads, dg_strmap *pairs, bigram **bg, size_t *nbg)
{
    size_t cap = 0;
    for (size_t c = 0; c < cand->n; c++) {
        size_t i = cand->v[c];
        size_t pl = tok[i + 2].end - tok[i].start;
        if (dg_strmap_get(pairs, t + tok[i].start, pl))
            continue;
        if (dg_strmap_put(pairs, t + tok[i].start, pl, (void *)1) < 0)
            return -1;
        if (*nbg == cap) {
            bigram *v = dg_grow(*bg, &cap, *nbg + 1, sizeof *v, 64);
            if (!v)
                return -1;
            *bg = v;
        }
        const char *key = t + tok[i].start;
        size_t kl = tok[i].end - tok[i].start;
        (*bg)[*nbg] = (bigram){i, i + 2, (size_t)(uintptr_t)dg_strmap_get(heads, key, kl)};
        ++*nbg;
        if (dg_strmap_put(heads, key, kl, (void *)(uintptr_t)*nbg) < 0)
            return -1;
    }
    return 0;
}

int dg_entity_variant_propose(const dg_doc *doc)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    size_t n = doc->ntok;
    spots sites = {0}, cand = {0}, breaks = {0};
    int made_breaks = 0;
    bigram *bg = NULL;
    size_t nbg = 0;
    dg_strmap *heads = NULL, *pairs = NULL;
    int rc = find_sites(t, doc->len, tok, n, &sites);
    size_t open = 0;
    for (size_t s = 0; rc == 0 && s < sites.n; s++)
        if (site_open(t, tok, n, sites.v[s]))
            sites.v[open++] = sites.v[s];
    sites.n = open;
    /* Most texts have no site left: then no bigram is looked for and no
     * map is made. */
    if (rc == 0 && sites.n)
        rc = site_pairs(doc, &sites, &cand);
    if (rc == 0 && sites.n) {
        heads = dg_strmap_new();
        pairs = dg_strmap_new();
        rc = heads && pairs ? collect_bigrams(t, tok, &cand, heads, pairs, &bg, &nbg) : -1;
    }

    for (size_t s = 0; rc == 0 && s < sites.n; s++) {
        size_t i = sites.v[s];
        const dg_token *x = &tok[i], *y = &tok[i + 3];
        size_t h = (size_t)(uintptr_t)dg_strmap_get(heads, t + x->start, x->end - x->start);
        const dg_token *z = NULL;
        size_t za = 0;             /* where "X Z" first occurs */
        int ambiguous = 0, same = 0, chain = 0;
        for (; h && !ambiguous; h = bg[h - 1].next) {
            if (++chain > MAX_BIGRAM_CHAIN) {
                ambiguous = 1;
                same = 0;
                break;
            }
            const dg_token *b = &tok[bg[h - 1].b];
            if (tok_eq(t, b, y)) {
                same = 1;
                z = b;
                za = bg[h - 1].a;
            } else if (!same && look_alike(t, y, b)) {
                if (z)
                    ambiguous = 1;
                z = b;
                za = bg[h - 1].a;
            }
        }
        if (!z || ambiguous)
            continue;
        /* Clause punctuation after the variant is what an appositive name
         * looks like; otherwise stay a finding.  A line end is not enough
         * in hard-wrapped text ("using Python, Licensee\nagrees"); a comma
         * before a third item was ruled out above. */
        const dg_token *after = i + 4 < n ? &tok[i + 4] : NULL;
        int closes = !after ||
                     (after->kind == DG_TOKEN_PUNCT && after->start == y->end &&
                      strchr(".,;:!?)", t[after->start]));
        double conf = closes ? 0.9 : 0.8;
        char repl[DG_RULE_MAX_TOKEN + 2];
        size_t zl = z->end - z->start;
        if (zl + 1 > sizeof repl)
            continue;
        repl[0] = ' ';
        memcpy(repl + 1, t + z->start, zl);
        unsigned zline = line_of(&breaks, &made_breaks, tok, n, za);
        if (!zline) {
            rc = -1;
            break;
        }
        char reason[300];
        snprintf(reason, sizeof reason,
                 "\"%.*s %.*s\" occurs in the same text (line %u); \"%.*s, %.*s\" %s",
                 (int)(x->end - x->start), t + x->start, (int)zl, t + z->start,
                 zline, (int)(x->end - x->start), t + x->start,
                 (int)(y->end - y->start), t + y->start,
                 same ? "has a stray comma" : "is a garbled variant of it");
        if (dg_edits_propose(doc->edits, x->end, y->end, repl, zl + 1, DG_STAGE_PHRASES,
                             "phrases.entity-variant", conf, "%s", reason) < 0)
            rc = -1;
    }
    free(sites.v);
    free(cand.v);
    free(breaks.v);
    free(bg);
    dg_strmap_free(heads);
    dg_strmap_free(pairs);
    return rc;
}
