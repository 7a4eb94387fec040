/* abbrev.c - known abbreviations, looked up case-insensitively (dg_fold). */
#include "abbrev.h"

#include "datafile.h"
#include "strmap.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <stdlib.h>
#include <string.h>

/* Longest abbreviation we accept; lookups of longer strings miss at once. */
#define ABBREV_MAX 32

typedef struct entry {
    dg_abbrev a;
    struct entry *next;  /* all entries, for freeing */
} entry;

struct dg_abbrevs {
    dg_strmap *map;      /* folded form -> entry */
    entry *all;
    dg_strmap *acronyms; /* "CIA" -> 1 + line of the hunspell .dic */
    char acronym_source[40]; /* "en_US.dic" */
    dg_strmap *exact;    /* ICU's sentence-break suppressions, as written */
    /* Bit n of len_bits[i]: some form of either table is n bytes long and
     * starts with letter 'a' + i (any case), or for i == 26 with another
     * byte; most words are ruled out before they are folded and hashed. */
    uint64_t len_bits[27];
};

static unsigned first_index(unsigned char c)
{
    return dg_ascii_alpha(c) ? (unsigned)(c | 0x20) - 'a' : 26;
}

static void note_len(dg_abbrevs *a, const char *form, size_t len)
{
    a->len_bits[first_index((unsigned char)form[0])] |= (uint64_t)1 << len;
}

/* False only when no form of either table can be s[0, len).  A byte
 * outside ASCII may fold to an ASCII letter of another length (the Kelvin
 * sign, the long s), so such a string is always looked up. */
static int may_hold(const dg_abbrevs *a, const char *s, size_t len)
{
    if ((a->len_bits[first_index((unsigned char)s[0])] >> len) & 1)
        return 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

dg_abbrevs *dg_abbrevs_new(void)
{
    dg_abbrevs *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->map = dg_strmap_new();
    if (!a->map) {
        free(a);
        return NULL;
    }
    return a;
}

void dg_abbrevs_free(dg_abbrevs *a)
{
    if (!a)
        return;
    entry *e = a->all;
    while (e) {
        entry *next = e->next;
        free(e);
        e = next;
    }
    dg_strmap_free(a->map);
    dg_strmap_free(a->acronyms);
    dg_strmap_free(a->exact);
    free(a);
}

static dg_status add_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    dg_abbrevs *a = ctx;
    const char *form = l->field[0];
    size_t len = l->len[0];
    if (l->nfields != 2)
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "expected 2 tab-separated fields (form, kind), got %zu",
                                 l->nfields);
    if (len < 2 || len > ABBREV_MAX || form[len - 1] != '.')
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "'%s' is not an abbreviation ending in '.' (at most %d bytes)",
                                 form, ABBREV_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)form[i];
        if (!dg_ascii_alpha(c) && c != '.')
            return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                     "'%s': only ASCII letters and dots", form);
    }
    dg_abbrev_kind kind;
    if (strcmp(l->field[1], "proper") == 0)
        kind = DG_ABBREV_PROPER;
    else if (strcmp(l->field[1], "common") == 0)
        kind = DG_ABBREV_COMMON;
    else
        return dg_datafile_error(err, DG_ERR_DATA, l->name, l->lineno,
                                 "unknown kind '%s' (proper or common)", l->field[1]);

    char src[64];
    int srclen = snprintf(src, sizeof src, "%s:%u", dg_base_name(l->name), l->lineno);
    if (srclen < 0 || (size_t)srclen >= sizeof src)
        srclen = (int)sizeof src - 1;
    /* One allocation holds the entry, its form and its source. */
    entry *e = malloc(sizeof *e + len + 1 + (size_t)srclen + 1);
    if (!e)
        return DG_ERR_NOMEM;
    char *fp = (char *)(e + 1);
    memcpy(fp, form, len + 1);
    char *sp = fp + len + 1;
    memcpy(sp, src, (size_t)srclen);
    sp[srclen] = '\0';
    e->a = (dg_abbrev){.form = fp, .len = len, .kind = kind, .source = sp};
    e->next = a->all;
    a->all = e;

    char key[ABBREV_MAX];
    size_t kl = dg_fold(form, len, key, sizeof key);   /* ASCII: kl == len */
    if (dg_strmap_put(a->map, key, kl, e) < 0)
        return DG_ERR_NOMEM;
    note_len(a, key, kl);
    return DG_OK;
}

