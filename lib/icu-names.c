/* icu-names.c - harvesting names from ICU's English display names:
 * regions, languages and currency adjectives, and the adjectives of
 * multiword regions (North Korea + hunspell's Korean = North Korean). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memrchr */
#endif
#include "icu-names.h"

#include "gazetteer-table.h"
#include "grow.h"
#include "hunspell-words.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

/* ---- ICU display names ----------------------------------------------- */

/* Codes that ISO and CLDR reserve for "unknown", "multiple", "none". */
static int is_placeholder_code(const char *code)
{
    static const char *const codes[] = {"ZZ", "und", "mul", "zxx", "mis",
                                        "XXX", NULL};
    for (int i = 0; codes[i]; i++)
        if (strcmp(code, codes[i]) == 0)
            return 1;
    return 0;
}

/* ICU writes some names as "Myanmar (Burma)", "Cocos (Keeling) Islands",
 * "Congo - Kinshasa" or "Bosnia & Herzegovina".  The name without its
 * bracketed part ("Cocos Islands"), the bracketed part ("Burma") and each
 * side of " - " or "&" are usable names by themselves. */
static int add_plain_parts(dg_gazetteer *g, const char *name, size_t len,
                           unsigned flags, const char *src, size_t *counter,
                           dg_name **first)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        int sep = i == len || name[i] == ',' || name[i] == '&' ||
                  (name[i] == '-' && i > 0 && name[i - 1] == ' ');
        if (!sep)
            continue;
        size_t s = start, e = i;
        while (s < e && name[s] == ' ')
            s++;
        while (e > s && (name[e - 1] == ' ' || name[e - 1] == '-'))
            e--;
        start = i + 1;
        /* Skip lower-case names ("world") and empty parts. */
        if (e == s || (name[s] >= 'a' && name[s] <= 'z'))
            continue;
        int rc = dg_gaz_add_name(g, name + s, e - s, flags, DG_GAZ_PRIO_ICU, src);
        if (dg_gaz_count_added(rc, counter) < 0)
            return -1;
        if (rc > 0 && first && !*first) {
            char key[DG_GAZ_MAX_KEY], form[DG_GAZ_MAX_KEY];
            size_t flen, klen;
            if (dg_gaz_normalize_name(name + s, e - s, form, sizeof form, &flen) &&
                (klen = dg_fold(form, flen, key, sizeof key)) != 0)
                *first = dg_strmap_get(g->names, key, klen);
        }
    }
    return 0;
}

static int add_display_parts(dg_gazetteer *g, const char *name, size_t len,
                             unsigned flags, const char *src, size_t *counter,
                             dg_name **first)
{
    char outer[512];
    size_t olen = 0;
    int depth = 0;
    size_t inner_start = 0;
    for (size_t i = 0; i < len && olen < sizeof outer; i++) {
        if (name[i] == '(') {
            if (depth++ == 0)
                inner_start = i + 1;
            continue;
        }
        if (name[i] == ')' && depth > 0) {
            if (--depth == 0 &&
                add_plain_parts(g, name + inner_start, i - inner_start, flags,
                                src, counter, NULL) < 0)
                return -1;
            continue;
        }
        if (depth)
            continue;
        /* "Cocos (Keeling) Islands": one space where the bracket was. */
        if (name[i] == ' ' && olen > 0 && outer[olen - 1] == ' ')
            continue;
        outer[olen++] = name[i];
    }
    return add_plain_parts(g, outer, olen, flags, src, counter, first);
}

typedef enum { ICU_REGION, ICU_LANGUAGE, ICU_CURRENCY } icu_kind;

