/* test-dictionary.c - the hunspell stage (issue 4).
 *
 * tests/data/dictionary.tsv drives the word-level cases with only
 * DG_STAGE_DICTIONARY enabled (the format and the checks every row gets:
 * tests/table.h); this stage adds that edits are sure (>= 0.9) and its
 * findings are not.  Around them: the compound
 * rows of the Reuters expectations, every compounds.txt entry being a word
 * the dictionary accepts, the cache changing nothing (an engine built with
 * DG_DICTIONARY_NO_CACHE set gives the same edits and findings), threads
 * sharing one engine, user dictionaries (loading, flags, a missing one is
 * DG_ERR_IO naming the path, a malformed one DG_ERR_DATA with its line),
 * and the choice of dictionary (en_GB, a path, a bad name). */
#include "degarble.h"
#include "expectations.h"
#include "table.h"
#include "tap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dg_engine *engine_with(const dg_options *o)
{
    dg_engine *e = NULL;
    dg_error err;
    dg_status st = dg_engine_new(o, &e, &err);
    if (st != DG_OK)
        tap_diag("engine: %s: %s (%s:%u)", dg_status_str(st), err.message,
                 err.file, err.line);
    return e;
}

static dg_options dict_only(void)
{
    dg_options o = {0};
    o.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_DICTIONARY;
    return o;
}

static const dg_edit *find_finding(const dg_result *r, const char *in,
                                   const char *rule, const char *span)
{
    for (size_t k = 0; k < dg_result_finding_count(r); k++) {
        const dg_edit *f = dg_result_finding(r, k);
        size_t s = dg_edit_start(f), t = dg_edit_end(f);
        if (strcmp(dg_edit_rule(f), rule) == 0 && t - s == strlen(span) &&
            memcmp(in + s, span, t - s) == 0)
            return f;
    }
    return NULL;
}

static size_t dictionary_findings(const dg_result *r)
{
    size_t n = 0;
    for (size_t k = 0; k < dg_result_finding_count(r); k++)
        n += dg_edit_stage(dg_result_finding(r, k)) == DG_STAGE_DICTIONARY;
    return n;
}

/* The stage applies only what it is sure of: edits at 0.9 or more, its
 * findings below. */
static void dictionary_row(const table_row *row, void *ctx)
{
    dg_result *r = table_fix(ctx, row);
    int ok = r != NULL;
    for (size_t k = 0; r && k < dg_result_edit_count(r); k++)
        if (dg_edit_confidence(dg_result_edit(r, k)) < 0.9)
            ok = 0;
    for (size_t k = 0; r && k < dg_result_finding_count(r); k++)
        if (dg_edit_stage(dg_result_finding(r, k)) == DG_STAGE_DICTIONARY &&
            dg_edit_confidence(dg_result_finding(r, k)) >= 0.9)
            ok = 0;
    if (!tap_ok(ok, "%s edits >= 0.9, findings below", table_where(row)) && r)
        table_show_edits(r, row->col[0], row->len[0]);
    dg_result_free(r);
}

/* Every compounds.txt entry must be a word the engine accepts, or the
 * compound rule could never fire for it. */
static void check_compounds_are_words(const dg_engine *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/dicts/compounds.txt", tap_source_root());
    FILE *f = fopen(path, "r");
    if (!tap_ok(f != NULL, "open %s", path))
        return;
    char line[256];
    int bad = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        n++;
        dg_result *r = NULL;
        if (dg_fix(e, line, strlen(line), &r) != DG_OK || dictionary_findings(r)) {
            tap_diag("compounds.txt entry \"%s\" is not in the dictionary", line);
            bad++;
        }
        dg_result_free(r);
    }
    fclose(f);
    tap_ok(n > 0 && bad == 0, "all %d compounds.txt entries are dictionary words", n);
}

/* Reuters rows of kind "compound": the output line must hold the expected
 * text, with the whole engine and with the dictionary stage alone. */
