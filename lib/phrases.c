/* phrases.c - the phrase-repair stage: the rule table of dicts/phrases.txt
 * (matched by rules.c), organization names driven by a bracketed acronym
 * (dicts/organizations.txt), instrument codes after a company name
 * (dicts/tickers.txt), and document-level repair of a multiword name from
 * its correct spelling elsewhere in the same text.  Also the rule lint
 * behind dg_rules_check(). */
#include "phrases.h"

#include "builtin-data.h"
#include "datafile.h"
#include "engine.h"
#include "rules.h"
#include "strmap.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CONFIDENCE 0.95
#define MAX_CODES 6
#define MAX_COMPANY_WORDS 4
#define MAX_ORG_WORDS 8

typedef struct org {
    char *acronym, *expansion;
    size_t word_off[MAX_ORG_WORDS], word_len[MAX_ORG_WORDS];
    int nwords;
    char *source;          /* "organizations.txt:4" */
} org;

typedef struct ticker {
    char *company;
    char *codes[MAX_CODES];
    int ncodes;
    char *source;
} ticker;

struct dg_phrases {
    dg_ruleset *rules;
    dg_strmap *orgs;       /* acronym (exact) -> org */
    dg_strmap *tickers;    /* folded company name -> ticker */
    dg_strmap *suffixes;   /* folded company suffix (Corp., Inc) -> 1 */
    dg_strmap *exchanges;  /* exchange suffix of any known code (O, TW) -> 1 */
    org **org_list;
    size_t norgs, cap_orgs;
    ticker **tick_list;
    size_t nticks, cap_ticks;
    unsigned groups;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static int push_ptr(void ***v, size_t *n, size_t *cap, void *x)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        void **nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = x;
    return 0;
}

static int is_char(const char *t, const dg_token *k, char c)
{
    return k->kind == DG_TOKEN_PUNCT && k->end - k->start == 1 && t[k->start] == c;
}

static int is_single_space(const char *t, const dg_token *k)
{
    return k->kind == DG_TOKEN_SPACE && k->end - k->start == 1 && t[k->start] == ' ';
}

static int is_apostrophe_tok(const char *t, const dg_token *k)
{
    if (k->kind != DG_TOKEN_PUNCT)
        return 0;
    size_t n = k->end - k->start;
    const unsigned char *s = (const unsigned char *)t + k->start;
    return (n == 1 && (s[0] == '\'' || s[0] == '`')) ||
           (n == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99));
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

static int propose_trimmed(const dg_doc *doc, size_t s, size_t e, const char *repl,
                           size_t rlen, const char *rule, double conf,
                           const char *reason)
{
    size_t rs = 0, re = rlen;
    trim_common(doc->text, &s, &e, repl, &rs, &re);
    if (s == e && rs == re)
        return 0;
    return dg_edits_propose(doc->edits, s, e, repl + rs, re - rs, DG_STAGE_PHRASES,
                            rule, conf, "%s", reason);
}

/* Optimal string alignment distance (adjacent swaps count once), capped:
 * anything above cap comes back as cap + 1. */
static int osa_distance(const char *a, size_t na, const char *b, size_t nb, int cap)
{
    if (na > 64 || nb > 64)
        return cap + 1;
    if ((na > nb ? na - nb : nb - na) > (size_t)cap)
        return cap + 1;
    int d[65][65];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j - 1] + c;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[na][nb] > cap ? cap + 1 : d[na][nb];
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

/* ---- loading ---------------------------------------------------------- */

typedef struct loader {
    dg_phrases *p;
    const char *name;      /* for messages: the path, or the builtin name */
    char *base;            /* for reasons */
    dg_rule *cur;
    unsigned group;
    int lint, defs_only, in_rule_skipped;
    dg_rules_report_fn report;
    void *rctx;
    unsigned problems;
    dg_strmap *ids;        /* rule ids seen in this file -> line */
} loader;

static void lint_report(loader *L, unsigned line, const char *msg)
{
    L->problems++;
    if (L->report)
        L->report(L->name, line, msg, L->rctx);
}

/* A data problem: fatal when building an engine, reported and skipped by
 * the lint so that one run lists every problem of a file. */
