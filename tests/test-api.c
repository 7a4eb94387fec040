/* test-api.c - the public API's promises: defaults, errors, ownership,
 * invalid input, and one engine shared by threads. */
#include "degarble.h"
#include "tap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dg_engine *engine;

static char *write_tmp(const char *content)
{
    static char path[64];
    strcpy(path, "/tmp/dg-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    if (write(fd, content, strlen(content)) < 0) {
        close(fd);
        return NULL;
    }
    close(fd);
    return path;
}

static const char *thread_inputs[] = {
    "the U. N. sanctions , FILE PHOTO : x\n",
    "Clean English stays as it is.\n",
    "North korea’s phones are registered in the netherlands.\n",
    "bad \xff bytes pass through\n",
};

typedef struct job {
    const char *in;
    char *out;
    size_t len;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int rep = 0; rep < 50; rep++) {
        dg_result *r;
        if (dg_fix(engine, j->in, strlen(j->in), &r) != DG_OK)
            return NULL;
        size_t len;
        const char *t = dg_result_text(r, &len);
        if (rep == 0) {
            j->out = malloc(len + 1);
            memcpy(j->out, t, len + 1);
            j->len = len;
        } else if (len != j->len || memcmp(t, j->out, len) != 0) {
            j->len = (size_t)-1;
        }
        dg_result_free(r);
    }
    return NULL;
}

