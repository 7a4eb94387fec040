/* test-edits.c - the resolver keeps the right proposals and the renderer
 * copies every byte outside an edit. */
#include "edits.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void propose(dg_edit_list *l, size_t s, size_t e, const char *repl, double conf)
{
    dg_edits_propose(l, s, e, repl, repl ? strlen(repl) : 0, DG_STAGE_PUNCT, "test.rule", conf,
                     "because %d", 42);
}

static char *run(const char *in, size_t len, dg_edit_list *l, const size_t *forbidden,
                 size_t nf, size_t *na, size_t *nfind, size_t *out_len)
{
    struct dg_edit **app, **fnd;
    if (dg_edits_resolve(l, 0.9, forbidden, nf, &app, na, &fnd, nfind) < 0)
        return NULL;
    char *out = dg_edits_render(in, len, app, *na, out_len);
    free(app);
    free(fnd);
    return out;
}


/* ---- composition (the fixed point of dg_fix) ---------------------------- */

static unsigned long long rng_state = 0x636f6d706f7365ULL;

static size_t rnd(size_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return n ? (size_t)((rng_state * 0x2545F4914F6CDD1DULL) % n) : 0;
}

/* Random edits on text[0, len) (some insertions, deletions, replacements,
 * findings with and without text), resolved as dg_fix() resolves them. */
static void random_round(dg_edit_list *l, size_t len, const char *rule,
                         struct dg_edit ***app, size_t *na, struct dg_edit ***fnd, size_t *nf)
{
    static const char *const repl[] = {"", "X", "YY", "ZZZ", " ", "."};
    size_t n = rnd(6);
    for (size_t i = 0; i < n; i++) {
        size_t s = rnd(len + 1), e = s + rnd(4);
        if (e > len)
            e = len;
        int finding = rnd(4) == 0;
        const char *r = repl[rnd(6)];
        if (s == e && !r[0])
            r = "I";
        dg_edits_propose(l, s, e, finding && rnd(2) ? NULL : r, strlen(r), DG_STAGE_PUNCT,
                         rule, finding ? 0.5 : 0.95, "%s %zu", rule, i);
    }
    dg_edits_resolve(l, 0.9, NULL, 0, app, na, fnd, nf);
}

/* Applying the widened finding f (instead of the edits of first that it
 * covers) to the input must give what f gives applied to mid. */
static int finding_maps_as(const char *in, size_t len, struct dg_edit **first, size_t n1,
                           const char *mid, size_t mid_len, const struct dg_edit *orig,
                           const struct dg_edit *f, int edge);

/* An insertion of first at an end of the widened span may be read as
 * inside it or beside it: either reading must hold. */
static int finding_maps(const char *in, size_t len, struct dg_edit **first, size_t n1,
                        const char *mid, size_t mid_len, const struct dg_edit *orig,
                        const struct dg_edit *f)
{
    for (int edge = 0; edge < 4; edge++)
        if (finding_maps_as(in, len, first, n1, mid, mid_len, orig, f, edge))
            return 1;
    return 0;
}

static int finding_maps_as(const char *in, size_t len, struct dg_edit **first, size_t n1,
                           const char *mid, size_t mid_len, const struct dg_edit *orig,
                           const struct dg_edit *f, int edge)
{
    if (f->start > f->end || f->end > len)
        return 0;
    if (!orig->repl)
        return !f->repl;
    struct dg_edit **set = malloc((n1 + 1) * sizeof *set);
    size_t k = 0;
    int placed = 0;
    for (size_t i = 0; i < n1; i++) {
        const struct dg_edit *o = first[i];
        int inside = o->start < f->end && f->start < o->end;
        if (o->start == o->end)
            inside = f->start == f->end ? o->start == f->start
                                        : (f->start < o->start && o->start < f->end) ||
                                              ((edge & 1) && o->start == f->start) ||
                                              ((edge & 2) && o->start == f->end);
        else if (f->start == f->end)
            inside = o->start < f->start && f->start < o->end;
        if (inside)
            continue;
        if (!placed && (o->start > f->start || (o->start == f->start && o->end > f->end))) {
            set[k++] = (struct dg_edit *)f;
            placed = 1;
        }
        set[k++] = first[i];
    }
    if (!placed)
        set[k++] = (struct dg_edit *)f;
    size_t a_len, b_len;
    struct dg_edit *one = (struct dg_edit *)orig;
    char *a = dg_edits_render(in, len, set, k, &a_len);
    char *b = dg_edits_render(mid, mid_len, &one, 1, &b_len);
    int ok = a && b && a_len == b_len && memcmp(a, b, a_len) == 0;
    free(a);
    free(b);
    free(set);
    return ok;
}

