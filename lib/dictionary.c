/* dictionary.c - hunspell stage (stub until the stage lands). */
#include "dictionary.h"

#include "engine.h"

#include <stdlib.h>

dg_status dg_dictionary_new(const dg_options *opts, dg_dictionary **out,
                            char **warning, dg_error *err)
{
    (void)opts; (void)warning; (void)err;
    *out = NULL;
    return DG_OK;
}

void dg_dictionary_free(dg_dictionary *d)
{
    (void)d;
}

int dg_dictionary_propose(const dg_doc *doc)
{
    (void)doc;
    return 0;
}
