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
             memcmp(e->form, form, e->len) == 0 &&
             strncmp(e->source, source, strlen(source)) == 0;
    tap_ok(ok, "%s -> %s from \"%s\"", key, form, source);
    if (!ok && e)
        tap_diag("got \"%.*s\" from \"%s\"", (int)e->len, e->form, e->source);
}

static void flags(const char *key, unsigned set, unsigned clear, const char *what)
{
    const dg_name *e = dg_nt_get(key, strlen(key));
    tap_ok(e && (e->flags & set) == set && !(e->flags & clear), "%s: %s", key, what);
    if (e)
        tap_diag("flags 0x%x share %u (%s)", e->flags, DG_NAME_SHARE(e->flags), e->source);
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
    /* Every row is found by its own key. */
    size_t lost = 0;
    for (size_t i = 0; i < dg_nt_count; i++)
        if (dg_nt_get(dg_nt_pool + dg_nt_keys[i], dg_nt_key_len[i]) != &dg_nt_names[i])
            lost++;
    tap_ok(lost == 0, "all %zu rows reachable (%zu lost)", dg_nt_count, lost);
    return tap_done();
}
