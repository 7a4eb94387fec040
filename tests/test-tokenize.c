/* test-tokenize.c - token kinds, offsets and flags on tricky strings, most
 * of them from the Reuters text: the table tests/data/tokenize.tsv (its
 * columns in its header, the format in tests/table.h), then invalid
 * bytes, the whole Reuters text and the empty input. */
#include "degarble.h"
#include "table.h"
#include "tap.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dg_engine *engine;

/* Finds the first token with exactly this text; returns it or NULL. */
static const dg_token *find_tok(const char *text, const dg_tokens *toks, const char *want,
                                size_t n)
{
    for (size_t i = 0; i < dg_tokens_count(toks); i++) {
        const dg_token *t = dg_tokens_get(toks, i);
        if (t->end - t->start == n && memcmp(text + t->start, want, n) == 0)
            return t;
    }
    return NULL;
}

static void show_tokens(const char *text, const dg_tokens *toks)
{
    for (size_t i = 0; i < dg_tokens_count(toks); i++) {
        const dg_token *k = dg_tokens_get(toks, i);
        tap_diag("  [%zu,%zu) %s '%.*s' flags 0x%x", (size_t)k->start, (size_t)k->end,
                 dg_token_kind_name(k->kind), (int)(k->end - k->start), text + k->start,
                 k->flags);
    }
}

static dg_tokens *tokenize(const char *text, size_t len)
{
    dg_tokens *toks = NULL;
    if (dg_tokenize(engine, text, len, &toks) != DG_OK)
        return NULL;
    return toks;
}

/* Tokens must cover the input exactly, in order, without gaps. */
static void check_cover(const char *text, size_t len, const dg_tokens *toks, const char *name)
{
    size_t pos = 0;
    int ok = 1;
    for (size_t i = 0; i < dg_tokens_count(toks); i++) {
        const dg_token *t = dg_tokens_get(toks, i);
        if (t->start != pos || t->end <= t->start || t->stem_end < t->start || t->stem_end > t->end)
            ok = 0;
        pos = t->end;
    }
    tap_ok(ok && pos == len, "tokens cover %s exactly", name);
}

static const struct {
    const char *name;
    unsigned flag;
} flags[] = {
    {"sentence-start", DG_TOKEN_SENTENCE_START},
    {"line-start", DG_TOKEN_LINE_START},
    {"hyphenated", DG_TOKEN_HYPHENATED},
    {"possessive", DG_TOKEN_POSSESSIVE},
};

/* One property column of tokenize.tsv (its header lists them). */
static int has_property(const char *text, const dg_token *t, const char *prop)
{
    if (prop[0] == '+' || prop[0] == '-') {
        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
            if (strcmp(prop + 1, flags[i].name) == 0) {
                return t && !!(t->flags & flags[i].flag) == (prop[0] == '+');
            }
    } else if (strncmp(prop, "stem=", 5) == 0) {
        size_t n = strlen(prop + 5);
        return t && (t->flags & DG_TOKEN_POSSESSIVE) && t->stem_end - t->start == n &&
               memcmp(text + t->start, prop + 5, n) == 0;
    } else {
        for (int k = DG_TOKEN_WORD; k <= DG_TOKEN_INVALID; k++)
            if (strcmp(prop, dg_token_kind_name((dg_token_kind)k)) == 0) {
                return t && t->kind == (dg_token_kind)k;
            }
    }
    tap_diag("  unknown property \"%s\"", prop);
    return 0;
}

static void tokenize_row(const table_row *row, void *ctx)
{
    (void)ctx;
    const char *text = row->col[0], *want = row->col[1];
    size_t len = row->len[0];
    const char *where = table_where(row);
    dg_tokens *toks = tokenize(text, len);
    if (!toks) {
        tap_ok(0, "%s tokenizes", where);
        return;
    }
    const dg_token *t = find_tok(text, toks, want, row->len[1]);
    if (row->ncol < 3)
        tap_ok(0, "%s names no property of \"%s\"", where, want);
    for (size_t c = 2; c < row->ncol; c++) {
        if (!tap_ok(has_property(text, t, row->col[c]), "%s token \"%s\" %s", where,
                    want, row->col[c]))
            show_tokens(text, toks);
    }
    check_cover(text, len, toks, where);
    dg_tokens_free(toks);
}

/* dg_token_first_from() against a linear scan, from every lo to every
 * byte, over starts with gaps and repeats (zero-width tokens share one). */
static void test_first_from(void)
{
    static const size_t starts[] = {0, 1, 1, 4, 9, 9, 9, 10, 20, 21, 33, 40, 41, 42, 60, 61, 90};
    enum { N = sizeof starts / sizeof starts[0] };
    dg_token v[N];
    memset(v, 0, sizeof v);
    for (size_t i = 0; i < N; i++)
        v[i].start = (uint32_t)starts[i];
    size_t bad = 0;
    for (size_t hi = 0; hi <= N; hi++)
        for (size_t lo = 0; lo <= hi; lo++)
            for (size_t pos = 0; pos <= 92; pos++) {
                size_t want = lo;
                while (want < hi && v[want].start < pos)
                    want++;
                bad += dg_token_first_from(v, lo, hi, pos) != want;
            }
    tap_ok(bad == 0, "dg_token_first_from: as a linear scan everywhere (%zu differ)", bad);
}

int main(void)
{
    test_first_from();
    dg_options o = {0};
    dg_error err;
    if (dg_engine_new(&o, &engine, &err) != DG_OK) {
        printf("Bail out! engine: %s\n", err.message);
        return 1;
    }

    table_run("tokenize.tsv", tokenize_row, NULL);

    /* Invalid UTF-8 and NUL bytes become INVALID tokens, covered exactly. */
    {
        static const char bad[] = "ab \xff\xfe cd \xc0\xaf e\0f \xed\xa0\x80 g\xe2\x82";
        size_t len = sizeof bad - 1;
        dg_tokens *toks = tokenize(bad, len);
        size_t ninv = 0;
        for (size_t i = 0; toks && i < dg_tokens_count(toks); i++)
            ninv += dg_tokens_get(toks, i)->kind == DG_TOKEN_INVALID;
        tap_ok(toks && ninv == 5, "invalid UTF-8, overlongs, surrogates, NUL, truncation: %zu invalid tokens", ninv);
        if (toks)
            check_cover(bad, len, toks, "invalid input");
        dg_tokens_free(toks);
    }
    /* The Reuters text as a whole is covered exactly. */
    {
        char path[4096];
        snprintf(path, sizeof path, "%s/../shared/reuters/garbled.txt", tap_source_root());
        FILE *f = fopen(path, "rb");
        if (f) {
            static char buf[1 << 16];
            size_t len = fread(buf, 1, sizeof buf, f);
            fclose(f);
            dg_tokens *toks = tokenize(buf, len);
            tap_ok(toks != NULL, "garbled.txt tokenizes (%zu tokens)", toks ? dg_tokens_count(toks) : 0);
            if (toks)
                check_cover(buf, len, toks, "garbled.txt");
            dg_tokens_free(toks);
        }
    }
    {
        dg_tokens *toks = tokenize("", 0);
        tap_ok(toks && dg_tokens_count(toks) == 0, "empty input gives no tokens");
        dg_tokens_free(toks);
    }
    dg_engine_free(engine);
    return tap_done();
}
