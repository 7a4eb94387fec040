/* text.c - the text basics every stage and loader shares: strict UTF-8
 * decoding (RFC 3629, Unicode table 3-7), case folding, letter classes. */
#include "text.h"

#include "datafile.h"

#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

size_t dg_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;      /* overlong */
        else if (c == 0xED)
            hi = 0x9F;      /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;      /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;      /* above U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    v = (v << 6) | (s[1] & 0x3F);
    for (size_t i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

int dg_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = dg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* ---- folding ---------------------------------------------------------- */

size_t dg_apostrophe_len(const char *s, size_t avail)
{
    const unsigned char *u = (const unsigned char *)s;
    if (avail >= 1 && u[0] == '\'')
        return 1;
    if (avail >= 2 && u[0] == 0xCA && u[1] == 0xBC)                 /* U+02BC */
        return 2;
    if (avail >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99))
        return 3;                                                    /* U+2018, U+2019 */
    return 0;
}

uint32_t dg_fold_char(uint32_t c)
{
    if (c < 0x80)
        return dg_ascii_upper((unsigned char)c) ? c + 32 : c;
    return dg_is_apostrophe(c) ? '\'' : (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
}

size_t dg_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        /* Most text is ASCII: skip decoding and re-encoding it. */
        if (b < 0x80) {
            if (o >= cap)
                return 0;
            out[o++] = (char)(dg_ascii_upper(b) ? b + 32 : b);
            i++;
            continue;
        }
        uint32_t c;
        size_t k = dg_utf8_decode((const unsigned char *)s + i, len - i, &c);
        if (!k)
            return 0;
        i += k;
        /* Garbling swaps apostrophes and single quotes freely; a key
         * written with one must match all of them. */
        UChar32 f = (UChar32)dg_fold_char(c);
        if (o + U8_LENGTH(f) > cap)
            return 0;
        U8_APPEND_UNSAFE(out, o, f);
    }
    return o;
}

int dg_starts_upper(const char *s, size_t len)
{
    uint32_t c;
    if (len && (unsigned char)s[0] < 0x80)
        return s[0] >= 'A' && s[0] <= 'Z';   /* no ASCII letter is title case */
    if (!len || !dg_utf8_decode((const unsigned char *)s, len, &c))
        return 0;
    return u_isupper((UChar32)c) || u_istitle((UChar32)c);
}

/* ---- distance ---------------------------------------------------------- */

/* Optimal string alignment distance (adjacent swaps count once), capped:
 * anything above cap comes back as cap + 1. */
int dg_osa_distance(const char *a, size_t na, const char *b, size_t nb, int cap)
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

/* ---- file names --------------------------------------------------------- */

const char *dg_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- hunspell dictionaries ----------------------------------------------- */

#ifndef DG_HUNSPELL_DIR
#define DG_HUNSPELL_DIR "/usr/share/hunspell"
#endif

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

dg_status dg_hunspell_find(const char *lang, char *dic, char *aff, size_t cap,
                           char *label, size_t label_cap, dg_error *err)
{
    if (strchr(lang, '/') || ends_with(lang, ".dic")) {
        size_t n = strlen(lang);
        if (ends_with(lang, ".dic"))
            n -= 4;
        if (n + 5 > cap)
            return dg_datafile_error(err, DG_ERR_ARG, lang, 0,
                                     "dictionary path too long");
        snprintf(dic, cap, "%.*s.dic", (int)n, lang);
        snprintf(aff, cap, "%.*s.aff", (int)n, lang);
        const char *base = strrchr(dic, '/');
        base = base ? base + 1 : dic;
        snprintf(label, label_cap, "%.*s", (int)(strlen(base) - 4), base);
        return DG_OK;
    }
    size_t n = strlen(lang);
    if (n == 0 || n > 32)
        return dg_datafile_error(err, DG_ERR_ARG, NULL, 0,
                                 "lang \"%s\": expected a language code such "
                                 "as en_US or a path to a .dic file", lang);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)lang[i];
        if (!dg_ascii_alnum(c) && c != '_' && c != '-')
            return dg_datafile_error(err, DG_ERR_ARG, NULL, 0,
                                     "lang \"%s\": expected a language code "
                                     "such as en_US or a path to a .dic file",
                                     lang);
    }
    snprintf(dic, cap, "%s/%s.dic", DG_HUNSPELL_DIR, lang);
    snprintf(aff, cap, "%s/%s.aff", DG_HUNSPELL_DIR, lang);
    snprintf(label, label_cap, "%s", lang);
    return DG_OK;
}
