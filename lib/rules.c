/* rules.c - compiling phrase rules into a token trie and matching them.
 *
 * Every pattern element becomes one trie step.  Each folded literal text
 * has a number (lit_ids), and folded literal steps live in one integer
 * hash table keyed by (node, that number): a token's number is looked up
 * once per word type, and following a literal from any node is then one
 * probe whatever the number of rules.  =exact steps live in a hash map
 * keyed by (node, token bytes); class steps (<NUM>, <CAP>, <NAME>,
 * <@set>...) are a short list per node.  An optional element makes
 * a pattern two paths (with and without it); each path's terminal remembers
 * which element each step stands for, so $N means the same thing on every
 * path. */
#include "rules.h"

#include "grow.h"
#include "names-table.h"
#include "scratch.h"
#include "stage.h"
#include "strmap.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

enum el_kind { EL_LIT, EL_EXACT, EL_NUM, EL_CODE, EL_CAP, EL_LOWER, EL_WORD,
               EL_NAME, EL_SET, EL_START, EL_AMOUNT, EL_GAZ, EL_SAME };

/* Kinds of a <NAME:kind+kind> element or a name condition: every one must
 * hold.  All but GK_POSS ask the generated name table (names-table.h). */
#define GK_PLACE 0x01u     /* a country, subdivision, city or zone city */
#define GK_COUNTRY 0x02u   /* an ISO 3166 country */
#define GK_PERSON 0x04u    /* SCOWL's proper names (people, places) */
#define GK_LANGUAGE 0x08u  /* an ISO 639 language */
#define GK_CURRENCY 0x10u  /* the adjective of an ISO 4217 currency */
#define GK_ANY 0x20u       /* any name of the table */
#define GK_POSS 0x40u      /* its last word ends in 's (Korea's) */
#define GK_TABLE (GK_PLACE | GK_COUNTRY | GK_PERSON | GK_LANGUAGE | GK_CURRENCY | GK_ANY)
#define GK_NOSET 0xffu

/* A <NAME> longer than this is more likely a run of headline words. */
#define NAME_MAX_WORDS 5
#define MAX_SETS 63

typedef struct cedge {
    uint8_t kind, set;
    uint8_t gk, gset;      /* EL_GAZ: kinds and names set (GK_NOSET) */
    uint32_t child;
    uint32_t next;         /* next class edge of the same node, 0: none */
} cedge;

typedef struct tnode {
    uint32_t cedges;       /* first class edge (index + 1), 0: none */
    int32_t term;          /* index into terms, -1: not a terminal */
    uint8_t has_lit;       /* literal steps leave this node: LIT_FOLDED, LIT_EXACT */
    uint16_t ckinds;       /* bit kind: a class edge of that kind (not EL_SET) */
    uint64_t csets;        /* bit set: an EL_SET edge of that set */
} tnode;

typedef struct term {
    uint32_t rule;
    uint8_t nsteps;
    uint8_t elem[DG_RULE_MAX_ELEMS]; /* step -> element (1-based) */
    uint8_t specificity;
} term;

struct dg_ruleset {
    dg_rule **rules;
    size_t nrules, cap_rules;
    tnode *nodes;
    size_t nnodes, cap_nodes;
    cedge *edges;          /* edges[0] unused so that 0 means "none" */
    size_t nedges, cap_edges;
    term *terms;
    size_t nterms, cap_terms;
    dg_strmap *lit;        /* =exact steps: node id + text -> child + 1 */
    dg_strmap *lit_ids;    /* folded text of a literal step -> its number + 1 */
    uint32_t nlit_ids;
    struct litslot *litv;  /* folded literal steps, open addressing */
    size_t nlitv, cap_litv; /* cap_litv: 0 or a power of two */
    dg_strmap *set_names;  /* name -> set index + 1 */
    dg_strmap *set_words;  /* folded word -> bit mask of sets, | LIT_WORD */
    size_t nsets;
    char *set_sample[MAX_SETS];   /* first word of each set, for samples */
    int unfolded_exact;    /* an =exact literal whose folded form is unknown */
    /* ends[a][b >> 6] bit b & 63: some key of set_words begins with the
     * ASCII byte a and ends with b.  A token whose first and last bytes are
     * ASCII folds to a key with their lower-case forms at its ends, so most
     * tokens are ruled out before they are folded. */
    uint64_t ends[128][2];
    /* The root's class edges by position in its list (when it has at
     * most ROOT_EDGES), and per element kind those positions as bits: the
     * root's edges that could take a token are found without a walk of
     * its list; root_smask likewise per set of an EL_SET edge. */
    uint32_t root_edge[32];
    uint32_t root_kmask[EL_SAME + 1];
    uint32_t root_smask[MAX_SETS];
    unsigned nroot_edges;
};

#define ROOT_EDGES 32

/* Matching folds each token once and looks it up in set_words; this bit of
 * the value says "some literal step has this folded text", so a token that
 * no literal could match costs one lookup instead of two per trie node.
 * Set bits are 0..MAX_SETS-1, so bit 63 is free. */
#define LIT_WORD ((uintptr_t)1 << 63)

/* A folded literal step: from node, on the literal text numbered lid. */
typedef struct litslot {
    uint32_t node, lid;
    uint32_t child;        /* + 1; 0: empty slot */
} litslot;

#define NO_LID UINT32_MAX
/* lid | EXACT_LID: some =exact step from the node has the folded text
 * lid (the slot's child is then no node). */
#define EXACT_LID 0x80000000u

static size_t lit_slot(size_t cap, uint32_t node, uint32_t lid)
{
    uint64_t h = ((uint64_t)node << 32 | lid) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

/* The child of node's folded literal step lid, + 1; 0: none. */
static inline uint32_t lit_find(const dg_ruleset *rs, uint32_t node, uint32_t lid)
{
    if (!rs->cap_litv)
        return 0;
    for (size_t i = lit_slot(rs->cap_litv, node, lid);; i = (i + 1) & (rs->cap_litv - 1)) {
        const litslot *e = &rs->litv[i];
        if (!e->child)
            return 0;
        if (e->node == node && e->lid == lid)
            return e->child;
    }
}

/* ---- letters ---------------------------------------------------------- */

static int starts_lower(const char *s, size_t len)
{
    uint32_t c;
    if (len && (unsigned char)s[0] < 0x80)
        return s[0] >= 'a' && s[0] <= 'z';
    return len && dg_utf8_decode((const unsigned char *)s, len, &c) &&
           u_islower((UChar32)c);
}

/* ---- building --------------------------------------------------------- */

dg_ruleset *dg_ruleset_new(void)
{
    dg_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->lit = dg_strmap_new();
    rs->lit_ids = dg_strmap_new();
    rs->set_names = dg_strmap_new();
    rs->set_words = dg_strmap_new();
    rs->nodes = calloc(64, sizeof *rs->nodes);
    rs->edges = calloc(64, sizeof *rs->edges);
    if (!rs->lit || !rs->lit_ids || !rs->set_names || !rs->set_words || !rs->nodes ||
        !rs->edges) {
        dg_ruleset_free(rs);
        return NULL;
    }
    rs->cap_nodes = rs->cap_edges = 64;
    rs->nodes[0].term = -1;
    rs->nnodes = 1;
    rs->nedges = 1;
    return rs;
}

void dg_rule_free(dg_rule *r)
{
    if (!r)
        return;
    free(r->rule);
    free(r->category);
    free(r->note);
    free(r->pattern);
    free(r->replace);
    free(r->file);
    free(r->path);
    free(r->segs);
    free(r->repl_text);
    free(r->name_tmpl);
    free(r->name_kinds);
    for (size_t i = 0; i < r->nexamples; i++) {
        free(r->examples[i].in);
        free(r->examples[i].out);
    }
    free(r->examples);
    free(r);
}

void dg_ruleset_free(dg_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        dg_rule_free(rs->rules[i]);
    free(rs->rules);
    free(rs->nodes);
    free(rs->edges);
    free(rs->terms);
    dg_strmap_free(rs->lit);
    dg_strmap_free(rs->lit_ids);
    free(rs->litv);
    dg_strmap_free(rs->set_names);
    dg_strmap_free(rs->set_words);
    for (size_t i = 0; i < rs->nsets; i++)
        free(rs->set_sample[i]);
    free(rs);
}

size_t dg_ruleset_count(const dg_ruleset *rs)
{
    return rs ? rs->nrules : 0;
}

const dg_rule *dg_ruleset_get(const dg_ruleset *rs, size_t i)
{
    return rs && i < rs->nrules ? rs->rules[i] : NULL;
}

static void mark_ends(dg_ruleset *rs, const char *f, size_t fl)
{
    unsigned char a = (unsigned char)f[0], b = (unsigned char)f[fl - 1];
    if (a < 0x80 && b < 0x80)
        rs->ends[a][b >> 6] |= (uint64_t)1 << (b & 63);
}

/* False when no key of set_words can be the folded form of s[0, n). */
static int may_be_word(const dg_ruleset *rs, const char *s, size_t n)
{
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[n - 1];
    if (a >= 0x80 || b >= 0x80)
        return 1;
    a = (unsigned char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
    b = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    return (rs->ends[a][b >> 6] >> (b & 63)) & 1;
}

int dg_ruleset_define(dg_ruleset *rs, const char *name, const char *words)
{
    uintptr_t idx = (uintptr_t)dg_strmap_get(rs->set_names, name, strlen(name));
    if (!idx) {
        if (rs->nsets == MAX_SETS)
            return -2;
        idx = ++rs->nsets;
        if (dg_strmap_put(rs->set_names, name, strlen(name), (void *)idx) < 0)
            return -1;
    }
    const char *p = words;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p && !rs->set_sample[idx - 1]) {
            rs->set_sample[idx - 1] = strndup(p, (size_t)(e - p));
            if (!rs->set_sample[idx - 1])
                return -1;
        }
        if (e > p) {
            char f[DG_RULE_MAX_TOKEN];
            size_t fl = dg_fold(p, (size_t)(e - p), f, sizeof f);
            if (fl) {
                uintptr_t mask = (uintptr_t)dg_strmap_get(rs->set_words, f, fl);
                mask |= (uintptr_t)1 << (idx - 1);
                if (dg_strmap_put(rs->set_words, f, fl, (void *)mask) < 0)
                    return -1;
                mark_ends(rs, f, fl);
            }
        }
        p = e;
    }
    return 0;
}

