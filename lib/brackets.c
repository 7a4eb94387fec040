/* brackets.c - the phrase stage's bracket repairs: an organization's name
 * before its bracketed acronym (dicts/organizations.txt) and an instrument
 * code after a company name (dicts/tickers.txt). */
#include "phrases.h"

#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

static int is_apostrophe_tok(const char *t, const dg_token *k)
{
    if (k->kind != DG_TOKEN_PUNCT)
        return 0;
    size_t n = k->end - k->start;
    return n > 0 && dg_apostrophe_len(t + k->start, n) == n;
}

/* Folded word with apostrophes and a possessive 's removed, for comparing
 * a garbled word with a dictionary word. */
static size_t word_key(const char *s, size_t n, char *out, size_t cap)
{
    char f[DG_RULE_MAX_TOKEN];
    size_t fl = dg_fold(s, n, f, sizeof f);
    if (!fl)
        return 0;
    if (fl > 2 && f[fl - 2] == '\'' && f[fl - 1] == 's')
        fl -= 2;
    size_t o = 0;
    for (size_t i = 0; i < fl && o < cap; i++)
        if (f[i] != '\'')
            out[o++] = f[i];
    return o;
}

/* ---- organizations: "the Workers ‘ y of Korea (WPK)" ------------------- */

static int words_equal(const char *a, size_t na, const char *b, size_t nb)
{
    char fa[DG_RULE_MAX_TOKEN], fb[DG_RULE_MAX_TOKEN];
    size_t la = word_key(a, na, fa, sizeof fa), lb = word_key(b, nb, fb, sizeof fb);
    return la && la == lb && memcmp(fa, fb, la) == 0;
}

/* Same text once apostrophes are ignored: "Workers Party" is an accepted
 * spelling of "Workers’ Party" and is left alone. */
static int same_but_apostrophes(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0, k;
    for (;;) {
        while (i < na && (k = dg_apostrophe_len(a + i, na - i)) > 0)
            i += k;
        while (j < nb && (k = dg_apostrophe_len(b + j, nb - j)) > 0)
            j += k;
        if (i == na || j == nb)
            return i == na && j == nb;
        if (a[i] != b[j])
            return 0;
        i++;
        j++;
    }
}

static int org_at(const dg_doc *doc, const dg_phrases *p, size_t open)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    if (open + 2 >= doc->ntok || tok[open + 1].kind != DG_TOKEN_WORD ||
        !dg_tok_is_char(t, &tok[open + 2], ')'))
        return 0;
    const dg_token *a = &tok[open + 1];
    const org *o = dg_strmap_get(p->orgs, t + a->start, a->end - a->start);
    if (!o || open < 2 || !dg_tok_is_single_space(t, &tok[open - 1]))
        return 0;
    /* The words before the bracket, last first; apostrophes the garbling
     * split off stay inside the span. */
    size_t w[MAX_ORG_WORDS + 2];
    int nw = 0;
    for (size_t j = open - 1; j-- > 0 && nw < o->nwords + 1;) {
        const dg_token *k = &tok[j];
        if (k->kind == DG_TOKEN_WORD)
            w[nw++] = j;
        else if (!dg_tok_is_single_space(t, k) && !is_apostrophe_tok(t, k))
            break;
    }
    int best = -1, best_d = 99;
    for (int s = nw - 1; s >= 1; s--) {
        int k = s + 1;     /* words w[s] .. w[0] */
        if (k < o->nwords - 1 || k > o->nwords + 1)
            continue;
        const dg_token *f = &tok[w[s]], *l = &tok[w[0]];
        const char *e = o->expansion;
        if (!words_equal(t + f->start, f->end - f->start, e + o->word_off[0], o->word_len[0]) ||
            !words_equal(t + l->start, l->end - l->start, e + o->word_off[o->nwords - 1],
                         o->word_len[o->nwords - 1]))
            continue;
        /* Word-level edit distance between the span and the expansion. */
        int d[MAX_ORG_WORDS + 3][MAX_ORG_WORDS + 1];
        for (int i = 0; i <= k; i++)
            d[i][0] = i;
        for (int j = 0; j <= o->nwords; j++)
            d[0][j] = j;
        for (int i = 1; i <= k; i++) {
            const dg_token *x = &tok[w[s - i + 1]];
            for (int j = 1; j <= o->nwords; j++) {
                int c = !words_equal(t + x->start, x->end - x->start, e + o->word_off[j - 1],
                                     o->word_len[j - 1]);
                int v = d[i - 1][j - 1] + c;
                if (d[i - 1][j] + 1 < v)
                    v = d[i - 1][j] + 1;
                if (d[i][j - 1] + 1 < v)
                    v = d[i][j - 1] + 1;
                d[i][j] = v;
            }
        }
        int dist = d[k][o->nwords];
        if (dist < best_d || (dist == best_d && k == o->nwords)) {
            best_d = dist;
            best = s;
        }
    }
    if (best < 0 || best_d > 1 || (best_d == 1 && o->nwords < 3))
        return 0;
    size_t s = tok[w[best]].start, e = tok[w[0]].end;
    size_t el = strlen(o->expansion);
    if (same_but_apostrophes(t + s, e - s, o->expansion, el))
        return 0;
    int k = best + 1;
    double conf = best_d == 0 ? 0.95 : k == o->nwords ? 0.9 : 0.8;
    char reason[300];
    snprintf(reason, sizeof reason,
             "%s: (%s) is the %s; %s", o->source, o->acronym, o->expansion,
             best_d == 0 ? "spelling restored" : "one garbled word restored, the initials agree");
    return dg_phrases_propose_trimmed(doc, s, e, o->expansion, el, "phrases.org-acronym", conf, reason);
}

/* ---- instrument codes: "Apple’s (AAPL.D)" ------------------------------ */