static int add_icu_table(dg_gazetteer *g, const dg_hunspell_words *h,
                         const char *tree, const char *table,
                         icu_kind kind, dg_name ***regions, size_t *nregions,
                         size_t *capregions)
{
    char pkg[64];
    snprintf(pkg, sizeof pkg, "%s-%s", U_ICUDATA_NAME, tree);
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *rb = ures_openDirect(pkg, "en", &st);
    UResourceBundle *tb = ures_getByKey(rb, table, NULL, &st);
    if (U_FAILURE(st)) {
        ures_close(tb);
        ures_close(rb);
        /* Variant tables are optional; a missing main table is not fatal
         * either: the other sources still work. */
        return 0;
    }
    int rc = 0;
    UResourceBundle *it = NULL;
    while (rc == 0 && ures_hasNext(tb)) {
        UErrorCode s2 = U_ZERO_ERROR;
        it = ures_getNextResource(tb, it, &s2);
        if (U_FAILURE(s2))
            break;
        const char *code = ures_getKey(it);
        const UChar *v = NULL;
        int32_t ulen = 0;
        if (ures_getType(it) == URES_STRING)
            v = ures_getString(it, &ulen, &s2);
        else if (ures_getType(it) == URES_ARRAY && kind == ICU_CURRENCY)
            v = ures_getStringByIndex(it, 1, &ulen, &s2); /* [symbol, name] */
        if (!v || U_FAILURE(s2) || !code || is_placeholder_code(code))
            continue;
        char name[512];
        int32_t nlen = 0;
        u_strToUTF8(name, sizeof name, &nlen, v, ulen, &s2);
        if (U_FAILURE(s2) || nlen <= 0 || (size_t)nlen >= sizeof name)
            continue;
        char src[96];
        const char *suffix = strchr(table, '%');
        switch (kind) {
        case ICU_REGION: {
            snprintf(src, sizeof src, "icu-region %s%s%s", code,
                     suffix ? " " : "", suffix ? suffix + 1 : "");
            /* UN M.49 macro-regions (numeric codes) are often written in
             * lower case in good English: western Europe, southern Africa. */
            int macro = code[0] >= '0' && code[0] <= '9';
            /* A region code that English writes as a word (EU, UN, UK) is
             * one hunspell lists in capitals. */
            const char *cw;
            size_t cwl;
            int cpl;
            char capsrc[96];
            if (!macro && !suffix && strlen(code) == 2) {
                char key[3] = {(char)(code[0] | 0x20), (char)(code[1] | 0x20), 0};
                if (dg_hunspell_find_caps(h, key, 2, &cw, &cwl, capsrc, sizeof capsrc, &cpl) &&
                    cwl == 2 && memcmp(cw, code, 2) == 0) {
                    char csrc[160];
                    snprintf(csrc, sizeof csrc, "icu-region code %s + %s", code, capsrc);
                    if (dg_gaz_count_added(dg_gaz_add_name(g, code, 2, DG_NAME_COUNTRY, DG_GAZ_PRIO_ICU, csrc),
                                    &g->stats.icu_region) < 0) {
                        rc = -1;
                        break;
                    }
                }
            }
            dg_name *first = NULL;
            rc = add_display_parts(g, name, (size_t)nlen,
                                   macro ? DG_NAME_WEAK
                                         : DG_NAME_COUNTRY | DG_NAME_REGION,
                                   src,
                                   &g->stats.icu_region, &first);
            if (rc == 0 && first && first->nwords > 1) {
                if (*nregions == *capregions) {
                    dg_name **nv = dg_grow(*regions, capregions, *nregions + 1, sizeof *nv, 256);
                    if (!nv) {
                        rc = -1;
                        break;
                    }
                    *regions = nv;
                }
                (*regions)[(*nregions)++] = first;
            }
            break;
        }
        case ICU_LANGUAGE:
            snprintf(src, sizeof src, "icu-language %s", code);
            rc = add_display_parts(g, name, (size_t)nlen, 0, src,
                                   &g->stats.icu_language, NULL);
            break;
        case ICU_CURRENCY: {
            /* "South Korean Won": the unit is a common noun (the won, the
             * euro); the words before it are the adjective we want. */
            if (memchr(name, '(', (size_t)nlen))
                continue;
            char *sp = memrchr(name, ' ', (size_t)nlen);
            if (!sp || sp == name)
                continue;
            snprintf(src, sizeof src, "icu-currency %s", code);
            /* ISO 4217 codes begin with the country's ISO 3166 code, except
             * the X.. codes (gold, SDR, regional francs): so the adjective
             * of a national currency is a country's adjective. */
            unsigned fl = code[0] != 'X' ? DG_NAME_COUNTRY : 0;
            rc = dg_gaz_count_added(dg_gaz_add_name(g, name, (size_t)(sp - name), fl, DG_GAZ_PRIO_ICU, src),
                             &g->stats.icu_currency);
            break;
        }
        }
    }
    ures_close(it);
    ures_close(tb);
    ures_close(rb);
    return rc;
}