int dg_ruleset_define_name(dg_ruleset *rs, const char *name, const char *words)
{
    if (dg_ruleset_define(rs, name, "") < 0)
        return rs->nsets == MAX_SETS ? -2 : -1;
    uintptr_t idx = (uintptr_t)dg_strmap_get(rs->set_names, name, strlen(name));
    char f[DG_RULE_MAX_TOKEN * 2];
    size_t fl = dg_fold(words, strlen(words), f, sizeof f);
    if (!fl)
        return 0;
    if (!rs->set_sample[idx - 1] && !(rs->set_sample[idx - 1] = strdup(words)))
        return -1;
    uintptr_t mask = (uintptr_t)dg_strmap_get(rs->set_words, f, fl) | (uintptr_t)1 << (idx - 1);
    return dg_strmap_put(rs->set_words, f, fl, (void *)mask) < 0 ? -1 : 0;
}

/* Parses the kinds of <NAME:...> or of a name condition: words joined by
 * '+' (place, country, person, language, currency, any, poss, @set). */
static int parse_kinds(const dg_ruleset *rs, const char *p, size_t len, unsigned *gk,
                       int *gset, char *msg, size_t msz)
{
    static const struct { const char *name; unsigned bit; } kinds[] = {
        {"place", GK_PLACE}, {"country", GK_COUNTRY}, {"person", GK_PERSON},
        {"language", GK_LANGUAGE}, {"currency", GK_CURRENCY}, {"any", GK_ANY},
        {"poss", GK_POSS},
    };
    *gk = 0;
    *gset = -1;
    for (size_t i = 0; i <= len;) {
        size_t e = i;
        while (e < len && p[e] != '+')
            e++;
        size_t n = e - i;
        int ok = 0;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (strlen(kinds[k].name) == n && memcmp(kinds[k].name, p + i, n) == 0) {
                *gk |= kinds[k].bit;
                ok = 1;
            }
        if (!ok && n > 1 && p[i] == '@' && *gset < 0) {
            uintptr_t idx = (uintptr_t)dg_strmap_get(rs->set_names, p + i + 1, n - 1);
            if (!idx) {
                snprintf(msg, msz, "set '%.*s' is not defined (define it before the rule)",
                         (int)(n - 1), p + i + 1);
                return -1;
            }
            *gset = (int)idx - 1;
            ok = 1;
        }
        if (!ok) {
            snprintf(msg, msz, "unknown name kind '%.*s' (known: place country person "
                     "language currency any poss @set, joined by '+')", (int)n, p + i);
            return -1;
        }
        i = e + 1;
    }
    if (!(*gk & GK_TABLE) && *gset < 0)
        *gk |= GK_ANY;
    return 0;
}

typedef struct pel {
    unsigned gk;
    int gset;
    int kind, set, optional;
    const char *text;      /* literal text inside the pattern string */
    size_t len;
} pel;

/* Splits a pattern into elements; see the syntax in dicts/phrases.txt. */
static int parse_pattern(dg_ruleset *rs, char *pat, pel *el, int *nel,
                         char *msg, size_t msz)
{
    static const struct { const char *name; int kind; } classes[] = {
        {"<NUM>", EL_NUM}, {"<CODE>", EL_CODE}, {"<CAP>", EL_CAP},
        {"<LOWER>", EL_LOWER}, {"<WORD>", EL_WORD}, {"<NAME>", EL_NAME},
        {"<START>", EL_START}, {"<AMOUNT>", EL_AMOUNT}, {"<SAME>", EL_SAME},
    };
    int n = 0, nopt = 0;
    char *p = pat;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        size_t len = (size_t)(e - p);
        if (n == DG_RULE_MAX_ELEMS) {
            snprintf(msg, msz, "pattern has more than %d elements", DG_RULE_MAX_ELEMS);
            return -1;
        }
        pel x = {.kind = EL_LIT, .text = p, .len = len, .gset = -1};
        if (p[0] == '\\' && len > 1) {
            x.text = p + 1;
            x.len = len - 1;
        } else {
            if (len > 1 && p[len - 1] == '?') {
                x.optional = 1;
                len--;
                x.len = len;
                nopt++;
            }
            if (p[0] == '<' && len > 1) {
                if (p[len - 1] != '>') {
                    snprintf(msg, msz, "'%.*s': a class is written <NAME>", (int)len, p);
                    return -1;
                }
                x.kind = -1;
                if (len > 7 && memcmp(p, "<NAME:", 6) == 0) {
                    if (parse_kinds(rs, p + 6, len - 7, &x.gk, &x.gset, msg, msz) < 0)
                        return -1;
                    x.kind = EL_GAZ;
                }
                for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++)
                    if (strlen(classes[c].name) == len && memcmp(classes[c].name, p, len) == 0)
                        x.kind = classes[c].kind;
                if (x.kind < 0 && len > 3 && p[1] == '@') {
                    uintptr_t idx = (uintptr_t)dg_strmap_get(rs->set_names, p + 2, len - 3);
                    if (!idx) {
                        snprintf(msg, msz, "set '%.*s' is not defined (define it before the rule)",
                                 (int)(len - 3), p + 2);
                        return -1;
                    }
                    x.kind = EL_SET;
                    x.set = (int)idx - 1;
                }
                if (x.kind < 0) {
                    snprintf(msg, msz, "unknown class '%.*s' (known: <NUM> <CODE> <CAP> "
                             "<LOWER> <WORD> <NAME> <NAME:kind> <AMOUNT> <START> <SAME> <@set>)",
                             (int)len, p);
                    return -1;
                }
            } else if (p[0] == '=' && len > 1) {
                x.kind = EL_EXACT;
                x.text = p + 1;
                x.len = len - 1;
            }
        }
        if (x.len >= DG_RULE_MAX_TOKEN) {
            snprintf(msg, msz, "pattern element longer than %d bytes", DG_RULE_MAX_TOKEN - 1);
            return -1;
        }
        if (x.kind == EL_LIT || x.kind == EL_EXACT) {
            /* Tokens never hold invalid UTF-8, so such an element could
             * never match; say so here rather than fail later in folding. */
            uint32_t cp;
            for (size_t i = 0, k; i < x.len; i += k) {
                k = dg_utf8_decode((const unsigned char *)x.text + i, x.len - i, &cp);
                if (!k) {
                    snprintf(msg, msz, "pattern element is not valid UTF-8");
                    return -1;
                }
            }
        }
        if (x.kind == EL_SAME && (n == 0 || el[n - 1].optional || el[n - 1].kind == EL_START ||
                                  x.optional)) {
            snprintf(msg, msz, "<SAME> (the word before it again) needs an element before "
                     "it that is not optional or <START>, and cannot be optional");
            return -1;
        }
        if (x.kind == EL_START && (n > 0 || x.optional)) {
            snprintf(msg, msz, "<START> (a sentence begins here) can only be the "
                     "first element, and not optional");
            return -1;
        }
        el[n++] = x;
        p = e;
    }
    if (n > 0 && el[0].kind == EL_START) {
        int solid = 0;
        for (int i = 1; i < n; i++)
            solid |= !el[i].optional;
        if (!solid) {
            snprintf(msg, msz, "<START> needs an element after it that is not optional");
            return -1;
        }
    }
    if (n == 0) {
        snprintf(msg, msz, "empty pattern");
        return -1;
    }
    if (nopt > DG_RULE_MAX_OPTIONAL) {
        snprintf(msg, msz, "more than %d optional elements", DG_RULE_MAX_OPTIONAL);
        return -1;
    }
    if (nopt == n) {
        snprintf(msg, msz, "every element is optional: the pattern could match nothing");
        return -1;
    }
    *nel = n;
    return 0;
}

/* Splits a replacement into literal pieces and $N captures. */
static int parse_replace(dg_rule *r, char *msg, size_t msz)
{
    const char *s = r->replace;
    size_t n = strlen(s);
    /* The replacement is copied into the output: it must not bring invalid
     * UTF-8 into text that had none. */
    if (!dg_utf8_valid(s, n)) {
        snprintf(msg, msz, "replacement is not valid UTF-8");
        return -1;
    }
    r->segs = calloc(n + 1, sizeof *r->segs);
    r->repl_text = malloc(n + 1);
    if (!r->segs || !r->repl_text)
        return -2;
    size_t out = 0, lit_start = 0;
    r->nsegs = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
            r->repl_text[out++] = '$';
            i += 2;
            continue;
        }
        if (s[i] == '$') {
            int cap = 0, mod = DG_REPL_KEEP;
            size_t j = i + 1, strip_off = 0, strip_len = 0;
            int braces = j < n && s[j] == '{', bad = 0;
            if (braces)
                j++;
            while (j < n && s[j] >= '0' && s[j] <= '9' && cap < 1000)
                cap = cap * 10 + (s[j++] - '0');
            if (braces && j < n && s[j] == ':') {
                /* ${N:lower}, ${N:upper}: the first letter's case. */
                if (n - j >= 6 && memcmp(s + j, ":lower", 6) == 0)
                    mod = DG_REPL_LOWER, j += 6;
                else if (n - j >= 6 && memcmp(s + j, ":upper", 6) == 0)
                    mod = DG_REPL_UPPER, j += 6;
                else
                    bad = 1;
            }
            if (braces && !bad && j < n && s[j] == '-') {
                /* ${N-s}: without that ending. */
                size_t k = ++j;
                while (j < n && s[j] != '}')
                    j++;
                strip_len = j - k;
                if (!strip_len)
                    bad = 1;
                strip_off = out;
                memcpy(r->repl_text + out, s + k, strip_len);
                out += strip_len;
            }
            if (braces && (bad || j >= n || s[j] != '}'))
                cap = 0;
            if (braces)
                j++;
            if (cap < 1 || cap > r->nelems) {
                snprintf(msg, msz, "'%.*s' in the replacement: captures are $1..$%d "
                         "(one per pattern element), ${N}, ${N:lower}, ${N:upper}, "
                         "${N-ending}; $$ is a dollar sign",
                         (int)(j - i < 12 ? j - i : 12), s + i, r->nelems);
                return -1;
            }
            if (strip_len ? strip_off > lit_start : out > lit_start)
                r->segs[r->nsegs++] = (dg_repl_seg){0, lit_start,
                                                    (strip_len ? strip_off : out) - lit_start, 0};
            r->segs[r->nsegs++] = (dg_repl_seg){cap, strip_off, strip_len, mod};
            lit_start = out;
            i = j;
            continue;
        }
        r->repl_text[out++] = s[i++];
    }
    if (out > lit_start)
        r->segs[r->nsegs++] = (dg_repl_seg){0, lit_start, out - lit_start, 0};
    r->repl_text[out] = '\0';
    return 0;
}

