/* phrases.c - phrase-repair stage (stub until the stage lands). */
#include "phrases.h"

#include "engine.h"

#include <stdlib.h>

struct dg_phrases {
    int unused;
};

dg_status dg_phrases_new(const dg_options *opts, const struct dg_abbrevs *abbrevs,
                         dg_phrases **out, dg_error *err)
{
    (void)opts; (void)abbrevs; (void)err;
    *out = calloc(1, sizeof **out);
    return *out ? DG_OK : DG_ERR_NOMEM;
}

void dg_phrases_free(dg_phrases *p)
{
    free(p);
}

int dg_phrases_propose(const dg_doc *doc)
{
    (void)doc;
    return 0;
}
