/* edits.c - proposals, resolution and rendering. */
#include "edits.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_REPL ((size_t)-1)

void dg_edits_init(dg_edit_list *l)
{
    memset(l, 0, sizeof *l);
}

void dg_edits_clear(dg_edit_list *l)
{
    free(l->v);
    free(l->arena);
    dg_edits_init(l);
}

static int arena_reserve(dg_edit_list *l, size_t need)
{
    if (l->arena_cap - l->arena_len >= need)
        return 0;
    size_t cap = l->arena_cap ? l->arena_cap : 1024;
    while (cap - l->arena_len < need)
        cap *= 2;
    char *p = realloc(l->arena, cap);
    if (!p)
        return -1;
    l->arena = p;
    l->arena_cap = cap;
    return 0;
}

int dg_edit_is_noop(const char *input, size_t start, size_t end,
                    const char *repl, size_t repl_len)
{
    return repl && end - start == repl_len &&
           memcmp(input + start, repl, repl_len) == 0;
}

int dg_edits_propose(dg_edit_list *l, size_t start, size_t end,
                     const char *repl, size_t repl_len, dg_stage stage,
                     const char *rule, double confidence, const char *fmt, ...)
{
    if (l->failed)
        return -1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct dg_edit *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            goto oom;
        l->v = v;
        l->cap = cap;
    }
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    int rl = vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (rl < 0)
        rl = 0;
    if ((size_t)rl >= sizeof reason)
        rl = (int)sizeof reason - 1;
    size_t rule_len = rule ? strlen(rule) : 0;
    if (arena_reserve(l, repl_len + 1 + (size_t)rl + 1 + rule_len + 1) < 0)
        goto oom;

    struct dg_edit *e = &l->v[l->n];
    memset(e, 0, sizeof *e);
    e->start = start;
    e->end = end;
    e->stage = stage;
    e->rule = rule;
    e->confidence = (float)confidence;
    e->seq = (unsigned)l->n;
    if (repl) {
        e->repl_off = l->arena_len;
        e->repl_len = repl_len;
        memcpy(l->arena + l->arena_len, repl, repl_len);
        l->arena[l->arena_len + repl_len] = '\0';
        l->arena_len += repl_len + 1;
    } else {
        e->repl_off = NO_REPL;
    }
    e->rule_off = l->arena_len;
    memcpy(l->arena + l->arena_len, rule ? rule : "", rule_len + 1);
    l->arena_len += rule_len + 1;
    e->reason_off = l->arena_len;
    memcpy(l->arena + l->arena_len, reason, (size_t)rl);
    l->arena[l->arena_len + (size_t)rl] = '\0';
    l->arena_len += (size_t)rl + 1;
    l->n++;
    return 0;
oom:
    l->failed = 1;
    return -1;
}

/* Stronger proposals first: more confident, then longer (a whole-name fix
 * beats a fix of one of its words), then earlier stage order, then the
 * order of proposal, so that the result never depends on qsort. */
