/* phrases.c - the phrase-repair stage: the rule table of dicts/phrases.txt
 * (matched by rules.c), then the bracket repairs (brackets.c) and the
 * document-level entity repair (entity-variant.c). */
#include "phrases.h"

#include "literal.h"
#include "rules.h"
#include "stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rule table ---------------------------------------------------- */

/* Builds the replacement of a match and proposes it.  When the captures
 * appear in the replacement in pattern order, the captured text is left
 * alone and only the pieces between captures are edited: a photographer's
 * name inside a repaired credit stays outside every edit. */
static int propose_match(const dg_doc *doc, const dg_rule_match *m)
{
    const dg_rule *r = m->rule;
    const dg_token *tok = doc->tok;
    size_t ms = tok[m->first].start, me = tok[m->last - 1].end;
    char reason[400];
    snprintf(reason, sizeof reason, "%s:%u: %s", r->file, r->line,
             r->note ? r->note : r->id);

    int anchored = 1, prev = 0;
    for (size_t i = 0; i < r->nsegs; i++) {
        int c = r->segs[i].cap;
        if (!c)
            continue;
        if (c <= prev || m->el_last[c] == 0 || r->segs[i].mod || r->segs[i].len)
            anchored = 0;
        prev = c;
    }

    char buf[2048];
    if (anchored) {
        size_t from = ms, bl = 0;
        for (size_t i = 0; i <= r->nsegs; i++) {
            if (i < r->nsegs && !r->segs[i].cap) {
                if (bl + r->segs[i].len > sizeof buf)
                    return 0;
                memcpy(buf + bl, r->repl_text + r->segs[i].off, r->segs[i].len);
                bl += r->segs[i].len;
                continue;
            }
            size_t to = i < r->nsegs ? tok[m->el_first[r->segs[i].cap]].start : me;
            if (dg_phrases_propose_trimmed(doc, from, to, buf, bl, r->rule, r->confidence, reason) < 0)
                return -1;
            if (i < r->nsegs)
                from = tok[m->el_last[r->segs[i].cap] - 1].end;
            bl = 0;
        }
        return 0;
    }
    size_t bl = 0;
    for (size_t i = 0; i < r->nsegs; i++) {
        const char *s;
        size_t n;
        int c = r->segs[i].cap;
        if (!c) {
            s = r->repl_text + r->segs[i].off;
            n = r->segs[i].len;
        } else if (m->el_last[c]) {
            s = doc->text + tok[m->el_first[c]].start;
            n = tok[m->el_last[c] - 1].end - tok[m->el_first[c]].start;
            if (r->segs[i].mod || r->segs[i].len) {
                size_t k = dg_repl_capture(r, &r->segs[i], s, n, buf + bl, sizeof buf - bl);
                if (!k && n)
                    return 0;
                bl += k;
                continue;
            }
        } else {
            continue;
        }
        if (bl + n > sizeof buf)
            return 0;
        memcpy(buf + bl, s, n);
        bl += n;
    }
    return dg_phrases_propose_trimmed(doc, ms, me, buf, bl, r->rule, r->confidence, reason);
}

/* Notes that the proposals of t from t->list.n on came from the match
 * starting at token first. */
static int note_first(dg_phrases_kept *t, size_t from, size_t first)
{
    if (t->list.n > t->cap_tok) {
        size_t cap = t->cap_tok ? t->cap_tok : 64;
        while (cap < t->list.n)
            cap *= 2;
        size_t *v = realloc(t->tok, cap * sizeof *v);
        if (!v)
            return -1;
        t->tok = v;
        t->cap_tok = cap;
    }
    for (size_t k = from; k < t->list.n; k++)
        t->tok[k] = first;
    return 0;
}

/* The rule table over tokens [from, to) of doc (whole lines), proposing
 * into t.  A match never crosses a line break, so each line's proposals
 * depend on that line's tokens alone. */
static int table_range(const dg_doc *doc, const dg_phrases *p, dg_rule_memo *memo,
                       size_t from, size_t to, dg_phrases_kept *t)
{
    dg_doc d = *doc;
    d.edits = &t->list;
    dg_rule_match m;
    for (size_t i = from;
         dg_ruleset_find(p->rules, doc->text, doc->tok, doc->ntok, i, to, &m, memo);
         i = m.last) {
        size_t n0 = t->list.n;
        if (propose_match(&d, &m) < 0 || note_first(t, n0, m.first) < 0)
            return -1;
    }
    return 0;
}

/* Proposes into t again what prev (the table of the last text) proposed
 * on the lines of kept segment g, moved with them. */
