/* phrases.h - the phrase stage's compiled table: the rules of
 * dicts/phrases.txt (matched by rules.c), the organizations of
 * dicts/organizations.txt and the instrument codes of dicts/tickers.txt.
 * phrases-load.c builds it; phrases.c runs the stage (the rule table, then
 * brackets.c, then entity-variant.c).  Private. */
#ifndef DG_PHRASES_H
#define DG_PHRASES_H

#include "degarble.h"
#include "rules.h"
#include "stage.h"
#include "strmap.h"

struct dg_abbrevs;

typedef struct dg_phrases dg_phrases;

#define MAX_CODES 6
#define MAX_COMPANY_WORDS 4
#define MAX_ORG_WORDS 8

typedef struct org {
    char *acronym, *expansion;
    size_t word_off[MAX_ORG_WORDS], word_len[MAX_ORG_WORDS];
    int nwords;
    char *source;          /* "organizations.txt:4" */
} org;

typedef struct ticker {
    char *company;
    char *codes[MAX_CODES];
    int ncodes;
    char *source;
} ticker;

struct dg_phrases {
    dg_ruleset *rules;
    dg_strmap *orgs;       /* acronym (exact) -> org */
    dg_strmap *tickers;    /* folded company name -> ticker */
    dg_strmap *suffixes;   /* folded company suffix (Corp., Inc) -> 1 */
    dg_strmap *exchanges;  /* exchange suffix of any known code (O, TW) -> 1 */
    org **org_list;
    size_t norgs, cap_orgs;
    ticker **tick_list;
    size_t nticks, cap_ticks;
    unsigned groups;
};


/* Compiles the built-in rules (unless opts->no_builtin_data) and
 * opts->rules_files. */
dg_status dg_phrases_new(const dg_options *opts, const struct dg_abbrevs *abbrevs,
                         dg_phrases **out, dg_error *err);
void dg_phrases_free(dg_phrases *p);

/* For the lint (rules-lint.c): the built-in sets, tickers and
 * organizations plus the rules of one file, buf[0, len) named name.  Every
 * data problem is reported through report (and counted in *problems)
 * instead of stopping the load; only running out of memory fails. */
dg_status dg_phrases_load_lint(const char *name, const char *buf, size_t len,
                               dg_rules_report_fn report, void *ctx,
                               unsigned *problems, dg_phrases **out, dg_error *err);

/* The rule table's proposals of one pass, kept for the next pass over the
 * text those proposals' applied edits make (see dg_phrases_propose_kept). */
typedef struct dg_phrases_kept {
    dg_edit_list list;     /* finished (dg_edits_finish), in proposal order */
    size_t *tok;           /* per proposal: the first token of its match */
    size_t cap_tok;
    int valid;             /* list is the table of the text last tokenized */
} dg_phrases_kept;

void dg_phrases_kept_free(dg_phrases_kept *k);

/* dg_phrases_propose, for a pass of the engine's fixed point.  With seg
 * (dg_tokenizer_kept's segments: doc's tokens are those of the text kept
 * was made for, but between the segments) and a valid kept, the rule table
 * runs only over the lines between the segments, and kept's proposals on
 * the segments' lines are proposed again, moved with them: a match never
 * crosses a line break, so this is what a run over every line proposes,
 * in the same order.  kept (may be NULL) then holds this pass's table. */
struct dg_literal_seg;
int dg_phrases_propose_kept(const dg_phrases *p, const dg_doc *doc,
                            const struct dg_literal_seg *seg, size_t nseg,
                            dg_phrases_kept *kept);

/* The passes of the stage after the rule table (phrases.c runs them). */
int dg_brackets_propose(const dg_phrases *p, const dg_doc *doc);   /* brackets.c */
/* entity-variant.c: "Hacker, Home" when "Hacker House" occurs within
 * DG_SAME_TEXT_WINDOW bytes (casing.h); it reads no further. */
int dg_entity_variant_propose(const dg_doc *doc);

/* Proposes input[s, e) -> repl narrowed to the part that differs. */
static inline int dg_phrases_propose_trimmed(const dg_doc *doc, size_t s, size_t e,
                                             const char *repl, size_t rlen,
                                             const char *rule, double conf,
                                             const char *reason)
{
    return dg_edits_propose_trimmed(doc->edits, doc->text, s, e, repl, rlen,
                                    DG_STAGE_PHRASES, rule, conf, reason);
}

#endif