static dg_status problem(loader *L, dg_error *err, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static dg_status problem(loader *L, dg_error *err, unsigned line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (L->lint) {
        lint_report(L, line, msg);
        return DG_OK;
    }
    return dg_datafile_error(err, DG_ERR_DATA, L->name, line, "%s", msg);
}

static void warn_dup(const dg_rule *r, unsigned line, const char *msg, void *ctx)
{
    loader *L = ctx;
    (void)r;
    if (L->lint)
        lint_report(L, line, msg);
}

static dg_status finish_rule(loader *L, dg_error *err)
{
    dg_rule *r = L->cur;
    L->cur = NULL;
    if (!r)
        return DG_OK;
    if (!r->pattern || !r->replace) {
        unsigned line = r->line;
        char id[128];
        snprintf(id, sizeof id, "%s", r->id);
        dg_rule_free(r);
        return problem(L, err, line, "rule '%s' needs a pattern line and a replace line", id);
    }
    if (L->lint && r->nexamples == 0)
        lint_report(L, r->line, "rule has no example (add: example<TAB>input<TAB>expected)");
    char msg[256];
    unsigned line = 0;
    dg_status st = dg_ruleset_add(L->p->rules, r, msg, sizeof msg, &line, warn_dup, L);
    if (st == DG_ERR_DATA)
        return problem(L, err, line, "%s", msg);
    return st;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static dg_status add_ticker(dg_phrases *p, loader *L, dg_error *err, unsigned line,
                            const char *company, const char *codes)
{
    char f[256];
    size_t fl = dg_fold(company, strlen(company), f, sizeof f);
    if (!fl)
        return problem(L, err, line, "company name '%s' is too long or not UTF-8", company);
    int words = 1;
    for (size_t i = 0; i < fl; i++)
        words += f[i] == ' ';
    if (words > MAX_COMPANY_WORDS)
        return problem(L, err, line, "company name '%s' has more than %d words",
                       company, MAX_COMPANY_WORDS);
    ticker *t = calloc(1, sizeof *t);
    if (!t)
        return DG_ERR_NOMEM;
    t->company = strdup(company);
    t->source = dup_printf("%s:%u", L->base, line);
    const char *c = codes;
    while (*c) {
        while (*c == ' ')
            c++;
        const char *e = c;
        while (*e && *e != ' ')
            e++;
        if (e > c) {
            if (t->ncodes == MAX_CODES) {
                free(t->company);
                free(t->source);
                for (int i = 0; i < t->ncodes; i++)
                    free(t->codes[i]);
                free(t);
                return problem(L, err, line, "more than %d codes", MAX_CODES);
            }
            t->codes[t->ncodes++] = strndup(c, (size_t)(e - c));
            const char *dot = memrchr(c, '.', (size_t)(e - c));
            if (dot && dot + 1 < e &&
                dg_strmap_put(p->exchanges, dot + 1, (size_t)(e - dot - 1), (void *)1) < 0)
                return DG_ERR_NOMEM;
        }
        c = e;
    }
    if (push_ptr((void ***)&p->tick_list, &p->nticks, &p->cap_ticks, t) < 0 ||
        !t->company || !t->source)
        return DG_ERR_NOMEM;
    if (t->ncodes == 0)
        return problem(L, err, line, "company '%s' has no instrument code", company);
    return dg_strmap_put(p->tickers, f, fl, t) < 0 ? DG_ERR_NOMEM : DG_OK;
}

static dg_status add_org(dg_phrases *p, loader *L, dg_error *err, unsigned line,
                         const char *acr, const char *expansion)
{
    size_t al = strlen(acr);
    if (al < 2 || al > 10)
        return problem(L, err, line, "acronym '%s' must have 2 to 10 characters", acr);
    for (size_t i = 0; i < al; i++)
        if (!(acr[i] >= 'A' && acr[i] <= 'Z'))
            return problem(L, err, line, "acronym '%s' must be capital letters A-Z", acr);
    if (!dg_utf8_valid(expansion, strlen(expansion)))
        return problem(L, err, line, "expansion of '%s' is not valid UTF-8", acr);
    org *o = calloc(1, sizeof *o);
    if (!o)
        return DG_ERR_NOMEM;
    o->acronym = strdup(acr);
    o->expansion = strdup(expansion);
    o->source = dup_printf("%s:%u", L->base, line);
    if (push_ptr((void ***)&p->org_list, &p->norgs, &p->cap_orgs, o) < 0 ||
        !o->acronym || !o->expansion || !o->source)
        return DG_ERR_NOMEM;
    /* The acronym must spell the capitalized words' initials: that is the
     * evidence the repair relies on. */
    char initials[16];
    size_t ni = 0;
    const char *s = o->expansion;
    for (size_t i = 0; s[i];) {
        while (s[i] == ' ')
            i++;
        size_t j = i;
        while (s[j] && s[j] != ' ')
            j++;
        if (j > i) {
            if (o->nwords == MAX_ORG_WORDS)
                return problem(L, err, line, "expansion has more than %d words", MAX_ORG_WORDS);
            o->word_off[o->nwords] = i;
            o->word_len[o->nwords++] = j - i;
            if (s[i] >= 'A' && s[i] <= 'Z' && ni < sizeof initials - 1)
                initials[ni++] = s[i];
        }
        i = j;
    }
    initials[ni] = '\0';
    if (o->nwords < 2)
        return problem(L, err, line, "expansion '%s' needs at least two words", expansion);
    if (strcmp(initials, acr) != 0)
        return problem(L, err, line,
                       "the capitalized words of '%s' spell '%s', not '%s'",
                       expansion, initials, acr);
    return dg_strmap_put(p->orgs, acr, al, o) < 0 ? DG_ERR_NOMEM : DG_OK;
}

static dg_status rules_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    loader *L = ctx;
    dg_phrases *p = L->p;
    const char *key = l->field[0];
    size_t nf = l->nfields;

    if (strcmp(key, "rule") == 0) {
        dg_status st = finish_rule(L, err);
        if (st != DG_OK)
            return st;
        L->in_rule_skipped = 0;
        if (L->defs_only) {
            L->in_rule_skipped = 1;
            return DG_OK;
        }
        if (nf != 2 || !valid_id(l->field[1])) {
            L->in_rule_skipped = 1;
            return problem(L, err, l->lineno,
                           "expected 'rule<TAB>id' with an id of a-z, 0-9 and '-'");
        }
        uintptr_t seen = (uintptr_t)dg_strmap_get(L->ids, l->field[1], l->len[1]);
        if (seen) {
            L->in_rule_skipped = 1;
            return problem(L, err, l->lineno, "rule id '%s' is already used on line %u",
                           l->field[1], (unsigned)seen);
        }
        if (dg_strmap_put(L->ids, l->field[1], l->len[1], (void *)(uintptr_t)l->lineno) < 0)
            return DG_ERR_NOMEM;
        dg_rule *r = calloc(1, sizeof *r);
        if (!r)
            return DG_ERR_NOMEM;
        r->rule = dup_printf("phrases.%s", l->field[1]);
        r->file = strdup(L->base);
        r->path = strdup(L->name);
        if (!r->rule || !r->file || !r->path) {
            dg_rule_free(r);
            return DG_ERR_NOMEM;
        }
        r->id = r->rule + 8;
        r->line = l->lineno;
        r->confidence = (float)DEFAULT_CONFIDENCE;
        r->group = L->group;
        L->cur = r;
        return DG_OK;
    }
    if (strcmp(key, "define") == 0 || strcmp(key, "ticker") == 0 ||
        strcmp(key, "org") == 0) {
        dg_status st = finish_rule(L, err);
        if (st != DG_OK)
            return st;
        L->in_rule_skipped = 0;
        if (nf != 3)
            return problem(L, err, l->lineno, "expected '%s<TAB>%s<TAB>%s'", key,
                           key[0] == 'd' ? "@name" : key[0] == 't' ? "Company" : "ACRONYM",
                           key[0] == 'd' ? "words" : key[0] == 't' ? "CODE..." : "Expansion");
        if (key[0] == 't')
            return add_ticker(p, L, err, l->lineno, l->field[1], l->field[2]);
        if (key[0] == 'o')
            return add_org(p, L, err, l->lineno, l->field[1], l->field[2]);
        if (l->field[1][0] != '@' || l->len[1] < 2)
            return problem(L, err, l->lineno, "a set name starts with '@': define<TAB>@device<TAB>...");
        int rc = dg_ruleset_define(p->rules, l->field[1] + 1, l->field[2]);
        if (rc == -2)
            return problem(L, err, l->lineno, "too many sets");
        return rc < 0 ? DG_ERR_NOMEM : DG_OK;
    }

    static const char *const keys[] = {"category", "pattern", "replace", "note",
                                       "confidence", "example", NULL};
    int known = 0;
    for (const char *const *k = keys; *k; k++)
        known |= strcmp(*k, key) == 0;
    if (!known)
        return problem(L, err, l->lineno,
                       "unknown key '%s' (expected rule, category, pattern, replace, "
                       "note, confidence, example, define, ticker or org)", key);
    if (L->in_rule_skipped)
        return DG_OK;
    dg_rule *r = L->cur;
    if (!r)
        return problem(L, err, l->lineno, "'%s' outside a rule: start one with 'rule<TAB>id'", key);
    int want = strcmp(key, "example") == 0 ? 3 : 2;
    if ((int)nf != want && !(strcmp(key, "replace") == 0 && nf == 1))
        return problem(L, err, l->lineno, "'%s' takes %d tab-separated field%s, got %zu",
                       key, want - 1, want == 2 ? "" : "s", nf - 1);
    /* An empty replacement deletes the match; datafile trims it away, so
     * "replace" alone on a line means exactly that. */
    const char *v = nf > 1 ? l->field[1] : "";
    char **slot = NULL;
    if (strcmp(key, "category") == 0)
        slot = &r->category;
    else if (strcmp(key, "note") == 0)
        slot = &r->note;
    else if (strcmp(key, "pattern") == 0) {
        slot = &r->pattern;
        r->pattern_line = l->lineno;
    } else if (strcmp(key, "replace") == 0) {
        slot = &r->replace;
        r->replace_line = l->lineno;
    }
    if (slot) {
        if (*slot)
            return problem(L, err, l->lineno, "rule '%s' has a second '%s' line", r->id, key);
        *slot = strdup(v);
        return *slot ? DG_OK : DG_ERR_NOMEM;
    }
    if (strcmp(key, "confidence") == 0) {
        char *end;
        double c = strtod(v, &end);
        /* Written so that NaN fails too. */
        if (*end || end == v || !(c > 0 && c <= 1))
            return problem(L, err, l->lineno, "confidence '%s' is not a number in (0, 1]", v);
        r->confidence = (float)c;
        return DG_OK;
    }
    dg_rule_example *ex = realloc(r->examples, (r->nexamples + 1) * sizeof *ex);
    if (!ex)
        return DG_ERR_NOMEM;
    r->examples = ex;
    ex[r->nexamples] = (dg_rule_example){strdup(l->field[1]), strdup(l->field[2]), l->lineno};
    if (!ex[r->nexamples].in || !ex[r->nexamples].out)
        return DG_ERR_NOMEM;
    r->nexamples++;
    return DG_OK;
}

static dg_status load_rules(loader *L, const char *buf, size_t len, dg_error *err)
{
    L->ids = dg_strmap_new();
    L->base = strdup(base_name(L->name));
    dg_status st = (!L->ids || !L->base) ? DG_ERR_NOMEM
                                         : dg_datafile_parse(L->name, buf, len, rules_line, L, err);
    if (st == DG_OK)
        st = finish_rule(L, err);
    dg_rule_free(L->cur);
    L->cur = NULL;
    dg_strmap_free(L->ids);
    L->ids = NULL;
    free(L->base);
    L->base = NULL;
    return st;
}

/* tickers.txt: "Company<TAB>CODE [CODE...]" and "@suffixes<TAB>Corp. Inc ...". */
static dg_status tickers_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    loader *L = ctx;
    if (l->nfields != 2)
        return problem(L, err, l->lineno, "expected 'Company<TAB>CODE [CODE...]'");
    if (strcmp(l->field[0], "@suffixes") == 0) {
        const char *c = l->field[1];
        while (*c) {
            while (*c == ' ')
                c++;
            const char *e = c;
            while (*e && *e != ' ')
                e++;
            char f[64];
            size_t fl = e > c ? dg_fold(c, (size_t)(e - c), f, sizeof f) : 0;
            if (fl && dg_strmap_put(L->p->suffixes, f, fl, (void *)1) < 0)
                return DG_ERR_NOMEM;
            c = e;
        }
        return DG_OK;
    }
    return add_ticker(L->p, L, err, l->lineno, l->field[0], l->field[1]);
}