/* Two random rounds, composed: the composed edits must be sorted and
 * disjoint the way the resolver keeps them, and render the input to what
 * the second round renders the first round's output to. */
static void compose_random(size_t trials)
{
    static const char *const texts[] = {"ab", "the u. s. , x", "abcdefghij", "", "a b  c"};
    size_t bad_render = 0, bad_order = 0, bad_rule = 0, bad_finding = 0, merged = 0;
    for (size_t t = 0; t < trials; t++) {
        const char *in = texts[rnd(5)];
        size_t len = strlen(in);
        dg_edit_list l1, l2, out;
        dg_edits_init(&l1);
        dg_edits_init(&l2);
        dg_edits_init(&out);
        struct dg_edit **a1, **f1, **a2, **f2;
        size_t na1, nf1, na2, nf2, mid_len, want_len, got_len;
        random_round(&l1, len, "test.first", &a1, &na1, &f1, &nf1);
        char *mid = dg_edits_render(in, len, a1, na1, &mid_len);
        random_round(&l2, mid_len, "test.second", &a2, &na2, &f2, &nf2);
        char *want = dg_edits_render(mid, mid_len, a2, na2, &want_len);
        dg_edits_compose(mid, mid_len, a1, na1, a2, na2, 0, 2, &out);
        size_t nc = out.n;
        dg_edits_compose(mid, mid_len, a1, na1, f2, nf2, 1, 2, &out);
        dg_edits_finish(&out);
        struct dg_edit **c = malloc((out.n + 1) * sizeof *c);
        for (size_t i = 0; i < out.n; i++)
            c[i] = &out.v[i];
        dg_edits_sort(c, nc);
        size_t pos = 0, last_ins = (size_t)-1, second_kept = 0;
        int ordered = 1;
        for (size_t i = 0; i < nc; i++) {
            if (c[i]->start < pos || c[i]->end > len || c[i]->start > c[i]->end ||
                (c[i]->start == c[i]->end && c[i]->start == last_ins))
                ordered = 0;
            pos = c[i]->end;
            last_ins = c[i]->start == c[i]->end ? c[i]->start : (size_t)-1;
            second_kept += strcmp(c[i]->rule, "test.second") == 0;
            merged += strstr(c[i]->reason, "then on pass 2") != NULL;
        }
        if (!ordered && bad_order++ == 0) {
            tap_diag("compose: \"%s\" -> \"%.*s\" -> \"%.*s\": composed edits out of order:",
                     in, (int)mid_len, mid, (int)want_len, want);
            for (size_t i = 0; i < na1; i++)
                tap_diag("  first [%u,%u) \"%s\"", a1[i]->start, a1[i]->end, a1[i]->repl);
            for (size_t i = 0; i < na2; i++)
                tap_diag("  second [%u,%u) \"%s\"", a2[i]->start, a2[i]->end, a2[i]->repl);
            for (size_t i = 0; i < nc; i++)
                tap_diag("  composed [%u,%u) \"%s\"", c[i]->start, c[i]->end, c[i]->repl);
        }
        char *got = !ordered ? NULL : dg_edits_render(in, len, c, nc, &got_len);
        if (ordered && (got_len != want_len || memcmp(got, want, got_len) != 0)) {
            if (bad_render++ == 0)
                tap_diag("compose: \"%s\" -> \"%.*s\" -> \"%.*s\", composed gives \"%.*s\"",
                         in, (int)mid_len, mid, (int)want_len, want, (int)got_len, got);
        }
        /* Every edit of the second round is either kept under its own rule
         * or merged into one of the first round's. */
        size_t merged_here = 0;
        for (size_t i = 0; i < nc; i++)
            merged_here += strstr(c[i]->reason, "then on pass 2") != NULL;
        if (second_kept > na2 || (second_kept < na2 && !merged_here))
            bad_rule++;
        for (size_t i = 0; i < nf2; i++)
            if (!finding_maps(in, len, a1, na1, mid, mid_len, f2[i], &out.v[nc + i]) &&
                bad_finding++ == 0) {
                tap_diag("compose: \"%s\" -> \"%.*s\": finding [%u,%u) \"%s\" mapped to "
                         "[%u,%u) \"%s\"", in, (int)mid_len, mid, f2[i]->start, f2[i]->end,
                         f2[i]->repl ? f2[i]->repl : "(none)", out.v[nc + i].start,
                         out.v[nc + i].end, out.v[nc + i].repl ? out.v[nc + i].repl : "(none)");
                for (size_t k = 0; k < na1; k++)
                    tap_diag("  first [%u,%u) \"%s\"", a1[k]->start, a1[k]->end, a1[k]->repl);
            }
        free(got);
        free(c);
        free(mid);
        free(want);
        free(a1), free(f1), free(a2), free(f2);
        dg_edits_clear(&l1);
        dg_edits_clear(&l2);
        dg_edits_clear(&out);
    }
    tap_ok(bad_order == 0, "compose: %zu random pairs of rounds give sorted, disjoint edits "
           "(%zu not)", trials, bad_order);
    tap_ok(bad_render == 0, "compose: the composed edits render the input to the second "
           "round's output (%zu differ)", bad_render);
    tap_ok(bad_rule == 0, "compose: second-round edits keep their rule or are merged (%zu "
           "not)", bad_rule);
    tap_ok(bad_finding == 0, "compose: findings map onto the input (%zu do not)", bad_finding);
    tap_ok(merged > 0, "compose: the random rounds exercise merging (%zu merged)", merged);
}

