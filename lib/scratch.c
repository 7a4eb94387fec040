/* scratch.c - the big arrays one call leaves to the next (see scratch.h). */
#include "scratch.h"

#include <stdlib.h>

struct dg_scratch {
    struct {
        void *p;
        size_t bytes;
    } slot[DG_SCRATCH_SLOTS];
};

dg_scratch *dg_scratch_new(void)
{
    return calloc(1, sizeof(dg_scratch));
}

void dg_scratch_free(dg_scratch *s)
{
    if (!s)
        return;
    for (int k = 0; k < DG_SCRATCH_SLOTS; k++)
        free(s->slot[k].p);
    free(s);
}

void *dg_scratch_take(dg_scratch *s, int slot, size_t *bytes)
{
    *bytes = 0;
    if (!s)
        return NULL;
    void *p = s->slot[slot].p;
    *bytes = s->slot[slot].bytes;
    s->slot[slot].p = NULL;
    s->slot[slot].bytes = 0;
    return p;
}

void dg_scratch_keep(dg_scratch *s, int slot, void *p, size_t bytes)
{
    if (!s) {
        free(p);
        return;
    }
    free(s->slot[slot].p);
    s->slot[slot].p = p;
    s->slot[slot].bytes = p ? bytes : 0;
}
