/* fuzz-tokenize.c - dg_tokenize() on arbitrary bytes: the tokens must cover
 * the input exactly, in order, never split a character, and be INVALID on
 * exactly the invalid and NUL bytes (fuzz/props.h).  Aborts otherwise. */
#include "degarble.h"
#include "props.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dg_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* Only the tokenizer runs, but it needs the abbreviation table; the
     * dictionary stage would only slow engine creation down. */
    dg_options o = {.disabled_stages = DG_STAGE_DICTIONARY};
    dg_error err;
    dg_status st = dg_engine_new(&o, &engine, &err);
    if (st != DG_OK) {
        fprintf(stderr, "fuzz-tokenize: engine: %s: %s:%u: %s\n", dg_status_str(st),
                err.file, err.line, err.message);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        LLVMFuzzerInitialize(NULL, NULL);
    dg_tokens *t;
    dg_status st = dg_tokenize(engine, (const char *)data, size, &t);
    if (st != DG_OK) {
        fprintf(stderr, "fuzz-tokenize: dg_tokenize: %s\n", dg_status_str(st));
        abort();
    }
    dgp_msg msg = {{0}};
    unsigned bad = dgp_check_tokens((const char *)data, size, t, &msg);
    dg_tokens_free(t);
    if (bad) {
        fprintf(stderr, "fuzz-tokenize: %s\n", msg.text);
        abort();
    }
    return 0;
}