dg_status dg_abbrevs_add(dg_abbrevs *a, const char *name, const char *buf,
                         size_t len, dg_error *err)
{
    return dg_datafile_parse(name, buf, len, add_line, a, err);
}

const dg_abbrev *dg_abbrevs_find(const dg_abbrevs *a, const char *s, size_t len)
{
    char key[ABBREV_MAX];
    if (!a || len == 0 || len > ABBREV_MAX || !may_hold(a, s, len))
        return NULL;
    size_t kl = dg_fold(s, len, key, sizeof key);
    entry *e = kl ? dg_strmap_get(a->map, key, kl) : NULL;
    return e ? &e->a : NULL;
}

/* ---- acronyms ---------------------------------------------------------- */

/* Longest acronym kept: "U. S. S. R." has four letters, "N. A. A. C. P."
 * five. */
#define ACRONYM_MAX 6

dg_status dg_abbrevs_add_acronyms(dg_abbrevs *a, const char *name,
                                  const char *dic, size_t len)
{
    if (!a->acronyms && !(a->acronyms = dg_strmap_new()))
        return DG_ERR_NOMEM;
    snprintf(a->acronym_source, sizeof a->acronym_source, "%s", dg_base_name(name));
    unsigned lineno = 0;
    for (size_t i = 0; i < len;) {
        /* memchr: the file is half a megabyte, read at every engine start. */
        const char *nl = memchr(dic + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - dic) : len;
        lineno++;
        /* "CIA/M", "TV/SM", "IE": capitals only, up to a flag or the end. */
        size_t n = 0;
        while (i + n < e && dic[i + n] >= 'A' && dic[i + n] <= 'Z')
            n++;
        int ends = i + n == e || dic[i + n] == '/' || dic[i + n] == '\r' ||
                   dic[i + n] == '\t';
        if (lineno > 1 && n >= 2 && n <= ACRONYM_MAX && ends &&
            dg_strmap_put(a->acronyms, dic + i, n, (void *)(uintptr_t)lineno) < 0)
            return DG_ERR_NOMEM;
        i = e + 1;
    }
    return DG_OK;
}

unsigned dg_abbrevs_acronym(const dg_abbrevs *a, const char *letters, size_t n,
                            const char **source)
{
    char key[ACRONYM_MAX];
    if (!a || !a->acronyms || n < 2 || n > ACRONYM_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = letters[i];
        key[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    void *v = dg_strmap_get(a->acronyms, key, n);
    if (v && source)
        *source = a->acronym_source;
    return (unsigned)(uintptr_t)v;
}

/* ICU keeps the English suppressions (CLDR's segments/en.xml: "Approx.",
 * "Dept.", "e.g.", "By.") in its break-iterator data as
 * exceptions/SentenceBreak; this is the list ubrk_open("en@ss=standard")
 * applies.  The casing matters: ICU matches "By." and not "by.". */
dg_status dg_abbrevs_add_icu_suppressions(dg_abbrevs *a)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *ex = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *sb = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    dg_status rc = DG_OK;
    if (U_SUCCESS(st) && !a->exact && !(a->exact = dg_strmap_new()))
        rc = DG_ERR_NOMEM;
    while (rc == DG_OK && U_SUCCESS(st) && ures_hasNext(sb)) {
        int32_t n = 0;
        const UChar *u = ures_getNextString(sb, &n, NULL, &st);
        char buf[ABBREV_MAX + 1];
        int32_t bl = 0;
        UErrorCode cs = U_ZERO_ERROR;
        if (U_FAILURE(st))
            break;
        u_strToUTF8(buf, (int32_t)sizeof buf, &bl, u, n, &cs);
        if (U_FAILURE(cs) || bl < 2 || bl > ABBREV_MAX || buf[bl - 1] != '.')
            continue;
        if (dg_strmap_put(a->exact, buf, (size_t)bl, a) < 0)
            rc = DG_ERR_NOMEM;
        note_len(a, buf, (size_t)bl);
    }
    ures_close(sb);
    ures_close(ex);
    ures_close(b);
    /* Without ICU's data the table is simply smaller. */
    return rc;
}

int dg_abbrevs_suppresses(const dg_abbrevs *a, const char *s, size_t len)
{
    if (!a || len < 2 || len > ABBREV_MAX || !may_hold(a, s, len))
        return 0;
    if (a->exact && dg_strmap_get(a->exact, s, len))
        return 1;
    return dg_abbrevs_find(a, s, len) != NULL;
}