static const ticker *company_before(const dg_doc *doc, const dg_phrases *p, size_t open)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    if (open < 2 || !dg_tok_is_single_space(t, &tok[open - 1]))
        return NULL;
    size_t j = open - 2;
    /* ZTE Corp. (...), MediaTek Inc (...): skip up to two suffixes. */
    for (int n = 0; n < 2 && j >= 2; n++) {
        const dg_token *k = &tok[j];
        char f[64];
        size_t fl = dg_fold(t + k->start, k->end - k->start, f, sizeof f);
        if (!fl || !dg_strmap_get(p->suffixes, f, fl) || !dg_tok_is_single_space(t, &tok[j - 1]))
            break;
        j -= 2;
    }
    if (tok[j].kind != DG_TOKEN_WORD)
        return NULL;
    size_t words[MAX_COMPANY_WORDS];
    int nw = 0;
    for (size_t q = j;; q -= 2) {
        words[nw++] = q;
        if (nw == MAX_COMPANY_WORDS || q < 2 || !dg_tok_is_single_space(t, &tok[q - 1]) ||
            tok[q - 2].kind != DG_TOKEN_WORD)
            break;
    }
    for (int n = nw; n >= 1; n--) {
        char key[256];
        size_t kl = 0;
        for (int i = n - 1; i >= 0; i--) {
            const dg_token *k = &tok[words[i]];
            size_t end = i == 0 ? k->stem_end : k->end;
            size_t fl = dg_fold(t + k->start, end - k->start, key + kl, sizeof key - kl - 1);
            if (!fl)
                return NULL;
            kl += fl;
            if (i > 0)
                key[kl++] = ' ';
        }
        const ticker *tk = dg_strmap_get(p->tickers, key, kl);
        if (tk)
            return tk;
    }
    return NULL;
}

static int looks_like_code(const char *s, size_t n)
{
    int strong = 0;
    if (n < 2 || n > 14)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            strong = 1;
        else if (!(c >= 'a' && c <= 'z') && c != '.' && c != '(' && c != '-')
            return 0;
    }
    return strong;
}

static int ticker_at(const dg_doc *doc, const dg_phrases *p, size_t open)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    size_t close = open + 1;
    while (close < doc->ntok && close < open + 8 && !dg_tok_is_char(t, &tok[close], ')')) {
        if (tok[close].kind == DG_TOKEN_SPACE || tok[close].kind == DG_TOKEN_NEWLINE ||
            tok[close].kind == DG_TOKEN_INVALID)
            return 0;
        close++;
    }
    if (close >= doc->ntok || close == open + 1 || !dg_tok_is_char(t, &tok[close], ')'))
        return 0;
    const ticker *tk = company_before(doc, p, open);
    if (!tk)
        return 0;
    size_t s = tok[open + 1].start, e = tok[close].start;
    int best = 99;
    const char *code = NULL;
    for (int c = 0; c < tk->ncodes; c++) {
        int d = dg_osa_distance(t + s, e - s, tk->codes[c], strlen(tk->codes[c]), 3);
        if (d == 0)
            return 0;     /* a correct code is never touched */
        if (d < best) {
            best = d;
            code = tk->codes[c];
        }
    }
    size_t cl = strlen(code);
    char reason[300];
    if (best == 1) {
        /* "AAPL.OQ" or "2454.T" could be another real listing of the
         * company: same root, an exchange suffix we know.  Report it. */
        const char *dot = memrchr(t + s, '.', e - s);
        const char *cdot = strrchr(code, '.');
        int other_listing = dot && cdot && dot + 1 < t + e &&
                            (size_t)(dot - (t + s)) == (size_t)(cdot - code) &&
                            memcmp(t + s, code, (size_t)(cdot - code)) == 0 &&
                            !memchr(t + s, '(', e - s) &&
                            dg_strmap_get(p->exchanges, dot + 1, (size_t)(t + e - dot - 1));
        snprintf(reason, sizeof reason, "%s: %s is %s; '%.*s' is one character off%s",
                 tk->source, tk->company, code, (int)(e - s), t + s,
                 other_listing ? ", but could be another listing" : "");
        return dg_phrases_propose_trimmed(doc, s, e, code, cl, "phrases.ticker",
                               other_listing ? 0.8 : 0.95, reason);
    }
    if (!looks_like_code(t + s, e - s))
        return 0;
    snprintf(reason, sizeof reason, "%s: %s is %s; '%.*s' differs too much to change",
             tk->source, tk->company, code, (int)(e - s), t + s);
    return dg_edits_propose(doc->edits, s, e, code, cl, DG_STAGE_PHRASES,
                            "phrases.ticker", 0.5, "%s", reason);
}

int dg_brackets_propose(const dg_phrases *p, const dg_doc *doc)
{
    int have_orgs = dg_strmap_count(p->orgs) > 0, have_ticks = dg_strmap_count(p->tickers) > 0;
    if (!have_orgs && !have_ticks)
        return 0;
    /* Only a '(' token starts anything here: memchr finds the few in the
     * text, where testing every token cost most of the stage. */
    const char *t = doc->text;
    size_t i = 0;
    for (const char *q = memchr(t, '(', doc->len); q && i < doc->ntok;
         q = memchr(q + 1, '(', doc->len - (size_t)(q + 1 - t))) {
        size_t pos = (size_t)(q - t);
        for (i = dg_token_first_from(doc->tok, i, doc->ntok, pos);
             i < doc->ntok && doc->tok[i].start == pos; i++) {
            if (!dg_tok_is_char(t, &doc->tok[i], '('))
                continue;
            if ((have_orgs && org_at(doc, p, i) < 0) || (have_ticks && ticker_at(doc, p, i) < 0))
                return -1;
        }
    }
    return 0;
}
