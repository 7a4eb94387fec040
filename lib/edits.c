/* edits.c - proposals, resolution and rendering. */
#include "edits.h"
#include "grow.h"
#include "strmap.h"

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
    free(l->slots);
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

/* The arena offset of a copy of s[0, n) and a NUL: the one made before
 * when the list has one, else a new one.  Returns 0, or -1 when out of
 * memory. */
static int intern(dg_edit_list *l, const char *s, size_t n, size_t *off)
{
    if (n > UINT32_MAX)
        return -1;
    if (2 * (l->n_interned + 1) > l->n_slots) {
        /* At most half full, so that a miss ends after a few probes. */
        size_t ns = l->n_slots ? 2 * l->n_slots : 64;
        struct dg_edit_interned *v = calloc(ns, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < l->n_slots; i++) {
            if (!l->slots[i].off)
                continue;
            size_t j = l->slots[i].hash & (ns - 1);
            while (v[j].off)
                j = (j + 1) & (ns - 1);
            v[j] = l->slots[i];
        }
        free(l->slots);
        l->slots = v;
        l->n_slots = ns;
    }
    uint32_t h = (uint32_t)(dg_hash_bytes(s, n) >> 32);
    size_t j = h & (l->n_slots - 1);
    for (; l->slots[j].off; j = (j + 1) & (l->n_slots - 1)) {
        const struct dg_edit_interned *x = &l->slots[j];
        if (x->hash == h && x->len == n && memcmp(l->arena + x->off - 1, s, n) == 0) {
            *off = x->off - 1;
            return 0;
        }
    }
    if (arena_reserve(l, n + 1) < 0)
        return -1;
    *off = l->arena_len;
    memcpy(l->arena + l->arena_len, s, n);
    l->arena[l->arena_len + n] = '\0';
    l->arena_len += n + 1;
    l->slots[j] = (struct dg_edit_interned){*off + 1, (uint32_t)n, h};
    l->n_interned++;
    return 0;
}

const char *dg_edits_distance(char *buf, size_t n, size_t at, size_t here)
{
    size_t d = at < here ? here - at : at - here;
    snprintf(buf, n, "%zu byte%s %s", d, d == 1 ? "" : "s", at < here ? "before" : "after");
    return buf;
}

int dg_edit_is_noop(const char *input, size_t start, size_t end,
                    const char *repl, size_t repl_len)
{
    return repl && end - start == repl_len &&
           memcmp(input + start, repl, repl_len) == 0;
}

/* A reason is cut at REASON_MAX - 1 bytes, as vsnprintf would cut it. */
#define REASON_MAX 512

/* Formats a reason into buf[REASON_MAX] and returns its length.  Most
 * reasons are "%s" or "%s (%s)" (a stage's own text): those are copied
 * without vsnprintf, which cost a few percent of a garbled text's run;
 * any other conversion goes to vsnprintf.  Either way the bytes are those
 * vsnprintf gives. */
static int format_reason(char *buf, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f; f++)
        if (f[0] == '%' && (f[1] != 's' || (f++, 0)))
            goto general;
    for (const char *f = fmt; *f; f++) {
        const char *s = f;
        size_t k = 1;
        if (f[0] == '%') {
            s = va_arg(ap, const char *);
            if (!s)
                s = "(null)"; /* glibc's text for it */
            k = strlen(s);
            f++;
        }
        if (k > REASON_MAX - 1 - n)
            k = REASON_MAX - 1 - n;
        memcpy(buf + n, s, k);
        n += k;
    }
    buf[n] = '\0';
    return (int)n;
general:;
    int rl = vsnprintf(buf, REASON_MAX, fmt, ap);
    if (rl < 0)
        return 0;
    return rl >= REASON_MAX ? REASON_MAX - 1 : rl;
}

