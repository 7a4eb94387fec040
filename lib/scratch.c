/* scratch.c - the big arrays one call leaves to the next (see scratch.h). */
#include "scratch.h"

#include <stdlib.h>

struct dg_scratch {
    struct {
        void *p;
        size_t bytes;
    } slot[DG_SCRATCH_SLOTS];
    int refuse_dense;
    size_t load_tokens, load_proposals;
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

void dg_scratch_refuse_dense(dg_scratch *s, int on)
{
    if (s)
        s->refuse_dense = on != 0;
}

int dg_scratch_refuses_dense(const dg_scratch *s)
{
    return s && s->refuse_dense;
}

void dg_scratch_note_load(dg_scratch *s, size_t tokens, size_t proposals)
{
    if (!s)
        return;
    if (tokens > s->load_tokens)
        s->load_tokens = tokens;
    if (proposals > s->load_proposals)
        s->load_proposals = proposals;
}

void dg_scratch_reset_load(dg_scratch *s)
{
    if (s)
        s->load_tokens = s->load_proposals = 0;
}

void dg_scratch_load(const dg_scratch *s, size_t *tokens, size_t *proposals)
{
    *tokens = s ? s->load_tokens : 0;
    *proposals = s ? s->load_proposals : 0;
}