int main(void)
{
    dg_error err;
    tap_ok(strcmp(dg_version(), DG_VERSION_STRING) == 0, "dg_version matches the header");
    tap_ok(strcmp(dg_status_str(DG_ERR_NOMEM), "out of memory") == 0, "status names");
    tap_ok(strcmp(dg_stage_name(DG_STAGE_CASING), "casing") == 0, "stage names");
    tap_ok(dg_engine_new(NULL, NULL, &err) == DG_ERR_ARG, "NULL out is an argument error");

    if (!tap_ok(dg_engine_new(NULL, &engine, &err) == DG_OK, "default engine builds: %s",
                engine ? "ok" : err.message))
        return tap_done();

    /* A malformed data file names file and line. */
    {
        const char *path = write_tmp("# comment\nU.S.\tproper\nbogus\tproper\n");
        const char *files[] = {path, NULL};
        dg_options o = {.abbrev_files = files};
        dg_engine *e2 = NULL;
        dg_status st = dg_engine_new(&o, &e2, &err);
        tap_ok(st == DG_ERR_DATA && err.line == 3 && strcmp(err.file, path) == 0 && !e2,
               "bad abbreviation line reported as %s:%u: %s", err.file, err.line, err.message);
        unlink(path);
        const char *missing[] = {"/nonexistent/abbrevs.txt", NULL};
        o.abbrev_files = missing;
        st = dg_engine_new(&o, &e2, &err);
        tap_ok(st == DG_ERR_IO && strstr(err.file, "nonexistent"), "missing file: %s: %s",
               err.file, err.message);
    }

    /* A later pass runs the phrase table again only on the lines the last
     * pass changed (line 2 here) and proposes the other lines' findings
     * again, moved with them: the findings are those of a run over every
     * line (DG_TOKENIZER_VERIFY_RERUN aborts if they are not). */
    {
        const char *path = write_tmp("rule\tzz-test\ncategory\ttest\npattern\tfoo bar\n"
                                     "replace\tfoo baz\nconfidence\t0.5\n"
                                     "example\tfoo bar\tfoo baz\n");
        const char *files[] = {path, NULL};
        dg_options o = {.rules_files = files};
        dg_engine *e2 = NULL;
        dg_result *r = NULL;
        const char *in = "The foo bar was here.\nSome text with  two spaces.\n"
                         "Another foo bar line.\n";
        setenv("DG_TOKENIZER_VERIFY_RERUN", "1", 1);
        int ok = path && dg_engine_new(&o, &e2, &err) == DG_OK &&
                 dg_fix(e2, in, strlen(in), &r) == DG_OK;
        unsetenv("DG_TOKENIZER_VERIFY_RERUN");
        size_t n = ok ? dg_result_finding_count(r) : 0, good = 0;
        static const size_t at[] = {10, 64};
        for (size_t i = 0; i < n && i < 2; i++) {
            const dg_edit *f = dg_result_finding(r, i);
            size_t rl;
            const char *rp = dg_edit_replacement(f, &rl);
            good += strcmp(dg_edit_rule(f), "phrases.zz-test") == 0 &&
                    dg_edit_start(f) == at[i] && dg_edit_end(f) == at[i] + 1 && rp &&
                    rl == 1 && *rp == 'z';
        }
        tap_ok(ok && dg_result_edit_count(r) == 1 && n == 2 && good == 2,
               "a later pass keeps the phrase findings of unchanged lines (%zu of %zu)",
               good, n);
        dg_result_free(r);
        dg_engine_free(e2);
        if (path)
            unlink(path);
    }

    /* A later pass proposes the punctuation stage's last proposals again
     * on the lines far from the one the first pass changed (line 300 of
     * 600, checkpoints every few kilobytes, or at paragraph starts): the
     * findings of every line are those of a pass over every line, at their
     * own offsets (DG_TOKENIZER_VERIFY_RERUN aborts if the proposals
     * differ). */
    for (int blank = 0; blank < 2; blank++) {
        dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PUNCT};
        dg_engine *e2 = NULL;
        dg_result *r = NULL;
        enum { LINES = 600, CHANGED = 300 };
        static char in[LINES * 64];
        size_t len = 0;
        for (int i = 0; i < LINES; i++)
            len += (size_t)snprintf(in + len, sizeof in - len,
                                    i == CHANGED ? "the vote , line %03d ? more\n%s"
                                                 : "line %03d: print ? instead of it\n%s",
                                    i, blank ? "\n" : "");
        setenv("DG_TOKENIZER_VERIFY_RERUN", "1", 1);
        int ok = dg_engine_new(&o, &e2, &err) == DG_OK && dg_fix(e2, in, len, &r) == DG_OK;
        unsetenv("DG_TOKENIZER_VERIFY_RERUN");
        size_t n = ok ? dg_result_finding_count(r) : 0, good = 0;
        const char *at = in;
        for (size_t i = 0; i < n; i++) {
            const dg_edit *f = dg_result_finding(r, i);
            at = strstr(at, " ?");
            good += at && strcmp(dg_edit_rule(f), "punct.space-before") == 0 &&
                    dg_edit_start(f) == (size_t)(at - in) && dg_edit_end(f) == dg_edit_start(f) + 1;
            at = at ? at + 1 : in + len;
        }
        tap_ok(ok && dg_result_edit_count(r) == 1 && n == LINES && good == LINES,
               "a later pass keeps the punctuation findings of unchanged lines%s (%zu of %zu)",
               blank ? ", paragraphs" : "", good, n);
        dg_result_free(r);
        dg_engine_free(e2);
    }

    /* min_confidence: DG_APPLY_ALL applies what the default only reports;
     * other negative values and NaN are refused. */
    {
        /* "perl": a finding (dictionary.case 0.85); the Nile is a name the
         * generated table knows (0.95). */
        const char *in = "They read perl , then the u. s. said\n";
        dg_options o = {.min_confidence = DG_APPLY_ALL};
        dg_engine *all = NULL, *bad = NULL;
        dg_result *a = NULL, *d = NULL;
        int ok = dg_engine_new(&o, &all, &err) == DG_OK &&
                 dg_fix(all, in, strlen(in), &a) == DG_OK &&
                 dg_fix(engine, in, strlen(in), &d) == DG_OK;
        size_t low = 0;
        for (size_t i = 0; ok && i < dg_result_edit_count(a); i++)
            if (dg_edit_confidence(dg_result_edit(a, i)) < DG_DEFAULT_MIN_CONFIDENCE)
                low++;
        tap_ok(ok && low > 0 && dg_result_edit_count(a) > dg_result_edit_count(d),
               "DG_APPLY_ALL applies edits below the default threshold (%zu of them; "
               "%zu applied against %zu)", low, ok ? dg_result_edit_count(a) : 0,
               ok ? dg_result_edit_count(d) : 0);
        dg_result_free(a);
        dg_result_free(d);
        dg_engine_free(all);
        o.min_confidence = -0.5;
        tap_ok(dg_engine_new(&o, &bad, &err) == DG_ERR_ARG && !bad,
               "min_confidence -0.5 is DG_ERR_ARG: %s", err.message);
        o.min_confidence = 0.0 / 0.0;
        tap_ok(dg_engine_new(&o, &bad, &err) == DG_ERR_ARG && !bad,
               "min_confidence NaN is DG_ERR_ARG");
    }

    /* lang: an unknown name and "" are argument errors (issue 13). */
    {
        dg_options o = {.lang = "xx_YY"};
        dg_engine *bad = NULL;
        tap_ok(dg_engine_new(&o, &bad, &err) == DG_ERR_ARG && !bad,
               "lang \"xx_YY\" is DG_ERR_ARG: %s", err.message);
        o.lang = "";
        tap_ok(dg_engine_new(&o, &bad, &err) == DG_ERR_ARG && !bad,
               "lang \"\" is DG_ERR_ARG: %s", err.message);
    }

    /* Empty input, NULL with zero length, NUL bytes and invalid UTF-8. */
    {
        dg_result *r;
        size_t len;
        tap_ok(dg_fix(engine, NULL, 0, &r) == DG_OK && dg_result_text(r, &len) && len == 0,
               "empty input gives empty output");
        dg_result_free(r);
        tap_ok(dg_fix(engine, NULL, 5, &r) == DG_ERR_ARG && r == NULL, "NULL text with length is an error");

        static const char in[] = "a\0b \xff\xfe c \xc0\xaf\n";
        tap_ok(dg_fix(engine, in, sizeof in - 1, &r) == DG_OK, "binary input is accepted");
        const char *t = dg_result_text(r, &len);
        tap_ok(len == sizeof in - 1 && memcmp(t, in, len) == 0, "binary input passes through byte for byte");
        size_t inv = 0;
        for (size_t i = 0; i < dg_result_finding_count(r); i++) {
            const dg_edit *f = dg_result_finding(r, i);
            if (strcmp(dg_edit_rule(f), "input.invalid-utf8") == 0 &&
                dg_edit_stage(f) == DG_STAGE_INPUT && !dg_edit_replacement(f, NULL))
                inv++;
        }
        tap_ok(inv == 2, "two invalid UTF-8 spans are reported as findings (%zu)", inv);
        dg_result_free(r);
    }

    /* text_only changes no applied edit, only drops findings. */
    {
        const char *in = "Subscriptions in the netherlands for smart phones , "
                         "teh recieve xyzzyq words. the U. N. said\n";
        dg_options o = {.text_only = 1};
        dg_engine *fast = NULL;
        dg_result *a = NULL, *b = NULL;
        int ok = dg_engine_new(&o, &fast, &err) == DG_OK &&
                 dg_fix(engine, in, strlen(in), &a) == DG_OK &&
                 dg_fix(fast, in, strlen(in), &b) == DG_OK;
        size_t la = 0, lb = 0;
        const char *ta = ok ? dg_result_text(a, &la) : NULL;
        const char *tb = ok ? dg_result_text(b, &lb) : NULL;
        ok = ok && la == lb && memcmp(ta, tb, la) == 0 &&
             dg_result_edit_count(a) == dg_result_edit_count(b) &&
             dg_result_edit_count(a) > 0;
        tap_ok(ok, "text_only gives the same text and edits (%zu edits, %zu vs %zu findings)",
               a ? dg_result_edit_count(a) : 0, a ? dg_result_finding_count(a) : 0,
               b ? dg_result_finding_count(b) : 0);
        tap_ok(a && b && dg_result_finding_count(b) < dg_result_finding_count(a),
               "text_only skips the dictionary's findings");
        dg_result_free(a);
        dg_result_free(b);
        dg_engine_free(fast);
    }

    /* Accessors are safe on NULL. */
    tap_ok(dg_result_edit(NULL, 0) == NULL && dg_edit_rule(NULL) == NULL &&
               dg_result_edit_count(NULL) == 0,
           "accessors accept NULL");

    /* One engine, four threads, same answers as one thread. */
    {
        job jobs[4] = {{0}};
        pthread_t th[4];
        for (int i = 0; i < 4; i++) {
            jobs[i].in = thread_inputs[i];
            pthread_create(&th[i], NULL, worker, &jobs[i]);
        }
        int ok = 1;
        for (int i = 0; i < 4; i++) {
            pthread_join(th[i], NULL);
            dg_result *r;
            dg_fix(engine, jobs[i].in, strlen(jobs[i].in), &r);
            size_t len;
            const char *t = dg_result_text(r, &len);
            ok &= jobs[i].out && jobs[i].len == len && memcmp(t, jobs[i].out, len) == 0;
            dg_result_free(r);
            free(jobs[i].out);
        }
        tap_ok(ok, "four threads sharing one engine agree with one thread");
    }
    dg_engine_free(engine);
    dg_engine_free(NULL);
    return tap_done();
}
