/* test-names-table.c - the generated name tables (lib/names-table.h): each
 * source is present with its reason, ambiguity is measured, and the hash
 * is consistent slot by slot. */
#include "gazetteer.h"
#include "names-table.h"
#include "tap.h"

#include <stdlib.h>
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

/* Whether a form folds to key, judged up to the form's first byte beyond
 * ASCII: the rest folds through Unicode ("Dumont d’Urville"), which this
 * does not judge. */
static int ascii_folds_to(const char *form, size_t flen, const char *key, size_t klen)
{
    for (size_t i = 0; i < flen; i++) {
        unsigned char f = (unsigned char)form[i];
        if (f >= 0x80)
            return 1;
        if (i >= klen || (f >= 'A' && f <= 'Z' ? f + 32 : f) != (unsigned char)key[i])
            return 0;
    }
    return flen == klen;
}

/* Every slot of the hash decodes to a row and a key of that row, sits on
 * the probe chain of its key's hash with the right tag and has its bloom
 * bit, and every row has exactly one slot: what dg_nt_get() relies on. */
static int slots_consistent(void)
{
    size_t nslots = dg_nt_nslots, mask = nslots - 1;
    tap_ok(nslots && (nslots & mask) == 0, "slots: %zu, a power of two", nslots);
    unsigned char *seen = tap_xmalloc(dg_nt_count + 1);
    memset(seen, 0, dg_nt_count + 1);
    size_t full = 0, bad_field = 0, bad_tag = 0, off_chain = 0, bad_form = 0, not_found = 0;
    size_t no_bloom = 0;
    for (size_t i = 0; i < nslots; i++) {
        uint64_t s = dg_nt_slots[i];
        if (!s)
            continue;
        full++;
        size_t len = dg_nt_slot_len(s), row = dg_nt_slot_row(s);
        if (len == 0 || row >= dg_nt_count) {
            if (bad_field++ < 5)
                tap_diag("slot %zu: 0x%llx decodes to row %zu, length %zu", i,
                         (unsigned long long)s, row, len);
            continue;
        }
        const char *key = dg_nt_pool + dg_nt_slot_off(s);
        if (strnlen(key, len + 1) != len) {
            if (bad_field++ < 5)
                tap_diag("slot %zu: key \"%.*s\" is no string of length %zu", i, (int)len,
                         key, len);
            continue;
        }
        if (seen[row] < 255)
            seen[row]++;
        uint32_t h = dg_nt_hash(key, len);
        uint32_t b = h & DG_NT_BLOOM_MASK;
        if (!(dg_nt_bloom[b >> 6] >> (b & 63) & 1) && no_bloom++ < 5)
            tap_diag("slot %zu: \"%s\" has no bloom bit %u", i, key, b);
        if (((uint32_t)s & DG_NT_SLOT_CHECK_MASK) != dg_nt_slot_want(h, len) &&
            bad_tag++ < 5)
            tap_diag("slot %zu: tag of \"%s\" 0x%llx, want 0x%x", i, key,
                     (unsigned long long)s & DG_NT_SLOT_CHECK_MASK, dg_nt_slot_want(h, len));
        /* The probe from the key's home slot reaches this one only when no
         * empty slot lies between them. */
        size_t j = h & mask;
        while (j != i && dg_nt_slots[j])
            j = (j + 1) & mask;
        if (j != i && off_chain++ < 5)
            tap_diag("slot %zu: \"%s\" is off its chain from slot %zu", i, key,
                     (size_t)(h & mask));
        const dg_name *e = &dg_nt_names[row];
        if ((e->id != row ||
             (e->nwords && !ascii_folds_to(dg_name_form(e), e->len, key, len))) &&
            bad_form++ < 5)
            tap_diag("slot %zu: key \"%s\" on row %zu, \"%.*s\" id %u", i, key, row,
                     (int)e->len, dg_name_form(e), e->id);
        if (dg_nt_get(key, len) != e && not_found++ < 5)
            tap_diag("slot %zu: \"%s\" is not found as row %zu", i, key, row);
    }
    size_t missing = 0, twice = 0;
    for (size_t r = 0; r < dg_nt_count; r++) {
        missing += seen[r] == 0;
        twice += seen[r] > 1;
    }
    free(seen);
    int ok = tap_ok(bad_field == 0 && bad_tag == 0, "slots decode: %zu bad fields, %zu bad tags",
                    bad_field, bad_tag);
    size_t bloom_set = 0;
    for (size_t w = 0; w <= DG_NT_BLOOM_MASK >> 6; w++)
        bloom_set += (size_t)__builtin_popcountll(dg_nt_bloom[w]);
    ok &= tap_ok(no_bloom == 0 && bloom_set <= dg_nt_count,
                 "each key's bloom bit set (%zu not), %zu bits for %zu keys", no_bloom,
                 bloom_set, dg_nt_count);
    ok &= tap_ok(off_chain == 0, "each key on its hash's probe chain (%zu off)", off_chain);
    ok &= tap_ok(bad_form == 0, "each slot's key is its row's (%zu not)", bad_form);
    ok &= tap_ok(full == dg_nt_count && missing == 0 && twice == 0,
                 "%zu slots full for %zu rows: %zu rows without a slot, %zu with several",
                 full, dg_nt_count, missing, twice);
    ok &= tap_ok(not_found == 0, "all %zu rows found by their keys (%zu not)", dg_nt_count,
                 not_found);
    ok &= tap_ok(full * 8 <= nslots * 5, "at most 5/8 full (%zu of %zu)", full, nslots);
    ok &= tap_ok(!dg_nt_get("england", 8) && !dg_nt_get("", 0) && !dg_nt_get("xqzvjkw", 7),
                 "no row for a key with its NUL, an empty key, or a word no table has");
    return ok;
}

int main(void)
{
    if (dg_nt_count == 0)
        return tap_skip_all("the name tables were generated without sources");
    /* First: the lookups below would dereference what a broken table
     * decodes. */
    if (!slots_consistent())
        return tap_done();
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
    return tap_done();
}
