/* phrases-load.c - loading the phrase stage's table: rule files in the
 * format of dicts/phrases.txt, dicts/tickers.txt and
 * dicts/organizations.txt.  In lint mode every data problem is reported and
 * skipped so that one run lists all of a file's problems. */
#include "phrases.h"

#include "builtin-data.h"
#include "datafile.h"
#include "grow.h"
#include "rules.h"
#include "strmap.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CONFIDENCE 0.95

/* ---- small helpers ---------------------------------------------------- */

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
        void **nv = dg_grow(*v, cap, *n + 1, sizeof *nv, 32);
        if (!nv)
            return -1;
        *v = nv;
    }
    (*v)[(*n)++] = x;
    return 0;
}

/* ---- loading ---------------------------------------------------------- */

typedef struct loader {
    dg_phrases *p;
    const char *name;      /* for messages: the path, or the builtin name */
    char *base;            /* for reasons */
    dg_rule *cur;
    unsigned group;
    int lint, defs_only, in_rule_skipped, builtin;
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

/* words<TAB>@set<TAB>FILE[<TAB>+ENDING]: every word of FILE (one a line,
 * '#' comments), with ENDING appended, joins the set.  The built-in table
 * names files of dicts/ (compiled in); a --rules file names a path
 * relative to its own directory. */
typedef struct word_file {
    loader *L;
    const char *set;
    const char *ending;
    unsigned rule_line;
} word_file;

static dg_status word_file_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    word_file *w = ctx;
    (void)err;
    if (l->nfields != 1 || (strchr(l->field[0], ' ') && w->ending[0]))
        return problem(w->L, err, w->rule_line, "word file line %u: one word (or name) a line",
                       l->lineno);
    if (strchr(l->field[0], ' ')) {
        /* A multiword name is one entry, for <NAME:@set>. */
        int rc = dg_ruleset_define_name(w->L->p->rules, w->set, l->field[0]);
        if (rc == -2)
            return problem(w->L, err, w->rule_line, "too many sets");
        return rc < 0 ? DG_ERR_NOMEM : DG_OK;
    }
    char word[256];
    int n = snprintf(word, sizeof word, "%s%s", l->field[0], w->ending);
    if (n < 0 || (size_t)n >= sizeof word)
        return problem(w->L, err, w->rule_line, "word file line %u: word too long", l->lineno);
    int rc = dg_ruleset_define(w->L->p->rules, w->set, word);
    if (rc == -2)
        return problem(w->L, err, w->rule_line, "too many sets");
    return rc < 0 ? DG_ERR_NOMEM : DG_OK;
}

static dg_status load_word_file(loader *L, dg_error *err, const dg_datafile_line *l)
{
    if ((l->nfields != 3 && l->nfields != 4) || l->field[1][0] != '@' || l->len[1] < 2 ||
        (l->nfields == 4 && (l->field[3][0] != '+' || !l->field[3][1])))
        return problem(L, err, l->lineno, "expected 'words<TAB>@name<TAB>FILE[<TAB>+ending]'");
    const char *file = l->field[2];
    if (strchr(file, '/') && L->builtin)
        return problem(L, err, l->lineno, "a built-in word file is a name in dicts/");
    word_file w = {L, l->field[1] + 1, l->nfields == 4 ? l->field[3] + 1 : "", l->lineno};
    /* The set exists even when the file is empty. */
    if (dg_ruleset_define(L->p->rules, w.set, "") == -2)
        return problem(L, err, l->lineno, "too many sets");
    if (L->builtin) {
        static const struct { const char *name; const char *data; const size_t *len; } files[] = {
            {"uncountable.txt", dg_builtin_uncountable, &dg_builtin_uncountable_len},
            {"names-bare.txt", dg_builtin_names_bare, &dg_builtin_names_bare_len},
        };
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
            if (strcmp(files[i].name, file) == 0)
                return dg_datafile_parse(file, files[i].data, *files[i].len, word_file_line,
                                         &w, err);
        return problem(L, err, l->lineno, "no built-in word file '%s'", file);
    }
    char *path = NULL;
    const char *slash = strrchr(L->name, '/');
    if (file[0] == '/' || !slash)
        path = strdup(file);
    else
        path = dup_printf("%.*s/%s", (int)(slash - L->name), L->name, file);
    if (!path)
        return DG_ERR_NOMEM;
    char *buf;
    size_t len;
    dg_error ferr;
    dg_status st = dg_read_file(path, &buf, &len, &ferr);
    if (st != DG_OK) {
        st = problem(L, err, l->lineno, "word file %s: %s", path, ferr.message);
        free(path);
        return st;
    }
    st = dg_datafile_parse(path, buf, len, word_file_line, &w, err);
    free(buf);
    free(path);
    return st;
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
    if (strcmp(key, "words") == 0) {
        dg_status st = finish_rule(L, err);
        if (st != DG_OK)
            return st;
        L->in_rule_skipped = 0;
        return load_word_file(L, err, l);
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
                                       "confidence", "example", "name", NULL};
    int known = 0;
    for (const char *const *k = keys; *k; k++)
        known |= strcmp(*k, key) == 0;
    if (!known)
        return problem(L, err, l->lineno,
                       "unknown key '%s' (expected rule, category, pattern, replace, "
                       "note, confidence, example, name, define, words, ticker or org)", key);
    if (L->in_rule_skipped)
        return DG_OK;
    dg_rule *r = L->cur;
    if (!r)
        return problem(L, err, l->lineno, "'%s' outside a rule: start one with 'rule<TAB>id'", key);
    int want = strcmp(key, "example") == 0 || strcmp(key, "name") == 0 ? 3 : 2;
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
    if (strcmp(key, "name") == 0) {
        if (r->name_tmpl)
            return problem(L, err, l->lineno, "rule '%s' has a second 'name' line", r->id);
        r->name_tmpl = strdup(l->field[1]);
        r->name_kinds = strdup(l->field[2]);
        r->name_line = l->lineno;
        return r->name_tmpl && r->name_kinds ? DG_OK : DG_ERR_NOMEM;
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
    L->base = strdup(dg_base_name(L->name));
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
    L->base = strdup(dg_base_name(L->name));
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
    loader L = {.p = p, .name = "phrases.txt", .group = ++p->groups, .defs_only = defs_only,
                .builtin = 1};
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

dg_status dg_phrases_load_lint(const char *name, const char *buf, size_t len,
                               dg_rules_report_fn report, void *ctx,
                               unsigned *problems, dg_phrases **out, dg_error *err)
{
    *out = NULL;
    *problems = 0;
    dg_phrases *p = phrases_alloc();
    if (!p)
        return DG_ERR_NOMEM;
    loader L = {.p = p, .name = name, .lint = 1, .report = report, .rctx = ctx};
    dg_status st = load_builtin(p, 1, err);
    if (st == DG_OK) {
        L.group = ++p->groups;
        st = load_rules(&L, buf, len, err);
        /* A NUL byte or an over-long line stops the reader itself. */
        if (st == DG_ERR_DATA) {
            lint_report(&L, err->line, err->message);
            st = DG_OK;
        }
    }
    *problems = L.problems;
    if (st != DG_OK) {
        dg_phrases_free(p);
        return st;
    }
    *out = p;
    return DG_OK;
}
