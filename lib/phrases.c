/* phrases.c - the phrase-repair stage: the rule table of dicts/phrases.txt
 * (matched by rules.c), then the bracket repairs (brackets.c) and the
 * document-level entity repair (entity-variant.c). */
#include "phrases.h"

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

static int table_pass(const dg_doc *doc, const dg_phrases *p)
{
    if (dg_ruleset_count(p->rules) == 0)
        return 0;
    /* What each word type of the call is to the rules, looked up once. */
    dg_rule_memo memo = {.type = doc->type, .types = doc->types,
                         .type_text = doc->type_text};
    if (doc->type && doc->ntypes) {
        memo.word = malloc(doc->ntypes * sizeof *memo.word);
        memo.known = calloc(doc->ntypes, 1);
        memo.cls = calloc(doc->ntok ? doc->ntok : 1, sizeof *memo.cls);
        if (!memo.word || !memo.known || !memo.cls) {
            free(memo.word);
            free(memo.known);
            free(memo.cls);
            return -1;
        }
    } else {
        memo.type = NULL;
    }
    int rc = 0;
    for (size_t i = 0; i < doc->ntok;) {
        const dg_token *k = &doc->tok[i];
        dg_rule_match m;
        if (k->kind != DG_TOKEN_SPACE && k->kind != DG_TOKEN_NEWLINE &&
            dg_ruleset_match(p->rules, doc->text, doc->tok, doc->ntok, i, &m, &memo)) {
            if (propose_match(doc, &m) < 0) {
                rc = -1;
                break;
            }
            i = m.last;
        } else {
            i++;
        }
    }
    free(memo.word);
    free(memo.known);
    free(memo.cls);
    return rc;
}

int dg_phrases_propose(const dg_phrases *p, const dg_doc *doc)
{
    if (!p)
        return 0;
    if (table_pass(doc, p) < 0 || dg_brackets_propose(p, doc) < 0 || dg_entity_variant_propose(doc) < 0)
        return -1;
    return 0;
}