/* Composes one explicit pair of rounds, each given as "start end repl"
 * triples, and checks the composed edits' spans and output. */
static void compose_case(const char *in, const size_t *e1, const char *const *r1, size_t n1,
                         const size_t *e2, const char *const *r2, size_t n2,
                         const char *want_spans, const char *what)
{
    dg_edit_list l1, l2, out;
    dg_edits_init(&l1);
    dg_edits_init(&l2);
    dg_edits_init(&out);
    struct dg_edit **a1, **f1, **a2, **f2;
    size_t na1, nf1, na2, nf2, mid_len, want_len, got_len;
    for (size_t i = 0; i < n1; i++)
        dg_edits_propose(&l1, e1[2 * i], e1[2 * i + 1], r1[i], strlen(r1[i]), DG_STAGE_PUNCT,
                         "test.first", 0.95, "first");
    dg_edits_resolve(&l1, 0.9, NULL, 0, &a1, &na1, &f1, &nf1);
    char *mid = dg_edits_render(in, strlen(in), a1, na1, &mid_len);
    for (size_t i = 0; i < n2; i++)
        dg_edits_propose(&l2, e2[2 * i], e2[2 * i + 1], r2[i], strlen(r2[i]), DG_STAGE_CASING,
                         "test.second", 0.92, "second");
    dg_edits_resolve(&l2, 0.9, NULL, 0, &a2, &na2, &f2, &nf2);
    char *want = dg_edits_render(mid, mid_len, a2, na2, &want_len);
    dg_edits_compose(mid, mid_len, a1, na1, a2, na2, 0, 2, &out);
    dg_edits_finish(&out);
    struct dg_edit **c = malloc((out.n + 1) * sizeof *c);
    for (size_t i = 0; i < out.n; i++)
        c[i] = &out.v[i];
    dg_edits_sort(c, out.n);
    char spans[256] = "";
    for (size_t i = 0; i < out.n; i++) {
        size_t w = strlen(spans);
        snprintf(spans + w, sizeof spans - w, "%s[%u,%u)\"%s\"%s", i ? " " : "", c[i]->start,
                 c[i]->end, c[i]->repl, strcmp(c[i]->rule, "test.first") == 0 ? "1" : "2");
    }
    char *got = dg_edits_render(in, strlen(in), c, out.n, &got_len);
    tap_ok(got_len == want_len && memcmp(got, want, got_len) == 0 &&
           strcmp(spans, want_spans) == 0, "compose: %s: %s", what, spans);
    if (strcmp(spans, want_spans) != 0)
        tap_diag("want %s", want_spans);
    free(got);
    free(c);
    free(mid);
    free(want);
    free(a1), free(f1), free(a2), free(f2);
    dg_edits_clear(&l1);
    dg_edits_clear(&l2);
    dg_edits_clear(&out);
}

