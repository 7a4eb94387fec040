/* test-text.c - the text basics of lib/text.h: the one apostrophe set (and
 * that dicts/phrases.txt documents the same set), the one case fold, the
 * letter classes, the hunspell finder, the array doubling of lib/grow.h. */
#include "grow.h"
#include "tap.h"
#include "text.h"
#include "tokenize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The set, spelled out once more: a change to text.h must change this. */
static const uint32_t apostrophes[] = {0x27, 0x2019, 0x2018, 0x02BC};
static const char *const apostrophe_utf8[] = {"'", "\xe2\x80\x99", "\xe2\x80\x98", "\xca\xbc"};
/* Look-alikes that are not apostrophes. */
static const uint32_t not_apostrophes[] = {'`', 0x2032, 0x00B4, 0x201B, '"', 0x201C};

static void fold_is(const char *in, const char *want, const char *what)
{
    char out[64];
    size_t n = dg_fold(in, strlen(in), out, sizeof out);
    tap_str(out, n, want, "fold %s", what);
}

static void test_apostrophes(void)
{
    for (size_t i = 0; i < sizeof apostrophes / sizeof *apostrophes; i++) {
        const char *s = apostrophe_utf8[i];
        tap_ok(dg_is_apostrophe(apostrophes[i]), "U+%04X is an apostrophe",
               (unsigned)apostrophes[i]);
        tap_ok(dg_apostrophe_len(s, strlen(s)) == strlen(s), "U+%04X: %zu bytes",
               (unsigned)apostrophes[i], strlen(s));
        tap_ok(dg_apostrophe_len(s, strlen(s) - 1) == 0 || strlen(s) == 1,
               "U+%04X cut short is none", (unsigned)apostrophes[i]);
        char word[32];
        snprintf(word, sizeof word, "Workers%s", s);
        fold_is(word, "workers'", "folds the apostrophe to '");
    }
    for (size_t i = 0; i < sizeof not_apostrophes / sizeof *not_apostrophes; i++)
        tap_ok(!dg_is_apostrophe(not_apostrophes[i]), "U+%04X is not an apostrophe",
               (unsigned)not_apostrophes[i]);
    fold_is("5\xe2\x80\xb2", "5\xe2\x80\xb2", "keeps the prime");
    fold_is("`ls`", "`ls`", "keeps the grave accent");
}

/* dicts/phrases.txt says which characters the rule language treats as one
 * apostrophe: exactly the set. */
static void test_documented_set(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/dicts/phrases.txt", tap_source_root());
    size_t len;
    char *text = tap_read_file(path, &len);
    const char *line = text ? strstr(text, "are one character (lib/text.h's set)") : NULL;
    if (!tap_ok(line != NULL, "dicts/phrases.txt documents the apostrophe set")) {
        free(text);
        return;
    }
    const char *start = line;
    while (start > text && start[-1] != '\n')
        start--;
    size_t found = 0, others = 0;
    for (const char *p = start + 1; p < line;) {
        uint32_t cp;
        size_t k = dg_utf8_decode((const unsigned char *)p, (size_t)(line - p), &cp);
        if (!k)
            break;
        if (cp != ' ')
            dg_is_apostrophe(cp) ? found++ : others++;
        p += k;
    }
    tap_ok(found == sizeof apostrophes / sizeof *apostrophes && others == 0,
           "the documented set is text.h's (%zu of %zu, %zu others)", found,
           sizeof apostrophes / sizeof *apostrophes, others);
    free(text);
}

static void test_fold(void)
{
    fold_is("United NATIONS", "united nations", "ASCII");
    fold_is("\xce\xa3\xce\x91\xce\xa3", "\xcf\x83\xce\xb1\xcf\x83", "Greek capitals");
    fold_is("\xcf\x82", "\xcf\x83", "final sigma (case folding, not lower-casing)");
    fold_is("\xc3\x89lys\xc3\xa9" "e", "\xc3\xa9lys\xc3\xa9" "e", "accented capital");
    char out[8];
    tap_ok(dg_fold("abc\xff", 4, out, sizeof out) == 0, "invalid UTF-8 has no key");
    tap_ok(dg_fold("abcd", 4, out, 4) == 4, "a key that just fits");
    tap_ok(dg_fold("abcde", 5, out, 4) == 0, "a key one byte too long");
    tap_ok(dg_fold_char('Q') == 'q' && dg_fold_char(0x2018) == '\'' &&
           dg_fold_char(0x0130) == 0x0130,
           "dg_fold_char agrees (I-dot has no simple fold)");
}

