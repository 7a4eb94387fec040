/* fuzz-fix.c - dg_fix() on arbitrary bytes.
 *
 * Aborts (so that libFuzzer saves the input) when a result breaks a
 * property of fuzz/props.h: nothing lost, invalid bytes untouched and
 * reported.  Two engines run: the default one, and one that applies every
 * proposal, so that edits normally only reported are checked too.  The
 * default engine is also checked for idempotence: dg_fix() runs its stages
 * to a fixed point, so fixing the output again must change nothing (issue
 * 13).  DG_FUZZ_IDEMPOTENT=0 turns that check off, e.g. to hunt for other
 * failures while a known idempotence bug is open.  The engine applying
 * everything is not checked: doubtful edits are not promised to be
 * idempotent, and its fixed point may stop at the pass limit. */
#include "degarble.h"
#include "props.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dg_engine *engine, *eager;
static int check_idem;

static dg_engine *make_engine(double min_confidence)
{
    dg_options o = {.min_confidence = min_confidence};
    dg_engine *e;
    dg_error err;
    dg_status st = dg_engine_new(&o, &e, &err);
    if (st != DG_OK) {
        fprintf(stderr, "fuzz-fix: engine: %s: %s:%u: %s\n", dg_status_str(st),
                err.file, err.line, err.message);
        exit(1);
    }
    return e;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    engine = make_engine(0);
    eager = make_engine(DG_APPLY_ALL);
    const char *idem = getenv("DG_FUZZ_IDEMPOTENT");
    check_idem = !(idem && idem[0] == '0');
    return 0;
}

static void run(const dg_engine *e, const char *name, const char *in, size_t len,
                int idem)
{
    dg_result *r;
    dg_status st = dg_fix(e, in, len, &r);
    if (st != DG_OK) {
        fprintf(stderr, "fuzz-fix (%s engine): dg_fix: %s\n", name, dg_status_str(st));
        abort();
    }
    dgp_msg msg = {{0}};
    unsigned bad = dgp_check_result(in, len, r, &msg);
    if (idem)
        bad |= dgp_check_idempotent(e, r, &msg);
    dg_result_free(r);
    if (bad) {
        fprintf(stderr, "fuzz-fix (%s engine): %s\n", name, msg.text);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        LLVMFuzzerInitialize(NULL, NULL);
    run(engine, "default", (const char *)data, size, check_idem);
    run(eager, "apply-all", (const char *)data, size, 0);
    return 0;
}
