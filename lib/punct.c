/* punct.c - the punctuation and spacing stage.
 *
 * One forward pass over the tokens.  Every rule deletes or inserts a few
 * bytes of a span that the tokenizer already isolated (a SPACE token, one
 * stray bracket), so nothing around an edit can change.  Decisions that
 * need to see the rest of the line (is this bracket closed? does this line
 * look like a table?) are kept in a small fixed-size line state and settled
 * when the line ends, which keeps the pass single and allocation-free.
 *
 * Rules (ids are stable; tests/data/punct.tsv shows each one):
 *   punct.space-before       "PHOTO : A"      -> "PHOTO: A"
 *   punct.space-after-open   "( Reuters)"     -> "(Reuters)"
 *   punct.double-space       "two  words"     -> "two words"
 *   punct.join-abbrev        "the U. N. vote" -> "the U.N. vote"
 *   punct.code-stray-paren   "(6502.(T)."     -> "(6502.T)."
 */
#include "abbrev.h"
#include "stage.h"

#include <string.h>

/* Applied edits are sure; the doubtful ones stay below the engine's default
 * threshold (0.9) so that they are reported, not applied. */
#define CONF_SURE 0.95
#define CONF_SPACING 0.92
#define CONF_DOUBT 0.7
#define CONF_UNBALANCED 0.6

/* Longer space runs are alignment, not damage. */
#define MAX_STRAY_SPACES 3

/* Brackets and quotes open at once on one line; deeper nesting is treated as
 * unbalanced, which only lowers confidence. */
#define MAX_DEPTH 16

/* Double-space candidates remembered per line; beyond this the line is
 * column-like anyway. */
#define MAX_LINE_RUNS 8

/* Longest split abbreviation looked at, in letters ("U. S. S. R." is 4). */
#define MAX_ABBREV_UNITS 6

enum bracket {
    BR_NONE = 0,
    BR_PAREN,   /* ( ) */
    BR_SQUARE,  /* [ ] */
    BR_CURLY,   /* { } */
    BR_DQUOTE,  /* “ ” */
    BR_SQUOTE,  /* ‘ ’ */
    BR_GUILL    /* « » */
};

static const char *const bracket_open_name[] = {
    "", "(", "[", "{", "\xe2\x80\x9c", "\xe2\x80\x98", "\xc2\xab"};

typedef struct opener {
    enum bracket type;
    int symbol;              /* "({ or })": a bracket named, not used */
    int spaced;              /* a space follows it, stray or not */
    int has_edit;            /* a space after it waits for the verdict */
    size_t sp_start, sp_end; /* that space */
} opener;

typedef struct span {
    size_t start, end;
} span;

typedef struct line_state {
    opener stack[MAX_DEPTH];
    size_t depth;
    int overflow;            /* nesting beyond MAX_DEPTH: stop trusting it */
    span runs[MAX_LINE_RUNS];
    size_t nruns;            /* may exceed MAX_LINE_RUNS (only counted) */
    size_t nwords;
    int aligned;             /* a tab or a long run inside the line */
    int indented;            /* laid out by hand: "    Boston, MA  02110" */
} line_state;

typedef struct punct {
    const dg_doc *doc;
    const dg_abbrevs *abbrevs;
    line_state line;
    size_t skip_to;          /* bytes already consumed by join-abbrev */
    size_t closed_at;        /* token index + 1 of the last matched closer */
} punct;

/* ---- byte helpers ---------------------------------------------------- */

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
static int is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }

static size_t tok_len(const dg_token *t) { return t->end - t->start; }

static int tok_is(const dg_doc *d, const dg_token *t, const char *s)
{
    size_t n = strlen(s);
    return tok_len(t) == n && memcmp(d->text + t->start, s, n) == 0;
}

/* The single ASCII byte of a one-byte token, or 0. */
static unsigned char tok_byte(const dg_doc *d, const dg_token *t)
{
    return tok_len(t) == 1 ? (unsigned char)d->text[t->start] : 0;
}

/* A SPACE token made only of 1..max ASCII spaces.  Tabs and no-break spaces
 * are deliberate (alignment, French spacing) and never stray. */
