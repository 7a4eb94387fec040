/*
 * noharm.c - "do no harm" (issue 3): clean English must come through.
 *
 *   noharm CORPUS NAMES
 *   noharm --no-corpus=REASON NAMES
 *   noharm [--measure] --technical TECHNICAL
 *   noharm [--measure] --technical --no-corpus=REASON
 *   noharm [--measure] --held-apart HELD
 *
 * CORPUS is the WordNet gloss corpus the build makes
 * (tests/make-noharm-corpus.py).  The whole engine (default options) runs
 * over it once; every applied edit is listed, and the test fails when there
 * is more than 1 edit per 10,000 words.  An edit in clean text is almost
 * always a false positive, so the rate bounds the engine's harm rate (the
 * rare real typo in WordNet, " ;", is counted too: the bound stays safe).
 *
 * NAMES (tests/data/noharm-names.txt) holds correctly written lines full of
 * traps for a casing or punctuation fixer; each must come through byte for
 * byte.  They run as one document, because document-level evidence ("China"
 * elsewhere in the text) is exactly what could tempt a rule to touch "fine
 * china", and because hard-wrapped lines only exist inside a document.
 *
 * TECHNICAL (issue 14) is real technical English from the Debian packages
 * the project installs: licences, manual pages rendered as text, READMEs,
 * NEWS files and changelogs (tests/make-noharm-corpus.py --technical).  It
 * holds what a fixer of garbled prose is most tempted to touch: "find .
 * -type f", "the GNU version of rm.  rm removes", "ii. moral rights",
 * "( 0..23)", justified lines with doubled spaces, paths and identifiers.
 * Every edit is listed with its rule and its source (TECHNICAL.sources),
 * then the rate per rule; the limit is the same 1 edit per 10,000 words,
 * at least 100,000 words are required.  --measure reports the limit as a
 * TAP TODO (listed, not failing) for work that is on its way to it.
 *
 * HELD (--held-apart) is technical English of the same kinds from other
 * Debian packages (make-noharm-corpus.py --held-apart): no rule was tuned
 * on it when it was made, so its rate is what unseen technical text gets.
 * Same checks and limit as TECHNICAL.
 *
 * Both runs also check the render: applying the edit list to the input by
 * hand must give dg_result_text() exactly, so nothing outside an edit moved.
 */
#include "degarble.h"
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t n;
} buf;

/* Line starts of a text ('\n' separated); lines[k] is the offset of line
 * k+1, with a sentinel at the end. */
static size_t *line_starts(const char *s, size_t n, size_t *count)
{
    size_t c = 1;
    for (size_t i = 0; i < n; i++)
        c += s[i] == '\n';
    size_t *v = tap_xmalloc((c + 1) * sizeof *v);
    size_t k = 0;
    v[k++] = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            v[k++] = i + 1;
    v[k] = n + 1; /* as if a newline followed the text */
    *count = c;
    return v;
}

static size_t line_of(const size_t *starts, size_t count, size_t off)
{
    size_t lo = 0, hi = count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

/* Applies the edit list to the input independently of the library's
 * renderer and compares.  Also checks the list's own promises: in order,
 * non-overlapping, inside the input.  Returns 1 when all hold. */
static int render_check(const char *label, const char *in, size_t in_len,
                        const dg_result *res)
{
    size_t n = dg_result_edit_count(res);
    size_t cap = in_len + 1, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = dg_result_edit(res, i);
        size_t rl = 0;
        dg_edit_replacement(e, &rl);
        cap += rl;
        size_t s = dg_edit_start(e), t = dg_edit_end(e);
        if (s < pos || t < s || t > in_len) {
            tap_ok(0, "%s: edit list is ordered, non-overlapping, inside the "
                   "input (edit %zu is %zu..%zu after %zu)", label, i + 1, s,
                   t, pos);
            return 0;
        }
        pos = t;
    }
    char *want = tap_xmalloc(cap);
    size_t w = 0;
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = dg_result_edit(res, i);
        size_t rl = 0;
        const char *r = dg_edit_replacement(e, &rl);
        size_t s = dg_edit_start(e);
        memcpy(want + w, in + pos, s - pos);
        w += s - pos;
        if (r) {
            memcpy(want + w, r, rl);
            w += rl;
        }
        pos = dg_edit_end(e);
    }
    memcpy(want + w, in + pos, in_len - pos);
    w += in_len - pos;
    size_t got_len;
    const char *got = dg_result_text(res, &got_len);
    int same = got && got_len == w && memcmp(got, want, w) == 0;
    tap_ok(same, "%s: output is the input with the %zu edits applied, byte "
           "for byte", label, n);
    if (!same) {
        size_t i = 0;
        while (got && i < got_len && i < w && got[i] == want[i])
            i++;
        tap_diag("first difference at output byte %zu (lengths %zu, want "
                 "%zu)", i, got_len, w);
    }
    free(want);
    return same;
}