/* organizations.txt: "ACRONYM<TAB>Expansion". */
static dg_status orgs_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    loader *L = ctx;
    if (l->nfields != 2)
        return problem(L, err, l->lineno, "expected 'ACRONYM<TAB>Expansion'");
    return add_org(L->p, L, err, l->lineno, l->field[0], l->field[1]);
}

static dg_status load_plain(loader *L, dg_datafile_fn fn, const char *buf, size_t len,
                            dg_error *err)
{
    L->base = strdup(base_name(L->name));
    dg_status st = L->base ? dg_datafile_parse(L->name, buf, len, fn, L, err) : DG_ERR_NOMEM;
    free(L->base);
    L->base = NULL;
    return st;
}

void dg_phrases_free(dg_phrases *p)
{
    if (!p)
        return;
    dg_ruleset_free(p->rules);
    for (size_t i = 0; i < p->norgs; i++) {
        free(p->org_list[i]->acronym);
        free(p->org_list[i]->expansion);
        free(p->org_list[i]->source);
        free(p->org_list[i]);
    }
    free(p->org_list);
    for (size_t i = 0; i < p->nticks; i++) {
        ticker *t = p->tick_list[i];
        free(t->company);
        free(t->source);
        for (int c = 0; c < t->ncodes; c++)
            free(t->codes[c]);
        free(t);
    }
    free(p->tick_list);
    dg_strmap_free(p->orgs);
    dg_strmap_free(p->tickers);
    dg_strmap_free(p->suffixes);
    dg_strmap_free(p->exchanges);
    free(p);
}