static int is_stray_space(const dg_doc *d, const dg_token *t, size_t max)
{
    size_t n = tok_len(t);
    if (t->kind != DG_TOKEN_SPACE || n == 0 || n > max)
        return 0;
    for (size_t k = t->start; k < t->end; k++)
        if (d->text[k] != ' ')
            return 0;
    return 1;
}

static const dg_token *tok_at(const dg_doc *d, size_t i)
{
    return i < d->ntok ? &d->tok[i] : NULL;
}

static enum bracket opener_type(const dg_doc *d, const dg_token *t)
{
    if (t->kind != DG_TOKEN_PUNCT)
        return BR_NONE;
    switch (tok_byte(d, t)) {
    case '(': return BR_PAREN;
    case '[': return BR_SQUARE;
    case '{': return BR_CURLY;
    default: break;
    }
    if (tok_is(d, t, "\xe2\x80\x9c")) return BR_DQUOTE;
    if (tok_is(d, t, "\xe2\x80\x98")) return BR_SQUOTE;
    if (tok_is(d, t, "\xc2\xab")) return BR_GUILL;
    return BR_NONE;
}

static enum bracket closer_type(const dg_doc *d, const dg_token *t)
{
    if (t->kind != DG_TOKEN_PUNCT)
        return BR_NONE;
    switch (tok_byte(d, t)) {
    case ')': return BR_PAREN;
    case ']': return BR_SQUARE;
    case '}': return BR_CURLY;
    default: break;
    }
    if (tok_is(d, t, "\xe2\x80\x9d")) return BR_DQUOTE;
    if (tok_is(d, t, "\xe2\x80\x99")) return BR_SQUOTE;
    if (tok_is(d, t, "\xc2\xbb")) return BR_GUILL;
    return BR_NONE;
}

static int is_closing_quote(const dg_doc *d, const dg_token *t)
{
    enum bracket b = closer_type(d, t);
    if (b == BR_DQUOTE || b == BR_SQUOTE || b == BR_GUILL)
        return 1;
    /* A straight quote closes when it hangs on what is before it and
     * nothing word-like hangs on it after: 'said :"He' opens a quote. */
    unsigned char c = tok_byte(d, t);
    if ((c != '"' && c != '\'') || t->start == 0)
        return 0;
    unsigned char before = (unsigned char)d->text[t->start - 1];
    unsigned char after = t->end < d->len ? (unsigned char)d->text[t->end] : 0;
    return before != ' ' && before != '\t' && before != '\n' &&
           !is_alnum(after) && after < 0x80;
}

/* Every rule here only removes bytes the tokenizer isolated. */
#define DELETE(p, start, end, rule, conf, ...)                              \
    dg_edits_propose((p)->doc->edits, (start), (end), "", 0, DG_STAGE_PUNCT, \
                     (rule), (conf), __VA_ARGS__)

/* ---- the line state --------------------------------------------------- */

/* The innermost open bracket of type b on the line, or NULL. */
static const opener *stack_find(const line_state *ls, enum bracket b)
{
    for (size_t k = ls->depth; k > 0; k--)
        if (ls->stack[k - 1].type == b)
            return &ls->stack[k - 1];
    return NULL;
}

static int settle_opener(punct *p, const opener *o, int closed)
{
    if (!o->has_edit)
        return 0;
    const char *mark = bracket_open_name[o->type];
    if (closed)
        return DELETE(p, o->sp_start, o->sp_end, "punct.space-after-open",
                      CONF_SURE,
                      "space after opening '%s' whose closing mark follows "
                      "on the line", mark);
    return DELETE(p, o->sp_start, o->sp_end, "punct.space-after-open",
                  CONF_UNBALANCED,
                  "space after opening '%s' that is not closed on the line "
                  "(it may not be an opening mark)", mark);
}

/* A line is layout when it is indented, when multi-space gaps come every
 * few words (columns), or when it is hard-wrapped and so may be justified
 * ("is  available as a separate  package"): then the gaps are reported,
 * not removed.  wrapped: the next line goes on with text. */
