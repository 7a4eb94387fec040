/* test-edits.c - the resolver keeps the right proposals and the renderer
 * copies every byte outside an edit. */
#include "edits.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static void propose(dg_edit_list *l, size_t s, size_t e, const char *repl, double conf)
{
    dg_edits_propose(l, s, e, repl, repl ? strlen(repl) : 0, DG_STAGE_PUNCT, "test.rule", conf,
                     "because %d", 42);
}

static char *run(const char *in, size_t len, dg_edit_list *l, const size_t *forbidden,
                 size_t nf, size_t *na, size_t *nfind, size_t *out_len)
{
    struct dg_edit **app, **fnd;
    if (dg_edits_resolve(l, 0.9, forbidden, nf, &app, na, &fnd, nfind) < 0)
        return NULL;
    char *out = dg_edits_render(in, len, app, *na, out_len);
    free(app);
    free(fnd);
    return out;
}

int main(void)
{
    size_t na, nf, ol;
    char *out;

    {
        const char *in = "FILE PHOTO : A man";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 10, 11, "", 0.95);           /* delete the space */
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "FILE PHOTO: A man", "a deletion renders");
        tap_ok(l.v[0].reason && strcmp(l.v[0].reason, "because 42") == 0, "reason is formatted");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Overlaps: the more confident wins; at equal confidence the longer. */
        const char *in = "the united nations";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 4, 10, "United", 0.92);
        propose(&l, 4, 18, "United Nations", 0.92);
        propose(&l, 11, 18, "NATIONS", 0.91);
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "the United Nations", "longer span wins at equal confidence");
        tap_ok(na == 1, "one edit applied (%zu)", na);
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Low confidence is reported, not applied. */
        const char *in = "fine china";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 5, 10, "China", 0.5);
        out = run(in, strlen(in), &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "fine china", "a doubtful edit is not applied");
        tap_ok(na == 0 && nf == 1, "it is a finding (%zu applied, %zu findings)", na, nf);
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Nothing may touch invalid bytes; insertions beside them may. */
        static const char in[] = "ab\xff\xfe" "cd";
        size_t forbidden[] = {2, 4};
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 3, "X", 1.0);
        propose(&l, 4, 4, "-", 1.0);
        propose(&l, 3, 3, "?", 1.0);
        out = run(in, 6, &l, forbidden, 1, &na, &nf, &ol);
        tap_ok(out && ol == 7 && memcmp(out, "ab\xff\xfe-cd", 7) == 0,
               "edits over invalid bytes are dropped, insertion after them kept");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Byte-exactness: many edits, NUL bytes outside them survive. */
        static const char in[] = "a ,b ,c\0d ,e";
        size_t len = sizeof in - 1;
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 2, "", 1.0);
        propose(&l, 4, 5, "", 1.0);
        propose(&l, 9, 10, "", 1.0);
        out = run(in, len, &l, NULL, 0, &na, &nf, &ol);
        tap_ok(out && ol == len - 3 && memcmp(out, "a,b,c\0d,e", ol) == 0,
               "renderer keeps every byte outside the edits, NUL included");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* Two insertions at one place conflict; the first proposed wins. */
        const char *in = "ab";
        dg_edit_list l;
        dg_edits_init(&l);
        propose(&l, 1, 1, "X", 1.0);
        propose(&l, 1, 1, "Y", 1.0);
        out = run(in, 2, &l, NULL, 0, &na, &nf, &ol);
        tap_str(out, ol, "aXb", "one of two insertions at one place, deterministically");
        free(out);
        dg_edits_clear(&l);
    }
    {
        /* A large number of edits resolves in order. */
        size_t n = 20000;
        char *in = malloc(2 * n);
        for (size_t i = 0; i < n; i++)
            in[2 * i] = 'a', in[2 * i + 1] = ' ';
        dg_edit_list l;
        dg_edits_init(&l);
        for (size_t i = n; i-- > 0;)
            propose(&l, 2 * i, 2 * i + 1, "b", 1.0);
        out = run(in, 2 * n, &l, NULL, 0, &na, &nf, &ol);
        int ok = out && na == n && ol == 2 * n;
        for (size_t i = 0; ok && i < n; i++)
            ok = out[2 * i] == 'b' && out[2 * i + 1] == ' ';
        tap_ok(ok, "20000 edits proposed in reverse order render in order");
        free(out);
        free(in);
        dg_edits_clear(&l);
    }
    return tap_done();
}