static size_t case_first(const char *s, size_t n, int mod, char *out, size_t cap)
{
    uint32_t c;
    size_t k = n ? dg_utf8_decode((const unsigned char *)s, n, &c) : 0;
    if (!k)
        return 0;
    UChar32 d = mod == DG_REPL_LOWER ? u_tolower((UChar32)c) : u_toupper((UChar32)c);
    char enc[4];
    size_t el = 0;
    U8_APPEND_UNSAFE(enc, el, d);
    if (el + n - k > cap)
        return 0;
    memcpy(out, enc, el);
    memcpy(out + el, s + k, n - k);
    return el + n - k;
}

size_t dg_repl_capture(const dg_rule *r, const dg_repl_seg *seg, const char *s,
                       size_t n, char *out, size_t cap)
{
    if (seg->len && n > seg->len) {
        char a[DG_RULE_MAX_TOKEN], b[DG_RULE_MAX_TOKEN];
        size_t al = dg_fold(s + n - seg->len, seg->len, a, sizeof a);
        size_t bl = dg_fold(r->repl_text + seg->off, seg->len, b, sizeof b);
        if (al && al == bl && memcmp(a, b, al) == 0)
            n -= seg->len;
    }
    if (seg->mod != DG_REPL_KEEP && n)
        return case_first(s, n, seg->mod, out, cap);
    if (n > cap)
        return 0;
    memcpy(out, s, n);
    return n;
}

static int new_node(dg_ruleset *rs, uint32_t *id)
{
    if (rs->nnodes == rs->cap_nodes) {
        tnode *v = realloc(rs->nodes, rs->cap_nodes * 2 * sizeof *v);
        if (!v)
            return -1;
        rs->nodes = v;
        rs->cap_nodes *= 2;
    }
    rs->nodes[rs->nnodes] = (tnode){0, -1, 0, 0, 0};
    *id = (uint32_t)rs->nnodes++;
    return 0;
}

#define LIT_FOLDED 1
#define LIT_EXACT 2

/* The hash of an =exact step's key from the hash of its text
 * (dg_hash_bytes). */
static uint64_t exact_hash(uint32_t node, uint64_t text_hash)
{
    uint64_t h = text_hash ^ ((uint64_t)node * 0x9E3779B97F4A7C15ull);
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

static size_t exact_key(char *key, uint32_t node, const char *s, size_t len)
{
    memcpy(key, &node, 4);
    memcpy(key + 4, s, len);
    return len + 4;
}

/* The number of folded literal text f, made when absent; NO_LID when out
 * of memory. */
static uint32_t lit_id(dg_ruleset *rs, const char *f, size_t fl)
{
    uintptr_t v = (uintptr_t)dg_strmap_get(rs->lit_ids, f, fl);
    if (v)
        return (uint32_t)(v - 1);
    if (dg_strmap_put(rs->lit_ids, f, fl, (void *)(uintptr_t)(rs->nlit_ids + 1)) < 0)
        return NO_LID;
    return rs->nlit_ids++;
}

static void lit_insert(litslot *v, size_t cap, litslot x)
{
    size_t i = lit_slot(cap, x.node, x.lid);
    while (v[i].child)
        i = (i + 1) & (cap - 1);
    v[i] = x;
}

/* Adds node's folded literal step lid to child; the table stays at most
 * half full. */
static int lit_put(dg_ruleset *rs, uint32_t node, uint32_t lid, uint32_t child)
{
    if (2 * (rs->nlitv + 1) > rs->cap_litv) {
        size_t cap = rs->cap_litv ? rs->cap_litv * 2 : 64;
        litslot *v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < rs->cap_litv; i++)
            if (rs->litv[i].child)
                lit_insert(v, cap, rs->litv[i]);
        free(rs->litv);
        rs->litv = v;
        rs->cap_litv = cap;
    }
    lit_insert(rs->litv, rs->cap_litv, (litslot){node, lid, child + 1});
    rs->nlitv++;
    return 0;
}

/* Notes the folded text of x, a step from node, in set_words (see
 * LIT_WORD), and for an =exact x in the literal table. */
static int mark_literal(dg_ruleset *rs, uint32_t node, const pel *x)
{
    char f[DG_RULE_MAX_TOKEN];
    size_t fl = dg_fold(x->text, x->len, f, sizeof f);
    if (!fl) {
        rs->unfolded_exact = 1;
        return 0;
    }
    uintptr_t v = (uintptr_t)dg_strmap_get(rs->set_words, f, fl) | LIT_WORD;
    mark_ends(rs, f, fl);
    if (x->kind == EL_EXACT) {
        /* An exact literal matches only a token with its bytes, hence
         * with its folded text: a token whose fold has no exact step from
         * node is not hashed again for the exact lookup. */
        uint32_t lid = lit_id(rs, f, fl);
        if (lid == NO_LID)
            return -1;
        if (!lit_find(rs, node, lid | EXACT_LID) && lit_put(rs, node, lid | EXACT_LID, 0) < 0)
            return -1;
    }
    return dg_strmap_put(rs->set_words, f, fl, (void *)v);
}

/* Follows or creates the step for element x from node; returns the child. */
static int step(dg_ruleset *rs, uint32_t node, const pel *x, uint32_t *child)
{
    if (x->kind == EL_LIT) {
        char f[DG_RULE_MAX_TOKEN];
        size_t fl = dg_fold(x->text, x->len, f, sizeof f);
        if (!fl)
            return -1;
        uint32_t lid = lit_id(rs, f, fl);
        if (lid == NO_LID)
            return -1;
        uint32_t c = lit_find(rs, node, lid);
        if (c) {
            *child = c - 1;
            return 0;
        }
        if (mark_literal(rs, node, x) < 0)
            return -1;
        rs->nodes[node].has_lit |= LIT_FOLDED;
        return new_node(rs, child) < 0 || lit_put(rs, node, lid, *child) < 0 ? -1 : 0;
    }
    if (x->kind == EL_EXACT) {
        char key[DG_RULE_MAX_TOKEN + 8];
        size_t kl = exact_key(key, node, x->text, x->len);
        uint64_t h = exact_hash(node, dg_hash_bytes(x->text, x->len));
        uintptr_t c = (uintptr_t)dg_strmap_get_h(rs->lit, key, kl, h);
        if (c) {
            *child = (uint32_t)(c - 1);
            return 0;
        }
        if (mark_literal(rs, node, x) < 0)
            return -1;
        rs->nodes[node].has_lit |= LIT_EXACT;
        if (new_node(rs, child) < 0 ||
            dg_strmap_put_h(rs->lit, key, kl, h, (void *)(uintptr_t)(*child + 1)) < 0)
            return -1;
        return 0;
    }
    for (uint32_t e = rs->nodes[node].cedges; e; e = rs->edges[e].next) {
        if (rs->edges[e].kind == x->kind && rs->edges[e].set == x->set &&
            rs->edges[e].gk == (uint8_t)x->gk &&
            rs->edges[e].gset == (x->gset < 0 ? GK_NOSET : (uint8_t)x->gset)) {
            *child = rs->edges[e].child;
            return 0;
        }
    }
    if (new_node(rs, child) < 0)
        return -1;
    if (rs->nedges == rs->cap_edges) {
        cedge *v = realloc(rs->edges, rs->cap_edges * 2 * sizeof *v);
        if (!v)
            return -1;
        rs->edges = v;
        rs->cap_edges *= 2;
    }
    /* Appended at the end of the node's list, so that class edges are
     * tried in the order rules were loaded. */
    uint32_t id = (uint32_t)rs->nedges++;
    rs->edges[id] = (cedge){(uint8_t)x->kind, (uint8_t)x->set, (uint8_t)x->gk,
                            x->gset < 0 ? GK_NOSET : (uint8_t)x->gset, *child, 0};
    if (x->kind == EL_SET)
        rs->nodes[node].csets |= (uint64_t)1 << x->set;
    else
        rs->nodes[node].ckinds |= (uint16_t)(1u << x->kind);
    uint32_t *link = &rs->nodes[node].cedges;
    while (*link)
        link = &rs->edges[*link].next;
    *link = id;
    if (node == 0) {
        if (rs->nroot_edges < ROOT_EDGES) {
            if (x->kind != EL_SET)
                rs->root_kmask[x->kind] |= 1u << rs->nroot_edges;
            else
                rs->root_smask[x->set] |= 1u << rs->nroot_edges;
            rs->root_edge[rs->nroot_edges] = id;
        }
        rs->nroot_edges++;
    }
    return 0;
}

