/* test-names-table.c - the generated name tables (lib/names-table.h): each
 * source is present with its reason, ambiguity is measured, and every row
 * is reachable through the hash. */
#include "gazetteer.h"
#include "names-table.h"
#include "tap.h"

#include <string.h>

static void has(const char *key, const char *form, const char *source)
{
    const dg_name *e = dg_nt_get(key, strlen(key));
    int ok = e && e->nwords && strlen(form) == e->len &&
             memcmp(dg_name_form(e), form, e->len) == 0 &&
             strncmp(dg_name_source(e), source, strlen(source)) == 0;
    tap_ok(ok, "%s -> %s from \"%s\"", key, form, source);
    if (!ok && e)
        tap_diag("got \"%.*s\" from \"%s\"", (int)e->len, dg_name_form(e), dg_name_source(e));
}

static void flags(const char *key, unsigned set, unsigned clear, const char *what)
{
    const dg_name *e = dg_nt_get(key, strlen(key));
    tap_ok(e && (e->flags & set) == set && !(e->flags & clear), "%s: %s", key, what);
    if (e)
        tap_diag("flags 0x%x share %u (%s)", e->flags, DG_NAME_SHARE(e->flags), dg_name_source(e));
}

int main(void)
{
    if (dg_nt_count == 0)
        return tap_skip_all("the name tables were generated without sources");
    /* One name from each source, with the reason an edit will quote. */
    has("england", "England", "iso3166-2 GB-ENG");
    has("netherlands", "Netherlands", "iso3166-1 NL");
    has("bavaria", "Bavaria", "");
    has("salt lake city", "Salt Lake City", "");
    has("rio de janeiro", "Rio de Janeiro", "");
    has("new york", "New York", "");
    has("geneva", "Geneva", "");
    has("ho chi minh", "Ho Chi Minh", "tzdata Asia/Ho_Chi_Minh");
    has("addis ababa", "Addis Ababa", "cldr zone-city Africa/Addis_Ababa");
    has("september", "September", "cldr month 9");
    has("wednesday", "Wednesday", "cldr weekday");
    has("einstein", "Einstein", "scowl");
    has("youtube", "YouTube", "");
    has("iphone", "iPhone", "");
    has("kennedys", "Kennedys", "hunspell");
    has("swiss", "Swiss", "");
    /* Ambiguity measured: the lower-case form is a word (hunspell/SCOWL). */
    flags("china", DG_NAME_AMBIGUOUS | DG_NAME_SHARE_KNOWN, 0, "ambiguous, glosses measured");
    flags("will", DG_NAME_AMBIGUOUS | DG_NAME_WN_LOWER, DG_NAME_WORD_NAME,
          "a given name that is a common word");
    flags("mark", DG_NAME_AMBIGUOUS | DG_NAME_WN_LOWER, DG_NAME_WORD_NAME,
          "a given name that is a common word");
    flags("rose", DG_NAME_AMBIGUOUS | DG_NAME_WN_LOWER, 0, "a given name that is a common word");
    flags("japan", DG_NAME_AMBIGUOUS | DG_NAME_WORD_NAME, 0,
          "a common word (lacquer) that glosses capitalize");
    flags("netherlands", DG_NAME_PLACE | DG_NAME_COUNTRY, DG_NAME_AMBIGUOUS, "a country, not a word");
    flags("may", DG_NAME_MONTH | DG_NAME_AMBIGUOUS, 0, "a month that is a word");
    flags("new york", DG_NAME_PLACE, DG_NAME_WN_LOWER,
          "a place, never lower case in the glosses");
    flags("lake", DG_NAME_DESIGNATOR, 0, "a designator of place names");
    {
        const dg_name *e = dg_nt_get("salt lake", 9);
        tap_ok(e && (e->flags & DG_NAME_PREFIX), "salt lake is a prefix");
    }
    tap_ok(dg_nt_is_word("house", 5) && dg_nt_is_word("wells", 5) &&
           dg_nt_is_word("colour", 6) && !dg_nt_is_word("netherlands", 11),
           "lexicon: house, wells (affix), colour (en_GB); not netherlands");
    /* The US Census 1990 lists (libtext-names-perl), when the build had
     * them: kinds and ranks, and the measured common-word ambiguity. */
    if (dg_nt_ncensus == 0) {
        tap_diag("no census table: libtext-names-perl was missing at build time");
    } else {
        const dg_nt_census_name *j = dg_nt_census_get("james", 5);
        const dg_nt_census_name *s = dg_nt_census_get("smith", 5);
        const dg_nt_census_name *m = dg_nt_census_get("mary", 4);
        tap_ok(j && (j->kind & DG_CENSUS_GIVEN_M) && j->given_rank == 1 &&
               (j->kind & DG_CENSUS_SURNAME), "census: james, given name 1, a surname too");
        tap_ok(s && (s->kind & DG_CENSUS_SURNAME) && s->surname_rank == 1 &&
               !(s->kind & (DG_CENSUS_GIVEN_M | DG_CENSUS_GIVEN_F)), "census: smith, surname 1");
        tap_ok(m && (m->kind & DG_CENSUS_GIVEN_F) && m->given_rank == 1, "census: mary, given name 1");
        /* Common words the glosses write in lower case; given names they
         * never do. */
        static const char *const common[] = {"will", "mark", "bill", "rose", "grace"};
        for (size_t k = 0; k < sizeof common / sizeof *common; k++) {
            const dg_nt_census_name *r = dg_nt_census_get(common[k], strlen(common[k]));
            tap_ok(r && (r->kind & DG_CENSUS_WORD) && r->lower_pct >= 50 &&
                   r->lower_pct != 255, "census: %s is a common word, mostly lower case in the glosses",
                   common[k]);
        }
        const dg_nt_census_name *jo = dg_nt_census_get("john", 4);
        tap_ok(jo && (jo->kind & DG_CENSUS_WORD) && jo->lower_pct == 0,
               "census: john is a word too, never lower case in the glosses");
        tap_ok(!dg_nt_census_get("table", 5), "census: table is no name");
        has("abbie", "Abbie", "census given name");
        size_t unsorted = 0;
        for (size_t k = 1; k < dg_nt_ncensus; k++)
            if (strcmp(dg_nt_census_word(&dg_nt_census[k - 1]), dg_nt_census_word(&dg_nt_census[k])) >= 0)
                unsorted++;
        tap_ok(unsorted == 0, "census rows sorted (%zu of %zu out of order)", unsorted,
               dg_nt_ncensus);
    }
    /* Every row is found by its own key. */
    size_t lost = 0;
    for (size_t i = 0; i < dg_nt_count; i++)
        if (dg_nt_get(dg_nt_pool + dg_nt_keys[i], dg_nt_key_len[i]) != &dg_nt_names[i])
            lost++;
    tap_ok(lost == 0, "all %zu rows reachable (%zu lost)", dg_nt_count, lost);
    return tap_done();
}