static dg_phrases *phrases_alloc(void)
{
    dg_phrases *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->rules = dg_ruleset_new();
    p->orgs = dg_strmap_new();
    p->tickers = dg_strmap_new();
    p->suffixes = dg_strmap_new();
    p->exchanges = dg_strmap_new();
    if (!p->rules || !p->orgs || !p->tickers || !p->suffixes || !p->exchanges) {
        dg_phrases_free(p);
        return NULL;
    }
    return p;
}

/* The built-in data without the rule table: sets, tickers, organizations.
 * defs_only lets the lint check a rule file alone while it may still use
 * the built-in sets (<@device>). */
static dg_status load_builtin(dg_phrases *p, int defs_only, dg_error *err)
{
    loader L = {.p = p, .name = "phrases.txt", .group = ++p->groups, .defs_only = defs_only};
    dg_status st = load_rules(&L, dg_builtin_phrases, dg_builtin_phrases_len, err);
    if (st == DG_OK) {
        loader T = {.p = p, .name = "tickers.txt"};
        st = load_plain(&T, tickers_line, dg_builtin_tickers, dg_builtin_tickers_len, err);
    }
    if (st == DG_OK) {
        loader O = {.p = p, .name = "organizations.txt"};
        st = load_plain(&O, orgs_line, dg_builtin_organizations,
                        dg_builtin_organizations_len, err);
    }
    return st;
}