static int settle_line(punct *p, int wrapped)
{
    line_state *ls = &p->line;
    int rc = 0;

    for (size_t k = 0; k < ls->depth; k++)
        rc |= settle_opener(p, &ls->stack[k], 0);

    if (!ls->aligned) {
        int layout = ls->indented || wrapped ||
                      (ls->nruns >= 2 && ls->nruns * 4 > ls->nwords);
        size_t n = ls->nruns < MAX_LINE_RUNS ? ls->nruns : MAX_LINE_RUNS;
        for (size_t k = 0; k < n; k++) {
            /* Keep the first space, delete the rest. */
            if (layout)
                rc |= DELETE(p, ls->runs[k].start + 1, ls->runs[k].end,
                             "punct.double-space", CONF_UNBALANCED,
                             "%zu spaces between words on an indented, "
                             "hard-wrapped or column-like line (may be "
                             "layout)",
                             ls->runs[k].end - ls->runs[k].start);
            else
                rc |= DELETE(p, ls->runs[k].start + 1, ls->runs[k].end,
                             "punct.double-space", CONF_SPACING,
                             "%zu spaces between two words inside a line",
                             ls->runs[k].end - ls->runs[k].start);
        }
    }
    memset(ls, 0, sizeof *ls);
    return rc;
}

/* ---- punct.space-before ----------------------------------------------- */

/* Marks that attach to the word before them. */
static int is_trailing_mark(unsigned char c)
{
    return c && strchr(",.;:)]}!?", c) != NULL;
}

/* What may follow such a mark for the space before it to be stray: the mark
 * must end something, or it is the start of .NET, :3, .5, :) ... */
static int mark_ends_here(const dg_doc *d, size_t mi, unsigned char mark)
{
    const dg_token *n = tok_at(d, mi + 1);
    if (!n || n->kind == DG_TOKEN_SPACE || n->kind == DG_TOKEN_NEWLINE)
        return 1;
    if (is_closing_quote(d, n))
        return 1;
    if (mark == ':' || mark == ';')
        return 0; /* :) ;) :] are faces */
    unsigned char c = tok_byte(d, n);
    if (mark == '.' && c == '.')
        return 0; /* an ellipsis typed as dots */
    return n->kind == DG_TOKEN_PUNCT && is_trailing_mark(c);
}