/* "North Korea" + hunspell's "Korean" = "North Korean": the adjective of a
 * multiword place is the place with its last word's adjective.  The
 * adjective must exist in hunspell with a capital. */
static int add_demonyms(dg_gazetteer *g, const dg_hunspell_words *h, dg_name **regions,
                        size_t n)
{
    static const struct { const char *drop, *add; } endings[] = {
        {"", "n"}, {"", "an"}, {"a", "an"}, {"y", "ian"}, {"e", "ian"},
        {"", "ian"}, {"", "ese"}, {"", "i"}, {"a", "ese"}, {"", "er"},
    };
    char cand[DG_GAZ_MAX_KEY], name[DG_GAZ_MAX_KEY], src[200], capsrc[96];
    for (size_t i = 0; i < n; i++) {
        const dg_name *r = regions[i];
        const char *form = dg_name_form(r);
        const char *last = memrchr(form, ' ', r->len);
        if (!last)
            continue;
        last++;
        size_t wlen = r->len - (size_t)(last - form);
        size_t plen = (size_t)(last - form);
        for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
            size_t dl = strlen(endings[k].drop), al = strlen(endings[k].add);
            if (wlen <= dl || wlen - dl + al >= sizeof cand ||
                memcmp(last + wlen - dl, endings[k].drop, dl) != 0)
                continue;
            size_t cl = dg_fold(last, wlen - dl, cand, sizeof cand - al);
            if (cl == 0)
                continue;
            memcpy(cand + cl, endings[k].add, al);
            cl += al;
            const char *cw;
            size_t cwl;
            int plural;
            if (!dg_hunspell_find_caps(h, cand, cl, &cw, &cwl, capsrc, sizeof capsrc, &plural) ||
                plen + cwl + 1 >= sizeof name)
                continue;
            memcpy(name, form, plen);
            memcpy(name + plen, cw, cwl);
            snprintf(src, sizeof src, "%s + %s", dg_name_source(r), capsrc);
            unsigned fl = r->flags & (DG_NAME_WEAK | DG_NAME_COUNTRY);
            if (dg_gaz_count_added(dg_gaz_add_name(g, name, plen + cwl, fl, DG_GAZ_PRIO_ICU, src),
                            &g->stats.demonym) < 0)
                return -1;
            if (plural) {
                name[plen + cwl] = 's';
                if (dg_gaz_count_added(dg_gaz_add_name(g, name, plen + cwl + 1, fl, DG_GAZ_PRIO_ICU, src),
                                &g->stats.demonym) < 0)
                    return -1;
            }
            break;
        }
    }
    return 0;
}

int dg_icu_names_add(dg_gazetteer *g, const dg_hunspell_words *h)
{
    static const struct { const char *tree, *table; icu_kind kind; } tables[] = {
        {"region", "Countries", ICU_REGION},
        {"region", "Countries%short", ICU_REGION},
        {"region", "Countries%variant", ICU_REGION},
        {"lang", "Languages", ICU_LANGUAGE},
        {"lang", "Languages%short", ICU_LANGUAGE},
        {"lang", "Languages%variant", ICU_LANGUAGE},
        {"curr", "Currencies", ICU_CURRENCY},
    };
    dg_name **regions = NULL;
    size_t nregions = 0, capregions = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof tables / sizeof *tables; i++)
        if (add_icu_table(g, h, tables[i].tree, tables[i].table, tables[i].kind,
                          &regions, &nregions, &capregions) < 0)
            rc = -1;
    if (rc == 0 && add_demonyms(g, h, regions, nregions) < 0)
        rc = -1;
    free(regions);
    return rc;
}