static void check_reuters(const dg_engine *alone)
{
    const char *dir = getenv("DG_REUTERS_DIR");
    char gpath[4096], epath[4096];
    if (dir)
        snprintf(gpath, sizeof gpath, "%s/garbled.txt", dir);
    else
        snprintf(gpath, sizeof gpath, "%s/../shared/reuters/garbled.txt",
                 tap_source_root());
    snprintf(epath, sizeof epath, "%.*s/expectations.tsv",
             (int)(strrchr(gpath, '/') - gpath), gpath);
    size_t glen = 0, elen = 0;
    char *g = tap_read_file(gpath, &glen), *x = tap_read_file(epath, &elen);
    if (!g || !x) {
        tap_diag("Reuters data not found beside the source tree; compound rows skipped");
        free(g);
        free(x);
        return;
    }
    dg_engine *full = engine_with(NULL);
    const dg_engine *engines[2] = {full, alone};
    const char *names[2] = {"whole engine", "dictionary alone"};
    for (int k = 0; k < 2; k++) {
        dg_result *r = NULL;
        if (!engines[k] || dg_fix(engines[k], g, glen, &r) != DG_OK) {
            tap_ok(0, "Reuters: %s", names[k]);
            continue;
        }
        size_t olen;
        const char *out = dg_result_text(r, &olen);
        xrows rows;
        xrows_parse("expectations.tsv", x, elen, 0, &rows);
        tap_ok(rows.errors == 0, "expectations.tsv: %d malformed rows", rows.errors);
        for (size_t i = 0; i < rows.n; i++) {
            const xrow *row = &rows.v[i];
            if (strcmp(row->kind, "compound") != 0)
                continue;
            size_t ll = 0;
            const char *p = xrow_line(out, olen, row->line, &ll);
            tap_ok(p && xrow_met(row, p, ll) >= 0, "Reuters line %zu (%s): \"%s\" -> \"%s\"",
                   row->line, names[k], row->find, row->expect);
        }
        xrows_free(&rows);
        dg_result_free(r);
    }
    dg_engine_free(full);
    free(g);
    free(x);
}

/* Two results are the same when text, edits and findings (span,
 * replacement, rule, reason) agree. */
static int same_result(const dg_result *a, const dg_result *b)
{
    size_t la, lb;
    const char *ta = dg_result_text(a, &la), *tb = dg_result_text(b, &lb);
    if (la != lb || memcmp(ta, tb, la) != 0 ||
        dg_result_edit_count(a) != dg_result_edit_count(b) ||
        dg_result_finding_count(a) != dg_result_finding_count(b))
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? dg_result_finding_count(a) : dg_result_edit_count(a);
        for (size_t i = 0; i < n; i++) {
            const dg_edit *x = pass ? dg_result_finding(a, i) : dg_result_edit(a, i);
            const dg_edit *y = pass ? dg_result_finding(b, i) : dg_result_edit(b, i);
            size_t rx = 0, ry = 0;
            const char *px = dg_edit_replacement(x, &rx), *py = dg_edit_replacement(y, &ry);
            if (dg_edit_start(x) != dg_edit_start(y) || dg_edit_end(x) != dg_edit_end(y) ||
                strcmp(dg_edit_rule(x), dg_edit_rule(y)) != 0 ||
                strcmp(dg_edit_reason(x), dg_edit_reason(y)) != 0 ||
                !px != !py || rx != ry || (px && memcmp(px, py, rx) != 0))
                return 0;
        }
    }
    return 1;
}

static const char *sample_text(size_t *len)
{
    static char *text;
    static size_t n;
    if (!text) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/data/dictionary.tsv", tap_source_root());
        text = tap_read_file(path, &n);
        char gpath[4096];
        snprintf(gpath, sizeof gpath, "%s/../shared/reuters/garbled.txt",
                 tap_source_root());
        size_t gl = 0;
        char *g = tap_read_file(gpath, &gl);
        if (text && g) {
            text = realloc(text, n + gl + 2);
            text[n++] = '\n';
            memcpy(text + n, g, gl + 1);
            n += gl;
        }
        free(g);
    }
    *len = n;
    return text;
}