int dg_edits_propose(dg_edit_list *l, size_t start, size_t end,
                     const char *repl, size_t repl_len, dg_stage stage,
                     const char *rule, double confidence, const char *fmt, ...)
{
    /* After dg_edits_finish() the arena must not move: its strings are
     * pointed to. */
    if (l->failed || l->n_finished)
        goto oom;
    if (l->n == l->cap) {
        struct dg_edit *v = dg_grow(l->v, &l->cap, l->n + 1, sizeof *v, 64);
        if (!v)
            goto oom;
        l->v = v;
    }
    char reason[REASON_MAX];
    va_list ap;
    va_start(ap, fmt);
    int rl = format_reason(reason, fmt, ap);
    va_end(ap);
    struct dg_edit *e = &l->v[l->n];
    memset(e, 0, sizeof *e);
    e->start = start;
    e->end = end;
    e->stage = stage;
    e->confidence = (float)confidence;
    e->seq = (unsigned)l->n;
    if (repl) {
        if (arena_reserve(l, repl_len + 1) < 0)
            goto oom;
        e->repl_off = l->arena_len;
        e->repl_len = repl_len;
        memcpy(l->arena + l->arena_len, repl, repl_len);
        l->arena[l->arena_len + repl_len] = '\0';
        l->arena_len += repl_len + 1;
    } else {
        e->repl_off = NO_REPL;
    }
    if (intern(l, rule ? rule : "", rule ? strlen(rule) : 0, &e->rule_off) < 0 ||
        intern(l, reason, (size_t)rl, &e->reason_off) < 0)
        goto oom;
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

void dg_edits_finish(dg_edit_list *l)
{
    /* No proposal follows that could share a string: the table goes. */
    free(l->slots);
    l->slots = NULL;
    l->n_slots = l->n_interned = 0;
    for (size_t i = l->n_finished; i < l->n; i++) {
        struct dg_edit *e = &l->v[i];
        e->repl = e->repl_off == NO_REPL ? NULL : l->arena + e->repl_off;
        e->reason = l->arena + e->reason_off;
        e->rule = l->arena + e->rule_off;
    }
    l->n_finished = l->n;
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

void dg_edits_mark_literal(dg_edit_list *l, const size_t *spans, size_t n)
{
    if (!n)
        return;
    for (size_t i = 0; i < l->n; i++) {
        struct dg_edit *e = &l->v[i];
        if (e->camel)
            continue;
        /* The first span ending after the edit's start. */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (spans[2 * mid + 1] <= e->start)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == n)
            continue;
        size_t fs = spans[2 * lo];
        if (e->start == e->end ? fs < e->start : fs < e->end)
            e->literal = 1;
    }
}

int dg_edits_resolve(dg_edit_list *l, double min_confidence,
                     const size_t *forbidden, size_t n_forbidden,
                     struct dg_edit ***applied, size_t *n_applied,
                     struct dg_edit ***findings, size_t *n_findings)
{
    *applied = *findings = NULL;
    *n_applied = *n_findings = 0;
    dg_edits_finish(l);
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
        if (!e->repl || e->literal) {
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
    return dg_edits_render_in(NULL, input, len, edits, n, out_len);
}

char *dg_edits_render_in(char *buf, const char *input, size_t len,
                         struct dg_edit *const *edits, size_t n, size_t *out_len)
{
    size_t total = len;
    for (size_t i = 0; i < n; i++)
        total = total - (edits[i]->end - edits[i]->start) + edits[i]->repl_len;
    char *out = realloc(buf, total + 1);
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

int dg_edits_render_equals(const char *input, size_t len,
                           struct dg_edit *const *edits, size_t n,
                           const char *want, size_t want_len)
{
    size_t pos = 0, w = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t upto = i < n ? edits[i]->start : len;
        if (upto < pos || w + (upto - pos) > want_len ||
            memcmp(want + w, input + pos, upto - pos) != 0)
            return 0;
        w += upto - pos;
        if (i == n)
            break;
        const struct dg_edit *e = edits[i];
        if (w + e->repl_len > want_len || memcmp(want + w, e->repl, e->repl_len) != 0)
            return 0;
        w += e->repl_len;
        pos = e->end;
    }
    return w == want_len;
}

void dg_edits_sort(struct dg_edit **edits, size_t n)
{
    if (n > 1)
        qsort(edits, n, sizeof *edits, by_start);
}

/* ---- composition ------------------------------------------------------ */

/* The first round of edits seen from the text it rendered (mid): edit i
 * of first became mid[cs[i], ce[i]), and after the first k edits a mid
 * offset is the input offset plus shift[k]. */
typedef struct comp {
    const char *mid;
    struct dg_edit *const *o;
    size_t no;
    size_t *cs, *ce;
    long long *shift;   /* no + 1 entries */
    unsigned pass;
    dg_edit_list *out;
} comp;

/* Index of the first edit of first whose mid span ends after q (strict),
 * or at/after q (!strict); ce is sorted. */
static size_t first_ending(const comp *c, size_t q, int strict)
{
    size_t lo = 0, hi = c->no;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strict ? c->ce[mid] <= q : c->ce[mid] < q)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* mid offset q as an input offset.  A start (or an insertion) goes after
 * any deletion of first at q, an end before it, so that the mapped edit
 * never overlaps one of first's.  q must not lie strictly inside an edit
 * of first. */
static size_t map_start(const comp *c, size_t q)
{
    return (size_t)((long long)q - c->shift[first_ending(c, q, 1)]);
}

static size_t map_end(const comp *c, size_t q)
{
    size_t k = first_ending(c, q, 0);
    while (k < c->no && c->ce[k] == q && c->cs[k] < q)
        k++;
    return (size_t)((long long)q - c->shift[k]);
}

/* Whether edit n (on mid) touches edit i of first, so that the two must
 * become one edit: their mid spans overlap, n removes text around one of
 * first's deletions, inserts inside its replacement, or inserts where it
 * inserted (two insertions at one input offset). */
static int conflicts(const comp *c, const struct dg_edit *n, size_t i)
{
    size_t a = n->start, b = n->end, cs = c->cs[i], ce = c->ce[i];
    if (a < b)
        return (a > cs ? a : cs) < (b < ce ? b : ce) || (cs == ce && a < cs && cs < b);
    return (cs < a && a < ce) ||
           (c->o[i]->start == c->o[i]->end && (a == cs || a == ce));
}

/* The edits of first that n touches: [*lo, *hi), empty when none. */
static void touched(const comp *c, const struct dg_edit *n, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
    int any = 0;
    for (size_t i = first_ending(c, n->start, 0); i < c->no && c->cs[i] <= n->end; i++) {
        if (!conflicts(c, n, i))
            continue;
        if (!any)
            *lo = i;
        any = 1;
        *hi = i + 1;
    }
}

static int emit(const comp *c, size_t start, size_t end, const char *repl, size_t repl_len,
                const struct dg_edit *like, double conf, const char *reason)
{
    return dg_edits_propose(c->out, start, end, repl, repl_len, like->stage, like->rule, conf,
                            "%s", reason);
}

/* Edits second[nlo, nhi) and first[olo, ohi) as one edit on the input
 * (findings: the one finding second[nlo], widened). */
static int emit_merged(const comp *c, struct dg_edit *const *second, size_t nlo, size_t nhi,
                       size_t olo, size_t ohi, int findings)
{
    const struct dg_edit *n0 = second[nlo], *nl = second[nhi - 1];
    size_t cs = c->cs[olo] < n0->start ? c->cs[olo] : n0->start;
    size_t ce = c->ce[ohi - 1] > nl->end ? c->ce[ohi - 1] : nl->end;
    /* The union's ends: the first round's edits at the ends, or where
     * second reaches out past them into text the first left alone (an
     * insertion of second never does: it touches only at or inside). */
    size_t start = n0->start < c->cs[olo] ? map_start(c, n0->start) : c->o[olo]->start;
    size_t end = nl->end > c->ce[ohi - 1] ? map_end(c, nl->end) : c->o[ohi - 1]->end;
    int has_repl = !findings || n0->repl;
    size_t cap = ce - cs + 1;
    for (size_t j = nlo; j < nhi; j++)
        cap += second[j]->repl_len;
    char *repl = malloc(cap);
    if (!repl)
        return -1;
    size_t w = 0, pos = cs;
    for (size_t j = nlo; has_repl && j < nhi; j++) {
        memcpy(repl + w, c->mid + pos, second[j]->start - pos);
        w += second[j]->start - pos;
        memcpy(repl + w, second[j]->repl, second[j]->repl_len);
        w += second[j]->repl_len;
        pos = second[j]->end;
    }
    if (has_repl) {
        memcpy(repl + w, c->mid + pos, ce - pos);
        w += ce - pos;
    }
    int rc;
    if (findings) {
        rc = emit(c, start, end, has_repl ? repl : NULL, w, n0, n0->confidence, n0->reason);
    } else {
        /* The first round's rule names the edit; the reason tells the
         * whole story. */
        char reason[512];
        size_t rl = 0;
        double conf = 1.0;
        for (size_t i = olo; i < ohi; i++) {
            const struct dg_edit *o = c->o[i];
            conf = o->confidence < conf ? o->confidence : conf;
            int k = snprintf(reason + rl, sizeof reason - rl, "%s%s%s%s", rl ? "; " : "",
                             i == olo ? "" : o->rule, i == olo ? "" : ": ", o->reason);
            rl = k < 0 || (size_t)k >= sizeof reason - rl ? sizeof reason - 1 : rl + (size_t)k;
        }
        for (size_t j = nlo; j < nhi; j++) {
            const struct dg_edit *n = second[j];
            conf = n->confidence < conf ? n->confidence : conf;
            int k = snprintf(reason + rl, sizeof reason - rl, "; then on pass %u %s: %s",
                             c->pass, n->rule, n->reason);
            rl = k < 0 || (size_t)k >= sizeof reason - rl ? sizeof reason - 1 : rl + (size_t)k;
        }
        rc = emit(c, start, end, repl, w, c->o[olo], conf, reason);
    }
    free(repl);
    return rc;
}

static int emit_moved(const comp *c, const struct dg_edit *n, int findings)
{
    size_t start = map_start(c, n->start);
    size_t end = n->start == n->end ? start : map_end(c, n->end);
    /* The first pass of the stages follows only the engine's spacing pass
     * (lib/engine.c): its edits are not later ones. */
    if (findings || c->pass <= 1)
        return emit(c, start, end, n->repl, n->repl_len, n, n->confidence, n->reason);
    char reason[512];
    snprintf(reason, sizeof reason, "%s (pass %u)", n->reason, c->pass);
    return emit(c, start, end, n->repl, n->repl_len, n, n->confidence, reason);
}

int dg_edits_compose(const char *mid, size_t mid_len,
                     struct dg_edit *const *first, size_t nfirst,
                     struct dg_edit *const *second, size_t nsecond,
                     int findings, unsigned pass, dg_edit_list *out)
{
    (void)mid_len;
    comp c = {.mid = mid, .o = first, .no = nfirst, .pass = pass, .out = out};
    c.cs = malloc((nfirst + 1) * sizeof *c.cs);
    c.ce = malloc((nfirst + 1) * sizeof *c.ce);
    c.shift = malloc((nfirst + 1) * sizeof *c.shift);
    unsigned char *merged = calloc(nfirst + 1, 1);
    int rc = 0;
    if (!c.cs || !c.ce || !c.shift || !merged) {
        rc = -1;
        goto done;
    }
    long long shift = 0;
    for (size_t i = 0; i < nfirst; i++) {
        c.shift[i] = shift;
        c.cs[i] = (size_t)((long long)first[i]->start + shift);
        c.ce[i] = c.cs[i] + first[i]->repl_len;
        shift += (long long)first[i]->repl_len - (long long)(first[i]->end - first[i]->start);
    }
    c.shift[nfirst] = shift;

    /* Connected groups: the edits of first each edit of second touches are
     * a run, and the runs of consecutive edits of second only move on. */
    size_t olo = 0, ohi = 0, nlo = 0, nhi = 0;
    int open = 0;
    for (size_t j = 0; j < nsecond && rc == 0; j++) {
        size_t lo, hi;
        touched(&c, second[j], &lo, &hi);
        if (lo == hi) {
            rc = emit_moved(&c, second[j], findings);
            continue;
        }
        if (findings) {
            rc = emit_merged(&c, second, j, j + 1, lo, hi, 1);
            continue;
        }
        if (open && lo < ohi) {
            ohi = hi > ohi ? hi : ohi;
            nhi = j + 1;
            continue;
        }
        if (open) {
            memset(merged + olo, 1, ohi - olo);
            rc = emit_merged(&c, second, nlo, nhi, olo, ohi, 0);
        }
        open = 1;
        olo = lo, ohi = hi, nlo = j, nhi = j + 1;
    }
    if (open && rc == 0) {
        memset(merged + olo, 1, ohi - olo);
        rc = emit_merged(&c, second, nlo, nhi, olo, ohi, 0);
    }
    for (size_t i = 0; !findings && rc == 0 && i < nfirst; i++)
        if (!merged[i])
            rc = emit(&c, first[i]->start, first[i]->end, first[i]->repl, first[i]->repl_len,
                      first[i], first[i]->confidence, first[i]->reason);
done:
    free(c.cs);
    free(c.ce);
    free(c.shift);
    free(merged);
    return rc;
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

int dg_edit_same(const struct dg_edit *a, const struct dg_edit *b)
{
    return a->start == b->start && a->end == b->end && !a->repl == !b->repl &&
           a->repl_len == b->repl_len &&
           (!a->repl || memcmp(a->repl, b->repl, a->repl_len) == 0) &&
           a->stage == b->stage && a->confidence == b->confidence &&
           strcmp(a->rule, b->rule) == 0 && strcmp(a->reason, b->reason) == 0;
}