/* The space token si sits before a mark: may it go? */
static int space_before(punct *p, size_t si)
{
    const dg_doc *d = p->doc;
    const dg_token *sp = &d->tok[si];
    const dg_token *m = tok_at(d, si + 1);
    if (si == 0 || !m || m->kind != DG_TOKEN_PUNCT)
        return 0;
    unsigned char mark = tok_byte(d, m);
    if (!is_trailing_mark(mark) || !is_stray_space(d, sp, MAX_STRAY_SPACES))
        return 0;

    const dg_token *prev = &d->tok[si - 1];
    int after_word = prev->kind == DG_TOKEN_WORD ||
                     prev->kind == DG_TOKEN_NUMBER ||
                     prev->kind == DG_TOKEN_ABBREV;
    int after_closer = 0;
    if (!after_word && prev->kind == DG_TOKEN_PUNCT) {
        if (is_closing_quote(d, prev)) {
            after_closer = 1;
        } else if (p->closed_at == si) {
            /* A bracket that closes one opened on the line: "(Reuters) ,";
             * an unmatched ")" may be a face ":) ." - leave that. */
            after_closer = 1;
        }
    }
    if (!after_word && !after_closer)
        return 0;
    /* "$x :", "%s :", "\\&a }": a sigil before a word makes it code
     * ("$100 ," is money and goes on). */
    if (prev->kind == DG_TOKEN_WORD && prev->start > 0 &&
        d->text[prev->start - 1] != 0 &&
        strchr("$%@\\&*=<>|^~`_", d->text[prev->start - 1]))
        return 0;
    if (!mark_ends_here(d, si + 1, mark))
        return 0;
    /* ". . ." is an ellipsis typed with spaces. */
    if (mark == '.') {
        const dg_token *a = tok_at(d, si + 2);
        const dg_token *b = tok_at(d, si + 3);
        if (a && a->kind == DG_TOKEN_SPACE && b && tok_byte(d, b) == '.')
            return 0;
    }
    /* "U.S. ." would become "U.S.."; "ends with a dot" is already there. */
    if (mark == '.' && d->text[prev->end - 1] == '.')
        return 0;
    /* "short : long :: long : whole" is notation: spaced colons in a
     * chain, one word apart. */
    if (mark == ':') {
        const dg_token *a = tok_at(d, si + 4);
        const dg_token *b = tok_at(d, si + 5);
        if (a && a->kind == DG_TOKEN_SPACE && b && b->kind == DG_TOKEN_PUNCT &&
            d->text[b->start] == ':')
            return 0;
        if (si >= 3 && d->tok[si - 2].kind == DG_TOKEN_SPACE &&
            d->tok[si - 3].kind == DG_TOKEN_PUNCT &&
            d->text[d->tok[si - 3].end - 1] == ':')
            return 0;
    }
    /* "3 : 1", "10 : 30", "4 . 5", "1 , 300": spaced figures may be a ratio
     * or a score, or a broken number we cannot rebuild: leave them. */
    if (prev->kind == DG_TOKEN_NUMBER && (mark == ':' || mark == '.' ||
                                          mark == ',')) {
        const dg_token *a = tok_at(d, si + 2);
        const dg_token *b = tok_at(d, si + 3);
        if (a && a->kind == DG_TOKEN_SPACE && b &&
            is_digit((unsigned char)d->text[b->start]))
            return 0;
    }

    enum bracket cl = closer_type(d, m);
    const opener *o = cl != BR_NONE ? stack_find(&p->line, cl) : NULL;
    if (o && o->symbol)
        return 0;
    /* "[ 693418 ]", "{ $var }": square and curly brackets spaced on both
     * sides are a code or template style; "( Reuters )" is damage. */
    if (o && o->spaced && (cl == BR_SQUARE || cl == BR_CURLY))
        return 0;
    if (cl != BR_NONE && !o)
        return DELETE(p, sp->start, sp->end, "punct.space-before",
                      CONF_UNBALANCED,
                      "space before '%c' with no opening bracket on the line "
                      "(it may be a list marker)", mark);
    return DELETE(p, sp->start, sp->end, "punct.space-before", CONF_SURE,
                  "space before '%c': the mark attaches to the word before "
                  "it", mark);
}

/* ---- punct.space-after-open ------------------------------------------- */

static void push_opener(punct *p, size_t oi, enum bracket type)
{
    const dg_doc *d = p->doc;
    line_state *ls = &p->line;
    opener o = {type, 0, 0, 0, 0, 0};

    const dg_token *sp = tok_at(d, oi + 1);
    const dg_token *w = tok_at(d, oi + 2);
    const dg_token *before = oi > 0 ? &d->tok[oi - 1] : NULL;
    /* An opener starts something: at line start, after a space, a dash or
     * an opening quote.  "f( x)", "word‘ s" and the face ":-( " are
     * something else, and "({ or })" names the brackets. */
    enum bracket bt = before ? opener_type(d, before) : BR_NONE;
    o.symbol = bt == BR_PAREN || bt == BR_SQUARE || bt == BR_CURLY;
    int starts = !before || before->kind == DG_TOKEN_SPACE ||
                 before->kind == DG_TOKEN_NEWLINE ||
                 bt == BR_DQUOTE || bt == BR_SQUOTE || bt == BR_GUILL ||
                 tok_is(d, before, "\xe2\x80\x94") ||
                 tok_is(d, before, "\xe2\x80\x93");
    o.spaced = sp && sp->kind == DG_TOKEN_SPACE;
    if (starts && sp && w && is_stray_space(d, sp, MAX_STRAY_SPACES) &&
        (w->kind == DG_TOKEN_WORD || w->kind == DG_TOKEN_NUMBER ||
         w->kind == DG_TOKEN_ABBREV)) {
        o.has_edit = 1;
        o.sp_start = sp->start;
        o.sp_end = sp->end;
    }
    if (ls->depth == MAX_DEPTH) {
        ls->overflow = 1;
        return;
    }
    ls->stack[ls->depth++] = o;
}

