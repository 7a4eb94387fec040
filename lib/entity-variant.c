/* entity-variant.c - the phrase stage's document-level entity repair: a
 * multiword name garbled in one place ("Hacker, Home") and spelled right
 * elsewhere in the same text ("Hacker House"). */
#include "phrases.h"

#include "casing.h"
#include "edits.h"
#include "grow.h"
#include "rules.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Distinct second words looked at per first word: more means the first
 * word is common enough that no single name is evidence. */
#define MAX_BIGRAM_CHAIN 16

/* The most bigrams looked at on either side of a site: more than an
 * article holds near one name, and a bound on the work in text made of
 * nothing else. */
#define MAX_SCAN 64

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

/* The nearest use of one second word B of "X B" seen so far. */
typedef struct evidence {
    const dg_token *z;
    size_t za, dist;
} evidence;

static void note_nearest(evidence *ev, const dg_token *b, size_t a, size_t dist)
{
    if (!ev->z || dist < ev->dist) {
        ev->z = b;
        ev->za = a;
        ev->dist = dist;
    }
}

/* What the bigrams "X B" near site i (tokens "X, Y") say: B is Y (the
 * comma is stray), or exactly one B looks like Y (Y is its garbled
 * variant); more than MAX_BIGRAM_CHAIN distinct B, or two that look like
 * Y, say nothing.  Near is within DG_SAME_TEXT_WINDOW bytes (casing.h):
 * so a piece of a stream, with its context, decides as the whole text
 * would (lib/stream.c), and a name spelled right a chapter away is no
 * evidence.  Returns Z, the B chosen (NULL when none); *za gets the
 * token where the nearest "X Z" starts, *same whether Z is Y.  cand
 * holds the bigrams by token, in text order. */
static const dg_token *site_evidence(const dg_doc *doc, const spots *cand, size_t i,
                                     size_t *za, int *same)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    /* Tokens of other word types differ in their bytes too: most are
     * told apart by their types. */
    const uint32_t *type = doc->type;
    const dg_token *x = &tok[i], *y = &tok[i + 3];
    size_t here = x->start;
    size_t lo = here > DG_SAME_TEXT_WINDOW ? here - DG_SAME_TEXT_WINDOW : 0;
    size_t hi = here + DG_SAME_TEXT_WINDOW;
    const dg_token *seen[MAX_BIGRAM_CHAIN];
    size_t seen_at[MAX_BIGRAM_CHAIN], nseen = 0;
    int many = 0, alikes = 0;
    const dg_token *alike = NULL;
    evidence as_y = {0}, as_alike = {0};
    /* The first bigram at or after the site, then outwards both ways. */
    size_t k0 = 0, k1 = cand->n;
    while (k0 < k1) {
        size_t mid = k0 + (k1 - k0) / 2;
        if (cand->v[mid] < i)
            k0 = mid + 1;
        else
            k1 = mid;
    }
    for (int dir = 0; dir < 2 && !many; dir++) {
        for (size_t k = k0, n = 0; n < MAX_SCAN && !many; n++) {
            if (dir == 0 ? k == 0 : k >= cand->n)
                break;
            size_t a = dir == 0 ? cand->v[--k] : cand->v[k++];
            if (dir == 0 ? tok[a].start < lo : tok[a].start > hi)
                break;
            if ((type && type[a] != type[i]) || !tok_eq(t, &tok[a], x))
                continue;
            const dg_token *b = &tok[a + 2];
            size_t dist = tok[a].start > here ? tok[a].start - here : here - tok[a].start;
            size_t s = 0;
            while (s < nseen &&
                   ((type && type[seen_at[s]] != type[a + 2]) || !tok_eq(t, seen[s], b)))
                s++;
            if (s == nseen) {
                if (nseen == MAX_BIGRAM_CHAIN) {
                    many = 1;
                    break;
                }
                seen_at[nseen] = a + 2;
                seen[nseen++] = b;
                if (!tok_eq(t, b, y) && look_alike(t, y, b)) {
                    alikes++;
                    alike = b;
                }
            }
            if (tok_eq(t, b, y))
                note_nearest(&as_y, b, a, dist);
            else if (alike && tok_eq(t, b, alike))
                note_nearest(&as_alike, b, a, dist);
        }
    }
    *same = 0;
    if (many)
        return NULL;
    if (as_y.z) {
        *same = 1;
        *za = as_y.za;
        return as_y.z;
    }
    if (alikes != 1)
        return NULL;
    *za = as_alike.za;
    return as_alike.z;
}

int dg_entity_variant_propose(const dg_doc *doc)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    size_t n = doc->ntok;
    spots sites = {0}, cand = {0};
    int rc = find_sites(t, doc->len, tok, n, &sites);
    size_t open = 0;
    for (size_t s = 0; rc == 0 && s < sites.n; s++)
        if (site_open(t, tok, n, sites.v[s]))
            sites.v[open++] = sites.v[s];
    sites.n = open;
    /* Most texts have no site left: then no bigram is looked for. */
    if (rc == 0 && sites.n)
        rc = site_pairs(doc, &sites, &cand);

    for (size_t s = 0; rc == 0 && s < sites.n; s++) {
        size_t i = sites.v[s];
        const dg_token *x = &tok[i], *y = &tok[i + 3];
        size_t za = 0;
        int same = 0;
        const dg_token *z = site_evidence(doc, &cand, i, &za, &same);
        if (!z)
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
        char where[48], reason[300];
        snprintf(reason, sizeof reason,
                 "\"%.*s %.*s\" occurs in the same text, %s; \"%.*s, %.*s\" %s",
                 (int)(x->end - x->start), t + x->start, (int)zl, t + z->start,
                 dg_edits_distance(where, sizeof where, tok[za].start, x->start),
                 (int)(x->end - x->start), t + x->start,
                 (int)(y->end - y->start), t + y->start,
                 same ? "has a stray comma" : "is a garbled variant of it");
        if (dg_edits_propose(doc->edits, x->end, y->end, repl, zl + 1, DG_STAGE_PHRASES,
                             "phrases.entity-variant", conf, "%s", reason) < 0)
            rc = -1;
    }
    free(sites.v);
    free(cand.v);
    return rc;
}