static void check_cache_changes_nothing(void)
{
    size_t len;
    const char *text = sample_text(&len);
    if (!tap_ok(text != NULL, "sample text for the cache check"))
        return;
    dg_options o = dict_only();
    dg_engine *cached = engine_with(&o);
    setenv("DG_DICTIONARY_NO_CACHE", "1", 1);
    dg_engine *uncached = engine_with(&o);
    unsetenv("DG_DICTIONARY_NO_CACHE");
    dg_result *a = NULL, *b = NULL, *c = NULL;
    if (cached && uncached && dg_fix(cached, text, len, &a) == DG_OK &&
        dg_fix(uncached, text, len, &b) == DG_OK &&
        dg_fix(cached, text, len, &c) == DG_OK) {
        tap_ok(dg_result_finding_count(a) > 0, "the sample has findings (%zu)",
               dg_result_finding_count(a));
        tap_ok(same_result(a, b), "cache on and off give the same result");
        tap_ok(same_result(a, c), "a warm cache gives the same result");
    } else {
        tap_ok(0, "cache check engines and runs");
    }
    dg_result_free(a);
    dg_result_free(b);
    dg_result_free(c);

    /* Past the suggestion budget (500 distinct unknown words a call) the
     * results must still not depend on the cache, and the cheap case check
     * still runs. */
    static char many[600 * 12 + 64];
    size_t m = 0;
    for (int i = 0; i < 600; i++)
        m += (size_t)snprintf(many + m, sizeof many - m, "zq%c%c%cx ",
                              'a' + i % 26, 'a' + (i / 26) % 26, 'a' + i % 7);
    m += (size_t)snprintf(many + m, sizeof many - m, "in north korea.");
    a = b = NULL;
    if (dg_fix(cached, many, m, &a) == DG_OK && dg_fix(uncached, many, m, &b) == DG_OK) {
        tap_ok(same_result(a, b), "past the budget: cache on and off agree");
        tap_ok(find_finding(a, many, "dictionary.case", "korea") != NULL,
               "past the budget: the case check still runs");
    } else {
        tap_ok(0, "budget runs");
    }
    dg_result_free(a);
    dg_result_free(b);
    dg_engine_free(cached);
    dg_engine_free(uncached);
}

typedef struct thread_job {
    const dg_engine *e;
    const char *text;
    size_t len;
    const dg_result *want;
    int ok;
} thread_job;

static void *thread_run(void *arg)
{
    thread_job *j = arg;
    j->ok = 1;
    for (int i = 0; i < 5 && j->ok; i++) {
        dg_result *r = NULL;
        j->ok = dg_fix(j->e, j->text, j->len, &r) == DG_OK && same_result(r, j->want);
        dg_result_free(r);
    }
    return NULL;
}

static void check_threads(void)
{
    size_t len;
    const char *text = sample_text(&len);
    dg_options o = dict_only();
    dg_engine *e = engine_with(&o);
    dg_result *want = NULL;
    if (!text || !e || dg_fix(e, text, len, &want) != DG_OK) {
        tap_ok(0, "threads: setup");
        dg_engine_free(e);
        return;
    }
    /* A fresh engine, so that the threads fill the cache together. */
    dg_engine_free(e);
    e = engine_with(&o);
    thread_job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){.e = e, .text = text, .len = len, .want = want};
        pthread_create(&th[i], NULL, thread_run, &jobs[i]);
    }
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ok &= jobs[i].ok;
    }
    tap_ok(ok, "four threads on one engine give the single-thread result");
    dg_result_free(want);
    dg_engine_free(e);
}

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *content)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(content, f);
        fclose(f);
    }
    return path;
}

static size_t findings_for(const dg_engine *e, const char *text)
{
    dg_result *r = NULL;
    size_t n = (size_t)-1;
    if (e && dg_fix(e, text, strlen(text), &r) == DG_OK)
        n = dictionary_findings(r);
    dg_result_free(r);
    return n;
}