/* "name<TAB>$5 $2<TAB>place": the template's parts (captures and literal
 * words, separated by spaces) and the kinds the text they make must have. */
static int parse_cond(const dg_ruleset *rs, dg_rule *r, char *msg, size_t msz)
{
    const char *t = r->name_tmpl;
    size_t n = strlen(t);
    r->ncond = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && t[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t e = i;
        while (e < n && t[e] != ' ')
            e++;
        if (r->ncond == DG_RULE_MAX_COND || e - i > 200) {
            snprintf(msg, msz, "a name template has at most %d parts", DG_RULE_MAX_COND);
            return -1;
        }
        int cap = 0;
        if (t[i] == '$') {
            size_t j = i + 1, b = j < e && t[j] == '{';
            j += b;
            while (j < e && t[j] >= '0' && t[j] <= '9' && cap < 1000)
                cap = cap * 10 + (t[j++] - '0');
            if (b && j < e && t[j] == '}')
                j++;
            if (j != e || cap < 1 || cap > r->nelems) {
                snprintf(msg, msz, "'%.*s' in the name template: captures are $1..$%d",
                         (int)(e - i), t + i, r->nelems);
                return -1;
            }
        }
        r->cond[r->ncond].cap = cap;
        r->cond[r->ncond].off = (unsigned short)i;
        r->cond[r->ncond].len = (unsigned short)(e - i);
        r->ncond++;
        i = e;
    }
    if (!r->ncond) {
        snprintf(msg, msz, "empty name template");
        return -1;
    }
    return parse_kinds(rs, r->name_kinds, strlen(r->name_kinds), &r->cond_kinds,
                       &r->cond_set, msg, msz);
}

dg_status dg_ruleset_add(dg_ruleset *rs, dg_rule *r, char *msg, size_t msz,
                         unsigned *line, dg_rules_warn_fn warn, void *warn_ctx)
{
    pel el[DG_RULE_MAX_ELEMS];
    int nel = 0;
    msg[0] = '\0';
    *line = r->pattern_line;
    if (parse_pattern(rs, r->pattern, el, &nel, msg, msz) < 0) {
        dg_rule_free(r);
        return DG_ERR_DATA;
    }
    r->nelems = nel;
    *line = r->replace_line;
    int pr = parse_replace(r, msg, msz);
    if (pr < 0) {
        dg_rule_free(r);
        return pr == -2 ? DG_ERR_NOMEM : DG_ERR_DATA;
    }
    if (r->name_tmpl) {
        *line = r->name_line;
        if (parse_cond(rs, r, msg, msz) < 0) {
            dg_rule_free(r);
            return DG_ERR_DATA;
        }
    }
    if (rs->nrules == rs->cap_rules) {
        dg_rule **v = dg_grow(rs->rules, &rs->cap_rules, rs->nrules + 1, sizeof *v, 32);
        if (!v) {
            dg_rule_free(r);
            return DG_ERR_NOMEM;
        }
        rs->rules = v;
    }
    uint32_t ridx = (uint32_t)rs->nrules;
    rs->rules[rs->nrules++] = r;

    int nopt = 0;
    for (int i = 0; i < nel; i++)
        nopt += el[i].optional;
    for (unsigned mask = 0; mask < (1u << nopt); mask++) {
        /* A set bit drops that optional element from this path. */
        uint32_t node = 0;
        term t = {.rule = ridx};
        for (int i = 0, o = 0; i < nel; i++) {
            if (el[i].optional && (mask >> o++) & 1)
                continue;
            if (step(rs, node, &el[i], &node) < 0)
                return DG_ERR_NOMEM;
            t.elem[t.nsteps++] = (uint8_t)(i + 1);
            t.specificity += el[i].kind == EL_LIT || el[i].kind == EL_EXACT;
        }
        if (t.nsteps == 0)
            continue;
        tnode *nd = &rs->nodes[node];
        if (nd->term >= 0) {
            term *old = &rs->terms[nd->term];
            const dg_rule *o = rs->rules[old->rule];
            if (warn && o->group == r->group && old->rule != ridx) {
                char w[256];
                snprintf(w, sizeof w, "pattern of rule '%s' duplicates rule '%s' (line %u)%s",
                         r->id, o->id, o->line,
                         nopt ? " on one of its optional paths" : "");
                warn(r, r->pattern_line, w, warn_ctx);
            }
            /* The later rule wins, so a user file can override a
             * built-in rule by repeating its pattern. */
            *old = t;
            continue;
        }
        if (rs->nterms == rs->cap_terms) {
            term *v = dg_grow(rs->terms, &rs->cap_terms, rs->nterms + 1, sizeof *v, 32);
            if (!v)
                return DG_ERR_NOMEM;
            rs->terms = v;
        }
        rs->terms[rs->nterms] = t;
        nd->term = (int32_t)rs->nterms++;
    }
    return DG_OK;
}

size_t dg_rule_sample(const dg_ruleset *rs, const dg_rule *r, char *out, size_t cap)
{
    pel el[DG_RULE_MAX_ELEMS];
    int nel = 0;
    char msg[128];
    char *pat = strdup(r->pattern);
    if (!pat)
        return 0;
    size_t n = 0;
    int ok = parse_pattern((dg_ruleset *)rs, pat, el, &nel, msg, sizeof msg) == 0;
    for (int i = 0; ok && i < nel; i++) {
        const char *t = NULL;
        size_t tl = 0;
        switch (el[i].kind) {
        case EL_LIT: case EL_EXACT: t = el[i].text; tl = el[i].len; break;
        case EL_NUM: t = "2018"; break;
        case EL_CODE: t = "S10"; break;
        case EL_CAP: case EL_NAME: t = "Mary"; break;
        case EL_GAZ: t = el[i].gk & GK_POSS ? "North Korea's" : "North Korea"; break;
        case EL_LOWER: case EL_WORD: t = "word"; break;
        case EL_AMOUNT: t = "$13"; break;
        case EL_SAME:
            if (n == 0)
                ok = 0;
            else {
                /* The sample's last word again. */
                size_t b = n;
                while (b > 0 && out[b - 1] != ' ')
                    b--;
                t = out + b;
                tl = n - b;
                if (!tl || tl >= DG_RULE_MAX_TOKEN)
                    ok = 0;
            }
            break;
        case EL_SET: t = rs->set_sample[el[i].set]; break;
        case EL_START: continue;
        }
        if (!t)
            ok = 0;
        else {
            if (!tl)
                tl = strlen(t);
            if (n + tl + 2 > cap)
                ok = 0;
            else {
                if (n)
                    out[n++] = ' ';
                memcpy(out + n, t, tl);
                n += tl;
            }
        }
    }
    free(pat);
    if (!ok || !n)
        return 0;
    out[n] = '\0';
    return n;
}

/* ---- matching --------------------------------------------------------- */

typedef struct walk {
    const dg_ruleset *rs;
    const char *text;
    const dg_token *tok;
    size_t ntok;
    size_t first[DG_RULE_MAX_ELEMS], last[DG_RULE_MAX_ELEMS]; /* per step */
    dg_rule_match *best;
    int found;
    dg_rule_memo *memo;
} walk;

static int is_cap_word(const char *t, const dg_token *k)
{
    return k->kind == DG_TOKEN_WORD && dg_starts_upper(t + k->start, k->end - k->start);
}

/* A one-letter initial such as "J." counts as part of a name. */
static int is_initial(const char *t, const dg_token *k)
{
    return k->kind == DG_TOKEN_ABBREV && k->end - k->start == 2 &&
           t[k->start] >= 'A' && t[k->start] <= 'Z' && t[k->start + 1] == '.';
}

/* A currency sign: $ € £ ¥ and every other character of class Sc. */
static int is_currency(const char *t, const dg_token *k)
{
    uint32_t c;
    size_t n = k->end - k->start;
    if (k->kind != DG_TOKEN_PUNCT || !n)
        return 0;
    /* Of ASCII, only '$' is of class Sc. */
    if ((unsigned char)t[k->start] < 0x80)
        return n == 1 && t[k->start] == '$';
    size_t l = dg_utf8_decode((const unsigned char *)t + k->start, n, &c);
    return l == n && u_charType((UChar32)c) == U_CURRENCY_SYMBOL;
}

/* The name the words of tokens [a, b) make: their folded text, an 's of
 * the last one left out.  Tokens between are single spaces (a <NAME> run).
 * Returns the key's length, 0 when it does not fit. */
static size_t name_key(const char *t, const dg_token *tok, size_t a, size_t b,
                       char *key, size_t cap)
{
    size_t s = tok[a].start, e = tok[b - 1].stem_end;
    return e > s ? dg_fold(t + s, e - s, key, cap) : 0;
}

/* Whether the folded name key has kinds gk (every one) and is in names set
 * gset (GK_NOSET: none asked). */
static int name_kinds_ok(const dg_ruleset *rs, const char *key, size_t kl, unsigned gk,
                         unsigned gset)
{
    if (gset != GK_NOSET &&
        !(((uintptr_t)dg_strmap_get(rs->set_words, key, kl) >> gset) & 1))
        return 0;
    if (!(gk & GK_TABLE))
        return 1;
    const dg_name *nm = dg_nt_get(key, kl);
    if (!nm || nm->nwords == 0)
        return 0;
    const char *src = dg_name_source(nm);
    return (!(gk & GK_PLACE) || (nm->flags & DG_NAME_PLACE)) &&
           (!(gk & GK_COUNTRY) || (nm->flags & DG_NAME_COUNTRY)) &&
           (!(gk & GK_PERSON) || (nm->flags & DG_NAME_PERSONLIST)) &&
           (!(gk & GK_LANGUAGE) || strncmp(src, "iso639", 6) == 0) &&
           (!(gk & GK_CURRENCY) || strncmp(src, "iso4217", 7) == 0);
}

