/* fuzz-tokenize-ascii.c - the tokenizer's ASCII fast path against ICU
 * alone on arbitrary bytes: dg_tokenize() must give the same tokens
 * (offsets, stems, kinds, flags) with and without DG_TOKENIZER_ICU_ONLY
 * (fuzz/props.h dgp_check_fast_path), and the tokens must cover the input
 * (dgp_check_tokens).  Aborts otherwise, printing the first differing
 * token in its context. */
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
    engine = dgp_tokenizer_engine("fuzz-tokenize-ascii");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine)
        LLVMFuzzerInitialize(NULL, NULL);
    dgp_msg msg = {{0}};
    if (dgp_check_fast_path(engine, (const char *)data, size, &msg)) {
        fprintf(stderr, "fuzz-tokenize-ascii: %s\n", msg.text);
        abort();
    }
    return 0;
}
