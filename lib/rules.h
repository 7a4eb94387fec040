/* rules.h - the phrase-rule table: rules parsed from dicts/phrases.txt,
 * compiled once into a token trie, matched in one pass.  Private.
 *
 * The trie is keyed by folded token text (a number per text, looked up
 * once per word type, then one integer probe per live trie node) plus a
 * short list of class edges per node (<NUM>, <CAP>, <NAME>, <@set>...),
 * so the cost per token depends on the depth and shape of the trie, never
 * on how many rules it holds. */
#ifndef DG_RULES_H
#define DG_RULES_H

#include "degarble.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

/* Longest pattern, in elements; also the capture count limit ($1..$16). */
#define DG_RULE_MAX_ELEMS 16
/* Optional elements per pattern: each doubles the trie paths. */
#define DG_RULE_MAX_OPTIONAL 6
/* Parts of a "name" condition's template ("$5 $2": 2). */
#define DG_RULE_MAX_COND 8
/* Token text longer than this never matches a literal or a set. */
#define DG_RULE_MAX_TOKEN 96

typedef struct dg_rule_example {
    char *in, *out;
    unsigned line;
} dg_rule_example;

/* A piece of a replacement: literal text, or a copy of what pattern
 * element cap (1-based) matched. */
typedef struct dg_repl_seg {
    int cap;               /* 0: literal */
    size_t off, len;       /* literal: bytes of rule->repl_text;
                              capture: the ending to strip (${N-s}) */
    int mod;               /* capture: DG_REPL_* case of its first letter */
} dg_repl_seg;

#define DG_REPL_KEEP 0
#define DG_REPL_LOWER 1    /* ${N:lower} */
#define DG_REPL_UPPER 2    /* ${N:upper} */

typedef struct dg_rule {
    char *rule;            /* "phrases.<id>": the edit's rule id */
    const char *id;        /* rule + 8 */
    char *category, *note, *pattern, *replace;
    char *file;            /* base name, for reasons: "phrases.txt" */
    char *path;            /* as given, for lint messages */
    unsigned line, pattern_line, replace_line;
    float confidence;
    int nelems;
    dg_repl_seg *segs;
    size_t nsegs;
    char *repl_text;
    dg_rule_example *examples;
    size_t nexamples;
    unsigned group;        /* load unit: duplicates inside one are reported */
    /* "name<TAB>TEMPLATE<TAB>KINDS": the match counts only when the text
     * TEMPLATE makes of the captures ("$5 $2") is a name of those kinds. */
    char *name_tmpl, *name_kinds;
    unsigned name_line;
    int ncond;
    struct { int cap; unsigned short off, len; } cond[DG_RULE_MAX_COND];
    unsigned cond_kinds;
    int cond_set;          /* a names set, -1: none */
} dg_rule;

typedef struct dg_ruleset dg_ruleset;

/* What a match found: the rule, the token range, and per pattern element
 * the token range it covered (empty when an optional element is absent). */
typedef struct dg_rule_match {
    const dg_rule *rule;
    size_t first, last;            /* tokens [first, last) */
    size_t el_first[DG_RULE_MAX_ELEMS + 1], el_last[DG_RULE_MAX_ELEMS + 1];
    int specificity;
    size_t rule_index;
} dg_rule_match;

/* Receives problems that do not stop compiling (duplicate patterns). */
typedef void (*dg_rules_warn_fn)(const dg_rule *rule, unsigned line,
                                 const char *msg, void *ctx);

dg_ruleset *dg_ruleset_new(void);
void dg_ruleset_free(dg_ruleset *rs);

/* Adds words (space-separated) to set @name, creating it.  Returns 0, -1
 * out of memory, -2 too many sets. */
int dg_ruleset_define(dg_ruleset *rs, const char *name, const char *words);
/* Adds one multiword name ("North Korea") to set @name, as one entry: a
 * <NAME:@name> element or a name condition can ask for it. */