/* Token k ends in 's (or ’s): "Korea's", not the bare apostrophe of
 * "States'". */
static int ends_s_possessive(const char *t, const dg_token *k)
{
    return (k->flags & DG_TOKEN_POSSESSIVE) && k->end > k->stem_end &&
           (t[k->end - 1] == 's' || t[k->end - 1] == 'S') &&
           dg_apostrophe_len(t + k->stem_end, k->end - k->stem_end) == k->end - k->stem_end - 1;
}

/* A <NAME:...> candidate: tokens [a, b) make a name of the edge's kinds. */
static int gaz_match(const walk *w, const cedge *e, size_t a, size_t b)
{
    if ((e->gk & GK_POSS) && !ends_s_possessive(w->text, &w->tok[b - 1]))
        return 0;
    if (!(e->gk & GK_POSS) && (w->tok[b - 1].flags & DG_TOKEN_POSSESSIVE))
        return 0;
    char key[DG_GAZ_MAX_KEY];
    size_t kl = name_key(w->text, w->tok, a, b, key, sizeof key);
    return kl && name_kinds_ok(w->rs, key, kl, e->gk, e->gset);
}

/* What token k is to the class elements, as bits by element kind (see
 * class_match); the sets of EL_SET come from set_words instead. */
static unsigned tok_classes(const char *t, const dg_token *k)
{
    const char *s = t + k->start;
    size_t n = k->end - k->start;
    unsigned c = 0;
    switch (k->kind) {
    case DG_TOKEN_WORD:
        c |= 1u << EL_WORD | 1u << EL_SAME;
        /* An ASCII first byte is a capital, a small letter or neither,
         * as is_cap_word() and starts_lower() would find. */
        if (n && (unsigned char)s[0] < 0x80) {
            if (s[0] >= 'A' && s[0] <= 'Z')
                c |= 1u << EL_CAP | 1u << EL_NAME | 1u << EL_GAZ;
            else if (s[0] >= 'a' && s[0] <= 'z')
                c |= 1u << EL_LOWER;
            break;
        }
        if (is_cap_word(t, k))
            c |= 1u << EL_CAP | 1u << EL_NAME | 1u << EL_GAZ;
        if (starts_lower(s, n))
            c |= 1u << EL_LOWER;
        break;
    case DG_TOKEN_NUMBER:
        c |= 1u << EL_NUM | 1u << EL_AMOUNT;
        break;
    case DG_TOKEN_CODE:
        c |= 1u << EL_CODE;
        break;
    case DG_TOKEN_ABBREV:
        if (is_initial(t, k))
            c |= 1u << EL_NAME;
        break;
    case DG_TOKEN_PUNCT:
        if (is_currency(t, k))
            c |= 1u << EL_AMOUNT;
        break;
    default:
        break;
    }
    if (k->start == 0 || (k->flags & (DG_TOKEN_SENTENCE_START | DG_TOKEN_LINE_START)))
        c |= 1u << EL_START;
    return c;
}

/* Token j's tok_classes, made once per call when there is a memo. */
#define TC_DONE (1u << 15)
_Static_assert(EL_SAME < 15, "element kinds fit below TC_DONE");

static inline unsigned classes_of(const char *t, const dg_token *tok, size_t j,
                                  uint16_t *cache)
{
    if (!cache)
        return tok_classes(t, &tok[j]);
    if (!cache[j])
        cache[j] = (uint16_t)(tok_classes(t, &tok[j]) | TC_DONE);
    return cache[j];
}

static inline unsigned classes_at(const walk *w, size_t j)
{
    return classes_of(w->text, w->tok, j, w->memo ? w->memo->cls : NULL);
}

/* <AMOUNT>: a money amount: a currency sign and a number ("$13", "€ 5",
 * "$1.5 million"), or a number and a sign ("13 €").  Fills ends (token
 * after the amount), longest first; returns how many. */
static size_t amount_ends(const walk *w, size_t j, size_t *ends)
{
    const dg_token *t = w->tok;
    size_t p = j, n = 0;
    int sign = is_currency(w->text, &t[p]);
    if (sign) {
        p++;
        if (p < w->ntok && t[p].kind == DG_TOKEN_SPACE && t[p].end - t[p].start == 1)
            p++;
        if (p >= w->ntok || t[p].kind != DG_TOKEN_NUMBER)
            return 0;
    }
    /* p is the number. */
    size_t q = p + 1;
    if (!sign) {
        size_t r = q;
        if (r < w->ntok && t[r].kind == DG_TOKEN_SPACE && t[r].end - t[r].start == 1)
            r++;
        if (r >= w->ntok || !is_currency(w->text, &t[r]))
            return 0;
        ends[n++] = r + 1;
        return n;
    }
    if (q + 1 < w->ntok && t[q].kind == DG_TOKEN_SPACE && t[q].end - t[q].start == 1 &&
        t[q + 1].kind == DG_TOKEN_WORD) {
        static const char *const mult[] = {"thousand", "million", "billion", "trillion",
                                           "mln", "bln", "bn", "m", NULL};
        size_t ml = t[q + 1].end - t[q + 1].start;
        for (const char *const *m = mult; *m; m++)
            if (strlen(*m) == ml && memcmp(*m, w->text + t[q + 1].start, ml) == 0)
                ends[n++] = q + 2;
    }
    ends[n++] = q;
    return n;
}

/* True when token i is a capitalized word (or initial) joined to the
 * token at j by one space, j = i +- 2: a name run goes on past a capture. */
static int run_goes_on(const walk *w, size_t sp, size_t i)
{
    if (sp >= w->ntok || i >= w->ntok)
        return 0;
    const dg_token *k = &w->tok[sp];
    return k->kind == DG_TOKEN_SPACE && k->end - k->start == 1 &&
           w->text[k->start] == ' ' && (is_cap_word(w->text, &w->tok[i]) ||
                                         is_initial(w->text, &w->tok[i]));
}

/* Token i begins a sentence and is an ordinary word ("The", "In"): its
 * capital is the sentence's, not a name's. */
static int start_word(const walk *w, size_t i)
{
    const dg_token *k = &w->tok[i];
    if (!(k->start == 0 || (k->flags & (DG_TOKEN_SENTENCE_START | DG_TOKEN_LINE_START))))
        return 0;
    char f[DG_RULE_MAX_TOKEN];
    size_t fl = dg_fold(w->text + k->start, k->end - k->start, f, sizeof f);
    return fl && dg_nt_is_word(f, fl);
}

/* A rule's name condition on a candidate match: the text its template
 * makes of the captures is a name of its kinds, and each capture in it is
 * a whole run of capitalized words (so "bank of North Carolina" never
 * makes "North Bank" of a part of "North Carolina"). */
static int cond_ok(const walk *w, const dg_rule *r, const size_t *ef, const size_t *el)
{
    char key[DG_GAZ_MAX_KEY];
    size_t kl = 0;
    for (int i = 0; i < r->ncond; i++) {
        int c = r->cond[i].cap;
        char part[DG_GAZ_MAX_KEY];
        size_t pl;
        if (c) {
            if (!el[c])
                return 0;
            size_t a = ef[c], b = el[c];
            if ((a >= 2 && run_goes_on(w, a - 1, a - 2) && !start_word(w, a - 2)) ||
                run_goes_on(w, b, b + 1))
                return 0;
            pl = name_key(w->text, w->tok, a, b, part, sizeof part);
        } else {
            pl = dg_fold(r->name_tmpl + r->cond[i].off, r->cond[i].len, part, sizeof part);
        }
        if (!pl || kl + pl + 1 > sizeof key)
            return 0;
        if (kl)
            key[kl++] = ' ';
        memcpy(key + kl, part, pl);
        kl += pl;
    }
    return name_kinds_ok(w->rs, key, kl, r->cond_kinds,
                         r->cond_set < 0 ? GK_NOSET : (unsigned)r->cond_set);
}

static void consider(walk *w, const term *t, size_t depth)
{
    dg_rule_match *b = w->best;
    size_t end = w->last[depth - 1];
    const dg_rule *r = w->rs->rules[t->rule];
    if (r->ncond) {
        size_t ef[DG_RULE_MAX_ELEMS + 1] = {0}, el[DG_RULE_MAX_ELEMS + 1] = {0};
        for (size_t s = 0; s < depth; s++) {
            ef[t->elem[s]] = w->first[s];
            el[t->elem[s]] = w->last[s];
        }
        if (!cond_ok(w, r, ef, el))
            return;
    }
    /* Longest match, then the more literal pattern, then the rule loaded
     * first: the result never depends on trie layout. */
    if (w->found) {
        if (end != b->last) {
            if (end < b->last)
                return;
        } else if (t->specificity != b->specificity) {
            if (t->specificity < b->specificity)
                return;
        } else if (t->rule >= b->rule_index) {
            return;
        }
    }
    w->found = 1;
    b->rule = w->rs->rules[t->rule];
    b->rule_index = t->rule;
    b->first = w->first[0];
    b->last = end;
    b->specificity = t->specificity;
    for (int i = 0; i <= DG_RULE_MAX_ELEMS; i++)
        b->el_first[i] = b->el_last[i] = 0;
    for (size_t s = 0; s < depth; s++) {
        b->el_first[t->elem[s]] = w->first[s];
        b->el_last[t->elem[s]] = w->last[s];
    }
}

/* What a word type of the call is to the rules, looked up once: its
 * set_words value (set memberships, LIT_WORD), the number of its fold
 * among the literals' folds (NO_LID: none), and whether the root takes
 * it by its text. */