/* Whitespace-separated tokens that hold a letter; bytes >= 0x80 count as
 * letters so that accented words are words (the corpus is ASCII anyway). */
static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    int in_tok = 0, has_letter = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char ch = i < n ? (unsigned char)s[i] : ' ';
        int space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
                    ch == '\f' || ch == '\v';
        if (space) {
            if (in_tok && has_letter)
                words++;
            in_tok = has_letter = 0;
        } else {
            in_tok = 1;
            if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
                has_letter = 1;
            else if (ch >= 0x80)
                has_letter = 1;
        }
    }
    return words;
}

static void print_edit(const char *in, const size_t *starts, size_t nlines,
                       const dg_edit *e, size_t ordinal,
                       const size_t *line_map)
{
    size_t s = dg_edit_start(e), t = dg_edit_end(e), rl = 0;
    const char *r = dg_edit_replacement(e, &rl);
    size_t line = line_of(starts, nlines, s);
    printf("# edit %zu: line %zu: %s (%s): \"", ordinal,
           line_map ? line_map[line - 1] : line,
           dg_edit_rule(e) ? dg_edit_rule(e) : "?",
           dg_stage_name(dg_edit_stage(e)));
    tap_put_escaped(in + s, t - s);
    printf("\" -> \"");
    if (r)
        tap_put_escaped(r, rl);
    printf("\": %s\n", dg_edit_reason(e) ? dg_edit_reason(e) : "no reason");
    size_t ls = starts[line - 1], le = starts[line] - 1;
    printf("#   at: ");
    tap_put_in_context(in, le, s, t, r, rl);
    printf("\n#   in: \"");
    tap_put_escaped(in + ls, le - ls);
    printf("\"\n");
}

/* TECHNICAL.sources: "LINE<TAB>LABEL" per source, in line order.  Absent
 * or unreadable, edits are shown by line alone. */
typedef struct sources {
    size_t n;
    size_t *line;
    char **label;
    char *text;
} sources;