static void test_letters(void)
{
    int ok = 1;
    for (int c = 0; c < 256; c++) {
        int up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', di = c >= '0' && c <= '9';
        ok &= dg_ascii_upper((unsigned char)c) == up && dg_ascii_lower((unsigned char)c) == lo &&
              dg_ascii_digit((unsigned char)c) == di &&
              dg_ascii_alpha((unsigned char)c) == (up || lo) &&
              dg_ascii_alnum((unsigned char)c) == (up || lo || di);
    }
    tap_ok(ok, "ASCII letter classes over all bytes");
}

static void test_hunspell_find(void)
{
    char dic[256], aff[256], label[64];
    dg_error err;
    tap_ok(dg_hunspell_find("en_GB", dic, aff, sizeof dic, label, sizeof label, &err) == DG_OK &&
           strstr(dic, "/en_GB.dic") && strstr(aff, "/en_GB.aff") && strcmp(label, "en_GB") == 0,
           "a language code: %s", dic);
    tap_ok(dg_hunspell_find("dir/my.dic", dic, aff, sizeof dic, label, sizeof label, &err) == DG_OK &&
           strcmp(dic, "dir/my.dic") == 0 && strcmp(aff, "dir/my.aff") == 0 &&
           strcmp(label, "my") == 0, "a path: %s + %s", dic, aff);
    tap_ok(dg_hunspell_find("en US", dic, aff, sizeof dic, label, sizeof label, &err) == DG_ERR_ARG,
           "neither is DG_ERR_ARG");
}

/* The tokenizer takes every apostrophe of the set for a possessive. */
static void test_possessive(void)
{
    void *wbi = NULL, *sbi = NULL;
    if (!tap_ok(dg_tokenizer_templates_new(&wbi, &sbi) == 0, "break iterators"))
        return;
    dg_tokenizer *tz = dg_tokenizer_new(wbi, sbi, NULL);
    for (size_t i = 0; tz && i < sizeof apostrophes / sizeof *apostrophes; i++) {
        char text[32];
        snprintf(text, sizeof text, "Korea%ss army", apostrophe_utf8[i]);
        dg_token_list tl;
        dg_token_list_init(&tl);
        int ok = dg_tokenizer_run(tz, text, strlen(text), &tl) == DG_OK && tl.n > 0 &&
                 (tl.v[0].flags & DG_TOKEN_POSSESSIVE) && tl.v[0].stem_end == 5;
        tap_ok(ok, "possessive with U+%04X", (unsigned)apostrophes[i]);
        dg_token_list_free(&tl);
    }
    dg_tokenizer_free(tz);
    dg_tokenizer_templates_free(wbi, sbi);
}

/* dg_grow(): first, then doubling past need, contents kept; a size that
 * would not fit a size_t is refused with the array and capacity as they
 * were. */
static void test_grow(void)
{
    size_t cap = 0;
    int *v = dg_grow(NULL, &cap, 1, sizeof *v, 8);
    if (!tap_ok(v && cap == 8, "first growth gives first (cap %zu)", cap))
        return;
    for (int i = 0; i < 8; i++)
        v[i] = i;
    int *w = dg_grow(v, &cap, 9, sizeof *w, 8);
    int kept = w != NULL;
    for (int i = 0; kept && i < 8; i++)
        kept = w[i] == i;
    tap_ok(w && cap == 16 && kept, "doubles and keeps the elements (cap %zu)", cap);
    if (w)
        v = w;
    w = dg_grow(v, &cap, 100, sizeof *w, 8);
    tap_ok(w && cap == 128, "doubles until need fits (cap %zu)", cap);
    if (w)
        v = w;

    size_t big = SIZE_MAX / 2 + 1;
    tap_ok(dg_grow(v, &big, big + 1, 1, 8) == NULL && big == SIZE_MAX / 2 + 1,
           "a capacity that cannot double is refused, cap untouched");
    big = SIZE_MAX / 16;
    tap_ok(dg_grow(v, &big, big + 1, 16, 8) == NULL && big == SIZE_MAX / 16,
           "cap * elem past SIZE_MAX is refused, cap untouched");
    size_t c = cap;
    tap_ok(dg_grow(v, &c, SIZE_MAX, 1, 8) == NULL && c == cap,
           "a need no doubling reaches is refused");
    int usable = cap >= 128;
    if (usable)
        v[127] = 7;
    tap_ok(usable && v[0] == 0 && v[7] == 7 && v[127] == 7,
           "the array is still the caller's after a refusal");
    free(v);
}

int main(void)
{
    test_apostrophes();
    test_documented_set();
    test_fold();
    test_letters();
    test_hunspell_find();
    test_possessive();
    test_grow();
    return tap_done();
}