dg_status dg_phrases_new(const dg_options *opts, const struct dg_abbrevs *abbrevs,
                         dg_phrases **out, dg_error *err)
{
    (void)abbrevs;
    *out = NULL;
    dg_phrases *p = phrases_alloc();
    if (!p)
        return DG_ERR_NOMEM;
    dg_status st = DG_OK;
    if (!opts->no_builtin_data)
        st = load_builtin(p, 0, err);
    for (const char *const *f = opts->rules_files; st == DG_OK && f && *f; f++) {
        char *buf;
        size_t len;
        st = dg_read_file(*f, &buf, &len, err);
        if (st == DG_OK) {
            loader L = {.p = p, .name = *f, .group = ++p->groups};
            st = load_rules(&L, buf, len, err);
            free(buf);
        }
    }
    if (st != DG_OK) {
        dg_phrases_free(p);
        return st;
    }
    *out = p;
    return DG_OK;
}

/* ---- the rule table ---------------------------------------------------- */

/* Builds the replacement of a match and proposes it.  When the captures
 * appear in the replacement in pattern order, the captured text is left
 * alone and only the pieces between captures are edited: a photographer's
 * name inside a repaired credit stays outside every edit. */
static int propose_match(const dg_doc *doc, const dg_rule_match *m)
{
    const dg_rule *r = m->rule;
    const dg_token *tok = doc->tok;
    size_t ms = tok[m->first].start, me = tok[m->last - 1].end;
    char reason[400];
    snprintf(reason, sizeof reason, "%s:%u: %s", r->file, r->line,
             r->note ? r->note : r->id);

    int anchored = 1, prev = 0;
    for (size_t i = 0; i < r->nsegs; i++) {
        int c = r->segs[i].cap;
        if (!c)
            continue;
        if (c <= prev || m->el_last[c] == 0 || r->segs[i].mod || r->segs[i].len)
            anchored = 0;
        prev = c;
    }

    char buf[2048];
    if (anchored) {
        size_t from = ms, bl = 0;
        for (size_t i = 0; i <= r->nsegs; i++) {
            if (i < r->nsegs && !r->segs[i].cap) {
                if (bl + r->segs[i].len > sizeof buf)
                    return 0;
                memcpy(buf + bl, r->repl_text + r->segs[i].off, r->segs[i].len);
                bl += r->segs[i].len;
                continue;
            }
            size_t to = i < r->nsegs ? tok[m->el_first[r->segs[i].cap]].start : me;
            if (propose_trimmed(doc, from, to, buf, bl, r->rule, r->confidence, reason) < 0)
                return -1;
            if (i < r->nsegs)
                from = tok[m->el_last[r->segs[i].cap] - 1].end;
            bl = 0;
        }
        return 0;
    }
    size_t bl = 0;
    for (size_t i = 0; i < r->nsegs; i++) {
        const char *s;
        size_t n;
        int c = r->segs[i].cap;
        if (!c) {
            s = r->repl_text + r->segs[i].off;
            n = r->segs[i].len;
        } else if (m->el_last[c]) {
            s = doc->text + tok[m->el_first[c]].start;
            n = tok[m->el_last[c] - 1].end - tok[m->el_first[c]].start;
            if (r->segs[i].mod || r->segs[i].len) {
                size_t k = dg_repl_capture(r, &r->segs[i], s, n, buf + bl, sizeof buf - bl);
                if (!k && n)
                    return 0;
                bl += k;
                continue;
            }
        } else {
            continue;
        }
        if (bl + n > sizeof buf)
            return 0;
        memcpy(buf + bl, s, n);
        bl += n;
    }
    return propose_trimmed(doc, ms, me, buf, bl, r->rule, r->confidence, reason);
}