#define KNOWN_WORD 1u
#define KNOWN_ROOT 2u
#define ROOT_BY_TYPE 4u   /* the root takes it by text: a literal or a set */
#define NO_WORD 8u        /* KNOWN_WORD, and word is 0 */
/* The plan is for a plain lower-case token (plan_tc 0) and says no when
 * the next token is a plain lower-case word of another type that is
 * NO_WORD (dg_ruleset_find passes such pairs over). */
#define PLAIN_PAIR_NO 16u

#define PLAN_MAX 6
#define PLAN_FULL 0xff
#define PLAN_NONE 0xffff
#define PLAIN_ASK 2
#define PLAIN_LOWER (1u << EL_WORD | 1u << EL_SAME | 1u << EL_LOWER)

/* What the root's steps could do with a token: the nodes they lead to,
 * one token on (through a zero-width <START> too), each to be asked
 * whether the next token could go on (node_takes); n is PLAN_FULL when a
 * step cannot be judged so. */
typedef struct plan {
    uint32_t node[PLAN_MAX];
    /* What node_takes says for these nodes when the next token is of
     * another type, in no set and no literal: yes when one is a terminal
     * (term) or the token is of a class in kinds (PLAIN_ASK: ask each
     * node). */
    uint16_t kinds;
    unsigned char n, term;
} plan;

/* A plan for a token at a start, in the memo's small cache of them (by
 * type and classes): a start is taken by few word types, again and again
 * ("a", "the", "an" opening glosses). */
#define START_PLAN_BITS 8
#define START_PLANS (1u << START_PLAN_BITS)
struct dg_rule_splan {
    uint32_t ty1;          /* type + 1, 0: empty */
    uint16_t cls;
    plan plan;
};

struct dg_rule_tinfo {
    uintptr_t word;
    uint32_t lid;
    /* The plan (make_plan) for tokens of root classes plan_tc away from
     * a start (PLAN_NONE: none made yet); one at a start is made where it
     * is met, so that a word starting lines ("a", "the") does not
     * unmake the plan of its other tokens. */
    plan plan;
    uint16_t plan_tc;
    unsigned char known;
};

int dg_rule_memo_init(dg_rule_memo *memo, const uint32_t *type,
                      const struct dg_word_type *types, const char *type_text,
                      size_t ntypes, size_t ntok, dg_scratch *scratch)
{
    *memo = (dg_rule_memo){.type = type, .types = types, .type_text = type_text};
    if (!type || !ntypes) {
        memo->type = NULL;
        return 0;
    }
    if (!ntok)
        ntok = 1;
    /* ti first: its alignment is the stricter. */
    size_t ti_bytes = ntypes * sizeof *memo->ti;
    size_t cls_at = (ti_bytes + 15) & ~(size_t)15;
    size_t bytes = cls_at + ntok * sizeof *memo->cls;
    memo->splan = calloc(START_PLANS, sizeof *memo->splan);
    if (!memo->splan)
        return -1;
    if (scratch) {
        size_t have;
        void *b = dg_scratch_take(scratch, DG_SCRATCH_PASS, &have);
        if (have < bytes) {
            void *nb = realloc(b, bytes);
            if (!nb) {
                dg_scratch_keep(scratch, DG_SCRATCH_PASS, b, have);
                free(memo->splan);
                memo->splan = NULL;
                return -1;
            }
            b = nb;
            have = bytes;
        }
        memset(b, 0, bytes);
        memo->scratch = scratch;
        memo->block = b;
        memo->block_bytes = have;
    } else {
        memo->block = calloc(1, bytes);
        if (!memo->block) {
            free(memo->splan);
            memo->splan = NULL;
            return -1;
        }
    }
    memo->ti = memo->block;
    memo->cls = (uint16_t *)((char *)memo->block + cls_at);
    return 0;
}

void dg_rule_memo_free(dg_rule_memo *memo)
{
    if (memo->scratch)
        dg_scratch_keep(memo->scratch, DG_SCRATCH_PASS, memo->block, memo->block_bytes);
    else
        free(memo->block);
    free(memo->splan);
    memo->ti = NULL;
    memo->cls = NULL;
    memo->splan = NULL;
    memo->block = NULL;
    memo->scratch = NULL;
}

/* Type ty's tinfo, token bytes s[0, n) one of its tokens.  (A token
 * may_be_word rules out is in no set and no literal: the lookup would
 * find nothing, as the prefilter says.) */
static inline const struct dg_rule_tinfo *type_info(const dg_ruleset *rs,
                                                    const dg_rule_memo *mm, uint32_t ty,
                                                    const char *s, size_t n)
{
    struct dg_rule_tinfo *ti = &mm->ti[ty];
    if (!(ti->known & KNOWN_WORD)) {
        const dg_word_type *wt = &mm->types[ty];
        const char *f = mm->type_text + wt->off;
        ti->word = may_be_word(rs, s, n)
                       ? (uintptr_t)dg_strmap_get_h(rs->set_words, f, wt->len, wt->hash)
                       : 0;
        uintptr_t v = ti->word & LIT_WORD
                          ? (uintptr_t)dg_strmap_get_h(rs->lit_ids, f, wt->len, wt->hash)
                          : 0;
        ti->lid = v ? (uint32_t)(v - 1) : NO_LID;
        ti->known |= KNOWN_WORD | (ti->word ? 0 : NO_WORD);
    }
    return ti;
}

/* Whether an =exact step from node might take a token whose fold has
 * literal number lid (unfolded: the token has no fold). */
static inline int exact_may_take(const dg_ruleset *rs, const tnode *nd, uint32_t node,
                                 uint32_t lid, int unfolded)
{
    return (nd->has_lit & LIT_EXACT) &&
           (unfolded || rs->unfolded_exact ||
            (lid != NO_LID && lit_find(rs, node, lid | EXACT_LID)));
}

/* Whether node's literal steps could take a token of n bytes whose type's
 * tinfo is ti: a folded step on its text, or an =exact step with its
 * fold.  False rules them out; true says the folded step exists or an
 * exact one may. */
static inline int lits_may_take(const dg_ruleset *rs, const tnode *nd, uint32_t node,
                                const struct dg_rule_tinfo *ti, size_t n)
{
    if (!nd->has_lit || n >= DG_RULE_MAX_TOKEN)
        return 0;
    if ((nd->has_lit & LIT_FOLDED) && ti->lid != NO_LID && lit_find(rs, node, ti->lid))
        return 1;
    return exact_may_take(rs, nd, node, ti->lid, 0);
}

/* The token a step reads from pos on (past spaces), with what the memo
 * knows of it; ok is 0 when there is none (the end, a line break,
 * invalid bytes). */
typedef struct nexttok {
    int ok;
    size_t j;
    const dg_token *k;
    uint32_t ty;
    const struct dg_rule_tinfo *ti;   /* ty != DG_NO_TYPE */
} nexttok;

static inline __attribute__((always_inline)) void next_at(const walk *w, size_t pos,
                                                          nexttok *x)
{
    size_t j = pos;
    while (j < w->ntok && w->tok[j].kind == DG_TOKEN_SPACE)
        j++;
    x->ok = 0;
    if (j >= w->ntok)
        return;
    const dg_token *k = &w->tok[j];
    if (k->kind == DG_TOKEN_NEWLINE || k->kind == DG_TOKEN_INVALID)
        return;
    x->ok = 1;
    x->j = j;
    x->k = k;
    x->ty = w->memo ? w->memo->type[j] : DG_NO_TYPE;
    if (x->ty != DG_NO_TYPE)
        x->ti = type_info(w->rs, w->memo, x->ty, w->text + k->start, k->end - k->start);
}

/* False when descend(w, child, ...) after a one-token step on token prev
 * could do nothing, x the token the child would read: the child is no
 * terminal, and x is taken by none of its literal steps, is in no set a
 * step asks for and of no class an edge of it asks for - for a child
 * whose only steps are <SAME>, not prev's word again.  Saves the walk
 * into "the" + <CAP> or "of" + <SAME> at most function words.  True says
 * nothing. */
static int node_takes(const walk *w, uint32_t child, const nexttok *x, size_t prev)
{
    const tnode *cn = &w->rs->nodes[child];
    if (cn->term >= 0)
        return 1;
    if ((!cn->cedges && !cn->has_lit) || !x->ok)
        return 0;
    const dg_token *k = x->k;
    size_t n = k->end - k->start;
    if (x->ty == DG_NO_TYPE) {
        if (cn->has_lit || cn->csets)
            return 1;
    } else if (lits_may_take(w->rs, cn, child, x->ti, n) || (x->ti->word & cn->csets)) {
        return 1;
    }
    if (cn->ckinds != 1u << EL_SAME)
        return (classes_at(w, x->j) & cn->ckinds) != 0;
    /* descend()'s <SAME> test (a word's classes have EL_SAME). */
    if (k->kind != DG_TOKEN_WORD)
        return 0;
    const dg_token *pv = &w->tok[prev];
    const char *s = w->text + k->start;
    size_t pn = pv->end - pv->start;
    return pn == n && n && memcmp(w->text + pv->start + 1, s + 1, n - 1) == 0 &&
           (w->text[pv->start] | 0x20) == (s[0] | 0x20) &&
           dg_ascii_alpha((unsigned char)s[0]);
}