int dg_ruleset_define_name(dg_ruleset *rs, const char *name, const char *words);

/* Takes ownership of rule (whose pattern and replace are filled), compiles
 * its pattern into the trie.  On a malformed pattern or replacement returns
 * DG_ERR_DATA with *msg set to a static-or-buffered message and *line to
 * the offending line; rule is freed in every case but success. */
dg_status dg_ruleset_add(dg_ruleset *rs, dg_rule *rule, char *msg,
                         size_t msg_size, unsigned *line,
                         dg_rules_warn_fn warn, void *warn_ctx);

void dg_rule_free(dg_rule *rule);

/* Writes capture text s[0, n) as segment seg of rule r asks (ending
 * stripped, first letter's case changed) into out; returns the length,
 * or 0 when it does not fit in cap. */
size_t dg_repl_capture(const dg_rule *r, const dg_repl_seg *seg, const char *s,
                       size_t n, char *out, size_t cap);

/* A text the pattern of rule r (in rs) matches: each element written as a
 * token of its kind (a literal as itself, <WORD> as "word", <NUM> as
 * "2018", <@set> as the set's first word...), joined by spaces.  Returns
 * its length, or 0 when it does not fit in cap. */
size_t dg_rule_sample(const dg_ruleset *rs, const dg_rule *r, char *out, size_t cap);

size_t dg_ruleset_count(const dg_ruleset *rs);
const dg_rule *dg_ruleset_get(const dg_ruleset *rs, size_t i);

/* What the matcher remembers over one call (dg_ruleset_match's memo): per
 * word type of the call (see dg_doc in stage.h), what the type is to the
 * rules, looked up once (rules.c's tinfo); per token, its element
 * classes. */
struct dg_word_type;
typedef struct dg_rule_memo {
    const uint32_t *type;          /* per token, DG_NO_TYPE: none */
    const struct dg_word_type *types;
    const char *type_text;
    struct dg_rule_tinfo *ti;      /* per type */
    struct dg_rule_splan *splan;   /* plans at a start (rules.c) */
    uint16_t *cls;                 /* per token, zeroed: its element classes
                                      (rules.c classes_at) */
    struct dg_scratch *scratch;    /* ti and cls live in its pass block */
    void *block;
    size_t block_bytes;
} dg_rule_memo;

/* A memo for the ntok tokens of type (per token: the word type, DG_NO_TYPE:
 * none; type may be NULL: then the memo remembers nothing) whose ntypes
 * types are types, with their folds in type_text.  With a scratch its two
 * big arrays (2 MB for a piece of prose) are the scratch's pass block
 * (DG_SCRATCH_PASS, lib/scratch.h), whose pages are resident, until
 * dg_rule_memo_free() gives it back: fresh, they were faulted in and
 * zeroed by the kernel on every pass.  Returns 0, or -1 when out of
 * memory (memo is then freed). */
int dg_rule_memo_init(dg_rule_memo *memo, const uint32_t *type,
                      const struct dg_word_type *types, const char *type_text,
                      size_t ntypes, size_t ntok, struct dg_scratch *scratch);
void dg_rule_memo_free(dg_rule_memo *memo);

/* The longest match starting at token i (which must not be a space), or 0.
 * Ties: more literal elements, then the rule loaded first.  memo may be
 * NULL (every token is then folded and looked up where it is met). */
int dg_ruleset_match(const dg_ruleset *rs, const char *text,
                     const dg_token *tok, size_t ntok, size_t i,
                     dg_rule_match *m, dg_rule_memo *memo);

/* The first match (dg_ruleset_match's) starting at a token of [i, to)
 * that is no space or line break: 1 and *m, or 0.  Tokens that start
 * nothing are passed over with one test each. */
int dg_ruleset_find(const dg_ruleset *rs, const char *text, const dg_token *tok,
                    size_t ntok, size_t i, size_t to, dg_rule_match *m,
                    dg_rule_memo *memo);

#endif