static int replay(dg_phrases_kept *t, const dg_phrases_kept *prev, size_t *cur,
                  const dg_literal_seg *g)
{
    size_t hi = g->pa + (g->b - g->a);
    while (*cur < prev->list.n && prev->tok[*cur] < g->pa)
        (*cur)++;
    for (; *cur < prev->list.n && prev->tok[*cur] < hi; (*cur)++) {
        const struct dg_edit *x = &prev->list.v[*cur];
        if (dg_edits_propose(&t->list, (size_t)((int64_t)x->start + g->d),
                             (size_t)((int64_t)x->end + g->d), x->repl,
                             x->repl ? x->repl_len : 0, x->stage, x->rule, x->confidence,
                             "%s", x->reason) < 0 ||
            note_first(t, t->list.n - 1, prev->tok[*cur] - g->pa + g->a) < 0)
            return -1;
    }
    return 0;
}

/* The table's proposals for doc in t: over every line, or (prev valid and
 * seg given: doc's tokens are those prev was made for but between the
 * kept segments seg[0, nseg), dg_tokenizer_kept) over the lines between
 * the segments only, prev's proposals on the others moved with them. */
static int table_pass(const dg_doc *doc, const dg_phrases *p, const dg_phrases_kept *prev,
                      const dg_literal_seg *seg, size_t nseg, dg_phrases_kept *t)
{
    if (dg_ruleset_count(p->rules) == 0)
        return 0;
    /* What each word type of the call is to the rules, looked up once. */
    dg_rule_memo memo;
    int rc = dg_rule_memo_init(&memo, doc->type, doc->types, doc->type_text, doc->ntypes,
                               doc->ntok, doc->scratch);
    size_t at = 0, cur = 0;
    for (size_t g = 0; rc == 0 && prev && g < nseg; g++) {
        rc = table_range(doc, p, &memo, at, seg[g].a, t);
        if (rc == 0)
            rc = replay(t, prev, &cur, &seg[g]);
        at = seg[g].b;
    }
    if (rc == 0)
        rc = table_range(doc, p, &memo, at, doc->ntok, t);
    dg_rule_memo_free(&memo);
    if (t->list.failed)
        rc = -1;
    dg_edits_finish(&t->list);
    return rc;
}

/* The claim of table_pass with kept segments, checked against a table of
 * every line (DG_TOKENIZER_VERIFY_RERUN): aborts on a difference. */
static int verify_kept(const dg_doc *doc, const dg_phrases *p, const dg_phrases_kept *t)
{
    dg_phrases_kept full;
    memset(&full, 0, sizeof full);
    if (table_pass(doc, p, NULL, NULL, 0, &full) < 0) {
        dg_phrases_kept_free(&full);
        return -1;
    }
    int same = full.list.n == t->list.n;
    for (size_t i = 0; same && i < full.list.n; i++)
        same = full.tok[i] == t->tok[i] && dg_edit_same(&full.list.v[i], &t->list.v[i]);
    dg_phrases_kept_free(&full);
    if (!same) {
        fprintf(stderr, "degarble: DG_TOKENIZER_VERIFY_RERUN: phrase table proposals differ\n");
        abort();
    }
    return 0;
}

void dg_phrases_kept_free(dg_phrases_kept *k)
{
    dg_edits_clear(&k->list);
    free(k->tok);
    memset(k, 0, sizeof *k);
}

int dg_phrases_propose_kept(const dg_phrases *p, const dg_doc *doc,
                            const dg_literal_seg *seg, size_t nseg, dg_phrases_kept *kept)
{
    if (!p)
        return 0;
    dg_phrases_kept t;
    memset(&t, 0, sizeof t);
    const dg_phrases_kept *prev = kept && kept->valid && seg ? kept : NULL;
    int rc = table_pass(doc, p, prev, seg, nseg, &t);
    if (rc == 0 && prev && getenv("DG_TOKENIZER_VERIFY_RERUN"))
        rc = verify_kept(doc, p, &t);
    for (size_t i = 0; rc == 0 && i < t.list.n; i++) {
        const struct dg_edit *x = &t.list.v[i];
        rc = dg_edits_propose(doc->edits, x->start, x->end, x->repl,
                              x->repl ? x->repl_len : 0, x->stage, x->rule,
                              x->confidence, "%s", x->reason);
    }
    if (kept) {
        dg_phrases_kept_free(kept);
        if (rc == 0) {
            *kept = t;
            kept->valid = 1;
        } else {
            dg_phrases_kept_free(&t);
        }
    } else {
        dg_phrases_kept_free(&t);
    }
    if (rc < 0 || dg_brackets_propose(p, doc) < 0 || dg_entity_variant_propose(doc) < 0)
        return -1;
    return 0;
}

int dg_phrases_propose(const dg_phrases *p, const dg_doc *doc)
{
    return dg_phrases_propose_kept(p, doc, NULL, 0, NULL);
}