static void sources_load(sources *src, const char *corpus)
{
    memset(src, 0, sizeof *src);
    char path[4096];
    snprintf(path, sizeof path, "%s.sources", corpus);
    size_t len;
    if (tap_read_into(path, &src->text, &len))
        return;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += src->text[i] == '\n';
    src->line = tap_xmalloc(cap * sizeof *src->line);
    src->label = tap_xmalloc(cap * sizeof *src->label);
    char *p = src->text;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *tab = strchr(p, '\t');
        if (tab) {
            src->line[src->n] = strtoul(p, NULL, 10);
            src->label[src->n++] = tab + 1;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

static const char *sources_find(const sources *src, size_t line)
{
    const char *best = NULL;
    for (size_t i = 0; i < src->n && src->line[i] <= line; i++)
        best = src->label[i];
    return best;
}

static void sources_free(sources *src)
{
    free(src->line);
    free(src->label);
    free(src->text);
}

/* Edits per rule, in order of first appearance. */
typedef struct rule_count {
    const char *rule;
    size_t n;
} rule_count;

static int by_count_desc(const void *a, const void *b)
{
    const rule_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->rule, y->rule);
}

static int ci_is_on(void)
{
    const char *ci = getenv("CI");
    return ci && strcmp(ci, "true") == 0;
}

typedef struct corpus_kind {
    const char *name;     /* in messages: "corpus", "technical" */
    size_t min_words;
    int measure;          /* the limit is a TODO, not a verdict */
    int with_sources;
} corpus_kind;

static void check_corpus(const dg_engine *eng, const char *path,
                         const char *missing, const corpus_kind *kind)
{
    buf in;
    int err = missing ? ENOENT : tap_read_into(path, &in.p, &in.n);
    if (err) {
        char why[1024];
        snprintf(why, sizeof why, "no-harm corpus unavailable: %s",
                 missing ? missing : strerror(err));
        if (ci_is_on())
            tap_ok(0, "%s; CI=true, so this is a failure, not a skip", why);
        else
            tap_ok(1, "%s # SKIP %s", kind->name, why);
        return;
    }
    dg_result *res = NULL;
    dg_status st = dg_fix(eng, in.p, in.n, &res);
    if (!tap_ok(st == DG_OK, "dg_fix over the %s text (%zu bytes): %s",
                kind->name, in.n, dg_status_str(st))) {
        free(in.p);
        return;
    }
    render_check(kind->name, in.p, in.n, res);
    sources src;
    memset(&src, 0, sizeof src);
    if (kind->with_sources)
        sources_load(&src, path);

    size_t words = count_words(in.p, in.n);
    size_t edits = dg_result_edit_count(res);
    size_t nlines;
    size_t *starts = line_starts(in.p, in.n, &nlines);
    /* WordNet has a few typos of its own (a space before ';'), so an edit
     * here is suspect, not proven wrong: each is listed for a reviewer. */
    tap_diag("---- %s: edits made in clean text (each one suspect) ----",
             kind->name);
    rule_count *by_rule = tap_xmalloc((edits + 1) * sizeof *by_rule);
    size_t nrules = 0;
    for (size_t i = 0; i < edits; i++) {
        const dg_edit *e = dg_result_edit(res, i);
        if (src.n)
            tap_diag("source: %s", sources_find(&src, line_of(starts, nlines,
                                                dg_edit_start(e))));
        print_edit(in.p, starts, nlines, e, i + 1, NULL);
        const char *rule = dg_edit_rule(e) ? dg_edit_rule(e) : "?";
        size_t k = 0;
        while (k < nrules && strcmp(by_rule[k].rule, rule) != 0)
            k++;
        if (k == nrules)
            by_rule[nrules++] = (rule_count){rule, 0};
        by_rule[k].n++;
    }
    tap_diag("findings reported but not applied: %zu",
             dg_result_finding_count(res));
    tap_ok(words >= kind->min_words, "%s text has at least %zu words (%zu "
           "in %zu lines)", kind->name, kind->min_words, words, nlines);
    double rate = words ? edits * 10000.0 / (double)words : 0.0;
    qsort(by_rule, nrules, sizeof *by_rule, by_count_desc);
    for (size_t k = 0; k < nrules; k++)
        tap_diag("%s: %-28s %5zu edits, %.2f per 10,000 words", kind->name,
                 by_rule[k].rule, by_rule[k].n,
                 words ? by_rule[k].n * 10000.0 / (double)words : 0.0);
    /* .ci/run collects the "noharm:" lines; the WordNet one keeps the
     * wording it always had. */
    tap_diag("noharm: %s%s%zu edits in %zu words (%.2f per 10,000 words)",
             kind->with_sources ? kind->name : "",
             kind->with_sources ? ": " : "", edits, words, rate);
    /* Integer comparison: exactly 1 per 10,000 is allowed, and no rounding
     * decides the verdict. */
    tap_ok(edits * 10000 <= words, "%s: at most 1 edit per 10,000 words "
           "(%.2f)%s", kind->name, rate,
           kind->measure ? " # TODO measured only (--measure)" : "");
    free(by_rule);
    sources_free(&src);
    free(starts);
    dg_result_free(res);
    free(in.p);
}

/* The names file runs as one document made of its non-comment lines
 * (blank lines kept as paragraph breaks); line_map takes a document line
 * back to the file line for messages. */
static void check_names(const dg_engine *eng, const char *path)
{
    buf f;
    int err = tap_read_into(path, &f.p, &f.n);
    if (!tap_ok(err == 0, "read %s: %s", path, err ? strerror(err) : "ok"))
        return;
    size_t flines;
    size_t *fst = line_starts(f.p, f.n, &flines);
    char *doc = tap_xmalloc(f.n + 1);
    size_t *line_map = tap_xmalloc((flines + 1) * sizeof *line_map);
    size_t dn = 0, dlines = 0;
    for (size_t i = 0; i < flines; i++) {
        size_t s = fst[i], e = fst[i + 1] - 1;
        if (e > s && f.p[s] == '#')
            continue;
        /* A final line without a newline would otherwise make the document
         * end in a blank line that the file does not have. */
        if (i + 1 == flines && s == e)
            continue;
        if (dlines)
            doc[dn++] = '\n';
        memcpy(doc + dn, f.p + s, e - s);
        dn += e - s;
        line_map[dlines++] = i + 1;
    }
    doc[dn] = '\0';

    dg_result *res = NULL;
    dg_status st = dg_fix(eng, doc, dn, &res);
    if (tap_ok(st == DG_OK, "dg_fix over %s: %s", path, dg_status_str(st))) {
        render_check("names", doc, dn, res);
        size_t nl;
        size_t *dst = line_starts(doc, dn, &nl);
        size_t *hits = calloc(nl + 1, sizeof *hits);
        size_t ne = dg_result_edit_count(res);
        for (size_t i = 0; i < ne; i++) {
            const dg_edit *e = dg_result_edit(res, i);
            size_t a = line_of(dst, nl, dg_edit_start(e));
            size_t b = line_of(dst, nl, dg_edit_end(e));
            for (size_t k = a; k <= b; k++)
                hits[k - 1]++;
            print_edit(doc, dst, nl, e, i + 1, line_map);
        }
        size_t out_len;
        const char *out = dg_result_text(res, &out_len);
        size_t onl;
        size_t *ost = line_starts(out, out_len, &onl);
        size_t changed = 0;
        for (size_t k = 0; k < nl; k++) {
            size_t s = dst[k], e = dst[k + 1] - 1;
            if (s == e)
                continue;
            int same = !hits[k] && k < onl &&
                       ost[k + 1] - 1 - ost[k] == e - s &&
                       memcmp(out + ost[k], doc + s, e - s) == 0;
            changed += !same;
            tap_ok(same, "%s:%zu unchanged: %.*s", path, line_map[k],
                   (int)(e - s), doc + s);
            if (!same && k < onl) {
                printf("#   got: \"");
                tap_put_escaped(out + ost[k], ost[k + 1] - 1 - ost[k]);
                printf("\"\n");
            }
        }
        tap_diag("names: %zu of the lines changed, %zu edits", changed, ne);
        free(ost);
        free(hits);
        free(dst);
        dg_result_free(res);
    }
    free(line_map);
    free(doc);
    free(fst);
    free(f.p);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int measure = 0, technical = 0, held = 0, a = 1;
    for (; a < argc; a++) {
        if (strcmp(argv[a], "--measure") == 0)
            measure = 1;
        else if (strcmp(argv[a], "--technical") == 0)
            technical = 1;
        else if (strcmp(argv[a], "--held-apart") == 0)
            technical = held = 1;
        else
            break;
    }
    if (argc - a != (technical ? 1 : 2)) {
        fprintf(stderr, "usage: %s CORPUS|--no-corpus=REASON NAMES\n"
                "       %s [--measure] --technical "
                "TECHNICAL|--no-corpus=REASON\n"
                "       %s [--measure] --held-apart HELD|--no-corpus=REASON\n",
                argv[0], argv[0], argv[0]);
        return 2;
    }
    const char *missing = NULL;
    if (strncmp(argv[a], "--no-corpus=", 12) == 0)
        missing = argv[a] + 12;

    dg_engine *eng = tap_engine_new(NULL);
    if (technical) {
        corpus_kind k = {held ? "held-apart" : "technical", 100000, measure, 1};
        check_corpus(eng, argv[a], missing, &k);
    } else {
        corpus_kind k = {"WordNet", 50000, measure, 0};
        check_names(eng, argv[a + 1]);
        check_corpus(eng, argv[a], missing, &k);
    }
    dg_engine_free(eng);
    return tap_done();
}
