/* test-punct.c - the punctuation and spacing stage over tests/data/punct.tsv
 * (the format and the checks every row gets: tests/table.h).
 *
 * Each case runs through dg_fix() with only DG_STAGE_PUNCT enabled, so the
 * output shows this stage alone.  What is particular to this stage: no
 * edit crosses a line break. */
#include "degarble.h"
#include "table.h"
#include "tap.h"

#include <string.h>

static void check_within_line(dg_result *r, const char *in, const char *where)
{
    int ok = 1;
    for (size_t k = 0; r && k < dg_result_edit_count(r); k++) {
        const dg_edit *e = dg_result_edit(r, k);
        size_t s = dg_edit_start(e), t = dg_edit_end(e);
        if (memchr(in + s, '\n', t - s) || memchr(in + s, '\r', t - s)) {
            tap_diag("  %s [%zu,%zu) crosses a line break", dg_edit_rule(e), s, t);
            ok = 0;
        }
    }
    tap_ok(ok, "%s edits stay within a line", where);
    dg_result_free(r);
}

static void punct_row(const table_row *row, void *ctx)
{
    dg_result *r = table_fix(ctx, row);
    check_within_line(r, row->col[0], table_where(row));
}

int main(void)
{
    dg_options o = {.disabled_stages = DG_STAGE_ALL & ~DG_STAGE_PUNCT};
    dg_engine *e = tap_engine_new(&o);
    table_stage st = {e, DG_STAGE_PUNCT, "punct."};

    /* The acceptance example, spelled out here as well. */
    static const char in[] = "the U. N. sanctions , FILE PHOTO : x\n";
    static const char want[] = "the U.N. sanctions, FILE PHOTO: x\n";
    check_within_line(table_fix_case(&st, "acceptance example", in, sizeof in - 1,
                                     want, sizeof want - 1),
                      in, "acceptance example");

    table_run("punct.tsv", punct_row, &st);
    dg_engine_free(e);
    return tap_done();
}