static void descend(walk *w, uint32_t node, size_t pos, size_t depth)
{
    const tnode *nd = &w->rs->nodes[node];
    if (nd->term >= 0 && depth > 0)
        consider(w, &w->rs->terms[nd->term], depth);
    if (depth == DG_RULE_MAX_ELEMS || (!nd->has_lit && !nd->cedges))
        return;
    size_t j = pos;
    /* Spaces between elements are skipped; a line break never is. */
    if (depth > 0)
        while (j < w->ntok && w->tok[j].kind == DG_TOKEN_SPACE)
            j++;
    if (j >= w->ntok)
        return;
    const dg_token *k = &w->tok[j];
    if (k->kind == DG_TOKEN_SPACE || k->kind == DG_TOKEN_NEWLINE ||
        k->kind == DG_TOKEN_INVALID)
        return;
    const char *s = w->text + k->start;
    size_t n = k->end - k->start;
    w->first[depth] = j;
    w->last[depth] = j + 1;

    /* The token's set_words value and literal number: from the memo once
     * per word type, else from one fold and two lookups here. */
    uintptr_t word = 0;
    uint32_t lid = NO_LID;
    int unfolded = 0;
    nexttok nt;            /* token j + 1 on, made when first asked */
    int have_nt = 0;
    const dg_rule_memo *mm = w->memo;
    uint32_t ty = mm ? mm->type[j] : DG_NO_TYPE;
    if (ty != DG_NO_TYPE) {
        const struct dg_rule_tinfo *ti = type_info(w->rs, mm, ty, s, n);
        word = ti->word;
        lid = ti->lid;
    } else if (may_be_word(w->rs, s, n)) {
        char f[DG_RULE_MAX_TOKEN];
        size_t fl = dg_fold(s, n, f, sizeof f);
        uint64_t fh = fl ? dg_hash_bytes(f, fl) : 0;
        word = fl ? (uintptr_t)dg_strmap_get_h(w->rs->set_words, f, fl, fh) : 0;
        uintptr_t v = word & LIT_WORD
                          ? (uintptr_t)dg_strmap_get_h(w->rs->lit_ids, f, fl, fh) : 0;
        lid = v ? (uint32_t)(v - 1) : NO_LID;
        unfolded = !fl;
    }
    int lit = (nd->has_lit & LIT_FOLDED) && lid != NO_LID;
    int exact = exact_may_take(w->rs, nd, node, lid, unfolded);
    if ((lit || exact) && n < DG_RULE_MAX_TOKEN) {
        uint32_t c = lit ? lit_find(w->rs, node, lid) : 0;
        if (c && (next_at(w, j + 1, &nt), have_nt = 1, node_takes(w, c - 1, &nt, j)))
            descend(w, c - 1, j + 1, depth + 1);
        uintptr_t x = 0;
        if (exact) {
            char key[DG_RULE_MAX_TOKEN + 8];
            size_t kl = exact_key(key, node, s, n);
            x = (uintptr_t)dg_strmap_get_h(w->rs->lit, key, kl,
                                           exact_hash(node, dg_hash_bytes(s, n)));
        }
        if (x) {
            w->first[depth] = j;
            w->last[depth] = j + 1;
            descend(w, (uint32_t)(x - 1), j + 1, depth + 1);
        }
    }
    /* Most tokens are of no class an edge here asks for. */
    unsigned tc = nd->ckinds ? classes_at(w, j) : 0;
    uint32_t first_edge = (tc & nd->ckinds) || (word & nd->csets) ? nd->cedges : 0;
    for (uint32_t e = first_edge; e; e = w->rs->edges[e].next) {
        const cedge *ce = &w->rs->edges[e];
        if (ce->kind == EL_SET ? !((word >> ce->set) & 1) : !((tc >> ce->kind) & 1))
            continue;
        if (ce->kind == EL_START) {
            /* Zero width: the next element starts at this token.  Never
             * captured (last 0 reads as "absent"). */
            w->first[depth] = j;
            w->last[depth] = 0;
            descend(w, ce->child, j, depth + 1);
            continue;
        }
        if (ce->kind == EL_SAME) {
            /* The previous element's word again, with the same bytes but
             * perhaps the case of its first letter ("The the"). */
            const dg_token *pv = &w->tok[w->first[depth - 1]];
            size_t pn = pv->end - pv->start;
            if (w->last[depth - 1] != w->first[depth - 1] + 1 || pn != n || !n ||
                memcmp(w->text + pv->start + 1, s + 1, n - 1) != 0 ||
                (w->text[pv->start] | 0x20) != (s[0] | 0x20) ||
                !dg_ascii_alpha((unsigned char)s[0]))
                continue;
            w->first[depth] = j;
            w->last[depth] = j + 1;
            descend(w, ce->child, j + 1, depth + 1);
            continue;
        }
        if (ce->kind == EL_AMOUNT) {
            size_t ends[4];
            size_t ne = amount_ends(w, j, ends);
            while (ne > 0) {
                w->first[depth] = j;
                w->last[depth] = ends[--ne];
                descend(w, ce->child, w->last[depth], depth + 1);
            }
            continue;
        }
        if (ce->kind != EL_NAME && ce->kind != EL_GAZ) {
            if (!have_nt) {
                next_at(w, j + 1, &nt);
                have_nt = 1;
            }
            if (!node_takes(w, ce->child, &nt, j))
                continue;
            w->first[depth] = j;
            w->last[depth] = j + 1;
            descend(w, ce->child, j + 1, depth + 1);
            continue;
        }
        /* <NAME>, <NAME:kind>: capitalized words joined by single spaces;
         * a possessive ends the name.  Longest first, then shorter ones, so that what
         * follows the name in the pattern can still match. */
        size_t ends[NAME_MAX_WORDS], ne = 0, p = j;
        for (;;) {
            ends[ne++] = p + 1;
            if (ne == NAME_MAX_WORDS || (w->tok[p].flags & DG_TOKEN_POSSESSIVE))
                break;
            if (p + 2 >= w->ntok)
                break;
            const dg_token *sp = &w->tok[p + 1];
            if (sp->kind != DG_TOKEN_SPACE || sp->end - sp->start != 1 ||
                w->text[sp->start] != ' ')
                break;
            const dg_token *nx = &w->tok[p + 2];
            if (!is_cap_word(w->text, nx) && !is_initial(w->text, nx))
                break;
            p += 2;
        }
        while (ne > 0) {
            size_t end = ends[--ne];
            if (ce->kind == EL_GAZ && !gaz_match(w, ce, j, end))
                continue;
            w->first[depth] = j;
            w->last[depth] = end;
            descend(w, ce->child, end, depth + 1);
        }
    }
}

/* A lower-case ASCII word away from a start has the classes tok_classes()
 * gives it (PLAIN_LOWER) without a look at its text. */

static inline int plain_lower(const walk *w, const dg_token *k)
{
    unsigned char c0 = (unsigned char)w->text[k->start];
    return k->kind == DG_TOKEN_WORD && c0 >= 'a' && c0 <= 'z' && k->start != 0 &&
           !(k->flags & (DG_TOKEN_SENTENCE_START | DG_TOKEN_LINE_START));
}

/* The root's edges (positions) of the sets ti's type is in. */
static uint32_t root_sets(const dg_ruleset *rs, const struct dg_rule_tinfo *ti)
{
    uint32_t edges = 0;
    for (uint64_t b = ti->word & rs->nodes[0].csets; b; b &= b - 1)
        edges |= rs->root_smask[__builtin_ctzll(b)];
    return edges;
}

/* The root's folded literal step on ti's type, + 1; 0: none. */
static uint32_t root_child(const dg_ruleset *rs, const struct dg_rule_tinfo *ti)
{
    return (rs->nodes[0].has_lit & LIT_FOLDED) && ti->lid != NO_LID
               ? lit_find(rs, 0, ti->lid) : 0;
}

/* The root's type facts of ti (a token of its type has bytes s[0, n)):
 * whether the root takes it by text (ROOT_BY_TYPE). */
static void root_facts(const dg_ruleset *rs, const dg_rule_memo *mm, uint32_t ty,
                       const char *s, size_t n)
{
    const tnode *nd = &rs->nodes[0];
    struct dg_rule_tinfo *ti = &mm->ti[ty];
    type_info(rs, mm, ty, s, n);
    ti->known |= KNOWN_ROOT;
    if ((ti->word & nd->csets) || root_child(rs, ti) || exact_may_take(rs, nd, 0, ti->lid, 0))
        ti->known |= ROOT_BY_TYPE;
    ti->plan_tc = PLAN_NONE;
}

static int plan_add(plan *pl, uint32_t node)
{
    if (pl->n == PLAN_MAX)
        return -1;
    pl->node[pl->n++] = node;
    return 0;
}

/* Adds to pl the nodes the steps from node (reached by the zero-width
 * <START>) lead to on a token of ti's type and classes tc; -1 when they
 * cannot be judged so (pl is then to be PLAN_FULL). */
static int plan_start(const dg_ruleset *rs, const struct dg_rule_tinfo *ti, uint32_t node,
                      unsigned tc, plan *pl)
{
    const tnode *nd = &rs->nodes[node];
    if (nd->term >= 0 || exact_may_take(rs, nd, node, ti->lid, 0))
        return -1;
    uint32_t c = (nd->has_lit & LIT_FOLDED) && ti->lid != NO_LID
                     ? lit_find(rs, node, ti->lid) : 0;
    if (c && plan_add(pl, c - 1) < 0)
        return -1;
    if (!(tc & nd->ckinds) && !(ti->word & nd->csets))
        return 0;
    for (uint32_t e = nd->cedges; e; e = rs->edges[e].next) {
        const cedge *ce = &rs->edges[e];
        if (ce->kind == EL_SET ? !((ti->word >> ce->set) & 1) : !((tc >> ce->kind) & 1))
            continue;
        if (ce->kind == EL_START || ce->kind == EL_SAME || ce->kind == EL_AMOUNT ||
            ce->kind == EL_NAME || ce->kind == EL_GAZ || plan_add(pl, ce->child) < 0)
            return -1;
    }
    return 0;
}

/* ti's plan for tokens of classes tc (at least the classes the root's
 * class edges ask for, all of them when tc has EL_START): the nodes one
 * token from the root, each to be asked whether the next token could go
 * on.  PLAN_FULL when a step cannot be judged so (=exact, <NAME>,
 * <AMOUNT>, <SAME>, too many). */
