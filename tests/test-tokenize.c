/* test-tokenize.c - token kinds, offsets and flags on tricky strings, most
 * of them from the Reuters text.  Each case lists the tokens that must
 * appear (text and kind); spaces are not listed. */
#include "degarble.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dg_engine *engine;

/* Finds a token with exactly this text; returns it or NULL. */
static const dg_token *find_tok(const char *text, const dg_tokens *toks, const char *want)
{
    for (size_t i = 0; i < dg_tokens_count(toks); i++) {
        const dg_token *t = dg_tokens_get(toks, i);
        if (t->end - t->start == strlen(want) && memcmp(text + t->start, want, strlen(want)) == 0)
            return t;
    }
    return NULL;
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

static void expect_kind(const char *text, const char *tok, dg_token_kind kind)
{
    dg_tokens *toks = tokenize(text, strlen(text));
    const dg_token *t = toks ? find_tok(text, toks, tok) : NULL;
    if (!tap_ok(t && t->kind == kind, "'%s' in \"%s\" is one %s token", tok, text,
                dg_token_kind_name(kind))) {
        for (size_t i = 0; toks && i < dg_tokens_count(toks); i++) {
            const dg_token *k = dg_tokens_get(toks, i);
            tap_diag("  [%zu,%zu) %s '%.*s'", k->start, k->end, dg_token_kind_name(k->kind),
                     (int)(k->end - k->start), text + k->start);
        }
    }
    if (toks)
        check_cover(text, strlen(text), toks, text);
    dg_tokens_free(toks);
}

static void expect_flag(const char *text, const char *tok, unsigned flag, int want,
                        const char *what)
{
    dg_tokens *toks = tokenize(text, strlen(text));
    const dg_token *t = toks ? find_tok(text, toks, tok) : NULL;
    tap_ok(t && !!(t->flags & flag) == want, "'%s' in \"%s\" %s %s", tok, text,
           want ? "is" : "is not", what);
    dg_tokens_free(toks);
}

static void expect_stem(const char *text, const char *tok, const char *stem)
{
    dg_tokens *toks = tokenize(text, strlen(text));
    const dg_token *t = toks ? find_tok(text, toks, tok) : NULL;
    tap_ok(t && (t->flags & DG_TOKEN_POSSESSIVE) && t->stem_end - t->start == strlen(stem) &&
               memcmp(text + t->start, stem, strlen(stem)) == 0,
           "'%s' is possessive with stem '%s'", tok, stem);
    dg_tokens_free(toks);
}

int main(void)
{
    dg_options o = {0};
    dg_error err;
    if (dg_engine_new(&o, &engine, &err) != DG_OK) {
        printf("Bail out! engine: %s\n", err.message);
        return 1;
    }

    /* Abbreviations keep their dots. */
    expect_kind("the U.S. Commerce Department", "U.S.", DG_TOKEN_ABBREV);
    expect_kind("The U.s. Commerce Department", "U.s.", DG_TOKEN_ABBREV);
    expect_kind("ZTE Corp. (000063.SZ) last year", "Corp.", DG_TOKEN_ABBREV);
    expect_kind("fruit, e.g. apples", "e.g.", DG_TOKEN_ABBREV);
    expect_kind("the U. N. sanctions", "U.", DG_TOKEN_ABBREV);
    /* Codes stay whole. */
    expect_kind("Apple’s (AAPL.O) the iPhone", "AAPL.O", DG_TOKEN_CODE);
    expect_kind("Taiwan’s MediaTek (2454.TW), and", "2454.TW", DG_TOKEN_CODE);
    expect_kind("ZTE Corp. (000063.SZ) last year", "000063.SZ", DG_TOKEN_CODE);
    expect_kind("featured Mediatek’s MT6737 chipset", "MT6737", DG_TOKEN_CODE);
    expect_kind("the monitoring group 38North.", "38North", DG_TOKEN_CODE);
    expect_kind("provided 3G network equipments", "3G", DG_TOKEN_CODE);
    /* Numbers. */
    expect_kind("around 1,300 yuan ($183)", "1,300", DG_TOKEN_NUMBER);
    expect_kind("at 10:30 a.m.", "10:30", DG_TOKEN_NUMBER);
    expect_kind("rose 4.5 percent", "4.5", DG_TOKEN_NUMBER);
    expect_kind("between $100 and $400", "$", DG_TOKEN_PUNCT);
    expect_kind("between $100 and $400", "100", DG_TOKEN_NUMBER);
    /* Hyphenated names are one word. */
    expect_kind("Reporting by Ju-min Park;", "Ju-min", DG_TOKEN_WORD);
    expect_kind("leader, Kim Jong-Un has", "Jong-Un", DG_TOKEN_WORD);
    expect_kind("said Shin Mi-nyeo, the", "Mi-nyeo", DG_TOKEN_WORD);
    expect_kind("the illegal or non-state-approved media", "non-state-approved", DG_TOKEN_WORD);
    expect_kind("the China-North Korea border", "China-North", DG_TOKEN_WORD);
    expect_flag("“The north Korea-set algorithms", "Korea-set", DG_TOKEN_HYPHENATED, 1, "hyphenated");
    expect_kind("in 2015-2016 the", "2015", DG_TOKEN_NUMBER);
    /* Possessives. */
    expect_stem("North Korea’s evasion", "Korea’s", "Korea");
    expect_stem("North Korea's evasion", "Korea's", "Korea");
    expect_stem("did not respond to Reuters’ requests", "Reuters’", "Reuters");
    expect_stem("Kim Jong-Il’s father", "Jong-Il’s", "Jong-Il");
    /* Links. */
    expect_kind("see https://example.com/a_b?x=1, then", "https://example.com/a_b?x=1", DG_TOKEN_URL);
    expect_kind("(www.reuters.com)", "www.reuters.com", DG_TOKEN_URL);
    expect_kind("mail jane.doe@example.org.", "jane.doe@example.org", DG_TOKEN_EMAIL);
    /* Ellipsis. */
    expect_kind("wait ... what", "...", DG_TOKEN_PUNCT);
    /* Sentence starts: after a full stop, not after a known abbreviation. */
    expect_flag("It rained. the end", "the", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag("The U.S. Commerce Department", "Commerce", DG_TOKEN_SENTENCE_START, 0,
                "a sentence start");
    expect_flag("ZTE Corp. agreed to pay", "agreed", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    expect_flag("Mr. Smith arrived", "Smith", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    /* Lines without . ! ? skip ICU's sentence iterator; starts must be what
     * the iterator gives over the whole text, on either kind of line. */
    const char *mixed[] = {"plain line\nU.S. officials said so. the rest\nafter",
                           "gloss one; gloss two\nMr. Smith came\nend of it",
                           "first line\n\"Quoted.\" and then\nnext",
                           "one\r\ntwo. three\r\nfour"};
    expect_flag("a list line\nthe next line", "the", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[0], "U.S.", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[0], "officials", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    expect_flag(mixed[0], "after", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[1], "Mr.", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[1], "Smith", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    expect_flag(mixed[1], "end", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[2], "line", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    expect_flag(mixed[2], "and", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[2], "then", DG_TOKEN_SENTENCE_START, 0, "a sentence start");
    expect_flag(mixed[3], "three", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag(mixed[3], "four", DG_TOKEN_SENTENCE_START, 1, "a sentence start");
    expect_flag("first line\nsecond line", "second", DG_TOKEN_LINE_START, 1, "a line start");

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