static int by_priority(const void *pa, const void *pb)
{
    const struct dg_edit *a = *(struct dg_edit *const *)pa;
    const struct dg_edit *b = *(struct dg_edit *const *)pb;
    if (a->confidence != b->confidence)
        return a->confidence > b->confidence ? -1 : 1;
    size_t la = a->end - a->start, lb = b->end - b->start;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static int by_start(const void *pa, const void *pb)
{
    const struct dg_edit *a = *(struct dg_edit *const *)pa;
    const struct dg_edit *b = *(struct dg_edit *const *)pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static int touches_forbidden(const struct dg_edit *e, const size_t *forbidden,
                             size_t n)
{
    /* forbidden is sorted pairs; binary search the first pair ending after
     * the edit's start. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (forbidden[2 * mid + 1] <= e->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n; i++) {
        size_t fs = forbidden[2 * i], fe = forbidden[2 * i + 1];
        if (fs > e->end)
            break;
        /* An insertion right before or after invalid bytes is allowed. */
        if (e->start < fe && fs < e->end)
            return 1;
        if (e->start == e->end && fs < e->start && e->start < fe)
            return 1;
    }
    return 0;
}

int dg_edits_resolve(dg_edit_list *l, double min_confidence,
                     const size_t *forbidden, size_t n_forbidden,
                     struct dg_edit ***applied, size_t *n_applied,
                     struct dg_edit ***findings, size_t *n_findings)
{
    *applied = *findings = NULL;
    *n_applied = *n_findings = 0;
    for (size_t i = 0; i < l->n; i++) {
        struct dg_edit *e = &l->v[i];
        e->repl = e->repl_off == NO_REPL ? NULL : l->arena + e->repl_off;
        e->reason = l->arena + e->reason_off;
        e->rule = l->arena + e->rule_off;
    }
    if (l->n == 0)
        return 0;

    struct dg_edit **cand = malloc(l->n * sizeof *cand);
    struct dg_edit **app = malloc(l->n * sizeof *app);
    struct dg_edit **fnd = malloc(l->n * sizeof *fnd);
    struct dg_edit **kept = malloc(l->n * sizeof *kept);
    if (!cand || !app || !fnd || !kept) {
        free(cand), free(app), free(fnd), free(kept);
        return -1;
    }
    size_t nc = 0, na = 0, nf = 0, nk = 0;
    size_t lo = (size_t)-1, hi = 0;
    for (size_t i = 0; i < l->n; i++) {
        struct dg_edit *e = &l->v[i];
        if (!e->repl) {
            fnd[nf++] = e;      /* pure findings never compete for bytes */
        } else if (!touches_forbidden(e, forbidden, n_forbidden)) {
            cand[nc++] = e;
            lo = e->start < lo ? e->start : lo;
            hi = e->end > hi ? e->end : hi;
        }
    }
    qsort(cand, nc, sizeof *cand, by_priority);

    /* What is taken so far, as three bitmaps over [lo, hi]: bytes covered
     * by a kept edit, positions where a kept edit starts, and positions of
     * kept insertions.  Each candidate then costs the length of its own
     * span, so thousands of edits in one call stay linear. */
    size_t nbits = nc ? hi - lo + 2 : 0;
    size_t words = (nbits + 63) / 64;
    uint64_t *covered = calloc(words ? 3 * words : 1, sizeof *covered);
    if (!covered) {
        free(cand), free(app), free(fnd), free(kept);
        return -1;
    }
    uint64_t *starts = covered + words, *inserts = covered + 2 * words;
#define BIT(map, pos) (((map)[((pos) - lo) / 64] >> (((pos) - lo) % 64)) & 1u)
#define SET(map, pos) ((map)[((pos) - lo) / 64] |= (uint64_t)1 << (((pos) - lo) % 64))
    for (size_t i = 0; i < nc; i++) {
        struct dg_edit *e = cand[i];
        int bad = 0;
        if (e->start == e->end) {
            size_t p = e->start;
            /* Another insertion here, or p strictly inside a kept edit:
             * bytes on both sides covered and no edit starting at p. */
            bad = BIT(inserts, p) ||
                  (p > lo && BIT(covered, p - 1) && p < hi && BIT(covered, p) &&
                   !BIT(starts, p));
        } else {
            for (size_t p = e->start; p < e->end && !bad; p++)
                bad = BIT(covered, p) || (p > e->start && BIT(inserts, p));
        }
        if (bad)
            continue;
        if (e->start == e->end) {
            SET(inserts, e->start);
        } else {
            SET(starts, e->start);
            for (size_t p = e->start; p < e->end; p++)
                SET(covered, p);
        }
        kept[nk++] = e;
    }
#undef BIT
#undef SET
    free(covered);
    for (size_t i = 0; i < nk; i++) {
        /* Stored as float: compare as float, or an edit proposed at
         * exactly the threshold (0.9) would fall just below it. */
        if (kept[i]->confidence >= (float)min_confidence)
            app[na++] = kept[i];
        else
            fnd[nf++] = kept[i];
    }
    free(cand);
    free(kept);
    qsort(app, na, sizeof *app, by_start);
    qsort(fnd, nf, sizeof *fnd, by_start);
    *applied = app;
    *n_applied = na;
    *findings = fnd;
    *n_findings = nf;
    return 0;
}

char *dg_edits_render(const char *input, size_t len,
                      struct dg_edit *const *edits, size_t n, size_t *out_len)
{
    size_t total = len;
    for (size_t i = 0; i < n; i++)
        total = total - (edits[i]->end - edits[i]->start) + edits[i]->repl_len;
    char *out = malloc(total + 1);
    if (!out)
        return NULL;
    size_t pos = 0, w = 0;
    for (size_t i = 0; i < n; i++) {
        const struct dg_edit *e = edits[i];
        memcpy(out + w, input + pos, e->start - pos);
        w += e->start - pos;
        memcpy(out + w, e->repl, e->repl_len);
        w += e->repl_len;
        pos = e->end;
    }
    memcpy(out + w, input + pos, len - pos);
    w += len - pos;
    out[w] = '\0';
    *out_len = w;
    return out;
}

static int cont_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Narrows input[*s, *e) -> repl[*rs, *re) to the part that differs, cut at
 * character boundaries so that an edit never splits a UTF-8 sequence. */
static void trim_common(const char *in, size_t *s, size_t *e, const char *repl,
                        size_t *rs, size_t *re)
{
    size_t a = *s, b = *e, x = *rs, y = *re;
    while (a < b && x < y && in[a] == repl[x]) {
        a++;
        x++;
    }
    /* At a == *e or x == *re the position is the end of the span, which is
     * a token boundary: nothing to step back over, and nothing to read. */
    while (a > *s && ((a < *e && cont_byte(in[a])) || (x < *re && cont_byte(repl[x])))) {
        a--;
        x--;
    }
    while (b > a && y > x && in[b - 1] == repl[y - 1]) {
        b--;
        y--;
    }
    while (b < *e && (cont_byte(in[b]) || (y < *re && cont_byte(repl[y])))) {
        b++;
        y++;
    }
    *s = a;
    *e = b;
    *rs = x;
    *re = y;
}

int dg_edits_propose_trimmed(dg_edit_list *l, const char *text, size_t s, size_t e,
                             const char *repl, size_t rlen, dg_stage stage,
                             const char *rule, double conf, const char *reason)
{
    size_t rs = 0, re = rlen;
    trim_common(text, &s, &e, repl, &rs, &re);
    if (s == e && rs == re)
        return 0;
    return dg_edits_propose(l, s, e, repl + rs, re - rs, stage, rule, conf, "%s", reason);
}
