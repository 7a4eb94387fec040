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

/* The passes of the stage after the rule table (phrases.c runs them). */
int dg_brackets_propose(const dg_phrases *p, const dg_doc *doc);   /* brackets.c */
int dg_entity_variant_propose(const dg_doc *doc);                  /* entity-variant.c */

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