static void check_user_dictionaries(void)
{
    const char *probe = "the blorptastic zquoxes of snirfle";
    dg_options o = dict_only();
    dg_engine *plain = engine_with(&o);
    tap_ok(findings_for(plain, probe) == 3, "without a user dictionary: 3 unknown words");
    dg_engine_free(plain);

    /* A count line, a comment, a flagged word (en_US flag S: plural) and a
     * morphological field. */
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s", write_tmp("user1.dic", "2\n# my words\nblorptastic\nzquox/S\n"));
    snprintf(p2, sizeof p2, "%s", write_tmp("user2.dic", "snirfle po:noun\n"));
    const char *files[] = {p1, p2, NULL};
    o.dict_files = files;
    dg_engine *e = engine_with(&o);
    tap_ok(e != NULL, "user dictionaries load");
    tap_ok(findings_for(e, probe) == 0, "user words (and a flagged plural) are accepted");
    dg_engine_free(e);

    const char *missing_path = "/nonexistent/dir/words.dic";
    const char *missing[] = {missing_path, NULL};
    o.dict_files = missing;
    dg_error err;
    e = NULL;
    dg_status st = dg_engine_new(&o, &e, &err);
    tap_ok(st == DG_ERR_IO && e == NULL && strcmp(err.file, missing_path) == 0,
           "missing user dictionary: DG_ERR_IO naming the path (%s: %s)",
           err.file, err.message);
    dg_engine_free(e);

    static const struct {
        const char *content;
        unsigned line;
    } bad[] = {
        {"word\n12\n", 2},
        {"good\ntwo words\n", 2},
        {"ok\n/XY\n", 2},
        {"fine\nbad\xff\n", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s", write_tmp("bad.dic", bad[i].content));
        const char *bf[] = {p, NULL};
        o.dict_files = bf;
        e = NULL;
        memset(&err, 0, sizeof err);
        st = dg_engine_new(&o, &e, &err);
        tap_ok(st == DG_ERR_DATA && err.line == bad[i].line && strcmp(err.file, p) == 0,
               "malformed user dictionary %zu: DG_ERR_DATA at %s:%u (%s)", i,
               err.file, err.line, err.message);
        dg_engine_free(e);
    }
}

static void check_languages(void)
{
    dg_options o = dict_only();
    dg_error err;
    dg_engine *e = NULL;

    o.lang = "xx_NONE";
    dg_status st = dg_engine_new(&o, &e, &err);
    /* An unknown name is an argument error, as degarble.h promises. */
    tap_ok(st == DG_ERR_ARG && strstr(err.file, "xx_NONE.dic"),
           "an explicit unknown language is DG_ERR_ARG naming %s", err.file);
    dg_engine_free(e);
    e = NULL;

    o.lang = "en US; rm";
    st = dg_engine_new(&o, &e, &err);
    tap_ok(st == DG_ERR_ARG, "a malformed language name is DG_ERR_ARG (%s)", err.message);
    dg_engine_free(e);

    o.lang = "/usr/share/hunspell/en_US.dic";
    e = engine_with(&o);
    if (e || access(o.lang, R_OK) == 0)
        tap_ok(e && findings_for(e, "teh colour") == 2,
               "a .dic path works (en_US: \"colour\" is unknown)");
    dg_engine_free(e);

    o.lang = "en_GB";
    char gb[512];
    snprintf(gb, sizeof gb, "%s", "/usr/share/hunspell/en_GB.dic");
    if (access(gb, R_OK) != 0) {
        tap_diag("en_GB not installed (apt-get install hunspell-en-gb); skipped");
        return;
    }
    e = engine_with(&o);
    tap_ok(e && findings_for(e, "the colour of the soya") == 0,
           "en_GB accepts colour and soya");
    dg_engine_free(e);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/dg-dict-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return tap_skip_all("cannot make a temporary directory");

    dg_options o = dict_only();
    dg_engine *e = engine_with(&o);
    if (!e)
        return tap_skip_all("no engine (is hunspell-en-us installed?)");
    if (dg_engine_warning(e) && strstr(dg_engine_warning(e), "dictionary stage is off")) {
        dg_engine_free(e);
        return tap_skip_all("the system en_US hunspell dictionary is missing");
    }

    table_stage stage = {e, DG_STAGE_DICTIONARY, "dictionary."};
    table_run("dictionary.tsv", dictionary_row, &stage);
    check_compounds_are_words(e);
    check_reuters(e);
    dg_engine_free(e);

    check_cache_changes_nothing();
    check_threads();
    check_user_dictionaries();
    check_languages();

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", tmpdir);
    return tap_done();
}