static void compose_cases(void)
{
    {
        /* "the u. s. , x": the abbreviation is joined first; the space
         * before the comma, blocked then, goes on pass 2 as its own edit. */
        size_t e1[] = {4, 9}, e2[] = {8, 9};
        const char *r1[] = {"U.S."}, *r2[] = {""};
        compose_case("the u. s. , x", e1, r1, 1, e2, r2, 1,
                     "[4,9)\"U.S.\"1 [9,10)\"\"2", "a neighbour only moves");
    }
    {
        /* A second edit over part of the first's replacement is merged. */
        size_t e1[] = {4, 9}, e2[] = {4, 5};
        const char *r1[] = {"u.s."}, *r2[] = {"U"};
        compose_case("the u. s. , x", e1, r1, 1, e2, r2, 1, "[4,9)\"U.s.\"1",
                     "an overlapping edit is merged");
    }
    {
        /* An insertion where the first round inserted is merged, in order. */
        size_t e1[] = {1, 1}, e2[] = {2, 2, 1, 1};
        const char *r1[] = {"X"}, *r2[] = {"Y", "W"};
        compose_case("ab", e1, r1, 1, e2, r2, 2, "[1,1)\"WXY\"1",
                     "insertions at one place become one");
    }
    {
        /* Around a deletion: an edit ending where the text was deleted
         * stays before it, one starting there after it. */
        size_t e1[] = {1, 2}, e2[] = {0, 1, 1, 2};
        const char *r1[] = {""}, *r2[] = {"A", "C"};
        compose_case("abc", e1, r1, 1, e2, r2, 2, "[0,1)\"A\"2 [1,2)\"\"1 [2,3)\"C\"2",
                     "edits beside a deletion stay apart");
    }
    {
        size_t e1[] = {1, 2}, e2[] = {0, 2};
        const char *r1[] = {""}, *r2[] = {"Z"};
        compose_case("abc", e1, r1, 1, e2, r2, 1, "[0,3)\"Z\"1",
                     "an edit across a deletion takes it in");
    }
}

