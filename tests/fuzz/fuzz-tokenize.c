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
    engine = dgp_tokenizer_engine("fuzz-tokenize");
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
