/* test-casing.c - the casing stage over tests/data/casing.tsv (the format
 * and the checks every row gets: tests/table.h), plus what is particular
 * to casing: an edit or a proposal changes letter case only.  Also reports
 * the gazetteer's sources and build time, and checks that a bad names file
 * is reported with its file and line. */
#include "abbrev.h"
#include "builtin-data.h"
#include "casing.h"
#include "degarble.h"
#include "gazetteer.h"
#include "names-table.h"
#include "table.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}


/* True when a and b differ in letter case only (code point by code point). */
static int case_only(const char *a, size_t alen, const char *b, size_t blen)
{
    int32_t i = 0, j = 0;
    while (i < (int32_t)alen && j < (int32_t)blen) {
        UChar32 x, y;
        U8_NEXT(a, i, (int32_t)alen, x);
        U8_NEXT(b, j, (int32_t)blen, y);
        if (x < 0 || y < 0 || u_tolower(x) != u_tolower(y))
            return 0;
    }
    return i == (int32_t)alen && j == (int32_t)blen;
}

/* Casing changes letter case and nothing else, in its edits and in what
 * its findings propose. */
static void casing_row(const table_row *row, void *ctx)
{
    dg_result *r = table_fix(ctx, row);
    const char *in = row->col[0];
    int ok = r != NULL;
    size_t n = r ? dg_result_edit_count(r) : 0, nf = r ? dg_result_finding_count(r) : 0;
    for (size_t k = 0; k < n + nf; k++) {
        const dg_edit *e = k < n ? dg_result_edit(r, k) : dg_result_finding(r, k - n);
        if (dg_edit_stage(e) != DG_STAGE_CASING)
            continue;
        size_t rl;
        const char *rep = dg_edit_replacement(e, &rl);
        size_t s = dg_edit_start(e), t = dg_edit_end(e);
        if (!rep || rl == 0 || !case_only(in + s, t - s, rep, rl)) {
            tap_diag("  %s [%zu,%zu) changes more than letter case", dg_edit_rule(e), s, t);
            ok = 0;
        }
    }
    tap_ok(ok, "%s changes letter case only", table_where(row));
    dg_result_free(r);
}

static void check_bad_names_file(void)
{
    char path[] = "/tmp/dg-test-casing-XXXXXX";
    int fd = mkstemp(path);
    if (!tap_ok(fd >= 0, "temporary names file"))
        return;
    const char text[] = "# a comment\nGood Name\nNot a name 2019\n";
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    const char *files[] = {path, NULL};
    dg_options o = {.names_files = files};
    dg_engine *e = NULL;
    dg_error err;
    dg_status st = dg_engine_new(&o, &e, &err);
    tap_ok(st == DG_ERR_DATA && err.line == 3 && strcmp(err.file, path) == 0,
           "bad names file line reported as file:line (%s:%u: %s)", err.file,
           err.line, err.message);
    dg_engine_free(e);

    /* An unknown flag too. */
    f = fopen(path, "w");
    fputs("Hacker House\tsometimes\n", f);
    fclose(f);
    st = dg_engine_new(&o, &e, &err);
    tap_ok(st == DG_ERR_DATA && err.line == 1, "unknown flag reported (%s:%u: %s)",
           err.file, err.line, err.message);
    dg_engine_free(e);

    /* And a good extra file adds a name. */
    f = fopen(path, "w");
    fputs("Zorblax Industries\n", f);
    fclose(f);
    st = dg_engine_new(&o, &e, &err);
    if (tap_ok(st == DG_OK, "extra names file loads")) {
        const char in[] = "He works at zorblax industries now.";
        dg_result *r = NULL;
        size_t olen = 0;
        const char *out = dg_fix(e, in, strlen(in), &r) == DG_OK ? dg_result_text(r, &olen) : NULL;
        tap_str(out, olen, "He works at Zorblax Industries now.", "extra names file is used");
        dg_result_free(r);
    }
    dg_engine_free(e);
    remove(path);
}

/* The stage's own table (lib/stage.h: a stage never sees the engine),
 * built from the same sources as the default engine's: every source
 * contributes names. */
static void casing_table_alone(void)
{
    dg_error err;
    dg_abbrevs *ab = dg_abbrevs_new();
    dg_status st = ab ? dg_abbrevs_add(ab, "abbreviations.txt", dg_builtin_abbreviations,
                                       dg_builtin_abbreviations_len, &err)
                      : DG_ERR_NOMEM;
    if (!tap_ok(st == DG_OK, "abbreviation table")) {
        dg_abbrevs_free(ab);
        return;
    }
    dg_casing_sources src = {.builtin_names = dg_builtin_names,
                             .builtin_names_len = dg_builtin_names_len,
                             .abbrevs = ab};
    dg_casing *ca = NULL;
    char *warning = NULL;
    st = dg_casing_new(&src, &ca, &warning, &err);
    if (warning)
        tap_diag("warning: %s", warning);
    free(warning);
    if (tap_ok(st == DG_OK, "casing table alone (%s)", st == DG_OK ? "ok" : err.message)) {
        const dg_gaz_stats *s = dg_casing_stats(ca);
        tap_diag("gazetteer: %zu names; added from icu-region %zu, icu-language %zu, "
                 "icu-currency %zu, hunspell %zu, demonyms %zu, names files %zu; "
                 "generated table %zu",
                 s->total, s->icu_region, s->icu_language, s->icu_currency, s->hunspell,
                 s->demonym, s->names_files, s->generated);
        /* hunspell's case data comes through the generated table unless a
         * dictionary is named at run time. */
        tap_ok(s->icu_region > 250 && s->icu_language > 300 &&
                   (s->hunspell > 10000 || s->generated > 50000) && s->demonym > 10 &&
                   s->names_files > 20,
               "every source contributes names");
        /* A figure, not a check: timing belongs in the benchmark. */
        tap_diag("gazetteer built in %.1f ms", s->build_ms);
    }
    dg_casing_free(ca);
    dg_abbrevs_free(ab);
}

int main(void)
{
    casing_table_alone();

    /* casing.tsv through the public API, the casing stage alone on (as
     * tests/table.h runs every stage's table: fixed point, idempotence). */
    dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_CASING};
    dg_engine *e = NULL;
    dg_error err;
    double t0 = now_ms();
    dg_status st = dg_engine_new(&o, &e, &err);
    double t1 = now_ms();
    if (!tap_ok(st == DG_OK, "engine with the casing stage only (%s)", err.message))
        return tap_done();
    if (dg_engine_warning(e))
        tap_diag("warning: %s", dg_engine_warning(e));
    tap_diag("engine with the casing stage built in %.1f ms", t1 - t0);

    table_stage stage = {e, DG_STAGE_CASING, "casing."};
    table_run("casing.tsv", casing_row, &stage);
    /* Its census rows hold only when the build had the census lists. */
    if (dg_nt_ncensus > 0)
        table_run("casing-census.tsv", casing_row, &stage);
    else
        tap_ok(1, "casing-census.tsv # SKIP no census table: meson option census_names "
                  "names no file (Debian libtext-names-perl missing at build time)");
    dg_engine_free(e);

    /* The same table must hold with every stage on for the must-not-change
     * lines; covered by noharm.  Here: the full engine builds too. */
    st = dg_engine_new(NULL, &e, &err);
    tap_ok(st == DG_OK, "engine with all stages");
    dg_engine_free(e);

    check_bad_names_file();
    return tap_done();
}
