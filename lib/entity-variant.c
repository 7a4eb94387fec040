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
    size_t a, b;           /* token indices of "A B" */
    size_t next;           /* next bigram with the same A, + 1 */
    unsigned line;         /* of the first occurrence, for the reason */
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

/* Where a name word starts a site "X, Y" or a bigram "A B", by its token
 * and line, in text order. */
typedef struct spot {
    size_t i;
    unsigned line;
} spot;

typedef struct spots {
    spot *v;
    size_t n, cap;
} spots;

static int spots_add(spots *s, size_t i, unsigned line)
{
    if (s->n == s->cap) {
        spot *v = dg_grow(s->v, &s->cap, s->n + 1, sizeof *v, 64);
        if (!v)
            return -1;
        s->v = v;
    }
    s->v[s->n++] = (spot){i, line};
    return 0;
}

/* One scan for the sites and the bigrams.  It is over every token, so the
 * word test comes first: it rules out most tokens in a load and a
 * compare.  Returns 0 or -1. */
static int scan(const char *t, const dg_token *tok, size_t n, spots *sites, spots *pairs)
{
    unsigned line = 1;
    for (size_t i = 0; i + 2 < n; i++) {
        line += tok[i].kind == DG_TOKEN_NEWLINE;
        if (!is_name_word(t, &tok[i]))
            continue;
        if (i + 3 < n && is_site(t, tok, i)) {
            if (spots_add(sites, i, line) < 0)
                return -1;
        } else if (dg_tok_is_single_space(t, &tok[i + 1]) && is_name_word(t, &tok[i + 2])) {
            if (spots_add(pairs, i, line) < 0)
                return -1;
        }
    }
    return 0;
}

/* Each distinct "A B" once, chained by A (heads: A -> 1 + its latest
 * bigram), so that a name repeated a thousand times costs one chain
 * entry.  Returns 0 or -1. */
static int collect_bigrams(const char *t, const dg_token *tok, const spots *cand,
                           dg_strmap *heads, dg_strmap *pairs, bigram **bg, size_t *nbg)
{
    size_t cap = 0;
    for (size_t c = 0; c < cand->n; c++) {
        size_t i = cand->v[c].i;
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
        (*bg)[*nbg] = (bigram){i, i + 2, (size_t)(uintptr_t)dg_strmap_get(heads, key, kl),
                               cand->v[c].line};
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
    spots sites = {0}, cand = {0};
    bigram *bg = NULL;
    size_t nbg = 0;
    dg_strmap *heads = NULL, *pairs = NULL;
    int rc = scan(t, tok, n, &sites, &cand);
    /* Most texts have no site: then no map is made. */
    if (rc == 0 && sites.n) {
        heads = dg_strmap_new();
        pairs = dg_strmap_new();
        rc = heads && pairs ? collect_bigrams(t, tok, &cand, heads, pairs, &bg, &nbg) : -1;
    }

    for (size_t s = 0; rc == 0 && s < sites.n; s++) {
        size_t i = sites.v[s].i;
        const dg_token *x = &tok[i], *y = &tok[i + 3];
        /* "Smith, Home Secretary": the second word starts a name of its
         * own, so the comma is real. */
        if (i + 5 < n && dg_tok_is_single_space(t, &tok[i + 4]) && is_name_word(t, &tok[i + 5]))
            continue;
        /* "License, Version 1.3", "Volume, Chapter 2": a numbered part set
         * off by a comma is how clean English cites it. */
        if (i + 5 < n && dg_tok_is_single_space(t, &tok[i + 4]) &&
            tok[i + 5].kind == DG_TOKEN_NUMBER)
            continue;
        /* Legal capitals, list items, literal text: the comma is real (or
         * the text is not prose), whatever the rest of the text writes. */
        if (all_caps(t, x) || all_caps(t, y) || in_list(t, tok, n, i) ||
            ((x->flags | y->flags) & DG_TOKEN_LITERAL))
            continue;
        size_t h = (size_t)(uintptr_t)dg_strmap_get(heads, t + x->start, x->end - x->start);
        const dg_token *z = NULL;
        unsigned zline = 0;
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
                zline = bg[h - 1].line;
            } else if (!same && look_alike(t, y, b)) {
                if (z)
                    ambiguous = 1;
                z = b;
                zline = bg[h - 1].line;
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
    free(bg);
    dg_strmap_free(heads);
    dg_strmap_free(pairs);
    return rc;
}