int main(void)
{
    size_t na, nf, ol;
    char *out;

    {
        const char *in = "FILE PHOTO : A man";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 10, 11, "", 0.95);           /* delete the space */
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "FILE PHOTO: A man", "a deletion renders");
        tap_ok(l.v[0].reason && strcmp(l.v[0].reason, "because 42") == 0, "reason is formatted");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Overlaps: the more confident wins; at equal confidence the longer. */
        const char *in = "the united nations";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 4, 10, "United", 0.92);
        propose(&l, 4, 18, "United Nations", 0.92);
        propose(&l, 11, 18, "NATIONS", 0.91);
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "the United Nations", "longer span wins at equal confidence");
        tap_ok(na == 1, "one edit applied (%zu)", na);
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Low confidence is reported, not applied. */
        const char *in = "fine china";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 5, 10, "China", 0.5);
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "fine china", "a doubtful edit is not applied");
        tap_ok(na == 0 && nf == 1, "it is a finding (%zu applied, %zu findings)", na, nf);
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Nothing may touch invalid bytes; insertions beside them may. */
        static const char in[] = "ab\xff\xfe" "cd";
        size_t forbidden[] = {2, 4};
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 3, "X", 1.0);
        propose(&l, 4, 4, "-", 1.0);
        propose(&l, 3, 3, "?", 1.0);
        out = run(in, 6, &l, forbidden, 1, &na, &nf, &ol);
        tap_ok(out && ol == 7 && memcmp(out, "ab\xff\xfe-cd", 7) == 0,
               "edits over invalid bytes are dropped, insertion after them kept");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Byte-exactness: many edits, NUL bytes outside them survive. */
        static const char in[] = "a ,b ,c\0d ,e";
        size_t len = sizeof in - 1;
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 2, "", 1.0);
        propose(&l, 4, 5, "", 1.0);
        propose(&l, 9, 10, "", 1.0);
        out = run(in, len, &l, NULL, 0, &na, &nf, &ol);
        tap_ok(out && ol == len - 3 && memcmp(out, "a,b,c\0d,e", ol) == 0,
               "renderer keeps every byte outside the edits, NUL included");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Two insertions at one place conflict; the first proposed wins. */
        const char *in = "ab";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 1, "X", 1.0);
        propose(&l, 1, 1, "Y", 1.0);
        out = run(in, 2, &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "aXb", "one of two insertions at one place, deterministically");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* A large number of edits resolves in order. */
        size_t n = 20000;
        char *in = malloc(2 * n);
        for (size_t i = 0; i < n; i++)
            in[2 * i] = 'a', in[2 * i + 1] = ' ';
        dg_edit_list l;
        dg_edits_init(&l);
        for (size_t i = n; i-- > 0;)
            propose(&l, 2 * i, 2 * i + 1, "b", 1.0);
        out = run(in, 2 * n, &l, NULL, 0, &na, &nf, &ol);
        int ok = out && na == n && ol == 2 * n;
        for (size_t i = 0; ok && i < n; i++)
            ok = out[2 * i] == 'b' && out[2 * i + 1] == ' ';
        tap_ok(ok, "20000 edits proposed in reverse order render in order");
        free(out);
        free(in);
        dg_edits_clear(&l);
    }
    {
        /* Reasons of literal text and %s are copied, not formatted: they
         * must read as snprintf would write them, cut at 511 bytes too. */
        char longer[700], want[512];
        memset(longer, 'x', sizeof longer - 1);
        longer[sizeof longer - 1] = '\0';
        const char *args[][2] = {{"seen", "twice"}, {"", ""}, {longer, "b"}, {"a", longer},
                                 {"100%", "%s"}};
        const char *fmts[] = {"%s", "%s (%s)", "before %s, after %s.", "no conversion"};
        size_t bad = 0, cases = 0;
        for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
            for (size_t a = 0; a < sizeof args / sizeof *args; a++) {
                dg_edit_list l;
                dg_edits_init(&l);
                dg_edits_propose(&l, 0, 1, "b", 1, DG_STAGE_PUNCT, "test.rule", 1.0, fmts[f],
                                 args[a][0], args[a][1]);
                dg_edits_finish(&l);
                snprintf(want, sizeof want, fmts[f], args[a][0], args[a][1]);
                bad += l.n != 1 || strcmp(l.v[0].reason, want) != 0;
                cases++;
                dg_edits_clear(&l);
            }
        tap_ok(bad == 0, "%zu of %zu reasons of text and %%s differ from snprintf's", bad, cases);
    }
    {
        /* Rule ids and reasons are interned: 30000 edits with 300 reasons,
         * some a prefix of another ("reason 7", "reason 70"), each read
         * back their own, and the arena holds each string once. */
        dg_edit_list l;
        dg_edits_init(&l);
        for (unsigned i = 0; i < 30000; i++)
            dg_edits_propose(&l, i, i + 1, "X", 1, DG_STAGE_CASING,
                             i % 2 ? "test.odd" : "test.even", 0.95, "reason %u%s", i % 300,
                             i % 3 ? "" : "0");
        dg_edits_finish(&l);
        size_t bad = 0;
        char want[32];
        for (unsigned i = 0; i < l.n; i++) {
            snprintf(want, sizeof want, "reason %u%s", i % 300, i % 3 ? "" : "0");
            bad += strcmp(l.v[i].reason, want) != 0 ||
                   strcmp(l.v[i].rule, i % 2 ? "test.odd" : "test.even") != 0 ||
                   l.v[i].start != i || l.v[i].repl_len != 1 || l.v[i].repl[0] != 'X';
        }
        tap_ok(l.n == 30000 && bad == 0, "30000 edits read back their own rule and reason "
               "(%zu wrong)", bad);
        /* 300 reasons of at most 12 bytes with their NULs, 2 rules, and a
         * replacement of 2 bytes an edit. */
        tap_ok(l.arena_len <= 300 * 12 + 20 + 30000 * 2, "the arena holds each string once "
               "(%zu bytes)", l.arena_len);
        tap_ok(dg_edits_propose(&l, 0, 1, "Y", 1, DG_STAGE_CASING, "test.late", 1.0, "late") < 0 &&
                   l.failed, "a finished list refuses proposals (its strings are pointed to)");
        dg_edits_clear(&l);
    }
    compose_cases();
    compose_random(20000);
    return tap_done();
}