/* A closing mark settles the innermost opener of its type; openers above it
 * were left open, so their verdict is "unbalanced". */
static int pop_closer(punct *p, size_t ci, enum bracket type)
{
    const dg_doc *d = p->doc;
    line_state *ls = &p->line;
    int rc = 0;
    if (ls->overflow)
        return 0;
    size_t k = ls->depth;
    while (k > 0 && ls->stack[k - 1].type != type)
        k--;
    if (k == 0)
        return 0; /* an apostrophe, or a closer opened on another line */
    for (size_t j = ls->depth; j > k; j--)
        rc |= settle_opener(p, &ls->stack[j - 1], 0);
    /* "{ return 0; }", "[ 693418 ]": see space_before. */
    size_t at = d->tok[ci].start;
    int symmetric = (type == BR_CURLY || type == BR_SQUARE) && at > 0 &&
                    d->text[at - 1] == ' ';
    rc |= settle_opener(p, &ls->stack[k - 1], !symmetric);
    ls->depth = k - 1;
    p->closed_at = ci + 1;
    return rc;
}

/* ---- punct.double-space ----------------------------------------------- */

static int is_wordish(const dg_token *t)
{
    return t && (t->kind == DG_TOKEN_WORD || t->kind == DG_TOKEN_NUMBER ||
                 t->kind == DG_TOKEN_ABBREV || t->kind == DG_TOKEN_CODE);
}

static void note_space(punct *p, size_t si)
{
    const dg_doc *d = p->doc;
    const dg_token *sp = &d->tok[si];
    const dg_token *prev = si > 0 ? &d->tok[si - 1] : NULL;
    const dg_token *next = tok_at(d, si + 1);
    line_state *ls = &p->line;

    /* Indentation and trailing space are layout. */
    if (!prev || prev->kind == DG_TOKEN_NEWLINE) {
        ls->indented = 1;
        return;
    }
    if (!next || next->kind == DG_TOKEN_NEWLINE)
        return;
    if (memchr(d->text + sp->start, '\t', tok_len(sp)) ||
        tok_len(sp) > MAX_STRAY_SPACES) {
        ls->aligned = 1;
        return;
    }
    if (tok_len(sp) < 2 || !is_stray_space(d, sp, MAX_STRAY_SPACES))
        return;
    /* After a comma or semicolon two spaces are never a convention. */
    int after_comma = prev->kind == DG_TOKEN_PUNCT &&
                      (tok_byte(d, prev) == ',' || tok_byte(d, prev) == ';');
    if ((!is_wordish(prev) && !after_comma) || !is_wordish(next))
        return;
    /* Two spaces after a sentence are a typing convention. */
    if (d->text[prev->end - 1] == '.')
        return;
    if (ls->nruns < MAX_LINE_RUNS)
        ls->runs[ls->nruns] = (span){sp->start, sp->end};
    ls->nruns++;
}

/* ---- punct.join-abbrev ------------------------------------------------ */

static int is_article(const dg_doc *d, const dg_token *t)
{
    static const char *const art[] = {"the", "The", "THE", "a", "A", "an",
                                      "An", NULL};
    if (!t || t->kind != DG_TOKEN_WORD)
        return 0;
    for (size_t k = 0; art[k]; k++)
        if (tok_is(d, t, art[k]))
            return 1;
    return 0;
}

/* Tokens covering [start, end) are plain words, dots and spaces. */
static int span_is_plain(const dg_doc *d, size_t i, size_t end)
{
    for (; i < d->ntok && d->tok[i].start < end; i++) {
        dg_token_kind k = d->tok[i].kind;
        if (k != DG_TOKEN_WORD && k != DG_TOKEN_ABBREV &&
            k != DG_TOKEN_PUNCT && k != DG_TOKEN_SPACE)
            return 0;
    }
    return 1;
}