static void make_plan(const dg_ruleset *rs, const struct dg_rule_tinfo *ti, unsigned tc,
                      plan *pl)
{
    const tnode *nd = &rs->nodes[0];
    pl->n = 0;
    if (exact_may_take(rs, nd, 0, ti->lid, 0)) {
        pl->n = PLAN_FULL;
        return;
    }
    uint32_t c = root_child(rs, ti);
    if (c)
        pl->node[pl->n++] = c - 1;
    uint32_t edges = root_sets(rs, ti);
    for (unsigned k = tc & nd->ckinds; k; k &= k - 1)
        edges |= rs->root_kmask[__builtin_ctz(k)];
    for (; edges; edges &= edges - 1) {
        const cedge *ce = &rs->edges[rs->root_edge[__builtin_ctz(edges)]];
        int bad = ce->kind == EL_START ? plan_start(rs, ti, ce->child, tc, pl) < 0
                  : ce->kind == EL_SAME || ce->kind == EL_AMOUNT || ce->kind == EL_NAME ||
                        ce->kind == EL_GAZ || plan_add(pl, ce->child) < 0;
        if (bad) {
            pl->n = PLAN_FULL;
            return;
        }
    }
    /* node_takes on such a token: a terminal goes on; else no literal
     * or set step can take it (an =exact literal without a fold could),
     * only a class edge, and a <SAME>-only node wants the same type. */
    pl->term = rs->unfolded_exact ? PLAIN_ASK : 0;
    pl->kinds = 0;
    for (unsigned p = 0; p < pl->n && pl->term != PLAIN_ASK; p++) {
        const tnode *cn = &rs->nodes[pl->node[p]];
        if (cn->term >= 0)
            pl->term = 1;
        else if (cn->ckinds != 1u << EL_SAME)
            pl->kinds |= cn->ckinds;
    }
}

/* Whether the root's steps could take token j (of classes cls) at all: a
 * literal step on its text (or an =exact one that may be), or a class or
 * set edge whose child could go on (node_takes), from the per-type and
 * per-token memos alone.  Mirrors descend() at the root (and after a
 * <START> there); false rules the token out, true says nothing. */
static __attribute__((noinline)) int root_may_take(const walk *w, size_t j, unsigned cls)
{
    const dg_ruleset *rs = w->rs;
    const dg_rule_memo *mm = w->memo;
    const dg_token *k = &w->tok[j];
    uint32_t ty = mm->type[j];
    /* A literal is shorter than DG_RULE_MAX_TOKEN, but a longer token
     * may share its fold: the plan assumes the literal step applies. */
    if (ty == DG_NO_TYPE || rs->nroot_edges > ROOT_EDGES ||
        k->end - k->start >= DG_RULE_MAX_TOKEN)
        return 1;
    struct dg_rule_tinfo *ti = &mm->ti[ty];
    unsigned tc = cls & rs->nodes[0].ckinds;
    if (!(ti->known & KNOWN_ROOT)) {
        root_facts(rs, mm, ty, w->text + k->start, k->end - k->start);
        /* may_start's test, now that the type is known. */
        if (!tc && !(ti->known & ROOT_BY_TYPE))
            return 0;
    }
    const plan *pl = &ti->plan;
    if (tc & (1u << EL_START)) {
        struct dg_rule_splan *sp = &mm->splan[((ty ^ cls << 16) * 0x9E3779B1u) >> (32 - START_PLAN_BITS)];
        if (sp->ty1 != ty + 1 || sp->cls != cls) {
            make_plan(rs, ti, cls, &sp->plan);
            sp->ty1 = ty + 1;
            sp->cls = (uint16_t)cls;
        }
        pl = &sp->plan;
    } else if (ti->plan_tc != tc) {
        make_plan(rs, ti, tc, &ti->plan);
        ti->plan_tc = (uint16_t)tc;
        ti->known &= (unsigned char)~PLAIN_PAIR_NO;
        if (!tc && ti->plan.n != PLAN_FULL && ti->plan.term == 0 &&
            !(ti->plan.kinds & PLAIN_LOWER))
            ti->known |= PLAIN_PAIR_NO;
    }
    if (pl->n == PLAN_FULL)
        return 1;
    nexttok next;
    next_at(w, j + 1, &next);
    if (pl->term != PLAIN_ASK) {
        if (!next.ok || pl->term)
            return pl->term;
        if (next.ty != DG_NO_TYPE && next.ty != ty && !next.ti->word) {
            const dg_token *nk = next.k;
            unsigned char c0 = (unsigned char)w->text[nk->start];
            unsigned nc = nk->kind == DG_TOKEN_WORD && c0 >= 'a' && c0 <= 'z'
                              ? PLAIN_LOWER : classes_at(w, next.j);
            return (nc & pl->kinds) != 0;
        }
    }
    for (unsigned p = 0; p < pl->n; p++)
        if (node_takes(w, pl->node[p], &next, j))
            return 1;
    return 0;
}

static void walk_init(walk *w, const dg_ruleset *rs, const char *text, const dg_token *tok,
                      size_t ntok, dg_rule_match *m, dg_rule_memo *memo)
{
    /* first[] and last[] are written before they are read: not cleared. */
    w->rs = rs;
    w->text = text;
    w->tok = tok;
    w->ntok = ntok;
    w->best = m;
    w->found = 0;
    w->memo = memo && memo->type ? memo : NULL;
}

/* Token i can start a match: no space, line break or invalid bytes, and
 * (with a memo) not ruled out by root_may_take.  Most tokens are plain
 * lower-case words the root takes by no text of theirs: a few loads and
 * tests each. */
static inline __attribute__((always_inline)) int may_start(const walk *w, size_t i,
                                                            unsigned ck)
{
    const dg_token *k = &w->tok[i];
    if (k->kind == DG_TOKEN_SPACE || k->kind == DG_TOKEN_NEWLINE ||
        k->kind == DG_TOKEN_INVALID)
        return 0;
    if (!w->memo)
        return 1;
    unsigned cls = plain_lower(w, k) ? PLAIN_LOWER : classes_at(w, i);
    uint32_t ty = w->memo->type[i];
    if (!(cls & ck) && ty != DG_NO_TYPE &&
        (w->memo->ti[ty].known & (KNOWN_ROOT | ROOT_BY_TYPE)) == KNOWN_ROOT)
        return 0;
    return root_may_take(w, i, cls);
}

int dg_ruleset_match(const dg_ruleset *rs, const char *text, const dg_token *tok,
                     size_t ntok, size_t i, dg_rule_match *m, dg_rule_memo *memo)
{
    if (!rs || rs->nrules == 0 || i >= ntok)
        return 0;
    walk w;
    walk_init(&w, rs, text, tok, ntok, m, memo);
    /* Most tokens start no rule: ruled out before the walk. */
    if (w.memo && !may_start(&w, i, rs->nodes[0].ckinds))
        return 0;
    descend(&w, 0, i, 0);
    return w.found;
}

int dg_ruleset_find(const dg_ruleset *rs, const char *text, const dg_token *tok,
                    size_t ntok, size_t i, size_t to, dg_rule_match *m,
                    dg_rule_memo *memo)
{
    if (!rs || rs->nrules == 0)
        return 0;
    walk w;
    walk_init(&w, rs, text, tok, ntok, m, memo);
    /* The root's class kinds (ck) never change. */
    const unsigned ck = rs->nodes[0].ckinds;
    size_t end = to < ntok ? to : ntok;
    const uint32_t *type = w.memo ? w.memo->type : NULL;
    const struct dg_rule_tinfo *ti = type ? w.memo->ti : NULL;
    for (; i < end; i++) {
        /* may_start, in the order that passes over most tokens of prose
         * soonest: spaces; lower-case words inside a sentence (classes
         * PLAIN_LOWER) and ASCII marks other than '$' there (no classes),
         * whose type the root takes by no text (KNOWN_ROOT without
         * ROOT_BY_TYPE), after a load of the type's facts. */
        const dg_token *k = &tok[i];
        unsigned kind = k->kind;
        if (kind == DG_TOKEN_SPACE || kind == DG_TOKEN_NEWLINE || kind == DG_TOKEN_INVALID)
            continue;
        if (type) {
            unsigned char c0 = (unsigned char)text[k->start];
            int inside = k->start != 0 &&
                         !(k->flags & (DG_TOKEN_SENTENCE_START | DG_TOKEN_LINE_START));
            unsigned cls = kind == DG_TOKEN_WORD && c0 >= 'a' && c0 <= 'z' && inside
                               ? PLAIN_LOWER
                           : kind == DG_TOKEN_PUNCT && c0 < 0x80 && c0 != '$' && inside
                               ? 0 : classes_at(&w, i);
            uint32_t ty = type[i];
            if (!(cls & ck) && ty != DG_NO_TYPE) {
                unsigned known = ti[ty].known;
                if ((known & (KNOWN_ROOT | ROOT_BY_TYPE)) == KNOWN_ROOT)
                    continue;
                /* root_may_take's answer for a word its type's plan turns
                 * down before a plain lower-case word in no set and no
                 * literal ("the" before "cat"). */
                if ((known & PLAIN_PAIR_NO) && cls == PLAIN_LOWER &&
                    k->end - k->start < DG_RULE_MAX_TOKEN) {
                    size_t j = i + 1;
                    while (j < ntok && tok[j].kind == DG_TOKEN_SPACE)
                        j++;
                    uint32_t nt;
                    if (j < ntok && tok[j].kind == DG_TOKEN_WORD &&
                        (unsigned char)(text[tok[j].start] - 'a') <= 'z' - 'a' &&
                        (nt = type[j]) != DG_NO_TYPE && nt != ty && (ti[nt].known & NO_WORD))
                        continue;
                }
            }
            if (!root_may_take(&w, i, cls))
                continue;
        }
        descend(&w, 0, i, 0);
        if (w.found)
            return 1;
    }
    return 0;
}
