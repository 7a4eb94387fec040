/* icu-names.c - prints the English names CLDR (through ICU) gives for time
 * zones, months and days, one per line: KIND TAB CODE TAB NAME.
 *
 *   zone-city   America/New_York   New York
 *   month       3                  March
 *   weekday     1                  Sunday
 *
 * A build-time helper: tools/gen-names.py reads its output to make the
 * compiled name tables (lib/names-table.c); the library never runs it.
 * The exemplar city is CLDR's "ec" entry for a zone when it has one, else
 * the zone id's last part with underscores as spaces, which is how CLDR
 * itself derives it (TimeZoneNames::getExemplarLocationName). */
#include <stdio.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

static void print_u(const char *kind, const char *code, const UChar *s, int32_t len)
{
    char buf[512];
    int32_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strToUTF8(buf, sizeof buf, &n, s, len, &st);
    if (U_SUCCESS(st) && n > 0 && n < (int32_t)sizeof buf)
        printf("%s\t%s\t%.*s\n", kind, code, (int)n, buf);
}

static void zones(void)
{
    char pkg[64];
    snprintf(pkg, sizeof pkg, "%s-zone", U_ICUDATA_NAME);
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *rb = ures_openDirect(pkg, "en", &st);
    UResourceBundle *zs = ures_getByKey(rb, "zoneStrings", NULL, &st);
    if (U_FAILURE(st))
        zs = NULL;
    st = U_ZERO_ERROR;
    UEnumeration *ids = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION,
                                                       NULL, NULL, &st);
    const char *id;
    int32_t len;
    while (U_SUCCESS(st) && (id = uenum_next(ids, &len, &st)) != NULL) {
        char key[128];
        if ((size_t)len >= sizeof key)
            continue;
        for (int32_t i = 0; i <= len; i++)
            key[i] = id[i] == '/' ? ':' : id[i];
        UErrorCode s2 = U_ZERO_ERROR;
        UResourceBundle *z = zs ? ures_getByKey(zs, key, NULL, &s2) : NULL;
        int32_t n = 0;
        const UChar *ec = z && U_SUCCESS(s2) ? ures_getStringByKey(z, "ec", &n, &s2) : NULL;
        if (ec && U_SUCCESS(s2)) {
            print_u("zone-city", id, ec, n);
        } else {
            const char *last = strrchr(id, '/');
            last = last ? last + 1 : id;
            printf("zone-city\t%s\t", id);
            for (const char *p = last; *p; p++)
                putchar(*p == '_' ? ' ' : *p);
            putchar('\n');
        }
        ures_close(z);
    }
    uenum_close(ids);
    ures_close(zs);
    ures_close(rb);
}

static void symbols(UDateFormatSymbolType type, const char *kind)
{
    UErrorCode st = U_ZERO_ERROR;
    UDateFormat *df = udat_open(UDAT_NONE, UDAT_FULL, "en", NULL, 0, NULL, 0, &st);
    if (U_FAILURE(st))
        return;
    int32_t count = udat_countSymbols(df, type);
    for (int32_t i = 0; i < count; i++) {
        UChar buf[64];
        st = U_ZERO_ERROR;
        int32_t n = udat_getSymbols(df, type, i, buf, 64, &st);
        if (U_SUCCESS(st) && n > 0) {
            char code[16];
            snprintf(code, sizeof code, "%d", (int)i);
            print_u(kind, code, buf, n);
        }
    }
    udat_close(df);
}

int main(void)
{
    zones();
    symbols(UDAT_MONTHS, "month");
    symbols(UDAT_WEEKDAYS, "weekday");
    return ferror(stdout) ? 1 : 0;
}