/* Looks for "X. Y." at token i (a letter, a dot, spaces, a letter, a dot...)
 * whose joined form is a known proper abbreviation.  Returns -1 on memory
 * failure, else 0; sets p->skip_to past a joined span. */
static int join_abbrev(punct *p, size_t i)
{
    const dg_doc *d = p->doc;
    const char *s = d->text;
    size_t len = d->len;
    size_t at = d->tok[i].start;
    size_t letter[MAX_ABBREV_UNITS];
    size_t n = 0;

    if (!p->abbrevs || !is_alpha((unsigned char)s[at]))
        return 0;
    if (at > 0) {
        unsigned char b = (unsigned char)s[at - 1];
        if (is_alnum(b) || b == '.' || b >= 0x80 || b == '@' || b == '/' ||
            b == '-' || b == '_')
            return 0;
    }
    size_t k = at;
    while (n < MAX_ABBREV_UNITS && k + 1 < len &&
           is_alpha((unsigned char)s[k]) && s[k + 1] == '.') {
        letter[n++] = k;
        k += 2;
        size_t sp = 0;
        while (k < len && s[k] == ' ' && sp <= MAX_STRAY_SPACES)
            k++, sp++;
        if (sp > MAX_STRAY_SPACES)
            break;
    }
    /* The damage splits after the first letter ("U. N.", "U. S.A."); a
     * joined head with a spaced tail ("the U.S. A. Smith") is a name. */
    if (n < 2 || letter[1] == at + 2)
        return 0;

    for (size_t m = n; m >= 2; m--) {
        size_t end = letter[m - 1] + 2;
        if (end - at == 2 * m)
            continue; /* no space to remove: already joined */
        /* "U. S.A." must not be cut inside "S.A."; "U. N.x" is not it. */
        if (end < len && is_alnum((unsigned char)s[end]))
            continue;
        if (m < n && letter[m] == end)
            continue;
        char joined[2 * MAX_ABBREV_UNITS];
        for (size_t u = 0; u < m; u++) {
            joined[2 * u] = s[letter[u]];
            joined[2 * u + 1] = '.';
        }
        const dg_abbrev *ab = dg_abbrevs_find(p->abbrevs, joined, 2 * m);
        /* Common ones ("e. g.") and unknown ones (initials "J. R. R.") are
         * a legitimate style. */
        if (!ab || ab->kind != DG_ABBREV_PROPER)
            continue;
        if (!span_is_plain(d, i, end))
            return 0;

        /* Initials before a name look the same ("L. A. Smith"): a capital
         * word next is only sure after an article ("the U. S. Senate"). */
        double conf = CONF_SURE;
        size_t after = end;
        while (after < len && s[after] == ' ')
            after++;
        if (after > end && after < len && is_upper((unsigned char)s[after])) {
            const dg_token *before = NULL;
            if (i >= 2 && d->tok[i - 1].kind == DG_TOKEN_SPACE)
                before = &d->tok[i - 2];
            if (!is_article(d, before))
                conf = CONF_DOUBT;
        }

        int rc = 0;
        if (ab->len == 2 * m && memcmp(ab->form, joined, 2 * m) == 0) {
            /* Same letters and case: only the spaces go. */
            for (size_t u = 0; u + 1 < m; u++) {
                size_t gap = letter[u] + 2;
                if (gap < letter[u + 1])
                    rc |= dg_edits_propose(
                        d->edits, gap, letter[u + 1], "", 0, DG_STAGE_PUNCT,
                        "punct.join-abbrev", conf,
                        "'%.*s' split by spaces; '%s' is a proper "
                        "abbreviation (%s)",
                        (int)(end - at), s + at, ab->form,
                        ab->source ? ab->source : "abbreviations");
            }
        } else {
            rc = dg_edits_propose(d->edits, at, end, ab->form, ab->len,
                                  DG_STAGE_PUNCT, "punct.join-abbrev", conf,
                                  "'%.*s' split by spaces; '%s' is a proper "
                                  "abbreviation (%s)",
                                  (int)(end - at), s + at, ab->form,
                                  ab->source ? ab->source : "abbreviations");
        }
        p->skip_to = end;
        return rc;
    }
    return 0;
}

