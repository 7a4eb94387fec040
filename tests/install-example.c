/*
 * install-example.c - a small program that uses libdegarble the way an
 * outside program does: only <degarble.h>, built with
 *     cc install-example.c $(pkg-config --cflags --libs degarble)
 * tests/test-install.sh builds and runs it against a fresh install.
 *
 * It fixes a line (or its first argument), prints the text, then each edit
 * and finding with its explanation, and checks the promises a caller
 * relies on: the version matches the header, bytes outside edits are kept.
 */
#include <degarble.h>

#include <stdio.h>
#include <string.h>

static void show(const char *kind, const dg_edit *e, const char *text)
{
    size_t rlen = 0;
    const char *repl = dg_edit_replacement(e, &rlen);
    printf("%s %zu-%zu \"%.*s\" -> \"%.*s\" %s (%s, %.2f): %s\n", kind,
           dg_edit_start(e), dg_edit_end(e),
           (int)(dg_edit_end(e) - dg_edit_start(e)), text + dg_edit_start(e),
           repl ? (int)rlen : 0, repl ? repl : "", dg_edit_rule(e),
           dg_stage_name(dg_edit_stage(e)), dg_edit_confidence(e),
           dg_edit_reason(e));
}

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1]
                                : "the U. N. sanctions , FILE PHOTO : x\n";
    dg_options opts = { 0 };
    dg_engine *engine = NULL;
    dg_result *result = NULL;
    dg_error err;
    const char *out;
    size_t len, in_pos = 0, out_pos = 0;
    dg_status st;

    if (strcmp(dg_version(), DG_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", DG_VERSION_STRING,
                dg_version());
        return 1;
    }
    opts.min_confidence = DG_DEFAULT_MIN_CONFIDENCE;
    st = dg_engine_new(&opts, &engine, &err);
    if (st != DG_OK) {
        fprintf(stderr, "dg_engine_new: %s: %s\n", dg_status_str(st),
                err.message);
        return 1;
    }
    st = dg_fix(engine, text, strlen(text), &result);
    if (st != DG_OK) {
        fprintf(stderr, "dg_fix: %s\n", dg_status_str(st));
        dg_engine_free(engine);
        return 1;
    }
    out = dg_result_text(result, &len);
    fwrite(out, 1, len, stdout);

    /* Walk input and output together: between edits they must agree. */
    for (size_t i = 0; i < dg_result_edit_count(result); i++) {
        const dg_edit *e = dg_result_edit(result, i);
        size_t gap = dg_edit_start(e) - in_pos, rlen = 0;
        dg_edit_replacement(e, &rlen);
        if (memcmp(text + in_pos, out + out_pos, gap) != 0) {
            fprintf(stderr, "bytes outside edit %zu changed\n", i);
            return 1;
        }
        out_pos += gap + rlen;
        in_pos = dg_edit_end(e);
        show("edit", e, text);
    }
    if (strlen(text) - in_pos != len - out_pos ||
        memcmp(text + in_pos, out + out_pos, len - out_pos) != 0) {
        fprintf(stderr, "bytes after the last edit changed\n");
        return 1;
    }
    for (size_t i = 0; i < dg_result_finding_count(result); i++)
        show("finding", dg_result_finding(result, i), text);

    dg_result_free(result);
    dg_engine_free(engine);
    return 0;
}
