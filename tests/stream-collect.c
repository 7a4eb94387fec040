/* stream-collect.c - see stream-collect.h. */
#include "stream-collect.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc_put(sc_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = tap_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sc_put_edits(sc_buf *b, const dg_result *r, size_t offset)
{
    for (size_t i = 0; i < dg_result_edit_count(r); i++) {
        const dg_edit *x = dg_result_edit(r, i);
        size_t rl;
        const char *repl = dg_edit_replacement(x, &rl);
        char line[1024];
        int n = snprintf(line, sizeof line, "%zu %zu %.*s %s %s\n", dg_edit_start(x) + offset,
                         dg_edit_end(x) + offset, (int)rl, repl, dg_edit_rule(x),
                         dg_edit_reason(x));
        sc_put(b, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : strlen(line));
    }
}

dg_status sc_collect(void *ctx, const dg_piece *p)
{
    sc_collected *c = ctx;
    size_t n;
    if (p->status != DG_OK)
        return p->status;
    const char *t = dg_result_text(p->result, &n);
    sc_put(&c->text, t, n);
    sc_put_edits(&c->edits, p->result, p->offset);
    c->pieces++;
    c->largest = p->len > c->largest ? p->len : c->largest;
    return DG_OK;
}

int sc_same_edits(const sc_buf *got, const sc_buf *want)
{
    if (got->len == want->len && (!got->len || memcmp(got->p, want->p, got->len) == 0))
        return 1;
    const char *g = got->p ? got->p : "", *w = want->p ? want->p : "";
    size_t i = 0;
    while (i < got->len && i < want->len && g[i] == w[i])
        i++;
    while (i > 0 && g[i - 1] != '\n')
        i--;
    tap_diag("stream: %.*s", (int)strcspn(g + i, "\n"), g + i);
    tap_diag("whole:  %.*s", (int)strcspn(w + i, "\n"), w + i);
    return 0;
}

void sc_collected_free(sc_collected *c)
{
    free(c->text.p);
    free(c->edits.p);
    memset(c, 0, sizeof *c);
}