/* ---- punct.code-stray-paren ------------------------------------------- */

/* "(6502.(T)." : a bracketed instrument code (digits or capitals, a dot, an
 * exchange suffix of 1-2 capitals) with one stray "(" before the suffix.
 * The stray bracket leaves the line unbalanced, which is the evidence. */
static int code_stray_paren(punct *p, size_t i)
{
    const dg_doc *d = p->doc;
    const char *s = d->text;
    size_t len = d->len;
    size_t k = d->tok[i].start + 1;
    size_t body = k;

    while (k < len && k - body < 8 &&
           (is_digit((unsigned char)s[k]) || is_upper((unsigned char)s[k])))
        k++;
    if (k == body || k + 2 >= len || s[k] != '.' || s[k + 1] != '(')
        return 0;
    size_t stray = k + 1;
    k += 2;
    size_t ex = k;
    while (k < len && k - ex < 3 && is_upper((unsigned char)s[k]))
        k++;
    if (k == ex || k - ex > 2 || k >= len || s[k] != ')')
        return 0;
    k++;
    /* "(AAPL.(O))" is balanced as typed: something else went wrong there. */
    if (k < len && (s[k] == ')' || is_alnum((unsigned char)s[k])))
        return 0;
    for (size_t j = i; j < d->ntok && d->tok[j].start < k; j++)
        if (d->tok[j].kind == DG_TOKEN_URL || d->tok[j].kind == DG_TOKEN_EMAIL ||
            d->tok[j].kind == DG_TOKEN_INVALID)
            return 0;
    int rc = dg_edits_propose(d->edits, stray, stray + 1, "", 0,
                              DG_STAGE_PUNCT, "punct.code-stray-paren",
                              CONF_SURE,
                              "stray '(' inside the instrument code '%.*s' "
                              "(code, dot, exchange letters)",
                              (int)(k - d->tok[i].start), s + d->tok[i].start);
    p->skip_to = k;
    return rc;
}

/* ---- the pass --------------------------------------------------------- */

int dg_punct_propose(const dg_abbrevs *abbrevs, const dg_doc *doc)
{
    punct p;
    int rc = 0;

    memset(&p, 0, sizeof p);
    p.doc = doc;
    p.abbrevs = abbrevs;

    for (size_t i = 0; i < doc->ntok; i++) {
        const dg_token *t = &doc->tok[i];
        if (t->kind == DG_TOKEN_NEWLINE) {
            const dg_token *n = tok_at(doc, i + 1);
            const dg_token *n2 = tok_at(doc, i + 2);
            int wrapped = n && n->kind != DG_TOKEN_NEWLINE &&
                          !(n->kind == DG_TOKEN_SPACE &&
                            (!n2 || n2->kind == DG_TOKEN_NEWLINE));
            rc |= settle_line(&p, wrapped);
            continue;
        }
        if (t->start < p.skip_to)
            continue;
        switch (t->kind) {
        case DG_TOKEN_SPACE:
            rc |= space_before(&p, i);
            note_space(&p, i);
            break;
        case DG_TOKEN_PUNCT: {
            enum bracket b = opener_type(doc, t);
            if (b == BR_PAREN) {
                /* A repaired code closes its own bracket. */
                size_t before = p.skip_to;
                rc |= code_stray_paren(&p, i);
                if (p.skip_to != before)
                    break;
            }
            if (b != BR_NONE) {
                push_opener(&p, i, b);
                break;
            }
            b = closer_type(doc, t);
            if (b != BR_NONE)
                rc |= pop_closer(&p, i, b);
            break;
        }
        case DG_TOKEN_WORD:
        case DG_TOKEN_ABBREV:
            p.line.nwords++;
            rc |= join_abbrev(&p, i);
            break;
        case DG_TOKEN_NUMBER:
        case DG_TOKEN_CODE:
            p.line.nwords++;
            break;
        default:
            break;
        }
    }
    rc |= settle_line(&p, 0);
    return rc ? -1 : 0;
}