static int table_pass(const dg_doc *doc, const dg_phrases *p)
{
    if (dg_ruleset_count(p->rules) == 0)
        return 0;
    for (size_t i = 0; i < doc->ntok;) {
        const dg_token *k = &doc->tok[i];
        dg_rule_match m;
        if (k->kind != DG_TOKEN_SPACE && k->kind != DG_TOKEN_NEWLINE &&
            dg_ruleset_match(p->rules, doc->text, doc->tok, doc->ntok, i, &m)) {
            if (propose_match(doc, &m) < 0)
                return -1;
            i = m.last;
        } else {
            i++;
        }
    }
    return 0;
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
    size_t i = 0, j = 0;
    for (;;) {
        while (i < na && (a[i] == '\'' || (i + 3 <= na && memcmp(a + i, "\xe2\x80", 2) == 0 &&
                                           ((unsigned char)a[i + 2] == 0x98 || (unsigned char)a[i + 2] == 0x99))))
            i += a[i] == '\'' ? 1 : 3;
        while (j < nb && (b[j] == '\'' || (j + 3 <= nb && memcmp(b + j, "\xe2\x80", 2) == 0 &&
                                           ((unsigned char)b[j + 2] == 0x98 || (unsigned char)b[j + 2] == 0x99))))
            j += b[j] == '\'' ? 1 : 3;
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
        !is_char(t, &tok[open + 2], ')'))
        return 0;
    const dg_token *a = &tok[open + 1];
    const org *o = dg_strmap_get(p->orgs, t + a->start, a->end - a->start);
    if (!o || open < 2 || !is_single_space(t, &tok[open - 1]))
        return 0;
    /* The words before the bracket, last first; apostrophes the garbling
     * split off stay inside the span. */
    size_t w[MAX_ORG_WORDS + 2];
    int nw = 0;
    for (size_t j = open - 1; j-- > 0 && nw < o->nwords + 1;) {
        const dg_token *k = &tok[j];
        if (k->kind == DG_TOKEN_WORD)
            w[nw++] = j;
        else if (!is_single_space(t, k) && !is_apostrophe_tok(t, k))
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
    return propose_trimmed(doc, s, e, o->expansion, el, "phrases.org-acronym", conf, reason);
}

/* ---- instrument codes: "Apple’s (AAPL.D)" ------------------------------ */

static const ticker *company_before(const dg_doc *doc, const dg_phrases *p, size_t open)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    if (open < 2 || !is_single_space(t, &tok[open - 1]))
        return NULL;
    size_t j = open - 2;
    /* ZTE Corp. (...), MediaTek Inc (...): skip up to two suffixes. */
    for (int n = 0; n < 2 && j >= 2; n++) {
        const dg_token *k = &tok[j];
        char f[64];
        size_t fl = dg_fold(t + k->start, k->end - k->start, f, sizeof f);
        if (!fl || !dg_strmap_get(p->suffixes, f, fl) || !is_single_space(t, &tok[j - 1]))
            break;
        j -= 2;
    }
    if (tok[j].kind != DG_TOKEN_WORD)
        return NULL;
    size_t words[MAX_COMPANY_WORDS];
    int nw = 0;
    for (size_t q = j;; q -= 2) {
        words[nw++] = q;
        if (nw == MAX_COMPANY_WORDS || q < 2 || !is_single_space(t, &tok[q - 1]) ||
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
    while (close < doc->ntok && close < open + 8 && !is_char(t, &tok[close], ')')) {
        if (tok[close].kind == DG_TOKEN_SPACE || tok[close].kind == DG_TOKEN_NEWLINE ||
            tok[close].kind == DG_TOKEN_INVALID)
            return 0;
        close++;
    }
    if (close >= doc->ntok || close == open + 1 || !is_char(t, &tok[close], ')'))
        return 0;
    const ticker *tk = company_before(doc, p, open);
    if (!tk)
        return 0;
    size_t s = tok[open + 1].start, e = tok[close].start;
    int best = 99;
    const char *code = NULL;
    for (int c = 0; c < tk->ncodes; c++) {
        int d = osa_distance(t + s, e - s, tk->codes[c], strlen(tk->codes[c]), 3);
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
        return propose_trimmed(doc, s, e, code, cl, "phrases.ticker",
                               other_listing ? 0.8 : 0.95, reason);
    }
    if (!looks_like_code(t + s, e - s))
        return 0;
    snprintf(reason, sizeof reason, "%s: %s is %s; '%.*s' differs too much to change",
             tk->source, tk->company, code, (int)(e - s), t + s);
    return dg_edits_propose(doc->edits, s, e, code, cl, DG_STAGE_PHRASES,
                            "phrases.ticker", 0.5, "%s", reason);
}

static int bracket_pass(const dg_doc *doc, const dg_phrases *p)
{
    int have_orgs = dg_strmap_count(p->orgs) > 0, have_ticks = dg_strmap_count(p->tickers) > 0;
    if (!have_orgs && !have_ticks)
        return 0;
    for (size_t i = 0; i < doc->ntok; i++) {
        if (!is_char(doc->text, &doc->tok[i], '('))
            continue;
        if ((have_orgs && org_at(doc, p, i) < 0) || (have_ticks && ticker_at(doc, p, i) < 0))
            return -1;
    }
    return 0;
}

/* ---- document-level entity repair: "Hacker, Home" ... "Hacker House" --- */

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
    return k->kind == DG_TOKEN_WORD && !(k->flags & DG_TOKEN_POSSESSIVE) &&
           dg_starts_upper(t + k->start, k->end - k->start);
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
    int d = osa_distance(fy, ly, fz, lz, 2);
    return d <= 1 || (d == 2 && pre >= 2 && ly >= 4 && lz >= 4);
}

static int entity_pass(const dg_doc *doc)
{
    const char *t = doc->text;
    const dg_token *tok = doc->tok;
    size_t n = doc->ntok;
    /* Sites first: most texts have none, and then nothing is allocated. */
    size_t nsites = 0;
    for (size_t i = 0; i + 3 < n; i++)
        if (is_name_word(t, &tok[i]) && is_char(t, &tok[i + 1], ',') &&
            tok[i + 1].start == tok[i].end && is_single_space(t, &tok[i + 2]) &&
            is_name_word(t, &tok[i + 3]))
            nsites++;
    if (!nsites)
        return 0;

    bigram *bg = NULL;
    size_t nbg = 0, cap = 0;
    dg_strmap *heads = dg_strmap_new(), *pairs = dg_strmap_new();
    int rc = heads && pairs ? 0 : -1;
    unsigned line = 1;
    for (size_t i = 0; rc == 0 && i + 2 < n; i++) {
        line += tok[i].kind == DG_TOKEN_NEWLINE;
        if (!is_name_word(t, &tok[i]) || !is_single_space(t, &tok[i + 1]) ||
            !is_name_word(t, &tok[i + 2]))
            continue;
        /* Each distinct "A B" once, so a name repeated a thousand times
         * costs one chain entry. */
        size_t pl = tok[i + 2].end - tok[i].start;
        if (dg_strmap_get(pairs, t + tok[i].start, pl))
            continue;
        if (dg_strmap_put(pairs, t + tok[i].start, pl, (void *)1) < 0) {
            rc = -1;
            break;
        }
        if (nbg == cap) {
            cap = cap ? cap * 2 : 64;
            bigram *v = realloc(bg, cap * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            bg = v;
        }
        const char *key = t + tok[i].start;
        size_t kl = tok[i].end - tok[i].start;
        bg[nbg] = (bigram){i, i + 2, (size_t)(uintptr_t)dg_strmap_get(heads, key, kl), line};
        nbg++;
        if (dg_strmap_put(heads, key, kl, (void *)(uintptr_t)nbg) < 0)
            rc = -1;
    }

    for (size_t i = 0; rc == 0 && i + 3 < n; i++) {
        if (!(is_name_word(t, &tok[i]) && is_char(t, &tok[i + 1], ',') &&
              tok[i + 1].start == tok[i].end && is_single_space(t, &tok[i + 2]) &&
              is_name_word(t, &tok[i + 3])))
            continue;
        const dg_token *x = &tok[i], *y = &tok[i + 3];
        /* "Smith, Home Secretary": the second word starts a name of its
         * own, so the comma is real. */
        if (i + 5 < n && is_single_space(t, &tok[i + 4]) && is_name_word(t, &tok[i + 5]))
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
        /* Clause punctuation or the line's end after the variant is what
         * an appositive name looks like; otherwise stay a finding. */
        const dg_token *after = i + 4 < n ? &tok[i + 4] : NULL;
        int closes = !after || after->kind == DG_TOKEN_NEWLINE ||
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
    free(bg);
    dg_strmap_free(heads);
    dg_strmap_free(pairs);
    return rc;
}

int dg_phrases_propose(const dg_doc *doc)
{
    const dg_phrases *p = doc->engine->phrases;
    if (!p)
        return 0;
    if (table_pass(doc, p) < 0 || bracket_pass(doc, p) < 0 || entity_pass(doc) < 0)
        return -1;
    return 0;
}

/* ---- public: listing and checking rules -------------------------------- */

size_t dg_engine_rule_count(const dg_engine *e)
{
    return e && e->phrases ? dg_ruleset_count(e->phrases->rules) : 0;
}

dg_status dg_engine_rule(const dg_engine *e, size_t i, dg_rule_info *info)
{
    if (!info)
        return DG_ERR_ARG;
    memset(info, 0, sizeof *info);
    const dg_rule *r = e && e->phrases ? dg_ruleset_get(e->phrases->rules, i) : NULL;
    if (!r)
        return DG_ERR_ARG;
    info->rule = r->rule;
    info->category = r->category ? r->category : "";
    info->pattern = r->pattern;
    info->replacement = r->replace;
    info->note = r->note ? r->note : "";
    info->file = r->path;
    info->line = r->line;
    info->confidence = r->confidence;
    info->examples = r->nexamples;
    return DG_OK;
}

static void report_printf(loader *L, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report_printf(loader *L, unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lint_report(L, line, msg);
}

/* The first phrase-stage edit of a result whose rule is not r, or NULL. */
static const char *other_rule(const dg_result *res, const dg_rule *r)
{
    for (size_t i = 0; i < dg_result_edit_count(res); i++) {
        const char *id = dg_edit_rule(dg_result_edit(res, i));
        if (strcmp(id, r->rule) != 0)
            return id;
    }
    return NULL;
}

static dg_status check_examples(loader *L, const dg_engine *base, dg_phrases *p)
{
    /* The engine's tokenizer and abbreviations with only this file's
     * rules: a shallow copy, never freed as an engine. */
    dg_engine e = *base;
    e.phrases = p;
    e.enabled = DG_STAGE_PHRASES;
    /* Examples show what a rule proposes, including doubtful repairs that
     * a default run would only report. */
    e.min_confidence = 0.01;
    for (size_t i = 0; i < dg_ruleset_count(p->rules); i++) {
        const dg_rule *r = dg_ruleset_get(p->rules, i);
        for (size_t x = 0; x < r->nexamples; x++) {
            const dg_rule_example *ex = &r->examples[x];
            dg_result *res = NULL;
            dg_status st = dg_fix(&e, ex->in, strlen(ex->in), &res);
            if (st != DG_OK)
                return st;
            size_t ol;
            const char *out = dg_result_text(res, &ol);
            const char *other = other_rule(res, r);
            if (ol != strlen(ex->out) || memcmp(out, ex->out, ol) != 0)
                report_printf(L, ex->line, "example of rule '%s' gives \"%s\", expected \"%s\"%s%s%s",
                              r->id, out, ex->out, other ? " (rule " : "",
                              other ? other : "", other ? " matched: shadowed?)" : "");
            else if (dg_result_edit_count(res) == 0 && strcmp(ex->in, ex->out) != 0)
                report_printf(L, ex->line, "example of rule '%s' changes nothing", r->id);
            else if (other && dg_result_edit_count(res) > 0) {
                int mine = 0;
                for (size_t k = 0; k < dg_result_edit_count(res); k++)
                    mine |= strcmp(dg_edit_rule(dg_result_edit(res, k)), r->rule) == 0;
                if (!mine)
                    report_printf(L, ex->line, "rule '%s' is shadowed: its example is "
                                  "repaired by %s instead", r->id, other);
            }
            dg_result_free(res);

            /* Idempotent: the expected output must not match again. */
            res = NULL;
            st = dg_fix(&e, ex->out, strlen(ex->out), &res);
            if (st != DG_OK)
                return st;
            size_t nf = dg_result_finding_count(res);
            const dg_edit *again = dg_result_edit_count(res) ? dg_result_edit(res, 0) : NULL;
            for (size_t k = 0; !again && k < nf; k++)
                if (dg_edit_replacement(dg_result_finding(res, k), NULL))
                    again = dg_result_finding(res, k);
            if (again)
                report_printf(L, ex->line, "not idempotent: %s changes the expected output of "
                              "rule '%s' again", dg_edit_rule(again), r->id);
            dg_result_free(res);
        }
    }
    return DG_OK;
}

dg_status dg_rules_check(const char *path, dg_rules_report_fn report, void *ctx,
                         unsigned *problems)
{
    if (problems)
        *problems = 0;
    if (!path)
        return DG_ERR_ARG;
    char *buf;
    size_t len;
    dg_error err;
    dg_status st = dg_read_file(path, &buf, &len, &err);
    if (st != DG_OK) {
        if (report)
            report(path, 0, err.message, ctx);
        if (problems)
            *problems = 1;
        return st;
    }
    dg_phrases *p = phrases_alloc();
    if (!p) {
        free(buf);
        return DG_ERR_NOMEM;
    }
    loader L = {.p = p, .name = path, .lint = 1, .report = report, .rctx = ctx};
    st = load_builtin(p, 1, &err);
    if (st == DG_OK) {
        L.group = ++p->groups;
        st = load_rules(&L, buf, len, &err);
        /* A NUL byte or an over-long line stops the reader itself. */
        if (st == DG_ERR_DATA) {
            lint_report(&L, err.line, err.message);
            st = DG_OK;
        }
    }
    free(buf);
    if (st == DG_OK) {
        dg_options o = {.disabled_stages = DG_STAGE_ALL};
        dg_engine *e = NULL;
        st = dg_engine_new(&o, &e, &err);
        if (st == DG_OK)
            st = check_examples(&L, e, p);
        dg_engine_free(e);
    }
    dg_phrases_free(p);
    if (problems)
        *problems = L.problems;
    return st;
}
